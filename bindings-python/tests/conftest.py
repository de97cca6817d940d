"""Shared fixtures: the synthetic community (built once) and a small hand-made network."""

from __future__ import annotations

import datetime as dt

import pytest

import quanyu
from quanyu import (
    ContractRecord,
    GridLayerRecord,
    LeadRecord,
    MembershipRecord,
    OrganisationRecord,
    PersonRecord,
    PostRecord,
    ServiceRecord,
    TaskRecord,
    UnitRecord,
)

DAY = dt.date(2024, 10, 13)


@pytest.fixture(scope="session")
def community() -> quanyu.Network:
    return quanyu.synth.community(2024)


@pytest.fixture()
def day() -> dt.date:
    return DAY


def build_small() -> quanyu.Network:
    """S > A > G > C > B1, B2 (households H1..H3), a grid branch, a cell, four people."""
    net = quanyu.Network()
    with net.edit() as e:
        e.add_unit(UnitRecord("S", "Subdistrict", name="滨江街道"))
        e.add_unit(UnitRecord("A", "Area", parent="S", name="一片"))
        e.add_unit(UnitRecord("G", "Grid", parent="A", name="第1网格", grid_kind="Community"))
        e.add_unit(UnitRecord("C", "Compound", parent="G", name="小区"))
        e.add_unit(UnitRecord("B1", "Building", parent="C", name="1号楼"))
        e.add_unit(UnitRecord("B2", "Building", parent="C", name="2号楼"))
        e.add_unit(UnitRecord("H1", "Household", parent="B1", residents=3))
        e.add_unit(UnitRecord("H2", "Household", parent="B1", residents=2))
        e.add_unit(UnitRecord("H3", "Household", parent="B2", residents=4))
        e.add_organisation(OrganisationRecord("WC", "WorkingCommittee", name="党工委", anchor="S"))
        e.add_organisation(OrganisationRecord("GB", "GridBranch", anchor="G", parent="WC"))
        e.add_organisation(OrganisationRecord("CELL", "BuildingCell", anchor="B1", parent="GB"))
        e.add_person(PersonRecord("P1", name="王芳", home="H1", phone="13800000000"))
        e.add_person(PersonRecord("P2", name="李伟", home="H2"))
        e.add_person(PersonRecord("P3", name="张敏", home="H3", works_at="G"))
        e.add_person(PersonRecord("P4", name="陈静"))
        e.add_membership(MembershipRecord("P1", "GB", dt.date(2020, 7, 1)))
        e.add_membership(MembershipRecord("P2", "CELL", dt.date(2021, 1, 1)))
        e.add_post(PostRecord.at_unit("P1", "GridLeader", "G", dt.date(2024, 1, 1)))
        e.add_post(PostRecord.at_unit("P2", "CommunityMember", "G", dt.date(2024, 1, 1)))
        e.add_post(PostRecord.at_unit("P3", "Pioneer", "G", dt.date(2024, 1, 1)))
        e.add_post(PostRecord.at_organisation("P4", "Volunteer", "GB", dt.date(2024, 1, 1)))
        e.set_grid_layer(GridLayerRecord("B1", "Policing", "JW-07"))
        e.add_task(TaskRecord("T1", "G", "Property", dt.date(2024, 12, 31), name="加装电梯"))
        e.add_lead(LeadRecord("P3", "P4"))
        e.add_service(ServiceRecord("P4", "H3"))
        e.add_contract(ContractRecord("Neighbours", "P2", "H1", dt.date(2024, 6, 1)))
    return net


@pytest.fixture()
def small() -> quanyu.Network:
    return build_small()
