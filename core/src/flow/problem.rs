//! The plain problem builder [`MinCostFlow`], its options and its result.

use super::error::FlowError;
use super::network_simplex::{solve_arcs, solve_arcs_with_nominal};

/// The capacity value that means "no limit" in the flat-array API ([`solve_arcs`]):
/// `i64::MAX`.
///
/// ```
/// assert_eq!(quanyu::flow::UNBOUNDED, i64::MAX);
/// assert_eq!(quanyu::flow::Capacity::from(quanyu::flow::UNBOUNDED), quanyu::flow::Capacity::Unbounded);
/// ```
pub const UNBOUNDED: i64 = i64::MAX;

/// The upper bound on an arc's flow.
///
/// Converts from `i64` (`i64::MAX` = [`UNBOUNDED`] means unbounded), from `u32`/`i32`, and from
/// `Option<i64>` (`None` = unbounded), so capacity closures can return whichever is natural.
///
/// ```
/// use quanyu::flow::Capacity;
/// assert_eq!(Capacity::from(7), Capacity::Finite(7));
/// assert_eq!(Capacity::from(None::<i64>), Capacity::Unbounded);
/// assert_eq!(Capacity::Unbounded.as_i64(), i64::MAX);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capacity {
    /// At most this many units (must be non-negative).
    Finite(i64),
    /// No limit.
    Unbounded,
}

impl Capacity {
    /// The `i64` form used by [`solve_arcs`]: the finite value, or [`UNBOUNDED`].
    ///
    /// ```
    /// assert_eq!(quanyu::flow::Capacity::Finite(3).as_i64(), 3);
    /// ```
    pub fn as_i64(self) -> i64 {
        match self {
            Capacity::Finite(c) => c,
            Capacity::Unbounded => UNBOUNDED,
        }
    }
}

impl From<i64> for Capacity {
    fn from(c: i64) -> Self {
        if c == UNBOUNDED {
            Capacity::Unbounded
        } else {
            Capacity::Finite(c)
        }
    }
}

impl From<i32> for Capacity {
    fn from(c: i32) -> Self {
        Capacity::Finite(c.into())
    }
}

impl From<u32> for Capacity {
    fn from(c: u32) -> Self {
        Capacity::Finite(c.into())
    }
}

impl From<Option<i64>> for Capacity {
    fn from(c: Option<i64>) -> Self {
        c.map_or(Capacity::Unbounded, Capacity::from)
    }
}

/// How supplies and demands must be met.
///
/// ```
/// use quanyu::flow::{MinCostFlow, SupplyMode};
///
/// // 10 units on offer, 6 wanted: only possible if the surplus may stay put.
/// let mut p = MinCostFlow::new(2);
/// p.set_supply(0, 10).unwrap();
/// p.set_supply(1, -6).unwrap();
/// p.add_arc(0, 1, 100, 2).unwrap();
/// assert!(p.solve().is_err());
/// p.set_mode(SupplyMode::SupplyAtMost);
/// assert_eq!(p.solve().unwrap().flow, vec![6]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SupplyMode {
    /// Every supply is shipped and every demand met exactly; the supplies must sum to 0. This
    /// is the DIMACS contract.
    #[default]
    Exact,
    /// Supply nodes ship at most their supply (the surplus stays where it is); demand and
    /// transit nodes balance exactly. The supplies must sum to 0 or more. In the potentials, a
    /// supply node that ships part of its supply has potential 0, one that ships all of it
    /// has potential ≥ 0, one that ships none ≤ 0.
    SupplyAtMost,
    /// Demand nodes receive at most their demand; every supply is shipped and transit nodes
    /// balance. The supplies must sum to 0 or less. A demand node that receives part of its
    /// demand has potential 0, one that receives all of it ≤ 0, one that receives none ≥ 0.
    DemandAtMost,
}

/// An optimal flow.
///
/// Optimality can be checked from the potentials: with
/// `reduced = cost[a] + potential[tail[a]] - potential[head[a]]`, every arc with `reduced > 0`
/// is at its lower bound, every arc with `reduced < 0` at its capacity, and any arc strictly
/// between its bounds has `reduced == 0`.
///
/// ```
/// use quanyu::flow::MinCostFlow;
///
/// let mut p = MinCostFlow::new(2);
/// p.set_supply(0, 3).unwrap();
/// p.set_supply(1, -3).unwrap();
/// let a = p.add_arc(0, 1, 5, 4).unwrap();
/// let s = p.solve().unwrap();
/// assert_eq!((s.cost, s.flow[a]), (12, 3));
/// assert_eq!(4 + s.potential[0] - s.potential[1], 0); // a carries flow below capacity: tight
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlowSolution {
    /// The total cost, Σ flow·cost (exact: `i128` cannot overflow here).
    pub cost: i128,
    /// The flow on each arc, by arc index (by the graph's edge index in the petgraph front
    /// end, with 0 for vacant indices).
    pub flow: Vec<i64>,
    /// A node potential (dual price) for each node, by node index.
    pub potential: Vec<i64>,
}

/// A min-cost-flow problem on nodes `0..n` and an arc list: the builder over [`solve_arcs`].
///
/// Arcs may have lower bounds, unbounded capacities, negative costs; parallel arcs and
/// self-loops are allowed. [`solve`](Self::solve) runs the network simplex (see
/// [`network_simplex`](crate::flow::network_simplex)) and is deterministic.
///
/// ```
/// use quanyu::flow::{Capacity, MinCostFlow};
///
/// let mut p = MinCostFlow::new(4);
/// p.set_supply(0, 4).unwrap();
/// p.set_supply(3, -4).unwrap();
/// let a = p.add_arc(0, 1, 2, 1).unwrap();
/// let b = p.add_arc(0, 2, Capacity::Unbounded, 3).unwrap();
/// let c = p.add_arc(1, 3, 5, 1).unwrap();
/// let d = p.add_arc(2, 3, 5, 1).unwrap();
/// let s = p.solve().unwrap();
/// assert_eq!((s.flow[a], s.flow[b], s.flow[c], s.flow[d]), (2, 2, 2, 2));
/// assert_eq!(s.cost, 2 * 2 + 2 * 4);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinCostFlow {
    pub(super) supply: Vec<i64>,
    pub(super) tail: Vec<u32>,
    pub(super) head: Vec<u32>,
    /// Empty until some arc has a non-zero lower bound.
    pub(super) lower: Vec<i64>,
    pub(super) capacity: Vec<i64>,
    pub(super) cost: Vec<i64>,
    mode: SupplyMode,
}

impl MinCostFlow {
    /// A problem on `node_count` nodes with zero supply and no arcs.
    ///
    /// ```
    /// let p = quanyu::flow::MinCostFlow::new(3);
    /// assert_eq!((p.node_count(), p.arc_count()), (3, 0));
    /// ```
    pub fn new(node_count: usize) -> Self {
        MinCostFlow {
            supply: vec![0; node_count],
            ..Default::default()
        }
    }

    /// Like [`new`](Self::new), with room reserved for `arc_count` arcs.
    ///
    /// ```
    /// let p = quanyu::flow::MinCostFlow::with_arc_capacity(3, 100);
    /// assert_eq!(p.arc_count(), 0);
    /// ```
    pub fn with_arc_capacity(node_count: usize, arc_count: usize) -> Self {
        let mut p = Self::new(node_count);
        p.tail.reserve(arc_count);
        p.head.reserve(arc_count);
        p.capacity.reserve(arc_count);
        p.cost.reserve(arc_count);
        p
    }

    /// The number of nodes.
    ///
    /// ```
    /// assert_eq!(quanyu::flow::MinCostFlow::new(5).node_count(), 5);
    /// ```
    pub fn node_count(&self) -> usize {
        self.supply.len()
    }

    /// The number of arcs.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.add_arc(0, 1, 1, 0).unwrap();
    /// assert_eq!(p.arc_count(), 1);
    /// ```
    pub fn arc_count(&self) -> usize {
        self.tail.len()
    }

    /// Appends a node with the given supply (negative = demand); returns its index.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(0);
    /// assert_eq!(p.add_node(-2), 0);
    /// assert_eq!(p.supplies(), &[-2]);
    /// ```
    pub fn add_node(&mut self, supply: i64) -> usize {
        self.supply.push(supply);
        self.supply.len() - 1
    }

    /// Sets a node's supply (positive) or demand (negative).
    ///
    /// # Errors
    ///
    /// [`FlowError::InvalidInput`] if `node` is out of range.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.set_supply(1, -4).unwrap();
    /// assert!(p.set_supply(2, 1).is_err());
    /// ```
    pub fn set_supply(&mut self, node: usize, supply: i64) -> Result<(), FlowError> {
        let n = self.supply.len();
        let slot = self.supply.get_mut(node).ok_or_else(|| {
            FlowError::invalid("node", format!("node {node} out of range 0..{n}"))
        })?;
        *slot = supply;
        Ok(())
    }

    /// The supplies, by node.
    ///
    /// ```
    /// assert_eq!(quanyu::flow::MinCostFlow::new(2).supplies(), &[0, 0]);
    /// ```
    pub fn supplies(&self) -> &[i64] {
        &self.supply
    }

    /// Chooses how supplies must be met (default [`SupplyMode::Exact`]).
    ///
    /// ```
    /// use quanyu::flow::{MinCostFlow, SupplyMode};
    /// let mut p = MinCostFlow::new(1);
    /// p.set_mode(SupplyMode::SupplyAtMost);
    /// assert_eq!(p.mode(), SupplyMode::SupplyAtMost);
    /// ```
    pub fn set_mode(&mut self, mode: SupplyMode) -> &mut Self {
        self.mode = mode;
        self
    }

    /// The supply mode.
    ///
    /// ```
    /// assert_eq!(quanyu::flow::MinCostFlow::new(1).mode(), quanyu::flow::SupplyMode::Exact);
    /// ```
    pub fn mode(&self) -> SupplyMode {
        self.mode
    }

    /// Adds an arc `tail -> head` that may carry 0 up to `capacity` units at `cost` each;
    /// returns its index (arcs are numbered from 0 in the order added).
    ///
    /// # Errors
    ///
    /// [`FlowError::InvalidInput`] for a node out of range or a negative capacity.
    ///
    /// ```
    /// use quanyu::flow::{Capacity, MinCostFlow};
    /// let mut p = MinCostFlow::new(2);
    /// assert_eq!(p.add_arc(0, 1, Capacity::Unbounded, -3).unwrap(), 0);
    /// assert_eq!(p.add_arc(1, 0, 4, 2).unwrap(), 1);
    /// assert!(p.add_arc(0, 2, 4, 2).is_err());
    /// ```
    pub fn add_arc(
        &mut self,
        tail: usize,
        head: usize,
        capacity: impl Into<Capacity>,
        cost: i64,
    ) -> Result<usize, FlowError> {
        self.add_arc_with_lower_bound(tail, head, 0, capacity, cost)
    }

    /// Adds an arc that must carry between `lower` and `capacity` units (`0 <= lower <=
    /// capacity`); returns its index. The returned flows include the lower bound.
    ///
    /// # Errors
    ///
    /// [`FlowError::InvalidInput`] for a node out of range, a negative lower bound, or a
    /// lower bound above the capacity.
    ///
    /// ```
    /// use quanyu::flow::MinCostFlow;
    /// let mut p = MinCostFlow::new(2);
    /// // A circulation forced through a dear arc: 2 units must go round.
    /// let a = p.add_arc_with_lower_bound(0, 1, 2, 5, 10).unwrap();
    /// let b = p.add_arc(1, 0, 9, 1).unwrap();
    /// let s = p.solve().unwrap();
    /// assert_eq!((s.flow[a], s.flow[b], s.cost), (2, 2, 22));
    /// ```
    pub fn add_arc_with_lower_bound(
        &mut self,
        tail: usize,
        head: usize,
        lower: i64,
        capacity: impl Into<Capacity>,
        cost: i64,
    ) -> Result<usize, FlowError> {
        let n = self.supply.len();
        for (name, v) in [("tail", tail), ("head", head)] {
            if v >= n {
                return Err(FlowError::invalid(
                    name,
                    format!("node {v} out of range 0..{n}"),
                ));
            }
        }
        let capacity = capacity.into().as_i64();
        if capacity < 0 {
            return Err(FlowError::invalid("capacity", format!("{capacity} < 0")));
        }
        if lower < 0 || lower > capacity {
            return Err(FlowError::invalid(
                "lower",
                format!("lower bound {lower} outside 0..={capacity}"),
            ));
        }
        if lower != 0 || !self.lower.is_empty() {
            self.lower.resize(self.tail.len(), 0);
            self.lower.push(lower);
        }
        self.tail.push(tail as u32);
        self.head.push(head as u32);
        self.capacity.push(capacity);
        self.cost.push(cost);
        Ok(self.tail.len() - 1)
    }

    /// Solves the problem to optimality.
    ///
    /// # Errors
    ///
    /// See [`solve_arcs`]. With lower bounds, the supplies reported in
    /// [`FlowError::Infeasible`] are the effective ones: each node's supply minus the lower
    /// bounds of its outgoing arcs plus those of its incoming arcs.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.set_supply(0, 1).unwrap();
    /// p.set_supply(1, -1).unwrap();
    /// p.add_arc(0, 1, 1, 7).unwrap();
    /// assert_eq!(p.solve().unwrap().cost, 7);
    /// ```
    pub fn solve(&self) -> Result<FlowSolution, FlowError> {
        if self.lower.is_empty() {
            return solve_arcs(
                &self.supply,
                &self.tail,
                &self.head,
                &self.capacity,
                &self.cost,
                self.mode,
            );
        }
        // Lower bounds: ship `lower` up front (tail gives it, head receives it), and leave
        // `capacity - lower` to the solver.
        let overflow = || FlowError::overflow("supplies shifted by lower bounds exceed i64");
        let mut supply = self.supply.clone();
        let mut capacity = self.capacity.clone();
        let mut fixed_cost = 0i128;
        for (a, &l) in self.lower.iter().enumerate() {
            if l == 0 {
                continue;
            }
            let (t, h) = (self.tail[a] as usize, self.head[a] as usize);
            supply[t] = supply[t].checked_sub(l).ok_or_else(overflow)?;
            supply[h] = supply[h].checked_add(l).ok_or_else(overflow)?;
            if capacity[a] != UNBOUNDED {
                capacity[a] -= l;
            }
            fixed_cost += l as i128 * self.cost[a] as i128;
        }
        let mut solution = solve_arcs_with_nominal(
            &supply,
            &self.tail,
            &self.head,
            &capacity,
            &self.cost,
            self.mode,
            &self.supply,
        )?;
        for (f, &l) in solution.flow.iter_mut().zip(&self.lower) {
            *f = f
                .checked_add(l)
                .ok_or_else(|| FlowError::overflow("flow exceeds i64::MAX"))?;
        }
        solution.cost += fixed_cost;
        Ok(solution)
    }
}
