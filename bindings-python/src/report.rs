//! `quanyu.report`: the core's self-contained HTML report of a network.

use pyo3::prelude::*;

use quanyu::contracts::{self, Rules};
use quanyu::report::Report;
use quanyu::venues::{MatchOptions, Menu};

use crate::convert::date;
use crate::errors::{IntoPyResult, invalid};
use crate::network::PyNetwork;

/// The HTML report of ``network`` on ``as_of``: rules as plain data (``None``: the defaults),
/// an optimal plan of the contracts if ``plan``, and the venues if ``menu_json`` (a menu's
/// JSON form) is given, with its requests matched. Use ``quanyu.report.html``.
#[pyfunction]
#[pyo3(signature = (network, as_of, rules=None, plan=true, menu_json=None, title=None))]
pub(crate) fn _report_html(
    py: Python<'_>,
    network: &PyNetwork,
    as_of: &Bound<'_, PyAny>,
    rules: Option<&Bound<'_, PyAny>>,
    plan: bool,
    menu_json: Option<String>,
    title: Option<String>,
) -> PyResult<String> {
    let day = date(as_of, "as_of")?;
    let rules = match rules {
        Some(d) if !d.is_none() => {
            pythonize::depythonize::<Rules>(d).map_err(|e| invalid("rules", e.to_string()))?
        }
        _ => Rules::default(),
    };
    let net = network.snap();
    py.detach(move || {
        let plan = if plan {
            Some(contracts::plan(&net, &rules, day)?)
        } else {
            None
        };
        let venues = match menu_json {
            Some(json) => {
                let mut menu = Menu::from_json(&json, &net)?;
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
