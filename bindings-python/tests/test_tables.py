"""Arrow tables out (every entity list and report) and DataFrames in."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute
import pytest

import quanyu
from quanyu.privacy import Reveal
from quanyu import Network

from conftest import DAY, build_small

TABLES = {
    "unit_records": ["id", "name", "level", "parent", "grid_kind", "residents", "code"],
    "organisation_records": ["id", "name", "kind", "parent", "anchor", "category"],
    "person_records": ["id", "name", "home", "works_at", "phone", "id_number", "moved_out"],
    "membership_records": ["person", "organisation", "start", "end"],
    "post_records": ["person", "role", "unit", "organisation", "start", "end"],
    "grid_layer_records": ["building", "layer", "grid"],
    "task_records": ["id", "name", "unit", "category", "deadline", "status"],
    "lead_records": ["pioneer", "volunteer"],
    "service_records": ["volunteer", "household"],
    "contract_records": ["kind", "holder", "target", "start", "end"],
}


@pytest.mark.parametrize("method", sorted(TABLES))
def test_every_entity_table_reaches_pyarrow_polars_and_pandas(community: Network, method: str) -> None:
    t = getattr(community, method)()
    assert t.column_names == TABLES[method]
    at = pa.table(t)
    assert at.num_rows == len(t) > 0 and at.column_names == TABLES[method]
    assert pl.DataFrame(t).shape == (len(t), len(TABLES[method]))
    assert isinstance(t.to_pandas(), pd.DataFrame) and len(t.to_pandas()) == len(t)
    assert pl.DataFrame(t).equals(t.to_polars())
    assert t.to_pylist(limit=2) == at.slice(0, 2).to_pylist()
    assert "rows" in repr(t) and "<table>" in t._repr_html_()


def test_table_types_and_privacy(small: Network) -> None:
    units = pa.table(small.unit_records())
    assert units.schema.field("level").type == pa.dictionary(pa.uint32(), pa.string())
    assert units.schema.field("residents").type == pa.uint32()
    assert pa.table(small.membership_records()).column("start").type == pa.date32()
    assert pa.table(small.membership_records()).column("start")[0].as_py() == dt.date(2020, 7, 1)
    masked = pa.table(small.person_records())
    # The personal columns are there, with their types, masked by their declared rules.
    assert masked.schema.field("phone").type == pa.string()
    assert masked.column("phone")[0].as_py() == "138****0000"
    private = small.person_records(reveal=Reveal("t", "grid_service", ["phone"]))
    assert private.column("phone")[0] == "13800000000"
    assert "13800000000" not in private._repr_html_()
    assert small.unit_records(level="Household").column("id") == ["H1", "H2", "H3"]
    assert small.unit_records(within="B1").column("id") == ["B1", "H1", "H2"]
    assert small.unit_records(level="Household", within="B2").column("id") == ["H3"]
    assert len(Network().unit_records()) == 0 and pa.table(Network().unit_records()).num_rows == 0
    with pytest.raises(quanyu.NotFoundError):
        small.unit_records(level="Moon")
    with pytest.raises(quanyu.InvalidArgumentError):
        small.unit_records().column("nope")


def test_the_columns_are_not_copied(community: Network) -> None:
    t = community.unit_records()
    a = pa.table(t)
    b = pa.table(t)
    # Both tables view the same Arrow buffers that the quanyu table holds.
    assert a.column("id").chunk(0).buffers()[2].address == b.column("id").chunk(0).buffers()[2].address


def test_reports_are_tables(community: Network) -> None:
    audit = quanyu.contracts.audit(community, DAY)
    assert audit.tables[0] == "coverage" and pa.table(audit).num_rows == len(audit.table())
    for name in audit.tables:
        pa.table(audit.table(name))
    plan = quanyu.contracts.plan(community, DAY)
    assert pl.DataFrame(plan).columns == ["kind", "holder", "target", "start", "end", "proximity", "cost"]
    assert plan.to_pandas("rules")["covered"].sum() == sum(r.covered for r in plan.rules)
    with pytest.raises(KeyError):
        plan.table("nope")


def frames_of(net: Network) -> dict[str, pa.Table]:
    return {
        "units": pa.table(net.unit_records()),
        "organisations": pa.table(net.organisation_records()),
        "persons": pa.table(net.person_records(reveal=Reveal("t", "backup", ["phone", "id_number"]))),
        "memberships": pa.table(net.membership_records()),
        "posts": pa.table(net.post_records()),
        "grid_layers": pa.table(net.grid_layer_records()),
        "tasks": pa.table(net.task_records()),
        "leads": pa.table(net.lead_records()),
        "serves": pa.table(net.service_records()),
        "contracts": pa.table(net.contract_records()),
    }


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "pandas"])
def test_networks_from_dataframes(kind: str) -> None:
    small = build_small()
    frames: dict[str, object] = dict(frames_of(small))
    if kind == "polars":
        frames = {k: pl.from_arrow(v) for k, v in frames.items()}
    elif kind == "pandas":
        frames = {k: v.to_pandas() for k, v in frames.items()}
    assert Network.from_frames(**frames) == small


def test_pandas_without_arrow_types() -> None:
    # Plain object and float columns (pandas' integers with gaps) read like CSV cells.
    units = pd.DataFrame(
        {"id": ["S", "A", "H"], "level": ["Subdistrict", "Area", "Household"], "parent": [None, "S", None], "residents": [None, None, 3.0]}
    )
    net = Network(quanyu.LevelScheme.linear(["Subdistrict", "Area", "Household"]))
    units.loc[2, "parent"] = "A"
    summary = net.import_frames(units=units)
    assert summary.added == 3 and net.unit("H").residents == 3
    posts = pd.DataFrame({"person": ["P"], "role": ["Volunteer"], "unit": ["A"], "start": [pd.Timestamp("2024-01-01")]})
    net.import_frames(persons=pd.DataFrame({"id": ["P"]}), posts=posts)
    assert net.posts_of("P")[0].start == dt.date(2024, 1, 1)


def test_bad_frames_are_refused_whole_with_rows_named() -> None:
    net = build_small()
    before = net.copy()
    units = pa.table({"id": ["X1", "X2"], "level": ["Building", "Building"], "parent": ["C", "nowhere"], "residents": ["1", "many"]})
    posts = pa.table({"person": ["P1"], "role": ["Emperor"], "unit": ["G"], "start": ["2024-01-01"]})
    with pytest.raises(quanyu.ValidationError) as info:
        net.import_frames(units=units, posts=posts)
    got = {(p.id, p.field, p.origin) for p in info.value.problems}
    assert ("X2", "residents", quanyu.Origin("units", 2)) in got
    assert any(p.field == "role" and p.origin == quanyu.Origin("posts", 1) for p in info.value.problems)
    assert net == before
    with pytest.raises(quanyu.ValidationError) as info:
        net.import_frames(units=pa.table({"name": ["x"]}))
    assert {p.field for p in info.value.problems} == {"id", "level"}
    with pytest.raises(TypeError):
        net.import_frames(units=[1, 2, 3])
    with pytest.raises(TypeError):
        net.import_frames(galaxies=units)
    # A dangling reference in one frame refuses the others too.
    with pytest.raises(quanyu.ValidationError):
        net.import_frames(units=pa.table({"id": ["B9"], "level": ["Building"], "parent": ["C"]}), contracts=pa.table(
            {"kind": ["Building"], "holder": ["nobody"], "target": ["B9"], "start": ["2024-01-01"]}))
    assert net == before


def test_unit_table_paths_agree(community: Network) -> None:
    everything = pa.table(community.unit_records())
    for level in ["Household", "Building", "Grid", "Subdistrict"]:
        fast = pa.table(community.unit_records(level=level))
        slow = everything.filter(pa.compute.equal(everything.column("level").cast(pa.string()), level))
        assert fast.column("id").to_pylist() == slow.column("id").to_pylist()
        assert fast.column("parent").to_pylist() == slow.column("parent").to_pylist()
    within = pa.table(community.unit_records(within="S001-A01"))
    assert within.column("id").to_pylist()[0] == "S001-A01" and within.num_rows == community.subtree_size("S001-A01")


def test_imports_report_progress(small: Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    back = Network.from_frames(progress=lambda d, t: seen.append((d, t)), **frames_of(small))
    assert back == small and seen == [(0, 11), (10, 11), (11, 11)]
    small.export_csv(tmp_path, reveal=quanyu.privacy.Reveal("test", "backup", ["phone", "id_number"]))
    seen.clear()
    Network().import_csv(tmp_path, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 1), (1, 1)]
