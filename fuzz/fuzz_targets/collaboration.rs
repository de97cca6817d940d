//! A collaboration book from arbitrary JSON against a small fixed network: a book that is
//! refused is refused with problems, never a panic; one that is taken writes back to JSON that
//! reads as the same book, and every report over it runs. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quanyu::collab::Collaboration;
use quanyu::events::WorkCalendar;

fuzz_target!(|data: &[u8]| {
    let net = quanyu_fuzz::base();
    let text = String::from_utf8_lossy(data);
    let Ok(book) = Collaboration::from_json(net, &text) else {
        return;
    };
    let json = book.to_json().expect("a taken book writes");
    let again = Collaboration::from_json(net, &json).expect("a written book reads");
    assert!(again == book, "the JSON round trip changed the book");
    let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("a day");
    let _ = book.six_links(net, day, None);
    let _ = book.links_by_kind(day, None);
    let _ = book.carriages_on(net, day);
    let _ = book.projects_rollup(day);
    let _ = book.follow_ups(net, &WorkCalendar::china());
    let _ = book.tallies(net);
    let _ = book.to_popolo(net);
    for s in book.seats() {
        let _ = book.council(net, &s.unit, day, 3);
    }
});
