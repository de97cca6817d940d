//! Conversions at the edge: Python values to core values (dates, enum names, records) and back.
//!
//! Records travel as the frozen dataclasses of `quanyu._records` (or any object with the same
//! attributes, or a dict with the same keys). Every argument is checked here, so that a wrong
//! type is a `TypeError`, a value out of range an `InvalidArgumentError`, and nothing panics.

use std::str::FromStr;

use chrono::NaiveDate;
use pyo3::BoundObject;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule, PyString};

use quanyu::{
    ContractKey, ContractRecord, GridLayerRecord, LeadRecord, MembershipKey, MembershipRecord,
    OrganisationRecord, PersonRecord, PostKey, PostRecord, ServiceRecord, TaskRecord, UnitRecord,
};

use crate::errors::{invalid, type_error};

static RECORDS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The pure-Python module holding the record dataclasses.
pub(crate) fn records_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    RECORDS
        .get_or_try_init(py, || Ok(py.import("quanyu._records")?.unbind()))
        .map(|m| m.bind(py))
}

/// Python's ``repr`` of a value, for the ``__repr__`` of a native class (Python quotes and
/// escapes, not Rust's).
pub(crate) fn py_repr<'py, T>(py: Python<'py>, value: T) -> PyResult<String>
where
    T: IntoPyObject<'py>,
    PyErr: From<T::Error>,
{
    Ok(value
        .into_pyobject(py)?
        .into_any()
        .into_bound()
        .repr()?
        .to_string())
}

/// A date from a `datetime.date` (or `datetime.datetime`) or an ISO `YYYY-MM-DD` string.
pub(crate) fn date(v: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    if let Ok(s) = v.cast::<PyString>() {
        let text = s.to_str()?;
        return NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| {
            invalid(
                name,
                format!("cannot read `{text}` as a YYYY-MM-DD date: {e}"),
            )
        });
    }
    v.extract::<NaiveDate>().map_err(|_| {
        type_error(format!(
            "`{name}` must be a datetime.date or a YYYY-MM-DD string, not {}",
            type_name(v)
        ))
    })
}

/// An optional date (`None` stays `None`).
pub(crate) fn opt_date(v: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<NaiveDate>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => date(v, name).map(Some),
    }
}

/// The Python type name of `v`, for messages.
pub(crate) fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A string argument.
pub(crate) fn string(v: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    match v.cast::<PyString>() {
        Ok(s) => Ok(s.to_str()?.to_owned()),
        Err(_) => Err(type_error(format!(
            "`{name}` must be a str, not {}",
            type_name(v)
        ))),
    }
}

/// An enumeration from its name, matched leniently by the core (`grid_leader`, `GridLeader`).
pub(crate) fn parse<T: FromStr<Err: std::fmt::Display>>(
    v: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<T> {
    let s = string(v, name)?;
    s.parse::<T>().map_err(|e| invalid(name, e.to_string()))
}

/// An optional enumeration.
pub(crate) fn opt_parse<T: FromStr<Err: std::fmt::Display>>(
    v: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Option<T>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => parse(v, name).map(Some),
    }
}

/// A non-negative integer that fits `u32`.
pub(crate) fn count_u32(v: &Bound<'_, PyAny>, name: &str) -> PyResult<u32> {
    let n: i128 = v
        .extract()
        .map_err(|_| type_error(format!("`{name}` must be an int, not {}", type_name(v))))?;
    u32::try_from(n)
        .map_err(|_| invalid(name, format!("must be between 0 and {}, got {n}", u32::MAX)))
}

/// A non-negative integer that fits `usize`.
pub(crate) fn count_usize(v: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
    let n: i128 = v
        .extract()
        .map_err(|_| type_error(format!("`{name}` must be an int, not {}", type_name(v))))?;
    usize::try_from(n).map_err(|_| invalid(name, format!("must not be negative, got {n}")))
}

/// A non-negative integer argument as `usize`.
pub(crate) fn nonneg(n: i128, name: &str) -> PyResult<usize> {
    usize::try_from(n).map_err(|_| invalid(name, format!("must not be negative, got {n}")))
}

/// The fields of a record-like object: attributes, or the keys of a dict.
pub(crate) struct Fields<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    what: &'static str,
}

impl<'a, 'py> Fields<'a, 'py> {
    /// The fields of `obj`, a `what` (for messages).
    pub(crate) fn of(obj: &'a Bound<'py, PyAny>, what: &'static str) -> Self {
        Fields { obj, what }
    }

    /// The field `name`, or `None` when absent or `None`.
    pub(crate) fn get(&self, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let v = if let Ok(d) = self.obj.cast::<PyDict>() {
            d.get_item(name)?
        } else if self.obj.hasattr(name)? {
            Some(self.obj.getattr(name)?)
        } else {
            None
        };
        Ok(v.filter(|v| !v.is_none()))
    }

    fn field_name(&self, name: &str) -> String {
        format!("{}.{name}", self.what)
    }

    /// A required string field.
    pub(crate) fn req_str(&self, name: &str) -> PyResult<String> {
        match self.get(name)? {
            Some(v) => string(&v, &self.field_name(name)),
            None => Err(type_error(format!(
                "{} needs `{name}` (got {})",
                self.what,
                type_name(self.obj)
            ))),
        }
    }

    /// A string field defaulting to empty.
    pub(crate) fn str_or_empty(&self, name: &str) -> PyResult<String> {
        Ok(self.opt_str(name)?.unwrap_or_default())
    }

    /// An optional string field.
    pub(crate) fn opt_str(&self, name: &str) -> PyResult<Option<String>> {
        self.get(name)?
            .map(|v| string(&v, &self.field_name(name)))
            .transpose()
    }

    /// A required enumeration field.
    pub(crate) fn req_enum<T: FromStr<Err: std::fmt::Display>>(&self, name: &str) -> PyResult<T> {
        match self.get(name)? {
            Some(v) => parse(&v, &self.field_name(name)),
            None => Err(type_error(format!("{} needs `{name}`", self.what))),
        }
    }

    /// An optional enumeration field.
    pub(crate) fn opt_enum<T: FromStr<Err: std::fmt::Display>>(
        &self,
        name: &str,
    ) -> PyResult<Option<T>> {
        opt_parse(self.get(name)?.as_ref(), &self.field_name(name))
    }

    /// A required date field.
    pub(crate) fn req_date(&self, name: &str) -> PyResult<NaiveDate> {
        match self.get(name)? {
            Some(v) => date(&v, &self.field_name(name)),
            None => Err(type_error(format!("{} needs `{name}`", self.what))),
        }
    }

    /// An optional date field.
    pub(crate) fn opt_date(&self, name: &str) -> PyResult<Option<NaiveDate>> {
        opt_date(self.get(name)?.as_ref(), &self.field_name(name))
    }

    /// A `u32` count field defaulting to 0.
    pub(crate) fn u32_or_zero(&self, name: &str) -> PyResult<u32> {
        match self.get(name)? {
            Some(v) => count_u32(&v, &self.field_name(name)),
            None => Ok(0),
        }
    }
}

/// A `UnitRecord` from a record-like object.
pub(crate) fn unit_record(o: &Bound<'_, PyAny>) -> PyResult<UnitRecord> {
    let f = Fields::of(o, "UnitRecord");
    let mut r = UnitRecord::new(f.req_str("id")?, f.req_str("level")?);
    r.name = f.str_or_empty("name")?;
    r.parent = f.opt_str("parent")?;
    r.grid_kind = f.opt_enum("grid_kind")?;
    r.residents = f.u32_or_zero("residents")?;
    Ok(r)
}

/// An `OrganisationRecord` from a record-like object.
pub(crate) fn organisation_record(o: &Bound<'_, PyAny>) -> PyResult<OrganisationRecord> {
    let f = Fields::of(o, "OrganisationRecord");
    let mut r = OrganisationRecord::new(f.req_str("id")?, f.req_enum("kind")?);
    r.name = f.str_or_empty("name")?;
    r.parent = f.opt_str("parent")?;
    r.anchor = f.opt_str("anchor")?;
    r.category = f.opt_enum("category")?;
    Ok(r)
}

/// A `PersonRecord` from a record-like object.
pub(crate) fn person_record(o: &Bound<'_, PyAny>) -> PyResult<PersonRecord> {
    let f = Fields::of(o, "PersonRecord");
    let mut r = PersonRecord::new(f.req_str("id")?);
    r.name = f.str_or_empty("name")?;
    r.home = f.opt_str("home")?;
    r.works_at = f.opt_str("works_at")?;
    r.phone = f.opt_str("phone")?.map(quanyu::Sensitive::new);
    r.id_number = f.opt_str("id_number")?.map(quanyu::Sensitive::new);
    Ok(r)
}

/// A `MembershipRecord` from a record-like object.
pub(crate) fn membership_record(o: &Bound<'_, PyAny>) -> PyResult<MembershipRecord> {
    let f = Fields::of(o, "MembershipRecord");
    let mut r = MembershipRecord::new(
        f.req_str("person")?,
        f.req_str("organisation")?,
        f.req_date("start")?,
    );
    r.end = f.opt_date("end")?;
    Ok(r)
}

/// A `PostRecord` from a record-like object.
pub(crate) fn post_record(o: &Bound<'_, PyAny>) -> PyResult<PostRecord> {
    let f = Fields::of(o, "PostRecord");
    Ok(PostRecord {
        person: f.req_str("person")?,
        role: f.req_enum("role")?,
        unit: f.opt_str("unit")?,
        organisation: f.opt_str("organisation")?,
        start: f.req_date("start")?,
        end: f.opt_date("end")?,
    })
}

/// A `GridLayerRecord` from a record-like object.
pub(crate) fn grid_layer_record(o: &Bound<'_, PyAny>) -> PyResult<GridLayerRecord> {
    let f = Fields::of(o, "GridLayerRecord");
    Ok(GridLayerRecord::new(
        f.req_str("building")?,
        f.req_enum("layer")?,
        f.req_str("grid")?,
    ))
}

/// A `TaskRecord` from a record-like object.
pub(crate) fn task_record(o: &Bound<'_, PyAny>) -> PyResult<TaskRecord> {
    let f = Fields::of(o, "TaskRecord");
    let mut r = TaskRecord::new(
        f.req_str("id")?,
        f.req_str("unit")?,
        f.req_enum("category")?,
        f.req_date("deadline")?,
    );
    r.name = f.str_or_empty("name")?;
    if let Some(s) = f.opt_enum("status")? {
        r.status = s;
    }
    Ok(r)
}

/// A `LeadRecord` from a record-like object.
pub(crate) fn lead_record(o: &Bound<'_, PyAny>) -> PyResult<LeadRecord> {
    let f = Fields::of(o, "LeadRecord");
    Ok(LeadRecord::new(
        f.req_str("pioneer")?,
        f.req_str("volunteer")?,
    ))
}

/// A `ServiceRecord` from a record-like object.
pub(crate) fn service_record(o: &Bound<'_, PyAny>) -> PyResult<ServiceRecord> {
    let f = Fields::of(o, "ServiceRecord");
    Ok(ServiceRecord::new(
        f.req_str("volunteer")?,
        f.req_str("household")?,
    ))
}

/// A `ContractRecord` from a record-like object.
pub(crate) fn contract_record(o: &Bound<'_, PyAny>) -> PyResult<ContractRecord> {
    let f = Fields::of(o, "ContractRecord");
    let mut r = ContractRecord::new(
        f.req_enum("kind")?,
        f.req_str("holder")?,
        f.req_str("target")?,
        f.req_date("start")?,
    );
    r.end = f.opt_date("end")?;
    Ok(r)
}

/// A `MembershipKey` from a key-like (or record-like) object.
pub(crate) fn membership_key(o: &Bound<'_, PyAny>) -> PyResult<MembershipKey> {
    let f = Fields::of(o, "MembershipKey");
    Ok(MembershipKey::new(
        f.req_str("person")?,
        f.req_str("organisation")?,
        f.req_date("start")?,
    ))
}

/// A `PostKey` from a key-like (or record-like) object.
pub(crate) fn post_key(o: &Bound<'_, PyAny>) -> PyResult<PostKey> {
    let f = Fields::of(o, "PostKey");
    Ok(PostKey {
        person: f.req_str("person")?,
        role: f.req_enum("role")?,
        unit: f.opt_str("unit")?,
        organisation: f.opt_str("organisation")?,
        start: f.req_date("start")?,
    })
}

/// A `ContractKey` from a key-like (or record-like) object.
pub(crate) fn contract_key(o: &Bound<'_, PyAny>) -> PyResult<ContractKey> {
    let f = Fields::of(o, "ContractKey");
    Ok(ContractKey::new(
        f.req_enum("kind")?,
        f.req_str("holder")?,
        f.req_str("target")?,
        f.req_date("start")?,
    ))
}

/// Builds an instance of the dataclass `class` of `quanyu._records` from keyword arguments.
pub(crate) fn make<'py>(
    py: Python<'py>,
    class: &str,
    kwargs: &[(&str, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    for (k, v) in kwargs {
        d.set_item(*k, v)?;
    }
    records_module(py)?.getattr(class)?.call((), Some(&d))
}

/// Shorthand: any value into a Python object.
pub(crate) fn obj<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: T) -> PyResult<Bound<'py, PyAny>>
where
    PyErr: From<T::Error>,
{
    Ok(v.into_pyobject(py)?.into_any().into_bound())
}

/// A `MembershipRecord` dataclass.
pub(crate) fn py_membership_record<'py>(
    py: Python<'py>,
    r: &MembershipRecord,
) -> PyResult<Bound<'py, PyAny>> {
    make(
        py,
        "MembershipRecord",
        &[
            ("person", obj(py, &r.person)?),
            ("organisation", obj(py, &r.organisation)?),
            ("start", obj(py, r.start)?),
            ("end", obj(py, r.end)?),
        ],
    )
}

/// A `PostRecord` dataclass.
pub(crate) fn py_post_record<'py>(py: Python<'py>, r: &PostRecord) -> PyResult<Bound<'py, PyAny>> {
    make(
        py,
        "PostRecord",
        &[
            ("person", obj(py, &r.person)?),
            ("role", obj(py, r.role.as_str())?),
            ("start", obj(py, r.start)?),
            ("unit", obj(py, r.unit.as_deref())?),
            ("organisation", obj(py, r.organisation.as_deref())?),
            ("end", obj(py, r.end)?),
        ],
    )
}

/// A `ContractRecord` dataclass.
pub(crate) fn py_contract_record<'py>(
    py: Python<'py>,
    r: &ContractRecord,
) -> PyResult<Bound<'py, PyAny>> {
    make(
        py,
        "ContractRecord",
        &[
            ("kind", obj(py, r.kind.as_str())?),
            ("holder", obj(py, &r.holder)?),
            ("target", obj(py, &r.target)?),
            ("start", obj(py, r.start)?),
            ("end", obj(py, r.end)?),
        ],
    )
}

/// A list of dataclasses, one per record.
pub(crate) fn py_list<'py, T>(
    py: Python<'py>,
    items: &[T],
    f: impl Fn(Python<'py>, &T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    let list = pyo3::types::PyList::empty(py);
    for it in items {
        list.append(f(py, it)?)?;
    }
    Ok(list)
}
