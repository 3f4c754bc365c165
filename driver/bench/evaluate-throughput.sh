#!/usr/bin/env bash
# Batch-evaluation throughput: `trinity evaluate` of a trained head (default runs/demo; the demo is trained first
# if it is missing) on its held-out questions, every baseline on, on local[2] Spark against the simulated 4-model
# pool at zero latency, so the figure is the evaluation's own cost (episodes, gateway, grading, scoring, the
# Parquet and the report), not the pool's. Prints the job's own throughput line and the wall time of each run.
#   driver/bench/evaluate-throughput.sh [HEAD_DIR] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head="${1:-$root/runs/demo}"
runs="${2:-3}"
if [ ! -f "$head/head.json" ]; then
  echo "no export in $head: training the demo there first" >&2
  "$root/trinity" demo --out "$head" > "$work/demo.log" 2>&1
fi
head="$(cd "$head" && pwd)"
sed -E 's/base_ms: [0-9]+, jitter_ms: [0-9]+/base_ms: 0, jitter_ms: 0/' "$root/cluster-configs/pools/sim-4.yaml" \
  > "$work/pool.yaml"
cat > "$work/evaluate.yaml" <<YAML
heads:
  - path: $head
tasks:
  files:
    - {benchmark: trinity, path: $head/held-out.jsonl}
pool:
  file: $work/pool.yaml
spark:
  master: local[2]
  conf: {spark.ui.enabled: "false"}
YAML
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$root/trinity" evaluate --config "$work/evaluate.yaml" --out "$work/out-$run" > "$work/log-$run" 2>&1
  end=$(date +%s.%N)
  line=$(grep -o 'evaluation played .*' "$work/log-$run")
  printf 'run %d: %s; whole process %s s\n' "$run" "$line" "$(python3 -c "print(f'{$end - $start:.1f}')")"
done
