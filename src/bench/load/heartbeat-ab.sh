#!/usr/bin/env bash
# Heartbeats A/B: two packaged services, measured in turns (A B A B ...) on the same seeded database, so that the
# ratio of their rates comes from one session of a shared machine. See docs/benchmarks.md, "Heartbeats".
#
# Needs a database and a work folder left by run.sh with KEEP_WORK=1 (and heartbeats measured, so that
# swarm/heartbeats.txt holds each node's report), such as:
#   NODES=5000 PAIRS=5000 LEVELS="" HEARTBEAT_LEVELS=32 SKIP_TRACKER=1 KEEP_WORK=1 src/bench/load/run.sh
# Each turn starts one service on that database with every node online and the upkeep sweep off (it restores the swarm
# and its live allocations; node tokens stay valid, their key is in the database), sends HEARTBEAT_WARMUP of heartbeats, then measures DURATION at CONNECTIONS
# with heartbeat.lua (every heartbeat carries its node's token and full report) and the service's CPU time, and stops
# it.
#
# Settings (environment): WORK (the kept work folder, required), APPS ("A=path B=path": folders holding
# quarkus-run.jar), ROUNDS (2), CONNECTIONS (32), DURATION (30s), HEARTBEAT_WARMUP (15s), THREADS (2), PORT (18080),
# HEAP (2g), DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME (peerage_bench), OUT_DIR (target/bench-heartbeat-ab).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
WORK=${WORK:?set WORK to the work folder run.sh kept}
APPS=${APPS:?set APPS, such as "A=/tmp/base-app B=target/quarkus-app"}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-30s}
HEARTBEAT_WARMUP=${HEARTBEAT_WARMUP:-15s}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
HEAP=${HEAP:-2g}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_USER=${DB_USER:-root}
DB_PASSWORD=${DB_PASSWORD:-}
DB_NAME=${DB_NAME:-peerage_bench}
OUT_DIR=${OUT_DIR:-$ROOT/target/bench-heartbeat-ab}
BASE="http://127.0.0.1:$PORT"
HB_FILE=$WORK/swarm/heartbeats.txt
SERVICE_PID=""
mkdir -p "$OUT_DIR"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
stop_service() {
    [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null || return 0
    kill -TERM "$SERVICE_PID"
    for _ in $(seq 60); do kill -0 "$SERVICE_PID" 2>/dev/null || return 0; sleep 1; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
}
trap stop_service EXIT
trap 'exit 130' INT TERM

[[ -s $HB_FILE && -s $WORK/people-key.pem ]] || die "$WORK holds no swarm/heartbeats.txt or people-key.pem (run.sh with KEEP_WORK=1)"
PEOPLE_PUBLIC_KEY=$(openssl pkey -in "$WORK/people-key.pem" -pubout | grep -v -- '-----' | tr -d '\n')
CLK_TCK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

ROWS=()
for round in $(seq "$ROUNDS"); do
    for app in $APPS; do
        label=${app%%=*} path=${app#*=}
        log "round $round, $label ($path): starting, load average $(cut -d' ' -f1 /proc/loadavg)"
        # Every node starts online (a SILENT one would be revived by its first heartbeat, a database write, which is
        # not what is measured), and no sweep runs during the turn.
        mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} "$DB_NAME" \
            -e 'UPDATE node SET silent_at = NULL WHERE left_at IS NULL'
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT \
            QUARKUS_DATASOURCE_JDBC_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB_NAME" \
            QUARKUS_DATASOURCE_USERNAME="$DB_USER" QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
            PEERAGE_RULES_DIRECTORY="$ROOT/rules" QUARKUS_OIDC_PUBLIC_KEY="$PEOPLE_PUBLIC_KEY" \
            PEERAGE_NODES_ENROLLMENT=open PEERAGE_UPKEEP_SWEEP_EVERY=off \
            java -Xmx"$HEAP" -jar "$path/quarkus-run.jar" >"$OUT_DIR/service-$label-$round.log" 2>&1 &
        SERVICE_PID=$!
        for _ in $(seq 1200); do
            [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/q/health/ready" || true) == 200 ]] && break
            kill -0 "$SERVICE_PID" 2>/dev/null || die "$label exited (see $OUT_DIR/service-$label-$round.log)"
            sleep 0.5
        done
        timeout 300 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$HEARTBEAT_WARMUP" --timeout 5s -s "$HERE/heartbeat.lua" \
            "$BASE" -- "$HB_FILE" POST '/v1/nodes/{id}/heartbeat' "$THREADS" >/dev/null
        load=$(cut -d' ' -f1 /proc/loadavg)
        s0=$(ticks "$SERVICE_PID")
        result=$(timeout 300 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$HERE/heartbeat.lua" \
            "$BASE" -- "$HB_FILE" POST '/v1/nodes/{id}/heartbeat' "$THREADS" | grep '^RESULT')
        s1=$(ticks "$SERVICE_PID")
        n=$(field "$result" requests)
        cpu=$(awk -v t=$((s1 - s0)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN {printf "%.3f", t * 1000 / hz / n}')
        row="| $label$round | $load | $(field "$result" rps) | $(field "$result" p50_ms) | $(field "$result" p99_ms) | $cpu | $(field "$result" statuses) |"
        log "$row"
        ROWS+=("$row")
        stop_service
        SERVICE_PID=""
    done
done
{
    echo "Heartbeats with full reports and tokens, $CONNECTIONS connections, $DURATION each, $(nproc) CPUs:"
    echo
    echo "| run | load average | heartbeats/s | p50 ms | p99 ms | service CPU ms per heartbeat | statuses |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${ROWS[@]}"
} | tee "$OUT_DIR/results.md"
