//! Recurrences of venue activities on the working-day calendar for the apps: read from their
//! text form (`"every working tue"`, `"每月第一个工作日"`), written back, and expanded into
//! dates with a [`WorkCalendar`].

use std::sync::Arc;

use quanyu::venues as core;

use crate::declared::{Cx, Recurrence, Wire, read};
use crate::error::Result;
use crate::events::WorkCalendar;
use crate::types::IsoDate;

/// The recurrence written `text` (English or Chinese): `"every working tue"`,
/// `"working day 1 of month"`, `"last working day of month"`, `"每周二（仅工作日）"`. A text
/// that is no recurrence is a `QuanyuException.Parse` naming it and what was expected.
#[uniffi::export]
pub fn parse_recurrence(text: String) -> Result<Recurrence> {
    let rule: core::Recurrence = text.parse()?;
    Ok(rule.to_ffi(&Cx::default()))
}

/// The English text form of `rule`, which `parse_recurrence` reads back.
#[uniffi::export]
pub fn recurrence_text(rule: Recurrence) -> Result<String> {
    let rule: core::Recurrence = read("rule", rule)?;
    rule.check()?;
    Ok(rule.to_string())
}

/// The Chinese text form of `rule` (`每周二（仅工作日）`), which `parse_recurrence` reads back.
#[uniffi::export]
pub fn recurrence_chinese(rule: Recurrence) -> Result<String> {
    let rule: core::Recurrence = read("rule", rule)?;
    rule.check()?;
    Ok(rule.chinese())
}

/// The dates from `from` to `to` (both included) that `rule` picks on `calendar`. A year the
/// calendar does not cover is a `QuanyuException.OutsideCalendar`.
#[uniffi::export]
pub fn recurrence_dates(
    rule: Recurrence,
    calendar: Arc<WorkCalendar>,
    from: IsoDate,
    to: IsoDate,
) -> Result<Vec<IsoDate>> {
    let rule: core::Recurrence = read("rule", rule)?;
    let dates = rule.expand(&calendar.get(), from.parse("from")?, to.parse("to")?)?;
    Ok(dates.into_iter().map(IsoDate::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip_and_dates() {
        let rule = parse_recurrence("working day 1 of month".into()).unwrap();
        assert_eq!(
            recurrence_text(rule.clone()).unwrap(),
            "working day 1 of month"
        );
        assert_eq!(
            recurrence_chinese(rule.clone()).unwrap(),
            "每月第一个工作日"
        );
        let dates = recurrence_dates(
            rule,
            WorkCalendar::china(),
            "2024-10-01".into(),
            "2024-10-31".into(),
        )
        .unwrap();
        assert_eq!(dates, [IsoDate::from("2024-10-08")]);
        assert!(parse_recurrence("every funday".into()).is_err());
    }
}
