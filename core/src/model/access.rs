//! What the rest of the crate may ask a [`Network`] beyond its public API, in terms of the
//! opaque handles of [`handle`](super::handle): the graph, its relations and the tree index
//! stay inside `model`, so their layout can change without touching the contracts, the
//! generators or the reports.
//!
//! The accessors are `#[inline]` reads of the same arrays the model uses itself, so a hot
//! loop over them compiles to what it would over the arrays.

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::{EdgeRef, NodeIndexable};

use crate::EntityKind;
use crate::model::graph::{Node, Relation};
use crate::model::handle::{NodeRef, UnitPos};
use crate::model::index::NONE;
use crate::model::{
    ContractKind, KeyTask, Level, Network, Organisation, Person, Proximity, Role, Span, Unit,
};

/// A contract between two nodes, as recorded: who holds it, what it is on, when it runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContractEdge {
    pub(crate) holder: NodeRef,
    pub(crate) target: NodeRef,
    pub(crate) span: Span,
}

// ---- nodes ---------------------------------------------------------------------------------

impl Network {
    /// One past the highest [`NodeRef::index`]: the length of an array indexed by node.
    #[inline]
    pub(crate) fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    /// The user's id of the entity at `n`.
    #[inline]
    pub(crate) fn node_id(&self, n: NodeRef) -> &str {
        self.graph.node_weight(n.ix()).map_or("", Node::id)
    }

    /// The entity of kind `kind` (unit, organisation, person or task) with id `id`.
    pub(crate) fn node_of(&self, kind: EntityKind, id: &str) -> Option<NodeRef> {
        self.ix_of(kind, id).map(NodeRef::new)
    }

    /// The unit at `n`, which must be a unit (as every unit handle the model gives is).
    #[inline]
    pub(crate) fn unit_data(&self, n: NodeRef) -> &Unit {
        self.unit_at(n.ix())
    }

    /// The person at `n`, which must be a person.
    #[inline]
    pub(crate) fn person_data(&self, n: NodeRef) -> &Person {
        self.person_at(n.ix())
    }

    /// The organisation at `n`, which must be an organisation.
    #[inline]
    pub(crate) fn organisation_data(&self, n: NodeRef) -> &Organisation {
        self.organisation_at(n.ix())
    }

    /// Every person, in node order.
    pub(crate) fn person_refs(&self) -> impl Iterator<Item = NodeRef> + '_ {
        self.person_nodes().map(NodeRef::new)
    }

    /// Every organisation, in pre-order of the organisation tree.
    pub(crate) fn organisation_refs(&self) -> impl ExactSizeIterator<Item = NodeRef> + '_ {
        self.org_tree.order.iter().map(|&ix| NodeRef::new(ix))
    }

    /// Every key task with its handle, in node order.
    pub(crate) fn task_refs(&self) -> impl Iterator<Item = (NodeRef, &KeyTask)> + '_ {
        self.graph.node_indices().filter_map(|ix| {
            self.graph
                .node_weight(ix)
                .and_then(Node::as_task)
                .map(|t| (NodeRef::new(ix), t))
        })
    }
}

// ---- relations -----------------------------------------------------------------------------

impl Network {
    /// The household (or unit) the person at `person` lives in.
    #[inline]
    pub(crate) fn home_of(&self, person: NodeRef) -> Option<NodeRef> {
        self.home_ix(person.ix()).map(NodeRef::new)
    }

    /// The unit the organisation at `organisation` is anchored on.
    #[inline]
    pub(crate) fn anchor_of(&self, organisation: NodeRef) -> Option<NodeRef> {
        self.out_one(organisation.ix(), |r| matches!(r, Relation::AnchoredOn))
            .map(NodeRef::new)
    }

    /// The unit the key task at `task` is at.
    #[inline]
    pub(crate) fn task_unit_of(&self, task: NodeRef) -> Option<NodeRef> {
        self.out_one(task.ix(), |r| matches!(r, Relation::TaskAt))
            .map(NodeRef::new)
    }

    /// The unit a post is held at: `place` itself if it is a unit, else the unit the
    /// organisation `place` is anchored on.
    pub(crate) fn unit_of_place(&self, place: NodeRef) -> Option<NodeRef> {
        match self.graph.node_weight(place.ix()) {
            Some(Node::Unit(_)) => Some(place),
            _ => self.anchor_of(place),
        }
    }

    /// The posts the person at `person` holds or held: (role, span, where), newest first.
    pub(crate) fn posts_held_by(
        &self,
        person: NodeRef,
    ) -> impl Iterator<Item = (Role, Span, NodeRef)> + '_ {
        self.graph
            .edges_directed(person.ix(), Direction::Outgoing)
            .filter_map(|e| match *e.weight() {
                Relation::HoldsPost(role, span) => Some((role, span, NodeRef::new(e.target()))),
                _ => None,
            })
    }

    /// The volunteers the pioneer at `pioneer` leads, newest first.
    pub(crate) fn led_by(&self, pioneer: NodeRef) -> impl Iterator<Item = NodeRef> + '_ {
        self.out_all(pioneer, |r| matches!(r, Relation::Leads))
    }

    /// The households the volunteer at `volunteer` serves, newest first.
    pub(crate) fn served_by(&self, volunteer: NodeRef) -> impl Iterator<Item = NodeRef> + '_ {
        self.out_all(volunteer, |r| matches!(r, Relation::Serves))
    }

    fn out_all(
        &self,
        from: NodeRef,
        f: impl Fn(&Relation) -> bool + 'static,
    ) -> impl Iterator<Item = NodeRef> + '_ {
        self.graph
            .edges_directed(from.ix(), Direction::Outgoing)
            .filter(move |e| f(e.weight()))
            .map(|e| NodeRef::new(e.target()))
    }

    /// The contracts of `kind` running on `as_of`, holder by holder — organisations in
    /// pre-order or persons in node order, as [`ContractKind::holder_kind`] says — and each
    /// holder's oldest first.
    pub(crate) fn contracts_running(
        &self,
        kind: ContractKind,
        as_of: NaiveDate,
    ) -> Vec<ContractEdge> {
        let holders: Vec<NodeRef> = match kind.holder_kind() {
            EntityKind::Organisation => self.organisation_refs().collect(),
            _ => self.person_refs().collect(),
        };
        let mut out = Vec::new();
        let mut mine = Vec::new();
        for holder in holders {
            mine.clear();
            mine.extend(
                self.graph
                    .edges_directed(holder.ix(), Direction::Outgoing)
                    .filter_map(|e| match *e.weight() {
                        Relation::Contract(k, span) if k == kind && span.contains(as_of) => {
                            Some(ContractEdge {
                                holder,
                                target: NodeRef::new(e.target()),
                                span,
                            })
                        }
                        _ => None,
                    }),
            );
            // Adjacency runs newest first.
            out.extend(mine.iter().rev());
        }
        out
    }

    /// How near the units at `a` and `b` are: the proximity of their lowest common unit.
    #[inline]
    pub(crate) fn proximity_between(&self, a: NodeRef, b: NodeRef) -> Proximity {
        self.proximity_ix(a.ix(), b.ix())
    }
}

// ---- the unit tree -------------------------------------------------------------------------

impl Network {
    /// The position of the unit at `unit` in the unit tree.
    #[inline]
    pub(crate) fn unit_pos_of(&self, unit: NodeRef) -> Option<UnitPos> {
        self.unit_tree.pos(unit.ix()).map(UnitPos::new)
    }

    /// The unit at position `p`.
    #[inline]
    pub(crate) fn unit_ref_at(&self, p: UnitPos) -> NodeRef {
        NodeRef::new(self.unit_tree.order[p.index()])
    }

    /// The unit at position `p`, read.
    #[inline]
    pub(crate) fn unit_at_pos(&self, p: UnitPos) -> &Unit {
        self.unit_at(self.unit_tree.order[p.index()])
    }

    /// The position of the unit `id`, if the network has it.
    pub(crate) fn unit_pos_by_id(&self, id: &str) -> Option<UnitPos> {
        self.node_of(EntityKind::Unit, id)
            .and_then(|n| self.unit_pos_of(n))
    }

    /// Whether `person` holds a post (of `role`, if given) at the unit at `p` on `as_of`.
    #[inline]
    pub(crate) fn holds_post_at_pos(
        &self,
        p: UnitPos,
        person: &str,
        as_of: NaiveDate,
        role: Option<Role>,
    ) -> bool {
        self.holds_post(self.unit_tree.order[p.index()], person, as_of, role)
    }

    /// The position of the parent of the unit at `p`; `None` for a root.
    #[inline]
    pub(crate) fn parent_pos(&self, p: UnitPos) -> Option<UnitPos> {
        let up = self.unit_tree.parent[p.index()];
        (up != NONE).then(|| UnitPos::new(up))
    }

    /// How many edges the unit at `p` is below its root.
    #[inline]
    pub(crate) fn depth_of(&self, p: UnitPos) -> u16 {
        self.unit_tree.depth[p.index()]
    }

    /// The positions of the subtree of `p` (itself first), in pre-order.
    #[inline]
    pub(crate) fn subtree(&self, p: UnitPos) -> impl ExactSizeIterator<Item = UnitPos> + use<> {
        (p.raw()..self.unit_tree.end[p.index()]).map(UnitPos::new)
    }

    /// Whether `p` is in the subtree of `root` (itself included).
    #[inline]
    pub(crate) fn in_subtree(&self, root: UnitPos, p: UnitPos) -> bool {
        root <= p && p.raw() < self.unit_tree.end[root.index()]
    }

    /// Whether the unit at `a` is the unit at `b` or one of its ancestors.
    #[inline]
    pub(crate) fn is_at_or_above(&self, a: UnitPos, b: UnitPos) -> bool {
        a == b || self.unit_tree.is_ancestor(a.raw(), b.raw())
    }

    /// The positions of the direct children of `p`, in order.
    pub(crate) fn child_positions(&self, p: UnitPos) -> impl Iterator<Item = UnitPos> + '_ {
        self.unit_tree.children(p.raw()).map(UnitPos::new)
    }

    /// The positions of the roots, in order.
    pub(crate) fn root_positions(&self) -> impl Iterator<Item = UnitPos> + '_ {
        self.unit_tree.children_of_forest().map(UnitPos::new)
    }

    /// The positions of the units on `level`, ascending (so in pre-order).
    #[inline]
    pub(crate) fn unit_positions_of_level(
        &self,
        level: Level,
    ) -> impl ExactSizeIterator<Item = UnitPos> + DoubleEndedIterator + '_ {
        self.unit_tree
            .groups
            .get(level.index())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&p| UnitPos::new(p))
    }
}
