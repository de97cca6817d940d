//! Retention (PIPL art. 19, 47): the personal fields of persons who left, removed once their
//! declared retention has run out.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::graph::{Ix, Relation};
use crate::model::rules;
use crate::privacy::AccessAction;
use crate::schema::Record;
use crate::{Change, Changeset, Error, Network, PersonRecord, Result};

/// The purpose a purge is recorded under in the [access log](crate::privacy::AccessLog).
pub(crate) const RETENTION: &str = "retention";

/// One personal field of one person removed by a [purge](Network::purge).
///
/// ```
/// use quanyu::schema::Record;
/// assert!(quanyu::PurgedField::SCHEMA.field("last_link_end").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "person")]
pub struct PurgedField {
    /// The person's id.
    pub person: String,
    /// The field removed, by name (`phone`, `id_number`).
    pub field: String,
    /// The day the person's last link to the network ended (their moving out, or the end of
    /// their last post, contract or membership), from which the retention was counted.
    pub last_link_end: NaiveDate,
}

/// What a [purge](Network::purge) did: the fields it removed, and the persons it could not
/// date.
///
/// ```
/// let mut net = quanyu::synth::community(1)?;
/// let report = net.purge("2030-01-01".parse().unwrap(), "ops-01")?;
/// assert_eq!(report.as_of.to_string(), "2030-01-01");
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "as_of")]
pub struct PurgeReport {
    /// The day the retention was counted to.
    pub as_of: NaiveDate,
    /// Every field removed, person by person in the network's order, each person's fields in
    /// the order of their declaration.
    pub removed: Vec<PurgedField>,
    /// The ids of the persons linked to nothing (no home, no post, contract or membership)
    /// and with no moving-out date: there is no day to count their retention from, so they
    /// are kept whole, for an operator to decide on.
    pub undated: Vec<String>,
}

/// Where a person stands on a day: still linked, left on a known day, or left on no known day.
enum Standing {
    Linked,
    Left(NaiveDate),
    Undated,
}

/// `day` moved on by `years` calendar years (29 February to 28 February in a common year);
/// `None` past the last date chrono knows, which no `as_of` reaches.
fn years_after(day: NaiveDate, years: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// Removes the value of `field` from `record`; whether it held one. A personal field of
/// persons that this does not know is an error, so that a new one cannot be kept past its
/// retention unnoticed (a test checks every declared one).
fn clear(record: &mut PersonRecord, field: &str) -> Result<bool> {
    let slot = match field {
        "phone" => &mut record.phone,
        "id_number" => &mut record.id_number,
        other => {
            return Err(Error::invalid_argument(
                "field",
                format!("the purge does not know how to remove the personal field `{other}`"),
            ));
        }
    };
    Ok(slot.take().is_some())
}

impl Network {
    /// How `person` stands on `as_of`: linked while they have a home or a post, contract or
    /// membership running on that day (no end, or an end after it); else left on the latest
    /// of their moving-out day and the ends of their posts, contracts and memberships.
    fn standing(&self, person: Ix, as_of: NaiveDate) -> Standing {
        if self.home_ix(person).is_some() {
            return Standing::Linked;
        }
        let mut last = self.person_at(person).moved_out;
        for edge in self.graph.edges(person) {
            let span = match edge.weight() {
                Relation::MemberOf(span)
                | Relation::HoldsPost(_, span)
                | Relation::Contract(_, span) => span,
                _ => continue,
            };
            match span.end {
                Some(end) if end <= as_of => last = last.max(Some(end)),
                _ => return Standing::Linked,
            }
        }
        last.map_or(Standing::Undated, Standing::Left)
    }

    /// Removes the personal fields whose retention has run out on `as_of`, and records in the
    /// [access log](Network::access_log) that `who` did (purpose `retention`, action
    /// [`Purge`](AccessAction::Purge)).
    ///
    /// Every personal field declares how many years it is kept after its subject's last link
    /// to the data ended ([`FieldSchema::retention`](crate::schema::FieldSchema::retention)).
    /// A person with a home, or with a post, contract or membership running on `as_of` (no
    /// end, or an end after it), is kept whole. For any other person the last link ended on
    /// the latest of their [moving-out day](PersonRecord::moved_out) and the ends of their
    /// posts, contracts and memberships; a field is removed when that day plus its retention
    /// in calendar years (29 February counting to 28 February) is on or before `as_of`. A
    /// person linked to nothing and with no moving-out day cannot be dated: they are kept,
    /// and listed in the report's `undated`.
    ///
    /// The removals are one edit, all or nothing; a purge that removes nothing is recorded
    /// too, since the operator must be able to show that purges ran. `who` must name someone
    /// and `as_of` fall in the years every date must (1 to 9999); either error changes
    /// nothing and records nothing.
    ///
    /// ```
    /// use quanyu::{Network, PersonRecord, UnitRecord};
    /// let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut net = Network::new();
    /// let mut e = net.edit();
    /// e.add_unit(UnitRecord::new("S", "Subdistrict"))
    ///     .add_person(PersonRecord::new("P1").phone("13800000001").id_number("11010519491231002X")
    ///         .moved_out(day("2023-05-01")));
    /// e.commit()?;
    ///
    /// let report = net.purge(day("2025-05-01"), "ops-01")?;
    /// // Two years on: the ID number (kept 1 year) goes, the phone (3 years) stays.
    /// assert_eq!(report.removed.len(), 1);
    /// assert_eq!(report.removed[0].field, "id_number");
    /// let p1 = net.person("P1")?;
    /// assert!(p1.id_number.is_none() && p1.phone.is_some());
    /// assert_eq!(net.access_log().records()[0].action, quanyu::privacy::AccessAction::Purge);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn purge(&mut self, as_of: NaiveDate, who: &str) -> Result<PurgeReport> {
        if who.trim().is_empty() {
            return Err(Error::invalid_argument(
                "who",
                "name who runs the purge (a user id)",
            ));
        }
        if let Some(m) = rules::date_problem("as_of", as_of) {
            return Err(Error::invalid_argument("as_of", m));
        }
        let personal: Vec<(&'static str, u32)> = PersonRecord::SCHEMA
            .fields
            .iter()
            .filter(|f| f.class.is_personal())
            .filter_map(|f| Some((f.name, f.retention?.years)))
            .collect();
        let mut report = PurgeReport {
            as_of,
            removed: Vec::new(),
            undated: Vec::new(),
        };
        let mut changes = Changeset::new();
        let mut persons: Vec<String> = Vec::new();
        let people: Vec<Ix> = self.person_nodes().collect();
        for ix in people {
            let last = match self.standing(ix, as_of) {
                Standing::Linked => continue,
                Standing::Undated => {
                    report.undated.push(self.person_at(ix).id.to_string());
                    continue;
                }
                Standing::Left(day) => day,
            };
            let mut record = self.person_record(ix);
            let mut changed = false;
            for &(field, years) in &personal {
                let due = years_after(last, years).is_some_and(|d| d <= as_of);
                if due && clear(&mut record, field)? {
                    changed = true;
                    report.removed.push(PurgedField {
                        person: record.id.clone(),
                        field: field.to_owned(),
                        last_link_end: last,
                    });
                }
            }
            if changed {
                persons.push(record.id.clone());
                changes.push(Change::UpdatePerson(record));
            }
        }
        if !changes.is_empty() {
            self.apply(changes)?;
        }
        let mut fields: Vec<String> = Vec::new();
        for (field, _) in &personal {
            if report.removed.iter().any(|r| r.field == *field) {
                fields.push((*field).to_owned());
            }
        }
        self.access.record(
            who,
            RETENTION,
            AccessAction::Purge,
            PersonRecord::SCHEMA
                .table
                .unwrap_or(PersonRecord::SCHEMA.name),
            fields,
            persons,
        );
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_personal_field_of_persons_can_be_removed() {
        for f in PersonRecord::SCHEMA.fields {
            if f.class.is_personal() {
                let mut r = PersonRecord::new("P");
                assert!(clear(&mut r, f.name).is_ok(), "{}", f.name);
                assert!(f.retention.is_some(), "{} declares no retention", f.name);
            }
        }
        assert!(clear(&mut PersonRecord::new("P"), "name").is_err());
    }

    #[test]
    fn years_are_calendar_years() {
        assert_eq!(years_after(day("2020-02-29"), 1), Some(day("2021-02-28")));
        assert_eq!(years_after(day("2020-02-29"), 4), Some(day("2024-02-29")));
        assert_eq!(years_after(day("2023-12-31"), 3), Some(day("2026-12-31")));
        assert_eq!(years_after(NaiveDate::MAX, 1), None);
    }
}
