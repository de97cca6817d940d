//! Retention: `Network::purge` removes the personal fields of persons who left, once their
//! declared retention ran out, and nothing else.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use quanyu::privacy::AccessAction;
use quanyu::schema::Record;
use quanyu::{
    ContractKind, ContractRecord, MembershipRecord, Network, OrganisationKind, OrganisationRecord,
    PersonRecord, PostRecord, Role, UnitRecord,
};

use crate::common::day;
use crate::invariants::assert_round_trips;

const PHONE: &str = "13800000001";
const ID: &str = "11010519491231002X";

/// The day the purges of these tests count to.
fn as_of() -> NaiveDate {
    day("2026-06-30")
}

/// A person with both personal fields.
fn full(id: &str) -> PersonRecord {
    PersonRecord::new(id).phone(PHONE).id_number(ID)
}

/// A subdistrict with one household and one organisation, and persons who stand every way a
/// person can on `as_of()`.
fn network() -> Network {
    let mut net = Network::new();
    let mut e = net.edit();
    e.add_unit(UnitRecord::new("S", "Subdistrict"))
        .add_unit(UnitRecord::new("A", "Area").parent("S"))
        .add_unit(UnitRecord::new("G", "Grid").parent("A"))
        .add_unit(UnitRecord::new("B", "Building").parent("G"))
        .add_unit(UnitRecord::new("H1", "Household").parent("B"))
        .add_unit(UnitRecord::new("H2", "Household").parent("B"))
        .add_organisation(
            OrganisationRecord::new("WC", OrganisationKind::WorkingCommittee).anchor("S"),
        )
        // Lives here: kept whatever else.
        .add_person(full("resident").home("H1").moved_out(day("2010-01-01")))
        // Moved out four years ago: both fields are past their retention.
        .add_person(full("gone4").moved_out(day("2022-06-30")))
        // Moved out two years ago: only the ID number (1 year) is.
        .add_person(full("gone2").moved_out(day("2024-06-30")))
        // Holds a contract that ended five years ago, and no home.
        .add_person(full("contractor"))
        .add_contract(
            ContractRecord::new(
                ContractKind::Neighbours,
                "contractor",
                "H2",
                day("2019-01-01"),
            )
            .until(day("2021-06-30")),
        )
        // Holds a post still running, and no home.
        .add_person(full("leader"))
        .add_post(PostRecord::at_unit(
            "leader",
            Role::GridLeader,
            "G",
            day("2020-01-01"),
        ))
        // A post that ends after the purge's day still links its holder.
        .add_person(full("leaving"))
        .add_post(
            PostRecord::at_unit("leaving", Role::GridWorker, "G", day("2020-01-01"))
                .until(day("2026-07-01")),
        )
        // Moved out long ago, but a membership ended half a year ago: counted from the later.
        .add_person(full("member").moved_out(day("2015-01-01")))
        .add_membership(
            MembershipRecord::new("member", "WC", day("2012-01-01")).until(day("2025-12-31")),
        )
        // A post that ended three years and a day ago, and a phone only.
        .add_person(PersonRecord::new("former").phone(PHONE))
        .add_post(
            PostRecord::at_organisation("former", Role::Secretary, "WC", day("2018-01-01"))
                .until(day("2023-06-29")),
        )
        // Linked to nothing and with no moving-out day: nothing to count from.
        .add_person(full("undated"));
    e.commit().expect("the test network is valid");
    net
}

/// `d` plus `years`, by hand: the same day of the same month, and 28 February for a 29
/// February that the later year lacks.
fn plus_years(d: NaiveDate, years: u32) -> NaiveDate {
    let y = d.year() + years as i32;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .expect("a date")
}

/// What a purge on `as_of` must remove from `net` and whom it cannot date, computed from the
/// exported records (not from the graph the purge reads).
fn expected(net: &Network, as_of: NaiveDate) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let mut removed = BTreeSet::new();
    let mut undated = BTreeSet::new();
    // Every person's span ends, from the three dated tables.
    let mut spans: HashMap<String, Vec<Option<NaiveDate>>> = HashMap::new();
    for r in net.post_records() {
        spans.entry(r.person).or_default().push(r.end);
    }
    for r in net.membership_records() {
        spans.entry(r.person).or_default().push(r.end);
    }
    for r in net.contract_records() {
        if !r.kind.held_by_organisations() {
            spans.entry(r.holder).or_default().push(r.end);
        }
    }
    for p in net.person_records() {
        let ends = spans.remove(&p.id).unwrap_or_default();
        let open = ends.iter().any(|e| e.is_none_or(|e| e > as_of));
        if p.home.is_some() || open {
            continue;
        }
        let Some(last) = ends.into_iter().flatten().chain(p.moved_out).max() else {
            undated.insert(p.id.clone());
            continue;
        };
        let held = [
            ("phone", p.phone.is_some()),
            ("id_number", p.id_number.is_some()),
        ];
        for (field, has) in held {
            let years = PersonRecord::SCHEMA
                .field(field)
                .and_then(|f| f.retention)
                .expect("a declared retention")
                .years;
            if has && plus_years(last, years) <= as_of {
                removed.insert((p.id.clone(), field.to_owned()));
            }
        }
    }
    (removed, undated)
}

fn removed_pairs(report: &quanyu::PurgeReport) -> BTreeSet<(String, String)> {
    report
        .removed
        .iter()
        .map(|r| (r.person.clone(), r.field.clone()))
        .collect()
}

#[test]
fn fields_past_their_retention_are_removed_and_nothing_else() {
    let mut net = network();
    let before = net.clone();
    let report = net.purge(as_of(), "ops-01").unwrap();
    assert_eq!(report.as_of, as_of());

    // Against the computation from the records.
    let (want_removed, want_undated) = expected(&before, as_of());
    assert_eq!(removed_pairs(&report), want_removed);
    assert_eq!(
        report.undated.iter().cloned().collect::<BTreeSet<_>>(),
        want_undated
    );

    // And against what each person's story says.
    let fields = |id: &str| {
        let p = net.person(id).unwrap();
        (p.phone.is_some(), p.id_number.is_some())
    };
    assert_eq!(fields("resident"), (true, true));
    assert_eq!(fields("gone4"), (false, false));
    assert_eq!(fields("gone2"), (true, false));
    assert_eq!(fields("contractor"), (false, false));
    assert_eq!(fields("leader"), (true, true));
    assert_eq!(fields("leaving"), (true, true));
    assert_eq!(fields("member"), (true, true));
    assert!(!fields("former").0);
    assert_eq!(fields("undated"), (true, true));
    assert_eq!(report.undated, ["undated"]);

    // Each removal names the day its count started.
    let last = |id: &str| {
        report
            .removed
            .iter()
            .find(|r| r.person == id)
            .map(|r| r.last_link_end)
    };
    assert_eq!(last("gone4"), Some(day("2022-06-30")));
    assert_eq!(last("contractor"), Some(day("2021-06-30")));
    assert_eq!(last("former"), Some(day("2023-06-29")));

    // Nothing but those fields changed.
    let mut restored = net.clone();
    let mut e = restored.edit();
    for p in before.person_records() {
        e.update_person(p);
    }
    e.commit().unwrap();
    assert_eq!(restored, before);
    for (b, a) in before.person_records().zip(net.person_records()) {
        assert_eq!(
            (&b.id, &b.name, &b.home, b.moved_out),
            (&a.id, &a.name, &a.home, a.moved_out)
        );
    }
    assert_eq!(
        before.post_records().collect::<Vec<_>>(),
        net.post_records().collect::<Vec<_>>()
    );
}

#[test]
fn the_purged_network_round_trips_exactly() {
    let mut net = network();
    net.purge(as_of(), "ops-01").unwrap();
    assert_round_trips(&net);
    // The moving-out days survive every form too.
    assert!(net.person_records().any(|p| p.moved_out.is_some()));
}

#[test]
fn a_second_purge_removes_nothing() {
    let mut net = network();
    let first = net.purge(as_of(), "ops-01").unwrap();
    assert!(!first.removed.is_empty());
    let after_first = net.clone();
    let second = net.purge(as_of(), "ops-01").unwrap();
    assert!(second.removed.is_empty());
    assert_eq!(second.undated, first.undated);
    assert_eq!(net, after_first);
}

#[test]
fn every_purge_is_in_the_access_log() {
    let mut net = network();
    let first = net.purge(as_of(), "ops-01").unwrap();
    net.purge(as_of(), "ops-02").unwrap();
    let log = net.access_log().records();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|r| r.action == AccessAction::Purge));
    assert!(
        log.iter()
            .all(|r| r.purpose == "retention" && r.table == "persons")
    );
    assert_eq!(
        (log[0].who.as_str(), log[1].who.as_str()),
        ("ops-01", "ops-02")
    );
    // The first names the fields and persons it removed; the second, which removed nothing,
    // is recorded all the same.
    let persons: BTreeSet<String> = first.removed.iter().map(|r| r.person.clone()).collect();
    assert_eq!(
        log[0].records.iter().cloned().collect::<BTreeSet<_>>(),
        persons
    );
    assert_eq!(log[0].fields, ["phone", "id_number"]);
    assert!(log[1].records.is_empty() && log[1].fields.is_empty());
}

#[test]
fn a_refused_purge_changes_nothing_and_records_nothing() {
    let mut net = network();
    let before = net.clone();
    let err = net.purge(as_of(), "  ").unwrap_err().to_string();
    assert!(err.contains("`who`"), "{err}");
    let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
    let err = net.purge(far, "ops-01").unwrap_err().to_string();
    assert!(err.contains("`as_of`"), "{err}");
    assert_eq!(net, before);
    assert!(net.access_log().is_empty());
}

#[test]
fn the_count_runs_in_calendar_years_from_29_february() {
    let mut net = Network::new();
    let mut e = net.edit();
    e.add_unit(UnitRecord::new("S", "Subdistrict"))
        .add_person(full("leap").moved_out(day("2024-02-29")));
    e.commit().unwrap();
    // One year after 29 February 2024 is 28 February 2025: the ID number stays the day before,
    // and goes on that day.
    let report = net.purge(day("2025-02-27"), "ops-01").unwrap();
    assert!(report.removed.is_empty());
    assert!(net.person("leap").unwrap().id_number.is_some());
    let report = net.purge(day("2025-02-28"), "ops-01").unwrap();
    assert_eq!(removed_pairs(&report), expected_one("leap", "id_number"));
    // Three years on, 28 February 2027, the phone.
    let report = net.purge(day("2027-02-27"), "ops-01").unwrap();
    assert!(report.removed.is_empty());
    let report = net.purge(day("2027-02-28"), "ops-01").unwrap();
    assert_eq!(removed_pairs(&report), expected_one("leap", "phone"));
    assert_eq!(plus_years(day("2024-02-29"), 3), day("2027-02-28"));
}

fn expected_one(person: &str, field: &str) -> BTreeSet<(String, String)> {
    BTreeSet::from([(person.to_owned(), field.to_owned())])
}

#[test]
fn on_a_synthetic_community_the_purge_matches_the_records() {
    // The synthetic persons have homes; move some out, on days spread over ten years.
    let mut net = quanyu::synth::community(3).unwrap();
    let records: Vec<PersonRecord> = net.person_records().collect();
    let mut e = net.edit();
    for (i, mut p) in records.into_iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        p.home = None;
        p.moved_out = Some(day("2016-02-29") + chrono::Days::new(i as u64 * 37 % 3650));
        e.update_person(p);
    }
    e.commit().unwrap();
    let before = net.clone();
    let report = net.purge(as_of(), "ops-01").unwrap();
    let (want_removed, want_undated) = expected(&before, as_of());
    assert!(!want_removed.is_empty());
    assert_eq!(removed_pairs(&report), want_removed);
    assert_eq!(
        report.undated.iter().cloned().collect::<BTreeSet<_>>(),
        want_undated
    );
    for (person, field) in &want_removed {
        let p = net.person(person).unwrap();
        let held = if field == "phone" {
            &p.phone
        } else {
            &p.id_number
        };
        assert!(held.is_none(), "{person} {field}");
    }
    assert_round_trips(&net);
}
