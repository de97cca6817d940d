//! Opaque handles into a [`Network`](crate::Network) for the rest of the crate: a node of the
//! graph ([`NodeRef`]) and a position in the pre-order of the unit tree ([`UnitPos`]). Other
//! modules hold and compare them, index their own dense arrays with them, and ask the network
//! about them; only `model` makes them or looks inside. Neither leaves the crate: users name
//! everything by their own ids.
//!
//! A handle is valid for the network that gave it until the next commit: edits may free and
//! reuse node slots, and any structural change renumbers the positions.

use crate::model::graph::Ix;

/// A unit, organisation, person or key task of a network: a node of its graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NodeRef(Ix);

impl NodeRef {
    /// The handle of the node at `ix`.
    #[inline]
    pub(super) fn new(ix: Ix) -> Self {
        NodeRef(ix)
    }

    /// The graph index behind the handle.
    #[inline]
    pub(super) fn ix(self) -> Ix {
        self.0
    }

    /// A dense number for the node, below [`Network::node_bound`](crate::Network): for
    /// arrays indexed by node.
    #[inline]
    pub(crate) fn index(self) -> usize {
        self.0.index()
    }
}

/// A unit's position in the pre-order of the unit tree: a subtree is a contiguous run of
/// positions starting at its root, so ancestry is two comparisons and ordering by position is
/// ordering by place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct UnitPos(u32);

impl UnitPos {
    /// The handle of pre-order position `p`.
    #[inline]
    pub(super) fn new(p: u32) -> Self {
        UnitPos(p)
    }

    /// The raw position, for the tree index's arrays.
    #[inline]
    pub(super) fn raw(self) -> u32 {
        self.0
    }

    /// The position as an array index (positions run from 0 to the number of units).
    #[inline]
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}
