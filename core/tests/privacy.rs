//! Every personal or sensitive field of every declared record, with its class and its mask: a
//! new personal field cannot slip in without a decision on how it is shown.

use quanyu::privacy::Mask;
use quanyu::schema::{FieldClass, RecordSchema, Type, Value};

/// The schemas of every declared record, from the list the bindings are generated from.
fn declared_records() -> Vec<&'static RecordSchema> {
    let mut records = Vec::new();
    macro_rules! collect {
        ($path:path ; $($item:tt)*) => {
            if let Type::Record(schema) = <$path as Value>::value_type() {
                records.push(schema);
            }
        };
    }
    quanyu::for_each_declaration!(collect);
    records
}

#[test]
fn every_personal_field_is_listed_with_its_class_mask_and_retention() {
    use FieldClass::{Personal, Sensitive};
    type Row = (
        &'static str,
        &'static str,
        FieldClass,
        Option<Mask>,
        Option<u32>,
    );
    let mut found: Vec<Row> = declared_records()
        .iter()
        .flat_map(|r| r.fields.iter().map(move |f| (r.name, f)))
        .filter(|(_, f)| f.class.is_personal())
        .map(|(record, f)| {
            // Every personal field says why it is held.
            assert!(
                f.purpose.is_some_and(|p| !p.trim().is_empty()),
                "{record}.{} has no purpose",
                f.name
            );
            (
                record,
                f.name,
                f.class,
                f.mask,
                f.retention.map(|r| r.years),
            )
        })
        .collect();
    found.sort();
    let mut expected: Vec<Row> = vec![
        // A phone number may be a mobile or a landline one: masked by its shape. Kept three
        // years after the person's last link, for questions about work they did.
        ("Person", "phone", Personal, Some(Mask::Phone), Some(3)),
        (
            "PersonRecord",
            "phone",
            Personal,
            Some(Mask::Phone),
            Some(3),
        ),
        // Verifying identity is done at once: a year is enough.
        (
            "Person",
            "id_number",
            Sensitive,
            Some(Mask::IdNumber),
            Some(1),
        ),
        (
            "PersonRecord",
            "id_number",
            Sensitive,
            Some(Mask::IdNumber),
            Some(1),
        ),
        // A person's id or a name as given: its first character shown.
        (
            "EventRecord",
            "reporter",
            Personal,
            Some(Mask::ChineseName),
            Some(3),
        ),
        // Free text: hidden entirely.
        ("EventRecord", "description", Personal, None, Some(3)),
        ("TransitionRecord", "note", Personal, None, Some(3)),
    ];
    expected.sort();
    assert_eq!(found, expected);
    // Public fields declare neither.
    for record in declared_records() {
        for f in record.fields.iter().filter(|f| !f.class.is_personal()) {
            assert_eq!(
                (f.purpose, f.retention),
                (None, None),
                "{}.{}",
                record.name,
                f.name
            );
        }
    }
}

#[test]
fn public_fields_show_their_values_and_personal_ones_never_do() {
    let sample = "13812345678";
    let mut personal = 0;
    for record in declared_records() {
        for field in record.fields {
            let shown = field.masked(sample);
            if field.class.is_personal() {
                personal += 1;
                assert_ne!(shown, sample, "{}.{}", record.name, field.name);
                assert!(
                    shown.contains('*'),
                    "{}.{}: {shown}",
                    record.name,
                    field.name
                );
            } else {
                assert_eq!(field.mask, None, "{}.{} is public", record.name, field.name);
                assert_eq!(shown, sample, "{}.{}", record.name, field.name);
            }
        }
    }
    assert!(personal >= 7);
}

#[test]
fn a_personal_field_without_a_mask_hides_everything() {
    use quanyu::schema::Record;
    let note = quanyu::events::TransitionRecord::SCHEMA
        .field("note")
        .unwrap();
    assert_eq!(note.mask, None);
    assert_eq!(note.masked("居民张三反映楼道堆物"), "***");
    assert_eq!(note.masked(""), "");
}

/// The persons of a synthetic community: each gets a pseudonym of its own, the same one
/// whichever way it is asked for, and none equal to a real id.
#[test]
fn pseudonyms_of_a_community_are_distinct_and_stable() {
    use quanyu::privacy::Pseudonymiser;
    let net = quanyu::synth::community(7).unwrap();
    let ids: Vec<String> = net.persons().map(|p| p.id.to_string()).collect();
    assert!(ids.len() > 100);
    let p = Pseudonymiser::new(b"an export key of 32 bytes, fixed").unwrap();
    let aliases = p.apply(&ids);
    let distinct: std::collections::HashSet<&String> = aliases.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    for (id, alias) in ids.iter().zip(&aliases) {
        assert_eq!(*alias, p.pseudonym(id));
        assert!(!ids.contains(alias));
    }
}

/// Counts of persons by surname, withheld as published: every cell is published or withheld,
/// and no table is left with a single withheld cell that its total would reveal.
#[test]
fn small_cells_of_persons_by_surname() {
    use quanyu::privacy::{DEFAULT_THRESHOLD, suppress_small_cells};
    let net = quanyu::synth::community(7).unwrap();
    let mut by_surname: std::collections::BTreeMap<String, u64> = Default::default();
    for person in net.persons() {
        let surname = person.name.chars().take(1).collect();
        *by_surname.entry(surname).or_default() += 1;
    }
    // A cell of one of our own, so that suppression always has something to do.
    by_surname.insert("tiny-1".into(), 1);
    let cells: Vec<(String, u64)> = by_surname.into_iter().collect();
    let table = suppress_small_cells(&cells, DEFAULT_THRESHOLD);
    assert_eq!(table.published.len() + table.suppressed.len(), cells.len());
    assert!(table.suppressed_keys().any(|k| k == "tiny-1"));
    assert_ne!(table.suppressed.len(), 1);
}

/// A resident with a known phone and ID number, added to a small network.
const PHONE: &str = "13912345678";
const ID_NUMBER: &str = "11010519491231002X";

fn with_known_person() -> quanyu::Network {
    let mut net = crate::common::small();
    let home = net
        .units_by_level("Household")
        .unwrap()
        .next()
        .map(|u| u.id.to_string());
    let mut p = quanyu::PersonRecord::new("P-KNOWN")
        .name("张三丰")
        .phone(PHONE)
        .id_number(ID_NUMBER);
    p.home = home;
    net.apply([quanyu::Change::AddPerson(p)].into_iter().collect())
        .unwrap();
    net
}

/// Every file of a directory, as text.
fn files_of(dir: &std::path::Path) -> Vec<(String, String)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            (path.display().to_string(), text)
        })
        .collect()
}

#[test]
fn a_default_export_masks_every_phone_and_id_number() {
    let net = with_known_person();
    let dir = tempfile::tempdir().unwrap();
    net.export_csv(dir.path()).unwrap();
    let files = files_of(dir.path());
    assert!(!files.is_empty());
    for (path, text) in &files {
        assert!(!text.contains(PHONE) && !text.contains(ID_NUMBER), "{path}");
    }
    let persons = &files
        .iter()
        .find(|(p, _)| p.ends_with("persons.csv"))
        .unwrap()
        .1;
    assert!(persons.contains("139****5678") && persons.contains("1***************2X"));
    // Debug output of the network and its records hides them too.
    let debug = format!("{net:?} {:?}", net.person_records().collect::<Vec<_>>());
    assert!(!debug.contains(PHONE) && !debug.contains(ID_NUMBER));
    // An extract for the household's grid, as a snapshot and as text, holds neither.
    let home = net
        .person_records()
        .find(|p| p.id == "P-KNOWN")
        .unwrap()
        .home
        .unwrap();
    let grid = net
        .units_by_level("Grid")
        .unwrap()
        .find(|g| net.is_ancestor(&g.id, &home).unwrap())
        .map(|g| g.id.to_string())
        .unwrap();
    let phone = net.extract(&grid).unwrap();
    assert!(
        phone.person("P-KNOWN").is_ok(),
        "the resident is in the extract"
    );
    let shipped = [
        String::from_utf8_lossy(&phone.to_binary()).into_owned(),
        phone.to_json().unwrap(),
        format!("{phone:?}"),
    ];
    for text in &shipped {
        assert!(!text.contains(PHONE) && !text.contains(ID_NUMBER));
    }
    // Nothing was revealed, so nothing was logged.
    assert!(net.access_log().is_empty());
}

#[test]
fn a_reveal_shows_the_named_fields_and_is_logged() {
    use quanyu::io::ExportOptions;
    use quanyu::privacy::{AccessAction, Reveal};
    let net = with_known_person();
    let dir = tempfile::tempdir().unwrap();
    let reveal = Reveal::new("worker-07", "grid_service").fields(["phone"]);
    net.export_csv_with(dir.path(), &ExportOptions::new().reveal(reveal))
        .unwrap();
    let persons = std::fs::read_to_string(dir.path().join("persons.csv")).unwrap();
    assert!(persons.contains(PHONE) && !persons.contains(ID_NUMBER));
    let log = net.access_log().records();
    assert_eq!(log.len(), 1);
    let entry = &log[0];
    assert_eq!(
        (
            entry.who.as_str(),
            entry.purpose.as_str(),
            entry.action,
            entry.table.as_str()
        ),
        ("worker-07", "grid_service", AccessAction::Reveal, "persons")
    );
    assert_eq!(entry.fields, ["phone"]);
    assert_eq!(entry.records.len(), net.person_count());
    assert!(entry.records.iter().any(|id| id == "P-KNOWN"));
    // The log reads back from its JSON form.
    let back: Vec<quanyu::privacy::AccessRecord> =
        serde_json::from_str(&net.access_log().to_json().unwrap()).unwrap();
    assert_eq!(back, log);
}

#[test]
fn a_refused_reveal_writes_nothing_and_logs_nothing() {
    use quanyu::io::ExportOptions;
    use quanyu::privacy::Reveal;
    let net = with_known_person();
    let cases = [
        (
            Reveal::new("w", "curiosity").fields(["phone"]),
            "purpose",
            "curiosity",
        ),
        (
            Reveal::new("w", "backup").fields(["phnoe"]),
            "fields",
            "phnoe",
        ),
        (
            Reveal::new("w", "backup").fields(["name"]),
            "fields",
            "name",
        ),
        (Reveal::new("w", "backup"), "fields", "name the fields"),
        (
            Reveal::new(" ", "backup").fields(["phone"]),
            "who",
            "who asks",
        ),
    ];
    for (reveal, argument, mentioned) in cases {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("out");
        let err = net
            .export_csv_with(&dir, &ExportOptions::new().reveal(reveal.clone()))
            .unwrap_err();
        match &err {
            quanyu::Error::InvalidArgument { name, message } => {
                assert_eq!(name, argument, "{err}");
                assert!(message.contains(mentioned), "{err}");
            }
            other => panic!("{other}"),
        }
        assert!(!dir.exists(), "{err}: nothing is written");
        assert!(net.person_records_revealed(&reveal).is_err());
    }
    assert!(net.access_log().is_empty());
}

#[test]
fn the_purposes_are_the_logs_and_copies_share_it() {
    use quanyu::privacy::{AccessLog, Purposes, Reveal};
    let mut net = with_known_person();
    let log = AccessLog::new(Purposes::new(["health_visit", " ", "health_visit"]));
    assert_eq!(log.purposes().names(), ["health_visit"]);
    net.set_access_log(log.clone());
    let copy = net.clone();
    let rows = copy
        .person_records_revealed(&Reveal::new("doctor-1", "health_visit").fields(["id_number"]))
        .unwrap();
    let known = rows.iter().find(|p| p.id == "P-KNOWN").unwrap();
    assert_eq!(known.id_number.as_ref().unwrap().expose(), ID_NUMBER);
    assert_eq!(known.phone.as_ref().unwrap().expose(), "139****5678");
    // The copy wrote to the log the original holds.
    assert_eq!(net.access_log().len(), 1);
    assert!(
        net.person_records_revealed(&Reveal::new("w", "grid_service").fields(["phone"]))
            .is_err()
    );
}

#[test]
fn a_backup_keeps_everything_and_says_who_made_it() {
    use quanyu::privacy::AccessAction;
    let net = with_known_person();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.qyb");
    net.backup(&path, "ops-01").unwrap();
    let back = quanyu::Network::load_binary(&path).unwrap();
    assert_eq!(back, net);
    let p = back.person("P-KNOWN").unwrap();
    assert_eq!(p.phone.as_ref().unwrap().expose(), PHONE);
    let entry = &net.access_log().records()[0];
    assert_eq!(
        (entry.action, entry.who.as_str()),
        (AccessAction::Backup, "ops-01")
    );
    assert!(net.backup(dir.path().join("b"), "").is_err());
    assert_eq!(net.access_log().len(), 1);
}

#[test]
fn the_access_log_exports_as_csv() {
    use quanyu::privacy::Reveal;
    let net = with_known_person();
    net.person_records_revealed(&Reveal::new("w,1", "emergency").fields(["phone", "id_number"]))
        .unwrap();
    let mut out = Vec::new();
    net.access_log().write_csv(&mut out).unwrap();
    let mut rows = csv::Reader::from_reader(out.as_slice());
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "w,1");
    assert_eq!(&row[5], "phone;id_number");
    assert!(row[6].split(';').any(|id| id == "P-KNOWN"));
    assert!(
        row[0].parse::<chrono::NaiveDateTime>().is_ok(),
        "{}",
        &row[0]
    );
}
