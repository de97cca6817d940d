//! The log's storage: events and transitions packed into symbols of interned texts.
//!
//! A city's year is tens of millions of transitions, and nearly every text in them repeats:
//! a few dozen actions, a few thousand actors and devices. Each text is held once in
//! [`Texts`] and named by a 32-bit symbol, so that a transition packs into 32 bytes and an
//! event into 56, against several hundred as records of owned strings. The records
//! ([`EventRecord`], [`TransitionRecord`]) stay the public shape; the views borrow from the
//! packed form without allocating, for the replay's hot path.

use std::collections::{BTreeMap, HashMap};

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
        // The batch check keeps the count within 32 bits (see `extra_count`).
        u32::try_from(self.extras.len()).unwrap_or(u32::MAX)
    }

    /// Gives back the room held beyond what the texts use.
    pub(super) fn shrink_to_fit(&mut self) {
        self.interned.shrink_to_fit();
        self.extras.shrink_to_fit();
    }

    /// The number of targets and notes held, so that a batch that would number them past
    /// 32 bits is refused before anything is merged.
    pub(super) fn extra_count(&self) -> usize {
        self.extras.len()
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

/// The end of a chain of transitions.
const END: u32 = u32::MAX;

/// A number that needs more than 32 bits: the number itself is kept in [`Chains`]'s map.
const LONG: u32 = u32::MAX;

/// A transition in the log: every text a symbol, and the link to the next transition of its
/// event (32 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PackedTransition {
    /// Nanoseconds since 1970.
    at: i64,
    /// The device's number, or [`LONG`] when it does not fit in 32 bits.
    seq: u32,
    action: Sym,
    actor: Sym,
    pub(super) device: Sym,
    /// The number of its target and note in [`Texts`], 0 when it has neither.
    extra: u32,
    /// The slot of the next transition of the same event in replay order, [`END`] if last.
    next: u32,
}

/// The most transitions a log holds: their slots are numbered in 32 bits, [`END`] apart.
pub(super) const MOST_TRANSITIONS: usize = END as usize - 1;

/// The slots of one block of [`Chains`] (2 MiB of transitions).
const BLOCK: usize = 1 << 16;

/// Every transition of the log in one list of slots, each event's chained in replay order.
///
/// One list, not a list per event: millions of small lists would each cost a header in the
/// event and a block of the allocator, and growing them one transition at a time leaves
/// the heap in fragments. A chain walks a few slots per event; the slots of a removed
/// transition are taken again by the next one. The list grows a block at a time, so that
/// a city's year neither doubles a gigabyte nor copies it.
#[derive(Debug, Clone, Default)]
pub(super) struct Chains {
    /// Full blocks of [`BLOCK`] slots, and the last one filling.
    blocks: Vec<Vec<PackedTransition>>,
    /// The number of slots, in use or free.
    len: usize,
    /// Slots of removed transitions, free to take.
    free: Vec<u32>,
    /// The numbers of the transitions whose number needs more than 32 bits, by slot.
    long: HashMap<u32, u64>,
}

impl Chains {
    /// The slots in use or free (a bound on what one more batch may reach).
    pub(super) fn slot_count(&self) -> usize {
        self.len
    }

    /// The transition in `slot`.
    fn at(&self, slot: u32) -> &PackedTransition {
        let slot = slot as usize;
        &self.blocks[slot / BLOCK][slot % BLOCK]
    }

    /// The transition in `slot`, to change.
    fn at_mut(&mut self, slot: u32) -> &mut PackedTransition {
        let slot = slot as usize;
        &mut self.blocks[slot / BLOCK][slot % BLOCK]
    }

    /// Gives back the room that the blocks and maps hold beyond what they use.
    pub(super) fn shrink_to_fit(&mut self) {
        if let Some(last) = self.blocks.last_mut() {
            last.shrink_to_fit();
        }
        self.blocks.shrink_to_fit();
        self.free.shrink_to_fit();
        self.long.shrink_to_fit();
    }

    /// The device's number of the transition in `slot`.
    pub(super) fn seq(&self, slot: u32) -> u64 {
        match self.at(slot).seq {
            LONG => self.long.get(&slot).copied().unwrap_or(u64::from(LONG)),
            n => u64::from(n),
        }
    }

    /// The device of the transition in `slot`.
    pub(super) fn device(&self, slot: u32) -> Sym {
        self.at(slot).device
    }

    /// The slots of the chain that starts at `first`, in order.
    pub(super) fn walk(&self, first: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors((first != END).then_some(first), move |&s| {
            let next = self.at(s).next;
            (next != END).then_some(next)
        })
    }

    /// Puts `t`, numbered `seq`, into a slot of its own (not yet in any chain).
    fn take(&mut self, mut t: PackedTransition, seq: u64) -> u32 {
        t.next = END;
        t.seq = u32::try_from(seq)
            .ok()
            .filter(|&n| n != LONG)
            .unwrap_or(LONG);
        let slot = match self.free.pop() {
            Some(slot) => {
                *self.at_mut(slot) = t;
                slot
            }
            None => {
                match self.blocks.last_mut() {
                    Some(block) if block.len() < BLOCK => block.push(t),
                    _ => {
                        let mut block = Vec::with_capacity(BLOCK);
                        block.push(t);
                        self.blocks.push(block);
                    }
                }
                self.len += 1;
                // The batch check keeps the count within `MOST_TRANSITIONS`.
                (self.len - 1) as u32
            }
        };
        if t.seq == LONG {
            self.long.insert(slot, seq);
        }
        slot
    }

    /// Links `t`, numbered `seq`, into `event`'s chain at its place in replay order, which
    /// `before(slot)` tells: whether the transition in `slot` replays before `t`.
    pub(super) fn insert(
        &mut self,
        event: &mut PackedEvent,
        t: PackedTransition,
        seq: u64,
        before: impl Fn(&Chains, u32) -> bool,
    ) {
        // Transitions mostly come in order: the end of the chain is tried first.
        let after = if event.last == END || !before(self, event.last) {
            self.walk(event.first)
                .take_while(|&s| before(self, s))
                .last()
        } else {
            Some(event.last)
        };
        let slot = self.take(t, seq);
        match after {
            None => {
                self.at_mut(slot).next = event.first;
                event.first = slot;
            }
            Some(prev) => {
                self.at_mut(slot).next = self.at(prev).next;
                self.at_mut(prev).next = slot;
            }
        }
        if self.at(slot).next == END {
            event.last = slot;
        }
    }

    /// Unlinks the transition in `slot` from `event`'s chain and frees its slot.
    pub(super) fn remove(&mut self, event: &mut PackedEvent, slot: u32) {
        let prev = self.walk(event.first).take_while(|&s| s != slot).last();
        let next = self.at(slot).next;
        match prev {
            None => event.first = next,
            Some(p) => self.at_mut(p).next = next,
        }
        if event.last == slot {
            event.last = prev.unwrap_or(END);
        }
        self.long.remove(&slot);
        self.free.push(slot);
    }
}

/// An event in the log: its texts as symbols, and the ends of its chain of transitions.
#[derive(Debug, Clone)]
pub(super) struct PackedEvent {
    pub(super) reported_at: NaiveDateTime,
    pub(super) category: Sym,
    pub(super) unit: Sym,
    pub(super) reporter: Option<Sym>,
    pub(super) description: Sym,
    pub(super) channel: Channel,
    pub(super) severity: Severity,
    /// The slot of its first transition in replay order, [`END`] when it has none.
    first: u32,
    /// The slot of its last transition, [`END`] when it has none.
    last: u32,
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
            first: END,
            last: END,
        }
    }

    /// The slot of its first transition, if any.
    pub(super) fn first(&self) -> u32 {
        self.first
    }

    /// The slot of its last transition, if any.
    pub(super) fn last(&self) -> Option<u32> {
        (self.last != END).then_some(self.last)
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
    chains: &'a Chains,
    attachments: &'a [Sym],
}

impl<'a> EventView<'a> {
    /// The view of `packed`, named `id`, with its `attachments`.
    pub(super) fn new(
        id: &'a str,
        packed: &'a PackedEvent,
        texts: &'a Texts,
        chains: &'a Chains,
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
            chains,
            attachments,
        }
    }

    /// The event's transitions, in replay order.
    pub(crate) fn transitions(self) -> impl Iterator<Item = TransitionView<'a>> + 'a {
        let (id, texts, chains) = (self.id, self.texts, self.chains);
        chains
            .walk(self.packed.first())
            .map(move |slot| TransitionView::new(id, slot, chains, texts))
    }

    /// The event's last transition in replay order, if any.
    pub(crate) fn last_transition(self) -> Option<TransitionView<'a>> {
        let slot = self.packed.last()?;
        Some(TransitionView::new(self.id, slot, self.chains, self.texts))
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
    /// The view of the transition in `slot`, a transition of `event`.
    pub(super) fn new(event: &'a str, slot: u32, chains: &Chains, texts: &'a Texts) -> Self {
        let t = chains.at(slot);
        let (target, note) = texts.extras_of(t.extra);
        TransitionView {
            event,
            action: texts.get(t.action),
            actor: texts.get(t.actor),
            at: unpack_time(t.at),
            target,
            note,
            device: texts.get(t.device),
            seq: chains.seq(slot),
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
    /// `t` packed into `texts`, not yet numbered nor chained ([`Chains::insert`] does
    /// both); `None` when its moment is outside [`pack_time`]'s years.
    pub(super) fn pack(t: &TransitionRecord, texts: &mut Texts) -> Option<PackedTransition> {
        Some(PackedTransition {
            at: pack_time(t.at)?,
            seq: 0,
            next: END,
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

    /// Makes room at once for numbers up to `highest` when `count` numbers of one batch
    /// run up to it densely: growing the vector a step at a time for every device would
    /// leave the heap a trail of the smaller vectors it outgrew.
    pub(super) fn reserve_up_to(&mut self, highest: u64, count: usize) {
        let len = self.dense.len() as u64;
        let reach = len + count as u64 + DENSE_REACH;
        if highest > len && highest <= reach {
            self.dense.reserve_exact((highest - len) as usize);
        }
    }

    /// Gives back the room held beyond the numbers in use.
    pub(super) fn shrink_to_fit(&mut self) {
        self.dense.shrink_to_fit();
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
    fn an_event_without_its_list_takes_40_bytes() {
        assert!(std::mem::size_of::<PackedEvent>() <= 40);
    }

    /// A chain of the transitions numbered `seqs` (their number is their place in replay
    /// order), inserted in the order given; the numbers of the chain, walked.
    fn chain_of(seqs: &[u64]) -> (Chains, PackedEvent, Vec<u64>) {
        let mut texts = Texts::default();
        let record = EventRecord::new("E", "c", "U", unpack_time(0));
        let mut event = PackedEvent::pack(&record, &mut texts);
        let mut chains = Chains::default();
        for &seq in seqs {
            let t = TransitionRecord::new("E", "a", "P", unpack_time(0)).on("d", seq);
            let packed = PackedTransition::pack(&t, &mut texts).unwrap();
            chains.insert(&mut event, packed, seq, |c, slot| c.seq(slot) < seq);
        }
        let walked = chains.walk(event.first()).map(|s| chains.seq(s)).collect();
        (chains, event, walked)
    }

    #[test]
    fn chains_keep_replay_order_whatever_the_order_of_insertion() {
        let (_, event, walked) = chain_of(&[5, 1, 3, 2, 4, 6]);
        assert_eq!(walked, [1, 2, 3, 4, 5, 6]);
        assert!(event.last().is_some());
        let (_, event, walked) = chain_of(&[]);
        assert!(walked.is_empty() && event.last().is_none());
    }

    #[test]
    fn numbers_past_32_bits_are_kept_whole() {
        let big = u64::from(u32::MAX) + 7;
        let (chains, _, walked) = chain_of(&[big, u64::from(u32::MAX), 1]);
        assert_eq!(walked, [1, u64::from(u32::MAX), big]);
        assert_eq!(chains.long.len(), 2);
    }

    #[test]
    fn removing_unlinks_any_place_and_frees_the_slot() {
        for gone in [1, 3, 5] {
            let (mut chains, mut event, _) = chain_of(&[1, 2, 3, 4, 5]);
            let slot = chains
                .walk(event.first())
                .find(|&s| chains.seq(s) == gone)
                .unwrap();
            chains.remove(&mut event, slot);
            let walked: Vec<u64> = chains.walk(event.first()).map(|s| chains.seq(s)).collect();
            let want: Vec<u64> = (1..=5).filter(|&n| n != gone).collect();
            assert_eq!(walked, want);
            let last = event.last().map(|s| chains.seq(s));
            assert_eq!(last, want.last().copied());
            // The freed slot is taken by the next transition.
            let before = chains.slot_count();
            let mut texts = Texts::default();
            let t = TransitionRecord::new("E", "a", "P", unpack_time(0)).on("d", 9);
            let packed = PackedTransition::pack(&t, &mut texts).unwrap();
            chains.insert(&mut event, packed, 9, |c, s| c.seq(s) < 9);
            assert_eq!(chains.slot_count(), before);
        }
        let (mut chains, mut event, _) = chain_of(&[1]);
        let first = event.first();
        chains.remove(&mut event, first);
        assert!(event.last().is_none() && chains.walk(event.first()).next().is_none());
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
