#!/usr/bin/env bash
# Throughput of the code grader: every HumanEval canonical solution, graded through extraction and the sandbox
# (one python3 per solution), on all cores. Prints one line per round; the first includes JIT warm-up.
#   fitness/bench/code-grader-throughput.sh [DATASETS_DIR] [ROUNDS] [bubblewrap|rlimits_only]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
datasets="${1:-$root/../shared/datasets}"
rounds="${2:-3}"
isolation="${3:-bubblewrap}"
cd "$root"
mvn -B -q -pl fitness -am package -DskipTests >&2
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -pl fitness dependency:build-classpath -Dmdep.outputFile="$classpath_file" >&2
java -cp "fitness/target/classes:$(cat "$classpath_file")" fitness/bench/CodeGraderThroughput.java \
  "$datasets/humaneval/HumanEval.jsonl.gz" "$rounds" "$isolation"
