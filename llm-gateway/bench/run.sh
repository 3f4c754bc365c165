#!/usr/bin/env bash
# Gateway benchmark: added latency (p50, p99) and throughput on loopback against a fast upstream, for
#   direct  - the load generator calls the upstream itself,
#   trinity - through the Trinity gateway (this module; retries, breaker, metrics, accounting all on, no cache),
#   portkey - through Portkey's open-source gateway (npm @portkey-ai/gateway, on Node).
# Open-loop at each rate in RATES (latency measured from each request's due time), then closed-loop at each
# level in CONCURRENCY: 1 in flight gives the latency a path adds without any queueing, 64 the highest
# throughput it reaches. Results: bench/results/*.jsonl and a Markdown table on stdout.
#
# Usage: llm-gateway/bench/run.sh   (env: RATES="500 2000", CONCURRENCY="1 64", SECONDS_PER_RUN=20, WARMUP=10)
# Needs: JDK 17, Maven, Node 18+ and npm (installs the locked Portkey package into bench/node_modules).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RATES=${RATES-"500 2000"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
WARMUP=${WARMUP:-10}
CONCURRENCY=${CONCURRENCY-"1 64"}
UPSTREAM_PORT=${UPSTREAM_PORT:-18090}
TRINITY_PORT=${TRINITY_PORT:-18080}
PORTKEY_PORT=${PORTKEY_PORT:-18787}
RESULTS="$HERE/results"
OUT="$RESULTS/bench-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
mkdir -p "$RESULTS"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

wait_for() { # URL
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.2
  done
  echo "nothing answers at $1" >&2
  exit 1
}

echo "building the gateway and its classpath..." >&2
(cd "$ROOT" && mvn -B -q -pl llm-gateway compile dependency:build-classpath \
  -Dmdep.outputFile="$RESULTS/classpath.txt" >&2)
CLASSPATH_GW="$ROOT/llm-gateway/target/classes:$(cat "$RESULTS/classpath.txt")"
if [ ! -d "$HERE/node_modules" ]; then (cd "$HERE" && npm ci --no-audit --no-fund >&2); fi

cat > "$RESULTS/pool.yaml" <<YAML
models:
  - name: bench-model
    provider: openai
    base_url: http://127.0.0.1:$UPSTREAM_PORT/v1
    timeout_ms: 30000
    price: {input_per_mtok: 1, output_per_mtok: 2}
YAML

node "$HERE/upstream.mjs" "$UPSTREAM_PORT" > "$RESULTS/upstream.log" 2>&1 & PIDS+=($!)
java -Xms512m -Xmx1g -cp "$CLASSPATH_GW" "$HERE/BenchGateway.java" "$RESULTS/pool.yaml" "$TRINITY_PORT" \
  > "$RESULTS/trinity.log" 2>&1 & PIDS+=($!)
NODE_ENV=production node "$HERE/node_modules/@portkey-ai/gateway/build/start-server.js" \
  --port="$PORTKEY_PORT" --headless > "$RESULTS/portkey.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$UPSTREAM_PORT/"
wait_for "http://127.0.0.1:$TRINITY_PORT/healthz"
wait_for "http://127.0.0.1:$PORTKEY_PORT/"

load() { # LABEL URL MODE LEVEL [HEADER...]
  local label=$1 url=$2 mode=$3 level=$4
  shift 4
  local headers=()
  for h in "$@"; do headers+=(--header "$h"); done
  java -Xmx1g "$HERE/LoadGenerator.java" --label "$label" --url "$url" "--$mode" "$level" \
    --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" "${headers[@]}" | tee -a "$OUT"
}

DIRECT="http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"
TRINITY="http://127.0.0.1:$TRINITY_PORT/v1/chat/completions"
PORTKEY="http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions"
PORTKEY_HEADERS=("x-portkey-provider: openai" "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1"
  "Authorization: Bearer bench")

echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for rate in $RATES; do
  load direct "$DIRECT" rate "$rate"
  load trinity "$TRINITY" rate "$rate"
  load portkey "$PORTKEY" rate "$rate" "${PORTKEY_HEADERS[@]}"
done
for level in $CONCURRENCY; do
  load direct "$DIRECT" concurrency "$level"
  load trinity "$TRINITY" concurrency "$level"
  load portkey "$PORTKEY" concurrency "$level" "${PORTKEY_HEADERS[@]}"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 "$HERE/table.py" "$OUT"
