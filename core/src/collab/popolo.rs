//! Motions and vote events in the Popolo shape (popoloproject.com): a motion with its
//! requirement and result, a vote event with its counts, and — for an open vote only — each
//! voter's option. A secret vote event lists counts and no votes.

use serde_json::{Value, json};

use super::procedures::requirement;
use super::{Choice, Collaboration};
use crate::{Network, Result};

fn option(choice: Choice) -> &'static str {
    match choice {
        Choice::For => "yes",
        Choice::Against => "no",
        Choice::Abstain => "abstain",
    }
}

impl Collaboration {
    /// Every motion and its vote event as Popolo JSON: `{"motions": [...], "vote_events": [...]}`.
    /// A motion's `organization_id` is the forum (or the meeting's organiser); its `result` and
    /// the vote event's are `pass` or `fail` by the tally on the register as it stands.
    ///
    /// ```
    /// let net = quanyu::synth::community(10)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 10)?;
    /// let doc = book.to_popolo(&net)?;
    /// assert_eq!(doc["motions"].as_array().unwrap().len(), book.motions().len());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_popolo(&self, network: &Network) -> Result<Value> {
        let mut motions = Vec::new();
        let mut events = Vec::new();
        for m in self.motions() {
            let t = self.tally(network, &m.id)?;
            let p = self.procedure(&m.procedure).ok_or_else(|| {
                crate::Error::invalid_argument("motion", format!("no procedure `{}`", m.procedure))
            })?;
            let organisation = match (&m.forum, &m.meeting) {
                (Some(f), _) => f.clone(),
                (None, Some(x)) => self
                    .meetings()
                    .iter()
                    .find(|y| &y.id == x)
                    .map_or_else(String::new, |y| y.organiser.clone()),
                (None, None) => String::new(),
            };
            let result = if t.adopted { "pass" } else { "fail" };
            motions.push(json!({
                "id": m.id,
                "organization_id": organisation,
                "text": m.text,
                "classification": p.code,
                "date": m.decided.to_string(),
                "requirement": requirement(p),
                "result": result,
            }));
            let votes: Vec<Value> = if m.secret {
                Vec::new()
            } else {
                self.ballots(&m.id)?
                    .iter()
                    .filter_map(|b| {
                        b.choice.map(|c| {
                            json!({"vote_event_id": format!("{}-vote", m.id), "voter_id": b.voter, "option": option(c)})
                        })
                    })
                    .collect()
            };
            events.push(json!({
                "id": format!("{}-vote", m.id),
                "motion_id": m.id,
                "organization_id": organisation,
                "start_date": m.decided.to_string(),
                "result": result,
                "counts": [
                    {"option": "yes", "value": t.for_votes},
                    {"option": "no", "value": t.against},
                    {"option": "abstain", "value": t.abstain},
                ],
                "votes": votes,
            }));
        }
        Ok(json!({"motions": motions, "vote_events": events}))
    }
}
