//! The DIMACS min-cost-flow format: problems and solutions, read and written.
//!
//! Problem files (nodes are numbered from 1 in the file, from 0 in [`DimacsProblem`]):
//!
//! ```text
//! c a comment
//! p min NODES ARCS
//! n ID FLOW              supply (FLOW > 0) or demand (FLOW < 0); unlisted nodes have 0
//! a SRC DST LOW CAP COST one line per arc, 0 <= LOW <= CAP
//! ```
//!
//! Lower bounds are supported (the solver ships them first and adds them back). A capacity of
//! `i64::MAX` (9223372036854775807) means unbounded. Solution files hold `s COST`, then one
//! `f TAIL HEAD FLOW` line per arc with positive flow, and optional `c` lines.
//!
//! Anything malformed — a missing or repeated `p` line, a line before it, counts that do not
//! match, a bad number, a node out of range, conflicting `n` lines for one node — is refused
//! with [`FlowError::Parse`] and the 1-based line number.
//!
//! ```
//! use quanyu::flow::dimacs;
//!
//! let text = "c two nodes\np min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 4\n";
//! let problem = dimacs::parse_problem(text)?;
//! let solution = problem.solve()?;
//! let mut out = Vec::new();
//! dimacs::write_solution(&mut out, &problem, &solution)?;
//! assert_eq!(String::from_utf8(out).unwrap(), "s 12\nf 1 2 3\n");
//! # Ok::<(), quanyu::flow::FlowError>(())
//! ```

use std::io::{BufRead, Write};

use super::error::FlowError;
use super::problem::{FlowSolution, MinCostFlow};

/// One arc of a [`DimacsProblem`], with 0-based node numbers.
///
/// ```
/// let a = quanyu::flow::dimacs::DimacsArc { tail: 0, head: 1, lower: 0, capacity: 5, cost: 2 };
/// assert_eq!(a.capacity, 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DimacsArc {
    /// The 0-based tail node (`SRC - 1`).
    pub tail: usize,
    /// The 0-based head node (`DST - 1`).
    pub head: usize,
    /// The lower bound on the flow.
    pub lower: i64,
    /// The capacity; `i64::MAX` means unbounded.
    pub capacity: i64,
    /// The cost per unit.
    pub cost: i64,
}

/// A min-cost-flow problem as it appears in a DIMACS file, with 0-based node numbers.
///
/// ```
/// use quanyu::flow::dimacs::{DimacsArc, DimacsProblem};
/// let p = DimacsProblem {
///     supply: vec![2, -2],
///     arcs: vec![DimacsArc { tail: 0, head: 1, lower: 0, capacity: 2, cost: 3 }],
/// };
/// assert_eq!(p.solve().unwrap().cost, 6);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DimacsProblem {
    /// The supply of each node (negative = demand).
    pub supply: Vec<i64>,
    /// The arcs, in file order.
    pub arcs: Vec<DimacsArc>,
}

impl DimacsProblem {
    /// The problem as a [`MinCostFlow`] (arc `i` of the problem is arc `i` of the builder).
    ///
    /// # Errors
    ///
    /// [`FlowError::InvalidInput`] for arcs out of range or with bad bounds (the reader never
    /// produces them).
    ///
    /// ```
    /// let p = quanyu::flow::dimacs::parse_problem("p min 2 1\na 1 2 0 1 1\n").unwrap();
    /// assert_eq!(p.to_min_cost_flow().unwrap().arc_count(), 1);
    /// ```
    pub fn to_min_cost_flow(&self) -> Result<MinCostFlow, FlowError> {
        let mut mcf = MinCostFlow::with_arc_capacity(self.supply.len(), self.arcs.len());
        for (v, &s) in self.supply.iter().enumerate() {
            mcf.set_supply(v, s)?;
        }
        for a in &self.arcs {
            mcf.add_arc_with_lower_bound(a.tail, a.head, a.lower, a.capacity, a.cost)?;
        }
        Ok(mcf)
    }

    /// Solves the problem (exact supplies, as DIMACS requires).
    ///
    /// # Errors
    ///
    /// As [`MinCostFlow::solve`].
    ///
    /// ```
    /// let p = quanyu::flow::dimacs::parse_problem("p min 2 1\nn 1 1\nn 2 -1\na 1 2 0 1 9\n").unwrap();
    /// assert_eq!(p.solve().unwrap().cost, 9);
    /// ```
    pub fn solve(&self) -> Result<FlowSolution, FlowError> {
        self.to_min_cost_flow()?.solve()
    }
}

impl From<&MinCostFlow> for DimacsProblem {
    /// The DIMACS form of a [`MinCostFlow`] (its supply mode is not part of the format).
    ///
    /// ```
    /// use quanyu::flow::{dimacs::DimacsProblem, MinCostFlow};
    /// let mut p = MinCostFlow::new(2);
    /// p.add_arc_with_lower_bound(0, 1, 1, 4, 3).unwrap();
    /// let d = DimacsProblem::from(&p);
    /// assert_eq!((d.arcs[0].lower, d.arcs[0].capacity), (1, 4));
    /// ```
    fn from(p: &MinCostFlow) -> Self {
        let arcs = (0..p.tail.len())
            .map(|a| DimacsArc {
                tail: p.tail[a] as usize,
                head: p.head[a] as usize,
                lower: p.lower.get(a).copied().unwrap_or(0),
                capacity: p.capacity[a],
                cost: p.cost[a],
            })
            .collect();
        DimacsProblem {
            supply: p.supply.clone(),
            arcs,
        }
    }
}

/// A DIMACS solution: the cost and the arcs with positive flow.
///
/// ```
/// let s = quanyu::flow::dimacs::parse_solution("c ok\ns 12\nf 1 2 3\n").unwrap();
/// assert_eq!(s.cost, 12);
/// assert_eq!(s.flows, vec![(0, 1, 3)]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DimacsSolution {
    /// The total cost from the `s` line.
    pub cost: i128,
    /// `(tail, head, flow)` per `f` line, 0-based nodes, in file order.
    pub flows: Vec<(usize, usize, i64)>,
}

/// Parses a problem from text.
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line number.
///
/// ```
/// let err = quanyu::flow::dimacs::parse_problem("p min 2 1\na 1 3 0 1 1\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 2: node 3 out of range 1..=2");
/// ```
pub fn parse_problem(text: &str) -> Result<DimacsProblem, FlowError> {
    read_problem(text.as_bytes())
}

/// Reads a problem from a reader (a file, a buffer...).
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line number; [`FlowError::Io`] if reading fails.
///
/// ```
/// let p = quanyu::flow::dimacs::read_problem(&b"p min 1 0\n"[..]).unwrap();
/// assert_eq!(p.supply, vec![0]);
/// ```
pub fn read_problem(mut reader: impl BufRead) -> Result<DimacsProblem, FlowError> {
    let mut line_buf = Vec::new();
    let mut line_no = 0u64;
    let mut header: Option<(u64, usize, usize)> = None; // (line, nodes, arcs)
    let mut problem = DimacsProblem::default();
    let mut supply_line: Vec<u64> = Vec::new(); // where each node's `n` line was, 0 = none
    loop {
        line_buf.clear();
        if reader.read_until(b'\n', &mut line_buf)? == 0 {
            break;
        }
        line_no += 1;
        let line =
            std::str::from_utf8(&line_buf).map_err(|_| parse_error(line_no, "not valid UTF-8"))?;
        let mut fields = line.split_ascii_whitespace();
        let Some(kind) = fields.next() else { continue };
        let mut next = |what: &str| {
            fields
                .next()
                .ok_or_else(|| parse_error(line_no, format!("missing {what}")))
        };
        match kind {
            "c" => continue,
            "p" => {
                if let Some((first, _, _)) = header {
                    return Err(parse_error(
                        line_no,
                        format!("second `p` line (first on line {first})"),
                    ));
                }
                let format = next("problem type")?;
                if format != "min" {
                    return Err(parse_error(
                        line_no,
                        format!("problem type `{format}` is not supported (expected `min`)"),
                    ));
                }
                let nodes = number::<usize>(next("node count")?, "node count", line_no)?;
                let arcs = number::<usize>(next("arc count")?, "arc count", line_no)?;
                if nodes >= u32::MAX as usize - 1 || arcs >= u32::MAX as usize - nodes {
                    return Err(parse_error(
                        line_no,
                        "too many nodes or arcs for u32 indices",
                    ));
                }
                header = Some((line_no, nodes, arcs));
                // A header may ask for more nodes than memory holds: refuse, don't abort.
                let too_big = |_| parse_error(line_no, format!("cannot allocate {nodes} nodes"));
                problem.supply.try_reserve_exact(nodes).map_err(too_big)?;
                supply_line.try_reserve_exact(nodes).map_err(too_big)?;
                problem.supply.resize(nodes, 0);
                supply_line.resize(nodes, 0);
                // Reserve, but not blindly: a lying header must not exhaust memory.
                problem.arcs.reserve(arcs.min(1 << 24));
            }
            "n" => {
                let Some((_, nodes, _)) = header else {
                    return Err(parse_error(line_no, "`n` line before the `p` line"));
                };
                let id = node(next("node id")?, nodes, line_no)?;
                let flow = number::<i64>(next("node supply")?, "node supply", line_no)?;
                if supply_line[id] != 0 && problem.supply[id] != flow {
                    return Err(parse_error(
                        line_no,
                        format!(
                            "node {} has supply {} on line {} but {flow} here",
                            id + 1,
                            problem.supply[id],
                            supply_line[id]
                        ),
                    ));
                }
                problem.supply[id] = flow;
                supply_line[id] = line_no;
            }
            "a" => {
                let Some((_, nodes, arcs)) = header else {
                    return Err(parse_error(line_no, "`a` line before the `p` line"));
                };
                if problem.arcs.len() == arcs {
                    return Err(parse_error(
                        line_no,
                        format!("more `a` lines than the {arcs} arcs declared"),
                    ));
                }
                let tail = node(next("arc tail")?, nodes, line_no)?;
                let head = node(next("arc head")?, nodes, line_no)?;
                let lower = number::<i64>(next("lower bound")?, "lower bound", line_no)?;
                let capacity = number::<i64>(next("capacity")?, "capacity", line_no)?;
                let cost = number::<i64>(next("cost")?, "cost", line_no)?;
                if lower < 0 || capacity < lower {
                    return Err(parse_error(
                        line_no,
                        format!(
                            "bounds must satisfy 0 <= low <= cap, got low {lower}, cap {capacity}"
                        ),
                    ));
                }
                problem.arcs.push(DimacsArc {
                    tail,
                    head,
                    lower,
                    capacity,
                    cost,
                });
            }
            other => {
                return Err(parse_error(line_no, format!("unknown line type `{other}`")));
            }
        }
        if let Some(extra) = fields.next() {
            return Err(parse_error(
                line_no,
                format!("unexpected `{extra}` at the end of the line"),
            ));
        }
    }
    let Some((p_line, _, arcs)) = header else {
        return Err(parse_error(line_no.max(1), "no `p min NODES ARCS` line"));
    };
    if problem.arcs.len() != arcs {
        return Err(parse_error(
            p_line,
            format!(
                "the `p` line declares {arcs} arcs but {} `a` lines follow",
                problem.arcs.len()
            ),
        ));
    }
    Ok(problem)
}

/// Writes a problem in DIMACS form (`n` lines only for non-zero supplies).
///
/// # Errors
///
/// [`FlowError::Io`] if writing fails.
///
/// ```
/// use quanyu::flow::dimacs;
/// let p = dimacs::parse_problem("p min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 1\n").unwrap();
/// let mut out = Vec::new();
/// dimacs::write_problem(&mut out, &p).unwrap();
/// assert_eq!(dimacs::parse_problem(std::str::from_utf8(&out).unwrap()).unwrap(), p);
/// ```
pub fn write_problem(mut out: impl Write, problem: &DimacsProblem) -> Result<(), FlowError> {
    let mut w = std::io::BufWriter::new(&mut out);
    writeln!(w, "p min {} {}", problem.supply.len(), problem.arcs.len())?;
    for (v, &s) in problem.supply.iter().enumerate() {
        if s != 0 {
            writeln!(w, "n {} {s}", v + 1)?;
        }
    }
    for a in &problem.arcs {
        writeln!(
            w,
            "a {} {} {} {} {}",
            a.tail + 1,
            a.head + 1,
            a.lower,
            a.capacity,
            a.cost
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Writes a solution: `s COST`, then `f TAIL HEAD FLOW` for each arc of `problem` with
/// positive flow, in arc order.
///
/// # Errors
///
/// [`FlowError::InvalidInput`] if the solution has a different number of arcs;
/// [`FlowError::Io`] if writing fails.
///
/// ```
/// use quanyu::flow::dimacs;
/// let p = dimacs::parse_problem("p min 2 2\nn 1 1\nn 2 -1\na 1 2 0 1 5\na 1 2 0 1 2\n").unwrap();
/// let mut out = Vec::new();
/// dimacs::write_solution(&mut out, &p, &p.solve().unwrap()).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "s 2\nf 1 2 1\n");
/// ```
pub fn write_solution(
    mut out: impl Write,
    problem: &DimacsProblem,
    solution: &FlowSolution,
) -> Result<(), FlowError> {
    if solution.flow.len() != problem.arcs.len() {
        return Err(FlowError::invalid(
            "solution",
            format!(
                "{} flows for {} arcs",
                solution.flow.len(),
                problem.arcs.len()
            ),
        ));
    }
    let mut w = std::io::BufWriter::new(&mut out);
    writeln!(w, "s {}", solution.cost)?;
    for (a, &f) in problem.arcs.iter().zip(&solution.flow) {
        if f > 0 {
            writeln!(w, "f {} {} {f}", a.tail + 1, a.head + 1)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Parses a solution from text.
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line number.
///
/// ```
/// let err = quanyu::flow::dimacs::parse_solution("f 1 2 3\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 1: `f` line before the `s` line");
/// ```
pub fn parse_solution(text: &str) -> Result<DimacsSolution, FlowError> {
    read_solution(text.as_bytes())
}

/// Reads a solution (`s COST`, `f TAIL HEAD FLOW` lines, `c` comments).
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line number (a missing or repeated `s` line, a bad
/// number, a node id below 1, a negative flow); [`FlowError::Io`] if reading fails.
///
/// ```
/// let s = quanyu::flow::dimacs::read_solution(&b"s -4\nf 2 1 2\n"[..]).unwrap();
/// assert_eq!((s.cost, s.flows[0]), (-4, (1, 0, 2)));
/// ```
pub fn read_solution(mut reader: impl BufRead) -> Result<DimacsSolution, FlowError> {
    let mut solution = DimacsSolution::default();
    let mut s_line = None;
    let mut line_buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        line_buf.clear();
        if reader.read_until(b'\n', &mut line_buf)? == 0 {
            break;
        }
        line_no += 1;
        let line =
            std::str::from_utf8(&line_buf).map_err(|_| parse_error(line_no, "not valid UTF-8"))?;
        let mut fields = line.split_ascii_whitespace();
        let Some(kind) = fields.next() else { continue };
        let mut next = |what: &str| {
            fields
                .next()
                .ok_or_else(|| parse_error(line_no, format!("missing {what}")))
        };
        match kind {
            "c" => continue,
            "s" => {
                if let Some(first) = s_line {
                    return Err(parse_error(
                        line_no,
                        format!("second `s` line (first on line {first})"),
                    ));
                }
                solution.cost = number::<i128>(next("cost")?, "cost", line_no)?;
                s_line = Some(line_no);
            }
            "f" => {
                if s_line.is_none() {
                    return Err(parse_error(line_no, "`f` line before the `s` line"));
                }
                let tail = node(next("arc tail")?, usize::MAX, line_no)?;
                let head = node(next("arc head")?, usize::MAX, line_no)?;
                let flow = number::<i64>(next("flow")?, "flow", line_no)?;
                if flow < 0 {
                    return Err(parse_error(line_no, format!("negative flow {flow}")));
                }
                solution.flows.push((tail, head, flow));
            }
            other => return Err(parse_error(line_no, format!("unknown line type `{other}`"))),
        }
        if let Some(extra) = fields.next() {
            return Err(parse_error(
                line_no,
                format!("unexpected `{extra}` at the end of the line"),
            ));
        }
    }
    if s_line.is_none() {
        return Err(parse_error(line_no.max(1), "no `s COST` line"));
    }
    Ok(solution)
}

fn parse_error(line: u64, message: impl Into<String>) -> FlowError {
    FlowError::Parse {
        line,
        message: message.into(),
    }
}

fn number<T: std::str::FromStr>(text: &str, what: &str, line: u64) -> Result<T, FlowError> {
    text.parse()
        .map_err(|_| parse_error(line, format!("bad {what} `{text}`")))
}

/// A 1-based node id in `1..=nodes`, returned 0-based.
fn node(text: &str, nodes: usize, line: u64) -> Result<usize, FlowError> {
    let id: usize = number(text, "node id", line)?;
    if id == 0 || id > nodes {
        return Err(parse_error(
            line,
            format!("node {id} out of range 1..={nodes}"),
        ));
    }
    Ok(id - 1)
}
