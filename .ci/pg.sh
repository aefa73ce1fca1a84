#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: `source .ci/pg.sh start` exports
# ASSETDESK_TEST_PG_URL; `.ci/pg.sh stop` removes it. Runs the server as the postgres user.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA_DIR=${ASSETDESK_PGDATA:-/tmp/assetdesk-pg}
PGPORT=${ASSETDESK_PGPORT:-55432}

start() {
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  chown postgres:postgres "$PGDATA_DIR"
  su postgres -s /bin/bash -c "$PGBIN/initdb -D '$PGDATA_DIR/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D '$PGDATA_DIR/data' -l '$PGDATA_DIR/log' -w \
    -o \"-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start >/dev/null"
  export ASSETDESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
  echo "PostgreSQL running: $ASSETDESK_TEST_PG_URL"
}

stop() {
  if [ -d "$PGDATA_DIR/data" ]; then
    su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D '$PGDATA_DIR/data' -m fast stop >/dev/null" || true
  fi
  rm -rf "$PGDATA_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
