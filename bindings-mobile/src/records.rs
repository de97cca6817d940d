//! Records — the flat values that go into a network and come out of it — and the [`Change`]s
//! of an all-or-nothing commit.
//!
//! Converting a record to the core's checks what the core's types cannot hold (a date that is
//! not `YYYY-MM-DD`, a negative resident count) and reports every such value as a [`Problem`]
//! of the commit, naming the id and the field; the core then validates what converted.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Problem;
use crate::types::{
    IsoDate, IsoDateTime, IsoTime, Sensitive, parse_day, parse_moment, parse_time, sensitive_in,
    sensitive_out,
};
use quanyu::{
    AllianceCategory, ContractKind, GridKind, GridLayer, OrganisationKind, Role, TaskCategory,
    TaskStatus,
};

/// Problems found while converting records, each naming the id and field at fault.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    /// `text` as a date, or a problem with `id`'s `field` (and a placeholder date, never applied:
    /// a commit with any problem changes nothing).
    pub(crate) fn day(&mut self, id: &str, field: &str, text: &IsoDate) -> NaiveDate {
        parse_day(text.as_str()).unwrap_or_else(|message| {
            self.0.push(Problem::new(id, field, message));
            NaiveDate::MIN
        })
    }

    pub(crate) fn opt_day(
        &mut self,
        id: &str,
        field: &str,
        text: &Option<IsoDate>,
    ) -> Option<NaiveDate> {
        text.as_ref().map(|t| self.day(id, field, t))
    }

    pub(crate) fn u32(&mut self, id: &str, field: &str, n: i64) -> u32 {
        u32::try_from(n).unwrap_or_else(|_| {
            self.0.push(Problem::new(
                id,
                field,
                format!("expected a count from 0 to {}, got {n}", u32::MAX),
            ));
            0
        })
    }

    pub(crate) fn u8(&mut self, id: &str, field: &str, n: i32) -> u8 {
        u8::try_from(n).unwrap_or_else(|_| {
            self.0.push(Problem::new(
                id,
                field,
                format!("expected a number from 0 to 255, got {n}"),
            ));
            0
        })
    }

    /// `text` as a date and time, or a problem (and a placeholder, never applied).
    pub(crate) fn moment(&mut self, id: &str, field: &str, text: &IsoDateTime) -> NaiveDateTime {
        parse_moment(text.as_str()).unwrap_or_else(|message| {
            self.0.push(Problem::new(id, field, message));
            NaiveDateTime::MIN
        })
    }

    /// `text` as a time of day, or a problem (and a placeholder, never applied).
    pub(crate) fn time(&mut self, id: &str, field: &str, text: &IsoTime) -> NaiveTime {
        parse_time(text.as_str()).unwrap_or_else(|message| {
            self.0.push(Problem::new(id, field, message));
            NaiveTime::MIN
        })
    }

    /// The problems, as the error of a rejected call; `Ok` if there are none.
    pub(crate) fn into_result(self) -> crate::error::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::error::QuanyuError::Validation { problems: self.0 })
        }
    }
}

/// A unit: one row of `units.csv`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnitRecord {
    /// The unit's id (unique among units).
    pub id: String,
    /// The display name.
    #[uniffi(default = "")]
    pub name: String,
    /// The level's name in the network's scheme, such as `Grid`.
    pub level: String,
    /// The id of the containing unit; none for a root.
    #[uniffi(default)]
    pub parent: Option<String>,
    /// For grids: the grid kind.
    #[uniffi(default)]
    pub grid_kind: Option<GridKind>,
    /// Residents counted on the unit (for households).
    #[uniffi(default = 0)]
    pub residents: i64,
    /// The 12-digit statistical division code, where the unit has one.
    #[uniffi(default = None)]
    pub code: Option<String>,
}

impl UnitRecord {
    fn into_core(self, p: &mut Problems) -> quanyu::UnitRecord {
        quanyu::UnitRecord {
            residents: p.u32(&self.id, "residents", self.residents),
            id: self.id,
            name: self.name,
            level: self.level,
            parent: self.parent,
            grid_kind: self.grid_kind,
            code: self.code,
        }
    }
}

impl From<quanyu::UnitRecord> for UnitRecord {
    fn from(r: quanyu::UnitRecord) -> Self {
        UnitRecord {
            id: r.id,
            name: r.name,
            level: r.level,
            parent: r.parent,
            grid_kind: r.grid_kind,
            residents: i64::from(r.residents),
            code: r.code,
        }
    }
}

/// An organisation: one row of `organisations.csv`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrganisationRecord {
    /// The organisation's id (unique among organisations).
    pub id: String,
    /// The display name.
    #[uniffi(default = "")]
    pub name: String,
    /// Working committee, branch, cell or alliance member.
    pub kind: OrganisationKind,
    /// The id of the organisation directly above; none for a root.
    #[uniffi(default)]
    pub parent: Option<String>,
    /// The id of the unit the organisation is anchored on (required).
    #[uniffi(default)]
    pub anchor: Option<String>,
    /// The 三建融合 category.
    #[uniffi(default)]
    pub category: Option<AllianceCategory>,
}

impl From<OrganisationRecord> for quanyu::OrganisationRecord {
    fn from(o: OrganisationRecord) -> Self {
        quanyu::OrganisationRecord {
            id: o.id,
            name: o.name,
            kind: o.kind,
            parent: o.parent,
            anchor: o.anchor,
            category: o.category,
        }
    }
}

impl From<quanyu::OrganisationRecord> for OrganisationRecord {
    fn from(r: quanyu::OrganisationRecord) -> Self {
        OrganisationRecord {
            id: r.id,
            name: r.name,
            kind: r.kind,
            parent: r.parent,
            anchor: r.anchor,
            category: r.category,
        }
    }
}

/// A person: one row of `persons.csv`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PersonRecord {
    /// The person's id (unique among persons).
    pub id: String,
    /// The display name.
    #[uniffi(default = "")]
    pub name: String,
    /// The id of the household (or unit) the person lives in.
    #[uniffi(default)]
    pub home: Option<String>,
    /// The id of the unit the person works in, if elsewhere.
    #[uniffi(default)]
    pub works_at: Option<String>,
    /// Phone number (shown as `***`).
    #[uniffi(default)]
    pub phone: Option<Arc<Sensitive>>,
    /// ID-card number (shown as `***`).
    #[uniffi(default)]
    pub id_number: Option<Arc<Sensitive>>,
}

impl From<PersonRecord> for quanyu::PersonRecord {
    fn from(p: PersonRecord) -> Self {
        quanyu::PersonRecord {
            id: p.id,
            name: p.name,
            home: p.home,
            works_at: p.works_at,
            phone: sensitive_in(p.phone),
            id_number: sensitive_in(p.id_number),
        }
    }
}

impl From<quanyu::PersonRecord> for PersonRecord {
    fn from(r: quanyu::PersonRecord) -> Self {
        PersonRecord {
            phone: sensitive_out(&r.phone),
            id_number: sensitive_out(&r.id_number),
            id: r.id,
            name: r.name,
            home: r.home,
            works_at: r.works_at,
        }
    }
}

/// A membership: person → organisation, dated. Identified by person, organisation and start.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MembershipRecord {
    /// The member's id.
    pub person: String,
    /// The organisation's id.
    pub organisation: String,
    /// The first day.
    pub start: IsoDate,
    /// The last day, if it has ended.
    #[uniffi(default)]
    pub end: Option<IsoDate>,
}

impl MembershipRecord {
    fn into_core(self, p: &mut Problems) -> quanyu::MembershipRecord {
        quanyu::MembershipRecord {
            start: p.day(&self.person, "start", &self.start),
            end: p.opt_day(&self.person, "end", &self.end),
            person: self.person,
            organisation: self.organisation,
        }
    }
}

impl From<quanyu::MembershipRecord> for MembershipRecord {
    fn from(r: quanyu::MembershipRecord) -> Self {
        MembershipRecord {
            person: r.person,
            organisation: r.organisation,
            start: r.start.into(),
            end: r.end.map(IsoDate::from),
        }
    }
}

/// A post: a role held by a person at a unit or at an organisation, dated; exactly one of
/// `unit` and `organisation` is set.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PostRecord {
    /// The holder's id.
    pub person: String,
    /// The role.
    pub role: Role,
    /// The unit the post is held at.
    #[uniffi(default)]
    pub unit: Option<String>,
    /// The organisation the post is held at.
    #[uniffi(default)]
    pub organisation: Option<String>,
    /// The first day.
    pub start: IsoDate,
    /// The last day, if it has ended.
    #[uniffi(default)]
    pub end: Option<IsoDate>,
}

impl PostRecord {
    fn into_core(self, p: &mut Problems) -> quanyu::PostRecord {
        quanyu::PostRecord {
            start: p.day(&self.person, "start", &self.start),
            end: p.opt_day(&self.person, "end", &self.end),
            person: self.person,
            role: self.role,
            unit: self.unit,
            organisation: self.organisation,
        }
    }
}

impl From<quanyu::PostRecord> for PostRecord {
    fn from(r: quanyu::PostRecord) -> Self {
        PostRecord {
            person: r.person,
            role: r.role,
            unit: r.unit,
            organisation: r.organisation,
            start: r.start.into(),
            end: r.end.map(IsoDate::from),
        }
    }
}

/// A building's grid in one grid layer.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GridLayerRecord {
    /// The building's id.
    pub building: String,
    /// The layer.
    pub layer: GridLayer,
    /// The grid's code in that layer (the layer's own codes, not unit ids).
    pub grid: String,
}

impl From<GridLayerRecord> for quanyu::GridLayerRecord {
    fn from(r: GridLayerRecord) -> Self {
        quanyu::GridLayerRecord::new(r.building, r.layer, r.grid)
    }
}

impl From<quanyu::GridLayerRecord> for GridLayerRecord {
    fn from(r: quanyu::GridLayerRecord) -> Self {
        GridLayerRecord {
            building: r.building,
            layer: r.layer,
            grid: r.grid,
        }
    }
}

/// A key task: one row of `tasks.csv`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskRecord {
    /// The task's id (unique among tasks).
    pub id: String,
    /// What the task is.
    #[uniffi(default = "")]
    pub name: String,
    /// The id of the unit the task is at.
    pub unit: String,
    /// Which of the six governance actions it belongs to.
    pub category: TaskCategory,
    /// When it must be done.
    pub deadline: IsoDate,
    /// Open, in progress or done.
    pub status: TaskStatus,
}

impl TaskRecord {
    fn into_core(self, p: &mut Problems) -> quanyu::TaskRecord {
        quanyu::TaskRecord {
            deadline: p.day(&self.id, "deadline", &self.deadline),
            id: self.id,
            name: self.name,
            unit: self.unit,
            category: self.category,
            status: self.status,
        }
    }
}

impl From<quanyu::TaskRecord> for TaskRecord {
    fn from(r: quanyu::TaskRecord) -> Self {
        TaskRecord {
            id: r.id,
            name: r.name,
            unit: r.unit,
            category: r.category,
            deadline: r.deadline.into(),
            status: r.status,
        }
    }
}

/// A pioneer leading a volunteer (一十百).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeadRecord {
    /// The pioneer's id.
    pub pioneer: String,
    /// The volunteer's id.
    pub volunteer: String,
}

impl From<LeadRecord> for quanyu::LeadRecord {
    fn from(r: LeadRecord) -> Self {
        quanyu::LeadRecord::new(r.pioneer, r.volunteer)
    }
}

impl From<quanyu::LeadRecord> for LeadRecord {
    fn from(r: quanyu::LeadRecord) -> Self {
        LeadRecord {
            pioneer: r.pioneer,
            volunteer: r.volunteer,
        }
    }
}

/// A volunteer serving a household.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceRecord {
    /// The volunteer's id.
    pub volunteer: String,
    /// The household's id.
    pub household: String,
}

impl From<ServiceRecord> for quanyu::ServiceRecord {
    fn from(r: ServiceRecord) -> Self {
        quanyu::ServiceRecord::new(r.volunteer, r.household)
    }
}

impl From<quanyu::ServiceRecord> for ServiceRecord {
    fn from(r: quanyu::ServiceRecord) -> Self {
        ServiceRecord {
            volunteer: r.volunteer,
            household: r.household,
        }
    }
}

/// A contract (四包): a holder made responsible for a target, dated. The holder is a person, or
/// an organisation for `KeyTask`; the target is a unit, or a key task.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContractRecord {
    /// Which of the four contracts.
    pub kind: ContractKind,
    /// The holder's id (person, or organisation for key tasks).
    pub holder: String,
    /// The target's id (unit, or key task).
    pub target: String,
    /// The first day.
    pub start: IsoDate,
    /// The last day, if it has ended.
    #[uniffi(default)]
    pub end: Option<IsoDate>,
}

impl ContractRecord {
    fn into_core(self, p: &mut Problems) -> quanyu::ContractRecord {
        quanyu::ContractRecord {
            start: p.day(&self.holder, "start", &self.start),
            end: p.opt_day(&self.holder, "end", &self.end),
            kind: self.kind,
            holder: self.holder,
            target: self.target,
        }
    }
}

impl From<quanyu::ContractRecord> for ContractRecord {
    fn from(r: quanyu::ContractRecord) -> Self {
        ContractRecord {
            kind: r.kind,
            holder: r.holder,
            target: r.target,
            start: r.start.into(),
            end: r.end.map(IsoDate::from),
        }
    }
}

/// Identifies a membership: its person, organisation and start date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MembershipKey {
    /// The member's id.
    pub person: String,
    /// The organisation's id.
    pub organisation: String,
    /// The membership's first day.
    pub start: IsoDate,
}

impl MembershipKey {
    fn into_core(self, p: &mut Problems) -> quanyu::MembershipKey {
        let start = p.day(&self.person, "start", &self.start);
        quanyu::MembershipKey::new(self.person, self.organisation, start)
    }
}

/// Identifies a post: its person, role, place (unit or organisation) and start date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PostKey {
    /// The holder's id.
    pub person: String,
    /// The role.
    pub role: Role,
    /// The unit the post is held at.
    #[uniffi(default)]
    pub unit: Option<String>,
    /// The organisation the post is held at.
    #[uniffi(default)]
    pub organisation: Option<String>,
    /// The post's first day.
    pub start: IsoDate,
}

impl PostKey {
    fn into_core(self, p: &mut Problems) -> quanyu::PostKey {
        quanyu::PostKey {
            start: p.day(&self.person, "start", &self.start),
            person: self.person,
            role: self.role,
            unit: self.unit,
            organisation: self.organisation,
        }
    }
}

/// Identifies a contract: its kind, holder, target and start date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContractKey {
    /// Which of the four contracts.
    pub kind: ContractKind,
    /// The holder's id.
    pub holder: String,
    /// The target's id.
    pub target: String,
    /// The contract's first day.
    pub start: IsoDate,
}

impl ContractKey {
    fn into_core(self, p: &mut Problems) -> quanyu::ContractKey {
        let start = p.day(&self.holder, "start", &self.start);
        quanyu::ContractKey::new(self.kind, self.holder, self.target, start)
    }
}

impl From<quanyu::ContractKey> for ContractKey {
    fn from(k: quanyu::ContractKey) -> Self {
        ContractKey {
            kind: k.kind,
            holder: k.holder,
            target: k.target,
            start: k.start.into(),
        }
    }
}

impl From<quanyu::MembershipKey> for MembershipKey {
    fn from(k: quanyu::MembershipKey) -> Self {
        MembershipKey {
            person: k.person,
            organisation: k.organisation,
            start: k.start.into(),
        }
    }
}

impl From<quanyu::PostKey> for PostKey {
    fn from(k: quanyu::PostKey) -> Self {
        PostKey {
            person: k.person,
            role: k.role,
            unit: k.unit,
            organisation: k.organisation,
            start: k.start.into(),
        }
    }
}

/// One staged change of a commit. A commit applies all of its changes or none of them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Change {
    /// Adds a unit; its id must be new.
    AddUnit {
        /// The new unit.
        unit: UnitRecord,
    },
    /// Replaces an existing unit's fields (its level must stay; a new parent moves it).
    UpdateUnit {
        /// The unit's new values.
        unit: UnitRecord,
    },
    /// Moves a unit, with its subtree, under `parent` (none: make it a root).
    MoveUnit {
        /// The unit to move.
        id: String,
        /// Its new parent.
        parent: Option<String>,
    },
    /// Removes a unit. Its children and anchored organisations must be removed or moved in the
    /// same commit; posts held at it and homes in it go with it.
    RemoveUnit {
        /// The unit to remove.
        id: String,
    },
    /// Adds an organisation; its id must be new.
    AddOrganisation {
        /// The new organisation.
        organisation: OrganisationRecord,
    },
    /// Replaces an existing organisation's fields (a new parent or anchor moves it).
    UpdateOrganisation {
        /// The organisation's new values.
        organisation: OrganisationRecord,
    },
    /// Removes an organisation with its memberships and posts.
    RemoveOrganisation {
        /// The organisation to remove.
        id: String,
    },
    /// Adds a person; the id must be new.
    AddPerson {
        /// The new person.
        person: PersonRecord,
    },
    /// Replaces an existing person's fields.
    UpdatePerson {
        /// The person's new values.
        person: PersonRecord,
    },
    /// Removes a person with their memberships and posts.
    RemovePerson {
        /// The person to remove.
        id: String,
    },
    /// Adds a membership.
    AddMembership {
        /// The new membership.
        membership: MembershipRecord,
    },
    /// Ends a running membership on `end` (inclusive).
    EndMembership {
        /// Which membership.
        key: MembershipKey,
        /// Its last day.
        end: IsoDate,
    },
    /// Removes a membership (a correction: ending it keeps the history).
    RemoveMembership {
        /// Which membership.
        key: MembershipKey,
    },
    /// Adds a post.
    AddPost {
        /// The new post.
        post: PostRecord,
    },
    /// Ends a running post on `end` (inclusive).
    EndPost {
        /// Which post.
        key: PostKey,
        /// Its last day.
        end: IsoDate,
    },
    /// Removes a post (a correction: ending it keeps the history).
    RemovePost {
        /// Which post.
        key: PostKey,
    },
    /// Puts a building into a grid of a layer.
    SetGridLayer {
        /// The building, layer and grid.
        record: GridLayerRecord,
    },
    /// Takes a building out of its grid in a layer.
    ClearGridLayer {
        /// The building.
        building: String,
        /// The layer.
        layer: GridLayer,
    },
    /// Adds a key task; the id must be new.
    AddTask {
        /// The new task.
        task: TaskRecord,
    },
    /// Replaces an existing key task's fields.
    UpdateTask {
        /// The task's new values.
        task: TaskRecord,
    },
    /// Removes a key task with its contracts.
    RemoveTask {
        /// The task to remove.
        id: String,
    },
    /// A pioneer starts leading a volunteer.
    AddLead {
        /// Who leads whom.
        lead: LeadRecord,
    },
    /// A pioneer stops leading a volunteer.
    RemoveLead {
        /// Who led whom.
        lead: LeadRecord,
    },
    /// A volunteer starts serving a household.
    AddService {
        /// Who serves which household.
        service: ServiceRecord,
    },
    /// A volunteer stops serving a household.
    RemoveService {
        /// Who served which household.
        service: ServiceRecord,
    },
    /// Adds a contract.
    AddContract {
        /// The new contract.
        contract: ContractRecord,
    },
    /// Ends a running contract on `end` (inclusive).
    EndContract {
        /// Which contract.
        key: ContractKey,
        /// Its last day.
        end: IsoDate,
    },
    /// Removes a contract (a correction: ending it keeps the history).
    RemoveContract {
        /// Which contract.
        key: ContractKey,
    },
}

impl Change {
    /// The core's change; what the core's types cannot hold goes to `p`.
    pub(crate) fn into_core(self, p: &mut Problems) -> quanyu::Change {
        use quanyu::Change as C;
        match self {
            Change::AddUnit { unit } => C::AddUnit(unit.into_core(p)),
            Change::UpdateUnit { unit } => C::UpdateUnit(unit.into_core(p)),
            Change::MoveUnit { id, parent } => C::MoveUnit { id, parent },
            Change::RemoveUnit { id } => C::RemoveUnit { id },
            Change::AddOrganisation { organisation } => C::AddOrganisation(organisation.into()),
            Change::UpdateOrganisation { organisation } => {
                C::UpdateOrganisation(organisation.into())
            }
            Change::RemoveOrganisation { id } => C::RemoveOrganisation { id },
            Change::AddPerson { person } => C::AddPerson(person.into()),
            Change::UpdatePerson { person } => C::UpdatePerson(person.into()),
            Change::RemovePerson { id } => C::RemovePerson { id },
            Change::AddMembership { membership } => C::AddMembership(membership.into_core(p)),
            Change::EndMembership { key, end } => {
                let end = p.day(&key.person, "end", &end);
                C::EndMembership {
                    key: key.into_core(p),
                    end,
                }
            }
            Change::RemoveMembership { key } => C::RemoveMembership(key.into_core(p)),
            Change::AddPost { post } => C::AddPost(post.into_core(p)),
            Change::EndPost { key, end } => {
                let end = p.day(&key.person, "end", &end);
                C::EndPost {
                    key: key.into_core(p),
                    end,
                }
            }
            Change::RemovePost { key } => C::RemovePost(key.into_core(p)),
            Change::SetGridLayer { record } => C::SetGridLayer(record.into()),
            Change::ClearGridLayer { building, layer } => C::ClearGridLayer { building, layer },
            Change::AddTask { task } => C::AddTask(task.into_core(p)),
            Change::UpdateTask { task } => C::UpdateTask(task.into_core(p)),
            Change::RemoveTask { id } => C::RemoveTask { id },
            Change::AddLead { lead } => C::AddLead(lead.into()),
            Change::RemoveLead { lead } => C::RemoveLead(lead.into()),
            Change::AddService { service } => C::AddService(service.into()),
            Change::RemoveService { service } => C::RemoveService(service.into()),
            Change::AddContract { contract } => C::AddContract(contract.into_core(p)),
            Change::EndContract { key, end } => {
                let end = p.day(&key.holder, "end", &end);
                C::EndContract {
                    key: key.into_core(p),
                    end,
                }
            }
            Change::RemoveContract { key } => C::RemoveContract(key.into_core(p)),
        }
    }

    /// The change as the app sees it, for a change the core made (a contract plan's diff).
    /// `None` for a kind of change the core may add later and this binding does not know yet.
    pub(crate) fn from_core(c: &quanyu::Change) -> Option<Self> {
        use quanyu::Change as C;
        Some(match c.clone() {
            C::AddUnit(r) => Change::AddUnit { unit: r.into() },
            C::UpdateUnit(r) => Change::UpdateUnit { unit: r.into() },
            C::MoveUnit { id, parent } => Change::MoveUnit { id, parent },
            C::RemoveUnit { id } => Change::RemoveUnit { id },
            C::AddOrganisation(r) => Change::AddOrganisation {
                organisation: r.into(),
            },
            C::UpdateOrganisation(r) => Change::UpdateOrganisation {
                organisation: r.into(),
            },
            C::RemoveOrganisation { id } => Change::RemoveOrganisation { id },
            C::AddPerson(r) => Change::AddPerson { person: r.into() },
            C::UpdatePerson(r) => Change::UpdatePerson { person: r.into() },
            C::RemovePerson { id } => Change::RemovePerson { id },
            C::AddMembership(r) => Change::AddMembership {
                membership: r.into(),
            },
            C::EndMembership { key, end } => Change::EndMembership {
                key: key.into(),
                end: end.into(),
            },
            C::RemoveMembership(key) => Change::RemoveMembership { key: key.into() },
            C::AddPost(r) => Change::AddPost { post: r.into() },
            C::EndPost { key, end } => Change::EndPost {
                key: key.into(),
                end: end.into(),
            },
            C::RemovePost(key) => Change::RemovePost { key: key.into() },
            C::SetGridLayer(r) => Change::SetGridLayer { record: r.into() },
            C::ClearGridLayer { building, layer } => Change::ClearGridLayer { building, layer },
            C::AddTask(r) => Change::AddTask { task: r.into() },
            C::UpdateTask(r) => Change::UpdateTask { task: r.into() },
            C::RemoveTask { id } => Change::RemoveTask { id },
            C::AddLead(r) => Change::AddLead { lead: r.into() },
            C::RemoveLead(r) => Change::RemoveLead { lead: r.into() },
            C::AddService(r) => Change::AddService { service: r.into() },
            C::RemoveService(r) => Change::RemoveService { service: r.into() },
            C::AddContract(r) => Change::AddContract { contract: r.into() },
            C::EndContract { key, end } => Change::EndContract {
                key: key.into(),
                end: end.into(),
            },
            C::RemoveContract(key) => Change::RemoveContract { key: key.into() },
        })
    }
}

/// Converts a batch of changes; the problems are everything the core's types cannot hold.
pub(crate) fn changeset(changes: Vec<Change>) -> (quanyu::Changeset, Vec<Problem>) {
    let mut p = Problems::default();
    let set = changes.into_iter().map(|c| c.into_core(&mut p)).collect();
    (set, p.0)
}

/// What a successful commit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CommitSummary {
    /// Entities and relations added.
    pub added: i64,
    /// Entities and relations changed.
    pub updated: i64,
    /// Entities and relations removed (cascaded relations not counted).
    pub removed: i64,
}

impl From<quanyu::CommitSummary> for CommitSummary {
    fn from(s: quanyu::CommitSummary) -> Self {
        use crate::types::count;
        CommitSummary {
            added: count(s.added),
            updated: count(s.updated),
            removed: count(s.removed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_round_trips_through_the_core() {
        let day = IsoDate::from("2024-10-13");
        let changes = vec![
            Change::AddUnit {
                unit: UnitRecord {
                    id: "S".into(),
                    name: "滨江街道".into(),
                    level: "Subdistrict".into(),
                    parent: None,
                    grid_kind: None,
                    residents: 0,
                    code: None,
                },
            },
            Change::MoveUnit {
                id: "G".into(),
                parent: Some("A".into()),
            },
            Change::EndPost {
                key: PostKey {
                    person: "P".into(),
                    role: Role::GridLeader,
                    unit: Some("G".into()),
                    organisation: None,
                    start: day.clone(),
                },
                end: day.clone(),
            },
            Change::EndContract {
                key: ContractKey {
                    kind: ContractKind::Building,
                    holder: "P".into(),
                    target: "B".into(),
                    start: day.clone(),
                },
                end: day.clone(),
            },
            Change::EndMembership {
                key: MembershipKey {
                    person: "P".into(),
                    organisation: "GB".into(),
                    start: day.clone(),
                },
                end: day,
            },
            Change::ClearGridLayer {
                building: "B".into(),
                layer: GridLayer::Policing,
            },
        ];
        let (set, problems) = changeset(changes.clone());
        assert!(problems.is_empty());
        let back: Vec<Change> = set.iter().filter_map(Change::from_core).collect();
        assert_eq!(back, changes);
    }

    #[test]
    fn what_the_core_cannot_hold_is_a_problem_naming_the_field() {
        let (_, problems) = changeset(vec![
            Change::AddUnit {
                unit: UnitRecord {
                    id: "H".into(),
                    name: String::new(),
                    level: "Household".into(),
                    parent: None,
                    grid_kind: None,
                    residents: -3,
                    code: None,
                },
            },
            Change::AddContract {
                contract: ContractRecord {
                    kind: ContractKind::Neighbours,
                    holder: "P".into(),
                    target: "H".into(),
                    start: IsoDate::from("yesterday"),
                    end: Some(IsoDate::from("2024-13-01")),
                },
            },
        ]);
        let fields: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.id.as_str(), p.field.as_str()))
            .collect();
        assert_eq!(fields, [("H", "residents"), ("P", "start"), ("P", "end")]);
    }
}
