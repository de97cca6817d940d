//! The red shared-venue menu (红色共享阵地菜单): [`Menu`] with venue search (`find_slots`),
//! booking, cancelling and batch matching, beside the [`Network`] it is checked against.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use quanyu::venues as core;

use crate::declared::{
    AddSummary, BookingRecord, Calendar, Cx, ExceptionRecord, MatchOptions, MatchReport,
    MenuRecords, Occurrence, OpeningHoursRecord, Recurrence, RequestRecord, SlotSearch, TimeWindow,
    VenueRecord, Wire, all, read, try_read,
};
use crate::error::{Problem, QuanyuError, Result};
use crate::events::WorkCalendar;
use crate::network::Network;
use crate::types::{IsoDate, IsoDateTime, count};

/// The shared-venue menu of one jurisdiction: venues, their hours and calendars, requests and
/// bookings. It lives beside its [`Network`], which checks every owner, location and requester;
/// after applying changes to the network, call `refresh`.
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

    // The network is read from a snapshot, taken without waiting for anything held here, so
    // the menu's lock is the only one a menu call waits for.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, core::Menu> {
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
        Ok(self.write().import_csv(&net, dir)?.to_ffi(&Cx::default()))
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
        Ok(self.read().venue(&id)?.to_ffi(&Cx::default()))
    }

    /// Every venue, in the order added.
    pub fn venues(&self) -> Vec<VenueRecord> {
        all(self.read().venues(), &Cx::default())
    }

    /// The request `id`.
    pub fn request(&self, id: String) -> Result<RequestRecord> {
        Ok(self.read().request(&id)?.to_ffi(&Cx::default()))
    }

    /// Every request, in the order added.
    pub fn requests(&self) -> Vec<RequestRecord> {
        all(self.read().requests(), &Cx::default())
    }

    /// The booking `id`.
    pub fn booking(&self, id: String) -> Result<BookingRecord> {
        Ok(self.read().booking(&id)?.to_ffi(&Cx::default()))
    }

    /// Every booking, in the order made.
    pub fn bookings(&self) -> Vec<BookingRecord> {
        all(self.read().bookings(), &Cx::default())
    }

    /// The weekly opening intervals of `venue`, Monday first.
    pub fn opening_hours(&self, venue: String) -> Result<Vec<OpeningHoursRecord>> {
        Ok(all(&self.read().opening_hours(&venue)?, &Cx::default()))
    }

    /// The dated exceptions and closures of `venue`, by date.
    pub fn exceptions(&self, venue: String) -> Result<Vec<ExceptionRecord>> {
        Ok(all(&self.read().exceptions(&venue)?, &Cx::default()))
    }

    /// Every record of the menu: what `add` on an empty menu turns back into this menu.
    pub fn records(&self) -> MenuRecords {
        self.read().records().to_ffi(&Cx::default())
    }

    /// The occurrences of the request `id`, with their bookings.
    pub fn occurrences(&self, id: String) -> Result<Vec<Occurrence>> {
        Ok(all(&self.read().occurrences(&id)?, &Cx::default()))
    }

    /// The calendar of `venue` from `from` to `to`: open intervals and bookings.
    pub fn calendar(&self, venue: String, from: IsoDateTime, to: IsoDateTime) -> Result<Calendar> {
        let (from, to) = (from.parse("from")?, to.parse("to")?);
        Ok(self
            .read()
            .calendar(&venue, from, to)?
            .to_ffi(&Cx::default()))
    }

    /// The open hours of `venue` on every date from `from` to `to` that `rule` picks on
    /// `calendar`: what the venue can offer a recurring activity.
    pub fn recurring_hours(
        &self,
        venue: String,
        rule: Recurrence,
        calendar: Arc<WorkCalendar>,
        from: IsoDate,
        to: IsoDate,
    ) -> Result<Vec<TimeWindow>> {
        let rule: core::Recurrence = read("rule", rule)?;
        let (from, to) = (from.parse("from")?, to.parse("to")?);
        let hours = self
            .read()
            .recurring_hours(&venue, &rule, &calendar.get(), from, to)?;
        Ok(all(&hours, &Cx::default()))
    }

    /// Adds a batch of records — venues, hours, exceptions, requests, bookings — all or
    /// nothing; a rejected batch throws `QuanyuException.Validation` naming every problem.
    pub fn add(&self, records: MenuRecords) -> Result<AddSummary> {
        let records: core::MenuRecords = read("records", records)?;
        let net = self.network.read();
        Ok(self.write().add(&net, records)?.to_ffi(&Cx::default()))
    }

    /// Every problem `records` would meet, without adding them.
    pub fn check(&self, records: MenuRecords) -> Vec<Problem> {
        match try_read::<core::MenuRecords>("records", records) {
            (Some(records), problems) if problems.is_empty() => {
                let net = self.network.read();
                self.read()
                    .check(&net, &records)
                    .into_iter()
                    .map(Problem::from)
                    .collect()
            }
            (_, problems) => problems.into_problems(),
        }
    }

    /// The best `k` free placements for `request` in the current calendars, nearest first,
    /// then earliest. The request need not be on the menu.
    pub fn find_slots(&self, request: RequestRecord, k: i32) -> Result<SlotSearch> {
        let k = usize::try_from(k)
            .map_err(|_| QuanyuError::invalid("k", format!("must be at least 1, got {k}")))?;
        let request: core::RequestRecord = read("request", request)?;
        let net = self.network.read();
        Ok(self
            .read()
            .find_slots(&net, &request, k)?
            .to_ffi(&Cx::default()))
    }

    /// Books a venue: the booking must lie inside the venue's hours, overlap no other booking,
    /// fit its seats and be allowed by its policy. Returns it with its status.
    pub fn book(&self, booking: BookingRecord) -> Result<BookingRecord> {
        let booking: core::BookingRecord = read("booking", booking)?;
        let net = self.network.read();
        Ok(self.write().book(&net, booking)?.to_ffi(&Cx::default()))
    }

    /// Cancels the booking `id`, freeing its slots; returns it.
    pub fn cancel(&self, id: String) -> Result<BookingRecord> {
        Ok(self.write().cancel(&id)?.to_ffi(&Cx::default()))
    }

    /// Approves the booking `id` (a venue whose policy needs approval): it becomes confirmed.
    pub fn approve(&self, id: String) -> Result<()> {
        Ok(self.write().approve(&id)?)
    }

    /// Withdraws the request `id`: cancels its bookings and removes it; returns the cancelled
    /// bookings.
    pub fn withdraw_request(&self, id: String) -> Result<Vec<BookingRecord>> {
        Ok(all(&self.write().withdraw_request(&id)?, &Cx::default()))
    }

    /// Removes the venue `id`, which must have no bookings.
    pub fn remove_venue(&self, id: String) -> Result<()> {
        Ok(self.write().remove_venue(&id)?)
    }

    /// Places every unplaced occurrence it can, by priority, fair share and travel; books them.
    #[uniffi::method(default(options = None))]
    pub fn match_requests(&self, options: Option<MatchOptions>) -> Result<MatchReport> {
        let options: core::MatchOptions = match options {
            Some(o) => read("options", o)?,
            None => core::MatchOptions::default(),
        };
        let net = self.network.read();
        Ok(self
            .write()
            .match_requests(&net, &options)?
            .to_ffi(&Cx::default()))
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
