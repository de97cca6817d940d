//! A CSV directory in memory (tables separated by 0x1e, in the order of `Table::ALL`): read
//! and imported as one edit; a failed import leaves the network as it was, an accepted one
//! round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quanyu::io::{ImportOptions, read_table_with};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut options = ImportOptions::new().allow_extra_columns(mode & 1 == 1);
    if mode & 2 == 2 {
        options = options.encoding("gb18030");
    }
    let mut changes = quanyu::Changeset::new();
    for (table, text) in quanyu_fuzz::tables(rest) {
        match read_table_with(table, text, table.file_name(), &options) {
            Ok(c) => changes.extend(c),
            Err(_) => return,
        }
    }
    let mut net = quanyu::Network::new();
    let accepted = if mode & 4 == 4 {
        net.apply(changes).is_ok()
    } else {
        net.apply_import(changes).is_ok()
    };
    if accepted {
        quanyu_fuzz::assert_round_trips(&net);
    } else {
        assert!(net == quanyu::Network::new(), "a failed import changed the network");
    }
});
