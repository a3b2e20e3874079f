#!/usr/bin/env bash
# A Docker engine on this machine, for building and running the images: installs Debian's docker.io,
# docker-compose and debootstrap when missing (as root) and starts dockerd when none answers. The
# engine leaves the host's firewall alone (--iptables=false): the images run with host networking
# and talk to 127.0.0.1 only, so no NAT or published port is needed.
set -euo pipefail
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
docker info >/dev/null 2>&1 && exit 0
log=${CARECOORD_DOCKERD_LOG:-/var/log/carecoord-dockerd.log}
setsid dockerd --iptables=false --ip6tables=false >>"$log" 2>&1 </dev/null &
for _ in $(seq 120); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd did not answer within 60 s; its log ($log):" >&2
tail -20 "$log" >&2
exit 1
