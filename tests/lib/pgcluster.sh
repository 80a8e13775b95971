#!/usr/bin/env bash
# tests/lib/pgcluster.sh — a throwaway PostgreSQL cluster for the tests:
# Debian's initdb in a temporary folder, a loopback port, trust
# authentication for the local user, C collation (text sorts by bytes, as
# in SQLite). Run as the `postgres` user when we are root (CI runs as root;
# initdb and postgres refuse it).
#   pgcluster.sh start DIR   creates and starts a cluster in DIR (removed
#                            first if present); prints its base URL
#                            (postgresql://cadre@127.0.0.1:PORT) on stdout
#   pgcluster.sh stop DIR    stops it and removes DIR
# Databases are then made with `createdb` through pgcluster.sh createdb:
#   pgcluster.sh createdb DIR NAME [TEMPLATE]
# and the migrated template the API tests copy (tests/api/harness.mjs):
#   pgcluster.sh template DIR CADRE_BIN
# For the failover test, a streaming standby of a running cluster and the
# ways to end a primary:
#   pgcluster.sh standby DIR PRIMARY_DIR   pg_basebackup -R, started; prints its URL
#   pgcluster.sh sync DIR                  makes commits wait for the standby
#   pgcluster.sh kill DIR                  SIGKILL to the postmaster
#   pgcluster.sh promote DIR               the standby becomes the primary
# Exits 2 when PostgreSQL is not installed (the caller skips its suites).
set -euo pipefail
cmd=${1:?start|stop|createdb}
dir=${2:?cluster folder}

pgbin=${PGBIN:-}
if [ -z "$pgbin" ]; then
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && pgbin=$d
    done
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    echo "pgcluster: PostgreSQL is not installed (Debian: apt-get install postgresql)" >&2
    exit 2
fi

# Run a server binary as postgres when root (chmod'ed so it can reach DIR).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$dir"
        # postgres must reach DIR through the folders above it (a mktemp -d is 0700).
        parent=$(dirname "$dir")
        chmod o+x "$parent" 2>/dev/null || true
    fi
    as_pg "$pgbin/initdb" -D "$dir/data" -U cadre --auth=trust --encoding=UTF8 --locale=C \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free loopback port: ask the kernel for one.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
log_min_messages = warning
CONF
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://cadre@127.0.0.1:$port" >"$dir/url"
    # The tests' files (keys, the template marker) are written by us, not postgres.
    [ "$(id -u)" -eq 0 ] && chown "$(id -u)" "$dir"
    cat "$dir/url"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_pg "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
createdb)
    name=${3:?database name}
    port=$(cat "$dir/port")
    if [ -n "${4:-}" ]; then
        "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U cadre -T "$4" "$name"
    else
        "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U cadre "$name"
    fi
    ;;
standby)
    primary=${3:?primary cluster folder}
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" -U cadre \
        -D "$dir/data" -R -X stream >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg sh -c "cat >>'$dir/data/postgresql.conf'" <<CONF
port = $port
unix_socket_directories = '$dir'
CONF
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://cadre@127.0.0.1:$port" >"$dir/url"
    [ "$(id -u)" -eq 0 ] && chown "$(id -u)" "$dir"
    cat "$dir/url"
    ;;
sync)
    as_pg sh -c "cat >>'$dir/data/postgresql.conf'" <<CONF
synchronous_commit = on
synchronous_standby_names = '*'
CONF
    as_pg "$pgbin/pg_ctl" -D "$dir/data" reload >/dev/null
    ;;
kill)
    kill -KILL "$(head -n 1 "$dir/data/postmaster.pid")"
    ;;
promote)
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -w promote >/dev/null
    ;;
template)
    bin=${3:?cadre binary}
    "$0" createdb "$dir" cadre_template
    CADRE_KEY="$dir/cadre_template.key" "$bin" --db "$(cat "$dir/url")/cadre_template" init >/dev/null
    touch "$dir/template"
    ;;
*)
    echo "pgcluster: unknown command $cmd" >&2
    exit 1
    ;;
esac
