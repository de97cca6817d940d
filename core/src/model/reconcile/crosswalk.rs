//! The crosswalk between two layers: which grid of one holds which buildings of the other.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::GridLayer;
use crate::model::Network;
use crate::schema::Record;

use super::LayerRef;
use super::facts::Facts;

/// The buildings that one grid of layer `a` and one grid of layer `b` have in common.
///
/// Shares are of the buildings (households) placed in *both* layers: the cells of one grid of
/// `a` add up to 1 (unless it holds no household).
///
/// ```
/// let w = quanyu::synth::community(2)?.crosswalk(None, quanyu::GridLayer::Policing);
/// let first = &w.cells[0];
/// assert!(first.buildings > 0 && first.buildings_share_of_a <= 1.0);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct CrosswalkCell {
    /// The grid of layer `a`.
    pub a_grid: String,
    /// The grid of layer `b`.
    pub b_grid: String,
    /// Buildings in both.
    pub buildings: usize,
    /// Households of those buildings.
    pub households: u64,
    /// `buildings` over the buildings of `a_grid` (those placed in `b` too).
    pub buildings_share_of_a: f64,
    /// `buildings` over the buildings of `b_grid` (those placed in `a` too).
    pub buildings_share_of_b: f64,
    /// `households` over the households of `a_grid` (0 when it has none).
    pub households_share_of_a: f64,
    /// `households` over the households of `b_grid` (0 when it has none).
    pub households_share_of_b: f64,
}

/// A compound whose buildings lie in several grids of a layer.
///
/// ```
/// let s = quanyu::SplitCompound::default();
/// assert!(s.grids.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct SplitCompound {
    /// The compound's id.
    pub compound: String,
    /// The grids of the layer holding its buildings: (grid, buildings), by grid. Buildings
    /// missing from the layer are not counted.
    pub grids: Vec<(String, usize)>,
}

/// How two grid layers (the tree's grids count as one) line up, building by building.
///
/// ```
/// use quanyu::GridLayer;
/// let net = quanyu::synth::community(2)?;
/// // The Party-building layer follows the tree's grids one to one.
/// let w = net.crosswalk(None, GridLayer::PartyBuilding);
/// assert!(w.cells.iter().all(|c| c.buildings_share_of_a == 1.0 && c.buildings_share_of_b == 1.0));
/// assert!(w.missing_in_a.is_empty() && w.missing_in_b.is_empty());
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct Crosswalk {
    /// Layer `a` (`None`: the tree's grids).
    pub a: Option<GridLayer>,
    /// Layer `b` (`None`: the tree's grids).
    pub b: Option<GridLayer>,
    /// One cell per pair of grids that share a building, by `a_grid` then `b_grid`.
    pub cells: Vec<CrosswalkCell>,
    /// Buildings with no grid in `a`, in the tree's order.
    pub missing_in_a: Vec<String>,
    /// Buildings with no grid in `b`, in the tree's order.
    pub missing_in_b: Vec<String>,
    /// Compounds whose buildings fall in several grids of `a`, by compound.
    pub split_in_a: Vec<SplitCompound>,
    /// Compounds whose buildings fall in several grids of `b`, by compound.
    pub split_in_b: Vec<SplitCompound>,
}

/// The compounds whose buildings lie in several grids of `layer`.
pub(crate) fn split_compounds(facts: &Facts, layer: LayerRef) -> Vec<SplitCompound> {
    let mut by: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for b in &facts.buildings {
        if let (Some(c), Some(g)) = (b.compound.as_deref(), b.grid_in(layer)) {
            *by.entry(c).or_default().entry(g).or_default() += 1;
        }
    }
    by.into_iter()
        .filter(|(_, grids)| grids.len() > 1)
        .map(|(c, grids)| SplitCompound {
            compound: c.to_owned(),
            grids: grids.into_iter().map(|(g, n)| (g.to_owned(), n)).collect(),
        })
        .collect()
}

/// `part / whole`, or 0 for an empty whole.
fn share(part: f64, whole: f64) -> f64 {
    if whole == 0.0 { 0.0 } else { part / whole }
}

pub(crate) fn crosswalk(facts: &Facts, a: LayerRef, b: LayerRef) -> Crosswalk {
    let mut cells: BTreeMap<(&str, &str), (usize, u64)> = BTreeMap::new();
    let mut a_tot: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    let mut b_tot: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    let mut out = Crosswalk {
        a: a.layer(),
        b: b.layer(),
        ..Crosswalk::default()
    };
    for f in &facts.buildings {
        let (ga, gb) = (f.grid_in(a), f.grid_in(b));
        if ga.is_none() {
            out.missing_in_a.push(f.id.clone());
        }
        if gb.is_none() {
            out.missing_in_b.push(f.id.clone());
        }
        if let (Some(ga), Some(gb)) = (ga, gb) {
            for slot in [
                cells.entry((ga, gb)).or_default(),
                a_tot.entry(ga).or_default(),
                b_tot.entry(gb).or_default(),
            ] {
                slot.0 += 1;
                slot.1 += f.households;
            }
        }
    }
    out.cells = cells
        .into_iter()
        .map(|((ga, gb), (n, h))| {
            let (an, ah) = a_tot[ga];
            let (bn, bh) = b_tot[gb];
            CrosswalkCell {
                a_grid: ga.to_owned(),
                b_grid: gb.to_owned(),
                buildings: n,
                households: h,
                buildings_share_of_a: share(n as f64, an as f64),
                buildings_share_of_b: share(n as f64, bn as f64),
                households_share_of_a: share(h as f64, ah as f64),
                households_share_of_b: share(h as f64, bh as f64),
            }
        })
        .collect();
    out.split_in_a = split_compounds(facts, a);
    out.split_in_b = split_compounds(facts, b);
    out
}

impl Network {
    /// The crosswalk between two grid layers, `a` and `b`, either of which may be the tree's
    /// own grids (`None` or [`LayerRef::Tree`]): the buildings (and households) each pair of
    /// grids shares, with shares; the buildings missing from either layer; and the compounds
    /// that a layer splits between grids.
    ///
    /// ```
    /// use quanyu::{GridLayer, LayerRef};
    /// let net = quanyu::synth::community(2)?;
    /// let w = net.crosswalk(LayerRef::Tree, GridLayer::Policing);
    /// // Every building placed in both lies in exactly one cell.
    /// let placed: usize = w.cells.iter().map(|c| c.buildings).sum();
    /// assert_eq!(placed + w.missing_in_b.len(), net.units_by_level("Building")?.len());
    /// // The policing net cuts buildings in chunks of 30, splitting some compounds.
    /// assert!(!w.split_in_b.is_empty() && w.split_in_a.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn crosswalk(&self, a: impl Into<LayerRef>, b: impl Into<LayerRef>) -> Crosswalk {
        crosswalk(&Facts::of(self), a.into(), b.into())
    }
}
