#!/usr/bin/env python3
"""How far quanyu's venue matcher is from the optimum: the same instances solved with OR-Tools
CP-SAT, objective for objective.

Each instance is the synthetic menu of the community city with a synthetic request stream
squeezed into a few days of one week (`venues_instance --days D`, which makes venues scarce).
The example binary runs quanyu's matcher and writes the instance (occurrences, candidate
placements, the matcher's choice) as JSON. This script rebuilds the same problem in CP-SAT —
one Boolean per candidate placement, at most one placement per occurrence, at most one
occurrence per slot of a venue — and solves quanyu's lexicographic objective in stages:

1. placed occurrences of the highest priority (maximise), then of the next, and so on;
2. fair share: the sum over (priority, community) of the squared placed count (minimise);
3. total travel (minimise),

each stage fixing the optimum of the previous ones. It then prints, per instance, the matcher's
values against CP-SAT's, the ratio of placed occurrences (the bound we measure), and both
times. Stages that hit the time limit are marked `~` (CP-SAT's best, not proven optimal).

Usage (from the repository root, with a venv holding ortools):

    .venv/bin/python benches/venues_cpsat.py            # the default grid of instances
    .venv/bin/python benches/venues_cpsat.py --quick    # three instances
    .venv/bin/python benches/venues_cpsat.py --heuristic --minutes 30   # greedy on one-slot
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time

from ortools.sat.python import cp_model

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


def run_matcher(seed, requests, days, minutes, heuristic):
    cmd = [binary(), "--seed", str(seed), "--requests", str(requests), "--days", str(days)]
    if minutes:
        cmd += ["--minutes", str(minutes)]
    if heuristic:
        cmd.append("--heuristic")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = 0.0
    for line in out.stderr.splitlines():
        if line.startswith("c match_seconds"):
            seconds = float(line.split()[2])
    return json.loads(out.stdout), seconds


class Values:
    """Objective values of a solution: placed by priority, Σ x², travel."""

    def __init__(self):
        self.placed = collections.Counter()
        self.squares = 0
        self.travel = 0

    def add(self, other):
        self.placed.update(other.placed)
        self.squares += other.squares
        self.travel += other.travel

    def total(self):
        return sum(self.placed.values())

    def key(self):
        """Larger is better, lexicographically."""
        counts = tuple(self.placed.get(p, 0) for p in range(255, -1, -1))
        return counts + (-self.squares, -self.travel)

    def __str__(self):
        by = "/".join(f"{self.placed[p]}" for p in sorted(self.placed, reverse=True))
        return f"{self.total():4d} ({by}) sq {self.squares:5d} tr {self.travel:5d}"


def values_of(group, chosen):
    v = Values()
    groups = collections.Counter()
    for o, c in enumerate(chosen):
        if c is None:
            continue
        occ = group["occurrences"][o]
        v.placed[occ["priority"]] += 1
        groups[(occ["priority"], occ["community"])] += 1
        v.travel += group["placements"][c]["travel"]
    v.squares = sum(n * n for n in groups.values())
    return v


def solve_cpsat(group, limit):
    """quanyu's objective on one group, stage by stage. Returns (chosen, proven, seconds)."""
    occ, pl = group["occurrences"], group["placements"]
    m = cp_model.CpModel()
    x = [m.NewBoolVar(f"x{i}") for i in range(len(pl))]
    by_occ = collections.defaultdict(list)
    cells = collections.defaultdict(list)
    for i, p in enumerate(pl):
        by_occ[p["occurrence"]].append(i)
        for s in range(occ[p["occurrence"]]["slots"]):
            cells[(p["venue"], p["start"] + s)].append(i)
    for xs in by_occ.values():
        m.AddAtMostOne(x[i] for i in xs)
    for xs in cells.values():
        if len(xs) > 1:
            m.AddAtMostOne(x[i] for i in xs)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = 2
    proven = True
    start = time.perf_counter()

    def stage(expr, maximise):
        nonlocal proven
        if maximise:
            m.Maximize(expr)
        else:
            m.Minimize(expr)
        status = solver.Solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError(f"CP-SAT status {solver.StatusName(status)}")
        proven &= status == cp_model.OPTIMAL
        best = round(solver.ObjectiveValue())
        m.ClearHints()
        for i, v in enumerate(x):
            m.AddHint(v, solver.Value(v))
        if maximise:
            m.Add(expr >= best)
        else:
            m.Add(expr <= best)

    for prio in sorted({o["priority"] for o in occ}, reverse=True):
        stage(sum(x[i] for i, p in enumerate(pl) if occ[p["occurrence"]]["priority"] == prio), True)
    members = collections.defaultdict(list)
    for i, p in enumerate(pl):
        o = occ[p["occurrence"]]
        members[(o["priority"], o["community"])].append(i)
    squares = []
    for key, xs in members.items():
        n = len({pl[i]["occurrence"] for i in xs})
        y = m.NewIntVar(0, n, f"y{len(squares)}")
        z = m.NewIntVar(0, n * n, f"z{len(squares)}")
        m.Add(y == sum(x[i] for i in xs))
        m.AddMultiplicationEquality(z, [y, y])
        squares.append(z)
    stage(sum(squares), False)
    stage(sum(x[i] * p["travel"] for i, p in enumerate(pl)), False)
    chosen = [None] * len(occ)
    for i, p in enumerate(pl):
        if solver.Value(x[i]):
            chosen[p["occurrence"]] = i
    return chosen, proven, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="three small instances")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--minutes", type=int, default=None, help="set every duration (30: one slot)")
    ap.add_argument("--heuristic", action="store_true", help="force quanyu's greedy matcher")
    ap.add_argument("--limit", type=float, default=30.0, help="CP-SAT seconds per stage")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--only", default=None, help="one instance, SEED:REQUESTS:DAYS")
    args = ap.parse_args()
    if not args.no_build:
        build()
    if args.only:
        grid = [tuple(int(x) for x in args.only.split(":"))]
    elif args.quick:
        grid = [(1, 100, 1), (2, 150, 2), (3, 200, 2)]
    else:
        grid = [(s, n, d) for s in range(1, args.seeds + 1) for (n, d) in [(100, 1), (200, 1), (300, 2), (400, 3)]]

    print(f"{'seed':>4} {'req':>4} {'days':>4} {'grp':>4} {'occ':>4} {'cands':>6} | "
          f"{'quanyu: placed (by priority) Σx² travel':<42} | {'CP-SAT':<42} | placed  | q s    | cp s")
    worst, ratios, lex_equal, rows = 1.0, [], 0, 0
    total_q, total_c = Values(), Values()
    for seed, n, days in grid:
        report, q_seconds = run_matcher(seed, n, days, args.minutes, args.heuristic)
        inst = report["instance"]
        q, c = Values(), Values()
        proven_all, c_seconds, occs, cands = True, 0.0, 0, 0
        for g in inst["groups"]:
            occs += len(g["occurrences"])
            cands += len(g["placements"])
            q.add(values_of(g, g["chosen"]))
            chosen, proven, secs = solve_cpsat(g, args.limit)
            c.add(values_of(g, chosen))
            proven_all &= proven
            c_seconds += secs
        ratio = q.total() / c.total() if c.total() else 1.0
        worst = min(worst, ratio)
        ratios.append(ratio)
        rows += 1
        lex_equal += q.placed == c.placed
        total_q.add(q)
        total_c.add(c)
        mark = " " if proven_all else "~"
        print(f"{seed:>4} {n:>4} {days:>4} {len(inst['groups']):>4} {occs:>4} {cands:>6} | {str(q):<42} |"
              f"{mark}{str(c):<42} | {ratio:6.4f} | {q_seconds:6.3f} | {c_seconds:6.1f}")
        if q.key() > c.key() and proven_all:
            print("     note: quanyu beats a proven CP-SAT optimum — the two models disagree", file=sys.stderr)
    print()
    print(f"placed, quanyu / CP-SAT: worst {worst:.4f}, mean {sum(ratios) / len(ratios):.4f} over {rows} instances; "
          f"same placed-by-priority counts in {lex_equal} of {rows}")
    print(f"totals: quanyu {total_q}")
    print(f"        CP-SAT {total_c}")
    if total_c.squares:
        print(f"Σx² ratio {total_q.squares / total_c.squares:.4f}, travel ratio "
              f"{total_q.travel / max(total_c.travel, 1):.4f} (meaningful where the counts agree)")


if __name__ == "__main__":
    main()
