"""Working together (六联六治): the six links between organisations (联建、联享、联动、联资、
联认、联商), the all-area council (全域党建理事会) and the three carriages (三驾马车) of each
compound, governance projects that units adopt (项目联认), joint meetings with their decisions
and follow-up work, and deliberation by residents (问需于民、问计于民、问政于民) with the
electorate read from the population register.

A :class:`Collaboration` lives beside a :class:`quanyu.Network`, like the venue menu and the
event book: it names organisations, units, persons and key tasks by id and checks every
reference against the network when records come in. A batch is taken whole or not at all.

Motions are decided under procedures; the book holds the statutory presets of the Organic
Law of the Villagers' Committees and of the Urban Residents' Committees. "More than" (过半数)
is strict; "以上" (at least) counts the number itself. On a secret motion only the fact that
a person voted is kept: the choice is counted and dropped.

Records are the classes below, generated from the core's declarations, or dicts with the same
keys. Dates and times may be ``datetime`` objects or ISO strings. The ``*_frame`` functions
give the book's tables and reports as pandas DataFrames (they need pandas and pyarrow).

>>> import quanyu
>>> from quanyu import collab
>>> net = quanyu.synth.community(2024)
>>> book = collab.synth_collaboration(net, 2024)
>>> day = quanyu.synth.REFERENCE_DATE
>>> six = book.six_links(net, day)
>>> all(len(m.held) + len(m.missing) == 6 for m in six.members)
True
>>> t = book.tallies(net)[0]
>>> t.taking_part <= t.eligible
True
>>> list(collab.projects_frame(book, day).columns[:4])
['project', 'name', 'owner', 'status']
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from ._enums import (
    Carriage,
    Choice,
    CouncilIssue,
    Electorate,
    EvidenceKind,
    EvidenceState,
    LinkKind,
    MeetingKind,
    PledgeKind,
    Presence,
    ProjectStatus,
    Raiser,
    Seat,
    WorkKind,
)
from ._quanyu import (
    ActionRecord,
    AdopterRollup,
    AgendaItemRecord,
    AttachmentRecord,
    AttendanceRecord,
    BallotMerge,
    BallotRecord,
    CarriageRecord,
    Collaboration,
    CompoundCarriages,
    CouncilProblem,
    CouncilReport,
    EvidenceRecord,
    FollowUp,
    FollowUps,
    ForumRecord,
    LinkCheck,
    LinkKindRollup,
    LinkRecord,
    MeetingRecord,
    MemberLinks,
    MilestoneRecord,
    MotionRecord,
    OwnerRecord,
    PledgeRecord,
    ProcedureRecord,
    ProjectRecord,
    ProjectRollup,
    RepresentativeRecord,
    SeatRecord,
    SecretCount,
    SixLinksReport,
    Tally,
    TopicRecord,
    synth_collaboration,
)

if TYPE_CHECKING:
    from ._quanyu import Menu, Network

_Date = _dt.date | str


def frame(book: Collaboration, table: str) -> Any:
    """One stored table of ``book`` (see :meth:`Collaboration.table_names`) as a pandas
    DataFrame with the columns of its declared record.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> book = synth_collaboration(net, 3)
    >>> len(frame(book, "links")) == len(book.records()["links"])
    True
    """
    return book.table(table).to_pandas()


def links_frame(book: Collaboration, network: Network, as_of: _Date, menu: Menu | None = None) -> Any:
    """The six-links check of every link on ``as_of`` (one row per link: its kind and ends,
    whether it runs, its current, ended and derived evidence and its evidence state) as a
    pandas DataFrame; see :meth:`Collaboration.six_links`.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> book = synth_collaboration(net, 3)
    >>> df = links_frame(book, net, quanyu.synth.REFERENCE_DATE)
    >>> list(df.columns)
    ['link', 'kind', 'organisation', 'partner', 'running', 'current', 'ended', 'derived', 'state']
    """
    return book.links_table(network, as_of, menu).to_pandas()


def members_frame(book: Collaboration, network: Network, as_of: _Date, menu: Menu | None = None) -> Any:
    """The alliance members' six links on ``as_of`` (one row per member: the kinds held and
    missing, the number of running links) as a pandas DataFrame.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> book = synth_collaboration(net, 3)
    >>> list(members_frame(book, net, quanyu.synth.REFERENCE_DATE).columns)
    ['organisation', 'name', 'category', 'held', 'missing', 'links']
    """
    return book.members_table(network, as_of, menu).to_pandas()


def projects_frame(book: Collaboration, as_of: _Date) -> Any:
    """The project roll-up on ``as_of`` (one row per project: adopters, pledges, milestones
    and work attached) as a pandas DataFrame; see :meth:`Collaboration.projects_rollup`.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> len(projects_frame(synth_collaboration(net, 3), quanyu.synth.REFERENCE_DATE))
    10
    """
    return book.projects_table(as_of).to_pandas()


def adopters_frame(book: Collaboration) -> Any:
    """The adopters' roll-up (one row per adopting organisation) as a pandas DataFrame.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> list(adopters_frame(synth_collaboration(net, 3)).columns)
    ['organisation', 'projects', 'pledges', 'venues', 'people', 'money']
    """
    return book.adopters_table().to_pandas()


def meetings_frame(book: Collaboration) -> Any:
    """The meetings (one row per ``MeetingRecord``) as a pandas DataFrame.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> book = synth_collaboration(net, 3)
    >>> len(meetings_frame(book)) == len(book.records()["meetings"])
    True
    """
    return frame(book, "meetings")


def tallies_frame(book: Collaboration, network: Network) -> Any:
    """The tally of every motion (one row per motion: electorate, those taking part, quorum,
    threshold, notice and whether it was adopted) as a pandas DataFrame.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> book = synth_collaboration(net, 3)
    >>> df = tallies_frame(book, net)
    >>> len(df) == len(book.records()["motions"]), bool((df.taking_part <= df.eligible).all())
    (True, True)
    """
    return book.tallies_table(network).to_pandas()


def carriages_frame(book: Collaboration, network: Network, as_of: _Date) -> Any:
    """The three carriages of every compound on ``as_of`` as a pandas DataFrame; see
    :meth:`Collaboration.carriages_on`.

    >>> import quanyu
    >>> net = quanyu.synth.community(3)
    >>> book = synth_collaboration(net, 3)
    >>> "missing" in carriages_frame(book, net, quanyu.synth.REFERENCE_DATE).columns
    True
    """
    return book.carriages_table(network, as_of).to_pandas()


__all__ = [
    "ActionRecord",
    "AdopterRollup",
    "AgendaItemRecord",
    "AttachmentRecord",
    "AttendanceRecord",
    "BallotMerge",
    "BallotRecord",
    "Carriage",
    "CarriageRecord",
    "Choice",
    "Collaboration",
    "CompoundCarriages",
    "CouncilIssue",
    "CouncilProblem",
    "CouncilReport",
    "Electorate",
    "EvidenceKind",
    "EvidenceRecord",
    "EvidenceState",
    "FollowUp",
    "FollowUps",
    "ForumRecord",
    "LinkCheck",
    "LinkKind",
    "LinkKindRollup",
    "LinkRecord",
    "MeetingKind",
    "MeetingRecord",
    "MemberLinks",
    "MilestoneRecord",
    "MotionRecord",
    "OwnerRecord",
    "PledgeKind",
    "PledgeRecord",
    "Presence",
    "ProcedureRecord",
    "ProjectRecord",
    "ProjectRollup",
    "ProjectStatus",
    "Raiser",
    "RepresentativeRecord",
    "Seat",
    "SeatRecord",
    "SecretCount",
    "SixLinksReport",
    "Tally",
    "TopicRecord",
    "WorkKind",
    "adopters_frame",
    "carriages_frame",
    "frame",
    "links_frame",
    "meetings_frame",
    "members_frame",
    "projects_frame",
    "synth_collaboration",
    "tallies_frame",
]
