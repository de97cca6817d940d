//! Reading and writing networks: versioned JSON snapshots and CSV tables.
//!
//! Snapshots ([`Network::save`](crate::Network::save), [`Network::load`](crate::Network::load))
//! keep everything in one file and round-trip exactly, as JSON or in a compact
//! [binary] form that opens fast. CSV tables
//! ([`Network::import_csv`](crate::Network::import_csv),
//! [`Network::export_csv`](crate::Network::export_csv)) are for spreadsheets and other systems;
//! their columns are documented in [`csv`].

pub mod binary;
pub mod csv;
pub mod snapshot;

pub use self::csv::{LevelSource, Table, UnitColumns, read_table, read_units_with, write_table};
