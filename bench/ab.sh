#!/bin/sh
#
# bench/ab.sh - does a change make hbpushd faster? Runs two hbpushd side by side (two builds, or one
# build with two sets of JVM options, Javas or location settings) and the same fanout against each,
# in alternating pairs, and prints each run and then the means with the B/A ratios. With NCHAN=1 a
# private Nchan joins as a third side, N, and the ratios to it are printed too. Not part of CI.
#
#   B=/path/to/other/hbpush-home bench/ab.sh      # this tree's distribution (A) against another build (B)
#   OPTS_B="-XX:+UseParallelGC" bench/ab.sh        # one build, two sets of JVM options
#   JAVA_HOME_B=/usr/lib/jvm/temurin-25-jdk-amd64 bench/ab.sh   # one build on two Javas
#   SUBSCRIBER_B="subscriber_timeout: 0" bench/ab.sh
#   NGINX_CALLS_B=1 bench/ab.sh                    # B with the JDK's socket calls made nginx's (measuring only)
#   NCHAN=1 PAIRS=6 bench/ab.sh                    # and Nchan, each turn in a rotated order
#   PAIRS=12 SUBSCRIBERS=1000 CHANNELS=100 bench/ab.sh
#
# One run of the tool on a 2-core machine moves by about 5% from one run to the next (the servers,
# the tool and the machine's other tenants share the cores), so a single comparison says nothing
# under 10%. Alternating turns (A first in odd turns, B first in even ones; with Nchan the order
# rotates A B N, B N A, N A B) on servers that stay up resolve about 2% in 8 turns: trust a ratio
# only when most turns agree with it, which the "B better in" count shows. Every server gets the
# same untimed warm-up first (a fanout of 1,000 x 1 x 300 rounds, then the measured fanout once),
# so that no turn measures a JIT compiler at work.
#
# Environment (defaults in brackets):
#   A, B [this tree's distribution/target/hbpush-*/hbpush-*]   the two hbpushd homes
#   OPTS_A, OPTS_B []         JVM options added to -XX:ActiveProcessorCount=CORES (JAVA_OPTS)
#   JAVA_HOME_A, JAVA_HOME_B [JAVA_HOME]  the Java each side runs on (bin/hbpushd's JAVA_HOME)
#   SUBSCRIBER_A, SUBSCRIBER_B []  one more YAML line for the subscriber location, e.g. "subscriber_timeout: 0"
#   NGINX_CALLS_A, NGINX_CALLS_B [0]  1: that side runs with bench/floors/nginx-calls.c preloaded, which
#                             makes the JDK read with recvfrom(2) and register edge-triggered epoll
#                             events, as nginx does (a measuring instrument; needs a C compiler)
#   NCHAN [0]                 1: also a private nginx with Nchan (CORES workers; needs Debian's nginx
#                             and libnginx-mod-nchan, which bench/compare-nchan.sh installs)
#   PAIRS [8]  SUBSCRIBERS [10000]  CHANNELS [1]  ROUNDS [40]  WARMUP_ROUNDS [30]  CORES [nproc]
#   AB_PORT [18920]           A listens on AB_PORT, B on AB_PORT+1, Nchan on AB_PORT+2 (127.0.0.1)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PAIRS=${PAIRS:-8}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
CHANNELS=${CHANNELS:-1}
ROUNDS=${ROUNDS:-40}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-30}
CORES=${CORES:-$(nproc)}
AB_PORT=${AB_PORT:-18920}
NCHAN=${NCHAN:-0}

BENCH_NAME=ab
. "$ROOT/bench/common.sh"

A=${A:-$(tree_home "$ROOT")}
B=${B:-$A}
[ -n "$A" ] || die "no distribution: run mvn package -DskipTests first, or set A and B"
for home in "$A" "$B"; do
    [ -x "$home/bin/hbpushd" ] || die "$home is not an hbpushd home (no bin/hbpushd)"
done
[ "$NCHAN" = 1 ] && need_nchan
need_open_files "$SUBSCRIBERS"

make_work_dir

# $1 side: waits until it answers on its port; an hbpushd that exits first is reported at once
await() {
    port=$(eval echo "\$PORT_$1")
    tries=0
    until curl -s -o /dev/null "http://127.0.0.1:$port/publisher/ab-ready"; do
        if [ "$1" != N ] && ! kill -0 "$(eval echo "\$PID_$1")" 2>/dev/null; then
            die "hbpushd $1 exited: $(tail -5 "$WORK/$1.log")"
        fi
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || die "side $1 does not answer on port $port within 60 s"
        sleep 0.2
    done
}

# $1 side, $2 home, $3 port, $4 JVM options, $5 subscriber line, $6 Java home (may be empty),
# $7 a library to preload (may be empty)
start_hbpushd() {
    hbpushd_config "$3" "$5" > "$WORK/$1.yml"
    LD_PRELOAD=$7 JAVA_HOME=$6 JAVA_OPTS="-XX:ActiveProcessorCount=$CORES $4" "$2/bin/hbpushd" --config "$WORK/$1.yml" > "$WORK/$1.log" 2>&1 &
    PIDS="$PIDS $!"
    eval "PID_$1=$!"
}

if [ "${NGINX_CALLS_A:-0}" = 1 ] || [ "${NGINX_CALLS_B:-0}" = 1 ]; then
    build_nginx_calls "$ROOT"
fi
# $1 side: the library that side preloads, nothing unless NGINX_CALLS_<side>=1
preload() {
    if [ "$(eval echo "\${NGINX_CALLS_$1:-0}")" = 1 ]; then
        echo "$NGINX_CALLS_SO"
    fi
}

PORT_A=$AB_PORT
PORT_B=$((AB_PORT + 1))
PORT_N=$((AB_PORT + 2))
start_hbpushd A "$A" "$PORT_A" "${OPTS_A:-}" "${SUBSCRIBER_A:-}" "${JAVA_HOME_A:-${JAVA_HOME:-}}" "$(preload A)"
start_hbpushd B "$B" "$PORT_B" "${OPTS_B:-}" "${SUBSCRIBER_B:-}" "${JAVA_HOME_B:-${JAVA_HOME:-}}" "$(preload B)"
SIDES="A B"
if [ "$NCHAN" = 1 ]; then
    start_nchan "$WORK/nchan" "$PORT_N" "$CORES" "$SUBSCRIBERS"
    SIDES="A B N"
fi
for side in $SIDES; do await "$side"; done
[ "$NCHAN" = 1 ] && PID_N=$(cat "$WORK/nchan/nginx.pid")
BENCH="$A/bin/hbpush-bench"

# $1 side, then the tool's own arguments: a fanout against that side
bench_fanout() {
    side=$1
    shift
    # Nchan's PUT would post an empty message; it makes channels for subscribers by itself
    if [ "$side" = N ]; then create=none; else create=put; fi
    "$BENCH" fanout --url "http://127.0.0.1:$(eval echo "\$PORT_$side")" --pid "$(eval echo "\$PID_$side")" --create "$create" "$@"
}

# $1 side: one measured fanout; prints its RESULT line
measure() {
    bench_fanout "$1" --subscribers "$SUBSCRIBERS" --channels "$CHANNELS" --rounds "$ROUNDS" \
        --warmup-rounds "$WARMUP_ROUNDS" --timeout 300 2>>"$WORK/bench.log" \
        | grep '^RESULT' || die "the tool failed against side $1: $(tail -3 "$WORK/bench.log")"
}

for side in $SIDES; do
    bench_fanout "$side" --subscribers 1000 --channels 1 --rounds 300 >/dev/null 2>&1
    measure "$side" >/dev/null
done

echo "A: $A ${JAVA_HOME_A:-${JAVA_HOME:-}} ${OPTS_A:-} ${SUBSCRIBER_A:-} $(preload A)"
echo "B: $B ${JAVA_HOME_B:-${JAVA_HOME:-}} ${OPTS_B:-} ${SUBSCRIBER_B:-} $(preload B)"
[ "$NCHAN" = 1 ] && echo "N: Nchan, $(nginx -v 2>&1), $CORES workers"
echo "fanout --subscribers $SUBSCRIBERS --channels $CHANNELS --rounds $ROUNDS --warmup-rounds $WARMUP_ROUNDS, $PAIRS turns"
turn=1
while [ "$turn" -le "$PAIRS" ]; do
    if [ "$NCHAN" = 1 ]; then
        case $((turn % 3)) in 1) order="A B N" ;; 2) order="B N A" ;; *) order="N A B" ;; esac
    elif [ $((turn % 2)) = 1 ]; then
        order="A B"
    else
        order="B A"
    fi
    for side in $order; do
        echo "$side $turn $(measure "$side")" | tee -a "$WORK/runs"
    done
    turn=$((turn + 1))
done

# Means of each side, B/A (and A/N, B/N), and in how many turns B did better than A on each figure.
awk '
function field(name,   i, kv) {
    for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] + 0 }
    return 0
}
{
    side = $1; turn = $2
    runs[side]++
    value["dps", side] += d[side, turn] = field("deliveries_per_s")
    value["p99", side] += l[side, turn] = field("p99_ms")
    value["cpu", side] += c[side, turn] = field("server_cpu_us_per_op")
    turns[turn] = 1
    if ($0 !~ / ok=true/) bad++
}
function mean(what, side) { return value[what, side] / runs[side] }
function row(label, what, format, better,   nchan) {
    nchan = ("N" in runs)
    printf "%-24s " format " " format, label, mean(what, "A"), mean(what, "B")
    if (nchan) printf " " format, mean(what, "N")
    printf " %8.3f", mean(what, "B") / mean(what, "A")
    if (nchan) printf " %8.3f %8.3f", mean(what, "A") / mean(what, "N"), mean(what, "B") / mean(what, "N")
    printf " %7d of %d\n", better, n
}
END {
    for (t in turns) { n++; if (d["B", t] > d["A", t]) bd++; if (l["B", t] < l["A", t]) bl++; if (c["B", t] < c["A", t]) bc++ }
    printf "\n%-24s %12s %12s", "", "A", "B"
    if ("N" in runs) printf " %12s", "N"
    printf " %8s", "B/A"
    if ("N" in runs) printf " %8s %8s", "A/N", "B/N"
    printf " %12s\n", "B better in"
    row("deliveries/s", "dps", "%12.0f", bd)
    row("p99 ms", "p99", "%12.1f", bl)
    row("server CPU us/delivery", "cpu", "%12.3f", bc)
    if (bad) printf "\n%d runs were not ok (lost, duplicated, reordered or failed answers): see their RESULT lines\n", bad
}' "$WORK/runs"
