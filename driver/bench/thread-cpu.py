#!/usr/bin/python3
"""CPU seconds by thread of one run of the driver, including what JFR's execution samples do not show (the JIT's
compiler threads, GC, the kernel's share of each thread):
  /usr/bin/python3 driver/bench/thread-cpu.py OUT_FILE MARK &   then start the run; MARK is a string of its command line
Waits for a java process running TrinityCli whose command line contains MARK (its --out or --config path, say),
polls /proc/PID/task/*/stat every 0.25 s until it exits and writes the threads' user and system seconds summed by
name (digits replaced by N; Linux keeps 15 characters of a name). A thread that ended keeps its last reading, so
threads shorter than 0.25 s are missed; the total is a little under the process's own."""
import os, sys, time, re, collections
out, mark = sys.argv[1], sys.argv[2].encode()
tick = os.sysconf("SC_CLK_TCK")
def find():
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                cmd = open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            if cmd and cmd[0].endswith(b"java") and b"io.trinity.driver.cli.TrinityCli" in cmd and mark in b" ".join(cmd):
                return p
pid = None
while pid is None:
    pid = find(); time.sleep(0.1)
last = {}
while os.path.exists(f"/proc/{pid}"):
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                s = open(f"/proc/{pid}/task/{t}/stat").read()
            except OSError:
                continue
            name = s[s.index("(") + 1:s.rindex(")")]
            f = s[s.rindex(")") + 2:].split()
            last[t] = (name, int(f[11]) / tick, int(f[12]) / tick)
    except OSError:
        break
    time.sleep(0.25)
g = collections.defaultdict(lambda: [0.0, 0.0])
for name, u, s in last.values():
    k = re.sub(r"\d+", "N", name)
    g[k][0] += u; g[k][1] += s
tot = sum(u + s for u, s in g.values())
with open(out, "w") as fh:
    fh.write(f"threads' CPU {tot:.1f} s (user {sum(u for u,_ in g.values()):.1f}, sys {sum(s for _,s in g.values()):.1f})\n")
    for k, (u, s) in sorted(g.items(), key=lambda kv: -sum(kv[1]))[:25]:
        fh.write(f"  {u+s:6.1f} {100*(u+s)/tot:5.1f}%  user {u:5.1f} sys {s:5.1f}  {k}\n")
