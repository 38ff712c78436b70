#!/bin/sh
#
# bench/floors.sh - what bounds hbpushd's CPU per delivery in a fanout: runs the same fanout against
# hbpushd (memory store), Nchan and two "floors" from bench/floors/Floors.java, the least a
# long-polling server can do on Jetty 12's connector and endpoints ("jetty-floor") and on a plain
# java.nio selector ("nio-floor"), and prints each server's user and system CPU per delivery.
# The floors are measuring instruments, not servers (see Floors.java). Not part of CI.
#
#   bench/floors.sh                        # 3 rounds of the four servers, 10,000 subscribers x 1 channel
#   RUNS=5 SUBSCRIBERS=1000 bench/floors.sh
#
# Needs the distribution (mvn package -DskipTests) and Debian's nginx with libnginx-mod-nchan
# (bench/compare-nchan.sh installs them). Each server gets the same untimed warm-up first (40
# rounds), then the servers take turns, RUNS times. The CPU figures are read from /proc/PID/stat
# (process and children, threads included) around each whole tool run, set-up and the tool's
# warm-up rounds included, divided by SUBSCRIBERS x (ROUNDS + 10) deliveries.
#
# Environment (defaults in brackets): RUNS [3], SUBSCRIBERS [10000], ROUNDS [20], CORES [nproc],
# PORTS from FLOORS_PORT [18910] to FLOORS_PORT+3.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
ROUNDS=${ROUNDS:-20}
CORES=${CORES:-$(nproc)}
FLOORS_PORT=${FLOORS_PORT:-18910}
WARMUP_ROUNDS=10

BENCH_NAME=floors
. "$ROOT/bench/common.sh"

HOME_DIR=$(tree_home "$ROOT")
[ -n "$HOME_DIR" ] || die "no distribution: run mvn package -DskipTests first"
need_nchan
need_open_files "$SUBSCRIBERS"

make_work_dir

JETTY_PORT=$FLOORS_PORT
NIO_PORT=$((FLOORS_PORT + 1))
HBPUSH_PORT=$((FLOORS_PORT + 2))
NCHAN_PORT=$((FLOORS_PORT + 3))

# The floors run as single-file programs, compiled at start, with hbpushd's JVM settings.
start_floor jetty "$JETTY_PORT" "$ROOT" "$HOME_DIR"
JETTY_PID=$FLOOR_PID
start_floor nio "$NIO_PORT" "$ROOT" "$HOME_DIR"
NIO_PID=$FLOOR_PID
hbpushd_config "$HBPUSH_PORT" > "$WORK/hbpushd.yml"
JAVA_OPTS="-XX:ActiveProcessorCount=$CORES" "$HOME_DIR/bin/hbpushd" --config "$WORK/hbpushd.yml" >"$WORK/hbpushd.log" 2>&1 &
HBPUSHD_PID=$!
PIDS="$JETTY_PID $NIO_PID $HBPUSHD_PID"

start_nchan "$WORK/nchan" "$NCHAN_PORT" "$CORES" "$SUBSCRIBERS"

for port in "$JETTY_PORT" "$NIO_PORT" "$HBPUSH_PORT" "$NCHAN_PORT"; do await_port "$port"; done
NGINX_PID=$(cat "$WORK/nchan/nginx.pid")

# port NAME, pid NAME, create NAME: where each server is
port() { case $1 in jetty-floor) echo "$JETTY_PORT" ;; nio-floor) echo "$NIO_PORT" ;; hbpushd) echo "$HBPUSH_PORT" ;; nchan) echo "$NCHAN_PORT" ;; esac; }
pid() { case $1 in jetty-floor) echo "$JETTY_PID" ;; nio-floor) echo "$NIO_PID" ;; hbpushd) echo "$HBPUSHD_PID" ;; nchan) echo "$NGINX_PID" ;; esac; }
# Nchan's PUT would post an empty message
create() { if [ "$1" = nchan ]; then echo none; else echo put; fi; }

fanout() {
    "$HOME_DIR/bin/hbpush-bench" fanout --subscribers "$SUBSCRIBERS" --channels 1 --rounds "$2" --warmup-rounds "$3" \
        --url "http://127.0.0.1:$(port "$1")" --create "$(create "$1")" --pid "$(pid "$1")" --progress 0 --timeout 600
}

# ticks PID: user and system clock ticks of the process and its children (nginx's workers)
ticks() {
    for process in $1 $(pgrep -P "$1" || true); do
        awk '{print $14, $15}' "/proc/$process/stat"
    done | awk '{user += $1; kernel += $2} END {print user, kernel}'
}

SERVERS="jetty-floor nio-floor hbpushd nchan"
for server in $SERVERS; do
    echo "floors: warming $server" >&2
    fanout "$server" 40 0 >/dev/null || die "the warm-up of $server failed"
done

HERTZ=$(getconf CLK_TCK)
DELIVERIES=$((SUBSCRIBERS * (ROUNDS + WARMUP_ROUNDS)))
: > "$WORK/lines"
run=1
while [ "$run" -le "$RUNS" ]; do
    for server in $SERVERS; do
        before=$(ticks "$(pid "$server")")
        result=$(fanout "$server" "$ROUNDS" "$WARMUP_ROUNDS") || die "a run on $server failed: $result"
        after=$(ticks "$(pid "$server")")
        line=$(echo "$before $after" | awk -v hz="$HERTZ" -v n="$DELIVERIES" -v s="$server" -v r="$run" \
            '{printf "FLOOR server=%s run=%d user_us_per_delivery=%.1f system_us_per_delivery=%.1f", s, r, ($3 - $1) * 1e6 / hz / n, ($4 - $2) * 1e6 / hz / n}')
        echo "$line ${result#RESULT }" | tee -a "$WORK/lines"
    done
    run=$((run + 1))
done

# medians per server of: user, system, the tool's server_cpu_us_per_op, deliveries_per_s, p99_ms
echo
echo "| server | user µs/delivery | system µs/delivery | server_cpu_us_per_op | deliveries/s | p99 ms |"
echo "|---|---:|---:|---:|---:|---:|"
for server in $SERVERS; do
    printf '| %s |' "$server"
    for field in user_us_per_delivery system_us_per_delivery server_cpu_us_per_op deliveries_per_s p99_ms; do
        grep "server=$server " "$WORK/lines" | tr ' ' '\n' | sed -n "s/^$field=//p" | sort -n \
            | awk '{v[NR] = $1} END {printf " %s |", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
    done
    echo
done
