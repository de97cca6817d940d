//! The life of a synthetic subdistrict on top of its structure: key tasks, the pioneers'
//! volunteers and the households they serve (一十百), and the contracts already recorded —
//! partial, as in real life, with a few that audits should flag.

use std::collections::HashMap;

use chrono::NaiveDate;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::model::{
    ContractKind, GridKind, OrganisationKind, Role, Span, TaskCategory, TaskStatus,
};
use crate::synth::plan::{Place, Plan, PlanTask};
use crate::synth::subdistrict::Levels;

/// A calendar date known to exist.
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A random element of `xs`, if any.
fn pick<T: Copy>(rng: &mut ChaCha8Rng, xs: &[T]) -> Option<T> {
    (!xs.is_empty()).then(|| xs[rng.random_range(0..xs.len())])
}

/// Adds key tasks, leads, services and recorded contracts to `plan`.
pub(crate) fn add(plan: &mut Plan, lv: &Levels, rng: &mut ChaCha8Rng) {
    let tree = Tree::of(plan, lv);
    // The order of the steps is the order of the random draws: changing it changes every
    // synthetic city.
    add_tasks(plan, &tree, rng);
    add_leads_and_services(plan, &tree, rng);
    add_compound_and_building_contracts(plan, &tree, rng);
    add_neighbour_contracts(plan, &tree, rng);
    add_key_task_contracts(plan, rng);
    add_audit_findings(plan, &tree);
}

/// What the steps look up in the plan's units and persons, which they do not change.
struct Tree {
    /// The children of each unit.
    children: Vec<Vec<u32>>,
    /// The home unit of each person who has one.
    home_of: HashMap<u32, u32>,
    /// The grids, in unit order.
    grids: Vec<u32>,
    /// The compounds, in unit order.
    compounds: Vec<u32>,
    household: crate::model::Level,
}

impl Tree {
    /// Reads the units' children and levels and the persons' homes.
    fn of(plan: &Plan, lv: &Levels) -> Tree {
        let n = plan.units.len();
        let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, u) in plan.units.iter().enumerate() {
            if let Some(p) = u.parent {
                children[p as usize].push(i as u32);
            }
        }
        let on_level = |level| {
            (0..n as u32)
                .filter(|&i| plan.units[i as usize].level == level)
                .collect()
        };
        let home_of = plan
            .persons
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i as u32, p.home?)))
            .collect();
        Tree {
            children,
            home_of,
            grids: on_level(lv.grid),
            compounds: on_level(lv.compound),
            household: lv.household,
        }
    }

    /// The households of building `b`.
    fn households_of(&self, plan: &Plan, b: u32) -> Vec<u32> {
        self.children[b as usize]
            .iter()
            .copied()
            .filter(|&h| plan.units[h as usize].level == self.household)
            .collect()
    }
}

/// The holders of running posts of `role`, with where each post is.
fn running(plan: &Plan, role: Role) -> Vec<(u32, Place)> {
    plan.posts
        .iter()
        .filter(|(_, _, r, s)| *r == role && s.end.is_none())
        .map(|&(p, at, _, _)| (p, at))
        .collect()
}

/// The persons holding running posts of `role`.
fn holders(plan: &Plan, role: Role) -> Vec<u32> {
    running(plan, role).into_iter().map(|(p, _)| p).collect()
}

/// A running span starting on a random day of 2023 or early 2024.
fn contract_start(rng: &mut ChaCha8Rng) -> Span {
    let d = rng.random_range(0..540);
    Span {
        start: ymd(2023, 1, 1) + chrono::Duration::days(d),
        end: None,
    }
}

/// Key tasks: one or two per grid, matched to the grid's kind; an online one per subdistrict.
fn add_tasks(plan: &mut Plan, tree: &Tree, rng: &mut ChaCha8Rng) {
    let sid = plan.units[0].id.clone();
    for (k, &g) in tree.grids.iter().enumerate() {
        let kind = plan.units[g as usize].grid_kind;
        let cats: &[(TaskCategory, &str)] = match kind {
            Some(GridKind::BusinessDistrict) => &[
                (TaskCategory::OfficeBuilding, "楼宇消防隐患整治"),
                (TaskCategory::StreetBlock, "商圈停车秩序"),
            ],
            _ => &[
                (TaskCategory::Property, "老旧小区加装电梯"),
                (TaskCategory::Grid, "网格环境整治"),
            ],
        };
        for (j, &(category, name)) in cats.iter().enumerate().take(rng.random_range(1..=2)) {
            let status = match rng.random_range(0..10) {
                0..6 => TaskStatus::Open,
                6..9 => TaskStatus::InProgress,
                _ => TaskStatus::Done,
            };
            let deadline = ymd(2024, 11, 1) + chrono::Duration::days(rng.random_range(0..240));
            let id = format!("{sid}-T{:03}", k * 2 + j + 1);
            plan.tasks.push(PlanTask {
                id,
                name: name.to_owned(),
                unit: g,
                category,
                deadline,
                status,
            });
        }
    }
    plan.tasks.push(PlanTask {
        id: format!("{sid}-T000"),
        name: "网上议事厅运营".to_owned(),
        unit: 0,
        category: TaskCategory::Online,
        deadline: ymd(2025, 6, 30),
        status: TaskStatus::Open,
    });
}

/// 一十百: each pioneer leads volunteers, each volunteer serves households near home.
fn add_leads_and_services(plan: &mut Plan, tree: &Tree, rng: &mut ChaCha8Rng) {
    let volunteers = holders(plan, Role::Volunteer);
    for (pioneer, _) in running(plan, Role::Pioneer) {
        for _ in 0..rng.random_range(4..=14) {
            if let Some(v) = pick(rng, &volunteers).filter(|&v| v != pioneer) {
                plan.leads.push((pioneer, v));
            }
        }
    }
    plan.leads.sort_unstable();
    plan.leads.dedup();
    let mut served = volunteers;
    served.sort_unstable();
    served.dedup();
    for v in served {
        let Some(&home) = tree.home_of.get(&v) else {
            continue;
        };
        let Some(building) = plan.units[home as usize].parent else {
            continue;
        };
        let hs = tree.households_of(plan, building);
        for &h in hs.iter().take(rng.random_range(3..=12)) {
            plan.serves.push((v, h));
        }
    }
}

/// Contracts already recorded, covering part of each rule: compounds held by second
/// secretaries, buildings by their second leaders.
fn add_compound_and_building_contracts(plan: &mut Plan, tree: &Tree, rng: &mut ChaCha8Rng) {
    let secretaries = holders(plan, Role::SecondSecretary);
    for &c in &tree.compounds {
        if rng.random_bool(0.6)
            && let Some(s) = pick(rng, &secretaries)
        {
            plan.contracts.push((
                ContractKind::Compound,
                Place::Person(s),
                Place::Unit(c),
                contract_start(rng),
            ));
        }
    }
    for (p, at) in running(plan, Role::SecondBuildingLeader) {
        if let Place::Unit(b) = at
            && rng.random_bool(0.7)
        {
            plan.contracts.push((
                ContractKind::Building,
                Place::Person(p),
                Place::Unit(b),
                contract_start(rng),
            ));
        }
    }
}

/// Half the community members contract the households next to their own, wrapping round the
/// building.
fn add_neighbour_contracts(plan: &mut Plan, tree: &Tree, rng: &mut ChaCha8Rng) {
    for (p, _) in running(plan, Role::CommunityMember) {
        let Some(building) = tree
            .home_of
            .get(&p)
            .and_then(|&h| plan.units[h as usize].parent)
        else {
            continue;
        };
        if !rng.random_bool(0.5) {
            continue;
        }
        let span = contract_start(rng);
        let hs = tree.households_of(plan, building);
        let own = tree
            .home_of
            .get(&p)
            .and_then(|h| hs.iter().position(|x| x == h))
            .unwrap_or(0);
        for k in 0..rng.random_range(3..=8usize).min(hs.len()) {
            let h = hs[(own + k) % hs.len()];
            plan.contracts.push((
                ContractKind::Neighbours,
                Place::Person(p),
                Place::Unit(h),
                span,
            ));
        }
    }
}

/// Half the open key tasks are contracted by their grid's branch, or else by the working
/// committee.
fn add_key_task_contracts(plan: &mut Plan, rng: &mut ChaCha8Rng) {
    let branch_of_grid: HashMap<u32, u32> = plan
        .organisations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind == OrganisationKind::GridBranch)
        .map(|(i, o)| (o.anchor, i as u32))
        .collect();
    let wc = plan
        .organisations
        .iter()
        .position(|o| o.kind == OrganisationKind::WorkingCommittee)
        .map(|i| i as u32);
    for t in 0..plan.tasks.len() {
        let task = &plan.tasks[t];
        if task.status.is_open() && rng.random_bool(0.5) {
            let holder = branch_of_grid.get(&task.unit).copied().or(wc);
            if let Some(o) = holder {
                plan.contracts.push((
                    ContractKind::KeyTask,
                    Place::Organisation(o),
                    Place::Task(t as u32),
                    contract_start(rng),
                ));
            }
        }
    }
}

/// Deliberate audit findings: a neighbours contract recorded twice, and one held by a member
/// whose post has ended.
fn add_audit_findings(plan: &mut Plan, tree: &Tree) {
    if let Some(&(kind, h, t, span)) = plan
        .contracts
        .iter()
        .rev()
        .find(|c| c.0 == ContractKind::Neighbours)
    {
        plan.contracts.push((
            kind,
            h,
            t,
            Span {
                start: span.start + chrono::Duration::days(30),
                end: None,
            },
        ));
    }
    if let Some(post) = plan
        .posts
        .iter_mut()
        .find(|(_, _, r, s)| *r == Role::CommunityMember && s.end.is_none())
    {
        post.3.end = Some(ymd(2024, 6, 30));
        let (p, _, _, _) = *post;
        if let Some(h) = tree.home_of.get(&p).copied() {
            let contract = (
                ContractKind::Neighbours,
                Place::Person(p),
                Place::Unit(h),
                Span {
                    start: ymd(2023, 3, 1),
                    end: None,
                },
            );
            // The member may already hold this very contract (drawn with the neighbours'):
            // then the finding stands as it is, and a second copy would be refused by every
            // checked path, an extract of the subdistrict among them.
            let held = plan.contracts.iter().any(|c| {
                (c.0, c.1, c.2, c.3.start) == (contract.0, contract.1, contract.2, contract.3.start)
            });
            if !held {
                plan.contracts.push(contract);
            }
        }
    }
}
