//! Sequences of small edits, each aimed at the entities the network has at that point: the
//! state they reach round-trips through JSON, binary and CSV with equal contents (checked once,
//! at the end, so that the fuzzer explores more sequences a second); every refused edit leaves
//! the network as it was.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut net = quanyu_fuzz::base().clone();
    let mut changed = false;
    for _ in 0..16 {
        if u.is_empty() {
            break;
        }
        let pools = quanyu_fuzz::Pools::of(&net);
        let n = u.int_in_range(1..=4).unwrap_or(1);
        let mut changes = quanyu::Changeset::new();
        for _ in 0..n {
            match quanyu_fuzz::change(&mut u, &pools) {
                Ok(c) => changes.push(c),
                Err(_) => break,
            }
        }
        let before = net.clone();
        if net.apply(changes).is_ok() {
            changed = true;
        } else {
            assert!(net == before, "a refused edit changed the network");
        }
    }
    if changed {
        quanyu_fuzz::assert_round_trips(&net);
    }
});
