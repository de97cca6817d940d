//! The petgraph front end: a thin wrapper that builds a [`MinCostFlow`] from any directed
//! petgraph graph and reports the result by the graph's own indices.

use petgraph::Directed;
use petgraph::visit::{
    EdgeIndexable, EdgeRef, GraphProp, IntoEdgeReferences, IntoNodeIdentifiers, NodeIndexable,
};

use super::error::FlowError;
use super::problem::{Capacity, FlowSolution, MinCostFlow, SupplyMode};

/// Min-cost flow on a directed petgraph graph, with supplies, capacities and costs read by
/// closures: builds a [`MinCostFlow`] on the graph's node indices, one arc per edge, and
/// solves it. Supplies must balance ([`SupplyMode::Exact`]); see [`min_cost_flow_in_mode`] for
/// the other modes.
///
/// * `supply(node)`: positive = supply, negative = demand.
/// * `capacity(edge)`: anything that converts [`Into<Capacity>`](Capacity) — an `i64`, or
///   `Capacity::Unbounded`, or an `Option<i64>` with `None` = unbounded.
/// * `cost(edge)`: cost per unit, any sign.
///
/// Works on [`Graph`](petgraph::graph::Graph), [`StableGraph`](petgraph::stable_graph::StableGraph)
/// and, with petgraph's `graphmap` feature, `DiGraphMap` (anything directed with edge
/// references, node and edge indices). In the result, `flow` is indexed by the graph's edge index
/// ([`EdgeIndexable::to_index`]) and `potential` by its node index
/// ([`NodeIndexable::to_index`]); vacant indices of a `StableGraph` hold 0. Node and arc
/// numbers in errors are those indices too.
///
/// # Errors
///
/// As [`MinCostFlow::solve`], and [`FlowError::InvalidInput`] for a negative capacity (naming
/// the edge index).
///
/// ```
/// use petgraph::graph::DiGraph;
/// use quanyu::flow::min_cost_flow;
///
/// // Node weight: supply. Edge weight: (capacity, cost).
/// let mut g = DiGraph::<i64, (i64, i64)>::new();
/// let (s, a, b, t) = (g.add_node(5), g.add_node(0), g.add_node(0), g.add_node(-5));
/// let sa = g.add_edge(s, a, (4, 1));
/// let sb = g.add_edge(s, b, (4, 2));
/// let at = g.add_edge(a, t, (4, 1));
/// let bt = g.add_edge(b, t, (4, 1));
/// let flow = min_cost_flow(&g, |n| g[n], |e| e.weight().0, |e| e.weight().1).unwrap();
/// assert_eq!(flow.flow[sa.index()], 4);
/// assert_eq!(flow.flow[sb.index()], 1);
/// assert_eq!((flow.flow[at.index()], flow.flow[bt.index()]), (4, 1));
/// assert_eq!(flow.cost, 4 * 2 + 1 * 3);
/// ```
pub fn min_cost_flow<G, S, C, K, Cap>(
    graph: G,
    supply: S,
    capacity: C,
    cost: K,
) -> Result<FlowSolution, FlowError>
where
    G: IntoEdgeReferences
        + IntoNodeIdentifiers
        + NodeIndexable
        + EdgeIndexable
        + GraphProp<EdgeType = Directed>,
    S: FnMut(G::NodeId) -> i64,
    C: FnMut(G::EdgeRef) -> Cap,
    Cap: Into<Capacity>,
    K: FnMut(G::EdgeRef) -> i64,
{
    min_cost_flow_in_mode(graph, SupplyMode::Exact, supply, capacity, cost)
}

/// [`min_cost_flow`] with a choice of [`SupplyMode`]: for example
/// [`SupplyMode::SupplyAtMost`] when supply nodes may keep a surplus.
///
/// # Errors
///
/// As [`min_cost_flow`].
///
/// ```
/// use petgraph::stable_graph::StableDiGraph;
/// use quanyu::flow::{min_cost_flow_in_mode, Capacity, SupplyMode};
///
/// // Two depots with 10 units each, one client wanting 12; edge weight = cost per unit.
/// let mut g = StableDiGraph::<i64, i64>::new();
/// let (north, south, client) = (g.add_node(10), g.add_node(10), g.add_node(-12));
/// g.add_edge(north, client, 3);
/// g.add_edge(south, client, 5);
/// let flow = min_cost_flow_in_mode(
///     &g, SupplyMode::SupplyAtMost, |n| g[n], |_| Capacity::Unbounded, |e| *e.weight(),
/// ).unwrap();
/// assert_eq!(flow.cost, 10 * 3 + 2 * 5);
/// ```
pub fn min_cost_flow_in_mode<G, S, C, K, Cap>(
    graph: G,
    mode: SupplyMode,
    mut supply: S,
    mut capacity: C,
    mut cost: K,
) -> Result<FlowSolution, FlowError>
where
    G: IntoEdgeReferences
        + IntoNodeIdentifiers
        + NodeIndexable
        + EdgeIndexable
        + GraphProp<EdgeType = Directed>,
    S: FnMut(G::NodeId) -> i64,
    C: FnMut(G::EdgeRef) -> Cap,
    Cap: Into<Capacity>,
    K: FnMut(G::EdgeRef) -> i64,
{
    let node_bound = NodeIndexable::node_bound(&graph);
    let edge_bound = EdgeIndexable::edge_bound(&graph);
    let mut problem = MinCostFlow::new(node_bound);
    problem.set_mode(mode);
    for n in graph.node_identifiers() {
        problem.set_supply(NodeIndexable::to_index(&graph, n), supply(n))?;
    }
    // The builder numbers arcs in the order added; `edge_index` maps them back.
    let mut edge_index = Vec::new();
    for e in graph.edge_references() {
        let index = EdgeIndexable::to_index(&graph, e.id());
        if index >= edge_bound {
            return Err(FlowError::invalid(
                "graph",
                format!("edge index {index} is out of range: expected 0..{edge_bound}"),
            ));
        }
        let tail = NodeIndexable::to_index(&graph, e.source());
        let head = NodeIndexable::to_index(&graph, e.target());
        let capacity = capacity(e).into();
        if let Capacity::Finite(c) = capacity
            && c < 0
        {
            return Err(FlowError::invalid(
                "capacity",
                format!("edge {index} has capacity {c}: expected 0 or more"),
            ));
        }
        problem.add_arc(tail, head, capacity, cost(e))?;
        edge_index.push(index);
    }
    let solution = problem.solve().map_err(|e| match e {
        FlowError::Unbounded { arcs, nodes } => FlowError::Unbounded {
            arcs: arcs.into_iter().map(|a| edge_index[a]).collect(),
            nodes,
        },
        other => other,
    })?;
    let mut flow = vec![0i64; edge_bound];
    for (a, &f) in solution.flow.iter().enumerate() {
        flow[edge_index[a]] = f;
    }
    Ok(FlowSolution { flow, ..solution })
}
