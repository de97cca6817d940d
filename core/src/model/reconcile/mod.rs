//! Reconciling the grid layers into one net (一张网).
//!
//! Several grid layers — Party building, policing, comprehensive governance, city operations —
//! partition the same buildings, each its own way, beside the tree's own grids. This module
//! lines any two of them up and proposes one layer for all:
//!
//! * [`Network::crosswalk`](crate::Network::crosswalk): for two layers (the tree's grids count as one, [`LayerRef::Tree`]),
//!   which grid of one holds which buildings and households of the other, with shares; the
//!   buildings missing from either; the compounds a layer splits between grids.
//! * [`Network::unify_layers`](crate::Network::unify_layers): each building in exactly one grid of the reference, compounds
//!   whole, every grid's size within a range, the fewest buildings moved — solved as a
//!   min-cost flow with [`MinCostFlow`](crate::flow::MinCostFlow). Each [`Move`] says why.
//! * [`UnifiedLayer::changeset`]: the plan as an ordinary edit, applied (all or nothing) with
//!   [`Network::apply`](crate::Network::apply).
//!
//! **Exactness.** Each compound (or building outside any compound) is one supply node. With
//! sizes counted in such groups ([`SizeMeasure::Groups`]) each weighs one unit and the flow's
//! integrality gives the exact optimum. With sizes in buildings or households a group weighs
//! more and the flow is a relaxation that may split it: unsplit, the result is still exact
//! (`exact` is true); split, each split group is placed whole where most of it went and the
//! rest re-solved — a heuristic, and each move says which way it was decided.
//!
//! ```
//! use quanyu::{GridLayer, SizeMeasure, UnifyOptions};
//! let mut net = quanyu::synth::community(3)?;
//! let w = net.crosswalk(None, GridLayer::CityOperations);
//! assert!(!w.cells.is_empty());
//! let plan = net.unify_layers(&UnifyOptions { min: 3, max: Some(5), ..Default::default() })?;
//! assert!(plan.exact);
//! for m in &plan.moves {
//!     assert!(!m.detail.is_empty());
//! }
//! net.apply(plan.changeset(&GridLayer::ALL))?;
//! // One net: every layer now agrees with the tree.
//! assert!(GridLayer::ALL.iter().all(|&l| net.compare_layer(l).agrees()));
//! # Ok::<(), quanyu::Error>(())
//! ```

mod crosswalk;
mod explain;
mod facts;
mod unify;

pub use crosswalk::{Crosswalk, CrosswalkCell, SplitCompound};
pub use unify::{Move, MoveReason, SizeMeasure, UnifiedLayer, UnifyOptions, UnifyReach};

use crate::GridLayer;

/// A grid layer, or the tree's own grids.
///
/// ```
/// use quanyu::{GridLayer, LayerRef};
/// assert_eq!(LayerRef::from(GridLayer::Policing), LayerRef::Layer(GridLayer::Policing));
/// assert_eq!(LayerRef::from(None::<GridLayer>), LayerRef::Tree);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LayerRef {
    /// The grids of the unit tree.
    #[default]
    Tree,
    /// A grid layer.
    Layer(GridLayer),
}

impl LayerRef {
    /// The layer, or `None` for the tree.
    ///
    /// ```
    /// assert_eq!(quanyu::LayerRef::Tree.layer(), None);
    /// ```
    pub fn layer(self) -> Option<GridLayer> {
        match self {
            LayerRef::Tree => None,
            LayerRef::Layer(l) => Some(l),
        }
    }
}

impl From<GridLayer> for LayerRef {
    fn from(l: GridLayer) -> Self {
        LayerRef::Layer(l)
    }
}

impl From<Option<GridLayer>> for LayerRef {
    fn from(l: Option<GridLayer>) -> Self {
        l.map_or(LayerRef::Tree, LayerRef::Layer)
    }
}
