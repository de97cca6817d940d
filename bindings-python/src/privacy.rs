//! `quanyu.privacy`: the masks (脱敏) of personal values, as the core applies them.

use pyo3::prelude::*;
use quanyu::privacy::Mask;

use crate::convert::arg;

/// ``value`` masked as ``kind`` (a ``Mask`` or any spelling of its name) says.
#[pyfunction]
pub(crate) fn _mask(kind: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let kind: Mask = arg(kind, "kind")?;
    let value: String = arg(value, "value")?;
    Ok(quanyu::privacy::mask(kind, &value))
}
