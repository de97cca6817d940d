//! Proximity tiers: how near two places are, by their nearest common unit.
//!
//! One definition serves the contracts' default cost and the venue matcher's travel cost, so
//! "near" means the same everywhere (see the [glossary](crate::glossary)): same building < same compound < same grid <
//! same area < same subdistrict; places in different subdistricts are [`Proximity::Beyond`].

use crate::schema::Enum;

/// How near two places are, nearest first.
///
/// ```
/// use quanyu::Proximity;
/// assert_eq!(Proximity::SameGrid.cost(), Some(2));
/// assert_eq!(Proximity::Beyond.cost(), None);
/// assert!(Proximity::SameBuilding < Proximity::SameArea);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "proximity")]
pub enum Proximity {
    /// The same building (or a household or zone in it). Cost 0.
    #[named(zh = "同楼栋")]
    SameBuilding,
    /// The same compound. Cost 1.
    #[named(zh = "同小区")]
    SameCompound,
    /// The same grid. Cost 2.
    #[named(zh = "同网格")]
    SameGrid,
    /// The same area. Cost 3.
    #[named(zh = "同片区")]
    SameArea,
    /// The same subdistrict. Cost 4.
    #[named(zh = "同街道")]
    SameSubdistrict,
    /// Different subdistricts, or places on levels that carry no tier.
    #[named(zh = "跨街道")]
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
