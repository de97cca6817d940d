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
fn every_personal_field_is_listed_with_its_class_and_mask() {
    use FieldClass::{Personal, Sensitive};
    let mut found: Vec<(&str, &str, FieldClass, Option<Mask>)> = declared_records()
        .iter()
        .flat_map(|r| r.fields.iter().map(move |f| (r.name, f)))
        .filter(|(_, f)| f.class.is_personal())
        .map(|(record, f)| (record, f.name, f.class, f.mask))
        .collect();
    found.sort();
    let mut expected = vec![
        // A phone number may be a mobile or a landline one: masked by its shape.
        ("Person", "phone", Personal, Some(Mask::Phone)),
        ("Person", "id_number", Sensitive, Some(Mask::IdNumber)),
        ("PersonRecord", "phone", Personal, Some(Mask::Phone)),
        ("PersonRecord", "id_number", Sensitive, Some(Mask::IdNumber)),
        // A person's id or a name as given: its first character shown.
        ("EventRecord", "reporter", Personal, Some(Mask::ChineseName)),
        // Free text: hidden entirely.
        ("EventRecord", "description", Personal, None),
        ("TransitionRecord", "note", Personal, None),
    ];
    expected.sort();
    assert_eq!(found, expected);
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
