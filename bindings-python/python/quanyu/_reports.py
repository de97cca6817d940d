"""Report objects: the structural audit, contract audits, plans, reach and venue matches.

Each report is a typed class generated from the core's declaration (its figures and lists as
attributes), extended here with its tables: ``report.tables`` names them, ``report.table(name)``
returns one as a ``quanyu.Table``, and the report itself exports its main table through
``__arrow_c_stream__`` (so ``pyarrow.table(report)`` or ``polars.DataFrame(report)`` work
directly). The tables' columns come from the core's declarations too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _quanyu
from ._enums import ContractKind

if TYPE_CHECKING:
    from ._quanyu import Changeset, RuleAudit, RuleSummary, Table


class Row(dict):  # type: ignore[type-arg]
    """A dict whose keys also read as attributes.

    >>> r = Row(grid="G1", leaders=1)
    >>> r.grid, r["leaders"]
    ('G1', 1)
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Report:
    """The common shape of every report (see the module docs).

    >>> import quanyu
    >>> report = quanyu.synth.community(7).audit(quanyu.synth.REFERENCE_DATE)
    >>> isinstance(report, Report), report.tables
    (True, ['gaps', 'grids_short_of_leaders', 'misplaced_posts'])
    >>> len(report.table()) == len(report.table("gaps")) == report.gap_count()
    True
    """

    _core: _quanyu._ReportCore

    def _tables(self) -> dict[str, Table]:
        cached: dict[str, Table] | None = self.__dict__.get("_laid")
        if cached is None:
            core = self.__dict__.get("_core")
            if core is None:
                raise LookupError(f"this {type(self).__name__} was made in Python: only reports made by quanyu have tables")
            cached = core.tables()
            self.__dict__["_laid"] = cached
        return cached

    @property
    def tables(self) -> list[str]:
        """The names of the report's tables; the first is the main one."""
        return list(self._tables())

    def table(self, name: str | None = None) -> Table:
        """The table ``name`` (default: the main table) as an Arrow ``quanyu.Table``."""
        tables = self._tables()
        key = name or next(iter(tables))
        try:
            return tables[key]
        except KeyError:
            raise KeyError(f"{type(self).__name__} has no table {name!r}; tables: {list(tables)}") from None

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.table().__arrow_c_stream__(requested_schema)

    def to_pandas(self, name: str | None = None) -> Any:
        """A table as a pandas DataFrame (needs pyarrow and pandas)."""
        return self.table(name).to_pandas()

    def to_polars(self, name: str | None = None) -> Any:
        """A table as a polars DataFrame (needs polars)."""
        return self.table(name).to_polars()

    def _summary(self) -> str:
        return ", ".join(f"{n}: {len(t)} rows" for n, t in self._tables().items())

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self._summary()}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{n}</td><td style='text-align:right'>{len(t)}</td></tr>" for n, t in self._tables().items()
        )
        return (
            f"<div><b>{type(self).__name__}</b><table><thead><tr><th>table</th><th>rows</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )


def _find(rules: list[Any], kind: ContractKind | str) -> Any:
    want = ContractKind(kind)
    for r in rules:
        if r.kind == want:
            return r
    raise KeyError(f"no rule for {kind!r}")


class StructuralAudit(_quanyu.StructuralAudit, Report):
    """The gaps of a network's structure on a date (``Network.audit``). Tables: ``gaps`` (one
    row per gap), ``grids_short_of_leaders``, ``misplaced_posts``.

    >>> import quanyu
    >>> a = quanyu.synth.community(7).audit(quanyu.synth.REFERENCE_DATE)
    >>> a.is_clean(), a.gap_count() == len(a.table("gaps"))
    (False, True)
    """

    def is_clean(self) -> bool:
        """Whether nothing was found."""
        return self.gap_count() == 0

    def gap_count(self) -> int:
        """The number of gaps found, all lists together."""
        return (
            len(self.grids_short_of_leaders)
            + len(self.grids_without_branch)
            + len(self.buildings_without_cell)
            + len(self.persons_without_home)
            + len(self.misplaced_posts)
            + len(self.units_without_parent)
        )

    def __repr__(self) -> str:
        return f"<StructuralAudit as of {self.as_of}: {self.gap_count()} gaps>"


class ContractAudit(_quanyu.ContractAudit, Report):
    """The audit of the recorded contracts against the rules (``quanyu.contracts.audit``).
    Tables: ``coverage`` (per grid, area and subdistrict), ``rules``, ``uncovered``,
    ``over_capacity``, ``ineligible``, ``duplicates``.

    >>> import quanyu
    >>> a = quanyu.contracts.audit(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> a
    <ContractAudit as of 2024-10-13: Compound 23/43, Building 169/391, Neighbours 8943/23427, KeyTask 16/31>
    >>> round(a.rule("Compound").ratio, 3), a.tables[0], a.rule("包楼栋").kind
    (0.535, 'coverage', 'Building')
    """

    def rule(self, kind: ContractKind | str) -> RuleAudit:
        """The audit of one contract kind (any spelling of its name)."""
        return _find(self.rules, kind)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        parts = ", ".join(f"{r.kind} {r.covered}/{r.targets}" for r in self.rules)
        return f"<ContractAudit as of {self.as_of}: {parts}>"


class Plan(_quanyu.PlanSummary, Report):
    """An optimal plan of the contracts (``quanyu.contracts.plan``), in figures: ``as_of``,
    ``cost`` and per rule ``targets``, ``covered``, ``added``, ``kept``, ``ended``,
    ``uncovered``, ``cost``. Tables: ``add`` (the new contracts, with proximity and cost),
    ``end``, ``uncovered`` (with the reason), ``rules``. :meth:`changes` is the diff to apply
    with ``Network.apply``.

    >>> import quanyu
    >>> p = quanyu.contracts.plan(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> r = p.rule("Compound")
    >>> (r.covered, r.targets, r.kept, r.added), len(p.changes()) == len(p.table("add")) + len(p.table("end"))
    ((43, 43, 21, 22), True)
    """

    def changes(self) -> Changeset:
        """The plan as a ``Changeset``: ended contracts end the day before, new ones start."""
        core: _quanyu._ReportCore | None = self.__dict__.get("_core")
        changes = core.changes() if core is not None else None
        if changes is None:
            raise LookupError("this Plan was made in Python: only plans made by quanyu carry their changes")
        return changes

    def rule(self, kind: ContractKind | str) -> RuleSummary:
        """The plan of one contract kind (any spelling of its name)."""
        return _find(self.rules, kind)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        parts = ", ".join(f"{r.kind} {r.covered}/{r.targets}" for r in self.rules)
        return f"<Plan as of {self.as_of}: cost {self.cost}; {parts}>"


class Reach(_quanyu.Reach, Report):
    """The 一十百 reach of the pioneers (``quanyu.contracts.reach``). Table: ``pioneers``.

    >>> import quanyu
    >>> r = quanyu.contracts.reach(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> r, r.pioneers[0]
    (<Reach: pioneers: 141 rows>, PioneerReach(pioneer='S001-P000115', volunteers=10, households=79, residents=204))
    >>> len(r.below_ten_volunteers), len(r.below_hundred_residents)
    (83, 20)
    """

    __repr__ = Report.__repr__


class MatchReport(_quanyu.MatchSummary, Report):
    """The result of matching requests to venue slots (``Menu.match_requests``), in figures:
    ``placed`` and ``unplaced`` (counts), ``score``, ``groups``, ``exact_groups``,
    ``truncated``, ``unplaced_by_reason``. Tables: ``placed`` (request, occurrence, venue,
    start, end, proximity, booking, status) and ``unplaced`` (with the reason).

    >>> import quanyu
    >>> from quanyu import venues
    >>> net = quanyu.synth.community(2024)
    >>> menu = venues.synth_menu(net, 2024)
    >>> _ = menu.add(net, requests=venues.synth_requests(net, menu, "2024-10-07", 20, 7))
    >>> report = menu.match_requests(net)
    >>> report, report.unplaced_by_reason
    (<MatchReport: 24 placed, 2 unplaced>, {'NoVenueInReach': 1, 'CapacityTooSmall': 1})
    """

    def __repr__(self) -> str:
        return f"<MatchReport: {self.placed} placed, {self.unplaced} unplaced>"


class SlotSearch(_quanyu.SlotSearch, Report):
    """The free slots found for one request (``Menu.find_slots``), nearest and earliest first,
    with ``reason`` when there is none. Table: ``offers``.

    >>> import quanyu
    >>> from quanyu import venues
    >>> net = quanyu.synth.community(2024)
    >>> menu = venues.synth_menu(net, 2024)
    >>> window = venues.TimeWindow("2024-10-14T09:00", "2024-10-14T12:00")
    >>> found = menu.find_slots(net, venues.RequestRecord("R1", "S001-WC", 10, [window], 60), k=3)
    >>> len(found.offers), found.table().column_names[:2], found.reason
    (3, ['venue', 'start'], None)
    """

    __repr__ = Report.__repr__


class Replay(_quanyu.Replay, Report):
    """The log of grid events replayed to one moment (``EventBook.replay``). Tables:
    ``statuses`` (one row per event), ``cards``, ``escalations``, ``refusals``.
    """

    def status(self, event: str) -> Any:
        """The status of ``event`` (an ``EventStatus``)."""
        for s in self.statuses:
            if s.id == event:
                return s
        raise KeyError(event)

    def __repr__(self) -> str:
        open_ = sum(1 for s in self.statuses if s.phase != "Done")
        return f"<Replay at {self.at}: {len(self.statuses)} events, {open_} open, {len(self.cards)} cards>"


class EventAnalytics(_quanyu.EventAnalytics, Report):
    """How the grid is doing (``EventBook.analytics``). Tables: ``events`` (one row per
    event: working hours to accept and to close, deadlines kept), ``by_grid``,
    ``by_category``, ``by_handler`` and ``by_month`` (on-time rate, mean working hours,
    backlog).
    """

    def __repr__(self) -> str:
        return f"<EventAnalytics at {self.at}: {len(self.events)} events in {len(self.by_grid)} grids>"


for _cls in (StructuralAudit, ContractAudit, Plan, Reach, MatchReport, SlotSearch, Replay, EventAnalytics):
    _quanyu._use_subclass(_cls)
del _cls

Responsibility = _quanyu.Responsibility

__all__ = ["ContractAudit", "EventAnalytics", "MatchReport", "Plan", "Reach", "Replay", "Report", "Responsibility", "Row", "SlotSearch", "StructuralAudit"]
