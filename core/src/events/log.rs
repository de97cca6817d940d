//! The event log: events and their transitions, merged idempotently from any number of
//! devices in any order.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{EventRecord, TransitionRecord};
use crate::schema::Record;
use crate::{Error, Problem, Result};

/// Two different transitions recorded under the same device and number: the one kept (the
/// smaller by time, then every other field, so that every order of merging ends the same)
/// and the one dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "kept")]
pub struct Clash {
    /// The transition kept.
    pub kept: TransitionRecord,
    /// The transition dropped.
    pub dropped: TransitionRecord,
}

/// What a merge did: transitions added, ones already there, and clashes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "added")]
pub struct MergeReport {
    /// Transitions new to the log.
    pub added: usize,
    /// Transitions the log already held.
    pub repeated: usize,
    /// Transitions under a device and number already used by another.
    pub clashes: Vec<Clash>,
}

/// The order of transitions: by time, then device and number, then the rest, so that the
/// order is total and every device's log replays the same.
fn order_key(t: &TransitionRecord) -> impl Ord + '_ {
    (
        t.at,
        t.device.as_str(),
        t.seq,
        t.event.as_str(),
        t.action.as_str(),
        t.actor.as_str(),
        t.target.as_deref(),
        t.note.as_str(),
    )
}

/// Whether `a` replays before `b` (and, under the same device and number, is the one kept).
pub(super) fn comes_first(a: &TransitionRecord, b: &TransitionRecord) -> bool {
    order_key(a) < order_key(b)
}

/// The log: every event reported and every transition recorded.
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::events::{EventLog, EventRecord, TransitionRecord};
///
/// let at = |h| NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(h, 0, 0).unwrap();
/// let mut log = EventLog::new();
/// log.add_event(EventRecord::new("E1", "dispute", "G-1", at(9)))?;
/// let t = TransitionRecord::new("E1", "discover", "P-1", at(10)).on("phone-1", 1);
/// assert_eq!(log.merge(vec![t.clone(), t.clone()])?.added, 1);
/// assert_eq!(log.merge(vec![t])?.repeated, 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: BTreeMap<String, EventRecord>,
    /// Each event's transitions, in replay order.
    transitions: BTreeMap<String, Vec<TransitionRecord>>,
    /// Where each `(device, seq)` sits: the event it moved.
    recorded: HashMap<(String, u64), String>,
    /// Per device, a number above which every number is free: the next live transition's
    /// number is found without a scan of the log.
    highest: HashMap<String, u64>,
    count: usize,
}

/// Two logs are equal when they hold the same events and transitions; the indexes beside
/// them follow from those.
impl PartialEq for EventLog {
    fn eq(&self, other: &Self) -> bool {
        self.events == other.events && self.transitions == other.transitions
    }
}

impl Eq for EventLog {}

impl EventLog {
    /// An empty log.
    pub fn new() -> EventLog {
        EventLog::default()
    }

    /// Adds an event; its id must be new. Adding the very same event again does nothing.
    pub fn add_event(&mut self, event: EventRecord) -> Result<()> {
        match self.events.get(&event.id) {
            Some(e) if *e == event => Ok(()),
            Some(_) => Err(Error::from(Problem::new(
                event.id.clone(),
                "id",
                "another event already has this id",
            ))),
            None => {
                self.events.insert(event.id.clone(), event);
                Ok(())
            }
        }
    }

    /// The event `id`.
    pub fn event(&self, id: &str) -> Option<&EventRecord> {
        self.events.get(id)
    }

    /// Every event, by id.
    pub fn events(&self) -> impl ExactSizeIterator<Item = &EventRecord> + '_ {
        self.events.values()
    }

    /// The transitions of `event`, in replay order.
    pub fn transitions_of(&self, event: &str) -> &[TransitionRecord] {
        self.transitions
            .get(event)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every transition, event by event.
    pub fn transitions(&self) -> impl Iterator<Item = &TransitionRecord> + '_ {
        self.transitions.values().flatten()
    }

    /// The number of transitions.
    pub fn transition_count(&self) -> usize {
        self.count
    }

    /// The next free number on `device`.
    pub fn next_seq(&self, device: &str) -> u64 {
        self.highest.get(device).map_or(1, |h| h + 1)
    }

    /// Merges transitions recorded anywhere. A transition whose event is unknown is refused
    /// with all the others of its batch: nothing is merged then.
    pub fn merge(&mut self, batch: Vec<TransitionRecord>) -> Result<MergeReport> {
        self.check_batch(&batch)?;
        let mut report = MergeReport::default();
        for t in batch {
            self.merge_one(t, &mut report);
        }
        Ok(report)
    }

    /// Whether [`merge`](Self::merge) would take `batch`: every transition's event is known.
    pub(super) fn check_batch(&self, batch: &[TransitionRecord]) -> Result<()> {
        let problems: Vec<Problem> = batch
            .iter()
            .filter(|t| !self.events.contains_key(&t.event))
            .map(|t| {
                Problem::new(
                    t.event.clone(),
                    "event",
                    format!(
                        "no event `{}` in the log (transition {}#{})",
                        t.event, t.device, t.seq
                    ),
                )
            })
            .collect();
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        Ok(())
    }

    fn merge_one(&mut self, t: TransitionRecord, report: &mut MergeReport) {
        let key = (t.device.clone(), t.seq);
        let Some(event) = self.recorded.get(&key).cloned() else {
            self.recorded.insert(key, t.event.clone());
            self.insert(t);
            report.added += 1;
            return;
        };
        let list = self
            .transitions
            .get_mut(&event)
            .expect("a recorded event has a list");
        let pos = list
            .iter()
            .position(|x| x.device == t.device && x.seq == t.seq)
            .expect("a recorded transition is in its event's list");
        if list[pos] == t {
            report.repeated += 1;
            return;
        }
        if order_key(&t) < order_key(&list[pos]) {
            let dropped = list.remove(pos);
            self.count -= 1;
            self.recorded.insert(key, t.event.clone());
            report.clashes.push(Clash {
                kept: t.clone(),
                dropped,
            });
            self.insert(t);
        } else {
            report.clashes.push(Clash {
                kept: list[pos].clone(),
                dropped: t,
            });
        }
    }

    fn insert(&mut self, t: TransitionRecord) {
        let highest = self.highest.entry(t.device.clone()).or_default();
        *highest = (*highest).max(t.seq);
        let list = self.transitions.entry(t.event.clone()).or_default();
        let at = list.partition_point(|x| order_key(x) < order_key(&t));
        list.insert(at, t);
        self.count += 1;
    }

    /// The transition recorded as number `seq` of `device`, if any.
    pub fn recorded(&self, device: &str, seq: u64) -> Option<&TransitionRecord> {
        let event = self.recorded.get(&(device.to_owned(), seq))?;
        self.transitions_of(event)
            .iter()
            .find(|x| x.device == device && x.seq == seq)
    }

    /// Takes back a transition (a refused live transition).
    pub(super) fn remove(&mut self, device: &str, seq: u64) {
        if let Some(event) = self.recorded.remove(&(device.to_owned(), seq))
            && let Some(list) = self.transitions.get_mut(&event)
        {
            list.retain(|x| !(x.device == device && x.seq == seq));
            self.count -= 1;
            // The number taken back is free again (every number above it already was).
            if let Some(h) = self.highest.get_mut(device)
                && *h == seq
            {
                *h = seq.saturating_sub(1);
            }
            // An event without transitions has no list, so that the log is equal to what it
            // was before the transition came and went.
            if list.is_empty() {
                self.transitions.remove(&event);
            }
        }
    }
}
