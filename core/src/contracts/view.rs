//! One rule seen on one date: its eligible holders, its targets and its running contracts,
//! grouped by jurisdiction (subdistrict). Shared by the audit and the planner, so both judge
//! eligibility and cost the same way.

use rustc_hash::FxHashSet;

use chrono::NaiveDate;

use crate::EntityKind;
use crate::contracts::ContractRule;
use crate::model::levels::{HOUSEHOLD, SUBDISTRICT};
use crate::model::{
    ContractEdge, ContractKind, ContractRecord, Network, NodeRef, Proximity, UnitPos,
};

/// The extra cost of a contract that does not exist yet: keeping one is cheaper than making a
/// new one, so a re-plan moves only what it must.
pub(crate) const STABILITY: i64 = 5;

/// A holder eligible on the date.
#[derive(Debug, Clone)]
pub(crate) struct Holder {
    pub(crate) ix: NodeRef,
    /// The unit whose position in the tree decides proximity: home (persons, falling back to
    /// where the eligible post is held) or anchor (organisations).
    pub(crate) location: NodeRef,
    pub(crate) jurisdiction: usize,
    pub(crate) capacity: u32,
}

/// A target of the rule.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) ix: NodeRef,
    /// The unit the target is (or, for tasks, is at).
    pub(crate) unit: NodeRef,
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
pub(crate) type Current = ContractEdge;

/// No entry, in the arrays indexed by node.
const NONE: u32 = u32::MAX;

pub(crate) struct RuleView<'n> {
    pub(crate) net: &'n Network,
    pub(crate) rule: &'n ContractRule,
    pub(crate) as_of: NaiveDate,
    /// Jurisdiction roots, as unit-tree positions in ascending order.
    pub(crate) jurisdictions: Vec<UnitPos>,
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
    ended: FxHashSet<NodeRef>,
}

impl<'n> RuleView<'n> {
    pub(crate) fn new(net: &'n Network, rule: &'n ContractRule, as_of: NaiveDate) -> Self {
        let jurisdictions = jurisdictions(net);
        let bound = net.node_bound();
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

    /// The jurisdiction (index) of the unit at `unit`: the subdistrict containing it.
    pub(crate) fn jurisdiction_of(&self, unit: NodeRef) -> Option<usize> {
        let p = self.net.unit_pos_of(unit)?;
        let i = self
            .jurisdictions
            .partition_point(|&j| j <= p)
            .checked_sub(1)?;
        self.net.in_subtree(self.jurisdictions[i], p).then_some(i)
    }

    fn collect_targets(&mut self) {
        match self.rule.kind.target_kind() {
            EntityKind::Task => self.collect_task_targets(),
            _ => self.collect_unit_targets(),
        }
    }

    fn push_target(&mut self, ix: NodeRef, unit: NodeRef) {
        if let Some(j) = self.jurisdiction_of(unit) {
            self.target_of[ix.index()] = self.targets.len() as u32;
            self.targets.push(Target {
                ix,
                unit,
                jurisdiction: j,
            });
        }
    }

    /// The open key tasks, in the pre-order of their units so that plans list them by place.
    fn collect_task_targets(&mut self) {
        let net = self.net;
        let mut tasks: Vec<(UnitPos, NodeRef, NodeRef)> = net
            .task_refs()
            .filter(|(_, k)| k.status.is_open())
            .filter_map(|(t, _)| {
                let u = net.task_unit_of(t)?;
                Some((net.unit_pos_of(u)?, t, u))
            })
            .collect();
        tasks.sort_unstable_by_key(|&(p, t, _)| (p, t.index()));
        for (_, t, u) in tasks {
            self.push_target(t, u);
        }
    }

    /// The units on the rule's target level; for buildings, only residential ones (with a
    /// household), as only those need a second building leader.
    fn collect_unit_targets(&mut self) {
        let net = self.net;
        let Some(level) = self
            .rule
            .kind
            .target_level()
            .and_then(|l| net.scheme().level(l))
        else {
            return;
        };
        let household = net.scheme().level(HOUSEHOLD);
        let residential_only = self.rule.kind == ContractKind::Building;
        for p in net.unit_positions_of_level(level) {
            if residential_only
                && !net
                    .child_positions(p)
                    .any(|c| Some(net.unit_at_pos(c).level) == household)
            {
                continue;
            }
            let ix = net.unit_ref_at(p);
            self.push_target(ix, ix);
        }
    }

    fn collect_holders(&mut self) {
        match self.rule.kind.holder_kind() {
            EntityKind::Organisation => self.collect_organisation_holders(),
            _ => self.collect_person_holders(),
        }
    }

    /// Organisations of an eligible kind, located at their anchor, in pre-order.
    fn collect_organisation_holders(&mut self) {
        let net = self.net;
        for o in net.organisation_refs() {
            let org = net.organisation_data(o);
            if !self.rule.eligible_organisations.contains(&org.kind) {
                continue;
            }
            let Some(anchor) = net.anchor_of(o) else {
                continue;
            };
            if let Some(j) = self.jurisdiction_of(anchor) {
                self.add_holder(o, anchor, j, &org.id);
            }
        }
    }

    /// Persons holding an eligible post on the date, located at home or, without one, where
    /// the post is held; those whose eligible posts have all ended are remembered for the
    /// audit's reasons.
    fn collect_person_holders(&mut self) {
        let net = self.net;
        for p in net.person_refs() {
            let mut post_place = None;
            let mut ended = false;
            for (role, span, place) in net.posts_held_by(p) {
                if self.rule.eligible_roles.contains(&role) {
                    if span.contains(self.as_of) {
                        post_place.get_or_insert(place);
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
            let Some(location) = net.home_of(p).or_else(|| net.unit_of_place(place)) else {
                continue;
            };
            if let Some(j) = self.jurisdiction_of(location) {
                let id = net.person_data(p).id.as_str();
                self.add_holder(p, location, j, id);
            }
        }
    }

    fn add_holder(&mut self, ix: NodeRef, location: NodeRef, jurisdiction: usize, id: &str) {
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
        self.current = self.net.contracts_running(self.rule.kind, self.as_of);
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
    pub(crate) fn holder_index(&self, ix: NodeRef) -> Option<usize> {
        self.holder_of
            .get(ix.index())
            .copied()
            .filter(|&h| h != NONE)
            .map(|h| h as usize)
    }

    /// The position of the target at node `ix` in `targets`.
    pub(crate) fn target_index(&self, ix: NodeRef) -> Option<usize> {
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
        if self.only_below_holder() && !self.at_or_above(holder.location, target.unit) {
            return None;
        }
        let tier = self
            .net
            .proximity_between(holder.location, target.unit)
            .cost()?;
        Some(i64::from(tier) + if current { 0 } else { STABILITY })
    }

    pub(crate) fn proximity(&self, holder: &Holder, target: &Target) -> Proximity {
        self.net.proximity_between(holder.location, target.unit)
    }

    /// Whether holders reach only targets at or below their location: organisations take
    /// only the tasks at or below the unit they are anchored on.
    pub(crate) fn only_below_holder(&self) -> bool {
        self.rule.kind.held_by_organisations()
    }

    pub(crate) fn at_or_above(&self, a: NodeRef, b: NodeRef) -> bool {
        match (self.net.unit_pos_of(a), self.net.unit_pos_of(b)) {
            (Some(pa), Some(pb)) => self.net.is_at_or_above(pa, pb),
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
        if self.only_below_holder() && !self.at_or_above(holder.location, target.unit) {
            return Some(Ineligibility::NotAbove);
        }
        self.cost(holder, target, true)
            .is_none()
            .then_some(Ineligibility::OutsideJurisdiction)
    }

    pub(crate) fn id(&self, ix: NodeRef) -> &'n str {
        self.net.node_id(ix)
    }
}

/// The jurisdiction roots: the subdistrict-level units, or the roots if the scheme has none.
pub(crate) fn jurisdictions(net: &Network) -> Vec<UnitPos> {
    match net.scheme().level(SUBDISTRICT) {
        Some(l) => net.unit_positions_of_level(l).collect(),
        None => net.root_positions().collect(),
    }
}
