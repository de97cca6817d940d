"""No input reaches a Rust panic: every call fed arbitrary values raises a documented
exception (or succeeds), never ``pyo3_runtime.PanicException``."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quanyu
from quanyu import Changeset, flow

from conftest import build_small

NET = build_small()
MENU = quanyu.venues.Menu()

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["S", "G", "H1", "P1", "GB", "T1", "Grid", "2024-10-13", "GridLeader", "", "\0", "🚀"]),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.sampled_from(["id", "level", "parent", "kind", "start", "residents"]), st.text(max_size=5), max_size=4),
)

METHODS = [
    (NET, name)
    for name in dir(NET)
    if not name.startswith("_") and callable(getattr(NET, name)) and name not in ("edit", "save", "save_binary", "export_csv")
] + [(Changeset(), name) for name in dir(Changeset) if not name.startswith("_") and name not in ("changes",)] + [
    (MENU, name) for name in dir(MENU) if not name.startswith("_") and callable(getattr(MENU, name)) and name != "export_csv"
]


def survives(f: Any, *args: Any) -> None:
    try:
        f(*args)
    except Exception:  # noqa: BLE001 - every ordinary exception is fine; a panic is not one
        pass


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(METHODS), st.lists(values, max_size=4))
def test_no_call_panics(target: Any, args: list[Any]) -> None:
    obj, name = target
    survives(getattr(obj, name), *args)


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=5), st.lists(values, max_size=5))
def test_flow_and_scheme_constructors_never_panic(a: list[Any], b: list[Any]) -> None:
    survives(flow.MinCostFlow, *a[:1])
    p = flow.MinCostFlow(3)
    survives(p.add_arc, *a)
    survives(p.set_supply, *b)
    survives(p.solve)
    survives(quanyu.LevelScheme, a)
    survives(quanyu.synth.generate, *a[:2])
    survives(flow.linear_sum_assignment, a)
    survives(quanyu.Network.from_json, *b[:1])


def test_extreme_flow_numbers_never_panic() -> None:
    p = flow.MinCostFlow(3)
    p.set_supply(0, 2**62)
    p.set_supply(2, -(2**62))
    p.add_arc(0, 1, 2**62, 2**62)
    p.add_arc(1, 2, None, -(2**62))
    survives(p.solve)
    survives(flow.linear_sum_assignment, [[math.nan, 1e308], [1e308, -1e308]], True)
