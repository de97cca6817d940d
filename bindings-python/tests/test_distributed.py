"""quanyu.distributed: work split by township and run on Dask and Spark gives exactly the tables
of the single-process run; the townships' results together are the whole city's (checked
against the whole network, computed without the partitions); the national synthetic population
rolls up township by township."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pytest

import quanyu
from quanyu import contracts, distributed

DAY = quanyu.synth.REFERENCE_DATE
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
DIVISIONS = Path(__file__).resolve().parents[2] / "core/tests/data/divisions/streets.csv"

# Each per-township function with small options, so that the whole module stays quick.
FUNCTIONS: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
    ("plan_add", distributed.plan_contracts, {}),
    ("plan_uncovered", distributed.plan_contracts, {"table": "uncovered"}),
    ("audit_coverage", distributed.audit, {}),
    ("structural_gaps", distributed.structural_audit, {}),
    ("venues_placed", distributed.match_venues, {"requests": 40}),
    ("events_statuses", distributed.replay_events, {"events_per_grid": 3}),
    ("rollup", distributed.rollup, {}),
]
IDS = [name for name, _, _ in FUNCTIONS]


@pytest.fixture(scope="module")
def city() -> quanyu.Network:
    """The smallest synthetic city with several subdistricts: a district of 15."""
    return quanyu.synth.district(1)


# Four of the district's fifteen subdistricts: enough townships to spread over two workers
# while keeping the module quick.
TOWNSHIPS = ["S001", "S004", "S009", "S015"]


@pytest.fixture(scope="module")
def parts(city: quanyu.Network) -> list[distributed.Partition]:
    return distributed.partition(city, townships=list(reversed(TOWNSHIPS)))


def _in_townships(city: quanyu.Network, table: Any) -> pa.Table:
    """The rows of a whole-network contracts table whose target (a unit, or a key task's unit)
    lies in one of TOWNSHIPS."""
    t = pa.table(table)
    units = [city.task_unit(x).id if k == "KeyTask" else x for k, x in zip(t["kind"].to_pylist(), t["target"].to_pylist())]  # type: ignore[union-attr]
    return t.filter(_within(city, units))


def _within(city: quanyu.Network, units: list[str]) -> pa.Array:
    """Whether each unit is one of TOWNSHIPS or below one."""
    keep = [False] * len(units)
    for s in TOWNSHIPS:
        below = city.is_ancestor_batch([s] * len(units), units) if units else []
        keep = [k or u == s or bool(b) for k, u, b in zip(keep, units, below)]
    return pa.array(keep, pa.bool_())


@pytest.fixture(scope="module")
def single(parts: list[distributed.Partition]) -> dict[str, pa.Table]:
    """Every function run in this process, one township after the other."""
    return {name: distributed.run(parts, fn, **kw) for name, fn, kw in FUNCTIONS}


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    from dask.distributed import Client, LocalCluster

    # Worker processes inherit this environment (PYTHONPATH, the venv's interpreter), so they
    # import the same quanyu as the test.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java, and none is installed")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quanyu-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.log.level", "ERROR")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def _rows(table: Any, drop: tuple[str, ...] = ()) -> pa.Table:
    """The table's rows in a canonical order, dictionary columns decoded: two tables with the
    same rows in any order compare equal."""
    t = pa.table(table).drop_columns(list(drop))
    plain = pa.table(
        {n: c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for n, c in zip(t.column_names, t.columns)}
    )
    return plain.sort_by([(n, "ascending") for n in plain.column_names]).combine_chunks()


# --- partitions --------------------------------------------------------------------------------


def test_partitions_are_the_chosen_subtrees(city: quanyu.Network, parts: list[distributed.Partition]) -> None:
    assert [p.township for p in parts] == TOWNSHIPS
    for p in parts:
        net = p.network()
        assert p.nbytes == len(p.data) > 0
        assert [r.id for r in net.roots()] == [p.township]
        assert sorted(u.id for u in net.units()) == sorted([p.township] + [u.id for u in city.descendants(p.township)])


def test_partitions_cover_every_unit_below_the_root_once() -> None:
    net = quanyu.synth.community(5)
    parts = distributed.partition(net, level="Area")
    assert [p.township for p in parts] == sorted(u.id for u in net.units_by_level("Area"))
    seen = [u.id for p in parts for u in p.network().units()]
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(u.id for u in net.units() if u.level != "Subdistrict")


def test_partition_refuses_a_level_without_units(city: quanyu.Network) -> None:
    with pytest.raises(ValueError, match="no unit of level 'Subdistrict'"):
        distributed.partition(quanyu.Network())
    with pytest.raises(quanyu.QuanyuError):
        distributed.partition(city, level="Galaxy")
    with pytest.raises(ValueError, match="'S001-A01' is a Area, not a Subdistrict"):
        distributed.partition(city, townships=["S001", "S001-A01"])
    with pytest.raises(quanyu.NotFoundError):
        distributed.partition(city, townships=["S999"])


def test_bad_input_is_named() -> None:
    with pytest.raises(TypeError, match="Partition or its snapshot bytes"):
        distributed.plan_contracts("S001")  # type: ignore[arg-type]
    with pytest.raises(quanyu.QuanyuError):
        distributed.plan_contracts(b"not a snapshot")
    with pytest.raises(TypeError, match="dask.distributed.Client"):
        distributed.run([], distributed.rollup, client=object())
    with pytest.raises(TypeError, match=r"parts\[0\] is a str"):
        distributed.run(["S001"], distributed.rollup)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="'1' is given twice"):
        distributed.national(["1", "2", "1"])
    with pytest.raises(ValueError, match="table 0 has no 'township' column"):
        distributed.gather([pa.table({"x": [1]})])


# --- the townships together are the whole city ------------------------------------------------


def test_the_townships_plans_are_the_whole_plan(city: quanyu.Network, single: dict[str, pa.Table]) -> None:
    whole = contracts.plan(city, DAY)
    assert _rows(single["plan_add"], drop=("township",)).equals(_rows(_in_townships(city, whole.table("add"))))
    assert _rows(single["plan_uncovered"], drop=("township",)).equals(_rows(_in_townships(city, whole.table("uncovered"))))
    # Each new contract's target (a unit, or a key task) lies in the township that planned it.
    add = single["plan_add"].filter(pa.compute.not_equal(single["plan_add"]["kind"].cast(pa.string()), "KeyTask"))
    assert add.num_rows > 0
    assert all(city.is_ancestor_batch(add["township"].to_pylist(), add["target"].to_pylist()))


def test_the_townships_audits_are_the_whole_audit(city: quanyu.Network, single: dict[str, pa.Table]) -> None:
    whole = pa.table(contracts.audit(city, DAY).table("coverage"))
    assert _rows(single["audit_coverage"], drop=("township",)).equals(_rows(whole.filter(_within(city, whole["unit"].to_pylist()))))


def test_rollups_count_what_the_whole_network_holds(city: quanyu.Network, single: dict[str, pa.Table]) -> None:
    rows = {r["township"]: r for r in single["rollup"].to_pylist()}
    assert list(rows) == TOWNSHIPS
    orgs = pa.table(city.organisation_records()).to_pylist()
    for township, row in rows.items():
        inside = [o["id"] for o in orgs if o["anchor"] in (township,) or (o["anchor"] and city.is_ancestor(township, o["anchor"]))]
        members = {p.id for o in inside for p in city.members(o, DAY, scope="Direct")}
        households = len(city.units_in(township, "Household"))
        assert (row["organisations"], row["members"], row["households"]) == (len(inside), len(members), households)
        assert row["units"] == city.subtree_size(township)


# --- Dask and Spark give the single-process tables exactly --------------------------------------


@pytest.mark.parametrize(("name", "fn", "kw"), FUNCTIONS, ids=IDS)
def test_dask_gives_the_single_process_tables(
    dask_client: Any, parts: list[distributed.Partition], single: dict[str, pa.Table], name: str, fn: Callable[..., Any], kw: dict[str, Any]
) -> None:
    got = distributed.run(parts, fn, client=dask_client, **kw)
    assert got.schema == single[name].schema
    assert got.equals(single[name])


def test_dask_outcomes_come_back_in_township_order(dask_client: Any, parts: list[distributed.Partition]) -> None:
    outcomes = distributed.run_each(parts, distributed.rollup, client=dask_client)
    assert [o.township for o in outcomes] == [p.township for p in parts]
    assert all(o.seconds > 0 and o.table.num_rows == 1 for o in outcomes)


# Spark starts a job per call, so three functions only, whose tables between them hold
# dictionaries, dates, strings, nulls, lists, booleans and integers.
SPARK = [f for f in FUNCTIONS if f[0] in ("plan_add", "events_statuses", "rollup")]


@pytest.mark.parametrize(("name", "fn", "kw"), SPARK, ids=[f[0] for f in SPARK])
def test_spark_gives_the_single_process_tables(
    spark: Any, parts: list[distributed.Partition], single: dict[str, pa.Table], name: str, fn: Callable[..., Any], kw: dict[str, Any]
) -> None:
    got = distributed.spark_apply(spark, parts, fn, **kw)
    assert got.schema == single[name].schema
    assert got.equals(single[name])


# --- the national population, township by township ---------------------------------------------


def _codes(n: int) -> list[str]:
    lines = DIVISIONS.read_text(encoding="utf-8").splitlines()[1 : n + 1]
    return [line.split(",")[0] for line in lines]


def test_national_rollups_count_each_generated_township(dask_client: Any) -> None:
    codes = _codes(3)
    here = distributed.national(codes, seed=11)
    assert here.column("township").to_pylist() == sorted(codes)
    assert distributed.national(list(reversed(codes)), seed=11, client=dask_client).equals(here)
    for row in here.to_pylist():
        # The township again, generated directly here and counted independently.
        net = quanyu.synth.community(distributed.township_seed(11, row["township"]))
        members = {p.id for o in net.organisations() for p in net.members(o.id, DAY, scope="Direct")}
        assert row["members"] == len(members)
        assert (row["organisations"], row["units"], row["persons"]) == (net.organisation_count, net.unit_count, net.person_count)
    # Different townships are different places; another seed is another country.
    assert len(set(here.column("members").to_pylist())) == len(codes)
    assert not distributed.national(codes[:1], seed=12).equals(here.slice(0, 1))
