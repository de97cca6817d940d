//! Grid events for the apps: the [`WorkCalendar`], and an [`EventBook`] that a phone keeps
//! offline (recording transitions under its own device name and numbers) and that syncs into
//! the central book by merging, in any order and as often as it likes.

use std::sync::{Arc, Mutex, PoisonError};

use quanyu::events as core;

use crate::declared::{
    Alert, AlertRule, Channel, Cx, Duplicate, EventAnalytics, EventRecord, EventStatus,
    HandlerProposal, MergeReport, Replay, TransitionRecord, Wire, all, read,
};
use crate::error::{QuanyuError, Result};
use crate::network::Network;
use crate::privacy::Reveal;
use crate::types::{IsoDate, IsoDateTime};

/// Which days are working days in China, with the official holidays and make-up working days
/// (调休) from the `holiday-cn` data set. A year the data does not cover is a
/// `QuanyuException.OutsideCalendar`.
#[derive(Debug, uniffi::Object)]
pub struct WorkCalendar {
    inner: Mutex<core::WorkCalendar>,
}

impl WorkCalendar {
    pub(crate) fn get(&self) -> core::WorkCalendar {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The options of an Open311 export or import: the offset in minutes east of UTC (`+08:00`,
/// China, when `None`).
fn open311_options(offset_minutes: Option<i32>) -> Result<core::Open311Options> {
    let options = core::Open311Options::default();
    let Some(minutes) = offset_minutes else {
        return Ok(options);
    };
    let offset = minutes
        .checked_mul(60)
        .and_then(chrono::FixedOffset::east_opt)
        .ok_or_else(|| {
            QuanyuError::invalid(
                "offset_minutes",
                format!("must lie within a day either side of UTC, got {minutes}"),
            )
        })?;
    Ok(options.offset(offset))
}

/// A count that must be at least 1.
fn positive(n: i32, name: &str) -> Result<u32> {
    u32::try_from(n)
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| QuanyuError::invalid(name, format!("must be at least 1, got {n}")))
}

#[uniffi::export]
impl WorkCalendar {
    /// The national calendar of China.
    #[uniffi::constructor]
    pub fn china() -> Arc<Self> {
        Arc::new(WorkCalendar {
            inner: Mutex::new(core::WorkCalendar::china()),
        })
    }

    /// The first year covered.
    pub fn first_year(&self) -> Option<i32> {
        self.get().first_year()
    }

    /// The last year covered.
    pub fn last_year(&self) -> Option<i32> {
        self.get().last_year()
    }

    /// Whether `date` (`YYYY-MM-DD`) is a working day.
    pub fn is_working_day(&self, date: IsoDate) -> Result<bool> {
        Ok(self.get().is_working_day(date.parse("date")?)?)
    }

    /// The `n`-th working day strictly after `date` (`n >= 1`).
    pub fn add_working_days(&self, date: IsoDate, n: i32) -> Result<IsoDate> {
        let n = positive(n, "n")?;
        Ok(self.get().add_working_days(date.parse("date")?, n)?.into())
    }

    /// The number of working days `w` with `a < w <= b`.
    pub fn working_days_between(&self, a: IsoDate, b: IsoDate) -> Result<i64> {
        Ok(i64::from(
            self.get()
                .working_days_between(a.parse("a")?, b.parse("b")?)?,
        ))
    }

    /// Adds a year from a table of its notice (CSV text: `date,kind,name`); returns the year.
    pub fn add_year_table(&self, csv: String) -> Result<i32> {
        let mut g = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(g.add_year_table(csv.as_bytes(), "table")?)
    }
}

/// The events of a network and their log (see the core's `events` module): report events,
/// record transitions checked against the posts of the day, merge transitions recorded on
/// other devices, and replay the log to any moment.
#[derive(Debug, uniffi::Object)]
pub struct EventBook {
    network: Arc<Network>,
    inner: Mutex<core::EventBook>,
}

impl EventBook {
    fn with<T>(&self, f: impl FnOnce(&mut core::EventBook) -> T) -> T {
        f(&mut self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Reads the book's log (for the collaboration book's reference checks).
    pub(crate) fn with_log<T>(&self, f: impl FnOnce(&core::EventLog) -> T) -> T {
        self.with(|b| f(b.log()))
    }
}

#[uniffi::export]
impl EventBook {
    /// An empty book for `network` following the preset `workflow` (`five_step` or
    /// `tianque`), on the national calendar.
    #[uniffi::constructor]
    pub fn new(network: Arc<Network>, workflow: String) -> Result<Arc<Self>> {
        let book = core::EventBook::new(core::Workflow::preset(&workflow)?);
        Ok(Arc::new(EventBook {
            network,
            inner: Mutex::new(book),
        }))
    }

    /// A book whose log lives in the SQLite file at `path`: loaded from it, and every report
    /// and transition stored before the call returns.
    #[uniffi::constructor]
    pub fn open(network: Arc<Network>, workflow: String, path: String) -> Result<Arc<Self>> {
        let store = core::SqliteStore::open(&path)?;
        let book = core::EventBook::open(core::Workflow::preset(&workflow)?, store)?;
        Ok(Arc::new(EventBook {
            network,
            inner: Mutex::new(book),
        }))
    }

    /// Reports an event; every problem is listed.
    pub fn report(&self, event: EventRecord) -> Result<()> {
        let event: core::EventRecord = read("event", event)?;
        let net = self.network.read();
        Ok(self.with(|b| b.report(&net, event))?)
    }

    /// Records a transition after checking it; a refused one is a
    /// `QuanyuException.Refused` naming the actor, the posts needed and the unit. Offline,
    /// give each transition the phone's device name and its next number.
    pub fn transition(&self, transition: TransitionRecord) -> Result<EventStatus> {
        let t: core::TransitionRecord = read("transition", transition)?;
        let net = self.network.read();
        Ok(self.with(|b| b.transition(&net, t))?.to_ffi(&Cx::default()))
    }

    /// Merges transitions recorded elsewhere (a phone's, when it syncs), in any order;
    /// repeats are ignored.
    pub fn merge(&self, transitions: Vec<TransitionRecord>) -> Result<MergeReport> {
        let batch: Vec<core::TransitionRecord> = read("transitions", transitions)?;
        Ok(self.with(|b| b.merge(batch))?.to_ffi(&Cx::default()))
    }

    /// Every event reported, whole (what a sync sends): the reporter and the description
    /// cross as `Sensitive` objects, which print `***`; `expose()` gives the text.
    pub fn events(&self) -> Vec<EventRecord> {
        self.with(|b| all(&b.log().events().collect::<Vec<_>>(), &Cx::default()))
    }

    /// Every transition recorded, event by event, whole (what a phone sends when it syncs):
    /// the note crosses as a `Sensitive` object, which prints `***`.
    pub fn transitions(&self) -> Vec<TransitionRecord> {
        self.with(|b| all(&b.log().transitions().collect::<Vec<_>>(), &Cx::default()))
    }

    /// The status of `event` at `at` (`YYYY-MM-DDTHH:MM:SS`).
    pub fn status(&self, event: String, at: IsoDateTime) -> Result<EventStatus> {
        let at = at.parse("at")?;
        let net = self.network.read();
        Ok(self
            .with(|b| b.status(&net, &event, at))?
            .to_ffi(&Cx::default()))
    }

    /// The open events of the subtree of `unit` at `at`; with `overdue_only`, those past
    /// their next deadline.
    pub fn open_in(
        &self,
        unit: String,
        at: IsoDateTime,
        overdue_only: bool,
    ) -> Result<Vec<EventStatus>> {
        let at = at.parse("at")?;
        let net = self.network.read();
        let book = self.with(|b| b.clone());
        let open = book.open_in(&net, &unit, at, overdue_only)?;
        Ok(all(&open, &Cx::default()))
    }

    /// The likely duplicates of `event`: same category, same or neighbouring unit, within
    /// `window_days` days, descriptions at least `min_similarity` alike (0 to 1).
    pub fn likely_duplicates(
        &self,
        event: String,
        window_days: i32,
        min_similarity: f64,
    ) -> Result<Vec<Duplicate>> {
        let days = u32::try_from(window_days).map_err(|_| {
            QuanyuError::invalid(
                "window_days",
                format!("must not be negative, got {window_days}"),
            )
        })?;
        let net = self.network.read();
        let found = self.with(|b| b.likely_duplicates(&net, &event, days, min_similarity))?;
        Ok(all(&found, &Cx::default()))
    }

    /// The thresholds of `rules` reached at `at`.
    pub fn alerts(&self, rules: Vec<AlertRule>, at: IsoDateTime) -> Result<Vec<Alert>> {
        let rules: Vec<core::AlertRule> = read("rules", rules)?;
        let at = at.parse("at")?;
        let net = self.network.read();
        let found = self.with(|b| b.alerts(&net, &rules, at))?;
        Ok(all(&found, &Cx::default()))
    }

    /// The handlers proposed for `event` at `at`, best first: contract holders (四包) on the
    /// place or above it, the grid's workers, the building cell, the grid leaders, the branch
    /// and key-task organisations; within each, the nearest tie and then the least loaded.
    pub fn propose_handlers(&self, event: String, at: IsoDateTime) -> Result<Vec<HandlerProposal>> {
        let at = at.parse("at")?;
        let net = self.network.read();
        let book = self.with(|b| b.clone());
        let proposed = book.propose_handlers(&net, &event, at)?;
        Ok(all(&proposed, &Cx::default()))
    }

    /// Merges the event `duplicate` into `keep`: the duplicate closes as merged and `keep`
    /// lists both reports in `sources`; both transitions or neither. Returns `keep`'s status.
    pub fn merge_duplicate(
        &self,
        duplicate: String,
        keep: String,
        actor: String,
        at: IsoDateTime,
    ) -> Result<EventStatus> {
        let at = at.parse("at")?;
        let net = self.network.read();
        Ok(self
            .with(|b| b.merge_duplicate(&net, &duplicate, &keep, &actor, at))?
            .to_ffi(&Cx::default()))
    }

    /// The analytics at `at`: one row per event, and on-time rate, mean working hours and
    /// backlog by grid, category, handler and month.
    pub fn analytics(&self, at: IsoDateTime) -> Result<EventAnalytics> {
        let at = at.parse("at")?;
        let net = self.network.read();
        let book = self.with(|b| b.clone());
        Ok(book.analytics(&net, at)?.to_ffi(&Cx::default()))
    }

    /// The categories as Open311 GeoReport v2 services: the JSON array of `services.json`.
    pub fn services_open311(&self) -> Result<String> {
        Ok(self.with(|b| b.services_open311())?)
    }

    /// Every event reported by `at` as an Open311 GeoReport v2 service request as it stands
    /// then (`status` `open` or `closed`): the JSON array of `requests.json`, datetimes at
    /// `offset_minutes` east of UTC (`+08:00` by default). The description is personal data,
    /// masked (`***`) unless `reveal` names it (`description`): checked first, and recorded
    /// in the network's access log.
    #[uniffi::method(default(reveal = None, offset_minutes = None))]
    pub fn to_open311(
        &self,
        at: IsoDateTime,
        reveal: Option<Reveal>,
        offset_minutes: Option<i32>,
    ) -> Result<String> {
        let at = at.parse("at")?;
        let mut options = open311_options(offset_minutes)?;
        if let Some(r) = reveal {
            options = options.reveal(r.into());
        }
        let net = self.network.read();
        let book = self.with(|b| b.clone());
        Ok(book.to_open311(&net, at, &options)?)
    }

    /// Reports every request of a JSON array of Open311 service requests as an event (id
    /// from `service_request_id`, category from `service_code`, unit from `address_id`, time
    /// from `requested_datetime`), from `channel` (`HOTLINE` by default). All or nothing: a
    /// `QuanyuException.Validation` names each bad request's row (from 1), id and field, and
    /// adds nothing; text that is not a JSON array is a `QuanyuException.Parse`. Returns the
    /// ids added.
    #[uniffi::method(default(channel = None, offset_minutes = None))]
    pub fn import_open311(
        &self,
        text: String,
        channel: Option<Channel>,
        offset_minutes: Option<i32>,
    ) -> Result<Vec<String>> {
        let mut options = open311_options(offset_minutes)?;
        if let Some(channel) = channel {
            options = options.channel(channel.into());
        }
        let net = self.network.read();
        Ok(self.with(|b| b.import_open311(&net, &text, &options))?)
    }

    /// The whole log replayed to `at`: statuses, cards, escalations and refused transitions.
    pub fn replay(&self, at: IsoDateTime) -> Result<Replay> {
        let at = at.parse("at")?;
        let net = self.network.read();
        let book = self.with(|b| b.clone());
        Ok(book.replay(&net, at)?.to_ffi(&Cx::default()))
    }
}
