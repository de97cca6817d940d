//! The network as flat tables whose rows name each other by position, for the binary
//! snapshot: reading a network out ([`Network::flat`]) and building one in
//! ([`FlatBuilder`]) without an edit. The builder checks every row with the same
//! [rules](super::rules) an edit applies, so a snapshot is held to what an edit would accept,
//! while it still builds the graph directly, at the speed an app needs at start-up.
//!
//! Positions: units and organisations in pre-order of their trees, persons and key tasks in
//! their stable order. A row may only name a parent that came before it, which keeps both
//! trees free of cycles by construction.

use chrono::NaiveDate;
use compact_str::CompactString;
use petgraph::Direction;
use petgraph::visit::{EdgeRef, NodeIndexable};
use rustc_hash::FxHashSet;

use crate::model::bulk::{Bulk, Table};
use crate::model::graph::{Ix, Node, Relation};
use crate::model::index::{NONE, TreeIndex};
use crate::model::levels::{BUILDING, HOUSEHOLD};
use crate::model::{
    AllianceCategory, ContractKind, GridLayer, KeyTask, Level, Network, NodeRef, Organisation,
    OrganisationKind, Person, Role, Sensitive, Span, Unit, identity, rules,
};

/// A relation between rows, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlatRelation {
    /// Person → organisation.
    Membership {
        person: u32,
        organisation: u32,
        span: Span,
    },
    /// Person → unit (`at_organisation` false) or organisation.
    Post {
        person: u32,
        at_organisation: bool,
        place: u32,
        role: Role,
        span: Span,
    },
    /// Pioneer → volunteer (persons).
    Lead { pioneer: u32, volunteer: u32 },
    /// Volunteer (person) → household (unit).
    Service { volunteer: u32, household: u32 },
    /// Holder (person, or organisation for key tasks) → target (unit, or key task).
    Contract {
        kind: ContractKind,
        holder: u32,
        target: u32,
        span: Span,
    },
}

/// The network read as flat tables (see the module docs).
pub(crate) struct FlatTables<'n> {
    net: &'n Network,
    /// The position of every node inside its table, by node index.
    pos: Vec<u32>,
    persons: Vec<Ix>,
    tasks: Vec<Ix>,
}

impl Network {
    /// The network as flat tables.
    pub(crate) fn flat(&self) -> FlatTables<'_> {
        let mut pos = vec![NONE; self.graph.node_bound()];
        let persons: Vec<Ix> = self.person_nodes().collect();
        let tasks: Vec<Ix> = self
            .graph
            .node_indices()
            .filter(|&t| matches!(self.graph[t], Node::Task(_)))
            .collect();
        for list in [
            &self.unit_tree.order,
            &self.org_tree.order,
            &persons,
            &tasks,
        ] {
            for (i, &ix) in list.iter().enumerate() {
                pos[ix.index()] = i as u32;
            }
        }
        FlatTables {
            net: self,
            pos,
            persons,
            tasks,
        }
    }
}

fn parent_pos(p: u32) -> Option<u32> {
    (p != NONE).then_some(p)
}

impl<'n> FlatTables<'n> {
    fn at(&self, ix: Option<Ix>) -> Option<u32> {
        ix.map(|x| self.pos[x.index()])
    }

    /// Nodes and relations in the network, for sizing buffers.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.net.graph.node_count(), self.net.graph.edge_count())
    }

    /// Units in pre-order, each with its parent's position.
    pub(crate) fn units(&self) -> impl ExactSizeIterator<Item = (&'n Unit, Option<u32>)> + '_ {
        let net = self.net;
        let tree = &net.unit_tree;
        tree.order
            .iter()
            .zip(&tree.parent)
            .map(move |(&u, &p)| (net.unit_at(u), parent_pos(p)))
    }

    /// Organisations in pre-order, each with its parent's position and its anchor's.
    pub(crate) fn organisations(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'n Organisation, Option<u32>, Option<u32>)> + '_ {
        let net = self.net;
        let tree = &net.org_tree;
        tree.order.iter().zip(&tree.parent).map(move |(&o, &p)| {
            let anchor = net.out_one(o, |r| matches!(r, Relation::AnchoredOn));
            (net.organisation_at(o), parent_pos(p), self.at(anchor))
        })
    }

    /// Persons, each with the positions of their home and workplace.
    pub(crate) fn persons(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'n Person, Option<u32>, Option<u32>)> + '_ {
        let net = self.net;
        self.persons.iter().map(move |&p| {
            let works = net.out_one(p, |r| matches!(r, Relation::WorksAt));
            (net.person_at(p), self.at(net.home_ix(p)), self.at(works))
        })
    }

    /// Key tasks, each with its unit's position.
    pub(crate) fn tasks(&self) -> impl ExactSizeIterator<Item = (&'n KeyTask, Option<u32>)> + '_ {
        let net = self.net;
        self.tasks.iter().map(move |&t| {
            let unit = net.out_one(t, |r| matches!(r, Relation::TaskAt));
            (net.task_at(t), self.at(unit))
        })
    }

    /// The relations from each person, then each organisation, oldest first.
    pub(crate) fn relations(&self) -> Vec<FlatRelation> {
        let net = self.net;
        let mut out = Vec::new();
        for &s in self.persons.iter().chain(&net.org_tree.order) {
            let mut edges: Vec<_> = net.graph.edges_directed(s, Direction::Outgoing).collect();
            edges.reverse();
            for e in edges {
                let (from, to) = (self.pos[s.index()], self.pos[e.target().index()]);
                out.push(match *e.weight() {
                    Relation::MemberOf(span) => FlatRelation::Membership {
                        person: from,
                        organisation: to,
                        span,
                    },
                    Relation::HoldsPost(role, span) => FlatRelation::Post {
                        person: from,
                        at_organisation: !matches!(net.graph[e.target()], Node::Unit(_)),
                        place: to,
                        role,
                        span,
                    },
                    Relation::Leads => FlatRelation::Lead {
                        pioneer: from,
                        volunteer: to,
                    },
                    Relation::Serves => FlatRelation::Service {
                        volunteer: from,
                        household: to,
                    },
                    Relation::Contract(kind, span) => FlatRelation::Contract {
                        kind,
                        holder: from,
                        target: to,
                        span,
                    },
                    _ => continue,
                });
            }
        }
        out
    }

    /// Grid layers: the building's position, the layer and the grid code, by building.
    pub(crate) fn layers(&self) -> Vec<(u32, GridLayer, &'n str)> {
        let net = self.net;
        net.unit_tree
            .order
            .iter()
            .filter_map(|u| net.layers.get(u).map(|m| (u, m)))
            .flat_map(|(u, m)| {
                let p = self.pos[u.index()];
                m.iter().map(move |(&l, g)| (p, l, g.as_str()))
            })
            .collect()
    }
}

/// A refused row: its position in its table and why.
pub(crate) type Refusal = (usize, String);

/// Builds a network from flat tables, row by row, each checked as an edit would check it.
/// Tables come in order — units, organisations, persons, key tasks, relations, layers — and
/// each is closed (`end_*`) before the next, which checks its ids for repeats.
pub(crate) struct FlatBuilder<'n> {
    bulk: Bulk<'n>,
    scheme: crate::model::LevelScheme,
    household: Option<Level>,
    building: Option<Level>,
    /// The level each contract kind's target must be on, by kind (looked up once: a lookup
    /// by name folds strings, too slow to do for every contract).
    contract_levels: Vec<Option<Level>>,
    units: Vec<NodeRef>,
    unit_levels: Vec<Level>,
    unit_parents: Vec<u32>,
    orgs: Vec<NodeRef>,
    org_kinds: Vec<OrganisationKind>,
    org_parents: Vec<u32>,
    persons: Vec<NodeRef>,
    tasks: Vec<NodeRef>,
    /// Each relation's identity packed in 16 bytes, checked for repeats when the table closes.
    relation_keys: Vec<u128>,
    layered: FxHashSet<(u32, GridLayer)>,
}

/// A position below `n`, or why not.
fn position(p: u32, n: usize, what: &str) -> Result<usize, String> {
    let p = p as usize;
    if p < n {
        Ok(p)
    } else {
        Err(format!(
            "{what} position {p} is out of range (there are {n})"
        ))
    }
}

fn check_id(what: &str, id: &str) -> Result<(), String> {
    rules::id_problem(what, id).map_or(Ok(()), Err)
}

fn check_span(span: Span) -> Result<(), String> {
    match rules::span_problem(Some(span.start), span.end) {
        Some((_, m)) => Err(m),
        None => Ok(()),
    }
}

impl<'n> FlatBuilder<'n> {
    /// A builder into `net`, which must be empty (on the scheme the tables use).
    pub(crate) fn new(net: &'n mut Network) -> Self {
        let scheme = net.scheme.clone();
        FlatBuilder {
            household: scheme.level(HOUSEHOLD),
            building: scheme.level(BUILDING),
            contract_levels: ContractKind::ALL
                .iter()
                .map(|&k| k.target_level().and_then(|l| scheme.level(l)))
                .collect(),
            scheme,
            bulk: Bulk::new(net),
            units: Vec::new(),
            unit_levels: Vec::new(),
            unit_parents: Vec::new(),
            orgs: Vec::new(),
            org_kinds: Vec::new(),
            org_parents: Vec::new(),
            persons: Vec::new(),
            tasks: Vec::new(),
            relation_keys: Vec::new(),
            layered: FxHashSet::default(),
        }
    }

    /// Room for `n` rows of `table`.
    pub(crate) fn reserve(&mut self, table: Table, n: usize) {
        match table {
            Table::Units => {
                self.bulk.reserve_kind(table, n, n);
                self.units.reserve(n);
                self.unit_levels.reserve(n);
                self.unit_parents.reserve(n);
            }
            Table::Organisations => {
                self.bulk.reserve_kind(table, n, 2 * n);
                self.orgs.reserve(n);
                self.org_kinds.reserve(n);
                self.org_parents.reserve(n);
            }
            Table::Persons => {
                self.bulk.reserve_kind(table, n, n);
                self.persons.reserve(n);
            }
            Table::Tasks => {
                self.bulk.reserve_kind(table, n, n);
                self.tasks.reserve(n);
            }
        }
    }

    /// Room for `n` relations.
    pub(crate) fn reserve_relations(&mut self, n: usize) {
        self.bulk.reserve(0, n);
        self.relation_keys.reserve(n);
    }

    /// The next unit, whose level is not yet checked against the scheme; `parent` is the
    /// position of its parent among the units given before it.
    pub(crate) fn unit(&mut self, unit: Unit, parent: Option<u32>) -> Result<(), String> {
        let (id, level) = (&unit.id, unit.level);
        check_id("unit", id)?;
        if level.index() >= self.scheme.len() {
            return Err(format!(
                "unit `{id}`: level code {} is out of range (the scheme has {} levels)",
                level.index(),
                self.scheme.len()
            ));
        }
        let parent = match parent {
            Some(p) => Some(position(p, self.units.len(), "parent")?),
            None => None,
        };
        if let Some(p) = parent {
            let parent_id = self.bulk.id_of(self.units[p]);
            if let Some(m) =
                rules::nesting_problem(&self.scheme, parent_id, self.unit_levels[p], level)
            {
                return Err(format!("unit `{id}`: {m}"));
            }
        }
        if unit.grid_kind.is_some()
            && let Some(m) = rules::grid_kind_problem(&self.scheme, level)
        {
            return Err(format!("unit `{id}`: {m}"));
        }
        if let Some(m) = unit.code.as_deref().and_then(rules::division_code_problem) {
            return Err(format!("unit `{id}`: {m}"));
        }
        let u = self.bulk.unit(unit, parent.map(|p| self.units[p]));
        self.units.push(u);
        self.unit_levels.push(level);
        self.unit_parents.push(parent.map_or(NONE, |p| p as u32));
        Ok(())
    }

    /// Closes the units: their ids must be unique.
    pub(crate) fn end_units(&mut self) -> Result<(), Refusal> {
        self.index(Table::Units, "unit")
    }

    fn index(&mut self, table: Table, what: &str) -> Result<(), Refusal> {
        let nodes = match table {
            Table::Units => &self.units,
            Table::Organisations => &self.orgs,
            Table::Persons => &self.persons,
            Table::Tasks => &self.tasks,
        };
        self.bulk.index(table, nodes).map_err(|i| {
            let id = self.bulk.id_of(nodes[i]);
            (i, format!("{what} id `{id}` is repeated"))
        })
    }

    /// The next organisation.
    pub(crate) fn organisation(
        &mut self,
        id: CompactString,
        name: CompactString,
        kind: OrganisationKind,
        category: Option<AllianceCategory>,
        parent: Option<u32>,
        anchor: u32,
    ) -> Result<(), String> {
        check_id("organisation", &id)?;
        let parent = match parent {
            Some(p) => Some(position(p, self.orgs.len(), "parent")?),
            None => None,
        };
        if let Some(p) = parent {
            let parent_id = self.bulk.id_of(self.orgs[p]);
            if let Some(m) = rules::organisation_nesting_problem(parent_id, self.org_kinds[p], kind)
            {
                return Err(format!("organisation `{id}`: {m}"));
            }
        }
        let anchor = position(anchor, self.units.len(), "anchor")?;
        let o = self.bulk.organisation(
            id,
            name,
            kind,
            category,
            parent.map(|p| self.orgs[p]),
            self.units[anchor],
        );
        self.orgs.push(o);
        self.org_kinds.push(kind);
        self.org_parents.push(parent.map_or(NONE, |p| p as u32));
        Ok(())
    }

    /// Closes the organisations: their ids must be unique.
    pub(crate) fn end_organisations(&mut self) -> Result<(), Refusal> {
        self.index(Table::Organisations, "organisation")
    }

    /// Whether unit `u` may stand where a unit on `want` is needed (any unit if the scheme
    /// lacks that level, as in an edit).
    fn on_level(&self, want: Option<Level>, u: usize) -> bool {
        want.is_none_or(|w| w == self.unit_levels[u])
    }

    /// The next person.
    pub(crate) fn person(
        &mut self,
        id: CompactString,
        name: CompactString,
        phone: Option<CompactString>,
        id_number: Option<CompactString>,
        moved_out: Option<NaiveDate>,
        (home, works_at): (Option<u32>, Option<u32>),
    ) -> Result<(), String> {
        check_id("person", &id)?;
        let n = self.units.len();
        let home = match home {
            Some(h) => Some(position(h, n, "home")?),
            None => None,
        };
        if let Some(h) = home
            && !self.on_level(self.household, h)
        {
            return Err(format!("person `{id}`: a home must be a Household"));
        }
        let works = match works_at {
            Some(w) => Some(position(w, n, "workplace")?),
            None => None,
        };
        // Empty personal fields are no value: stored as none, as an edit stores them.
        let phone = phone.filter(|s| !s.is_empty());
        let id_number = id_number.filter(|s| !s.is_empty());
        if let Some(m) = phone.as_deref().and_then(identity::phone_problem) {
            return Err(format!("person `{id}`: phone: {m}"));
        }
        if let Some(m) = id_number.as_deref().and_then(identity::id_number_problem) {
            return Err(format!("person `{id}`: id_number: {m}"));
        }
        if let Some(m) = moved_out.and_then(|d| rules::date_problem("moved_out", d)) {
            return Err(format!("person `{id}`: {m}"));
        }
        let person = Person {
            phone: phone.map(Sensitive::new),
            id_number: id_number.map(Sensitive::new),
            moved_out,
            ..Person::new(id, name)
        };
        let p = self.bulk.person(person, home.map(|h| self.units[h]));
        if let Some(w) = works {
            self.bulk.works_at(p, self.units[w]);
        }
        self.persons.push(p);
        Ok(())
    }

    /// Closes the persons: their ids must be unique.
    pub(crate) fn end_persons(&mut self) -> Result<(), Refusal> {
        self.index(Table::Persons, "person")
    }

    /// The next key task.
    pub(crate) fn task(&mut self, task: KeyTask, unit: u32) -> Result<(), String> {
        check_id("task", &task.id)?;
        if let Some(m) = rules::date_problem("deadline", task.deadline) {
            return Err(format!("task `{}`: {m}", task.id));
        }
        let unit = position(unit, self.units.len(), "unit")?;
        let t = self.bulk.task(task, self.units[unit]);
        self.tasks.push(t);
        Ok(())
    }

    /// Closes the key tasks: their ids must be unique.
    pub(crate) fn end_tasks(&mut self) -> Result<(), Refusal> {
        self.index(Table::Tasks, "task")
    }

    /// The next relation.
    pub(crate) fn relation(&mut self, r: FlatRelation) -> Result<(), String> {
        let (np, no, nu, nt) = (
            self.persons.len(),
            self.orgs.len(),
            self.units.len(),
            self.tasks.len(),
        );
        let zero = Span {
            start: NaiveDate::MIN,
            end: None,
        };
        // (from, to, relation, key: tag, a, b, code, span)
        let (from, to, relation, tag, code, span) = match r {
            FlatRelation::Membership {
                person,
                organisation,
                span,
            } => {
                check_span(span)?;
                let p = self.persons[position(person, np, "person")?];
                let o = self.orgs[position(organisation, no, "organisation")?];
                (p, o, Relation::MemberOf(span), 1u8, 0u8, span)
            }
            FlatRelation::Post {
                person,
                at_organisation,
                place,
                role,
                span,
            } => {
                check_span(span)?;
                let p = self.persons[position(person, np, "person")?];
                let at = if at_organisation {
                    self.orgs[position(place, no, "organisation")?]
                } else {
                    self.units[position(place, nu, "unit")?]
                };
                let role_code = Role::ALL.iter().position(|&x| x == role).unwrap_or(0) as u8;
                (p, at, Relation::HoldsPost(role, span), 2, role_code, span)
            }
            FlatRelation::Lead { pioneer, volunteer } => {
                let p = position(pioneer, np, "pioneer")?;
                let v = position(volunteer, np, "volunteer")?;
                if p == v {
                    return Err("a pioneer cannot lead themselves".into());
                }
                (
                    self.persons[p],
                    self.persons[v],
                    Relation::Leads,
                    3,
                    0,
                    zero,
                )
            }
            FlatRelation::Service {
                volunteer,
                household,
            } => {
                let v = position(volunteer, np, "volunteer")?;
                let h = position(household, nu, "household")?;
                if !self.on_level(self.household, h) {
                    return Err("only households are served".into());
                }
                (self.persons[v], self.units[h], Relation::Serves, 4, 0, zero)
            }
            FlatRelation::Contract {
                kind,
                holder,
                target,
                span,
            } => {
                check_span(span)?;
                let holder = if kind.held_by_organisations() {
                    self.orgs[position(holder, no, "holder")?]
                } else {
                    self.persons[position(holder, np, "holder")?]
                };
                let target = if kind.targets_tasks() {
                    self.tasks[position(target, nt, "target")?]
                } else {
                    let u = position(target, nu, "target")?;
                    let want = ContractKind::ALL
                        .iter()
                        .position(|&k| k == kind)
                        .and_then(|i| self.contract_levels[i]);
                    if !self.on_level(want, u) {
                        return Err(format!("a {kind} contract's target is on another level"));
                    }
                    self.units[u]
                };
                let code = ContractKind::ALL
                    .iter()
                    .position(|&x| x == kind)
                    .unwrap_or(0) as u8;
                (
                    holder,
                    target,
                    Relation::Contract(kind, span),
                    5,
                    code,
                    span,
                )
            }
        };
        let day = chrono::Datelike::num_days_from_ce(&span.start) as u32;
        // Node indices fit in 32 bits, as positions do.
        self.relation_keys.push(
            from.index() as u128
                | (to.index() as u128) << 32
                | u128::from(tag) << 64
                | u128::from(code) << 72
                | u128::from(day) << 80,
        );
        self.bulk.relate(from, to, relation);
        Ok(())
    }

    /// Closes the relations: none may be recorded twice.
    pub(crate) fn end_relations(&mut self) -> Result<(), Refusal> {
        let mut seen: FxHashSet<u128> = FxHashSet::default();
        seen.reserve(self.relation_keys.len());
        match self.relation_keys.iter().position(|&k| !seen.insert(k)) {
            Some(i) => Err((i, "a relation is recorded twice".into())),
            None => Ok(()),
        }
    }

    /// The next grid layer entry: building `unit` is in grid `grid` of `layer`.
    pub(crate) fn layer(
        &mut self,
        unit: u32,
        layer: GridLayer,
        grid: String,
    ) -> Result<(), String> {
        let u = position(unit, self.units.len(), "building")?;
        if !self.on_level(self.building, u) {
            return Err("only buildings belong to layer grids".into());
        }
        if let Some(m) = rules::grid_code_problem(&grid) {
            return Err(m);
        }
        if !self.layered.insert((unit, layer)) {
            return Err(format!("the {layer} grid of a building is given twice"));
        }
        self.bulk.layer(self.units[u], layer, grid);
        Ok(())
    }

    /// Completes the network: both trees' layouts, from the listing order where it is a
    /// pre-order (as this library writes it), else from the graph.
    pub(crate) fn finish(self) -> Result<(), String> {
        let bound = self.bulk.node_bound();
        let unit_levels = self.unit_levels;
        let org_kinds = self.org_kinds;
        // The handles unwrap in place: a handle is its node index.
        let unit_tree = TreeIndex::from_preorder(
            bound,
            self.units.into_iter().map(NodeRef::ix).collect(),
            self.unit_parents,
            |i| unit_levels[i].index(),
            self.scheme.len(),
        );
        let org_tree = TreeIndex::from_preorder(
            bound,
            self.orgs.into_iter().map(NodeRef::ix).collect(),
            self.org_parents,
            |i| org_kinds[i] as usize,
            OrganisationKind::ALL.len(),
        );
        self.bulk.finish_with(unit_tree, org_tree)
    }
}

#[cfg(test)]
impl Network {
    /// Whether both trees' layouts are the ones a rebuild from the graph gives (as an edit
    /// builds them).
    pub(crate) fn layouts_are_rebuilt(&self) -> bool {
        let mut again = self.clone();
        again.reindex_units();
        again.reindex_organisations();
        again.unit_tree == self.unit_tree && again.org_tree == self.org_tree
    }
}
