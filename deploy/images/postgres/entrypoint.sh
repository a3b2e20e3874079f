#!/bin/bash
# First start: initdb with POSTGRES_USER/POSTGRES_PASSWORD (password auth over TCP), then every
# /docker-entrypoint-initdb.d/*.sql on a server reachable only through its socket. Then the server.
set -euo pipefail
user=${POSTGRES_USER:-postgres}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -w -o "-c listen_addresses='' -k /tmp" start >/dev/null
  for script in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$script" ] && psql -q -v ON_ERROR_STOP=1 -h /tmp -U "$user" -d postgres -f "$script"
  done
  pg_ctl -w stop >/dev/null
fi
exec postgres -c listen_addresses="${POSTGRES_LISTEN_ADDRESSES:-*}" -k /tmp "$@"
