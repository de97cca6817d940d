//! The red shared-venue menu (红色共享阵地菜单): [`Menu`] with venue search (`find_slots`),
//! booking, cancelling and batch matching, beside the [`Network`] it is checked against.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use quanyu::Proximity;
use quanyu::venues as core;
use quanyu::venues::{BookingReach, BookingStatus, Feature, Unplaced, VenueKind};

use crate::error::{Problem, QuanyuError, Result};
use crate::network::Network;
use crate::records::Problems;
use crate::types::{IsoDate, IsoDateTime, IsoTime, count};
use chrono::Weekday;

/// The kind of a venue on the menu. The first four are the deliberation venues (议事阵地).
#[uniffi::remote(Enum)]
pub enum VenueKind {
    /// 楼组议事庭院 — a building courtyard for deliberation among neighbours.
    BuildingCourtyard,
    /// 社区议事亭 — a community pavilion.
    CommunityPavilion,
    /// 园区议事厅 — a park hall.
    ParkHall,
    /// 网上议事厅 — an online hall: no travel, no seat limit.
    OnlineHall,
    /// 党群服务站 — a Party–mass service station.
    ServiceStation,
    /// 会议室 — a meeting room.
    MeetingRoom,
    /// 活动室 — an activity room.
    ActivityRoom,
    /// 教室 — a classroom.
    Classroom,
    /// 运动场 — a sports ground.
    SportsGround,
}

/// A feature a venue offers and a request may need.
#[uniffi::remote(Enum)]
pub enum Feature {
    /// A projector.
    Projector,
    /// A large screen or display.
    Screen,
    /// Microphones and loudspeakers.
    SoundSystem,
    /// Video-conference equipment.
    VideoConference,
    /// A whiteboard or blackboard.
    Whiteboard,
    /// Step-free access (无障碍).
    StepFree,
    /// An accessible toilet.
    AccessibleToilet,
    /// Air conditioning.
    AirConditioning,
    /// Heating.
    Heating,
    /// Wireless internet.
    WiFi,
    /// A kitchen or tea room.
    Kitchen,
    /// Outdoors.
    Outdoor,
    /// Parking nearby.
    Parking,
    /// Live-streaming equipment.
    Livestream,
}

/// Who may book a venue besides its owner organisation (and the organisations under it).
#[uniffi::remote(Enum)]
pub enum BookingReach {
    /// Nobody else.
    Owner,
    /// Requests whose requesting unit lies in the venue's grid.
    SameGrid,
    /// Requests whose requesting unit lies in the venue's area.
    SameArea,
    /// Organisations of the owner's alliance (the same organisation tree).
    Alliance,
    /// Requests whose requesting unit lies in the venue's subdistrict.
    Subdistrict,
    /// Anyone.
    Anyone,
}

/// Whether a booking stands, or waits for the owner's approval.
#[uniffi::remote(Enum)]
pub enum BookingStatus {
    /// Confirmed.
    Confirmed,
    /// Placed, waiting for the owner's approval.
    AwaitingApproval,
}

/// Why an occurrence of a request was not placed (or no slot was found).
#[uniffi::remote(Enum)]
pub enum Unplaced {
    /// No venue of an acceptable kind with the needed features within travel reach.
    NoVenueInReach,
    /// The booking policy of every fitting venue forbids this requester.
    PolicyForbids,
    /// The permitted venues are all too small for the attendees.
    CapacityTooSmall,
    /// The fitting venues are closed throughout the request's windows.
    ClosedAtThoseTimes,
    /// Every placement is taken.
    AllBooked,
}

fn features_in(v: Vec<Feature>) -> core::FeatureSet {
    v.into_iter().collect()
}

fn features_out(s: core::FeatureSet) -> Vec<Feature> {
    s.iter().collect()
}

/// A venue on the menu (its hours are [`OpeningHoursRecord`]s and [`ExceptionRecord`]s).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VenueRecord {
    /// The venue's id (unique among venues).
    pub id: String,
    /// The display name.
    #[uniffi(default = "")]
    pub name: String,
    /// The kind of venue.
    pub kind: VenueKind,
    /// The id of the organisation that offers it.
    pub owner: String,
    /// The id of the unit where it is (a building, a grid, an area...).
    pub location: String,
    /// Seats; none means unlimited, which only online halls may be.
    #[uniffi(default)]
    pub capacity: Option<i64>,
    /// What it offers.
    #[uniffi(default)]
    pub features: Vec<Feature>,
    /// Who may book it besides its owner (the core's default is `Subdistrict`).
    pub may_book: BookingReach,
    /// Whether bookings wait for the owner's approval.
    #[uniffi(default = false)]
    pub needs_approval: bool,
}

impl VenueRecord {
    fn into_core(self, p: &mut Problems) -> core::VenueRecord {
        let capacity = self.capacity.map(|c| p.u32(&self.id, "capacity", c));
        let mut r = core::VenueRecord::new(self.id, self.kind, self.owner, self.location)
            .name(self.name)
            .features(features_in(self.features))
            .may_book(self.may_book)
            .needs_approval(self.needs_approval);
        r.capacity = capacity;
        r
    }
}

impl From<&core::VenueRecord> for VenueRecord {
    fn from(r: &core::VenueRecord) -> Self {
        VenueRecord {
            id: r.id.clone(),
            name: r.name.clone(),
            kind: r.kind,
            owner: r.owner.clone(),
            location: r.location.clone(),
            capacity: r.capacity.map(i64::from),
            features: features_out(r.features),
            may_book: r.may_book,
            needs_approval: r.needs_approval,
        }
    }
}

/// A weekly opening interval of a venue. A `close` of 00:00 means midnight at the end of the
/// day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OpeningHoursRecord {
    /// The venue's id.
    pub venue: String,
    /// The day of the week.
    pub weekday: Weekday,
    /// Opening time.
    pub open: IsoTime,
    /// Closing time (00:00 = midnight at the end of the day).
    pub close: IsoTime,
}

impl OpeningHoursRecord {
    fn into_core(self, p: &mut Problems) -> core::OpeningHoursRecord {
        let open = p.time(&self.venue, "open", &self.open);
        let close = p.time(&self.venue, "close", &self.close);
        core::OpeningHoursRecord::new(self.venue, self.weekday, open, close)
    }
}

impl From<&core::OpeningHoursRecord> for OpeningHoursRecord {
    fn from(r: &core::OpeningHoursRecord) -> Self {
        OpeningHoursRecord {
            venue: r.venue.clone(),
            weekday: r.weekday,
            open: r.open.into(),
            close: r.close.into(),
        }
    }
}

/// A dated exception of a venue's hours: other hours that day, or (without times) closed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExceptionRecord {
    /// The venue's id.
    pub venue: String,
    /// The day.
    pub date: IsoDate,
    /// Opening time that day (none: closed).
    #[uniffi(default)]
    pub open: Option<IsoTime>,
    /// Closing time that day (none: closed).
    #[uniffi(default)]
    pub close: Option<IsoTime>,
}

impl ExceptionRecord {
    fn into_core(self, p: &mut Problems) -> core::ExceptionRecord {
        let date = p.day(&self.venue, "date", &self.date);
        let mut r = core::ExceptionRecord::closed(self.venue.clone(), date);
        r.open = self.open.map(|t| p.time(&self.venue, "open", &t));
        r.close = self.close.map(|t| p.time(&self.venue, "close", &t));
        r
    }
}

impl From<&core::ExceptionRecord> for ExceptionRecord {
    fn from(r: &core::ExceptionRecord) -> Self {
        ExceptionRecord {
            venue: r.venue.clone(),
            date: r.date.into(),
            open: r.open.map(IsoTime::from),
            close: r.close.map(IsoTime::from),
        }
    }
}

/// A time window: a request's booking must lie inside one of its windows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TimeWindow {
    /// The earliest start.
    pub start: IsoDateTime,
    /// The latest end.
    pub end: IsoDateTime,
}

impl TimeWindow {
    fn into_core(self, id: &str, p: &mut Problems) -> core::TimeWindow {
        core::TimeWindow::new(
            p.moment(id, "windows", &self.start),
            p.moment(id, "windows", &self.end),
        )
    }
}

impl From<&core::TimeWindow> for TimeWindow {
    fn from(w: &core::TimeWindow) -> Self {
        TimeWindow {
            start: w.start.into(),
            end: w.end.into(),
        }
    }
}

/// A request for a venue: who, for what, how many, which features and kinds, when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RequestRecord {
    /// The request's id (unique among requests).
    pub id: String,
    /// The id of the requesting organisation.
    pub organisation: String,
    /// The id of the unit the attendees come from; none means the organisation's anchor.
    #[uniffi(default)]
    pub unit: Option<String>,
    /// What it is for (议事协商, 党课, 志愿服务...).
    #[uniffi(default = "")]
    pub activity: String,
    /// Expected attendees (at least 1).
    pub attendees: i64,
    /// Features the venue must have.
    #[uniffi(default)]
    pub features: Vec<Feature>,
    /// Acceptable venue kinds; empty means any kind except the online hall.
    #[uniffi(default)]
    pub kinds: Vec<VenueKind>,
    /// Candidate windows (at least one).
    pub windows: Vec<TimeWindow>,
    /// Length of the booking in minutes (rounded up to whole slots).
    pub duration_minutes: i64,
    /// Priority, 0 to 255: higher is placed first.
    #[uniffi(default = 0)]
    pub priority: i32,
    /// Number of weekly occurrences (1: a one-off).
    #[uniffi(default = 1)]
    pub repeat_weeks: i64,
    /// How far the attendees will go (online halls are always within reach; the core's default
    /// is `SameSubdistrict`).
    pub max_travel: Proximity,
}

impl RequestRecord {
    fn into_core(self, p: &mut Problems) -> core::RequestRecord {
        let id = self.id.clone();
        let mut r = core::RequestRecord::new(
            self.id,
            self.organisation,
            self.activity,
            p.u32(&id, "attendees", self.attendees),
            p.u32(&id, "duration_minutes", self.duration_minutes),
        )
        .features(features_in(self.features))
        .kinds(self.kinds)
        .priority(p.u8(&id, "priority", self.priority))
        .repeat_weeks(p.u32(&id, "repeat_weeks", self.repeat_weeks))
        .max_travel(self.max_travel);
        r.unit = self.unit;
        r.windows = self
            .windows
            .into_iter()
            .map(|w| w.into_core(&id, p))
            .collect();
        r
    }
}

impl From<&core::RequestRecord> for RequestRecord {
    fn from(r: &core::RequestRecord) -> Self {
        RequestRecord {
            id: r.id.clone(),
            organisation: r.organisation.clone(),
            unit: r.unit.clone(),
            activity: r.activity.clone(),
            attendees: i64::from(r.attendees),
            features: features_out(r.features),
            kinds: r.kinds.clone(),
            windows: r.windows.iter().map(TimeWindow::from).collect(),
            duration_minutes: i64::from(r.duration_minutes),
            priority: i32::from(r.priority),
            repeat_weeks: i64::from(r.repeat_weeks),
            max_travel: r.max_travel,
        }
    }
}

/// A booking: occurrence `occurrence` of a request placed in a venue from `start` to `end`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BookingRecord {
    /// The booking's id (unique among bookings).
    pub id: String,
    /// The venue's id.
    pub venue: String,
    /// The request's id.
    pub request: String,
    /// Which occurrence of the request (0-based; 0 for a one-off).
    #[uniffi(default = 0)]
    pub occurrence: i64,
    /// Start.
    pub start: IsoDateTime,
    /// End.
    pub end: IsoDateTime,
    /// Confirmed or awaiting approval; when booking, none lets the venue's policy decide.
    #[uniffi(default)]
    pub status: Option<BookingStatus>,
}

impl BookingRecord {
    fn into_core(self, p: &mut Problems) -> core::BookingRecord {
        let occurrence = p.u32(&self.id, "occurrence", self.occurrence);
        let start = p.moment(&self.id, "start", &self.start);
        let end = p.moment(&self.id, "end", &self.end);
        let mut r = core::BookingRecord::new(self.id, self.venue, self.request, start, end)
            .occurrence(occurrence);
        r.status = self.status;
        r
    }
}

impl From<&core::BookingRecord> for BookingRecord {
    fn from(r: &core::BookingRecord) -> Self {
        BookingRecord {
            id: r.id.clone(),
            venue: r.venue.clone(),
            request: r.request.clone(),
            occurrence: i64::from(r.occurrence),
            start: r.start.into(),
            end: r.end.into(),
            status: r.status,
        }
    }
}

/// A batch of menu records, added all or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct MenuRecords {
    /// Venues.
    #[uniffi(default)]
    pub venues: Vec<VenueRecord>,
    /// Weekly opening intervals.
    #[uniffi(default)]
    pub opening_hours: Vec<OpeningHoursRecord>,
    /// Dated exceptions and closures.
    #[uniffi(default)]
    pub exceptions: Vec<ExceptionRecord>,
    /// Requests.
    #[uniffi(default)]
    pub requests: Vec<RequestRecord>,
    /// Bookings.
    #[uniffi(default)]
    pub bookings: Vec<BookingRecord>,
}

impl MenuRecords {
    /// The core's records, or every value the core's types cannot hold.
    fn into_core(self) -> Result<core::MenuRecords> {
        let mut p = Problems::default();
        let out = core::MenuRecords {
            venues: self
                .venues
                .into_iter()
                .map(|r| r.into_core(&mut p))
                .collect(),
            opening_hours: self
                .opening_hours
                .into_iter()
                .map(|r| r.into_core(&mut p))
                .collect(),
            exceptions: self
                .exceptions
                .into_iter()
                .map(|r| r.into_core(&mut p))
                .collect(),
            requests: self
                .requests
                .into_iter()
                .map(|r| r.into_core(&mut p))
                .collect(),
            bookings: self
                .bookings
                .into_iter()
                .map(|r| r.into_core(&mut p))
                .collect(),
            ..Default::default()
        };
        p.into_result().map(|()| out)
    }
}

impl From<&core::MenuRecords> for MenuRecords {
    fn from(r: &core::MenuRecords) -> Self {
        MenuRecords {
            venues: r.venues.iter().map(VenueRecord::from).collect(),
            opening_hours: r
                .opening_hours
                .iter()
                .map(OpeningHoursRecord::from)
                .collect(),
            exceptions: r.exceptions.iter().map(ExceptionRecord::from).collect(),
            requests: r.requests.iter().map(RequestRecord::from).collect(),
            bookings: r.bookings.iter().map(BookingRecord::from).collect(),
        }
    }
}

/// What an `add` added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct AddSummary {
    /// Venues added.
    pub venues: i64,
    /// Weekly opening intervals and dated exceptions added.
    pub hours: i64,
    /// Requests added.
    pub requests: i64,
    /// Bookings added.
    pub bookings: i64,
}

impl From<core::AddSummary> for AddSummary {
    fn from(s: core::AddSummary) -> Self {
        AddSummary {
            venues: count(s.venues),
            hours: count(s.hours),
            requests: count(s.requests),
            bookings: count(s.bookings),
        }
    }
}

/// A venue's calendar over a period: when it is open and what is booked.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Calendar {
    /// The venue's id.
    pub venue: String,
    /// The open intervals inside the period, in order.
    pub open: Vec<TimeWindow>,
    /// The bookings overlapping the period, in order of start.
    pub bookings: Vec<BookingRecord>,
}

/// One occurrence of a request: its windows and its booking, if placed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Occurrence {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: i64,
    /// Its windows (the request's windows shifted by `occurrence` weeks).
    pub windows: Vec<TimeWindow>,
    /// Its booking's id, if placed.
    pub booking: Option<String>,
}

/// A free placement offered by `find_slots`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SlotOffer {
    /// The venue's id.
    pub venue: String,
    /// Start (of the first occurrence, for a weekly series).
    pub start: IsoDateTime,
    /// End.
    pub end: IsoDateTime,
    /// How near the venue is to the requesting unit.
    pub proximity: Proximity,
    /// Whether a booking would wait for the owner's approval.
    pub needs_approval: bool,
}

/// What `find_slots` found: the offers, best first, or — when there are none — why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SlotSearch {
    /// The offers, nearest first, then earliest, then by venue id.
    pub offers: Vec<SlotOffer>,
    /// Why there is no offer (set only when `offers` is empty).
    pub reason: Option<Unplaced>,
}

impl From<core::SlotSearch> for SlotSearch {
    fn from(s: core::SlotSearch) -> Self {
        SlotSearch {
            offers: s
                .offers
                .into_iter()
                .map(|o| SlotOffer {
                    venue: o.venue,
                    start: o.start.into(),
                    end: o.end.into(),
                    proximity: o.proximity,
                    needs_approval: o.needs_approval,
                })
                .collect(),
            reason: s.reason,
        }
    }
}

/// How a batch match runs.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MatchOptions {
    /// Share contested venues fairly between communities (合理覆盖).
    #[uniffi(default = true)]
    pub fair_share: bool,
    /// Match only these requests (by id); none: every request with an unplaced occurrence.
    #[uniffi(default)]
    pub requests: Option<Vec<String>>,
    /// Keep at most this many candidate placements per occurrence (at least 1).
    #[uniffi(default = 5000)]
    pub max_placements: i64,
}

impl MatchOptions {
    fn into_core(self) -> Result<core::MatchOptions> {
        let max = usize::try_from(self.max_placements).map_err(|_| {
            QuanyuError::invalid(
                "max_placements",
                format!("must be at least 1, got {}", self.max_placements),
            )
        })?;
        Ok(core::MatchOptions {
            fair_share: self.fair_share,
            requests: self.requests,
            max_placements: max,
            ..Default::default()
        })
    }
}

/// One occurrence placed by the matcher.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Placement {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: i64,
    /// The venue's id.
    pub venue: String,
    /// Start.
    pub start: IsoDateTime,
    /// End.
    pub end: IsoDateTime,
    /// How near the venue is to the requesting unit.
    pub proximity: Proximity,
    /// The booking's id.
    pub booking: String,
    /// Confirmed, or awaiting the owner's approval.
    pub status: BookingStatus,
}

/// One occurrence the matcher could not place, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnplacedOccurrence {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: i64,
    /// Why.
    pub reason: Unplaced,
}

/// What a batch match did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MatchReport {
    /// The placed occurrences, by request (in menu order) and occurrence.
    pub placed: Vec<Placement>,
    /// The unplaced occurrences with their reasons.
    pub unplaced: Vec<UnplacedOccurrence>,
    /// Σ of the travel costs (proximity tiers) of the placed occurrences.
    pub travel: i64,
    /// Independent groups of requests solved.
    pub groups: i64,
    /// Of those, the groups solved exactly.
    pub exact_groups: i64,
    /// Occurrences whose candidate placements were cut at `max_placements`.
    pub truncated: i64,
}

impl From<core::MatchReport> for MatchReport {
    fn from(r: core::MatchReport) -> Self {
        MatchReport {
            placed: r
                .placed
                .into_iter()
                .map(|p| Placement {
                    request: p.request,
                    occurrence: i64::from(p.occurrence),
                    venue: p.venue,
                    start: p.start.into(),
                    end: p.end.into(),
                    proximity: p.proximity,
                    booking: p.booking,
                    status: p.status,
                })
                .collect(),
            unplaced: r
                .unplaced
                .into_iter()
                .map(|u| UnplacedOccurrence {
                    request: u.request,
                    occurrence: i64::from(u.occurrence),
                    reason: u.reason,
                })
                .collect(),
            travel: i64::try_from(r.score.travel).unwrap_or(i64::MAX),
            groups: count(r.groups),
            exact_groups: count(r.exact_groups),
            truncated: count(r.truncated),
        }
    }
}

/// The shared-venue menu of one jurisdiction: venues, their hours and calendars, requests and
/// bookings. It lives beside its [`Network`], which checks every owner, location and requester;
/// after committing changes to the network, call `refresh`.
///
/// Thread-safe like the network: searches run side by side, bookings are all or nothing and a
/// venue is never double-booked.
#[derive(Debug, uniffi::Object)]
pub struct Menu {
    network: Arc<Network>,
    inner: RwLock<core::Menu>,
}

impl Menu {
    fn wrap(network: Arc<Network>, menu: core::Menu) -> Arc<Self> {
        Arc::new(Menu {
            network,
            inner: RwLock::new(menu),
        })
    }

    // Lock order, everywhere: the network, then the menu. A network commit takes only the
    // network's lock, so no two calls can wait on each other.
    fn read(&self) -> RwLockReadGuard<'_, core::Menu> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, core::Menu> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

#[uniffi::export]
impl Menu {
    /// An empty menu for `network`, with 30-minute slots.
    #[uniffi::constructor]
    pub fn new(network: Arc<Network>) -> Arc<Self> {
        Menu::wrap(network, core::Menu::new())
    }

    /// An empty menu for `network` whose calendars are cut into `minutes`-long slots (a divisor
    /// of 1440).
    #[uniffi::constructor]
    pub fn with_slot_minutes(network: Arc<Network>, minutes: i32) -> Result<Arc<Self>> {
        let m = u32::try_from(minutes).map_err(|_| {
            QuanyuError::invalid("minutes", format!("must be positive, got {minutes}"))
        })?;
        Ok(Menu::wrap(network, core::Menu::with_slot_minutes(m)?))
    }

    /// A menu from its JSON form (`"format": "quanyu-menu/1"`), checked against `network`.
    #[uniffi::constructor]
    pub fn from_json(network: Arc<Network>, json: String) -> Result<Arc<Self>> {
        let menu = core::Menu::from_json(&json, &network.read())?;
        Ok(Menu::wrap(network, menu))
    }

    /// The menu's JSON form.
    pub fn to_json(&self) -> Result<String> {
        Ok(self.read().to_json()?)
    }

    /// Adds the menu tables found in the directory `dir` (`venues.csv`, `requests.csv`, ...),
    /// all or nothing.
    pub fn import_csv(&self, dir: String) -> Result<AddSummary> {
        let net = self.network.read();
        Ok(self.write().import_csv(&net, dir)?.into())
    }

    /// Exports the menu's venues (with their hours) and requests as CSV files into the
    /// directory `dir`. Bookings are not written to CSV: they travel in the JSON form.
    pub fn export_csv(&self, dir: String) -> Result<()> {
        Ok(self.read().export_csv(dir)?)
    }

    /// The network the menu is checked against.
    pub fn network(&self) -> Arc<Network> {
        Arc::clone(&self.network)
    }

    /// The slot length in minutes.
    pub fn slot_minutes(&self) -> i64 {
        i64::from(self.read().slot_minutes())
    }

    /// The number of venues.
    pub fn venue_count(&self) -> i64 {
        count(self.read().venue_count())
    }

    /// The number of requests.
    pub fn request_count(&self) -> i64 {
        count(self.read().request_count())
    }

    /// The number of bookings.
    pub fn booking_count(&self) -> i64 {
        count(self.read().booking_count())
    }

    /// The venue `id`.
    pub fn venue(&self, id: String) -> Result<VenueRecord> {
        Ok(self.read().venue(&id)?.into())
    }

    /// Every venue, in the order added.
    pub fn venues(&self) -> Vec<VenueRecord> {
        self.read().venues().map(VenueRecord::from).collect()
    }

    /// The request `id`.
    pub fn request(&self, id: String) -> Result<RequestRecord> {
        Ok(self.read().request(&id)?.into())
    }

    /// Every request, in the order added.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.read().requests().map(RequestRecord::from).collect()
    }

    /// The booking `id`.
    pub fn booking(&self, id: String) -> Result<BookingRecord> {
        Ok(self.read().booking(&id)?.into())
    }

    /// Every booking, in the order made.
    pub fn bookings(&self) -> Vec<BookingRecord> {
        self.read().bookings().map(BookingRecord::from).collect()
    }

    /// The weekly opening intervals of `venue`, Monday first.
    pub fn opening_hours(&self, venue: String) -> Result<Vec<OpeningHoursRecord>> {
        Ok(self
            .read()
            .opening_hours(&venue)?
            .iter()
            .map(OpeningHoursRecord::from)
            .collect())
    }

    /// The dated exceptions and closures of `venue`, by date.
    pub fn exceptions(&self, venue: String) -> Result<Vec<ExceptionRecord>> {
        Ok(self
            .read()
            .exceptions(&venue)?
            .iter()
            .map(ExceptionRecord::from)
            .collect())
    }

    /// Every record of the menu: what `add` on an empty menu turns back into this menu.
    pub fn records(&self) -> MenuRecords {
        (&self.read().records()).into()
    }

    /// The occurrences of the request `id`, with their bookings.
    pub fn occurrences(&self, id: String) -> Result<Vec<Occurrence>> {
        Ok(self
            .read()
            .occurrences(&id)?
            .into_iter()
            .map(|o| Occurrence {
                request: o.request,
                occurrence: i64::from(o.occurrence),
                windows: o.windows.iter().map(TimeWindow::from).collect(),
                booking: o.booking,
            })
            .collect())
    }

    /// The calendar of `venue` from `from` to `to`: open intervals and bookings.
    pub fn calendar(&self, venue: String, from: IsoDateTime, to: IsoDateTime) -> Result<Calendar> {
        let (from, to) = (from.parse("from")?, to.parse("to")?);
        let c = self.read().calendar(&venue, from, to)?;
        Ok(Calendar {
            venue: c.venue,
            open: c.open.iter().map(TimeWindow::from).collect(),
            bookings: c.bookings.iter().map(BookingRecord::from).collect(),
        })
    }

    /// Adds a batch of records — venues, hours, exceptions, requests, bookings — all or
    /// nothing; a rejected batch throws `QuanyuException.Validation` naming every problem.
    pub fn add(&self, records: MenuRecords) -> Result<AddSummary> {
        let records = records.into_core()?;
        let net = self.network.read();
        Ok(self.write().add(&net, records)?.into())
    }

    /// Every problem `records` would meet, without adding them.
    pub fn check(&self, records: MenuRecords) -> Vec<Problem> {
        match records.into_core() {
            Ok(records) => {
                let net = self.network.read();
                self.read()
                    .check(&net, &records)
                    .into_iter()
                    .map(Problem::from)
                    .collect()
            }
            Err(QuanyuError::Validation { problems }) => problems,
            Err(other) => vec![Problem::new("", "", other.to_string())],
        }
    }

    /// The best `k` free placements for `request` in the current calendars, nearest first,
    /// then earliest. The request need not be on the menu.
    pub fn find_slots(&self, request: RequestRecord, k: i32) -> Result<SlotSearch> {
        let k = usize::try_from(k)
            .map_err(|_| QuanyuError::invalid("k", format!("must be at least 1, got {k}")))?;
        let mut p = Problems::default();
        let request = request.into_core(&mut p);
        p.into_result()?;
        let net = self.network.read();
        Ok(self.read().find_slots(&net, &request, k)?.into())
    }

    /// Books a venue: the booking must lie inside the venue's hours, overlap no other booking,
    /// fit its seats and be allowed by its policy. Returns it with its status.
    pub fn book(&self, booking: BookingRecord) -> Result<BookingRecord> {
        let mut p = Problems::default();
        let booking = booking.into_core(&mut p);
        p.into_result()?;
        let net = self.network.read();
        Ok((&self.write().book(&net, booking)?).into())
    }

    /// Cancels the booking `id`, freeing its slots; returns it.
    pub fn cancel(&self, id: String) -> Result<BookingRecord> {
        Ok((&self.write().cancel(&id)?).into())
    }

    /// Approves the booking `id` (a venue whose policy needs approval): it becomes confirmed.
    pub fn approve(&self, id: String) -> Result<()> {
        Ok(self.write().approve(&id)?)
    }

    /// Withdraws the request `id`: cancels its bookings and removes it; returns the cancelled
    /// bookings.
    pub fn withdraw_request(&self, id: String) -> Result<Vec<BookingRecord>> {
        Ok(self
            .write()
            .withdraw_request(&id)?
            .iter()
            .map(BookingRecord::from)
            .collect())
    }

    /// Removes the venue `id`, which must have no bookings.
    pub fn remove_venue(&self, id: String) -> Result<()> {
        Ok(self.write().remove_venue(&id)?)
    }

    /// Places every unplaced occurrence it can, by priority, fair share and travel; books them.
    #[uniffi::method(default(options = None))]
    pub fn match_requests(&self, options: Option<MatchOptions>) -> Result<MatchReport> {
        let options = match options {
            Some(o) => o.into_core()?,
            None => core::MatchOptions::default(),
        };
        let net = self.network.read();
        Ok(self.write().match_requests(&net, &options)?.into())
    }

    /// Rebuilds the menu's index from the network after it changed, checking every reference.
    pub fn refresh(&self) -> Result<()> {
        let net = self.network.read();
        Ok(self.write().refresh(&net)?)
    }
}

/// A seeded synthetic menu for `network` (`quanyu::venues::synth::menu`): venues of every kind
/// offered by its organisations, with weekly hours.
#[uniffi::export]
pub fn synth_menu(network: Arc<Network>, seed: i64) -> Result<Arc<Menu>> {
    // Any i64 is a seed: its bits are the core's u64 seed.
    let menu = core::synth::menu(&network.read(), seed as u64)?;
    Ok(Menu::wrap(network, menu))
}
