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

import os
import pathlib

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
from ._quanyu import Network, Reveal


def to_parquet(
    book: EventBook,
    directory: str | os.PathLike[str],
    *,
    reveal: Reveal | None = None,
    network: Network | None = None,
) -> dict[str, pathlib.Path]:
    """Writes the book's log for analysis as Parquet files in ``directory`` (made if absent):
    ``events.parquet`` and ``transitions.parquet``. The reporter and the description of an
    event, and the note of a transition, are personal data: their columns are there, masked
    by their declared rules, unless ``reveal`` (a :class:`quanyu.privacy.Reveal`) names the
    event's fields; a reveal needs the events' ``network``, whose access log records it, and
    is checked before anything is written (see :meth:`EventBook.event_records`). Needs
    ``pyarrow``. Returns the paths by table.

    >>> import tempfile, quanyu
    >>> book = EventBook.synthetic(quanyu.synth.community(7), events_per_grid=2)
    >>> paths = to_parquet(book, tempfile.mkdtemp())
    >>> sorted(paths)
    ['events', 'transitions']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    # The tables first: a refused reveal raises before the directory is made.
    tables = {
        "events": book.event_records(reveal, network=network),
        "transitions": book.transition_records(),
    }
    out = pathlib.Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, table in tables.items():
        paths[name] = out / f"{name}.parquet"
        pq.write_table(pa.table(table), paths[name])
    return paths

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
    "to_parquet",
]
