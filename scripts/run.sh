#!/bin/sh
# Builds hbpush (tests skipped) and starts hbpushd from the freshly built distribution:
# the built-in configuration (one memory store, /publisher/ and /subscriber/) on port 8080.
# Extra arguments go to hbpushd, e.g. scripts/run.sh --config my.yml --port 9090.
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests package
home=$(ls -d distribution/target/hbpush-*/hbpush-*/ | head -n 1)
exec "${home}bin/hbpushd" --port 8080 "$@"
