#!/usr/bin/env bash
# Runs the JMH benchmarks (benchmarks/src/jmh/java, compiled as test sources by every build) from the compiled
# classes. Arguments go to JMH, e.g.:  benchmarks/run.sh PlannerBenchmark -p jobs=10000 -f 1 -wi 2 -i 3
#                                      benchmarks/run.sh -l          (list the benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/benchmarks.classpath
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
exec java -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" org.openjdk.jmh.Main "$@"
