#!/usr/bin/env bash
# Gateway benchmark: added latency (p50, p99) and throughput on loopback against a fast upstream, for
#   direct  - the load generator calls the upstream itself,
#   trinity - through the Trinity gateway (this module; retries, breaker, metrics, accounting all on, no cache),
#   portkey - through Portkey's open-source gateway (npm @portkey-ai/gateway, on Node).
# Open-loop at each rate in RATES (latency measured from each request's due time), then closed-loop at each
# level in CONCURRENCY: 1 in flight gives the latency a path adds without any queueing, 64 the highest
# throughput it reaches. Results: bench/results/*.jsonl and a Markdown table on stdout.
#
# Usage: llm-gateway/bench/run.sh
#   env: RATES="500 2000", CONCURRENCY="1 64", SECONDS_PER_RUN=20, WARMUP=10 (per run), PREWARM=30 (per path)
# Needs: JDK 17, Maven, Node 18+ and npm (installs the locked Portkey package into bench/node_modules).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RATES=${RATES-"500 2000"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
WARMUP=${WARMUP:-10}
PREWARM=${PREWARM:-30}
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

node "$HERE/upstream.mjs" "$UPSTREAM_PORT" > "$RESULTS/upstream.log" 2>&1 & UPSTREAM_PID=$!
PIDS+=("$UPSTREAM_PID")
java -Xms512m -Xmx1g -cp "$CLASSPATH_GW" "$HERE/BenchGateway.java" "$RESULTS/pool.yaml" "$TRINITY_PORT" \
  > "$RESULTS/trinity.log" 2>&1 & TRINITY_PID=$!
PIDS+=("$TRINITY_PID")
NODE_ENV=production node "$HERE/node_modules/@portkey-ai/gateway/build/start-server.js" \
  --port="$PORTKEY_PORT" --headless > "$RESULTS/portkey.log" 2>&1 & PORTKEY_PID=$!
PIDS+=("$PORTKEY_PID")
wait_for "http://127.0.0.1:$UPSTREAM_PORT/"
wait_for "http://127.0.0.1:$TRINITY_PORT/healthz"
wait_for "http://127.0.0.1:$PORTKEY_PORT/"

cpu_ticks() { # PID: user + system CPU time so far, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# Runs the load generator and adds the CPU time the serving process (the upstream for direct calls, else the
# gateway, whose upstream is the same) spent per request, warm-up included. CPU time is a fairer measure than
# latency on a busy machine: it does not count the time spent waiting for a core.
load() { # LABEL URL MODE LEVEL SERVER_PID [HEADER...]
  local label=$1 url=$2 mode=$3 level=$4 pid=$5
  shift 5
  local headers=()
  for h in "$@"; do headers+=(--header "$h"); done
  local before after line
  before=$(cpu_ticks "$pid")
  line=$(java -Xmx1g -cp "$CLASSPATH_GW" "$HERE/LoadGenerator.java" --label "$label" --url "$url" \
    "--$mode" "$level" --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" "${headers[@]}")
  after=$(cpu_ticks "$pid")
  echo "$line" | python3 -c "import json, sys
r = json.loads(sys.stdin.read())
r['server_cpu_us_per_request'] = round(($after - $before) * 1e6 / $(getconf CLK_TCK) / max(1, r['sent']), 1)
print(json.dumps(r))" | tee -a "$OUT"
}

DIRECT="http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"
TRINITY="http://127.0.0.1:$TRINITY_PORT/v1/chat/completions"
PORTKEY="http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions"
PORTKEY_HEADERS=("x-portkey-provider: openai" "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1"
  "Authorization: Bearer bench")

# The JVM's JIT compiler and Node's keep compiling for tens of seconds under load; warm every path up first so
# that the measured runs (and the CPU time per request) see compiled code.
echo "warming up for ${PREWARM}s per path..." >&2
for target in "$DIRECT" "$TRINITY"; do
  java -Xmx1g -cp "$CLASSPATH_GW" "$HERE/LoadGenerator.java" --label warm-up --url "$target" --concurrency 8 \
    --warmup "$PREWARM" --seconds 1 > /dev/null
done
PORTKEY_ARGS=()
for h in "${PORTKEY_HEADERS[@]}"; do PORTKEY_ARGS+=(--header "$h"); done
java -Xmx1g -cp "$CLASSPATH_GW" "$HERE/LoadGenerator.java" --label warm-up --url "$PORTKEY" --concurrency 8 \
  --warmup "$PREWARM" --seconds 1 "${PORTKEY_ARGS[@]}" > /dev/null
echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for rate in $RATES; do
  load direct "$DIRECT" rate "$rate" "$UPSTREAM_PID"
  load trinity "$TRINITY" rate "$rate" "$TRINITY_PID"
  load portkey "$PORTKEY" rate "$rate" "$PORTKEY_PID" "${PORTKEY_HEADERS[@]}"
done
for level in $CONCURRENCY; do
  load direct "$DIRECT" concurrency "$level" "$UPSTREAM_PID"
  load trinity "$TRINITY" concurrency "$level" "$TRINITY_PID"
  load portkey "$PORTKEY" concurrency "$level" "$PORTKEY_PID" "${PORTKEY_HEADERS[@]}"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 "$HERE/table.py" "$OUT"
