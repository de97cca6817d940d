//! `quanyu.contracts`: audits, optimal plans, incremental re-plans and reach of the four
//! contracts. Rules travel as plain data (the pure-Python `Rules` class turns into a dict).

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyList;

use quanyu::contracts::{self, Plan, Planner, Rules};

use crate::changeset::PyChangeset;
use crate::convert::date;
use crate::errors::{IntoPyResult, invalid};
use crate::flow::PyMinCostFlow;
use crate::network::PyNetwork;
use crate::progress::Progress;

/// Core rules from their plain-data form (`None`: the default rules).
fn rules(data: Option<&Bound<'_, PyAny>>) -> PyResult<Rules> {
    match data {
        None => Ok(Rules::default()),
        Some(d) if d.is_none() => Ok(Rules::default()),
        Some(d) => pythonize::depythonize::<Rules>(d).map_err(|e| invalid("rules", e.to_string())),
    }
}

/// The default rules, as plain data.
#[pyfunction]
pub(crate) fn _default_rules(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    crate::reports::values(py, &Rules::default())
}

/// Checks plain-data rules and returns them normalised (as the core reads them).
#[pyfunction]
pub(crate) fn _check_rules<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    crate::reports::values(py, &rules(Some(data))?)
}

/// Audits the contracts running on ``as_of`` against ``rules`` (a ``ContractAudit``).
#[pyfunction]
#[pyo3(signature = (network, as_of, rules=None))]
pub(crate) fn audit<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
    rules: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let day = date(as_of, "as_of")?;
    let rules = self::rules(rules)?;
    let net = network.snap();
    let a = py.detach(move || contracts::audit(&net, &rules, day));
    crate::reports::contract_audit(py, &a)
}

/// The native part of a plan: the core plans (one per rule) behind `Plan.changes()`.
#[pyclass(module = "quanyu._quanyu", name = "_PlanCore", frozen)]
pub(crate) struct PlanCore {
    plans: Vec<Plan>,
}

#[pymethods]
impl PlanCore {
    /// The plan as a diff to apply with ``Network.apply``.
    fn changes(&self) -> PyChangeset {
        let mut cs = quanyu::Changeset::new();
        for p in &self.plans {
            cs.extend(p.changes());
        }
        PyChangeset { inner: cs }
    }
}

fn plan_with(
    py: Python<'_>,
    planner: &mut Planner,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
    rules: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
    split: bool,
) -> PyResult<Vec<Plan>> {
    let day = date(as_of, "as_of")?;
    let rules = self::rules(rules)?;
    let p = Progress::new(progress)?;
    let net = network.snap();
    let plans = if split {
        // A fresh planner: one rule at a time (the rules are independent), so that progress
        // can be reported between them.
        let each: Vec<contracts::ContractRule> = rules.iter().cloned().collect();
        let n = each.len();
        py.detach(|| {
            p.report(0, n);
            let mut out = Vec::with_capacity(n);
            for (i, r) in each.into_iter().enumerate() {
                out.push(planner.plan(&net, &Rules::new([r]), day)?);
                p.report(i + 1, n);
            }
            Ok::<_, quanyu::Error>(out)
        })
    } else {
        // A long-lived planner keeps its cache across all the rules of one call; progress is
        // reported outside the solve, so that no callback runs while its lock is held.
        p.report(0, 1);
        let r = py.detach(|| planner.plan(&net, &rules, day).map(|plan| vec![plan]));
        p.report(1, 1);
        r
    };
    p.finish()?;
    plans.py_err()
}

fn plan_report<'py>(py: Python<'py>, plans: Vec<Plan>) -> PyResult<Bound<'py, PyAny>> {
    let core = Bound::new(py, PlanCore { plans })?;
    let plans = &core.get().plans;
    crate::reports::plan(py, plans, core.clone().into_any())
}

/// The optimal plan of ``rules`` on ``as_of`` from scratch (a ``Plan``): the most targets
/// covered, then the least cost.
#[pyfunction]
#[pyo3(signature = (network, as_of, rules=None, progress=None))]
pub(crate) fn plan<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
    rules: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut planner = Planner::new();
    let plans = plan_with(py, &mut planner, network, as_of, rules, progress, true)?;
    plan_report(py, plans)
}

/// A planner that remembers its last solution per (rule, subdistrict) and re-solves only what
/// changed.
///
/// >>> import quanyu
/// >>> net = quanyu.synth.community(1)
/// >>> planner = quanyu.contracts.Planner()
/// >>> p = planner.plan(net, quanyu.synth.REFERENCE_DATE)
/// >>> planner.stats()["reused"], planner.plan(net, quanyu.synth.REFERENCE_DATE).cost == p.cost, planner.stats()["reused"] > 0
/// (0, True, True)
#[pyclass(module = "quanyu._quanyu", name = "Planner", frozen)]
pub(crate) struct PyPlanner {
    inner: Mutex<Planner>,
}

#[pymethods]
impl PyPlanner {
    #[new]
    fn new() -> Self {
        PyPlanner {
            inner: Mutex::new(Planner::new()),
        }
    }

    /// Plans ``rules`` on ``as_of``, re-solving only what changed since the last call.
    #[pyo3(signature = (network, as_of, rules=None, progress=None))]
    fn plan<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        as_of: &Bound<'_, PyAny>,
        rules: Option<&Bound<'_, PyAny>>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // The lock is held only to take the planner out and to put it back: never across the
        // solve or a Python call. Concurrent calls each plan correctly (one without the cache).
        let mut planner =
            std::mem::take(&mut *self.inner.lock().unwrap_or_else(|p| p.into_inner()));
        let plans = plan_with(py, &mut planner, network, as_of, rules, progress, false);
        *self.inner.lock().unwrap_or_else(|p| p.into_inner()) = planner;
        plan_report(py, plans?)
    }

    /// How many (rule, subdistrict) problems the last plan solved and reused.
    fn stats(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let s = self.inner.lock().unwrap_or_else(|p| p.into_inner()).stats();
        [("solved", s.solved), ("reused", s.reused)]
            .into_iter()
            .collect()
    }

    fn __repr__(&self) -> String {
        let s = self.inner.lock().unwrap_or_else(|p| p.into_inner()).stats();
        format!(
            "<Planner: last plan solved {} and reused {} problems>",
            s.solved, s.reused
        )
    }
}

/// The 一十百 reach of every pioneer on ``as_of`` (a ``Reach``).
#[pyfunction]
pub(crate) fn reach<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let day = date(as_of, "as_of")?;
    let net = network.snap();
    let r = py.detach(move || contracts::reach(&net, day));
    crate::reports::reach(py, &r)
}

/// The min-cost-flow problems a full plan solves: ``(kind, subdistrict, MinCostFlow)`` each.
#[pyfunction]
#[pyo3(signature = (network, as_of, rules=None))]
pub(crate) fn flow_instances<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
    rules: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let day = date(as_of, "as_of")?;
    let rules = self::rules(rules)?;
    let net = network.snap();
    let inst = py
        .detach(move || contracts::flow_instances(&net, &rules, day))
        .py_err()?;
    let out = PyList::empty(py);
    for i in inst {
        out.append((
            i.kind.as_str(),
            i.jurisdiction,
            PyMinCostFlow::wrap(i.problem),
        ))?;
    }
    Ok(out)
}
