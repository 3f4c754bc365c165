"""Milliseconds per generation of CyberAgent's cmaes.SepCMA: ask LAMBDA candidates, evaluate the
sphere, tell. Usage: sepcma_generation.py N LAMBDA GENERATIONS. Prints "n ms_per_generation".
The first 3 generations are a warm-up and not timed.
"""
import sys
import time

import numpy as np
from cmaes import SepCMA


def main():
    n, lam, generations = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    opt = SepCMA(mean=3.0 * np.ones(n), sigma=2.0, population_size=lam, seed=1)

    def generation():
        solutions = []
        for _ in range(opt.population_size):
            x = opt.ask()
            solutions.append((x, float(np.sum(x * x))))
        opt.tell(solutions)

    for _ in range(3):
        generation()
    start = time.perf_counter()
    for _ in range(generations):
        generation()
    elapsed = time.perf_counter() - start
    print(f"{n} {1000.0 * elapsed / generations:.3f}")


if __name__ == "__main__":
    main()
