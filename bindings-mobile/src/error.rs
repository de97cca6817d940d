//! The one error of the bindings, [`QuanyuError`] (Kotlin `QuanyuException`, Swift
//! `QuanyuError`), mapped from [`quanyu::Error`] in one place.

use std::fmt;

/// Where an input row came from: a file (or table) name and its 1-based data row.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Origin {
    /// The file or table name, such as `units.csv`.
    pub source: String,
    /// The 1-based row number among data rows.
    pub row: i64,
}

/// One thing wrong with an edit or an input: the id at fault, the field and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Problem {
    /// The id of the entity at fault (empty if there is no usable id).
    pub id: String,
    /// The field at fault.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// The input row, when the change came from a file or table.
    pub origin: Option<Origin>,
}

impl Problem {
    /// A problem with `id`'s `field`.
    pub(crate) fn new(id: &str, field: &str, message: impl Into<String>) -> Self {
        Problem {
            id: id.to_owned(),
            field: field.to_owned(),
            message: message.into(),
            origin: None,
        }
    }
}

impl From<quanyu::Problem> for Problem {
    fn from(p: quanyu::Problem) -> Self {
        Problem {
            id: p.id,
            field: p.field,
            message: p.message,
            origin: p.origin.map(|o| Origin {
                source: o.source,
                row: i64::try_from(o.row).unwrap_or(i64::MAX),
            }),
        }
    }
}

impl From<Problem> for quanyu::Problem {
    fn from(p: Problem) -> Self {
        let problem = quanyu::Problem::new(p.id, p.field, p.message);
        match p.origin {
            Some(o) => problem.at(quanyu::Origin {
                source: o.source,
                row: u64::try_from(o.row).unwrap_or(0),
            }),
            None => problem,
        }
    }
}

/// Everything that can go wrong in quanyu. Kotlin sees `QuanyuException` with one subclass per
/// case (`QuanyuException.Validation`, `QuanyuException.NotFound`, ...); its `toString()` is the
/// Rust message, such as ``unit `G-99` not found``.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
#[uniffi::export(Display)]
pub enum QuanyuError {
    /// An edit, import or request was rejected; nothing was changed. Holds every problem found.
    Validation {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// No entity of that kind has that id.
    NotFound {
        /// What was looked for: `unit`, `organisation`, `person`, `task`, `venue`, `request`,
        /// `booking` or `level`.
        kind: String,
        /// The id that was asked for.
        id: String,
    },
    /// A problem has no feasible solution (a supply or demand that cannot be met).
    Infeasible {
        /// What cannot be met, and where.
        detail: String,
    },
    /// An optimisation is unbounded (a negative-cost cycle of unbounded capacity).
    Unbounded {
        /// Where the unbounded cycle is.
        detail: String,
    },
    /// Reading or writing a file failed.
    Io {
        /// The file or directory.
        path: String,
        /// The operating system's classification: `NotFound`, `PermissionDenied`, ...
        kind: String,
        /// The operating system's message.
        detail: String,
    },
    /// A snapshot or text could not be parsed (corrupt JSON, an unknown snapshot format).
    Parse {
        /// The file name, or a description of the input such as `snapshot`.
        source_name: String,
        /// The 1-based line, where known.
        line: Option<i64>,
        /// What is wrong.
        detail: String,
    },
    /// A transition of a grid event was refused: its state does not allow the action, or the
    /// actor holds none of the posts that may take it. Nothing was changed.
    Refused {
        /// The event.
        event: String,
        /// The action refused.
        action: String,
        /// The person who tried it.
        actor: String,
        /// The unit where the event stands.
        unit: String,
        /// The posts that may take the action (`网格长 GridLeader`), when the actor lacked one.
        needed: Vec<String>,
        /// Why, in words.
        detail: String,
    },
    /// A date falls in a year the working-day calendar does not cover.
    OutsideCalendar {
        /// The year asked for.
        year: i32,
        /// The years covered (`2007–2025`).
        covered: String,
    },
    /// The call was cancelled (`Planner.cancel`) and stopped before it finished: it returned
    /// nothing and changed nothing.
    Cancelled,
    /// An argument is out of its domain (a negative limit, a date that is not `YYYY-MM-DD`), or
    /// a callback the app passed (`PlanProgress`) threw: `name` is the argument, `detail` what
    /// it threw.
    InvalidArgument {
        /// The argument's name.
        name: String,
        /// What was expected.
        detail: String,
    },
}

impl QuanyuError {
    /// An [`QuanyuError::InvalidArgument`].
    pub(crate) fn invalid(name: &str, detail: impl Into<String>) -> Self {
        QuanyuError::InvalidArgument {
            name: name.to_owned(),
            detail: detail.into(),
        }
    }
}

impl std::error::Error for QuanyuError {}

/// The same text as the core's `Display`, so that a message reads the same in every language.
impl fmt::Display for QuanyuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&quanyu::Error::from(self.clone()), f)
    }
}

impl From<quanyu::Error> for QuanyuError {
    fn from(e: quanyu::Error) -> Self {
        use quanyu::Error as E;
        match e {
            E::Validation(problems) => QuanyuError::Validation {
                problems: problems.into_iter().map(Problem::from).collect(),
            },
            E::NotFound { kind, id } => QuanyuError::NotFound {
                kind: kind.as_str().to_owned(),
                id,
            },
            E::Infeasible { message } => QuanyuError::Infeasible { detail: message },
            E::Unbounded { message } => QuanyuError::Unbounded { detail: message },
            E::Io {
                path,
                kind,
                message,
            } => QuanyuError::Io {
                path,
                kind: format!("{kind:?}"),
                detail: message,
            },
            E::Parse {
                source_name,
                line,
                message,
            } => QuanyuError::Parse {
                source_name,
                line: line.map(|l| i64::try_from(l).unwrap_or(i64::MAX)),
                detail: message,
            },
            E::Cancelled => QuanyuError::Cancelled,
            E::InvalidArgument { name, message } => QuanyuError::InvalidArgument {
                name,
                detail: message,
            },
            E::Refused(r) => {
                let r = *r;
                QuanyuError::Refused {
                    event: r.event,
                    action: r.action,
                    actor: r.actor,
                    unit: r.unit,
                    needed: r.needed,
                    detail: r.reason,
                }
            }
            E::OutsideCalendar { year, covered } => QuanyuError::OutsideCalendar { year, covered },
            // The core's error is non-exhaustive: a case added later still reaches the app,
            // as an invalid argument carrying the core's own message, until it gets its own.
            other => QuanyuError::InvalidArgument {
                name: String::new(),
                detail: other.to_string(),
            },
        }
    }
}

/// Back to the core's error, for its `Display`: the message is written in one place only.
impl From<QuanyuError> for quanyu::Error {
    fn from(e: QuanyuError) -> Self {
        use quanyu::Error as E;
        match e {
            QuanyuError::Validation { problems } => {
                E::Validation(problems.into_iter().map(quanyu::Problem::from).collect())
            }
            QuanyuError::NotFound { kind, id } => match entity_kind(&kind) {
                Some(k) => E::not_found(k, id),
                None => E::invalid_argument(kind, format!("`{id}` not found")),
            },
            QuanyuError::Infeasible { detail } => E::Infeasible { message: detail },
            QuanyuError::Unbounded { detail } => E::Unbounded { message: detail },
            QuanyuError::Io { path, kind, detail } => E::Io {
                path,
                kind: io_kind(&kind),
                message: detail,
            },
            QuanyuError::Parse {
                source_name,
                line,
                detail,
            } => E::Parse {
                source_name,
                line: line.and_then(|l| u64::try_from(l).ok()),
                message: detail,
            },
            QuanyuError::Cancelled => E::Cancelled,
            QuanyuError::InvalidArgument { name, detail } => E::InvalidArgument {
                name,
                message: detail,
            },
            QuanyuError::Refused {
                event,
                action,
                actor,
                unit,
                needed,
                detail,
            } => E::Refused(Box::new(quanyu::RefusedTransition {
                event,
                action,
                actor,
                unit,
                needed,
                reason: detail,
            })),
            QuanyuError::OutsideCalendar { year, covered } => E::OutsideCalendar { year, covered },
        }
    }
}

/// What a callback the app passed threw that is not a `QuanyuException` (a Kotlin
/// `RuntimeException`, say): an error of the call rather than a panic.
impl From<uniffi::UnexpectedUniFFICallbackError> for QuanyuError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        QuanyuError::invalid("progress", format!("the callback threw: {}", e.reason))
    }
}

fn entity_kind(name: &str) -> Option<quanyu::EntityKind> {
    use quanyu::EntityKind as K;
    [
        K::Unit,
        K::Organisation,
        K::Person,
        K::Level,
        K::Task,
        K::Venue,
        K::Request,
        K::Booking,
        K::Event,
    ]
    .into_iter()
    .find(|k| k.as_str() == name)
}

/// The `io::ErrorKind` whose `Debug` name is `name` (only the kinds the core reports matter
/// here: the message is what is shown).
fn io_kind(name: &str) -> std::io::ErrorKind {
    use std::io::ErrorKind as K;
    [
        K::NotFound,
        K::PermissionDenied,
        K::AlreadyExists,
        K::InvalidInput,
        K::InvalidData,
        K::UnexpectedEof,
        K::WriteZero,
        K::Interrupted,
        K::Unsupported,
        K::OutOfMemory,
    ]
    .into_iter()
    .find(|k| format!("{k:?}") == name)
    .unwrap_or(K::Other)
}

/// `Result<T, QuanyuError>`.
pub type Result<T, E = QuanyuError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_the_cores() {
        let cases = [
            quanyu::Error::not_found(quanyu::EntityKind::Unit, "G-99"),
            quanyu::Error::invalid_argument("limit", "must not be negative"),
            quanyu::Error::Validation(vec![
                quanyu::Problem::new("B", "parent", "unknown unit `X`"),
                quanyu::Problem::new("B", "level", "no such level").at(quanyu::Origin {
                    source: "units.csv".into(),
                    row: 3,
                }),
            ]),
            quanyu::Error::io(
                "/no/file.json",
                &std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"),
            ),
            quanyu::Error::Parse {
                source_name: "snapshot".into(),
                line: Some(1),
                message: "expected value".into(),
            },
            quanyu::Error::Infeasible {
                message: "demand at `x`".into(),
            },
            quanyu::Error::Cancelled,
        ];
        for core in cases {
            let ours = QuanyuError::from(core.clone());
            assert_eq!(ours.to_string(), core.to_string());
            assert_eq!(quanyu::Error::from(ours), core);
        }
    }
}
