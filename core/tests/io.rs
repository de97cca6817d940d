//! Snapshots and CSV tables: exact round trips, clear errors, nothing half-done.

use crate::common;

use std::path::Path;

use common::small;
use quanyu::io::{LevelSource, Table, UnitColumns, read_table, read_units_with};
use quanyu::{Error, LevelScheme, Network};

#[test]
fn snapshot_round_trip_is_exact() {
    let net = quanyu::synth::community(11).unwrap();
    let json = net.to_json().unwrap();
    let back = Network::from_json(&json).unwrap();
    assert_eq!(back, net);
    assert_eq!(
        back.to_json().unwrap(),
        json,
        "saving a loaded snapshot gives the same bytes"
    );
    // Personal fields survive in the snapshot (the network's own storage).
    let p = net.persons().find(|p| p.phone.is_some()).unwrap();
    assert_eq!(back.person(&p.id).unwrap().phone, p.phone);
}

#[test]
fn a_snapshot_error_does_not_echo_a_phone_or_id_number() {
    let mut net = small();
    let mut e = net.edit();
    e.add_person(
        quanyu::PersonRecord::new("PX")
            .phone("13812345678")
            .id_number("440305201203150019"),
    );
    e.commit().unwrap();
    let json = net.to_json().unwrap();
    assert!(
        json.contains("\"13812345678\""),
        "the snapshot is storage: it keeps the value"
    );
    // A phone written as a JSON number, an ID number where a number belongs.
    for (from, to) in [
        ("\"13812345678\"", "13812345678"),
        ("\"440305201203150019\"", "440305201203150019"),
    ] {
        let err = Network::from_json(&json.replacen(from, to, 1)).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(matches!(err, Error::Parse { .. }), "{shown}");
        assert!(!shown.contains("13812345678"), "{shown}");
        assert!(!shown.contains("440305201203150019"), "{shown}");
    }
}

#[test]
fn custom_schemes_round_trip() {
    let mut net = Network::with_scheme(LevelScheme::linear(["Province", "City"]).unwrap());
    let mut e = net.edit();
    e.add_unit(quanyu::UnitRecord::new("31", "Province").name("上海市"));
    e.add_unit(quanyu::UnitRecord::new("3101", "City").parent("31"));
    e.commit().unwrap();
    let back = Network::from_json(&net.to_json().unwrap()).unwrap();
    assert_eq!(back, net);
    assert_eq!(back.scheme().len(), 2);
}

#[test]
fn unknown_formats_and_corrupt_files_are_named() {
    let err = Network::from_json(r#"{"format":"quanyu/4","scheme":{"defs":[]}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "snapshot: unsupported snapshot format `quanyu/4`; this version reads `quanyu/1` and `quanyu/2` and `quanyu/3`"
    );
    let err = Network::from_json(r#"{"units":[]}"#).unwrap_err();
    assert!(err.to_string().contains("no \"format\" field"), "{err}");
    let json = small().to_json().unwrap();
    let err = Network::from_json(&json[..json.len() / 2]).unwrap_err();
    assert!(matches!(err, Error::Parse { line: Some(1), .. }), "{err}");
    let err = Network::from_json(&json.replace("\"level\":\"Household\"", "\"level\":\"Flat\""))
        .unwrap_err();
    assert!(err.to_string().contains("unknown level `Flat`"), "{err}");
    let err = Network::from_json(&json.replace("\"GridLeader\"", "\"Chief\"")).unwrap_err();
    assert!(err.to_string().contains("unknown role `Chief`"), "{err}");
    // A dangling reference is a validation error naming the table row.
    let err =
        Network::from_json(&json.replace("\"parent\":\"B1\"", "\"parent\":\"B404\"")).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.origin.as_ref().unwrap().source, "snapshot: units");
    assert_eq!(p.field, "parent");
}

#[test]
fn saving_is_atomic_and_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.json");
    std::fs::write(&path, "old contents").unwrap();
    let net = small();
    net.save(&path).unwrap();
    assert_eq!(Network::load(&path).unwrap(), net);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "no temporary file is left behind: {names:?}"
    );
    // Saving into a missing directory fails cleanly and names it.
    let err = net.save(dir.path().join("missing/net.json")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{err}"
    );
    let err = Network::load(dir.path().join("absent.json")).unwrap_err();
    assert!(err.to_string().contains("absent.json"));
}

#[test]
fn csv_round_trip_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let net = quanyu::synth::community(12).unwrap();
    net.export_csv_with(dir.path(), &crate::invariants::full_export())
        .unwrap();
    for t in Table::ALL {
        assert!(dir.path().join(t.file_name()).exists());
    }
    let mut back = Network::new();
    back.import_csv(dir.path()).unwrap();
    assert_eq!(back, net);
}

fn write(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

#[test]
fn csv_errors_name_file_row_and_column_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "units.csv",
        "id,name,level,parent,grid_kind,residents\nS,s,Subdistrict,,,\nA,a,Area,S,,\nG,g,Grid,A,Mall,\nH,h,Household,G,,x\n",
    );
    write(d, "persons.csv", "id,home\nP1,nowhere\n");
    write(
        d,
        "posts.csv",
        "person,role,unit,start\nP1,GridLeader,G,2024-13-01\n",
    );
    let mut net = small();
    let before = net.clone();
    let err = net.import_csv(d).unwrap_err();
    let got: Vec<(String, u64, String)> = err
        .problems()
        .iter()
        .map(|p| {
            (
                p.origin.as_ref().unwrap().source.clone(),
                p.origin.as_ref().unwrap().row,
                p.field.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("units.csv".to_owned(), 3, "grid_kind".to_owned()),
            ("units.csv".to_owned(), 4, "residents".to_owned()),
            ("posts.csv".to_owned(), 1, "start".to_owned()),
        ]
    );
    assert!(
        err.problems()[0]
            .message
            .contains("unknown grid kind `Mall`"),
        "{}",
        err.problems()[0].message
    );
    assert_eq!(net, before);

    // Once the cells parse, references are checked: the home and the duplicate ids.
    write(
        d,
        "units.csv",
        "id,name,level,parent,grid_kind,residents\nS,s,Subdistrict,,,\nA2,a,Area,S,,\n",
    );
    write(d, "posts.csv", "person,role,unit,start\n");
    let err = net.import_csv(d).unwrap_err();
    let msgs: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "units.csv row 1: `S`.id: a unit with id `S` already exists",
            "persons.csv row 1: `P1`.id: a person with id `P1` already exists",
        ]
    );
    assert_eq!(net, before);
}

#[test]
fn csv_structure_errors() {
    let err = read_table(Table::Units, "name,parent\nx,y\n".as_bytes(), "units.csv").unwrap_err();
    let cols: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(cols, ["id", "level"]);
    let err = read_table(
        Table::Units,
        "id,level\nS,Subdistrict,extra\n".as_bytes(),
        "units.csv",
    )
    .unwrap_err();
    assert!(
        err.problems()[0]
            .message
            .contains("3 cells, the header has 2"),
        "{}",
        err.problems()[0].message
    );
    // A column the table does not have is an error, unless extra columns are allowed.
    let text = "level,id,comment\nSubdistrict,S,ignored\n";
    let err = read_table(Table::Units, text.as_bytes(), "u.csv").unwrap_err();
    assert_eq!(err.problems()[0].field, "comment");
    let lenient = quanyu::io::ImportOptions::new().allow_extra_columns(true);
    let changes =
        quanyu::io::read_table_with(Table::Units, text.as_bytes(), "u.csv", &lenient).unwrap();
    assert_eq!(changes.len(), 1);
    let mut net = Network::new();
    assert!(matches!(
        net.import_csv(tempfile::tempdir().unwrap().path()),
        Err(Error::Io { .. })
    ));
}

/// China's administrative divisions (provinces > cities > counties > townships): 44,703 units.
#[test]
fn china_divisions_import_with_a_custom_scheme() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/divisions");
    let scheme = LevelScheme::linear(["Province", "City", "County", "Township"]).unwrap();
    let mut net = Network::with_scheme(scheme);
    let mut changes = quanyu::Changeset::new();
    for (file, parent, level) in [
        ("provinces.csv", None, "Province"),
        ("cities.csv", Some("provinceCode"), "City"),
        ("areas.csv", Some("cityCode"), "County"),
        ("streets.csv", Some("areaCode"), "Township"),
    ] {
        let cols = UnitColumns {
            id: "code",
            name: Some("name"),
            parent,
            level: LevelSource::Fixed(level),
        };
        let f = std::fs::File::open(dir.join(file)).unwrap();
        changes.extend(read_units_with(f, file, &cols).unwrap());
    }
    net.apply(changes).unwrap();
    assert_eq!(net.unit_count(), 44_703);
    assert_eq!(net.units_by_level("Province").unwrap().count(), 31);
    assert_eq!(net.units_by_level("Township").unwrap().count(), 41_352);
    let shanghai = net.units_in("31", "Township").unwrap();
    assert_eq!(shanghai.len(), 234);
    let subdistricts = net
        .units_in("31", "Township")
        .unwrap()
        .filter(|u| u.name.ends_with("街道"))
        .count();
    assert_eq!(subdistricts, 107);
    assert_eq!(
        net.subtree_size("31").unwrap(),
        1 + net.descendants("31").unwrap().count()
    );
    let street = net
        .units_in("31", "Township")
        .unwrap()
        .next()
        .unwrap()
        .id
        .clone();
    let up: Vec<&str> = net
        .ancestors(&street)
        .unwrap()
        .iter()
        .map(|u| net.scheme().name(u.level))
        .collect();
    assert_eq!(up, ["County", "City", "Province"]);
    // Beijing and Shanghai share no unit.
    assert!(net.lowest_common_ancestor("11", "31").unwrap().is_none());
    // And the whole country survives a snapshot round trip.
    assert_eq!(Network::from_json(&net.to_json().unwrap()).unwrap(), net);
}

#[test]
fn binary_snapshots_round_trip_exactly() {
    let net = quanyu::synth::community(13).unwrap();
    let bytes = net.to_binary();
    let back = Network::from_binary(&bytes).unwrap();
    assert_eq!(back, net);
    assert_eq!(back.to_binary(), bytes);
    assert_eq!(back.to_json().unwrap(), net.to_json().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.qyb");
    net.save_binary(&path).unwrap();
    assert_eq!(Network::load_snapshot(&path).unwrap(), net);
    // Truncated and foreign files are refused with a clear message.
    for cut in [0, 7, 20, 28, bytes.len() / 2, bytes.len() - 1] {
        let err = Network::from_binary(&bytes[..cut]).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }), "{err}");
    }
    let mut v5 = bytes.clone();
    v5[8] = 5;
    assert!(
        Network::from_binary(&v5)
            .unwrap_err()
            .to_string()
            .contains("version 5")
    );
    // Any flipped bit of the body is caught by the checksum.
    for at in (28..bytes.len())
        .step_by(bytes.len() / 97 + 1)
        .chain([bytes.len() - 1])
    {
        for bit in [0, 3, 7] {
            let mut bad = bytes.clone();
            bad[at] ^= 1 << bit;
            let err = Network::from_binary(&bad).unwrap_err().to_string();
            assert!(err.contains("checksum"), "byte {at} bit {bit}: {err}");
        }
    }
}

#[test]
fn version_one_binary_snapshots_are_checked_with_their_own_checksum() {
    // Version 1 is a version-2 body sealed with FNV-1a over the whole body (the file is kept
    // beside the compatibility tests' other fixtures).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/snapshots/small.v1.qyb"
    );
    let mut bytes = std::fs::read(path).unwrap();
    assert_eq!(fnv(&bytes[28..]).to_le_bytes(), bytes[20..28]);
    assert!(Network::from_binary(&bytes).is_ok());
    bytes[40] ^= 1;
    assert!(Network::from_binary(&bytes).is_err());
}

/// FNV-1a, the checksum of version-1 files, to seal a deliberately altered body.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Altered bodies with a valid checksum never panic, and whatever loads is a valid network.
    #[test]
    fn altered_binary_snapshots_are_refused_or_valid(
        edits in proptest::collection::vec((0usize..10_000, proptest::prelude::any::<u8>()), 1..6)
    ) {
        let mut net = small();
        let mut e = net.edit();
        e.add_contract(quanyu::ContractRecord::new(quanyu::ContractKind::Building, "P1", "B1", common::day("2024-01-01")));
        e.add_task(quanyu::TaskRecord::new("T", "G1", quanyu::TaskCategory::Grid, common::day("2025-01-01")));
        e.commit().unwrap();
        let mut bytes = net.to_binary();
        let body = bytes.len() - 28;
        for (at, value) in edits {
            bytes[28 + at % body] = value;
        }
        // Sealed as version 1, whose checksum is simple to recompute here.
        bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
        let sum = fnv(&bytes[28..]).to_le_bytes();
        bytes[20..28].copy_from_slice(&sum);
        if let Ok(loaded) = Network::from_binary(&bytes) {
            // Anything accepted passes the edit validation too.
            let again = Network::from_json(&loaded.to_json().unwrap());
            proptest::prop_assert!(again.is_ok(), "accepted an invalid network: {:?}", again.err());
        }
    }
}
