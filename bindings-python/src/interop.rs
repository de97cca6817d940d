//! Standard formats: Popolo JSON both ways, W3C ORG Turtle, Open Referral HSDS. The methods
//! (with their docstrings) are on `Network` and `Menu`; their bodies live here.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::collab::{PyCollaboration, json_value};
use crate::errors::IntoPyResult;
use crate::network::PyNetwork;
use crate::privacy::reveal_arg;
use crate::venues::PyMenu;

pub(crate) fn to_popolo<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    book: Option<&PyCollaboration>,
    reveal: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let reveal = reveal_arg(reveal)?;
    let net = net.snap();
    let book = book.map(PyCollaboration::snapshot);
    let v = py
        .detach(|| net.to_popolo(book.as_ref(), reveal.as_ref()))
        .py_err()?;
    json_value(py, &v)
}

/// The document as JSON text: a `str`/`bytes` as given, anything else through `json.dumps`.
fn text(py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = doc.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    if let Ok(b) = doc.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec())
            .map_err(|e| crate::errors::invalid("doc", format!("not UTF-8: {e}")));
    }
    py.import("json")?.call_method1("dumps", (doc,))?.extract()
}

pub(crate) fn from_popolo(py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<PyNetwork> {
    let text = text(py, doc)?;
    let net = py
        .detach(move || {
            let v: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| quanyu::Error::Parse {
                    source_name: "popolo".into(),
                    line: Some(e.line() as u64),
                    message: e.to_string(),
                })?;
            quanyu::Network::from_popolo(&v)
        })
        .py_err()?;
    Ok(PyNetwork::wrap(net))
}

pub(crate) fn to_org_turtle(
    py: Python<'_>,
    net: &PyNetwork,
    base: &str,
    book: Option<&PyCollaboration>,
) -> PyResult<String> {
    let net = net.snap();
    let book = book.map(PyCollaboration::snapshot);
    py.detach(|| net.to_org_turtle(base, book.as_ref()))
        .py_err()
}

pub(crate) fn to_hsds<'py>(
    py: Python<'py>,
    menu: &PyMenu,
    net: &PyNetwork,
) -> PyResult<Bound<'py, PyAny>> {
    let net = net.snap();
    let menu = menu.snapshot();
    let v = py.detach(|| menu.to_hsds(&net)).py_err()?;
    json_value(py, &v)
}
