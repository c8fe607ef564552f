#!/usr/bin/env bash
# Peerage against the trackers at several swarm sizes, in one run; see docs/benchmarks.md, "Against the trackers at
# three swarm sizes". For each size N, run.sh builds a swarm where every content (torrent) has exactly N holders
# (seeders: they announce left=0), plus CHILDREN nodes that hold nothing and ask: Peerage for parents
# (POST /v1/allocations, default maxParents), bittorrent-tracker and opentracker for peers (GET /announce with
# numwant=NUMWANT, left > 0, as a downloading client asks). Same pairs, same wrk, same machine, one after the other.
#
# Usage: src/bench/load/swarms.sh
# Settings (environment), besides every setting of run.sh (DURATION, DB_*, PORT, ...):
#   SIZES ("100 1000 10000"), HOLDERS (10000: holders in all, so CONTENTS = HOLDERS / N), CHILDREN (2000),
#   NUMWANT (50), LEVELS (32), DURATION (20s), WARMUP (15s), SWARMS_DIR (target/bench-swarms)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SIZES=${SIZES:-"100 1000 10000"}
HOLDERS=${HOLDERS:-10000}
CHILDREN=${CHILDREN:-2000}
SWARMS_DIR=${SWARMS_DIR:-$ROOT/target/bench-swarms}
export NUMWANT=${NUMWANT:-50} LEVELS=${LEVELS:-32} DURATION=${DURATION:-20s} WARMUP=${WARMUP:-15s}
export CDNS=0 OPENTRACKER=${OPENTRACKER:-1} SKIP_HEARTBEATS=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mkdir -p "$SWARMS_DIR"
ROWS="$SWARMS_DIR/rows.tsv"
: >"$ROWS"
first=1
for n in $SIZES; do
    out="$SWARMS_DIR/size-$n"
    rm -rf "$out" && mkdir -p "$out"
    contents=$(((HOLDERS + n - 1) / n))
    log "swarm size $n: $contents contents x $n holders, $CHILDREN children"
    # The jar is built once, by the first size.
    skip_build=$([[ $first == 1 ]] && echo "${SKIP_BUILD:-0}" || echo 1)
    if HOLDERS_PER_CONTENT=$n CONTENTS=$contents NODES=$((contents * n + CHILDREN)) PAIRS=$((CHILDREN * 5)) \
        SKIP_BUILD=$skip_build OUT_DIR="$out" "$HERE/run.sh" >"$out/run.log" 2>&1; then
        awk -F'\t' -v n="$n" '{print n "\t" $0}' "$out/summary.tsv" >>"$ROWS"
    else
        log "size $n failed: $(grep FAILED "$out/run.log" | tail -1)"
    fi
    first=0
done

{
    echo "$(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)); $(date -u +%Y-%m-%dT%H:%MZ);" \
        "commit $(git -C "$ROOT" rev-parse --short HEAD); $HOLDERS holders in all, $CHILDREN children asking;" \
        "$LEVELS connections, $DURATION per system after $WARMUP of warm-up; trackers asked numwant=$NUMWANT."
    echo
    echo "| peers per torrent (holders per content) | system | requests/s | p50 ms | p99 ms | CPU ms per request | MariaDB CPU ms |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, $6, $7, $8}' "$ROWS"
} | tee "$SWARMS_DIR/results.md"
