//! All-or-nothing edits: stage any mix of changes, then commit them as one.
//!
//! [`Network::edit`] opens an [`Edit`]; its methods stage [`Change`]s; [`Edit::commit`] validates
//! the whole batch against the network as it would be after it, and applies all of it or none
//! of it. A rejected commit returns [`Error::Validation`](crate::Error::Validation) with every
//! [`Problem`](crate::Problem) found, and the network is exactly as it was.
//!
//! Changes in one edit may come in any order: a child may be staged before its parent, a
//! membership before its person. References are checked against the final state.
//!
//! ```
//! use quanyu::{Network, UnitRecord};
//!
//! let mut net = Network::new();
//! let mut edit = net.edit();
//! edit.add_unit(UnitRecord::new("G", "Grid").parent("A")); // parent staged later: fine
//! edit.add_unit(UnitRecord::new("A", "Area").parent("S"));
//! edit.add_unit(UnitRecord::new("S", "Subdistrict"));
//! edit.commit()?;
//!
//! // A building cannot sit directly in an area, and `X` does not exist: both are reported,
//! // and nothing changes.
//! let mut edit = net.edit();
//! edit.add_unit(UnitRecord::new("B", "Building").parent("A"));
//! edit.move_unit("G", Some("X"));
//! let err = edit.commit().unwrap_err();
//! assert_eq!(err.problems().len(), 2);
//! assert!(!net.contains_unit("B"));
//! assert_eq!(net.parent("G")?.unwrap().id, "A");
//! # Ok::<(), quanyu::Error>(())
//! ```

use chrono::NaiveDate;

use crate::model::{
    ContractKind, ContractRecord, GridLayer, GridLayerRecord, LeadRecord, MembershipRecord,
    Network, OrganisationRecord, PersonRecord, PostRecord, Role, ServiceRecord, TaskRecord,
    UnitRecord,
};
use crate::schema::Record;
use crate::{Origin, Result};

/// Identifies a membership: its person, organisation and start date.
///
/// ```
/// let key = quanyu::MembershipKey::new("P1", "GB1", "2020-07-01".parse().unwrap());
/// assert_eq!(key.person, "P1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Record)]
pub struct MembershipKey {
    /// The member's id.
    pub person: String,
    /// The organisation's id.
    pub organisation: String,
    /// The membership's first day.
    pub start: NaiveDate,
}

impl MembershipKey {
    /// The membership of `person` in `organisation` that started on `start`.
    pub fn new(
        person: impl Into<String>,
        organisation: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        MembershipKey {
            person: person.into(),
            organisation: organisation.into(),
            start,
        }
    }
}

/// Identifies a post: its person, role, place (unit or organisation) and start date.
///
/// ```
/// use quanyu::{PostKey, Role};
/// let key = PostKey::at_unit("P1", Role::GridLeader, "G1", "2024-01-01".parse().unwrap());
/// assert_eq!(key.unit.as_deref(), Some("G1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Record)]
pub struct PostKey {
    /// The holder's id.
    pub person: String,
    /// The role.
    pub role: Role,
    /// The unit the post is held at.
    pub unit: Option<String>,
    /// The organisation the post is held at.
    pub organisation: Option<String>,
    /// The post's first day.
    pub start: NaiveDate,
}

impl PostKey {
    /// The post of `person` as `role` at the unit `unit` that started on `start`.
    pub fn at_unit(
        person: impl Into<String>,
        role: Role,
        unit: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        PostKey {
            person: person.into(),
            role,
            unit: Some(unit.into()),
            organisation: None,
            start,
        }
    }

    /// The post of `person` as `role` at the organisation `organisation` that started on `start`.
    pub fn at_organisation(
        person: impl Into<String>,
        role: Role,
        organisation: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        PostKey {
            person: person.into(),
            role,
            unit: None,
            organisation: Some(organisation.into()),
            start,
        }
    }
}

/// Identifies a contract: its kind, holder, target and start date.
///
/// ```
/// use quanyu::{ContractKey, ContractKind};
/// let key = ContractKey::new(ContractKind::Building, "P1", "B1", "2024-10-13".parse().unwrap());
/// assert_eq!(key.target, "B1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Record)]
#[record(label = "holder")]
pub struct ContractKey {
    /// Which of the four contracts.
    pub kind: ContractKind,
    /// The holder's id.
    pub holder: String,
    /// The target's id.
    pub target: String,
    /// The contract's first day.
    pub start: NaiveDate,
}

impl ContractKey {
    /// The contract of `kind` from `holder` to `target` that started on `start`.
    pub fn new(
        kind: ContractKind,
        holder: impl Into<String>,
        target: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        ContractKey {
            kind,
            holder: holder.into(),
            target: target.into(),
            start,
        }
    }
}

impl From<&ContractRecord> for ContractKey {
    fn from(r: &ContractRecord) -> Self {
        ContractKey {
            kind: r.kind,
            holder: r.holder.clone(),
            target: r.target.clone(),
            start: r.start,
        }
    }
}

impl From<&PostRecord> for PostKey {
    fn from(r: &PostRecord) -> Self {
        PostKey {
            person: r.person.clone(),
            role: r.role,
            unit: r.unit.clone(),
            organisation: r.organisation.clone(),
            start: r.start,
        }
    }
}

impl From<&MembershipRecord> for MembershipKey {
    fn from(r: &MembershipRecord) -> Self {
        MembershipKey {
            person: r.person.clone(),
            organisation: r.organisation.clone(),
            start: r.start,
        }
    }
}

/// One staged change.
///
/// New kinds of change come with new kinds of record; the enum is exhaustive so that the
/// bindings' conversions, generated from this declaration, match every variant.
#[derive(Debug, Clone, PartialEq, Eq, Record)]
pub enum Change {
    /// Adds a unit; its id must be new.
    #[named(field = "unit")]
    AddUnit(UnitRecord),
    /// Replaces an existing unit's fields (its level must stay; a new parent moves it).
    #[named(field = "unit")]
    UpdateUnit(UnitRecord),
    /// Moves a unit, with its subtree, under `parent` (`None`: make it a root).
    MoveUnit {
        /// The unit to move.
        id: String,
        /// Its new parent.
        parent: Option<String>,
    },
    /// Removes a unit. Its children and anchored organisations must be removed or moved in the
    /// same edit; posts held at it and homes in it go with it.
    RemoveUnit {
        /// The unit to remove.
        id: String,
    },
    /// Adds an organisation; its id must be new.
    #[named(field = "organisation")]
    AddOrganisation(OrganisationRecord),
    /// Replaces an existing organisation's fields (a new parent or anchor moves it).
    #[named(field = "organisation")]
    UpdateOrganisation(OrganisationRecord),
    /// Removes an organisation. Its child organisations must be removed or moved in the same
    /// edit; memberships and posts held at it go with it.
    RemoveOrganisation {
        /// The organisation to remove.
        id: String,
    },
    /// Adds a person; the id must be new.
    #[named(field = "person")]
    AddPerson(PersonRecord),
    /// Replaces an existing person's fields (home, workplace, name, personal fields).
    #[named(field = "person")]
    UpdatePerson(PersonRecord),
    /// Removes a person with their memberships and posts.
    RemovePerson {
        /// The person to remove.
        id: String,
    },
    /// Adds a membership.
    #[named(field = "membership")]
    AddMembership(MembershipRecord),
    /// Ends a running membership on `end` (inclusive).
    EndMembership {
        /// Which membership.
        key: MembershipKey,
        /// Its last day.
        end: NaiveDate,
    },
    /// Removes a membership (a correction: ending it keeps the history).
    #[named(field = "key")]
    RemoveMembership(MembershipKey),
    /// Adds a post.
    #[named(field = "post")]
    AddPost(PostRecord),
    /// Ends a running post on `end` (inclusive).
    EndPost {
        /// Which post.
        key: PostKey,
        /// Its last day.
        end: NaiveDate,
    },
    /// Removes a post (a correction: ending it keeps the history).
    #[named(field = "key")]
    RemovePost(PostKey),
    /// Puts a building into a grid of a layer.
    #[named(field = "record")]
    SetGridLayer(GridLayerRecord),
    /// Takes a building out of its grid in a layer.
    ClearGridLayer {
        /// The building.
        building: String,
        /// The layer.
        layer: GridLayer,
    },
    /// Adds a key task; the id must be new.
    #[named(field = "task")]
    AddTask(TaskRecord),
    /// Replaces an existing key task's fields.
    #[named(field = "task")]
    UpdateTask(TaskRecord),
    /// Removes a key task with its contracts.
    RemoveTask {
        /// The task to remove.
        id: String,
    },
    /// A pioneer starts leading a volunteer.
    #[named(field = "lead")]
    AddLead(LeadRecord),
    /// A pioneer stops leading a volunteer.
    #[named(field = "lead")]
    RemoveLead(LeadRecord),
    /// A volunteer starts serving a household.
    #[named(field = "service")]
    AddService(ServiceRecord),
    /// A volunteer stops serving a household.
    #[named(field = "service")]
    RemoveService(ServiceRecord),
    /// Adds a contract.
    #[named(field = "contract")]
    AddContract(ContractRecord),
    /// Ends a running contract on `end` (inclusive).
    EndContract {
        /// Which contract.
        key: ContractKey,
        /// Its last day.
        end: NaiveDate,
    },
    /// Removes a contract (a correction: ending it keeps the history).
    #[named(field = "key")]
    RemoveContract(ContractKey),
}

/// An owned batch of changes, each with where it came from (for error messages).
///
/// [`Edit`] wraps one around a network; importers and bindings build one and hand it to
/// [`Network::apply`].
///
/// ```
/// use quanyu::{Change, Changeset, Network, Origin, UnitRecord};
/// let mut changes = Changeset::new();
/// changes.push_from(Change::AddUnit(UnitRecord::new("S", "Subdistrict")), Origin { source: "units.csv".into(), row: 1 });
/// let mut net = Network::new();
/// net.apply(changes)?;
/// assert!(net.contains_unit("S"));
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changeset {
    pub(super) changes: Vec<(Change, Option<Origin>)>,
}

impl Changeset {
    /// An empty batch.
    pub fn new() -> Self {
        Changeset::default()
    }

    /// Stages `change`.
    pub fn push(&mut self, change: Change) {
        self.changes.push((change, None));
    }

    /// Stages `change`, remembering the input row it came from.
    pub fn push_from(&mut self, change: Change, origin: Origin) {
        self.changes.push((change, Some(origin)));
    }

    /// Appends every change of `other`.
    pub fn extend(&mut self, other: Changeset) {
        self.changes.extend(other.changes);
    }

    /// The number of staged changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The staged changes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Change> + '_ {
        self.changes.iter().map(|(c, _)| c)
    }

    /// The staged changes, in order, each with where it was read from (if known).
    pub(crate) fn with_origins(&self) -> impl Iterator<Item = (&Change, Option<&Origin>)> + '_ {
        self.changes.iter().map(|(c, o)| (c, o.as_ref()))
    }
}

impl FromIterator<Change> for Changeset {
    fn from_iter<T: IntoIterator<Item = Change>>(iter: T) -> Self {
        Changeset {
            changes: iter.into_iter().map(|c| (c, None)).collect(),
        }
    }
}

/// What a successful commit changed.
///
/// ```
/// use quanyu::{Network, UnitRecord};
/// let mut net = Network::new();
/// let mut edit = net.edit();
/// edit.add_unit(UnitRecord::new("S", "Subdistrict"));
/// let summary = edit.commit()?;
/// assert_eq!(summary.added, 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Record)]
#[non_exhaustive]
pub struct CommitSummary {
    /// Entities and relations added.
    pub added: usize,
    /// Entities and relations changed.
    pub updated: usize,
    /// Entities and relations removed (cascaded relations not counted).
    pub removed: usize,
}

/// A batch of staged changes on a network, applied all or nothing by [`commit`](Edit::commit).
/// Dropping an edit without committing changes nothing.
///
/// ```
/// use quanyu::{Network, UnitRecord};
/// let mut net = Network::new();
/// {
///     let mut edit = net.edit();
///     edit.add_unit(UnitRecord::new("S", "Subdistrict"));
/// } // dropped: nothing happens
/// assert_eq!(net.unit_count(), 0);
/// ```
#[derive(Debug)]
#[must_use = "an edit changes nothing until it is committed"]
pub struct Edit<'n> {
    network: &'n mut Network,
    changes: Changeset,
}

impl Network {
    /// Opens an edit on this network.
    ///
    /// ```
    /// let mut net = quanyu::Network::new();
    /// let edit = net.edit();
    /// assert!(edit.is_empty());
    /// ```
    pub fn edit(&mut self) -> Edit<'_> {
        Edit {
            network: self,
            changes: Changeset::new(),
        }
    }

    /// Validates `changes` against this network without applying them: every problem found.
    ///
    /// ```
    /// use quanyu::{Change, Changeset, Network, UnitRecord};
    /// let net = Network::new();
    /// let changes: Changeset = [Change::AddUnit(UnitRecord::new("G", "Grid").parent("nowhere"))].into_iter().collect();
    /// assert_eq!(net.check(&changes).len(), 1);
    /// ```
    pub fn check(&self, changes: &Changeset) -> Vec<crate::Problem> {
        match crate::model::validate::stage(self, changes) {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        }
    }

    /// Validates and applies `changes`, all or nothing.
    ///
    /// ```
    /// use quanyu::{Change, Changeset, Network, UnitRecord};
    /// let mut net = Network::new();
    /// let bad: Changeset = [
    ///     Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
    ///     Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
    /// ].into_iter().collect();
    /// assert!(net.apply(bad).is_err());
    /// assert_eq!(net.unit_count(), 0);
    /// ```
    pub fn apply(&mut self, changes: Changeset) -> Result<CommitSummary> {
        let staged =
            crate::model::validate::stage(self, &changes).map_err(crate::Error::Validation)?;
        Ok(crate::model::apply::apply(self, staged))
    }
}

impl Edit<'_> {
    /// Stages any change.
    pub fn push(&mut self, change: Change) -> &mut Self {
        self.changes.push(change);
        self
    }

    /// Stages a new unit.
    pub fn add_unit(&mut self, unit: UnitRecord) -> &mut Self {
        self.push(Change::AddUnit(unit))
    }

    /// Stages new values for an existing unit.
    pub fn update_unit(&mut self, unit: UnitRecord) -> &mut Self {
        self.push(Change::UpdateUnit(unit))
    }

    /// Stages moving a unit (and its subtree) under `parent`.
    pub fn move_unit(&mut self, id: impl Into<String>, parent: Option<&str>) -> &mut Self {
        self.push(Change::MoveUnit {
            id: id.into(),
            parent: parent.map(str::to_owned),
        })
    }

    /// Stages removing a unit.
    pub fn remove_unit(&mut self, id: impl Into<String>) -> &mut Self {
        self.push(Change::RemoveUnit { id: id.into() })
    }

    /// Stages removing a unit and every unit below it, deepest first. Organisations anchored
    /// in the subtree must still be removed or moved by other changes.
    ///
    /// ```
    /// # let mut net = quanyu::synth::community(3)?;
    /// let b = net.units_by_level("Building")?.next().unwrap().id.clone();
    /// let n = net.subtree_size(&b)?;
    /// let before = net.unit_count();
    /// let mut edit = net.edit();
    /// edit.remove_subtree(&b)?;
    /// // Building cells are anchored on buildings: remove them too if there are any.
    /// # let cells: Vec<String> = edit.network().organisations_at(&b)?.iter().map(|o| o.id.to_string()).collect();
    /// # for c in cells { edit.remove_organisation(c); }
    /// edit.commit()?;
    /// assert_eq!(net.unit_count(), before - n);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn remove_subtree(&mut self, id: &str) -> Result<&mut Self> {
        let p = self.network.unit_pos(id)? as usize;
        let tree = &self.network.unit_tree;
        let ids: Vec<String> = tree.order[p..tree.end[p] as usize]
            .iter()
            .rev()
            .map(|&ix| self.network.unit_at(ix).id.to_string())
            .collect();
        for id in ids {
            self.changes.push(Change::RemoveUnit { id });
        }
        Ok(self)
    }

    /// Stages a new organisation.
    pub fn add_organisation(&mut self, organisation: OrganisationRecord) -> &mut Self {
        self.push(Change::AddOrganisation(organisation))
    }

    /// Stages new values for an existing organisation.
    pub fn update_organisation(&mut self, organisation: OrganisationRecord) -> &mut Self {
        self.push(Change::UpdateOrganisation(organisation))
    }

    /// Stages removing an organisation.
    pub fn remove_organisation(&mut self, id: impl Into<String>) -> &mut Self {
        self.push(Change::RemoveOrganisation { id: id.into() })
    }

    /// Stages a new person.
    pub fn add_person(&mut self, person: PersonRecord) -> &mut Self {
        self.push(Change::AddPerson(person))
    }

    /// Stages new values for an existing person.
    pub fn update_person(&mut self, person: PersonRecord) -> &mut Self {
        self.push(Change::UpdatePerson(person))
    }

    /// Stages removing a person.
    pub fn remove_person(&mut self, id: impl Into<String>) -> &mut Self {
        self.push(Change::RemovePerson { id: id.into() })
    }

    /// Stages a new membership.
    pub fn add_membership(&mut self, membership: MembershipRecord) -> &mut Self {
        self.push(Change::AddMembership(membership))
    }

    /// Stages ending a membership on `end`.
    pub fn end_membership(&mut self, key: MembershipKey, end: NaiveDate) -> &mut Self {
        self.push(Change::EndMembership { key, end })
    }

    /// Stages a new post.
    pub fn add_post(&mut self, post: PostRecord) -> &mut Self {
        self.push(Change::AddPost(post))
    }

    /// Stages ending a post on `end`.
    pub fn end_post(&mut self, key: PostKey, end: NaiveDate) -> &mut Self {
        self.push(Change::EndPost { key, end })
    }

    /// Stages a building's grid in a layer.
    pub fn set_grid_layer(&mut self, record: GridLayerRecord) -> &mut Self {
        self.push(Change::SetGridLayer(record))
    }

    /// Stages a new key task.
    pub fn add_task(&mut self, task: TaskRecord) -> &mut Self {
        self.push(Change::AddTask(task))
    }

    /// Stages a new contract.
    pub fn add_contract(&mut self, contract: ContractRecord) -> &mut Self {
        self.push(Change::AddContract(contract))
    }

    /// Stages ending a contract on `end`.
    pub fn end_contract(&mut self, key: ContractKey, end: NaiveDate) -> &mut Self {
        self.push(Change::EndContract { key, end })
    }

    /// Stages a pioneer leading a volunteer.
    pub fn add_lead(&mut self, lead: LeadRecord) -> &mut Self {
        self.push(Change::AddLead(lead))
    }

    /// Stages a volunteer serving a household.
    pub fn add_service(&mut self, service: ServiceRecord) -> &mut Self {
        self.push(Change::AddService(service))
    }

    /// The network as it is now (before this edit).
    pub fn network(&self) -> &Network {
        self.network
    }

    /// The number of staged changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Validates the batch and applies all of it, or none of it.
    ///
    /// ```
    /// use quanyu::{Network, UnitRecord};
    /// let mut net = Network::new();
    /// let mut edit = net.edit();
    /// edit.add_unit(UnitRecord::new("S", "Subdistrict"));
    /// edit.add_unit(UnitRecord::new("A", "Area").parent("S"));
    /// assert_eq!(edit.commit()?.added, 2);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn commit(self) -> Result<CommitSummary> {
        self.network.apply(self.changes)
    }
}
