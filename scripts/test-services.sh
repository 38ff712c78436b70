#!/bin/sh
# Makes sure the servers the test suite needs are installed and running on this machine.
# The memory store needs none; the Redis and PostgreSQL stores add theirs here.
set -eu
echo "test services: none needed yet"
