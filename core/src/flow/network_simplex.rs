//! The primal network simplex engine behind [`MinCostFlow::solve`], the only solver of
//! min-cost flows in quanyu: the DIMACS reader, the petgraph front end and the bindings all
//! build a [`MinCostFlow`] and call it.
//!
//! # Method
//!
//! * **Start**: an artificial root node joined to every node by an artificial arc carrying
//!   that node's supply (to the root) or demand (from the root). Arc lower bounds are shipped
//!   first (the tail gives them, the head receives them), so every arc starts at flow 0. In
//!   the relaxed [`SupplyMode`]s each node whose amount may stay unmet also gets a free slack
//!   arc to or from the root, capacity = that amount.
//! * **Pivots**: an entering arc is chosen by the [`PivotRule`]; the leaving arc by
//!   Cunningham's rule on a strongly feasible tree: of the arcs on the cycle that block the
//!   flow change, the last one met when walking the cycle in the direction of the change,
//!   starting at its apex, leaves. This keeps the tree strongly feasible and rules out
//!   cycling, so the method always terminates.
//! * [`PivotRule::BlockSearch`] (the default): artificial arcs that stand for an unmet demand
//!   cost a big `M = (max |cost| + 1)·(nodes + 1)`, more than any simple path of real arcs, so
//!   the optimum uses them only when nothing else can meet the demand (then the problem is
//!   infeasible, and the artificial flow says where); the others cost 0, and all have
//!   unbounded capacity. A crash start first brings in the cheapest arc into each demand node
//!   (out of each supply node for [`SupplyMode::DemandAtMost`]), if it is eligible. Pricing
//!   scans the real and slack arcs (an artificial arc that has left the tree is empty and is
//!   not needed again), stored in a mixed order (consecutive input arcs `arcs / nodes` apart,
//!   so that a block samples the whole graph), cyclically in blocks of `ceil(sqrt(arcs))`, at
//!   least 10; after each block, if some arc violates optimality, the most violating one seen
//!   in that block enters (ties: the first one scanned), and the next search starts after that
//!   block.
//! * [`PivotRule::Networkx`]: the rule of networkx's `network_simplex`, as its documentation
//!   and source describe it, so that ties are broken the same way: input order, artificial
//!   arcs of cost and capacity `3 · max(Σ finite capacities, Σ |cost|, Σ |supply|)`, no crash
//!   start, blocks of `ceil(sqrt(arcs))` that wrap around the end of the arc list, the first
//!   arc of least reduced cost in a block entering, and the optimum declared after
//!   `ceil(arcs / block)` blocks in a row without a candidate. Its leaving rule is the one
//!   above.
//! * **Tree**: parent, arc to parent and its direction, preorder thread and its reverse,
//!   subtree size and last node of the subtree. A pivot costs time proportional to the cycle
//!   length plus the number of nodes whose potential changes: the moved subtree, or the rest
//!   of the tree when that is smaller (only potential differences matter). That run of the
//!   thread is walked from both ends at once, as are the two sides of the cycle, so that the
//!   processor has two independent chains of memory loads in flight.
//!
//! Everything is flat arrays indexed by `u32`; a pivot allocates nothing.
//!
//! # Arithmetic
//!
//! Before solving, bounds are computed in 128 bits: every flow of a basic solution is at most
//! the sum of the absolute supplies plus the finite capacities (real, slack and artificial),
//! and every potential and reduced cost stays below `8 · (A + (nodes + 1)·(max |cost| + 1))`,
//! where `A` is the cost of an artificial arc. When both bounds fit in `i64`, the pivots run
//! in 64-bit arithmetic; otherwise the same code runs in 128 bits. So no supply, capacity or
//! cost overflows, and the verdict (optimal, infeasible, unbounded) is always exact. Only a
//! result that does not fit its type is refused with [`FlowError::Overflow`].
//!
//! # Memory
//!
//! On the 64-bit path, per real arc: tail and head (4 + 4 bytes), cost, capacity and flow
//! (8 + 8 + 8), state (1) and storage position (4): 37 bytes, and 8 more for the flow in the
//! result. Per node: its artificial arc (33), its effective supply (16), potential (8, up to
//! 16: the array's length is rounded up to a power of two), six `u32` tree arrays (24), the
//! direction of its tree arc (1), a crash-start candidate (4, freed before pricing) and its
//! potential in the result (16): at most 110 bytes. The builder keeps its own 28 bytes per
//! arc (36 with lower bounds). A problem declared with many more nodes than it uses (more than
//! twice its arc ends and supplies, plus 1024) is solved on the nodes that carry something,
//! so memory follows what the problem holds rather than what it declares.
//!
//! # Determinism
//!
//! No hashing, no randomness, no dependence on addresses or timing: the same input gives the
//! same pivots, flows and potentials on every run and platform. All ties are broken by
//! position.

use std::borrow::Cow;
use std::fmt::Debug;
use std::hint::select_unpredictable;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use super::error::{FlowError, UnmetNode};
use super::problem::{FlowSolution, MAX_NODES, MinCostFlow, PivotRule, SupplyMode, UNBOUNDED_CAP};

/// Arc state: in the tree, or at its lower/upper bound. The value is also the sign by which the
/// reduced cost is multiplied to see whether the arc may enter (negative product = may enter).
const STATE_UPPER: i8 = -1;
const STATE_TREE: i8 = 0;
const STATE_LOWER: i8 = 1;

/// Direction of a node's arc to its parent: the node is the arc's tail (`UP`) or head (`DOWN`).
const DIR_UP: i8 = 1;
const DIR_DOWN: i8 = -1;

/// No node / no arc.
const NONE: u32 = u32::MAX;

/// The integer type of flows, capacities, costs and potentials inside one solve: `i64` when
/// the bounds allow it, `i128` otherwise. `INF` (the type's maximum) stands for an unbounded
/// capacity and for "no limit found yet"; every finite amount is below it.
trait Amount:
    Copy
    + Ord
    + Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
{
    const ZERO: Self;
    const INF: Self;
    /// The value `x`, which the bounds checked beforehand guarantee to fit.
    fn of(x: i128) -> Self;
    fn of_i8(x: i8) -> Self;
    fn wide(self) -> i128;
}

impl Amount for i64 {
    const ZERO: Self = 0;
    const INF: Self = i64::MAX;
    fn of(x: i128) -> Self {
        x as i64
    }
    fn of_i8(x: i8) -> Self {
        x.into()
    }
    fn wide(self) -> i128 {
        self.into()
    }
}

impl Amount for i128 {
    const ZERO: Self = 0;
    const INF: Self = i128::MAX;
    fn of(x: i128) -> Self {
        x
    }
    fn of_i8(x: i8) -> Self {
        x.into()
    }
    fn wide(self) -> i128 {
        self
    }
}

/// Solves `problem`: the body of [`MinCostFlow::solve`].
pub(super) fn solve(problem: &MinCostFlow) -> Result<FlowSolution, FlowError> {
    let input = Input::new(problem)?;
    if input.fits_i64 {
        NetworkSimplex::<i64>::new(&input).solve(&input)
    } else {
        NetworkSimplex::<i128>::new(&input).solve(&input)
    }
}

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

/// A problem made ready for the engine: nodes renumbered if the problem is sparse, supplies
/// shifted by the lower bounds, and the bounds that choose the arithmetic.
struct Input<'a> {
    problem: &'a MinCostFlow,
    mode: SupplyMode,
    rule: PivotRule,
    /// Solver node -> problem node, when the problem is solved on the nodes it uses.
    nodes: Option<Vec<u32>>,
    node_num: usize,
    /// Arc ends in solver numbering.
    tail: Cow<'a, [u32]>,
    head: Cow<'a, [u32]>,
    /// The supply of each solver node once the lower bounds are shipped.
    supply: Vec<i128>,
    /// What each solver node may leave unmet in the relaxed modes (its supply before the
    /// lower bounds, clipped to the side that may stay unmet).
    slack: Vec<i128>,
    /// The cost of an artificial arc that stands for an unmet amount.
    art_cost: i128,
    /// The capacity of the artificial arcs; `None`: unbounded.
    art_cap: Option<i128>,
    fits_i64: bool,
}

impl<'a> Input<'a> {
    fn new(p: &'a MinCostFlow) -> Result<Self, FlowError> {
        let (mode, rule) = (p.mode(), p.pivot_rule());
        check_settings(p, mode, rule)?;
        let (nodes, tail, head) = used_nodes(p);
        let node_num = nodes.as_ref().map_or(p.node_count(), Vec::len);
        check_index_room(p.arc_count(), node_num, mode)?;
        let nominal = nominal_supplies(p, nodes.as_deref(), node_num);
        check_balance(mode, &nominal)?;
        let slack: Vec<i128> = match mode {
            SupplyMode::Exact => Vec::new(),
            SupplyMode::SupplyAtMost => nominal.iter().map(|&s| i128::from(s.max(0))).collect(),
            SupplyMode::DemandAtMost => nominal.iter().map(|&s| -i128::from(s.min(0))).collect(),
        };
        let (supply, arcs) = ship_lower_bounds(p, &nominal, &tail, &head);
        drop(nominal);
        let (art_cost, art_cap, fits_i64) = arcs.width(rule, node_num, &supply, &slack)?;
        Ok(Input {
            problem: p,
            mode,
            rule,
            nodes,
            node_num,
            tail,
            head,
            supply,
            slack,
            art_cost,
            art_cap,
            fits_i64,
        })
    }

    /// The problem's number for solver node `v`.
    fn node_name(&self, v: usize) -> usize {
        match &self.nodes {
            None => v,
            Some(used) => used[v] as usize,
        }
    }
}

/// Refuses a problem with too many nodes, or a pivot rule that cannot solve its mode.
pub(super) fn check_settings(
    p: &MinCostFlow,
    mode: SupplyMode,
    rule: PivotRule,
) -> Result<(), FlowError> {
    if p.node_count() > MAX_NODES {
        return Err(FlowError::invalid(
            "node_count",
            format!("{} nodes: expected at most {MAX_NODES}", p.node_count()),
        ));
    }
    if rule == PivotRule::Networkx && mode != SupplyMode::Exact {
        return Err(FlowError::invalid(
            "pivot_rule",
            format!("the networkx rule solves SupplyMode::Exact only, not {mode:?}"),
        ));
    }
    Ok(())
}

/// The solver's nodes and arc ends: the problem's own, or — when it declares many more nodes
/// than it uses — only the nodes that carry something, renumbered in order.
#[allow(clippy::type_complexity)]
pub(super) fn used_nodes(p: &MinCostFlow) -> (Option<Vec<u32>>, Cow<'_, [u32]>, Cow<'_, [u32]>) {
    let content = 2 * p.arc_count() + p.supply.stored();
    if p.node_count() <= 2 * content + 1024 {
        return (None, Cow::Borrowed(&p.tail[..]), Cow::Borrowed(&p.head[..]));
    }
    let mut used: Vec<u32> = p.tail.iter().chain(&p.head).copied().collect();
    used.extend(p.supply.nonzero().map(|(v, _)| v as u32));
    used.sort_unstable();
    used.dedup();
    let at = |v: &u32| used.binary_search(v).map_or(NONE, |i| i as u32);
    let tail = p.tail.iter().map(at).collect();
    let head = p.head.iter().map(at).collect();
    (Some(used), Cow::Owned(tail), Cow::Owned(head))
}

/// Refuses a problem whose arcs and nodes would not all get a `u32` index.
pub(super) fn check_index_room(
    arc_num: usize,
    node_num: usize,
    mode: SupplyMode,
) -> Result<(), FlowError> {
    let slack_num = if mode == SupplyMode::Exact {
        0
    } else {
        node_num
    };
    // u32 indices with u32::MAX reserved for "none": real, slack and artificial arcs, and
    // the nodes with the root, must all stay below it.
    if (arc_num + slack_num + node_num + 1) as u64 >= u64::from(NONE) {
        return Err(FlowError::invalid(
            "arc",
            format!(
                "{arc_num} arcs on {node_num} nodes: expected fewer than {} arcs and nodes \
                 together",
                u32::MAX / 2
            ),
        ));
    }
    Ok(())
}

/// The supply of each solver node as the problem states it.
pub(super) fn nominal_supplies(
    p: &MinCostFlow,
    nodes: Option<&[u32]>,
    node_num: usize,
) -> Vec<i64> {
    let mut nominal = vec![0i64; node_num];
    for (v, s) in p.supply.nonzero() {
        let i = match nodes {
            None => v,
            Some(used) => used.binary_search(&(v as u32)).unwrap_or(0),
        };
        nominal[i] = s;
    }
    nominal
}

/// Refuses supplies whose total the supply mode cannot balance.
pub(super) fn check_balance(mode: SupplyMode, nominal: &[i64]) -> Result<(), FlowError> {
    let total: i128 = nominal.iter().map(|&s| i128::from(s)).sum();
    match mode {
        SupplyMode::Exact if total != 0 => Err(FlowError::Unbalanced {
            total,
            requirement: "but must sum to 0",
        }),
        SupplyMode::SupplyAtMost if total < 0 => Err(FlowError::Unbalanced {
            total,
            requirement: "but total supply must cover total demand",
        }),
        SupplyMode::DemandAtMost if total > 0 => Err(FlowError::Unbalanced {
            total,
            requirement: "but total demand must absorb total supply",
        }),
        _ => Ok(()),
    }
}

/// Sums over the real arcs that bound the amounts of a solve.
struct ArcTotals {
    /// The finite capacities, less the lower bounds.
    cap_total: i128,
    cost_total: i128,
    max_cost: i128,
}

/// The supply of each solver node once the arcs' lower bounds are shipped (the tail gives
/// them, the head receives them), and the arcs' totals.
fn ship_lower_bounds(
    p: &MinCostFlow,
    nominal: &[i64],
    tail: &[u32],
    head: &[u32],
) -> (Vec<i128>, ArcTotals) {
    let mut supply: Vec<i128> = nominal.iter().map(|&s| i128::from(s)).collect();
    let mut totals = ArcTotals {
        cap_total: 0,
        cost_total: 0,
        max_cost: 0,
    };
    for a in 0..p.arc_count() {
        let lower = p.lower.get(a).copied().unwrap_or(0);
        if lower != 0 {
            supply[tail[a] as usize] -= i128::from(lower);
            supply[head[a] as usize] += i128::from(lower);
        }
        if p.capacity[a] != UNBOUNDED_CAP {
            totals.cap_total += i128::from(p.capacity[a]) - i128::from(lower);
        }
        let c = i128::from(p.cost[a]).abs();
        totals.cost_total += c;
        totals.max_cost = totals.max_cost.max(c);
    }
    (supply, totals)
}

impl ArcTotals {
    /// The cost and capacity (`None`: unbounded) of the artificial arcs under `rule`, and
    /// whether the bounds on flows and potentials let the pivots run in 64 bits.
    fn width(
        &self,
        rule: PivotRule,
        node_num: usize,
        supply: &[i128],
        slack: &[i128],
    ) -> Result<(i128, Option<i128>, bool), FlowError> {
        let ArcTotals {
            cap_total,
            cost_total,
            max_cost,
        } = *self;
        // Sums over at most 2^32 terms of at most 2^64 each: they fit in i128.
        let supply_total: i128 = supply.iter().map(|s| s.abs()).sum();
        let slack_total: i128 = slack.iter().sum();
        let n1 = node_num as i128 + 1;
        let (art_cost, art_cap) = match rule {
            PivotRule::BlockSearch => ((max_cost + 1) * n1, None),
            PivotRule::Networkx => {
                let faux = 3 * cap_total.max(cost_total).max(supply_total);
                let faux = if faux == 0 { 1 } else { faux };
                (faux, Some(faux))
            }
        };
        // Every flow of a basic solution is at most the sum of the supplies and of the
        // capacities of the arcs that may sit at their upper bound.
        let flow_bound = art_cap
            .map_or(Some(0), |c| c.checked_mul(node_num as i128))
            .and_then(|x| x.checked_add(supply_total + cap_total + slack_total));
        let potential_bound = (max_cost + 1)
            .checked_mul(n1)
            .and_then(|x| x.checked_add(art_cost))
            .and_then(|x| x.checked_mul(8));
        let (Some(flow_bound), Some(potential_bound)) = (flow_bound, potential_bound) else {
            return Err(FlowError::overflow(format!(
                "the totals of the problem exceed the 128-bit range: supplies {supply_total}, \
                 capacities {cap_total}, artificial arcs of cost {art_cost} on {node_num} nodes"
            )));
        };
        let fits_i64 = flow_bound < i128::from(i64::MAX) && potential_bound <= i128::from(i64::MAX);
        Ok((art_cost, art_cap, fits_i64))
    }
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

/// The working state of one solve.
struct NetworkSimplex<T: Amount> {
    node_num: usize,
    arc_num: usize,
    rule: PivotRule,

    // Arcs: the real ones (in mixed order under the block search rule), the slack arcs of the
    // relaxed supply modes, then one artificial arc per node joining it to the root.
    source: Vec<u32>,
    target: Vec<u32>,
    cost: Vec<T>,
    cap: Vec<T>,
    flow: Vec<T>,
    state: Vec<i8>,

    // Nodes: the real ones, then the root.
    pi: Vec<T>,
    parent: Vec<u32>,
    pred: Vec<u32>,
    pred_dir: Vec<i8>,
    thread: Vec<u32>,
    rev_thread: Vec<u32>,
    succ_num: Vec<u32>,
    last_succ: Vec<u32>,

    /// Where each input arc is stored.
    position: Vec<u32>,

    /// The cost of an artificial arc that stands for an unmet amount: the root's potential
    /// may drift this far from 0 (see `update_tree`).
    art_cost: T,

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
    delta: T,
    stem: Vec<StemNode>,
}

impl<T: Amount> NetworkSimplex<T> {
    /// The initial strongly feasible tree: every node hangs on the root by its artificial arc.
    fn new(input: &Input<'_>) -> Self {
        let mut s = Self::unlinked(input);
        s.store_real_arcs(input);
        let out_of_node = s.push_slack_arcs(input);
        s.search_arc_num = s.source.len();
        s.block_size = match input.rule {
            PivotRule::BlockSearch => ((s.search_arc_num as f64).sqrt().ceil() as usize).max(10),
            // networkx: int(ceil(sqrt(edge_count))).
            PivotRule::Networkx => (s.search_arc_num as f64).sqrt().ceil() as usize,
        };
        s.hang_nodes_on_root(input, &out_of_node);
        s
    }

    /// The state before any arc is stored: arc arrays empty with room for every arc, node
    /// arrays at their initial values.
    fn unlinked(input: &Input<'_>) -> Self {
        let node_num = input.node_num;
        let arc_num = input.problem.arc_count();
        let root = node_num as u32;
        let slack_num = input.slack.iter().filter(|&&s| s != 0).count();
        let all_arc_num = arc_num + slack_num + node_num;
        // Arc mixing: input arc `a` is stored at `position[a]`, so that arcs listed together
        // (typically those of one tail node) land `stride` apart and each pricing block samples
        // the whole graph rather than a few nodes' arcs. It cuts the number of pivots. The
        // networkx rule prices in input order.
        let position = match input.rule {
            PivotRule::BlockSearch => mixed_positions(arc_num, node_num),
            PivotRule::Networkx => (0..arc_num as u32).collect(),
        };
        let n1 = node_num + 1;
        let mut succ_num = vec![1u32; n1];
        succ_num[node_num] = n1 as u32;
        NetworkSimplex {
            node_num,
            arc_num,
            rule: input.rule,
            source: Vec::with_capacity(all_arc_num),
            target: Vec::with_capacity(all_arc_num),
            cost: Vec::with_capacity(all_arc_num),
            cap: Vec::with_capacity(all_arc_num),
            flow: Vec::with_capacity(all_arc_num),
            state: Vec::with_capacity(all_arc_num),
            // A power-of-two length lets the pricing loop mask its indices into range, which
            // the compiler then knows needs no bounds check (the entries past the root stay
            // unused).
            pi: vec![T::ZERO; n1.next_power_of_two()],
            parent: vec![root; n1],
            pred: vec![NONE; n1],
            pred_dir: vec![DIR_UP; n1],
            thread: vec![0u32; n1],
            rev_thread: vec![0u32; n1],
            succ_num,
            last_succ: vec![0u32; n1],
            position,
            art_cost: T::of(input.art_cost),
            search_arc_num: 0,
            block_size: 0,
            next_arc: 0,
            in_arc: 0,
            join: NONE,
            u_in: NONE,
            v_in: NONE,
            u_out: NONE,
            delta: T::ZERO,
            stem: Vec::new(),
        }
    }

    /// Stores every real arc at its position, empty (at its lower bound, outside the tree).
    fn store_real_arcs(&mut self, input: &Input<'_>) {
        let p = input.problem;
        let arc_num = self.arc_num;
        self.source.resize(arc_num, 0);
        self.target.resize(arc_num, 0);
        self.cost.resize(arc_num, T::ZERO);
        self.cap.resize(arc_num, T::ZERO);
        self.flow.resize(arc_num, T::ZERO);
        self.state.resize(arc_num, STATE_LOWER);
        for (a, &q) in self.position.iter().enumerate() {
            let q = q as usize;
            self.source[q] = input.tail[a];
            self.target[q] = input.head[a];
            self.cost[q] = T::of(p.cost[a].into());
            let lower = p.lower.get(a).copied().unwrap_or(0);
            self.cap[q] = if p.capacity[a] == UNBOUNDED_CAP {
                T::INF
            } else {
                T::of(i128::from(p.capacity[a]) - i128::from(lower))
            };
        }
    }

    /// Appends the slack arcs of the relaxed supply modes; returns what each node must still
    /// send to the root (negative: receive from it) once they carry their amounts.
    ///
    /// Nodes whose supply (SupplyAtMost) or demand (DemandAtMost) need not be met in full get a
    /// free slack arc to or from the root with capacity equal to that amount, starting at its
    /// upper bound outside the tree. Slack arcs are stored right after the real arcs, so that
    /// pricing scans one contiguous range; the artificial arcs come last and are never priced:
    /// once one has left the tree (empty) it is not needed again, as in the usual big-M method.
    fn push_slack_arcs(&mut self, input: &Input<'_>) -> Vec<i128> {
        let root = self.node_num as u32;
        let mut out_of_node = input.supply.clone();
        for (v, &amount) in input.slack.iter().enumerate() {
            if amount == 0 {
                continue;
            }
            if input.mode == SupplyMode::SupplyAtMost {
                self.source.push(v as u32);
                self.target.push(root);
                out_of_node[v] -= amount;
            } else {
                self.source.push(root);
                self.target.push(v as u32);
                out_of_node[v] += amount;
            }
            self.cost.push(T::ZERO);
            self.cap.push(T::of(amount));
            self.flow.push(T::of(amount));
            self.state.push(STATE_UPPER);
        }
        out_of_node
    }

    /// Appends one artificial arc per node, carrying what `out_of_node` says, and makes those
    /// arcs the tree: every node a leaf of the root, threaded in node order.
    fn hang_nodes_on_root(&mut self, input: &Input<'_>, out_of_node: &[i128]) {
        let node_num = self.node_num;
        let root = node_num as u32;
        let art_cap = input.art_cap.map_or(T::INF, T::of);
        for (v, &out) in out_of_node.iter().enumerate() {
            let a = self.source.len();
            // Block search, exact mode: a supply that stays at its node is paid for by the
            // demand that is then unmet, so only the arcs from the root cost M. In the other
            // modes only the slack arcs are free. The networkx rule charges every artificial
            // arc alike.
            let c = if input.rule == PivotRule::BlockSearch
                && input.mode == SupplyMode::Exact
                && input.supply[v] >= 0
            {
                T::ZERO
            } else {
                self.art_cost
            };
            if out >= 0 {
                // Towards the root: carries the supply, or nothing (an arc with zero flow
                // pointing at the root keeps the tree strongly feasible).
                self.source.push(v as u32);
                self.target.push(root);
                self.flow.push(T::of(out));
                self.pred_dir[v] = DIR_UP;
                self.pi[v] = -c;
            } else {
                self.source.push(root);
                self.target.push(v as u32);
                self.flow.push(T::of(-out));
                self.pred_dir[v] = DIR_DOWN;
                self.pi[v] = c;
            }
            self.cost.push(c);
            self.cap.push(art_cap);
            self.state.push(STATE_TREE);
            self.parent[v] = root;
            self.pred[v] = a as u32;
            self.thread[v] = v as u32 + 1;
            self.rev_thread[v] = if v == 0 { root } else { v as u32 - 1 };
            self.last_succ[v] = v as u32;
        }
        self.parent[node_num] = NONE;
        self.thread[node_num] = if node_num == 0 { root } else { 0 };
        let last = if node_num == 0 { root } else { root - 1 };
        self.rev_thread[node_num] = last;
        self.last_succ[node_num] = last;
    }

    /// Runs the pivots and packs the result, in the problem's numbering.
    fn solve(mut self, input: &Input<'_>) -> Result<FlowSolution, FlowError> {
        match self.run(input) {
            Ok(()) => self.into_solution(input),
            // The cycle's nodes are the solver's; a renumbered problem wants its own back.
            Err(FlowError::Unbounded { arcs, nodes }) => Err(FlowError::Unbounded {
                arcs,
                nodes: nodes.into_iter().map(|v| input.node_name(v)).collect(),
            }),
            Err(e) => Err(e),
        }
    }

    /// Pivots until optimal, or until an unbounded cycle is found.
    fn run(&mut self, input: &Input<'_>) -> Result<(), FlowError> {
        match self.rule {
            PivotRule::BlockSearch => {
                self.initial_pivots(input.mode)?;
                while self.find_entering_arc() {
                    self.pivot()?;
                }
            }
            PivotRule::Networkx => {
                while self.find_entering_arc_networkx() {
                    self.pivot()?;
                }
            }
        }
        Ok(())
    }

    /// One pivot on `in_arc`.
    fn pivot(&mut self) -> Result<(), FlowError> {
        let changes_tree = self.find_cycle();
        if self.delta == T::INF {
            return Err(self.unbounded_cycle());
        }
        self.change_flow();
        if changes_tree {
            self.update_tree();
        } else {
            // The entering arc itself blocks: it just moves to its other bound.
            self.state[self.in_arc] = -self.state[self.in_arc];
        }
        Ok(())
    }

    /// The reduced cost of stored arc `e` times its state: negative when `e` may enter.
    fn violation(&self, e: usize) -> T {
        let (s, t) = (self.source[e] as usize, self.target[e] as usize);
        T::of_i8(self.state[e]) * (self.cost[e] + self.pi[s] - self.pi[t])
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
                self.pi[end] > T::ZERO
            } else {
                self.pi[end] < T::ZERO
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
            if self.violation(e) >= T::ZERO {
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
        let mut min = T::ZERO;
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
                let violation = T::of_i8(state[k]) * (cost[k] + pi[s] - pi[t]);
                if violation < min {
                    min = violation;
                    best = start + k;
                }
            }
            scanned += end - start;
            start = if end == all { 0 } else { end };
            if min < T::ZERO {
                self.in_arc = best;
                self.next_arc = start;
                return true;
            }
        }
        false
    }

    /// networkx's pricing: blocks of `block_size` arcs taken cyclically from where the last
    /// block ended (a block may wrap around the end of the arc list); the first arc of least
    /// (negative) violation in a block enters; after `ceil(arcs / block_size)` blocks in a row
    /// without one, the flow is optimal.
    fn find_entering_arc_networkx(&mut self) -> bool {
        let all = self.search_arc_num;
        if all == 0 {
            return false;
        }
        let blocks = all.div_ceil(self.block_size);
        for _ in 0..blocks {
            let (mut min, mut best) = (T::ZERO, usize::MAX);
            let mut e = self.next_arc;
            for _ in 0..self.block_size {
                let v = self.violation(e);
                if v < min {
                    min = v;
                    best = e;
                }
                e += 1;
                if e == all {
                    e = 0;
                }
            }
            self.next_arc = e;
            if min < T::ZERO {
                self.in_arc = best;
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
        // rest of a step). Finite capacities and flows are below INF, and flows are never
        // negative, so `c - f` cannot overflow (for an unbounded arc it is computed and then
        // discarded).
        let room = |e: usize, against: bool| {
            let (f, c) = (flow[e], cap[e]);
            let forward = select_unpredictable(c == T::INF, T::INF, c - f);
            select_unpredictable(against, f, forward)
        };
        let (mut u, mut v) = (first, second);
        let (mut d1, mut out1) = (T::INF, NONE);
        let (mut d2, mut out2) = (T::INF, NONE);
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

    /// Pushes `delta` around the cycle. The bounds checked before solving keep every flow
    /// below INF.
    fn change_flow(&mut self) {
        if self.delta == T::ZERO {
            return;
        }
        let e_in = self.in_arc;
        // Positive: more flow along the entering arc; negative: less.
        let val = T::of_i8(self.state[e_in]) * self.delta;
        self.flow[e_in] += val;
        // On the path from the entering arc's tail to the apex the flow moves downwards, on
        // the path from its head upwards.
        for (start, sign) in [(self.source[e_in], -1i8), (self.target[e_in], 1i8)] {
            let mut u = start;
            while u != self.join {
                let e = self.pred[u as usize] as usize;
                let change = T::of_i8(sign * self.pred_dir[u as usize]) * val;
                self.flow[e] += change;
                u = self.parent[u as usize];
            }
        }
    }

    /// Replaces the leaving arc by the entering one: the subtree below the leaving arc is cut
    /// off, re-rooted at `u_in` and hung below `v_in`; its potentials shift so that the
    /// entering arc's reduced cost becomes 0.
    fn update_tree(&mut self) {
        let e_out = self.pred[self.u_out as usize] as usize;
        self.state[self.in_arc] = STATE_TREE;
        self.state[e_out] = if self.flow[e_out] == T::ZERO {
            STATE_LOWER
        } else {
            STATE_UPPER
        };
        let old_parent_out = self.parent[self.u_out as usize];
        self.save_stem();
        let top = self.stem[self.stem.len() - 1];
        let (moved, old_last) = (top.succ_num, top.last_succ);
        let (before, after) = (top.rev_thread, top.after_last);

        // Cut the subtree's preorder segment out of the thread.
        self.thread[before as usize] = after;
        self.rev_thread[after as usize] = before;
        let new_last = self.rethread_reversed_stem();
        self.splice_after_v_in(new_last);
        self.reverse_stem(moved, new_last);
        self.update_ancestors(old_parent_out, moved, old_last, before, new_last);
        self.shift_potentials(moved, new_last);
    }

    /// Saves the old tree data of the stem, `u_in = s_0, s_1 = parent(s_0), ..., s_k = u_out`:
    /// the rewiring overwrites it in an order that would otherwise matter.
    #[inline]
    fn save_stem(&mut self) {
        self.stem.clear();
        let mut w = self.u_in;
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
            if w == self.u_out {
                break;
            }
            w = self.parent[i];
        }
    }

    /// Re-threads the cut-out segment in the preorder of its new root `u_in`; returns its new
    /// last node.
    ///
    /// The new order is s_0's own subtree, then for each s_i (i >= 1) its old subtree minus
    /// s_{i-1}'s, which is two runs of the old thread: s_i .. rev_thread(s_{i-1}), and
    /// thread(last_succ(s_{i-1})) .. last_succ(s_i) (empty if both end together).
    #[inline]
    fn rethread_reversed_stem(&mut self) -> u32 {
        let mut end = self.stem[0].last_succ;
        for i in 1..self.stem.len() {
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
        end
    }

    /// Hangs the re-threaded segment, `u_in ..= new_last`, right after `v_in` in the thread, so
    /// that `u_in` becomes `v_in`'s first child.
    #[inline]
    fn splice_after_v_in(&mut self, new_last: u32) {
        let (u_in, v_in) = (self.u_in, self.v_in);
        let v_next = self.thread[v_in as usize];
        self.thread[v_in as usize] = u_in;
        self.rev_thread[u_in as usize] = v_in;
        self.thread[new_last as usize] = v_next;
        self.rev_thread[v_next as usize] = new_last;
    }

    /// Reverses parents and tree arcs along the stem and hangs `u_in` on `v_in` by the
    /// entering arc; `moved` is the size of the moved subtree.
    #[inline]
    fn reverse_stem(&mut self, moved: u32, new_last: u32) {
        for i in 1..self.stem.len() {
            let s = self.stem[i].node as usize;
            let below = self.stem[i - 1];
            self.parent[s] = below.node;
            self.pred[s] = below.pred;
            self.pred_dir[s] = -below.pred_dir;
            self.succ_num[s] = moved - below.succ_num;
            self.last_succ[s] = new_last;
        }
        let (u_in, e_in) = (self.u_in, self.in_arc);
        let ui = u_in as usize;
        self.parent[ui] = self.v_in;
        self.pred[ui] = e_in as u32;
        self.pred_dir[ui] = if self.source[e_in] == u_in {
            DIR_UP
        } else {
            DIR_DOWN
        };
        self.succ_num[ui] = moved;
        self.last_succ[ui] = new_last;
    }

    /// Updates subtree sizes and last successors of the old ancestors of the moved subtree
    /// (from `old_parent_out`) and of its new ones (from `v_in`).
    ///
    /// Above the apex the sizes do not change; the last successors may, so those walks go on
    /// while the old value matches.
    #[inline]
    fn update_ancestors(
        &mut self,
        old_parent_out: u32,
        moved: u32,
        old_last: u32,
        before: u32,
        new_last: u32,
    ) {
        let (join, v_in) = (self.join, self.v_in);
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
    }

    /// Shifts the potentials of the moved subtree (`moved` nodes, threaded from `u_in` to
    /// `new_last`) so that the entering arc is tight.
    #[inline]
    fn shift_potentials(&mut self, moved: u32, new_last: u32) {
        let (e_in, u_in) = (self.in_arc, self.u_in);
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
        let (first, last, count, shift) = if complement < moved as usize
            && root_after <= self.art_cost
            && -root_after <= self.art_cost
        {
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
        // Back from storage positions to input arc numbers. Every arc of such a cycle is a real
        // one: slack and networkx-rule artificial arcs are finite, and an unbounded cycle
        // through the root would use an artificial arc of cost M forwards, which no negative
        // cycle can.
        let mut input = vec![0usize; self.arc_num];
        for (a, &p) in self.position.iter().enumerate() {
            input[p as usize] = a;
        }
        let arcs = arcs
            .into_iter()
            .filter_map(|p| input.get(p).copied())
            .collect();
        FlowError::Unbounded { arcs, nodes }
    }

    /// Checks the artificial arcs and packs the result in the problem's numbering.
    fn into_solution(self, input: &Input<'_>) -> Result<FlowSolution, FlowError> {
        let p = input.problem;
        let mut unmet = Vec::new();
        let mut violated = false;
        let art_base = self.source.len() - self.node_num;
        for (v, &s) in input.supply.iter().enumerate() {
            let a = art_base + v;
            let f = self.flow[a];
            if f > T::ZERO {
                let costly = self.cost[a] != T::ZERO;
                violated |= costly;
                if costly || input.mode == SupplyMode::Exact {
                    unmet.push(UnmetNode {
                        node: input.node_name(v),
                        supply: s,
                        shortfall: f.wide(),
                    });
                }
            }
        }
        if violated {
            return Err(FlowError::Infeasible { unmet });
        }
        let mut flow = Vec::with_capacity(self.arc_num);
        let mut cost = 0i128;
        for (a, &q) in self.position.iter().enumerate() {
            let shipped = self.flow[q as usize].wide();
            if let Some(faux) = input.art_cap.filter(|_| self.rule == PivotRule::Networkx)
                && shipped >= (faux + 1) / 2
            {
                // networkx's own test: an arc carrying half the artificial capacity can only
                // be on a cycle of unbounded arcs.
                return Err(FlowError::Unbounded {
                    arcs: vec![a],
                    nodes: vec![p.tail[a] as usize, p.head[a] as usize],
                });
            }
            let total = shipped + i128::from(p.lower.get(a).copied().unwrap_or(0));
            let f = i64::try_from(total).map_err(|_| {
                FlowError::overflow(format!(
                    "arc {a} ({} -> {}, unbounded) carries {total} units in the optimal flow \
                     found: expected at most {}",
                    p.tail[a],
                    p.head[a],
                    i64::MAX
                ))
            })?;
            cost = i128::from(f)
                .checked_mul(p.cost[a].into())
                .and_then(|c| cost.checked_add(c))
                .ok_or_else(|| {
                    FlowError::overflow(format!(
                        "the optimal cost exceeds the 128-bit range (at arc {a})"
                    ))
                })?;
            flow.push(f);
        }
        // Potentials relative to the root's.
        let root_pi = self.pi[self.node_num];
        let potential = self.pi[..self.node_num]
            .iter()
            .map(|&x| (x - root_pi).wide())
            .collect();
        Ok(FlowSolution {
            cost,
            flow,
            potential,
            solved_nodes: input.nodes.clone(),
            node_count: p.node_count(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl<T: Amount> NetworkSimplex<T> {
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
                assert_eq!(
                    self.cost[e] + self.pi[t as usize] - self.pi[h as usize],
                    T::ZERO
                );
            }
            for e in 0..self.source.len() {
                assert!(self.flow[e] >= T::ZERO && self.flow[e] <= self.cap[e]);
            }
        }
    }

    fn pivots_keep_the_tree<T: Amount>(rule: PivotRule) {
        for seed in 0..20 {
            let mut p = super::super::generate::NetgenParams::new(40 + seed as usize, 300, seed)
                .generate()
                .unwrap();
            p.set_pivot_rule(rule);
            let input = Input::new(&p).unwrap();
            let mut s = NetworkSimplex::<T>::new(&input);
            s.check_tree();
            if rule == PivotRule::BlockSearch {
                s.initial_pivots(SupplyMode::Exact).unwrap();
                s.check_tree();
            }
            let mut pivots = 0;
            loop {
                let found = match rule {
                    PivotRule::BlockSearch => s.find_entering_arc(),
                    PivotRule::Networkx => s.find_entering_arc_networkx(),
                };
                if !found {
                    break;
                }
                s.pivot().unwrap();
                s.check_tree();
                pivots += 1;
            }
            assert!(pivots > 0);
        }
    }

    #[test]
    fn tree_invariants_hold_after_every_pivot() {
        pivots_keep_the_tree::<i64>(PivotRule::BlockSearch);
        pivots_keep_the_tree::<i128>(PivotRule::BlockSearch);
        pivots_keep_the_tree::<i64>(PivotRule::Networkx);
    }

    #[test]
    fn mixed_positions_are_a_permutation() {
        for (arcs, nodes) in [(0, 0), (1, 5), (10, 3), (100, 7), (1000, 125), (17, 17)] {
            let mut p = mixed_positions(arcs, nodes);
            p.sort_unstable();
            assert_eq!(p, (0..arcs as u32).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_width_follows_the_bounds() {
        let mut p = MinCostFlow::new(2);
        p.set_supply(0, 5).unwrap();
        p.set_supply(1, -5).unwrap();
        p.add_arc(0, 1, 10, 3).unwrap();
        assert!(Input::new(&p).unwrap().fits_i64);
        p.add_arc(0, 1, i64::MAX, 3).unwrap();
        assert!(!Input::new(&p).unwrap().fits_i64);
        let mut q = MinCostFlow::new(2);
        q.add_arc(0, 1, 1, i64::MAX / 8).unwrap();
        assert!(!Input::new(&q).unwrap().fits_i64);
    }
}
