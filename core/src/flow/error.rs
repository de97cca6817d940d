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
    /// bounds this is the effective supply once the lower bounds are shipped.
    pub supply: i64,
    /// How many units could not be shipped out (supply node) or delivered (demand node).
    pub shortfall: i64,
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
                    self.node,
                    -(s as i128),
                    self.shortfall
                )
            }
            _ => write!(f, "node {} (transit): {} short", self.node, self.shortfall),
        }
    }
}

/// Everything that can go wrong in [`crate::flow`].
///
/// Domain-free: nodes and arcs are 0-based indices. `From<FlowError> for quanyu::Error` maps
/// each variant onto the crate-wide error (`Infeasible`, `Unbounded`, `Parse`, `InvalidArgument`,
/// `Io`).
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
/// let as_crate_error: quanyu::Error = err.into();
/// assert!(matches!(as_crate_error, quanyu::Error::Infeasible { .. }));
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
    /// A number does not fit: the problem's costs, capacities or supplies are so large that a
    /// 64-bit intermediate value (a node potential, a flow, a sum of supplies) would overflow.
    #[error("arithmetic overflow: {message}")]
    Overflow {
        /// Which quantity overflowed.
        message: String,
    },
    /// A DIMACS text could not be parsed.
    #[error("line {line}: {message}")]
    Parse {
        /// The 1-based line number.
        line: u64,
        /// What is wrong.
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
    /// let e = quanyu::flow::FlowError::overflow("sum of supplies");
    /// assert_eq!(e.to_string(), "arithmetic overflow: sum of supplies");
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
        .map(|u| u.shortfall as i128)
        .sum();
    let demand: i128 = unmet
        .iter()
        .filter(|u| u.supply < 0)
        .map(|u| u.shortfall as i128)
        .sum();
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

impl From<FlowError> for crate::Error {
    fn from(e: FlowError) -> Self {
        match e {
            FlowError::Infeasible { .. } => crate::Error::Infeasible {
                message: e.to_string().trim_start_matches("infeasible: ").to_string(),
            },
            FlowError::Unbounded { .. } => crate::Error::Unbounded {
                message: e.to_string().trim_start_matches("unbounded: ").to_string(),
            },
            FlowError::Unbalanced { .. } => crate::Error::Infeasible {
                message: e.to_string(),
            },
            FlowError::InvalidInput { name, message } => crate::Error::InvalidArgument {
                name: name.to_string(),
                message,
            },
            FlowError::Overflow { message } => crate::Error::InvalidArgument {
                name: "flow problem".to_string(),
                message: format!("arithmetic overflow: {message}"),
            },
            FlowError::Parse { line, message } => crate::Error::Parse {
                source_name: "DIMACS".to_string(),
                line: Some(line),
                message,
            },
            FlowError::Io { kind, message } => crate::Error::Io {
                path: String::new(),
                kind,
                message,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_onto_crate_error() {
        let e: crate::Error = FlowError::Parse {
            line: 4,
            message: "bad".into(),
        }
        .into();
        assert_eq!(e.to_string(), "DIMACS:4: bad");
        let e: crate::Error = FlowError::Infeasible {
            unmet: vec![
                UnmetNode {
                    node: 0,
                    supply: 4,
                    shortfall: 1,
                },
                UnmetNode {
                    node: 2,
                    supply: -3,
                    shortfall: 1,
                },
            ],
        }
        .into();
        assert_eq!(
            e.to_string(),
            "infeasible: 1 unit(s) of supply/demand cannot be met: node 0 (supply 4): 1 short, \
             node 2 (demand 3): 1 short"
        );
        let e: crate::Error = FlowError::Unbounded {
            arcs: vec![1, 2],
            nodes: vec![0, 1],
        }
        .into();
        assert!(matches!(e, crate::Error::Unbounded { .. }));
    }
}
