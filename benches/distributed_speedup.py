"""Township-by-township work on Dask: one process against a local cluster of worker processes.

Generates a synthetic city, partitions it by subdistrict (quanyu.distributed.partition), runs a
per-township function in this process and on a dask.distributed LocalCluster, checks that both
give the same Arrow table, and prints the total times, the per-partition times, the gather time,
the bytes shipped per partition and the speed-up. Then generates a slice of the national
synthetic population township by township (real township codes) the same two ways and projects
the time for the whole country from the measured per-township time.

    PYTHONPATH=bindings-python/python .venv/bin/python benches/distributed_speedup.py
    ... --scale megacity --workers 2 --function plan_contracts --national 40
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import quanyu
from quanyu import distributed

ROOT = Path(__file__).resolve().parents[1]
STREETS = ROOT / "core/tests/data/divisions/streets.csv"

# The country the projection is for (round figures): townships (乡镇级行政区), Party members and
# grassroots Party organisations.
NATION = {"townships": 41_000, "members": 99_000_000, "organisations": 5_000_000}

FUNCTIONS = {
    "plan_contracts": (distributed.plan_contracts, {}),
    "audit": (distributed.audit, {}),
    "structural_audit": (distributed.structural_audit, {}),
    "match_venues": (distributed.match_venues, {"requests": 200}),
    "replay_events": (distributed.replay_events, {"events_per_grid": 20}),
    "rollup": (distributed.rollup, {}),
}


def spread(values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    v = sorted(x * scale for x in values)
    return f"min {v[0]:.3f} {unit}, median {statistics.median(v):.3f} {unit}, max {v[-1]:.3f} {unit}"


def timed(label: str, fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    took = time.perf_counter() - start
    print(f"  {label}: {took:.2f} s")
    return out, took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="district", choices=["community", "district", "megacity"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--function", default="plan_contracts", choices=sorted(FUNCTIONS))
    ap.add_argument("--national", type=int, default=20, help="townships in the national slice (0: skip)")
    args = ap.parse_args()

    from dask.distributed import Client, LocalCluster

    fn, kwargs = FUNCTIONS[args.function]
    print(f"== {args.scale}({args.seed}), {args.function}, {args.workers} Dask worker processes of 1 thread")
    net, _ = timed("generate", quanyu.synth.generate, args.scale, args.seed)
    parts, _ = timed("partition (extract + binary snapshot per township)", distributed.partition, net)
    del net  # the workers and the single run need only the partitions
    sizes = [p.nbytes for p in parts]
    print(f"  {len(parts)} partitions; bytes shipped per partition: {spread([float(s) for s in sizes], 'MB', 1e-6)}; total {sum(sizes) / 1e6:.1f} MB")

    print("single process:")
    single, single_total = timed("run_each", distributed.run_each, parts, fn, **kwargs)
    print(f"  per partition: {spread([o.seconds for o in single])}")
    table_single, _ = timed("gather", distributed.gather, single)

    cluster, _ = timed("start LocalCluster", LocalCluster, n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        print(f"dask ({args.workers} workers):")
        outcomes, dask_total = timed("run_each (scatter, compute, results back)", distributed.run_each, parts, fn, client=client, **kwargs)
        print(f"  per partition (on the workers): {spread([o.seconds for o in outcomes])}")
        table_dask, gather_time = timed("gather", distributed.gather, outcomes)
        assert table_dask.equals(table_single), "Dask and the single process disagree"
        print(f"  same table as the single process: {table_dask.num_rows} rows, {table_dask.nbytes / 1e6:.1f} MB")
        print(f"  speed-up: {single_total / (dask_total + gather_time):.2f}x (single {single_total:.2f} s, dask {dask_total + gather_time:.2f} s incl. gather)")

        if args.national:
            codes = [line.split(",")[0] for line in STREETS.read_text(encoding="utf-8").splitlines()[1 : args.national + 1]]
            print(f"== national slice: {len(codes)} townships generated on the workers, counts back")
            here, here_total = timed("single process", distributed.national, codes)
            there, there_total = timed(f"dask ({args.workers} workers)", distributed.national, codes, client=client)
            assert here.equals(there), "the national slice differs between Dask and the single process"
            per_township = there_total * args.workers / len(codes)
            members = sum(here.column("members").to_pylist())
            orgs = sum(here.column("organisations").to_pylist())
            print(f"  per township: {here_total / len(codes):.2f} s in one process; {members / len(codes):,.0f} members, {orgs / len(codes):,.0f} organisations")
            print(f"  speed-up: {here_total / there_total:.2f}x")
            n = NATION["townships"]
            print(
                f"  projection for {n:,} townships: {n * per_township / 3600:.1f} worker-hours"
                f" ({n * per_township / args.workers / 3600:.1f} h on {args.workers} workers,"
                f" {n * per_township / 100 / 60:.0f} min on 100);"
                f" {n * members / len(codes) / 1e6:.0f} million members and {n * orgs / len(codes) / 1e6:.1f} million organisations"
                f" at this township size (the country: {NATION['members'] / 1e6:.0f} million, {NATION['organisations'] / 1e6:.0f} million)"
            )
            per_member = n * per_township / (n * members / len(codes))
            print(
                f"  scaled to the country's {NATION['members'] / 1e6:.0f} million members:"
                f" {NATION['members'] * per_member / 3600:.1f} worker-hours"
            )


if __name__ == "__main__":
    main()
