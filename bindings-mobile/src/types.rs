//! The values that cross the boundary: dates, personal fields, the domain enumerations and the
//! entities as read back from a network.
//!
//! Numbers are signed (`i64`, `i32`) throughout: Kotlin's unsigned types are inline classes,
//! whose functions Java cannot call by name, and many vendors' back ends are Java.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{QuanyuError, Result};

/// A calendar day, `YYYY-MM-DD`. Kotlin sees `java.time.LocalDate`; Swift sees the ISO text.
///
/// Dates are checked where they are used, so that a malformed one is an error the app can
/// catch, never a crash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDate(String);

uniffi::custom_newtype!(IsoDate, String);

impl IsoDate {
    /// The day as the core's date; `name` names the argument or field in the error.
    pub(crate) fn parse(&self, name: &str) -> Result<NaiveDate> {
        parse_day(&self.0).map_err(|detail| QuanyuError::invalid(name, detail))
    }

    /// The ISO text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses `YYYY-MM-DD` (chrono also accepts a signed year beyond 9999, as `java.time` writes it).
pub(crate) fn parse_day(text: &str) -> std::result::Result<NaiveDate, String> {
    text.parse::<NaiveDate>()
        .map_err(|e| format!("expected a date `YYYY-MM-DD`, got `{text}` ({e})"))
}

impl From<NaiveDate> for IsoDate {
    fn from(d: NaiveDate) -> Self {
        IsoDate(d.to_string())
    }
}

impl From<&str> for IsoDate {
    fn from(s: &str) -> Self {
        IsoDate(s.to_owned())
    }
}

/// A local date and time, `YYYY-MM-DDTHH:MM[:SS]`. Kotlin sees `java.time.LocalDateTime`;
/// Swift sees the ISO text. Checked where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDateTime(String);

uniffi::custom_newtype!(IsoDateTime, String);

impl IsoDateTime {
    /// The moment as the core's date-time; `name` names the argument or field in the error.
    pub(crate) fn parse(&self, name: &str) -> Result<NaiveDateTime> {
        parse_moment(&self.0).map_err(|detail| QuanyuError::invalid(name, detail))
    }

    /// The ISO text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses `YYYY-MM-DDTHH:MM[:SS[.f]]` (`java.time` drops zero seconds; a space for the `T`
/// is accepted too).
pub(crate) fn parse_moment(text: &str) -> std::result::Result<NaiveDateTime, String> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .ok_or_else(|| format!("expected a date and time `YYYY-MM-DDTHH:MM`, got `{text}`"))
}

impl From<NaiveDateTime> for IsoDateTime {
    fn from(t: NaiveDateTime) -> Self {
        IsoDateTime(t.format("%Y-%m-%dT%H:%M:%S").to_string())
    }
}

impl From<&str> for IsoDateTime {
    fn from(s: &str) -> Self {
        IsoDateTime(s.to_owned())
    }
}

/// A time of day, `HH:MM[:SS]`. Kotlin sees `java.time.LocalTime`; Swift sees the ISO text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoTime(String);

uniffi::custom_newtype!(IsoTime, String);

impl IsoTime {
    /// The ISO text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses `HH:MM[:SS[.f]]`.
pub(crate) fn parse_time(text: &str) -> std::result::Result<NaiveTime, String> {
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
        .ok_or_else(|| format!("expected a time `HH:MM`, got `{text}`"))
}

impl From<NaiveTime> for IsoTime {
    fn from(t: NaiveTime) -> Self {
        IsoTime(t.format("%H:%M:%S").to_string())
    }
}

impl From<&str> for IsoTime {
    fn from(s: &str) -> Self {
        IsoTime(s.to_owned())
    }
}

/// Converts a count to the `i64` of the bindings.
pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A `limit` argument as a count; negative is an error.
pub(crate) fn limit(name: &str, n: i32) -> Result<usize> {
    usize::try_from(n)
        .map_err(|_| QuanyuError::invalid(name, format!("must not be negative, got {n}")))
}

/// A personal field (phone number, ID-card number). Its `toString()` (Swift: `description`) is
/// `***`, so it cannot leak into logs; call `expose()` only where the value is meant to be seen.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Object)]
#[uniffi::export(Display, Debug, Eq, Hash)]
pub struct Sensitive(pub(crate) quanyu::Sensitive);

#[uniffi::export]
impl Sensitive {
    /// Wraps a value.
    #[uniffi::constructor]
    pub fn new(value: String) -> Arc<Self> {
        Arc::new(Sensitive(quanyu::Sensitive::new(value)))
    }

    /// The value itself.
    pub fn expose(&self) -> String {
        self.0.expose().to_owned()
    }
}

impl std::fmt::Display for Sensitive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

pub(crate) fn sensitive_out(s: &Option<quanyu::Sensitive>) -> Option<Arc<Sensitive>> {
    s.as_ref().map(|v| Arc::new(Sensitive(v.clone())))
}

pub(crate) fn sensitive_in(s: Option<Arc<Sensitive>>) -> Option<quanyu::Sensitive> {
    s.map(|v| v.0.clone())
}

// ---- the domain enumerations (see the glossary), exported as the core defines them ----------------
// A mirror that drifts from the core's definition fails to compile, so the names cannot part.

use chrono::Weekday;
use quanyu::contracts::{Ineligibility, UncoveredReason};
use quanyu::{
    AllianceCategory, ContractKind, GridKind, GridLayer, OrganisationKind, Proximity, Role, Scope,
    TaskCategory, TaskStatus,
};

/// The kind of a grid (网格).
#[uniffi::remote(Enum)]
pub enum GridKind {
    /// 社区网格 — a residential community grid.
    Community,
    /// 商圈网格 — a business-district grid.
    BusinessDistrict,
    /// 园区网格 — an industrial or science park.
    Park,
    /// 街区网格 — a street block.
    StreetBlock,
    /// 楼宇网格 — an office building.
    OfficeBuilding,
}

/// The kind of an organisation: the four levels of the Party-organisation tree (四级组织架构)
/// and the members of the regional alliance (全域党建联盟).
#[uniffi::remote(Enum)]
pub enum OrganisationKind {
    /// 街道党工委 — the subdistrict's working committee.
    WorkingCommittee,
    /// 居民区党总支 — the general branch of a residential area.
    GeneralBranch,
    /// 网格党支部 — the branch of a grid.
    GridBranch,
    /// 楼组党小组 — the cell of a building or building group.
    BuildingCell,
    /// A unit that joined the alliance: department, enterprise, school, hospital.
    AllianceMember,
}

/// 三建融合: the category of an organisation in the alliance.
#[uniffi::remote(Enum)]
pub enum AllianceCategory {
    /// 社区党建.
    Community,
    /// "两新"党建 (new economic and social organisations).
    TwoNew,
    /// 区域化党建 (regional units).
    RegionalUnit,
}

/// The roles a person holds as a post.
#[uniffi::remote(Enum)]
pub enum Role {
    /// 网格长 — a grid leader; every grid has two (双网格长制).
    GridLeader,
    /// 网格员 — a grid worker.
    GridWorker,
    /// 第二书记 — a cadre sent from an institution; contracts a compound.
    SecondSecretary,
    /// 党员第二楼组长 — a Party member who is the second leader of a building.
    SecondBuildingLeader,
    /// 楼组长 — a building leader.
    BuildingLeader,
    /// 社区党员 — a community Party member; contracts neighbouring households.
    CommunityMember,
    /// 在职党员 — a member who works elsewhere and registers where they live (双报到).
    InServiceMember,
    /// 志愿者 — a volunteer, not necessarily a member.
    Volunteer,
    /// 先锋党员 — a pioneer member who leads volunteers (一十百).
    Pioneer,
}

/// The grid layers that partition the same buildings, each in its own way (一张网).
#[uniffi::remote(Enum)]
pub enum GridLayer {
    /// 党建网格.
    PartyBuilding,
    /// 警务网格.
    Policing,
    /// 综治网格.
    ComprehensiveGovernance,
    /// 城运网格.
    CityOperations,
}

/// The category of a key task: the six governance actions (六大治理行动).
#[uniffi::remote(Enum)]
pub enum TaskCategory {
    /// 网格治理.
    Grid,
    /// 物业治理.
    Property,
    /// 街区治理.
    StreetBlock,
    /// 园区治理.
    Park,
    /// 楼宇治理.
    OfficeBuilding,
    /// 网络治理.
    Online,
}

/// Where a key task stands.
#[uniffi::remote(Enum)]
pub enum TaskStatus {
    /// Not started.
    Open,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
}

/// The four contracts (四包).
#[uniffi::remote(Enum)]
pub enum ContractKind {
    /// "第二书记"进社区包小区: a second secretary contracts a compound.
    Compound,
    /// "党员第二楼组长"包楼栋: a second building leader contracts a building.
    Building,
    /// "社区党员"包邻里: a community member contracts households near home.
    Neighbours,
    /// 各级党组织包重点攻坚任务: an organisation contracts a key task.
    KeyTask,
}

/// Whether a question about an organisation covers only itself or its whole subtree.
#[uniffi::remote(Enum)]
pub enum Scope {
    /// The organisation itself.
    Direct,
    /// The organisation and every organisation below it.
    Subtree,
}

/// How near two places are, nearest first.
#[uniffi::remote(Enum)]
pub enum Proximity {
    /// The same building (or a household or zone in it).
    SameBuilding,
    /// The same compound.
    SameCompound,
    /// The same grid.
    SameGrid,
    /// The same area.
    SameArea,
    /// The same subdistrict.
    SameSubdistrict,
    /// Different subdistricts, or places on levels that carry no tier.
    Beyond,
}

/// Why a recorded contract's holder does not count.
#[uniffi::remote(Enum)]
pub enum Ineligibility {
    /// The holder has never held an eligible role (or kind, for organisations).
    MissingRole,
    /// The holder's eligible post ended before the date.
    PostEnded,
    /// The holder lives (or is anchored) in another jurisdiction than the target.
    OutsideJurisdiction,
    /// The organisation is not anchored at or above the task's unit.
    NotAbove,
    /// The target is not a target of the rule.
    NotATarget,
}

/// Why a target is left uncovered by a plan.
#[uniffi::remote(Enum)]
pub enum UncoveredReason {
    /// No eligible holder in the target's subdistrict may take it.
    NoEligibleHolder,
    /// Every eligible holder that may take it is at capacity.
    HoldersAtCapacity,
}

/// A day of the week (opening hours), Monday first.
#[uniffi::remote(Enum)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

// ---- entities as read back ----------------------------------------------------------------

/// A governance unit: a subdistrict, area, grid, compound, building, zone or household.
/// (Kotlin: `GovernanceUnit`, because `kotlin.Unit` is taken.)
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Unit {
    /// The user's own id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The level's name in the network's scheme, such as `Grid`.
    pub level: String,
    /// The kind, for grids.
    pub grid_kind: Option<GridKind>,
    /// Residents counted on the unit (households: the people living there).
    pub residents: i64,
}

impl Unit {
    pub(crate) fn of(net: &quanyu::Network, u: &quanyu::Unit) -> Self {
        Unit {
            id: u.id.to_string(),
            name: u.name.to_string(),
            level: net.scheme().name(u.level).to_owned(),
            grid_kind: u.grid_kind,
            residents: i64::from(u.residents),
        }
    }

    pub(crate) fn all<'a>(
        net: &quanyu::Network,
        units: impl IntoIterator<Item = &'a quanyu::Unit>,
    ) -> Vec<Self> {
        units.into_iter().map(|u| Unit::of(net, u)).collect()
    }
}

/// A Party organisation or alliance member.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Organisation {
    /// The user's own id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// Working committee, branch, cell or alliance member.
    pub kind: OrganisationKind,
    /// 三建融合 category, for alliance members (and optionally others).
    pub category: Option<AllianceCategory>,
}

impl From<&quanyu::Organisation> for Organisation {
    fn from(o: &quanyu::Organisation) -> Self {
        Organisation {
            id: o.id.to_string(),
            name: o.name.to_string(),
            kind: o.kind,
            category: o.category,
        }
    }
}

/// A person: a resident, a Party member, a cadre.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Person {
    /// The user's own id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// Phone number (personal: shown as `***`).
    pub phone: Option<Arc<Sensitive>>,
    /// ID-card number (personal: shown as `***`).
    pub id_number: Option<Arc<Sensitive>>,
}

impl From<&quanyu::Person> for Person {
    fn from(p: &quanyu::Person) -> Self {
        Person {
            id: p.id.to_string(),
            name: p.name.to_string(),
            phone: sensitive_out(&p.phone),
            id_number: sensitive_out(&p.id_number),
        }
    }
}

/// A key task (重点攻坚任务): a governance problem at a unit that an organisation must own.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeyTask {
    /// The user's own id.
    pub id: String,
    /// What the task is.
    pub name: String,
    /// Which of the six governance actions it belongs to.
    pub category: TaskCategory,
    /// When it must be done.
    pub deadline: IsoDate,
    /// Open, in progress or done.
    pub status: TaskStatus,
}

impl From<&quanyu::KeyTask> for KeyTask {
    fn from(t: &quanyu::KeyTask) -> Self {
        KeyTask {
            id: t.id.to_string(),
            name: t.name.to_string(),
            category: t.category,
            deadline: t.deadline.into(),
            status: t.status,
        }
    }
}

/// A dated span: from `start` to `end`, both inclusive; no `end` means still running.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Span {
    /// The first day.
    pub start: IsoDate,
    /// The last day, if it has ended.
    pub end: Option<IsoDate>,
}

impl From<quanyu::Span> for Span {
    fn from(s: quanyu::Span) -> Self {
        Span {
            start: s.start.into(),
            end: s.end.map(IsoDate::from),
        }
    }
}

/// A post as seen from the place it is held at: who holds which role, and since when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HeldPost {
    /// The holder.
    pub person: Person,
    /// The role held.
    pub role: Role,
    /// From when to when.
    pub span: Span,
}

impl From<&quanyu::HeldPost> for HeldPost {
    fn from(h: &quanyu::HeldPost) -> Self {
        HeldPost {
            person: (&h.person).into(),
            role: h.role,
            span: h.span().into(),
        }
    }
}

/// One level of a level scheme: its name, the levels allowed directly above it and, for the
/// proximity tiers, what sharing a unit of this level means.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LevelDef {
    /// The level's name, such as `Grid`.
    pub name: String,
    /// Names of the levels whose units may directly contain units of this level.
    #[uniffi(default)]
    pub parents: Vec<String>,
    /// The proximity of two places whose nearest common unit is on this level.
    #[uniffi(default)]
    pub proximity: Option<Proximity>,
}

impl From<&quanyu::LevelDef> for LevelDef {
    fn from(d: &quanyu::LevelDef) -> Self {
        LevelDef {
            name: d.name.clone(),
            parents: d.parents.clone(),
            proximity: d.proximity,
        }
    }
}

impl From<LevelDef> for quanyu::LevelDef {
    fn from(d: LevelDef) -> Self {
        let def = quanyu::LevelDef::new(d.name, d.parents);
        match d.proximity {
            Some(p) => def.with_proximity(p),
            None => def,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_not_trusted() {
        assert_eq!(
            IsoDate::from("2024-10-13").parse("as_of").unwrap(),
            NaiveDate::from_ymd_opt(2024, 10, 13).unwrap()
        );
        for bad in [
            "",
            "13/10/2024",
            "2024-02-30",
            "+99999999-01-01",
            "2024-10-13T00:00",
        ] {
            let err = IsoDate::from(bad).parse("as_of").unwrap_err();
            assert!(matches!(&err, QuanyuError::InvalidArgument { name, .. } if name == "as_of"));
        }
        // java.time writes years past 9999 with a sign; both ends agree on it.
        let far = NaiveDate::from_ymd_opt(12024, 1, 1).unwrap();
        assert_eq!(IsoDate::from(far).parse("d").unwrap(), far);
    }

    #[test]
    fn moments_and_times_read_as_java_time_writes_them() {
        let at = |s: &str| parse_moment(s).unwrap();
        assert_eq!(at("2024-10-15T18:00"), at("2024-10-15T18:00:00"));
        assert_eq!(at("2024-10-15 18:00"), at("2024-10-15T18:00:00.000"));
        let t = at("2024-10-15T18:30");
        assert_eq!(IsoDateTime::from(t).as_str(), "2024-10-15T18:30:00");
        assert_eq!(IsoDateTime::from(t).parse("start").unwrap(), t);
        for bad in ["", "2024-10-15", "2024-10-15T25:00", "tomorrow"] {
            assert!(IsoDateTime::from(bad).parse("start").is_err());
        }
        assert_eq!(
            parse_time("08:00").unwrap(),
            parse_time("08:00:00").unwrap()
        );
        assert_eq!(
            IsoTime::from(parse_time("21:30").unwrap()).as_str(),
            "21:30:00"
        );
        assert!(parse_time("8 am").is_err() && parse_time("24:00").is_err());
    }

    #[test]
    fn limits_and_counts() {
        assert_eq!(limit("limit", 3).unwrap(), 3);
        assert!(limit("limit", -1).is_err());
        assert_eq!(count(7), 7);
    }

    #[test]
    fn sensitive_values_do_not_show() {
        let s = Sensitive::new("13800000000".into());
        assert_eq!(s.to_string(), "***");
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert_eq!(s.expose(), "13800000000");
    }
}
