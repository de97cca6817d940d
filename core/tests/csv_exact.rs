//! CSV tables are read and written exactly, strictly and in the encoding asked for: no cell is
//! trimmed, no unknown column or file passes unnoticed, text that is not UTF-8 is named.

use quanyu::io::{ImportOptions, Table, read_table};
use quanyu::{Change, Error, Network, PersonRecord, UnitRecord, venues::Menu};

use crate::common::small;
use crate::invariants::assert_round_trips;

fn write(dir: &std::path::Path, name: &str, text: &[u8]) {
    std::fs::write(dir.join(name), text).expect("write a test file");
}

#[test]
fn names_and_phones_keep_their_spaces_through_csv() {
    let mut net = small();
    net.apply(
        [Change::AddPerson(
            PersonRecord::new("P9")
                .name("  Wang  Fang ")
                .phone("138 0000 0000")
                .home("H1"),
        )]
        .into_iter()
        .collect(),
    )
    .unwrap();
    assert_round_trips(&net);
    let p = net.person("P9").unwrap();
    assert_eq!(p.name, "  Wang  Fang ");
    // A phone number is stored as typed, its separators kept (it is checked, not rewritten).
    assert_eq!(p.phone.as_ref().unwrap().expose(), "138 0000 0000");
}

#[test]
fn ids_that_differ_only_by_spaces_cannot_be_made() {
    // `A` and `A ` would export to cells a spreadsheet shows alike; the second is refused.
    let mut net = small();
    let err = net
        .apply(
            [Change::AddUnit(UnitRecord::new("A1 ", "Area").parent("S"))]
                .into_iter()
                .collect(),
        )
        .unwrap_err();
    assert!(err.problems()[0].message.contains("whitespace"), "{err}");
}

#[test]
fn an_id_cell_with_spaces_is_refused_not_trimmed() {
    let err = {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "units.csv",
            b"id,level,parent\nS,Subdistrict,\n A,Area,S\n",
        );
        let mut net = Network::new();
        net.import_csv(dir.path()).unwrap_err()
    };
    let p = &err.problems()[0];
    assert_eq!((p.id.as_str(), p.field.as_str()), (" A", "id"), "{err}");
    assert_eq!(p.origin.as_ref().unwrap().row, 2);
}

#[test]
fn a_header_typo_is_an_error_naming_the_nearest_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "units.csv",
        b"id,level,parnet\nS,Subdistrict,\nA,Area,S\n",
    );
    let mut net = Network::new();
    let err = net.import_csv(dir.path()).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.field, "parnet");
    assert!(p.message.contains("did you mean `parent`?"), "{err}");
    assert_eq!(net.unit_count(), 0);
    // Allowed explicitly, the extra column is passed over; `A` then has no parent, which an
    // import refuses for an Area.
    let opts = ImportOptions::new().allow_extra_columns(true);
    let err = net.import_csv_with(dir.path(), &opts).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!((p.id.as_str(), p.field.as_str()), ("A", "parent"), "{err}");
}

#[test]
fn a_file_that_is_no_table_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "units.csv", b"id,level\nS,Subdistrict\n");
    write(dir.path(), "post.csv", b"person,role,unit,start\n");
    let mut net = Network::new();
    let err = net.import_csv(dir.path()).unwrap_err();
    let p = &err.problems()[0];
    assert!(p.message.contains("`post.csv`"), "{err}");
    assert!(p.message.contains("did you mean `posts.csv`?"), "{err}");
    // Hidden files are always passed over.
    std::fs::remove_file(dir.path().join("post.csv")).unwrap();
    write(dir.path(), ".DS_Store", b"\0\0");
    net.import_csv(dir.path()).unwrap();
    assert_eq!(net.unit_count(), 1);
}

#[test]
fn a_unit_that_needs_a_parent_and_has_none_is_an_import_error_and_an_audit_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "units.csv",
        b"id,level,parent\nS,Subdistrict,\nB,Building,\n",
    );
    let mut net = Network::new();
    let err = net.import_csv(dir.path()).unwrap_err();
    assert_eq!(err.problems()[0].id, "B", "{err}");
    // An edit may add such a root (a part cut out of a bigger network); the audit names it.
    net.apply(
        [Change::AddUnit(UnitRecord::new("B", "Building"))]
            .into_iter()
            .collect(),
    )
    .unwrap();
    let audit = net.audit(crate::common::day("2024-01-01"));
    assert_eq!(audit.units_without_parent, ["B"]);
}

#[test]
fn a_row_error_names_its_column() {
    let err = read_table(
        Table::Units,
        "id,level,parent\nS,Subdistrict\n".as_bytes(),
        "units.csv",
    )
    .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.field, "parent", "{err}");
    assert!(p.message.contains("2 cells"), "{err}");
}

#[test]
fn gbk_text_is_named_and_read_with_its_encoding() {
    use encoding_rs::GB18030;
    let (gbk, _, _) = GB18030.encode("id,level,name\nS,Subdistrict,滨江街道\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "units.csv", &gbk);
    let mut net = Network::new();
    let err = net.import_csv(dir.path()).unwrap_err();
    let Error::Parse {
        source_name,
        line,
        message,
    } = &err
    else {
        panic!("expected a parse error, got {err:?}");
    };
    assert_eq!((source_name.as_str(), *line), ("units.csv", Some(2)));
    assert!(
        message.contains("byte 28") && message.contains("GB18030"),
        "{err}"
    );
    net.import_csv_with(dir.path(), &ImportOptions::new().encoding("gb18030"))
        .unwrap();
    assert_eq!(net.unit("S").unwrap().name, "滨江街道");
    // An unknown encoding is an invalid argument.
    let err = Network::new()
        .import_csv_with(dir.path(), &ImportOptions::new().encoding("no-such"))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
}

#[test]
fn an_export_with_a_bom_reads_back_the_same() {
    let net = small();
    let dir = tempfile::tempdir().unwrap();
    net.export_csv_with(dir.path(), &crate::invariants::full_export().bom(true))
        .unwrap();
    let units = std::fs::read(dir.path().join("units.csv")).unwrap();
    assert!(units.starts_with(b"\xef\xbb\xbfid,"));
    let mut back = Network::new();
    back.import_csv(dir.path()).unwrap();
    assert_eq!(back, net);
}

#[test]
fn menu_tables_use_the_same_header_rule() {
    let net = small();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "venues.csv",
        b"id,kind,ownr,location\nV1,MeetingRoom,WC,S\n",
    );
    let err = Menu::new().import_csv(&net, dir.path()).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.field, "ownr");
    assert!(p.message.contains("did you mean `owner`?"), "{err}");
}
