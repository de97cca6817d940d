//! Working together: the statutory presets checked against rational arithmetic at and around
//! every bar, the register-based electorate, one ballot per voter or household, secret ballots,
//! every error path of a batch, the reports on the synthetic city, round trips and merges.

use chrono::{Days, NaiveDate, NaiveDateTime};
use quanyu::collab::{
    ActionRecord, AgendaItemRecord, AttachmentRecord, AttendanceRecord, BallotRecord, Carriage,
    CarriageRecord, Choice, CollabRecords, Collaboration, CouncilIssue, Electorate, EvidenceKind,
    EvidenceRecord, EvidenceState, ForumRecord, LinkKind, LinkRecord, MeetingKind, MeetingRecord,
    MilestoneRecord, MotionRecord, OwnerRecord, PledgeKind, PledgeRecord, ProcedureRecord,
    ProjectRecord, RepresentativeRecord, Seat, SeatRecord, WorkKind,
};
use quanyu::events::WorkCalendar;
use quanyu::venues::VenueKind;
use quanyu::{
    Change, Changeset, Error, Network, OrganisationKind, OrganisationRecord, PersonRecord,
    UnitRecord,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(d: NaiveDate, minute: u32) -> NaiveDateTime {
    d.and_hms_opt(9, minute, 0).unwrap()
}

/// An 18-character resident ID number for someone born on `born` (GB 11643 check character).
fn id_number(born: NaiveDate, serial: u32) -> String {
    let body = format!("110105{}{:03}", born.format("%Y%m%d"), serial % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = "10X98765432".as_bytes()[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

const DECIDED: (i32, u32, u32) = (2025, 6, 30);

fn decided() -> NaiveDate {
    day(DECIDED.0, DECIDED.1, DECIDED.2)
}

/// A subdistrict `S` with one area `A` (grid `G`, building `B`) holding `households`
/// households; household k holds `sizes[k]` adults (`P{k}-{j}`), plus one child `C0` in H0 and
/// one adult `X` living outside `A` (under area `A2`). Organisations: a working committee,
/// a general branch at `A`, two alliance members.
fn register(sizes: &[usize]) -> Network {
    let mut changes = vec![
        Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
        Change::AddUnit(UnitRecord::new("A", "Area").parent("S")),
        Change::AddUnit(UnitRecord::new("G", "Grid").parent("A")),
        Change::AddUnit(UnitRecord::new("CP", "Compound").parent("G")),
        Change::AddUnit(UnitRecord::new("B", "Building").parent("CP")),
        Change::AddUnit(UnitRecord::new("A2", "Area").parent("S")),
        Change::AddUnit(UnitRecord::new("G2", "Grid").parent("A2")),
        Change::AddUnit(UnitRecord::new("B2", "Building").parent("G2")),
        Change::AddUnit(UnitRecord::new("HX", "Household").parent("B2")),
        Change::AddPerson(
            PersonRecord::new("X")
                .home("HX")
                .id_number(id_number(day(1980, 1, 1), 900)),
        ),
        Change::AddOrganisation(
            OrganisationRecord::new("WC", OrganisationKind::WorkingCommittee)
                .name("街道党工委")
                .anchor("S"),
        ),
        Change::AddOrganisation(
            OrganisationRecord::new("GB", OrganisationKind::GeneralBranch)
                .name("居民区党总支")
                .parent("WC")
                .anchor("A"),
        ),
        Change::AddOrganisation(
            OrganisationRecord::new("M1", OrganisationKind::AllianceMember)
                .name("第一小学")
                .parent("WC")
                .anchor("S"),
        ),
        Change::AddOrganisation(
            OrganisationRecord::new("M2", OrganisationKind::AllianceMember)
                .name("城管中队")
                .parent("WC")
                .anchor("S"),
        ),
    ];
    for (k, &n) in sizes.iter().enumerate() {
        changes.push(Change::AddUnit(
            UnitRecord::new(format!("H{k}"), "Household").parent("B"),
        ));
        for j in 0..n {
            let born = day(1960 + (k as i32 % 30), 1 + (j as u32 % 12), 10);
            changes.push(Change::AddPerson(
                PersonRecord::new(format!("P{k}-{j}"))
                    .home(format!("H{k}"))
                    .id_number(id_number(born, (k * 10 + j) as u32)),
            ));
        }
    }
    changes.push(Change::AddPerson(
        PersonRecord::new("C0")
            .home("H0")
            .id_number(id_number(day(2012, 3, 15), 1)),
    ));
    let mut net = Network::new();
    net.apply(Changeset::from_iter(changes)).unwrap();
    net
}

fn adults(sizes: &[usize]) -> Vec<String> {
    sizes
        .iter()
        .enumerate()
        .flat_map(|(k, &n)| (0..n).map(move |j| format!("P{k}-{j}")))
        .collect()
}

fn book_with(net: &Network, procedure: &str, secret: bool) -> Collaboration {
    let mut book = Collaboration::new();
    book.add_forum(
        net,
        ForumRecord::new("F", "A", VenueKind::CommunityPavilion),
    )
    .unwrap();
    let mut m = MotionRecord::new("M", "议案", procedure, decided())
        .forum("F")
        .notice(decided() - Days::new(10));
    if !secret {
        m = m.open();
    }
    book.add_motion(net, m).unwrap();
    book
}

/// Whether `count` of `base` meets `num/den`: strictly more, or at least — cross-multiplied, no
/// division, the independent reading of 过半数 and 以上.
fn meets(count: u64, base: u64, num: u64, den: u64, strict: bool) -> bool {
    if strict {
        count * den > base * num
    } else {
        count * den >= base * num
    }
}

#[test]
fn residents_meeting_at_and_around_every_bar() {
    let sizes = [2, 2, 1, 2, 1];
    let net = register(&sizes);
    let voters = adults(&sizes);
    let n = voters.len() as u64;
    let p = ProcedureRecord::residents_meeting();
    for taking in 0..=voters.len() {
        for yes in 0..=taking {
            let mut book = book_with(&net, "residents_meeting", taking % 2 == 0);
            for (i, v) in voters.iter().take(taking).enumerate() {
                let choice = if i < yes {
                    Choice::For
                } else if i % 2 == 0 {
                    Choice::Against
                } else {
                    Choice::Abstain
                };
                book.cast(
                    &net,
                    BallotRecord::new("M", v, choice, at(decided(), i as u32)),
                )
                .unwrap();
            }
            let t = book.tally(&net, "M").unwrap();
            let quorum = meets(taking as u64, n, 1, 2, true);
            let threshold = meets(yes as u64, taking as u64, 1, 2, true);
            assert_eq!(t.eligible, n);
            assert_eq!(t.taking_part, taking as u64);
            assert_eq!(t.quorum_met, quorum, "taking {taking} of {n}");
            assert_eq!(t.threshold_met, threshold, "{yes} for of {taking}");
            assert_eq!(t.adopted, quorum && threshold);
            assert_eq!(t.for_votes, yes as u64);
            assert_eq!(t.electorate, p.electorate);
        }
    }
}

#[test]
fn villagers_assembly_quorum_by_persons_or_two_thirds_of_households() {
    // Nine adults in six households; one voter from each of four households: 4 of 9 persons
    // is no majority, but 4 of 6 households is two thirds (以上 counts the number itself).
    let sizes = [3, 2, 1, 1, 1, 1];
    let net = register(&sizes);
    for households in 0..=6usize {
        let mut book = book_with(&net, "villagers_assembly", true);
        for k in 0..households {
            book.cast(
                &net,
                BallotRecord::new("M", format!("P{k}-0"), Choice::For, at(decided(), k as u32)),
            )
            .unwrap();
        }
        let t = book.tally(&net, "M").unwrap();
        assert_eq!((t.eligible, t.households), (9, 6));
        let by_persons = meets(households as u64, 9, 1, 2, true);
        let by_households = meets(households as u64, 6, 2, 3, false);
        assert_eq!(
            t.quorum_met,
            by_persons || by_households,
            "{households} households"
        );
        assert_eq!(t.household_quorum_needed, 4);
    }
}

#[test]
fn representatives_assembly_needs_two_thirds_at_least() {
    let sizes = [1, 1, 1, 1, 1, 1];
    let net = register(&sizes);
    for taking in 0..=6usize {
        let mut book = book_with(&net, "representatives_assembly", false);
        let reps: Vec<RepresentativeRecord> = (0..6)
            .map(|k| RepresentativeRecord::new("F", format!("P{k}-0"), day(2024, 1, 1)))
            .collect();
        book.apply(
            &net,
            CollabRecords {
                representatives: reps,
                ..Default::default()
            },
        )
        .unwrap();
        for k in 0..taking {
            book.cast(
                &net,
                BallotRecord::new("M", format!("P{k}-0"), Choice::For, at(decided(), 0)),
            )
            .unwrap();
        }
        let t = book.tally(&net, "M").unwrap();
        assert_eq!(t.eligible, 6);
        assert_eq!(
            t.quorum_met,
            meets(taking as u64, 6, 2, 3, false),
            "{taking} of 6"
        );
    }
}

#[test]
fn household_meeting_takes_one_ballot_per_household() {
    let sizes = [2, 2, 1];
    let net = register(&sizes);
    let mut book = book_with(&net, "household_meeting", true);
    book.cast(
        &net,
        BallotRecord::new("M", "P0-0", Choice::For, at(decided(), 0)),
    )
    .unwrap();
    let second = book.cast(
        &net,
        BallotRecord::new("M", "P0-1", Choice::For, at(decided(), 1)),
    );
    let Err(Error::Validation(p)) = second else {
        panic!("a second ballot of household H0 was taken")
    };
    assert_eq!(p[0].field, "voter");
    assert!(p[0].message.contains("H0"), "{}", p[0].message);
    book.cast(
        &net,
        BallotRecord::new("M", "P1-1", Choice::Against, at(decided(), 2)),
    )
    .unwrap();
    let t = book.tally(&net, "M").unwrap();
    assert_eq!((t.eligible, t.taking_part), (3, 2));
    assert!(t.quorum_met && !t.threshold_met);
}

#[test]
fn notice_of_nine_days_is_short_of_ten() {
    let net = register(&[1, 1]);
    for (days, met) in [(9, false), (10, true), (11, true)] {
        let mut book = Collaboration::new();
        book.add_forum(
            &net,
            ForumRecord::new("F", "A", VenueKind::CommunityPavilion),
        )
        .unwrap();
        let m = MotionRecord::new("M", "议案", "villagers_assembly", decided())
            .forum("F")
            .notice(decided() - Days::new(days));
        book.add_motion(&net, m).unwrap();
        for k in 0..2 {
            book.cast(
                &net,
                BallotRecord::new("M", format!("P{k}-0"), Choice::For, at(decided(), k)),
            )
            .unwrap();
        }
        let t = book.tally(&net, "M").unwrap();
        assert!(t.quorum_met && t.threshold_met);
        assert_eq!((t.notice_met, t.adopted), (met, met), "{days} days");
    }
}

#[test]
fn the_register_decides_who_votes() {
    let net = register(&[2]);
    let mut book = book_with(&net, "residents_meeting", true);
    let refuse = |book: &mut Collaboration, b: BallotRecord, words: &str| {
        let Err(Error::Validation(p)) = book.cast(&net, b) else {
            panic!("taken")
        };
        assert!(
            p[0].message.contains(words),
            "{} lacks {words}",
            p[0].message
        );
    };
    refuse(
        &mut book,
        BallotRecord::new("M", "C0", Choice::For, at(decided(), 0)),
        "under 18",
    );
    refuse(
        &mut book,
        BallotRecord::new("M", "X", Choice::For, at(decided(), 0)),
        "does not live under",
    );
    refuse(
        &mut book,
        BallotRecord::new("M", "nobody", Choice::For, at(decided(), 0)),
        "no person",
    );
    refuse(
        &mut book,
        BallotRecord::new("MX", "P0-0", Choice::For, at(decided(), 0)),
        "no motion",
    );
    let mut proxy = BallotRecord::new("M", "P0-0", Choice::For, at(decided(), 0));
    proxy.presence = quanyu::collab::Presence::Proxy;
    refuse(&mut book, proxy.clone(), "names no proxy");
    refuse(&mut book, proxy.clone().by_proxy("P0-0"), "own proxy");
    refuse(&mut book, proxy.clone().by_proxy("ghost"), "no person");
    book.cast(&net, proxy.by_proxy("P0-1")).unwrap();
    // Moved out before the decision day: no longer on the register's electorate.
    let mut moved = net.clone();
    let mut edit = moved.edit();
    edit.update_person(
        PersonRecord::new("P0-1")
            .home("H0")
            .id_number(id_number(day(1960, 2, 10), 1))
            .moved_out(day(2025, 1, 1)),
    );
    edit.commit().unwrap();
    let mut again = book_with(&moved, "residents_meeting", true);
    let Err(Error::Validation(p)) = again.cast(
        &moved,
        BallotRecord::new("M", "P0-1", Choice::For, at(decided(), 1)),
    ) else {
        panic!()
    };
    assert!(p[0].message.contains("moved out"));
    // The tally on the changed register counts the earlier ballot as no longer eligible.
    let t = book.tally(&moved, "M").unwrap();
    assert_eq!((t.eligible, t.taking_part, t.no_longer_eligible), (1, 1, 0));
}

#[test]
fn secret_ballots_keep_who_voted_never_how() {
    let net = register(&[1, 1, 1]);
    let mut book = book_with(&net, "residents_meeting", true);
    for (k, c) in [Choice::For, Choice::Against, Choice::For]
        .into_iter()
        .enumerate()
    {
        book.cast(
            &net,
            BallotRecord::new("M", format!("P{k}-0"), c, at(decided(), k as u32)),
        )
        .unwrap();
    }
    let held = book.ballots("M").unwrap();
    assert_eq!(held.len(), 3);
    assert!(held.iter().all(|b| b.choice.is_none()));
    let t = book.tally(&net, "M").unwrap();
    assert_eq!((t.for_votes, t.against), (2, 1));
    let json = book.to_json().unwrap();
    assert!(
        !json.contains("\"For\"") && !json.contains("Against\""),
        "{json}"
    );
    let back = Collaboration::from_json(&net, &json).unwrap();
    assert_eq!(back, book);
    // Counts that do not add up to the ballots without choice are refused whole.
    let mut records = book.records();
    records.secret_counts[0].for_votes += 1;
    let Err(Error::Validation(p)) = Collaboration::load(&net, records) else {
        panic!()
    };
    assert_eq!(p[0].field, "for_votes");
    let mut records = book.records();
    records.secret_counts.clear();
    assert!(Collaboration::load(&net, records).is_err());
    // A second ballot merged from a phone is refused and reported without its choice.
    let report = book
        .merge(
            &net,
            vec![BallotRecord::new(
                "M",
                "P0-0",
                Choice::Against,
                at(decided(), 30),
            )],
            Vec::new(),
        )
        .unwrap();
    assert_eq!(report.refused.len(), 1);
    assert!(report.refused[0].choice.is_none());
}

#[test]
fn merges_are_idempotent_and_keep_the_first_ballot_received() {
    let net = register(&[1, 1, 1, 1]);
    let base = book_with(&net, "residents_meeting", false);
    let phone_a: Vec<BallotRecord> = (0..3)
        .map(|k| BallotRecord::new("M", format!("P{k}-0"), Choice::For, at(decided(), k)))
        .collect();
    let phone_b = vec![
        BallotRecord::new("M", "P2-0", Choice::Against, at(decided(), 40)),
        BallotRecord::new("M", "P3-0", Choice::Against, at(decided(), 41)),
    ];
    let mut ab = base.clone();
    let r1 = ab.merge(&net, phone_a.clone(), Vec::new()).unwrap();
    let r2 = ab.merge(&net, phone_b.clone(), Vec::new()).unwrap();
    assert_eq!((r1.added, r2.added, r2.refused.len()), (3, 1, 1));
    assert_eq!(r2.refused[0].voter, "P2-0");
    let again = ab.merge(&net, phone_a.clone(), Vec::new()).unwrap();
    assert_eq!((again.added, again.repeated), (0, 3));
    let t = ab.tally(&net, "M").unwrap();
    assert_eq!((t.for_votes, t.against, t.taking_part), (3, 1, 4));
    // Attendance merges the same way: the same record twice is one.
    let mut book = base.clone();
    book.add_meeting(
        &net,
        MeetingRecord::new("MT", MeetingKind::Joint, "WC", at(decided(), 0)),
    )
    .unwrap();
    let a = AttendanceRecord::new("MT", "P0-0").on_behalf_of("M1");
    let r = book
        .merge(
            &net,
            Vec::new(),
            vec![a.clone(), a.clone(), AttendanceRecord::new("MT", "ghost")],
        )
        .unwrap();
    assert_eq!((r.added, r.repeated, r.rejected.len()), (1, 1, 1));
    assert!(r.rejected[0].contains("ghost"));
}

/// Every error path of a batch: the problem names the record's id and field, and the book is
/// left exactly as it was.
#[test]
fn every_bad_record_is_named_and_nothing_changes() {
    let net = register(&[2]);
    let base = {
        let mut b = book_with(&net, "residents_meeting", false);
        b.add_project(
            &net,
            ProjectRecord::new("PJ", "楼委共智汇", "WC", day(2024, 1, 1)),
        )
        .unwrap();
        b.add_meeting(
            &net,
            MeetingRecord::new("MT", MeetingKind::Joint, "WC", at(decided(), 0)),
        )
        .unwrap();
        b.add_link(
            &net,
            LinkRecord::new("L0", LinkKind::JointBuilding, "M1", "WC", day(2024, 1, 1)),
        )
        .unwrap();
        b.cast(
            &net,
            BallotRecord::new("M", "P0-0", Choice::For, at(decided(), 0)),
        )
        .unwrap();
        b
    };
    let d = day(2024, 1, 1);
    let cases: Vec<(&str, &str, CollabRecords)> = vec![
        (
            "L1",
            "organisation",
            CollabRecords {
                links: vec![LinkRecord::new(
                    "L1",
                    LinkKind::JointTeams,
                    "ghost",
                    "WC",
                    d,
                )],
                ..Default::default()
            },
        ),
        (
            "L1",
            "partner",
            CollabRecords {
                links: vec![LinkRecord::new(
                    "L1",
                    LinkKind::JointTeams,
                    "M1",
                    "ghost",
                    d,
                )],
                ..Default::default()
            },
        ),
        (
            "L1",
            "end",
            CollabRecords {
                links: vec![
                    LinkRecord::new("L1", LinkKind::JointTeams, "M1", "WC", d)
                        .ended(day(2023, 1, 1)),
                ],
                ..Default::default()
            },
        ),
        (
            "L0",
            "id",
            CollabRecords {
                links: vec![LinkRecord::new("L0", LinkKind::JointTeams, "M1", "WC", d)],
                ..Default::default()
            },
        ),
        (
            "L0",
            "reference",
            CollabRecords {
                evidence: vec![EvidenceRecord::new("L0", EvidenceKind::Meeting, "ghost")],
                ..Default::default()
            },
        ),
        (
            "L0",
            "reference",
            CollabRecords {
                evidence: vec![EvidenceRecord::new("L0", EvidenceKind::Project, "ghost")],
                ..Default::default()
            },
        ),
        (
            "L0",
            "reference",
            CollabRecords {
                evidence: vec![EvidenceRecord::new("L0", EvidenceKind::Agreement, " ")],
                ..Default::default()
            },
        ),
        (
            "LX",
            "link",
            CollabRecords {
                evidence: vec![EvidenceRecord::new(
                    "LX",
                    EvidenceKind::Agreement,
                    "协议1号",
                )],
                ..Default::default()
            },
        ),
        (
            "M1",
            "unit",
            CollabRecords {
                seats: vec![SeatRecord::new("ghost", "M1", Seat::Member, d)],
                ..Default::default()
            },
        ),
        (
            "CX",
            "compound",
            CollabRecords {
                carriages: vec![CarriageRecord::new(
                    "CX",
                    Carriage::OwnersCommittee,
                    "业委会",
                    d,
                )],
                ..Default::default()
            },
        ),
        (
            "PX",
            "owner",
            CollabRecords {
                projects: vec![ProjectRecord::new("PX", "x", "ghost", d)],
                ..Default::default()
            },
        ),
        (
            "PJ",
            "venue",
            CollabRecords {
                pledges: vec![PledgeRecord::new("PJ", "M1", PledgeKind::Venue)],
                ..Default::default()
            },
        ),
        (
            "PJ",
            "amount",
            CollabRecords {
                pledges: vec![PledgeRecord::new("PJ", "M1", PledgeKind::Money)],
                ..Default::default()
            },
        ),
        (
            "PJ",
            "adopter",
            CollabRecords {
                pledges: vec![PledgeRecord::new("PJ", "ghost", PledgeKind::Service)],
                ..Default::default()
            },
        ),
        (
            "PJ",
            "name",
            CollabRecords {
                milestones: vec![
                    MilestoneRecord::new("PJ", "启动", d),
                    MilestoneRecord::new("PJ", "启动", d),
                ],
                ..Default::default()
            },
        ),
        (
            "PJ",
            "work",
            CollabRecords {
                attachments: vec![AttachmentRecord::new("PJ", WorkKind::KeyTask, "ghost")],
                ..Default::default()
            },
        ),
        (
            "F2",
            "kind",
            CollabRecords {
                forums: vec![ForumRecord::new("F2", "A", VenueKind::Classroom)],
                ..Default::default()
            },
        ),
        (
            "MT",
            "person",
            CollabRecords {
                attendance: vec![
                    AttendanceRecord::new("MT", "P0-0"),
                    AttendanceRecord::new("MT", "P0-0").on_behalf_of("M1"),
                ],
                ..Default::default()
            },
        ),
        (
            "MT",
            "number",
            CollabRecords {
                agenda: vec![
                    AgendaItemRecord::new("MT", 1, "a"),
                    AgendaItemRecord::new("MT", 1, "b"),
                ],
                ..Default::default()
            },
        ),
        (
            "AC",
            "task_category",
            CollabRecords {
                actions: vec![ActionRecord::new(
                    "AC",
                    "MT",
                    WorkKind::KeyTask,
                    "A",
                    "P0-0",
                    5,
                )],
                ..Default::default()
            },
        ),
        (
            "AC",
            "owner",
            CollabRecords {
                actions: vec![ActionRecord::new(
                    "AC",
                    "MT",
                    WorkKind::Event,
                    "A",
                    "ghost",
                    5,
                )],
                ..Default::default()
            },
        ),
        (
            "M2X",
            "forum",
            CollabRecords {
                motions: vec![MotionRecord::new("M2X", "x", "residents_meeting", d)],
                ..Default::default()
            },
        ),
        (
            "M2X",
            "procedure",
            CollabRecords {
                motions: vec![MotionRecord::new("M2X", "x", "ghost", d).forum("F")],
                ..Default::default()
            },
        ),
        (
            "M2X",
            "notice",
            CollabRecords {
                motions: vec![
                    MotionRecord::new("M2X", "x", "residents_meeting", d)
                        .forum("F")
                        .notice(day(2024, 2, 1)),
                ],
                ..Default::default()
            },
        ),
        (
            "odd",
            "quorum_den",
            CollabRecords {
                procedures: vec![ProcedureRecord {
                    code: "odd".into(),
                    quorum_den: 0,
                    ..ProcedureRecord::residents_meeting()
                }],
                ..Default::default()
            },
        ),
        (
            "ghost",
            "person",
            CollabRecords {
                owners: vec![OwnerRecord::new("ghost", "H0", d)],
                ..Default::default()
            },
        ),
        (
            "M",
            "voter",
            CollabRecords {
                ballots: vec![BallotRecord::new(
                    "M",
                    "P0-0",
                    Choice::Against,
                    at(decided(), 9),
                )],
                ..Default::default()
            },
        ),
        (
            "M",
            "choice",
            CollabRecords {
                ballots: vec![BallotRecord {
                    choice: None,
                    ..BallotRecord::new("M", "P0-1", Choice::For, at(decided(), 9))
                }],
                ..Default::default()
            },
        ),
    ];
    for (id, field, batch) in cases {
        let mut book = base.clone();
        // A good record rides along: it must not be kept either.
        let mut batch = batch;
        batch.links.push(LinkRecord::new(
            "L-good",
            LinkKind::JointTeams,
            "M2",
            "WC",
            d,
        ));
        let Err(Error::Validation(problems)) = book.apply(&net, batch) else {
            panic!("`{id}`.{field} was taken");
        };
        assert!(
            problems.iter().any(|p| p.id == id && p.field == field),
            "`{id}`.{field} not among {problems:?}"
        );
        assert_eq!(book, base, "`{id}`.{field} changed the book");
    }
}

#[test]
fn the_synthetic_city_s_reports_match_its_records() {
    let net = quanyu::synth::community(11).unwrap();
    let book = quanyu::collab::synth::collaboration(&net, 11).unwrap();
    let as_of = quanyu::synth::REFERENCE_DATE;
    let report = book.six_links(&net, as_of, None).unwrap();
    // Independently: the kinds each member holds through running links.
    for m in &report.members {
        let mut kinds: Vec<LinkKind> = book
            .links()
            .iter()
            .filter(|l| {
                (l.organisation == m.organisation || l.partner == m.organisation)
                    && l.start <= as_of
                    && l.end.is_none_or(|e| as_of <= e)
            })
            .map(|l| l.kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(m.held, kinds, "{}", m.organisation);
    }
    assert_eq!(
        report.unlinked.len(),
        1,
        "the synthetic city leaves one member unlinked"
    );
    // 队伍联管 links carry no evidence and none is derived for them.
    let teams: Vec<&str> = book
        .links()
        .iter()
        .filter(|l| l.kind == LinkKind::JointTeams)
        .map(|l| l.id.as_str())
        .collect();
    assert!(!teams.is_empty());
    assert!(
        teams
            .iter()
            .all(|t| report.unevidenced.iter().any(|u| u == t))
    );
    // Agreements that ran out leave their link with ended evidence only.
    for id in &report.evidence_ended {
        let check = report.links.iter().find(|c| &c.link == id).unwrap();
        assert_eq!(
            (check.current, check.derived, check.state),
            (0, 0, EvidenceState::Ended)
        );
    }
    assert!(!report.evidence_ended.is_empty());
    // 项目联认 evidence derived from the projects, recomputed: running projects both ends own
    // or adopted.
    for l in book
        .links()
        .iter()
        .filter(|l| l.kind == LinkKind::ProjectAdoption)
    {
        let takes_part = |o: &str, p: &quanyu::collab::ProjectRecord| {
            p.owner == o
                || book
                    .pledges()
                    .iter()
                    .any(|x| x.project == p.id && x.adopter == o)
        };
        let expected = book
            .projects()
            .iter()
            .filter(|p| {
                matches!(
                    p.status,
                    quanyu::collab::ProjectStatus::Planned | quanyu::collab::ProjectStatus::Active
                ) && p.end.is_none_or(|e| as_of <= e)
                    && takes_part(&l.organisation, p)
                    && takes_part(&l.partner, p)
            })
            .count() as u32;
        let check = report.links.iter().find(|c| c.link == l.id).unwrap();
        assert_eq!(check.derived, expected, "{}", l.id);
    }
    let by_kind = book.links_by_kind(as_of, None);
    assert_eq!(
        by_kind.iter().map(|k| k.links as usize).sum::<usize>(),
        book.links().len()
    );

    // Projects: sums of the pledges, recomputed.
    for r in book.projects_rollup(as_of) {
        let money: u64 = book
            .pledges()
            .iter()
            .filter(|p| p.project == r.project && p.kind == PledgeKind::Money)
            .filter_map(|p| p.amount)
            .sum();
        assert_eq!(r.money, money);
        let overdue = book
            .milestones()
            .iter()
            .filter(|m| m.project == r.project && m.due < as_of && m.done.is_none())
            .count();
        assert_eq!(r.milestones_overdue as usize, overdue);
    }

    // Carriages: what is missing, recomputed from the records.
    for c in book.carriages_on(&net, as_of).unwrap() {
        let held: Vec<Carriage> = book
            .carriages()
            .iter()
            .filter(|r| r.compound == c.compound)
            .map(|r| r.carriage)
            .collect();
        let missing: Vec<Carriage> = [
            Carriage::ResidentsCommittee,
            Carriage::OwnersCommittee,
            Carriage::PropertyManagement,
        ]
        .into_iter()
        .filter(|k| !held.contains(k))
        .collect();
        assert_eq!(c.missing, missing);
        assert!(
            c.coordinator.is_some(),
            "{} has no coordinating branch",
            c.compound
        );
    }

    // The council: one chair now, two in the rotation; none once every term has ended.
    let s = net
        .units_by_level("Subdistrict")
        .unwrap()
        .next()
        .unwrap()
        .id
        .to_string();
    let council = book.council(&net, &s, as_of, 3).unwrap();
    assert!(
        council.chair.is_some() && council.issues.is_empty(),
        "{:?}",
        council.issues
    );
    let later = book.council(&net, &s, day(2027, 6, 1), 3).unwrap();
    assert!(
        later
            .issues
            .iter()
            .any(|p| p.issue == CouncilIssue::NoChair)
    );
    let strict = book.council(&net, &s, as_of, 1).unwrap();
    assert!(
        strict
            .issues
            .iter()
            .any(|p| p.issue == CouncilIssue::TermTooLong)
    );

    // Follow-ups: deadlines on the calendar, recomputed.
    let calendar = WorkCalendar::china();
    let work = book.follow_ups(&net, &calendar).unwrap();
    for (a, due) in book.actions().iter().zip(&work.due) {
        let meeting = book.meetings().iter().find(|m| m.id == a.meeting).unwrap();
        assert_eq!(
            due.deadline,
            calendar
                .add_working_days(meeting.start.date(), a.working_days)
                .unwrap()
        );
    }
    assert_eq!(work.tasks.len() + work.events.len(), book.actions().len());

    // Tallies: open motions' counts are their ballots' choices.
    for m in book.motions() {
        let t = book.tally(&net, &m.id).unwrap();
        assert!(t.taking_part <= t.eligible);
        if !m.secret {
            let ballots = book.ballots(&m.id).unwrap();
            let yes = ballots
                .iter()
                .filter(|b| b.choice == Some(Choice::For))
                .count() as u64;
            assert_eq!(t.for_votes, yes);
        }
    }
    let popolo = book.to_popolo(&net).unwrap();
    let events = popolo["vote_events"].as_array().unwrap();
    assert_eq!(events.len(), book.motions().len());
    for (m, e) in book.motions().iter().zip(events) {
        assert_eq!(e["motion_id"], m.id.as_str());
        assert_eq!(
            e["votes"].as_array().unwrap().is_empty(),
            m.secret || book.ballots(&m.id).unwrap().is_empty()
        );
    }
    // Round trips.
    let back = Collaboration::load(&net, book.records()).unwrap();
    assert_eq!(back, book);
    assert_eq!(
        Collaboration::from_json(&net, &book.to_json().unwrap()).unwrap(),
        book
    );
}

#[test]
fn a_council_that_does_not_rotate_is_flagged() {
    let net = register(&[1]);
    let mut book = Collaboration::new();
    let seats = vec![
        SeatRecord::new("S", "M1", Seat::Chair, day(2020, 1, 1)).until(day(2022, 12, 31)),
        SeatRecord::new("S", "M1", Seat::Chair, day(2023, 1, 1)).until(day(2025, 12, 31)),
        SeatRecord::new("S", "GB", Seat::Member, day(2023, 1, 1)),
    ];
    book.apply(
        &net,
        CollabRecords {
            seats,
            ..Default::default()
        },
    )
    .unwrap();
    let c = book.council(&net, "S", day(2024, 1, 1), 3).unwrap();
    let issues: Vec<CouncilIssue> = c.issues.iter().map(|p| p.issue).collect();
    assert!(issues.contains(&CouncilIssue::NotRotated));
    assert!(issues.contains(&CouncilIssue::NotInAlliance));
    assert_eq!(c.chair.as_deref(), Some("M1"));
    assert!(matches!(
        book.council(&net, "ghost", day(2024, 1, 1), 3),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn owners_vote_from_the_owners_register() {
    let net = register(&[2, 1]);
    let mut book = Collaboration::new();
    let owners_vote = ProcedureRecord {
        code: "owners".into(),
        electorate: Electorate::Owners,
        ..ProcedureRecord::residents_meeting()
    };
    let batch = CollabRecords {
        procedures: vec![owners_vote],
        forums: vec![ForumRecord::new("F", "CP", VenueKind::BuildingCourtyard)],
        owners: vec![
            OwnerRecord::new("P0-0", "H0", day(2010, 1, 1)),
            OwnerRecord::new("P1-0", "H1", day(2010, 1, 1)),
            OwnerRecord {
                end: Some(day(2020, 1, 1)),
                ..OwnerRecord::new("P0-1", "H0", day(2010, 1, 1))
            },
        ],
        motions: vec![MotionRecord::new("M", "维修基金", "owners", decided()).forum("F")],
        ..Default::default()
    };
    book.apply(&net, batch).unwrap();
    book.cast(
        &net,
        BallotRecord::new("M", "P0-0", Choice::For, at(decided(), 0)),
    )
    .unwrap();
    assert!(
        book.cast(
            &net,
            BallotRecord::new("M", "P0-1", Choice::For, at(decided(), 1))
        )
        .is_err()
    );
    let t = book.tally(&net, "M").unwrap();
    assert_eq!((t.eligible, t.taking_part), (2, 1));
    assert!(!t.quorum_met);
}

/// The fuzz target's seed reads against the fuzz network, and writes back to the same book.
#[test]
fn the_fuzz_seed_is_a_whole_book() {
    let net = Network::from_json(include_str!(
        "../../fuzz/corpus/snapshot_json/seed-small.json"
    ))
    .unwrap();
    let book = Collaboration::from_json(
        &net,
        include_str!("../../fuzz/seeds/collaboration/small.json"),
    )
    .unwrap();
    assert_eq!(
        (book.links().len(), book.ballots("MO").unwrap().len()),
        (2, 2)
    );
    assert_eq!(
        Collaboration::from_json(&net, &book.to_json().unwrap()).unwrap(),
        book
    );
    let t = book.tally(&net, "MO").unwrap();
    assert_eq!(
        (t.eligible, t.taking_part, t.for_votes, t.against),
        (2, 2, 1, 1)
    );
    assert!(!t.threshold_met);
    // Bad JSON is an error naming the book, with long digit runs masked.
    let Err(Error::InvalidArgument { name, message }) =
        Collaboration::from_json(&net, "{\"links\": 13812345678}")
    else {
        panic!("bad JSON taken")
    };
    assert_eq!(name, "collaboration");
    assert!(!message.contains("13812345678"), "{message}");
}

/// A stored book loads on a register that has changed since: its ballots are restored as
/// kept, and the tally counts the voter who has left apart.
#[test]
fn a_stored_book_loads_after_the_register_changes() {
    let net = register(&[1, 1, 1]);
    let mut book = book_with(&net, "residents_meeting", true);
    for k in 0..3 {
        book.cast(
            &net,
            BallotRecord::new("M", format!("P{k}-0"), Choice::For, at(decided(), k)),
        )
        .unwrap();
    }
    let json = book.to_json().unwrap();
    let mut moved = net.clone();
    let born = day(1962, 1, 10);
    let mut edit = moved.edit();
    edit.update_person(
        PersonRecord::new("P2-0")
            .home("H2")
            .id_number(id_number(born, 20))
            .moved_out(day(2025, 1, 1)),
    );
    edit.commit().unwrap();
    let back = Collaboration::from_json(&moved, &json).unwrap();
    assert_eq!(back, book);
    let t = back.tally(&moved, "M").unwrap();
    assert_eq!(
        (t.eligible, t.taking_part, t.no_longer_eligible, t.for_votes),
        (2, 2, 1, 3)
    );
    // A live ballot of the same voter is still checked against the register.
    let mut live = book_with(&moved, "residents_meeting", true);
    assert!(
        live.cast(
            &moved,
            BallotRecord::new("M", "P2-0", Choice::For, at(decided(), 9))
        )
        .is_err()
    );
}

/// The electorate of a forum is exactly the adults living under it on the decision day, as
/// `Person::age_on` counts them — 29 February decisions included.
#[test]
fn the_electorate_is_the_register_s_adults_on_the_day() {
    let net = quanyu::synth::community(13).unwrap();
    let area = net
        .units_by_level("Area")
        .unwrap()
        .next()
        .unwrap()
        .id
        .to_string();
    for (k, decided) in [
        day(2024, 2, 29),
        day(2023, 3, 1),
        day(2023, 2, 28),
        day(2006, 7, 1),
    ]
    .into_iter()
    .enumerate()
    {
        let mut book = Collaboration::new();
        let batch = CollabRecords {
            forums: vec![ForumRecord::new("F", &area, VenueKind::CommunityPavilion)],
            motions: vec![
                MotionRecord::new(format!("M{k}"), "议案", "residents_meeting", decided).forum("F"),
            ],
            ..Default::default()
        };
        book.apply(&net, batch).unwrap();
        let residents = net.residents(&area).unwrap();
        let adults = residents
            .iter()
            .filter(|p| p.age_on(decided).is_some_and(|a| a >= 18))
            .count() as u64;
        let undated = residents
            .iter()
            .filter(|p| p.birth_date().is_none())
            .count() as u64;
        let t = book.tally(&net, &format!("M{k}")).unwrap();
        assert_eq!((t.eligible, t.undated), (adults, undated), "on {decided}");
        let households = net
            .units_in(&area, "Household")
            .unwrap()
            .filter(|h| {
                net.residents(&h.id)
                    .unwrap()
                    .iter()
                    .any(|p| p.age_on(decided).is_some_and(|a| a >= 18))
            })
            .count() as u64;
        assert_eq!(t.households, households, "on {decided}");
    }
}

/// A ballot's voter removed from the register and a newcomer added in their place: the tally
/// counts neither the removed voter nor the newcomer as taking part.
#[test]
fn a_removed_voter_s_place_is_not_a_ballot() {
    let net = register(&[1, 1]);
    let mut book = book_with(&net, "residents_meeting", true);
    book.cast(
        &net,
        BallotRecord::new("M", "P0-0", Choice::For, at(decided(), 0)),
    )
    .unwrap();
    let mut after = net.clone();
    let mut edit = after.edit();
    edit.remove_person("P0-0");
    edit.add_person(
        PersonRecord::new("NEW")
            .home("H0")
            .id_number(id_number(day(1970, 5, 5), 77)),
    );
    edit.commit().unwrap();
    let t = book.tally(&after, "M").unwrap();
    assert_eq!((t.eligible, t.taking_part, t.no_longer_eligible), (2, 0, 1));
    // The same book on the register it was cast on still counts its ballot.
    let t = book.tally(&net, "M").unwrap();
    assert_eq!((t.eligible, t.taking_part), (2, 1));
}
