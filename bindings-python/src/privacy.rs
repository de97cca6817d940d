//! `quanyu.privacy`: the masks (脱敏) of personal values, purpose-bound reveals, keyed
//! pseudonyms and small-cell suppression, as the core applies them.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use quanyu::privacy::{Mask, Pseudonymiser, Reveal, Suppression};

use crate::convert::arg;
use crate::errors::{IntoPyResult, type_error};

/// A request to show some personal fields in full: who asks (a user id), for which purpose
/// (one of the access log's purposes: ``grid_service``, ``contract_duty``, ``emergency``,
/// ``statutory_report``, ``backup``) and which fields. Every path out that takes one checks
/// it before writing anything (a refused one raises ``quanyu.InvalidArgumentError``, a
/// ``ValueError``, naming the bad part) and records it in the network's access log.
///
/// >>> from quanyu.privacy import Reveal
/// >>> r = Reveal("worker-07", "grid_service", ["phone"])
/// >>> r.who, r.purpose, r.fields
/// ('worker-07', 'grid_service', ['phone'])
/// >>> r
/// Reveal(who='worker-07', purpose='grid_service', fields=['phone'])
#[pyclass(module = "quanyu._quanyu", name = "Reveal", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyReveal {
    pub(crate) inner: Reveal,
}

#[pymethods]
impl PyReveal {
    #[new]
    fn new(
        who: &Bound<'_, PyAny>,
        purpose: &Bound<'_, PyAny>,
        fields: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let who: String = arg(who, "who")?;
        let purpose: String = arg(purpose, "purpose")?;
        // One name alone is a common slip for a list of one: read as such, not as its letters.
        let fields: Vec<String> = match fields.extract::<String>() {
            Ok(one) => vec![one],
            Err(_) => arg(fields, "fields")?,
        };
        Ok(PyReveal {
            inner: Reveal::new(who, purpose).fields(fields),
        })
    }

    /// Who asks.
    #[getter]
    fn who(&self) -> &str {
        &self.inner.who
    }

    /// Why: one of the access log's purposes.
    #[getter]
    fn purpose(&self) -> &str {
        &self.inner.purpose
    }

    /// The fields shown in full.
    #[getter]
    fn fields(&self) -> Vec<String> {
        self.inner.fields.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        use pyo3::types::PyString;
        let q = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let fields = self
            .inner
            .fields
            .iter()
            .map(|f| q(f))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(format!(
            "Reveal(who={}, purpose={}, fields=[{}])",
            q(&self.inner.who)?,
            q(&self.inner.purpose)?,
            fields.join(", ")
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        let py = slf.py();
        let r = &slf.get().inner;
        let args = (r.who.clone(), r.purpose.clone(), r.fields.clone()).into_pyobject(py)?;
        pyo3::types::PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// The optional ``reveal`` argument of a path out: a ``quanyu.privacy.Reveal`` or ``None``.
pub(crate) fn reveal_arg(reveal: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Reveal>> {
    match reveal {
        None => Ok(None),
        Some(r) if r.is_none() => Ok(None),
        Some(r) => match r.cast::<PyReveal>() {
            Ok(r) => Ok(Some(r.get().inner.clone())),
            Err(_) => Err(type_error(format!(
                "reveal must be a quanyu.privacy.Reveal(who, purpose, fields) or None, not {}",
                r.get_type().name()?
            ))),
        },
    }
}

/// ``value`` masked as ``kind`` (a ``Mask`` or any spelling of its name) says.
#[pyfunction]
pub(crate) fn _mask(kind: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let kind: Mask = arg(kind, "kind")?;
    let value: String = arg(value, "value")?;
    Ok(quanyu::privacy::mask(kind, &value))
}

/// Keyed pseudonyms of person ids (the core's ``Pseudonymiser``); ``quanyu.privacy`` wraps it
/// with the pandas helper. The key stays here, on the Rust side, and is never shown.
#[pyclass(module = "quanyu._quanyu", name = "_Pseudonymiser", frozen)]
pub(crate) struct PyPseudonymiser {
    inner: Pseudonymiser,
}

#[pymethods]
impl PyPseudonymiser {
    #[new]
    fn new(key: &Bound<'_, PyAny>) -> PyResult<Self> {
        // Only bytes: a str key would depend on an encoding nobody chose.
        let key = key
            .cast::<PyBytes>()
            .map_err(|_| type_error("key must be bytes (random and secret, at least 16)"))?;
        let inner = Pseudonymiser::new(key.as_bytes()).py_err()?;
        Ok(PyPseudonymiser { inner })
    }

    /// The pseudonym of one id.
    fn pseudonym(&self, id: &Bound<'_, PyAny>) -> PyResult<String> {
        let id: String = arg(id, "id")?;
        Ok(self.inner.pseudonym(&id))
    }

    /// The pseudonyms of a list of ids, in order.
    fn apply(&self, ids: Vec<String>) -> Vec<String> {
        self.inner.apply(&ids)
    }

    fn __repr__(&self) -> &'static str {
        "Pseudonymiser(<key hidden>)"
    }
}

/// The cells of a table of counts to withhold: ``(position, "small" | "complementary")`` for
/// each, in order, by the core's rules.
#[pyfunction]
pub(crate) fn _suppress_small_cells(
    counts: Vec<u64>,
    threshold: u64,
) -> Vec<(usize, &'static str)> {
    let cells: Vec<(usize, u64)> = counts.into_iter().enumerate().collect();
    quanyu::privacy::suppress_small_cells(&cells, threshold)
        .suppressed
        .into_iter()
        .map(|(i, why)| {
            let why = match why {
                Suppression::Small => "small",
                Suppression::Complementary => "complementary",
            };
            (i, why)
        })
        .collect()
}
