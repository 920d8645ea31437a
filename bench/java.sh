# Sourced by the bench scripts (`. "$(dirname "$0")/java.sh"`): moves to the project's root and picks the JDK 25
# (JAVA_HOME, else Temurin 25 where it is installed); $java runs it. test_classpath builds the test classes and
# writes the test class path, which the in-process benchmarks run with, to target/bench-classpath.txt.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

test_classpath() {
    ./mvnw -B -q -DskipTests test-compile
    ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt \
        >/dev/null
}
