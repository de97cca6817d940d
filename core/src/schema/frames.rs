//! Reports laid out as tables: each report names its tables and gives their rows as declared
//! records, so that every binding (Arrow tables in Python, the HTML report, CSV) shows the same
//! columns with the same types without a list of columns of its own.

use serde::Serialize;

use crate::schema::Record;

/// A report laid out as named tables of declared rows, the main table first.
///
/// ```
/// use quanyu::schema::{FrameSink, Frames, Record};
///
/// struct Names(Vec<(&'static str, usize, &'static str)>);
/// impl FrameSink for Names {
///     type Error = std::convert::Infallible;
///     fn frame<R: Record + serde::Serialize>(&mut self, name: &'static str, rows: &[R]) -> Result<(), Self::Error> {
///         self.0.push((name, rows.len(), R::SCHEMA.name));
///         Ok(())
///     }
/// }
///
/// let net = quanyu::synth::community(7)?;
/// let audit = net.audit(quanyu::synth::REFERENCE_DATE);
/// let mut names = Names(Vec::new());
/// audit.frames(&mut names).unwrap();
/// assert_eq!(names.0[0].0, "gaps");
/// assert_eq!(names.0[0].1, audit.gap_count());
/// # Ok::<(), quanyu::Error>(())
/// ```
pub trait Frames {
    /// Hands each table to `sink`, the main one first.
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error>;
}

/// What receives the tables of a report.
pub trait FrameSink {
    /// What can go wrong while laying out a table.
    type Error;

    /// Receives the table `name` with its rows.
    fn frame<R: Record + Serialize>(
        &mut self,
        name: &'static str,
        rows: &[R],
    ) -> Result<(), Self::Error>;
}
