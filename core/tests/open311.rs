//! Open311 GeoReport v2: services and service requests written with the standard's fields,
//! personal fields masked unless asked for, and requests read back into events — the same
//! events for the fields Open311 carries, every bad request named by row, id and field, and
//! nothing changed by an import that fails.

use std::collections::BTreeSet;

use chrono::{FixedOffset, NaiveDateTime};
use proptest::prelude::*;
use quanyu::events::{
    CategoryRecord, Channel, EventBook, EventRecord, Open311Options, SqliteStore, TransitionRecord,
    Workflow,
};
use quanyu::privacy::{AccessAction, Reveal};
use quanyu::schema::Record;
use quanyu::{Error, Network, PersonRecord, PostRecord, Problem, Role};
use serde_json::Value;

use crate::common::{day, small};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("test moment")
}

/// The small subdistrict with a grid worker and a handler at G1 (P1 leads it).
fn network() -> Network {
    let mut net = small();
    let d = day("2024-01-01");
    let mut e = net.edit();
    e.add_person(PersonRecord::new("W1"))
        .add_person(PersonRecord::new("HND"))
        .add_post(PostRecord::at_unit("W1", Role::GridWorker, "G1", d));
    e.commit().expect("the network is valid");
    net
}

/// Three events from the hotline: E1 walked to its close, E2 left open, E3 at a grid with an
/// attachment; descriptions with quotes and Chinese, one time with a fraction of a second.
fn book(net: &Network) -> EventBook {
    let mut book = EventBook::new(Workflow::five_step());
    let events = [
        EventRecord::new("E1", "environment", "H1", at("2024-03-04 09:00:00"))
            .description("垃圾桶满溢 \"三天\" 未清"),
        EventRecord::new("E2", "dispute", "B2", at("2024-03-04 10:15:30")).description("邻里噪声"),
        EventRecord {
            attachments: vec!["https://photos.example/e3.jpg".into()],
            reported_at: at("2024-03-05 08:00:00") + chrono::TimeDelta::milliseconds(250),
            ..EventRecord::new("E3", "safety_hazard", "G2", at("2024-03-05 08:00:00"))
        },
    ];
    for e in events {
        book.report(net, e.channel(Channel::Hotline)).unwrap();
    }
    for (action, actor, target, when) in [
        ("discover", "W1", "", "2024-03-04 09:30:00"),
        ("dispatch", "P1", "HND", "2024-03-04 10:00:00"),
        ("take", "HND", "", "2024-03-04 10:30:00"),
        ("complete", "HND", "", "2024-03-05 15:00:00"),
        ("feed_back", "W1", "", "2024-03-05 16:00:00"),
    ] {
        let mut t = TransitionRecord::new("E1", action, actor, at(when));
        if !target.is_empty() {
            t = t.target(target);
        }
        book.transition(net, t).unwrap();
    }
    book
}

fn requests(json: &str) -> Vec<serde_json::Map<String, Value>> {
    match serde_json::from_str(json).expect("the export is JSON") {
        Value::Array(rows) => rows
            .into_iter()
            .map(|r| match r {
                Value::Object(m) => m,
                other => panic!("a request is an object, not {other}"),
            })
            .collect(),
        other => panic!("the export is an array, not {other}"),
    }
}

/// The description shown in full, for a purpose the default access log allows.
fn shown() -> Open311Options {
    Open311Options::default()
        .reveal(Reveal::new("hotline-3", "grid_service").fields(["description"]))
}

#[test]
fn services_carry_every_field_of_the_standard() {
    let book = EventBook::new(Workflow::five_step());
    let json = book.services_open311().unwrap();
    let services = requests(&json);
    assert_eq!(services.len(), CategoryRecord::defaults().len());
    let keys: BTreeSet<&str> = services[0].keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ])
    );
    let hazard = services
        .iter()
        .find(|s| s["service_code"] == "safety_hazard")
        .unwrap();
    assert_eq!(hazard["service_name"], "安全隐患");
    assert_eq!(hazard["metadata"], false);
    assert_eq!(hazard["type"], "realtime");
    assert_eq!(hazard["group"], "网格事件");
    assert_eq!(services[0]["group"], "治理行动");
}

#[test]
fn requests_carry_every_field_of_the_standard() {
    let net = network();
    let book = book(&net);
    let json = book
        .to_open311(&net, at("2024-03-06 12:00:00"), &shown())
        .unwrap();
    let rows = requests(&json);
    assert_eq!(rows.len(), 3);
    let expected: BTreeSet<&str> = [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]
    .into();
    for r in &rows {
        assert_eq!(
            r.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            expected
        );
    }
    let (e1, e2, e3) = (&rows[0], &rows[1], &rows[2]);
    assert_eq!(e1["service_request_id"], "E1");
    assert_eq!(e1["status"], "closed");
    assert_eq!(e1["status_notes"], "closed");
    assert_eq!(e1["service_code"], "environment");
    assert_eq!(e1["service_name"], "环境卫生");
    assert_eq!(e1["description"], "垃圾桶满溢 \"三天\" 未清");
    assert_eq!(e1["requested_datetime"], "2024-03-04T09:00:00+08:00");
    assert_eq!(e1["updated_datetime"], "2024-03-05T16:00:00+08:00");
    assert_eq!(e1["address"], "滨江街道 A1 G1 C1 B1 H1");
    assert_eq!(e1["address_id"], "H1");
    assert_eq!(e1["agency_responsible"], "G1");
    assert_eq!(e1["media_url"], Value::Null);
    for empty in ["zipcode", "lat", "long"] {
        assert_eq!(e1[empty], Value::Null);
    }
    let status = book.status(&net, "E1", at("2024-03-06 12:00:00")).unwrap();
    let due = status.handle_due.unwrap().format("%Y-%m-%dT%H:%M:%S+08:00");
    assert_eq!(e1["expected_datetime"], due.to_string());

    assert_eq!(e2["status"], "open");
    assert_eq!(e2["status_notes"], "collected");
    assert_eq!(e2["updated_datetime"], "2024-03-04T10:15:30+08:00");
    assert!(
        e2["service_notice"]
            .as_str()
            .unwrap()
            .contains("accept within")
    );
    assert_eq!(e3["requested_datetime"], "2024-03-05T08:00:00.250+08:00");
    assert_eq!(e3["media_url"], "https://photos.example/e3.jpg");
}

#[test]
fn status_is_the_replay_at_the_moment_asked() {
    let net = network();
    let book = book(&net);
    let status_at = |when: &str| -> Vec<(String, String)> {
        book.open311_requests(&net, at(when), &Open311Options::default())
            .unwrap()
            .into_iter()
            .map(|r| (r.service_request_id, r.status))
            .collect()
    };
    // Before E3 is reported, and before E1 closes.
    assert_eq!(
        status_at("2024-03-04 12:00:00"),
        [("E1".into(), "open".into()), ("E2".into(), "open".into())]
    );
    assert_eq!(status_at("2024-03-05 16:00:00")[0].1, "closed");
    assert!(status_at("2024-03-01 00:00:00").is_empty());
}

#[test]
fn the_description_is_masked_unless_revealed() {
    let net = network();
    let book = book(&net);
    let when = at("2024-03-06 12:00:00");
    let masked = book
        .to_open311(&net, when, &Open311Options::default())
        .unwrap();
    assert!(!masked.contains("垃圾桶满溢"));
    assert!(!masked.contains("邻里噪声"));
    // Present, masked by the field's declared rule (no mask declared: hidden entirely).
    let declared = EventRecord::SCHEMA.field("description").unwrap();
    for (r, e) in requests(&masked).iter().zip(book.log().events()) {
        assert_eq!(r["description"], declared.masked(&e.description).as_str());
    }
    assert!(
        net.access_log().is_empty(),
        "a masked export reveals nothing"
    );
    let full = book.to_open311(&net, when, &shown()).unwrap();
    assert!(full.contains("邻里噪声"));
    // A masked export imports with the masked descriptions, never the words.
    let mut other = EventBook::new(Workflow::five_step());
    other
        .import_open311(&net, &masked, &Open311Options::default())
        .unwrap();
    assert!(
        other
            .log()
            .events()
            .all(|e| !e.description.contains("邻里"))
    );
}

#[test]
fn a_reveal_is_checked_first_and_recorded_after() {
    let net = network();
    let book = book(&net);
    let when = at("2024-03-06 12:00:00");
    let with = |r: Reveal| Open311Options::default().reveal(r);
    for (bad, named) in [
        (
            Reveal::new("w", "curiosity").fields(["description"]),
            "purpose",
        ),
        (Reveal::new("w", "grid_service").fields(["unit"]), "fields"),
        (
            Reveal::new("", "grid_service").fields(["description"]),
            "who",
        ),
        // Personal, but never written to Open311: refused rather than logged as shown.
        (
            Reveal::new("w", "grid_service").fields(["reporter"]),
            "fields",
        ),
    ] {
        let err = book.to_open311(&net, when, &with(bad.clone())).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if name == named),
            "{bad:?}: {err}"
        );
    }
    assert!(
        net.access_log().is_empty(),
        "a refused request is not recorded"
    );
    book.to_open311(&net, when, &shown()).unwrap();
    let log = net.access_log().records();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].who.as_str(), log[0].purpose.as_str(), log[0].action),
        ("hotline-3", "grid_service", AccessAction::Reveal)
    );
    assert_eq!(
        (log[0].table.as_str(), log[0].fields.as_slice()),
        ("events", &["description".to_owned()][..])
    );
    assert_eq!(log[0].records, ["E1", "E2", "E3"]);
}

#[test]
fn export_then_import_gives_back_the_same_events() {
    let net = network();
    let book = book(&net);
    let original: Vec<EventRecord> = book.log().events().collect();
    for offset in [8 * 3600, 0, -5 * 3600 - 1800] {
        let options = shown().offset(FixedOffset::east_opt(offset).unwrap());
        let json = book
            .to_open311(&net, at("2024-12-31 18:00:00"), &options)
            .unwrap();
        let mut other = EventBook::new(Workflow::five_step());
        let added = other.import_open311(&net, &json, &options).unwrap();
        assert_eq!(added, ["E1", "E2", "E3"]);
        let back: Vec<EventRecord> = other.log().events().collect();
        assert_eq!(back, original, "offset {offset}");
        // And the export of the imported book says the same of each event's report.
        let again = other
            .to_open311(&net, at("2024-12-31 18:00:00"), &options)
            .unwrap();
        for (a, b) in requests(&json).iter().zip(requests(&again).iter()) {
            for field in [
                "service_request_id",
                "service_code",
                "service_name",
                "description",
                "requested_datetime",
                "address",
                "address_id",
                "media_url",
            ] {
                assert_eq!(a[field], b[field], "{field}");
            }
        }
    }
}

#[test]
fn import_reads_times_at_the_offset_and_the_channel_asked_for() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    let text = r#"[{"service_request_id": 1001, "service_code": "dispute", "address_id": "G1",
                    "requested_datetime": "2024-03-04T01:00:00Z", "status": "closed",
                    "lat": 30.2, "long": 120.1, "extra": {"ignored": [1, 2]}}]"#;
    let added = book
        .import_open311(
            &net,
            text,
            &Open311Options::default().channel(Channel::Referral),
        )
        .unwrap();
    assert_eq!(added, ["1001"]);
    let e = book.log().event("1001").unwrap();
    assert_eq!(e.reported_at, at("2024-03-04 09:00:00"));
    assert_eq!(e.channel, Channel::Referral);
    assert!(e.attachments.is_empty() && e.description.is_empty() && e.reporter.is_none());
    // The event starts where the workflow starts, whatever the request's status said.
    let s = book
        .status(&net, "1001", at("2024-03-04 09:00:00"))
        .unwrap();
    assert_eq!(s.state_name, "collected");
}

#[test]
fn import_is_idempotent_and_stored() {
    let net = network();
    let json = book(&net)
        .to_open311(&net, at("2024-12-31 18:00:00"), &shown())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.sqlite");
    {
        let mut stored =
            EventBook::open(Workflow::five_step(), SqliteStore::open(&path).unwrap()).unwrap();
        assert_eq!(
            stored.import_open311(&net, &json, &shown()).unwrap().len(),
            3
        );
        assert!(
            stored
                .import_open311(&net, &json, &shown())
                .unwrap()
                .is_empty()
        );
        assert_eq!(stored.log().events().len(), 3);
    }
    let reopened =
        EventBook::open(Workflow::five_step(), SqliteStore::open(&path).unwrap()).unwrap();
    assert_eq!(reopened.log().events().len(), 3);
}

/// A valid request with `field` set to `value` (removed when `value` is `None`).
fn request_with(field: &str, value: Option<Value>) -> Value {
    let mut r = serde_json::json!({
        "service_request_id": "R1",
        "service_code": "environment",
        "address_id": "G1",
        "requested_datetime": "2024-03-04T09:00:00+08:00",
        "description": "垃圾",
        "media_url": "https://photos.example/r1.jpg",
    });
    match value {
        Some(v) => r[field] = v,
        None => {
            r.as_object_mut().unwrap().remove(field);
        }
    }
    r
}

/// Imports `rows` after one good request into a book holding one event, and checks that it
/// fails without changing the book; returns the problems.
fn refused(rows: Vec<Value>) -> Vec<Problem> {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("OLD", "dispute", "G1", at("2024-03-04 08:00:00")),
    )
    .unwrap();
    let before = book.log().clone();
    let mut all = vec![request_with("service_request_id", Some("GOOD".into()))];
    all.extend(rows);
    let text = Value::Array(all).to_string();
    let err = book
        .import_open311(&net, &text, &Open311Options::default())
        .unwrap_err();
    assert!(*book.log() == before, "a failed import changed the book");
    match err {
        Error::Validation(problems) => problems,
        other => panic!("expected problems, got {other}"),
    }
}

/// The one problem of a refused import: (row, id, field).
fn one_problem(rows: Vec<Value>) -> (u64, String, String, String) {
    let problems = refused(rows);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    let origin = p.origin.as_ref().expect("an import names the row");
    assert_eq!(origin.source, "service requests");
    (origin.row, p.id.clone(), p.field.clone(), p.message.clone())
}

#[test]
fn text_that_is_not_an_array_of_requests_is_a_parse_error() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    for (text, line) in [
        ("[{\"service_request_id\": ", Some(1)),
        ("\n\n{oops", Some(3)),
    ] {
        match book.import_open311(&net, text, &Open311Options::default()) {
            Err(Error::Parse {
                source_name,
                line: l,
                ..
            }) => assert_eq!((source_name.as_str(), l), ("service requests", line)),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }
    let err = book
        .import_open311(
            &net,
            r#"{"service_requests": []}"#,
            &Open311Options::default(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("expected a JSON array"), "{err}");
    assert_eq!(book.log().events().len(), 0);
    assert!(
        book.import_open311(&net, "[]", &Open311Options::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_request_that_is_not_an_object_is_named_by_row() {
    let (row, id, field, message) = one_problem(vec![serde_json::json!(["R1"])]);
    assert_eq!(
        (row, id.as_str(), field.as_str()),
        (2, "", "service_request")
    );
    assert!(message.contains("expected a JSON object, found an array"));
}

#[test]
fn each_required_field_missing_is_named() {
    for field in [
        "service_code",
        "address_id",
        "requested_datetime",
        "service_request_id",
    ] {
        let (row, id, named, message) = one_problem(vec![request_with(field, None)]);
        let expected_id = if field == "service_request_id" {
            ""
        } else {
            "R1"
        };
        assert_eq!((row, id.as_str(), named.as_str()), (2, expected_id, field));
        assert!(message.contains("needs this field"), "{message}");
        // A null is no value either.
        let (_, _, named, _) = one_problem(vec![request_with(field, Some(Value::Null))]);
        assert_eq!(named, field);
    }
}

#[test]
fn a_field_of_the_wrong_type_is_named() {
    for (field, value) in [
        ("service_request_id", serde_json::json!(true)),
        ("service_code", serde_json::json!(["environment"])),
        ("address_id", serde_json::json!(1.5)),
        ("requested_datetime", serde_json::json!(20240304)),
        ("description", serde_json::json!({"text": "垃圾"})),
        ("media_url", serde_json::json!(false)),
    ] {
        let problems = refused(vec![request_with(field, Some(value))]);
        let p = problems
            .iter()
            .find(|p| p.field == field)
            .unwrap_or_else(|| panic!("{field}: {problems:?}"));
        assert_eq!(p.origin.as_ref().unwrap().row, 2);
        if field != "requested_datetime" {
            assert!(p.message.starts_with("expected a string"), "{}", p.message);
        }
    }
}

#[test]
fn an_empty_id_is_refused() {
    let (row, _, field, message) =
        one_problem(vec![request_with("service_request_id", Some("  ".into()))]);
    assert_eq!((row, field.as_str()), (2, "service_request_id"));
    assert!(message.contains("needs an id"), "{message}");
}

#[test]
fn an_unknown_service_is_refused() {
    let (row, id, field, message) =
        one_problem(vec![request_with("service_code", Some("potholes".into()))]);
    assert_eq!(
        (row, id.as_str(), field.as_str()),
        (2, "R1", "service_code")
    );
    assert!(
        message.contains("`potholes` is not a category"),
        "{message}"
    );
}

#[test]
fn an_unknown_unit_is_refused() {
    let (row, id, field, message) =
        one_problem(vec![request_with("address_id", Some("G9".into()))]);
    assert_eq!((row, id.as_str(), field.as_str()), (2, "R1", "address_id"));
    assert!(message.contains("no unit `G9`"), "{message}");
}

#[test]
fn a_datetime_without_an_offset_is_refused() {
    for bad in [
        "2024-03-04T09:00:00",
        "2024-03-04",
        "yesterday",
        "2024-02-30T09:00:00Z",
    ] {
        let (row, id, field, message) =
            one_problem(vec![request_with("requested_datetime", Some(bad.into()))]);
        assert_eq!(
            (row, id.as_str(), field.as_str()),
            (2, "R1", "requested_datetime")
        );
        assert!(message.contains("not an ISO 8601 datetime"), "{message}");
    }
}

#[test]
fn a_day_the_calendar_does_not_cover_is_refused() {
    let (row, id, field, message) = one_problem(vec![request_with(
        "requested_datetime",
        Some("1990-03-04T09:00:00+08:00".into()),
    )]);
    assert_eq!(
        (row, id.as_str(), field.as_str()),
        (2, "R1", "requested_datetime")
    );
    assert!(message.contains("does not cover 1990"), "{message}");
}

#[test]
fn two_different_requests_under_one_id_are_refused() {
    let (row, id, field, message) = one_problem(vec![
        request_with("description", Some("first".into())),
        request_with("description", Some("second".into())),
    ]);
    assert_eq!(
        (row, id.as_str(), field.as_str()),
        (3, "R1", "service_request_id")
    );
    assert!(message.contains("row 2 is another request"), "{message}");
    // The very same request twice is one request.
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    let same = Value::Array(vec![request_with("id", None), request_with("id", None)]);
    let added = book
        .import_open311(&net, &same.to_string(), &Open311Options::default())
        .unwrap();
    assert_eq!(added, ["R1"]);
}

#[test]
fn a_request_under_the_id_of_another_event_is_refused() {
    let (row, id, field, message) =
        one_problem(vec![request_with("service_request_id", Some("OLD".into()))]);
    assert_eq!(
        (row, id.as_str(), field.as_str()),
        (2, "OLD", "service_request_id")
    );
    assert!(message.contains("another event of the book"), "{message}");
}

#[test]
fn every_problem_of_every_row_is_listed() {
    let problems = refused(vec![
        request_with("service_code", Some("potholes".into())),
        request_with("service_request_id", Some("R2".into())),
        serde_json::json!({"service_request_id": "R3", "address_id": "nowhere"}),
    ]);
    let found: Vec<(u64, &str, &str)> = problems
        .iter()
        .map(|p| {
            (
                p.origin.as_ref().unwrap().row,
                p.id.as_str(),
                p.field.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (2, "R1", "service_code"),
            (4, "R3", "service_code"),
            (4, "R3", "requested_datetime"),
            (4, "R3", "address_id"),
        ]
    );
    assert_eq!(
        problems[0].to_string(),
        "service requests row 2: `R1`.service_code: `potholes` is not a category; expected one of \
         grid, property, street_block, park, office_building, online, dispute, safety_hazard, \
         environment, livelihood, policy"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text, and any valid export cut short or with a byte changed: never a panic, and a
    /// failed import changes nothing.
    #[test]
    fn no_input_panics_or_half_imports(text in ".{0,200}", cut in 0usize..2000, byte in any::<u8>()) {
        let net = network();
        let json = book(&net).to_open311(&net, at("2024-12-31 18:00:00"), &shown()).unwrap();
        let mut bytes = json.clone().into_bytes();
        let i = cut % bytes.len();
        bytes[i] = byte;
        let changed = String::from_utf8_lossy(&bytes).into_owned();
        let mut end = cut.min(json.len());
        while !json.is_char_boundary(end) {
            end -= 1;
        }
        for input in [text.as_str(), &json[..end], changed.as_str()] {
            let mut other = EventBook::new(Workflow::five_step());
            match other.import_open311(&net, input, &Open311Options::default()) {
                Ok(added) => prop_assert_eq!(added.len(), other.log().events().len()),
                Err(_) => prop_assert_eq!(other.log().events().len(), 0),
            }
        }
    }
}
