//! Calendar slots: time cut into equal slots of a configurable length (default 30 minutes),
//! numbered from 1970-01-01 00:00. A booking takes consecutive slots.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::{Error, Result};

/// The day slot 0 begins on.
const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("invalid epoch"),
};

/// Minutes in a day.
pub(crate) const DAY_MINUTES: u32 = 24 * 60;

/// The slot length of a menu, and conversions between times and slot numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Clock {
    minutes: u32,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { minutes: 30 }
    }
}

impl Clock {
    /// A clock of `minutes`-long slots: 1 to 1440 minutes, dividing the day evenly.
    pub(crate) fn new(minutes: u32) -> Result<Self> {
        if minutes == 0 || minutes > DAY_MINUTES || DAY_MINUTES % minutes != 0 {
            return Err(Error::invalid_argument(
                "slot_minutes",
                format!(
                    "{minutes} does not divide a day into whole slots; expected a divisor of 1440 such as 15, 30 or 60"
                ),
            ));
        }
        Ok(Clock { minutes })
    }

    pub(crate) fn minutes(self) -> u32 {
        self.minutes
    }

    pub(crate) fn per_day(self) -> i64 {
        i64::from(DAY_MINUTES / self.minutes)
    }

    pub(crate) fn day_index(date: NaiveDate) -> i64 {
        (date - EPOCH).num_days()
    }

    fn seconds_of_day(dt: NaiveDateTime) -> i64 {
        i64::from(dt.time().num_seconds_from_midnight())
    }

    /// The slot containing `dt`.
    pub(crate) fn floor(self, dt: NaiveDateTime) -> i64 {
        let per = i64::from(self.minutes) * 60;
        Self::day_index(dt.date()) * self.per_day() + Self::seconds_of_day(dt) / per
    }

    /// The first slot boundary at or after `dt`, as a slot number.
    pub(crate) fn ceil(self, dt: NaiveDateTime) -> i64 {
        let per = i64::from(self.minutes) * 60;
        let s = Self::seconds_of_day(dt);
        Self::day_index(dt.date()) * self.per_day() + (s + per - 1) / per
    }

    /// The start of slot `slot`; `None` outside chrono's range.
    pub(crate) fn start_of(self, slot: i64) -> Option<NaiveDateTime> {
        let day = slot.div_euclid(self.per_day());
        let rem = slot.rem_euclid(self.per_day());
        let date = if day >= 0 {
            EPOCH.checked_add_days(Days::new(day.unsigned_abs()))
        } else {
            EPOCH.checked_sub_days(Days::new(day.unsigned_abs()))
        }?;
        let minutes = u32::try_from(rem).ok()? * self.minutes;
        date.and_hms_opt(minutes / 60, minutes % 60, 0)
    }

    /// The number of slots a stay of `minutes` takes.
    pub(crate) fn slots_for(self, minutes: u32) -> i64 {
        i64::from(minutes.div_ceil(self.minutes))
    }

    /// The slots fully inside `[open, close)` minutes of `date`.
    pub(crate) fn day_range(self, date: NaiveDate, open: u16, close: u16) -> (i64, i64) {
        let base = Self::day_index(date) * self.per_day();
        let m = self.minutes;
        (
            base + i64::from(u32::from(open).div_ceil(m)),
            base + i64::from(u32::from(close) / m),
        )
    }

    /// The date of slot `slot`.
    pub(crate) fn date_of(self, slot: i64) -> Option<NaiveDate> {
        self.start_of(slot - slot.rem_euclid(self.per_day()))
            .map(|d| d.date())
    }
}

/// The minute of the day a time opens at (seconds must be zero; checked by validation).
pub(crate) fn open_minute(t: NaiveTime) -> u16 {
    (t.hour() * 60 + t.minute()) as u16
}

/// The minute of the day a time closes at: 00:00 means midnight at the end of the day (1440).
pub(crate) fn close_minute(t: NaiveTime) -> u16 {
    match open_minute(t) {
        0 => DAY_MINUTES as u16,
        m => m,
    }
}

/// The time of a minute of the day; 1440 is written 00:00.
pub(crate) fn time_of(minute: u16) -> NaiveTime {
    let m = u32::from(minute) % DAY_MINUTES;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn slots_round_trip() {
        let c = Clock::default();
        let t = dt("2024-10-14 09:30:00");
        let s = c.floor(t);
        assert_eq!(c.ceil(t), s);
        assert_eq!(c.start_of(s), Some(t));
        assert_eq!(c.floor(dt("2024-10-14 09:59:59")), s);
        assert_eq!(c.ceil(dt("2024-10-14 09:30:01")), s + 1);
        assert_eq!(c.slots_for(61), 3);
        assert_eq!(c.date_of(s), Some(t.date()));
        let early = dt("1950-01-01 00:30:00");
        assert_eq!(c.start_of(c.floor(early)), Some(early));
        assert_eq!(c.date_of(c.floor(early)), Some(early.date()));
    }

    #[test]
    fn day_ranges_round_inwards() {
        let c = Clock::new(60).unwrap();
        let d = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        assert_eq!(
            c.day_range(d, 9 * 60 + 30, 12 * 60 + 59),
            (24 + 10, 24 + 12)
        );
        assert_eq!(c.day_range(d, 0, 1440), (24, 48));
    }

    #[test]
    fn bad_granularity() {
        assert!(Clock::new(0).is_err());
        assert!(Clock::new(7).is_err());
        assert!(Clock::new(1441).is_err());
        assert!(Clock::new(1440).is_ok());
    }

    #[test]
    fn midnight_closes_the_day() {
        assert_eq!(close_minute(NaiveTime::MIN), 1440);
        assert_eq!(time_of(1440), NaiveTime::MIN);
    }
}
