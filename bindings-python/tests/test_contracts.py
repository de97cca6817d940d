"""The four contracts: audit, plan, re-plan, reach; the planner checked against an independent
oracle (the bipartite max-flow min-cost problem solved by networkx) on small random networks."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
import pytest

import quanyu
from quanyu import Changeset, Network, PersonRecord, PostRecord, UnitRecord
from quanyu.contracts import ContractRule, Rules

from conftest import DAY

TIER = {"SameBuilding": 0, "SameCompound": 1, "SameGrid": 2, "SameArea": 3, "SameSubdistrict": 4}


def random_network(seed: int) -> tuple[Network, list[str], list[str]]:
    """One subdistrict of random shape; persons living in random households, some of them
    community members (posted at their grid) and some second building leaders."""
    rng = random.Random(seed)
    c = Changeset().add_unit(UnitRecord("S", "Subdistrict"))
    households: list[str] = []
    buildings: list[str] = []
    grid_of: dict[str, str] = {}
    for a in range(rng.randint(1, 2)):
        area = f"A{a}"
        c.add_unit(UnitRecord(area, "Area", parent="S"))
        for g in range(rng.randint(1, 2)):
            grid = f"{area}G{g}"
            c.add_unit(UnitRecord(grid, "Grid", parent=area))
            parents = [grid] + [f"{grid}C{k}" for k in range(rng.randint(0, 2))]
            for p in parents[1:]:
                c.add_unit(UnitRecord(p, "Compound", parent=grid))
            for b in range(rng.randint(1, 3)):
                building = f"{grid}B{b}"
                c.add_unit(UnitRecord(building, "Building", parent=rng.choice(parents)))
                buildings.append(building)
                for h in range(rng.randint(1, 3)):
                    hh = f"{building}H{h}"
                    c.add_unit(UnitRecord(hh, "Household", parent=building))
                    households.append(hh)
                    grid_of[hh] = grid
    start = dt.date(2024, 1, 1)
    for i in range(rng.randint(2, 7)):
        home = rng.choice(households)
        c.add_person(PersonRecord(f"P{i}", home=home))
        if rng.random() < 0.7:
            c.add_post(PostRecord.at_unit(f"P{i}", "CommunityMember", grid_of[home], start))
        if rng.random() < 0.5:
            c.add_post(PostRecord.at_unit(f"P{i}", "SecondBuildingLeader", rng.choice(buildings), start))
    net = Network()
    net.apply(c)
    residential = [b for b in buildings if any(h.startswith(b + "H") for h in households)]
    return net, households, residential


def oracle(net: Network, role: str, targets: list[str], capacity: int) -> tuple[int, int]:
    """(targets covered, cost) of the optimal plan, from the bipartite problem itself."""
    holders = [p.id for p in net.persons() if any(h.role == role and h.start <= DAY for h in net.posts_of(p.id))]
    g = nx.DiGraph()
    for h in holders:
        g.add_edge("source", ("h", h), capacity=capacity, weight=0)
        home = net.home(h)
        assert home is not None
        for t in targets:
            g.add_edge(("h", h), ("t", t), capacity=1, weight=TIER[net.proximity(home.id, t)] + 5)
    for t in targets:
        g.add_edge(("t", t), "sink", capacity=1, weight=0)
    if not holders:
        return 0, 0
    flow = nx.max_flow_min_cost(g, "source", "sink")
    covered = sum(flow["source"].values())
    return covered, nx.cost_of_flow(g, flow)


@pytest.mark.parametrize("seed", range(30))
def test_the_plan_is_optimal_against_an_independent_oracle(seed: int) -> None:
    net, households, residential = random_network(seed)
    rng = random.Random(1000 + seed)
    for kind, role, targets in [("Neighbours", "CommunityMember", households), ("Building", "SecondBuildingLeader", residential)]:
        rule = ContractRule.default_for(kind)
        rule.capacity = rng.randint(1, 3)
        plan = quanyu.contracts.plan(net, DAY, Rules([rule]))
        got = plan.rule(kind)
        assert (got.covered, got.cost) == oracle(net, role, targets, rule.capacity), (seed, kind)
        assert got.targets == len(targets)


def test_audit_plan_apply_and_replan(community: Network) -> None:
    net = community.copy()
    before = quanyu.contracts.audit(net, DAY)
    assert {r.kind for r in before.rules} == {"Compound", "Building", "Neighbours", "KeyTask"}
    n = before.rule("Neighbours")
    assert n.covered < n.targets and 0 <= n.ratio <= 1
    assert len(before.table("duplicates")) > 0 and len(before.table("ineligible")) > 0
    seen: list[tuple[int, int]] = []
    plan = quanyu.contracts.plan(net, DAY, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert plan.cost == sum(r.cost for r in plan.rules) and plan.as_of == DAY
    assert "Plan as of 2024-10-13" in repr(plan)
    changes = plan.changes()
    assert len(changes) == len(plan.table("add")) + len(plan.table("end"))
    net.apply(changes)
    after = quanyu.contracts.audit(net, DAY)
    for b, a in zip(before.rules, after.rules):
        assert a.covered >= b.covered and a.duplicates == [] and a.ineligible == []
    again = quanyu.contracts.plan(net, DAY)
    assert all(r.added == 0 and r.ended == 0 for r in again.rules)


def test_planner_reuses_work(community: Network) -> None:
    planner = quanyu.contracts.Planner()
    first = planner.plan(community, DAY)
    assert planner.stats()["reused"] == 0
    second = planner.plan(community, DAY)
    assert planner.stats()["solved"] == 0 and second.cost == first.cost
    assert "Planner" in repr(planner)


def test_rules_as_data() -> None:
    rules = Rules()
    assert [r.kind for r in rules] == ["Compound", "Building", "Neighbours", "KeyTask"]
    assert rules.get("key_task") is rules["KeyTask"] and rules.get("Moon") is None
    net = quanyu.synth.community(1)
    only = Rules([ContractRule.default_for("Compound")])
    assert [r.kind for r in quanyu.contracts.audit(net, DAY, only).rules] == ["Compound"]
    bad = ContractRule.default_for("Building")
    bad.capacity = -1
    with pytest.raises(quanyu.InvalidArgumentError):
        quanyu.contracts.plan(net, DAY, Rules([bad]))
    weird = ContractRule.default_for("Building")
    weird.eligible_roles = {"Emperor"}
    with pytest.raises(quanyu.InvalidArgumentError):
        quanyu.contracts.audit(net, DAY, Rules([weird]))
    with pytest.raises(TypeError):
        quanyu.contracts.plan(net, DAY, rules={"rules": []})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Rules(["Building"])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        ContractRule.default_for("Moon")


def test_pinned_and_forbidden_pairs() -> None:
    net, households, _ = random_network(3)
    rule = ContractRule.default_for("Neighbours")
    holder = next(p.id for p in net.persons() if any(h.role == "CommunityMember" for h in net.posts_of(p.id)))
    rule.pinned = {(holder, households[-1])}
    plan = quanyu.contracts.plan(net, DAY, Rules([rule]))
    assert (holder, households[-1]) in {(r["holder"], r["target"]) for r in plan.table("add").to_pylist()}
    rule.pinned = set()
    rule.forbidden = {(holder, h) for h in households}
    plan = quanyu.contracts.plan(net, DAY, Rules([rule]))
    assert holder not in {r["holder"] for r in plan.table("add").to_pylist()}


def test_reach_and_flow_instances(community: Network) -> None:
    r = quanyu.contracts.reach(community, DAY)
    assert len(r.pioneers) == len(r.table()) > 0
    assert set(r.below_ten_volunteers) <= {p.pioneer for p in r.pioneers}
    instances = quanyu.contracts.flow_instances(community, DAY)
    assert {k for k, _, _ in instances} == {"Compound", "Building", "Neighbours", "KeyTask"}
    kind, sub, problem = instances[2]
    assert problem.solve().cost > 0 and problem.node_count > 0 and sub == "S001"
