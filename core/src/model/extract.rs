//! Scoped extracts: the part of a network a grid worker's phone needs.

use std::collections::HashSet;

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::Result;
use crate::model::graph::{Ix, Node, Relation};
use crate::model::{Change, Changeset, Network};

impl Network {
    /// The subtree of `unit` as a network of its own, with the same ids and scheme: the units
    /// of the subtree (`unit` becomes a root), the organisations and key tasks anchored in it,
    /// and every person linked to it (living there, holding a post or a contract there, or a
    /// member of a kept organisation). Links to anything outside are dropped: an organisation
    /// whose parent is outside becomes a root, a person living outside keeps no home. This is
    /// what a server sends to a grid worker's app.
    ///
    /// ```
    /// # let net = quanyu::synth::community(3)?;
    /// let grid = net.units_by_level("Grid")?.next().unwrap().id.clone();
    /// let phone = net.extract(&grid)?;
    /// assert_eq!(phone.unit_count(), net.subtree_size(&grid)?);
    /// assert!(phone.roots().all(|r| r.id == grid));
    /// // Who is responsible for a building is answered on the phone as on the server.
    /// let b = phone.units_by_level("Building")?.next().unwrap().id.clone();
    /// let day = quanyu::synth::REFERENCE_DATE;
    /// assert_eq!(phone.responsible_for(&b, day)?, net.responsible_for(&b, day)?);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn extract(&self, unit: &str) -> Result<Network> {
        let p = self.unit_pos(unit)? as usize;
        let tree = &self.unit_tree;
        let units: Vec<Ix> = tree.order[p..tree.end[p] as usize].to_vec();
        let unit_set: HashSet<Ix> = units.iter().copied().collect();
        let into = |targets: &HashSet<Ix>, rel: fn(&Relation) -> bool| -> HashSet<Ix> {
            targets
                .iter()
                .flat_map(|&t| self.graph.edges_directed(t, Direction::Incoming))
                .filter(|e| rel(e.weight()))
                .map(|e| e.source())
                .collect()
        };
        let orgs = into(&unit_set, |r| matches!(r, Relation::AnchoredOn));
        let tasks = into(&unit_set, |r| matches!(r, Relation::TaskAt));
        let mut places: HashSet<Ix> = unit_set.union(&orgs).copied().collect();
        places.extend(&tasks);
        let persons: HashSet<Ix> = into(&places, |r| {
            matches!(
                r,
                Relation::LivesIn
                    | Relation::HoldsPost(..)
                    | Relation::Contract(..)
                    | Relation::MemberOf(_)
            )
        })
        .into_iter()
        .filter(|&s| matches!(self.graph[s], Node::Person(_)))
        .collect();
        let kept = |ix: Ix| {
            unit_set.contains(&ix)
                || orgs.contains(&ix)
                || persons.contains(&ix)
                || tasks.contains(&ix)
        };
        let kept_id = |id: &Option<String>, map: &crate::model::network::IdMap| {
            id.as_ref()
                .filter(|i| map.get(&self.graph, i).is_some_and(kept))
                .cloned()
        };

        let mut c = Changeset::new();
        for &u in &units {
            let mut r = self.unit_record(u);
            if u == units[0] {
                r.parent = None;
            }
            c.push(Change::AddUnit(r));
        }
        for &o in self.org_tree.order.iter().filter(|o| orgs.contains(o)) {
            let mut r = self.organisation_record(o);
            r.parent = kept_id(&r.parent, &self.organisations);
            c.push(Change::AddOrganisation(r));
        }
        let person_nodes: Vec<Ix> = self
            .person_nodes()
            .filter(|p| persons.contains(p))
            .collect();
        for &p in &person_nodes {
            let mut r = self.person_record(p);
            r.home = kept_id(&r.home, &self.units);
            r.works_at = kept_id(&r.works_at, &self.units);
            c.push(Change::AddPerson(r));
        }
        let mut task_nodes: Vec<Ix> = tasks.iter().copied().collect();
        task_nodes.sort_unstable();
        for &t in &task_nodes {
            c.push(Change::AddTask(self.task_record(t)));
        }
        // Relations whose two ends are kept, from each kept source in order.
        let holders = person_nodes
            .iter()
            .chain(self.org_tree.order.iter().filter(|o| orgs.contains(o)));
        for &s in holders {
            for e in self
                .graph
                .edges_directed(s, Direction::Outgoing)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                if !kept(e.target()) {
                    continue;
                }
                let (from, to) = (
                    self.graph[s].id().to_owned(),
                    self.graph[e.target()].id().to_owned(),
                );
                let change = match *e.weight() {
                    Relation::MemberOf(span) => Change::AddMembership(crate::MembershipRecord {
                        person: from,
                        organisation: to,
                        start: span.start,
                        end: span.end,
                    }),
                    Relation::HoldsPost(role, span) => {
                        let at_unit = matches!(self.graph[e.target()], Node::Unit(_));
                        Change::AddPost(crate::PostRecord {
                            person: from,
                            role,
                            unit: at_unit.then(|| to.clone()),
                            organisation: (!at_unit).then_some(to),
                            start: span.start,
                            end: span.end,
                        })
                    }
                    Relation::Leads => Change::AddLead(crate::LeadRecord::new(from, to)),
                    Relation::Serves => Change::AddService(crate::ServiceRecord::new(from, to)),
                    Relation::Contract(kind, span) => Change::AddContract(crate::ContractRecord {
                        kind,
                        holder: from,
                        target: to,
                        start: span.start,
                        end: span.end,
                    }),
                    _ => continue,
                };
                c.push(change);
            }
        }
        for &u in &units {
            if let Some(m) = self.layers.get(&u) {
                for (&layer, grid) in m {
                    c.push(Change::SetGridLayer(crate::GridLayerRecord::new(
                        self.unit_at(u).id.clone(),
                        layer,
                        grid,
                    )));
                }
            }
        }
        let mut out = Network::with_scheme(self.scheme.clone());
        out.apply(c)?;
        Ok(out)
    }
}
