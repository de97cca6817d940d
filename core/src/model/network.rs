//! [`Network`]: one jurisdiction's governance network in one graph.

use std::collections::{BTreeMap, HashMap};

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::codes::CodeIndex;
use crate::model::graph::{Graph, Ix, Node, Relation};
use crate::model::index::TreeIndex;
use crate::model::names::NameIndex;
use crate::model::{GridLayer, KeyTask, LevelScheme, Organisation, OrganisationKind, Person, Unit};
use crate::{EntityKind, Error, Result};

pub(super) use crate::model::ids::IdMap;

/// One jurisdiction's governance network: units on a [`LevelScheme`], the Party-organisation
/// tree beside them, persons with their homes, memberships and posts, and grid layers, held as
/// one petgraph `StableDiGraph` with derived indices for fast tree questions.
///
/// Reads take `&self` and are cheap; writes go through [`Network::edit`], all or nothing. A
/// `Network` is `Send + Sync`: share it behind a lock.
///
/// ```
/// use quanyu::{Network, UnitRecord};
///
/// let mut net = Network::new();
/// let mut edit = net.edit();
/// edit.add_unit(UnitRecord::new("S", "Subdistrict").name("Riverside"));
/// edit.add_unit(UnitRecord::new("A", "Area").parent("S"));
/// edit.add_unit(UnitRecord::new("G", "Grid").parent("A"));
/// edit.commit()?;
/// assert_eq!(net.unit_count(), 3);
/// assert!(net.is_ancestor("S", "G")?);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub(super) scheme: LevelScheme,
    pub(super) graph: Graph,
    pub(super) units: IdMap,
    pub(super) organisations: IdMap,
    pub(super) persons: IdMap,
    pub(super) tasks: IdMap,
    /// Building → its grid code in each layer other than the tree itself.
    pub(super) layers: HashMap<Ix, BTreeMap<GridLayer, String>, foldhash::fast::RandomState>,
    pub(super) unit_tree: TreeIndex,
    pub(super) org_tree: TreeIndex,
    /// Units and persons by name, built on the first look-up by name.
    pub(super) names: NameIndex,
    /// Units by statistical division code, built on the first look-up by code.
    pub(super) codes: CodeIndex,
    /// Who saw personal fields in full, and why; shared by the network's clones, and no part
    /// of its value (equality, snapshots).
    pub(crate) access: crate::privacy::AccessLog,
}

impl Network {
    /// An empty network on the default [`LevelScheme`].
    ///
    /// ```
    /// assert_eq!(quanyu::Network::new().unit_count(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_scheme(LevelScheme::default())
    }

    /// An empty network on `scheme`.
    ///
    /// ```
    /// use quanyu::{LevelScheme, Network};
    /// let net = Network::with_scheme(LevelScheme::linear(["Province", "City"])?);
    /// assert_eq!(net.scheme().len(), 2);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn with_scheme(scheme: LevelScheme) -> Self {
        Network {
            scheme,
            ..Default::default()
        }
    }

    /// The level scheme.
    ///
    /// ```
    /// assert_eq!(quanyu::Network::new().scheme().len(), 7);
    /// ```
    pub fn scheme(&self) -> &LevelScheme {
        &self.scheme
    }

    /// The number of units.
    ///
    /// ```
    /// assert_eq!(quanyu::Network::new().unit_count(), 0);
    /// ```
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// The number of organisations.
    ///
    /// ```
    /// assert_eq!(quanyu::Network::new().organisation_count(), 0);
    /// ```
    pub fn organisation_count(&self) -> usize {
        self.organisations.len()
    }

    /// The number of persons.
    ///
    /// ```
    /// assert_eq!(quanyu::Network::new().person_count(), 0);
    /// ```
    pub fn person_count(&self) -> usize {
        self.persons.len()
    }

    /// The unit `id`.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let first = net.units().next().unwrap();
    /// assert_eq!(net.unit(&first.id)?, first);
    /// assert!(net.unit("no such unit").is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn unit(&self, id: &str) -> Result<&Unit> {
        self.unit_ix(id).map(|ix| self.unit_at(ix))
    }

    /// The organisation `id`.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let first = net.organisations().next().unwrap();
    /// assert_eq!(net.organisation(&first.id)?.kind, first.kind);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn organisation(&self, id: &str) -> Result<&Organisation> {
        self.organisation_ix(id).map(|ix| self.organisation_at(ix))
    }

    /// The person `id`.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let first = net.persons().next().unwrap();
    /// assert_eq!(net.person(&first.id)?.name, first.name);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn person(&self, id: &str) -> Result<&Person> {
        self.person_ix(id).map(|ix| self.person_at(ix))
    }

    /// The number of key tasks.
    ///
    /// ```
    /// assert_eq!(quanyu::Network::new().task_count(), 0);
    /// ```
    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }

    /// The key task `id`.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let first = net.tasks().next().unwrap();
    /// assert_eq!(net.task(&first.id)?, first);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn task(&self, id: &str) -> Result<&KeyTask> {
        self.task_ix(id).map(|ix| self.task_at(ix))
    }

    /// Every key task, in a stable order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.tasks().count(), net.task_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn tasks(&self) -> impl Iterator<Item = &KeyTask> + '_ {
        self.graph.node_weights().filter_map(Node::as_task)
    }

    /// Whether a unit `id` exists.
    ///
    /// ```
    /// assert!(!quanyu::Network::new().contains_unit("S"));
    /// ```
    pub fn contains_unit(&self, id: &str) -> bool {
        self.units.contains(&self.graph, id)
    }

    /// Every unit, in pre-order (roots in the order they were added, children likewise).
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let root = net.units().next().unwrap();
    /// assert_eq!(net.scheme().name(root.level), "Subdistrict");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn units(&self) -> impl ExactSizeIterator<Item = &Unit> + '_ {
        self.unit_tree.order.iter().map(|&ix| self.unit_at(ix))
    }

    /// Every organisation, in pre-order of the organisation tree.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.organisations().count(), net.organisation_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn organisations(&self) -> impl ExactSizeIterator<Item = &Organisation> + '_ {
        self.org_tree
            .order
            .iter()
            .map(|&ix| self.organisation_at(ix))
    }

    /// Every person, in a stable order (the order they were added, until removals free slots).
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.persons().count(), net.person_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn persons(&self) -> impl Iterator<Item = &Person> + '_ {
        self.graph.node_weights().filter_map(Node::as_person)
    }

    // ---- crate-internal lookups -------------------------------------------------------------

    pub(super) fn unit_ix(&self, id: &str) -> Result<Ix> {
        self.units
            .get(&self.graph, id)
            .ok_or_else(|| Error::not_found(EntityKind::Unit, id))
    }

    pub(super) fn organisation_ix(&self, id: &str) -> Result<Ix> {
        self.organisations
            .get(&self.graph, id)
            .ok_or_else(|| Error::not_found(EntityKind::Organisation, id))
    }

    pub(super) fn person_ix(&self, id: &str) -> Result<Ix> {
        self.persons
            .get(&self.graph, id)
            .ok_or_else(|| Error::not_found(EntityKind::Person, id))
    }

    pub(super) fn task_ix(&self, id: &str) -> Result<Ix> {
        self.tasks
            .get(&self.graph, id)
            .ok_or_else(|| Error::not_found(EntityKind::Task, id))
    }

    pub(super) fn task_at(&self, ix: Ix) -> &KeyTask {
        match self.graph.node_weight(ix).and_then(Node::as_task) {
            Some(t) => t,
            None => unreachable!("task index {ix:?} does not hold a task"),
        }
    }

    /// The unit at `ix`; the id maps only ever point at nodes of their kind.
    pub(super) fn unit_at(&self, ix: Ix) -> &Unit {
        match self.graph.node_weight(ix).and_then(Node::as_unit) {
            Some(u) => u,
            None => unreachable!("unit index {ix:?} does not hold a unit"),
        }
    }

    pub(super) fn organisation_at(&self, ix: Ix) -> &Organisation {
        match self.graph.node_weight(ix).and_then(Node::as_organisation) {
            Some(o) => o,
            None => unreachable!("organisation index {ix:?} does not hold an organisation"),
        }
    }

    pub(super) fn person_at(&self, ix: Ix) -> &Person {
        match self.graph.node_weight(ix).and_then(Node::as_person) {
            Some(p) => p,
            None => unreachable!("person index {ix:?} does not hold a person"),
        }
    }

    /// The target of the first outgoing relation of `ix` accepted by `f`.
    pub(super) fn out_one(&self, ix: Ix, f: impl Fn(&Relation) -> bool) -> Option<Ix> {
        self.graph
            .edges_directed(ix, Direction::Outgoing)
            .find(|e| f(e.weight()))
            .map(|e| e.target())
    }

    pub(super) fn reindex_units(&mut self) {
        self.unit_tree = TreeIndex::build(
            &self.graph,
            |n| matches!(n, Node::Unit(_)),
            |r| matches!(r, Relation::Contains),
            |n| n.as_unit().map_or(usize::MAX, |u| u.level.index()),
            self.scheme.len(),
        );
    }

    pub(super) fn reindex_organisations(&mut self) {
        self.org_tree = TreeIndex::build(
            &self.graph,
            |n| matches!(n, Node::Organisation(_)),
            |r| matches!(r, Relation::Oversees),
            |n| n.as_organisation().map_or(usize::MAX, |o| o.kind as usize),
            OrganisationKind::ALL.len(),
        );
    }
}
