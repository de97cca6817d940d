//! Seeded synthetic collaboration for a synthetic city: per subdistrict, the council and its
//! rotation, the six links with their evidence, the ten governance projects with pledges and
//! milestones, joint meetings with attendance and follow-up work, forums, topics and motions
//! with ballots — and a few deliberate gaps, so that every report has something to find.

use chrono::{Datelike, Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{
    ActionRecord, AgendaItemRecord, AttachmentRecord, AttendanceRecord, BallotRecord, Carriage,
    CarriageRecord, Choice, CollabRecords, Collaboration, EvidenceKind, EvidenceRecord,
    ForumRecord, LinkKind, LinkRecord, MeetingKind, MeetingRecord, MilestoneRecord, MotionRecord,
    OwnerRecord, PledgeKind, PledgeRecord, ProjectRecord, ProjectStatus, Raiser,
    RepresentativeRecord, Seat, SeatRecord, TopicRecord, WorkKind,
};
use crate::model::levels::{AREA, COMPOUND, SUBDISTRICT};
use crate::synth::REFERENCE_DATE;
use crate::venues::VenueKind;
use crate::{Network, OrganisationKind, Person, Result, TaskCategory, Unit};

/// The ten governance projects of a subdistrict: the five the seed names, and five more in
/// the same spirit.
pub const GOVERNANCE_PROJECTS: [&str; 10] = [
    "党建引领善治街区",
    "园区企业服务直通车",
    "楼委共智汇",
    "精英汇人才服务",
    "筑梦汇创业就业",
    "红色物业提质",
    "邻里守望互助",
    "乐龄幸福食堂",
    "青少年成长驿站",
    "平安楼道共治",
];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(REFERENCE_DATE)
}

/// A synthetic collaboration for `network` (a synthetic city or any network with
/// subdistricts, working committees and alliance members), the same for the same network and
/// seed.
///
/// ```
/// let net = quanyu::synth::community(1)?;
/// let a = quanyu::collab::synth::collaboration(&net, 1)?;
/// let b = quanyu::collab::synth::collaboration(&net, 1)?;
/// assert_eq!(a, b);
/// assert!(a.links().len() > 10 && a.projects().len() == 10 && !a.motions().is_empty());
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn collaboration(network: &Network, seed: u64) -> Result<Collaboration> {
    let mut batch = CollabRecords::default();
    let Ok(subdistricts) = network.units_by_level(SUBDISTRICT) else {
        return Ok(Collaboration::new());
    };
    let subdistricts: Vec<&Unit> = subdistricts.collect();
    for (index, s) in subdistricts.iter().enumerate() {
        let mut rng =
            ChaCha8Rng::seed_from_u64(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        Subdistrict::new(network, s)?.fill(&mut batch, &mut rng)?;
    }
    // Through `apply`, not `load`: every synthetic ballot is checked against the register.
    let mut book = Collaboration::new();
    book.apply(network, batch)?;
    Ok(book)
}

/// What one subdistrict offers the generator.
struct Subdistrict<'n> {
    net: &'n Network,
    id: &'n str,
    wc: Option<String>,
    members: Vec<String>,
    branches: Vec<String>,
    areas: Vec<&'n Unit>,
    /// Residents holding a post or membership: the people who attend meetings.
    cadres: Vec<&'n Person>,
}

impl<'n> Subdistrict<'n> {
    fn new(net: &'n Network, s: &'n Unit) -> Result<Self> {
        let orgs = net.organisations_at(&s.id)?;
        let wc = orgs
            .iter()
            .find(|o| o.kind == OrganisationKind::WorkingCommittee)
            .map(|o| o.id.to_string());
        let (mut members, mut branches) = (Vec::new(), Vec::new());
        if let Some(wc) = &wc {
            for o in net.child_organisations(wc)? {
                match o.kind {
                    OrganisationKind::AllianceMember => members.push(o.id.to_string()),
                    OrganisationKind::GeneralBranch => branches.push(o.id.to_string()),
                    _ => {}
                }
            }
        }
        members.sort();
        branches.sort();
        let areas: Vec<&Unit> = net
            .units_in(&s.id, AREA)
            .map(Iterator::collect)
            .unwrap_or_default();
        let mut cadres: Vec<&Person> = Vec::new();
        if let Some(wc) = &wc {
            let day = REFERENCE_DATE;
            for m in net
                .members(wc, day, crate::Scope::Subtree)?
                .into_iter()
                .take(400)
            {
                cadres.push(net.person(&m.id)?);
            }
        }
        Ok(Subdistrict {
            net,
            id: &s.id,
            wc,
            members,
            branches,
            areas,
            cadres,
        })
    }

    fn fill(&self, b: &mut CollabRecords, rng: &mut ChaCha8Rng) -> Result<()> {
        let Some(wc) = self.wc.clone() else {
            return Ok(());
        };
        self.council(b, &wc);
        let projects = self.projects(b, rng, &wc);
        let meetings = self.meetings(b, rng, &wc);
        self.links(b, rng, &wc, &projects, &meetings);
        self.carriages(b)?;
        self.deliberation(b, rng, &meetings)?;
        Ok(())
    }

    fn council(&self, b: &mut CollabRecords, wc: &str) {
        let m = &self.members;
        // Terms of three years: the working committee sits in every term.
        for (from, to) in [(2021, 2023), (2024, 2026)] {
            let seat = SeatRecord::new(self.id, wc, Seat::Member, ymd(from, 1, 1));
            b.seats.push(seat.until(ymd(to, 12, 31)));
        }
        if let Some(first) = m.first() {
            b.seats.push(
                SeatRecord::new(self.id, first, Seat::Chair, ymd(2021, 1, 1))
                    .until(ymd(2023, 12, 31)),
            );
        }
        if let Some(second) = m.get(1).or(m.first()) {
            b.seats.push(
                SeatRecord::new(self.id, second, Seat::Chair, ymd(2024, 1, 1))
                    .until(ymd(2026, 12, 31)),
            );
        }
        if let Some(third) = m.get(2) {
            b.seats.push(
                SeatRecord::new(self.id, third, Seat::ViceChair, ymd(2024, 1, 1))
                    .until(ymd(2026, 12, 31)),
            );
        }
        for o in m.iter().skip(3) {
            b.seats.push(
                SeatRecord::new(self.id, o, Seat::Member, ymd(2024, 1, 1)).until(ymd(2026, 12, 31)),
            );
        }
    }

    /// The ten projects; returns their ids.
    fn projects(&self, b: &mut CollabRecords, rng: &mut ChaCha8Rng, wc: &str) -> Vec<String> {
        let mut ids = Vec::new();
        let tasks: Vec<String> = self
            .net
            .tasks()
            .filter(|t| {
                self.net
                    .task_unit(&t.id)
                    .ok()
                    .flatten()
                    .is_some_and(|u| self.net.is_ancestor(self.id, &u.id).unwrap_or(false))
            })
            .map(|t| t.id.to_string())
            .collect();
        for (k, name) in GOVERNANCE_PROJECTS.iter().enumerate() {
            let id = format!("{}-PJ{:02}", self.id, k + 1);
            let owner = if k % 3 == 0 || self.members.is_empty() {
                wc.to_owned()
            } else {
                self.members[k % self.members.len()].clone()
            };
            let status = match k {
                8 => ProjectStatus::Completed,
                9 => ProjectStatus::Planned,
                _ => ProjectStatus::Active,
            };
            let start = ymd(2023 + (k % 2) as i32, 1 + (k % 12) as u32, 1);
            b.projects
                .push(ProjectRecord::new(&id, *name, &owner, start).status(status));
            for (j, adopter) in self.members.iter().enumerate() {
                if *adopter == owner || (j + k) % 3 != 0 {
                    continue;
                }
                let kind =
                    [PledgeKind::Money, PledgeKind::People, PledgeKind::Service][(j + k) % 3];
                let mut p = PledgeRecord::new(&id, adopter, kind);
                p.amount = match kind {
                    PledgeKind::Money => Some(rng.random_range(5..50) * 1000),
                    PledgeKind::People => Some(rng.random_range(2..12)),
                    _ => None,
                };
                p.description = format!("{name}：{kind}");
                b.pledges.push(p);
            }
            for (n, (label, months)) in [("启动", 1u32), ("中期评估", 6), ("总结验收", 12)]
                .iter()
                .enumerate()
            {
                let due = start
                    .checked_add_months(chrono::Months::new(*months))
                    .unwrap_or(start);
                let mut m = MilestoneRecord::new(&id, *label, due);
                // The last milestone of every third project is late: roll-ups find it overdue.
                if due <= REFERENCE_DATE && !(n == 2 && k % 3 == 1) {
                    m.done = Some(due);
                }
                b.milestones.push(m);
            }
            if let Some(t) = tasks.get(k) {
                b.attachments
                    .push(AttachmentRecord::new(&id, WorkKind::KeyTask, t));
            }
            ids.push(id);
        }
        ids
    }

    /// Joint meetings, round tables and council meetings over the year before the reference
    /// day; returns their ids.
    fn meetings(&self, b: &mut CollabRecords, rng: &mut ChaCha8Rng, wc: &str) -> Vec<String> {
        let kinds = [
            MeetingKind::Council,
            MeetingKind::Joint,
            MeetingKind::RoundTable,
            MeetingKind::Joint,
        ];
        let mut ids = Vec::new();
        for (k, kind) in kinds.into_iter().enumerate() {
            let id = format!("{}-MT{:02}", self.id, k + 1);
            let day = REFERENCE_DATE - Days::new(60 + 80 * k as u64);
            let start = day.and_hms_opt(14, 30, 0).unwrap_or_default();
            let title = match kind {
                MeetingKind::Council => "全域党建理事会季度会议",
                MeetingKind::RoundTable => "圆桌赋能会：停车与加装电梯",
                _ => "联席会议：街区环境整治",
            };
            b.meetings
                .push(MeetingRecord::new(&id, kind, wc, start).title(title));
            // Every other member attends, represented by a cadre.
            for (j, org) in self.members.iter().enumerate() {
                if (j + k) % 2 == 1 {
                    continue;
                }
                if let Some(p) = self.cadres.get((j * 7 + k) % self.cadres.len().max(1)) {
                    let a = AttendanceRecord::new(&id, p.id.as_str()).on_behalf_of(org);
                    if !b
                        .attendance
                        .iter()
                        .any(|x| x.meeting == a.meeting && x.person == a.person)
                    {
                        b.attendance.push(a);
                    }
                }
            }
            for (n, item) in ["通报上期事项", "议定本期事项"].iter().enumerate() {
                b.agenda
                    .push(AgendaItemRecord::new(&id, n as u32 + 1, *item));
            }
            if let (Some(owner), Some(area)) = (
                self.cadres.get(k),
                self.areas.get(k % self.areas.len().max(1)),
            ) {
                let work = if k % 2 == 0 {
                    WorkKind::KeyTask
                } else {
                    WorkKind::Event
                };
                let mut a = ActionRecord::new(
                    format!("{id}-A1"),
                    &id,
                    work,
                    area.id.as_str(),
                    owner.id.as_str(),
                    rng.random_range(3..15),
                );
                a.title = format!("{title}：落实事项");
                if work == WorkKind::KeyTask {
                    a.task_category = Some(TaskCategory::StreetBlock);
                } else {
                    a.event_category = Some("environment".into());
                }
                b.actions.push(a);
            }
            ids.push(id);
        }
        ids
    }

    fn links(
        &self,
        b: &mut CollabRecords,
        rng: &mut ChaCha8Rng,
        wc: &str,
        projects: &[String],
        meetings: &[String],
    ) {
        let n = self.members.len();
        for (k, from) in self.members.iter().enumerate() {
            // The last member holds no link: the report's first gap.
            if n > 1 && k == n - 1 {
                continue;
            }
            let to = if k % 2 == 0 || self.branches.is_empty() {
                wc.to_owned()
            } else {
                self.branches[k % self.branches.len()].clone()
            };
            let count = rng.random_range(2..=5);
            for (j, kind) in LinkKind::ALL
                .iter()
                .copied()
                .enumerate()
                .skip(k % 3)
                .take(count)
            {
                let id = format!("{}-LK{:02}{}", self.id, k + 1, j + 1);
                let start = ymd(2021 + (j % 3) as i32, 3, 1);
                b.links.push(LinkRecord::new(&id, kind, from, &to, start));
                let evidence = match kind {
                    LinkKind::JointBuilding | LinkKind::SharedVenues => {
                        let doc = format!("共建协议〔{}〕{}号", start.year(), k * 10 + j + 1);
                        // Every fourth member's agreement ran out last year.
                        let end = (k % 4 == 3).then(|| ymd(2023, 12, 31));
                        Some(
                            EvidenceRecord::new(&id, EvidenceKind::Agreement, doc)
                                .valid(start, end),
                        )
                    }
                    LinkKind::SharedResources => projects
                        .get((k + j) % projects.len().max(1))
                        .map(|p| EvidenceRecord::new(&id, EvidenceKind::Project, p)),
                    LinkKind::JointConsultation => meetings
                        .get(k % meetings.len().max(1))
                        .map(|m| EvidenceRecord::new(&id, EvidenceKind::Meeting, m)),
                    // 队伍联管 links carry no record, and 项目联认 stand on the projects alone.
                    LinkKind::JointTeams | LinkKind::ProjectAdoption => None,
                };
                b.evidence.extend(evidence);
            }
        }
    }

    fn carriages(&self, b: &mut CollabRecords) -> Result<()> {
        for (k, c) in self.net.units_in(self.id, COMPOUND)?.enumerate() {
            let start = ymd(2020 + (k % 4) as i32, 1, 1);
            let id = c.id.as_str();
            if k % 7 != 3 {
                b.carriages.push(CarriageRecord::new(
                    id,
                    Carriage::ResidentsCommittee,
                    format!("{}居委会", c.name),
                    start,
                ));
            }
            if k % 3 != 1 {
                b.carriages.push(CarriageRecord::new(
                    id,
                    Carriage::OwnersCommittee,
                    format!("{}业委会", c.name),
                    start,
                ));
            }
            if k % 5 != 2 {
                let mut p = CarriageRecord::new(
                    id,
                    Carriage::PropertyManagement,
                    format!("物业公司{}", k % 9 + 1),
                    start,
                );
                p.red = k % 2 == 0;
                b.carriages.push(p);
            }
        }
        Ok(())
    }

    fn deliberation(
        &self,
        b: &mut CollabRecords,
        rng: &mut ChaCha8Rng,
        meetings: &[String],
    ) -> Result<()> {
        let online = format!("{}-FO00", self.id);
        b.forums
            .push(ForumRecord::new(&online, self.id, VenueKind::OnlineHall).name("网上议事厅"));
        let decided = REFERENCE_DATE - Days::new(20);
        let at = decided.and_hms_opt(10, 0, 0).unwrap_or_default();
        for (k, area) in self.areas.iter().enumerate().take(3) {
            let forum = format!("{}-FO{:02}", self.id, k + 1);
            let kind = [
                VenueKind::CommunityPavilion,
                VenueKind::BuildingCourtyard,
                VenueKind::ParkHall,
            ][k];
            b.forums.push(
                ForumRecord::new(&forum, area.id.as_str(), kind)
                    .name(format!("{}议事平台", area.name)),
            );
            let residents = self.net.residents(&area.id)?;
            let adults: Vec<&Person> = residents
                .into_iter()
                .filter(|p| p.moved_out.is_none() && p.age_on(decided).is_some_and(|a| a >= 18))
                .collect();
            let raiser = adults.first().map(|p| p.id.to_string()).unwrap_or_default();
            let (raised_by, raiser) = if raiser.is_empty() {
                (Raiser::ThinkTank, String::new())
            } else {
                (Raiser::Resident, raiser)
            };
            let topic = format!("{forum}-T1");
            let title = ["加装电梯", "停车位改造", "园区通勤班车"][k];
            b.topics.push(TopicRecord::new(
                &topic,
                &forum,
                title,
                raised_by,
                raiser,
                decided - Days::new(40),
            ));
            b.topics.push(TopicRecord::new(
                format!("{forum}-T2"),
                &forum,
                "社区食堂选址",
                Raiser::ThinkTank,
                "",
                decided - Days::new(30),
            ));
            for p in adults.iter().take(5) {
                b.representatives.push(RepresentativeRecord::new(
                    &forum,
                    p.id.as_str(),
                    ymd(2023, 1, 1),
                ));
            }
            let procedure = [
                "residents_meeting",
                "household_meeting",
                "villagers_assembly",
            ][k];
            let motion = format!("{forum}-MO1");
            let mut m =
                MotionRecord::new(&motion, format!("关于{title}的议案"), procedure, decided)
                    .forum(&forum)
                    .topic(&topic);
            // The villagers' assembly gets its ten days' notice; the second forum's vote is open.
            if k == 2 {
                m = m.notice(decided - Days::new(12));
            }
            if k == 1 {
                m = m.open();
            }
            b.motions.push(m);
            // Turnout: high in the first forum, low in the second (no quorum), middling after.
            let turnout = [0.7, 0.3, 0.55][k];
            let mut households = std::collections::HashSet::new();
            for p in &adults {
                if !rng.random_bool(turnout) {
                    continue;
                }
                if procedure == "household_meeting" {
                    let home = self
                        .net
                        .home(&p.id)?
                        .map(|h| h.id.to_string())
                        .unwrap_or_default();
                    if !households.insert(home) {
                        continue;
                    }
                }
                let choice = match rng.random_range(0..10) {
                    0..=6 => Choice::For,
                    7 | 8 => Choice::Against,
                    _ => Choice::Abstain,
                };
                let mut ballot = BallotRecord::new(&motion, p.id.as_str(), choice, at);
                if rng.random_bool(0.3) {
                    ballot = ballot.online();
                }
                b.ballots.push(ballot);
            }
            if k == 0 {
                for p in adults.iter().take(3) {
                    if let Some(home) = self.net.home(&p.id)? {
                        b.owners.push(OwnerRecord::new(
                            p.id.as_str(),
                            home.id.as_str(),
                            ymd(2018, 6, 1),
                        ));
                    }
                }
            }
        }
        // An open motion at the council meeting, voted by its attendees.
        if let Some(council) = meetings.first() {
            let motion = format!("{council}-MO1");
            b.motions.push(
                MotionRecord::new(
                    &motion,
                    "关于理事会年度共建清单的决定",
                    "residents_meeting",
                    REFERENCE_DATE - Days::new(60),
                )
                .meeting(council)
                .open(),
            );
            let present: Vec<String> = b
                .attendance
                .iter()
                .filter(|a| &a.meeting == council)
                .map(|a| a.person.clone())
                .collect();
            for (j, p) in present.iter().enumerate() {
                let choice = if j % 5 == 4 {
                    Choice::Abstain
                } else {
                    Choice::For
                };
                let at = (REFERENCE_DATE - Days::new(60))
                    .and_hms_opt(15, 0, 0)
                    .unwrap_or_default();
                b.ballots.push(BallotRecord::new(&motion, p, choice, at));
            }
        }
        Ok(())
    }
}
