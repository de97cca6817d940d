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
//! - [`synth`]: seeded synthetic cities, from one subdistrict to a megacity.
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

pub mod contracts;
pub mod error;
pub mod flow;
pub mod io;
pub mod model;
mod names;
pub mod synth;
pub mod venues;

pub use error::{EntityKind, Error, Origin, Problem, Result};
pub use model::*;

/// The README's Rust tour, compiled and run as a doctest so that it never goes stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeTour;
