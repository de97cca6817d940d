#!/usr/bin/env python3
"""quanyu from Python against its peers, on the same inputs, in one run.

* Tree queries on the unit tree of a synthetic city: quanyu (one call per question, and batch
  calls answering a whole array at once) against rustworkx and networkx answering the same
  questions: ancestors, descendants (of a building), lowest common ancestor, subtree size.
  rustworkx has no LCA: it answers with its ancestor sets and a depth table. networkx runs on
  a smaller city unless --networkx-scale says otherwise (a networkx graph of the megacity's 11
  million units needs more memory than the machine has beside the megacity itself).
* quanyu.flow.network_simplex against networkx.network_simplex on networkx's own NETGEN test
  instance (netgen-2.gpickle.bz2, shipped with networkx); the costs must agree.
* quanyu.flow.linear_sum_assignment against scipy on dense n x n matrices; the assignments must
  agree.
* Arrow export of the households of the city (ten million in the megacity): the unit table
  with level="Household", through pyarrow.table (zero-copy).

Each figure is the best of --repeat runs (per-call figures: the mean over many calls).

Usage (from the repository root; `make bench-python` builds a release module first):

    .venv/bin/python benches/python_peers.py              # the megacity: minutes, ~10 GB
    .venv/bin/python benches/python_peers.py --quick      # the community: seconds
"""

from __future__ import annotations

import argparse
import bz2
import gc
import importlib.resources
import pickle
import random
import time
import timeit
from typing import Any, Callable

import networkx as nx
import numpy as np
import pyarrow as pa
import rustworkx as rx
import scipy.optimize

import quanyu
from quanyu import flow


def best(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def per_call(f: Callable[[Any], Any], args: list[Any]) -> float:
    t = time.perf_counter()
    for a in args:
        f(a)
    return (time.perf_counter() - t) / len(args)


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:9.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:9.2f} ms"
    return f"{seconds:9.2f} s "


def city(scale: str, seed: int = 2024) -> quanyu.Network:
    t = time.perf_counter()
    net = quanyu.synth.generate(scale, seed)
    print(f"{scale}: {net.unit_count:,} units generated in {time.perf_counter() - t:.1f} s")
    return net


def tree_arrays(net: quanyu.Network) -> tuple[list[str], np.ndarray, dict[str, int]]:
    t = pa.table(net.unit_records())
    ids = t.column("id").to_pylist()
    index = {u: i for i, u in enumerate(ids)}
    parents = np.array([-1 if p is None else index[p] for p in t.column("parent").to_pylist()], dtype=np.int64)
    return ids, parents, index


def trees(args: argparse.Namespace) -> None:
    print("\n== tree queries ==")
    net = city(args.scale)
    ids, parents, index = tree_arrays(net)
    n = len(ids)
    g = rx.PyDiGraph(check_cycle=False, multigraph=False)
    g.add_nodes_from(range(n))
    kids = np.nonzero(parents >= 0)[0]
    g.extend_from_edge_list(list(zip(parents[kids].tolist(), kids.tolist())))
    depth = np.zeros(n, dtype=np.int64)
    for i in range(n):  # pre-order: parents come first
        if parents[i] >= 0:
            depth[i] = depth[parents[i]] + 1
    rng = random.Random(7)
    sample = [ids[rng.randrange(n)] for _ in range(args.calls)]
    other = [ids[rng.randrange(n)] for _ in range(args.calls)]
    buildings = net.unit_records(level="Building").column("id")
    bsample = [buildings[rng.randrange(len(buildings))] for _ in range(args.calls)]

    def rx_lca(pair: tuple[str, str]) -> int | None:
        a, b = index[pair[0]], index[pair[1]]
        common = (rx.ancestors(g, a) | {a}) & (rx.ancestors(g, b) | {b})
        return max(common, key=lambda i: depth[i]) if common else None

    rows = []
    q = {
        "ancestors": per_call(net.ancestors, sample),
        "descendants (building)": per_call(net.descendants, bsample),
        "lowest common ancestor": per_call(lambda p: net.lowest_common_ancestor(*p), list(zip(sample, other))),
        "subtree size": per_call(net.subtree_size, sample),
    }
    r = {
        "ancestors": per_call(lambda u: rx.ancestors(g, index[u]), sample),
        "descendants (building)": per_call(lambda u: rx.descendants(g, index[u]), bsample),
        "lowest common ancestor": per_call(rx_lca, list(zip(sample, other))),
        "subtree size": per_call(lambda u: len(rx.descendants(g, index[u])) + 1, sample),
    }
    big = [ids[rng.randrange(n)] for _ in range(args.batch)]
    big2 = [ids[rng.randrange(n)] for _ in range(args.batch)]
    arrow_a, arrow_b = pa.array(big), pa.array(big2)
    bigb = pa.array([buildings[rng.randrange(len(buildings))] for _ in range(args.batch)])
    b = {
        "ancestors": best(lambda: net.ancestors_batch(arrow_a), args.repeat)[0] / args.batch,
        "lowest common ancestor": best(lambda: net.lowest_common_ancestor_batch(arrow_a, arrow_b), args.repeat)[0] / args.batch,
        "subtree size": best(lambda: net.subtree_size_batch(arrow_a), args.repeat)[0] / args.batch,
        "is ancestor": best(lambda: net.is_ancestor_batch(arrow_a, arrow_b), args.repeat)[0] / args.batch,
        "descendants (building)": best(lambda: net.descendants_batch(bigb), args.repeat)[0] / args.batch,
    }
    r["is ancestor"] = per_call(lambda p: index[p[0]] in rx.ancestors(g, index[p[1]]), list(zip(sample, other)))
    q["is ancestor"] = per_call(lambda p: net.is_ancestor(*p), list(zip(sample, other)))
    del g
    gc.collect()

    nxs: dict[str, float] = {}
    nx_net = net if args.networkx_scale == args.scale else city(args.networkx_scale)
    nids, nparents, _ = tree_arrays(nx_net)
    G = nx.DiGraph()
    G.add_nodes_from(nids)
    G.add_edges_from((nids[p], nids[i]) for i, p in enumerate(nparents) if p >= 0)
    nsample = [nids[rng.randrange(len(nids))] for _ in range(min(args.calls, 2000))]
    nother = [nids[rng.randrange(len(nids))] for _ in range(len(nsample))]
    nb = nx_net.unit_records(level="Building").column("id")
    nbs = [nb[rng.randrange(len(nb))] for _ in range(len(nsample))]
    nxs["ancestors"] = per_call(lambda u: nx.ancestors(G, u), nsample)
    nxs["descendants (building)"] = per_call(lambda u: nx.descendants(G, u), nbs)
    nxs["lowest common ancestor"] = per_call(lambda p: nx.lowest_common_ancestor(G, *p), list(zip(nsample, nother))[:200])
    nxs["subtree size"] = per_call(lambda u: len(nx.descendants(G, u)) + 1, nsample)
    nxs["is ancestor"] = per_call(lambda p: p[0] in nx.ancestors(G, p[1]), list(zip(nsample, nother)))
    del G

    print(f"per question; rustworkx on the same {n:,}-unit tree, networkx on the {args.networkx_scale} ({len(nids):,} units)")
    print(f"{'question':26} {'quanyu call':>12} {'quanyu batch':>13} {'rustworkx':>12} {'networkx':>12} {'call/rx':>8} {'rx/batch':>9}")
    for k in ["ancestors", "descendants (building)", "lowest common ancestor", "subtree size", "is ancestor"]:
        print(f"{k:26} {fmt(q[k]):>12} {fmt(b[k]):>13} {fmt(r[k]):>12} {fmt(nxs[k]):>12} {q[k] / r[k]:8.2f} {r[k] / b[k]:9.1f}")
        rows.append((k, q[k], b[k], r[k], nxs[k]))


    t, table = best(lambda: net.unit_records(level="Household"), args.repeat)
    t2, at = best(lambda: pa.table(net.unit_records(level="Household")), args.repeat)
    print(f"\n== Arrow export ==\n{len(table):,} households: unit_records(level='Household') {fmt(t)}, through pyarrow.table {fmt(t2)}")
    t3, _ = best(lambda: pa.table(net.unit_records()), 1)
    print(f"every unit ({net.unit_count:,}): {fmt(t3)}")


def flows(args: argparse.Namespace) -> None:
    print("\n== network simplex on networkx's NETGEN instance ==")
    fname = importlib.resources.files("networkx.algorithms.flow.tests") / "netgen-2.gpickle.bz2"
    with bz2.BZ2File(str(fname), "rb") as f:
        G = pickle.load(f)
    cq, _ = flow.network_simplex(G)
    tq = min(timeit.repeat(lambda: flow.network_simplex(G), number=20, repeat=args.repeat)) / 20
    tn, (cn, _) = best(lambda: nx.network_simplex(G), 1)
    assert cq == cn == 6749969302, (cq, cn)
    print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} arcs, cost {cq}")
    print(f"quanyu.flow.network_simplex {fmt(tq)} (graph read included)   networkx {fmt(tn)}   {tn / tq:.0f}x")

    print(f"\n== linear sum assignment, {args.lsa} x {args.lsa} dense ==")
    rng = np.random.default_rng(2024)
    for name, m in [("uniform floats", rng.random((args.lsa, args.lsa))), ("integers 0..999", rng.integers(0, 1000, (args.lsa, args.lsa)).astype(float))]:
        tq, a = best(lambda: flow.linear_sum_assignment(m), args.repeat)
        ts, s = best(lambda: scipy.optimize.linear_sum_assignment(m), args.repeat)
        assert (a[0] == s[0]).all() and (a[1] == s[1]).all()
        print(f"{name:16} quanyu {fmt(tq)}   scipy {fmt(ts)}   quanyu/scipy {tq / ts:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="megacity", choices=["community", "district", "megacity"])
    ap.add_argument("--networkx-scale", default="district", choices=["community", "district", "megacity"])
    ap.add_argument("--calls", type=int, default=20000, help="single calls timed per question")
    ap.add_argument("--batch", type=int, default=1_000_000, help="ids per batch call")
    ap.add_argument("--lsa", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="the community, small batches")
    ap.add_argument("--only", choices=["trees", "flows"])
    args = ap.parse_args()
    if args.quick:
        args.scale = args.networkx_scale = "community"
        args.calls, args.batch, args.lsa, args.repeat = 2000, 100_000, 300, 1
    if args.only != "flows":
        trees(args)
    if args.only != "trees":
        flows(args)


if __name__ == "__main__":
    main()
