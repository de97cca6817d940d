//! Reading a record from Python without stopping at the first bad field: every problem is
//! kept with the row (the record's label, such as its id), the field path and the value, and
//! the whole list is raised once.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use super::class::Record;
use super::value::{PyValue, describe};

/// One problem with an input value.
#[derive(Debug, Clone)]
struct Found {
    /// The row: the label of the record being read (its id), or empty.
    row: String,
    /// The field path, such as `residents` or `rules[2].capacity`.
    field: String,
    /// What is wrong, naming the value.
    message: String,
    /// Whether the value had the wrong Python type (a `TypeError`), else a bad value.
    wrong_type: bool,
}

/// The problems found so far, and where the reader is.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    found: Vec<Found>,
    path: Vec<String>,
    rows: Vec<String>,
}

impl Problems {
    /// An empty list.
    pub(crate) fn new() -> Self {
        Problems::default()
    }

    fn push(&mut self, message: String, wrong_type: bool) {
        let mut field = String::new();
        for part in &self.path {
            if !field.is_empty() && !part.starts_with('[') {
                field.push('.');
            }
            field.push_str(part);
        }
        self.found.push(Found {
            row: self.rows.last().cloned().unwrap_or_default(),
            field,
            message,
            wrong_type,
        });
    }

    /// The value at the current path has the wrong Python type.
    pub(crate) fn type_error(&mut self, message: impl Into<String>) {
        self.push(message.into(), true);
    }

    /// The value at the current path has the right type but cannot be used.
    pub(crate) fn value_error(&mut self, message: impl Into<String>) {
        self.push(message.into(), false);
    }

    /// Ends the record begun by [`Source::of`]: later problems name the enclosing row.
    pub(crate) fn end_record(&mut self) {
        self.rows.pop();
    }

    /// Descends into a field (`name`) or an item (`[3]`).
    pub(crate) fn enter(&mut self, part: String) {
        self.path.push(part);
    }

    /// Leaves the last [`enter`](Self::enter).
    pub(crate) fn leave(&mut self) {
        self.path.pop();
    }

    /// The problems as the Python exception of a rejected argument `argument`: an
    /// `InvalidArgumentError` (a `ValueError`) listing every problem, which is also a
    /// `TypeError` when any value had the wrong type. `Ok` when nothing was found.
    pub(crate) fn check(self, py: Python<'_>, argument: &str) -> PyResult<()> {
        if self.found.is_empty() {
            return Ok(());
        }
        let list = PyList::empty(py);
        let mut lines = Vec::new();
        for f in &self.found {
            let problem =
                quanyu::Problem::new(f.row.as_str(), f.field.as_str(), f.message.as_str());
            // A plain argument (not a record) has no row or field to name.
            lines.push(if f.row.is_empty() && f.field.is_empty() {
                f.message.clone()
            } else {
                problem.to_string()
            });
            list.append(crate::errors::problem_object(py, &problem)?)?;
        }
        let message = match lines.as_slice() {
            [one] => format!("invalid argument `{argument}`: {one}"),
            _ => format!(
                "invalid argument `{argument}`: {} problems found\n  {}",
                lines.len(),
                lines.join("\n  ")
            ),
        };
        let wrong_type = self.found.iter().any(|f| f.wrong_type);
        Err(crate::errors::invalid_argument(
            py, &message, argument, list, wrong_type,
        ))
    }
}

/// Reads `obj` as a `T`, raising every problem at once as the error of argument `argument`.
pub(crate) fn read<T: PyValue>(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<T> {
    let mut problems = Problems::new();
    let value = T::from_py(obj, &mut problems);
    problems.check(obj.py(), argument)?;
    value.ok_or_else(|| {
        pyo3::exceptions::PyTypeError::new_err(format!("`{argument}` cannot be read"))
    })
}

/// Where a record's fields are read from: an instance of its class, a dict with its field
/// names as keys, or any object with its field names as attributes.
pub(crate) struct Source<'a, 'py, C> {
    from: From<'a, 'py, C>,
    /// The record's name, for messages.
    what: &'static str,
}

enum From<'a, 'py, C> {
    Class(&'a Bound<'py, C>),
    Dict(&'a Bound<'py, PyDict>),
    Attributes(&'a Bound<'py, PyAny>),
}

impl<'a, 'py, C> Source<'a, 'py, C>
where
    C: Record,
{
    /// The source of `obj`, a `what` record labelled by its field `label`; the label's value
    /// names the row in later problems.
    pub(crate) fn of(
        obj: &'a Bound<'py, PyAny>,
        what: &'static str,
        label: &str,
        problems: &mut Problems,
    ) -> Option<Self> {
        let from = if let Ok(c) = obj.cast::<C>() {
            From::Class(c)
        } else if let Ok(d) = obj.cast::<PyDict>() {
            From::Dict(d)
        } else if obj.is_instance_of::<PyString>() || obj.is_none() {
            problems.type_error(format!(
                "expected a {what} (or a dict with its fields), got {}",
                describe(obj)
            ));
            return None;
        } else {
            From::Attributes(obj)
        };
        let source = Source { from, what };
        let row = C::FIELDS
            .iter()
            .position(|(n, _)| *n == label)
            .and_then(|i| source.get(i, label))
            .and_then(|v| v.cast::<PyString>().ok().map(|s| s.to_string()))
            .unwrap_or_default();
        problems.rows.push(row);
        Some(source)
    }

    /// The value of field `key` (at `index` in constructor order); `None` if absent.
    fn get(&self, index: usize, key: &str) -> Option<Bound<'py, PyAny>> {
        match &self.from {
            From::Class(c) => Some(
                super::class::Storage::get(c.get().storage(), c.py(), index).into_bound(c.py()),
            ),
            From::Dict(d) => d.get_item(key).ok().flatten(),
            From::Attributes(o) => o.getattr(key).ok(),
        }
    }

    /// A field the record must have.
    pub(crate) fn required<T: PyValue>(
        &self,
        problems: &mut Problems,
        index: usize,
        key: &str,
    ) -> Option<T> {
        problems.enter(key.to_owned());
        let out = match self.get(index, key) {
            Some(v) => T::from_py(&v, problems),
            None => {
                problems.type_error(format!("is missing (a {} needs it)", self.what));
                None
            }
        };
        problems.leave();
        out
    }

    /// A field with a default: absent or `None` gives `default()`.
    pub(crate) fn optional<T: PyValue>(
        &self,
        problems: &mut Problems,
        index: usize,
        key: &str,
        default: fn() -> T,
    ) -> Option<T> {
        match self.get(index, key) {
            Some(v) if !v.is_none() => {
                problems.enter(key.to_owned());
                let out = T::from_py(&v, problems);
                problems.leave();
                out
            }
            // `None` for an `Option` field is its default too.
            _ => Some(default()),
        }
    }
}
