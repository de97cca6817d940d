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

/// An edge of the fast path: its tail's index, its head and its key (multigraphs).
type EdgeRef<'py> = (usize, Bound<'py, PyAny>, Option<Bound<'py, PyAny>>);

/// The fast path of `quanyu.flow.network_simplex` for networkx graphs whose demands,
/// capacities and weights are all plain integers (capacities may be missing or `inf`) and that
/// pass networkx's input checks: reads the graph's adjacency directly, solves, and builds the
/// flow dict in networkx's order. Returns `None` whenever anything needs the general path
/// (which raises networkx's exceptions), or `("infeasible",)`.
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
    let index = PyDict::new(py);
    let out = PyDict::new(py);
    let mut per_node: Vec<Bound<'py, PyDict>> = Vec::with_capacity(nodes.len());
    let mut supply = Vec::with_capacity(nodes.len());
    let mut total: i128 = 0;
    for (i, (u, attrs)) in nodes.iter().enumerate() {
        let attrs = attrs.cast_into::<PyDict>()?;
        match int_attr(attrs.get_item(demand)?, Num::Int(0), false) {
            Some(Num::Int(d)) => {
                supply.push(-d);
                total += i128::from(d);
            }
            _ => return Ok(None),
        }
        index.set_item(&u, i)?;
        let d = PyDict::new(py);
        out.set_item(&u, &d)?;
        per_node.push(d);
    }
    if supply.is_empty() || total != 0 || per_node.len() > u32::MAX as usize {
        return Ok(None);
    }
    let position = |v: &Bound<'py, PyAny>| -> PyResult<Option<usize>> {
        index.get_item(v)?.map(|i| i.extract::<usize>()).transpose()
    };
    // Kept arcs (networkx drops self-loops and zero-capacity edges) and zero-capacity edges.
    let (mut tail, mut head, mut cap, mut cost) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut kept: Vec<EdgeRef<'py>> = Vec::new();
    let mut zero: Vec<EdgeRef<'py>> = Vec::new();
    for (u, nbrs) in succ.iter() {
        let Some(ui) = position(&u)? else {
            return Ok(None);
        };
        for (v, data) in nbrs.cast_into::<PyDict>()?.iter() {
            let Some(vi) = position(&v)? else {
                return Ok(None);
            };
            if ui == vi {
                return Ok(None); // self-loops: the general path
            }
            let mut visit =
                |key: Option<Bound<'py, PyAny>>, d: Bound<'py, PyDict>| -> PyResult<bool> {
                    let c = int_attr(d.get_item(capacity)?, Num::Inf, true);
                    let w = int_attr(d.get_item(weight)?, Num::Int(0), false);
                    let (Some(c), Some(Num::Int(w))) = (c, w) else {
                        return Ok(false);
                    };
                    match c {
                        Num::Int(0) => zero.push((ui, v.clone(), key)),
                        Num::Int(c) if c < 0 => return Ok(false),
                        c => {
                            tail.push(ui as u32);
                            head.push(vi as u32);
                            cap.push(match c {
                                Num::Int(c) => c,
                                Num::Inf => flow::UNBOUNDED,
                            });
                            cost.push(w);
                            kept.push((ui, v.clone(), key));
                        }
                    }
                    Ok(true)
                };
            if multigraph {
                for (k, d) in data.cast_into::<PyDict>()?.iter() {
                    if !visit(Some(k), d.cast_into::<PyDict>()?)? {
                        return Ok(None);
                    }
                }
            } else if !visit(None, data.cast_into::<PyDict>()?)? {
                return Ok(None);
            }
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
    let put = |(ui, v, key): &EdgeRef<'py>, x: i64| -> PyResult<()> {
        let du = &per_node[*ui];
        match key {
            None => du.set_item(v, x),
            Some(k) => {
                let dv = match du.get_item(v)? {
                    Some(d) => d.cast_into::<PyDict>()?,
                    None => {
                        let d = PyDict::new(py);
                        du.set_item(v, &d)?;
                        d
                    }
                };
                dv.set_item(k, x)
            }
        }
    };
    for (e, &x) in kept.iter().zip(&s.flow) {
        put(e, x)?;
    }
    for e in &zero {
        put(e, 0)?;
    }
    Ok(Some(
        PyTuple::new(py, [s.cost.into_pyobject(py)?.into_any(), out.into_any()])?.into_any(),
    ))
}
