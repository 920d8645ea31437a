#!/bin/sh
# The cost of data capture, in one command: req/s at c=32 for each model with capture off and with 100% capture
# (two services, runs alternating), then the destination (s3rver behind a proxy) down for a while under load.
# Prints markdown tables; see docs/data-capture.md.
#
#   bench/capture.sh                                         the full run (about 6 minutes)
#   DURATION=5s WARMUP=3s ROUNDS=2 OUTAGE=60 bench/capture.sh  a shorter one for a busy machine
#
# Knobs (environment): MODELS (default sagemaker-linreg,cifar-resnet20-v1), CONCURRENCY (32), DURATION (10s),
# WARMUP (5s), ROUNDS (2), OUTAGE (seconds the destination is down, 60; 0 skips it), OUTAGE_CONCURRENCY (4).
set -eu

. "$(dirname "$0")/java.sh"

command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x tools/s3rver/node_modules/.bin/s3rver ] || npm ci --prefix tools/s3rver --ignore-scripts --no-audit --no-fund --loglevel=error

echo "bench: building target/edgeserve.jar and the benchmark classes" >&2
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

exec "$java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.edgeserve.bench.CaptureBenchmark
