# bench/common.sh - what floors.sh and ab.sh share; sourced, with BENCH_NAME set to the script's name.

die() {
    echo "$BENCH_NAME: $*" >&2
    exit 1
}

# The hbpushd home of this tree's distribution (distribution/target/hbpush-*/hbpush-*); empty when not built.
tree_home() {
    found=
    for home in "$1"/distribution/target/hbpush-*/hbpush-*/; do
        [ -x "$home/bin/hbpushd" ] && found=${home%/}
    done
    echo "$found"
}

# Raises the open-file limit to the hard limit; dies when that cannot hold $1 connections and some to spare.
need_open_files() {
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $(($1 + 256)) ] || die "the open-file limit $(ulimit -n) is below $(($1 + 256))"
}

# An hbpushd configuration on stdout: the memory store on 127.0.0.1:$1 with the locations
# /subscriber/ (plus the YAML line $2, when given) and /publisher/ that hbpush-bench uses.
hbpushd_config() {
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

# Compiles bench/floors/nginx-calls.c (the JDK's socket calls made nginx's, for measuring only) from
# the tree $1 into $WORK and sets NGINX_CALLS_SO to its path; needs make_work_dir and a C compiler.
build_nginx_calls() {
    command -v cc >/dev/null 2>&1 || die "nginx-calls needs a C compiler: install Debian's gcc"
    NGINX_CALLS_SO=$WORK/nginx-calls.so
    cc -O2 -shared -fPIC -o "$NGINX_CALLS_SO" "$1/bench/floors/nginx-calls.c" || die "could not compile bench/floors/nginx-calls.c"
}

# Starts floor $1 (jetty or nio) of bench/floors/Floors.java on 127.0.0.1:$2, from the tree $3 and the
# hbpushd home $4 (Jetty's jars, and the logging set-up without which logback logs Jetty's debug lines),
# with bin/hbpushd's G1 settings (the refinement zone on Java 17 to 19 only, as in the launcher) for
# CORES cores, so that the JVM floor runs as hbpushd does. Its log is $WORK/$1-floor.log; FLOOR_PID is its pid.
start_floor() {
    floor_jvm="-Xmx1g -XX:+UseG1GC -XX:G1ConcRefinementThreads=0 -XX:ActiveProcessorCount=$CORES"
    java_feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    case $java_feature in
        17|18|19) floor_jvm="$floor_jvm -XX:G1ConcRefinementGreenZone=200" ;;
    esac
    # shellcheck disable=SC2086
    java $floor_jvm -Dlogback.configurationFile="$4/conf/logback.xml" -cp "$4/lib/*" \
        "$3/bench/floors/Floors.java" "$1" "$2" >"$WORK/$1-floor.log" 2>&1 &
    FLOOR_PID=$!
}

# Waits until something answers a GET on 127.0.0.1:$1 (a publisher path: any server of the benches answers it); dies after a minute.
await_port() {
    tries=0
    until curl -s -o /dev/null "http://127.0.0.1:$1/publisher/$BENCH_NAME-ready"; do
        tries=$((tries + 1))
        [ "$tries" -lt 600 ] || die "nothing answers on port $1 (logs in $WORK)"
        sleep 0.1
    done
}

NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so

# Dies unless Debian's nginx and Nchan are here (bench/compare-nchan.sh installs them).
need_nchan() {
    command -v nginx >/dev/null 2>&1 && [ -f "$NCHAN_MODULE" ] || die "no nginx with Nchan: bench/compare-nchan.sh installs them"
}

# Starts a private nginx with Nchan in directory $1 (config, pid file, logs) on 127.0.0.1:$2 with
# $3 workers, for up to $4 connections, with the locations /publisher/ID and /subscriber/ID (long
# poll, from the oldest message) that hbpush-bench uses; its pid file is $1/nginx.pid.
start_nchan() {
    mkdir -p "$1/logs" "$1/temp"
    cat > "$1/nginx.conf" <<CONF
load_module $NCHAN_MODULE;
worker_processes $3;
worker_rlimit_nofile $(($4 * 2 + 1024));
pid $1/nginx.pid;
error_log $1/logs/error.log warn;
events {
    worker_connections $(($4 * 2 + 1024));
    multi_accept on;
}
http {
    access_log off;
    client_body_temp_path $1/temp/body;
    keepalive_requests 1000000000;
    keepalive_timeout 600s;
    nchan_max_reserved_memory 1024M;
    server {
        listen 127.0.0.1:$2 backlog=4096;
        location ~ ^/publisher/(.+)\$ {
            nchan_publisher;
            nchan_channel_id \$1;
            nchan_message_buffer_length 1000;
            nchan_message_timeout 1h;
        }
        location ~ ^/subscriber/(.+)\$ {
            nchan_subscriber longpoll;
            nchan_channel_id \$1;
            nchan_subscriber_first_message oldest;
        }
    }
}
CONF
    nginx -p "$1" -c "$1/nginx.conf" -e "$1/logs/error.log" || die "nginx did not start"
}

# Makes the run's temporary directory, WORK, and removes it on exit, after stopping every process in
# PIDS and the private nginx whose pid file is $WORK/nchan/nginx.pid, if one was started.
make_work_dir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/hbpush-$BENCH_NAME.XXXXXX")
    PIDS=
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

cleanup() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nchan/nginx.pid" ] && kill "$(cat "$WORK/nchan/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
