//! One declaration per concept, for quanyu.
//!
//! Every record, enum and report of quanyu is declared once, in the core crate, with
//! `#[derive(Record)]` or `#[derive(Enum)]`. From that one declaration come:
//!
//! - in the core: the schema constant (`quanyu::schema`) that lists the fields with their docs,
//!   value types and privacy classes (CSV columns, Arrow schemas and stubs are read from it), and
//!   for enums the English and Chinese names with `Display`, lenient `FromStr` and serde;
//! - in the Python binding: the frozen class and its conversions ([`python!`]);
//! - in the mobile binding: the `uniffi::Record` or `uniffi::Enum` and its conversions
//!   ([`ffi!`]).
//!
//! The bindings do not repeat the fields: each derive also exports a hidden macro that hands the
//! declaration's tokens to a generator, and `quanyu::for_each_declaration!` calls it for every
//! declared type.
//!
//! ```ignore
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
//! #[record(table = "leads")]
//! /// A pioneer leading a volunteer (一十百).
//! pub struct LeadRecord {
//!     /// The pioneer's id.
//!     pub pioneer: String,
//!     /// The volunteer's id.
//!     pub volunteer: String,
//! }
//! ```

use proc_macro::TokenStream;
use syn::parse_macro_input;

mod core_gen;
mod decl;
mod ffi_gen;
mod handover;
mod python_gen;

/// Declares a record (a struct with named fields) or a data enum whose variants carry records.
///
/// Container attribute: `#[record(table = "units")]` names the CSV table the record is a row of;
/// `#[record(cells)]` reads the record from a row of text cells, each field from the column of
/// its name (`quanyu::schema::FromCells`); `#[record(entity = "Unit")]` copies the fields the
/// record shares with its entity, by name, to and from it (`carry_to`, `carry_from`).
/// Field attributes: `#[field(personal)]` or `#[field(sensitive)]` classify personal data (the
/// default is public), and `#[field(personal, mask = "mobile")]` names the
/// `quanyu::privacy::Mask` of such a field (in snake case or as the variant; none hides the
/// whole value); `#[field(default)]` makes a field optional; `#[field(linked)]` keeps a
/// field that is no value of the entity (a relation) out of the copies; `#[serde(default)]`,
/// `#[serde(default = "path")]` and `#[serde(rename = "…")]` are read as serde reads them.
/// A data enum's tuple variant names its value with `#[named(field = "…")]`.
#[proc_macro_derive(Record, attributes(record, field, named))]
pub fn derive_record(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as syn::DeriveInput);
    core_gen::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares a plain enum with English and Chinese names.
///
/// Container attribute: `#[named(what = "grid kind")]` (what a value is, in messages).
/// Variant attributes: `#[named(zh = "网格长", alias = "…")]`.
#[proc_macro_derive(Enum, attributes(named))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as syn::DeriveInput);
    core_gen::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The Python binding's class and conversions of one declaration (called through
/// `quanyu::for_each_declaration!(quanyu_derive::python)`).
#[proc_macro]
pub fn python(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as handover::HandOver);
    python_gen::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The registration of one declaration in the Python module (called through
/// `quanyu::for_each_declaration!(quanyu_derive::python_register)` inside the module's init,
/// with a `registry` in scope).
#[proc_macro]
pub fn python_register(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as handover::HandOver);
    python_gen::register(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The mobile binding's uniffi type and conversions of one declaration (called through
/// `quanyu::for_each_declaration!(quanyu_derive::ffi)`).
#[proc_macro]
pub fn ffi(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as handover::HandOver);
    ffi_gen::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
