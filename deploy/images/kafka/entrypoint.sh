#!/bin/bash
# Every KAFKA_<NAME> variable becomes the broker property <name>, as in the official apache/kafka image
# (`_` is `.`, `__` is `_`, `___` is `-`): KAFKA_NODE_ID=1 is node.id=1. The log dir is formatted with
# CLUSTER_ID on first start.
set -euo pipefail
conf=/var/lib/kafka/server.properties
: >"$conf"
while IFS= read -r name; do
  case "$name" in KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_HEALTH_PORT) continue ;; esac
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  printf '%s=%s\n' "${key//@/_}" "${!name}" >>"$conf"
done < <(compgen -e | grep '^KAFKA_')

java_cmd=(java $KAFKA_HEAP_OPTS ${KAFKA_OPTS:-} -XX:+UseG1GC -Djava.awt.headless=true
  -Dlog4j2.configurationFile=/opt/kafka/log4j2.xml -cp '/opt/kafka/lib/*')
if [ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]; then
  "${java_cmd[@]}" kafka.tools.StorageTool format --cluster-id "${CLUSTER_ID:?set CLUSTER_ID}" -c "$conf" >/dev/null
fi
exec "${java_cmd[@]}" kafka.Kafka "$conf"
