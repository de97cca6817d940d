//! Records: the plain values that go into a [`Menu`](super::Menu) and come out of it — one
//! per table, naming venues, requests, organisations and units by their ids.

use crate::schema::Record;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::kinds::{BookingReach, BookingStatus, FeatureSet, VenueKind};
use crate::{Origin, Proximity};

/// A venue on the menu: one row of `venues.csv` (without its hours, which are
/// [`OpeningHoursRecord`]s and [`ExceptionRecord`]s).
///
/// ```
/// use quanyu::venues::{BookingReach, Feature, VenueKind, VenueRecord};
/// let v = VenueRecord::new("V1", VenueKind::CommunityPavilion, "S001-A01-GB", "S001-A01")
///     .name("Lakeside pavilion")
///     .capacity(40)
///     .features([Feature::StepFree].into_iter().collect())
///     .may_book(BookingReach::SameArea);
/// assert_eq!(v.capacity, Some(40));
/// assert!(!v.needs_approval);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "venues")]
pub struct VenueRecord {
    /// The venue's id (unique among venues).
    pub id: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// The kind of venue.
    pub kind: VenueKind,
    /// The id of the organisation that offers it.
    pub owner: String,
    /// The id of the unit where it is (a building, a grid, an area...).
    pub location: String,
    /// Seats; `None` means unlimited, which only online halls may be.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// What it offers.
    #[serde(default)]
    pub features: FeatureSet,
    /// Booking policy: who may book it besides its owner.
    #[serde(default = "default_reach")]
    pub may_book: BookingReach,
    /// Booking policy: whether bookings wait for the owner's approval.
    #[serde(default)]
    pub needs_approval: bool,
}

fn default_reach() -> BookingReach {
    BookingReach::Subdistrict
}

impl VenueRecord {
    /// A venue `id` of `kind`, offered by the organisation `owner` at the unit `location`;
    /// no seats yet (set [`capacity`](Self::capacity) unless it is an online hall), no features,
    /// bookable by anyone in the subdistrict without approval.
    pub fn new(
        id: impl Into<String>,
        kind: VenueKind,
        owner: impl Into<String>,
        location: impl Into<String>,
    ) -> Self {
        VenueRecord {
            id: id.into(),
            name: String::new(),
            kind,
            owner: owner.into(),
            location: location.into(),
            capacity: None,
            features: FeatureSet::EMPTY,
            may_book: default_reach(),
            needs_approval: false,
        }
    }

    /// With a display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// With `seats` seats.
    pub fn capacity(mut self, seats: u32) -> Self {
        self.capacity = Some(seats);
        self
    }

    /// With these features.
    pub fn features(mut self, features: FeatureSet) -> Self {
        self.features = features;
        self
    }

    /// Bookable by `reach`.
    pub fn may_book(mut self, reach: BookingReach) -> Self {
        self.may_book = reach;
        self
    }

    /// Whether bookings need the owner's approval.
    pub fn needs_approval(mut self, yes: bool) -> Self {
        self.needs_approval = yes;
        self
    }
}

/// One weekly opening interval of a venue: open on `weekday` from `open` to `close`.
///
/// A `close` of 00:00 means midnight at the end of the day, so 00:00–00:00 is open all day.
/// Several intervals on one day are allowed (a lunch break); overlapping or touching intervals
/// merge. Times are whole minutes.
///
/// ```
/// use chrono::{NaiveTime, Weekday};
/// use quanyu::venues::OpeningHoursRecord;
/// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
/// let r = OpeningHoursRecord::new("V1", Weekday::Mon, t(9), t(17));
/// assert_eq!(r.weekday, Weekday::Mon);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "opening_hours", label = "venue")]
pub struct OpeningHoursRecord {
    /// The venue's id.
    pub venue: String,
    /// The day of the week.
    pub weekday: Weekday,
    /// Opening time.
    pub open: NaiveTime,
    /// Closing time (00:00 = midnight at the end of the day).
    pub close: NaiveTime,
}

impl OpeningHoursRecord {
    /// Open on `weekday` from `open` to `close`.
    pub fn new(
        venue: impl Into<String>,
        weekday: Weekday,
        open: NaiveTime,
        close: NaiveTime,
    ) -> Self {
        OpeningHoursRecord {
            venue: venue.into(),
            weekday,
            open,
            close,
        }
    }
}

/// A dated exception to a venue's weekly hours: on `date` the venue keeps these hours instead
/// of its weekly ones, or — with neither `open` nor `close` — is closed all day (a closure).
///
/// Several records for one date give several intervals on that day; a date cannot be both
/// closed and open.
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::venues::ExceptionRecord;
/// let day = NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
/// assert!(ExceptionRecord::closed("V1", day).is_closure());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "exceptions", label = "venue")]
pub struct ExceptionRecord {
    /// The venue's id.
    pub venue: String,
    /// The day.
    pub date: NaiveDate,
    /// Opening time that day (none: closed).
    #[serde(default)]
    pub open: Option<NaiveTime>,
    /// Closing time that day (00:00 = midnight at the end of the day; none: closed).
    #[serde(default)]
    pub close: Option<NaiveTime>,
}

impl ExceptionRecord {
    /// Closed all day on `date`.
    pub fn closed(venue: impl Into<String>, date: NaiveDate) -> Self {
        ExceptionRecord {
            venue: venue.into(),
            date,
            open: None,
            close: None,
        }
    }

    /// Open from `open` to `close` on `date`, instead of the weekly hours.
    ///
    /// ```
    /// use chrono::{NaiveDate, NaiveTime};
    /// let d = NaiveDate::from_ymd_opt(2024, 10, 12).unwrap();
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    /// let r = quanyu::venues::ExceptionRecord::hours("V1", d, t(9), t(12));
    /// assert!(!r.is_closure());
    /// ```
    pub fn hours(
        venue: impl Into<String>,
        date: NaiveDate,
        open: NaiveTime,
        close: NaiveTime,
    ) -> Self {
        ExceptionRecord {
            venue: venue.into(),
            date,
            open: Some(open),
            close: Some(close),
        }
    }

    /// Whether this record closes the venue all day.
    pub fn is_closure(&self) -> bool {
        self.open.is_none() && self.close.is_none()
    }
}

/// A candidate time window of a request: the booking must lie inside it.
///
/// Written `START/END` in CSV (ISO 8601 interval, such as `2024-10-14T09:00/2024-10-14T12:00`).
///
/// ```
/// let w: quanyu::venues::TimeWindow = "2024-10-14T09:00/2024-10-14T12:00".parse()?;
/// assert_eq!(w.minutes(), 180);
/// # Ok::<(), String>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Record,
)]
pub struct TimeWindow {
    /// The earliest start.
    pub start: NaiveDateTime,
    /// The latest end.
    pub end: NaiveDateTime,
}

impl TimeWindow {
    /// The window from `start` to `end`.
    pub fn new(start: NaiveDateTime, end: NaiveDateTime) -> Self {
        TimeWindow { start, end }
    }

    /// Its length in whole minutes (negative when it ends before it starts).
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

impl std::fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}",
            super::text::write_datetime(self.start),
            super::text::write_datetime(self.end)
        )
    }
}

impl std::str::FromStr for TimeWindow {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        super::text::parse_window(s)
    }
}

/// A request for a venue: one row of `requests.csv`.
///
/// A request with `repeat_weeks` > 1 is a weekly series: occurrence `k` (0-based) has every
/// window shifted by `k` weeks, and each occurrence is placed, or reported unplaced, on its own.
///
/// ```
/// use chrono::NaiveDateTime;
/// use quanyu::venues::{RequestRecord, TimeWindow, VenueKind};
/// let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
/// let r = RequestRecord::new("R1", "S001-A01-G01-BR", "议事协商", 12, 60)
///     .window(TimeWindow::new(at("2024-10-14 09:00"), at("2024-10-14 12:00")))
///     .kinds([VenueKind::CommunityPavilion, VenueKind::BuildingCourtyard])
///     .repeat_weeks(4);
/// assert_eq!(r.windows.len(), 1);
/// assert_eq!(r.repeat_weeks, 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "requests")]
pub struct RequestRecord {
    /// The request's id (unique among requests).
    pub id: String,
    /// The id of the requesting organisation.
    pub organisation: String,
    /// The id of the unit the attendees come from; `None` means the organisation's anchor.
    #[serde(default)]
    pub unit: Option<String>,
    /// What it is for (议事协商, 党课, 志愿服务...).
    #[serde(default)]
    pub activity: String,
    /// Expected attendees (at least 1).
    pub attendees: u32,
    /// Features the venue must have.
    #[serde(default)]
    pub features: FeatureSet,
    /// Acceptable venue kinds; empty means any kind except the online hall.
    #[serde(default)]
    pub kinds: Vec<VenueKind>,
    /// Candidate windows (at least one); the booking lies inside one of them.
    pub windows: Vec<TimeWindow>,
    /// Length of the booking in minutes (rounded up to whole slots).
    pub duration_minutes: u32,
    /// Priority: higher is placed first.
    #[serde(default)]
    pub priority: u8,
    /// Number of weekly occurrences (1: a one-off).
    #[serde(default = "one")]
    pub repeat_weeks: u32,
    /// How far the attendees will go: venues beyond this proximity are out of reach (online
    /// halls are always within reach).
    #[serde(default = "default_travel")]
    pub max_travel: Proximity,
}

fn one() -> u32 {
    1
}

fn default_travel() -> Proximity {
    Proximity::SameSubdistrict
}

impl RequestRecord {
    /// A one-off request `id` by `organisation` for `activity` with `attendees` people for
    /// `duration_minutes`; add windows with [`window`](Self::window).
    pub fn new(
        id: impl Into<String>,
        organisation: impl Into<String>,
        activity: impl Into<String>,
        attendees: u32,
        duration_minutes: u32,
    ) -> Self {
        RequestRecord {
            id: id.into(),
            organisation: organisation.into(),
            unit: None,
            activity: activity.into(),
            attendees,
            features: FeatureSet::EMPTY,
            kinds: Vec::new(),
            windows: Vec::new(),
            duration_minutes,
            priority: 0,
            repeat_weeks: 1,
            max_travel: default_travel(),
        }
    }

    /// With the attendees coming from `unit` rather than the organisation's anchor.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// With one more candidate window.
    pub fn window(mut self, window: TimeWindow) -> Self {
        self.windows.push(window);
        self
    }

    /// Needing these features.
    pub fn features(mut self, features: FeatureSet) -> Self {
        self.features = features;
        self
    }

    /// Accepting these kinds.
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = VenueKind>) -> Self {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// With priority `priority` (higher first).
    pub fn priority(mut self, priority: u8) -> Self {
        self.priority = priority;
        self
    }

    /// Repeated weekly, `weeks` times in all.
    pub fn repeat_weeks(mut self, weeks: u32) -> Self {
        self.repeat_weeks = weeks;
        self
    }

    /// Going at most as far as `proximity`.
    pub fn max_travel(mut self, proximity: Proximity) -> Self {
        self.max_travel = proximity;
        self
    }

    /// Whether a venue of `kind` is acceptable: one of [`kinds`](Self::kinds), or — when
    /// that is empty — any kind but the online hall.
    ///
    /// ```
    /// use quanyu::venues::{RequestRecord, VenueKind};
    /// let r = RequestRecord::new("R", "O", "x", 5, 60);
    /// assert!(r.accepts(VenueKind::MeetingRoom) && !r.accepts(VenueKind::OnlineHall));
    /// ```
    pub fn accepts(&self, kind: VenueKind) -> bool {
        if self.kinds.is_empty() {
            !kind.is_online()
        } else {
            self.kinds.contains(&kind)
        }
    }
}

/// A booking: a confirmed (or approval-pending) placement of one occurrence of a request in a
/// venue, from `start` to `end`.
///
/// ```
/// use chrono::NaiveDateTime;
/// use quanyu::venues::BookingRecord;
/// let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
/// let b = BookingRecord::new("B1", "V1", "R1", at("2024-10-14 09:00"), at("2024-10-14 10:00"));
/// assert_eq!(b.occurrence, 0);
/// assert!(b.status.is_none()); // decided by the venue's policy when added
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "bookings")]
pub struct BookingRecord {
    /// The booking's id (unique among bookings).
    pub id: String,
    /// The venue's id.
    pub venue: String,
    /// The request's id.
    pub request: String,
    /// Which occurrence of the request (0-based; 0 for a one-off).
    #[serde(default)]
    pub occurrence: u32,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Confirmed or awaiting approval; when adding, `None` lets the venue's policy decide.
    #[serde(default)]
    pub status: Option<BookingStatus>,
}

impl BookingRecord {
    /// A booking `id` of the venue `venue` for occurrence 0 of `request`.
    pub fn new(
        id: impl Into<String>,
        venue: impl Into<String>,
        request: impl Into<String>,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) -> Self {
        BookingRecord {
            id: id.into(),
            venue: venue.into(),
            request: request.into(),
            occurrence: 0,
            start,
            end,
            status: None,
        }
    }

    /// For occurrence `k` (0-based) of the request.
    pub fn occurrence(mut self, k: u32) -> Self {
        self.occurrence = k;
        self
    }
}

/// The tables of a menu, for locating problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum MenuTable {
    Venues,
    OpeningHours,
    Exceptions,
    Requests,
    Bookings,
}

/// A batch of records for [`Menu::add`](super::Menu::add): everything in it is added, or — if
/// anything is wrong — nothing. Records may come in any order within a table; tables are
/// applied venues, hours, exceptions, requests, bookings.
///
/// ```
/// use quanyu::venues::{MenuRecords, VenueKind, VenueRecord};
/// let mut batch = MenuRecords::default();
/// batch.venues.push(VenueRecord::new("V1", VenueKind::OnlineHall, "WC", "S"));
/// assert_eq!(batch.len(), 1);
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize, Record)]
#[serde(deny_unknown_fields)]
pub struct MenuRecords {
    /// Venues.
    #[serde(default)]
    pub venues: Vec<VenueRecord>,
    /// Weekly opening intervals.
    #[serde(default)]
    pub opening_hours: Vec<OpeningHoursRecord>,
    /// Dated exceptions and closures.
    #[serde(default)]
    pub exceptions: Vec<ExceptionRecord>,
    /// Requests.
    #[serde(default)]
    pub requests: Vec<RequestRecord>,
    /// Bookings.
    #[serde(default)]
    pub bookings: Vec<BookingRecord>,
    /// Where records came from (file and row), for problem reports; set by the readers.
    #[serde(skip)]
    pub origins: RecordOrigins,
}

/// Where the records of a [`MenuRecords`] came from (file and row), so that problems name
/// them; filled by the CSV and JSON readers, empty for records made in code.
///
/// ```
/// assert!(quanyu::venues::RecordOrigins::default().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordOrigins(Vec<(MenuTable, usize, Origin)>);

impl RecordOrigins {
    /// Whether no origin is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Two batches are equal when they hold the same records; where they came from is ignored.
impl PartialEq for MenuRecords {
    fn eq(&self, other: &Self) -> bool {
        self.venues == other.venues
            && self.opening_hours == other.opening_hours
            && self.exceptions == other.exceptions
            && self.requests == other.requests
            && self.bookings == other.bookings
    }
}

impl Eq for MenuRecords {}

impl MenuRecords {
    /// The number of records in the batch.
    ///
    /// ```
    /// assert!(quanyu::venues::MenuRecords::default().is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.venues.len()
            + self.opening_hours.len()
            + self.exceptions.len()
            + self.requests.len()
            + self.bookings.len()
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends every record of `other`, keeping where each came from.
    ///
    /// ```
    /// use quanyu::venues::MenuRecords;
    /// let mut a = MenuRecords::default();
    /// a.extend(MenuRecords::default());
    /// assert!(a.is_empty());
    /// ```
    pub fn extend(&mut self, other: MenuRecords) {
        let shift = |t: MenuTable| match t {
            MenuTable::Venues => self.venues.len(),
            MenuTable::OpeningHours => self.opening_hours.len(),
            MenuTable::Exceptions => self.exceptions.len(),
            MenuTable::Requests => self.requests.len(),
            MenuTable::Bookings => self.bookings.len(),
        };
        let moved: Vec<_> = other
            .origins
            .0
            .into_iter()
            .map(|(t, i, o)| (t, i + shift(t), o))
            .collect();
        self.origins.0.extend(moved);
        self.venues.extend(other.venues);
        self.opening_hours.extend(other.opening_hours);
        self.exceptions.extend(other.exceptions);
        self.requests.extend(other.requests);
        self.bookings.extend(other.bookings);
    }

    pub(crate) fn set_origin(&mut self, table: MenuTable, index: usize, origin: Origin) {
        self.origins.0.push((table, index, origin));
    }

    /// Where each record came from, by table and index.
    pub(crate) fn origin_map(&self) -> std::collections::HashMap<(MenuTable, usize), Origin> {
        self.origins
            .0
            .iter()
            .map(|(t, i, o)| ((*t, *i), o.clone()))
            .collect()
    }
}
