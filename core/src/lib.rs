//! # quanyu
//!
//! The governance network of a subdistrict as one graph.
#![forbid(unsafe_code)]

pub mod error;
pub mod flow;

pub use error::{EntityKind, Error, Origin, Problem, Result};
