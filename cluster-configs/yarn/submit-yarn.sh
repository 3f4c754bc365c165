#!/usr/bin/env bash
# Submits a training run to YARN with the cluster jar. UNTESTED: no YARN cluster was reachable where this was
# written (README, "YARN and Kubernetes"); K8sYarnConfigsTest checks offline that the files it names exist and
# that it parses.
#   mvn -B -P cluster -DskipTests package      # driver/target/trinity-driver-*-cluster.jar
#   HADOOP_CONF_DIR=/etc/hadoop/conf cluster-configs/yarn/submit-yarn.sh --out hdfs:///user/$USER/runs/yarn-sim
# Environment: SPARK_HOME (a Spark 3.5 install), HADOOP_CONF_DIR (or YARN_CONF_DIR), DEPLOY_MODE (client),
# EXECUTORS (4), EXECUTOR_CORES (2), EXECUTOR_MEMORY (4g), QUEUE (default), GPUS_PER_EXECUTOR (0: no GPU settings;
# 1 asks YARN for one GPU per executor, which needs the Qwen3 encoder's natives: mvn -P cluster,qwen3,gpu).
# Further arguments go to `train` (e.g. --resume).
#
# Deploy modes:
# - client (the default): the driver, and the gateway in it, run on this machine; executors reach the gateway at
#   the config's gateway.advertise_host. The config and pool are read here.
# - cluster: the driver runs in YARN's application master on a node YARN picks, so no advertise_host can be
#   written in advance: train-sim-external-gateway.yaml points gateway.url at an external gateway
#   (`./trinity gateway`, README "The gateway on a cluster"), and the driver needs its token. The only way into the AM's environment is
#   spark.yarn.appMasterEnv.TRINITY_GATEWAY_TOKEN, which YARN keeps in the container launch context (visible to
#   the cluster's admins, not in Spark's UI, which redacts names matching "token"); that is why it is set only in
#   cluster mode. The job hands the token to executors itself. The config and pool go with --files, flat, into the
#   driver's working directory, which is why the config names its pool without a directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ] || {
  echo "submit-yarn.sh: SPARK_HOME must name a Spark 3.5 install (bin/spark-submit)" >&2; exit 2; }
[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ] || {
  echo "submit-yarn.sh: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration" >&2; exit 2; }
JAR="${JAR:-$(ls "$repo"/driver/target/trinity-driver-*-cluster.jar 2>/dev/null | head -n 1)}"
[ -n "$JAR" ] && [ -f "$JAR" ] || {
  echo "submit-yarn.sh: no cluster jar; build it with: mvn -B -P cluster -DskipTests package" >&2; exit 2; }
mode="${DEPLOY_MODE:-client}"
config="$here/train-sim.yaml"
[ "$mode" = cluster ] && config="$here/train-sim-external-gateway.yaml"
pool="$here/pool-sim-4.yaml"

conf=(--conf spark.task.maxFailures=4 --conf spark.yarn.maxAppAttempts=1)
if [ "$mode" = cluster ]; then
  [ -n "${TRINITY_GATEWAY_TOKEN:-}" ] || {
    echo "submit-yarn.sh: cluster mode needs an external gateway and its token in TRINITY_GATEWAY_TOKEN" >&2; exit 2; }
  conf+=(--conf "spark.yarn.appMasterEnv.TRINITY_GATEWAY_TOKEN=$TRINITY_GATEWAY_TOKEN")
  config_arg="$(basename "$config")"     # the --files copy in the driver's working directory
elif [ "$mode" = client ]; then
  config_arg="$config"
else
  echo "submit-yarn.sh: DEPLOY_MODE must be client or cluster, not '$mode'" >&2; exit 2
fi
gpus="${GPUS_PER_EXECUTOR:-0}"
if [ "$gpus" != 0 ]; then
  # YARN 3.1+ schedules yarn.io/gpu; Spark maps its gpu resource to it. The discovery script is shipped with
  # --files and run by each executor from its working directory; where YARN localizes it without the executable
  # bit, install it on every NodeManager and set GPU_DISCOVERY_SCRIPT to its path there.
  conf+=(--conf "spark.executor.resource.gpu.amount=$gpus" --conf spark.task.resource.gpu.amount=1
    --conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY_SCRIPT:-./discover-gpus.sh}")
fi

exec "$SPARK_HOME/bin/spark-submit" --master yarn --deploy-mode "$mode" --queue "${QUEUE:-default}" \
  --class io.trinity.driver.cli.TrinityCli \
  --num-executors "${EXECUTORS:-4}" --executor-cores "${EXECUTOR_CORES:-2}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  --files "$config,$pool,$repo/cluster-configs/gpu/discover-gpus.sh" \
  "${conf[@]}" "$JAR" train --config "$config_arg" "$@"
