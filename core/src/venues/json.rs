//! The whole menu as JSON, `"format": "quanyu-menu/1"`: the slot length and every record,
//! tables in order. Loading replays one [`Menu::add`], so a hand-edited file with a dangling
//! reference is refused with its problems named; saving a loaded menu gives the same bytes.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::venues::{Menu, synth};
//! let net = quanyu::synth::community(6)?;
//! let mut menu = synth::menu(&net, 6)?;
//! let requests = synth::requests(&net, &menu, synth::WEEK, 40, 6)?;
//! menu.add(&net, quanyu::venues::MenuRecords { requests, ..Default::default() })?;
//! menu.match_requests(&net, &Default::default())?;
//!
//! let json = menu.to_json()?;
//! let back = Menu::from_json(&json, &net)?;
//! assert_eq!(back, menu);
//! assert_eq!(back.to_json()?, json);
//! assert!(Menu::from_json(r#"{"format": "quanyu-menu/9"}"#, &net).is_err());
//! # Ok(()) }
//! ```

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use super::menu::Menu;
use super::records::{
    BookingRecord, ExceptionRecord, MenuRecords, MenuTable, OpeningHoursRecord, RequestRecord,
    VenueRecord,
};
use crate::{Error, Network, Origin, Result};

/// The format tag this version writes and reads.
pub const FORMAT: &str = "quanyu-menu/1";

#[derive(Serialize)]
struct Out<'a> {
    format: &'static str,
    slot_minutes: u32,
    venues: &'a [VenueRecord],
    opening_hours: &'a [OpeningHoursRecord],
    exceptions: &'a [ExceptionRecord],
    requests: &'a [RequestRecord],
    bookings: &'a [BookingRecord],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct In {
    #[allow(dead_code)]
    format: String,
    slot_minutes: u32,
    #[serde(default)]
    venues: Vec<VenueRecord>,
    #[serde(default)]
    opening_hours: Vec<OpeningHoursRecord>,
    #[serde(default)]
    exceptions: Vec<ExceptionRecord>,
    #[serde(default)]
    requests: Vec<RequestRecord>,
    #[serde(default)]
    bookings: Vec<BookingRecord>,
}

fn parse_error(e: &serde_json::Error) -> Error {
    match e.io_error_kind() {
        Some(kind) => Error::Io {
            path: "menu JSON".to_owned(),
            kind,
            message: e.to_string(),
        },
        None => crate::io::format::json_error("menu JSON", e),
    }
}

impl Menu {
    /// The menu as JSON (see the [module docs](self)).
    ///
    /// ```
    /// let json = quanyu::venues::Menu::new().to_json()?;
    /// assert!(json.starts_with(r#"{"format":"quanyu-menu/1","slot_minutes":30"#));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        let mut out = Vec::new();
        self.write_json(&mut out)?;
        String::from_utf8(out).map_err(|e| Error::Parse {
            source_name: "menu JSON".to_owned(),
            line: None,
            message: e.to_string(),
        })
    }

    /// Writes the menu as JSON to `writer`.
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        let r = self.records();
        let out = Out {
            format: FORMAT,
            slot_minutes: self.slot_minutes(),
            venues: &r.venues,
            opening_hours: &r.opening_hours,
            exceptions: &r.exceptions,
            requests: &r.requests,
            bookings: &r.bookings,
        };
        let mut w = std::io::BufWriter::new(writer);
        serde_json::to_writer(&mut w, &out).map_err(|e| parse_error(&e))?;
        w.flush().map_err(|e| Error::io("menu JSON", &e))
    }

    /// A menu from JSON, its references checked against `net` like an [`add`](Self::add).
    ///
    /// ```
    /// let net = quanyu::Network::new();
    /// let err = quanyu::venues::Menu::from_json("{ not json", &net).unwrap_err();
    /// assert!(matches!(err, quanyu::Error::Parse { line: Some(1), .. }));
    /// ```
    pub fn from_json(json: &str, net: &Network) -> Result<Menu> {
        Self::read_json(json.as_bytes(), net)
    }

    /// Reads a menu from JSON in `reader` (see [`from_json`](Self::from_json)).
    pub fn read_json<R: Read>(mut reader: R, net: &Network) -> Result<Menu> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("menu JSON", &e))?;
        crate::io::format::check(&bytes, "menu JSON", &[FORMAT], "menu")?;
        let input: In = serde_json::from_slice(&bytes).map_err(|e| parse_error(&e))?;
        let mut menu = Menu::with_slot_minutes(input.slot_minutes)?;
        let mut records = MenuRecords {
            venues: input.venues,
            opening_hours: input.opening_hours,
            exceptions: input.exceptions,
            requests: input.requests,
            bookings: input.bookings,
            ..Default::default()
        };
        for (table, name, n) in [
            (MenuTable::Venues, "venues", records.venues.len()),
            (
                MenuTable::OpeningHours,
                "opening_hours",
                records.opening_hours.len(),
            ),
            (
                MenuTable::Exceptions,
                "exceptions",
                records.exceptions.len(),
            ),
            (MenuTable::Requests, "requests", records.requests.len()),
            (MenuTable::Bookings, "bookings", records.bookings.len()),
        ] {
            for i in 0..n {
                records.set_origin(
                    table,
                    i,
                    Origin {
                        source: name.to_owned(),
                        row: i as u64 + 1,
                    },
                );
            }
        }
        menu.add(net, records)?;
        Ok(menu)
    }
}
