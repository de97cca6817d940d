//! The contract reports laid out as tables, and the summary of a plan: the rows analysts read
//! (one row per rule, per uncovered target, per new contract), declared once for every
//! binding.

use chrono::NaiveDate;
use serde::Serialize;

use crate::contracts::{
    ContractAudit, Ineligibility, Plan, Reach, RulePlan, UncoveredReason, coverage_ratio,
};
use crate::model::{ContractKind, ContractRecord, Proximity};
use crate::schema::{FrameSink, Frames, Record};

/// One rule of a contract audit, with its lists counted: a row of the audit's `rules` table.
#[derive(Debug, Clone, PartialEq, Serialize, Record)]
#[record(label = "kind")]
pub struct RuleAuditRow {
    /// The contract kind.
    pub kind: ContractKind,
    /// How many targets the rule has.
    pub targets: usize,
    /// Targets with as many eligible holders as they need.
    pub covered: usize,
    /// The share of targets covered.
    pub ratio: f64,
    /// Targets short of holders.
    pub uncovered: usize,
    /// Holders over capacity.
    pub over_capacity: usize,
    /// Contracts whose holder does not count.
    pub ineligible: usize,
    /// Contracts recorded twice.
    pub duplicates: usize,
}

/// A target of a rule: a row of the audit's `uncovered` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "target")]
pub struct KindTarget {
    /// The contract kind.
    pub kind: ContractKind,
    /// The target's id.
    pub target: String,
}

/// A holder over capacity in one rule: a row of the audit's `over_capacity` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "holder")]
pub struct OverCapacityRow {
    /// The contract kind.
    pub kind: ContractKind,
    /// The holder's id.
    pub holder: String,
    /// How many running contracts of the rule it holds.
    pub contracts: usize,
    /// Its capacity.
    pub capacity: u32,
}

/// A contract whose holder does not count, flattened: a row of the audit's `ineligible` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "holder")]
pub struct IneligibleRow {
    /// The contract kind.
    pub kind: ContractKind,
    /// The holder's id.
    pub holder: String,
    /// The target's id.
    pub target: String,
    /// The contract's first day.
    pub start: NaiveDate,
    /// Its last day, if it has ended.
    pub end: Option<NaiveDate>,
    /// Why it does not count.
    pub reason: Ineligibility,
}

impl Frames for ContractAudit {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        sink.frame("coverage", &self.coverage)?;
        let rules: Vec<RuleAuditRow> = self
            .rules
            .iter()
            .map(|r| RuleAuditRow {
                kind: r.kind,
                targets: r.targets,
                covered: r.covered,
                ratio: r.ratio,
                uncovered: r.uncovered.len(),
                over_capacity: r.over_capacity.len(),
                ineligible: r.ineligible.len(),
                duplicates: r.duplicates.len(),
            })
            .collect();
        sink.frame("rules", &rules)?;
        let uncovered: Vec<KindTarget> = self
            .rules
            .iter()
            .flat_map(|r| {
                r.uncovered.iter().map(|t| KindTarget {
                    kind: r.kind,
                    target: t.clone(),
                })
            })
            .collect();
        sink.frame("uncovered", &uncovered)?;
        let over: Vec<OverCapacityRow> = self
            .rules
            .iter()
            .flat_map(|r| {
                r.over_capacity.iter().map(|o| OverCapacityRow {
                    kind: r.kind,
                    holder: o.holder.clone(),
                    contracts: o.contracts,
                    capacity: o.capacity,
                })
            })
            .collect();
        sink.frame("over_capacity", &over)?;
        let ineligible: Vec<IneligibleRow> = self
            .rules
            .iter()
            .flat_map(|r| r.ineligible.iter())
            .map(|i| IneligibleRow {
                kind: i.contract.kind,
                holder: i.contract.holder.clone(),
                target: i.contract.target.clone(),
                start: i.contract.start,
                end: i.contract.end,
                reason: i.reason,
            })
            .collect();
        sink.frame("ineligible", &ineligible)?;
        let duplicates: Vec<ContractRecord> = self
            .rules
            .iter()
            .flat_map(|r| r.duplicates.iter().cloned())
            .collect();
        sink.frame("duplicates", &duplicates)
    }
}

/// One rule of a plan, with its lists counted: a row of the plan's `rules` table and of its
/// [`PlanSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, Record)]
#[record(label = "kind")]
pub struct RuleSummary {
    /// The contract kind.
    pub kind: ContractKind,
    /// How many targets the rule has.
    pub targets: usize,
    /// Targets with all the holders they need, under the plan.
    pub covered: usize,
    /// The share of targets covered under the plan.
    pub ratio: f64,
    /// Contracts the plan adds.
    pub added: usize,
    /// Running contracts the plan keeps.
    pub kept: usize,
    /// Running contracts the plan ends.
    pub ended: usize,
    /// Targets left short of holders.
    pub uncovered: usize,
    /// The total cost of the kept and added contracts.
    pub cost: i64,
}

impl From<&RulePlan> for RuleSummary {
    fn from(r: &RulePlan) -> Self {
        RuleSummary {
            kind: r.kind,
            targets: r.targets,
            covered: r.covered,
            ratio: coverage_ratio(r.covered, r.targets),
            added: r.add.len(),
            kept: r.kept,
            ended: r.end.len(),
            uncovered: r.uncovered.len(),
            cost: r.cost,
        }
    }
}

/// A plan in figures: its date, its cost and one [`RuleSummary`] per rule.
///
/// ```
/// use quanyu::contracts::{plan, Rules};
/// let net = quanyu::synth::community(1)?;
/// let p = plan(&net, quanyu::synth::REFERENCE_DATE, &Rules::default())?;
/// let s = p.summary();
/// assert_eq!(s.cost, p.cost());
/// assert_eq!(s.rules.iter().map(|r| r.added).sum::<usize>(), p.rules.iter().map(|r| r.add.len()).sum::<usize>());
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Record)]
#[non_exhaustive]
pub struct PlanSummary {
    /// The date planned for.
    pub as_of: NaiveDate,
    /// The total cost over all rules.
    pub cost: i64,
    /// One summary per rule, in kind order.
    pub rules: Vec<RuleSummary>,
}

impl Plan {
    /// The plan in figures.
    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            as_of: self.as_of,
            cost: self.cost(),
            rules: self.rules.iter().map(RuleSummary::from).collect(),
        }
    }
}

/// A contract a plan adds, flattened: a row of the plan's `add` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "holder")]
pub struct AddedContractRow {
    /// The contract kind.
    pub kind: ContractKind,
    /// The holder's id.
    pub holder: String,
    /// The target's id.
    pub target: String,
    /// The first day (the plan's date).
    pub start: NaiveDate,
    /// The last day, if any.
    pub end: Option<NaiveDate>,
    /// How near holder and target are.
    pub proximity: Proximity,
    /// The contract's cost.
    pub cost: i64,
}

/// A target a plan leaves short, with its rule: a row of the plan's `uncovered` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "target")]
pub struct UncoveredRow {
    /// The contract kind.
    pub kind: ContractKind,
    /// The target's id.
    pub target: String,
    /// How many holders it gets.
    pub holders: u32,
    /// Why it is short.
    pub reason: UncoveredReason,
}

impl Frames for Plan {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        let add: Vec<AddedContractRow> = self
            .rules
            .iter()
            .flat_map(|r| r.add.iter())
            .map(|n| AddedContractRow {
                kind: n.contract.kind,
                holder: n.contract.holder.clone(),
                target: n.contract.target.clone(),
                start: n.contract.start,
                end: n.contract.end,
                proximity: n.proximity,
                cost: n.cost,
            })
            .collect();
        sink.frame("add", &add)?;
        let end: Vec<ContractRecord> = self
            .rules
            .iter()
            .flat_map(|r| r.end.iter().cloned())
            .collect();
        sink.frame("end", &end)?;
        let uncovered: Vec<UncoveredRow> = self
            .rules
            .iter()
            .flat_map(|r| {
                r.uncovered.iter().map(|u| UncoveredRow {
                    kind: r.kind,
                    target: u.target.clone(),
                    holders: u.holders,
                    reason: u.reason,
                })
            })
            .collect();
        sink.frame("uncovered", &uncovered)?;
        sink.frame("rules", &self.summary().rules)
    }
}

impl Frames for Reach {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        sink.frame("pioneers", &self.pioneers)
    }
}
