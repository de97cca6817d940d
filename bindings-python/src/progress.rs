//! Progress callbacks from long calls that run with the GIL released.

use std::sync::Mutex;

use pyo3::prelude::*;

/// A Python callable `progress(done, total)`, called from a detached thread. An exception it
/// raises is kept (the first one) and raised when the call returns.
pub(crate) struct Progress {
    callback: Option<Py<PyAny>>,
    error: Mutex<Option<PyErr>>,
}

impl Progress {
    /// Wraps an optional callable; `TypeError` if it is not callable.
    pub(crate) fn new(callback: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        if let Some(cb) = callback
            && !cb.is_none()
            && !cb.is_callable()
        {
            return Err(crate::errors::type_error(
                "`progress` must be a callable progress(done, total)",
            ));
        }
        Ok(Progress {
            callback: callback
                .filter(|c| !c.is_none())
                .map(|c| c.clone().unbind()),
            error: Mutex::new(None),
        })
    }

    /// Reports `done` of `total`.
    pub(crate) fn report(&self, done: usize, total: usize) {
        let Some(cb) = &self.callback else { return };
        Python::attach(|py| {
            if let Err(e) = cb.call1(py, (done, total)) {
                let mut slot = self.error.lock().unwrap_or_else(|p| p.into_inner());
                if slot.is_none() {
                    *slot = Some(e);
                }
            }
        });
    }

    /// The first exception the callback raised, if any.
    pub(crate) fn finish(self) -> PyResult<()> {
        match self.error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
