//! `quanyu.privacy`: the masks (脱敏) of personal values, keyed pseudonyms and small-cell
//! suppression, as the core applies them.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use quanyu::privacy::{Mask, Pseudonymiser, Suppression};

use crate::convert::arg;
use crate::errors::{IntoPyResult, type_error};

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
