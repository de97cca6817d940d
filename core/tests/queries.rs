//! Tree queries against a brute-force oracle on random trees, and the dated people queries.

use crate::common;

use std::collections::BTreeMap;

use common::{day, small};
use proptest::prelude::*;
use quanyu::{LevelScheme, Network, Proximity, Role, Scope, UnitRecord};

/// A random tree on a deep linear scheme: node i's parent is some node before it on the level
/// above, so the shape varies from a path to a star.
fn random_tree(choices: &[usize]) -> (Network, Vec<Option<usize>>) {
    let names: Vec<String> = (0..12).map(|i| format!("L{i}")).collect();
    let mut net = Network::with_scheme(LevelScheme::linear(names.clone()).unwrap());
    let mut parent: Vec<Option<usize>> = vec![None];
    let mut depth = vec![0usize];
    for (i, &c) in choices.iter().enumerate() {
        // Candidates: any earlier node not on the deepest level.
        let cands: Vec<usize> = (0..=i).filter(|&j| depth[j] < 11).collect();
        let p = cands[c % cands.len()];
        parent.push(Some(p));
        depth.push(depth[p] + 1);
    }
    let mut e = net.edit();
    for (i, p) in parent.iter().enumerate() {
        let mut r = UnitRecord::new(format!("u{i}"), names[depth[i]].clone());
        r.parent = p.map(|p| format!("u{p}"));
        e.add_unit(r);
    }
    e.commit().unwrap();
    (net, parent)
}

fn chain(parent: &[Option<usize>], mut i: usize) -> Vec<usize> {
    let mut v = vec![];
    while let Some(p) = parent[i] {
        v.push(p);
        i = p;
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn tree_queries_match_brute_force(choices in prop::collection::vec(0usize..1000, 0..60), a in 0usize..61, b in 0usize..61) {
        let (net, parent) = random_tree(&choices);
        let n = parent.len();
        let (a, b) = (a % n, b % n);
        let id = |i: usize| format!("u{i}");
        // Ancestors, descendants and subtree sizes.
        let up: Vec<String> = chain(&parent, a).into_iter().map(id).collect();
        let got: Vec<String> = net.ancestors(&id(a)).unwrap().into_iter().map(|u| u.id.to_string()).collect();
        prop_assert_eq!(got, up);
        let below: std::collections::BTreeSet<String> = (0..n).filter(|&j| chain(&parent, j).contains(&a)).map(id).collect();
        let got: std::collections::BTreeSet<String> = net.descendants(&id(a)).unwrap().map(|u| u.id.to_string()).collect();
        prop_assert_eq!(&got, &below);
        prop_assert_eq!(net.subtree_size(&id(a)).unwrap(), below.len() + 1);
        prop_assert_eq!(net.is_ancestor(&id(a), &id(b)).unwrap(), chain(&parent, b).contains(&a));
        // Lowest common ancestor and distance.
        let mut pa = vec![a];
        pa.extend(chain(&parent, a));
        let mut pb = vec![b];
        pb.extend(chain(&parent, b));
        let lca = *pa.iter().find(|x| pb.contains(x)).unwrap();
        prop_assert_eq!(&net.lowest_common_ancestor(&id(a), &id(b)).unwrap().unwrap().id, &id(lca));
        let dist = pa.iter().position(|&x| x == lca).unwrap() + pb.iter().position(|&x| x == lca).unwrap();
        prop_assert_eq!(net.tree_distance(&id(a), &id(b)).unwrap(), Some(dist));
        let path = net.path(&id(a), &id(b)).unwrap().unwrap();
        prop_assert_eq!(path.len(), dist + 1);
        prop_assert_eq!(&path[0].id, &id(a));
        prop_assert_eq!(&path[dist].id, &id(b));
        // Children, in the order added.
        let kids: Vec<String> = (0..n).filter(|&j| parent[j] == Some(a)).map(id).collect();
        let got: Vec<String> = net.children(&id(a)).unwrap().map(|u| u.id.to_string()).collect();
        prop_assert_eq!(got, kids);
        // Units of a level within a subtree.
        let level = format!("L{}", (a + b) % 12);
        let want: Vec<String> = (0..n)
            .filter(|&j| (j == a || chain(&parent, j).contains(&a)) && net.scheme().name(net.unit(&id(j)).unwrap().level) == level)
            .map(id)
            .collect();
        let mut got: Vec<String> = net.units_in(&id(a), &level).unwrap().map(|u| u.id.to_string()).collect();
        let mut want = want;
        got.sort();
        want.sort();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn different_trees_have_no_common_ancestor() {
    let mut net = Network::new();
    let mut e = net.edit();
    e.add_unit(UnitRecord::new("S1", "Subdistrict"))
        .add_unit(UnitRecord::new("S2", "Subdistrict"));
    e.commit().unwrap();
    assert!(net.lowest_common_ancestor("S1", "S2").unwrap().is_none());
    assert_eq!(net.tree_distance("S1", "S2").unwrap(), None);
    assert!(net.path("S1", "S2").unwrap().is_none());
    assert_eq!(net.proximity("S1", "S2").unwrap(), Proximity::Beyond);
    assert_eq!(
        net.roots().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        ["S1", "S2"]
    );
}

#[test]
fn proximity_tiers_follow_the_nearest_common_unit() {
    let net = small();
    assert_eq!(net.proximity("H1", "H2").unwrap(), Proximity::SameBuilding);
    assert_eq!(net.proximity("H1", "C1").unwrap(), Proximity::SameCompound);
    assert_eq!(net.proximity("H1", "H3").unwrap(), Proximity::SameGrid);
    assert_eq!(net.proximity("H1", "B3").unwrap(), Proximity::SameArea);
    assert_eq!(
        net.proximity("H1", "S").unwrap(),
        Proximity::SameSubdistrict
    );
    assert_eq!(Proximity::SameArea.cost(), Some(3));
}

#[test]
fn dated_questions_take_an_as_of_date() {
    let net = small();
    let leaders = |d: &str| -> Vec<String> {
        net.posts_at_unit("G1", day(d), Some(Role::GridLeader))
            .unwrap()
            .iter()
            .map(|h| h.person.id.to_string())
            .collect()
    };
    assert_eq!(leaders("2024-03-01"), ["P1", "P2"]);
    assert_eq!(leaders("2024-10-13"), ["P1"]);
    assert!(leaders("2023-12-31").is_empty());
    // Members directly, and in the whole subtree; ended memberships drop out.
    let members = |org: &str, d: &str, s: Scope| -> Vec<String> {
        net.members(org, day(d), s)
            .unwrap()
            .iter()
            .map(|p| p.id.to_string())
            .collect()
    };
    assert_eq!(members("BR1", "2020-01-01", Scope::Direct), ["P3"]);
    assert_eq!(members("WC", "2020-01-01", Scope::Subtree), ["P3", "P1"]);
    assert_eq!(members("WC", "2024-01-01", Scope::Subtree), ["P1"]);
    assert!(members("WC", "2024-01-01", Scope::Direct).is_empty());
    // Residents of a subtree, by home.
    let res: Vec<&str> = net
        .residents("G1")
        .unwrap()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(res, ["P1", "P2", "P3"]);
    assert_eq!(net.organisations_at("G1").unwrap()[0].id, "BR1");
    assert_eq!(net.anchor("CELL1").unwrap().unwrap().id, "B1");
    assert_eq!(net.parent_organisation("CELL1").unwrap().unwrap().id, "BR1");
}

#[test]
fn units_by_level_and_kind() {
    let net = small();
    let ids = |it: Vec<&quanyu::Unit>| it.into_iter().map(|u| u.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(net.units_by_level("building").unwrap().collect()),
        ["B1", "B2", "B3"]
    );
    assert_eq!(
        ids(net
            .units_by_kind(quanyu::GridKind::BusinessDistrict)
            .collect()),
        ["G2"]
    );
    assert_eq!(
        ids(net.units_in("G1", "Household").unwrap().collect()),
        ["H1", "H2", "H3"]
    );
    assert!(net.units_by_level("Province").is_err());
}

#[test]
fn unknown_ids_are_not_found_errors() {
    let net = small();
    let e = net.ancestors("nope").unwrap_err();
    assert_eq!(e.to_string(), "unit `nope` not found");
    assert!(
        net.members("nope", day("2024-01-01"), Scope::Direct)
            .is_err()
    );
    assert!(net.home("nope").is_err());
    assert!(net.is_ancestor("S", "nope").is_err());
}

#[test]
fn personal_fields_never_show_in_debug_output() {
    let net = small();
    let p = net.person("P1").unwrap();
    assert_eq!(p.phone.as_ref().unwrap().expose(), "13800000001");
    let shown = format!(
        "{p:?} {:?} {:?}",
        net.person_records().collect::<Vec<_>>(),
        net
    );
    assert!(!shown.contains("13800000001"));
    let map: BTreeMap<_, _> = net.person_records().map(|r| (r.id.clone(), r)).collect();
    assert!(!format!("{map:?}").contains("13800000001"));
}

#[test]
fn layers_are_compared_with_the_tree() {
    use quanyu::{GridLayer, GridLayerRecord};
    let mut net = small();
    let mut e = net.edit();
    e.set_grid_layer(GridLayerRecord::new("B1", GridLayer::Policing, "JW1"));
    e.set_grid_layer(GridLayerRecord::new("B2", GridLayer::Policing, "JW2"));
    e.set_grid_layer(GridLayerRecord::new("B3", GridLayer::Policing, "JW2"));
    e.commit().unwrap();
    let c = net.compare_layer(GridLayer::Policing);
    assert_eq!(
        c.split_grids,
        [(
            "G1".to_owned(),
            vec![("JW1".to_owned(), 1), ("JW2".to_owned(), 1)]
        )]
    );
    assert_eq!(
        c.spanning_layer_grids,
        [(
            "JW2".to_owned(),
            vec![("G1".to_owned(), 1), ("G2".to_owned(), 1)]
        )]
    );
    assert!(c.unassigned.is_empty());
    assert_eq!(
        net.compare_layer(GridLayer::CityOperations).unassigned,
        ["B1", "B2", "B3"]
    );
    // A building in an area directly is refused; a layer code must not be empty.
    let err = net
        .apply(
            [quanyu::Change::SetGridLayer(GridLayerRecord::new(
                "G1",
                GridLayer::Policing,
                "",
            ))]
            .into_iter()
            .collect(),
        )
        .unwrap_err();
    let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["building", "grid"]);
}

/// Look-ups by name prefix against a scan of every name (the oracle), on the community and
/// after commits that rename, add and remove.
#[test]
fn name_prefix_look_ups_match_a_scan() {
    let mut net = quanyu::synth::community(3).unwrap();
    /// The ids of the first `limit` (name, id) pairs whose name starts with `prefix`, sorted.
    fn scan(all: &[(&str, &str)], prefix: &str, limit: usize) -> Vec<String> {
        let mut hits: Vec<&(&str, &str)> =
            all.iter().filter(|(n, _)| n.starts_with(prefix)).collect();
        hits.sort();
        hits.iter()
            .take(limit)
            .map(|(_, id)| id.to_string())
            .collect()
    }
    let check = |net: &Network| {
        let units: Vec<(&str, &str)> = net.units().map(|u| (&*u.name, &*u.id)).collect();
        let persons: Vec<(&str, &str)> = net.persons().map(|p| (&*p.name, &*p.id)).collect();
        let ids = |found: Vec<&str>| found.into_iter().map(str::to_owned).collect::<Vec<_>>();
        for prefix in [
            "",
            "第",
            "第1",
            "第12",
            "王",
            "李明",
            "张",
            "no such name",
            "\u{10FFFF}",
        ] {
            for limit in [0, 1, 7, 1_000_000] {
                let found = net.units_named(prefix, limit);
                let got = ids(found.iter().map(|u| &*u.id).collect());
                assert_eq!(got, scan(&units, prefix, limit), "units {prefix:?} {limit}");
                let found = net.persons_named(prefix, limit);
                let got = ids(found.iter().map(|p| &*p.id).collect());
                assert_eq!(
                    got,
                    scan(&persons, prefix, limit),
                    "persons {prefix:?} {limit}"
                );
            }
        }
    };
    check(&net);
    // Renamed, added and removed names are seen after the commit.
    let grid = net.units_named("第1", 1)[0].id.to_string();
    let first_person = net.persons().next().unwrap().id.to_string();
    let renamed = net
        .unit_records()
        .find(|u| u.id == grid)
        .unwrap()
        .name("王家大院");
    let mut e = net.edit();
    e.update_unit(renamed);
    e.add_person(quanyu::PersonRecord::new("NEW").name("王一"));
    e.remove_person(&first_person);
    e.commit().unwrap();
    assert_eq!(net.units_named("王家", 5)[0].id, grid);
    assert!(net.persons_named("王一", 100).iter().any(|p| p.id == "NEW"));
    check(&net);
}
