#!/usr/bin/env bash
# Chooses the demo's settings on VALIDATION scores only. Runs `./trinity demo` for every (setting, seed) of the grid
# below, each from cluster-configs/train/demo-sim.yaml with that setting's edits, and prints a table of the exported
# head's validation score per setting and seed (the best `validation_score` in the run's metrics.jsonl, which is
# the validated optimiser mean the export holds) with the mean over seeds, and the setting with the highest mean.
# The choosing step reads metrics.jsonl only: each run also writes eval.json (the held-out comparison), which this
# script never opens, so that the held-out questions play no part in the choice.
#   driver/bench/demo-settings.sh OUT_DIR [SEED ...]     (default seeds 42 1 7; a finished run is not run again)
#   SETTINGS='current turns5' driver/bench/demo-settings.sh OUT_DIR 42   # a subset of the grid
# The settings were declared before any of their runs (default SETTINGS: current turns5 words; lambda32 is
# defined but was left out of the run in docs/BENCHMARKS.md for time: a run took 7 minutes on the shared machine):
#   current  the demo as it is (d=32 [shapes, state], lambda=64, m=16, 90 generations, sigma0 0.5, K=3)
#   turns5   at most 5 turns per episode instead of 3
#   words    word features too: [words, shapes, state]
#   lambda32 lambda=32 for 180 generations (the same episodes), validating every 8 generations so that the head is
#            picked from the same number of validation rounds (the best of more rounds is biased upwards)
# Ties go to the setting listed first, so `current` stays unless another one scores higher.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [SEED ...]" >&2; exit 2; }
out="$1"; shift
[ $# -gt 0 ] || set -- 42 1 7
settings=(${SETTINGS:-current turns5 words})
mkdir -p "$out"

edit_for() {
  case "$1" in
    current) echo 's/^//' ;;
    turns5) echo 's/^  max_turns: 3$/  max_turns: 5/' ;;
    words) echo 's/^  features: \[shapes, state\]$/  features: [words, shapes, state]/' ;;
    lambda32) echo 's/^  population: 64 /  population: 32 /; s/^  generations: 90$/  generations: 180/; s/^  validate_every: 4 /  validate_every: 8 /' ;;
    *) echo "unknown setting '$1' (expected current, turns5, words or lambda32)" >&2; exit 2 ;;
  esac
}

for seed in "$@"; do
  for setting in "${settings[@]}"; do
    run="$out/$setting-$seed"
    [ -f "$run/done" ] && continue
    edit="$(edit_for "$setting")"
    sed -e "s/^  seed: .*/  seed: $seed/" \
        -e "s#file: ../pools/sim-4.yaml#file: $root/cluster-configs/pools/sim-4.yaml#" \
        -e "$edit" \
        "$root/cluster-configs/train/demo-sim.yaml" > "$out/$setting-$seed.yaml"
    # An edit that matched nothing would silently run the current settings under another name.
    if [ "$setting" != current ] && cmp -s "$out/$setting-$seed.yaml" <(sed -e "s/^  seed: .*/  seed: $seed/" \
        -e "s#file: ../pools/sim-4.yaml#file: $root/cluster-configs/pools/sim-4.yaml#" \
        "$root/cluster-configs/train/demo-sim.yaml"); then
      echo "setting $setting changed nothing in demo-sim.yaml: its edit no longer matches" >&2
      exit 1
    fi
    rm -rf "$run"
    start=$(date +%s)
    if ! "$root/trinity" demo --config "$out/$setting-$seed.yaml" --out "$run" > "$out/$setting-$seed.log" 2>&1; then
      echo "$setting seed $seed: the demo failed; the end of its log:" >&2
      tail -20 "$out/$setting-$seed.log" >&2
      exit 1
    fi
    echo "$(( $(date +%s) - start ))" > "$run/done"
    echo "$setting seed $seed: done in $(cat "$run/done") s" >&2
  done
done

python3 - "$out" "${settings[*]}" "$*" <<'PY'
import json, os, sys
out, settings, seeds = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()

def validation(run):
    # The exported head is the best validated mean: its score is the highest validation_score of the run.
    scores = []
    with open(os.path.join(run, "metrics.jsonl")) as f:
        for line in f:
            v = json.loads(line).get("validation_score")
            if v is not None:
                scores.append(v)
    if not scores:
        sys.exit(f"{run}/metrics.jsonl: no validation_score in any line (expected one every validate_every generations)")
    return max(scores), len(scores)

print("| setting | " + " | ".join(f"seed {s}" for s in seeds) + " | mean |")
print("| --- " * (len(seeds) + 2) + "|")
means = {}
for setting in settings:
    row = []
    for seed in seeds:
        run = os.path.join(out, f"{setting}-{seed}")
        if not os.path.exists(os.path.join(run, "done")):
            row.append(None)
            continue
        row.append(validation(run))
    got = [r[0] for r in row if r is not None]
    if len(got) == len(seeds):
        means[setting] = sum(got) / len(got)
    cells = ["not run" if r is None else f"{r[0]:.3f} (best of {r[1]})" for r in row]
    print(f"| {setting} | " + " | ".join(cells) + f" | {means[setting]:.3f} |" if setting in means
          else f"| {setting} | " + " | ".join(cells) + " | incomplete |")
if means:
    chosen = max(means, key=lambda s: (means[s], -settings.index(s)))
    print(f"\nchosen on validation: {chosen} (mean validation score {means[chosen]:.3f} over seeds {' '.join(seeds)})")
PY
