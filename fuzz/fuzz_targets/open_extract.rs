//! Sealed extracts: any bytes opened with a fixed key either open or are refused, never a
//! panic; what opens and loads round-trips. Half the inputs are sealed to the key first (a
//! snapshot with a matching header), so that the opening and the snapshot checks are reached.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The X25519 test key of the age crate's own tests: public, for fuzzing only.
const IDENTITY: &str = "AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33";
const RECIPIENT: &str = "age1t7rxyev2z3rw82stdlrrepyc39nvn86l5078zqkf5uasdy86jp6svpy7pa";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        // Arbitrary bytes as sealed data: refused cleanly, or (a mutated seed) opened.
        let opened = quanyu::privacy::open(rest, IDENTITY);
        let net = quanyu::Network::open_extract(rest, IDENTITY);
        assert_eq!(opened.is_ok() && net.is_ok(), net.is_ok());
        if let Ok(net) = net {
            quanyu_fuzz::assert_round_trips(&net);
        }
    } else {
        let snapshot = quanyu::io::binary::reseal(rest);
        let sealed = quanyu::privacy::seal(&snapshot, &[RECIPIENT]).expect("a valid recipient");
        assert_eq!(
            quanyu::privacy::open(&sealed, IDENTITY).as_deref(),
            Ok(&snapshot[..])
        );
        let plain = quanyu::Network::from_binary(&snapshot);
        let opened = quanyu::Network::open_extract(&sealed, IDENTITY);
        assert_eq!(plain, opened);
    }
});
