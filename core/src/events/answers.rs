//! What a replay answers: each event's status, the cards given, the escalations, and the
//! transitions refused on the way.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{Phase, Severity, TransitionRecord};
use crate::schema::{Enum, Record};

/// The colour of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "card colour")]
pub enum CardColour {
    /// 黄牌 — a warning.
    #[named(zh = "黄牌")]
    Yellow,
    /// 红牌 — the event escalates.
    #[named(zh = "红牌")]
    Red,
}

/// Why a card was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "card reason")]
pub enum CardReason {
    /// 超时未受理 — not accepted in time.
    #[named(zh = "超时未受理")]
    Unaccepted,
    /// 超时未办结 — not handled in time.
    #[named(zh = "超时未办结")]
    Unhandled,
    /// 人工督办 — given by hand by the office.
    #[named(zh = "人工督办")]
    ByHand,
}

/// Why an event moved up the unit tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "escalation cause")]
pub enum EscalationCause {
    /// 上报 — reported up by hand.
    #[named(zh = "上报")]
    ReportedUp,
    /// 红牌 — a red card.
    #[named(zh = "红牌")]
    RedCard,
    /// 超期 — the handling deadline passed.
    #[named(zh = "超期")]
    Overdue,
}

/// A card given to an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "event")]
pub struct CardRecord {
    /// The event.
    pub event: String,
    /// Yellow or red.
    pub colour: CardColour,
    /// Why.
    pub reason: CardReason,
    /// When it fell.
    pub at: NaiveDateTime,
    /// Who gave it, for a card given by hand.
    pub by: Option<String>,
}

/// An event moving one level up the unit tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "event")]
pub struct EscalationRecord {
    /// The event.
    pub event: String,
    /// The unit it left.
    pub from_unit: String,
    /// The unit above, where it now stands.
    pub to_unit: String,
    /// When.
    pub at: NaiveDateTime,
    /// Why.
    pub cause: EscalationCause,
}

/// A transition of the log that the replay refused: the state did not allow it, or its actor
/// held no post that may take it. Offline devices can record such clashes; the replay keeps
/// the first in time and reports the rest here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "reason")]
pub struct Refusal {
    /// The transition refused.
    pub transition: TransitionRecord,
    /// Why.
    pub reason: String,
}

/// A refused transition as one flat row of the `refusals` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "event")]
pub struct RefusalRow {
    /// The event.
    pub event: String,
    /// The action refused.
    pub action: String,
    /// Who tried it.
    pub actor: String,
    /// When.
    pub at: NaiveDateTime,
    /// The device it was recorded on.
    pub device: String,
    /// Its number there.
    pub seq: u64,
    /// Why it was refused.
    pub reason: String,
}

impl From<&Refusal> for RefusalRow {
    fn from(r: &Refusal) -> Self {
        let t = &r.transition;
        RefusalRow {
            event: t.event.clone(),
            action: t.action.clone(),
            actor: t.actor.clone(),
            at: t.at,
            device: t.device.clone(),
            seq: t.seq,
            reason: r.reason.clone(),
        }
    }
}

/// Where an event stands at a moment of the replay.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "id")]
pub struct EventStatus {
    /// The event.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its severity.
    pub severity: Severity,
    /// The unit where it happened.
    pub unit: String,
    /// The unit that owns it now: the grid of its unit, or a unit above after escalation.
    pub at_unit: String,
    /// The code of its state.
    pub state: u32,
    /// The name of its state.
    pub state_name: String,
    /// Whether the clock runs, is paused or has stopped.
    pub phase: Phase,
    /// The handler assigned (a person or an organisation).
    pub handler: Option<String>,
    /// When it was reported.
    pub reported_at: NaiveDateTime,
    /// When it was accepted.
    pub accepted_at: Option<NaiveDateTime>,
    /// When it was handled.
    pub handled_at: Option<NaiveDateTime>,
    /// When it was closed.
    pub closed_at: Option<NaiveDateTime>,
    /// The acceptance deadline; `None` when it falls in a year the calendar does not cover
    /// yet.
    pub accept_due: Option<NaiveDateTime>,
    /// The handling deadline, likewise.
    pub handle_due: Option<NaiveDateTime>,
    /// The next deadline of an open event; `None` once handled or closed.
    pub due: Option<NaiveDateTime>,
    /// How that deadline was reached, in words.
    pub why: String,
    /// Whether the next deadline has passed.
    pub overdue: bool,
    /// The strongest card so far.
    pub card: Option<CardColour>,
    /// How many levels it has moved up.
    pub escalations: u32,
    /// Working minutes spent paused.
    pub paused_minutes: u32,
    /// Organisations summoned by a whistle that have not reported in.
    pub summoned: Vec<String>,
    /// The reports this event stands for: its own id, then the duplicates merged into it.
    pub sources: Vec<String>,
    /// The event this one was merged into as a duplicate.
    pub merged_into: Option<String>,
}

impl EventStatus {
    /// Whether the event is still open (not closed).
    pub fn is_open(&self) -> bool {
        self.phase != Phase::Done
    }
}
