//! One change-set of arbitrary changes against a small network: applied all or nothing; a
//! refused one leaves the network exactly as it was, an accepted one round-trips.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let base = quanyu_fuzz::base();
    let pools = quanyu_fuzz::Pools::of(base);
    let mut changes = quanyu::Changeset::new();
    while !u.is_empty() && changes.len() < 64 {
        match quanyu_fuzz::change(&mut u, &pools) {
            Ok(c) => changes.push(c),
            Err(_) => break,
        }
    }
    let mut net = base.clone();
    let checked = net.check(&changes);
    match net.apply(changes) {
        Ok(_) => {
            assert!(checked.is_empty(), "check and apply disagree");
            quanyu_fuzz::assert_round_trips(&net);
        }
        Err(_) => {
            assert!(!checked.is_empty(), "check and apply disagree");
            assert!(net == *base, "a refused change-set changed the network");
        }
    }
});
