//! Reading and writing networks: versioned JSON snapshots and CSV tables.
//!
//! Snapshots ([`Network::save`](crate::Network::save), [`Network::load`](crate::Network::load))
//! keep everything in one file and round-trip exactly, as JSON or in a compact
//! [binary] form that opens fast. CSV tables
//! ([`Network::import_csv`](crate::Network::import_csv),
//! [`Network::export_csv`](crate::Network::export_csv)) are for spreadsheets and other systems;
//! their columns are documented in [`csv`], and [`ImportOptions`] and
//! [`ExportOptions`] set their encoding and strictness.

pub mod binary;
pub(crate) mod columns;
pub mod csv;
pub(crate) mod encoding;
pub(crate) mod format;
mod options;
pub(crate) mod save;
pub mod snapshot;

pub use self::csv::{
    LevelSource, Table, UnitColumns, read_table, read_table_with, read_units_with, write_table,
    write_table_with,
};
pub use self::options::{ExportOptions, ImportOptions};
