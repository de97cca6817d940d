//! Reading the network on behalf of the menu: unit chains with their proximity tiers,
//! organisation chains, a request's unit and community. Only the network's public API.

use crate::venues::records::RequestRecord;
use crate::{EntityKind, Error, Network, Proximity, Result};

/// A unit and the units above it, nearest first, each with the proximity tier of places whose
/// nearest common unit it is.
pub(crate) type UnitChain = Vec<(String, Proximity)>;

pub(crate) fn unit_chain(net: &Network, unit: &str) -> Result<UnitChain> {
    let here = net.unit(unit)?;
    let scheme = net.scheme();
    let mut out = vec![(here.id.to_string(), scheme.proximity(here.level))];
    out.extend(
        net.ancestors(unit)?
            .into_iter()
            .map(|u| (u.id.to_string(), scheme.proximity(u.level))),
    );
    Ok(out)
}

/// An organisation and the organisations above it, nearest first.
pub(crate) fn org_chain(net: &Network, org: &str) -> Result<Vec<String>> {
    let mut out = vec![net.organisation(org)?.id.to_string()];
    // Organisation trees are shallow, but a bound keeps a corrupt tree from looping.
    while let Some(up) = net.parent_organisation(out.last().map_or("", String::as_str))? {
        if out.len() > 1024 || out.iter().any(|o| *o == up.id) {
            break;
        }
        out.push(up.id.to_string());
    }
    Ok(out)
}

/// The unit a request's attendees come from: its own, or its organisation's anchor.
pub(crate) fn request_unit(net: &Network, r: &RequestRecord) -> Result<String> {
    match &r.unit {
        Some(u) => Ok(net.unit(u)?.id.to_string()),
        None => match net.anchor(&r.organisation)? {
            Some(u) => Ok(u.id.to_string()),
            None => Err(Error::not_found(
                EntityKind::Unit,
                format!("anchor of organisation `{}`", r.organisation),
            )),
        },
    }
}

/// The community of a place: the nearest unit on its chain whose tier is the area's (片区,
/// a residential area), else the top of the chain.
pub(crate) fn community(chain: &UnitChain) -> &str {
    chain
        .iter()
        .find(|(_, p)| *p == Proximity::SameArea)
        .or(chain.last())
        .map_or("", |(id, _)| id.as_str())
}
