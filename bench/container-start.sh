#!/usr/bin/env bash
# Start of container images side by side in one sitting: each image is started in turn, RUNS times, in the order
# A B B A, so that a machine whose load rises or falls slows both alike. Each start is the container test's first
# one: `podman run` with no network and a read-only root, the shared linear regression model at /opt/ml/model, and
# /ping asked every 100 ms from inside the container's network namespace (nsenter), so that nothing else on the
# machine can answer. For each start it prints
#   wall   from `podman run` to the first /ping 200
#   cpu    the JVM's user and system time until then (/proc/PID/stat), which the machine's load disturbs far less
# then the median and range of each, per image.
# Usage: bench/container-start.sh RUNS IMAGE_A IMAGE_B   (as root, with podman set up as in .ci/container-test.sh:
# CONTAINERS_STORAGE_CONF and CONTAINERS_CONF naming the storage that holds both images)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: bench/container-start.sh RUNS IMAGE_A IMAGE_B" >&2; exit 2; }
runs=$1
model=$(cd .. && pwd)/shared/models/sagemaker-linreg
[ -d "$model" ] || { echo "container-start: the shared models are not in ../shared/models" >&2; exit 1; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT

start() {
    local image=$1 started cid pid ms stat cpu
    started=$(date +%s%N)
    cid=$(podman run -d --network none --read-only --read-only-tmpfs=false --tmpfs "/tmp:rw,mode=1777" \
        -v "$model":/opt/ml/model:ro "$image" serve 2>/dev/null)
    pid=$(podman inspect --format '{{.State.Pid}}' "$cid")
    until nsenter --target "$pid" --net curl -fsS -o /dev/null http://127.0.0.1:8080/ping 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { podman logs "$cid" 2>&1 | tail -20; podman rm -f -t 0 "$cid" >/dev/null 2>&1; exit 1; }
        sleep 0.1
    done
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    read -r -a stat <"/proc/$pid/stat"
    cpu=$(awk -v u="${stat[13]}" -v s="${stat[14]}" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (u + s) / hz}')
    podman rm -f -t 0 "$cid" >/dev/null 2>&1
    echo "$image $ms $cpu" >>"$results"
    echo "$image: wall $ms ms, cpu $cpu s, load $(cut -d' ' -f1 /proc/loadavg)"
}

for _ in $(seq "$(( (runs + 1) / 2 ))"); do
    start "$2"; start "$3"; start "$3"; start "$2"
done

median_range() {   # the median and range of the numbers on stdin
    sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s (%s - %s)", m, v[1], v[NR]}'
}
for image in "$2" "$3"; do
    echo "$image, $(grep -c "^$image " "$results") starts: wall median $(awk -v i="$image" '$1 == i {print $2}' "$results" \
        | median_range) ms, cpu median $(awk -v i="$image" '$1 == i {print $3}' "$results" | median_range) s"
done
