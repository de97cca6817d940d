//! `quanyu.report`: the core's self-contained HTML report of a network.

use pyo3::prelude::*;

use quanyu::contracts;
use quanyu::report::Report;
use quanyu::venues::MatchOptions;

use crate::convert::arg;
use crate::errors::IntoPyResult;
use crate::network::PyNetwork;
use crate::venues::PyMenu;

/// The HTML report of ``network`` on ``as_of``: the contract rules (a list of
/// ``ContractRule``, ``None``: the defaults), an optimal plan of the contracts if ``plan``, and
/// the venues of ``menu`` if given, its requests matched on a copy. Use ``quanyu.report.html``.
#[pyfunction]
#[pyo3(signature = (network, as_of, rules=None, plan=true, menu=None, title=None))]
pub(crate) fn _report_html(
    py: Python<'_>,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
    rules: Option<&Bound<'_, PyAny>>,
    plan: bool,
    menu: Option<PyRef<'_, PyMenu>>,
    title: Option<String>,
) -> PyResult<String> {
    let day = arg(as_of, "as_of")?;
    let rules = crate::contracts::rules(rules)?;
    let net = network.snap();
    let menu = menu.map(|m| m.snapshot());
    py.detach(move || {
        let plan = if plan {
            Some(contracts::plan(&net, day, &rules)?)
        } else {
            None
        };
        let venues = match menu {
            Some(mut menu) => {
                let matching = menu.match_requests(&net, &MatchOptions::default())?;
                Some((menu, matching))
            }
            None => None,
        };
        let mut report = Report::new(&net, day).rules(&rules);
        if let Some(title) = title {
            report = report.title(title);
        }
        if let Some(plan) = &plan {
            report = report.plan(plan);
        }
        if let Some((menu, matching)) = &venues {
            report = report.venues(menu, matching);
        }
        Ok::<_, quanyu::Error>(report.html())
    })
    .py_err()
}
