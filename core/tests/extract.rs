//! Scoped extracts and app look-ups.

use quanyu::synth::{self, REFERENCE_DATE};
use quanyu::{Network, Scope};

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
