//! The menu's derived index: the units that hold venues, interned as a small forest, so that
//! "which venues lie within this unit" is a list and "how near is this venue" a few integer
//! comparisons, without scanning every venue or asking the network per pair.
//!
//! Built from the network when venues are added (and rebuilt by [`Menu::refresh`] and by batch
//! matching); never serialised.
//!
//! [`Menu::refresh`]: super::Menu::refresh

use std::collections::HashMap;

use super::resolve::UnitChain;
use crate::Proximity;

pub(crate) const NONE: u32 = u32::MAX;

/// Interned units (every venue location and every unit above one) and organisations (venue
/// owners and the roots of their trees).
#[derive(Debug, Clone, Default)]
pub(crate) struct PlaceIndex {
    ids: HashMap<String, u32>,
    parent: Vec<u32>,
    depth: Vec<u16>,
    tier: Vec<Proximity>,
    /// By place: the in-person venues located at or below it (venue slot numbers).
    within: Vec<Vec<u32>>,
    /// The places without a parent, in the order interned.
    roots: Vec<u32>,
    /// Every online venue (slot numbers), ascending.
    online: Vec<u32>,
    /// By venue slot: its place ([`NONE`] for removed slots), owner and owner's tree root.
    venue_place: Vec<u32>,
    venue_owner: Vec<u32>,
    venue_root: Vec<u32>,
    orgs: HashMap<String, u32>,
}

/// A requester as seen by the index.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    /// The requesting unit's chain, nearest first: interned place (or [`NONE`]) and tier.
    pub(crate) chain: Vec<(u32, Proximity)>,
    /// The requesting organisation and those above it, interned where they own venues.
    pub(crate) orgs: Vec<u32>,
    /// The interned root of the requesting organisation's tree, or [`NONE`].
    pub(crate) root: u32,
}

impl PlaceIndex {
    /// Interns a unit chain (nearest first); returns the place of its first unit.
    pub(crate) fn intern_chain(&mut self, chain: &UnitChain) -> u32 {
        let mut parent = NONE;
        for (id, tier) in chain.iter().rev() {
            parent = match self.ids.get(id) {
                Some(&p) => p,
                None => {
                    let p = self.parent.len() as u32;
                    let depth = if parent == NONE {
                        0
                    } else {
                        self.depth[parent as usize].saturating_add(1)
                    };
                    self.ids.insert(id.clone(), p);
                    if parent == NONE {
                        self.roots.push(p);
                    }
                    self.parent.push(parent);
                    self.depth.push(depth);
                    self.tier.push(*tier);
                    self.within.push(Vec::new());
                    p
                }
            };
        }
        parent
    }

    pub(crate) fn intern_org(&mut self, id: &str) -> u32 {
        let n = self.orgs.len() as u32;
        *self.orgs.entry(id.to_owned()).or_insert(n)
    }

    pub(crate) fn place(&self, unit: &str) -> u32 {
        self.ids.get(unit).copied().unwrap_or(NONE)
    }

    pub(crate) fn org(&self, id: &str) -> u32 {
        self.orgs.get(id).copied().unwrap_or(NONE)
    }

    /// Indexes venue slot `venue` at `place`, owned by `owner` (interned) whose tree's root
    /// is `root` (interned).
    pub(crate) fn add_venue(
        &mut self,
        venue: u32,
        place: u32,
        owner: u32,
        root: u32,
        online: bool,
    ) {
        let v = venue as usize;
        if self.venue_place.len() <= v {
            self.venue_place.resize(v + 1, NONE);
            self.venue_owner.resize(v + 1, NONE);
            self.venue_root.resize(v + 1, NONE);
        }
        self.venue_place[v] = place;
        self.venue_owner[v] = owner;
        self.venue_root[v] = root;
        if online {
            if let Err(i) = self.online.binary_search(&venue) {
                self.online.insert(i, venue);
            }
            return;
        }
        let mut p = place;
        while p != NONE {
            self.within[p as usize].push(venue);
            p = self.parent[p as usize];
        }
    }

    pub(crate) fn remove_venue(&mut self, venue: u32, online: bool) {
        let place = self.venue_place(venue);
        if let Some(p) = self.venue_place.get_mut(venue as usize) {
            *p = NONE;
        }
        if online {
            self.online.retain(|&v| v != venue);
            return;
        }
        let mut p = place;
        while p != NONE {
            self.within[p as usize].retain(|&v| v != venue);
            p = self.parent[p as usize];
        }
    }

    pub(crate) fn parent_of(&self, place: u32) -> u32 {
        self.parent.get(place as usize).copied().unwrap_or(NONE)
    }

    pub(crate) fn venue_place(&self, venue: u32) -> u32 {
        self.venue_place
            .get(venue as usize)
            .copied()
            .unwrap_or(NONE)
    }

    /// Whether a requester may book venue slot `venue` with `reach`, being at `proximity`.
    pub(crate) fn allows(
        &self,
        seen: &Seen,
        venue: u32,
        reach: super::kinds::BookingReach,
        proximity: Proximity,
    ) -> bool {
        let owner = self
            .venue_owner
            .get(venue as usize)
            .copied()
            .unwrap_or(NONE);
        let root = self.venue_root.get(venue as usize).copied().unwrap_or(NONE);
        let own = owner != NONE && seen.orgs.contains(&owner);
        let alliance = root != NONE && seen.root == root;
        reach.allows(proximity, own, alliance)
    }

    pub(crate) fn within(&self, place: u32) -> &[u32] {
        self.within.get(place as usize).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn online(&self) -> &[u32] {
        &self.online
    }

    /// Whether `place` is `ancestor` or lies below it.
    pub(crate) fn is_within(&self, mut place: u32, ancestor: u32) -> bool {
        if place == NONE || ancestor == NONE {
            return false;
        }
        let target = self.depth[ancestor as usize];
        while self.depth[place as usize] > target {
            place = self.parent[place as usize];
        }
        place == ancestor
    }

    /// How near a venue at `place` is to the requester.
    pub(crate) fn proximity(&self, seen: &Seen, place: u32) -> Proximity {
        seen.chain
            .iter()
            .find(|(p, _)| *p != NONE && self.is_within(place, *p))
            .map_or(Proximity::Beyond, |(_, t)| *t)
    }

    /// A requester's chains in interned form.
    pub(crate) fn see(&self, unit_chain: &UnitChain, org_chain: &[String]) -> Seen {
        Seen {
            chain: unit_chain
                .iter()
                .map(|(id, t)| (self.place(id), *t))
                .collect(),
            orgs: org_chain
                .iter()
                .map(|o| self.org(o))
                .filter(|&o| o != NONE)
                .collect(),
            root: org_chain.last().map_or(NONE, |o| self.org(o)),
        }
    }

    /// The in-person venues within `max_travel` of the requester, nearest tier first, each
    /// once, with its proximity; `visit` may stop the walk by returning `false`.
    pub(crate) fn walk_near(
        &self,
        seen: &Seen,
        max_travel: Proximity,
        mut visit: impl FnMut(u32, Proximity) -> bool,
    ) {
        let mut inner = NONE;
        for &(p, tier) in &seen.chain {
            // Tiers grow going up; once past the limit, everything further is too.
            if tier > max_travel {
                break;
            }
            if p == NONE {
                continue;
            }
            for &v in self.within(p) {
                if inner != NONE && self.within_venue_place(v, inner) {
                    continue;
                }
                if !visit(v, tier) {
                    return;
                }
            }
            inner = p;
        }
        // Beyond the requester's own tree: every other tree, when the request goes that far.
        if max_travel >= Proximity::Beyond {
            let own = seen
                .chain
                .iter()
                .rev()
                .find(|(p, _)| *p != NONE)
                .map(|(p, _)| *p);
            let own_root = own.map(|mut p| {
                while self.parent[p as usize] != NONE {
                    p = self.parent[p as usize];
                }
                p
            });
            for &r in &self.roots {
                if Some(r) == own_root {
                    continue;
                }
                for &v in self.within(r) {
                    if !visit(v, Proximity::Beyond) {
                        return;
                    }
                }
            }
        }
    }

    fn within_venue_place(&self, venue: u32, ancestor: u32) -> bool {
        self.is_within(self.venue_place(venue), ancestor)
    }
}
