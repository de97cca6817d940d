//! The one error type of quanyu, and the [`Problem`] rows that a rejected edit or import returns.
//!
//! Every fallible call in the crate returns [`Result<T>`](crate::Result). The variants are plain
//! data (strings, numbers, [`std::io::ErrorKind`]) so that the Python and mobile bindings can turn
//! each one into their own exception without losing anything.
//!
//! ```
//! use quanyu::{Error, Network};
//!
//! let network = Network::new();
//! match network.unit("nowhere") {
//!     Err(Error::NotFound { kind, id }) => assert_eq!((kind.as_str(), id.as_str()), ("unit", "nowhere")),
//!     other => panic!("expected NotFound, got {other:?}"),
//! }
//! ```

use std::fmt;

/// `Result<T, quanyu::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in quanyu.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An edit, import or request was rejected; nothing was changed. Holds every problem found.
    #[error("{}", Problems(.0))]
    Validation(Vec<Problem>),
    /// No entity of that kind has that id.
    #[error("{kind} `{id}` not found")]
    NotFound {
        /// What was looked for.
        kind: EntityKind,
        /// The id that was asked for.
        id: String,
    },
    /// A problem has no feasible solution (a supply or demand that cannot be met).
    #[error("infeasible: {message}")]
    Infeasible {
        /// What cannot be met, and where.
        message: String,
    },
    /// The objective can be made arbitrarily good (a negative-cost cycle of unbounded capacity).
    #[error("unbounded: {message}")]
    Unbounded {
        /// Where the unbounded cycle is.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {message}")]
    Io {
        /// The file or directory.
        path: String,
        /// The operating system's classification (`NotFound`, `PermissionDenied`, ...).
        kind: std::io::ErrorKind,
        /// The operating system's message.
        message: String,
    },
    /// A file or text could not be parsed (corrupt JSON, an unknown snapshot format, a bad line).
    #[error("{source_name}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Parse {
        /// The file name, or a description of the input such as `"snapshot"`.
        source_name: String,
        /// The 1-based line, where known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// A long call was cancelled through its [`Cancel`](crate::progress::Cancel) token (or,
    /// in Python, by Ctrl-C); nothing was changed and no partial result was returned.
    #[error("cancelled: the call stopped before it finished; nothing was changed")]
    Cancelled,
    /// A transition of a grid event was refused: its state does not allow the action, or the
    /// actor holds no post that may take it. Nothing was changed.
    #[error("event `{}`: {}", .0.event, .0.reason)]
    Refused(Box<RefusedTransition>),
    /// A date falls in a year that the working-day calendar does not cover: the calendar never
    /// guesses a year's holidays.
    #[error(
        "the working-day calendar does not cover {year} (it covers {covered}); add the year's schedule to use it"
    )]
    OutsideCalendar {
        /// The year asked for.
        year: i32,
        /// The years covered, as ranges (`"2007–2025"`), or `"no year"`.
        covered: String,
    },
    /// An argument to a call is out of its domain (a zero granularity, a negative count).
    #[error("invalid argument `{name}`: {message}")]
    InvalidArgument {
        /// The argument's name.
        name: String,
        /// What was expected.
        message: String,
    },
}

/// What [`Error::Refused`] says: which transition, who tried it, where, and what it needed.
///
/// ```
/// let r = quanyu::RefusedTransition {
///     event: "E1".into(),
///     action: "discover".into(),
///     actor: "P9".into(),
///     unit: "G1".into(),
///     needed: vec!["网格员 GridWorker".into()],
///     reason: "P9 may not discover at G1".into(),
/// };
/// assert_eq!(quanyu::Error::Refused(Box::new(r)).to_string(), "event `E1`: P9 may not discover at G1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedTransition {
    /// The event.
    pub event: String,
    /// The action refused.
    pub action: String,
    /// The person who tried it.
    pub actor: String,
    /// The unit where the event stands.
    pub unit: String,
    /// The posts that may take the action (`"网格长 GridLeader"`), when the actor lacked one.
    pub needed: Vec<String>,
    /// Why, in words.
    pub reason: String,
}

impl Error {
    /// A [`Error::NotFound`] for `kind` and `id`.
    ///
    /// ```
    /// use quanyu::{EntityKind, Error};
    /// let e = Error::not_found(EntityKind::Person, "p-1");
    /// assert_eq!(e.to_string(), "person `p-1` not found");
    /// ```
    pub fn not_found(kind: EntityKind, id: impl Into<String>) -> Self {
        Error::NotFound {
            kind,
            id: id.into(),
        }
    }

    /// A [`Error::InvalidArgument`].
    ///
    /// ```
    /// let e = quanyu::Error::invalid_argument("k", "must be at least 1");
    /// assert_eq!(e.to_string(), "invalid argument `k`: must be at least 1");
    /// ```
    pub fn invalid_argument(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name: name.into(),
            message: message.into(),
        }
    }

    /// A [`Error::Io`] for `path` from an [`std::io::Error`].
    ///
    /// ```
    /// let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
    /// let e = quanyu::Error::io("units.csv", &io);
    /// assert_eq!(e.to_string(), "units.csv: no such file");
    /// ```
    pub fn io(path: impl AsRef<std::path::Path>, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            kind: err.kind(),
            message: err.to_string(),
        }
    }

    /// The problems of a [`Error::Validation`]; empty for other variants.
    ///
    /// ```
    /// let e = quanyu::Error::from(quanyu::Problem::new("u1", "parent", "unknown unit `x`"));
    /// assert_eq!(e.problems().len(), 1);
    /// ```
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Validation(p) => p,
            _ => &[],
        }
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Error::Validation(vec![p])
    }
}

/// The flow module's errors are plain data about nodes, arcs and lines; here they become the
/// crate-wide variants (the flow module itself knows nothing of the rest of quanyu).
///
/// ```
/// use quanyu::flow::MinCostFlow;
///
/// let mut problem = MinCostFlow::new(2);
/// problem.set_supply(0, 5).unwrap();
/// problem.set_supply(1, -5).unwrap();
/// problem.add_arc(0, 1, 3, 1).unwrap(); // only 3 of the 5 units fit
/// let err: quanyu::Error = problem.solve().unwrap_err().into();
/// assert!(matches!(err, quanyu::Error::Infeasible { .. }));
/// ```
impl From<crate::flow::FlowError> for Error {
    fn from(e: crate::flow::FlowError) -> Self {
        use crate::flow::FlowError;
        match e {
            FlowError::Infeasible { .. } => Error::Infeasible {
                message: e.to_string().trim_start_matches("infeasible: ").to_string(),
            },
            FlowError::Unbounded { .. } => Error::Unbounded {
                message: e.to_string().trim_start_matches("unbounded: ").to_string(),
            },
            FlowError::Unbalanced { .. } => Error::Infeasible {
                message: e.to_string(),
            },
            FlowError::InvalidInput { name, message } => Error::InvalidArgument {
                name: name.to_string(),
                message,
            },
            FlowError::Overflow { message } => Error::InvalidArgument {
                name: "flow problem".to_string(),
                message: format!("arithmetic overflow: {message}"),
            },
            FlowError::Parse { line, message } => Error::Parse {
                source_name: "DIMACS".to_string(),
                line: Some(line),
                message,
            },
            FlowError::Io { kind, message } => Error::Io {
                path: String::new(),
                kind,
                message,
            },
        }
    }
}

/// Where an input row came from: a file (or table) name and its 1-based data row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The file or table name, such as `units.csv`.
    pub source: String,
    /// The 1-based row number among data rows (the header is row 0).
    pub row: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {}", self.source, self.row)
    }
}

/// One thing wrong with an edit or an input row: the id at fault, the field (or CSV column) and
/// what was expected.
///
/// ```
/// use quanyu::{Origin, Problem};
/// let p = Problem::new("B-7", "parent", "unknown unit `G-99`")
///     .at(Origin { source: "units.csv".into(), row: 12 });
/// assert_eq!(p.to_string(), "units.csv row 12: `B-7`.parent: unknown unit `G-99`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The id of the entity at fault (empty if the row has no usable id).
    pub id: String,
    /// The field or column at fault.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// The input row, when the change came from a file or table.
    pub origin: Option<Origin>,
}

impl Problem {
    /// A problem with `id`'s `field`.
    pub fn new(
        id: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            id: id.into(),
            field: field.into(),
            message: message.into(),
            origin: None,
        }
    }

    /// The same problem, located at `origin`.
    pub fn at(mut self, origin: Origin) -> Self {
        self.origin = Some(origin);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(o) = &self.origin {
            write!(f, "{o}: ")?;
        }
        write!(f, "`{}`.{}: {}", self.id, self.field, self.message)
    }
}

/// Formats a problem list: the count, then one problem per line.
struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found, nothing changed",
            if n == 1 { "" } else { "s" }
        )?;
        for p in self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// The kinds of entity that have ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EntityKind {
    /// A governance unit (subdistrict, grid, building, household...).
    Unit,
    /// A Party organisation or alliance member.
    Organisation,
    /// A person.
    Person,
    /// A level of the level scheme.
    Level,
    /// A key task (重点攻坚任务).
    Task,
    /// A venue of the shared-venue menu.
    Venue,
    /// A venue request.
    Request,
    /// A booking of a venue.
    Booking,
    /// The holder of a contract: a person, or an organisation (for key tasks).
    ContractHolder,
    /// The target of a contract: a unit, or a key task.
    ContractTarget,
    /// A grid event.
    Event,
}

impl EntityKind {
    /// The lower-case English name used in messages.
    ///
    /// ```
    /// assert_eq!(quanyu::EntityKind::Organisation.as_str(), "organisation");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Unit => "unit",
            EntityKind::Organisation => "organisation",
            EntityKind::Person => "person",
            EntityKind::Level => "level",
            EntityKind::Task => "task",
            EntityKind::Venue => "venue",
            EntityKind::Request => "request",
            EntityKind::Booking => "booking",
            EntityKind::ContractHolder => "contract holder (person or organisation)",
            EntityKind::ContractTarget => "contract target (unit or key task)",
            EntityKind::Event => "event",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
