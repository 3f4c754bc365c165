#!/usr/bin/env bash
# Full versus incremental Qwen3 encoding of a 5-turn episode on the CPU, with random weights (no download).
#   workers/bench/qwen3-encode.sh tiny|0.6b [REPETITIONS] [QUERY_CHARS] [REPLY_CHARS]
# BENCH_THREADS sets PyTorch's intra-op threads (default 2). The checkpoint is written once to
# ${BENCH_DIR:-/tmp/trinity-bench}/qwen3-SHAPE (the 0.6B one takes 1.2 GB).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
shape="${1:?usage: $0 tiny|0.6b [REPETITIONS] [QUERY_CHARS] [REPLY_CHARS]}"
reps="${2:-3}"
query_chars="${3:-300}"
reply_chars="${4:-400}"
dir="${BENCH_DIR:-/tmp/trinity-bench}/qwen3-$shape"
cd "$root"
cp_file="$root/workers/target/bench-classpath.txt"
# One reactor run: the test class path holds the gateway's test jar, which only the reactor provides (workers, the
# last module, writes the file last).
mvn -B -q -pl workers -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
java -Xmx${BENCH_HEAP:-3g} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=${BENCH_THREADS:-2} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/workers/target/classes:$root/workers/target/test-classes:$(cat "$cp_file")" \
  io.trinity.workers.encode.qwen3.EncodeBenchmark "$shape" "$dir" "$reps" "$query_chars" "$reply_chars"
