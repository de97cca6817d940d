"""Records: the plain, flat values that go into a network and come out of it.

One record type per table, as in the Rust core and the CSV files; a record names other
entities by their ids. The classes are generated from the core's declarations: frozen, with
equality, hashing, pickling, ``to_dict()`` and ``replace(**changes)`` (also ``copy.replace``).
A constructor reads each value as the core does — ``"grid_leader"`` becomes ``Role.GridLeader``,
``"2024-01-01"`` a ``datetime.date`` — and keeps a value it cannot read as given, to be
reported, with every other problem of the record, when the record is used.

>>> from quanyu import UnitRecord
>>> UnitRecord("G1", "Grid", parent="A1", grid_kind="Community")
UnitRecord(id='G1', level='Grid', name='', parent='A1', grid_kind='Community', residents=0, code=None)
>>> PostRecord.at_unit("P1", "网格长", "G1", "2024-01-01")
PostRecord(person='P1', role='GridLeader', start=datetime.date(2024, 1, 1), unit='G1', organisation=None, end=None)
"""

from __future__ import annotations

import datetime as _dt

from . import _quanyu
from ._enums import Role
from ._quanyu import (
    CommitSummary,
    ContractKey,
    ContractRecord,
    GridLayerRecord,
    HeldPost,
    KeyTask,
    LeadRecord,
    LevelDef,
    MembershipKey,
    MembershipRecord,
    Organisation,
    OrganisationRecord,
    Person,
    PersonRecord,
    ServiceRecord,
    Span,
    TaskRecord,
    Unit,
    UnitRecord,
)

Date = _dt.date


class PostRecord(_quanyu.PostRecord):
    """A post: a role held by a person at a unit *or* an organisation, dated.

    >>> PostRecord.at_unit("P1", "GridLeader", "G1", Date(2024, 1, 1)).unit
    'G1'
    """

    __slots__ = ()

    @classmethod
    def at_unit(
        cls, person: str, role: Role | str, unit: str, start: Date | str, end: Date | str | None = None
    ) -> PostRecord:
        """A post of ``person`` as ``role`` at the unit ``unit`` since ``start``."""
        return cls(person, role, start, unit=unit, end=end)

    @classmethod
    def at_organisation(
        cls, person: str, role: Role | str, organisation: str, start: Date | str, end: Date | str | None = None
    ) -> PostRecord:
        """A post of ``person`` as ``role`` at the organisation ``organisation`` since ``start``."""
        return cls(person, role, start, organisation=organisation, end=end)


class PostKey(_quanyu.PostKey):
    """Identifies a post: its person, role, place (unit or organisation) and start date.

    >>> PostKey.at_unit("P1", "GridLeader", "G1", Date(2024, 1, 1)).unit
    'G1'
    """

    __slots__ = ()

    @classmethod
    def at_unit(cls, person: str, role: Role | str, unit: str, start: Date | str) -> PostKey:
        """The post of ``person`` as ``role`` at the unit ``unit`` that started on ``start``."""
        return cls(person, role, start, unit=unit)

    @classmethod
    def at_organisation(cls, person: str, role: Role | str, organisation: str, start: Date | str) -> PostKey:
        """The post of ``person`` as ``role`` at ``organisation`` that started on ``start``."""
        return cls(person, role, start, organisation=organisation)


_quanyu._use_subclass(PostRecord)
_quanyu._use_subclass(PostKey)

__all__ = [
    "CommitSummary",
    "ContractKey",
    "ContractRecord",
    "GridLayerRecord",
    "HeldPost",
    "KeyTask",
    "LeadRecord",
    "LevelDef",
    "MembershipKey",
    "MembershipRecord",
    "Organisation",
    "OrganisationRecord",
    "Person",
    "PersonRecord",
    "PostKey",
    "PostRecord",
    "ServiceRecord",
    "Span",
    "TaskRecord",
    "Unit",
    "UnitRecord",
]
