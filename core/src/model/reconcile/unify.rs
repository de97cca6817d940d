//! The unified layer: each building in exactly one grid of the reference, compounds whole,
//! every grid's size within a range, with the fewest buildings moved — a min-cost flow.
//!
//! Each *group* (a compound, or a building outside any compound) is one supply node; arcs go
//! to the grids it may join (its *candidates*) at the cost of the buildings it would move
//! out of their reference grid; each grid sends what it receives to the sink through an arc
//! whose lower bound is the minimum size and whose capacity is the maximum.
//!
//! When a group weighs one unit ([`SizeMeasure::Groups`], or buildings outside compounds)
//! the flow's integrality makes every group go whole to one grid, and the flow's optimum is
//! the exact optimum. When groups weigh more (buildings in compounds, households), the flow
//! is the relaxation in which a group may split: if its optimum splits no group it is still
//! exact; otherwise each split group is placed whole, one at a time, in the grid that took
//! most of it and the rest re-solved — a heuristic, said so on the result and on each move.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::flow::{FlowError, MinCostFlow};
use crate::model::Network;
use crate::schema::{Enum, Record};
use crate::{Error, GridLayer, Result};

use super::LayerRef;
use super::facts::Facts;

/// What a grid's size counts.
///
/// ```
/// assert_eq!("户".parse::<quanyu::SizeMeasure>(), Ok(quanyu::SizeMeasure::Households));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Enum)]
#[named(what = "size measure")]
pub enum SizeMeasure {
    /// Compounds, and buildings outside any compound, each counting one: the flow's optimum
    /// is exact.
    #[default]
    #[named(zh = "小区楼栋组")]
    Groups,
    /// Buildings: exact when no compound has to be split in the relaxation, else a heuristic.
    #[named(zh = "楼栋")]
    Buildings,
    /// Households: exact when no compound has to be split in the relaxation, else a heuristic.
    #[named(zh = "户")]
    Households,
}

/// Which grids a group may join besides its own.
///
/// ```
/// assert_eq!(quanyu::UnifyReach::default(), quanyu::UnifyReach::Area);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Enum)]
#[named(what = "unify reach")]
pub enum UnifyReach {
    /// The grids of its area, and the grids that hold a building sharing a grid of any other
    /// layer with one of its buildings (its neighbours across the layers).
    #[default]
    #[named(zh = "片区")]
    Area,
    /// The grids of its subdistrict, and its neighbours across the layers.
    #[named(zh = "街道")]
    Subdistrict,
    /// Every grid.
    #[named(zh = "全部")]
    Anywhere,
}

/// How to unify the layers.
///
/// ```
/// let o = quanyu::UnifyOptions { min: 2, max: Some(30), ..Default::default() };
/// assert_eq!(o.reference, None); // the tree's grids
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[record(default, mutable)]
pub struct UnifyOptions {
    /// The layer whose grids are kept and whose moves are counted; `None`: the tree's grids,
    /// the ones organisations, posts and contracts hang on.
    pub reference: Option<GridLayer>,
    /// What a grid's size counts.
    pub size_by: SizeMeasure,
    /// The least size of every grid.
    pub min: u64,
    /// The greatest size of every grid; `None`: no limit.
    pub max: Option<u64>,
    /// Which grids a group may join.
    pub reach: UnifyReach,
}

impl Default for UnifyOptions {
    fn default() -> Self {
        UnifyOptions {
            reference: None,
            size_by: SizeMeasure::Groups,
            min: 0,
            max: None,
            reach: UnifyReach::Area,
        }
    }
}

/// Why a move is in the plan.
///
/// ```
/// assert_eq!("小区不拆分".parse::<quanyu::MoveReason>(), Ok(quanyu::MoveReason::JoinCompound));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Enum)]
#[named(what = "move reason")]
pub enum MoveReason {
    /// Some of its buildings had no grid in the reference.
    #[default]
    #[named(zh = "未入网格")]
    Unplaced,
    /// The compound lay in several reference grids; its buildings join one of them.
    #[named(zh = "小区不拆分")]
    JoinCompound,
    /// The grid it leaves held more than the maximum.
    #[named(zh = "网格过大")]
    TooLarge,
    /// The grid it joins held less than the minimum.
    #[named(zh = "网格过小")]
    TooSmall,
    /// It makes room along a chain of moves that the ranges need.
    #[named(zh = "连锁调整")]
    Rebalance,
}

/// One move of the plan: a compound (or a building outside any compound) whose buildings
/// leave their reference grids for `to`.
///
/// ```
/// let m = quanyu::Move::default();
/// assert!(m.buildings.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct Move {
    /// The compound, or the building outside any compound.
    pub unit: String,
    /// The buildings that change grid, in the tree's order.
    pub buildings: Vec<String>,
    /// The reference grids they leave (none for buildings that had none), by grid.
    pub from_grids: Vec<String>,
    /// The grid they join.
    pub to: String,
    /// Why.
    pub reason: MoveReason,
    /// The reason in words, with the sizes that forced it and whether the optimum is exact.
    pub detail: String,
}

/// A proposed unified layer: each building in exactly one grid of the reference.
///
/// ```
/// let net = quanyu::synth::community(2)?;
/// let u = net.unify_layers(&quanyu::UnifyOptions::default())?;
/// // No range, and the tree never splits a compound: nothing moves.
/// assert!(u.exact && u.moves.is_empty() && u.moved_buildings == 0);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct UnifiedLayer {
    /// The reference layer (`None`: the tree's grids).
    pub reference: Option<GridLayer>,
    /// What the sizes count.
    pub size_by: SizeMeasure,
    /// The least size asked for.
    pub min: u64,
    /// The greatest size asked for.
    pub max: Option<u64>,
    /// Whether `moved_buildings` is proved the fewest possible (see [`reconcile`](crate::model::reconcile)).
    pub exact: bool,
    /// Buildings whose grid differs from their reference grid (or that had none).
    pub moved_buildings: usize,
    /// Every building and its grid, in the tree's order.
    pub assignment: Vec<(String, String)>,
    /// The moves, by the order of their first building in the tree.
    pub moves: Vec<Move>,
    /// Every grid's size after the moves, by grid.
    pub sizes: Vec<(String, u64)>,
}

/// A compound or a building outside any compound: what moves as one.
struct Group {
    unit: String,
    members: Vec<usize>,
    weight: u64,
}

/// The problem before solving: grids, groups, candidates and costs.
struct Instance<'f> {
    facts: &'f Facts,
    reference: LayerRef,
    grids: Vec<String>,
    groups: Vec<Group>,
    /// Per group: (grid, buildings moved if it goes there), by grid.
    candidates: Vec<Vec<(usize, u64)>>,
}

fn reference_grids(facts: &Facts, reference: LayerRef) -> Vec<String> {
    match reference {
        LayerRef::Tree => facts.grids.iter().map(|g| g.id.clone()).collect(),
        LayerRef::Layer(_) => facts
            .buildings
            .iter()
            .filter_map(|b| b.grid_in(reference))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    }
}

fn groups(facts: &Facts, size_by: SizeMeasure) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut of_compound: HashMap<&str, usize> = HashMap::new();
    for (i, b) in facts.buildings.iter().enumerate() {
        let g = match b.compound.as_deref() {
            Some(c) => *of_compound.entry(c).or_insert_with(|| {
                out.push(Group {
                    unit: c.to_owned(),
                    members: Vec::new(),
                    weight: 0,
                });
                out.len() - 1
            }),
            None => {
                out.push(Group {
                    unit: b.id.clone(),
                    members: Vec::new(),
                    weight: 0,
                });
                out.len() - 1
            }
        };
        out[g].members.push(i);
        out[g].weight += match size_by {
            SizeMeasure::Groups => 0,
            SizeMeasure::Buildings => 1,
            SizeMeasure::Households => b.households,
        };
    }
    if size_by == SizeMeasure::Groups {
        out.iter_mut().for_each(|g| g.weight = 1);
    }
    out
}

impl<'f> Instance<'f> {
    fn new(facts: &'f Facts, o: &UnifyOptions) -> Instance<'f> {
        let reference = LayerRef::from(o.reference);
        let grids = reference_grids(facts, reference);
        let index: HashMap<&str, usize> = grids
            .iter()
            .enumerate()
            .map(|(i, g)| (g.as_str(), i))
            .collect();
        let at = |b: &super::facts::BuildingFacts| {
            b.grid_in(reference).and_then(|g| index.get(g).copied())
        };
        // The grids of each area and subdistrict: the tree's own, or those holding its buildings.
        let mut by_area: HashMap<&str, BTreeSet<usize>> = HashMap::new();
        let mut by_sub: HashMap<&str, BTreeSet<usize>> = HashMap::new();
        match reference {
            LayerRef::Tree => {
                for (i, g) in facts.grids.iter().enumerate() {
                    if let Some(a) = g.area.as_deref() {
                        by_area.entry(a).or_default().insert(i);
                    }
                    if let Some(s) = g.subdistrict.as_deref() {
                        by_sub.entry(s).or_default().insert(i);
                    }
                }
            }
            LayerRef::Layer(_) => {
                for b in &facts.buildings {
                    if let Some(g) = at(b) {
                        if let Some(a) = b.area.as_deref() {
                            by_area.entry(a).or_default().insert(g);
                        }
                        if let Some(s) = b.subdistrict.as_deref() {
                            by_sub.entry(s).or_default().insert(g);
                        }
                    }
                }
            }
        }
        // Neighbours across the layers: the reference grids of the buildings of each grid of
        // every other layer.
        let others: Vec<LayerRef> = std::iter::once(LayerRef::Tree)
            .chain(GridLayer::ALL.iter().map(|&l| LayerRef::Layer(l)))
            .filter(|&l| l != reference)
            .collect();
        let mut across: HashMap<(LayerRef, &str), BTreeSet<usize>> = HashMap::new();
        for b in &facts.buildings {
            if let Some(g) = at(b) {
                for &l in &others {
                    if let Some(code) = b.grid_in(l) {
                        across.entry((l, code)).or_default().insert(g);
                    }
                }
            }
        }
        let groups = groups(facts, o.size_by);
        let candidates = groups
            .iter()
            .map(|g| {
                let mut c: BTreeSet<usize> = BTreeSet::new();
                for &m in &g.members {
                    let b = &facts.buildings[m];
                    c.extend(at(b));
                    let near = match o.reach {
                        UnifyReach::Anywhere => {
                            c.extend(0..grids.len());
                            continue;
                        }
                        UnifyReach::Area => b.area.as_deref().and_then(|a| by_area.get(a)),
                        UnifyReach::Subdistrict => {
                            b.subdistrict.as_deref().and_then(|s| by_sub.get(s))
                        }
                    };
                    c.extend(near.into_iter().flatten());
                    for &l in &others {
                        if let Some(code) = b.grid_in(l) {
                            c.extend(across.get(&(l, code)).into_iter().flatten());
                        }
                    }
                }
                c.into_iter()
                    .map(|x| {
                        let moved = g
                            .members
                            .iter()
                            .filter(|&&m| at(&facts.buildings[m]) != Some(x));
                        (x, moved.count() as u64)
                    })
                    .collect()
            })
            .collect();
        Instance {
            facts,
            reference,
            grids,
            groups,
            candidates,
        }
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The most a per-unit cost is scaled by: costs stay far below `i64` and the solver fast.
const MAX_SCALE: u64 = 1 << 24;

/// The flow of each group to each grid, or the flow error.
type Split = Vec<Vec<(usize, u64)>>;

impl Instance<'_> {
    /// Solves the relaxation with the groups of `fixed` kept to one grid.
    fn solve(
        &self,
        o: &UnifyOptions,
        costs: (u64, u64),
        fixed: &[Option<usize>],
    ) -> std::result::Result<Split, FlowError> {
        self.solve_around(o, costs, fixed, &[])
    }

    /// Like [`solve`](Self::solve), with the groups of `pinned` left out of the flow and
    /// their weight taken off the range of the grid they are pinned to: a small problem when
    /// most groups are pinned. A pinned group's flow is reported as all in its grid.
    fn solve_around(
        &self,
        o: &UnifyOptions,
        (scale, big): (u64, u64),
        fixed: &[Option<usize>],
        pinned: &[Option<usize>],
    ) -> std::result::Result<Split, FlowError> {
        let (n, m) = (self.groups.len(), self.grids.len());
        let sink = n + m;
        let mut p = MinCostFlow::new(n + m + 1);
        let mut arcs: Vec<(usize, usize, usize)> = Vec::new();
        let mut total: i64 = 0;
        let mut load = vec![0u64; m];
        let mut out: Split = vec![Vec::new(); n];
        for (g, group) in self.groups.iter().enumerate() {
            let w = group.weight as i64;
            if w == 0 {
                continue;
            }
            if let Some(x) = pinned.get(g).copied().flatten() {
                load[x] += group.weight;
                out[g].push((x, group.weight));
                continue;
            }
            total += w;
            p.set_supply(g, w)?;
            for &(x, moved) in &self.candidates[g] {
                if fixed[g].is_some_and(|f| f != x) {
                    continue;
                }
                // The cost per unit of weight, so that a whole group costs its moved buildings;
                // times `big`, plus one for a unit of a heavier group that moves: among the
                // relaxation's optima the flow prefers those that move lone buildings rather
                // than parts of compounds, which keeps compounds whole without costing a move
                // (the penalties of all units together stay below `big`).
                let per_unit = (moved * scale).div_ceil(group.weight.max(1));
                let tie = u64::from(group.weight > 1 && moved > 0);
                let cost = (per_unit * big + tie) as i64;
                arcs.push((g, x, p.add_arc(g, n + x, w, cost)?));
            }
        }
        p.set_supply(sink, -total)?;
        for (x, &load) in load.iter().enumerate() {
            let cap = match o.max {
                // Pinned groups over the maximum: no flow can mend that.
                Some(max) if load > max => return Err(FlowError::Infeasible { unmet: Vec::new() }),
                Some(max) => (max - load).min(i64::MAX as u64) as i64,
                None => i64::MAX,
            };
            let min = o.min.saturating_sub(load).min(i64::MAX as u64) as i64;
            p.add_arc_with_lower_bound(n + x, sink, min, cap, 0)?;
        }
        let s = p.solve()?;
        for (g, x, a) in arcs {
            if s.flow[a] > 0 {
                out[g].push((x, s.flow[a] as u64));
            }
        }
        Ok(out)
    }

    /// Names the nodes of an infeasible flow.
    fn explain(&self, e: FlowError, o: &UnifyOptions) -> Error {
        let FlowError::Infeasible { unmet } = &e else {
            return e.into();
        };
        let n = self.groups.len();
        let what = unit_word(o.size_by);
        let parts: Vec<String> = unmet
            .iter()
            .map(|u| {
                if u.node < n {
                    let g = &self.groups[u.node];
                    format!(
                        "`{}` ({} {what}) fits in none of the grids it may join",
                        g.unit, g.weight
                    )
                } else if u.node < n + self.grids.len() {
                    format!(
                        "grid `{}` cannot reach its minimum of {} {what} from the groups that may join it",
                        self.grids[u.node - n], o.min
                    )
                } else {
                    format!("{} {what} cannot all be placed within the maximum", u.shortfall)
                }
            })
            .collect();
        Error::Infeasible {
            message: format!(
                "no unified layer keeps every grid within {}: {}",
                range(o),
                parts.join("; ")
            ),
        }
    }
}

pub(crate) fn unit_word(m: SizeMeasure) -> &'static str {
    match m {
        SizeMeasure::Groups => "compound(s) or lone building(s)",
        SizeMeasure::Buildings => "building(s)",
        SizeMeasure::Households => "household(s)",
    }
}

pub(crate) fn range(o: &UnifyOptions) -> String {
    match o.max {
        Some(x) => format!("{}–{x} {}", o.min, unit_word(o.size_by)),
        None => format!("at least {} {}", o.min, unit_word(o.size_by)),
    }
}

/// The checks that need no solving, with the plainest message.
fn precheck(inst: &Instance<'_>, o: &UnifyOptions) -> Result<()> {
    if o.max.is_some_and(|x| x < o.min) {
        return Err(Error::invalid_argument(
            "max",
            format!("{} is below min {}", o.max.unwrap_or_default(), o.min),
        ));
    }
    let what = unit_word(o.size_by);
    let total: u128 = inst.groups.iter().map(|g| g.weight as u128).sum();
    let m = inst.grids.len() as u128;
    if m == 0 {
        if inst.groups.is_empty() {
            return Ok(());
        }
        return Err(Error::Infeasible {
            message: "the reference has no grid to put the buildings in".into(),
        });
    }
    if total < m * o.min as u128 {
        return Err(Error::Infeasible {
            message: format!(
                "{total} {what} cannot give each of the {m} grids at least {}",
                o.min
            ),
        });
    }
    if let Some(max) = o.max {
        if total > m * max as u128 {
            return Err(Error::Infeasible {
                message: format!("{total} {what} do not fit in {m} grids of at most {max}"),
            });
        }
        if let Some(g) = inst.groups.iter().find(|g| g.weight > max) {
            return Err(Error::Infeasible {
                message: format!(
                    "`{}` weighs {} {what}, more than the maximum {max}, and a compound is never split",
                    g.unit, g.weight
                ),
            });
        }
    }
    if let Some(g) = inst.candidates.iter().position(Vec::is_empty) {
        return Err(Error::Infeasible {
            message: format!(
                "`{}` has no grid it may join (none in its reach)",
                inst.groups[g].unit
            ),
        });
    }
    Ok(())
}

/// Where each group goes, whether that is proved optimal, and which groups were rounded.
struct Solved {
    grid_of: Vec<usize>,
    exact: bool,
    rounded: Vec<bool>,
}

fn solve(inst: &Instance<'_>, o: &UnifyOptions) -> Result<Solved> {
    let n = inst.groups.len();
    // Scale per-unit costs by the weights' least common multiple, so that the relaxation's
    // costs are exact; past MAX_SCALE they are rounded up and the result is not proved.
    // `big` exceeds the sum of all tie-breaking penalties (one per unit of weight).
    let big: u64 = inst
        .groups
        .iter()
        .filter(|g| g.weight > 1)
        .map(|g| g.weight)
        .sum::<u64>()
        + 1;
    // Every per-unit cost (at most `scale`) times `big` must fit an `i64`.
    let limit = MAX_SCALE.min((1u64 << 62) / big).max(1);
    let mut scale: u64 = 1;
    let mut exact_costs = true;
    for g in &inst.groups {
        if g.weight > 1 {
            let next = (scale / gcd(scale, g.weight)).saturating_mul(g.weight);
            if next > limit {
                scale = limit;
                exact_costs = false;
                break;
            }
            scale = next;
        }
    }
    let costs = (scale, big);
    let mut fixed: Vec<Option<usize>> = vec![None; n];
    let mut rounded = vec![false; n];
    // A group that weighs nothing does not enter the flow: it stays where it moves least.
    for (g, group) in inst.groups.iter().enumerate() {
        if group.weight == 0 {
            fixed[g] = inst.candidates[g]
                .iter()
                .min_by_key(|&&(x, c)| (c, x))
                .map(|&(x, _)| x);
        }
    }
    let mut flow = inst
        .solve(o, costs, &fixed)
        .map_err(|e| inst.explain(e, o))?;
    let mut exact = exact_costs;
    while let Some(g) = (0..n).find(|&g| flow[g].len() > 1) {
        exact = false;
        // Try the grids that took most of it first, the cheaper first on a tie.
        let mut order = flow[g].clone();
        let cost = |x: usize| {
            inst.candidates[g]
                .iter()
                .find(|c| c.0 == x)
                .map_or(0, |c| c.1)
        };
        order.sort_by_key(|&(x, f)| (std::cmp::Reverse(f), cost(x), x));
        let mut placed = false;
        for (x, _) in order {
            fixed[g] = Some(x);
            // First with every whole group pinned where it is (a small problem of the split
            // groups alone), then, if that cannot fit, with the others free to move again.
            let mut pinned: Vec<Option<usize>> = flow
                .iter()
                .map(|f| if f.len() == 1 { Some(f[0].0) } else { None })
                .collect();
            pinned[g] = Some(x);
            let quick = inst.solve_around(o, costs, &fixed, &pinned);
            if let Ok(f) = quick.or_else(|_| inst.solve(o, costs, &fixed)) {
                flow = f;
                rounded[g] = true;
                placed = true;
                break;
            }
        }
        if !placed {
            return Err(Error::Infeasible {
                message: format!(
                    "`{}` could not be kept whole within {} by rounding the flow (a heuristic \
                     for sizes in {}); count sizes in compounds or widen the range",
                    inst.groups[g].unit,
                    range(o),
                    unit_word(o.size_by)
                ),
            });
        }
    }
    let grid_of = (0..n)
        .map(|g| match fixed[g] {
            Some(x) if inst.groups[g].weight == 0 => x,
            _ => flow[g].first().map_or(0, |&(x, _)| x),
        })
        .collect();
    Ok(Solved {
        grid_of,
        exact,
        rounded,
    })
}

impl Network {
    /// Proposes one unified grid layer (一张网): every building in exactly one grid of the
    /// reference (the tree's grids by default), compounds never split, every grid's size
    /// within `options.min`–`options.max`, and the fewest buildings moved out of their
    /// reference grid. Each move says why. Nothing changes until the plan's
    /// [`changeset`](UnifiedLayer::changeset) is applied with [`Network::apply`].
    ///
    /// The tree's grids are the default reference because they are what the network hangs
    /// on: grid branches are anchored on them (支部建在网格上), grid leaders hold posts at
    /// them, contracts and events sit under them. The Party-building layer mirrors them
    /// where it is kept from the tree; pass `reference: Some(GridLayer::PartyBuilding)` to
    /// count moves away from it instead.
    ///
    /// With sizes in [`SizeMeasure::Groups`] the optimum is exact; in buildings or
    /// households it is exact when `exact` says so, else a heuristic (see
    /// [`reconcile`](crate::model::reconcile)).
    ///
    /// # Errors
    ///
    /// [`Error::Infeasible`] naming the grid, compound or totals when no assignment keeps
    /// every grid in range; [`Error::InvalidArgument`] when `max < min`.
    ///
    /// ```
    /// use quanyu::{SizeMeasure, UnifyOptions};
    /// let mut net = quanyu::synth::community(2)?;
    /// // Three to five compounds (or lone buildings) a grid.
    /// let options = UnifyOptions { size_by: SizeMeasure::Groups, min: 3, max: Some(5), ..Default::default() };
    /// let plan = net.unify_layers(&options)?;
    /// assert!(plan.exact && plan.moved_buildings > 0);
    /// assert!(plan.sizes.iter().all(|(_, n)| (3..=5).contains(n)));
    /// net.apply(plan.changeset(&[]))?;
    /// // Applied, the plan is the tree: unifying again moves nothing.
    /// assert_eq!(net.unify_layers(&options)?.moved_buildings, 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn unify_layers(&self, options: &UnifyOptions) -> Result<UnifiedLayer> {
        let facts = Facts::of(self);
        let inst = Instance::new(&facts, options);
        precheck(&inst, options)?;
        let solved = solve(&inst, options)?;
        Ok(super::explain::result(
            &inst_view(&inst),
            options,
            &solved.grid_of,
            solved.exact,
            &solved.rounded,
        ))
    }
}

/// What the explanation reads of the instance.
pub(crate) struct View<'a> {
    pub facts: &'a Facts,
    pub reference: LayerRef,
    pub grids: &'a [String],
    pub groups: Vec<(&'a str, &'a [usize], u64)>,
}

fn inst_view<'a>(inst: &'a Instance<'_>) -> View<'a> {
    View {
        facts: inst.facts,
        reference: inst.reference,
        grids: &inst.grids,
        groups: inst
            .groups
            .iter()
            .map(|g| (g.unit.as_str(), g.members.as_slice(), g.weight))
            .collect(),
    }
}

/// Sizes per grid of a given assignment of buildings to grid indices (`None`: no grid).
pub(crate) fn sizes(
    view: &View<'_>,
    size_by: SizeMeasure,
    grid_of_building: &[Option<usize>],
) -> Vec<u64> {
    let mut out = vec![0u64; view.grids.len()];
    for (_, members, _) in &view.groups {
        let mut seen: BTreeSet<usize> = BTreeSet::new();
        for &m in *members {
            if let Some(x) = grid_of_building[m] {
                match size_by {
                    SizeMeasure::Groups => {
                        if seen.insert(x) {
                            out[x] += 1;
                        }
                    }
                    SizeMeasure::Buildings => out[x] += 1,
                    SizeMeasure::Households => out[x] += view.facts.buildings[m].households,
                }
            }
        }
    }
    out
}
