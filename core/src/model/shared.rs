//! A network shared between threads, as the Python and mobile bindings hold one: readers take
//! an immutable snapshot, an edit replaces the current network.

use std::fmt;
use std::sync::{Arc, RwLock, RwLockWriteGuard};

use crate::Result;
use crate::model::Network;

/// A [`Network`] shared between threads.
///
/// Readers take a [`snapshot`](Self::snapshot) — an `Arc<Network>` that never changes — so a
/// long read (a plan of a whole city, an export) neither waits for edits nor makes them wait.
/// An [`edit`](Self::edit) runs under a short exclusive lock: when no snapshot is held it
/// changes the network in place; when one is (a plan is running), it changes a copy and swaps
/// the copy in, so that every snapshot keeps the state it was taken in. Edits are all or
/// nothing, so a failed edit leaves the network as it was.
///
/// ```
/// use quanyu::{SharedNetwork, UnitRecord};
///
/// let shared = SharedNetwork::new(quanyu::Network::new());
/// let before = shared.snapshot();
/// shared.edit(|net| {
///     let mut e = net.edit();
///     e.add_unit(UnitRecord::new("S", "Subdistrict"));
///     e.commit()
/// })?;
/// assert_eq!(before.unit_count(), 0); // the old snapshot is unchanged
/// assert_eq!(shared.snapshot().unit_count(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Default)]
pub struct SharedNetwork {
    current: RwLock<Arc<Network>>,
}

impl SharedNetwork {
    /// Shares `network`.
    pub fn new(network: Network) -> Self {
        SharedNetwork {
            current: RwLock::new(Arc::new(network)),
        }
    }

    /// The network as it is now; later edits do not change it.
    pub fn snapshot(&self) -> Arc<Network> {
        // The lock is held only to clone the pointer. A poisoned lock still holds a whole
        // network: edits change it all or nothing.
        let current = self
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(&current)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Arc<Network>> {
        self.current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `change` on the current network and keeps its result (see the type's docs). Edits
    /// from several threads run one after another, each on the result of the last.
    pub fn edit<T>(&self, change: impl FnOnce(&mut Network) -> Result<T>) -> Result<T> {
        let mut current = self.write();
        change(Arc::make_mut(&mut current))
    }

    /// Replaces the whole network (after a load, say) and returns the one it replaces.
    ///
    /// ```
    /// let shared = quanyu::SharedNetwork::default();
    /// let old = shared.replace(quanyu::synth::community(1)?);
    /// assert_eq!(old.unit_count(), 0);
    /// assert!(shared.snapshot().unit_count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn replace(&self, network: Network) -> Arc<Network> {
        std::mem::replace(&mut *self.write(), Arc::new(network))
    }
}

/// Shares a snapshot: the new handle starts where the snapshot is (a cheap, independent copy:
/// its first edit copies the network if the snapshot is still held elsewhere).
impl From<Arc<Network>> for SharedNetwork {
    fn from(snapshot: Arc<Network>) -> Self {
        SharedNetwork {
            current: RwLock::new(snapshot),
        }
    }
}

impl From<Network> for SharedNetwork {
    fn from(network: Network) -> Self {
        SharedNetwork::new(network)
    }
}

impl fmt::Debug for SharedNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let net = self.snapshot();
        f.debug_struct("SharedNetwork")
            .field("units", &net.unit_count())
            .field("persons", &net.person_count())
            .finish()
    }
}
