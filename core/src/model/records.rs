//! Records: the plain, flat values that go into the network and come out of it.
//!
//! One record type per table serves every way in and out: staged edits, CSV rows, JSON
//! snapshots, Python DataFrames and mobile apps. A record names other entities by their ids.
//!
//! ```
//! use quanyu::{GridKind, UnitRecord};
//! let grid = UnitRecord::new("G1", "Grid").parent("A1").name("Lakeside 1").grid_kind(GridKind::Community);
//! assert_eq!(grid.parent.as_deref(), Some("A1"));
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::schema::Record;

use crate::model::{
    AllianceCategory, ContractKind, GridKind, GridLayer, OrganisationKind, Role, Sensitive, Span,
    TaskCategory, TaskStatus,
};

/// A unit: one row of `units.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "units", cells, entity = "crate::model::Unit")]
pub struct UnitRecord {
    /// The unit's id (unique among units).
    pub id: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// The level's name in the network's scheme, such as `Grid`.
    #[field(level, linked)]
    pub level: String,
    /// The id of the containing unit; empty for a root.
    #[serde(default)]
    #[field(linked)]
    pub parent: Option<String>,
    /// For grids: the grid kind.
    #[serde(default)]
    pub grid_kind: Option<GridKind>,
    /// Residents counted on the unit (for households).
    #[serde(default, deserialize_with = "empty_as_zero")]
    pub residents: u32,
    /// The 12-digit statistical division code (统计用区划代码), where the unit has one.
    #[serde(default)]
    pub code: Option<String>,
}

impl UnitRecord {
    /// A unit `id` on `level`, a root until given a parent.
    ///
    /// ```
    /// let r = quanyu::UnitRecord::new("S", "Subdistrict");
    /// assert!(r.parent.is_none());
    /// ```
    pub fn new(id: impl Into<String>, level: impl Into<String>) -> Self {
        UnitRecord {
            id: id.into(),
            name: String::new(),
            level: level.into(),
            parent: None,
            grid_kind: None,
            residents: 0,
            code: None,
        }
    }

    /// With a display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Inside the unit `parent`.
    pub fn parent(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    /// With a grid kind.
    pub fn grid_kind(mut self, kind: GridKind) -> Self {
        self.grid_kind = Some(kind);
        self
    }

    /// With a resident count.
    pub fn residents(mut self, residents: u32) -> Self {
        self.residents = residents;
        self
    }

    /// With a 12-digit statistical division code.
    ///
    /// ```
    /// let mut net = quanyu::Network::new();
    /// let mut e = net.edit();
    /// e.add_unit(quanyu::UnitRecord::new("S", "Subdistrict").code("330108001000"));
    /// e.commit()?;
    /// assert_eq!(net.unit("S")?.code.as_deref(), Some("330108001000"));
    /// let mut e = net.edit();
    /// e.add_unit(quanyu::UnitRecord::new("T", "Subdistrict").code("3301"));
    /// assert_eq!(e.commit().unwrap_err().problems()[0].field, "code");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }
}

/// An organisation: one row of `organisations.csv`.
///
/// ```
/// use quanyu::{OrganisationKind, OrganisationRecord};
/// let branch = OrganisationRecord::new("GB1", OrganisationKind::GridBranch).anchor("G1").parent("WC");
/// assert_eq!(branch.anchor.as_deref(), Some("G1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "organisations", cells)]
pub struct OrganisationRecord {
    /// The organisation's id (unique among organisations).
    pub id: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// Working committee, branch, cell or alliance member.
    pub kind: OrganisationKind,
    /// The id of the organisation directly above; empty for a root.
    #[serde(default)]
    pub parent: Option<String>,
    /// The id of the unit the organisation is anchored on (required).
    #[serde(default)]
    pub anchor: Option<String>,
    /// The 三建融合 category.
    #[serde(default)]
    pub category: Option<AllianceCategory>,
}

impl OrganisationRecord {
    /// An organisation `id` of `kind`.
    pub fn new(id: impl Into<String>, kind: OrganisationKind) -> Self {
        OrganisationRecord {
            id: id.into(),
            name: String::new(),
            kind,
            parent: None,
            anchor: None,
            category: None,
        }
    }

    /// With a display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Under the organisation `parent`.
    pub fn parent(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    /// Anchored on the unit `unit`.
    pub fn anchor(mut self, unit: impl Into<String>) -> Self {
        self.anchor = Some(unit.into());
        self
    }

    /// With a 三建融合 category.
    pub fn category(mut self, category: AllianceCategory) -> Self {
        self.category = Some(category);
        self
    }
}

/// A person: one row of `persons.csv`.
///
/// ```
/// let p = quanyu::PersonRecord::new("P1").name("Li Wei").home("H-101").phone("13800000000");
/// assert!(!format!("{p:?}").contains("13800000000"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "persons", cells)]
pub struct PersonRecord {
    /// The person's id (unique among persons).
    pub id: String,
    /// The display name.
    #[serde(default)]
    pub name: String,
    /// The id of the household (or unit) the person lives in.
    #[serde(default)]
    pub home: Option<String>,
    /// The id of the unit the person works in, if elsewhere.
    #[serde(default)]
    pub works_at: Option<String>,
    /// Phone number (masked as a mobile or landline number).
    #[serde(default)]
    #[field(
        personal,
        mask = "phone",
        purpose = "reaching the person about grid work and the duties they hold",
        retention_years = 3
    )]
    pub phone: Option<Sensitive>,
    /// Resident ID-card number (sensitive: PIPL art. 28).
    #[serde(default)]
    #[field(
        sensitive,
        mask = "id_number",
        purpose = "verifying who the person is (实名核验)",
        retention_years = 1
    )]
    pub id_number: Option<Sensitive>,
    /// The day the person moved out of the area: the day from which the retention of their
    /// personal fields is counted once they hold no home and no post, contract or membership
    /// (see [`Network::purge`](crate::Network::purge)).
    #[serde(default)]
    pub moved_out: Option<NaiveDate>,
}

impl PersonRecord {
    /// A person `id`.
    pub fn new(id: impl Into<String>) -> Self {
        PersonRecord {
            id: id.into(),
            name: String::new(),
            home: None,
            works_at: None,
            phone: None,
            id_number: None,
            moved_out: None,
        }
    }

    /// With a display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Living in the household `home`.
    pub fn home(mut self, home: impl Into<String>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// Working at the unit `unit`.
    pub fn works_at(mut self, unit: impl Into<String>) -> Self {
        self.works_at = Some(unit.into());
        self
    }

    /// With a phone number.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(Sensitive::new(phone.into()));
        self
    }

    /// With an ID-card number.
    pub fn id_number(mut self, number: impl Into<String>) -> Self {
        self.id_number = Some(Sensitive::new(number.into()));
        self
    }

    /// Moved out of the area on `day`.
    ///
    /// ```
    /// let day = "2022-06-30".parse().unwrap();
    /// let p = quanyu::PersonRecord::new("P1").moved_out(day);
    /// assert_eq!(p.moved_out, Some(day));
    /// ```
    pub fn moved_out(mut self, day: NaiveDate) -> Self {
        self.moved_out = Some(day);
        self
    }
}

/// A membership: person → organisation, dated. One row of `memberships.csv`.
///
/// A membership is identified by its person, organisation and start date.
///
/// ```
/// use quanyu::MembershipRecord;
/// let d = "2020-07-01".parse().unwrap();
/// let m = MembershipRecord::new("P1", "GB1", d);
/// assert!(m.end.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "memberships", cells)]
pub struct MembershipRecord {
    /// The member's id.
    pub person: String,
    /// The organisation's id.
    pub organisation: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has ended.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl MembershipRecord {
    /// A running membership of `person` in `organisation` since `start`.
    pub fn new(
        person: impl Into<String>,
        organisation: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        MembershipRecord {
            person: person.into(),
            organisation: organisation.into(),
            start,
            end: None,
        }
    }
}

/// A post: a role held by a person at a unit or at an organisation, dated. One row of
/// `posts.csv`; exactly one of `unit` and `organisation` is set.
///
/// A post is identified by its person, role, place and start date.
///
/// ```
/// use quanyu::{PostRecord, Role};
/// let d = "2024-01-01".parse().unwrap();
/// let p = PostRecord::at_unit("P1", Role::GridLeader, "G1", d);
/// assert_eq!(p.unit.as_deref(), Some("G1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "posts", cells)]
pub struct PostRecord {
    /// The holder's id.
    pub person: String,
    /// The role.
    pub role: Role,
    /// The unit the post is held at.
    #[serde(default)]
    pub unit: Option<String>,
    /// The organisation the post is held at.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has ended.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl PostRecord {
    /// A running post of `person` as `role` at the unit `unit` since `start`.
    pub fn at_unit(
        person: impl Into<String>,
        role: Role,
        unit: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        PostRecord {
            person: person.into(),
            role,
            unit: Some(unit.into()),
            organisation: None,
            start,
            end: None,
        }
    }

    /// A running post of `person` as `role` at the organisation `organisation` since `start`.
    pub fn at_organisation(
        person: impl Into<String>,
        role: Role,
        organisation: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        PostRecord {
            person: person.into(),
            role,
            unit: None,
            organisation: Some(organisation.into()),
            start,
            end: None,
        }
    }
}

/// A building's grid in one grid layer. One row of `grid_layers.csv`.
///
/// ```
/// use quanyu::{GridLayer, GridLayerRecord};
/// let r = GridLayerRecord::new("B1", GridLayer::Policing, "JW-07");
/// assert_eq!(r.grid, "JW-07");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "grid_layers", cells)]
pub struct GridLayerRecord {
    /// The building's id.
    pub building: String,
    /// The layer.
    pub layer: GridLayer,
    /// The grid's code in that layer (the layer's own codes, not unit ids).
    pub grid: String,
}

impl GridLayerRecord {
    /// `building` is in grid `grid` of `layer`.
    pub fn new(building: impl Into<String>, layer: GridLayer, grid: impl Into<String>) -> Self {
        GridLayerRecord {
            building: building.into(),
            layer,
            grid: grid.into(),
        }
    }
}

/// An empty CSV cell (or a JSON null) reads as zero.
fn empty_as_zero<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Option::<u32>::deserialize(d).map(Option::unwrap_or_default)
}

/// A key task: one row of `tasks.csv`.
///
/// ```
/// use quanyu::{TaskCategory, TaskRecord};
/// let t = TaskRecord::new("T1", "G1", TaskCategory::Property, "2024-12-31".parse().unwrap()).name("加装电梯");
/// assert_eq!(t.status, quanyu::TaskStatus::Open);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(table = "tasks", cells)]
pub struct TaskRecord {
    /// The task's id (unique among tasks).
    pub id: String,
    /// What the task is.
    #[serde(default)]
    pub name: String,
    /// The id of the unit the task is at.
    pub unit: String,
    /// Which of the six governance actions it belongs to.
    pub category: TaskCategory,
    /// When it must be done.
    pub deadline: NaiveDate,
    /// Open, in progress or done.
    #[serde(default = "open")]
    pub status: TaskStatus,
}

fn open() -> TaskStatus {
    TaskStatus::Open
}

impl TaskRecord {
    /// An open task `id` at `unit`.
    pub fn new(
        id: impl Into<String>,
        unit: impl Into<String>,
        category: TaskCategory,
        deadline: NaiveDate,
    ) -> Self {
        TaskRecord {
            id: id.into(),
            name: String::new(),
            unit: unit.into(),
            category,
            deadline,
            status: TaskStatus::Open,
        }
    }

    /// With a name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// With a status.
    pub fn status(mut self, status: TaskStatus) -> Self {
        self.status = status;
        self
    }
}

/// A pioneer leading a volunteer (一十百): one row of `leads.csv`.
///
/// ```
/// let r = quanyu::LeadRecord::new("P1", "P2");
/// assert_eq!(r.volunteer, "P2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "leads", cells)]
pub struct LeadRecord {
    /// The pioneer's id.
    pub pioneer: String,
    /// The volunteer's id.
    pub volunteer: String,
}

impl LeadRecord {
    /// `pioneer` leads `volunteer`.
    pub fn new(pioneer: impl Into<String>, volunteer: impl Into<String>) -> Self {
        LeadRecord {
            pioneer: pioneer.into(),
            volunteer: volunteer.into(),
        }
    }
}

/// A volunteer serving a household: one row of `serves.csv`.
///
/// ```
/// let r = quanyu::ServiceRecord::new("P2", "H-0101");
/// assert_eq!(r.household, "H-0101");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "serves", cells)]
pub struct ServiceRecord {
    /// The volunteer's id.
    pub volunteer: String,
    /// The household's id.
    pub household: String,
}

impl ServiceRecord {
    /// `volunteer` serves `household`.
    pub fn new(volunteer: impl Into<String>, household: impl Into<String>) -> Self {
        ServiceRecord {
            volunteer: volunteer.into(),
            household: household.into(),
        }
    }
}

/// A contract (四包): a holder made responsible for a target, dated. One row of
/// `contracts.csv`. The holder is a person, or an organisation for [`ContractKind::KeyTask`];
/// the target is a unit (compound, building, household), or a key task.
///
/// A contract is identified by its kind, holder, target and start date.
///
/// ```
/// use quanyu::{ContractKind, ContractRecord};
/// let c = ContractRecord::new(ContractKind::Neighbours, "P1", "H-0101", "2024-10-13".parse().unwrap());
/// assert!(c.end.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "contracts", label = "holder", cells)]
pub struct ContractRecord {
    /// Which of the four contracts.
    pub kind: ContractKind,
    /// The holder's id (person, or organisation for key tasks).
    pub holder: String,
    /// The target's id (unit, or key task).
    pub target: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has ended.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl ContractRecord {
    /// A running contract of `kind` from `holder` to `target` since `start`.
    pub fn new(
        kind: ContractKind,
        holder: impl Into<String>,
        target: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        ContractRecord {
            kind,
            holder: holder.into(),
            target: target.into(),
            start,
            end: None,
        }
    }
}

/// The dated records end on a day and expose their span alike.
macro_rules! dated {
    ($($record:ty),+) => {$(
        impl $record {
            /// Ending on `end` (inclusive).
            pub fn until(mut self, end: NaiveDate) -> Self {
                self.end = Some(end);
                self
            }

            /// The dated span.
            pub fn span(&self) -> Span {
                Span { start: self.start, end: self.end }
            }
        }
    )+};
}

dated!(MembershipRecord, PostRecord, ContractRecord);
