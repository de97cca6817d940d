"""The red shared-venue menu (红色共享阵地菜单): venues offered by communities, enterprises and
schools; requests for them; bookings that place requests in calendar slots; batch matching
(priority, then fair shares between communities, then the least travel); coverage analytics.

Records are plain data: the dataclasses below, or dicts with the same keys. Dates and times
may be ``datetime`` objects or ISO strings.

>>> import quanyu
>>> from quanyu import venues
>>> net = quanyu.synth.community(2024)
>>> menu = venues.Menu()
>>> _ = menu.add(net, venues=[venues.VenueRecord("V1", "CommunityPavilion", "S001-WC", "S001", capacity=30)],
...              opening_hours=[venues.OpeningHoursRecord("V1", "Mon", "09:00", "17:00")])
>>> menu.venue_count
1
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from enum import Enum
from typing import Any

from ._quanyu import Menu, synth_menu, synth_requests, week_of
from ._reports import MatchReport

__all__ = [
    "Menu",
    "MatchReport",
    "VenueRecord",
    "OpeningHoursRecord",
    "ExceptionRecord",
    "RequestRecord",
    "BookingRecord",
    "TimeWindow",
    "synth_menu",
    "synth_requests",
    "week_of",
]


@dataclasses.dataclass(frozen=True)
class VenueRecord:
    """A venue: its owner organisation, location unit, kind, seats (``None``: unlimited, for
    online halls), features, who may book it and whether bookings need approval.

    >>> v = VenueRecord("V1", "MeetingRoom", "S001-WC", "S001", capacity=12, needs_approval=True)
    >>> v.may_book, v.capacity
    ('Subdistrict', 12)
    """

    id: str
    kind: str
    owner: str
    location: str
    name: str = ""
    capacity: int | None = None
    features: tuple[str, ...] = ()
    may_book: str = "Subdistrict"
    needs_approval: bool = False


@dataclasses.dataclass(frozen=True)
class OpeningHoursRecord:
    """A weekly opening interval: open on ``weekday`` (``"Mon"`` ...) from ``open`` to ``close``.

    >>> import datetime
    >>> OpeningHoursRecord("V1", "Tue", datetime.time(9), "12:00")
    OpeningHoursRecord(venue='V1', weekday='Tue', open=datetime.time(9, 0), close='12:00')
    """

    venue: str
    weekday: str
    open: _dt.time | str
    close: _dt.time | str


@dataclasses.dataclass(frozen=True)
class ExceptionRecord:
    """A dated exception: closed all day (no hours), or open only from ``open`` to ``close``.

    >>> ExceptionRecord("V1", "2024-10-21").open is None
    True
    """

    venue: str
    date: _dt.date | str
    open: _dt.time | str | None = None
    close: _dt.time | str | None = None


@dataclasses.dataclass(frozen=True)
class TimeWindow:
    """A candidate window of a request: the booking lies inside it.

    >>> import datetime
    >>> TimeWindow(datetime.datetime(2024, 10, 14, 9), "2024-10-14T12:00").start
    datetime.datetime(2024, 10, 14, 9, 0)
    """

    start: _dt.datetime | str
    end: _dt.datetime | str


@dataclasses.dataclass(frozen=True)
class RequestRecord:
    """A request for a venue: who asks, how many attend, what is needed, when, how long.

    >>> window = TimeWindow("2024-10-14T09:00", "2024-10-14T12:00")
    >>> r = RequestRecord("R1", "S001-WC", 20, (window,), 60, features=("Projector",))
    >>> r.repeat_weeks, r.max_travel
    (1, 'SameSubdistrict')
    """

    id: str
    organisation: str
    attendees: int
    windows: tuple[TimeWindow, ...]
    duration_minutes: int
    unit: str | None = None
    activity: str = ""
    features: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    priority: int = 0
    repeat_weeks: int = 1
    max_travel: str = "SameSubdistrict"


@dataclasses.dataclass(frozen=True)
class BookingRecord:
    """A booking of a venue for one occurrence of a request.

    >>> BookingRecord("BK1", "V1", "R1", "2024-10-14T09:00", "2024-10-14T10:00").occurrence
    0
    """

    id: str
    venue: str
    request: str
    start: _dt.datetime | str
    end: _dt.datetime | str
    occurrence: int = 0
    status: str | None = None


def _plain(value: Any) -> Any:
    """Plain data for the native reader: dataclasses as dicts, times as ISO strings.

    >>> _plain(TimeWindow(_dt.datetime(2024, 10, 14, 9), "2024-10-14T12:00"))
    {'start': '2024-10-14T09:00:00', 'end': '2024-10-14T12:00:00'}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, str) and _MINUTES.fullmatch(value):
        # "2024-10-14 09:00" and "2024-10-14T09:00" read as date-times to the minute.
        return value[:10] + "T" + value[11:] + ":00"
    return value


_MINUTES = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
