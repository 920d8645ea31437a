#!/usr/bin/env bash
# Builds the Dockerfile for real with podman and runs the image as SageMaker does (docs/deploy-container.md).
#
# No Docker Hub here: the Dockerfile's bases (eclipse-temurin:25-jdk to build, debian:trixie-slim to run) are stood
# in for by images made from Debian trixie packages with debootstrap and passed as BUILD_IMAGE / BASE_IMAGE
# (../shared/CONTAINERS.md). The run base has no Java: the image brings the runtime jlink made in the build stage, and
# takes from the run base only the libraries and the few programs it runs on (its root file system is built FROM
# scratch). So the image has no tools of its own: the checks read the container's process and files from here,
# through /proc/PID.
# Every podman file lives in one temporary folder; on exit the containers this test started are removed by id
# and the folder is deleted. Needs root (debootstrap, podman) and the shared models in ../shared/models.
set -euo pipefail
cd "$(dirname "$0")/.."

MODELS=$(cd .. && pwd)/shared/models
LINREG_ANSWER='[[4.9999918937683105]]'
GRACE_SECONDS=30             # podman stop's grace period: Kubernetes' default, and edgeserve.shutdown-grace's
IN_FLIGHT=4                  # requests in flight at SIGTERM ...
ROWS=200                     # ... of this many CIFAR images each: seconds of ResNet-56 work, well within the grace

say() { echo "container test: $*"; }
if [ ! -d "$MODELS/sagemaker-linreg" ] || [ ! -d "$MODELS/cifar-resnet56-v1" ]; then
    say "skipped: the shared models are not in $MODELS"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    say "skipped: needs root (debootstrap and podman)"
    exit 0
fi

test_start=$(date +%s%N)
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

missing=()
for tool in podman runc debootstrap curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -q
    apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" >/dev/null
fi

W=$(mktemp -d /tmp/edgeserve-container-test.XXXXXX)
containers=()
# Root podman also writes a few things outside its configured folders: buildah's image blob cache, runc's state
# folder and a network folder with netavark's address database (ipam.db: the folder is not empty, as its rmdir below
# needs). Those that did not exist before are removed after, and nothing else there: another podman on the machine
# may use the same places.
outside=()
for path in /var/lib/containers/cache/blob-info-cache-v1.boltdb /var/lib/containers/cache /var/lib/containers \
        /run/containers/networks/ipam.db /run/containers/networks /run/containers /run/runc; do
    [ -e "$path" ] || outside+=("$path")
done
cleanup() {
    local status=$? cid mount path
    for cid in "${containers[@]}"; do
        podman rm -f -t 0 "$cid" >>"$W/podman.log" 2>&1 || say "could not remove container $cid"
    done
    # Nothing should still be mounted under the folder; unmount what is, deepest first, before deleting it.
    while read -r mount; do umount "$mount" 2>/dev/null || umount -l "$mount" || true; done \
        < <(awk -v w="$W/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r)
    rm -rf "$W"
    for path in "${outside[@]}"; do
        if [ -d "$path" ]; then rmdir "$path" 2>/dev/null || true; else rm -f "$path"; fi
    done
    if [ "$status" = 0 ]; then say "passed in $(( $(elapsed_ms "$test_start") / 1000 )) s"; fi
}
trap cleanup EXIT

cat >"$W/storage.conf" <<EOF
[storage]
driver="overlay"
graphroot="$W/storage"
runroot="$W/run"
EOF
# runc: crun fails on hybrid cgroups; default_ulimits: the sandbox cannot raise open-file limits; tmp_dir,
# image_copy_tmp_dir and network_config_dir: podman's own state stays in this folder too, apart from any other
# podman on the machine.
cat >"$W/containers.conf" <<EOF
[containers]
default_ulimits=["nofile=$(ulimit -Hn):$(ulimit -Hn)","nproc=32768:32768"]
[engine]
runtime="runc"
cgroup_manager="cgroupfs"
events_logger="file"
tmp_dir="$W/libpod"
image_copy_tmp_dir="$W/tmp"
[network]
network_config_dir="$W/networks"
EOF
mkdir -p "$W/tmp"
# TMPDIR: buildah keeps RUN --mount=type=cache folders under it.
export CONTAINERS_STORAGE_CONF=$W/storage.conf CONTAINERS_CONF=$W/containers.conf TMPDIR=$W/tmp

fail() {
    say "FAILED: $*"
    local cid
    for cid in "${containers[@]}"; do
        echo "--- last lines of container $cid's log"
        podman logs "$cid" 2>&1 | tail -40 || true
    done
    exit 1
}

# --- Local stand-ins for the Dockerfile's bases ---------------------------------------------------------------
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
# The run base: what debian:trixie-slim has; apt's lists, documentation and locales go, as in the slim image. No curl:
# the slim image has none and the Dockerfile needs none (its health check is bash's /dev/tcp); the checks below run
# curl from here.
step=$(date +%s%N)
# The runtime jlinked from Debian's OpenJDK (the JDK base below) links against the system's libjpeg and lcms, where
# Temurin's bundles its own (FreeType and HarfBuzz, which Debian's text rendering links, are left out of the runtime):
# the stand-in has them, as a Debian-JDK build's real base would need to (the Dockerfile refuses a base that lacks
# what the runtime links against).
debootstrap --variant=minbase --include=libstdc++6,libjpeg62-turbo,liblcms2-2 \
    trixie "$W/rootfs" "$mirror" >"$W/debootstrap.log" 2>&1 || { tail -20 "$W/debootstrap.log"; fail "debootstrap"; }
# Files only: packages installed later (the JDK base's) expect the folders, such as man1 for update-alternatives.
rm -rf "$W"/rootfs/var/cache/apt/archives/*.deb "$W"/rootfs/var/lib/apt/lists/*
find "$W"/rootfs/usr/share/doc "$W"/rootfs/usr/share/man "$W"/rootfs/usr/share/info "$W"/rootfs/usr/share/locale \
    ! -type d -delete
tar -C "$W/rootfs" -c . | podman import --quiet - localhost/run-base:test >/dev/null
rm -rf "$W/rootfs"
say "run base (debootstrap, import) made in $(( $(elapsed_ms "$step") / 1000 )) s"
step=$(date +%s%N)
# The JDK base: Debian trixie's OpenJDK 25 (jlink and the AOT cache need 25) and binutils (jlink's --strip-debug
# strips the native libraries' debug symbols with objcopy, and fails without it). It also trusts the certificate
# authorities this machine added for itself (a TLS-inspecting proxy's, say), so that Maven inside the build reaches
# Maven Central as it does here.
mkdir -p "$W/jdk-base/certs"
cp /usr/local/share/ca-certificates/*.crt "$W/jdk-base/certs/" 2>/dev/null || true
cat >"$W/jdk-base/Containerfile" <<'EOF'
FROM localhost/run-base:test
COPY certs/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && update-ca-certificates \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-25-jdk-headless binutils \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
EOF
podman build --network host -t localhost/jdk-base:test "$W/jdk-base" >"$W/jdk-base.log" 2>&1 \
    || { tail -20 "$W/jdk-base.log"; fail "building the JDK base"; }
say "JDK base made in $(( $(elapsed_ms "$step") / 1000 )) s"

# --- The image ---------------------------------------------------------------------------------------------------
phase=$(date +%s%N)
IMAGE=localhost/edgeserve:test
# --format docker: the OCI format drops HEALTHCHECK. --network host: Maven Central for the build stage.
podman build --format docker --network host \
    --build-arg BUILD_IMAGE=localhost/jdk-base:test --build-arg BASE_IMAGE=localhost/run-base:test \
    -t "$IMAGE" . >"$W/build.log" 2>&1 || { tail -40 "$W/build.log"; fail "podman build"; }
image_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
say "image built in $(( $(elapsed_ms "$phase") / 1000 )) s: $(( image_bytes / 1000000 )) MB"
say "image layers: $(podman history --format '{{.Size}} {{.CreatedBy}}' "$IMAGE" | awk '$1 != "0B"' | cut -c1-90 | tr '\n' ';')"

[[ $(podman image inspect --format '{{.Config.User}}' "$IMAGE") =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] \
    || fail "the image's USER is not a non-root numeric id"
[ "$(podman image inspect --format \
    '{{index .Config.Labels "com.amazonaws.sagemaker.capabilities.accept-bind-to-port"}}' "$IMAGE")" = true ] \
    || fail "the accept-bind-to-port label is missing"

# Read-only root file system with /tmp as its only writable path, as docs/deploy-container.md asks.
read_only=(--read-only --read-only-tmpfs=false --tmpfs "/tmp:rw,mode=1777")

# --- 1. As SageMaker runs it, without a network ---------------------------------------------------------------
# A network namespace of its own with nothing but loopback: nothing on the machine can answer in its place, and
# DJL could download nothing even if it tried. HTTP requests are sent from the host inside that namespace (nsenter;
# the image has no curl); so is the start timed, which costs far less than an exec every 100 ms. The image has no
# tools for the other checks either (no cat, find or stat): they read process 1 and its files from here, through
# /proc/PID (PID being process 1's number on this side, /proc/PID/root the container's root).
net1() { nsenter --target "$pid1" --net "$@"; }
started=$(date +%s%N)
cid1=$(podman run -d --network none "${read_only[@]}" \
    -v "$MODELS/sagemaker-linreg":/opt/ml/model:ro "$IMAGE" serve 2>>"$W/podman.log")
containers+=("$cid1")
pid1=$(podman inspect --format '{{.State.Pid}}' "$cid1")
until net1 curl -fsS -o /dev/null http://127.0.0.1:8080/ping 2>/dev/null; do
    kill -0 "$pid1" 2>/dev/null || fail "the container stopped while starting"
    [ "$(elapsed_ms "$started")" -lt 180000 ] || fail "no /ping 200 within 180 s"
    sleep 0.1
done
start_ms=$(elapsed_ms "$started")
net1 curl -fsS -o /dev/null http://127.0.0.1:8080/ping || fail "/ping does not answer 200 in the container's network"
say "no network, read-only root: podman run to /ping 200 in $start_ms ms"

answer=$(net1 curl -sS -H 'Content-Type: application/json' -d '[[1, 2]]' http://127.0.0.1:8080/invocations)
[ "$answer" = "$LINREG_ANSWER" ] || fail "/invocations answered $answer, not $LINREG_ANSWER"

uid=$(stat -c %u "/proc/$pid1")
[ "$uid" != 0 ] || fail "the service runs as root"
cmdline=$(tr '\0' ' ' <"/proc/$pid1/cmdline")
# Process 1 is java itself (exec-form ENTRYPOINT, serve execs), so SIGTERM reaches the JVM.
[[ $cmdline == java\ * || $cmdline == */java\ * ]] || fail "process 1 is not java: $cmdline"
[[ $cmdline == /opt/edgeserve/runtime/bin/java\ * ]] || fail "java is not the image's jlinked runtime: $cmdline"
for flag in -XX:MaxRAMPercentage= -Xmn24m -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -XX:AOTCache=/opt/edgeserve/edgeserve.aot; do
    [[ $cmdline == *"$flag"* ]] || fail "java runs without $flag: $cmdline"
done
# Native libraries are loaded from the image, nothing was unpacked into the only writable path.
maps=$(cat "/proc/$pid1/maps")
# libgomp.so.1: MXNet's own OpenMP, found through its RPATH (the image has no other).
for lib in libmxnet.so libjnidispatch.so libgomp.so.1; do
    grep -q "/opt/edgeserve/native/$lib" <<<"$maps" || fail "$lib is not loaded from /opt/edgeserve/native"
done
unpacked=$(find "/proc/$pid1/root/tmp" \( -name '*.so*' -o -name 'jna*' -o -name '.djl.ai' \) -print 2>/dev/null || true)
[ -z "$unpacked" ] || fail "native files were unpacked at start: $unpacked"
# The AOT cache was made by this runtime for these files: the JVM says nothing about it unless it could not use it.
aot_lines=$(podman logs "$cid1" 2>&1 | grep -F '[aot]' || true)
[ -z "$aot_lines" ] || fail "the JVM did not use the image's AOT cache: $aot_lines"
# One copy of MXNet's natives: the unpacked ones, no jar of them on the class path.
copies=$( (find "/proc/$pid1/root/" -xdev \( -name 'libmxnet.so' -o -name 'mxnet-native-*.jar' \) -print 2>/dev/null \
    || true) | wc -l)
[ "$copies" = 1 ] || fail "$copies copies of MXNet's natives in the image"
podman healthcheck run "$cid1" >/dev/null 2>>"$W/podman.log" || fail "the image's HEALTHCHECK does not pass"
say "uid $uid, java (the jlinked runtime) is process 1 with container memory flags and the AOT cache," \
    "natives from the image, one copy of them, health check passes"
say "resident memory after start: $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid1/status") / 1024 )) MiB"

podman stop -t "$GRACE_SECONDS" "$cid1" >/dev/null 2>>"$W/podman.log" || fail "podman stop"
code=$(podman inspect --format '{{.State.ExitCode}}' "$cid1")
[ "$code" = 143 ] || [ "$code" = 0 ] || fail "idle stop ended with exit code $code"

# --- 2. On the port SageMaker names, stopped with requests in flight -------------------------------------------
# Host network, so that requests come from outside the container and outlive it; a free port picked at random,
# as other services may already hold 8080 or 9090 on this machine.
port=
for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 10000))
    if ! (: </dev/tcp/127.0.0.1/$candidate) 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "no free port found"
base=http://127.0.0.1:$port
started=$(date +%s%N)
# One worker, so that the requests queue behind each other and are still in flight when SIGTERM comes.
cid2=$(podman run -d --network host "${read_only[@]}" \
    -e SAGEMAKER_BIND_TO_PORT="$port" -e SAGEMAKER_MODEL_SERVER_WORKERS=1 \
    -v "$MODELS/cifar-resnet56-v1":/opt/ml/model:ro "$IMAGE" serve 2>>"$W/podman.log")
containers+=("$cid2")
pid2=$(podman inspect --format '{{.State.Pid}}' "$cid2")
until curl -fsS -o /dev/null "$base/ping" 2>/dev/null; do
    kill -0 "$pid2" 2>/dev/null || fail "the container stopped while starting"
    [ "$(elapsed_ms "$started")" -lt 180000 ] || fail "no /ping 200 on port $port within 180 s"
    sleep 0.1
done
say "SAGEMAKER_BIND_TO_PORT=$port honoured: podman run to /ping 200 in $(elapsed_ms "$started") ms (ResNet-56)"

# float32 zeros of shape (ROWS, 3, 32, 32) as a NumPy .npy file (format version 1.0).
npy_zeros() {
    local dict="{'descr': '<f4', 'fortran_order': False, 'shape': ($2, 3, 32, 32), }" length padding
    length=$(( (10 + ${#dict} + 1 + 63) / 64 * 64 - 10 ))
    padding=$(( length - ${#dict} - 1 ))
    { printf '\x93NUMPY\x01\x00'
      # shellcheck disable=SC2059 # the header's length, as two bytes, little-endian
      printf "\\x$(printf %02x $((length % 256)))\\x$(printf %02x $((length / 256)))"
      printf '%s%*s\n' "$dict" "$padding" ''
      head -c $(( $2 * 3 * 32 * 32 * 4 )) /dev/zero; } >"$1"
}
npy_zeros "$W/images.npy" "$ROWS"
clients=()
for i in $(seq "$IN_FLIGHT"); do
    curl -sS -o "$W/answer.$i" -w '%{http_code}' -H 'Content-Type: application/x-npy' \
        --data-binary @"$W/images.npy" "$base/invocations" >"$W/status.$i" 2>"$W/curl.$i" &
    clients+=($!)
done
# Once the first answer is back (a second or more of engine work), the other requests, started at the same
# moment, have long reached the server: they are queued or running.
sent=$(date +%s%N)
until [ -n "$(cat "$W"/status.* 2>/dev/null)" ]; do
    [ "$(elapsed_ms "$sent")" -lt 120000 ] || fail "no answer to any request within 120 s"
    sleep 0.05
done
pending=0
for pid in "${clients[@]}"; do if kill -0 "$pid" 2>/dev/null; then pending=$((pending + 1)); fi; done
[ "$pending" -gt 0 ] || fail "every request was answered before SIGTERM; make them larger (ROWS)"
stopping=$(date +%s%N)
podman stop -t "$GRACE_SECONDS" "$cid2" >/dev/null 2>>"$W/podman.log" || fail "podman stop"
stop_ms=$(elapsed_ms "$stopping")
wait "${clients[@]}" || true
for i in $(seq "$IN_FLIGHT"); do
    status=$(cat "$W/status.$i")
    [ "$status" = 200 ] || fail "request $i was answered $status after SIGTERM: $(cat "$W/curl.$i" "$W/answer.$i")"
    rows=$(grep -o '\],' "$W/answer.$i" | wc -l)
    [ $((rows + 1)) = "$ROWS" ] || fail "request $i was answered with $((rows + 1)) rows, not $ROWS"
done
code=$(podman inspect --format '{{.State.ExitCode}}' "$cid2")
# 143 = 128 + SIGTERM: the JVM ran its shutdown hooks (graceful shutdown) and exited as a signalled process does;
# 137 would mean podman had to SIGKILL it when the grace period ran out.
[ "$code" = 143 ] || [ "$code" = 0 ] || fail "the container ended with exit code $code after SIGTERM"
say "SIGTERM with $pending of $IN_FLIGHT requests in flight: all answered 200, exit code $code after $stop_ms ms" \
    "(grace ${GRACE_SECONDS} s)"

say "image $image_bytes bytes; start to /ping 200: $start_ms ms"
