#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml's ranges: requirements.lock (what the bot runs on,
# PostgreSQL driver included; the Dockerfile installs it) and requirements-test.lock (that plus the
# test extra; CI installs it). One file serves every Python pyproject allows (--universal: where one
# pin cannot serve 3.10 and 3.13, environment markers choose). Needs uv (`pip install uv`).
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
PY_MIN="$(sed -n 's/^requires-python *= *">=\([0-9.]*\)".*/\1/p' pyproject.toml)"
common=(pyproject.toml --universal --python-version "$PY_MIN" --quiet --custom-compile-command scripts/lock.sh)
"$UV" pip compile "${common[@]}" --extra postgres -o requirements.lock
"$UV" pip compile "${common[@]}" --extra postgres --extra test -o requirements-test.lock
