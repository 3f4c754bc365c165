#!/usr/bin/env bash
# Chooses the demo's settings on VALIDATION scores only. Runs `./trinity demo` for every (setting, seed) of the grid
# below, each from cluster-configs/train/demo-sim.yaml with that setting's edits, and prints a table of the exported
# head's validation score per setting and seed (the best `validation_score` in the run's metrics.jsonl, which is
# the validated optimiser mean the export holds) with the mean over seeds, and the setting with the highest mean.
# The choosing step reads metrics.jsonl only: each run also writes eval.json (the held-out comparison), which this
# script never opens, so that the held-out questions play no part in the choice.
#   driver/bench/demo-settings.sh OUT_DIR [SEED ...]     (default seeds 42 1 7; a finished run is not run again)
#   SETTINGS='k3 k5' driver/bench/demo-settings.sh OUT_DIR 42   # a subset of the grid
# The settings were declared before any of their runs; each is set explicitly, whatever demo-sim.yaml holds now
# (default SETTINGS: k3 k5 words; lambda32 is defined but was left out of the run in docs/BENCHMARKS.md for time:
# a run took 5 to 11 minutes on the shared machine):
#   k3       the demo before this choice: d=32 [shapes, state], lambda=64, m=16, 90 generations, sigma0 0.5, K=3
#   k5       the same with at most 5 turns per episode (the one chosen, now demo-sim.yaml's)
#   words    K=3 with word features too: [words, shapes, state]
#   lambda32 K=3, lambda=32 for 180 generations (the same episodes), validating every 8 generations so that the head
#            is picked from the same number of validation rounds (the best of more rounds is biased upwards)
# Ties go to the setting listed first.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [SEED ...]" >&2; exit 2; }
out="$1"; shift
[ $# -gt 0 ] || set -- 42 1 7
settings=(${SETTINGS:-k3 k5 words})
mkdir -p "$out"

edit_for() {
  local k3='s/^  max_turns: [0-9]+( .*)?$/  max_turns: 3/'
  case "$1" in
    k3) echo "$k3" ;;
    k5) echo 's/^  max_turns: [0-9]+( .*)?$/  max_turns: 5/' ;;
    words) echo "$k3; s/^  features: \[shapes, state\]$/  features: [words, shapes, state]/" ;;
    lambda32) echo "$k3; s/^  population: 64 /  population: 32 /; s/^  generations: 90$/  generations: 180/; s/^  validate_every: 4 /  validate_every: 8 /" ;;
    *) echo "unknown setting '$1' (expected k3, k5, words or lambda32)" >&2; exit 2 ;;
  esac
}

# The lines each setting must end up with: an edit that no longer matches demo-sim.yaml would otherwise run other
# settings under its name.
want_for() {
  case "$1" in
    k3) echo '^  max_turns: 3$' ;;
    k5) echo '^  max_turns: 5$' ;;
    words) printf '%s\n' '^  max_turns: 3$' '^  features: \[words, shapes, state\]$' ;;
    lambda32) printf '%s\n' '^  max_turns: 3$' '^  population: 32 ' '^  generations: 180$' '^  validate_every: 8 ' ;;
  esac
}

for seed in "$@"; do
  for setting in "${settings[@]}"; do
    run="$out/$setting-$seed"
    [ -f "$run/done" ] && continue
    edit="$(edit_for "$setting")"
    sed -E -e "s/^  seed: .*/  seed: $seed/" \
        -e "s#file: ../pools/sim-4.yaml#file: $root/cluster-configs/pools/sim-4.yaml#" \
        -e "$edit" \
        "$root/cluster-configs/train/demo-sim.yaml" > "$out/$setting-$seed.yaml"
    while read -r want; do
      if ! grep -Eq "$want" "$out/$setting-$seed.yaml"; then
        echo "setting $setting: no line matching '$want' in its config: its edit no longer matches demo-sim.yaml" >&2
        exit 1
      fi
    done < <(want_for "$setting")
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
