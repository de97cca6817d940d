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

Long calls take ``progress``: a callable ``progress(done, total)``, or ``True`` for a tqdm bar
when tqdm is installed. Ctrl-C stops a plan and raises ``KeyboardInterrupt``; nothing changes.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Iterable, Iterator, Union, cast

from . import _quanyu
from ._enums import ContractKind
from ._progress import progress_callback
from ._quanyu import Network, PlannerStats
from ._reports import ContractAudit, Plan, Reach

__all__ = ["ContractRule", "Rules", "audit", "plan", "Planner", "PlannerStats", "reach", "flow_instances", "ContractAudit", "Plan", "Reach"]

Progress = Union[Callable[[int, int], object], bool, None]


class ContractRule(_quanyu.ContractRule):
    """One contract rule: who may hold it, how much each holder carries, how many holders
    each target needs, and the user's overrides (pinned and forbidden pairs, capacities). Its
    fields may be changed.

    >>> rule = ContractRule.default_for("Neighbours")
    >>> rule.capacity, sorted(rule.eligible_roles)
    (10, ['CommunityMember'])
    >>> rule.capacity_overrides["P-001"] = 3
    >>> rule.capacity_of("P-001"), rule.capacity_of("P-002")
    (3, 10)
    """

    @classmethod
    def default_for(cls, kind: ContractKind | str) -> ContractRule:
        """The rule for ``kind`` with the default eligibility and limits (``ValueError`` for a
        name that is no contract kind)."""
        return cast(ContractRule, Rules()[ContractKind(kind)])

    def capacity_of(self, holder: str) -> int:
        """The capacity of ``holder``: its override, or the rule's."""
        return int(self.capacity_overrides.get(holder, self.capacity))


_quanyu._use_subclass(ContractRule)


class Rules:
    """The rule set: at most one rule per contract kind. ``Rules()`` holds the four default
    rules; ``Rules([...])`` only the given ones.

    >>> rules = Rules()
    >>> len(rules), rules["Building"].capacity, rules["包楼栋"] is rules["building"]
    (4, 2, True)
    >>> len(Rules([ContractRule.default_for("Compound")]))
    1
    """

    def __init__(self, rules: Iterable[_quanyu.ContractRule] | None = None) -> None:
        given = _quanyu.default_rules() if rules is None else rules
        self._rules: dict[ContractKind, _quanyu.ContractRule] = {}
        for r in given:
            if not isinstance(r, _quanyu.ContractRule):
                raise TypeError(f"Rules takes ContractRule objects, not {type(r).__name__}")
            self._rules[ContractKind(r.kind)] = r

    def get(self, kind: ContractKind | str) -> _quanyu.ContractRule | None:
        """The rule for ``kind`` (any spelling of its name), if the set has one."""
        try:
            return self._rules.get(ContractKind(kind))
        except ValueError:
            return None

    def __getitem__(self, kind: ContractKind | str) -> _quanyu.ContractRule:
        r = self.get(kind)
        if r is None:
            raise KeyError(kind)
        return r

    def __iter__(self) -> Iterator[_quanyu.ContractRule]:
        return iter([self._rules[k] for k in ContractKind if k in self._rules])

    def __len__(self) -> int:
        return len(self._rules)

    def check(self) -> list[Any]:
        """Every problem that makes the rules unusable (empty when they can be planned)."""
        return list(_quanyu.check_rules(list(self)))

    def __repr__(self) -> str:
        return f"Rules({[str(r.kind) for r in self]})"


def _rules(rules: Rules | None) -> list[_quanyu.ContractRule] | None:
    if rules is None:
        return None
    if not isinstance(rules, Rules):
        raise TypeError(f"`rules` must be a quanyu.contracts.Rules, not {type(rules).__name__}")
    return list(rules)


def audit(network: Network, as_of: _dt.date | str, rules: Rules | None = None) -> ContractAudit:
    """Audits the contracts running on ``as_of`` against ``rules`` (default: ``Rules()``).

    >>> import quanyu
    >>> a = audit(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> [(r.kind, r.covered, r.targets) for r in a.rules][:2]
    [('Compound', 23, 43), ('Building', 169, 391)]
    """
    return _quanyu.audit(network, as_of, _rules(rules))


def plan(network: Network, as_of: _dt.date | str, rules: Rules | None = None, progress: Progress = None) -> Plan:
    """The optimal plan on ``as_of``: the most targets covered, then the least cost (proximity
    tier, plus 5 for a new contract). ``progress(done, total)`` is called as the (rule,
    subdistrict) problems are solved; the GIL is released while solving.

    >>> import quanyu
    >>> seen = []
    >>> p = plan(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE, progress=lambda d, t: seen.append(d))
    >>> p.cost, all(r.covered == r.targets for r in p.rules), seen
    (74479, True, [0, 1, 2, 3, 4])
    """
    with progress_callback(progress, "planning") as callback:
        return _quanyu.plan(network, as_of, _rules(rules), callback)


class Planner(_quanyu.Planner):
    """A planner that remembers its last solution per (rule, subdistrict) and re-solves only
    what changed; it gives the same plan as :func:`plan` from scratch.

    >>> import quanyu
    >>> net = quanyu.synth.community(1)
    >>> planner = Planner()
    >>> first = planner.plan(net, quanyu.synth.REFERENCE_DATE)
    >>> again = planner.plan(net, quanyu.synth.REFERENCE_DATE)
    >>> again.cost == first.cost, planner.stats().reused > 0
    (True, True)
    """

    def plan(  # type: ignore[override]
        self, network: Network, as_of: _dt.date | str, rules: Rules | None = None, progress: Progress = None
    ) -> Plan:
        """Plans ``rules`` on ``as_of``, re-solving only what changed since the last call."""
        with progress_callback(progress, "planning") as callback:
            return super().plan(network, as_of, _rules(rules), callback)


def reach(network: Network, as_of: _dt.date | str) -> Reach:
    """The 一十百 reach of every pioneer on ``as_of``.

    >>> import quanyu
    >>> r = reach(quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE)
    >>> len(r.pioneers), max(p.volunteers for p in r.pioneers) >= 10
    (141, True)
    """
    return _quanyu.reach(network, as_of)


def flow_instances(network: Network, as_of: _dt.date | str, rules: Rules | None = None) -> list[tuple[ContractKind, str, _quanyu.MinCostFlow]]:
    """The min-cost-flow problems a full plan solves: ``(kind, subdistrict, MinCostFlow)``.

    >>> import quanyu
    >>> net, day = quanyu.synth.community(2024), quanyu.synth.REFERENCE_DATE
    >>> rules = Rules([ContractRule.default_for("Compound")])
    >>> [(kind, sd, problem) for kind, sd, problem in flow_instances(net, day, rules)]
    [('Compound', 'S001', <MinCostFlow: 205 nodes, 322 arcs, Exact>)]
    >>> flow_instances(net, day, rules)[0][2].solve().cost == plan(net, day, rules).cost
    True
    """
    return _quanyu.flow_instances(network, as_of, _rules(rules))
