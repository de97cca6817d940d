//! CSV tables of a menu: `venues.csv` (venues with their hours) and `requests.csv`.
//!
//! | file | columns (required in **bold**) |
//! |---|---|
//! | `venues.csv` | **id**, name, **kind**, **owner**, **location**, capacity, features, may_book, needs_approval, hours, exceptions |
//! | `requests.csv` | **id**, **organisation**, unit, activity, **attendees**, features, kinds, **windows**, **duration_minutes**, priority, repeat_weeks, max_travel |
//!
//! Cells: `kind`, `kinds` and `may_book` take the English names ([`VenueKind`], [`BookingReach`]),
//! leniently; `capacity` is a number of seats, empty for an unlimited online hall;
//! `features` and `kinds` are lists joined by `;` (`Projector;StepFree`); `needs_approval` is
//! `true`/`false` (also `yes`/`no`, `1`/`0`, empty = false); `max_travel` a proximity tier
//! (`SameArea`, empty = `SameSubdistrict`); `unit` empty means the organisation's anchor;
//! `repeat_weeks` empty means 1, `priority` empty means 0. `hours`, `exceptions` and
//! `windows` use the compact forms:
//!
//! | column | example |
//! |---|---|
//! | `hours` | `Mon-Fri 09:00-12:00 14:00-18:00; Sat,Sun 10:00-16:00` (`Daily`, and `24:00` for midnight) |
//! | `exceptions` | `2024-10-01..2024-10-07 closed; 2024-10-12 09:00-12:00` |
//! | `windows` | `2024-10-14T09:00/2024-10-14T12:00; 2024-10-15T14:00/2024-10-15T17:00` |
//!
//! Bookings are not written to CSV; they travel in the JSON form ([`Menu::to_json`]).
//!
//! Reading is all or nothing, like the network's CSV import: every unreadable cell is
//! reported with its file, row (1-based; the header is row 0), column and id, and a menu
//! import adds nothing if any row is wrong.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::venues::{Menu, csv};
//! let net = quanyu::synth::community(4)?;
//! let menu = quanyu::venues::synth::menu(&net, 4)?;
//! let mut text = Vec::new();
//! csv::write_venues(&menu, &mut text)?;
//! let mut back = Menu::new();
//! back.add(&net, csv::read_venues(text.as_slice(), "venues.csv")?)?;
//! assert_eq!(back, menu);
//!
//! let bad = "id,organisation,attendees,windows,duration_minutes\nR1,S001-WC,-3,2024-10-14T09:00/2024-10-14T08:00,60\n";
//! let err = csv::read_requests(bad.as_bytes(), "requests.csv").unwrap_err();
//! assert_eq!(err.problems()[0].to_string(), "requests.csv row 1: `R1`.attendees: attendees cannot be negative (got -3)");
//! # Ok(()) }
//! ```
//!
//! [`VenueKind`]: super::VenueKind
//! [`BookingReach`]: super::BookingReach

use std::io::{Read, Write};
use std::path::Path;

use super::kinds::{BookingReach, FeatureSet, VenueKind, parse_proximity};
use super::menu::{AddSummary, Menu};
use super::records::{
    ExceptionRecord, MenuRecords, MenuTable, OpeningHoursRecord, RequestRecord, VenueRecord,
};
use super::text;
use crate::io::{ExportOptions, ImportOptions, columns, encoding};
use crate::{Error, Network, Origin, Problem, Proximity, Result};

/// Columns of `venues.csv`, in the order written.
pub const VENUE_COLUMNS: [&str; 11] = [
    "id",
    "name",
    "kind",
    "owner",
    "location",
    "capacity",
    "features",
    "may_book",
    "needs_approval",
    "hours",
    "exceptions",
];

/// Columns of `requests.csv`, in the order written.
pub const REQUEST_COLUMNS: [&str; 12] = [
    "id",
    "organisation",
    "unit",
    "activity",
    "attendees",
    "features",
    "kinds",
    "windows",
    "duration_minutes",
    "priority",
    "repeat_weeks",
    "max_travel",
];

/// One row, read by column name; unreadable cells are collected.
struct Row<'a> {
    headers: &'a [String],
    record: &'a csv::StringRecord,
    problems: Vec<(&'static str, String)>,
}

impl Row<'_> {
    fn text(&self, column: &str) -> &str {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.record.get(i))
            .unwrap_or_default()
    }

    fn optional(&self, column: &str) -> Option<String> {
        Some(self.text(column))
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    }

    fn parsed<T>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> std::result::Result<T, String>,
    ) -> Option<T> {
        // Typed cells are read without the spaces around them; text cells are kept exactly.
        let t = self.text(column).trim().to_owned();
        if t.is_empty() {
            return None;
        }
        match parse(&t) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problems.push((column, m));
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> std::result::Result<T, String>,
    ) -> Option<T> {
        if self.text(column).trim().is_empty() {
            self.problems.push((
                column,
                format!("`{column}` is required, and this row leaves it empty"),
            ));
            return None;
        }
        self.parsed(column, parse)
    }
}

fn number<T: TryFrom<i64>>(
    what: &str,
    lo: i64,
    hi: i64,
) -> impl Fn(&str) -> std::result::Result<T, String> {
    move |t: &str| {
        let n: i64 = t
            .parse()
            .map_err(|_| format!("cannot read `{t}` as a whole number ({what})"))?;
        if n < 0 && lo >= 0 {
            return Err(format!("{what} cannot be negative (got {n})"));
        }
        if n < lo || n > hi {
            return Err(format!("{what} must be {lo} to {hi} (got {n})"));
        }
        T::try_from(n).map_err(|_| format!("{what} is out of range (got {n})"))
    }
}

fn boolean(t: &str) -> std::result::Result<bool, String> {
    match t.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Ok(true),
        "false" | "no" | "n" | "0" | "否" => Ok(false),
        _ => Err(format!(
            "cannot read `{t}` as yes or no; expected true or false"
        )),
    }
}

fn kinds(t: &str) -> std::result::Result<Vec<VenueKind>, String> {
    t.split([';', ','])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| k.parse().map_err(String::from))
        .collect()
}

/// Reads rows of a table of `known` columns, calling `each` for each row; collects every
/// problem.
fn read_rows<R: Read>(
    reader: R,
    source: &str,
    known: &[&str],
    required: &[&str],
    options: &ImportOptions,
    mut each: impl FnMut(&mut Row<'_>, Origin),
) -> Result<Vec<Problem>> {
    let bytes = columns::read_all(reader, source)?;
    let text = encoding::decode(&bytes, source, options.encoding.as_deref())?;
    let mut rdr = columns::reader(&text);
    let headers = columns::header_names(rdr.headers().map_err(|e| columns::csv_error(source, &e))?);
    columns::locate(
        &headers,
        known,
        required,
        source,
        options.allow_extra_columns,
    )?;
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    for n in 1u64.. {
        let origin = Origin {
            source: source.to_owned(),
            row: n,
        };
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let stop = matches!(e.kind(), csv::ErrorKind::Io(_));
                let column = columns::row_error_column(&e, &headers);
                problems.push(Problem::new("", column, columns::csv_message(&e)).at(origin));
                if stop {
                    break;
                }
                continue;
            }
        }
        let mut row = Row {
            headers: &headers,
            record: &record,
            problems: Vec::new(),
        };
        each(&mut row, origin.clone());
        let id = row.text("id").to_owned();
        problems.extend(
            row.problems
                .into_iter()
                .map(|(field, msg)| Problem::new(&id, field, msg).at(origin.clone())),
        );
    }
    Ok(problems)
}

/// Reads `venues.csv` into venues, weekly hours and exceptions (each remembering its row).
///
/// ```
/// let csv = "id,kind,owner,location,capacity,hours\nV1,MeetingRoom,S001-WC,S001,abc,Mon 9-10\n";
/// let err = quanyu::venues::csv::read_venues(csv.as_bytes(), "venues.csv").unwrap_err();
/// let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
/// assert_eq!(fields, ["capacity", "hours"]);
/// ```
pub fn read_venues<R: Read>(reader: R, source: &str) -> Result<MenuRecords> {
    read_venues_with(reader, source, &ImportOptions::default())
}

/// Reads `venues.csv` like [`read_venues`], with `options` (encoding, extra columns).
///
/// ```
/// use quanyu::io::ImportOptions;
/// let csv = "id,kind,owner,location,colour\nV1,MeetingRoom,WC,S,red\n";
/// let err = quanyu::venues::csv::read_venues(csv.as_bytes(), "venues.csv").unwrap_err();
/// assert_eq!(err.problems()[0].field, "colour");
/// let lenient = ImportOptions::new().allow_extra_columns(true);
/// assert!(quanyu::venues::csv::read_venues_with(csv.as_bytes(), "venues.csv", &lenient).is_ok());
/// ```
pub fn read_venues_with<R: Read>(
    reader: R,
    source: &str,
    options: &ImportOptions,
) -> Result<MenuRecords> {
    let mut out = MenuRecords::default();
    let problems = read_rows(
        reader,
        source,
        &VENUE_COLUMNS,
        &["id", "kind", "owner", "location"],
        options,
        |row, origin| {
            let id = row.text("id").to_owned();
            let kind = row.required("kind", |t| t.parse::<VenueKind>().map_err(String::from));
            let owner = row.required("owner", |t| Ok(t.to_owned()));
            let location = row.required("location", |t| Ok(t.to_owned()));
            let capacity = row.parsed(
                "capacity",
                number::<u32>("capacity", 0, i64::from(u32::MAX)),
            );
            let features = row
                .parsed("features", |t| t.parse::<FeatureSet>())
                .unwrap_or_default();
            let may_book = row.parsed("may_book", |t| {
                t.parse::<BookingReach>().map_err(String::from)
            });
            let approval = row.parsed("needs_approval", boolean).unwrap_or(false);
            let hours = row
                .parsed("hours", |t| OpeningHoursRecord::parse(&id, t))
                .unwrap_or_default();
            let exceptions = row
                .parsed("exceptions", |t| ExceptionRecord::parse(&id, t))
                .unwrap_or_default();
            let (Some(kind), Some(owner), Some(location)) = (kind, owner, location) else {
                return;
            };
            if !row.problems.is_empty() {
                return;
            }
            let mut v = VenueRecord::new(&id, kind, owner, location);
            v.name = row.text("name").to_owned();
            v.capacity = capacity;
            v.features = features;
            if let Some(r) = may_book {
                v.may_book = r;
            }
            v.needs_approval = approval;
            out.set_origin(MenuTable::Venues, out.venues.len(), origin.clone());
            out.venues.push(v);
            for h in hours {
                out.set_origin(
                    MenuTable::OpeningHours,
                    out.opening_hours.len(),
                    origin.clone(),
                );
                out.opening_hours.push(h);
            }
            for e in exceptions {
                out.set_origin(MenuTable::Exceptions, out.exceptions.len(), origin.clone());
                out.exceptions.push(e);
            }
        },
    )?;
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(problems))
    }
}

/// Reads `requests.csv` into requests (each remembering its row).
pub fn read_requests<R: Read>(reader: R, source: &str) -> Result<MenuRecords> {
    read_requests_with(reader, source, &ImportOptions::default())
}

/// Reads `requests.csv` like [`read_requests`], with `options` (encoding, extra columns).
///
/// ```
/// use quanyu::io::ImportOptions;
/// let csv = "id,organisation,attendees,windows,duration_minutes\n";
/// let opts = ImportOptions::new().encoding("gb18030");
/// assert!(quanyu::venues::csv::read_requests_with(csv.as_bytes(), "requests.csv", &opts).is_ok());
/// ```
pub fn read_requests_with<R: Read>(
    reader: R,
    source: &str,
    options: &ImportOptions,
) -> Result<MenuRecords> {
    let mut out = MenuRecords::default();
    let required = [
        "id",
        "organisation",
        "attendees",
        "windows",
        "duration_minutes",
    ];
    let problems = read_rows(
        reader,
        source,
        &REQUEST_COLUMNS,
        &required,
        options,
        |row, origin| {
            let id = row.text("id").to_owned();
            let organisation = row.required("organisation", |t| Ok(t.to_owned()));
            let attendees = row.required(
                "attendees",
                number::<u32>("attendees", 0, i64::from(u32::MAX)),
            );
            let features = row
                .parsed("features", |t| t.parse::<FeatureSet>())
                .unwrap_or_default();
            let kinds = row.parsed("kinds", kinds).unwrap_or_default();
            let windows = row.required("windows", text::parse_windows);
            let duration = row.required(
                "duration_minutes",
                number::<u32>("duration_minutes", 0, i64::from(u32::MAX)),
            );
            let priority = row
                .parsed("priority", number::<u8>("priority", 0, 255))
                .unwrap_or(0);
            let repeat = row
                .parsed(
                    "repeat_weeks",
                    number::<u32>("repeat_weeks", 0, i64::from(u32::MAX)),
                )
                .unwrap_or(1);
            let travel = row
                .parsed("max_travel", parse_proximity)
                .unwrap_or(Proximity::SameSubdistrict);
            let (Some(organisation), Some(attendees), Some(windows), Some(duration)) =
                (organisation, attendees, windows, duration)
            else {
                return;
            };
            if !row.problems.is_empty() {
                return;
            }
            let mut r =
                RequestRecord::new(&id, organisation, row.text("activity"), attendees, duration)
                    .features(features)
                    .kinds(kinds)
                    .priority(priority)
                    .repeat_weeks(repeat)
                    .max_travel(travel);
            r.unit = row.optional("unit");
            r.windows = windows;
            out.set_origin(MenuTable::Requests, out.requests.len(), origin);
            out.requests.push(r);
        },
    )?;
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(problems))
    }
}

fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().has_headers(false).from_writer(w)
}

/// Writes the menu's venues, with their hours and exceptions, as `venues.csv`.
pub fn write_venues<W: Write>(menu: &Menu, out: W) -> Result<()> {
    let name = "venues.csv";
    let mut w = writer(out);
    w.write_record(VENUE_COLUMNS)
        .map_err(|e| columns::csv_error(name, &e))?;
    for v in menu.venues.iter().flatten() {
        let r = &v.record;
        let row = [
            r.id.clone(),
            r.name.clone(),
            r.kind.to_string(),
            r.owner.clone(),
            r.location.clone(),
            r.capacity.map(|c| c.to_string()).unwrap_or_default(),
            r.features.to_string(),
            r.may_book.to_string(),
            r.needs_approval.to_string(),
            text::write_hours(&v.schedule.weekly),
            text::write_exceptions(v.schedule.exceptions.iter().map(|(d, h)| (*d, h))),
        ];
        w.write_record(&row)
            .map_err(|e| columns::csv_error(name, &e))?;
    }
    w.flush().map_err(|e| Error::io(name, &e))
}

/// Writes the menu's requests as `requests.csv`.
pub fn write_requests<W: Write>(menu: &Menu, out: W) -> Result<()> {
    let name = "requests.csv";
    let mut w = writer(out);
    w.write_record(REQUEST_COLUMNS)
        .map_err(|e| columns::csv_error(name, &e))?;
    for r in menu.requests() {
        let kinds: Vec<&str> = r.kinds.iter().map(|k| k.as_str()).collect();
        let row = [
            r.id.clone(),
            r.organisation.clone(),
            r.unit.clone().unwrap_or_default(),
            r.activity.clone(),
            r.attendees.to_string(),
            r.features.to_string(),
            kinds.join(";"),
            text::write_windows(&r.windows),
            r.duration_minutes.to_string(),
            r.priority.to_string(),
            r.repeat_weeks.to_string(),
            r.max_travel.to_string(),
        ];
        w.write_record(&row)
            .map_err(|e| columns::csv_error(name, &e))?;
    }
    w.flush().map_err(|e| Error::io(name, &e))
}

impl Menu {
    /// Adds the venues and requests of `dir/venues.csv` and `dir/requests.csv` (either may be
    /// missing, not both) as one batch: all of them, or — on any problem — none.
    ///
    /// ```
    /// let net = quanyu::Network::new();
    /// let err = quanyu::venues::Menu::new().import_csv(&net, "/no/such/dir").unwrap_err();
    /// assert!(matches!(err, quanyu::Error::Io { .. }));
    /// ```
    pub fn import_csv(&mut self, net: &Network, dir: impl AsRef<Path>) -> Result<AddSummary> {
        self.import_csv_with(net, dir, &ImportOptions::default())
    }

    /// Adds the venues and requests of `dir` like [`Menu::import_csv`], read with `options`.
    /// Any other file in `dir` is an error unless allowed.
    ///
    /// ```
    /// use quanyu::io::ImportOptions;
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("venue.csv"), "id\n").unwrap();
    /// let net = quanyu::Network::new();
    /// let err = quanyu::venues::Menu::new().import_csv_with(&net, dir.path(), &ImportOptions::new()).unwrap_err();
    /// assert!(err.problems()[0].message.contains("did you mean `venues.csv`?"));
    /// ```
    pub fn import_csv_with(
        &mut self,
        net: &Network,
        dir: impl AsRef<Path>,
        options: &ImportOptions,
    ) -> Result<AddSummary> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            let e = std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory");
            return Err(Error::io(dir, &e));
        }
        columns::check_directory(
            dir,
            &["venues.csv", "requests.csv"],
            options.allow_extra_files,
        )?;
        let mut batch = MenuRecords::default();
        let mut problems = Vec::new();
        let mut found = 0;
        type ReadFn = fn(std::fs::File, &str, &ImportOptions) -> Result<MenuRecords>;
        for (file, read) in [
            ("venues.csv", read_venues_with::<std::fs::File> as ReadFn),
            ("requests.csv", read_requests_with::<std::fs::File>),
        ] {
            let path = dir.join(file);
            let f = match std::fs::File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(&path, &e)),
            };
            found += 1;
            match read(f, file, options) {
                Ok(b) => batch.extend(b),
                Err(Error::Validation(p)) => problems.extend(p),
                Err(e) => return Err(e),
            }
        }
        if found == 0 {
            let e = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "neither venues.csv nor requests.csv here",
            );
            return Err(Error::io(dir, &e));
        }
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        self.add(net, batch)
    }

    /// Writes `venues.csv` and `requests.csv` into `dir` (created if missing).
    ///
    /// ```
    /// # let net = quanyu::synth::community(4)?;
    /// let menu = quanyu::venues::synth::menu(&net, 4)?;
    /// let dir = tempfile::tempdir().unwrap();
    /// menu.export_csv(dir.path())?;
    /// let mut back = quanyu::venues::Menu::new();
    /// back.import_csv(&net, dir.path())?;
    /// assert_eq!(back, menu);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn export_csv(&self, dir: impl AsRef<Path>) -> Result<()> {
        self.export_csv_with(dir, &ExportOptions::default())
    }

    /// Writes `venues.csv` and `requests.csv` into `dir` like [`Menu::export_csv`], with
    /// `options` (a byte-order mark for Excel).
    ///
    /// ```
    /// use quanyu::io::ExportOptions;
    /// let dir = tempfile::tempdir().unwrap();
    /// quanyu::venues::Menu::new().export_csv_with(dir.path(), &ExportOptions::new().bom(true))?;
    /// assert!(std::fs::read(dir.path().join("venues.csv")).unwrap().starts_with("\u{feff}".as_bytes()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn export_csv_with(&self, dir: impl AsRef<Path>, options: &ExportOptions) -> Result<()> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        let open = |name: &str| {
            let path = dir.join(name);
            let mut out = std::fs::File::create(&path)
                .map(std::io::BufWriter::new)
                .map_err(|e| Error::io(&path, &e))?;
            if options.bom {
                out.write_all(encoding::BOM.as_bytes())
                    .map_err(|e| Error::io(&path, &e))?;
            }
            Ok::<_, Error>(out)
        };
        write_venues(self, open("venues.csv")?)?;
        write_requests(self, open("requests.csv")?)
    }
}
