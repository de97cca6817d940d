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
import os
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


def partition(net: quanyu.Network) -> list[distributed.Partition]:
    """distributed.partition, township by township, so that a township whose extract is
    refused is reported and left out instead of stopping the run."""
    parts = []
    for unit in sorted(net.units_by_level("Subdistrict"), key=lambda u: u.id):
        try:
            parts += distributed.partition(net, townships=[unit.id])
        except quanyu.QuanyuError as e:
            print(f"  ! {unit.id} left out: its extract was refused: {str(e).splitlines()[-1].strip()}")
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="district", choices=["community", "district", "megacity"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--function", default="plan_contracts", choices=sorted(FUNCTIONS))
    ap.add_argument("--national", type=int, default=20, help="townships in the national slice (0: skip)")
    ap.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads of quanyu's own thread pool in every process (RAYON_NUM_THREADS): 1 makes the"
        " single process use one core, as each Dask worker does; default: quanyu's default (every core)",
    )
    args = ap.parse_args()
    if args.threads is not None:
        # Read when the pool first starts, in this process and in the workers, which inherit it.
        os.environ["RAYON_NUM_THREADS"] = str(args.threads)

    from dask.distributed import Client, LocalCluster

    fn, kwargs = FUNCTIONS[args.function]
    threads = os.environ.get("RAYON_NUM_THREADS", "every core")
    print(f"== {args.scale}({args.seed}), {args.function}, {args.workers} Dask worker processes of 1 thread; quanyu threads per process: {threads}")
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    net, _ = timed("generate", quanyu.synth.generate, args.scale, args.seed)
    parts, _ = timed("partition (extract + binary snapshot per township)", partition, net)
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
            members = sum(here.column("members").to_pylist())
            orgs = sum(here.column("organisations").to_pylist())
            print(f"  speed-up: {here_total / there_total:.2f}x")
            print(f"  per township: {members / len(codes):,.0f} members, {orgs / len(codes):,.0f} organisations")
            n = NATION["townships"]
            for basis, per_township in (
                ("the single process's time", here_total / len(codes)),
                ("the Dask workers' time", there_total * args.workers / len(codes)),
            ):
                work = n * per_township / 3600
                print(
                    f"  projection from {basis} ({per_township:.2f} s a township): {n:,} townships take"
                    f" {work:.1f} process-hours, {work / args.workers:.1f} h on {args.workers} workers,"
                    f" {work * 60 / 100:.0f} min on 100; at the country's {NATION['members'] / 1e6:.0f} million"
                    f" members rather than this township size: {work * NATION['members'] / (n * members / len(codes)):.1f} process-hours"
                )
            print(
                f"  this township size gives {n * members / len(codes) / 1e6:.0f} million members and"
                f" {n * orgs / len(codes) / 1e6:.1f} million organisations for {n:,} townships"
                f" (the country: {NATION['members'] / 1e6:.0f} million, {NATION['organisations'] / 1e6:.0f} million)"
            )
            print(f"  load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
