//! Declarations: every record, enum and report of quanyu is declared once, and this module
//! describes each declaration as data.
//!
//! A record derives [`Record`](macro@Record), a plain enum [`Enum`](macro@Enum). From that one
//! declaration come serde, the names of enums in English and Chinese (`"网格长"`,
//! `"GridLeader"` and `"grid_leader"` all parse), the CSV columns and their header check, the
//! Arrow schema of a report's table, the privacy class of every field, and the classes of the
//! Python and Kotlin bindings, which are generated from the same tokens (see
//! [`for_each_declaration!`](crate::for_each_declaration)).
//!
//! ```
//! use quanyu::schema::{Enum, FieldClass, Record};
//! use quanyu::{PersonRecord, Role};
//!
//! // Every spelling a user may type.
//! for text in ["网格长", "GridLeader", "grid_leader", "grid leader"] {
//!     assert_eq!(text.parse::<Role>()?, Role::GridLeader);
//! }
//! assert_eq!(Role::GridLeader.chinese(), "网格长");
//! assert_eq!(Role::SCHEMA.variants.len(), Role::ALL.len());
//!
//! // The fields of a record, with their docs and privacy classes.
//! let phone = PersonRecord::SCHEMA.field("phone").unwrap();
//! assert_eq!(phone.class, FieldClass::Personal);
//! assert!(!phone.required);
//! # Ok::<(), quanyu::schema::UnknownName>(())
//! ```

mod cell;
mod frames;
mod list;
mod names;
mod value;

pub use cell::{CellSource, FromCell, FromCells, optional_cell, parse_cell, required_cell};
pub use frames::{FrameSink, Frames};
pub(crate) use names::fold;
pub use names::{UnknownName, deserialize_name, parse_in, parse_name};
pub use quanyu_derive::{Enum, Record};
pub use value::{Type, Value};

use crate::privacy::{Mask, mask};

/// A declared record: a struct with named fields, one row of a table or one report.
///
/// ```
/// use quanyu::schema::Record;
/// let s = quanyu::UnitRecord::SCHEMA;
/// assert_eq!(s.table, Some("units"));
/// assert_eq!(s.columns().collect::<Vec<_>>(), ["id", "name", "level", "parent", "grid_kind", "residents", "code"]);
/// ```
pub trait Record {
    /// The record's schema.
    const SCHEMA: &'static RecordSchema;

    /// Masks in place, each by its declared rule, the personal and sensitive fields whose
    /// names `shown` does not accept: what every path out of the library does to a record
    /// before it leaves, unless the caller [reveals](crate::privacy::Reveal) fields for a
    /// purpose. A record without personal fields is left as it is.
    ///
    /// ```
    /// use quanyu::schema::Record;
    /// let mut p = quanyu::PersonRecord::new("P1").name("李四").phone("13812345678").id_number("51343620000320711X");
    /// p.mask_personal(&|field| field == "phone");
    /// assert_eq!(p.phone.unwrap().expose(), "13812345678");
    /// assert_eq!(p.id_number.unwrap().expose(), "5***************1X");
    /// ```
    fn mask_personal(&mut self, shown: &dyn Fn(&str) -> bool) {
        let _ = shown;
    }
}

/// A declared plain enum: unit variants with English and Chinese names.
///
/// ```
/// use quanyu::schema::Enum;
/// use quanyu::GridKind;
/// assert_eq!(GridKind::from_index(GridKind::Park.index()), Some(GridKind::Park));
/// assert_eq!(GridKind::SCHEMA.what, "grid kind");
/// ```
pub trait Enum: Copy + Sized + 'static {
    /// The enum's schema.
    const SCHEMA: &'static EnumSchema;

    /// The position of the value among the declared variants.
    fn index(self) -> usize;

    /// The value at `index` among the declared variants.
    fn from_index(index: usize) -> Option<Self>;
}

/// A declared data enum: each variant carries declared values (a change of a change set).
///
/// ```
/// use quanyu::schema::Union;
/// assert!(quanyu::Change::SCHEMA.arms.iter().any(|a| a.name == "AddUnit"));
/// ```
pub trait Union {
    /// The enum's schema.
    const SCHEMA: &'static UnionSchema;
}

/// The schema of a record.
#[derive(Debug)]
#[non_exhaustive]
pub struct RecordSchema {
    /// The type's name, the same in every language (`UnitRecord`).
    pub name: &'static str,
    /// The first paragraph of its doc comment.
    pub doc: &'static str,
    /// The CSV table whose rows it is (`units` for `units.csv`), if any.
    pub table: Option<&'static str>,
    /// The fields, in declaration order.
    pub fields: &'static [FieldSchema],
}

impl RecordSchema {
    /// The field named `name`.
    ///
    /// ```
    /// use quanyu::schema::Record;
    /// assert!(quanyu::UnitRecord::SCHEMA.field("parent").is_some());
    /// assert!(quanyu::UnitRecord::SCHEMA.field("parnet").is_none());
    /// ```
    pub fn field(&self, name: &str) -> Option<&'static FieldSchema> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The column names of the record's table, in order.
    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.name)
    }
}

/// The schema of one field of a record.
#[derive(Debug)]
#[non_exhaustive]
pub struct FieldSchema {
    /// The field's name, which is also its CSV column and its name in every binding.
    pub name: &'static str,
    /// The first paragraph of its doc comment.
    pub doc: &'static str,
    /// The type of its values.
    pub value: fn() -> Type,
    /// Whether an input must give it (else it has a default).
    pub required: bool,
    /// Whom its values may be shown to.
    pub class: FieldClass,
    /// How a personal or sensitive field's values are masked (`#[field(personal, mask =
    /// "phone")]`); `None` for a public field, and for a personal one that declares no mask,
    /// which is hidden entirely (see [`masked`](FieldSchema::masked)).
    pub mask: Option<Mask>,
    /// Why a personal or sensitive field is held (`#[field(personal, purpose = "…")]`); `None`
    /// for a public field.
    pub purpose: Option<&'static str>,
    /// How long a personal or sensitive field is kept (`#[field(personal, retention_years =
    /// 3)]`); `None` for a public field.
    pub retention: Option<Retention>,
}

/// How long the values of a personal or sensitive field are kept: while their subject is
/// linked to the data (a person living in the network or holding a post, a contract or a
/// membership there; an event still open), and for `years` after the last link ended; then a
/// purge removes them.
///
/// ```
/// use quanyu::schema::Record;
/// let phone = quanyu::PersonRecord::SCHEMA.field("phone").unwrap();
/// assert!(phone.retention.unwrap().years > 0);
/// assert!(phone.purpose.is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Retention {
    /// Full years after the last link ended.
    pub years: u32,
}

impl FieldSchema {
    /// `value` as it may be shown to someone with no purpose for it: a public field's value as
    /// it is; a personal or sensitive field's masked by its declared [`Mask`], or entirely
    /// (`***`, [`Mask::Full`]) when it declares none.
    ///
    /// ```
    /// use quanyu::schema::Record;
    /// use quanyu::{PersonRecord, events::EventRecord};
    ///
    /// let person = PersonRecord::SCHEMA;
    /// assert_eq!(person.field("id").unwrap().masked("P-0001"), "P-0001");
    /// assert_eq!(person.field("phone").unwrap().masked("13812345678"), "138****5678");
    /// assert_eq!(person.field("id_number").unwrap().masked("51343620000320711X"), "5***************1X");
    /// // Free text declares no mask: nothing of it is shown.
    /// assert_eq!(EventRecord::SCHEMA.field("description").unwrap().masked("楼道堆物"), "***");
    /// ```
    pub fn masked(&self, value: &str) -> String {
        match (self.class, self.mask) {
            (FieldClass::Public, _) => value.to_owned(),
            (_, Some(kind)) => mask(kind, value),
            (_, None) => mask(Mask::Full, value),
        }
    }
}

/// Whom a field's values may be shown to, in the terms of China's Personal Information
/// Protection Law (PIPL). A personal or sensitive field also declares its
/// [mask](FieldSchema::mask): see [`privacy`](crate::privacy).
///
/// ```
/// use quanyu::schema::{FieldClass, Record};
/// let id_number = quanyu::PersonRecord::SCHEMA.field("id_number").unwrap();
/// assert_eq!(id_number.class, FieldClass::Sensitive);
/// assert!(FieldClass::Sensitive.is_personal());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldClass {
    /// Not about a person (ids, names of units, counts).
    Public,
    /// Personal information (a phone number): masked wherever data leaves the library unless
    /// the caller asks for it with a purpose.
    Personal,
    /// Sensitive personal information (PIPL art. 28: ID numbers, health, religion, finance,
    /// whereabouts, everything about minors under 14): stricter still.
    Sensitive,
}

impl FieldClass {
    /// Whether the field holds personal information of either class.
    pub fn is_personal(self) -> bool {
        self != FieldClass::Public
    }
}

/// The schema of a plain enum.
#[derive(Debug)]
#[non_exhaustive]
pub struct EnumSchema {
    /// The type's name (`Role`).
    pub name: &'static str,
    /// What a value is, in messages (`role`).
    pub what: &'static str,
    /// The first paragraph of its doc comment.
    pub doc: &'static str,
    /// The variants, in declaration order.
    pub variants: &'static [VariantSchema],
}

/// The names of one variant of a plain enum.
#[derive(Debug)]
#[non_exhaustive]
pub struct VariantSchema {
    /// The English name (`GridLeader`).
    pub name: &'static str,
    /// The Chinese name (`网格长`); empty where the domain has none.
    pub zh: &'static str,
    /// Further accepted spellings.
    pub aliases: &'static [&'static str],
    /// The first paragraph of its doc comment.
    pub doc: &'static str,
}

/// The schema of a data enum.
#[derive(Debug)]
#[non_exhaustive]
pub struct UnionSchema {
    /// The type's name (`Change`).
    pub name: &'static str,
    /// The first paragraph of its doc comment.
    pub doc: &'static str,
    /// The variants, in declaration order.
    pub arms: &'static [ArmSchema],
}

/// One variant of a data enum and the values it carries.
#[derive(Debug)]
#[non_exhaustive]
pub struct ArmSchema {
    /// The variant's name (`AddUnit`).
    pub name: &'static str,
    /// The first paragraph of its doc comment.
    pub doc: &'static str,
    /// The values it carries, by name.
    pub fields: &'static [FieldSchema],
}
