//! One rule seen on one date: its eligible holders, its targets and its running contracts,
//! grouped by jurisdiction (subdistrict). Shared by the audit and the planner, so both judge
//! eligibility and cost the same way.

use rustc_hash::FxHashSet;

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::contracts::ContractRule;
use crate::model::graph::{Ix, Node, Relation};
use crate::model::index::NONE;
use crate::model::levels::{BUILDING, COMPOUND, HOUSEHOLD, SUBDISTRICT};
use crate::model::{ContractKind, ContractRecord, Network, Proximity, Span};

/// The extra cost of a contract that does not exist yet: keeping one is cheaper than making a
/// new one, so a re-plan moves only what it must.
pub(crate) const STABILITY: i64 = 5;

/// A holder eligible on the date.
#[derive(Debug, Clone)]
pub(crate) struct Holder {
    pub(crate) ix: Ix,
    /// The unit whose position in the tree decides proximity: home (persons, falling back to
    /// where the eligible post is held) or anchor (organisations).
    pub(crate) location: Ix,
    pub(crate) jurisdiction: usize,
    pub(crate) capacity: u32,
}

/// A target of the rule.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) ix: Ix,
    /// The unit the target is (or, for tasks, is at).
    pub(crate) unit: Ix,
    pub(crate) jurisdiction: usize,
}

/// Why a recorded contract's holder does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, crate::schema::Enum)]
#[named(what = "ineligibility")]
pub enum Ineligibility {
    /// The holder has never held an eligible role (or kind, for organisations).
    #[named(zh = "无相应身份")]
    MissingRole,
    /// The holder's eligible post ended before the date.
    #[named(zh = "任职已结束")]
    PostEnded,
    /// The holder lives (or is anchored) in another jurisdiction than the target.
    #[named(zh = "不在同一街道")]
    OutsideJurisdiction,
    /// The organisation is not anchored at or above the task's unit.
    #[named(zh = "组织层级低于任务")]
    NotAbove,
    /// The target is not a target of the rule (a task already done, a building without
    /// households).
    #[named(zh = "不属包保对象")]
    NotATarget,
}

/// How a running contract counts: for a holder and target of the rule (their positions), as
/// a second record of a pair already counted, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    Valid { holder: u32, target: u32 },
    Duplicate,
    Ineligible(Ineligibility),
}

/// A running contract of the rule with its resolved ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Current {
    pub(crate) holder: Ix,
    pub(crate) target: Ix,
    pub(crate) span: Span,
}

pub(crate) struct RuleView<'n> {
    pub(crate) net: &'n Network,
    pub(crate) rule: &'n ContractRule,
    pub(crate) as_of: NaiveDate,
    /// Jurisdiction roots, as unit-tree positions in ascending order.
    pub(crate) jurisdictions: Vec<u32>,
    pub(crate) holders: Vec<Holder>,
    /// By node index: the holder's position in `holders`, or `NONE`.
    holder_of: Vec<u32>,
    pub(crate) targets: Vec<Target>,
    /// By node index: the target's position in `targets`, or `NONE`.
    target_of: Vec<u32>,
    pub(crate) current: Vec<Current>,
    /// How each running contract counts, in `current` order.
    pub(crate) standing: Vec<Standing>,
    /// Persons who once held an eligible role, now ended (for the audit's reasons).
    ended: FxHashSet<Ix>,
}

impl<'n> RuleView<'n> {
    pub(crate) fn new(net: &'n Network, rule: &'n ContractRule, as_of: NaiveDate) -> Self {
        let jurisdictions = jurisdictions(net);
        let bound = net
            .graph
            .node_indices()
            .next_back()
            .map_or(0, |ix| ix.index() + 1);
        let mut v = RuleView {
            net,
            rule,
            as_of,
            jurisdictions,
            holders: Vec::new(),
            holder_of: vec![NONE; bound],
            targets: Vec::new(),
            target_of: vec![NONE; bound],
            current: Vec::new(),
            standing: Vec::new(),
            ended: FxHashSet::default(),
        };
        v.collect_targets();
        v.collect_holders();
        v.collect_current();
        v.stand();
        v
    }

    /// Judges every running contract, in parallel (each needs a lowest-common-ancestor walk),
    /// then marks repeated pairs in order.
    fn stand(&mut self) {
        use rayon::prelude::*;
        let judged: Vec<Standing> = self
            .current
            .par_iter()
            .map(|c| {
                match (
                    self.ineligibility(c),
                    self.holder_index(c.holder),
                    self.target_index(c.target),
                ) {
                    (Some(reason), _, _) => Standing::Ineligible(reason),
                    (None, Some(h), Some(t)) => Standing::Valid {
                        holder: h as u32,
                        target: t as u32,
                    },
                    (None, _, _) => Standing::Ineligible(Ineligibility::NotATarget),
                }
            })
            .collect();
        let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
        self.standing = judged
            .into_iter()
            .map(|s| match s {
                Standing::Valid { holder, target } if !seen.insert((holder, target)) => {
                    Standing::Duplicate
                }
                other => other,
            })
            .collect();
    }

    /// The jurisdiction (index) of the unit at `ix`: the subdistrict containing it.
    pub(crate) fn jurisdiction_of(&self, unit: Ix) -> Option<usize> {
        let p = self.net.unit_tree.pos(unit)?;
        let i = self
            .jurisdictions
            .partition_point(|&j| j <= p)
            .checked_sub(1)?;
        let root = self.jurisdictions[i];
        (p < self.net.unit_tree.end[root as usize]).then_some(i)
    }

    fn collect_targets(&mut self) {
        let net = self.net;
        let push = |ix: Ix, unit: Ix, this: &mut Self| {
            if let Some(j) = this.jurisdiction_of(unit) {
                this.target_of[ix.index()] = this.targets.len() as u32;
                this.targets.push(Target {
                    ix,
                    unit,
                    jurisdiction: j,
                });
            }
        };
        match self.rule.kind {
            ContractKind::KeyTask => {
                // Tasks in the pre-order of their units, so that plans list them by place.
                let mut tasks: Vec<(u32, Ix, Ix)> = net
                    .graph
                    .node_indices()
                    .filter(|&t| matches!(&net.graph[t], Node::Task(k) if k.status.is_open()))
                    .filter_map(|t| {
                        let u = net.out_one(t, |r| matches!(r, Relation::TaskAt))?;
                        Some((net.unit_tree.pos(u)?, t, u))
                    })
                    .collect();
                tasks.sort_unstable_by_key(|&(p, t, _)| (p, t.index()));
                for (_, t, u) in tasks {
                    push(t, u, self);
                }
            }
            kind => {
                let level = match kind {
                    ContractKind::Compound => COMPOUND,
                    ContractKind::Building => BUILDING,
                    _ => HOUSEHOLD,
                };
                let Some(level) = net.scheme.level(level) else {
                    return;
                };
                let household = net.scheme.level(HOUSEHOLD);
                let positions = net
                    .unit_tree
                    .groups
                    .get(level.index())
                    .cloned()
                    .unwrap_or_default();
                for p in positions {
                    let ix = net.unit_tree.order[p as usize];
                    // Only residential buildings need a second building leader.
                    if kind == ContractKind::Building
                        && !net.unit_tree.children(p).any(|c| {
                            Some(net.unit_at(net.unit_tree.order[c as usize]).level) == household
                        })
                    {
                        continue;
                    }
                    push(ix, ix, self);
                }
            }
        }
    }

    fn collect_holders(&mut self) {
        let net = self.net;
        let rule = self.rule;
        if rule.kind.held_by_organisations() {
            for &o in &net.org_tree.order {
                let org = net.organisation_at(o);
                if !rule.eligible_organisations.contains(&org.kind) {
                    continue;
                }
                let Some(anchor) = net.out_one(o, |r| matches!(r, Relation::AnchoredOn)) else {
                    continue;
                };
                if let Some(j) = self.jurisdiction_of(anchor) {
                    self.add_holder(o, anchor, j, &org.id);
                }
            }
            return;
        }
        for p in net.person_nodes() {
            let mut post_place = None;
            let mut ended = false;
            for e in net.graph.edges_directed(p, Direction::Outgoing) {
                if let Relation::HoldsPost(role, span) = *e.weight()
                    && rule.eligible_roles.contains(&role)
                {
                    if span.contains(self.as_of) {
                        post_place.get_or_insert(e.target());
                    } else if span.end.is_some_and(|end| end < self.as_of) {
                        ended = true;
                    }
                }
            }
            let Some(place) = post_place else {
                if ended {
                    self.ended.insert(p);
                }
                continue;
            };
            let place_unit = match &net.graph[place] {
                Node::Unit(_) => Some(place),
                _ => net.out_one(place, |r| matches!(r, Relation::AnchoredOn)),
            };
            let Some(location) = net.home_ix(p).or(place_unit) else {
                continue;
            };
            if let Some(j) = self.jurisdiction_of(location) {
                let id = net.person_at(p).id.as_str();
                self.add_holder(p, location, j, id);
            }
        }
    }

    fn add_holder(&mut self, ix: Ix, location: Ix, jurisdiction: usize, id: &str) {
        let capacity = self.rule.capacity_of(id);
        self.holder_of[ix.index()] = self.holders.len() as u32;
        self.holders.push(Holder {
            ix,
            location,
            jurisdiction,
            capacity,
        });
    }

    fn collect_current(&mut self) {
        let net = self.net;
        let kind = self.rule.kind;
        let sources: Vec<Ix> = if kind.held_by_organisations() {
            net.org_tree.order.clone()
        } else {
            net.person_nodes().collect()
        };
        let mut mine = Vec::new();
        for h in sources {
            mine.clear();
            mine.extend(
                net.graph
                    .edges_directed(h, Direction::Outgoing)
                    .filter_map(|e| match *e.weight() {
                        Relation::Contract(k, span) if k == kind && span.contains(self.as_of) => {
                            Some(Current {
                                holder: h,
                                target: e.target(),
                                span,
                            })
                        }
                        _ => None,
                    }),
            );
            // Adjacency runs newest first; list each holder's contracts oldest first.
            self.current.extend(mine.iter().rev());
        }
    }

    /// The record of a running contract.
    pub(crate) fn record(&self, c: &Current) -> ContractRecord {
        ContractRecord {
            kind: self.rule.kind,
            holder: self.id(c.holder).to_owned(),
            target: self.id(c.target).to_owned(),
            start: c.span.start,
            end: c.span.end,
        }
    }

    /// The position of the holder at node `ix` in `holders`.
    pub(crate) fn holder_index(&self, ix: Ix) -> Option<usize> {
        self.holder_of
            .get(ix.index())
            .copied()
            .filter(|&h| h != NONE)
            .map(|h| h as usize)
    }

    /// The position of the target at node `ix` in `targets`.
    pub(crate) fn target_index(&self, ix: Ix) -> Option<usize> {
        self.target_of
            .get(ix.index())
            .copied()
            .filter(|&t| t != NONE)
            .map(|t| t as usize)
    }

    /// The cost of `holder` carrying `target`, or `None` if the pair is not allowed: across
    /// jurisdictions, beyond the proximity tiers, or (for key tasks) an organisation not
    /// anchored at or above the task's unit.
    pub(crate) fn cost(&self, holder: &Holder, target: &Target, current: bool) -> Option<i64> {
        if holder.jurisdiction != target.jurisdiction {
            return None;
        }
        if self.rule.kind == ContractKind::KeyTask
            && !self.at_or_above(holder.location, target.unit)
        {
            return None;
        }
        let tier = self.net.proximity_ix(holder.location, target.unit).cost()?;
        Some(i64::from(tier) + if current { 0 } else { STABILITY })
    }

    pub(crate) fn proximity(&self, holder: &Holder, target: &Target) -> Proximity {
        self.net.proximity_ix(holder.location, target.unit)
    }

    pub(crate) fn at_or_above(&self, a: Ix, b: Ix) -> bool {
        match (self.net.unit_tree.pos(a), self.net.unit_tree.pos(b)) {
            (Some(pa), Some(pb)) => pa == pb || self.net.unit_tree.is_ancestor(pa, pb),
            _ => false,
        }
    }

    /// Why the recorded contract `c` does not count, if it does not.
    pub(crate) fn ineligibility(&self, c: &Current) -> Option<Ineligibility> {
        let Some(t) = self.target_index(c.target) else {
            return Some(Ineligibility::NotATarget);
        };
        let Some(h) = self.holder_index(c.holder) else {
            return Some(if self.ended.contains(&c.holder) {
                Ineligibility::PostEnded
            } else {
                Ineligibility::MissingRole
            });
        };
        let (holder, target) = (&self.holders[h], &self.targets[t]);
        if holder.jurisdiction != target.jurisdiction {
            return Some(Ineligibility::OutsideJurisdiction);
        }
        if self.rule.kind == ContractKind::KeyTask
            && !self.at_or_above(holder.location, target.unit)
        {
            return Some(Ineligibility::NotAbove);
        }
        self.cost(holder, target, true)
            .is_none()
            .then_some(Ineligibility::OutsideJurisdiction)
    }

    pub(crate) fn id(&self, ix: Ix) -> &'n str {
        self.net.graph[ix].id()
    }
}

/// The jurisdiction roots: the subdistrict-level units, or the roots if the scheme has none.
pub(crate) fn jurisdictions(net: &Network) -> Vec<u32> {
    match net.scheme.level(SUBDISTRICT) {
        Some(l) => net
            .unit_tree
            .groups
            .get(l.index())
            .cloned()
            .unwrap_or_default(),
        None => net.unit_tree.children_of_forest().collect(),
    }
}
