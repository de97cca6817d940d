//! How the grid is doing, as tables: one row of facts per event (working hours to accept and
//! to close, whether each deadline was kept), and the same facts summed by grid, category,
//! handler and month — on-time rate, mean working hours, backlog.
//!
//! Duplicates merged into another event are left out: their matter is counted once, under the
//! event that kept it.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{EventBook, EventStatus, WorkCalendar, replay::home_grid};
use crate::schema::{FrameSink, Frames, Record};
use crate::{Network, Result};

/// The facts of one event at the moment asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Record)]
#[record(label = "id")]
pub struct EventFacts {
    /// The event.
    pub id: String,
    /// Its grid: the grid of the unit where it happened.
    pub grid: String,
    /// Its category.
    pub category: String,
    /// The handler assigned last, if any.
    pub handler: Option<String>,
    /// The month it was reported in (`"2025-03"`).
    pub month: String,
    /// When it was reported.
    pub reported_at: NaiveDateTime,
    /// Whether it is still open.
    pub open: bool,
    /// Working hours from the report to its acceptance.
    pub hours_to_accept: Option<f64>,
    /// Working hours from the report to its closure.
    pub hours_to_close: Option<f64>,
    /// Whether it was accepted by its deadline (`None` while neither accepted nor late).
    pub accepted_on_time: Option<bool>,
    /// Whether it was handled by its deadline (`None` while neither handled nor late).
    pub handled_on_time: Option<bool>,
}

/// The facts of a group of events summed up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Record)]
#[record(label = "group")]
pub struct EventStats {
    /// The group: a grid id, a category code, a handler id (`""` for none) or a month.
    pub group: String,
    /// Events reported.
    pub reported: u32,
    /// Events still open: the backlog.
    pub open: u32,
    /// Events closed.
    pub closed: u32,
    /// Events whose handling deadline is decided (handled, or open past it).
    pub decided: u32,
    /// Of those, the ones handled by the deadline.
    pub on_time: u32,
    /// `on_time / decided`; `None` when nothing is decided yet.
    pub on_time_rate: Option<f64>,
    /// Mean working hours to accept, over the accepted events.
    pub mean_hours_to_accept: Option<f64>,
    /// Mean working hours to close, over the closed events.
    pub mean_hours_to_close: Option<f64>,
}

/// The analytics of a book at one moment. Its tables: `events` (one row per event) and the
/// sums `by_grid`, `by_category`, `by_handler` and `by_month`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Record)]
#[record(label = "at")]
pub struct EventAnalytics {
    /// The moment.
    pub at: NaiveDateTime,
    /// One row per event reported by then.
    pub events: Vec<EventFacts>,
    /// Summed by grid.
    pub by_grid: Vec<EventStats>,
    /// Summed by category.
    pub by_category: Vec<EventStats>,
    /// Summed by handler.
    pub by_handler: Vec<EventStats>,
    /// Summed by month reported.
    pub by_month: Vec<EventStats>,
}

impl Frames for EventAnalytics {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> std::result::Result<(), S::Error> {
        sink.frame("events", &self.events)?;
        sink.frame("by_grid", &self.by_grid)?;
        sink.frame("by_category", &self.by_category)?;
        sink.frame("by_handler", &self.by_handler)?;
        sink.frame("by_month", &self.by_month)
    }
}

impl EventBook {
    /// The analytics of every event reported by `at`, replayed to `at`.
    ///
    /// ```
    /// use quanyu::events::{synth_stream, EventBook, StreamOptions, Workflow};
    /// let net = quanyu::synth::community(7)?;
    /// let log = synth_stream(&net, &StreamOptions { events_per_grid: 10, ..Default::default() })?;
    /// let book = EventBook::new(Workflow::five_step()).with_log(log);
    /// let at = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap().and_hms_opt(18, 0, 0).unwrap();
    /// let a = book.analytics(&net, at)?;
    /// let reported: u32 = a.by_grid.iter().map(|g| g.reported).sum();
    /// assert_eq!(reported as usize, a.events.len());
    /// assert!(a.by_month.iter().all(|m| m.on_time <= m.decided));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn analytics(&self, network: &Network, at: NaiveDateTime) -> Result<EventAnalytics> {
        let replay = self.replay(network, at)?;
        let events = replay
            .statuses
            .iter()
            .filter(|s| s.merged_into.is_none())
            .map(|s| facts(network, self.calendar(), s, at))
            .collect::<Result<Vec<_>>>()?;
        Ok(EventAnalytics {
            at,
            by_grid: sum_by(&events, |f| f.grid.clone()),
            by_category: sum_by(&events, |f| f.category.clone()),
            by_handler: sum_by(&events, |f| f.handler.clone().unwrap_or_default()),
            by_month: sum_by(&events, |f| f.month.clone()),
            events,
        })
    }
}

/// The facts of one event from its status.
fn facts(
    network: &Network,
    calendar: &WorkCalendar,
    s: &EventStatus,
    at: NaiveDateTime,
) -> Result<EventFacts> {
    let hours = |end: Option<NaiveDateTime>| -> Result<Option<f64>> {
        end.map(|end| {
            calendar
                .working_minutes_between(s.reported_at, end)
                .map(|m| m as f64 / 60.0)
        })
        .transpose()
    };
    Ok(EventFacts {
        id: s.id.clone(),
        grid: home_grid(network, &s.unit),
        category: s.category.clone(),
        handler: s.handler.clone(),
        month: s.reported_at.format("%Y-%m").to_string(),
        reported_at: s.reported_at,
        open: s.is_open(),
        hours_to_accept: hours(s.accepted_at)?,
        hours_to_close: hours(s.closed_at)?,
        accepted_on_time: kept(s.accepted_at, s.accept_due, at),
        handled_on_time: kept(s.handled_at, s.handle_due, at),
    })
}

/// Whether a deadline was kept: `Some(true)` when done by it, `Some(false)` when done after it
/// or not done and past it, `None` while not done and not yet due (or its day is unknown).
fn kept(
    done: Option<NaiveDateTime>,
    due: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> Option<bool> {
    let due = due?;
    match done {
        Some(done) => Some(done <= due),
        None if due < at => Some(false),
        None => None,
    }
}

/// The facts summed per group, in group order.
fn sum_by(events: &[EventFacts], group: impl Fn(&EventFacts) -> String) -> Vec<EventStats> {
    let mut groups: BTreeMap<String, Vec<&EventFacts>> = BTreeMap::new();
    for f in events {
        groups.entry(group(f)).or_default().push(f);
    }
    groups.into_iter().map(|(g, fs)| stats(g, &fs)).collect()
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn stats(group: String, fs: &[&EventFacts]) -> EventStats {
    let count = |p: &dyn Fn(&EventFacts) -> bool| fs.iter().filter(|f| p(f)).count() as u32;
    let decided = count(&|f| f.handled_on_time.is_some());
    let on_time = count(&|f| f.handled_on_time == Some(true));
    EventStats {
        group,
        reported: fs.len() as u32,
        open: count(&|f| f.open),
        closed: count(&|f| !f.open),
        decided,
        on_time,
        on_time_rate: (decided > 0).then(|| f64::from(on_time) / f64::from(decided)),
        mean_hours_to_accept: mean(fs.iter().filter_map(|f| f.hours_to_accept)),
        mean_hours_to_close: mean(fs.iter().filter_map(|f| f.hours_to_close)),
    }
}
