//! The venue reports laid out as tables, and the summary of a match: what analysts read,
//! declared once for every binding.

use std::collections::BTreeMap;

use serde::Serialize;

use super::kinds::Unplaced;
use super::matching::{MatchReport, MatchScore};
use super::slots::SlotSearch;
use crate::schema::{FrameSink, Frames, Record};

/// An occurrence left unplaced, with its reason in words: a row of a match's `unplaced` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "request")]
pub struct UnplacedRow {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: u32,
    /// Why it was not placed.
    pub reason: Unplaced,
    /// The reason as a sentence.
    pub description: String,
}

/// A match in figures: how many occurrences were placed and left, the score, and how the
/// matcher worked.
///
/// ```
/// use quanyu::venues::{self, MatchOptions, MenuRecords};
/// let net = quanyu::synth::community(2024)?;
/// let mut menu = venues::synth::menu(&net, 2024)?;
/// let week = venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
/// let requests = venues::synth::requests(&net, &menu, week, 20, 7)?;
/// menu.add(&net, MenuRecords { requests, ..Default::default() })?;
/// let report = menu.match_requests(&net, &MatchOptions::default())?;
/// let s = report.summary();
/// assert_eq!(s.placed, report.placed.len());
/// assert_eq!(s.unplaced_by_reason.values().sum::<usize>(), s.unplaced);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[non_exhaustive]
pub struct MatchSummary {
    /// Occurrences placed.
    pub placed: usize,
    /// Occurrences left unplaced.
    pub unplaced: usize,
    /// Placed by priority, fair share and travel.
    pub score: MatchScore,
    /// Independent groups of requests solved.
    pub groups: usize,
    /// Of those, the groups solved exactly.
    pub exact_groups: usize,
    /// Occurrences whose candidate placements were cut.
    pub truncated: usize,
    /// Unplaced occurrences by reason.
    pub unplaced_by_reason: BTreeMap<Unplaced, usize>,
}

impl MatchReport {
    /// The match in figures.
    pub fn summary(&self) -> MatchSummary {
        MatchSummary {
            placed: self.placed.len(),
            unplaced: self.unplaced.len(),
            score: self.score.clone(),
            groups: self.groups,
            exact_groups: self.exact_groups,
            truncated: self.truncated,
            unplaced_by_reason: self.unplaced_by_reason(),
        }
    }
}

impl Frames for MatchReport {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        sink.frame("placed", &self.placed)?;
        let unplaced: Vec<UnplacedRow> = self
            .unplaced
            .iter()
            .map(|u| UnplacedRow {
                request: u.request.clone(),
                occurrence: u.occurrence,
                reason: u.reason,
                description: u.reason.describe().to_owned(),
            })
            .collect();
        sink.frame("unplaced", &unplaced)
    }
}

impl Frames for SlotSearch {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        sink.frame("offers", &self.offers)
    }
}
