//! # quanyu
//!
//! An embeddable library for whole-area, Party-building-led grassroots governance (全域党建引领
//! 基层治理): the organisational tree of a subdistrict and the Party-organisation tree beside
//! it, people and their posts, held as one petgraph graph.
//!
//! - [`model`]: the [`Network`] — units on a [`LevelScheme`], organisations, persons,
//!   memberships, posts and grid layers; tree and dated queries from derived indices;
//!   all-or-nothing [edits](Network::edit); the structural [audit](Network::audit).
//! - [`io`]: JSON snapshots and CSV tables.
//! - [`contracts`]: the four contracts (四包): audit, optimal plans, incremental re-plans.
//! - [`flow`]: min-cost flow, assignment and DIMACS, domain-free.
//! - [`synth`]: seeded synthetic cities, from one subdistrict to a megacity.
//! - [`progress`]: progress reports and cancellation of long calls.
//! - [`privacy`]: the masks (脱敏) of personal fields, declared with each field.
//! - [`schema`]: every record, enum and report declared once, described as data.
//! - [`venues`]: the red shared-venue menu (红色共享阵地) beside the network — venues,
//!   opening hours, requests, bookings, batch and interactive matching, coverage.
//! - [`report`]: a self-contained HTML report of a network, its contracts and its venues.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::{Role, synth};
//!
//! let net = synth::community(2024)?;
//! let day = synth::REFERENCE_DATE;
//! for grid in net.units_by_level("Grid")?.take(3) {
//!     let leaders = net.posts_at_unit(&grid.id, day, Some(Role::GridLeader))?;
//!     println!("{}: {} grid leaders", grid.name, leaders.len());
//! }
//! let audit = net.audit(day);
//! println!("{} grids short of leaders", audit.grids_short_of_leaders.len());
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

// The derives of `schema` name `::quanyu::…`, which inside this crate is the crate itself.
extern crate self as quanyu;

pub mod collab;
pub mod contracts;
pub mod divisions;
pub mod error;
pub mod events;
pub mod flow;
/// The glossary: the Chinese terms of the domain, their English names in quanyu, and what
/// they mean.
#[doc = include_str!("glossary.md")]
pub mod glossary {}
pub mod interop;
pub mod io;
pub mod model;
pub mod privacy;
pub mod progress;
pub mod report;
pub mod schema;
pub mod synth;
pub mod venues;

/// The string type of entities' ids and names: derefs to `&str`, compares with `&str` and
/// `String`, and keeps strings of up to 24 bytes inline (no allocation), which is nearly every
/// id and name — what makes a whole community's snapshot open in milliseconds.
///
/// ```
/// # let net = quanyu::synth::community(1)?;
/// let unit = net.units().next().unwrap();
/// let id: &str = &unit.id;
/// assert_eq!(unit.id, id);
/// let owned: String = unit.id.to_string();
/// assert_eq!(owned, unit.id);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub use compact_str::CompactString;
pub use error::{EntityKind, Error, Origin, Problem, RefusedTransition, Result};
pub use model::*;

/// The README's Rust tour, compiled and run as a doctest so that it never goes stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeTour;
