//! The integration tests of the `quanyu` crate, one module per subject, in one binary.

mod common;

mod collab;
mod compat;
mod contracts;
mod csv_exact;
mod divisions;
mod edit_props;
mod edits;
mod events;
mod events_store;
mod events_work;
mod extract;
mod flow_assignment;
mod flow_cost_scaling;
mod flow_dimacs;
mod flow_graph;
mod flow_min_cost;
mod flow_regressions;
mod identity;
mod interop;
mod invariants;
mod io;
mod open311;
mod privacy;
mod purge;
mod queries;
mod reconcile;
mod recurrence;
mod saving;
mod synth;
mod venues;
