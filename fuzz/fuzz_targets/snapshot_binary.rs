//! Binary snapshots: any bytes either load or are refused, never a panic; what loads
//! round-trips. Half the inputs get a matching header, so that the body's checks are reached.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 0 {
        quanyu::io::binary::reseal(rest)
    } else {
        rest.to_vec()
    };
    if let Ok(net) = quanyu::Network::from_binary(&bytes) {
        quanyu_fuzz::assert_round_trips(&net);
    }
});
