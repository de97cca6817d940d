//! Grid events at work: handlers proposed from the network, duplicates merged into one event,
//! and the analytics of a book checked against figures worked out by hand.

use chrono::NaiveDateTime;
use quanyu::events::{DispatchBasis, EventBook, EventRecord, TransitionRecord, Workflow};
use quanyu::{
    ContractKind, ContractRecord, EntityKind, Error, Network, OrganisationKind, OrganisationRecord,
    PersonRecord, PostRecord, Role, TaskCategory, TaskRecord,
};

use crate::common::{day, small};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test moment")
}

/// The small subdistrict with two grid workers of G1, a contract on building B1 and one on
/// household H1, an officer of the area, and a property company holding a key task at C1.
fn network() -> Network {
    let mut net = small();
    let d = day("2024-01-01");
    let mut e = net.edit();
    for p in ["W1", "W2", "OFF", "M1", "M2"] {
        e.add_person(PersonRecord::new(p));
    }
    e.add_post(PostRecord::at_unit("W1", Role::GridWorker, "G1", d))
        .add_post(PostRecord::at_unit("W2", Role::GridWorker, "G1", d))
        .add_post(PostRecord::at_unit("OFF", Role::Officer, "A1", d))
        .add_organisation(
            OrganisationRecord::new("PROP", OrganisationKind::AllianceMember)
                .anchor("A1")
                .parent("WC"),
        )
        .add_task(TaskRecord::new(
            "T-lift",
            "C1",
            TaskCategory::Property,
            day("2024-12-31"),
        ))
        .add_contract(ContractRecord::new(
            ContractKind::KeyTask,
            "PROP",
            "T-lift",
            d,
        ))
        .add_contract(ContractRecord::new(ContractKind::Building, "M1", "B1", d))
        .add_contract(ContractRecord::new(ContractKind::Neighbours, "M2", "H1", d));
    e.commit().expect("the dispatch network is valid");
    net
}

fn book_with(net: &Network, events: &[(&str, &str, &str, &str)]) -> EventBook {
    let mut book = EventBook::new(Workflow::five_step());
    for &(id, category, unit, when) in events {
        book.report(net, EventRecord::new(id, category, unit, at(when)))
            .unwrap();
    }
    book
}

#[test]
fn dispatch_proposes_contract_holders_then_the_grid_then_key_task_holders() {
    let net = network();
    let book = book_with(&net, &[("E1", "property", "H1", "2024-03-04 09:00")]);
    let proposed = book
        .propose_handlers(&net, "E1", at("2024-03-04 09:30"))
        .unwrap();
    let order: Vec<(&str, DispatchBasis)> = proposed
        .iter()
        .map(|p| (p.candidate.as_str(), p.basis))
        .collect();
    assert_eq!(
        order,
        [
            // The household's contract before the building's: nearest first.
            ("M2", DispatchBasis::Contract),
            ("M1", DispatchBasis::Contract),
            ("W1", DispatchBasis::GridWorker),
            ("W2", DispatchBasis::GridWorker),
            ("CELL1", DispatchBasis::BuildingCell),
            ("P1", DispatchBasis::GridLeader),
            ("P2", DispatchBasis::GridLeader),
            ("BR1", DispatchBasis::GridBranch),
            ("PROP", DispatchBasis::KeyTask),
        ]
    );
    assert!(
        proposed
            .iter()
            .enumerate()
            .all(|(i, p)| p.rank == i as u32 + 1)
    );
    assert!(proposed[0].why.contains("H1") && proposed[0].why.contains("0 open"));
    assert!(proposed[8].why.contains("T-lift"));
    assert!(!proposed[8].is_person && proposed[2].is_person);
}

#[test]
fn dispatch_puts_the_less_loaded_worker_first_and_ignores_unrelated_key_tasks() {
    let net = network();
    let mut book = book_with(
        &net,
        &[
            ("E1", "dispute", "B2", "2024-03-04 09:00"),
            ("E2", "dispute", "B2", "2024-03-04 09:05"),
        ],
    );
    for (t, actor, target) in [("discover", "W1", ""), ("dispatch", "P1", "W1")] {
        let mut r = TransitionRecord::new("E1", t, actor, at("2024-03-04 10:00"));
        if !target.is_empty() {
            r = r.target(target);
        }
        book.transition(&net, r).unwrap();
    }
    let proposed = book
        .propose_handlers(&net, "E2", at("2024-03-04 11:00"))
        .unwrap();
    let workers: Vec<(&str, u32)> = proposed
        .iter()
        .filter(|p| p.basis == DispatchBasis::GridWorker)
        .map(|p| (p.candidate.as_str(), p.open_events))
        .collect();
    assert_eq!(workers, [("W2", 0), ("W1", 1)]);
    // A dispute is not a governance action: no key-task holder; B2 has no contract or cell.
    assert!(proposed.iter().all(|p| !matches!(
        p.basis,
        DispatchBasis::KeyTask | DispatchBasis::Contract | DispatchBasis::BuildingCell
    )));
    assert!(matches!(
        book.propose_handlers(&net, "nope", at("2024-03-04 11:00")),
        Err(Error::NotFound {
            kind: EntityKind::Event,
            ..
        })
    ));
}

#[test]
fn merging_a_duplicate_keeps_both_reports_and_refusals_change_nothing() {
    let net = network();
    let mut book = book_with(
        &net,
        &[
            ("E1", "environment", "H1", "2024-03-04 09:00"),
            ("E2", "environment", "H2", "2024-03-04 09:30"),
            ("E3", "environment", "H3", "2024-03-04 09:40"),
        ],
    );
    let before = book.log().clone();
    // A person without a post at the grid may not merge: both transitions are refused.
    let refused = book.merge_duplicate(&net, "E2", "E1", "P3", at("2024-03-04 10:00"));
    assert!(matches!(refused, Err(Error::Refused(_))), "{refused:?}");
    assert_eq!(book.log(), &before);
    assert!(matches!(
        book.merge_duplicate(&net, "E1", "E1", "W1", at("2024-03-04 10:00")),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        book.merge_duplicate(&net, "E9", "E1", "W1", at("2024-03-04 10:00")),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(book.log(), &before);

    let kept = book
        .merge_duplicate(&net, "E2", "E1", "W1", at("2024-03-04 10:00"))
        .unwrap();
    assert_eq!(kept.sources, ["E1", "E2"]);
    assert!(kept.is_open());
    // Merging again is refused on the duplicate (it is closed) and leaves the log as it was.
    let after = book.log().clone();
    assert!(
        book.merge_duplicate(&net, "E2", "E1", "W1", at("2024-03-04 10:30"))
            .is_err()
    );
    // Nor can anything be merged into a duplicate already merged away: E2 is closed, and
    // E3's half of the merge is taken back out.
    assert!(
        book.merge_duplicate(&net, "E3", "E2", "W1", at("2024-03-04 10:30"))
            .is_err()
    );
    assert_eq!(book.log(), &after);

    let now = book.replay(&net, at("2024-03-04 11:00")).unwrap();
    let e2 = now.status("E2").unwrap();
    assert_eq!(
        (
            e2.state_name.as_str(),
            e2.merged_into.as_deref(),
            e2.is_open()
        ),
        ("merged", Some("E1"), false)
    );
    assert_eq!(e2.why, "merged into E1");
    assert_eq!(now.status("E3").unwrap().sources, ["E3"]);
}

#[test]
fn analytics_agree_with_figures_worked_out_by_hand() {
    let net = network();
    let mut book = book_with(
        &net,
        &[
            ("E1", "environment", "H1", "2024-03-04 09:00"),
            ("E2", "dispute", "B3", "2024-03-04 10:00"),
            ("E3", "environment", "H2", "2024-03-05 09:00"),
            ("E4", "environment", "H2", "2024-03-05 09:30"),
        ],
    );
    // E1: accepted 30 min after, dispatched to W2, handled and closed the next morning.
    for (action, actor, target, when) in [
        ("discover", "W1", "", "2024-03-04 09:30"),
        ("dispatch", "P1", "W2", "2024-03-04 10:00"),
        ("take", "W2", "", "2024-03-04 10:30"),
        ("complete", "W2", "", "2024-03-05 10:00"),
        ("feed_back", "W1", "", "2024-03-05 11:00"),
    ] {
        let mut t = TransitionRecord::new("E1", action, actor, at(when));
        if !target.is_empty() {
            t = t.target(target);
        }
        book.transition(&net, t).unwrap();
    }
    // E4 is a duplicate of E3: left out of the figures.
    book.merge_duplicate(&net, "E4", "E3", "W1", at("2024-03-05 10:00"))
        .unwrap();
    let a = book.analytics(&net, at("2024-03-20 12:00")).unwrap();
    assert_eq!(a.events.len(), 3);
    let e1 = a.events.iter().find(|f| f.id == "E1").unwrap();
    // Monday 9:00 to 9:30 is half an hour; Monday 9:00 to Tuesday 11:00 is a working day
    // (9:00–12:00 and 13:30–17:30: 7 hours) and two hours.
    assert_eq!(e1.hours_to_accept, Some(0.5));
    assert_eq!(e1.hours_to_close, Some(9.0));
    assert_eq!(e1.handled_on_time, Some(true));
    assert_eq!((e1.grid.as_str(), e1.month.as_str()), ("G1", "2024-03"));
    // E2 and E3 were never accepted: two weeks on, both deadlines have passed.
    let e2 = a.events.iter().find(|f| f.id == "E2").unwrap();
    assert_eq!(e2.grid, "G2");
    assert_eq!(
        (e2.accepted_on_time, e2.handled_on_time),
        (Some(false), Some(false))
    );

    let g1 = a.by_grid.iter().find(|g| g.group == "G1").unwrap();
    assert_eq!((g1.reported, g1.open, g1.closed), (2, 1, 1));
    assert_eq!((g1.decided, g1.on_time), (2, 1));
    assert_eq!(g1.on_time_rate, Some(0.5));
    assert_eq!(g1.mean_hours_to_close, Some(9.0));
    let env = a
        .by_category
        .iter()
        .find(|g| g.group == "environment")
        .unwrap();
    assert_eq!(env.reported, 2);
    let handlers: Vec<(&str, u32)> = a
        .by_handler
        .iter()
        .map(|g| (g.group.as_str(), g.reported))
        .collect();
    assert_eq!(handlers, [("", 2), ("W2", 1)]);
    assert_eq!(a.by_month.len(), 1);
    assert_eq!(a.by_month[0].on_time_rate, Some(1.0 / 3.0));
}

#[test]
fn the_place_index_answers_like_the_scan_for_every_unit_above_a_building() {
    use quanyu::events::{StreamOptions, synth_stream};
    let net = quanyu::synth::community(11).unwrap();
    let log = synth_stream(
        &net,
        &StreamOptions {
            events_per_grid: 30,
            ..Default::default()
        },
    )
    .unwrap();
    let book = EventBook::new(Workflow::five_step()).with_log(log);
    for when in ["2024-03-15 10:00", "2024-09-30 17:00"] {
        let replay = book.replay(&net, at(when)).unwrap();
        let places = replay.places(&net);
        let mut asked = 0;
        for level in ["Subdistrict", "Area", "Grid", "Compound"] {
            for u in net.units_by_level(level).unwrap() {
                let slow: Vec<&str> = replay
                    .overdue_in(&net, &u.id)
                    .map(|s| s.id.as_str())
                    .collect();
                let fast: Vec<&str> = places
                    .overdue_in(&u.id)
                    .unwrap()
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect();
                assert_eq!(fast, slow, "overdue in {} at {when}", u.id);
                let slow = replay.open_in(&net, &u.id).count();
                assert_eq!(
                    places.open_in(&u.id).unwrap().len(),
                    slow,
                    "open in {}",
                    u.id
                );
                asked += 1;
            }
        }
        assert!(asked > 20);
        assert!(places.overdue_in("nowhere").is_err());
        // The replay in pieces, put back together, is the replay.
        let progress = quanyu::progress::Progress::new();
        let pieces = book
            .replay_pieces(&net, at(when), &progress, |piece| piece)
            .unwrap();
        assert!(pieces.len() > 1);
        let statuses: Vec<_> = pieces.iter().flat_map(|p| p.statuses.clone()).collect();
        let cards: Vec<_> = pieces.iter().flat_map(|p| p.cards.clone()).collect();
        let escalations: Vec<_> = pieces.iter().flat_map(|p| p.escalations.clone()).collect();
        assert_eq!(
            (statuses, cards, escalations),
            (replay.statuses, replay.cards, replay.escalations)
        );
    }
}

/// The packed log holds every text, attachment and moment it is given exactly, and refuses
/// whole a batch with a moment it cannot hold, naming the event and the field.
#[test]
fn the_log_gives_back_what_it_took_and_refuses_moments_it_cannot_hold() {
    use quanyu::events::EventLog;

    let mut log = EventLog::new();
    let mut e = EventRecord::new("E1", "dispute", "B1", at("2024-03-04 09:00"))
        .reporter("居民 王")
        .description("楼道堆物");
    e.attachments = vec!["photo-1.jpg".into(), "photo-2.jpg".into()];
    log.add_event(e.clone()).unwrap();
    log.add_event(EventRecord::new(
        "E0",
        "policy",
        "G1",
        at("2024-03-04 08:00"),
    ))
    .unwrap();
    let precise = at("2024-03-04 10:00") + chrono::TimeDelta::nanoseconds(123_456_789);
    let ts = vec![
        TransitionRecord::new("E1", "assign", "L1", precise)
            .target("W1")
            .on("phone", 2),
        TransitionRecord::new("E1", "discover", "W1", at("2024-03-04 09:30"))
            .note("看过了")
            .on("phone", 1),
        TransitionRecord::new("E0", "discover", "W1", at("2024-03-04 08:30")).on("pad", 7),
    ];
    log.merge(ts.clone()).unwrap();
    assert_eq!(log.event("E1"), Some(e));
    let ids: Vec<String> = log.events().map(|e| e.id).collect();
    assert_eq!(ids, ["E0", "E1"], "events come by id");
    assert_eq!(log.transitions_of("E1"), vec![ts[1].clone(), ts[0].clone()]);
    assert_eq!(log.recorded("phone", 2), Some(ts[0].clone()));
    assert_eq!(
        (
            log.next_seq("phone"),
            log.next_seq("pad"),
            log.next_seq("new")
        ),
        (3, 8, 1)
    );

    let before = log.clone();
    let far = at("2300-01-01 09:00");
    let err = log
        .merge(vec![
            TransitionRecord::new("E1", "take", "W1", at("2024-03-05 09:00")).on("phone", 3),
            TransitionRecord::new("E1", "take", "W1", far).on("phone", 4),
        ])
        .unwrap_err();
    let Error::Validation(problems) = &err else {
        panic!("a validation error, not {err:?}")
    };
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.id.as_str(), p.field.as_str()))
            .collect::<Vec<_>>(),
        [("E1", "at")],
        "{err}"
    );
    assert!(err.to_string().contains("phone#4"), "{err}");
    assert_eq!(log, before, "a refused batch changes nothing");
    assert_eq!(log.transition_count(), 3);

    // Numbers past 32 bits, a clash that replaces a transition in the middle of its event's
    // list, and a number at the very top.
    let big = u64::from(u32::MAX) + 1;
    let late = TransitionRecord::new("E1", "take", "W1", at("2024-03-05 09:00")).on("pad", big);
    let top = TransitionRecord::new("E1", "wait", "W1", at("2024-03-06 09:00")).on("pad", u64::MAX);
    log.merge(vec![late.clone(), top.clone()]).unwrap();
    assert_eq!(log.recorded("pad", big), Some(late.clone()));
    assert_eq!(log.next_seq("pad"), u64::MAX);
    let earlier = TransitionRecord::new("E1", "take", "W1", at("2024-03-04 09:45")).on("pad", big);
    let report = log.merge(vec![earlier.clone()]).unwrap();
    assert_eq!(report.clashes.len(), 1);
    assert_eq!(report.clashes[0].kept, earlier);
    assert_eq!(
        log.transitions_of("E1"),
        vec![ts[1].clone(), earlier, ts[0].clone(), top],
        "the kept transition takes its place in replay order"
    );
    assert_eq!(log.transition_count(), 5);
}
