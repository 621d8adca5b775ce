#!/usr/bin/env bash
# The production topology on one machine (docs/operations.md, "The local cluster"):
# a PostgreSQL primary and a streaming-replication standby made with pg_basebackup, two
# `tietolupa serve` instances, and HAProxy in front with health checks on /readyz.
#
#   deploy/local-cluster.sh start    start everything (demo data on first start), print the URLs
#   deploy/local-cluster.sh stop     stop everything cleanly (instances drain, databases fast-stop)
#   deploy/local-cluster.sh status   what is running
#   deploy/local-cluster.sh run      start, wait for Ctrl-C or SIGTERM, then stop (`just cluster`)
#
# Steps an operator (and the fault tests, tests/api/cluster.rs) take on a running cluster:
#   deploy/local-cluster.sh kill a|b                 SIGKILL an instance (a crash)
#   deploy/local-cluster.sh stop-instance a|b        SIGTERM it (it finishes in-flight requests)
#   deploy/local-cluster.sh start-instance a|b       start it again
#   deploy/local-cluster.sh stop-db primary|standby  fast-stop a database server
#   deploy/local-cluster.sh start-db primary|standby start it again
#   deploy/local-cluster.sh promote                  promote the standby to primary and restart
#                                                    the instances on it (no replica after)
#
# Everything lives under target/cluster (CLUSTER_DIR): data directories, logs, pid files.
# Ports (CLUSTER_*_PORT) are on 127.0.0.1 only. It uses the installed PostgreSQL server
# binaries (/usr/lib/postgresql/<newest>/bin) and Debian's haproxy. PostgreSQL refuses to run
# as root, so when run as root its processes run as the `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${CLUSTER_DIR:-$PWD/target/cluster}
PRIMARY_PORT=${CLUSTER_PRIMARY_PORT:-55432}
STANDBY_PORT=${CLUSTER_STANDBY_PORT:-55433}
A_PORT=${CLUSTER_A_PORT:-18081}
B_PORT=${CLUSTER_B_PORT:-18082}
LB_PORT=${CLUSTER_LB_PORT:-18080}
BIN=${CLUSTER_BIN:-$PWD/target/debug/tietolupa}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin}
DATABASE=tietolupa

log() { printf '==> %s\n' "$*" >&2; }

# PostgreSQL's own tools, as the postgres user when we are root.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_ctl() { as_postgres "$PG_BIN/pg_ctl" "$@"; }

wait_for() {
    local what=$1 url=$2 seconds=${3:-60}
    for _ in $(seq $((seconds * 5))); do
        if curl -sf -o /dev/null "$url"; then return 0; fi
        sleep 0.2
    done
    log "$what did not answer at $url within ${seconds}s"
    return 1
}

database_url() { echo "postgres://postgres@127.0.0.1:$1/$DATABASE"; }

# After `promote` the instances write to the former standby and have no replica; the choice
# is kept in the cluster directory so that a later start-instance repeats it.
current_primary_port() { cat "$DIR/primary-port" 2>/dev/null || echo "$PRIMARY_PORT"; }

start_primary() {
    if [ ! -f "$DIR/primary/PG_VERSION" ]; then
        log "initdb primary ($DIR/primary)"
        as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$DIR/logs/initdb.log"
        cat >>"$DIR/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$DIR/sockets'
wal_level = replica
max_wal_senders = 8
max_replication_slots = 4
hot_standby = on
max_connections = 200
fsync = on
EOF
    fi
    pg_ctl -D "$DIR/primary" -l "$DIR/logs/primary.log" -w start >/dev/null
    if ! as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
        as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres "$DATABASE"
    fi
}

start_standby() {
    if [ ! -f "$DIR/standby/PG_VERSION" ]; then
        log "pg_basebackup standby from the primary ($DIR/standby)"
        # -R writes standby.signal and primary_conninfo; -X stream copies the WAL it needs.
        as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
            -D "$DIR/standby" -R -X stream -c fast
        sed -i "s/^port = $PRIMARY_PORT$/port = $STANDBY_PORT/" "$DIR/standby/postgresql.conf"
    fi
    pg_ctl -D "$DIR/standby" -l "$DIR/logs/standby.log" -w start >/dev/null
}

start_instance() {
    local name=$1 port=$2
    log "tietolupa serve $name on 127.0.0.1:$port"
    (
        # The instances share the data directory (attachments, the dev secrets file), as
        # docs/operations.md asks of several instances.
        export TIETOLUPA_MODE=${TIETOLUPA_MODE:-dev}
        export TIETOLUPA_LISTEN=127.0.0.1:$port
        export TIETOLUPA_DATA_DIR=$DIR/data
        # HAProxy's X-Forwarded-For names the client (rate limits, audit addresses).
        export TIETOLUPA_TRUSTED_PROXIES=${TIETOLUPA_TRUSTED_PROXIES:-127.0.0.1}
        export TIETOLUPA_DATABASE_URL
        TIETOLUPA_DATABASE_URL=$(database_url "$(current_primary_port)")
        if [ "$(current_primary_port)" = "$PRIMARY_PORT" ]; then
            export TIETOLUPA_DATABASE_REPLICA_URL
            TIETOLUPA_DATABASE_REPLICA_URL=$(database_url "$STANDBY_PORT")
        fi
        exec "$BIN" serve
    ) >>"$DIR/logs/$name.log" 2>&1 &
    echo $! >"$DIR/$name.pid"
    wait_for "instance $name" "http://127.0.0.1:$port/readyz" 180
}

start_balancer() {
    cat >"$DIR/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A request that fails to connect is retried on another instance. So is a GET or HEAD
    # whose instance died before answering (layer-7 retry); a POST is never sent twice, as
    # it may have been carried out before the instance died.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend tietolupa
    bind 127.0.0.1:$LB_PORT
    default_backend instances
backend instances
    balance roundrobin
    http-request disable-l7-retry if !METH_GET
    option httpchk GET /readyz
    http-check expect status 200
    # A check may take up to 2 s (the default would be the 500 ms interval): /readyz asks the
    # primary and the replica, and a primary that just went down answers slowly once.
    timeout check 2s
    default-server inter 500ms fall 2 rise 2
    server a 127.0.0.1:$A_PORT check
    server b 127.0.0.1:$B_PORT check
EOF
    haproxy -c -q -f "$DIR/haproxy.cfg"
    haproxy -f "$DIR/haproxy.cfg" -p "$DIR/haproxy.pid" -D
    wait_for "haproxy" "http://127.0.0.1:$LB_PORT/readyz" 30
}

start() {
    mkdir -p "$DIR/logs" "$DIR/data" "$DIR/sockets"
    if [ "$(id -u)" = 0 ]; then chown postgres "$DIR" "$DIR/logs" "$DIR/sockets"; fi
    [ -x "$BIN" ] || { log "no server binary at $BIN (cargo build --bin tietolupa)"; exit 1; }
    if [ -f "$DIR/primary-port" ]; then
        # Starting the old primary beside the promoted standby would make two primaries.
        log "the standby in $DIR was promoted: remove $DIR to build a new cluster"
        exit 1
    fi
    start_primary
    start_standby
    log "tietolupa migrate"
    TIETOLUPA_MODE=${TIETOLUPA_MODE:-dev} TIETOLUPA_DATA_DIR=$DIR/data \
        TIETOLUPA_DATABASE_URL=$(database_url "$PRIMARY_PORT") "$BIN" migrate \
        >>"$DIR/logs/migrate.log" 2>&1
    # One at a time: the first seeds the demo data, the second finds it there.
    start_instance a "$A_PORT"
    start_instance b "$B_PORT"
    start_balancer
    cat <<EOF
Tietolupa cluster is up:
  load balancer   http://127.0.0.1:$LB_PORT
  instance a      http://127.0.0.1:$A_PORT
  instance b      http://127.0.0.1:$B_PORT
  primary         $(database_url "$PRIMARY_PORT")
  standby         $(database_url "$STANDBY_PORT")  (read-only replica)
  logs            $DIR/logs
EOF
}

stop_pid() {
    local file=$1 signal=${2:-TERM}
    [ -f "$file" ] || return 0
    local pid
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

stop() {
    stop_pid "$DIR/haproxy.pid"
    # SIGTERM: an instance stops accepting and lets in-flight requests finish.
    stop_pid "$DIR/a.pid"
    stop_pid "$DIR/b.pid"
    for db in standby primary; do
        if [ -f "$DIR/$db/postmaster.pid" ]; then
            pg_ctl -D "$DIR/$db" -m fast -w stop >/dev/null 2>&1 || true
        fi
    done
    log "cluster stopped"
}

instance_port() {
    case $1 in
    a) echo "$A_PORT" ;;
    b) echo "$B_PORT" ;;
    *) log "no instance '$1' (a or b)"; exit 2 ;;
    esac
}

database_dir() {
    case $1 in
    primary | standby) echo "$DIR/$1" ;;
    *) log "no database '$1' (primary or standby)"; exit 2 ;;
    esac
}

# The standby becomes the primary: it stops replaying and accepts writes. The instances are
# restarted one by one on it (SIGTERM lets their in-flight requests finish); the old primary
# must stay down, or be rebuilt as a standby of the new one, never started as a primary again.
promote() {
    log "promoting the standby"
    pg_ctl -D "$DIR/standby" -w promote >/dev/null
    echo "$STANDBY_PORT" >"$DIR/primary-port"
    for name in a b; do
        stop_pid "$DIR/$name.pid"
        start_instance "$name" "$(instance_port "$name")"
    done
    log "instances write to $(database_url "$STANDBY_PORT")"
}

status() {
    for name in haproxy a b; do
        if [ -f "$DIR/$name.pid" ] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
            echo "$name: running (pid $(cat "$DIR/$name.pid"))"
        else
            echo "$name: stopped"
        fi
    done
    for db in primary standby; do
        if [ -d "$DIR/$db" ] && pg_ctl -D "$DIR/$db" status >/dev/null 2>&1; then
            echo "$db: running"
        else
            echo "$db: stopped"
        fi
    done
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
kill) instance_port "${2:?instance}" >/dev/null && stop_pid "$DIR/$2.pid" KILL ;;
stop-instance) instance_port "${2:?instance}" >/dev/null && stop_pid "$DIR/$2.pid" ;;
start-instance) start_instance "${2:?instance}" "$(instance_port "$2")" ;;
stop-db) pg_ctl -D "$(database_dir "${2:?database}")" -m fast -w stop >/dev/null ;;
start-db)
    dir=$(database_dir "${2:?database}")
    pg_ctl -D "$dir" -l "$DIR/logs/$2.log" -w start >/dev/null
    ;;
promote) promote ;;
run)
    trap 'stop; exit 0' INT TERM
    if ! start; then stop; exit 1; fi
    echo "Ctrl-C stops the cluster."
    while true; do sleep 1; done
    ;;
*)
    echo "usage: $0 start|stop|status|run|kill X|start-instance X|stop-db D|start-db D|promote" >&2
    exit 2
    ;;
esac
