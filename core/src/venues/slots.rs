//! Interactive search: the best free placements for one request, from the current calendars,
//! while a user waits.

use crate::schema::Record;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::candidates;
use super::kinds::Unplaced;
use super::menu::Menu;
use super::placements::offer;
use super::records::RequestRecord;
use super::validate;
use crate::{Error, Network, Proximity, Result};

/// A free placement offered by [`Menu::find_slots`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "venue")]
#[non_exhaustive]
pub struct SlotOffer {
    /// The venue's id.
    pub venue: String,
    /// Start (of the first occurrence, for a weekly series).
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// How near the venue is to the requesting unit.
    pub proximity: Proximity,
    /// Whether a booking would wait for the owner's approval.
    pub needs_approval: bool,
}

/// What [`Menu::find_slots`] found: the offers, best first, or — when there are none — why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Record)]
#[non_exhaustive]
pub struct SlotSearch {
    /// The offers, nearest first, then earliest, then by venue id.
    pub offers: Vec<SlotOffer>,
    /// Why there is no offer (set only when `offers` is empty).
    pub reason: Option<Unplaced>,
}

impl Menu {
    /// The best `k` free placements for `request` in the current calendars: at most one per
    /// venue and window — the earliest free start in it — ordered nearest first, then
    /// earliest, then by venue id. For a weekly series, a placement is offered only if the
    /// same venue and time is free in every week. The request need not be on the menu (its id
    /// is not checked) but is otherwise validated like [`add`](Self::add).
    ///
    /// Answers from the menu's index without scanning every venue (see the benches for its
    /// latency on a megacity menu); the index reflects the network as of the last time venues
    /// were added or [`refresh`](Self::refresh) was called.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// use chrono::NaiveDateTime;
    /// use quanyu::venues::{RequestRecord, TimeWindow, VenueKind, synth};
    /// let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    /// let net = quanyu::synth::community(1)?;
    /// let menu = synth::menu(&net, 1)?;
    /// let branch = net.organisations().find(|o| o.kind == quanyu::OrganisationKind::GridBranch).unwrap();
    /// let ask = RequestRecord::new("ask", branch.id.as_str(), "议事协商", 10, 60)
    ///     .kinds([VenueKind::CommunityPavilion, VenueKind::BuildingCourtyard])
    ///     .window(TimeWindow::new(at("2024-10-15 18:00"), at("2024-10-15 21:00")));
    /// let found = menu.find_slots(&net, &ask, 3)?;
    /// assert!(!found.offers.is_empty() && found.offers.len() <= 3);
    /// assert!(found.reason.is_none());
    /// # Ok(()) }
    /// ```
    pub fn find_slots(
        &self,
        net: &Network,
        request: &RequestRecord,
        k: usize,
    ) -> Result<SlotSearch> {
        if k == 0 {
            return Err(Error::invalid_argument("k", "must be at least 1"));
        }
        let problems = validate::check_request(self, net, request);
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        let who = candidates::requester(net, &self.index, request)?;
        let choices = match candidates::choices(self, &self.index, request, &who.seen) {
            Ok(c) => c,
            Err(reason) => {
                return Ok(SlotSearch {
                    offers: Vec::new(),
                    reason: Some(reason),
                });
            }
        };
        let clock = self.clock;
        let len = clock.slots_for(request.duration_minutes);
        let per_week = clock.per_day() * 7;
        // (travel, start slot, venue slot)
        let mut found: Vec<(u8, i64, u32)> = Vec::new();
        let mut open = false;
        for ch in choices {
            // Choices come nearest first: once k offers are nearer than this one, stop.
            if found.len() >= k && found.iter().filter(|f| f.0 < ch.travel).count() >= k {
                break;
            }
            let Some(Some(v)) = self.venues.get(ch.venue as usize) else {
                continue;
            };
            for w in &request.windows {
                let window = std::slice::from_ref(w);
                let series = request.repeat_weeks > 1;
                let o = offer(clock, v, window, len, !series);
                open |= o.open;
                let first = o.starts.into_iter().find(|&s| {
                    (1..i64::from(request.repeat_weeks)).all(|wk| {
                        let s = s + wk * per_week;
                        v.schedule.is_open(clock, s, s + len) && v.overlapping(s, s + len).is_none()
                    })
                });
                if let Some(s) = first {
                    found.push((ch.travel, s, ch.venue));
                }
            }
        }
        let mut offers: Vec<(u8, SlotOffer)> = found
            .into_iter()
            .filter_map(|(travel, s, v)| {
                let entry = self.venues.get(v as usize)?.as_ref()?;
                Some((
                    travel,
                    SlotOffer {
                        venue: entry.record.id.clone(),
                        start: clock.start_of(s)?,
                        end: clock.start_of(s + len)?,
                        proximity: self.index.proximity(&who.seen, self.index.venue_place(v)),
                        needs_approval: entry.record.needs_approval,
                    },
                ))
            })
            .collect();
        offers.sort_by(|a, b| (a.0, a.1.start, &a.1.venue).cmp(&(b.0, b.1.start, &b.1.venue)));
        offers.truncate(k);
        let offers: Vec<SlotOffer> = offers.into_iter().map(|(_, o)| o).collect();
        Ok(SlotSearch {
            reason: offers.is_empty().then_some(if open {
                Unplaced::AllBooked
            } else {
                Unplaced::ClosedAtThoseTimes
            }),
            offers,
        })
    }
}
