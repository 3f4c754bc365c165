#!/usr/bin/env bash
# Lays out a Spark distribution (jars/, conf/, RELEASE) in DIR from Maven Central's Spark jars, the version the
# project's parent pom pins. Users with a real Spark install skip this and point SPARK_HOME at it.
#   cluster-configs/standalone/layout-spark.sh DIR        (MVN_FLAGS="-o" to stay offline)
# Prints DIR. Running it again on a laid-out DIR does nothing.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1"
dist="$(cd "$1" && pwd)"
version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/../../pom.xml" | head -n 1)"
[ -n "$version" ] || { echo "layout-spark.sh: no <spark.version> in $here/../../pom.xml" >&2; exit 1; }

if [ -f "$dist/RELEASE" ] && grep -qx "Spark $version (Maven Central jars)" "$dist/RELEASE"; then
  echo "$dist"
  exit 0
fi
rm -rf "$dist/jars"
# The pom's build directory is a scratch copy, so the source tree stays clean.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$here/spark-dist-pom.xml" "$scratch/pom.xml"
# shellcheck disable=SC2086
mvn -B -q -Dstyle.color=never ${MVN_FLAGS:-} -f "$scratch/pom.xml" package -Dspark.version="$version" -Dspark.jars.dir="$dist/jars" >&2
mkdir -p "$dist/conf"
cp "$here/log4j2.properties" "$dist/conf/log4j2.properties"
# Spark's launcher (the one a Worker uses to start executors) takes jars/ from a directory with a RELEASE file;
# without one it looks for a source build's assembly/target/scala-<version>/jars.
echo "Spark $version (Maven Central jars)" > "$dist/RELEASE"
echo "$dist"
