//! The four contracts (四包) as the app sees them: the rules as data, the calls on plans, and
//! the `Planner` that plans with progress and can be cancelled. The rules, audits, plans and
//! reach are the core's records, generated (`crate::declared`).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use quanyu::contracts as core;
use quanyu::progress::{Cancel, Progress};

use crate::declared::{ContractRule, Cx, Plan, PlannerStats, Wire, all, read};
use crate::error::{QuanyuError, Result};
use crate::network::Network;
use crate::types::{IsoDate, count};

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
    /// The plan as changes to apply through `Network.apply`: ended contracts end the day
    /// before the plan's date (or are removed if they start on or after it), new ones start
    /// on it.
    pub fn changes(&self) -> Result<Vec<crate::declared::Change>> {
        let plan: core::Plan = read("plan", self.clone())?;
        Ok(all(plan.changes().iter(), &Cx::default()))
    }
}

/// Where a `Planner` reports how far a plan has got. The app implements it (Kotlin
/// `PlanProgress`, Swift protocol `PlanProgress`).
///
/// The planner calls it from its worker threads, never two calls at once, so an
/// implementation may count or update a progress bar without a lock of its own (a UI must
/// still move to its own thread to draw). It may call `Planner.cancel`; it must not start
/// another plan on the same planner, which would wait for this one forever.
#[uniffi::export(with_foreign)]
pub trait PlanProgress: Send + Sync {
    /// One step of the plan, as the core's `progress::Step` gives it: `stage` is the English
    /// name of the contract kind being planned (empty for the first report, before any work),
    /// and `done` of `total` counts the (rule, jurisdiction) problems over the whole plan.
    /// `done` never goes down, and the last report of a finished plan has `done == total`.
    ///
    /// An exception thrown here stops the plan: `plan` throws it (a `QuanyuException` as it is,
    /// anything else as `QuanyuException.InvalidArgument` naming `progress`).
    fn on_step(&self, stage: String, done: i64, total: i64) -> Result<()>;
}

/// The contract planner: plans like `Network.planContracts`, but remembers its last solution
/// of each (rule, jurisdiction) and re-solves only what changed since its last plan, reports
/// its progress, and can be cancelled from any thread (a Cancel button, or the progress
/// callback itself).
///
/// A plan works on a snapshot of the network taken when it starts, so edits to the network
/// (`Network.apply`) go ahead while it runs; the plan is of the network as it was. Plans on one
/// planner run one at a time; use one planner per screen or per network.
#[derive(Debug, Default, uniffi::Object)]
pub struct Planner {
    /// The core's planner and its cache, held for the whole of a plan.
    cache: Mutex<core::Planner>,
    /// The tokens of the plans started and not yet finished (running, or waiting for `cache`).
    calls: Mutex<Calls>,
}

/// The plans a `Planner` has started and not finished, by a number of their own.
#[derive(Debug, Default)]
struct Calls {
    next: u64,
    running: Vec<(u64, Cancel)>,
}

/// Forgets a plan's token when the plan returns, however it returns.
struct Registered<'a> {
    planner: &'a Planner,
    id: u64,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.planner
            .calls()
            .running
            .retain(|(id, _)| *id != self.id);
    }
}

impl Planner {
    fn calls(&self) -> MutexGuard<'_, Calls> {
        // The list is changed in single pushes and removals: whole even after a panic.
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The core's planner. After a panic inside a plan its cache is not trusted: it starts
    /// again empty (the next plan solves everything, and is right).
    fn cache(&self) -> MutexGuard<'_, core::Planner> {
        self.cache.lock().unwrap_or_else(|poisoned| {
            self.cache.clear_poison();
            let mut planner = poisoned.into_inner();
            *planner = core::Planner::new();
            planner
        })
    }

    /// A new token for a plan, cancelled by `cancel` until the plan returns.
    fn register(&self) -> (Registered<'_>, Cancel) {
        let token = Cancel::new();
        let mut calls = self.calls();
        let id = calls.next;
        calls.next += 1;
        calls.running.push((id, token.clone()));
        (Registered { planner: self, id }, token)
    }
}

/// What a plan's progress callback shares with the plan: the last `done` reported and the
/// first exception the callback threw.
#[derive(Default)]
struct Reported {
    done: i64,
    failed: Option<QuanyuError>,
}

#[uniffi::export]
impl Planner {
    /// A planner with nothing remembered: its first plan solves every problem.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Planner::default())
    }

    /// An optimal plan of the contracts of `network` on `as_of` under `rules` (the defaults if
    /// none) — the same plan as `network.planContracts(asOf, rules)` — reporting each step to
    /// `progress`.
    ///
    /// Throws `QuanyuException.Cancelled` when `cancel` is called before it
    /// finishes: it then returns no plan, and the network is unchanged (a plan never changes
    /// it: apply `plan.changes()` to adopt one).
    #[uniffi::method(default(rules = None, progress = None))]
    pub fn plan(
        &self,
        network: Arc<Network>,
        as_of: IsoDate,
        rules: Option<Vec<ContractRule>>,
        progress: Option<Arc<dyn PlanProgress>>,
    ) -> Result<Plan> {
        let day = as_of.parse("as_of")?;
        let rules = self::rules(rules)?;
        let (_registered, token) = self.register();
        let reported = Arc::new(Mutex::new(Reported::default()));
        let mut steps = Progress::new().cancel_with(token.clone());
        if let Some(callback) = progress {
            let reported = Arc::clone(&reported);
            steps = steps.on_step(move |step| {
                // One call at a time, `done` never going down: steps finished in parallel may
                // reach here out of order.
                let mut r = reported.lock().unwrap_or_else(PoisonError::into_inner);
                if r.failed.is_some() {
                    return;
                }
                r.done = r.done.max(count(step.done));
                if let Err(e) = callback.on_step(step.stage.to_owned(), r.done, count(step.total)) {
                    r.failed = Some(e);
                    token.cancel();
                }
            });
        }
        let snapshot = network.read();
        let planned = self.cache().plan_with(&snapshot, day, &rules, &steps);
        let failed = reported
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .failed
            .take();
        match (planned, failed) {
            (_, Some(thrown)) => Err(thrown),
            (Ok(plan), None) => Ok(plan.to_ffi(&Cx::default())),
            (Err(e), None) => Err(e.into()),
        }
    }

    /// Stops every plan of this planner that has started and not yet finished (running, or
    /// waiting for another to finish): each throws `QuanyuException.Cancelled` at its next
    /// check, within one problem's solve. Plans started after this call run normally. Safe to
    /// call from any thread, and from the progress callback.
    pub fn cancel(&self) {
        for (_, token) in &self.calls().running {
            token.cancel();
        }
    }

    /// How many (rule, jurisdiction) problems the last plan solved and how many it reused.
    /// Waits for a running plan to finish.
    pub fn stats(&self) -> PlannerStats {
        self.cache().stats().to_ffi(&Cx::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Wire;
    use crate::error::QuanyuError;

    /// A progress callback that records every step, then runs `then`.
    struct Recorder<F> {
        steps: Mutex<Vec<(String, i64, i64)>>,
        then: F,
    }

    impl<F: Fn() -> Result<()> + Send + Sync> PlanProgress for Recorder<F> {
        fn on_step(&self, stage: String, done: i64, total: i64) -> Result<()> {
            self.steps.lock().unwrap().push((stage, done, total));
            (self.then)()
        }
    }

    fn recorder<F: Fn() -> Result<()> + Send + Sync>(then: F) -> Arc<Recorder<F>> {
        Arc::new(Recorder {
            steps: Mutex::new(Vec::new()),
            then,
        })
    }

    #[test]
    fn the_planner_reports_steps_and_stops_when_cancelled() {
        let net = crate::network::synth_community(5).unwrap();
        let day = crate::network::synth_reference_date();
        let planner = Planner::new();
        let progress = recorder(|| Ok(()));
        let plan = planner
            .plan(Arc::clone(&net), day.clone(), None, Some(progress.clone()))
            .unwrap();
        assert_eq!(plan, net.plan_contracts(day.clone(), None).unwrap());
        let steps = progress.steps.lock().unwrap().clone();
        let total = steps[0].2;
        assert_eq!(steps[0], (String::new(), 0, total));
        assert_eq!(steps.last().map(|s| s.1), Some(total));
        assert!(steps.windows(2).all(|w| w[0].1 <= w[1].1));

        // Cancelled from its own callback: no plan, and the next plan runs.
        let me = Arc::clone(&planner);
        let cancelling = recorder(move || {
            me.cancel();
            Ok(())
        });
        let err = planner.plan(
            Arc::clone(&net),
            day.clone(),
            None,
            Some(cancelling.clone()),
        );
        assert_eq!(err, Err(QuanyuError::Cancelled));
        // (Every problem is reused from the first plan, so nothing is solved and each reuse is
        // reported before the plan's last check stops it.)
        assert!(!cancelling.steps.lock().unwrap().is_empty());
        assert!(
            planner
                .plan(Arc::clone(&net), day.clone(), None, None)
                .is_ok()
        );

        // What the callback throws is what the plan throws.
        let throwing = recorder(|| Err(QuanyuError::invalid("progress", "gone")));
        let err = planner.plan(net, day, None, Some(throwing));
        assert_eq!(err, Err(QuanyuError::invalid("progress", "gone")));
    }

    #[test]
    fn an_unexpected_callback_error_is_an_error_naming_the_callback() {
        let e = QuanyuError::from(uniffi::UnexpectedUniFFICallbackError::new("boom"));
        assert!(
            matches!(e, QuanyuError::InvalidArgument { ref name, ref detail } if name == "progress" && detail.contains("boom"))
        );
    }

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
