//! The methods every generated record class shares, written once over its stored values:
//! `repr` (personal fields masked), equality, hashing, pickling, `to_dict` and `replace`.

use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use pyo3::{PyClass, PyClassInitializer, pyclass::boolean_struct::True};

/// Where a generated class keeps its field values (in constructor order).
pub(crate) trait Storage: Send + Sync {
    /// Storage holding `values`.
    fn from_vec(values: Vec<Py<PyAny>>) -> Self;
    /// The value at `index`.
    fn get(&self, py: Python<'_>, index: usize) -> Py<PyAny>;
    /// All values.
    fn all(&self, py: Python<'_>) -> Vec<Py<PyAny>>;
    /// Replaces the value at `index` (mutable records only).
    fn set(&self, index: usize, value: Py<PyAny>);
}

/// The values of a frozen record: fixed once made.
pub(crate) struct Fixed<const N: usize>(Box<[Py<PyAny>]>);

impl<const N: usize> Storage for Fixed<N> {
    fn from_vec(values: Vec<Py<PyAny>>) -> Self {
        Fixed(values.into_boxed_slice())
    }

    fn get(&self, py: Python<'_>, index: usize) -> Py<PyAny> {
        self.0
            .get(index)
            .map_or_else(|| py.None(), |v| v.clone_ref(py))
    }

    fn all(&self, py: Python<'_>) -> Vec<Py<PyAny>> {
        self.0.iter().map(|v| v.clone_ref(py)).collect()
    }

    fn set(&self, _index: usize, _value: Py<PyAny>) {}
}

/// The values of a mutable record (configuration, such as a contract rule).
pub(crate) struct Mutable(std::sync::Mutex<Vec<Py<PyAny>>>);

impl Mutable {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Py<PyAny>>> {
        // A panic cannot happen while the lock is held (only clones and stores), but a
        // poisoned lock still holds consistent values.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Storage for Mutable {
    fn from_vec(values: Vec<Py<PyAny>>) -> Self {
        Mutable(std::sync::Mutex::new(values))
    }

    fn get(&self, py: Python<'_>, index: usize) -> Py<PyAny> {
        self.lock()
            .get(index)
            .map_or_else(|| py.None(), |v| v.clone_ref(py))
    }

    fn all(&self, py: Python<'_>) -> Vec<Py<PyAny>> {
        self.lock().iter().map(|v| v.clone_ref(py)).collect()
    }

    fn set(&self, index: usize, value: Py<PyAny>) {
        if let Some(slot) = self.lock().get_mut(index) {
            *slot = value;
        }
    }
}

/// A generated record class.
pub(crate) trait Stored {
    /// Its storage.
    type Storage: Storage;
    /// The field names in constructor order, and whether `repr` shows each as it is (personal
    /// and sensitive fields are shown masked).
    const FIELDS: &'static [(&'static str, bool)];
    /// The core declaration: the masks of the personal fields.
    const SCHEMA: &'static quanyu::schema::RecordSchema;
    /// Whether its objects may change (then they are not hashable).
    const MUTABLE: bool;

    /// The field values.
    fn storage(&self) -> &Self::Storage;

    /// The registered Python subclass standing for the class, if any.
    fn subclass() -> &'static PyOnceLock<Py<PyType>>;
}

/// The bound generated class: frozen for pyo3 (its values sit behind its own storage).
pub(crate) trait Record: Stored + PyClass<Frozen = True> + Sync {}

impl<C: Stored + PyClass<Frozen = True> + Sync> Record for C {}

fn values<'py, C: Record>(slf: &Bound<'py, C>) -> PyResult<Bound<'py, PyTuple>> {
    let py = slf.py();
    PyTuple::new(py, slf.get().storage().all(py))
}

/// A new object of `C` (or of its registered Python subclass) holding `values`.
pub(crate) fn make<'py, C: Record>(
    py: Python<'py>,
    values: Vec<Py<PyAny>>,
    build: impl FnOnce(C::Storage) -> C,
) -> PyResult<Bound<'py, PyAny>>
where
    PyClassInitializer<C>: From<C>,
{
    match C::subclass().get(py) {
        Some(sub) => sub.bind(py).call1(PyTuple::new(py, values)?),
        None => Ok(Bound::new(py, build(C::Storage::from_vec(values)))?.into_any()),
    }
}

/// `UnitRecord(id='G1', level='Grid', ...)`, with Python's own quoting; the class name is the
/// object's (a subclass shows its own). Personal fields are shown masked by their declared
/// rules (`phone='138****5678'`): a repr lands in logs, notebooks and tracebacks.
pub(crate) fn repr<C: Record>(slf: &Bound<'_, C>) -> PyResult<String> {
    let py = slf.py();
    let mut parts = Vec::new();
    for ((name, shown), value) in C::FIELDS.iter().zip(slf.get().storage().all(py)) {
        let value = value.bind(py);
        let text = if *shown {
            value.repr()?.to_string()
        } else {
            masked_repr(C::SCHEMA.field(name), value)?
        };
        parts.push(format!("{name}={text}"));
    }
    Ok(format!(
        "{}({})",
        slf.as_any().get_type().name()?,
        parts.join(", ")
    ))
}

/// The repr of a personal field's value masked by the field's rule: text masked, `None` kept,
/// a list item by item; anything else (or a field the declaration does not name) `'***'`.
fn masked_repr(
    field: Option<&quanyu::schema::FieldSchema>,
    value: &Bound<'_, PyAny>,
) -> PyResult<String> {
    use pyo3::types::{PyList, PyString};
    let hide = |s: &str| match field {
        Some(f) => f.masked(s),
        None => quanyu::privacy::mask(quanyu::privacy::Mask::Full, s),
    };
    if value.is_none() {
        return Ok("None".to_owned());
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(PyString::new(value.py(), &hide(&s.to_cow()?))
            .repr()?
            .to_string());
    }
    if let Ok(list) = value.cast::<PyList>() {
        let items = list
            .iter()
            .map(|v| masked_repr(field, &v))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(format!("[{}]", items.join(", ")));
    }
    Ok("'***'".to_owned())
}

/// Equal when of the same class with equal values, as dataclasses compare.
pub(crate) fn richcmp<C: Record>(
    slf: &Bound<'_, C>,
    other: &Bound<'_, PyAny>,
    op: CompareOp,
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) || !other.get_type().is(slf.as_any().get_type())
    {
        return Ok(py.NotImplemented());
    }
    let Ok(other) = other.cast::<C>() else {
        return Ok(py.NotImplemented());
    };
    let equal = values(slf)?.eq(values(other)?)?;
    let answer = if matches!(op, CompareOp::Eq) {
        equal
    } else {
        !equal
    };
    Ok(answer.into_pyobject(py)?.to_owned().into_any().unbind())
}

/// The hash of the values (unhashable values, such as lists, raise `TypeError` as a tuple
/// holding them would).
pub(crate) fn hash<C: Record>(slf: &Bound<'_, C>) -> PyResult<isize> {
    if C::MUTABLE {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "unhashable type: '{}' (its fields may change)",
            slf.as_any().get_type().name()?
        )));
    }
    freeze(values(slf)?.into_any())?.hash()
}

/// `v` with every list inside it made a tuple, so that a frozen record holding a list field
/// (the attachments of an event) hashes by its contents as a dataclass with tuples would.
fn freeze(v: Bound<'_, PyAny>) -> PyResult<Bound<'_, PyAny>> {
    use pyo3::types::PyList;
    let items = if let Ok(list) = v.cast::<PyList>() {
        list.iter().collect::<Vec<_>>()
    } else if let Ok(tuple) = v.cast::<PyTuple>() {
        tuple.iter().collect::<Vec<_>>()
    } else {
        return Ok(v);
    };
    let frozen = items
        .into_iter()
        .map(freeze)
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyTuple::new(v.py(), frozen)?.into_any())
}

/// `(class, values)`: the constructor takes the values in the same order.
pub(crate) fn reduce<'py, C: Record>(slf: &Bound<'py, C>) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(
        slf.py(),
        [slf.as_any().get_type().into_any(), values(slf)?.into_any()],
    )
}

/// The fields as a dict in constructor order.
pub(crate) fn to_dict<'py, C: Record>(slf: &Bound<'py, C>) -> PyResult<Bound<'py, PyDict>> {
    let py = slf.py();
    let d = PyDict::new(py);
    for ((name, _), value) in C::FIELDS.iter().zip(slf.get().storage().all(py)) {
        d.set_item(name, value)?;
    }
    Ok(d)
}

/// A new object of the same class with `changes` applied; an unknown field is a `TypeError`
/// naming it and the fields there are.
pub(crate) fn replace<'py, C: Record>(
    slf: &Bound<'py, C>,
    changes: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = to_dict(slf)?;
    if let Some(changes) = changes {
        for (k, v) in changes.iter() {
            let key: String = k.extract()?;
            if !C::FIELDS.iter().any(|(n, _)| *n == key) {
                let names: Vec<&str> = C::FIELDS.iter().map(|(n, _)| *n).collect();
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "{} has no field `{key}`; its fields are {}",
                    slf.as_any().get_type().name()?,
                    names.join(", ")
                )));
            }
            d.set_item(k, v)?;
        }
    }
    slf.as_any().get_type().call((), Some(&d))
}

/// The value of the field `key` (`KeyError` if the record has no such field).
pub(crate) fn item<C: Record>(slf: &Bound<'_, C>, key: &str) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    match C::FIELDS.iter().position(|(n, _)| *n == key) {
        Some(i) => Ok(slf.get().storage().get(py, i)),
        None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned())),
    }
}

/// `value` read as a `T` and given back in its Python form; kept as given when it cannot be
/// read (its problem is reported when the record is used). `field` only names the type.
pub(crate) fn normalize<R, T: super::PyValue>(
    value: &Bound<'_, PyAny>,
    cx: &super::Cx<'_, '_>,
    field: fn(&R) -> &T,
) -> PyResult<Py<PyAny>> {
    let _ = field;
    let mut scratch = super::Problems::new();
    Ok(match T::from_py(value, &mut scratch) {
        Some(v) => v.to_py(cx)?.unbind(),
        None => value.clone().unbind(),
    })
}
