//! Progress and cancellation of long calls: contract plans, venue matching, synthetic cities,
//! flow solves, imports and snapshot loads.
//!
//! A long call takes a [`Progress`]: it reports each [`Step`] to the caller's callback (from
//! whichever thread did the work) and stops at the next check once its [`Cancel`] token is
//! cancelled, returning [`Error::Cancelled`](crate::Error::Cancelled) — never a partial result
//! dressed as a complete one, and never a half-made change: calls that change a network change
//! it only after their last check.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use quanyu::contracts::{Planner, Rules};
//! use quanyu::progress::{Cancel, Progress};
//!
//! let net = quanyu::synth::community(1)?;
//! let day = quanyu::synth::REFERENCE_DATE;
//! let seen = Arc::new(Mutex::new(Vec::new()));
//! let log = Arc::clone(&seen);
//! let progress = Progress::new().on_step(move |s| log.lock().unwrap().push((s.stage.to_owned(), s.done, s.total)));
//! Planner::new().plan_with(&net, day, &Rules::default(), &progress)?;
//! assert_eq!(seen.lock().unwrap().last().map(|s| (s.1, s.2)), Some((4, 4)));
//!
//! // A cancelled token stops the call at its next check.
//! let cancel = Cancel::new();
//! cancel.cancel();
//! let err = Planner::new().plan_with(&net, day, &Rules::default(), &Progress::new().cancel_with(cancel));
//! assert!(matches!(err, Err(quanyu::Error::Cancelled)));
//! # Ok::<(), quanyu::Error>(())
//! ```

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::{Error, Result};

/// A token that asks a long call to stop. Clones share the same flag, so one clone can be
/// handed to the call and another kept to cancel it from another thread.
///
/// ```
/// let token = quanyu::progress::Cancel::new();
/// let other = token.clone();
/// other.cancel();
/// assert!(token.is_cancelled());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Cancel::default()
    }

    /// Asks every call holding this token (or a clone) to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// One report of a long call: which stage it is in (a contract kind, a subdistrict, a table)
/// and how many of its units of work are done.
///
/// ```
/// let s = quanyu::progress::Step { stage: "Compound", done: 1, total: 4 };
/// assert_eq!(s.to_string(), "Compound: 1 of 4");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    /// The stage, in the caller's vocabulary (the English name of a contract kind, say).
    pub stage: &'a str,
    /// Units of work done so far, over the whole call.
    pub done: usize,
    /// Units of work in the whole call.
    pub total: usize,
}

impl fmt::Display for Step<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} of {}", self.stage, self.done, self.total)
    }
}

type Callback = dyn Fn(Step<'_>) + Send + Sync;

/// How a long call reports progress and learns that it should stop.
///
/// `Progress::default()` reports nowhere and is never cancelled.
///
/// ```
/// use quanyu::progress::{Cancel, Progress};
/// let cancel = Cancel::new();
/// let p = Progress::new().on_step(|s| println!("{s}")).cancel_with(cancel.clone());
/// assert!(p.check().is_ok());
/// cancel.cancel();
/// assert!(p.check().is_err());
/// ```
#[derive(Clone, Default)]
pub struct Progress {
    callback: Option<Arc<Callback>>,
    cancel: Cancel,
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Progress")
            .field("reports", &self.callback.is_some())
            .field("cancelled", &self.cancel.is_cancelled())
            .finish()
    }
}

impl Progress {
    /// Reports nowhere, never cancelled.
    pub fn new() -> Self {
        Progress::default()
    }

    /// Reports every step to `callback`. The callback may be called from several threads at
    /// once (parallel work reports as it finishes), so it must be `Sync`.
    pub fn on_step(mut self, callback: impl Fn(Step<'_>) + Send + Sync + 'static) -> Self {
        self.callback = Some(Arc::new(callback));
        self
    }

    /// Stops when `cancel` is cancelled.
    pub fn cancel_with(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    /// The cancellation token.
    pub fn token(&self) -> &Cancel {
        &self.cancel
    }

    /// Reports a step.
    pub fn step(&self, stage: &str, done: usize, total: usize) {
        if let Some(f) = &self.callback {
            f(Step { stage, done, total });
        }
    }

    /// `Err(Error::Cancelled)` once the call should stop.
    pub fn check(&self) -> Result<()> {
        if self.cancel.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}
