//! The audit of the contracts recorded in the network, rule by rule, with coverage rolled up
//! per grid, area and subdistrict.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::schema::Record;

use crate::contracts::Rules;
use crate::contracts::view::{Ineligibility, RuleView, Standing};
use crate::model::levels::{AREA, GRID, SUBDISTRICT};
use crate::model::{ContractKind, ContractRecord, Network};

/// The share of `targets` that are covered: `covered / targets`, and 1 when there are no
/// targets (nothing is missing). The one definition of coverage that every report uses.
///
/// ```
/// use quanyu::contracts::coverage_ratio;
/// assert_eq!(coverage_ratio(3, 4), 0.75);
/// assert_eq!(coverage_ratio(0, 0), 1.0);
/// ```
pub fn coverage_ratio(covered: usize, targets: usize) -> f64 {
    if targets == 0 {
        1.0
    } else {
        covered as f64 / targets as f64
    }
}

/// A holder carrying more targets than its capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "holder")]
pub struct OverCapacity {
    /// The holder's id.
    pub holder: String,
    /// How many running contracts of the rule it holds.
    pub contracts: usize,
    /// Its capacity.
    pub capacity: u32,
}

/// A recorded contract whose holder does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
pub struct IneligibleContract {
    /// The contract.
    pub contract: ContractRecord,
    /// Why it does not count.
    pub reason: Ineligibility,
}

/// The audit of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Record)]
#[record(label = "kind")]
#[non_exhaustive]
pub struct RuleAudit {
    /// The contract kind.
    pub kind: ContractKind,
    /// How many targets the rule has.
    pub targets: usize,
    /// Targets with as many eligible holders as they need.
    pub covered: usize,
    /// The share of targets covered ([`coverage_ratio`]).
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

impl RuleAudit {
    /// The share of targets covered (1 when there are none): [`coverage_ratio`].
    ///
    /// ```
    /// # let net = quanyu::synth::community(1)?;
    /// let audit = quanyu::contracts::audit(&net, quanyu::synth::REFERENCE_DATE, &Default::default());
    /// assert!(audit.rules.iter().all(|r| (0.0..=1.0).contains(&r.ratio())));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn ratio(&self) -> f64 {
        self.ratio
    }
}

/// Coverage of one rule inside one unit (a grid, an area or a subdistrict).
#[derive(Debug, Clone, PartialEq, Serialize, Record)]
#[record(label = "unit")]
pub struct CoverageRow {
    /// The unit's id.
    pub unit: String,
    /// The unit's level.
    #[field(level)]
    pub level: String,
    /// The contract kind.
    pub kind: ContractKind,
    /// Targets inside the unit.
    pub targets: usize,
    /// Of which covered.
    pub covered: usize,
    /// The share of targets covered ([`coverage_ratio`]).
    pub ratio: f64,
}

impl CoverageRow {
    /// `covered / targets` (1 when there are none): [`coverage_ratio`].
    pub fn ratio(&self) -> f64 {
        self.ratio
    }
}

/// The result of [`audit`]: per rule, and coverage rolled up per grid, area and subdistrict.
#[derive(Debug, Clone, PartialEq, Serialize, Record)]
#[non_exhaustive]
pub struct ContractAudit {
    /// The date audited.
    pub as_of: NaiveDate,
    /// One audit per rule, in kind order.
    pub rules: Vec<RuleAudit>,
    /// Coverage per grid, area and subdistrict (in pre-order), per rule.
    pub coverage: Vec<CoverageRow>,
}

impl ContractAudit {
    /// The audit of `kind`, if the rules had it.
    pub fn rule(&self, kind: ContractKind) -> Option<&RuleAudit> {
        self.rules.iter().find(|r| r.kind == kind)
    }
}

/// Audits the contracts running on `as_of` against `rules`.
///
/// ```
/// use quanyu::contracts::{audit, Rules};
/// use quanyu::ContractKind;
/// let net = quanyu::synth::community(1)?;
/// let a = audit(&net, quanyu::synth::REFERENCE_DATE, &Rules::default());
/// let n = a.rule(ContractKind::Neighbours).unwrap();
/// assert!(n.covered < n.targets); // the synthetic city is only partly contracted
/// assert!(!n.duplicates.is_empty() && !n.ineligible.is_empty());
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn audit(net: &Network, as_of: NaiveDate, rules: &Rules) -> ContractAudit {
    let mut out = ContractAudit {
        as_of,
        rules: Vec::new(),
        coverage: Vec::new(),
    };
    let rollup: Vec<_> = [SUBDISTRICT, AREA, GRID]
        .iter()
        .filter_map(|l| net.scheme.level(l))
        .collect();
    for rule in rules.iter() {
        let view = RuleView::new(net, rule, as_of);
        let mut valid: Vec<u32> = vec![0; view.targets.len()];
        let mut load: HashMap<usize, usize> = HashMap::new();
        let mut a = RuleAudit {
            kind: rule.kind,
            targets: view.targets.len(),
            covered: 0,
            ratio: 1.0,
            uncovered: Vec::new(),
            over_capacity: Vec::new(),
            ineligible: Vec::new(),
            duplicates: Vec::new(),
        };
        for (c, standing) in view.current.iter().zip(&view.standing) {
            match *standing {
                Standing::Ineligible(reason) => a.ineligible.push(IneligibleContract {
                    contract: view.record(c),
                    reason,
                }),
                Standing::Duplicate => a.duplicates.push(view.record(c)),
                Standing::Valid { holder, target } => {
                    valid[target as usize] += 1;
                    *load.entry(holder as usize).or_default() += 1;
                }
            }
        }
        let need = rule.holders_per_target;
        for (t, target) in view.targets.iter().enumerate() {
            if valid[t] >= need {
                a.covered += 1;
            } else {
                a.uncovered.push(view.id(target.ix).to_owned());
            }
        }
        a.ratio = coverage_ratio(a.covered, a.targets);
        let mut over: Vec<(usize, usize)> = load
            .into_iter()
            .filter(|&(h, n)| n > view.holders[h].capacity as usize)
            .collect();
        over.sort_unstable();
        a.over_capacity = over
            .into_iter()
            .map(|(h, n)| OverCapacity {
                holder: view.id(view.holders[h].ix).to_owned(),
                contracts: n,
                capacity: view.holders[h].capacity,
            })
            .collect();

        // Roll-ups: each target counts in its ancestors on the roll-up levels.
        let mut rows: HashMap<u32, (usize, usize)> = HashMap::new();
        for (t, target) in view.targets.iter().enumerate() {
            let Some(mut p) = net.unit_tree.pos(target.unit) else {
                continue;
            };
            loop {
                let u = net.unit_at(net.unit_tree.order[p as usize]);
                if rollup.contains(&u.level) {
                    let row = rows.entry(p).or_default();
                    row.0 += 1;
                    row.1 += usize::from(valid[t] >= need);
                }
                match net.unit_tree.parent[p as usize] {
                    crate::model::index::NONE => break,
                    up => p = up,
                }
            }
        }
        let mut rows: Vec<(u32, (usize, usize))> = rows.into_iter().collect();
        rows.sort_unstable_by_key(|r| r.0);
        out.coverage
            .extend(rows.into_iter().map(|(p, (targets, covered))| {
                let u = net.unit_at(net.unit_tree.order[p as usize]);
                CoverageRow {
                    unit: u.id.to_string(),
                    level: net.scheme.name(u.level).to_owned(),
                    kind: rule.kind,
                    targets,
                    covered,
                    ratio: coverage_ratio(covered, targets),
                }
            }));
        out.rules.push(a);
    }
    out
}
