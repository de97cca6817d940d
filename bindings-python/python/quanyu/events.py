"""Grid events (网格事件): the daily loop 信息收集 collect → 问题发现 discover → 任务分办
dispatch → 协同处置 handle together → 结果反馈 feed back, on China's working-day calendar,
with deadlines, yellow and red cards and escalation up the unit tree.

The log of transitions is the truth: every state, deadline and card is replayed from the log,
the network (who held which post on the day) and the calendar, so any past moment can be
asked about, and transitions recorded offline merge in any order.

>>> import datetime as dt
>>> from quanyu.events import WorkCalendar
>>> cal = WorkCalendar.china()
>>> cal.first_year <= 2024 <= cal.last_year
True
>>> cal.is_working_day(dt.date(2024, 10, 1)), cal.is_working_day(dt.date(2024, 10, 12))
(False, True)
>>> cal.add_working_days(dt.date(2024, 9, 30), 1)
datetime.date(2024, 10, 8)
>>> cal.working_days_between(dt.date(2024, 9, 30), dt.date(2024, 10, 12))
5
"""

from __future__ import annotations

from ._enums import CardColour, CardReason, Channel, DispatchBasis, Effect, EscalationCause, Phase, Severity, Who
from ._quanyu import (
    ActionDef,
    Alert,
    AlertRule,
    CardRecord,
    CategoryRecord,
    Clash,
    Duplicate,
    EscalationRecord,
    EventBook,
    EventFacts,
    EventRecord,
    EventStats,
    EventStatus,
    HandlerProposal,
    MergeReport,
    Refusal,
    RefusalRow,
    SlaRule,
    StateDef,
    TransitionRecord,
    WorkCalendar,
)
from ._reports import EventAnalytics, Replay

__all__ = [
    "ActionDef",
    "Alert",
    "AlertRule",
    "CardColour",
    "CardReason",
    "CardRecord",
    "CategoryRecord",
    "Clash",
    "Duplicate",
    "Channel",
    "DispatchBasis",
    "Effect",
    "EscalationCause",
    "EscalationRecord",
    "EventAnalytics",
    "EventBook",
    "EventFacts",
    "EventRecord",
    "EventStats",
    "EventStatus",
    "HandlerProposal",
    "MergeReport",
    "Phase",
    "Refusal",
    "RefusalRow",
    "Replay",
    "Severity",
    "SlaRule",
    "StateDef",
    "TransitionRecord",
    "Who",
    "WorkCalendar",
]
