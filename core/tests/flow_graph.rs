//! The petgraph front end: the same answers as the flat builder on Graph and StableGraph (with
//! vacant indices), with flows and potentials at the graph's own indices. (DiGraphMap needs
//! petgraph's `graphmap` feature, which the workspace does not enable.)

use petgraph::graph::DiGraph;
use petgraph::stable_graph::StableDiGraph;
use petgraph::visit::EdgeRef;
use quanyu::flow::{
    Capacity, FlowError, MinCostFlow, SupplyMode, min_cost_flow, min_cost_flow_in_mode,
};

/// An arc: (tail, head, capacity, cost).
type Arc = (usize, usize, Option<i64>, i64);

/// A small deterministic instance: (supply per node, arcs).
fn instance() -> (Vec<i64>, Vec<Arc>) {
    let supply = vec![7, 0, 3, 0, -4, -6];
    let arcs = vec![
        (0, 1, Some(5), 2),
        (0, 2, None, 4),
        (1, 3, Some(4), 1),
        (2, 3, Some(6), -1),
        (3, 4, Some(5), 3),
        (3, 5, Some(9), 2),
        (1, 5, Some(2), 6),
        (2, 4, Some(3), 7),
        (5, 4, None, 1),
        (1, 1, Some(3), -2), // self-loop with negative cost: saturated
        (0, 1, Some(2), 1),  // parallel arc
    ];
    (supply, arcs)
}

fn reference() -> quanyu::flow::FlowSolution {
    let (supply, arcs) = instance();
    let mut p = MinCostFlow::new(supply.len());
    for (v, &s) in supply.iter().enumerate() {
        p.set_supply(v, s).unwrap();
    }
    for &(t, h, c, w) in &arcs {
        p.add_arc(t, h, c, w).unwrap();
    }
    p.solve().unwrap()
}

#[test]
fn graph_matches_the_flat_builder() {
    let (supply, arcs) = instance();
    let mut g = DiGraph::<i64, (Option<i64>, i64)>::new();
    let nodes: Vec<_> = supply.iter().map(|&s| g.add_node(s)).collect();
    for &(t, h, c, w) in &arcs {
        g.add_edge(nodes[t], nodes[h], (c, w));
    }
    let got = min_cost_flow(&g, |n| g[n], |e| e.weight().0, |e| e.weight().1).unwrap();
    assert_eq!(got, reference());
}

#[test]
fn stable_graph_uses_its_own_indices() {
    let (supply, arcs) = instance();
    let mut g = StableDiGraph::<i64, (Option<i64>, i64)>::new();
    // A node and an edge that are removed again leave vacant indices 0 behind.
    let ghost = g.add_node(99);
    let nodes: Vec<_> = supply.iter().map(|&s| g.add_node(s)).collect();
    let ghost_edge = g.add_edge(nodes[0], nodes[1], (Some(1), -100));
    let mut edges = Vec::new();
    for &(t, h, c, w) in &arcs {
        edges.push(g.add_edge(nodes[t], nodes[h], (c, w)));
    }
    g.remove_edge(ghost_edge);
    g.remove_node(ghost);
    let got = min_cost_flow(&g, |n| g[n], |e| e.weight().0, |e| e.weight().1).unwrap();
    let want = reference();
    assert_eq!(got.cost, want.cost);
    assert_eq!(got.flow.len(), arcs.len() + 1);
    assert_eq!(got.flow[ghost_edge.index()], 0);
    for (a, e) in edges.iter().enumerate() {
        assert_eq!(got.flow[e.index()], want.flow[a], "edge {a}");
    }
    assert_eq!(got.node_count(), supply.len() + 1);
    for (v, n) in nodes.iter().enumerate() {
        assert_eq!(got.potential(n.index()), want.potential(v), "node {v}");
    }
}

#[test]
fn modes_pass_through() {
    let mut g = DiGraph::<i64, i64>::new();
    let a = g.add_node(10);
    let b = g.add_node(-4);
    g.add_edge(a, b, 3);
    assert!(matches!(
        min_cost_flow(&g, |n| g[n], |_| Capacity::Unbounded, |e| *e.weight()),
        Err(FlowError::Unbalanced { total: 6, .. })
    ));
    let got = min_cost_flow_in_mode(
        &g,
        SupplyMode::SupplyAtMost,
        |n| g[n],
        |_| Capacity::Unbounded,
        |e| *e.weight(),
    )
    .unwrap();
    assert_eq!((got.cost, got.flow.clone()), (12, vec![4]));
}

#[test]
fn errors_name_graph_indices() {
    let mut g = StableDiGraph::<i64, (i64, i64)>::new();
    let x = g.add_node(0);
    let y = g.add_node(0);
    let z = g.add_node(0);
    let gone = g.add_edge(x, y, (1, 1));
    let xy = g.add_edge(x, y, (i64::MAX, -1));
    let yz = g.add_edge(y, z, (i64::MAX, -1));
    let zx = g.add_edge(z, x, (i64::MAX, -1));
    g.remove_edge(gone);
    // A capacity of i64::MAX is finite: the negative cycle is saturated, not unbounded.
    let full = min_cost_flow(&g, |_| 0, |e| e.weight().0, |e| e.weight().1).unwrap();
    assert_eq!(full.flow[xy.index()], i64::MAX);
    assert_eq!(full.cost, -3 * i128::from(i64::MAX));
    let unbounded = |e: petgraph::stable_graph::EdgeReference<'_, (i64, i64)>| match e.weight().0 {
        i64::MAX => Capacity::Unbounded,
        c => Capacity::Finite(c),
    };
    match min_cost_flow(&g, |_| 0, unbounded, |e| e.weight().1) {
        Err(FlowError::Unbounded { mut arcs, .. }) => {
            arcs.sort();
            let mut want = vec![xy.index(), yz.index(), zx.index()];
            want.sort();
            assert_eq!(arcs, want);
        }
        other => panic!("expected unbounded, got {other:?}"),
    }
    let bad = min_cost_flow(&g, |_| 0, |e| if e.id() == yz { -1 } else { 1 }, |_| 0);
    match bad {
        Err(FlowError::InvalidInput {
            name: "capacity",
            message,
        }) => {
            assert!(
                message.starts_with(&format!("edge {} ", yz.index())),
                "{message}"
            );
        }
        other => panic!("expected invalid capacity, got {other:?}"),
    }
}
