//! Records read from rows of text cells (CSV tables, and DataFrames, which are read as CSV).
//!
//! A record declared with `#[record(table = "…", cells)]` gets a [`FromCells`] implementation
//! from its declaration: each field is read from the column of its name by its type's
//! [`FromCell`], a required field must be given, a defaulted one takes its declared default
//! when its cell is empty. So a new field of such a record needs no line in any reader.
//!
//! Text cells (ids, names, phone numbers) are taken exactly as they are, spaces included;
//! typed cells (numbers, dates, kinds) are read without the spaces around them, since
//! ` 2024-01-01` can only mean one date.

use std::fmt::Display;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::model::Sensitive;

/// One row of cells, read by column name; every problem found is remembered with its column.
///
/// ```
/// use quanyu::schema::{CellSource, FromCells};
///
/// struct Row(Vec<(&'static str, &'static str)>, Vec<(&'static str, String)>);
/// impl CellSource for Row {
///     fn text(&self, column: &str) -> &str {
///         self.0.iter().find(|(c, _)| *c == column).map_or("", |(_, t)| t)
///     }
///     fn problem(&mut self, column: &'static str, message: String) {
///         self.1.push((column, message));
///     }
/// }
///
/// let mut row = Row(vec![("id", "G1"), ("level", "Grid"), ("residents", "many")], Vec::new());
/// let unit = quanyu::UnitRecord::from_cells(&mut row).unwrap();
/// assert_eq!((unit.id.as_str(), unit.residents), ("G1", 0));
/// assert_eq!(row.1, [("residents", "cannot read `many`: invalid digit found in string".to_owned())]);
/// ```
pub trait CellSource {
    /// The text of `column`'s cell; empty when the row or the table has no such cell.
    fn text(&self, column: &str) -> &str;

    /// Remembers that `column`'s cell cannot be read, and why.
    fn problem(&mut self, column: &'static str, message: String);
}

/// A value read from one text cell.
///
/// ```
/// use quanyu::schema::FromCell;
/// use quanyu::GridKind;
/// assert_eq!(GridKind::read_cell(" 园区网格 "), Ok(GridKind::Park));
/// assert!(u32::is_empty_cell("  ") && !String::is_empty_cell("  "));
/// assert_eq!(String::read_cell(" a "), Ok(" a ".to_owned()));
/// ```
pub trait FromCell: Sized {
    /// The value of a cell that is not empty, or why it cannot be read.
    fn read_cell(text: &str) -> Result<Self, String>;

    /// Whether the cell holds no value: a typed cell of nothing but spaces holds none.
    fn is_empty_cell(text: &str) -> bool {
        text.trim().is_empty()
    }

    /// What an empty cell of a required field stands for: nothing (the row is refused), except
    /// for text, which is taken as it is, empty, and left to the rules of the record.
    fn empty_required() -> Option<Self> {
        None
    }
}

/// A typed cell read with the type's `FromStr`, without the spaces around it; the message of
/// an unreadable cell quotes it.
///
/// ```
/// assert_eq!(quanyu::schema::parse_cell::<u32>(" 7 "), Ok(7));
/// assert_eq!(quanyu::schema::parse_cell::<u32>("x"), Err("cannot read `x`: invalid digit found in string".to_owned()));
/// ```
pub fn parse_cell<T: FromStr>(text: &str) -> Result<T, String>
where
    T::Err: Display,
{
    let text = text.trim();
    text.parse()
        .map_err(|e| format!("cannot read `{text}`: {e}"))
}

impl FromCell for String {
    fn read_cell(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }

    fn is_empty_cell(text: &str) -> bool {
        text.is_empty()
    }

    fn empty_required() -> Option<Self> {
        Some(String::new())
    }
}

impl FromCell for Sensitive {
    fn read_cell(text: &str) -> Result<Self, String> {
        Ok(Sensitive::new(text.to_owned()))
    }

    fn is_empty_cell(text: &str) -> bool {
        text.is_empty()
    }
}

/// An empty cell is `None`.
impl<T: FromCell> FromCell for Option<T> {
    fn read_cell(text: &str) -> Result<Self, String> {
        T::read_cell(text).map(Some)
    }

    fn is_empty_cell(text: &str) -> bool {
        T::is_empty_cell(text)
    }
}

/// Types read with their `FromStr`.
macro_rules! parsed_cells {
    ($($ty:ty),*) => {$(
        impl FromCell for $ty {
            fn read_cell(text: &str) -> Result<Self, String> {
                parse_cell(text)
            }
        }
    )*};
}

parsed_cells!(
    NaiveDate,
    chrono::NaiveDateTime,
    u8,
    u16,
    u32,
    u64,
    i32,
    i64,
    f64,
    bool
);

/// The cell of a required field: a problem when it is empty (unless its type takes an empty
/// value) or unreadable, and then no value.
///
/// ```
/// # use quanyu::schema::CellSource;
/// # struct Row(&'static str, Vec<String>);
/// # impl CellSource for Row {
/// #     fn text(&self, _: &str) -> &str { self.0 }
/// #     fn problem(&mut self, _: &'static str, message: String) { self.1.push(message) }
/// # }
/// let mut row = Row(" ", Vec::new());
/// assert_eq!(quanyu::schema::required_cell::<chrono::NaiveDate>(&mut row, "start"), None);
/// assert_eq!(row.1, ["`start` is required, and this row leaves it empty"]);
/// ```
pub fn required_cell<T: FromCell>(cells: &mut dyn CellSource, column: &'static str) -> Option<T> {
    let text = cells.text(column);
    if T::is_empty_cell(text) {
        let empty = T::empty_required();
        if empty.is_none() {
            cells.problem(
                column,
                format!("`{column}` is required, and this row leaves it empty"),
            );
        }
        return empty;
    }
    match T::read_cell(text) {
        Ok(v) => Some(v),
        Err(m) => {
            cells.problem(column, m);
            None
        }
    }
}

/// The cell of a defaulted field: `default()` when it is empty, and when it is unreadable
/// (which is a problem).
///
/// ```
/// # use quanyu::schema::CellSource;
/// # struct Row(&'static str, Vec<String>);
/// # impl CellSource for Row {
/// #     fn text(&self, _: &str) -> &str { self.0 }
/// #     fn problem(&mut self, _: &'static str, message: String) { self.1.push(message) }
/// # }
/// let mut row = Row("", Vec::new());
/// assert_eq!(quanyu::schema::optional_cell(&mut row, "residents", || 0u32), 0);
/// assert!(row.1.is_empty());
/// ```
pub fn optional_cell<T: FromCell>(
    cells: &mut dyn CellSource,
    column: &'static str,
    default: impl FnOnce() -> T,
) -> T {
    let text = cells.text(column);
    if T::is_empty_cell(text) {
        return default();
    }
    match T::read_cell(text) {
        Ok(v) => v,
        Err(m) => {
            cells.problem(column, m);
            default()
        }
    }
}

/// A record read from one row of cells, from its declaration (`#[record(cells)]`).
///
/// ```
/// # use quanyu::schema::CellSource;
/// # struct Row(Vec<(&'static str, &'static str)>, Vec<String>);
/// # impl CellSource for Row {
/// #     fn text(&self, column: &str) -> &str { self.0.iter().find(|(c, _)| *c == column).map_or("", |(_, t)| t) }
/// #     fn problem(&mut self, _: &'static str, message: String) { self.1.push(message) }
/// # }
/// use quanyu::schema::FromCells;
/// let mut row = Row(vec![("person", "P1"), ("organisation", "WC")], Vec::new());
/// assert!(quanyu::MembershipRecord::from_cells(&mut row).is_none());
/// assert_eq!(row.1, ["`start` is required, and this row leaves it empty"]);
/// ```
pub trait FromCells: Sized {
    /// Reads every field from the column of its name. `None` when a required cell is missing
    /// or unreadable; the row is good only if `cells` got no problem.
    fn from_cells(cells: &mut dyn CellSource) -> Option<Self>;
}
