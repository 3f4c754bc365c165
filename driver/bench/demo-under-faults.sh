#!/usr/bin/env bash
# The demo training twice, fault-free and with 20% injected faults (6% 429 with Retry-After, 6% 500, 2% timeouts,
# 3% malformed JSON, 3% truncated streams per call attempt), then compares what they decided: eval.json, the
# exported head and every generation's metrics except wall time. Prints the retries and failures of the faulty run.
# Usage: driver/bench/demo-under-faults.sh [OUT_DIR]   (default /tmp/trinity-faults; about 2 x 3 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-/tmp/trinity-faults}"
rm -rf "$out" && mkdir -p "$out"
faults='    timeout_ms: 2000\n    faults: {rate_limited: 0.06, retry_after_ms: 10, server_error: 0.06, timeout: 0.02, malformed_json: 0.03, truncated_stream: 0.03}'
retry='retry: {max_attempts: 12, initial_backoff_ms: 5, multiplier: 2, max_backoff_ms: 50}'
{ echo "$retry"; sed "s|^    provider: sim$|    provider: sim\n$faults|" cluster-configs/pools/sim-4.yaml; } > "$out/faulty-pool.yaml"
{ echo "$retry"; cat cluster-configs/pools/sim-4.yaml; } > "$out/clean-pool.yaml"
for kind in clean faulty; do
  sed "s|file: ../pools/sim-4.yaml|file: $kind-pool.yaml|" cluster-configs/train/demo-sim.yaml > "$out/$kind.yaml"
  /usr/bin/time -f "$kind: %e s" ./trinity train --config "$out/$kind.yaml" --out "$out/$kind" > "$out/$kind.log" 2>&1
  tail -1 "$out/$kind.log"
done
strip() { /usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    m.pop("wall_seconds", None)
    accounts = m.pop("gateway_accounts", None) or {}
    print(json.dumps(m, sort_keys=True))
' "$1"; }
same=yes
cmp -s "$out/clean/eval.json" "$out/faulty/eval.json" || { echo "eval.json differs"; same=no; }
cmp -s "$out/clean/head.safetensors" "$out/faulty/head.safetensors" || { echo "head.safetensors differs"; same=no; }
diff <(strip "$out/clean/metrics.jsonl") <(strip "$out/faulty/metrics.jsonl") > /dev/null || { echo "metrics differ"; same=no; }
echo "same result: $same"
/usr/bin/python3 - "$out/faulty/metrics.jsonl" <<'PY'
import json, sys
paid = hits = failures = 0
for line in open(sys.argv[1]):
    for acc in (json.loads(line).get("gateway_accounts") or {}).get("by_model", {}).values():
        paid += acc["upstream_calls"]; hits += acc["cache_hits"]; failures += acc["failures"]
print(f"faulty run, training and validation calls: {paid} paid, {hits} coalesced, {failures} failed")
PY
grep "gateway: " "$out/faulty.log" | tail -1 || true
