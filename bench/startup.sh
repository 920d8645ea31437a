#!/usr/bin/env bash
# Start-up and idle memory of this checkout's build next to a baseline commit's, measured side by side in one
# sitting: the two are started in turn, RUNS times each, so that a busy machine slows both alike. Each start serves
# the bundled models/ through `serve`, as the container does, and gives
#   start to /ping 200   from launching `serve` to the first 200 from /ping (every model loaded and warmed up)
#   native load          MXNet's native library and DJL's engine ("MXNet native library loaded in N ms")
#   models load          the models' own load and warm-up ("Model 'NAME' ready in N ms", summed)
#   RSS idle             resident memory IDLE_SECONDS after /ping said 200, with no request since
# The baseline (712ad4a unless BASELINE says otherwise) is built once in a temporary git worktree and kept in
# target/startup-baseline-COMMIT/ with its own serve script; its log has no native figure (it loaded the library
# inside the model's load).
# Usage: bench/startup.sh [RUNS]      (RUNS=5; BASELINE=commit; IDLE_SECONDS=10; needs curl and git)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
runs=${1:-5}
baseline=${BASELINE:-712ad4a}
idle_seconds=${IDLE_SECONDS:-10}

[ -f target/edgeserve/edgeserve.jar ] || ./mvnw -B -q -Dmaven.test.skip=true package
old=target/startup-baseline-$baseline
if [ ! -f "$old/edgeserve.jar" ]; then
    tree=$(mktemp -d)
    git worktree add --detach "$tree" "$baseline" >/dev/null
    (cd "$tree" && ./mvnw -B -q -Dmaven.test.skip=true package)
    mkdir -p "$old"
    cp "$tree/target/edgeserve.jar" "$tree/serve" "$old/"
    git worktree remove --force "$tree"
fi

# A free port, so that no other server answers in this one's place.
port=${PORT:-$(comm -23 <(seq 20000 29999) <(ss -Htan | awk '{n = split($4, a, ":"); print a[n]}' | sort -u) | shuf -n 1)}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# $1: serve script, $2: jar; prints "ms native models rss" (native "-" where the log has no such line).
measure() {
    local t0 t1 native models rss
    t0=$(date +%s%N)
    EDGESERVE_JAR=$2 EDGESERVE_MODEL_DIR=$PWD/models "$1" --server.port="$port" >"$work/server.log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/ping")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
        sleep 0.01
    done
    t1=$(date +%s%N)
    kill -0 "$pid" 2>/dev/null || { echo "another server answered on port $port" >&2; exit 1; }
    sleep "$idle_seconds"
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    native=$(sed -n 's/.*MXNet native library loaded in \([0-9]*\) ms.*/\1/p' "$work/server.log" | head -1)
    models=$(sed -n "s/.*Model '[^']*' ready in \([0-9]*\) ms.*/\1/p" "$work/server.log" | awk '{s += $1} END {print s + 0}')
    echo "$(( (t1 - t0) / 1000000 )) ${native:--} $models $rss"
}

median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

# One start of each first, not counted: the native-library cache and the page cache are warm for both after it.
measure "$old/serve" "$PWD/$old/edgeserve.jar" >/dev/null
measure ./serve "$PWD/target/edgeserve/edgeserve.jar" >/dev/null

printf '%-4s %-10s %18s %15s %15s %14s\n' run build "start to /ping ms" "native load ms" "models load ms" "RSS idle MiB"
for run in $(seq "$runs"); do
    for build in "$baseline" this; do
        if [ "$build" = this ]; then figures=$(measure ./serve "$PWD/target/edgeserve/edgeserve.jar")
        else figures=$(measure "$old/serve" "$PWD/$old/edgeserve.jar"); fi
        echo "$build $figures" >>"$work/results"
        # shellcheck disable=SC2086
        printf '%-4s %-10s %18s %15s %15s %14s\n' "$run" "$build" $figures
    done
done

for build in "$baseline" this; do
    for column in 2 3 4 5; do
        awk -v b="$build" -v c="$column" '$1 == b && $c != "-" {print $c}' "$work/results" | median >"$work/median.$build.$column"
    done
    printf '%-4s %-10s %18s %15s %15s %14s\n' median "$build" "$(cat "$work/median.$build.2")" "$(cat "$work/median.$build.3")" \
        "$(cat "$work/median.$build.4")" "$(cat "$work/median.$build.5")"
done
ratio() { awk -v a="$(cat "$work/median.this.$1")" -v b="$(cat "$work/median.$baseline.$1")" 'BEGIN {printf "%.2f", a / b}'; }
printf '%-15s %18s %15s %15s %14s\n' "this/$baseline" "$(ratio 2)" - - "$(ratio 5)"
echo "(models load: the baseline's includes the native library's load, which it did inside the model's)"
