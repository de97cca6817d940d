//! Enumerations with canonical English names (DOMAIN.md), lenient parsing and serde as strings.
//!
//! Every domain enum is written and shown by its DOMAIN.md English name (`GridLeader`,
//! `BusinessDistrict`); input may also use snake_case or any letter case (`grid_leader`,
//! `GRID-LEADER`), because vendors' spreadsheets rarely agree on spelling.

/// Normalises a name for lenient comparison: lower case, without `_`, `-` and spaces.
pub(crate) fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Defines a fieldless enum with `ALL`, `as_str`, `Display`, lenient `FromStr` and serde as a
/// string. The error of `FromStr` lists the accepted names.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The canonical English name (DOMAIN.md).
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => stringify!($variant), )+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> ::std::result::Result<Self, String> {
                let folded = $crate::names::fold(s);
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| $crate::names::fold(v.as_str()) == folded)
                    .ok_or_else(|| {
                        let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        format!("unknown {} `{}`; expected one of {}", $what, s, names.join(", "))
                    })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use named_enum;
