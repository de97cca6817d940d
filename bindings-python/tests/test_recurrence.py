"""Venue recurrences from Python: the working-day rules against ``chinesecalendar`` as an
oracle, the text forms, the errors, and the open hours of a venue on a recurrence's dates."""

from __future__ import annotations

import datetime as dt
import pickle

import chinese_calendar
import pytest

import quanyu
from quanyu.events import WorkCalendar
from quanyu.venues import Menu, OpeningHoursRecord, Recurrence, RecurrenceKind, TimeWindow, VenueRecord

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def years() -> list[int]:
    """The years from 2015 to 2025 that the calendar and the oracle both cover."""
    cal = WorkCalendar.china()
    out = []
    for y in range(2015, 2026):
        try:
            chinese_calendar.is_workday(dt.date(y, 6, 1))
        except NotImplementedError:
            continue
        if cal.covers(y):
            out.append(y)
    return out


def days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def oracle(rule: Recurrence, a: dt.date, b: dt.date) -> list[dt.date]:
    """The dates of ``rule`` by a walk over the days, asking ``chinesecalendar``."""

    def working(d: dt.date) -> bool:
        return bool(chinese_calendar.is_workday(d)) and (rule.makeup_days or d.weekday() < 5)

    if rule.kind is RecurrenceKind.Weekly:
        assert rule.weekday is not None
        want = WEEKDAYS.index(str(rule.weekday).lower()[:3])
        return [d for d in days(a, b) if d.weekday() == want and (rule.on_holidays or working(d))]
    if rule.kind is RecurrenceKind.EveryWorkingDay:
        return [d for d in days(a, b) if working(d)]
    assert rule.nth is not None
    out = []
    month = a.replace(day=1)
    while month <= b:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        work = [d for d in days(month, following - dt.timedelta(days=1)) if working(d)]
        n = rule.nth
        if (n > 0 and n <= len(work)) or (n < 0 and -n <= len(work)):
            d = work[n - 1 if n > 0 else n]
            if a <= d <= b:
                out.append(d)
        month = following
    return out


def rules() -> list[str]:
    texts = [f"every working {w}" for w in WEEKDAYS] + [f"every {w}" for w in WEEKDAYS]
    texts += ["every working day", "last working day of month", "working day -2 of month"]
    texts += [f"working day {n} of month" for n in (1, 2, 3, 10, 21, 23)]
    out = []
    for t in texts:
        out.append(t)
        if t not in ("every working sat", "every working sun"):
            out.append(t + " except make-up days")
    return out


def test_the_working_day_rules_agree_with_chinesecalendar() -> None:
    cal = WorkCalendar.china()
    ys = years()
    assert len(ys) >= 10, ys
    a, b = dt.date(ys[0], 1, 1), dt.date(ys[-1], 12, 31)
    for text in rules():
        rule = Recurrence.parse(text)
        got = rule.dates(cal, a, b)
        assert got == oracle(rule, a, b), text
        assert all(type(d) is dt.date for d in got)
        # A range that starts and ends inside months and holidays.
        a2, b2 = dt.date(2024, 9, 14), dt.date(2024, 10, 12)
        assert rule.dates(cal, a2, b2) == oracle(rule, a2, b2), text


def test_known_dates() -> None:
    cal = WorkCalendar.china()
    first = Recurrence.parse("working day 1 of month")
    assert first.dates(cal, dt.date(2024, 10, 1), dt.date(2024, 10, 31)) == [dt.date(2024, 10, 8)]
    saturdays = Recurrence.parse("every working sat").dates(cal, "2024-09-01", "2024-10-31")
    assert saturdays == [dt.date(2024, 9, 14), dt.date(2024, 10, 12)]
    strict = Recurrence.parse("every working day except make-up days")
    assert dt.date(2024, 9, 14) not in strict.dates(cal, "2024-09-09", "2024-09-15")


def test_text_forms_and_records() -> None:
    rule = Recurrence.parse("每周二（仅工作日，不含调休）")
    assert rule == Recurrence("Weekly", weekday="Tue", makeup_days=False)
    assert rule.kind is RecurrenceKind.Weekly and rule.weekday == "Tuesday" and rule.nth is None
    assert str(rule) == "every working tue except make-up days"
    assert rule.chinese == "每周二（仅工作日，不含调休）"
    assert isinstance(rule, Recurrence)
    for text in rules():
        r = Recurrence.parse(text)
        assert Recurrence.parse(str(r)) == r == Recurrence.parse(r.chinese)
        assert pickle.loads(pickle.dumps(r)) == r
    assert Recurrence("MonthlyWorkingDay", nth=-1) == Recurrence.parse("每月最后一个工作日")
    assert Recurrence.parse("every working day").makeup_days is True


def test_bad_text_and_bad_rules_are_errors() -> None:
    with pytest.raises(quanyu.ParseError) as e:
        Recurrence.parse("every working funday")
    assert "every working funday" in str(e.value) and "mon, tue" in str(e.value)
    with pytest.raises(quanyu.ParseError, match="1 to 31"):
        Recurrence.parse("working day 0 of month")
    with pytest.raises(quanyu.ParseError, match="每个工作日"):
        Recurrence.parse("whenever")
    cal = WorkCalendar.china()
    with pytest.raises(quanyu.ValidationError) as v:
        Recurrence("Weekly").dates(cal, "2024-01-01", "2024-01-31")
    assert [p.field for p in v.value.problems] == ["weekday"]
    with pytest.raises(quanyu.ValidationError):
        str(Recurrence("MonthlyWorkingDay", nth=0))
    with pytest.raises(quanyu.CalendarError):
        Recurrence.parse("every working day").dates(cal, dt.date(cal.last_year, 12, 1), dt.date(cal.last_year + 1, 1, 5))
    with pytest.raises(quanyu.InvalidArgumentError):
        Recurrence.parse("every working day").dates(cal, "2024-02-01", "2024-01-01")
    with pytest.raises(TypeError):
        Recurrence.parse("every working day").dates(cal, 42, "2024-01-01")  # type: ignore[arg-type]


def test_the_open_hours_of_a_venue_on_a_recurrence() -> None:
    net = quanyu.synth.community(2024)
    menu = Menu()
    menu.add(
        net,
        venues=[VenueRecord("V1", "CommunityPavilion", "S001-WC", "S001", capacity=30)],
        opening_hours=[OpeningHoursRecord("V1", "Tue", "09:00", "12:00")],
    )
    cal = WorkCalendar.china()
    got = menu.recurring_hours("V1", Recurrence.parse("every working tue"), cal, "2024-09-24", "2024-10-15")
    assert got == [
        TimeWindow(f"2024-{md}T09:00", f"2024-{md}T12:00") for md in ("09-24", "10-08", "10-15")
    ]
    with pytest.raises(quanyu.NotFoundError):
        menu.recurring_hours("NOPE", Recurrence.parse("every working tue"), cal, "2024-09-24", "2024-10-15")
