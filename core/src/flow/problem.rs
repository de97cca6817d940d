//! The builder [`MinCostFlow`]: the one way into the solver, with its options and its result.

use std::collections::BTreeMap;

use super::error::FlowError;

/// The most nodes a problem may have: node indices are stored as `u32`, and the solver adds
/// a root node and keeps `u32::MAX` for "no node".
///
/// ```
/// assert_eq!(quanyu::flow::MAX_NODES, u32::MAX as usize - 2);
/// ```
pub const MAX_NODES: usize = u32::MAX as usize - 2;

/// The upper bound on an arc's flow.
///
/// Converts from `i64`, `i32` and `u32` (always finite) and from `Option<i64>` (`None` =
/// unbounded), so that capacity closures can return whichever is natural. A finite capacity
/// may be anything from 0 to `i64::MAX`; `i64::MAX` is an ordinary finite capacity, distinct
/// from [`Capacity::Unbounded`].
///
/// ```
/// use quanyu::flow::Capacity;
/// assert_eq!(Capacity::from(7), Capacity::Finite(7));
/// assert_eq!(Capacity::from(i64::MAX), Capacity::Finite(i64::MAX));
/// assert_eq!(Capacity::from(None::<i64>), Capacity::Unbounded);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capacity {
    /// At most this many units (must be non-negative).
    Finite(i64),
    /// No limit.
    Unbounded,
}

/// [`Capacity::Unbounded`], under a short name for arc lists.
///
/// ```
/// let mut p = quanyu::flow::MinCostFlow::new(2);
/// p.add_arc(0, 1, quanyu::flow::UNBOUNDED, 1).unwrap();
/// assert_eq!(p.arc(0).unwrap().capacity, quanyu::flow::Capacity::Unbounded);
/// ```
pub const UNBOUNDED: Capacity = Capacity::Unbounded;

impl From<i64> for Capacity {
    fn from(c: i64) -> Self {
        Capacity::Finite(c)
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
        c.map_or(Capacity::Unbounded, Capacity::Finite)
    }
}

/// The stored form of an unbounded capacity: finite capacities are at most `i64::MAX`, so the
/// top half of `u64` is free, and a plain comparison tells the two apart.
pub(super) const UNBOUNDED_CAP: u64 = u64::MAX;

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

/// Which algorithm [`MinCostFlow::solve`] runs. Every engine returns an optimal flow of the
/// same cost, with potentials that certify it, and the same errors; when several flows are
/// optimal they may return different ones.
///
/// ```
/// use quanyu::flow::{Engine, MinCostFlow};
///
/// let mut p = MinCostFlow::new(3);
/// p.set_supply(0, 2).unwrap();
/// p.set_supply(2, -2).unwrap();
/// p.add_arc(0, 1, 2, 1).unwrap();
/// p.add_arc(1, 2, 2, 1).unwrap();
/// p.add_arc(0, 2, 1, 3).unwrap();
/// p.set_engine(Engine::NetworkSimplex);
/// let simplex = p.solve().unwrap();
/// p.set_engine(Engine::CostScaling);
/// let scaling = p.solve().unwrap();
/// assert_eq!((simplex.cost, scaling.cost), (4, 4));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Engine {
    /// Chooses by the shape of the instance: see [`MinCostFlow::chosen_engine`].
    #[default]
    Auto,
    /// The primal network simplex ([`network_simplex`](crate::flow::network_simplex)), under
    /// the problem's [`PivotRule`].
    NetworkSimplex,
    /// Goldberg's cost-scaling push–relabel ([`cost_scaling`](crate::flow::cost_scaling)).
    /// It ignores the [`PivotRule`], and hands the problem to the network simplex whenever it
    /// cannot prove its answer itself (infeasible and unbounded problems, totals beyond 64
    /// bits once scaled), so errors are the simplex's.
    CostScaling,
}

/// How the network simplex chooses its pivots. Every rule gives an optimal flow of the same
/// cost; when several flows are optimal, the rule decides which one is returned.
///
/// ```
/// use quanyu::flow::{MinCostFlow, PivotRule};
///
/// // Two equally cheap routes: the rules may pick different ones, at the same cost.
/// let mut p = MinCostFlow::new(3);
/// p.set_supply(0, 1).unwrap();
/// p.set_supply(2, -1).unwrap();
/// p.add_arc(0, 2, 1, 2).unwrap();
/// p.add_arc(0, 1, 1, 1).unwrap();
/// p.add_arc(1, 2, 1, 1).unwrap();
/// let fast = p.solve().unwrap();
/// p.set_pivot_rule(PivotRule::Networkx);
/// let nx = p.solve().unwrap();
/// assert_eq!((fast.cost, nx.cost), (2, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PivotRule {
    /// The fast rule: arcs stored in a mixed order, a crash start, block search pricing with
    /// blocks of `ceil(sqrt(arcs))` (at least 10), artificial arcs of cost `M` (see
    /// [`network_simplex`](crate::flow::network_simplex)).
    #[default]
    BlockSearch,
    /// The rule of networkx's `network_simplex`, step for step, so that the same problem
    /// gives the same flow as networkx even when several flows are optimal: arcs in input
    /// order, artificial arcs whose cost and capacity are both
    /// `3 · max(Σ finite capacities, Σ |cost|, Σ |supply|)` (or 1 when that is 0), blocks of
    /// `ceil(sqrt(arcs))` that wrap around the end of the arc list, the first arc of least
    /// reduced cost in a block entering, and the optimum declared after as many blocks in a
    /// row without a candidate as it takes to cover every arc. Like networkx, a solution in
    /// which some arc carries at least half of that artificial capacity is reported as
    /// [`FlowError::Unbounded`]. Only [`SupplyMode::Exact`] is supported.
    Networkx,
}

/// An optimal flow, and node potentials that certify it.
///
/// Optimality can be checked from the potentials: with
/// `reduced = cost[a] + potential(tail[a]) - potential(head[a])`, every arc with `reduced > 0`
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
/// assert_eq!(4 + s.potential(0) - s.potential(1), 0); // a carries flow below capacity: tight
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FlowSolution {
    /// The total cost, Σ flow·cost.
    pub cost: i128,
    /// The flow on each arc, by arc index (by the graph's edge index in the petgraph front
    /// end, with 0 for vacant indices).
    pub flow: Vec<i64>,
    /// The potentials of the nodes that the solver saw, in increasing node order.
    pub(super) potential: Vec<i128>,
    /// Which nodes those are, when not all of them: a problem with many more nodes than arcs
    /// and supplies is solved on the nodes that carry something, so that memory follows what
    /// the problem holds. The others have potential 0.
    pub(super) solved_nodes: Option<Vec<u32>>,
    /// The number of nodes of the problem.
    pub(super) node_count: usize,
}

impl FlowSolution {
    /// The potential (dual price) of `node`; 0 for a node out of range and for a node that no
    /// arc touches and that has no supply (any value would do for it).
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(3);
    /// p.set_supply(0, 1).unwrap();
    /// p.set_supply(1, -1).unwrap();
    /// p.add_arc(0, 1, 1, 5).unwrap();
    /// let s = p.solve().unwrap();
    /// assert_eq!(5 + s.potential(0) - s.potential(1), 0);
    /// assert_eq!(s.potential(2), 0);
    /// ```
    pub fn potential(&self, node: usize) -> i128 {
        match &self.solved_nodes {
            None => self.potential.get(node).copied().unwrap_or(0),
            Some(nodes) => u32::try_from(node)
                .ok()
                .and_then(|v| nodes.binary_search(&v).ok())
                .map_or(0, |i| self.potential[i]),
        }
    }

    /// The potentials of all nodes, by node (allocates one entry per node of the problem).
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.add_arc(0, 1, 1, 3).unwrap();
    /// assert_eq!(p.solve().unwrap().potentials().len(), 2);
    /// ```
    pub fn potentials(&self) -> Vec<i128> {
        match &self.solved_nodes {
            None => self.potential.clone(),
            Some(nodes) => {
                let mut all = vec![0; self.node_count];
                for (&v, &p) in nodes.iter().zip(&self.potential) {
                    all[v as usize] = p;
                }
                all
            }
        }
    }

    /// The number of nodes of the problem solved.
    ///
    /// ```
    /// assert_eq!(quanyu::flow::MinCostFlow::new(4).solve().unwrap().node_count(), 4);
    /// ```
    pub fn node_count(&self) -> usize {
        self.node_count
    }
}

/// One arc of a [`MinCostFlow`], as returned by [`MinCostFlow::arc`].
///
/// ```
/// use quanyu::flow::{Capacity, FlowArc, MinCostFlow};
/// let mut p = MinCostFlow::new(2);
/// p.add_arc_with_lower_bound(0, 1, 1, 4, 3).unwrap();
/// assert_eq!(
///     p.arc(0),
///     Some(FlowArc { tail: 0, head: 1, lower: 1, capacity: Capacity::Finite(4), cost: 3 })
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlowArc {
    /// Where the arc starts.
    pub tail: usize,
    /// Where the arc ends.
    pub head: usize,
    /// The least flow it must carry.
    pub lower: i64,
    /// The most flow it may carry.
    pub capacity: Capacity,
    /// The cost per unit.
    pub cost: i64,
}

/// The supplies: a dense prefix of nodes, and a sorted map for nodes far beyond it. The
/// prefix only grows in proportion to what has been stored, so that a problem declared with
/// a huge node count but holding little takes little memory.
#[derive(Debug, Clone, Default)]
pub(super) struct Supplies {
    dense: Vec<i64>,
    sparse: BTreeMap<usize, i64>,
}

/// Equal when every node has the same supply, however it is stored.
impl PartialEq for Supplies {
    fn eq(&self, other: &Self) -> bool {
        self.nonzero().eq(other.nonzero())
    }
}

impl Eq for Supplies {}

impl Supplies {
    pub(super) fn get(&self, node: usize) -> i64 {
        match self.dense.get(node) {
            Some(&s) => s,
            None => self.sparse.get(&node).copied().unwrap_or(0),
        }
    }

    /// Stores a supply; `content` is how much else the problem holds (its arcs), which the
    /// dense prefix may grow in proportion to.
    fn set(&mut self, node: usize, supply: i64, content: usize) {
        if let Some(slot) = self.dense.get_mut(node) {
            *slot = supply;
            return;
        }
        let budget = 1024 + 2 * (content + self.dense.len() + self.sparse.len());
        if node < budget {
            self.dense.resize(node + 1, 0);
            let beyond = self.sparse.split_off(&(node + 1));
            for (v, s) in std::mem::replace(&mut self.sparse, beyond) {
                self.dense[v] = s;
            }
            self.dense[node] = supply;
        } else if supply == 0 {
            self.sparse.remove(&node);
        } else {
            self.sparse.insert(node, supply);
        }
    }

    /// The nodes with a non-zero supply, in increasing order, with their supplies.
    pub(super) fn nonzero(&self) -> impl Iterator<Item = (usize, i64)> + '_ {
        let dense = self
            .dense
            .iter()
            .enumerate()
            .filter(|&(_, &s)| s != 0)
            .map(|(v, &s)| (v, s));
        dense.chain(self.sparse.iter().map(|(&v, &s)| (v, s)))
    }

    /// How many entries are stored (an upper bound on the non-zero ones).
    pub(super) fn stored(&self) -> usize {
        self.dense.len() + self.sparse.len()
    }
}

/// A min-cost-flow problem on nodes `0..n` and a list of arcs: the one way into the solver.
///
/// Arcs may have lower bounds, unbounded capacities and negative costs; parallel arcs and
/// self-loops are allowed. [`solve`](Self::solve) runs the network simplex (see
/// [`network_simplex`](crate::flow::network_simplex)) and is deterministic. The DIMACS reader,
/// the petgraph front end [`min_cost_flow`](crate::flow::min_cost_flow) and the bindings all
/// build one of these.
///
/// Any `i64` supply, finite capacity from 0 to `i64::MAX` and `i64` cost is accepted:
/// the solver picks 64-bit arithmetic when it can prove that every intermediate value fits,
/// and 128-bit arithmetic otherwise, so no input overflows. Only a result that does not fit
/// its type (an arc of unbounded capacity that must carry more than `i64::MAX` units) is
/// refused, with [`FlowError::Overflow`] naming the arc.
///
/// Memory follows what the problem holds: a problem declared on a billion nodes with ten
/// arcs stores and solves ten arcs.
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
    pub(super) node_count: usize,
    pub(super) supply: Supplies,
    pub(super) tail: Vec<u32>,
    pub(super) head: Vec<u32>,
    /// Empty until some arc has a non-zero lower bound.
    pub(super) lower: Vec<i64>,
    /// Finite capacities as they are; [`UNBOUNDED_CAP`] for unbounded arcs.
    pub(super) capacity: Vec<u64>,
    pub(super) cost: Vec<i64>,
    mode: SupplyMode,
    rule: PivotRule,
    engine: Engine,
}

impl MinCostFlow {
    /// A problem on `node_count` nodes with zero supply and no arcs. Allocates nothing per
    /// node: memory grows with the supplies and arcs added.
    ///
    /// ```
    /// let p = quanyu::flow::MinCostFlow::new(3);
    /// assert_eq!((p.node_count(), p.arc_count()), (3, 0));
    /// ```
    pub fn new(node_count: usize) -> Self {
        MinCostFlow {
            node_count,
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
        p.reserve_arcs(arc_count);
        p
    }

    /// Reserves room for `additional` more arcs.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.reserve_arcs(10);
    /// assert_eq!(p.arc_count(), 0);
    /// ```
    pub fn reserve_arcs(&mut self, additional: usize) {
        self.tail.reserve(additional);
        self.head.reserve(additional);
        self.capacity.reserve(additional);
        self.cost.reserve(additional);
    }

    /// The number of nodes.
    ///
    /// ```
    /// assert_eq!(quanyu::flow::MinCostFlow::new(5).node_count(), 5);
    /// ```
    pub fn node_count(&self) -> usize {
        self.node_count
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
    /// assert_eq!(p.supply(0), -2);
    /// ```
    pub fn add_node(&mut self, supply: i64) -> usize {
        let v = self.node_count;
        self.node_count += 1;
        self.supply.set(v, supply, self.tail.len());
        v
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
    /// let err = p.set_supply(2, 1).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid input `node`: node 2 is out of range: expected 0..2");
    /// ```
    pub fn set_supply(&mut self, node: usize, supply: i64) -> Result<(), FlowError> {
        self.check_node("node", node)?;
        self.supply.set(node, supply, self.tail.len());
        Ok(())
    }

    /// A node's supply (0 for a node out of range).
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.set_supply(1, 7).unwrap();
    /// assert_eq!((p.supply(0), p.supply(1)), (0, 7));
    /// ```
    pub fn supply(&self, node: usize) -> i64 {
        self.supply.get(node)
    }

    /// The nodes with a non-zero supply, in increasing order, with their supplies.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(1_000_000_000);
    /// p.set_supply(999_999_999, -3).unwrap();
    /// p.set_supply(2, 3).unwrap();
    /// assert_eq!(p.supplies().collect::<Vec<_>>(), vec![(2, 3), (999_999_999, -3)]);
    /// ```
    pub fn supplies(&self) -> impl Iterator<Item = (usize, i64)> + '_ {
        self.supply.nonzero()
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

    /// Chooses the pivot rule (default [`PivotRule::BlockSearch`]).
    ///
    /// ```
    /// use quanyu::flow::{MinCostFlow, PivotRule};
    /// let mut p = MinCostFlow::new(1);
    /// p.set_pivot_rule(PivotRule::Networkx);
    /// assert_eq!(p.pivot_rule(), PivotRule::Networkx);
    /// ```
    pub fn set_pivot_rule(&mut self, rule: PivotRule) -> &mut Self {
        self.rule = rule;
        self
    }

    /// The pivot rule.
    ///
    /// ```
    /// use quanyu::flow::{MinCostFlow, PivotRule};
    /// assert_eq!(MinCostFlow::new(1).pivot_rule(), PivotRule::BlockSearch);
    /// ```
    pub fn pivot_rule(&self) -> PivotRule {
        self.rule
    }

    /// Chooses the engine (default [`Engine::Auto`]).
    ///
    /// ```
    /// use quanyu::flow::{Engine, MinCostFlow};
    /// let mut p = MinCostFlow::new(1);
    /// p.set_engine(Engine::CostScaling);
    /// assert_eq!(p.engine(), Engine::CostScaling);
    /// ```
    pub fn set_engine(&mut self, engine: Engine) -> &mut Self {
        self.engine = engine;
        self
    }

    /// The engine as set (possibly [`Engine::Auto`]).
    ///
    /// ```
    /// use quanyu::flow::{Engine, MinCostFlow};
    /// assert_eq!(MinCostFlow::new(1).engine(), Engine::Auto);
    /// ```
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The engine that [`solve`](Self::solve) will run: the one set, or for [`Engine::Auto`]
    /// the one the rule below picks.
    ///
    /// The rule: [`Engine::NetworkSimplex`], always, for now. Measured once in release
    /// (`cargo bench -p quanyu-benches --bench flow -- min_cost_flow_engines
    /// --measurement-time 2 --warm-up-time 1`, 2-core machine shared with other jobs), median
    /// times, simplex against cost scaling: NETGEN 10 000 arcs 6.2 ms / 37.5 ms; NETGEN
    /// 100 000 arcs 122 ms / 340 ms; tight transportation with 2 000 members (about 64 000
    /// arcs) 173 ms / 411 ms; with 20 000 members (about 640 000 arcs) 18.6 s / 16.6 s, within
    /// each other's spread. Cost scaling was not clearly faster anywhere measured, so `Auto`
    /// keeps the simplex; choose [`Engine::CostScaling`] explicitly to try it on very large
    /// tight transportation problems.
    ///
    /// ```
    /// use quanyu::flow::{Engine, MinCostFlow};
    /// let p = MinCostFlow::new(2);
    /// assert_eq!(p.chosen_engine(), Engine::NetworkSimplex);
    /// ```
    pub fn chosen_engine(&self) -> Engine {
        match self.engine {
            Engine::Auto => self.auto_engine(),
            chosen => chosen,
        }
    }

    /// The rule of [`Engine::Auto`] (see [`chosen_engine`](Self::chosen_engine)).
    fn auto_engine(&self) -> Engine {
        Engine::NetworkSimplex
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
    /// let err = p.add_arc(0, 2, 4, 2).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid input `head`: node 2 is out of range: expected 0..2");
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
    /// [`FlowError::InvalidInput`] for a node out of range, a negative capacity, a negative
    /// lower bound, or a lower bound above the capacity.
    ///
    /// ```
    /// use quanyu::flow::MinCostFlow;
    /// let mut p = MinCostFlow::new(2);
    /// // A circulation forced through a dear arc: 2 units must go round.
    /// let a = p.add_arc_with_lower_bound(0, 1, 2, 5, 10).unwrap();
    /// let b = p.add_arc(1, 0, 9, 1).unwrap();
    /// let s = p.solve().unwrap();
    /// assert_eq!((s.flow[a], s.flow[b], s.cost), (2, 2, 22));
    /// let err = p.add_arc_with_lower_bound(0, 1, 6, 5, 1).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid input `lower`: arc 2 has lower bound 6: expected 0 to its capacity 5"
    /// );
    /// ```
    pub fn add_arc_with_lower_bound(
        &mut self,
        tail: usize,
        head: usize,
        lower: i64,
        capacity: impl Into<Capacity>,
        cost: i64,
    ) -> Result<usize, FlowError> {
        self.check_node("tail", tail)?;
        self.check_node("head", head)?;
        let a = self.tail.len();
        let capacity = match capacity.into() {
            Capacity::Finite(c) if c < 0 => {
                return Err(FlowError::invalid(
                    "capacity",
                    format!("arc {a} has capacity {c}: expected 0 or more"),
                ));
            }
            Capacity::Finite(c) => c as u64,
            Capacity::Unbounded => UNBOUNDED_CAP,
        };
        if lower < 0 || (capacity != UNBOUNDED_CAP && lower as u64 > capacity) {
            let upto = if capacity == UNBOUNDED_CAP {
                "0 or more".to_string()
            } else {
                format!("0 to its capacity {capacity}")
            };
            return Err(FlowError::invalid(
                "lower",
                format!("arc {a} has lower bound {lower}: expected {upto}"),
            ));
        }
        if u32::try_from(a).map_or(true, |a| a as usize >= MAX_NODES) {
            return Err(FlowError::invalid(
                "arc",
                format!("arc {a} is one too many: at most {MAX_NODES} arcs"),
            ));
        }
        if lower != 0 || !self.lower.is_empty() {
            self.lower.resize(a, 0);
            self.lower.push(lower);
        }
        // Both ends were checked against the node count, which is at most MAX_NODES.
        self.tail.push(tail as u32);
        self.head.push(head as u32);
        self.capacity.push(capacity);
        self.cost.push(cost);
        Ok(a)
    }

    /// Removes the arcs from index `len` on (nothing if there are no more than `len`).
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.add_arc(0, 1, 1, 1).unwrap();
    /// p.add_arc_with_lower_bound(1, 0, 1, 1, 1).unwrap();
    /// p.truncate_arcs(1);
    /// assert_eq!(p.arc_count(), 1);
    /// ```
    pub fn truncate_arcs(&mut self, len: usize) {
        self.tail.truncate(len);
        self.head.truncate(len);
        self.capacity.truncate(len);
        self.cost.truncate(len);
        self.lower.truncate(len);
        if self.lower.iter().all(|&l| l == 0) {
            self.lower.clear();
        }
    }

    /// Arc `a`, or `None` if there is no such arc.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.add_arc(1, 0, 3, -2).unwrap();
    /// let a = p.arc(0).unwrap();
    /// assert_eq!((a.tail, a.head, a.cost), (1, 0, -2));
    /// assert!(p.arc(1).is_none());
    /// ```
    pub fn arc(&self, a: usize) -> Option<FlowArc> {
        (a < self.arc_count()).then(|| self.arc_at(a))
    }

    /// Arc `a`, which must exist.
    fn arc_at(&self, a: usize) -> FlowArc {
        let capacity = self.capacity[a];
        FlowArc {
            tail: self.tail[a] as usize,
            head: self.head[a] as usize,
            lower: self.lower.get(a).copied().unwrap_or(0),
            capacity: if capacity == UNBOUNDED_CAP {
                Capacity::Unbounded
            } else {
                Capacity::Finite(capacity as i64)
            },
            cost: self.cost[a],
        }
    }

    /// The arcs, in index order.
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(3);
    /// p.add_arc(0, 1, 1, 1).unwrap();
    /// p.add_arc(1, 2, 1, 1).unwrap();
    /// let heads: Vec<usize> = p.arcs().map(|a| a.head).collect();
    /// assert_eq!(heads, vec![1, 2]);
    /// ```
    pub fn arcs(&self) -> impl ExactSizeIterator<Item = FlowArc> + '_ {
        (0..self.arc_count()).map(|a| self.arc_at(a))
    }

    /// Solves the problem to optimality.
    ///
    /// # Errors
    ///
    /// * [`FlowError::Unbalanced`] when the supplies do not balance as the [`SupplyMode`]
    ///   requires;
    /// * [`FlowError::Infeasible`] with the nodes left short (with lower bounds, the supplies
    ///   reported are the effective ones: each node's supply minus the lower bounds of its
    ///   outgoing arcs plus those of its incoming arcs);
    /// * [`FlowError::Unbounded`] with a negative-cost cycle of unbounded arcs;
    /// * [`FlowError::Overflow`] naming the arc whose optimal flow exceeds `i64::MAX` (only an
    ///   unbounded arc can), or if the optimal cost exceeds the `i128` range;
    /// * [`FlowError::InvalidInput`] for more than [`MAX_NODES`] nodes, or a
    ///   [`PivotRule::Networkx`] solve in a relaxed [`SupplyMode`].
    ///
    /// ```
    /// let mut p = quanyu::flow::MinCostFlow::new(2);
    /// p.set_supply(0, 1).unwrap();
    /// p.set_supply(1, -1).unwrap();
    /// p.add_arc(0, 1, 1, 7).unwrap();
    /// assert_eq!(p.solve().unwrap().cost, 7);
    /// ```
    pub fn solve(&self) -> Result<FlowSolution, FlowError> {
        match self.chosen_engine() {
            Engine::CostScaling => super::cost_scaling::solve(self),
            _ => super::network_simplex::solve(self),
        }
    }

    fn check_node(&self, name: &'static str, node: usize) -> Result<(), FlowError> {
        if node >= self.node_count {
            return Err(FlowError::invalid(
                name,
                format!(
                    "node {node} is out of range: expected 0..{}",
                    self.node_count
                ),
            ));
        }
        if node >= MAX_NODES {
            return Err(FlowError::invalid(
                name,
                format!("node {node} is out of range: expected 0..{MAX_NODES}"),
            ));
        }
        Ok(())
    }
}
