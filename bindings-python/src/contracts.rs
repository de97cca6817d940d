//! `quanyu.contracts`: audits, optimal plans, incremental re-plans and reach of the four
//! contracts. Rules travel as the generated `ContractRule` class (or dicts with its fields).

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyList;

use quanyu::contracts::{self, ContractRule, Planner, Rules};

use crate::convert::{arg, value};
use crate::errors::IntoPyResult;
use crate::flow::PyMinCostFlow;
use crate::network::PyNetwork;
use crate::progress::{Callback, run};

/// Core rules from a list of `ContractRule`s (`None`: the default rules).
pub(crate) fn rules(data: Option<&Bound<'_, PyAny>>) -> PyResult<Rules> {
    match data {
        Some(d) if !d.is_none() => {
            let list: Vec<ContractRule> = arg(d, "rules")?;
            Ok(Rules::new(list))
        }
        _ => Ok(Rules::default()),
    }
}

/// The default rules, one `ContractRule` per contract kind.
#[pyfunction]
pub(crate) fn default_rules(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let rules: Vec<ContractRule> = Rules::default().iter().cloned().collect();
    value(py, &rules)
}

/// Every problem that makes ``rules`` unusable (an empty list when they can be planned).
#[pyfunction]
pub(crate) fn check_rules<'py>(
    py: Python<'py>,
    rules: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let rules = self::rules(Some(rules))?;
    let problems = match rules.check() {
        Ok(()) => Vec::new(),
        Err(e) => e.problems().to_vec(),
    };
    crate::changeset::problems_list(py, &problems)
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
    let day = arg(as_of, "as_of")?;
    let rules = self::rules(rules)?;
    let net = network.snap();
    let a = py.detach(move || contracts::audit(&net, day, &rules));
    crate::reports::report(py, &a)
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
    let day = arg(as_of, "as_of")?;
    let rules = self::rules(rules)?;
    let callback = Callback::new(progress)?;
    let net = network.snap();
    let plan = run(py, &callback, move |p| {
        Planner::new().plan_with(&net, day, &rules, p)
    })?;
    crate::reports::plan(py, plan)
}

/// A planner that remembers its last solution per (rule, subdistrict) and re-solves only what
/// changed.
///
/// >>> import quanyu
/// >>> net = quanyu.synth.community(1)
/// >>> planner = quanyu.contracts.Planner()
/// >>> p = planner.plan(net, quanyu.synth.REFERENCE_DATE)
/// >>> planner.stats().reused, planner.plan(net, quanyu.synth.REFERENCE_DATE).cost == p.cost, planner.stats().reused > 0
/// (0, True, True)
#[pyclass(module = "quanyu._quanyu", name = "Planner", frozen, subclass)]
pub(crate) struct PyPlanner {
    inner: std::sync::Arc<Mutex<Planner>>,
}

#[pymethods]
impl PyPlanner {
    #[new]
    fn new() -> Self {
        PyPlanner {
            inner: std::sync::Arc::new(Mutex::new(Planner::new())),
        }
    }

    /// Plans ``rules`` on ``as_of``, re-solving only what changed since the last call.
    /// ``progress(done, total)`` is called as (rule, subdistrict) problems are solved or
    /// reused; Ctrl-C stops the plan.
    #[pyo3(signature = (network, as_of, rules=None, progress=None))]
    fn plan<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        as_of: &Bound<'_, PyAny>,
        rules: Option<&Bound<'_, PyAny>>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let day = arg(as_of, "as_of")?;
        let rules = self::rules(rules)?;
        let callback = Callback::new(progress)?;
        let net = network.snap();
        let planner = std::sync::Arc::clone(&self.inner);
        // The lock is held only by the worker, never across a Python call: a second plan on the
        // same planner waits for the first.
        let plan = run(py, &callback, move |p| {
            let mut planner = planner.lock().unwrap_or_else(|e| e.into_inner());
            planner.plan_with(&net, day, &rules, p)
        })?;
        crate::reports::plan(py, plan)
    }

    /// How many (rule, subdistrict) problems the last plan solved and reused (a
    /// ``PlannerStats``).
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = self.inner.lock().unwrap_or_else(|p| p.into_inner()).stats();
        value(py, &s)
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
    let day = arg(as_of, "as_of")?;
    let net = network.snap();
    let r = py.detach(move || contracts::reach(&net, day));
    crate::reports::report(py, &r)
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
    let day = arg(as_of, "as_of")?;
    let rules = self::rules(rules)?;
    let net = network.snap();
    let inst = py
        .detach(move || contracts::flow_instances(&net, day, &rules))
        .py_err()?;
    let out = PyList::empty(py);
    for i in inst {
        out.append((
            value(py, &i.kind)?,
            i.jurisdiction,
            PyMinCostFlow::wrap(i.problem),
        ))?;
    }
    Ok(out)
}
