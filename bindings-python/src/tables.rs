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

use crate::errors::invalid;

/// Rows per record batch.
const CHUNK: usize = 1 << 16;

/// A column's type in a table specification.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// Text.
    Str,
    /// Text from a small vocabulary (enumeration names, level names): dictionary-encoded.
    Name,
    /// Unsigned 32-bit.
    U32,
    /// Unsigned 64-bit.
    U64,
    /// Signed 64-bit.
    I64,
    /// Float.
    F64,
    /// Boolean.
    Bool,
    /// A calendar date.
    Date,
    /// A list of texts.
    StrList,
}

impl Kind {
    fn data_type(self) -> DataType {
        match self {
            Kind::Str => DataType::Utf8,
            Kind::Name => {
                DataType::Dictionary(Box::new(DataType::UInt32), Box::new(DataType::Utf8))
            }
            Kind::U32 => DataType::UInt32,
            Kind::U64 => DataType::UInt64,
            Kind::I64 => DataType::Int64,
            Kind::F64 => DataType::Float64,
            Kind::Bool => DataType::Boolean,
            Kind::Date => DataType::Date32,
            Kind::StrList => DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))),
        }
    }
}

/// A column: name, type, nullable.
pub(crate) type Spec = &'static [(&'static str, Kind, bool)];

/// The schema of a specification.
pub(crate) fn schema(spec: Spec) -> SchemaRef {
    Arc::new(Schema::new(
        spec.iter()
            .map(|&(n, k, null)| Field::new(n, k.data_type(), null))
            .collect::<Vec<_>>(),
    ))
}

/// The column specification of each record table.
pub(crate) fn record_spec(name: &str) -> Option<Spec> {
    use Kind::*;
    Some(match name {
        "units" => &[
            ("id", Str, false),
            ("name", Str, false),
            ("level", Name, false),
            ("parent", Str, true),
            ("grid_kind", Name, true),
            ("residents", U32, false),
        ],
        "organisations" => &[
            ("id", Str, false),
            ("name", Str, false),
            ("kind", Name, false),
            ("parent", Str, true),
            ("anchor", Str, true),
            ("category", Name, true),
        ],
        "persons" => &[
            ("id", Str, false),
            ("name", Str, false),
            ("home", Str, true),
            ("works_at", Str, true),
        ],
        "persons_sensitive" => &[
            ("id", Str, false),
            ("name", Str, false),
            ("home", Str, true),
            ("works_at", Str, true),
            ("phone", Str, true),
            ("id_number", Str, true),
        ],
        "memberships" => &[
            ("person", Str, false),
            ("organisation", Str, false),
            ("start", Date, false),
            ("end", Date, true),
        ],
        "posts" => &[
            ("person", Str, false),
            ("role", Name, false),
            ("unit", Str, true),
            ("organisation", Str, true),
            ("start", Date, false),
            ("end", Date, true),
        ],
        "grid_layers" => &[
            ("building", Str, false),
            ("layer", Name, false),
            ("grid", Str, false),
        ],
        "tasks" => &[
            ("id", Str, false),
            ("name", Str, false),
            ("unit", Str, false),
            ("category", Name, false),
            ("deadline", Date, false),
            ("status", Name, false),
        ],
        "leads" => &[("pioneer", Str, false), ("volunteer", Str, false)],
        "serves" => &[("volunteer", Str, false), ("household", Str, false)],
        "contracts" => &[
            ("kind", Name, false),
            ("holder", Str, false),
            ("target", Str, false),
            ("start", Date, false),
            ("end", Date, true),
        ],
        _ => return None,
    })
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

/// Lays serializable rows out as record batches of `spec`, `CHUNK` rows at a time.
pub(crate) fn batches<T: Serialize>(
    spec: Spec,
    rows: impl Iterator<Item = T>,
) -> PyResult<Vec<RecordBatch>> {
    let sch = schema(spec);
    let fields: Vec<FieldRef> = sch.fields().iter().cloned().collect();
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

/// A named record table from serializable rows.
pub(crate) fn serialize<T: Serialize>(
    name: &str,
    rows: impl Iterator<Item = T>,
) -> PyResult<Table> {
    let spec =
        record_spec(name).ok_or_else(|| invalid("table", format!("unknown table `{name}`")))?;
    Ok(Table::new(name, schema(spec), batches(spec, rows)?))
}

/// A table of report rows.
pub(crate) fn report<T: Serialize>(
    name: &str,
    spec: Spec,
    rows: impl Iterator<Item = T>,
) -> PyResult<Table> {
    Ok(Table::new(name, schema(spec), batches(spec, rows)?))
}

/// The persons table, personal fields only when asked for.
pub(crate) fn persons(net: &Network, sensitive: bool) -> PyResult<Table> {
    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        name: &'a str,
        home: Option<&'a str>,
        works_at: Option<&'a str>,
    }
    if sensitive {
        return serialize("persons_sensitive", net.person_records());
    }
    let spec = record_spec("persons").unwrap_or(&[]);
    let mut out = Vec::new();
    let records: Vec<quanyu::PersonRecord> = net.person_records().collect();
    for chunk in records.chunks(CHUNK) {
        out.extend(batches(
            spec,
            chunk.iter().map(|r| Row {
                id: &r.id,
                name: &r.name,
                home: r.home.as_deref(),
                works_at: r.works_at.as_deref(),
            }),
        )?);
    }
    if out.is_empty() {
        out = batches(spec, std::iter::empty::<Row<'_>>())?;
    }
    Ok(Table::new("persons", schema(spec), out))
}

/// One row of the units table, borrowed.
type UnitRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'static str>,
    u32,
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
    for r in rows {
        id.append_value(r.0);
        name.append_value(r.1);
        parent.append_option(r.3);
        residents.append_value(r.5);
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
    let spec = record_spec("units").unwrap_or(&[]);
    let sch = schema(spec);
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
}

impl Table {
    /// A table named `name`.
    pub(crate) fn new(name: &str, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        Table {
            name: name.to_owned(),
            schema,
            batches,
        }
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
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
            .map(|l| crate::convert::count_usize(l, "limit"))
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
                let v = d
                    .get_item(n)?
                    .map(|v| v.str().map(|s| s.to_string()))
                    .transpose()?
                    .unwrap_or_default();
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
