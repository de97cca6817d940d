//! The shared-venue menu: what a user relies on — never double-booked, hours and policies
//! respected, the fair-share rule, recurring series, reasons, bad input refused without
//! change, exactness on one-slot instances, and the CSV and JSON round trips.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDateTime, Weekday};
use proptest::prelude::*;
use quanyu::venues::{
    BookingReach, BookingRecord, BookingStatus, ExceptionRecord, Feature, FeatureSet, MatchOptions,
    MatchReport, Menu, MenuRecords, OpeningHoursRecord, RequestRecord, TimeWindow, Unplaced,
    VenueKind, VenueRecord, csv, synth,
};
use quanyu::{
    EntityKind, Error, GridKind, Network, OrganisationKind, OrganisationRecord, Proximity,
    UnitRecord,
};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time")
}

fn window(from: &str, to: &str) -> TimeWindow {
    TimeWindow::new(at(from), at(to))
}

/// Two subdistricts:
///
/// S1 > A1 > G1 > B1, B1b        S2 > A3 > G4 > B4
///         > G2 > B2
///    > A2 > G3 > B3
///
/// Organisations: WC1@S1 > GB1@A1 > BR1@G1 > CELL1@B1, GB1 > BR2@G2, WC1 > GB2@A2 > BR3@G3,
/// WC1 > AM1@B2 (alliance member); WC2@S2 > BR4@G4.
fn town() -> Network {
    let mut net = Network::new();
    let mut e = net.edit();
    for (id, level, parent) in [
        ("S1", "Subdistrict", None),
        ("A1", "Area", Some("S1")),
        ("A2", "Area", Some("S1")),
        ("G1", "Grid", Some("A1")),
        ("G2", "Grid", Some("A1")),
        ("G3", "Grid", Some("A2")),
        ("B1", "Building", Some("G1")),
        ("B1b", "Building", Some("G1")),
        ("B2", "Building", Some("G2")),
        ("B3", "Building", Some("G3")),
        ("S2", "Subdistrict", None),
        ("A3", "Area", Some("S2")),
        ("G4", "Grid", Some("A3")),
        ("B4", "Building", Some("G4")),
    ] {
        let mut u = UnitRecord::new(id, level).name(id);
        if let Some(p) = parent {
            u = u.parent(p);
        }
        if level == "Grid" {
            u = u.grid_kind(GridKind::Community);
        }
        e.add_unit(u);
    }
    use OrganisationKind::*;
    for (id, kind, anchor, parent) in [
        ("WC1", WorkingCommittee, "S1", None),
        ("GB1", GeneralBranch, "A1", Some("WC1")),
        ("GB2", GeneralBranch, "A2", Some("WC1")),
        ("BR1", GridBranch, "G1", Some("GB1")),
        ("BR2", GridBranch, "G2", Some("GB1")),
        ("BR3", GridBranch, "G3", Some("GB2")),
        ("CELL1", BuildingCell, "B1", Some("BR1")),
        ("AM1", AllianceMember, "B2", Some("WC1")),
        ("WC2", WorkingCommittee, "S2", None),
        ("BR4", GridBranch, "G4", Some("WC2")),
    ] {
        let mut o = OrganisationRecord::new(id, kind).anchor(anchor);
        if let Some(p) = parent {
            o = o.parent(p);
        }
        e.add_organisation(o);
    }
    e.commit().expect("town");
    net
}

/// A venue open daily 08:00–20:00.
fn venue(id: &str, kind: VenueKind, owner: &str, location: &str, seats: u32) -> MenuRecords {
    let mut v = VenueRecord::new(id, kind, owner, location).capacity(seats);
    if kind == VenueKind::OnlineHall {
        v.capacity = None;
    }
    MenuRecords {
        venues: vec![v],
        opening_hours: OpeningHoursRecord::parse(id, "Daily 08:00-20:00").expect("hours"),
        ..Default::default()
    }
}

fn request(id: &str, org: &str, minutes: u32, w: TimeWindow) -> RequestRecord {
    RequestRecord::new(id, org, "议事协商", 10, minutes)
        .kinds([VenueKind::CommunityPavilion])
        .window(w)
}

fn add(menu: &mut Menu, net: &Network, parts: impl IntoIterator<Item = MenuRecords>) {
    let mut all = MenuRecords::default();
    for p in parts {
        all.extend(p);
    }
    menu.add(net, all).expect("valid records");
}

fn add_requests(menu: &mut Menu, net: &Network, requests: Vec<RequestRecord>) {
    menu.add(
        net,
        MenuRecords {
            requests,
            ..Default::default()
        },
    )
    .expect("valid requests");
}

fn reason_of(report: &MatchReport, request: &str) -> Option<Unplaced> {
    report
        .unplaced
        .iter()
        .find(|u| u.request == request)
        .map(|u| u.reason)
}

/// Every booking of every venue: none overlap, each lies inside an open interval.
fn assert_calendars_sound(menu: &Menu) {
    for v in menu.venues() {
        let cal = menu
            .calendar(&v.id, at("2024-01-01 00:00"), at("2025-12-31 00:00"))
            .expect("calendar");
        for pair in cal.bookings.windows(2) {
            assert!(
                pair[0].end <= pair[1].start,
                "venue {} double-booked: {:?} and {:?}",
                v.id,
                pair[0],
                pair[1]
            );
        }
        for b in &cal.bookings {
            assert!(
                cal.open
                    .iter()
                    .any(|o| o.start <= b.start && b.end <= o.end),
                "booking {} of {} outside opening hours",
                b.id,
                v.id
            );
        }
    }
}

// ---- opening hours, exceptions, closures ----------------------------------------------------

#[test]
fn bookings_follow_weekly_hours_exceptions_and_closures() {
    let net = town();
    let mut menu = Menu::new();
    let v = VenueRecord::new("P", VenueKind::CommunityPavilion, "GB1", "A1").capacity(30);
    let mut batch = MenuRecords {
        venues: vec![v],
        opening_hours: OpeningHoursRecord::parse("P", "Mon-Fri 09:00-12:00 14:00-17:00")
            .expect("hours"),
        ..Default::default()
    };
    let d = |s: &str| s.parse().expect("date");
    let t = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("time");
    batch
        .exceptions
        .push(ExceptionRecord::closed("P", d("2024-10-15")));
    batch.exceptions.push(ExceptionRecord::hours(
        "P",
        d("2024-10-16"),
        t("18:00"),
        t("20:00"),
    ));
    menu.add(&net, batch).expect("venue");
    add_requests(
        &mut menu,
        &net,
        vec![
            // Monday 08:00-13:00, 2 hours: only 09:00-11:00 or 10:00-12:00 fit the morning.
            request(
                "mon",
                "BR1",
                120,
                window("2024-10-14 08:00", "2024-10-14 13:00"),
            ),
            // Monday 11:00-15:00, 2 hours: straddles the lunch break; fits nowhere.
            request(
                "lunch",
                "BR1",
                120,
                window("2024-10-14 11:00", "2024-10-14 15:00"),
            ),
            // Tuesday is closed.
            request(
                "tue",
                "BR1",
                60,
                window("2024-10-15 09:00", "2024-10-15 17:00"),
            ),
            // Wednesday has only evening hours, by exception.
            request(
                "wed",
                "BR1",
                60,
                window("2024-10-16 09:00", "2024-10-16 21:00"),
            ),
            // Saturday: no weekly hours.
            request(
                "sat",
                "BR1",
                60,
                window("2024-10-19 09:00", "2024-10-19 17:00"),
            ),
        ],
    );
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    let placed: HashMap<&str, (NaiveDateTime, NaiveDateTime)> = report
        .placed
        .iter()
        .map(|p| (p.request.as_str(), (p.start, p.end)))
        .collect();
    assert_eq!(
        placed["mon"],
        (at("2024-10-14 09:00"), at("2024-10-14 11:00"))
    );
    assert_eq!(
        placed["wed"],
        (at("2024-10-16 18:00"), at("2024-10-16 19:00"))
    );
    for r in ["lunch", "tue", "sat"] {
        assert_eq!(
            reason_of(&report, r),
            Some(Unplaced::ClosedAtThoseTimes),
            "{r}"
        );
    }
    assert_calendars_sound(&menu);
    let cal = menu
        .calendar("P", at("2024-10-15 00:00"), at("2024-10-17 00:00"))
        .expect("calendar");
    assert_eq!(
        cal.open,
        vec![window("2024-10-16 18:00", "2024-10-16 20:00")]
    );
}

#[test]
fn later_requests_get_what_is_left_and_no_slot_is_taken_twice() {
    let net = town();
    let mut menu = Menu::new();
    add(
        &mut menu,
        &net,
        [venue("P", VenueKind::CommunityPavilion, "GB1", "A1", 30)],
    );
    let w = window("2024-10-14 09:00", "2024-10-14 11:00");
    add_requests(
        &mut menu,
        &net,
        (0..5)
            .map(|i| request(&format!("r{i}"), "BR1", 60, w))
            .collect(),
    );
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert_eq!(report.placed.len(), 2);
    assert_eq!(report.unplaced.len(), 3);
    assert!(
        report
            .unplaced
            .iter()
            .all(|u| u.reason == Unplaced::AllBooked)
    );
    assert_calendars_sound(&menu);
    // A second batch finds nothing left, and a manual booking on a taken slot is refused.
    add_requests(&mut menu, &net, vec![request("late", "BR1", 60, w)]);
    let again = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert_eq!(reason_of(&again, "late"), Some(Unplaced::AllBooked));
    let before = menu.to_json().expect("json");
    let clash = BookingRecord::new(
        "B-x",
        "P",
        "late",
        at("2024-10-14 09:30"),
        at("2024-10-14 10:00"),
    );
    let err = menu.book(&net, clash).expect_err("double booking");
    assert!(
        err.problems()[0].message.contains("already booked"),
        "{err}"
    );
    assert_eq!(menu.to_json().expect("json"), before);
}

// ---- policy, reach, seats, features ------------------------------------------------------------

#[test]
fn booking_policy_decides_who_may_book() {
    let net = town();
    let mut menu = Menu::new();
    let mut parts = Vec::new();
    for (id, reach, owner, location) in [
        ("grid", BookingReach::SameGrid, "BR1", "G1"),
        ("area", BookingReach::SameArea, "GB1", "A1"),
        ("own", BookingReach::Owner, "BR1", "B1"),
        ("ally", BookingReach::Alliance, "AM1", "B2"),
        ("sub", BookingReach::Subdistrict, "WC1", "S1"),
    ] {
        let mut p = venue(id, VenueKind::MeetingRoom, owner, location, 20);
        p.venues[0].may_book = reach;
        p.venues[0].needs_approval = reach == BookingReach::Alliance;
        parts.push(p);
    }
    add(&mut menu, &net, parts);
    let w = window("2024-10-14 09:00", "2024-10-14 10:00");
    let ask = |id: &str, org: &str, only: &str| {
        let mut r = RequestRecord::new(id, org, "会议", 5, 60)
            .kinds([VenueKind::MeetingRoom])
            .window(w)
            .max_travel(Proximity::Beyond);
        r.activity = only.to_owned();
        r
    };
    // Each venue on its own menu copy, so that requests do not compete.
    let cases = [
        // (venue, requester, allowed)
        ("grid", "CELL1", true), // same grid (B1 in G1)
        ("grid", "BR2", false),  // G2: same area only
        ("area", "BR2", true),   // same area
        ("area", "BR3", false),  // A2
        ("own", "CELL1", true),  // under the owner BR1
        ("own", "BR2", false),   // not under it, though near
        ("ally", "BR3", true),   // same organisation tree (WC1)
        ("ally", "BR4", false),  // WC2's tree
        ("sub", "BR3", true),    // same subdistrict
        ("sub", "BR4", false),   // S2
    ];
    for (v, org, allowed) in cases {
        let mut m = Menu::new();
        let rec = menu.records();
        m.add(
            &net,
            MenuRecords {
                venues: rec.venues.into_iter().filter(|x| x.id == v).collect(),
                opening_hours: rec
                    .opening_hours
                    .into_iter()
                    .filter(|x| x.venue == v)
                    .collect(),
                ..Default::default()
            },
        )
        .expect("venue");
        add_requests(&mut m, &net, vec![ask("r", org, v)]);
        let report = m
            .match_requests(&net, &MatchOptions::default())
            .expect("match");
        if allowed {
            assert_eq!(report.placed.len(), 1, "{org} should be able to book {v}");
            let expect = if v == "ally" {
                BookingStatus::AwaitingApproval
            } else {
                BookingStatus::Confirmed
            };
            assert_eq!(report.placed[0].status, expect);
            assert_eq!(
                m.booking(&report.placed[0].booking)
                    .expect("booking")
                    .status,
                Some(expect)
            );
        } else {
            assert_eq!(
                reason_of(&report, "r"),
                Some(Unplaced::PolicyForbids),
                "{org} must not book {v}"
            );
            // The same booking made by hand is refused too.
            let b = BookingRecord::new("b", v, "r", at("2024-10-14 09:00"), at("2024-10-14 10:00"));
            let err = m.book(&net, b).expect_err("policy");
            assert!(
                err.problems().iter().any(|p| p.message.contains("policy")),
                "{err}"
            );
        }
    }
}

#[test]
fn approval_can_be_given_and_bookings_cancelled() {
    let net = town();
    let mut menu = Menu::new();
    let mut p = venue("ally", VenueKind::MeetingRoom, "AM1", "B2", 20);
    p.venues[0].needs_approval = true;
    add(&mut menu, &net, [p]);
    let w = window("2024-10-14 09:00", "2024-10-14 10:00");
    add_requests(
        &mut menu,
        &net,
        vec![
            RequestRecord::new("r", "BR2", "会议", 5, 60)
                .kinds([VenueKind::MeetingRoom])
                .window(w),
        ],
    );
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    let id = report.placed[0].booking.clone();
    assert_eq!(
        menu.booking(&id).expect("b").status,
        Some(BookingStatus::AwaitingApproval)
    );
    menu.approve(&id).expect("approve");
    assert_eq!(
        menu.booking(&id).expect("b").status,
        Some(BookingStatus::Confirmed)
    );
    let cancelled = menu.cancel(&id).expect("cancel");
    assert_eq!(cancelled.id, id);
    assert_eq!(menu.booking_count(), 0);
    assert!(matches!(
        menu.cancel(&id),
        Err(Error::NotFound {
            kind: EntityKind::Booking,
            ..
        })
    ));
    assert!(matches!(
        menu.approve("nope"),
        Err(Error::NotFound {
            kind: EntityKind::Booking,
            ..
        })
    ));
    // The freed slot can be matched again.
    let again = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert_eq!(again.placed.len(), 1);
}

#[test]
fn every_reason_for_staying_unplaced() {
    let net = town();
    let mut menu = Menu::new();
    let mut small = venue("small", VenueKind::CommunityPavilion, "GB1", "A1", 8);
    small.venues[0].features = FeatureSet::from_iter([Feature::StepFree]);
    let mut mine = venue("mine", VenueKind::ActivityRoom, "BR3", "G3", 50);
    mine.venues[0].may_book = BookingReach::Owner;
    let mut evening = venue("evening", VenueKind::Classroom, "WC1", "S1", 50);
    evening.opening_hours =
        OpeningHoursRecord::parse("evening", "Daily 18:00-21:00").expect("hours");
    add(&mut menu, &net, [small, mine, evening]);
    let w = window("2024-10-14 09:00", "2024-10-14 12:00");
    let base = |id: &str, kind: VenueKind| {
        RequestRecord::new(id, "BR1", "x", 5, 60)
            .kinds([kind])
            .window(w)
    };
    add_requests(
        &mut menu,
        &net,
        vec![
            base("features", VenueKind::CommunityPavilion)
                .features(FeatureSet::from_iter([Feature::Projector])),
            base("kind", VenueKind::SportsGround),
            base("travel", VenueKind::ActivityRoom).max_travel(Proximity::SameArea),
            base("policy", VenueKind::ActivityRoom),
            {
                let mut r = base("seats", VenueKind::CommunityPavilion);
                r.attendees = 9;
                r
            },
            base("closed", VenueKind::Classroom),
            base("ok", VenueKind::CommunityPavilion)
                .features(FeatureSet::from_iter([Feature::StepFree])),
            base("booked1", VenueKind::CommunityPavilion),
            base("booked2", VenueKind::CommunityPavilion),
            base("booked3", VenueKind::CommunityPavilion),
        ],
    );
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert_eq!(
        reason_of(&report, "features"),
        Some(Unplaced::NoVenueInReach)
    );
    assert_eq!(reason_of(&report, "kind"), Some(Unplaced::NoVenueInReach));
    assert_eq!(reason_of(&report, "travel"), Some(Unplaced::NoVenueInReach));
    assert_eq!(reason_of(&report, "policy"), Some(Unplaced::PolicyForbids));
    assert_eq!(
        reason_of(&report, "seats"),
        Some(Unplaced::CapacityTooSmall)
    );
    assert_eq!(
        reason_of(&report, "closed"),
        Some(Unplaced::ClosedAtThoseTimes)
    );
    // Three hours, four one-hour requests for the pavilion: one waits, every slot taken.
    let booked: Vec<Unplaced> = ["ok", "booked1", "booked2", "booked3"]
        .iter()
        .filter_map(|r| reason_of(&report, r))
        .collect();
    assert_eq!(booked, vec![Unplaced::AllBooked]);
    assert_eq!(report.unplaced.len(), 7);
    let by_reason = report.unplaced_by_reason();
    assert_eq!(by_reason[&Unplaced::NoVenueInReach], 3);
}

// ---- recurring series ------------------------------------------------------------------------

#[test]
fn a_weekly_series_is_placed_occurrence_by_occurrence() {
    let net = town();
    let mut menu = Menu::new();
    let mut p = venue("P", VenueKind::CommunityPavilion, "GB1", "A1", 30);
    // Closed on the Monday of the third week.
    p.exceptions.push(ExceptionRecord::closed(
        "P",
        "2024-10-28".parse().expect("date"),
    ));
    add(&mut menu, &net, [p]);
    let series = request(
        "series",
        "BR1",
        60,
        window("2024-10-14 09:00", "2024-10-14 10:00"),
    )
    .repeat_weeks(5);
    // The fourth Monday (occurrence 3) is already taken by someone else.
    let other = request(
        "other",
        "BR2",
        60,
        window("2024-11-04 09:00", "2024-11-04 10:00"),
    );
    add_requests(&mut menu, &net, vec![series, other]);
    menu.book(
        &net,
        BookingRecord::new(
            "held",
            "P",
            "other",
            at("2024-11-04 09:00"),
            at("2024-11-04 10:00"),
        ),
    )
    .expect("manual booking");
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    let placed: Vec<u32> = report.placed.iter().map(|p| p.occurrence).collect();
    assert_eq!(placed, vec![0, 1, 4]);
    let missed: Vec<(u32, Unplaced)> = report
        .unplaced
        .iter()
        .map(|u| (u.occurrence, u.reason))
        .collect();
    assert_eq!(
        missed,
        vec![(2, Unplaced::ClosedAtThoseTimes), (3, Unplaced::AllBooked)]
    );
    assert_eq!(report.placed[1].start, at("2024-10-21 09:00"));
    let occ = menu.occurrences("series").expect("occurrences");
    assert_eq!(occ.len(), 5);
    assert_eq!(occ.iter().filter(|o| o.booking.is_some()).count(), 3);
    assert_eq!(
        occ[2].windows,
        vec![window("2024-10-28 09:00", "2024-10-28 10:00")]
    );
    // Withdrawing the series frees its three slots.
    assert_eq!(menu.withdraw_request("series").expect("withdraw").len(), 3);
    assert_eq!(menu.booking_count(), 1);
}

// ---- fair share ------------------------------------------------------------------------------

/// Two areas compete for one pavilion in A1 that anyone in the subdistrict may book: six
/// one-hour slots, six requests from each area. Travel alone would give A1 everything.
fn contested(minutes: u32) -> (Network, Menu) {
    let net = town();
    let mut menu = Menu::new();
    let mut p = venue("P", VenueKind::CommunityPavilion, "GB1", "G1", 30);
    p.venues[0].may_book = BookingReach::Subdistrict;
    p.opening_hours = OpeningHoursRecord::parse("P", "Mon 09:00-15:00").expect("hours");
    add(&mut menu, &net, [p]);
    let w = window("2024-10-14 09:00", "2024-10-14 15:00");
    let mut rs = Vec::new();
    for i in 0..6 {
        rs.push(request(&format!("near{i}"), "BR1", minutes, w));
        rs.push(request(&format!("far{i}"), "BR3", minutes, w));
    }
    add_requests(&mut menu, &net, rs);
    (net, menu)
}

fn placed_by_prefix(report: &MatchReport) -> (usize, usize) {
    let n = |p: &str| {
        report
            .placed
            .iter()
            .filter(|x| x.request.starts_with(p))
            .count()
    };
    (n("near"), n("far"))
}

#[test]
fn fair_share_splits_a_scarce_venue_between_communities() {
    for minutes in [60, 30] {
        let slots = if minutes == 60 { 6 } else { 12 };
        let (net, menu) = contested(minutes);
        let fair = menu
            .plan_matching(&net, &MatchOptions::default())
            .expect("plan");
        let (near, far) = placed_by_prefix(&fair);
        assert_eq!(near + far, slots);
        if minutes == 60 {
            assert_eq!((near, far), (3, 3), "fair share at {minutes} minutes");
        } else {
            assert_eq!((near, far), (6, 6));
        }
        let greedy_only = MatchOptions {
            heuristic_only: true,
            ..Default::default()
        };
        assert_eq!(
            placed_by_prefix(&menu.plan_matching(&net, &greedy_only).expect("plan")),
            (near, far)
        );
        let unfair = MatchOptions {
            fair_share: false,
            ..Default::default()
        };
        let (n2, f2) = placed_by_prefix(&menu.plan_matching(&net, &unfair).expect("plan"));
        if minutes == 60 {
            assert_eq!((n2, f2), (6, 0), "travel alone favours the near area");
        }
    }
}

#[test]
fn higher_priority_comes_before_fair_share() {
    let (net, mut menu) = contested(60);
    // Make the near requests urgent: priority comes before fair share.
    let mut rs: Vec<RequestRecord> = menu.requests().cloned().collect();
    for r in &mut rs {
        if r.id.starts_with("near") {
            r.priority = 2;
        }
    }
    let mut fresh = Menu::new();
    let rec = menu.records();
    fresh
        .add(
            &net,
            MenuRecords {
                venues: rec.venues,
                opening_hours: rec.opening_hours,
                requests: rs,
                ..Default::default()
            },
        )
        .expect("menu");
    menu = fresh;
    let report = menu
        .plan_matching(&net, &MatchOptions::default())
        .expect("plan");
    assert_eq!(placed_by_prefix(&report), (6, 0));
    assert_eq!(report.score.placed_by_priority, vec![(2, 6)]);
}

/// The fair-share consequence on a whole synthetic week: no waiting occurrence could take the
/// place of a single booking of a community holding two or more placements more at its
/// priority.
#[test]
fn fair_share_consequence_holds_on_a_synthetic_week() {
    let net = quanyu::synth::community(21).expect("city");
    let mut menu = synth::menu(&net, 21).expect("menu");
    let mut requests = synth::requests(&net, &menu, synth::WEEK, 500, 21).expect("requests");
    for r in &mut requests {
        r.repeat_weeks = 1;
    }
    add_requests(&mut menu, &net, requests);
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert_calendars_sound(&menu);
    let community = |req: &str| -> String {
        let r = menu.request(req).expect("request");
        let unit = match &r.unit {
            Some(u) => u.clone(),
            None => net
                .anchor(&r.organisation)
                .expect("org")
                .expect("anchor")
                .id
                .to_string(),
        };
        let mut chain = vec![net.unit(&unit).expect("unit").clone()];
        chain.extend(
            net.ancestors(&unit)
                .expect("ancestors")
                .into_iter()
                .cloned(),
        );
        chain
            .iter()
            .find(|u| net.scheme().name(u.level) == "Area")
            .or(chain.last())
            .expect("chain")
            .id
            .to_string()
    };
    let mut count: HashMap<(u8, String), usize> = HashMap::new();
    for p in &report.placed {
        let prio = menu.request(&p.request).expect("r").priority;
        *count.entry((prio, community(&p.request))).or_default() += 1;
    }
    let mut checked = 0;
    for u in report
        .unplaced
        .iter()
        .filter(|u| u.reason == Unplaced::AllBooked)
    {
        let r = menu.request(&u.request).expect("r").clone();
        let b_comm = community(&r.id);
        let x_b = count
            .get(&(r.priority, b_comm.clone()))
            .copied()
            .unwrap_or(0);
        for p in &report.placed {
            let pr = menu.request(&p.request).expect("r");
            if pr.priority != r.priority {
                continue;
            }
            let a_comm = community(&p.request);
            if count[&(pr.priority, a_comm)] < x_b + 2 {
                continue;
            }
            // Give up that one placement and look for room for the waiting request.
            let mut trial = menu.clone();
            trial.cancel(&p.booking).expect("cancel");
            let found = trial.find_slots(&net, &r, 1).expect("search");
            checked += 1;
            assert!(
                found.offers.is_empty(),
                "{} (community {b_comm}, {x_b} placed) could take the place of {}",
                r.id,
                p.booking
            );
        }
    }
    assert!(checked > 0, "the week should contest some venue");
}

// ---- bad input -------------------------------------------------------------------------------

#[test]
fn bad_input_is_refused_with_every_problem_and_changes_nothing() {
    let net = town();
    let mut menu = Menu::new();
    add(
        &mut menu,
        &net,
        [venue("P", VenueKind::CommunityPavilion, "GB1", "A1", 30)],
    );
    add_requests(
        &mut menu,
        &net,
        vec![request(
            "ok",
            "BR1",
            60,
            window("2024-10-14 09:00", "2024-10-14 12:00"),
        )],
    );
    let before = menu.to_json().expect("json");
    let mut batch = MenuRecords::default();
    batch
        .venues
        .push(VenueRecord::new("V2", VenueKind::MeetingRoom, "nobody", "nowhere").capacity(10));
    batch
        .venues
        .push(VenueRecord::new("P", VenueKind::MeetingRoom, "GB1", "A1").capacity(10));
    batch.requests.push(request(
        "backwards",
        "BR1",
        60,
        window("2024-10-14 12:00", "2024-10-14 09:00"),
    ));
    batch.requests.push(request(
        "short",
        "BR1",
        90,
        window("2024-10-14 09:00", "2024-10-14 10:00"),
    ));
    batch.requests.push(
        RequestRecord::new("empty", "BR1", "x", 0, 60)
            .window(window("2024-10-14 09:00", "2024-10-14 12:00")),
    );
    batch.requests.push(request(
        "who",
        "ghost-org",
        60,
        window("2024-10-14 09:00", "2024-10-14 12:00"),
    ));
    batch.requests.push(
        request(
            "where",
            "BR1",
            60,
            window("2024-10-14 09:00", "2024-10-14 12:00"),
        )
        .unit("ghost-unit"),
    );
    batch.bookings.push(BookingRecord::new(
        "b1",
        "ghost-venue",
        "ok",
        at("2024-10-14 09:00"),
        at("2024-10-14 10:00"),
    ));
    batch.bookings.push(BookingRecord::new(
        "b2",
        "P",
        "ok",
        at("2024-10-14 07:00"),
        at("2024-10-14 08:00"),
    ));
    let err = menu.add(&net, batch).expect_err("bad batch");
    let got: Vec<(String, String)> = err
        .problems()
        .iter()
        .map(|p| (p.id.clone(), p.field.clone()))
        .collect();
    let want = [
        ("V2", "owner"),
        ("V2", "location"),
        ("P", "id"),
        ("backwards", "windows"),
        ("short", "windows"),
        ("empty", "attendees"),
        ("who", "organisation"),
        ("where", "unit"),
        ("b1", "venue"),
        ("b2", "start"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want, "{err}");
    let backwards = &err.problems()[3].message;
    assert!(
        backwards.contains("ends") && backwards.contains("before it starts"),
        "{backwards}"
    );
    assert_eq!(menu.to_json().expect("json"), before);

    // Unknown ids in calls are NotFound; bad arguments are InvalidArgument.
    assert!(matches!(
        menu.venue("ghost"),
        Err(Error::NotFound {
            kind: EntityKind::Venue,
            ..
        })
    ));
    assert!(matches!(
        menu.request("ghost"),
        Err(Error::NotFound {
            kind: EntityKind::Request,
            ..
        })
    ));
    assert!(matches!(
        menu.calendar("ghost", at("2024-10-14 00:00"), at("2024-10-15 00:00")),
        Err(Error::NotFound { .. })
    ));
    let only_ghost = MatchOptions {
        requests: Some(vec!["ghost".into()]),
        ..Default::default()
    };
    assert!(matches!(
        menu.match_requests(&net, &only_ghost),
        Err(Error::NotFound {
            kind: EntityKind::Request,
            ..
        })
    ));
    let r = request(
        "q",
        "BR1",
        60,
        window("2024-10-14 09:00", "2024-10-14 12:00"),
    );
    assert!(matches!(
        menu.find_slots(&net, &r, 0),
        Err(Error::InvalidArgument { .. })
    ));
    let backwards = request(
        "q",
        "BR1",
        60,
        window("2024-10-14 12:00", "2024-10-14 09:00"),
    );
    assert!(matches!(
        menu.find_slots(&net, &backwards, 3),
        Err(Error::Validation(_))
    ));
    assert_eq!(menu.to_json().expect("json"), before);

    // Negative attendees in a CSV row: the row, the column and what was expected.
    let text = "id,organisation,attendees,windows,duration_minutes\n\
                fine,BR1,5,2024-10-14T09:00/2024-10-14T12:00,60\n\
                neg,BR1,-3,2024-10-14T09:00/2024-10-14T12:00,60\n";
    let err = csv::read_requests(text.as_bytes(), "requests.csv").expect_err("negative");
    assert_eq!(
        err.problems()[0].to_string(),
        "requests.csv row 2: `neg`.attendees: attendees cannot be negative (got -3)"
    );
    // One occurrence booked twice in one batch: the second is refused, and so is the batch.
    let twice = MenuRecords {
        bookings: vec![
            BookingRecord::new(
                "t1",
                "P",
                "ok",
                at("2024-10-14 09:00"),
                at("2024-10-14 10:00"),
            ),
            BookingRecord::new(
                "t2",
                "P",
                "ok",
                at("2024-10-14 10:00"),
                at("2024-10-14 11:00"),
            ),
        ],
        ..Default::default()
    };
    let err = menu.add(&net, twice).expect_err("booked twice");
    assert_eq!(err.problems().len(), 1);
    assert_eq!(
        (
            err.problems()[0].id.as_str(),
            err.problems()[0].field.as_str()
        ),
        ("t2", "occurrence")
    );
    assert_eq!(menu.to_json().expect("json"), before);
    // Synthetic streams refuse impossible arguments instead of panicking.
    let far = chrono::NaiveDate::MAX;
    assert!(synth::requests(&net, &menu, far, 5, 1).is_err());
    assert!(menu.supply_demand(&net, far, 2).is_err());
    // A menu that no longer matches its network refuses to match, and changes nothing.
    let mut stale = menu.clone();
    let other = Network::new();
    assert!(matches!(
        stale.match_requests(&other, &MatchOptions::default()),
        Err(Error::Validation(_))
    ));
    assert_eq!(stale, menu);
}

#[test]
fn a_venue_with_bookings_cannot_be_removed() {
    let net = town();
    let mut menu = Menu::new();
    add(
        &mut menu,
        &net,
        [venue("P", VenueKind::CommunityPavilion, "GB1", "A1", 30)],
    );
    add_requests(
        &mut menu,
        &net,
        vec![request(
            "r",
            "BR1",
            60,
            window("2024-10-14 09:00", "2024-10-14 12:00"),
        )],
    );
    let report = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert!(menu.remove_venue("P").is_err());
    menu.cancel(&report.placed[0].booking).expect("cancel");
    menu.remove_venue("P").expect("remove");
    assert_eq!(menu.venue_count(), 0);
    let again = menu
        .match_requests(&net, &MatchOptions::default())
        .expect("match");
    assert_eq!(reason_of(&again, "r"), Some(Unplaced::NoVenueInReach));
}

// ---- find_slots ------------------------------------------------------------------------------

#[test]
fn find_slots_offers_free_placements_best_first() {
    let net = town();
    let mut menu = Menu::new();
    add(
        &mut menu,
        &net,
        [
            venue("nearP", VenueKind::CommunityPavilion, "BR1", "B1", 30),
            venue("farP", VenueKind::CommunityPavilion, "GB2", "A2", 30),
            venue("onlineH", VenueKind::OnlineHall, "WC1", "S1", 1),
        ],
    );
    let ask = RequestRecord::new("ask", "CELL1", "议事", 10, 60)
        .kinds([VenueKind::CommunityPavilion])
        .window(window("2024-10-14 09:00", "2024-10-14 12:00"))
        .window(window("2024-10-15 14:00", "2024-10-15 16:00"));
    let found = menu.find_slots(&net, &ask, 10).expect("search");
    let got: Vec<(&str, NaiveDateTime, Proximity)> = found
        .offers
        .iter()
        .map(|o| (o.venue.as_str(), o.start, o.proximity))
        .collect();
    assert_eq!(
        got,
        vec![
            ("nearP", at("2024-10-14 09:00"), Proximity::SameBuilding),
            ("nearP", at("2024-10-15 14:00"), Proximity::SameBuilding),
            ("farP", at("2024-10-14 09:00"), Proximity::SameSubdistrict),
            ("farP", at("2024-10-15 14:00"), Proximity::SameSubdistrict),
        ]
    );
    assert_eq!(
        menu.find_slots(&net, &ask, 1).expect("search").offers.len(),
        1
    );
    // Book the best one: it is no longer offered, the next start in that window is.
    add_requests(&mut menu, &net, vec![ask.clone()]);
    menu.book(
        &net,
        BookingRecord::new(
            "b",
            "nearP",
            "ask",
            at("2024-10-14 09:00"),
            at("2024-10-14 10:00"),
        ),
    )
    .expect("book");
    let again = menu.find_slots(&net, &ask, 1).expect("search");
    assert_eq!(again.offers[0].start, at("2024-10-14 10:00"));
    // Online only on request.
    let online = ask.clone().kinds([VenueKind::OnlineHall]);
    let found = menu.find_slots(&net, &online, 5).expect("search");
    assert_eq!(found.offers.len(), 2);
    assert_eq!(found.offers[0].venue, "onlineH");
    // Nothing fits: the reason comes back.
    let nothing = ask.kinds([VenueKind::SportsGround]);
    let found = menu.find_slots(&net, &nothing, 5).expect("search");
    assert!(found.offers.is_empty());
    assert_eq!(found.reason, Some(Unplaced::NoVenueInReach));
}

// ---- one-slot optimality against an independent brute force ------------------------------------

/// A candidate placement computed by the test itself, from the rules as documented.
#[derive(Clone, Copy, Debug)]
struct Cand {
    venue: usize,
    slot: i64,
    travel: u64,
}

fn org_chain(net: &Network, org: &str) -> Vec<String> {
    let mut out = vec![org.to_owned()];
    while let Some(p) = net
        .parent_organisation(out.last().expect("org"))
        .expect("org")
    {
        out.push(p.id.to_string());
    }
    out
}

fn brute_candidates(net: &Network, menu: &Menu, r: &RequestRecord) -> Vec<Cand> {
    let unit = net
        .anchor(&r.organisation)
        .expect("org")
        .expect("anchor")
        .id
        .clone();
    let requester = org_chain(net, &r.organisation);
    let mut out = Vec::new();
    for (vi, v) in menu.venues().enumerate() {
        let accepted = if r.kinds.is_empty() {
            v.kind != VenueKind::OnlineHall
        } else {
            r.kinds.contains(&v.kind)
        };
        if !accepted
            || !v.features.covers(r.features)
            || v.capacity.is_some_and(|c| c < r.attendees)
        {
            continue;
        }
        let proximity = net.proximity(&unit, &v.location).expect("proximity");
        if v.kind != VenueKind::OnlineHall && proximity > r.max_travel {
            continue;
        }
        let own = requester.contains(&v.owner);
        let alliance = requester.last() == org_chain(net, &v.owner).last();
        let allowed = own
            || match v.may_book {
                BookingReach::Owner => false,
                BookingReach::SameGrid => proximity <= Proximity::SameGrid,
                BookingReach::SameArea => proximity <= Proximity::SameArea,
                BookingReach::Alliance => alliance,
                BookingReach::Subdistrict => proximity <= Proximity::SameSubdistrict,
                BookingReach::Anyone => true,
            };
        if !allowed {
            continue;
        }
        let travel = if v.kind == VenueKind::OnlineHall {
            0
        } else {
            u64::from(proximity.cost().unwrap_or(5))
        };
        let cal = menu
            .calendar(&v.id, at("2024-10-14 00:00"), at("2024-10-15 00:00"))
            .expect("calendar");
        for w in &r.windows {
            let mut t = w.start;
            while t + chrono::Duration::minutes(30) <= w.end {
                let end = t + chrono::Duration::minutes(30);
                if cal.open.iter().any(|o| o.start <= t && end <= o.end)
                    && !cal.bookings.iter().any(|b| b.start < end && t < b.end)
                {
                    let slot = (t - at("2024-10-14 00:00")).num_minutes() / 30;
                    if !out.iter().any(|c: &Cand| c.venue == vi && c.slot == slot) {
                        out.push(Cand {
                            venue: vi,
                            slot,
                            travel,
                        });
                    }
                }
                t = end;
            }
        }
    }
    out
}

/// (placed by priority, highest first; Σ x²; travel) of the best assignment.
type Objective = (Vec<(u8, u64)>, u64, u64);

fn objective(
    prio: &[u8],
    comm: &[String],
    cands: &[Vec<Cand>],
    pick: &[Option<usize>],
) -> Objective {
    let mut placed: BTreeMap<u8, u64> = BTreeMap::new();
    let mut groups: BTreeMap<(u8, &str), u64> = BTreeMap::new();
    let mut travel = 0;
    for (i, p) in pick.iter().enumerate() {
        if let Some(c) = p {
            *placed.entry(prio[i]).or_default() += 1;
            *groups.entry((prio[i], comm[i].as_str())).or_default() += 1;
            travel += cands[i][*c].travel;
        }
    }
    (
        placed.into_iter().rev().collect(),
        groups.values().map(|x| x * x).sum(),
        travel,
    )
}

fn better(a: &Objective, b: &Objective) -> bool {
    let count = |o: &Objective, p: u8| o.0.iter().find(|x| x.0 == p).map_or(0, |x| x.1);
    for p in (0..=255u8).rev() {
        match count(a, p).cmp(&count(b, p)) {
            std::cmp::Ordering::Greater => return true,
            std::cmp::Ordering::Less => return false,
            std::cmp::Ordering::Equal => {}
        }
    }
    (a.1, a.2) < (b.1, b.2)
}

fn brute_best(prio: &[u8], comm: &[String], cands: &[Vec<Cand>]) -> Objective {
    fn go(
        i: usize,
        prio: &[u8],
        comm: &[String],
        cands: &[Vec<Cand>],
        pick: &mut Vec<Option<usize>>,
        used: &mut Vec<(usize, i64)>,
        best: &mut Option<Objective>,
    ) {
        if i == cands.len() {
            let o = objective(prio, comm, cands, pick);
            if best.as_ref().is_none_or(|b| better(&o, b)) {
                *best = Some(o);
            }
            return;
        }
        pick.push(None);
        go(i + 1, prio, comm, cands, pick, used, best);
        pick.pop();
        for (k, c) in cands[i].iter().enumerate() {
            if used.contains(&(c.venue, c.slot)) {
                continue;
            }
            used.push((c.venue, c.slot));
            pick.push(Some(k));
            go(i + 1, prio, comm, cands, pick, used, best);
            pick.pop();
            used.pop();
        }
    }
    let mut best = None;
    go(
        0,
        prio,
        comm,
        cands,
        &mut Vec::new(),
        &mut Vec::new(),
        &mut best,
    );
    best.unwrap_or_default()
}

fn area_of(net: &Network, org: &str) -> String {
    let unit = net
        .anchor(org)
        .expect("org")
        .expect("anchor")
        .id
        .to_string();
    let mut chain = vec![unit.clone()];
    chain.extend(
        net.ancestors(&unit)
            .expect("unit")
            .iter()
            .map(|u| u.id.to_string()),
    );
    chain
        .iter()
        .find(|u| u.starts_with('A'))
        .or(chain.last())
        .expect("chain")
        .clone()
}

fn tiny_instance(seed: u64) -> (Network, Menu) {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let net = town();
    let mut menu = Menu::new();
    let places = [
        ("GB1", "A1"),
        ("BR1", "B1"),
        ("BR3", "G3"),
        ("WC1", "S1"),
        ("AM1", "B2"),
        ("BR4", "B4"),
    ];
    let kinds = [
        VenueKind::CommunityPavilion,
        VenueKind::MeetingRoom,
        VenueKind::OnlineHall,
    ];
    let reaches = [
        BookingReach::Subdistrict,
        BookingReach::Anyone,
        BookingReach::SameArea,
        BookingReach::Alliance,
        BookingReach::SameGrid,
    ];
    let mut parts = Vec::new();
    for v in 0..rng.random_range(1..=2) {
        let (owner, loc) = places[rng.random_range(0..places.len())];
        let kind = kinds[[0, 0, 0, 1, 1, 1, 2][rng.random_range(0..7)]];
        let id = format!("V{v}");
        let mut p = venue(&id, kind, owner, loc, rng.random_range(5..=20));
        p.venues[0].may_book = reaches[rng
            .random_range(0..reaches.len())
            .min(rng.random_range(0..reaches.len()))];
        let open = 9 + rng.random_range(0..2);
        p.opening_hours =
            OpeningHoursRecord::parse(&id, &format!("Mon {open:02}:00-{:02}:00", open + 1))
                .expect("hours");
        parts.push(p);
    }
    add(&mut menu, &net, parts);
    let orgs = ["CELL1", "BR1", "BR2", "BR3", "AM1", "GB2", "BR4"];
    let mut rs = Vec::new();
    for i in 0..rng.random_range(2..=7) {
        let start = 9 * 60 + 30 * rng.random_range(0..3i64);
        let len = 30 * rng.random_range(1..=3i64);
        let s = at("2024-10-14 00:00") + chrono::Duration::minutes(start);
        let mut r = RequestRecord::new(
            format!("r{i}"),
            orgs[rng.random_range(0..orgs.len())],
            "x",
            rng.random_range(1..=10),
            30,
        )
        .window(TimeWindow::new(s, s + chrono::Duration::minutes(len)))
        .priority(rng.random_range(0..=1));
        r.kinds = match rng.random_range(0..5) {
            0..3 => vec![],
            3 => vec![VenueKind::CommunityPavilion, VenueKind::OnlineHall],
            _ => vec![VenueKind::MeetingRoom],
        };
        if rng.random_bool(0.3) {
            r.max_travel = Proximity::SameArea;
        }
        rs.push(r);
    }
    add_requests(&mut menu, &net, rs);
    (net, menu)
}

#[test]
fn one_slot_matching_is_optimal_against_brute_force() {
    let mut nontrivial = 0;
    for seed in 0..300 {
        let (net, menu) = tiny_instance(seed);
        let requests: Vec<RequestRecord> = menu.requests().cloned().collect();
        let cands: Vec<Vec<Cand>> = requests
            .iter()
            .map(|r| brute_candidates(&net, &menu, r))
            .collect();
        let prio: Vec<u8> = requests.iter().map(|r| r.priority).collect();
        // Fair share counts per community within each group of requests that can use a
        // common venue: tag each community with its group.
        let mut group: Vec<usize> = (0..requests.len()).collect();
        for i in 0..requests.len() {
            for j in 0..i {
                let shared = cands[i]
                    .iter()
                    .any(|a| cands[j].iter().any(|b| a.venue == b.venue));
                if shared {
                    let (gi, gj) = (group[i], group[j]);
                    for g in &mut group {
                        if *g == gi {
                            *g = gj;
                        }
                    }
                }
            }
        }
        let comm: Vec<String> = requests
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}/{}", group[i], area_of(&net, &r.organisation)))
            .collect();
        let best = brute_best(&prio, &comm, &cands);
        let report = menu
            .plan_matching(&net, &MatchOptions::default())
            .expect("plan");
        let got = (
            report.score.placed_by_priority.clone(),
            report.score.fair_share_squares,
            report.score.travel,
        );
        let expect = (
            best.0.into_iter().filter(|x| x.1 > 0).collect::<Vec<_>>(),
            best.1,
            best.2,
        );
        assert_eq!(got, expect, "seed {seed}: {report:#?}");
        assert_eq!(report.groups, report.exact_groups, "seed {seed}");
        nontrivial += usize::from(
            report
                .unplaced
                .iter()
                .any(|u| u.reason == Unplaced::AllBooked),
        );
        // The reported score is what the placements add up to.
        let travel: u64 = report
            .placed
            .iter()
            .map(|p| {
                let online = menu.venue(&p.venue).expect("v").kind == VenueKind::OnlineHall;
                if online {
                    0
                } else {
                    u64::from(p.proximity.cost().unwrap_or(5))
                }
            })
            .sum();
        assert_eq!(travel, report.score.travel, "seed {seed}");
    }
    assert!(
        nontrivial >= 40,
        "only {nontrivial} contested instances of 300"
    );
}

// ---- round trips -----------------------------------------------------------------------------

fn busy_menu(seed: u64) -> (Network, Menu) {
    let net = quanyu::synth::community(seed).expect("city");
    let mut menu = synth::menu(&net, seed).expect("menu");
    let requests = synth::requests(&net, &menu, synth::WEEK, 120, seed).expect("requests");
    add_requests(&mut menu, &net, requests);
    menu.match_requests(&net, &MatchOptions::default())
        .expect("match");
    (net, menu)
}

#[test]
fn json_round_trips_exactly() {
    let (net, menu) = busy_menu(31);
    assert!(menu.booking_count() > 50);
    let json = menu.to_json().expect("json");
    let back = Menu::from_json(&json, &net).expect("load");
    assert_eq!(back, menu);
    assert_eq!(back.to_json().expect("json"), json);
    // The loaded menu behaves the same: nothing left to place, the same calendars.
    let mut a = menu.clone();
    let mut b = back;
    assert_eq!(
        a.match_requests(&net, &MatchOptions::default()).expect("a"),
        b.match_requests(&net, &MatchOptions::default()).expect("b")
    );
    // Other slot lengths survive too.
    let hourly = Menu::with_slot_minutes(60).expect("menu");
    let back = Menu::from_json(&hourly.to_json().expect("json"), &net).expect("load");
    assert_eq!(back.slot_minutes(), 60);
    // A dangling reference in a hand-edited file is named, with its table and row.
    let broken = json.replacen("\"owner\":\"", "\"owner\":\"x-", 1);
    let err = Menu::from_json(&broken, &net).expect_err("dangling owner");
    let p = &err.problems()[0];
    assert_eq!(
        (
            p.field.as_str(),
            p.origin.as_ref().map(|o| (o.source.as_str(), o.row))
        ),
        ("owner", Some(("venues", 1)))
    );
    assert!(matches!(
        Menu::from_json("{\"format\":\"quanyu/1\"}", &net),
        Err(Error::Parse { .. })
    ));
}

#[test]
fn csv_round_trips_venues_and_requests() {
    let (net, menu) = busy_menu(32);
    let dir = tempfile::tempdir().expect("dir");
    menu.export_csv(dir.path()).expect("export");
    let mut back = Menu::new();
    back.import_csv(&net, dir.path()).expect("import");
    let (a, b) = (menu.records(), back.records());
    assert_eq!(b.venues, a.venues);
    assert_eq!(b.opening_hours, a.opening_hours);
    assert_eq!(b.exceptions, a.exceptions);
    assert_eq!(b.requests, a.requests);
    assert!(b.bookings.is_empty(), "bookings travel in JSON only");
    // Writing the imported menu gives the same files.
    let dir2 = tempfile::tempdir().expect("dir");
    back.export_csv(dir2.path()).expect("export");
    for f in ["venues.csv", "requests.csv"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(f)).expect("read"),
            std::fs::read_to_string(dir2.path().join(f)).expect("read"),
            "{f}"
        );
    }
    // An import with one bad row adds nothing and names the row.
    let mut text = std::fs::read_to_string(dir.path().join("requests.csv")).expect("read");
    text.push_str("bad,S001-WC,,x,windows-here,60,0,1,SameArea\n");
    let bad = tempfile::tempdir().expect("dir");
    std::fs::write(bad.path().join("requests.csv"), text).expect("write");
    let mut fresh = Menu::new();
    let err = fresh.import_csv(&net, bad.path()).expect_err("bad row");
    assert!(
        err.problems()
            .iter()
            .all(|p| p.origin.as_ref().is_some_and(|o| o.row == 121)),
        "{err}"
    );
    assert_eq!(fresh.request_count(), 0);
}

// ---- never double-booked (property) --------------------------------------------------------

#[derive(Debug, Clone)]
struct VenueSpec {
    place: usize,
    kind: usize,
    seats: u32,
    reach: usize,
    open: u32,
    hours: u32,
    closed_tuesday: bool,
}

#[derive(Debug, Clone)]
struct RequestSpec {
    org: usize,
    kind: usize,
    minutes: u32,
    day: i64,
    start: u32,
    length: u32,
    weeks: u32,
    priority: u8,
    attendees: u32,
}

fn venue_spec() -> impl Strategy<Value = VenueSpec> {
    (
        0..6usize,
        0..3usize,
        5..40u32,
        0..5usize,
        7..12u32,
        2..10u32,
        any::<bool>(),
    )
        .prop_map(
            |(place, kind, seats, reach, open, hours, closed_tuesday)| VenueSpec {
                place,
                kind,
                seats,
                reach,
                open,
                hours,
                closed_tuesday,
            },
        )
}

fn request_spec() -> impl Strategy<Value = RequestSpec> {
    (
        0..7usize,
        0..4usize,
        1..7u32,
        0..3i64,
        14..40u32,
        1..12u32,
        1..3u32,
        0..3u8,
        1..30u32,
    )
        .prop_map(
            |(org, kind, minutes, day, start, length, weeks, priority, attendees)| RequestSpec {
                org,
                kind,
                minutes: minutes * 20,
                day,
                start: start * 30,
                length: length * 30,
                weeks,
                priority,
                attendees,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn never_double_booked(
        venues in proptest::collection::vec(venue_spec(), 1..5),
        requests in proptest::collection::vec(request_spec(), 1..14),
        manual in proptest::collection::vec((0..5usize, 0..14usize, 16..40u32), 0..4),
        fair in any::<bool>(),
        heuristic in any::<bool>(),
    ) {
        let net = town();
        let mut menu = Menu::new();
        let places = [("GB1", "A1"), ("BR1", "B1"), ("BR3", "G3"), ("WC1", "S1"), ("AM1", "B2"), ("BR4", "B4")];
        let kinds = [VenueKind::CommunityPavilion, VenueKind::MeetingRoom, VenueKind::OnlineHall];
        let reaches = [BookingReach::Subdistrict, BookingReach::SameArea, BookingReach::Alliance, BookingReach::SameGrid, BookingReach::Anyone];
        let mut parts = Vec::new();
        for (i, v) in venues.iter().enumerate() {
            let (owner, loc) = places[v.place];
            let id = format!("V{i}");
            let mut p = venue(&id, kinds[v.kind], owner, loc, v.seats);
            p.venues[0].may_book = reaches[v.reach];
            p.opening_hours = OpeningHoursRecord::parse(&id, &format!("Mon-Fri {:02}:00-{:02}:00", v.open, (v.open + v.hours).min(24))).expect("hours");
            if v.closed_tuesday {
                p.exceptions.push(ExceptionRecord::closed(&id, "2024-10-22".parse().expect("date")));
            }
            parts.push(p);
        }
        add(&mut menu, &net, parts);
        let orgs = ["CELL1", "BR1", "BR2", "BR3", "AM1", "GB2", "BR4"];
        let mut rs = Vec::new();
        for (i, r) in requests.iter().enumerate() {
            let s = at("2024-10-14 00:00") + chrono::Duration::days(r.day) + chrono::Duration::minutes(i64::from(r.start));
            let len = r.length.max(r.minutes);
            let mut q = RequestRecord::new(format!("r{i}"), orgs[r.org], "x", r.attendees, r.minutes)
                .window(TimeWindow::new(s, s + chrono::Duration::minutes(i64::from(len))))
                .priority(r.priority)
                .repeat_weeks(r.weeks);
            q.kinds = match r.kind {
                0 => vec![],
                1 => vec![VenueKind::CommunityPavilion, VenueKind::OnlineHall],
                2 => vec![VenueKind::MeetingRoom],
                _ => vec![VenueKind::OnlineHall],
            };
            rs.push(q);
        }
        let pending: u32 = rs.iter().map(|r| r.repeat_weeks).sum();
        add_requests(&mut menu, &net, rs);
        // Some bookings made by hand first; those that do not fit are refused.
        let mut manual_ok = 0;
        for (k, (v, r, start)) in manual.iter().enumerate() {
            let (v, r) = (v % venues.len(), r % requests.len());
            let s = at("2024-10-14 00:00") + chrono::Duration::minutes(i64::from(*start) * 30);
            let b = BookingRecord::new(format!("m{k}"), format!("V{v}"), format!("r{r}"), s, s + chrono::Duration::minutes(60));
            manual_ok += usize::from(menu.book(&net, b).is_ok());
        }
        let opts = MatchOptions { fair_share: fair, heuristic_only: heuristic, ..Default::default() };
        let report = menu.match_requests(&net, &opts).expect("match");
        prop_assert_eq!(report.placed.len() + report.unplaced.len() + manual_ok, pending as usize);
        prop_assert_eq!(menu.booking_count(), report.placed.len() + manual_ok);
        assert_calendars_sound(&menu);
        for p in &report.placed {
            let r = menu.request(&p.request).expect("request").clone();
            let v = menu.venue(&p.venue).expect("venue").clone();
            prop_assert!(r.accepts(v.kind));
            prop_assert!(v.capacity.is_none_or(|c| c >= r.attendees));
            let shift = chrono::Duration::weeks(i64::from(p.occurrence));
            prop_assert!(r.windows.iter().any(|w| w.start + shift <= p.start && p.end <= w.end + shift));
            // Validation agrees: the same booking, made by hand on a menu without it, is accepted.
            let mut trial = menu.clone();
            let b = trial.cancel(&p.booking).expect("cancel");
            let again = MenuRecords { bookings: vec![b], ..Default::default() };
            let problems = trial.check(&net, &again);
            prop_assert!(problems.is_empty(), "{:?}", problems);
        }
        // Each occurrence is booked at most once.
        for r in menu.requests() {
            let occ = menu.occurrences(&r.id).expect("occurrences");
            prop_assert_eq!(occ.len() as u32, r.repeat_weeks);
        }
    }
}

#[test]
fn weekday_names_in_records() {
    let rows = OpeningHoursRecord::parse("V", "Sat-Sun 10:00-12:00").expect("hours");
    assert_eq!(
        rows.iter().map(|r| r.weekday).collect::<Vec<_>>(),
        vec![Weekday::Sat, Weekday::Sun]
    );
}

#[test]
fn menus_and_results_can_cross_threads() {
    fn check<T: Clone + Send + Sync>() {}
    check::<Menu>();
    check::<MatchReport>();
    check::<MenuRecords>();
    check::<quanyu::venues::SlotSearch>();
}
