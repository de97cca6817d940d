//! Batch matching: options, the report, and the orchestration — requests resolved against the
//! network, split into independent groups (requests that can reach no common venue never
//! compete), each group solved on its own thread, exactly when it can be.

use crate::schema::Record;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDateTime;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::candidates::{self, Choice};
use super::index::PlaceIndex;
use super::instance::{Cand, EMPTY, Instance, Occ, Score, score};
use super::kinds::{BookingStatus, Unplaced};
use super::menu::Menu;
use super::placements::offer;
use super::{exact, greedy, occurrence_windows};
use crate::progress::Progress;
use crate::{EntityKind, Error, Network, Proximity, Result};

/// How to match.
///
/// ```
/// let o = quanyu::venues::MatchOptions::default();
/// assert!(o.fair_share && !o.heuristic_only && o.requests.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Record)]
#[record(default, mutable)]
pub struct MatchOptions {
    /// Share contested venues fairly between communities (see [`venues`](super)); when off,
    /// the matcher goes straight from priority to travel.
    pub fair_share: bool,
    /// Use the greedy matcher even where the exact one applies (for comparisons).
    pub heuristic_only: bool,
    /// Match only these requests (by id); `None`: every request with an unplaced occurrence.
    pub requests: Option<Vec<String>>,
    /// Keep at most this many candidate placements per occurrence (nearest, then earliest);
    /// the report counts the occurrences cut short. At least 1.
    pub max_placements: usize,
    /// Put the matching instance in the report (for external solvers).
    pub export_instance: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            fair_share: true,
            heuristic_only: false,
            requests: None,
            max_placements: 5000,
            export_instance: false,
        }
    }
}

/// One occurrence placed by the matcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "request")]
#[non_exhaustive]
pub struct Placement {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: u32,
    /// The venue's id.
    pub venue: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End (the start plus the duration, rounded up to whole slots).
    pub end: NaiveDateTime,
    /// How near the venue is to the requesting unit.
    pub proximity: Proximity,
    /// The booking's id (made when the plan is committed).
    pub booking: String,
    /// Confirmed, or awaiting the owner's approval.
    pub status: BookingStatus,
}

/// One occurrence the matcher could not place, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "request")]
#[non_exhaustive]
pub struct UnplacedOccurrence {
    /// The request's id.
    pub request: String,
    /// Which occurrence (0-based).
    pub occurrence: u32,
    /// Why.
    pub reason: Unplaced,
}

/// The objective values of a result: placed occurrences by priority (highest first), the
/// fair-share sum Σ x² over (group, priority, community) counts, and the total travel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Record)]
#[non_exhaustive]
pub struct MatchScore {
    /// (priority, placed occurrences), highest priority first.
    pub placed_by_priority: Vec<(u8, u64)>,
    /// Σ over the groups of competing requests and their (priority, community) pairs of the
    /// squared number of placed occurrences.
    pub fair_share_squares: u64,
    /// Σ of the travel costs (proximity tiers) of the placed occurrences.
    pub travel: u64,
}

impl From<Score> for MatchScore {
    fn from(s: Score) -> Self {
        MatchScore {
            placed_by_priority: s.placed,
            fair_share_squares: s.squares,
            travel: s.travel,
        }
    }
}

/// What a batch match did (or, from [`Menu::plan_matching`], would do).
///
/// ```
/// # fn main() -> quanyu::Result<()> {
/// # let net = quanyu::synth::community(3)?;
/// # let mut menu = quanyu::venues::synth::menu(&net, 3)?;
/// # let week = quanyu::venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
/// # let rs = quanyu::venues::synth::requests(&net, &menu, week, 60, 3)?;
/// # menu.add(&net, quanyu::venues::MenuRecords { requests: rs, ..Default::default() })?;
/// let report = menu.match_requests(&net, &Default::default())?;
/// let total: usize = report.unplaced_by_reason().values().sum();
/// assert_eq!(total, report.unplaced.len());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Record)]
#[non_exhaustive]
pub struct MatchReport {
    /// The placed occurrences, by request (in menu order) and occurrence.
    pub placed: Vec<Placement>,
    /// The unplaced occurrences with their reasons, likewise ordered.
    pub unplaced: Vec<UnplacedOccurrence>,
    /// The objective values.
    pub score: MatchScore,
    /// Independent groups of requests solved.
    pub groups: usize,
    /// Of those, the groups solved exactly (every occurrence one slot long).
    pub exact_groups: usize,
    /// Occurrences whose candidate placements were cut at `max_placements`.
    pub truncated: usize,
    /// The instance, if asked for.
    pub instance: Option<MatchingInstance>,
}

impl MatchReport {
    /// The report as JSON (with the instance, if it was asked for).
    ///
    /// ```
    /// let json = quanyu::venues::MatchReport::default().to_json()?;
    /// assert!(json.starts_with(r#"{"placed":[]"#));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| Error::Parse {
            source_name: "match report".to_owned(),
            line: None,
            message: e.to_string(),
        })
    }

    /// The number of unplaced occurrences by reason.
    pub fn unplaced_by_reason(&self) -> BTreeMap<Unplaced, usize> {
        let mut m = BTreeMap::new();
        for u in &self.unplaced {
            *m.entry(u.reason).or_default() += 1;
        }
        m
    }
}

/// A matching instance in plain form, for external solvers: groups of occurrences and their
/// candidate placements, with the matcher's choice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Record)]
#[non_exhaustive]
pub struct MatchingInstance {
    /// `"quanyu-matching/1"`.
    pub format: String,
    /// Slot length in minutes.
    pub slot_minutes: u32,
    /// Whether fair share was on.
    pub fair_share: bool,
    /// The independent groups.
    pub groups: Vec<InstanceGroup>,
}

/// One independent group of a [`MatchingInstance`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Record)]
#[non_exhaustive]
pub struct InstanceGroup {
    /// Whether the matcher solved it exactly.
    pub exact: bool,
    /// The occurrences with at least one candidate.
    pub occurrences: Vec<InstanceOccurrence>,
    /// Candidate placements (grouped by occurrence, nearest then earliest first).
    pub placements: Vec<InstancePlacement>,
    /// The matcher's choice for each occurrence: a placement index, or none.
    pub chosen: Vec<Option<usize>>,
}

/// An occurrence of an [`InstanceGroup`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "request")]
#[non_exhaustive]
pub struct InstanceOccurrence {
    /// The request's id.
    pub request: String,
    /// Which occurrence.
    pub occurrence: u32,
    /// Its priority.
    pub priority: u8,
    /// Its community (an area's unit id).
    pub community: String,
    /// Its length in slots.
    pub slots: u32,
}

/// A candidate placement of an [`InstanceGroup`]: it takes slots `start .. start + slots` of
/// `venue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[non_exhaustive]
pub struct InstancePlacement {
    /// Index of the occurrence in the group.
    pub occurrence: usize,
    /// The venue's id.
    pub venue: String,
    /// The first slot (slots are numbered from 1970-01-01 00:00).
    pub start: i64,
    /// Travel cost (proximity tier; online 0).
    pub travel: u8,
}

impl InstanceGroup {
    fn to_instance(&self) -> Instance {
        let mut venues: HashMap<&str, u32> = HashMap::new();
        let mut communities: HashMap<&str, u32> = HashMap::new();
        let mut inst = Instance::new();
        let mut p = 0;
        for (o, occ) in self.occurrences.iter().enumerate() {
            let n = communities.len() as u32;
            let community = *communities.entry(&occ.community).or_insert(n);
            let mut cands = Vec::new();
            while p < self.placements.len() && self.placements[p].occurrence == o {
                let pl = &self.placements[p];
                let n = venues.len() as u32;
                cands.push(Cand {
                    venue: *venues.entry(&pl.venue).or_insert(n),
                    start: pl.start,
                    travel: pl.travel,
                });
                p += 1;
            }
            inst.push(
                Occ {
                    priority: occ.priority,
                    community,
                    len: occ.slots,
                },
                cands,
            );
        }
        inst
    }

    /// The min-cost-flow problem the exact matcher solves for this group (one-slot
    /// occurrences only; `None` otherwise), with the arc of each placement.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// # let net = quanyu::synth::community(3)?;
    /// # let mut menu = quanyu::venues::Menu::with_slot_minutes(60)?;
    /// # menu.add(&net, quanyu::venues::synth::menu(&net, 3)?.records())?;
    /// # let week = quanyu::venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
    /// # let mut rs = quanyu::venues::synth::requests(&net, &menu, week, 40, 3)?;
    /// # for r in &mut rs { r.duration_minutes = 60; }
    /// # menu.add(&net, quanyu::venues::MenuRecords { requests: rs, ..Default::default() })?;
    /// let opts = quanyu::venues::MatchOptions { export_instance: true, ..Default::default() };
    /// let report = menu.plan_matching(&net, &opts)?;
    /// let group = &report.instance.unwrap().groups[0];
    /// let (problem, _arcs) = group.flow_problem(true).unwrap();
    /// assert!(problem.solve().is_ok());
    /// # Ok(()) }
    /// ```
    pub fn flow_problem(&self, fair_share: bool) -> Option<(crate::flow::MinCostFlow, Vec<usize>)> {
        exact::model(&self.to_instance(), fair_share).map(|m| (m.problem, m.cand_arc))
    }
}

/// What one group produced.
#[derive(Default)]
struct Outcome {
    /// (request slot, occurrence, venue slot, first slot, end slot, proximity)
    placed: Vec<(u32, u32, u32, i64, i64, Proximity)>,
    unplaced: Vec<(u32, u32, Unplaced)>,
    score: Score,
    /// Independent parts solved, and of those the parts solved exactly.
    parts: usize,
    exact_parts: usize,
    truncated: usize,
    export: Vec<InstanceGroup>,
}

/// A request ready to match.
struct Ready {
    request: u32,
    choices: std::result::Result<Vec<Choice>, Unplaced>,
    community: String,
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

impl Menu {
    /// Plans a batch match without changing the menu: which unplaced occurrences would go
    /// where, and why the others cannot. See [`match_requests`](Self::match_requests).
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// # let net = quanyu::synth::community(3)?;
    /// # let mut menu = quanyu::venues::synth::menu(&net, 3)?;
    /// # let week = quanyu::venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
    /// # let rs = quanyu::venues::synth::requests(&net, &menu, week, 30, 3)?;
    /// # menu.add(&net, quanyu::venues::MenuRecords { requests: rs, ..Default::default() })?;
    /// let plan = menu.plan_matching(&net, &Default::default())?;
    /// assert_eq!(menu.booking_count(), 0);
    /// let occurrences: u32 = menu.requests().map(|r| r.repeat_weeks).sum();
    /// assert_eq!(plan.placed.len() + plan.unplaced.len(), occurrences as usize);
    /// # Ok(()) }
    /// ```
    pub fn plan_matching(&self, net: &Network, options: &MatchOptions) -> Result<MatchReport> {
        self.plan_matching_with(net, options, &Progress::default())
    }

    /// [`plan_matching`](Self::plan_matching), reporting each independent group of requests
    /// as it is solved (stage `groups`) and stopping with [`Error::Cancelled`] once `progress`
    /// is cancelled.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// # let net = quanyu::synth::community(3)?;
    /// # let mut menu = quanyu::venues::synth::menu(&net, 3)?;
    /// # let week = quanyu::venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
    /// # let rs = quanyu::venues::synth::requests(&net, &menu, week, 30, 3)?;
    /// # menu.add(&net, quanyu::venues::MenuRecords { requests: rs, ..Default::default() })?;
    /// use quanyu::progress::{Cancel, Progress};
    /// let cancel = Cancel::new();
    /// cancel.cancel();
    /// let stopped = menu.match_requests_with(&net, &Default::default(), &Progress::new().cancel_with(cancel));
    /// assert!(matches!(stopped, Err(quanyu::Error::Cancelled)));
    /// assert_eq!(menu.booking_count(), 0); // nothing was booked
    /// # Ok(()) }
    /// ```
    pub fn plan_matching_with(
        &self,
        net: &Network,
        options: &MatchOptions,
        progress: &Progress,
    ) -> Result<MatchReport> {
        progress.check()?;
        if options.max_placements == 0 {
            return Err(Error::invalid_argument(
                "max_placements",
                "must be at least 1",
            ));
        }
        let index = self.build_index(net)?;
        let selected = self.selected(options)?;
        let ready: Vec<Ready> = selected
            .par_iter()
            .map(|&r| self.ready(net, &index, r))
            .collect::<Result<_>>()?;
        let groups = group(self.venues.len(), &ready);
        let total = groups.len();
        let done = AtomicUsize::new(0);
        progress.step("groups", 0, total);
        let outcomes: Vec<Outcome> = groups
            .par_iter()
            .map(|members| {
                progress.check()?;
                let o = self.solve_group(members.iter().map(|&i| &ready[i]), options)?;
                progress.step("groups", done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(o)
            })
            .collect::<Result<_>>()?;
        progress.check()?;
        Ok(self.report(&ready, outcomes, options))
    }

    /// Matches every unplaced occurrence it can (or those of `options.requests`) and books
    /// them; returns what it placed and why the rest could not be. The objective and the
    /// methods are described in [`venues`](super). Fails, changing nothing, if some reference
    /// of the menu no longer exists in `net`.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// # let net = quanyu::synth::community(3)?;
    /// # let mut menu = quanyu::venues::synth::menu(&net, 3)?;
    /// # let week = quanyu::venues::synth::week_of(quanyu::synth::REFERENCE_DATE);
    /// # let rs = quanyu::venues::synth::requests(&net, &menu, week, 30, 3)?;
    /// # menu.add(&net, quanyu::venues::MenuRecords { requests: rs, ..Default::default() })?;
    /// let report = menu.match_requests(&net, &Default::default())?;
    /// assert_eq!(menu.booking_count(), report.placed.len());
    /// // Nothing is left to place a second time.
    /// assert!(menu.match_requests(&net, &Default::default())?.placed.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn match_requests(&mut self, net: &Network, options: &MatchOptions) -> Result<MatchReport> {
        self.match_requests_with(net, options, &Progress::default())
    }

    /// [`match_requests`](Self::match_requests) with progress and cancellation (see
    /// [`plan_matching_with`](Self::plan_matching_with)): a cancelled match books nothing.
    pub fn match_requests_with(
        &mut self,
        net: &Network,
        options: &MatchOptions,
        progress: &Progress,
    ) -> Result<MatchReport> {
        let report = self.plan_matching_with(net, options, progress)?;
        for p in &report.placed {
            let (Some(&v), Some(&r)) = (
                self.venue_ids.get(&p.venue),
                self.request_ids.get(&p.request),
            ) else {
                unreachable!("a placement names a venue or request missing from the menu");
            };
            let slots = (self.clock.floor(p.start), self.clock.ceil(p.end));
            let record = super::BookingRecord {
                id: p.booking.clone(),
                venue: p.venue.clone(),
                request: p.request.clone(),
                occurrence: p.occurrence,
                start: p.start,
                end: p.end,
                status: Some(p.status),
            };
            self.insert_booking(record, v, r, slots);
        }
        Ok(report)
    }

    /// The request slots to match.
    fn selected(&self, options: &MatchOptions) -> Result<Vec<u32>> {
        let pending = |i: u32| {
            self.requests
                .get(i as usize)
                .and_then(Option::as_ref)
                .is_some_and(|r| r.booked.iter().any(Option::is_none))
        };
        match &options.requests {
            None => Ok((0..self.requests.len() as u32)
                .filter(|&i| pending(i))
                .collect()),
            Some(ids) => {
                let mut out = Vec::new();
                for id in ids {
                    let &i = self
                        .request_ids
                        .get(id)
                        .ok_or_else(|| Error::not_found(EntityKind::Request, id))?;
                    if pending(i) {
                        out.push(i);
                    }
                }
                out.sort_unstable();
                out.dedup();
                Ok(out)
            }
        }
    }

    fn ready(&self, net: &Network, index: &PlaceIndex, r: u32) -> Result<Ready> {
        let Some(Some(entry)) = self.requests.get(r as usize) else {
            unreachable!("selected request slot {r} is empty");
        };
        let who = candidates::requester(net, index, &entry.record)?;
        Ok(Ready {
            request: r,
            choices: candidates::choices(self, index, &entry.record, &who.seen),
            community: who.community,
        })
    }

    fn solve_group<'r>(
        &self,
        members: impl Iterator<Item = &'r Ready>,
        options: &MatchOptions,
    ) -> Result<Outcome> {
        let mut out = Outcome::default();
        let mut inst = Instance::new();
        // By instance occurrence: (request slot, occurrence).
        let mut meta: Vec<(u32, u32)> = Vec::new();
        let mut local: HashMap<u32, u32> = HashMap::new();
        let mut venues: Vec<u32> = Vec::new();
        let mut proximity: HashMap<(u32, u32), Proximity> = HashMap::new();
        let mut communities: HashMap<&str, u32> = HashMap::new();
        let mut community_names: Vec<&str> = Vec::new();
        for ready in members {
            let Some(Some(entry)) = self.requests.get(ready.request as usize) else {
                continue;
            };
            let req = &entry.record;
            let pending = entry.booked.iter().enumerate().filter(|(_, b)| b.is_none());
            let choices = match &ready.choices {
                Ok(c) => c,
                Err(reason) => {
                    out.unplaced
                        .extend(pending.map(|(k, _)| (ready.request, k as u32, *reason)));
                    continue;
                }
            };
            let n = communities.len() as u32;
            let community = *communities
                .entry(ready.community.as_str())
                .or_insert_with(|| {
                    community_names.push(ready.community.as_str());
                    n
                });
            let len = self.clock.slots_for(req.duration_minutes);
            for (k, _) in pending {
                let k = k as u32;
                let windows = occurrence_windows(req, k).unwrap_or_default();
                let mut cands = Vec::new();
                let mut open = false;
                for ch in choices {
                    let Some(Some(v)) = self.venues.get(ch.venue as usize) else {
                        continue;
                    };
                    let offer = offer(self.clock, v, &windows, len, false);
                    open |= offer.open;
                    if offer.starts.is_empty() {
                        continue;
                    }
                    let lv = *local.entry(ch.venue).or_insert_with(|| {
                        venues.push(ch.venue);
                        venues.len() as u32 - 1
                    });
                    proximity.insert((ready.request, ch.venue), ch.proximity);
                    cands.extend(offer.starts.into_iter().map(|start| Cand {
                        venue: lv,
                        start,
                        travel: ch.travel,
                    }));
                }
                if cands.is_empty() {
                    let reason = if open {
                        Unplaced::AllBooked
                    } else {
                        Unplaced::ClosedAtThoseTimes
                    };
                    out.unplaced.push((ready.request, k, reason));
                    continue;
                }
                cands.sort_by_key(|c| (c.travel, c.start, c.venue));
                if cands.len() > options.max_placements {
                    cands.truncate(options.max_placements);
                    out.truncated += 1;
                }
                inst.push(
                    Occ {
                        priority: req.priority,
                        community,
                        len: len as u32,
                    },
                    cands,
                );
                meta.push((ready.request, k));
            }
        }
        if inst.occs.is_empty() {
            return Ok(out);
        }
        for (part, occs) in inst.split() {
            let exact = if options.heuristic_only {
                None
            } else {
                exact::solve(&part, options.fair_share)?
            };
            let was_exact = exact.is_some();
            out.parts += 1;
            out.exact_parts += usize::from(was_exact);
            let choice = exact.unwrap_or_else(|| greedy::solve(&part, options.fair_share));
            out.score.add(&score(&part, &choice));
            for (o, &c) in choice.iter().enumerate() {
                let (r, k) = meta[occs[o]];
                if c == EMPTY {
                    out.unplaced.push((r, k, Unplaced::AllBooked));
                    continue;
                }
                let cand = part.cands[c as usize];
                let v = venues[cand.venue as usize];
                let p = proximity.get(&(r, v)).copied().unwrap_or(Proximity::Beyond);
                let len = i64::from(part.occs[o].len);
                out.placed.push((r, k, v, cand.start, cand.start + len, p));
            }
            if options.export_instance {
                let meta: Vec<(u32, u32)> = occs.iter().map(|&o| meta[o]).collect();
                let mut g = self.export_group(&part, &meta, &venues, &community_names, &choice);
                g.exact = was_exact;
                out.export.push(g);
            }
        }
        Ok(out)
    }

    fn export_group(
        &self,
        inst: &Instance,
        meta: &[(u32, u32)],
        venues: &[u32],
        communities: &[&str],
        choice: &[u32],
    ) -> InstanceGroup {
        let name = |r: u32| {
            self.requests
                .get(r as usize)
                .and_then(Option::as_ref)
                .map_or(String::new(), |e| e.record.id.clone())
        };
        let venue = |v: u32| {
            self.venues
                .get(v as usize)
                .and_then(Option::as_ref)
                .map_or(String::new(), |e| e.record.id.clone())
        };
        InstanceGroup {
            exact: false,
            occurrences: inst
                .occs
                .iter()
                .zip(meta)
                .map(|(o, &(r, k))| InstanceOccurrence {
                    request: name(r),
                    occurrence: k,
                    priority: o.priority,
                    community: communities[o.community as usize].to_owned(),
                    slots: o.len,
                })
                .collect(),
            placements: (0..inst.occs.len())
                .flat_map(|o| inst.cands_of(o).map(move |c| (o, c)))
                .map(|(o, c)| {
                    let cand = inst.cands[c];
                    InstancePlacement {
                        occurrence: o,
                        venue: venue(venues[cand.venue as usize]),
                        start: cand.start,
                        travel: cand.travel,
                    }
                })
                .collect(),
            chosen: choice
                .iter()
                .map(|&c| (c != EMPTY).then_some(c as usize))
                .collect(),
        }
    }

    fn report(
        &self,
        ready: &[Ready],
        outcomes: Vec<Outcome>,
        options: &MatchOptions,
    ) -> MatchReport {
        let order: HashMap<u32, usize> = ready
            .iter()
            .enumerate()
            .map(|(i, r)| (r.request, i))
            .collect();
        let mut report = MatchReport::default();
        let mut score = Score::default();
        let mut placed = Vec::new();
        let mut unplaced = Vec::new();
        let mut instance = options.export_instance.then(|| MatchingInstance {
            format: "quanyu-matching/1".to_owned(),
            slot_minutes: self.clock.minutes(),
            fair_share: options.fair_share,
            groups: Vec::new(),
        });
        for o in outcomes {
            report.groups += o.parts;
            report.exact_groups += o.exact_parts;
            report.truncated += o.truncated;
            score.add(&o.score);
            placed.extend(o.placed);
            unplaced.extend(o.unplaced);
            if let Some(inst) = instance.as_mut() {
                inst.groups.extend(o.export);
            }
        }
        placed.sort_by_key(|p| (order.get(&p.0).copied().unwrap_or(usize::MAX), p.1));
        unplaced.sort_by_key(|u| (order.get(&u.0).copied().unwrap_or(usize::MAX), u.1));
        let mut taken: HashSet<String> = HashSet::new();
        for (r, k, v, s, e, proximity) in placed {
            let (Some(Some(req)), Some(Some(venue))) =
                (self.requests.get(r as usize), self.venues.get(v as usize))
            else {
                continue;
            };
            let (Some(start), Some(end)) = (self.clock.start_of(s), self.clock.start_of(e)) else {
                continue;
            };
            let booking = self.fresh_booking_id(format!("{}@{k}", req.record.id), &taken);
            taken.insert(booking.clone());
            report.placed.push(Placement {
                request: req.record.id.clone(),
                occurrence: k,
                venue: venue.record.id.clone(),
                start,
                end,
                proximity,
                booking,
                status: if venue.record.needs_approval {
                    BookingStatus::AwaitingApproval
                } else {
                    BookingStatus::Confirmed
                },
            });
        }
        report.unplaced = unplaced
            .into_iter()
            .filter_map(|(r, k, reason)| {
                let req = self.requests.get(r as usize)?.as_ref()?;
                Some(UnplacedOccurrence {
                    request: req.record.id.clone(),
                    occurrence: k,
                    reason,
                })
            })
            .collect();
        report.score = score.into();
        report.instance = instance;
        report
    }
}

/// Splits the ready requests into groups that share no candidate venue: (indices into
/// `ready`), ordered by their first member. Requests without candidates form their own.
fn group(venue_slots: usize, ready: &[Ready]) -> Vec<Vec<usize>> {
    let mut parent: Vec<u32> = (0..venue_slots as u32).collect();
    for r in ready {
        if let Ok(ch) = &r.choices
            && let Some(first) = ch.first()
        {
            for c in &ch[1..] {
                let a = find(&mut parent, first.venue);
                let b = find(&mut parent, c.venue);
                if a != b {
                    let (lo, hi) = (a.min(b), a.max(b));
                    parent[hi as usize] = lo;
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut of_root: HashMap<u32, usize> = HashMap::new();
    let mut loners = Vec::new();
    for (i, r) in ready.iter().enumerate() {
        match &r.choices {
            Ok(ch) if !ch.is_empty() => {
                let root = find(&mut parent, ch[0].venue);
                let g = *of_root.entry(root).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[g].push(i);
            }
            _ => loners.push(i),
        }
    }
    if !loners.is_empty() {
        groups.push(loners);
    }
    groups
}
