//! Grid events: both workflow presets walked through every action, guards on the day of the
//! transition, cards and escalation on the working-day calendar, and offline merging.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use quanyu::events::{
    CardColour, CardReason, EscalationCause, EventBook, EventRecord, Severity, TransitionRecord,
    WorkCalendar, Workflow,
};
use quanyu::{
    Error, Network, OrganisationKind, OrganisationRecord, PersonRecord, PostRecord, Role,
};
use rand::SeedableRng;
use rand::seq::SliceRandom;

use crate::common::{day, small};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test moment")
}

/// The small subdistrict with the people of the loop: a grid worker, a branch secretary,
/// officers of the area (community) and of the subdistrict, a handler, and an enterprise
/// that can be summoned.
fn network() -> Network {
    let mut net = small();
    let d = day("2024-01-01");
    let mut e = net.edit();
    for p in ["W1", "SEC", "OFF", "TOP", "HND", "ENTP"] {
        e.add_person(PersonRecord::new(p));
    }
    e.add_organisation(
        OrganisationRecord::new("ENT", OrganisationKind::AllianceMember)
            .anchor("A1")
            .parent("WC"),
    )
    .add_post(PostRecord::at_unit("W1", Role::GridWorker, "G1", d))
    .add_post(PostRecord::at_organisation(
        "SEC",
        Role::Secretary,
        "BR1",
        d,
    ))
    .add_post(PostRecord::at_unit("OFF", Role::Officer, "A1", d))
    .add_post(PostRecord::at_unit("TOP", Role::Officer, "S", d))
    .add_post(PostRecord::at_organisation(
        "ENTP",
        Role::Volunteer,
        "ENT",
        d,
    ));
    e.commit().expect("the events network is valid");
    net
}

/// Records `steps` (action, actor, target, moment) on `event`, each checked live.
fn walk(
    book: &mut EventBook,
    net: &Network,
    event: &str,
    steps: &[(&str, &str, &str, &str)],
) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for &(action, actor, target, when) in steps {
        let mut t = TransitionRecord::new(event, action, actor, at(when));
        if !target.is_empty() {
            t = t.target(target);
        }
        book.transition(net, t)
            .unwrap_or_else(|e| panic!("{action} by {actor} at {when}: {e}"));
        used.insert(book.workflow().action(action).unwrap().name.clone());
    }
    used
}

#[test]
fn five_step_walks_every_action() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("E1", "environment", "H1", at("2024-03-04 09:00")),
    )
    .unwrap();
    for id in ["E2", "E3"] {
        book.report(
            &net,
            EventRecord::new(id, "dispute", "B2", at("2024-03-04 09:00")),
        )
        .unwrap();
    }
    let mut used = walk(
        &mut book,
        &net,
        "E1",
        &[
            ("discover", "W1", "", "2024-03-04 09:30"),
            ("dispatch", "P1", "HND", "2024-03-04 10:00"),
            ("take", "HND", "", "2024-03-04 10:30"),
            ("wait", "HND", "", "2024-03-04 11:00"),
            ("resume", "HND", "", "2024-03-05 11:00"),
            ("complete", "HND", "", "2024-03-05 15:00"),
            ("reopen", "W1", "", "2024-03-05 16:00"),
            ("complete", "HND", "", "2024-03-06 10:00"),
            ("feed_back", "W1", "", "2024-03-06 11:00"),
        ],
    );
    used.extend(walk(
        &mut book,
        &net,
        "E2",
        &[
            ("report_up", "W1", "", "2024-03-04 09:30"),
            ("dispatch", "OFF", "HND", "2024-03-04 10:00"),
            ("send_back", "HND", "", "2024-03-04 10:30"),
            ("whistle", "SEC", "ENT", "2024-03-04 11:00"),
            ("report_in", "ENTP", "ENT", "2024-03-04 14:00"),
            ("yellow_card", "TOP", "", "2024-03-04 15:00"),
            ("red_card", "TOP", "", "2024-03-04 16:00"),
            ("absorb", "W1", "E3", "2024-03-04 16:30"),
        ],
    ));
    used.extend(walk(
        &mut book,
        &net,
        "E3",
        &[("merge_into", "W1", "E2", "2024-03-04 16:20")],
    ));
    let all: BTreeSet<String> = book
        .workflow()
        .actions
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(used, all, "every action of the preset is walked");

    let now = book.replay(&net, at("2024-03-06 12:00")).unwrap();
    let e1 = now.status("E1").unwrap();
    assert_eq!((e1.state_name.as_str(), e1.is_open()), ("closed", false));
    // One working day paused (11:00 Monday to 11:00 Tuesday): 420 minutes.
    assert_eq!(e1.paused_minutes, 420);
    // E2: up to A1, sent back to G1, then a red card by hand: up to A1 again.
    let evening = book.replay(&net, at("2024-03-04 17:00")).unwrap();
    let e2 = evening.status("E2").unwrap();
    assert_eq!(e2.at_unit, "A1");
    assert_eq!(e2.card, Some(CardColour::Red));
    assert!(e2.summoned.is_empty(), "ENT reported in");
    let causes: Vec<_> = evening.escalations.iter().map(|e| e.cause).collect();
    assert_eq!(
        causes,
        [EscalationCause::ReportedUp, EscalationCause::RedCard]
    );
    // Sent back, E2 was never accepted again: two working days later its red card for
    // acceptance takes it from A1 to S.
    let e2 = now.status("E2").unwrap();
    assert_eq!(e2.at_unit, "S");
    assert!(
        now.cards
            .iter()
            .any(|c| c.event == "E2" && c.reason == CardReason::Unaccepted)
    );
}

#[test]
fn tianque_walks_every_action_with_its_codes() {
    let net = network();
    let mut book = EventBook::new(Workflow::tianque());
    for id in ["T1", "T2", "T3"] {
        book.report(
            &net,
            EventRecord::new(id, "safety_hazard", "B1", at("2024-03-04 09:00")),
        )
        .unwrap();
    }
    let mut used = walk(
        &mut book,
        &net,
        "T1",
        &[
            ("21", "P1", "HND", "2024-03-04 09:10"),
            ("61", "HND", "", "2024-03-04 09:20"),
            ("31", "HND", "", "2024-03-04 10:00"),
            ("51", "HND", "", "2024-03-04 10:10"),
            ("72", "W1", "", "2024-03-04 11:00"),
            ("21", "P1", "HND", "2024-03-04 11:10"),
            ("61", "HND", "", "2024-03-04 11:20"),
            ("31", "HND", "", "2024-03-04 14:00"),
            ("51", "HND", "", "2024-03-04 14:10"),
            ("71", "W1", "", "2024-03-04 15:00"),
            ("91", "P1", "", "2024-03-04 16:00"),
        ],
    );
    used.extend(walk(
        &mut book,
        &net,
        "T2",
        &[
            ("41", "W1", "", "2024-03-04 09:10"),
            ("200", "OFF", "", "2024-03-04 09:20"),
            ("21", "P1", "HND", "2024-03-04 09:30"),
            ("41", "HND", "", "2024-03-04 09:40"),
            ("61", "OFF", "", "2024-03-04 10:00"),
            ("10", "OFF", "ENT", "2024-03-04 10:10"),
            ("11", "ENTP", "ENT", "2024-03-04 10:20"),
            ("83", "TOP", "", "2024-03-04 10:30"),
            ("86", "TOP", "", "2024-03-04 10:40"),
            ("93", "W1", "T3", "2024-03-04 10:55"),
        ],
    ));
    used.extend(walk(
        &mut book,
        &net,
        "T3",
        &[("92", "W1", "T2", "2024-03-04 10:50")],
    ));
    let all: BTreeSet<String> = book
        .workflow()
        .actions
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(used, all);
    let now = book.replay(&net, at("2024-03-04 17:00")).unwrap();
    assert_eq!(now.status("T1").unwrap().state, 1100);
    let t2 = now.status("T2").unwrap();
    assert_eq!(t2.state, 120);
    // Reported up to A1, sent back, up again, then a red card: A1 to S.
    assert_eq!(t2.at_unit, "S");
    assert_eq!(t2.sources, ["T2", "T3"]);
    let t3 = now.status("T3").unwrap();
    assert_eq!((t3.state, t3.merged_into.as_deref()), (1200, Some("T2")));
}

#[test]
fn a_refused_transition_names_actor_posts_and_unit_and_changes_nothing() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("E1", "dispute", "H3", at("2024-03-04 09:00")),
    )
    .unwrap();
    let before = book.clone().replay(&net, at("2024-03-04 12:00")).unwrap();
    let log_before = book.log().clone();
    let e = book
        .transition(
            &net,
            TransitionRecord::new("E1", "discover", "HND", at("2024-03-04 10:00")),
        )
        .unwrap_err();
    let Error::Refused(r) = &e else { panic!("{e}") };
    let (actor, unit, needed) = (&r.actor, &r.unit, &r.needed);
    assert_eq!((actor.as_str(), unit.as_str()), ("HND", "G1"));
    assert!(needed.iter().any(|n| n.contains("网格员")), "{needed:?}");
    assert!(e.to_string().contains("HND may not discover at G1"), "{e}");
    // A state that does not allow the action.
    let e = book
        .transition(
            &net,
            TransitionRecord::new("E1", "feed_back", "W1", at("2024-03-04 10:00")),
        )
        .unwrap_err();
    assert!(e.to_string().contains("cannot be taken in state 10"), "{e}");
    // Unknown action, unknown event.
    assert!(
        book.transition(
            &net,
            TransitionRecord::new("E1", "fly", "W1", at("2024-03-04 10:00"))
        )
        .is_err()
    );
    assert!(matches!(
        book.transition(
            &net,
            TransitionRecord::new("E9", "discover", "W1", at("2024-03-04 10:00"))
        ),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(book.log().transition_count(), 0);
    // The log itself is as it was, not merely as long (found by the `events` fuzz target: an
    // emptied list of transitions was left behind).
    assert_eq!(*book.log(), log_before);
    // The numbers the refused transitions took on the central device are free again.
    assert_eq!(book.log().next_seq(quanyu::events::CENTRAL_DEVICE), 1);
    assert_eq!(book.replay(&net, at("2024-03-04 12:00")).unwrap(), before);
}

#[test]
fn guards_read_the_posts_of_the_transitions_day() {
    // P2 leads G1 until 2024-06-30.
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    for id in ["E1", "E2"] {
        book.report(
            &net,
            EventRecord::new(id, "dispute", "H1", at("2024-06-27 09:00")),
        )
        .unwrap();
        book.transition(
            &net,
            TransitionRecord::new(id, "discover", "W1", at("2024-06-27 10:00")),
        )
        .unwrap();
    }
    book.transition(
        &net,
        TransitionRecord::new("E1", "dispatch", "P2", at("2024-06-28 10:00")).target("HND"),
    )
    .unwrap();
    let late = book.transition(
        &net,
        TransitionRecord::new("E2", "dispatch", "P2", at("2024-07-01 10:00")).target("HND"),
    );
    assert!(matches!(late, Err(Error::Refused(_))), "{late:?}");
}

#[test]
fn cards_fall_on_working_days_and_red_escalates() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    // Monday 30 September 2024, the day before the National Day holiday (1–7 October; the
    // Saturday 12 October is a make-up working day).
    book.report(
        &net,
        EventRecord::new("E1", "environment", "H1", at("2024-09-30 10:00")),
    )
    .unwrap();
    let r = book.replay(&net, at("2024-10-07 23:00")).unwrap();
    assert!(r.cards.is_empty());
    let r = book.replay(&net, at("2024-10-08 10:00")).unwrap();
    assert_eq!(r.cards.len(), 1);
    assert_eq!(
        (r.cards[0].colour, r.cards[0].reason),
        (CardColour::Yellow, CardReason::Unaccepted)
    );
    let r = book.replay(&net, at("2024-10-09 10:00")).unwrap();
    assert_eq!(r.cards.last().unwrap().colour, CardColour::Red);
    assert_eq!(r.status("E1").unwrap().at_unit, "A1");
    assert_eq!(r.cards_in(&net, "G1").count(), 2);
    assert_eq!(r.overdue_in(&net, "G1").count(), 1);
    assert_eq!(r.overdue_in(&net, "G2").count(), 0);
    // Five working days unhandled: 8, 9, 10, 11 and the make-up Saturday 12 October.
    let r = book.replay(&net, at("2024-10-12 10:00")).unwrap();
    let yellow = r
        .cards
        .iter()
        .find(|c| c.reason == CardReason::Unhandled)
        .unwrap();
    assert_eq!(yellow.at, at("2024-10-12 10:00"));
    // The handling deadline (2100 working minutes) passed on 12 October at 10:00 as well.
    assert!(
        r.escalations
            .iter()
            .any(|e| e.cause == EscalationCause::Overdue)
    );
    assert_eq!(r.status("E1").unwrap().at_unit, "S");
    // Acceptance stops the acceptance cards.
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("E2", "environment", "H1", at("2024-09-30 10:00")),
    )
    .unwrap();
    book.transition(
        &net,
        TransitionRecord::new("E2", "discover", "W1", at("2024-09-30 11:00")),
    )
    .unwrap();
    let r = book.replay(&net, at("2024-10-09 12:00")).unwrap();
    assert!(r.cards.is_empty());
    let s = r.status("E2").unwrap();
    assert!(s.why.starts_with("handle within 2100"), "{}", s.why);
}

#[test]
fn urgent_events_have_shorter_deadlines() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    let e = EventRecord::new("U", "safety_hazard", "B1", at("2024-03-04 11:30"))
        .severity(Severity::Urgent);
    book.report(&net, e).unwrap();
    let s = book.status(&net, "U", at("2024-03-04 11:40")).unwrap();
    // 30 minutes before noon, 30 after 13:30.
    assert_eq!(s.accept_due, Some(at("2024-03-04 14:00")));
    assert!(!s.overdue);
    assert!(
        book.status(&net, "U", at("2024-03-04 14:01"))
            .unwrap()
            .overdue
    );
}

#[test]
fn a_past_moment_replays_as_it_was() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("E1", "dispute", "H1", at("2024-03-04 09:00")),
    )
    .unwrap();
    walk(
        &mut book,
        &net,
        "E1",
        &[
            ("discover", "W1", "", "2024-03-04 09:30"),
            ("dispatch", "P1", "HND", "2024-03-04 10:00"),
        ],
    );
    assert_eq!(
        book.status(&net, "E1", at("2024-03-04 09:45"))
            .unwrap()
            .state_name,
        "discovered"
    );
    assert_eq!(
        book.status(&net, "E1", at("2024-03-04 10:00"))
            .unwrap()
            .state_name,
        "dispatched"
    );
    assert!(
        book.replay(&net, at("2024-03-04 08:00"))
            .unwrap()
            .statuses
            .is_empty()
    );
}

#[test]
fn offline_transitions_merge_in_any_order() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("E1", "dispute", "H1", at("2024-03-04 09:00")),
    )
    .unwrap();
    book.report(
        &net,
        EventRecord::new("E2", "dispute", "B3", at("2024-03-04 09:00")),
    )
    .unwrap();
    // Two phones; both the grid worker and the leader discover E1 offline: the earlier wins
    // and the other is refused on replay. E2 sits in G2, where P3 leads.
    let phone_a = [
        TransitionRecord::new("E1", "discover", "W1", at("2024-03-04 09:30")).on("a", 1),
        TransitionRecord::new("E1", "dispatch", "P1", at("2024-03-04 10:00"))
            .target("HND")
            .on("a", 2),
        TransitionRecord::new("E2", "discover", "P3", at("2024-03-04 09:40")).on("a", 3),
    ];
    let phone_b = [
        TransitionRecord::new("E1", "discover", "P1", at("2024-03-04 09:35")).on("b", 1),
        TransitionRecord::new("E1", "take", "HND", at("2024-03-04 10:05")).on("b", 2),
    ];
    let mut all: Vec<TransitionRecord> = phone_a.iter().chain(&phone_b).cloned().collect();
    let expected = {
        let mut b = book.clone();
        b.merge(all.clone()).unwrap();
        b.replay(&net, at("2024-03-04 12:00")).unwrap()
    };
    assert_eq!(expected.refusals.len(), 1);
    assert_eq!(expected.refusals[0].transition.device, "b");
    assert_eq!(expected.status("E1").unwrap().state_name, "handling");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for round in 0..50 {
        all.shuffle(&mut rng);
        let mut b = book.clone();
        // Batches of any size, some sent twice.
        let cut = round % all.len();
        b.merge(all[..cut].to_vec()).unwrap();
        b.merge(all.clone()).unwrap();
        let again = b.merge(all[cut..].to_vec()).unwrap();
        assert_eq!(again.added, 0);
        assert_eq!(
            b.replay(&net, at("2024-03-04 12:00")).unwrap(),
            expected,
            "round {round}"
        );
    }
    // A clash: a different transition under a number already used. Either order keeps the
    // same one.
    let clash = TransitionRecord::new("E2", "dispatch", "P3", at("2024-03-04 09:50"))
        .target("HND")
        .on("a", 3);
    let mut b1 = book.clone();
    b1.merge(all.clone()).unwrap();
    let r1 = b1.merge(vec![clash.clone()]).unwrap();
    let mut b2 = book.clone();
    b2.merge(vec![clash]).unwrap();
    let r2 = b2.merge(all.clone()).unwrap();
    assert_eq!((r1.clashes.len(), r2.clashes.len()), (1, 1));
    assert_eq!(b1.log(), b2.log());
    // A transition of an unknown event refuses its whole batch.
    let mut b3 = book.clone();
    let bad = TransitionRecord::new("nope", "discover", "W1", at("2024-03-04 09:30")).on("c", 1);
    assert!(b3.merge(vec![all[0].clone(), bad]).is_err());
    assert_eq!(b3.log().transition_count(), 0);
}

#[test]
fn reports_are_checked_against_network_categories_and_calendar() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    let e = book
        .report(
            &net,
            EventRecord::new("X", "parking", "nowhere", at("2031-01-02 09:00")),
        )
        .unwrap_err();
    let fields: Vec<&str> = e.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["unit", "category", "reported_at"]);
    assert!(e.to_string().contains("2031"), "{e}");
    assert_eq!(book.log().events().len(), 0);
}

#[test]
fn the_calendar_refuses_a_year_it_lacks_and_learns_it_from_a_table() {
    let mut cal = WorkCalendar::china();
    let last = cal.last_year().unwrap();
    let next = NaiveDate::from_ymd_opt(last + 1, 3, 2).unwrap();
    let e = cal.is_working_day(next).unwrap_err();
    assert!(matches!(e, Error::OutsideCalendar { year, .. } if year == last + 1));
    let table = format!("date,kind,name\n{}-01-01,holiday,元旦\n", last + 1);
    assert_eq!(
        cal.add_year_table(table.as_bytes(), "next.csv").unwrap(),
        last + 1
    );
    assert!(cal.is_working_day(next).is_ok());
    // Every bad row is named, and nothing is added.
    let mut cal = WorkCalendar::empty();
    let bad = "date,kind,name\n2030-01-01,nap,元旦\n2030-02-30,休,春节\n";
    let e = cal.add_year_table(bad.as_bytes(), "bad.csv").unwrap_err();
    let rows: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("bad.csv row 2: `2030-01-01`.kind"),
        "{rows:?}"
    );
    assert!(
        rows[1].starts_with("bad.csv row 3: `2030-02-30`.date"),
        "{rows:?}"
    );
    assert_eq!(cal.first_year(), None);
    assert!(
        cal.add_year_table("when,kind\n".as_bytes(), "x.csv")
            .is_err()
    );
}

#[test]
fn a_synthetic_year_replays_cleanly_with_some_late_events() {
    let net = quanyu::synth::community(7).unwrap();
    let options = quanyu::events::StreamOptions {
        events_per_grid: 60,
        ..Default::default()
    };
    let log = quanyu::events::synth_stream(&net, &options).unwrap();
    assert_eq!(
        log,
        quanyu::events::synth_stream(&net, &options).unwrap(),
        "seeded"
    );
    let book = EventBook::new(Workflow::five_step()).with_log(log);
    let year = book.replay(&net, at("2024-12-31 23:00")).unwrap();
    let reasons: Vec<&str> = year
        .refusals
        .iter()
        .take(3)
        .map(|r| r.reason.as_str())
        .collect();
    assert!(
        year.refusals.is_empty(),
        "{} refused: {reasons:?}",
        year.refusals.len()
    );
    let closed = year.statuses.iter().filter(|s| !s.is_open()).count();
    assert!(
        closed * 10 > year.statuses.len() * 9,
        "most events are closed"
    );
    for colour in [CardColour::Yellow, CardColour::Red] {
        assert!(year.cards.iter().any(|c| c.colour == colour));
    }
    assert!(!year.escalations.is_empty());
}

#[test]
fn a_live_transition_may_not_reuse_another_ones_number() {
    let net = network();
    let mut book = EventBook::new(Workflow::five_step());
    book.report(
        &net,
        EventRecord::new("E1", "dispute", "H1", at("2024-03-04 09:00")),
    )
    .unwrap();
    let first = TransitionRecord::new("E1", "discover", "W1", at("2024-03-04 10:00")).on("p", 1);
    book.transition(&net, first.clone()).unwrap();
    // The same again: recorded once.
    book.transition(&net, first).unwrap();
    // Another under the same number, earlier (it would win a merge) and by someone with no
    // post: refused, not swapped in unchecked.
    let sneaky = TransitionRecord::new("E1", "discover", "HND", at("2024-03-04 09:30")).on("p", 1);
    let e = book.transition(&net, sneaky).unwrap_err();
    assert!(
        e.to_string()
            .contains("already recorded another transition"),
        "{e}"
    );
    assert_eq!(book.log().transition_count(), 1);
    assert_eq!(book.log().transitions().next().unwrap().actor, "W1");
}
