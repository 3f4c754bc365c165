#!/usr/bin/env bash
# One sep-CMA-ES generation (ask lambda = 32, sphere, tell) at n = 10,240 and 102,400, measured side by side:
#   ours (JMH), CyberAgent's cmaes.SepCMA (the reference, /usr/bin/python3 + python3-cmaes),
#   Apache Commons Math 3.6.1 CMAESOptimizer in diagonal mode (dense n x n set-up: only smaller n fit).
# Usage: driver/bench/es-generation.sh [COMMONS_MATH_DIMS...]   (default 1024 2048 4096)
set -euo pipefail
cd "$(dirname "$0")/../.."
dims=("${@:-1024 2048 4096}")
# shellcheck disable=SC2206
dims=(${dims[*]})

# One reactor run: the driver's test class path holds the gateway's test jar, which only the reactor provides.
mvn -B -q -pl driver -am -P jmh test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/jmh-classpath.txt
cp="driver/target/test-classes:driver/target/classes:$(cat driver/target/jmh-classpath.txt)"
java_opts=(--add-opens=java.base/java.lang=ALL-UNNAMED -Xmx8g)

echo "== ours: JMH, average time per generation"
java "${java_opts[@]}" -cp "$cp" org.openjdk.jmh.Main SepCmaEsGenerationBenchmark -rf json \
  -rff driver/target/jmh-es-generation.json | tail -5

echo "== reference: cmaes.SepCMA $(/usr/bin/python3 -c 'import cmaes; print(cmaes.__version__)'), n ms_per_generation"
/usr/bin/python3 driver/bench/sepcma_generation.py 10240 32 200
/usr/bin/python3 driver/bench/sepcma_generation.py 102400 32 30

echo "== Commons Math CMAESOptimizer (diagonal), n ms_per_generation setup_ms"
java "${java_opts[@]}" -cp "$cp" io.trinity.driver.es.bench.CommonsMathCmaesTiming 20 "${dims[@]}"
