//! Bulk construction without per-change validation, for generators that build valid networks
//! by construction (the synthetic cities). Crate-private: users always go through an edit.
//! The synthetic-city tests re-validate what this builds by loading it through an edit.

use compact_str::CompactString;

use crate::model::graph::{Ix, Node, Relation};
use crate::model::{
    AllianceCategory, GridKind, GridLayer, Level, Network, Organisation, OrganisationKind, Person,
    Role, Sensitive, Span, Unit,
};

pub(crate) struct Bulk<'n> {
    net: &'n mut Network,
}

impl<'n> Bulk<'n> {
    pub(crate) fn new(net: &'n mut Network) -> Self {
        Bulk { net }
    }

    /// Room for `n` more entities of one kind (0 units, 1 organisations, 2 persons, 3 tasks)
    /// and `edges` more relations.
    pub(crate) fn reserve_kind(&mut self, kind: usize, n: usize, edges: usize) {
        let net = &mut *self.net;
        let map = match kind {
            0 => &mut net.units,
            1 => &mut net.organisations,
            2 => &mut net.persons,
            _ => &mut net.tasks,
        };
        map.reserve(&net.graph, n);
        net.graph.reserve_nodes(n);
        net.graph.reserve_edges(edges);
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
        self.net.units.insert(&self.net.graph, ix);
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
        self.net.organisations.insert(&self.net.graph, ix);
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
        home: Option<Ix>,
    ) -> Ix {
        let person = Person {
            id,
            name,
            phone: phone.map(Sensitive::new),
            id_number: None,
        };
        let ix = self.net.graph.add_node(Node::Person(Box::new(person)));
        self.net.persons.insert(&self.net.graph, ix);
        if let Some(h) = home {
            self.net.graph.add_edge(ix, h, Relation::LivesIn);
        }
        ix
    }

    pub(crate) fn set_id_number(&mut self, person: Ix, number: Option<CompactString>) {
        if let Some(Node::Person(p)) = self.net.graph.node_weight_mut(person) {
            p.id_number = number.map(Sensitive::new);
        }
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
        self.net.tasks.insert(&self.net.graph, ix);
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

    /// How many units, organisations, persons and tasks the id maps hold.
    pub(crate) fn counts(&self) -> (usize, usize, usize, usize) {
        let n = &self.net;
        (
            n.units.len(),
            n.organisations.len(),
            n.persons.len(),
            n.tasks.len(),
        )
    }

    pub(crate) fn finish(self) {
        self.net.reindex();
    }
}
