//! Taking a batch of records into a book: every reference checked against the network, the
//! book and the batch, every problem listed by id and field.

use std::collections::{HashMap, HashSet};

use super::vote::{Rule, Seen};
use super::{
    BallotMerge, BallotRecord, CollabRecords, Collaboration, EvidenceKind, MotionRecord,
    PledgeKind, Presence, Raiser, WorkKind,
};
use crate::{Network, Problem, Result};

/// Ids already used in one table, to find a second use.
struct Ids<'a>(HashSet<&'a str>);

impl<'a> Ids<'a> {
    fn of(held: impl Iterator<Item = &'a str>) -> Self {
        Ids(held.collect())
    }

    /// Records `id`, with a problem when it is taken.
    fn take(&mut self, id: &'a str, what: &str, problems: &mut Vec<Problem>) {
        if id.trim().is_empty() {
            problems.push(Problem::new(id, "id", format!("a {what} needs an id")));
        } else if !self.0.insert(id) {
            problems.push(Problem::new(
                id,
                "id",
                format!("another {what} already has this id"),
            ));
        }
    }

    fn has(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

/// A problem with `at`'s `field` when the `what` named `id` is not in the network.
fn require(found: bool, what: &str, id: &str, at: &str, field: &str, out: &mut Vec<Problem>) {
    if !found {
        out.push(Problem::new(
            at,
            field,
            format!("no {what} `{id}` in the network"),
        ));
    }
}

fn organisation(net: &Network, id: &str, at: &str, field: &str, out: &mut Vec<Problem>) {
    require(
        net.organisation(id).is_ok(),
        "organisation",
        id,
        at,
        field,
        out,
    );
}

fn unit(net: &Network, id: &str, at: &str, field: &str, out: &mut Vec<Problem>) {
    require(net.unit(id).is_ok(), "unit", id, at, field, out);
}

fn person(net: &Network, id: &str, at: &str, field: &str, out: &mut Vec<Problem>) {
    require(net.person(id).is_ok(), "person", id, at, field, out);
}

fn span(
    start: chrono::NaiveDate,
    end: Option<chrono::NaiveDate>,
    at: &str,
    out: &mut Vec<Problem>,
) {
    if end.is_some_and(|e| e < start) {
        out.push(Problem::new(
            at,
            "end",
            format!("ends before it starts ({start})"),
        ));
    }
}

fn reference(at: &str, field: &str, what: &str, id: &str, known: bool, out: &mut Vec<Problem>) {
    if !known {
        out.push(Problem::new(at, field, format!("no {what} `{id}`")));
    }
}

/// How ballots are checked: cast live against the register, or restored from storage (checked
/// when they were cast; the tally counts those whose voter has since left the electorate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Live,
    Restore,
}

/// Moves `batch` into `book`, returning every problem found; when there is one, the book is
/// left as it was.
pub(super) fn absorb(
    book: &mut Collaboration,
    net: &Network,
    batch: CollabRecords,
    mode: Mode,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let t = &book.tables;
    // Procedures: an identical one (a preset handed back) is already there.
    let mut procedures: Vec<_> = Vec::new();
    {
        let mut ids = Ids::of(t.procedures.iter().map(|p| p.code.as_str()));
        for p in &batch.procedures {
            if t.procedures.contains(p) {
                continue;
            }
            ids.take(&p.code, "procedure", &mut out);
            let shares = [
                ("quorum_den", p.quorum_num, p.quorum_den),
                ("threshold_den", p.threshold_num, p.threshold_den),
                (
                    "household_quorum_den",
                    p.household_quorum_num,
                    p.household_quorum_den,
                ),
            ];
            for (field, num, den) in shares {
                let unused = field == "household_quorum_den" && num == 0;
                if !unused && (den == 0 || num > den) {
                    out.push(Problem::new(
                        &p.code,
                        field,
                        format!("a share {num}/{den} needs a denominator of at least 1 and the numerator"),
                    ));
                }
            }
            procedures.push(p.clone());
        }
    }
    let procedure_known = |code: &str| {
        t.procedures.iter().any(|p| p.code == code)
            || batch.procedures.iter().any(|p| p.code == code)
    };

    let mut links = Ids::of(t.links.iter().map(|l| l.id.as_str()));
    for l in &batch.links {
        links.take(&l.id, "link", &mut out);
        organisation(net, &l.organisation, &l.id, "organisation", &mut out);
        if net.organisation(&l.partner).is_err() && net.unit(&l.partner).is_err() {
            out.push(Problem::new(
                &l.id,
                "partner",
                format!("no organisation or unit `{}` in the network", l.partner),
            ));
        }
        span(l.start, l.end, &l.id, &mut out);
    }
    let mut projects = Ids::of(t.projects.iter().map(|p| p.id.as_str()));
    for p in &batch.projects {
        projects.take(&p.id, "project", &mut out);
        organisation(net, &p.owner, &p.id, "owner", &mut out);
        span(p.start, p.end, &p.id, &mut out);
    }
    let mut forums = Ids::of(t.forums.iter().map(|f| f.id.as_str()));
    for f in &batch.forums {
        forums.take(&f.id, "forum", &mut out);
        unit(net, &f.unit, &f.id, "unit", &mut out);
        if !f.kind.is_deliberation() {
            out.push(Problem::new(
                &f.id,
                "kind",
                format!("`{}` is no deliberation venue kind (courtyard, pavilion, park hall, online hall)", f.kind),
            ));
        }
    }
    let mut meetings = Ids::of(t.meetings.iter().map(|m| m.id.as_str()));
    for m in &batch.meetings {
        meetings.take(&m.id, "meeting", &mut out);
        organisation(net, &m.organiser, &m.id, "organiser", &mut out);
        if let Some(f) = &m.forum {
            reference(&m.id, "forum", "forum", f, forums.has(f), &mut out);
        }
    }
    for e in &batch.evidence {
        reference(
            &e.link,
            "link",
            "link",
            &e.link,
            links.has(&e.link),
            &mut out,
        );
        let r = e.reference.as_str();
        match e.kind {
            EvidenceKind::Meeting => reference(
                &e.link,
                "reference",
                "meeting",
                r,
                meetings.has(r),
                &mut out,
            ),
            EvidenceKind::Project => reference(
                &e.link,
                "reference",
                "project",
                r,
                projects.has(r),
                &mut out,
            ),
            EvidenceKind::Agreement if r.trim().is_empty() => {
                out.push(Problem::new(
                    &e.link,
                    "reference",
                    "an agreement needs its document number",
                ));
            }
            // Venues and bookings are on the menu: `Collaboration::check_menu` checks them.
            _ => {}
        }
        if let Some(start) = e.start {
            span(start, e.end, &e.link, &mut out);
        }
    }
    for s in &batch.seats {
        unit(net, &s.unit, &s.organisation, "unit", &mut out);
        organisation(
            net,
            &s.organisation,
            &s.organisation,
            "organisation",
            &mut out,
        );
        span(s.start, s.end, &s.organisation, &mut out);
    }
    for c in &batch.carriages {
        unit(net, &c.compound, &c.compound, "compound", &mut out);
        if let Some(o) = &c.organisation {
            organisation(net, o, &c.compound, "organisation", &mut out);
        }
        span(c.start, c.end, &c.compound, &mut out);
    }
    for p in &batch.pledges {
        reference(
            &p.project,
            "project",
            "project",
            &p.project,
            projects.has(&p.project),
            &mut out,
        );
        organisation(net, &p.adopter, &p.project, "adopter", &mut out);
        match p.kind {
            PledgeKind::Venue if p.venue.is_none() => {
                out.push(Problem::new(
                    &p.project,
                    "venue",
                    "a venue pledge names the venue on the menu",
                ));
            }
            PledgeKind::People | PledgeKind::Money if p.amount.is_none() => {
                out.push(Problem::new(
                    &p.project,
                    "amount",
                    format!("a {} pledge needs its amount", p.kind),
                ));
            }
            _ => {}
        }
    }
    let mut milestones: HashSet<(&str, &str)> = t
        .milestones
        .iter()
        .map(|m| (m.project.as_str(), m.name.as_str()))
        .collect();
    for m in &batch.milestones {
        reference(
            &m.project,
            "project",
            "project",
            &m.project,
            projects.has(&m.project),
            &mut out,
        );
        if !milestones.insert((&m.project, &m.name)) {
            out.push(Problem::new(
                &m.project,
                "name",
                format!("milestone `{}` is already there", m.name),
            ));
        }
    }
    for a in &batch.attachments {
        reference(
            &a.project,
            "project",
            "project",
            &a.project,
            projects.has(&a.project),
            &mut out,
        );
        if a.kind == WorkKind::KeyTask && net.task(&a.work).is_err() {
            out.push(Problem::new(
                &a.project,
                "work",
                format!("no key task `{}` in the network", a.work),
            ));
        }
    }
    let mut topics = Ids::of(t.topics.iter().map(|x| x.id.as_str()));
    for x in &batch.topics {
        topics.take(&x.id, "topic", &mut out);
        reference(
            &x.id,
            "forum",
            "forum",
            &x.forum,
            forums.has(&x.forum),
            &mut out,
        );
        match x.raised_by {
            Raiser::Resident => person(net, &x.raiser, &x.id, "raiser", &mut out),
            Raiser::Organisation => organisation(net, &x.raiser, &x.id, "raiser", &mut out),
            Raiser::ThinkTank => {}
        }
    }
    let mut attended: HashMap<(&str, &str), &super::AttendanceRecord> = t
        .attendance
        .iter()
        .map(|a| ((a.meeting.as_str(), a.person.as_str()), a))
        .collect();
    let mut attendance = Vec::new();
    for a in &batch.attendance {
        reference(
            &a.meeting,
            "meeting",
            "meeting",
            &a.meeting,
            meetings.has(&a.meeting),
            &mut out,
        );
        person(net, &a.person, &a.meeting, "person", &mut out);
        if let Some(o) = &a.on_behalf_of {
            organisation(net, o, &a.meeting, "on_behalf_of", &mut out);
        }
        if a.presence == Presence::Proxy {
            out.push(Problem::new(
                &a.meeting,
                "presence",
                "one attends in person or online; proxies cast ballots",
            ));
        }
        match attended.get(&(a.meeting.as_str(), a.person.as_str())) {
            Some(held) if *held == a => {}
            Some(_) => out.push(Problem::new(
                &a.meeting,
                "person",
                format!(
                    "`{}` is already recorded at this meeting, differently",
                    a.person
                ),
            )),
            None => {
                attended.insert((&a.meeting, &a.person), a);
                attendance.push(a.clone());
            }
        }
    }
    let mut agenda: HashSet<(&str, u32)> = t
        .agenda
        .iter()
        .map(|a| (a.meeting.as_str(), a.number))
        .collect();
    for a in &batch.agenda {
        reference(
            &a.meeting,
            "meeting",
            "meeting",
            &a.meeting,
            meetings.has(&a.meeting),
            &mut out,
        );
        if !agenda.insert((&a.meeting, a.number)) {
            out.push(Problem::new(
                &a.meeting,
                "number",
                format!("item {} is already on the agenda", a.number),
            ));
        }
    }
    let mut actions = Ids::of(t.actions.iter().map(|a| a.id.as_str()));
    for a in &batch.actions {
        actions.take(&a.id, "action", &mut out);
        reference(
            &a.id,
            "meeting",
            "meeting",
            &a.meeting,
            meetings.has(&a.meeting),
            &mut out,
        );
        unit(net, &a.unit, &a.id, "unit", &mut out);
        person(net, &a.owner, &a.id, "owner", &mut out);
        if a.kind == WorkKind::KeyTask && a.task_category.is_none() {
            out.push(Problem::new(
                &a.id,
                "task_category",
                "a key task needs its category",
            ));
        }
    }
    for o in &batch.owners {
        person(net, &o.person, &o.person, "person", &mut out);
        unit(net, &o.unit, &o.person, "unit", &mut out);
        span(o.start, o.end, &o.person, &mut out);
    }
    for r in &batch.representatives {
        reference(
            &r.person,
            "forum",
            "forum",
            &r.forum,
            forums.has(&r.forum),
            &mut out,
        );
        person(net, &r.person, &r.person, "person", &mut out);
        span(r.start, r.end, &r.person, &mut out);
    }
    let mut motions = Ids::of(t.motions.iter().map(|m| m.id.as_str()));
    for m in &batch.motions {
        motions.take(&m.id, "motion", &mut out);
        if !procedure_known(&m.procedure) {
            out.push(Problem::new(
                &m.id,
                "procedure",
                format!("no procedure `{}`", m.procedure),
            ));
        }
        match (&m.forum, &m.meeting) {
            (None, None) => out.push(Problem::new(
                &m.id,
                "forum",
                "a motion is put to a forum or moved at a meeting",
            )),
            (Some(f), _) => reference(&m.id, "forum", "forum", f, forums.has(f), &mut out),
            (None, Some(x)) => reference(&m.id, "meeting", "meeting", x, meetings.has(x), &mut out),
        }
        if let Some(x) = &m.meeting {
            reference(&m.id, "meeting", "meeting", x, meetings.has(x), &mut out);
        }
        if let Some(x) = &m.topic {
            reference(&m.id, "topic", "topic", x, topics.has(x), &mut out);
        }
        if m.notice.is_some_and(|n| n > m.decided) {
            out.push(Problem::new(
                &m.id,
                "notice",
                "notice is given before the decision day",
            ));
        }
    }
    if !out.is_empty() {
        return out;
    }
    // Everything but the ballots is sound: take it, then check the ballots against it; if
    // they fail, the tables are cut back to where they were.
    let CollabRecords {
        procedures: _,
        links,
        evidence,
        seats,
        carriages,
        projects,
        pledges,
        milestones,
        attachments,
        forums,
        topics,
        meetings,
        attendance: _,
        agenda,
        actions,
        owners,
        representatives,
        motions,
        ballots,
        secret_counts,
    } = batch;
    let before = Lengths::of(&book.tables);
    let t = &mut book.tables;
    t.procedures.extend(procedures);
    t.links.extend(links);
    t.evidence.extend(evidence);
    t.seats.extend(seats);
    t.carriages.extend(carriages);
    t.projects.extend(projects);
    t.pledges.extend(pledges);
    t.milestones.extend(milestones);
    t.attachments.extend(attachments);
    t.forums.extend(forums);
    t.topics.extend(topics);
    t.meetings.extend(meetings);
    t.attendance.extend(attendance);
    t.agenda.extend(agenda);
    t.actions.extend(actions);
    t.owners.extend(owners);
    t.representatives.extend(representatives);
    t.motions.extend(motions);
    ballots_in(book, net, ballots, secret_counts, mode, &mut out);
    if !out.is_empty() {
        before.restore(&mut book.tables);
    }
    out
}

/// The lengths of every table, to cut a failed batch back out.
struct Lengths([usize; 18]);

impl Lengths {
    fn of(t: &CollabRecords) -> Self {
        Lengths([
            t.procedures.len(),
            t.links.len(),
            t.evidence.len(),
            t.seats.len(),
            t.carriages.len(),
            t.projects.len(),
            t.pledges.len(),
            t.milestones.len(),
            t.attachments.len(),
            t.forums.len(),
            t.topics.len(),
            t.meetings.len(),
            t.attendance.len(),
            t.agenda.len(),
            t.actions.len(),
            t.owners.len(),
            t.representatives.len(),
            t.motions.len(),
        ])
    }

    fn restore(&self, t: &mut CollabRecords) {
        let n = &self.0;
        t.procedures.truncate(n[0]);
        t.links.truncate(n[1]);
        t.evidence.truncate(n[2]);
        t.seats.truncate(n[3]);
        t.carriages.truncate(n[4]);
        t.projects.truncate(n[5]);
        t.pledges.truncate(n[6]);
        t.milestones.truncate(n[7]);
        t.attachments.truncate(n[8]);
        t.forums.truncate(n[9]);
        t.topics.truncate(n[10]);
        t.meetings.truncate(n[11]);
        t.attendance.truncate(n[12]);
        t.agenda.truncate(n[13]);
        t.actions.truncate(n[14]);
        t.owners.truncate(n[15]);
        t.representatives.truncate(n[16]);
        t.motions.truncate(n[17]);
    }
}

/// A ballot that passed its checks: its household on a household vote, and the voter's slot
/// in the network it was checked against.
struct Checked {
    household: Option<String>,
    /// Whether the ballot's motion is secret.
    secret: bool,
    repeated: bool,
    slot: Option<u32>,
}

/// Checks and keeps `ballots` (and the counts of restored secret ballots): every ballot is
/// checked first, against the book and the ballots before it in the batch; none is kept
/// unless all pass.
fn ballots_in(
    book: &mut Collaboration,
    net: &Network,
    ballots: Vec<BallotRecord>,
    counts: Vec<super::SecretCount>,
    mode: Mode,
    out: &mut Vec<Problem>,
) {
    let mut pending = Pending::default();
    let mut checked = Vec::with_capacity(ballots.len());
    for b in &ballots {
        match check_ballot(book, net, b, &mut pending, mode) {
            Ok(c) => checked.push(c),
            Err(p) => out.push(p),
        }
    }
    // Restored secret ballots (no choice) must come with their motion's counts, and add up.
    let mut restored: HashMap<&str, u64> = HashMap::new();
    for (b, c) in ballots.iter().zip(&checked) {
        if b.choice.is_none() && !c.repeated {
            *restored.entry(b.motion.as_str()).or_default() += 1;
        }
    }
    let mut restore = Vec::new();
    for c in &counts {
        let Ok(m) = book.motion(&c.motion) else {
            out.push(Problem::new(
                &c.motion,
                "motion",
                format!("no motion `{}`", c.motion),
            ));
            continue;
        };
        if !m.secret {
            out.push(Problem::new(
                &c.motion,
                "motion",
                "an open motion keeps its choices on its ballots",
            ));
            continue;
        }
        let n = restored.remove(c.motion.as_str()).unwrap_or(0);
        let sum = c
            .for_votes
            .saturating_add(c.against)
            .saturating_add(c.abstain);
        if sum != n {
            out.push(Problem::new(
                &c.motion,
                "for_votes",
                format!(
                    "the counts add up to {sum} but {n} ballots without a choice came with them"
                ),
            ));
            continue;
        }
        restore.push(c);
    }
    for (motion, n) in restored {
        out.push(Problem::new(
            motion,
            "choice",
            format!("{n} ballots without a choice came without the motion's secret counts"),
        ));
    }
    if !out.is_empty() {
        return;
    }
    for (b, c) in ballots.iter().zip(checked) {
        if !c.repeated {
            book.votes_mut(&b.motion, c.secret)
                .keep(b, c.household.as_deref(), c.slot);
        }
    }
    for c in restore {
        let secret = true;
        book.votes_mut(&c.motion, secret).restore(c);
    }
}

/// Voters and households of the batch so far, by motion, and each motion's rule, found once
/// for the batch rather than once per ballot.
#[derive(Default)]
struct Pending<'a, 'b> {
    voters: HashMap<(&'b str, &'b str), &'b BallotRecord, foldhash::fast::RandomState>,
    households: HashSet<(&'b str, String), foldhash::fast::RandomState>,
    /// By motion id: the motion and its rule (`None` without a known procedure or forum);
    /// no entry's value at all for an unknown motion.
    rules:
        HashMap<&'b str, Option<(&'a MotionRecord, Option<Rule<'a>>)>, foldhash::fast::RandomState>,
}

/// Checks `b` against its motion's electorate, the ballots held and the batch so far.
fn check_ballot<'a, 'b>(
    book: &'a Collaboration,
    net: &Network,
    b: &'b BallotRecord,
    pending: &mut Pending<'a, 'b>,
    mode: Mode,
) -> std::result::Result<Checked, Problem> {
    let problem = |field: &str, what: String| Problem::new(&b.motion, field, what);
    let found = *pending.rules.entry(b.motion.as_str()).or_insert_with(|| {
        let motion = book.motion(&b.motion).ok()?;
        Some((motion, Rule::of(book, motion)))
    });
    let Some((motion, rule)) = found else {
        return Err(problem("motion", format!("no motion `{}`", b.motion)));
    };
    if b.choice.is_none() && !motion.secret {
        return Err(problem(
            "choice",
            format!("`{}`'s ballot has no choice", b.voter),
        ));
    }
    match (&b.presence, &b.proxy) {
        (Presence::Proxy, None) => {
            return Err(problem(
                "proxy",
                format!("`{}`'s ballot by proxy names no proxy", b.voter),
            ));
        }
        (Presence::Proxy, Some(p)) if mode == Mode::Live && net.person(p).is_err() => {
            return Err(problem("proxy", format!("no person `{p}` in the network")));
        }
        (Presence::Proxy, Some(p)) if *p == b.voter => {
            return Err(problem("proxy", format!("`{p}` cannot be their own proxy")));
        }
        (Presence::InPerson | Presence::Online, Some(_)) => {
            return Err(problem(
                "proxy",
                "only a ballot by proxy names a proxy".to_owned(),
            ));
        }
        _ => {}
    }
    let Some(rule) = rule else {
        return Err(problem(
            "motion",
            format!("motion `{}` has no known procedure or forum", b.motion),
        ));
    };
    let household = match mode {
        Mode::Live => rule
            .check(book, net, &b.voter)
            .map_err(|w| problem("voter", w))?,
        Mode::Restore => rule.household_of(net, &b.voter),
    };
    let seen = book
        .votes_of(&b.motion)
        .map_or(Seen::New, |v| v.seen(b, household.as_deref()));
    match seen {
        Seen::Repeated => Ok(Checked {
            household,
            secret: motion.secret,
            repeated: true,
            slot: None,
        }),
        Seen::Second(why) => Err(problem("voter", why)),
        Seen::New => {
            let key = (b.motion.as_str(), b.voter.as_str());
            if let Some(earlier) = pending.voters.get(&key) {
                return if *earlier == b {
                    Ok(Checked {
                        household,
                        secret: motion.secret,
                        repeated: true,
                        slot: None,
                    })
                } else {
                    Err(problem(
                        "voter",
                        format!("`{}` has already voted on this motion", b.voter),
                    ))
                };
            }
            if let Some(h) = &household
                && !pending.households.insert((b.motion.as_str(), h.clone()))
            {
                return Err(problem(
                    "voter",
                    format!("household `{h}` has already voted on this motion"),
                ));
            }
            pending.voters.insert(key, b);
            Ok(Checked {
                household,
                secret: motion.secret,
                repeated: false,
                slot: match mode {
                    Mode::Live => net.person_slot(&b.voter),
                    Mode::Restore => None,
                },
            })
        }
    }
}

/// Merges offline ballots and attendance one by one (see [`Collaboration::merge`]).
pub(super) fn merge(
    book: &mut Collaboration,
    net: &Network,
    ballots: Vec<BallotRecord>,
    attendance: Vec<super::AttendanceRecord>,
) -> Result<BallotMerge> {
    let mut report = BallotMerge::default();
    for a in attendance {
        let held = book.attendance().contains(&a);
        let mut batch = CollabRecords::default();
        batch.attendance.push(a);
        let problems = absorb(book, net, batch, Mode::Live);
        match problems.is_empty() {
            true if held => report.repeated += 1,
            true => report.added += 1,
            false => report
                .rejected
                .extend(problems.iter().map(ToString::to_string)),
        }
    }
    for mut b in ballots {
        match check_ballot(book, net, &b, &mut Pending::default(), Mode::Live) {
            Ok(c) if c.repeated => report.repeated += 1,
            Ok(_) if b.choice.is_none() => report.rejected.push(format!(
                "`{}`.choice: a new ballot carries its choice",
                b.motion
            )),
            Ok(c) => {
                book.votes_mut(&b.motion, c.secret)
                    .keep(&b, c.household.as_deref(), c.slot);
                report.added += 1;
            }
            Err(p) if p.field == "voter" && p.message.contains("already voted") => {
                // A secret motion's refused ballot says who tried, never how.
                if book.motion(&b.motion).is_ok_and(|m| m.secret) {
                    b.choice = None;
                }
                report.refused.push(b);
            }
            Err(p) => report.rejected.push(p.to_string()),
        }
    }
    Ok(report)
}
