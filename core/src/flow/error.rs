//! [`FlowError`]: what can go wrong in the flow module, as plain data.

use std::fmt;

/// A node whose supply or demand could not be met, and by how much.
///
/// Part of [`FlowError::Infeasible`]. `shortfall` is positive: for a supply node it is the
/// amount that could not be shipped out, for a demand node the amount that could not be
/// delivered.
///
/// ```
/// use quanyu::flow::UnmetNode;
/// let u = UnmetNode { node: 3, supply: -5, shortfall: 2 };
/// assert_eq!(u.to_string(), "node 3 (demand 5): 2 short");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnmetNode {
    /// The 0-based node index (the graph's node index in the petgraph front end).
    pub node: usize,
    /// The node's supply (positive = supply, negative = demand, zero = transit). With arc lower
    /// bounds this is the effective supply once the lower bounds are shipped, which may lie
    /// outside the `i64` range.
    pub supply: i128,
    /// How many units could not be shipped out (supply node) or delivered (demand node).
    pub shortfall: i128,
}

impl fmt::Display for UnmetNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.supply {
            s if s > 0 => write!(
                f,
                "node {} (supply {s}): {} short",
                self.node, self.shortfall
            ),
            s if s < 0 => {
                write!(
                    f,
                    "node {} (demand {}): {} short",
                    self.node, -s, self.shortfall
                )
            }
            _ => write!(f, "node {} (transit): {} short", self.node, self.shortfall),
        }
    }
}

/// Everything that can go wrong in [`crate::flow`].
///
/// Plain data about the input at fault: nodes and arcs are 0-based indices, DIMACS lines are
/// 1-based, and every message says what was found and what was expected.
///
/// ```
/// use quanyu::flow::{FlowError, MinCostFlow};
///
/// let mut problem = MinCostFlow::new(2);
/// problem.set_supply(0, 5).unwrap();
/// problem.set_supply(1, -5).unwrap();
/// problem.add_arc(0, 1, 3, 1).unwrap(); // only 3 of the 5 units fit
/// let err = problem.solve().unwrap_err();
/// assert!(matches!(err, FlowError::Infeasible { .. }));
/// assert_eq!(
///     err.to_string(),
///     "infeasible: 2 unit(s) of supply/demand cannot be met: node 0 (supply 5): 2 short, \
///      node 1 (demand 5): 2 short"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// Some supplies or demands cannot be met with the given capacities. `unmet` lists every
    /// node left with a shortfall in the flow that gets closest (a witness: when several
    /// nodes compete for the same scarce capacity, which of them ends up short is one choice
    /// among many, but the total shortfall is the minimum possible).
    #[error("infeasible: {} unit(s) of supply/demand cannot be met: {}", total_shortfall(.unmet), list(.unmet))]
    Infeasible {
        /// The nodes left short, in increasing node order.
        unmet: Vec<UnmetNode>,
    },
    /// The supplies do not balance in the chosen [`SupplyMode`](crate::flow::SupplyMode).
    #[error("unbalanced supplies: they sum to {total}, {requirement}")]
    Unbalanced {
        /// The sum of all supplies (positive: more supply than demand).
        total: i128,
        /// What the mode requires, in words.
        requirement: &'static str,
    },
    /// A cycle of negative total cost in which every arc has unbounded capacity: the cost can
    /// be made arbitrarily low.
    #[error(
        "unbounded: negative-cost cycle of unbounded capacity through arcs {arcs:?} (nodes {nodes:?})"
    )]
    Unbounded {
        /// The arcs of the cycle, as 0-based input arc indices, in cycle order.
        arcs: Vec<usize>,
        /// The nodes of the cycle, in the same order (`nodes[i]` is where `arcs[i]` starts
        /// when walking the cycle).
        nodes: Vec<usize>,
    },
    /// An argument is out of its domain (a node index out of range, a negative capacity...).
    #[error("invalid input `{name}`: {message}")]
    InvalidInput {
        /// The argument or field at fault.
        name: &'static str,
        /// What was expected.
        message: String,
    },
    /// A result does not fit its type: an arc of unbounded capacity whose optimal flow exceeds
    /// `i64::MAX`, or an optimal cost beyond the `i128` range. Inputs never overflow: the
    /// solver computes in 128 bits when 64 might not do.
    #[error("arithmetic overflow: {message}")]
    Overflow {
        /// Which quantity overflowed, and where.
        message: String,
    },
    /// A DIMACS text could not be parsed.
    #[error("line {line}: {message}")]
    Parse {
        /// The 1-based line number.
        line: u64,
        /// What is wrong: the field, the text found and what was expected.
        message: String,
    },
    /// Reading or writing failed.
    #[error("i/o error: {message}")]
    Io {
        /// The operating system's classification.
        kind: std::io::ErrorKind,
        /// The operating system's message.
        message: String,
    },
}

impl FlowError {
    /// A [`FlowError::InvalidInput`].
    ///
    /// ```
    /// let e = quanyu::flow::FlowError::invalid("tail", "node 7 out of range 0..3");
    /// assert_eq!(e.to_string(), "invalid input `tail`: node 7 out of range 0..3");
    /// ```
    pub fn invalid(name: &'static str, message: impl Into<String>) -> Self {
        FlowError::InvalidInput {
            name,
            message: message.into(),
        }
    }

    /// A [`FlowError::Overflow`].
    ///
    /// ```
    /// let e = quanyu::flow::FlowError::overflow("arc 3 carries 2^64 units");
    /// assert_eq!(e.to_string(), "arithmetic overflow: arc 3 carries 2^64 units");
    /// ```
    pub fn overflow(message: impl Into<String>) -> Self {
        FlowError::Overflow {
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for FlowError {
    fn from(e: std::io::Error) -> Self {
        FlowError::Io {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

fn total_shortfall(unmet: &[UnmetNode]) -> i128 {
    // Supply-side and demand-side shortfalls mirror each other (in exact mode both are
    // listed), so report the larger side rather than double counting.
    let supply: i128 = unmet
        .iter()
        .filter(|u| u.supply >= 0)
        .fold(0i128, |t, u| t.saturating_add(u.shortfall));
    let demand: i128 = unmet
        .iter()
        .filter(|u| u.supply < 0)
        .fold(0i128, |t, u| t.saturating_add(u.shortfall));
    supply.max(demand)
}

fn list(unmet: &[UnmetNode]) -> String {
    const SHOWN: usize = 10;
    let mut text = unmet
        .iter()
        .take(SHOWN)
        .map(|u| u.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if unmet.len() > SHOWN {
        text.push_str(&format!(", and {} more node(s)", unmet.len() - SHOWN));
    }
    text
}
