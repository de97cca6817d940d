//! All-or-nothing edits: every kind of problem is found, and a rejected commit changes nothing.

use crate::common;

use common::{day, small};
use proptest::prelude::*;
use quanyu::{
    Change, Changeset, Error, GridKind, GridLayer, GridLayerRecord, MembershipKey,
    MembershipRecord, Network, OrganisationKind, OrganisationRecord, PersonRecord, PostKey,
    PostRecord, Role, UnitRecord,
};

/// Applies `changes`, expects rejection, checks that the network is unchanged, returns the
/// problems as (id, field) pairs.
fn rejected(net: &mut Network, changes: Vec<Change>) -> Vec<(String, String, String)> {
    let before = net.clone();
    let json = net.to_json().unwrap();
    let err = net
        .apply(changes.into_iter().collect())
        .expect_err("the edit should be rejected");
    assert_eq!(*net, before, "a rejected edit changed the network");
    assert_eq!(net.to_json().unwrap(), json);
    match err {
        Error::Validation(ps) => ps.into_iter().map(|p| (p.id, p.field, p.message)).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

fn fields(ps: &[(String, String, String)]) -> Vec<(&str, &str)> {
    ps.iter()
        .map(|(i, f, _)| (i.as_str(), f.as_str()))
        .collect()
}

#[test]
fn duplicate_ids_are_refused() {
    let mut net = small();
    let ps = rejected(
        &mut net,
        vec![
            Change::AddUnit(UnitRecord::new("B1", "Building").parent("G1")),
            Change::AddUnit(UnitRecord::new("B9", "Building").parent("G1")),
            Change::AddUnit(UnitRecord::new("B9", "Building").parent("G1")),
            Change::AddPerson(PersonRecord::new("P1")),
            Change::AddOrganisation(
                OrganisationRecord::new("WC", OrganisationKind::WorkingCommittee).anchor("S"),
            ),
            Change::AddUnit(UnitRecord::new(" ", "Building").parent("G1")),
        ],
    );
    assert_eq!(
        fields(&ps),
        [
            ("B1", "id"),
            ("B9", "id"),
            ("P1", "id"),
            ("WC", "id"),
            (" ", "id")
        ]
    );
    assert!(ps[0].2.contains("already exists"));
    assert!(ps[1].2.contains("staged twice"));
}

#[test]
fn unknown_references_are_refused() {
    let mut net = small();
    let ps = rejected(
        &mut net,
        vec![
            Change::AddUnit(UnitRecord::new("B9", "Building").parent("G404")),
            Change::AddPerson(PersonRecord::new("P9").home("H404").works_at("X")),
            Change::AddMembership(MembershipRecord::new("P404", "ORG404", day("2020-01-01"))),
            Change::AddPost(PostRecord::at_unit(
                "P1",
                Role::GridWorker,
                "G404",
                day("2020-01-01"),
            )),
            Change::AddOrganisation(
                OrganisationRecord::new("O9", OrganisationKind::GridBranch).parent("GB"),
            ),
            Change::MoveUnit {
                id: "U404".into(),
                parent: None,
            },
            Change::SetGridLayer(GridLayerRecord::new("B404", GridLayer::Policing, "JW1")),
        ],
    );
    assert_eq!(
        fields(&ps),
        [
            ("U404", "id"),
            ("B9", "parent"),
            ("O9", "anchor"),
            ("P9", "home"),
            ("P9", "works_at"),
            ("P404", "person"),
            ("P404", "organisation"),
            ("P1", "unit"),
            ("B404", "building"),
        ]
    );
    assert_eq!(ps[1].2, "unknown unit `G404`");
}

#[test]
fn level_violations_name_the_allowed_parents() {
    let mut net = small();
    let ps = rejected(
        &mut net,
        vec![
            Change::AddUnit(UnitRecord::new("B9", "Building").parent("A1")),
            Change::AddUnit(UnitRecord::new("X", "Province")),
            Change::AddUnit(
                UnitRecord::new("B8", "Building")
                    .parent("G1")
                    .grid_kind(GridKind::Park),
            ),
            Change::UpdateUnit(UnitRecord::new("G1", "Building").parent("A1")),
            Change::AddPerson(PersonRecord::new("P9").home("B1")),
            Change::AddOrganisation(
                OrganisationRecord::new("O9", OrganisationKind::WorkingCommittee)
                    .anchor("S")
                    .parent("GB"),
            ),
        ],
    );
    let got = fields(&ps);
    assert!(got.contains(&("B9", "parent")));
    assert!(got.contains(&("X", "level")));
    assert!(got.contains(&("B8", "grid_kind")));
    assert!(got.contains(&("G1", "level")));
    assert!(got.contains(&("P9", "home")));
    assert!(got.contains(&("O9", "parent")));
    let b9 = ps.iter().find(|p| p.0 == "B9").unwrap();
    assert_eq!(
        b9.2,
        "a Building cannot sit directly in an Area (`A1`); allowed parents: Grid or Compound"
    );
}

#[test]
fn cycles_are_named() {
    let mut net = small();
    let ps = rejected(
        &mut net,
        vec![Change::MoveUnit {
            id: "G1".into(),
            parent: Some("B1".into()),
        }],
    );
    assert_eq!(fields(&ps), [("G1", "parent")]);
    assert!(ps[0].2.contains("would make a cycle"), "{}", ps[0].2);
    let ps = rejected(
        &mut net,
        vec![Change::MoveUnit {
            id: "G1".into(),
            parent: Some("G1".into()),
        }],
    );
    assert!(ps[0].2.contains("cannot contain itself"));
    let mut org = net.organisation_records().find(|o| o.id == "GB").unwrap();
    org.parent = Some("CELL1".into());
    let ps = rejected(&mut net, vec![Change::UpdateOrganisation(org)]);
    assert!(ps[0].2.contains("would make a cycle"), "{}", ps[0].2);
}

#[test]
fn dates_out_of_order_are_refused() {
    let mut net = small();
    let ps = rejected(
        &mut net,
        vec![
            Change::AddMembership(
                MembershipRecord::new("P2", "BR1", day("2020-01-01")).until(day("2019-01-01")),
            ),
            Change::AddPost(
                PostRecord::at_unit("P2", Role::GridWorker, "G1", day("2020-01-01"))
                    .until(day("2019-12-31")),
            ),
            Change::EndPost {
                key: PostKey::at_unit("P1", Role::GridLeader, "G1", day("2024-01-01")),
                end: day("2023-01-01"),
            },
        ],
    );
    assert_eq!(fields(&ps), [("P2", "end"), ("P2", "end"), ("P1", "end")]);
}

#[test]
fn removals_that_orphan_are_refused_and_cascades_are_clean() {
    let mut net = small();
    let ps = rejected(&mut net, vec![Change::RemoveUnit { id: "B1".into() }]);
    assert_eq!(fields(&ps), [("B1", "id"), ("B1", "id")]);
    assert!(
        ps[0].2.contains("2 unit(s) would be orphaned (`H1`, `H2`)"),
        "{}",
        ps[0].2
    );
    assert!(ps[1].2.contains("anchored on it (`CELL1`)"));
    let ps = rejected(
        &mut net,
        vec![Change::RemoveOrganisation { id: "BR1".into() }],
    );
    assert!(ps[0].2.contains("`CELL1`"));

    // Removing the subtree with its cell works; the residents lose their homes, not their ids.
    let mut e = net.edit();
    e.remove_subtree("B1").unwrap();
    e.remove_organisation("CELL1");
    let sum = e.commit().unwrap();
    assert_eq!(sum.removed, 4);
    assert!(!net.contains_unit("H1"));
    assert!(net.home("P1").unwrap().is_none());
    assert!(net.memberships_of("P1").unwrap().is_empty());
    assert_eq!(net.descendants("S").unwrap().count(), 7);
}

#[test]
fn changes_cannot_follow_a_removal_of_the_same_id() {
    let mut net = small();
    let ps = rejected(
        &mut net,
        vec![
            Change::RemovePerson { id: "P4".into() },
            Change::UpdatePerson(PersonRecord::new("P4").name("x")),
        ],
    );
    assert!(ps[0].2.contains("removed earlier in this edit"));
}

#[test]
fn relations_are_keyed_and_replayed_in_order() {
    let mut net = small();
    let key = MembershipKey::new("P1", "CELL1", day("2010-07-01"));
    let ps = rejected(
        &mut net,
        vec![
            Change::AddMembership(MembershipRecord::new("P1", "CELL1", day("2010-07-01"))),
            Change::EndMembership {
                key: MembershipKey::new("P2", "CELL1", day("2010-07-01")),
                end: day("2024-01-01"),
            },
        ],
    );
    assert_eq!(fields(&ps), [("P1", "start"), ("P2", "start")]);
    // Remove then re-add under the same key in one edit is a correction, and is accepted.
    let mut e = net.edit();
    e.push(Change::RemoveMembership(key.clone()));
    e.add_membership(
        MembershipRecord::new("P1", "CELL1", day("2010-07-01")).until(day("2024-12-31")),
    );
    e.commit().unwrap();
    assert_eq!(
        net.memberships_of("P1").unwrap()[0].end,
        Some(day("2024-12-31"))
    );
    // End a post, then the grid has one leader left.
    let mut e = net.edit();
    e.end_post(
        PostKey::at_unit("P1", Role::GridLeader, "G1", day("2024-01-01")),
        day("2024-05-31"),
    );
    e.commit().unwrap();
    assert_eq!(
        net.posts_at_unit("G1", day("2024-06-15"), Some(Role::GridLeader))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        net.posts_at_unit("G1", day("2024-05-31"), Some(Role::GridLeader))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn moves_reparent_whole_subtrees_and_keep_sibling_order() {
    let mut net = small();
    let mut e = net.edit();
    e.move_unit("B2", Some("C1"));
    e.commit().unwrap();
    assert_eq!(net.parent("B2").unwrap().unwrap().id, "C1");
    assert_eq!(net.parent("H3").unwrap().unwrap().id, "B2");
    assert!(net.is_ancestor("C1", "H3").unwrap());
    let kids: Vec<_> = net.children("C1").unwrap().map(|u| u.id.as_str()).collect();
    assert_eq!(kids, ["B1", "B2"]);
    // Renaming does not move a unit among its siblings.
    let mut e = net.edit();
    e.update_unit(
        UnitRecord::new("B1", "Building")
            .parent("C1")
            .name("一号楼"),
    );
    e.commit().unwrap();
    let kids: Vec<_> = net
        .children("C1")
        .unwrap()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(kids, ["一号楼", ""]);
}

#[test]
fn a_rejected_edit_reports_every_problem_with_its_origin() {
    let mut net = small();
    let mut changes = Changeset::new();
    for (row, parent) in [(1, "G1"), (2, "nowhere"), (3, "A1")] {
        let origin = quanyu::Origin {
            source: "units.csv".into(),
            row,
        };
        changes.push_from(
            Change::AddUnit(UnitRecord::new(format!("N{row}"), "Building").parent(parent)),
            origin,
        );
    }
    let err = net.apply(changes).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("2 problems found, nothing changed"),
        "{text}"
    );
    assert!(
        text.contains("units.csv row 2: `N2`.parent: unknown unit `nowhere`"),
        "{text}"
    );
    assert!(text.contains("units.csv row 3: `N3`.parent"), "{text}");
}

/// A random change against the small network's ids (some valid, many not).
fn any_change() -> impl Strategy<Value = Change> {
    let unit_ids = prop::sample::select(vec![
        "S", "A1", "G1", "C1", "B1", "B2", "B3", "H1", "H2", "H3", "G2", "N1", "N2",
    ]);
    let levels = prop::sample::select(vec![
        "Subdistrict",
        "Area",
        "Grid",
        "Compound",
        "Building",
        "Household",
    ]);
    let persons = prop::sample::select(vec!["P1", "P2", "P3", "P4", "P5"]);
    let orgs = prop::sample::select(vec!["WC", "GB", "BR1", "CELL1", "O9"]);
    prop_oneof![
        (unit_ids.clone(), levels, prop::option::of(unit_ids.clone())).prop_map(|(id, l, p)| {
            Change::AddUnit(UnitRecord {
                parent: p.map(String::from),
                ..UnitRecord::new(id, l)
            })
        }),
        (unit_ids.clone(), prop::option::of(unit_ids.clone())).prop_map(|(id, p)| {
            Change::MoveUnit {
                id: id.into(),
                parent: p.map(String::from),
            }
        }),
        unit_ids
            .clone()
            .prop_map(|id| Change::RemoveUnit { id: id.into() }),
        (persons.clone(), prop::option::of(unit_ids.clone())).prop_map(
            |(id, h)| Change::AddPerson(PersonRecord {
                home: h.map(String::from),
                ..PersonRecord::new(id)
            })
        ),
        persons
            .clone()
            .prop_map(|id| Change::RemovePerson { id: id.into() }),
        (persons.clone(), orgs.clone(), 2000..2030i32).prop_map(|(p, o, y)| Change::AddMembership(
            MembershipRecord::new(p, o, chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap())
        )),
        (persons, unit_ids, 2000..2030i32).prop_map(|(p, u, y)| Change::AddPost(
            PostRecord::at_unit(
                p,
                Role::GridLeader,
                u,
                chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap()
            )
        )),
        orgs.prop_map(|id| Change::RemoveOrganisation { id: id.into() }),
    ]
}

/// Parent of every unit by walking records (independent of the tree index).
fn parents(net: &Network) -> std::collections::BTreeMap<String, Option<String>> {
    net.unit_records().map(|r| (r.id, r.parent)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any batch is applied entirely (and leaves a consistent tree) or not at all.
    #[test]
    fn commits_are_all_or_nothing(changes in prop::collection::vec(any_change(), 1..8)) {
        let mut net = small();
        let before = net.to_json().unwrap();
        let problems = net.check(&changes.iter().cloned().collect());
        match net.apply(changes.into_iter().collect()) {
            Err(Error::Validation(ps)) => {
                prop_assert_eq!(ps, problems);
                prop_assert_eq!(net.to_json().unwrap(), before);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
            Ok(_) => {
                prop_assert!(problems.is_empty());
                // The indices agree with the records: every unit's ancestors are its parent chain.
                let ps = parents(&net);
                for (id, parent) in &ps {
                    let mut chain = Vec::new();
                    let mut at = parent.clone();
                    while let Some(p) = at {
                        chain.push(p.clone());
                        at = ps[&p].clone();
                    }
                    let got: Vec<String> = net.ancestors(id).unwrap().into_iter().map(|u| u.id.to_string()).collect();
                    prop_assert_eq!(got, chain);
                }
                // And the network survives a snapshot round trip.
                let back = Network::from_json(&net.to_json().unwrap()).unwrap();
                prop_assert_eq!(back, net);
            }
        }
    }
}
