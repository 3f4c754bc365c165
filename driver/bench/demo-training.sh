#!/usr/bin/env bash
# The demo-size training (cluster-configs/train/demo-sim.yaml: 90 generations x 64 candidates x 16 queries, local[*],
# in-process gateway on loopback, simulated 4-model pool, code tasks graded in the bubblewrap sandbox) run as
# `trinity train`, timed from outside: the process's wall time, its CPU seconds (user + system) and the sum of the
# generations' wall_seconds from metrics.jsonl. With a baseline checkout (a built clone of another commit) the two
# run in turn, RUNS times each, and each run's results are compared with the first baseline's: metrics.jsonl with
# timing fields (and gateway_accounts, whose coalesced-call counts depend on timing) left out, head.json,
# head.safetensors and eval.json must be identical. Judge by CPU seconds on a shared machine; wall time on an
# idle one.
#   driver/bench/demo-training.sh [--baseline DIR] [--runs N] [--jfr]
#   --jfr records each run with JFR (settings=profile) next to its output, for `jfr print` or `jfr summary`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
baseline=""
runs=1
jfr=0
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    *) echo "usage: $0 [--baseline DIR] [--runs N] [--jfr]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
echo "runs under $work (kept)" >&2

one() {   # one(LABEL, CHECKOUT, N): trains into $work/LABEL-N, prints one line of figures
  local label="$1" home="$2" n="$3" out="$work/$1-$3"
  local opts="-Xmx4g"
  if [ "$jfr" = 1 ]; then opts="$opts -XX:StartFlightRecording=filename=$out.jfr,settings=profile"; fi
  JAVA_OPTS="$opts" /usr/bin/time -f "%e %U %S" -o "$out.time" \
    "$home/trinity" train --config "$home/cluster-configs/train/demo-sim.yaml" --out "$out" > "$out.log" 2>&1 \
    || { echo "$label run $n failed: see $out.log" >&2; exit 1; }
  python3 - "$label" "$n" "$out" "$(uptime | sed 's/.*load average: //')" <<'PY'
import json, sys
label, n, out, load = sys.argv[1:5]
wall, user, sys_ = (float(x) for x in open(out + ".time").read().split()[-3:])
rows = [json.loads(line) for line in open(out + "/metrics.jsonl")]
gens = sum(r["wall_seconds"] for r in rows)
calls = sum(r["llm_calls"] for r in rows)
print(f"{label:8s} run {n}: wall {wall:6.1f} s  cpu {user + sys_:6.1f} s (user {user:.1f}, sys {sys_:.1f})  "
      f"generations {gens:5.1f} s for {calls:,} calls  load after: {load}")
PY
}

same() {  # same(DIR_A, DIR_B): the run's results are identical
  python3 - "$1" "$2" <<'PY'
import json, re, sys
a, b = sys.argv[1:3]
def metrics(d):
    drop = lambda k: k == "gateway_accounts" or "wall" in k or "seconds" in k or "time" in k
    return [{k: v for k, v in json.loads(l).items() if not drop(k)} for l in open(d + "/metrics.jsonl")]
def text(d, f):
    return re.sub(r"trinity-[0-9a-f]{12}", "RUN", open(f"{d}/{f}").read())
def evaluation(d):
    e = json.loads(text(d, "eval.json"))
    return {k: v for k, v in e.items() if "seconds" not in k and "time" not in k}
checks = {"metrics.jsonl": metrics(a) == metrics(b),
          "head.json": text(a, "head.json") == text(b, "head.json"),
          "head.safetensors": open(a + "/head.safetensors", "rb").read() == open(b + "/head.safetensors", "rb").read(),
          "eval.json": evaluation(a) == evaluation(b)}
print("  same results as the first baseline run: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in checks.items()))
sys.exit(0 if all(checks.values()) else 1)
PY
}

for n in $(seq 1 "$runs"); do
  if [ -n "$baseline" ]; then one baseline "$baseline" "$n"; fi
  one this "$root" "$n"
  if [ -n "$baseline" ]; then same "$work/baseline-1" "$work/this-$n"; fi
done
