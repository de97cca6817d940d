//! The entities as read back from a network: `Unit`, `Organisation`, `Person`, `KeyTask`, and
//! the `LevelScheme`. Immutable snapshots: changing the network does not change them.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::PyList;

use quanyu::{LevelDef, LevelScheme};

use crate::convert::{self, string};
use crate::errors::IntoPyResult;

/// What `__reduce__` returns: the class and its constructor arguments.
type Reduced<'py, A> = PyResult<(Bound<'py, PyAny>, A)>;

/// A governance unit: a subdistrict, area, grid, compound, building, zone or household.
///
/// >>> import quanyu
/// >>> u = quanyu.Unit("G1", "Lakeside 1", "Grid", "Community", 0)
/// >>> (u.id, u.level, u.grid_kind)
/// ('G1', 'Grid', 'Community')
#[pyclass(module = "quanyu._quanyu", name = "Unit", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyUnit {
    /// The user's own id.
    #[pyo3(get)]
    id: String,
    /// The display name.
    #[pyo3(get)]
    name: String,
    /// The level's name in the network's scheme.
    #[pyo3(get)]
    level: String,
    /// The grid kind, for grids.
    #[pyo3(get)]
    grid_kind: Option<&'static str>,
    /// Residents counted on the unit.
    #[pyo3(get)]
    residents: u32,
}

impl PyUnit {
    /// The Python view of `u` on `scheme`.
    pub(crate) fn from_core(u: &quanyu::Unit, scheme: &LevelScheme) -> Self {
        PyUnit {
            id: u.id.to_string(),
            name: u.name.to_string(),
            level: scheme.name(u.level).to_owned(),
            grid_kind: u.grid_kind.map(|k| k.as_str()),
            residents: u.residents,
        }
    }
}

#[pymethods]
impl PyUnit {
    #[new]
    #[pyo3(signature = (id, name, level, grid_kind=None, residents=0))]
    fn new(
        id: String,
        name: String,
        level: String,
        grid_kind: Option<&Bound<'_, PyAny>>,
        residents: i128,
    ) -> PyResult<Self> {
        let kind: Option<quanyu::GridKind> = convert::opt_parse(grid_kind, "grid_kind")?;
        Ok(PyUnit {
            id,
            name,
            level,
            grid_kind: kind.map(|k| k.as_str()),
            residents: u32::try_from(residents).map_err(|_| {
                crate::errors::invalid(
                    "residents",
                    format!("must be between 0 and {}, got {residents}", u32::MAX),
                )
            })?,
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Unit(id={}, name={}, level={}, grid_kind={}, residents={})",
            convert::py_repr(py, &self.id)?,
            convert::py_repr(py, &self.name)?,
            convert::py_repr(py, &self.level)?,
            convert::py_repr(py, self.grid_kind)?,
            self.residents
        ))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> Reduced<'py, (String, String, String, Option<&'static str>, u32)> {
        let s = slf.get();
        Ok((
            slf.get_type().into_any(),
            (
                s.id.clone(),
                s.name.clone(),
                s.level.clone(),
                s.grid_kind,
                s.residents,
            ),
        ))
    }
}

/// A Party organisation or alliance member.
///
/// >>> import quanyu
/// >>> quanyu.Organisation("WC", "党工委", "WorkingCommittee").kind
/// 'WorkingCommittee'
#[pyclass(module = "quanyu._quanyu", name = "Organisation", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyOrganisation {
    /// The user's own id.
    #[pyo3(get)]
    id: String,
    /// The display name.
    #[pyo3(get)]
    name: String,
    /// Working committee, branch, cell or alliance member.
    #[pyo3(get)]
    kind: &'static str,
    /// The 三建融合 category.
    #[pyo3(get)]
    category: Option<&'static str>,
}

impl PyOrganisation {
    /// The Python view of `o`.
    pub(crate) fn from_core(o: &quanyu::Organisation) -> Self {
        PyOrganisation {
            id: o.id.to_string(),
            name: o.name.to_string(),
            kind: o.kind.as_str(),
            category: o.category.map(|c| c.as_str()),
        }
    }
}

#[pymethods]
impl PyOrganisation {
    #[new]
    #[pyo3(signature = (id, name, kind, category=None))]
    fn new(
        id: String,
        name: String,
        kind: &Bound<'_, PyAny>,
        category: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let kind: quanyu::OrganisationKind = convert::parse(kind, "kind")?;
        let category: Option<quanyu::AllianceCategory> = convert::opt_parse(category, "category")?;
        Ok(PyOrganisation {
            id,
            name,
            kind: kind.as_str(),
            category: category.map(|c| c.as_str()),
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Organisation(id={}, name={}, kind={}, category={})",
            convert::py_repr(py, &self.id)?,
            convert::py_repr(py, &self.name)?,
            convert::py_repr(py, self.kind)?,
            convert::py_repr(py, self.category)?
        ))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> Reduced<'py, (String, String, &'static str, Option<&'static str>)> {
        let s = slf.get();
        Ok((
            slf.get_type().into_any(),
            (s.id.clone(), s.name.clone(), s.kind, s.category),
        ))
    }
}

/// A person. The phone and ID numbers are readable attributes but never shown by ``repr``.
///
/// >>> import quanyu
/// >>> p = quanyu.Person("P1", "王芳", phone="13800000000")
/// >>> p
/// Person(id='P1', name='王芳')
/// >>> p.phone
/// '13800000000'
#[pyclass(module = "quanyu._quanyu", name = "Person", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyPerson {
    /// The user's own id.
    #[pyo3(get)]
    id: String,
    /// The display name.
    #[pyo3(get)]
    name: String,
    /// Phone number (personal).
    #[pyo3(get)]
    phone: Option<String>,
    /// ID-card number (personal).
    #[pyo3(get)]
    id_number: Option<String>,
}

impl PyPerson {
    /// The Python view of `p`.
    pub(crate) fn from_core(p: &quanyu::Person) -> Self {
        PyPerson {
            id: p.id.to_string(),
            name: p.name.to_string(),
            phone: p.phone.as_ref().map(|s| s.expose().to_owned()),
            id_number: p.id_number.as_ref().map(|s| s.expose().to_owned()),
        }
    }
}

#[pymethods]
impl PyPerson {
    #[new]
    #[pyo3(signature = (id, name=None, phone=None, id_number=None))]
    fn new(
        id: String,
        name: Option<String>,
        phone: Option<String>,
        id_number: Option<String>,
    ) -> Self {
        PyPerson {
            id,
            name: name.unwrap_or_default(),
            phone,
            id_number,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Person(id={}, name={})",
            convert::py_repr(py, &self.id)?,
            convert::py_repr(py, &self.name)?
        ))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> Reduced<'py, (String, String, Option<String>, Option<String>)> {
        let s = slf.get();
        Ok((
            slf.get_type().into_any(),
            (
                s.id.clone(),
                s.name.clone(),
                s.phone.clone(),
                s.id_number.clone(),
            ),
        ))
    }
}

/// A key task (重点攻坚任务).
///
/// >>> import quanyu, datetime
/// >>> quanyu.KeyTask("T1", "加装电梯", "Property", datetime.date(2024, 12, 31)).status
/// 'Open'
#[pyclass(module = "quanyu._quanyu", name = "KeyTask", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyKeyTask {
    /// The user's own id.
    #[pyo3(get)]
    id: String,
    /// What the task is.
    #[pyo3(get)]
    name: String,
    /// Which of the six governance actions it belongs to.
    #[pyo3(get)]
    category: &'static str,
    /// When it must be done.
    #[pyo3(get)]
    deadline: NaiveDate,
    /// Open, in progress or done.
    #[pyo3(get)]
    status: &'static str,
}

impl PyKeyTask {
    /// The Python view of `t`.
    pub(crate) fn from_core(t: &quanyu::KeyTask) -> Self {
        PyKeyTask {
            id: t.id.to_string(),
            name: t.name.to_string(),
            category: t.category.as_str(),
            deadline: t.deadline,
            status: t.status.as_str(),
        }
    }
}

#[pymethods]
impl PyKeyTask {
    #[new]
    #[pyo3(signature = (id, name, category, deadline, status=None))]
    fn new(
        id: String,
        name: String,
        category: &Bound<'_, PyAny>,
        deadline: &Bound<'_, PyAny>,
        status: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let category: quanyu::TaskCategory = convert::parse(category, "category")?;
        let status: Option<quanyu::TaskStatus> = convert::opt_parse(status, "status")?;
        Ok(PyKeyTask {
            id,
            name,
            category: category.as_str(),
            deadline: convert::date(deadline, "deadline")?,
            status: status.unwrap_or(quanyu::TaskStatus::Open).as_str(),
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "KeyTask(id={}, name={}, category={}, deadline={}, status={})",
            convert::py_repr(py, &self.id)?,
            convert::py_repr(py, &self.name)?,
            convert::py_repr(py, self.category)?,
            convert::py_repr(py, self.deadline)?,
            convert::py_repr(py, self.status)?
        ))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> Reduced<'py, (String, String, &'static str, NaiveDate, &'static str)> {
        let s = slf.get();
        Ok((
            slf.get_type().into_any(),
            (
                s.id.clone(),
                s.name.clone(),
                s.category,
                s.deadline,
                s.status,
            ),
        ))
    }
}

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
        let mut defs = Vec::new();
        for item in levels.try_iter()? {
            let item = item?;
            let f = convert::Fields::of(&item, "LevelDef");
            let mut parents = Vec::new();
            if let Some(ps) = f.get("parents")? {
                if ps.is_instance_of::<pyo3::types::PyString>() {
                    return Err(crate::errors::type_error(
                        "LevelDef.parents must be a list of level names, not a str",
                    ));
                }
                for p in ps.try_iter()? {
                    parents.push(string(&p?, "LevelDef.parents")?);
                }
            }
            let mut def = LevelDef::new(f.req_str("name")?, parents);
            if let Some(p) = f.opt_str("proximity")? {
                def = def.with_proximity(parse_proximity(&p)?);
            }
            defs.push(def);
        }
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
        let list = PyList::empty(py);
        for d in self.inner.defs() {
            list.append(convert::make(
                py,
                "LevelDef",
                &[
                    ("name", convert::obj(py, &d.name)?),
                    (
                        "parents",
                        convert::obj(py, pyo3::types::PyTuple::new(py, &d.parents)?)?,
                    ),
                    (
                        "proximity",
                        convert::obj(py, d.proximity.map(|p| p.to_string()))?,
                    ),
                ],
            )?)?;
        }
        Ok(list)
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
    fn proximity(&self, level: &str) -> PyResult<String> {
        Ok(self.inner.proximity(self.level(level)?).to_string())
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

/// A proximity tier from its name.
pub(crate) fn parse_proximity(name: &str) -> PyResult<quanyu::Proximity> {
    use quanyu::Proximity::*;
    let all = [
        SameBuilding,
        SameCompound,
        SameGrid,
        SameArea,
        SameSubdistrict,
        Beyond,
    ];
    let fold = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    all.into_iter()
        .find(|p| fold(&p.to_string()) == fold(name))
        .ok_or_else(|| crate::errors::invalid("proximity", format!("unknown proximity `{name}`; expected one of SameBuilding, SameCompound, SameGrid, SameArea, SameSubdistrict, Beyond")))
}
