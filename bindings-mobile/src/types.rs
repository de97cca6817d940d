//! The basic values that cross the boundary: dates and times (checked where they are used) and
//! personal fields. The records and enums built from them are generated (`crate::declared`).
//!
//! Numbers are signed (`i64`, `i32`) throughout: Kotlin's unsigned types are inline classes,
//! whose functions Java cannot call by name, and many vendors' back ends are Java.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{QuanyuError, Result};

/// A calendar day, `YYYY-MM-DD`. Kotlin sees `java.time.LocalDate`; Swift sees the ISO text.
///
/// Dates are checked where they are used, so that a malformed one is an error the app can
/// catch, never a crash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDate(String);

uniffi::custom_newtype!(IsoDate, String);

impl IsoDate {
    /// The day as the core's date; `name` names the argument or field in the error.
    pub(crate) fn parse(&self, name: &str) -> Result<NaiveDate> {
        parse_day(&self.0).map_err(|detail| QuanyuError::invalid(name, detail))
    }

    /// The ISO text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses `YYYY-MM-DD` (chrono also accepts a signed year beyond 9999, as `java.time` writes it).
pub(crate) fn parse_day(text: &str) -> std::result::Result<NaiveDate, String> {
    text.parse::<NaiveDate>()
        .map_err(|e| format!("expected a date `YYYY-MM-DD`, got `{text}` ({e})"))
}

impl From<NaiveDate> for IsoDate {
    fn from(d: NaiveDate) -> Self {
        IsoDate(d.to_string())
    }
}

impl From<&str> for IsoDate {
    fn from(s: &str) -> Self {
        IsoDate(s.to_owned())
    }
}

/// A local date and time, `YYYY-MM-DDTHH:MM[:SS]`. Kotlin sees `java.time.LocalDateTime`;
/// Swift sees the ISO text. Checked where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDateTime(String);

uniffi::custom_newtype!(IsoDateTime, String);

impl IsoDateTime {
    /// The moment as the core's date-time; `name` names the argument or field in the error.
    pub(crate) fn parse(&self, name: &str) -> Result<NaiveDateTime> {
        parse_moment(&self.0).map_err(|detail| QuanyuError::invalid(name, detail))
    }

    /// The ISO text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses `YYYY-MM-DDTHH:MM[:SS[.f]]` (`java.time` drops zero seconds; a space for the `T`
/// is accepted too).
pub(crate) fn parse_moment(text: &str) -> std::result::Result<NaiveDateTime, String> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .ok_or_else(|| format!("expected a date and time `YYYY-MM-DDTHH:MM`, got `{text}`"))
}

impl From<NaiveDateTime> for IsoDateTime {
    fn from(t: NaiveDateTime) -> Self {
        IsoDateTime(t.format("%Y-%m-%dT%H:%M:%S").to_string())
    }
}

impl From<&str> for IsoDateTime {
    fn from(s: &str) -> Self {
        IsoDateTime(s.to_owned())
    }
}

/// A time of day, `HH:MM[:SS]`. Kotlin sees `java.time.LocalTime`; Swift sees the ISO text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoTime(String);

uniffi::custom_newtype!(IsoTime, String);

impl IsoTime {
    /// The ISO text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses `HH:MM[:SS[.f]]`.
pub(crate) fn parse_time(text: &str) -> std::result::Result<NaiveTime, String> {
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
        .ok_or_else(|| format!("expected a time `HH:MM`, got `{text}`"))
}

impl From<NaiveTime> for IsoTime {
    fn from(t: NaiveTime) -> Self {
        IsoTime(t.format("%H:%M:%S").to_string())
    }
}

impl From<&str> for IsoTime {
    fn from(s: &str) -> Self {
        IsoTime(s.to_owned())
    }
}

/// Converts a count to the `i64` of the bindings.
pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A `limit` argument as a count; negative is an error.
pub(crate) fn limit(name: &str, n: i32) -> Result<usize> {
    usize::try_from(n)
        .map_err(|_| QuanyuError::invalid(name, format!("must not be negative, got {n}")))
}

/// A personal field (phone number, ID-card number). Its `toString()` (Swift: `description`) is
/// `***`, so it cannot leak into logs; call `expose()` only where the value is meant to be seen.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Object)]
#[uniffi::export(Display, Debug, Eq, Hash)]
pub struct Sensitive(pub(crate) quanyu::Sensitive);

#[uniffi::export]
impl Sensitive {
    /// Wraps a value.
    #[uniffi::constructor]
    pub fn new(value: String) -> Arc<Self> {
        Arc::new(Sensitive(quanyu::Sensitive::new(value)))
    }

    /// The value itself.
    pub fn expose(&self) -> String {
        self.0.expose().to_owned()
    }
}

impl std::fmt::Display for Sensitive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_not_trusted() {
        assert_eq!(
            IsoDate::from("2024-10-13").parse("as_of").unwrap(),
            NaiveDate::from_ymd_opt(2024, 10, 13).unwrap()
        );
        for bad in [
            "",
            "13/10/2024",
            "2024-02-30",
            "+99999999-01-01",
            "2024-10-13T00:00",
        ] {
            let err = IsoDate::from(bad).parse("as_of").unwrap_err();
            assert!(matches!(&err, QuanyuError::InvalidArgument { name, .. } if name == "as_of"));
        }
        // java.time writes years past 9999 with a sign; both ends agree on it.
        let far = NaiveDate::from_ymd_opt(12024, 1, 1).unwrap();
        assert_eq!(IsoDate::from(far).parse("d").unwrap(), far);
    }

    #[test]
    fn moments_and_times_read_as_java_time_writes_them() {
        let at = |s: &str| parse_moment(s).unwrap();
        assert_eq!(at("2024-10-15T18:00"), at("2024-10-15T18:00:00"));
        assert_eq!(at("2024-10-15 18:00"), at("2024-10-15T18:00:00.000"));
        let t = at("2024-10-15T18:30");
        assert_eq!(IsoDateTime::from(t).as_str(), "2024-10-15T18:30:00");
        assert_eq!(IsoDateTime::from(t).parse("start").unwrap(), t);
        for bad in ["", "2024-10-15", "2024-10-15T25:00", "tomorrow"] {
            assert!(IsoDateTime::from(bad).parse("start").is_err());
        }
        assert_eq!(
            parse_time("08:00").unwrap(),
            parse_time("08:00:00").unwrap()
        );
        assert_eq!(
            IsoTime::from(parse_time("21:30").unwrap()).as_str(),
            "21:30:00"
        );
        assert!(parse_time("8 am").is_err() && parse_time("24:00").is_err());
    }

    #[test]
    fn limits_and_counts() {
        assert_eq!(limit("limit", 3).unwrap(), 3);
        assert!(limit("limit", -1).is_err());
        assert_eq!(count(7), 7);
    }

    #[test]
    fn sensitive_values_do_not_show() {
        let s = Sensitive::new("13800000000".into());
        assert_eq!(s.to_string(), "***");
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert_eq!(s.expose(), "13800000000");
    }
}
