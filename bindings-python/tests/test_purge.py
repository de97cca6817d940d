"""Retention: ``Network.purge`` removes the personal fields of persons who left once their
retention ran out, returns a ``PurgeReport`` and leaves a refused call without effect."""

from __future__ import annotations

import datetime as dt

import pytest

import quanyu
from quanyu import ContractRecord, PersonRecord, PostRecord, UnitRecord
from quanyu.privacy import PurgedField, PurgeReport

PHONE = "13800000001"
ID = "11010519491231002X"
AS_OF = dt.date(2026, 6, 30)


def person(pid: str, **extra: object) -> PersonRecord:
    return PersonRecord(pid, phone=PHONE, id_number=ID, **extra)


def build() -> quanyu.Network:
    net = quanyu.Network()
    with net.edit() as e:
        e.add_unit(UnitRecord("S", "Subdistrict"))
        e.add_unit(UnitRecord("A", "Area", parent="S"))
        e.add_unit(UnitRecord("G", "Grid", parent="A"))
        e.add_unit(UnitRecord("B", "Building", parent="G"))
        e.add_unit(UnitRecord("H1", "Household", parent="B"))
        e.add_person(person("resident", home="H1"))
        e.add_person(person("gone4", moved_out="2022-06-30"))
        e.add_person(person("gone2", moved_out=dt.date(2024, 6, 30)))
        e.add_person(person("contractor"))
        e.add_contract(ContractRecord("Neighbours", "contractor", "H1", "2019-01-01", end="2021-06-30"))
        e.add_person(person("leader"))
        e.add_post(PostRecord.at_unit("leader", "GridLeader", "G", "2020-01-01"))
        e.add_person(person("undated"))
    return net


def held(net: quanyu.Network, pid: str) -> tuple[bool, bool]:
    p = net.person(pid)
    return (p.phone is not None, p.id_number is not None)


def test_moved_out_is_a_person_field() -> None:
    p = PersonRecord("P1", moved_out="2023-03-31")
    assert p.moved_out == dt.date(2023, 3, 31)
    assert PersonRecord("P1").moved_out is None
    assert p.replace(moved_out=None).moved_out is None


def test_purge_removes_what_is_past_its_retention() -> None:
    net = build()
    report = net.purge(AS_OF, "ops-01")
    assert isinstance(report, PurgeReport)
    assert report.as_of == AS_OF
    removed = {(r.person, r.field) for r in report.removed}
    assert removed == {
        ("gone4", "phone"),
        ("gone4", "id_number"),
        ("gone2", "id_number"),
        ("contractor", "phone"),
        ("contractor", "id_number"),
    }
    assert all(isinstance(r, PurgedField) for r in report.removed)
    ends = {r.person: r.last_link_end for r in report.removed}
    assert ends["contractor"] == dt.date(2021, 6, 30)
    assert report.undated == ["undated"]
    assert held(net, "resident") == (True, True)
    assert held(net, "gone4") == (False, False)
    assert held(net, "gone2") == (True, False)
    assert held(net, "leader") == (True, True)
    assert held(net, "undated") == (True, True)
    # The moving-out day itself stays: it is what a later purge counts from.
    assert net.person("gone4").moved_out == dt.date(2022, 6, 30)


def test_purge_twice_removes_nothing_more_and_round_trips() -> None:
    net = build()
    net.purge(AS_OF.isoformat(), "ops-01")
    once = net.copy()
    again = net.purge(AS_OF, "ops-01")
    assert again.removed == []
    assert net == once
    assert quanyu.Network.from_json(net.to_json()) == net
    assert quanyu.Network.from_binary(net.to_binary()) == net


def test_the_report_is_a_declared_record() -> None:
    report = build().purge(AS_OF, "ops-01")
    assert report.to_dict()["as_of"] == AS_OF
    assert PurgeReport(**report.to_dict()) == report


def test_a_refused_purge_changes_nothing() -> None:
    net = build()
    before = net.copy()
    with pytest.raises(quanyu.InvalidArgumentError, match="who"):
        net.purge(AS_OF, " ")
    with pytest.raises(quanyu.QuanyuError):
        net.purge("not a day", "ops-01")
    assert net == before
