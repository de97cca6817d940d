//! Bulk construction without per-change validation, for generators that build valid networks
//! by construction (the synthetic cities) and for the binary snapshot reader, which makes its
//! own checks as it reads. Crate-private: users always go through an edit. The synthetic-city
//! tests re-validate what this builds by loading it through an edit.
//!
//! Nodes are named by the [`NodeRef`] each call returns; the relations are typed calls, so
//! that a builder outside `model` never sees the graph.

use compact_str::CompactString;

use crate::model::graph::{Graph, Node, Relation};
use crate::model::ids::IdMap;
use crate::model::index::TreeIndex;
use crate::model::{
    AllianceCategory, ContractKind, GridLayer, KeyTask, Network, NodeRef, Organisation,
    OrganisationKind, Person, Role, Span, Unit,
};

/// The four kinds of entity that are nodes, each with its id map.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Units,
    Organisations,
    Persons,
    Tasks,
}

/// Adds nodes and relations directly. The id maps are filled separately, by [`Bulk::index`],
/// once a batch of nodes is in: filled while the nodes are being made, every insert missed
/// the cache (the new nodes push the table out), and indexing took three times as long.
pub(crate) struct Bulk<'n> {
    net: &'n mut Network,
}

impl<'n> Bulk<'n> {
    pub(crate) fn new(net: &'n mut Network) -> Self {
        Bulk { net }
    }

    /// The id map of `table`, and the graph its indices point into.
    fn map(&mut self, table: Table) -> (&mut IdMap, &mut Graph) {
        let net = &mut *self.net;
        let map = match table {
            Table::Units => &mut net.units,
            Table::Organisations => &mut net.organisations,
            Table::Persons => &mut net.persons,
            Table::Tasks => &mut net.tasks,
        };
        (map, &mut net.graph)
    }

    /// Room for `n` more entities of one kind and `edges` more relations.
    pub(super) fn reserve_kind(&mut self, table: Table, n: usize, edges: usize) {
        let (map, graph) = self.map(table);
        map.reserve(graph, n);
        graph.reserve_nodes(n);
        graph.reserve_edges(edges);
    }

    /// Enters the ids of `nodes` (all of one kind, already in the graph) in that kind's id
    /// map, in order. `Err(i)`: the id of `nodes[i]` was taken, and it and the rest are not
    /// entered.
    pub(crate) fn index(&mut self, table: Table, nodes: &[NodeRef]) -> Result<(), usize> {
        let (map, graph) = self.map(table);
        map.reserve(graph, nodes.len());
        match nodes.iter().position(|&n| !map.insert(graph, n.ix())) {
            Some(i) => Err(i),
            None => Ok(()),
        }
    }

    pub(crate) fn reserve(&mut self, nodes: usize, edges: usize) {
        self.net.graph.reserve_nodes(nodes);
        self.net.graph.reserve_edges(edges);
    }

    pub(crate) fn unit(&mut self, unit: Unit, parent: Option<NodeRef>) -> NodeRef {
        let ix = self.net.graph.add_node(Node::Unit(unit));
        if let Some(p) = parent {
            self.net.graph.add_edge(p.ix(), ix, Relation::Contains);
        }
        NodeRef::new(ix)
    }

    pub(crate) fn organisation(
        &mut self,
        id: CompactString,
        name: CompactString,
        kind: OrganisationKind,
        category: Option<AllianceCategory>,
        parent: Option<NodeRef>,
        anchor: NodeRef,
    ) -> NodeRef {
        let org = Organisation {
            id,
            name,
            kind,
            category,
        };
        let ix = self.net.graph.add_node(Node::Organisation(Box::new(org)));
        if let Some(p) = parent {
            self.net.graph.add_edge(p.ix(), ix, Relation::Oversees);
        }
        self.net
            .graph
            .add_edge(ix, anchor.ix(), Relation::AnchoredOn);
        NodeRef::new(ix)
    }

    pub(crate) fn person(&mut self, person: Person, home: Option<NodeRef>) -> NodeRef {
        let ix = self.net.graph.add_node(Node::Person(Box::new(person)));
        if let Some(h) = home {
            self.net.graph.add_edge(ix, h.ix(), Relation::LivesIn);
        }
        NodeRef::new(ix)
    }

    pub(crate) fn works_at(&mut self, person: NodeRef, unit: NodeRef) {
        self.relate(person, unit, Relation::WorksAt);
    }

    pub(crate) fn membership(&mut self, person: NodeRef, organisation: NodeRef, span: Span) {
        self.relate(person, organisation, Relation::MemberOf(span));
    }

    pub(crate) fn post(&mut self, person: NodeRef, at: NodeRef, role: Role, span: Span) {
        self.relate(person, at, Relation::HoldsPost(role, span));
    }

    pub(crate) fn task(&mut self, task: KeyTask, unit: NodeRef) -> NodeRef {
        let ix = self.net.graph.add_node(Node::Task(Box::new(task)));
        self.net.graph.add_edge(ix, unit.ix(), Relation::TaskAt);
        NodeRef::new(ix)
    }

    /// The pioneer `pioneer` leads the volunteer `volunteer` (一十百).
    pub(crate) fn lead(&mut self, pioneer: NodeRef, volunteer: NodeRef) {
        self.relate(pioneer, volunteer, Relation::Leads);
    }

    /// The volunteer `volunteer` serves the household `household`.
    pub(crate) fn service(&mut self, volunteer: NodeRef, household: NodeRef) {
        self.relate(volunteer, household, Relation::Serves);
    }

    /// A contract of `kind` from `holder` to `target`, running over `span`.
    pub(crate) fn contract(
        &mut self,
        kind: ContractKind,
        holder: NodeRef,
        target: NodeRef,
        span: Span,
    ) {
        self.relate(holder, target, Relation::Contract(kind, span));
    }

    /// Any relation between two existing nodes.
    pub(super) fn relate(&mut self, from: NodeRef, to: NodeRef, relation: Relation) {
        self.net.graph.add_edge(from.ix(), to.ix(), relation);
    }

    pub(crate) fn layer(&mut self, building: NodeRef, layer: GridLayer, grid: String) {
        self.net
            .layers
            .entry(building.ix())
            .or_default()
            .insert(layer, grid);
    }

    /// The id of the node at `n`.
    pub(crate) fn id_of(&self, n: NodeRef) -> &str {
        self.net.node_id(n)
    }

    /// Builds the trees' layouts from the graph; see [`Bulk::finish_with`].
    pub(crate) fn finish(self) -> Result<(), String> {
        self.finish_with(None, None)
    }

    /// The graph's node bound (one past the highest node index).
    pub(super) fn node_bound(&self) -> usize {
        self.net.node_bound()
    }

    /// Installs the trees' layouts where the caller has them (see
    /// [`TreeIndex::from_preorder`]), and builds the others from the graph. Then checks that
    /// every node was entered in its id map (a node left out would be listed by the trees but
    /// not counted nor found by id); the message says which kind is short.
    pub(super) fn finish_with(
        self,
        units: Option<TreeIndex>,
        organisations: Option<TreeIndex>,
    ) -> Result<(), String> {
        self.net.names.clear();
        self.net.codes.clear();
        match units {
            Some(tree) => self.net.unit_tree = tree,
            None => self.net.reindex_units(),
        }
        match organisations {
            Some(tree) => self.net.org_tree = tree,
            None => self.net.reindex_organisations(),
        }
        let net = &*self.net;
        let (units, orgs) = (net.unit_tree.order.len(), net.org_tree.order.len());
        let mapped =
            net.units.len() + net.organisations.len() + net.persons.len() + net.tasks.len();
        if net.units.len() != units {
            return Err(format!(
                "{units} units were built but {} were given ids",
                net.units.len()
            ));
        }
        if net.organisations.len() != orgs {
            return Err(format!(
                "{orgs} organisations were built but {} were given ids",
                net.organisations.len()
            ));
        }
        if mapped != net.graph.node_count() {
            return Err(format!(
                "{} entities were built but {mapped} were given ids",
                net.graph.node_count()
            ));
        }
        Ok(())
    }
}
