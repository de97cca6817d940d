"""The four contracts (四包): rules as data, the audit of recorded contracts, optimal plans,
incremental re-plans and the 一十百 reach of pioneers.

>>> import quanyu
>>> from quanyu import contracts
>>> net = quanyu.synth.community(2024)
>>> day = quanyu.synth.REFERENCE_DATE
>>> before = contracts.audit(net, day)
>>> plan = contracts.plan(net, day)
>>> _ = net.apply(plan.changes())
>>> after = contracts.audit(net, day)
>>> all(a.covered >= b.covered for a, b in zip(after.rules, before.rules))
True
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from . import _quanyu
from ._quanyu import Network, Planner as _NativePlanner
from ._reports import ContractAudit, Plan, Reach

__all__ = ["ContractRule", "Rules", "audit", "plan", "Planner", "reach", "flow_instances", "ContractAudit", "Plan", "Reach"]

Progress = Callable[[int, int], object]


@dataclass
class ContractRule:
    """One contract rule: who may hold it, how much each holder carries, how many holders
    each target needs, and the user's overrides (pinned and forbidden pairs, capacities).

    >>> rule = ContractRule.default_for("Neighbours")
    >>> rule.capacity, sorted(rule.eligible_roles)
    (10, ['CommunityMember'])
    >>> rule.capacity_overrides["P-001"] = 3
    >>> rule.capacity_of("P-001"), rule.capacity_of("P-002")
    (3, 10)
    """

    kind: str
    eligible_roles: set[str] = field(default_factory=set)
    eligible_organisations: set[str] = field(default_factory=set)
    capacity: int = 1
    holders_per_target: int = 1
    pinned: set[tuple[str, str]] = field(default_factory=set)
    forbidden: set[tuple[str, str]] = field(default_factory=set)
    capacity_overrides: dict[str, int] = field(default_factory=dict)

    @classmethod
    def default_for(cls, kind: str) -> ContractRule:
        """The rule for ``kind`` with the default eligibility and limits (DOMAIN.md §4)."""
        for r in Rules():
            if r.kind.lower() == str(kind).replace("_", "").lower():
                return r
        raise ValueError(f"unknown contract kind {kind!r}")

    def capacity_of(self, holder: str) -> int:
        """The capacity of ``holder``: its override, or the rule's."""
        return self.capacity_overrides.get(holder, self.capacity)

    def _to_data(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "eligible_roles": sorted(str(r) for r in self.eligible_roles),
            "eligible_organisations": sorted(str(o) for o in self.eligible_organisations),
            "capacity": self.capacity,
            "holders_per_target": self.holders_per_target,
            "pinned": sorted([str(h), str(t)] for h, t in self.pinned),
            "forbidden": sorted([str(h), str(t)] for h, t in self.forbidden),
            "capacity_overrides": {str(k): v for k, v in self.capacity_overrides.items()},
        }

    @classmethod
    def _from_data(cls, d: dict[str, Any]) -> ContractRule:
        return cls(
            kind=d["kind"],
            eligible_roles=set(d["eligible_roles"]),
            eligible_organisations=set(d["eligible_organisations"]),
            capacity=d["capacity"],
            holders_per_target=d["holders_per_target"],
            pinned={(h, t) for h, t in d["pinned"]},
            forbidden={(h, t) for h, t in d["forbidden"]},
            capacity_overrides=dict(d["capacity_overrides"]),
        )


class Rules:
    """The rule set: at most one rule per contract kind. ``Rules()`` holds the four default
    rules; ``Rules([...])`` only the given ones.

    >>> rules = Rules()
    >>> len(rules), rules["Building"].capacity
    (4, 2)
    >>> len(Rules([ContractRule.default_for("Compound")]))
    1
    """

    def __init__(self, rules: Iterable[ContractRule] | None = None) -> None:
        if rules is None:
            rules = [ContractRule._from_data(d) for d in _quanyu._default_rules()["rules"]]
        self._rules: dict[str, ContractRule] = {}
        for r in rules:
            if not isinstance(r, ContractRule):
                raise TypeError(f"Rules takes ContractRule objects, not {type(r).__name__}")
            self._rules[str(r.kind)] = r

    def get(self, kind: str) -> ContractRule | None:
        """The rule for ``kind``, if the set has one."""
        key = str(kind).replace("_", "").lower()
        for k, r in self._rules.items():
            if k.lower() == key:
                return r
        return None

    def __getitem__(self, kind: str) -> ContractRule:
        r = self.get(kind)
        if r is None:
            raise KeyError(kind)
        return r

    def __iter__(self) -> Iterator[ContractRule]:
        return iter(self._ordered())

    def _ordered(self) -> list[ContractRule]:
        order = ["compound", "building", "neighbours", "keytask"]
        return sorted(self._rules.values(), key=lambda r: order.index(r.kind.lower()) if r.kind.lower() in order else 9)

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        return f"Rules({[r.kind for r in self._ordered()]})"

    def _to_data(self) -> dict[str, Any]:
        return {"rules": [r._to_data() for r in self._ordered()]}


def _data(rules: Rules | None) -> dict[str, Any] | None:
    if rules is None:
        return None
    if not isinstance(rules, Rules):
        raise TypeError(f"`rules` must be a quanyu.contracts.Rules, not {type(rules).__name__}")
    return rules._to_data()


def audit(network: Network, as_of: _dt.date | str, rules: Rules | None = None) -> ContractAudit:
    """Audits the contracts running on ``as_of`` against ``rules`` (default: ``Rules()``).

    >>> import quanyu
    >>> a = audit(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> [(r.kind, r.covered, r.targets) for r in a.rules][:2]
    [('Compound', 23, 43), ('Building', 169, 391)]
    """
    return _quanyu.audit(network, as_of, _data(rules))


def plan(network: Network, as_of: _dt.date | str, rules: Rules | None = None, progress: Progress | None = None) -> Plan:
    """The optimal plan on ``as_of``: the most targets covered, then the least cost (proximity
    tier, plus 5 for a new contract). ``progress(done, total)`` is called rule by rule; the
    GIL is released while solving.

    >>> import quanyu
    >>> seen = []
    >>> p = plan(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE, progress=lambda d, t: seen.append(d))
    >>> p.cost, all(r.covered == r.targets for r in p.rules), seen
    (74479, True, [0, 1, 2, 3, 4])
    """
    return _quanyu.plan(network, as_of, _data(rules), progress)


class Planner:
    """A planner that remembers its last solution per (rule, subdistrict) and re-solves only
    what changed; it gives the same plan as :func:`plan` from scratch.

    >>> import quanyu
    >>> net = quanyu.synth.community(1)
    >>> planner = Planner()
    >>> first = planner.plan(net, quanyu.synth.REFERENCE_DATE)
    >>> again = planner.plan(net, quanyu.synth.REFERENCE_DATE)
    >>> again.cost == first.cost, planner.stats()["reused"] > 0
    (True, True)
    """

    def __init__(self) -> None:
        self._native = _NativePlanner()

    def plan(self, network: Network, as_of: _dt.date | str, rules: Rules | None = None, progress: Progress | None = None) -> Plan:
        """Plans ``rules`` on ``as_of``, re-solving only what changed since the last call."""
        return self._native.plan(network, as_of, _data(rules), progress)

    def stats(self) -> dict[str, int]:
        """How many (rule, subdistrict) problems the last plan solved and reused."""
        return self._native.stats()

    def __repr__(self) -> str:
        return repr(self._native)


def reach(network: Network, as_of: _dt.date | str) -> Reach:
    """The 一十百 reach of every pioneer on ``as_of``.

    >>> import quanyu
    >>> r = reach(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> len(r.pioneers), max(p.volunteers for p in r.pioneers) >= 10
    (141, True)
    """
    return _quanyu.reach(network, as_of)


def flow_instances(network: Network, as_of: _dt.date | str, rules: Rules | None = None) -> list[tuple[str, str, _quanyu.MinCostFlow]]:
    """The min-cost-flow problems a full plan solves: ``(kind, subdistrict, MinCostFlow)``.

    >>> import quanyu
    >>> net, day = quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE
    >>> rules = Rules([ContractRule.default_for("Compound")])
    >>> [(kind, sd, problem) for kind, sd, problem in flow_instances(net, day, rules)]
    [('Compound', 'S001', <MinCostFlow: 205 nodes, 322 arcs, Exact>)]
    >>> flow_instances(net, day, rules)[0][2].solve().cost == plan(net, day, rules).cost
    True
    """
    return _quanyu.flow_instances(network, as_of, _data(rules))
