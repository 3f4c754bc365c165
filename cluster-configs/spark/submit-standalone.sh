#!/usr/bin/env bash
# Submits a training run to a Spark standalone cluster with the cluster jar (Spark and Hadoop provided).
# Build it first:  mvn -B -P cluster -DskipTests package   ->  driver/target/trinity-driver-*-cluster.jar
# Client deploy mode keeps the driver (and its in-process gateway) on this machine; the config and pool files
# are read from here, task files and the run directory can be on HDFS or S3.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
MASTER="${MASTER:-spark://spark-master:7077}"
JAR="$(ls "$here"/driver/target/trinity-driver-*-cluster.jar | head -n 1)"

exec spark-submit \
  --master "$MASTER" \
  --deploy-mode client \
  --class io.trinity.driver.cli.TrinityCli \
  --conf spark.executor.cores=4 \
  --conf spark.executor.memory=8g \
  --conf spark.task.maxFailures=4 \
  "$JAR" train \
  --config "$here/cluster-configs/train/standalone-sim.yaml" \
  --out "${OUT:-hdfs:///runs/trinity/standalone-sim}" "$@"
