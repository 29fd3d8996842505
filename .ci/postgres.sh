#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: initdb in a temp dir, 127.0.0.1 on a free port, no password.
#
#   eval "$(.ci/postgres.sh start)"        # prints export lines: NEWSBOT_TEST_PG_URL, NEWSBOT_TEST_PG_DIR
#   .ci/postgres.sh stop "$NEWSBOT_TEST_PG_DIR"
#
# PostgreSQL refuses to run as root, so as root the server runs as an unprivileged user
# (postgres if it exists, else nobody). Binaries: $PG_BIN, else pg_config, else the newest
# /usr/lib/postgresql/*/bin.
set -euo pipefail

find_bin() {
    if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
    if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir; return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
    echo "postgres.sh: no PostgreSQL binaries found (set PG_BIN)" >&2
    exit 1
}

as_owner() {  # run a command as the server's user
    if [[ $(id -u) -eq 0 ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

pick_user() {
    if [[ $(id -u) -ne 0 ]]; then id -un; elif id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bin dir port
    bin=$(find_bin)
    PG_USER=$(pick_user)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/newsbot-pg.XXXXXX")
    trap 'rm -rf "$dir"' EXIT  # a failed start leaves nothing behind
    chmod 755 "$dir"
    mkdir "$dir/data" "$dir/run"
    [[ $(id -u) -eq 0 ]] && chown "$PG_USER" "$dir/data" "$dir/run"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U newsbot -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Speed over durability: the data lives as long as one test run.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/run/server.log" >&2; exit 1; }
    trap - EXIT
    echo "$bin" >"$dir/bin"
    echo "$PG_USER" >"$dir/user"
    echo "export NEWSBOT_TEST_PG_URL=postgresql://newsbot@127.0.0.1:$port/postgres"
    echo "export NEWSBOT_TEST_PG_DIR=$dir"
}

stop() {
    local dir=${1:?usage: postgres.sh stop DIR}
    [[ -f "$dir/bin" ]] || { echo "postgres.sh: $dir is not a server started by this script" >&2; exit 1; }
    PG_USER=$(cat "$dir/user")
    as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
