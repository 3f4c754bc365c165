#!/usr/bin/env bash
# Starts a Spark standalone master and N workers on loopback, each its own JVM, and waits until every worker has
# registered. Everything it starts is recorded in DIR (pids, logs, the workers' work dirs), for stop-cluster.sh.
#   SPARK_HOME=... cluster-configs/standalone/start-cluster.sh --dir DIR [--workers 2] [--cores 1] [--memory 1g]
#                                                              [--port 0] [--daemon-memory 256m]
#                                                              [--worker-conf KEY=VALUE ...]
# --port 0 (the default) lets the master take a free port. Each JVM gets START_TIMEOUT_S (180) seconds to come up. Prints the master URL (spark://127.0.0.1:PORT), also
# written to DIR/master-url. --worker-conf sets a Spark property of every worker (repeatable), e.g. the GPUs it offers:
#   --worker-conf spark.worker.resource.gpu.amount=2 \
#   --worker-conf spark.worker.resource.gpu.discoveryScript=cluster-configs/gpu/discover-gpus.sh
set -euo pipefail
dir="" workers=2 cores=1 memory=1g port=0 daemon_memory=256m timeout="${START_TIMEOUT_S:-180}"
worker_conf=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --daemon-memory) daemon_memory="$2"; shift 2 ;;
    --worker-conf)
      [[ "${2:-}" == spark.*=* ]] || { echo "start-cluster.sh: --worker-conf takes KEY=VALUE with a spark.* key," \
        "got '${2:-}'" >&2; exit 2; }
      # A worker reads spark.* system properties into its SparkConf.
      worker_conf+=("-D$2"); shift 2 ;;
    *) echo "start-cluster.sh: unknown argument '$1' (expected --dir, --workers, --cores, --memory, --port," \
         "--daemon-memory, --worker-conf)" >&2; exit 2 ;;
  esac
done
[ -n "$dir" ] || { echo "start-cluster.sh: --dir DIR is required (where pids, logs and work dirs go)" >&2; exit 2; }
[ -n "${SPARK_HOME:-}" ] && [ -d "$SPARK_HOME/jars" ] || {
  echo "start-cluster.sh: SPARK_HOME must name a Spark distribution with a jars/ directory" \
    "(cluster-configs/standalone/layout-spark.sh DIR lays one out)" >&2; exit 2; }
mkdir -p "$dir/logs"
dir="$(cd "$dir" && pwd)"
if ls "$dir"/*.pid >/dev/null 2>&1; then
  echo "start-cluster.sh: $dir already holds a cluster's pid files; run stop-cluster.sh --dir $dir first" >&2
  exit 1
fi
here="$(cd "$(dirname "$0")" && pwd)"

# Every JVM binds loopback only; workers hand it on to their executors.
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1
# Spark's launcher needs the Scala version to find jars in a directory that is not a packaged release.
export SPARK_SCALA_VERSION=2.12
classpath="$SPARK_HOME/conf:$SPARK_HOME/jars/*"

started=0
trap '[ "$started" = 1 ] || "$here/stop-cluster.sh" --dir "$dir" >&2' EXIT

# Waits for a line matching $2 in log $1, for at most $3 seconds, while pid $4 is alive.
await() {
  local waited=0
  until grep -q "$2" "$1" 2>/dev/null; do
    if ! kill -0 "$4" 2>/dev/null; then
      echo "start-cluster.sh: the JVM logging to $1 exited; its log ends:" >&2; tail -n 20 "$1" >&2; return 1
    fi
    if [ "$waited" -ge "$(( $3 * 5 ))" ]; then
      echo "start-cluster.sh: no '$2' in $1 after $3 s; its log ends:" >&2; tail -n 20 "$1" >&2; return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

java -Xmx"$daemon_memory" -cp "$classpath" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$dir/logs/master.log" 2>&1 &
echo $! >"$dir/master.pid"
await "$dir/logs/master.log" "Starting Spark master at spark://" "$timeout" "$(cat "$dir/master.pid")"
url="$(sed -n 's/.*Starting Spark master at \(spark:\/\/[^ ]*\).*/\1/p' "$dir/logs/master.log" | head -n 1)"
await "$dir/logs/master.log" "I have been elected leader" "$timeout" "$(cat "$dir/master.pid")"
echo "$url" >"$dir/master-url"

for i in $(seq 1 "$workers"); do
  mkdir -p "$dir/work/worker-$i"
  java -Xmx"$daemon_memory" ${worker_conf[@]+"${worker_conf[@]}"} -cp "$classpath" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" \
    --work-dir "$dir/work/worker-$i" "$url" >"$dir/logs/worker-$i.log" 2>&1 &
  echo $! >"$dir/worker-$i.pid"
done
for i in $(seq 1 "$workers"); do
  await "$dir/logs/worker-$i.log" "Successfully registered with master" "$timeout" "$(cat "$dir/worker-$i.pid")"
done
started=1
echo "$url"
