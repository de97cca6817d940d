"""Report objects: the structural audit, contract audits, plans, reach and venue matches.

A report gives its figures as attributes and its lists as Arrow tables: ``report.tables``
names them, ``report.table(name)`` returns one, and the report itself exports its main table
through ``__arrow_c_stream__`` (so ``pyarrow.table(report)`` or ``polars.DataFrame(report)``
work directly).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._quanyu import Changeset, Table
    from ._records import ContractRecord

_DATE_KEYS = {"as_of", "start", "end", "deadline"}


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


def _convert(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return Row({k: _convert(v, k) for k, v in value.items()})
    if isinstance(value, list):
        return [_convert(v, key) for v in value]
    if key in _DATE_KEYS and isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            try:
                return _dt.datetime.fromisoformat(value)
            except ValueError:
                return value
    return value


class Report:
    """The common shape of every report (see the module docs).

    >>> import quanyu
    >>> report = quanyu.synth.community(7).audit(quanyu.synth.REFERENCE_DATE)
    >>> isinstance(report, Report), report.tables
    (True, ['gaps', 'grids_short_of_leaders', 'misplaced_posts'])
    >>> len(report.table()) == len(report.table("gaps")) == report.gap_count()
    True
    """

    def __init__(self, data: Any, tables: dict[str, Table], main: str, core: Any = None) -> None:
        self._data: Row = _convert(data) if data is not None else Row()
        self._tables = dict(tables)
        self._main = main
        self._core = core

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}") from None

    @property
    def tables(self) -> list[str]:
        """The names of the report's tables; the first is the main one."""
        return [self._main] + [t for t in self._tables if t != self._main]

    def table(self, name: str | None = None) -> Table:
        """The table ``name`` (default: the main table) as an Arrow ``quanyu.Table``."""
        try:
            return self._tables[name or self._main]
        except KeyError:
            raise KeyError(f"{type(self).__name__} has no table {name!r}; tables: {self.tables}") from None

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.table().__arrow_c_stream__(requested_schema)

    def to_pandas(self, name: str | None = None) -> Any:
        """A table as a pandas DataFrame (needs pyarrow and pandas)."""
        return self.table(name).to_pandas()

    def to_polars(self, name: str | None = None) -> Any:
        """A table as a polars DataFrame (needs polars)."""
        return self.table(name).to_polars()

    def to_dict(self) -> dict[str, Any]:
        """The report's figures as plain Python values."""
        return dict(self._data)

    def _summary(self) -> str:
        return ", ".join(f"{n}: {len(self._tables[n])} rows" for n in self.tables)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self._summary()}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{n}</td><td style='text-align:right'>{len(self._tables[n])}</td></tr>" for n in self.tables
        )
        return (
            f"<div><b>{type(self).__name__}</b><table><thead><tr><th>table</th><th>rows</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )


class StructuralAudit(Report):
    """The gaps of a network's structure on a date (``Network.audit``).

    Attributes: ``as_of``, ``grids_short_of_leaders`` (rows with ``grid`` and ``leaders``),
    ``grids_without_branch``, ``buildings_without_cell``, ``persons_without_home`` (ids) and
    ``misplaced_posts``. Tables: ``gaps`` (one row per gap), ``grids_short_of_leaders``,
    ``misplaced_posts``.

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
        return sum(
            len(self._data[k])
            for k in (
                "grids_short_of_leaders",
                "grids_without_branch",
                "buildings_without_cell",
                "persons_without_home",
                "misplaced_posts",
            )
        )

    def __repr__(self) -> str:
        return f"<StructuralAudit as of {self._data.get('as_of')}: {self.gap_count()} gaps>"


class ContractAudit(Report):
    """The audit of the recorded contracts against the rules (``quanyu.contracts.audit``).

    Attributes: ``as_of``, ``rules`` (one row per rule: ``kind``, ``targets``, ``covered``,
    ``ratio``, ``uncovered``, ``over_capacity``, ``ineligible``, ``duplicates``). Tables:
    ``coverage`` (per grid, area and subdistrict), ``rules``, ``uncovered``,
    ``over_capacity``, ``ineligible``, ``duplicates``.

    >>> import quanyu
    >>> a = quanyu.contracts.audit(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> a
    <ContractAudit as of 2024-10-13: Compound 23/43, Building 169/391, Neighbours 8943/23427, KeyTask 16/31>
    >>> round(a.rule("Compound").ratio, 3), a.tables[0]
    (0.535, 'coverage')
    """

    def __init__(self, data: Any, tables: dict[str, Table], main: str, core: Any = None) -> None:
        super().__init__(data, tables, main, core)
        for r in self._data.get("rules", []):
            r["ratio"] = 1.0 if r["targets"] == 0 else r["covered"] / r["targets"]

    def rule(self, kind: str) -> Row:
        """The audit of one contract kind."""
        for r in self._data["rules"]:
            if r["kind"].lower() == str(kind).replace("_", "").lower():
                return r  # type: ignore[no-any-return]
        raise KeyError(f"no rule for {kind!r}")

    def __repr__(self) -> str:
        parts = ", ".join(f"{r['kind']} {r['covered']}/{r['targets']}" for r in self._data.get("rules", []))
        return f"<ContractAudit as of {self._data.get('as_of')}: {parts}>"


class Plan(Report):
    """An optimal plan of the contracts (``quanyu.contracts.plan``).

    Attributes: ``as_of``, ``cost``, ``rules`` (per kind: ``targets``, ``covered``, ``added``,
    ``kept``, ``ended``, ``uncovered``, ``cost``). Tables: ``add`` (the new contracts, with
    proximity and cost), ``end``, ``uncovered`` (with the reason), ``rules``.
    :meth:`changes` is the diff to apply with ``Network.apply``.

    >>> import quanyu
    >>> p = quanyu.contracts.plan(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> r = p.rule("Compound")
    >>> (r.covered, r.targets, r.kept, r.added), len(p.changes()) == len(p.table("add")) + len(p.table("end"))
    ((43, 43, 21, 22), True)
    """

    def changes(self) -> Changeset:
        """The plan as a ``Changeset``: ended contracts end the day before, new ones start."""
        return self._core.changes()  # type: ignore[no-any-return]

    def rule(self, kind: str) -> Row:
        """The plan of one contract kind."""
        for r in self._data["rules"]:
            if r["kind"].lower() == str(kind).replace("_", "").lower():
                return r  # type: ignore[no-any-return]
        raise KeyError(f"no rule for {kind!r}")

    def __repr__(self) -> str:
        parts = ", ".join(f"{r['kind']} {r['covered']}/{r['targets']}" for r in self._data.get("rules", []))
        return f"<Plan as of {self._data.get('as_of')}: cost {self._data.get('cost')}; {parts}>"


class Reach(Report):
    """The 一十百 reach of the pioneers (``quanyu.contracts.reach``).

    Attributes: ``pioneers`` (``pioneer``, ``volunteers``, ``households``, ``residents``),
    ``below_ten_volunteers``, ``below_hundred_residents``. Table: ``pioneers``.

    >>> import quanyu
    >>> r = quanyu.contracts.reach(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> r, r.pioneers[0]
    (<Reach: pioneers: 141 rows>, {'pioneer': 'S001-P000115', 'volunteers': 10, 'households': 79, 'residents': 204})
    >>> len(r.below_ten_volunteers), len(r.below_hundred_residents)
    (83, 20)
    """


@dataclass(frozen=True)
class Responsibility:
    """Everyone responsible for a unit on a date (``Network.responsible_for``).

    >>> import quanyu
    >>> net = quanyu.synth.community(2024)
    >>> r = net.responsible_for("S001-A01-G01-C1-B01-0101", quanyu.synth.REFERENCE_DATE)
    >>> r.grid, r.grid_leaders, r.building_cell
    ('S001-A01-G01', ['S001-P000236', 'S001-P063521'], 'S001-A01-G01-C1-B01-CELL')
    """

    unit: str
    contracts: list[ContractRecord] = field(default_factory=list)
    grid: str | None = None
    grid_leaders: list[str] = field(default_factory=list)
    grid_branch: str | None = None
    building_cell: str | None = None


class MatchReport(Report):
    """The result of matching requests to venue slots (``Menu.match_requests``).

    Attributes: ``placed`` and ``unplaced`` (counts), ``score`` (placed by priority, the sum
    of squares of the communities' counts, total travel), ``groups``, ``exact_groups``,
    ``truncated``, ``unplaced_by_reason``. Tables: ``placed`` (request, occurrence, venue,
    start, end, proximity, booking, status) and ``unplaced`` (with the reason).

    >>> import quanyu
    >>> from quanyu import venues
    >>> net = quanyu.synth.community(2024)
    >>> menu = venues.synth_menu(net, 2024)
    >>> _ = menu.add(net, requests=venues.synth_requests(net, menu, "2024-10-07", 20, 7))
    >>> report = menu.match_requests(net)
    >>> report, report.unplaced_by_reason
    (<MatchReport: 24 placed, 2 unplaced>, {'CapacityTooSmall': 1, 'NoVenueInReach': 1})
    """

    def __repr__(self) -> str:
        return f"<MatchReport: {self._data.get('placed')} placed, {self._data.get('unplaced')} unplaced>"
