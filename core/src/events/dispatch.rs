//! 任务分办 — who should handle an event, proposed from the network: the holders of contracts
//! (四包) on the place or above it up to its grid, the grid's workers and leaders, its branch and
//! building cell, and the organisations holding a key task of the event's governance action.
//! Each candidate comes with the open events already in its hands and a reason in words, so a
//! grid leader can see why the list reads as it does.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{EventBook, EventRecord, Replay};
use crate::schema::{Enum, Record};
use crate::{ContractKind, EntityKind, Error, Network, Result, Role, TaskCategory};

/// Why a candidate is proposed; the order of the variants is the order of preference: the
/// closer the tie to the place, the earlier.
///
/// ```
/// use quanyu::events::DispatchBasis;
/// assert!(DispatchBasis::Contract < DispatchBasis::GridWorker);
/// assert_eq!("网格员".parse::<DispatchBasis>(), Ok(DispatchBasis::GridWorker));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "dispatch basis")]
pub enum DispatchBasis {
    /// 包保责任人 — holds a contract on the place or a unit above it.
    #[named(zh = "包保责任人")]
    Contract,
    /// 网格员 — a grid worker of the event's grid.
    #[named(zh = "网格员")]
    GridWorker,
    /// 楼组党小组 — the building cell of the place.
    #[named(zh = "楼组党小组")]
    BuildingCell,
    /// 网格长 — a grid leader of the event's grid.
    #[named(zh = "网格长")]
    GridLeader,
    /// 网格党支部 — the grid's branch.
    #[named(zh = "网格党支部")]
    GridBranch,
    /// 重点任务承接单位 — an organisation holding a key task of the same governance action
    /// on the place or above it.
    #[named(zh = "重点任务承接单位")]
    KeyTask,
}

/// One proposed handler of an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(label = "candidate")]
pub struct HandlerProposal {
    /// The event.
    pub event: String,
    /// The person or organisation proposed.
    pub candidate: String,
    /// Whether the candidate is a person (else an organisation).
    pub is_person: bool,
    /// Why it is proposed.
    pub basis: DispatchBasis,
    /// The open events already assigned to it at the moment asked.
    pub open_events: u32,
    /// Its place in the proposal, from 1.
    pub rank: u32,
    /// The reason in words.
    pub why: String,
}

/// A candidate before ranking: who, why, and the reason in words.
struct Candidate {
    id: String,
    /// Levels between the place and the unit of the tie (0: the place itself); contracts
    /// on the household come before those on its building.
    levels_up: usize,
    is_person: bool,
    basis: DispatchBasis,
    why: String,
}

impl EventBook {
    /// The handlers proposed for `event` at `at`, best first: by basis (contracts first,
    /// then the grid's workers, the building cell, the grid leaders, the branch and key-task
    /// organisations), then the tie nearest the place (the household's contract before the
    /// building's), then the least loaded, so that work is spread over the people who share
    /// a tie to the place. A candidate tied in several ways appears
    /// once, under its closest tie.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use quanyu::events::{DispatchBasis, EventBook, EventRecord, Workflow};
    /// use quanyu::{Change, Changeset, ContractKind, ContractRecord, Network, PersonRecord, PostRecord, Role, UnitRecord};
    ///
    /// let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    /// let mut net = Network::new();
    /// net.apply(Changeset::from_iter([
    ///     Change::AddUnit(UnitRecord::new("S", "Subdistrict")),
    ///     Change::AddUnit(UnitRecord::new("A", "Area").parent("S")),
    ///     Change::AddUnit(UnitRecord::new("G", "Grid").parent("A")),
    ///     Change::AddUnit(UnitRecord::new("B", "Building").parent("G")),
    ///     Change::AddPerson(PersonRecord::new("member")),
    ///     Change::AddPerson(PersonRecord::new("worker")),
    ///     Change::AddPost(PostRecord::at_unit("worker", Role::GridWorker, "G", day)),
    ///     Change::AddContract(ContractRecord::new(ContractKind::Building, "member", "B", day)),
    /// ]))?;
    /// let mut book = EventBook::new(Workflow::five_step());
    /// let at = day.and_hms_opt(9, 0, 0).unwrap();
    /// book.report(&net, EventRecord::new("E1", "environment", "B", at))?;
    /// let proposed = book.propose_handlers(&net, "E1", at)?;
    /// assert_eq!(proposed[0].candidate, "member");
    /// assert_eq!(proposed[0].basis, DispatchBasis::Contract);
    /// assert_eq!(proposed[1].candidate, "worker");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn propose_handlers(
        &self,
        network: &Network,
        event: &str,
        at: NaiveDateTime,
    ) -> Result<Vec<HandlerProposal>> {
        let e = self
            .log()
            .event(event)
            .ok_or_else(|| Error::not_found(EntityKind::Event, event))?;
        let category = self.categories().iter().find(|c| c.code == e.category);
        let action = category.and_then(|c| {
            c.name
                .parse::<TaskCategory>()
                .or_else(|_| c.code.parse())
                .ok()
        });
        let candidates = candidates(network, &e, action, at)?;
        let replay = self.replay(network, at)?;
        Ok(rank(event, candidates, &open_load(&replay)))
    }
}

/// Every candidate tied to the event's place, closest tie first, each once.
fn candidates(
    network: &Network,
    e: &EventRecord,
    action: Option<TaskCategory>,
    at: NaiveDateTime,
) -> Result<Vec<Candidate>> {
    let day = at.date();
    // The place and the units above it up to its grid: a contract on the building counts
    // for an event at one of its households, one on the community does not.
    let mut chain = vec![e.unit.clone()];
    for u in network.ancestors(&e.unit)? {
        chain.push(u.id.to_string());
        if network.scheme().name(u.level) == "Grid" {
            break;
        }
    }
    let mut out = Vec::new();
    for (levels_up, unit) in chain.iter().enumerate() {
        for c in network.contracts_on(unit, day)? {
            let is_person = c.kind != ContractKind::KeyTask && network.person(&c.holder).is_ok();
            out.push(Candidate {
                why: format!("holds the {} contract (四包) on {unit}", c.kind.chinese()),
                id: c.holder,
                levels_up,
                is_person,
                basis: DispatchBasis::Contract,
            });
        }
    }
    let who = network.responsible_for(&e.unit, day)?;
    if let Some(grid) = &who.grid {
        for post in network.posts_at_unit(grid, day, Some(Role::GridWorker))? {
            out.push(person(&post.person.id, DispatchBasis::GridWorker, grid));
        }
    }
    if let Some(cell) = who.building_cell {
        out.push(organisation(
            cell,
            DispatchBasis::BuildingCell,
            "the building cell of the place",
        ));
    }
    if let Some(grid) = &who.grid {
        for leader in &who.grid_leaders {
            out.push(person(leader, DispatchBasis::GridLeader, grid));
        }
    }
    if let Some(branch) = who.grid_branch {
        out.push(organisation(
            branch,
            DispatchBasis::GridBranch,
            "the grid's branch",
        ));
    }
    if let Some(action) = action {
        out.extend(key_task_holders(network, &chain, action, day)?);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(c.id.clone()));
    Ok(out)
}

fn person(id: &str, basis: DispatchBasis, grid: &str) -> Candidate {
    Candidate {
        id: id.to_owned(),
        levels_up: 0,
        is_person: true,
        basis,
        why: format!("{} of grid {grid}", basis.chinese()),
    }
}

fn organisation(id: String, basis: DispatchBasis, why: &str) -> Candidate {
    Candidate {
        id,
        levels_up: 0,
        is_person: false,
        basis,
        why: why.to_owned(),
    }
}

/// The organisations holding an open key task of `action` at a unit of `chain`.
fn key_task_holders(
    network: &Network,
    chain: &[String],
    action: TaskCategory,
    day: chrono::NaiveDate,
) -> Result<Vec<Candidate>> {
    let mut out = Vec::new();
    for task in network.task_records() {
        if task.category != action || !task.status.is_open() || !chain.contains(&task.unit) {
            continue;
        }
        for c in network.contracts_on(&task.id, day)? {
            out.push(Candidate {
                why: format!(
                    "holds key task {} ({}) at {}",
                    task.id,
                    action.chinese(),
                    task.unit
                ),
                is_person: network.person(&c.holder).is_ok(),
                levels_up: chain.iter().position(|u| *u == task.unit).unwrap_or(0),
                id: c.holder,
                basis: DispatchBasis::KeyTask,
            });
        }
    }
    Ok(out)
}

/// The open events in each handler's hands.
fn open_load(replay: &Replay) -> HashMap<&str, u32> {
    let mut load = HashMap::new();
    for s in replay.statuses.iter().filter(|s| s.is_open()) {
        if let Some(h) = &s.handler {
            *load.entry(h.as_str()).or_insert(0) += 1;
        }
    }
    load
}

/// Candidates ordered by basis, then closeness to the place, then load, then id; numbered
/// from 1.
fn rank(
    event: &str,
    mut candidates: Vec<Candidate>,
    load: &HashMap<&str, u32>,
) -> Vec<HandlerProposal> {
    let load_of = |id: &str| load.get(id).copied().unwrap_or(0);
    candidates.sort_by(|a, b| {
        (a.basis, a.levels_up, load_of(&a.id), &a.id).cmp(&(
            b.basis,
            b.levels_up,
            load_of(&b.id),
            &b.id,
        ))
    });
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let open_events = load_of(&c.id);
            HandlerProposal {
                event: event.to_owned(),
                why: format!("{}; {open_events} open event(s) in hand", c.why),
                candidate: c.id,
                is_person: c.is_person,
                basis: c.basis,
                open_events,
                rank: i as u32 + 1,
            }
        })
        .collect()
}
