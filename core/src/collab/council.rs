//! The council (全域党建理事会) on a day and its rotation, and the three carriages (三驾马车)
//! of every compound.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    Carriage, CarriageRecord, Collaboration, CompoundCarriages, CouncilIssue, CouncilProblem,
    CouncilReport, Seat,
};
use crate::model::levels::COMPOUND;
use crate::{Network, OrganisationKind, Result, Role};

impl Collaboration {
    /// The council of `unit` on `as_of`: its chair, vice-chairs and members, the rotation of
    /// chairs over every term, and the problems — no chair or several, a term longer than
    /// `max_term_years`, a chair following itself, a seat held outside the alliance.
    ///
    /// ```
    /// let net = quanyu::synth::community(6)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 6)?;
    /// let s = net.units_by_level("Subdistrict")?.next().unwrap();
    /// let c = book.council(&net, &s.id, quanyu::synth::REFERENCE_DATE, 3)?;
    /// assert!(c.chair.is_some());
    /// assert!(c.rotation.len() >= 2);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn council(
        &self,
        network: &Network,
        unit: &str,
        as_of: NaiveDate,
        max_term_years: u32,
    ) -> Result<CouncilReport> {
        network.unit(unit)?;
        let seats: Vec<_> = self.seats().iter().filter(|s| s.unit == unit).collect();
        let runs = |s: &&super::SeatRecord| s.start <= as_of && s.end.is_none_or(|e| as_of <= e);
        let now: Vec<_> = seats.iter().copied().filter(runs).collect();
        let of = |seat: Seat| -> Vec<String> {
            let mut v: Vec<String> = now
                .iter()
                .filter(|s| s.seat == seat)
                .map(|s| s.organisation.clone())
                .collect();
            v.sort();
            v
        };
        let chairs = of(Seat::Chair);
        let mut problems = Vec::new();
        match chairs.len() {
            0 => problems.push(CouncilProblem {
                issue: CouncilIssue::NoChair,
                organisation: String::new(),
                detail: format!("no chair on {as_of}"),
            }),
            1 => {}
            n => problems.push(CouncilProblem {
                issue: CouncilIssue::SeveralChairs,
                organisation: chairs.join(", "),
                detail: format!("{n} chairs on {as_of}"),
            }),
        }
        let mut terms: Vec<_> = seats.iter().filter(|s| s.seat == Seat::Chair).collect();
        terms.sort_by_key(|s| s.start);
        for pair in terms.windows(2) {
            if pair[0].organisation == pair[1].organisation {
                problems.push(CouncilProblem {
                    issue: CouncilIssue::NotRotated,
                    organisation: pair[1].organisation.clone(),
                    detail: format!(
                        "chair again from {} after its term from {}",
                        pair[1].start, pair[0].start
                    ),
                });
            }
        }
        for s in &seats {
            let last = s.end.unwrap_or(as_of);
            let limit = s
                .start
                .checked_add_months(chrono::Months::new(max_term_years.saturating_mul(12)))
                .unwrap_or(NaiveDate::MAX);
            if last >= limit {
                problems.push(CouncilProblem {
                    issue: CouncilIssue::TermTooLong,
                    organisation: s.organisation.clone(),
                    detail: format!(
                        "{} from {} to {last}: over {max_term_years} years",
                        s.seat, s.start
                    ),
                });
            }
            let in_alliance = network.organisation(&s.organisation).is_ok_and(|o| {
                matches!(
                    o.kind,
                    OrganisationKind::AllianceMember | OrganisationKind::WorkingCommittee
                )
            });
            if !in_alliance {
                problems.push(CouncilProblem {
                    issue: CouncilIssue::NotInAlliance,
                    organisation: s.organisation.clone(),
                    detail: "seats go to alliance members and the working committee".into(),
                });
            }
        }
        Ok(CouncilReport {
            unit: unit.to_owned(),
            as_of,
            chair: (chairs.len() == 1).then(|| chairs[0].clone()),
            vice_chairs: of(Seat::ViceChair),
            members: of(Seat::Member),
            rotation: terms.iter().map(|s| s.organisation.clone()).collect(),
            issues: problems,
        })
    }

    /// Every compound's three carriages on `as_of` (units of the `Compound` level), with the
    /// residential-area Party organisation coordinating them — the nearest general branch
    /// anchored at the compound or above it — and its secretary in post, if any.
    /// [`CompoundCarriages::is_complete`] tells the compounds with nothing missing.
    ///
    /// ```
    /// let net = quanyu::synth::community(6)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 6)?;
    /// let all = book.carriages_on(&net, quanyu::synth::REFERENCE_DATE)?;
    /// assert!(all.iter().any(|c| !c.is_complete()));
    /// assert!(all.iter().any(|c| c.is_complete()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn carriages_on(
        &self,
        network: &Network,
        as_of: NaiveDate,
    ) -> Result<Vec<CompoundCarriages>> {
        let mut serving: HashMap<&str, Vec<&CarriageRecord>> = HashMap::new();
        for c in self.carriages() {
            if c.start <= as_of && c.end.is_none_or(|e| as_of <= e) {
                serving.entry(c.compound.as_str()).or_default().push(c);
            }
        }
        let Ok(compounds) = network.units_by_level(COMPOUND) else {
            return Ok(Vec::new());
        };
        let mut coordinators: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        let mut out = Vec::new();
        for compound in compounds {
            let here = serving
                .get(compound.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let name = |k: Carriage| {
                here.iter()
                    .find(|c| c.carriage == k)
                    .map(|c| c.name.clone())
            };
            let parent = network
                .parent(&compound.id)?
                .map(|p| p.id.to_string())
                .unwrap_or_default();
            // Compounds without organisations of their own share their parent's coordinator.
            let own = network.organisations_at(&compound.id)?;
            let (coordinator, secretary) = if own.is_empty() && !parent.is_empty() {
                match coordinators.get(&parent) {
                    Some(found) => found.clone(),
                    None => {
                        let found = coordinator(network, &parent, as_of)?;
                        coordinators.insert(parent, found.clone());
                        found
                    }
                }
            } else {
                coordinator(network, &compound.id, as_of)?
            };
            out.push(CompoundCarriages {
                compound: compound.id.to_string(),
                residents_committee: name(Carriage::ResidentsCommittee),
                owners_committee: name(Carriage::OwnersCommittee),
                property_management: name(Carriage::PropertyManagement),
                red_property: here
                    .iter()
                    .any(|c| c.carriage == Carriage::PropertyManagement && c.red),
                coordinator,
                secretary,
                missing: Carriage::ALL
                    .iter()
                    .copied()
                    .filter(|k| name(*k).is_none())
                    .collect(),
            });
        }
        Ok(out)
    }
}

/// The nearest general branch anchored at `unit` or above it, and its secretary.
fn coordinator(
    network: &Network,
    unit: &str,
    as_of: NaiveDate,
) -> Result<(Option<String>, Option<String>)> {
    let mut chain = vec![network.unit(unit)?];
    chain.extend(network.ancestors(unit)?);
    for u in chain {
        let branch = network
            .organisations_at(&u.id)?
            .into_iter()
            .find(|o| o.kind == OrganisationKind::GeneralBranch);
        if let Some(b) = branch {
            let secretary = network
                .posts_at_organisation(&b.id, as_of, Some(Role::Secretary))?
                .into_iter()
                .map(|p| p.person.id.to_string())
                .next();
            return Ok((Some(b.id.to_string()), secretary));
        }
    }
    Ok((None, None))
}
