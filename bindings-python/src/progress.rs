//! Long calls (plans, matching, synthetic cities, flow solves, imports, snapshot loads): the work
//! runs on a worker thread without the GIL; the calling thread wakes every 50 ms to let Python
//! run its signal handlers, so that Ctrl-C raises `KeyboardInterrupt` within a second. The work
//! is then cancelled through its token; a call that cannot stop in time is left to finish on its
//! own and its result dropped, so nothing it would have returned or changed is kept. Progress
//! reaches an optional Python callback `progress(done, total)`.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use quanyu::progress::{Cancel, Progress};

use crate::errors::IntoPyResult;

/// How often the calling thread looks for signals.
const TICK: Duration = Duration::from_millis(50);

/// How long a cancelled call may take to stop before it is left behind.
const GRACE: Duration = Duration::from_millis(700);

/// The optional Python callback of a long call, and the first exception it raised.
#[derive(Clone, Default)]
pub(crate) struct Callback {
    callback: Option<Arc<Py<PyAny>>>,
    error: Arc<Mutex<Option<PyErr>>>,
}

impl Callback {
    /// Wraps an optional callable `progress(done, total)`; `TypeError` if it is not callable.
    pub(crate) fn new(callback: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let callback = callback.filter(|c| !c.is_none());
        if let Some(cb) = callback
            && !cb.is_callable()
        {
            return Err(crate::errors::type_error(
                "`progress` must be a callable progress(done, total)",
            ));
        }
        Ok(Callback {
            callback: callback.map(|c| Arc::new(c.clone().unbind())),
            error: Arc::default(),
        })
    }

    /// The core's progress: steps go to the callback; an exception in the callback cancels
    /// the call (and is raised when it returns).
    fn progress(&self, cancel: &Cancel) -> Progress {
        let progress = Progress::new().cancel_with(cancel.clone());
        let Some(cb) = self.callback.clone() else {
            return progress;
        };
        let error = Arc::clone(&self.error);
        let cancel = cancel.clone();
        progress.on_step(move |s| {
            Python::attach(|py| {
                if let Err(e) = cb.call1(py, (s.done, s.total)) {
                    let mut slot = error.lock().unwrap_or_else(|p| p.into_inner());
                    slot.get_or_insert(e);
                    cancel.cancel();
                }
            });
        })
    }

    /// Reports a step from the calling thread (for calls whose core reports no steps of its
    /// own); the callback's exception is raised.
    pub(crate) fn report(&self, py: Python<'_>, done: usize, total: usize) -> PyResult<()> {
        match &self.callback {
            Some(cb) => cb.call1(py, (done, total)).map(|_| ()),
            None => Ok(()),
        }
    }

    fn take_error(&self) -> Option<PyErr> {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// Runs `work` as a long call (see the module docs).
pub(crate) fn run<T: Send + 'static>(
    py: Python<'_>,
    callback: &Callback,
    work: impl FnOnce(&Progress) -> quanyu::Result<T> + Send + 'static,
) -> PyResult<T> {
    let cancel = Cancel::new();
    let progress = callback.progress(&cancel);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("quanyu-long-call".into())
        .spawn(move || {
            // The receiver may be gone (the caller was interrupted and stopped waiting).
            let _ = tx.send(work(&progress));
        });
    if let Err(e) = spawned {
        return Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
            "cannot start a worker thread: {e}"
        )));
    }
    let outcome = py.detach(move || wait(&rx, &cancel));
    match outcome {
        Waited::Done(result) => match callback.take_error() {
            Some(e) => Err(e),
            None => result.py_err(),
        },
        Waited::Interrupted(e) => Err(e),
        Waited::Lost => Err(pyo3::exceptions::PyRuntimeError::new_err(
            "the worker thread of a long call stopped without a result",
        )),
    }
}

enum Waited<T> {
    Done(quanyu::Result<T>),
    Interrupted(PyErr),
    Lost,
}

fn wait<T>(rx: &mpsc::Receiver<quanyu::Result<T>>, cancel: &Cancel) -> Waited<T> {
    loop {
        match rx.recv_timeout(TICK) {
            Ok(r) => return Waited::Done(r),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Waited::Lost,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if let Err(e) = Python::attach(|py| py.check_signals()) {
            cancel.cancel();
            // Give the call a moment to stop at its next check; its result is dropped either
            // way, and a call that changes a network changes it only after its last check.
            let deadline = Instant::now() + GRACE;
            while Instant::now() < deadline {
                match rx.recv_timeout(TICK) {
                    Ok(_) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                }
            }
            return Waited::Interrupted(e);
        }
    }
}
