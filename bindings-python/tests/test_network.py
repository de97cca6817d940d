"""Every public method of Network, the entities and the level scheme."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

import quanyu
from quanyu import (
    Changeset,
    ContractKey,
    ContractRecord,
    GridLayerRecord,
    LeadRecord,
    LevelDef,
    LevelScheme,
    MembershipKey,
    MembershipRecord,
    Network,
    OrganisationRecord,
    PersonRecord,
    PostKey,
    PostRecord,
    ServiceRecord,
    TaskRecord,
    UnitRecord,
)

from conftest import DAY, build_small


def test_shape_and_counts(small: Network) -> None:
    assert (small.unit_count, small.organisation_count, small.person_count, small.task_count) == (9, 3, 4, 1)
    assert "G" in small and "nowhere" not in small and 5 not in small
    assert small.contains_unit("B1") and not small.contains_unit("X")
    assert dict(small.level_counts())["Household"] == 3
    assert "9 units" in repr(small)
    html = small._repr_html_()
    assert "<table>" in html and "Household" in html and len(html) < 2000


def test_entities(small: Network) -> None:
    g = small.unit("G")
    assert (g.id, g.name, g.level, g.grid_kind, g.residents) == ("G", "第1网格", "Grid", "Community", 0)
    assert g == quanyu.Unit("G", "第1网格", "Grid", "Community", 0) and hash(g) == hash(small.unit("G"))
    assert small.organisation("GB").kind == "GridBranch"
    p = small.person("P1")
    assert p.phone == "13800000000" and "1380" not in repr(p)
    t = small.task("T1")
    assert (t.category, t.status, t.deadline) == ("Property", "Open", dt.date(2024, 12, 31))
    assert [u.id for u in small.units()][:3] == ["S", "A", "G"]
    assert len(small.organisations()) == 3 and len(small.persons()) == 4 and len(small.tasks()) == 1
    for obj in (g, p, t, small.organisation("WC")):
        assert pickle.loads(pickle.dumps(obj)) == obj


def test_entity_reprs_are_python_reprs(small: Network) -> None:
    assert repr(small.unit("G")) == "Unit(id='G', name='第1网格', level='Grid', grid_kind='Community', residents=0, code=None)"
    assert repr(quanyu.Person("P9", "O'Brien")) == """Person(id='P9', name="O'Brien", phone=None, id_number=None, moved_out=None)"""
    assert repr(small.organisation("WC")) == "Organisation(id='WC', name='党工委', kind='WorkingCommittee', category=None)"
    assert repr(small.task("T1")).endswith("deadline=datetime.date(2024, 12, 31), status='Open')")


@pytest.mark.parametrize("method", ["unit", "organisation", "person", "task"])
def test_not_found_is_a_key_error(small: Network, method: str) -> None:
    with pytest.raises(KeyError) as info:
        getattr(small, method)("nowhere")
    assert isinstance(info.value, quanyu.NotFoundError) and isinstance(info.value, quanyu.QuanyuError)
    assert info.value.id == "nowhere" and str(info.value) == f"{method} `nowhere` not found"


def test_tree_queries(small: Network) -> None:
    assert small.parent("B1").id == "C" and small.parent("S") is None
    assert [u.id for u in small.children("C")] == ["B1", "B2"]
    assert [u.id for u in small.ancestors("H1")] == ["B1", "C", "G", "A", "S"]
    assert [u.id for u in small.descendants("C")] == ["B1", "H1", "H2", "B2", "H3"]
    assert [u.id for u in small.descendants("C", limit=2)] == ["B1", "H1"]
    assert small.subtree_size("C") == 6 and small.depth("H3") == 5
    assert small.is_ancestor("S", "H3") and not small.is_ancestor("H3", "S") and not small.is_ancestor("G", "G")
    assert small.lowest_common_ancestor("H1", "H3").id == "C"
    assert [u.id for u in small.path("H1", "H3")] == ["H1", "B1", "C", "B2", "H3"]
    assert small.tree_distance("H1", "H3") == 4
    assert small.proximity("H1", "H2") == "SameBuilding" == quanyu.Proximity.SameBuilding
    assert small.proximity("H1", "H3") == "SameCompound"
    assert [u.id for u in small.units_by_level("household")] == ["H1", "H2", "H3"]
    assert [u.id for u in small.units_in("B1", "Household")] == ["H1", "H2"]
    assert [u.id for u in small.units_by_kind("Community")] == ["G"]
    assert [u.id for u in small.roots()] == ["S"]


def test_bad_arguments_raise_documented_errors(small: Network) -> None:
    with pytest.raises(quanyu.InvalidArgumentError):
        small.descendants("S", limit=-1)
    with pytest.raises(quanyu.InvalidArgumentError):
        small.units_named("x", limit=-5)
    with pytest.raises(TypeError):
        small.unit(5)  # type: ignore[arg-type]
    with pytest.raises(quanyu.InvalidArgumentError):
        small.units_by_kind("Moon")
    with pytest.raises(quanyu.NotFoundError):
        small.units_by_level("Province")
    with pytest.raises(TypeError):
        small.members("GB", 20240101)  # type: ignore[arg-type]
    with pytest.raises(quanyu.InvalidArgumentError):
        small.members("GB", "2024-13-45")
    with pytest.raises(quanyu.InvalidArgumentError):
        small.members("GB", DAY, scope="Everything")
    with pytest.raises(quanyu.InvalidArgumentError):
        small.posts_at_unit("G", DAY, role="Emperor")


def test_organisations_and_people(small: Network) -> None:
    assert [o.id for o in small.organisations_at("G")] == ["GB"]
    assert small.anchor("CELL").id == "B1"
    assert small.parent_organisation("CELL").id == "GB" and small.parent_organisation("WC") is None
    assert [o.id for o in small.child_organisations("WC")] == ["GB"]
    assert [p.id for p in small.members("GB", DAY)] == ["P1"]
    assert {p.id for p in small.members("GB", "2024-10-13", scope="Subtree")} == {"P1", "P2"}
    held = small.posts_at_unit("G", DAY, role=quanyu.Role.GridLeader)
    assert [(h.person.id, h.role, h.start) for h in held] == [("P1", "GridLeader", dt.date(2024, 1, 1))]
    assert [h.person.id for h in small.posts_at_organisation("GB", DAY)] == ["P4"]
    assert small.home("P1").id == "H1" and small.home("P4") is None
    assert small.workplace("P3").id == "G"
    assert [p.id for p in small.residents("C")] == ["P1", "P2", "P3"]
    assert small.memberships_of("P1") == [MembershipRecord("P1", "GB", dt.date(2020, 7, 1))]
    assert small.posts_of("P1") == [PostRecord.at_unit("P1", "GridLeader", "G", dt.date(2024, 1, 1))]
    assert small.layer_grid("B1", "policing") == "JW-07" and small.layer_grid("B2", "Policing") is None
    assert small.task_unit("T1").id == "G"


def test_app_lookups(small: Network) -> None:
    r = small.responsible_for("H1", DAY)
    assert (r.grid, r.grid_leaders, r.grid_branch, r.building_cell) == ("G", ["P1"], "GB", "CELL")
    assert r.contracts == [ContractRecord("Neighbours", "P2", "H1", dt.date(2024, 6, 1))]
    assert small.contracts_held("P2", DAY) == r.contracts == small.contracts_on("H1", DAY)
    assert [u.id for u in small.units_named("第1")] == ["G"]
    assert [p.id for p in small.persons_named("王", limit=1)] == ["P1"]
    phone = small.extract("C")
    assert phone.unit_count == 6 and [u.id for u in phone.roots()] == ["C"]


def test_structural_audit(small: Network, community: Network) -> None:
    a = small.audit(DAY)
    assert a.as_of == DAY
    assert [(g.grid, g.leaders) for g in a.grids_short_of_leaders] == [("G", 1)]
    assert a.buildings_without_cell == ["B2"] and a.persons_without_home == ["P4"]
    assert a.gap_count() == len(a.table("gaps")) and not a.is_clean()
    big = community.audit(DAY)
    import pyarrow as pa

    assert pa.table(big).num_rows == big.gap_count()
    assert "StructuralAudit" in repr(big) and "<table>" in big._repr_html_()


def test_scheme() -> None:
    s = LevelScheme.governance()
    assert len(s) == 7 and "grid" in s and list(s)[0] == "Subdistrict"
    assert s.canonical("household") == "Household" and s.canonical("moon") is None
    assert s.parents("Building") == ["Grid", "Compound"] and s.proximity("Compound") == "SameCompound"
    assert LevelScheme.city().names()[:2] == ["City", "District"] and len(LevelScheme.district()) == 8
    lin = LevelScheme.linear(["Province", "City"])
    assert lin.may_contain("Province", "City") and not lin.may_contain("City", "Province")
    custom = LevelScheme([LevelDef("Block"), {"name": "Flat", "parents": ["Block"], "proximity": "SameBuilding"}])
    assert custom.defs()[1] == LevelDef("Flat", ("Block",), "SameBuilding")
    assert pickle.loads(pickle.dumps(custom)) == custom
    with pytest.raises(quanyu.ValidationError) as info:
        LevelScheme([LevelDef("B", ["A"]), LevelDef("A")])
    assert info.value.problems[0].field == "parents"
    with pytest.raises(quanyu.InvalidArgumentError):
        LevelScheme([LevelDef("A", proximity="Nearby")])
    with pytest.raises(TypeError):
        LevelScheme([{"name": "B", "parents": "A"}])
    net = Network(lin)
    net.edit().add_unit(UnitRecord("P", "Province")).add_unit(UnitRecord("C", "City", parent="P")).commit()  # type: ignore[attr-defined]
    assert net.scheme == lin and net.depth("C") == 1


def test_copy_deepcopy_pickle_and_equality(small: Network) -> None:
    for other in (copy.copy(small), copy.deepcopy(small), pickle.loads(pickle.dumps(small)), small.copy()):
        assert other == small and other is not small
        other.apply(Changeset().remove_service(ServiceRecord("P4", "H3")))
        other.apply(Changeset().remove_unit("H3"))
        assert other != small and small.contains_unit("H3")
    assert small != "a network"


def test_every_change_kind(small: Network) -> None:
    c = Changeset()
    c.add_unit(UnitRecord("B3", "Building", parent="G")).update_unit(UnitRecord("B2", "Building", parent="C", name="二号楼"))
    c.move_unit("B3", "C").add_organisation(OrganisationRecord("CELL2", "BuildingCell", anchor="B2", parent="GB"))
    c.update_organisation(OrganisationRecord("GB", "GridBranch", name="网格支部", anchor="G", parent="WC"))
    c.add_person(PersonRecord("P5", home="H3")).update_person(PersonRecord("P4", name="陈静", home="H2"))
    c.add_membership(MembershipRecord("P5", "CELL2", DAY))
    c.end_membership(MembershipKey("P1", "GB", dt.date(2020, 7, 1)), DAY)
    c.add_post(PostRecord.at_unit("P5", "SecondBuildingLeader", "B2", DAY))
    c.end_post(PostKey("P1", "GridLeader", dt.date(2024, 1, 1), unit="G"), DAY)
    c.set_grid_layer(GridLayerRecord("B2", "Policing", "JW-08")).clear_grid_layer("B1", "Policing")
    c.add_task(TaskRecord("T2", "C", "Grid", DAY)).update_task(TaskRecord("T1", "G", "Property", DAY, status="Done"))
    c.add_lead(LeadRecord("P3", "P5")).remove_lead(LeadRecord("P3", "P4"))
    c.add_service(ServiceRecord("P5", "H1")).remove_service(ServiceRecord("P4", "H3"))
    c.add_contract(ContractRecord("Building", "P5", "B2", DAY))
    c.end_contract(ContractKey("Neighbours", "P2", "H1", dt.date(2024, 6, 1)), DAY)
    assert len(c) == 21 and c.changes()[0] == ("AddUnit", "B3")
    assert small.check(c) == []
    s = small.apply(c)
    assert s.added >= 8 and s.updated >= 4
    assert small.parent("B3").id == "C" and small.unit("B2").name == "二号楼"
    assert small.layer_grid("B2", "Policing") == "JW-08" and small.task("T1").status == "Done"
    r = Changeset().remove_contract(ContractKey("Building", "P5", "B2", DAY))
    r.remove_post(PostKey("P5", "SecondBuildingLeader", DAY, unit="B2"))
    r.remove_membership(MembershipKey("P5", "CELL2", DAY)).remove_task("T2")
    r.remove_service(ServiceRecord("P5", "H1")).remove_lead(LeadRecord("P3", "P5"))
    assert small.apply(r).removed == 6
    assert small.apply(Changeset().remove_person("P5").remove_organisation("CELL2").remove_unit("B3")).removed == 3
    assert not small.contains_unit("B3")


def test_refused_edits_change_nothing(small: Network) -> None:
    before = small.copy()
    c = Changeset().add_unit(UnitRecord("X", "Building", parent="A")).move_unit("G", "nowhere")
    c.add_person(PersonRecord("P1"))
    problems = small.check(c)
    assert len(problems) == 3 and all(isinstance(p, tuple) and len(p) == 3 for p in problems)
    with pytest.raises(quanyu.ValidationError) as info:
        small.apply(c)
    assert isinstance(info.value, ValueError) and len(info.value.problems) == 3
    assert sorted(p.id for p in info.value.problems) == ["G", "P1", "X"]
    assert small == before
    with pytest.raises(quanyu.ValidationError):
        with small.edit() as e:
            e.remove_unit("S")
    assert small == before
    with pytest.raises(RuntimeError):
        with small.edit() as e:
            e.add_unit(UnitRecord("Y", "Building", parent="C"))
            raise RuntimeError("abandon")
    assert "Y" not in small


@pytest.mark.parametrize(
    "record, error",
    [
        (UnitRecord("X", "Building", residents=-1), quanyu.InvalidArgumentError),
        (UnitRecord("X", "Building", grid_kind="Moon"), quanyu.InvalidArgumentError),
        (UnitRecord(5, "Building"), TypeError),  # type: ignore[arg-type]
        ({"id": "X"}, TypeError),
        ("not a record", TypeError),
    ],
)
def test_bad_records_are_refused_when_staged(record: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        Changeset().add_unit(record)


def test_bad_dates_and_kinds() -> None:
    with pytest.raises(quanyu.InvalidArgumentError):
        Changeset().add_post(PostRecord("P", "GridLeader", "2024-02-30", unit="G"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Changeset().add_post(PostRecord("P", "GridLeader", 2024, unit="G"))  # type: ignore[arg-type]
    with pytest.raises(quanyu.InvalidArgumentError):
        Changeset().add_contract(ContractRecord("Everything", "P", "H", DAY))
    with pytest.raises(quanyu.InvalidArgumentError):
        Changeset().stage_all("remove_everything", [])


def test_edit_remove_subtree_and_dict_records(small: Network) -> None:
    small.apply(Changeset().remove_service(ServiceRecord("P4", "H3")))
    e = small.edit()
    e.remove_subtree("B2")
    e.update_person({"id": "P3", "name": "张敏"})
    assert e.network is small and "Edit of 3" in repr(e)
    e.commit()
    assert small.unit_count == 7 and small.home("P3") is None


def test_json_snapshots_and_files(small: Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = small.to_json()
    assert text.startswith('{"format":"quanyu/3"')
    assert Network.from_json(text) == small == Network.from_json(text.encode())
    path = tmp_path / "net.json"
    small.save(path)
    assert Network.load(str(path)) == small
    with pytest.raises(FileNotFoundError):
        Network.load(tmp_path / "missing.json")
    with pytest.raises(quanyu.ParseError) as info:
        Network.from_json("{ not json")
    assert info.value.line == 1 and isinstance(info.value, ValueError)
    with pytest.raises(quanyu.ParseError):
        Network.from_json('{"format": "quanyu/9"}')
    with pytest.raises(TypeError):
        Network.from_json(5)  # type: ignore[arg-type]
    with pytest.raises(OSError):
        small.save(tmp_path / "no" / "such" / "dir" / "x.json")


def test_binary_snapshots(small: Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = small.to_binary()
    assert isinstance(data, bytes) and len(data) < len(small.to_json())
    assert Network.from_binary(data) == small == Network.from_snapshot_bytes(data)
    assert Network.from_snapshot_bytes(small.to_json().encode()) == small
    path = tmp_path / "net.qyb"
    small.save_binary(path)
    assert Network.load_snapshot(path) == small
    small.save(tmp_path / "net.json")
    assert Network.load_snapshot(tmp_path / "net.json") == small
    # A flipped byte fails the checksum; a cut-off snapshot is refused; nothing panics.
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0xFF
    for bad in (bytes(flipped), data[: len(data) // 2], b"", data[:8]):
        with pytest.raises(quanyu.ParseError):
            Network.from_binary(bad)
    with pytest.raises(FileNotFoundError):
        Network.load_snapshot(tmp_path / "missing.qyb")


def test_csv_round_trip_and_bad_csv(small: Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    small.export_csv(tmp_path / "csv", reveal=quanyu.privacy.Reveal("test", "backup", ["phone", "id_number"]))
    back = Network()
    back.import_csv(tmp_path / "csv")
    assert back == small
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "units.csv").write_text("id,level,parent\nS,Subdistrict,\nG,Grid,S\n")
    fresh = Network()
    with pytest.raises(quanyu.ValidationError) as info:
        fresh.import_csv(bad)
    p = info.value.problems[0]
    assert (p.id, p.field, p.origin) == ("G", "parent", quanyu.Origin("units.csv", 2))
    assert fresh.unit_count == 0
    with pytest.raises(FileNotFoundError):
        fresh.import_csv(tmp_path / "nowhere")


def test_batch_queries_agree_with_single_calls(community: Network) -> None:
    import numpy as np
    import pyarrow as pa

    units = [u.id for u in community.units()]
    rng = np.random.default_rng(7)
    a = [units[i] for i in rng.integers(0, len(units), 500)]
    b = [units[i] for i in rng.integers(0, len(units), 500)]
    got = community.is_ancestor_batch(np.array(a), pa.array(b))
    assert got.dtype == bool and got.tolist() == [community.is_ancestor(x, y) for x, y in zip(a, b)]
    lca = pa.array(community.lowest_common_ancestor_batch(a, b))
    assert lca.to_pylist() == [community.lowest_common_ancestor(x, y).id for x, y in zip(a, b)]
    anc = pa.array(community.ancestors_batch(pa.chunked_array([a[:10], a[10:20]])))
    assert anc.to_pylist() == [[u.id for u in community.ancestors(x)] for x in a[:20]]
    assert community.subtree_size_batch(a).tolist() == [community.subtree_size(x) for x in a]
    desc = pa.array(community.descendants_batch(a[:30]))
    assert desc.to_pylist() == [[u.id for u in community.descendants(x)] for x in a[:30]]
    assert community.depth_batch(a).tolist() == [community.depth(x) for x in a]
    assert community.residents_batch(a[:50]).tolist() == [
        community.unit(x).residents + sum(u.residents for u in community.descendants(x)) for x in a[:50]
    ]
    assert community.count_in_batch(a[:50], "Household").tolist() == [len(community.units_in(x, "Household")) for x in a[:50]]
    with pytest.raises(quanyu.NotFoundError):
        community.depth_batch(["nowhere"])
    with pytest.raises(quanyu.InvalidArgumentError):
        community.is_ancestor_batch(a[:3], b[:4])
    with pytest.raises(TypeError):
        community.depth_batch("S001")
    with pytest.raises(TypeError):
        community.depth_batch(pa.array([1, 2]))
    with pytest.raises(quanyu.InvalidArgumentError):
        community.depth_batch(pa.array(["S001", None]))


def test_to_networkx(small: Network) -> None:
    import networkx as nx

    tree = small.to_networkx()
    assert nx.is_arborescence(tree) and tree.nodes["H1"]["residents"] == 3 and tree.has_edge("C", "B1")
    g = small.to_networkx("network")
    assert g.nodes["P1"]["kind"] == "person" and g.nodes["B1"]["layers"] == {"Policing": "JW-07"}
    rels = {d["relation"] for _, _, d in g.edges(data=True)}
    assert rels == {"contains", "oversees", "anchored_on", "lives_in", "works_at", "task_at", "member_of", "holds_post", "leads", "serves", "contract"}
    with pytest.raises(ValueError):
        small.to_networkx("everything")  # type: ignore[arg-type]


def test_synthetic_cities_and_progress() -> None:
    seen: list[tuple[int, int]] = []
    net = quanyu.synth.generate("community", 3, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 1) and seen[-1] == (1, 1)
    assert net == quanyu.synth.community(3)
    with pytest.raises(quanyu.InvalidArgumentError):
        quanyu.synth.generate("galaxy", 1)
    with pytest.raises(quanyu.InvalidArgumentError):
        quanyu.synth.community(-1)
    with pytest.raises(TypeError):
        quanyu.synth.community(1, progress=5)  # type: ignore[arg-type]

    def boom(done: int, total: int) -> None:
        raise ZeroDivisionError("from the callback")

    with pytest.raises(ZeroDivisionError):
        quanyu.synth.community(1, progress=boom)


def test_threads_share_a_network() -> None:
    import threading

    net = build_small()
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(200):
                net.ancestors("H1")
                net.audit(DAY)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    def writer() -> None:
        try:
            for i in range(50):
                net.apply(Changeset().add_unit(UnitRecord(f"X{i}", "Household", parent="B2")))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and net.unit_count == 59


def test_units_from_foreign_columns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cities.csv"
    path.write_text("code,name,provinceCode\n11,北京市,\n1101,市辖区,11\n")
    scheme = LevelScheme.linear(["Province", "City"])
    net = Network(scheme)
    c = quanyu.read_units_with(path, id="code", name="name", parent="provinceCode", level="City")
    assert len(c) == 2
    with pytest.raises(quanyu.ValidationError):
        net.apply(c)  # 11 is a city here, and a city cannot contain a city
    with pytest.raises(quanyu.InvalidArgumentError):
        quanyu.read_units_with(path, id="code")
    with pytest.raises(quanyu.ValidationError) as info:
        quanyu.read_units_with(path, id="nope", level="City")
    assert info.value.problems[0].field == "nope"
    with pytest.raises(FileNotFoundError):
        quanyu.read_units_with(tmp_path / "missing.csv", id="code", level="City")
