//! The event log: events and their transitions, merged idempotently from any number of
//! devices in any order.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::packed::{
    Chains, EventView, MOST_TRANSITIONS, Numbers, PackedEvent, PackedTransition, Sym, Texts,
    TransitionView, index_of, pack_time, sym_of,
};
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

/// Whether `a` replays before `b` (and, under the same device and number, is the one kept).
pub(super) fn comes_first(a: &TransitionRecord, b: &TransitionRecord) -> bool {
    a.view().order_key() < b.view().order_key()
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
    /// The events' ids, interned apart: the symbol of an id is its event's place in `events`.
    ids: Texts,
    /// Every other text of the log.
    texts: Texts,
    events: Vec<PackedEvent>,
    /// Every transition, chained event by event.
    chains: Chains,
    /// The attachments of the events that have any, by place.
    attachments: HashMap<u32, Box<[Sym]>>,
    /// Each device's numbers: which event each recorded, and the highest.
    numbers: HashMap<Sym, Numbers>,
    count: usize,
    /// The events in order of id, worked out when first asked after a change.
    by_id: OnceLock<Vec<u32>>,
}

/// Two logs are equal when they hold the same events and transitions, whatever the order
/// they came in.
impl PartialEq for EventLog {
    fn eq(&self, other: &Self) -> bool {
        self.events.len() == other.events.len()
            && self.count == other.count
            && self.views().all(|e| {
                other.view(e.id).is_some_and(|o| {
                    e.to_record() == o.to_record() && e.transitions().eq(o.transitions())
                })
            })
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
        match self.view(&event.id) {
            Some(e) if e.to_record() == event => Ok(()),
            Some(_) => Err(Error::from(Problem::new(
                event.id.clone(),
                "id",
                "another event already has this id",
            ))),
            None if self.events.len() >= u32::MAX as usize - 1 => Err(Error::invalid_argument(
                "event",
                format!("the log holds {} events, its most", self.events.len()),
            )),
            None => {
                let packed = PackedEvent::pack(&event, &mut self.texts);
                if !event.attachments.is_empty() {
                    let refs = event.attachments.iter().map(|a| self.texts.intern(a));
                    self.attachments
                        .insert(self.events.len() as u32, refs.collect());
                }
                self.ids.intern(&event.id);
                self.events.push(packed);
                self.by_id = OnceLock::new();
                Ok(())
            }
        }
    }

    /// The event `id`.
    pub fn event(&self, id: &str) -> Option<EventRecord> {
        self.view(id).map(|e| e.to_record())
    }

    /// Every event, by id.
    pub fn events(&self) -> impl ExactSizeIterator<Item = EventRecord> + '_ {
        self.views().map(|e| e.to_record())
    }

    /// The transitions of `event`, in replay order.
    pub fn transitions_of(&self, event: &str) -> Vec<TransitionRecord> {
        self.view(event)
            .map(|e| e.transitions().map(|t| t.to_record()).collect())
            .unwrap_or_default()
    }

    /// Every transition, event by event.
    pub fn transitions(&self) -> impl Iterator<Item = TransitionRecord> + '_ {
        self.views()
            .flat_map(|e| e.transitions())
            .map(|t| t.to_record())
    }

    /// The number of transitions.
    pub fn transition_count(&self) -> usize {
        self.count
    }

    /// The next free number on `device` (past the highest number in use; `u64::MAX` once
    /// that is taken, which no device counts up to).
    pub fn next_seq(&self, device: &str) -> u64 {
        self.numbers_of(device)
            .map_or(1, |n| n.highest.saturating_add(1))
    }

    /// Gives back the memory the log holds beyond what it uses: lists grow ahead of their
    /// contents, which a log that is now only read need not keep. Call it after loading or
    /// generating a large log; merging more afterwards works as before.
    ///
    /// ```
    /// use quanyu::events::{StreamOptions, synth_stream};
    /// let net = quanyu::synth::community(7)?;
    /// let mut log = synth_stream(&net, &StreamOptions { events_per_grid: 5, ..Default::default() })?;
    /// let before = log.clone();
    /// log.shrink_to_fit();
    /// assert_eq!(log, before);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.texts.shrink_to_fit();
        self.events.shrink_to_fit();
        self.chains.shrink_to_fit();
        self.attachments.shrink_to_fit();
        for numbers in self.numbers.values_mut() {
            numbers.shrink_to_fit();
        }
        self.numbers.shrink_to_fit();
    }

    /// The event `id`, borrowed.
    pub(crate) fn view(&self, id: &str) -> Option<EventView<'_>> {
        let sym = self.ids.find(id)?;
        let index = index_of(sym);
        let packed = self.events.get(index)?;
        Some(EventView::new(
            self.ids.get(sym),
            packed,
            &self.texts,
            &self.chains,
            self.attachments_of(index),
        ))
    }

    /// Every event, borrowed, by id.
    pub(crate) fn views(&self) -> impl ExactSizeIterator<Item = EventView<'_>> + '_ {
        self.by_id().iter().map(|&i| self.view_at(i as usize))
    }

    /// The event at `index` of the list (a place that [`by_id`](Self::by_id) gives).
    pub(crate) fn view_at(&self, index: usize) -> EventView<'_> {
        let id = sym_of(index).map_or("", |s| self.ids.get(s));
        let attachments = self.attachments_of(index);
        EventView::new(
            id,
            &self.events[index],
            &self.texts,
            &self.chains,
            attachments,
        )
    }

    fn attachments_of(&self, index: usize) -> &[Sym] {
        self.attachments
            .get(&(index as u32))
            .map_or(&[], |a| &a[..])
    }

    /// The places of the events in order of id.
    pub(crate) fn by_id(&self) -> &[u32] {
        self.by_id.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.events.len() as u32).collect();
            order.sort_unstable_by_key(|&i| sym_of(i as usize).map_or("", |s| self.ids.get(s)));
            order
        })
    }

    fn numbers_of(&self, device: &str) -> Option<&Numbers> {
        self.numbers.get(&self.texts.find(device)?)
    }

    /// Merges transitions recorded anywhere. A transition whose event is unknown is refused
    /// with all the others of its batch: nothing is merged then.
    pub fn merge(&mut self, batch: Vec<TransitionRecord>) -> Result<MergeReport> {
        self.check_batch(&batch)?;
        let mut highest: HashMap<&str, (u64, usize)> = HashMap::new();
        for t in &batch {
            let (seq, count) = highest.entry(&t.device).or_default();
            *seq = (*seq).max(t.seq);
            *count += 1;
        }
        for (device, (seq, count)) in highest {
            let device = self.texts.intern(device);
            self.numbers
                .entry(device)
                .or_default()
                .reserve_up_to(seq, count);
        }
        let mut report = MergeReport::default();
        for t in batch {
            self.merge_one(t, &mut report);
        }
        Ok(report)
    }

    /// Whether [`merge`](Self::merge) would take `batch`: every transition's event is known
    /// and its moment within the years the log holds.
    pub(super) fn check_batch(&self, batch: &[TransitionRecord]) -> Result<()> {
        let problem = |t: &TransitionRecord, field: &str, what: String| {
            let at = format!("{what} (transition {}#{})", t.device, t.seq);
            Problem::new(t.event.clone(), field, at)
        };
        let unknown = batch
            .iter()
            .filter(|t| self.ids.find(&t.event).is_none())
            .map(|t| problem(t, "event", format!("no event `{}` in the log", t.event)));
        let out_of_range = batch.iter().filter(|t| pack_time(t.at).is_none()).map(|t| {
            let what = format!(
                "{} is outside the years 1678 to 2261 that the log holds",
                t.at
            );
            problem(t, "at", what)
        });
        let problems: Vec<Problem> = unknown.chain(out_of_range).collect();
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        // Each transition takes at most one slot and one target-and-note number.
        let used = self.chains.slot_count().max(self.texts.extra_count());
        if used.saturating_add(batch.len()) > MOST_TRANSITIONS {
            return Err(Error::invalid_argument(
                "batch",
                format!(
                    "{} transitions would take the log past the {MOST_TRANSITIONS} it holds",
                    batch.len()
                ),
            ));
        }
        Ok(())
    }

    /// Where number `seq` of `device` sits: its event's place and its slot.
    fn find(&self, device: &str, seq: u64) -> Option<(usize, u32)> {
        let dev = self.texts.find(device)?;
        let event = self.numbers.get(&dev)?.get(seq)? as usize;
        let slot = self
            .chains
            .walk(self.events[event].first())
            .find(|&s| self.chains.device(s) == dev && self.chains.seq(s) == seq)?;
        Some((event, slot))
    }

    /// The transition in `slot`, of the event at `event`, as a record.
    fn record_at(&self, event: usize, slot: u32) -> TransitionRecord {
        let id = sym_of(event).map_or("", |s| self.ids.get(s));
        TransitionView::new(id, slot, &self.chains, &self.texts).to_record()
    }

    /// Merges one transition of a checked batch (its event is known).
    fn merge_one(&mut self, t: TransitionRecord, report: &mut MergeReport) {
        let Some(event) = self.ids.find(&t.event).map(index_of) else {
            return;
        };
        let Some((at, slot)) = self.find(&t.device, t.seq) else {
            self.insert(event, &t);
            report.added += 1;
            return;
        };
        let old = self.record_at(at, slot);
        if old == t {
            report.repeated += 1;
            return;
        }
        if t.view().order_key() < old.view().order_key() {
            self.chains.remove(&mut self.events[at], slot);
            self.count -= 1;
            self.insert(event, &t);
            report.clashes.push(Clash {
                kept: t,
                dropped: old,
            });
        } else {
            report.clashes.push(Clash {
                kept: old,
                dropped: t,
            });
        }
    }

    /// Inserts `t` into the chain of the event at `event`, in replay order.
    fn insert(&mut self, event: usize, t: &TransitionRecord) {
        // A checked batch holds only moments the log can pack.
        let Some(packed) = PackedTransition::pack(t, &mut self.texts) else {
            return;
        };
        self.numbers
            .entry(packed.device)
            .or_default()
            .set(t.seq, event as u32);
        let key = t.view().order_key();
        let id = sym_of(event).map_or("", |s| self.ids.get(s));
        let texts = &self.texts;
        self.chains
            .insert(&mut self.events[event], packed, t.seq, |chains, slot| {
                TransitionView::new(id, slot, chains, texts).order_key() < key
            });
        self.count += 1;
    }

    /// The transition recorded as number `seq` of `device`, if any.
    pub fn recorded(&self, device: &str, seq: u64) -> Option<TransitionRecord> {
        let (event, slot) = self.find(device, seq)?;
        Some(self.record_at(event, slot))
    }

    /// Takes back a transition (a refused live transition).
    pub(super) fn remove(&mut self, device: &str, seq: u64) {
        if let Some((event, slot)) = self.find(device, seq) {
            self.chains.remove(&mut self.events[event], slot);
            self.count -= 1;
            if let Some(n) = self
                .texts
                .find(device)
                .and_then(|d| self.numbers.get_mut(&d))
            {
                n.clear(seq);
            }
        }
    }
}
