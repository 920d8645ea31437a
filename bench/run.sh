#!/bin/sh
# The edgeserve benchmark, in one command: builds what it needs, measures the engine in-process and the service
# under wrk, and prints the table (also kept in bench/results/). Run from anywhere; see docs/performance.md.
#
#   bench/run.sh                                   the full benchmark (about 20 minutes on 2 cores)
#   DURATION=2s WARMUP=1s WARMUP_LIMIT=0 ENGINE_SECONDS=0.5 ENGINE_WARMUP=0.3 THREADING=0 \
#     MODELS=cifar-resnet20-v1,sagemaker-linreg CONCURRENCY=1,32 bench/run.sh     a smoke run (under 2 minutes)
#
# The service is warmed up in passes over every model and media type until its JIT compilers have settled (3% of
# its CPU or less in a pass) or WARMUP_LIMIT seconds have gone: on 2 busy cores C2 compiles the hot path for more
# than 30 s, and the report would count that as the requests' CPU.
#
# Knobs (environment): DURATION (per wrk run), WARMUP (per model and media type in a warm-up pass), WARMUP_LIMIT
# (seconds of warm-up passes at most, default 120; 0 for one pass), MODELS, CONCURRENCY,
# BATCH_SIZES, ENGINE_SECONDS, ENGINE_WARMUP, ENGINE_ROUNDS (best of N, for a busy machine), THREADING (0 skips
# the OMP_NUM_THREADS experiment), WORKERS (the service's workers per model), SERVE (another build's serve script,
# beside its jar, to measure that service instead: e.g. target/startup-baseline-712ad4a/serve, which
# bench/startup.sh builds). See docs/performance.md.
set -eu

. "$(dirname "$0")/java.sh"

if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: installing wrk (Debian package)" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

echo "bench: building target/edgeserve.jar and the benchmark classes" >&2
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then BENCH_COMMIT="$BENCH_COMMIT+changes"; fi
export BENCH_COMMIT

exec "$java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.edgeserve.bench.Benchmark
