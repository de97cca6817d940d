"""Records: the plain, flat values that go into a network and come out of it.

One record type per table, as in the Rust core and the CSV files. A record names other
entities by their ids. Records are frozen dataclasses: use :func:`dataclasses.replace` to
change one.

>>> from quanyu import UnitRecord
>>> UnitRecord("G1", "Grid", parent="A1", grid_kind="Community")
UnitRecord(id='G1', level='Grid', name='', parent='A1', grid_kind='Community', residents=0)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

Date = _dt.date


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit: one row of ``units.csv``.

    >>> UnitRecord("H1", "Household", parent="B1", residents=3).residents
    3
    """

    id: str
    level: str
    name: str = ""
    parent: str | None = None
    grid_kind: str | None = None
    residents: int = 0


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    """An organisation: one row of ``organisations.csv``.

    >>> OrganisationRecord("GB1", "GridBranch", anchor="G1", parent="WC").anchor
    'G1'
    """

    id: str
    kind: str
    name: str = ""
    parent: str | None = None
    anchor: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person: one row of ``persons.csv``. Phone and ID numbers never show in the repr.

    >>> PersonRecord("P1", name="Li Wei", phone="13800000000")
    PersonRecord(id='P1', name='Li Wei', home=None, works_at=None)
    """

    id: str
    name: str = ""
    home: str | None = None
    works_at: str | None = None
    phone: str | None = field(default=None, repr=False)
    id_number: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    """A membership: person → organisation, dated (``end`` inclusive; ``None`` running).

    >>> MembershipRecord("P1", "GB1", Date(2020, 7, 1)).end is None
    True
    """

    person: str
    organisation: str
    start: Date
    end: Date | None = None


@dataclass(frozen=True, slots=True)
class PostRecord:
    """A post: a role held by a person at a unit *or* an organisation, dated.

    >>> PostRecord.at_unit("P1", "GridLeader", "G1", Date(2024, 1, 1)).unit
    'G1'
    """

    person: str
    role: str
    start: Date
    unit: str | None = None
    organisation: str | None = None
    end: Date | None = None

    @classmethod
    def at_unit(
        cls, person: str, role: str, unit: str, start: Date, end: Date | None = None
    ) -> PostRecord:
        """A post of ``person`` as ``role`` at the unit ``unit`` since ``start``."""
        return cls(person, role, start, unit=unit, end=end)

    @classmethod
    def at_organisation(
        cls, person: str, role: str, organisation: str, start: Date, end: Date | None = None
    ) -> PostRecord:
        """A post of ``person`` as ``role`` at the organisation ``organisation`` since ``start``."""
        return cls(person, role, start, organisation=organisation, end=end)


@dataclass(frozen=True, slots=True)
class GridLayerRecord:
    """A building's grid in one grid layer: one row of ``grid_layers.csv``.

    >>> GridLayerRecord("B1", "Policing", "JW-07").grid
    'JW-07'
    """

    building: str
    layer: str
    grid: str


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """A key task (重点攻坚任务): one row of ``tasks.csv``.

    >>> TaskRecord("T1", "G1", "Property", Date(2024, 12, 31)).status
    'Open'
    """

    id: str
    unit: str
    category: str
    deadline: Date
    name: str = ""
    status: str = "Open"


@dataclass(frozen=True, slots=True)
class LeadRecord:
    """A pioneer leading a volunteer (一十百).

    >>> LeadRecord("P1", "P2").volunteer
    'P2'
    """

    pioneer: str
    volunteer: str


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """A volunteer serving a household.

    >>> ServiceRecord("P2", "H-0101").household
    'H-0101'
    """

    volunteer: str
    household: str


@dataclass(frozen=True, slots=True)
class ContractRecord:
    """A contract (四包): a holder made responsible for a target, dated.

    >>> ContractRecord("Neighbours", "P1", "H-0101", Date(2024, 10, 13)).end is None
    True
    """

    kind: str
    holder: str
    target: str
    start: Date
    end: Date | None = None


@dataclass(frozen=True, slots=True)
class MembershipKey:
    """Identifies a membership: its person, organisation and start date.

    >>> MembershipKey("P1", "GB1", Date(2020, 7, 1)).person
    'P1'
    """

    person: str
    organisation: str
    start: Date


@dataclass(frozen=True, slots=True)
class PostKey:
    """Identifies a post: its person, role, place (unit or organisation) and start date.

    >>> PostKey("P1", "GridLeader", Date(2024, 1, 1), unit="G1").unit
    'G1'
    """

    person: str
    role: str
    start: Date
    unit: str | None = None
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class ContractKey:
    """Identifies a contract: its kind, holder, target and start date.

    >>> ContractKey("Building", "P1", "B1", Date(2024, 10, 13)).target
    'B1'
    """

    kind: str
    holder: str
    target: str
    start: Date


@dataclass(frozen=True, slots=True)
class LevelDef:
    """One level of a level scheme: its name, the levels allowed directly above it, and the
    proximity tier of two places whose nearest common unit is on it.

    >>> LevelDef("Township", ["County"]).parents
    ('County',)
    """

    name: str
    parents: tuple[str, ...] = ()
    proximity: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parents", tuple(self.parents))


@dataclass(frozen=True, slots=True)
class CommitSummary:
    """What a successful commit changed.

    >>> CommitSummary(added=2, updated=0, removed=0).added
    2
    """

    added: int
    updated: int
    removed: int


@dataclass(frozen=True, slots=True)
class HeldPost:
    """A post as seen from the place it is held at: who holds which role, since when.

    >>> import quanyu
    >>> net = quanyu.synth.community(2024)
    >>> net.posts_at_unit("S001-A01-G01", quanyu.synth.REFERENCE_DATE, role="GridLeader")[0]
    HeldPost(person=Person(id='S001-P000236', name='马娟超'), role='GridLeader',
             start=datetime.date(2023, 1, 27), end=None)
    """

    person: object
    role: str
    start: Date
    end: Date | None = None
