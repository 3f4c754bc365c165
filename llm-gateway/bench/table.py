"""Prints a benchmark's JSON lines as a Markdown table with the latency each gateway adds over direct calls."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
direct = {(r.get("rate"), r.get("concurrency")): r for r in rows if r["label"] == "direct"}
print("| path | load | throughput (rps) | p50 ms | p99 ms | added p50 ms | added p99 ms | errors "
      "| server CPU µs/request |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    key = (r.get("rate"), r.get("concurrency"))
    load = f"{r['rate']} rps open loop" if "rate" in r else f"{r['concurrency']} in flight"
    base = direct[key]
    added = ("", "") if r["label"] == "direct" else (
        f"{r['p50_ms'] - base['p50_ms']:.3f}", f"{r['p99_ms'] - base['p99_ms']:.3f}")
    print(f"| {r['label']} | {load} | {r['throughput_rps']:.0f} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} "
          f"| {added[0]} | {added[1]} | {r['errors']} | {r.get('server_cpu_us_per_request', '')} |")
