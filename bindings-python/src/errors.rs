//! Maps `quanyu::Error` (and the flow module's `FlowError`) onto the Python exception hierarchy
//! of `quanyu._errors`, in one place.

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyModule};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The module that defines the exception classes (pure Python, so that `ValidationError` can
/// also be a `ValueError` and `NotFoundError` a `KeyError`).
fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS
        .get_or_try_init(py, || Ok(py.import("quanyu._errors")?.unbind()))
        .map(|m| m.bind(py))
}

/// An instance of the exception class `name` of `quanyu._errors`, built from `args`.
fn raise<'py, A>(py: Python<'py>, name: &str, args: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    let made = errors_module(py)
        .and_then(|m| m.getattr(name))
        .and_then(|cls| cls.call1(args));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// The `errno` value of an I/O error kind, so that `OSError(errno, ...)` picks the built-in
/// subclass (`FileNotFoundError`, `PermissionError`, ...).
fn errno_of(kind: std::io::ErrorKind) -> i32 {
    use std::io::ErrorKind::*;
    match kind {
        NotFound => 2,
        PermissionDenied => 13,
        AlreadyExists => 17,
        NotADirectory => 20,
        IsADirectory => 21,
        InvalidInput => 22,
        StorageFull => 28,
        ReadOnlyFilesystem => 30,
        DirectoryNotEmpty => 39,
        Interrupted => 4,
        WouldBlock => 11,
        TimedOut => 110,
        _ => 5, // EIO
    }
}

/// A `quanyu._errors.Problem` for a core problem.
pub(crate) fn problem_object<'py>(
    py: Python<'py>,
    p: &quanyu::Problem,
) -> PyResult<Bound<'py, PyAny>> {
    let m = errors_module(py)?;
    let origin = match &p.origin {
        Some(o) => m.getattr("Origin")?.call1((o.source.as_str(), o.row))?,
        None => py.None().into_bound(py),
    };
    m.getattr("Problem")?
        .call1((p.id.as_str(), p.field.as_str(), p.message.as_str(), origin))
}

/// The Python exception for a core error.
pub(crate) fn to_py(py: Python<'_>, e: quanyu::Error) -> PyErr {
    let message = e.to_string();
    match e {
        quanyu::Error::Validation(problems) => {
            let list = PyList::empty(py);
            for p in &problems {
                match problem_object(py, p) {
                    Ok(obj) => {
                        if let Err(err) = list.append(obj) {
                            return err;
                        }
                    }
                    Err(err) => return err,
                }
            }
            raise(py, "ValidationError", (message, list))
        }
        quanyu::Error::NotFound { kind, id } => {
            raise(py, "NotFoundError", (message, kind.as_str(), id))
        }
        quanyu::Error::Infeasible { .. } => raise(py, "InfeasibleError", (message,)),
        quanyu::Error::Unbounded { .. } => raise(py, "UnboundedError", (message,)),
        quanyu::Error::Io {
            path,
            kind,
            message: os_message,
        } => {
            if path.is_empty() {
                PyOSError::new_err((errno_of(kind), os_message))
            } else {
                PyOSError::new_err((errno_of(kind), os_message, path))
            }
        }
        quanyu::Error::Parse {
            source_name, line, ..
        } => raise(py, "ParseError", (message, source_name, line)),
        quanyu::Error::InvalidArgument { name, .. } => {
            raise(py, "InvalidArgumentError", (message, name))
        }
        quanyu::Error::OutsideCalendar { year, covered } => {
            raise(py, "CalendarError", (message, year, covered))
        }
        quanyu::Error::Refused(r) => {
            let r = *r;
            raise(
                py,
                "TransitionRefusedError",
                (message, r.event, r.action, r.actor, r.unit, r.needed),
            )
        }
        _ => PyRuntimeError::new_err(message),
    }
}

/// Converts core results at the edge: `.py_err()?` on any `quanyu::Result`.
pub(crate) trait IntoPyResult<T> {
    /// The result, with the error mapped onto the Python hierarchy.
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for quanyu::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| Python::attach(|py| to_py(py, e)))
    }
}

impl<T> IntoPyResult<T> for Result<T, quanyu::flow::FlowError> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| Python::attach(|py| to_py(py, e.into())))
    }
}

/// An `InvalidArgumentError` for argument `name`.
pub(crate) fn invalid(name: &str, message: impl Into<String>) -> PyErr {
    let e = quanyu::Error::invalid_argument(name, message);
    Python::attach(|py| to_py(py, e))
}

/// The error of a rejected argument with its `problems` (a list of `Problem`s): an
/// `InvalidArgumentError`, or an `ArgumentTypeError` (also a `TypeError`) when `wrong_type`.
pub(crate) fn invalid_argument(
    py: Python<'_>,
    message: &str,
    argument: &str,
    problems: Bound<'_, PyList>,
    wrong_type: bool,
) -> PyErr {
    let class = if wrong_type {
        "ArgumentTypeError"
    } else {
        "InvalidArgumentError"
    };
    raise(py, class, (message, argument, problems))
}

/// A `TypeError` with `message`.
pub(crate) fn type_error(message: impl Into<String>) -> PyErr {
    PyTypeError::new_err(message.into())
}
