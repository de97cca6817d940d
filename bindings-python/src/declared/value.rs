//! Conversions of the basic value types between Python and the core, in both directions.
//! Records and enums get theirs from the generator; these are the leaves.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyTuple};
use quanyu::{CompactString, Level, LevelScheme, Sensitive};

use super::Problems;

/// What a conversion to Python may need besides the value: the interpreter, and the level
/// scheme that gives a [`Level`] its name.
pub(crate) struct Cx<'a, 'py> {
    py: Python<'py>,
    scheme: Option<&'a LevelScheme>,
}

impl<'a, 'py> Cx<'a, 'py> {
    /// A context without a level scheme (records that hold no level).
    pub(crate) fn new(py: Python<'py>) -> Self {
        Cx { py, scheme: None }
    }

    /// A context that names levels by `scheme`.
    pub(crate) fn with_scheme(py: Python<'py>, scheme: &'a LevelScheme) -> Self {
        Cx {
            py,
            scheme: Some(scheme),
        }
    }

    /// The interpreter.
    pub(crate) fn py(&self) -> Python<'py> {
        self.py
    }
}

/// A value that crosses between Python and the core.
///
/// `from_py` records every problem it finds in `problems` (naming the field and the value) and
/// returns `None` when the value cannot be used; it never raises, so that one call can report
/// every bad field of a record.
pub(crate) trait PyValue: Sized {
    /// The Python value.
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>>;

    /// The core value, or `None` with the problem recorded.
    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self>;
}

fn text(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<String> {
    match obj.cast::<PyString>() {
        Ok(s) => match s.to_str() {
            Ok(t) => Some(t.to_owned()),
            Err(_) => {
                problems.value_error("is not valid text (it holds a lone surrogate)");
                None
            }
        },
        Err(_) => {
            problems.type_error(format!("expected a str, got {}", describe(obj)));
            None
        }
    }
}

/// The type and value of `obj`, for messages (personal values are never read from records
/// through here: their problems name the type only).
pub(crate) fn describe(obj: &Bound<'_, PyAny>) -> String {
    let ty = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    match obj.repr() {
        Ok(r) => {
            let r = r.to_string();
            if r.chars().count() > 40 {
                format!("{ty} {}…", r.chars().take(40).collect::<String>())
            } else {
                format!("{ty} {r}")
            }
        }
        Err(_) => ty,
    }
}

impl PyValue for String {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(cx.py, self).into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        text(obj, problems)
    }
}

impl PyValue for CompactString {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(cx.py, self).into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        text(obj, problems).map(CompactString::from)
    }
}

impl PyValue for Sensitive {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(cx.py, self.expose()).into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        match obj.cast::<PyString>() {
            Ok(s) => s.to_str().ok().map(Sensitive::new).or_else(|| {
                problems.value_error("is not valid text");
                None
            }),
            Err(_) => {
                // The value itself stays out of the message: it may be a phone or ID number.
                let ty = obj
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                problems.type_error(format!("expected a str, got a value of type {ty}"));
                None
            }
        }
    }
}

impl PyValue for bool {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyBool::new(cx.py, *self).to_owned().into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        match obj.cast::<PyBool>() {
            Ok(b) => Some(b.is_true()),
            Err(_) => {
                problems.type_error(format!("expected a bool, got {}", describe(obj)));
                None
            }
        }
    }
}

/// A whole number in `min..=max`: an `int` (not a `bool`), or any object with `__index__`.
fn integer(obj: &Bound<'_, PyAny>, problems: &mut Problems, min: i128, max: i128) -> Option<i128> {
    if obj.is_instance_of::<PyBool>()
        || !(obj.is_instance_of::<PyInt>() || obj.hasattr("__index__").unwrap_or(false))
    {
        problems.type_error(format!("expected an int, got {}", describe(obj)));
        return None;
    }
    match obj.extract::<i128>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            problems.value_error(format!(
                "must be a whole number from {min} to {max}, got {}",
                describe(obj)
            ));
            None
        }
    }
}

macro_rules! integers {
    ($($t:ty),+) => {$(
        impl PyValue for $t {
            fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(self.into_pyobject(cx.py)?.into_any())
            }

            fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
                integer(obj, problems, i128::from(<$t>::MIN), i128::from(<$t>::MAX))
                    .and_then(|n| <$t>::try_from(n).ok())
            }
        }
    )+};
}

integers!(u8, u16, u32, u64, i32, i64);

impl PyValue for usize {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_pyobject(cx.py)?.into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        integer(obj, problems, 0, usize::MAX as i128).and_then(|n| usize::try_from(n).ok())
    }
}

impl PyValue for f64 {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyFloat::new(cx.py, *self).into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        if obj.is_instance_of::<PyBool>() {
            problems.type_error(format!("expected a number, got {}", describe(obj)));
            return None;
        }
        match obj.extract::<f64>() {
            Ok(x) => Some(x),
            Err(_) => {
                problems.type_error(format!("expected a number, got {}", describe(obj)));
                None
            }
        }
    }
}

/// A calendar day from a `datetime.date` (or `datetime.datetime`, whose day is taken) or an
/// ISO `YYYY-MM-DD` string.
impl PyValue for NaiveDate {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        self.into_pyobject(cx.py).map(Bound::into_any)
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            let text = s.to_str().unwrap_or_default();
            return match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.value_error(format!("cannot read `{text}` as a YYYY-MM-DD date: {e}"));
                    None
                }
            };
        }
        if let Ok(t) = obj.extract::<NaiveDateTime>() {
            return Some(t.date());
        }
        match obj.extract::<NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) => {
                problems.type_error(format!(
                    "expected a datetime.date or a YYYY-MM-DD string, got {}",
                    describe(obj)
                ));
                None
            }
        }
    }
}

/// A date and time from a `datetime.datetime` (naive) or an ISO string.
impl PyValue for NaiveDateTime {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        self.into_pyobject(cx.py).map(Bound::into_any)
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            let text = s.to_str().unwrap_or_default();
            // Seconds are optional, and a space may stand for the `T`, as people write them.
            return [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
            .or_else(|| {
                problems.value_error(format!(
                    "cannot read `{text}` as a date and time (YYYY-MM-DDTHH:MM[:SS])"
                ));
                None
            });
        }
        match obj.extract::<NaiveDateTime>() {
            Ok(t) => Some(t),
            Err(_) => {
                problems.type_error(format!(
                    "expected a datetime.datetime or an ISO string, got {}",
                    describe(obj)
                ));
                None
            }
        }
    }
}

/// A time of day from a `datetime.time` or an `HH:MM[:SS]` string.
impl PyValue for NaiveTime {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        self.into_pyobject(cx.py).map(Bound::into_any)
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            let text = s.to_str().unwrap_or_default();
            return ["%H:%M:%S%.f", "%H:%M"]
                .iter()
                .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
                .or_else(|| {
                    problems.value_error(format!("cannot read `{text}` as an HH:MM time"));
                    None
                });
        }
        match obj.extract::<NaiveTime>() {
            Ok(t) => Some(t),
            Err(_) => {
                problems.type_error(format!(
                    "expected a datetime.time or an HH:MM string, got {}",
                    describe(obj)
                ));
                None
            }
        }
    }
}

/// A weekday by its English name (`"Monday"`, `"mon"`) or ISO number (1 = Monday).
impl PyValue for Weekday {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        let name = match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        };
        Ok(PyString::new(cx.py, name).into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        if let Ok(n) = obj.extract::<u8>()
            && !obj.is_instance_of::<PyBool>()
        {
            return match n {
                1..=7 => Weekday::try_from(n - 1).ok(),
                _ => {
                    problems.value_error(format!(
                        "a weekday number runs from 1 (Monday) to 7, got {n}"
                    ));
                    None
                }
            };
        }
        let t = text(obj, problems)?;
        t.parse::<Weekday>().ok().or_else(|| {
            problems.value_error(format!("unknown weekday `{t}`; expected Monday … Sunday"));
            None
        })
    }
}

/// A level, shown by its name in the network's scheme. Levels are read back from networks only;
/// records name levels by their names (text).
impl PyValue for Level {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        match cx.scheme {
            Some(s) => Ok(PyString::new(cx.py, s.name(*self)).into_any()),
            None => Ok(PyInt::new(cx.py, self.index()).into_any()),
        }
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        problems.type_error(format!(
            "a level is read back from a network, not given ({})",
            describe(obj)
        ));
        None
    }
}

impl<T: PyValue> PyValue for Option<T> {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(v) => v.to_py(cx),
            None => Ok(cx.py.None().into_bound(cx.py)),
        }
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        if obj.is_none() {
            Some(None)
        } else {
            T::from_py(obj, problems).map(Some)
        }
    }
}

/// The items of a list-like value (not a `str`, which would read as its characters), each
/// converted with its index in the path of its problems.
fn items<T: PyValue>(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Vec<T>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyDict>() {
        problems.type_error(format!("expected a list, got {}", describe(obj)));
        return None;
    }
    let Ok(iter) = obj.try_iter() else {
        problems.type_error(format!("expected a list, got {}", describe(obj)));
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in iter.enumerate() {
        match item {
            Ok(item) => {
                problems.enter(format!("[{i}]"));
                match T::from_py(&item, problems) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
                problems.leave();
            }
            Err(e) => {
                problems.type_error(format!("cannot be iterated: {e}"));
                return None;
            }
        }
    }
    ok.then_some(out)
}

impl<T: PyValue> PyValue for Vec<T> {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self
            .iter()
            .map(|v| v.to_py(cx))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(pyo3::types::PyList::new(cx.py, items)?.into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        items(obj, problems)
    }
}

impl<T: PyValue + Ord> PyValue for BTreeSet<T> {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self
            .iter()
            .map(|v| v.to_py(cx))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(pyo3::types::PyList::new(cx.py, items)?.into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        items(obj, problems).map(|v| v.into_iter().collect())
    }
}

impl<A: PyValue, B: PyValue> PyValue for (A, B) {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyTuple::new(cx.py, [self.0.to_py(cx)?, self.1.to_py(cx)?])?.into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        let pair: Option<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = obj.extract().ok();
        let Some((a, b)) = pair else {
            problems.type_error(format!("expected a pair, got {}", describe(obj)));
            return None;
        };
        problems.enter("[0]".into());
        let a = A::from_py(&a, problems);
        problems.leave();
        problems.enter("[1]".into());
        let b = B::from_py(&b, problems);
        problems.leave();
        Some((a?, b?))
    }
}

impl<K: PyValue + Ord, V: PyValue> PyValue for BTreeMap<K, V> {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        let d = PyDict::new(cx.py);
        for (k, v) in self {
            d.set_item(k.to_py(cx)?, v.to_py(cx)?)?;
        }
        Ok(d.into_any())
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        let Ok(d) = obj.cast::<PyDict>() else {
            problems.type_error(format!("expected a dict, got {}", describe(obj)));
            return None;
        };
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (k, v) in d.iter() {
            problems.enter(format!(
                "[{}]",
                k.repr().map(|r| r.to_string()).unwrap_or_default()
            ));
            match (K::from_py(&k, problems), V::from_py(&v, problems)) {
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

/// A set of venue features reads from any list of feature names and shows as the list of
/// its features.
impl PyValue for quanyu::venues::FeatureSet {
    fn to_py<'py>(&self, cx: &Cx<'_, 'py>) -> PyResult<Bound<'py, PyAny>> {
        self.iter().collect::<Vec<_>>().to_py(cx)
    }

    fn from_py(obj: &Bound<'_, PyAny>, problems: &mut Problems) -> Option<Self> {
        items::<quanyu::venues::Feature>(obj, problems).map(|v| v.into_iter().collect())
    }
}
