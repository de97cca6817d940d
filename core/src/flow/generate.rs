//! Seeded NETGEN-style random min-cost-flow instances, for tests and benchmarks.
//!
//! In the spirit of Klingman, Napier and Stutz's NETGEN, not a bit-for-bit copy of it: a
//! feasible *skeleton* first (each source heads a chain through a share of the transit nodes,
//! the chain ends form a ring, and every sink hangs off a chain end; skeleton arcs are
//! uncapacitated, i.e. as wide as the total supply), then uniformly random arcs with random
//! costs and capacities. Every instance is therefore feasible. Arcs are listed by tail, as
//! NETGEN's DIMACS files are.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::error::FlowError;
use super::problem::MinCostFlow;

/// The parameters of a NETGEN-style instance.
///
/// ```
/// use quanyu::flow::generate::NetgenParams;
/// let p = NetgenParams::new(1_000, 8_000, 7);
/// assert_eq!((p.sources, p.sinks), (32, 32)); // about sqrt(nodes) each
/// let problem = p.generate().unwrap();
/// assert_eq!((problem.node_count(), problem.arc_count()), (1_000, 8_000));
/// assert!(problem.solve().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetgenParams {
    /// Number of nodes.
    pub nodes: usize,
    /// Number of arcs (at least the skeleton's, about `nodes`).
    pub arcs: usize,
    /// Number of supply nodes (the first nodes).
    pub sources: usize,
    /// Number of demand nodes (the last nodes).
    pub sinks: usize,
    /// Total supply, split at random among the sources (and the same demand among the sinks).
    pub total_supply: i64,
    /// Smallest arc cost.
    pub min_cost: i64,
    /// Largest arc cost.
    pub max_cost: i64,
    /// Smallest capacity of a capacitated arc.
    pub min_capacity: i64,
    /// Largest capacity of a capacitated arc.
    pub max_capacity: i64,
    /// Share of the random arcs that are capacitated, in percent (the others are as wide as
    /// the total supply).
    pub capacitated_percent: u32,
    /// Share of the skeleton arcs given the maximum cost, in percent (NETGEN's "high cost"
    /// arcs, so that the skeleton is not simply the cheapest route).
    pub high_cost_percent: u32,
    /// The random seed: the same parameters always give the same instance.
    pub seed: u64,
}

impl NetgenParams {
    /// The usual benchmark family: `sqrt(nodes)` sources and sinks, supply `1000·sqrt(nodes)`,
    /// costs 1..=10 000, capacities 100..=1 000 on all random arcs, 30 % high-cost skeleton
    /// arcs.
    ///
    /// ```
    /// let p = quanyu::flow::generate::NetgenParams::new(100, 800, 1);
    /// assert_eq!(p.total_supply, 10_000);
    /// ```
    pub fn new(nodes: usize, arcs: usize, seed: u64) -> Self {
        let root = ((nodes as f64).sqrt().round() as usize).max(1);
        NetgenParams {
            nodes,
            arcs,
            sources: root,
            sinks: root,
            total_supply: 1000 * root as i64,
            min_cost: 1,
            max_cost: 10_000,
            min_capacity: 100,
            max_capacity: 1_000,
            capacitated_percent: 100,
            high_cost_percent: 30,
            seed,
        }
    }

    /// Builds the instance.
    ///
    /// # Errors
    ///
    /// [`FlowError::InvalidInput`] if sources and sinks do not fit in the nodes, there are
    /// fewer arcs than the skeleton needs, or a range is empty or negative.
    ///
    /// ```
    /// let mut p = quanyu::flow::generate::NetgenParams::new(10, 5, 1);
    /// assert!(p.generate().is_err()); // 5 arcs cannot connect 10 nodes
    /// p.arcs = 40;
    /// assert_eq!(p.generate().unwrap().arc_count(), 40);
    /// ```
    pub fn generate(&self) -> Result<MinCostFlow, FlowError> {
        let p = self;
        let (n, s, t) = (p.nodes, p.sources, p.sinks);
        if n >= u32::MAX as usize - 1 || p.arcs >= u32::MAX as usize - n {
            return Err(FlowError::invalid(
                "nodes",
                "too many nodes or arcs for u32 indices",
            ));
        }
        if s == 0 || t == 0 || s + t > n {
            return Err(FlowError::invalid(
                "sources",
                "need 1 <= sources, 1 <= sinks, sources + sinks <= nodes",
            ));
        }
        if p.min_cost > p.max_cost || p.min_capacity > p.max_capacity || p.min_capacity < 0 {
            return Err(FlowError::invalid(
                "min_cost",
                "empty or negative cost or capacity range",
            ));
        }
        if p.total_supply < (s.max(t)) as i64 {
            return Err(FlowError::invalid(
                "total_supply",
                "must be at least max(sources, sinks)",
            ));
        }
        let transit = n - s - t;
        let ring = if s > 1 { s } else { 0 };
        let skeleton = transit + ring + t;
        if p.arcs < skeleton {
            return Err(FlowError::invalid(
                "arcs",
                format!("{} arcs cannot hold the {skeleton}-arc skeleton", p.arcs),
            ));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
        let mut problem = MinCostFlow::with_arc_capacity(n, p.arcs);

        for (v, amount) in split(&mut rng, p.total_supply, s).into_iter().enumerate() {
            problem.set_supply(v, amount)?;
        }
        for (j, amount) in split(&mut rng, p.total_supply, t).into_iter().enumerate() {
            problem.set_supply(n - t + j, -amount)?;
        }

        // (tail, head, capacity, cost)
        let mut arcs: Vec<(u32, u32, i64, i64)> = Vec::with_capacity(p.arcs);
        let skeleton_cost = |rng: &mut ChaCha8Rng| {
            if rng.random_range(0..100) < p.high_cost_percent {
                p.max_cost
            } else {
                rng.random_range(p.min_cost..=p.max_cost)
            }
        };
        // Chains: source i, then the transit nodes dealt to it in a random order.
        let mut order: Vec<u32> = (s as u32..(n - t) as u32).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        let mut chain_end: Vec<u32> = (0..s as u32).collect();
        for (k, &v) in order.iter().enumerate() {
            let chain = k % s;
            let c = skeleton_cost(&mut rng);
            arcs.push((chain_end[chain], v, p.total_supply, c));
            chain_end[chain] = v;
        }
        if ring > 0 {
            for (i, &end) in chain_end.iter().enumerate() {
                let c = skeleton_cost(&mut rng);
                arcs.push((end, ((i + 1) % s) as u32, p.total_supply, c));
            }
        }
        for j in 0..t {
            let c = skeleton_cost(&mut rng);
            arcs.push((chain_end[j % s], (n - t + j) as u32, p.total_supply, c));
        }
        while arcs.len() < p.arcs {
            let tail = rng.random_range(0..n as u32);
            let head = rng.random_range(0..n as u32);
            if tail == head {
                continue;
            }
            let cap = if rng.random_range(0..100) < p.capacitated_percent {
                rng.random_range(p.min_capacity..=p.max_capacity)
            } else {
                p.total_supply
            };
            arcs.push((tail, head, cap, rng.random_range(p.min_cost..=p.max_cost)));
        }
        arcs.sort_by_key(|a| a.0);
        for (tail, head, cap, cost) in arcs {
            problem.add_arc(tail as usize, head as usize, cap, cost)?;
        }
        Ok(problem)
    }
}

/// The parameters of a tight transportation instance: members with equal capacity serve
/// buildings that want 1 to 5 units each, and the demand is exactly the members' total
/// capacity, so every member gives all it has.
///
/// Members and buildings lie at uniform random points of a 10 000 × 10 000 square; each
/// building is linked to its `arcs_per_building` nearest members (cost = rounded distance,
/// capacity = its demand) and, so that the instance is always feasible, to the one or two
/// members that a plain sequential dealing of the units would give it. Members are nodes
/// `0..members`, buildings follow; arcs are listed by building.
///
/// ```
/// use quanyu::flow::generate::TransportParams;
/// let p = TransportParams::new(100, 3).generate().unwrap();
/// assert_eq!(p.supplies().map(|(_, s)| s).sum::<i64>(), 0);
/// assert_eq!(p.supply(0), 10);
/// assert!(p.solve().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TransportParams {
    /// Number of members (supply nodes).
    pub members: usize,
    /// What each member can give.
    pub member_capacity: i64,
    /// Nearest members linked to each building.
    pub arcs_per_building: usize,
    /// The random seed.
    pub seed: u64,
}

impl TransportParams {
    /// `members` members of capacity 10, 8 nearest members per building.
    ///
    /// ```
    /// let p = quanyu::flow::generate::TransportParams::new(50, 1);
    /// assert_eq!((p.member_capacity, p.arcs_per_building), (10, 8));
    /// ```
    pub fn new(members: usize, seed: u64) -> Self {
        TransportParams {
            members,
            member_capacity: 10,
            arcs_per_building: 8,
            seed,
        }
    }

    /// Builds the instance.
    ///
    /// # Errors
    ///
    /// [`FlowError::InvalidInput`] for no members, a capacity below 1 or above 1 000 000, or
    /// more than 10 000 000 members.
    ///
    /// ```
    /// let mut p = quanyu::flow::generate::TransportParams::new(0, 1);
    /// assert!(p.generate().is_err());
    /// p.members = 5;
    /// assert!(p.generate().is_ok());
    /// ```
    pub fn generate(&self) -> Result<MinCostFlow, FlowError> {
        let m = self.members;
        if m == 0 || m > 10_000_000 {
            return Err(FlowError::invalid(
                "members",
                "expected 1 to 10 000 000 members",
            ));
        }
        if !(1..=1_000_000).contains(&self.member_capacity) {
            return Err(FlowError::invalid(
                "member_capacity",
                "expected 1 to 1 000 000 units per member",
            ));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let total = m as i64 * self.member_capacity;
        let mut demand = Vec::new();
        let mut left = total;
        while left > 0 {
            let d = rng.random_range(1..=5i64).min(left);
            demand.push(d);
            left -= d;
        }
        let side = 10_000.0f64;
        let point =
            |rng: &mut ChaCha8Rng| (rng.random_range(0.0..side), rng.random_range(0.0..side));
        let member_at: Vec<(f64, f64)> = (0..m).map(|_| point(&mut rng)).collect();
        let building_at: Vec<(f64, f64)> = demand.iter().map(|_| point(&mut rng)).collect();
        // A grid of about two members per cell, searched ring by ring for the nearest ones.
        let cells = ((m as f64 / 2.0).sqrt().ceil() as usize).max(1);
        let cell_of = |x: f64| ((x / side * cells as f64) as usize).min(cells - 1);
        let mut grid: Vec<Vec<u32>> = vec![Vec::new(); cells * cells];
        for (i, &(x, y)) in member_at.iter().enumerate() {
            grid[cell_of(y) * cells + cell_of(x)].push(i as u32);
        }
        let k = self.arcs_per_building.min(m);
        let mut problem = MinCostFlow::with_arc_capacity(m + demand.len(), demand.len() * (k + 2));
        for v in 0..m {
            problem.set_supply(v, self.member_capacity)?;
        }
        let distance = |a: (f64, f64), b: (f64, f64)| -> i64 {
            ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().round() as i64
        };
        let mut dealt = 0i64;
        let mut near: Vec<(i64, u32)> = Vec::new();
        for (j, (&d, &at)) in demand.iter().zip(&building_at).enumerate() {
            let b = m + j;
            problem.set_supply(b, -d)?;
            // The sequential dealing: units dealt..dealt + d belong to these members.
            let (first, last) = (
                dealt / self.member_capacity,
                (dealt + d - 1) / self.member_capacity,
            );
            dealt += d;
            for v in first..=last {
                let v = v as usize;
                problem.add_arc(v, b, d, distance(member_at[v], at))?;
            }
            // The k nearest: rings of cells until k members are found and the ring is beyond
            // the k-th distance.
            let (cx, cy) = (cell_of(at.0) as i64, cell_of(at.1) as i64);
            let cell_size = side / cells as f64;
            near.clear();
            let mut r = 0i64;
            loop {
                for gy in cy - r..=cy + r {
                    for gx in cx - r..=cx + r {
                        let on_ring = (gy - cy).abs() == r || (gx - cx).abs() == r;
                        if !on_ring || gx < 0 || gy < 0 || gx >= cells as i64 || gy >= cells as i64
                        {
                            continue;
                        }
                        for &v in &grid[gy as usize * cells + gx as usize] {
                            near.push((distance(member_at[v as usize], at), v));
                        }
                    }
                }
                near.sort_unstable();
                let covered = r as f64 * cell_size;
                if (near.len() >= k && near[k - 1].0 as f64 <= covered) || r as usize > cells {
                    break;
                }
                r += 1;
            }
            for &(c, v) in near.iter().take(k) {
                problem.add_arc(v as usize, b, d, c)?;
            }
        }
        Ok(problem)
    }
}

/// Splits `total` into `parts` positive random amounts.
fn split(rng: &mut ChaCha8Rng, total: i64, parts: usize) -> Vec<i64> {
    let weights: Vec<i64> = (0..parts).map(|_| rng.random_range(1..=100)).collect();
    let sum: i64 = weights.iter().sum();
    // Each part gets 1, the rest is shared by weight; the rounding remainder goes to part 0.
    let rest = total - parts as i64;
    let mut amounts: Vec<i64> = weights
        .iter()
        .map(|&w| 1 + (rest as i128 * w as i128 / sum as i128) as i64)
        .collect();
    let given: i64 = amounts.iter().sum();
    amounts[0] += total - given;
    amounts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_instance_and_feasible() {
        let a = NetgenParams::new(300, 2_400, 42).generate().unwrap();
        let b = NetgenParams::new(300, 2_400, 42).generate().unwrap();
        assert_eq!(a, b);
        let c = NetgenParams::new(300, 2_400, 43).generate().unwrap();
        assert_ne!(a, c);
        assert_eq!(a.supplies().map(|(_, s)| s).sum::<i64>(), 0);
        assert!(a.solve().is_ok());
    }
}
