"""The classes generated from the core's declarations: one declaration gives the class, its
conversions, its stub and its enum names; a bad record is refused with every problem named."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import quanyu
from quanyu import Changeset, ContractRecord, PostRecord, Role, UnitRecord, _quanyu

HERE = Path(__file__).resolve().parent.parent


def test_the_stubs_are_written_from_the_declarations() -> None:
    done = subprocess.run([sys.executable, str(HERE / "stubgen.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_declared_record_is_a_class_and_every_enum_an_enum() -> None:
    kinds = {d["name"]: d["kind"] for d in _quanyu._DECLARATIONS}
    assert kinds["UnitRecord"] == "record" and kinds["Role"] == "enum"
    for name, kind in kinds.items():
        if kind == "record":
            cls = getattr(_quanyu, name)
            fields = next(d for d in _quanyu._DECLARATIONS if d["name"] == name)["fields"]
            assert set(cls.__match_args__) == {f["name"] for f in fields}
        else:
            assert issubclass(getattr(quanyu._enums, name), str)


@pytest.mark.parametrize("spelling", ["网格长", "GridLeader", "grid_leader", "Grid Leader", "GRID-LEADER"])
def test_every_spelling_of_an_enum_name_reads(spelling: str) -> None:
    assert Role(spelling) is Role.GridLeader
    record = PostRecord.at_unit("P1", spelling, "G1", "2024-01-01")
    assert record.role is Role.GridLeader
    changes = Changeset().add_post(record).changes()
    assert changes == [("AddPost", "P1 as GridLeader")]


def test_an_unknown_name_lists_the_accepted_ones() -> None:
    with pytest.raises(quanyu.InvalidArgumentError) as info:
        Changeset().add_post(PostRecord("P1", "Emperor", "2024-01-01", unit="G1"))
    assert "unknown role `Emperor`; expected one of GridLeader (网格长)" in str(info.value)


def test_records_are_frozen_typed_values() -> None:
    r = UnitRecord("H1", "Household", parent="B1", residents=3, grid_kind="商圈网格")
    assert r.grid_kind is quanyu.GridKind.BusinessDistrict and r.residents == 3
    assert r == pickle.loads(pickle.dumps(r)) == copy.deepcopy(r) and hash(r) == hash(r.replace())
    assert r.replace(name="Home").name == "Home" and r.name == ""
    assert r.to_dict()["parent"] == "B1" and r["level"] == "Household"
    with pytest.raises(AttributeError):
        r.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError, match="has no field `nmae`"):
        r.replace(nmae="x")
    match r:
        case UnitRecord(id, level):
            assert (id, level) == ("H1", "Household")


def test_a_bad_record_lists_every_problem_with_its_row_field_and_value() -> None:
    bad = ContractRecord("Everything", "P1", "H1", "2024-02-30", end=5)  # type: ignore[arg-type]
    with pytest.raises(quanyu.InvalidArgumentError) as info:
        Changeset().add_contract(bad)
    problems = {(p.id, p.field) for p in info.value.problems}
    assert problems == {("P1", "kind"), ("P1", "start"), ("P1", "end")}
    text = str(info.value)
    assert "Everything" in text and "2024-02-30" in text and "int 5" in text
    # A wrong Python type is also a TypeError, as Python's own functions raise.
    assert isinstance(info.value, TypeError)


def test_a_list_of_records_reports_every_bad_row() -> None:
    rows = [UnitRecord("A", "Area"), UnitRecord("B", "Building", residents=-1), {"id": "C", "level": 7}]
    with pytest.raises(quanyu.InvalidArgumentError) as info:
        Changeset().stage_all("add_unit", rows)
    assert {(p.id, p.field) for p in info.value.problems} == {("B", "[1].residents"), ("C", "[2].level")}


def test_personal_fields_stay_out_of_repr() -> None:
    p = quanyu.PersonRecord("P1", name="李伟", phone="13800000000", id_number="110101199003071233")
    assert "13800000000" not in repr(p) and "1101011990" not in repr(p)
    assert p.phone == "13800000000"


def test_a_report_is_typed_and_its_tables_come_from_the_core() -> None:
    net = quanyu.synth.community(3)
    audit = quanyu.contracts.audit(net, quanyu.synth.REFERENCE_DATE)
    rule = audit.rule("包邻里")
    assert isinstance(rule, _quanyu.RuleAudit) and rule.kind is quanyu.ContractKind.Neighbours
    assert 0 <= rule.ratio <= 1 and rule.ratio == rule.covered / rule.targets
    assert audit.table("rules").column("ratio")[2] == rule.ratio
    assert isinstance(audit.as_of, dt.date)
