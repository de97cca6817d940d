"""Grid events from Python: the working-day calendar against ``chinesecalendar``, and the
loop of an event through the book."""

from __future__ import annotations

import datetime as dt
import pickle
import random

import chinese_calendar
import pytest

import quanyu
from quanyu.events import (
    CardColour,
    Channel,
    EventBook,
    EventRecord,
    EventStatus,
    Severity,
    TransitionRecord,
    WorkCalendar,
)

from conftest import DAY


def both_cover(cal: WorkCalendar) -> list[int]:
    """The years the calendar and the oracle both cover."""
    years = []
    for y in range(cal.first_year, cal.last_year + 1):
        try:
            chinese_calendar.is_workday(dt.date(y, 6, 1))
        except NotImplementedError:
            continue
        if cal.covers(y):
            years.append(y)
    return years


def days_of(year: int) -> list[dt.date]:
    d = dt.date(year, 1, 1)
    out = []
    while d.year == year:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


def test_the_api_is_exactly_as_documented() -> None:
    cal = WorkCalendar.china()
    assert isinstance(cal.first_year, int) and isinstance(cal.last_year, int)
    assert cal.first_year <= 2024 <= cal.last_year
    assert isinstance(cal.is_working_day(dt.date(2024, 10, 8)), bool)
    got = cal.add_working_days(dt.date(2024, 9, 30), 1)
    assert type(got) is dt.date and got == dt.date(2024, 10, 8)
    assert cal.working_days_between(dt.date(2024, 9, 30), dt.date(2024, 10, 8)) == 1
    assert cal.working_days_between(dt.date(2024, 10, 8), dt.date(2024, 9, 30)) == 0


def test_the_calendar_agrees_with_chinesecalendar_on_every_day_both_cover() -> None:
    cal = WorkCalendar.china()
    years = both_cover(cal)
    assert len(years) >= 15, years
    for y in years:
        for d in days_of(y):
            assert cal.is_working_day(d) == chinese_calendar.is_workday(d), d


def test_counting_and_stepping_agree_with_the_oracle() -> None:
    cal = WorkCalendar.china()
    years = both_cover(cal)
    lo, hi = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    rng = random.Random(2024)
    for _ in range(300):
        a = lo + dt.timedelta(days=rng.randrange((hi - lo).days - 400))
        b = a + dt.timedelta(days=rng.randrange(0, 200))
        expected = len(chinese_calendar.get_workdays(a + dt.timedelta(days=1), b)) if b > a else 0
        assert cal.working_days_between(a, b) == expected, (a, b)
        n = rng.randrange(1, 60)
        w = cal.add_working_days(a, n)
        assert chinese_calendar.is_workday(w)
        assert len(chinese_calendar.get_workdays(a + dt.timedelta(days=1), w)) == n, (a, n)


def test_a_year_outside_the_data_is_an_error_naming_year_and_range() -> None:
    cal = WorkCalendar.china()
    late = dt.date(cal.last_year + 1, 3, 2)
    with pytest.raises(quanyu.CalendarError) as e:
        cal.is_working_day(late)
    assert isinstance(e.value, quanyu.QuanyuError)
    assert e.value.year == cal.last_year + 1
    assert str(cal.last_year + 1) in str(e.value) and cal.coverage in str(e.value)
    with pytest.raises(quanyu.CalendarError):
        cal.add_working_days(dt.date(cal.last_year, 12, 30), 10)
    with pytest.raises(quanyu.CalendarError):
        cal.working_days_between(dt.date(2000, 1, 1), dt.date(2020, 1, 1))
    with pytest.raises(quanyu.InvalidArgumentError):
        cal.add_working_days(dt.date(2024, 1, 2), 0)
    with pytest.raises(TypeError):
        cal.is_working_day(42)
    assert pickle.loads(pickle.dumps(e.value)).year == e.value.year


def test_a_year_is_learnt_from_its_notice_as_a_table(tmp_path) -> None:
    """The first year the data lacks, written as its notice's table from the oracle's
    schedule, then checked day by day."""
    cal = WorkCalendar.china()
    year = cal.last_year + 1
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        pytest.skip(f"the oracle does not cover {year} either")
    rows = ["date,kind,name"]
    for d in days_of(year):
        weekend = d.weekday() >= 5
        working = chinese_calendar.is_workday(d)
        if working and weekend:
            rows.append(f"{d},班,")
        elif not working and not weekend:
            rows.append(f"{d},休,")
    path = tmp_path / f"{year}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cal.add_year_table(path) == year
    for d in days_of(year):
        assert cal.is_working_day(d) == chinese_calendar.is_workday(d), d
    with pytest.raises(quanyu.ValidationError) as e:
        cal.add_year_table(path)
    assert "already covered" in str(e.value)
    with pytest.raises(quanyu.ValidationError) as e:
        WorkCalendar.empty().add_year_table("date,kind,name\n2030-01-01,nap,\n", text=True)
    (p,) = e.value.problems
    assert (p.id, p.field, p.origin.row) == ("2030-01-01", "kind", 2)


def test_working_hours_and_local_duty_days() -> None:
    cal = WorkCalendar.china()
    assert cal.working_hours == [(dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))]
    friday = dt.datetime(2024, 3, 8, 16)
    assert cal.add_working_minutes(friday, 210) == dt.datetime(2024, 3, 11, 11)
    assert cal.working_minutes_between(friday, dt.datetime(2024, 3, 11, 11)) == 210
    saturday = dt.date(2024, 3, 9)
    cal.set_day(saturday, True)
    assert cal.is_working_day(saturday)
    assert not WorkCalendar.china().is_working_day(saturday)
    short = cal.with_hours([(dt.time(8), dt.time(12))])
    assert short.add_working_minutes(dt.datetime(2024, 3, 11, 11), 60) == dt.datetime(2024, 3, 11, 12)
    with pytest.raises(quanyu.InvalidArgumentError):
        cal.with_hours([(dt.time(12), dt.time(8))])


@pytest.fixture(scope="module")
def net() -> quanyu.Network:
    return quanyu.synth.community(2024)


def grid_people(net: quanyu.Network) -> tuple[str, str, str, str]:
    """A grid with a worker and a leader on the reference day, and a household in it."""
    for grid in net.units_by_level("Grid"):
        workers = net.posts_at_unit(grid.id, DAY, role="GridWorker")
        leaders = net.posts_at_unit(grid.id, DAY, role="GridLeader")
        homes = [u for u in net.descendants(grid.id) if u.level == "Household"]
        if workers and leaders and homes:
            return grid.id, workers[0].person.id, leaders[0].person.id, homes[0].id
    raise AssertionError("no grid with a worker and a leader")


def at(hour: int, day: int = 14) -> dt.datetime:
    return dt.datetime(2024, 10, day, hour)


def test_an_event_goes_round_the_loop(net: quanyu.Network) -> None:
    grid, worker, leader, home = grid_people(net)
    book = EventBook("five_step")
    book.report(net, EventRecord("E1", "environment", "随手拍", home, severity="一般", reported_at=at(9), description="楼道堆物"))
    steps = [
        ("discover", worker, None, at(10)),
        ("dispatch", leader, worker, at(11)),
        ("take", worker, None, at(14)),
        ("complete", worker, None, at(15)),
        ("feed_back", worker, None, at(16)),
    ]
    for action, actor, target, when in steps:
        s = book.transition(net, TransitionRecord("E1", action, actor, when, target=target))
        assert isinstance(s, EventStatus)
    assert s.state_name == "closed" and s.closed_at == at(16)
    assert book.events[0].channel == Channel.AppPhoto
    assert len(book.transitions) == 5
    assert [t.device for t in book.transitions] == ["central"] * 5
    # The past, as it was.
    assert book.status(net, "E1", at(12)).state_name == "dispatched"


def test_a_refused_transition_is_typed_and_changes_nothing(net: quanyu.Network) -> None:
    grid, worker, leader, home = grid_people(net)
    book = EventBook("tianque")
    book.report(net, {"id": "T1", "category": "safety_hazard", "channel": "Patrol", "unit": home, "severity": "High", "reported_at": at(9)})
    with pytest.raises(quanyu.TransitionRefusedError) as e:
        book.transition(net, TransitionRecord("T1", "21", worker, at(10), target=worker))
    assert (e.value.actor, e.value.unit, e.value.action) == (worker, grid, "21")
    assert any("网格长" in n for n in e.value.needed)
    assert book.transitions == []
    s = book.transition(net, TransitionRecord("T1", "assign", leader, at(10), target=worker))
    assert (s.state, s.state_name, s.handler) == (140, "unread", worker)


def test_bad_records_list_every_problem(net: quanyu.Network) -> None:
    book = EventBook()
    with pytest.raises(quanyu.ValidationError) as e:
        book.report(net, EventRecord("X", "parking", "Patrol", "nowhere", severity="Low", reported_at=dt.datetime(2031, 1, 2, 9)))
    assert [p.field for p in e.value.problems] == ["unit", "category", "reported_at"]
    with pytest.raises(quanyu.InvalidArgumentError) as e2:
        book.report(net, {"id": "X", "category": "dispute", "channel": "pigeon", "unit": "S001", "severity": "Low", "reported_at": "not a time"})
    fields = {p.field for p in e2.value.problems}
    assert {"channel", "reported_at"} <= fields
    with pytest.raises(quanyu.InvalidArgumentError):
        EventBook("nope")


def test_cards_escalation_and_the_tables(net: quanyu.Network) -> None:
    grid, worker, leader, home = grid_people(net)
    book = EventBook()
    book.report(net, EventRecord("E1", "dispute", "Hotline", home, severity="Low", reported_at=dt.datetime(2024, 9, 30, 10)))
    r = book.replay(net, dt.datetime(2024, 10, 9, 10))
    assert [c.colour for c in r.cards] == [CardColour.Yellow, CardColour.Red]
    assert [c.at for c in r.cards] == [dt.datetime(2024, 10, 8, 10), dt.datetime(2024, 10, 9, 10)]
    assert r.status("E1").at_unit == net.parent(grid).id
    assert r.tables == ["statuses", "cards", "escalations", "refusals"]
    frame = r.to_pandas("statuses")
    assert list(frame["id"]) == ["E1"]
    assert [s.id for s in book.open_in(net, grid, dt.datetime(2024, 10, 9, 10), overdue=True)] == ["E1"]
    assert book.open_in(net, grid, dt.datetime(2024, 9, 30, 11), overdue=True) == []


def test_offline_transitions_merge_idempotently(net: quanyu.Network) -> None:
    grid, worker, leader, home = grid_people(net)
    book = EventBook()
    book.report(net, EventRecord("E1", "dispute", "Patrol", home, severity="Urgent", reported_at=at(9)))
    phone = [
        TransitionRecord("E1", "discover", worker, at(9, 14).replace(minute=30), device="p1", seq=1),
        TransitionRecord("E1", "dispatch", leader, at(10), target=worker, device="p2", seq=1),
    ]
    first = book.merge(list(reversed(phone)))
    again = book.merge(phone + phone)
    assert (first.added, again.added, again.repeated) == (2, 0, 4)
    assert book.status(net, "E1", at(12)).state_name == "dispatched"


def test_records_are_frozen_values() -> None:
    e = EventRecord("E1", "dispute", "Patrol", "G1", severity=Severity.High, reported_at=at(9))
    assert pickle.loads(pickle.dumps(e)) == e
    assert hash(e) == hash(EventRecord("E1", "dispute", "巡查", "G1", severity="严重", reported_at=at(9)))
    assert e.to_dict()["severity"] == "High"
    with pytest.raises(AttributeError):
        e.id = "E2"  # type: ignore[misc]


def test_a_book_with_a_store_reopens_with_its_log(net: quanyu.Network, tmp_path) -> None:
    grid, worker, leader, home = grid_people(net)
    path = tmp_path / "events.sqlite"
    book = EventBook(store=path)
    book.report(net, EventRecord("E1", "dispute", "Patrol", home, severity="Low", reported_at=at(9)))
    book.transition(net, TransitionRecord("E1", "discover", worker, at(10)))
    again = EventBook(store=str(path))
    assert again.events == book.events and again.transitions == book.transitions
    assert again.status(net, "E1", at(11)).state_name == "discovered"


def test_duplicates_and_alerts(net: quanyu.Network) -> None:
    from quanyu.events import AlertRule

    grid, worker, leader, home = grid_people(net)
    book = EventBook()
    texts = ["3号楼楼道堆放杂物", "3号楼楼道堆放大量杂物", "小区路灯不亮", "3号楼楼道堆放杂物"]
    cats = ["environment", "environment", "environment", "safety_hazard"]
    for i, (text, cat) in enumerate(zip(texts, cats)):
        book.report(net, EventRecord(f"E{i}", cat, "Patrol", home, severity="Low", reported_at=at(9 + i), description=text))
    dups = book.likely_duplicates(net, "E1")
    assert [d.other for d in dups] == ["E0"]
    assert dups[0].same_unit and 0.5 <= dups[0].similarity <= 1 and dups[0].hours_apart == 1.0
    assert book.likely_duplicates(net, "E1", min_similarity=0.0)[-1].other == "E2"
    with pytest.raises(quanyu.InvalidArgumentError):
        book.likely_duplicates(net, "E1", min_similarity=2)
    rule = AlertRule("environment", 3, 7, "Grid")
    (alert,) = book.alerts(net, [rule], at(18))
    assert (alert.unit, alert.count, alert.events) == (grid, 3, ["E0", "E1", "E2"])
    assert book.alerts(net, [AlertRule("environment", 4, 7, "Grid")], at(18)) == []
    with pytest.raises(quanyu.NotFoundError):
        book.alerts(net, [AlertRule("environment", 3, 7, "Planet")], at(18))
