//! The red shared-venue menu (红色共享阵地菜单, see the [glossary](crate::glossary)): venues offered by communities,
//! enterprises, schools and other units; requests for them; bookings that place the requests
//! in calendar slots; batch and interactive matching; coverage analytics.
//!
//! # Design
//!
//! A [`Menu`] lives *beside* the [`Network`](crate::Network), not as nodes of its graph:
//! calendars are high-churn, time-indexed data (bookings come and go all day), while the
//! governance network changes rarely. The menu names organisations and units by their ids and
//! checks those references against a `&Network` whenever records are added
//! ([`Menu::add`]) and whenever it matches ([`Menu::match_requests`]). Everything goes in and
//! comes out as plain records ([`VenueRecord`], [`OpeningHoursRecord`], [`ExceptionRecord`],
//! [`RequestRecord`], [`BookingRecord`]) and plain result values, every error is a
//! [`quanyu::Error`](crate::Error), and a `Menu` is `Clone + Send + Sync` — ready for the
//! Python and mobile bindings.
//!
//! # Time
//!
//! Calendars are cut into slots of [`Menu::slot_minutes`] (default 30). A booking takes
//! consecutive whole slots inside one open interval of its venue; a request's duration is
//! rounded up to whole slots and its booking must lie inside one of its windows. No venue is
//! ever double-booked: every path that creates a booking checks the venue's calendar.
//!
//! # Matching
//!
//! [`Menu::match_requests`] places every unplaced occurrence it can. The objective, in order:
//!
//! 1. **Priority**: as many occurrences as possible of the highest priority, then of the next,
//!    and so on.
//! 2. **Fair share (合理覆盖)**: a request's *community* is the area (片区, the unit on the
//!    `SameArea` tier) that contains its requesting unit. Requests *compete* when they can use
//!    a common venue, directly or through other requests; within each such group and at each
//!    priority, the placed counts of the communities are as even as the venues allow: the
//!    matcher minimises Σ x_c², x_c being the number of community c's occurrences of that
//!    priority placed in the batch (and [`MatchScore::fair_share_squares`] adds these sums up
//!    over the groups). A consequence, checked by the tests: *if community A holds two or more
//!    placements more than community B at a priority while an occurrence of B at that
//!    priority waits, that occurrence could not have taken the place of any single one of A's
//!    placements* (every placement of it is blocked by something other than exactly one
//!    placement of A).
//! 3. **Travel**: the least total travel, travel being the [`Proximity`](crate::Proximity)
//!    tier of the requesting unit and the venue's location (0 same building … 4 same
//!    subdistrict, 5 beyond; online halls 0).
//!
//! Fair share comes before travel on purpose: were travel first, the community nearest to a
//! scarce venue would take every slot of it, which is exactly what 合理覆盖 forbids.
//!
//! When every occurrence in a group of competing requests takes one slot, the matcher is
//! exact: one min-cost flow ([`crate::flow`]; the argument is in the source of the `exact`
//! module), checked against exhaustive search in the tests and against OR-Tools' min-cost flow
//! by `benches/venues_peers.py`. Longer requests are placed by a greedy pass (priority class by
//! class, most constrained first, three picking rules), repairs (ejection chains, ejections of
//! lower priorities, fair-share and travel exchanges) and a deterministic ruin-and-recreate
//! neighbourhood search. That matcher never double-books and keeps the fair-share consequence
//! above; its distance from the optimum is measured against OR-Tools CP-SAT by
//! `benches/venues_cpsat.py`.
//!
//! Groups are independent, so they are solved in parallel (rayon).
//!
//! Occurrences that stay unplaced carry a reason ([`Unplaced`]).
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::venues::{self, MatchOptions};
//!
//! let net = quanyu::synth::community(2024)?;
//! let mut menu = venues::synth::menu(&net, 2024)?;
//! let week = venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
//! let requests = venues::synth::requests(&net, &menu, week, 150, 7)?;
//! menu.add(&net, venues::MenuRecords { requests, ..Default::default() })?;
//!
//! let report = menu.match_requests(&net, &MatchOptions::default())?;
//! assert!(report.placed.len() > 100);
//! for miss in report.unplaced.iter().take(3) {
//!     println!("{} #{}: {}", miss.request, miss.occurrence, miss.reason.describe());
//! }
//! # Ok(()) }
//! ```

mod candidates;
mod clock;
mod coverage;
pub mod csv;
mod exact;
mod frames;
mod greedy;
mod hours;
mod index;
mod instance;
pub mod json;
mod kinds;
mod matching;
mod menu;
#[cfg(test)]
mod oracle;
mod placements;
mod records;
mod recurrence;
mod resolve;
mod slots;
pub mod synth;
mod text;
mod validate;

pub use coverage::{CoverageGap, SupplyDemand};
pub use frames::{MatchSummary, UnplacedRow};
pub use kinds::{BookingReach, BookingStatus, Feature, FeatureSet, Unplaced, VenueKind};
pub use matching::{
    InstanceGroup, InstanceOccurrence, InstancePlacement, MatchOptions, MatchReport, MatchScore,
    MatchingInstance, Placement, UnplacedOccurrence,
};
pub use menu::{AddSummary, Calendar, Menu, Occurrence};
pub use records::{
    BookingRecord, ExceptionRecord, MenuRecords, OpeningHoursRecord, RecordOrigins, RequestRecord,
    TimeWindow, VenueRecord,
};
pub use recurrence::{MAX_NTH, Recurrence, RecurrenceKind};
pub use slots::{SlotOffer, SlotSearch};

use chrono::TimeDelta;

/// The windows of occurrence `k` of a request: each window shifted by `k` weeks; `None` if
/// that leaves chrono's calendar.
pub(crate) fn occurrence_windows(r: &RequestRecord, k: u32) -> Option<Vec<TimeWindow>> {
    let shift = TimeDelta::try_weeks(i64::from(k))?;
    r.windows
        .iter()
        .map(|w| {
            Some(TimeWindow::new(
                w.start.checked_add_signed(shift)?,
                w.end.checked_add_signed(shift)?,
            ))
        })
        .collect()
}
