#!/usr/bin/env bash
# Submits a training run to a Spark standalone cluster with the cluster jar (Spark and Hadoop provided), in client
# mode: the driver and its in-process gateway run on this machine; the config and pool files are read here, task
# files and the run directory may be on HDFS or S3.
#   mvn -B -P cluster -DskipTests package     # driver/target/trinity-driver-*-cluster.jar
#   cluster-configs/spark/submit-standalone.sh --master spark://HOST:7077 [--config FILE] [--out DIR]
#       [--executor-cores N] [--executor-memory SIZE] [--driver-memory SIZE] [--total-cores N]
#       [--conf KEY=VALUE ...] [TRAIN ARGS...]
# Each option may come from the environment instead: MASTER, CONFIG, OUT, EXECUTOR_CORES, EXECUTOR_MEMORY,
# DRIVER_MEMORY, TOTAL_CORES. Defaults: the config cluster-configs/train/standalone-sim.yaml, the run directory
# runs/standalone-sim, 1 core and 1g per executor, every core the cluster offers. Further arguments go to `train`
# (e.g. --resume). --conf passes a Spark property to spark-submit (repeatable), e.g. GPUs per executor and task:
#   --conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=1
# Spark is $SPARK_HOME's (bin/spark-submit of a real install, or the jars that
# cluster-configs/standalone/layout-spark.sh laid out).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
config="${CONFIG:-$repo/cluster-configs/train/standalone-sim.yaml}"
out="${OUT:-runs/standalone-sim}"
master="${MASTER:-}"
executor_cores="${EXECUTOR_CORES:-1}" executor_memory="${EXECUTOR_MEMORY:-1g}"
driver_memory="${DRIVER_MEMORY:-1g}" total_cores="${TOTAL_CORES:-}"
train=()
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --executor-cores) executor_cores="$2"; shift 2 ;;
    --executor-memory) executor_memory="$2"; shift 2 ;;
    --driver-memory) driver_memory="$2"; shift 2 ;;
    --total-cores) total_cores="$2"; shift 2 ;;
    --conf)
      [[ "${2:-}" == *=* ]] || { echo "submit-standalone.sh: --conf takes KEY=VALUE, got '${2:-}'" >&2; exit 2; }
      options+=(--conf "$2"); shift 2 ;;
    *) train+=("$1"); shift ;;
  esac
done
[ -n "$master" ] || { echo "submit-standalone.sh: no master: pass --master spark://HOST:PORT or set MASTER" >&2; exit 2; }
[ -f "$config" ] || { echo "submit-standalone.sh: no config file $config (--config or CONFIG)" >&2; exit 2; }

[ -z "$total_cores" ] || options+=(--conf "spark.cores.max=$total_cores")
export MASTER="$master" EXECUTOR_CORES="$executor_cores" EXECUTOR_MEMORY="$executor_memory" \
  DRIVER_MEMORY="$driver_memory"
exec "$repo/cluster-configs/standalone/submit.sh" ${options[@]+"${options[@]}" --} \
  train --config "$config" --out "$out" ${train[@]+"${train[@]}"}
