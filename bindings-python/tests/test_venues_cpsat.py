"""The venue matcher against a proven optimum: small seeded menus where the venues are too few
for every request, matched by quanyu and solved independently with OR-Tools CP-SAT.

Requests longer than one slot are placed by quanyu's heuristic (greedy, repairs, search); this
module measures how far that is from the optimum. Each instance is built through the public
API: a tiny network (one subdistrict, two areas), two to four venues open a few short
intervals on one or two days, and ten to twenty-five requests of one to four 30-minute slots
with one or two candidate windows. Every request is eligible for every venue (one priority,
ample capacity, no features, no kinds, everyone may book), so only time and venue matter.

The oracle knows nothing of quanyu's internals: it enumerates every (venue, start slot) that
lies inside one of a request's windows and inside one open interval of the venue, takes one
Boolean per placement — at most one placement per request, at most one request per (venue,
slot) — and maximises the placed requests, which CP-SAT proves optimal. quanyu's result is
checked against the same rules (windows, opening hours, durations rounded up to whole slots,
no slot used twice, each request at most once), and the ratio quanyu placed / optimum must
lie in [0.9, 1]. Instances of one-slot requests only (where quanyu's matcher is exact) must
reach the optimum, which checks the oracle too. A sweep of 200 seeded instances of every size
in the range holds each to the bound and reports the worst and the mean ratio.

The ratios are printed per instance with the worst and the mean at the end of the run:

    cd bindings-python && ../.venv/bin/python -m pytest -q tests/test_venues_cpsat.py -s
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from typing import Any

import pytest
from ortools.sat.python import cp_model

import quanyu
from quanyu import OrganisationRecord, UnitRecord
from quanyu.venues import Menu, OpeningHoursRecord, RequestRecord, TimeWindow, VenueRecord

SLOT = dt.timedelta(minutes=30)
MONDAY = dt.date(2024, 10, 14)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ORGANISATIONS = ("WC", "GB1", "GB2")
MIN_RATIO = 0.9

Interval = tuple[dt.datetime, dt.datetime]


@dataclasses.dataclass(frozen=True)
class Spec:
    """The knobs of one generated instance."""

    name: str
    seed: int
    venues: int
    days: int
    requests: int
    max_slots: int = 4


@dataclasses.dataclass
class Instance:
    """A generated instance: the records for quanyu and the same data for the oracle."""

    spec: Spec
    venue_records: list[VenueRecord]
    hours: list[OpeningHoursRecord]
    request_records: list[RequestRecord]
    # By venue: its open intervals on the instance's dates (disjoint, never adjacent).
    open: dict[str, list[Interval]]
    # By request: its windows and its length in whole slots.
    windows: dict[str, list[Interval]]
    slots: dict[str, int]


SPECS = [
    Spec("2v-1d-12r", seed=1, venues=2, days=1, requests=12),
    Spec("2v-2d-16r", seed=2, venues=2, days=2, requests=16),
    Spec("3v-1d-18r", seed=3, venues=3, days=1, requests=18),
    Spec("3v-2d-20r", seed=4, venues=3, days=2, requests=20),
    Spec("3v-2d-22r", seed=5, venues=3, days=2, requests=22),
    Spec("4v-1d-24r", seed=6, venues=4, days=1, requests=24),
    Spec("4v-2d-25r", seed=7, venues=4, days=2, requests=25),
    Spec("2v-1d-15r", seed=8, venues=2, days=1, requests=15),
    Spec("3v-1d-25r", seed=9, venues=3, days=1, requests=25),
    Spec("4v-2d-25r-b", seed=10, venues=4, days=2, requests=25),
]
# One-slot requests only: quanyu is exact there, so these check the oracle.
EXACT_SPECS = [
    Spec("3v-1d-20r-1slot", seed=11, venues=3, days=1, requests=20, max_slots=1),
    Spec("2v-2d-25r-1slot", seed=12, venues=2, days=2, requests=25, max_slots=1),
]

# Ratios measured in this session, by instance name, for the summary at the end of the run.
RATIOS: dict[str, tuple[int, int, float, str]] = {}
# The ratios of the sweep, for the same summary.
SWEEP: list[float] = []


def build_network() -> quanyu.Network:
    """One subdistrict S with two areas (two communities), a committee and two grid branches."""
    net = quanyu.Network()
    with net.edit() as e:
        e.add_unit(UnitRecord("S", "Subdistrict"))
        for area in ("A1", "A2"):
            e.add_unit(UnitRecord(area, "Area", parent="S"))
            e.add_unit(UnitRecord(area + "-G", "Grid", parent=area, grid_kind="Community"))
        e.add_organisation(OrganisationRecord("WC", "WorkingCommittee", anchor="S"))
        e.add_organisation(OrganisationRecord("GB1", "GridBranch", anchor="A1-G", parent="WC"))
        e.add_organisation(OrganisationRecord("GB2", "GridBranch", anchor="A2-G", parent="WC"))
    return net


@pytest.fixture(scope="module")
def net() -> quanyu.Network:
    return build_network()


def at(day: dt.date, slot: int) -> dt.datetime:
    """The start of the `slot`-th 30-minute slot of `day`."""
    return dt.datetime.combine(day, dt.time()) + slot * SLOT


def generate(spec: Spec) -> Instance:
    """Scarce venues with short hours; requests with one or two windows a little longer than
    themselves, all between 08:00 and 20:00."""
    rng = random.Random(spec.seed)
    days = [MONDAY + dt.timedelta(days=d) for d in range(spec.days)]
    venue_records: list[VenueRecord] = []
    hours: list[OpeningHoursRecord] = []
    open_: dict[str, list[Interval]] = {}
    for v in range(spec.venues):
        vid = f"V{v + 1}"
        kind = rng.choice(("CommunityPavilion", "MeetingRoom"))
        venue_records.append(VenueRecord(vid, kind, "WC", "S", capacity=100))
        open_[vid] = []
        for day in days:
            if len(days) > 1 and rng.random() < 0.25:
                continue  # closed that day
            first = rng.randint(16, 26)  # 08:00 .. 13:00
            length = rng.randint(3, 7)
            intervals = [(first, first + length)]
            if rng.random() < 0.5:
                second = first + length + rng.randint(1, 4)  # a gap of at least one slot
                intervals.append((second, second + rng.randint(2, 6)))
            for a, b in intervals:
                hours.append(OpeningHoursRecord(vid, WEEKDAYS[day.weekday()], at(day, a).time(), at(day, b).time()))
                open_[vid].append((at(day, a), at(day, b)))
    request_records: list[RequestRecord] = []
    windows: dict[str, list[Interval]] = {}
    slots: dict[str, int] = {}
    for r in range(spec.requests):
        rid = f"R{r + 1:02d}"
        n = rng.randint(1, spec.max_slots)
        # Some durations are not whole slots; they round up.
        minutes = 30 * n - rng.choice((0, 0, 0, 10, 15))
        ws: list[Interval] = []
        for _ in range(rng.choice((1, 1, 2))):
            day = rng.choice(days)
            start = rng.randint(16, 36 - n)  # 08:00 .. 18:00 - n slots
            end = min(start + n + rng.randint(0, 4), 40)
            ws.append((at(day, start), at(day, end)))
        request_records.append(
            RequestRecord(
                rid,
                rng.choice(ORGANISATIONS),
                rng.randint(3, 30),
                tuple(TimeWindow(a, b) for a, b in ws),
                minutes,
            )
        )
        windows[rid] = ws
        slots[rid] = math.ceil(minutes / 30)
    return Instance(spec, venue_records, hours, request_records, open_, windows, slots)


def inside(a: dt.datetime, b: dt.datetime, intervals: list[Interval]) -> bool:
    return any(lo <= a and b <= hi for lo, hi in intervals)


def candidates(inst: Instance) -> dict[str, list[tuple[str, dt.datetime]]]:
    """By request: every (venue, start) inside one of its windows and one open interval."""
    out: dict[str, list[tuple[str, dt.datetime]]] = {}
    for rid, ws in inst.windows.items():
        length = inst.slots[rid] * SLOT
        found: set[tuple[str, dt.datetime]] = set()
        for vid, intervals in inst.open.items():
            for w0, w1 in ws:
                for o0, o1 in intervals:
                    start, last = max(w0, o0), min(w1, o1) - length
                    while start <= last:
                        found.add((vid, start))
                        start += SLOT
        out[rid] = sorted(found)
    return out


def cells(vid: str, start: dt.datetime, n: int) -> list[tuple[str, dt.datetime]]:
    return [(vid, start + k * SLOT) for k in range(n)]


def optimum(inst: Instance) -> int:
    """The most requests that can be placed, proven by CP-SAT."""
    model = cp_model.CpModel()
    by_cell: dict[tuple[str, dt.datetime], list[cp_model.IntVar]] = {}
    chosen: list[cp_model.IntVar] = []
    for rid, cands in candidates(inst).items():
        xs = []
        for vid, start in cands:
            x = model.new_bool_var(f"{rid}@{vid}@{start:%dT%H%M}")
            xs.append(x)
            for cell in cells(vid, start, inst.slots[rid]):
                by_cell.setdefault(cell, []).append(x)
        if xs:
            model.add_at_most_one(xs)
            chosen.extend(xs)
    for xs in by_cell.values():
        model.add_at_most_one(xs)
    model.maximize(sum(chosen))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 5.0
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    assert status == cp_model.OPTIMAL, f"{inst.spec.name}: CP-SAT {solver.status_name(status)}"
    return round(solver.objective_value)


def check_feasible(inst: Instance, placed: list[dict[str, Any]]) -> None:
    """quanyu's placements by the oracle's rules."""
    used: dict[tuple[str, dt.datetime], str] = {}
    seen: set[str] = set()
    for p in placed:
        rid, vid = p["request"], p["venue"]
        start, end = dt.datetime.fromisoformat(p["start"]), dt.datetime.fromisoformat(p["end"])
        assert rid in inst.windows and rid not in seen and p["occurrence"] == 0, p
        seen.add(rid)
        n = inst.slots[rid]
        assert end - start == n * SLOT and start.minute % 30 == 0 and start.second == 0, p
        assert inside(start, end, inst.windows[rid]), f"outside every window: {p}"
        assert inside(start, end, inst.open[vid]), f"outside the opening hours: {p}"
        for cell in cells(vid, start, n):
            assert cell not in used, f"{cell} used by {used.get(cell)} and {rid}"
            used[cell] = rid


def run_quanyu(net: quanyu.Network, inst: Instance) -> tuple[Any, list[dict[str, Any]]]:
    menu = Menu()
    menu.add(net, venues=inst.venue_records, opening_hours=inst.hours)
    menu.add(net, requests=inst.request_records)
    report = menu.match_requests(net)
    placed = list(report.table("placed").to_pylist())
    assert report.placed == len(placed) == menu.booking_count
    assert report.placed + report.unplaced == len(inst.request_records)
    assert report.truncated == 0
    # Bookings made are exactly the placements reported.
    booked = {(b["request"], b["venue"], b["start"][:16]) for b in menu.bookings().to_pylist()}
    assert booked == {(p["request"], p["venue"], p["start"][:16]) for p in placed}
    return report, placed


def measure(net: quanyu.Network, inst: Instance, kind: str) -> tuple[int, int, Any]:
    """quanyu's placed count, the proven optimum and quanyu's report; records the ratio."""
    name = inst.spec.name
    report, placed = run_quanyu(net, inst)
    check_feasible(inst, placed)
    # The reasons agree with the oracle's candidates: closed at those times means no candidate.
    closed = {u["request"] for u in report.table("unplaced").to_pylist() if u["reason"] == "ClosedAtThoseTimes"}
    assert closed == {rid for rid, cands in candidates(inst).items() if not cands}
    best = optimum(inst)
    assert len(placed) <= best, f"{name}: quanyu placed {len(placed)} > proven optimum {best}: the oracle is wrong"
    ratio = len(placed) / best if best else 1.0
    RATIOS[name] = (len(placed), best, ratio, kind)
    print(f"\n{name}: quanyu {len(placed)} / CP-SAT {best} of {len(inst.request_records)} requests, ratio {ratio:.3f}"
          f" ({report.groups - report.exact_groups} of {report.groups} groups heuristic)")
    return len(placed), best, report


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_heuristic_within_bound_of_optimum(net: quanyu.Network, spec: Spec, record_property: Any) -> None:
    got, best, report = measure(net, generate(spec), "heuristic")
    record_property("cpsat_ratio", f"{got}/{best}")
    # The instance measures something: not everything fits, and the heuristic ran.
    assert best < spec.requests
    assert report.exact_groups < report.groups
    assert got >= MIN_RATIO * best, f"{spec.name}: ratio {got / best:.3f} < {MIN_RATIO}"


@pytest.mark.parametrize("spec", EXACT_SPECS, ids=[s.name for s in EXACT_SPECS])
def test_one_slot_requests_reach_the_optimum(net: quanyu.Network, spec: Spec, record_property: Any) -> None:
    got, best, report = measure(net, generate(spec), "exact")
    record_property("cpsat_ratio", f"{got}/{best}")
    assert best < spec.requests and report.exact_groups == report.groups
    assert got == best


def hand_made(name: str, hours: list[tuple[int, int]], requests: list[tuple[str, str, int, int, int]]) -> Instance:
    """One venue open on Monday over `hours` (slot ranges); requests (id, organisation, minutes,
    window start slot, window end slot) with one window each."""
    day = MONDAY
    windows = {rid: [(at(day, a), at(day, b))] for rid, _, _, a, b in requests}
    return Instance(
        Spec(name, seed=0, venues=1, days=1, requests=len(requests)),
        [VenueRecord("V1", "MeetingRoom", "WC", "S", capacity=100)],
        [OpeningHoursRecord("V1", "Mon", at(day, a).time(), at(day, b).time()) for a, b in hours],
        [RequestRecord(rid, org, 5, tuple(TimeWindow(*w) for w in windows[rid]), minutes) for rid, org, minutes, _, _ in requests],
        {"V1": [(at(day, a), at(day, b)) for a, b in hours]},
        windows,
        {rid: math.ceil(minutes / 30) for rid, _, minutes, _, _ in requests},
    )


def test_oracle_on_a_hand_made_instance(net: quanyu.Network) -> None:
    """Two 2-slot requests and a 1-slot one for a venue open 09:00-10:30 and 11:00-11:30: the
    2-slot requests cannot both fit, and the 1-slot one's window ends before 11:30."""
    day = MONDAY
    inst = hand_made("hand", [(18, 21), (22, 23)], [("R1", "GB1", 60, 18, 21), ("R2", "GB2", 50, 18, 21), ("R3", "WC", 30, 20, 22)])
    assert candidates(inst) == {
        "R1": [("V1", at(day, 18)), ("V1", at(day, 19))],
        "R2": [("V1", at(day, 18)), ("V1", at(day, 19))],
        "R3": [("V1", at(day, 20))],
    }
    assert optimum(inst) == 2
    _, placed = run_quanyu(net, inst)
    check_feasible(inst, placed)
    assert len(placed) == 2


# A long request in the way of two short ones that could take its place: most constrained
# first puts the long one in; the shortest-first start and the search's shortest-first
# re-insertion find the trade. The second was the worst of a sweep before they existed.
TRADES = [
    pytest.param(
        # 09:00-11:00 open; a 2-hour request and two 30-minute ones, all for 09:00-11:00.
        lambda: hand_made("1-long-vs-2-short", [(18, 22)], [("R1", "GB1", 120, 18, 22), ("R2", "GB1", 30, 18, 22), ("R3", "GB1", 30, 18, 22)]),
        id="1-long-vs-2-short",
    ),
    pytest.param(lambda: generate(Spec("2v-1d-16r-s216", seed=216, venues=2, days=1, requests=16)), id="2v-1d-16r-s216"),
]


@pytest.mark.parametrize("make", TRADES)
def test_a_long_request_gives_way_to_two_short_ones(net: quanyu.Network, make: Any, record_property: Any) -> None:
    got, best, _ = measure(net, make(), "trade")
    record_property("cpsat_ratio", f"{got}/{best}")
    assert got == best


def test_a_sweep_of_random_instances(net: quanyu.Network, record_property: Any) -> None:
    """200 seeded instances of every size in the range: each within the bound, and the mean
    reported (it was 0.999 when last measured: two instances of 200 one placement short)."""
    ratios = []
    for seed in range(100, 300):
        r = random.Random(seed)
        spec = Spec(f"sweep-{seed}", seed=seed, venues=r.randint(1, 4), days=r.randint(1, 2), requests=r.randint(6, 25))
        inst = generate(spec)
        best = optimum(inst)
        _, placed = run_quanyu(net, inst)
        check_feasible(inst, placed)
        assert len(placed) <= best, f"{spec.name}: quanyu placed {len(placed)} > proven optimum {best}"
        ratio = len(placed) / best if best else 1.0
        assert ratio >= MIN_RATIO, f"{spec.name}: ratio {ratio:.3f} < {MIN_RATIO}"
        ratios.append(ratio)
    worst, mean = min(ratios), sum(ratios) / len(ratios)
    SWEEP[:] = ratios
    record_property("cpsat_ratio_worst", f"{worst:.3f}")
    record_property("cpsat_ratio_mean", f"{mean:.4f}")
    print(f"\nsweep of {len(ratios)}: worst {worst:.3f}, mean {mean:.4f}, below 1: {sum(x < 1 for x in ratios)}")


class _RatioSummary:
    """Prints the measured ratios in pytest's terminal summary."""

    @staticmethod
    def pytest_terminal_summary(terminalreporter: Any) -> None:
        if not RATIOS and not SWEEP:
            return
        terminalreporter.section("venue matcher vs CP-SAT (placed / proven optimum)")
        for name, (got, best, ratio, kind) in RATIOS.items():
            terminalreporter.write_line(f"{name:>20}: {got:>2} / {best:>2} = {ratio:.3f}  {kind}")
        for kind in ("heuristic", "exact", "trade"):
            ratios = [r for _, _, r, k in RATIOS.values() if k == kind]
            if ratios:
                terminalreporter.write_line(f"{kind:>20}: worst {min(ratios):.3f}, mean {sum(ratios) / len(ratios):.3f} over {len(ratios)}")
        if SWEEP:
            terminalreporter.write_line(f"{'sweep':>20}: worst {min(SWEEP):.3f}, mean {sum(SWEEP) / len(SWEEP):.4f} over {len(SWEEP)}")


@pytest.fixture(scope="module", autouse=True)
def ratio_summary(request: pytest.FixtureRequest) -> None:
    plugins = request.config.pluginmanager
    if not plugins.has_plugin("quanyu-venues-cpsat-ratios"):
        plugins.register(_RatioSummary(), "quanyu-venues-cpsat-ratios")
