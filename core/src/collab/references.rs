//! References the book makes into the venue menu and the event log, checked on demand: the
//! menu and the log live beside the book and change on their own.

use super::{Collaboration, EvidenceKind, PledgeKind, WorkKind};
use crate::Problem;
use crate::events::EventLog;
use crate::venues::Menu;

impl Collaboration {
    /// What the book names on `menu` and cannot be found there: venues and bookings given as
    /// evidence, pledged venues (which must be offered by the organisation pledging them),
    /// meetings' and forums' venues (a forum's must be of its deliberation kind). Empty when
    /// every reference holds.
    ///
    /// ```
    /// let net = quanyu::synth::community(12)?;
    /// let menu = quanyu::venues::synth::menu(&net, 12)?;
    /// let mut book = quanyu::collab::synth::collaboration(&net, 12)?;
    /// assert!(book.check_menu(&menu).is_empty());
    /// let venue = menu.venues().next().unwrap();
    /// let project = book.projects()[0].id.clone();
    /// let other = net.organisations().find(|o| o.id != venue.owner).unwrap().id.to_string();
    /// let pledge = quanyu::collab::PledgeRecord::new(&project, &other, quanyu::collab::PledgeKind::Venue).venue(&venue.id);
    /// book.add_pledge(&net, pledge)?;
    /// assert_eq!(book.check_menu(&menu)[0].field, "venue");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn check_menu(&self, menu: &Menu) -> Vec<Problem> {
        let mut out = Vec::new();
        for e in self.evidence() {
            let found = match e.kind {
                EvidenceKind::Venue => menu.venue(&e.reference).is_ok(),
                EvidenceKind::Booking => menu.booking(&e.reference).is_ok(),
                _ => true,
            };
            if !found {
                out.push(Problem::new(
                    &e.link,
                    "reference",
                    format!("no {} `{}` on the menu", e.kind, e.reference),
                ));
            }
        }
        for p in self.pledges() {
            let Some(v) = p.venue.as_deref().filter(|_| p.kind == PledgeKind::Venue) else {
                continue;
            };
            match menu.venue(v) {
                Err(_) => out.push(Problem::new(
                    &p.project,
                    "venue",
                    format!("no venue `{v}` on the menu"),
                )),
                Ok(venue) if venue.owner != p.adopter => out.push(Problem::new(
                    &p.project,
                    "venue",
                    format!(
                        "venue `{v}` is offered by `{}`, not by `{}`",
                        venue.owner, p.adopter
                    ),
                )),
                Ok(_) => {}
            }
        }
        for m in self.meetings() {
            if let Some(v) = &m.venue
                && menu.venue(v).is_err()
            {
                out.push(Problem::new(
                    &m.id,
                    "venue",
                    format!("no venue `{v}` on the menu"),
                ));
            }
        }
        for f in self.forums() {
            let Some(v) = &f.venue else { continue };
            match menu.venue(v) {
                Err(_) => out.push(Problem::new(
                    &f.id,
                    "venue",
                    format!("no venue `{v}` on the menu"),
                )),
                Ok(venue) if venue.kind != f.kind => out.push(Problem::new(
                    &f.id,
                    "venue",
                    format!(
                        "venue `{v}` is a {}, the forum meets at a {}",
                        venue.kind, f.kind
                    ),
                )),
                Ok(_) => {}
            }
        }
        out
    }

    /// The events attached to projects that `log` does not hold. Empty when every one is there.
    ///
    /// ```
    /// use quanyu::collab::{AttachmentRecord, CollabRecords, WorkKind};
    /// let net = quanyu::synth::community(12)?;
    /// let mut book = quanyu::collab::synth::collaboration(&net, 12)?;
    /// let project = book.projects()[0].id.clone();
    /// book.apply(&net, CollabRecords { attachments: vec![AttachmentRecord::new(project, WorkKind::Event, "E-404")], ..Default::default() })?;
    /// let missing = book.check_events(&quanyu::events::EventLog::new());
    /// assert_eq!(missing[0].field, "work");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn check_events(&self, log: &EventLog) -> Vec<Problem> {
        self.attachments()
            .iter()
            .filter(|a| a.kind == WorkKind::Event && log.event(&a.work).is_none())
            .map(|a| {
                Problem::new(
                    &a.project,
                    "work",
                    format!("no event `{}` in the log", a.work),
                )
            })
            .collect()
    }
}
