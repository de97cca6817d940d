//! The grid-event engine from arbitrary input: a holiday table parsed (a refused one leaves
//! the calendar as it was), events and transitions recorded live (a refused one leaves the
//! log as it was), the log merged again in reverse order (the same log), and the year
//! replayed twice (the same answer). Nothing may panic.
#![no_main]

use arbitrary::Unstructured;
use chrono::{NaiveDate, TimeDelta};
use libfuzzer_sys::fuzz_target;
use quanyu::events::{CategoryRecord, EventBook, EventRecord, TransitionRecord, WorkCalendar, Workflow};

fn pick<'a>(u: &mut Unstructured<'_>, from: &'a [String]) -> arbitrary::Result<&'a str> {
    Ok(from[u.choose_index(from.len())?].as_str())
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let table: String = u.arbitrary()?;
    let mut cal = WorkCalendar::china();
    let before = cal.clone();
    if cal.add_year_table(table.as_bytes(), "fuzz").is_err() {
        assert!(cal == before, "a refused table changed the calendar");
    }

    let net = quanyu_fuzz::base();
    let units: Vec<String> = net.units().map(|x| x.id.to_string()).collect();
    let people: Vec<String> = net
        .persons()
        .map(|x| x.id.to_string())
        .chain(net.organisations().map(|o| o.id.to_string()))
        .chain(["nobody".to_owned()])
        .collect();
    let categories: Vec<String> = CategoryRecord::defaults().into_iter().map(|c| c.code).chain(["?".into()]).collect();
    let flow = if u.arbitrary()? { Workflow::five_step() } else { Workflow::tianque() };
    let mut actions: Vec<String> = flow.actions.iter().map(|a| a.name.clone()).collect();
    actions.push(u.arbitrary()?);
    let mut book = EventBook::new(flow.clone());
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("a moment");
    let minutes = |u: &mut Unstructured<'_>| -> arbitrary::Result<TimeDelta> {
        Ok(TimeDelta::minutes(i64::from(u.int_in_range(0..=600_000u32)?)))
    };
    for i in 0..u.int_in_range(0..=4u8)? {
        let e = EventRecord::new(format!("E{i}"), pick(u, &categories)?, pick(u, &units)?, start + minutes(u)?);
        let _ = book.report(net, e);
    }
    let events: Vec<String> = (0..5).map(|i| format!("E{i}")).collect();
    for _ in 0..u.int_in_range(0..=24u8)? {
        let mut t = TransitionRecord::new(pick(u, &events)?, pick(u, &actions)?, pick(u, &people)?, start + minutes(u)?);
        if u.arbitrary()? {
            t = t.target(pick(u, &people)?);
        }
        if u.arbitrary()? {
            t = t.on(["a", "b"][u.choose_index(2)?], u64::from(u.int_in_range(0..=8u8)?));
        }
        let log = book.log().clone();
        if book.transition(net, t).is_err() {
            assert!(*book.log() == log, "a refused transition changed the log");
        }
    }

    // Every order of merging gives the same log.
    let mut again = EventBook::new(flow);
    for e in book.log().events() {
        again.report(net, e.clone()).expect("an event the book took");
    }
    let mut all: Vec<TransitionRecord> = book.log().transitions().collect();
    all.reverse();
    again.merge(all).expect("transitions of known events");
    assert!(again.log() == book.log(), "merging in another order gave another log");

    let end = start + TimeDelta::days(365);
    match (book.replay(net, end), book.replay(net, end)) {
        (Ok(a), Ok(b)) => assert!(a == b, "two replays differ"),
        (Err(a), Err(b)) => assert!(a == b, "two replays fail differently"),
        _ => panic!("one replay failed and the other did not"),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
