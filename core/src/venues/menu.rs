//! [`Menu`]: the venues, their hours and calendars, the requests and the bookings.

use crate::schema::Record;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;

use super::clock::Clock;
use super::hours::Schedule;
use super::index::PlaceIndex;
use super::kinds::BookingStatus;
use super::records::{
    BookingRecord, ExceptionRecord, MenuRecords, OpeningHoursRecord, RequestRecord, TimeWindow,
    VenueRecord,
};
use super::resolve;
use crate::{EntityKind, Error, Network, Problem, Result};

/// A venue with its hours, calendar and derived index data.
#[derive(Debug, Clone)]
pub(crate) struct VenueEntry {
    pub(crate) record: VenueRecord,
    pub(crate) schedule: Schedule,
    /// Bookings by first slot: (end slot, booking slot number).
    pub(crate) calendar: BTreeMap<i64, (i64, u32)>,
}

impl VenueEntry {
    /// The booking overlapping the slots `[start, end)`, if any.
    pub(crate) fn overlapping(&self, start: i64, end: i64) -> Option<u32> {
        self.calendar
            .range(..end)
            .next_back()
            .filter(|(_, (e, _))| *e > start)
            .map(|(_, (_, b))| *b)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct RequestEntry {
    pub(crate) record: RequestRecord,
    /// By occurrence: its booking slot number.
    pub(crate) booked: Vec<Option<u32>>,
}

#[derive(Debug, Clone)]
pub(crate) struct BookingEntry {
    pub(crate) record: BookingRecord,
    pub(crate) venue: u32,
    pub(crate) request: u32,
    pub(crate) slots: (i64, i64),
}

/// The red shared-venue menu (红色共享阵地菜单) of one jurisdiction: venues offered by
/// communities, enterprises, schools and other units, their opening hours, the requests for
/// them and the bookings that place those requests.
///
/// A `Menu` lives beside a [`Network`] rather than inside its graph: calendars change all day
/// long and are indexed by time, while the network changes rarely. Every call that takes
/// records checks their references (owner organisations, location units, requesting
/// organisations and units) against the network it is given, and adds all of them or none.
///
/// ```
/// use chrono::NaiveDateTime;
/// use quanyu::venues::{Menu, MenuRecords, OpeningHoursRecord, RequestRecord, TimeWindow, VenueKind, VenueRecord};
///
/// let net = quanyu::synth::community(1)?;
/// let area = net.units_by_level("Area")?.next().unwrap().id.to_string();
/// let branch = net.organisations_at(&area)?[0].id.to_string();
/// let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
///
/// let mut menu = Menu::new();
/// let mut batch = MenuRecords::default();
/// batch.venues.push(VenueRecord::new("PAV-1", VenueKind::CommunityPavilion, &branch, &area).capacity(30));
/// batch.opening_hours.extend(OpeningHoursRecord::parse("PAV-1", "Daily 08:00-21:00").unwrap());
/// batch.requests.push(
///     RequestRecord::new("R-1", &branch, "议事协商", 12, 60)
///         .window(TimeWindow::new(at("2024-10-14 19:00"), at("2024-10-14 21:00"))),
/// );
/// menu.add(&net, batch)?;
///
/// let report = menu.match_requests(&net, &Default::default())?;
/// assert_eq!(report.placed.len(), 1);
/// assert_eq!(menu.calendar("PAV-1", at("2024-10-14 00:00"), at("2024-10-15 00:00"))?.bookings.len(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Menu {
    pub(crate) clock: Clock,
    pub(crate) venues: Vec<Option<VenueEntry>>,
    pub(crate) venue_ids: HashMap<String, u32>,
    pub(crate) requests: Vec<Option<RequestEntry>>,
    pub(crate) request_ids: HashMap<String, u32>,
    pub(crate) bookings: Vec<Option<BookingEntry>>,
    pub(crate) booking_ids: HashMap<String, u32>,
    pub(crate) index: PlaceIndex,
}

/// Two menus are equal when they hold the same records on the same slot length.
impl PartialEq for Menu {
    fn eq(&self, other: &Self) -> bool {
        self.clock == other.clock && self.records() == other.records()
    }
}

impl Eq for Menu {}

/// A venue's calendar over a period: when it is open and what is booked.
///
/// ```
/// # use chrono::NaiveDateTime;
/// # let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
/// # let net = quanyu::synth::community(1)?;
/// let menu = quanyu::venues::synth::menu(&net, 1)?;
/// let venue = menu.venues().next().unwrap().id.clone();
/// let cal = menu.calendar(&venue, at("2024-10-14 00:00"), at("2024-10-21 00:00"))?;
/// assert!(!cal.open.is_empty());
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[record(label = "venue")]
#[non_exhaustive]
pub struct Calendar {
    /// The venue's id.
    pub venue: String,
    /// The open intervals (whole slots) inside the period, in order.
    pub open: Vec<TimeWindow>,
    /// The bookings overlapping the period, in order of start.
    pub bookings: Vec<BookingRecord>,
}

/// What [`Menu::add`] added.
///
/// ```
/// let s = quanyu::venues::AddSummary::default();
/// assert_eq!(s.venues + s.requests + s.bookings, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Record)]
#[non_exhaustive]
pub struct AddSummary {
    /// Venues added.
    pub venues: usize,
    /// Weekly opening intervals and dated exceptions added.
    pub hours: usize,
    /// Requests added.
    pub requests: usize,
    /// Bookings added.
    pub bookings: usize,
}

/// One occurrence of a request: its windows and its booking, if placed.
///
/// ```
/// # let net = quanyu::synth::community(1)?;
/// # let mut menu = quanyu::venues::synth::menu(&net, 1)?;
/// # let rs = quanyu::venues::synth::requests(&net, &menu, quanyu::venues::synth::week_of(quanyu::synth::REFERENCE_DATE), 5, 1)?;
/// # let id = rs[0].id.clone();
/// # menu.add(&net, quanyu::venues::MenuRecords { requests: rs, ..Default::default() })?;
/// let occ = menu.occurrences(&id)?;
/// assert!(occ.iter().all(|o| o.booking.is_none()));
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[record(label = "request")]
#[non_exhaustive]
pub struct Occurrence {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: u32,
    /// Its windows (the request's windows shifted by `occurrence` weeks).
    pub windows: Vec<TimeWindow>,
    /// Its booking's id, if placed.
    pub booking: Option<String>,
}

impl Menu {
    /// An empty menu with 30-minute slots.
    ///
    /// ```
    /// assert_eq!(quanyu::venues::Menu::new().slot_minutes(), 30);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty menu whose calendars are cut into `minutes`-long slots (a divisor of 1440).
    ///
    /// ```
    /// use quanyu::venues::Menu;
    /// assert_eq!(Menu::with_slot_minutes(15)?.slot_minutes(), 15);
    /// assert!(Menu::with_slot_minutes(7).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn with_slot_minutes(minutes: u32) -> Result<Self> {
        Ok(Menu {
            clock: Clock::new(minutes)?,
            ..Default::default()
        })
    }

    /// The slot length in minutes.
    pub fn slot_minutes(&self) -> u32 {
        self.clock.minutes()
    }

    /// The number of venues.
    ///
    /// ```
    /// assert_eq!(quanyu::venues::Menu::new().venue_count(), 0);
    /// ```
    pub fn venue_count(&self) -> usize {
        self.venue_ids.len()
    }

    /// The number of requests.
    pub fn request_count(&self) -> usize {
        self.request_ids.len()
    }

    /// The number of bookings.
    pub fn booking_count(&self) -> usize {
        self.booking_ids.len()
    }

    /// The venue `id`.
    ///
    /// ```
    /// use quanyu::{EntityKind, Error};
    /// let err = quanyu::venues::Menu::new().venue("V9").unwrap_err();
    /// assert!(matches!(err, Error::NotFound { kind: EntityKind::Venue, .. }));
    /// ```
    pub fn venue(&self, id: &str) -> Result<&VenueRecord> {
        Ok(&self.venue_entry(id)?.1.record)
    }

    /// Every venue, in the order added.
    pub fn venues(&self) -> impl Iterator<Item = &VenueRecord> + '_ {
        self.venues.iter().flatten().map(|v| &v.record)
    }

    /// The request `id`.
    pub fn request(&self, id: &str) -> Result<&RequestRecord> {
        Ok(&self.request_entry(id)?.1.record)
    }

    /// Every request, in the order added.
    pub fn requests(&self) -> impl Iterator<Item = &RequestRecord> + '_ {
        self.requests.iter().flatten().map(|r| &r.record)
    }

    /// The booking `id`.
    pub fn booking(&self, id: &str) -> Result<&BookingRecord> {
        Ok(&self.booking_entry(id)?.1.record)
    }

    /// Every booking, in the order made.
    pub fn bookings(&self) -> impl Iterator<Item = &BookingRecord> + '_ {
        self.bookings.iter().flatten().map(|b| &b.record)
    }

    /// The weekly opening intervals of `venue`, Monday first, merged.
    pub fn opening_hours(&self, venue: &str) -> Result<Vec<OpeningHoursRecord>> {
        let (_, v) = self.venue_entry(venue)?;
        Ok(v.schedule.weekly_records(&v.record.id))
    }

    /// The dated exceptions and closures of `venue`, by date.
    pub fn exceptions(&self, venue: &str) -> Result<Vec<ExceptionRecord>> {
        let (_, v) = self.venue_entry(venue)?;
        Ok(v.schedule.exception_records(&v.record.id))
    }

    /// Every record of the menu, tables in order: what [`add`](Self::add) on an empty menu
    /// turns back into this menu.
    ///
    /// ```
    /// # let net = quanyu::synth::community(1)?;
    /// let menu = quanyu::venues::synth::menu(&net, 1)?;
    /// let mut copy = quanyu::venues::Menu::new();
    /// copy.add(&net, menu.records())?;
    /// assert_eq!(copy, menu);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn records(&self) -> MenuRecords {
        let mut out = MenuRecords::default();
        for v in self.venues.iter().flatten() {
            out.venues.push(v.record.clone());
            out.opening_hours
                .extend(v.schedule.weekly_records(&v.record.id));
            out.exceptions
                .extend(v.schedule.exception_records(&v.record.id));
        }
        out.requests = self.requests().cloned().collect();
        out.bookings = self.bookings().cloned().collect();
        out
    }

    /// The occurrences of the request `id`, with their bookings.
    pub fn occurrences(&self, id: &str) -> Result<Vec<Occurrence>> {
        let (_, r) = self.request_entry(id)?;
        Ok(r.booked
            .iter()
            .enumerate()
            .map(|(k, b)| Occurrence {
                request: r.record.id.clone(),
                occurrence: k as u32,
                windows: super::occurrence_windows(&r.record, k as u32).unwrap_or_default(),
                booking: b
                    .and_then(|b| self.bookings.get(b as usize)?.as_ref())
                    .map(|b| b.record.id.clone()),
            })
            .collect())
    }

    /// The calendar of `venue` from `from` to `to`: open intervals and bookings.
    ///
    /// ```
    /// # use chrono::NaiveDateTime;
    /// # let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    /// let menu = quanyu::venues::Menu::new();
    /// assert!(menu.calendar("V1", at("2024-10-14 00:00"), at("2024-10-15 00:00")).is_err());
    /// ```
    pub fn calendar(
        &self,
        venue: &str,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Calendar> {
        let (_, v) = self.venue_entry(venue)?;
        if to < from {
            return Err(Error::invalid_argument(
                "to",
                format!("the period ends ({to}) before it starts ({from})"),
            ));
        }
        if (to - from).num_days() > 3660 {
            return Err(Error::invalid_argument(
                "to",
                "a calendar spans at most 3660 days",
            ));
        }
        let (lo, hi) = (self.clock.floor(from), self.clock.ceil(to));
        let mut open = Vec::new();
        for date in from.date().iter_days().take_while(|d| *d <= to.date()) {
            for (a, b) in v.schedule.open_ranges(self.clock, date) {
                let (a, b) = (a.max(lo), b.min(hi));
                if a < b
                    && let (Some(s), Some(e)) = (self.clock.start_of(a), self.clock.start_of(b))
                {
                    open.push(TimeWindow::new(s, e));
                }
            }
        }
        let first = v
            .calendar
            .range(..lo)
            .next_back()
            .filter(|(_, (e, _))| *e > lo)
            .map_or(lo, |(s, _)| *s);
        let bookings = v
            .calendar
            .range(first..hi)
            .filter_map(|(_, (_, b))| self.bookings.get(*b as usize)?.as_ref())
            .map(|b| b.record.clone())
            .collect();
        Ok(Calendar {
            venue: v.record.id.clone(),
            open,
            bookings,
        })
    }

    /// Cancels the booking `id`, freeing its slots; returns it.
    ///
    /// ```
    /// let mut menu = quanyu::venues::Menu::new();
    /// assert!(menu.cancel("B1").is_err());
    /// ```
    pub fn cancel(&mut self, id: &str) -> Result<BookingRecord> {
        let (b, _) = self.booking_entry(id)?;
        Ok(self.drop_booking(b))
    }

    /// Approves the booking `id` (a venue whose policy needs approval): it becomes confirmed.
    ///
    /// ```
    /// let mut menu = quanyu::venues::Menu::new();
    /// assert!(menu.approve("B1").is_err());
    /// ```
    pub fn approve(&mut self, id: &str) -> Result<()> {
        let (b, _) = self.booking_entry(id)?;
        if let Some(Some(entry)) = self.bookings.get_mut(b as usize) {
            entry.record.status = Some(BookingStatus::Confirmed);
        }
        Ok(())
    }

    /// Withdraws the request `id`: cancels its bookings and removes it; returns the cancelled
    /// bookings.
    pub fn withdraw_request(&mut self, id: &str) -> Result<Vec<BookingRecord>> {
        let (r, entry) = self.request_entry(id)?;
        let booked: Vec<u32> = entry.booked.iter().flatten().copied().collect();
        let cancelled = booked.into_iter().map(|b| self.drop_booking(b)).collect();
        if let Some(slot) = self.requests.get_mut(r as usize) {
            *slot = None;
        }
        self.request_ids.remove(id);
        Ok(cancelled)
    }

    /// Removes the venue `id`, which must have no bookings (cancel them first).
    ///
    /// ```
    /// let mut menu = quanyu::venues::Menu::new();
    /// assert!(menu.remove_venue("V1").is_err());
    /// ```
    pub fn remove_venue(&mut self, id: &str) -> Result<()> {
        let (v, entry) = self.venue_entry(id)?;
        if !entry.calendar.is_empty() {
            return Err(Problem::new(
                id,
                "id",
                format!(
                    "venue `{id}` has {} booking(s); cancel them before removing it",
                    entry.calendar.len()
                ),
            )
            .into());
        }
        let online = entry.record.kind.is_online();
        self.index.remove_venue(v, online);
        self.venues[v as usize] = None;
        self.venue_ids.remove(id);
        Ok(())
    }

    /// Removes every weekly interval and dated exception of `venue` (it is then closed until
    /// new hours are added). Existing bookings stay.
    pub fn clear_hours(&mut self, venue: &str) -> Result<()> {
        let (v, _) = self.venue_entry(venue)?;
        if let Some(Some(entry)) = self.venues.get_mut(v as usize) {
            entry.schedule = Schedule::default();
        }
        Ok(())
    }

    /// Rebuilds the menu's index from `net` after the network changed, checking that every
    /// owner, location, requesting organisation and unit still exists. On a problem nothing
    /// changes and every dangling reference is reported.
    ///
    /// ```
    /// # let net = quanyu::synth::community(1)?;
    /// let mut menu = quanyu::venues::synth::menu(&net, 1)?;
    /// menu.refresh(&net)?;
    /// assert!(menu.refresh(&quanyu::Network::new()).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn refresh(&mut self, net: &Network) -> Result<()> {
        self.index = self.build_index(net)?;
        Ok(())
    }

    /// A fresh index of every venue; checks every reference of the menu.
    pub(crate) fn build_index(&self, net: &Network) -> Result<PlaceIndex> {
        let mut index = PlaceIndex::default();
        let mut problems = Vec::new();
        for (i, v) in self.venues.iter().enumerate() {
            let Some(v) = v else { continue };
            let r = &v.record;
            let chain = resolve::unit_chain(net, &r.location);
            let orgs = resolve::org_chain(net, &r.owner);
            match (chain, orgs) {
                (Ok(chain), Ok(orgs)) => {
                    let place = index.intern_chain(&chain);
                    let owner = index.intern_org(&r.owner);
                    let root = index.intern_org(orgs.last().map_or("", String::as_str));
                    index.add_venue(i as u32, place, owner, root, r.kind.is_online());
                }
                (chain, orgs) => {
                    if chain.is_err() {
                        problems.push(Problem::new(
                            &r.id,
                            "location",
                            format!("unknown unit `{}`", r.location),
                        ));
                    }
                    if orgs.is_err() {
                        problems.push(Problem::new(
                            &r.id,
                            "owner",
                            format!("unknown organisation `{}`", r.owner),
                        ));
                    }
                }
            }
        }
        for r in self.requests() {
            if net.organisation(&r.organisation).is_err() {
                problems.push(Problem::new(
                    &r.id,
                    "organisation",
                    format!("unknown organisation `{}`", r.organisation),
                ));
            } else if resolve::request_unit(net, r).is_err() {
                problems.push(Problem::new(
                    &r.id,
                    "unit",
                    match &r.unit {
                        Some(u) => format!("unknown unit `{u}`"),
                        None => format!(
                            "organisation `{}` has no anchor; give the request a unit",
                            r.organisation
                        ),
                    },
                ));
            }
        }
        if problems.is_empty() {
            Ok(index)
        } else {
            Err(Error::Validation(problems))
        }
    }

    // ---- crate-internal ---------------------------------------------------------------------

    pub(crate) fn clock(&self) -> Clock {
        self.clock
    }

    pub(crate) fn venue_entry(&self, id: &str) -> Result<(u32, &VenueEntry)> {
        self.venue_ids
            .get(id)
            .and_then(|&i| Some((i, self.venues.get(i as usize)?.as_ref()?)))
            .ok_or_else(|| Error::not_found(EntityKind::Venue, id))
    }

    pub(crate) fn request_entry(&self, id: &str) -> Result<(u32, &RequestEntry)> {
        self.request_ids
            .get(id)
            .and_then(|&i| Some((i, self.requests.get(i as usize)?.as_ref()?)))
            .ok_or_else(|| Error::not_found(EntityKind::Request, id))
    }

    pub(crate) fn booking_entry(&self, id: &str) -> Result<(u32, &BookingEntry)> {
        self.booking_ids
            .get(id)
            .and_then(|&i| Some((i, self.bookings.get(i as usize)?.as_ref()?)))
            .ok_or_else(|| Error::not_found(EntityKind::Booking, id))
    }

    /// Removes booking slot `b` from its venue, request and the tables.
    fn drop_booking(&mut self, b: u32) -> BookingRecord {
        let Some(entry) = self.bookings.get_mut(b as usize).and_then(Option::take) else {
            unreachable!("booking slot {b} is empty");
        };
        if let Some(Some(v)) = self.venues.get_mut(entry.venue as usize) {
            v.calendar.remove(&entry.slots.0);
        }
        if let Some(Some(r)) = self.requests.get_mut(entry.request as usize)
            && let Some(o) = r.booked.get_mut(entry.record.occurrence as usize)
        {
            *o = None;
        }
        self.booking_ids.remove(&entry.record.id);
        entry.record
    }

    /// Inserts a validated booking (slots free, occurrence unbooked).
    pub(crate) fn insert_booking(
        &mut self,
        record: BookingRecord,
        venue: u32,
        request: u32,
        slots: (i64, i64),
    ) {
        let b = self.bookings.len() as u32;
        if let Some(Some(v)) = self.venues.get_mut(venue as usize) {
            v.calendar.insert(slots.0, (slots.1, b));
        }
        if let Some(Some(r)) = self.requests.get_mut(request as usize)
            && let Some(o) = r.booked.get_mut(record.occurrence as usize)
        {
            *o = Some(b);
        }
        self.booking_ids.insert(record.id.clone(), b);
        self.bookings.push(Some(BookingEntry {
            record,
            venue,
            request,
            slots,
        }));
    }

    /// A booking id not yet used, from a preferred one.
    pub(crate) fn fresh_booking_id(
        &self,
        preferred: String,
        taken: &std::collections::HashSet<String>,
    ) -> String {
        if !self.booking_ids.contains_key(&preferred) && !taken.contains(&preferred) {
            return preferred;
        }
        (2u64..)
            .map(|k| format!("{preferred}~{k}"))
            .find(|id| !self.booking_ids.contains_key(id) && !taken.contains(id))
            .unwrap_or(preferred)
    }
}

impl OpeningHoursRecord {
    /// Weekly intervals for `venue` from the compact text form (see the CSV columns in
    /// [`venues::csv`](super::csv)): `"Mon-Fri 09:00-12:00 14:00-18:00; Sat 10:00-16:00"`.
    ///
    /// ```
    /// let rows = quanyu::venues::OpeningHoursRecord::parse("V1", "Mon-Fri 09:00-18:00; Sat,Sun 10:00-24:00")?;
    /// assert_eq!(rows.len(), 7);
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse(venue: &str, text: &str) -> std::result::Result<Vec<OpeningHoursRecord>, String> {
        Ok(super::text::parse_hours(text)?
            .into_iter()
            .map(|(d, a, b)| OpeningHoursRecord::new(venue, d, a, b))
            .collect())
    }
}

impl ExceptionRecord {
    /// Exceptions for `venue` from the compact text form: `"2024-10-01..2024-10-07 closed;
    /// 2024-10-12 09:00-12:00"`.
    ///
    /// ```
    /// let rows = quanyu::venues::ExceptionRecord::parse("V1", "2024-10-01..2024-10-07 closed")?;
    /// assert_eq!(rows.len(), 7);
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse(venue: &str, text: &str) -> std::result::Result<Vec<ExceptionRecord>, String> {
        Ok(super::text::parse_exceptions(text)?
            .into_iter()
            .map(|(d, h)| match h {
                None => ExceptionRecord::closed(venue, d),
                Some((a, b)) => ExceptionRecord::hours(venue, d, a, b),
            })
            .collect())
    }
}
