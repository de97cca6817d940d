//! The wire forms of the basic value types and their conversions in both directions. Records
//! and enums get theirs from the generator; these are the leaves.
//!
//! Numbers are signed on the wire (`i64`, and `i32` for the small ones): Kotlin's unsigned
//! types are inline classes, whose functions Java cannot call by name. A number the core's
//! type cannot hold is a problem naming the value, never a panic or a silent wrap.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use quanyu::venues::{Feature, FeatureSet};
use quanyu::{CompactString, Level, LevelScheme, Sensitive};

use super::Problems;
use crate::error::Result;
use crate::types::{IsoDate, IsoDateTime, IsoTime, parse_day, parse_moment, parse_time};

/// What a conversion to the app may need besides the value: the level scheme that gives a
/// [`Level`] its name.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cx<'a> {
    scheme: Option<&'a LevelScheme>,
}

impl<'a> Cx<'a> {
    /// A context that names levels by `scheme`.
    pub fn with_scheme(scheme: &'a LevelScheme) -> Self {
        Cx {
            scheme: Some(scheme),
        }
    }
}

/// A core value that crosses to the app and back.
///
/// `from_ffi` records every problem it finds (naming the field and the value) and returns
/// `None` when the value cannot be used; it goes on reading the other fields, so that one call
/// reports every bad field of a record.
pub trait Wire: Sized {
    /// The value as the app sees it.
    type Ffi;

    /// The app's value.
    fn to_ffi(&self, cx: &Cx<'_>) -> Self::Ffi;

    /// The core's value, or `None` with the problems recorded.
    fn from_ffi(ffi: Self::Ffi, problems: &mut Problems) -> Option<Self>;
}

/// Reads the argument `argument` as the core's value, or fails with every problem found.
pub(crate) fn read<T: Wire>(argument: &'static str, ffi: T::Ffi) -> Result<T> {
    let (value, problems) = try_read(argument, ffi);
    problems.into_result()?;
    // No problem was recorded, so the value was read.
    value.ok_or_else(|| crate::error::QuanyuError::invalid(argument, "cannot be read"))
}

/// Reads the argument `argument`, returning the problems found beside the value (which is
/// `None` only if there are some).
pub(crate) fn try_read<T: Wire>(argument: &'static str, ffi: T::Ffi) -> (Option<T>, Problems) {
    let mut problems = Problems::of_argument(argument);
    let value = T::from_ffi(ffi, &mut problems);
    (value, problems)
}

/// The value of the declared enum `E` that `text` names (any of its spellings), or an invalid
/// argument `text` whose message lists the accepted names. Shared by the generated
/// `parse_<enum>` functions.
pub(crate) fn parse_name<E: quanyu::schema::Enum>(text: &str) -> Result<E> {
    quanyu::schema::parse_name::<E>(text).map_err(unknown_name)
}

#[cold]
#[inline(never)]
fn unknown_name(e: quanyu::schema::UnknownName) -> crate::error::QuanyuError {
    crate::error::QuanyuError::invalid("text", e.to_string())
}

/// The app's values of `items`.
pub(crate) fn all<'a, T: Wire + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    cx: &Cx<'_>,
) -> Vec<T::Ffi> {
    items.into_iter().map(|v| v.to_ffi(cx)).collect()
}

impl Wire for String {
    type Ffi = String;

    fn to_ffi(&self, _cx: &Cx<'_>) -> String {
        self.clone()
    }

    fn from_ffi(ffi: String, _problems: &mut Problems) -> Option<Self> {
        Some(ffi)
    }
}

impl Wire for CompactString {
    type Ffi = String;

    fn to_ffi(&self, _cx: &Cx<'_>) -> String {
        self.to_string()
    }

    fn from_ffi(ffi: String, _problems: &mut Problems) -> Option<Self> {
        Some(CompactString::from(ffi))
    }
}

/// Personal text that the core holds as plain text (an event's description, a transition's
/// note) crosses as the [`crate::Sensitive`] object too, so that the generated Kotlin data
/// class and Swift struct print `***` for it: `null` for no value or empty text.
pub(crate) trait PersonalText: Sized {
    /// The app's form.
    fn to_personal(&self) -> Option<Arc<crate::types::Sensitive>>;
    /// The core's form (`null` is empty text, or no value).
    fn from_personal(ffi: Option<Arc<crate::types::Sensitive>>) -> Self;
}

fn sensitive(text: &str) -> Option<Arc<crate::types::Sensitive>> {
    (!text.is_empty()).then(|| Arc::new(crate::types::Sensitive(Sensitive::new(text))))
}

impl PersonalText for String {
    fn to_personal(&self) -> Option<Arc<crate::types::Sensitive>> {
        sensitive(self)
    }

    fn from_personal(ffi: Option<Arc<crate::types::Sensitive>>) -> Self {
        ffi.map(|s| s.0.expose().to_owned()).unwrap_or_default()
    }
}

impl PersonalText for CompactString {
    fn to_personal(&self) -> Option<Arc<crate::types::Sensitive>> {
        sensitive(self)
    }

    fn from_personal(ffi: Option<Arc<crate::types::Sensitive>>) -> Self {
        ffi.map(|s| s.0.expose().into()).unwrap_or_default()
    }
}

impl<T: PersonalText + AsRef<str>> PersonalText for Option<T> {
    fn to_personal(&self) -> Option<Arc<crate::types::Sensitive>> {
        // An empty value the core holds stays a value (`Some("")`), as it came.
        self.as_ref()
            .map(|t| Arc::new(crate::types::Sensitive(Sensitive::new(t.as_ref()))))
    }

    fn from_personal(ffi: Option<Arc<crate::types::Sensitive>>) -> Self {
        ffi.map(|s| T::from_personal(Some(s)))
    }
}

/// Personal values cross as the [`crate::Sensitive`] object, whose text is `***`.
impl Wire for Sensitive {
    type Ffi = Arc<crate::types::Sensitive>;

    fn to_ffi(&self, _cx: &Cx<'_>) -> Self::Ffi {
        Arc::new(crate::types::Sensitive(self.clone()))
    }

    fn from_ffi(ffi: Self::Ffi, _problems: &mut Problems) -> Option<Self> {
        Some(ffi.0.clone())
    }
}

impl Wire for bool {
    type Ffi = bool;

    fn to_ffi(&self, _cx: &Cx<'_>) -> bool {
        *self
    }

    fn from_ffi(ffi: bool, _problems: &mut Problems) -> Option<Self> {
        Some(ffi)
    }
}

impl Wire for f64 {
    type Ffi = f64;

    fn to_ffi(&self, _cx: &Cx<'_>) -> f64 {
        *self
    }

    fn from_ffi(ffi: f64, _problems: &mut Problems) -> Option<Self> {
        Some(ffi)
    }
}

/// Integers whose every value fits the wire type.
macro_rules! same_integer {
    ($($t:ty),+) => {$(
        impl Wire for $t {
            type Ffi = $t;

            fn to_ffi(&self, _cx: &Cx<'_>) -> $t {
                *self
            }

            fn from_ffi(ffi: $t, _problems: &mut Problems) -> Option<Self> {
                Some(ffi)
            }
        }
    )+};
}

same_integer!(i32, i64);

/// Unsigned integers of the core, signed on the wire. Out to the app, a value past the wire
/// type's maximum (a `u64` count beyond 2⁶³) shows as that maximum; in from the app, a value
/// the core's type cannot hold is a problem.
macro_rules! unsigned_integer {
    ($($t:ty => $w:ty),+) => {$(
        impl Wire for $t {
            type Ffi = $w;

            fn to_ffi(&self, _cx: &Cx<'_>) -> $w {
                <$w>::try_from(*self).unwrap_or(<$w>::MAX)
            }

            fn from_ffi(ffi: $w, problems: &mut Problems) -> Option<Self> {
                match <$t>::try_from(ffi) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        problems.problem(format!(
                            "expected a whole number from 0 to {}, got {ffi}",
                            <$t>::MAX
                        ));
                        None
                    }
                }
            }
        }
    )+};
}

unsigned_integer!(u8 => i32, u16 => i32, u32 => i64, u64 => i64, usize => i64);

/// A calendar day crosses as `YYYY-MM-DD` (Kotlin `LocalDate`).
impl Wire for NaiveDate {
    type Ffi = IsoDate;

    fn to_ffi(&self, _cx: &Cx<'_>) -> IsoDate {
        IsoDate::from(*self)
    }

    fn from_ffi(ffi: IsoDate, problems: &mut Problems) -> Option<Self> {
        parse_day(ffi.as_str())
            .map_err(|message| problems.problem(message))
            .ok()
    }
}

/// A date and time crosses as `YYYY-MM-DDTHH:MM:SS` (Kotlin `LocalDateTime`).
impl Wire for NaiveDateTime {
    type Ffi = IsoDateTime;

    fn to_ffi(&self, _cx: &Cx<'_>) -> IsoDateTime {
        IsoDateTime::from(*self)
    }

    fn from_ffi(ffi: IsoDateTime, problems: &mut Problems) -> Option<Self> {
        parse_moment(ffi.as_str())
            .map_err(|message| problems.problem(message))
            .ok()
    }
}

/// A time of day crosses as `HH:MM:SS` (Kotlin `LocalTime`).
impl Wire for NaiveTime {
    type Ffi = IsoTime;

    fn to_ffi(&self, _cx: &Cx<'_>) -> IsoTime {
        IsoTime::from(*self)
    }

    fn from_ffi(ffi: IsoTime, problems: &mut Problems) -> Option<Self> {
        parse_time(ffi.as_str())
            .map_err(|message| problems.problem(message))
            .ok()
    }
}

/// A day of the week (opening hours), Monday first.
#[uniffi::remote(Enum)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Wire for Weekday {
    type Ffi = Weekday;

    fn to_ffi(&self, _cx: &Cx<'_>) -> Weekday {
        *self
    }

    fn from_ffi(ffi: Weekday, _problems: &mut Problems) -> Option<Self> {
        Some(ffi)
    }
}

/// A level crosses as its name in the network's scheme (its position, without a scheme).
/// Levels are read back from networks only: records name levels by their names (text).
impl Wire for Level {
    type Ffi = String;

    fn to_ffi(&self, cx: &Cx<'_>) -> String {
        match cx.scheme {
            Some(s) => s.name(*self).to_owned(),
            None => self.index().to_string(),
        }
    }

    fn from_ffi(ffi: String, problems: &mut Problems) -> Option<Self> {
        problems.problem(format!(
            "a level is read back from a network, not given (got `{ffi}`)"
        ));
        None
    }
}

/// A set of venue features crosses as the list of its features.
impl Wire for FeatureSet {
    type Ffi = Vec<<Feature as Wire>::Ffi>;

    fn to_ffi(&self, cx: &Cx<'_>) -> Self::Ffi {
        self.iter().map(|f| f.to_ffi(cx)).collect()
    }

    fn from_ffi(ffi: Self::Ffi, problems: &mut Problems) -> Option<Self> {
        Vec::<Feature>::from_ffi(ffi, problems).map(|v| v.into_iter().collect())
    }
}

impl<T: Wire> Wire for Option<T> {
    type Ffi = Option<T::Ffi>;

    fn to_ffi(&self, cx: &Cx<'_>) -> Self::Ffi {
        self.as_ref().map(|v| v.to_ffi(cx))
    }

    fn from_ffi(ffi: Self::Ffi, problems: &mut Problems) -> Option<Self> {
        match ffi {
            Some(v) => T::from_ffi(v, problems).map(Some),
            None => Some(None),
        }
    }
}

/// The items of a list, each read with its index in the path of its problems.
fn items<T: Wire>(ffi: Vec<T::Ffi>, problems: &mut Problems) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(ffi.len());
    let mut ok = true;
    for (i, item) in ffi.into_iter().enumerate() {
        problems.enter_index(i);
        match T::from_ffi(item, problems) {
            Some(v) => out.push(v),
            None => ok = false,
        }
        problems.leave();
    }
    ok.then_some(out)
}

impl<T: Wire> Wire for Vec<T> {
    type Ffi = Vec<T::Ffi>;

    fn to_ffi(&self, cx: &Cx<'_>) -> Self::Ffi {
        all(self, cx)
    }

    fn from_ffi(ffi: Self::Ffi, problems: &mut Problems) -> Option<Self> {
        items(ffi, problems)
    }
}

/// A set crosses as the list of its items, in order; repeated items in from the app count once.
impl<T: Wire + Ord> Wire for BTreeSet<T> {
    type Ffi = Vec<T::Ffi>;

    fn to_ffi(&self, cx: &Cx<'_>) -> Self::Ffi {
        all(self, cx)
    }

    fn from_ffi(ffi: Self::Ffi, problems: &mut Problems) -> Option<Self> {
        items(ffi, problems).map(|v| v.into_iter().collect())
    }
}

/// A map crosses as a `HashMap` (Kotlin `Map`); in from the app, its entries are read in the
/// order of their keys, so that the problems come in the same order on every call.
impl<K, V> Wire for BTreeMap<K, V>
where
    K: Wire + Ord,
    K::Ffi: Ord + std::hash::Hash + std::fmt::Debug,
    V: Wire,
{
    type Ffi = HashMap<K::Ffi, V::Ffi>;

    fn to_ffi(&self, cx: &Cx<'_>) -> Self::Ffi {
        self.iter()
            .map(|(k, v)| (k.to_ffi(cx), v.to_ffi(cx)))
            .collect()
    }

    fn from_ffi(ffi: Self::Ffi, problems: &mut Problems) -> Option<Self> {
        let mut entries: Vec<(K::Ffi, V::Ffi)> = ffi.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (k, v) in entries {
            problems.enter_key(&k);
            match (K::from_ffi(k, problems), V::from_ffi(v, problems)) {
                (Some(k), Some(v)) => {
                    out.insert(k, v);
                }
                _ => ok = false,
            }
            problems.leave();
        }
        ok.then_some(out)
    }
}
