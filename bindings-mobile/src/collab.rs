//! Working together (六联六治) for the apps: a [`Collaboration`] book beside the [`Network`] —
//! the six links, the council and the three carriages, governance projects, joint meetings
//! and their follow-up work, forums, motions and ballots — that a phone keeps offline
//! (recording attendance and ballots) and that syncs into the server's book by merging, in
//! any order and as often as it likes, like the events log.

use std::sync::{Arc, Mutex, PoisonError};

use quanyu::collab as core;

use crate::declared::{
    ActionRecord, AdopterRollup, AgendaItemRecord, AttachmentRecord, AttendanceRecord, BallotMerge,
    BallotRecord, CarriageRecord, CompoundCarriages, CouncilReport, Cx, EvidenceRecord, FollowUps,
    ForumRecord, LinkKindRollup, LinkRecord, MeetingRecord, MilestoneRecord, MotionRecord,
    OwnerRecord, PledgeRecord, Problems, ProcedureRecord, ProjectRecord, ProjectRollup,
    RepresentativeRecord, SeatRecord, SecretCount, SixLinksReport, Tally, TopicRecord, Wire, all,
    read,
};
use crate::error::{Problem, QuanyuError, Result};
use crate::events::{EventBook, WorkCalendar};
use crate::network::Network;
use crate::types::IsoDate;
use crate::venues::Menu;

/// Declares [`CollabRecords`], the app's form of the core's tables, and its conversions: one
/// line per table, so that a table cannot be left out of one direction.
macro_rules! tables {
    ($($(#[$doc:meta])* $name:ident: $ffi:ident => $core:ty,)*) => {
        /// The tables of a [`Collaboration`] as plain records: what `apply` takes (any table
        /// may be left empty) and `records` gives back.
        ///
        /// ```kotlin
        /// book.apply(net, CollabRecords(forums = listOf(forum), motions = listOf(motion)))
        /// ```
        #[derive(Debug, Clone, PartialEq, Default, uniffi::Record)]
        pub struct CollabRecords {
            $(
                $(#[$doc])*
                #[uniffi(default)]
                pub $name: Vec<$ffi>,
            )*
        }

        impl Wire for core::CollabRecords {
            type Ffi = CollabRecords;

            fn to_ffi(&self, cx: &Cx<'_>) -> CollabRecords {
                CollabRecords {
                    $($name: all(&self.$name, cx),)*
                }
            }

            fn from_ffi(ffi: CollabRecords, problems: &mut Problems) -> Option<Self> {
                // Every table is read, so that one call reports every bad field.
                $(
                    problems.enter(stringify!($name));
                    let $name = <Vec<$core> as Wire>::from_ffi(ffi.$name, problems);
                    problems.leave();
                )*
                Some(core::CollabRecords {
                    $($name: $name?,)*
                })
            }
        }
    };
}

tables! {
    /// Procedures (beyond the statutory presets, which every book holds).
    procedures: ProcedureRecord => core::ProcedureRecord,
    /// Links between organisations.
    links: LinkRecord => core::LinkRecord,
    /// Evidence of links.
    evidence: EvidenceRecord => core::EvidenceRecord,
    /// Council seats.
    seats: SeatRecord => core::SeatRecord,
    /// The bodies serving compounds (the three carriages).
    carriages: CarriageRecord => core::CarriageRecord,
    /// Governance projects.
    projects: ProjectRecord => core::ProjectRecord,
    /// Pledges of adopting organisations.
    pledges: PledgeRecord => core::PledgeRecord,
    /// Project milestones.
    milestones: MilestoneRecord => core::MilestoneRecord,
    /// Key tasks and events attached to projects.
    attachments: AttachmentRecord => core::AttachmentRecord,
    /// Deliberation forums.
    forums: ForumRecord => core::ForumRecord,
    /// Topics raised in forums.
    topics: TopicRecord => core::TopicRecord,
    /// Meetings.
    meetings: MeetingRecord => core::MeetingRecord,
    /// Who attended which meeting.
    attendance: AttendanceRecord => core::AttendanceRecord,
    /// Agenda items.
    agenda: AgendaItemRecord => core::AgendaItemRecord,
    /// Follow-up actions decided at meetings.
    actions: ActionRecord => core::ActionRecord,
    /// The owners' register.
    owners: OwnerRecord => core::OwnerRecord,
    /// Forum representatives.
    representatives: RepresentativeRecord => core::RepresentativeRecord,
    /// Motions.
    motions: MotionRecord => core::MotionRecord,
    /// Ballots (a secret motion's hold no choice once stored).
    ballots: BallotRecord => core::BallotRecord,
    /// The counts of secret motions, whose ballots hold no choice.
    secret_counts: SecretCount => core::SecretCount,
}

/// The links, council, carriages, projects, meetings and deliberation of a network (the core's
/// `quanyu::collab::Collaboration`). Every reference is checked against the [`Network`] passed
/// to the call, and every addition is all or nothing: a bad record is a
/// `QuanyuException.Validation` naming its id and field, and changes nothing.
///
/// Offline on a phone: open a copy of the server's book with `fromJson`, record attendance
/// (`attend`) and ballots (`cast`), each checked on the spot; at sync, send the attendance and
/// the ballots as cast to the server, which takes them with `merge`, in any order and as often
/// as it likes. A secret motion's stored ballots keep no choice, so the app keeps the ballots
/// it cast until they are merged.
///
/// Thread-safe: calls on one book wait for each other.
///
/// ```kotlin
/// val phone = Collaboration.fromJson(net, serverJson)
/// phone.cast(net, BallotRecord(motion = "M", voter = "P-1", presence = Presence.IN_PERSON,
///     choice = Choice.FOR, cast = LocalDateTime.of(2025, 3, 20, 10, 0)))
/// ```
#[derive(Debug, uniffi::Object)]
pub struct Collaboration {
    inner: Mutex<core::Collaboration>,
}

impl Collaboration {
    fn wrap(book: core::Collaboration) -> Arc<Self> {
        Arc::new(Collaboration {
            inner: Mutex::new(book),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut core::Collaboration) -> T) -> T {
        f(&mut self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Adds the record `value` (read as the argument `name`) with `add`, against `network`.
    fn add<T: Wire>(
        &self,
        network: &Network,
        name: &'static str,
        value: T::Ffi,
        add: impl FnOnce(&mut core::Collaboration, &quanyu::Network, T) -> quanyu::Result<()>,
    ) -> Result<()> {
        let value: T = read(name, value)?;
        let net = network.read();
        Ok(self.with(|b| add(b, &net, value))?)
    }
}

/// A whole number of years, at least 1.
fn years(n: i32, name: &str) -> Result<u32> {
    u32::try_from(n)
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| QuanyuError::invalid(name, format!("must be at least 1, got {n}")))
}

#[uniffi::export]
impl Collaboration {
    /// An empty book holding the statutory procedure presets (`villagers_assembly`,
    /// `representatives_assembly`, `residents_meeting`, `household_meeting`).
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Collaboration::wrap(core::Collaboration::new())
    }

    /// A book from `toJson`'s text (what a server sends to a phone), every record checked
    /// against `network`; text that is not a book is a `QuanyuException.InvalidArgument`.
    #[uniffi::constructor]
    pub fn from_json(network: Arc<Network>, json: String) -> Result<Arc<Self>> {
        let net = network.read();
        Ok(Collaboration::wrap(core::Collaboration::from_json(
            &net, &json,
        )?))
    }

    /// A book of records checked against `network` (the presets come with it).
    #[uniffi::constructor]
    pub fn load(network: Arc<Network>, records: CollabRecords) -> Result<Arc<Self>> {
        let records: core::CollabRecords = read("records", records)?;
        let net = network.read();
        Ok(Collaboration::wrap(core::Collaboration::load(
            &net, records,
        )?))
    }

    /// A seeded synthetic book for a synthetic network (`quanyu::collab::synth::collaboration`):
    /// the council and its rotation, the six links with evidence, ten projects, meetings,
    /// forums, motions and ballots, with a few deliberate gaps. The same for the same network
    /// and seed.
    #[uniffi::constructor]
    pub fn synthetic(network: Arc<Network>, seed: i64) -> Result<Arc<Self>> {
        // Any i64 is a seed: its bits are the core's u64 seed.
        let book = core::synth::collaboration(&network.read(), seed as u64)?;
        Ok(Collaboration::wrap(book))
    }

    /// The book as JSON, every table: for storage, and for a phone's copy. Secret motions
    /// hold counts, never choices.
    pub fn to_json(&self) -> Result<String> {
        Ok(self.with(|b| b.to_json())?)
    }

    /// Every table as records, ballots and secret counts included: what `load` takes back to
    /// the same book.
    pub fn records(&self) -> CollabRecords {
        self.with(|b| b.records()).to_ffi(&Cx::default())
    }

    /// Takes a batch of records, each reference checked against `network`, the book and the
    /// batch itself, each ballot against the register: all of them, or (with a
    /// `QuanyuException.Validation` listing every problem) none. A record equal to one held is
    /// taken as already there.
    pub fn apply(&self, network: Arc<Network>, records: CollabRecords) -> Result<()> {
        self.add(&network, "records", records, core::Collaboration::apply)
    }

    /// Adds a procedure.
    pub fn add_procedure(&self, network: Arc<Network>, procedure: ProcedureRecord) -> Result<()> {
        self.add(
            &network,
            "procedure",
            procedure,
            core::Collaboration::add_procedure,
        )
    }

    /// Adds a link between organisations.
    pub fn add_link(&self, network: Arc<Network>, link: LinkRecord) -> Result<()> {
        self.add(&network, "link", link, core::Collaboration::add_link)
    }

    /// Adds evidence for a link.
    pub fn add_evidence(&self, network: Arc<Network>, evidence: EvidenceRecord) -> Result<()> {
        self.add(
            &network,
            "evidence",
            evidence,
            core::Collaboration::add_evidence,
        )
    }

    /// Adds a council seat.
    pub fn add_seat(&self, network: Arc<Network>, seat: SeatRecord) -> Result<()> {
        self.add(&network, "seat", seat, core::Collaboration::add_seat)
    }

    /// Adds a body serving a compound (residents' committee, owners' committee, property
    /// company).
    pub fn add_carriage(&self, network: Arc<Network>, carriage: CarriageRecord) -> Result<()> {
        self.add(
            &network,
            "carriage",
            carriage,
            core::Collaboration::add_carriage,
        )
    }

    /// Adds a governance project.
    pub fn add_project(&self, network: Arc<Network>, project: ProjectRecord) -> Result<()> {
        self.add(
            &network,
            "project",
            project,
            core::Collaboration::add_project,
        )
    }

    /// Adds a pledge of an adopting organisation.
    pub fn add_pledge(&self, network: Arc<Network>, pledge: PledgeRecord) -> Result<()> {
        self.add(&network, "pledge", pledge, core::Collaboration::add_pledge)
    }

    /// Adds a deliberation forum.
    pub fn add_forum(&self, network: Arc<Network>, forum: ForumRecord) -> Result<()> {
        self.add(&network, "forum", forum, core::Collaboration::add_forum)
    }

    /// Adds a meeting.
    pub fn add_meeting(&self, network: Arc<Network>, meeting: MeetingRecord) -> Result<()> {
        self.add(
            &network,
            "meeting",
            meeting,
            core::Collaboration::add_meeting,
        )
    }

    /// Records that a person attended a meeting; the same attendance twice is one.
    pub fn attend(&self, network: Arc<Network>, attendance: AttendanceRecord) -> Result<()> {
        self.add(
            &network,
            "attendance",
            attendance,
            core::Collaboration::attend,
        )
    }

    /// Adds a motion.
    pub fn add_motion(&self, network: Arc<Network>, motion: MotionRecord) -> Result<()> {
        self.add(&network, "motion", motion, core::Collaboration::add_motion)
    }

    /// Casts a ballot: the voter must be in the motion's electorate on its decision day (an
    /// adult living under the forum's unit, say) and must not have voted on it. The same
    /// ballot twice is one; a different second ballot is a `QuanyuException.Validation` naming
    /// the field `voter`. On a secret motion the choice is counted and dropped.
    pub fn cast(&self, network: Arc<Network>, ballot: BallotRecord) -> Result<()> {
        self.add(&network, "ballot", ballot, core::Collaboration::cast)
    }

    /// Merges ballots and attendance recorded offline (a phone's, when it syncs), in any order:
    /// records already held count as `repeated`; a voter's (or household's) second, different
    /// ballot is refused and listed in `refused` (without its choice on a secret motion), the
    /// first received kept; a record that cannot be taken at all is listed in `rejected` with
    /// its problem. Nothing else stops the merge.
    pub fn merge(
        &self,
        network: Arc<Network>,
        ballots: Vec<BallotRecord>,
        attendance: Vec<AttendanceRecord>,
    ) -> Result<BallotMerge> {
        let ballots: Vec<core::BallotRecord> = read("ballots", ballots)?;
        let attendance: Vec<core::AttendanceRecord> = read("attendance", attendance)?;
        let net = network.read();
        Ok(self
            .with(|b| b.merge(&net, ballots, attendance))?
            .to_ffi(&Cx::default()))
    }

    /// The ballots cast on `motion`, by time then voter; a secret motion's hold no choice.
    pub fn ballots(&self, motion: String) -> Result<Vec<BallotRecord>> {
        let ballots = self.with(|b| b.ballots(&motion))?;
        Ok(all(&ballots, &Cx::default()))
    }

    /// The result of `motion` on the register of `network` as of its decision day, with the
    /// arithmetic in words.
    pub fn tally(&self, network: Arc<Network>, motion: String) -> Result<Tally> {
        let net = network.read();
        Ok(self
            .with(|b| b.tally(&net, &motion))?
            .to_ffi(&Cx::default()))
    }

    /// The result of every motion, in the order they were added.
    pub fn tallies(&self, network: Arc<Network>) -> Result<Vec<Tally>> {
        let net = network.read();
        Ok(all(&self.with(|b| b.tallies(&net))?, &Cx::default()))
    }

    /// What the book names on `menu` that the menu lacks: venues and bookings given as
    /// evidence, pledged venues (which the pledging organisation must offer), meetings' and
    /// forums' venues; empty when every reference holds.
    pub fn check_menu(&self, menu: Arc<Menu>) -> Vec<Problem> {
        let book = self.with(|b| b.clone());
        let problems = book.check_menu(&menu.read());
        problems.into_iter().map(Problem::from).collect()
    }

    /// The events attached to projects that `events` does not hold; empty when every one is
    /// there.
    pub fn check_events(&self, events: Arc<EventBook>) -> Vec<Problem> {
        let book = self.with(|b| b.clone());
        events
            .with_log(|log| book.check_events(log))
            .into_iter()
            .map(Problem::from)
            .collect()
    }

    /// The six links on `as_of`: each alliance member's kinds held and missing, every link
    /// with its evidence, and the gaps. With `menu`, venues and bookings named as evidence are
    /// checked on it; without, they count as current.
    #[uniffi::method(default(menu = None))]
    pub fn six_links(
        &self,
        network: Arc<Network>,
        as_of: IsoDate,
        menu: Option<Arc<Menu>>,
    ) -> Result<SixLinksReport> {
        let as_of = as_of.parse("as_of")?;
        let net = network.read();
        let book = self.with(|b| b.clone());
        let report = match menu {
            Some(m) => book.six_links(&net, as_of, Some(&*m.read()))?,
            None => book.six_links(&net, as_of, None)?,
        };
        Ok(report.to_ffi(&Cx::default()))
    }

    /// The links of each kind on `as_of`: how many, running, and running with current
    /// evidence (checked on `menu` when given).
    #[uniffi::method(default(menu = None))]
    pub fn links_by_kind(
        &self,
        as_of: IsoDate,
        menu: Option<Arc<Menu>>,
    ) -> Result<Vec<LinkKindRollup>> {
        let as_of = as_of.parse("as_of")?;
        let book = self.with(|b| b.clone());
        let rollup = match menu {
            Some(m) => book.links_by_kind(as_of, Some(&*m.read())),
            None => book.links_by_kind(as_of, None),
        };
        Ok(all(&rollup, &Cx::default()))
    }

    /// The council of `unit` on `as_of`: chair, vice-chairs, members, the rotation of chairs,
    /// and its problems (a term longer than `max_term_years`, at least 1, among them).
    pub fn council(
        &self,
        network: Arc<Network>,
        unit: String,
        as_of: IsoDate,
        max_term_years: i32,
    ) -> Result<CouncilReport> {
        let as_of = as_of.parse("as_of")?;
        let max = years(max_term_years, "max_term_years")?;
        let net = network.read();
        Ok(self
            .with(|b| b.council(&net, &unit, as_of, max))?
            .to_ffi(&Cx::default()))
    }

    /// The three carriages (三驾马车) of every compound on `as_of`, with the Party organisation
    /// coordinating them and what is missing.
    pub fn carriages_on(
        &self,
        network: Arc<Network>,
        as_of: IsoDate,
    ) -> Result<Vec<CompoundCarriages>> {
        let as_of = as_of.parse("as_of")?;
        let net = network.read();
        Ok(all(
            &self.with(|b| b.carriages_on(&net, as_of))?,
            &Cx::default(),
        ))
    }

    /// Every project on `as_of`: adopters, pledges, milestones reached and overdue, the key
    /// tasks and events attached; in the order the projects were added.
    pub fn projects_rollup(&self, as_of: IsoDate) -> Result<Vec<ProjectRollup>> {
        let as_of = as_of.parse("as_of")?;
        Ok(all(
            &self.with(|b| b.projects_rollup(as_of)),
            &Cx::default(),
        ))
    }

    /// Every adopting organisation over the projects: projects, pledges, venues, people and
    /// money.
    pub fn adopters_rollup(&self) -> Vec<AdopterRollup> {
        all(&self.with(|b| b.adopters_rollup()), &Cx::default())
    }

    /// The follow-up actions decided at meetings as work: key tasks (to add to the network
    /// with `Change.AddTask`), events (to `report` to an `EventBook`) and each action's owner
    /// and deadline, counted in working days on `calendar` (China's by default). A deadline
    /// outside the calendar's years is an error naming the action.
    #[uniffi::method(default(calendar = None))]
    pub fn follow_ups(
        &self,
        network: Arc<Network>,
        calendar: Option<Arc<WorkCalendar>>,
    ) -> Result<FollowUps> {
        let calendar = match calendar {
            Some(c) => c.get(),
            None => quanyu::events::WorkCalendar::china(),
        };
        let net = network.read();
        let book = self.with(|b| b.clone());
        Ok(book.follow_ups(&net, &calendar)?.to_ffi(&Cx::default()))
    }

    /// Every motion and its vote event as Popolo JSON text (`{"motions": [...],
    /// "vote_events": [...]}`): a secret vote event lists counts and no votes.
    pub fn to_popolo(&self, network: Arc<Network>) -> Result<String> {
        let net = network.read();
        Ok(self.with(|b| b.to_popolo(&net))?.to_string())
    }

    /// The procedures: the presets, then those added.
    pub fn procedures(&self) -> Vec<ProcedureRecord> {
        self.with(|b| all(b.procedures(), &Cx::default()))
    }

    /// The links.
    pub fn links(&self) -> Vec<LinkRecord> {
        self.with(|b| all(b.links(), &Cx::default()))
    }

    /// The evidence of links.
    pub fn evidence(&self) -> Vec<EvidenceRecord> {
        self.with(|b| all(b.evidence(), &Cx::default()))
    }

    /// The council seats.
    pub fn seats(&self) -> Vec<SeatRecord> {
        self.with(|b| all(b.seats(), &Cx::default()))
    }

    /// The bodies serving compounds.
    pub fn carriages(&self) -> Vec<CarriageRecord> {
        self.with(|b| all(b.carriages(), &Cx::default()))
    }

    /// The projects.
    pub fn projects(&self) -> Vec<ProjectRecord> {
        self.with(|b| all(b.projects(), &Cx::default()))
    }

    /// The pledges.
    pub fn pledges(&self) -> Vec<PledgeRecord> {
        self.with(|b| all(b.pledges(), &Cx::default()))
    }

    /// The milestones.
    pub fn milestones(&self) -> Vec<MilestoneRecord> {
        self.with(|b| all(b.milestones(), &Cx::default()))
    }

    /// The forums.
    pub fn forums(&self) -> Vec<ForumRecord> {
        self.with(|b| all(b.forums(), &Cx::default()))
    }

    /// The topics.
    pub fn topics(&self) -> Vec<TopicRecord> {
        self.with(|b| all(b.topics(), &Cx::default()))
    }

    /// The meetings.
    pub fn meetings(&self) -> Vec<MeetingRecord> {
        self.with(|b| all(b.meetings(), &Cx::default()))
    }

    /// Who attended which meeting.
    pub fn attendance(&self) -> Vec<AttendanceRecord> {
        self.with(|b| all(b.attendance(), &Cx::default()))
    }

    /// The follow-up actions.
    pub fn actions(&self) -> Vec<ActionRecord> {
        self.with(|b| all(b.actions(), &Cx::default()))
    }

    /// The motions.
    pub fn motions(&self) -> Vec<MotionRecord> {
        self.with(|b| all(b.motions(), &Cx::default()))
    }
}

/// The statutory procedures every book holds: the villagers' assembly, the villagers'
/// representatives' assembly, the residents' meeting and its household form.
#[uniffi::export]
pub fn procedure_presets() -> Vec<ProcedureRecord> {
    all(&core::ProcedureRecord::presets(), &Cx::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_cross_both_ways_and_a_bad_field_is_named() {
        let net = crate::synth_community(7).unwrap();
        let book = Collaboration::synthetic(net.clone(), 7).unwrap();
        let records = book.records();
        assert!(!records.links.is_empty() && !records.ballots.is_empty());
        let again = Collaboration::load(net.clone(), records.clone()).unwrap();
        assert_eq!(again.records(), records);

        let mut procedure = procedure_presets().remove(0);
        procedure.code = "mine".into();
        procedure.quorum_num = -1;
        let batch = CollabRecords {
            procedures: vec![procedure],
            ..CollabRecords::default()
        };
        match book.apply(net, batch) {
            Err(QuanyuError::Validation { problems }) => {
                let named: Vec<(&str, &str)> = problems
                    .iter()
                    .map(|p| (p.id.as_str(), p.field.as_str()))
                    .collect();
                assert_eq!(named, [("mine", "quorum_num")]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(book.procedures().len(), 4);
    }

    #[test]
    fn arguments_out_of_their_domain_are_errors() {
        let net = Network::new();
        let book = Collaboration::new();
        assert!(matches!(
            book.council(net.clone(), "S".into(), "2025-01-01".into(), 0),
            Err(QuanyuError::InvalidArgument { name, .. }) if name == "max_term_years"
        ));
        assert!(matches!(
            book.projects_rollup("2025-13-01".into()),
            Err(QuanyuError::InvalidArgument { name, .. }) if name == "as_of"
        ));
        assert!(matches!(
            Collaboration::from_json(net, "[".into()),
            Err(QuanyuError::InvalidArgument { .. })
        ));
    }
}
