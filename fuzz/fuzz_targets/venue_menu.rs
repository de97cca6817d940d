//! The venue menu, as JSON or as CSV tables (`venues.csv`, 0x1e, `requests.csv`), checked
//! against a small network: refused or accepted, never a panic; an accepted menu round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quanyu::venues::{Menu, csv};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let net = quanyu_fuzz::base();
    let menu = if mode & 1 == 0 {
        match Menu::read_json(rest, net) {
            Ok(m) => m,
            Err(_) => return,
        }
    } else {
        let mut parts = rest.splitn(2, |&b| b == 0x1e);
        let venues = parts.next().unwrap_or_default();
        let requests = parts.next().unwrap_or_default();
        let Ok(mut batch) = csv::read_venues(venues, "venues.csv") else {
            return;
        };
        let Ok(more) = csv::read_requests(requests, "requests.csv") else {
            return;
        };
        batch.extend(more);
        let mut menu = Menu::new();
        let before = menu.clone();
        if menu.add(net, batch).is_err() {
            assert!(menu == before, "a failed add changed the menu");
            return;
        }
        menu
    };
    let json = menu.to_json().expect("an accepted menu serialises");
    let back = Menu::from_json(&json, net).expect("its JSON loads");
    assert!(back == menu, "menu JSON round trip differs");
});
