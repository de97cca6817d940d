//! Scoped extracts and app look-ups.

use std::collections::HashSet;

use quanyu::privacy::{Mask, Reveal, WorkerKey, mask};
use quanyu::synth::{self, REFERENCE_DATE};
use quanyu::{Error, ExtractOptions, Network, PersonRecord, Scope};

#[test]
fn a_grid_extract_answers_like_the_whole_network() {
    let net = synth::community(8).unwrap();
    let grid = net
        .units_by_level("Grid")
        .unwrap()
        .nth(2)
        .unwrap()
        .id
        .clone();
    let phone = net.extract(&grid).unwrap();
    assert_eq!(phone.unit_count(), net.subtree_size(&grid).unwrap());
    let ids: Vec<&str> = phone.units().map(|u| u.id.as_str()).collect();
    let want: Vec<&str> = std::iter::once(grid.as_str())
        .chain(net.descendants(&grid).unwrap().map(|u| u.id.as_str()))
        .collect();
    assert_eq!(ids, want, "same ids, same order");
    for b in phone.units_by_level("Building").unwrap() {
        assert_eq!(
            phone.responsible_for(&b.id, REFERENCE_DATE).unwrap(),
            net.responsible_for(&b.id, REFERENCE_DATE).unwrap()
        );
    }
    for h in phone.units_by_level("Household").unwrap().take(200) {
        assert_eq!(
            phone.contracts_on(&h.id, REFERENCE_DATE).unwrap(),
            net.contracts_on(&h.id, REFERENCE_DATE).unwrap()
        );
    }
    // Residents are all there, with their homes; the grid branch heads its own tree.
    assert_eq!(
        phone.residents(&grid).unwrap().len(),
        net.residents(&grid).unwrap().len()
    );
    let branch = phone.organisations().next().unwrap();
    assert!(phone.parent_organisation(&branch.id).unwrap().is_none());
    assert_eq!(
        phone
            .members(&branch.id, REFERENCE_DATE, Scope::Subtree)
            .unwrap()
            .len(),
        net.members(&branch.id, REFERENCE_DATE, Scope::Subtree)
            .unwrap()
            .len()
    );
    // The extract is a valid network of its own: it survives a snapshot round trip.
    assert_eq!(
        Network::from_json(&phone.to_json().unwrap()).unwrap(),
        phone
    );
    // Extracting the root gives the whole network back.
    let root = net.roots().next().unwrap().id.clone();
    assert_eq!(net.extract(&root).unwrap().unit_count(), net.unit_count());
    assert!(net.extract("nowhere").is_err());
}

#[test]
fn name_prefix_lookups() {
    let net = synth::community(8).unwrap();
    let first = net.persons().next().unwrap();
    let prefix: String = first.name.chars().take(1).collect();
    let found = net.persons_named(&prefix, 1000);
    assert!(found.iter().any(|p| p.id == first.id));
    assert!(found.iter().all(|p| p.name.starts_with(&prefix)));
    assert!(net.units_named("no such name", 10).is_empty());
    assert_eq!(net.units_named("", 3).len(), 3);
}

/// The units of a grid's subtree, and its extract's persons split into insiders (home or place
/// of work in the grid) and outsiders, by the server's records.
type Split = (HashSet<String>, Vec<PersonRecord>, Vec<PersonRecord>);

/// The `nth` grid of `net`, with the [`Split`] of its extract.
fn grid_and_persons(net: &Network, nth: usize) -> (String, Split) {
    let grid = net
        .units_by_level("Grid")
        .unwrap()
        .nth(nth)
        .unwrap()
        .id
        .to_string();
    let inside: HashSet<String> = std::iter::once(grid.clone())
        .chain(net.descendants(&grid).unwrap().map(|u| u.id.to_string()))
        .collect();
    let phone = net.extract(&grid).unwrap();
    let kept: HashSet<&str> = phone.persons().map(|p| p.id.as_str()).collect();
    let (insiders, outsiders) = net
        .person_records()
        .filter(|r| kept.contains(r.id.as_str()))
        .partition(|r| {
            [&r.home, &r.works_at]
                .iter()
                .any(|u| u.as_ref().is_some_and(|u| inside.contains(u)))
        });
    (grid, (inside, insiders, outsiders))
}

#[test]
fn an_extract_keeps_only_what_the_phone_needs() {
    let net = synth::community(8).unwrap();
    let (grid, (inside, insiders, outsiders)) = grid_and_persons(&net, 2);
    assert!(!insiders.is_empty() && !outsiders.is_empty());
    assert!(
        insiders
            .iter()
            .any(|r| r.phone.is_some() && r.id_number.is_some())
    );
    let phone = net.extract(&grid).unwrap();
    let on_phone = |id: &str| {
        phone
            .person_records()
            .find(|p| p.id == id)
            .expect("kept on the phone")
    };
    for r in &insiders {
        let p = on_phone(&r.id);
        // A place outside the extract is dropped (a resident working in another grid).
        let kept = |u: &Option<String>| u.clone().filter(|u| inside.contains(u));
        assert_eq!(
            (&p.name, &p.home, &p.works_at),
            (&r.name, &kept(&r.home), &kept(&r.works_at))
        );
        assert!(p.phone.is_none() && p.id_number.is_none(), "{}", r.id);
    }
    for r in &outsiders {
        let p = on_phone(&r.id);
        assert_eq!(p.name, mask(Mask::ChineseName, &r.name));
        assert!(p.home.is_none() && p.works_at.is_none());
        assert!(p.phone.is_none() && p.id_number.is_none(), "{}", r.id);
    }
    // Outsiders keep their duties: the leaders of the grid are the same ids.
    assert_eq!(
        phone.responsible_for(&grid, REFERENCE_DATE).unwrap(),
        net.responsible_for(&grid, REFERENCE_DATE).unwrap()
    );
    // No reveal, nothing logged.
    assert!(net.access_log().is_empty());
}

#[test]
fn a_revealed_extract_shows_insiders_only_and_is_logged() {
    let net = synth::community(8).unwrap();
    let (grid, (_, insiders, outsiders)) = grid_and_persons(&net, 1);
    assert!(!outsiders.is_empty());
    let reveal = Reveal::new("worker-07", "grid_service").fields(["phone"]);
    let phone = net
        .extract_with(&grid, &ExtractOptions::new().reveal(reveal))
        .unwrap();
    let on_phone: Vec<PersonRecord> = phone.person_records().collect();
    let find = |id: &str| on_phone.iter().find(|p| p.id == id).unwrap();
    for r in &insiders {
        let p = find(&r.id);
        assert_eq!(p.phone, r.phone, "{}", r.id);
        assert!(p.id_number.is_none());
    }
    for r in &outsiders {
        assert!(find(&r.id).phone.is_none(), "outsider {} revealed", r.id);
    }
    let log = net.access_log().records();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].who.as_str(), log[0].purpose.as_str()),
        ("worker-07", "grid_service")
    );
    assert_eq!(log[0].fields, ["phone"]);
    let mut logged = log[0].records.clone();
    logged.sort();
    let mut want: Vec<String> = insiders.iter().map(|r| r.id.clone()).collect();
    want.sort();
    assert_eq!(logged, want);

    // A refused reveal builds nothing and logs nothing.
    let bad = Reveal::new("worker-07", "curiosity").fields(["phone"]);
    let err = net
        .extract_with(&grid, &ExtractOptions::new().reveal(bad))
        .unwrap_err();
    assert!(err.to_string().contains("purpose"), "{err}");
    let bad = Reveal::new("worker-07", "grid_service").fields(["name"]);
    assert!(
        net.extract_with(&grid, &ExtractOptions::new().reveal(bad))
            .is_err()
    );
    assert_eq!(net.access_log().len(), 1);
}

#[test]
fn a_sealed_extract_opens_only_with_the_workers_key() {
    let net = synth::community(4).unwrap();
    let (grid, (_, insiders, _)) = grid_and_persons(&net, 0);
    let key = WorkerKey::generate();
    let opts = ExtractOptions::new()
        .reveal(Reveal::new("worker-07", "grid_service").fields(["phone", "id_number"]));
    let sealed = net
        .sealed_extract(&grid, &opts, &[key.recipient()])
        .unwrap();
    let plain = net.extract_with(&grid, &opts).unwrap();
    let opened = Network::open_extract(&sealed, key.identity()).unwrap();
    assert_eq!(opened, plain);
    assert_eq!(opened.to_binary(), plain.to_binary());

    // The phone numbers travel inside, and cannot be read from the sealed bytes.
    let snapshot = plain.to_binary();
    let numbers: Vec<String> = insiders
        .iter()
        .filter_map(|r| r.phone.as_ref().map(|p| p.expose().to_owned()))
        .collect();
    assert!(!numbers.is_empty());
    let holds =
        |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(numbers.iter().all(|n| holds(&snapshot, n)));
    assert!(numbers.iter().all(|n| !holds(&sealed, n)));

    // Another worker's key, a cut or a flipped bit: a clear error, never a network.
    let other = WorkerKey::generate();
    let err = Network::open_extract(&sealed, other.identity()).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { name, .. } if name == "identity"),
        "{err}"
    );
    for cut in [0, 1, 40, sealed.len() / 3, sealed.len() - 1] {
        let err = Network::open_extract(&sealed[..cut], key.identity()).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }), "cut at {cut}: {err}");
    }
    for at in [3, 100, sealed.len() / 2, sealed.len() - 2] {
        let mut bad = sealed.clone();
        bad[at] ^= 0x04;
        assert!(
            Network::open_extract(&bad, key.identity()).is_err(),
            "flip at {at}"
        );
    }
    // A bad recipient is refused before anything is extracted or logged.
    let before = net.access_log().len();
    let err = net
        .sealed_extract(&grid, &opts, &[key.recipient(), "age1nope"])
        .unwrap_err();
    assert!(err.to_string().contains("recipients[1]"), "{err}");
    assert_eq!(net.access_log().len(), before);
}
