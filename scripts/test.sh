#!/bin/sh
# Runs every test of hbpush, each once:
#   1. mvn install of the main build: unit tests, the HTTP tests against a real Jetty, the store
#      contract suites and the distribution tarball started as a real process (install also puts
#      hbpush-api and hbpush-store-tck in the local Maven repository, where plugins/ finds them);
#   2. the template store plugin, built from outside the reactor as a third party builds it, with
#      its contract test (mvn -f plugins/template-store/pom.xml verify);
#   3. scripts/test-template-plugin.sh: that plugin dropped into the unpacked tarball and used over
#      HTTP by a real bin/hbpushd. Its closing line counts its checks.
#
# Before Maven runs, it makes sure the services the tests need are installed and running
# (scripts/test-services.sh). Extra arguments go to Maven and run step 1 only, e.g.
# scripts/test.sh -pl hbpush-server.
set -eu
cd "$(dirname "$0")/.."
sh scripts/test-services.sh
if [ "$#" -gt 0 ]; then
    exec mvn -B -ntp install "$@"
fi
mvn -B -ntp install
mvn -B -ntp -f plugins/template-store/pom.xml verify
exec sh scripts/test-template-plugin.sh
