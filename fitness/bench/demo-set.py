#!/usr/bin/python3
"""Writes the bundled demo task set from the benchmark copies, by the rule in the demo folder's ATTRIBUTION.md.

    fitness/bench/demo-set.py [--per-set 240] [--per-code-set 48] [--datasets DIR] [--out DIR | --check]

Writes gsm8k, math500, mmlu, humaneval and mbpp .jsonl into --out (default: the bundled folder) and prints the
source lines taken per file and every code row replaced for being slow. Run with the defaults it rewrites the
bundled files; --check writes nothing and exits 1 unless the bundled files are byte-identical to what the rule
gives. Standard library only; the CPU-time rule runs each
code row's reference solution with its tests in plain python3 (the sandbox's interpreter, without the sandbox).
"""
import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "fitness/src/main/resources/io/trinity/fitness/demo"
# Rows slower than this keep the demo's sandbox runs (and the wrong-code check before each job) short.
SLOW_CPU_SECONDS = 0.5
# The numeric grader reads integers, decimals (also ".5") and \frac{a}{b} or \dfrac{a}{b}; any other gold answer
# it could not compare. These are ATTRIBUTION.md's 368 candidates.
NUMERIC_ANSWER = re.compile(r"-?(\d+(\.\d+)?|\.\d+|\\d?frac\{\d+\}\{\d+\})")


def spread(n_candidates, count):
    """0-based indices floor(i * N / count): evenly over the file, so over MMLU's subject-sorted blocks too."""
    if count > n_candidates:
        sys.exit(f"asked for {count} rows of {n_candidates} candidates")
    return [i * n_candidates // count for i in range(count)]


def read_lines(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        lines = f.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def cpu_seconds(program):
    """CPU time (user + system) of a child python3 running the program; a failing program is an error."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(program)
        name = f.name
    try:
        proc = subprocess.Popen(["python3", name], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        error = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    finally:
        os.unlink(name)
    if proc.returncode != 0:
        raise RuntimeError(f"reference solution fails its tests (exit {proc.returncode}): {error[-500:]}")
    return usage.ru_utime + usage.ru_stime


def humaneval_program(row):
    return row["prompt"] + row["canonical_solution"] + "\n" + row["test"] + "\n" + f"check({row['entry_point']})"


def mbpp_program(row):
    return "\n".join(row["test_imports"]) + "\n" + row["code"] + "\n" + "\n".join(row["test_list"])


def take_fast(name, lines, count, program):
    """The spread rule, with each slow row replaced by the next row that is neither slow nor already taken."""
    taken, replaced = [], []
    for index in spread(len(lines), count):
        candidate = index
        while True:
            if candidate >= len(lines):
                sys.exit(f"{name}: no row after line {index + 1} is fast enough")
            if candidate not in taken:
                seconds = cpu_seconds(program(json.loads(lines[candidate])))
                if seconds < SLOW_CPU_SECONDS:
                    break
                replaced.append((candidate + 1, seconds))
            candidate += 1
        taken.append(candidate)
    for line, seconds in replaced:
        print(f"{name}: replaced source line {line} ({seconds:.2f} s CPU) by the next row", file=sys.stderr)
    return taken


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-set", type=int, default=240, help="rows of GSM8K, MATH-500 and MMLU each")
    parser.add_argument("--per-code-set", type=int, default=48, help="rows of HumanEval and MBPP each")
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared/datasets")
    parser.add_argument("--out", type=Path, default=BUNDLED)
    parser.add_argument("--check", action="store_true", help="compare with the bundled files instead of writing")
    args = parser.parse_args()
    d = args.datasets

    gsm8k = read_lines(d / "gsm8k/test.jsonl")
    math = read_lines(d / "math500/test.jsonl")
    mmlu = read_lines(d / "mmlu/test_sample.jsonl")
    humaneval = read_lines(d / "humaneval/HumanEval.jsonl.gz")
    mbpp = read_lines(d / "mbpp_sanitized/test.jsonl")

    math_candidates = [i for i, line in enumerate(math) if NUMERIC_ANSWER.fullmatch(json.loads(line)["answer"])]
    if len(math_candidates) != 368:
        sys.exit(f"{d / 'math500/test.jsonl'}: {len(math_candidates)} numeric answers, expected 368")

    chosen = {
        "gsm8k.jsonl": (gsm8k, spread(len(gsm8k), args.per_set)),
        "math500.jsonl": (math, [math_candidates[i] for i in spread(len(math_candidates), args.per_set)]),
        "mmlu.jsonl": (mmlu, spread(len(mmlu), args.per_set)),
        "humaneval.jsonl": (humaneval, take_fast("humaneval", humaneval, args.per_code_set, humaneval_program)),
        "mbpp.jsonl": (mbpp, take_fast("mbpp", mbpp, args.per_code_set, mbpp_program)),
    }
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    differ = []
    for name, (lines, indices) in chosen.items():
        text = b"".join(lines[i] + b"\n" for i in indices)
        if args.check:
            if not (BUNDLED / name).is_file() or (BUNDLED / name).read_bytes() != text:
                differ.append(name)
        else:
            (args.out / name).write_bytes(text)
        print(f"{name}: {len(indices)} rows, source lines {', '.join(str(i + 1) for i in indices)}")
    if differ:
        sys.exit(f"{BUNDLED}: {', '.join(differ)} differ from what the rule gives")
    if args.check:
        print(f"{BUNDLED}: all five files are what the rule gives", file=sys.stderr)


if __name__ == "__main__":
    main()
