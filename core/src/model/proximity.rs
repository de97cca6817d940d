//! Proximity tiers: how near two places are, by their nearest common unit.
//!
//! One definition serves the contracts' default cost and the venue matcher's travel cost, so
//! "near" means the same everywhere (DOMAIN.md §4): same building < same compound < same grid <
//! same area < same subdistrict; places in different subdistricts are [`Proximity::Beyond`].

use serde::{Deserialize, Serialize};

/// How near two places are, nearest first.
///
/// ```
/// use quanyu::Proximity;
/// assert_eq!(Proximity::SameGrid.cost(), Some(2));
/// assert_eq!(Proximity::Beyond.cost(), None);
/// assert!(Proximity::SameBuilding < Proximity::SameArea);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Proximity {
    /// The same building (or a household or zone in it). Cost 0.
    SameBuilding,
    /// The same compound. Cost 1.
    SameCompound,
    /// The same grid. Cost 2.
    SameGrid,
    /// The same area. Cost 3.
    SameArea,
    /// The same subdistrict. Cost 4.
    SameSubdistrict,
    /// Different subdistricts, or places on levels that carry no tier.
    Beyond,
}

impl Proximity {
    /// The cost tier: 0 for the same building up to 4 for the same subdistrict; `None` beyond.
    ///
    /// ```
    /// assert_eq!(quanyu::Proximity::SameSubdistrict.cost(), Some(4));
    /// ```
    pub fn cost(self) -> Option<u32> {
        match self {
            Proximity::SameBuilding => Some(0),
            Proximity::SameCompound => Some(1),
            Proximity::SameGrid => Some(2),
            Proximity::SameArea => Some(3),
            Proximity::SameSubdistrict => Some(4),
            Proximity::Beyond => None,
        }
    }
}

impl std::fmt::Display for Proximity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}
