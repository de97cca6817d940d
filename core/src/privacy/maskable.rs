//! Masking a field's value in place, whatever type holds it.

use compact_str::CompactString;

use crate::Sensitive;
use crate::schema::FieldSchema;

/// A value of a personal field that can be masked in place by the field's declared rule
/// ([`FieldSchema::masked`]). The [`Record`](crate::schema::Record) derive calls it from
/// [`mask_personal`](crate::schema::Record::mask_personal) for every personal or sensitive field,
/// so a new personal field of an unsupported type fails to compile rather than leak.
///
/// ```
/// use quanyu::privacy::Maskable;
/// use quanyu::schema::Record;
/// let phone = quanyu::PersonRecord::SCHEMA.field("phone").unwrap();
/// let mut value = Some(String::from("13812345678"));
/// value.mask_as(phone);
/// assert_eq!(value.as_deref(), Some("138****5678"));
/// ```
pub trait Maskable {
    /// Replaces the value by its masked form.
    fn mask_as(&mut self, field: &FieldSchema);
}

impl Maskable for String {
    fn mask_as(&mut self, field: &FieldSchema) {
        *self = field.masked(self);
    }
}

impl Maskable for CompactString {
    fn mask_as(&mut self, field: &FieldSchema) {
        *self = field.masked(self).into();
    }
}

impl Maskable for Sensitive {
    fn mask_as(&mut self, field: &FieldSchema) {
        *self = Sensitive::new(field.masked(self.expose()));
    }
}

impl<T: Maskable> Maskable for Option<T> {
    fn mask_as(&mut self, field: &FieldSchema) {
        if let Some(v) = self {
            v.mask_as(field);
        }
    }
}

impl<T: Maskable> Maskable for Vec<T> {
    fn mask_as(&mut self, field: &FieldSchema) {
        self.iter_mut().for_each(|v| v.mask_as(field));
    }
}
