//! The records of working together (六联六治): links and their evidence, council seats, the
//! three carriages of a compound, governance projects, joint meetings and deliberation. Each is
//! declared once; serde, the CSV columns, the frames and the bindings' classes come from the
//! declaration.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::TaskCategory;
use crate::schema::{Enum, Record};
use crate::venues::VenueKind;

/// The six links (六联) between the organisations of a subdistrict.
///
/// ```
/// use quanyu::collab::LinkKind;
/// assert_eq!("阵地联享".parse::<LinkKind>(), Ok(LinkKind::SharedVenues));
/// assert_eq!(LinkKind::ALL.len(), 6);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "link kind")]
pub enum LinkKind {
    /// 组织联建 — organisations building their Party organisations together.
    #[named(zh = "组织联建")]
    JointBuilding,
    /// 阵地联享 — venues shared between them.
    #[named(zh = "阵地联享")]
    SharedVenues,
    /// 队伍联管 — teams (volunteers, cadres) managed together.
    #[named(zh = "队伍联管")]
    JointTeams,
    /// 资源联用 — resources (money, services, equipment) used together.
    #[named(zh = "资源联用")]
    SharedResources,
    /// 项目联认 — governance projects adopted together.
    #[named(zh = "项目联认")]
    ProjectAdoption,
    /// 事务联商 — affairs consulted on together.
    #[named(zh = "事务联商")]
    JointConsultation,
}

/// What stands behind a link. Evidence kept by quanyu (a meeting, a project, a venue on the
/// menu, a booking) is referenced by its id; an agreement is referenced by its document number
/// and carries its own dates.
///
/// ```
/// use quanyu::collab::EvidenceKind;
/// assert_eq!("会议".parse::<EvidenceKind>(), Ok(EvidenceKind::Meeting));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "evidence kind")]
pub enum EvidenceKind {
    /// 协议 — a signed agreement (共建协议), named by its document number.
    #[named(zh = "协议", alias = "共建协议")]
    Agreement,
    /// 会议 — a joint meeting recorded in the book.
    #[named(zh = "会议")]
    Meeting,
    /// 项目 — a governance project recorded in the book.
    #[named(zh = "项目")]
    Project,
    /// 阵地 — a venue offered on the shared-venue menu.
    #[named(zh = "阵地", alias = "阵地供给")]
    Venue,
    /// 预约 — a booking on the shared-venue menu.
    #[named(zh = "预约", alias = "阵地预约")]
    Booking,
}

/// A link (六联) from an organisation to another organisation or to a unit, dated.
///
/// ```
/// use quanyu::collab::{LinkKind, LinkRecord};
/// let l = LinkRecord::new("L1", LinkKind::SharedVenues, "ENT-1", "GB-1", "2024-01-01".parse().unwrap());
/// assert!(l.end.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "links", cells)]
pub struct LinkRecord {
    /// The link's id (unique among links).
    pub id: String,
    /// Which of the six links.
    pub kind: LinkKind,
    /// The organisation holding the link.
    pub organisation: String,
    /// The organisation or unit it links to.
    pub partner: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has ended.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl LinkRecord {
    /// A running link `id` of `kind` held by `organisation` with `partner` (an organisation
    /// or a unit) since `start`.
    pub fn new(
        id: impl Into<String>,
        kind: LinkKind,
        organisation: impl Into<String>,
        partner: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        LinkRecord {
            id: id.into(),
            kind,
            organisation: organisation.into(),
            partner: partner.into(),
            start,
            end: None,
        }
    }

    /// Ended on `day`.
    pub fn ended(mut self, day: NaiveDate) -> Self {
        self.end = Some(day);
        self
    }
}

/// One piece of evidence for a link: a reference to a meeting, project, venue or booking, or
/// an agreement's document number with its own dates.
///
/// ```
/// use quanyu::collab::{EvidenceKind, EvidenceRecord};
/// let e = EvidenceRecord::new("L1", EvidenceKind::Meeting, "M-1");
/// assert!(e.start.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "link_evidence", label = "link", cells)]
pub struct EvidenceRecord {
    /// The link's id.
    pub link: String,
    /// What kind of evidence.
    pub kind: EvidenceKind,
    /// The id of the meeting, project, venue or booking; an agreement's document number.
    pub reference: String,
    /// For an agreement: the day it was signed.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// For an agreement: its last day, if it has one.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl EvidenceRecord {
    /// Evidence `reference` of `kind` for `link`.
    pub fn new(link: impl Into<String>, kind: EvidenceKind, reference: impl Into<String>) -> Self {
        EvidenceRecord {
            link: link.into(),
            kind,
            reference: reference.into(),
            start: None,
            end: None,
        }
    }

    /// Valid from `start` to `end` (an agreement's dates).
    pub fn valid(mut self, start: NaiveDate, end: Option<NaiveDate>) -> Self {
        self.start = Some(start);
        self.end = end;
        self
    }
}

/// A seat on the all-area Party-building council (全域党建理事会).
///
/// ```
/// assert_eq!("理事长单位".parse::<quanyu::collab::Seat>(), Ok(quanyu::collab::Seat::Chair));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "council seat")]
pub enum Seat {
    /// 理事长单位 — the chair unit.
    #[named(zh = "理事长单位", alias = "理事长")]
    Chair,
    /// 副理事长单位 — a vice-chair unit.
    #[named(zh = "副理事长单位", alias = "副理事长")]
    ViceChair,
    /// 理事单位 — a member unit.
    #[named(zh = "理事单位", alias = "理事")]
    Member,
}

/// An organisation's seat on the council of a unit (the subdistrict it serves), for one term.
///
/// ```
/// use quanyu::collab::{Seat, SeatRecord};
/// let s = SeatRecord::new("S", "ENT-1", Seat::Chair, "2024-01-01".parse().unwrap());
/// assert_eq!(s.seat, Seat::Chair);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "council_seats", label = "organisation", cells)]
pub struct SeatRecord {
    /// The unit whose council it is (a subdistrict).
    pub unit: String,
    /// The organisation holding the seat.
    pub organisation: String,
    /// Chair, vice-chair or member.
    pub seat: Seat,
    /// The first day of the term.
    pub start: NaiveDate,
    /// The last day of the term, if it has ended or is fixed.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl SeatRecord {
    /// A running `seat` of `organisation` on the council of `unit` since `start`.
    pub fn new(
        unit: impl Into<String>,
        organisation: impl Into<String>,
        seat: Seat,
        start: NaiveDate,
    ) -> Self {
        SeatRecord {
            unit: unit.into(),
            organisation: organisation.into(),
            seat,
            start,
            end: None,
        }
    }

    /// Ending on `day`.
    pub fn until(mut self, day: NaiveDate) -> Self {
        self.end = Some(day);
        self
    }
}

/// One of the three carriages (三驾马车) of a compound.
///
/// ```
/// assert_eq!("业委会".parse::<quanyu::collab::Carriage>(), Ok(quanyu::collab::Carriage::OwnersCommittee));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "carriage")]
pub enum Carriage {
    /// 居委会 — the residents' committee.
    #[named(zh = "居委会", alias = "居民委员会")]
    ResidentsCommittee,
    /// 业委会 — the owners' committee.
    #[named(zh = "业委会", alias = "业主委员会")]
    OwnersCommittee,
    /// 物业 — the property-management company.
    #[named(zh = "物业", alias = "物业服务企业")]
    PropertyManagement,
}

/// A body serving a compound as one of its three carriages, dated.
///
/// ```
/// use quanyu::collab::{Carriage, CarriageRecord};
/// let c = CarriageRecord::new("C-1", Carriage::PropertyManagement, "绿城物业", "2023-01-01".parse().unwrap()).red();
/// assert!(c.red);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "carriages", label = "compound", cells)]
pub struct CarriageRecord {
    /// The compound's id.
    pub compound: String,
    /// Which carriage.
    pub carriage: Carriage,
    /// The body's name.
    pub name: String,
    /// The body's organisation id, when it is in the network.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has ended.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// 红色物业: the property company works under the Party organisation's lead.
    #[serde(default)]
    pub red: bool,
}

impl CarriageRecord {
    /// `name` serving `compound` as `carriage` since `start`.
    pub fn new(
        compound: impl Into<String>,
        carriage: Carriage,
        name: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        CarriageRecord {
            compound: compound.into(),
            carriage,
            name: name.into(),
            organisation: None,
            start,
            end: None,
            red: false,
        }
    }

    /// Flagged 红色物业.
    pub fn red(mut self) -> Self {
        self.red = true;
        self
    }
}

/// Where a governance project stands.
///
/// ```
/// assert_eq!("进行中".parse::<quanyu::collab::ProjectStatus>(), Ok(quanyu::collab::ProjectStatus::Active));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "project status")]
pub enum ProjectStatus {
    /// 筹备 — being prepared.
    #[named(zh = "筹备", alias = "planned")]
    Planned,
    /// 进行中 — running.
    #[named(zh = "进行中")]
    Active,
    /// 已完成 — finished.
    #[named(zh = "已完成", alias = "done")]
    Completed,
    /// 暂停 — suspended.
    #[named(zh = "暂停")]
    Suspended,
}

/// A governance project (治理项目) owned by an organisation and adopted by others (项目联认).
///
/// ```
/// use quanyu::collab::{ProjectRecord, ProjectStatus};
/// let p = ProjectRecord::new("P1", "楼委共智汇", "WC", "2024-03-01".parse().unwrap());
/// assert_eq!(p.status, ProjectStatus::Active);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "projects", cells)]
pub struct ProjectRecord {
    /// The project's id (unique among projects).
    pub id: String,
    /// Its name.
    pub name: String,
    /// The organisation that owns it.
    pub owner: String,
    /// Planned, active, completed or suspended.
    pub status: ProjectStatus,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if it has one.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl ProjectRecord {
    /// An active project `id` called `name`, owned by `owner`, since `start`.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        owner: impl Into<String>,
        start: NaiveDate,
    ) -> Self {
        ProjectRecord {
            id: id.into(),
            name: name.into(),
            owner: owner.into(),
            status: ProjectStatus::Active,
            start,
            end: None,
        }
    }

    /// With `status`.
    pub fn status(mut self, status: ProjectStatus) -> Self {
        self.status = status;
        self
    }
}

/// What an adopting organisation pledges to a project.
///
/// ```
/// assert_eq!("场地".parse::<quanyu::collab::PledgeKind>(), Ok(quanyu::collab::PledgeKind::Venue));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "pledge kind")]
pub enum PledgeKind {
    /// 场地 — a venue, which must be on the shared-venue menu.
    #[named(zh = "场地", alias = "阵地")]
    Venue,
    /// 人员 — people (the amount is a head count).
    #[named(zh = "人员")]
    People,
    /// 资金 — money (the amount is in yuan).
    #[named(zh = "资金")]
    Money,
    /// 服务 — a service.
    #[named(zh = "服务")]
    Service,
}

/// An organisation adopting a project and what it pledges: one row per pledge.
///
/// ```
/// use quanyu::collab::{PledgeKind, PledgeRecord};
/// let p = PledgeRecord::new("P1", "ENT-1", PledgeKind::Money).amount(20_000);
/// assert_eq!(p.amount, Some(20_000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "pledges", label = "project", cells)]
pub struct PledgeRecord {
    /// The project's id.
    pub project: String,
    /// The adopting organisation.
    pub adopter: String,
    /// Venue, people, money or service.
    pub kind: PledgeKind,
    /// For a venue pledge: the venue's id on the menu, offered by the adopter.
    #[serde(default)]
    pub venue: Option<String>,
    /// Head count for people, yuan for money.
    #[serde(default)]
    pub amount: Option<u64>,
    /// What is pledged, in words.
    #[serde(default)]
    pub description: String,
}

impl PledgeRecord {
    /// `adopter` pledging something of `kind` to `project`.
    pub fn new(project: impl Into<String>, adopter: impl Into<String>, kind: PledgeKind) -> Self {
        PledgeRecord {
            project: project.into(),
            adopter: adopter.into(),
            kind,
            venue: None,
            amount: None,
            description: String::new(),
        }
    }

    /// Pledging the menu's venue `venue`.
    pub fn venue(mut self, venue: impl Into<String>) -> Self {
        self.venue = Some(venue.into());
        self
    }

    /// Of `amount` (heads or yuan).
    pub fn amount(mut self, amount: u64) -> Self {
        self.amount = Some(amount);
        self
    }
}

/// A milestone of a project.
///
/// ```
/// let m = quanyu::collab::MilestoneRecord::new("P1", "启动", "2024-04-01".parse().unwrap());
/// assert!(m.done.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "milestones", label = "project", cells)]
pub struct MilestoneRecord {
    /// The project's id.
    pub project: String,
    /// The milestone's name (unique within the project).
    pub name: String,
    /// When it is due.
    pub due: NaiveDate,
    /// When it was reached, if it was.
    #[serde(default)]
    pub done: Option<NaiveDate>,
}

impl MilestoneRecord {
    /// A milestone `name` of `project` due on `due`.
    pub fn new(project: impl Into<String>, name: impl Into<String>, due: NaiveDate) -> Self {
        MilestoneRecord {
            project: project.into(),
            name: name.into(),
            due,
            done: None,
        }
    }
}

/// What a project, meeting action or link points at outside the book.
///
/// ```
/// assert_eq!("重点任务".parse::<quanyu::collab::WorkKind>(), Ok(quanyu::collab::WorkKind::KeyTask));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "work kind")]
pub enum WorkKind {
    /// 重点任务 — a key task of the network.
    #[named(zh = "重点任务", alias = "task")]
    KeyTask,
    /// 事件 — a grid event of the event book.
    #[named(zh = "事件")]
    Event,
}

/// A key task or grid event attached to a project.
///
/// ```
/// use quanyu::collab::{AttachmentRecord, WorkKind};
/// let a = AttachmentRecord::new("P1", WorkKind::KeyTask, "T1");
/// assert_eq!(a.work, "T1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "project_work", label = "project", cells)]
pub struct AttachmentRecord {
    /// The project's id.
    pub project: String,
    /// A key task or an event.
    pub kind: WorkKind,
    /// The task's or event's id.
    pub work: String,
}

impl AttachmentRecord {
    /// `work` (of `kind`) attached to `project`.
    pub fn new(project: impl Into<String>, kind: WorkKind, work: impl Into<String>) -> Self {
        AttachmentRecord {
            project: project.into(),
            kind,
            work: work.into(),
        }
    }
}

/// The kind of a meeting.
///
/// ```
/// assert_eq!("圆桌赋能会".parse::<quanyu::collab::MeetingKind>(), Ok(quanyu::collab::MeetingKind::RoundTable));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "meeting kind")]
pub enum MeetingKind {
    /// 联席会议 — a joint meeting of organisations.
    #[named(zh = "联席会议")]
    Joint,
    /// 圆桌赋能会 — a round table.
    #[named(zh = "圆桌赋能会", alias = "圆桌会")]
    RoundTable,
    /// 理事会会议 — a meeting of the council.
    #[named(zh = "理事会会议")]
    Council,
    /// 议事会 — a deliberation meeting of a forum.
    #[named(zh = "议事会", alias = "居民议事会")]
    Deliberation,
}

/// A meeting: who organised it, where (a venue on the menu) and when.
///
/// ```
/// use quanyu::collab::{MeetingKind, MeetingRecord};
/// let at = "2024-05-06T14:00:00".parse().unwrap();
/// let m = MeetingRecord::new("M1", MeetingKind::Joint, "WC", at).venue("V-1");
/// assert_eq!(m.venue.as_deref(), Some("V-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "meetings", cells)]
pub struct MeetingRecord {
    /// The meeting's id (unique among meetings).
    pub id: String,
    /// Joint meeting, round table, council meeting or deliberation.
    pub kind: MeetingKind,
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// The organising organisation.
    pub organiser: String,
    /// The venue on the menu, if it met at one.
    #[serde(default)]
    pub venue: Option<String>,
    /// The forum, for a deliberation meeting.
    #[serde(default)]
    pub forum: Option<String>,
    /// When it began.
    pub start: NaiveDateTime,
}

impl MeetingRecord {
    /// A meeting `id` of `kind` organised by `organiser`, beginning at `start`.
    pub fn new(
        id: impl Into<String>,
        kind: MeetingKind,
        organiser: impl Into<String>,
        start: NaiveDateTime,
    ) -> Self {
        MeetingRecord {
            id: id.into(),
            kind,
            title: String::new(),
            organiser: organiser.into(),
            venue: None,
            forum: None,
            start,
        }
    }

    /// With a title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// At the menu's venue `venue`.
    pub fn venue(mut self, venue: impl Into<String>) -> Self {
        self.venue = Some(venue.into());
        self
    }

    /// Held by the forum `forum`.
    pub fn forum(mut self, forum: impl Into<String>) -> Self {
        self.forum = Some(forum.into());
        self
    }
}

/// How a person took part: at the venue, online, or (for a ballot) through a proxy.
///
/// ```
/// assert_eq!("委托".parse::<quanyu::collab::Presence>(), Ok(quanyu::collab::Presence::Proxy));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "presence")]
pub enum Presence {
    /// 现场 — in person.
    #[named(zh = "现场", alias = "in person")]
    InPerson,
    /// 线上 — online.
    #[named(zh = "线上")]
    Online,
    /// 委托 — through a recorded proxy.
    #[named(zh = "委托", alias = "代理")]
    Proxy,
}

/// A person attending a meeting, on behalf of an organisation or as a resident. Recorded on a
/// phone offline and merged like the events log: the same attendance twice is one.
///
/// ```
/// use quanyu::collab::AttendanceRecord;
/// let a = AttendanceRecord::new("M1", "P-1").on_behalf_of("ENT-1");
/// assert_eq!(a.on_behalf_of.as_deref(), Some("ENT-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "attendance", label = "meeting", cells)]
pub struct AttendanceRecord {
    /// The meeting's id.
    pub meeting: String,
    /// The person's id.
    pub person: String,
    /// The organisation they represent, if any.
    #[serde(default)]
    pub on_behalf_of: Option<String>,
    /// In person or online.
    #[serde(default = "in_person")]
    pub presence: Presence,
}

fn in_person() -> Presence {
    Presence::InPerson
}

impl AttendanceRecord {
    /// `person` attending `meeting` in person.
    pub fn new(meeting: impl Into<String>, person: impl Into<String>) -> Self {
        AttendanceRecord {
            meeting: meeting.into(),
            person: person.into(),
            on_behalf_of: None,
            presence: Presence::InPerson,
        }
    }

    /// On behalf of the organisation `organisation`.
    pub fn on_behalf_of(mut self, organisation: impl Into<String>) -> Self {
        self.on_behalf_of = Some(organisation.into());
        self
    }
}

/// An item on a meeting's agenda.
///
/// ```
/// let a = quanyu::collab::AgendaItemRecord::new("M1", 1, "停车难");
/// assert_eq!(a.number, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "agenda_items", label = "meeting", cells)]
pub struct AgendaItemRecord {
    /// The meeting's id.
    pub meeting: String,
    /// Its number on the agenda (unique within the meeting).
    pub number: u32,
    /// What is discussed.
    pub title: String,
}

impl AgendaItemRecord {
    /// Item `number` of `meeting`.
    pub fn new(meeting: impl Into<String>, number: u32, title: impl Into<String>) -> Self {
        AgendaItemRecord {
            meeting: meeting.into(),
            number,
            title: title.into(),
        }
    }
}

/// A motion put to a vote: at a meeting (its attendees vote) or in a forum (the forum's
/// electorate votes under the motion's procedure).
///
/// ```
/// use quanyu::collab::MotionRecord;
/// let m = MotionRecord::new("MO1", "加装电梯", "residents_meeting", "2025-03-20".parse().unwrap()).forum("F1");
/// assert!(m.secret);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "motions", cells)]
pub struct MotionRecord {
    /// The motion's id (unique among motions).
    pub id: String,
    /// What is proposed.
    pub text: String,
    /// The code of the procedure it is decided under.
    pub procedure: String,
    /// The decision day: eligibility is read from the register as of this day.
    pub decided: NaiveDate,
    /// The day notice was given, if it was.
    #[serde(default)]
    pub notice: Option<NaiveDate>,
    /// The forum whose electorate votes.
    #[serde(default)]
    pub forum: Option<String>,
    /// The meeting it was moved at.
    #[serde(default)]
    pub meeting: Option<String>,
    /// The topic it answers.
    #[serde(default)]
    pub topic: Option<String>,
    /// A secret ballot: only that a person voted is kept, never how.
    #[serde(default = "yes")]
    pub secret: bool,
}

fn yes() -> bool {
    true
}

impl MotionRecord {
    /// A secret-ballot motion `id` decided under `procedure` on `decided`.
    pub fn new(
        id: impl Into<String>,
        text: impl Into<String>,
        procedure: impl Into<String>,
        decided: NaiveDate,
    ) -> Self {
        MotionRecord {
            id: id.into(),
            text: text.into(),
            procedure: procedure.into(),
            decided,
            notice: None,
            forum: None,
            meeting: None,
            topic: None,
            secret: true,
        }
    }

    /// Put to the electorate of `forum`.
    pub fn forum(mut self, forum: impl Into<String>) -> Self {
        self.forum = Some(forum.into());
        self
    }

    /// Moved at `meeting`.
    pub fn meeting(mut self, meeting: impl Into<String>) -> Self {
        self.meeting = Some(meeting.into());
        self
    }

    /// Answering `topic`.
    pub fn topic(mut self, topic: impl Into<String>) -> Self {
        self.topic = Some(topic.into());
        self
    }

    /// Notice given on `day`.
    pub fn notice(mut self, day: NaiveDate) -> Self {
        self.notice = Some(day);
        self
    }

    /// An open (roll-call) vote: each ballot's choice is kept.
    pub fn open(mut self) -> Self {
        self.secret = false;
        self
    }
}

/// A follow-up action decided at a meeting: it becomes a key task of the network or a grid
/// event, with an owner and a deadline counted in working days on the events' calendar.
///
/// ```
/// use quanyu::collab::{ActionRecord, WorkKind};
/// let a = ActionRecord::new("A1", "M1", WorkKind::KeyTask, "G-1", "P-1", 5).title("清理楼道");
/// assert_eq!(a.working_days, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "actions", cells)]
pub struct ActionRecord {
    /// The action's id: it becomes the key task's or event's id.
    pub id: String,
    /// The meeting that decided it.
    pub meeting: String,
    /// A key task or an event.
    pub kind: WorkKind,
    /// What is to be done.
    #[serde(default)]
    pub title: String,
    /// The unit where it is done.
    pub unit: String,
    /// The person who owns it.
    pub owner: String,
    /// Working days from the meeting's day to the deadline.
    pub working_days: u32,
    /// The key task's category (for a key task).
    #[serde(default)]
    pub task_category: Option<TaskCategory>,
    /// The event's category code (for an event; `"livelihood"` when none).
    #[serde(default)]
    pub event_category: Option<String>,
}

impl ActionRecord {
    /// Action `id` of `meeting`: `kind` work at `unit`, owned by `owner`, due `working_days`
    /// working days after the meeting.
    pub fn new(
        id: impl Into<String>,
        meeting: impl Into<String>,
        kind: WorkKind,
        unit: impl Into<String>,
        owner: impl Into<String>,
        working_days: u32,
    ) -> Self {
        ActionRecord {
            id: id.into(),
            meeting: meeting.into(),
            kind,
            title: String::new(),
            unit: unit.into(),
            owner: owner.into(),
            working_days,
            task_category: None,
            event_category: None,
        }
    }

    /// With a title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }
}

/// A deliberation forum (议事平台) at a unit of any level, meeting at one of the deliberation
/// venue kinds.
///
/// ```
/// use quanyu::collab::ForumRecord;
/// use quanyu::venues::VenueKind;
/// let f = ForumRecord::new("F1", "S", VenueKind::OnlineHall).name("网上议事厅");
/// assert_eq!(f.unit, "S");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "forums", cells)]
pub struct ForumRecord {
    /// The forum's id (unique among forums).
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// The unit whose residents it serves (its subtree).
    pub unit: String,
    /// Courtyard, pavilion, park hall or online hall.
    pub kind: VenueKind,
    /// The venue on the menu where it meets, if any.
    #[serde(default)]
    pub venue: Option<String>,
}

impl ForumRecord {
    /// A forum `id` at `unit` of `kind`.
    pub fn new(id: impl Into<String>, unit: impl Into<String>, kind: VenueKind) -> Self {
        ForumRecord {
            id: id.into(),
            name: String::new(),
            unit: unit.into(),
            kind,
            venue: None,
        }
    }

    /// With a name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }
}

/// Who raised a topic.
///
/// ```
/// assert_eq!("居民智囊团".parse::<quanyu::collab::Raiser>(), Ok(quanyu::collab::Raiser::ThinkTank));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "raiser")]
pub enum Raiser {
    /// 居民 — a resident.
    #[named(zh = "居民")]
    Resident,
    /// 居民智囊团 — the residents' think tank.
    #[named(zh = "居民智囊团", alias = "智囊团")]
    ThinkTank,
    /// 组织 — an organisation.
    #[named(zh = "组织", alias = "单位")]
    Organisation,
}

/// A topic raised in a forum (问需于民、问计于民、问政于民), decided under a procedure.
///
/// ```
/// use quanyu::collab::{Raiser, TopicRecord};
/// let t = TopicRecord::new("T1", "F1", "停车难", Raiser::Resident, "P-1", "2025-03-01".parse().unwrap());
/// assert_eq!(t.raised_by, Raiser::Resident);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "topics", cells)]
pub struct TopicRecord {
    /// The topic's id (unique among topics).
    pub id: String,
    /// The forum.
    pub forum: String,
    /// What it is about.
    pub title: String,
    /// A resident, the think tank or an organisation.
    pub raised_by: Raiser,
    /// The raising person's or organisation's id (empty for the think tank).
    #[serde(default)]
    pub raiser: String,
    /// When it was raised.
    pub raised: NaiveDate,
}

impl TopicRecord {
    /// Topic `id` of `forum`, raised by `raiser` on `raised`.
    pub fn new(
        id: impl Into<String>,
        forum: impl Into<String>,
        title: impl Into<String>,
        raised_by: Raiser,
        raiser: impl Into<String>,
        raised: NaiveDate,
    ) -> Self {
        TopicRecord {
            id: id.into(),
            forum: forum.into(),
            title: title.into(),
            raised_by,
            raiser: raiser.into(),
            raised,
        }
    }
}

/// Who may vote on a motion, read from the register as of its decision day.
///
/// ```
/// assert_eq!("户".parse::<quanyu::collab::Electorate>(), Ok(quanyu::collab::Electorate::Households));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "electorate")]
pub enum Electorate {
    /// 居民 — the adult residents of the forum's subtree, each voting once.
    #[named(zh = "居民", alias = "村民")]
    Residents,
    /// 户 — the households of the subtree, one ballot per household by any adult of it.
    #[named(zh = "户", alias = "户代表")]
    Households,
    /// 业主 — the adult owners of homes in the subtree.
    #[named(zh = "业主")]
    Owners,
    /// 代表 — the forum's representatives.
    #[named(zh = "代表", alias = "村民代表")]
    Representatives,
}

/// A procedure: who votes, the quorum, the threshold, the notice, as data. Shares are
/// `num / den` of a base; `strict` means "more than" (过半数), otherwise "at least" (以上 counts
/// the number itself).
///
/// ```
/// use quanyu::collab::ProcedureRecord;
/// let v = ProcedureRecord::villagers_assembly();
/// assert_eq!((v.quorum_num, v.quorum_den, v.quorum_strict), (1, 2, true));
/// assert_eq!(v.notice_days, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "procedures", label = "code", cells)]
pub struct ProcedureRecord {
    /// The procedure's code (unique).
    pub code: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Who votes.
    pub electorate: Electorate,
    /// The youngest age that votes.
    pub min_age: u32,
    /// Quorum: numerator of the share of the electorate that must take part.
    pub quorum_num: u32,
    /// Quorum: denominator.
    pub quorum_den: u32,
    /// Quorum: more than the share (`true`) or at least it.
    pub quorum_strict: bool,
    /// An alternative quorum by households represented (numerator), as the villagers'
    /// assembly allows; 0 for none.
    #[serde(default)]
    pub household_quorum_num: u32,
    /// The alternative quorum's denominator (unused when its numerator is 0).
    #[serde(default)]
    pub household_quorum_den: u32,
    /// Decision: numerator of the share of those taking part that must vote for.
    pub threshold_num: u32,
    /// Decision: denominator.
    pub threshold_den: u32,
    /// Decision: more than the share (`true`) or at least it.
    pub threshold_strict: bool,
    /// Days of notice before the decision day.
    #[serde(default)]
    pub notice_days: u32,
    /// The law or rule it follows, cited.
    #[serde(default)]
    pub basis: String,
}

/// Where a person's home is owned: the register of owners that an owners' vote reads.
///
/// ```
/// let o = quanyu::collab::OwnerRecord::new("P-1", "H-101", "2019-05-01".parse().unwrap());
/// assert!(o.end.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "owners", label = "person", cells)]
pub struct OwnerRecord {
    /// The owner's id.
    pub person: String,
    /// The household (home) owned.
    pub unit: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if sold.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl OwnerRecord {
    /// `person` owning `unit` since `start`.
    pub fn new(person: impl Into<String>, unit: impl Into<String>, start: NaiveDate) -> Self {
        OwnerRecord {
            person: person.into(),
            unit: unit.into(),
            start,
            end: None,
        }
    }
}

/// A representative of a forum (村民代表, 居民代表), dated.
///
/// ```
/// let r = quanyu::collab::RepresentativeRecord::new("F1", "P-1", "2024-01-01".parse().unwrap());
/// assert_eq!(r.forum, "F1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "representatives", label = "person", cells)]
pub struct RepresentativeRecord {
    /// The forum's id.
    pub forum: String,
    /// The representative's id.
    pub person: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if the term has ended.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

impl RepresentativeRecord {
    /// `person` representing in `forum` since `start`.
    pub fn new(forum: impl Into<String>, person: impl Into<String>, start: NaiveDate) -> Self {
        RepresentativeRecord {
            forum: forum.into(),
            person: person.into(),
            start,
            end: None,
        }
    }
}

/// A voter's choice.
///
/// ```
/// assert_eq!("赞成".parse::<quanyu::collab::Choice>(), Ok(quanyu::collab::Choice::For));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "choice")]
pub enum Choice {
    /// 赞成 — for.
    #[named(zh = "赞成", alias = "yes")]
    For,
    /// 反对 — against.
    #[named(zh = "反对", alias = "no")]
    Against,
    /// 弃权 — abstaining.
    #[named(zh = "弃权")]
    Abstain,
}

/// A ballot. On a secret motion the book keeps only that the voter voted: the choice is
/// counted and dropped, and the stored ballot holds no choice.
///
/// ```
/// use quanyu::collab::{BallotRecord, Choice};
/// let at = "2025-03-20T10:00:00".parse().unwrap();
/// let b = BallotRecord::new("MO1", "P-1", Choice::For, at).by_proxy("P-2");
/// assert_eq!(b.proxy.as_deref(), Some("P-2"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "ballots", label = "motion", cells)]
pub struct BallotRecord {
    /// The motion's id.
    pub motion: String,
    /// The voter's id.
    pub voter: String,
    /// In person, online or by proxy.
    #[serde(default = "in_person")]
    pub presence: Presence,
    /// The proxy who cast it, for a ballot by proxy.
    #[serde(default)]
    pub proxy: Option<String>,
    /// The choice; always empty once stored for a secret motion.
    #[serde(default)]
    pub choice: Option<Choice>,
    /// When it was cast.
    pub cast: NaiveDateTime,
}

impl BallotRecord {
    /// `voter`'s ballot on `motion`, cast in person at `cast`.
    pub fn new(
        motion: impl Into<String>,
        voter: impl Into<String>,
        choice: Choice,
        cast: NaiveDateTime,
    ) -> Self {
        BallotRecord {
            motion: motion.into(),
            voter: voter.into(),
            presence: Presence::InPerson,
            proxy: None,
            choice: Some(choice),
            cast,
        }
    }

    /// Cast online.
    pub fn online(mut self) -> Self {
        self.presence = Presence::Online;
        self
    }

    /// Cast by the proxy `proxy`.
    pub fn by_proxy(mut self, proxy: impl Into<String>) -> Self {
        self.presence = Presence::Proxy;
        self.proxy = Some(proxy.into());
        self
    }
}
