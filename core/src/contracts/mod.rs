//! The four contracts (四包): rules as data, the audit of recorded contracts, optimal plans,
//! incremental re-plans and the "一十百" reach of pioneers.
//!
//! | contract | who | contracts what |
//! |---|---|---|
//! | [`Compound`](crate::ContractKind::Compound) | second secretary | a compound |
//! | [`Building`](crate::ContractKind::Building) | second building leader | a residential building |
//! | [`Neighbours`](crate::ContractKind::Neighbours) | community member | households near home (≤ 10) |
//! | [`KeyTask`](crate::ContractKind::KeyTask) | an organisation at or above the task's unit | an open key task |
//!
//! The cost of a plan is defined in [`plan`](mod@plan) so that anyone can check it. Every
//! report also reads as tables ([`Frames`](crate::schema::Frames)).
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::contracts::{self, Rules};
//!
//! let mut net = quanyu::synth::community(2024)?;
//! let day = quanyu::synth::REFERENCE_DATE;
//! let rules = Rules::default();
//! let before = contracts::audit(&net, day, &rules);
//! let plan = contracts::plan(&net, day, &rules)?;
//! net.apply(plan.changes())?;
//! let after = contracts::audit(&net, day, &rules);
//! for (b, a) in before.rules.iter().zip(&after.rules) {
//!     assert!(a.covered >= b.covered);
//!     assert!(a.duplicates.is_empty() && a.ineligible.is_empty() && a.over_capacity.is_empty());
//! }
//! # Ok(()) }
//! ```

mod audit;
mod frames;
pub mod plan;
mod reach;
mod rules;
mod view;

pub use audit::{
    ContractAudit, CoverageRow, IneligibleContract, OverCapacity, RuleAudit, audit, coverage_ratio,
};
pub use frames::{
    AddedContractRow, IneligibleRow, KindTarget, OverCapacityRow, PlanSummary, RuleAuditRow,
    RuleSummary, UncoveredRow,
};
pub use plan::{
    FlowInstance, NewContract, Plan, Planner, PlannerStats, RulePlan, UncoveredReason,
    UncoveredTarget, flow_instances, plan,
};
pub use reach::{PioneerReach, Reach, reach};
pub use rules::{ContractRule, Rules};
pub use view::Ineligibility;
