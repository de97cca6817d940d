#!/usr/bin/env python3
"""Times the calls that do most work inside the extension module, to compare builds of it
(the wheel's size-tuned `release-python` profile against plain `release`, say).

Each figure is the best of --repeat runs, as wall-clock time and as the CPU time of the
process (all threads); on a shared machine the CPU time is the steadier of the two. Install
one build, run this, install the other, run it again:

    pip install --force-reinstall --no-deps target/wheels/quanyu-*.whl
    python benches/wheel_profiles.py
"""

from __future__ import annotations

import argparse
import gc
import time
from typing import Any, Callable

import quanyu
from quanyu import contracts, venues


def best(f: Callable[[], Any], repeat: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        f()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    day = quanyu.synth.REFERENCE_DATE
    net = quanyu.synth.community(2024)
    snapshot = net.to_binary()
    menu = venues.synth_menu(net, 2024)
    menu.add(net, requests=venues.synth_requests(net, menu, venues.week_of(day), 400, 7))
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("synth.community(2024)", lambda: quanyu.synth.community(2024)),
        ("Network.from_binary (the community)", lambda: quanyu.Network.from_binary(snapshot)),
        ("contracts.audit", lambda: contracts.audit(net, day)),
        ("contracts.plan", lambda: contracts.plan(net, day)),
        ("menu.plan_matching (400 requests)", lambda: menu.plan_matching(net)),
        ("report.html (no plan)", lambda: quanyu.report.html(net, day, plan=False)),
    ]
    print(f"quanyu {quanyu.__version__}: {quanyu._quanyu.__file__}")
    for name, f in calls:
        wall, cpu = best(f, args.repeat)
        print(f"{name:<38} wall {wall * 1e3:8.1f} ms   cpu {cpu * 1e3:8.1f} ms", flush=True)


if __name__ == "__main__":
    main()
