//! "Overdue now in this grid" without a pass over every event: the statuses of a replay
//! sorted by the pre-order position of their places, so that a subtree is one range found by
//! binary search.

use super::{EventStatus, Replay};
use crate::{Network, Result};

/// The events of a [`Replay`] by place: where each happened and the unit that owns it now.
/// Built once per replay (a sort), then each subtree query costs a binary search and the
/// events in the subtree.
///
/// ```
/// use quanyu::events::{synth_stream, EventBook, StreamOptions, Workflow};
/// let net = quanyu::synth::community(7)?;
/// let log = synth_stream(&net, &StreamOptions { events_per_grid: 10, ..Default::default() })?;
/// let book = EventBook::new(Workflow::five_step()).with_log(log);
/// let at = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap().and_hms_opt(18, 0, 0).unwrap();
/// let replay = book.replay(&net, at)?;
/// let places = replay.places(&net);
/// let grid = &replay.statuses[0].at_unit;
/// let fast: Vec<&str> = places.overdue_in(grid)?.iter().map(|s| s.id.as_str()).collect();
/// let slow: Vec<&str> = replay.overdue_in(&net, grid).map(|s| s.id.as_str()).collect();
/// assert_eq!(fast, slow);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EventPlaces<'a> {
    replay: &'a Replay,
    network: &'a Network,
    /// (pre-order position of a place, index of the status), sorted.
    by_position: Vec<(u32, u32)>,
}

impl Replay {
    /// The replay's events indexed by place, for subtree questions asked many times.
    pub fn places<'a>(&'a self, network: &'a Network) -> EventPlaces<'a> {
        let mut by_position = Vec::with_capacity(self.statuses.len() * 2);
        for (i, s) in self.statuses.iter().enumerate() {
            let i = i as u32;
            let here = network.subtree_span(&s.unit).ok().map(|r| r.start);
            let owner = network.subtree_span(&s.at_unit).ok().map(|r| r.start);
            by_position.extend(here.map(|p| (p, i)));
            if owner != here {
                by_position.extend(owner.map(|p| (p, i)));
            }
        }
        by_position.sort_unstable();
        EventPlaces {
            replay: self,
            network,
            by_position,
        }
    }
}

impl<'a> EventPlaces<'a> {
    /// The statuses whose place or owner lies in the subtree of `unit` and that `keep`
    /// accepts, by id.
    fn within(
        &self,
        unit: &str,
        keep: impl Fn(&EventStatus) -> bool,
    ) -> Result<Vec<&'a EventStatus>> {
        let span = self.network.subtree_span(unit)?;
        let from = self.by_position.partition_point(|&(p, _)| p < span.start);
        let to = self.by_position.partition_point(|&(p, _)| p < span.end);
        let mut found: Vec<u32> = self.by_position[from..to].iter().map(|&(_, i)| i).collect();
        // Statuses are sorted by id, so their indexes give the order; an event both placed and
        // owned in the subtree appears once.
        found.sort_unstable();
        found.dedup();
        let statuses = &self.replay.statuses;
        Ok(found
            .into_iter()
            .map(|i| &statuses[i as usize])
            .filter(|s| keep(s))
            .collect())
    }

    /// The open events of the subtree of `unit`.
    pub fn open_in(&self, unit: &str) -> Result<Vec<&'a EventStatus>> {
        self.within(unit, EventStatus::is_open)
    }

    /// The overdue events of the subtree of `unit`: "overdue now in this grid".
    pub fn overdue_in(&self, unit: &str) -> Result<Vec<&'a EventStatus>> {
        self.within(unit, |s| s.is_open() && s.overdue)
    }
}
