//! The generated conversions and the support they rely on: every basic type and every record
//! of a synthetic network round-trips, and a bad value is a problem naming its row, field and
//! value — never a panic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use quanyu::venues::{Feature, FeatureSet};
use quanyu::{CompactString, Sensitive};

use super::{Cx, Wire, read, try_read};
use crate::error::{Problem, QuanyuError};
use crate::types::{IsoDate, IsoDateTime, IsoTime};

/// `value` out to the app and back is `value`, with no problem.
fn round_trip<T: Wire + PartialEq + Debug>(value: T) {
    let ffi = value.to_ffi(&Cx::default());
    let back: T = read("value", ffi).unwrap_or_else(|e| panic!("{value:?}: {e}"));
    assert_eq!(back, value);
}

/// The (row, field) pairs of some problems, and their messages.
type Found = (Vec<(String, String)>, Vec<String>);

/// The problems of reading `ffi` as a `T`.
fn problems<T: Wire>(ffi: T::Ffi) -> Found {
    let (value, problems) = try_read::<T>("arg", ffi);
    let problems: Vec<Problem> = problems.into_problems();
    assert_eq!(value.is_none(), !problems.is_empty());
    (
        problems
            .iter()
            .map(|p| (p.id.clone(), p.field.clone()))
            .collect(),
        problems.into_iter().map(|p| p.message).collect(),
    )
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_basic_type_round_trips() {
    round_trip(String::from("滨江街道 🏠\u{0}"));
    round_trip(String::new());
    round_trip(CompactString::from("S001-A01-G01"));
    round_trip(Sensitive::new("13800000000"));
    round_trip(true);
    round_trip(false);
    for x in [0.0, -1.5, f64::MAX, f64::MIN_POSITIVE] {
        round_trip(x);
    }
    for n in [u8::MIN, 7, u8::MAX] {
        round_trip(n);
    }
    for n in [u16::MIN, u16::MAX] {
        round_trip(n);
    }
    for n in [u32::MIN, 3, u32::MAX] {
        round_trip(n);
    }
    for n in [u64::MIN, i64::MAX as u64] {
        round_trip(n);
    }
    for n in [usize::MIN, i64::MAX as usize] {
        round_trip(n);
    }
    for n in [i32::MIN, -1, i32::MAX] {
        round_trip(n);
    }
    for n in [i64::MIN, 0, i64::MAX] {
        round_trip(n);
    }
    for d in ["2024-10-13", "0001-01-01", "9999-12-31", "2024-02-29"] {
        round_trip(day(d));
    }
    round_trip(NaiveDate::from_ymd_opt(12024, 1, 1).unwrap());
    round_trip(day("2024-10-15").and_hms_opt(18, 30, 0).unwrap());
    round_trip(NaiveTime::from_hms_opt(21, 0, 0).unwrap());
    for w in [Weekday::Mon, Weekday::Sun] {
        round_trip(w);
    }
    round_trip(Some(day("2024-10-13")));
    round_trip(None::<String>);
    round_trip(vec![1u32, 2, 3]);
    round_trip(Vec::<Vec<u8>>::new());
    round_trip(BTreeSet::from([
        quanyu::Role::GridLeader,
        quanyu::Role::Pioneer,
    ]));
    round_trip(BTreeMap::from([
        ("P".to_owned(), 3u32),
        ("Q".to_owned(), 0),
    ]));
    round_trip(
        [Feature::StepFree, Feature::WiFi]
            .into_iter()
            .collect::<FeatureSet>(),
    );
    round_trip(FeatureSet::default());
    round_trip(("P".to_owned(), "H1".to_owned()));
    round_trip((255u8, 12u64));
    round_trip(("G".to_owned(), vec![("JW-1".to_owned(), 3usize)]));
}

#[test]
fn a_level_shows_by_its_name_and_is_never_read() {
    let net = quanyu::Network::new();
    let grid = net.scheme().level("Grid").unwrap();
    assert_eq!(grid.to_ffi(&Cx::with_scheme(net.scheme())), "Grid");
    assert_eq!(grid.to_ffi(&Cx::default()), grid.index().to_string());
    let (rows, messages) = problems::<quanyu::Level>("Grid".into());
    assert_eq!(rows, [(String::new(), "arg".to_owned())]);
    assert!(messages[0].contains("`Grid`"), "{}", messages[0]);
}

#[test]
fn numbers_out_of_range_are_problems_naming_the_value() {
    let cases: Vec<Found> = vec![
        problems::<u8>(256),
        problems::<u8>(-1),
        problems::<u16>(i32::MIN),
        problems::<u32>(-3),
        problems::<u32>(i64::MAX),
        problems::<u64>(-1),
        problems::<usize>(i64::MIN),
    ];
    for (value, (rows, messages)) in [
        "256",
        "-1",
        "-2147483648",
        "-3",
        "9223372036854775807",
        "-1",
        "-9223372036854775808",
    ]
    .iter()
    .zip(cases)
    {
        assert_eq!(rows, [(String::new(), "arg".to_owned())]);
        assert!(
            messages[0].starts_with("expected a whole number from 0 to ")
                && messages[0].ends_with(&format!("got {value}")),
            "{}",
            messages[0]
        );
    }
}

#[test]
fn dates_and_times_the_core_cannot_hold_are_problems() {
    for bad in ["", "2024-02-30", "+99999999-01-01", "13/10/2024"] {
        let (rows, messages) = problems::<NaiveDate>(IsoDate::from(bad));
        assert_eq!(rows.len(), 1);
        assert!(messages[0].contains(&format!("`{bad}`")), "{}", messages[0]);
    }
    assert_eq!(
        problems::<NaiveDateTime>(IsoDateTime::from("2024-10-15"))
            .0
            .len(),
        1
    );
    assert_eq!(problems::<NaiveTime>(IsoTime::from("24:00")).0.len(), 1);
}

#[test]
fn a_bad_record_lists_every_problem_with_row_field_and_value() {
    let window = super::TimeWindow {
        start: IsoDateTime::from("2024-10-15T18:00"),
        end: IsoDateTime::from("tomorrow"),
    };
    let request = super::RequestRecord {
        id: "R-1".into(),
        organisation: "GB".into(),
        unit: None,
        activity: String::new(),
        attendees: -1,
        features: vec![super::Feature::WiFi],
        kinds: vec![],
        windows: vec![window.clone(), window],
        duration_minutes: 60,
        priority: 300,
        repeat_weeks: 1,
        max_travel: super::Proximity::SameGrid,
    };
    let (rows, messages) = problems::<quanyu::venues::RequestRecord>(request);
    let rows: Vec<(&str, &str)> = rows.iter().map(|(r, f)| (r.as_str(), f.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("R-1", "attendees"),
            ("R-1", "windows[0].end"),
            ("R-1", "windows[1].end"),
            ("R-1", "priority"),
        ]
    );
    assert!(messages[0].ends_with("got -1"));
    assert!(messages[1].contains("`tomorrow`"));
    assert!(messages[3].ends_with("got 300"));
}

#[test]
fn changes_name_the_record_they_carry_or_their_place_in_the_list() {
    let changes = vec![
        super::Change::AddUnit {
            unit: super::UnitRecord {
                id: "H".into(),
                name: String::new(),
                level: "Household".into(),
                parent: None,
                grid_kind: None,
                residents: -3,
                code: None,
            },
        },
        super::Change::AddContract {
            contract: super::ContractRecord {
                kind: super::ContractKind::Neighbours,
                holder: "P".into(),
                target: "H".into(),
                start: IsoDate::from("yesterday"),
                end: Some(IsoDate::from("2024-13-01")),
            },
        },
        super::Change::EndPost {
            key: super::PostKey {
                person: "Q".into(),
                role: super::Role::GridLeader,
                unit: Some("G".into()),
                organisation: None,
                start: IsoDate::from("2024-10-13"),
            },
            end: IsoDate::from("soon"),
        },
    ];
    let (rows, _) = problems::<Vec<quanyu::Change>>(changes);
    let rows: Vec<(&str, &str)> = rows.iter().map(|(r, f)| (r.as_str(), f.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("H", "residents"),
            ("P", "start"),
            ("P", "end"),
            ("", "arg[2].end"),
        ]
    );
    match read::<Vec<quanyu::Change>>("changes", vec![]) {
        Ok(v) => assert!(v.is_empty()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_change_round_trips_through_the_core() {
    let d = day("2024-10-13");
    let changes = vec![
        quanyu::Change::AddUnit(quanyu::UnitRecord::new("S", "Subdistrict")),
        quanyu::Change::MoveUnit {
            id: "G".into(),
            parent: Some("A".into()),
        },
        quanyu::Change::EndPost {
            key: quanyu::PostKey {
                person: "P".into(),
                role: quanyu::Role::GridLeader,
                unit: Some("G".into()),
                organisation: None,
                start: d,
            },
            end: d,
        },
        quanyu::Change::EndContract {
            key: quanyu::ContractKey::new(quanyu::ContractKind::Building, "P", "B", d),
            end: d,
        },
        quanyu::Change::RemoveMembership(quanyu::MembershipKey::new("P", "GB", d)),
        quanyu::Change::ClearGridLayer {
            building: "B".into(),
            layer: quanyu::GridLayer::Policing,
        },
        quanyu::Change::AddLead(quanyu::LeadRecord::new("P", "V")),
    ];
    round_trip(changes);
}

#[test]
fn every_record_of_a_network_and_its_menu_round_trips() {
    let net = quanyu::synth::community(11).unwrap();
    let day = quanyu::synth::REFERENCE_DATE;
    round_trip(net.unit_records().collect::<Vec<_>>());
    round_trip(net.organisation_records().collect::<Vec<_>>());
    round_trip(net.person_records().collect::<Vec<_>>());
    round_trip(net.membership_records().collect::<Vec<_>>());
    round_trip(net.post_records().collect::<Vec<_>>());
    round_trip(net.grid_layer_records().collect::<Vec<_>>());
    round_trip(net.task_records().collect::<Vec<_>>());
    round_trip(net.lead_records().collect::<Vec<_>>());
    round_trip(net.service_records().collect::<Vec<_>>());
    round_trip(net.contract_records().collect::<Vec<_>>());
    round_trip(net.scheme().defs().to_vec());
    round_trip(net.persons().cloned().collect::<Vec<_>>());
    round_trip(net.audit(day));
    round_trip(net.compare_layer(quanyu::GridLayer::Policing));
    let rules = quanyu::contracts::Rules::default();
    round_trip(rules.iter().cloned().collect::<Vec<_>>());
    round_trip(quanyu::contracts::audit(&net, day, &rules));
    round_trip(quanyu::contracts::plan(&net, day, &rules).unwrap());
    round_trip(quanyu::contracts::reach(&net, day));

    let mut menu = quanyu::venues::synth::menu(&net, 11).unwrap();
    let week = quanyu::venues::synth::week_of(day);
    let requests = quanyu::venues::synth::requests(&net, &menu, week, 40, 11).unwrap();
    menu.add(
        &net,
        quanyu::venues::MenuRecords {
            requests,
            ..Default::default()
        },
    )
    .unwrap();
    let options = quanyu::venues::MatchOptions {
        export_instance: true,
        ..Default::default()
    };
    round_trip(options.clone());
    let report = menu.match_requests(&net, &options).unwrap();
    assert!(!report.placed.is_empty() && report.instance.is_some());
    round_trip(report);
    let records = menu.records();
    let ffi = records.to_ffi(&Cx::default());
    let back: quanyu::venues::MenuRecords = read("records", ffi.clone()).unwrap();
    assert_eq!(back.to_ffi(&Cx::default()), ffi);
}

#[test]
fn a_unit_names_its_level_by_the_networks_scheme() {
    let net = quanyu::synth::community(11).unwrap();
    let grid = net.units_by_level("Grid").unwrap().next().unwrap();
    let ours = grid.to_ffi(&Cx::with_scheme(net.scheme()));
    assert_eq!(ours.level, "Grid");
    assert_eq!(ours.id, grid.id.as_str());
    assert_eq!(ours.grid_kind.map(quanyu::GridKind::from), grid.grid_kind);
}

#[test]
fn enums_name_themselves_in_english_and_chinese_and_parse_every_spelling() {
    assert_eq!(super::Role::GridLeader.chinese(), "网格长");
    assert_eq!(super::Role::GridLeader.english(), "GridLeader");
    for text in ["网格长", "GridLeader", "grid_leader", "grid leader"] {
        assert_eq!(
            super::parse_role(text.into()).unwrap(),
            super::Role::GridLeader
        );
    }
    match super::parse_role("mayor".into()) {
        Err(QuanyuError::InvalidArgument { name, detail }) => {
            assert_eq!(name, "text");
            assert!(detail.contains("mayor"), "{detail}");
        }
        other => panic!("expected an invalid argument, got {other:?}"),
    }
    for role in quanyu::Role::ALL {
        assert_eq!(quanyu::Role::from(super::Role::from(*role)), *role);
    }
}

#[test]
fn records_with_defaults_only_have_a_default_maker() {
    let ours = super::default_match_options();
    let core: quanyu::venues::MatchOptions = read("options", ours).unwrap();
    assert_eq!(core, quanyu::venues::MatchOptions::default());
}
