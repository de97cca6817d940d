#!/usr/bin/env python3
"""Dense linear assignment on integer costs: quanyu against lap.lapjv and scipy, in one process.

Each instance is a square int64 matrix of uniform random costs; every solver is called on the
same array, as a user would call it (any conversion to float64 a peer makes is part of its
time). Times are perf_counter around the call, the best of --repeat runs, the solvers taking
turns so that a change in the machine's load hits them alike. The totals of the assignments
must agree, or the script fails.

Rows: ``quanyu fast`` is ``quanyu.flow.linear_assignment`` (Jonker–Volgenant, any optimal
assignment, exact integers); ``quanyu drop-in`` is ``quanyu.flow.linear_sum_assignment``
(scipy's contract, scipy's choice among ties). Ratios are peer time / quanyu time: above 1.0
quanyu is faster.

Usage (from the repository root, with the module built by
``cd bindings-python && maturin develop --profile release-python`` into the venv):

    .venv/bin/python benches/assignment_peers.py                 # n = 500, 1000, 2000, 4000
    .venv/bin/python benches/assignment_peers.py --sizes 500 2000 --high 100000
    .venv/bin/python benches/assignment_peers.py --no-scipy --no-drop-in --repeat 5  # quick

The machine's load matters: run it on a quiet machine, and compare ratios, not times.
"""

import argparse
import sys
import time

import numpy as np


def best_time(solve, matrix, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = solve(matrix)
        best = min(best, time.perf_counter() - start)
    return out, best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    ap.add_argument("--high", type=int, default=1000, help="costs are uniform in [0, high)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per solver, in turns")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-scipy", action="store_true", help="skip scipy (slow at n = 4000)")
    ap.add_argument("--no-drop-in", action="store_true", help="skip quanyu's scipy drop-in")
    args = ap.parse_args()

    from scipy.optimize import linear_sum_assignment as scipy_lsa

    from quanyu import flow

    try:
        import lap
    except ImportError:
        lap = None
        print("lap is not installed: no lap.lapjv column", file=sys.stderr)

    solvers = {"quanyu fast": lambda m: flow.linear_assignment(m)}
    if not args.no_drop_in:
        solvers["quanyu drop-in"] = lambda m: flow.linear_sum_assignment(m)
    if lap is not None:
        solvers["lap.lapjv"] = lambda m: (np.arange(len(m)), lap.lapjv(m)[1])
    if not args.no_scipy:
        solvers["scipy"] = lambda m: scipy_lsa(m)

    names = list(solvers)
    print(f"costs uniform in [0, {args.high}), int64; seconds, best of {args.repeat} runs taken "
          f"in turns")
    print(f"{'n':>6}" + "".join(f"{k:>16}" for k in names)
          + f"{'lap/fast':>10}{'scipy/fast':>12}{'lap/drop':>10}{'scipy/drop':>12}")
    failed = False
    for n in args.sizes:
        rng = np.random.default_rng(args.seed + n)
        matrix = rng.integers(0, args.high, (n, n), dtype=np.int64)
        # The solvers take turns, so that a change in the machine's load hits them alike.
        times = {name: float("inf") for name in solvers}
        totals = {}
        for _ in range(args.repeat):
            for name, solve in solvers.items():
                (rows, cols), secs = best_time(solve, matrix, 1)
                times[name] = min(times[name], secs)
                totals[name] = int(matrix[rows, cols].sum())
                assert sorted(cols.tolist()) == list(range(n)), name
        agree = len(set(totals.values())) == 1
        failed |= not agree

        def ratio(peer, ours, width):
            if peer in times and ours in times:
                return f"{times[peer] / times[ours]:>{width - 1}.2f}x"
            return f"{'-':>{width}}"

        print(f"{n:>6}" + "".join(f"{times[k]:>16.4f}" for k in names)
              + ratio("lap.lapjv", "quanyu fast", 10) + ratio("scipy", "quanyu fast", 12)
              + ratio("lap.lapjv", "quanyu drop-in", 10) + ratio("scipy", "quanyu drop-in", 12)
              + ("" if agree else f"   TOTALS DIFFER {totals}"), flush=True)
    if failed:
        print("MISMATCH: solvers disagree on the optimal total", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
