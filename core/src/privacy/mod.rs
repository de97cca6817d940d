//! Privacy by default (PIPL, 《个人信息保护法》): how the values of personal fields are masked
//! (脱敏) before they are shown to someone with no purpose for them.
//!
//! Every field of a declared record has a [class](crate::schema::FieldClass): public, personal
//! or sensitive. A personal or sensitive field also names its [`Mask`] in its declaration
//! (`#[field(personal, mask = "phone")]`), read back as
//! [`FieldSchema::mask`](crate::schema::FieldSchema::mask); one that names none is hidden
//! entirely ([`Mask::Full`], `***`). [`FieldSchema::masked`](crate::schema::FieldSchema::masked)
//! applies the declared rule to a value.
//!
//! The masks follow the conventions of Hutool's `DesensitizedUtil` (5.8), which Chinese
//! developers know: a mobile number keeps its first 3 and last 4 digits, an ID number its first
//! character and last 2, a name its first character, and so on (see [`Mask`]). Lengths are
//! counted in characters (Unicode scalar values); see [`mask`] for the one place where this
//! differs from Hutool.
//!
//! For analysis, person ids are replaced by keyed [pseudonyms](Pseudonymiser) (假名化), which
//! still join across tables, and published counts of persons go through
//! [`suppress_small_cells`], so that no cell of one or two persons points at them.
//!
//! What goes to a grid worker's phone is [sealed](seal) to the worker's [key](WorkerKey), so
//! that only that phone can open it.
//!
//! ```
//! use quanyu::privacy::{Mask, mask};
//! use quanyu::schema::Record;
//!
//! assert_eq!(mask(Mask::Mobile, "13812345678"), "138****5678");
//! assert_eq!(mask(Mask::IdNumber, "51343620000320711X"), "5***************1X");
//! assert_eq!(mask(Mask::ChineseName, "张三丰"), "张**");
//!
//! // The masks travel with the declarations.
//! let phone = quanyu::PersonRecord::SCHEMA.field("phone").unwrap();
//! assert_eq!(phone.mask, Some(Mask::Phone));
//! assert_eq!(phone.masked("010-12345678"), "010-******78");
//! ```

mod access;
mod mask;
mod maskable;
mod pseudonym;
#[cfg(feature = "seal")]
mod seal;
mod suppress;

pub use access::{AccessAction, AccessLog, AccessRecord, Purposes, Reveal, masked};
pub(crate) use access::{check_reveal, log_reveal};
pub use mask::{Mask, mask};
pub use maskable::Maskable;
pub use pseudonym::{MIN_KEY_LEN, PREFIX, PSEUDONYM_BYTES, Pseudonymiser};
#[cfg(feature = "seal")]
pub use seal::{WorkerKey, open, seal};
pub use suppress::{DEFAULT_THRESHOLD, Suppressed, Suppression, suppress_small_cells};

/// The user guide's page on personal data, its Rust sample compiled and run as a doctest so
/// that it never goes stale.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/guide/privacy.md")]
pub struct GuidePage;
