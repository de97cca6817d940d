//! JSON snapshots: any bytes either load or are refused with an error, never a panic; what
//! loads round-trips through every form.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(net) = quanyu::Network::from_json_bytes(data) {
        quanyu_fuzz::assert_round_trips(&net);
    }
});
