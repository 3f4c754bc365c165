#!/usr/bin/env bash
# Stops what start-cluster.sh started in DIR, by the pids it recorded: each worker with the executors it launched,
# then the master. SIGTERM first (a worker's shutdown stops its executors), SIGKILL after 15 s.
#   cluster-configs/standalone/stop-cluster.sh --dir DIR
set -euo pipefail
[ $# -eq 2 ] && [ "$1" = "--dir" ] || { echo "usage: $0 --dir DIR" >&2; exit 2; }
dir="$2"
[ -d "$dir" ] || { echo "stop-cluster.sh: no directory $dir" >&2; exit 1; }

# The children of pid $1, read from /proc (no procps on a minimal machine).
children() {
  local status
  for status in /proc/[0-9]*/status; do
    grep -qx "PPid:[[:space:]]*$1" "$status" 2>/dev/null && basename "$(dirname "$status")"
  done
  return 0
}

stop() {
  local pids=("$@") waited=0 alive
  kill -TERM "${pids[@]}" 2>/dev/null || true
  while :; do
    alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ ${#alive[@]} -eq 0 ] && return 0
    if [ "$waited" -ge 75 ]; then
      kill -KILL "${alive[@]}" 2>/dev/null || true
      return 0
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

for pidfile in "$dir"/worker-*.pid "$dir"/master.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  # Executors are the worker's children; collected before the worker goes, since they outlive a killed parent.
  mapfile -t executors < <(children "$pid")
  stop "$pid"
  [ ${#executors[@]} -eq 0 ] || stop "${executors[@]}"
  rm -f "$pidfile"
  echo "stopped $(basename "$pidfile" .pid) (pid $pid${executors:+, executors ${executors[*]}})"
done
rm -f "$dir/master-url"
