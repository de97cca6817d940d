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
from ._reports import MatchReport, SlotSearch

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
