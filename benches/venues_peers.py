#!/usr/bin/env python3
"""One-slot venue matching: quanyu's exact matcher against OR-Tools min-cost flow on the same
flow problems.

When every occurrence takes one slot, quanyu matches exactly by solving one min-cost flow
(source → (priority, community) → occurrence → (venue, slot) → sink, with lexicographic
weights; see core/src/venues/exact.rs). `venues_instance --minutes 30 --dimacs FILE` writes
that flow problem (every independent group, disjoint, in one DIMACS file), solves it with
quanyu's network simplex and prints the optimal cost and the solve time. This script solves the
same file with OR-Tools' `SimpleMinCostFlow`, checks that the optimal costs are equal (the
script fails otherwise) and prints the time ratio.

Times are the solve alone: quanyu's as measured by the example around `DimacsProblem::solve`
(parsing excluded), OR-Tools' a perf_counter around `solve()` (model building excluded); the
best of --repeat runs each.

Usage (from the repository root, with a venv holding ortools):

    .venv/bin/python benches/venues_peers.py            # community and district instances
    .venv/bin/python benches/venues_peers.py --quick    # community only
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

from ortools.graph.python import min_cost_flow

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    return os.path.join(target, "release", "examples", "venues_instance")


def build():
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "quanyu-examples", "--example", "venues_instance"],
        cwd=REPO,
        check=True,
    )


def read_dimacs(path):
    supply = {}
    tails, heads, caps, costs = [], [], [], []
    n = 0
    with open(path) as f:
        for line in f:
            if line.startswith("p"):
                n = int(line.split()[2])
            elif line.startswith("n"):
                _, v, s = line.split()
                supply[int(v) - 1] = int(s)
            elif line.startswith("a"):
                _, t, h, low, cap, cost = line.split()
                assert low == "0"
                tails.append(int(t) - 1)
                heads.append(int(h) - 1)
                caps.append(int(cap))
                costs.append(int(cost))
    return n, supply, tails, heads, caps, costs


def ortools_solve(problem, repeat):
    n, supply, tails, heads, caps, costs = problem
    best, cost = float("inf"), None
    for _ in range(repeat):
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        for v in range(n):
            smcf.set_node_supply(v, supply.get(v, 0))
        start = time.perf_counter()
        status = smcf.solve()
        best = min(best, time.perf_counter() - start)
        if status != smcf.OPTIMAL:
            raise RuntimeError(f"OR-Tools status {status}")
        cost = smcf.optimal_cost()
    return cost, best


def quanyu_solve(scale, seed, requests, days, path, repeat):
    best, cost, nodes, arcs = float("inf"), None, 0, 0
    for _ in range(repeat):
        cmd = [binary(), "--scale", scale, "--seed", str(seed), "--requests", str(requests),
               "--days", str(days), "--minutes", "30", "--dimacs", path]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        for line in out.stderr.splitlines():
            if line.startswith("c quanyu_cost"):
                f = line.split()
                cost, nodes, arcs = int(f[2]), int(f[4]), int(f[6])
                best = min(best, float(f[8]))
    return cost, best, nodes, arcs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        build()
    grid = [("community", 1, 200, 1), ("community", 2, 400, 2), ("community", 3, 800, 3)]
    if not args.quick:
        grid += [("district", 1, 5000, 2), ("district", 2, 10000, 3), ("district", 3, 20000, 5)]
    print(f"{'scale':<10} {'seed':>4} {'requests':>8} {'days':>4} {'nodes':>8} {'arcs':>9} | "
          f"{'optimal cost':>18} | {'quanyu s':>9} {'OR-Tools s':>10} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale, seed, n, days in grid:
            path = os.path.join(tmp, f"{scale}-{seed}.min")
            q_cost, q_time, nodes, arcs = quanyu_solve(scale, seed, n, days, path, args.repeat)
            o_cost, o_time = ortools_solve(read_dimacs(path), args.repeat)
            if q_cost != o_cost:
                print(f"MISMATCH on {scale} seed {seed}: quanyu {q_cost}, OR-Tools {o_cost}", file=sys.stderr)
                sys.exit(1)
            print(f"{scale:<10} {seed:>4} {n:>8} {days:>4} {nodes:>8} {arcs:>9} | {q_cost:>18} | "
                  f"{q_time:>9.4f} {o_time:>10.4f} {q_time / o_time:>6.2f}")
    print("\nsame optimal cost on every instance; ratio = quanyu time / OR-Tools time")


if __name__ == "__main__":
    main()
