//! The work decided at meetings: follow-up actions become key tasks and grid events, with
//! deadlines counted in working days on the events' calendar.

use super::{Collaboration, FollowUp, FollowUps, WorkKind};
use crate::events::{Channel, EventRecord, WorkCalendar};
use crate::{Error, Network, Problem, Result, TaskRecord};

/// The category of an event decided at a meeting when the action names none.
const DEFAULT_EVENT_CATEGORY: &str = "livelihood";

impl Collaboration {
    /// The follow-up actions as work: key tasks (to add to the network through an edit) and
    /// events (to report to the event book, at the meeting's time, as referrals), each due
    /// its working days after the meeting's day on `calendar`. An action whose deadline falls
    /// outside the calendar's years is an error naming it; nothing is returned then.
    ///
    /// ```
    /// use quanyu::events::WorkCalendar;
    /// let net = quanyu::synth::community(9)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 9)?;
    /// let work = book.follow_ups(&net, &WorkCalendar::china())?;
    /// assert_eq!(work.due.len(), book.actions().len());
    /// assert!(work.due.iter().all(|d| d.deadline >= quanyu::synth::REFERENCE_DATE - chrono::Days::new(400)));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn follow_ups(&self, network: &Network, calendar: &WorkCalendar) -> Result<FollowUps> {
        let mut out = FollowUps {
            tasks: Vec::new(),
            events: Vec::new(),
            due: Vec::new(),
        };
        let mut problems = Vec::new();
        for a in self.actions() {
            let Some(meeting) = self.meetings().iter().find(|m| m.id == a.meeting) else {
                problems.push(Problem::new(
                    &a.id,
                    "meeting",
                    format!("no meeting `{}`", a.meeting),
                ));
                continue;
            };
            network.unit(&a.unit)?;
            let deadline = match calendar.add_working_days(meeting.start.date(), a.working_days) {
                Ok(d) => d,
                Err(e) => {
                    problems.push(Problem::new(&a.id, "working_days", e.to_string()));
                    continue;
                }
            };
            match a.kind {
                WorkKind::KeyTask => {
                    let Some(category) = a.task_category else {
                        problems.push(Problem::new(
                            &a.id,
                            "task_category",
                            "a key task needs its category",
                        ));
                        continue;
                    };
                    out.tasks
                        .push(TaskRecord::new(&a.id, &a.unit, category, deadline).name(&a.title));
                }
                WorkKind::Event => {
                    let category = a
                        .event_category
                        .as_deref()
                        .unwrap_or(DEFAULT_EVENT_CATEGORY);
                    out.events.push(
                        EventRecord::new(&a.id, category, &a.unit, meeting.start)
                            .channel(Channel::Referral)
                            .description(&a.title),
                    );
                }
            }
            out.due.push(FollowUp {
                action: a.id.clone(),
                meeting: a.meeting.clone(),
                owner: a.owner.clone(),
                deadline,
            });
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Error::Validation(problems))
        }
    }
}
