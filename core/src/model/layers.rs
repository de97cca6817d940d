//! Comparing a grid layer with the unit tree (一张网): where the policing, comprehensive-
//! governance or city-operations grids cut across the governance grids is what merging the
//! layers into one net must resolve.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::schema::Record;

use crate::model::levels::{BUILDING, GRID};
use crate::model::{GridLayer, Network};

/// How one grid layer lines up with the tree's grids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct LayerComparison {
    /// Tree grids whose buildings fall in several grids of the layer: (grid, [(layer grid,
    /// buildings)]).
    pub split_grids: Vec<(String, Vec<(String, usize)>)>,
    /// Layer grids whose buildings fall in several tree grids: (layer grid, [(grid, buildings)]).
    pub spanning_layer_grids: Vec<(String, Vec<(String, usize)>)>,
    /// Buildings with no grid in the layer.
    pub unassigned: Vec<String>,
}

impl LayerComparison {
    /// Whether the layer agrees with the tree everywhere.
    pub fn agrees(&self) -> bool {
        self.split_grids.is_empty()
            && self.spanning_layer_grids.is_empty()
            && self.unassigned.is_empty()
    }
}

impl Network {
    /// Compares `layer` with the tree's grids, building by building.
    ///
    /// ```
    /// use quanyu::GridLayer;
    /// # let net = quanyu::synth::community(2)?;
    /// // The synthetic Party-building layer follows the tree; the policing layer does not.
    /// assert!(net.compare_layer(GridLayer::PartyBuilding).agrees());
    /// assert!(!net.compare_layer(GridLayer::Policing).spanning_layer_grids.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn compare_layer(&self, layer: GridLayer) -> LayerComparison {
        let mut out = LayerComparison::default();
        let (Some(grid), Some(building)) = (self.scheme.level(GRID), self.scheme.level(BUILDING))
        else {
            return out;
        };
        let mut by_code: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for &g in self
            .unit_tree
            .groups
            .get(grid.index())
            .into_iter()
            .flatten()
        {
            let grid_id = self.unit_at(self.unit_tree.order[g as usize]).id.as_str();
            let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
            for &b in self.unit_tree.group_in(building.index(), g) {
                let ix = self.unit_tree.order[b as usize];
                match self.layers.get(&ix).and_then(|m| m.get(&layer)) {
                    Some(code) => {
                        *codes.entry(code).or_default() += 1;
                        *by_code.entry(code).or_default().entry(grid_id).or_default() += 1;
                    }
                    None => out.unassigned.push(self.unit_at(ix).id.to_string()),
                }
            }
            if codes.len() > 1 {
                let codes = codes.into_iter().map(|(c, n)| (c.to_owned(), n)).collect();
                out.split_grids.push((grid_id.to_owned(), codes));
            }
        }
        out.spanning_layer_grids = by_code
            .into_iter()
            .filter(|(_, grids)| grids.len() > 1)
            .map(|(code, grids)| {
                (
                    code.to_owned(),
                    grids.into_iter().map(|(g, n)| (g.to_owned(), n)).collect(),
                )
            })
            .collect();
        out
    }
}
