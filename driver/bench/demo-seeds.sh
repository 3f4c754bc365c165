#!/usr/bin/env bash
# Runs the demo training once per seed and prints one line per seed: the trained coordinator's held-out accuracy,
# the best single model's, their difference in points, and the oracle's. Extra `key: value` edits of the demo
# config can be given as SED expressions in the environment, e.g.
#   EDIT='s/features: \[shapes, state\]/features: [words, shapes, state]/' driver/bench/demo-seeds.sh 42 7 3
# KEEP=DIR keeps each seed's config, log and run directory under DIR (default: a temporary folder, removed at the end).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ $# -gt 0 ] || set -- 42 7 3
if [ -n "${KEEP:-}" ]; then
  work="$KEEP"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
for seed in "$@"; do
  sed -e "s/^  seed: .*/  seed: $seed/" \
      -e "s#file: ../pools/sim-4.yaml#file: $root/cluster-configs/pools/sim-4.yaml#" \
      -e "${EDIT:-s/^//}" \
      "$root/cluster-configs/train/demo-sim.yaml" > "$work/seed-$seed.yaml"
  rm -rf "$work/run-$seed"
  if ! "$root/trinity" demo --config "$work/seed-$seed.yaml" --out "$work/run-$seed" > "$work/log-$seed" 2>&1; then
    echo "seed $seed: the demo failed; the end of its log:" >&2
    tail -20 "$work/log-$seed" >&2
    exit 1
  fi
  python3 - "$seed" "$work/run-$seed/eval.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[2]))
by_name = {p["policy"]: p for p in e["policies"]}
head = next(p for p in e["policies"] if p["kind"] == "HEAD")
best = by_name[e["best_single_model"]]
oracle = next(p for p in e["policies"] if p["kind"] == "ORACLE")
c = head["accuracy"]
d = e["heads"][0]["vs_best_single"]
print(f"seed {sys.argv[1]}: coordinator {c:.3f}, best single {best['policy']} {best['accuracy']:.3f}, "
      f"{100 * (c - best['accuracy']):+.1f} points [{100 * d['ci95']['low']:+.1f}, {100 * d['ci95']['high']:+.1f}], "
      f"oracle {oracle['accuracy']:.3f}")
PY
done
