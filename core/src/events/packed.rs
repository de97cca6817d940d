//! The log's storage: events and transitions packed into symbols of interned texts.
//!
//! A city's year is tens of millions of transitions, and nearly every text in them repeats:
//! a few dozen actions, a few thousand actors and devices. Each text is held once in
//! [`Texts`] and named by a 32-bit symbol, so that a transition packs into 32 bytes and an
//! event into 56, against several hundred as records of owned strings. The records
//! ([`EventRecord`], [`TransitionRecord`]) stay the public shape; the views borrow from the
//! packed form without allocating, for the replay's hot path.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use string_interner::{DefaultStringInterner, DefaultSymbol, Symbol};

use super::{Channel, EventRecord, Severity, TransitionRecord};

/// The symbol of an interned text.
pub(super) type Sym = DefaultSymbol;

/// Interned texts: each distinct text once; and the rare targets and notes of transitions.
#[derive(Debug, Clone, Default)]
pub(super) struct Texts {
    interned: DefaultStringInterner,
    /// The target and note of each transition that has either, numbered from 1: most have
    /// neither, and keep 4 bytes where two symbols would take 8.
    extras: Vec<(Option<Sym>, Sym)>,
}

impl Texts {
    /// The symbol of `text`, interning it when new.
    pub(super) fn intern(&mut self, text: &str) -> Sym {
        self.interned.get_or_intern(text)
    }

    /// The symbol of `text`, if interned.
    pub(super) fn find(&self, text: &str) -> Option<Sym> {
        self.interned.get(text)
    }

    /// The text of `sym` (every symbol of the log comes from its own texts, so the empty
    /// fallback is never taken).
    pub(super) fn get(&self, sym: Sym) -> &str {
        self.interned.resolve(sym).unwrap_or_default()
    }

    /// The number of a transition's target and note; 0 when it has neither.
    fn extra(&mut self, target: Option<&str>, note: &str) -> u32 {
        if target.is_none() && note.is_empty() {
            return 0;
        }
        let entry = (target.map(|t| self.intern(t)), self.intern(note));
        self.extras.push(entry);
        // More than four billion targets and notes would wrap to an existing number; a log
        // holds far fewer transitions than that (its events are counted in 32 bits too).
        u32::try_from(self.extras.len()).unwrap_or(u32::MAX)
    }

    /// The target and note of number `extra`.
    fn extras_of(&self, extra: u32) -> (Option<&str>, &str) {
        match extra
            .checked_sub(1)
            .and_then(|i| self.extras.get(i as usize))
        {
            Some(&(target, note)) => (target.map(|t| self.get(t)), self.get(note)),
            None => (None, ""),
        }
    }
}

/// A moment as nanoseconds since 1970 (what fits in 64 bits: the years 1678 to 2261).
pub(super) fn pack_time(at: NaiveDateTime) -> Option<i64> {
    at.and_utc().timestamp_nanos_opt()
}

/// The moment of [`pack_time`]'s nanoseconds.
fn unpack_time(nanos: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_nanos(nanos).naive_utc()
}

/// A transition in the log: every text a symbol (32 bytes; the event is the list it sits in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PackedTransition {
    /// Nanoseconds since 1970.
    at: i64,
    pub(super) seq: u64,
    action: Sym,
    actor: Sym,
    pub(super) device: Sym,
    /// The number of its target and note in [`Texts`], 0 when it has neither.
    extra: u32,
}

/// An event in the log, with its transitions in replay order.
#[derive(Debug, Clone)]
pub(super) struct PackedEvent {
    pub(super) reported_at: NaiveDateTime,
    pub(super) category: Sym,
    pub(super) unit: Sym,
    pub(super) reporter: Option<Sym>,
    pub(super) description: Sym,
    pub(super) channel: Channel,
    pub(super) severity: Severity,
    pub(super) transitions: Vec<PackedTransition>,
}

impl PackedEvent {
    /// `event` packed into `texts` (its attachments, which few events have, are kept apart).
    pub(super) fn pack(event: &EventRecord, texts: &mut Texts) -> PackedEvent {
        PackedEvent {
            reported_at: event.reported_at,
            category: texts.intern(&event.category),
            unit: texts.intern(&event.unit),
            reporter: event.reporter.as_deref().map(|r| texts.intern(r)),
            description: texts.intern(&event.description),
            channel: event.channel,
            severity: event.severity,
            transitions: Vec::new(),
        }
    }

    /// Inserts `t` at `at`, growing the list by an eighth at a time: a few transitions per
    /// event would otherwise leave most of a doubled allocation empty.
    pub(super) fn insert(&mut self, at: usize, t: PackedTransition) {
        if self.transitions.len() == self.transitions.capacity() {
            self.transitions
                .reserve_exact(1 + self.transitions.len() / 8);
        }
        self.transitions.insert(at, t);
    }
}

/// An event of the log, borrowed: its texts resolved, nothing allocated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EventView<'a> {
    pub(crate) id: &'a str,
    pub(crate) category: &'a str,
    pub(crate) channel: Channel,
    pub(crate) unit: &'a str,
    pub(crate) reporter: Option<&'a str>,
    pub(crate) description: &'a str,
    pub(crate) severity: Severity,
    pub(crate) reported_at: NaiveDateTime,
    pub(super) packed: &'a PackedEvent,
    pub(super) texts: &'a Texts,
    attachments: &'a [Sym],
}

impl<'a> EventView<'a> {
    /// The view of `packed`, named `id`, with its `attachments`.
    pub(super) fn new(
        id: &'a str,
        packed: &'a PackedEvent,
        texts: &'a Texts,
        attachments: &'a [Sym],
    ) -> Self {
        EventView {
            id,
            category: texts.get(packed.category),
            channel: packed.channel,
            unit: texts.get(packed.unit),
            reporter: packed.reporter.map(|r| texts.get(r)),
            description: texts.get(packed.description),
            severity: packed.severity,
            reported_at: packed.reported_at,
            packed,
            texts,
            attachments,
        }
    }

    /// The event's transitions, in replay order.
    pub(crate) fn transitions(
        self,
    ) -> impl DoubleEndedIterator<Item = TransitionView<'a>> + ExactSizeIterator + 'a {
        let (id, texts) = (self.id, self.texts);
        self.packed
            .transitions
            .iter()
            .map(move |t| TransitionView::new(id, t, texts))
    }

    /// The event as a record of its own.
    pub(crate) fn to_record(self) -> EventRecord {
        EventRecord {
            id: self.id.to_owned(),
            category: self.category.to_owned(),
            channel: self.channel,
            unit: self.unit.to_owned(),
            reporter: self.reporter.map(str::to_owned),
            description: self.description.to_owned(),
            severity: self.severity,
            reported_at: self.reported_at,
            attachments: self
                .attachments
                .iter()
                .map(|&a| self.texts.get(a).to_owned())
                .collect(),
        }
    }
}

/// A transition of the log, borrowed: its texts resolved, nothing allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TransitionView<'a> {
    pub(crate) event: &'a str,
    pub(crate) action: &'a str,
    pub(crate) actor: &'a str,
    pub(crate) at: NaiveDateTime,
    pub(crate) target: Option<&'a str>,
    pub(crate) note: &'a str,
    pub(crate) device: &'a str,
    pub(crate) seq: u64,
}

impl<'a> TransitionView<'a> {
    /// The view of `t`, a transition of `event`.
    pub(super) fn new(event: &'a str, t: &PackedTransition, texts: &'a Texts) -> Self {
        let (target, note) = texts.extras_of(t.extra);
        TransitionView {
            event,
            action: texts.get(t.action),
            actor: texts.get(t.actor),
            at: unpack_time(t.at),
            target,
            note,
            device: texts.get(t.device),
            seq: t.seq,
        }
    }

    /// The transition as a record of its own.
    pub(crate) fn to_record(self) -> TransitionRecord {
        TransitionRecord {
            event: self.event.to_owned(),
            action: self.action.to_owned(),
            actor: self.actor.to_owned(),
            at: self.at,
            target: self.target.map(str::to_owned),
            note: self.note.to_owned(),
            device: self.device.to_owned(),
            seq: self.seq,
        }
    }

    /// The order of replay: by time, then device and number, then the rest, so that the
    /// order is total and every device's log replays the same.
    pub(super) fn order_key(self) -> impl Ord + 'a {
        (
            self.at,
            self.device,
            self.seq,
            self.event,
            self.action,
            self.actor,
            self.target,
            self.note,
        )
    }
}

impl TransitionRecord {
    /// The record, borrowed as a view.
    pub(crate) fn view(&self) -> TransitionView<'_> {
        TransitionView {
            event: &self.event,
            action: &self.action,
            actor: &self.actor,
            at: self.at,
            target: self.target.as_deref(),
            note: &self.note,
            device: &self.device,
            seq: self.seq,
        }
    }
}

impl PackedTransition {
    /// `t` packed into `texts`; `None` when its moment is outside [`pack_time`]'s years.
    pub(super) fn pack(t: &TransitionRecord, texts: &mut Texts) -> Option<PackedTransition> {
        Some(PackedTransition {
            at: pack_time(t.at)?,
            seq: t.seq,
            action: texts.intern(&t.action),
            actor: texts.intern(&t.actor),
            device: texts.intern(&t.device),
            extra: texts.extra(t.target.as_deref(), &t.note),
        })
    }
}

/// How far past the dense numbers of a device a number may fall and still be kept densely:
/// beyond, the numbering has a hole too wide to fill with empty slots.
const DENSE_REACH: u64 = 4096;

/// Which event each number of one device recorded, and the highest number in use.
///
/// Devices number their transitions 1, 2, 3, …, so the numbers are kept in a vector indexed
/// by number (4 bytes each); a number far from the others goes to a map instead.
#[derive(Debug, Clone, Default)]
pub(super) struct Numbers {
    /// `dense[n - 1]` is the index of the event of number `n`, plus one; 0 is free.
    dense: Vec<u32>,
    sparse: BTreeMap<u64, u32>,
    /// A number above which every number is free.
    pub(super) highest: u64,
}

impl Numbers {
    /// The event (index) of number `seq`.
    pub(super) fn get(&self, seq: u64) -> Option<u32> {
        let slot = seq
            .checked_sub(1)
            .and_then(|s| usize::try_from(s).ok())
            .and_then(|s| self.dense.get(s))
            .copied()
            .unwrap_or(0);
        match slot {
            0 => self.sparse.get(&seq).copied(),
            e => Some(e - 1),
        }
    }

    /// Number `seq` recorded event `event`.
    pub(super) fn set(&mut self, seq: u64, event: u32) {
        self.highest = self.highest.max(seq);
        let len = self.dense.len() as u64;
        match seq.checked_sub(1) {
            Some(slot) if slot < len + DENSE_REACH => {
                let slot = slot as usize;
                if slot >= self.dense.len() {
                    self.dense.resize(slot + 1, 0);
                }
                self.dense[slot] = event + 1;
                self.sparse.remove(&seq);
            }
            _ => {
                self.sparse.insert(seq, event);
            }
        }
    }

    /// Number `seq` is free again.
    pub(super) fn clear(&mut self, seq: u64) {
        if let Some(slot) = seq
            .checked_sub(1)
            .and_then(|s| usize::try_from(s).ok())
            .and_then(|s| self.dense.get_mut(s))
        {
            *slot = 0;
        }
        self.sparse.remove(&seq);
        // The number taken back is free again (every number above it already was).
        if self.highest == seq {
            self.highest = seq.saturating_sub(1);
        }
    }
}

/// The index of an event id's symbol: ids are interned apart, in the order events come, so
/// the symbol is the event's place in the list.
pub(super) fn index_of(sym: Sym) -> usize {
    sym.to_usize()
}

/// The symbol of the event at `index` (the inverse of [`index_of`]).
pub(super) fn sym_of(index: usize) -> Option<Sym> {
    Sym::try_from_usize(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_transition_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<PackedTransition>(), 32);
    }

    #[test]
    fn moments_round_trip_to_the_nanosecond() {
        let at = chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 123_456_789))
            .unwrap();
        assert_eq!(pack_time(at).map(unpack_time), Some(at));
        let far = chrono::NaiveDate::from_ymd_opt(2300, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        assert_eq!(pack_time(far), None);
    }

    #[test]
    fn numbers_dense_and_far() {
        let mut n = Numbers::default();
        n.set(1, 7);
        n.set(3, 8);
        n.set(1_000_000, 9);
        n.set(0, 10);
        assert_eq!(
            (n.get(1), n.get(2), n.get(3), n.get(1_000_000), n.get(0)),
            (Some(7), None, Some(8), Some(9), Some(10))
        );
        assert_eq!(n.highest, 1_000_000);
        n.clear(1_000_000);
        n.clear(1);
        assert_eq!(
            (n.get(1), n.get(1_000_000), n.highest),
            (None, None, 999_999)
        );
    }
}
