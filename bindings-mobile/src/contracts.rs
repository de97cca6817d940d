//! The four contracts (四包) as the app sees them: the rules as data and the calls on plans.
//! The rules, audits, plans and reach are the core's records, generated (`crate::declared`).

use quanyu::contracts as core;

use crate::declared::{ContractRule, Cx, Plan, all, read};
use crate::error::Result;

/// The rules of a call: the defaults, or the app's own (read whole: every value the core's
/// types cannot hold is a problem naming the rule's kind and the field).
pub(crate) fn rules(given: Option<Vec<ContractRule>>) -> Result<core::Rules> {
    match given {
        None => Ok(core::Rules::default()),
        Some(given) => Ok(core::Rules::new(read::<Vec<core::ContractRule>>(
            "rules", given,
        )?)),
    }
}

/// The default contract rules, one per contract kind, to adjust and pass back.
#[uniffi::export]
pub fn default_rules() -> Vec<ContractRule> {
    all(core::Rules::default().iter(), &Cx::default())
}

#[uniffi::export]
impl Plan {
    /// The plan as changes to commit through `Network.commit`: ended contracts end the day
    /// before the plan's date (or are removed if they start on or after it), new ones start
    /// on it.
    pub fn changes(&self) -> Result<Vec<crate::declared::Change>> {
        let plan: core::Plan = read("plan", self.clone())?;
        Ok(all(plan.changes().iter(), &Cx::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Wire;
    use crate::error::QuanyuError;

    #[test]
    fn default_rules_round_trip() {
        let ours = default_rules();
        assert_eq!(ours.len(), 4);
        assert_eq!(rules(Some(ours)).unwrap(), core::Rules::default());
        assert_eq!(rules(None).unwrap(), core::Rules::default());
    }

    #[test]
    fn rules_out_of_range_are_problems_naming_the_kind() {
        let mut ours = default_rules();
        ours[0].capacity = -1;
        ours[1].capacity_overrides.insert("P".into(), i64::MAX);
        ours[1].capacity_overrides.insert("A".into(), -2);
        match rules(Some(ours)) {
            Err(QuanyuError::Validation { problems }) => {
                let rows: Vec<(&str, &str)> = problems
                    .iter()
                    .map(|p| (p.id.as_str(), p.field.as_str()))
                    .collect();
                assert_eq!(
                    rows,
                    [
                        ("Compound", "capacity"),
                        ("Building", "capacity_overrides[\"A\"]"),
                        ("Building", "capacity_overrides[\"P\"]"),
                    ]
                );
                assert!(
                    problems[0].message.ends_with("got -1"),
                    "{}",
                    problems[0].message
                );
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_plans_changes_are_the_cores() {
        let net = quanyu::synth::community(5).unwrap();
        let day = quanyu::synth::REFERENCE_DATE;
        let plan = core::plan(&net, day, &core::Rules::default()).unwrap();
        let ours = plan.to_ffi(&Cx::default());
        assert_eq!(
            ours.changes().unwrap(),
            all(plan.changes().iter(), &Cx::default())
        );
        let mut bad = ours;
        bad.rules[0].targets = -1;
        assert!(matches!(bad.changes(), Err(QuanyuError::Validation { .. })));
    }
}
