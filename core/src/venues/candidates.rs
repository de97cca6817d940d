//! Which venues could take a request: kind, features and travel, then policy, then seats —
//! remembering which filter removed the last candidate.

use super::index::{PlaceIndex, Seen};
use super::kinds::{Unplaced, travel_cost};
use super::menu::Menu;
use super::records::RequestRecord;
use super::resolve;
use crate::{Network, Proximity, Result};

/// A venue that may take a request, and how far the request's attendees travel to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The venue's slot number in the menu.
    pub(crate) venue: u32,
    pub(crate) proximity: Proximity,
    /// Travel cost: the proximity tier (online halls: 0).
    pub(crate) travel: u8,
}

/// A request as the matcher sees it.
#[derive(Debug, Clone)]
pub(crate) struct Requester {
    pub(crate) seen: Seen,
    pub(crate) community: String,
}

/// Reads a (validated) request's unit and organisation from the network.
pub(crate) fn requester(net: &Network, index: &PlaceIndex, r: &RequestRecord) -> Result<Requester> {
    let unit = resolve::request_unit(net, r)?;
    let chain = resolve::unit_chain(net, &unit)?;
    let orgs = resolve::org_chain(net, &r.organisation)?;
    Ok(Requester {
        seen: index.see(&chain, &orgs),
        community: resolve::community(&chain).to_owned(),
    })
}

/// The venues that fit the request in kind, features, travel, policy and seats, nearest
/// first (then in menu order); or the reason there are none.
pub(crate) fn choices(
    menu: &Menu,
    index: &PlaceIndex,
    r: &RequestRecord,
    seen: &Seen,
) -> std::result::Result<Vec<Choice>, Unplaced> {
    let mut fitting: Vec<Choice> = Vec::new();
    let fits = |v: u32| {
        menu.venues
            .get(v as usize)
            .and_then(Option::as_ref)
            .filter(|e| r.accepts(e.record.kind) && e.record.features.covers(r.features))
    };
    index.walk_near(seen, r.max_travel, |v, tier| {
        if fits(v).is_some() {
            fitting.push(Choice {
                venue: v,
                proximity: tier,
                travel: travel_cost(tier),
            });
        }
        true
    });
    let online = r.kinds.iter().any(|k| k.is_online());
    if online {
        for &v in index.online() {
            if fits(v).is_some() {
                fitting.push(Choice {
                    venue: v,
                    proximity: index.proximity(seen, index.venue_place(v)),
                    travel: 0,
                });
            }
        }
    }
    if fitting.is_empty() {
        return Err(Unplaced::NoVenueInReach);
    }
    fitting.retain(|c| {
        fits(c.venue).is_some_and(|e| index.allows(seen, c.venue, e.record.may_book, c.proximity))
    });
    if fitting.is_empty() {
        return Err(Unplaced::PolicyForbids);
    }
    fitting.retain(|c| {
        fits(c.venue).is_some_and(|e| e.record.capacity.is_none_or(|cap| cap >= r.attendees))
    });
    if fitting.is_empty() {
        return Err(Unplaced::CapacityTooSmall);
    }
    fitting.sort_by_key(|c| (c.travel, c.venue));
    Ok(fitting)
}
