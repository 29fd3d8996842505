#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL (NEWSBOT_TEST_PG_URL set for it); the server is stopped
# and its files removed afterwards, whatever the command's outcome. Exit status: the command's.
#   .ci/with-postgres.sh .venv/bin/python -m pytest -q
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exports=$("$here/postgres.sh" start)
eval "$exports"
trap '"$here/postgres.sh" stop "$NEWSBOT_TEST_PG_DIR"' EXIT
"$@"
