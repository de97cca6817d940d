//! Scoped extracts: the part of a network a grid worker's phone needs, and no more.

use std::collections::HashSet;

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::Result;
use crate::model::graph::{Ix, Node, Relation};
use crate::model::{Change, Changeset, Network, PersonRecord};
use crate::privacy::{Mask, Reveal, check_reveal, log_reveal, mask};

/// Options of an [extract](Network::extract_with): which personal fields of the persons
/// living in the extract's subtree travel in full, for which purpose.
///
/// An extract is a path out of the server, so by default it carries no phone number and no ID
/// number at all (a masked value such as `138****5678` would not pass the phone's input checks,
/// and the app has no use for it).
///
/// ```
/// use quanyu::ExtractOptions;
/// use quanyu::privacy::Reveal;
/// assert!(ExtractOptions::new().reveal.is_none());
/// let opts = ExtractOptions::new().reveal(Reveal::new("worker-07", "grid_service").fields(["phone"]));
/// assert!(opts.reveal.unwrap().shows("phone"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExtractOptions {
    /// Personal fields kept in full for the persons living (or working) in the subtree, for a
    /// purpose: checked first, then written to the source network's access log. `None` drops
    /// every personal field.
    pub reveal: Option<Reveal>,
}

impl ExtractOptions {
    /// The defaults: no personal field travels.
    ///
    /// ```
    /// assert_eq!(quanyu::ExtractOptions::new(), quanyu::ExtractOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the fields `reveal` names in full for the persons inside the subtree.
    ///
    /// ```
    /// use quanyu::privacy::Reveal;
    /// let opts = quanyu::ExtractOptions::new().reveal(Reveal::new("w", "emergency").fields(["phone"]));
    /// assert_eq!(opts.reveal.unwrap().purpose, "emergency");
    /// ```
    pub fn reveal(mut self, reveal: Reveal) -> Self {
        self.reveal = Some(reveal);
        self
    }
}

impl Network {
    /// The subtree of `unit` as a network of its own, with the same ids and scheme, holding
    /// only what a grid worker's phone needs: what a server sends to the app. Same as
    /// [`extract_with`](Network::extract_with) with the default options.
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
    /// // No phone number and no ID number leaves the server by default.
    /// assert!(phone.persons().all(|p| p.phone.is_none() && p.id_number.is_none()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn extract(&self, unit: &str) -> Result<Network> {
        self.extract_with(unit, &ExtractOptions::default())
    }

    /// The subtree of `unit` as a network of its own, with the same ids and scheme, minimised
    /// for a phone (PIPL art. 6, the minimum necessary):
    ///
    /// - **Units**: the subtree (`unit` becomes a root), with their grid layers; the
    ///   organisations and key tasks anchored in it (an organisation whose parent is outside
    ///   becomes a root).
    /// - **Insiders**, the persons whose home or place of work is in the subtree: id, name,
    ///   home and place of work (a unit outside is dropped), and no phone or ID number unless
    ///   `options` [reveal](ExtractOptions::reveal) them.
    /// - **Outsiders**, the persons who live and work outside but hold a post, a contract or a
    ///   membership in the extract (a district official leading the grid, say): their id and
    ///   their name masked to its first character (`张**`), nothing else, whatever the reveal
    ///   says. Their posts, contracts and memberships stay, so that who is responsible for a
    ///   unit is answered by id on the phone as on the server.
    /// - Relations between kept records; links to anything outside are dropped.
    ///
    /// A reveal is checked first (an allowed purpose, someone asking, personal fields of
    /// persons: nothing is built if it is refused) and, once the extract is made, recorded in
    /// this network's [access log](Network::access_log) with the ids of the insiders.
    ///
    /// ```
    /// use quanyu::ExtractOptions;
    /// use quanyu::privacy::Reveal;
    /// # let net = quanyu::synth::community(3)?;
    /// let grid = net.units_by_level("Grid")?.next().unwrap().id.clone();
    /// let reveal = Reveal::new("worker-07", "grid_service").fields(["phone"]);
    /// let phone = net.extract_with(&grid, &ExtractOptions::new().reveal(reveal))?;
    /// let resident = phone.residents(&grid)?.into_iter().find(|p| p.phone.is_some()).unwrap();
    /// assert_eq!(resident.phone, net.person(&resident.id)?.phone);
    /// assert!(resident.id_number.is_none());
    /// assert_eq!(net.access_log().records()[0].who, "worker-07");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn extract_with(&self, unit: &str, options: &ExtractOptions) -> Result<Network> {
        let reveal = options.reveal.as_ref();
        check_reveal::<PersonRecord>(&self.access, reveal)?;
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
        let inside = |id: &Option<String>| {
            id.as_ref()
                .and_then(|i| self.units.get(&self.graph, i))
                .is_some_and(|ix| unit_set.contains(&ix))
        };
        let mut insiders = Vec::new();
        for &p in &person_nodes {
            let full = self.person_record(p);
            let r = if inside(&full.home) || inside(&full.works_at) {
                insiders.push(full.id.clone());
                let shows = |field: &str| reveal.is_some_and(|r| r.shows(field));
                PersonRecord {
                    home: kept_id(&full.home, &self.units),
                    works_at: kept_id(&full.works_at, &self.units),
                    phone: full.phone.filter(|_| shows("phone")),
                    id_number: full.id_number.filter(|_| shows("id_number")),
                    ..PersonRecord::new(full.id)
                }
                .name(full.name)
            } else {
                // Linked by a duty only: the phone needs to know that someone holds it, not
                // who they are in full.
                PersonRecord::new(full.id).name(mask(Mask::ChineseName, &full.name))
            };
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
        log_reveal::<PersonRecord>(&self.access, reveal, insiders);
        Ok(out)
    }
}

#[cfg(feature = "seal")]
impl Network {
    /// The [extract](Network::extract_with) of `unit` as a binary snapshot
    /// ([`to_binary`](Network::to_binary)) [sealed](crate::privacy::seal) to `recipients`
    /// (the workers' public keys, `age1…`): what a server sends to a phone, readable only with
    /// one of their secret keys ([`open_extract`](Network::open_extract)). The reveal of
    /// `options`, if any, is checked and logged as for the extract; nothing is logged if the
    /// sealing fails (a bad recipient is found before the extract is made).
    ///
    /// ```
    /// use quanyu::{ExtractOptions, Network};
    /// use quanyu::privacy::{Reveal, WorkerKey};
    /// # let net = quanyu::synth::community(3)?;
    /// let grid = net.units_by_level("Grid")?.next().unwrap().id.clone();
    /// let key = WorkerKey::generate(); // on the phone; the server is given key.recipient()
    /// let opts = ExtractOptions::new().reveal(Reveal::new("worker-07", "grid_service").fields(["phone"]));
    /// let sealed = net.sealed_extract(&grid, &opts, &[key.recipient()])?;
    /// let phone = Network::open_extract(&sealed, key.identity())?;
    /// assert_eq!(phone.unit_count(), net.subtree_size(&grid)?);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn sealed_extract<S: AsRef<str>>(
        &self,
        unit: &str,
        options: &ExtractOptions,
        recipients: &[S],
    ) -> Result<Vec<u8>> {
        // The recipients are checked first, so that a refused call writes nothing to the
        // access log: sealing an empty input parses them all.
        crate::privacy::seal(&[], recipients)?;
        let extract = self.extract_with(unit, options)?;
        crate::privacy::seal(&extract.to_binary(), recipients)
    }

    /// Opens an extract sealed by [`sealed_extract`](Network::sealed_extract) with the
    /// worker's secret key (`AGE-SECRET-KEY-1…`). Errors as [`open`](crate::privacy::open),
    /// and [`Error::Parse`](crate::Error::Parse) if what it holds is not a valid snapshot.
    ///
    /// ```
    /// use quanyu::Network;
    /// use quanyu::privacy::WorkerKey;
    /// # let net = quanyu::synth::community(1)?;
    /// # let grid = net.units_by_level("Grid")?.next().unwrap().id.clone();
    /// let key = WorkerKey::generate();
    /// let sealed = net.sealed_extract(&grid, &Default::default(), &[key.recipient()])?;
    /// assert_eq!(Network::open_extract(&sealed, key.identity())?, net.extract(&grid)?);
    /// assert!(Network::open_extract(&sealed, WorkerKey::generate().identity()).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn open_extract(sealed: &[u8], identity: &str) -> Result<Network> {
        Network::from_binary(&crate::privacy::open(sealed, identity)?)
    }
}
