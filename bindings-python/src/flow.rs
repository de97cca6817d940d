//! `quanyu.flow` natives: the `MinCostFlow` builder, flat-array solves for the networkx-
//! compatible adapters, and the scipy-compatible linear sum assignment.

use numpy::{IntoPyArray, PyReadonlyArray2};
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

use quanyu::flow::{self, Capacity, FlowError, MinCostFlow, SupplyMode};

use crate::errors::{IntoPyResult, invalid};

/// Flow errors for the adapters: infeasible and unbounded as quanyu's errors, overflow as
/// Python's `OverflowError` (the adapters fall back to exact Python arithmetic on it).
fn flow_err(py: Python<'_>, e: FlowError) -> PyErr {
    match e {
        FlowError::Overflow { message } => PyOverflowError::new_err(message),
        other => crate::errors::to_py(py, other.into()),
    }
}

fn mode(name: &str) -> PyResult<SupplyMode> {
    match name
        .to_ascii_lowercase()
        .replace(['_', '-', ' '], "")
        .as_str()
    {
        "exact" => Ok(SupplyMode::Exact),
        "supplyatmost" => Ok(SupplyMode::SupplyAtMost),
        "demandatmost" => Ok(SupplyMode::DemandAtMost),
        _ => Err(invalid(
            "mode",
            format!("unknown supply mode `{name}`; expected Exact, SupplyAtMost or DemandAtMost"),
        )),
    }
}

fn mode_name(m: SupplyMode) -> &'static str {
    match m {
        SupplyMode::Exact => "Exact",
        SupplyMode::SupplyAtMost => "SupplyAtMost",
        SupplyMode::DemandAtMost => "DemandAtMost",
    }
}

fn node(v: i128, n: usize, name: &str) -> PyResult<usize> {
    usize::try_from(v)
        .ok()
        .filter(|&i| i < n)
        .ok_or_else(|| invalid(name, format!("node {v} out of range 0..{n}")))
}

fn int64(v: i128, name: &str) -> PyResult<i64> {
    i64::try_from(v).map_err(|_| invalid(name, format!("{v} does not fit a 64-bit integer")))
}

/// An optimal flow: ``cost``, the ``flow`` of each arc and a ``potential`` for each node.
///
/// >>> from quanyu.flow import MinCostFlow
/// >>> p = MinCostFlow(3)
/// >>> p.set_supply(0, 2); p.set_supply(2, -2)
/// >>> arcs = [p.add_arc(0, 1, None, 1), p.add_arc(1, 2, None, 1), p.add_arc(0, 2, None, 3)]
/// >>> s = p.solve()
/// >>> s, s.cost, s.flow
/// (FlowSolution(cost=4, flow=<3 arcs>, potential=<3 nodes>), 4, [2, 2, 0])
#[pyclass(module = "quanyu._quanyu", name = "FlowSolution", frozen, get_all)]
pub(crate) struct PyFlowSolution {
    /// The total cost.
    cost: i128,
    /// The flow on each arc, by arc index.
    flow: Vec<i64>,
    /// A node potential (dual price) for each node.
    potential: Vec<i64>,
}

#[pymethods]
impl PyFlowSolution {
    fn __repr__(&self) -> String {
        format!(
            "FlowSolution(cost={}, flow=<{} arcs>, potential=<{} nodes>)",
            self.cost,
            self.flow.len(),
            self.potential.len()
        )
    }
}

/// A min-cost-flow problem on nodes ``0..n``, built arc by arc, solved exactly by the network
/// simplex. Integer supplies, capacities (``None``: unbounded) and costs.
///
/// >>> from quanyu.flow import MinCostFlow
/// >>> p = MinCostFlow(4)
/// >>> for node, supply in [(0, 3), (1, 2), (2, -4), (3, -1)]:
/// ...     p.set_supply(node, supply)
/// >>> for t, h, c in [(0, 2, 1), (0, 3, 3), (1, 2, 2), (1, 3, 1)]:
/// ...     _ = p.add_arc(t, h, 10, c)
/// >>> s = p.solve()
/// >>> s.cost, s.flow
/// (6, [3, 0, 1, 1])
#[pyclass(module = "quanyu._quanyu", name = "MinCostFlow")]
pub(crate) struct PyMinCostFlow {
    inner: MinCostFlow,
}

impl PyMinCostFlow {
    /// Wraps a core problem.
    pub(crate) fn wrap(inner: MinCostFlow) -> Self {
        PyMinCostFlow { inner }
    }
}

#[pymethods]
impl PyMinCostFlow {
    #[new]
    #[pyo3(signature = (node_count=0))]
    fn new(node_count: i128) -> PyResult<Self> {
        let n = crate::convert::nonneg(node_count, "node_count")?;
        if n > u32::MAX as usize {
            return Err(invalid("node_count", "at most 2**32 - 1 nodes"));
        }
        Ok(PyMinCostFlow {
            inner: MinCostFlow::new(n),
        })
    }

    /// The number of nodes.
    #[getter]
    fn node_count(&self) -> usize {
        self.inner.node_count()
    }

    /// The number of arcs.
    #[getter]
    fn arc_count(&self) -> usize {
        self.inner.arc_count()
    }

    /// Adds a node with ``supply`` (negative: demand); returns its index.
    #[pyo3(signature = (supply=0))]
    fn add_node(&mut self, supply: i128) -> PyResult<usize> {
        Ok(self.inner.add_node(int64(supply, "supply")?))
    }

    /// Sets the supply of ``node`` (negative: a demand).
    fn set_supply(&mut self, node: i128, supply: i128) -> PyResult<()> {
        let n = self::node(node, self.inner.node_count(), "node")?;
        self.inner.set_supply(n, int64(supply, "supply")?).py_err()
    }

    /// The supplies, by node.
    fn supplies(&self) -> Vec<i64> {
        self.inner.supplies().to_vec()
    }

    /// How supplies must be met: ``"Exact"``, ``"SupplyAtMost"`` or ``"DemandAtMost"``.
    #[getter]
    fn get_mode(&self) -> &'static str {
        mode_name(self.inner.mode())
    }

    #[setter]
    fn set_mode(&mut self, value: &str) -> PyResult<()> {
        self.inner.set_mode(mode(value)?);
        Ok(())
    }

    /// Adds an arc ``tail → head`` with ``capacity`` (``None``: unbounded), ``cost`` and an
    /// optional ``lower`` bound; returns its index.
    #[pyo3(signature = (tail, head, capacity=None, cost=0, lower=0))]
    fn add_arc(
        &mut self,
        tail: i128,
        head: i128,
        capacity: Option<i128>,
        cost: i128,
        lower: i128,
    ) -> PyResult<usize> {
        let n = self.inner.node_count();
        let (t, h) = (node(tail, n, "tail")?, node(head, n, "head")?);
        let cap = match capacity {
            None => Capacity::Unbounded,
            Some(c) if c < 0 => {
                return Err(invalid(
                    "capacity",
                    format!("must not be negative, got {c}"),
                ));
            }
            Some(c) => Capacity::Finite(int64(c, "capacity")?.min(i64::MAX - 1)),
        };
        let cost = int64(cost, "cost")?;
        let lower = int64(lower, "lower")?;
        if lower == 0 {
            self.inner.add_arc(t, h, cap, cost).py_err()
        } else {
            self.inner
                .add_arc_with_lower_bound(t, h, lower, cap, cost)
                .py_err()
        }
    }

    /// Solves exactly (network simplex), with the GIL released.
    fn solve(&self, py: Python<'_>) -> PyResult<PyFlowSolution> {
        let p = self.inner.clone();
        let s = py.detach(move || p.solve()).map_err(|e| flow_err(py, e))?;
        Ok(PyFlowSolution {
            cost: s.cost,
            flow: s.flow,
            potential: s.potential,
        })
    }

    /// The problem in DIMACS min-cost-flow format.
    fn to_dimacs(&self) -> PyResult<String> {
        let mut out = Vec::new();
        flow::dimacs::write_problem(&mut out, &flow::dimacs::DimacsProblem::from(&self.inner))
            .py_err()?;
        String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A problem from DIMACS min-cost-flow text.
    #[staticmethod]
    fn from_dimacs(text: &str) -> PyResult<Self> {
        let p = flow::dimacs::parse_problem(text).py_err()?;
        Ok(PyMinCostFlow {
            inner: p.to_min_cost_flow().py_err()?,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<MinCostFlow: {} nodes, {} arcs, {}>",
            self.inner.node_count(),
            self.inner.arc_count(),
            mode_name(self.inner.mode())
        )
    }
}

/// Solves a min-cost flow on flat arrays (``capacity`` ``-1``: unbounded). Returns
/// ``(cost, flow)``; ``OverflowError`` when the numbers are too large for 64-bit arithmetic.
#[pyfunction]
#[pyo3(signature = (supply, tail, head, capacity, cost))]
pub(crate) fn _solve_arcs(
    py: Python<'_>,
    supply: Vec<i64>,
    tail: Vec<u32>,
    head: Vec<u32>,
    capacity: Vec<i64>,
    cost: Vec<i64>,
) -> PyResult<(i128, Bound<'_, PyAny>)> {
    let cap: Vec<i64> = capacity
        .into_iter()
        .map(|c| {
            if c < 0 {
                flow::UNBOUNDED
            } else {
                c.min(i64::MAX - 1)
            }
        })
        .collect();
    let s = py
        .detach(|| flow::solve_arcs(&supply, &tail, &head, &cap, &cost, SupplyMode::Exact))
        .map_err(|e| flow_err(py, e))?;
    Ok((s.cost, s.flow.into_pyarray(py).into_any()))
}

/// The linear sum assignment of a C-contiguous float64 matrix (scipy's contract). Returns
/// ``(row_ind, col_ind)`` as int64 arrays.
#[pyfunction]
#[pyo3(signature = (cost, maximize=false))]
pub(crate) fn _linear_sum_assignment<'py>(
    py: Python<'py>,
    cost: PyReadonlyArray2<'py, f64>,
    maximize: bool,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let (rows, cols) = cost.as_array().dim();
    let owned;
    let slice: &[f64] = match cost.as_slice() {
        Ok(s) => s,
        Err(_) => {
            owned = cost.as_array().iter().copied().collect::<Vec<f64>>();
            &owned
        }
    };
    let r = py.detach(|| flow::linear_sum_assignment(slice, rows, cols, maximize));
    match r {
        Ok(a) => {
            let ri: Vec<i64> = a.row_ind.into_iter().map(|x| x as i64).collect();
            let ci: Vec<i64> = a.col_ind.into_iter().map(|x| x as i64).collect();
            Ok((
                ri.into_pyarray(py).into_any(),
                ci.into_pyarray(py).into_any(),
            ))
        }
        Err(FlowError::Infeasible { .. }) => {
            Err(PyValueError::new_err("cost matrix is infeasible"))
        }
        Err(FlowError::InvalidInput { message, .. }) if message.contains("invalid numeric") => Err(
            PyValueError::new_err("matrix contains invalid numeric entries"),
        ),
        Err(e) => Err(flow_err(py, e)),
    }
}

/// What the fast path of the networkx adapter found.
enum Num {
    Int(i64),
    Inf,
}

/// An attribute read as an integer (or `+inf` where `inf_ok`); `None` when the value needs the
/// general path (floats, fractions, huge integers, anything else).
fn int_attr(v: Option<Bound<'_, PyAny>>, default: Num, inf_ok: bool) -> Option<Num> {
    let Some(v) = v else { return Some(default) };
    if v.is_exact_instance_of::<pyo3::types::PyInt>() {
        return v
            .extract::<i64>()
            .ok()
            .filter(|x| x.unsigned_abs() < 1 << 61)
            .map(Num::Int);
    }
    if inf_ok && v.is_exact_instance_of::<pyo3::types::PyFloat>() {
        let f: f64 = v.extract().ok()?;
        if f == f64::INFINITY {
            return Some(Num::Inf);
        }
    }
    None
}

/// A zero-capacity edge of the fast path: its tail's index, its head and its key (multigraphs).
type EdgeRef<'py> = (u32, Bound<'py, PyAny>, Option<Bound<'py, PyAny>>);

/// An attribute name as the graph's own dicts spell it. CPython matches a dict key by identity
/// before comparing text, so once a dict has shown the very string object it holds for the
/// name, later look-ups use that object: graphs read from a pickle share one such object per
/// name, which is not the caller's, and each look-up would otherwise compare the strings.
struct AttrKey<'py> {
    key: Bound<'py, PyAny>,
    adopted: bool,
}

impl<'py> AttrKey<'py> {
    fn new(key: &Bound<'py, PyAny>) -> Self {
        // Only plain strings: comparing them runs no user code.
        let plain = key.is_exact_instance_of::<pyo3::types::PyString>();
        AttrKey {
            key: key.clone(),
            adopted: !plain,
        }
    }

    /// `d[name]`, if present.
    fn get(&mut self, d: &Bound<'py, pyo3::types::PyDict>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let value = d.get_item(&self.key)?;
        if !self.adopted && value.is_some() {
            self.adopted = true;
            for (k, _) in d.iter() {
                if k.is_exact_instance_of::<pyo3::types::PyString>() && k.eq(&self.key)? {
                    self.key = k;
                    break;
                }
            }
        }
        Ok(value)
    }
}

/// `obj` as a dict: the exact type by a pointer comparison, subclasses by the slower check.
fn as_dict<'py>(obj: Bound<'py, PyAny>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    match obj.cast_into_exact::<pyo3::types::PyDict>() {
        Ok(d) => Ok(d),
        Err(e) => Ok(e.into_inner().cast_into::<pyo3::types::PyDict>()?),
    }
}

/// How the fast path finds a node's position from its key.
enum NodeIndex<'py> {
    /// Every node is a plain `int` in `min..min + table.len()` (the common `0..n` and `1..n`):
    /// a table read instead of a Python dict look-up per edge end.
    Dense { min: i64, table: Vec<u32> },
    /// Any other keys: a dict from key to position.
    Dict(Bound<'py, pyo3::types::PyDict>),
}

impl<'py> NodeIndex<'py> {
    /// The index of nodes `keys`, whose `int` values (where all are plain `int`s) are `ints`.
    fn new(py: Python<'py>, keys: &[Bound<'py, PyAny>], ints: Option<&[i64]>) -> PyResult<Self> {
        if let Some(ints) = ints
            && let (Some(&min), Some(&max)) = (ints.iter().min(), ints.iter().max())
        {
            // Keys spread wider than a few times the node count would make the table large and
            // sparse for nothing: those graphs use the dict.
            let span = max.abs_diff(min);
            if span < 4 * ints.len() as u64 + 64 {
                let mut table = vec![NONE; span as usize + 1];
                for (i, &k) in ints.iter().enumerate() {
                    table[k.abs_diff(min) as usize] = i as u32;
                }
                return Ok(NodeIndex::Dense { min, table });
            }
        }
        let index = pyo3::types::PyDict::new(py);
        for (i, u) in keys.iter().enumerate() {
            index.set_item(u, i)?;
        }
        Ok(NodeIndex::Dict(index))
    }

    /// The position of node `v`; `None` when it is not found, or when it would take Python's
    /// equality across types to find it (an edge end `1.0` or `True` for the node `1`): the
    /// general path handles those.
    fn get(&self, v: &Bound<'py, PyAny>) -> PyResult<Option<u32>> {
        match self {
            NodeIndex::Dense { min, table } => {
                if !v.is_exact_instance_of::<pyo3::types::PyInt>() {
                    return Ok(None);
                }
                let Ok(k) = v.extract::<i64>() else {
                    return Ok(None);
                };
                Ok(k.checked_sub(*min)
                    .and_then(|d| usize::try_from(d).ok())
                    .and_then(|d| table.get(d).copied())
                    .filter(|&i| i != NONE))
            }
            NodeIndex::Dict(index) => index.get_item(v)?.map(|i| i.extract::<u32>()).transpose(),
        }
    }
}

/// No node.
const NONE: u32 = u32::MAX;

/// The fast path of `quanyu.flow.network_simplex` for networkx graphs whose demands,
/// capacities and weights are all plain integers (capacities may be missing or `inf`) and that
/// pass networkx's input checks: reads the graph's adjacency directly, solves, and builds the
/// flow dict in networkx's order. Returns `None` whenever anything needs the general path
/// (which raises networkx's exceptions), or `("infeasible",)`.
///
/// Each call into the interpreter costs about as much as the work it does here (the stable ABI
/// makes even reference counting a call), so the reader keeps them few: every flow dict entry
/// is written once as the edge is read, with a shared 0, and only the arcs that carry flow are
/// written again after the solve (a few hundred of NETGEN's 1416 arcs).
#[pyfunction]
pub(crate) fn _nx_simplex_ints<'py>(
    py: Python<'py>,
    graph: &Bound<'py, PyAny>,
    demand: &Bound<'py, PyAny>,
    capacity: &Bound<'py, PyAny>,
    weight: &Bound<'py, PyAny>,
    multigraph: bool,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    use pyo3::types::{PyDict, PyTuple};
    let nodes = graph.getattr("_node")?.cast_into::<PyDict>()?;
    let succ = graph.getattr("_succ")?.cast_into::<PyDict>()?;
    let n = nodes.len();
    if n == 0 || n >= NONE as usize {
        return Ok(None);
    }
    let out = PyDict::new(py);
    let mut keys: Vec<Bound<'py, PyAny>> = Vec::with_capacity(n);
    let mut ints: Option<Vec<i64>> = Some(Vec::with_capacity(n));
    let mut per_node: Vec<Bound<'py, PyDict>> = Vec::with_capacity(n);
    let mut supply = Vec::with_capacity(n);
    let mut total: i128 = 0;
    let mut demand = AttrKey::new(demand);
    for (u, attrs) in nodes.iter() {
        match int_attr(demand.get(&as_dict(attrs)?)?, Num::Int(0), false) {
            Some(Num::Int(d)) => {
                supply.push(-d);
                total += i128::from(d);
            }
            _ => return Ok(None),
        }
        if let Some(v) = &mut ints {
            match u.is_exact_instance_of::<pyo3::types::PyInt>() {
                true => match u.extract::<i64>() {
                    Ok(k) => v.push(k),
                    Err(_) => ints = None,
                },
                false => ints = None,
            }
        }
        let d = PyDict::new(py);
        out.set_item(&u, &d)?;
        per_node.push(d);
        keys.push(u);
    }
    if total != 0 || keys.len() != n {
        return Ok(None);
    }
    let index = NodeIndex::new(py, &keys, ints.as_deref())?;
    let zero_flow = 0i64.into_pyobject(py)?;
    // Kept arcs (networkx drops self-loops and zero-capacity edges), entered in the flow dict
    // with 0 as they are read, and zero-capacity edges, entered after all others. Like networkx,
    // the entries of kept arcs are keyed by the node objects and those of zero-capacity edges by
    // the edge's own ends (which may be other objects equal to the nodes).
    let (mut tail, mut head, mut cap, mut cost) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut arc_keys: Vec<Bound<'py, PyAny>> = Vec::new();
    let mut zero: Vec<EdgeRef<'py>> = Vec::new();
    let (mut capacity, mut weight) = (AttrKey::new(capacity), AttrKey::new(weight));
    for (i, (u, nbrs)) in succ.iter().enumerate() {
        // networkx keeps `_succ` in the order of `_node`, with the same key objects: an
        // identity check then finds the tail without a look-up.
        let ui = match keys.get(i) {
            Some(k) if k.is(&u) => i as u32,
            _ => match index.get(&u)? {
                Some(ui) => ui,
                None => return Ok(None),
            },
        };
        let du = &per_node[ui as usize];
        for (v, data) in as_dict(nbrs)?.iter() {
            let Some(vi) = index.get(&v)? else {
                return Ok(None);
            };
            if ui == vi {
                return Ok(None); // self-loops: the general path
            }
            let head_node = &keys[vi as usize];
            // One edge (one key of a multigraph's pair): Some(None) for a zero capacity, None
            // for the general path.
            let mut read = |d: Bound<'py, PyAny>| -> PyResult<Option<Option<(i64, i64)>>> {
                let d = as_dict(d)?;
                let c = int_attr(capacity.get(&d)?, Num::Inf, true);
                let w = int_attr(weight.get(&d)?, Num::Int(0), false);
                Ok(match (c, w) {
                    (Some(Num::Int(0)), Some(Num::Int(_))) => Some(None),
                    (Some(Num::Int(c)), Some(Num::Int(w))) if c > 0 => Some(Some((c, w))),
                    (Some(Num::Inf), Some(Num::Int(w))) => Some(Some((flow::UNBOUNDED, w))),
                    _ => None,
                })
            };
            let mut arc = |c: i64, w: i64| {
                tail.push(ui);
                head.push(vi);
                cap.push(c);
                cost.push(w);
            };
            if multigraph {
                let mut dv: Option<Bound<'py, PyDict>> = None;
                for (k, d) in as_dict(data)?.iter() {
                    match read(d)? {
                        None => return Ok(None),
                        Some(None) => zero.push((ui, v.clone(), Some(k))),
                        Some(Some((c, w))) => {
                            arc(c, w);
                            let dv = match &dv {
                                Some(dv) => dv,
                                None => dv.insert(new_or_existing(du, head_node)?),
                            };
                            dv.set_item(&k, &zero_flow)?;
                            arc_keys.push(k);
                        }
                    }
                }
            } else {
                match read(data)? {
                    None => return Ok(None),
                    Some(None) => zero.push((ui, v, None)),
                    Some(Some((c, w))) => {
                        arc(c, w);
                        du.set_item(head_node, &zero_flow)?;
                    }
                }
            }
        }
    }
    for (ui, v, key) in &zero {
        let du = &per_node[*ui as usize];
        match key {
            None => du.set_item(v, &zero_flow)?,
            Some(k) => new_or_existing(du, v)?.set_item(k, &zero_flow)?,
        }
    }
    let solved =
        py.detach(|| flow::solve_arcs(&supply, &tail, &head, &cap, &cost, SupplyMode::Exact));
    let s = match solved {
        Ok(s) => s,
        Err(FlowError::Infeasible { .. }) => {
            return Ok(Some(PyTuple::new(py, ["infeasible"])?.into_any()));
        }
        Err(_) => return Ok(None),
    };
    // Replacing the value of a key keeps the entry's place: the order stays networkx's.
    for (a, &x) in s.flow.iter().enumerate() {
        if x == 0 {
            continue;
        }
        let du = &per_node[tail[a] as usize];
        let head_node = &keys[head[a] as usize];
        if multigraph {
            new_or_existing(du, head_node)?.set_item(&arc_keys[a], x)?;
        } else {
            du.set_item(head_node, x)?;
        }
    }
    Ok(Some(
        PyTuple::new(py, [s.cost.into_pyobject(py)?.into_any(), out.into_any()])?.into_any(),
    ))
}

/// The dict `d[v]` of a multigraph's flow dict, created empty if missing.
fn new_or_existing<'py>(
    d: &Bound<'py, pyo3::types::PyDict>,
    v: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    match d.get_item(v)? {
        Some(dv) => Ok(dv.cast_into::<pyo3::types::PyDict>()?),
        None => {
            let dv = pyo3::types::PyDict::new(d.py());
            d.set_item(v, &dv)?;
            Ok(dv)
        }
    }
}
