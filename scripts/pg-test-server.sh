#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the store tests and print its DSN.
#
#   dsn=$(scripts/pg-test-server.sh)            # starts one; the DSN on stdout, the rest on stderr
#   ORBAT_TEST_PG=$dsn ORBAT_REQUIRE_PG=1 .venv/bin/pytest tests/test_store*.py
#   scripts/pg-test-server.sh stop "$dsn_dir"    # or: pg_ctl -D <dir>/data stop (the dir is printed on stderr)
#
# The server listens on 127.0.0.1 only, on a free port, with trust authentication: for tests, never for data.
# Postgres refuses to run as root, so as root it runs as the `postgres` OS user (runuser).
# PG_BIN overrides where the binaries are (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

pick_bin() {
    if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$d" ]; then
        echo "pg-test-server: no PostgreSQL binaries under /usr/lib/postgresql; install them (apt-get install postgresql) or set PG_BIN" >&2
        exit 2
    fi
    echo "$d"
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN=$(pick_bin)

if [ "${1:-}" = stop ]; then
    dir=${2:?usage: pg-test-server.sh stop DIR}
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >&2
    rm -rf "$dir"
    exit 0
fi

dir=$(mktemp -d /tmp/orbat-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }

echo "pg-test-server: running from $dir (stop: $0 stop $dir)" >&2
echo "postgresql://postgres@127.0.0.1:$port/postgres"
