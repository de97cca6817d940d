//! Open311 service requests from arbitrary text (the first byte picks the offset, the channel
//! and whether a clashing event is already in the book): an import that fails leaves the book
//! as it was; one that succeeds adds exactly the ids it returns, and what it added comes back
//! as the same events when exported (the description revealed) and imported again. Nothing may panic.
#![no_main]

use chrono::{FixedOffset, NaiveDate};
use libfuzzer_sys::fuzz_target;
use quanyu::events::{Channel, EventBook, EventRecord, Open311Options, Workflow};
use quanyu::privacy::{AccessLog, Reveal};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let hours = i32::from(mode % 27) - 13;
    let Some(offset) = FixedOffset::east_opt(hours * 3600) else {
        return;
    };
    let channel = if mode & 0x80 == 0 { Channel::Hotline } else { Channel::Referral };
    let options = Open311Options::default()
        .offset(offset)
        .channel(channel)
        .reveal(Reveal::new("fuzz", "grid_service").fields(["description"]));
    // A copy with a log of its own: the shared base's log would grow with every run.
    let mut own = quanyu_fuzz::base().clone();
    own.set_access_log(AccessLog::default());
    let net = &own;
    let mut book = EventBook::new(Workflow::five_step());
    let start = NaiveDate::from_ymd_opt(2024, 3, 4).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("a moment");
    if mode & 0x40 != 0 {
        book.report(net, EventRecord::new("R1", "dispute", "G1", start)).expect("a valid event");
    }
    let before = book.log().clone();
    match book.import_open311(net, &text, &options) {
        Err(_) => assert!(*book.log() == before, "a failed import changed the book"),
        Ok(added) => {
            assert_eq!(added.len() + before.events().len(), book.log().events().len());
            for id in &added {
                assert!(before.event(id).is_none(), "an id added was there before");
            }
            // The events come back the same through an export at the year's end.
            let Some(end) = book.log().events().map(|e| e.reported_at).max() else {
                return;
            };
            let json = book.to_open311(net, end, &options).expect("an export of the book");
            let mut again = EventBook::new(Workflow::five_step());
            again.import_open311(net, &json, &options).expect("the export imports");
            for e in again.log().events() {
                let mut original = book.log().event(&e.id).expect("an exported event");
                // Open311 carries one attachment.
                original.attachments.truncate(1);
                assert!(e == EventRecord { channel, ..original }, "the round trip changed {}", e.id);
            }
            assert_eq!(again.log().events().len(), book.log().events().len());
        }
    }
});
