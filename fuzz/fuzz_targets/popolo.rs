//! Popolo documents from arbitrary text, read on their own and applied to a network: reading
//! never panics; a refused import leaves the network as it was; an accepted one, exported
//! with every personal field revealed, reads back to a network that exports the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quanyu::Network;
use quanyu::interop::popolo;
use quanyu::privacy::Reveal;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(changes) = popolo::changeset(&doc) else {
        return;
    };
    let mut net = Network::new();
    let before = net.clone();
    if net.apply(changes).is_err() {
        assert!(net == before, "a refused import changed the network");
        return;
    }
    let all = Reveal::new("fuzz", "backup").fields(["phone", "id_number"]);
    let out = net
        .to_popolo(None, Some(&all))
        .expect("an export of a valid network");
    let again = Network::from_popolo(&out).expect("an export reads back");
    assert_eq!(
        again.to_popolo(None, Some(&all)).expect("a second export"),
        out
    );
});
