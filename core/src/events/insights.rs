//! What the platforms do not do: likely duplicates of a new event, and threshold alerts
//! ("5 safety hazards in one grid within 7 days").

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use super::EventBook;
use super::packed::EventView;
use crate::schema::Record;
use crate::{EntityKind, Error, Network, Result};

/// An earlier or later event that looks like the same matter: the same category, at the same
/// or a neighbouring unit (the unit itself, its parent, a child or a sibling), reported within
/// the window, with a similar description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Record)]
#[record(label = "event")]
pub struct Duplicate {
    /// The event asked about.
    pub event: String,
    /// The event that looks like it.
    pub other: String,
    /// How alike the descriptions are: the Jaccard similarity of their character pairs
    /// (0 to 1; pairs of characters suit Chinese, which has no spaces between words).
    pub similarity: f64,
    /// Whether both happened at the very same unit.
    pub same_unit: bool,
    /// Hours between the two reports.
    pub hours_apart: f64,
}

/// A threshold: `count` events of `category` under one unit of `level` within `within_days`
/// days.
///
/// ```
/// let rule = quanyu::events::AlertRule::new("safety_hazard", 5, 7, "Grid");
/// assert_eq!(rule.count, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "category")]
pub struct AlertRule {
    /// The category counted.
    pub category: String,
    /// How many events raise the alert.
    pub count: u32,
    /// Over how many days (calendar days, up to the moment asked).
    pub within_days: u32,
    /// The level of the unit the events are counted under (`"Grid"`).
    pub level: String,
}

impl AlertRule {
    /// `count` events of `category` under one unit of `level` within `within_days` days.
    pub fn new(
        category: impl Into<String>,
        count: u32,
        within_days: u32,
        level: impl Into<String>,
    ) -> Self {
        AlertRule {
            category: category.into(),
            count,
            within_days,
            level: level.into(),
        }
    }
}

/// A threshold reached.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "unit")]
pub struct Alert {
    /// The unit the events were counted under.
    pub unit: String,
    /// Their category.
    pub category: String,
    /// How many there were.
    pub count: u32,
    /// The events, by id.
    pub events: Vec<String>,
    /// The first report counted.
    pub first: NaiveDateTime,
    /// The last report counted.
    pub last: NaiveDateTime,
}

/// The pairs of characters of `text`, ignoring spaces and punctuation.
fn pairs(text: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (pa, pb) = (pairs(a), pairs(b));
    let union = pa.union(&pb).count();
    if union == 0 {
        // Two empty descriptions say nothing either way.
        return 0.0;
    }
    pa.intersection(&pb).count() as f64 / union as f64
}

/// Whether `a` and `b` are the same unit, parent and child, or siblings.
fn neighbours(network: &Network, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let parent = |u: &str| network.parent(u).ok().flatten().map(|p| p.id.to_string());
    let (pa, pb) = (parent(a), parent(b));
    pa.as_deref() == Some(b) || pb.as_deref() == Some(a) || (pa.is_some() && pa == pb)
}

impl EventBook {
    /// The likely duplicates of `event`: events of the same category at the same or a
    /// neighbouring unit, reported within `window_days` days either side, whose descriptions
    /// are at least `min_similarity` alike; the most alike first.
    ///
    /// ```
    /// # use quanyu::events::{EventBook, EventRecord, Workflow};
    /// let net = quanyu::synth::community(7)?;
    /// let home = net.units_by_level("Household")?.next().unwrap().id.to_string();
    /// let at = chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let mut book = EventBook::new(Workflow::five_step());
    /// book.report(&net, EventRecord::new("E1", "environment", home.as_str(), at).description("3号楼楼道堆放杂物"))?;
    /// book.report(&net, EventRecord::new("E2", "environment", home.as_str(), at).description("3号楼楼道堆放大量杂物"))?;
    /// let dup = book.likely_duplicates(&net, "E2", 3, 0.5)?;
    /// assert_eq!(dup[0].other, "E1");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn likely_duplicates(
        &self,
        network: &Network,
        event: &str,
        window_days: u32,
        min_similarity: f64,
    ) -> Result<Vec<Duplicate>> {
        if !(0.0..=1.0).contains(&min_similarity) {
            return Err(Error::invalid_argument(
                "min_similarity",
                format!("must be between 0 and 1, not {min_similarity}"),
            ));
        }
        let e = self
            .log()
            .event(event)
            .ok_or_else(|| Error::not_found(EntityKind::Event, event))?;
        let window = TimeDelta::days(i64::from(window_days));
        let mut out: Vec<Duplicate> = self
            .log()
            .views()
            .filter(|o| o.id != e.id && o.category == e.category)
            .filter(|o| (o.reported_at - e.reported_at).abs() <= window)
            .filter(|o| neighbours(network, &e.unit, o.unit))
            .map(|o| Duplicate {
                event: e.id.clone(),
                other: o.id.to_owned(),
                similarity: similarity(&e.description, o.description),
                same_unit: e.unit == o.unit,
                hours_apart: (o.reported_at - e.reported_at).num_minutes().abs() as f64 / 60.0,
            })
            .filter(|d| d.similarity >= min_similarity)
            .collect();
        out.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.other.cmp(&b.other))
        });
        Ok(out)
    }

    /// The thresholds reached at `at`: for each rule, every unit of its level under which at
    /// least `count` events of its category were reported in the `within_days` days up to
    /// `at`.
    ///
    /// ```
    /// # use quanyu::events::{AlertRule, EventBook, EventRecord, Workflow};
    /// let net = quanyu::synth::community(7)?;
    /// let home = net.units_by_level("Household")?.next().unwrap().id.to_string();
    /// let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
    /// let mut book = EventBook::new(Workflow::five_step());
    /// for h in 0..5 {
    ///     let at = day.and_hms_opt(9 + h, 0, 0).unwrap();
    ///     book.report(&net, EventRecord::new(format!("E{h}"), "safety_hazard", home.as_str(), at))?;
    /// }
    /// let rule = AlertRule::new("safety_hazard", 5, 7, "Grid");
    /// let alerts = book.alerts(&net, &[rule], day.and_hms_opt(18, 0, 0).unwrap())?;
    /// assert_eq!(alerts.len(), 1);
    /// assert_eq!(alerts[0].count, 5);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn alerts(
        &self,
        network: &Network,
        rules: &[AlertRule],
        at: NaiveDateTime,
    ) -> Result<Vec<Alert>> {
        let mut out = Vec::new();
        for rule in rules {
            let level = network.scheme().require(&rule.level)?;
            let since = at - TimeDelta::days(i64::from(rule.within_days));
            let mut under: BTreeMap<String, Vec<EventView<'_>>> = BTreeMap::new();
            for e in self.log().views() {
                if e.category != rule.category || e.reported_at > at || e.reported_at <= since {
                    continue;
                }
                let own = network
                    .unit(e.unit)
                    .ok()
                    .filter(|u| u.level == level)
                    .map(|u| u.id.to_string());
                let above = || {
                    network
                        .ancestors(e.unit)
                        .ok()
                        .and_then(|up| up.into_iter().find(|u| u.level == level))
                        .map(|u| u.id.to_string())
                };
                if let Some(unit) = own.or_else(above) {
                    under.entry(unit).or_default().push(e);
                }
            }
            for (unit, events) in under {
                if events.len() as u64 >= u64::from(rule.count.max(1)) {
                    out.push(Alert {
                        unit,
                        category: rule.category.clone(),
                        count: events.len() as u32,
                        first: events.iter().map(|e| e.reported_at).min().unwrap_or(at),
                        last: events.iter().map(|e| e.reported_at).max().unwrap_or(at),
                        events: events.iter().map(|e| e.id.to_owned()).collect(),
                    });
                }
            }
        }
        Ok(out)
    }
}
