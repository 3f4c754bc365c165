#!/usr/bin/env bash
# Submits a Trinity command (train, evaluate) with the cluster jar through Spark's own entry point,
# org.apache.spark.deploy.SparkSubmit, in client mode: the driver and its in-process gateway run here.
#   cluster-configs/standalone/submit.sh [SPARK-SUBMIT OPTIONS... --] COMMAND ARGS...
# e.g. submit.sh train --config cluster-configs/train/standalone-local.yaml --out runs/cluster
# Environment: SPARK_HOME (required); MASTER (default: DIR/master-url of start-cluster.sh, with CLUSTER_DIR=DIR);
# EXECUTOR_CORES (1), EXECUTOR_MEMORY (1g), DRIVER_MEMORY (1g), JAR (the cluster jar in driver/target).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
[ -n "${SPARK_HOME:-}" ] && [ -d "$SPARK_HOME/jars" ] || {
  echo "submit.sh: SPARK_HOME must name a Spark distribution with a jars/ directory" >&2; exit 2; }
if [ -z "${MASTER:-}" ]; then
  [ -n "${CLUSTER_DIR:-}" ] && [ -f "$CLUSTER_DIR/master-url" ] || {
    echo "submit.sh: set MASTER (spark://host:port, local[2]) or CLUSTER_DIR (a start-cluster.sh --dir)" >&2
    exit 2; }
  MASTER="$(cat "$CLUSTER_DIR/master-url")"
fi
JAR="${JAR:-$(ls "$repo"/driver/target/trinity-driver-*-cluster.jar 2>/dev/null | head -n 1)}"
[ -n "$JAR" ] && [ -f "$JAR" ] || {
  echo "submit.sh: no cluster jar; build it with: mvn -B -P cluster -DskipTests package" >&2; exit 2; }

options=()
if [[ " $* " == *" -- "* ]]; then
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
fi
[ $# -gt 0 ] || { echo "usage: $0 [SPARK-SUBMIT OPTIONS... --] COMMAND ARGS..." >&2; exit 2; }

export SPARK_HOME SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
submit=(--master "$MASTER" --deploy-mode client --class io.trinity.driver.cli.TrinityCli
  --conf "spark.executor.cores=${EXECUTOR_CORES:-1}" --conf "spark.executor.memory=${EXECUTOR_MEMORY:-1g}"
  --conf spark.task.maxFailures=4 "${options[@]}" "$JAR" "$@")

if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  # A real Spark install: its launcher adds the Java 17 module flags to the driver itself.
  exec "$SPARK_HOME/bin/spark-submit" --driver-memory "${DRIVER_MEMORY:-1g}" "${submit[@]}"
fi
# In client mode the driver is this JVM, so the flags spark-submit's launcher would add go on its command line;
# Spark (3.3 and later) adds the same flags to every executor's command line itself.
opens=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
)
exec java -Xmx"${DRIVER_MEMORY:-1g}" "${opens[@]}" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.SparkSubmit "${submit[@]}"
