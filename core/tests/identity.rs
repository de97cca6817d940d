//! Resident ID numbers and phone numbers are checked on every way in: an edit, a JSON
//! snapshot, CSV tables and a binary snapshot refuse the same bad values with the same
//! problem, naming the person and the field and never repeating the value.

use chrono::NaiveDate;
use proptest::prelude::*;
use quanyu::{
    Change, Error, IdNumberError, Network, PersonRecord, PhoneError, PhoneKind, check_id_number,
    check_phone, id_number_check_character, synth,
};

use crate::common::{day, small};

/// A valid ID number: born 15 March 2012 in Shenzhen's Nanshan district.
const CHILD: &str = "440305201203150019";
/// A valid ID number: born 31 December 1949, with the check character X.
const ELDER: &str = "11010519491231002X";

/// The bad ID numbers, one per way of being wrong, with the error each gives.
fn bad_id_numbers() -> Vec<(&'static str, IdNumberError)> {
    vec![
        ("44030520120315001", IdNumberError::Length { chars: 17 }),
        ("4403052012031500199", IdNumberError::Length { chars: 19 }),
        ("440305201203150018", IdNumberError::CheckCharacter),
        ("440305201202300015", IdNumberError::BirthDate),
        ("440305201213010014", IdNumberError::BirthDate),
        ("110105189912310027", IdNumberError::BornTooEarly),
        ("990305201203150019", IdNumberError::Region),
        ("090305201203150019", IdNumberError::Region),
        (
            "4403052O1203150019",
            IdNumberError::NotDigit { position: 8 },
        ),
        (
            "44030520120315001Y",
            IdNumberError::NotDigit { position: 18 },
        ),
        ("11010519491231002x", IdNumberError::LowercaseX),
        (
            "４40305201203150019",
            IdNumberError::NotDigit { position: 1 },
        ),
    ]
}

/// The bad phone numbers, one per way of being wrong.
fn bad_phones() -> Vec<(&'static str, PhoneError)> {
    vec![
        ("1380013800", PhoneError::Mobile { digits: 10 }),
        ("138001380001", PhoneError::Mobile { digits: 12 }),
        ("12800138000", PhoneError::Mobile { digits: 11 }),
        ("+1 415 555 0100", PhoneError::International),
        ("0044 20 7946 0000", PhoneError::International),
        ("+86 010 12345678", PhoneError::International),
        ("010-1234567", PhoneError::Landline),
        ("0571-0888888", PhoneError::Landline),
        ("88888888", PhoneError::Unrecognised),
        ("138 0013 8000 ", PhoneError::Separator { position: 14 }),
        ("138--00138000", PhoneError::Separator { position: 5 }),
        ("(010)12345678", PhoneError::Character { position: 1 }),
        ("138.0013.8000", PhoneError::Character { position: 4 }),
        (
            "一三八００一三八０００",
            PhoneError::Character { position: 1 },
        ),
    ]
}

/// The problem a refused change of `field` of person `id` gives: one, naming them, without
/// the value.
fn assert_masked(err: &Error, id: &str, field: &str, value: &str) {
    let problems = err.problems();
    assert_eq!(problems.len(), 1, "{err}");
    let p = &problems[0];
    assert_eq!((p.id.as_str(), p.field.as_str()), (id, field), "{err}");
    let text = err.to_string();
    assert!(text.contains(&format!("`{id}`.{field}")), "{text}");
    assert!(!text.contains(value), "the value leaks: {text}");
    // Not even its middle: at most the first two and the last character are shown.
    let chars: Vec<char> = value.chars().collect();
    if chars.len() > 5 {
        let middle: String = chars[2..chars.len() - 1].iter().collect();
        assert!(!text.contains(&middle), "the value leaks: {text}");
    }
}

#[test]
fn good_numbers_pass_and_give_the_birth_date() {
    assert_eq!(
        check_id_number(CHILD),
        Ok(NaiveDate::from_ymd_opt(2012, 3, 15).unwrap())
    );
    assert_eq!(
        check_id_number(ELDER),
        Ok(NaiveDate::from_ymd_opt(1949, 12, 31).unwrap())
    );
    for (phone, kind) in [
        ("13800138000", PhoneKind::Mobile),
        ("19912345678", PhoneKind::Mobile),
        ("138 0013 8000", PhoneKind::Mobile),
        ("138-0013-8000", PhoneKind::Mobile),
        ("+86 138 0013 8000", PhoneKind::Mobile),
        ("+86-13800138000", PhoneKind::Mobile),
        ("0086 13800138000", PhoneKind::Mobile),
        ("010-12345678", PhoneKind::Landline),
        ("0571-8888888", PhoneKind::Landline),
        ("0571-88888888", PhoneKind::Landline),
        ("02112345678", PhoneKind::Landline),
    ] {
        assert_eq!(check_phone(phone), Ok(kind), "{phone}");
    }
}

#[test]
fn every_bad_value_gives_its_own_error() {
    for (number, want) in bad_id_numbers() {
        assert_eq!(check_id_number(number), Err(want), "{number}");
        assert!(!want.to_string().contains(number));
    }
    for (phone, want) in bad_phones() {
        assert_eq!(check_phone(phone), Err(want), "{phone}");
    }
}

#[test]
fn a_bad_value_in_an_edit_is_refused_by_person_and_field_and_changes_nothing() {
    let cases = bad_id_numbers()
        .into_iter()
        .map(|(v, _)| ("id_number", v))
        .chain(bad_phones().into_iter().map(|(v, _)| ("phone", v)));
    for (field, value) in cases {
        let mut net = small();
        let before = net.clone();
        let record = PersonRecord::new("P9").home("H1");
        let record = match field {
            "phone" => record.phone(value),
            _ => record.id_number(value),
        };
        let err = net
            .apply([Change::AddPerson(record)].into_iter().collect())
            .unwrap_err();
        assert_masked(&err, "P9", field, value);
        assert_eq!(net, before, "a refused edit changed the network");
        // An update of an existing person is refused the same way.
        let update = PersonRecord::new("P1").home("H1");
        let update = match field {
            "phone" => update.phone(value),
            _ => update.id_number(value),
        };
        let err = net
            .apply([Change::UpdatePerson(update)].into_iter().collect())
            .unwrap_err();
        assert_masked(&err, "P1", field, value);
        assert_eq!(net, before, "a refused update changed the network");
    }
}

#[test]
fn empty_personal_fields_are_no_value_and_pass() {
    let mut net = small();
    net.apply(
        [Change::AddPerson(
            PersonRecord::new("P9").phone("").id_number(""),
        )]
        .into_iter()
        .collect(),
    )
    .unwrap();
    let p = net.person("P9").unwrap();
    assert!(p.phone.is_none() && p.id_number.is_none() && p.birth_date().is_none());
}

/// `small()` with person P9 carrying `phone` and `id_number`, made without validation: as a
/// JSON snapshot text.
fn snapshot_with(phone: &str, id_number: &str) -> String {
    let mut net = small();
    net.apply(
        [Change::AddPerson(
            PersonRecord::new("P9")
                .home("H1")
                .phone("13912345678")
                .id_number(ELDER),
        )]
        .into_iter()
        .collect(),
    )
    .unwrap();
    let json = net.to_json().unwrap();
    assert!(json.contains("13912345678") && json.contains(ELDER));
    json.replace("13912345678", &json_text(phone))
        .replace(ELDER, &json_text(id_number))
}

/// `s` as the inside of a JSON string.
fn json_text(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

#[test]
fn a_json_snapshot_with_a_bad_value_is_refused() {
    assert!(Network::from_json(&snapshot_with("13912345678", ELDER)).is_ok());
    for (number, _) in bad_id_numbers() {
        let err = Network::from_json(&snapshot_with("13912345678", number)).unwrap_err();
        assert_masked(&err, "P9", "id_number", number);
        assert!(err.to_string().contains("persons row"), "{err}");
    }
    for (phone, _) in bad_phones() {
        let err = Network::from_json(&snapshot_with(phone, ELDER)).unwrap_err();
        assert_masked(&err, "P9", "phone", phone);
    }
}

#[test]
fn csv_tables_with_a_bad_value_are_refused_and_change_nothing() {
    let cases = bad_id_numbers()
        .into_iter()
        .map(|(v, _)| ("id_number", v))
        .chain(bad_phones().into_iter().map(|(v, _)| ("phone", v)));
    for (field, value) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut w = csv::Writer::from_path(dir.path().join("persons.csv")).unwrap();
        w.write_record(["id", "home", "phone", "id_number"])
            .unwrap();
        w.write_record(["P8", "H2", "13912345678", ELDER]).unwrap();
        let (phone, number) = match field {
            "phone" => (value, CHILD),
            _ => ("010-12345678", value),
        };
        w.write_record(["P9", "H1", phone, number]).unwrap();
        w.flush().unwrap();
        drop(w);
        let mut net = small();
        let before = net.clone();
        let err = net.import_csv(dir.path()).unwrap_err();
        assert_masked(&err, "P9", field, value);
        assert!(err.to_string().contains("persons.csv row 2"), "{err}");
        assert_eq!(net, before, "a refused import changed the network");
    }
}

#[test]
fn a_binary_snapshot_with_a_bad_value_is_refused() {
    let mut net = small();
    net.apply(
        [Change::AddPerson(
            PersonRecord::new("P9").home("H1").id_number(CHILD),
        )]
        .into_iter()
        .collect(),
    )
    .unwrap();
    let bytes = net.to_binary();
    assert_eq!(Network::from_binary(&bytes).unwrap(), net);
    // The same bytes with a wrong check character, and with an impossible date.
    for bad in ["440305201203150018", "440305201202300019"] {
        let at = bytes
            .windows(CHILD.len())
            .position(|w| w == CHILD.as_bytes())
            .unwrap();
        let mut patched = bytes.clone();
        patched[at..at + bad.len()].copy_from_slice(bad.as_bytes());
        let patched = quanyu::io::binary::reseal(&patched);
        let err = Network::from_binary(&patched).unwrap_err().to_string();
        assert!(err.contains("person `P9`: id_number"), "{err}");
        assert!(!err.contains(bad) && !err.contains(&bad[2..17]), "{err}");
    }
}

#[test]
fn minors_are_under_14_on_the_day_asked() {
    let mut net = small();
    net.apply(
        [
            Change::AddPerson(PersonRecord::new("C").id_number(CHILD)),
            Change::AddPerson(PersonRecord::new("E").id_number(ELDER)),
        ]
        .into_iter()
        .collect(),
    )
    .unwrap();
    let (child, elder) = (net.person("C").unwrap(), net.person("E").unwrap());
    assert_eq!(child.birth_date(), Some(day("2012-03-15")));
    assert!(child.is_minor_on(day("2026-03-14")));
    assert!(!child.is_minor_on(day("2026-03-15")));
    assert!(!child.is_minor_on(day("2011-01-01")), "not yet born");
    assert_eq!(child.age_on(day("2024-10-13")), Some(12));
    assert_eq!(elder.age_on(day("1950-01-01")), Some(0));
    assert!(elder.is_minor_on(day("1963-12-30")));
    assert!(!elder.is_minor_on(day("1963-12-31")));
    // Without an ID number the age is unknown, and no one is taken for a minor.
    let p2 = net.person("P2").unwrap();
    assert!(p2.birth_date().is_none() && !p2.is_minor_on(day("2024-01-01")));
}

#[test]
fn synthetic_persons_carry_valid_numbers_and_some_are_children() {
    let net = synth::community(7).unwrap();
    let on = synth::REFERENCE_DATE;
    let (mut numbers, mut minors) = (0, 0);
    for p in net.persons() {
        if let Some(n) = &p.id_number {
            let born = check_id_number(n.expose()).unwrap();
            assert!(born <= on, "{} is born after the reference date", p.id);
            numbers += 1;
            minors += usize::from(p.is_minor_on(on));
        }
        if let Some(phone) = &p.phone {
            assert!(check_phone(phone.expose()).is_ok(), "{}", p.id);
        }
    }
    let persons = net.person_count();
    assert!(
        numbers * 10 > persons * 6,
        "{numbers} numbers for {persons} persons"
    );
    assert!(minors * 20 > numbers, "{minors} minors among {numbers}");
    // Whoever holds a post or a membership is an adult.
    for p in net.persons() {
        if p.age_on(on).is_some()
            && (!net.posts_of(&p.id).unwrap().is_empty()
                || !net.memberships_of(&p.id).unwrap().is_empty())
        {
            assert!(
                p.age_on(on) >= Some(18),
                "{} holds a post at {:?}",
                p.id,
                p.age_on(on)
            );
        }
    }
    // And the network reads back through the validating loaders.
    assert_eq!(Network::from_json(&net.to_json().unwrap()).unwrap(), net);
}

proptest! {
    /// No input makes the checks panic, and what they accept they accept again normalised.
    #[test]
    fn no_text_makes_the_checks_panic(s in any::<String>()) {
        let _ = check_id_number(&s);
        if check_phone(&s).is_ok() {
            let n = quanyu::normalise_phone(&s).unwrap();
            prop_assert_eq!(check_phone(&n), check_phone(&s));
        }
    }

    /// Any 17 digits with their check character pass when the rest is right; changing any one
    /// digit is caught (MOD 11-2 detects every single substitution).
    #[test]
    fn the_check_character_catches_every_single_change(
        region in "(11|33|44|82)[0-9]{4}",
        born in 0..40_000i64,
        seq in "[0-9]{3}",
        at in 0..17usize,
        to in 0..10u8,
    ) {
        let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(born);
        let first17 = format!("{region}{}{seq}", date.format("%Y%m%d"));
        let number = format!("{first17}{}", id_number_check_character(&first17).unwrap());
        prop_assert_eq!(check_id_number(&number), Ok(date));
        let mut bytes = number.clone().into_bytes();
        prop_assume!(bytes[at] != b'0' + to);
        bytes[at] = b'0' + to;
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(check_id_number(&changed).is_err(), "{}", changed);
    }
}
