//! The facts every reconciliation reads, gathered once: each building with its tree grid,
//! area, subdistrict, compound, household count and layer grids; and the tree's grids.

use std::collections::BTreeMap;

use crate::model::levels::{AREA, BUILDING, COMPOUND, GRID, HOUSEHOLD, SUBDISTRICT};
use crate::model::{GridLayer, Network};

use super::LayerRef;

/// One building as the reconciliation sees it.
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildingFacts {
    pub id: String,
    /// Its grid in the tree (the nearest grid above it).
    pub grid: Option<String>,
    pub area: Option<String>,
    pub subdistrict: Option<String>,
    pub compound: Option<String>,
    /// Households under it.
    pub households: u64,
    pub layers: BTreeMap<GridLayer, String>,
}

impl BuildingFacts {
    /// Its grid in `layer`.
    pub fn grid_in(&self, layer: LayerRef) -> Option<&str> {
        match layer {
            LayerRef::Tree => self.grid.as_deref(),
            LayerRef::Layer(l) => self.layers.get(&l).map(String::as_str),
        }
    }
}

/// One grid of the tree, with where it sits.
#[derive(Debug, Clone)]
pub(crate) struct TreeGrid {
    pub id: String,
    pub area: Option<String>,
    pub subdistrict: Option<String>,
}

/// Every building (in the tree's pre-order) and every tree grid.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    pub buildings: Vec<BuildingFacts>,
    pub grids: Vec<TreeGrid>,
}

/// The nearest ancestors of `id` at each of `levels` (by level name), from one walk up.
fn above<const N: usize>(net: &Network, id: &str, levels: [&str; N]) -> [Option<String>; N] {
    let want = levels.map(|l| net.scheme().level(l));
    let mut out = [const { None }; N];
    for u in net.ancestors(id).unwrap_or_default() {
        for (slot, w) in out.iter_mut().zip(&want) {
            if slot.is_none() && *w == Some(u.level) {
                *slot = Some(u.id.to_string());
            }
        }
    }
    out
}

impl Facts {
    /// Reads the facts of `net`. A scheme without a building level has no buildings; one
    /// without grids has no tree grids.
    pub fn of(net: &Network) -> Facts {
        let mut facts = Facts::default();
        let household = net.scheme().level(HOUSEHOLD);
        if let Ok(buildings) = net.units_by_level(BUILDING) {
            for b in buildings {
                let id = b.id.as_str();
                let households = match household {
                    Some(h) => net
                        .descendants(id)
                        .map(|d| d.filter(|u| u.level == h).count() as u64)
                        .unwrap_or(0),
                    None => 0,
                };
                let layers = GridLayer::ALL
                    .iter()
                    .filter_map(|&l| {
                        net.layer_grid(id, l)
                            .ok()
                            .flatten()
                            .map(|g| (l, g.to_owned()))
                    })
                    .collect();
                let [grid, area, subdistrict, compound] =
                    above(net, id, [GRID, AREA, SUBDISTRICT, COMPOUND]);
                facts.buildings.push(BuildingFacts {
                    id: id.to_owned(),
                    grid,
                    area,
                    subdistrict,
                    compound,
                    households,
                    layers,
                });
            }
        }
        if let Ok(grids) = net.units_by_level(GRID) {
            for g in grids {
                let [area, subdistrict] = above(net, &g.id, [AREA, SUBDISTRICT]);
                facts.grids.push(TreeGrid {
                    id: g.id.to_string(),
                    area,
                    subdistrict,
                });
            }
        }
        facts
    }
}
