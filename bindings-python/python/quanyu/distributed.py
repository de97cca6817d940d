"""Work split by township (乡镇/街道), run on a Dask or Spark cluster.

A subdistrict or town is where the contracts are planned, the venues shared and the grid
events escalated, so it is the natural unit of work: nothing in one township's plan, audit or
replay reads another's. :func:`partition` cuts a network into one :class:`Partition` per
township (the township's :meth:`~quanyu.Network.extract` as binary snapshot bytes), and each
per-township function below takes those bytes and returns a ``pyarrow.Table`` whose first
column is ``township``. :func:`run` maps a function over the partitions, in this process or
on a ``dask.distributed.Client``; :func:`spark_apply` does the same through a Spark
``groupBy("township").applyInPandas``. Either way the tables come back concatenated in
township order, so the result is the same table wherever it ran.

>>> import quanyu
>>> from quanyu import distributed
>>> net = quanyu.synth.community(2024)
>>> parts = distributed.partition(net)
>>> [(p.township, p.nbytes > 0) for p in parts]
[('S001', True)]
>>> plan = distributed.run(parts, distributed.plan_contracts)
>>> plan.column_names[:3], plan.num_rows == len(quanyu.contracts.plan(net, quanyu.synth.REFERENCE_DATE).table("add"))
(['township', 'kind', 'holder'], True)

On a cluster, pass the client (every worker needs ``quanyu`` and ``pyarrow`` installed)::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")
    table = distributed.run(parts, distributed.plan_contracts, client=client)

:func:`national` generates a synthetic population township by township on the workers and
brings back only one row of counts per township, so nothing national is ever held in one
process. The extracts drop phone and ID numbers (see :meth:`quanyu.Network.extract`): what
travels to the workers is what the per-township work needs, not the register.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from . import contracts as _contracts
from . import events as _events
from . import synth as _synth
from . import venues as _venues
from ._quanyu import Network

if TYPE_CHECKING:
    # Named privately: pyarrow is imported where it is used, so the name is absent at run time.
    import pyarrow as _pa

__all__ = [
    "Outcome",
    "Partition",
    "audit",
    "gather",
    "match_venues",
    "national",
    "partition",
    "plan_contracts",
    "replay_events",
    "rollup",
    "run",
    "run_each",
    "spark_apply",
    "structural_audit",
    "synth_township",
    "township_seed",
]

TOWNSHIP = "township"
"""The name of the column every per-township table starts with."""


@dataclass(frozen=True)
class Partition:
    """One township's share of a network: its unit id (``township``), its name, and the binary
    snapshot of its extract (``data``), which is all that is shipped to a worker.

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> part.township, part.name, part.nbytes == len(part.data)
    ('S001', '滨江街道', True)
    >>> part.network().unit_count == quanyu.synth.community(2024).subtree_size("S001")
    True
    """

    township: str
    name: str
    data: bytes = field(repr=False)

    @property
    def nbytes(self) -> int:
        """The bytes shipped to the worker that runs this partition (the snapshot's size)."""
        return len(self.data)

    def network(self) -> Network:
        """The township's network, opened from ``data``."""
        return Network.from_snapshot_bytes(self.data)

    def __repr__(self) -> str:
        return f"Partition(township={self.township!r}, name={self.name!r}, nbytes={self.nbytes})"


@dataclass(frozen=True)
class Outcome:
    """What one township's run gave back: its ``table`` and the ``seconds`` the function took
    on the worker (opening the snapshot included, shipping not).

    >>> import quanyu
    >>> [o] = run_each(partition(quanyu.synth.community(2024)), rollup)
    >>> o.township, o.table.num_rows, o.seconds >= 0
    ('S001', 1, True)
    """

    township: str
    table: Any = field(repr=False)
    seconds: float

    def __repr__(self) -> str:
        return f"Outcome(township={self.township!r}, rows={self.table.num_rows}, seconds={self.seconds:.3f})"


def partition(network: Network, level: str = "Subdistrict", townships: Iterable[str] | None = None) -> list[Partition]:
    """One :class:`Partition` per unit of ``level`` (by default the subdistricts and towns),
    or per unit of ``townships`` (ids of units of that level) only, in order of unit id. Each
    is the unit's extract (its subtree, the organisations and key tasks anchored in it, the
    persons who live, work or hold a duty there, without phone or ID numbers) as binary
    snapshot bytes. ``ValueError`` if there is no such unit, or a given id is of another level;
    an unknown id or level raises the network's own error naming it.

    >>> import quanyu
    >>> parts = partition(quanyu.synth.community(2024), level="Area")
    >>> len(parts), parts[0].township
    (5, 'S001-A01')
    >>> [p.township for p in partition(quanyu.synth.community(2024), "Area", townships=["S001-A03", "S001-A02"])]
    ['S001-A02', 'S001-A03']
    """
    if townships is None:
        units = network.units_by_level(level)
    else:
        units = [network.unit(t) for t in dict.fromkeys(townships)]
        for u in units:
            if u.level != level:
                raise ValueError(f"unit {u.id!r} is a {u.level}, not a {level}")
    units = sorted(units, key=lambda u: u.id)
    if not units:
        raise ValueError(f"the network has no unit of level {level!r} to partition by")
    return [Partition(u.id, u.name, network.extract(u.id).to_binary()) for u in units]


def township_seed(seed: int, township: str) -> int:
    """The seed of ``township``'s synthetic data, derived from ``seed`` and the township's id
    or code by BLAKE2b: the same on every machine and in every process (unlike ``hash``), and
    unrelated between neighbouring codes.

    >>> township_seed(2024, "110101001") == township_seed(2024, "110101001")
    True
    >>> township_seed(2024, "110101001") != township_seed(2024, "110101002")
    True
    """
    digest = hashlib.blake2b(f"{int(seed)}/{township}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # below 2**63: every binding takes it


# ---------------------------------------------------------------------------------------------
# Per-township functions: bytes in, an Arrow table with a township column out.


def _open(data: bytes | Partition) -> tuple[str, Network]:
    """The township id (the extract's single root) and its network."""
    if isinstance(data, Partition):
        data = data.data
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"a per-township function takes a Partition or its snapshot bytes, not {type(data).__name__}")
    net = Network.from_snapshot_bytes(bytes(data))
    roots = net.roots()
    if len(roots) != 1:
        raise ValueError(f"the snapshot holds {len(roots)} root units; a township's extract has exactly one")
    return roots[0].id, net


def _with_township(township: str, table: Any) -> _pa.Table:
    import pyarrow as pa

    t = pa.table(table)
    return t.add_column(0, pa.field(TOWNSHIP, pa.string(), nullable=False), pa.array([township] * t.num_rows, pa.string()))


def plan_contracts(
    data: bytes | Partition,
    as_of: _dt.date | str = _synth.REFERENCE_DATE,
    rules: _contracts.Rules | None = None,
    table: str = "add",
) -> _pa.Table:
    """The optimal plan of the four contracts in one township (:func:`quanyu.contracts.plan`):
    its table ``table`` (``add``, ``end``, ``uncovered`` or ``rules``). Contracts never cross a
    subdistrict, so the townships' plans together are the whole network's plan.

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> t = plan_contracts(part.data, table="rules")
    >>> t.column("township").to_pylist()[0], t.num_rows
    ('S001', 4)
    """
    township, net = _open(data)
    return _with_township(township, _contracts.plan(net, as_of, rules).table(table))


def audit(
    data: bytes | Partition,
    as_of: _dt.date | str = _synth.REFERENCE_DATE,
    rules: _contracts.Rules | None = None,
    table: str = "coverage",
) -> _pa.Table:
    """The audit of one township's recorded contracts (:func:`quanyu.contracts.audit`): its
    table ``table`` (``coverage``, ``rules``, ``uncovered``, ``over_capacity``, ``ineligible``
    or ``duplicates``).

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> audit(part.data, table="rules").column("covered").to_pylist()
    [23, 169, 8943, 16]
    """
    township, net = _open(data)
    return _with_township(township, _contracts.audit(net, as_of, rules).table(table))


def structural_audit(data: bytes | Partition, as_of: _dt.date | str = _synth.REFERENCE_DATE, table: str = "gaps") -> _pa.Table:
    """The structural audit of one township (:meth:`quanyu.Network.audit`): its table
    ``table`` (``gaps``, ``grids_short_of_leaders`` or ``misplaced_posts``).

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> structural_audit(part.data).num_rows == part.network().audit(quanyu.synth.REFERENCE_DATE).gap_count()
    True
    """
    township, net = _open(data)
    return _with_township(township, net.audit(as_of).table(table))


def match_venues(
    data: bytes | Partition,
    menus: dict[str, str] | None = None,
    seed: int = 2024,
    requests: int = 100,
    week: _dt.date | str | None = None,
    table: str = "placed",
) -> _pa.Table:
    """Matches a week of venue requests in one township (``Menu.match_requests``) and returns
    the report's table ``table`` (``placed`` or ``unplaced``). The township's menu is
    ``menus[township]`` (a menu's JSON, ``Menu.to_json``) when given, requests included;
    otherwise a synthetic menu of the township and ``requests`` synthetic requests for
    ``week`` (default: the week of the reference date), seeded by :func:`township_seed`.

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> t = match_venues(part.data, requests=20)
    >>> t.column_names[:3], t.num_rows > 0
    (['township', 'request', 'occurrence'], True)
    """
    township, net = _open(data)
    if menus is not None and township in menus:
        menu = _venues.Menu.from_json(menus[township], net)
    else:
        s = township_seed(seed, township)
        menu = _venues.synth_menu(net, s)
        day = _venues.week_of(week if week is not None else _synth.REFERENCE_DATE)
        menu.add(net, requests=_venues.synth_requests(net, menu, day, requests, s))
    return _with_township(township, menu.match_requests(net).table(table))


def replay_events(
    data: bytes | Partition,
    at: _dt.datetime | str = "2024-12-31T17:00:00",
    events_per_grid: int = 20,
    seed: int = 1,
    table: str = "statuses",
) -> _pa.Table:
    """Replays a synthetic year of grid events of one township (``EventBook.synthetic``,
    seeded by :func:`township_seed`) to ``at`` and returns the replay's table ``table``
    (``statuses``, ``cards``, ``escalations`` or ``refusals``). A township's events escalate
    up its own tree, to the township at the highest: an escalation above it (to a district
    office) is not part of a township's replay.

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> t = replay_events(part.data, events_per_grid=2)
    >>> t.column_names[:2], t.num_rows > 0
    (['township', 'id'], True)
    """
    township, net = _open(data)
    book = _events.EventBook.synthetic(net, events_per_grid=events_per_grid, seed=township_seed(seed, township))
    return _with_township(township, book.replay(net, at).table(table))


def _rollup_of(township: str, net: Network, as_of: _dt.date | str) -> _pa.Table:
    import pyarrow as pa
    import pyarrow.compute as pc

    day = _dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    m = pa.table(net.membership_records())
    running = pc.and_(pc.less_equal(m["start"], pa.scalar(day)), pc.fill_null(pc.greater_equal(m["end"], pa.scalar(day)), True))
    members = pc.count_distinct(m.filter(running)["person"]).as_py()
    levels = dict(net.level_counts())
    return pa.table(
        {
            TOWNSHIP: pa.array([township], pa.string()),
            "members": pa.array([members], pa.int64()),
            "organisations": pa.array([net.organisation_count], pa.int64()),
            "units": pa.array([net.unit_count], pa.int64()),
            "households": pa.array([levels.get("Household", 0)], pa.int64()),
            "persons": pa.array([net.person_count], pa.int64()),
        }
    )


def rollup(data: bytes | Partition, as_of: _dt.date | str = _synth.REFERENCE_DATE) -> _pa.Table:
    """One row of counts for one township: ``members`` (persons with a running Party
    membership on ``as_of``), ``organisations``, ``units``, ``households`` and ``persons``.

    >>> import quanyu
    >>> part = partition(quanyu.synth.community(2024))[0]
    >>> rollup(part.data).to_pylist()[0]["organisations"] == part.network().organisation_count
    True
    """
    township, net = _open(data)
    return _rollup_of(township, net, as_of)


def synth_township(township: str, seed: int = 2024, as_of: _dt.date | str = _synth.REFERENCE_DATE) -> _pa.Table:
    """Generates one synthetic township (``quanyu.synth.community`` seeded by
    :func:`township_seed` of ``seed`` and ``township``, a code such as ``"110101001"``) and
    returns its :func:`rollup` row under that code; the network itself is dropped.

    >>> row = synth_township("110101001", seed=2024).to_pylist()[0]
    >>> row["township"], row["members"] > 1000, row["organisations"] > 100
    ('110101001', True, True)
    """
    return _rollup_of(str(township), _synth.community(township_seed(seed, str(township))), as_of)


def national(
    townships: Iterable[str],
    seed: int = 2024,
    client: Any = None,
    as_of: _dt.date | str = _synth.REFERENCE_DATE,
) -> _pa.Table:
    """A synthetic national population generated township by township: each township code is
    sent to a worker (of ``client``, a ``dask.distributed.Client``, or this process when
    ``None``), which generates the township with :func:`synth_township` and sends back only its
    row of counts. Only the codes go out and one row per township comes back, so no process
    ever holds more than one township. Rows are in order of code; ``ValueError`` for a code
    given twice.

    >>> t = national(["110101001", "110101002"], seed=7)
    >>> t.column("township").to_pylist(), sum(t.column("members").to_pylist()) > 2000
    (['110101001', '110101002'], True)
    """
    codes = [str(t) for t in townships]
    seen: set[str] = set()
    for c in codes:
        if c in seen:
            raise ValueError(f"township {c!r} is given twice")
        seen.add(c)
    outcomes = _map(client, synth_township, [(c, c) for c in codes], {"seed": seed, "as_of": as_of})
    return gather(outcomes)


# ---------------------------------------------------------------------------------------------
# Running: in process, on Dask, on Spark.


def _timed(fn: Callable[..., Any], township: str, arg: Any, kwargs: dict[str, Any]) -> Outcome:
    start = time.perf_counter()
    table = fn(arg, **kwargs)
    return Outcome(township, table, time.perf_counter() - start)


def _map(client: Any, fn: Callable[..., Any], items: Sequence[tuple[str, Any]], kwargs: dict[str, Any]) -> list[Outcome]:
    """``fn(arg, **kwargs)`` for each ``(township, arg)``, in this process or on ``client``."""
    if client is None:
        return [_timed(fn, t, a, kwargs) for t, a in items]
    if not (hasattr(client, "submit") and hasattr(client, "gather") and hasattr(client, "scatter")):
        raise TypeError(f"`client` must be a dask.distributed.Client or None, not {type(client).__name__}")
    # Scatter first: large arguments then travel to the workers once, straight from here,
    # instead of inside the task graph through the scheduler.
    args = client.scatter([a for _, a in items], hash=False)
    futures = [client.submit(_timed, fn, t, a, kwargs, pure=False) for (t, _), a in zip(items, args)]
    return list(client.gather(futures))


def run_each(parts: Sequence[Partition], fn: Callable[..., Any], client: Any = None, **kwargs: Any) -> list[Outcome]:
    """``fn(part.data, **kwargs)`` for each partition, as :class:`Outcome` objects in the
    partitions' order: in this process when ``client`` is ``None``, else on the workers of a
    ``dask.distributed.Client``. ``fn`` must be importable by the workers (a module-level
    function such as :func:`plan_contracts`); a failure on a worker is raised here.

    >>> import quanyu
    >>> outcomes = run_each(partition(quanyu.synth.community(2024)), audit, table="rules")
    >>> [(o.township, o.table.num_rows) for o in outcomes]
    [('S001', 4)]
    """
    items = [(p.township, p.data) for p in _partitions(parts)]
    return _map(client, fn, items, kwargs)


def run(parts: Sequence[Partition], fn: Callable[..., Any], client: Any = None, **kwargs: Any) -> _pa.Table:
    """:func:`run_each`, then :func:`gather`: one table, in township order.

    >>> import quanyu
    >>> t = run(partition(quanyu.synth.community(2024)), audit, table="rules")
    >>> t.column("kind").to_pylist()
    ['Compound', 'Building', 'Neighbours', 'KeyTask']
    """
    return gather(run_each(parts, fn, client, **kwargs))


def gather(outcomes: Iterable[Outcome | _pa.Table]) -> _pa.Table:
    """Concatenates per-township tables (or :class:`Outcome` objects) in order of their
    ``township`` column (then of arrival), so the result does not depend on which worker
    finished first. Columns missing from some tables are filled with nulls.

    >>> import pyarrow as pa
    >>> gather([pa.table({"township": ["B"], "x": [2]}), pa.table({"township": ["A"], "x": [1]})]).to_pydict()
    {'township': ['A', 'B'], 'x': [1, 2]}
    """
    import pyarrow as pa

    keyed = []
    for i, o in enumerate(outcomes):
        t = o.table if isinstance(o, Outcome) else o
        if TOWNSHIP not in t.column_names:
            raise ValueError(f"table {i} has no {TOWNSHIP!r} column")
        col = t.column(TOWNSHIP)
        # An outcome knows its township even when its table is empty.
        key = o.township if isinstance(o, Outcome) else (col[0].as_py() if len(col) else "")
        keyed.append((key, i, t))
    if not keyed:
        return pa.table({TOWNSHIP: pa.array([], pa.string())})
    keyed.sort(key=lambda k: (k[0], k[1]))
    return pa.concat_tables([t for _, _, t in keyed], promote_options="default")


def _partitions(parts: Sequence[Partition]) -> list[Partition]:
    out = list(parts)
    for i, p in enumerate(out):
        if not isinstance(p, Partition):
            raise TypeError(f"parts[{i}] is a {type(p).__name__}, not a quanyu.distributed.Partition")
    return out


def _spark_group(fn: Callable[..., Any], kwargs: dict[str, Any]) -> Callable[[Any], Any]:
    """The pandas function Spark calls per township group: runs ``fn`` and returns the table as
    one row of Arrow IPC bytes, so the result's exact Arrow types (dictionaries, dates, lists)
    come back untouched by pandas and no output schema is needed up front."""

    def apply(frame: Any) -> Any:
        import pandas as pd
        import pyarrow as pa

        rows = []
        for township, data in zip(frame[TOWNSHIP], frame["data"]):
            outcome = _timed(fn, township, bytes(data), kwargs)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, outcome.table.schema) as writer:
                writer.write_table(outcome.table)
            rows.append((township, sink.getvalue().to_pybytes(), outcome.seconds))
        return pd.DataFrame(rows, columns=[TOWNSHIP, "arrow", "seconds"])

    return apply


def spark_apply(spark: Any, parts: Sequence[Partition], fn: Callable[..., Any], **kwargs: Any) -> _pa.Table:
    """Runs ``fn(part.data, **kwargs)`` for each partition on Spark: a DataFrame of
    ``(township, data)`` rows, ``groupBy("township").applyInPandas(...)``, each group sending
    its table back as Arrow IPC bytes; the tables are then :func:`gather`-ed in township order,
    so the result equals :func:`run`'s. ``spark`` is a ``SparkSession`` whose Python workers
    can import ``quanyu`` and ``pyarrow``. Keep ``spark.sql.shuffle.partitions`` near the
    number of cores (or leave adaptive execution on): each shuffle partition is a task.

    >>> import quanyu
    >>> spark_apply(None, partition(quanyu.synth.community(2024)), rollup)
    Traceback (most recent call last):
    ...
    TypeError: `spark` must be a pyspark.sql.SparkSession, not NoneType
    """
    import pyarrow as pa

    if not hasattr(spark, "createDataFrame"):
        raise TypeError(f"`spark` must be a pyspark.sql.SparkSession, not {type(spark).__name__}")
    items = _partitions(parts)
    schema = f"{TOWNSHIP} string, data binary"
    try:
        # PySpark 4 takes an Arrow table directly: the snapshots are not pickled row by row.
        source = pa.table({TOWNSHIP: pa.array([p.township for p in items], pa.string()), "data": pa.array([p.data for p in items], pa.binary())})
        frame = spark.createDataFrame(source, schema)
    except TypeError:
        frame = spark.createDataFrame([(p.township, bytearray(p.data)) for p in items], schema)
    grouped = frame.groupBy(TOWNSHIP).applyInPandas(_spark_group(fn, kwargs), f"{TOWNSHIP} string, arrow binary, seconds double")
    tables = [pa.ipc.open_stream(bytes(row["arrow"])).read_all() for row in grouped.collect()]
    return gather(tables)
