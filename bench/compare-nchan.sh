#!/bin/sh
#
# bench/compare-nchan.sh - hbpushd (memory store), Nchan and, when Redis is here, hbpushd with the
# redis store side by side on this machine, with the same load tool (bin/hbpush-bench), the same
# scenarios and the same cores; prints a table of medians with hbpushd/Nchan and redis/memory ratios.
# With POSTGRESQL=1, hbpushd with the postgresql store runs the chain and a fanout too, in a second
# table. It is slower: a chain run on PostgreSQL takes about 4 minutes at the default size (within
# the default BENCH_TIMEOUT), and a fanout of 1,000 subscribers runs at 4,000-7,000 deliveries/s.
# Not part of CI: run it by hand from anywhere in the repository.
#
#   bench/compare-nchan.sh                  # the full run of issue #7 (25-30 minutes on 2 cores with Redis)
#   QUICK=1 bench/compare-nchan.sh          # small sizes, a few minutes: checks the set-up
#   SCENARIOS="fanout-10k chain" bench/compare-nchan.sh
#   REDIS=0 bench/compare-nchan.sh          # hbpushd (memory) and Nchan only
#   POSTGRESQL=1 bench/compare-nchan.sh     # also hbpushd on PostgreSQL (chain, fanout 1,000 x 1)
#
# What it does:
#   1. installs Debian's nginx and libnginx-mod-nchan when they are missing (apt-get, as root or with
#      sudo; the packages' own service is never started: a policy-rc.d refuses it during the install);
#      with REDIS=1, redis-server too, and with POSTGRESQL=1, postgresql, the same way;
#   2. builds the distribution with `mvn package -DskipTests` unless it is there already (BUILD=1 forces it);
#   3. starts a private nginx with Nchan (its own prefix, config, pid file and logs in a temporary
#      directory, worker_processes = CORES) on 127.0.0.1:$NCHAN_PORT and hbpushd from the distribution
#      (memory store, -XX:ActiveProcessorCount=CORES) on 127.0.0.1:$HBPUSH_PORT; with Redis, also a
#      private redis-server on 127.0.0.1:$REDIS_PORT (no persistence, its own directory; never the
#      system's service) and "hbpushd-redis", the same hbpushd with
#      `store: {type: redis, key_prefix: 'compare:'}` on that Redis, on 127.0.0.1:$HBPUSH_REDIS_PORT;
#      with POSTGRESQL=1, a private cluster (initdb into the temporary directory, PostgreSQL's default
#      settings, durable commits included; as the postgres user when run as root) on
#      127.0.0.1:$PG_PORT with one database, and "hbpushd-pg", the same hbpushd with the postgresql
#      store on it, on 127.0.0.1:$HBPUSH_PG_PORT: it runs the scenarios of PG_SCENARIOS only;
#   4. warms every server once with the same untimed load (SERVER_WARMUP: publish, interval and a
#      fanout, their results kept in bench.log only), so that no scenario's first run measures a
#      JIT compiler at work (hbpushd is a JVM; Nchan gets the same load though it has nothing to warm);
#   5. runs every scenario RUNS times against each server, rotating which goes first, a fresh
#      server for each idle run (a fresh hbpushd-redis; the same redis-server); the scenario
#      cross-node (Redis only) starts a second hbpushd-redis node on $HBPUSH_REDIS_B_PORT, holds the
#      subscribers there and publishes on the first node, then stops that node again; every server
#      is stopped at the end, also on failure or Ctrl-C;
#   6. prints the RESULT lines, then the table of medians (also written to $OUT when set). Besides the
#      throughput and latency, it shows server_cpu_us_per_op: the server's CPU time (process and
#      children) per message, request or delivery. When the tool shares the cores with the server
#      the throughput may be the tool's limit; the CPU per operation is then the fairer comparison.
#      tool_cpu_us_per_op is the load tool's own CPU per operation over the same time: how much of
#      the shared cores the tool took against each server.
#      For hbpushd-redis, server_cpu_us_per_op and the idle RSS are hbpushd's only (in cross-node:
#      node B's, where the subscribers are); redis-server's CPU is shown apart as
#      redis_cpu_us_per_op (read from /proc around the whole run, set-up and warm-up included, so a
#      little high); redis-server's memory is not counted anywhere. The same for hbpushd-pg and
#      PostgreSQL (pg_cpu_us_per_op: the postmaster and its processes alive at the end of the run).
#
# Environment (defaults in brackets):
#   CORES [nproc]            cores each server gets: nginx worker_processes and the JVM's processor count
#   SERVER_CPUS, CLIENT_CPUS taskset CPU lists to pin the servers (redis-server included) and the load
#                            tool apart (e.g. 0 and 1); unset: no pinning, the tool shares the cores
#                            with the server under test
#   RUNS [3]                 runs of each scenario on each server (the table shows medians)
#   SCENARIOS                subset of: publish interval fanout-1k fanout-1k-100 fanout-10k chain
#                            cross-node idle (cross-node needs Redis; left out of the default without it)
#   PUBLISH_DURATION [10]    seconds measured in publish (after a 1 s warm-up)
#   INTERVAL_DURATION [10]   seconds measured in interval
#   FANOUT_ROUNDS [40]       measured rounds of each fanout (and of cross-node: CROSS_ROUNDS); 10 rounds
#                            of 1,000 subscribers last well under a second and swing by a third
#   FANOUT_WARMUP_ROUNDS [30] rounds before them in the same run, checked but not measured: the load
#                            tool is a fresh JVM each run, and its JIT compiler would otherwise take
#                            a core's share while the first rounds are measured (both servers alike)
#   FANOUT_SMALL [1000] FANOUT_LARGE [10000] FANOUT_CHANNELS [100]
#   CHAIN_MESSAGES [20000]   messages per channel in chain (10 channels, 3 followers each, 4 publishers)
#   IDLE_SUBSCRIBERS [10000]
#   CROSS_SUBSCRIBERS [1000] CROSS_CHANNELS [10] CROSS_ROUNDS [20]
#                            cross-node: subscribers on node B, channels, rounds posted on node A
#   SERVER_WARMUP [1]        1: the warm-up of step 4 (about a minute per server: publish 10 s, interval
#                            5 s, fanout 1,000 subscribers x 1 channel x 300 rounds); 0: none
#   QUICK=1                  all of the above small (durations 2 s, 200/1000 subscribers, 500 messages,
#                            cross-node 200 subscribers and 5 rounds, no server warm-up)
#   REDIS                    1: run hbpushd-redis (installs redis-server with apt-get when missing);
#                            0: do not; unset: run it when redis-server and redis-cli are on the PATH
#   POSTGRESQL [0]           1: run hbpushd-pg (installs postgresql with apt-get when its programs
#                            are not in /usr/lib/postgresql/*/bin); 0: do not
#   PG_SCENARIOS [chain fanout-1k]  the scenarios hbpushd-pg runs (those of SCENARIOS only)
#   NCHAN_PORT [18180] HBPUSH_PORT [18181]
#   HBPUSH_REDIS_PORT [18182] HBPUSH_REDIS_B_PORT [18183] REDIS_PORT [18379]
#   HBPUSH_PG_PORT [18184] PG_PORT [18432]
#   HBPUSHD_JAVA_OPTS        JVM options of every hbpushd (default -XX:ActiveProcessorCount=CORES)
#   BENCH_JAVA_OPTS          JVM options of the load tool
#   KEEP=1                   keep the temporary directory (configurations, logs, RESULT lines)
#   OUT                      also write the table (Markdown) to this file
set -eu
unset CDPATH

ROOT=$(cd -P -- "$(dirname -- "$0")/.." && pwd -P)
cd "$ROOT"

say() { printf '%s\n' "compare-nchan: $*" >&2; }
die() { say "$*"; exit 1; }

CORES=${CORES:-$(nproc)}
RUNS=${RUNS:-3}
if [ "${QUICK:-0}" = 1 ]; then
    : "${PUBLISH_DURATION:=2}" "${INTERVAL_DURATION:=2}" "${FANOUT_ROUNDS:=5}" "${FANOUT_WARMUP_ROUNDS:=2}" "${FANOUT_SMALL:=200}"
    : "${FANOUT_LARGE:=1000}" "${FANOUT_CHANNELS:=20}" "${CHAIN_MESSAGES:=500}" "${IDLE_SUBSCRIBERS:=1000}"
    : "${CROSS_SUBSCRIBERS:=200}" "${CROSS_CHANNELS:=10}" "${CROSS_ROUNDS:=5}" "${SERVER_WARMUP:=0}"
fi
SERVER_WARMUP=${SERVER_WARMUP:-1}
case $SERVER_WARMUP in 0|1) ;; *) die "SERVER_WARMUP is 0 or 1, not $SERVER_WARMUP" ;; esac
PUBLISH_DURATION=${PUBLISH_DURATION:-10}
INTERVAL_DURATION=${INTERVAL_DURATION:-10}
FANOUT_ROUNDS=${FANOUT_ROUNDS:-40}
FANOUT_WARMUP_ROUNDS=${FANOUT_WARMUP_ROUNDS:-30}
FANOUT_SMALL=${FANOUT_SMALL:-1000}
FANOUT_LARGE=${FANOUT_LARGE:-10000}
FANOUT_CHANNELS=${FANOUT_CHANNELS:-100}
CHAIN_MESSAGES=${CHAIN_MESSAGES:-20000}
IDLE_SUBSCRIBERS=${IDLE_SUBSCRIBERS:-10000}
CROSS_SUBSCRIBERS=${CROSS_SUBSCRIBERS:-1000}
CROSS_CHANNELS=${CROSS_CHANNELS:-10}
CROSS_ROUNDS=${CROSS_ROUNDS:-20}
NCHAN_PORT=${NCHAN_PORT:-18180}
HBPUSH_PORT=${HBPUSH_PORT:-18181}
HBPUSH_REDIS_PORT=${HBPUSH_REDIS_PORT:-18182}
HBPUSH_REDIS_B_PORT=${HBPUSH_REDIS_B_PORT:-18183}
REDIS_PORT=${REDIS_PORT:-18379}
HBPUSH_PG_PORT=${HBPUSH_PG_PORT:-18184}
PG_PORT=${PG_PORT:-18432}
PG_SCENARIOS=${PG_SCENARIOS:-chain fanout-1k}
# PostgreSQL's programs: Debian keeps them out of the PATH, one directory per major version.
pg_binaries() {
    for bin in /usr/lib/postgresql/*/bin; do
        if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/createdb" ]; then
            latest=$bin
        fi
    done
    printf '%s\n' "${latest:-}"
}
# POSTGRESQL: 1 on, 0 off (the default: it makes the run much longer)
POSTGRESQL=${POSTGRESQL:-0}
case $POSTGRESQL in 0|1) ;; *) die "POSTGRESQL is 0, 1 or unset, not $POSTGRESQL" ;; esac
# REDIS: 1 on, 0 off, unset: on when redis-server and redis-cli are here
if [ -z "${REDIS:-}" ]; then
    if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then REDIS=1; else REDIS=0; fi
fi
case $REDIS in 0|1) ;; *) die "REDIS is 0, 1 or unset, not $REDIS" ;; esac
if [ "$REDIS" = 1 ]; then
    SCENARIOS=${SCENARIOS:-publish interval fanout-1k fanout-1k-100 fanout-10k chain cross-node idle}
else
    SCENARIOS=${SCENARIOS:-publish interval fanout-1k fanout-1k-100 fanout-10k chain idle}
fi
HBPUSHD_JAVA_OPTS=${HBPUSHD_JAVA_OPTS:--XX:ActiveProcessorCount=$CORES}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}

# The most connections one run holds, plus the publishers and some slack.
MAX_CONNECTIONS=$IDLE_SUBSCRIBERS
[ "$FANOUT_LARGE" -gt "$MAX_CONNECTIONS" ] && MAX_CONNECTIONS=$FANOUT_LARGE
[ "$REDIS" = 1 ] && [ "$CROSS_SUBSCRIBERS" -gt "$MAX_CONNECTIONS" ] && MAX_CONNECTIONS=$CROSS_SUBSCRIBERS
MAX_CONNECTIONS=$((MAX_CONNECTIONS + 1024))
# Each held poll is a socket on both sides: take the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((MAX_CONNECTIONS + 256)) ]; then
    die "the open-file limit is $(ulimit -n), $((MAX_CONNECTIONS + 256)) are needed; raise it (ulimit -n, /etc/security/limits.conf) or lower IDLE_SUBSCRIBERS and FANOUT_LARGE"
fi

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "installing needs root: run as root or install $APT_PACKAGES first"
    fi
}

# apt_install PACKAGE...: Debian packages, without starting their services.
apt_install() {
    APT_PACKAGES=$*
    say "installing $APT_PACKAGES (Debian packages)"
    as_root apt-get update -qq
    for package in "$@"; do
        if ! apt-cache policy "$package" | grep -q 'Candidate: [0-9]'; then
            die "no $package package for this system (apt-cache policy $package)"
        fi
    done
    # The packages start the system's nginx (port 80) or redis-server (port 6379) unless told not
    # to: this run never uses them.
    created_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
        as_root chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
    fi
    status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || status=$?
    [ -n "$created_policy" ] && as_root rm -f /usr/sbin/policy-rc.d
    [ "$status" = 0 ] || die "apt-get install $APT_PACKAGES failed"
}

install_postgresql() {
    [ -n "$(pg_binaries)" ] && return
    apt_install postgresql
    [ -n "$(pg_binaries)" ] || die "no initdb, pg_ctl and createdb under /usr/lib/postgresql/*/bin after installing postgresql"
}

NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
install_nchan() {
    if command -v nginx >/dev/null 2>&1 && [ -f "$NCHAN_MODULE" ]; then
        return
    fi
    apt_install nginx libnginx-mod-nchan
    [ -f "$NCHAN_MODULE" ] || die "libnginx-mod-nchan installed no $NCHAN_MODULE"
}

# Debian's redis-server depends on redis-tools, which has redis-cli.
install_redis() {
    if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
        return
    fi
    apt_install redis-server
    command -v redis-cli >/dev/null 2>&1 || die "no redis-cli after installing redis-server (package redis-tools)"
}

find_distribution() {
    for home in "$ROOT"/distribution/target/hbpush-*/hbpush-*/; do
        if [ -x "$home/bin/hbpushd" ] && [ -x "$home/bin/hbpush-bench" ]; then
            printf '%s\n' "${home%/}"
            return
        fi
    done
}

command -v curl >/dev/null 2>&1 || die "curl is needed to wait for the servers"
command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || die "no Java 17 found"
install_nchan
[ "$REDIS" = 1 ] && install_redis
[ "$POSTGRESQL" = 1 ] && install_postgresql
HOME_DIR=$(find_distribution)
if [ -z "$HOME_DIR" ] || [ "${BUILD:-0}" = 1 ]; then
    say "building the distribution (mvn package -DskipTests)"
    mvn -B -q -ntp -DskipTests package >&2
    HOME_DIR=$(find_distribution)
    [ -n "$HOME_DIR" ] || die "the build made no distribution/target/hbpush-*/hbpush-*/bin/hbpush-bench"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hbpush-compare.XXXXXX")
NGINX_PID=
HBPUSHD_PID=
REDIS_PID=
HBPUSHD_REDIS_PID=
HBPUSHD_REDIS_B_PID=
HBPUSHD_PG_PID=
PG_STARTED=

stop_nchan() {
    if [ -f "$WORK/nchan/nginx.pid" ]; then
        pid=$(cat "$WORK/nchan/nginx.pid")
        kill -QUIT "$pid" 2>/dev/null || true
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$WORK/nchan/nginx.pid"
    fi
    NGINX_PID=
}

# stop_pid PID: SIGTERM to a server started here with &, and wait for it (hbpushd answers its held
# requests and stops; redis-server without persistence stops at once).
stop_pid() {
    if [ -n "$1" ]; then
        kill -TERM "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}

stop_hbpushd() { stop_pid "$HBPUSHD_PID"; HBPUSHD_PID=; }
stop_hbpushd_redis() { stop_pid "$HBPUSHD_REDIS_PID"; HBPUSHD_REDIS_PID=; }
stop_hbpushd_redis_b() { stop_pid "$HBPUSHD_REDIS_B_PID"; HBPUSHD_REDIS_B_PID=; }
stop_redis() { stop_pid "$REDIS_PID"; REDIS_PID=; }
stop_hbpushd_pg() { stop_pid "$HBPUSHD_PG_PID"; HBPUSHD_PG_PID=; }
stop_postgresql() {
    if [ -n "$PG_STARTED" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$WORK/postgresql/data" -m fast -w stop >/dev/null 2>&1 || true
        PG_STARTED=
    fi
}

cleanup() {
    status=$?
    trap - EXIT INT TERM
    stop_nchan
    stop_hbpushd
    stop_hbpushd_redis_b
    stop_hbpushd_redis
    stop_redis
    stop_hbpushd_pg
    stop_postgresql
    if [ "${KEEP:-0}" = 1 ] || [ "$status" != 0 ]; then
        say "kept $WORK (configurations, logs, results)"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$WORK/nchan/logs" "$WORK/nchan/temp" "$WORK/hbpushd"
# Nchan must keep every message of a chain channel, as hbpushd does (message_buffer_length).
BUFFER=$((CHAIN_MESSAGES + 1000))
cat > "$WORK/nchan/nginx.conf" <<CONF
load_module $NCHAN_MODULE;
worker_processes $CORES;
worker_rlimit_nofile $((MAX_CONNECTIONS * 2));
pid $WORK/nchan/nginx.pid;
error_log $WORK/nchan/logs/error.log warn;
events {
    worker_connections $((MAX_CONNECTIONS * 2));
    multi_accept on;
}
http {
    access_log off;
    client_body_temp_path $WORK/nchan/temp/body;
    proxy_temp_path $WORK/nchan/temp/proxy;
    fastcgi_temp_path $WORK/nchan/temp/fastcgi;
    uwsgi_temp_path $WORK/nchan/temp/uwsgi;
    scgi_temp_path $WORK/nchan/temp/scgi;
    # hbpushd keeps connections open as long as the client wants: so does this nginx
    keepalive_requests 1000000000;
    keepalive_timeout 600s;
    nchan_max_reserved_memory 1024M;
    server {
        listen 127.0.0.1:$NCHAN_PORT backlog=4096;
        location ~ ^/publisher/(.+)\$ {
            nchan_publisher;
            nchan_channel_id \$1;
            nchan_message_buffer_length $BUFFER;
            nchan_message_timeout 1h;
        }
        location ~ ^/subscriber/(.+)\$ {
            nchan_subscriber longpoll;
            nchan_channel_id \$1;
            nchan_subscriber_first_message oldest;
        }
        location ~ ^/interval/(.+)\$ {
            nchan_subscriber intervalpoll;
            nchan_channel_id \$1;
            nchan_subscriber_first_message oldest;
        }
    }
}
CONF

# hbpushd_config PORT STORE-LINES: an hbpushd configuration; only the port and the store differ.
hbpushd_config() {
    cat <<CONF
port: $1
address: 127.0.0.1
store:
$2
locations:
  - type: subscriber
    prefix: /subscriber/
  - type: subscriber
    prefix: /interval/
    polling: interval
  - type: publisher
    prefix: /publisher/
    message_buffer_length: $BUFFER
CONF
}
hbpushd_config "$HBPUSH_PORT" "  type: memory" > "$WORK/hbpushd/hbpushd.yml"
if [ "$REDIS" = 1 ]; then
    mkdir -p "$WORK/redis" "$WORK/hbpushd-redis" "$WORK/hbpushd-redis-b"
    REDIS_STORE="  type: redis
  host: 127.0.0.1
  port: $REDIS_PORT
  key_prefix: 'compare:'"
    hbpushd_config "$HBPUSH_REDIS_PORT" "$REDIS_STORE" > "$WORK/hbpushd-redis/hbpushd.yml"
    hbpushd_config "$HBPUSH_REDIS_B_PORT" "$REDIS_STORE" > "$WORK/hbpushd-redis-b/hbpushd.yml"
fi
PG_USER=hbpush
PG_DATABASE=hbpush_compare
if [ "$POSTGRESQL" = 1 ]; then
    PG_BIN=$(pg_binaries)
    mkdir -p "$WORK/postgresql/socket" "$WORK/hbpushd-pg"
    hbpushd_config "$HBPUSH_PG_PORT" "  type: postgresql
  host: 127.0.0.1
  port: $PG_PORT
  database: $PG_DATABASE
  user: $PG_USER" > "$WORK/hbpushd-pg/hbpushd.yml"
fi

# with_cpus CPUS COMMAND...: the command, pinned to CPUS by taskset when CPUS is set. Not for commands
# started with &: that would fork a subshell whose pid is not the server's.
with_cpus() {
    cpus=$1
    shift
    if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

# port_free PORT: nothing answers on it (a server left over would fool await_port)
port_free() {
    ! curl -s -o /dev/null "http://127.0.0.1:$1/"
}

# await_port NAME PORT [PID]: wait until the server answers HTTP on PORT (and PID, when given, lives)
await_port() {
    name=$1 port=$2 apid=${3:-} i=0
    until curl -s -o /dev/null "http://127.0.0.1:$port/publisher/compare-nchan-ready"; do
        i=$((i + 1))
        [ $i -lt 300 ] || die "$name did not answer on port $port within 30 s (logs in $WORK)"
        if [ -n "$apid" ] && ! kill -0 "$apid" 2>/dev/null; then
            die "$name stopped before answering on port $port (logs in $WORK)"
        fi
        sleep 0.1
    done
}

start_nchan() {
    port_free "$NCHAN_PORT" || die "something already answers on port $NCHAN_PORT; set NCHAN_PORT"
    with_cpus "${SERVER_CPUS:-}" nginx -p "$WORK/nchan" -c "$WORK/nchan/nginx.conf" -e "$WORK/nchan/logs/error.log" \
        || die "nginx did not start: $(tail -5 "$WORK/nchan/logs/error.log" 2>/dev/null)"
    await_port nginx "$NCHAN_PORT"
    NGINX_PID=$(cat "$WORK/nchan/nginx.pid")
}

# launch_hbpushd NAME PORT: start hbpushd with $WORK/NAME/hbpushd.yml; its pid in LAUNCHED_PID
launch_hbpushd() {
    port_free "$2" || die "something already answers on port $2; set the port's variable (see the header)"
    # started directly with &, so that $! is the server: taskset and bin/hbpushd both exec into the JVM
    if [ -n "${SERVER_CPUS:-}" ]; then
        JAVA_OPTS=$HBPUSHD_JAVA_OPTS taskset -c "$SERVER_CPUS" "$HOME_DIR/bin/hbpushd" --config "$WORK/$1/hbpushd.yml" \
            >>"$WORK/$1/hbpushd.log" 2>&1 &
    else
        JAVA_OPTS=$HBPUSHD_JAVA_OPTS "$HOME_DIR/bin/hbpushd" --config "$WORK/$1/hbpushd.yml" \
            >>"$WORK/$1/hbpushd.log" 2>&1 &
    fi
    LAUNCHED_PID=$!
}

start_hbpushd() {
    launch_hbpushd hbpushd "$HBPUSH_PORT"
    HBPUSHD_PID=$LAUNCHED_PID
    await_port hbpushd "$HBPUSH_PORT" "$HBPUSHD_PID"
}

start_hbpushd_redis() {
    launch_hbpushd hbpushd-redis "$HBPUSH_REDIS_PORT"
    HBPUSHD_REDIS_PID=$LAUNCHED_PID
    await_port hbpushd-redis "$HBPUSH_REDIS_PORT" "$HBPUSHD_REDIS_PID"
}

start_hbpushd_redis_b() {
    launch_hbpushd hbpushd-redis-b "$HBPUSH_REDIS_B_PORT"
    HBPUSHD_REDIS_B_PID=$LAUNCHED_PID
    await_port hbpushd-redis-b "$HBPUSH_REDIS_B_PORT" "$HBPUSHD_REDIS_B_PID"
}

# A private redis-server: its own port and directory, nothing saved to disk, never the system's service.
start_redis() {
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        die "a Redis already answers on port $REDIS_PORT; set REDIS_PORT"
    fi
    set -- redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$WORK/redis" --save '' --appendonly no \
        --daemonize no --logfile "$WORK/redis/redis.log"
    # started directly with &, so that $! is redis-server (taskset execs into it)
    if [ -n "${SERVER_CPUS:-}" ]; then
        taskset -c "$SERVER_CPUS" "$@" </dev/null >>"$WORK/redis/redis.out" 2>&1 &
    else
        "$@" </dev/null >>"$WORK/redis/redis.out" 2>&1 &
    fi
    REDIS_PID=$!
    i=0
    until redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; do
        i=$((i + 1))
        kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server stopped: $(tail -5 "$WORK/redis/redis.log" 2>/dev/null)"
        [ $i -lt 300 ] || die "redis-server did not answer on port $REDIS_PORT within 30 s (logs in $WORK/redis)"
        sleep 0.1
    done
}

# as_pg COMMAND...: PostgreSQL refuses to run as root; as root, run its programs as the postgres user
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A private PostgreSQL cluster: its own directory, port and socket, never the system's service.
start_postgresql() {
    if [ "$(id -u)" = 0 ]; then
        # the postgres user must reach its directory inside the (root-only) temporary directory
        chmod 711 "$WORK"
        chown -R postgres "$WORK/postgresql"
    fi
    as_pg "$PG_BIN/initdb" -D "$WORK/postgresql/data" -U "$PG_USER" -A trust -E UTF8 --no-locale >"$WORK/postgresql/initdb.log" 2>&1 \
        || die "initdb failed: $(tail -5 "$WORK/postgresql/initdb.log")"
    pin=
    [ -n "${SERVER_CPUS:-}" ] && pin="taskset -c $SERVER_CPUS"
    # shellcheck disable=SC2086
    as_pg $pin "$PG_BIN/pg_ctl" -D "$WORK/postgresql/data" -l "$WORK/postgresql/postgresql.log" -w -t 60 \
        -o "-p $PG_PORT -k $WORK/postgresql/socket -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null \
        || die "PostgreSQL did not start: $(tail -5 "$WORK/postgresql/postgresql.log" 2>/dev/null)"
    PG_STARTED=1
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DATABASE" || die "createdb $PG_DATABASE failed"
    PG_PID=$(head -1 "$WORK/postgresql/data/postmaster.pid")
}

start_hbpushd_pg() {
    launch_hbpushd hbpushd-pg "$HBPUSH_PG_PORT"
    HBPUSHD_PG_PID=$LAUNCHED_PID
    await_port hbpushd-pg "$HBPUSH_PG_PORT" "$HBPUSHD_PG_PID"
}

# cpu_ticks PID: the process's user + system CPU time in clock ticks (fields 14 and 15 of
# /proc/PID/stat, counted after the command name, which may hold spaces)
cpu_ticks() {
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# cpu_ticks_tree PID: cpu_ticks of the process and its children alive now (PostgreSQL's backends)
cpu_ticks_tree() {
    total=$(cpu_ticks "$1")
    for child in $(ps -o pid= --ppid "$1"); do
        # a backend may end between ps and the read: it counts nothing
        ticks=$(cpu_ticks "$child" 2>/dev/null || true)
        total=$((total + ${ticks:-0}))
    done
    echo "$total"
}

# with_store_cpu LINE NAME TICKS SCENARIO: LINE with NAME_cpu_s and NAME_cpu_us_per_op added, from
# TICKS of a store server's CPU over the whole run (set-up and warm-up included, so a little high)
with_store_cpu() {
    printf '%s\n' "$1" | awk -v name="$2" -v ticks="$3" -v hz="$CLK_TCK" -v key="$(ops_field "$4")" '{
        s = ticks / hz; ops = 0
        for (i = 1; i <= NF; i++) if (index($i, key "=") == 1) ops = substr($i, length(key) + 2) + 0
        per = (ops > 0) ? sprintf(" %s_cpu_us_per_op=%.3f", name, s * 1e6 / ops) : ""
        printf "%s %s_cpu_s=%.3f%s\n", $0, name, s, per
    }'
}

# The tool's arguments for a scenario, without the server's.
scenario_args() {
    case $1 in
        publish) echo "publish --connections 16 --channels 16 --size 64 --duration $PUBLISH_DURATION --warmup 1" ;;
        interval) echo "interval --connections 64 --subscriber-prefix /interval/ --duration $INTERVAL_DURATION --warmup 1" ;;
        fanout-1k) echo "fanout --subscribers $FANOUT_SMALL --channels 1 --rounds $FANOUT_ROUNDS --warmup-rounds $FANOUT_WARMUP_ROUNDS" ;;
        fanout-1k-100) echo "fanout --subscribers $FANOUT_SMALL --channels $FANOUT_CHANNELS --rounds $FANOUT_ROUNDS --warmup-rounds $FANOUT_WARMUP_ROUNDS" ;;
        fanout-10k) echo "fanout --subscribers $FANOUT_LARGE --channels 1 --rounds $FANOUT_ROUNDS --warmup-rounds $FANOUT_WARMUP_ROUNDS" ;;
        chain) echo "chain --messages $CHAIN_MESSAGES --channels 10 --followers 3 --publishers 4" ;;
        cross-node)
            [ "$REDIS" = 1 ] || die "cross-node needs Redis (REDIS=1, or redis-server and redis-cli on the PATH)"
            echo "fanout --subscribers $CROSS_SUBSCRIBERS --channels $CROSS_CHANNELS --rounds $CROSS_ROUNDS --warmup-rounds $FANOUT_WARMUP_ROUNDS" ;;
        idle) echo "idle --subscribers $IDLE_SUBSCRIBERS --hold 3" ;;
        *) die "unknown scenario $1 (publish interval fanout-1k fanout-1k-100 fanout-10k chain cross-node idle)" ;;
    esac
}

# The servers a scenario runs on: cross-node needs two nodes sharing a store, so hbpushd-redis only.
SERVERS="hbpushd nchan"
[ "$REDIS" = 1 ] && SERVERS="$SERVERS hbpushd-redis"
[ "$POSTGRESQL" = 1 ] && SERVERS="$SERVERS hbpushd-pg"
scenario_servers() {
    if [ "$1" = cross-node ]; then echo hbpushd-redis; return; fi
    for server in $SERVERS; do
        if [ "$server" != hbpushd-pg ]; then
            printf '%s ' "$server"
        else
            case " $PG_SCENARIOS " in *" $1 "*) printf '%s ' "$server" ;; esac
        fi
    done
    echo
}

# rotate K WORD...: the words, the first K (modulo their number) moved to the end
rotate() {
    k=$1
    shift
    k=$((k % $#))
    head= tail=
    for w in "$@"; do
        if [ "$k" -gt 0 ]; then head="$head $w"; k=$((k - 1)); else tail="$tail $w"; fi
    done
    echo $tail $head
}

# The operations a scenario's server_cpu_us_per_op divides by: the RESULT line's field of that name.
ops_field() {
    case $1 in
        publish|chain) echo messages ;;
        interval) echo requests ;;
        fanout*|cross-node) echo deliveries ;;
        *) echo none ;;
    esac
}

RESULTS=$WORK/results.txt
: > "$RESULTS"

# target SERVER: the tool's arguments that point it at SERVER (server_args) and the server's pid
target() {
    case $1 in
        nchan)
            server_args="--url http://127.0.0.1:$NCHAN_PORT --create none"
            pid=$NGINX_PID ;;
        hbpushd)
            server_args="--url http://127.0.0.1:$HBPUSH_PORT --create put"
            pid=$HBPUSHD_PID ;;
        hbpushd-redis)
            server_args="--url http://127.0.0.1:$HBPUSH_REDIS_PORT --create put"
            pid=$HBPUSHD_REDIS_PID ;;
        hbpushd-pg)
            server_args="--url http://127.0.0.1:$HBPUSH_PG_PORT --create put"
            pid=$HBPUSHD_PG_PID ;;
    esac
}

# warm_up SERVER: the same untimed load on every server before the measured runs. A fresh JVM
# interprets, then compiles, for its first few hundred thousand requests; without this, each
# scenario's first run on hbpushd would measure that. The results go to bench.log only.
warm_up() {
    target "$1"
    say "warming $1 up (untimed)"
    for warm_args in "publish --connections 16 --channels 16 --size 64 --duration 10 --warmup 1" \
        "interval --connections 64 --subscriber-prefix /interval/ --duration 5 --warmup 1" \
        "fanout --subscribers 1000 --channels 1 --rounds 300"; do
        # shellcheck disable=SC2086
        warm_line=$(JAVA_OPTS=${BENCH_JAVA_OPTS:-} with_cpus "${CLIENT_CPUS:-}" "$HOME_DIR/bin/hbpush-bench" $warm_args \
            $server_args --pid "$pid" --timeout "$BENCH_TIMEOUT" 2>>"$WORK/bench.log") || true
        printf 'warm-up %s %s\n' "$1" "${warm_line:-RESULT ok=false error=no-result}" >>"$WORK/bench.log"
        case $warm_line in
            *ok=true*) ;;
            *) say "warning: the warm-up on $1 did not end well ($warm_args); see $WORK/bench.log" ;;
        esac
    done
}

# run_one SERVER SCENARIO RUN: one run of the tool, its RESULT line appended to $RESULTS.
run_one() {
    server=$1 scenario=$2 run=$3
    if [ "$scenario" = idle ]; then
        # a fresh server: RSS per held poll must not carry the earlier scenarios' memory
        case $server in
            nchan) stop_nchan; start_nchan ;;
            hbpushd) stop_hbpushd; start_hbpushd ;;
            hbpushd-redis) stop_hbpushd_redis; start_hbpushd_redis ;;
            hbpushd-pg) stop_hbpushd_pg; start_hbpushd_pg ;;
        esac
    fi
    case $server in
        nchan|hbpushd|hbpushd-pg)
            target "$server" ;;
        hbpushd-redis)
            if [ "$scenario" = cross-node ]; then
                # subscribers on node B, publishers on node A; the CPU measured is node B's
                [ -n "$HBPUSHD_REDIS_B_PID" ] || start_hbpushd_redis_b
                server_args="--url http://127.0.0.1:$HBPUSH_REDIS_B_PORT --publisher-url http://127.0.0.1:$HBPUSH_REDIS_PORT --create put"
                pid=$HBPUSHD_REDIS_B_PID
            else
                target "$server"
            fi ;;
    esac
    # --pid: RSS for idle, the server's CPU time per operation for the others
    server_args="$server_args --pid $pid"
    say "$scenario on $server, run $run"
    redis_before= pg_before=
    [ "$server" = hbpushd-redis ] && redis_before=$(cpu_ticks "$REDIS_PID")
    [ "$server" = hbpushd-pg ] && pg_before=$(cpu_ticks_tree "$PG_PID")
    # shellcheck disable=SC2046
    line=$(JAVA_OPTS=${BENCH_JAVA_OPTS:-} with_cpus "${CLIENT_CPUS:-}" "$HOME_DIR/bin/hbpush-bench" $(scenario_args "$scenario") \
        $server_args --timeout "$BENCH_TIMEOUT" --progress 10 2>>"$WORK/bench.log") || true
    [ -n "$line" ] || line="RESULT scenario=$scenario ok=false error=no-result"
    [ -n "$redis_before" ] && line=$(with_store_cpu "$line" redis $(($(cpu_ticks "$REDIS_PID") - redis_before)) "$scenario")
    [ -n "$pg_before" ] && line=$(with_store_cpu "$line" pg $(($(cpu_ticks_tree "$PG_PID") - pg_before)) "$scenario")
    printf '%s %s %s %s\n' "$server" "$scenario" "$run" "$line" | tee -a "$RESULTS" >&2
}

if [ "$REDIS" = 1 ]; then
    redis_say=", hbpushd-redis on port $HBPUSH_REDIS_PORT (node B $HBPUSH_REDIS_B_PORT) with $(redis-server --version | sed 's/ sha=.*//') on port $REDIS_PORT"
else
    redis_say=" (no Redis: REDIS=0 or no redis-server)"
fi
pg_say=
[ "$POSTGRESQL" = 1 ] && pg_say=", hbpushd-pg on port $HBPUSH_PG_PORT with PostgreSQL $("$PG_BIN/pg_ctl" --version | sed 's/^[^0-9]*\([0-9][0-9.]*\).*/\1/') on port $PG_PORT ($PG_SCENARIOS)"
say "hbpushd $HOME_DIR on port $HBPUSH_PORT, Nchan ($(nginx -v 2>&1 | sed 's/.*: //')) on port $NCHAN_PORT$redis_say$pg_say, $CORES core(s) each, $RUNS runs"
for scenario in $SCENARIOS; do
    scenario_args "$scenario" >/dev/null
done
start_nchan
start_hbpushd
if [ "$REDIS" = 1 ]; then
    start_redis
    start_hbpushd_redis
fi
if [ "$POSTGRESQL" = 1 ]; then
    start_postgresql
    start_hbpushd_pg
fi
if [ "$SERVER_WARMUP" = 1 ]; then
    for server in $SERVERS; do
        warm_up "$server"
    done
fi
for scenario in $SCENARIOS; do
    run=1
    while [ $run -le "$RUNS" ]; do
        # rotate which server goes first, so none always runs on a warmer (or hotter) machine
        # shellcheck disable=SC2046
        for server in $(rotate $((run - 1)) $(scenario_servers "$scenario")); do
            run_one "$server" "$scenario" "$run"
        done
        run=$((run + 1))
    done
    # node B only lives for cross-node: elsewhere it would get every message through Redis pub/sub
    stop_hbpushd_redis_b
done

# The table: for each scenario its headline numbers, median over the runs, and the ratios; with
# PostgreSQL, a second table for its scenarios, the postgresql store against the memory store.
table() {
    awk -v redis="$REDIS" -v pg="$POSTGRESQL" '
    function field(line, key,    n, i, parts, kv) {
        n = split(line, parts, " ")
        for (i = 1; i <= n; i++) {
            split(parts[i], kv, "=")
            if (kv[1] == key) return substr(parts[i], length(key) + 2)
        }
        return ""
    }
    function median(list,    n, values, i, j, t) {
        n = split(list, values, " ")
        if (n == 0) return ""
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] + 0 < values[i] + 0) { t = values[i]; values[i] = values[j]; values[j] = t }
        return (n % 2) ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
    }
    function ratio(a, b) { return (a != "" && b != "" && b + 0 != 0) ? sprintf("%.2f", a / b) : "-" }
    function okof(server, scenario) { return runs_of[server, scenario] ? sprintf("%d/%d", ok[server, scenario], runs_of[server, scenario]) : "-" }
    function badof(server, scenario) { return runs_of[server, scenario] ? bad[server, scenario] + 0 : "-" }
    function dash(v) { return v == "" ? "-" : v }
    {
        server = $1; scenario = $2
        line = $0
        if (!(scenario in seen)) { seen[scenario] = 1; order[++scenarios] = scenario }
        if (scenario == "publish") metrics[scenario] = "messages_per_s p99_ms server_cpu_us_per_op tool_cpu_us_per_op"
        else if (scenario == "interval") metrics[scenario] = "requests_per_s p99_ms server_cpu_us_per_op tool_cpu_us_per_op"
        else if (scenario ~ /^fanout/ || scenario == "cross-node") metrics[scenario] = "deliveries_per_s p50_ms p99_ms server_cpu_us_per_op tool_cpu_us_per_op"
        else if (scenario == "chain") metrics[scenario] = "messages_per_s p99_ms server_cpu_us_per_op tool_cpu_us_per_op"
        else if (scenario == "idle") metrics[scenario] = "bytes_per_poll"
        if (redis == 1 && scenario != "idle") metrics[scenario] = metrics[scenario] " redis_cpu_us_per_op"
        n = split(line, parts, " ")
        for (i = 4; i <= n; i++) {
            eq = index(parts[i], "=")
            if (eq < 2) continue
            k = substr(parts[i], 1, eq - 1); v = substr(parts[i], eq + 1)
            if (v != "" && v != "na") values[server, scenario, k] = values[server, scenario, k] " " v
        }
        runs_of[server, scenario]++
        if (field(line, "ok") == "true") ok[server, scenario]++
        bad[server, scenario] += field(line, "lost") + field(line, "duplicated") + field(line, "reordered") + field(line, "unexpected") + field(line, "failed")
    }
    END {
        if (redis == 1) {
            print "| scenario | measure | hbpushd (memory) | Nchan | hbpushd/Nchan | hbpushd-redis | redis/memory | runs ok (memory, Nchan, redis) | lost+dup+reordered+errors (memory, Nchan, redis) |"
            print "|---|---|---:|---:|---:|---:|---:|---|---|"
        } else {
            print "| scenario | measure | hbpushd (memory) | Nchan | hbpushd/Nchan | runs ok (hbpushd, Nchan) | lost+dup+reordered+errors (hbpushd, Nchan) |"
            print "|---|---|---:|---:|---:|---|---|"
        }
        for (s = 1; s <= scenarios; s++) {
            scenario = order[s]
            n = split(metrics[scenario], keys, " ")
            for (i = 1; i <= n; i++) {
                h = median(values["hbpushd", scenario, keys[i]]); c = median(values["nchan", scenario, keys[i]])
                r = median(values["hbpushd-redis", scenario, keys[i]])
                printf "| %s | %s | %s | %s | %s |", (i == 1 ? scenario : ""), keys[i], dash(h), dash(c), ratio(h, c)
                if (redis == 1) printf " %s | %s |", dash(r), ratio(r, h)
                if (i == 1 && redis == 1)
                    printf " %s, %s, %s | %s, %s, %s |\n", okof("hbpushd", scenario), okof("nchan", scenario), okof("hbpushd-redis", scenario),
                        badof("hbpushd", scenario), badof("nchan", scenario), badof("hbpushd-redis", scenario)
                else if (i == 1)
                    printf " %s, %s | %s, %s |\n", okof("hbpushd", scenario), okof("nchan", scenario), badof("hbpushd", scenario), badof("nchan", scenario)
                else printf "  |  |\n"
            }
        }
        if (pg != 1) exit
        print ""
        print "| scenario | measure | hbpushd (memory) | hbpushd-pg | pg/memory | runs ok (memory, pg) | lost+dup+reordered+errors (memory, pg) |"
        print "|---|---|---:|---:|---:|---|---|"
        for (s = 1; s <= scenarios; s++) {
            scenario = order[s]
            if (!runs_of["hbpushd-pg", scenario]) continue
            n = split(metrics[scenario], keys, " ")
            shown = 0
            for (i = 1; i <= n + 1; i++) {
                key = (i <= n) ? keys[i] : "pg_cpu_us_per_op"
                if (key == "redis_cpu_us_per_op") continue
                h = median(values["hbpushd", scenario, key]); p = median(values["hbpushd-pg", scenario, key])
                printf "| %s | %s | %s | %s | %s |", (shown == 0 ? scenario : ""), key, dash(h), dash(p), ratio(p, h)
                if (shown == 0)
                    printf " %s, %s | %s, %s |\n", okof("hbpushd", scenario), okof("hbpushd-pg", scenario), badof("hbpushd", scenario), badof("hbpushd-pg", scenario)
                else printf "  |  |\n"
                shown++
            }
        }
    }' "$RESULTS"
}

echo
sed 's/^/    /' "$RESULTS"
echo
table | tee "${OUT:-/dev/null}"
cp "$RESULTS" "$WORK/results-final.txt"
