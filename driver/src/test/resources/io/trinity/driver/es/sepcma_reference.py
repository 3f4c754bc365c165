"""Evaluations that CyberAgent's cmaes.SepCMA needs to reach a target, one line per seed.

Usage: sepcma_reference.py FUNCTION N SEEDS [TARGET]
FUNCTION is sphere or ellipsoid; the start is mean 3 in every coordinate and sigma 2 with SepCMA's
default population. A seed's line is the number of evaluations after the first generation whose
best value is <= TARGET (default 1e-8), or -1 if 1,000,000 evaluations were not enough.
"""
import sys

import numpy as np
from cmaes import SepCMA


def sphere(x):
    return float(np.sum(x * x))


def ellipsoid(x):
    n = len(x)
    return float(np.sum(10.0 ** (6.0 * np.arange(n) / (n - 1)) * x * x))


def main():
    f = {"sphere": sphere, "ellipsoid": ellipsoid}[sys.argv[1]]
    n, seeds = int(sys.argv[2]), int(sys.argv[3])
    target = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-8
    for seed in range(seeds):
        opt = SepCMA(mean=3.0 * np.ones(n), sigma=2.0, seed=seed)
        evaluations = 0
        reached = False
        while evaluations < 1_000_000:
            solutions = []
            for _ in range(opt.population_size):
                x = opt.ask()
                solutions.append((x, f(x)))
                evaluations += 1
            best = min(v for _, v in solutions)
            opt.tell(solutions)
            if best <= target:
                reached = True
                break
        print(evaluations if reached else -1, flush=True)


if __name__ == "__main__":
    main()
