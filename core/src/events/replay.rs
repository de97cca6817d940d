//! Replay: every state, deadline, card and escalation is a pure function of the log, the
//! network and the calendar. One event at a time, its transitions in order, with the timers
//! of its service level firing between them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::packed::{EventView, TransitionView};
use super::{
    ActionDef, CardColour, CardReason, CardRecord, Effect, EscalationCause, EscalationRecord,
    EventStatus, Phase, Refusal, SlaPolicy, SlaRule, Who, WorkCalendar, Workflow,
};
use crate::model::UnitPos;
use crate::{Network, Result, Role};

/// The level name of the unit that first owns an event.
const GRID: &str = "Grid";

/// The grid of `unit` (the unit itself when it is a grid), which first owns an event there;
/// the unit itself when no grid is above it.
pub(super) fn home_grid(network: &Network, unit: &str) -> String {
    match home_grid_pos(network, unit) {
        Some(p) => network.unit_at_pos(p).id.to_string(),
        None => unit.to_owned(),
    }
}

/// The position of [`home_grid`] in the unit tree; `None` for a unit the network lacks.
/// Walked by positions: a city replay asks it for every event.
fn home_grid_pos(network: &Network, unit: &str) -> Option<UnitPos> {
    let scheme = network.scheme();
    let start = network.unit_pos_by_id(unit)?;
    let grid = std::iter::successors(Some(start), |&p| network.parent_pos(p))
        .find(|&p| scheme.name(network.unit_at_pos(p).level) == GRID);
    Some(grid.unwrap_or(start))
}

/// What the replay of one event found.
#[derive(Debug, Clone, Default)]
pub(super) struct EventTrace {
    pub status: Option<EventStatus>,
    pub cards: Vec<CardRecord>,
    pub escalations: Vec<EscalationRecord>,
    pub refusals: Vec<Refusal>,
    /// For each refusal, the posts that may take its action when the actor lacked one.
    pub needed: Vec<Vec<String>>,
}

/// Why a transition was refused: the posts that may take the action (when the actor held
/// none of them) and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Denied {
    pub needed: Vec<String>,
    pub reason: String,
}

impl From<String> for Denied {
    fn from(reason: String) -> Self {
        Denied {
            needed: Vec::new(),
            reason,
        }
    }
}

impl From<&str> for Denied {
    fn from(reason: &str) -> Self {
        Denied::from(reason.to_owned())
    }
}

/// The fixed parts of a replay.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    pub network: &'a Network,
    pub workflow: &'a Workflow,
    pub sla: &'a SlaPolicy,
    pub calendar: &'a WorkCalendar,
}

/// A timer of the service level, in the order they are checked at the same moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    YellowUnaccepted,
    RedUnaccepted,
    YellowUnhandled,
    RedUnhandled,
    Overdue,
}

/// One event's state while its log is replayed.
struct Live<'a> {
    event: EventView<'a>,
    rule: SlaRule,
    state: u32,
    /// The place in the unit tree of the unit that first owned the event (its grid), where
    /// the network has it: its post holders, and those of every unit above it, may act on
    /// the event wherever it has been escalated to.
    home_pos: Option<UnitPos>,
    /// The unit that owns the event now with its place in the tree, and the units it was
    /// escalated from (for send-back).
    at_unit: String,
    at_pos: Option<UnitPos>,
    below: Vec<(String, Option<UnitPos>)>,
    handler: Option<String>,
    accepted_at: Option<NaiveDateTime>,
    handled_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    paused_since: Option<NaiveDateTime>,
    paused_minutes: u32,
    paused_days: u32,
    fired: Vec<Timer>,
    /// The moments of the timers, once worked out; cleared when the paused clock moves.
    marks: [Option<NaiveDateTime>; 5],
    card: Option<CardColour>,
    summoned: BTreeMap<String, Option<NaiveDateTime>>,
    /// The reports joined into this event, after its own.
    sources: Vec<String>,
    merged_into: Option<String>,
    trace: EventTrace,
}

impl Context<'_> {
    /// Replays `event` with its transitions (in replay order) up to `until`.
    pub(crate) fn replay(&self, event: EventView<'_>, until: NaiveDateTime) -> Result<EventTrace> {
        if event.reported_at > until {
            return Ok(EventTrace::default());
        }
        let home_pos = home_grid_pos(self.network, event.unit);
        let home = match home_pos {
            Some(p) => self.network.unit_at_pos(p).id.to_string(),
            None => event.unit.to_owned(),
        };
        let mut live = Live {
            event,
            rule: self.sla.rule(event.category, event.severity),
            state: self.workflow.initial,
            home_pos,
            at_unit: home,
            at_pos: home_pos,
            below: Vec::new(),
            handler: None,
            accepted_at: None,
            handled_at: None,
            closed_at: None,
            paused_since: None,
            paused_minutes: 0,
            paused_days: 0,
            fired: Vec::new(),
            marks: [None; 5],
            card: None,
            summoned: BTreeMap::new(),
            sources: Vec::new(),
            merged_into: None,
            trace: EventTrace::default(),
        };
        for t in event.transitions().take_while(|t| t.at <= until) {
            self.fire_timers(&mut live, t.at)?;
            if let Err(denied) = self.apply(&mut live, &t) {
                live.trace.refusals.push(Refusal {
                    transition: t.to_record(),
                    reason: denied.reason,
                });
                live.trace.needed.push(denied.needed);
            }
        }
        self.fire_timers(&mut live, until)?;
        let status = self.status(&mut live, until)?;
        let mut trace = live.trace;
        trace.status = Some(status);
        Ok(trace)
    }

    /// The moment a card or deadline counted in working days falls: the N-th working day
    /// strictly after the report (plus the days spent paused), at the time of the report.
    fn day_mark(&self, live: &Live<'_>, days: u32) -> Result<NaiveDateTime> {
        let reported = live.event.reported_at;
        let day = self
            .calendar
            .add_working_days(reported.date(), days + live.paused_days)?;
        Ok(day.and_time(reported.time()))
    }

    fn accept_due(&self, live: &Live<'_>) -> Result<NaiveDateTime> {
        self.calendar.add_working_minutes(
            live.event.reported_at,
            i64::from(live.rule.accept_minutes.max(1) + live.paused_minutes),
        )
    }

    fn handle_due(&self, live: &Live<'_>) -> Result<NaiveDateTime> {
        self.calendar.add_working_minutes(
            live.event.reported_at,
            i64::from(live.rule.handle_minutes.max(1) + live.paused_minutes),
        )
    }

    /// The moment `mark` if the calendar can tell it; `None` when it falls in a year after
    /// `until` that the calendar does not cover yet (so it is surely later than `until`).
    fn known(mark: Result<NaiveDateTime>, until: NaiveDateTime) -> Result<Option<NaiveDateTime>> {
        match mark {
            Ok(at) => Ok(Some(at)),
            Err(crate::Error::OutsideCalendar { year, .. }) if year > until.year() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The moment `timer` falls, worked out once for each paused clock: the marks depend
    /// only on the report, the rule and the time paused, and are asked at every transition.
    fn mark(&self, live: &mut Live<'_>, timer: Timer) -> Result<NaiveDateTime> {
        if let Some(at) = live.marks[timer as usize] {
            return Ok(at);
        }
        let rule = &live.rule;
        let at = match timer {
            Timer::YellowUnaccepted => self.day_mark(live, rule.yellow_unaccepted_days),
            Timer::RedUnaccepted => self.day_mark(live, rule.red_unaccepted_days),
            Timer::YellowUnhandled => self.day_mark(live, rule.yellow_unhandled_days),
            Timer::RedUnhandled => self.day_mark(live, rule.red_unhandled_days),
            Timer::Overdue => self.handle_due(live),
        }?;
        live.marks[timer as usize] = Some(at);
        Ok(at)
    }

    /// The first timer still to fire, with its moment (timers whose moment falls in a year
    /// after `until` that the calendar does not cover yet are not due).
    fn next_timer(
        &self,
        live: &mut Live<'_>,
        until: NaiveDateTime,
    ) -> Result<Option<(NaiveDateTime, Timer)>> {
        if self.phase(live.state) != Phase::Open {
            return Ok(None);
        }
        let rule = &live.rule;
        let unaccepted = live.accepted_at.is_none();
        let unhandled = live.handled_at.is_none();
        let candidates = [
            (
                Timer::YellowUnaccepted,
                unaccepted && rule.yellow_unaccepted_days > 0,
            ),
            (
                Timer::RedUnaccepted,
                unaccepted && rule.red_unaccepted_days > 0,
            ),
            (
                Timer::YellowUnhandled,
                unhandled && rule.yellow_unhandled_days > 0,
            ),
            (
                Timer::RedUnhandled,
                unhandled && rule.red_unhandled_days > 0,
            ),
            (Timer::Overdue, unhandled && rule.escalate_when_overdue),
        ];
        let mut first: Option<(NaiveDateTime, Timer)> = None;
        for (timer, applies) in candidates {
            if !applies || live.fired.contains(&timer) {
                continue;
            }
            if let Some(at) = Self::known(self.mark(live, timer), until)?
                && first.is_none_or(|f| (at, timer) < f)
            {
                first = Some((at, timer));
            }
        }
        Ok(first)
    }

    /// Fires, in order, every timer due at or before `until`.
    fn fire_timers(&self, live: &mut Live<'_>, until: NaiveDateTime) -> Result<()> {
        loop {
            let Some((at, timer)) = self.next_timer(live, until)? else {
                return Ok(());
            };
            if at > until {
                return Ok(());
            }
            live.fired.push(timer);
            let (colour, reason) = match timer {
                Timer::YellowUnaccepted => (CardColour::Yellow, CardReason::Unaccepted),
                Timer::RedUnaccepted => (CardColour::Red, CardReason::Unaccepted),
                Timer::YellowUnhandled => (CardColour::Yellow, CardReason::Unhandled),
                Timer::RedUnhandled => (CardColour::Red, CardReason::Unhandled),
                Timer::Overdue => {
                    self.escalate(live, at, EscalationCause::Overdue);
                    continue;
                }
            };
            self.card(live, colour, reason, at, None);
        }
    }

    fn card(
        &self,
        live: &mut Live<'_>,
        colour: CardColour,
        reason: CardReason,
        at: NaiveDateTime,
        by: Option<String>,
    ) {
        live.card = live.card.max(Some(colour));
        live.trace.cards.push(CardRecord {
            event: live.event.id.to_owned(),
            colour,
            reason,
            at,
            by,
        });
        if colour == CardColour::Red {
            self.escalate(live, at, EscalationCause::RedCard);
        }
    }

    /// Moves the event one level up; at the top of the tree it stays.
    fn escalate(&self, live: &mut Live<'_>, at: NaiveDateTime, cause: EscalationCause) -> bool {
        // Up the tree by positions: a unit the network lacks has no place, and no parent.
        let Some(up) = live.at_pos.and_then(|p| self.network.parent_pos(p)) else {
            return false;
        };
        let to = self.network.unit_at_pos(up).id.to_string();
        let from = std::mem::replace(&mut live.at_unit, to.clone());
        let from_pos = live.at_pos.replace(up);
        live.below.push((from.clone(), from_pos));
        live.trace.escalations.push(EscalationRecord {
            event: live.event.id.to_owned(),
            from_unit: from,
            to_unit: to,
            at,
            cause,
        });
        true
    }

    fn phase(&self, state: u32) -> Phase {
        self.workflow
            .state(state)
            .map(|s| s.phase)
            .unwrap_or(Phase::Open)
    }

    /// Applies one transition, or says why it cannot be applied (and changes nothing).
    fn apply(
        &self,
        live: &mut Live<'_>,
        t: &TransitionView<'_>,
    ) -> std::result::Result<(), Denied> {
        let action = self.workflow.action(t.action).ok_or_else(|| {
            format!(
                "`{}` is not an action of the {} workflow",
                t.action, self.workflow.name
            )
        })?;
        if t.at < live.event.reported_at {
            return Err(format!("it is dated {}, before the event was reported", t.at).into());
        }
        if !self.workflow.allows(action, live.state) {
            let state = self
                .workflow
                .state(live.state)
                .map(|s| s.name.as_str())
                .unwrap_or("?");
            return Err(format!(
                "`{}` cannot be taken in state {} ({state})",
                action.name, live.state
            )
            .into());
        }
        self.guard(live, action, t)?;
        self.check_target(live, action, t)?;
        self.effect(live, action, t);
        if let Some(to) = action.to_state {
            self.move_to(live, to, t.at)
                .map_err(|e| Denied::from(e.to_string()))?;
        }
        Ok(())
    }

    /// Enters `to`, keeping the paused clock.
    fn move_to(&self, live: &mut Live<'_>, to: u32, at: NaiveDateTime) -> Result<()> {
        let was = self.phase(live.state);
        let now = self.phase(to);
        if was == Phase::Paused
            && now != Phase::Paused
            && let Some(since) = live.paused_since.take()
        {
            let minutes = self.calendar.working_minutes_between(since, at)?;
            live.paused_minutes += u32::try_from(minutes).unwrap_or(u32::MAX);
            live.paused_days += self
                .calendar
                .working_days_between(since.date(), at.date())?;
            live.marks = [None; 5];
        }
        if now == Phase::Paused && was != Phase::Paused {
            live.paused_since = Some(at);
        }
        live.state = to;
        Ok(())
    }

    /// Whether the actor may take `action` on the day of `t`.
    fn guard(
        &self,
        live: &Live<'_>,
        action: &ActionDef,
        t: &TransitionView<'_>,
    ) -> std::result::Result<(), Denied> {
        let day = t.at.date();
        if action
            .who
            .iter()
            .any(|&w| self.is(live, w, t.actor, t, day))
        {
            return Ok(());
        }
        let needed: Vec<String> = action
            .who
            .iter()
            .map(|w| w.chinese().to_owned() + " " + &w.to_string())
            .collect();
        Err(Denied {
            reason: format!(
                "{} may not {} at {}: the action needs {} on {day}",
                t.actor,
                action.name,
                live.at_unit,
                needed.join(" or ")
            ),
            needed,
        })
    }

    /// Whether `actor` is a `who` for the event on `day`.
    fn is(
        &self,
        live: &Live<'_>,
        who: Who,
        actor: &str,
        t: &TransitionView<'_>,
        day: NaiveDate,
    ) -> bool {
        let net = self.network;
        // The event's grid first, where nearly every post that acts on it is held, then the
        // units above; walked by positions in the tree, with no lookup by id.
        let chain = || std::iter::successors(live.home_pos, |&p| net.parent_pos(p));
        let post_at_unit =
            |role: Role| chain().any(|p| net.holds_post_at_pos(p, actor, day, Some(role)));
        let post_at_org =
            |org: &str, role: Option<Role>| net.holds_post_at_organisation(org, actor, day, role);
        match who {
            Who::Anyone => net.person(actor).is_ok(),
            Who::GridWorker => post_at_unit(Role::GridWorker),
            Who::GridLeader => post_at_unit(Role::GridLeader),
            Who::Office => post_at_unit(Role::Officer),
            Who::BranchSecretary => chain().any(|p| {
                let u = &net.unit_at_pos(p).id;
                net.organisations_at(u).is_ok_and(|orgs| {
                    orgs.iter()
                        .any(|o| post_at_org(&o.id, Some(Role::Secretary)))
                })
            }),
            Who::Handler => match &live.handler {
                Some(h) => h == actor || post_at_org(h, None),
                None => false,
            },
            Who::Summoned => t
                .target
                .is_some_and(|org| live.summoned.contains_key(org) && post_at_org(org, None)),
        }
    }

    /// The target an action needs: a person or organisation to assign, organisations to
    /// summon, the organisation reporting in.
    fn check_target(
        &self,
        live: &Live<'_>,
        action: &ActionDef,
        t: &TransitionView<'_>,
    ) -> std::result::Result<(), Denied> {
        let net = self.network;
        let target = t.target.map(str::trim).filter(|s| !s.is_empty());
        match action.effect {
            Effect::Assign => {
                let h = target.ok_or("an assignment names its handler in `target`")?;
                if net.person(h).is_err() && net.organisation(h).is_err() {
                    return Err(format!(
                        "the handler `{h}` is neither a person nor an organisation of the network"
                    )
                    .into());
                }
            }
            Effect::Whistle => {
                let orgs =
                    target.ok_or("a whistle names the organisations summoned in `target`")?;
                for o in orgs.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                    if net.organisation(o).is_err() {
                        return Err(format!("`{o}` is not an organisation of the network").into());
                    }
                }
            }
            Effect::ReportIn => {
                let o = target.ok_or("reporting in names the organisation in `target`")?;
                match live.summoned.get(o) {
                    None => return Err(format!("`{o}` was not summoned").into()),
                    Some(Some(at)) => {
                        return Err(format!("`{o}` already reported in at {at}").into());
                    }
                    Some(None) => {}
                }
            }
            Effect::MergeInto | Effect::Absorb => {
                let other = target.ok_or("merging names the other event in `target`")?;
                if other == live.event.id {
                    return Err("an event cannot be merged with itself".into());
                }
                if live.sources.iter().any(|s| s == other) {
                    return Err(format!("`{other}` is already a source of this event").into());
                }
            }
            Effect::ReportUp if live.at_pos.and_then(|p| net.parent_pos(p)).is_none() => {
                return Err(format!("{} is at the top of the tree", live.at_unit).into());
            }
            _ => {}
        }
        Ok(())
    }

    fn effect(&self, live: &mut Live<'_>, action: &ActionDef, t: &TransitionView<'_>) {
        let target = t.target.map(str::trim).unwrap_or_default();
        match action.effect {
            Effect::Nothing | Effect::Verify => {}
            Effect::Accept => {
                live.accepted_at.get_or_insert(t.at);
            }
            Effect::Assign => live.handler = Some(target.to_owned()),
            Effect::ReportUp => {
                live.handler = None;
                self.escalate(live, t.at, EscalationCause::ReportedUp);
            }
            Effect::SendBack => {
                live.handler = None;
                if let Some((below, pos)) = live.below.pop() {
                    live.at_unit = below;
                    live.at_pos = pos;
                }
            }
            Effect::YellowCard => self.card(
                live,
                CardColour::Yellow,
                CardReason::ByHand,
                t.at,
                Some(t.actor.to_owned()),
            ),
            Effect::RedCard => self.card(
                live,
                CardColour::Red,
                CardReason::ByHand,
                t.at,
                Some(t.actor.to_owned()),
            ),
            Effect::Handle => live.handled_at = Some(t.at),
            Effect::Reopen => live.handled_at = None,
            Effect::Whistle => {
                for o in target.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                    live.summoned.entry(o.to_owned()).or_insert(None);
                }
            }
            Effect::ReportIn => {
                live.summoned.insert(target.to_owned(), Some(t.at));
            }
            Effect::Close => live.closed_at = Some(t.at),
            Effect::MergeInto => {
                live.merged_into = Some(target.to_owned());
                live.closed_at = Some(t.at);
            }
            Effect::Absorb => live.sources.push(target.to_owned()),
        }
    }

    /// The status at `until`, the last thing asked of `live`: its texts move into the status
    /// rather than being copied.
    fn status(&self, live: &mut Live<'_>, until: NaiveDateTime) -> Result<EventStatus> {
        let e = live.event;
        let state = self.workflow.state(live.state);
        let phase = self.phase(live.state);
        let accept_due = Self::known(self.accept_due(live), until)?;
        let handle_due = Self::known(self.handle_due(live), until)?;
        let paused = if live.paused_minutes > 0 {
            format!(", plus {} working minutes paused", live.paused_minutes)
        } else {
            String::new()
        };
        let (due, why) = if let Some(keep) = &live.merged_into {
            (None, format!("merged into {keep}"))
        } else if phase == Phase::Done {
            (None, "closed".to_owned())
        } else if live.accepted_at.is_none() {
            (
                accept_due,
                format!(
                    "accept within {} working minutes of the report{paused}",
                    live.rule.accept_minutes
                ),
            )
        } else if live.handled_at.is_none() {
            (
                handle_due,
                format!(
                    "handle within {} working minutes of the report{paused}",
                    live.rule.handle_minutes
                ),
            )
        } else {
            (None, "handled; awaiting closure".to_owned())
        };
        let running = phase == Phase::Open;
        Ok(EventStatus {
            id: e.id.to_owned(),
            category: e.category.to_owned(),
            severity: e.severity,
            unit: e.unit.to_owned(),
            at_unit: std::mem::take(&mut live.at_unit),
            state: live.state,
            state_name: state.map(|s| s.name.clone()).unwrap_or_default(),
            phase,
            handler: live.handler.take(),
            reported_at: e.reported_at,
            accepted_at: live.accepted_at,
            handled_at: live.handled_at,
            closed_at: live.closed_at,
            accept_due,
            handle_due,
            overdue: running && due.is_some_and(|d| d < until),
            due,
            why,
            card: live.card,
            escalations: live.trace.escalations.len() as u32,
            paused_minutes: live.paused_minutes,
            summoned: live
                .summoned
                .iter()
                .filter(|(_, r)| r.is_none())
                .map(|(o, _)| o.clone())
                .collect(),
            sources: std::iter::once(e.id.to_owned())
                .chain(live.sources.drain(..))
                .collect(),
            merged_into: live.merged_into.take(),
        })
    }
}
