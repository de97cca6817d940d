//! The answers of the collaboration book: six-links reports, the council and the carriages,
//! project roll-ups, follow-up work, tallies and merges. Each is declared once, like the
//! records, so the bindings and frames read the same fields.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BallotRecord, Carriage, Electorate, EvidenceKind, LinkKind, ProjectStatus};
use crate::events::EventRecord;
use crate::schema::{Enum, Record};
use crate::{AllianceCategory, TaskRecord};

/// Whether a link stands on evidence on the day asked about.
///
/// ```
/// assert_eq!("无证据".parse::<quanyu::collab::EvidenceState>(), Ok(quanyu::collab::EvidenceState::Missing));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "evidence state")]
pub enum EvidenceState {
    /// 有效 — at least one piece of evidence is current.
    #[named(zh = "有效")]
    Current,
    /// 已失效 — it had evidence, all of which has ended.
    #[named(zh = "已失效")]
    Ended,
    /// 无证据 — no evidence at all.
    #[named(zh = "无证据")]
    Missing,
}

/// One link checked on a day: its evidence, recorded and derived (meetings both sides took
/// part in, projects one owns and the other adopted).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "link")]
pub struct LinkCheck {
    /// The link's id.
    pub link: String,
    /// Its kind.
    pub kind: LinkKind,
    /// The organisation holding it.
    pub organisation: String,
    /// The organisation or unit it links to.
    pub partner: String,
    /// Whether it runs on the day.
    pub running: bool,
    /// Evidence recorded for it and current on the day.
    pub current: u32,
    /// Evidence recorded for it that has ended.
    pub ended: u32,
    /// Evidence derived from the book: meetings and projects of both sides.
    pub derived: u32,
    /// Current, ended or missing.
    pub state: EvidenceState,
}

/// The six links one alliance member holds on a day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "organisation")]
pub struct MemberLinks {
    /// The member's id.
    pub organisation: String,
    /// Its name.
    pub name: String,
    /// Its 三建融合 category.
    pub category: Option<AllianceCategory>,
    /// The kinds it holds through running links (as either end).
    pub held: Vec<LinkKind>,
    /// The kinds it does not hold.
    pub missing: Vec<LinkKind>,
    /// Its running links.
    pub links: u32,
}

/// The six-links report of a day: each alliance member's links and the gaps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "as_of")]
pub struct SixLinksReport {
    /// The day.
    pub as_of: NaiveDate,
    /// Every alliance member, by id.
    pub members: Vec<MemberLinks>,
    /// Every link, checked.
    pub links: Vec<LinkCheck>,
    /// Members holding no running link.
    pub unlinked: Vec<String>,
    /// Running links without any evidence.
    pub unevidenced: Vec<String>,
    /// Running links whose evidence has all ended.
    pub evidence_ended: Vec<String>,
}

/// Links of one kind on a day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "kind")]
pub struct LinkKindRollup {
    /// The kind.
    pub kind: LinkKind,
    /// Links of the kind.
    pub links: u32,
    /// Of which running on the day.
    pub running: u32,
    /// Of which running with current evidence (recorded or derived).
    pub evidenced: u32,
}

/// What can be wrong with a council.
///
/// ```
/// assert_eq!("无理事长单位".parse::<quanyu::collab::CouncilIssue>(), Ok(quanyu::collab::CouncilIssue::NoChair));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "council issue")]
pub enum CouncilIssue {
    /// 无理事长单位 — no chair on the day.
    #[named(zh = "无理事长单位")]
    NoChair,
    /// 多个理事长单位 — more than one chair on the day.
    #[named(zh = "多个理事长单位")]
    SeveralChairs,
    /// 任期过长 — a seat's term is longer than the rules allow.
    #[named(zh = "任期过长")]
    TermTooLong,
    /// 未轮值 — the chair followed itself without another in between.
    #[named(zh = "未轮值")]
    NotRotated,
    /// 非联盟成员 — the seat is held by an organisation outside the alliance.
    #[named(zh = "非联盟成员")]
    NotInAlliance,
}

/// One problem of a council.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "issue")]
pub struct CouncilProblem {
    /// What is wrong.
    pub issue: CouncilIssue,
    /// The organisation concerned (empty for a missing chair).
    pub organisation: String,
    /// The details.
    pub detail: String,
}

/// A council on a day: who sits where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "unit")]
pub struct CouncilReport {
    /// The unit whose council it is.
    pub unit: String,
    /// The day.
    pub as_of: NaiveDate,
    /// The chair unit.
    pub chair: Option<String>,
    /// The vice-chair units.
    pub vice_chairs: Vec<String>,
    /// The member units.
    pub members: Vec<String>,
    /// The chairs in order of their terms (the rotation).
    pub rotation: Vec<String>,
    /// What is wrong with it.
    pub issues: Vec<CouncilProblem>,
}

/// One compound's three carriages on a day, and its coordinating Party organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "compound")]
pub struct CompoundCarriages {
    /// The compound's id.
    pub compound: String,
    /// The residents' committee serving it.
    pub residents_committee: Option<String>,
    /// Its owners' committee.
    pub owners_committee: Option<String>,
    /// Its property-management company.
    pub property_management: Option<String>,
    /// Whether the property company is flagged 红色物业.
    pub red_property: bool,
    /// The residential-area Party organisation coordinating the three (the nearest general
    /// branch anchored at the compound or above it).
    pub coordinator: Option<String>,
    /// The coordinator's secretary in post on the day, if it has one.
    pub secretary: Option<String>,
    /// The carriages it lacks.
    pub missing: Vec<Carriage>,
}

impl CompoundCarriages {
    /// Whether all three carriages serve it and a Party organisation coordinates them.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.coordinator.is_some()
    }
}

/// One project's roll-up on a day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "project")]
pub struct ProjectRollup {
    /// The project's id.
    pub project: String,
    /// Its name.
    pub name: String,
    /// Its owner.
    pub owner: String,
    /// Its status.
    pub status: ProjectStatus,
    /// Distinct adopting organisations.
    pub adopters: u32,
    /// Venues pledged.
    pub venues: u32,
    /// People pledged (heads).
    pub people: u64,
    /// Money pledged (yuan).
    pub money: u64,
    /// Services pledged.
    pub services: u32,
    /// Milestones.
    pub milestones: u32,
    /// Milestones reached by the day.
    pub milestones_done: u32,
    /// Milestones due before the day and not reached.
    pub milestones_overdue: u32,
    /// Key tasks attached.
    pub tasks: u32,
    /// Events attached.
    pub events: u32,
}

/// One adopting organisation's roll-up over the projects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "organisation")]
pub struct AdopterRollup {
    /// The organisation.
    pub organisation: String,
    /// Projects it adopted.
    pub projects: u32,
    /// Pledges it made.
    pub pledges: u32,
    /// Venues pledged.
    pub venues: u32,
    /// People pledged.
    pub people: u64,
    /// Money pledged (yuan).
    pub money: u64,
}

/// A follow-up action turned into work: its deadline on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "action")]
pub struct FollowUp {
    /// The action's id (the task's or event's id).
    pub action: String,
    /// The meeting that decided it.
    pub meeting: String,
    /// Its owner.
    pub owner: String,
    /// The day it is due: the meeting's day plus its working days.
    pub deadline: NaiveDate,
}

/// The work decided at meetings, ready to enter the network (key tasks, through an edit) and
/// the event book (events, through `report`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "due")]
pub struct FollowUps {
    /// The key tasks.
    pub tasks: Vec<TaskRecord>,
    /// The events, reported at the meeting's time.
    pub events: Vec<EventRecord>,
    /// Every action's owner and deadline.
    pub due: Vec<FollowUp>,
}

/// The counts of a secret motion: its ballots keep no choice, so the counts are stored on
/// their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "secret_counts", label = "motion", cells)]
pub struct SecretCount {
    /// The motion's id.
    pub motion: String,
    /// Ballots for.
    pub for_votes: u64,
    /// Ballots against.
    pub against: u64,
    /// Abstentions.
    pub abstain: u64,
}

/// The result of a motion, with the arithmetic behind it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "motion")]
pub struct Tally {
    /// The motion's id.
    pub motion: String,
    /// The procedure's code.
    pub procedure: String,
    /// Who votes.
    pub electorate: Electorate,
    /// The decision day the register was read on.
    pub decided: NaiveDate,
    /// Persons eligible (households, for a household vote).
    pub eligible: u64,
    /// Households with an eligible adult.
    pub households: u64,
    /// Eligible ballots cast: those taking part.
    pub taking_part: u64,
    /// Households with an eligible ballot.
    pub households_taking_part: u64,
    /// Ballots whose voter is no longer eligible (the register changed since): not counted
    /// as taking part; on a secret motion their choices are in the counts and cannot be
    /// taken out.
    pub no_longer_eligible: u64,
    /// Residents of the subtree without a birth date in the register: not counted.
    pub undated: u64,
    /// Taking part needed for the quorum.
    pub quorum_needed: u64,
    /// Households taking part needed for the alternative quorum (0: none).
    pub household_quorum_needed: u64,
    /// Whether the quorum was met.
    pub quorum_met: bool,
    /// Ballots for.
    pub for_votes: u64,
    /// Ballots against.
    pub against: u64,
    /// Abstentions.
    pub abstain: u64,
    /// Ballots for needed.
    pub threshold_needed: u64,
    /// Whether the threshold was met.
    pub threshold_met: bool,
    /// Whether notice was given early enough.
    pub notice_met: bool,
    /// Adopted: quorum, threshold and notice all met.
    pub adopted: bool,
    /// The arithmetic, in words.
    pub arithmetic: String,
}

/// What a merge of offline ballots and attendance did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "added")]
pub struct BallotMerge {
    /// Records new to the book.
    pub added: u64,
    /// Records it already held.
    pub repeated: u64,
    /// Second ballots refused (a voter or household that had voted), as they came.
    pub refused: Vec<BallotRecord>,
    /// Records that could not be taken at all, with why.
    pub rejected: Vec<String>,
}

/// Which evidence kinds are derived from the book rather than recorded.
pub(super) const DERIVED: [(LinkKind, EvidenceKind); 2] = [
    (LinkKind::JointConsultation, EvidenceKind::Meeting),
    (LinkKind::ProjectAdoption, EvidenceKind::Project),
];
