//! Conversions at the edge, for arguments and results that are not whole records: every value
//! goes through the same generated conversions as records (`crate::declared::PyValue`), so a
//! date, an enum name or a count is read and reported the same way everywhere.

use pyo3::prelude::*;
use pyo3::types::PyList;
use quanyu::Network;

use crate::declared::{Cx, PyValue, read};

/// The argument `name` as a `T` (a date from a `datetime.date` or an ISO string, an enum from
/// any of its names, ...); every problem named.
pub(crate) fn arg<T: PyValue>(v: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    read(v, name)
}

/// An optional argument (`None` stays `None`).
pub(crate) fn opt_arg<T: PyValue>(v: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<T>> {
    match v {
        Some(v) if !v.is_none() => arg(v, name).map(Some),
        _ => Ok(None),
    }
}

/// The Python type name of `v`, for messages.
pub(crate) fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A value of the network `net` as a Python object (levels named by its scheme).
pub(crate) fn out<'py, T: PyValue>(
    py: Python<'py>,
    net: &Network,
    v: &T,
) -> PyResult<Bound<'py, PyAny>> {
    v.to_py(&Cx::with_scheme(py, net.scheme()))
}

/// An optional value of `net` (`None` stays `None`).
pub(crate) fn out_opt<'py, T: PyValue>(
    py: Python<'py>,
    net: &Network,
    v: Option<&T>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    v.map(|v| out(py, net, v)).transpose()
}

/// Values of `net` as a Python list.
pub(crate) fn out_list<'py, 'a, T: PyValue + 'a>(
    py: Python<'py>,
    net: &Network,
    items: impl IntoIterator<Item = &'a T>,
) -> PyResult<Bound<'py, PyList>> {
    let cx = Cx::with_scheme(py, net.scheme());
    let items = items
        .into_iter()
        .map(|v| v.to_py(&cx))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// A value that needs no network (reports, records) as a Python object.
pub(crate) fn value<'py, T: PyValue>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    v.to_py(&Cx::new(py))
}

/// A non-negative integer argument given as an `int` already extracted.
pub(crate) fn nonneg(n: i128, name: &str) -> PyResult<usize> {
    usize::try_from(n).map_err(|_| {
        crate::errors::invalid(
            name,
            format!("must be a whole number from 0 to {}, got {n}", usize::MAX),
        )
    })
}
