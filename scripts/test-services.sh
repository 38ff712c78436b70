#!/bin/sh
# Makes sure the servers the test suite needs are installed on this machine.
#
# The tests start private instances of them on free loopback ports, with data in temporary
# directories, and stop them afterwards: they never touch a Redis or PostgreSQL you run
# yourself. What they need is the programs: redis-server, PostgreSQL's initdb/pg_ctl, and
# Chromium (a real browser runs the README's JavaScript client against the server).
# Missing ones are installed from Debian's packages (needs root, as on CI).
set -eu

missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"

if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "test services: missing$missing; install them (apt-get install$missing) or run this as root" >&2
        exit 1
    fi
    echo "test services: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Debian's packages start system-wide services on install; the tests do not use them.
echo "test services: redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -n 1), $(chromium --version 2>/dev/null)"
