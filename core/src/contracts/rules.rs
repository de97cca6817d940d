//! The contract rules as data: who may hold each contract, how much each holder can carry, how
//! many holders each target needs, and the user's overrides.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::schema::Record;
use crate::{Error, Problem, Result};

use crate::model::{ContractKind, OrganisationKind, Role};

/// One contract rule: who may hold a contract of one kind, how many targets each holder may
/// carry, how many holders each target needs, and the user's overrides.
///
/// ```
/// use quanyu::contracts::{ContractRule, Rules};
/// use quanyu::ContractKind;
///
/// let mut rules = Rules::default();
/// let neighbours: &mut ContractRule = rules.get_mut(ContractKind::Neighbours).unwrap();
/// assert_eq!(neighbours.capacity, 10);
/// neighbours.capacity = 8;                               // at most 8 households each
/// neighbours.capacity_overrides.insert("P-001".into(), 3); // but P-001 only 3
/// neighbours.forbidden.insert(("P-002".into(), "H-0101".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "kind", mutable)]
#[non_exhaustive]
pub struct ContractRule {
    /// Which contract this rule governs.
    pub kind: ContractKind,
    /// For contracts held by persons: the roles that make a person eligible (a running post
    /// with one of them on the planning date).
    #[serde(default)]
    pub eligible_roles: BTreeSet<Role>,
    /// For contracts held by organisations: the kinds that are eligible.
    #[serde(default)]
    pub eligible_organisations: BTreeSet<OrganisationKind>,
    /// How many targets one holder may carry.
    #[serde(default = "one")]
    pub capacity: u32,
    /// How many holders each target needs.
    #[serde(default = "one")]
    pub holders_per_target: u32,
    /// (holder, target) pairs that every plan must contain.
    #[serde(default)]
    pub pinned: BTreeSet<(String, String)>,
    /// (holder, target) pairs that no plan may contain.
    #[serde(default)]
    pub forbidden: BTreeSet<(String, String)>,
    /// Per-holder capacities that replace [`capacity`](Self::capacity).
    #[serde(default)]
    pub capacity_overrides: BTreeMap<String, u32>,
}

fn one() -> u32 {
    1
}

impl ContractRule {
    /// A rule for `kind` with the default eligibility and limits:
    ///
    /// | contract | holders | capacity | holders per target |
    /// |---|---|---|---|
    /// | Compound | SecondSecretary | 2 compounds | 1 |
    /// | Building | SecondBuildingLeader | 2 buildings | 1 |
    /// | Neighbours | CommunityMember | 10 households | 1 |
    /// | KeyTask | WorkingCommittee, GeneralBranch, GridBranch, BuildingCell anchored at or above the task's unit | 3 tasks | 1 |
    ///
    /// ```
    /// use quanyu::{ContractKind, Role};
    /// let rule = quanyu::contracts::ContractRule::default_for(ContractKind::Compound);
    /// assert!(rule.eligible_roles.contains(&Role::SecondSecretary));
    /// ```
    pub fn default_for(kind: ContractKind) -> Self {
        let (roles, orgs, capacity): (&[Role], &[OrganisationKind], u32) = match kind {
            ContractKind::Compound => (&[Role::SecondSecretary], &[], 2),
            ContractKind::Building => (&[Role::SecondBuildingLeader], &[], 2),
            ContractKind::Neighbours => (&[Role::CommunityMember], &[], 10),
            ContractKind::KeyTask => (
                &[],
                &[
                    OrganisationKind::WorkingCommittee,
                    OrganisationKind::GeneralBranch,
                    OrganisationKind::GridBranch,
                    OrganisationKind::BuildingCell,
                ],
                3,
            ),
        };
        ContractRule {
            kind,
            eligible_roles: roles.iter().copied().collect(),
            eligible_organisations: orgs.iter().copied().collect(),
            capacity,
            holders_per_target: 1,
            pinned: BTreeSet::new(),
            forbidden: BTreeSet::new(),
            capacity_overrides: BTreeMap::new(),
        }
    }

    /// The capacity of `holder`: its override, or the rule's.
    ///
    /// ```
    /// let mut rule = quanyu::contracts::ContractRule::default_for(quanyu::ContractKind::Neighbours);
    /// rule.capacity_overrides.insert("P1".into(), 4);
    /// assert_eq!((rule.capacity_of("P1"), rule.capacity_of("P2")), (4, 10));
    /// ```
    pub fn capacity_of(&self, holder: &str) -> u32 {
        self.capacity_overrides
            .get(holder)
            .copied()
            .unwrap_or(self.capacity)
    }
}

/// The rule set: one rule per contract kind, in [`ContractKind::ALL`] order. The default holds
/// the four rules of the [glossary](crate::glossary).
///
/// ```
/// let rules = quanyu::contracts::Rules::default();
/// assert_eq!(rules.iter().count(), 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    rules: Vec<ContractRule>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            rules: ContractKind::ALL
                .iter()
                .map(|&k| ContractRule::default_for(k))
                .collect(),
        }
    }
}

impl Rules {
    /// Only the given rules (at most one per kind; a later one replaces an earlier).
    ///
    /// ```
    /// use quanyu::contracts::{ContractRule, Rules};
    /// let only = Rules::new([ContractRule::default_for(quanyu::ContractKind::Building)]);
    /// assert_eq!(only.iter().count(), 1);
    /// ```
    pub fn new(rules: impl IntoIterator<Item = ContractRule>) -> Self {
        let mut by_kind: BTreeMap<ContractKind, ContractRule> = BTreeMap::new();
        for r in rules {
            by_kind.insert(r.kind, r);
        }
        Rules {
            rules: by_kind.into_values().collect(),
        }
    }

    /// The rule for `kind`, if the set has one.
    pub fn get(&self, kind: ContractKind) -> Option<&ContractRule> {
        self.rules.iter().find(|r| r.kind == kind)
    }

    /// The rule for `kind`, to change it.
    pub fn get_mut(&mut self, kind: ContractKind) -> Option<&mut ContractRule> {
        self.rules.iter_mut().find(|r| r.kind == kind)
    }

    /// The rules, in kind order.
    pub fn iter(&self) -> impl Iterator<Item = &ContractRule> + '_ {
        self.rules.iter()
    }

    /// Checks that every rule can be planned and audited, listing every problem: each target
    /// needs at least one holder, and holders are eligible by role for contracts that persons
    /// hold, by organisation kind for those that organisations hold (key tasks).
    ///
    /// ```
    /// use quanyu::contracts::{ContractRule, Rules};
    /// use quanyu::{ContractKind, Role};
    /// assert!(Rules::default().check().is_ok());
    /// let mut bad = ContractRule::default_for(ContractKind::KeyTask);
    /// bad.holders_per_target = 0;
    /// bad.eligible_roles.insert(Role::GridLeader);
    /// let err = Rules::new([bad]).check().unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// assert_eq!(err.problems()[0].field, "holders_per_target");
    /// ```
    pub fn check(&self) -> Result<()> {
        let problems: Vec<Problem> = self.rules.iter().flat_map(ContractRule::problems).collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(problems))
        }
    }
}

impl ContractRule {
    /// What makes the rule unusable (see [`Rules::check`]).
    fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let id = self.kind.as_str();
        if self.holders_per_target == 0 {
            out.push(Problem::new(
                id,
                "holders_per_target",
                "must be at least 1, got 0 (a target that needs no holder is not a target)",
            ));
        }
        if self.kind.held_by_organisations() {
            if !self.eligible_roles.is_empty() {
                out.push(Problem::new(
                    id,
                    "eligible_roles",
                    format!(
                        "{} contracts are held by organisations, so roles cannot make anyone eligible; use eligible_organisations",
                        self.kind
                    ),
                ));
            }
            if self.eligible_organisations.is_empty() {
                out.push(Problem::new(
                    id,
                    "eligible_organisations",
                    "names no organisation kind, so nobody could hold the contract",
                ));
            }
        } else {
            if !self.eligible_organisations.is_empty() {
                out.push(Problem::new(
                    id,
                    "eligible_organisations",
                    format!(
                        "{} contracts are held by persons, so organisation kinds cannot make anyone eligible; use eligible_roles",
                        self.kind
                    ),
                ));
            }
            if self.eligible_roles.is_empty() {
                out.push(Problem::new(
                    id,
                    "eligible_roles",
                    "names no role, so nobody could hold the contract",
                ));
            }
        }
        out
    }
}
