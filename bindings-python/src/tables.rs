//! Arrow tables: every entity list and report as record batches, handed to Python through the
//! Arrow PyCapsule interface (`__arrow_c_stream__`), so that pyarrow, polars and pandas take
//! the columns without copying them.

use std::sync::Arc;

use arrow_array::builder::{StringBuilder, UInt32Builder};
use arrow_array::types::UInt32Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, FieldRef, Schema, SchemaRef};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use pyo3_arrow::ffi::{ArrayIterator, to_schema_pycapsule, to_stream_pycapsule};
use rayon::prelude::*;
use serde::Serialize;

use quanyu::Network;
use quanyu::io::Table as CsvTable;
use quanyu::privacy::{Mask, Reveal};
use quanyu::schema::{FieldSchema, FrameSink, Frames, Record, RecordSchema, Type};

use crate::errors::invalid;

/// Rows per record batch.
const CHUNK: usize = 1 << 16;

/// The Arrow type of a declared value type: names of enums and levels as dictionaries (a
/// small vocabulary), dates as `date32`, date-times and times as ISO text (they are local, with
/// no time zone), lists as lists, nested records as structs.
fn data_type(t: &Type) -> (DataType, bool) {
    match t {
        Type::Optional(inner) => (data_type(inner).0, true),
        Type::Text | Type::Secret | Type::DateTime | Type::Time => (DataType::Utf8, false),
        Type::Enum(_) | Type::Level | Type::Weekday => (
            DataType::Dictionary(Box::new(DataType::UInt32), Box::new(DataType::Utf8)),
            false,
        ),
        Type::Bool => (DataType::Boolean, false),
        Type::Int {
            signed: false,
            bits: 8,
        } => (DataType::UInt8, false),
        Type::Int {
            signed: false,
            bits: 16,
        } => (DataType::UInt16, false),
        Type::Int {
            signed: false,
            bits: 32,
        } => (DataType::UInt32, false),
        Type::Int { signed: false, .. } => (DataType::UInt64, false),
        Type::Int {
            signed: true,
            bits: 32,
        } => (DataType::Int32, false),
        Type::Int { signed: true, .. } => (DataType::Int64, false),
        Type::Float => (DataType::Float64, false),
        Type::Date => (DataType::Date32, false),
        Type::List(item) => {
            let (dt, null) = data_type(item);
            (
                DataType::List(Arc::new(Field::new("item", dt, null))),
                false,
            )
        }
        Type::Record(r) => (DataType::Struct(fields(r).into()), false),
        // Pairs, maps and data enums do not sit in report tables; text keeps them readable.
        _ => (DataType::Utf8, false),
    }
}

/// How a table shows personal fields. Their columns are always there, with their own types;
/// the values are masked by the fields' declared rules unless a reveal names them.
#[derive(Clone, Copy)]
pub(crate) enum Privacy<'a> {
    /// Every personal field masked (the default on every path out).
    Masked,
    /// The fields the reveal names in full (checked and logged by the caller), the others
    /// masked.
    Revealed(&'a Reveal),
}

impl Privacy<'_> {
    /// Whether the field named `name` is shown in full.
    fn shows(&self, name: &str) -> bool {
        match self {
            Privacy::Masked => false,
            Privacy::Revealed(r) => r.shows(name),
        }
    }
}

fn fields(r: &RecordSchema) -> Vec<Field> {
    r.fields
        .iter()
        .map(|f| {
            let (dt, null) = data_type(&(f.value)());
            Field::new(f.name, dt, null)
        })
        .collect()
}

/// The Arrow schema of a table of `R`s: one column per declared field.
pub(crate) fn schema_of<R: Record>() -> SchemaRef {
    Arc::new(Schema::new(fields(R::SCHEMA)))
}

/// A declared record nested in a field of type `t`, if any.
fn nested(t: &Type) -> Option<&'static RecordSchema> {
    match t {
        Type::Record(r) => Some(*r),
        Type::Optional(inner) | Type::List(inner) => nested(inner),
        _ => None,
    }
}

/// `array` of text (or lists of text) with each value masked as `field` declares; nulls stay
/// null. Personal fields are text: [`quanyu::privacy::Maskable`] makes any other type fail to
/// compile in the core.
fn mask_array(array: &ArrayRef, field: &FieldSchema) -> PyResult<ArrayRef> {
    use arrow_array::cast::AsArray;
    use arrow_array::{ListArray, StringArray};
    match array.data_type() {
        DataType::Utf8 => {
            let out: StringArray = array
                .as_string::<i32>()
                .iter()
                .map(|v| v.map(|v| field.masked(v)))
                .collect();
            Ok(Arc::new(out))
        }
        DataType::List(item) => {
            let list = array.as_list::<i32>();
            let values = mask_array(list.values(), field)?;
            let out = ListArray::try_new(
                item.clone(),
                list.offsets().clone(),
                values,
                list.nulls().cloned(),
            )
            .map_err(arrow_error)?;
            Ok(Arc::new(out))
        }
        other => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
            "cannot mask the personal field `{}` of Arrow type {other}",
            field.name
        ))),
    }
}

fn arrow_error(e: arrow_schema::ArrowError) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("arrow export: {e}"))
}

/// The columns of rows of `schema` (one per declared field, in order) with every personal
/// field masked unless `privacy` shows it; nested records are masked whole (a reveal names
/// the fields of the table's own rows).
fn mask_columns(
    columns: &[ArrayRef],
    schema: &RecordSchema,
    privacy: Privacy<'_>,
) -> PyResult<Vec<ArrayRef>> {
    use arrow_array::ListArray;
    use arrow_array::cast::AsArray;
    schema
        .fields
        .iter()
        .zip(columns)
        .map(|(f, col)| {
            if f.class.is_personal() {
                return if privacy.shows(f.name) {
                    Ok(col.clone())
                } else {
                    mask_array(col, f)
                };
            }
            let Some(inner) = nested(&(f.value)()) else {
                return Ok(col.clone());
            };
            let structs = |a: &ArrayRef| -> PyResult<ArrayRef> {
                let s = a.as_struct();
                let children = mask_columns(s.columns(), inner, Privacy::Masked)?;
                let out = StructArray::try_new(s.fields().clone(), children, s.nulls().cloned())
                    .map_err(arrow_error)?;
                Ok(Arc::new(out))
            };
            match col.data_type() {
                DataType::Struct(_) => structs(col),
                DataType::List(item) => {
                    let list = col.as_list::<i32>();
                    let out = ListArray::try_new(
                        item.clone(),
                        list.offsets().clone(),
                        structs(list.values())?,
                        list.nulls().cloned(),
                    )
                    .map_err(arrow_error)?;
                    Ok(Arc::new(out) as ArrayRef)
                }
                _ => Ok(col.clone()),
            }
        })
        .collect()
}

/// `batch`, rows of `R`, with its personal fields masked as `privacy` says.
fn mask_batch<R: Record>(batch: RecordBatch, privacy: Privacy<'_>) -> PyResult<RecordBatch> {
    if !has_personal(R::SCHEMA) {
        return Ok(batch);
    }
    let columns = mask_columns(batch.columns(), R::SCHEMA, privacy)?;
    RecordBatch::try_new(batch.schema(), columns).map_err(arrow_error)
}

/// Whether rows of `schema` hold a personal field, directly or in a nested record.
fn has_personal(schema: &RecordSchema) -> bool {
    schema
        .fields
        .iter()
        .any(|f| f.class.is_personal() || nested(&(f.value)()).is_some_and(has_personal))
}

/// The personal columns of `R` that `privacy` shows in full, with their masks: a table
/// remembers them so that its HTML preview masks them still.
fn revealed_columns<R: Record>(privacy: Privacy<'_>) -> Vec<(String, Mask)> {
    R::SCHEMA
        .fields
        .iter()
        .filter(|f| f.class.is_personal() && privacy.shows(f.name))
        .map(|f| (f.name.to_owned(), f.mask.unwrap_or(Mask::Full)))
        .collect()
}

/// The core's CSV table for a table name (`"units"`, `"posts"`, ...).
pub(crate) fn table_named(name: &str) -> PyResult<CsvTable> {
    CsvTable::ALL
        .into_iter()
        .find(|t| t.file_name().trim_end_matches(".csv") == name)
        .ok_or_else(|| {
            let names: Vec<&str> = CsvTable::ALL
                .iter()
                .map(|t| t.file_name().trim_end_matches(".csv"))
                .collect();
            invalid(
                "table",
                format!(
                    "unknown table `{name}`; expected one of {}",
                    names.join(", ")
                ),
            )
        })
}

/// Lays serializable rows out as record batches of `schema`, `CHUNK` rows at a time.
pub(crate) fn batches<T: Serialize>(
    schema: &SchemaRef,
    rows: impl Iterator<Item = T>,
) -> PyResult<Vec<RecordBatch>> {
    let fields: Vec<FieldRef> = schema.fields().iter().cloned().collect();
    let mut out = Vec::new();
    let mut buf: Vec<T> = Vec::with_capacity(CHUNK);
    let flush = |buf: &mut Vec<T>, out: &mut Vec<RecordBatch>| -> PyResult<()> {
        let b = serde_arrow::to_record_batch(&fields, buf)
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("arrow export: {e}")))?;
        out.push(b);
        buf.clear();
        Ok(())
    };
    for r in rows {
        buf.push(r);
        if buf.len() == CHUNK {
            flush(&mut buf, &mut out)?;
        }
    }
    if !buf.is_empty() || out.is_empty() {
        flush(&mut buf, &mut out)?;
    }
    Ok(out)
}

/// A table named `name` of declared rows (personal fields masked).
pub(crate) fn records<R: Record + Serialize>(
    name: &str,
    rows: impl Iterator<Item = R>,
) -> PyResult<Table> {
    rows_of::<R, R>(name, rows)
}

/// A table of rows `T` laid out by the declaration of `R` (borrowed rows, say).
fn rows_of<R: Record, T: Serialize>(name: &str, rows: impl Iterator<Item = T>) -> PyResult<Table> {
    borrowed_rows::<R, T>(name, rows, Privacy::Masked)
}

/// A table of rows `T` laid out by the declaration of `R`, with the personal fields masked
/// unless `privacy` reveals them (a reveal is checked and logged by the caller).
pub(crate) fn borrowed_rows<R: Record, T: Serialize>(
    name: &str,
    rows: impl Iterator<Item = T>,
    privacy: Privacy<'_>,
) -> PyResult<Table> {
    let schema = schema_of::<R>();
    let out = batches(&schema, rows)?
        .into_iter()
        .map(|b| mask_batch::<R>(b, privacy))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Table::new(name, schema, out).with_revealed(revealed_columns::<R>(privacy)))
}

/// A report's tables, laid out from its declared rows.
#[derive(Default)]
pub(crate) struct FrameTables(pub(crate) Vec<Table>);

impl FrameSink for FrameTables {
    type Error = PyErr;

    fn frame<R: Record + Serialize>(&mut self, name: &'static str, rows: &[R]) -> PyResult<()> {
        self.0.push(rows_of::<R, &R>(name, rows.iter())?);
        Ok(())
    }
}

/// The tables of a report, main one first.
pub(crate) fn frames<F: Frames>(report: &F) -> PyResult<Vec<Table>> {
    let mut out = FrameTables::default();
    report.frames(&mut out)?;
    Ok(out.0)
}

/// The persons table of `rows` (masked or revealed by the core), `privacy` naming the columns
/// shown in full.
pub(crate) fn persons(
    mut rows: impl Iterator<Item = quanyu::PersonRecord>,
    privacy: Privacy<'_>,
) -> PyResult<Table> {
    let schema = schema_of::<quanyu::PersonRecord>();
    let mut out = Vec::new();
    loop {
        let chunk: Vec<quanyu::PersonRecord> = rows.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        out.extend(batches(&schema, chunk.iter())?);
    }
    if out.is_empty() {
        out.push(RecordBatch::new_empty(schema.clone()));
    }
    Ok(Table::new("persons", schema, out)
        .with_revealed(revealed_columns::<quanyu::PersonRecord>(privacy)))
}

/// One row of the units table, borrowed.
type UnitRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'static str>,
    u32,
    Option<&'a str>,
);

/// A units batch from borrowed rows.
fn unit_batch(
    sch: &SchemaRef,
    rows: &[UnitRow<'_>],
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    use arrow_array::{DictionaryArray, StringArray, UInt32Array};
    let n = rows.len();
    let mut id = StringBuilder::with_capacity(n, rows.iter().map(|r| r.0.len()).sum());
    let mut name = StringBuilder::with_capacity(n, rows.iter().map(|r| r.1.len()).sum());
    let mut parent =
        StringBuilder::with_capacity(n, rows.iter().map(|r| r.3.map_or(0, str::len)).sum());
    let mut residents = UInt32Builder::with_capacity(n);
    let mut code =
        StringBuilder::with_capacity(n, rows.iter().map(|r| r.6.map_or(0, str::len)).sum());
    for r in rows {
        id.append_value(r.0);
        name.append_value(r.1);
        parent.append_option(r.3);
        residents.append_value(r.5);
        code.append_option(r.6);
    }
    // Names of a few levels and kinds: one dictionary entry each, keys by position.
    let dictionary = |values: &mut dyn Iterator<Item = Option<&str>>| -> Result<ArrayRef, arrow_schema::ArrowError> {
        let mut names: Vec<&str> = Vec::new();
        let keys: UInt32Array = values
            .map(|v| {
                v.map(|v| match names.iter().position(|&x| std::ptr::eq(x, v) || x == v) {
                    Some(i) => i as u32,
                    None => {
                        names.push(v);
                        (names.len() - 1) as u32
                    }
                })
            })
            .collect();
        Ok(Arc::new(DictionaryArray::<UInt32Type>::try_new(keys, Arc::new(StringArray::from(names)))?))
    };
    let cols: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(name.finish()),
        dictionary(&mut rows.iter().map(|r| Some(r.2)))?,
        Arc::new(parent.finish()),
        dictionary(&mut rows.iter().map(|r| r.4))?,
        Arc::new(residents.finish()),
        Arc::new(code.finish()),
    ];
    RecordBatch::try_new(sch.clone(), cols)
}

/// The units table (the largest: ten million households in a megacity). Parents are found
/// without a look-up per row where the shape allows: the whole table reads the core's records
/// in pre-order; a level whose units all sit under one parent level is read parent by parent,
/// in parallel; other selections look each parent up.
pub(crate) fn units(
    net: &Network,
    level: Option<&str>,
    within: Option<&str>,
) -> quanyu::Result<Table> {
    let sch = schema_of::<quanyu::UnitRecord>();
    let scheme = net.scheme();
    let arrow = |e: arrow_schema::ArrowError| {
        quanyu::Error::invalid_argument("unit_records", format!("arrow export: {e}"))
    };
    let mut out: Vec<RecordBatch> = Vec::new();
    let single_parent = level
        .and_then(|l| scheme.level(l))
        .filter(|&l| scheme.parents(l).len() == 1 && !net.roots().any(|r| r.level == l))
        .map(|l| (l, scheme.parents(l)[0]));
    match (level, within, single_parent) {
        (None, None, _) => {
            let mut records = net.unit_records();
            loop {
                let chunk: Vec<quanyu::UnitRecord> = records.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                let rows: Vec<UnitRow<'_>> = chunk
                    .iter()
                    .map(|r| {
                        (
                            r.id.as_str(),
                            r.name.as_str(),
                            r.level.as_str(),
                            r.parent.as_deref(),
                            r.grid_kind.map(|k| k.as_str()),
                            r.residents,
                            r.code.as_deref(),
                        )
                    })
                    .collect();
                out.push(unit_batch(&sch, &rows).map_err(arrow)?);
            }
        }
        (Some(_), None, Some((l, p))) => {
            let parents: Vec<&quanyu::Unit> = net.units_by_level(scheme.name(p))?.collect();
            let per_batch = (CHUNK / 8).max(1);
            out = parents
                .par_chunks(per_batch)
                .map(|chunk| {
                    let mut rows: Vec<UnitRow<'_>> = Vec::new();
                    for p in chunk {
                        for c in net.children(&p.id)?.filter(|c| c.level == l) {
                            rows.push((
                                c.id.as_str(),
                                c.name.as_str(),
                                scheme.name(c.level),
                                Some(p.id.as_str()),
                                c.grid_kind.map(|k| k.as_str()),
                                c.residents,
                                c.code.as_deref(),
                            ));
                        }
                    }
                    unit_batch(&sch, &rows).map_err(arrow)
                })
                .collect::<quanyu::Result<_>>()?;
        }
        _ => {
            let all: Vec<&quanyu::Unit> = match (level, within) {
                (Some(l), Some(w)) => net.units_in(w, l)?.collect(),
                (Some(l), None) => net.units_by_level(l)?.collect(),
                (None, Some(w)) => {
                    let root = net.unit(w)?;
                    std::iter::once(root).chain(net.descendants(w)?).collect()
                }
                (None, None) => net.units().collect(),
            };
            out = all
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let rows: Vec<UnitRow<'_>> = chunk
                        .iter()
                        .map(|u| {
                            let parent = net.parent(&u.id).ok().flatten().map(|p| p.id.as_str());
                            (
                                u.id.as_str(),
                                u.name.as_str(),
                                scheme.name(u.level),
                                parent,
                                u.grid_kind.map(|k| k.as_str()),
                                u.residents,
                                u.code.as_deref(),
                            )
                        })
                        .collect();
                    unit_batch(&sch, &rows).map_err(arrow)
                })
                .collect::<quanyu::Result<_>>()?;
        }
    }
    out.retain(|b| b.num_rows() > 0);
    if out.is_empty() {
        out.push(RecordBatch::new_empty(sch.clone()));
    }
    Ok(Table::new("units", sch, out))
}

/// An Arrow table: the rows of an entity list or a report, in record batches.
///
/// ``pyarrow.table(t)``, ``polars.DataFrame(t)`` and ``pandas`` (through ``t.to_pandas()``)
/// take it through the Arrow PyCapsule interface without copying the columns.
///
/// >>> import quanyu
/// >>> t = quanyu.synth.community(1).unit_records(level="Grid")
/// >>> len(t), t.column_names[:3]
/// (21, ['id', 'name', 'level'])
#[pyclass(module = "quanyu._quanyu", name = "Table", frozen)]
pub(crate) struct Table {
    name: String,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    /// The personal columns that a reveal showed in full, with their masks: the HTML preview
    /// (a notebook cell, often shared) masks them still.
    revealed: Vec<(String, Mask)>,
}

impl Table {
    /// A table named `name`.
    pub(crate) fn new(name: &str, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        Table {
            name: name.to_owned(),
            schema,
            batches,
            revealed: Vec::new(),
        }
    }

    /// The same table, noting the personal columns shown in full.
    pub(crate) fn with_revealed(mut self, revealed: Vec<(String, Mask)>) -> Self {
        self.revealed = revealed;
        self
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The table's name.
    pub(crate) fn name_str(&self) -> &str {
        &self.name
    }

    fn cell<'py>(py: Python<'py>, col: &dyn Array, i: usize) -> PyResult<Bound<'py, PyAny>> {
        use arrow_array::cast::AsArray;
        use arrow_array::types::*;
        if col.is_null(i) {
            return Ok(py.None().into_bound(py));
        }
        let v = match col.data_type() {
            DataType::Utf8 => col
                .as_string::<i32>()
                .value(i)
                .into_pyobject(py)?
                .into_any(),
            DataType::Dictionary(_, _) => match col.as_dictionary_opt::<UInt32Type>() {
                Some(d) => {
                    let k = d.keys().value(i) as usize;
                    return Self::cell(py, d.values().as_ref(), k);
                }
                None => format!("<{}>", col.data_type())
                    .into_pyobject(py)?
                    .into_any(),
            },
            DataType::UInt32 => col
                .as_primitive::<UInt32Type>()
                .value(i)
                .into_pyobject(py)?
                .into_any(),
            DataType::UInt64 => col
                .as_primitive::<UInt64Type>()
                .value(i)
                .into_pyobject(py)?
                .into_any(),
            DataType::Int64 => col
                .as_primitive::<Int64Type>()
                .value(i)
                .into_pyobject(py)?
                .into_any(),
            DataType::Float64 => col
                .as_primitive::<Float64Type>()
                .value(i)
                .into_pyobject(py)?
                .into_any(),
            DataType::Boolean => col
                .as_boolean()
                .value(i)
                .into_pyobject(py)?
                .to_owned()
                .into_any(),
            DataType::Date32 => {
                let days = col.as_primitive::<Date32Type>().value(i);
                let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                    .and_then(|e| e.checked_add_signed(chrono::TimeDelta::days(days.into())));
                d.into_pyobject(py)?.into_any()
            }
            DataType::List(_) => {
                let l = col.as_list::<i32>().value(i);
                let out = PyList::empty(py);
                for j in 0..l.len() {
                    out.append(Self::cell(py, l.as_ref(), j)?)?;
                }
                out.into_any()
            }
            other => format!("<{other}>").into_pyobject(py)?.into_any(),
        };
        Ok(v)
    }
}

#[pymethods]
impl Table {
    /// The Arrow PyCapsule stream of the table's record batches.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let field = Arc::new(Field::new_struct("", self.schema.fields().clone(), false));
        let batches = self.batches.clone();
        let arrays = batches
            .into_iter()
            .map(|b| Ok(Arc::new(StructArray::from(b)) as ArrayRef));
        let reader = Box::new(ArrayIterator::new(arrays, field));
        Ok(to_stream_pycapsule(py, reader, requested_schema)?)
    }

    /// The Arrow PyCapsule of the table's schema.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.schema.as_ref())?)
    }

    /// The number of rows.
    fn __len__(&self) -> usize {
        self.rows()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.rows()
    }

    /// The table's name (``"units"``, ``"coverage"``, ...).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// ``(name, Arrow type)`` for each column.
    #[getter]
    fn columns(&self) -> Vec<(String, String)> {
        self.schema
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().to_string()))
            .collect()
    }

    /// The rows as a list of dicts (Python values; dates as ``datetime.date``). Needs no
    /// third-party package; for large tables prefer pyarrow, polars or pandas.
    #[pyo3(signature = (limit=None))]
    fn to_pylist<'py>(
        &self,
        py: Python<'py>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let limit = limit
            .map(|l| crate::convert::arg::<usize>(l, "limit"))
            .transpose()?
            .unwrap_or(usize::MAX);
        let out = PyList::empty(py);
        let names = self.column_names();
        'outer: for b in &self.batches {
            for i in 0..b.num_rows() {
                if out.len() >= limit {
                    break 'outer;
                }
                let d = PyDict::new(py);
                for (c, n) in names.iter().enumerate() {
                    d.set_item(n, Self::cell(py, b.column(c).as_ref(), i)?)?;
                }
                out.append(d)?;
            }
        }
        Ok(out)
    }

    /// The values of one column as a list.
    fn column<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyList>> {
        let c = self.schema.index_of(name).map_err(|_| {
            invalid(
                "name",
                format!(
                    "no column `{name}`; columns: {}",
                    self.column_names().join(", ")
                ),
            )
        })?;
        let out = PyList::empty(py);
        for b in &self.batches {
            let col = b.column(c);
            for i in 0..b.num_rows() {
                out.append(Self::cell(py, col.as_ref(), i)?)?;
            }
        }
        Ok(out)
    }

    /// A ``pyarrow.Table`` (zero-copy; needs pyarrow).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.getattr("table")?.call1((slf,))
    }

    /// A ``pandas.DataFrame`` (through pyarrow; names become categoricals).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_arrow(slf)?.call_method0("to_pandas")
    }

    /// A ``polars.DataFrame`` (zero-copy; needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("polars")?
            .getattr("DataFrame")?
            .call1((slf,))
    }

    fn __repr__(&self) -> String {
        let cols: Vec<String> = self
            .schema
            .fields()
            .iter()
            .map(|f| format!("{}: {}", f.name(), f.data_type()))
            .collect();
        format!(
            "<quanyu.Table {:?}: {} rows; {}>",
            self.name,
            self.rows(),
            cols.join(", ")
        )
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let names = self.column_names();
        let head: String = names.iter().map(|n| format!("<th>{n}</th>")).collect();
        let mut body = String::new();
        for row in self
            .to_pylist(py, Some(&5usize.into_pyobject(py)?.into_any()))?
            .iter()
        {
            let d = row.cast_into::<PyDict>()?;
            body.push_str("<tr>");
            for n in &names {
                let item = d.get_item(n)?;
                let v = item
                    .as_ref()
                    .map(|v| v.str().map(|s| s.to_string()))
                    .transpose()?
                    .unwrap_or_default();
                // A column a reveal showed in full is previewed masked all the same.
                let v = match self.revealed.iter().find(|(c, _)| c == n) {
                    Some((_, kind)) if item.is_some_and(|i| !i.is_none()) => {
                        quanyu::privacy::mask(*kind, &v)
                    }
                    _ => v,
                };
                body.push_str(&format!(
                    "<td>{}</td>",
                    v.replace('&', "&amp;").replace('<', "&lt;")
                ));
            }
            body.push_str("</tr>");
        }
        Ok(format!(
            "<div><b>quanyu.Table</b> {} &mdash; {} rows &times; {} columns<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{}</div>",
            self.name,
            self.rows(),
            names.len(),
            if self.rows() > 5 { "&hellip;" } else { "" }
        ))
    }
}
