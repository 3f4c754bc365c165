#!/usr/bin/env bash
# Wall time of the same training config on local[2] and on a one-machine standalone cluster (a master and two
# workers of 1 core and 1 GiB, separate JVMs on loopback), both submitted through SparkSubmit with the cluster
# jar, and whether the two runs ended with the same head. Prints each run's wall seconds (submit to exit) and the
# per-generation median from metrics.jsonl (generation 0, with the executors' start and JIT warm-up, apart).
#   mvn -B -P cluster -DskipTests package && driver/bench/cluster-vs-local.sh [CONFIG]
# CONFIG defaults to cluster-configs/train/standalone-sim.yaml. Each run starts with an empty response cache of its
# own.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
config="$(realpath "${1:-$root/cluster-configs/train/standalone-sim.yaml}")"
work="$(mktemp -d)"
standalone="$root/cluster-configs/standalone"
trap '"$standalone/stop-cluster.sh" --dir "$work/cluster" >&2 || true; rm -rf "$work"' EXIT

export SPARK_HOME="${SPARK_HOME:-$("$standalone/layout-spark.sh" "$root/driver/target/spark-dist")}"
"$standalone/start-cluster.sh" --dir "$work/cluster" --workers 2 --cores 1 --memory 1g >&2

# A copy of the config whose pool keeps its SQLite response cache in $work/NAME-cache.db: with the pool's own
# cache file, the second run would be answered from the first run's replies and skip their latency.
private_cache() {  # private_cache NAME -> prints the copied config's path
  python3 - "$config" "$work/$1" <<'PY'
import os, sys, yaml
config, prefix = sys.argv[1], sys.argv[2]
text = yaml.safe_load(open(config))
pool_path = os.path.join(os.path.dirname(config), text["pool"]["file"])
pool = yaml.safe_load(open(pool_path))
if pool.get("cache", {}).get("backend") == "sqlite":
    pool["cache"]["path"] = prefix + "-cache.db"
yaml.safe_dump(pool, open(prefix + "-pool.yaml", "w"), sort_keys=False)
text["pool"]["file"] = prefix + "-pool.yaml"
yaml.safe_dump(text, open(prefix + "-config.yaml", "w"), sort_keys=False)
print(prefix + "-config.yaml")
PY
}

run() {  # run NAME MASTER
  local start end run_config
  run_config="$(private_cache "$1")"
  start=$(date +%s.%N)
  MASTER="$2" "$root/cluster-configs/spark/submit-standalone.sh" --config "$run_config" --out "$work/$1" \
    >"$work/$1.log" 2>&1 || { tail -n 40 "$work/$1.log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 - "$1" "$work/$1/metrics.jsonl" "$start" "$end" <<'PY'
import json, statistics, sys
name, metrics, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rows = [json.loads(line) for line in open(metrics)]
rest = [r["wall_seconds"] for r in rows[1:]] or [rows[0]["wall_seconds"]]
print(f"{name}: {end - start:.1f} s submit to exit, {len(rows)} generations, generation 0 "
      f"{rows[0]['wall_seconds']:.2f} s, median of the rest {statistics.median(rest):.2f} s")
PY
}

run local "local[2]"
run cluster "$(cat "$work/cluster/master-url")"
if cmp -s "$work/local/head.safetensors" "$work/cluster/head.safetensors"; then
  echo "same head: yes"
else
  echo "same head: NO"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
