//! DataFrames in: any object with the Arrow PyCapsule interface (pyarrow, polars, pandas) is
//! written as CSV in memory and read by the core's CSV reader, so that a DataFrame is
//! validated exactly like the CSV file with the same rows: the same problems, the same row
//! numbers, the same all-or-nothing import.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use pyo3_arrow::input::AnyRecordBatch;

use quanyu::{Changeset, Error};

use crate::changeset::PyChangeset;
use crate::errors::{IntoPyResult, type_error};

/// Brings one column to the form its CSV cells must have: names from dictionaries,
/// calendar dates from timestamps, whole floats (pandas' integer columns with gaps) as
/// integers.
fn normalise(col: &ArrayRef) -> Result<ArrayRef, arrow_schema::ArrowError> {
    match col.data_type() {
        DataType::Dictionary(_, _) | DataType::LargeUtf8 | DataType::Utf8View => {
            arrow_cast::cast(col, &DataType::Utf8)
        }
        DataType::Timestamp(_, _) | DataType::Date64 => arrow_cast::cast(col, &DataType::Date32),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            let f = arrow_cast::cast(col, &DataType::Float64)?;
            let whole = f
                .as_primitive::<Float64Type>()
                .iter()
                .flatten()
                .all(|v| v.fract() == 0.0 && v.abs() < 9.0e15);
            if whole {
                arrow_cast::cast(&f, &DataType::Int64)
            } else {
                Ok(f)
            }
        }
        _ => Ok(col.clone()),
    }
}

fn to_csv(batches: &[RecordBatch], schema: &Schema) -> Result<Vec<u8>, arrow_schema::ArrowError> {
    let mut out = Vec::new();
    {
        let mut w = arrow_csv::WriterBuilder::new()
            .with_header(true)
            .with_date_format("%Y-%m-%d".to_owned())
            .build(&mut out);
        if batches.iter().all(|b| b.num_rows() == 0) {
            // A header alone still names the columns (an empty frame is an empty table).
            let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
            drop(w);
            out.extend(names.join(",").into_bytes());
            out.push(b'\n');
            return Ok(out);
        }
        for b in batches {
            let cols: Vec<ArrayRef> = b
                .columns()
                .iter()
                .map(normalise)
                .collect::<Result<_, _>>()?;
            let fields: Vec<Field> = b
                .schema()
                .fields()
                .iter()
                .zip(&cols)
                .map(|(f, c)| Field::new(f.name(), c.data_type().clone(), true))
                .collect();
            let nb = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?;
            w.write(&nb)?;
        }
    }
    Ok(out)
}

/// The CSV text of one frame (bytes pass through).
pub(crate) fn frame_csv(obj: &Bound<'_, PyAny>, source: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if !(obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")?) {
        return Err(type_error(format!(
            "`{source}` must be a DataFrame or table with the Arrow PyCapsule interface, not {}",
            crate::convert::type_name(obj)
        )));
    }
    let any: AnyRecordBatch = obj
        .extract()
        .map_err(|e| type_error(format!("`{source}`: {e}")))?;
    let reader = any.into_reader()?;
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader
        .collect::<Result<_, _>>()
        .map_err(|e| type_error(format!("`{source}`: {e}")))?;
    to_csv(&batches, &schema).map_err(|e| type_error(format!("`{source}`: {e}")))
}

/// Stages the rows of several frames, ``[(table, source, frame), ...]``, as one changeset;
/// every problem of every frame is reported together, as ``ValidationError``.
#[pyfunction]
pub(crate) fn _frames_changeset(
    py: Python<'_>,
    frames: &Bound<'_, PyList>,
) -> PyResult<PyChangeset> {
    let mut texts = Vec::new();
    for item in frames.iter() {
        let (table, source, obj): (String, String, Bound<'_, PyAny>) = item.extract()?;
        let t = crate::tables::table_named(&table)?;
        texts.push((t, source.clone(), frame_csv(&obj, &source)?));
    }
    let cs = py
        .detach(move || {
            let mut cs = Changeset::new();
            let mut problems = Vec::new();
            for (t, source, bytes) in texts {
                match quanyu::io::read_table(t, bytes.as_slice(), &source) {
                    Ok(c) => cs.extend(c),
                    Err(Error::Validation(p)) => problems.extend(p),
                    Err(e) => return Err(e),
                }
            }
            if problems.is_empty() {
                Ok(cs)
            } else {
                Err(Error::Validation(problems))
            }
        })
        .py_err()?;
    Ok(PyChangeset { inner: cs })
}

/// Units from a CSV file with its own column names (an administrative-division list, say):
/// ``id`` names the id column, ``name`` and ``parent`` the optional name and parent columns,
/// and the level comes from the column ``level_column`` or is ``level`` for every row.
/// Returns the staged additions, each remembering its row, to ``Network.apply``.
///
/// >>> import pathlib, tempfile, quanyu
/// >>> with tempfile.TemporaryDirectory() as d:
/// ...     path = pathlib.Path(d, "cities.csv")
/// ...     _ = path.write_text("code,name,parent,level\n11,北京市,,Province\n1101,市辖区,11,City\n", encoding="utf-8")
/// ...     changes = quanyu.read_units_with(path, id="code", name="name", parent="parent", level_column="level")
/// >>> net = quanyu.Network(quanyu.LevelScheme.linear(["Province", "City"]))
/// >>> net.apply(changes).added, net.unit("1101").name
/// (2, '市辖区')
#[pyfunction]
#[pyo3(signature = (path, *, id, name=None, parent=None, level_column=None, level=None))]
pub(crate) fn read_units_with(
    py: Python<'_>,
    path: std::path::PathBuf,
    id: String,
    name: Option<String>,
    parent: Option<String>,
    level_column: Option<String>,
    level: Option<String>,
) -> PyResult<PyChangeset> {
    use quanyu::io::{LevelSource, UnitColumns};
    let source = match (&level_column, &level) {
        (Some(c), None) => LevelSource::Column(c.as_str()),
        (None, Some(l)) => LevelSource::Fixed(l.as_str()),
        _ => {
            return Err(crate::errors::invalid(
                "level",
                "give exactly one of `level_column` (a column holding level names) and `level` (one level for every row)",
            ));
        }
    };
    let columns = UnitColumns {
        id: &id,
        name: name.as_deref(),
        parent: parent.as_deref(),
        level: source,
    };
    let name_of = path.display().to_string();
    let cs = py
        .detach(|| {
            let file = std::fs::File::open(&path).map_err(|e| quanyu::Error::io(&path, &e))?;
            quanyu::io::read_units_with(std::io::BufReader::new(file), &name_of, &columns)
        })
        .py_err()?;
    Ok(PyChangeset { inner: cs })
}
