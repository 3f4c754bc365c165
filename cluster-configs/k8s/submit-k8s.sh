#!/usr/bin/env bash
# Submits a training run to Kubernetes with the image of the Dockerfile beside this script. UNTESTED: no
# Kubernetes cluster was reachable where this was written (README, "YARN and Kubernetes"); K8sYarnConfigsTest
# checks offline that it parses and that the files it names exist.
#   kubectl create namespace trinity
#   kubectl apply -f cluster-configs/k8s/rbac.yaml -f cluster-configs/k8s/redis.yaml \
#     -f cluster-configs/k8s/gateway-service.yaml        # and the Secret: see secret.example.yaml
#   IMAGE=REGISTRY/trinity-spark:TAG K8S_API=https://API-SERVER:6443 \
#     cluster-configs/k8s/submit-k8s.sh --out s3a://bucket/runs/k8s-sim
# Environment: SPARK_HOME (a Spark 3.5 install), IMAGE, K8S_API (required); DEPLOY_MODE (cluster), EXECUTORS (4),
# EXECUTOR_CORES (2), EXECUTOR_MEMORY (4g), GPUS_PER_EXECUTOR (0: no GPU; 1 uses executor-pod-template.yaml and
# asks for nvidia.com/gpu, which needs an image built from mvn -P cluster,qwen3,gpu). Further arguments go to
# `train`; --out must name a file system the driver keeps after its pod ends (HDFS, S3, a mounted volume).
#
# Deploy modes:
# - cluster (the default): the driver runs in a pod with driver-pod-template.yaml's label, so executors reach its
#   gateway through gateway-service.yaml. The config and jar are the image's (local:// paths).
# - client: the driver runs where this script runs, which must then be a pod inside the cluster labelled
#   app=trinity-driver (the same Service then reaches it), with spark.driver.host set to its address
#   (pass --conf spark.driver.host=$POD_IP via SPARK_OPTS) and the secrets in its own environment.
# Secrets: the driver's environment variables come from the Secret trinity-secrets through
# spark.kubernetes.driver.secretKeyRef.*, so no value passes through this script, SparkConf or the event log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ] || {
  echo "submit-k8s.sh: SPARK_HOME must name a Spark 3.5 install (bin/spark-submit)" >&2; exit 2; }
[ -n "${IMAGE:-}" ] || { echo "submit-k8s.sh: set IMAGE to the image built from cluster-configs/k8s/Dockerfile" >&2
  exit 2; }
[ -n "${K8S_API:-}" ] || { echo "submit-k8s.sh: set K8S_API to the API server's URL (https://HOST:PORT)" >&2
  exit 2; }
mode="${DEPLOY_MODE:-cluster}"
case "$mode" in client|cluster) ;; *) echo "submit-k8s.sh: DEPLOY_MODE must be client or cluster" >&2; exit 2 ;; esac

conf=(
  --conf spark.kubernetes.namespace=trinity
  --conf "spark.kubernetes.container.image=$IMAGE"
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=trinity-spark
  --conf "spark.kubernetes.driver.podTemplateFile=$here/driver-pod-template.yaml"
  --conf spark.kubernetes.driver.secretKeyRef.TRINITY_REDIS_PASSWORD=trinity-secrets:redis-password
  --conf spark.task.maxFailures=4
)
gpus="${GPUS_PER_EXECUTOR:-0}"
if [ "$gpus" != 0 ]; then
  conf+=(--conf "spark.kubernetes.executor.podTemplateFile=$here/executor-pod-template.yaml"
    --conf "spark.executor.resource.gpu.amount=$gpus" --conf spark.executor.resource.gpu.vendor=nvidia.com
    --conf spark.task.resource.gpu.amount=1
    --conf spark.executor.resource.gpu.discoveryScript=/opt/trinity/discover-gpus.sh)
fi
# A real pool's keys, where its pool file names them (api_key_env), come the same way, e.g.
#   --conf spark.kubernetes.driver.secretKeyRef.OPENAI_API_KEY=trinity-secrets:openai-api-key
# shellcheck disable=SC2086 # SPARK_OPTS is a list of options
exec "$SPARK_HOME/bin/spark-submit" --master "k8s://$K8S_API" --deploy-mode "$mode" \
  --class io.trinity.driver.cli.TrinityCli \
  --num-executors "${EXECUTORS:-4}" --executor-cores "${EXECUTOR_CORES:-2}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  "${conf[@]}" ${SPARK_OPTS:-} local:///opt/trinity/trinity-driver-cluster.jar \
  train --config /opt/trinity/conf/train-sim.yaml "$@"
