//! The Python classes of the core's declared records and enums, generated from the one
//! declaration of each (`quanyu::for_each_declaration!`), and what the generated code shares:
//! the conversions of basic values ([`PyValue`]), the problem list ([`Problems`]) and the
//! methods of record classes ([`Stored`]).
//!
//! Nothing here knows a field by name: adding a field to a core record adds it to the Python
//! class, its constructor, its conversions and (through `make stubs`) its stub.

mod class;
mod problems;
mod registry;
mod value;

pub(crate) use class::{
    Fixed, Mutable, Storage, Stored, hash, item, make, normalize, reduce, replace, repr, richcmp,
    to_dict,
};
pub(crate) use problems::{Problems, Source, read};
pub(crate) use registry::{Registry, enum_member, parse_enum};
pub(crate) use value::{Cx, PyValue};

use pyo3::prelude::*;

quanyu::for_each_declaration!(quanyu_derive::python);

/// Adds every declared class to the module, and the declarations as data
/// (`_quanyu._DECLARATIONS`, read by `quanyu._enums` and the stub generator).
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    quanyu::for_each_declaration!(quanyu_derive::python_register);
    Registry::register(module)
}
