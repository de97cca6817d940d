//! Optimal planning of the four contracts: the set of contracts that covers the most targets
//! and, among those, costs least — solved exactly as a min-cost flow per rule and jurisdiction.
//!
//! # The cost, stated so that anyone can check a plan
//!
//! A contract from holder `h` to target `t` costs the proximity tier of the lowest unit
//! containing both `h`'s location (a person's home, or where their eligible post is held if
//! they have no home; an organisation's anchor) and `t` (a unit, or a task's unit): 0 same
//! building, 1 same compound, 2 same grid, 3 same area, 4 same subdistrict
//! ([`Proximity::cost`]); pairs in different subdistricts are never allowed. A contract that
//! does not run yet costs 5 more (stability), so a re-plan keeps what it can. Key tasks may
//! only go to organisations anchored at or above the task's unit.
//!
//! The plan maximises the number of holder slots filled (each target needs
//! `holders_per_target` holders; with the default of one, this is the number of targets
//! covered), then minimises the total cost. Pinned pairs are always in the plan; forbidden pairs
//! never are.
//!
//! # How it is solved
//!
//! Jurisdictions (subdistricts) are independent, so each (rule, jurisdiction) is its own flow
//! problem, solved in parallel. When a target needs one holder, the flow runs through the unit
//! tree instead of through every holder–target pair: a holder enters the tree at its location,
//! climbs to some unit, crosses to that unit's "down" copy paying the unit's tier, and descends
//! to a target. The cheapest crossing is the lowest common unit, so the optimum equals that of
//! the full bipartite problem, with O(units + holders) arcs instead of O(holders × targets).
//! Running contracts are direct arcs at their tier; pinned pairs are direct arcs with a lower
//! bound of one; a holder with forbidden pairs gets direct arcs to every other target instead
//! of entering the tree. Targets needing several holders use direct arcs throughout (a holder
//! must not fill two slots of one target).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHasher;
use serde::Serialize;

use crate::schema::{Enum, Record};

use crate::contracts::view::{Holder, RuleView, STABILITY, Standing, Target};
use crate::contracts::{ContractRule, Rules};
use crate::flow::MinCostFlow;
use crate::model::graph::Ix;
use crate::model::index::NONE;
use crate::model::{
    Change, Changeset, ContractKey, ContractKind, ContractRecord, Network, Proximity,
};
use crate::progress::Progress;
use crate::{Error, Problem, Result};

/// A contract the plan adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
pub struct NewContract {
    /// The contract, starting on the plan's date.
    pub contract: ContractRecord,
    /// How near holder and target are: the cost tier.
    pub proximity: Proximity,
    /// Its cost: the tier plus the stability cost of a new contract.
    pub cost: i64,
}

/// Why a target is left uncovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "uncovered reason")]
pub enum UncoveredReason {
    /// No eligible holder in the target's subdistrict may take it.
    #[named(zh = "无可包保人")]
    NoEligibleHolder,
    /// Every eligible holder that may take it is at capacity.
    #[named(zh = "包保人已满额")]
    HoldersAtCapacity,
}

/// A target the plan leaves uncovered (or short of holders), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "target")]
pub struct UncoveredTarget {
    /// The target's id.
    pub target: String,
    /// How many holders it gets (fewer than it needs).
    pub holders: u32,
    /// Why.
    pub reason: UncoveredReason,
}

/// The plan of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "kind")]
#[non_exhaustive]
pub struct RulePlan {
    /// The contract kind.
    pub kind: ContractKind,
    /// How many targets the rule has.
    pub targets: usize,
    /// Targets with all the holders they need, under the plan.
    pub covered: usize,
    /// How many running contracts the plan keeps: every running contract of the rule that is
    /// not in [`end`](Self::end). (Counted, not listed: at city scale they run to millions.)
    pub kept: usize,
    /// Contracts the plan adds.
    pub add: Vec<NewContract>,
    /// Running contracts the plan ends (not kept: ineligible, duplicated, over capacity, or
    /// moved to a better holder).
    pub end: Vec<ContractRecord>,
    /// Targets left short, with the reason.
    pub uncovered: Vec<UncoveredTarget>,
    /// The total cost of the kept and added contracts.
    pub cost: i64,
}

/// The result of [`plan`]: per rule, in kind order, and the diff to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[non_exhaustive]
pub struct Plan {
    /// The date planned for: new contracts start on it.
    pub as_of: NaiveDate,
    /// One plan per rule.
    pub rules: Vec<RulePlan>,
}

impl Plan {
    /// The plan of `kind`, if the rules had it.
    pub fn rule(&self, kind: ContractKind) -> Option<&RulePlan> {
        self.rules.iter().find(|r| r.kind == kind)
    }

    /// The total cost over all rules.
    pub fn cost(&self) -> i64 {
        self.rules.iter().map(|r| r.cost).sum()
    }

    /// The plan as a diff against the current contracts: ended contracts end the day before
    /// the plan's date (or are removed if they start on or after it), new ones start on it.
    /// Commit it through [`Network::apply`].
    ///
    /// ```
    /// use quanyu::contracts::{plan, Rules};
    /// let mut net = quanyu::synth::community(1)?;
    /// let day = quanyu::synth::REFERENCE_DATE;
    /// let p = plan(&net, day, &Rules::default())?;
    /// net.apply(p.changes())?;
    /// // Planning again right away changes nothing.
    /// let again = plan(&net, day, &Rules::default())?;
    /// assert!(again.rules.iter().all(|r| r.add.is_empty() && r.end.is_empty()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn changes(&self) -> Changeset {
        let mut c = Changeset::new();
        let yesterday = self.as_of.pred_opt().unwrap_or(self.as_of);
        for r in &self.rules {
            for old in &r.end {
                let key = ContractKey::from(old);
                if old.start < self.as_of {
                    c.push(Change::EndContract {
                        key,
                        end: yesterday,
                    });
                } else {
                    c.push(Change::RemoveContract(key));
                }
            }
            for new in &r.add {
                c.push(Change::AddContract(new.contract.clone()));
            }
        }
        c
    }
}

/// How many (rule, jurisdiction) problems the last plan solved and reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Record)]
pub struct PlannerStats {
    /// Problems solved.
    pub solved: usize,
    /// Problems whose inputs had not changed, answered from the cache.
    pub reused: usize,
}

/// A planner that remembers its last solution per (rule, jurisdiction) and re-solves only the
/// jurisdictions whose inputs changed: after a small edit, a re-plan costs one subdistrict's
/// solve instead of every one, and gives the same plan as planning from scratch.
///
/// ```
/// use quanyu::contracts::{Planner, Rules};
/// let mut net = quanyu::synth::district(1)?;
/// let day = quanyu::synth::REFERENCE_DATE;
/// let mut planner = Planner::new();
/// let first = planner.plan(&net, day, &Rules::default())?;
/// assert_eq!(planner.stats().reused, 0);
/// // A member moves house within one subdistrict…
/// let p = net.persons().find(|p| net.home(&p.id).unwrap().is_some()).unwrap().id.clone();
/// let mut r = net.person_records().find(|r| r.id == p).unwrap();
/// let other = net.units_by_level("Household")?.nth(3).unwrap().id.to_string();
/// r.home = Some(other);
/// let mut edit = net.edit();
/// edit.update_person(r);
/// edit.commit()?;
/// let again = planner.plan(&net, day, &Rules::default())?;
/// assert!(planner.stats().reused > planner.stats().solved);
/// assert_eq!(again, quanyu::contracts::plan(&net, day, &Rules::default())?);
/// # let _ = first;
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct Planner {
    cache: HashMap<(ContractKind, Ix), (u64, Solved)>,
    stats: PlannerStats,
}

/// One (rule, jurisdiction) solution, in graph nodes (stable across edits).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Solved {
    /// (holder, target) pairs in the plan.
    pairs: Vec<(Ix, Ix)>,
    /// Targets short of holders: (target, holders got, reason).
    short: Vec<(Ix, u32, UncoveredReason)>,
}

/// Plans the contracts of `rules` on `as_of` from scratch.
///
/// ```
/// use quanyu::contracts::{audit, plan, Rules};
/// use quanyu::ContractKind;
/// let net = quanyu::synth::community(1)?;
/// let day = quanyu::synth::REFERENCE_DATE;
/// let p = plan(&net, day, &Rules::default())?;
/// let before = audit(&net, day, &Rules::default());
/// let n = p.rule(ContractKind::Neighbours).unwrap();
/// assert!(n.covered > before.rule(ContractKind::Neighbours).unwrap().covered);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn plan(net: &Network, as_of: NaiveDate, rules: &Rules) -> Result<Plan> {
    Planner::new().plan(net, as_of, rules)
}

impl Planner {
    /// An empty planner.
    pub fn new() -> Self {
        Planner::default()
    }

    /// What the last [`plan`](Self::plan) solved and reused.
    pub fn stats(&self) -> PlannerStats {
        self.stats
    }

    /// Plans the contracts of `rules` on `as_of`, re-solving only what changed since the last
    /// call.
    pub fn plan(&mut self, net: &Network, as_of: NaiveDate, rules: &Rules) -> Result<Plan> {
        self.plan_with(net, as_of, rules, &Progress::default())
    }

    /// [`plan`](Self::plan), reporting each (rule, jurisdiction) problem as it is solved or
    /// reused — the stage is the rule's contract kind, and `done` of `total` counts problems
    /// over the whole call — and stopping with [`Error::Cancelled`] once `progress` is
    /// cancelled. A cancelled plan returns no plan; what it solved is kept for the next call.
    ///
    /// ```
    /// use quanyu::contracts::{Planner, Rules};
    /// use quanyu::progress::Progress;
    /// let net = quanyu::synth::community(1)?;
    /// let progress = Progress::new().on_step(|s| assert!(s.done <= s.total));
    /// let plan = Planner::new().plan_with(&net, quanyu::synth::REFERENCE_DATE, &Rules::default(), &progress)?;
    /// assert_eq!(plan.rules.len(), 4);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn plan_with(
        &mut self,
        net: &Network,
        as_of: NaiveDate,
        rules: &Rules,
        progress: &Progress,
    ) -> Result<Plan> {
        rules.check()?;
        progress.check()?;
        self.stats = PlannerStats::default();
        let mut out = Plan {
            as_of,
            rules: Vec::new(),
        };
        let mut live: HashSet<(ContractKind, Ix)> = HashSet::new();
        let structure = structure_hashes(net);
        // Every (rule, jurisdiction) is one unit of work, whether it is solved, reused or has
        // no target at all.
        let total = rules.iter().count() * structure.len();
        let done = AtomicUsize::new(0);
        progress.step("", 0, total);
        for rule in rules.iter() {
            let stage = rule.kind.as_str();
            let view = RuleView::new(net, rule, as_of);
            let subs = subproblems(&view)?;
            let empty = structure.len().saturating_sub(subs.len());
            advance(progress, stage, &done, empty, total);
            // Fingerprint every jurisdiction; solve those that changed, in parallel.
            let keyed: Vec<((ContractKind, Ix), u64, &Sub)> = subs
                .par_iter()
                .map(|s| {
                    let root = net.unit_tree.order[view.jurisdictions[s.j] as usize];
                    ((rule.kind, root), s.fingerprint(&view, structure[s.j]), s)
                })
                .collect();
            let todo: Vec<usize> = (0..keyed.len())
                .filter(|&i| {
                    self.cache
                        .get(&keyed[i].0)
                        .is_none_or(|(fp, _)| *fp != keyed[i].1)
                })
                .collect();
            let reused = keyed.len() - todo.len();
            advance(progress, stage, &done, reused, total);
            let solved: Vec<Result<Solved>> = todo
                .par_iter()
                .map(|&i| {
                    progress.check()?;
                    let s = keyed[i].2.solve(&view)?;
                    advance(progress, stage, &done, 1, total);
                    Ok(s)
                })
                .collect();
            // What was solved stays in the cache even when the call is cancelled: it is right.
            let mut first_error = None;
            for (&i, s) in todo.iter().zip(solved) {
                match s {
                    Ok(s) => {
                        self.cache.insert(keyed[i].0, (keyed[i].1, s));
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            if let Some(e) = first_error {
                return Err(e);
            }
            self.stats.solved += todo.len();
            self.stats.reused += reused;
            live.extend(keyed.iter().map(|k| k.0));
            let parts: Vec<&Solved> = keyed
                .iter()
                .filter_map(|k| self.cache.get(&k.0).map(|c| &c.1))
                .collect();
            out.rules.push(assemble(&view, &parts));
        }
        progress.check()?;
        // Forget jurisdictions that no longer exist.
        self.cache.retain(|k, _| live.contains(k));
        Ok(out)
    }
}

/// Counts `n` more problems done and reports the step (nothing when `n` is zero, so that every
/// report moves forward).
fn advance(progress: &Progress, stage: &str, done: &AtomicUsize, n: usize, total: usize) {
    if n > 0 {
        progress.step(stage, done.fetch_add(n, Ordering::Relaxed) + n, total);
    }
}

/// The min-cost-flow problem of one (rule, jurisdiction), as the planner builds it: for
/// inspection, and for benchmarking the flow engine against other solvers on real instances.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FlowInstance {
    /// The contract kind.
    pub kind: ContractKind,
    /// The jurisdiction's (subdistrict's) id.
    pub jurisdiction: String,
    /// The flow problem.
    pub problem: MinCostFlow,
}

/// The flow problems a full plan of `rules` on `as_of` solves, one per (rule, jurisdiction).
///
/// ```
/// use quanyu::contracts::{flow_instances, Rules};
/// let net = quanyu::synth::community(1)?;
/// let instances = flow_instances(&net, quanyu::synth::REFERENCE_DATE, &Rules::default())?;
/// assert_eq!(instances.len(), 4);
/// let optimum = instances[2].problem.solve().unwrap().cost;
/// assert!(optimum > 0);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn flow_instances(net: &Network, as_of: NaiveDate, rules: &Rules) -> Result<Vec<FlowInstance>> {
    rules.check()?;
    let mut out = Vec::new();
    for rule in rules.iter() {
        let view = RuleView::new(net, rule, as_of);
        for sub in subproblems(&view)? {
            let root = net.unit_tree.order[view.jurisdictions[sub.j] as usize];
            out.push(FlowInstance {
                kind: rule.kind,
                jurisdiction: view.id(root).to_owned(),
                problem: sub.build(&view)?.mcf,
            });
        }
    }
    Ok(out)
}

/// One (rule, jurisdiction) problem's inputs, as indices into the rule view.
struct Sub {
    j: usize,
    holders: Vec<usize>,
    targets: Vec<usize>,
    /// Valid running contracts (deduplicated): (holder, target).
    current: Vec<(usize, usize)>,
    pinned: Vec<(usize, usize)>,
    forbidden: HashSet<(usize, usize)>,
}

fn subproblems(view: &RuleView<'_>) -> Result<Vec<Sub>> {
    let n = view.jurisdictions.len();
    let mut subs: Vec<Sub> = (0..n)
        .map(|j| Sub {
            j,
            holders: Vec::new(),
            targets: Vec::new(),
            current: Vec::new(),
            pinned: Vec::new(),
            forbidden: HashSet::new(),
        })
        .collect();
    for (h, holder) in view.holders.iter().enumerate() {
        subs[holder.jurisdiction].holders.push(h);
    }
    for (t, target) in view.targets.iter().enumerate() {
        subs[target.jurisdiction].targets.push(t);
    }
    for standing in &view.standing {
        if let Standing::Valid { holder, target } = *standing {
            let (h, t) = (holder as usize, target as usize);
            subs[view.targets[t].jurisdiction].current.push((h, t));
        }
    }
    let rule = view.rule;
    let resolve = |holder: &str, target: &str| -> Option<(usize, usize)> {
        let h = view.holder_index(view.net.ix_of(holder_kind(rule), holder)?)?;
        let t = view.target_index(view.net.ix_of(target_kind(rule), target)?)?;
        Some((h, t))
    };
    let mut problems = Vec::new();
    for (holder, target) in &rule.forbidden {
        if let Some((h, t)) = resolve(holder, target) {
            subs[view.targets[t].jurisdiction].forbidden.insert((h, t));
        }
    }
    let mut pinned_load: HashMap<usize, u32> = HashMap::new();
    let mut pinned_need: HashMap<usize, u32> = HashMap::new();
    for (holder, target) in &rule.pinned {
        let fail = |msg: String| {
            Problem::new(
                holder,
                "pinned",
                format!("{} pin to `{target}`: {msg}", rule.kind),
            )
        };
        match resolve(holder, target) {
            None => problems.push(fail(
                "the holder is not eligible on the date, or the target is not a target of the rule"
                    .into(),
            )),
            Some((h, t))
                if view
                    .cost(&view.holders[h], &view.targets[t], true)
                    .is_none() =>
            {
                problems.push(fail(
                    "the pair is not allowed (different subdistricts, or not at or above the task)"
                        .into(),
                ))
            }
            Some((h, t)) if rule.forbidden.contains(&(holder.clone(), target.clone())) => {
                problems.push(fail("the pair is both pinned and forbidden".into()));
                let _ = (h, t);
            }
            Some((h, t)) => {
                *pinned_load.entry(h).or_default() += 1;
                *pinned_need.entry(t).or_default() += 1;
                subs[view.targets[t].jurisdiction].pinned.push((h, t));
            }
        }
    }
    for (&h, &n) in &pinned_load {
        if n > view.holders[h].capacity {
            let id = view.id(view.holders[h].ix);
            problems.push(Problem::new(
                id,
                "pinned",
                format!(
                    "{n} pinned targets exceed the capacity of {}",
                    view.holders[h].capacity
                ),
            ));
        }
    }
    for (&t, &n) in &pinned_need {
        if n > rule.holders_per_target {
            let id = view.id(view.targets[t].ix);
            problems.push(Problem::new(
                id,
                "pinned",
                format!(
                    "{n} pinned holders exceed the {} it needs",
                    rule.holders_per_target
                ),
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.id, &a.message).cmp(&(&b.id, &b.message)));
        return Err(Error::Validation(problems));
    }
    for s in &mut subs {
        s.pinned.sort_unstable();
    }
    subs.retain(|s| !s.targets.is_empty());
    Ok(subs)
}

/// A digest of each jurisdiction's subtree: its units in pre-order with their depth and
/// level, which pins down its shape exactly.
fn structure_hashes(net: &Network) -> Vec<u64> {
    let tree = &net.unit_tree;
    crate::contracts::view::jurisdictions(net)
        .par_iter()
        .map(|&root| {
            let mut h = FxHasher::default();
            for p in root as usize..tree.end[root as usize] as usize {
                let ix = tree.order[p];
                (ix.index(), tree.depth[p], net.unit_at(ix).level).hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

fn holder_kind(rule: &ContractRule) -> crate::EntityKind {
    if rule.kind.held_by_organisations() {
        crate::EntityKind::Organisation
    } else {
        crate::EntityKind::Person
    }
}

fn target_kind(rule: &ContractRule) -> crate::EntityKind {
    if rule.kind.targets_tasks() {
        crate::EntityKind::Task
    } else {
        crate::EntityKind::Unit
    }
}

impl Sub {
    /// A digest of everything the solution depends on: the jurisdiction's tree (`structure`),
    /// the holders with their locations and capacities, the targets, the running contracts,
    /// the pins and the bans.
    fn fingerprint(&self, view: &RuleView<'_>, structure: u64) -> u64 {
        let mut h = FxHasher::default();
        (structure, view.rule.holders_per_target).hash(&mut h);
        for &x in &self.holders {
            let holder = &view.holders[x];
            (holder.ix.index(), holder.location.index(), holder.capacity).hash(&mut h);
        }
        0xFFu8.hash(&mut h);
        for &t in &self.targets {
            (view.targets[t].ix.index(), view.targets[t].unit.index()).hash(&mut h);
        }
        let ix = |(a, b): (usize, usize)| (view.holders[a].ix.index(), view.targets[b].ix.index());
        // Running contracts come in a deterministic order; a reordering with the same set only
        // costs a needless re-solve, never a wrong answer.
        for &p in &self.current {
            ix(p).hash(&mut h);
        }
        let mut v: Vec<_> = self.pinned.iter().map(|&p| ix(p)).collect();
        v.sort_unstable();
        v.hash(&mut h);
        let mut v: Vec<_> = self.forbidden.iter().map(|&p| ix(p)).collect();
        v.sort_unstable();
        v.hash(&mut h);
        h.finish()
    }

    fn build<'a, 'n>(&'a self, view: &'a RuleView<'n>) -> Result<Builder<'a, 'n>> {
        let mut b = Builder::new(view, self)?;
        b.holder_arcs()?;
        if view.rule.holders_per_target == 1 {
            b.tree_arcs()?;
        } else {
            b.bipartite_arcs()?;
        }
        Ok(b)
    }

    fn solve(&self, view: &RuleView<'_>) -> Result<Solved> {
        self.build(view)?.solve()
    }
}

/// The flow network of one (rule, jurisdiction) problem.
struct Builder<'a, 'n> {
    view: &'a RuleView<'n>,
    sub: &'a Sub,
    mcf: MinCostFlow,
    /// Node of each holder (by position in `sub.holders`) and target (in `sub.targets`).
    holder_node: Vec<usize>,
    target_node: Vec<usize>,
    /// Arcs from holder nodes directly to target nodes: (arc, holder, target).
    direct: Vec<(usize, usize, usize)>,
    /// Tree arcs: (arc, from node, to node), for the path decomposition.
    tree: Vec<(usize, usize, usize)>,
    /// The arc from each holder's node into the tree: (arc, holder, tree node).
    entries: Vec<(usize, usize, usize)>,
    up: HashMap<u32, usize>,
    down: HashMap<u32, usize>,
}

const SOURCE: usize = 0;
const SINK: usize = 1;

impl<'a, 'n> Builder<'a, 'n> {
    fn new(view: &'a RuleView<'n>, sub: &'a Sub) -> Result<Self> {
        let need = i64::from(view.rule.holders_per_target);
        let demand = i64::try_from(sub.targets.len())
            .ok()
            .and_then(|n| n.checked_mul(need))
            .ok_or_else(|| {
                Error::invalid_argument(
                    "holders_per_target",
                    format!(
                        "{} holders for each of {} targets exceed what one plan can hold",
                        need,
                        sub.targets.len()
                    ),
                )
            })?;
        let mut mcf = MinCostFlow::new(2);
        mcf.set_supply(SOURCE, demand)?;
        mcf.set_supply(SINK, -demand)?;
        // Unmet demand overflows at a price above any augmenting path (at most nine per hop),
        // so coverage comes first and cost second.
        let big = 16 * (sub.holders.len() + sub.targets.len() + 2) as i64;
        mcf.add_arc(SOURCE, SINK, demand, big)?;
        let mut holder_node = Vec::with_capacity(sub.holders.len());
        for &h in &sub.holders {
            let n = mcf.add_node(0);
            mcf.add_arc(SOURCE, n, i64::from(view.holders[h].capacity), 0)?;
            holder_node.push(n);
        }
        let mut target_node = Vec::with_capacity(sub.targets.len());
        for _ in &sub.targets {
            let n = mcf.add_node(0);
            mcf.add_arc(n, SINK, need, 0)?;
            target_node.push(n);
        }
        Ok(Builder {
            view,
            sub,
            mcf,
            holder_node,
            target_node,
            direct: Vec::new(),
            tree: Vec::new(),
            entries: Vec::new(),
            up: HashMap::new(),
            down: HashMap::new(),
        })
    }

    fn direct_arc(&mut self, hi: usize, ti: usize, lower: i64, current: bool) -> Result<()> {
        let (h, t) = (
            &self.view.holders[self.sub.holders[hi]],
            &self.view.targets[self.sub.targets[ti]],
        );
        // A pair the rules do not allow (different subdistricts) simply has no arc.
        if let Some(cost) = self.view.cost(h, t, current) {
            let a = self.mcf.add_arc_with_lower_bound(
                self.holder_node[hi],
                self.target_node[ti],
                lower,
                1,
                cost,
            )?;
            self.direct.push((a, hi, ti));
        }
        Ok(())
    }

    /// Direct arcs for running contracts and pins.
    fn holder_arcs(&mut self) -> Result<()> {
        let hpos: HashMap<usize, usize> = self
            .sub
            .holders
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, i))
            .collect();
        let tpos: HashMap<usize, usize> = self
            .sub
            .targets
            .iter()
            .enumerate()
            .map(|(i, &t)| (t, i))
            .collect();
        let pinned: HashSet<(usize, usize)> = self.sub.pinned.iter().copied().collect();
        let current: HashSet<(usize, usize)> = self.sub.current.iter().copied().collect();
        for &(h, t) in &self.sub.current {
            if !self.sub.forbidden.contains(&(h, t)) {
                self.direct_arc(
                    hpos[&h],
                    tpos[&t],
                    i64::from(pinned.contains(&(h, t))),
                    true,
                )?;
            }
        }
        for &(h, t) in &self.sub.pinned {
            if !current.contains(&(h, t)) {
                self.direct_arc(hpos[&h], tpos[&t], 1, false)?;
            }
        }
        Ok(())
    }

    /// Every allowed holder–target pair as a direct arc (targets needing several holders).
    fn bipartite_arcs(&mut self) -> Result<()> {
        let have: HashSet<(usize, usize)> = self.direct.iter().map(|&(_, h, t)| (h, t)).collect();
        for hi in 0..self.sub.holders.len() {
            for ti in 0..self.sub.targets.len() {
                let pair = (self.sub.holders[hi], self.sub.targets[ti]);
                if !have.contains(&(hi, ti)) && !self.sub.forbidden.contains(&pair) {
                    self.direct_arc(hi, ti, 0, false)?;
                }
            }
        }
        Ok(())
    }

    /// The tree network: down copies above every target, up copies above every holder's
    /// location, crossings at each unit with a tier.
    fn tree_arcs(&mut self) -> Result<()> {
        let net = self.view.net;
        let tree = &net.unit_tree;
        let root = self.view.jurisdictions[self.sub.j];
        for ti in 0..self.sub.targets.len() {
            let unit = self.view.targets[self.sub.targets[ti]].unit;
            let Some(p) = tree.pos(unit) else { continue };
            let d = self.down_chain(p, root)?;
            let a = self.mcf.add_arc(
                d,
                self.target_node[ti],
                i64::from(self.view.rule.holders_per_target),
                0,
            )?;
            self.tree.push((a, d, self.target_node[ti]));
        }
        let banned: HashSet<usize> = self.sub.forbidden.iter().map(|&(h, _)| h).collect();
        let by_org = self.view.rule.kind.held_by_organisations();
        for hi in 0..self.sub.holders.len() {
            let holder: &Holder = &self.view.holders[self.sub.holders[hi]];
            if banned.contains(&self.sub.holders[hi]) {
                // Forbidden pairs cannot be excluded inside the tree: go direct instead.
                let have: HashSet<usize> = self
                    .direct
                    .iter()
                    .filter(|d| d.1 == hi)
                    .map(|d| d.2)
                    .collect();
                for ti in 0..self.sub.targets.len() {
                    if !have.contains(&ti)
                        && !self
                            .sub
                            .forbidden
                            .contains(&(self.sub.holders[hi], self.sub.targets[ti]))
                    {
                        self.direct_arc(hi, ti, 0, false)?;
                    }
                }
                continue;
            }
            let Some(p) = tree.pos(holder.location) else {
                continue;
            };
            let cap = i64::from(holder.capacity);
            if by_org {
                // An organisation reaches only the tasks at or below its anchor.
                if let Some(&d) = self.down.get(&p) {
                    let tier = net
                        .scheme
                        .proximity(net.unit_at(holder.location).level)
                        .cost();
                    if let Some(tier) = tier {
                        let a = self.mcf.add_arc(
                            self.holder_node[hi],
                            d,
                            cap,
                            i64::from(tier) + STABILITY,
                        )?;
                        self.entries.push((a, hi, d));
                    }
                }
            } else {
                let u = self.up_chain(p, root)?;
                let a = self.mcf.add_arc(self.holder_node[hi], u, cap, STABILITY)?;
                self.entries.push((a, hi, u));
            }
        }
        Ok(())
    }

    /// The down copy of the unit at `p`, creating it and its ancestors' copies up to `root`.
    fn down_chain(&mut self, p: u32, root: u32) -> Result<usize> {
        if let Some(&d) = self.down.get(&p) {
            return Ok(d);
        }
        let d = self.mcf.add_node(0);
        self.down.insert(p, d);
        if p != root {
            let up = self.view.net.unit_tree.parent[p as usize];
            if up != NONE {
                let parent = self.down_chain(up, root)?;
                let a = self.mcf.add_arc(parent, d, crate::flow::UNBOUNDED, 0)?;
                self.tree.push((a, parent, d));
            }
        }
        Ok(d)
    }

    /// The up copy of the unit at `p`, with its crossing, creating its ancestors' up to `root`.
    fn up_chain(&mut self, p: u32, root: u32) -> Result<usize> {
        if let Some(&u) = self.up.get(&p) {
            return Ok(u);
        }
        let net = self.view.net;
        let u = self.mcf.add_node(0);
        self.up.insert(p, u);
        let level = net.unit_at(net.unit_tree.order[p as usize]).level;
        if let (Some(&d), Some(tier)) = (self.down.get(&p), net.scheme.proximity(level).cost()) {
            let a = self
                .mcf
                .add_arc(u, d, crate::flow::UNBOUNDED, i64::from(tier))?;
            self.tree.push((a, u, d));
        }
        if p != root {
            let up = net.unit_tree.parent[p as usize];
            if up != NONE {
                let parent = self.up_chain(up, root)?;
                let a = self.mcf.add_arc(u, parent, crate::flow::UNBOUNDED, 0)?;
                self.tree.push((a, u, parent));
            }
        }
        Ok(u)
    }

    fn solve(self) -> Result<Solved> {
        let sol = self.mcf.solve()?;
        let view = self.view;
        let sub = self.sub;
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for &(a, hi, ti) in &self.direct {
            if sol.flow[a] > 0 {
                pairs.push((hi, ti));
            }
        }
        // Decompose the tree flow into holder → target paths. The tree network is acyclic
        // and conserves flow, so walking down arcs with flow left always reaches a target.
        let target_of_node: HashMap<usize, usize> = self
            .target_node
            .iter()
            .enumerate()
            .map(|(i, &n)| (n, i))
            .collect();
        let mut out: HashMap<usize, (Vec<(usize, usize)>, usize)> = HashMap::new();
        let mut left: Vec<i64> = vec![0; sol.flow.len()];
        for &(a, from, to) in &self.tree {
            if sol.flow[a] > 0 {
                left[a] = sol.flow[a];
                out.entry(from).or_default().0.push((a, to));
            }
        }
        for &(a, hi, entry) in &self.entries {
            for _ in 0..sol.flow[a].max(0) {
                let mut node = entry;
                // The bound only guards against a logic slip; a path is never longer.
                for _ in 0..=self.tree.len() {
                    if let Some(&ti) = target_of_node.get(&node) {
                        pairs.push((hi, ti));
                        break;
                    }
                    let Some((arcs, cursor)) = out.get_mut(&node) else {
                        break;
                    };
                    while *cursor < arcs.len() && left[arcs[*cursor].0] == 0 {
                        *cursor += 1;
                    }
                    let Some(&(arc, to)) = arcs.get(*cursor) else {
                        break;
                    };
                    left[arc] -= 1;
                    node = to;
                }
            }
        }
        pairs.sort_unstable_by_key(|&(hi, ti)| (ti, hi));
        let need = view.rule.holders_per_target;
        let mut got = vec![0u32; sub.targets.len()];
        let mut load = vec![0u32; sub.holders.len()];
        for &(hi, ti) in &pairs {
            got[ti] += 1;
            load[hi] += 1;
        }
        let mut short = Vec::new();
        for (ti, &got) in got.iter().enumerate() {
            if got >= need {
                continue;
            }
            let t: &Target = &view.targets[sub.targets[ti]];
            let reachable = (0..sub.holders.len()).any(|hi| {
                let h = &view.holders[sub.holders[hi]];
                !sub.forbidden.contains(&(sub.holders[hi], sub.targets[ti]))
                    && view.cost(h, t, false).is_some()
            });
            let reason = if reachable {
                UncoveredReason::HoldersAtCapacity
            } else {
                UncoveredReason::NoEligibleHolder
            };
            short.push((t.ix, got, reason));
        }
        Ok(Solved {
            pairs: pairs
                .into_iter()
                .map(|(hi, ti)| {
                    (
                        view.holders[sub.holders[hi]].ix,
                        view.targets[sub.targets[ti]].ix,
                    )
                })
                .collect(),
            short,
        })
    }
}

/// Turns the per-jurisdiction solutions into the rule's plan and diff.
fn assemble(view: &RuleView<'_>, parts: &[&Solved]) -> RulePlan {
    let rule = view.rule;
    // The chosen holders of each target, as one flat array with offsets by target position.
    let n = view.targets.len();
    let mut offset = vec![0u32; n + 1];
    let chosen: Vec<(usize, usize)> = parts
        .iter()
        .flat_map(|s| s.pairs.iter())
        .filter_map(|&(h, t)| Some((view.holder_index(h)?, view.target_index(t)?)))
        .collect();
    for &(_, t) in &chosen {
        offset[t + 1] += 1;
    }
    for t in 0..n {
        offset[t + 1] += offset[t];
    }
    let mut slot = offset.clone();
    let mut holders = vec![0u32; chosen.len()];
    for &(h, t) in &chosen {
        holders[slot[t] as usize] = h as u32;
        slot[t] += 1;
    }
    // Which chosen pairs a running contract keeps.
    let mut kept = vec![false; chosen.len()];
    let mut plan = RulePlan {
        kind: rule.kind,
        targets: n,
        covered: 0,
        kept: 0,
        add: Vec::new(),
        end: Vec::new(),
        uncovered: Vec::new(),
        cost: 0,
    };
    for (c, standing) in view.current.iter().zip(&view.standing) {
        let keep = match *standing {
            Standing::Valid { holder, target } => {
                let range = offset[target as usize] as usize..offset[target as usize + 1] as usize;
                match range.into_iter().find(|&k| holders[k] == holder) {
                    Some(k) => {
                        kept[k] = true;
                        let (h, t) = (
                            &view.holders[holder as usize],
                            &view.targets[target as usize],
                        );
                        plan.cost += view.cost(h, t, true).unwrap_or(0);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        };
        if keep {
            plan.kept += 1;
        } else {
            plan.end.push(view.record(c));
        }
    }
    for t in 0..n {
        for k in offset[t] as usize..offset[t + 1] as usize {
            if kept[k] {
                continue;
            }
            let (h, target) = (&view.holders[holders[k] as usize], &view.targets[t]);
            let cost = view.cost(h, target, false).unwrap_or(0);
            plan.cost += cost;
            plan.add.push(NewContract {
                contract: ContractRecord::new(
                    rule.kind,
                    view.id(h.ix),
                    view.id(target.ix),
                    view.as_of,
                ),
                proximity: view.proximity(h, target),
                cost,
            });
        }
    }
    for s in parts {
        plan.uncovered
            .extend(s.short.iter().map(|&(t, holders, reason)| UncoveredTarget {
                target: view.id(t).to_owned(),
                holders,
                reason,
            }));
    }
    plan.covered = plan.targets - plan.uncovered.len();
    plan
}
