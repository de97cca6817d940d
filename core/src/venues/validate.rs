//! Adding records to a menu: every record is checked against the menu, the rest of the batch
//! and the network; then all of them are added, or — on any problem — none.

use std::collections::{HashMap, HashSet};

use chrono::Timelike;

use super::clock::Clock;
use super::hours::Schedule;
use super::kinds::BookingStatus;
use super::menu::{AddSummary, Menu, RequestEntry, VenueEntry};
use super::records::{BookingRecord, MenuRecords, MenuTable, RequestRecord, VenueRecord};
use super::resolve::{self, UnitChain};
use super::text::minutes;
use crate::{Error, Network, Origin, Problem, Result};

/// At most this many windows per request.
pub(crate) const MAX_WINDOWS: usize = 64;
/// A window spans at most this many days.
pub(crate) const MAX_WINDOW_DAYS: i64 = 31;
/// A series repeats at most this many weeks (ten years).
pub(crate) const MAX_REPEAT_WEEKS: u32 = 520;

/// A validated new venue with what the index needs.
struct NewVenue {
    record: VenueRecord,
    chain: UnitChain,
    owner_root: String,
}

/// A validated batch.
struct Staged {
    venues: Vec<NewVenue>,
    /// Final schedules of the venues whose hours the batch touches, by venue id.
    schedules: HashMap<String, Schedule>,
    hours: usize,
    requests: Vec<RequestRecord>,
    bookings: Vec<(BookingRecord, (i64, i64))>,
}

struct Stager<'a> {
    menu: &'a Menu,
    net: &'a Network,
    origins: HashMap<(MenuTable, usize), Origin>,
    problems: Vec<Problem>,
}

impl Stager<'_> {
    fn problem(
        &mut self,
        at: (MenuTable, usize),
        id: &str,
        field: &str,
        message: impl Into<String>,
    ) {
        let mut p = Problem::new(id, field, message);
        p.origin = self.origins.get(&at).cloned();
        self.problems.push(p);
    }
}

impl Menu {
    /// Adds a batch of records — venues, opening hours, exceptions, requests, bookings — all
    /// or nothing. Every problem in the batch is reported, each with the record's id, the
    /// field at fault and (for records read from a file) the file and row; on any problem the
    /// menu is unchanged.
    ///
    /// Bookings must fit: inside the venue's opening hours, not overlapping another booking
    /// (a venue is never double-booked), within its seats and allowed by its policy. A booking
    /// without a status is confirmed, or awaits approval if the venue's policy needs it.
    ///
    /// ```
    /// use quanyu::venues::{Menu, MenuRecords, VenueKind, VenueRecord};
    /// let net = quanyu::synth::community(1)?;
    /// let mut menu = Menu::new();
    /// let mut batch = MenuRecords::default();
    /// batch.venues.push(VenueRecord::new("V1", VenueKind::MeetingRoom, "no-such-org", "no-such-unit"));
    /// let err = menu.add(&net, batch).unwrap_err();
    /// let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    /// assert_eq!(fields, ["owner", "location", "capacity"]);
    /// assert_eq!(menu.venue_count(), 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn add(&mut self, net: &Network, records: MenuRecords) -> Result<AddSummary> {
        let staged = self.stage(net, &records).map_err(Error::Validation)?;
        Ok(self.commit(staged))
    }

    /// Checks a batch as [`add`](Self::add) would, without adding it: every problem found.
    ///
    /// ```
    /// use quanyu::venues::{Menu, MenuRecords, RequestRecord};
    /// let net = quanyu::synth::community(1)?;
    /// let mut batch = MenuRecords::default();
    /// batch.requests.push(RequestRecord::new("R1", "nobody", "议事", 0, 60));
    /// let problems = Menu::new().check(&net, &batch);
    /// assert!(problems.iter().any(|p| p.field == "attendees"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn check(&self, net: &Network, records: &MenuRecords) -> Vec<Problem> {
        match self.stage(net, records) {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }

    /// Adds one venue (see [`add`](Self::add)).
    pub fn add_venue(&mut self, net: &Network, venue: VenueRecord) -> Result<()> {
        self.add(
            net,
            MenuRecords {
                venues: vec![venue],
                ..Default::default()
            },
        )
        .map(drop)
    }

    /// Adds one request (see [`add`](Self::add)).
    pub fn add_request(&mut self, net: &Network, request: RequestRecord) -> Result<()> {
        self.add(
            net,
            MenuRecords {
                requests: vec![request],
                ..Default::default()
            },
        )
        .map(drop)
    }

    /// Adds one booking (see [`add`](Self::add)); returns it with its status.
    ///
    /// ```
    /// # use chrono::NaiveDateTime;
    /// # let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    /// use quanyu::venues::{BookingRecord, Menu};
    /// let net = quanyu::synth::community(1)?;
    /// let mut menu = Menu::new();
    /// let err = menu.book(&net, BookingRecord::new("B1", "V9", "R9", at("2024-10-14 10:00"), at("2024-10-14 09:00"))).unwrap_err();
    /// let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    /// assert_eq!(fields, ["venue", "request", "end"]);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn book(&mut self, net: &Network, booking: BookingRecord) -> Result<BookingRecord> {
        let id = booking.id.clone();
        self.add(
            net,
            MenuRecords {
                bookings: vec![booking],
                ..Default::default()
            },
        )?;
        self.booking(&id).cloned()
    }

    fn stage(
        &self,
        net: &Network,
        records: &MenuRecords,
    ) -> std::result::Result<Staged, Vec<Problem>> {
        let mut s = Stager {
            menu: self,
            net,
            origins: records.origin_map(),
            problems: Vec::new(),
        };
        let venues = s.venues(&records.venues);
        let (schedules, hours) = s.hours(records, &venues);
        let requests = s.requests(&records.requests);
        let bookings = s.bookings(&records.bookings, &venues, &schedules, &requests);
        if s.problems.is_empty() {
            Ok(Staged {
                venues,
                schedules,
                hours,
                requests,
                bookings,
            })
        } else {
            Err(s.problems)
        }
    }

    fn commit(&mut self, staged: Staged) -> AddSummary {
        let summary = AddSummary {
            venues: staged.venues.len(),
            hours: staged.hours,
            requests: staged.requests.len(),
            bookings: staged.bookings.len(),
        };
        for nv in staged.venues {
            let i = self.venues.len() as u32;
            let place = self.index.intern_chain(&nv.chain);
            let owner = self.index.intern_org(&nv.record.owner);
            let owner_root = self.index.intern_org(&nv.owner_root);
            self.index
                .add_venue(i, place, owner, owner_root, nv.record.kind.is_online());
            self.venue_ids.insert(nv.record.id.clone(), i);
            self.venues.push(Some(VenueEntry {
                record: nv.record,
                schedule: Schedule::default(),
                calendar: Default::default(),
            }));
        }
        for (id, schedule) in staged.schedules {
            if let Some(&i) = self.venue_ids.get(&id)
                && let Some(Some(v)) = self.venues.get_mut(i as usize)
            {
                v.schedule = schedule;
            }
        }
        for r in staged.requests {
            let i = self.requests.len() as u32;
            self.request_ids.insert(r.id.clone(), i);
            self.requests.push(Some(RequestEntry {
                booked: vec![None; r.repeat_weeks as usize],
                record: r,
            }));
        }
        for (b, slots) in staged.bookings {
            let (Some(&v), Some(&r)) = (
                self.venue_ids.get(&b.venue),
                self.request_ids.get(&b.request),
            ) else {
                unreachable!(
                    "staged booking `{}` refers to a missing venue or request",
                    b.id
                );
            };
            self.insert_booking(b, v, r, slots);
        }
        summary
    }
}

/// The problems of a request, its id aside (for requests that are not added, such as those of
/// [`Menu::find_slots`]).
pub(crate) fn check_request(menu: &Menu, net: &Network, r: &RequestRecord) -> Vec<Problem> {
    let mut s = Stager {
        menu,
        net,
        origins: HashMap::new(),
        problems: Vec::new(),
    };
    s.check_request((MenuTable::Requests, 0), r);
    s.problems
}

/// Whether a time is a whole minute.
fn whole_minute(t: chrono::NaiveTime) -> bool {
    t.second() == 0 && t.nanosecond() == 0
}

impl Stager<'_> {
    fn venues(&mut self, records: &[VenueRecord]) -> Vec<NewVenue> {
        let mut out = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            let at = (MenuTable::Venues, i);
            let before = self.problems.len();
            if let Some(m) = crate::model::rules::id_problem("venue", &r.id) {
                self.problem(at, &r.id, "id", m);
            } else if self.menu.venue_ids.contains_key(&r.id) {
                self.problem(
                    at,
                    &r.id,
                    "id",
                    format!("venue `{}` is already on the menu", r.id),
                );
            } else if let Some(j) = seen.insert(&r.id, i) {
                self.problem(
                    at,
                    &r.id,
                    "id",
                    format!(
                        "venue `{}` appears twice in the batch (first as record {})",
                        r.id,
                        j + 1
                    ),
                );
            }
            let orgs = resolve::org_chain(self.net, &r.owner);
            if orgs.is_err() {
                self.problem(
                    at,
                    &r.id,
                    "owner",
                    format!("unknown organisation `{}`", r.owner),
                );
            }
            let chain = resolve::unit_chain(self.net, &r.location);
            if chain.is_err() {
                self.problem(
                    at,
                    &r.id,
                    "location",
                    format!("unknown unit `{}`", r.location),
                );
            }
            match r.capacity {
                Some(0) => self.problem(
                    at,
                    &r.id,
                    "capacity",
                    "capacity must be at least 1 seat; leave it empty for an unlimited online hall",
                ),
                None if !r.kind.is_online() => self.problem(
                    at,
                    &r.id,
                    "capacity",
                    format!(
                        "a {} needs a capacity; only online halls may leave it empty",
                        r.kind
                    ),
                ),
                _ => {}
            }
            if let (Ok(chain), Ok(orgs)) = (chain, orgs)
                && self.problems.len() == before
            {
                out.push(NewVenue {
                    record: r.clone(),
                    chain,
                    owner_root: orgs.last().cloned().unwrap_or_default(),
                });
            }
        }
        out
    }

    /// The schedule of venue `id` as the batch leaves it, starting from the menu's.
    fn schedule_of<'s>(
        &self,
        schedules: &'s mut HashMap<String, Schedule>,
        id: &str,
        new: &[NewVenue],
    ) -> Option<&'s mut Schedule> {
        if !schedules.contains_key(id) {
            let base = match self.menu.venue_entry(id) {
                Ok((_, v)) => v.schedule.clone(),
                Err(_) if new.iter().any(|v| v.record.id == id) => Schedule::default(),
                Err(_) => return None,
            };
            schedules.insert(id.to_owned(), base);
        }
        schedules.get_mut(id)
    }

    fn hours(
        &mut self,
        records: &MenuRecords,
        new: &[NewVenue],
    ) -> (HashMap<String, Schedule>, usize) {
        let mut schedules = HashMap::new();
        for (i, r) in records.opening_hours.iter().enumerate() {
            let at = (MenuTable::OpeningHours, i);
            let (a, b) = minutes(r.open, r.close);
            let mut ok = true;
            if !whole_minute(r.open) || !whole_minute(r.close) {
                self.problem(
                    at,
                    &r.venue,
                    "open",
                    "opening hours are whole minutes (HH:MM)",
                );
                ok = false;
            }
            if b <= a {
                self.problem(
                    at,
                    &r.venue,
                    "close",
                    format!(
                        "{} closes at {}, not after it opens at {} (00:00 means midnight)",
                        r.weekday,
                        r.close.format("%H:%M"),
                        r.open.format("%H:%M")
                    ),
                );
                ok = false;
            }
            match self.schedule_of(&mut schedules, &r.venue, new) {
                Some(s) if ok => s.add_weekly(r.weekday.num_days_from_monday() as usize, (a, b)),
                Some(_) => {}
                None => self.problem(
                    at,
                    &r.venue,
                    "venue",
                    format!("unknown venue `{}`", r.venue),
                ),
            }
        }
        for (i, r) in records.exceptions.iter().enumerate() {
            let at = (MenuTable::Exceptions, i);
            let hours = match (r.open, r.close) {
                (None, None) => Some(None),
                (Some(o), Some(c)) => {
                    let (a, b) = minutes(o, c);
                    if !whole_minute(o) || !whole_minute(c) {
                        self.problem(
                            at,
                            &r.venue,
                            "open",
                            "opening hours are whole minutes (HH:MM)",
                        );
                        None
                    } else if b <= a {
                        self.problem(at, &r.venue, "close", format!("on {} it closes at {}, not after it opens at {} (00:00 means midnight)", r.date, c.format("%H:%M"), o.format("%H:%M")));
                        None
                    } else {
                        Some(Some((a, b)))
                    }
                }
                (o, _) => {
                    let field = if o.is_some() { "close" } else { "open" };
                    self.problem(
                        at,
                        &r.venue,
                        field,
                        format!(
                            "on {} give both open and close, or neither for a closure",
                            r.date
                        ),
                    );
                    None
                }
            };
            match self.schedule_of(&mut schedules, &r.venue, new) {
                Some(s) => {
                    if let Some(h) = hours
                        && let Err(why) = s.add_exception(r.date, h)
                    {
                        self.problem(at, &r.venue, "date", format!("{}: {why}", r.date));
                    }
                }
                None => self.problem(
                    at,
                    &r.venue,
                    "venue",
                    format!("unknown venue `{}`", r.venue),
                ),
            }
        }
        (
            schedules,
            records.opening_hours.len() + records.exceptions.len(),
        )
    }

    fn requests(&mut self, records: &[RequestRecord]) -> Vec<RequestRecord> {
        let mut out = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            let at = (MenuTable::Requests, i);
            let before = self.problems.len();
            if let Some(m) = crate::model::rules::id_problem("request", &r.id) {
                self.problem(at, &r.id, "id", m);
            } else if self.menu.request_ids.contains_key(&r.id) {
                self.problem(
                    at,
                    &r.id,
                    "id",
                    format!("request `{}` is already on the menu", r.id),
                );
            } else if let Some(j) = seen.insert(&r.id, i) {
                self.problem(
                    at,
                    &r.id,
                    "id",
                    format!(
                        "request `{}` appears twice in the batch (first as record {})",
                        r.id,
                        j + 1
                    ),
                );
            }
            self.check_request(at, r);
            if self.problems.len() == before {
                out.push(r.clone());
            }
        }
        out
    }

    /// The checks of one request that do not concern its id.
    fn check_request(&mut self, at: (MenuTable, usize), r: &RequestRecord) {
        let id = r.id.as_str();
        if self.net.organisation(&r.organisation).is_err() {
            self.problem(
                at,
                id,
                "organisation",
                format!("unknown organisation `{}`", r.organisation),
            );
        } else if resolve::request_unit(self.net, r).is_err() {
            match &r.unit {
                Some(u) => self.problem(at, id, "unit", format!("unknown unit `{u}`")),
                None => self.problem(
                    at,
                    id,
                    "unit",
                    format!(
                        "organisation `{}` has no anchor; give the request a unit",
                        r.organisation
                    ),
                ),
            }
        }
        if r.attendees == 0 {
            self.problem(at, id, "attendees", "attendees must be at least 1");
        }
        if r.duration_minutes == 0 || r.duration_minutes > 24 * 60 {
            self.problem(
                at,
                id,
                "duration_minutes",
                format!(
                    "duration must be 1 to 1440 minutes, not {}",
                    r.duration_minutes
                ),
            );
        }
        if r.repeat_weeks == 0 || r.repeat_weeks > MAX_REPEAT_WEEKS {
            self.problem(
                at,
                id,
                "repeat_weeks",
                format!(
                    "repeat_weeks must be 1 to {MAX_REPEAT_WEEKS}, not {}",
                    r.repeat_weeks
                ),
            );
        }
        if r.windows.is_empty() {
            self.problem(
                at,
                id,
                "windows",
                "a request needs at least one time window",
            );
        }
        if r.windows.len() > MAX_WINDOWS {
            self.problem(
                at,
                id,
                "windows",
                format!(
                    "a request has at most {MAX_WINDOWS} windows, not {}",
                    r.windows.len()
                ),
            );
        }
        for (k, w) in r.windows.iter().enumerate() {
            let n = k + 1;
            if w.end <= w.start {
                self.problem(
                    at,
                    id,
                    "windows",
                    format!("window {n} ends ({}) before it starts ({})", w.end, w.start),
                );
            } else if w.minutes() < i64::from(r.duration_minutes) {
                self.problem(
                    at,
                    id,
                    "windows",
                    format!(
                        "window {n} is {} minutes long, shorter than the {}-minute duration",
                        w.minutes(),
                        r.duration_minutes
                    ),
                );
            } else if (w.end - w.start).num_days() > MAX_WINDOW_DAYS {
                self.problem(
                    at,
                    id,
                    "windows",
                    format!("window {n} spans more than {MAX_WINDOW_DAYS} days"),
                );
            }
        }
        if r.repeat_weeks >= 1
            && r.repeat_weeks <= MAX_REPEAT_WEEKS
            && super::occurrence_windows(r, r.repeat_weeks - 1).is_none()
        {
            self.problem(
                at,
                id,
                "repeat_weeks",
                "the last occurrence falls outside the supported calendar",
            );
        }
    }
}

/// The bookings of a batch accepted so far, which later ones must not clash with.
#[derive(Default)]
struct BookedInBatch<'b> {
    /// Each booking id, with its record's position.
    ids: HashMap<&'b str, usize>,
    /// Each venue's booked slots, with the booking's id.
    taken: HashMap<&'b str, Vec<(i64, i64, &'b str)>>,
    /// The booked occurrences, by request id.
    occupied: HashSet<(&'b str, u32)>,
}

impl<'a> Stager<'a> {
    fn bookings<'b>(
        &mut self,
        records: &'b [BookingRecord],
        new_venues: &'b [NewVenue],
        schedules: &HashMap<String, Schedule>,
        new_requests: &'b [RequestRecord],
    ) -> Vec<(BookingRecord, (i64, i64))>
    where
        'a: 'b,
    {
        let clock: Clock = self.menu.clock();
        let mut out = Vec::new();
        let mut batch = BookedInBatch::default();
        for (i, b) in records.iter().enumerate() {
            let at = (MenuTable::Bookings, i);
            let before = self.problems.len();
            let id = b.id.as_str();
            self.check_booking_id(at, id, i, &mut batch.ids);
            let venue = self.booked_venue(at, b, new_venues);
            let request = self.booked_request(at, b, new_requests, &batch.occupied);
            if b.end <= b.start {
                self.problem(
                    at,
                    id,
                    "end",
                    format!(
                        "the booking ends ({}) before it starts ({})",
                        b.end, b.start
                    ),
                );
            }
            let (Some(v), Some(r)) = (venue, request) else {
                continue;
            };
            // A booking refused already is not checked for fit: its times may not even make a
            // span (ending before they start), and the problems would only echo the first.
            if self.problems.len() > before {
                continue;
            }
            let slots = (clock.floor(b.start), clock.ceil(b.end));
            self.check_open(at, b, v, clock, slots, schedules);
            self.check_clash(at, id, v, slots, &batch.taken);
            self.check_seats_and_policy(at, id, v, r);
            if self.problems.len() == before {
                batch.occupied.insert((r.id.as_str(), b.occurrence));
                batch
                    .taken
                    .entry(v.id.as_str())
                    .or_default()
                    .push((slots.0, slots.1, id));
                let mut rec = b.clone();
                rec.status = Some(b.status.unwrap_or(if v.needs_approval {
                    BookingStatus::AwaitingApproval
                } else {
                    BookingStatus::Confirmed
                }));
                out.push((rec, slots));
            }
        }
        out
    }

    /// Checks that booking `id`, record `i` of the batch, is well formed and new.
    fn check_booking_id<'b>(
        &mut self,
        at: (MenuTable, usize),
        id: &'b str,
        i: usize,
        ids: &mut HashMap<&'b str, usize>,
    ) {
        if let Some(m) = crate::model::rules::id_problem("booking", id) {
            self.problem(at, id, "id", m);
        } else if self.menu.booking_ids.contains_key(id) {
            self.problem(at, id, "id", format!("booking `{id}` already exists"));
        } else if let Some(j) = ids.insert(id, i) {
            self.problem(
                at,
                id,
                "id",
                format!(
                    "booking `{id}` appears twice in the batch (first as record {})",
                    j + 1
                ),
            );
        }
    }

    /// The venue booked, on the menu or new in the batch; a problem if there is none.
    fn booked_venue<'b>(
        &mut self,
        at: (MenuTable, usize),
        b: &BookingRecord,
        new_venues: &'b [NewVenue],
    ) -> Option<&'b VenueRecord>
    where
        'a: 'b,
    {
        let venue = self
            .menu
            .venue_entry(&b.venue)
            .ok()
            .map(|(_, v)| &v.record)
            .or_else(|| {
                new_venues
                    .iter()
                    .map(|v| &v.record)
                    .find(|v| v.id == b.venue)
            });
        if venue.is_none() {
            self.problem(at, &b.id, "venue", format!("unknown venue `{}`", b.venue));
        }
        venue
    }

    /// The request booked, on the menu or new in the batch; a problem if there is none, or if
    /// the occurrence booked does not exist or is booked already (on the menu or in
    /// `occupied`, earlier in the batch).
    fn booked_request<'b>(
        &mut self,
        at: (MenuTable, usize),
        b: &BookingRecord,
        new_requests: &'b [RequestRecord],
        occupied: &HashSet<(&str, u32)>,
    ) -> Option<&'b RequestRecord>
    where
        'a: 'b,
    {
        let id = b.id.as_str();
        let request = self
            .menu
            .request_entry(&b.request)
            .ok()
            .map(|(_, r)| &r.record)
            .or_else(|| new_requests.iter().find(|r| r.id == b.request));
        match request {
            None => self.problem(
                at,
                id,
                "request",
                format!("unknown request `{}`", b.request),
            ),
            Some(r) if b.occurrence >= r.repeat_weeks => self.problem(
                at,
                id,
                "occurrence",
                format!(
                    "request `{}` has {} occurrence(s), numbered from 0; there is no occurrence {}",
                    r.id, r.repeat_weeks, b.occurrence
                ),
            ),
            Some(r) => {
                let already = self
                    .menu
                    .request_entry(&r.id)
                    .ok()
                    .and_then(|(_, e)| e.booked.get(b.occurrence as usize).copied().flatten());
                if already.is_some() || occupied.contains(&(r.id.as_str(), b.occurrence)) {
                    self.problem(
                        at,
                        id,
                        "occurrence",
                        format!(
                            "occurrence {} of request `{}` is already booked",
                            b.occurrence, r.id
                        ),
                    );
                }
            }
        }
        request
    }

    /// Checks that venue `v` is open throughout the booking's `slots`, by its schedule as the
    /// batch leaves it.
    fn check_open(
        &mut self,
        at: (MenuTable, usize),
        b: &BookingRecord,
        v: &VenueRecord,
        clock: Clock,
        slots: (i64, i64),
        schedules: &HashMap<String, Schedule>,
    ) {
        let schedule = schedules
            .get(&v.id)
            .or_else(|| self.menu.venue_entry(&v.id).ok().map(|(_, e)| &e.schedule));
        if !schedule.is_some_and(|s| s.is_open(clock, slots.0, slots.1)) {
            self.problem(
                at,
                &b.id,
                "start",
                format!(
                    "venue `{}` is not open throughout {} to {}",
                    v.id, b.start, b.end
                ),
            );
        }
    }

    /// Checks that no booking on the menu, nor one accepted earlier in the batch (`taken`),
    /// holds venue `v` during `slots`.
    fn check_clash(
        &mut self,
        at: (MenuTable, usize),
        id: &str,
        v: &VenueRecord,
        slots: (i64, i64),
        taken: &HashMap<&str, Vec<(i64, i64, &str)>>,
    ) {
        let clash = self
            .menu
            .venue_entry(&v.id)
            .ok()
            .and_then(|(_, e)| e.overlapping(slots.0, slots.1))
            .and_then(|k| self.menu.bookings.get(k as usize)?.as_ref())
            .map(|e| e.record.id.clone())
            .or_else(|| {
                taken
                    .get(v.id.as_str())?
                    .iter()
                    .find(|(s, e, _)| *s < slots.1 && slots.0 < *e)
                    .map(|(_, _, o)| (*o).to_owned())
            });
        if let Some(other) = clash {
            self.problem(
                at,
                id,
                "start",
                format!(
                    "venue `{}` is already booked then (booking `{other}`)",
                    v.id
                ),
            );
        }
    }

    /// Checks that venue `v` seats the request's attendees and that its policy lets the
    /// request's organisation book it.
    fn check_seats_and_policy(
        &mut self,
        at: (MenuTable, usize),
        id: &str,
        v: &VenueRecord,
        r: &RequestRecord,
    ) {
        if v.capacity.is_some_and(|c| r.attendees > c) {
            self.problem(
                at,
                id,
                "venue",
                format!(
                    "venue `{}` seats {}, request `{}` has {} attendees",
                    v.id,
                    v.capacity.unwrap_or(0),
                    r.id,
                    r.attendees
                ),
            );
        }
        match self.allowed(v, r) {
            Ok(true) => {}
            Ok(false) => self.problem(
                at,
                id,
                "venue",
                format!(
                    "the policy of venue `{}` ({}) does not let organisation `{}` book it",
                    v.id, v.may_book, r.organisation
                ),
            ),
            Err(e) => self.problem(at, id, "request", e.to_string()),
        }
    }

    /// Whether the venue's policy lets the request book it, read from the network.
    fn allowed(&self, v: &VenueRecord, r: &RequestRecord) -> Result<bool> {
        let unit = resolve::request_unit(self.net, r)?;
        let proximity = self.net.proximity(&unit, &v.location)?;
        let requester = resolve::org_chain(self.net, &r.organisation)?;
        let owner = resolve::org_chain(self.net, &v.owner)?;
        let own = requester.contains(&v.owner);
        let alliance = requester.last() == owner.last();
        Ok(v.may_book.allows(proximity, own, alliance))
    }
}
