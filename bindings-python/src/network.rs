//! `Network`: the core network behind a lock, with every read, edit, export and I/O call.

use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use quanyu::io::{ExportOptions, ImportOptions};
use quanyu::{Network, Role, Scope, SharedNetwork};

use crate::changeset::{PyChangeset, problems_list};
use crate::convert::{arg, opt_arg, out, out_list, out_opt, value};
use crate::entities::PyLevelScheme;
use crate::errors::IntoPyResult;
use crate::privacy::reveal_arg;
use crate::tables::{Privacy, Table};

/// One jurisdiction's governance network: units on a level scheme, the Party-organisation tree
/// beside them, persons with homes, memberships and posts, grid layers, key tasks and
/// contracts.
///
/// Reads are cheap and thread-safe; long calls release the GIL. Every change goes through an
/// edit (``with net.edit() as e: ...``) or ``apply``, all or nothing. Copies are cheap
/// (copy-on-write) and independent.
///
/// Every path out masks personal fields unless a ``quanyu.privacy.Reveal`` names them (see
/// ``person_records``). A pickle, ``to_json``, ``to_binary`` and ``backup`` are storage, with
/// every personal value in full: not for sharing — send an extract or an export.
///
/// >>> import quanyu, datetime
/// >>> net = quanyu.Network()
/// >>> with net.edit() as e:
/// ...     _ = e.add_unit(quanyu.UnitRecord("S", "Subdistrict", name="滨江街道"))
/// ...     _ = e.add_unit(quanyu.UnitRecord("A", "Area", parent="S"))
/// ...     _ = e.add_unit(quanyu.UnitRecord("G", "Grid", parent="A", grid_kind="Community"))
/// >>> net.unit_count, net.is_ancestor("S", "G"), "G" in net
/// (3, True, True)
#[pyclass(module = "quanyu._quanyu", name = "Network", frozen)]
pub(crate) struct PyNetwork {
    inner: SharedNetwork,
}

impl PyNetwork {
    /// A Python network holding `net`.
    pub(crate) fn wrap(net: Network) -> Self {
        PyNetwork {
            inner: SharedNetwork::new(net),
        }
    }

    /// The network as it is now: a cheap shared snapshot, never blocked by a long read.
    pub(crate) fn snap(&self) -> Arc<Network> {
        self.inner.snapshot()
    }

    /// Runs `f` on the network for writing (see `SharedNetwork::edit`): its result is kept
    /// only if it succeeds, and snapshots held elsewhere keep the old state.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut Network) -> quanyu::Result<T>,
    ) -> quanyu::Result<T> {
        self.inner.edit(f)
    }
}

fn as_of(v: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    arg(v, "as_of")
}

fn role(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Role>> {
    opt_arg(v, "role")
}

/// The `CommitSummary` of a commit.
pub(crate) fn summary(py: Python<'_>, s: quanyu::CommitSummary) -> PyResult<Bound<'_, PyAny>> {
    value(py, &s)
}

#[pymethods]
impl PyNetwork {
    /// An empty network on ``scheme`` (default: ``LevelScheme.governance()``).
    #[new]
    #[pyo3(signature = (scheme=None))]
    fn new(scheme: Option<PyRef<'_, PyLevelScheme>>) -> Self {
        match scheme {
            Some(s) => PyNetwork::wrap(Network::with_scheme(s.inner.clone())),
            None => PyNetwork::wrap(Network::new()),
        }
    }

    // ---- shape -----------------------------------------------------------------------------

    /// The level scheme.
    #[getter]
    fn scheme(&self) -> PyLevelScheme {
        PyLevelScheme {
            inner: self.snap().scheme().clone(),
        }
    }

    /// The number of units.
    #[getter]
    fn unit_count(&self) -> usize {
        self.snap().unit_count()
    }

    /// The number of organisations.
    #[getter]
    fn organisation_count(&self) -> usize {
        self.snap().organisation_count()
    }

    /// The number of persons.
    #[getter]
    fn person_count(&self) -> usize {
        self.snap().person_count()
    }

    /// The number of key tasks.
    #[getter]
    fn task_count(&self) -> usize {
        self.snap().task_count()
    }

    /// Whether a unit ``id`` exists (``id in net``).
    fn __contains__(&self, id: &Bound<'_, PyAny>) -> bool {
        match id.cast::<PyString>() {
            Ok(s) => s.to_str().is_ok_and(|s| self.snap().contains_unit(s)),
            Err(_) => false,
        }
    }

    /// Whether a unit ``id`` exists.
    fn contains_unit(&self, id: &str) -> bool {
        self.snap().contains_unit(id)
    }

    /// The number of units per level, in scheme order.
    fn level_counts(&self) -> PyResult<Vec<(String, usize)>> {
        let net = self.snap();
        let s = net.scheme();
        s.levels()
            .map(|l| {
                let name = s.name(l).to_owned();
                let n = net.units_by_level(&name).py_err()?.len();
                Ok((name, n))
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        let net = self.snap();
        format!(
            "<Network: {} units, {} organisations, {} persons, {} key tasks>",
            net.unit_count(),
            net.organisation_count(),
            net.person_count(),
            net.task_count()
        )
    }

    fn _repr_html_(&self) -> PyResult<String> {
        let net = self.snap();
        let mut rows = String::new();
        for (name, n) in self.level_counts()? {
            if n > 0 {
                rows.push_str(&format!(
                    "<tr><td>{}</td><td style=\"text-align:right\">{n}</td></tr>",
                    html_escape(&name)
                ));
            }
        }
        Ok(format!(
            "<div><b>quanyu.Network</b> &mdash; {} units, {} organisations, {} persons, {} key tasks\
             <table><thead><tr><th>level</th><th>units</th></tr></thead><tbody>{rows}</tbody></table></div>",
            net.unit_count(),
            net.organisation_count(),
            net.person_count(),
            net.task_count()
        ))
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> bool {
        let Ok(other) = other.cast::<PyNetwork>() else {
            return false;
        };
        let (a, b) = (self.snap(), other.get().snap());
        if Arc::ptr_eq(&a, &b) {
            return true;
        }
        py.detach(|| *a == *b)
    }

    fn __copy__(&self) -> Self {
        PyNetwork {
            inner: SharedNetwork::from(self.snap()),
        }
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        // Copy-on-write makes a shared snapshot as independent as a deep copy.
        self.__copy__()
    }

    /// An independent copy (cheap: copy-on-write).
    fn copy(&self) -> Self {
        self.__copy__()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let net = slf.get().snap();
        // The binary snapshot: the smallest pickle, and the fastest to load. A pickle is
        // storage, like the snapshot: every personal value in full.
        let bytes = py.detach(move || net.to_binary());
        let ctor = slf.get_type().getattr("from_binary")?;
        Ok((ctor, (PyBytes::new(py, &bytes),)))
    }

    // ---- entities --------------------------------------------------------------------------

    /// The unit ``id``; ``NotFoundError`` if there is none.
    fn unit<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let net = self.snap();
        out(py, &net, net.unit(id).py_err()?)
    }

    /// The unit carrying the 12-digit statistical division code ``code``, or None: one look-up
    /// in an index of the codes, kept in step with every edit. Where several units carry one
    /// code, the first in pre-order (the highest) is found.
    ///
    /// >>> import quanyu
    /// >>> net = quanyu.Network(quanyu.LevelScheme.national())
    /// >>> with net.edit() as e:
    /// ...     _ = e.add_unit(quanyu.UnitRecord("X", "County", code="330106000000"))
    /// >>> net.unit_by_code("330106000000").id
    /// 'X'
    /// >>> net.unit_by_code("330106001000") is None
    /// True
    fn unit_by_code<'py>(
        &self,
        py: Python<'py>,
        code: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        match net.unit_by_code(code) {
            Some(u) => Ok(Some(out(py, &net, u)?)),
            None => Ok(None),
        }
    }

    /// The organisation ``id``.
    fn organisation<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let net = self.snap();
        out(py, &net, net.organisation(id).py_err()?)
    }

    /// The person ``id``.
    fn person<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let net = self.snap();
        out(py, &net, net.person(id).py_err()?)
    }

    /// The key task ``id``.
    fn task<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let net = self.snap();
        out(py, &net, net.task(id).py_err()?)
    }

    /// Every unit, in pre-order. For large networks prefer ``unit_records()`` (Arrow).
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.units())
    }

    /// Every organisation, in pre-order of the organisation tree.
    fn organisations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.organisations())
    }

    /// Every person, in a stable order.
    fn persons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.persons())
    }

    /// Every key task, in a stable order.
    fn tasks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.tasks())
    }

    // ---- the unit tree ---------------------------------------------------------------------

    /// The unit directly containing ``id``, or ``None`` for a root.
    fn parent<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.parent(id).py_err()?)
    }

    /// The units directly inside ``id``, in the order they were attached.
    fn children<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.children(id).py_err()?)
    }

    /// The units above ``id``, nearest first, up to its root.
    fn ancestors<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.ancestors(id).py_err()?)
    }

    /// Every unit below ``id`` (not ``id`` itself), in pre-order; at most ``limit`` if given.
    #[pyo3(signature = (id, limit=None))]
    fn descendants<'py>(
        &self,
        py: Python<'py>,
        id: &str,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let limit: usize = opt_arg(limit, "limit")?.unwrap_or(usize::MAX);
        let net = self.snap();
        out_list(py, &net, net.descendants(id).py_err()?.take(limit))
    }

    /// The number of units in the subtree of ``id``, ``id`` included.
    fn subtree_size(&self, id: &str) -> PyResult<usize> {
        self.snap().subtree_size(id).py_err()
    }

    /// The depth of ``id``: 0 for a root.
    fn depth(&self, id: &str) -> PyResult<usize> {
        self.snap().depth(id).py_err()
    }

    /// Whether ``ancestor`` is a proper ancestor of ``descendant``.
    fn is_ancestor(&self, ancestor: &str, descendant: &str) -> PyResult<bool> {
        self.snap().is_ancestor(ancestor, descendant).py_err()
    }

    /// The lowest unit containing both ``a`` and ``b``; ``None`` in different trees.
    fn lowest_common_ancestor<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.lowest_common_ancestor(a, b).py_err()?)
    }

    /// The units on the tree path from ``a`` to ``b``, both ends included; ``None`` in
    /// different trees.
    fn path<'py>(&self, py: Python<'py>, a: &str, b: &str) -> PyResult<Option<Bound<'py, PyList>>> {
        let net = self.snap();
        net.path(a, b)
            .py_err()?
            .map(|v| out_list(py, &net, v))
            .transpose()
    }

    /// The number of tree edges between ``a`` and ``b``; ``None`` in different trees.
    fn tree_distance(&self, a: &str, b: &str) -> PyResult<Option<usize>> {
        self.snap().tree_distance(a, b).py_err()
    }

    /// How near two units are (a ``Proximity``).
    fn proximity<'py>(&self, py: Python<'py>, a: &str, b: &str) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.snap().proximity(a, b).py_err()?)
    }

    /// The units of ``level``, in pre-order.
    fn units_by_level<'py>(&self, py: Python<'py>, level: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.units_by_level(level).py_err()?)
    }

    /// The units of ``level`` inside the subtree of ``within`` (itself included).
    fn units_in<'py>(
        &self,
        py: Python<'py>,
        within: &str,
        level: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.units_in(within, level).py_err()?)
    }

    /// The grids of ``kind`` (a ``GridKind``), in pre-order.
    fn units_by_kind<'py>(
        &self,
        py: Python<'py>,
        kind: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let kind = arg(kind, "kind")?;
        let net = self.snap();
        out_list(py, &net, net.units_by_kind(kind))
    }

    /// The root units, in order.
    fn roots<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.roots())
    }

    // ---- organisations ---------------------------------------------------------------------

    /// The organisations anchored on the unit ``unit``.
    fn organisations_at<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.organisations_at(unit).py_err()?)
    }

    /// The unit the organisation is anchored on.
    fn anchor<'py>(
        &self,
        py: Python<'py>,
        organisation: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.anchor(organisation).py_err()?)
    }

    /// The organisation directly above ``organisation``, if any.
    fn parent_organisation<'py>(
        &self,
        py: Python<'py>,
        organisation: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.parent_organisation(organisation).py_err()?)
    }

    /// The organisations directly below ``organisation``.
    fn child_organisations<'py>(
        &self,
        py: Python<'py>,
        organisation: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.child_organisations(organisation).py_err()?)
    }

    /// The members of ``organisation`` on ``as_of``: of itself (``scope="Direct"``) or of its
    /// whole subtree (``scope="Subtree"``).
    #[pyo3(signature = (organisation, as_of, scope=None))]
    fn members<'py>(
        &self,
        py: Python<'py>,
        organisation: &str,
        as_of: &Bound<'_, PyAny>,
        scope: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let scope: Scope = opt_arg(scope, "scope")?.unwrap_or_default();
        let day = self::as_of(as_of)?;
        let net = self.snap();
        out_list(py, &net, net.members(organisation, day, scope).py_err()?)
    }

    // ---- people ----------------------------------------------------------------------------

    /// The posts held at the unit ``unit`` on ``as_of``, optionally of one ``role``.
    #[pyo3(signature = (unit, as_of, role=None))]
    fn posts_at_unit<'py>(
        &self,
        py: Python<'py>,
        unit: &str,
        as_of: &Bound<'_, PyAny>,
        role: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (day, role) = (self::as_of(as_of)?, self::role(role)?);
        let net = self.snap();
        out_list(py, &net, &net.posts_at_unit(unit, day, role).py_err()?)
    }

    /// The posts held at the organisation ``organisation`` on ``as_of``.
    #[pyo3(signature = (organisation, as_of, role=None))]
    fn posts_at_organisation<'py>(
        &self,
        py: Python<'py>,
        organisation: &str,
        as_of: &Bound<'_, PyAny>,
        role: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (day, role) = (self::as_of(as_of)?, self::role(role)?);
        let net = self.snap();
        out_list(
            py,
            &net,
            &net.posts_at_organisation(organisation, day, role)
                .py_err()?,
        )
    }

    /// The household (or unit) where ``person`` lives, if known.
    fn home<'py>(&self, py: Python<'py>, person: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.home(person).py_err()?)
    }

    /// The unit where ``person`` works, if recorded.
    fn workplace<'py>(&self, py: Python<'py>, person: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.workplace(person).py_err()?)
    }

    /// The persons whose home is inside the subtree of ``unit``.
    fn residents<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, net.residents(unit).py_err()?)
    }

    /// The memberships of ``person``, oldest first.
    fn memberships_of<'py>(&self, py: Python<'py>, person: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, &net.memberships_of(person).py_err()?)
    }

    /// The posts of ``person``, oldest first.
    fn posts_of<'py>(&self, py: Python<'py>, person: &str) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        out_list(py, &net, &net.posts_of(person).py_err()?)
    }

    /// The grid code of ``building`` in ``layer`` (a ``GridLayer``), if assigned.
    fn layer_grid(&self, building: &str, layer: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let layer = arg(layer, "layer")?;
        Ok(self
            .snap()
            .layer_grid(building, layer)
            .py_err()?
            .map(str::to_owned))
    }

    /// How one grid layer lines up with the tree's grids (a ``LayerComparison``).
    fn compare_layer<'py>(
        &self,
        py: Python<'py>,
        layer: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let layer = arg(layer, "layer")?;
        value(py, &self.snap().compare_layer(layer))
    }

    /// How two grid layers line up (a ``Crosswalk``): which grid of ``a`` holds which
    /// buildings and households of ``b``, with shares; the buildings missing from either; the
    /// compounds a layer splits. Each of ``a`` and ``b`` is a ``GridLayer`` (or its name) or
    /// ``None`` / ``"tree"`` for the tree's own grids.
    ///
    /// >>> import quanyu
    /// >>> net = quanyu.synth.community(2)
    /// >>> w = net.crosswalk(None, "Policing")
    /// >>> sum(c.buildings for c in w.cells) == len(net.units_by_level("Building"))
    /// True
    /// >>> w.split_in_a, len(w.split_in_b) > 0
    /// ([], True)
    #[pyo3(signature = (a=None, b=None))]
    fn crosswalk<'py>(
        &self,
        py: Python<'py>,
        a: Option<&Bound<'py, PyAny>>,
        b: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (a, b) = (layer_ref(a, "a")?, layer_ref(b, "b")?);
        let net = self.snap();
        value(py, &py.detach(move || net.crosswalk(a, b)))
    }

    /// Proposes one unified grid layer (a ``UnifiedLayer``): every building in one grid of
    /// the reference (the tree's grids unless ``reference`` names a layer), compounds never
    /// split, every grid's size within ``min``..``max`` (counted in ``size_by``: ``"Groups"``
    /// — compounds and lone buildings, exact — ``"Buildings"`` or ``"Households"``, exact
    /// when ``exact`` says so), the fewest buildings moved. Each move says why. ``options``
    /// is a ``UnifyOptions`` (or a dict of its fields); keyword arguments set single
    /// options. Raises ``InfeasibleError`` naming the grid or compound when no plan keeps
    /// the range. Nothing changes until ``apply(net.unified_changeset(plan))``.
    ///
    /// >>> import quanyu
    /// >>> net = quanyu.synth.community(2)
    /// >>> plan = net.unify_layers(min=3, max=5)  # compounds or lone buildings a grid
    /// >>> all(3 <= n <= 5 for _, n in plan.sizes), plan.moved_buildings > 0, plan.exact
    /// (True, True, True)
    /// >>> m = plan.moves[0]
    /// >>> m.reason in (quanyu.MoveReason.TooLarge, quanyu.MoveReason.TooSmall, quanyu.MoveReason.Rebalance)
    /// True
    #[pyo3(signature = (options=None, **kwargs))]
    fn unify_layers<'py>(
        &self,
        py: Python<'py>,
        options: Option<&Bound<'py, PyAny>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let o = unify_options(py, options, kwargs)?;
        let net = self.snap();
        let plan = py.detach(move || net.unify_layers(&o)).py_err()?;
        value(py, &plan)
    }

    /// The ordinary edit that carries out ``plan`` (a ``UnifiedLayer``), for ``apply``: moved
    /// compounds and buildings go under their new grid (or, with a layer as reference, are
    /// set in it), and every layer in ``write_layers`` is set to the unified grid — one net.
    ///
    /// >>> import quanyu
    /// >>> net = quanyu.synth.community(2)
    /// >>> plan = net.unify_layers(min=3, max=5)
    /// >>> _ = net.apply(net.unified_changeset(plan, write_layers=["Policing"]))
    /// >>> net.unify_layers(min=3, max=5).moved_buildings
    /// 0
    /// >>> c = net.compare_layer("Policing")
    /// >>> (c.split_grids, c.spanning_layer_grids, c.unassigned)
    /// ([], [], [])
    #[pyo3(signature = (plan, write_layers=None))]
    fn unified_changeset(
        &self,
        plan: &Bound<'_, PyAny>,
        write_layers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyChangeset> {
        let plan: quanyu::UnifiedLayer = arg(plan, "plan")?;
        let write: Vec<quanyu::GridLayer> = match write_layers {
            Some(w) if !w.is_none() => w
                .try_iter()?
                .map(|l| arg(&l?, "write_layers"))
                .collect::<PyResult<_>>()?,
            _ => Vec::new(),
        };
        Ok(PyChangeset {
            inner: plan.changeset(&write),
        })
    }

    /// The unit the key task ``task`` is at.
    fn task_unit<'py>(&self, py: Python<'py>, task: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let net = self.snap();
        out_opt(py, &net, net.task_unit(task).py_err()?)
    }

    // ---- app look-ups ----------------------------------------------------------------------

    /// Everyone responsible for ``unit`` on ``as_of``: contract holders, grid leaders, grid
    /// branch and building cell (a ``Responsibility``).
    fn responsible_for<'py>(
        &self,
        py: Python<'py>,
        unit: &str,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let day = self::as_of(as_of)?;
        value(py, &self.snap().responsible_for(unit, day).py_err()?)
    }

    /// The contracts ``holder`` (a person or organisation) holds on ``as_of``.
    fn contracts_held<'py>(
        &self,
        py: Python<'py>,
        holder: &str,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let day = self::as_of(as_of)?;
        let net = self.snap();
        out_list(py, &net, &net.contracts_held(holder, day).py_err()?)
    }

    /// The contracts on ``target`` (a unit or key task) on ``as_of``.
    fn contracts_on<'py>(
        &self,
        py: Python<'py>,
        target: &str,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let day = self::as_of(as_of)?;
        let net = self.snap();
        out_list(py, &net, &net.contracts_on(target, day).py_err()?)
    }

    /// Units whose name starts with ``prefix``, at most ``limit``, by name (then id): a
    /// binary search in the name index.
    #[pyo3(signature = (prefix, limit=None))]
    fn units_named<'py>(
        &self,
        py: Python<'py>,
        prefix: &str,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let limit: usize = opt_arg(limit, "limit")?.unwrap_or(10);
        let net = self.snap();
        out_list(py, &net, net.units_named(prefix, limit))
    }

    /// Persons whose name starts with ``prefix``, at most ``limit``, by name (then id).
    #[pyo3(signature = (prefix, limit=None))]
    fn persons_named<'py>(
        &self,
        py: Python<'py>,
        prefix: &str,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let limit: usize = opt_arg(limit, "limit")?.unwrap_or(10);
        let net = self.snap();
        out_list(py, &net, net.persons_named(prefix, limit))
    }

    /// The subtree of ``unit`` as a network of its own, holding only what a grid worker's
    /// app needs: the persons living or working there without phone or ID number, unless
    /// ``reveal=quanyu.privacy.Reveal(who, purpose, fields)`` keeps those fields (logged in
    /// ``access_log``); the
    /// persons living elsewhere who hold a duty there, as id and masked name only.
    #[pyo3(signature = (unit, *, reveal=None))]
    fn extract(
        &self,
        py: Python<'_>,
        unit: &str,
        reveal: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyNetwork> {
        crate::extract::extract(py, self, unit, reveal)
    }

    /// The extract of ``unit`` (as ``extract``) sealed to ``recipients`` (``age1…`` public
    /// keys, one or a list): bytes only their ``WorkerKey`` opens, with ``open_extract``.
    #[pyo3(signature = (unit, recipients, *, reveal=None))]
    fn sealed_extract<'py>(
        &self,
        py: Python<'py>,
        unit: &str,
        recipients: &Bound<'_, PyAny>,
        reveal: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        crate::extract::sealed_extract(py, self, unit, recipients, reveal)
    }

    /// The network of a sealed extract, opened with the worker's secret key
    /// (``AGE-SECRET-KEY-1…``).
    #[staticmethod]
    fn open_extract(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        identity: &Bound<'_, PyAny>,
    ) -> PyResult<PyNetwork> {
        crate::extract::open_extract(py, data, identity)
    }

    /// The structural audit on ``as_of`` (a ``StructuralAudit``).
    fn audit<'py>(&self, py: Python<'py>, as_of: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let day = self::as_of(as_of)?;
        let net = self.snap();
        let a = py.detach(move || net.audit(day));
        crate::reports::report(py, &a)
    }

    /// Removes the personal fields whose retention has run out on ``as_of`` (persons linked to
    /// nothing for longer than each field is kept), all or nothing, and records in the access
    /// log that ``who`` did; returns a ``PurgeReport``.
    fn purge<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'_, PyAny>,
        who: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let day = self::as_of(as_of)?;
        let report = py
            .detach(|| self.write(|net| net.purge(day, who)))
            .py_err()?;
        value(py, &report)
    }

    // ---- tables ----------------------------------------------------------------------------

    /// Every unit as an Arrow table (pre-order), optionally only those of ``level`` and/or
    /// inside ``within``.
    #[pyo3(signature = (level=None, within=None))]
    fn unit_records(
        &self,
        py: Python<'_>,
        level: Option<String>,
        within: Option<String>,
    ) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::units(&net, level.as_deref(), within.as_deref()))
            .py_err()
    }

    /// Every organisation as an Arrow table.
    fn organisation_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("organisations", net.organisation_records()))
    }

    /// Every person as an Arrow table. Phone and ID numbers are there, masked by their
    /// declared rules (``138****5678``; nulls stay null), unless ``reveal`` (a
    /// ``quanyu.privacy.Reveal``) names them: then they are in full, the request checked first
    /// (a bad purpose or field raises ``InvalidArgumentError`` naming it) and recorded in
    /// ``access_log()``.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.privacy import Reveal
    /// >>> net = quanyu.Network()
    /// >>> _ = net.apply(quanyu.Changeset().add_person(quanyu.PersonRecord("P1", phone="13812345678")))
    /// >>> net.person_records().column("phone")
    /// ['138****5678']
    /// >>> net.person_records(reveal=Reveal("w1", "grid_service", ["phone"])).column("phone")
    /// ['13812345678']
    /// >>> [(r.who, r.purpose, r.records) for r in net.access_log()]
    /// [('w1', 'grid_service', ['P1'])]
    #[pyo3(signature = (reveal=None))]
    fn person_records(&self, py: Python<'_>, reveal: Option<&Bound<'_, PyAny>>) -> PyResult<Table> {
        let reveal = reveal_arg(reveal)?;
        let net = self.snap();
        py.detach(move || match &reveal {
            Some(r) => {
                let rows = net.person_records_revealed(r).py_err()?;
                crate::tables::persons(rows.into_iter(), Privacy::Revealed(r))
            }
            None => crate::tables::persons(net.person_records_masked(), Privacy::Masked),
        })
    }

    /// The access log: every reveal, backup and purge of personal fields (``AccessRecord``
    /// records, oldest first). It lives in memory, shared by the copies of this network in the
    /// process; keep it with ``access_log_csv()``.
    fn access_log<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = self.snap().access_log().records();
        value(py, &records)
    }

    /// The access log as CSV text (``at,who,purpose,action,table,fields,records``; lists
    /// joined with ``;``).
    ///
    /// >>> import quanyu
    /// >>> quanyu.Network().access_log_csv()
    /// 'at,who,purpose,action,table,fields,records\n'
    fn access_log_csv(&self) -> PyResult<String> {
        let mut out = Vec::new();
        self.snap().access_log().write_csv(&mut out).py_err()?;
        String::from_utf8(out).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
    }

    /// Writes a full-fidelity binary snapshot to ``path`` as a backup made by ``who``,
    /// recorded in the access log (purpose ``backup``). A backup is storage, with every
    /// personal value in full: keep it where only its keepers can read it; never send it.
    fn backup(&self, py: Python<'_>, path: std::path::PathBuf, who: String) -> PyResult<()> {
        let net = self.snap();
        py.detach(move || net.backup(&path, &who)).py_err()
    }

    /// Every membership as an Arrow table.
    fn membership_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("memberships", net.membership_records()))
    }

    /// Every post as an Arrow table.
    fn post_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("posts", net.post_records()))
    }

    /// Every building's layer grid as an Arrow table.
    fn grid_layer_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("grid_layers", net.grid_layer_records()))
    }

    /// Every key task as an Arrow table.
    fn task_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("tasks", net.task_records()))
    }

    /// Every pioneer–volunteer lead as an Arrow table.
    fn lead_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("leads", net.lead_records()))
    }

    /// Every volunteer–household service as an Arrow table.
    fn service_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("serves", net.service_records()))
    }

    /// Every contract as an Arrow table.
    fn contract_records(&self, py: Python<'_>) -> PyResult<Table> {
        let net = self.snap();
        py.detach(move || crate::tables::records("contracts", net.contract_records()))
    }

    // ---- edits -----------------------------------------------------------------------------

    /// Opens an edit: a ``Changeset`` bound to this network, committed by ``commit()`` or on
    /// leaving a ``with`` block without an exception.
    fn edit<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("quanyu._edit")?
            .getattr("Edit")?
            .call1((slf,))
    }

    /// Imports DataFrames (any object with the Arrow PyCapsule interface, or pandas) as one
    /// edit, validated exactly like the CSV files of the same tables: ``units=``,
    /// ``organisations=``, ``persons=``, ``memberships=``, ``posts=``, ``grid_layers=``,
    /// ``tasks=``, ``leads=``, ``serves=``, ``contracts=``. All or nothing.
    #[pyo3(signature = (progress=None, **frames))]
    fn import_frames<'py>(
        slf: &Bound<'py, Self>,
        progress: Option<&Bound<'py, PyAny>>,
        frames: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("quanyu._frames")?
            .getattr("import_frames")?
            .call((slf, progress), frames)
    }

    /// A new network on ``scheme`` from DataFrames (see ``import_frames``).
    #[staticmethod]
    #[pyo3(signature = (scheme=None, progress=None, **frames))]
    fn from_frames<'py>(
        py: Python<'py>,
        scheme: Option<PyRef<'_, PyLevelScheme>>,
        progress: Option<&Bound<'py, PyAny>>,
        frames: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyNetwork>> {
        let net = Bound::new(py, Self::new(scheme))?;
        py.import("quanyu._frames")?
            .getattr("import_frames")?
            .call((&net, progress), frames)?;
        Ok(net)
    }

    /// The network as a networkx graph: ``what="units"`` gives the unit tree (a ``DiGraph``,
    /// parent → child), ``what="network"`` every entity and relation (a ``MultiDiGraph``),
    /// with node and edge attributes.
    #[pyo3(signature = (what="units"))]
    fn to_networkx<'py>(slf: &Bound<'py, Self>, what: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("quanyu._nx")?
            .getattr("to_networkx")?
            .call1((slf, what))
    }

    /// Validates and applies ``changes`` (a ``Changeset``), all or nothing; returns a
    /// ``CommitSummary``. A refused batch raises ``ValidationError`` with every problem and
    /// leaves the network exactly as it was.
    fn apply<'py>(
        &self,
        py: Python<'py>,
        changes: PyRef<'_, PyChangeset>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cs = changes.inner.clone();
        drop(changes);
        let s = py.detach(|| self.apply_checked(cs)).py_err()?;
        summary(py, s)
    }

    /// Every problem ``changes`` would meet, without applying them (empty: it would commit).
    fn check<'py>(
        &self,
        py: Python<'py>,
        changes: PyRef<'_, PyChangeset>,
    ) -> PyResult<Bound<'py, PyList>> {
        let net = self.snap();
        let cs = changes.inner.clone();
        drop(changes);
        let problems = py.detach(move || net.check(&cs));
        problems_list(py, &problems)
    }

    // ---- I/O -------------------------------------------------------------------------------

    /// The network as a JSON snapshot (``"format": "quanyu/3"``). A snapshot is storage, with
    /// every personal value in full: not for sharing (send an extract or an export).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let net = self.snap();
        py.detach(move || net.to_json()).py_err()
    }

    /// A network from a JSON snapshot (``str`` or ``bytes``), validated like an edit.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &Bound<'_, PyAny>) -> PyResult<PyNetwork> {
        let bytes: Vec<u8> = if let Ok(s) = json.cast::<PyString>() {
            s.to_str()?.as_bytes().to_vec()
        } else if let Ok(b) = json.cast::<PyBytes>() {
            b.as_bytes().to_vec()
        } else {
            return Err(crate::errors::type_error(format!(
                "`json` must be str or bytes, not {}",
                crate::convert::type_name(json)
            )));
        };
        let net = py
            .detach(move || Network::from_json_bytes(&bytes))
            .py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// Saves a JSON snapshot to ``path`` atomically (storage: every personal value in full).
    fn save(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let net = self.snap();
        py.detach(move || net.save(&path)).py_err()
    }

    /// Loads a JSON snapshot from ``path``.
    #[staticmethod]
    fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyNetwork> {
        let net = py.detach(move || Network::load(&path)).py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// The network as a binary snapshot: compact, checksummed and several times faster to open
    /// than JSON. Storage, with every personal value in full: not for sharing (send an extract
    /// or an export).
    fn to_binary<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let net = self.snap();
        let bytes = py.detach(move || net.to_binary());
        PyBytes::new(py, &bytes)
    }

    /// A network from a binary snapshot (``bytes``), checked like a JSON one.
    #[staticmethod]
    fn from_binary(py: Python<'_>, data: &[u8]) -> PyResult<PyNetwork> {
        let net = py.detach(|| Network::from_binary(data)).py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// A network from snapshot bytes of either format, told apart by their first bytes.
    #[staticmethod]
    fn from_snapshot_bytes(py: Python<'_>, data: &[u8]) -> PyResult<PyNetwork> {
        let net = py.detach(|| Network::from_snapshot_bytes(data)).py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// Saves a binary snapshot to ``path`` atomically.
    fn save_binary(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let net = self.snap();
        py.detach(move || net.save_binary(&path)).py_err()
    }

    /// Loads a binary snapshot (written by ``save_binary``) from ``path``.
    #[staticmethod]
    fn load_binary(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyNetwork> {
        let net = py.detach(move || Network::load_binary(&path)).py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// Loads a snapshot of either format (JSON or binary) from ``path``.
    #[staticmethod]
    fn load_snapshot(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyNetwork> {
        let net = py.detach(move || Network::load_snapshot(&path)).py_err()?;
        Ok(PyNetwork::wrap(net))
    }

    /// Imports the CSV tables found in the directory ``dir`` as one edit, with the GIL
    /// released. The import is strict by default; ``encoding`` (a WHATWG label such as
    /// ``"gb18030"``; a byte-order mark wins), ``allow_extra_columns``, ``allow_extra_files``
    /// and ``allow_orphans`` relax it. ``progress(done, total)`` is called before and after (the
    /// core reads and validates the tables in one step).
    #[pyo3(signature = (dir, progress=None, *, encoding=None, allow_extra_columns=false,
        allow_extra_files=false, allow_orphans=false))]
    #[allow(clippy::too_many_arguments)]
    fn import_csv<'py>(
        &self,
        py: Python<'py>,
        dir: std::path::PathBuf,
        progress: Option<&Bound<'py, PyAny>>,
        encoding: Option<String>,
        allow_extra_columns: bool,
        allow_extra_files: bool,
        allow_orphans: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut options = ImportOptions::new()
            .allow_extra_columns(allow_extra_columns)
            .allow_extra_files(allow_extra_files)
            .allow_orphans(allow_orphans);
        if let Some(label) = encoding {
            options = options.encoding(label);
        }
        let p = crate::progress::Callback::new(progress)?;
        p.report(py, 0, 1)?;
        let s = py
            .detach(|| self.write(|net| net.import_csv_with(&dir, &options)))
            .py_err()?;
        p.report(py, 1, 1)?;
        summary(py, s)
    }

    /// Exports every table as CSV files into the directory ``dir`` (created if missing);
    /// ``bom=True`` starts each file with a UTF-8 byte-order mark, which Excel needs to read
    /// Chinese text as UTF-8. Personal fields are masked by their declared rules unless
    /// ``reveal`` (a ``quanyu.privacy.Reveal``) names them: checked before anything is written
    /// and recorded in ``access_log()``.
    #[pyo3(signature = (dir, *, bom=false, reveal=None))]
    fn export_csv(
        &self,
        py: Python<'_>,
        dir: std::path::PathBuf,
        bom: bool,
        reveal: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let net = self.snap();
        let mut options = ExportOptions::new().bom(bom);
        if let Some(r) = reveal_arg(reveal)? {
            options = options.reveal(r);
        }
        py.detach(move || net.export_csv_with(&dir, &options))
            .py_err()
    }

    /// Stages the rows of CSV ``text`` of ``table`` (``"units"``, ``"posts"``, ...), read by
    /// the core's CSV reader: what DataFrames go through. ``source`` names it in problems.
    #[staticmethod]
    fn _read_table(
        py: Python<'_>,
        table: &str,
        text: &Bound<'_, PyBytes>,
        source: String,
    ) -> PyResult<PyChangeset> {
        let t = crate::tables::table_named(table)?;
        let bytes = text.as_bytes().to_vec();
        let cs = py
            .detach(move || quanyu::io::read_table(t, bytes.as_slice(), &source))
            .py_err()?;
        Ok(PyChangeset { inner: cs })
    }

    // ---- batch queries ---------------------------------------------------------------------

    /// For each pair, whether ``ancestors[i]`` is a proper ancestor of ``descendants[i]``
    /// (numpy ``bool`` array). Ids may be lists, numpy arrays or Arrow string arrays.
    fn is_ancestor_batch<'py>(
        &self,
        py: Python<'py>,
        ancestors: &Bound<'py, PyAny>,
        descendants: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::is_ancestor(py, self.snap(), ancestors, descendants)
    }

    /// For each pair, the id of the lowest common ancestor (an Arrow string array, null in
    /// different trees).
    fn lowest_common_ancestor_batch<'py>(
        &self,
        py: Python<'py>,
        a: &Bound<'py, PyAny>,
        b: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::lca(py, self.snap(), a, b)
    }

    /// For each id, the ids of its ancestors, nearest first (an Arrow list-of-string array).
    fn ancestors_batch<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::ancestors(py, self.snap(), ids)
    }

    /// For each id, the ids of every unit below it, in pre-order (an Arrow list-of-string
    /// array).
    fn descendants_batch<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::descendants(py, self.snap(), ids)
    }

    /// For each id, the size of its subtree (numpy ``int64`` array).
    fn subtree_size_batch<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::subtree_size(py, self.snap(), ids)
    }

    /// For each id, its depth (numpy ``int64`` array).
    fn depth_batch<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::depth(py, self.snap(), ids)
    }

    /// For each id, the sum of ``residents`` over its subtree (numpy ``int64`` array).
    fn residents_batch<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::residents(py, self.snap(), ids)
    }

    /// For each id, the number of units of ``level`` in its subtree (numpy ``int64`` array).
    fn count_in_batch<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
        level: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::batch::count_in(py, self.snap(), ids, level)
    }

    /// The network as a Popolo JSON document (a dict): ``areas`` (units), ``organizations``
    /// (``parent_id`` is the Party-organisation tree), ``persons``, ``posts`` and
    /// ``memberships``, and with ``book`` (a ``quanyu.collab.Collaboration``) its ``motions``
    /// and ``vote_events``. Phone and ID numbers are masked unless ``reveal`` (a
    /// ``quanyu.privacy.Reveal``) names them: checked first, and recorded in the access log.
    /// ``Network.from_popolo`` reads it back exactly when the personal fields are revealed (a
    /// masked number is refused by the network's rules).
    ///
    /// >>> import quanyu
    /// >>> net = quanyu.synth.community(3)
    /// >>> doc = net.to_popolo()
    /// >>> sorted(doc)
    /// ['areas', 'memberships', 'organizations', 'persons', 'posts']
    /// >>> len(doc["organizations"]) == net.organisation_count
    /// True
    /// >>> from quanyu.privacy import Reveal
    /// >>> full = net.to_popolo(reveal=Reveal("ops-1", "backup", ["phone", "id_number"]))
    /// >>> quanyu.Network.from_popolo(full).organisation_count == net.organisation_count
    /// True
    #[pyo3(signature = (book=None, *, reveal=None))]
    fn to_popolo<'py>(
        &self,
        py: Python<'py>,
        book: Option<PyRef<'_, crate::collab::PyCollaboration>>,
        reveal: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::interop::to_popolo(py, self, book.as_deref(), reveal)
    }

    /// A new network from a Popolo document (a dict, or JSON ``str``/``bytes``) as written by
    /// ``Network.to_popolo``. Every problem is reported at once, each naming the id and the
    /// JSON path of the field (``persons[3].moved_out``); ``motions`` and ``vote_events`` are
    /// not read.
    ///
    /// >>> import quanyu
    /// >>> doc = {"areas": [{"id": "S", "name": "Lakeside", "classification": "Subdistrict"}]}
    /// >>> quanyu.Network.from_popolo(doc).unit_count
    /// 1
    /// >>> try:
    /// ...     quanyu.Network.from_popolo({"areas": [{"id": "S"}]})
    /// ... except quanyu.ValidationError as e:
    /// ...     print(e.problems[0].field)
    /// areas[0].classification
    #[staticmethod]
    fn from_popolo(py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<PyNetwork> {
        crate::interop::from_popolo(py, doc)
    }

    /// The organisations, persons, posts and memberships as W3C ORG in Turtle (a ``str``),
    /// every IRI under ``base`` (an absolute IRI ending in ``/`` or ``#``), with the
    /// ``org:linkedTo`` links of ``book`` (a ``quanyu.collab.Collaboration``) when given.
    /// Personal fields are never written.
    ///
    /// >>> import quanyu
    /// >>> ttl = quanyu.synth.community(3).to_org_turtle("https://example.org/net/")
    /// >>> "org:subOrganizationOf" in ttl
    /// True
    #[pyo3(signature = (base, book=None))]
    fn to_org_turtle(
        &self,
        py: Python<'_>,
        base: &str,
        book: Option<PyRef<'_, crate::collab::PyCollaboration>>,
    ) -> PyResult<String> {
        crate::interop::to_org_turtle(py, self, base, book.as_deref())
    }
}

impl PyNetwork {
    /// Applies `cs`, all or nothing.
    fn apply_checked(&self, cs: quanyu::Changeset) -> quanyu::Result<quanyu::CommitSummary> {
        self.write(|net| net.apply(cs))
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A layer argument: a ``GridLayer`` (or its name), or ``None`` / ``"tree"`` for the tree.
fn layer_ref(v: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<quanyu::LayerRef> {
    match v {
        None => Ok(quanyu::LayerRef::Tree),
        Some(v) if v.is_none() => Ok(quanyu::LayerRef::Tree),
        Some(v) => {
            if let Ok(s) = v.extract::<String>()
                && matches!(s.trim().to_lowercase().as_str(), "tree" | "树" | "网格树")
            {
                return Ok(quanyu::LayerRef::Tree);
            }
            Ok(quanyu::LayerRef::Layer(arg(v, name)?))
        }
    }
}

/// The options of ``unify_layers``: a ``UnifyOptions`` (or a dict of its fields), with single
/// options from keyword arguments laid over it; an unknown option is refused.
fn unify_options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<quanyu::UnifyOptions> {
    use quanyu::schema::Record;
    let merged = PyDict::new(py);
    if let Some(o) = options.filter(|o| !o.is_none()) {
        let base: quanyu::UnifyOptions = arg(o, "options")?;
        let base = value(py, &base)?.call_method0("to_dict")?;
        merged.update(base.cast::<pyo3::types::PyMapping>()?)?;
    }
    if let Some(k) = kwargs {
        merged.update(k.as_mapping())?;
    }
    for key in merged.keys() {
        let key: String = key.extract()?;
        if quanyu::UnifyOptions::SCHEMA.field(&key).is_none() {
            let known: Vec<&str> = quanyu::UnifyOptions::SCHEMA.columns().collect();
            return Err(crate::errors::invalid(
                &key,
                format!(
                    "is not an option of unify_layers; expected {}",
                    known.join(", ")
                ),
            ));
        }
    }
    arg(merged.as_any(), "options")
}
