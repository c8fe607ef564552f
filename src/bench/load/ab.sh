#!/usr/bin/env bash
# A/B of two commits on the allocation load, alternating A B A B in one run; see docs/benchmarks.md, "A/B of two
# commits". Builds each commit from `git archive` into its own folder (the repository and its worktrees are not
# touched), then runs this checkout's run.sh against each build in turn (a fresh database and a fresh swarm every time,
# authentication on, 32 connections) and prints a Markdown table: allocations/s, p99, service CPU ms and MariaDB CPU ms
# per allocation, each run and the ratios B/A of each pair (the machine is shared: compare ratios, not figures).
#
# Usage: src/bench/load/ab.sh A_COMMIT B_COMMIT
# Settings (environment), besides every setting of run.sh (NODES, CONTENTS, DURATION, DB_*, JAVA_EXTRA, ...):
#   ROUNDS (2: A B A B), AB_DIR (target/bench-ab: builds, one folder of run.sh outputs per run, results.md)
#   the load: CONTENTS (100) contents with HOLDERS_PER_CONTENT (100) holders each, NODES (12000: the other 2,000
#   nodes are the children that ask), CDNS (0), PAIRS (10000), LEVELS (32), DURATION (20s), WARMUP (15s)
#   RESUME (0; 1: a run whose folder already holds its results, from an interrupted ab.sh, is kept, not run again)
#   JFR (0; 1: each run records a JFR profile of the service into its folder, service.jfr; it costs CPU: measure the
#   ratios with JFR=0)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
[[ $# == 2 ]] || { echo "usage: $0 A_COMMIT B_COMMIT" >&2; exit 2; }
A=$(git -C "$ROOT" rev-parse --short "$1^{commit}")
B=$(git -C "$ROOT" rev-parse --short "$2^{commit}")
ROUNDS=${ROUNDS:-2}
AB_DIR=${AB_DIR:-$ROOT/target/bench-ab}
JFR=${JFR:-0}
RESUME=${RESUME:-0}
export CONTENTS=${CONTENTS:-100} HOLDERS_PER_CONTENT=${HOLDERS_PER_CONTENT:-100} NODES=${NODES:-12000}
export CDNS=${CDNS:-0} PAIRS=${PAIRS:-10000} LEVELS=${LEVELS:-32} DURATION=${DURATION:-20s} WARMUP=${WARMUP:-15s}
export SKIP_BUILD=1 SKIP_TRACKER=1 SKIP_HEARTBEATS=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mkdir -p "$AB_DIR"

# --- Builds ---------------------------------------------------------------------------------------------------------
for commit in "$A" "$B"; do
    dir="$AB_DIR/build-$commit"
    if [[ -f $dir/target/quarkus-app/quarkus-run.jar ]]; then
        log "build of $commit: kept from before ($dir)"
        continue
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$ROOT" archive "$commit" | tar -x -C "$dir"
    log "building $commit in $dir"
    (cd "$dir" && timeout 1200 ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true) >"$AB_DIR/build-$commit.log" 2>&1 ||
        { log "build of $commit failed: $(tail -5 "$AB_DIR/build-$commit.log")"; exit 1; }
done

# --- Runs, alternating ----------------------------------------------------------------------------------------------
ROWS="$AB_DIR/runs.tsv"
: >"$ROWS"
for round in $(seq "$ROUNDS"); do
    for side in A B; do
        commit=$([[ $side == A ]] && echo "$A" || echo "$B")
        out="$AB_DIR/run-$round$side"
        if [[ $RESUME == 1 ]] && grep -q '^peerage' "$out/summary.tsv" 2>/dev/null; then
            load=$(cat "$out/loadavg" 2>/dev/null || echo "?")
            log "run $round$side: $commit, kept from before"
            awk -F'\t' -v run="$side$round" -v commit="$commit" -v before="$load" \
                '$1 == "peerage" {print run "\t" commit "\t" before "\t" $3 "\t" $5 "\t" $6 "\t" $7}' \
                "$out/summary.tsv" >>"$ROWS"
            continue
        fi
        rm -rf "$out" && mkdir -p "$out"
        load=$(cut -d' ' -f1 /proc/loadavg)
        echo "$load" >"$out/loadavg"
        extra=${JAVA_EXTRA:-}
        [[ $JFR != 1 ]] || extra+=" -XX:StartFlightRecording=filename=$out/service.jfr,settings=profile"
        log "run $round$side: $commit (load average $load)"
        if APP_ROOT="$AB_DIR/build-$commit" OUT_DIR="$out" JAVA_EXTRA="$extra" "$HERE/run.sh" >"$out/run.log" 2>&1; then
            awk -F'\t' -v run="$side$round" -v commit="$commit" -v before="$load" \
                '$1 == "peerage" {print run "\t" commit "\t" before "\t" $3 "\t" $5 "\t" $6 "\t" $7}' \
                "$out/summary.tsv" >>"$ROWS"
            log "$(tail -1 "$ROWS")"
        else
            log "run $round$side failed: $(grep FAILED "$out/run.log" | tail -1)"
            printf '%s\t%s\t%s\tfailed\t\t\t\n' "$side$round" "$commit" "$load" >>"$ROWS"
        fi
    done
done

# --- Table ----------------------------------------------------------------------------------------------------------
{
    echo "A = \`$A\`, B = \`$B\`; $(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)); $(date -u +%Y-%m-%dT%H:%MZ)."
    echo "Load: $CONTENTS contents × $HOLDERS_PER_CONTENT holders, $NODES nodes ($CDNS CDN), $PAIRS pairs," \
        "$LEVELS connections, $DURATION per run after $WARMUP of warm-up, authentication on$([[ $JFR == 1 ]] && echo ", JFR recording" || true)."
    echo
    echo "| run | commit | load average before | allocations/s | p99 ms | service CPU ms per allocation | MariaDB CPU ms per allocation |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' '{printf "| %s | `%s` | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$ROWS"
    echo
    echo "| pair | allocations/s B/A | p99 B/A | service CPU per allocation B/A |"
    echo "| --- | ---: | ---: | ---: |"
    awk -F'\t' '
        { rate[$1] = $4; p99[$1] = $5; cpu[$1] = $6 }
        function r(b, a) { return (a + 0 > 0 && b + 0 > 0) ? sprintf("%.2f", b / a) : "–" }
        END {
            for (i = 1; ("A" i) in rate; i++) {
                a = "A" i; b = "B" i
                printf "| %s → %s | %s | %s | %s |\n", a, b, r(rate[b], rate[a]), r(p99[b], p99[a]), r(cpu[b], cpu[a])
                if (rate[a] + 0 > 0 && rate[b] + 0 > 0) { n++; lr += log(rate[b] / rate[a]); lp += log(p99[b] / p99[a]); lc += log(cpu[b] / cpu[a]) }
            }
            if (n > 0) printf "| geometric mean | %.2f | %.2f | %.2f |\n", exp(lr / n), exp(lp / n), exp(lc / n)
        }' "$ROWS"
} | tee "$AB_DIR/results.md"
