//! How a field's value passes between a record and its entity: the record holds owned
//! strings, the entity inline ones; everything else is the same value.

use compact_str::CompactString;

/// A field's value as the other side holds it (see `#[record(entity = "…")]`).
pub(crate) trait Carry<T> {
    /// The value, converted.
    fn carry(&self) -> T;
}

impl<T: Copy> Carry<T> for T {
    fn carry(&self) -> T {
        *self
    }
}

impl Carry<CompactString> for String {
    fn carry(&self) -> CompactString {
        self.as_str().into()
    }
}

impl Carry<String> for CompactString {
    fn carry(&self) -> String {
        self.to_string()
    }
}

impl Carry<Option<CompactString>> for Option<String> {
    fn carry(&self) -> Option<CompactString> {
        self.as_deref().map(Into::into)
    }
}

impl Carry<Option<String>> for Option<CompactString> {
    fn carry(&self) -> Option<String> {
        self.as_deref().map(str::to_owned)
    }
}
