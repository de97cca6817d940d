//! The text form of venue recurrences from arbitrary input: a text either is refused or reads
//! as a valid rule whose English and Chinese forms read back as the same rule, and the rule
//! expands over a stretch of the calendar (or refuses it) without panicking.
#![no_main]

use arbitrary::Unstructured;
use chrono::{NaiveDate, TimeDelta};
use libfuzzer_sys::fuzz_target;
use quanyu::events::WorkCalendar;
use quanyu::venues::Recurrence;

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let text: String = u.arbitrary()?;
    let Ok(rule) = text.parse::<Recurrence>() else {
        return Ok(());
    };
    assert!(rule.check().is_ok(), "`{text}` read as an invalid rule {rule:?}");
    let english = rule.to_string();
    assert_eq!(english.parse::<Recurrence>().ok(), Some(rule.clone()), "`{text}` → `{english}`");
    let chinese = rule.chinese();
    assert_eq!(chinese.parse::<Recurrence>().ok(), Some(rule.clone()), "`{text}` → `{chinese}`");

    let start = NaiveDate::from_ymd_opt(2004, 1, 1).expect("a date") + TimeDelta::days(i64::from(u.int_in_range(0..=9000u16)?));
    let end = start + TimeDelta::days(i64::from(u.int_in_range(0..=800u16)?)) - TimeDelta::days(10);
    let cal = WorkCalendar::china();
    if let Ok(dates) = rule.expand(&cal, start, end) {
        assert!(dates.windows(2).all(|w| w[0] < w[1]), "dates out of order");
        assert!(dates.iter().all(|d| start <= *d && *d <= end), "a date outside the range");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
