#!/bin/sh
# Sends the hostile corpus (src/test/java/io/edgeserve/hostile/HostileCorpus.java) to a running edgeserve and
# counts its answers. Usage: bench/hostile/run.sh [HOST] [PORT] [--verbose]   (defaults 127.0.0.1 8080)
set -eu
cd "$(dirname "$0")/../.."
java=java
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
classes=target/hostile-classes
mkdir -p "$classes"
"${java}c" -d "$classes" src/test/java/io/edgeserve/hostile/HostileRequest.java \
    src/test/java/io/edgeserve/hostile/HostileCorpus.java src/test/java/io/edgeserve/hostile/RawAnswer.java \
    src/test/java/io/edgeserve/hostile/HostileRun.java
exec "$java" -cp "$classes" io.edgeserve.hostile.HostileRun "${1:-127.0.0.1}" "${2:-8080}" ${3:-}
