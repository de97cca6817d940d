//! Reading a value from the app without stopping at the first bad field: every problem is kept
//! with its row (the label of the record it is in, such as an id), its field path and the value
//! at fault, and the whole list becomes one `QuanyuError::Validation`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::error::{Problem, QuanyuError, Result};
use crate::types::{IsoDate, IsoDateTime, IsoTime};

/// A record being read: its label and where its fields' paths start.
#[derive(Debug)]
struct Row {
    /// The record's label (its id, say); empty when it has none of its own.
    label: String,
    /// The length of the path when the record began.
    depth: usize,
}

/// One step of the path to a value.
#[derive(Debug)]
enum Part {
    /// A field (or the argument itself).
    Field(&'static str),
    /// An item of a list.
    Index(usize),
    /// The entry of a map under a key, as the key is shown.
    Key(String),
}

/// The problems found so far, and where the reader is.
///
/// A record that has a label (an id, a holder, a name) starts a row: the problems inside it
/// name that row and give the field path from the record (`residents`, `windows[0].start`). A
/// record without one (a time window) belongs to the row around it. Outside every row, the
/// path starts at the argument's name (`changes[2].end`).
#[derive(Debug, Default)]
pub struct Problems {
    found: Vec<Problem>,
    path: Vec<Part>,
    rows: Vec<Row>,
}

impl Problems {
    /// An empty list for the argument `name`: paths outside every row start with it.
    pub fn of_argument(name: &'static str) -> Self {
        Problems {
            path: vec![Part::Field(name)],
            ..Problems::default()
        }
    }

    /// Begins a record labelled `label` (empty: the record has no label of its own).
    pub fn begin_record(&mut self, label: String) {
        self.rows.push(Row {
            label,
            depth: self.path.len(),
        });
    }

    /// Ends the record begun last.
    pub fn end_record(&mut self) {
        self.rows.pop();
    }

    /// Descends into the field `name`.
    pub fn enter(&mut self, name: &'static str) {
        self.path.push(Part::Field(name));
    }

    /// Descends into item `index` of a list.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Part::Index(index));
    }

    /// Descends into the entry of a map under `key`.
    pub fn enter_key(&mut self, key: &impl std::fmt::Debug) {
        self.path.push(Part::Key(format!("{key:?}")));
    }

    /// Leaves the last field, item or entry entered.
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// The value at the current path cannot be used: `message` says why and names the value.
    pub fn problem(&mut self, message: impl Into<String>) {
        let row = self.rows.iter().rev().find(|r| !r.label.is_empty());
        let (id, start) = match row {
            Some(r) => (r.label.as_str(), r.depth),
            None => ("", 0),
        };
        let mut field = String::new();
        for part in self.path.iter().skip(start) {
            match part {
                Part::Field(name) => {
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(name);
                }
                Part::Index(i) => {
                    let _ = write!(field, "[{i}]");
                }
                Part::Key(k) => {
                    let _ = write!(field, "[{k}]");
                }
            }
        }
        self.found.push(Problem::new(id, &field, message));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The problems found, in the order they were found.
    pub fn into_problems(self) -> Vec<Problem> {
        self.found
    }

    /// `Ok` when nothing was found, else the error listing every problem.
    pub fn into_result(self) -> Result<()> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(QuanyuError::Validation {
                problems: self.found,
            })
        }
    }
}

/// What a record's label field says about the row it is: text names the row (an id), a plain
/// enum its English name (a rule's kind); any other value, empty, leaves the record in the
/// row around it.
pub trait Label {
    /// The row's name, or empty.
    fn label(&self) -> String {
        String::new()
    }
}

impl Label for String {
    fn label(&self) -> String {
        self.clone()
    }
}

impl<T: Label> Label for Option<T> {
    fn label(&self) -> String {
        self.as_ref().map(Label::label).unwrap_or_default()
    }
}

impl Label for bool {}
impl Label for i32 {}
impl Label for i64 {}
impl Label for f64 {}
impl Label for IsoDate {}
impl Label for IsoDateTime {}
impl Label for IsoTime {}
impl Label for chrono::Weekday {}
// Personal values never name a row: a row's name goes into messages and logs.
impl Label for Arc<crate::types::Sensitive> {}
impl<T> Label for Vec<T> {}
impl<K, V> Label for HashMap<K, V> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_restart_the_path_and_records_without_labels_do_not() {
        let mut p = Problems::of_argument("changes");
        p.enter_index(0);
        p.enter("unit");
        p.begin_record("H3".into());
        p.enter("residents");
        p.problem("expected a whole number from 0 to 4294967295, got -1");
        p.leave();
        p.enter("windows");
        p.enter_index(2);
        p.begin_record(String::new());
        p.enter("start");
        p.problem("bad start");
        p.leave();
        p.end_record();
        p.leave();
        p.leave();
        p.end_record();
        p.leave();
        p.leave();
        p.enter_index(1);
        p.enter("end");
        p.problem("bad end");
        p.leave();
        p.leave();
        p.enter("capacity_overrides");
        p.enter_key(&"P");
        p.problem("too large");
        let rows: Vec<(String, String)> = p
            .into_problems()
            .into_iter()
            .map(|x| (x.id, x.field))
            .collect();
        let expected = [
            ("H3", "residents"),
            ("H3", "windows[2].start"),
            ("", "changes[1].end"),
            ("", "changes.capacity_overrides[\"P\"]"),
        ];
        assert_eq!(rows.len(), expected.len());
        for ((id, field), (eid, efield)) in rows.iter().zip(expected) {
            assert_eq!((id.as_str(), field.as_str()), (eid, efield));
        }
    }

    #[test]
    fn no_problem_is_ok_and_any_is_a_validation_error() {
        assert!(Problems::of_argument("x").into_result().is_ok());
        let mut p = Problems::of_argument("x");
        p.problem("wrong");
        assert!(matches!(
            p.into_result(),
            Err(QuanyuError::Validation { problems }) if problems.len() == 1
        ));
    }
}
