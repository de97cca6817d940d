//! Every edit is checked against every invariant that loading enforces, and every loader
//! enforces the same rules as an edit: ids, dates, nesting of units and organisations.

use quanyu::{
    Change, Changeset, ContractKind, Error, Network, OrganisationKind, OrganisationRecord,
    PersonRecord, TaskCategory, TaskRecord, UnitRecord, synth,
};

use crate::common::{day, small};

/// Asserts that `net` round-trips through JSON, binary and CSV with equal contents.
pub fn assert_round_trips(net: &Network) {
    let json = net.to_json().expect("to_json");
    assert_eq!(&Network::from_json(&json).expect("from_json"), net);
    let bytes = net.to_binary();
    assert_eq!(&Network::from_binary(&bytes).expect("from_binary"), net);
    let dir = tempfile::tempdir().expect("tempdir");
    // An export masks personal fields; revealing them all for a backup writes every cell as
    // held.
    net.export_csv_with(dir.path(), &full_export())
        .expect("export_csv");
    let mut back = Network::with_scheme(net.scheme().clone());
    // An edit may add a root on any level; an import accepts one only when told to.
    let options = quanyu::io::ImportOptions::new().allow_orphans(true);
    back.import_csv_with(dir.path(), &options)
        .expect("import_csv");
    assert_eq!(&back, net);
}

/// Export options that write every personal field in full, for a backup.
pub fn full_export() -> quanyu::io::ExportOptions {
    let all = quanyu::privacy::Reveal::new("tests", "backup").fields(["phone", "id_number"]);
    quanyu::io::ExportOptions::new().reveal(all)
}

/// Applies `changes` as one edit.
fn apply(net: &mut Network, changes: impl IntoIterator<Item = Change>) -> quanyu::Result<()> {
    net.apply(changes.into_iter().collect()).map(|_| ())
}

fn org(net: &Network, id: &str) -> OrganisationRecord {
    net.organisation_records()
        .find(|o| o.id == id)
        .expect("organisation")
}

#[test]
fn an_organisation_whose_kind_changes_is_checked_against_its_children() {
    let mut net = synth::community(1).unwrap();
    let before = net.clone();
    // A general branch turned grid branch: its grid branches no longer nest under it.
    let mut gb = org(&net, "S001-A01-GB");
    gb.kind = OrganisationKind::GridBranch;
    let err = apply(&mut net, [Change::UpdateOrganisation(gb)]).unwrap_err();
    assert!(
        err.problems().iter().any(|p| p.id == "S001-A01-G01-BR"),
        "{err}"
    );
    // A grid branch turned building cell: its building cells no longer nest under it.
    let mut br = org(&net, "S001-A01-G01-BR");
    br.kind = OrganisationKind::BuildingCell;
    assert!(apply(&mut net, [Change::UpdateOrganisation(br)]).is_err());
    assert_eq!(net, before);
}

#[test]
fn an_organisation_cannot_be_put_under_its_own_child() {
    let mut net = synth::community(1).unwrap();
    let before = net.clone();
    let mut gb = org(&net, "S001-A01-GB");
    gb.kind = OrganisationKind::BuildingCell;
    gb.parent = Some("S001-A01-G01-BR".into());
    let err = apply(&mut net, [Change::UpdateOrganisation(gb)]).unwrap_err();
    assert!(!err.problems().is_empty());
    assert_eq!(net, before);
    assert_eq!(net.organisations().count(), net.organisation_count());
    assert_round_trips(&net);
}

#[test]
fn ids_with_outer_whitespace_or_control_characters_are_refused_by_edits() {
    for bad in ["", " ", " A", "A ", "A\tB", "A\u{7}", "\u{3000}A"] {
        let mut net = Network::new();
        let err = apply(
            &mut net,
            [Change::AddUnit(UnitRecord::new(bad, "Subdistrict"))],
        )
        .unwrap_err();
        let p = &err.problems()[0];
        assert_eq!(p.field, "id", "{bad:?}: {err}");
        assert_eq!(net.unit_count(), 0);
    }
    // Inner spaces are ordinary characters of an id.
    let mut net = Network::new();
    apply(
        &mut net,
        [Change::AddUnit(UnitRecord::new("A B", "Subdistrict"))],
    )
    .unwrap();
}

#[test]
fn a_whitespace_person_id_in_a_binary_snapshot_is_refused() {
    // Build a valid network, then rename a person in the JSON form to a blank id: the JSON
    // loader refuses it; so must the binary form of the same content.
    let mut net = small();
    apply(&mut net, [Change::AddPerson(PersonRecord::new("Z"))]).unwrap();
    let bytes = net.to_binary();
    // The id `Z` is stored as a 1-byte string: find its length prefix and replace the byte.
    let needle = [1u8, 0, 0, 0, b'Z'];
    let at = bytes
        .windows(5)
        .position(|w| w == needle)
        .expect("the person id in the file");
    let mut bad = bytes.clone();
    bad[at + 4] = b' ';
    let bad = reseal(&bad);
    let err = Network::from_binary(&bad).unwrap_err().to_string();
    assert!(err.contains("person"), "{err}");
    assert!(err.contains("whitespace"), "{err}");
}

/// Recomputes a binary snapshot's checksum after its body was changed.
fn reseal(file: &[u8]) -> Vec<u8> {
    quanyu::io::binary::reseal(file)
}

#[test]
fn a_grid_kind_on_a_level_only_spelt_like_grid_is_refused_by_every_loader() {
    use quanyu::{GridKind, LevelDef, LevelScheme};
    let scheme = LevelScheme::new(vec![
        LevelDef::new("Top", Vec::<String>::new()),
        LevelDef::new("G_rid", ["Top"]),
    ])
    .unwrap();
    let mut net = Network::with_scheme(scheme);
    let err = apply(
        &mut net,
        [
            Change::AddUnit(UnitRecord::new("T", "Top")),
            Change::AddUnit(
                UnitRecord::new("G", "G_rid")
                    .parent("T")
                    .grid_kind(GridKind::Park),
            ),
        ],
    )
    .unwrap_err();
    assert_eq!(err.problems()[0].field, "grid_kind");
    // The same content, written by hand as a binary snapshot.
    apply(
        &mut net,
        [
            Change::AddUnit(UnitRecord::new("T", "Top")),
            Change::AddUnit(UnitRecord::new("G", "G_rid").parent("T")),
        ],
    )
    .unwrap();
    let bytes = net.to_binary();
    // The grid-kind byte of `G` follows its id, name, level and parent: 255 means none.
    let needle = [1u8, 0, 0, 0, b'G', 0, 0, 0, 0, 1, 0, 0, 0, 0, 255];
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    let mut bad = bytes.clone();
    bad[at + needle.len() - 1] = 2; // Park
    let err = Network::from_binary(&reseal(&bad)).unwrap_err().to_string();
    assert!(err.contains("grid kind"), "{err}");
}

#[test]
fn dates_outside_years_1_to_9999_are_refused_with_the_field_and_value() {
    let mut net = small();
    let before = net.clone();
    let ancient = chrono::NaiveDate::from_ymd_opt(-44, 3, 15).unwrap();
    let far = chrono::NaiveDate::from_ymd_opt(10000, 1, 1).unwrap();
    let err = apply(
        &mut net,
        [Change::AddTask(TaskRecord::new(
            "T",
            "G1",
            TaskCategory::Grid,
            ancient,
        ))],
    )
    .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.field, "deadline", "{err}");
    assert!(
        p.message.contains("-44") || p.message.contains("-0044"),
        "{err}"
    );
    let contract =
        quanyu::ContractRecord::new(ContractKind::Neighbours, "P1", "H1", day("2024-01-01"))
            .until(far);
    let err = apply(&mut net, [Change::AddContract(contract)]).unwrap_err();
    assert_eq!(err.problems()[0].field, "end", "{err}");
    assert_eq!(net, before);
    // The binary loader refuses them too.
    let mut ok = small();
    apply(
        &mut ok,
        [Change::AddTask(TaskRecord::new(
            "T",
            "G1",
            TaskCategory::Grid,
            day("2024-05-05"),
        ))],
    )
    .unwrap();
    let bytes = ok.to_binary();
    let days = chrono::Datelike::num_days_from_ce(&day("2024-05-05")).to_le_bytes();
    let at = bytes.windows(4).position(|w| w == days).unwrap();
    let mut bad = bytes.clone();
    bad[at..at + 4].copy_from_slice(&chrono::Datelike::num_days_from_ce(&ancient).to_le_bytes());
    let err = Network::from_binary(&reseal(&bad)).unwrap_err().to_string();
    assert!(err.contains("9999"), "{err}");
}

#[test]
fn lookups_name_what_was_looked_up() {
    let net = synth::community(1).unwrap();
    let d = synth::REFERENCE_DATE;
    let held = net.contracts_held("P-404", d).unwrap_err().to_string();
    assert!(
        held.contains("holder") && held.contains("person or organisation"),
        "{held}"
    );
    assert!(held.contains("P-404"), "{held}");
    let on = net.contracts_on("P-404", d).unwrap_err().to_string();
    assert!(
        on.contains("target") && on.contains("unit or key task"),
        "{on}"
    );
}

#[test]
fn a_failed_apply_leaves_the_network_as_it_was() {
    let mut net = small();
    let before = net.clone();
    let changes: Changeset = [
        Change::AddUnit(UnitRecord::new("X", "Area").parent("S")),
        Change::AddUnit(UnitRecord::new("Y ", "Area").parent("S")),
    ]
    .into_iter()
    .collect();
    assert!(matches!(net.apply(changes), Err(Error::Validation(_))));
    assert_eq!(net, before);
}
