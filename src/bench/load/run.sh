#!/usr/bin/env bash
# Service benchmark over HTTP on loopback; see docs/benchmarks.md, "Service benchmark (HTTP)".
#
# Builds and starts Peerage (prod profile, -Xmx2g) on a fresh MariaDB database, seeds a swarm through the REST API,
# loads POST /v1/allocations with wrk at several concurrency levels, measures heap per registered node, then installs
# webtorrent's bittorrent-tracker into a temporary folder (never into the project), seeds it with the same peers and
# loads its HTTP announce with the same tool and the same pairs. Prints Markdown tables and writes them to
# $OUT_DIR/results.md.
#
# Every call carries credentials, as in production: the script makes a key pair for people's tokens (the service
# trusts its public key through QUARKUS_OIDC_PUBLIC_KEY) and signs an operator's token with it, which joins the CDN
# nodes and declares the contents; clients join in open enrollment, and each node then acts with the node token its
# join answered (a token per child in the allocation and heartbeat loads).
#
# Every step is bounded in time; only loopback addresses are used; the processes started here are stopped on exit.
#
# Needs: JDK 17 (java, jcmd), wrk, curl (7.66+ for --parallel), python3, node and npm, the mysql client, and a
# MariaDB server reachable with a user that may create databases.
#
# Settings (environment):
#   NODES (50000), CDNS (20), CONTENTS (100), PAIRS (50000)     the swarm and the allocation pairs
#   LEVELS ("8 32 128"; empty: registration and memory only), DURATION (30s per level), WARMUP (20s),
#   THREADS (wrk threads, 2), PORT (18080), TRACKER_PORT (18081), SEED_PARALLEL (64)
#   DB_HOST (127.0.0.1), DB_PORT (3306), DB_USER (root), DB_PASSWORD (empty), DB_NAME (peerage_bench: dropped and
#   created again), DB_URL_OPTIONS (appended to the JDBC URL, such as ?useServerPrepStmts=true)
#   HEAP (2g), JAVA_EXTRA (more JVM options, such as -XX:StartFlightRecording=filename=/tmp/peerage.jfr)
#   SKIP_BUILD (0), APP (target/quarkus-app: the packaged service to run, such as a copy of another commit's),
#   SKIP_TRACKER (0), TRACKER_VERSION (11.2.3)
#   SKIP_HEARTBEATS (0: heartbeats measured), HEARTBEAT_LEVELS (the heartbeat load's connections, as LEVELS unless
#   set: LEVELS="" HEARTBEAT_LEVELS="32 128" measures heartbeats alone, after the allocation warm-up),
#   HEARTBEAT_WARMUP (10s), HEARTBEAT_REPORTS (1: every heartbeat carries its node's full report; 0: no body),
#   HEARTBEAT_METHOD (POST), HEARTBEAT_PATH (/v1/nodes/{id}/heartbeat), KEEPALIVE_EVERY (10: seconds between the
#   passes of heartbeats that keep the seeded nodes online while the script seeds)
#   MISSED_INTERVALS (30: heartbeat intervals a node may miss before it is SILENT, 3 in the service's default; the
#   5-minute lease keeps a seeded swarm online while a busy machine seeds, and lets the measured allocation levels run
#   without the keep-alive heartbeats, which would otherwise be counted in the service's CPU per allocation)
#   OUT_DIR (target/bench-load), KEEP_WORK (0: the temporary folder is removed)
#   APP_ROOT (this checkout): the checkout whose jar (target/quarkus-app) and rules/ are run, such as a build of
#   another commit (ab.sh); the load scripts are always this checkout's
#   HOLDERS_PER_CONTENT (0: Zipf-like popularity; N: every content has exactly N holders and the other clients only
#   ask, as the torrents of a tracker: see gen_swarm.py), NUMWANT (4: peers asked of the trackers per announce)
#   OPENTRACKER (0; 1: also Debian's opentracker, loaded as the other tracker; OPENTRACKER_PORT 18082)
# Besides results.md, $OUT_DIR/summary.tsv has one line per system and level: system, connections, requests/s,
# p50 ms, p99 ms, CPU ms per request of the process (Peerage: the service), MariaDB CPU ms per request (Peerage).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)

NODES=${NODES:-50000}
CDNS=${CDNS:-20}
CONTENTS=${CONTENTS:-100}
PAIRS=${PAIRS:-50000}
LEVELS=${LEVELS-"8 32 128"} # empty: no allocation load (memory only)
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
TRACKER_PORT=${TRACKER_PORT:-18081}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_USER=${DB_USER:-root}
DB_PASSWORD=${DB_PASSWORD:-}
DB_NAME=${DB_NAME:-peerage_bench}
DB_URL_OPTIONS=${DB_URL_OPTIONS:-}
HEAP=${HEAP:-2g}
JAVA_EXTRA=${JAVA_EXTRA:-}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_TRACKER=${SKIP_TRACKER:-0}
TRACKER_VERSION=${TRACKER_VERSION:-11.2.3}
SEED_PARALLEL=${SEED_PARALLEL:-64}
SKIP_HEARTBEATS=${SKIP_HEARTBEATS:-0}
HEARTBEAT_METHOD=${HEARTBEAT_METHOD:-POST}
HEARTBEAT_PATH=${HEARTBEAT_PATH:-'/v1/nodes/{id}/heartbeat'}
HEARTBEAT_LEVELS=${HEARTBEAT_LEVELS-$LEVELS}
HEARTBEAT_WARMUP=${HEARTBEAT_WARMUP:-10s}
HEARTBEAT_REPORTS=${HEARTBEAT_REPORTS:-1}
KEEPALIVE_EVERY=${KEEPALIVE_EVERY:-10}
OUT_DIR=${OUT_DIR:-$ROOT/target/bench-load}
KEEP_WORK=${KEEP_WORK:-0}
APP_ROOT=$(cd "${APP_ROOT:-$ROOT}" && pwd)
APP=${APP:-$APP_ROOT/target/quarkus-app}
HOLDERS_PER_CONTENT=${HOLDERS_PER_CONTENT:-0}
NUMWANT=${NUMWANT:-4}
OPENTRACKER=${OPENTRACKER:-0}
OPENTRACKER_PORT=${OPENTRACKER_PORT:-18082}

BASE="http://127.0.0.1:$PORT"
TRACKER="http://127.0.0.1:$TRACKER_PORT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/peerage-load.XXXXXX")
mkdir -p "$OUT_DIR"
RESULTS="$OUT_DIR/results.md"
SUMMARY_TSV="$OUT_DIR/summary.tsv"
: >"$SUMMARY_TSV"
SERVICE_PID=""
TRACKER_PID=""
OPENTRACKER_PID=""
KEEPALIVE_PID=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# Stops one process this script started: TERM, then KILL after a grace period.
stop_pid() {
    local pid=$1 grace=$2
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq "$grace"); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    stop_pid "$KEEPALIVE_PID" 10
    stop_pid "$TRACKER_PID" 10
    stop_pid "$OPENTRACKER_PID" 10
    stop_pid "$SERVICE_PID" 30
    if [[ $KEEP_WORK == 1 ]]; then log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mysql_cmd() { mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -N -B "$@"; }

# Waits (bounded) until a URL answers 200.
wait_for() {
    local url=$1 seconds=$2 pid=$3
    for _ in $(seq $((seconds * 4))); do
        kill -0 "$pid" 2>/dev/null || return 1
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) == 200 ]] && return 0
        sleep 0.25
    done
    return 1
}

# A JWT signed RS256 with the PEM key $1, for subject $2 with the roles $3 (a JSON array), valid for a day.
sign_jwt() {
    local key=$1 subject=$2 groups=$3 now header payload signature
    now=$(date +%s)
    b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"peerage-bench","sub":"%s","upn":"%s","groups":%s,"iat":%d,"exp":%d}' \
        "$subject" "$subject" "$groups" "$now" $((now + 86400)) | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# Runs a curl config of many transfers over parallel kept-alive connections; prints "status count" lines.
seed() {
    local config=$1 name=$2 started
    started=$(date +%s.%N)
    timeout 900 curl -s --globoff --parallel --parallel-immediate --parallel-max "$SEED_PARALLEL" -K "$config" \
        >"$WORK/$name.status" 2>"$WORK/$name.err" || die "seeding $name (curl exit $?): $(tail -3 "$WORK/$name.err")"
    local took
    took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    log "$name: $(wc -l <"$WORK/$name.status") requests in ${took}s, statuses: $(sort "$WORK/$name.status" | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
    echo "$took"
}

# Keeps the nodes joined so far online while the script seeds: on a slow machine seeding takes longer than a lease
# (three heartbeat intervals), and the upkeep sweep would make the first nodes SILENT before their holdings are
# declared (409). One heartbeat per joined node every KEEPALIVE_EVERY seconds, in the background, until stopped.
keepalive() {
    while true; do
        python3 "$HERE/heartbeats.py" keepalive "$WORK/swarm" "$BASE" "$WORK/keepalive.curl" >/dev/null || true
        if [[ -s $WORK/keepalive.curl ]]; then
            timeout 120 curl -s --globoff --parallel --parallel-immediate --parallel-max 16 -K "$WORK/keepalive.curl" \
                >>"$WORK/keepalive.status" 2>/dev/null || true
        fi
        sleep "$KEEPALIVE_EVERY"
    done
}

# Heap in use after a full collection, in bytes.
heap_after_gc() {
    jcmd "$SERVICE_PID" GC.run >/dev/null
    sleep 1
    jcmd "$SERVICE_PID" GC.run >/dev/null
    jcmd "$SERVICE_PID" GC.heap_info | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 | awk '{print $1 * 1024}'
}

# One wrk run; prints its RESULT line (and keeps the full output).
run_wrk() {
    local name=$1 connections=$2 duration=$3 script=$4 url=$5
    shift 5
    local threads=$((connections < THREADS ? connections : THREADS))
    # The load tool's own CPU time (user + system, seconds) goes on its result line: it shares the service's cores.
    local TIMEFORMAT='%U %S'
    { time timeout 600 wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency -s "$HERE/$script" \
        "$url" -- "$@" >"$WORK/$name.out" 2>&1; } 2>"$WORK/$name.cpu" || die "wrk $name: $(tail -3 "$WORK/$name.out")"
    cp "$WORK/$name.out" "$OUT_DIR/$name.txt"
    local result
    result=$(grep '^RESULT' "$WORK/$name.out") || die "wrk $name printed no result"
    echo "$result load_cpu_s=$(awk '{printf "%.2f", $1 + $2}' "$WORK/$name.cpu")"
}

# CPU time used by a process (or one of its threads: PID/task/TID), in clock ticks; 0 when unknown. Comparing CPU time
# per request keeps the figures meaningful when other work shares the machine.
CLK_TCK=$(getconf CLK_TCK)
ticks() { if [[ -n ${1:-} && -r /proc/$1/stat ]]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo 0; fi; }
thread_of() { grep -lx "$2" /proc/"$1"/task/*/comm 2>/dev/null | head -1 | sed 's|^/proc/||; s|/comm$||' || true; }
ms_per() { awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN {if (n > 0) printf "%.3f", t * 1000 / hz / n; else print "?"}'; }

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
status_count() { tr ',' '\n' <<<"$(field "$1" statuses)" | awk -F: -v s="$2" '$1 == s {n += $2} END {print n + 0}'; }
non2xx() { tr ',' '\n' <<<"$(field "$1" statuses)" | awk -F: '$1 !~ /^2/ && $1 != "422" && $1 != "" {n += $2} END {print n + 0}'; }

# --- Tools -------------------------------------------------------------------------------------------------------
# wrk comes from Debian's packages; installed here when missing and the script may (root or sudo without a password).
if ! command -v wrk >/dev/null; then
    if [[ $(id -u) == 0 ]]; then
        log "installing wrk (Debian package)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >"$WORK/apt.log" 2>&1 ||
            die "apt-get install wrk: $(tail -3 "$WORK/apt.log")"
    elif sudo -n true 2>/dev/null; then
        log "installing wrk (Debian package, sudo)"
        { sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } \
            >"$WORK/apt.log" 2>&1 || die "apt-get install wrk: $(tail -3 "$WORK/apt.log")"
    else
        die "wrk is missing: install it (Debian: apt-get install wrk)"
    fi
fi
for tool in java jcmd curl python3 mysql openssl; do
    command -v "$tool" >/dev/null || die "$tool is missing (see the Needs list at the top of this script)"
done

# --- Machine -----------------------------------------------------------------------------------------------------
CPU_MODEL=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
JDK=$(java -version 2>&1 | head -1)
MARIADB=$(mysql_cmd -e 'select version()')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) CPUs ($CPU_MODEL), $JDK, MariaDB $MARIADB, load average $LOAD_BEFORE"

# --- Build and start the service ---------------------------------------------------------------------------------
cd "$APP_ROOT"
if [[ $SKIP_BUILD != 1 ]]; then
    log "building $APP_ROOT"
    timeout 900 ./mvnw -B -q package -DskipTests
fi
cd "$ROOT"
[[ -f $APP/quarkus-run.jar ]] || die "no build in $APP"
TSV() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$SUMMARY_TSV"; }
log "fresh database $DB_NAME"
mysql_cmd -e "DROP DATABASE IF EXISTS \`$DB_NAME\`; CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4"

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/people-key.pem" 2>/dev/null
PEOPLE_PUBLIC_KEY=$(openssl pkey -in "$WORK/people-key.pem" -pubout | grep -v -- '-----' | tr -d '\n')
OPERATOR_TOKEN=$(sign_jwt "$WORK/people-key.pem" bench-operator '["operator"]')

log "generating the swarm ($NODES nodes, $CDNS CDN, $CONTENTS contents, $PAIRS pairs)"
python3 "$HERE/gen_swarm.py" --out "$WORK/swarm" --base "$BASE" --tracker "$TRACKER" \
    --nodes "$NODES" --cdns "$CDNS" --contents "$CONTENTS" --pairs "$PAIRS" --operator-token "$OPERATOR_TOKEN" \
    --holders-per-content "$HOLDERS_PER_CONTENT"
SUMMARY=$(cat "$WORK/swarm/summary.txt")
log "swarm: $SUMMARY"

for port in "$PORT" "$TRACKER_PORT" "$OPENTRACKER_PORT"; do
    [[ -z $(ss -ltnH "sport = :$port" 2>/dev/null) ]] || die "port $port is taken; set PORT or TRACKER_PORT"
done
log "starting the service on $BASE"
# shellcheck disable=SC2086
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB_NAME$DB_URL_OPTIONS" \
    QUARKUS_DATASOURCE_USERNAME="$DB_USER" QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
    PEERAGE_RULES_DIRECTORY="$APP_ROOT/rules" QUARKUS_OIDC_PUBLIC_KEY="$PEOPLE_PUBLIC_KEY" PEERAGE_NODES_ENROLLMENT=open \
    PEERAGE_HEARTBEAT_MISSED_INTERVALS="${MISSED_INTERVALS:-30}" \
    java -Xmx"$HEAP" $JAVA_EXTRA -jar "$APP/quarkus-run.jar" >"$OUT_DIR/service.log" 2>&1 &
SERVICE_PID=$!
wait_for "$BASE/q/health/ready" 120 "$SERVICE_PID" || die "service did not become ready (see $OUT_DIR/service.log)"
log "service ready (pid $SERVICE_PID)"

# --- Seed --------------------------------------------------------------------------------------------------------
while read -r id body; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X PUT "$BASE/v1/contents/$id" \
        -H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json' -d "$body")
    [[ $code == 201 || $code == 200 ]] || die "content $id: $code"
done <"$WORK/swarm/contents.jsonl"
HEAP_EMPTY=$(heap_after_gc)
log "heap after GC with contents only: $((HEAP_EMPTY / 1048576)) MiB"

keepalive &
KEEPALIVE_PID=$!
SEED_NODES_S=$(seed "$WORK/swarm/nodes.curl" nodes)
# A join refused with a 503 (its change not written in time on a loaded machine) changed nothing: it is sent again.
for attempt in 1 2 3 4 5; do
    missing=$(python3 "$HERE/tokens.py" retry "$WORK/swarm")
    [[ $missing == 0 ]] && break
    log "joins to send again (attempt $attempt): $missing"
    seed "$WORK/swarm/nodes-retry.curl" "nodes-retry-$attempt" >/dev/null
done
log "node tokens from the join answers: $(python3 "$HERE/tokens.py" "$WORK/swarm")"
SEED_HOLDINGS_S=$(seed "$WORK/swarm/holdings.curl" holdings)
ONLINE=$(mysql_cmd "$DB_NAME" -e 'select count(*) from node where left_at is null')
HOLDINGS=$(mysql_cmd "$DB_NAME" -e 'select count(*) from holding')
EXPECTED_HOLDINGS=$(sed -n 's/.*holdings=\([0-9]*\).*/\1/p' "$WORK/swarm/summary.txt")
for attempt in 1 2 3; do
    [[ $HOLDINGS == "$EXPECTED_HOLDINGS" ]] && break
    # Declaring a holding again changes nothing: the whole list is sent again for the ones refused with a 503.
    log "holdings: $HOLDINGS of $EXPECTED_HOLDINGS recorded, sending them again (attempt $attempt)"
    seed "$WORK/swarm/holdings.curl" "holdings-retry-$attempt" >/dev/null
    HOLDINGS=$(mysql_cmd "$DB_NAME" -e 'select count(*) from holding')
done
log "database: $ONLINE online nodes, $HOLDINGS holdings"
[[ $ONLINE == "$NODES" ]] || die "expected $NODES nodes, the database has $ONLINE"
[[ $HOLDINGS == "$EXPECTED_HOLDINGS" ]] || die "expected $EXPECTED_HOLDINGS holdings, the database has $HOLDINGS"
HEAP_SEEDED=$(heap_after_gc)
PER_NODE=$(((HEAP_SEEDED - HEAP_EMPTY) / NODES))
log "heap after GC with the swarm: $((HEAP_SEEDED / 1048576)) MiB, $PER_NODE bytes per node"

# --- Allocations -------------------------------------------------------------------------------------------------
if [[ -n $LEVELS || ( $SKIP_HEARTBEATS != 1 && -n $HEARTBEAT_LEVELS ) ]]; then
    log "warm-up: $WARMUP at 32 connections"
    run_wrk peerage-warmup 32 "$WARMUP" allocate.lua "$BASE" "$WORK/swarm/pairs-auth.txt" >/dev/null
fi
sleep 2 # the requests still in flight when wrk stopped are answered and recorded
DECISIONS_BEFORE=$(mysql_cmd "$DB_NAME" -e 'select count(*) from decision')
declare -A PEERAGE P_CPU P_DB P_JOURNAL
ANSWERED=0
# The database server's process: the one listening on DB_PORT (CPU time is read only when it is on this machine).
DB_PID=$(ss -ltnpH "sport = :$DB_PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1 || true)
JOURNAL_TASK=$(thread_of "$SERVICE_PID" peerage-journal)
for c in $LEVELS; do
    # No keep-alive heartbeats while a level is measured: their CPU would count as the allocations' (the lease,
    # MISSED_INTERVALS, outlasts a level).
    stop_pid "$KEEPALIVE_PID" 10
    log "allocations: $c connections, $DURATION"
    s0=$(ticks "$SERVICE_PID") d0=$(ticks "$DB_PID") j0=$(ticks "$JOURNAL_TASK")
    PEERAGE[$c]=$(run_wrk "peerage-c$c" "$c" "$DURATION" allocate.lua "$BASE" "$WORK/swarm/pairs-auth.txt")
    s1=$(ticks "$SERVICE_PID") d1=$(ticks "$DB_PID") j1=$(ticks "$JOURNAL_TASK")
    keepalive &
    KEEPALIVE_PID=$!
    n=$(field "${PEERAGE[$c]}" requests)
    P_CPU[$c]=$(ms_per $((s1 - s0)) "$n") P_DB[$c]=$(ms_per $((d1 - d0)) "$n") P_JOURNAL[$c]=$(ms_per $((j1 - j0)) "$n")
    log "${PEERAGE[$c]} cpu_ms: service=${P_CPU[$c]} (journal thread ${P_JOURNAL[$c]}) mariadb=${P_DB[$c]}"
    TSV peerage "$c" "$(field "${PEERAGE[$c]}" rps)" "$(field "${PEERAGE[$c]}" p50_ms)" "$(field "${PEERAGE[$c]}" p99_ms)" \
        "${P_CPU[$c]}" "${P_DB[$c]}"
    ANSWERED=$((ANSWERED + $(status_count "${PEERAGE[$c]}" 201) + $(status_count "${PEERAGE[$c]}" 422)))
done
sleep 2
DECISIONS=$(($(mysql_cmd "$DB_NAME" -e 'select count(*) from decision') - DECISIONS_BEFORE))
LIVE=$(mysql_cmd "$DB_NAME" -e "select count(*) from allocation where status = 'ACTIVE'")
HEAP_LOADED=$(heap_after_gc)
log "decisions recorded during the measured runs: $DECISIONS (answered 201/422: $ANSWERED); live allocations $LIVE"

# --- Heartbeats -----------------------------------------------------------------------------------------------------
declare -A HEARTBEAT H_CPU
if [[ $SKIP_HEARTBEATS == 1 ]]; then
    log "heartbeats: skipped (SKIP_HEARTBEATS=1)"
else
    HB_FILE=$WORK/swarm/pairs-auth.txt
    if [[ $HEARTBEAT_REPORTS == 1 ]]; then
        # Each node reports what it receives from each parent and sends to each child of the live allocations.
        mysql_cmd "$DB_NAME" -e "select id, child_id, content_id, parents from allocation where status = 'ACTIVE'" \
            >"$WORK/allocations.tsv"
        HB_FILE=$WORK/swarm/heartbeats.txt
        log "heartbeat reports: $(python3 "$HERE/heartbeats.py" reports "$WORK/swarm" "$WORK/allocations.tsv" "$HB_FILE")"
    fi
    probe_id=$(awk 'NR == 1 {print $1}' "$WORK/swarm/pairs-auth.txt")
    probe_token=$(awk 'NR == 1 {print $3}' "$WORK/swarm/pairs-auth.txt")
    HB_PROBE=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X "$HEARTBEAT_METHOD" \
        -H "Authorization: Bearer $probe_token" -H 'Content-Type: application/json' \
        "$BASE${HEARTBEAT_PATH//\{id\}/$probe_id}" || true)
    [[ $HB_PROBE == 2* ]] || die "$HEARTBEAT_METHOD ${HEARTBEAT_PATH//\{id\}/$probe_id} answered $HB_PROBE"
    stop_pid "$KEEPALIVE_PID" 10 # from here the measured load beats every node
    KEEPALIVE_PID=""
    log "heartbeat warm-up: $HEARTBEAT_WARMUP at 32 connections"
    run_wrk heartbeat-warmup 32 "$HEARTBEAT_WARMUP" heartbeat.lua "$BASE" "$HB_FILE" \
        "$HEARTBEAT_METHOD" "$HEARTBEAT_PATH" "$THREADS" >/dev/null
    for c in $HEARTBEAT_LEVELS; do
        log "heartbeats: $c connections, $DURATION"
        s0=$(ticks "$SERVICE_PID")
        HEARTBEAT[$c]=$(run_wrk "heartbeat-c$c" "$c" "$DURATION" heartbeat.lua "$BASE" "$HB_FILE" \
            "$HEARTBEAT_METHOD" "$HEARTBEAT_PATH" "$THREADS")
        H_CPU[$c]=$(ms_per $(($(ticks "$SERVICE_PID") - s0)) "$(field "${HEARTBEAT[$c]}" requests)")
        log "${HEARTBEAT[$c]} cpu_ms: service=${H_CPU[$c]}"
    done
fi

stop_pid "$SERVICE_PID" 30
SERVICE_PID=""

# --- bittorrent-tracker ------------------------------------------------------------------------------------------
declare -A TRACKERR T_CPU
if [[ $SKIP_TRACKER != 1 ]]; then
    log "installing bittorrent-tracker@$TRACKER_VERSION into $WORK/tracker"
    mkdir -p "$WORK/tracker"
    cp "$HERE/tracker.mjs" "$WORK/tracker/"
    # --ignore-scripts: the WebRTC add-on of the client side is not needed by the HTTP tracker.
    (cd "$WORK/tracker" && timeout 300 npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
        "bittorrent-tracker@$TRACKER_VERSION" >"$WORK/npm.log" 2>&1) || die "npm install: $(tail -5 "$WORK/npm.log")"
    (cd "$WORK/tracker" && exec node tracker.mjs "$TRACKER_PORT") >"$OUT_DIR/tracker.log" 2>&1 &
    TRACKER_PID=$!
    for _ in $(seq 120); do
        grep -q listening "$OUT_DIR/tracker.log" && break
        kill -0 "$TRACKER_PID" 2>/dev/null || die "tracker exited: $(cat "$OUT_DIR/tracker.log")"
        sleep 0.25
    done
    grep -q listening "$OUT_DIR/tracker.log" || die "tracker did not start"
    log "tracker ready (pid $TRACKER_PID, node $(node --version))"
    SEED_TRACKER_S=$(seed "$WORK/swarm/tracker-seed.curl" tracker-seed)
    TRACKER_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$TRACKER_PID/status")
    [[ -z $LEVELS ]] || log "warm-up: $WARMUP at 32 connections"
    [[ -z $LEVELS ]] || run_wrk tracker-warmup 32 "$WARMUP" announce.lua "$TRACKER" "$WORK/swarm/tracker-pairs.txt" "$NUMWANT" >/dev/null
    for c in $LEVELS; do
        log "announces: $c connections, $DURATION"
        t0=$(ticks "$TRACKER_PID")
        TRACKERR[$c]=$(run_wrk "tracker-c$c" "$c" "$DURATION" announce.lua "$TRACKER" "$WORK/swarm/tracker-pairs.txt" \
            "$NUMWANT")
        T_CPU[$c]=$(ms_per $(($(ticks "$TRACKER_PID") - t0)) "$(field "${TRACKERR[$c]}" requests)")
        log "${TRACKERR[$c]} cpu_ms: tracker=${T_CPU[$c]}"
        TSV bittorrent-tracker "$c" "$(field "${TRACKERR[$c]}" rps)" "$(field "${TRACKERR[$c]}" p50_ms)" \
            "$(field "${TRACKERR[$c]}" p99_ms)" "${T_CPU[$c]}" -
    done
    stop_pid "$TRACKER_PID" 10
    TRACKER_PID=""
fi

# --- opentracker ------------------------------------------------------------------------------------------------
# Debian's package, run as its users run it: the stock binary on one port, answering compact peers. Debian builds it
# with an access list of the torrents it tracks (a whitelist of info hashes): the benchmark's contents are on it.
# It tells peers apart by address and port (every peer here is 127.0.0.1), so two peers of a torrent that drew the
# same port count as one.
declare -A OPENT O_CPU
if [[ $OPENTRACKER == 1 ]]; then
    OPEN_BIN=$(command -v opentracker || true)
    if [[ -z $OPEN_BIN && $(id -u) == 0 ]]; then
        log "installing opentracker (Debian package)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq opentracker; } \
            >"$WORK/apt-opentracker.log" 2>&1 || die "apt-get install opentracker: $(tail -3 "$WORK/apt-opentracker.log")"
        OPEN_BIN=$(command -v opentracker || true)
    fi
    [[ -n $OPEN_BIN ]] || die "opentracker is missing (Debian: apt-get install opentracker)"
    OPEN_URL="http://127.0.0.1:$OPENTRACKER_PORT"
    cut -d' ' -f1 "$WORK/swarm/contents.jsonl" |
        python3 -c 'import hashlib, sys; [print(hashlib.sha1(l.strip().encode()).hexdigest()) for l in sys.stdin]' \
            >"$WORK/opentracker-whitelist.txt"
    # It changes its root to its folder (-d) before it reads the list: the list's path is relative to that folder.
    (cd "$WORK" && exec "$OPEN_BIN" -i 127.0.0.1 -p "$OPENTRACKER_PORT" -P "$OPENTRACKER_PORT" -d "$WORK" \
        -w opentracker-whitelist.txt) >"$OUT_DIR/opentracker.log" 2>&1 &
    OPENTRACKER_PID=$!
    for _ in $(seq 40); do
        [[ -n $(ss -ltnH "sport = :$OPENTRACKER_PORT" 2>/dev/null) ]] && break
        kill -0 "$OPENTRACKER_PID" 2>/dev/null || die "opentracker exited: $(cat "$OUT_DIR/opentracker.log")"
        sleep 0.25
    done
    log "opentracker ready (pid $OPENTRACKER_PID)"
    sed "s|$TRACKER/announce|$OPEN_URL/announce|" "$WORK/swarm/tracker-seed.curl" >"$WORK/opentracker-seed.curl"
    seed "$WORK/opentracker-seed.curl" opentracker-seed >/dev/null
    [[ -z $LEVELS ]] || run_wrk opentracker-warmup 32 "$WARMUP" announce.lua "$OPEN_URL" "$WORK/swarm/tracker-pairs.txt" \
        "$NUMWANT" >/dev/null
    for c in $LEVELS; do
        log "opentracker announces: $c connections, $DURATION"
        t0=$(ticks "$OPENTRACKER_PID")
        OPENT[$c]=$(run_wrk "opentracker-c$c" "$c" "$DURATION" announce.lua "$OPEN_URL" "$WORK/swarm/tracker-pairs.txt" \
            "$NUMWANT")
        O_CPU[$c]=$(ms_per $(($(ticks "$OPENTRACKER_PID") - t0)) "$(field "${OPENT[$c]}" requests)")
        log "${OPENT[$c]} cpu_ms: opentracker=${O_CPU[$c]}"
        TSV opentracker "$c" "$(field "${OPENT[$c]}" rps)" "$(field "${OPENT[$c]}" p50_ms)" "$(field "${OPENT[$c]}" p99_ms)" \
            "${O_CPU[$c]}" -
    done
    stop_pid "$OPENTRACKER_PID" 10
    OPENTRACKER_PID=""
fi

# --- Report ------------------------------------------------------------------------------------------------------
mib() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1048576}'; }
{
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) CPUs ($CPU_MODEL), $JDK, MariaDB $MARIADB," \
        "load average before the run $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "Swarm: $SUMMARY. Seeding: nodes ${SEED_NODES_S%.*} s, holdings ${SEED_HOLDINGS_S%.*} s" \
        "(curl --parallel, $SEED_PARALLEL connections)."
    echo
    echo "| connections | Peerage allocations/s | p50 ms | p99 ms | p99.9 ms | 201 | 422 | 503 | other non-2xx/errors | bittorrent-tracker announces/s | p50 ms | p99 ms | p99.9 ms | ratio Peerage/tracker |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in $LEVELS; do
        p=${PEERAGE[$c]}
        other=$(($(non2xx "$p") - $(status_count "$p" 503) + $(field "$p" socket_errors) + $(field "$p" timeouts)))
        row="| $c | $(field "$p" rps) | $(field "$p" p50_ms) | $(field "$p" p99_ms) | $(field "$p" p999_ms)"
        row+=" | $(status_count "$p" 201) | $(status_count "$p" 422) | $(status_count "$p" 503) | $other"
        if [[ -n ${TRACKERR[$c]:-} ]]; then
            t=${TRACKERR[$c]}
            ratio=$(awk -v a="$(field "$p" rps)" -v b="$(field "$t" rps)" 'BEGIN {printf "%.2f", a / b}')
            row+=" | $(field "$t" rps) | $(field "$t" p50_ms) | $(field "$t" p99_ms) | $(field "$t" p999_ms) | $ratio |"
        else
            row+=" | – | – | – | – | – |"
        fi
        echo "$row"
    done
    echo
    if [[ $SKIP_TRACKER != 1 ]]; then
        echo "bittorrent-tracker $TRACKER_VERSION: seeding ${SEED_TRACKER_S%.*} s; RSS after seeding $((TRACKER_RSS_KB / 1024)) MiB." \
            "Announces answered with a failure reason, non-200 or timed out, per level: $(for c in $LEVELS; do
                t=${TRACKERR[$c]}; printf '%s: %s; ' "$c" "$(($(status_count "$t" failure) + $(non2xx "$t") + $(field "$t" socket_errors) + $(field "$t" timeouts)))"; done)"
        echo
    fi
    if [[ $OPENTRACKER == 1 ]]; then
        echo "| connections | opentracker announces/s | p50 ms | p99 ms | CPU ms per announce | failures, non-2xx, errors |"
        echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
        for c in $LEVELS; do
            o=${OPENT[$c]}
            echo "| $c | $(field "$o" rps) | $(field "$o" p50_ms) | $(field "$o" p99_ms) | ${O_CPU[$c]} |" \
                "$(($(status_count "$o" failure) + $(non2xx "$o") + $(field "$o" socket_errors) + $(field "$o" timeouts))) |"
        done
        echo
    fi
    echo "CPU time per request, measured from /proc over each level (independent of other work on the machine)," \
        "and the rate that CPU time would allow on $(nproc) otherwise idle cores (Peerage: service and MariaDB share" \
        "them, the journal's single writer thread caps it at 1000 / its ms; the tracker is one Node.js thread):"
    echo
    echo "| connections | Peerage service ms | of which journal writer ms | MariaDB ms | Peerage allocations/s possible | tracker ms | tracker announces/s possible |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for c in $LEVELS; do
        possible=$(awk -v s="${P_CPU[$c]}" -v d="${P_DB[$c]}" -v j="${P_JOURNAL[$c]}" -v n="$(nproc)" \
            'BEGIN {r = n * 1000 / (s + d); if (j > 0 && 1000 / j < r) r = 1000 / j; printf "%.0f", r}')
        tms=${T_CPU[$c]:-?}
        tpossible=$(awk -v t="$tms" 'BEGIN {if (t + 0 > 0) printf "%.0f", 1000 / t; else print "–"}')
        echo "| $c | ${P_CPU[$c]} | ${P_JOURNAL[$c]} | ${P_DB[$c]} | $possible | $tms | $tpossible |"
    done
    echo
    echo "Decisions recorded during the measured runs: $DECISIONS; answered 201 or 422: $ANSWERED (the difference is the" \
        "requests in flight when each wrk run stopped: answered and recorded, not counted by wrk); live allocations at the end: $LIVE."
    echo
    echo "| heap after full GC | MiB |"
    echo "| --- | ---: |"
    echo "| started, $CONTENTS contents | $(mib "$HEAP_EMPTY") |"
    echo "| $NODES nodes registered with their holdings | $(mib "$HEAP_SEEDED") |"
    echo "| after the allocation runs | $(mib "$HEAP_LOADED") |"
    echo
    echo "Heap per registered node: $PER_NODE bytes; 1,000,000 nodes: about" \
        "$(awk -v e="$HEAP_EMPTY" -v n="$PER_NODE" 'BEGIN {printf "%.0f", (e + 1e6 * n) / 1048576}') MiB" \
        "(the empty service plus 1,000,000 × the per-node figure) against a $HEAP heap."
    echo
    if [[ $SKIP_HEARTBEATS != 1 ]]; then
        echo "Heartbeats $([[ $HEARTBEAT_REPORTS == 1 ]] && echo "with full reports" || echo "without a body"), each with its node's token:"
        echo
        echo "| connections | heartbeats/s | p50 ms | p99 ms | p99.9 ms | service CPU ms per heartbeat | load tool CPU ms per heartbeat | statuses |"
        echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        for c in $HEARTBEAT_LEVELS; do
            h=${HEARTBEAT[$c]}
            echo "| $c | $(field "$h" rps) | $(field "$h" p50_ms) | $(field "$h" p99_ms) | $(field "$h" p999_ms) | ${H_CPU[$c]} | $(awk -v s="$(field "$h" load_cpu_s)" -v n="$(field "$h" requests)" 'BEGIN {if (n > 0) printf "%.3f", s * 1000 / n; else print "?"}') | $(field "$h" statuses) |"
        done
    else
        echo "Heartbeats: not measured (SKIP_HEARTBEATS=1)."
    fi
} | tee "$RESULTS"
log "results in $RESULTS; wrk outputs and logs in $OUT_DIR"
