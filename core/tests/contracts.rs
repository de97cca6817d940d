//! The four contracts: plans checked against an independent brute force, audits, diffs,
//! incremental re-plans and the 一十百 reach.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::day;
use proptest::prelude::*;
use quanyu::contracts::{self, ContractRule, Ineligibility, Planner, Rules, UncoveredReason};
use quanyu::{
    ContractKind, ContractRecord, Network, OrganisationKind, OrganisationRecord, PersonRecord,
    PostRecord, Role, TaskCategory, TaskRecord, TaskStatus, UnitRecord,
};

/// Two subdistricts: S (A1 > G1 > {C1 > B1, B2}, A2 > G2 > B3) and T (TA > TG > TB), two
/// households per building.
fn city() -> (Network, Vec<String>) {
    let mut net = Network::new();
    let mut e = net.edit();
    let units = [
        ("S", "Subdistrict", None),
        ("A1", "Area", Some("S")),
        ("G1", "Grid", Some("A1")),
        ("C1", "Compound", Some("G1")),
        ("B1", "Building", Some("C1")),
        ("B2", "Building", Some("C1")),
        ("A2", "Area", Some("S")),
        ("G2", "Grid", Some("A2")),
        ("B3", "Building", Some("G2")),
        ("T", "Subdistrict", None),
        ("TA", "Area", Some("T")),
        ("TG", "Grid", Some("TA")),
        ("TB", "Building", Some("TG")),
    ];
    for (id, level, parent) in units {
        let mut r = UnitRecord::new(id, level);
        r.parent = parent.map(String::from);
        e.add_unit(r);
    }
    let mut households = Vec::new();
    for b in ["B1", "B2", "B3", "TB"] {
        for k in 1..=2 {
            let id = format!("{b}-H{k}");
            e.add_unit(UnitRecord::new(&id, "Household").parent(b).residents(k + 1));
            households.push(id);
        }
    }
    e.commit().unwrap();
    (net, households)
}

/// Parents and levels, read from records: the test's own view of the tree.
struct Tree {
    parent: HashMap<String, Option<String>>,
    level: HashMap<String, String>,
}

impl Tree {
    fn of(net: &Network) -> Self {
        let rs: Vec<UnitRecord> = net.unit_records().collect();
        Tree {
            parent: rs
                .iter()
                .map(|r| (r.id.clone(), r.parent.clone()))
                .collect(),
            level: rs.iter().map(|r| (r.id.clone(), r.level.clone())).collect(),
        }
    }

    fn chain(&self, id: &str) -> Vec<String> {
        let mut v = vec![id.to_owned()];
        while let Some(Some(p)) = self.parent.get(v.last().unwrap()) {
            v.push(p.clone());
        }
        v
    }

    /// The documented tier: by the level of the lowest common unit; `None` across subdistricts.
    fn tier(&self, a: &str, b: &str) -> Option<i64> {
        let cb = self.chain(b);
        let lca = self.chain(a).into_iter().find(|x| cb.contains(x))?;
        match self.level[&lca].as_str() {
            "Household" | "Building" | "ResponsibilityZone" => Some(0),
            "Compound" => Some(1),
            "Grid" => Some(2),
            "Area" => Some(3),
            "Subdistrict" => Some(4),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Case {
    homes: Vec<usize>,
    capacities: Vec<u32>,
    post_ended: Vec<bool>,
    current: Vec<(usize, usize)>,
    forbidden: Vec<(usize, usize)>,
    pinned: Option<(usize, usize)>,
    need: u32,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..5, 1u32..3).prop_flat_map(|(n, need)| {
        (
            prop::collection::vec(0usize..8, n),
            prop::collection::vec(0u32..4, n),
            prop::collection::vec(prop::bool::weighted(0.2), n),
            prop::collection::vec((0..n, 0usize..8), 0..5),
            prop::collection::vec((0..n, 0usize..8), 0..3),
            prop::option::weighted(0.3, (0..n, 0usize..8)),
            Just(need),
        )
            .prop_map(
                |(homes, capacities, post_ended, current, forbidden, pinned, need)| Case {
                    homes,
                    capacities,
                    post_ended,
                    current,
                    forbidden,
                    pinned,
                    need,
                },
            )
    })
}

const TODAY: &str = "2024-10-13";

fn build(c: &Case) -> (Network, Vec<String>, Rules) {
    let (mut net, hh) = city();
    let mut e = net.edit();
    let start = day("2024-01-01");
    for (i, &h) in c.homes.iter().enumerate() {
        let p = format!("P{i}");
        e.add_person(PersonRecord::new(&p).home(&hh[h]));
        let mut post = PostRecord::at_unit(&p, Role::CommunityMember, "S", start);
        if c.post_ended[i] {
            post = post.until(day("2024-06-30"));
        }
        e.add_post(post);
    }
    let mut seen = BTreeSet::new();
    for &(p, h) in &c.current {
        if seen.insert((p, h)) {
            e.add_contract(ContractRecord::new(
                ContractKind::Neighbours,
                format!("P{p}"),
                &hh[h],
                day("2024-02-01"),
            ));
        }
    }
    e.commit().unwrap();
    let mut rule = ContractRule::default_for(ContractKind::Neighbours);
    rule.holders_per_target = c.need;
    for (i, &cap) in c.capacities.iter().enumerate() {
        rule.capacity_overrides.insert(format!("P{i}"), cap);
    }
    for &(p, h) in &c.forbidden {
        rule.forbidden.insert((format!("P{p}"), hh[h].clone()));
    }
    if let Some((p, h)) = c.pinned {
        rule.pinned.insert((format!("P{p}"), hh[h].clone()));
    }
    (net, hh, Rules::new([rule]))
}

/// The best (slots filled, -cost) over every assignment, by exhaustive search.
fn brute_force(c: &Case, tree: &Tree, hh: &[String]) -> Option<(usize, i64)> {
    let n = c.homes.len();
    let current: BTreeSet<(usize, usize)> = c
        .current
        .iter()
        .copied()
        .filter(|&(p, _)| !c.post_ended[p])
        .collect();
    let forbidden: BTreeSet<(usize, usize)> = c.forbidden.iter().copied().collect();
    let cost = |p: usize, t: usize| -> Option<i64> {
        if c.post_ended[p] || forbidden.contains(&(p, t)) {
            return None;
        }
        let tier = tree.tier(&hh[c.homes[p]], &hh[t])?;
        Some(tier + if current.contains(&(p, t)) { 0 } else { 5 })
    };
    // Options for each target: sets of at most `need` holders.
    let subsets: Vec<Vec<usize>> = (0u32..(1 << n))
        .filter(|m| m.count_ones() <= c.need)
        .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
        .collect();
    let mut search = Search {
        subsets,
        caps: &c.capacities,
        cost: &cost,
        pinned: c.pinned,
        load: vec![0; n],
        best: None,
    };
    search.go(0, hh.len(), (0, 0));
    search.best
}

/// Exhaustive search over each target's set of holders, pruning on capacity.
struct Search<'a> {
    subsets: Vec<Vec<usize>>,
    caps: &'a [u32],
    cost: &'a dyn Fn(usize, usize) -> Option<i64>,
    pinned: Option<(usize, usize)>,
    load: Vec<u32>,
    best: Option<(usize, i64)>,
}

impl Search<'_> {
    fn go(&mut self, t: usize, targets: usize, acc: (usize, i64)) {
        if t == targets {
            if self
                .best
                .is_none_or(|(s, k)| acc.0 > s || (acc.0 == s && acc.1 < k))
            {
                self.best = Some(acc);
            }
            return;
        }
        'next: for i in 0..self.subsets.len() {
            let set = self.subsets[i].clone();
            if let Some((p, pt)) = self.pinned
                && pt == t
                && !set.contains(&p)
            {
                continue;
            }
            let mut add = 0;
            for &p in &set {
                match (self.cost)(p, t) {
                    Some(k) if self.load[p] < self.caps[p] => add += k,
                    _ => continue 'next,
                }
            }
            for &p in &set {
                self.load[p] += 1;
            }
            self.go(t + 1, targets, (acc.0 + set.len(), acc.1 + add));
            for &p in &set {
                self.load[p] -= 1;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The plan fills as many slots as any assignment can, at the least cost.
    #[test]
    fn plans_are_optimal(c in case()) {
        let (net, hh, rules) = build(&c);
        let tree = Tree::of(&net);
        let oracle = brute_force(&c, &tree, &hh);
        match contracts::plan(&net, day(TODAY), &rules) {
            Err(e) => {
                // Only an impossible pin may fail, and then the brute force finds nothing.
                prop_assert!(oracle.is_none() || c.pinned.is_some(), "unexpected error {e}");
                prop_assert!(matches!(e, quanyu::Error::Validation(_)));
            }
            Ok(plan) => {
                let (slots, cost) = oracle.expect("the plan succeeded, so a feasible assignment exists");
                let r = plan.rule(ContractKind::Neighbours).unwrap();
                // The planned set: what runs after the diff is applied.
                let mut net = net;
                net.apply(plan.changes()).unwrap();
                let running: Vec<ContractRecord> =
                    net.contract_records().filter(|k| k.span().contains(day(TODAY))).collect();
                let pairs: Vec<(String, String)> = running.iter().map(|k| (k.holder.clone(), k.target.clone())).collect();
                prop_assert_eq!(r.kept + r.add.len(), pairs.len());
                // The documented cost, recomputed here: tier, plus 5 for each new contract.
                let recomputed: i64 = running
                    .iter()
                    .map(|k| {
                        let p: usize = k.holder[1..].parse().unwrap();
                        let fresh = if k.start == day(TODAY) { 5 } else { 0 };
                        tree.tier(&hh[c.homes[p]], &k.target).unwrap() + fresh
                    })
                    .sum();
                prop_assert_eq!(recomputed, cost);
                prop_assert_eq!(pairs.len(), slots);
                prop_assert_eq!(r.cost, cost);
                // Every pair is allowed and priced as documented; capacities and pins hold.
                let mut load: BTreeMap<&str, u32> = BTreeMap::new();
                for a in &r.add {
                    let p: usize = a.contract.holder[1..].parse().unwrap();
                    let t = hh.iter().position(|h| *h == a.contract.target).unwrap();
                    prop_assert_eq!(Some(a.cost), tree.tier(&hh[c.homes[p]], &hh[t]).map(|k| k + 5));
                    prop_assert!(!c.forbidden.contains(&(p, t)));
                }
                for (h, _) in &pairs {
                    *load.entry(h.as_str()).or_default() += 1;
                }
                for (h, n) in load {
                    let p: usize = h[1..].parse().unwrap();
                    prop_assert!(n <= c.capacities[p]);
                }
                if let Some((p, t)) = c.pinned {
                    let pin = (format!("P{}", p), hh[t].clone());
                    prop_assert!(pairs.contains(&pin));
                }
                // Planning again changes nothing.
                let again = contracts::plan(&net, day(TODAY), &rules).unwrap();
                let r2 = again.rule(ContractKind::Neighbours).unwrap();
                prop_assert!(r2.add.is_empty() && r2.end.is_empty(), "{:?}", r2);
                prop_assert_eq!(r2.cost + 5 * r.add.len() as i64, r.cost);
            }
        }
    }
}

#[test]
fn uncovered_targets_say_why() {
    let (mut net, hh) = city();
    let mut e = net.edit();
    e.add_person(PersonRecord::new("P").home(&hh[0]));
    e.add_post(PostRecord::at_unit(
        "P",
        Role::CommunityMember,
        "S",
        day("2024-01-01"),
    ));
    e.commit().unwrap();
    let mut rule = ContractRule::default_for(ContractKind::Neighbours);
    rule.capacity = 2;
    let plan = contracts::plan(&net, day(TODAY), &Rules::new([rule])).unwrap();
    let r = plan.rule(ContractKind::Neighbours).unwrap();
    assert_eq!(r.covered, 2);
    let why: BTreeMap<&str, UncoveredReason> = r
        .uncovered
        .iter()
        .map(|u| (u.target.as_str(), u.reason))
        .collect();
    // Subdistrict T has no eligible member at all; S's member is full.
    assert_eq!(why["TB-H1"], UncoveredReason::NoEligibleHolder);
    assert_eq!(why["B3-H2"], UncoveredReason::HoldersAtCapacity);
    // The nearest households were chosen: the member's own building.
    let got: BTreeSet<&str> = r.add.iter().map(|a| a.contract.target.as_str()).collect();
    assert_eq!(got, BTreeSet::from(["B1-H1", "B1-H2"]));
    assert!(
        r.add
            .iter()
            .all(|a| a.proximity == quanyu::Proximity::SameBuilding && a.cost == 5)
    );
}

#[test]
fn impossible_pins_are_refused() {
    let (mut net, hh) = city();
    let mut e = net.edit();
    e.add_person(PersonRecord::new("P").home(&hh[0]));
    e.add_post(PostRecord::at_unit(
        "P",
        Role::CommunityMember,
        "S",
        day("2024-01-01"),
    ));
    e.commit().unwrap();
    let mut rule = ContractRule::default_for(ContractKind::Neighbours);
    rule.pinned.insert(("P".into(), "TB-H1".into())); // another subdistrict
    rule.pinned.insert(("Nobody".into(), "B1-H1".into()));
    let err = contracts::plan(&net, day(TODAY), &Rules::new([rule])).unwrap_err();
    let fields: Vec<(&str, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.id.as_str(), p.field.as_str()))
        .collect();
    assert_eq!(fields, [("Nobody", "pinned"), ("P", "pinned")]);
}

/// The community city with its recorded contracts.
#[test]
fn the_audit_finds_every_kind_of_fault_and_a_plan_clears_them() {
    let mut net = quanyu::synth::community(1).unwrap();
    let today = quanyu::synth::REFERENCE_DATE;
    let rules = Rules::default();
    let before = contracts::audit(&net, today, &rules);
    let n = before.rule(ContractKind::Neighbours).unwrap();
    assert_eq!(n.duplicates.len(), 1);
    assert!(
        n.ineligible
            .iter()
            .all(|i| i.reason == Ineligibility::PostEnded)
    );
    assert!(!n.ineligible.is_empty());
    assert_eq!(
        before
            .rule(ContractKind::Compound)
            .unwrap()
            .over_capacity
            .len(),
        1
    );
    // Coverage rolls up: the subdistrict row sums its areas, each area its grids.
    for kind in ContractKind::ALL {
        let rows: Vec<_> = before.coverage.iter().filter(|r| r.kind == *kind).collect();
        let sub = rows.iter().find(|r| r.level == "Subdistrict").unwrap();
        let areas: usize = rows
            .iter()
            .filter(|r| r.level == "Area")
            .map(|r| r.covered)
            .sum();
        assert_eq!(sub.covered, areas);
        assert_eq!(sub.covered, before.rule(*kind).unwrap().covered);
    }
    let plan = contracts::plan(&net, today, &rules).unwrap();
    net.apply(plan.changes()).unwrap();
    let after = contracts::audit(&net, today, &rules);
    for (b, a) in before.rules.iter().zip(&after.rules) {
        assert_eq!(a.covered, a.targets, "{:?} fully covered", a.kind);
        assert!(a.covered >= b.covered);
        assert!(a.duplicates.is_empty() && a.ineligible.is_empty() && a.over_capacity.is_empty());
    }
}

#[test]
fn key_tasks_go_to_organisations_at_or_above() {
    let (mut net, _) = city();
    let mut e = net.edit();
    e.add_organisation(
        OrganisationRecord::new("WC", OrganisationKind::WorkingCommittee).anchor("S"),
    );
    e.add_organisation(
        OrganisationRecord::new("BR1", OrganisationKind::GridBranch)
            .anchor("G1")
            .parent("WC"),
    );
    e.add_organisation(
        OrganisationRecord::new("BR2", OrganisationKind::GridBranch)
            .anchor("G2")
            .parent("WC"),
    );
    e.add_task(TaskRecord::new(
        "T1",
        "B1",
        TaskCategory::Property,
        day("2025-01-01"),
    ));
    e.add_task(TaskRecord::new(
        "T2",
        "G2",
        TaskCategory::Grid,
        day("2025-01-01"),
    ));
    e.add_task(TaskRecord::new(
        "T3",
        "S",
        TaskCategory::Online,
        day("2025-01-01"),
    ));
    e.add_task(
        TaskRecord::new("T4", "B3", TaskCategory::Grid, day("2025-01-01")).status(TaskStatus::Done),
    );
    // BR1 holds T2, which is not below it: ineligible.
    e.add_contract(ContractRecord::new(
        ContractKind::KeyTask,
        "BR1",
        "T2",
        day("2024-01-01"),
    ));
    e.commit().unwrap();
    let rules = Rules::new([ContractRule::default_for(ContractKind::KeyTask)]);
    let a = contracts::audit(&net, day(TODAY), &rules);
    let k = a.rule(ContractKind::KeyTask).unwrap();
    assert_eq!(k.targets, 3, "done tasks need no owner");
    assert_eq!(k.ineligible[0].reason, Ineligibility::NotAbove);
    let plan = contracts::plan(&net, day(TODAY), &rules).unwrap();
    let k = plan.rule(ContractKind::KeyTask).unwrap();
    let got: BTreeMap<&str, &str> = k
        .add
        .iter()
        .map(|a| (a.contract.target.as_str(), a.contract.holder.as_str()))
        .collect();
    assert_eq!(
        got,
        BTreeMap::from([("T1", "BR1"), ("T2", "BR2"), ("T3", "WC")])
    );
    assert_eq!(k.end.len(), 1);
}

#[test]
fn incremental_replans_equal_full_plans() {
    let mut net = quanyu::synth::community(4).unwrap();
    // A second subdistrict, so that an edit leaves one of them untouched.
    let twin = quanyu::synth::community(5).unwrap();
    let mut e = net.edit();
    let rename = |s: &str| s.replacen("S001", "S002", 1);
    for mut r in twin.unit_records() {
        r.id = rename(&r.id);
        r.parent = r.parent.map(|p| rename(&p));
        e.add_unit(r);
    }
    for mut r in twin.person_records() {
        r.id = rename(&r.id);
        r.home = r.home.map(|h| rename(&h));
        r.works_at = r.works_at.map(|w| rename(&w));
        e.add_person(r);
    }
    for mut r in twin.post_records() {
        r.person = rename(&r.person);
        r.unit = r.unit.map(|u| rename(&u));
        if r.organisation.is_none() {
            e.add_post(r);
        }
    }
    e.commit().unwrap();
    let today = quanyu::synth::REFERENCE_DATE;
    let rules = Rules::new([ContractRule::default_for(ContractKind::Neighbours)]);
    let mut planner = Planner::new();
    let first = planner.plan(&net, today, &rules).unwrap();
    assert_eq!(planner.stats().solved, 2);
    net.apply(first.changes()).unwrap();
    let check = |net: &Network, planner: &mut Planner| {
        let inc = planner.plan(net, today, &rules).unwrap();
        assert_eq!(
            planner.stats().solved,
            1,
            "only the edited subdistrict is solved again"
        );
        let full = contracts::plan(net, today, &rules).unwrap();
        assert_eq!(inc, full);
        inc
    };
    planner.plan(&net, today, &rules).unwrap();
    // A member moves house.
    let member = net
        .post_records()
        .find(|p| {
            p.role == Role::CommunityMember && p.person.starts_with("S001") && p.end.is_none()
        })
        .unwrap()
        .person;
    let mut r = net.person_records().find(|r| r.id == member).unwrap();
    r.home = net
        .units_by_level("Household")
        .unwrap()
        .nth(100)
        .map(|h| h.id.to_string());
    let mut e = net.edit();
    e.update_person(r);
    e.commit().unwrap();
    let p = check(&net, &mut planner);
    net.apply(p.changes()).unwrap();
    planner.plan(&net, today, &rules).unwrap();
    // A building is added.
    let grid = net
        .units_by_level("Grid")
        .unwrap()
        .next()
        .unwrap()
        .id
        .to_string();
    let mut e = net.edit();
    e.add_unit(UnitRecord::new("NEW-B", "Building").parent(&grid));
    for k in 0..5 {
        e.add_unit(
            UnitRecord::new(format!("NEW-B-{k}"), "Household")
                .parent("NEW-B")
                .residents(2),
        );
    }
    e.commit().unwrap();
    let p = check(&net, &mut planner);
    assert!(
        p.rule(ContractKind::Neighbours)
            .unwrap()
            .add
            .iter()
            .any(|a| a.contract.target.starts_with("NEW-B"))
    );
    net.apply(p.changes()).unwrap();
    planner.plan(&net, today, &rules).unwrap();
    // A member leaves.
    let mut e = net.edit();
    e.remove_person(&member);
    e.commit().unwrap();
    check(&net, &mut planner);
}

#[test]
fn reach_counts_volunteers_and_residents() {
    let (mut net, hh) = city();
    let mut e = net.edit();
    e.add_person(PersonRecord::new("PI"));
    e.add_post(PostRecord::at_unit(
        "PI",
        Role::Pioneer,
        "S",
        day("2024-01-01"),
    ));
    for v in 0..3 {
        let id = format!("V{v}");
        e.add_person(PersonRecord::new(&id));
        e.add_lead(quanyu::LeadRecord::new("PI", &id));
        e.add_service(quanyu::ServiceRecord::new(&id, &hh[v]));
        e.add_service(quanyu::ServiceRecord::new(&id, &hh[v + 1]));
    }
    e.commit().unwrap();
    let r = contracts::reach(&net, day(TODAY));
    assert_eq!(r.pioneers.len(), 1);
    let p = &r.pioneers[0];
    assert_eq!((p.volunteers, p.households), (3, 4));
    // Residents of B1-H1, B1-H2, B2-H1, B2-H2: 2 + 3 + 2 + 3.
    assert_eq!(p.residents, 10);
    assert_eq!(r.below_ten_volunteers, ["PI"]);
    assert_eq!(r.below_hundred_residents, ["PI"]);
}

#[test]
fn a_malformed_rule_set_is_an_error_naming_every_problem_not_a_plan() {
    let net = quanyu::synth::community(5).unwrap();
    let mut compound = ContractRule::default_for(ContractKind::Compound);
    compound.holders_per_target = 0;
    compound
        .eligible_organisations
        .insert(quanyu::OrganisationKind::GridBranch);
    let mut tasks = ContractRule::default_for(ContractKind::KeyTask);
    tasks.eligible_organisations.clear();
    let rules = Rules::new([compound, tasks]);
    let err = contracts::plan(&net, quanyu::synth::REFERENCE_DATE, &rules).unwrap_err();
    let found: Vec<(String, String)> = err
        .problems()
        .iter()
        .map(|p| (p.id.clone(), p.field.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("Compound".to_owned(), "holders_per_target".to_owned()),
            ("Compound".to_owned(), "eligible_organisations".to_owned()),
            ("KeyTask".to_owned(), "eligible_organisations".to_owned()),
        ]
    );
    assert!(contracts::flow_instances(&net, quanyu::synth::REFERENCE_DATE, &rules).is_err());
}

#[test]
fn a_plan_reports_every_problem_once_and_stops_when_cancelled() {
    use quanyu::progress::{Cancel, Progress};
    use std::sync::{Arc, Mutex};
    let net = quanyu::synth::district(3).unwrap();
    let day = quanyu::synth::REFERENCE_DATE;
    let steps = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&steps);
    let progress = Progress::new().on_step(move |s| log.lock().unwrap().push((s.done, s.total)));
    let mut planner = Planner::new();
    let planned = planner
        .plan_with(&net, day, &Rules::default(), &progress)
        .unwrap();
    assert_eq!(
        planned,
        contracts::plan(&net, day, &Rules::default()).unwrap()
    );
    let steps = steps.lock().unwrap();
    let total = steps[0].1;
    assert_eq!(total, 4 * 15, "four rules in fifteen subdistricts");
    assert_eq!(steps.iter().map(|s| s.0).max(), Some(total));
    assert!(steps.iter().all(|&(d, t)| t == total && d <= t));

    // Cancelled from another thread while it runs, or before: never a plan.
    let cancel = Cancel::new();
    let trigger = cancel.clone();
    let stop_at_first_step = Progress::new().cancel_with(cancel).on_step(move |s| {
        if s.done > 0 {
            trigger.cancel();
        }
    });
    let err = Planner::new()
        .plan_with(&net, day, &Rules::default(), &stop_at_first_step)
        .unwrap_err();
    assert_eq!(err, quanyu::Error::Cancelled);
}
