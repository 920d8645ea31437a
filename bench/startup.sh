#!/usr/bin/env bash
# Measures what the foundation's closing note reports, on models/ (the bundled Iris model) and the shared
# linreg model: time from JVM start to the first 200 from /ping with a cold and a warm native-library
# cache, resident memory after start, and the p50 latency of one linreg request over HTTP.
# Usage: bench/startup.sh   (builds target/edgeserve.jar if missing; needs curl, and wrk for the latency)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
[ -f target/edgeserve.jar ] || ./mvnw -B -q -DskipTests package
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# A free port, so that no other server answers in this one's place.
port=${PORT:-$(comm -23 <(seq 20000 29999) <(ss -Htan | awk '{n = split($4, a, ":"); print a[n]}' | sort -u) | shuf -n 1)}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/models"
ln -s "$PWD/models/iris" "$work/models/iris"
[ -d ../shared/models/sagemaker-linreg ] && ln -s "$(cd ../shared/models/sagemaker-linreg && pwd)" "$work/models/linreg"

start_once() {   # $1: native cache folder; sets pid and elapsed (milliseconds to the first /ping 200)
    local t0 t1
    t0=$(date +%s%N)
    ENGINE_CACHE_DIR=$1 EDGESERVE_MODEL_DIR=$work/models ./serve --server.port=$port >"$work/server.log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/ping")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
        sleep 0.02
    done
    kill -0 "$pid" 2>/dev/null || { echo "another server answered on port $port" >&2; exit 1; }
    t1=$(date +%s%N)
    elapsed=$(( (t1 - t0) / 1000000 ))
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

cache=$work/djl-cache
start_once "$cache"; cold=$elapsed; stop
start_once "$cache"; warm=$elapsed
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "cold start to /ping 200: ${cold} ms (empty native cache: MXNet unpacked)"
echo "warm start to /ping 200: ${warm} ms"
echo "resident memory after start: $((rss / 1024)) MiB"
if [ -L "$work/models/linreg" ]; then
    cat >"$work/linreg.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "[[1, 2]]"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Amzn-SageMaker-Target-Model"] = "linreg"
LUA
    wrk -t1 -c1 -d10s --latency -s "$work/linreg.lua" "http://localhost:$port/invocations" | grep -E "Requests/sec|^ +50%|^ +99%"
fi
stop
