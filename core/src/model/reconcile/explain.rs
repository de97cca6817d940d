//! From a solved assignment to the plan: the moves with their reasons, the sizes, and the
//! edit that carries the plan out.

use std::collections::BTreeSet;

use crate::GridLayer;
use crate::model::{Change, Changeset, GridLayerRecord};

use super::LayerRef;
use super::unify::{Move, MoveReason, UnifiedLayer, UnifyOptions, View, sizes, unit_word};

/// The plan for `grid_of` (a grid index per group).
pub(crate) fn result(
    view: &View<'_>,
    o: &UnifyOptions,
    grid_of: &[usize],
    exact: bool,
    rounded: &[bool],
) -> UnifiedLayer {
    let nb = view.facts.buildings.len();
    let index: std::collections::HashMap<&str, usize> = view
        .grids
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let before: Vec<Option<usize>> = view
        .facts
        .buildings
        .iter()
        .map(|b| {
            b.grid_in(view.reference)
                .and_then(|g| index.get(g).copied())
        })
        .collect();
    let mut after: Vec<Option<usize>> = vec![None; nb];
    for ((_, members, _), &x) in view.groups.iter().zip(grid_of) {
        for &m in *members {
            after[m] = Some(x);
        }
    }
    let size_before = sizes(view, o.size_by, &before);
    let size_after = sizes(view, o.size_by, &after);
    let what = unit_word(o.size_by);
    let mut moves: Vec<(usize, Move)> = Vec::new();
    for (g, ((unit, members, _), &x)) in view.groups.iter().zip(grid_of).enumerate() {
        let moved: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&m| before[m] != Some(x))
            .collect();
        let Some(&first) = moved.first() else {
            continue;
        };
        let from: BTreeSet<usize> = moved.iter().filter_map(|&m| before[m]).collect();
        let held: BTreeSet<usize> = members.iter().filter_map(|&m| before[m]).collect();
        let to = &view.grids[x];
        let over = from
            .iter()
            .find(|&&f| o.max.is_some_and(|max| size_before[f] > max));
        let (reason, why) = if moved.iter().any(|&m| before[m].is_none()) {
            (
                MoveReason::Unplaced,
                format!(
                    "{} of its buildings had no reference grid",
                    moved.iter().filter(|&&m| before[m].is_none()).count()
                ),
            )
        } else if held.len() > 1 && held.contains(&x) {
            (
                MoveReason::JoinCompound,
                format!(
                    "the compound lay in {} grids; its buildings join `{to}`, which held the most that could stay",
                    held.len()
                ),
            )
        } else if let Some(&f) = over {
            (
                MoveReason::TooLarge,
                format!(
                    "`{}` held {} {what}, more than the maximum {}",
                    view.grids[f],
                    size_before[f],
                    o.max.unwrap_or_default()
                ),
            )
        } else if size_before[x] < o.min {
            (
                MoveReason::TooSmall,
                format!(
                    "`{to}` held {} {what}, less than the minimum {}",
                    size_before[x], o.min
                ),
            )
        } else {
            (
                MoveReason::Rebalance,
                "it makes room along a chain of moves that keeps every grid in range".to_string(),
            )
        };
        let how = if rounded[g] {
            "placed whole by rounding a split flow (a heuristic)"
        } else if exact {
            "part of an exact optimum"
        } else {
            "kept whole by the flow, within a rounded plan (a heuristic)"
        };
        moves.push((
            first,
            Move {
                unit: unit.to_string(),
                buildings: moved
                    .iter()
                    .map(|&m| view.facts.buildings[m].id.clone())
                    .collect(),
                from_grids: from.iter().map(|&f| view.grids[f].clone()).collect(),
                to: to.clone(),
                reason,
                detail: format!("{why}; {how}"),
            },
        ));
    }
    moves.sort_by_key(|(first, _)| *first);
    let mut grid_sizes: Vec<(String, u64)> = view.grids.iter().cloned().zip(size_after).collect();
    grid_sizes.sort();
    UnifiedLayer {
        reference: view.reference.layer(),
        size_by: o.size_by,
        min: o.min,
        max: o.max,
        exact,
        moved_buildings: moves.iter().map(|(_, m)| m.buildings.len()).sum(),
        assignment: view
            .facts
            .buildings
            .iter()
            .zip(&after)
            .filter_map(|(b, x)| x.map(|x| (b.id.clone(), view.grids[x].clone())))
            .collect(),
        moves: moves.into_iter().map(|(_, m)| m).collect(),
        sizes: grid_sizes,
    }
}

impl UnifiedLayer {
    /// The ordinary edit that carries the plan out, for [`Network::apply`](crate::Network::apply)
    /// (all or nothing). With the tree as reference each moved compound (or lone building) is
    /// moved under its new grid; with a layer as reference each moved building is set in its
    /// new grid of that layer. Every layer in `write` is then set to the unified grid of every
    /// building, the grid's id (or the reference's code) as its code — one net.
    ///
    /// ```
    /// use quanyu::{GridLayer, UnifyOptions};
    /// let mut net = quanyu::synth::community(2)?;
    /// let plan = net.unify_layers(&UnifyOptions::default())?;
    /// net.apply(plan.changeset(&[GridLayer::Policing]))?;
    /// // The policing layer now is the tree's grids.
    /// assert!(net.compare_layer(GridLayer::Policing).agrees());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn changeset(&self, write: &[GridLayer]) -> Changeset {
        let mut out = Changeset::new();
        for m in &self.moves {
            match LayerRef::from(self.reference) {
                LayerRef::Tree => out.push(Change::MoveUnit {
                    id: m.unit.clone(),
                    parent: Some(m.to.clone()),
                }),
                LayerRef::Layer(l) => {
                    for b in &m.buildings {
                        out.push(Change::SetGridLayer(GridLayerRecord::new(
                            b.clone(),
                            l,
                            m.to.clone(),
                        )));
                    }
                }
            }
        }
        let write: BTreeSet<GridLayer> = write
            .iter()
            .copied()
            .filter(|&l| Some(l) != self.reference)
            .collect();
        for (b, g) in &self.assignment {
            for &l in &write {
                out.push(Change::SetGridLayer(GridLayerRecord::new(
                    b.clone(),
                    l,
                    g.clone(),
                )));
            }
        }
        out
    }
}
