#!/bin/sh
# CPU profiles of the service's hot path: the packaged jar serving linreg and resnet20 under wrk, one JDK Flight
# Recording per scenario (jdk.CPUTimeSample: CPU time, native code included; jdk.ObjectAllocationSample: where
# the heap is allocated, NAME-alloc.*), turned into flame graphs by
# bench/flamegraph.py. Offline: nothing but the JDK, wrk and python3. See docs/performance.md.
#
#   bench/profile.sh [OUT_DIR]        default docs/profiles; PORT (26080), SECONDS_PER_SCENARIO (8), WARMUP_SECONDS (60)
#                                     from the environment
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$(cd "${1:-docs/profiles}" 2>/dev/null && pwd || (mkdir -p "${1:-docs/profiles}" && cd "${1:-docs/profiles}" && pwd))
port=${PORT:-26080}
seconds=${SECONDS_PER_SCENARIO:-8}
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
[ -f target/edgeserve.jar ] || ./mvnw -B -q -DskipTests package

scratch=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
mkdir "$scratch/models"
ln -s "$root/../shared/models/sagemaker-linreg" "$root/../shared/models/cifar-resnet20-v1" "$scratch/models/"
python3 - "$scratch" <<'PY'
import struct, sys
def npy(path, shape):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "")
    header = header.ljust(117) + "\n"
    count = 1
    for dim in shape:
        count *= dim
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<%df" % count, *([0.5] * count)))
npy(sys.argv[1] + "/resnet.npy", (1, 3, 32, 32))
open(sys.argv[1] + "/linreg.json", "w").write("[[1.0, 2.0]]")
PY

./serve serve --server.port="$port" --server.address=127.0.0.1 --edgeserve.model-dir="$scratch/models" \
    --edgeserve.manifest-dir="$root/src/test/resources/manifests" --edgeserve.work-dir="$scratch/work" \
    > "$scratch/service.log" 2>&1 &
pid=$!
for i in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$port/ping" >/dev/null 2>&1; then break; fi
    sleep 0.5
done
url="http://127.0.0.1:$port"
lua="$root/bench/wrk/request.lua"
# Warm-up: every path compiled before anything is recorded. On 2 cores under load C2 goes on compiling the hot path
# for 30 s and more, and a profile taken meanwhile shows the compiler, not the service: WARMUP_SECONDS (default 60)
# is shared out over the paths profiled, the lone-request (c=1) paths included.
warm=${WARMUP_SECONDS:-60}
wrk -t1 -c32 -d$((warm * 4 / 10))s -s "$lua" "$url/invocations" -- POST "$scratch/resnet.npy" application/x-npy cifar-resnet20-v1 >/dev/null
wrk -t1 -c32 -d$((warm * 3 / 10))s -s "$lua" "$url/invocations" -- POST "$scratch/linreg.json" application/json sagemaker-linreg >/dev/null
wrk -t1 -c1 -d$((warm / 10))s -s "$lua" "$url/invocations" -- POST "$scratch/linreg.json" application/json sagemaker-linreg >/dev/null
wrk -t1 -c1 -d$((warm / 10))s -s "$lua" "$url/invocations" -- POST "$scratch/resnet.npy" application/x-npy cifar-resnet20-v1 >/dev/null
wrk -t1 -c32 -d$((warm / 10))s -s "$lua" "$url/ping" -- GET >/dev/null

profile() { # name connections path wrk-arguments...
    name=$1 connections=$2 path=$3
    shift 3
    jcmd "$pid" JFR.start name="$name" settings=none +jdk.CPUTimeSample#enabled=true \
        '+jdk.CPUTimeSample#throttle=1ms' +jdk.ObjectAllocationSample#enabled=true \
        '+jdk.ObjectAllocationSample#throttle=1000/s' >/dev/null
    wrk -t1 -c"$connections" -d"${seconds}s" -s "$lua" "$url$path" -- "$@" | grep -E "Requests/sec"
    jcmd "$pid" JFR.stop name="$name" filename="$scratch/$name.jfr" >/dev/null
    python3 "$root/bench/flamegraph.py" "$scratch/$name.jfr" "$out/$name.svg" jdk.CPUTimeSample \
        "edgeserve $name, CPU time" > "$out/$name.txt"
    python3 "$root/bench/flamegraph.py" "$scratch/$name.jfr" "$out/$name-alloc.svg" jdk.ObjectAllocationSample \
        "edgeserve $name, allocation samples" > "$out/$name-alloc.txt"
    echo "$name: $out/$name.svg, top frames in $out/$name.txt"
}
profile linreg-json-c1 1 /invocations POST "$scratch/linreg.json" application/json sagemaker-linreg
profile linreg-json-c32 32 /invocations POST "$scratch/linreg.json" application/json sagemaker-linreg
profile resnet20-npy-c1 1 /invocations POST "$scratch/resnet.npy" application/x-npy cifar-resnet20-v1
profile resnet20-npy-c32 32 /invocations POST "$scratch/resnet.npy" application/x-npy cifar-resnet20-v1
profile ping-c32 32 /ping GET
