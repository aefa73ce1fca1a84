#!/usr/bin/env bash
# Every check and test of AssetDesk, the PostgreSQL ones included.
#
# Uses the server in $ASSETDESK_TEST_PG_URL when set; otherwise starts a throwaway PostgreSQL 15
# cluster (needs its server binaries and root, as on the project's Linux machines) and removes
# it afterwards. Extra arguments go to pytest (e.g. -k ledger, --full-trials).
set -euo pipefail
cd "$(dirname "$0")/.."

started_pg=0
if [ -z "${ASSETDESK_TEST_PG_URL:-}" ]; then
  if [ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ] && [ "$(id -u)" = 0 ]; then
    source .ci/pg.sh start
    started_pg=1
    trap '.ci/pg.sh stop' EXIT
  else
    echo "No PostgreSQL server: set ASSETDESK_TEST_PG_URL to run the PostgreSQL tests too." >&2
  fi
fi
export QT_QPA_PLATFORM=offscreen

echo "== ruff"
ruff check .
echo "== import layers"
lint-imports
echo "== message catalogue"
python tools/i18n.py check
echo "== tests"
python -m pytest "$@"
