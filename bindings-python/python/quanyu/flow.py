"""Network flows: drop-in replacements for networkx's min-cost-flow functions and scipy's
linear sum assignment, solved exactly by quanyu's network simplex and assignment code.

``network_simplex``, ``min_cost_flow`` and ``min_cost_flow_cost`` take the same arguments as
networkx's functions of the same names, return the same values and raise networkx's own
exceptions with the same messages, in the same order of checks. ``linear_sum_assignment``
has the contract of ``scipy.optimize.linear_sum_assignment``. Swap the import; nothing else
changes.

How numbers are handled: quanyu's solver is exact on 64-bit integers. Integer data goes
straight in. Other real numbers (floats, fractions, decimals) are exact binary or decimal
fractions, so each kind of quantity is scaled by the least common denominator of its values
(flows: demands and capacities; costs: weights) to exact integers, solved exactly, and scaled
back. When the scaled values do not fit the solver's 64-bit range (or a value is NaN), the
call is handed to networkx itself, so the answer is still networkx's. Infinite capacities
(``float('inf')`` or no capacity attribute) are unbounded arcs; infinite demands and weights
raise as in networkx.

When several flows are optimal, quanyu and networkx may return different ones of the same
cost (networkx's pivots break ties differently); every other part of the contract is the same.

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
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral
from typing import Any

from . import _quanyu
from ._errors import InfeasibleError, QuanyuError, UnboundedError
from ._quanyu import FlowSolution, MinCostFlow

__all__ = [
    "MinCostFlow",
    "FlowSolution",
    "network_simplex",
    "min_cost_flow",
    "min_cost_flow_cost",
    "linear_sum_assignment",
]

_INF = float("inf")
# The solver checks (max |cost| + 1) * (nodes + 1) * 4 < 2**63 and that flows and supply sums
# fit; staying well inside keeps every intermediate exact.
_FLOW_LIMIT = 2**61


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
    den = 1
    for v in values:
        if isinstance(v, Integral):
            continue
        try:
            _, d = v.as_integer_ratio()
        except (AttributeError, ValueError, OverflowError, TypeError):
            raise _Fallback from None
        den = den * d // math.gcd(den, d)
        if den > _FLOW_LIMIT:
            raise _Fallback
    return den


def _ints(values: list[Any], den: int, limit: int) -> list[int]:
    out = []
    for v in values:
        if isinstance(v, Integral):
            i = int(v) * den
        else:
            n, d = v.as_integer_ratio()
            i = n * (den // d)
        if abs(i) > limit:
            raise _Fallback
        out.append(i)
    return out


def _solve(supply: list[int], tail: list[int], head: list[int], cap: list[int], cost: list[int]) -> tuple[int, Any]:
    try:
        return _quanyu._solve_arcs(supply, tail, head, cap, cost)
    except OverflowError:
        raise _Fallback from None


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
    ``network_simplex``, solved by quanyu.

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
        raise _nx_exception("NetworkXNotImplemented")("not implemented for undirected type")
    if len(G) == 0:
        raise _nx_exception("NetworkXError")("graph has no nodes")
    multigraph = G.is_multigraph()
    if hasattr(G, "_succ") and hasattr(G, "_node"):
        # networkx graphs with plain integers: read, solved and answered natively.
        fast = _quanyu._nx_simplex_ints(G, demand, capacity, weight, multigraph)
        if fast is not None:
            if fast[0] == "infeasible":
                raise _nx_exception("NetworkXUnfeasible")("no flow satisfies all node demands")
            return fast[0], fast[1]
    node_list = list(G)
    node_indices = {u: i for i, u in enumerate(node_list)}
    node_demands = [G.nodes[u].get(demand, 0) for u in node_list]
    all_edges = list(G.edges(data=True, keys=True) if multigraph else G.edges(data=True))
    kept = [e for e in all_edges if e[0] != e[1] and e[-1].get(capacity, _INF) != 0]
    keys = [e[:-1] for e in kept]
    caps = [e[-1].get(capacity, _INF) for e in kept]
    weights = [e[-1].get(weight, 0) for e in kept]
    loops = [e for e in all_edges if e[0] == e[1]]

    # The checks of networkx, in its order.
    for u, d in zip(node_list, node_demands):
        if abs(d) == _INF:
            raise _nx_exception("NetworkXError")(f"node {u!r} has infinite demand")
    for k, w in zip(keys, weights):
        if abs(w) == _INF:
            raise _nx_exception("NetworkXError")(f"edge {k!r} has infinite weight")
    for e in loops:
        if abs(e[-1].get(weight, 0)) == _INF:
            raise _nx_exception("NetworkXError")(f"edge {e[:-1]!r} has infinite weight")
    if sum(node_demands) != 0:
        raise _nx_exception("NetworkXUnfeasible")("total node demand is not zero")
    for k, c in zip(keys, caps):
        if c < 0:
            raise _nx_exception("NetworkXUnfeasible")(f"edge {k!r} has negative capacity")
    for e in loops:
        if e[-1].get(capacity, _INF) < 0:
            raise _nx_exception("NetworkXUnfeasible")(f"edge {e[:-1]!r} has negative capacity")

    finite = [c for c in caps if c != _INF]
    try:
        flow_scale = _scale(node_demands + finite)
        cost_scale = _scale(weights)
        supply = [-d for d in _ints(node_demands, flow_scale, _FLOW_LIMIT)]
        cap_ints = _ints(finite, flow_scale, _FLOW_LIMIT)
        cost_limit = _FLOW_LIMIT // (4 * (len(node_list) + 2))
        cost_ints = _ints(weights, cost_scale, cost_limit)
    except _Fallback:
        return _networkx_fallback(G, demand, capacity, weight)
    it = iter(cap_ints)
    cap_arg = [-1 if c == _INF else next(it) for c in caps]
    tail = [node_indices[e[0]] for e in kept]
    head = [node_indices[e[1]] for e in kept]
    try:
        int_cost, flows = _solve(supply, tail, head, cap_arg, cost_ints)
    except _Fallback:
        return _networkx_fallback(G, demand, capacity, weight)
    except InfeasibleError:
        raise _nx_exception("NetworkXUnfeasible")("no flow satisfies all node demands") from None
    except UnboundedError:
        # networkx reports infeasibility before unboundedness: test feasibility alone (no
        # costs, capacities bounded by the total supply, which any acyclic flow respects).
        bound = sum(s for s in supply if s > 0)
        try:
            _solve(supply, tail, head, [bound if c < 0 else c for c in cap_arg], [0] * len(tail))
        except InfeasibleError:
            raise _nx_exception("NetworkXUnfeasible")("no flow satisfies all node demands") from None
        raise _nx_exception("NetworkXUnbounded")("negative cycle with infinite capacity found") from None
    if any(e[-1].get(capacity, _INF) == _INF and e[-1].get(weight, 0) < 0 for e in loops):
        raise _nx_exception("NetworkXUnbounded")("negative cycle with infinite capacity found")

    flow_values: list[Any]
    as_float = any(isinstance(v, float) for v in node_demands + finite)
    if flow_scale == 1 and not as_float:
        flow_values = flows.tolist()
    elif as_float:
        flow_values = [x / flow_scale for x in flows.tolist()]
    else:
        flow_values = [Fraction(x, flow_scale) for x in flows.tolist()]
    if flow_scale == 1 and cost_scale == 1 and not as_float and all(isinstance(w, Integral) for w in weights):
        flow_cost: Any = int(int_cost)
    else:
        flow_cost = sum(w * x for w, x in zip(weights, flow_values))

    flow_dict: dict[Any, dict[Any, Any]] = {n: {} for n in node_list}

    def add_entry(e: tuple[Any, ...]) -> None:
        d = flow_dict[e[0]]
        for k in e[1:-2]:
            d = d.setdefault(k, {})
        d[e[-2]] = e[-1]

    # Like networkx, the entries of kept arcs are keyed by the node objects, those of the other
    # edges by the edge's own ends (which may be other objects equal to the nodes, say 1.0 for 1).
    for t, h, k, x in zip(tail, head, keys, flow_values):
        add_entry((node_list[t], node_list[h]) + k[2:] + (x,))
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
    return flow_cost, flow_dict


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
