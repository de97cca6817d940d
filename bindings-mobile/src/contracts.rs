//! The four contracts (四包) as the app sees them: rules as data, the audit, the plan (with
//! the diff to commit) and the "一十百" reach; and the structural audit of the network.

use std::collections::HashMap;

use quanyu::contracts as core;
use quanyu::{ContractKind, OrganisationKind, Role};

use crate::error::{Problem, QuanyuError, Result};
use crate::records::{Change, ContractRecord, PostRecord};
use crate::types::{IsoDate, count};
use quanyu::Proximity;
use quanyu::contracts::{Ineligibility, UncoveredReason};

/// A (holder, target) pair named in a rule: pinned (every plan keeps it) or forbidden.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HolderTarget {
    /// The holder's id.
    pub holder: String,
    /// The target's id.
    pub target: String,
}

/// One contract rule: who may hold the contract, how much each holder carries, how many holders
/// each target needs, and the user's overrides. [`default_rules`] gives the four default ones.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContractRule {
    /// Which contract this rule governs.
    pub kind: ContractKind,
    /// For contracts held by persons: the roles that make a person eligible.
    pub eligible_roles: Vec<Role>,
    /// For contracts held by organisations: the kinds that are eligible.
    pub eligible_organisations: Vec<OrganisationKind>,
    /// How many targets one holder may carry.
    pub capacity: i64,
    /// How many holders each target needs.
    pub holders_per_target: i64,
    /// Pairs that every plan must contain.
    #[uniffi(default)]
    pub pinned: Vec<HolderTarget>,
    /// Pairs that no plan may contain.
    #[uniffi(default)]
    pub forbidden: Vec<HolderTarget>,
    /// Per-holder capacities that replace `capacity`.
    #[uniffi(default)]
    pub capacity_overrides: HashMap<String, i64>,
}

impl From<&core::ContractRule> for ContractRule {
    fn from(r: &core::ContractRule) -> Self {
        let pairs = |set: &std::collections::BTreeSet<(String, String)>| {
            set.iter()
                .map(|(h, t)| HolderTarget {
                    holder: h.clone(),
                    target: t.clone(),
                })
                .collect()
        };
        ContractRule {
            kind: r.kind,
            eligible_roles: r.eligible_roles.iter().copied().collect(),
            eligible_organisations: r.eligible_organisations.iter().copied().collect(),
            capacity: i64::from(r.capacity),
            holders_per_target: i64::from(r.holders_per_target),
            pinned: pairs(&r.pinned),
            forbidden: pairs(&r.forbidden),
            capacity_overrides: r
                .capacity_overrides
                .iter()
                .map(|(k, &v)| (k.clone(), i64::from(v)))
                .collect(),
        }
    }
}

/// The rules of a call: the defaults, or the app's own (checked: counts must fit).
pub(crate) fn rules(given: Option<Vec<ContractRule>>) -> Result<core::Rules> {
    let Some(given) = given else {
        return Ok(core::Rules::default());
    };
    let mut problems = Vec::new();
    let mut fit = |kind: ContractKind, field: &str, n: i64| -> u32 {
        u32::try_from(n).unwrap_or_else(|_| {
            problems.push(Problem::new(
                kind.as_str(),
                field,
                format!("expected a count from 0 to {}, got {n}", u32::MAX),
            ));
            0
        })
    };
    let mut out = Vec::with_capacity(given.len());
    for r in given {
        let mut rule = core::ContractRule::default_for(r.kind);
        rule.eligible_roles = r.eligible_roles.into_iter().collect();
        rule.eligible_organisations = r.eligible_organisations.into_iter().collect();
        rule.capacity = fit(r.kind, "capacity", r.capacity);
        rule.holders_per_target = fit(r.kind, "holders_per_target", r.holders_per_target);
        rule.pinned = r.pinned.into_iter().map(|p| (p.holder, p.target)).collect();
        rule.forbidden = r
            .forbidden
            .into_iter()
            .map(|p| (p.holder, p.target))
            .collect();
        rule.capacity_overrides = r
            .capacity_overrides
            .into_iter()
            .map(|(holder, n)| {
                let n = fit(r.kind, "capacity_overrides", n);
                (holder, n)
            })
            .collect();
        out.push(rule);
    }
    if problems.is_empty() {
        Ok(core::Rules::new(out))
    } else {
        Err(QuanyuError::Validation { problems })
    }
}

/// The default contract rules , one per contract kind, to adjust and pass back.
#[uniffi::export]
pub fn default_rules() -> Vec<ContractRule> {
    core::Rules::default()
        .iter()
        .map(ContractRule::from)
        .collect()
}

/// A holder carrying more targets than its capacity.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OverCapacity {
    /// The holder's id.
    pub holder: String,
    /// How many running contracts of the rule it holds.
    pub contracts: i64,
    /// Its capacity.
    pub capacity: i64,
}

/// A recorded contract whose holder does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IneligibleContract {
    /// The contract.
    pub contract: ContractRecord,
    /// Why it does not count.
    pub reason: Ineligibility,
}

/// The audit of one rule.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RuleAudit {
    /// The contract kind.
    pub kind: ContractKind,
    /// How many targets the rule has.
    pub targets: i64,
    /// Targets with as many eligible holders as they need.
    pub covered: i64,
    /// The share of targets covered (1 when there are none).
    pub ratio: f64,
    /// Targets with fewer, in pre-order of their units.
    pub uncovered: Vec<String>,
    /// Holders over capacity.
    pub over_capacity: Vec<OverCapacity>,
    /// Contracts whose holder does not count.
    pub ineligible: Vec<IneligibleContract>,
    /// Contracts recorded more than once for the same holder and target (the later ones).
    pub duplicates: Vec<ContractRecord>,
}

/// Coverage of one rule inside one unit (a grid, an area or a subdistrict).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CoverageRow {
    /// The unit's id.
    pub unit: String,
    /// The unit's level.
    pub level: String,
    /// The contract kind.
    pub kind: ContractKind,
    /// Targets inside the unit.
    pub targets: i64,
    /// Of which covered.
    pub covered: i64,
    /// `covered / targets` (1 when there are none).
    pub ratio: f64,
}

/// The audit of the contracts recorded in a network: per rule, and coverage rolled up per grid,
/// area and subdistrict.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ContractAudit {
    /// The date audited.
    pub as_of: IsoDate,
    /// One audit per rule, in kind order.
    pub rules: Vec<RuleAudit>,
    /// Coverage per grid, area and subdistrict (in pre-order), per rule.
    pub coverage: Vec<CoverageRow>,
}

fn contracts(v: &[quanyu::ContractRecord]) -> Vec<ContractRecord> {
    v.iter().cloned().map(ContractRecord::from).collect()
}

impl From<&core::ContractAudit> for ContractAudit {
    fn from(a: &core::ContractAudit) -> Self {
        ContractAudit {
            as_of: a.as_of.into(),
            rules: a
                .rules
                .iter()
                .map(|r| RuleAudit {
                    kind: r.kind,
                    targets: count(r.targets),
                    covered: count(r.covered),
                    ratio: r.ratio(),
                    uncovered: r.uncovered.clone(),
                    over_capacity: r
                        .over_capacity
                        .iter()
                        .map(|o| OverCapacity {
                            holder: o.holder.clone(),
                            contracts: count(o.contracts),
                            capacity: i64::from(o.capacity),
                        })
                        .collect(),
                    ineligible: r
                        .ineligible
                        .iter()
                        .map(|i| IneligibleContract {
                            contract: i.contract.clone().into(),
                            reason: i.reason,
                        })
                        .collect(),
                    duplicates: contracts(&r.duplicates),
                })
                .collect(),
            coverage: a
                .coverage
                .iter()
                .map(|c| CoverageRow {
                    unit: c.unit.clone(),
                    level: c.level.clone(),
                    kind: c.kind,
                    targets: count(c.targets),
                    covered: count(c.covered),
                    ratio: c.ratio(),
                })
                .collect(),
        }
    }
}

/// A contract a plan adds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewContract {
    /// The contract, starting on the plan's date.
    pub contract: ContractRecord,
    /// How near holder and target are: the cost tier.
    pub proximity: Proximity,
    /// Its cost: the tier plus the stability cost of a new contract.
    pub cost: i64,
}

/// A target a plan leaves uncovered (or short of holders), and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UncoveredTarget {
    /// The target's id.
    pub target: String,
    /// How many holders it gets (fewer than it needs).
    pub holders: i64,
    /// Why.
    pub reason: UncoveredReason,
}

/// The plan of one rule.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RulePlan {
    /// The contract kind.
    pub kind: ContractKind,
    /// How many targets the rule has.
    pub targets: i64,
    /// Targets with all the holders they need, under the plan.
    pub covered: i64,
    /// How many running contracts the plan keeps (every running one not in `end`).
    pub kept: i64,
    /// Contracts the plan adds.
    pub add: Vec<NewContract>,
    /// Running contracts the plan ends.
    pub end: Vec<ContractRecord>,
    /// Targets left short, with the reason.
    pub uncovered: Vec<UncoveredTarget>,
    /// The total cost of the kept and added contracts.
    pub cost: i64,
}

/// An optimal contract plan: per rule, and the diff that carries it out. Commit `changes`
/// through `Network.commit` to adopt the plan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Plan {
    /// The date planned for: new contracts start on it.
    pub as_of: IsoDate,
    /// One plan per rule.
    pub rules: Vec<RulePlan>,
    /// The total cost over all rules.
    pub cost: i64,
    /// The plan as changes to commit: ended contracts end the day before, new ones start on it.
    pub changes: Vec<Change>,
}

impl From<&core::Plan> for Plan {
    fn from(p: &core::Plan) -> Self {
        Plan {
            as_of: p.as_of.into(),
            rules: p
                .rules
                .iter()
                .map(|r| RulePlan {
                    kind: r.kind,
                    targets: count(r.targets),
                    covered: count(r.covered),
                    kept: i64::try_from(r.kept).unwrap_or(i64::MAX),
                    add: r
                        .add
                        .iter()
                        .map(|n| NewContract {
                            contract: n.contract.clone().into(),
                            proximity: n.proximity,
                            cost: n.cost,
                        })
                        .collect(),
                    end: contracts(&r.end),
                    uncovered: r
                        .uncovered
                        .iter()
                        .map(|u| UncoveredTarget {
                            target: u.target.clone(),
                            holders: i64::from(u.holders),
                            reason: u.reason,
                        })
                        .collect(),
                    cost: r.cost,
                })
                .collect(),
            cost: p.cost(),
            changes: p.changes().iter().filter_map(Change::from_core).collect(),
        }
    }
}

/// What one pioneer reaches (一十百).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PioneerReach {
    /// The pioneer's id.
    pub pioneer: String,
    /// Volunteers the pioneer leads.
    pub volunteers: i64,
    /// Distinct households served by those volunteers.
    pub households: i64,
    /// Residents of those households.
    pub residents: i64,
}

/// The reach of every pioneer, with those short of ten volunteers or a hundred residents.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reach {
    /// Every pioneer, in a stable order.
    pub pioneers: Vec<PioneerReach>,
    /// Pioneers leading fewer than 10 volunteers.
    pub below_ten_volunteers: Vec<String>,
    /// Pioneers reaching fewer than 100 residents.
    pub below_hundred_residents: Vec<String>,
}

impl From<core::Reach> for Reach {
    fn from(r: core::Reach) -> Self {
        Reach {
            pioneers: r
                .pioneers
                .into_iter()
                .map(|p| PioneerReach {
                    pioneer: p.pioneer,
                    volunteers: count(p.volunteers),
                    households: count(p.households),
                    residents: i64::try_from(p.residents).unwrap_or(i64::MAX),
                })
                .collect(),
            below_ten_volunteers: r.below_ten_volunteers,
            below_hundred_residents: r.below_hundred_residents,
        }
    }
}

/// A grid with fewer than two grid leaders (双网格长制).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeaderGap {
    /// The grid's id.
    pub grid: String,
    /// How many grid leaders it has.
    pub leaders: i64,
}

/// A post held at a place whose level does not fit its role.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MisplacedPost {
    /// The post.
    pub post: PostRecord,
    /// The level (or `Organisation`) it is held at.
    pub held_at: String,
    /// The levels the role belongs on.
    pub expected: Vec<String>,
}

/// The structural audit: every gap the governance rules name, each list in pre-order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StructuralAudit {
    /// The date the audit describes.
    pub as_of: Option<IsoDate>,
    /// Grids with fewer than two grid leaders.
    pub grids_short_of_leaders: Vec<LeaderGap>,
    /// Grids with no grid branch anchored on them.
    pub grids_without_branch: Vec<String>,
    /// Buildings with no building cell on them or on their compound.
    pub buildings_without_cell: Vec<String>,
    /// Persons with no home.
    pub persons_without_home: Vec<String>,
    /// Running posts whose role does not fit the level they are held at.
    pub misplaced_posts: Vec<MisplacedPost>,
    /// The number of gaps found, all lists together.
    pub gap_count: i64,
}

impl From<quanyu::StructuralAudit> for StructuralAudit {
    fn from(a: quanyu::StructuralAudit) -> Self {
        StructuralAudit {
            gap_count: count(a.gap_count()),
            as_of: a.as_of.map(IsoDate::from),
            grids_short_of_leaders: a
                .grids_short_of_leaders
                .into_iter()
                .map(|g| LeaderGap {
                    grid: g.grid,
                    leaders: count(g.leaders),
                })
                .collect(),
            grids_without_branch: a.grids_without_branch,
            buildings_without_cell: a.buildings_without_cell,
            persons_without_home: a.persons_without_home,
            misplaced_posts: a
                .misplaced_posts
                .into_iter()
                .map(|m| MisplacedPost {
                    post: m.post.into(),
                    held_at: m.held_at,
                    expected: m.expected,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_round_trip() {
        let ours = default_rules();
        assert_eq!(ours.len(), 4);
        assert_eq!(rules(Some(ours)).unwrap(), core::Rules::default());
        assert_eq!(rules(None).unwrap(), core::Rules::default());
    }

    #[test]
    fn rules_out_of_range_are_problems() {
        let mut ours = default_rules();
        ours[0].capacity = -1;
        ours[1].capacity_overrides.insert("P".into(), i64::MAX);
        match rules(Some(ours)) {
            Err(QuanyuError::Validation { problems }) => {
                let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
                assert_eq!(fields, ["capacity", "capacity_overrides"]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
}
