"""The red shared-venue menu (红色共享阵地菜单): venues offered by communities, enterprises and
schools; requests for them; bookings that place requests in calendar slots; batch matching
(priority, then fair shares between communities, then the least travel); coverage analytics.

Records are the classes below, generated from the core's declarations, or dicts with the same
keys. Dates and times may be ``datetime`` objects or ISO strings.

>>> import quanyu
>>> from quanyu import venues
>>> net = quanyu.synth.community(2024)
>>> menu = venues.Menu()
>>> _ = menu.add(net, venues=[venues.VenueRecord("V1", "CommunityPavilion", "S001-WC", "S001", capacity=30)],
...              opening_hours=[venues.OpeningHoursRecord("V1", "Mon", "09:00", "17:00")])
>>> menu.venue_count
1
>>> venues.VenueRecord("V2", "社区议事亭", "S001-WC", "S001").kind
'CommunityPavilion'
"""

from __future__ import annotations

import datetime as _dt

from . import _quanyu
from ._enums import RecurrenceKind
from ._quanyu import (
    AddSummary,
    BookingRecord,
    Calendar,
    CoverageGap,
    ExceptionRecord,
    MatchOptions,
    Menu,
    MenuRecords,
    Occurrence,
    OpeningHoursRecord,
    Placement,
    RequestRecord,
    SlotOffer,
    SupplyDemand,
    TimeWindow,
    UnplacedOccurrence,
    VenueRecord,
    synth_menu,
    synth_requests,
    week_of,
)
from ._quanyu import WorkCalendar as _WorkCalendar
from ._reports import MatchReport, SlotSearch


class Recurrence(_quanyu.Recurrence):
    """A recurrence of a venue activity on the working-day calendar: every given weekday
    (on working days only, or holidays too), the n-th working day of each month (``-1`` the
    last), or every working day; make-up working days (调休, a Saturday or Sunday made a
    working day) count as working days unless ``makeup_days`` is false.

    Read it from its text form with :meth:`parse` (``"every working tue"``,
    ``"working day 1 of month"``, ``"last working day of month"``, ``"每月第一个工作日"``,
    ``"每周二（仅工作日，不含调休）"``); ``str()`` writes the English form back.

    >>> import datetime as dt
    >>> from quanyu.events import WorkCalendar
    >>> first = Recurrence.parse("working day 1 of month")
    >>> first.dates(WorkCalendar.china(), dt.date(2024, 10, 1), dt.date(2024, 11, 30))
    [datetime.date(2024, 10, 8), datetime.date(2024, 11, 1)]
    >>> str(Recurrence.parse("每周二（仅工作日）")), first.chinese
    ('every working tue', '每月第一个工作日')
    """

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> Recurrence:
        """The recurrence written ``text``, in English or Chinese; a :class:`quanyu.ParseError`
        names the text and what was expected."""
        rule = _quanyu._recurrence_parse(text)
        assert isinstance(rule, Recurrence)
        return rule

    def dates(self, calendar: _WorkCalendar, start: _dt.date | str, end: _dt.date | str) -> list[_dt.date]:
        """The dates from ``start`` to ``end`` (both included) that the rule picks on
        ``calendar``. A year the calendar does not cover raises :class:`quanyu.CalendarError`."""
        return _quanyu._recurrence_dates(self, calendar, start, end)

    @property
    def chinese(self) -> str:
        """The rule in Chinese (``每周二（仅工作日）``), as :meth:`parse` reads it back."""
        return _quanyu._recurrence_text(self)[1]

    def __str__(self) -> str:
        return _quanyu._recurrence_text(self)[0]


_quanyu._use_subclass(Recurrence)

__all__ = [
    "AddSummary",
    "BookingRecord",
    "Calendar",
    "CoverageGap",
    "ExceptionRecord",
    "MatchOptions",
    "MatchReport",
    "Menu",
    "MenuRecords",
    "Occurrence",
    "OpeningHoursRecord",
    "Placement",
    "Recurrence",
    "RecurrenceKind",
    "RequestRecord",
    "SlotOffer",
    "SlotSearch",
    "SupplyDemand",
    "TimeWindow",
    "UnplacedOccurrence",
    "VenueRecord",
    "synth_menu",
    "synth_requests",
    "week_of",
]
