//! The exact matcher for one-slot occurrences: one min-cost flow.
//!
//! ```text
//! source ─▶ (priority, community) ─▶ occurrence ─▶ (venue, slot) ─▶ sink
//!    └──────────────── bypass (cost 0) ──────────────────────────────┘
//! ```
//!
//! The k-th unit through a (priority, community) node costs `−W(priority) + F·k`; an
//! occurrence-to-slot arc costs the travel. With `W` spaced wider than every fair-share and
//! travel total and `F` wider than every travel total, a min-cost flow is lexicographically
//! optimal. Why the priority part is right: the sets of occurrences that can be placed
//! together form a transversal matroid, so every set of maximum `Σ W(priority)` places the
//! greatest possible number of the top priority, then of the next, and so on (Gale's
//! theorem), whatever the (increasing) weights. The convex `F·k` terms then minimise
//! Σ x(x+1)/2 — equivalently Σ x², the totals per priority being fixed — over the
//! (priority, community) counts, and the travel terms break the remaining ties.

use crate::flow::MinCostFlow;

use super::instance::{EMPTY, Instance};
use crate::Result;

/// The flow problem of an instance, and the arc of each candidate.
pub(crate) struct FlowModel {
    pub(crate) problem: MinCostFlow,
    /// By candidate: its arc in `problem`.
    pub(crate) cand_arc: Vec<usize>,
}

/// Builds the flow model; `None` if some occurrence is longer than one slot or the weights
/// would overflow `i64`.
pub(crate) fn model(inst: &Instance, fair: bool) -> Option<FlowModel> {
    if inst.occs.iter().any(|o| o.len != 1) {
        return None;
    }
    let n = inst.occs.len() as i128;
    let mut prios: Vec<u8> = inst.occs.iter().map(|o| o.priority).collect();
    prios.sort_unstable();
    prios.dedup();
    let rank = |p: u8| prios.partition_point(|&x| x < p) as i128;
    // Groups: (priority, community) → members.
    let mut groups: std::collections::BTreeMap<(u8, u32), Vec<usize>> = Default::default();
    for (o, occ) in inst.occs.iter().enumerate() {
        groups
            .entry((occ.priority, occ.community))
            .or_default()
            .push(o);
    }
    let max_travel = i128::from(inst.cands.iter().map(|c| c.travel).max().unwrap_or(0));
    let travel_total = max_travel * n;
    let f = if fair { travel_total + 1 } else { 0 };
    let fair_total: i128 = groups
        .values()
        .map(|m| {
            let k = m.len() as i128;
            f * k * (k + 1) / 2
        })
        .sum();
    let big = fair_total + travel_total + 1;
    let top = big * (prios.len() as i128);
    // Keep every cost, and every path's cost, far inside i64.
    if top.checked_mul(n.max(1) * 4)? > i128::from(i64::MAX) {
        return None;
    }
    let (pos, cells) = inst.cells();
    let (source, sink) = (0usize, 1usize);
    let group0 = 2;
    let occ0 = group0 + groups.len();
    let cell0 = occ0 + inst.occs.len();
    let mut problem = MinCostFlow::with_arc_capacity(
        cell0 + cells,
        inst.cands.len() + 3 * inst.occs.len() + cells + 1,
    );
    problem.set_supply(source, n as i64).ok()?;
    problem.set_supply(sink, -(n as i64)).ok()?;
    // Every node is in range by construction, and every cost within i64 (checked above).
    let mut arc = |tail, head, capacity: i64, cost: i128| {
        problem.add_arc(tail, head, capacity, cost as i64).ok()
    };
    arc(source, sink, n as i64, 0)?;
    for (g, ((p, _), members)) in groups.iter().enumerate() {
        let w = (rank(*p) + 1) * big;
        let node = group0 + g;
        if fair {
            for k in 1..=members.len() as i128 {
                arc(source, node, 1, f * k - w)?;
            }
        } else {
            arc(source, node, members.len() as i64, -w)?;
        }
        for &o in members {
            arc(node, occ0 + o, 1, 0)?;
        }
    }
    let mut cand_arc = vec![0; inst.cands.len()];
    for o in 0..inst.occs.len() {
        for c in inst.cands_of(o) {
            let travel = i128::from(inst.cands[c].travel);
            cand_arc[c] = arc(occ0 + o, cell0 + pos[c] as usize, 1, travel)?;
        }
    }
    for cell in 0..cells {
        arc(cell0 + cell, sink, 1, 0)?;
    }
    Some(FlowModel { problem, cand_arc })
}

/// Solves an instance of one-slot occurrences exactly: the chosen candidate of each
/// occurrence ([`EMPTY`] if unplaced); `None` when the model does not apply (see [`model`]).
pub(crate) fn solve(inst: &Instance, fair: bool) -> Result<Option<Vec<u32>>> {
    let Some(m) = model(inst, fair) else {
        return Ok(None);
    };
    let solution = m.problem.solve()?;
    let choice = (0..inst.occs.len())
        .map(|o| {
            inst.cands_of(o)
                .find(|&c| solution.flow.get(m.cand_arc[c]).copied().unwrap_or(0) > 0)
                .map_or(EMPTY, |c| c as u32)
        })
        .collect();
    Ok(Some(choice))
}
