#!/bin/sh
# The template store plugin as an operator installs it: unpacks the built distribution tarball,
# unpacks the template's plugin zip into its plugins/file/, starts bin/hbpushd with
# `store: {type: file}` on a free loopback port, publishes and long-polls over HTTP, restarts it
# to see the messages kept, and stops it with SIGTERM (exit status 0).
#
# Needs distribution/target/hbpush-*.tar.gz (mvn install or verify of the main build) and
# plugins/template-store/target/hbpush-store-file-*-plugin.zip (mvn -f plugins/template-store/pom.xml
# verify); scripts/test.sh builds both first. Prints one line per check and, last,
# "template plugin: N passed, M failed"; exits non-zero when a check failed.
set -u
cd "$(dirname "$0")/.."

TYPE=file
START_SECONDS=30
STOP_SECONDS=15
ANSWER_SECONDS=10

passed=0
failed=0
server_pid=

pass() {
    passed=$((passed + 1))
    echo "ok: $1"
}

fail() {
    failed=$((failed + 1))
    echo "FAILED: $1"
}

finish() {
    echo "template plugin: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# Whatever happens, no server is left running and no temporary directory is left behind.
work=$(mktemp -d "${TMPDIR:-/tmp}/hbpush-template-plugin.XXXXXX") || { fail "mktemp"; finish; }
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -9 "$server_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_log() {
    echo "--- hbpushd output ($1) ---"
    sed 's/^/    /' "$1"
    echo "---"
}

# A port nothing listens on now: the kernel's choice when python3 is there, else a random one.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    else
        awk 'BEGIN { srand(); print 20000 + int(rand() * 30000) }'
    fi
}

# start_server LOG: starts bin/hbpushd in the background and waits until it answers HTTP.
start_server() {
    "$home/bin/hbpushd" --config "$work/hbpushd.yml" >"$1" 2>&1 &
    server_pid=$!
    waited=0
    while [ "$waited" -lt $((START_SECONDS * 10)) ]; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            fail "hbpushd exited before listening on port $port"
            show_log "$1"
            server_pid=
            return 1
        fi
        # Any HTTP answer will do: the server is listening.
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/subscriber/" 2>/dev/null)" != "000" ]; then
            pass "hbpushd started with store type $TYPE and answers on port $port"
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    fail "hbpushd did not answer on port $port within ${START_SECONDS}s"
    show_log "$1"
    return 1
}

# stop_server LOG: SIGTERM, then waits (bounded) for exit status 0.
stop_server() {
    kill -TERM "$server_pid"
    waited=0
    while kill -0 "$server_pid" 2>/dev/null && [ "$waited" -lt $((STOP_SECONDS * 10)) ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$server_pid" 2>/dev/null; then
        fail "hbpushd still running ${STOP_SECONDS}s after SIGTERM"
        show_log "$1"
        return 1
    fi
    wait "$server_pid"
    status=$?
    server_pid=
    if [ "$status" -eq 0 ]; then
        pass "hbpushd exits with status 0 on SIGTERM"
    else
        fail "hbpushd exited with status $status on SIGTERM"
        show_log "$1"
    fi
}

# ---- install: the tarball, then the plugin zip into plugins/<type>/

tarball=$(ls distribution/target/hbpush-*.tar.gz 2>/dev/null | head -n 1)
zip=$(ls plugins/template-store/target/hbpush-store-file-*-plugin.zip 2>/dev/null | head -n 1)
if [ -z "$tarball" ] || [ -z "$zip" ]; then
    fail "missing build output: distribution/target/hbpush-*.tar.gz (${tarball:-none}) or the template's plugin zip (${zip:-none}); build both first (scripts/test.sh does)"
    finish
fi
tar -xzf "$tarball" -C "$work" || { fail "tar -xzf $tarball"; finish; }
home=$(ls -d "$work"/hbpush-*/ | head -n 1)
home=${home%/}
mkdir -p "$home/plugins/$TYPE"
if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$home/plugins/$TYPE"
else
    (cd "$home/plugins/$TYPE" && jar xf "$OLDPWD/$zip")
fi || { fail "unpacking $zip into plugins/$TYPE/"; finish; }
pass "unpacked $(basename "$tarball") and $(basename "$zip") into plugins/$TYPE/"

listing=$("$home/bin/hbpushd" --list-plugins 2>&1)
status=$?
# One line per plugin directory: "<dir>/plugins/file: store types file; <Implementation-Title> <version>".
if [ "$status" -eq 0 ] && printf '%s\n' "$listing" | grep -q "/plugins/$TYPE: store types $TYPE; .*template plugin"; then
    pass "hbpushd --list-plugins lists the $TYPE plugin"
else
    fail "hbpushd --list-plugins (status $status) does not list plugins/$TYPE with type $TYPE and its title:"
    printf '%s\n' "$listing" | sed 's/^/    /'
fi

# ---- run: publish, read, long-poll

port=$(free_port)
base="http://127.0.0.1:$port"
data="$work/data"
cat >"$work/hbpushd.yml" <<EOF
port: $port
address: 127.0.0.1
store:
  type: $TYPE
  directory: $data
locations:
  - type: subscriber
    prefix: /subscriber/
    polling: long
    subscriber_timeout: 30
  - type: publisher
    prefix: /publisher/
EOF

start_server "$work/first.log" || finish

code=$(curl -s -o "$work/post1" -w '%{http_code}' -m "$ANSWER_SECONDS" -H 'Content-Type: text/plain' -d 'hello from the file store' "$base/publisher/news")
case $code in
    201|202) pass "POST /publisher/news answers $code" ;;
    *) fail "POST /publisher/news answered $code: $(cat "$work/post1" 2>/dev/null)" ;;
esac

code=$(curl -s -D "$work/get1.headers" -o "$work/get1" -w '%{http_code}' -m "$ANSWER_SECONDS" "$base/subscriber/news")
if [ "$code" = 200 ] && [ "$(cat "$work/get1")" = "hello from the file store" ]; then
    pass "GET /subscriber/news answers the message"
else
    fail "GET /subscriber/news answered $code: $(cat "$work/get1" 2>/dev/null)"
fi
last_modified=$(sed -n 's/^[Ll]ast-[Mm]odified: *//p' "$work/get1.headers" | tr -d '\r')
etag=$(sed -n 's/^[Ee][Tt]ag: *//p' "$work/get1.headers" | tr -d '\r')

# A long poll for the next message, held until the second post.
curl -s -o "$work/poll" -w '%{http_code}' -m "$ANSWER_SECONDS" \
    -H "If-Modified-Since: $last_modified" -H "If-None-Match: $etag" "$base/subscriber/news" >"$work/poll.code" &
poll_pid=$!
# Post once the poll is held: the channel's information counts it as a waiting subscriber.
waited=0
while [ "$waited" -lt $((ANSWER_SECONDS * 10)) ]; do
    if curl -s -m 2 "$base/publisher/news" | grep -qi 'subscribers: 1'; then
        break
    fi
    sleep 0.1
    waited=$((waited + 1))
done
code=$(curl -s -o /dev/null -w '%{http_code}' -m "$ANSWER_SECONDS" -H 'Content-Type: text/plain' -d 'second' "$base/publisher/news")
wait "$poll_pid"
if [ "$code" = 201 ] && [ "$(cat "$work/poll.code")" = 200 ] && [ "$(cat "$work/poll")" = "second" ]; then
    pass "a held long poll gets the next message (POST answered 201)"
else
    fail "long poll: POST answered $code (201 expected), the poll answered $(cat "$work/poll.code") with '$(cat "$work/poll")'"
fi

# The isolation the template proves: the server runs its Jackson, the plugin its own.
server_jackson=$(ls "$home/lib" | sed -n 's/^jackson-databind-\(.*\)\.jar$/\1/p')
plugin_jackson=$(ls "$home/plugins/$TYPE" | sed -n 's/^jackson-databind-\(.*\)\.jar$/\1/p')
if [ -n "$server_jackson" ] && [ -n "$plugin_jackson" ] && [ "$server_jackson" != "$plugin_jackson" ] \
        && grep -q "jackson-databind $plugin_jackson)" "$work/first.log"; then
    pass "the plugin runs its own jackson-databind $plugin_jackson beside the server's $server_jackson"
else
    fail "jackson isolation: server lib has '$server_jackson', plugin has '$plugin_jackson', and the store's log line should name the plugin's"
    show_log "$work/first.log"
fi

stop_server "$work/first.log"

# ---- restart: the messages are still there

start_server "$work/second.log" || finish
code=$(curl -s -o "$work/get2" -w '%{http_code}' -m "$ANSWER_SECONDS" "$base/subscriber/news")
if [ "$code" = 200 ] && [ "$(cat "$work/get2")" = "hello from the file store" ]; then
    pass "after a restart, GET /subscriber/news still answers the first message"
else
    fail "after a restart, GET /subscriber/news answered $code: $(cat "$work/get2" 2>/dev/null)"
    show_log "$work/second.log"
fi
stop_server "$work/second.log"

finish
