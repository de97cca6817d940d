#!/usr/bin/env python3
"""Compare quanyu's flow solvers with their peers on the same instances, in one run.

Min-cost flow: quanyu's `solve_dimacs --time` (release build) against OR-Tools'
SimpleMinCostFlow and networkx.network_simplex (networkx only up to --networkx-max-arcs), on
NETGEN-style instances and capacitated transportation instances. Every solver must report the
same optimal cost, or the script fails.

Linear sum assignment: quanyu's `solve_lsa --time` against scipy.optimize.linear_sum_assignment
on the same dense uniform random matrices; the assignments must be identical.

Times are the solve alone: for quanyu the time the binary measures around the solve (parsing
and printing excluded), for the Python peers a perf_counter around the solve call (model
building excluded). Each figure is the best of --repeat runs (--big-repeat from 200k arcs).

Usage (from the repository root, with a venv holding ortools, networkx, scipy, numpy):

    .venv/bin/python benches/flow_peers.py            # full run: minutes
    .venv/bin/python benches/flow_peers.py --quick    # small instances only
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --------------------------------------------------------------------------------------------
# Instances
# --------------------------------------------------------------------------------------------

class Instance:
    """A min-cost-flow instance as flat arrays; nodes 0-based."""

    def __init__(self, name, supply, tail, head, cap, cost):
        self.name = name
        self.supply = np.asarray(supply, dtype=np.int64)
        self.tail = np.asarray(tail, dtype=np.int64)
        self.head = np.asarray(head, dtype=np.int64)
        self.cap = np.asarray(cap, dtype=np.int64)
        self.cost = np.asarray(cost, dtype=np.int64)
        assert self.supply.sum() == 0

    @property
    def nodes(self):
        return len(self.supply)

    @property
    def arcs(self):
        return len(self.tail)

    def write_dimacs(self, path):
        with open(path, "w") as f:
            f.write(f"c {self.name}\np min {self.nodes} {self.arcs}\n")
            nz = np.nonzero(self.supply)[0]
            f.write("".join(f"n {v + 1} {self.supply[v]}\n" for v in nz))
            lines = np.column_stack(
                [self.tail + 1, self.head + 1, np.zeros(self.arcs, np.int64), self.cap, self.cost]
            )
            np.savetxt(f, lines, fmt="a %d %d %d %d %d")


def split(rng, total, parts):
    """`parts` positive integers summing to `total`, proportional to random weights."""
    w = rng.integers(1, 101, parts)
    amounts = 1 + ((total - parts) * w) // w.sum()
    amounts[0] += total - amounts.sum()
    return amounts


def netgen(nodes, arcs, seed):
    """NETGEN-style: sqrt(n) sources and sinks, supply 1000*sqrt(n), costs 1..10000,
    capacities 100..1000; a feasible uncapacitated skeleton (source chains through the transit
    nodes, chain ends in a ring, sinks off chain ends) with 30 % of its arcs at the top cost,
    then uniformly random arcs; arcs sorted by tail."""
    rng = np.random.default_rng(seed)
    s = t = max(1, round(math.sqrt(nodes)))
    total = 1000 * s
    supply = np.zeros(nodes, np.int64)
    supply[:s] = split(rng, total, s)
    supply[nodes - t:] = -split(rng, total, t)

    order = rng.permutation(np.arange(s, nodes - t))
    k = np.arange(len(order))
    chain_tail = np.where(k >= s, order[np.maximum(k - s, 0)], k % s)
    chain_end = np.arange(s)
    for i in range(s):  # last transit node dealt to each chain
        dealt = order[i::s]
        if len(dealt):
            chain_end[i] = dealt[-1]
    sk_tail = [chain_tail]
    sk_head = [order]
    if s > 1:
        sk_tail.append(chain_end)
        sk_head.append((np.arange(s) + 1) % s)
    sk_tail.append(chain_end[np.arange(t) % s])
    sk_head.append(np.arange(nodes - t, nodes))
    sk_tail = np.concatenate(sk_tail)
    sk_head = np.concatenate(sk_head)
    nsk = len(sk_tail)
    assert arcs >= nsk
    sk_cost = np.where(rng.integers(0, 100, nsk) < 30, 10000, rng.integers(1, 10001, nsk))
    sk_cap = np.full(nsk, total)

    extra = arcs - nsk
    r_tail = rng.integers(0, nodes, extra)
    r_head = rng.integers(0, nodes, extra)
    loops = r_tail == r_head
    while loops.any():
        r_head[loops] = rng.integers(0, nodes, loops.sum())
        loops = r_tail == r_head
    r_cap = rng.integers(100, 1001, extra)
    r_cost = rng.integers(1, 10001, extra)

    tail = np.concatenate([sk_tail, r_tail])
    head = np.concatenate([sk_head, r_head])
    cap = np.concatenate([sk_cap, r_cap])
    cost = np.concatenate([sk_cost, r_cost])
    o = np.argsort(tail, kind="stable")
    return Instance(f"netgen n={nodes} m={arcs}", supply, tail[o], head[o], cap[o], cost[o])


def transport(buildings, seed, max_demand=5, penalty=1_000_000):
    """Members serve buildings: each building wants 1..max_demand units and is linked to its 8
    nearest members (cost = rounded distance, capacity = its demand); each member can give
    10..12 units in total (an arc from the source); an overflow node feeds every building at a
    high penalty, so the instance is always feasible. Members are as many as the demand needs
    at 11 units each, so the overflow is used where members are crowded out."""
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed)
    demand = rng.integers(1, max_demand + 1, buildings)
    total = int(demand.sum())
    members = max(8, round(total / 11))
    member_cap = rng.integers(10, 13, members)
    bpos = rng.uniform(0, 10_000, (buildings, 2))
    mpos = rng.uniform(0, 10_000, (members, 2))
    dist, near = cKDTree(mpos).query(bpos, k=8)
    # Nodes: 0 source, 1 overflow, 2.. members, then buildings.
    src, over, m0 = 0, 1, 2
    b0 = m0 + members
    nodes = b0 + buildings
    supply = np.zeros(nodes, np.int64)
    supply[src] = total
    supply[b0:] = -demand
    b_ids = np.arange(buildings)
    tail = np.concatenate([
        np.full(members, src), [src], m0 + near.ravel(), np.full(buildings, over)])
    head = np.concatenate([
        m0 + np.arange(members), [over], b0 + np.repeat(b_ids, 8), b0 + b_ids])
    cap = np.concatenate([member_cap, [total], np.repeat(demand, 8), demand])
    cost = np.concatenate([
        np.zeros(members, np.int64), [0], np.rint(dist.ravel()).astype(np.int64),
        np.full(buildings, penalty)])
    return Instance(f"transport b={buildings}", supply, tail, head, cap, cost)


# --------------------------------------------------------------------------------------------
# Solvers
# --------------------------------------------------------------------------------------------

def build_examples():
    cmd = ["cargo", "build", "--release", "-p", "quanyu-examples", "--example", "solve_dimacs",
           "--example", "solve_lsa", "--message-format=json"]
    out = subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.PIPE, text=True).stdout
    exes = {}
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
            exes[msg["target"]["name"]] = msg["executable"]
    return exes


def run_ours(exe, path, repeat):
    best, cost = math.inf, None
    for _ in range(repeat):
        p = subprocess.run([exe, "--time", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if p.returncode != 0:
            raise RuntimeError(f"solve_dimacs failed on {path}: {p.stderr.strip()}")
        first = p.stdout.split("\n", 1)[0]
        assert first.startswith("s "), first
        cost = int(first[2:])
        secs = [float(l.split()[2]) for l in p.stderr.splitlines()
                if l.startswith("c solve_seconds")]
        best = min(best, secs[0])
    return cost, best


def run_ortools(inst, repeat):
    from ortools.graph.python import min_cost_flow

    best, cost = math.inf, None
    for _ in range(repeat):
        mcf = min_cost_flow.SimpleMinCostFlow()
        mcf.add_arcs_with_capacity_and_unit_cost(inst.tail, inst.head, inst.cap, inst.cost)
        mcf.set_nodes_supplies(np.arange(inst.nodes), inst.supply)
        start = time.perf_counter()
        status = mcf.solve()
        secs = time.perf_counter() - start
        if status != mcf.OPTIMAL:
            raise RuntimeError(f"OR-Tools status {status} on {inst.name}")
        cost = mcf.optimal_cost()
        best = min(best, secs)
    return cost, best


def run_networkx(inst, repeat):
    import networkx as nx

    g = nx.MultiDiGraph()
    for v in range(inst.nodes):
        g.add_node(v, demand=-int(inst.supply[v]))
    g.add_edges_from(
        (int(t), int(h), {"capacity": int(c), "weight": int(w)})
        for t, h, c, w in zip(inst.tail, inst.head, inst.cap, inst.cost))
    best, cost = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        cost, _flow = nx.network_simplex(g)
        best = min(best, time.perf_counter() - start)
    return cost, best


def run_lsa_ours(exe, path, repeat):
    best, cols = math.inf, None
    for _ in range(repeat):
        p = subprocess.run([exe, "--time", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if p.returncode != 0:
            raise RuntimeError(f"solve_lsa failed: {p.stderr.strip()}")
        lines = p.stdout.split()
        cols = np.array([int(x) for x in lines], dtype=np.int64)
        secs = [float(l.split()[2]) for l in p.stderr.splitlines()
                if l.startswith("c solve_seconds")]
        best = min(best, secs[0])
    return cols, best


def run_lsa_scipy(matrix, repeat):
    from scipy.optimize import linear_sum_assignment

    best, cols = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        _rows, cols = linear_sum_assignment(matrix)
        best = min(best, time.perf_counter() - start)
    return cols, best


# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="only the small instances")
    ap.add_argument("--repeat", type=int, default=3, help="runs per solver below 200k arcs")
    ap.add_argument("--big-repeat", type=int, default=2, help="runs per solver from 200k arcs")
    ap.add_argument("--networkx-max-arcs", type=int, default=110_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=["mcf", "lsa"], help="run one half only")
    ap.add_argument("--tie-cases", type=int, default=200,
                    help="small tie-heavy matrices checked against scipy's exact pairs")
    args = ap.parse_args()

    exes = build_examples()
    instances = [
        lambda: netgen(1_250, 10_000, args.seed),
        lambda: netgen(4_000, 32_000, args.seed),
        lambda: netgen(12_500, 100_000, args.seed),
        lambda: transport(10_000, args.seed),
    ]
    if not args.quick:
        instances += [
            lambda: netgen(40_000, 320_000, args.seed),
            lambda: netgen(125_000, 1_000_000, args.seed),
            lambda: transport(100_000, args.seed),
        ]
    lsa_sizes = [1000] if args.quick else [1000, 2000]

    failed = False
    with tempfile.TemporaryDirectory(prefix="flow_peers_") as tmp:
        if args.only != "lsa":
            print(f"{'instance':<28}{'nodes':>9}{'arcs':>10}{'optimal cost':>17}"
                  f"{'quanyu s':>11}{'OR-Tools s':>12}{'networkx s':>12}{'OR/quanyu':>11}"
                  f"{'nx/quanyu':>11}")
            for make in instances:
                inst = make()
                path = os.path.join(tmp, "instance.min")
                inst.write_dimacs(path)
                repeat = args.repeat if inst.arcs < 200_000 else args.big_repeat
                ours_cost, ours_s = run_ours(exes["solve_dimacs"], path, repeat)
                or_cost, or_s = run_ortools(inst, repeat)
                nx_cost, nx_s = (None, None)
                if inst.arcs <= args.networkx_max_arcs:
                    nx_cost, nx_s = run_networkx(inst, 1)
                costs = {ours_cost, or_cost} | ({nx_cost} if nx_cost is not None else set())
                agree = len(costs) == 1
                failed |= not agree
                nx_txt = f"{nx_s:>12.3f}" if nx_s is not None else f"{'-':>12}"
                nx_ratio = f"{nx_s / ours_s:>10.1f}x" if nx_s is not None else f"{'-':>11}"
                print(f"{inst.name:<28}{inst.nodes:>9}{inst.arcs:>10}{ours_cost:>17}"
                      f"{ours_s:>11.3f}{or_s:>12.3f}{nx_txt}{or_s / ours_s:>10.2f}x{nx_ratio}"
                      + ("" if agree else f"   COST MISMATCH {costs}"), flush=True)
        if args.only != "mcf":
            print()
            print(f"{'assignment':<28}{'quanyu s':>11}{'scipy s':>12}{'scipy/quanyu':>14}"
                  f"{'same result':>13}")
            for n in lsa_sizes:
                rng = np.random.default_rng(args.seed + n)
                matrix = rng.random((n, n))
                path = os.path.join(tmp, "matrix.bin")
                with open(path, "wb") as f:
                    f.write(np.array([n, n], dtype="<u8").tobytes())
                    f.write(matrix.astype("<f8").tobytes())
                ours_cols, ours_s = run_lsa_ours(exes["solve_lsa"], path, args.repeat)
                sp_cols, sp_s = run_lsa_scipy(matrix, args.repeat)
                same = np.array_equal(ours_cols, sp_cols)
                failed |= not same
                print(f"{'uniform dense n=' + str(n):<28}{ours_s:>11.3f}{sp_s:>12.3f}"
                      f"{sp_s / ours_s:>13.2f}x{str(same):>13}", flush=True)
            # Ties: small integer matrices of every shape, both senses, some forbidden (inf)
            # entries. The assignment must be scipy's own, not just another optimum.
            from scipy.optimize import linear_sum_assignment
            rng = np.random.default_rng(args.seed)
            agree = total = 0
            for k in range(args.tie_cases):
                r, c = rng.integers(1, 9, 2)
                m = rng.integers(0, 3, (r, c)).astype(float)
                maximize = bool(k % 2)
                m[rng.random((r, c)) < 0.05] = -np.inf if maximize else np.inf
                path = os.path.join(tmp, "ties.bin")
                with open(path, "wb") as f:
                    f.write(np.array([r, c], dtype="<u8").tobytes())
                    f.write(m.astype("<f8").tobytes())
                cmd = [exes["solve_lsa"], path] + (["--maximize"] if maximize else [])
                p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                try:
                    want = linear_sum_assignment(m, maximize=maximize)[1].tolist()
                except ValueError:
                    want = None  # infeasible
                got = [int(x) for x in p.stdout.split()] if p.returncode == 0 else None
                total += 1
                agree += got == want
            failed |= agree != total
            print(f"{'ties, small integer matrices':<28}{'':>11}{'':>12}{'':>14}"
                  f"{f'{agree}/{total}':>13}", flush=True)
    if failed:
        print("MISMATCH: solvers disagree", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
