//! Standard formats: Popolo round trips and every import error, W3C ORG Turtle read back by
//! the Oxigraph parser and counted against the network's records, HSDS against the menu.

use std::collections::HashSet;

use quanyu::collab::synth::collaboration;
use quanyu::interop::popolo;
use quanyu::privacy::Reveal;
use quanyu::venues::synth::menu;
use quanyu::{Error, Network};
use serde_json::{Value, json};

fn revealed() -> Reveal {
    Reveal::new("ops-1", "backup").fields(["phone", "id_number"])
}

#[test]
fn popolo_round_trip_is_exact_with_personal_fields_revealed() {
    for seed in [1, 7, 42] {
        let net = quanyu::synth::community(seed).unwrap();
        let doc = net.to_popolo(None, Some(&revealed())).unwrap();
        let back = Network::from_popolo(&doc).unwrap();
        // The records themselves, not only the documents, come back.
        assert_eq!(
            back.unit_records().collect::<Vec<_>>(),
            net.unit_records().collect::<Vec<_>>()
        );
        assert_eq!(
            back.organisation_records().collect::<Vec<_>>(),
            net.organisation_records().collect::<Vec<_>>()
        );
        assert_eq!(
            back.person_records().collect::<Vec<_>>(),
            net.person_records().collect::<Vec<_>>()
        );
        assert_eq!(
            back.membership_records().collect::<Vec<_>>(),
            net.membership_records().collect::<Vec<_>>()
        );
        assert_eq!(
            back.post_records().collect::<Vec<_>>(),
            net.post_records().collect::<Vec<_>>()
        );
        assert_eq!(back.to_popolo(None, Some(&revealed())).unwrap(), doc);
    }
}

#[test]
fn popolo_round_trip_is_exact_with_the_book() {
    let net = quanyu::synth::community(3).unwrap();
    let book = collaboration(&net, 3).unwrap();
    let doc = net.to_popolo(Some(&book), Some(&revealed())).unwrap();
    assert!(!doc["motions"].as_array().unwrap().is_empty());
    let back = Network::from_popolo(&doc).unwrap();
    assert_eq!(back.to_popolo(Some(&book), Some(&revealed())).unwrap(), doc);
}

#[test]
fn popolo_masked_export_does_not_read_back_as_data() {
    // Masked numbers are not phone or ID numbers: the network's own rules refuse them, so a
    // masked export can never pass for the real register.
    let net = quanyu::synth::community(3).unwrap();
    let err = Network::from_popolo(&net.to_popolo(None, None).unwrap()).unwrap_err();
    let fields: HashSet<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, HashSet::from(["phone", "id_number"]));
    assert!(
        err.problems()
            .iter()
            .all(|p| p.origin.as_ref().unwrap().source == "popolo persons")
    );
}

#[test]
fn popolo_masks_personal_fields_unless_revealed_and_logs_reveals() {
    let net = quanyu::synth::community(5).unwrap();
    let values = |doc: &Value| -> HashSet<String> {
        let mut out = HashSet::new();
        for p in doc["persons"].as_array().unwrap() {
            for (list, key) in [("contact_details", "value"), ("identifiers", "identifier")] {
                for x in p[list].as_array().into_iter().flatten() {
                    out.insert(x[key].as_str().unwrap().to_owned());
                }
            }
        }
        out
    };
    let masked = values(&net.to_popolo(None, None).unwrap());
    let persons: Vec<_> = net.person_records().collect();
    let phones: Vec<&str> = persons
        .iter()
        .filter_map(|p| p.phone.as_ref())
        .map(|s| s.expose())
        .collect();
    let numbers: Vec<&str> = persons
        .iter()
        .filter_map(|p| p.id_number.as_ref())
        .map(|s| s.expose())
        .collect();
    assert!(!phones.is_empty() && !numbers.is_empty());
    assert!(
        phones.iter().chain(&numbers).all(|v| !masked.contains(*v)),
        "a personal value left unmasked"
    );
    assert!(net.access_log().is_empty());
    let shown = values(
        &net.to_popolo(
            None,
            Some(&Reveal::new("w", "grid_service").fields(["phone"])),
        )
        .unwrap(),
    );
    assert!(phones.iter().all(|v| shown.contains(*v)));
    assert!(numbers.iter().all(|v| !shown.contains(*v)));
    let log = net.access_log().records();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].table, "persons");
    // A refused reveal writes nothing and logs nothing.
    let err = net
        .to_popolo(None, Some(&Reveal::new("w", "curiosity").fields(["phone"])))
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidArgument { ref name, .. } if name == "purpose"),
        "{err}"
    );
    assert_eq!(net.access_log().len(), 1);
}

#[test]
fn popolo_organizations_carry_the_party_tree() {
    let net = quanyu::synth::community(2).unwrap();
    let doc = net.to_popolo(None, None).unwrap();
    let pairs: HashSet<(String, String)> = doc["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| {
            Some((
                o["id"].as_str()?.to_owned(),
                o["parent_id"].as_str()?.to_owned(),
            ))
        })
        .collect();
    let expected: HashSet<(String, String)> = net
        .organisation_records()
        .filter_map(|o| Some((o.id, o.parent?)))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(pairs, expected);
}

/// The single problem of importing `doc`, as (id, field).
fn problem(doc: Value) -> (String, String) {
    let err = popolo::changeset(&doc).unwrap_err();
    let p = err.problems();
    assert_eq!(p.len(), 1, "{err}");
    (p[0].id.clone(), p[0].field.clone())
}

fn pair(id: &str, field: &str) -> (String, String) {
    (id.to_owned(), field.to_owned())
}

#[test]
fn popolo_import_refuses_a_document_that_is_not_an_object() {
    assert_eq!(problem(json!([1, 2])), pair("", "$"));
}

#[test]
fn popolo_import_refuses_a_table_that_is_not_a_list() {
    assert_eq!(
        problem(json!({"persons": {"id": "P"}})),
        pair("", "persons")
    );
}

#[test]
fn popolo_import_refuses_an_entry_that_is_not_an_object() {
    assert_eq!(problem(json!({"areas": ["S"]})), pair("", "areas[0]"));
}

#[test]
fn popolo_import_refuses_a_missing_id() {
    assert_eq!(
        problem(json!({"persons": [{"name": "Li"}]})),
        pair("", "persons[0].id")
    );
}

#[test]
fn popolo_import_refuses_an_id_that_is_not_a_string() {
    assert_eq!(
        problem(json!({"organizations": [{"id": 3}]})),
        pair("", "organizations[0].id")
    );
}

#[test]
fn popolo_import_refuses_an_area_without_level() {
    assert_eq!(
        problem(json!({"areas": [{"id": "S"}]})),
        pair("S", "areas[0].classification")
    );
}

#[test]
fn popolo_import_refuses_an_unknown_organisation_kind() {
    let doc = json!({"organizations": [{"id": "O", "classification": "Club"}]});
    assert_eq!(problem(doc), pair("O", "organizations[0].classification"));
}

#[test]
fn popolo_import_refuses_an_unknown_grid_kind() {
    let doc = json!({"areas": [{"id": "G", "classification": "Grid", "grid_kind": "Moon"}]});
    assert_eq!(problem(doc), pair("G", "areas[0].grid_kind"));
}

#[test]
fn popolo_import_refuses_a_bad_resident_count() {
    let doc = json!({"areas": [{"id": "H", "classification": "Household", "residents": -1}]});
    assert_eq!(problem(doc), pair("H", "areas[0].residents"));
}

#[test]
fn popolo_import_refuses_a_bad_date() {
    let doc = json!({"persons": [{"id": "P", "moved_out": "2024-02-30"}]});
    assert_eq!(problem(doc), pair("P", "persons[0].moved_out"));
}

#[test]
fn popolo_import_refuses_two_phones() {
    let doc = json!({"persons": [{"id": "P", "contact_details": [
        {"type": "cell", "value": "13800000000"}, {"type": "cell", "value": "13900000000"}]}]});
    assert_eq!(problem(doc), pair("P", "persons[0].contact_details[1]"));
}

#[test]
fn popolo_import_refuses_a_contact_without_value() {
    let doc = json!({"persons": [{"id": "P", "contact_details": [{"type": "cell"}]}]});
    assert_eq!(
        problem(doc),
        pair("P", "persons[0].contact_details[0].value")
    );
}

#[test]
fn popolo_import_refuses_identifiers_that_are_not_a_list() {
    let doc = json!({"persons": [{"id": "P", "identifiers": "110101199003077777"}]});
    assert_eq!(problem(doc), pair("P", "persons[0].identifiers"));
}

#[test]
fn popolo_import_refuses_an_unknown_role() {
    let doc = json!({"posts": [{"id": "X@G", "role": "Emperor", "area_id": "G"}]});
    assert_eq!(problem(doc), pair("X@G", "posts[0].role"));
}

#[test]
fn popolo_import_refuses_a_post_at_two_places() {
    let doc = json!({"posts": [{"id": "GridLeader@G", "role": "GridLeader", "area_id": "G", "organization_id": "O"}]});
    assert_eq!(
        problem(doc),
        pair("GridLeader@G", "posts[0].organization_id")
    );
}

#[test]
fn popolo_import_refuses_a_second_post_with_one_id() {
    let post = json!({"id": "GridLeader@G", "role": "GridLeader", "area_id": "G"});
    assert_eq!(
        problem(json!({"posts": [post.clone(), post]})),
        pair("GridLeader@G", "posts[1].id")
    );
}

#[test]
fn popolo_import_refuses_a_membership_of_an_unknown_post() {
    let doc = json!({"memberships": [{"id": "m1", "person_id": "P", "post_id": "nope", "start_date": "2024-01-01"}]});
    assert_eq!(problem(doc), pair("m1", "memberships[0].post_id"));
}

#[test]
fn popolo_import_refuses_a_membership_without_organization() {
    let doc = json!({"memberships": [{"id": "m1", "person_id": "P", "start_date": "2024-01-01"}]});
    assert_eq!(problem(doc), pair("m1", "memberships[0].organization_id"));
}

#[test]
fn popolo_import_refuses_a_membership_without_start() {
    let doc = json!({"memberships": [{"id": "m1", "person_id": "P", "organization_id": "O"}]});
    assert_eq!(problem(doc), pair("m1", "memberships[0].start_date"));
}

#[test]
fn popolo_import_reports_every_problem_at_once() {
    let doc =
        json!({"persons": [{"id": 1}, {"id": "P", "moved_out": "soon"}], "areas": [{"id": "S"}]});
    assert_eq!(popolo::changeset(&doc).unwrap_err().problems().len(), 3);
}

#[test]
fn popolo_import_with_a_dangling_reference_changes_nothing() {
    let net = quanyu::synth::community(4).unwrap();
    let mut doc = net.to_popolo(None, None).unwrap();
    let mut target = quanyu::synth::community(4).unwrap();
    // A fresh person whose home is nowhere: well-formed, refused when applied.
    doc["persons"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "NEW", "home_id": "nowhere"}));
    let only_new = json!({"persons": [doc["persons"].as_array().unwrap().last().unwrap()]});
    let before = target.clone();
    let err = target
        .apply(popolo::changeset(&only_new).unwrap())
        .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.id, "NEW");
    assert_eq!(p.origin.as_ref().unwrap().source, "popolo persons");
    assert_eq!(target, before);
    assert!(Network::from_popolo(&doc).is_err());
}

/// The (subject, object) pairs of `predicate` in the Turtle text, read by Oxigraph's parser.
fn pairs(ttl: &str, predicate: &str) -> Vec<(String, String)> {
    oxttl::TurtleParser::new()
        .for_slice(ttl.as_bytes())
        .map(|t| t.unwrap())
        .filter(|t| t.predicate.as_str() == predicate)
        .map(|t| (t.subject.to_string(), t.object.to_string()))
        .collect()
}

const ORG: &str = "http://www.w3.org/ns/org#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

#[test]
fn org_turtle_counts_match_the_records() {
    let net = quanyu::synth::community(6).unwrap();
    let book = collaboration(&net, 6).unwrap();
    let ttl = net
        .to_org_turtle("https://example.org/net/", Some(&book))
        .unwrap();
    let types = pairs(&ttl, RDF_TYPE);
    let count = |class: &str| {
        types
            .iter()
            .filter(|(_, o)| *o == format!("<{ORG}{class}>"))
            .count()
    };
    assert_eq!(count("Organization"), net.organisation_count());
    let org_posts = net
        .post_records()
        .filter(|p| p.organisation.is_some())
        .count();
    assert_eq!(
        count("Membership"),
        net.membership_records().count() + org_posts
    );
    let places: HashSet<_> = net
        .post_records()
        .map(|p| (p.role, p.organisation.or(p.unit)))
        .collect();
    assert_eq!(count("Post"), places.len());
    let sub = pairs(&ttl, &format!("{ORG}subOrganizationOf"));
    assert_eq!(
        sub.len(),
        net.organisation_records()
            .filter(|o| o.parent.is_some())
            .count()
    );
    assert_eq!(
        pairs(&ttl, &format!("{ORG}linkedTo")).len(),
        book.links().len()
    );
    assert!(!book.links().is_empty());
    // Same network, same text.
    assert_eq!(
        net.to_org_turtle("https://example.org/net/", Some(&book))
            .unwrap(),
        ttl
    );
}

#[test]
fn org_turtle_refuses_a_bad_base_and_encodes_odd_ids() {
    let net = quanyu::synth::community(1).unwrap();
    for base in ["", "example.org/", "https://example.org/x"] {
        assert!(
            matches!(
                net.to_org_turtle(base, None),
                Err(Error::InvalidArgument { .. })
            ),
            "{base}"
        );
    }
    let doc = json!({
        "areas": [{"id": "S 1>", "name": "x", "classification": "Subdistrict"}],
        "organizations": [{"id": "委员会 <1>", "classification": "WorkingCommittee", "area_id": "S 1>"}],
    });
    let odd = Network::from_popolo(&doc).unwrap();
    let ttl = odd.to_org_turtle("https://example.org/", None).unwrap();
    let subjects = pairs(&ttl, RDF_TYPE);
    assert_eq!(subjects.len(), 1);
    assert_eq!(
        subjects[0].0,
        "<https://example.org/organisation/%E5%A7%94%E5%91%98%E4%BC%9A%20%3C1%3E>"
    );
}

#[test]
fn hsds_tables_match_the_menu() {
    let net = quanyu::synth::community(8).unwrap();
    let m = menu(&net, 8).unwrap();
    let doc = m.to_hsds(&net).unwrap();
    let venues: Vec<_> = m.venues().cloned().collect();
    assert_eq!(doc["services"].as_array().unwrap().len(), venues.len());
    assert_eq!(doc["locations"].as_array().unwrap().len(), venues.len());
    let owners: HashSet<&str> = venues.iter().map(|v| v.owner.as_str()).collect();
    assert_eq!(doc["organizations"].as_array().unwrap().len(), owners.len());
    let mut expected = Vec::new();
    for v in &venues {
        for h in m.opening_hours(&v.id).unwrap() {
            let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
                [h.weekday.num_days_from_monday() as usize];
            expected.push((
                format!("service/{}", v.id),
                day.to_owned(),
                format!("{}+08:00", h.open.format("%H:%M")),
            ));
        }
    }
    let got: Vec<_> = doc["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["service_id"].as_str().unwrap().to_owned(),
                s["byday"].as_str().unwrap().to_owned(),
                s["opens_at"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
}
