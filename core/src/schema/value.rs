//! The types of declared fields, as data: what a binding converts a field to and from, what
//! Arrow type its column has, and what a stub says about it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use compact_str::CompactString;

use crate::model::{Level, Sensitive};
use crate::schema::{EnumSchema, RecordSchema, UnionSchema};

/// The type of a field's values.
///
/// ```
/// use quanyu::schema::{Type, Value};
/// assert_eq!(<Option<u32> as Value>::value_type(), Type::Optional(Box::new(Type::Int { signed: false, bits: 32 })));
/// assert_eq!(Type::Optional(Box::new(Type::Text)).to_string(), "text?");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Type {
    /// Text.
    Text,
    /// Personal text (a phone or ID number), never shown in logs.
    Secret,
    /// True or false.
    Bool,
    /// A whole number.
    Int {
        /// Whether it may be negative.
        signed: bool,
        /// Its width in bits.
        bits: u8,
    },
    /// A floating-point number.
    Float,
    /// A calendar day.
    Date,
    /// A date and a time of day, without a time zone.
    DateTime,
    /// A time of day.
    Time,
    /// A day of the week.
    Weekday,
    /// The name of a level of the network's level scheme.
    Level,
    /// A declared enum.
    Enum(&'static EnumSchema),
    /// A declared record.
    Record(&'static RecordSchema),
    /// A declared data enum.
    Union(&'static UnionSchema),
    /// A value that may be absent.
    Optional(Box<Type>),
    /// A list.
    List(Box<Type>),
    /// A pair.
    Pair(Box<Type>, Box<Type>),
    /// A map from keys to values.
    Map(Box<Type>, Box<Type>),
}

/// Declared types are equal by name (their schemas are constants of one declaration each).
impl PartialEq for Type {
    fn eq(&self, other: &Type) -> bool {
        use Type::*;
        match (self, other) {
            (Int { signed: a, bits: x }, Int { signed: b, bits: y }) => a == b && x == y,
            (Enum(a), Enum(b)) => a.name == b.name,
            (Record(a), Record(b)) => a.name == b.name,
            (Union(a), Union(b)) => a.name == b.name,
            (Optional(a), Optional(b)) | (List(a), List(b)) => a == b,
            (Pair(a, x), Pair(b, y)) | (Map(a, x), Map(b, y)) => a == b && x == y,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Text => f.write_str("text"),
            Type::Secret => f.write_str("secret"),
            Type::Bool => f.write_str("bool"),
            Type::Int { signed: true, bits } => write!(f, "i{bits}"),
            Type::Int {
                signed: false,
                bits,
            } => write!(f, "u{bits}"),
            Type::Float => f.write_str("float"),
            Type::Date => f.write_str("date"),
            Type::DateTime => f.write_str("datetime"),
            Type::Time => f.write_str("time"),
            Type::Weekday => f.write_str("weekday"),
            Type::Level => f.write_str("level"),
            Type::Enum(e) => f.write_str(e.name),
            Type::Record(r) => f.write_str(r.name),
            Type::Union(u) => f.write_str(u.name),
            Type::Optional(t) => write!(f, "{t}?"),
            Type::List(t) => write!(f, "[{t}]"),
            Type::Pair(a, b) => write!(f, "({a}, {b})"),
            Type::Map(k, v) => write!(f, "{{{k}: {v}}}"),
        }
    }
}

/// A type that declared fields may have.
///
/// Declared records and enums implement it through their derives; the basic types here.
pub trait Value {
    /// The type of the values, as data.
    fn value_type() -> Type;
}

macro_rules! basic {
    ($($t:ty => $e:expr),+ $(,)?) => {$(
        impl Value for $t {
            fn value_type() -> Type { $e }
        }
    )+};
}

basic! {
    String => Type::Text,
    CompactString => Type::Text,
    Sensitive => Type::Secret,
    bool => Type::Bool,
    u8 => Type::Int { signed: false, bits: 8 },
    u16 => Type::Int { signed: false, bits: 16 },
    u32 => Type::Int { signed: false, bits: 32 },
    u64 => Type::Int { signed: false, bits: 64 },
    usize => Type::Int { signed: false, bits: 64 },
    i32 => Type::Int { signed: true, bits: 32 },
    i64 => Type::Int { signed: true, bits: 64 },
    f64 => Type::Float,
    NaiveDate => Type::Date,
    NaiveDateTime => Type::DateTime,
    NaiveTime => Type::Time,
    Weekday => Type::Weekday,
    Level => Type::Level,
}

impl<T: Value> Value for Option<T> {
    fn value_type() -> Type {
        Type::Optional(Box::new(T::value_type()))
    }
}

impl<T: Value> Value for Vec<T> {
    fn value_type() -> Type {
        Type::List(Box::new(T::value_type()))
    }
}

impl<T: Value> Value for BTreeSet<T> {
    fn value_type() -> Type {
        Type::List(Box::new(T::value_type()))
    }
}

impl<A: Value, B: Value> Value for (A, B) {
    fn value_type() -> Type {
        Type::Pair(Box::new(A::value_type()), Box::new(B::value_type()))
    }
}

impl<K: Value, V: Value> Value for BTreeMap<K, V> {
    fn value_type() -> Type {
        Type::Map(Box::new(K::value_type()), Box::new(V::value_type()))
    }
}
