//! Reading the name of an enum value as users type it: the English name in any letter case,
//! with or without `_`, `-` and spaces (`GridLeader`, `grid_leader`, `GRID-LEADER`), the
//! Chinese name (`网格长`) or a declared alias — because vendors' spreadsheets rarely agree on
//! spelling.

use std::borrow::Cow;
use std::fmt;

use crate::schema::{Enum, EnumSchema};

/// Normalises a name for lenient comparison: lower case, without `_`, `-` and spaces.
pub(crate) fn fold(name: &str) -> String {
    folded_chars(name).collect()
}

fn folded_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '\u{3000}'))
        .flat_map(char::to_lowercase)
}

/// A name that matches no value of an enum; its message lists the accepted names.
///
/// ```
/// let err = "Moon".parse::<quanyu::GridKind>().unwrap_err();
/// assert_eq!(err.value, "Moon");
/// assert!(err.to_string().starts_with("unknown grid kind `Moon`; expected one of Community (社区网格)"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownName {
    /// What was being read (`grid kind`).
    pub what: &'static str,
    /// The text that was given.
    pub value: String,
    /// The accepted names, with the Chinese name in brackets where there is one.
    pub expected: Vec<String>,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}`; expected one of {}",
            self.what,
            self.value,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

impl From<UnknownName> for String {
    fn from(e: UnknownName) -> String {
        e.to_string()
    }
}

/// Reads a value of `E` from any of its names (see the module docs).
///
/// ```
/// use quanyu::schema::parse_name;
/// use quanyu::Role;
/// assert_eq!(parse_name::<Role>("社区党员"), Ok(Role::CommunityMember));
/// assert_eq!(parse_name::<Role>(" community-member "), Ok(Role::CommunityMember));
/// assert!(parse_name::<Role>("mayor").is_err());
/// ```
pub fn parse_name<E: Enum>(text: &str) -> Result<E, UnknownName> {
    parse_in(E::SCHEMA, text).and_then(|i| E::from_index(i).ok_or_else(|| unknown(E::SCHEMA, text)))
}

/// The index of the variant of `schema` that `text` names (see [`parse_name`]); for callers
/// that hold a schema rather than a type, such as the bindings.
///
/// ```
/// use quanyu::schema::{Enum, parse_in};
/// assert_eq!(parse_in(quanyu::GridKind::SCHEMA, "园区网格"), Ok(quanyu::GridKind::Park.index()));
/// ```
pub fn parse_in(schema: &'static EnumSchema, text: &str) -> Result<usize, UnknownName> {
    // The canonical spelling is by far the commonest input (files this library wrote).
    if let Some(i) = schema.variants.iter().position(|v| v.name == text) {
        return Ok(i);
    }
    let folded = fold(text);
    let same = |name: &str| folded_chars(name).eq(folded.chars());
    schema
        .variants
        .iter()
        .position(|v| {
            same(v.name) || (!v.zh.is_empty() && same(v.zh)) || v.aliases.iter().any(|a| same(a))
        })
        .ok_or_else(|| unknown(schema, text))
}

fn unknown(schema: &'static EnumSchema, text: &str) -> UnknownName {
    UnknownName {
        what: schema.what,
        value: text.to_owned(),
        expected: schema
            .variants
            .iter()
            .map(|v| {
                if v.zh.is_empty() {
                    v.name.to_owned()
                } else {
                    format!("{} ({})", v.name, v.zh)
                }
            })
            .collect(),
    }
}

/// Deserializes a value of `E` from any of its names: the serde form of every declared enum.
///
/// ```
/// let kind: quanyu::GridKind = serde_json::from_str("\"商圈网格\"").unwrap();
/// assert_eq!(kind, quanyu::GridKind::BusinessDistrict);
/// ```
pub fn deserialize_name<'de, D, E>(d: D) -> Result<E, D::Error>
where
    D: serde::Deserializer<'de>,
    E: Enum,
{
    let s = <Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    parse_name(&s).map_err(serde::de::Error::custom)
}
