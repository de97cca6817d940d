//! Read-only questions about the unit tree, the organisation tree and the people in them.
//!
//! Tree questions are answered from the derived pre-order indices, never by walking the graph:
//! is-ancestor and subtree size are O(1), ancestors and lowest common ancestor O(depth),
//! descendants a lazy slice of the pre-order.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! let net = quanyu::synth::community(7)?;
//! let grid = net.units_by_level("Grid")?.next().unwrap();
//! let building = net.units_in(&grid.id, "Building")?.next().unwrap();
//! assert!(net.is_ancestor(&grid.id, &building.id)?);
//! assert_eq!(net.lowest_common_ancestor(&grid.id, &building.id)?.unwrap().id, grid.id);
//! assert_eq!(net.tree_distance(&grid.id, &building.id)?, net.ancestors(&building.id)?.iter().position(|u| u.id == grid.id).map(|i| i + 1));
//! # Ok(()) }
//! ```

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::Result;
use crate::model::graph::{Ix, Relation};
use crate::model::index::NONE;
use crate::model::{GridKind, Network, Organisation, Person, Proximity, Role, Span, Unit};
use crate::schema::{Enum, Record};

/// Whether a question about an organisation covers only itself or its whole subtree.
///
/// ```
/// assert_ne!(quanyu::Scope::Direct, quanyu::Scope::Subtree);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Enum)]
#[named(what = "scope")]
pub enum Scope {
    /// The organisation itself.
    #[default]
    #[named(zh = "本级")]
    Direct,
    /// The organisation and every organisation below it.
    #[named(zh = "含下级")]
    Subtree,
}

/// A post as seen from the place it is held at: who holds which role, and since when.
///
/// ```
/// # fn main() -> quanyu::Result<()> {
/// # let net = quanyu::synth::community(7)?;
/// let grid = net.units_by_level("Grid")?.next().unwrap();
/// let day = quanyu::synth::REFERENCE_DATE;
/// for held in net.posts_at_unit(&grid.id, day, Some(quanyu::Role::GridLeader))? {
///     assert!(held.span().contains(day));
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[non_exhaustive]
pub struct HeldPost {
    /// The holder.
    pub person: Person,
    /// The role held.
    pub role: Role,
    /// The post's first day.
    pub start: NaiveDate,
    /// Its last day, if it has ended.
    pub end: Option<NaiveDate>,
}

impl HeldPost {
    /// The dated span of the post.
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

impl Network {
    /// The unit directly containing `id`, or `None` for a root.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// assert!(net.parent(&root.id)?.is_none());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn parent(&self, id: &str) -> Result<Option<&Unit>> {
        let p = self.unit_pos(id)?;
        Ok(self.unit_by_pos(self.unit_tree.parent[p as usize]))
    }

    /// The units directly inside `id`, in the order they were attached.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// assert!(net.children(&root.id)?.all(|c| net.scheme().name(c.level) == "Area"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn children(&self, id: &str) -> Result<impl Iterator<Item = &Unit> + '_> {
        let p = self.unit_pos(id)?;
        Ok(self
            .unit_tree
            .children(p)
            .map(|c| self.unit_at(self.unit_tree.order[c as usize])))
    }

    /// The units above `id`, nearest first, up to its root.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let hh = net.units_by_level("Household")?.next().unwrap();
    /// let up: Vec<&str> = net.ancestors(&hh.id)?.iter().map(|u| net.scheme().name(u.level)).collect();
    /// assert_eq!(up.first(), Some(&"Building"));
    /// assert_eq!(up.last(), Some(&"Subdistrict"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn ancestors(&self, id: &str) -> Result<Vec<&Unit>> {
        let mut p = self.unit_tree.parent[self.unit_pos(id)? as usize];
        let mut out = Vec::new();
        while p != NONE {
            out.push(self.unit_at(self.unit_tree.order[p as usize]));
            p = self.unit_tree.parent[p as usize];
        }
        Ok(out)
    }

    /// Every unit below `id` (not `id` itself), lazily, in pre-order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// assert_eq!(net.descendants(&root.id)?.len() + 1, net.unit_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn descendants(&self, id: &str) -> Result<impl ExactSizeIterator<Item = &Unit> + '_> {
        let p = self.unit_pos(id)? as usize;
        let range = p + 1..self.unit_tree.end[p] as usize;
        Ok(self.unit_tree.order[range]
            .iter()
            .map(|&ix| self.unit_at(ix)))
    }

    /// The number of units in the subtree of `id`, `id` included.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let hh = net.units_by_level("Household")?.next().unwrap();
    /// assert_eq!(net.subtree_size(&hh.id)?, 1);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn subtree_size(&self, id: &str) -> Result<usize> {
        let p = self.unit_pos(id)?;
        Ok((self.unit_tree.end[p as usize] - p) as usize)
    }

    /// The depth of `id`: 0 for a root.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let grid = net.units_by_level("Grid")?.next().unwrap();
    /// assert_eq!(net.depth(&grid.id)?, 2);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn depth(&self, id: &str) -> Result<usize> {
        Ok(self.unit_tree.depth[self.unit_pos(id)? as usize] as usize)
    }

    /// Whether `ancestor` is a proper ancestor of `descendant` (a unit is not its own ancestor).
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// let grid = net.units_by_level("Grid")?.next().unwrap();
    /// assert!(net.is_ancestor(&root.id, &grid.id)?);
    /// assert!(!net.is_ancestor(&grid.id, &root.id)?);
    /// assert!(!net.is_ancestor(&grid.id, &grid.id)?);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> Result<bool> {
        let (a, b) = (self.unit_pos(ancestor)?, self.unit_pos(descendant)?);
        Ok(self.unit_tree.is_ancestor(a, b))
    }

    /// The lowest unit containing both `a` and `b` (a unit contains itself); `None` when they
    /// are in different trees.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let grids: Vec<_> = net.units_by_level("Grid")?.take(2).collect();
    /// let lca = net.lowest_common_ancestor(&grids[0].id, &grids[1].id)?.unwrap();
    /// assert!(net.is_ancestor(&lca.id, &grids[0].id)?);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn lowest_common_ancestor(&self, a: &str, b: &str) -> Result<Option<&Unit>> {
        let (a, b) = (self.unit_pos(a)?, self.unit_pos(b)?);
        Ok(self.unit_tree.lca(a, b).and_then(|p| self.unit_by_pos(p)))
    }

    /// The units on the tree path from `a` to `b`, both ends included; `None` when they are in
    /// different trees.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let hh: Vec<_> = net.units_by_level("Household")?.take(2).collect();
    /// let path = net.path(&hh[0].id, &hh[1].id)?.unwrap();
    /// assert_eq!(path.len(), 3); // household, building, household
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn path(&self, a: &str, b: &str) -> Result<Option<Vec<&Unit>>> {
        let (pa, pb) = (self.unit_pos(a)?, self.unit_pos(b)?);
        let Some(top) = self.unit_tree.lca(pa, pb) else {
            return Ok(None);
        };
        let climb = |mut p: u32| {
            let mut v = Vec::new();
            while p != top {
                v.push(p);
                p = self.unit_tree.parent[p as usize];
            }
            v
        };
        let mut path = climb(pa);
        path.push(top);
        let mut down = climb(pb);
        down.reverse();
        path.extend(down);
        Ok(Some(
            path.into_iter()
                .map(|p| self.unit_at(self.unit_tree.order[p as usize]))
                .collect(),
        ))
    }

    /// The number of tree edges between `a` and `b`; `None` when they are in different trees.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let hh = net.units_by_level("Household")?.next().unwrap();
    /// assert_eq!(net.tree_distance(&hh.id, &hh.id)?, Some(0));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn tree_distance(&self, a: &str, b: &str) -> Result<Option<usize>> {
        let (pa, pb) = (self.unit_pos(a)?, self.unit_pos(b)?);
        Ok(self.unit_tree.lca(pa, pb).map(|top| {
            let d = |p: u32| self.unit_tree.depth[p as usize] as usize;
            d(pa) + d(pb) - 2 * d(top)
        }))
    }

    /// How near two units are: the proximity tier of their lowest common ancestor's level
    /// (see the [glossary](crate::glossary)). The one definition of "near" for contracts and venues.
    ///
    /// ```
    /// use quanyu::Proximity;
    /// # let net = quanyu::synth::community(7)?;
    /// let hh: Vec<_> = net.units_by_level("Household")?.take(2).collect();
    /// assert_eq!(net.proximity(&hh[0].id, &hh[1].id)?, Proximity::SameBuilding);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn proximity(&self, a: &str, b: &str) -> Result<Proximity> {
        Ok(self.proximity_ix(self.unit_ix(a)?, self.unit_ix(b)?))
    }

    /// The units of `level`, in pre-order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.units_by_level("Grid")?.count(), 21);
    /// assert!(net.units_by_level("Province").is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn units_by_level(&self, level: &str) -> Result<impl ExactSizeIterator<Item = &Unit> + '_> {
        let g = self.scheme.require(level)?.index();
        Ok(self.positions_to_units(self.unit_tree.groups.get(g).map_or(&[][..], Vec::as_slice)))
    }

    /// The units of `level` inside the subtree of `within` (`within` itself included if it is
    /// on that level), in pre-order. A binary search, then a slice.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// assert_eq!(net.units_in(&root.id, "Grid")?.count(), 21);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn units_in(
        &self,
        within: &str,
        level: &str,
    ) -> Result<impl ExactSizeIterator<Item = &Unit> + '_> {
        let g = self.scheme.require(level)?.index();
        let p = self.unit_pos(within)?;
        Ok(self.positions_to_units(self.unit_tree.group_in(g, p)))
    }

    /// The grids of `kind`, in pre-order.
    ///
    /// ```
    /// use quanyu::GridKind;
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.units_by_kind(GridKind::Community).count(), 15);
    /// assert_eq!(net.units_by_kind(GridKind::BusinessDistrict).count(), 6);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn units_by_kind(&self, kind: GridKind) -> impl Iterator<Item = &Unit> + '_ {
        self.units().filter(move |u| u.grid_kind == Some(kind))
    }

    /// The root units, in order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.roots().count(), 1);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn roots(&self) -> impl Iterator<Item = &Unit> + '_ {
        self.unit_tree
            .children_of_forest()
            .map(|p| self.unit_at(self.unit_tree.order[p as usize]))
    }

    /// The organisations anchored on the unit `unit`.
    ///
    /// ```
    /// use quanyu::OrganisationKind;
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// let orgs = net.organisations_at(&root.id)?;
    /// assert!(orgs.iter().any(|o| o.kind == OrganisationKind::WorkingCommittee));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn organisations_at(&self, unit: &str) -> Result<Vec<&Organisation>> {
        let ix = self.unit_ix(unit)?;
        let mut v: Vec<Ix> = self
            .sources(ix, |r| matches!(r, Relation::AnchoredOn))
            .collect();
        v.reverse();
        Ok(v.into_iter().map(|o| self.organisation_at(o)).collect())
    }

    /// The unit the organisation `organisation` is anchored on.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let wc = net.organisations().next().unwrap();
    /// assert_eq!(net.anchor(&wc.id)?.map(|u| u.id.as_str()), net.units().next().map(|u| u.id.as_str()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn anchor(&self, organisation: &str) -> Result<Option<&Unit>> {
        let ix = self.organisation_ix(organisation)?;
        Ok(self
            .out_one(ix, |r| matches!(r, Relation::AnchoredOn))
            .map(|u| self.unit_at(u)))
    }

    /// The organisation directly above `organisation`, if any.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let wc = net.organisations().next().unwrap();
    /// assert!(net.parent_organisation(&wc.id)?.is_none());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn parent_organisation(&self, organisation: &str) -> Result<Option<&Organisation>> {
        let p = self.org_pos(organisation)?;
        let up = self.org_tree.parent[p as usize];
        Ok((up != NONE).then(|| self.organisation_at(self.org_tree.order[up as usize])))
    }

    /// The organisations directly below `organisation`, in order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let wc = net.organisations().next().unwrap();
    /// assert!(net.child_organisations(&wc.id)?.count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn child_organisations(
        &self,
        organisation: &str,
    ) -> Result<impl Iterator<Item = &Organisation> + '_> {
        let p = self.org_pos(organisation)?;
        Ok(self
            .org_tree
            .children(p)
            .map(|c| self.organisation_at(self.org_tree.order[c as usize])))
    }

    /// The members of `organisation` on `as_of` — of the organisation alone, or of its whole
    /// subtree — each once, in the order of the organisation tree.
    ///
    /// ```
    /// use quanyu::Scope;
    /// # let net = quanyu::synth::community(7)?;
    /// let wc = net.organisations().next().unwrap();
    /// let day = quanyu::synth::REFERENCE_DATE;
    /// let all = net.members(&wc.id, day, Scope::Subtree)?;
    /// assert!(all.len() > net.members(&wc.id, day, Scope::Direct)?.len());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn members(
        &self,
        organisation: &str,
        as_of: NaiveDate,
        scope: Scope,
    ) -> Result<Vec<&Person>> {
        let p = self.org_pos(organisation)? as usize;
        let orgs = match scope {
            Scope::Direct => &self.org_tree.order[p..p + 1],
            Scope::Subtree => &self.org_tree.order[p..self.org_tree.end[p] as usize],
        };
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for &o in orgs {
            let mut here: Vec<Ix> = self
                .graph
                .edges_directed(o, Direction::Incoming)
                .filter(|e| matches!(e.weight(), Relation::MemberOf(s) if s.contains(as_of)))
                .map(|e| e.source())
                .collect();
            here.reverse();
            out.extend(
                here.into_iter()
                    .filter(|&m| seen.insert(m))
                    .map(|m| self.person_at(m)),
            );
        }
        Ok(out)
    }

    /// The posts held at the unit `unit` on `as_of`, optionally of one role: "the grid leaders
    /// of this grid on 2024-10-13".
    ///
    /// ```
    /// use quanyu::Role;
    /// # let net = quanyu::synth::community(7)?;
    /// let grid = net.units_by_level("Grid")?.next().unwrap();
    /// let leaders = net.posts_at_unit(&grid.id, quanyu::synth::REFERENCE_DATE, Some(Role::GridLeader))?;
    /// assert!(leaders.iter().all(|h| h.role == Role::GridLeader));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn posts_at_unit(
        &self,
        unit: &str,
        as_of: NaiveDate,
        role: Option<Role>,
    ) -> Result<Vec<HeldPost>> {
        Ok(self.posts_at(self.unit_ix(unit)?, as_of, role))
    }

    /// The posts held at the organisation `organisation` on `as_of`, optionally of one role.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let wc = net.organisations().next().unwrap();
    /// let _ = net.posts_at_organisation(&wc.id, quanyu::synth::REFERENCE_DATE, None)?;
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn posts_at_organisation(
        &self,
        organisation: &str,
        as_of: NaiveDate,
        role: Option<Role>,
    ) -> Result<Vec<HeldPost>> {
        Ok(self.posts_at(self.organisation_ix(organisation)?, as_of, role))
    }

    /// The household (or unit) where `person` lives, if known.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let p = net.persons().next().unwrap();
    /// assert!(net.home(&p.id)?.is_some());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn home(&self, person: &str) -> Result<Option<&Unit>> {
        let ix = self.person_ix(person)?;
        Ok(self.home_ix(ix).map(|h| self.unit_at(h)))
    }

    /// The unit where `person` works, if recorded.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let p = net.persons().next().unwrap();
    /// let _ = net.workplace(&p.id)?;
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn workplace(&self, person: &str) -> Result<Option<&Unit>> {
        let ix = self.person_ix(person)?;
        Ok(self
            .out_one(ix, |r| matches!(r, Relation::WorksAt))
            .map(|u| self.unit_at(u)))
    }

    /// The persons whose home is inside the subtree of `unit`, in pre-order of their homes.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// let everyone = net.residents(&root.id)?;
    /// assert!(everyone.len() <= net.person_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn residents(&self, unit: &str) -> Result<Vec<&Person>> {
        let p = self.unit_pos(unit)? as usize;
        let mut out = Vec::new();
        for &u in &self.unit_tree.order[p..self.unit_tree.end[p] as usize] {
            let start = out.len();
            out.extend(
                self.sources(u, |r| matches!(r, Relation::LivesIn))
                    .map(|x| self.person_at(x)),
            );
            out[start..].reverse();
        }
        Ok(out)
    }

    /// The unit the key task `task` is at.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let t = net.tasks().next().unwrap();
    /// assert!(net.task_unit(&t.id)?.is_some());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn task_unit(&self, task: &str) -> Result<Option<&Unit>> {
        let ix = self.task_ix(task)?;
        Ok(self
            .out_one(ix, |r| matches!(r, Relation::TaskAt))
            .map(|u| self.unit_at(u)))
    }

    /// The grid code of `building` in `layer`, if assigned.
    ///
    /// ```
    /// use quanyu::GridLayer;
    /// # let net = quanyu::synth::community(7)?;
    /// let b = net.units_by_level("Building")?.next().unwrap();
    /// assert!(net.layer_grid(&b.id, GridLayer::Policing)?.is_some());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn layer_grid(&self, building: &str, layer: crate::GridLayer) -> Result<Option<&str>> {
        let ix = self.unit_ix(building)?;
        Ok(self
            .layers
            .get(&ix)
            .and_then(|m| m.get(&layer))
            .map(String::as_str))
    }

    // ---- crate-internal helpers --------------------------------------------------------------

    /// The pre-order position of `id` and the end (exclusive) of its subtree's positions: the
    /// units below `id` are exactly those whose position lies in the range. Indexes outside
    /// the model (grid events by place) answer subtree questions with a binary search on it.
    pub(crate) fn subtree_span(&self, id: &str) -> Result<std::ops::Range<u32>> {
        let p = self.unit_pos(id)?;
        Ok(p..self.unit_tree.end[p as usize])
    }

    pub(super) fn unit_pos(&self, id: &str) -> Result<u32> {
        let ix = self.unit_ix(id)?;
        self.unit_tree
            .pos(ix)
            .ok_or_else(|| crate::Error::not_found(crate::EntityKind::Unit, id))
    }

    pub(super) fn org_pos(&self, id: &str) -> Result<u32> {
        let ix = self.organisation_ix(id)?;
        self.org_tree
            .pos(ix)
            .ok_or_else(|| crate::Error::not_found(crate::EntityKind::Organisation, id))
    }

    pub(super) fn unit_by_pos(&self, p: u32) -> Option<&Unit> {
        (p != NONE).then(|| self.unit_at(self.unit_tree.order[p as usize]))
    }

    fn positions_to_units<'a>(
        &'a self,
        ps: &'a [u32],
    ) -> impl ExactSizeIterator<Item = &'a Unit> + 'a {
        ps.iter()
            .map(move |&p| self.unit_at(self.unit_tree.order[p as usize]))
    }

    /// Sources of incoming relations of `ix` accepted by `f`, newest first.
    pub(super) fn sources<F: Fn(&Relation) -> bool + 'static>(
        &self,
        ix: Ix,
        f: F,
    ) -> impl Iterator<Item = Ix> + '_ {
        self.graph
            .edges_directed(ix, Direction::Incoming)
            .filter(move |e| f(e.weight()))
            .map(|e| e.source())
    }

    pub(super) fn home_ix(&self, person: Ix) -> Option<Ix> {
        self.out_one(person, |r| matches!(r, Relation::LivesIn))
    }

    pub(super) fn proximity_ix(&self, a: Ix, b: Ix) -> Proximity {
        let (Some(pa), Some(pb)) = (self.unit_tree.pos(a), self.unit_tree.pos(b)) else {
            return Proximity::Beyond;
        };
        match self.unit_tree.lca(pa, pb) {
            Some(top) => self
                .scheme
                .proximity(self.unit_at(self.unit_tree.order[top as usize]).level),
            None => Proximity::Beyond,
        }
    }

    /// Whether `person` holds a post (of `role`, if given) at the unit or organisation `ix` on
    /// `as_of`: what the guards of event transitions ask, without copying the holders.
    pub(super) fn holds_post(
        &self,
        ix: Ix,
        person: &str,
        as_of: NaiveDate,
        role: Option<Role>,
    ) -> bool {
        self.graph
            .edges_directed(ix, Direction::Incoming)
            .any(|e| match *e.weight() {
                Relation::HoldsPost(r, span) => {
                    span.contains(as_of)
                        && role.is_none_or(|want| want == r)
                        && self.person_at(e.source()).id == person
                }
                _ => false,
            })
    }

    /// Whether `person` holds a post (of `role`, if given) at the organisation
    /// `organisation` on `as_of`; false for an unknown organisation.
    pub(crate) fn holds_post_at_organisation(
        &self,
        organisation: &str,
        person: &str,
        as_of: NaiveDate,
        role: Option<Role>,
    ) -> bool {
        self.organisation_ix(organisation)
            .is_ok_and(|ix| self.holds_post(ix, person, as_of, role))
    }

    pub(super) fn posts_at(&self, ix: Ix, as_of: NaiveDate, role: Option<Role>) -> Vec<HeldPost> {
        let mut v: Vec<HeldPost> = self
            .graph
            .edges_directed(ix, Direction::Incoming)
            .filter_map(|e| match *e.weight() {
                Relation::HoldsPost(r, span)
                    if span.contains(as_of) && role.is_none_or(|want| want == r) =>
                {
                    Some(HeldPost {
                        person: self.person_at(e.source()).clone(),
                        role: r,
                        start: span.start,
                        end: span.end,
                    })
                }
                _ => None,
            })
            .collect();
        v.reverse();
        v
    }
}
