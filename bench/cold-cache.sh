#!/bin/sh
# What a batch-1 call of the service's runner costs when the CPU's caches are cold, as a service leaves them between
# two requests, against back-to-back calls as the engine benchmark makes them: one JVM per model, the runner called
# on one thread, CPU time of the call alone. See docs/performance.md ("Cold caches").
#
#   bench/cold-cache.sh                     sagemaker-linreg 20,000 calls and cifar-resnet20-v1 1,500, 4 MB walked
#   EVICT_KB=1024 bench/cold-cache.sh
set -eu

. "$(dirname "$0")/java.sh"

echo "cold-cache: building the test classes" >&2
test_classpath

for run in sagemaker-linreg:20000 cifar-resnet20-v1:1500; do
    MXNET_ENGINE_TYPE=NaiveEngine OMP_NUM_THREADS=1 "$java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
        -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.edgeserve.bench.ColdCacheProbe \
        model="${run%%:*}" calls="${run#*:}" evict-kb="${EVICT_KB:-4096}" rounds="${ROUNDS:-3}"
done
