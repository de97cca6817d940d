//! The entities of the network as read back from it: units, organisations, persons, and the
//! enumerations of the [glossary](crate::glossary) (grid kinds, organisation kinds, roles, grid layers).

use std::fmt;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::EntityKind;
use crate::model::Level;
use crate::schema::{Enum, Record};

/// The kind of a grid (网格): community 社区网格, business district 商圈网格, park 园区,
/// street block 街区 or office building 楼宇.
///
/// ```
/// use quanyu::GridKind;
/// assert_eq!("business_district".parse::<GridKind>(), Ok(GridKind::BusinessDistrict));
/// assert_eq!(GridKind::Park.to_string(), "Park");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "grid kind")]
pub enum GridKind {
    /// 社区网格 — a residential community grid.
    #[named(zh = "社区网格")]
    Community,
    /// 商圈网格 — a business-district grid.
    #[named(zh = "商圈网格")]
    BusinessDistrict,
    /// 园区网格 — an industrial or science park.
    #[named(zh = "园区网格")]
    Park,
    /// 街区网格 — a street block.
    #[named(zh = "街区网格")]
    StreetBlock,
    /// 楼宇网格 — an office building.
    #[named(zh = "楼宇网格")]
    OfficeBuilding,
}

/// The kind of an organisation: the four levels of the Party-organisation tree
/// (四级组织架构) and the members of the regional alliance (全域党建联盟).
///
/// ```
/// use quanyu::OrganisationKind;
/// assert!(OrganisationKind::GridBranch.may_sit_under(OrganisationKind::GeneralBranch));
/// assert!(!OrganisationKind::WorkingCommittee.may_sit_under(OrganisationKind::GridBranch));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "organisation kind")]
pub enum OrganisationKind {
    /// 街道党工委 — the subdistrict's working committee, the root of the tree.
    #[named(zh = "街道党工委")]
    WorkingCommittee,
    /// 居民区党总支 — the general branch of a residential area.
    #[named(zh = "居民区党总支")]
    GeneralBranch,
    /// 网格党支部 — the branch of a grid ("支部建在网格上").
    #[named(zh = "网格党支部")]
    GridBranch,
    /// 楼组党小组 — the cell of a building or building group.
    #[named(zh = "楼组党小组")]
    BuildingCell,
    /// A unit that joined the alliance: department, enterprise, school, hospital.
    #[named(zh = "党建联盟成员单位", alias = "联盟成员")]
    AllianceMember,
}

impl OrganisationKind {
    /// Whether an organisation of this kind may sit directly under one of kind `parent`.
    ///
    /// Branches may skip a level (a grid branch directly under the working committee), never go
    /// up; alliance members join the working committee's alliance or stand alone.
    ///
    /// ```
    /// use quanyu::OrganisationKind::*;
    /// assert!(BuildingCell.may_sit_under(GridBranch));
    /// assert!(AllianceMember.may_sit_under(WorkingCommittee));
    /// assert!(!AllianceMember.may_sit_under(GridBranch));
    /// ```
    pub fn may_sit_under(self, parent: OrganisationKind) -> bool {
        use OrganisationKind::*;
        match self {
            WorkingCommittee => false,
            AllianceMember => parent == WorkingCommittee,
            _ => parent != AllianceMember && parent < self,
        }
    }
}

/// 三建融合: the category of an organisation in the alliance — community Party building,
/// "two new" (new economic and social organisations) Party building, or regional-unit Party
/// building (government departments, schools, hospitals).
///
/// ```
/// assert_eq!("two_new".parse::<quanyu::AllianceCategory>().unwrap().as_str(), "TwoNew");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "alliance category")]
pub enum AllianceCategory {
    /// 社区党建.
    #[named(zh = "社区党建")]
    Community,
    /// "两新"党建.
    #[named(zh = "两新党建", alias = "\"两新\"党建")]
    TwoNew,
    /// 区域化党建 (regional units).
    #[named(zh = "区域化党建")]
    RegionalUnit,
}

/// The roles a person holds as a post .
///
/// ```
/// use quanyu::Role;
/// assert_eq!("grid leader".parse::<Role>(), Ok(Role::GridLeader));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "role")]
pub enum Role {
    /// 网格长 — a grid leader; every grid has two (双网格长制).
    #[named(zh = "网格长")]
    GridLeader,
    /// 网格员 — a grid worker.
    #[named(zh = "网格员")]
    GridWorker,
    /// 第二书记 — a cadre sent from an institution; contracts a compound.
    #[named(zh = "第二书记")]
    SecondSecretary,
    /// 党员第二楼组长 — a Party member who is the second leader of a building.
    #[named(zh = "党员第二楼组长")]
    SecondBuildingLeader,
    /// 楼组长 — a building leader.
    #[named(zh = "楼组长")]
    BuildingLeader,
    /// 社区党员 — a community Party member; contracts neighbouring households.
    #[named(zh = "社区党员")]
    CommunityMember,
    /// 在职党员 — a member who works elsewhere and registers where they live (双报到).
    #[named(zh = "在职党员")]
    InServiceMember,
    /// 志愿者 — a volunteer, not necessarily a member.
    #[named(zh = "志愿者")]
    Volunteer,
    /// 先锋党员 — a pioneer member who leads volunteers (一十百).
    #[named(zh = "先锋党员")]
    Pioneer,
    /// 书记 — the secretary of a Party organisation (a branch, a working committee); held at
    /// the organisation.
    #[named(zh = "书记", alias = "支部书记", alias = "党支部书记")]
    Secretary,
    /// 机关干部 — a staff member of the subdistrict office or a community; held at the unit.
    #[named(zh = "机关干部", alias = "街道干部", alias = "工作人员")]
    Officer,
}

/// The grid layers that partition the same buildings, each in its own way (一张网).
///
/// ```
/// assert_eq!(quanyu::GridLayer::ALL.len(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "grid layer")]
pub enum GridLayer {
    /// 党建网格.
    #[named(zh = "党建网格")]
    PartyBuilding,
    /// 警务网格.
    #[named(zh = "警务网格")]
    Policing,
    /// 综治网格.
    #[named(zh = "综治网格")]
    ComprehensiveGovernance,
    /// 城运网格.
    #[named(zh = "城运网格")]
    CityOperations,
}

/// A governance unit: a subdistrict, area, grid, compound, building, zone or household.
///
/// ```
/// use quanyu::{Network, UnitRecord};
/// let mut net = Network::new();
/// let mut edit = net.edit();
/// edit.add_unit(UnitRecord::new("S", "Subdistrict").name("Riverside"));
/// edit.commit().unwrap();
/// let s = net.unit("S").unwrap();
/// assert_eq!((s.id.as_str(), s.name.as_str()), ("S", "Riverside"));
/// assert_eq!(net.scheme().name(s.level), "Subdistrict");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[non_exhaustive]
pub struct Unit {
    /// The user's own id.
    pub id: CompactString,
    /// The display name.
    pub name: CompactString,
    /// The level in the network's scheme.
    pub level: Level,
    /// The kind, for grids.
    pub grid_kind: Option<GridKind>,
    /// Residents counted on the unit (households: the people living there, whether or not
    /// each is a [`Person`] in the network).
    #[field(default)]
    pub residents: u32,
    /// The 12-digit statistical division code (统计用区划代码) of a unit that is an
    /// administrative division (a subdistrict, a community), where it has one.
    #[field(default)]
    pub code: Option<CompactString>,
}

impl Unit {
    /// The 6-digit administrative division code (行政区划代码, GB/T 2260) of a unit whose
    /// 12-digit statistical code is that of a county-level division or above: the statistical
    /// code's first six digits, when its last six (the township and village parts) are zeros.
    /// GB/T 2260 codes stop at the county, so a township or a village (a code ending in other
    /// digits), and a unit without a code, have none. A province's or a city's code keeps its
    /// zeros (`330000`, `330100`), as GB/T 2260 writes them.
    ///
    /// ```
    /// use quanyu::{LevelScheme, Network, UnitRecord};
    /// let mut net = Network::with_scheme(LevelScheme::national());
    /// let mut edit = net.edit();
    /// edit.add_unit(UnitRecord::new("P", "Province").code("330000000000"));
    /// edit.add_unit(UnitRecord::new("C", "City").code("330100000000").parent("P"));
    /// edit.add_unit(UnitRecord::new("D", "County").code("330106000000").parent("C"));
    /// edit.add_unit(UnitRecord::new("T", "Township").code("330106001000").parent("D"));
    /// edit.add_unit(UnitRecord::new("X", "Township").parent("D"));
    /// edit.commit()?;
    /// assert_eq!(net.unit("P")?.admin_code(), Some("330000"));
    /// assert_eq!(net.unit("D")?.admin_code(), Some("330106"));
    /// assert_eq!(net.unit("T")?.admin_code(), None);
    /// assert_eq!(net.unit("X")?.admin_code(), None);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn admin_code(&self) -> Option<&str> {
        let code = self.code.as_deref()?;
        // Codes are checked to be 12 ASCII digits on entry; `get` keeps this total all the same.
        let (head, tail) = (code.get(..6)?, code.get(6..)?);
        (code.len() == 12 && tail.bytes().all(|b| b == b'0')).then_some(head)
    }

    /// A unit with only its id, name and level; every other field empty. Places that make
    /// units fill in what they have over it (`Unit { residents, ..Unit::new(id, name, level) }`),
    /// so that a new field needs no edit where it stays empty.
    pub(crate) fn new(id: CompactString, name: CompactString, level: Level) -> Unit {
        Unit {
            id,
            name,
            level,
            grid_kind: None,
            residents: 0,
            code: None,
        }
    }
}

/// A Party organisation or alliance member.
///
/// ```
/// # let net = quanyu::synth::community(1).unwrap();
/// let wc = net.organisations().find(|o| o.kind == quanyu::OrganisationKind::WorkingCommittee);
/// assert!(wc.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[non_exhaustive]
pub struct Organisation {
    /// The user's own id.
    pub id: CompactString,
    /// The display name.
    pub name: CompactString,
    /// Working committee, branch, cell or alliance member.
    pub kind: OrganisationKind,
    /// 三建融合 category, for alliance members (and optionally others).
    pub category: Option<AllianceCategory>,
}

/// A personal field (phone number, ID number): kept and exported, but never shown by `Debug`
/// or `Display`, so that it cannot leak into logs.
///
/// ```
/// use quanyu::Sensitive;
/// let phone = Sensitive::new("13800000000");
/// assert_eq!(format!("{phone:?} {phone}"), "Sensitive(***) ***");
/// assert_eq!(phone.expose(), "13800000000");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sensitive(CompactString);

impl Sensitive {
    /// Wraps a value.
    pub fn new(value: impl Into<CompactString>) -> Self {
        Sensitive(value.into())
    }

    /// The value itself: call this only where the value is meant to be seen.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl fmt::Display for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Sensitive {
    fn from(s: &str) -> Self {
        Sensitive::new(s)
    }
}

impl From<String> for Sensitive {
    fn from(s: String) -> Self {
        Sensitive(s.into())
    }
}

/// A person: a resident, a Party member, a cadre.
///
/// Where the person lives and works are relations: see [`Network::home`](crate::Network::home).
///
/// ```
/// use quanyu::{Person, Sensitive};
/// # let net = quanyu::synth::community(1).unwrap();
/// let p: &Person = net.persons().next().unwrap();
/// assert!(!format!("{p:?}").contains(p.phone.as_ref().map_or("", Sensitive::expose)) || p.phone.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[non_exhaustive]
pub struct Person {
    /// The user's own id.
    pub id: CompactString,
    /// The display name.
    #[field(default)]
    pub name: CompactString,
    /// Phone number (personal; never shown by `Debug`; masked as a mobile or landline number).
    #[field(
        personal,
        mask = "phone",
        purpose = "reaching the person about grid work and the duties they hold",
        retention_years = 3
    )]
    pub phone: Option<Sensitive>,
    /// Resident ID-card number (sensitive personal information; never shown by `Debug`).
    #[field(
        sensitive,
        mask = "id_number",
        purpose = "verifying who the person is (实名核验)",
        retention_years = 1
    )]
    pub id_number: Option<Sensitive>,
    /// The day the person moved out of the area, if they did: where the retention of their
    /// personal fields starts to count once they are linked to nothing else.
    #[field(default)]
    pub moved_out: Option<NaiveDate>,
}

impl Person {
    /// A person with only an id and a name; every other field empty. Places that make persons
    /// fill in what they have over it, so that a new field needs no edit where it stays empty.
    pub(crate) fn new(id: CompactString, name: CompactString) -> Person {
        Person {
            id,
            name,
            phone: None,
            id_number: None,
            moved_out: None,
        }
    }

    /// The birth date in the person's resident ID number, if they have a valid one (see
    /// [`check_id_number`](crate::check_id_number)); every number in a network is valid, since
    /// every way in checks it.
    ///
    /// ```
    /// use quanyu::{Network, PersonRecord};
    /// let mut net = Network::new();
    /// let mut edit = net.edit();
    /// edit.add_person(PersonRecord::new("P").id_number("440305201203150019"));
    /// edit.commit()?;
    /// assert_eq!(net.person("P")?.birth_date().unwrap().to_string(), "2012-03-15");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let number = self.id_number.as_ref()?;
        crate::check_id_number(number.expose()).ok()
    }

    /// The person's age in whole years on `day` (see [`age_on`](crate::age_on)); `None` without
    /// a birth date, or before it.
    pub fn age_on(&self, day: NaiveDate) -> Option<u32> {
        crate::age_on(self.birth_date()?, day)
    }

    /// Whether the person is under [`MINOR_AGE`](crate::MINOR_AGE) (14) on `day`, from the birth
    /// date in their ID number: all the personal information of such a child is sensitive (PIPL
    /// art. 31). `false` when the birth date is unknown or after `day`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use quanyu::{Network, PersonRecord};
    /// let mut net = Network::new();
    /// let mut edit = net.edit();
    /// edit.add_person(PersonRecord::new("P").id_number("440305201203150019"));
    /// edit.commit()?;
    /// let p = net.person("P")?;
    /// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert!(p.is_minor_on(day(2026, 3, 14)));
    /// assert!(!p.is_minor_on(day(2026, 3, 15)));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn is_minor_on(&self, day: NaiveDate) -> bool {
        self.age_on(day).is_some_and(|age| age < crate::MINOR_AGE)
    }
}

/// A dated span: from `start` to `end`, both inclusive; no `end` means still running.
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::Span;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let span = Span { start: d("2024-01-01"), end: Some(d("2024-12-31")) };
/// assert!(span.contains(d("2024-12-31")));
/// assert!(!span.contains(d("2025-01-01")));
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Record,
)]
pub struct Span {
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has ended.
    pub end: Option<NaiveDate>,
}

impl Span {
    /// Whether the span runs on `date`.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date <= e)
    }
}

/// The category of a key task: the six governance actions (六大治理行动).
///
/// ```
/// assert_eq!("street_block".parse::<quanyu::TaskCategory>(), Ok(quanyu::TaskCategory::StreetBlock));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "task category")]
pub enum TaskCategory {
    /// 网格治理.
    #[named(zh = "网格治理")]
    Grid,
    /// 物业治理.
    #[named(zh = "物业治理")]
    Property,
    /// 街区治理.
    #[named(zh = "街区治理")]
    StreetBlock,
    /// 园区治理.
    #[named(zh = "园区治理")]
    Park,
    /// 楼宇治理.
    #[named(zh = "楼宇治理")]
    OfficeBuilding,
    /// 网络治理.
    #[named(zh = "网络治理")]
    Online,
}

/// Where a key task stands. Open and in-progress tasks need an owner; done ones do not.
///
/// ```
/// assert!(quanyu::TaskStatus::InProgress.is_open());
/// assert!(!quanyu::TaskStatus::Done.is_open());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "task status")]
pub enum TaskStatus {
    /// Not started.
    #[named(zh = "未开始")]
    Open,
    /// Under way.
    #[named(zh = "进行中")]
    InProgress,
    /// Finished.
    #[named(zh = "已完成")]
    Done,
}

impl TaskStatus {
    /// The status of a new task: [`Open`](TaskStatus::Open).
    pub fn default_status() -> TaskStatus {
        TaskStatus::Open
    }

    /// Whether the task still needs an owner.
    pub fn is_open(self) -> bool {
        self != TaskStatus::Done
    }
}

/// The four contracts (四包, the glossary).
///
/// ```
/// use quanyu::ContractKind;
/// assert_eq!(ContractKind::ALL.len(), 4);
/// assert!(ContractKind::KeyTask.held_by_organisations());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "contract kind")]
pub enum ContractKind {
    /// "第二书记"进社区包小区: a second secretary contracts a compound.
    #[named(zh = "包小区")]
    Compound,
    /// "党员第二楼组长"包楼栋: a second building leader contracts a building.
    #[named(zh = "包楼栋")]
    Building,
    /// "社区党员"包邻里: a community member contracts households near home.
    #[named(zh = "包邻里")]
    Neighbours,
    /// 各级党组织包重点攻坚任务: an organisation contracts a key task.
    #[named(zh = "包重点攻坚任务", alias = "包重点任务")]
    KeyTask,
}

impl ContractKind {
    /// Who holds a contract of this kind, what it is on, and on which level that target must
    /// be (`None` for targets that are not units): the one table every check, loader and
    /// planner reads, so that none of them can disagree.
    fn ends(self) -> (EntityKind, EntityKind, Option<&'static str>) {
        use crate::model::levels::{BUILDING, COMPOUND, HOUSEHOLD};
        match self {
            ContractKind::Compound => (EntityKind::Person, EntityKind::Unit, Some(COMPOUND)),
            ContractKind::Building => (EntityKind::Person, EntityKind::Unit, Some(BUILDING)),
            ContractKind::Neighbours => (EntityKind::Person, EntityKind::Unit, Some(HOUSEHOLD)),
            ContractKind::KeyTask => (EntityKind::Organisation, EntityKind::Task, None),
        }
    }

    /// The kind of entity that holds contracts of this kind: a [`Person`](EntityKind::Person)
    /// or an [`Organisation`](EntityKind::Organisation).
    ///
    /// ```
    /// use quanyu::{ContractKind, EntityKind};
    /// assert_eq!(ContractKind::Building.holder_kind(), EntityKind::Person);
    /// assert_eq!(ContractKind::KeyTask.holder_kind(), EntityKind::Organisation);
    /// ```
    pub fn holder_kind(self) -> EntityKind {
        self.ends().0
    }

    /// The kind of entity a contract of this kind is on: a [`Unit`](EntityKind::Unit) or a
    /// key [`Task`](EntityKind::Task).
    ///
    /// ```
    /// use quanyu::{ContractKind, EntityKind};
    /// assert_eq!(ContractKind::Neighbours.target_kind(), EntityKind::Unit);
    /// assert_eq!(ContractKind::KeyTask.target_kind(), EntityKind::Task);
    /// ```
    pub fn target_kind(self) -> EntityKind {
        self.ends().1
    }

    /// The name of the level a target unit must be on; `None` when targets are not units.
    pub(crate) fn target_level(self) -> Option<&'static str> {
        self.ends().2
    }

    /// Whether holders of this contract are organisations (else persons): whether
    /// [`holder_kind`](Self::holder_kind) is [`EntityKind::Organisation`].
    ///
    /// ```
    /// assert!(!quanyu::ContractKind::Compound.held_by_organisations());
    /// ```
    pub fn held_by_organisations(self) -> bool {
        self.holder_kind() == EntityKind::Organisation
    }

    /// Whether targets of this contract are key tasks (else units): whether
    /// [`target_kind`](Self::target_kind) is [`EntityKind::Task`].
    ///
    /// ```
    /// assert!(quanyu::ContractKind::KeyTask.targets_tasks());
    /// ```
    pub fn targets_tasks(self) -> bool {
        self.target_kind() == EntityKind::Task
    }
}

/// A key task (重点攻坚任务): a governance problem at a unit that an organisation must own.
///
/// ```
/// # let net = quanyu::synth::community(1)?;
/// let task = net.tasks().next().unwrap();
/// assert!(net.task_unit(&task.id)?.is_some());
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[non_exhaustive]
pub struct KeyTask {
    /// The user's own id.
    pub id: CompactString,
    /// What the task is.
    pub name: CompactString,
    /// Which of the six governance actions it belongs to.
    pub category: TaskCategory,
    /// When it must be done.
    pub deadline: NaiveDate,
    /// Open, in progress or done.
    #[field(default = "TaskStatus::default_status")]
    pub status: TaskStatus,
}
