//! The integration tests of the `quanyu` crate, one module per subject, in one binary.

mod common;

mod compat;
mod contracts;
mod edits;
mod extract;
mod flow_assignment;
mod flow_dimacs;
mod flow_graph;
mod flow_min_cost;
mod io;
mod queries;
mod synth;
mod venues;
