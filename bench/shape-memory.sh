#!/bin/sh
# RSS after distinct input shapes, with and without the per-model cap: loads one shared model without a manifest in a
# fresh JVM per setting, runs one picture of each of SHAPES distinct sizes, and prints RSS as it goes. See
# docs/performance.md ("Memory per input shape").
#
#   bench/shape-memory.sh                       cifar-resnet20-v1, 200 shapes, cap 0 (none) then 8
#   MODEL=mnist-lenet SHAPES=50 CAPS="0 4" bench/shape-memory.sh
set -eu

. "$(dirname "$0")/java.sh"

echo "shape-memory: building the test classes" >&2
test_classpath

for cap in ${CAPS:-0 8}; do
    MXNET_ENGINE_TYPE=NaiveEngine OMP_NUM_THREADS=1 "$java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
        -Dmodel="${MODEL:-cifar-resnet20-v1}" -Dshapes="${SHAPES:-200}" -Dedgeserve.models.max-shapes="$cap" \
        -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.edgeserve.bench.ShapeMemory
done
