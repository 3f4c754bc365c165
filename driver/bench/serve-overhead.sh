#!/usr/bin/env bash
# The served coordinator's own overhead per turn and its requests per second at 1, 16 and 64 concurrent clients,
# against the demo pool with zero latency (in-process gateway), hashing encoder. See ServeOverheadBench.
#   driver/bench/serve-overhead.sh [SECONDS_PER_LEVEL]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
mvn -o -q -pl driver -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >&2
# As ./trinity runs it: on two cores or fewer, a two-thread common pool (see the launcher for why).
flags=()
if [ "$(nproc 2>/dev/null || echo 4)" -le 2 ]; then
  flags+=(-Djava.util.concurrent.ForkJoinPool.common.parallelism=2)
fi
java -Xms1g -Xmx1g "${flags[@]}" -cp "driver/target/test-classes:driver/target/classes:$(cat "$work/cp.txt")" \
  io.trinity.driver.serve.ServeOverheadBench "${1:-10}"
