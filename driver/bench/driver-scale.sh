#!/usr/bin/env bash
# The driver's own time per generation (ask, policies + broadcast, the Spark job and its collect, tell,
# checkpoint) and the bytes broadcast, against lambda and n, with a trivial fitness in place of the episodes, on
# local[2]. The round ships every candidate, or the optimiser's sampler from which executors draw them again (what
# training does). See DriverScaleBench.
#   driver/bench/driver-scale.sh candidates|sampled [LAMBDAS] [DIMENSIONS] [GENERATIONS] [MAX_LAMBDA_TIMES_N] [HEAP]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
mvn -o -q -pl driver -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >&2
# The JVM flags Spark needs on Java 17, as the parent pom gives them to the tests.
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)"
# shellcheck disable=SC2086
# The bench's run directories (checkpoints up to 123 MB) go under $work, removed on exit.
java $opens -Xmx"${6:-8g}" -Djava.io.tmpdir="$work" -cp "driver/target/test-classes:driver/target/classes:$(cat "$work/cp.txt")" \
  io.trinity.driver.train.DriverScaleBench "${1:?candidates or sampled}" "${2:-32,128,512,1024}" \
  "${3:-10000,100000,1000000}" "${4:-3}" "${5:-130000000}" 2> "$work/bench.log" \
  || { tail -40 "$work/bench.log" >&2; exit 1; }
