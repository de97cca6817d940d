//! The records and enums of the core as Kotlin and Swift see them, generated from the one
//! declaration of each (`quanyu::for_each_declaration!`): for every declared type, a
//! `uniffi::Record` or `uniffi::Enum` of the same name, fields and docs, and its conversions
//! to and from the core's type ([`Wire`]). Plain enums also get `english()`, `chinese()` and a
//! `parse_<name>(text)` function that accepts every spelling.
//!
//! What the generated code relies on is here: the wire forms of the basic types ([`Wire`] for
//! strings, numbers, dates, levels, collections, and the records of the core's pairs), the
//! problem list that a conversion from the app fills ([`Problems`]), and the row labels of
//! records ([`Label`]).
//!
//! Nothing here knows a declared field by name: adding a field to a core record adds it to the
//! Kotlin and Swift record and to both conversions.

mod pairs;
mod problems;
mod value;

pub use pairs::{GridBuildings, GridSplit, HolderTarget, PriorityCount};
pub(crate) use problems::{Label, Problems};
pub(crate) use value::{Cx, PersonalText, Wire, all, parse_name, read, try_read};

quanyu::for_each_declaration!(quanyu_derive::ffi);

#[cfg(test)]
mod tests;
