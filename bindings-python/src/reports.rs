//! Reports (the structural audit, contract audits, plans, reach, venue matches) as Python
//! objects: the typed classes generated from the core's declarations — a Python subclass of
//! each (`quanyu._reports`) adds the tables — and a native part that lays the tables out from
//! the core's frames on first use.

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use quanyu::schema::Frames;

use crate::changeset::PyChangeset;
use crate::convert::value;
use crate::declared::PyValue;
use crate::tables::{Table, frames};

/// A core report kept for its tables (and, for a plan, its changes).
trait Laid: Send + Sync {
    fn tables(&self) -> PyResult<Vec<Table>>;

    fn changes(&self) -> Option<quanyu::Changeset> {
        None
    }
}

struct Report<T>(T);

impl<T: Frames + Send + Sync> Laid for Report<T> {
    fn tables(&self) -> PyResult<Vec<Table>> {
        frames(&self.0)
    }
}

struct PlanReport(quanyu::contracts::Plan);

impl Laid for PlanReport {
    fn tables(&self) -> PyResult<Vec<Table>> {
        frames(&self.0)
    }

    fn changes(&self) -> Option<quanyu::Changeset> {
        Some(self.0.changes())
    }
}

/// The native part of a report: its tables, laid out once, on first use.
#[pyclass(module = "quanyu._quanyu", name = "_ReportCore", frozen)]
pub(crate) struct ReportCore {
    report: Box<dyn Laid>,
    tables: OnceLock<Vec<Py<Table>>>,
}

#[pymethods]
impl ReportCore {
    /// The tables by name, the main one first.
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let tables = match self.tables.get() {
            Some(t) => t,
            None => {
                let made = py
                    .detach(|| self.report.tables())?
                    .into_iter()
                    .map(|t| Py::new(py, t))
                    .collect::<PyResult<Vec<_>>>()?;
                // Two threads may lay the tables out at once; both results are equal.
                let _ = self.tables.set(made);
                self.tables.get().map_or(&[][..], |t| t.as_slice())
            }
        };
        let d = PyDict::new(py);
        for t in tables {
            let name = t.bind(py).get().name_str().to_owned();
            d.set_item(name, t.clone_ref(py))?;
        }
        Ok(d)
    }

    /// The diff a plan stands for (``None`` for other reports).
    fn changes(&self) -> Option<PyChangeset> {
        self.report.changes().map(|inner| PyChangeset { inner })
    }
}

/// `shown` as its Python class, with `core` attached for the tables.
fn attach<'py, S: PyValue>(
    py: Python<'py>,
    shown: &S,
    core: Box<dyn Laid>,
) -> PyResult<Bound<'py, PyAny>> {
    let obj = value(py, shown)?;
    let core = ReportCore {
        report: core,
        tables: OnceLock::new(),
    };
    obj.setattr("_core", Py::new(py, core)?)?;
    Ok(obj)
}

/// A report whose Python object shows the core report itself.
pub(crate) fn report<'py, T>(py: Python<'py>, r: &T) -> PyResult<Bound<'py, PyAny>>
where
    T: PyValue + Frames + Clone + Send + Sync + 'static,
{
    attach(py, r, Box::new(Report(r.clone())))
}

/// A plan: the Python object shows its summary; the tables and the changes come from the
/// whole plan.
pub(crate) fn plan(py: Python<'_>, p: quanyu::contracts::Plan) -> PyResult<Bound<'_, PyAny>> {
    let summary = p.summary();
    attach(py, &summary, Box::new(PlanReport(p)))
}

/// A venue match: the Python object shows its summary; the tables come from the whole report.
pub(crate) fn matching(
    py: Python<'_>,
    r: quanyu::venues::MatchReport,
) -> PyResult<Bound<'_, PyAny>> {
    let summary = r.summary();
    attach(py, &summary, Box::new(Report(r)))
}
