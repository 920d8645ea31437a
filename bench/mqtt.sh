#!/bin/sh
# MQTT against HTTP in one run (docs/mqtt.md#performance): the service with its embedded broker in one JVM, closed-loop
# clients at 1 and 32 requests in flight for linreg and a CIFAR tile to resnet20 (HTTP through wrk where it is
# installed, as bench/run.sh measures it; HTTP_CLIENT=jdk for the JDK client); prints req/s and p50 per cell.
#
#   bench/mqtt.sh                                  10 s per cell after 3 s of warm-up (about 3 minutes)
#   DURATION=5 WARMUP=2 CONCURRENCY=1,32 bench/mqtt.sh
#
# Needs the shared models in ../shared/models (sagemaker-linreg, cifar-resnet20-v1) and ../shared/data.
set -eu

. "$(dirname "$0")/java.sh"

echo "bench/mqtt: building the classes" >&2
test_classpath

export MXNET_ENGINE_TYPE=NaiveEngine OMP_NUM_THREADS=1
exec "$java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
    -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.edgeserve.mqtt.MqttBenchmark
