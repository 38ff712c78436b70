#!/bin/sh
#
# bench/kernel-split.sh - where a delivery's CPU goes, kernel included: runs the same fanout against
# hbpushd (memory store), Nchan and the bare java.nio floor of bench/floors/Floors.java, samples
# each server with Linux perf while the fanout runs, and prints its CPU per delivery split into user
# space and groups of kernel functions (epoll, the read path, sending, ...), with each server's
# difference from Nchan. It answers "is the rest hbpushd's code or the platform's?": what the floor,
# a JVM doing nothing but the protocol's reads and writes, pays above Nchan in a group is the JDK's
# way of calling the kernel, not hbpushd's. Not part of CI.
#
#   bench/kernel-split.sh                  # 3 turns of the three servers, 10,000 subscribers x 1 channel
#   RUNS=5 SUBSCRIBERS=1000 ROUNDS=1000 bench/kernel-split.sh
#
# Needs the distribution (mvn package -DskipTests), Debian's nginx with libnginx-mod-nchan
# (bench/compare-nchan.sh installs them) and perf (Debian's linux-perf), run as root or with
# kernel.perf_event_paranoid <= 1 and kernel.kptr_restrict = 0, so that kernel symbols resolve.
# Each server gets an untimed warm-up (1,000 x 200 rounds, then SUBSCRIBERS x 30), then the servers
# take turns, RUNS times: a fanout of ROUNDS measured rounds, of which perf samples SAMPLE_S seconds
# (cpu-clock, 4,000 Hz, the server's threads; Nchan's workers), starting 5 s in. A group's share of
# the samples times the run's server_cpu_us_per_op is its figure in microseconds per delivery. So a
# run must last longer than 5 + SAMPLE_S seconds: 80 rounds of 10,000 take about 12 s on 2 cores.
#
# Environment (defaults in brackets): RUNS [3], SUBSCRIBERS [10000], ROUNDS [80], SAMPLE_S [4],
# CORES [nproc], PORTS from SPLIT_PORT [18930] to SPLIT_PORT+3, HBPUSHD_OPTS [] (JVM options added to
# hbpushd's, e.g. -Djava.net.preferIPv4Stack=true), NGINX_CALLS [0] (1: a fourth server, hbpushd with
# bench/floors/nginx-calls.c preloaded, which makes the JDK read with recvfrom(2) and register
# edge-triggered epoll events as nginx does; needs a C compiler).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
ROUNDS=${ROUNDS:-80}
SAMPLE_S=${SAMPLE_S:-4}
CORES=${CORES:-$(nproc)}
SPLIT_PORT=${SPLIT_PORT:-18930}
BENCH_NAME=kernel-split
. "$ROOT/bench/common.sh"

HOME_DIR=$(tree_home "$ROOT")
[ -n "$HOME_DIR" ] || die "no distribution: run mvn package -DskipTests first"
need_nchan
command -v perf >/dev/null 2>&1 || die "no perf: install Debian's linux-perf"
need_open_files "$SUBSCRIBERS"
make_work_dir

HBPUSH_PORT=$SPLIT_PORT
NCHAN_PORT=$((SPLIT_PORT + 1))
NIO_PORT=$((SPLIT_PORT + 2))
CALLS_PORT=$((SPLIT_PORT + 3))
NGINX_CALLS=${NGINX_CALLS:-0}

hbpushd_config "$HBPUSH_PORT" > "$WORK/hbpushd.yml"
JAVA_OPTS="-XX:ActiveProcessorCount=$CORES ${HBPUSHD_OPTS:-}" "$HOME_DIR/bin/hbpushd" --config "$WORK/hbpushd.yml" >"$WORK/hbpushd.log" 2>&1 &
HBPUSHD_PID=$!
start_floor nio "$NIO_PORT" "$ROOT" "$HOME_DIR"
NIO_PID=$FLOOR_PID
PIDS="$HBPUSHD_PID $NIO_PID"
SERVERS="hbpushd nchan nio-floor"
CALLS_PID=
if [ "$NGINX_CALLS" = 1 ]; then
    build_nginx_calls "$ROOT"
    hbpushd_config "$CALLS_PORT" > "$WORK/hbpushd-nginx-calls.yml"
    LD_PRELOAD=$NGINX_CALLS_SO JAVA_OPTS="-XX:ActiveProcessorCount=$CORES ${HBPUSHD_OPTS:-}" "$HOME_DIR/bin/hbpushd" \
        --config "$WORK/hbpushd-nginx-calls.yml" >"$WORK/hbpushd-nginx-calls.log" 2>&1 &
    CALLS_PID=$!
    PIDS="$PIDS $CALLS_PID"
    SERVERS="$SERVERS hbpushd-nginx-calls"
fi
start_nchan "$WORK/nchan" "$NCHAN_PORT" "$CORES" "$SUBSCRIBERS"

port() { case $1 in hbpushd) echo "$HBPUSH_PORT" ;; nchan) echo "$NCHAN_PORT" ;; nio-floor) echo "$NIO_PORT" ;; hbpushd-nginx-calls) echo "$CALLS_PORT" ;; esac; }
pid() { case $1 in hbpushd) echo "$HBPUSHD_PID" ;; nchan) echo "$NGINX_PID" ;; nio-floor) echo "$NIO_PID" ;; hbpushd-nginx-calls) echo "$CALLS_PID" ;; esac; }
for server in $SERVERS; do await_port "$(port "$server")"; done
NGINX_PID=$(cat "$WORK/nchan/nginx.pid")

# Nchan's PUT would post an empty message
create() { if [ "$1" = nchan ]; then echo none; else echo put; fi; }
# The processes perf samples: nginx's workers, not its idle master
sampled() { if [ "$1" = nchan ]; then pgrep -P "$NGINX_PID" | paste -sd, -; else pid "$1"; fi; }

# $1 server, $2 subscribers, $3 rounds, $4 warm-up rounds
fanout() {
    "$HOME_DIR/bin/hbpush-bench" fanout --subscribers "$2" --channels 1 --rounds "$3" --warmup-rounds "$4" \
        --url "http://127.0.0.1:$(port "$1")" --create "$(create "$1")" --pid "$(pid "$1")" --progress 0 --timeout 600
}

for server in $SERVERS; do
    echo "kernel-split: warming $server" >&2
    fanout "$server" 1000 200 0 >/dev/null || die "the warm-up of $server failed"
    fanout "$server" "$SUBSCRIBERS" 30 0 >/dev/null || die "the warm-up of $server failed"
done

run=1
while [ "$run" -le "$RUNS" ]; do
    for server in $SERVERS; do
        fanout "$server" "$SUBSCRIBERS" "$ROUNDS" 30 >"$WORK/result" 2>>"$WORK/bench.log" &
        tool=$!
        sleep 5
        perf record -q -e cpu-clock -F 4000 -p "$(sampled "$server")" -o "$WORK/perf.data" -- sleep "$SAMPLE_S" >/dev/null 2>&1 \
            || die "perf record failed on $server (root, or kernel.perf_event_paranoid <= 1?)"
        wait "$tool" || die "a run on $server failed: $(cat "$WORK/result")"
        cpu=$(tr ' ' '\n' < "$WORK/result" | sed -n 's/^server_cpu_us_per_op=//p')
        echo "$server run $run $(cat "$WORK/result")"
        perf report -i "$WORK/perf.data" --sort sym --stdio 2>/dev/null \
            | awk -v server="$server" -v cpu="$cpu" '$1 ~ /%$/ && $2 ~ /^\[/ {print server, cpu, $1, $2, $3}' >> "$WORK/symbols"
    done
    run=$((run + 1))
done

# Each sample's function into a group (the first pattern that matches), then means per server of
# microseconds per delivery, and each server's difference from Nchan.
awk -v runs="$RUNS" '
BEGIN {
    n = 0
    name[++n] = "user space (the server'"'"'s own code, the JVM, libc)"; re[n] = "^USER$"
    name[++n] = "epoll: readiness checks (ep_*, sock_poll, tcp_poll)"; re[n] = "^(ep_|__ep_|do_epoll|sock_poll|tcp_poll|__x64_sys_epoll)"
    name[++n] = "fd lookup (fdget, fdget_pos, fput)"; re[n] = "^(fdget|__fdget|fput|__fget)"
    name[++n] = "read(2) or recvfrom(2) layers above TCP"; re[n] = "^(vfs_read|ksys_read|sock_read_iter|sock_recvmsg|inet6?_recvmsg|__sys_recvfrom|__x64_sys_(read|recvfrom)|security_socket_recvmsg|security_file_permission|rw_verify_area)$"
    name[++n] = "freeing socket buffers"; re[n] = "^(skb_release|skb_defer|__kfree_skb|kfree_skb|kfree$|kmem_cache_free|napi_consume|skb_attempt_defer|__slab_free|slab_update_freelist|skb_free_head|consume_skb|sk_skb_reason_drop|put_cpu_partial|__list_del_entry)"
    name[++n] = "TCP receive and copy to user"; re[n] = "^(tcp_recvmsg|tcp_rcv_space|tcp_cleanup_rbuf|__tcp_cleanup_rbuf|skb_copy_datagram|_copy_to_iter|__skb_datagram_iter|copy_user|rep_movs)"
    name[++n] = "TCP send, loopback and softirq receive"; re[n] = "^(tcp_|__tcp|ip_|__ip|loopback|__netif|netif|net_rx|__napi|process_backlog|__dev_queue|dev_hard|validate_xmit|sch_direct|__alloc_skb|kmalloc|__kmalloc|kmem_cache_alloc|sk_stream|skb_|__skb|inet_|__inet|raw_|bbr|sock_def|sock_wfree|sk_reset|ipv4_|nf_|__xfrm|handle_softirqs|do_softirq|__local_bh|_copy_from_iter|sock_write_iter|vfs_writev?|do_writev|ksys_write|__x64_sys_writev?|sock_sendmsg|__sock_sendmsg|import_iovec|__import_iovec|security_socket_sendmsg|iov_iter|__check_object_size|check_heap|__virt_addr|lock_sock|release_sock|__release_sock|__mod_timer|mod_timer|sk_page_frag|sk_forced|__sk_mem)"
    name[++n] = "wake-ups, scheduling, locks, syscall entry"; re[n] = "^(_raw_spin|try_to_wake|__wake|wake_up|finish_task|schedule|__schedule|native_write_msr|do_syscall|entry_SYSCALL|syscall_|__x64_|exit_to_user|pick_next|enqueue|dequeue|update_|psi_|ttwu|select_task|native_sched|__switch|switch_mm|hrtimer|native_irq|irqentry|asm_|sysvec|__sysvec|irq_|rcu_|__rcu|ktime|read_tsc|clock|mutex|__mutex)"
    name[++n] = "kernel, other"; re[n] = "."
    servers = 0
}
{
    server = $1; cpu = $2; share = $3; sub(/%$/, "", share)
    symbol = ($4 == "[k]") ? $5 : "USER"
    if (!(server in seen)) { seen[server] = 1; order[++servers] = server }
    for (g = 1; g <= n; g++) if (symbol ~ re[g]) break
    us[server, g] += share / 100 * cpu / runs
    total[server] += share / 100 * cpu / runs
}
END {
    printf "%-56s", "us per delivery, means of " runs " runs"
    for (s = 1; s <= servers; s++) printf " %10s", order[s]
    for (s = 1; s <= servers; s++) if (order[s] != "nchan") printf " %12s", order[s] "-N"
    printf "\n"
    for (g = 1; g <= n; g++) {
        printf "%-56s", name[g]
        for (s = 1; s <= servers; s++) printf " %10.2f", us[order[s], g]
        for (s = 1; s <= servers; s++) if (order[s] != "nchan") printf " %+12.2f", us[order[s], g] - us["nchan", g]
        printf "\n"
    }
    printf "%-56s", "total"
    for (s = 1; s <= servers; s++) printf " %10.2f", total[order[s]]
    for (s = 1; s <= servers; s++) if (order[s] != "nchan") printf " %+12.2f", total[order[s]] - total["nchan"]
    printf "\n"
}' "$WORK/symbols"
