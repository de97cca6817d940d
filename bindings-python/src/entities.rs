//! The level scheme as a Python object: the levels units sit on, and which may contain which.
//! (The entities read back from a network — `Unit`, `Person`, ... — are generated from the
//! core's declarations, in `crate::declared`.)

use pyo3::prelude::*;
use pyo3::types::PyList;

use quanyu::{LevelDef, LevelScheme};

use crate::convert::{arg, value};
use crate::errors::IntoPyResult;

/// What `__reduce__` returns: the class and its constructor arguments.
type Reduced<'py, A> = PyResult<(Bound<'py, PyAny>, A)>;

/// The levels units sit on, and which level may contain which.
///
/// >>> from quanyu import LevelScheme, LevelDef
/// >>> LevelScheme.governance().names()
/// ['Subdistrict', 'Area', 'Grid', 'Compound', 'Building', 'ResponsibilityZone', 'Household']
/// >>> s = LevelScheme([LevelDef("Province"), LevelDef("City", ["Province"])])
/// >>> s.may_contain("province", "City"), len(s)
/// (True, 2)
#[pyclass(module = "quanyu._quanyu", name = "LevelScheme", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyLevelScheme {
    pub(crate) inner: LevelScheme,
}

impl PyLevelScheme {
    fn level(&self, name: &str) -> PyResult<quanyu::Level> {
        self.inner.require(name).py_err()
    }
}

#[pymethods]
impl PyLevelScheme {
    /// A scheme from ``LevelDef`` s (or objects with ``name``, ``parents`` and ``proximity``),
    /// parents declared before their children.
    #[new]
    fn new(levels: &Bound<'_, PyAny>) -> PyResult<Self> {
        let defs: Vec<LevelDef> = arg(levels, "levels")?;
        Ok(PyLevelScheme {
            inner: LevelScheme::new(defs).py_err()?,
        })
    }

    /// The default scheme: Subdistrict > Area > Grid > (Compound) > Building > ResponsibilityZone
    /// / Household.
    #[staticmethod]
    fn governance() -> Self {
        PyLevelScheme {
            inner: LevelScheme::governance(),
        }
    }

    /// District above the default levels.
    #[staticmethod]
    fn district() -> Self {
        PyLevelScheme {
            inner: LevelScheme::district(),
        }
    }

    /// City > District above the default levels.
    #[staticmethod]
    fn city() -> Self {
        PyLevelScheme {
            inner: LevelScheme::city(),
        }
    }

    /// The national scheme of administrative divisions: Province > City > County > Township >
    /// Village, the levels of the 12-digit statistical codes (what ``Divisions.to_network``
    /// builds on).
    ///
    /// >>> from quanyu import LevelScheme
    /// >>> LevelScheme.national().may_contain("County", "Township")
    /// True
    #[staticmethod]
    fn national() -> Self {
        PyLevelScheme {
            inner: LevelScheme::national(),
        }
    }

    /// A chain of levels, each inside the one before.
    ///
    /// >>> from quanyu import LevelScheme
    /// >>> LevelScheme.linear(["Province", "City"]).may_contain("City", "Province")
    /// False
    #[staticmethod]
    fn linear(names: Vec<String>) -> PyResult<Self> {
        Ok(PyLevelScheme {
            inner: LevelScheme::linear(names).py_err()?,
        })
    }

    /// The level names, in declaration order.
    fn names(&self) -> Vec<String> {
        self.inner
            .levels()
            .map(|l| self.inner.name(l).to_owned())
            .collect()
    }

    /// The definitions, as ``LevelDef`` s.
    fn defs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let defs = self.inner.defs().to_vec();
        Ok(value(py, &defs)?.cast_into::<PyList>()?)
    }

    /// The canonical name of ``name`` (matched leniently), or ``None``.
    fn canonical(&self, name: &str) -> Option<String> {
        self.inner
            .level(name)
            .map(|l| self.inner.name(l).to_owned())
    }

    /// Whether a unit on level ``parent`` may directly contain one on level ``child``.
    fn may_contain(&self, parent: &str, child: &str) -> PyResult<bool> {
        Ok(self
            .inner
            .may_contain(self.level(parent)?, self.level(child)?))
    }

    /// The levels allowed directly above ``level``.
    fn parents(&self, level: &str) -> PyResult<Vec<String>> {
        let l = self.level(level)?;
        Ok(self
            .inner
            .parents(l)
            .iter()
            .map(|&p| self.inner.name(p).to_owned())
            .collect())
    }

    /// The proximity tier of two places whose nearest common unit is on ``level``.
    fn proximity<'py>(&self, py: Python<'py>, level: &str) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.inner.proximity(self.level(level)?))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, name: &str) -> bool {
        self.inner.level(name).is_some()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.names())?
            .try_iter()
            .map(|i| i.into_any())
    }

    fn __repr__(&self) -> String {
        format!("LevelScheme({})", self.names().join(" > "))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduced<'py, (Bound<'py, PyList>,)> {
        let py = slf.py();
        Ok((slf.get_type().into_any(), (slf.get().defs(py)?,)))
    }
}
