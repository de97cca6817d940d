//! Opening hours of one venue: weekly intervals, replaced on exception dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::clock::{Clock, time_of};
use super::records::{ExceptionRecord, OpeningHoursRecord};
use super::text::weekday_index;

/// The hours of a venue, in minutes of the day (`[open, close)`, close up to 1440), each
/// day's intervals sorted and merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Schedule {
    /// By weekday from Monday.
    pub(crate) weekly: [Vec<(u16, u16)>; 7],
    /// Dates whose hours replace the weekly ones; an empty list is a closure.
    pub(crate) exceptions: BTreeMap<NaiveDate, Vec<(u16, u16)>>,
}

/// Sorts intervals and merges overlapping or touching ones.
fn normalise(v: &mut Vec<(u16, u16)>) {
    v.sort_unstable();
    let mut out: Vec<(u16, u16)> = Vec::with_capacity(v.len());
    for &(a, b) in v.iter() {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    *v = out;
}

impl Schedule {
    pub(crate) fn add_weekly(&mut self, day: usize, interval: (u16, u16)) {
        if let Some(d) = self.weekly.get_mut(day) {
            d.push(interval);
            normalise(d);
        }
    }

    /// Adds an exception day; `None` closes it. A day cannot be both closed and open.
    pub(crate) fn add_exception(
        &mut self,
        date: NaiveDate,
        hours: Option<(u16, u16)>,
    ) -> Result<(), &'static str> {
        match (self.exceptions.get_mut(&date), hours) {
            (None, None) => {
                self.exceptions.insert(date, Vec::new());
            }
            (None, Some(iv)) => {
                self.exceptions.insert(date, vec![iv]);
            }
            (Some(v), None) if v.is_empty() => {}
            (Some(v), Some(iv)) if !v.is_empty() => {
                v.push(iv);
                normalise(v);
            }
            (Some(_), None) => return Err("the day already has exceptional opening hours"),
            (Some(_), Some(_)) => return Err("the day is already closed"),
        }
        Ok(())
    }

    /// The intervals open on `date`.
    pub(crate) fn hours_on(&self, date: NaiveDate) -> &[(u16, u16)] {
        match self.exceptions.get(&date) {
            Some(v) => v,
            None => &self.weekly[weekday_index(date)],
        }
    }

    /// The open slot ranges on `date` that hold at least one whole slot.
    pub(crate) fn open_ranges(
        &self,
        clock: Clock,
        date: NaiveDate,
    ) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.hours_on(date)
            .iter()
            .map(move |&(a, b)| clock.day_range(date, a, b))
            .filter(|(a, b)| a < b)
    }

    /// Whether the slots `[start, end)` lie inside one open interval (so never across
    /// midnight).
    pub(crate) fn is_open(&self, clock: Clock, start: i64, end: i64) -> bool {
        let Some(date) = clock.date_of(start) else {
            return false;
        };
        start < end
            && self
                .open_ranges(clock, date)
                .any(|(a, b)| a <= start && end <= b)
    }

    pub(crate) fn weekly_records(&self, venue: &str) -> Vec<OpeningHoursRecord> {
        let mut out = Vec::new();
        let mut day = chrono::Weekday::Mon;
        for d in &self.weekly {
            out.extend(
                d.iter()
                    .map(|&(a, b)| OpeningHoursRecord::new(venue, day, time_of(a), time_of(b))),
            );
            day = day.succ();
        }
        out
    }

    pub(crate) fn exception_records(&self, venue: &str) -> Vec<ExceptionRecord> {
        let mut out = Vec::new();
        for (&date, hours) in &self.exceptions {
            if hours.is_empty() {
                out.push(ExceptionRecord::closed(venue, date));
            }
            out.extend(
                hours
                    .iter()
                    .map(|&(a, b)| ExceptionRecord::hours(venue, date, time_of(a), time_of(b))),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_and_exceptions() {
        let mut s = Schedule::default();
        s.add_weekly(0, (540, 720));
        s.add_weekly(0, (700, 800));
        s.add_weekly(0, (800, 900));
        s.add_weekly(0, (1000, 1100));
        assert_eq!(s.weekly[0], vec![(540, 900), (1000, 1100)]);
        let monday = NaiveDate::from_ymd_opt(2024, 10, 14).unwrap();
        let clock = Clock::default();
        assert_eq!(s.open_ranges(clock, monday).count(), 2);
        let base = Clock::day_index(monday) * 48;
        assert!(s.is_open(clock, base + 18, base + 30));
        assert!(!s.is_open(clock, base + 18, base + 31));
        s.add_exception(monday, None).unwrap();
        assert!(!s.is_open(clock, base + 18, base + 19));
        assert!(s.add_exception(monday, Some((600, 700))).is_err());
        s.add_exception(monday, None).unwrap();
        let tuesday = monday.succ_opt().unwrap();
        s.add_exception(tuesday, Some((600, 660))).unwrap();
        assert!(s.add_exception(tuesday, None).is_err());
        assert_eq!(s.exception_records("V").len(), 2);
        assert_eq!(s.weekly_records("V").len(), 2);
    }
}
