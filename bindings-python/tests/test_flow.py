"""quanyu.flow against its peers: networkx's min-cost-flow functions and scipy's linear sum
assignment, on random instances (hypothesis) and on networkx's own NETGEN instance."""

from __future__ import annotations

import bz2
import importlib.resources
import math
import pickle
import signal
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np
import pytest
import scipy.optimize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quanyu
from quanyu import flow

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Hung(Exception):
    """networkx's network simplex did not finish in time (it can cycle on degenerate inputs)."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hung


def outcome(f: Any, G: Any, seconds: float = 3.0) -> tuple[Any, ...]:
    """("ok", cost, flows), or (exception type, message); ("hung",) if it ran out of time."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        cost, flows = f(G)
        return ("ok", cost, flows)
    except nx.NetworkXException as e:
        return (type(e), str(e))
    except Hung:
        return ("hung",)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def compare(G: Any, check_types: bool = False) -> None:
    """quanyu's answer is networkx's: the same exception and message, or the same cost with
    a feasible flow. Where networkx cycles without end, quanyu must still give a feasible
    flow or one of networkx's exceptions."""
    theirs, ours = outcome(nx.network_simplex, G), outcome(flow.network_simplex, G)
    assert ours != ("hung",)
    if theirs == ("hung",):
        if ours[0] == "ok":
            check_flow(G, ours[1], ours[2])
        return
    assert ours[0] == theirs[0]
    if ours[0] == "ok":
        assert ours[1] == theirs[1]
        if check_types:
            assert type(ours[1]) is type(theirs[1])
            assert shape(ours[2]) == shape(theirs[2])
        check_flow(G, ours[1], ours[2])
    else:
        assert ours[1] == theirs[1]


def shape(d: Any) -> Any:
    """The keys of a flow dict at every level, in order and with their types, and the types
    of its values: what must be networkx's even where another optimal flow is returned."""
    if isinstance(d, dict):
        return [(type(k), k, shape(v)) for k, v in d.items()]
    return type(d)


def check_flow(G: Any, cost: Any, flows: dict[Any, Any]) -> None:
    """`flows` is a feasible flow of G whose cost is `cost`."""
    net = {u: 0 for u in G}
    total = 0
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in edges:
        x = flows[u][v][k] if G.is_multigraph() else flows[u][v]
        assert 0 <= x <= d.get("capacity", math.inf)
        total += x * d.get("weight", 0)
        net[u] -= x
        net[v] += x
    for u in G:
        assert net[u] == G.nodes[u].get("demand", 0)
    assert total == cost


@st.composite
def graphs(draw: Any, multigraph: bool = False, numbers: str = "int") -> Any:
    n = draw(st.integers(1, 7))
    G = nx.MultiDiGraph() if multigraph else nx.DiGraph()
    demands = [draw(st.integers(-6, 6)) for _ in range(n)]
    if draw(st.booleans()) or n == 1:
        demands[-1] -= sum(demands)
    scale = {"int": 1, "float": 4.0, "fraction": Fraction(1, 3)}[numbers]

    def num(x: int) -> Any:
        return x if numbers == "int" else (x / scale if numbers == "float" else x * scale)

    for i, d in enumerate(demands):
        if d or draw(st.booleans()):
            G.add_node(i, demand=num(d) if numbers != "float" else d)
        else:
            G.add_node(i)
    for _ in range(draw(st.integers(0, 14))):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        attrs: dict[str, Any] = {}
        cap = draw(st.one_of(st.none(), st.integers(0, 8), st.just(math.inf)))
        if cap is not None:
            attrs["capacity"] = cap if cap == math.inf else num(cap)
        if draw(st.integers(0, 4)):
            attrs["weight"] = num(draw(st.integers(-3, 10)))
        G.add_edge(u, v, **attrs)
    return G


@SETTINGS
@given(graphs())
def test_network_simplex_matches_networkx_on_digraphs(G: Any) -> None:
    compare(G, check_types=True)


@SETTINGS
@given(graphs(multigraph=True))
def test_network_simplex_matches_networkx_on_multigraphs(G: Any) -> None:
    compare(G, check_types=True)


# Node names that the native reader indexes in different ways: integers packed in a range
# (a table), spread out or beyond 64 bits (a dict), strings, and a mixture.
LABELS = {
    "from one": lambda i: i + 1,
    "spread": lambda i: i * 10**6 - 3,
    "negative": lambda i: -5 * i,
    "beyond 64 bits": lambda i: 2**70 + i,
    "strings": lambda i: f"n{i}",
    "mixed": lambda i: i if i % 2 else str(i),
    "tuples": lambda i: (i, "x"),
}


@SETTINGS
@given(graphs(), st.sampled_from(sorted(LABELS)), st.booleans())
def test_node_names_of_every_kind(G: Any, labels: str, multi: bool) -> None:
    H = nx.relabel_nodes(nx.MultiDiGraph(G) if multi else G, {u: LABELS[labels](u) for u in G}, copy=True)
    compare(H, check_types=True)


@SETTINGS
@given(graphs(), st.data())
def test_edge_ends_equal_to_nodes_but_of_another_type(G: Any, data: Any) -> None:
    # networkx stores the head as given, so an edge to 1.0 or True may point at the node 1.
    H = nx.DiGraph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        kind = data.draw(st.sampled_from([int, float, "bool"]))
        end = bool(v) if kind == "bool" and v in (0, 1) else (float(v) if kind is float else v)
        H.add_edge(u, end, **d)
    compare(H, check_types=True)


@SETTINGS
@given(graphs(numbers="float"))
def test_float_weights_and_capacities(G: Any) -> None:
    compare(G)


@settings(max_examples=100, deadline=None)
@given(graphs(numbers="fraction"))
def test_exact_fractions(G: Any) -> None:
    compare(G)


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_min_cost_flow_and_its_cost(G: Any) -> None:
    theirs = outcome(nx.network_simplex, G)
    if theirs == ("hung",):
        return
    try:
        expected = nx.min_cost_flow_cost(G)
    except nx.NetworkXException as e:
        with pytest.raises(type(e), match=None) as info:
            flow.min_cost_flow_cost(G)
        assert str(info.value) == str(e)
        with pytest.raises(type(e)):
            flow.min_cost_flow(G)
        return
    assert flow.min_cost_flow_cost(G) == expected
    check_flow(G, expected, flow.min_cost_flow(G))


def test_the_messages_of_networkx() -> None:
    cases = []
    g = nx.Graph()
    g.add_edge(1, 2)
    cases.append(g)
    cases.append(nx.DiGraph())
    g = nx.DiGraph()
    g.add_node("a", demand=math.inf)
    cases.append(g)
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=-math.inf)
    cases.append(g)
    g = nx.MultiDiGraph()
    g.add_edge("a", "a", weight=math.inf)
    cases.append(g)
    g = nx.DiGraph()
    g.add_node("a", demand=1)
    cases.append(g)
    g = nx.DiGraph()
    g.add_edge("a", "b", capacity=-1)
    cases.append(g)
    g = nx.DiGraph()
    g.add_edge("a", "a", capacity=-1)
    cases.append(g)
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=-1)
    g.add_edge("b", "a", weight=-1)
    cases.append(g)
    g = nx.DiGraph()
    g.add_edge("a", "a", weight=-1)
    cases.append(g)
    for G in cases:
        with pytest.raises(nx.NetworkXException) as theirs:
            nx.network_simplex(G)
        with pytest.raises(type(theirs.value)) as ours:
            flow.network_simplex(G)
        assert str(ours.value) == str(theirs.value)


def test_numbers_beyond_64_bits_fall_back_to_networkx() -> None:
    G = nx.DiGraph()
    G.add_node("s", demand=-(10**20))
    G.add_node("t", demand=10**20)
    G.add_edge("s", "t", weight=10**25)
    G.add_edge("s", "m", weight=1)
    G.add_edge("m", "t", weight=1e-300)
    assert flow.network_simplex(G) == nx.network_simplex(G)


def test_netgen_instance_of_networkx() -> None:
    fname = importlib.resources.files("networkx.algorithms.flow.tests") / "netgen-2.gpickle.bz2"
    with bz2.BZ2File(str(fname), "rb") as f:
        G = pickle.load(f)
    cost, flows = flow.network_simplex(G)
    assert cost == 6749969302 == nx.cost_of_flow(G, flows)


def test_the_builder() -> None:
    p = flow.MinCostFlow(2)
    p.set_supply(0, 5)
    p.set_supply(1, -5)
    p.add_arc(0, 1, 3, 1)
    with pytest.raises(quanyu.InfeasibleError):
        p.solve()
    p.add_arc(0, 1, None, 4)
    s = p.solve()
    assert (s.cost, s.flow) == (3 + 8, [3, 2]) and len(s.potential) == 2
    text = p.to_dimacs()
    assert flow.MinCostFlow.from_dimacs(text).solve().cost == 11
    q = flow.MinCostFlow()
    a, b = q.add_node(4), q.add_node(-2)
    q.add_arc(a, b, 10, 3, lower=1)
    q.mode = "supply_at_most"
    assert q.mode == "SupplyAtMost" and q.solve().flow == [2] and q.supplies() == [4, -2]
    with pytest.raises(quanyu.InvalidArgumentError):
        q.add_arc(0, 7)
    with pytest.raises(quanyu.InvalidArgumentError):
        q.add_arc(0, 1, -3)
    with pytest.raises(quanyu.InvalidArgumentError):
        q.add_arc(0, 1, 1, 2**70)
    with pytest.raises(quanyu.InvalidArgumentError):
        flow.MinCostFlow(-1)
    with pytest.raises(quanyu.InvalidArgumentError):
        q.mode = "generous"
    with pytest.raises(quanyu.ParseError):
        flow.MinCostFlow.from_dimacs("p min x y\n")
    u = flow.MinCostFlow(2)
    u.add_arc(0, 1, None, -1)
    u.add_arc(1, 0, None, -1)
    with pytest.raises(quanyu.UnboundedError):
        u.solve()


matrices = st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 3)).flatmap(
    lambda t: st.tuples(
        st.lists(
            st.one_of(st.integers(0, 4).map(float), st.floats(-100, 100, allow_nan=False), st.just(math.inf), st.just(-math.inf), st.just(math.nan))
            if t[2] == 0
            else st.integers(0, 3 * t[2]).map(float),
            min_size=t[0] * t[1],
            max_size=t[0] * t[1],
        ).map(lambda xs, t=t: np.array(xs, dtype=float).reshape(t[0], t[1])),
        st.booleans(),
    )
)


@settings(max_examples=600, deadline=None)
@given(matrices)
def test_linear_sum_assignment_matches_scipy(args: Any) -> None:
    cost, maximize = args
    try:
        expected = scipy.optimize.linear_sum_assignment(cost, maximize=maximize)
    except ValueError as e:
        with pytest.raises(ValueError) as info:
            flow.linear_sum_assignment(cost, maximize=maximize)
        assert str(info.value) == str(e)
        return
    got = flow.linear_sum_assignment(cost, maximize)
    assert got[0].dtype == expected[0].dtype and got[1].dtype == expected[1].dtype
    assert got[0].tolist() == expected[0].tolist() and got[1].tolist() == expected[1].tolist()


@pytest.mark.parametrize(
    "bad",
    [np.zeros(3), np.zeros((2, 2, 2)), 5, [["a"]], [[1, 2], [3]], np.array([[1 + 2j]])],
)
def test_linear_sum_assignment_refuses_what_scipy_refuses(bad: Any) -> None:
    with pytest.raises(Exception) as theirs:
        scipy.optimize.linear_sum_assignment(bad)
    with pytest.raises(type(theirs.value)) as ours:
        flow.linear_sum_assignment(bad)
    assert str(ours.value) == str(theirs.value)


def test_linear_sum_assignment_inputs() -> None:
    cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
    for form in (cost, np.array(cost, dtype=np.int32), np.array(cost, dtype=bool), np.asfortranarray(np.array(cost, float)), np.array(cost, float)[:, ::-1]):
        a, b = flow.linear_sum_assignment(form)
        c, d = scipy.optimize.linear_sum_assignment(form)
        assert a.tolist() == c.tolist() and b.tolist() == d.tolist()


def brute_force_total(cost: np.ndarray, maximize: bool) -> int | None:
    """The best exact total over every assignment of min(rows, cols) pairs of an integer
    matrix, forbidden pairs (int64 max, or min when maximizing) excluded; None if none."""
    import itertools

    forbidden = np.iinfo(np.int64).min if maximize else np.iinfo(np.int64).max
    rows, cols = cost.shape
    m = cost if rows <= cols else cost.T
    r, c = m.shape
    best: int | None = None
    for perm in itertools.permutations(range(c), r):
        picked = [int(m[i, j]) for i, j in enumerate(perm)]
        if any(x == forbidden for x in picked):
            continue
        total = sum(picked)
        if best is None or (total > best if maximize else total < best):
            best = total
    return best


int_cells = st.one_of(
    st.integers(-5, 5),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([2**63 - 1, -(2**63), 2**63 - 2, -(2**63) + 1]),
)
int_matrices = st.tuples(st.integers(0, 5), st.integers(0, 5)).flatmap(
    lambda t: st.tuples(
        st.lists(int_cells, min_size=t[0] * t[1], max_size=t[0] * t[1]).map(
            lambda xs, t=t: np.array(xs, dtype=np.int64).reshape(t[0], t[1])
        ),
        st.booleans(),
    )
)


@settings(max_examples=400, deadline=None)
@given(int_matrices)
def test_linear_assignment_exact_on_int64_extremes(args: Any) -> None:
    cost, maximize = args
    best = brute_force_total(cost, maximize)
    if best is None and cost.size:
        with pytest.raises(ValueError, match="infeasible"):
            flow.linear_assignment(cost, maximize)
        return
    rows, cols = flow.linear_assignment(cost, maximize)
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    assert len(rows) == min(cost.shape) and rows.tolist() == sorted(set(rows.tolist()))
    assert len(set(cols.tolist())) == len(cols)
    assert sum(int(cost[i, j]) for i, j in zip(rows, cols)) == (best or 0)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.integers(1, 120), st.sampled_from([2, 10, 1000, 2**40]), st.booleans(), st.integers(0, 2**32 - 1))
def test_linear_assignment_total_matches_scipy(rows: int, cols: int, high: int, maximize: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    cost = rng.integers(-high, high, (rows, cols), dtype=np.int64)
    r, c = scipy.optimize.linear_sum_assignment(cost, maximize=maximize)
    a, b = flow.linear_assignment(cost, maximize)
    # With more rows than columns and ties, which rows get a column may differ.
    assert len(a) == len(r) and a.tolist() == sorted(set(a.tolist()))
    assert len(set(b.tolist())) == len(b)
    assert int(cost[a, b].sum()) == int(cost[r, c].sum())
    # Floats with forbidden pairs, and the drop-in's exact pairs (ties included).
    floats = cost.astype(float)
    floats[rng.random((rows, cols)) < 0.1] = -math.inf if maximize else math.inf
    try:
        r, c = scipy.optimize.linear_sum_assignment(floats, maximize=maximize)
    except ValueError:
        with pytest.raises(ValueError, match="infeasible"):
            flow.linear_assignment(floats, maximize)
        with pytest.raises(ValueError, match="infeasible"):
            flow.linear_sum_assignment(floats, maximize)
        return
    a, b = flow.linear_assignment(floats, maximize)
    assert floats[a, b].sum() == floats[r, c].sum()
    a, b = flow.linear_sum_assignment(floats, maximize)
    assert a.tolist() == r.tolist() and b.tolist() == c.tolist()
