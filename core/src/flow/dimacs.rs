//! The DIMACS min-cost-flow format: problems and solutions, read and written.
//!
//! Problem files (nodes are numbered from 1 in the file, from 0 in [`MinCostFlow`]):
//!
//! ```text
//! c a comment
//! p min NODES ARCS
//! n ID FLOW              supply (FLOW > 0) or demand (FLOW < 0); unlisted nodes have 0
//! a SRC DST LOW CAP COST one line per arc, 0 <= LOW <= CAP
//! ```
//!
//! A problem is read straight into the solver's builder, [`MinCostFlow`] (arc `i` is the
//! `i`-th `a` line), and written from one. Lower bounds are supported. The format has no word
//! for an unbounded capacity: a capacity of `i64::MAX` (9223372036854775807) stands for it,
//! both ways. Solution files hold `s COST`, then one `f TAIL HEAD FLOW` line per arc with
//! positive flow, and optional `c` lines.
//!
//! Anything malformed — a missing or repeated `p` line, a line before it, counts that do not
//! match, a bad number, a node out of range, conflicting `n` lines for one node — is refused
//! with [`FlowError::Parse`]: the 1-based line, the field, the text found and what was
//! expected. Memory follows what the text holds, never what its `p` line declares: a header
//! that promises a billion nodes and arcs costs nothing until the lines are there.
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

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use super::error::FlowError;
use super::problem::{Capacity, FlowSolution, MAX_NODES, MinCostFlow};

/// The capacity that stands for "unbounded" in a DIMACS file.
const UNBOUNDED_TEXT: i64 = i64::MAX;

/// At most this many arcs are reserved from the `p` line's count; more room is made as the
/// `a` lines come, so that a lying header cannot claim memory.
const RESERVE_LIMIT: usize = 1 << 16;

/// Parses a problem from text.
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line, the field, the text found and what was
/// expected.
///
/// ```
/// let err = quanyu::flow::dimacs::parse_problem("p min 2 1\na 1 3 0 1 1\n").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 2: field 3 (arc head) is `3`: expected a node id from 1 to 2"
/// );
/// ```
pub fn parse_problem(text: &str) -> Result<MinCostFlow, FlowError> {
    read_problem(text.as_bytes())
}

/// Reads a problem from a reader (a file, a buffer...).
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line, the field, the text found and what was
/// expected; [`FlowError::Io`] if reading fails.
///
/// ```
/// let p = quanyu::flow::dimacs::read_problem(&b"p min 1 0\n"[..]).unwrap();
/// assert_eq!((p.node_count(), p.arc_count()), (1, 0));
/// // A header may promise far more than the text holds: nothing is allocated for it.
/// let p = quanyu::flow::dimacs::read_problem(&b"p min 200000000 0\n"[..]).unwrap();
/// assert_eq!(p.solve().unwrap().cost, 0);
/// ```
pub fn read_problem(mut reader: impl BufRead) -> Result<MinCostFlow, FlowError> {
    let mut line_buf = Vec::new();
    let mut line_no = 0u64;
    let mut header: Option<(u64, usize)> = None; // (line, declared arcs)
    let mut problem = MinCostFlow::new(0);
    // Where each node's `n` line was: only the nodes that have one.
    let mut supply_line: BTreeMap<usize, u64> = BTreeMap::new();
    loop {
        line_buf.clear();
        if reader.read_until(b'\n', &mut line_buf)? == 0 {
            break;
        }
        line_no += 1;
        let line = std::str::from_utf8(&line_buf).map_err(|e| {
            parse_error(
                line_no,
                format!("byte {} is not valid UTF-8", e.valid_up_to() + 1),
            )
        })?;
        let mut fields = Fields::new(line, line_no);
        let Some(kind) = fields.kind() else { continue };
        match kind {
            "c" => continue,
            "p" => {
                if let Some((first, _)) = header {
                    return Err(parse_error(
                        line_no,
                        format!(
                            "a second `p` line: expected one only (the first is on line {first})"
                        ),
                    ));
                }
                let format = fields.text("problem type", "`min`")?;
                if format != "min" {
                    return Err(fields.bad(2, "problem type", format, "`min`"));
                }
                let nodes: usize = fields.number(3, "node count", 0, MAX_NODES as i128)?;
                let arcs: usize = fields.number(4, "arc count", 0, MAX_NODES as i128)?;
                header = Some((line_no, arcs));
                problem = MinCostFlow::new(nodes);
                problem.reserve_arcs(arcs.min(RESERVE_LIMIT));
            }
            "n" => {
                if header.is_none() {
                    return Err(parse_error(
                        line_no,
                        "an `n` line before the `p` line: expected `p min NODES ARCS` first",
                    ));
                }
                let id = fields.node(2, "node id", problem.node_count())?;
                let flow: i64 =
                    fields.number(3, "node supply", i64::MIN.into(), i64::MAX.into())?;
                if let Some(&first) = supply_line.get(&id)
                    && problem.supply(id) != flow
                {
                    return Err(fields.bad(
                        3,
                        "node supply",
                        &flow.to_string(),
                        &format!(
                            "{} as on line {first}, or no second `n` line for node {}",
                            problem.supply(id),
                            id + 1
                        ),
                    ));
                }
                problem.set_supply(id, flow)?;
                supply_line.entry(id).or_insert(line_no);
            }
            "a" => {
                let Some((_, arcs)) = header else {
                    return Err(parse_error(
                        line_no,
                        "an `a` line before the `p` line: expected `p min NODES ARCS` first",
                    ));
                };
                if problem.arc_count() == arcs {
                    return Err(parse_error(
                        line_no,
                        format!(
                            "`a` line number {}: expected only the {arcs} arcs that the `p` line declares",
                            arcs + 1
                        ),
                    ));
                }
                let tail = fields.node(2, "arc tail", problem.node_count())?;
                let head = fields.node(3, "arc head", problem.node_count())?;
                let lower: i64 = fields.number(4, "lower bound", 0, i64::MAX.into())?;
                let capacity: i64 = fields.number(5, "capacity", lower.into(), i64::MAX.into())?;
                let cost: i64 = fields.number(6, "cost", i64::MIN.into(), i64::MAX.into())?;
                let capacity = if capacity == UNBOUNDED_TEXT {
                    Capacity::Unbounded
                } else {
                    Capacity::Finite(capacity)
                };
                problem.add_arc_with_lower_bound(tail, head, lower, capacity, cost)?;
            }
            other => {
                return Err(fields.bad(1, "line type", other, "`c`, `p`, `n` or `a`"));
            }
        }
        fields.end()?;
    }
    let Some((p_line, arcs)) = header else {
        return Err(parse_error(
            line_no.max(1),
            "no `p min NODES ARCS` line: expected one before the first `n` or `a` line",
        ));
    };
    if problem.arc_count() != arcs {
        return Err(parse_error(
            p_line,
            format!(
                "field 4 (arc count) is `{arcs}`: expected the number of `a` lines, {}",
                problem.arc_count()
            ),
        ));
    }
    Ok(problem)
}

/// Writes a problem in DIMACS form (`n` lines only for non-zero supplies; unbounded
/// capacities as `i64::MAX`). The supply mode and pivot rule are not part of the format.
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
pub fn write_problem(mut out: impl Write, problem: &MinCostFlow) -> Result<(), FlowError> {
    let mut w = std::io::BufWriter::new(&mut out);
    writeln!(w, "p min {} {}", problem.node_count(), problem.arc_count())?;
    for (v, s) in problem.supplies() {
        writeln!(w, "n {} {s}", v + 1)?;
    }
    for a in problem.arcs() {
        let capacity = match a.capacity {
            Capacity::Finite(c) => c,
            Capacity::Unbounded => UNBOUNDED_TEXT,
        };
        writeln!(
            w,
            "a {} {} {} {capacity} {}",
            a.tail + 1,
            a.head + 1,
            a.lower,
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
    problem: &MinCostFlow,
    solution: &FlowSolution,
) -> Result<(), FlowError> {
    if solution.flow.len() != problem.arc_count() {
        return Err(FlowError::invalid(
            "solution",
            format!(
                "{} flows: expected one per arc, {}",
                solution.flow.len(),
                problem.arc_count()
            ),
        ));
    }
    let mut w = std::io::BufWriter::new(&mut out);
    writeln!(w, "s {}", solution.cost)?;
    for (a, &f) in problem.arcs().zip(&solution.flow) {
        if f > 0 {
            writeln!(w, "f {} {} {f}", a.tail + 1, a.head + 1)?;
        }
    }
    w.flush()?;
    Ok(())
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

/// Parses a solution from text.
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line, the field, the text found and what was
/// expected.
///
/// ```
/// let err = quanyu::flow::dimacs::parse_solution("f 1 2 3\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 1: an `f` line before the `s` line: expected `s COST` first");
/// ```
pub fn parse_solution(text: &str) -> Result<DimacsSolution, FlowError> {
    read_solution(text.as_bytes())
}

/// Reads a solution (`s COST`, `f TAIL HEAD FLOW` lines, `c` comments).
///
/// # Errors
///
/// [`FlowError::Parse`] with the 1-based line, the field, the text found and what was
/// expected (a missing or repeated `s` line, a bad number, a node id below 1, a negative
/// flow); [`FlowError::Io`] if reading fails.
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
        let line = std::str::from_utf8(&line_buf).map_err(|e| {
            parse_error(
                line_no,
                format!("byte {} is not valid UTF-8", e.valid_up_to() + 1),
            )
        })?;
        let mut fields = Fields::new(line, line_no);
        let Some(kind) = fields.kind() else { continue };
        match kind {
            "c" => continue,
            "s" => {
                if let Some(first) = s_line {
                    return Err(parse_error(
                        line_no,
                        format!(
                            "a second `s` line: expected one only (the first is on line {first})"
                        ),
                    ));
                }
                solution.cost = fields.number(2, "cost", i128::MIN, i128::MAX)?;
                s_line = Some(line_no);
            }
            "f" => {
                if s_line.is_none() {
                    return Err(parse_error(
                        line_no,
                        "an `f` line before the `s` line: expected `s COST` first",
                    ));
                }
                let tail = fields.node(2, "arc tail", usize::MAX)?;
                let head = fields.node(3, "arc head", usize::MAX)?;
                let flow = fields.number(4, "flow", 0, i64::MAX.into())?;
                solution.flows.push((tail, head, flow));
            }
            other => return Err(fields.bad(1, "line type", other, "`c`, `s` or `f`")),
        }
        fields.end()?;
    }
    if s_line.is_none() {
        return Err(parse_error(
            line_no.max(1),
            "no `s COST` line: expected one before the `f` lines",
        ));
    }
    Ok(solution)
}

fn parse_error(line: u64, message: impl Into<String>) -> FlowError {
    FlowError::Parse {
        line,
        message: message.into(),
    }
}

/// The whitespace-separated fields of one line, numbered from 1 (the line type), with the
/// errors that name them.
struct Fields<'a> {
    rest: std::str::SplitAsciiWhitespace<'a>,
    line: u64,
    /// How many fields have been taken.
    taken: usize,
    /// The form of this kind of line, for "missing" errors.
    form: &'static str,
}

impl<'a> Fields<'a> {
    fn new(text: &'a str, line: u64) -> Self {
        Fields {
            rest: text.split_ascii_whitespace(),
            line,
            taken: 0,
            form: "",
        }
    }

    /// The line type (the first field), or `None` for a blank line.
    fn kind(&mut self) -> Option<&'a str> {
        let kind = self.rest.next()?;
        self.taken = 1;
        self.form = match kind {
            "p" => "`p min NODES ARCS`",
            "n" => "`n ID FLOW`",
            "a" => "`a SRC DST LOW CAP COST`",
            "s" => "`s COST`",
            "f" => "`f SRC DST FLOW`",
            _ => "",
        };
        Some(kind)
    }

    /// The next field, as text.
    fn text(&mut self, what: &str, expected: &str) -> Result<&'a str, FlowError> {
        self.taken += 1;
        self.rest.next().ok_or_else(|| {
            parse_error(
                self.line,
                format!(
                    "field {} ({what}) is missing: expected {expected} in {}",
                    self.taken, self.form
                ),
            )
        })
    }

    /// The error for field `index` holding `found` where `expected` was wanted.
    fn bad(&self, index: usize, what: &str, found: &str, expected: &str) -> FlowError {
        parse_error(
            self.line,
            format!("field {index} ({what}) is `{found}`: expected {expected}"),
        )
    }

    /// The next field (number `index`), an integer in `min..=max`.
    fn number<T: TryFrom<i128>>(
        &mut self,
        index: usize,
        what: &str,
        min: i128,
        max: i128,
    ) -> Result<T, FlowError> {
        let expected = format!("an integer from {min} to {max}");
        let text = self.text(what, &expected)?;
        text.parse::<i128>()
            .ok()
            .filter(|x| (min..=max).contains(x))
            .and_then(|x| T::try_from(x).ok())
            .ok_or_else(|| self.bad(index, what, text, &expected))
    }

    /// The next field (number `index`), a 1-based node id in `1..=nodes`, returned 0-based.
    fn node(&mut self, index: usize, what: &str, nodes: usize) -> Result<usize, FlowError> {
        let expected = match nodes {
            0 => "no node id: the `p` line declares 0 nodes".to_string(),
            usize::MAX => "a node id of 1 or more".to_string(),
            n => format!("a node id from 1 to {n}"),
        };
        let text = self.text(what, &expected)?;
        text.parse::<usize>()
            .ok()
            .filter(|&id| id >= 1 && id <= nodes)
            .map(|id| id - 1)
            .ok_or_else(|| self.bad(index, what, text, &expected))
    }

    /// Checks that no field is left.
    fn end(&mut self) -> Result<(), FlowError> {
        match self.rest.next() {
            None => Ok(()),
            Some(extra) => Err(parse_error(
                self.line,
                format!(
                    "field {} is `{extra}`: expected the line to end there, as in {}",
                    self.taken + 1,
                    self.form
                ),
            )),
        }
    }
}
