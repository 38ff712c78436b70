#!/bin/sh
#
# bench/compare-nchan.sh - hbpushd (memory store) and Nchan side by side on this machine, with the
# same load tool (bin/hbpush-bench), the same scenarios and the same cores; prints a table of medians
# with hbpushd/Nchan ratios. Not part of CI: run it by hand from anywhere in the repository.
#
#   bench/compare-nchan.sh                  # the full run of issue #7 (15-20 minutes on 2 cores)
#   QUICK=1 bench/compare-nchan.sh          # small sizes, one minute or two: checks the set-up
#   SCENARIOS="fanout-10k chain" bench/compare-nchan.sh
#
# What it does:
#   1. installs Debian's nginx and libnginx-mod-nchan when they are missing (apt-get, as root or with
#      sudo; the packages' own service is never started: a policy-rc.d refuses it during the install);
#   2. builds the distribution with `mvn package -DskipTests` unless it is there already (BUILD=1 forces it);
#   3. starts a private nginx with Nchan (its own prefix, config, pid file and logs in a temporary
#      directory, worker_processes = CORES) on 127.0.0.1:$NCHAN_PORT and hbpushd from the distribution
#      (memory store, -XX:ActiveProcessorCount=CORES) on 127.0.0.1:$HBPUSH_PORT;
#   4. runs every scenario RUNS times against each server, alternating which goes first, a fresh
#      server for each idle run; stops both servers at the end, also on failure or Ctrl-C;
#   5. prints the RESULT lines, then the table of medians (also written to $OUT when set). Besides the
#      throughput and latency, it shows server_cpu_us_per_op: the server's CPU time (process and
#      children) per message, request or delivery. When the tool shares the cores with the server
#      the throughput may be the tool's limit; the CPU per operation is then the fairer comparison.
#
# Environment (defaults in brackets):
#   CORES [nproc]            cores each server gets: nginx worker_processes and the JVM's processor count
#   SERVER_CPUS, CLIENT_CPUS taskset CPU lists to pin the servers and the load tool apart (e.g. 0 and 1);
#                            unset: no pinning, the tool shares the cores with the server under test
#   RUNS [3]                 runs of each scenario on each server (the table shows medians)
#   SCENARIOS                subset of: publish interval fanout-1k fanout-1k-100 fanout-10k chain idle
#   PUBLISH_DURATION [10]    seconds measured in publish (after a 1 s warm-up)
#   INTERVAL_DURATION [10]   seconds measured in interval
#   FANOUT_ROUNDS [10]       rounds of each fanout
#   FANOUT_SMALL [1000] FANOUT_LARGE [10000] FANOUT_CHANNELS [100]
#   CHAIN_MESSAGES [20000]   messages per channel in chain (10 channels, 3 followers each, 4 publishers)
#   IDLE_SUBSCRIBERS [10000]
#   QUICK=1                  all of the above small (durations 2 s, 200/1000 subscribers, 500 messages)
#   NCHAN_PORT [18180] HBPUSH_PORT [18181]
#   HBPUSHD_JAVA_OPTS        JVM options of hbpushd (default -XX:ActiveProcessorCount=CORES)
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
    : "${PUBLISH_DURATION:=2}" "${INTERVAL_DURATION:=2}" "${FANOUT_ROUNDS:=5}" "${FANOUT_SMALL:=200}"
    : "${FANOUT_LARGE:=1000}" "${FANOUT_CHANNELS:=20}" "${CHAIN_MESSAGES:=500}" "${IDLE_SUBSCRIBERS:=1000}"
fi
PUBLISH_DURATION=${PUBLISH_DURATION:-10}
INTERVAL_DURATION=${INTERVAL_DURATION:-10}
FANOUT_ROUNDS=${FANOUT_ROUNDS:-10}
FANOUT_SMALL=${FANOUT_SMALL:-1000}
FANOUT_LARGE=${FANOUT_LARGE:-10000}
FANOUT_CHANNELS=${FANOUT_CHANNELS:-100}
CHAIN_MESSAGES=${CHAIN_MESSAGES:-20000}
IDLE_SUBSCRIBERS=${IDLE_SUBSCRIBERS:-10000}
SCENARIOS=${SCENARIOS:-publish interval fanout-1k fanout-1k-100 fanout-10k chain idle}
NCHAN_PORT=${NCHAN_PORT:-18180}
HBPUSH_PORT=${HBPUSH_PORT:-18181}
HBPUSHD_JAVA_OPTS=${HBPUSHD_JAVA_OPTS:--XX:ActiveProcessorCount=$CORES}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}

# The most connections one run holds, plus the publishers and some slack.
MAX_CONNECTIONS=$IDLE_SUBSCRIBERS
[ "$FANOUT_LARGE" -gt "$MAX_CONNECTIONS" ] && MAX_CONNECTIONS=$FANOUT_LARGE
MAX_CONNECTIONS=$((MAX_CONNECTIONS + 1024))
# Each held poll is a socket on both sides: take the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((MAX_CONNECTIONS + 256)) ]; then
    die "the open-file limit is $(ulimit -n), $((MAX_CONNECTIONS + 256)) are needed; raise it (ulimit -n, /etc/security/limits.conf) or lower IDLE_SUBSCRIBERS and FANOUT_LARGE"
fi

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "installing needs root: run as root or install nginx and libnginx-mod-nchan first"
    fi
}

NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
install_nchan() {
    if command -v nginx >/dev/null 2>&1 && [ -f "$NCHAN_MODULE" ]; then
        return
    fi
    say "installing nginx and libnginx-mod-nchan (Debian packages)"
    as_root apt-get update -qq
    if ! apt-cache policy libnginx-mod-nchan | grep -q 'Candidate: [0-9]'; then
        die "no libnginx-mod-nchan package for this system (apt-cache policy libnginx-mod-nchan)"
    fi
    # The packages start the system's nginx on port 80 unless told not to: this run never uses it.
    created_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
        as_root chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
    fi
    status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan >&2 || status=$?
    [ -n "$created_policy" ] && as_root rm -f /usr/sbin/policy-rc.d
    [ "$status" = 0 ] || die "apt-get install nginx libnginx-mod-nchan failed"
    [ -f "$NCHAN_MODULE" ] || die "libnginx-mod-nchan installed no $NCHAN_MODULE"
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

stop_hbpushd() {
    if [ -n "$HBPUSHD_PID" ]; then
        kill -TERM "$HBPUSHD_PID" 2>/dev/null || true
        wait "$HBPUSHD_PID" 2>/dev/null || true
    fi
    HBPUSHD_PID=
}

cleanup() {
    status=$?
    trap - EXIT INT TERM
    stop_nchan
    stop_hbpushd
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
cat > "$WORK/hbpushd/hbpushd.yml" <<CONF
port: $HBPUSH_PORT
address: 127.0.0.1
store:
  type: memory
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

await_port() {
    name=$1 port=$2 i=0
    until curl -s -o /dev/null "http://127.0.0.1:$port/publisher/compare-nchan-ready"; do
        i=$((i + 1))
        [ $i -lt 300 ] || die "$name did not answer on port $port within 30 s (logs in $WORK)"
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

start_hbpushd() {
    port_free "$HBPUSH_PORT" || die "something already answers on port $HBPUSH_PORT; set HBPUSH_PORT"
    # started directly with &, so that $! is the server: taskset and bin/hbpushd both exec into the JVM
    if [ -n "${SERVER_CPUS:-}" ]; then
        JAVA_OPTS=$HBPUSHD_JAVA_OPTS taskset -c "$SERVER_CPUS" "$HOME_DIR/bin/hbpushd" --config "$WORK/hbpushd/hbpushd.yml" \
            >>"$WORK/hbpushd/hbpushd.log" 2>&1 &
    else
        JAVA_OPTS=$HBPUSHD_JAVA_OPTS "$HOME_DIR/bin/hbpushd" --config "$WORK/hbpushd/hbpushd.yml" \
            >>"$WORK/hbpushd/hbpushd.log" 2>&1 &
    fi
    HBPUSHD_PID=$!
    await_port hbpushd "$HBPUSH_PORT"
}

# The tool's arguments for a scenario, without the server's.
scenario_args() {
    case $1 in
        publish) echo "publish --connections 16 --channels 16 --size 64 --duration $PUBLISH_DURATION --warmup 1" ;;
        interval) echo "interval --connections 64 --subscriber-prefix /interval/ --duration $INTERVAL_DURATION --warmup 1" ;;
        fanout-1k) echo "fanout --subscribers $FANOUT_SMALL --channels 1 --rounds $FANOUT_ROUNDS" ;;
        fanout-1k-100) echo "fanout --subscribers $FANOUT_SMALL --channels $FANOUT_CHANNELS --rounds $FANOUT_ROUNDS" ;;
        fanout-10k) echo "fanout --subscribers $FANOUT_LARGE --channels 1 --rounds $FANOUT_ROUNDS" ;;
        chain) echo "chain --messages $CHAIN_MESSAGES --channels 10 --followers 3 --publishers 4" ;;
        idle) echo "idle --subscribers $IDLE_SUBSCRIBERS --hold 3" ;;
        *) die "unknown scenario $1 (publish interval fanout-1k fanout-1k-100 fanout-10k chain idle)" ;;
    esac
}

RESULTS=$WORK/results.txt
: > "$RESULTS"

# run_one SERVER SCENARIO RUN: one run of the tool, its RESULT line appended to $RESULTS.
run_one() {
    server=$1 scenario=$2 run=$3
    if [ "$scenario" = idle ]; then
        # a fresh server: RSS per held poll must not carry the earlier scenarios' memory
        if [ "$server" = nchan ]; then stop_nchan; start_nchan; else stop_hbpushd; start_hbpushd; fi
    fi
    if [ "$server" = nchan ]; then
        server_args="--url http://127.0.0.1:$NCHAN_PORT --create none"
        pid=$NGINX_PID
    else
        server_args="--url http://127.0.0.1:$HBPUSH_PORT --create put"
        pid=$HBPUSHD_PID
    fi
    # --pid: RSS for idle, the server's CPU time per operation for the others
    server_args="$server_args --pid $pid"
    say "$scenario on $server, run $run"
    # shellcheck disable=SC2046
    line=$(JAVA_OPTS=${BENCH_JAVA_OPTS:-} with_cpus "${CLIENT_CPUS:-}" "$HOME_DIR/bin/hbpush-bench" $(scenario_args "$scenario") \
        $server_args --timeout "$BENCH_TIMEOUT" --progress 10 2>>"$WORK/bench.log") || true
    [ -n "$line" ] || line="RESULT scenario=$scenario ok=false error=no-result"
    printf '%s %s %s %s\n' "$server" "$scenario" "$run" "$line" | tee -a "$RESULTS" >&2
}

say "hbpushd $HOME_DIR on port $HBPUSH_PORT, Nchan ($(nginx -v 2>&1 | sed 's/.*: //')) on port $NCHAN_PORT, $CORES core(s) each, $RUNS runs"
start_nchan
start_hbpushd
for scenario in $SCENARIOS; do
    scenario_args "$scenario" >/dev/null
    run=1
    while [ $run -le "$RUNS" ]; do
        # alternate which server goes first, so neither always runs on a warmer (or hotter) machine
        if [ $((run % 2)) = 1 ]; then order="hbpushd nchan"; else order="nchan hbpushd"; fi
        for server in $order; do
            run_one "$server" "$scenario" "$run"
        done
        run=$((run + 1))
    done
done

# The table: for each scenario its headline numbers, median over the runs, and the ratio.
table() {
    awk -v runs="$RUNS" '
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
    {
        server = $1; scenario = $2
        line = $0
        if (!(scenario in seen)) { seen[scenario] = 1; order[++scenarios] = scenario }
        if (scenario == "publish") metrics[scenario] = "messages_per_s p99_ms server_cpu_us_per_op"
        else if (scenario == "interval") metrics[scenario] = "requests_per_s p99_ms server_cpu_us_per_op"
        else if (scenario ~ /^fanout/) metrics[scenario] = "deliveries_per_s p50_ms p99_ms server_cpu_us_per_op"
        else if (scenario == "chain") metrics[scenario] = "messages_per_s p99_ms server_cpu_us_per_op"
        else if (scenario == "idle") metrics[scenario] = "bytes_per_poll"
        n = split(metrics[scenario], keys, " ")
        for (i = 1; i <= n; i++) {
            v = field(line, keys[i])
            if (v != "" && v != "na") values[server, scenario, keys[i]] = values[server, scenario, keys[i]] " " v
        }
        runs_of[server, scenario]++
        if (field(line, "ok") == "true") ok[server, scenario]++
        bad[server, scenario] += field(line, "lost") + field(line, "duplicated") + field(line, "reordered") + field(line, "unexpected") + field(line, "failed")
    }
    END {
        print "| scenario | measure | hbpushd | Nchan | hbpushd/Nchan | runs ok (hbpushd, Nchan) | lost+dup+reordered+errors (hbpushd, Nchan) |"
        print "|---|---|---:|---:|---:|---|---|"
        for (s = 1; s <= scenarios; s++) {
            scenario = order[s]
            n = split(metrics[scenario], keys, " ")
            for (i = 1; i <= n; i++) {
                h = median(values["hbpushd", scenario, keys[i]]); c = median(values["nchan", scenario, keys[i]])
                ratio = (h != "" && c != "" && c + 0 != 0) ? sprintf("%.2f", h / c) : "-"
                okcol = (i == 1) ? sprintf("%d/%d, %d/%d", ok["hbpushd", scenario], runs_of["hbpushd", scenario], ok["nchan", scenario], runs_of["nchan", scenario]) : ""
                badcol = (i == 1) ? sprintf("%d, %d", bad["hbpushd", scenario], bad["nchan", scenario]) : ""
                printf "| %s | %s | %s | %s | %s | %s | %s |\n", (i == 1 ? scenario : ""), keys[i], (h == "" ? "-" : h), (c == "" ? "-" : c), ratio, okcol, badcol
            }
        }
    }' "$RESULTS"
}

echo
cat "$RESULTS" | sed 's/^/    /'
echo
table | tee "${OUT:-/dev/null}"
cp "$RESULTS" "$WORK/results-final.txt"
