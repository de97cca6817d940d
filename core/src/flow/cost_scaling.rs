//! The cost-scaling push–relabel engine: [`Engine::CostScaling`](crate::flow::Engine).
//!
//! # Method
//!
//! Goldberg and Tarjan's cost scaling ("Finding minimum-cost circulations by successive
//! approximation", 1990), in the form of Goldberg's CS2 ("An efficient implementation of a
//! scaling minimum-cost flow algorithm", 1997):
//!
//! * **Exact integers.** Every cost is multiplied by `α = nodes + 1` (nodes of the residual
//!   graph). A flow that is ε-optimal for ε = 1 on the scaled costs is ε-optimal for
//!   `1/α < 1/nodes` on the real ones, and on integer costs that means optimal: no cycle of
//!   fewer than `α` arcs can have a negative integer cost yet cost more than `-1` in total.
//! * **Scaling.** Prices start at 0, where the empty flow is ε-optimal for ε = the largest
//!   scaled cost; each *refine* divides ε by 8 (never below 1), saturates every residual arc
//!   of negative reduced cost, and then pushes the excesses to the deficits along *admissible*
//!   arcs (residual, reduced cost < 0). A node with excess and no admissible arc is
//!   *relabelled*: its price drops to the highest value that makes one of its residual arcs
//!   admissible at reduced cost `-ε`. Active nodes are processed first in, first out, each
//!   with a current-arc pointer so that its arc list is scanned once between relabels.
//! * **Global price updates.** At the start of each refine and after every `nodes` relabels,
//!   a Dijkstra search with buckets from the deficit nodes, backwards over residual arcs whose
//!   lengths are `⌊(reduced + ε)/ε⌋`, lowers each node's price by ε times its distance. This
//!   keeps ε-optimality and sets prices that point every excess straight at a deficit; in
//!   practice it saves most relabels.
//! * **Dual certificate.** The scaled prices only prove ε-optimality. The potentials returned
//!   are exact: a label-correcting shortest-path pass on the final residual graph with the real
//!   costs, started from the scaled prices divided by `α` (each node's label can fall by at
//!   most 1 from there, so the pass is about linear). The result is then checked against the
//!   problem (bounds, conservation by [`SupplyMode`], complementary slackness) before it is
//!   returned.
//!
//! The residual graph is compact structure-of-arrays: arcs sorted by tail (CSR), `u32` heads
//! and reverse-arc indices, `i64` scaled costs and residual capacities: 48 bytes per arc.
//!
//! # Why
//!
//! Its running time is `O(n·m·log(n·C))` whatever the pivots would be, and each refine only
//! touches arcs near nodes with excess. On large transportation-like problems, where many arcs
//! per node are nearly tied, the simplex needs many degenerate pivots; push–relabel does not
//! care. See [`Engine`](crate::flow::Engine) for the measured cross-over.
//!
//! # The same answers as the simplex
//!
//! The optimal cost is the same (the flow may be a different optimal one). The supplies are
//! checked exactly as the simplex checks them, so [`FlowError::Unbalanced`] and
//! [`FlowError::InvalidInput`] come out the same. An unbounded capacity is capped at one more
//! than the sum of the absolute supplies and finite capacities (more than any basic optimal
//! flow needs). Whenever the engine cannot prove its answer — a price falls further than a
//! feasible problem allows (Goldberg and Tarjan's bound, `nodes·(ε + previous ε)` per refine; this is how
//! infeasibility shows), an unbounded arc ends up at its cap, the totals do not fit in 64 bits
//! once scaled, or the final check fails — it hands the problem to the network simplex, which
//! then gives the answer and every error ([`FlowError::Infeasible`] with its witness,
//! [`FlowError::Unbounded`] with its cycle, [`FlowError::Overflow`]). So the verdict and the
//! errors are always the simplex's own, and a returned flow is always certified optimal.
//!
//! # Determinism
//!
//! No hashing or randomness: the same input gives the same flow and potentials on every run.
//!
//! ```
//! use quanyu::flow::{Engine, MinCostFlow};
//!
//! let mut p = MinCostFlow::new(4);
//! for (node, supply) in [(0, 3), (1, 2), (2, -4), (3, -1)] {
//!     p.set_supply(node, supply)?;
//! }
//! p.add_arc(0, 2, 10, 1)?;
//! p.add_arc(0, 3, 10, 3)?;
//! p.add_arc(1, 2, 10, 2)?;
//! p.add_arc(1, 3, 10, 1)?;
//! p.set_engine(Engine::CostScaling);
//! let s = p.solve()?;
//! assert_eq!(s.cost, 6);
//! # Ok::<(), quanyu::flow::FlowError>(())
//! ```

use std::collections::VecDeque;

use super::error::FlowError;
use super::network_simplex::{
    check_balance, check_index_room, check_settings, nominal_supplies, used_nodes,
};
use super::problem::{FlowSolution, MinCostFlow, PivotRule, SupplyMode, UNBOUNDED_CAP};

/// ε is divided by this at each refine (CS2 uses 8 to 16).
const SCALE: i64 = 8;

/// Solves `problem` by cost scaling, handing it to the network simplex when the answer cannot
/// be proven here (see the module notes).
pub(super) fn solve(problem: &MinCostFlow) -> Result<FlowSolution, FlowError> {
    match try_solve(problem)? {
        Some(solution) => Ok(solution),
        None => super::network_simplex::solve(problem),
    }
}

/// The certified optimum, `Ok(None)` when the simplex must decide, or the input errors the
/// simplex would report first.
fn try_solve(p: &MinCostFlow) -> Result<Option<FlowSolution>, FlowError> {
    let mode = p.mode();
    check_settings(p, mode, PivotRule::BlockSearch)?;
    let (nodes, tail, head) = used_nodes(p);
    let node_num = nodes.as_ref().map_or(p.node_count(), Vec::len);
    check_index_room(p.arc_count(), node_num, mode)?;
    let nominal = nominal_supplies(p, nodes.as_deref(), node_num);
    check_balance(mode, &nominal)?;
    let Some(mut net) = Network::new(p, mode, &nominal, &tail, &head) else {
        return Ok(None);
    };
    if !net.run() {
        return Ok(None);
    }
    let Some(mut potential) = net.exact_potentials() else {
        return Ok(None);
    };
    if mode != SupplyMode::Exact {
        // The contract of the relaxed modes reads the potentials relative to the node that
        // takes the surplus (the simplex's root).
        let z = potential.pop().unwrap_or(0);
        for x in &mut potential {
            *x -= z;
        }
    }
    let mut flow = Vec::with_capacity(p.arc_count());
    for a in 0..p.arc_count() {
        let lower = p.lower.get(a).copied().unwrap_or(0);
        // Flows are at most the capped capacity, below 2^60, and so is the lower bound plus
        // the flow above it (both within the arc's i64 capacity, or the cap).
        let Some(f) = net.arc_flow(a).checked_add(lower) else {
            return Ok(None);
        };
        flow.push(f);
    }
    let mut cost = 0i128;
    for (&f, &c) in flow.iter().zip(&p.cost) {
        match i128::from(f)
            .checked_mul(c.into())
            .and_then(|x| cost.checked_add(x))
        {
            Some(x) => cost = x,
            None => return Ok(None),
        }
    }
    if !certify(p, mode, &nominal, &tail, &head, &flow, &potential) {
        return Ok(None);
    }
    Ok(Some(FlowSolution {
        cost,
        flow,
        potential,
        solved_nodes: nodes,
        node_count: p.node_count(),
    }))
}

/// Checks that `flow` and `potential` (by solver node) prove each other optimal for `p`: every
/// flow within its bounds, every node balanced as `mode` requires, and complementary
/// slackness — an arc with positive reduced cost at its lower bound, one with negative reduced
/// cost at its capacity (an unbounded arc never), and the relaxed modes' sign conditions on
/// the potentials of the nodes whose amount may stay unmet.
pub(super) fn certify(
    p: &MinCostFlow,
    mode: SupplyMode,
    nominal: &[i64],
    tail: &[u32],
    head: &[u32],
    flow: &[i64],
    potential: &[i128],
) -> bool {
    if flow.len() != p.arc_count() || potential.len() != nominal.len() {
        return false;
    }
    let mut net_out = vec![0i128; nominal.len()];
    for a in 0..p.arc_count() {
        let (t, h) = (tail[a] as usize, head[a] as usize);
        let lower = p.lower.get(a).copied().unwrap_or(0);
        let f = flow[a];
        let at_cap = p.capacity[a] != UNBOUNDED_CAP && f as u64 == p.capacity[a];
        if f < lower || (p.capacity[a] != UNBOUNDED_CAP && f as u64 > p.capacity[a]) {
            return false;
        }
        let reduced = i128::from(p.cost[a]) + potential[t] - potential[h];
        if (reduced > 0 && f != lower) || (reduced < 0 && !at_cap) {
            return false;
        }
        net_out[t] += i128::from(f);
        net_out[h] -= i128::from(f);
    }
    nominal
        .iter()
        .zip(&net_out)
        .zip(potential)
        .all(|((&s, &out), &pi)| {
            let s = i128::from(s);
            match mode {
                SupplyMode::SupplyAtMost if s > 0 => {
                    (0..=s).contains(&out) && (out == 0 || pi >= 0) && (out == s || pi <= 0)
                }
                SupplyMode::DemandAtMost if s < 0 => {
                    (s..=0).contains(&out) && (out == 0 || pi <= 0) && (out == s || pi >= 0)
                }
                _ => out == s,
            }
        })
}

/// The residual graph and the state of one cost-scaling solve, all in `i64`.
struct Network {
    /// Nodes of the residual graph: the solver's, plus the surplus node in relaxed modes.
    n: usize,
    /// The cost multiplier `n + 1`.
    alpha: i64,
    /// Arcs of node `v`: `first[v]..first[v + 1]`.
    first: Vec<u32>,
    head: Vec<u32>,
    rev: Vec<u32>,
    /// Scaled cost (`α · cost`; the reverse arc has the opposite).
    cost: Vec<i64>,
    rescap: Vec<i64>,
    /// The forward residual arc of each input arc (`u32::MAX` for a self-loop).
    fwd: Vec<u32>,
    /// Self-loops do not enter the graph: each is full if its cost is negative, else empty.
    self_loop_flow: Vec<(u32, i64)>,
    excess: Vec<i64>,
    price: Vec<i64>,
    /// The largest scaled |cost|.
    max_scaled: i64,
    // Work arrays.
    current: Vec<u32>,
    price_start: Vec<i64>,
    queue: VecDeque<u32>,
    distance: Vec<u32>,
    buckets: Vec<Vec<u32>>,
}

/// The lowest price allowed: with every |scaled cost| at most `i64::MAX / 8`, a reduced cost
/// `cost + p(v) - p(w)` of prices in `[FLOOR, 0]` stays within `i64`.
const FLOOR: i64 = -(i64::MAX / 4);

impl Network {
    /// The residual graph with every lower bound shipped and every arc empty, or `None` if
    /// the totals do not fit the 64-bit engine.
    fn new(
        p: &MinCostFlow,
        mode: SupplyMode,
        nominal: &[i64],
        tail: &[u32],
        head: &[u32],
    ) -> Option<Network> {
        let node_num = nominal.len();
        let relaxed = mode != SupplyMode::Exact;
        let n = node_num + usize::from(relaxed);
        let z = node_num as u32;
        // Effective supplies and the bound on any flow, in i128.
        let mut supply: Vec<i128> = nominal.iter().map(|&s| i128::from(s)).collect();
        let mut total: i128 = 0;
        let mut max_cost: i128 = 0;
        for a in 0..p.arc_count() {
            let lower = i128::from(p.lower.get(a).copied().unwrap_or(0));
            supply[tail[a] as usize] -= lower;
            supply[head[a] as usize] += lower;
            if p.capacity[a] != UNBOUNDED_CAP {
                total += i128::from(p.capacity[a]) - lower;
            }
            max_cost = max_cost.max(i128::from(p.cost[a]).abs());
        }
        let mut slack: Vec<(u32, u32, i128)> = Vec::new();
        if relaxed {
            let sum: i128 = nominal.iter().map(|&s| i128::from(s)).sum();
            for (v, &s) in nominal.iter().enumerate() {
                let s = i128::from(s);
                match mode {
                    SupplyMode::SupplyAtMost if s > 0 => slack.push((v as u32, z, s)),
                    SupplyMode::DemandAtMost if s < 0 => slack.push((z, v as u32, -s)),
                    _ => {}
                }
            }
            supply.push(-sum);
        }
        total += supply.iter().map(|s| s.abs()).sum::<i128>();
        total += slack.iter().map(|s| s.2).sum::<i128>();
        // Unbounded arcs are capped just above what any basic optimal flow needs. Excesses and
        // residual capacities then stay below twice the total.
        let cap_unbounded = total + 1;
        if cap_unbounded >= 1 << 60 {
            return None;
        }
        let alpha = n as i128 + 1;
        let max_scaled = max_cost * alpha;
        if max_scaled > i128::from(i64::MAX / 8) {
            return None;
        }
        let alpha = alpha as i64;

        // CSR: count each node's residual arcs, then place them in input order.
        let arcs = p.arc_count() + slack.len();
        let end = |k: usize| -> (u32, u32) {
            if k < p.arc_count() {
                (tail[k], head[k])
            } else {
                let (t, h, _) = slack[k - p.arc_count()];
                (t, h)
            }
        };
        let mut first = vec![0u32; n + 1];
        for k in 0..arcs {
            let (t, h) = end(k);
            if t != h {
                first[t as usize + 1] += 1;
                first[h as usize + 1] += 1;
            }
        }
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let m2 = first[n] as usize;
        let mut next: Vec<u32> = first[..n].to_vec();
        let mut head_of = vec![0u32; m2];
        let mut rev = vec![0u32; m2];
        let mut cost = vec![0i64; m2];
        let mut rescap = vec![0i64; m2];
        let mut fwd = vec![u32::MAX; arcs];
        let mut self_loop_flow = Vec::new();
        for k in 0..arcs {
            let (t, h) = end(k);
            let (c, cap) = if k < p.arc_count() {
                let lower = i128::from(p.lower.get(k).copied().unwrap_or(0));
                let cap = if p.capacity[k] == UNBOUNDED_CAP {
                    cap_unbounded
                } else {
                    i128::from(p.capacity[k]) - lower
                };
                (p.cost[k], cap as i64)
            } else {
                (0, slack[k - p.arc_count()].2 as i64)
            };
            if t == h {
                if c < 0 {
                    self_loop_flow.push((k as u32, cap));
                }
                continue;
            }
            let (e, r) = (next[t as usize], next[h as usize]);
            next[t as usize] += 1;
            next[h as usize] += 1;
            let (ei, ri) = (e as usize, r as usize);
            head_of[ei] = h;
            head_of[ri] = t;
            rev[ei] = r;
            rev[ri] = e;
            cost[ei] = c * alpha;
            cost[ri] = -c * alpha;
            rescap[ei] = cap;
            fwd[k] = e;
        }
        let excess = supply.iter().map(|&s| s as i64).collect();
        Some(Network {
            n,
            alpha,
            current: first[..n].to_vec(),
            first,
            head: head_of,
            rev,
            cost,
            rescap,
            fwd,
            self_loop_flow,
            excess,
            price: vec![0; n],
            max_scaled: max_scaled as i64,
            price_start: vec![0; n],
            queue: VecDeque::new(),
            distance: vec![u32::MAX; n],
            buckets: Vec::new(),
        })
    }

    /// The flow above its lower bound on input arc `a` (the capped capacity for a full
    /// negative self-loop).
    fn arc_flow(&self, a: usize) -> i64 {
        match self.fwd[a] {
            u32::MAX => self
                .self_loop_flow
                .iter()
                .find(|&&(k, _)| k as usize == a)
                .map_or(0, |&(_, f)| f),
            e => self.rescap[self.rev[e as usize] as usize],
        }
    }

    /// All refines down to ε = 1; false when the answer cannot be proven here.
    fn run(&mut self) -> bool {
        // Self-loops are looked up by arc: keep them sorted for `arc_flow`.
        self.self_loop_flow.sort_unstable();
        let mut eps = self.max_scaled.max(1);
        loop {
            eps = (eps / SCALE).max(1);
            if !self.refine(eps) {
                return false;
            }
            if eps == 1 {
                return true;
            }
        }
    }

    #[inline]
    fn reduced(&self, v: usize, e: usize) -> i64 {
        self.cost[e] + self.price[v] - self.price[self.head[e] as usize]
    }

    /// One refine: from a 2ε... (any) optimal pseudoflow to an ε-optimal flow.
    fn refine(&mut self, eps: i64) -> bool {
        // Saturate every residual arc of negative reduced cost: the pseudoflow is then
        // 0-optimal.
        for v in 0..self.n {
            for e in self.first[v] as usize..self.first[v + 1] as usize {
                let r = self.rescap[e];
                if r > 0 && self.reduced(v, e) < 0 {
                    let w = self.head[e] as usize;
                    self.rescap[e] = 0;
                    self.rescap[self.rev[e] as usize] += r;
                    self.excess[v] -= r;
                    self.excess[w] += r;
                }
            }
        }
        self.price_start.copy_from_slice(&self.price);
        // In a feasible problem a node with excess never falls more than `n·(ε + ε')` below
        // its price at the start of the refine, where the flow of the previous refine (or
        // any flow, at the first) is ε'-optimal, ε' ≤ 8ε + 7 ≤ 15ε (Goldberg and Tarjan's
        // lemma: a path to a deficit now, and back in that flow's residual graph).
        let drop = i128::from(eps) * (16 * self.n as i128 + 1);
        let drop = drop.min(i128::from(i64::MAX / 4)) as i64;
        if !self.global_update(eps) {
            return false;
        }
        self.queue.clear();
        for v in 0..self.n {
            if self.excess[v] > 0 {
                self.queue.push_back(v as u32);
            }
        }
        let mut relabels = 0usize;
        while let Some(v) = self.queue.pop_front() {
            let v = v as usize;
            while self.excess[v] > 0 {
                self.push_from(v);
                if self.excess[v] > 0 {
                    if !self.relabel(v, eps, drop) {
                        return false;
                    }
                    relabels += 1;
                    if relabels >= self.n {
                        relabels = 0;
                        if !self.global_update(eps) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    /// Pushes `v`'s excess along admissible arcs from its current arc on.
    #[inline]
    fn push_from(&mut self, v: usize) {
        let end = self.first[v + 1] as usize;
        let pv = self.price[v];
        let mut e = self.current[v] as usize;
        while e < end {
            let r = self.rescap[e];
            if r > 0 {
                let w = self.head[e] as usize;
                if self.cost[e] + pv - self.price[w] < 0 {
                    let delta = r.min(self.excess[v]);
                    self.rescap[e] = r - delta;
                    self.rescap[self.rev[e] as usize] += delta;
                    self.excess[v] -= delta;
                    let before = self.excess[w];
                    self.excess[w] = before + delta;
                    if before <= 0 && before + delta > 0 {
                        self.queue.push_back(w as u32);
                    }
                    if self.excess[v] == 0 {
                        break;
                    }
                }
            }
            e += 1;
        }
        self.current[v] = e as u32;
    }

    /// Lowers `v`'s price so that its best residual arc becomes admissible at reduced cost
    /// `-ε`; false if it has none or falls further than a feasible problem allows.
    fn relabel(&mut self, v: usize, eps: i64, drop: i64) -> bool {
        let (start, end) = (self.first[v] as usize, self.first[v + 1] as usize);
        let mut best = i64::MIN;
        for e in start..end {
            if self.rescap[e] > 0 {
                best = best.max(self.price[self.head[e] as usize] - self.cost[e]);
            }
        }
        if best == i64::MIN {
            return false;
        }
        let new = best - eps;
        if new < FLOOR || new < self.price_start[v].saturating_sub(drop) {
            return false;
        }
        self.price[v] = new;
        // Arcs before the best one may have become admissible too: scan from the start.
        self.current[v] = start as u32;
        true
    }

    /// Goldberg's global price update: each node's price falls by ε times its distance to a
    /// deficit node, lengths `⌊(reduced + ε)/ε⌋` over residual arcs, found by a Dijkstra
    /// search with buckets. False if some excess cannot reach any deficit (infeasible).
    fn global_update(&mut self, eps: i64) -> bool {
        let n = self.n;
        let limit = 4 * n + 4;
        for d in &mut self.distance {
            *d = u32::MAX;
        }
        let mut waiting = 0usize;
        let mut deficits = false;
        for v in 0..n {
            if self.excess[v] < 0 {
                self.distance[v] = 0;
                self.bucket(0).push(v as u32);
                deficits = true;
            } else if self.excess[v] > 0 {
                waiting += 1;
            }
        }
        for v in 0..n {
            self.current[v] = self.first[v];
        }
        if !deficits {
            return waiting == 0;
        }
        // Buckets are drained whole, so that when the search stops every node at distance
        // `top` or less is final and every other one is further: giving those `top + 1`
        // keeps every reduced cost at least -ε.
        let mut truncated = false;
        let mut top = 0usize;
        let mut b = 0usize;
        while b < self.buckets.len() {
            while let Some(w) = self.buckets[b].pop() {
                let wi = w as usize;
                if self.distance[wi] as usize != b {
                    continue; // stale entry
                }
                if self.excess[wi] > 0 {
                    waiting -= 1;
                }
                for e in self.first[wi] as usize..self.first[wi + 1] as usize {
                    // The reverse arc runs v -> w: is it residual, and how long?
                    let r = self.rev[e] as usize;
                    if self.rescap[r] == 0 {
                        continue;
                    }
                    let v = self.head[e] as usize;
                    let reduced = self.cost[r] + self.price[v] - self.price[wi];
                    let nd = b + ((reduced + eps) / eps).max(0) as usize;
                    if nd < self.distance[v] as usize {
                        if nd <= limit {
                            self.distance[v] = nd as u32;
                            self.bucket(nd).push(v as u32);
                        } else {
                            truncated = true;
                        }
                    }
                }
            }
            top = b;
            if waiting == 0 {
                break;
            }
            b += 1;
        }
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        if waiting > 0 && !truncated {
            // Some excess reaches no deficit at all: the problem is infeasible.
            return false;
        }
        let rest = top as i64 + 1;
        for v in 0..n {
            let d = self.distance[v];
            let d = if (d as usize) <= top {
                i64::from(d)
            } else {
                rest
            };
            if d > 0 {
                // d ≤ 4n + 5 and ε ≤ i64::MAX / 8: the product fits in i128 and is checked.
                let lowered = i128::from(self.price[v]) - i128::from(d) * i128::from(eps);
                if lowered < i128::from(FLOOR) {
                    return false;
                }
                self.price[v] = lowered as i64;
            }
        }
        true
    }

    fn bucket(&mut self, d: usize) -> &mut Vec<u32> {
        if self.buckets.len() <= d {
            self.buckets.resize_with(d + 1, Vec::new);
        }
        &mut self.buckets[d]
    }

    /// Exact potentials for the real costs: shortest-path labels over the final residual
    /// graph, corrected from `⌊price / α⌋`. `None` if some label falls further than an
    /// optimal flow allows (which would mean a negative residual cycle).
    fn exact_potentials(&self) -> Option<Vec<i128>> {
        let n = self.n;
        let start: Vec<i64> = self
            .price
            .iter()
            .map(|&p| p.div_euclid(self.alpha))
            .collect();
        let mut label = start.clone();
        let mut queued = vec![true; n];
        let mut queue: VecDeque<u32> = (0..n as u32).collect();
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            queued[v] = false;
            for e in self.first[v] as usize..self.first[v + 1] as usize {
                if self.rescap[e] == 0 {
                    continue;
                }
                let w = self.head[e] as usize;
                let via = label[v] + self.cost[e] / self.alpha;
                if via < label[w] {
                    if via < start[w] - 2 {
                        return None;
                    }
                    label[w] = via;
                    if !queued[w] {
                        queued[w] = true;
                        queue.push_back(w as u32);
                    }
                }
            }
        }
        Some(label.into_iter().map(i128::from).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_proves_its_own_answer() {
        for seed in 0..10 {
            let p = super::super::generate::NetgenParams::new(60 + seed as usize, 400, seed)
                .generate()
                .unwrap();
            // Straight from the engine, without the simplex to fall back on.
            let got = try_solve(&p)
                .unwrap()
                .expect("a NETGEN instance is proven here");
            let want = super::super::network_simplex::solve(&p).unwrap();
            assert_eq!(got.cost, want.cost, "seed {seed}");
        }
    }

    #[test]
    fn small_random_problems_are_proven_here_in_every_mode() {
        // Feasible by construction (a wide arc from each node to the next and back), so the
        // engine must prove every one of them itself.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % m
        };
        for round in 0..300 {
            let n = 2 + next(12) as usize;
            let mut p = MinCostFlow::new(n);
            let mut total = 0i64;
            for v in 1..n {
                let s = next(11) as i64 - 5;
                p.set_supply(v, s).unwrap();
                total += s;
            }
            p.set_supply(0, -total).unwrap();
            for v in 0..n {
                p.add_arc(v, (v + 1) % n, 100, 50).unwrap();
                p.add_arc((v + 1) % n, v, 100, 50).unwrap();
            }
            for _ in 0..next(30) {
                let (t, h) = (next(n as u64) as usize, next(n as u64) as usize);
                let lower = next(3) as i64;
                let cost = next(41) as i64 - 10;
                p.add_arc_with_lower_bound(t, h, lower, lower + next(8) as i64, cost)
                    .unwrap();
            }
            for mode in [
                SupplyMode::Exact,
                SupplyMode::SupplyAtMost,
                SupplyMode::DemandAtMost,
            ] {
                if mode != SupplyMode::Exact {
                    // Unbalance the supplies the way the mode allows.
                    let extra = if mode == SupplyMode::SupplyAtMost {
                        3
                    } else {
                        -3
                    };
                    p.set_supply(0, -total + extra).unwrap();
                }
                p.set_mode(mode);
                let got = try_solve(&p).unwrap();
                let want = super::super::network_simplex::solve(&p).unwrap();
                let got = got.unwrap_or_else(|| panic!("round {round} {mode:?} handed over"));
                assert_eq!(got.cost, want.cost, "round {round} {mode:?}");
            }
            p.set_supply(0, -total).unwrap();
        }
    }

    #[test]
    fn an_infeasible_problem_goes_to_the_simplex() {
        let mut p = MinCostFlow::new(2);
        p.set_supply(0, 5).unwrap();
        p.set_supply(1, -5).unwrap();
        p.add_arc(0, 1, 3, 1).unwrap();
        assert_eq!(try_solve(&p).unwrap(), None);
    }
}
