//! Coverage analytics (合理覆盖): residential areas left without a venue of a kind nearby, and
//! supply against demand per area, kind and week.

use crate::schema::Record;
use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::index::NONE;
use super::kinds::VenueKind;
use super::menu::Menu;
use super::occurrence_windows;
use super::resolve;
use super::synth::week_of;
use crate::model::levels::GRID;
use crate::{Error, GridKind, Network, Proximity, Result};

/// A residential area without a venue of some kind within the asked tree distance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "area")]
#[non_exhaustive]
pub struct CoverageGap {
    /// The area's unit id.
    pub area: String,
    /// The area's name.
    pub name: String,
    /// The kind looked for.
    pub kind: VenueKind,
    /// The tree distance to the nearest venue of that kind (`None`: none in its tree).
    pub nearest: Option<usize>,
}

/// Supply against demand of one kind of venue in one area and one week, in slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "area")]
#[non_exhaustive]
pub struct SupplyDemand {
    /// The area's unit id (the community of the venues and of the requesters).
    pub area: String,
    /// The kind of venue.
    pub kind: VenueKind,
    /// The Monday of the week.
    pub week: NaiveDate,
    /// Open slots of the area's venues of this kind that week.
    pub supply_slots: u64,
    /// Booked slots of those venues that week.
    pub booked_slots: u64,
    /// Slots asked for by occurrences from the area that week that accept this kind (an
    /// occurrence counts toward every kind it accepts).
    pub demand_slots: u64,
    /// Those occurrences.
    pub occurrences: u64,
}

impl Menu {
    /// The residential areas (areas with a community grid) that have no venue of `kind`
    /// within `max_distance` edges of the unit tree (the distance from the area's unit to the
    /// venue's location), the worst served first: none at all, then the farthest.
    ///
    /// ```
    /// use quanyu::venues::VenueKind;
    /// let net = quanyu::synth::community(1)?;
    /// let menu = quanyu::venues::synth::menu(&net, 1)?;
    /// // Every residential area has its own pavilion...
    /// assert!(menu.coverage_gaps(&net, VenueKind::CommunityPavilion, 2)?.is_empty());
    /// // ...but a park hall only in the business area.
    /// assert!(!menu.coverage_gaps(&net, VenueKind::ParkHall, 2)?.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn coverage_gaps(
        &self,
        net: &Network,
        kind: VenueKind,
        max_distance: usize,
    ) -> Result<Vec<CoverageGap>> {
        let index = self.build_index(net)?;
        // By place: the fewest edges down to a venue of `kind`.
        let mut down: HashMap<u32, usize> = HashMap::new();
        for (v, entry) in self.venues.iter().enumerate() {
            let Some(entry) = entry else { continue };
            if entry.record.kind != kind {
                continue;
            }
            let mut p = index.venue_place(v as u32);
            let mut h = 0;
            while p != NONE {
                let best = down.entry(p).or_insert(usize::MAX);
                *best = (*best).min(h);
                p = index.parent_of(p);
                h += 1;
            }
        }
        let mut out = Vec::new();
        for area in residential_areas(net)? {
            let chain = resolve::unit_chain(net, &area.id)?;
            let nearest = chain
                .iter()
                .enumerate()
                .filter_map(|(j, (id, _))| {
                    let d = *down.get(&index.place(id))?;
                    Some(j + d)
                })
                .min();
            if nearest.is_none_or(|d| d > max_distance) {
                out.push(CoverageGap {
                    area: area.id.to_string(),
                    name: area.name.to_string(),
                    kind,
                    nearest,
                });
            }
        }
        // The worst served first: none at all, then the farthest.
        out.sort_by_key(|g| {
            (
                std::cmp::Reverse(g.nearest.unwrap_or(usize::MAX)),
                g.area.clone(),
            )
        });
        Ok(out)
    }

    /// Supply against demand per area, kind and week, for `weeks` weeks from the week of
    /// `from`: open and booked slots of the venues of each area, and the slots its requests
    /// ask for. Rows with nothing in them are left out; rows are ordered by area, kind, week.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// use quanyu::venues::synth;
    /// let net = quanyu::synth::community(1)?;
    /// let menu = synth::menu(&net, 1)?;
    /// let rows = menu.supply_demand(&net, quanyu::synth::REFERENCE_DATE, 1)?;
    /// assert!(rows.iter().all(|r| r.supply_slots > 0));
    /// assert!(menu.supply_demand(&net, quanyu::synth::REFERENCE_DATE, 0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn supply_demand(
        &self,
        net: &Network,
        from: NaiveDate,
        weeks: u32,
    ) -> Result<Vec<SupplyDemand>> {
        if weeks == 0 || weeks > 520 {
            return Err(Error::invalid_argument(
                "weeks",
                format!("expected 1 to 520 weeks, not {weeks}"),
            ));
        }
        self.build_index(net)?;
        let start = week_of(from);
        if start
            .checked_add_days(chrono::Days::new(7 * u64::from(weeks) + 7))
            .is_none()
        {
            return Err(Error::invalid_argument(
                "from",
                format!("{from} plus {weeks} weeks leaves the calendar"),
            ));
        }
        let clock = self.clock;
        let per_week = clock.per_day() * 7;
        let first = super::clock::Clock::day_index(start) * clock.per_day();
        let week_index = |slot: i64| {
            let w = (slot - first).div_euclid(per_week);
            (0..i64::from(weeks)).contains(&w).then_some(w as u32)
        };
        type Key = (String, VenueKind, u32);
        let mut rows: BTreeMap<Key, [u64; 4]> = BTreeMap::new();
        let mut community_of: HashMap<String, String> = HashMap::new();
        let mut community = |unit: &str| -> Result<String> {
            if let Some(c) = community_of.get(unit) {
                return Ok(c.clone());
            }
            let c = resolve::community(&resolve::unit_chain(net, unit)?).to_owned();
            community_of.insert(unit.to_owned(), c.clone());
            Ok(c)
        };
        for v in self.venues.iter().flatten() {
            let area = community(&v.record.location)?;
            for w in 0..weeks {
                let monday = start + Duration::days(7 * i64::from(w));
                let open: i64 = (0..7)
                    .map(|d| monday + Duration::days(d))
                    .flat_map(|d| v.schedule.open_ranges(clock, d).collect::<Vec<_>>())
                    .map(|(a, b)| b - a)
                    .sum();
                if open > 0 {
                    rows.entry((area.clone(), v.record.kind, w)).or_default()[0] += open as u64;
                }
            }
            for (&s, &(e, _)) in &v.calendar {
                if let Some(w) = week_index(s) {
                    rows.entry((area.clone(), v.record.kind, w)).or_default()[1] += (e - s) as u64;
                }
            }
        }
        for r in self.requests() {
            let unit = resolve::request_unit(net, r)?;
            let area = community(&unit)?;
            let len = clock.slots_for(r.duration_minutes) as u64;
            for k in 0..r.repeat_weeks {
                let Some(ws) = occurrence_windows(r, k) else {
                    continue;
                };
                let Some(w) = ws
                    .iter()
                    .map(|w| clock.floor(w.start))
                    .min()
                    .and_then(week_index)
                else {
                    continue;
                };
                for &kind in VenueKind::ALL.iter().filter(|&&k| r.accepts(k)) {
                    let row = rows.entry((area.clone(), kind, w)).or_default();
                    row[2] += len;
                    row[3] += 1;
                }
            }
        }
        Ok(rows
            .into_iter()
            .map(
                |((area, kind, w), [supply, booked, demand, n])| SupplyDemand {
                    area,
                    kind,
                    week: start + Duration::days(7 * i64::from(w)),
                    supply_slots: supply,
                    booked_slots: booked,
                    demand_slots: demand,
                    occurrences: n,
                },
            )
            .collect())
    }
}

/// The units on the area tier that hold a community grid (or, on schemes without grids, any
/// unit on the area tier).
fn residential_areas(net: &Network) -> Result<Vec<&crate::Unit>> {
    let scheme = net.scheme();
    let mut out = Vec::new();
    let has_grids = scheme.level(GRID).is_some();
    for level in scheme.levels() {
        if scheme.proximity(level) != Proximity::SameArea {
            continue;
        }
        for area in net.units_by_level(scheme.name(level))? {
            let residential = !has_grids
                || net
                    .units_in(&area.id, GRID)?
                    .any(|g| g.grid_kind == Some(GridKind::Community));
            if residential {
                out.push(area);
            }
        }
    }
    Ok(out)
}
