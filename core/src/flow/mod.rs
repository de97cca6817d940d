//! Network flows: min-cost flow, linear sum assignment and the DIMACS format.
//!
//! Domain-free: nodes and arcs are 0-based indices, amounts and costs are `i64` (the
//! assignment takes `f64` costs). Nothing here knows about the rest of quanyu; errors are
//! [`FlowError`], plain data about the input at fault.
//!
//! * [`MinCostFlow`]: the one way into the min-cost-flow solver. Build a problem on nodes
//!   `0..n` arc by arc (lower bounds, unbounded capacities, negative costs, parallel arcs and
//!   self-loops allowed), choose a [`SupplyMode`] and a [`PivotRule`] if the defaults do not
//!   suit, and [`solve`](MinCostFlow::solve) it exactly with the primal network simplex
//!   ([`network_simplex`]). The DIMACS reader returns one, and the bindings build one.
//! * [`min_cost_flow`] and [`min_cost_flow_in_mode`]: a thin front end that builds a
//!   [`MinCostFlow`] from any directed petgraph graph, with closures for supply, capacity and
//!   cost, and reports flows and errors by the graph's own indices.
//! * [`linear_assignment`]: the rectangular assignment problem on `f64` or exact `i64`
//!   costs, by the Jonker–Volgenant method.
//! * [`linear_sum_assignment`]: the same problem with the results of
//!   `scipy.optimize.linear_sum_assignment`, ties included.
//! * [`dimacs`]: read and write DIMACS min-cost-flow problems and solutions.
//! * [`generate`]: seeded NETGEN-style random instances for tests and benchmarks.
//!
//! Every solver is deterministic: the same input gives the same output on every run, and ties
//! are broken by position (see each solver's notes). No input makes them panic or overflow.
//!
//! ```
//! use quanyu::flow::MinCostFlow;
//!
//! // Two warehouses (supply 3 and 2) serve two shops (demand 4 and 1).
//! let mut p = MinCostFlow::new(4);
//! for (node, supply) in [(0, 3), (1, 2), (2, -4), (3, -1)] {
//!     p.set_supply(node, supply)?;
//! }
//! p.add_arc(0, 2, 10, 1)?;
//! p.add_arc(0, 3, 10, 3)?;
//! p.add_arc(1, 2, 10, 2)?;
//! p.add_arc(1, 3, 10, 1)?;
//! let solution = p.solve()?;
//! assert_eq!(solution.flow, vec![3, 0, 1, 1]);
//! assert_eq!(solution.cost, 3 + 2 + 1);
//! # Ok::<(), quanyu::flow::FlowError>(())
//! ```

mod assignment;
pub mod cost_scaling;
pub mod dimacs;
mod error;
pub mod generate;
mod graph_api;
mod lapjv;
pub mod network_simplex;
mod problem;

pub use assignment::{Assignment, AssignmentCost, linear_assignment, linear_sum_assignment};
pub use error::{FlowError, UnmetNode};
pub use graph_api::{min_cost_flow, min_cost_flow_in_mode};
pub use problem::{
    Capacity, Engine, FlowArc, FlowSolution, MAX_NODES, MinCostFlow, PivotRule, SupplyMode,
    UNBOUNDED,
};
