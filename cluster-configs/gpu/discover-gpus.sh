#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.executor.resource.gpu.discoveryScript, and the worker's
# spark.worker.resource.gpu.discoveryScript on a standalone cluster). Spark runs it when an executor starts and
# reads one JSON object from stdout: {"name": "gpu", "addresses": ["0","1"]}, the indices nvidia-smi reports.
# The encoder then runs on the address Spark assigns to each task (spark.task.resource.gpu.amount).
# It fails (exit 1, a message on stderr) when nvidia-smi is missing or reports no GPU, so that an executor asked
# for GPUs does not start without them.
set -euo pipefail
command -v nvidia-smi >/dev/null 2>&1 || {
  echo "discover-gpus.sh: nvidia-smi not found on PATH; install the NVIDIA driver or drop the gpu resource settings" >&2
  exit 1; }
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader)" || {
  echo "discover-gpus.sh: nvidia-smi --query-gpu=index failed" >&2; exit 1; }
addresses=()
while IFS= read -r line; do
  line="${line//[[:space:]]/}"
  [ -z "$line" ] && continue
  [[ "$line" =~ ^[0-9]+$ ]] || { echo "discover-gpus.sh: nvidia-smi printed '$line', expected a GPU index" >&2; exit 1; }
  addresses+=("\"$line\"")
done <<< "$indices"
[ ${#addresses[@]} -gt 0 ] || { echo "discover-gpus.sh: nvidia-smi reports no GPU" >&2; exit 1; }
joined="$(IFS=,; echo "${addresses[*]}")"
echo "{\"name\": \"gpu\", \"addresses\": [$joined]}"
