#!/bin/sh
#
# bench/ab.sh - does a change make hbpushd faster? Runs two hbpushd side by side (two builds, or one
# build with two sets of JVM options or location settings) and the same fanout against each, in
# alternating pairs, and prints each run and then the means with the B/A ratios. Not part of CI.
#
#   B=/path/to/other/hbpush-home bench/ab.sh      # this tree's distribution (A) against another build (B)
#   OPTS_B="-XX:+UseParallelGC" bench/ab.sh        # one build, two sets of JVM options
#   JAVA_HOME_B=/usr/lib/jvm/temurin-25-jdk-amd64 bench/ab.sh   # one build on two Javas
#   SUBSCRIBER_B="subscriber_timeout: 0" bench/ab.sh
#   PAIRS=12 SUBSCRIBERS=1000 CHANNELS=100 bench/ab.sh
#
# One run of the tool on a 2-core machine moves by about 5% from one run to the next (the two
# servers, the tool and the machine's other tenants share the cores), so a single comparison says
# nothing under 10%. Alternating pairs (A first in odd pairs, B first in even ones) on servers that
# stay up resolve about 2% in 8 pairs: trust a ratio only when most pairs agree with it, which the
# "B better in" count shows. Both servers get the same untimed warm-up first (a fanout of 1,000
# x 1 x 300 rounds, then the measured fanout once), so that no pair measures a JIT compiler at work.
#
# Environment (defaults in brackets):
#   A, B [this tree's distribution/target/hbpush-*/hbpush-*]   the two hbpushd homes
#   OPTS_A, OPTS_B []         JVM options added to -XX:ActiveProcessorCount=CORES (JAVA_OPTS)
#   JAVA_HOME_A, JAVA_HOME_B [JAVA_HOME]  the Java each side runs on (bin/hbpushd's JAVA_HOME)
#   SUBSCRIBER_A, SUBSCRIBER_B []  one more YAML line for the subscriber location, e.g. "subscriber_timeout: 0"
#   PAIRS [8]  SUBSCRIBERS [10000]  CHANNELS [1]  ROUNDS [40]  WARMUP_ROUNDS [30]  CORES [nproc]
#   AB_PORT [18920]           A listens on AB_PORT, B on AB_PORT+1 (127.0.0.1)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PAIRS=${PAIRS:-8}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
CHANNELS=${CHANNELS:-1}
ROUNDS=${ROUNDS:-40}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-30}
CORES=${CORES:-$(nproc)}
AB_PORT=${AB_PORT:-18920}

BENCH_NAME=ab
. "$ROOT/bench/common.sh"

A=${A:-$(tree_home "$ROOT")}
B=${B:-$A}
[ -n "$A" ] || die "no distribution: run mvn package -DskipTests first, or set A and B"
for home in "$A" "$B"; do
    [ -x "$home/bin/hbpushd" ] || die "$home is not an hbpushd home (no bin/hbpushd)"
done
need_open_files "$SUBSCRIBERS"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hbpush-ab.XXXXXX")
PIDS=
cleanup() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# $1 port, $2 the subscriber location's extra line
config() {
    cat <<CONF
port: $1
address: 127.0.0.1
store:
  type: memory
locations:
  - type: subscriber
    prefix: /subscriber/
${2:+    $2}
  - type: publisher
    prefix: /publisher/
CONF
}

# $1 name, $2 home, $3 port, $4 JVM options, $5 subscriber line, $6 Java home (may be empty); sets STARTED_PID
start() {
    config "$3" "$5" > "$WORK/$1.yml"
    JAVA_HOME=$6 JAVA_OPTS="-XX:ActiveProcessorCount=$CORES $4" "$2/bin/hbpushd" --config "$WORK/$1.yml" > "$WORK/$1.log" 2>&1 &
    STARTED_PID=$!
    PIDS="$PIDS $STARTED_PID"
    tries=0
    until curl -s -o /dev/null "http://127.0.0.1:$3/publisher/ready"; do
        kill -0 "$STARTED_PID" 2>/dev/null || die "hbpushd $1 did not start: $(tail -5 "$WORK/$1.log")"
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || die "hbpushd $1 did not listen on $3 within 60 s"
        sleep 0.2
    done
}

A_PORT=$AB_PORT
B_PORT=$((AB_PORT + 1))
start A "$A" "$A_PORT" "${OPTS_A:-}" "${SUBSCRIBER_A:-}" "${JAVA_HOME_A:-${JAVA_HOME:-}}"
A_PID=$STARTED_PID
start B "$B" "$B_PORT" "${OPTS_B:-}" "${SUBSCRIBER_B:-}" "${JAVA_HOME_B:-${JAVA_HOME:-}}"
B_PID=$STARTED_PID
BENCH="$A/bin/hbpush-bench"

# $1 port, $2 pid: one measured fanout; prints its RESULT line
fanout() {
    "$BENCH" fanout --subscribers "$SUBSCRIBERS" --channels "$CHANNELS" --rounds "$ROUNDS" \
        --warmup-rounds "$WARMUP_ROUNDS" --url "http://127.0.0.1:$1" --create put --pid "$2" --timeout 300 2>>"$WORK/bench.log" \
        | grep '^RESULT' || die "the tool failed against port $1: $(tail -3 "$WORK/bench.log")"
}

for server in "$A_PORT $A_PID" "$B_PORT $B_PID"; do
    set -- $server
    "$BENCH" fanout --subscribers 1000 --channels 1 --rounds 300 --url "http://127.0.0.1:$1" --create put >/dev/null 2>&1
    fanout "$1" "$2" >/dev/null
done

echo "A: $A ${JAVA_HOME_A:-${JAVA_HOME:-}} ${OPTS_A:-} ${SUBSCRIBER_A:-}"
echo "B: $B ${JAVA_HOME_B:-${JAVA_HOME:-}} ${OPTS_B:-} ${SUBSCRIBER_B:-}"
echo "fanout --subscribers $SUBSCRIBERS --channels $CHANNELS --rounds $ROUNDS --warmup-rounds $WARMUP_ROUNDS, $PAIRS pairs"
pair=1
while [ "$pair" -le "$PAIRS" ]; do
    if [ $((pair % 2)) = 1 ]; then order="A B"; else order="B A"; fi
    for side in $order; do
        if [ "$side" = A ]; then line=$(fanout "$A_PORT" "$A_PID"); else line=$(fanout "$B_PORT" "$B_PID"); fi
        echo "$side $pair $line" | tee -a "$WORK/runs"
    done
    pair=$((pair + 1))
done

# Means of each side, the B/A ratios, and in how many pairs B did better on each figure.
awk '
function field(name,   i, kv) {
    for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] + 0 }
    return ""
}
{
    side = $1; pair = $2
    dps[side] += field("deliveries_per_s"); p99[side] += field("p99_ms"); cpu[side] += field("server_cpu_us_per_op")
    runs[side]++
    if ($0 !~ / ok=true/) bad++
    d[side, pair] = field("deliveries_per_s"); l[side, pair] = field("p99_ms"); c[side, pair] = field("server_cpu_us_per_op")
    pairs[pair] = 1
}
END {
    for (p in pairs) { n++; if (d["B", p] > d["A", p]) bd++; if (l["B", p] < l["A", p]) bl++; if (c["B", p] < c["A", p]) bc++ }
    printf "\n%-26s %12s %12s %8s %12s\n", "", "A", "B", "B/A", "B better in"
    printf "%-26s %12.0f %12.0f %8.3f %9d of %d\n", "deliveries/s", dps["A"] / runs["A"], dps["B"] / runs["B"], (dps["B"] / runs["B"]) / (dps["A"] / runs["A"]), bd, n
    printf "%-26s %12.1f %12.1f %8.3f %9d of %d\n", "p99 ms", p99["A"] / runs["A"], p99["B"] / runs["B"], (p99["B"] / runs["B"]) / (p99["A"] / runs["A"]), bl, n
    printf "%-26s %12.3f %12.3f %8.3f %9d of %d\n", "server CPU us/delivery", cpu["A"] / runs["A"], cpu["B"] / runs["B"], (cpu["B"] / runs["B"]) / (cpu["A"] / runs["A"]), bc, n
    if (bad) printf "\n%d runs were not ok (lost, duplicated, reordered or failed answers): see their RESULT lines\n", bad
}' "$WORK/runs"
