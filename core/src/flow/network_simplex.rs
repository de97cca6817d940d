//! The primal network simplex engine on a plain arc list.
//!
//! This is the solver behind [`MinCostFlow`](crate::flow::MinCostFlow),
//! [`min_cost_flow`](crate::flow::min_cost_flow) and the DIMACS reader; it is public as
//! [`solve_arcs`] for callers that already hold the problem as flat arrays (the Python
//! bindings do).
//!
//! # Method
//!
//! * **Start**: an artificial root node joined to every node by an artificial arc of unbounded
//!   capacity carrying that node's supply (to the root) or demand (from the root). Arcs that
//!   stand for an unmet demand cost a big `M = (max |cost| + 1)·(nodes + 1)`, more than any
//!   simple path of real arcs, so the optimum uses them only when nothing else can meet the
//!   demand: then the problem is infeasible, and the artificial flow says where. All real arcs
//!   start at their lower bound 0. In the relaxed [`SupplyMode`]s each node whose amount may
//!   stay unmet also gets a free slack arc to or from the root, capacity = that amount.
//! * **Crash**: before pricing, the cheapest arc into each demand node (out of each supply
//!   node for [`SupplyMode::DemandAtMost`]) enters, if it is eligible.
//! * **Entering arc**: block search pricing over the real and slack arcs (an artificial arc
//!   that has left the tree is empty and is not needed again). The arcs are stored in a mixed
//!   order (consecutive input arcs `arcs / nodes` apart, so that a block samples the whole
//!   graph) and scanned cyclically in blocks of `ceil(sqrt(arcs))`, at least 10; after each
//!   block, if some arc violates optimality, the most violating one seen in that block
//!   enters (ties: the first one scanned). The next search starts after that block.
//! * **Leaving arc**: Cunningham's rule on a strongly feasible tree. Of the arcs on the cycle
//!   that block the flow change, the last one met when walking the cycle in the direction of
//!   the change, starting at its apex, leaves. This keeps the tree strongly feasible and rules
//!   out cycling, so the method always terminates.
//! * **Tree**: parent, arc to parent and its direction, preorder thread and its reverse,
//!   subtree size and last node of the subtree. A pivot costs time proportional to the cycle
//!   length plus the number of nodes whose potential changes: the moved subtree, or the rest
//!   of the tree when that is smaller (only potential differences matter). That run of the
//!   thread is walked from both ends at once, as are the two sides of the cycle, so that the
//!   processor has two independent chains of memory loads in flight.
//!
//! Everything is flat arrays indexed by `u32`; a pivot allocates nothing.
//!
//! # Memory
//!
//! Per real arc: tail and head (4 + 4 bytes), cost, capacity and flow (8 + 8 + 8), state (1)
//! and storage position (4): 37 bytes, and 8 more for the flow in the result. Per node: its
//! artificial arc (33), potential (8, up to 16: the array's length is rounded up to a power of
//! two), six `u32` tree arrays (24), the direction of its tree arc (1), a crash-start candidate
//! (4, freed before pricing) and its potential in the result (8): at most 86 bytes. So 45 bytes
//! per arc plus 86 per node: at most 88 bytes per arc when there are at least twice as many
//! arcs as nodes (56 on NETGEN's 8 arcs per node), under the 100-byte budget. The
//! [`MinCostFlow`](crate::flow::MinCostFlow) builder keeps its own 24 bytes per arc of input
//! (32 with lower bounds).
//!
//! # Determinism
//!
//! No hashing, no randomness, no dependence on addresses or timing: the same input gives the
//! same pivots, flows and potentials on every run and platform. All ties are broken by
//! position: the first most violating arc in a block enters, Cunningham's rule picks the
//! leaving arc, the crash start keeps the first cheapest arc into each node in storage order.

use std::hint::select_unpredictable;

use super::error::{FlowError, UnmetNode};
use super::problem::{FlowSolution, SupplyMode, UNBOUNDED};

/// Arc state: in the tree, or at its lower/upper bound. The value is also the sign by which the
/// reduced cost is multiplied to see whether the arc may enter (negative product = may enter).
const STATE_UPPER: i8 = -1;
const STATE_TREE: i8 = 0;
const STATE_LOWER: i8 = 1;

/// Direction of a node's arc to its parent: the node is the arc's tail (`UP`) or head (`DOWN`).
const DIR_UP: i8 = 1;
const DIR_DOWN: i8 = -1;

/// Infinite capacity (and "no limit found yet" for the step length).
const INF: i64 = UNBOUNDED;
/// No node / no arc.
const NONE: u32 = u32::MAX;

/// The storage position of each input arc: consecutive input arcs go `stride = max(arcs /
/// nodes, 3)` apart, wrapping around to the next free offset.
fn mixed_positions(arc_num: usize, node_num: usize) -> Vec<u32> {
    if node_num <= 1 {
        return (0..arc_num as u32).collect();
    }
    let stride = (arc_num / node_num).max(3);
    let mut position = Vec::with_capacity(arc_num);
    let (mut p, mut offset) = (0usize, 0usize);
    for _ in 0..arc_num {
        position.push(p as u32);
        p += stride;
        if p >= arc_num {
            offset += 1;
            p = offset;
        }
    }
    position
}

/// The old tree data of one node on the stem (the path from the entering arc's end to the
/// leaving arc), saved before the tree is rewired.
#[derive(Clone, Copy, Default)]
struct StemNode {
    node: u32,
    succ_num: u32,
    last_succ: u32,
    rev_thread: u32,
    after_last: u32,
    pred: u32,
    pred_dir: i8,
}

/// Solves a min-cost-flow problem given as flat arrays: the engine under the builders.
///
/// * `supply[v]`: positive = supply, negative = demand, for nodes `0..supply.len()`.
/// * arc `a` goes from `tail[a]` to `head[a]` with capacity `capacity[a]` (non-negative;
///   [`UNBOUNDED`] = `i64::MAX` means no limit) and cost `cost[a]` (any sign). Lower bounds are
///   0 here; [`MinCostFlow`](crate::flow::MinCostFlow) handles non-zero ones.
/// * `mode`: how supplies must balance, see [`SupplyMode`].
///
/// Returns the optimal flow of each arc, the node potentials and the total cost.
///
/// # Errors
///
/// [`FlowError::InvalidInput`] for slices of different lengths, node indices out of range or a
/// negative capacity; [`FlowError::Unbalanced`] when the supplies do not balance as `mode`
/// requires; [`FlowError::Infeasible`] with the nodes left short; [`FlowError::Unbounded`] with
/// a negative cycle of unbounded arcs; [`FlowError::Overflow`] when costs are so large that
/// potentials might not fit in `i64` (`(max |cost| + 1)·(nodes + 1)·4` must fit) or a flow
/// would exceed `i64::MAX`.
///
/// ```
/// use quanyu::flow::{solve_arcs, SupplyMode, UNBOUNDED};
///
/// // 0 supplies 4 units; 2 demands them; the direct arc is dear, the detour cheap but narrow.
/// let supply = [4, 0, -4];
/// let (tail, head) = ([0, 0, 1], [2, 1, 2]);
/// let capacity = [UNBOUNDED, 3, 3];
/// let cost = [10, 1, 1];
/// let s = solve_arcs(&supply, &tail, &head, &capacity, &cost, SupplyMode::Exact).unwrap();
/// assert_eq!(s.flow, vec![1, 3, 3]);
/// assert_eq!(s.cost, 16);
/// ```
pub fn solve_arcs(
    supply: &[i64],
    tail: &[u32],
    head: &[u32],
    capacity: &[i64],
    cost: &[i64],
    mode: SupplyMode,
) -> Result<FlowSolution, FlowError> {
    solve_arcs_with_nominal(supply, tail, head, capacity, cost, mode, supply)
}

/// [`solve_arcs`] where the amounts that the relaxed [`SupplyMode`]s may leave unmet come from
/// `nominal` rather than `supply` (they differ once arc lower bounds have been shipped).
pub(crate) fn solve_arcs_with_nominal(
    supply: &[i64],
    tail: &[u32],
    head: &[u32],
    capacity: &[i64],
    cost: &[i64],
    mode: SupplyMode,
    nominal: &[i64],
) -> Result<FlowSolution, FlowError> {
    let mut simplex = NetworkSimplex::new(supply, tail, head, capacity, cost, mode, nominal)?;
    simplex.run(mode)?;
    simplex.into_solution(supply, mode)
}

/// The working state of one solve.
struct NetworkSimplex {
    node_num: usize,
    arc_num: usize,

    // Arcs: the real ones (in mixed order), the slack arcs of the relaxed supply modes, then
    // one artificial arc per node joining it to the root.
    source: Vec<u32>,
    target: Vec<u32>,
    cost: Vec<i64>,
    cap: Vec<i64>,
    flow: Vec<i64>,
    state: Vec<i8>,

    // Nodes: the real ones, then the root.
    pi: Vec<i64>,
    parent: Vec<u32>,
    pred: Vec<u32>,
    pred_dir: Vec<i8>,
    thread: Vec<u32>,
    rev_thread: Vec<u32>,
    succ_num: Vec<u32>,
    last_succ: Vec<u32>,

    /// Where each input arc is stored (see arc mixing in `new`).
    position: Vec<u32>,

    /// The cost of an artificial arc that stands for unmet supply or demand.
    big_m: i64,

    // Pricing: arcs `0..search_arc_num` (real and slack arcs) are priced.
    search_arc_num: usize,
    block_size: usize,
    next_arc: usize,

    // The current pivot.
    in_arc: usize,
    join: u32,
    u_in: u32,
    v_in: u32,
    u_out: u32,
    delta: i64,
    stem: Vec<StemNode>,
}

impl NetworkSimplex {
    fn new(
        supply: &[i64],
        tail: &[u32],
        head: &[u32],
        capacity: &[i64],
        cost: &[i64],
        mode: SupplyMode,
        nominal: &[i64],
    ) -> Result<Self, FlowError> {
        let node_num = supply.len();
        let arc_num = tail.len();
        for (name, len) in [
            ("head", head.len()),
            ("capacity", capacity.len()),
            ("cost", cost.len()),
        ] {
            if len != arc_num {
                return Err(FlowError::invalid(
                    name,
                    format!("has {len} entries but `tail` has {arc_num}"),
                ));
            }
        }
        // u32 indices, with u32::MAX reserved for "none": nodes + root and arcs + artificial
        // arcs must stay below it.
        if node_num >= (u32::MAX - 1) as usize || arc_num + node_num >= u32::MAX as usize {
            return Err(FlowError::invalid(
                "supply",
                format!("{node_num} nodes and {arc_num} arcs exceed the u32 index range"),
            ));
        }
        for (name, ends) in [("tail", tail), ("head", head)] {
            if let Some((a, &v)) = ends
                .iter()
                .enumerate()
                .find(|&(_, &v)| v as usize >= node_num)
            {
                return Err(FlowError::invalid(
                    name,
                    format!("arc {a} refers to node {v}, but there are {node_num} nodes"),
                ));
            }
        }
        if let Some((a, &c)) = capacity.iter().enumerate().find(|&(_, &c)| c < 0) {
            return Err(FlowError::invalid(
                "capacity",
                format!("arc {a} has capacity {c} < 0"),
            ));
        }

        let total: i128 = supply.iter().map(|&s| s as i128).sum();
        match mode {
            SupplyMode::Exact if total != 0 => {
                return Err(FlowError::Unbalanced {
                    total,
                    requirement: "but must sum to 0",
                });
            }
            SupplyMode::SupplyAtMost if total < 0 => {
                return Err(FlowError::Unbalanced {
                    total,
                    requirement: "but total supply must cover total demand",
                });
            }
            SupplyMode::DemandAtMost if total > 0 => {
                return Err(FlowError::Unbalanced {
                    total,
                    requirement: "but total demand must absorb total supply",
                });
            }
            _ => {}
        }
        if i64::try_from(total).is_err() {
            return Err(FlowError::overflow(format!("the supplies sum to {total}")));
        }

        // Potentials stay within M + (nodes - 1)·max|cost| < 2M of the root's, and the root's
        // own potential within M of 0 (see `update_tree`), so |potential| < 3M and every
        // reduced cost, evaluated left to right, stays below 7M + max|cost| < 8M. Check 8M fits
        // once here so that the pricing loop can use plain arithmetic.
        let max_abs_cost = cost.iter().map(|c| c.unsigned_abs()).max().unwrap_or(0);
        let big_m = (max_abs_cost as i128 + 1) * (node_num as i128 + 1);
        let big_m = i64::try_from(big_m)
            .ok()
            .filter(|m| m.checked_mul(8).is_some())
            .ok_or_else(|| {
                FlowError::overflow(format!(
                    "costs up to {max_abs_cost} in absolute value on {node_num} nodes: node \
                     potentials may not fit in i64"
                ))
            })?;

        let all_arc_num = arc_num + node_num;
        let root = node_num as u32;
        if nominal.len() != node_num {
            return Err(FlowError::invalid(
                "supply",
                "nominal supplies of the wrong length",
            ));
        }
        if mode != SupplyMode::Exact && all_arc_num + node_num >= u32::MAX as usize {
            return Err(FlowError::invalid(
                "supply",
                "too many nodes and arcs for u32 indices",
            ));
        }
        let mut source = Vec::with_capacity(all_arc_num);
        let mut target = Vec::with_capacity(all_arc_num);
        let mut arc_cost = Vec::with_capacity(all_arc_num);
        let mut cap = Vec::with_capacity(all_arc_num);
        // Arc mixing: input arc `a` is stored at `position[a]`, so that arcs listed together
        // (typically those of one tail node) land `stride` apart and each pricing block samples
        // the whole graph rather than a few nodes' arcs. It cuts the number of pivots.
        let position = mixed_positions(arc_num, node_num);
        source.resize(arc_num, 0);
        target.resize(arc_num, 0);
        arc_cost.resize(arc_num, 0);
        cap.resize(arc_num, 0);
        for (a, &p) in position.iter().enumerate() {
            let p = p as usize;
            source[p] = tail[a];
            target[p] = head[a];
            arc_cost[p] = cost[a];
            cap[p] = capacity[a];
        }
        let mut flow = vec![0i64; arc_num];
        let mut state = vec![STATE_LOWER; arc_num];

        let n1 = node_num + 1;
        // A power-of-two length lets the pricing loop mask its indices into range, which the
        // compiler then knows needs no bounds check (the entries past the root stay unused).
        let mut pi = vec![0i64; n1.next_power_of_two()];
        let mut parent = vec![root; n1];
        let mut pred = vec![NONE; n1];
        let mut pred_dir = vec![DIR_UP; n1];
        let mut thread = vec![0u32; n1];
        let mut rev_thread = vec![0u32; n1];
        let succ_num = {
            let mut s = vec![1u32; n1];
            s[node_num] = n1 as u32;
            s
        };
        let mut last_succ = vec![0u32; n1];

        // Nodes whose supply (SupplyAtMost) or demand (DemandAtMost) need not be met in full
        // get a free slack arc to or from the root with capacity equal to that amount,
        // starting at its upper bound outside the tree. Slack arcs are stored right after the
        // real arcs, so that pricing scans one contiguous range; the artificial arcs come last
        // and are never priced: once one has left the tree (empty) it is not needed again, as
        // in the usual big-M method.
        let mut out_of_node: Vec<i64> = supply.to_vec();
        for v in 0..node_num {
            let overflow = || FlowError::overflow(format!("node {v} has supply {}", supply[v]));
            let slack_amount = match mode {
                SupplyMode::Exact => 0,
                SupplyMode::SupplyAtMost => nominal[v].max(0),
                SupplyMode::DemandAtMost => nominal[v].min(0).checked_neg().ok_or_else(overflow)?,
            };
            if slack_amount == 0 {
                continue;
            }
            if mode == SupplyMode::SupplyAtMost {
                source.push(v as u32);
                target.push(root);
                out_of_node[v] = out_of_node[v]
                    .checked_sub(slack_amount)
                    .ok_or_else(overflow)?;
            } else {
                source.push(root);
                target.push(v as u32);
                out_of_node[v] = out_of_node[v]
                    .checked_add(slack_amount)
                    .ok_or_else(overflow)?;
            }
            arc_cost.push(0);
            cap.push(slack_amount);
            flow.push(slack_amount);
            state.push(STATE_UPPER);
        }
        let search_arc_num = source.len();
        for v in 0..node_num {
            let s = supply[v];
            let a = source.len();
            // In exact mode a supply that stays at its node is paid for by the demand that is
            // then unmet, so only the arcs from the root cost M. In the other modes only the
            // slack arcs are free.
            let c = if mode == SupplyMode::Exact && s >= 0 {
                0
            } else {
                big_m
            };
            let out = out_of_node[v];
            if out >= 0 {
                // Towards the root: carries the supply, or nothing (an arc with zero flow
                // pointing at the root keeps the tree strongly feasible).
                source.push(v as u32);
                target.push(root);
                flow.push(out);
                pred_dir[v] = DIR_UP;
                pi[v] = -c;
            } else {
                source.push(root);
                target.push(v as u32);
                flow.push(
                    out.checked_neg()
                        .ok_or_else(|| FlowError::overflow(format!("node {v} has supply {s}")))?,
                );
                pred_dir[v] = DIR_DOWN;
                pi[v] = c;
            }
            arc_cost.push(c);
            cap.push(INF);
            state.push(STATE_TREE);
            parent[v] = root;
            pred[v] = a as u32;
            thread[v] = v as u32 + 1;
            rev_thread[v] = if v == 0 { root } else { v as u32 - 1 };
            last_succ[v] = v as u32;
        }
        parent[node_num] = NONE;
        thread[node_num] = if node_num == 0 { root } else { 0 };
        rev_thread[node_num] = if node_num == 0 {
            root
        } else {
            node_num as u32 - 1
        };
        last_succ[node_num] = if node_num == 0 {
            root
        } else {
            node_num as u32 - 1
        };

        let block_size = ((search_arc_num as f64).sqrt().ceil() as usize).max(10);
        Ok(NetworkSimplex {
            node_num,
            arc_num,
            source,
            target,
            cost: arc_cost,
            cap,
            flow,
            state,
            pi,
            parent,
            pred,
            pred_dir,
            thread,
            rev_thread,
            succ_num,
            last_succ,
            position,
            big_m,
            search_arc_num,
            block_size,
            next_arc: 0,
            in_arc: 0,
            join: NONE,
            u_in: NONE,
            v_in: NONE,
            u_out: NONE,
            delta: 0,
            stem: Vec::new(),
        })
    }

    /// Pivots until optimal, or until an unbounded cycle is found.
    fn run(&mut self, mode: SupplyMode) -> Result<(), FlowError> {
        self.initial_pivots(mode)?;
        while self.find_entering_arc() {
            self.pivot()?;
        }
        Ok(())
    }

    /// One pivot on `in_arc`.
    fn pivot(&mut self) -> Result<(), FlowError> {
        let changes_tree = self.find_cycle();
        if self.delta == INF {
            return Err(self.unbounded_cycle());
        }
        self.change_flow()?;
        if changes_tree {
            self.update_tree();
        } else {
            // The entering arc itself blocks: it just moves to its other bound.
            self.state[self.in_arc] = -self.state[self.in_arc];
        }
        Ok(())
    }

    /// A cheap crash start: before pricing, bring in the cheapest arc into each demand node
    /// (or, when demands are the ones that may stay unmet, out of each supply node). Each of
    /// those pivots replaces an artificial arc by a real one that an optimal tree is likely to
    /// hold, which saves many block searches.
    fn initial_pivots(&mut self, mode: SupplyMode) -> Result<(), FlowError> {
        let by_head = mode != SupplyMode::DemandAtMost;
        let mut best: Vec<u32> = vec![NONE; self.node_num];
        for e in 0..self.arc_num {
            let (t, h) = (self.source[e] as usize, self.target[e] as usize);
            let (end, other) = if by_head { (h, t) } else { (t, h) };
            if end == other {
                continue;
            }
            let wanted = if by_head {
                self.pi[end] > 0
            } else {
                self.pi[end] < 0
            };
            // Only nodes still hanging on the root by a costly artificial arc.
            if !wanted || self.parent[end] != self.node_num as u32 {
                continue;
            }
            let b = best[end];
            if b == NONE || self.cost[e] < self.cost[b as usize] {
                best[end] = e as u32;
            }
        }
        for e in best.into_iter().filter(|&e| e != NONE) {
            let e = e as usize;
            let reduced =
                self.cost[e] + self.pi[self.source[e] as usize] - self.pi[self.target[e] as usize];
            if self.state[e] as i64 * reduced >= 0 {
                continue;
            }
            self.in_arc = e;
            self.pivot()?;
        }
        Ok(())
    }

    /// Block search pricing; sets `in_arc` and returns true, or returns false when optimal.
    fn find_entering_arc(&mut self) -> bool {
        let all = self.search_arc_num;
        let mut min = 0i64;
        let mut best = usize::MAX;
        let (source, target, cost, state) = (
            &self.source[..],
            &self.target[..],
            &self.cost[..],
            &self.state[..],
        );
        let mask = self.pi.len() - 1;
        let pi = &self.pi[..=mask];
        // Blocks from where the last search stopped, wrapping around once; a block does not
        // straddle the end of the arc list.
        let mut start = self.next_arc;
        let mut scanned = 0;
        while scanned < all {
            let end = (start + self.block_size).min(all);
            let source = &source[start..end];
            let len = source.len();
            let (target, cost, state) = (
                &target[start..start + len],
                &cost[start..start + len],
                &state[start..start + len],
            );
            for k in 0..len {
                let (s, t) = (source[k] as usize & mask, target[k] as usize & mask);
                let violation = state[k] as i64 * (cost[k] + pi[s] - pi[t]);
                if violation < min {
                    min = violation;
                    best = start + k;
                }
            }
            scanned += end - start;
            start = if end == all { 0 } else { end };
            if min < 0 {
                self.in_arc = best;
                self.next_arc = start;
                return true;
            }
        }
        false
    }

    /// Finds the cycle's apex and, by Cunningham's rule, the leaving arc, in one walk up from
    /// both ends of the entering arc. Sets `join`, `delta`, `u_out`, `u_in`, `v_in`; returns
    /// whether a tree arc leaves (false: the entering arc itself is the blocking one).
    ///
    /// The flow changes around the cycle in the direction `first -> second` along the entering
    /// arc: down from the apex to `first`, up from `second` to the apex. Walked in that order
    /// from the apex, the last blocking arc leaves. Walking up from `first` meets that side
    /// backwards, so there the first minimum met wins (strict comparison); walking up from
    /// `second` meets its side forwards, so there the last minimum met wins, and it also beats
    /// an equal minimum on the first side or at the entering arc.
    fn find_cycle(&mut self) -> bool {
        let e_in = self.in_arc;
        let (first, second) = if self.state[e_in] == STATE_LOWER {
            (self.source[e_in], self.target[e_in])
        } else {
            (self.target[e_in], self.source[e_in])
        };
        let (succ_num, parent, pred, pred_dir, flow, cap) = (
            &self.succ_num[..],
            &self.parent[..],
            &self.pred[..],
            &self.pred_dir[..],
            &self.flow[..],
            &self.cap[..],
        );
        // The room of tree arc `e` against (`against`) or along its direction. Whether an arc is
        // unbounded, points up or beats the minimum so far is close to random, so those choices
        // are conditional moves rather than branches (a mispredicted branch costs more than the
        // rest of a step).
        let room = |e: usize, against: bool| {
            let (f, c) = (flow[e], cap[e]);
            // Wrapping: the difference is computed for unbounded arcs too, and then discarded.
            let forward = select_unpredictable(c == INF, INF, c.wrapping_sub(f));
            select_unpredictable(against, f, forward)
        };
        let (mut u, mut v) = (first, second);
        let (mut d1, mut out1) = (INF, NONE);
        let (mut d2, mut out2) = (INF, NONE);
        // Step up from whichever end has the smaller subtree: it cannot be the apex.
        let (mut su, mut sv) = (succ_num[u as usize], succ_num[v as usize]);
        while u != v {
            if su < sv {
                let ui = u as usize;
                let d = room(pred[ui] as usize, pred_dir[ui] == DIR_UP);
                let better = d < d1;
                d1 = select_unpredictable(better, d, d1);
                out1 = select_unpredictable(better, u, out1);
                u = parent[ui];
                su = succ_num[u as usize];
            } else {
                let vi = v as usize;
                let d = room(pred[vi] as usize, pred_dir[vi] != DIR_UP);
                let better = d <= d2;
                d2 = select_unpredictable(better, d, d2);
                out2 = select_unpredictable(better, v, out2);
                v = parent[vi];
                sv = succ_num[v as usize];
            }
        }
        self.join = u;
        let cap_in = cap[e_in];
        let delta_first = if d1 < cap_in { d1 } else { cap_in };
        if out2 != NONE && d2 <= delta_first {
            self.delta = d2;
            self.u_out = out2;
            self.u_in = second;
            self.v_in = first;
            true
        } else if d1 < cap_in {
            self.delta = d1;
            self.u_out = out1;
            self.u_in = first;
            self.v_in = second;
            true
        } else {
            self.delta = cap_in;
            false
        }
    }

    /// Pushes `delta` around the cycle.
    fn change_flow(&mut self) -> Result<(), FlowError> {
        if self.delta == 0 {
            return Ok(());
        }
        let e_in = self.in_arc;
        // Positive: more flow along the entering arc; negative: less.
        let val = self.state[e_in] as i64 * self.delta;
        self.flow[e_in] += val;
        // On the path from the entering arc's tail to the apex the flow moves downwards, on
        // the path from its head upwards.
        for (start, sign) in [(self.source[e_in], -1i64), (self.target[e_in], 1i64)] {
            let mut u = start;
            while u != self.join {
                let e = self.pred[u as usize] as usize;
                let change = sign * self.pred_dir[u as usize] as i64 * val;
                self.flow[e] = self.flow[e].checked_add(change).ok_or_else(|| {
                    FlowError::overflow("the flow on an unbounded arc exceeds i64::MAX")
                })?;
                u = self.parent[u as usize];
            }
        }
        Ok(())
    }

    /// Replaces the leaving arc by the entering one: the subtree below the leaving arc is cut
    /// off, re-rooted at `u_in` and hung below `v_in`; its potentials shift so that the
    /// entering arc's reduced cost becomes 0.
    fn update_tree(&mut self) {
        let u_in = self.u_in;
        let v_in = self.v_in;
        let u_out = self.u_out;
        let e_in = self.in_arc;
        let e_out = self.pred[u_out as usize] as usize;

        self.state[e_in] = STATE_TREE;
        self.state[e_out] = if self.flow[e_out] == 0 {
            STATE_LOWER
        } else {
            STATE_UPPER
        };

        // The stem: u_in = s_0, s_1 = parent(s_0), ..., s_k = u_out. Save its old data first,
        // since the rewiring below overwrites it in an order that would otherwise matter.
        self.stem.clear();
        let mut w = u_in;
        loop {
            let i = w as usize;
            let last = self.last_succ[i];
            self.stem.push(StemNode {
                node: w,
                succ_num: self.succ_num[i],
                last_succ: last,
                rev_thread: self.rev_thread[i],
                after_last: self.thread[last as usize],
                pred: self.pred[i],
                pred_dir: self.pred_dir[i],
            });
            if w == u_out {
                break;
            }
            w = self.parent[i];
        }
        let k = self.stem.len() - 1;
        let old_parent_out = self.parent[u_out as usize];
        let moved = self.stem[k].succ_num;
        let old_last = self.stem[k].last_succ;
        let before = self.stem[k].rev_thread;
        let after = self.stem[k].after_last;

        // 1. Cut the subtree's preorder segment out of the thread.
        self.thread[before as usize] = after;
        self.rev_thread[after as usize] = before;

        // 2. Re-root it: s_0's own subtree, then for each s_i (i >= 1) its old subtree minus
        //    s_{i-1}'s, which is two runs of the old thread: s_i .. rev_thread(s_{i-1}), and
        //    thread(last_succ(s_{i-1})) .. last_succ(s_i) (empty if both end together).
        let mut end = self.stem[0].last_succ;
        for i in 1..=k {
            let below = self.stem[i - 1];
            let here = self.stem[i];
            self.thread[end as usize] = here.node;
            self.rev_thread[here.node as usize] = end;
            end = below.rev_thread;
            if below.last_succ != here.last_succ {
                self.thread[end as usize] = below.after_last;
                self.rev_thread[below.after_last as usize] = end;
                end = here.last_succ;
            }
        }
        let new_last = end;

        // 3. Hang the segment right after v_in (u_in becomes v_in's first child).
        let v_next = self.thread[v_in as usize];
        self.thread[v_in as usize] = u_in;
        self.rev_thread[u_in as usize] = v_in;
        self.thread[new_last as usize] = v_next;
        self.rev_thread[v_next as usize] = new_last;

        // 4. Parents and tree arcs along the stem are reversed.
        for i in 1..=k {
            let s = self.stem[i].node as usize;
            let below = self.stem[i - 1];
            self.parent[s] = below.node;
            self.pred[s] = below.pred;
            self.pred_dir[s] = -below.pred_dir;
            self.succ_num[s] = moved - below.succ_num;
            self.last_succ[s] = new_last;
        }
        let ui = u_in as usize;
        self.parent[ui] = v_in;
        self.pred[ui] = e_in as u32;
        self.pred_dir[ui] = if self.source[e_in] == u_in {
            DIR_UP
        } else {
            DIR_DOWN
        };
        self.succ_num[ui] = moved;
        self.last_succ[ui] = new_last;

        // 5. Subtree sizes and last successors of the old and new ancestors. Above the apex the
        //    sizes do not change; the last successors may, so those walks go on while the old
        //    value matches.
        let join = self.join;
        let (succ_num, last_succ, parent) = (
            &mut self.succ_num[..],
            &mut self.last_succ[..],
            &self.parent[..],
        );
        // Below the apex the two paths are disjoint: walk them together (two independent
        // chains of loads), then finish the last-successor walks above the apex in order.
        let (mut x, mut y) = (old_parent_out, v_in);
        let (mut fix_x, mut fix_y) = (true, true);
        while x != join || y != join {
            if x != join {
                let xi = x as usize;
                succ_num[xi] -= moved;
                if fix_x {
                    if last_succ[xi] == old_last {
                        last_succ[xi] = before;
                    } else {
                        fix_x = false;
                    }
                }
                x = parent[xi];
            }
            if y != join {
                let yi = y as usize;
                succ_num[yi] += moved;
                if fix_y {
                    if last_succ[yi] == v_in {
                        last_succ[yi] = new_last;
                    } else {
                        fix_y = false;
                    }
                }
                y = parent[yi];
            }
        }
        while fix_x && x != NONE && last_succ[x as usize] == old_last {
            last_succ[x as usize] = before;
            x = parent[x as usize];
        }
        while fix_y && y != NONE && last_succ[y as usize] == v_in {
            last_succ[y as usize] = new_last;
            y = parent[y as usize];
        }

        // 6. Shift the potentials of the moved subtree so that the entering arc is tight.
        let (s, t) = (self.source[e_in] as usize, self.target[e_in] as usize);
        let reduced = self.cost[e_in] + self.pi[s] - self.pi[t];
        let sigma = if u_in as usize == s {
            -reduced
        } else {
            reduced
        };
        // Only differences of potentials matter, so when the moved subtree holds more than half
        // of the nodes, shift all the others (the root included) the opposite way: that halves
        // the worst case, and the few huge subtrees dominate the total otherwise. The root may
        // drift at most M from 0, which keeps every potential within 3M.
        let complement = (self.node_num as u32 + 1 - moved) as usize;
        let root_after = self.pi[self.node_num] - sigma;
        // The nodes to shift form one run of the (cyclic) thread with both ends known: walk it
        // from both ends at once, which gives the processor two independent chains of loads.
        let (first, last, count, shift) =
            if complement < moved as usize && root_after.abs() <= self.big_m {
                let first = self.thread[new_last as usize];
                let last = self.rev_thread[u_in as usize];
                (first, last, complement, -sigma)
            } else {
                (u_in, new_last, moved as usize, sigma)
            };
        let (pi, thread, rev_thread) = (&mut self.pi[..], &self.thread[..], &self.rev_thread[..]);
        let (mut a, mut b) = (first, last);
        for _ in 0..count / 2 {
            pi[a as usize] += shift;
            pi[b as usize] += shift;
            a = thread[a as usize];
            b = rev_thread[b as usize];
        }
        if count % 2 == 1 {
            pi[a as usize] += shift;
        }
    }

    /// The error for an entering arc whose cycle has no finite limit.
    fn unbounded_cycle(&self) -> FlowError {
        let e_in = self.in_arc;
        // An unbounded arc cannot be at its upper bound, so the entering arc is at its lower
        // bound and the cycle runs source -> target along it.
        let (first, second) = (self.source[e_in], self.target[e_in]);
        let mut arcs = vec![e_in];
        // From the entering arc's head up to the apex...
        let mut u = second;
        while u != self.join {
            arcs.push(self.pred[u as usize] as usize);
            u = self.parent[u as usize];
        }
        // ...then down from the apex to its tail (collected upwards, so reversed).
        let mut down = Vec::new();
        let mut u = first;
        while u != self.join {
            down.push(self.pred[u as usize] as usize);
            u = self.parent[u as usize];
        }
        arcs.extend(down.into_iter().rev());
        let mut nodes = Vec::with_capacity(arcs.len());
        let mut at = first;
        for &a in &arcs {
            nodes.push(at as usize);
            at = if self.source[a] == at {
                self.target[a]
            } else {
                self.source[a]
            };
        }
        // Back from storage positions to input arc numbers.
        let mut input = vec![0usize; self.arc_num];
        for (a, &p) in self.position.iter().enumerate() {
            input[p as usize] = a;
        }
        let arcs = arcs.into_iter().map(|p| input[p]).collect();
        FlowError::Unbounded { arcs, nodes }
    }

    /// Checks the artificial arcs and packs the result.
    fn into_solution(self, supply: &[i64], mode: SupplyMode) -> Result<FlowSolution, FlowError> {
        let mut unmet = Vec::new();
        let mut violated = false;
        let art_base = self.source.len() - self.node_num;
        for (v, &s) in supply.iter().enumerate() {
            let a = art_base + v;
            let f = self.flow[a];
            if f > 0 {
                let costly = self.cost[a] != 0;
                violated |= costly;
                if costly || mode == SupplyMode::Exact {
                    unmet.push(UnmetNode {
                        node: v,
                        supply: s,
                        shortfall: f,
                    });
                }
            }
        }
        if violated {
            return Err(FlowError::Infeasible { unmet });
        }
        let flow: Vec<i64> = self
            .position
            .iter()
            .map(|&p| self.flow[p as usize])
            .collect();
        let cost = self.flow[..self.arc_num]
            .iter()
            .zip(&self.cost)
            .map(|(&f, &c)| f as i128 * c as i128)
            .sum();
        // Report potentials relative to the root's.
        let root_pi = self.pi[self.node_num];
        let mut potential = self.pi;
        potential.truncate(self.node_num);
        for p in &mut potential {
            *p -= root_pi;
        }
        Ok(FlowSolution {
            cost,
            flow,
            potential,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl NetworkSimplex {
        /// Recomputes every tree invariant from scratch and compares.
        fn check_tree(&self) {
            let n1 = self.node_num + 1;
            let root = self.node_num as u32;
            // The thread is one cycle through all nodes, starting at the root, and rev_thread
            // is its inverse.
            let mut order = Vec::with_capacity(n1);
            let mut w = root;
            loop {
                order.push(w);
                assert_eq!(self.rev_thread[self.thread[w as usize] as usize], w);
                w = self.thread[w as usize];
                if w == root {
                    break;
                }
                assert!(order.len() <= n1, "thread does not return to the root");
            }
            assert_eq!(order.len(), n1);
            let mut place = vec![0usize; n1];
            for (k, &v) in order.iter().enumerate() {
                place[v as usize] = k;
            }
            // Subtree sizes from parent pointers; each subtree is the run of the thread from
            // the node to its last successor, and every parent comes before its children.
            let mut size = vec![1u32; n1];
            for &v in order.iter().rev() {
                if v != root {
                    let p = self.parent[v as usize];
                    assert!(place[p as usize] < place[v as usize]);
                    size[p as usize] += size[v as usize];
                }
            }
            for v in 0..n1 {
                assert_eq!(self.succ_num[v], size[v], "succ_num of {v}");
                let last = self.last_succ[v] as usize;
                assert_eq!(
                    place[last] + 1 - place[v],
                    size[v] as usize,
                    "last_succ of {v}"
                );
            }
            // Tree arcs join node and parent in the recorded direction, are tight, and every
            // flow is within its bounds.
            for v in 0..self.node_num {
                let e = self.pred[v] as usize;
                assert_eq!(self.state[e], STATE_TREE);
                let (t, h) = (self.source[e], self.target[e]);
                let p = self.parent[v];
                if self.pred_dir[v] == DIR_UP {
                    assert_eq!((t, h), (v as u32, p));
                } else {
                    assert_eq!((t, h), (p, v as u32));
                }
                assert_eq!(self.cost[e] + self.pi[t as usize] - self.pi[h as usize], 0);
            }
            for e in 0..self.source.len() {
                assert!(self.flow[e] >= 0 && self.flow[e] <= self.cap[e]);
            }
        }
    }

    #[test]
    fn tree_invariants_hold_after_every_pivot() {
        for seed in 0..20 {
            let p = super::super::generate::NetgenParams::new(40 + seed as usize, 300, seed)
                .generate()
                .unwrap();
            let mut s = NetworkSimplex::new(
                &p.supply,
                &p.tail,
                &p.head,
                &p.capacity,
                &p.cost,
                SupplyMode::Exact,
                &p.supply,
            )
            .unwrap();
            s.check_tree();
            s.initial_pivots(SupplyMode::Exact).unwrap();
            s.check_tree();
            let mut pivots = 0;
            while s.find_entering_arc() {
                s.pivot().unwrap();
                s.check_tree();
                pivots += 1;
            }
            assert!(pivots > 0);
        }
    }

    #[test]
    fn mixed_positions_are_a_permutation() {
        for (arcs, nodes) in [(0, 0), (1, 5), (10, 3), (100, 7), (1000, 125), (17, 17)] {
            let mut p = mixed_positions(arcs, nodes);
            p.sort_unstable();
            assert_eq!(p, (0..arcs as u32).collect::<Vec<_>>());
        }
    }
}
