//! Bulk construction without per-change validation, for generators that build valid networks
//! by construction (the synthetic cities) and for the binary snapshot reader, which makes its
//! own checks as it reads. Crate-private: users always go through an edit. The synthetic-city
//! tests re-validate what this builds by loading it through an edit.

use compact_str::CompactString;

use crate::model::graph::{Graph, Ix, Node, Relation};
use crate::model::ids::IdMap;
use crate::model::index::TreeIndex;
use crate::model::{
    AllianceCategory, GridKind, GridLayer, Level, Network, Organisation, OrganisationKind, Person,
    Role, Sensitive, Span, Unit,
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
    pub(crate) fn reserve_kind(&mut self, table: Table, n: usize, edges: usize) {
        let (map, graph) = self.map(table);
        map.reserve(graph, n);
        graph.reserve_nodes(n);
        graph.reserve_edges(edges);
    }

    /// Enters the ids of `nodes` (all of one kind, already in the graph) in that kind's id
    /// map, in order. `Err(i)`: the id of `nodes[i]` was taken, and it and the rest are not
    /// entered.
    pub(crate) fn index(&mut self, table: Table, nodes: &[Ix]) -> Result<(), usize> {
        let (map, graph) = self.map(table);
        map.reserve(graph, nodes.len());
        match nodes.iter().position(|&ix| !map.insert(graph, ix)) {
            Some(i) => Err(i),
            None => Ok(()),
        }
    }

    pub(crate) fn reserve(&mut self, nodes: usize, edges: usize) {
        self.net.graph.reserve_nodes(nodes);
        self.net.graph.reserve_edges(edges);
    }

    pub(crate) fn unit(
        &mut self,
        id: CompactString,
        name: CompactString,
        level: Level,
        parent: Option<Ix>,
        grid_kind: Option<GridKind>,
        residents: u32,
    ) -> Ix {
        let ix = self.net.graph.add_node(Node::Unit(Unit {
            id,
            name,
            level,
            grid_kind,
            residents,
        }));
        if let Some(p) = parent {
            self.net.graph.add_edge(p, ix, Relation::Contains);
        }
        ix
    }

    pub(crate) fn organisation(
        &mut self,
        id: CompactString,
        name: CompactString,
        kind: OrganisationKind,
        category: Option<AllianceCategory>,
        parent: Option<Ix>,
        anchor: Ix,
    ) -> Ix {
        let org = Organisation {
            id,
            name,
            kind,
            category,
        };
        let ix = self.net.graph.add_node(Node::Organisation(Box::new(org)));
        if let Some(p) = parent {
            self.net.graph.add_edge(p, ix, Relation::Oversees);
        }
        self.net.graph.add_edge(ix, anchor, Relation::AnchoredOn);
        ix
    }

    pub(crate) fn person(
        &mut self,
        id: CompactString,
        name: CompactString,
        phone: Option<CompactString>,
        id_number: Option<CompactString>,
        home: Option<Ix>,
    ) -> Ix {
        let person = Person {
            id,
            name,
            phone: phone.map(Sensitive::new),
            id_number: id_number.map(Sensitive::new),
        };
        let ix = self.net.graph.add_node(Node::Person(Box::new(person)));
        if let Some(h) = home {
            self.net.graph.add_edge(ix, h, Relation::LivesIn);
        }
        ix
    }

    pub(crate) fn works_at(&mut self, person: Ix, unit: Ix) {
        self.net.graph.add_edge(person, unit, Relation::WorksAt);
    }

    pub(crate) fn membership(&mut self, person: Ix, organisation: Ix, span: Span) {
        self.net
            .graph
            .add_edge(person, organisation, Relation::MemberOf(span));
    }

    pub(crate) fn post(&mut self, person: Ix, at: Ix, role: Role, span: Span) {
        self.net
            .graph
            .add_edge(person, at, Relation::HoldsPost(role, span));
    }

    pub(crate) fn task(&mut self, task: crate::model::KeyTask, unit: Ix) -> Ix {
        let ix = self.net.graph.add_node(Node::Task(Box::new(task)));
        self.net.graph.add_edge(ix, unit, Relation::TaskAt);
        ix
    }

    /// Any relation between two existing nodes (leads, services, contracts).
    pub(crate) fn relate(&mut self, from: Ix, to: Ix, relation: Relation) {
        self.net.graph.add_edge(from, to, relation);
    }

    pub(crate) fn layer(&mut self, building: Ix, layer: GridLayer, grid: String) {
        self.net
            .layers
            .entry(building)
            .or_default()
            .insert(layer, grid);
    }

    /// The id of the node at `ix`.
    pub(crate) fn id_of(&self, ix: Ix) -> &str {
        self.net.graph.node_weight(ix).map_or("", Node::id)
    }

    /// Builds the trees' layouts from the graph; see [`Bulk::finish_with`].
    pub(crate) fn finish(self) -> Result<(), String> {
        self.finish_with(None, None)
    }

    /// The graph's node bound (one past the highest node index).
    pub(crate) fn node_bound(&self) -> usize {
        petgraph::visit::NodeIndexable::node_bound(&self.net.graph)
    }

    /// Installs the trees' layouts where the caller has them (see
    /// [`TreeIndex::from_preorder`]), and builds the others from the graph. Then checks that
    /// every node was entered in its id map (a node left out would be listed by the trees but
    /// not counted nor found by id); the message says which kind is short.
    pub(crate) fn finish_with(
        self,
        units: Option<TreeIndex>,
        organisations: Option<TreeIndex>,
    ) -> Result<(), String> {
        self.net.names.clear();
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
