//! One net: the crosswalk between layers and the unified layer, checked against hand-known
//! optima and an independent brute force over every assignment of tiny networks.

use std::collections::{BTreeMap, BTreeSet};

use quanyu::{
    Change, Error, GridLayer, GridLayerRecord, LayerRef, MoveReason, Network, SizeMeasure,
    UnifyOptions, UnifyReach, UnitRecord,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A tiny network described as data, so that the brute force reads the same description
/// and none of the library's code.
#[derive(Debug, Clone)]
struct Spec {
    /// (grid, area)
    grids: Vec<(String, String)>,
    /// Groups: (compound id or None, buildings)
    groups: Vec<(Option<String>, Vec<Bldg>)>,
}

#[derive(Debug, Clone)]
struct Bldg {
    id: String,
    households: u32,
    /// The tree grid (the compound's grid for buildings in a compound).
    grid: String,
    party: Option<String>,
    policing: Option<String>,
}

impl Spec {
    fn area_of(&self, grid: &str) -> &str {
        &self.grids.iter().find(|g| g.0 == grid).unwrap().1
    }

    fn network(&self) -> Network {
        let mut net = Network::new();
        let mut e = net.edit();
        e.add_unit(UnitRecord::new("S", "Subdistrict"));
        for a in self.grids.iter().map(|g| &g.1).collect::<BTreeSet<_>>() {
            e.add_unit(UnitRecord::new(a.as_str(), "Area").parent("S"));
        }
        for (g, a) in &self.grids {
            e.add_unit(UnitRecord::new(g.as_str(), "Grid").parent(a));
        }
        for (c, bs) in &self.groups {
            if let Some(c) = c {
                e.add_unit(UnitRecord::new(c.as_str(), "Compound").parent(&bs[0].grid));
            }
            for b in bs {
                let parent = c.as_deref().unwrap_or(&b.grid);
                e.add_unit(UnitRecord::new(b.id.as_str(), "Building").parent(parent));
                for h in 0..b.households {
                    e.add_unit(
                        UnitRecord::new(format!("{}-H{h}", b.id), "Household").parent(&b.id),
                    );
                }
                if let Some(p) = &b.party {
                    e.set_grid_layer(GridLayerRecord::new(
                        b.id.as_str(),
                        GridLayer::PartyBuilding,
                        p,
                    ));
                }
                if let Some(p) = &b.policing {
                    e.set_grid_layer(GridLayerRecord::new(b.id.as_str(), GridLayer::Policing, p));
                }
            }
        }
        e.commit().unwrap();
        net
    }

    fn reference(&self, b: &Bldg, r: LayerRef) -> Option<String> {
        match r {
            LayerRef::Tree => Some(b.grid.clone()),
            LayerRef::Layer(GridLayer::PartyBuilding) => b.party.clone(),
            LayerRef::Layer(GridLayer::Policing) => b.policing.clone(),
            LayerRef::Layer(_) => None,
        }
    }

    fn buildings(&self) -> impl Iterator<Item = &Bldg> {
        self.groups.iter().flat_map(|g| &g.1)
    }

    /// The reference's grids: the tree's, or the codes in use.
    fn ref_grids(&self, r: LayerRef) -> Vec<String> {
        match r {
            LayerRef::Tree => self.grids.iter().map(|g| g.0.clone()).collect(),
            _ => self
                .buildings()
                .filter_map(|b| self.reference(b, r))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        }
    }

    /// The grids each group may join, as the documentation defines them (one subdistrict).
    fn candidates(&self, r: LayerRef, reach: UnifyReach) -> Vec<BTreeSet<String>> {
        let grids = self.ref_grids(r);
        let area_grids = |area: &str| -> BTreeSet<String> {
            match r {
                LayerRef::Tree => self
                    .grids
                    .iter()
                    .filter(|g| g.1 == area)
                    .map(|g| g.0.clone())
                    .collect(),
                _ => self
                    .buildings()
                    .filter(|b| self.area_of(&b.grid) == area)
                    .filter_map(|b| self.reference(b, r))
                    .collect(),
            }
        };
        let layers = [
            LayerRef::Tree,
            LayerRef::Layer(GridLayer::PartyBuilding),
            LayerRef::Layer(GridLayer::Policing),
        ];
        self.groups
            .iter()
            .map(|(_, bs)| {
                let mut c = BTreeSet::new();
                for b in bs {
                    c.extend(self.reference(b, r));
                    match reach {
                        UnifyReach::Anywhere => c.extend(grids.iter().cloned()),
                        UnifyReach::Subdistrict => c.extend(area_grids_all(self, r)),
                        _ => c.extend(area_grids(self.area_of(&b.grid))),
                    }
                    if reach == UnifyReach::Anywhere {
                        continue;
                    }
                    for &l in layers.iter().filter(|&&l| l != r) {
                        let Some(code) = self.reference(b, l) else {
                            continue;
                        };
                        for o in self.buildings() {
                            if self.reference(o, l).as_deref() == Some(code.as_str()) {
                                c.extend(self.reference(o, r));
                            }
                        }
                    }
                }
                c
            })
            .collect()
    }
}

/// Every grid of the reference (one subdistrict holds them all).
fn area_grids_all(s: &Spec, r: LayerRef) -> Vec<String> {
    s.ref_grids(r)
}

fn weight(bs: &[Bldg], m: SizeMeasure) -> u64 {
    match m {
        SizeMeasure::Groups => 1,
        SizeMeasure::Buildings => bs.len() as u64,
        SizeMeasure::Households => bs.iter().map(|b| b.households as u64).sum(),
    }
}

/// The fewest moved buildings over every assignment of groups to candidate grids, or None.
fn brute_force(s: &Spec, o: &UnifyOptions) -> Option<usize> {
    let r = LayerRef::from(o.reference);
    let grids = s.ref_grids(r);
    let cands: Vec<Vec<String>> = s
        .candidates(r, o.reach)
        .into_iter()
        .map(|c| c.into_iter().collect())
        .collect();
    if cands.iter().any(Vec::is_empty) && !s.groups.is_empty() {
        return None;
    }
    let mut best: Option<usize> = None;
    let mut pick = vec![0usize; s.groups.len()];
    loop {
        let mut size: BTreeMap<&str, u64> = grids.iter().map(|g| (g.as_str(), 0)).collect();
        let mut cost = 0;
        for (g, (_, bs)) in s.groups.iter().enumerate() {
            let to = &cands[g][pick[g]];
            *size.get_mut(to.as_str()).unwrap() += weight(bs, o.size_by);
            cost += bs
                .iter()
                .filter(|b| s.reference(b, r).as_ref() != Some(to))
                .count();
        }
        if size
            .values()
            .all(|&n| n >= o.min && o.max.is_none_or(|m| n <= m))
        {
            best = Some(best.map_or(cost, |b| b.min(cost)));
        }
        // Next assignment (odometer).
        let mut i = 0;
        loop {
            if i == pick.len() {
                return best;
            }
            pick[i] += 1;
            if pick[i] < cands[i].len() {
                break;
            }
            pick[i] = 0;
            i += 1;
        }
    }
}

fn random_spec(rng: &mut ChaCha8Rng) -> Spec {
    let n_grids = rng.random_range(2..=4);
    let grids: Vec<(String, String)> = (0..n_grids)
        .map(|g| (format!("G{g}"), format!("A{}", g % 2)))
        .collect();
    let n_groups = rng.random_range(1..=6);
    let mut groups = Vec::new();
    let mut k = 0;
    for c in 0..n_groups {
        let grid = grids[rng.random_range(0..n_grids)].0.clone();
        let compound = rng.random_bool(0.5);
        let n = if compound { rng.random_range(1..=3) } else { 1 };
        let bs = (0..n)
            .map(|_| {
                k += 1;
                let party = if rng.random_bool(0.1) {
                    None
                } else if rng.random_bool(0.7) {
                    Some(format!("DJ-{grid}"))
                } else {
                    Some(format!("DJ-{}", grids[rng.random_range(0..n_grids)].0))
                };
                Bldg {
                    id: format!("B{k}"),
                    households: rng.random_range(0..4),
                    grid: grid.clone(),
                    party,
                    policing: Some(format!("JW{}", rng.random_range(0..3))),
                }
            })
            .collect();
        groups.push((compound.then(|| format!("C{c}")), bs));
    }
    Spec { grids, groups }
}

/// The plan keeps every compound whole, places every building, stays in range, and its
/// moves add up.
fn check_plan(s: &Spec, o: &UnifyOptions, plan: &quanyu::UnifiedLayer) -> usize {
    let r = LayerRef::from(o.reference);
    let of: BTreeMap<&str, &str> = plan
        .assignment
        .iter()
        .map(|(b, g)| (b.as_str(), g.as_str()))
        .collect();
    assert_eq!(
        of.len(),
        s.buildings().count(),
        "every building placed once"
    );
    let mut size: BTreeMap<String, u64> = s.ref_grids(r).into_iter().map(|g| (g, 0)).collect();
    let mut moved = 0;
    let cands = s.candidates(r, o.reach);
    for (i, (_, bs)) in s.groups.iter().enumerate() {
        let to = of[bs[0].id.as_str()];
        assert!(
            bs.iter().all(|b| of[b.id.as_str()] == to),
            "compound split: {plan:?}"
        );
        assert!(
            cands[i].contains(to),
            "{to} is not a candidate of group {i}"
        );
        *size.get_mut(to).unwrap() += weight(bs, o.size_by);
        moved += bs
            .iter()
            .filter(|b| s.reference(b, r).as_deref() != Some(to))
            .count();
    }
    for (g, n) in &size {
        assert!(
            *n >= o.min && o.max.is_none_or(|m| *n <= m),
            "grid {g} has {n}"
        );
    }
    let sizes: BTreeMap<String, u64> = plan.sizes.iter().cloned().collect();
    assert_eq!(sizes, size);
    assert_eq!(plan.moved_buildings, moved);
    assert_eq!(
        plan.moves.iter().map(|m| m.buildings.len()).sum::<usize>(),
        moved
    );
    moved
}

#[test]
fn fewest_moves_match_a_brute_force_over_every_assignment() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (mut solved, mut infeasible, mut exact_hh) = (0, 0, 0);
    for case in 0..400 {
        let s = random_spec(&mut rng);
        let net = s.network();
        let size_by = [
            SizeMeasure::Groups,
            SizeMeasure::Buildings,
            SizeMeasure::Households,
        ][case % 3];
        let min = rng.random_range(0..=2);
        let max = rng.random_bool(0.8).then(|| min + rng.random_range(0..=4));
        let reference = [None, Some(GridLayer::PartyBuilding)][case / 3 % 2];
        let reach = [
            UnifyReach::Area,
            UnifyReach::Anywhere,
            UnifyReach::Subdistrict,
        ][case % 5 % 3];
        let o = UnifyOptions {
            reference,
            size_by,
            min,
            max,
            reach,
        };
        let want = brute_force(&s, &o);
        match (net.unify_layers(&o), want) {
            (Ok(plan), Some(best)) => {
                let got = check_plan(&s, &o, &plan);
                assert!(got >= best);
                if plan.exact {
                    assert_eq!(got, best, "case {case}: {s:?} {o:?} {plan:?}");
                }
                if size_by == SizeMeasure::Groups {
                    assert!(plan.exact, "sizes in groups are always exact");
                }
                if size_by == SizeMeasure::Households && plan.exact {
                    exact_hh += 1;
                }
                solved += 1;
            }
            (Err(Error::Infeasible { message }), None) => {
                assert!(!message.is_empty());
                infeasible += 1;
            }
            (Err(Error::Infeasible { .. }), Some(_)) => {
                // Only the rounding heuristic may miss a feasible plan.
                assert_ne!(size_by, SizeMeasure::Groups, "case {case}: {s:?} {o:?}");
            }
            (got, want) => panic!("case {case}: {got:?} but brute force {want:?}: {s:?} {o:?}"),
        }
    }
    // The instances exercise both outcomes.
    assert!(solved > 100 && infeasible > 20, "{solved} {infeasible}");
    assert!(exact_hh > 0);
}

fn grid(id: &str, area: &str) -> (String, String) {
    (id.to_owned(), area.to_owned())
}

fn bldg(id: &str, households: u32, grid: &str, party: Option<&str>) -> Bldg {
    Bldg {
        id: id.into(),
        households,
        grid: grid.into(),
        party: party.map(Into::into),
        policing: None,
    }
}

/// G1 holds a compound of three buildings and two lone buildings; G2 holds one lone
/// building. With at most 3 and at least 2 buildings a grid, the cheapest plan moves one
/// lone building from G1 to G2 — never the compound (3 moves).
fn lopsided() -> Spec {
    Spec {
        grids: vec![grid("G1", "A"), grid("G2", "A")],
        groups: vec![
            (
                Some("C1".into()),
                vec![
                    bldg("B1", 5, "G1", None),
                    bldg("B2", 5, "G1", None),
                    bldg("B3", 5, "G1", None),
                ],
            ),
            (None, vec![bldg("B4", 1, "G1", None)]),
            (None, vec![bldg("B5", 1, "G1", None)]),
            (None, vec![bldg("B6", 1, "G2", None)]),
        ],
    }
}

#[test]
fn a_known_optimum_moves_one_lone_building() {
    let s = lopsided();
    let net = s.network();
    let o = UnifyOptions {
        size_by: SizeMeasure::Buildings,
        min: 2,
        max: Some(4),
        ..Default::default()
    };
    let plan = net.unify_layers(&o).unwrap();
    assert!(plan.exact);
    assert_eq!(plan.moved_buildings, 1);
    let m = &plan.moves[0];
    assert_eq!(
        (m.from_grids.as_slice(), m.to.as_str()),
        (&["G1".to_owned()][..], "G2")
    );
    assert!(["B4", "B5"].contains(&m.buildings[0].as_str()));
    // G1 held 5 buildings, more than 4 (and G2 fewer than 2): the first reason that holds.
    assert_eq!(m.reason, MoveReason::TooLarge);
    assert!(m.detail.contains("`G1` held 5 building(s)"), "{}", m.detail);
    assert!(m.detail.contains("exact"));
}

#[test]
fn a_compound_moves_whole_when_it_must() {
    let s = lopsided();
    let net = s.network();
    // G2 needs 3 buildings: two lone buildings move (2) rather than the compound (3).
    let o = UnifyOptions {
        size_by: SizeMeasure::Buildings,
        min: 3,
        ..Default::default()
    };
    let plan = net.unify_layers(&o).unwrap();
    check_plan(&s, &o, &plan);
    assert_eq!(plan.moved_buildings, 2);
    assert!(plan.moves.iter().all(|m| m.unit != "C1"));
    // Two compounds in G1, none in G2: the smaller compound moves, whole.
    let s = Spec {
        grids: vec![grid("G1", "A"), grid("G2", "A")],
        groups: vec![
            (
                Some("C1".into()),
                vec![bldg("B1", 1, "G1", None), bldg("B2", 1, "G1", None)],
            ),
            (
                Some("C2".into()),
                vec![
                    bldg("B3", 1, "G1", None),
                    bldg("B4", 1, "G1", None),
                    bldg("B5", 1, "G1", None),
                ],
            ),
        ],
    };
    let o = UnifyOptions {
        min: 1,
        ..Default::default()
    };
    let plan = s.network().unify_layers(&o).unwrap();
    assert_eq!(check_plan(&s, &o, &plan), 2);
    assert_eq!(plan.moves.len(), 1);
    let m = &plan.moves[0];
    assert_eq!(
        (m.unit.as_str(), m.buildings.len(), m.to.as_str()),
        ("C1", 2, "G2")
    );
    assert_eq!(m.reason, MoveReason::TooSmall);
}

#[test]
fn infeasible_ranges_are_named() {
    let net = lopsided().network();
    let err = |o: UnifyOptions| net.unify_layers(&o).unwrap_err().to_string();
    let e = err(UnifyOptions {
        size_by: SizeMeasure::Buildings,
        min: 4,
        ..Default::default()
    });
    assert!(
        e.contains("6 building(s) cannot give each of the 2 grids at least 4"),
        "{e}"
    );
    let e = err(UnifyOptions {
        size_by: SizeMeasure::Buildings,
        max: Some(2),
        ..Default::default()
    });
    assert!(e.contains("do not fit in 2 grids of at most 2"), "{e}");
    let e = err(UnifyOptions {
        size_by: SizeMeasure::Households,
        max: Some(14),
        ..Default::default()
    });
    assert!(
        e.contains("`C1` weighs 15 household(s), more than the maximum 14"),
        "{e}"
    );
    let e = err(UnifyOptions {
        min: 3,
        max: Some(2),
        ..Default::default()
    });
    assert!(e.contains("invalid argument `max`"), "{e}");
}

#[test]
fn a_compound_split_by_the_reference_layer_is_joined() {
    // The Party-building layer splits C1 between DJ1 and DJ2 and misses B4.
    let s = Spec {
        grids: vec![grid("G1", "A"), grid("G2", "A")],
        groups: vec![
            (
                Some("C1".into()),
                vec![
                    bldg("B1", 1, "G1", Some("DJ1")),
                    bldg("B2", 1, "G1", Some("DJ1")),
                    bldg("B3", 1, "G1", Some("DJ2")),
                ],
            ),
            (None, vec![bldg("B4", 1, "G2", None)]),
            (None, vec![bldg("B5", 1, "G2", Some("DJ2"))]),
        ],
    };
    let mut net = s.network();
    let o = UnifyOptions {
        reference: Some(GridLayer::PartyBuilding),
        ..Default::default()
    };
    let plan = net.unify_layers(&o).unwrap();
    assert!(plan.exact);
    assert_eq!(check_plan(&s, &o, &plan), 2);
    let by_unit: BTreeMap<&str, &quanyu::Move> =
        plan.moves.iter().map(|m| (m.unit.as_str(), m)).collect();
    assert_eq!(by_unit["C1"].buildings, ["B3"]);
    assert_eq!(by_unit["C1"].to, "DJ1");
    assert_eq!(by_unit["C1"].reason, MoveReason::JoinCompound);
    assert_eq!(by_unit["B4"].reason, MoveReason::Unplaced);
    // Applied, the layer splits no compound and misses no building; the tree is untouched.
    let w = net.crosswalk(None, GridLayer::PartyBuilding);
    assert_eq!(w.split_in_b.len(), 1);
    assert_eq!(w.missing_in_b, ["B4"]);
    let before_tree = net.crosswalk(None, None);
    net.apply(plan.changeset(&[])).unwrap();
    let w = net.crosswalk(None, GridLayer::PartyBuilding);
    assert!(w.split_in_b.is_empty() && w.missing_in_b.is_empty());
    assert_eq!(net.crosswalk(None, None), before_tree);
    assert_eq!(net.unify_layers(&o).unwrap().moved_buildings, 0);
}

#[test]
fn the_plan_applies_as_an_ordinary_edit_and_round_trips() {
    let s = lopsided();
    let mut net = s.network();
    let o = UnifyOptions {
        size_by: SizeMeasure::Buildings,
        min: 1,
        max: Some(3),
        ..Default::default()
    };
    let plan = net.unify_layers(&o).unwrap();
    let changes = plan.changeset(&[GridLayer::Policing, GridLayer::CityOperations]);
    assert!(changes.iter().any(|c| matches!(c, Change::MoveUnit { .. })));
    // A bad change in the same batch: refused whole, nothing changed.
    let before = net.to_json().unwrap();
    let mut bad = changes.clone();
    bad.push(Change::MoveUnit {
        id: "B6".into(),
        parent: Some("nowhere".into()),
    });
    assert!(net.apply(bad).is_err());
    assert_eq!(net.to_json().unwrap(), before);
    net.apply(changes).unwrap();
    for (b, g) in &plan.assignment {
        let tree_grid = net
            .ancestors(b)
            .unwrap()
            .into_iter()
            .find(|u| net.scheme().name(u.level) == "Grid")
            .unwrap();
        assert_eq!(tree_grid.id, *g);
        assert_eq!(
            net.layer_grid(b, GridLayer::Policing).unwrap(),
            Some(g.as_str())
        );
    }
    assert!(net.compare_layer(GridLayer::CityOperations).agrees());
    let again = net.unify_layers(&o).unwrap();
    let sorted = |mut a: Vec<(String, String)>| {
        a.sort();
        a
    };
    assert_eq!(again.moved_buildings, 0);
    assert_eq!(sorted(again.assignment), sorted(plan.assignment));
}

#[test]
fn the_crosswalk_matches_an_independent_count() {
    let net = quanyu::synth::community(5).unwrap();
    for (a, b) in [
        (LayerRef::Tree, LayerRef::Layer(GridLayer::Policing)),
        (
            LayerRef::Layer(GridLayer::CityOperations),
            LayerRef::Layer(GridLayer::ComprehensiveGovernance),
        ),
    ] {
        let w = net.crosswalk(a, b);
        let grid_in = |id: &str, l: LayerRef| -> Option<String> {
            match l {
                LayerRef::Tree => net.parent(id).unwrap().and_then(|p| {
                    if net.scheme().name(p.level) == "Grid" {
                        Some(p.id.to_string())
                    } else {
                        net.parent(&p.id).unwrap().map(|g| g.id.to_string())
                    }
                }),
                LayerRef::Layer(l) => net.layer_grid(id, l).unwrap().map(str::to_owned),
            }
        };
        let mut cells: BTreeMap<(String, String), (usize, u64)> = BTreeMap::new();
        let mut compounds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for bu in net.units_by_level("Building").unwrap() {
            let hh = net
                .descendants(&bu.id)
                .unwrap()
                .filter(|u| net.scheme().name(u.level) == "Household")
                .count() as u64;
            let parent = net.parent(&bu.id).unwrap().unwrap();
            if let (Some(x), Some(y)) = (grid_in(&bu.id, a), grid_in(&bu.id, b)) {
                let c = cells.entry((x, y.clone())).or_default();
                c.0 += 1;
                c.1 += hh;
                if net.scheme().name(parent.level) == "Compound" {
                    compounds
                        .entry(parent.id.to_string())
                        .or_default()
                        .insert(y);
                }
            }
        }
        let got: BTreeMap<(String, String), (usize, u64)> = w
            .cells
            .iter()
            .map(|c| {
                (
                    (c.a_grid.clone(), c.b_grid.clone()),
                    (c.buildings, c.households),
                )
            })
            .collect();
        assert_eq!(got, cells);
        let split: Vec<&String> = compounds
            .iter()
            .filter(|(_, g)| g.len() > 1)
            .map(|(c, _)| c)
            .collect();
        assert_eq!(
            w.split_in_b.iter().map(|s| &s.compound).collect::<Vec<_>>(),
            split
        );
        // Shares of one grid of `a` add up to one.
        let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
        for c in &w.cells {
            *sums.entry(&c.a_grid).or_default() += c.buildings_share_of_a;
        }
        assert!(sums.values().all(|s| (s - 1.0).abs() < 1e-9));
    }
}
