//! The six-links report: which links each alliance member holds on a day, and the gaps.

use std::collections::BTreeMap;

/// Maps and sets keyed by ids, hashed fast: a city's report hashes every link's ends.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use chrono::NaiveDate;

use super::reports::DERIVED;
use super::{
    Collaboration, EvidenceKind, EvidenceRecord, EvidenceState, LinkCheck, LinkKind,
    LinkKindRollup, LinkRecord, MemberLinks, ProjectStatus, SixLinksReport,
};
use crate::venues::Menu;
use crate::{Network, OrganisationKind};

/// How long a meeting or booking stands as evidence after it took place.
const EVIDENCE_DAYS: i64 = 365;

impl Collaboration {
    /// The six links on `as_of`: every alliance member with the kinds it holds through running
    /// links (as either end) and those it lacks; every link with its evidence; and the gaps —
    /// members with no link, running links without evidence, running links whose evidence has
    /// all ended.
    ///
    /// Evidence counts as current when: an agreement runs on the day (from its start, or the
    /// link's, to its end); a meeting or booking took place in the year up to the day; a
    /// project is planned or active and has not ended; a venue is on `menu`. Without a menu,
    /// venues and bookings cannot be checked and count as current. Meetings that both ends
    /// organised or attended count for 事务联商 links, projects one end owns and the other
    /// adopted for 项目联认 links, without being recorded.
    ///
    /// ```
    /// let net = quanyu::synth::community(5)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 5)?;
    /// let r = book.six_links(&net, quanyu::synth::REFERENCE_DATE, None)?;
    /// assert!(!r.members.is_empty());
    /// assert!(r.members.iter().all(|m| m.held.len() + m.missing.len() == 6));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn six_links(
        &self,
        network: &Network,
        as_of: NaiveDate,
        menu: Option<&Menu>,
    ) -> crate::Result<SixLinksReport> {
        let ctx = Context::new(self, menu);
        let links: Vec<LinkCheck> = self.links().iter().map(|l| ctx.check(l, as_of)).collect();
        let mut held: HashMap<&str, (HashSet<LinkKind>, u32)> = HashMap::default();
        for (l, c) in self.links().iter().zip(&links) {
            if c.running {
                for end in [l.organisation.as_str(), l.partner.as_str()] {
                    let e = held.entry(end).or_default();
                    e.0.insert(l.kind);
                    e.1 += 1;
                }
            }
        }
        let mut members: Vec<MemberLinks> = network
            .organisations()
            .filter(|o| o.kind == OrganisationKind::AllianceMember)
            .map(|o| {
                let (kinds, count) = held.get(o.id.as_str()).cloned().unwrap_or_default();
                MemberLinks {
                    organisation: o.id.to_string(),
                    name: o.name.to_string(),
                    category: o.category,
                    held: LinkKind::ALL
                        .iter()
                        .copied()
                        .filter(|k| kinds.contains(k))
                        .collect(),
                    missing: LinkKind::ALL
                        .iter()
                        .copied()
                        .filter(|k| !kinds.contains(k))
                        .collect(),
                    links: count,
                }
            })
            .collect();
        members.sort_by(|a, b| a.organisation.cmp(&b.organisation));
        let unlinked = members
            .iter()
            .filter(|m| m.links == 0)
            .map(|m| m.organisation.clone())
            .collect();
        let of_state = |state: EvidenceState| {
            links
                .iter()
                .filter(|c| c.running && c.state == state)
                .map(|c| c.link.clone())
                .collect::<Vec<_>>()
        };
        Ok(SixLinksReport {
            as_of,
            unevidenced: of_state(EvidenceState::Missing),
            evidence_ended: of_state(EvidenceState::Ended),
            members,
            unlinked,
            links,
        })
    }

    /// The links by kind on `as_of`: how many, running, and running with current evidence.
    ///
    /// ```
    /// let net = quanyu::synth::community(5)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 5)?;
    /// let by_kind = book.links_by_kind(quanyu::synth::REFERENCE_DATE, None);
    /// assert_eq!(by_kind.len(), 6);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn links_by_kind(&self, as_of: NaiveDate, menu: Option<&Menu>) -> Vec<LinkKindRollup> {
        let ctx = Context::new(self, menu);
        let mut by: BTreeMap<LinkKind, LinkKindRollup> = LinkKind::ALL
            .iter()
            .copied()
            .map(|kind| {
                let r = LinkKindRollup {
                    kind,
                    links: 0,
                    running: 0,
                    evidenced: 0,
                };
                (kind, r)
            })
            .collect();
        for l in self.links() {
            let c = ctx.check(l, as_of);
            if let Some(r) = by.get_mut(&l.kind) {
                r.links += 1;
                r.running += u32::from(c.running);
                r.evidenced += u32::from(c.running && c.state == EvidenceState::Current);
            }
        }
        by.into_values().collect()
    }
}

/// What the checks of evidence look up, built once per report.
struct Context<'a> {
    menu: Option<&'a Menu>,
    evidence: HashMap<&'a str, Vec<&'a EvidenceRecord>>,
    /// The organisations that organised or attended each meeting, with its day.
    meetings: HashMap<&'a str, (NaiveDate, HashSet<&'a str>)>,
    /// The meetings each organisation took part in.
    took_part: HashMap<&'a str, Vec<&'a str>>,
    /// Each project's owner and adopters.
    projects: HashMap<&'a str, (&'a super::ProjectRecord, HashSet<&'a str>)>,
    /// The projects each organisation owns or adopted.
    in_projects: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Context<'a> {
    fn new(book: &'a Collaboration, menu: Option<&'a Menu>) -> Self {
        let mut evidence: HashMap<&str, Vec<&EvidenceRecord>> = HashMap::default();
        for e in book.evidence() {
            evidence.entry(e.link.as_str()).or_default().push(e);
        }
        let mut meetings: HashMap<&str, (NaiveDate, HashSet<&str>)> = book
            .meetings()
            .iter()
            .map(|m| {
                (
                    m.id.as_str(),
                    (m.start.date(), HashSet::from_iter([m.organiser.as_str()])),
                )
            })
            .collect();
        for a in book.attendance() {
            if let (Some(o), Some(m)) = (&a.on_behalf_of, meetings.get_mut(a.meeting.as_str())) {
                m.1.insert(o.as_str());
            }
        }
        let mut took_part: HashMap<&str, Vec<&str>> = HashMap::default();
        for (id, (_, orgs)) in &meetings {
            for o in orgs {
                took_part.entry(o).or_default().push(id);
            }
        }
        let mut projects: HashMap<&str, (&super::ProjectRecord, HashSet<&str>)> = book
            .projects()
            .iter()
            .map(|p| (p.id.as_str(), (p, HashSet::default())))
            .collect();
        for p in book.pledges() {
            if let Some(e) = projects.get_mut(p.project.as_str()) {
                e.1.insert(p.adopter.as_str());
            }
        }
        let mut in_projects: HashMap<&str, Vec<&str>> = HashMap::default();
        for (id, (p, adopters)) in &projects {
            for o in std::iter::once(p.owner.as_str()).chain(adopters.iter().copied()) {
                in_projects.entry(o).or_default().push(id);
            }
        }
        Context {
            menu,
            evidence,
            meetings,
            took_part,
            projects,
            in_projects,
        }
    }

    fn recent(day: NaiveDate, as_of: NaiveDate) -> bool {
        day <= as_of && (as_of - day).num_days() <= EVIDENCE_DAYS
    }

    fn project_runs(&self, id: &str, as_of: NaiveDate) -> bool {
        self.projects.get(id).is_some_and(|(p, _)| {
            matches!(p.status, ProjectStatus::Planned | ProjectStatus::Active)
                && p.end.is_none_or(|e| as_of <= e)
        })
    }

    /// Whether one piece of recorded evidence stands on `as_of`.
    fn current(&self, link: &LinkRecord, e: &EvidenceRecord, as_of: NaiveDate) -> bool {
        match e.kind {
            EvidenceKind::Agreement => {
                e.start.unwrap_or(link.start) <= as_of && e.end.is_none_or(|d| as_of <= d)
            }
            EvidenceKind::Meeting => self
                .meetings
                .get(e.reference.as_str())
                .is_some_and(|(day, _)| Self::recent(*day, as_of)),
            EvidenceKind::Project => self.project_runs(&e.reference, as_of),
            EvidenceKind::Venue => self.menu.is_none_or(|m| m.venue(&e.reference).is_ok()),
            EvidenceKind::Booking => self.menu.is_none_or(|m| {
                m.booking(&e.reference)
                    .is_ok_and(|b| Self::recent(b.start.date(), as_of))
            }),
        }
    }

    /// Evidence derived from the book for `link` on `as_of`.
    fn derived(&self, link: &LinkRecord, as_of: NaiveDate) -> u32 {
        let Some((_, kind)) = DERIVED.iter().find(|(k, _)| *k == link.kind) else {
            return 0;
        };
        let (a, b) = (link.organisation.as_str(), link.partner.as_str());
        if a == b {
            return 0;
        }
        match kind {
            EvidenceKind::Meeting => self.took_part.get(a).map_or(0, |ms| {
                ms.iter()
                    .filter(|m| {
                        self.meetings.get(**m).is_some_and(|(day, orgs)| {
                            orgs.contains(b) && Self::recent(*day, as_of)
                        })
                    })
                    .count() as u32
            }),
            // The projects `a` took part in, looked up from its side: a city holds thousands.
            EvidenceKind::Project => self.in_projects.get(a).map_or(0, |ps| {
                ps.iter()
                    .filter(|id| {
                        self.projects.get(**id).is_some_and(|(p, adopters)| {
                            (p.owner == b || adopters.contains(b)) && self.project_runs(id, as_of)
                        })
                    })
                    .count() as u32
            }),
            _ => 0,
        }
    }

    fn check(&self, link: &LinkRecord, as_of: NaiveDate) -> LinkCheck {
        let recorded = self
            .evidence
            .get(link.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let current = recorded
            .iter()
            .filter(|e| self.current(link, e, as_of))
            .count() as u32;
        let ended = recorded.len() as u32 - current;
        let derived = self.derived(link, as_of);
        let state = if current + derived > 0 {
            EvidenceState::Current
        } else if ended > 0 {
            EvidenceState::Ended
        } else {
            EvidenceState::Missing
        };
        LinkCheck {
            link: link.id.clone(),
            kind: link.kind,
            organisation: link.organisation.clone(),
            partner: link.partner.clone(),
            running: link.start <= as_of && link.end.is_none_or(|e| as_of <= e),
            current,
            ended,
            derived,
            state,
        }
    }
}
