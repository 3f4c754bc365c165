#!/usr/bin/env bash
# The demo-size training (cluster-configs/train/demo-sim.yaml: 90 generations x 64 candidates x 16 queries, local[*],
# in-process gateway on loopback, simulated 4-model pool, code tasks graded in the bubblewrap sandbox) run as
# `trinity train`, timed from outside: the process's wall time, its CPU seconds (user + system) and the sum of the
# generations' wall_seconds from metrics.jsonl. With a baseline checkout (a built clone of another commit) the two
# run in turn, RUNS times each, and each run's results are compared with the first baseline's: metrics.jsonl with
# timing fields (and gateway_accounts, whose coalesced-call counts depend on timing) left out, head.json,
# head.safetensors and eval.json must be identical. Judge by CPU seconds on a shared machine; wall time on an
# idle one.
# A build that added fields to these files is compared on the fields both have; the added ones are named.
#   driver/bench/demo-training.sh [--baseline DIR] [--runs N] [--jfr] [--max-turns K] [--pin-only]
#   --jfr records each run with JFR (settings=profile) next to its output, for `jfr print` or `jfr summary`.
#   --max-turns K sets episode.max_turns to K, e.g. 3 to compare with a build from before the demo's turns were
#   re-chosen; without it each checkout keeps its own.
# Each checkout's demo config is run as a copy under the work folder with the issue's "demo-size training" pinned
# (run.generations 90, run.population 64, run.tasks_per_generation 16, run.validate_every 4,
# tasks.held_out_fraction 0.25, tasks.validation_fraction 0.083: 204 held-out and 51 validation questions of the
# 816-question bundled set, as 0.5 and 0.25 gave on the 408-question set before it was doubled; TaskSplitTest
# checks the counts), so that a change to the demo's own settings does not change what is timed; a pinned key the
# copy cannot be made to hold stops the script. --pin-only writes the copies, shows how each differs from its
# checkout's demo config, and runs nothing.
# The bundled set is part of what is timed: a baseline built before the set was doubled (before fitness/bench/
# demo-set.py) trains on other tasks with other fractions (the same counts, other questions, 153 training tasks
# instead of 561), so its results are not comparable for identity and its times only roughly; compare builds that
# bundle the same set.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
baseline=""
runs=1
jfr=0
turns=""
pin_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    --max-turns) turns="$2"; shift 2 ;;
    --pin-only) pin_only=1; shift ;;
    *) echo "usage: $0 [--baseline DIR] [--runs N] [--jfr] [--max-turns K] [--pin-only]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
echo "runs under $work (kept)" >&2

pinned() {  # pinned(CONFIG, COPY, CHECKOUT): COPY is CONFIG with the benchmark's settings set and its pool path absolute
  /usr/bin/python3 - "$1" "$2" "$3" "$turns" <<'PY'
import re, sys, yaml
src, dst, home, turns = sys.argv[1:5]
pins = {("run", "generations"): 90, ("run", "population"): 64, ("run", "tasks_per_generation"): 16,
        ("run", "validate_every"): 4, ("tasks", "held_out_fraction"): 0.25, ("tasks", "validation_fraction"): 0.083}
if turns:
    pins[("episode", "max_turns")] = int(turns)
lines = open(src).read().split("\n")
section, done = None, set()
for i, line in enumerate(lines):
    top = re.match(r"^([a-z_]+):", line)
    if top:
        section = top.group(1)
        continue
    key = re.match(r"^  ([a-z_]+):( *)([^#]*?)( *#.*)?$", line)
    if key and (section, key.group(1)) in pins:
        pin = (section, key.group(1))
        lines[i] = f"  {pin[1]}:{key.group(2)}{pins[pin]}"   # its comment describes the demo's own value
        done.add(pin)
    elif section == "pool" and re.match(r"^  file: \.\./pools/", line):
        lines[i] = line.replace("../pools/", home + "/cluster-configs/pools/", 1)
text = "\n".join(lines)
parsed = yaml.safe_load(text)
pool = (parsed.get("pool") or {}).get("file", "")
if not pool.startswith("/"):
    sys.exit(f"{src}: pool.file {pool!r} is not under ../pools/, so the copy cannot point at it")
bad = [f"{s}.{k}" for (s, k), v in pins.items()
       if (s, k) not in done or not isinstance(parsed.get(s), dict) or parsed[s].get(k) != v]
if bad:
    sys.exit(f"{src}: could not set {', '.join(bad)} to the benchmark's values (each must be a plain "
             f"'  key: value' line under its section)")
open(dst, "w").write(text)
PY
}

one() {   # one(LABEL, CHECKOUT, N): trains into $work/LABEL-N, prints one line of figures
  local label="$1" home="$2" n="$3" out="$work/$1-$3"
  local opts="-Xmx4g"
  local config="$home/cluster-configs/train/demo-sim.yaml"
  if [ "$jfr" = 1 ]; then opts="$opts -XX:StartFlightRecording=filename=$out.jfr,settings=profile"; fi
  pinned "$config" "$out.yaml" "$home" || { echo "$label: cannot pin the demo-size training in $config" >&2; exit 1; }
  config="$out.yaml"
  JAVA_OPTS="$opts" /usr/bin/time -f "%e %U %S" -o "$out.time" \
    "$home/trinity" train --config "$config" --out "$out" > "$out.log" 2>&1 \
    || { echo "$label run $n failed: see $out.log" >&2; exit 1; }
  /usr/bin/python3 - "$label" "$n" "$out" "$(uptime | sed 's/.*load average: //')" <<'PY'
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

same() {  # same(DIR_A, DIR_B): the run's results are identical on the fields both builds write
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, re, sys
a, b = sys.argv[1:3]
added = set()
def common(x, y, where):
    """x and y restricted to the keys both have, recursively; keys only one side has are noted."""
    if isinstance(x, dict) and isinstance(y, dict):
        for k in set(x) ^ set(y):
            added.add(f"{where}{k}")
        keys = set(x) & set(y)
        return ({k: common(x[k], y[k], f"{where}{k}.")[0] for k in keys},
                {k: common(x[k], y[k], f"{where}{k}.")[1] for k in keys})
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        pairs = [common(p, q, where) for p, q in zip(x, y)]
        return [p for p, _ in pairs], [q for _, q in pairs]
    return x, y
def timed(k):
    return k == "gateway_accounts" or "wall" in k or "seconds" in k or "time" in k
def metrics(d):
    return [{k: v for k, v in json.loads(l).items() if not timed(k)} for l in open(d + "/metrics.jsonl")]
def text(d, f):
    return re.sub(r"trinity-[0-9a-f]{12}", "RUN", open(f"{d}/{f}").read())
def head(d):
    h = json.loads(text(d, "head.json"))
    for k in ("run_id", "git_commit", "git_dirty"):   # provenance, not results
        h.get("training", {}).pop(k, None)
    return h
def evaluation(d):
    e = json.loads(text(d, "eval.json"))
    return {k: v for k, v in e.items() if not timed(k)}
def equal(x, y, name):
    p, q = common(x, y, name + ":")
    return p == q
checks = {"metrics.jsonl": equal(metrics(a), metrics(b), "metrics.jsonl"),
          "head.json": equal(head(a), head(b), "head.json"),
          "head.safetensors": open(a + "/head.safetensors", "rb").read() == open(b + "/head.safetensors", "rb").read(),
          "eval.json": equal(evaluation(a), evaluation(b), "eval.json")}
print("  same results as the first baseline run: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in checks.items()))
if added:
    print("  compared on the fields both write; only one side has: " + ", ".join(sorted(added)))
sys.exit(0 if all(checks.values()) else 1)
PY
}

if [ "$pin_only" = 1 ]; then
  for home in $baseline "$root"; do
    pinned "$home/cluster-configs/train/demo-sim.yaml" "$work/pinned-$(basename "$home").yaml" "$home"
    echo "== $home" && diff "$home/cluster-configs/train/demo-sim.yaml" "$work/pinned-$(basename "$home").yaml" || true
  done
  exit 0
fi

for n in $(seq 1 "$runs"); do
  if [ -n "$baseline" ]; then one baseline "$baseline" "$n"; fi
  one this "$root" "$n"
  if [ -n "$baseline" ]; then same "$work/baseline-1" "$work/this-$n"; fi
done
