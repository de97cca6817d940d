//! Reading the network back out as records, and finding relations by their keys.

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::graph::{Ix, Node, Relation};
use crate::model::index::NONE;
use crate::model::{
    ContractRecord, GridLayerRecord, LeadRecord, MembershipRecord, Network, OrganisationRecord,
    PersonRecord, PostRecord, ServiceRecord, TaskRecord, UnitRecord,
};

impl Network {
    /// Every unit as a record, in pre-order (parents before children).
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let rows: Vec<_> = net.unit_records().collect();
    /// assert_eq!(rows.len(), net.unit_count());
    /// assert!(rows[0].parent.is_none());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn unit_records(&self) -> impl ExactSizeIterator<Item = UnitRecord> + '_ {
        self.unit_tree.order.iter().map(|&ix| self.unit_record(ix))
    }

    /// Every organisation as a record, in pre-order of the organisation tree.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.organisation_records().count(), net.organisation_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn organisation_records(&self) -> impl ExactSizeIterator<Item = OrganisationRecord> + '_ {
        self.org_tree
            .order
            .iter()
            .map(|&ix| self.organisation_record(ix))
    }

    /// Every person as a record, in a stable order (the order they were added, until removals
    /// free slots for later additions).
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.person_records().count(), net.person_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn person_records(&self) -> impl Iterator<Item = PersonRecord> + '_ {
        self.person_nodes().map(|ix| self.person_record(ix))
    }

    /// Every membership as a record, by person, then in the order added.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert!(net.membership_records().count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn membership_records(&self) -> impl Iterator<Item = MembershipRecord> + '_ {
        self.person_nodes()
            .flat_map(move |p| self.membership_records_of(p))
    }

    /// Every post as a record, by person, then in the order added.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert!(net.post_records().count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn post_records(&self) -> impl Iterator<Item = PostRecord> + '_ {
        self.person_nodes()
            .flat_map(move |p| self.post_records_of(p))
    }

    /// Every key task as a record, in a stable order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert_eq!(net.task_records().count(), net.task_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn task_records(&self) -> impl Iterator<Item = TaskRecord> + '_ {
        self.graph
            .node_indices()
            .filter(|&ix| matches!(self.graph[ix], Node::Task(_)))
            .map(|ix| self.task_record(ix))
    }

    /// Every pioneer–volunteer lead as a record, by pioneer, then in the order added.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert!(net.lead_records().count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn lead_records(&self) -> impl Iterator<Item = LeadRecord> + '_ {
        self.person_nodes().flat_map(move |p| {
            let pioneer = &self.person_at(p).id;
            self.out_oldest_first(p)
                .into_iter()
                .filter(|(rel, _)| matches!(rel, Relation::Leads))
                .map(move |(_, t)| LeadRecord::new(pioneer.clone(), self.person_at(t).id.clone()))
        })
    }

    /// Every volunteer–household service as a record, by volunteer, then in the order added.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert!(net.service_records().count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn service_records(&self) -> impl Iterator<Item = ServiceRecord> + '_ {
        self.person_nodes().flat_map(move |p| {
            let volunteer = &self.person_at(p).id;
            self.out_oldest_first(p)
                .into_iter()
                .filter(|(rel, _)| matches!(rel, Relation::Serves))
                .map(move |(_, t)| {
                    ServiceRecord::new(volunteer.clone(), self.unit_at(t).id.clone())
                })
        })
    }

    /// Every contract as a record: those held by persons, then those held by organisations,
    /// each holder's in the order added.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let _ = net.contract_records().count();
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn contract_records(&self) -> impl Iterator<Item = ContractRecord> + '_ {
        let orgs = self.org_tree.order.iter().copied();
        self.person_nodes()
            .chain(orgs)
            .flat_map(move |h| self.contract_records_of(h))
    }

    /// Every building's layer grid as a record, buildings in pre-order, layers in order.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// assert!(net.grid_layer_records().count() > 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn grid_layer_records(&self) -> impl Iterator<Item = GridLayerRecord> + '_ {
        self.unit_tree
            .order
            .iter()
            .filter_map(|ix| self.layers.get(ix).map(|m| (ix, m)))
            .flat_map(move |(&ix, m)| {
                let building = self.unit_at(ix).id.as_str();
                m.iter().map(move |(&layer, grid)| GridLayerRecord {
                    building: building.to_owned(),
                    layer,
                    grid: grid.clone(),
                })
            })
    }

    /// The memberships of `person`, oldest first.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let m = net.membership_records().next().unwrap();
    /// assert!(net.memberships_of(&m.person)?.contains(&m));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn memberships_of(&self, person: &str) -> crate::Result<Vec<MembershipRecord>> {
        Ok(self.membership_records_of(self.person_ix(person)?))
    }

    /// The posts of `person`, oldest first.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let p = net.post_records().next().unwrap();
    /// assert!(net.posts_of(&p.person)?.contains(&p));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn posts_of(&self, person: &str) -> crate::Result<Vec<PostRecord>> {
        let p = self.person_ix(person)?;
        Ok(self.post_records_of(p))
    }

    // ---- crate-internal ----------------------------------------------------------------------

    pub(super) fn membership_records_of(&self, p: Ix) -> Vec<MembershipRecord> {
        let person = self.person_at(p).id.as_str();
        self.out_oldest_first(p)
            .into_iter()
            .filter_map(|(rel, target)| match rel {
                Relation::MemberOf(span) => Some(MembershipRecord {
                    person: person.to_owned(),
                    organisation: self.organisation_at(target).id.to_string(),
                    start: span.start,
                    end: span.end,
                }),
                _ => None,
            })
            .collect()
    }

    pub(super) fn contract_records_of(&self, holder: Ix) -> Vec<ContractRecord> {
        let id = self.graph[holder].id();
        self.out_oldest_first(holder)
            .into_iter()
            .filter_map(|(rel, target)| match rel {
                Relation::Contract(kind, span) => Some(ContractRecord {
                    kind,
                    holder: id.to_owned(),
                    target: self.graph[target].id().to_owned(),
                    start: span.start,
                    end: span.end,
                }),
                _ => None,
            })
            .collect()
    }

    pub(super) fn task_record(&self, ix: Ix) -> TaskRecord {
        let t = self.task_at(ix);
        TaskRecord {
            id: t.id.to_string(),
            name: t.name.to_string(),
            unit: self
                .out_one(ix, |r| matches!(r, Relation::TaskAt))
                .map(|u| self.unit_at(u).id.to_string())
                .unwrap_or_default(),
            category: t.category,
            deadline: t.deadline,
            status: t.status,
        }
    }

    pub(super) fn post_records_of(&self, p: Ix) -> Vec<PostRecord> {
        let person = self.person_at(p).id.as_str();
        self.out_oldest_first(p)
            .into_iter()
            .filter_map(|(rel, target)| match rel {
                Relation::HoldsPost(role, span) => {
                    let (unit, organisation) = match &self.graph[target] {
                        Node::Unit(u) => (Some(u.id.to_string()), None),
                        other => (None, Some(other.id().to_owned())),
                    };
                    Some(PostRecord {
                        person: person.to_owned(),
                        role,
                        unit,
                        organisation,
                        start: span.start,
                        end: span.end,
                    })
                }
                _ => None,
            })
            .collect()
    }

    pub(super) fn person_nodes(&self) -> impl Iterator<Item = Ix> + '_ {
        self.graph
            .node_indices()
            .filter(|&ix| matches!(self.graph[ix], Node::Person(_)))
    }

    /// The outgoing relations of `ix`, oldest first (adjacency lists run newest first).
    fn out_oldest_first(&self, ix: Ix) -> Vec<(Relation, Ix)> {
        let mut v: Vec<(Relation, Ix)> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .map(|e| (*e.weight(), e.target()))
            .collect();
        v.reverse();
        v
    }

    pub(super) fn unit_record(&self, ix: Ix) -> UnitRecord {
        let u = self.unit_at(ix);
        let parent = self
            .unit_tree
            .pos(ix)
            .map(|p| self.unit_tree.parent[p as usize])
            .filter(|&p| p != NONE);
        let mut record = UnitRecord {
            parent: parent.map(|p| {
                self.unit_at(self.unit_tree.order[p as usize])
                    .id
                    .to_string()
            }),
            // The id comes with the other fields the record shares with the unit.
            ..UnitRecord::new(String::new(), self.scheme.name(u.level))
        };
        record.carry_from(u);
        record
    }

    pub(super) fn organisation_record(&self, ix: Ix) -> OrganisationRecord {
        let o = self.organisation_at(ix);
        OrganisationRecord {
            id: o.id.to_string(),
            name: o.name.to_string(),
            kind: o.kind,
            parent: self
                .out_parent_org(ix)
                .map(|p| self.organisation_at(p).id.to_string()),
            anchor: self
                .out_one(ix, |r| matches!(r, Relation::AnchoredOn))
                .map(|u| self.unit_at(u).id.to_string()),
            category: o.category,
        }
    }

    pub(super) fn person_record(&self, ix: Ix) -> PersonRecord {
        let p = self.person_at(ix);
        PersonRecord {
            id: p.id.to_string(),
            name: p.name.to_string(),
            home: self.home_ix(ix).map(|h| self.unit_at(h).id.to_string()),
            works_at: self
                .out_one(ix, |r| matches!(r, Relation::WorksAt))
                .map(|u| self.unit_at(u).id.to_string()),
            phone: p.phone.clone(),
            id_number: p.id_number.clone(),
            moved_out: p.moved_out,
        }
    }

    /// The organisation leading `ix`, if any.
    pub(super) fn out_parent_org(&self, ix: Ix) -> Option<Ix> {
        self.graph
            .edges_directed(ix, Direction::Incoming)
            .find(|e| matches!(e.weight(), Relation::Oversees))
            .map(|e| e.source())
    }

    pub(super) fn post_place(&self, unit: Option<&str>, organisation: Option<&str>) -> Option<Ix> {
        match (unit, organisation) {
            (Some(u), None) => self.units.get(&self.graph, u),
            (None, Some(o)) => self.organisations.get(&self.graph, o),
            _ => None,
        }
    }
}

impl PartialEq for Network {
    /// Two networks are equal when they hold the same scheme and the same records in the same
    /// order: what a snapshot round trip must preserve.
    fn eq(&self, other: &Self) -> bool {
        self.scheme == other.scheme
            && self.unit_count() == other.unit_count()
            && self.person_count() == other.person_count()
            && self.organisation_count() == other.organisation_count()
            && self.unit_records().eq(other.unit_records())
            && self.organisation_records().eq(other.organisation_records())
            && self.person_records().eq(other.person_records())
            && self.membership_records().eq(other.membership_records())
            && self.post_records().eq(other.post_records())
            && self.grid_layer_records().eq(other.grid_layer_records())
            && self.task_records().eq(other.task_records())
            && self.lead_records().eq(other.lead_records())
            && self.service_records().eq(other.service_records())
            && self.contract_records().eq(other.contract_records())
    }
}

impl Eq for Network {}
