//! Venue recurrences on the working-day calendar: every rule kind against a plain day-by-day
//! walk over 2015–2025, known dates of the official schedule, every error path, and the text
//! form read back from what it writes.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;
use quanyu::Error;
use quanyu::events::WorkCalendar;
use quanyu::venues::{MAX_NTH, Menu, Recurrence, RecurrenceKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("test date")
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekend(x: NaiveDate) -> bool {
    matches!(x.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The oracle: walks every day of `from..=to` once, asking the calendar day by day, and
/// decides each rule from its fields alone (nothing of `expand` is used).
fn walk(cal: &WorkCalendar, r: &Recurrence, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let working = |x: NaiveDate| cal.is_working_day(x).unwrap() && (r.makeup_days || !weekend(x));
    match r.kind {
        RecurrenceKind::Weekly => from
            .iter_days()
            .take_while(|x| *x <= to)
            .filter(|x| Some(x.weekday()) == r.weekday && (r.on_holidays || working(*x)))
            .collect(),
        RecurrenceKind::EveryWorkingDay => from
            .iter_days()
            .take_while(|x| *x <= to)
            .filter(|x| working(*x))
            .collect(),
        RecurrenceKind::MonthlyWorkingDay => {
            // Whole months around the range: the n-th working day is counted in its month.
            let start = d(from.year(), from.month(), 1);
            let end = d(to.year(), to.month(), 1)
                .checked_add_months(chrono::Months::new(1))
                .unwrap();
            let mut months: BTreeMap<(i32, u32), Vec<NaiveDate>> = BTreeMap::new();
            for x in start.iter_days().take_while(|x| *x < end) {
                let list = months.entry((x.year(), x.month())).or_default();
                if working(x) {
                    list.push(x);
                }
            }
            let n = r.nth.unwrap();
            months
                .values()
                .filter_map(|days| {
                    let i = if n > 0 {
                        n as usize - 1
                    } else {
                        days.len().checked_sub(n.unsigned_abs() as usize)?
                    };
                    days.get(i).copied()
                })
                .filter(|x| from <= *x && *x <= to)
                .collect()
        }
    }
}

/// Every valid rule: each weekday on working days and with holidays, months' working days
/// 1 to 23 and -1 to -23, every working day; each with and without make-up days.
fn every_rule() -> Vec<Recurrence> {
    let mut out = Vec::new();
    for makeup in [true, false] {
        for w in WEEKDAYS {
            out.push(Recurrence::every(w).makeup_days(makeup));
            out.push(Recurrence::every_working(w).makeup_days(makeup));
        }
        for n in (1..=23).chain(-23..=-1) {
            out.push(Recurrence::nth_working_day(n).makeup_days(makeup));
        }
        out.push(Recurrence::every_working_day().makeup_days(makeup));
    }
    out.into_iter().filter(|r| r.check().is_ok()).collect()
}

#[test]
fn every_rule_agrees_with_a_day_by_day_walk_over_2015_to_2025() {
    let cal = WorkCalendar::china();
    let (from, to) = (d(2015, 1, 1), d(2025, 12, 31));
    let rules = every_rule();
    assert!(rules.len() > 100);
    for r in &rules {
        let got = r.expand(&cal, from, to).unwrap();
        assert_eq!(got, walk(&cal, r, from, to), "{r}");
        // Ranges that start and end inside months, weeks and holidays.
        for (a, b) in [
            (d(2015, 2, 17), d(2015, 3, 3)),
            (d(2019, 9, 29), d(2019, 10, 13)),
            (d(2020, 1, 20), d(2020, 2, 10)),
            (d(2023, 12, 31), d(2024, 1, 1)),
            (d(2024, 9, 14), d(2024, 10, 12)),
            (d(2025, 1, 26), d(2025, 2, 8)),
            (d(2025, 6, 15), d(2025, 6, 15)),
        ] {
            assert_eq!(
                r.expand(&cal, a, b).unwrap(),
                walk(&cal, r, a, b),
                "{r} {a}..{b}"
            );
        }
    }
}

#[test]
fn known_dates_of_the_official_schedule() {
    let cal = WorkCalendar::china();
    let first = Recurrence::nth_working_day(1);
    // National Day 2024: 1–7 October off.
    assert_eq!(
        first.expand(&cal, d(2024, 10, 1), d(2024, 10, 31)).unwrap(),
        [d(2024, 10, 8)]
    );
    assert_eq!(
        Recurrence::last_working_day()
            .expand(&cal, d(2024, 9, 1), d(2024, 9, 30))
            .unwrap(),
        [d(2024, 9, 30)]
    );
    // New Year's Day 2025 is a Wednesday off.
    assert_eq!(
        first.expand(&cal, d(2025, 1, 1), d(2025, 1, 31)).unwrap(),
        [d(2025, 1, 2)]
    );
    // Saturday 2024-09-14 was a make-up working day (for the Mid-Autumn Festival).
    assert!(cal.is_working_day(d(2024, 9, 14)).unwrap());
    let saturdays = Recurrence::every_working(Weekday::Sat);
    let got = saturdays
        .expand(&cal, d(2024, 9, 1), d(2024, 10, 31))
        .unwrap();
    assert_eq!(got, [d(2024, 9, 14), d(2024, 10, 12)]);
    let every = Recurrence::every_working_day();
    let week = every.expand(&cal, d(2024, 9, 9), d(2024, 9, 15)).unwrap();
    assert!(week.contains(&d(2024, 9, 14)) && week.len() == 6);
    let strict = every.clone().makeup_days(false);
    let week = strict.expand(&cal, d(2024, 9, 9), d(2024, 9, 15)).unwrap();
    assert!(!week.contains(&d(2024, 9, 14)) && week.len() == 5);
    // Tuesday 2024-10-01 is skipped on working days, kept with holidays.
    let tue = |r: Recurrence| r.expand(&cal, d(2024, 10, 1), d(2024, 10, 31)).unwrap();
    assert_eq!(tue(Recurrence::every_working(Weekday::Tue)).len(), 4);
    assert_eq!(tue(Recurrence::every(Weekday::Tue)).len(), 5);
    // Spring Festival 2024: two make-up Sundays, 4 and 18 February.
    assert_eq!(
        Recurrence::every_working(Weekday::Sun)
            .expand(&cal, d(2024, 2, 1), d(2024, 2, 29))
            .unwrap(),
        [d(2024, 2, 4), d(2024, 2, 18)]
    );
    // The make-up Sunday 2024-02-04 is the third working day of February only when counted.
    let third = Recurrence::nth_working_day(3);
    let feb = |r: &Recurrence| r.expand(&cal, d(2024, 2, 1), d(2024, 2, 29)).unwrap();
    assert_eq!(feb(&third), [d(2024, 2, 4)]);
    assert_eq!(feb(&third.makeup_days(false)), [d(2024, 2, 5)]);
    // A month with fewer working days than asked for has no date.
    assert!(
        Recurrence::nth_working_day(23)
            .expand(&cal, d(2024, 2, 1), d(2024, 2, 29))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_local_duty_day_counts_as_a_make_up_day() {
    let mut cal = WorkCalendar::china();
    cal.set_day(d(2025, 3, 8), true);
    let sat = Recurrence::every_working(Weekday::Sat);
    assert_eq!(
        sat.expand(&cal, d(2025, 3, 1), d(2025, 3, 31)).unwrap(),
        [d(2025, 3, 8)]
    );
    let all = Recurrence::every_working_day().makeup_days(false);
    assert!(
        !all.expand(&cal, d(2025, 3, 1), d(2025, 3, 31))
            .unwrap()
            .contains(&d(2025, 3, 8))
    );
}

#[test]
fn text_forms_read_as_documented() {
    let cases: [(&str, Recurrence); 16] = [
        ("every working tue", Recurrence::every_working(Weekday::Tue)),
        (
            "Every Working Tuesday",
            Recurrence::every_working(Weekday::Tue),
        ),
        ("every sun", Recurrence::every(Weekday::Sun)),
        ("every working day", Recurrence::every_working_day()),
        (
            "every working day, except make-up days",
            Recurrence::every_working_day().makeup_days(false),
        ),
        ("working day 1 of month", Recurrence::nth_working_day(1)),
        (
            "first working day of the month",
            Recurrence::nth_working_day(1),
        ),
        ("3rd working day of month", Recurrence::nth_working_day(3)),
        ("last working day of month", Recurrence::last_working_day()),
        (
            "working day -2 of the month",
            Recurrence::nth_working_day(-2),
        ),
        ("每个工作日", Recurrence::every_working_day()),
        ("每月第一个工作日", Recurrence::nth_working_day(1)),
        ("每月第12个工作日", Recurrence::nth_working_day(12)),
        ("每月倒数第二个工作日", Recurrence::nth_working_day(-2)),
        ("每周二(仅工作日)", Recurrence::every_working(Weekday::Tue)),
        (
            "每月最后一个工作日（不含调休）",
            Recurrence::last_working_day().makeup_days(false),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(text.parse::<Recurrence>().unwrap(), want, "{text}");
    }
    assert_eq!(
        "每周日".parse::<Recurrence>().unwrap(),
        "每星期天".parse::<Recurrence>().unwrap()
    );
}

/// The message of a parse error, which must name the text.
fn parse_message(text: &str) -> String {
    match text.parse::<Recurrence>() {
        Err(e @ Error::Parse { .. }) => {
            let m = e.to_string();
            assert!(m.contains(&format!("`{}`", text.trim())), "{m}");
            m
        }
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn bad_text_names_the_text_and_what_was_expected() {
    for (text, expected) in [
        ("", "every working day"),
        ("every", "every working day"),
        ("every other day", "every working day"),
        ("every working funday", "mon, tue"),
        ("working day x of month", "whole number"),
        ("fiftyth working day of month", "ordinal"),
        ("11st working day of month", "ordinal"),
        ("working day 0 of month", "1 to 31"),
        ("working day 32 of month", "1 to 31"),
        ("every working sat except make-up days", "picks no day"),
        ("每年一次", "每个工作日"),
        ("每周八", "一, 二"),
        ("每月第零个工作日", "一 to 三十一"),
        ("每月第三十二个工作日", "1 to 31"),
        ("每周二（随便）", "仅工作日"),
        ("每周二）", "bracket"),
        ("每月第一天", "每个工作日"),
    ] {
        let m = parse_message(text);
        assert!(m.contains(expected), "{text}: {m}");
    }
}

#[test]
fn bad_rules_and_ranges_are_errors() {
    let cal = WorkCalendar::china();
    let ok = (d(2024, 1, 1), d(2024, 12, 31));
    // Fields that do not fit the kind, every problem named.
    let mut no_day = Recurrence::every_working_day();
    no_day.kind = RecurrenceKind::Weekly;
    let mut stray = Recurrence::every(Weekday::Mon);
    stray.nth = Some(1);
    let mut holidays = Recurrence::nth_working_day(1);
    holidays.on_holidays = true;
    let mut weekday = Recurrence::every_working_day();
    weekday.weekday = Some(Weekday::Fri);
    let mut missing = Recurrence::every_working_day();
    missing.kind = RecurrenceKind::MonthlyWorkingDay;
    for (r, field) in [
        (no_day, "weekday"),
        (stray, "nth"),
        (holidays, "on_holidays"),
        (weekday, "weekday"),
        (missing, "nth"),
        (Recurrence::nth_working_day(-(MAX_NTH + 1)), "nth"),
        (
            Recurrence::every_working(Weekday::Sun).makeup_days(false),
            "makeup_days",
        ),
    ] {
        let e = r.expand(&cal, ok.0, ok.1).unwrap_err();
        assert!(e.problems().iter().any(|p| p.field == field), "{r:?}: {e}");
    }
    // A range that ends before it starts.
    let r = Recurrence::every_working_day();
    assert!(matches!(
        r.expand(&cal, ok.1, ok.0),
        Err(Error::InvalidArgument { .. })
    ));
    // Years the calendar does not cover: an error for every rule, even one that needs no
    // working days, and for a range that only ends outside.
    let last = cal.last_year().unwrap();
    for r in [
        Recurrence::every(Weekday::Mon),
        Recurrence::every_working_day(),
        Recurrence::last_working_day(),
    ] {
        let e = r.expand(&cal, d(1999, 1, 1), d(1999, 2, 1)).unwrap_err();
        assert!(
            matches!(e, Error::OutsideCalendar { year: 1999, .. }),
            "{e}"
        );
        let e = r
            .expand(&cal, d(last, 12, 1), d(last + 1, 1, 31))
            .unwrap_err();
        assert!(e.to_string().contains(&(last + 1).to_string()), "{e}");
    }
    assert!(matches!(
        r.expand(&WorkCalendar::empty(), ok.0, ok.1),
        Err(Error::OutsideCalendar { .. })
    ));
    // A venue not on the menu.
    assert!(matches!(
        Menu::new().recurring_hours("NOPE", &r, &cal, ok.0, ok.1),
        Err(Error::NotFound { .. })
    ));
}

fn rule() -> impl Strategy<Value = Recurrence> {
    let weekday = (0usize..7).prop_map(|i| WEEKDAYS[i]);
    let nth = prop_oneof![1..=MAX_NTH, -MAX_NTH..=-1];
    prop_oneof![
        (weekday.clone(), any::<bool>()).prop_map(|(w, h)| if h {
            Recurrence::every(w)
        } else {
            Recurrence::every_working(w)
        }),
        nth.prop_map(Recurrence::nth_working_day),
        Just(Recurrence::every_working_day()),
    ]
    .prop_flat_map(|r| (Just(r), any::<bool>()))
    .prop_map(|(r, m)| r.makeup_days(m))
    .prop_filter("a rule that picks days", |r| r.check().is_ok())
}

proptest! {
    #[test]
    fn the_text_forms_read_back_what_they_write(r in rule()) {
        let english = r.to_string();
        prop_assert_eq!(english.parse::<Recurrence>().unwrap(), r.clone(), "{}", english);
        let chinese = r.chinese();
        prop_assert_eq!(chinese.parse::<Recurrence>().unwrap(), r.clone(), "{}", chinese);
        let json = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(serde_json::from_str::<Recurrence>(&json).unwrap(), r);
    }

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,40}") {
        if let Ok(r) = text.parse::<Recurrence>() {
            prop_assert!(r.check().is_ok());
            prop_assert_eq!(r.to_string().parse::<Recurrence>().unwrap(), r);
        }
    }
}
