//! Batch tree queries: a whole array of ids in one call, answered with the GIL released and
//! the work split across cores, so that a million answers cost one crossing.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3_arrow::PyArray;
use pyo3_arrow::input::AnyArray;
use rayon::prelude::*;

use quanyu::Network;

use crate::errors::{IntoPyResult, invalid, type_error};

/// A column of ids: Arrow string arrays are read in place, anything else is copied once.
enum Ids {
    Arrow(Vec<ArrayRef>, usize),
    Owned(Vec<String>),
}

impl Ids {
    fn len(&self) -> usize {
        match self {
            Ids::Arrow(_, n) => *n,
            Ids::Owned(v) => v.len(),
        }
    }

    /// The ids as one flat list of borrowed strings (`None` for nulls).
    fn views(&self) -> Vec<Option<&str>> {
        match self {
            Ids::Owned(v) => v.iter().map(|s| Some(s.as_str())).collect(),
            Ids::Arrow(chunks, n) => {
                let mut out = Vec::with_capacity(*n);
                for c in chunks {
                    match c.data_type() {
                        DataType::Utf8 => out.extend(c.as_string::<i32>().iter()),
                        DataType::LargeUtf8 => out.extend(c.as_string::<i64>().iter()),
                        DataType::Utf8View => out.extend(c.as_string_view().iter()),
                        _ => {}
                    }
                }
                out
            }
        }
    }
}

/// Reads `obj` (an Arrow array or chunked array, a numpy array, a pandas Series, a list) as ids.
fn ids(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Ids> {
    if obj.hasattr("__arrow_c_array__")? || obj.hasattr("__arrow_c_stream__")? {
        let any: AnyArray = obj
            .extract()
            .map_err(|e| type_error(format!("`{name}`: {e}")))?;
        let chunked = any.into_chunked_array().map_err(PyErr::from)?;
        let (chunks, field) = chunked.into_inner();
        match field.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                let n = chunks.iter().map(|c| c.len()).sum();
                return Ok(Ids::Arrow(chunks, n));
            }
            other => {
                return Err(type_error(format!(
                    "`{name}` must hold strings, not Arrow {other}"
                )));
            }
        }
    }
    let list = if obj.hasattr("tolist")? {
        obj.call_method0("tolist")?
    } else {
        obj.clone()
    };
    if list.is_instance_of::<pyo3::types::PyString>() {
        return Err(type_error(format!(
            "`{name}` must be an array of ids, not a single str"
        )));
    }
    let mut out = Vec::new();
    for item in list.try_iter()? {
        out.push(crate::convert::arg::<String>(&item?, name)?);
    }
    Ok(Ids::Owned(out))
}

fn same_length(a: &Ids, b: &Ids) -> PyResult<()> {
    if a.len() != b.len() {
        return Err(invalid(
            "b",
            format!(
                "the two id arrays differ in length: {} and {}",
                a.len(),
                b.len()
            ),
        ));
    }
    Ok(())
}

/// Answers `f` for every id in parallel, in order; the first error (in input order) wins.
fn each<T: Send>(
    ids: &[Option<&str>],
    f: impl Fn(&str) -> quanyu::Result<T> + Sync,
) -> quanyu::Result<Vec<T>> {
    ids.par_iter()
        .with_min_len(4096)
        .map(|id| match id {
            Some(id) => f(id),
            None => Err(quanyu::Error::invalid_argument(
                "ids",
                "null id in the array",
            )),
        })
        .collect()
}

/// See `Network.is_ancestor_batch`.
pub(crate) fn is_ancestor<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (ids(a, "ancestors")?, ids(b, "descendants")?);
    same_length(&a, &b)?;
    let out: Vec<bool> = py
        .detach(|| {
            let (va, vb) = (a.views(), b.views());
            let pairs: Vec<(Option<&str>, Option<&str>)> = va.into_iter().zip(vb).collect();
            pairs
                .par_iter()
                .with_min_len(4096)
                .map(|(x, y)| match (x, y) {
                    (Some(x), Some(y)) => net.is_ancestor(x, y),
                    _ => Err(quanyu::Error::invalid_argument(
                        "ids",
                        "null id in the array",
                    )),
                })
                .collect::<quanyu::Result<Vec<bool>>>()
        })
        .py_err()?;
    Ok(PyArray1::from_vec(py, out).into_any())
}

/// See `Network.lowest_common_ancestor_batch`.
pub(crate) fn lca<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (ids(a, "a")?, ids(b, "b")?);
    same_length(&a, &b)?;
    let array: ArrayRef = py
        .detach(|| {
            let (va, vb) = (a.views(), b.views());
            let pairs: Vec<(Option<&str>, Option<&str>)> = va.into_iter().zip(vb).collect();
            let found: Vec<Option<&str>> = pairs
                .par_iter()
                .with_min_len(4096)
                .map(|(x, y)| match (x, y) {
                    (Some(x), Some(y)) => net
                        .lowest_common_ancestor(x, y)
                        .map(|u| u.map(|u| u.id.as_str())),
                    _ => Err(quanyu::Error::invalid_argument(
                        "ids",
                        "null id in the array",
                    )),
                })
                .collect::<quanyu::Result<Vec<_>>>()?;
            let mut sb = StringBuilder::new();
            for f in found {
                sb.append_option(f);
            }
            Ok::<ArrayRef, quanyu::Error>(Arc::new(sb.finish()))
        })
        .py_err()?;
    Ok(Bound::new(py, PyArray::from_array_ref(array))?.into_any())
}

/// See `Network.ancestors_batch`.
pub(crate) fn ancestors<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    id_lists(py, net, ids_obj, |net, id| {
        Ok(net
            .ancestors(id)?
            .into_iter()
            .map(|u| u.id.as_str())
            .collect())
    })
}

/// See `Network.descendants_batch`.
pub(crate) fn descendants<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    id_lists(py, net, ids_obj, |net, id| {
        Ok(net.descendants(id)?.map(|u| u.id.as_str()).collect())
    })
}

/// One list of unit ids per input id, as an Arrow list array, computed with the GIL released.
fn id_lists<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
    f: impl for<'n> Fn(&'n Network, &str) -> quanyu::Result<Vec<&'n str>> + Sync,
) -> PyResult<Bound<'py, PyAny>> {
    let v = ids(ids_obj, "ids")?;
    let array: ArrayRef = py
        .detach(|| {
            let views = v.views();
            let found: Vec<Vec<&str>> = each(&views, |id| f(&net, id))?;
            let mut lb = ListBuilder::new(StringBuilder::new());
            for row in found {
                for id in row {
                    lb.values().append_value(id);
                }
                lb.append(true);
            }
            Ok::<ArrayRef, quanyu::Error>(Arc::new(lb.finish()))
        })
        .py_err()?;
    Ok(Bound::new(py, PyArray::from_array_ref(array))?.into_any())
}

fn ints<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
    f: impl Fn(&Network, &str) -> quanyu::Result<i64> + Sync,
) -> PyResult<Bound<'py, PyAny>> {
    let v = ids(ids_obj, "ids")?;
    let out: Vec<i64> = py.detach(|| each(&v.views(), |id| f(&net, id))).py_err()?;
    Ok(out.into_pyarray(py).into_any())
}

/// See `Network.subtree_size_batch`.
pub(crate) fn subtree_size<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    ints(py, net, ids_obj, |n, id| {
        n.subtree_size(id).map(|s| s as i64)
    })
}

/// See `Network.depth_batch`.
pub(crate) fn depth<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    ints(py, net, ids_obj, |n, id| n.depth(id).map(|s| s as i64))
}

/// See `Network.residents_batch`: the core has no subtree aggregate, so each answer walks the
/// subtree's slice of the pre-order (in parallel across ids).
pub(crate) fn residents<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    ints(py, net, ids_obj, |n, id| {
        let own = i64::from(n.unit(id)?.residents);
        Ok(own
            + n.descendants(id)?
                .map(|u| i64::from(u.residents))
                .sum::<i64>())
    })
}

/// See `Network.count_in_batch`.
pub(crate) fn count_in<'py>(
    py: Python<'py>,
    net: Arc<Network>,
    ids_obj: &Bound<'py, PyAny>,
    level: &str,
) -> PyResult<Bound<'py, PyAny>> {
    net.scheme().require(level).py_err()?;
    let level = level.to_owned();
    ints(py, net, ids_obj, move |n, id| {
        n.units_in(id, &level).map(|it| it.len() as i64)
    })
}
