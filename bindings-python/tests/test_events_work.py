"""Grid events at work from Python: handlers proposed from the network, duplicates merged, and
the analytics checked against pandas and a working-hours oracle built on ``chinesecalendar``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import chinese_calendar
import pandas as pd
import pytest

import quanyu
from quanyu.privacy import Reveal
from quanyu.events import DispatchBasis, EventAnalytics, EventBook, EventRecord, HandlerProposal, TransitionRecord

from conftest import DAY

YEAR_END = dt.datetime(2024, 12, 31, 18)
PERIODS = ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17, 30)))


@pytest.fixture(scope="module")
def net() -> quanyu.Network:
    return quanyu.synth.community(2024)


@pytest.fixture(scope="module")
def year(net: quanyu.Network) -> EventBook:
    return EventBook.synthetic(net, events_per_grid=25, seed=5)


def a_household_with_contracts(net: quanyu.Network) -> tuple[str, str]:
    """A household whose building or household contracts are held on the reference day, and
    its grid."""
    for grid in net.units_by_level("Grid"):
        if len(net.posts_at_unit(grid.id, DAY, role="GridWorker")) < 1:
            continue
        for u in net.descendants(grid.id):
            if u.level == "Household" and net.responsible_for(u.id, DAY).contracts:
                return u.id, grid.id
    raise AssertionError("no household with a contract")


def at(hour: int, day: int = 14) -> dt.datetime:
    return dt.datetime(2024, 10, day, hour)


def test_dispatch_proposes_the_people_the_network_makes_responsible(net: quanyu.Network) -> None:
    home, grid = a_household_with_contracts(net)
    book = EventBook()
    book.report(net, EventRecord("E1", "environment", "Patrol", home, severity="Low", reported_at=at(9)))
    proposed = book.propose_handlers(net, "E1", at(10))
    assert all(isinstance(p, HandlerProposal) for p in proposed)
    assert [p.rank for p in proposed] == list(range(1, len(proposed) + 1))
    who = net.responsible_for(home, DAY)
    # Every holder of a contract on the household, every worker and leader of its grid, and
    # its branch: as the network's own look-ups say, each once, under its closest tie.
    by_basis: dict[str, set[str]] = {}
    for p in proposed:
        by_basis.setdefault(str(p.basis), set()).add(p.candidate)
    assert {c.holder for c in who.contracts} <= by_basis["Contract"]
    workers = {h.person.id for h in net.posts_at_unit(grid, DAY, role="GridWorker")}
    assert workers - by_basis["Contract"] <= by_basis["GridWorker"]
    assert set(who.grid_leaders) - by_basis["Contract"] - by_basis["GridWorker"] <= by_basis.get("GridLeader", set())
    assert len({p.candidate for p in proposed}) == len(proposed)
    assert proposed[0].basis == DispatchBasis.Contract
    order = list(DispatchBasis)
    assert [order.index(p.basis) for p in proposed] == sorted(order.index(p.basis) for p in proposed)
    assert all(p.why for p in proposed)


def test_dispatch_spreads_work_over_the_grids_leaders(net: quanyu.Network) -> None:
    for grid in net.units_by_level("Grid"):
        workers = [h.person.id for h in net.posts_at_unit(grid.id, DAY, role="GridWorker")]
        leaders = sorted(h.person.id for h in net.posts_at_unit(grid.id, DAY, role="GridLeader"))
        if workers and len(leaders) == 2:
            break
    else:
        raise AssertionError("no grid with a worker and two leaders")
    book = EventBook()
    for i in range(3):
        book.report(net, EventRecord(f"E{i}", "dispute", "Patrol", grid.id, severity="Low", reported_at=at(9)))
    busy = leaders[0]
    for i in range(2):
        book.transition(net, TransitionRecord(f"E{i}", "discover", workers[0], at(10)))
        book.transition(net, TransitionRecord(f"E{i}", "dispatch", busy, at(10), target=busy))
    ranked = [p for p in book.propose_handlers(net, "E2", at(11)) if p.basis == DispatchBasis.GridLeader]
    assert [(p.candidate, p.open_events) for p in ranked] == [(leaders[1], 0), (busy, 2)]
    with pytest.raises(quanyu.NotFoundError):
        book.propose_handlers(net, "nope", at(11))


def test_a_duplicate_merges_into_one_event_with_both_reports(net: quanyu.Network) -> None:
    home, grid = a_household_with_contracts(net)
    worker = net.posts_at_unit(grid, DAY, role="GridWorker")[0].person.id
    book = EventBook("tianque")
    book.report(net, EventRecord("E1", "environment", "Patrol", home, severity="Low", reported_at=at(9), description="垃圾桶满溢"))
    book.report(net, EventRecord("E2", "environment", "Hotline", home, severity="Low", reported_at=at(10), description="垃圾桶满了"))
    assert [d.other for d in book.likely_duplicates(net, "E2", min_similarity=0.2)] == ["E1"]
    with pytest.raises(quanyu.TransitionRefusedError):
        book.merge_duplicate(net, "E2", "E1", "nobody-" + worker, at(11))
    assert book.transitions == []
    kept = book.merge_duplicate(net, "E2", "E1", worker, at(11))
    assert kept.sources == ["E1", "E2"]
    gone = book.status(net, "E2", at(12))
    assert (gone.state_name, gone.merged_into) == ("merged", "E1")
    assert [(t.event, t.action, t.target) for t in book.transitions] == [("E1", "absorb", "E2"), ("E2", "merge_into", "E1")]


def working_hours(a: dt.datetime, b: dt.datetime) -> float:
    """Working hours between ``a`` and ``b`` by the oracle: days from ``chinesecalendar``, the
    default periods of a working day."""
    total = dt.timedelta()
    d = a.date()
    while d <= b.date():
        if chinese_calendar.is_workday(d):
            for start, end in PERIODS:
                lo = max(a, dt.datetime.combine(d, start))
                hi = min(b, dt.datetime.combine(d, end))
                if hi > lo:
                    total += hi - lo
        d += dt.timedelta(days=1)
    return total.total_seconds() / 3600


def test_analytics_hours_agree_with_the_working_hours_oracle(net: quanyu.Network, year: EventBook) -> None:
    a = year.analytics(net, YEAR_END)
    assert isinstance(a, EventAnalytics)
    assert a.tables == ["events", "by_grid", "by_category", "by_handler", "by_month"]
    statuses = {s.id: s for s in year.replay(net, YEAR_END).statuses}
    checked = 0
    for f in a.events[::7]:
        s = statuses[f.id]
        if s.closed_at is not None:
            assert f.hours_to_close == pytest.approx(working_hours(s.reported_at, s.closed_at)), f.id
            checked += 1
        if s.accepted_at is not None:
            assert f.hours_to_accept == pytest.approx(working_hours(s.reported_at, s.accepted_at)), f.id
    assert checked > 10


def test_analytics_sums_agree_with_pandas(net: quanyu.Network, year: EventBook) -> None:
    a = year.analytics(net, YEAR_END)
    events = a.to_pandas("events")
    assert len(events) == sum(e.reported_at <= YEAR_END for e in year.events)
    events["decided"] = events["handled_on_time"].notna()
    events["on_time"] = events["handled_on_time"].fillna(False).astype(bool)
    for table, key in (("by_grid", "grid"), ("by_category", "category"), ("by_month", "month"), ("by_handler", "handler")):
        frame = a.to_pandas(table).set_index("group")
        events["key"] = events[key].fillna("")
        expected = events.groupby("key").agg(
            reported=("id", "size"),
            open=("open", "sum"),
            decided=("decided", "sum"),
            on_time=("on_time", "sum"),
            mean_hours_to_close=("hours_to_close", "mean"),
        )
        assert sorted(frame.index) == sorted(expected.index), table
        for col in ("reported", "open", "decided", "on_time"):
            assert (frame.loc[expected.index, col].astype(int) == expected[col].astype(int)).all(), (table, col)
        pd.testing.assert_series_equal(
            frame.loc[expected.index, "mean_hours_to_close"].astype(float),
            expected["mean_hours_to_close"].astype(float),
            check_names=False,
        )
        rate = (expected["on_time"] / expected["decided"]).where(expected["decided"] > 0)
        pd.testing.assert_series_equal(frame.loc[expected.index, "on_time_rate"].astype(float), rate.astype(float), check_names=False)
    # A realistic year: most events on time, some late.
    months = a.to_pandas("by_month")
    assert len(months) == 12
    assert 0.3 < months["on_time"].sum() / months["decided"].sum() < 1.0


def test_replay_reports_progress(net: quanyu.Network, year: EventBook) -> None:
    seen: list[tuple[int, int]] = []
    r = year.replay(net, YEAR_END, progress=lambda done, total: seen.append((done, total)))
    # Chunks finish on either core: the reports may arrive out of order, but they add up.
    assert seen and max(seen) == (len(year.events), len(year.events))
    assert all(total == len(year.events) for _, total in seen)
    assert len(r.statuses) == len(year.events) - sum(e.reported_at > YEAR_END for e in year.events)


REPLAY_CHILD = textwrap.dedent(
    """
    import datetime as dt, os, signal, time
    import quanyu
    net = quanyu.synth.community(3)
    book = quanyu.events.EventBook.synthetic(net, events_per_grid=400)
    sent = []
    def slow(done, total):
        # The first step sends Ctrl-C; every step takes a while, so the replay is still
        # running when the waiting thread looks for signals.
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    started = time.monotonic()
    try:
        book.replay(net, dt.datetime(2024, 12, 31, 18), progress=slow)
    except KeyboardInterrupt:
        print(f"interrupted after {time.monotonic() - started:.2f} s", flush=True)
    else:
        print("finished", flush=True)
    print(len(book.replay(net, dt.datetime(2024, 12, 31, 18)).statuses) > 0, flush=True)
    """
)


def test_ctrl_c_stops_a_replay() -> None:
    done = subprocess.run([sys.executable, "-c", REPLAY_CHILD], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("interrupted after"), lines
    assert lines[1] == "True"


def test_the_log_goes_to_parquet_without_personal_data_unless_asked(tmp_path) -> None:
    import pyarrow.parquet as pq

    net = quanyu.synth.community(7)
    book = EventBook.synthetic(net, events_per_grid=4)
    book.report(net, EventRecord("X1", "dispute", "Hotline", book.events[0].unit, severity="Low", reported_at=at(9), reporter="张三", description="邻里噪音"))
    paths = quanyu.events.to_parquet(book, tmp_path / "masked")
    events = pq.read_table(paths["events"])
    masked = {r["id"]: r for r in events.to_pylist()}["X1"]
    assert (masked["reporter"], masked["description"]) == ("张*", "***")
    assert events.num_rows == len(book.events)
    assert sorted(events.column("id").to_pylist()) == sorted(e.id for e in book.events)
    transitions = pq.read_table(paths["transitions"]).to_pylist()
    assert [(t["event"], t["action"], t["device"], t["seq"]) for t in transitions] == [(t.event, t.action, t.device, t.seq) for t in book.transitions]
    with pytest.raises(ValueError, match="network"):
        quanyu.events.to_parquet(book, tmp_path / "refused", reveal=Reveal("w", "grid_service", ["reporter"]))
    assert not (tmp_path / "refused").exists()
    shown = Reveal("w", "grid_service", ["reporter"])
    full = pq.read_table(quanyu.events.to_parquet(book, tmp_path / "full", reveal=shown, network=net)["events"]).to_pylist()
    assert net.access_log()[-1].fields == ["reporter"]
    assert [r["reporter"] for r in full if r["id"] == "X1"] == ["张三"]
