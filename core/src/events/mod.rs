//! Grid events: the daily loop 信息收集 collect → 问题发现 discover → 任务分办 dispatch →
//! 协同处置 handle together → 结果反馈 feed back ("民有所呼、我有所应"), on a working-day
//! calendar with deadlines, cards and escalation.
//!
//! The log of transitions is the truth. Every state, deadline, card and escalation is
//! replayed from the log, the [`Network`] (who held which post on the day) and the
//! [`WorkCalendar`], so any past moment can be asked about, and transitions recorded offline
//! merge in any order.
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::events::{EventBook, EventRecord, TransitionRecord, Workflow};
//! use quanyu::{Change, Changeset, Network, PersonRecord, PostRecord, Role, UnitRecord};
//!
//! let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
//! let at = |h| day.and_hms_opt(h, 0, 0).unwrap();
//! let mut net = Network::new();
//! net.apply(Changeset::from_iter([
//!     Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
//!     Change::AddUnit(UnitRecord::new("A", "Area").parent("S")),
//!     Change::AddUnit(UnitRecord::new("G", "Grid").parent("A")),
//!     Change::AddPerson(PersonRecord::new("worker")),
//!     Change::AddPerson(PersonRecord::new("leader")),
//!     Change::AddPost(PostRecord::at_unit("worker", Role::GridWorker, "G", day)),
//!     Change::AddPost(PostRecord::at_unit("leader", Role::GridLeader, "G", day)),
//! ]))?;
//!
//! let mut book = EventBook::new(Workflow::five_step());
//! book.report(&net, EventRecord::new("E1", "environment", "G", at(9)))?;
//! book.transition(&net, TransitionRecord::new("E1", "discover", "worker", at(10)))?;
//! book.transition(&net, TransitionRecord::new("E1", "dispatch", "leader", at(11)).target("worker"))?;
//! // Only the handler may take the task on: the leader is refused.
//! let refused = book.transition(&net, TransitionRecord::new("E1", "take", "leader", at(12)));
//! assert!(matches!(refused, Err(quanyu::Error::Refused(_))));
//!
//! let now = book.replay(&net, at(12))?;
//! let e1 = now.status("E1").unwrap();
//! assert_eq!(e1.state_name, "dispatched");
//! assert_eq!(e1.handler.as_deref(), Some("worker"));
//! # Ok::<(), quanyu::Error>(())
//! ```

mod analytics;
mod answers;
mod calendar;
mod dispatch;
mod insights;
mod log;
mod open311;
mod packed;
mod places;
mod records;
mod replay;
mod sla;
mod store;
mod synth;
mod workflow;

pub use analytics::{EventAnalytics, EventFacts, EventStats};
pub use answers::{
    CardColour, CardReason, CardRecord, EscalationCause, EscalationRecord, EventStatus, Refusal,
    RefusalRow,
};
pub use calendar::{ScheduleDay, WorkCalendar, WorkingHours};
pub use dispatch::{DispatchBasis, HandlerProposal};
pub use insights::{Alert, AlertRule, Duplicate};
pub use log::{Clash, EventLog, MergeReport};
pub use open311::{Open311Options, Open311Request, Open311Service};
pub use places::EventPlaces;
pub use records::{CategoryRecord, Channel, EventRecord, Severity, TransitionRecord};
pub use sla::{SlaPolicy, SlaRule};
pub use store::EventStore;
#[cfg(feature = "sqlite")]
pub use store::SqliteStore;
pub use synth::{StreamOptions, synth_stream};
pub use workflow::{ActionDef, Effect, Phase, StateDef, Who, Workflow};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use rayon::prelude::*;

use crate::progress::Progress;
use crate::schema::{FrameSink, Frames, Record};
use crate::{EntityKind, Error, Network, Problem, Result};
use replay::Context;

/// The events of a network with their log, the workflow they follow, the service levels and
/// the calendar they are measured on.
///
/// See the [module](self) for a walk through the loop.
#[derive(Debug, Clone)]
pub struct EventBook {
    workflow: Workflow,
    sla: SlaPolicy,
    calendar: WorkCalendar,
    categories: Vec<CategoryRecord>,
    log: EventLog,
    store: Option<Durable>,
}

/// The store a book writes through to. Clones of a book share it.
#[derive(Clone)]
struct Durable(Arc<Mutex<dyn EventStore + Send>>);

impl std::fmt::Debug for Durable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Durable(..)")
    }
}

impl Durable {
    fn with<T>(&self, f: impl FnOnce(&mut (dyn EventStore + Send)) -> T) -> T {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut *g)
    }
}

/// Why a transition recorded live cannot stay in the log.
enum NotRecorded {
    /// The replay refuses it (or a later transition because of it), with the posts needed.
    Refused(Refusal, Vec<String>),
    /// The replay failed (a moment the calendar does not cover).
    Failed(Error),
}

/// The device name of transitions recorded through [`EventBook::transition`] without one.
pub const CENTRAL_DEVICE: &str = "central";

impl EventBook {
    /// An empty book following `workflow`, with the default service levels, the national
    /// calendar of China and the default categories.
    pub fn new(workflow: Workflow) -> EventBook {
        EventBook {
            workflow,
            sla: SlaPolicy::default(),
            calendar: WorkCalendar::china(),
            categories: CategoryRecord::defaults(),
            log: EventLog::new(),
            store: None,
        }
    }

    /// A book following `workflow` whose log lives in `store`: the log is loaded from it, and
    /// every event reported and transition recorded is appended to it before the call
    /// returns (an append that fails changes nothing).
    ///
    /// ```
    /// use quanyu::events::{EventBook, SqliteStore, Workflow};
    /// let dir = tempfile::tempdir().unwrap();
    /// let store = SqliteStore::open(dir.path().join("log.sqlite"))?;
    /// let book = EventBook::open(Workflow::five_step(), store)?;
    /// assert_eq!(book.log().events().len(), 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn open(workflow: Workflow, store: impl EventStore + Send + 'static) -> Result<EventBook> {
        let log = store.load()?;
        let mut book = EventBook::new(workflow);
        book.log = log;
        book.store = Some(Durable(Arc::new(Mutex::new(store))));
        Ok(book)
    }

    /// The same book with other service levels.
    pub fn with_sla(mut self, sla: SlaPolicy) -> EventBook {
        self.sla = sla;
        self
    }

    /// The same book measured on another calendar.
    pub fn with_calendar(mut self, calendar: WorkCalendar) -> EventBook {
        self.calendar = calendar;
        self
    }

    /// The same book holding `log` (events and transitions recorded elsewhere, or a
    /// synthetic stream); the log is replayed as it is, refusals reported by the replay.
    pub fn with_log(mut self, log: EventLog) -> EventBook {
        self.log = log;
        self
    }

    /// The same book with other categories.
    pub fn with_categories(mut self, categories: Vec<CategoryRecord>) -> EventBook {
        self.categories = categories;
        self
    }

    /// The workflow.
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// The service levels.
    pub fn sla(&self) -> &SlaPolicy {
        &self.sla
    }

    /// The calendar.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// The categories.
    pub fn categories(&self) -> &[CategoryRecord] {
        &self.categories
    }

    /// The log.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    fn context<'a>(&'a self, network: &'a Network) -> Context<'a> {
        Context {
            network,
            workflow: &self.workflow,
            sla: &self.sla,
            calendar: &self.calendar,
        }
    }

    /// Reports an event: its unit must be in `network`, its category known, its id new, and
    /// its day in the calendar. Every problem is listed; nothing is added then.
    pub fn report(&mut self, network: &Network, event: EventRecord) -> Result<()> {
        let problems = self.check_report(network, &event);
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        if self.log.event(&event.id).is_some_and(|e| e == event) {
            return Ok(());
        }
        if self.log.event(&event.id).is_some() {
            return Err(Error::from(Problem::new(
                event.id,
                "id",
                "another event already has this id",
            )));
        }
        // Stored first: the log in memory never holds what the store did not take.
        if let Some(store) = &self.store {
            store.with(|s| s.append_events(std::slice::from_ref(&event)))?;
        }
        self.log.add_event(event)
    }

    /// What [`report`](Self::report) finds wrong with `event` before it looks at the log:
    /// its unit, category, id and day, each a problem named by the event's field.
    fn check_report(&self, network: &Network, event: &EventRecord) -> Vec<Problem> {
        let mut problems = Vec::new();
        if network.unit(&event.unit).is_err() {
            problems.push(Problem::new(
                event.id.clone(),
                "unit",
                format!("no unit `{}` in the network", event.unit),
            ));
        }
        if !self.categories.iter().any(|c| c.code == event.category) {
            let known: Vec<&str> = self.categories.iter().map(|c| c.code.as_str()).collect();
            problems.push(Problem::new(
                event.id.clone(),
                "category",
                format!(
                    "`{}` is not a category; expected one of {}",
                    event.category,
                    known.join(", ")
                ),
            ));
        }
        if event.id.trim().is_empty() {
            problems.push(Problem::new("", "id", "an event needs an id"));
        }
        if let Err(e) = self.calendar.is_working_day(event.reported_at.date()) {
            problems.push(Problem::new(event.id.clone(), "reported_at", e.to_string()));
        }
        problems
    }

    /// Records one transition now, after checking it: the event's state must allow it and
    /// its actor must hold a post that may take it on its day. A transition without a device
    /// is numbered on [`CENTRAL_DEVICE`]. A refused transition is an [`Error::Refused`]
    /// naming the actor, the posts needed and the unit; the book is unchanged.
    pub fn transition(&mut self, network: &Network, t: TransitionRecord) -> Result<EventStatus> {
        let (t, status, fresh) = self.record_checked(network, t)?;
        if fresh {
            self.store_or_undo(&[t])?;
        }
        Ok(status)
    }

    /// Merges the event `duplicate` into `keep` (合并): the duplicate closes as merged, and
    /// `keep` lists both reports in its [`sources`](EventStatus::sources). Two transitions are
    /// recorded, one on each event, with the workflow's merge actions; both or neither. The
    /// status of `keep` is returned.
    ///
    /// ```
    /// # use quanyu::events::{EventBook, EventRecord, Workflow};
    /// # use quanyu::{Change, Changeset, Network, PersonRecord, PostRecord, Role, UnitRecord};
    /// # let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    /// # let at = |h| day.and_hms_opt(h, 0, 0).unwrap();
    /// # let mut net = Network::new();
    /// # net.apply(Changeset::from_iter([
    /// #     Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
    /// #     Change::AddUnit(UnitRecord::new("A", "Area").parent("S")),
    /// #     Change::AddUnit(UnitRecord::new("G", "Grid").parent("A")),
    /// #     Change::AddPerson(PersonRecord::new("worker")),
    /// #     Change::AddPost(PostRecord::at_unit("worker", Role::GridWorker, "G", day)),
    /// # ]))?;
    /// let mut book = EventBook::new(Workflow::five_step());
    /// book.report(&net, EventRecord::new("E1", "environment", "G", at(9)).description("垃圾满溢"))?;
    /// book.report(&net, EventRecord::new("E2", "environment", "G", at(10)).description("垃圾桶满溢"))?;
    /// let kept = book.merge_duplicate(&net, "E2", "E1", "worker", at(11))?;
    /// assert_eq!(kept.sources, ["E1", "E2"]);
    /// let gone = book.status(&net, "E2", at(11))?;
    /// assert_eq!(gone.merged_into.as_deref(), Some("E1"));
    /// assert!(!gone.is_open());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn merge_duplicate(
        &mut self,
        network: &Network,
        duplicate: &str,
        keep: &str,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<EventStatus> {
        if duplicate == keep {
            return Err(Error::invalid_argument(
                "keep",
                format!("event `{keep}` cannot be merged into itself"),
            ));
        }
        for id in [duplicate, keep] {
            if self.log.event(id).is_none() {
                return Err(Error::not_found(EntityKind::Event, id));
            }
        }
        let name_of = |effect: Effect| {
            self.workflow
                .actions
                .iter()
                .find(|a| a.effect == effect)
                .map(|a| a.name.clone())
                .ok_or_else(|| {
                    Error::invalid_argument(
                        "workflow",
                        format!(
                            "the {} workflow has no action with the effect {effect}",
                            self.workflow.name
                        ),
                    )
                })
        };
        let (merge, absorb) = (name_of(Effect::MergeInto)?, name_of(Effect::Absorb)?);
        let into = TransitionRecord::new(duplicate, merge, actor, at).target(keep);
        let (into, _, fresh_into) = self.record_checked(network, into)?;
        let joined = TransitionRecord::new(keep, absorb, actor, at).target(duplicate);
        let (joined, status, fresh_joined) = match self.record_checked(network, joined) {
            Ok(done) => done,
            Err(e) => {
                if fresh_into {
                    self.log.remove(&into.device, into.seq);
                }
                return Err(e);
            }
        };
        let fresh: Vec<TransitionRecord> = [(into, fresh_into), (joined, fresh_joined)]
            .into_iter()
            .filter_map(|(t, f)| f.then_some(t))
            .collect();
        self.store_or_undo(&fresh)?;
        Ok(status)
    }

    /// Writes freshly recorded transitions to the store, if any; when the store fails, takes
    /// them back out of the log so that memory never holds what the store did not take.
    fn store_or_undo(&mut self, fresh: &[TransitionRecord]) -> Result<()> {
        if let Some(store) = &self.store
            && let Err(e) = store.with(|s| s.append_transitions(fresh))
        {
            for t in fresh {
                self.log.remove(&t.device, t.seq);
            }
            return Err(e);
        }
        Ok(())
    }

    /// Checks `t` and records it in the log (not yet in the store): the transition as
    /// numbered, the event's status after it, and whether it is new (not a repeat).
    fn record_checked(
        &mut self,
        network: &Network,
        t: TransitionRecord,
    ) -> Result<(TransitionRecord, EventStatus, bool)> {
        let mut t = t;
        if t.device.is_empty() {
            t.device = CENTRAL_DEVICE.to_owned();
            t.seq = self.log.next_seq(CENTRAL_DEVICE);
        }
        let Some(event) = self.log.event(&t.event) else {
            return Err(Error::not_found(EntityKind::Event, t.event));
        };
        // Replay to the latest moment the event's log knows of, not beyond: the timers after it
        // do not bear on whether the transition may be taken.
        let view = self
            .log
            .view(&event.id)
            .ok_or_else(|| Error::not_found(EntityKind::Event, &event.id))?;
        let until = view
            .last_transition()
            .map_or(t.at, |last| last.at.max(t.at));
        let before = self.context(network).replay(view, until)?.refusals;
        match self.log.recorded(&t.device, t.seq) {
            // Already recorded: recording it again is recording it once.
            Some(old) if old == t => {
                let status = self.status(network, &event.id, t.at)?;
                return Ok((t, status, false));
            }
            // A live transition may not take the number of another: that is what offline
            // merging settles, and a live call would skip the checks by it.
            Some(_) => {
                return Err(Error::invalid_argument(
                    "seq",
                    format!(
                        "device `{}` already recorded another transition as number {}",
                        t.device, t.seq
                    ),
                ));
            }
            None => {}
        }
        self.log.merge(vec![t.clone()])?;
        // From here on, every way out but success takes the transition back out of the log.
        match self.recorded_status(network, &event, &t, until, &before) {
            Ok(status) => Ok((t, status, true)),
            Err(refused) => {
                self.log.remove(&t.device, t.seq);
                Err(match *refused {
                    NotRecorded::Refused(r, needed) => {
                        // Where the event stands without the refused transition.
                        let unit = self
                            .status(network, &event.id, t.at)
                            .map_or_else(|_| event.unit.clone(), |s| s.at_unit);
                        Error::Refused(Box::new(crate::RefusedTransition {
                            event: event.id.clone(),
                            action: t.action.clone(),
                            actor: t.actor.clone(),
                            unit,
                            needed,
                            reason: if r.transition == t {
                                r.reason
                            } else {
                                format!(
                                    "recording it would refuse the later transition {}#{}: {}",
                                    r.transition.device, r.transition.seq, r.reason
                                )
                            },
                        }))
                    }
                    NotRecorded::Failed(e) => e,
                })
            }
        }
    }

    /// The event's status with `t` recorded, or the refusal it causes (a transition the
    /// replay refuses that it did not refuse `before`), or the error of the replay.
    fn recorded_status(
        &self,
        network: &Network,
        event: &EventRecord,
        t: &TransitionRecord,
        until: NaiveDateTime,
        before: &[Refusal],
    ) -> std::result::Result<EventStatus, Box<NotRecorded>> {
        let view = self.log.view(&event.id).ok_or_else(|| {
            Box::new(NotRecorded::Failed(Error::not_found(
                EntityKind::Event,
                &event.id,
            )))
        })?;
        let trace = self
            .context(network)
            .replay(view, until)
            .map_err(|e| Box::new(NotRecorded::Failed(e)))?;
        if let Some((r, needed)) = trace
            .refusals
            .iter()
            .zip(&trace.needed)
            .find(|(r, _)| !before.contains(r))
        {
            return Err(Box::new(NotRecorded::Refused(r.clone(), needed.clone())));
        }
        self.status(network, &event.id, t.at)
            .map_err(|e| Box::new(NotRecorded::Failed(e)))
    }

    /// Merges transitions recorded offline, in any order; repeats are ignored and clashes
    /// reported (see [`EventLog::merge`]). With a store, the batch is stored first.
    pub fn merge(&mut self, batch: Vec<TransitionRecord>) -> Result<MergeReport> {
        self.log.check_batch(&batch)?;
        if let Some(store) = &self.store {
            store.with(|s| s.append_transitions(&batch))?;
        }
        self.log.merge(batch)
    }

    /// The status of one event at `at`.
    pub fn status(&self, network: &Network, event: &str, at: NaiveDateTime) -> Result<EventStatus> {
        let e = self
            .log
            .view(event)
            .ok_or_else(|| Error::not_found(EntityKind::Event, event))?;
        self.context(network).replay(e, at)?.status.ok_or_else(|| {
            Error::invalid_argument("at", format!("event `{event}` was reported after {at}"))
        })
    }

    /// The open events of the subtree of `unit` at `at`, and with `overdue_only` only those
    /// past their next deadline ("overdue now in this grid").
    ///
    /// ```
    /// # use quanyu::events::{EventBook, EventRecord, Workflow};
    /// let net = quanyu::synth::community(7)?;
    /// let grid = net.units_by_level("Grid")?.next().unwrap().id.to_string();
    /// let at = chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let mut book = EventBook::new(Workflow::five_step());
    /// book.report(&net, EventRecord::new("E1", "dispute", grid.as_str(), at))?;
    /// assert_eq!(book.open_in(&net, &grid, at, false)?.len(), 1);
    /// assert!(book.open_in(&net, &grid, at, true)?.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn open_in(
        &self,
        network: &Network,
        unit: &str,
        at: NaiveDateTime,
        overdue_only: bool,
    ) -> Result<Vec<EventStatus>> {
        network.unit(unit)?;
        let replay = self.replay(network, at)?;
        let open = if overdue_only {
            replay.overdue_in(network, unit).cloned().collect()
        } else {
            replay.open_in(network, unit).cloned().collect()
        };
        Ok(open)
    }

    /// Replays the whole log up to `at`: every event reported by then, with its cards,
    /// escalations and refused transitions. Events replay in parallel.
    pub fn replay(&self, network: &Network, at: NaiveDateTime) -> Result<Replay> {
        self.replay_with(network, at, &Progress::default())
    }

    /// [`replay`](Self::replay), reporting the events replayed to `progress` (stage
    /// `"events"`) and stopping with [`Error::Cancelled`] once its token is cancelled.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use quanyu::events::{synth_stream, EventBook, StreamOptions, Workflow};
    /// use quanyu::progress::{Cancel, Progress};
    ///
    /// let net = quanyu::synth::community(7)?;
    /// let log = synth_stream(&net, &StreamOptions { events_per_grid: 10, ..Default::default() })?;
    /// let book = EventBook::new(Workflow::five_step()).with_log(log);
    /// let at = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap().and_hms_opt(18, 0, 0).unwrap();
    /// let last = Arc::new(AtomicUsize::new(0));
    /// let seen = Arc::clone(&last);
    /// let progress = Progress::new().on_step(move |s| { seen.fetch_max(s.done, Ordering::Relaxed); });
    /// let year = book.replay_with(&net, at, &progress)?;
    /// assert_eq!(last.load(Ordering::Relaxed), book.log().events().len());
    ///
    /// let cancel = Cancel::new();
    /// cancel.cancel();
    /// let stopped = book.replay_with(&net, at, &Progress::new().cancel_with(cancel));
    /// assert!(matches!(stopped, Err(quanyu::Error::Cancelled)));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn replay_with(
        &self,
        network: &Network,
        at: NaiveDateTime,
        progress: &Progress,
    ) -> Result<Replay> {
        let pieces = self.replay_pieces(network, at, progress, |piece| piece)?;
        Ok(Replay::concat(at, pieces))
    }

    /// The whole log replayed to `at` in pieces, for logs too large to hold replayed at once
    /// (a city's year): each piece of events, in order of id, is replayed into a [`Replay`]
    /// of its own and handed to `keep`, whose answers come back in the order of the pieces.
    /// `keep` runs on the replay's threads, so it can sum, filter or write the piece out
    /// while the others replay. Progress and cancellation are as in
    /// [`replay_with`](Self::replay_with).
    ///
    /// ```
    /// use quanyu::events::{synth_stream, EventBook, StreamOptions, Workflow};
    /// use quanyu::progress::Progress;
    ///
    /// let net = quanyu::synth::community(7)?;
    /// let log = synth_stream(&net, &StreamOptions { events_per_grid: 10, ..Default::default() })?;
    /// let book = EventBook::new(Workflow::five_step()).with_log(log);
    /// let at = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap().and_hms_opt(18, 0, 0).unwrap();
    /// // Count the cards without holding every status.
    /// let cards: usize = book
    ///     .replay_pieces(&net, at, &Progress::new(), |piece| piece.cards.len())?
    ///     .into_iter()
    ///     .sum();
    /// assert_eq!(cards, book.replay(&net, at)?.cards.len());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn replay_pieces<R: Send>(
        &self,
        network: &Network,
        at: NaiveDateTime,
        progress: &Progress,
        keep: impl Fn(Replay) -> R + Sync,
    ) -> Result<Vec<R>> {
        progress.check()?;
        let context = self.context(network);
        // The events by id, as places in the log: a view each would take a hundred bytes.
        let events = self.log.by_id();
        let total = events.len();
        // Events replay in pieces: each reports and checks for cancellation once, which keeps
        // the callback off the per-event path; a few hundred pieces keep both cores busy.
        let chunk = (total / 256).clamp(64, 4096);
        let done = AtomicUsize::new(0);
        events
            .par_chunks(chunk)
            .map(|chunk| {
                progress.check()?;
                let mut piece = Replay {
                    at,
                    statuses: Vec::with_capacity(chunk.len()),
                    ..Replay::default()
                };
                for &e in chunk {
                    let t = context.replay(self.log.view_at(e as usize), at)?;
                    piece.statuses.extend(t.status);
                    piece.cards.extend(t.cards);
                    piece.escalations.extend(t.escalations);
                    piece.refusals.extend(t.refusals);
                }
                let now = done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len();
                progress.step("events", now, total);
                Ok(keep(piece))
            })
            .collect()
    }
}

/// The whole log replayed to one moment. Its tables: `statuses` (one row per event),
/// `cards`, `escalations` and `refusals`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, Record)]
#[record(label = "at")]
pub struct Replay {
    /// The moment.
    pub at: NaiveDateTime,
    /// Every event reported by then, by id.
    pub statuses: Vec<EventStatus>,
    /// Every card given by then.
    pub cards: Vec<CardRecord>,
    /// Every escalation by then.
    pub escalations: Vec<EscalationRecord>,
    /// Every transition refused.
    pub refusals: Vec<Refusal>,
}

impl Frames for Replay {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> std::result::Result<(), S::Error> {
        sink.frame("statuses", &self.statuses)?;
        sink.frame("cards", &self.cards)?;
        sink.frame("escalations", &self.escalations)?;
        let refusals: Vec<RefusalRow> = self.refusals.iter().map(RefusalRow::from).collect();
        sink.frame("refusals", &refusals)
    }
}

impl Replay {
    /// The pieces of one replay to `at`, in order, made one: each table is sized once, and
    /// each piece is given back as soon as it is moved.
    fn concat(at: NaiveDateTime, pieces: Vec<Replay>) -> Replay {
        let sum = |f: fn(&Replay) -> usize| pieces.iter().map(f).sum::<usize>();
        let mut out = Replay {
            at,
            statuses: Vec::with_capacity(sum(|p| p.statuses.len())),
            cards: Vec::with_capacity(sum(|p| p.cards.len())),
            escalations: Vec::with_capacity(sum(|p| p.escalations.len())),
            refusals: Vec::with_capacity(sum(|p| p.refusals.len())),
        };
        for p in pieces {
            out.statuses.extend(p.statuses);
            out.cards.extend(p.cards);
            out.escalations.extend(p.escalations);
            out.refusals.extend(p.refusals);
        }
        out
    }

    /// The status of `event`.
    pub fn status(&self, event: &str) -> Option<&EventStatus> {
        self.statuses
            .binary_search_by(|s| s.id.as_str().cmp(event))
            .ok()
            .map(|i| &self.statuses[i])
    }

    /// Whether the event stands in the subtree of `unit`: where it happened, or the unit that
    /// owns it now.
    fn within(network: &Network, unit: &str, s: &EventStatus) -> bool {
        [&s.unit, &s.at_unit]
            .iter()
            .any(|u| *u == unit || network.is_ancestor(unit, u).unwrap_or(false))
    }

    /// The open events of the subtree of `unit`.
    pub fn open_in<'a>(
        &'a self,
        network: &'a Network,
        unit: &'a str,
    ) -> impl Iterator<Item = &'a EventStatus> + 'a {
        self.statuses
            .iter()
            .filter(move |s| s.is_open() && Self::within(network, unit, s))
    }

    /// The overdue events of the subtree of `unit`.
    pub fn overdue_in<'a>(
        &'a self,
        network: &'a Network,
        unit: &'a str,
    ) -> impl Iterator<Item = &'a EventStatus> + 'a {
        self.open_in(network, unit).filter(|s| s.overdue)
    }

    /// The cards given to events of the subtree of `unit`.
    pub fn cards_in<'a>(
        &'a self,
        network: &'a Network,
        unit: &'a str,
    ) -> impl Iterator<Item = &'a CardRecord> + 'a {
        self.cards.iter().filter(move |c| {
            self.status(&c.event)
                .is_some_and(|s| Self::within(network, unit, s))
        })
    }
}
