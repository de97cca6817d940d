//! Service levels as data: how long an event may wait to be accepted and to be handled, and
//! when it earns a yellow or a red card, per category and severity.

use serde::{Deserialize, Serialize};

use super::Severity;
use crate::schema::Record;

/// The service level of the events it matches (a category, a severity, both or neither).
///
/// Deadlines count working minutes of the [`WorkCalendar`](super::WorkCalendar); cards fall
/// on the N-th working day strictly after the report, at the same time of day. Time spent in
/// a paused state (waiting for the resident) is added to every deadline and card.
///
/// ```
/// use quanyu::events::SlaRule;
/// let rule = SlaRule::default();
/// assert_eq!((rule.yellow_unaccepted_days, rule.red_unaccepted_days), (1, 2));
/// assert_eq!((rule.yellow_unhandled_days, rule.red_unhandled_days), (5, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "category")]
pub struct SlaRule {
    /// The category it applies to; `None` for every category.
    #[serde(default)]
    pub category: Option<String>,
    /// The severity it applies to; `None` for every severity.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Working minutes allowed before acceptance.
    pub accept_minutes: u32,
    /// Working minutes allowed before the event is handled, from its report.
    pub handle_minutes: u32,
    /// Working days unaccepted before a yellow card.
    pub yellow_unaccepted_days: u32,
    /// Working days unaccepted before a red card.
    pub red_unaccepted_days: u32,
    /// Working days unhandled before a yellow card.
    pub yellow_unhandled_days: u32,
    /// Working days unhandled before a red card.
    pub red_unhandled_days: u32,
    /// Whether an event that misses its handling deadline moves one level up.
    pub escalate_when_overdue: bool,
}

impl Default for SlaRule {
    /// One working day to accept, five to handle; cards after 1 and 2 days unaccepted, 5 and
    /// 10 days unhandled; late events escalate.
    fn default() -> Self {
        SlaRule {
            category: None,
            severity: None,
            accept_minutes: 420,
            handle_minutes: 5 * 420,
            yellow_unaccepted_days: 1,
            red_unaccepted_days: 2,
            yellow_unhandled_days: 5,
            red_unhandled_days: 10,
            escalate_when_overdue: true,
        }
    }
}

impl SlaRule {
    /// How closely the rule fits an event: `None` when it does not apply, else higher for a
    /// rule naming both the category and the severity.
    fn fit(&self, category: &str, severity: Severity) -> Option<u8> {
        let c = match &self.category {
            Some(c) if c != category => return None,
            Some(_) => 2,
            None => 0,
        };
        let s = match self.severity {
            Some(s) if s != severity => return None,
            Some(_) => 1,
            None => 0,
        };
        Some(c + s)
    }
}

/// The service levels: the most specific matching rule applies (category and severity, then
/// category, then severity, then the general rule); among equally specific rules, the first.
///
/// ```
/// use quanyu::events::{Severity, SlaPolicy};
/// let sla = SlaPolicy::default();
/// assert_eq!(sla.rule("dispute", Severity::Low).accept_minutes, 420);
/// assert_eq!(sla.rule("dispute", Severity::Urgent).accept_minutes, 60);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// The rules.
    pub rules: Vec<SlaRule>,
}

impl Default for SlaPolicy {
    /// The general rule, and a faster one for urgent events: an hour to accept, a working day
    /// to handle.
    fn default() -> Self {
        SlaPolicy {
            rules: vec![
                SlaRule::default(),
                SlaRule {
                    severity: Some(Severity::Urgent),
                    accept_minutes: 60,
                    handle_minutes: 420,
                    ..SlaRule::default()
                },
            ],
        }
    }
}

impl SlaPolicy {
    /// The rule for an event of `category` and `severity`; the default rule when none fits.
    pub fn rule(&self, category: &str, severity: Severity) -> SlaRule {
        let mut best: Option<(u8, &SlaRule)> = None;
        for r in &self.rules {
            if let Some(f) = r.fit(category, severity)
                && best.is_none_or(|(b, _)| f > b)
            {
                best = Some((f, r));
            }
        }
        best.map(|(_, r)| r.clone()).unwrap_or_default()
    }
}
