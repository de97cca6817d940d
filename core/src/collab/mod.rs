//! Working together (六联六治): the six links between organisations, the all-area council
//! (全域党建理事会) and the three carriages (三驾马车) of each compound, governance projects that
//! units adopt (项目联认), joint meetings with their decisions and follow-up work, and
//! deliberation by residents (问需于民、问计于民、问政于民) with eligibility read from the
//! population register.
//!
//! # Design
//! A [`Collaboration`] lives beside the [`Network`], like the venue menu and the event book: it
//! names organisations, units, persons and key tasks by their ids and checks every reference
//! against a `&Network` when records come in ([`Collaboration::apply`]). Evidence kept elsewhere
//! in quanyu (a venue on the menu, a booking, a meeting, a project) is referenced by id, never
//! copied. Every table is a declared record ([`LinkRecord`], [`MeetingRecord`], [`BallotRecord`]
//! and the rest), so CSV columns, frames and the bindings' classes come from one declaration.
//!
//! A batch of records is taken whole or not at all: [`Collaboration::apply`] lists every
//! problem (the id, the field, what was expected) and changes nothing when there is one.
//!
//! # Votes
//! A motion is decided under a [`ProcedureRecord`]: who votes (the adult residents, households,
//! owners or representatives of the forum's subtree, read from the register as of the decision
//! day), the quorum, the threshold and the notice. Presets follow the Organic Law of the
//! Villagers' Committees and the Organic Law of the Urban Residents' Committees
//! ([`ProcedureRecord::presets`]). A person votes at most once per motion (once per household
//! when the electorate is households); a second ballot is refused. On a secret motion only the
//! fact that a person voted is kept: the choice is counted and dropped.
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::collab::{BallotRecord, Choice, Collaboration, ForumRecord, MotionRecord};
//! use quanyu::venues::VenueKind;
//! use quanyu::{Change, Changeset, Network, PersonRecord, UnitRecord};
//!
//! let mut net = Network::new();
//! net.apply(Changeset::from_iter([
//!     Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
//!     Change::AddUnit(UnitRecord::new("A1", "Area").parent("S")),
//!     Change::AddUnit(UnitRecord::new("G", "Grid").parent("A1")),
//!     Change::AddUnit(UnitRecord::new("B", "Building").parent("G")),
//!     Change::AddUnit(UnitRecord::new("H1", "Household").parent("B")),
//!     Change::AddUnit(UnitRecord::new("H2", "Household").parent("B")),
//!     Change::AddPerson(PersonRecord::new("A").home("H1").id_number("11010519491231002X")),
//!     Change::AddPerson(PersonRecord::new("B").home("H2").id_number("440305199003070014")),
//!     Change::AddPerson(PersonRecord::new("C").home("H2").id_number("440305201203150019")),
//! ]))?;
//!
//! let day = NaiveDate::from_ymd_opt(2025, 3, 20).unwrap();
//! let at = day.and_hms_opt(10, 0, 0).unwrap();
//! let mut book = Collaboration::new();
//! book.add_forum(&net, ForumRecord::new("F", "S", VenueKind::CommunityPavilion))?;
//! book.add_motion(&net, MotionRecord::new("M", "加装电梯", "residents_meeting", day).forum("F"))?;
//! book.cast(&net, BallotRecord::new("M", "A", Choice::For, at))?;
//! book.cast(&net, BallotRecord::new("M", "B", Choice::For, at))?;
//! // A second ballot is refused, and C is 13: not in the electorate.
//! let later = day.and_hms_opt(11, 0, 0).unwrap();
//! assert!(book.cast(&net, BallotRecord::new("M", "A", Choice::Against, later)).is_err());
//! assert!(book.cast(&net, BallotRecord::new("M", "C", Choice::For, at)).is_err());
//!
//! let tally = book.tally(&net, "M")?;
//! assert_eq!((tally.eligible, tally.taking_part, tally.for_votes), (2, 2, 2));
//! assert!(tally.adopted);
//! // Secret ballot: the stored ballots say who voted, not how.
//! assert!(book.ballots("M")?.iter().all(|b| b.choice.is_none()));
//! # Ok::<(), quanyu::Error>(())
//! ```

mod check;
mod council;
mod links;
mod meetings;
mod popolo;
mod procedures;
mod projects;
mod reports;
pub mod synth;
mod vote;

pub use records::{
    ActionRecord, AgendaItemRecord, AttachmentRecord, AttendanceRecord, BallotRecord, Carriage,
    CarriageRecord, Choice, Electorate, EvidenceKind, EvidenceRecord, ForumRecord, LinkKind,
    LinkRecord, MeetingKind, MeetingRecord, MilestoneRecord, MotionRecord, OwnerRecord, PledgeKind,
    PledgeRecord, Presence, ProcedureRecord, ProjectRecord, ProjectStatus, Raiser,
    RepresentativeRecord, Seat, SeatRecord, TopicRecord, WorkKind,
};
pub use reports::{
    AdopterRollup, BallotMerge, CompoundCarriages, CouncilIssue, CouncilProblem, CouncilReport,
    EvidenceState, FollowUp, FollowUps, LinkCheck, LinkKindRollup, MemberLinks, ProjectRollup,
    SecretCount, SixLinksReport, Tally,
};

mod records;
mod references;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{Error, Network, Result};
use vote::Votes;

/// The tables of a [`Collaboration`], as plain records: what [`Collaboration::apply`] takes
/// and [`Collaboration::records`] gives back. Every field is a table; any may be empty.
///
/// ```
/// use quanyu::collab::{CollabRecords, LinkKind, LinkRecord};
/// let mut batch = CollabRecords::default();
/// batch.links.push(LinkRecord::new("L1", LinkKind::JointBuilding, "A", "B", "2024-01-01".parse().unwrap()));
/// assert_eq!(batch.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CollabRecords {
    /// Procedures (beyond the presets, which every book holds).
    pub procedures: Vec<ProcedureRecord>,
    /// Links between organisations.
    pub links: Vec<LinkRecord>,
    /// Evidence of links.
    pub evidence: Vec<EvidenceRecord>,
    /// Council seats.
    pub seats: Vec<SeatRecord>,
    /// The bodies serving compounds.
    pub carriages: Vec<CarriageRecord>,
    /// Governance projects.
    pub projects: Vec<ProjectRecord>,
    /// Pledges of adopting organisations.
    pub pledges: Vec<PledgeRecord>,
    /// Project milestones.
    pub milestones: Vec<MilestoneRecord>,
    /// Key tasks and events attached to projects.
    pub attachments: Vec<AttachmentRecord>,
    /// Deliberation forums.
    pub forums: Vec<ForumRecord>,
    /// Topics raised in forums.
    pub topics: Vec<TopicRecord>,
    /// Meetings.
    pub meetings: Vec<MeetingRecord>,
    /// Who attended.
    pub attendance: Vec<AttendanceRecord>,
    /// Agenda items.
    pub agenda: Vec<AgendaItemRecord>,
    /// Follow-up actions decided at meetings.
    pub actions: Vec<ActionRecord>,
    /// The owners' register.
    pub owners: Vec<OwnerRecord>,
    /// Forum representatives.
    pub representatives: Vec<RepresentativeRecord>,
    /// Motions.
    pub motions: Vec<MotionRecord>,
    /// Ballots (a secret motion's without their choices once stored).
    pub ballots: Vec<BallotRecord>,
    /// The counts of secret motions, whose ballots hold no choice.
    pub secret_counts: Vec<SecretCount>,
}

impl CollabRecords {
    /// The number of records in every table.
    pub fn len(&self) -> usize {
        self.procedures.len()
            + self.links.len()
            + self.evidence.len()
            + self.seats.len()
            + self.carriages.len()
            + self.projects.len()
            + self.pledges.len()
            + self.milestones.len()
            + self.attachments.len()
            + self.forums.len()
            + self.topics.len()
            + self.meetings.len()
            + self.attendance.len()
            + self.agenda.len()
            + self.actions.len()
            + self.owners.len()
            + self.representatives.len()
            + self.motions.len()
            + self.ballots.len()
            + self.secret_counts.len()
    }

    /// Whether every table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Links, council, carriages, projects, meetings and deliberation of a network.
///
/// See the [module](self) for an example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collaboration {
    /// Every table but the ballots, as taken.
    tables: CollabRecords,
    /// The ballots of each motion, by motion id.
    votes: HashMap<String, Votes>,
}

impl Collaboration {
    /// An empty book holding the statutory procedure presets.
    ///
    /// ```
    /// let book = quanyu::collab::Collaboration::new();
    /// assert!(book.procedure("villagers_assembly").is_some());
    /// ```
    pub fn new() -> Self {
        let mut book = Collaboration::default();
        book.tables.procedures = ProcedureRecord::presets();
        book
    }

    /// A book restored from `records` (and the presets), checked against `network`; every
    /// problem is listed when the records do not fit. Ballots are restored as they were kept:
    /// each once per voter (and household), with its motion, and a secret motion's counts
    /// adding up to its ballots — but not checked against the register again, which they were
    /// when cast: [`tally`](Self::tally) counts those whose voter has since left the electorate
    /// apart. New ballots go through [`apply`](Self::apply) or [`cast`](Self::cast).
    ///
    /// ```
    /// use quanyu::collab::{CollabRecords, Collaboration};
    /// let net = quanyu::synth::community(1)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 1)?;
    /// let again = Collaboration::load(&net, book.records())?;
    /// assert_eq!(again, book);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn load(network: &Network, records: CollabRecords) -> Result<Self> {
        let mut book = Collaboration::new();
        let problems = check::absorb(&mut book, network, records, check::Mode::Restore);
        if problems.is_empty() {
            Ok(book)
        } else {
            Err(Error::Validation(problems))
        }
    }

    /// Takes a batch of records: each reference is checked against `network`, the book and
    /// the batch itself, each ballot against the register. Either every record is taken or,
    /// with [`Error::Validation`] listing every problem, none is.
    ///
    /// A record equal to one already held (a procedure, an attendance, a ballot merged twice)
    /// is taken as already there.
    pub fn apply(&mut self, network: &Network, batch: CollabRecords) -> Result<()> {
        let problems = check::absorb(self, network, batch, check::Mode::Live);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(problems))
        }
    }

    /// Every table as records, ballots and secret counts included: what [`load`](Self::load)
    /// takes back to the same book.
    pub fn records(&self) -> CollabRecords {
        let mut out = self.tables.clone();
        let mut motions: Vec<&String> = self.votes.keys().collect();
        motions.sort();
        for m in motions {
            let votes = &self.votes[m];
            out.ballots.extend(votes.ballots(m));
            if let Some(count) = votes.secret_count(m) {
                out.secret_counts.push(count);
            }
        }
        out
    }

    /// The book as JSON: every table, for storage. Secret motions hold counts, never choices.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&self.records())
            .map_err(|e| Error::invalid_argument("collaboration", e.to_string()))
    }

    /// A book from [`to_json`](Self::to_json)'s output, checked against `network`.
    ///
    /// ```
    /// let net = quanyu::synth::community(2)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 2)?;
    /// let back = quanyu::collab::Collaboration::from_json(&net, &book.to_json()?)?;
    /// assert_eq!(back, book);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn from_json(network: &Network, json: &str) -> Result<Self> {
        let records: CollabRecords = serde_json::from_str(json).map_err(|e| {
            Error::invalid_argument(
                "collaboration",
                crate::io::format::mask_numbers(&e.to_string()),
            )
        })?;
        Collaboration::load(network, records)
    }

    /// A procedure by its code.
    pub fn procedure(&self, code: &str) -> Option<&ProcedureRecord> {
        self.tables.procedures.iter().find(|p| p.code == code)
    }

    /// The procedures: the presets, then those added.
    pub fn procedures(&self) -> &[ProcedureRecord] {
        &self.tables.procedures
    }

    /// The links.
    pub fn links(&self) -> &[LinkRecord] {
        &self.tables.links
    }

    /// The evidence of links.
    pub fn evidence(&self) -> &[EvidenceRecord] {
        &self.tables.evidence
    }

    /// The council seats.
    pub fn seats(&self) -> &[SeatRecord] {
        &self.tables.seats
    }

    /// The bodies serving compounds.
    pub fn carriages(&self) -> &[CarriageRecord] {
        &self.tables.carriages
    }

    /// The projects.
    pub fn projects(&self) -> &[ProjectRecord] {
        &self.tables.projects
    }

    /// The pledges.
    pub fn pledges(&self) -> &[PledgeRecord] {
        &self.tables.pledges
    }

    /// The milestones.
    pub fn milestones(&self) -> &[MilestoneRecord] {
        &self.tables.milestones
    }

    /// The key tasks and events attached to projects.
    pub fn attachments(&self) -> &[AttachmentRecord] {
        &self.tables.attachments
    }

    /// The forums.
    pub fn forums(&self) -> &[ForumRecord] {
        &self.tables.forums
    }

    /// The topics.
    pub fn topics(&self) -> &[TopicRecord] {
        &self.tables.topics
    }

    /// The meetings.
    pub fn meetings(&self) -> &[MeetingRecord] {
        &self.tables.meetings
    }

    /// Who attended which meeting.
    pub fn attendance(&self) -> &[AttendanceRecord] {
        &self.tables.attendance
    }

    /// The agenda items.
    pub fn agenda(&self) -> &[AgendaItemRecord] {
        &self.tables.agenda
    }

    /// The follow-up actions.
    pub fn actions(&self) -> &[ActionRecord] {
        &self.tables.actions
    }

    /// The owners' register.
    pub fn owners(&self) -> &[OwnerRecord] {
        &self.tables.owners
    }

    /// The forums' representatives.
    pub fn representatives(&self) -> &[RepresentativeRecord] {
        &self.tables.representatives
    }

    /// The motions.
    pub fn motions(&self) -> &[MotionRecord] {
        &self.tables.motions
    }

    /// The ballots cast on `motion`, by time then voter; a secret motion's hold no choice.
    pub fn ballots(&self, motion: &str) -> Result<Vec<BallotRecord>> {
        self.motion(motion)?;
        Ok(self
            .votes
            .get(motion)
            .map(|v| v.ballots(motion))
            .unwrap_or_default())
    }

    /// The motion `id`.
    pub fn motion(&self, id: &str) -> Result<&MotionRecord> {
        self.tables
            .motions
            .iter()
            .find(|m| m.id == id)
            .ok_or_else(|| Error::invalid_argument("motion", format!("no motion `{id}`")))
    }

    /// Adds one record of any table (a one-record [`apply`](Self::apply)).
    fn add_one(&mut self, network: &Network, put: impl FnOnce(&mut CollabRecords)) -> Result<()> {
        let mut batch = CollabRecords::default();
        put(&mut batch);
        self.apply(network, batch)
    }

    /// Adds a link.
    pub fn add_link(&mut self, network: &Network, link: LinkRecord) -> Result<()> {
        self.add_one(network, |b| b.links.push(link))
    }

    /// Adds evidence for a link.
    pub fn add_evidence(&mut self, network: &Network, evidence: EvidenceRecord) -> Result<()> {
        self.add_one(network, |b| b.evidence.push(evidence))
    }

    /// Adds a council seat.
    pub fn add_seat(&mut self, network: &Network, seat: SeatRecord) -> Result<()> {
        self.add_one(network, |b| b.seats.push(seat))
    }

    /// Adds a body serving a compound.
    pub fn add_carriage(&mut self, network: &Network, carriage: CarriageRecord) -> Result<()> {
        self.add_one(network, |b| b.carriages.push(carriage))
    }

    /// Adds a project.
    pub fn add_project(&mut self, network: &Network, project: ProjectRecord) -> Result<()> {
        self.add_one(network, |b| b.projects.push(project))
    }

    /// Adds a pledge.
    pub fn add_pledge(&mut self, network: &Network, pledge: PledgeRecord) -> Result<()> {
        self.add_one(network, |b| b.pledges.push(pledge))
    }

    /// Adds a forum.
    pub fn add_forum(&mut self, network: &Network, forum: ForumRecord) -> Result<()> {
        self.add_one(network, |b| b.forums.push(forum))
    }

    /// Adds a meeting.
    pub fn add_meeting(&mut self, network: &Network, meeting: MeetingRecord) -> Result<()> {
        self.add_one(network, |b| b.meetings.push(meeting))
    }

    /// Records that a person attended a meeting (the same attendance twice is one).
    pub fn attend(&mut self, network: &Network, attendance: AttendanceRecord) -> Result<()> {
        self.add_one(network, |b| b.attendance.push(attendance))
    }

    /// Adds a procedure.
    pub fn add_procedure(&mut self, network: &Network, procedure: ProcedureRecord) -> Result<()> {
        self.add_one(network, |b| b.procedures.push(procedure))
    }

    /// Adds a motion.
    pub fn add_motion(&mut self, network: &Network, motion: MotionRecord) -> Result<()> {
        self.add_one(network, |b| b.motions.push(motion))
    }

    /// Casts a ballot: the voter must be in the motion's electorate as of its decision day and
    /// must not have voted on it (nor anyone of their household, when households vote). The
    /// same ballot cast twice is one; a different second ballot is an error. On a secret
    /// motion, whose choices are not kept, a ballot sent again is recognised by its voter,
    /// presence, proxy and time.
    pub fn cast(&mut self, network: &Network, ballot: BallotRecord) -> Result<()> {
        self.add_one(network, |b| b.ballots.push(ballot))
    }

    /// Merges ballots and attendance recorded offline (on phones) in any order: each is
    /// checked like [`cast`](Self::cast) and [`attend`](Self::attend); one already held is
    /// counted as repeated; a second, different ballot of a voter (or household) is refused
    /// and reported, the first one received kept. Nothing else stops the merge, and a
    /// record that cannot be taken at all (an unknown motion, an ineligible voter) is reported
    /// with its problem.
    ///
    /// ```
    /// let net = quanyu::synth::community(3)?;
    /// let mut book = quanyu::collab::synth::collaboration(&net, 3)?;
    /// let motion = book.motions()[0].id.clone();
    /// let held = book.ballots(&motion)?;
    /// let report = book.merge(&net, held.clone(), Vec::new())?;
    /// assert_eq!(report.repeated, held.len() as u64);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn merge(
        &mut self,
        network: &Network,
        ballots: Vec<BallotRecord>,
        attendance: Vec<AttendanceRecord>,
    ) -> Result<BallotMerge> {
        check::merge(self, network, ballots, attendance)
    }
}
