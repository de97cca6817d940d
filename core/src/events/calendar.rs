//! The working-day calendar: which days are working days in China, with the official public
//! holidays and their make-up working days (调休), plus a subdistrict's own layers.
//!
//! The national schedule comes from the `holiday-cn` data set, generated from the State
//! Council's notices; nothing here is typed by hand. A year the data does not cover is an
//! error ([`Error::OutsideCalendar`]), never a guess: a user adds a new year's notice as a
//! small table with [`WorkCalendar::add_year_table`].
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::events::WorkCalendar;
//!
//! let cal = WorkCalendar::china();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! assert!(!cal.is_working_day(d(2025, 10, 1))?); // National Day
//! assert!(cal.is_working_day(d(2025, 9, 28))?); // a Sunday made a working day
//! // The first working day after the National Day holiday of 2025.
//! assert_eq!(cal.add_working_days(d(2025, 9, 30), 1)?, d(2025, 10, 9));
//! assert_eq!(cal.working_days_between(d(2025, 9, 30), d(2025, 10, 10))?, 2);
//! # Ok::<(), quanyu::Error>(())
//! ```

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};

use crate::{Error, Origin, Problem, Result};

/// One year's working days: a bit per day of the year, and the running count that makes
/// "working days between" two lookups instead of a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Year {
    /// `working[i]`: day `i` (0-based ordinal) is a working day.
    working: Vec<bool>,
    /// `before[i]`: working days among days `0..i` of the year; `before[len]` is the total.
    before: Vec<u16>,
}

impl Year {
    /// Weekdays work, weekends rest, then the listed exceptions.
    fn new(year: i32, exceptions: impl IntoIterator<Item = (NaiveDate, bool)>) -> Year {
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
            366
        } else {
            365
        };
        let jan1 =
            NaiveDate::from_ymd_opt(year, 1, 1).expect("the years used are in chrono's range");
        let mut working: Vec<bool> = (0..days)
            .map(|i| {
                let w = (jan1 + TimeDelta::days(i64::from(i))).weekday();
                !matches!(w, Weekday::Sat | Weekday::Sun)
            })
            .collect();
        for (date, works) in exceptions {
            if date.year() == year {
                working[date.ordinal0() as usize] = works;
            }
        }
        let mut year = Year {
            working,
            before: Vec::new(),
        };
        year.recount();
        year
    }

    fn recount(&mut self) {
        let mut n = 0u16;
        self.before = Vec::with_capacity(self.working.len() + 1);
        self.before.push(0);
        for &w in &self.working {
            n += u16::from(w);
            self.before.push(n);
        }
    }

    /// Working days on days `0..=ordinal0` of the year.
    fn through(&self, ordinal0: usize) -> u32 {
        u32::from(self.before[ordinal0 + 1])
    }

    fn total(&self) -> u32 {
        u32::from(*self.before.last().unwrap_or(&0))
    }
}

/// The national schedule, read once from the data set: the years with a published notice.
fn national() -> &'static BTreeMap<i32, Year> {
    static NATIONAL: OnceLock<BTreeMap<i32, Year>> = OnceLock::new();
    NATIONAL.get_or_init(|| {
        // The data set starts with the notice for 2007; scanning a wider window costs a few
        // lookups and picks up whatever years a newer release of the data adds.
        (1990..=2200)
            .filter_map(|year| {
                let days = holiday_cn::get_year_data(year)?;
                // A year listed without any day is a notice not yet published: not covered.
                if days.is_empty() {
                    return None;
                }
                let exceptions = days.iter().filter_map(|(date, &(_, off))| {
                    NaiveDate::parse_from_str(date, "%Y-%m-%d")
                        .ok()
                        .map(|d| (d, !off))
                });
                Some((year, Year::new(year, exceptions)))
            })
            .collect()
    })
}

/// The working hours of a working day: by default 9:00–12:00 and 13:30–17:30.
///
/// ```
/// use chrono::NaiveTime;
/// use quanyu::events::WorkingHours;
///
/// let hours = WorkingHours::default();
/// assert_eq!(hours.minutes_per_day(), 420);
/// let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
/// let custom = WorkingHours::new(vec![(t(8, 30), t(12, 0)), (t(14, 0), t(18, 0))])?;
/// assert_eq!(custom.minutes_per_day(), 450);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    periods: Vec<(NaiveTime, NaiveTime)>,
}

impl Default for WorkingHours {
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("a valid time");
        WorkingHours {
            periods: vec![(t(9, 0), t(12, 0)), (t(13, 30), t(17, 30))],
        }
    }
}

impl WorkingHours {
    /// Working hours from `periods` (start, end), which must be non-empty, each start before
    /// its end, and in order without overlap.
    pub fn new(periods: Vec<(NaiveTime, NaiveTime)>) -> Result<WorkingHours> {
        if periods.is_empty() {
            return Err(Error::invalid_argument(
                "periods",
                "a working day needs at least one period",
            ));
        }
        for (i, &(start, end)) in periods.iter().enumerate() {
            if start >= end {
                return Err(Error::invalid_argument(
                    "periods",
                    format!("period {i} ({start}–{end}) does not start before it ends"),
                ));
            }
            if i > 0 && periods[i - 1].1 > start {
                return Err(Error::invalid_argument(
                    "periods",
                    format!(
                        "period {i} ({start}–{end}) starts before period {} ends",
                        i - 1
                    ),
                ));
            }
        }
        Ok(WorkingHours { periods })
    }

    /// The periods, in order.
    pub fn periods(&self) -> &[(NaiveTime, NaiveTime)] {
        &self.periods
    }

    /// Working minutes in one working day.
    pub fn minutes_per_day(&self) -> i64 {
        self.periods
            .iter()
            .map(|(s, e)| (*e - *s).num_minutes())
            .sum()
    }

    /// Working minutes of a working day before the time `t`.
    fn minutes_before(&self, t: NaiveTime) -> i64 {
        self.periods
            .iter()
            .map(|&(s, e)| (t.clamp(s, e) - s).num_minutes())
            .sum()
    }

    /// The time of a working day when `minutes` working minutes have passed (`0 < minutes <=
    /// minutes_per_day`): the end of a period rather than the start of the next.
    fn time_after(&self, mut minutes: i64) -> NaiveTime {
        for &(s, e) in &self.periods {
            let len = (e - s).num_minutes();
            if minutes <= len {
                return s + TimeDelta::minutes(minutes);
            }
            minutes -= len;
        }
        self.periods.last().map(|p| p.1).unwrap_or(NaiveTime::MIN)
    }
}

/// Which days are working days, year by year, and the working hours of each.
///
/// Build it with [`WorkCalendar::china`] (the national schedule) or [`WorkCalendar::empty`],
/// add years with [`add_year`](WorkCalendar::add_year) or
/// [`add_year_table`](WorkCalendar::add_year_table), and local layers with
/// [`set_day`](WorkCalendar::set_day).
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::events::WorkCalendar;
///
/// let mut cal = WorkCalendar::china();
/// assert_eq!(cal.first_year(), Some(2007));
/// // A subdistrict's own duty Saturday.
/// let saturday = NaiveDate::from_ymd_opt(2025, 3, 8).unwrap();
/// assert!(!cal.is_working_day(saturday)?);
/// cal.set_day(saturday, true);
/// assert!(cal.is_working_day(saturday)?);
/// // 1999 is not in the data: an error, never a guess.
/// let e = cal.is_working_day(NaiveDate::from_ymd_opt(1999, 1, 4).unwrap()).unwrap_err();
/// assert!(e.to_string().contains("1999"));
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    years: BTreeMap<i32, Year>,
    local: BTreeMap<NaiveDate, bool>,
    hours: WorkingHours,
}

/// One line of a year's schedule: a holiday (休) or a make-up working day (班).
///
/// ```
/// use quanyu::events::ScheduleDay;
/// let day: ScheduleDay = "2027-01-01,holiday,元旦".parse()?;
/// assert!(!day.working);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleDay {
    /// The date.
    pub date: NaiveDate,
    /// `true` for a make-up working day, `false` for a day off.
    pub working: bool,
    /// The holiday it belongs to (`"春节"`), as the notice names it.
    pub name: String,
}

impl std::str::FromStr for ScheduleDay {
    type Err = Error;

    /// `date,kind,name`, as one row of [`WorkCalendar::add_year_table`].
    fn from_str(line: &str) -> Result<ScheduleDay> {
        let cells: Vec<&str> = line.splitn(3, ',').collect();
        schedule_day(&cells, None)
    }
}

/// The spellings of a day's kind in a schedule table.
const OFF: [&str; 5] = ["holiday", "off", "休", "假", "放假"];
const ON: [&str; 5] = ["workday", "working", "班", "上班", "调休上班"];

fn schedule_day(cells: &[&str], origin: Option<Origin>) -> Result<ScheduleDay> {
    let at = |field: &str, message: String| {
        let id = cells
            .first()
            .map(|c| c.trim())
            .unwrap_or_default()
            .to_owned();
        let p = Problem::new(id, field, message);
        Error::from(match &origin {
            Some(o) => p.at(o.clone()),
            None => p,
        })
    };
    let date_text = cells.first().map(|c| c.trim()).unwrap_or_default();
    let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d").map_err(|_| {
        at(
            "date",
            format!("`{date_text}` is not a date of the form 2027-01-01"),
        )
    })?;
    let kind = cells.get(1).map(|c| c.trim()).unwrap_or_default();
    let working = if OFF.contains(&kind) {
        false
    } else if ON.contains(&kind) {
        true
    } else {
        return Err(at(
            "kind",
            format!(
                "`{kind}` is not a kind of day; expected one of {} (a day off) or {} (a make-up working day)",
                OFF.join(", "),
                ON.join(", ")
            ),
        ));
    };
    let name = cells
        .get(2)
        .map(|c| c.trim())
        .unwrap_or_default()
        .to_owned();
    Ok(ScheduleDay {
        date,
        working,
        name,
    })
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar::china()
    }
}

impl WorkCalendar {
    /// The national calendar of China: every year of the official schedule in the data set,
    /// with its make-up working days, and the default working hours.
    pub fn china() -> WorkCalendar {
        WorkCalendar {
            years: national().clone(),
            local: BTreeMap::new(),
            hours: WorkingHours::default(),
        }
    }

    /// A calendar that covers no year yet.
    ///
    /// ```
    /// let cal = quanyu::events::WorkCalendar::empty();
    /// assert_eq!(cal.first_year(), None);
    /// ```
    pub fn empty() -> WorkCalendar {
        WorkCalendar {
            years: BTreeMap::new(),
            local: BTreeMap::new(),
            hours: WorkingHours::default(),
        }
    }

    /// The same calendar with other working hours.
    pub fn with_hours(mut self, hours: WorkingHours) -> WorkCalendar {
        self.hours = hours;
        self
    }

    /// The working hours.
    pub fn hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// The first year covered.
    pub fn first_year(&self) -> Option<i32> {
        self.years.keys().next().copied()
    }

    /// The last year covered.
    pub fn last_year(&self) -> Option<i32> {
        self.years.keys().next_back().copied()
    }

    /// Whether `year` is covered.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The covered years as ranges: `"2007–2025"`, `"2007–2025, 2027"` or `"no year"`.
    pub fn coverage(&self) -> String {
        let mut ranges: Vec<(i32, i32)> = Vec::new();
        for &y in self.years.keys() {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == y => *end = y,
                _ => ranges.push((y, y)),
            }
        }
        if ranges.is_empty() {
            return "no year".to_owned();
        }
        ranges
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds the schedule of `year`: weekdays work and weekends rest, except for `days`. The
    /// year must not be covered yet, and every day must fall in it.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use quanyu::events::{ScheduleDay, WorkCalendar};
    ///
    /// let mut cal = WorkCalendar::china();
    /// let day: ScheduleDay = "2030-01-01,holiday,元旦".parse()?;
    /// cal.add_year(2030, &[day])?;
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap())?);
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2030, 1, 2).unwrap())?);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn add_year(&mut self, year: i32, days: &[ScheduleDay]) -> Result<()> {
        let mut problems = Vec::new();
        if self.covers(year) {
            problems.push(Problem::new(
                year.to_string(),
                "year",
                format!("{year} is already covered ({})", self.coverage()),
            ));
        }
        if !(1900..=2200).contains(&year) {
            problems.push(Problem::new(
                year.to_string(),
                "year",
                "a year between 1900 and 2200 is expected",
            ));
        }
        for d in days {
            if d.date.year() != year {
                problems.push(Problem::new(
                    d.date.to_string(),
                    "date",
                    format!("{} is not in {year}", d.date),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        let mut y = Year::new(year, days.iter().map(|d| (d.date, d.working)));
        self.apply_local(year, &mut y);
        self.years.insert(year, y);
        Ok(())
    }

    /// Adds a year from a table of its notice: a header `date,kind,name` and one row per
    /// holiday or make-up working day (`kind` is `holiday`/`休` or `workday`/`班`). Every bad
    /// row is reported, with its row number and field; nothing is added then.
    ///
    /// ```
    /// use quanyu::events::WorkCalendar;
    ///
    /// let table = "date,kind,name\n2030-01-01,休,元旦\n2030-02-03,班,春节\n";
    /// let mut cal = WorkCalendar::empty();
    /// assert_eq!(cal.add_year_table(table.as_bytes(), "2030.csv")?, 2030);
    /// assert_eq!(cal.coverage(), "2030");
    /// let e = cal.add_year_table("date,kind,name\n2031-13-01,休,元旦\n".as_bytes(), "bad.csv");
    /// assert!(e.unwrap_err().to_string().contains("bad.csv row 2"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn add_year_table<R: Read>(&mut self, reader: R, source: &str) -> Result<i32> {
        let mut rows = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let header: Vec<String> = rows
            .headers()
            .map_err(|e| Error::Parse {
                source_name: source.to_owned(),
                line: Some(1),
                message: e.to_string(),
            })?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_owned())
            .collect();
        if header.first().map(String::as_str) != Some("date")
            || header.get(1).map(String::as_str) != Some("kind")
        {
            return Err(Error::Parse {
                source_name: source.to_owned(),
                line: Some(1),
                message: format!(
                    "the header must start with `date,kind` (then `name`), not `{}`",
                    header.join(",")
                ),
            });
        }
        let mut days = Vec::new();
        let mut problems = Vec::new();
        for (i, row) in rows.records().enumerate() {
            let origin = Origin {
                source: source.to_owned(),
                row: i as u64 + 2,
            };
            let row = row.map_err(|e| Error::Parse {
                source_name: source.to_owned(),
                line: Some(origin.row),
                message: e.to_string(),
            })?;
            let cells: Vec<&str> = row.iter().collect();
            match schedule_day(&cells, Some(origin)) {
                Ok(d) => days.push(d),
                Err(e) => problems.extend(e.problems().iter().cloned()),
            }
        }
        let Some(year) = days.first().map(|d| d.date.year()) else {
            if problems.is_empty() {
                problems.push(Problem::new(source, "date", "the table lists no day"));
            }
            return Err(Error::Validation(problems));
        };
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        self.add_year(year, &days)?;
        Ok(year)
    }

    /// A local layer: makes `date` a working day (a duty day) or a day off, over whatever the
    /// national schedule says. A layer on a year not covered yet waits for that year: it
    /// applies once the year is added, and the year stays an error until then.
    pub fn set_day(&mut self, date: NaiveDate, working: bool) {
        self.local.insert(date, working);
        if let Some(year) = self.years.get_mut(&date.year()) {
            year.working[date.ordinal0() as usize] = working;
            year.recount();
        }
    }

    /// The local layers set with [`set_day`](Self::set_day).
    pub fn local_days(&self) -> impl Iterator<Item = (NaiveDate, bool)> + '_ {
        self.local.iter().map(|(d, w)| (*d, *w))
    }

    fn apply_local(&self, year: i32, y: &mut Year) {
        let from = NaiveDate::from_ymd_opt(year, 1, 1);
        let to = NaiveDate::from_ymd_opt(year, 12, 31);
        if let (Some(from), Some(to)) = (from, to) {
            for (d, w) in self.local.range(from..=to) {
                y.working[d.ordinal0() as usize] = *w;
            }
            y.recount();
        }
    }

    fn year_of(&self, date: NaiveDate) -> Result<&Year> {
        self.year(date.year())
    }

    /// The days of `year`, or the error that names it and the years covered.
    fn year(&self, year: i32) -> Result<&Year> {
        self.years.get(&year).ok_or_else(|| Error::OutsideCalendar {
            year,
            covered: self.coverage(),
        })
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        Ok(self.year_of(date)?.working[date.ordinal0() as usize])
    }

    /// The `n`-th working day strictly after `date` (`n >= 1`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = quanyu::events::WorkCalendar::china();
    /// let friday = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
    /// assert_eq!(cal.add_working_days(friday, 1)?, NaiveDate::from_ymd_opt(2025, 3, 10).unwrap());
    /// assert!(cal.add_working_days(friday, 0).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate> {
        if n == 0 {
            return Err(Error::invalid_argument(
                "n",
                "must be at least 1 (the n-th working day strictly after the date)",
            ));
        }
        let mut year = date.year();
        let mut y = self.year_of(date)?;
        // Working days still to pass, counted from the start of `year`.
        let mut want = y.through(date.ordinal0() as usize) + n;
        loop {
            if want <= y.total() {
                // The first day of the year whose running count reaches `want`.
                let ordinal0 = y.before.partition_point(|&c| u32::from(c) < want) - 1;
                let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("a covered year");
                return Ok(jan1 + TimeDelta::days(ordinal0 as i64));
            }
            want -= y.total();
            year += 1;
            y = self.year(year)?;
        }
    }

    /// The number of working days `w` with `a < w <= b` (zero when `b <= a`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = quanyu::events::WorkCalendar::china();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    /// assert_eq!(cal.working_days_between(d(3, 7), d(3, 14))?, 5);
    /// assert_eq!(cal.working_days_between(d(3, 14), d(3, 7))?, 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32> {
        let ya = self.year_of(a)?;
        let yb = self.year_of(b)?;
        if b <= a {
            return Ok(0);
        }
        let mut n = yb.through(b.ordinal0() as usize);
        let mut year = b.year();
        while year > a.year() {
            year -= 1;
            n += self.year(year)?.total();
        }
        Ok(n - ya.through(a.ordinal0() as usize))
    }

    /// The moment `minutes` working minutes after `start` (`minutes >= 1`): the clock runs
    /// only in working hours of working days.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = quanyu::events::WorkCalendar::china();
    /// let friday_4pm = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap().and_hms_opt(16, 0, 0).unwrap();
    /// // 90 minutes to 17:30, then 2 h from Monday 9:00.
    /// let due = cal.add_working_minutes(friday_4pm, 210)?;
    /// assert_eq!(due, NaiveDate::from_ymd_opt(2025, 3, 10).unwrap().and_hms_opt(11, 0, 0).unwrap());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn add_working_minutes(&self, start: NaiveDateTime, minutes: i64) -> Result<NaiveDateTime> {
        if minutes < 1 {
            return Err(Error::invalid_argument("minutes", "must be at least 1"));
        }
        let per_day = self.hours.minutes_per_day();
        let mut day = start.date();
        let mut left = minutes;
        if self.is_working_day(day)? {
            let used = self.hours.minutes_before(start.time());
            if used + left <= per_day {
                return Ok(day.and_time(self.hours.time_after(used + left)));
            }
            left -= per_day - used;
        }
        // Whole working days first, then the rest within the last one.
        let whole = (left - 1) / per_day;
        left -= whole * per_day;
        day = self.add_working_days(day, u32::try_from(whole + 1).unwrap_or(u32::MAX))?;
        Ok(day.and_time(self.hours.time_after(left)))
    }

    /// Working minutes between `a` and `b` (zero when `b <= a`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = quanyu::events::WorkCalendar::china();
    /// let at = |d, h, m| NaiveDate::from_ymd_opt(2025, 3, d).unwrap().and_hms_opt(h, m, 0).unwrap();
    /// assert_eq!(cal.working_minutes_between(at(7, 16, 0), at(10, 11, 0))?, 210);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn working_minutes_between(&self, a: NaiveDateTime, b: NaiveDateTime) -> Result<i64> {
        if b <= a {
            // Still check coverage, so that an uncovered year is never silently zero.
            self.year_of(a.date())?;
            self.year_of(b.date())?;
            return Ok(0);
        }
        let in_day = |t: NaiveDateTime| -> Result<i64> {
            Ok(if self.is_working_day(t.date())? {
                self.hours.minutes_before(t.time())
            } else {
                0
            })
        };
        let whole_days = i64::from(self.working_days_between(a.date(), b.date())?);
        // Minutes to the end of a's day (if working), whole days after it up to b's day, and
        // b's day up to b: written as the difference of "minutes before" on each side.
        let a_day_total = if self.is_working_day(a.date())? {
            self.hours.minutes_per_day()
        } else {
            0
        };
        let b_day_total = if self.is_working_day(b.date())? {
            self.hours.minutes_per_day()
        } else {
            0
        };
        if a.date() == b.date() {
            return Ok(in_day(b)? - in_day(a)?);
        }
        Ok((a_day_total - in_day(a)?)
            + (whole_days * self.hours.minutes_per_day() - b_day_total)
            + in_day(b)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Brute force: walk day by day.
    fn walk_between(cal: &WorkCalendar, a: NaiveDate, b: NaiveDate) -> u32 {
        let mut n = 0;
        let mut x = a;
        while x < b {
            x = x.succ_opt().unwrap();
            n += u32::from(cal.is_working_day(x).unwrap());
        }
        n
    }

    #[test]
    fn counts_and_steps_agree_with_a_walk_across_years() {
        let cal = WorkCalendar::china();
        let starts = [
            d(2007, 1, 1),
            d(2019, 12, 27),
            d(2023, 9, 28),
            d(2024, 4, 30),
        ];
        for a in starts {
            for span in [0, 1, 5, 40, 400] {
                let b = a + TimeDelta::days(span);
                assert_eq!(
                    cal.working_days_between(a, b).unwrap(),
                    walk_between(&cal, a, b)
                );
            }
            for n in [1, 2, 7, 30, 250] {
                let got = cal.add_working_days(a, n).unwrap();
                assert_eq!(walk_between(&cal, a, got), n);
                assert!(cal.is_working_day(got).unwrap());
            }
        }
    }

    #[test]
    fn minutes_agree_with_adding_minutes() {
        let cal = WorkCalendar::china();
        let start = d(2025, 9, 30).and_hms_opt(11, 45, 0).unwrap();
        for m in [1, 15, 16, 300, 420, 421, 2000] {
            let due = cal.add_working_minutes(start, m).unwrap();
            assert_eq!(cal.working_minutes_between(start, due).unwrap(), m, "{m}");
        }
        // Outside hours, the clock starts at the next period.
        let evening = d(2025, 3, 7).and_hms_opt(20, 0, 0).unwrap();
        assert_eq!(
            cal.add_working_minutes(evening, 60).unwrap(),
            d(2025, 3, 10).and_hms_opt(10, 0, 0).unwrap()
        );
    }

    #[test]
    fn uncovered_years_are_errors() {
        let cal = WorkCalendar::china();
        let last = cal.last_year().unwrap();
        let e = cal
            .add_working_days(d(last, 12, 31), 5)
            .unwrap_err()
            .to_string();
        assert!(e.contains(&(last + 1).to_string()), "{e}");
        assert!(
            cal.working_days_between(d(2006, 12, 1), d(2007, 1, 5))
                .is_err()
        );
    }
}
