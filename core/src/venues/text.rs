//! The compact text forms used in CSV cells: date-times, windows, weekly hours and dated
//! exceptions.
//!
//! | cell | form | example |
//! |---|---|---|
//! | date-time | `YYYY-MM-DDTHH:MM[:SS]` (a space may replace `T`) | `2024-10-14T09:00` |
//! | window | `START/END` | `2024-10-14T09:00/2024-10-14T12:00` |
//! | windows | windows joined by `;` | `…T09:00/…T12:00; …T14:00/…T17:00` |
//! | hours | rules joined by `;`, each `DAYS INTERVAL…` | `Mon-Fri 09:00-12:00 14:00-18:00; Sat,Sun 10:00-16:00` |
//! | exceptions | items joined by `;`, each `DATE[..DATE] closed` or `DATE[..DATE] INTERVAL…` | `2024-10-01..2024-10-07 closed; 2024-10-12 09:00-12:00` |
//!
//! Days are `Mon`…`Sun` (or full names), single, as ranges (`Mon-Fri`, wrapping `Sat-Mon`
//! allowed) or lists (`Sat,Sun`); `Daily` means every day. Intervals are `HH:MM-HH:MM`;
//! `24:00` closes at midnight.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::clock::{close_minute, open_minute};
use super::records::TimeWindow;

/// Longest date range one exception item may span, in days.
pub(crate) const MAX_EXCEPTION_RANGE: i64 = 366;

pub(crate) fn write_datetime(dt: NaiveDateTime) -> String {
    if dt.and_utc().timestamp() % 60 == 0 {
        dt.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

pub(crate) fn parse_datetime(s: &str) -> Result<NaiveDateTime, String> {
    let t = s.trim();
    for f in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(dt);
        }
    }
    Err(format!(
        "cannot read `{t}` as a date-time; expected YYYY-MM-DDTHH:MM"
    ))
}

pub(crate) fn parse_window(s: &str) -> Result<TimeWindow, String> {
    let (a, b) = s
        .split_once('/')
        .ok_or_else(|| format!("cannot read `{}` as a window; expected START/END", s.trim()))?;
    Ok(TimeWindow::new(parse_datetime(a)?, parse_datetime(b)?))
}

pub(crate) fn parse_windows(s: &str) -> Result<Vec<TimeWindow>, String> {
    s.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(parse_window)
        .collect()
}

pub(crate) fn write_windows(ws: &[TimeWindow]) -> String {
    ws.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn parse_time(s: &str, closing: bool) -> Result<NaiveTime, String> {
    if closing && s == "24:00" {
        return Ok(NaiveTime::MIN);
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|_| format!("cannot read `{s}` as a time; expected HH:MM"))
}

fn parse_interval(s: &str) -> Result<(NaiveTime, NaiveTime), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("cannot read `{s}` as an interval; expected HH:MM-HH:MM"))?;
    Ok((parse_time(a.trim(), false)?, parse_time(b.trim(), true)?))
}

fn write_minute(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn write_intervals(iv: &[(u16, u16)]) -> String {
    iv.iter()
        .map(|&(a, b)| format!("{}-{}", write_minute(a), write_minute(b)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_weekday(s: &str) -> Result<Weekday, String> {
    s.parse::<Weekday>()
        .map_err(|_| format!("cannot read `{s}` as a day; expected Mon, Tue, ... Sun"))
}

fn parse_days(s: &str) -> Result<Vec<Weekday>, String> {
    if s.eq_ignore_ascii_case("daily") {
        return Ok(Weekday::Mon.into_iter_days());
    }
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (mut d, end) = (parse_weekday(a.trim())?, parse_weekday(b.trim())?);
                loop {
                    out.push(d);
                    if d == end {
                        break;
                    }
                    d = d.succ();
                }
            }
            None => out.push(parse_weekday(part)?),
        }
    }
    Ok(out)
}

trait Days {
    fn into_iter_days(self) -> Vec<Weekday>;
}

impl Days for Weekday {
    fn into_iter_days(self) -> Vec<Weekday> {
        let mut d = self;
        (0..7)
            .map(|_| {
                let here = d;
                d = d.succ();
                here
            })
            .collect()
    }
}

/// Weekly hours text into (weekday, open, close) intervals.
pub(crate) fn parse_hours(s: &str) -> Result<Vec<(Weekday, NaiveTime, NaiveTime)>, String> {
    let mut out = Vec::new();
    for rule in s.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        let mut parts = rule.split_whitespace();
        let days = parse_days(parts.next().unwrap_or_default())?;
        let intervals: Vec<_> = parts.map(parse_interval).collect::<Result<_, _>>()?;
        if intervals.is_empty() {
            return Err(format!("`{rule}` has days but no HH:MM-HH:MM interval"));
        }
        for &d in &days {
            out.extend(intervals.iter().map(|&(a, b)| (d, a, b)));
        }
    }
    Ok(out)
}

/// Weekly hours (by weekday from Monday, normalised intervals in minutes) as text: runs of
/// consecutive days with the same intervals share a rule.
pub(crate) fn write_hours(weekly: &[Vec<(u16, u16)>; 7]) -> String {
    if weekly.iter().all(|d| d == &weekly[0]) {
        return if weekly[0].is_empty() {
            String::new()
        } else {
            format!("Daily {}", write_intervals(&weekly[0]))
        };
    }
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut rules = Vec::new();
    let mut i = 0;
    while i < 7 {
        let mut j = i;
        while j + 1 < 7 && weekly[j + 1] == weekly[i] {
            j += 1;
        }
        if !weekly[i].is_empty() {
            let days = if i == j {
                names[i].to_owned()
            } else {
                format!("{}-{}", names[i], names[j])
            };
            rules.push(format!("{days} {}", write_intervals(&weekly[i])));
        }
        i = j + 1;
    }
    rules.join("; ")
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("cannot read `{}` as a date; expected YYYY-MM-DD", s.trim()))
}

/// One parsed exception day: `None` hours for a closure.
pub(crate) type ExceptionDay = (NaiveDate, Option<(NaiveTime, NaiveTime)>);

/// Exceptions text into per-day items (ranges expanded).
pub(crate) fn parse_exceptions(s: &str) -> Result<Vec<ExceptionDay>, String> {
    let mut out = Vec::new();
    for item in s.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        let mut parts = item.split_whitespace();
        let dates = parts.next().unwrap_or_default();
        let (from, to) = match dates.split_once("..") {
            Some((a, b)) => (parse_date(a)?, parse_date(b)?),
            None => {
                let d = parse_date(dates)?;
                (d, d)
            }
        };
        let days = (to - from).num_days();
        if days < 0 {
            return Err(format!("`{dates}` ends before it starts"));
        }
        if days >= MAX_EXCEPTION_RANGE {
            return Err(format!(
                "`{dates}` spans more than {MAX_EXCEPTION_RANGE} days; split it"
            ));
        }
        let rest: Vec<&str> = parts.collect();
        let hours: Vec<Option<(NaiveTime, NaiveTime)>> = match rest.as_slice() {
            [] => return Err(format!("`{item}` needs `closed` or HH:MM-HH:MM intervals")),
            [w] if w.eq_ignore_ascii_case("closed") => vec![None],
            ivs => ivs
                .iter()
                .map(|iv| parse_interval(iv).map(Some))
                .collect::<Result<_, _>>()?,
        };
        for day in from.iter_days().take(days as usize + 1) {
            out.extend(hours.iter().map(|h| (day, *h)));
        }
    }
    Ok(out)
}

/// Dated exceptions (closed = empty) as text: runs of consecutive days with the same hours
/// share an item.
pub(crate) fn write_exceptions<'a>(
    days: impl Iterator<Item = (NaiveDate, &'a Vec<(u16, u16)>)>,
) -> String {
    // (first day, last day, hours) of each run of days.
    type Run<'h> = (NaiveDate, NaiveDate, &'h Vec<(u16, u16)>);
    let mut items: Vec<Run<'a>> = Vec::new();
    for (d, h) in days {
        match items.last_mut() {
            Some((_, to, hh)) if *hh == h && to.succ_opt() == Some(d) => *to = d,
            _ => items.push((d, d, h)),
        }
    }
    items
        .into_iter()
        .map(|(from, to, h)| {
            let dates = if from == to {
                from.to_string()
            } else {
                format!("{from}..{to}")
            };
            if h.is_empty() {
                format!("{dates} closed")
            } else {
                format!("{dates} {}", write_intervals(h))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Minutes of an interval, closing time 00:00 read as midnight.
pub(crate) fn minutes(open: NaiveTime, close: NaiveTime) -> (u16, u16) {
    (open_minute(open), close_minute(close))
}

/// The weekday index from Monday.
pub(crate) fn weekday_index(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_trip() {
        let text = "Mon-Fri 09:00-12:00 14:00-18:00; Sat 10:00-24:00";
        let parsed = parse_hours(text).unwrap();
        assert_eq!(parsed.len(), 11);
        let mut weekly: [Vec<(u16, u16)>; 7] = Default::default();
        for (d, a, b) in parsed {
            weekly[d.num_days_from_monday() as usize].push(minutes(a, b));
        }
        assert_eq!(write_hours(&weekly), text);
        let daily = parse_hours("daily 00:00-24:00").unwrap();
        assert_eq!(daily.len(), 7);
        assert_eq!(parse_hours("Sat-Mon 08:00-09:00").unwrap().len(), 3);
        assert!(parse_hours("Mon").unwrap_err().contains("interval"));
        assert!(
            parse_hours("Funday 09:00-10:00")
                .unwrap_err()
                .contains("Funday")
        );
        assert!(parse_hours("Mon 9-10").unwrap_err().contains("9"));
    }

    #[test]
    fn exceptions_round_trip() {
        let text = "2024-10-01..2024-10-03 closed; 2024-10-12 09:00-12:00 13:00-15:00";
        let parsed = parse_exceptions(text).unwrap();
        assert_eq!(parsed.len(), 5);
        let mut map = std::collections::BTreeMap::<NaiveDate, Vec<(u16, u16)>>::new();
        for (d, h) in parsed {
            let e = map.entry(d).or_default();
            if let Some((a, b)) = h {
                e.push(minutes(a, b));
            }
        }
        assert_eq!(write_exceptions(map.iter().map(|(d, h)| (*d, h))), text);
        assert!(parse_exceptions("2024-10-03..2024-10-01 closed").is_err());
        assert!(parse_exceptions("2024-10-03").is_err());
        assert!(parse_exceptions("2020-01-01..2024-01-01 closed").is_err());
    }

    #[test]
    fn windows() {
        let ws = parse_windows(
            "2024-10-14T09:00/2024-10-14T12:00; 2024-10-15 14:00/2024-10-15 17:30:30",
        )
        .unwrap();
        assert_eq!(ws.len(), 2);
        assert_eq!(
            write_windows(&ws),
            "2024-10-14T09:00/2024-10-14T12:00; 2024-10-15T14:00/2024-10-15T17:30:30"
        );
        assert!(parse_windows("2024-10-14T09:00").is_err());
    }
}
