//! `quanyu.flow` natives: the `MinCostFlow` builder (the one way into the solver, also from
//! numpy arrays), its solution, and the scipy-compatible linear sum assignment.

use numpy::{IntoPyArray, PyArray1, PyArrayMethods, PyReadonlyArray2};
use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyValueError};
use pyo3::prelude::*;

use quanyu::flow::{self, Capacity, FlowError, FlowSolution, MinCostFlow, PivotRule, SupplyMode};

use crate::errors::{IntoPyResult, invalid};

/// Flow errors: infeasible and unbounded as quanyu's errors, a result beyond its type as
/// Python's `OverflowError`.
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
            format!("unknown supply mode `{name}`: expected Exact, SupplyAtMost or DemandAtMost"),
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

fn rule(name: &str) -> PyResult<PivotRule> {
    match name
        .to_ascii_lowercase()
        .replace(['_', '-', ' '], "")
        .as_str()
    {
        "blocksearch" => Ok(PivotRule::BlockSearch),
        "networkx" => Ok(PivotRule::Networkx),
        _ => Err(invalid(
            "pivot_rule",
            format!("unknown pivot rule `{name}`: expected BlockSearch or Networkx"),
        )),
    }
}

fn rule_name(r: PivotRule) -> &'static str {
    match r {
        PivotRule::BlockSearch => "BlockSearch",
        PivotRule::Networkx => "Networkx",
    }
}

fn node(v: i128, n: usize, name: &str) -> PyResult<usize> {
    usize::try_from(v)
        .ok()
        .filter(|&i| i < n)
        .ok_or_else(|| invalid(name, format!("node {v} is out of range: expected 0..{n}")))
}

fn int64(v: i128, name: &str) -> PyResult<i64> {
    i64::try_from(v).map_err(|_| {
        invalid(
            name,
            format!("{v} is out of range: expected a 64-bit integer, -2**63 to 2**63 - 1"),
        )
    })
}

/// A capacity from Python: `None` or `inf` is unbounded, an integer (or an integral float) from
/// 0 to 2**63 - 1 is finite. The error says what `v` is and what was expected.
fn capacity_value(v: &Bound<'_, PyAny>) -> Result<Capacity, String> {
    if v.is_none() {
        return Ok(Capacity::Unbounded);
    }
    if let Ok(c) = v.extract::<i128>() {
        return match i64::try_from(c) {
            Ok(c) if c >= 0 => Ok(Capacity::Finite(c)),
            _ => Err(format!(
                "{c}: expected 0 to 2**63 - 1, or None or inf for unbounded"
            )),
        };
    }
    if let Ok(f) = v.extract::<f64>() {
        if f == f64::INFINITY {
            return Ok(Capacity::Unbounded);
        }
        // 2**63 is the first float past i64::MAX (exactly representable, unlike i64::MAX).
        const TWO_TO_THE_63: f64 = 9_223_372_036_854_775_808.0;
        if f.fract() == 0.0 && (0.0..TWO_TO_THE_63).contains(&f) {
            return Ok(Capacity::Finite(f as i64));
        }
        return Err(format!(
            "{f}: expected an integer from 0 to 2**63 - 1, or inf"
        ));
    }
    let shown = v.repr().map(|r| r.to_string()).unwrap_or_default();
    Err(format!("{shown}: expected an integer, inf or None"))
}

fn capacity_of(v: &Bound<'_, PyAny>, name: &str) -> PyResult<Capacity> {
    capacity_value(v).map_err(|m| invalid(name, format!("is {m}")))
}

/// A one-dimensional array argument read as `i64`: an int64 numpy array is read in place;
/// anything else iterable is read element by element (any integer type, no floats).
enum Ints<'py> {
    Array(numpy::PyReadonlyArray1<'py, i64>),
    Owned(Vec<i64>),
}

impl Ints<'_> {
    fn get<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Ints<'py>> {
        if let Ok(a) = obj.cast::<PyArray1<i64>>() {
            return Ok(Ints::Array(a.readonly()));
        }
        let mut out = Vec::new();
        let items = obj.try_iter().map_err(|_| {
            invalid(
                name,
                "expected a one-dimensional array or sequence of integers",
            )
        })?;
        for (i, item) in items.enumerate() {
            let item = item?;
            let x = item.extract::<i128>().map_err(|_| {
                invalid(
                    name,
                    format!(
                        "element {i} is {}: expected an integer",
                        item.repr().map(|r| r.to_string()).unwrap_or_default()
                    ),
                )
            })?;
            out.push(int64(x, name).map_err(|_| {
                invalid(
                    name,
                    format!("element {i} is {x}: expected a 64-bit integer, -2**63 to 2**63 - 1"),
                )
            })?);
        }
        Ok(Ints::Owned(out))
    }

    fn slice(&self) -> PyResult<std::borrow::Cow<'_, [i64]>> {
        Ok(match self {
            Ints::Array(a) => match a.as_slice() {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => std::borrow::Cow::Owned(a.as_array().iter().copied().collect()),
            },
            Ints::Owned(v) => std::borrow::Cow::Borrowed(&v[..]),
        })
    }
}

/// Capacities from an array or sequence: an integer numpy array is all finite; elsewhere each
/// element may also be `inf` or `None` (unbounded).
fn capacity_list(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<Capacity>> {
    if let Ok(a) = obj.cast::<PyArray1<i64>>() {
        let a = a.readonly();
        return a
            .as_array()
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if c < 0 {
                    Err(invalid(
                        name,
                        format!("element {i} is {c}: expected 0 or more"),
                    ))
                } else {
                    Ok(Capacity::Finite(c))
                }
            })
            .collect();
    }
    let items = obj
        .try_iter()
        .map_err(|_| invalid(name, "expected a one-dimensional array or sequence"))?;
    items
        .enumerate()
        .map(|(i, item)| {
            capacity_value(&item?).map_err(|m| invalid(name, format!("element {i} is {m}")))
        })
        .collect()
}

/// An optimal flow: ``cost``, the ``flow`` of each arc and a ``potential`` for each node
/// (lists), or the same as int64 numpy arrays from ``flow_array()`` and ``potential_array()``.
///
/// >>> from quanyu.flow import MinCostFlow
/// >>> p = MinCostFlow(3)
/// >>> p.set_supply(0, 2); p.set_supply(2, -2)
/// >>> arcs = [p.add_arc(0, 1, None, 1), p.add_arc(1, 2, None, 1), p.add_arc(0, 2, None, 3)]
/// >>> s = p.solve()
/// >>> s, s.cost, s.flow
/// (FlowSolution(cost=4, flow=<3 arcs>, potential=<3 nodes>), 4, [2, 2, 0])
#[pyclass(module = "quanyu._quanyu", name = "FlowSolution", frozen)]
pub(crate) struct PyFlowSolution {
    inner: FlowSolution,
}

#[pymethods]
impl PyFlowSolution {
    /// The total cost.
    #[getter]
    fn cost(&self) -> i128 {
        self.inner.cost
    }

    /// The flow on each arc, by arc index.
    #[getter]
    fn flow(&self) -> Vec<i64> {
        self.inner.flow.clone()
    }

    /// A node potential (dual price) for each node, by node index.
    #[getter]
    fn potential(&self) -> PyResult<Vec<i128>> {
        let n = self.inner.node_count();
        let mut out = Vec::new();
        out.try_reserve_exact(n).map_err(|_| {
            PyMemoryError::new_err(format!("no memory for the potentials of {n} nodes"))
        })?;
        out.extend((0..n).map(|v| self.inner.potential(v)));
        Ok(out)
    }

    /// The flow on each arc as an int64 numpy array.
    fn flow_array<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i64>> {
        PyArray1::from_slice(py, &self.inner.flow)
    }

    /// The potential of each node as an int64 numpy array; ``OverflowError`` naming the node
    /// if one needs more than 64 bits (costs near 2**63 can make them that large).
    fn potential_array<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<i64>>> {
        let n = self.inner.node_count();
        let mut out = Vec::new();
        out.try_reserve_exact(n).map_err(|_| {
            PyMemoryError::new_err(format!("no memory for the potentials of {n} nodes"))
        })?;
        for v in 0..n {
            let p = self.inner.potential(v);
            out.push(i64::try_from(p).map_err(|_| {
                PyOverflowError::new_err(format!(
                    "the potential of node {v} is {p}: expected a 64-bit integer (use `potential`)"
                ))
            })?);
        }
        Ok(out.into_pyarray(py))
    }

    fn __repr__(&self) -> String {
        format!(
            "FlowSolution(cost={}, flow=<{} arcs>, potential=<{} nodes>)",
            self.inner.cost,
            self.inner.flow.len(),
            self.inner.node_count()
        )
    }
}

/// A min-cost-flow problem on nodes ``0..n``, built arc by arc or from arrays, solved exactly
/// by the network simplex. Integer supplies, capacities (``None`` or ``inf``: unbounded) and
/// costs; any 64-bit value is accepted.
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
///
/// The same from numpy arrays, as with OR-Tools' ``SimpleMinCostFlow``:
///
/// >>> import numpy as np
/// >>> q = MinCostFlow(4)
/// >>> q.add_arcs(np.array([0, 0, 1, 1]), np.array([2, 3, 2, 3]), np.full(4, 10), np.array([1, 3, 2, 1]))
/// range(0, 4)
/// >>> q.set_supplies(np.array([3, 2, -4, -1]))
/// >>> s = q.solve()
/// >>> s.flow_array().tolist(), s.potential_array().dtype
/// ([3, 0, 1, 1], dtype('int64'))
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
        if n > flow::MAX_NODES {
            return Err(invalid(
                "node_count",
                format!("{n} nodes: expected at most {}", flow::MAX_NODES),
            ));
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
        if self.inner.node_count() >= flow::MAX_NODES {
            return Err(invalid(
                "supply",
                format!(
                    "no room for another node: at most {} nodes",
                    flow::MAX_NODES
                ),
            ));
        }
        Ok(self.inner.add_node(int64(supply, "supply")?))
    }

    /// Sets the supply of ``node`` (negative: a demand).
    fn set_supply(&mut self, node: i128, supply: i128) -> PyResult<()> {
        let n = self::node(node, self.inner.node_count(), "node")?;
        self.inner.set_supply(n, int64(supply, "supply")?).py_err()
    }

    /// Sets the supplies of many nodes at once: ``supplies[i]`` for node ``nodes[i]``, or for
    /// node ``i`` when ``nodes`` is omitted. Arrays (numpy or any sequence of integers).
    #[pyo3(signature = (supplies, nodes=None))]
    fn set_supplies(
        &mut self,
        supplies: &Bound<'_, PyAny>,
        nodes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let supplies = Ints::get(supplies, "supplies")?;
        let supplies = supplies.slice()?;
        let n = self.inner.node_count();
        match nodes {
            None => {
                if supplies.len() > n {
                    return Err(invalid(
                        "supplies",
                        format!(
                            "{} supplies: expected at most one per node, {n}",
                            supplies.len()
                        ),
                    ));
                }
                for (v, &s) in supplies.iter().enumerate() {
                    self.inner.set_supply(v, s).py_err()?;
                }
            }
            Some(nodes) => {
                let nodes = Ints::get(nodes, "nodes")?;
                let nodes = nodes.slice()?;
                if nodes.len() != supplies.len() {
                    return Err(invalid(
                        "supplies",
                        format!(
                            "{} supplies for {} nodes: expected one per node",
                            supplies.len(),
                            nodes.len()
                        ),
                    ));
                }
                for (i, (&v, &s)) in nodes.iter().zip(supplies.iter()).enumerate() {
                    let v = node(v.into(), n, "nodes").map_err(|_| {
                        invalid("nodes", format!("element {i} is node {v}: expected 0..{n}"))
                    })?;
                    self.inner.set_supply(v, s).py_err()?;
                }
            }
        }
        Ok(())
    }

    /// The supplies, by node.
    fn supplies(&self) -> PyResult<Vec<i64>> {
        let n = self.inner.node_count();
        let mut out = Vec::new();
        out.try_reserve_exact(n).map_err(|_| {
            PyMemoryError::new_err(format!("no memory for the supplies of {n} nodes"))
        })?;
        out.resize(n, 0);
        for (v, s) in self.inner.supplies() {
            out[v] = s;
        }
        Ok(out)
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

    /// How the simplex picks its pivots: ``"BlockSearch"`` (the default, fast) or
    /// ``"Networkx"`` (networkx's rule: the same flow as ``networkx.network_simplex`` when
    /// several are optimal).
    #[getter]
    fn get_pivot_rule(&self) -> &'static str {
        rule_name(self.inner.pivot_rule())
    }

    #[setter]
    fn set_pivot_rule(&mut self, value: &str) -> PyResult<()> {
        self.inner.set_pivot_rule(rule(value)?);
        Ok(())
    }

    /// Adds an arc ``tail → head`` with ``capacity`` (``None`` or ``inf``: unbounded),
    /// ``cost`` and an optional ``lower`` bound; returns its index.
    #[pyo3(signature = (tail, head, capacity=None, cost=0, lower=0))]
    fn add_arc(
        &mut self,
        tail: i128,
        head: i128,
        capacity: Option<&Bound<'_, PyAny>>,
        cost: i128,
        lower: i128,
    ) -> PyResult<usize> {
        let n = self.inner.node_count();
        let (t, h) = (node(tail, n, "tail")?, node(head, n, "head")?);
        let cap = match capacity {
            None => Capacity::Unbounded,
            Some(c) => capacity_of(c, "capacity")?,
        };
        let cost = int64(cost, "cost")?;
        let lower = int64(lower, "lower")?;
        self.inner
            .add_arc_with_lower_bound(t, h, lower, cap, cost)
            .py_err()
    }

    /// Adds one arc per element of the arrays ``tails``, ``heads``, ``capacities`` and
    /// ``costs`` (and ``lowers``, the lower bounds, if given): numpy arrays or sequences.
    /// Capacities may be a float array with ``inf`` for unbounded arcs. Returns the range of
    /// the new arcs' indices; on an error nothing is added.
    #[pyo3(signature = (tails, heads, capacities, costs, lowers=None))]
    fn add_arcs(
        &mut self,
        py: Python<'_>,
        tails: &Bound<'_, PyAny>,
        heads: &Bound<'_, PyAny>,
        capacities: &Bound<'_, PyAny>,
        costs: &Bound<'_, PyAny>,
        lowers: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let (tails, heads) = (Ints::get(tails, "tails")?, Ints::get(heads, "heads")?);
        let (tails, heads) = (tails.slice()?, heads.slice()?);
        let caps = capacity_list(capacities, "capacities")?;
        let costs = Ints::get(costs, "costs")?;
        let costs = costs.slice()?;
        let lowers = lowers.map(|l| Ints::get(l, "lowers")).transpose()?;
        let lowers = lowers.as_ref().map(Ints::slice).transpose()?;
        let m = tails.len();
        for (name, len) in [
            ("heads", heads.len()),
            ("capacities", caps.len()),
            ("costs", costs.len()),
            ("lowers", lowers.as_ref().map_or(m, |l| l.len())),
        ] {
            if len != m {
                return Err(invalid(
                    name,
                    format!("{len} elements: expected one per arc, as in `tails` ({m})"),
                ));
            }
        }
        let n = self.inner.node_count();
        let first = self.inner.arc_count();
        self.inner.reserve_arcs(m);
        for i in 0..m {
            let end = |v: i64, name: &str| {
                usize::try_from(v).ok().filter(|&v| v < n).ok_or_else(|| {
                    invalid(name, format!("element {i} is node {v}: expected 0..{n}"))
                })
            };
            let added = end(tails[i], "tails").and_then(|t| {
                let h = end(heads[i], "heads")?;
                let lower = lowers.as_ref().map_or(0, |l| l[i]);
                self.inner
                    .add_arc_with_lower_bound(t, h, lower, caps[i], costs[i])
                    .map_err(|e| match e {
                        FlowError::InvalidInput { name, message } => invalid(
                            match name {
                                "lower" => "lowers",
                                "capacity" => "capacities",
                                other => other,
                            },
                            format!("element {i}: {message}"),
                        ),
                        other => flow_err(py, other),
                    })
            });
            if let Err(e) = added {
                // All or nothing: the arcs of this call go again.
                self.inner.truncate_arcs(first);
                return Err(e);
            }
        }
        Ok(
            pyo3::types::PyRange::new(py, first as isize, (first + m) as isize)?
                .into_any()
                .unbind(),
        )
    }

    /// Solves exactly (network simplex), with the GIL released and without copying the problem.
    fn solve(&self, py: Python<'_>) -> PyResult<PyFlowSolution> {
        let inner = &self.inner;
        let s = py.detach(|| inner.solve()).map_err(|e| flow_err(py, e))?;
        Ok(PyFlowSolution { inner: s })
    }

    /// The problem in DIMACS min-cost-flow format.
    fn to_dimacs(&self) -> PyResult<String> {
        let mut out = Vec::new();
        flow::dimacs::write_problem(&mut out, &self.inner).py_err()?;
        String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A problem from DIMACS min-cost-flow text.
    #[staticmethod]
    fn from_dimacs(text: &str) -> PyResult<Self> {
        Ok(PyMinCostFlow {
            inner: flow::dimacs::parse_problem(text).py_err()?,
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
