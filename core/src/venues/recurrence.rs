//! Recurrences of venue activities on the working-day calendar: "every working Tuesday",
//! "the first working day of the month", "every working day", skipping the official holidays
//! and counting the make-up working days (调休) as the user chooses.
//!
//! A [`Recurrence`] is a plain declared record, so it travels to the bindings and into files
//! like every other record; it is also written and read as a short text (see
//! [`Recurrence`]'s `FromStr`). [`Recurrence::expand`] gives its dates in a range of days from a
//! [`WorkCalendar`]; a range the calendar does not cover is an error
//! ([`Error::OutsideCalendar`]), never a guess. [`Menu::recurring_hours`] turns a recurrence
//! into the open hours of one venue on those dates.
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::events::WorkCalendar;
//! use quanyu::venues::Recurrence;
//!
//! let cal = WorkCalendar::china();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let first: Recurrence = "working day 1 of month".parse()?;
//! // National Day week: the first working day of October 2024 is the 8th.
//! assert_eq!(first.expand(&cal, d(2024, 10, 1), d(2024, 10, 31))?, [d(2024, 10, 8)]);
//! let same: Recurrence = "每月第一个工作日".parse()?;
//! assert_eq!(same, first);
//! # Ok::<(), quanyu::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

use super::menu::Menu;
use super::records::TimeWindow;
use crate::events::WorkCalendar;
use crate::schema::{Enum, Record};
use crate::{Error, Problem, Result};

/// The largest `nth` of a monthly rule: a month has at most 31 days.
///
/// ```
/// use quanyu::venues::{MAX_NTH, Recurrence};
/// assert!(Recurrence::nth_working_day(-MAX_NTH).check().is_ok());
/// assert!(Recurrence::nth_working_day(MAX_NTH + 1).check().is_err());
/// ```
pub const MAX_NTH: i32 = 31;

/// Which days a [`Recurrence`] picks.
///
/// ```
/// use quanyu::venues::RecurrenceKind;
/// assert_eq!("每个工作日".parse::<RecurrenceKind>(), Ok(RecurrenceKind::EveryWorkingDay));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "recurrence kind")]
pub enum RecurrenceKind {
    /// 每周 — every given weekday: on working days only, or on days off too.
    #[named(zh = "每周")]
    Weekly,
    /// 每月第几个工作日 — the n-th working day of each month (1 the first, -1 the last).
    #[named(zh = "每月第几个工作日")]
    MonthlyWorkingDay,
    /// 每个工作日 — every working day.
    #[named(zh = "每个工作日")]
    EveryWorkingDay,
}

fn yes() -> bool {
    true
}

/// A recurrence of a venue activity on the working-day calendar (every working Tuesday, the
/// first working day of the month, …), declared once as data.
///
/// A *working day* is a day the [`WorkCalendar`] makes one; a *make-up working day* (调休) is
/// a Saturday or Sunday it makes one (the State Council's swaps, or a local duty day). With
/// `makeup_days` false the rule treats those as days off.
///
/// Build one with [`every`](Self::every), [`every_working`](Self::every_working),
/// [`every_working_day`](Self::every_working_day), [`nth_working_day`](Self::nth_working_day)
/// or [`last_working_day`](Self::last_working_day), or read its text form; fields that do not
/// fit the kind are refused by [`check`](Self::check) and by every call that uses the rule.
///
/// # Text forms
///
/// | rule | English (as written) | Chinese (as read, and by [`Recurrence::chinese`]) |
/// |---|---|---|
/// | every Tuesday, holidays included | `every tue` | `每周二` |
/// | every Tuesday that is a working day | `every working tue` | `每周二（仅工作日）` |
/// | every working day | `every working day` | `每个工作日` |
/// | the first working day of each month | `working day 1 of month` | `每月第一个工作日` |
/// | the last working day of each month | `last working day of month` | `每月最后一个工作日` |
/// | the second-to-last working day | `working day -2 of month` | `每月倒数第二个工作日` |
/// | make-up working days not counted | `… except make-up days` | `…（不含调休）` |
///
/// English is read case-insensitively; days are `mon` … `sun` or their full names; the month
/// rules also read `first working day of month`, `2nd working day of the month` and so on.
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use quanyu::events::WorkCalendar;
/// use quanyu::venues::Recurrence;
///
/// let cal = WorkCalendar::china();
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // Saturday 2024-09-14 was a make-up working day.
/// let days = Recurrence::every_working_day().expand(&cal, d(2024, 9, 13), d(2024, 9, 16))?;
/// assert_eq!(days, [d(2024, 9, 13), d(2024, 9, 14)]);
/// let strict = Recurrence::every_working_day().makeup_days(false);
/// assert_eq!(strict.expand(&cal, d(2024, 9, 13), d(2024, 9, 16))?, [d(2024, 9, 13)]);
/// assert_eq!(strict.to_string(), "every working day except make-up days");
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "kind")]
pub struct Recurrence {
    /// Which days the rule picks.
    pub kind: RecurrenceKind,
    /// The day of the week (weekly rules only).
    #[serde(default)]
    pub weekday: Option<Weekday>,
    /// Which working day of the month: 1 the first, 2 the second, -1 the last, -2 the one
    /// before it (monthly rules only; 1 to 31 or -1 to -31). A month with fewer working days
    /// has no date.
    #[serde(default)]
    pub nth: Option<i32>,
    /// Weekly rules: also on days off (every such weekday, holiday or not); otherwise only
    /// on working days.
    #[serde(default)]
    pub on_holidays: bool,
    /// Whether make-up working days (调休: a Saturday or Sunday made a working day) count as
    /// working days for this rule; true by default.
    #[serde(default = "yes")]
    pub makeup_days: bool,
}

impl Recurrence {
    fn new(kind: RecurrenceKind) -> Recurrence {
        Recurrence {
            kind,
            weekday: None,
            nth: None,
            on_holidays: false,
            makeup_days: true,
        }
    }

    /// Every `weekday`, holidays included (`every tue`).
    ///
    /// ```
    /// use chrono::Weekday;
    /// assert_eq!(quanyu::venues::Recurrence::every(Weekday::Tue).to_string(), "every tue");
    /// ```
    pub fn every(weekday: Weekday) -> Recurrence {
        Recurrence {
            weekday: Some(weekday),
            on_holidays: true,
            ..Recurrence::new(RecurrenceKind::Weekly)
        }
    }

    /// Every `weekday` that is a working day (`every working tue`). On a Saturday or Sunday
    /// that picks the make-up working days only.
    ///
    /// ```
    /// use chrono::Weekday;
    /// let r = quanyu::venues::Recurrence::every_working(Weekday::Tue);
    /// assert_eq!(r.to_string(), "every working tue");
    /// ```
    pub fn every_working(weekday: Weekday) -> Recurrence {
        Recurrence {
            weekday: Some(weekday),
            ..Recurrence::new(RecurrenceKind::Weekly)
        }
    }

    /// Every working day (`every working day`).
    ///
    /// ```
    /// let r = quanyu::venues::Recurrence::every_working_day();
    /// assert_eq!(r.to_string(), "every working day");
    /// ```
    pub fn every_working_day() -> Recurrence {
        Recurrence::new(RecurrenceKind::EveryWorkingDay)
    }

    /// The `n`-th working day of each month: 1 the first, -1 the last (`working day 1 of
    /// month`). `n` is checked where the rule is used.
    ///
    /// ```
    /// let r = quanyu::venues::Recurrence::nth_working_day(2);
    /// assert_eq!(r.to_string(), "working day 2 of month");
    /// assert!(quanyu::venues::Recurrence::nth_working_day(0).check().is_err());
    /// ```
    pub fn nth_working_day(n: i32) -> Recurrence {
        Recurrence {
            nth: Some(n),
            ..Recurrence::new(RecurrenceKind::MonthlyWorkingDay)
        }
    }

    /// The last working day of each month (`last working day of month`).
    ///
    /// ```
    /// let r = quanyu::venues::Recurrence::last_working_day();
    /// assert_eq!(r.nth, Some(-1));
    /// ```
    pub fn last_working_day() -> Recurrence {
        Recurrence::nth_working_day(-1)
    }

    /// The same rule, with make-up working days (调休) counted as working days or not.
    ///
    /// ```
    /// let r = quanyu::venues::Recurrence::every_working_day().makeup_days(false);
    /// assert!(!r.makeup_days);
    /// ```
    pub fn makeup_days(mut self, count: bool) -> Recurrence {
        self.makeup_days = count;
        self
    }

    /// What is wrong with the rule, as (field, message) pairs.
    fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let weekly = self.kind == RecurrenceKind::Weekly;
        match (weekly, self.weekday) {
            (true, None) => out.push(("weekday", "a weekly rule needs a weekday".to_owned())),
            (false, Some(w)) => out.push((
                "weekday",
                format!("a {} rule takes no weekday (got {w})", self.kind),
            )),
            _ => {}
        }
        let monthly = self.kind == RecurrenceKind::MonthlyWorkingDay;
        match (monthly, self.nth) {
            (true, None) => out.push((
                "nth",
                "a monthly rule needs nth (1 the first working day, -1 the last)".to_owned(),
            )),
            (true, Some(n)) if n == 0 || n.abs() > MAX_NTH => out.push((
                "nth",
                format!(
                    "{n} is not a working day of a month; expected 1 to {MAX_NTH} or -1 to -{MAX_NTH}"
                ),
            )),
            (false, Some(n)) => out.push((
                "nth",
                format!("a {} rule takes no nth (got {n})", self.kind),
            )),
            _ => {}
        }
        if self.on_holidays && !weekly {
            out.push((
                "on_holidays",
                format!(
                    "only a weekly rule may pick days off; a {} rule picks working days",
                    self.kind
                ),
            ));
        }
        if weekly
            && !self.on_holidays
            && !self.makeup_days
            && matches!(self.weekday, Some(Weekday::Sat | Weekday::Sun))
        {
            out.push((
                "makeup_days",
                "a working Saturday or Sunday is a make-up working day: without them the rule picks no day"
                    .to_owned(),
            ));
        }
        out
    }

    /// Checks that the fields fit the kind: a weekday for a weekly rule only, an `nth` of 1 to
    /// 31 or -1 to -31 for a monthly rule only, days off for a weekly rule only, and a rule that
    /// can pick a day at all. Every problem is reported ([`Error::Validation`]).
    ///
    /// ```
    /// use quanyu::venues::{Recurrence, RecurrenceKind};
    /// assert!(Recurrence::every_working_day().check().is_ok());
    /// let mut bad = Recurrence::nth_working_day(40);
    /// bad.on_holidays = true;
    /// let e = bad.check().unwrap_err();
    /// assert_eq!(e.problems().len(), 2);
    /// ```
    pub fn check(&self) -> Result<()> {
        let problems = self.problems();
        if problems.is_empty() {
            return Ok(());
        }
        let id = self.kind.to_string();
        Err(Error::Validation(
            problems
                .into_iter()
                .map(|(field, message)| Problem::new(id.clone(), field, message))
                .collect(),
        ))
    }

    /// The dates from `from` to `to` (both included) that the rule picks, in order.
    ///
    /// Every year of the range must be covered by `calendar`, whatever the rule
    /// ([`Error::OutsideCalendar`]); `to` before `from` is an invalid argument, and so is a
    /// rule that [`check`](Self::check) refuses.
    ///
    /// ```
    /// use chrono::{NaiveDate, Weekday};
    /// use quanyu::events::WorkCalendar;
    /// use quanyu::venues::Recurrence;
    ///
    /// let cal = WorkCalendar::china();
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// // Tuesday 2024-10-01 is National Day.
    /// let tuesdays = Recurrence::every_working(Weekday::Tue).expand(&cal, d(2024, 9, 24), d(2024, 10, 8))?;
    /// assert_eq!(tuesdays, [d(2024, 9, 24), d(2024, 10, 8)]);
    /// let last = Recurrence::last_working_day().expand(&cal, d(2024, 1, 1), d(2024, 3, 31))?;
    /// assert_eq!(last, [d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 29)]);
    /// assert!(Recurrence::every_working_day().expand(&cal, d(1999, 1, 1), d(1999, 1, 31)).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn expand(
        &self,
        calendar: &WorkCalendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        self.check()?;
        if to < from {
            return Err(Error::invalid_argument(
                "to",
                format!("the range ends ({to}) before it starts ({from})"),
            ));
        }
        for year in from.year()..=to.year() {
            if !calendar.covers(year) {
                return Err(Error::OutsideCalendar {
                    year,
                    covered: calendar.coverage(),
                });
            }
        }
        let working = |d: NaiveDate| -> Result<bool> {
            Ok(calendar.is_working_day(d)?
                && (self.makeup_days || !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)))
        };
        let mut out = Vec::new();
        match self.kind {
            RecurrenceKind::Weekly => {
                let Some(weekday) = self.weekday else {
                    return Ok(out);
                };
                let ahead = (7 + weekday.num_days_from_monday()
                    - from.weekday().num_days_from_monday())
                    % 7;
                let mut d = from + TimeDelta::days(i64::from(ahead));
                while d <= to {
                    if self.on_holidays || working(d)? {
                        out.push(d);
                    }
                    d += TimeDelta::days(7);
                }
            }
            RecurrenceKind::EveryWorkingDay => {
                for d in from.iter_days().take_while(|d| *d <= to) {
                    if working(d)? {
                        out.push(d);
                    }
                }
            }
            RecurrenceKind::MonthlyWorkingDay => {
                let Some(n) = self.nth else {
                    return Ok(out);
                };
                let mut month = first_of_month(from);
                while month <= to {
                    let next = next_month(month);
                    let days: Vec<NaiveDate> = month
                        .iter_days()
                        .take_while(|d| *d < next)
                        .filter_map(|d| working(d).map(|w| w.then_some(d)).transpose())
                        .collect::<Result<_>>()?;
                    let pick = if n > 0 {
                        days.get(n as usize - 1)
                    } else {
                        days.len()
                            .checked_sub(n.unsigned_abs() as usize)
                            .and_then(|i| days.get(i))
                    };
                    if let Some(&d) = pick
                        && from <= d
                        && d <= to
                    {
                        out.push(d);
                    }
                    month = next;
                }
            }
        }
        Ok(out)
    }

    /// The rule in Chinese, as [`FromStr`] reads it back (`每周二（仅工作日）`,
    /// `每月最后一个工作日（不含调休）`).
    ///
    /// ```
    /// use quanyu::venues::Recurrence;
    /// let r: Recurrence = "every working tue except make-up days".parse()?;
    /// assert_eq!(r.chinese(), "每周二（仅工作日，不含调休）");
    /// assert_eq!(r.chinese().parse::<Recurrence>()?, r);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn chinese(&self) -> String {
        let mut qualifiers = Vec::new();
        let head = match self.kind {
            RecurrenceKind::Weekly => {
                if !self.on_holidays {
                    qualifiers.push("仅工作日");
                }
                match self.weekday {
                    Some(w) => format!("每周{}", ZH_WEEKDAYS[w.num_days_from_monday() as usize]),
                    None => "每周？".to_owned(),
                }
            }
            RecurrenceKind::EveryWorkingDay => "每个工作日".to_owned(),
            RecurrenceKind::MonthlyWorkingDay => match self.nth {
                Some(-1) => "每月最后一个工作日".to_owned(),
                Some(n) if n < 0 => format!("每月倒数第{}个工作日", zh_number(n.unsigned_abs())),
                Some(n) => format!("每月第{}个工作日", zh_number(n.unsigned_abs())),
                None => "每月第？个工作日".to_owned(),
            },
        };
        if !self.makeup_days {
            qualifiers.push("不含调休");
        }
        if qualifiers.is_empty() {
            head
        } else {
            format!("{head}（{}）", qualifiers.join("，"))
        }
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
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
const EN_WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const ZH_WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const ZH_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const ORDINALS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];
const MAKEUP_SUFFIXES: [&str; 4] = [
    " except make-up days",
    " except makeup days",
    " excluding make-up days",
    " excluding makeup days",
];

/// What the English text form may be, for messages.
const EXPECTED: &str = "expected `every working day`, `every tue`, `every working tue`, `working day 1 of month`, `last working day of month` or `working day -2 of month` (optionally followed by `except make-up days`), or a Chinese form such as `每个工作日`, `每周二（仅工作日）` or `每月第一个工作日`";

/// `n` (1 to 99) in Chinese numerals: 一, 十, 十一, 二十三.
fn zh_number(n: u32) -> String {
    let (tens, units) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push(ZH_DIGITS[tens as usize % 10]);
    }
    if tens > 0 {
        s.push('十');
    }
    if units > 0 || tens == 0 {
        s.push(ZH_DIGITS[units as usize]);
    }
    s
}

/// Chinese numerals or digits (1 to 99) as a number.
fn parse_zh_number(s: &str) -> Option<i32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| ZH_DIGITS.iter().position(|&d| d == c).map(|i| i as i32);
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None => match chars.as_slice() {
            [c] => digit(*c).filter(|&n| n > 0),
            _ => None,
        },
        Some(i) => {
            let tens = match &chars[..i] {
                [] => 1,
                [c] => digit(*c).filter(|&n| n > 1)?,
                _ => return None,
            };
            let units = match &chars[i + 1..] {
                [] => 0,
                [c] => digit(*c).filter(|&n| n > 0)?,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
    }
}

fn parse_error(text: &str, message: impl fmt::Display) -> Error {
    Error::Parse {
        source_name: "recurrence".to_owned(),
        line: None,
        message: format!("cannot read `{text}` as a recurrence: {message}"),
    }
}

fn parse_weekday(word: &str, text: &str) -> Result<Weekday> {
    word.parse::<Weekday>().map_err(|_| {
        parse_error(
            text,
            format!(
                "`{word}` is not a day of the week; expected mon, tue, wed, thu, fri, sat or sun"
            ),
        )
    })
}

/// An English ordinal (`first`, `1st`, `2nd`, `3rd`, `4th`) as a number.
fn parse_ordinal(word: &str) -> Option<i32> {
    if let Some(i) = ORDINALS.iter().position(|&o| o == word) {
        return Some(i as i32 + 1);
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let n: i32 = digits.parse().ok()?;
    let want = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    (suffix == want).then_some(n)
}

fn parse_english(text: &str) -> Result<Recurrence> {
    let lower = text.to_lowercase();
    let mut words: String = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut makeup_days = true;
    for suffix in MAKEUP_SUFFIXES {
        if let Some(rest) = words.strip_suffix(suffix) {
            words = rest.trim_end_matches(',').to_owned();
            makeup_days = false;
            break;
        }
    }
    let w: Vec<&str> = words.split(' ').collect();
    let rule = match w.as_slice() {
        ["every", "working", "day"] => Recurrence::every_working_day(),
        ["every", "working", day] => Recurrence::every_working(parse_weekday(day, text)?),
        ["every", day] => Recurrence::every(parse_weekday(day, text)?),
        ["last", "working", "day", "of", "month"]
        | ["last", "working", "day", "of", "the", "month"] => Recurrence::last_working_day(),
        ["working", "day", n, "of", "month"] | ["working", "day", n, "of", "the", "month"] => {
            let n: i32 = n.parse().map_err(|_| {
                parse_error(
                    text,
                    format!(
                        "`{n}` is not a whole number; expected 1 to {MAX_NTH} or -1 to -{MAX_NTH}"
                    ),
                )
            })?;
            Recurrence::nth_working_day(n)
        }
        [ord, "working", "day", "of", "month"] | [ord, "working", "day", "of", "the", "month"] => {
            let n = parse_ordinal(ord).ok_or_else(|| {
                parse_error(
                    text,
                    format!("`{ord}` is not an ordinal; expected first, second, … or 1st, 2nd, 3rd, 4th, …"),
                )
            })?;
            Recurrence::nth_working_day(n)
        }
        _ => return Err(parse_error(text, EXPECTED)),
    };
    Ok(rule.makeup_days(makeup_days))
}

fn parse_chinese(text: &str) -> Result<Recurrence> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // The qualifiers in brackets at the end: （仅工作日，不含调休）.
    let (head, qualifiers) = match compact
        .strip_suffix('）')
        .or_else(|| compact.strip_suffix(')'))
    {
        Some(rest) => {
            let open = rest
                .rfind(['（', '('])
                .ok_or_else(|| parse_error(text, "a closing bracket without an opening one"))?;
            let inner = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
            let qualifiers: Vec<&str> = inner
                .split(['，', ',', '、', '；', ';'])
                .filter(|q| !q.is_empty())
                .collect();
            (&rest[..open], qualifiers)
        }
        None => (compact.as_str(), Vec::new()),
    };
    let mut working_only = false;
    let mut makeup_days = true;
    for q in qualifiers {
        match q {
            "仅工作日" | "工作日" => working_only = true,
            "含节假日" | "节假日照常" => working_only = false,
            "不含调休" | "调休不算" | "不计调休" => makeup_days = false,
            "含调休" | "调休算" => makeup_days = true,
            other => {
                return Err(parse_error(
                    text,
                    format!(
                        "`{other}` is not a qualifier; expected 仅工作日, 含节假日, 不含调休 or 含调休"
                    ),
                ));
            }
        }
    }
    let rule = if head == "每个工作日" || head == "每工作日" || head == "工作日" {
        Recurrence::every_working_day()
    } else if let Some(day) = head
        .strip_prefix("每周")
        .or_else(|| head.strip_prefix("每星期"))
    {
        let i = match day {
            "天" => 6,
            _ => ZH_WEEKDAYS.iter().position(|&d| d == day).ok_or_else(|| {
                parse_error(
                    text,
                    format!(
                        "`{day}` is not a day of the week; expected 一, 二, 三, 四, 五, 六 or 日"
                    ),
                )
            })?,
        };
        let weekday = WEEKDAYS[i];
        if working_only {
            Recurrence::every_working(weekday)
        } else {
            Recurrence::every(weekday)
        }
    } else if let Some(rest) = head.strip_prefix("每月") {
        let nth = if rest == "最后一个工作日" || rest == "最后一天工作日" {
            -1
        } else {
            let (sign, rest) = match rest.strip_prefix("倒数") {
                Some(r) => (-1, r),
                None => (1, rest),
            };
            let number = rest
                .strip_prefix('第')
                .and_then(|r| r.strip_suffix("个工作日"))
                .ok_or_else(|| parse_error(text, EXPECTED))?;
            let n = parse_zh_number(number).ok_or_else(|| {
                parse_error(
                    text,
                    format!("`{number}` is not a number; expected 一 to 三十一 or 1 to {MAX_NTH}"),
                )
            })?;
            sign * n
        };
        Recurrence::nth_working_day(nth)
    } else {
        return Err(parse_error(text, EXPECTED));
    };
    Ok(rule.makeup_days(makeup_days))
}

/// The English text form: `every working tue`, `working day 1 of month`, … (see
/// [`Recurrence`] for the table). Chinese forms are read too.
impl FromStr for Recurrence {
    type Err = Error;

    fn from_str(s: &str) -> Result<Recurrence> {
        let text = s.trim();
        if text.is_empty() {
            return Err(parse_error(text, EXPECTED));
        }
        let rule = if text.is_ascii() {
            parse_english(text)?
        } else {
            parse_chinese(text)?
        };
        if let Some((field, message)) = rule.problems().into_iter().next() {
            return Err(parse_error(text, format!("{field}: {message}")));
        }
        Ok(rule)
    }
}

/// The English text form that [`FromStr`] reads back.
impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day =
            |w: Option<Weekday>| w.map_or("?", |w| EN_WEEKDAYS[w.num_days_from_monday() as usize]);
        match self.kind {
            RecurrenceKind::Weekly if self.on_holidays => write!(f, "every {}", day(self.weekday))?,
            RecurrenceKind::Weekly => write!(f, "every working {}", day(self.weekday))?,
            RecurrenceKind::EveryWorkingDay => f.write_str("every working day")?,
            RecurrenceKind::MonthlyWorkingDay => match self.nth {
                Some(-1) => f.write_str("last working day of month")?,
                Some(n) => write!(f, "working day {n} of month")?,
                None => f.write_str("working day ? of month")?,
            },
        }
        if !self.makeup_days {
            f.write_str(" except make-up days")?;
        }
        Ok(())
    }
}

impl Menu {
    /// The open hours (whole slots) of `venue` on every date from `from` to `to` that `rule`
    /// picks, in order: what a venue can offer to a recurring activity. Dates the venue is
    /// closed give nothing. Errors as [`Recurrence::expand`], and for an unknown venue.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// use chrono::NaiveDate;
    /// use quanyu::events::WorkCalendar;
    /// use quanyu::venues::{Menu, MenuRecords, OpeningHoursRecord, Recurrence, VenueKind, VenueRecord};
    ///
    /// let net = quanyu::synth::community(1)?;
    /// let area = net.units_by_level("Area")?.next().unwrap().id.to_string();
    /// let branch = net.organisations_at(&area)?[0].id.to_string();
    /// let mut menu = Menu::new();
    /// let mut batch = MenuRecords::default();
    /// batch.venues.push(VenueRecord::new("PAV-1", VenueKind::CommunityPavilion, &branch, &area).capacity(30));
    /// batch.opening_hours.extend(OpeningHoursRecord::parse("PAV-1", "Mon-Fri 09:00-12:00").unwrap());
    /// menu.add(&net, batch)?;
    ///
    /// let d = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    /// let rule: Recurrence = "working day 1 of month".parse()?;
    /// let hours = menu.recurring_hours("PAV-1", &rule, &WorkCalendar::china(), d(9, 1), d(10, 31))?;
    /// assert_eq!(hours[0].to_string(), "2024-09-02T09:00/2024-09-02T12:00");
    /// assert_eq!(hours[1].to_string(), "2024-10-08T09:00/2024-10-08T12:00");
    /// # Ok(()) }
    /// ```
    pub fn recurring_hours(
        &self,
        venue: &str,
        rule: &Recurrence,
        calendar: &WorkCalendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<TimeWindow>> {
        let (_, v) = self.venue_entry(venue)?;
        let dates = rule.expand(calendar, from, to)?;
        let clock = self.clock;
        Ok(dates
            .into_iter()
            .flat_map(|date| v.schedule.open_ranges(clock, date).collect::<Vec<_>>())
            .filter_map(|(a, b)| Some(TimeWindow::new(clock.start_of(a)?, clock.start_of(b)?)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_round_trip() {
        for n in 1..=99 {
            assert_eq!(parse_zh_number(&zh_number(n)), Some(n as i32), "{n}");
        }
        assert_eq!(zh_number(21), "二十一");
        assert_eq!(parse_zh_number("一十"), None);
        assert_eq!(parse_zh_number("零"), None);
        assert_eq!(parse_zh_number(""), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(parse_ordinal("first"), Some(1));
        assert_eq!(parse_ordinal("22nd"), Some(22));
        assert_eq!(parse_ordinal("11th"), Some(11));
        assert_eq!(parse_ordinal("11st"), None);
        assert_eq!(parse_ordinal("x"), None);
    }
}
