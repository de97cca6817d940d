//! Ballots and tallies: who may vote on a motion (read from the register as of its decision
//! day), one ballot per voter or household, secret ballots kept as counts, and the result with
//! its arithmetic.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime};
use compact_str::CompactString;

use super::procedures::{needed, share_words};
use super::{
    BallotRecord, Choice, Collaboration, Electorate, MotionRecord, Presence, ProcedureRecord,
    SecretCount, Tally,
};
use crate::{Error, Network, Person, Result};

type Fast = foldhash::fast::RandomState;

/// One voter's ballot as kept: no choice on a secret motion.
#[derive(Debug, Clone)]
pub(super) struct Cast {
    presence: Presence,
    proxy: Option<CompactString>,
    choice: Option<Choice>,
    at: NaiveDateTime,
    /// The voter's slot in the network the ballot was checked against (`NO_SLOT` when
    /// restored): a tally over a city's register tests a bit per person instead of hashing
    /// every adult's id, and checks the slot still holds the voter.
    slot: u32,
}

const NO_SLOT: u32 = u32::MAX;

/// The slot is where the ballot was checked, not part of the ballot.
impl PartialEq for Cast {
    fn eq(&self, other: &Self) -> bool {
        (self.presence, &self.proxy, self.choice, self.at)
            == (other.presence, &other.proxy, other.choice, other.at)
    }
}

impl Eq for Cast {}

/// The ballots of one motion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Votes {
    /// By voter (hashed fast: a city-wide tally looks up every adult).
    cast: HashMap<CompactString, Cast, Fast>,
    /// The voter of each household that voted, for a household vote.
    households: HashMap<CompactString, CompactString, Fast>,
    /// Ballots for, against, abstaining.
    counts: [u64; 3],
    /// Whether the motion is secret.
    secret: bool,
}

fn count_of(choice: Choice) -> usize {
    match choice {
        Choice::For => 0,
        Choice::Against => 1,
        Choice::Abstain => 2,
    }
}

/// Whether a ballot is already held: on a secret motion the choice is not compared, since it
/// is not kept.
pub(super) enum Seen {
    /// New voter (and household).
    New,
    /// The same ballot again.
    Repeated,
    /// A different second ballot: of the voter, or of their household.
    Second(String),
}

impl Votes {
    pub(super) fn new(secret: bool) -> Self {
        Votes {
            secret,
            ..Votes::default()
        }
    }

    /// The ballots, by time then voter.
    pub(super) fn ballots(&self, motion: &str) -> Vec<BallotRecord> {
        let mut out: Vec<BallotRecord> = self
            .cast
            .iter()
            .map(|(voter, c)| BallotRecord {
                motion: motion.to_owned(),
                voter: voter.to_string(),
                presence: c.presence,
                proxy: c.proxy.as_ref().map(ToString::to_string),
                choice: c.choice,
                cast: c.at,
            })
            .collect();
        out.sort_by(|a, b| (a.cast, &a.voter).cmp(&(b.cast, &b.voter)));
        out
    }

    /// The counts of a secret motion.
    pub(super) fn secret_count(&self, motion: &str) -> Option<SecretCount> {
        self.secret.then(|| SecretCount {
            motion: motion.to_owned(),
            for_votes: self.counts[0],
            against: self.counts[1],
            abstain: self.counts[2],
        })
    }

    /// How `ballot` stands against the ballots held.
    pub(super) fn seen(&self, ballot: &BallotRecord, household: Option<&str>) -> Seen {
        if let Some(held) = self.cast.get(ballot.voter.as_str()) {
            let same = held.presence == ballot.presence
                && held.proxy.as_deref() == ballot.proxy.as_deref()
                && held.at == ballot.cast
                && (self.secret || held.choice == ballot.choice);
            return if same {
                Seen::Repeated
            } else {
                Seen::Second(format!(
                    "`{}` has already voted on this motion",
                    ballot.voter
                ))
            };
        }
        if let Some(h) = household
            && let Some(voter) = self.households.get(h)
        {
            return Seen::Second(format!(
                "household `{h}` has already voted on this motion (through `{voter}`)"
            ));
        }
        Seen::New
    }

    /// Keeps `ballot` (its choice dropped on a secret motion, counted either way). A ballot
    /// restored from storage without a choice is kept uncounted: its count comes with it.
    pub(super) fn keep(
        &mut self,
        ballot: &BallotRecord,
        household: Option<&str>,
        slot: Option<u32>,
    ) {
        if let Some(choice) = ballot.choice {
            self.counts[count_of(choice)] += 1;
        }
        let choice = if self.secret { None } else { ballot.choice };
        self.cast.insert(
            ballot.voter.as_str().into(),
            Cast {
                presence: ballot.presence,
                proxy: ballot.proxy.as_deref().map(Into::into),
                choice,
                at: ballot.cast,
                slot: slot.unwrap_or(NO_SLOT),
            },
        );
        if let Some(h) = household {
            self.households
                .insert(h.into(), ballot.voter.as_str().into());
        }
    }

    /// Adds restored secret counts.
    pub(super) fn restore(&mut self, count: &SecretCount) {
        self.counts[0] += count.for_votes;
        self.counts[1] += count.against;
        self.counts[2] += count.abstain;
    }
}

/// Who may vote on a motion: its procedure, its decision day and where its electorate lives.
#[derive(Clone, Copy)]
pub(super) struct Rule<'a> {
    pub(super) motion: &'a MotionRecord,
    pub(super) procedure: &'a ProcedureRecord,
    /// The forum's unit, for a forum motion.
    unit: Option<&'a str>,
    /// The latest (year, month·100 + day) of birth of a voter of age.
    cutoff: (i64, u32),
}

impl<'a> Rule<'a> {
    /// The rule of `motion` in `book`; `None` when its procedure or forum is unknown (reported
    /// elsewhere).
    pub(super) fn of(book: &'a Collaboration, motion: &'a MotionRecord) -> Option<Rule<'a>> {
        let procedure = book.procedure(&motion.procedure)?;
        let unit = match &motion.forum {
            Some(f) => Some(book.forums().iter().find(|x| &x.id == f)?.unit.as_str()),
            None => None,
        };
        let day = motion.decided;
        let cutoff = (
            i64::from(day.year()) - i64::from(procedure.min_age),
            day.month() * 100 + day.day(),
        );
        Some(Rule {
            motion,
            procedure,
            unit,
            cutoff,
        })
    }

    /// Whether `person` is of age on the decision day, from the birth date in their ID
    /// number; `None` without one.
    ///
    /// Every ID number in a network was checked on its way in, so the birth date is read
    /// straight from its digits: (year, month·100 + day) ≤ the decision day `min_age` years
    /// earlier is exactly "aged `min_age` or more" (the birthday reached, 29 February
    /// counting from 28 February in other years, as [`age_on`](crate::age_on) counts). A
    /// city-wide register is read in one pass this way, without a date built per person.
    fn adult(&self, person: &Person) -> Option<bool> {
        let number = person.id_number.as_ref()?.expose().as_bytes();
        let digits = number.get(6..14)?;
        let mut born = [0u32; 2];
        for (i, d) in digits.iter().enumerate() {
            if !d.is_ascii_digit() {
                return None;
            }
            born[i / 4] = born[i / 4] * 10 + u32::from(d - b'0');
        }
        let (year, month_day) = self.cutoff;
        Some(i64::from(born[0]) < year || (i64::from(born[0]) == year && born[1] <= month_day))
    }

    fn living_on(&self, person: &Person) -> bool {
        person.moved_out.is_none_or(|d| d > self.motion.decided)
    }

    /// Whether `voter` may vote, and the household their ballot stands for on a household
    /// vote; `Err` says why not.
    pub(super) fn check(
        &self,
        book: &Collaboration,
        network: &Network,
        voter: &str,
    ) -> std::result::Result<Option<String>, String> {
        let person = network
            .person(voter)
            .map_err(|_| format!("no person `{voter}` in the network"))?;
        let day = self.motion.decided;
        let Some(unit) = self.unit else {
            // A meeting's motion: its attendees vote.
            let meeting = self.motion.meeting.as_deref().unwrap_or_default();
            let present = book
                .attendance()
                .iter()
                .any(|a| a.meeting == meeting && a.person == voter);
            return if present {
                Ok(None)
            } else {
                Err(format!("`{voter}` did not attend meeting `{meeting}`"))
            };
        };
        match self.procedure.electorate {
            Electorate::Representatives => {
                let forum = self.motion.forum.as_deref().unwrap_or_default();
                let sits = book.representatives().iter().any(|r| {
                    r.forum == forum
                        && r.person == voter
                        && r.start <= day
                        && r.end.is_none_or(|e| day <= e)
                });
                return if sits {
                    Ok(None)
                } else {
                    Err(format!(
                        "`{voter}` is no representative of forum `{forum}` on {day}"
                    ))
                };
            }
            Electorate::Owners => {
                let owns = book.owners().iter().any(|o| {
                    o.person == voter
                        && o.start <= day
                        && o.end.is_none_or(|e| day <= e)
                        && network.is_ancestor(unit, &o.unit).unwrap_or(false)
                });
                if !owns {
                    return Err(format!("`{voter}` owns no home under `{unit}` on {day}"));
                }
                self.age_ok(person)?;
                return Ok(None);
            }
            Electorate::Residents | Electorate::Households => {}
        }
        let home = network.home(voter).ok().flatten();
        let Some(home) = home.filter(|h| network.is_ancestor(unit, &h.id).unwrap_or(false)) else {
            return Err(format!("`{voter}` does not live under `{unit}`"));
        };
        if !self.living_on(person) {
            return Err(format!("`{voter}` moved out before {day}"));
        }
        self.age_ok(person)?;
        Ok((self.procedure.electorate == Electorate::Households).then(|| home.id.to_string()))
    }

    /// The household a restored ballot stands for on a household vote: the voter's home.
    pub(super) fn household_of(&self, network: &Network, voter: &str) -> Option<String> {
        if self.unit.is_none() || self.procedure.electorate != Electorate::Households {
            return None;
        }
        let home = network.home(voter).ok().flatten()?;
        Some(home.id.to_string())
    }

    fn age_ok(&self, person: &Person) -> std::result::Result<(), String> {
        match self.adult(person) {
            Some(true) => Ok(()),
            Some(false) => Err(format!(
                "`{}` is under {} on {}",
                person.id, self.procedure.min_age, self.motion.decided
            )),
            None => Err(format!(
                "`{}` has no birth date in the register (no valid ID number)",
                person.id
            )),
        }
    }
}

/// The voters of `votes` as bits by their slot in `network`: a slot kept from the cast when it
/// still holds the voter, else looked up by id (a voter no longer in the network has none).
fn voter_bits(network: &Network, votes: &Votes) -> Vec<u64> {
    use rayon::prelude::*;
    let cast: Vec<(&CompactString, u32)> = votes.cast.iter().map(|(v, c)| (v, c.slot)).collect();
    let slots: Vec<u32> = cast
        .par_chunks(1 << 14)
        .flat_map_iter(|chunk| {
            chunk.iter().filter_map(|&(voter, slot)| {
                let kept = network
                    .person_in_slot(slot)
                    .is_some_and(|p| p.id.as_str() == voter.as_str());
                if kept {
                    Some(slot)
                } else {
                    network.person_slot(voter)
                }
            })
        })
        .collect();
    let mut bits = vec![0u64; network.person_slots().div_ceil(64)];
    for s in slots {
        if let Some(word) = bits.get_mut(s as usize / 64) {
            *word |= 1 << (s % 64);
        }
    }
    bits
}

fn has(bits: &[u64], slot: u32) -> bool {
    bits.get(slot as usize / 64)
        .is_some_and(|w| w & (1 << (slot % 64)) != 0)
}

/// What the walk over the register counts.
#[derive(Debug, Default)]
struct Count {
    eligible: u64,
    households: u64,
    taking_part: u64,
    households_taking_part: u64,
    undated: u64,
}

impl Count {
    fn join(mut self, o: Count) -> Count {
        self.eligible += o.eligible;
        self.households += o.households;
        self.taking_part += o.taking_part;
        self.households_taking_part += o.households_taking_part;
        self.undated += o.undated;
        self
    }
}

impl Collaboration {
    /// The result of `motion` on the register as it stands: the electorate as of the decision
    /// day, those taking part, the quorum, the threshold and the notice, with the arithmetic.
    ///
    /// ```
    /// let net = quanyu::synth::community(4)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 4)?;
    /// let m = &book.motions()[0];
    /// let t = book.tally(&net, &m.id)?;
    /// assert!(t.taking_part <= t.eligible);
    /// assert!(t.arithmetic.contains("quorum"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn tally(&self, network: &Network, motion: &str) -> Result<Tally> {
        let m = self.motion(motion)?;
        let rule = Rule::of(self, m).ok_or_else(|| {
            Error::invalid_argument(
                "motion",
                format!("motion `{motion}` has no known procedure or forum"),
            )
        })?;
        let empty = Votes::default();
        let votes = self.votes.get(motion).unwrap_or(&empty);
        let count = self.count(network, &rule, votes)?;
        let p = rule.procedure;
        let cast = votes.cast.len() as u64;
        let no_longer_eligible = cast.saturating_sub(count.taking_part);
        let quorum_needed = needed(count.eligible, p.quorum_num, p.quorum_den, p.quorum_strict);
        let household_quorum_needed = if p.household_quorum_num > 0 {
            needed(
                count.households,
                p.household_quorum_num,
                p.household_quorum_den,
                false,
            )
        } else {
            0
        };
        let by_persons = count.taking_part >= quorum_needed;
        let by_households =
            p.household_quorum_num > 0 && count.households_taking_part >= household_quorum_needed;
        let quorum_met = by_persons || by_households;
        let [for_votes, against, abstain] = votes.counts;
        let threshold_needed = needed(
            count.taking_part,
            p.threshold_num,
            p.threshold_den,
            p.threshold_strict,
        );
        let threshold_met = for_votes >= threshold_needed;
        let notice_met = p.notice_days == 0
            || m.notice.is_some_and(|n| {
                m.decided.signed_duration_since(n).num_days() >= i64::from(p.notice_days)
            });
        let mut words = format!(
            "quorum: {} of {} eligible take part, {} needed ({} of {}): {}",
            count.taking_part,
            count.eligible,
            quorum_needed,
            share_words(p.quorum_num, p.quorum_den, p.quorum_strict),
            count.eligible,
            if by_persons { "met" } else { "not met" },
        );
        if p.household_quorum_num > 0 {
            words.push_str(&format!(
                "; or {} of {} households, {} needed ({}): {}",
                count.households_taking_part,
                count.households,
                household_quorum_needed,
                share_words(p.household_quorum_num, p.household_quorum_den, false),
                if by_households { "met" } else { "not met" },
            ));
        }
        words.push_str(&format!(
            ". decision: {for_votes} for, {against} against, {abstain} abstaining of {} taking part, {} needed ({}): {}",
            count.taking_part,
            threshold_needed,
            share_words(p.threshold_num, p.threshold_den, p.threshold_strict),
            if threshold_met { "met" } else { "not met" },
        ));
        if p.notice_days > 0 {
            let given = m.notice.map_or("none".to_owned(), |n| n.to_string());
            words.push_str(&format!(
                ". notice: given {given}, {} days needed: {}",
                p.notice_days,
                if notice_met { "met" } else { "not met" }
            ));
        }
        let adopted = quorum_met && threshold_met && notice_met;
        words.push_str(if adopted {
            ". adopted"
        } else {
            ". not adopted"
        });
        Ok(Tally {
            motion: m.id.clone(),
            procedure: p.code.clone(),
            electorate: p.electorate,
            decided: m.decided,
            eligible: count.eligible,
            households: count.households,
            taking_part: count.taking_part,
            households_taking_part: count.households_taking_part,
            no_longer_eligible,
            undated: count.undated,
            quorum_needed,
            household_quorum_needed,
            quorum_met,
            for_votes,
            against,
            abstain,
            threshold_needed,
            threshold_met,
            notice_met,
            adopted,
            arithmetic: words,
        })
    }

    /// The tallies of every motion, in the order they were added.
    pub fn tallies(&self, network: &Network) -> Result<Vec<Tally>> {
        self.motions()
            .iter()
            .map(|m| self.tally(network, &m.id))
            .collect()
    }

    /// Counts the electorate and those taking part on the register.
    fn count(&self, network: &Network, rule: &Rule<'_>, votes: &Votes) -> Result<Count> {
        let day = rule.motion.decided;
        let Some(unit) = rule.unit else {
            let meeting = rule.motion.meeting.as_deref().unwrap_or_default();
            let present: HashSet<&str> = self
                .attendance()
                .iter()
                .filter(|a| a.meeting == meeting)
                .map(|a| a.person.as_str())
                .collect();
            let taking_part = votes
                .cast
                .keys()
                .filter(|v| present.contains(v.as_str()))
                .count();
            return Ok(Count {
                eligible: present.len() as u64,
                taking_part: taking_part as u64,
                ..Count::default()
            });
        };
        match rule.procedure.electorate {
            Electorate::Residents | Electorate::Households => {
                let households = rule.procedure.electorate == Electorate::Households;
                let bits = voter_bits(network, votes);
                network.fold_residents(
                    unit,
                    Count::default,
                    |acc, _unit, residents| {
                        let mut adults = 0u64;
                        let mut voted = 0u64;
                        for (slot, p) in residents {
                            if !rule.living_on(p) {
                                continue;
                            }
                            match rule.adult(p) {
                                None => acc.undated += 1,
                                Some(false) => {}
                                Some(true) => {
                                    adults += 1;
                                    voted += u64::from(has(&bits, slot));
                                }
                            }
                        }
                        if adults > 0 {
                            acc.households += 1;
                            acc.households_taking_part += u64::from(voted > 0);
                        }
                        if households {
                            acc.eligible += u64::from(adults > 0);
                            acc.taking_part += voted.min(1);
                        } else {
                            acc.eligible += adults;
                            acc.taking_part += voted;
                        }
                    },
                    Count::join,
                )
            }
            Electorate::Owners => {
                let mut owners: HashSet<&str> = HashSet::new();
                for o in self.owners() {
                    let running = o.start <= day && o.end.is_none_or(|e| day <= e);
                    if running && network.is_ancestor(unit, &o.unit).unwrap_or(false) {
                        owners.insert(&o.person);
                    }
                }
                let mut c = Count::default();
                for o in owners {
                    let Ok(p) = network.person(o) else { continue };
                    match rule.adult(p) {
                        None => c.undated += 1,
                        Some(false) => {}
                        Some(true) => {
                            c.eligible += 1;
                            c.taking_part += u64::from(votes.cast.contains_key(o));
                        }
                    }
                }
                Ok(c)
            }
            Electorate::Representatives => {
                let forum = rule.motion.forum.as_deref().unwrap_or_default();
                let sitting: HashSet<&str> = self
                    .representatives()
                    .iter()
                    .filter(|r| {
                        r.forum == forum && r.start <= day && r.end.is_none_or(|e| day <= e)
                    })
                    .map(|r| r.person.as_str())
                    .collect();
                let taking_part = sitting
                    .iter()
                    .filter(|p| votes.cast.contains_key(**p))
                    .count();
                Ok(Count {
                    eligible: sitting.len() as u64,
                    taking_part: taking_part as u64,
                    ..Count::default()
                })
            }
        }
    }

    /// The ballots of `motion`, creating its entry.
    pub(super) fn votes_mut(&mut self, motion: &str, secret: bool) -> &mut Votes {
        self.votes
            .entry(motion.to_owned())
            .or_insert_with(|| Votes::new(secret))
    }

    /// The ballots of `motion`, if any.
    pub(super) fn votes_of(&self, motion: &str) -> Option<&Votes> {
        self.votes.get(motion)
    }
}
