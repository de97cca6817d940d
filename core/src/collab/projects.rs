//! Roll-ups of the governance projects (项目联认): by project and by adopting organisation.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::{AdopterRollup, Collaboration, PledgeKind, ProjectRollup, WorkKind};

impl Collaboration {
    /// Every project on `as_of`: adopters, what they pledged, milestones reached and overdue,
    /// key tasks and events attached. In the order the projects were added.
    ///
    /// ```
    /// let net = quanyu::synth::community(8)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 8)?;
    /// let r = book.projects_rollup(quanyu::synth::REFERENCE_DATE);
    /// assert_eq!(r.len(), 10);
    /// assert!(r.iter().any(|p| p.adopters > 0 && p.money > 0));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn projects_rollup(&self, as_of: NaiveDate) -> Vec<ProjectRollup> {
        self.projects()
            .iter()
            .map(|p| {
                let pledges: Vec<_> = self
                    .pledges()
                    .iter()
                    .filter(|x| x.project == p.id)
                    .collect();
                let sum = |k: PledgeKind| -> u64 {
                    pledges
                        .iter()
                        .filter(|x| x.kind == k)
                        .filter_map(|x| x.amount)
                        .sum()
                };
                let count = |k: PledgeKind| pledges.iter().filter(|x| x.kind == k).count() as u32;
                let milestones: Vec<_> = self
                    .milestones()
                    .iter()
                    .filter(|m| m.project == p.id)
                    .collect();
                let work = |k: WorkKind| {
                    self.attachments()
                        .iter()
                        .filter(|a| a.project == p.id && a.kind == k)
                        .count() as u32
                };
                ProjectRollup {
                    project: p.id.clone(),
                    name: p.name.clone(),
                    owner: p.owner.clone(),
                    status: p.status,
                    adopters: pledges
                        .iter()
                        .map(|x| x.adopter.as_str())
                        .collect::<HashSet<_>>()
                        .len() as u32,
                    venues: count(PledgeKind::Venue),
                    people: sum(PledgeKind::People),
                    money: sum(PledgeKind::Money),
                    services: count(PledgeKind::Service),
                    milestones: milestones.len() as u32,
                    milestones_done: milestones
                        .iter()
                        .filter(|m| m.done.is_some_and(|d| d <= as_of))
                        .count() as u32,
                    milestones_overdue: milestones
                        .iter()
                        .filter(|m| m.due < as_of && m.done.is_none_or(|d| d > as_of))
                        .count() as u32,
                    tasks: work(WorkKind::KeyTask),
                    events: work(WorkKind::Event),
                }
            })
            .collect()
    }

    /// Every adopting organisation: projects adopted and what it pledged, by organisation id.
    ///
    /// ```
    /// let net = quanyu::synth::community(8)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 8)?;
    /// assert!(book.adopters_rollup().iter().all(|a| a.projects >= 1));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn adopters_rollup(&self) -> Vec<AdopterRollup> {
        let mut by: BTreeMap<&str, (HashSet<&str>, AdopterRollup)> = BTreeMap::new();
        for p in self.pledges() {
            let (projects, r) = by.entry(p.adopter.as_str()).or_insert_with(|| {
                let r = AdopterRollup {
                    organisation: p.adopter.clone(),
                    projects: 0,
                    pledges: 0,
                    venues: 0,
                    people: 0,
                    money: 0,
                };
                (HashSet::new(), r)
            });
            projects.insert(p.project.as_str());
            r.pledges += 1;
            match p.kind {
                PledgeKind::Venue => r.venues += 1,
                PledgeKind::People => r.people += p.amount.unwrap_or(0),
                PledgeKind::Money => r.money += p.amount.unwrap_or(0),
                PledgeKind::Service => {}
            }
        }
        by.into_values()
            .map(|(projects, mut r)| {
                r.projects = projects.len() as u32;
                r
            })
            .collect()
    }
}
