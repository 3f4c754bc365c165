#!/usr/bin/env bash
# Measures the wall time of one training generation when every LLM call takes 200 ms: lambda=16 candidates x
# m=16 queries = 256 episodes of up to K=3 turns on local[2]. The critical path is 3 x 0.2 s = 0.6 s; one
# blocking episode per core would need 256 x 3 x 0.2 s / 2 = 77 s. Prints the per-generation wall seconds
# from metrics.jsonl (generation 0 includes JIT warm-up) and their median over the rest.
#   driver/bench/generation-wall-time.sh [GENERATIONS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
generations="${1:-6}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sed -E 's/base_ms: [0-9]+, jitter_ms: [0-9]+/base_ms: 200, jitter_ms: 0/' \
  "$root/cluster-configs/pools/sim-4.yaml" > "$work/pool.yaml"
cat > "$work/train.yaml" <<YAML
run: {seed: 1, generations: $generations, population: 16, tasks_per_generation: 16, sigma0: 0.5}
tasks: {bundled: demo, held_out_fraction: 0.0}
encoder: {dimension: 128}
episode: {max_turns: 3, max_in_flight: 128}
pool: {file: pool.yaml}
spark: {master: "local[2]", conf: {spark.ui.enabled: "false"}}
YAML
"$root/trinity" train --config "$work/train.yaml" --out "$work/run" >&2
python3 - "$work/run/metrics.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for r in rows:
    print(f"generation {r['generation']}: {r['wall_seconds']:.2f} s, {r['llm_calls']} calls")
rest = [r["wall_seconds"] for r in rows[1:]] or [rows[0]["wall_seconds"]]
print(f"median wall seconds per generation (after the first): {statistics.median(rest):.2f}")
PY
