//! The compatibility promise (README, "Compatibility"): a release reads every snapshot format
//! version it lists. Files written by earlier versions are kept in `tests/data/snapshots` and
//! must open to the same network as the one built here; the current writers must reproduce
//! the current files byte for byte, so that a change to a format cannot go in without a new
//! version number (and a new fixture beside the old ones).
//!
//! To add the fixtures of a new format version, write them once with
//! `QUANYU_WRITE_FIXTURES=1 cargo test -p quanyu --test integration compat` and commit them.

use std::path::PathBuf;

use quanyu::{ContractKind, ContractRecord, Network, PersonRecord, UnitRecord};

use crate::common;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/snapshots")
        .join(name)
}

fn writing() -> bool {
    std::env::var_os("QUANYU_WRITE_FIXTURES").is_some()
}

/// The network every fixture holds: the small subdistrict of the other tests and a contract.
fn network() -> Network {
    let mut net = common::small();
    let mut e = net.edit();
    e.add_contract(ContractRecord::new(
        ContractKind::Building,
        "P1",
        "B1",
        common::day("2024-01-01"),
    ));
    e.commit().expect("the fixture network is valid");
    net
}

/// The fixture network of format versions that carry division codes (binary 3): the same,
/// with the subdistrict's statistical division code.
fn network_with_code() -> Network {
    let mut net = network();
    let mut s: UnitRecord = net
        .unit_records()
        .find(|r| r.id == "S")
        .expect("the subdistrict is there");
    s.code = Some("330108001000".into());
    let mut e = net.edit();
    e.update_unit(s);
    e.commit().expect("the code is well formed");
    net
}

/// The fixture network of format versions that carry moving-out dates (binary 4, JSON
/// `quanyu/3`): the same, with P4 (who has no home) moved out.
fn network_with_moved_out() -> Network {
    let mut net = network_with_code();
    let mut p4: PersonRecord = net
        .person_records()
        .find(|r| r.id == "P4")
        .expect("P4 is there");
    p4.moved_out = Some(common::day("2023-03-31"));
    let mut e = net.edit();
    e.update_person(p4);
    e.commit().expect("the date is in range");
    net
}

/// FNV-1a over 64 bits: the checksum of binary version 1.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A version-1 file holding what `v2` holds: version 1 differed only in its checksum.
fn as_version_1(v2: &[u8]) -> Vec<u8> {
    let mut v1 = v2.to_vec();
    v1[8..12].copy_from_slice(&1u32.to_le_bytes());
    let sum = fnv1a(&v2[28..]);
    v1[20..28].copy_from_slice(&sum.to_le_bytes());
    v1
}

#[test]
fn binary_version_1_still_opens() {
    let path = fixture("small.v1.qyb");
    if writing() {
        let v2 = std::fs::read(fixture("small.v2.qyb")).unwrap();
        std::fs::write(&path, as_version_1(&v2)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        &bytes[8..12],
        &1u32.to_le_bytes(),
        "the fixture is a version-1 file"
    );
    assert_eq!(Network::from_binary(&bytes).unwrap(), network());
    assert_eq!(Network::from_snapshot_bytes(&bytes).unwrap(), network());
}

#[test]
fn binary_version_2_still_opens() {
    let bytes = std::fs::read(fixture("small.v2.qyb")).unwrap();
    assert_eq!(
        &bytes[8..12],
        &2u32.to_le_bytes(),
        "the fixture is a version-2 file"
    );
    assert_eq!(Network::from_binary(&bytes).unwrap(), network());
}

#[test]
fn binary_version_3_still_opens() {
    let bytes = std::fs::read(fixture("small.v3.qyb")).unwrap();
    assert_eq!(
        &bytes[8..12],
        &3u32.to_le_bytes(),
        "the fixture is a version-3 file"
    );
    let net = Network::from_binary(&bytes).unwrap();
    assert_eq!(net, network_with_code());
    // A version-3 file holds no moving-out dates: every person reads without one.
    assert!(net.persons().all(|p| p.moved_out.is_none()));
    // Written again, it becomes a version-4 file holding the same network.
    let again = net.to_binary();
    assert_eq!(&again[8..12], &4u32.to_le_bytes());
    assert_eq!(Network::from_binary(&again).unwrap(), net);
}

#[test]
fn binary_version_4_is_read_and_written_unchanged() {
    let path = fixture("small.v4.qyb");
    if writing() {
        std::fs::write(&path, network_with_moved_out().to_binary()).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[8..12], &quanyu::io::binary::VERSION.to_le_bytes());
    let net = Network::from_binary(&bytes).unwrap();
    assert_eq!(net, network_with_moved_out());
    assert_eq!(
        net.person("P4").unwrap().moved_out,
        Some(common::day("2023-03-31"))
    );
    assert!(
        network_with_moved_out().to_binary() == bytes,
        "the binary writer changed: give the format a new version and keep this file as a fixture"
    );
}

#[test]
fn json_quanyu_1_still_opens() {
    let text = std::fs::read_to_string(fixture("small.quanyu-1.json")).unwrap();
    assert!(text.starts_with(r#"{"format":"quanyu/1""#));
    assert_eq!(Network::from_json(&text).unwrap(), network());
}

#[test]
fn json_quanyu_2_still_opens() {
    let text = std::fs::read_to_string(fixture("small.quanyu-2.json")).unwrap();
    assert!(text.starts_with(r#"{"format":"quanyu/2""#));
    assert!(text.contains(r#""code":"330108001000""#));
    assert!(!text.contains("moved_out"));
    assert_eq!(Network::from_json(&text).unwrap(), network_with_code());
}

#[test]
fn json_quanyu_3_is_read_and_written_unchanged() {
    let path = fixture("small.quanyu-3.json");
    if writing() {
        std::fs::write(&path, network_with_moved_out().to_json().unwrap()).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(r#"{"format":"quanyu/3""#));
    assert_eq!(quanyu::io::snapshot::FORMAT, "quanyu/3");
    assert!(text.contains(r#""moved_out":"2023-03-31""#));
    assert_eq!(Network::from_json(&text).unwrap(), network_with_moved_out());
    assert!(
        network_with_moved_out().to_json().unwrap() == text,
        "the JSON writer changed: give the format a new version and keep this file as a fixture"
    );
}

#[test]
fn versions_this_release_does_not_know_are_refused_by_name() {
    let mut bytes = network().to_binary();
    bytes[8..12].copy_from_slice(&5u32.to_le_bytes());
    let err = Network::from_binary(&bytes).unwrap_err().to_string();
    assert!(
        err.contains("unsupported binary snapshot version 5"),
        "{err}"
    );
    let err = Network::from_json(r#"{"format":"quanyu/4"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("quanyu/4"), "{err}");
}
