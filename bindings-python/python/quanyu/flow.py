"""Network flows: drop-in replacements for networkx's min-cost-flow functions and scipy's
linear sum assignment, solved exactly by quanyu's network simplex and assignment code, and
the builder ``MinCostFlow`` with an array interface in the manner of OR-Tools.

``network_simplex``, ``min_cost_flow`` and ``min_cost_flow_cost`` take the same arguments as
networkx's functions of the same names, return the same values and raise networkx's own
exceptions with the same messages, in the same order of checks. They follow networkx's own
pivot rule (``MinCostFlow.pivot_rule = "Networkx"``), so when several flows are optimal they
return the one networkx returns, not merely one of the same cost. The graph is read through
networkx's public interface only. ``linear_sum_assignment`` has the contract of
``scipy.optimize.linear_sum_assignment``. Swap the import; nothing else changes.

How numbers are handled: quanyu's solver is exact on integers. Integer data goes straight
in. Other real numbers (floats, fractions, decimals) are exact binary or decimal fractions, so
all of them are scaled by the least common denominator of the demands, capacities and weights
to exact integers, solved exactly, and scaled back (one scale for all, which keeps networkx's
pivots: they depend on its artificial arcs, whose cost and capacity are the same number).
When a scaled value does not fit 64 bits (or a value is NaN), the call is handed to networkx
itself, so the answer is still networkx's. Infinite capacities (``float('inf')`` or no
capacity attribute) are unbounded arcs; infinite demands and weights raise as in networkx.

>>> import networkx as nx
>>> from quanyu import flow
>>> G = nx.DiGraph()
>>> G.add_node("a", demand=-5)
>>> G.add_node("d", demand=5)
>>> G.add_edge("a", "b", weight=3, capacity=4)
>>> G.add_edge("a", "c", weight=6, capacity=10)
>>> G.add_edge("b", "d", weight=1, capacity=9)
>>> G.add_edge("c", "d", weight=2, capacity=5)
>>> flow.network_simplex(G)
(24, {'a': {'b': 4, 'c': 1}, 'd': {}, 'b': {'d': 4}, 'c': {'d': 1}})

The arrays of an OR-Tools ``SimpleMinCostFlow`` go in as they are:

>>> import numpy as np
>>> cost, flows, potentials = flow.solve_arrays(
...     supplies=np.array([4, 0, -4]),
...     tails=np.array([0, 0, 1]), heads=np.array([2, 1, 2]),
...     capacities=np.array([9, 3, 3]), costs=np.array([10, 1, 1]),
... )
>>> cost, flows.tolist()
(16, [1, 3, 3])
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral
from typing import Any, NoReturn

from . import _quanyu
from ._errors import InfeasibleError, QuanyuError, UnboundedError
from ._quanyu import FlowSolution, MinCostFlow

__all__ = [
    "MinCostFlow",
    "FlowSolution",
    "solve_arrays",
    "network_simplex",
    "min_cost_flow",
    "min_cost_flow_cost",
    "linear_sum_assignment",
]

_INF = float("inf")
# The builder takes 64-bit integers.
_INT64_MAX = 2**63 - 1


class _Fallback(Exception):
    """The data cannot be solved exactly in 64 bits: hand the call to networkx."""


def _nx_exception(name: str) -> type[Exception]:
    try:
        import networkx as nx

        return getattr(nx, name)  # type: ignore[no-any-return]
    except ImportError:  # pragma: no cover - networkx absent
        return _STANDALONE[name]


class _NetworkXLike(QuanyuError):
    """Stand-ins for networkx's exceptions when networkx is not installed."""


_STANDALONE: dict[str, type[Exception]] = {
    "NetworkXError": type("NetworkXError", (_NetworkXLike,), {}),
    "NetworkXUnfeasible": type("NetworkXUnfeasible", (_NetworkXLike,), {}),
    "NetworkXUnbounded": type("NetworkXUnbounded", (_NetworkXLike,), {}),
    "NetworkXNotImplemented": type("NetworkXNotImplemented", (_NetworkXLike,), {}),
}


def _scale(values: list[Any]) -> int:
    """The least common denominator of ``values`` (1 when all are integers)."""
    if all(type(v) is int for v in values):  # the common case, without the ABC checks below
        return 1
    den = 1
    for v in values:
        if isinstance(v, Integral):
            continue
        try:
            _, d = v.as_integer_ratio()
        except (AttributeError, ValueError, OverflowError, TypeError):
            raise _Fallback from None
        den = den * d // math.gcd(den, d)
        if den > _INT64_MAX:
            raise _Fallback
    return den


def _ints(values: list[Any], den: int) -> list[int]:
    """``values`` times ``den``, as exact integers that fit 64 bits."""
    if den == 1 and all(type(v) is int for v in values):
        if values and max(max(values), -min(values)) > _INT64_MAX:
            raise _Fallback
        return list(values)
    out = []
    for v in values:
        if isinstance(v, Integral):
            i = int(v) * den
        else:
            n, d = v.as_integer_ratio()
            i = n * (den // d)
        if abs(i) > _INT64_MAX:
            raise _Fallback
        out.append(i)
    return out


def solve_arrays(
    supplies: Any,
    tails: Any,
    heads: Any,
    capacities: Any,
    costs: Any,
    *,
    lowers: Any = None,
    mode: str = "Exact",
    pivot_rule: str = "BlockSearch",
) -> tuple[int, Any, Any]:
    """Solves the min-cost flow given as arrays (numpy arrays or sequences), as one would hand
    them to OR-Tools' ``SimpleMinCostFlow``: ``supplies[v]`` for each node (negative: demand),
    and one arc per element of ``tails``, ``heads``, ``capacities`` (a float array may hold
    ``inf`` for unbounded arcs) and ``costs``. Returns ``(cost, flows, potentials)``, the two
    last as int64 numpy arrays. Raises quanyu's ``InfeasibleError``, ``UnboundedError`` or
    ``InvalidArgumentError`` (naming the array and element at fault).

    >>> import numpy as np
    >>> cost, flows, potentials = solve_arrays([2, -2], [0], [1], np.array([np.inf]), [3])
    >>> cost, flows.tolist(), int(3 + potentials[0] - potentials[1])
    (6, [2], 0)
    """
    p = MinCostFlow(len(supplies))
    p.mode = mode
    p.pivot_rule = pivot_rule
    p.add_arcs(tails, heads, capacities, costs, lowers)
    p.set_supplies(supplies)
    s = p.solve()
    return s.cost, s.flow_array(), s.potential_array()


def _raise(name: str, message: str) -> NoReturn:
    raise _nx_exception(name)(message)


def _read_graph(G: Any, demand: str, capacity: str, weight: str) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """The nodes and their demands, all edges, and the self-loops, as networkx reads them."""
    node_list = list(G)
    node_demands = [G.nodes[u].get(demand, 0) for u in node_list]
    all_edges = list(G.edges(data=True, keys=True) if G.is_multigraph() else G.edges(data=True))
    loops = [e for e in all_edges if e[0] == e[1]]
    return node_list, node_demands, all_edges, loops


def _check_like_networkx(
    node_list: list[Any], node_demands: list[Any], keys: list[Any], caps: list[Any], weights: list[Any], loops: list[Any], capacity: str, weight: str
) -> None:
    """networkx's input checks, in its order, with its exceptions and messages."""
    for u, d in zip(node_list, node_demands):
        if abs(d) == _INF:
            _raise("NetworkXError", f"node {u!r} has infinite demand")
    for k, w in zip(keys, weights):
        if abs(w) == _INF:
            _raise("NetworkXError", f"edge {k!r} has infinite weight")
    for e in loops:
        if abs(e[-1].get(weight, 0)) == _INF:
            _raise("NetworkXError", f"edge {e[:-1]!r} has infinite weight")
    if sum(node_demands) != 0:
        _raise("NetworkXUnfeasible", "total node demand is not zero")
    for k, c in zip(keys, caps):
        if c < 0:
            _raise("NetworkXUnfeasible", f"edge {k!r} has negative capacity")
    for e in loops:
        if e[-1].get(capacity, _INF) < 0:
            _raise("NetworkXUnfeasible", f"edge {e[:-1]!r} has negative capacity")


def _build(supply: list[int], tail: list[int], head: list[int], caps: list[int | None], costs: list[int], rule: str) -> MinCostFlow:
    p = MinCostFlow(len(supply))
    p.pivot_rule = rule
    p.add_arcs(tail, head, caps, costs)
    p.set_supplies(supply)
    return p


def _solve_like_networkx(supply: list[int], tail: list[int], head: list[int], caps: list[int | None], costs: list[int]) -> Any:
    """The solution under networkx's pivot rule, or networkx's exception. networkx reports
    infeasibility before unboundedness, so an unbounded verdict is checked for feasibility
    first (with zero costs, which no cycle can make unbounded)."""
    try:
        return _build(supply, tail, head, caps, costs, "Networkx").solve()
    except InfeasibleError:
        _raise("NetworkXUnfeasible", "no flow satisfies all node demands")
    except UnboundedError:
        try:
            _build(supply, tail, head, caps, [0] * len(costs), "BlockSearch").solve()
        except InfeasibleError:
            _raise("NetworkXUnfeasible", "no flow satisfies all node demands")
        _raise("NetworkXUnbounded", "negative cycle with infinite capacity found")


def _flow_dict(
    node_list: list[Any], kept: list[Any], flow_values: list[Any], all_edges: list[Any], flow_cost: Any, capacity: str, weight: str
) -> tuple[dict[Any, Any], Any]:
    """networkx's flow dict, entry by entry in its order, and ``flow_cost`` plus the cost of the
    self-loops that a negative weight saturates, added in networkx's order. Like networkx, the entries of kept arcs are keyed by the node
    objects, those of the other edges by the edge's own ends (which may be other objects equal
    to the nodes, say 1.0 for 1)."""
    flow_dict: dict[Any, dict[Any, Any]] = {n: {} for n in node_list}

    def add_entry(e: tuple[Any, ...]) -> None:
        d = flow_dict[e[0]]
        for k in e[1:-2]:
            d = d.setdefault(k, {})
        d[e[-2]] = e[-1]

    # The node object equal to an edge end (a dict returns its value, not the key looked up).
    node_object = {u: u for u in node_list}
    if len(kept) and len(kept[0]) == 3:  # simple digraph: one level, no function call
        for (u, v, _), x in zip(kept, flow_values):
            flow_dict[node_object[u]][node_object[v]] = x
    else:
        for e, x in zip(kept, flow_values):
            add_entry((node_object[e[0]], node_object[e[1]]) + e[2:-1] + (x,))
    for e in all_edges:
        if e[0] != e[1]:
            if e[-1].get(capacity, _INF) == 0:
                add_entry(e[:-1] + (0,))
        else:
            w = e[-1].get(weight, 0)
            if w >= 0:
                add_entry(e[:-1] + (0,))
            else:
                c = e[-1][capacity]
                flow_cost += w * c
                add_entry(e[:-1] + (c,))
    return flow_dict, flow_cost


def network_simplex(
    G: Any,
    demand: str = "demand",
    capacity: str = "capacity",
    weight: str = "weight",
    *,
    backend: Any = None,
    **backend_kwargs: Any,
) -> tuple[Any, dict[Any, Any]]:
    """Finds a minimum cost flow satisfying all demands in digraph ``G``: networkx's
    ``network_simplex``, solved by quanyu with networkx's pivot rule (the same flow).

    Returns ``(flowCost, flowDict)``; ``flowDict[u][v]`` (``flowDict[u][v][key]`` for
    multigraphs) is the flow on each edge. Raises ``NetworkXNotImplemented`` for undirected
    graphs, ``NetworkXError`` for an empty graph or infinite demands and weights,
    ``NetworkXUnfeasible`` when demands do not balance, a capacity is negative or no flow
    meets the demands, ``NetworkXUnbounded`` for a negative cycle of infinite capacity.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node(0, demand=-2.5)
    >>> G.add_node(1, demand=2.5)
    >>> _ = G.add_edge(0, 1, weight=0.5, capacity=2)
    >>> _ = G.add_edge(0, 1, weight=1.25)
    >>> network_simplex(G)
    (1.625, {0: {1: {0: 2.0, 1: 0.5}}, 1: {}})
    """
    if backend is not None or backend_kwargs:
        import networkx as nx

        return nx.network_simplex(G, demand, capacity, weight, backend=backend, **backend_kwargs)  # type: ignore[no-any-return]
    if not G.is_directed():
        _raise("NetworkXNotImplemented", "not implemented for undirected type")
    if len(G) == 0:
        _raise("NetworkXError", "graph has no nodes")
    node_list, node_demands, all_edges, loops = _read_graph(G, demand, capacity, weight)
    # networkx drops self-loops and edges of zero capacity before pivoting.
    kept = [e for e in all_edges if e[0] != e[1] and e[-1].get(capacity, _INF) != 0]
    keys = [e[:-1] for e in kept]
    caps = [e[-1].get(capacity, _INF) for e in kept]
    weights = [e[-1].get(weight, 0) for e in kept]
    _check_like_networkx(node_list, node_demands, keys, caps, weights, loops, capacity, weight)

    finite = [c for c in caps if c != _INF]
    try:
        scale = _scale(node_demands + finite + weights)
        supply = [-d for d in _ints(node_demands, scale)]
        it = iter(_ints(finite, scale))
        cap_ints = [None if c == _INF else next(it) for c in caps]
        cost_ints = _ints(weights, scale)
    except _Fallback:
        return _networkx_fallback(G, demand, capacity, weight)
    index = {u: i for i, u in enumerate(node_list)}
    tail = [index[e[0]] for e in kept]
    head = [index[e[1]] for e in kept]
    try:
        solution = _solve_like_networkx(supply, tail, head, cap_ints, cost_ints)
    except OverflowError:
        return _networkx_fallback(G, demand, capacity, weight)
    if any(e[-1].get(capacity, _INF) == _INF and e[-1].get(weight, 0) < 0 for e in loops):
        _raise("NetworkXUnbounded", "negative cycle with infinite capacity found")

    flows = solution.flow
    amounts = node_demands + finite
    flow_values: list[Any]
    if all(type(v) is int for v in amounts) or all(isinstance(v, Integral) for v in amounts):
        # Integer demands and capacities: every basic flow is a multiple of the scale.
        flow_values = [x // scale for x in flows]
    elif any(isinstance(v, float) for v in amounts):
        flow_values = [x / scale for x in flows]
    else:
        flow_values = [Fraction(x, scale) for x in flows]
    flow_cost = sum(w * x for w, x in zip(weights, flow_values))
    return _flow_dict(node_list, kept, flow_values, all_edges, flow_cost, capacity, weight)[::-1]


def _networkx_fallback(G: Any, demand: str, capacity: str, weight: str) -> tuple[Any, dict[Any, Any]]:
    try:
        import networkx as nx
    except ImportError:  # pragma: no cover - networkx absent
        raise ValueError(
            "the demands, capacities or weights cannot be solved exactly in 64-bit integers "
            "(too large, too fine or NaN), and networkx is not installed to solve them"
        ) from None
    return nx.network_simplex(G, demand=demand, capacity=capacity, weight=weight)  # type: ignore[no-any-return]


def min_cost_flow(
    G: Any,
    demand: str = "demand",
    capacity: str = "capacity",
    weight: str = "weight",
    *,
    backend: Any = None,
    **backend_kwargs: Any,
) -> dict[Any, Any]:
    """The flow dict of a minimum cost flow satisfying all demands in digraph ``G``
    (networkx's ``min_cost_flow``).

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("s", "t", capacity=3, weight=2)
    >>> G.nodes["s"]["demand"], G.nodes["t"]["demand"] = -2, 2
    >>> min_cost_flow(G)
    {'s': {'t': 2}, 't': {}}
    """
    return network_simplex(G, demand=demand, capacity=capacity, weight=weight, backend=backend, **backend_kwargs)[1]


def min_cost_flow_cost(
    G: Any,
    demand: str = "demand",
    capacity: str = "capacity",
    weight: str = "weight",
    *,
    backend: Any = None,
    **backend_kwargs: Any,
) -> Any:
    """The cost of a minimum cost flow satisfying all demands in digraph ``G`` (networkx's
    ``min_cost_flow_cost``).

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("s", "t", capacity=3, weight=2)
    >>> G.nodes["s"]["demand"], G.nodes["t"]["demand"] = -2, 2
    >>> min_cost_flow_cost(G)
    4
    """
    return network_simplex(G, demand=demand, capacity=capacity, weight=weight, backend=backend, **backend_kwargs)[0]


def linear_sum_assignment(cost_matrix: Any, maximize: Any = False) -> tuple[Any, Any]:
    """Solves the linear sum assignment problem, with the contract of
    ``scipy.optimize.linear_sum_assignment``: rectangular matrices, ``maximize``, ``inf`` for
    forbidden pairs, the same tie-breaking, and the same ``ValueError`` s ("expected a matrix
    (2-D array), got a N array", "matrix contains invalid numeric entries", "cost matrix is
    infeasible"). Returns ``(row_ind, col_ind)`` as int64 numpy arrays, sorted by row.

    >>> import numpy as np
    >>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> row, col = linear_sum_assignment(cost)
    >>> col.tolist(), int(cost[row, col].sum())
    ([1, 0, 2], 5)
    """
    import numpy as np

    if isinstance(cost_matrix, np.ndarray):
        a = cost_matrix.astype(np.float64, casting="safe", copy=False)
    else:
        a = np.array(cost_matrix, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"expected a matrix (2-D array), got a {a.ndim} array")
    a = np.ascontiguousarray(a)
    return _quanyu._linear_sum_assignment(a, bool(maximize))
