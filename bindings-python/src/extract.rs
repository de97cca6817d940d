//! Extracts for a grid worker's phone: minimised and masked, and sealed to the worker's key
//! (`Network.extract`, `Network.sealed_extract`, `Network.open_extract`,
//! `quanyu.privacy.WorkerKey`). The `Network` methods in network.rs call these.

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use quanyu::privacy::WorkerKey;
use quanyu::{ExtractOptions, Network};

use crate::errors::{IntoPyResult, type_error};
use crate::network::PyNetwork;

/// Registers the classes of this file in the native module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWorkerKey>()
}

/// The options of an extract from the ``reveal`` argument: ``None`` or a
/// ``quanyu.privacy.Reveal``.
fn options(reveal: Option<&Bound<'_, PyAny>>) -> PyResult<ExtractOptions> {
    Ok(match crate::privacy::reveal_arg(reveal)? {
        Some(r) => ExtractOptions::new().reveal(r),
        None => ExtractOptions::new(),
    })
}

/// The recipients argument: one ``age1…`` string or a list of them.
fn recipients(recipients: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if let Ok(one) = recipients.extract::<String>() {
        return Ok(vec![one]);
    }
    recipients
        .extract::<Vec<String>>()
        .map_err(|_| type_error("recipients must be a recipient (str, 'age1…') or a list of them"))
}

/// `Network.extract`.
pub(crate) fn extract(
    py: Python<'_>,
    net: &PyNetwork,
    unit: &str,
    reveal: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyNetwork> {
    let opts = options(reveal)?;
    let net = net.snap();
    let unit = unit.to_owned();
    let out = py.detach(move || net.extract_with(&unit, &opts)).py_err()?;
    Ok(PyNetwork::wrap(out))
}

/// `Network.sealed_extract`.
pub(crate) fn sealed_extract<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    unit: &str,
    to: &Bound<'_, PyAny>,
    reveal: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = options(reveal)?;
    let to = recipients(to)?;
    let net = net.snap();
    let unit = unit.to_owned();
    let sealed = py
        .detach(move || net.sealed_extract(&unit, &opts, &to))
        .py_err()?;
    Ok(PyBytes::new(py, &sealed))
}

/// `Network.open_extract`.
pub(crate) fn open_extract(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    identity: &Bound<'_, PyAny>,
) -> PyResult<PyNetwork> {
    let data: Vec<u8> = data
        .cast::<PyBytes>()
        .map_err(|_| type_error("data must be bytes (a sealed extract)"))?
        .as_bytes()
        .to_vec();
    // Not `arg`: its message could quote the value, and this one is a secret key.
    let identity: String = identity
        .extract()
        .map_err(|_| type_error("identity must be a str (the worker's AGE-SECRET-KEY-1…)"))?;
    let out = py
        .detach(move || Network::open_extract(&data, &identity))
        .py_err()?;
    Ok(PyNetwork::wrap(out))
}

/// A grid worker's key pair: ``identity``, the secret that opens what is sealed to the worker
/// (``AGE-SECRET-KEY-1…``; it stays on the phone), and ``recipient``, the public key the server
/// seals extracts to (``age1…``).
///
/// >>> from quanyu.privacy import WorkerKey
/// >>> key = WorkerKey.generate()
/// >>> key.recipient.startswith("age1"), key.identity.startswith("AGE-SECRET-KEY-1")
/// (True, True)
/// >>> key.identity in repr(key)
/// False
#[pyclass(module = "quanyu._quanyu", name = "WorkerKey", frozen)]
pub(crate) struct PyWorkerKey {
    inner: WorkerKey,
}

#[pymethods]
impl PyWorkerKey {
    /// A new X25519 key pair from the operating system's random source.
    #[staticmethod]
    fn generate() -> Self {
        PyWorkerKey {
            inner: WorkerKey::generate(),
        }
    }

    /// The key pair of a stored secret key (read back from the phone's key store).
    #[staticmethod]
    fn from_identity(identity: &Bound<'_, PyAny>) -> PyResult<Self> {
        let identity: String = identity
            .extract()
            .map_err(|_| type_error("identity must be a str (AGE-SECRET-KEY-1…)"))?;
        Ok(PyWorkerKey {
            inner: WorkerKey::from_identity(&identity).py_err()?,
        })
    }

    /// The secret key (``AGE-SECRET-KEY-1…``): keep it on the phone.
    #[getter]
    fn identity(&self) -> &str {
        self.inner.identity()
    }

    /// The public key (``age1…``): give it to the server.
    #[getter]
    fn recipient(&self) -> &str {
        self.inner.recipient()
    }

    fn __repr__(&self) -> String {
        format!(
            "WorkerKey(recipient={:?}, identity=<secret>)",
            self.inner.recipient()
        )
    }
}
