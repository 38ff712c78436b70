#!/bin/sh
# Runs every test of hbpush: unit tests, the HTTP tests against a real Jetty, the store contract
# suites and the distribution tarball started as a real process (mvn verify).
#
# Before Maven runs, it makes sure the services the tests need are installed and running
# (scripts/test-services.sh). Extra arguments go to Maven, e.g. scripts/test.sh -pl hbpush-server.
set -eu
cd "$(dirname "$0")/.."
sh scripts/test-services.sh
exec mvn -B -ntp verify "$@"
