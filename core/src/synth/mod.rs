//! Seeded, deterministic synthetic cities, from one subdistrict to a megacity.
//!
//! The same scale and seed always give the same network, byte for byte. Proportions follow
//! the domain: two grid leaders per grid, compounds of several buildings, households of one to
//! five residents, about 8% of residents in the Party. Every subdistrict also carries a few
//! deliberate gaps so that audits have something to find: a grid with one leader, a grid
//! without a branch, buildings without a cell, a cadre with no home, a grid worker posted at a
//! building.
//!
//! | scale | subdistricts | buildings | households | persons |
//! |---|---|---|---|---|
//! | [`community`] | 1 (15 community + 6 business-district grids) | ≈ 400 | ≈ 20,000 | every resident |
//! | [`district`] | 15 | ≈ 5,000 | ≈ 250,000 | every resident |
//! | [`megacity`] | ≈ 215 under 16 districts | ≈ 1,000,000 | ≈ 10,000,000 | Party members and post holders (≈ 2 million) |
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! let a = quanyu::synth::community(42)?;
//! let b = quanyu::synth::community(42)?;
//! assert_eq!(a, b);
//! assert_eq!(a.units_by_kind(quanyu::GridKind::Community).count(), 15);
//! # Ok(()) }
//! ```

mod activity;
mod names;
mod plan;
mod subdistrict;

use crate::progress::Progress;
use chrono::NaiveDate;
use rayon::prelude::*;

use crate::model::bulk::{Bulk, Table};
use crate::model::levels::{CITY, DISTRICT};
use crate::model::{KeyTask, LevelScheme, Network, NodeRef, Person, Sensitive, Unit};
use crate::{Error, Problem, Result};
use plan::{Place, Plan};
use subdistrict::{Levels, Shape};

/// The day the synthetic cities describe: every running post and membership runs on it.
pub const REFERENCE_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2024, 10, 13) {
    Some(d) => d,
    None => panic!("invalid reference date"),
};

/// The size of a synthetic city.
///
/// ```
/// use quanyu::synth::Scale;
/// assert_eq!("megacity".parse::<Scale>(), Ok(Scale::Megacity));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// One subdistrict shaped like the seed community.
    Community,
    /// A district of about 15 subdistricts.
    District,
    /// A megacity of about 215 subdistricts.
    Megacity,
}

impl std::str::FromStr for Scale {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self> {
        match crate::schema::fold(s).as_str() {
            "community" => Ok(Scale::Community),
            "district" => Ok(Scale::District),
            "megacity" => Ok(Scale::Megacity),
            _ => Err(crate::Error::invalid_argument(
                "scale",
                format!("unknown scale `{s}`; expected community, district or megacity"),
            )),
        }
    }
}

/// One subdistrict shaped like the seed community: 15 community grids and 6 business-district
/// grids, every resident a person.
///
/// ```
/// let net = quanyu::synth::community(1)?;
/// assert_eq!(net.units_by_level("Subdistrict")?.count(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn community(seed: u64) -> Result<Network> {
    generate(Scale::Community, seed, &Progress::default())
}

/// A district of 15 subdistricts, every resident a person.
///
/// ```no_run
/// let net = quanyu::synth::district(1)?;
/// assert_eq!(net.units_by_level("Subdistrict")?.count(), 15);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn district(seed: u64) -> Result<Network> {
    generate(Scale::District, seed, &Progress::default())
}

/// A megacity: 215 subdistricts under 16 districts, about a million buildings and ten million
/// households; Party members and post holders are persons, other residents are counted on their
/// households. Takes tens of seconds and several GiB.
///
/// ```no_run
/// let net = quanyu::synth::megacity(1)?;
/// assert_eq!(net.units_by_level("Subdistrict")?.count(), 215);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn megacity(seed: u64) -> Result<Network> {
    generate(Scale::Megacity, seed, &Progress::default())
}

/// The megacity with every resident a person (about 25 million, 20 million of them adults):
/// the population register that a city-wide consultation reads. Several minutes and well over
/// ten GiB; for benchmarks and examples, not tests.
///
/// ```no_run
/// use quanyu::progress::Progress;
/// let net = quanyu::synth::megacity_residents(1, &Progress::default())?;
/// assert!(net.person_count() > 20_000_000);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn megacity_residents(seed: u64, progress: &Progress) -> Result<Network> {
    let shape = Shape {
        residents_as_persons: true,
        ..megacity_shape()
    };
    build(LevelScheme::city(), 16, 215, &shape, seed, progress)
}

/// A synthetic city of `scale` from `seed`, reporting each subdistrict to `progress` as it is
/// made (subdistricts are generated in parallel, a chunk at a time) and stopping with
/// [`Error::Cancelled`] between chunks once `progress` is cancelled.
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use quanyu::progress::Progress;
/// use quanyu::synth::{generate, Scale};
/// let calls = Arc::new(AtomicUsize::new(0));
/// let seen = Arc::clone(&calls);
/// let progress = Progress::new().on_step(move |s| { seen.fetch_add(1, Ordering::Relaxed); assert!(s.done <= s.total); });
/// let net = generate(Scale::Community, 3, &progress)?;
/// assert!(calls.load(Ordering::Relaxed) > 0 && net.unit_count() > 0);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn generate(scale: Scale, seed: u64, progress: &Progress) -> Result<Network> {
    let (scheme, districts, subdistricts, shape) = match scale {
        Scale::Community => (LevelScheme::governance(), 0, 1, community_shape()),
        Scale::District => (LevelScheme::district(), 1, 15, district_shape()),
        Scale::Megacity => (LevelScheme::city(), 16, 215, megacity_shape()),
    };
    build(scheme, districts, subdistricts, &shape, seed, progress)
}

/// A city on `scheme` (whose levels above the subdistrict, if any, are made first: a city and
/// `districts` districts, or one district), with `subdistricts` subdistricts of `shape`.
fn build(
    scheme: LevelScheme,
    districts: usize,
    subdistricts: usize,
    shape: &Shape,
    seed: u64,
    progress: &Progress,
) -> Result<Network> {
    let levels = Levels::of(&scheme)?;
    let above: Vec<crate::model::Level> = [CITY, DISTRICT]
        .iter()
        .filter_map(|name| scheme.level(name))
        .collect();
    let mut net = Network::with_scheme(scheme);
    let mut bulk = Bulk::new(&mut net);
    // Levels above the subdistrict: a city and its districts, or one district.
    let mut tops: Vec<NodeRef> = Vec::new();
    match above[..] {
        [district] => {
            tops.push(bulk.unit(Unit::new("D01".into(), "示范区".into(), district), None))
        }
        [city, district] => {
            let c = bulk.unit(Unit::new("C".into(), "示范市".into(), city), None);
            // The city is a unit like the others: it is entered in the id map too (it was not,
            // and a megacity counted one unit fewer than it listed).
            index(&mut bulk, Table::Units, &[c])?;
            for d in 0..districts {
                let (id, name) = (
                    format!("D{:02}", d + 1),
                    format!("{}区", names::place(d + 11)),
                );
                tops.push(bulk.unit(Unit::new(id.into(), name.into(), district), Some(c)));
            }
        }
        _ => {}
    }
    index(&mut bulk, Table::Units, &tops)?;
    // Generate in parallel, a chunk at a time, and insert in order: deterministic whatever the
    // thread count, and the peak memory stays one chunk above the network itself.
    let chunk = 16;
    let mut done = 0;
    progress.step("subdistricts", 0, subdistricts);
    for start in (0..subdistricts).step_by(chunk) {
        let plans: Vec<Plan> = (start..(start + chunk).min(subdistricts))
            .into_par_iter()
            .map(|i| {
                // Each subdistrict takes a while at city scale: stop between them.
                progress.check()?;
                Ok(subdistrict::subdistrict(shape, &levels, seed, i))
            })
            .collect::<Result<_>>()?;
        for (k, plan) in plans.into_iter().enumerate() {
            let parent = (!tops.is_empty()).then(|| tops[(start + k) * tops.len() / subdistricts]);
            insert(&mut bulk, plan, parent)?;
            done += 1;
            progress.step("subdistricts", done, subdistricts);
        }
    }
    bulk.finish().map_err(|m| {
        Error::Validation(vec![Problem::new(
            "",
            "id",
            format!("the generator erred: {m}"),
        )])
    })?;
    Ok(net)
}

/// Enters the ids of a batch of new nodes in their map. The generators make every id unique;
/// a repeat would be a bug here, reported rather than left in the maps.
fn index(bulk: &mut Bulk<'_>, table: Table, nodes: &[NodeRef]) -> Result<()> {
    bulk.index(table, nodes).map_err(|i| {
        let id = bulk.id_of(nodes[i]);
        Error::Validation(vec![Problem::new(
            id,
            "id",
            format!("the generator made the id `{id}` twice"),
        )])
    })
}

fn insert(bulk: &mut Bulk<'_>, plan: Plan, parent: Option<NodeRef>) -> Result<()> {
    bulk.reserve(
        plan.units.len() + plan.organisations.len() + plan.persons.len(),
        plan.units.len() + plan.posts.len(),
    );
    let mut units = Vec::with_capacity(plan.units.len());
    for u in plan.units {
        let p = u.parent.map(|i| units[i as usize]).or(parent);
        let unit = Unit {
            grid_kind: u.grid_kind,
            residents: u.residents,
            ..Unit::new(u.id.into(), u.name.into(), u.level)
        };
        units.push(bulk.unit(unit, p));
    }
    let mut orgs = Vec::with_capacity(plan.organisations.len());
    for o in plan.organisations {
        let p = o.parent.map(|i| orgs[i as usize]);
        orgs.push(bulk.organisation(
            o.id.into(),
            o.name.into(),
            o.kind,
            o.category,
            p,
            units[o.anchor as usize],
        ));
    }
    let mut persons = Vec::with_capacity(plan.persons.len());
    for p in plan.persons {
        let person = Person {
            phone: p.phone.map(Sensitive::from),
            id_number: p.id_number.map(Sensitive::from),
            ..Person::new(p.id.into(), p.name.into())
        };
        persons.push(bulk.person(person, p.home.map(|h| units[h as usize])));
    }
    for (p, u) in plan.works_at {
        bulk.works_at(persons[p as usize], units[u as usize]);
    }
    for (p, o, span) in plan.memberships {
        bulk.membership(persons[p as usize], orgs[o as usize], span);
    }
    for (p, place, role, span) in plan.posts {
        let at = match place {
            Place::Organisation(o) => orgs[o as usize],
            Place::Unit(u) => units[u as usize],
            // Posts are held at units and organisations only.
            Place::Person(_) | Place::Task(_) => continue,
        };
        bulk.post(persons[p as usize], at, role, span);
    }
    for (b, layer, code) in plan.layers {
        bulk.layer(units[b as usize], layer, code);
    }
    let mut tasks = Vec::with_capacity(plan.tasks.len());
    for t in plan.tasks {
        let task = KeyTask {
            id: t.id.into(),
            name: t.name.into(),
            category: t.category,
            deadline: t.deadline,
            status: t.status,
        };
        tasks.push(bulk.task(task, units[t.unit as usize]));
    }
    for (p, v) in plan.leads {
        bulk.lead(persons[p as usize], persons[v as usize]);
    }
    for (v, h) in plan.serves {
        bulk.service(persons[v as usize], units[h as usize]);
    }
    let node = |place: Place| match place {
        Place::Unit(u) => units[u as usize],
        Place::Organisation(o) => orgs[o as usize],
        Place::Person(p) => persons[p as usize],
        Place::Task(t) => tasks[t as usize],
    };
    for (kind, holder, target, span) in plan.contracts {
        bulk.contract(kind, node(holder), node(target), span);
    }
    index(bulk, Table::Units, &units)?;
    index(bulk, Table::Organisations, &orgs)?;
    index(bulk, Table::Persons, &persons)?;
    index(bulk, Table::Tasks, &tasks)
}

fn community_shape() -> Shape {
    Shape {
        residential_areas: (4, 4),
        community_grids: (15, 15),
        business_grids: (6, 6),
        compounds_per_grid: (2, 4),
        buildings_per_compound: (5, 12),
        loose_buildings_per_grid: (0, 3),
        floors: (6, 24),
        rooms_per_floor: (2, 6),
        office_buildings_per_grid: (3, 6),
        residents_as_persons: true,
    }
}

fn district_shape() -> Shape {
    Shape {
        residential_areas: (3, 6),
        community_grids: (10, 24),
        business_grids: (2, 8),
        ..community_shape()
    }
}

fn megacity_shape() -> Shape {
    Shape {
        residential_areas: (24, 32),
        community_grids: (120, 160),
        business_grids: (8, 16),
        compounds_per_grid: (2, 5),
        buildings_per_compound: (5, 12),
        loose_buildings_per_grid: (2, 6),
        floors: (2, 8),
        rooms_per_floor: (1, 3),
        office_buildings_per_grid: (3, 8),
        residents_as_persons: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A city of two districts and two small subdistricts: the megacity's scheme and levels
    /// above the subdistrict, at a size a test can build.
    fn small_city() -> Network {
        let shape = Shape {
            residential_areas: (1, 1),
            community_grids: (1, 1),
            business_grids: (1, 1),
            compounds_per_grid: (1, 1),
            buildings_per_compound: (1, 2),
            loose_buildings_per_grid: (0, 1),
            floors: (1, 2),
            rooms_per_floor: (1, 2),
            office_buildings_per_grid: (1, 1),
            residents_as_persons: false,
        };
        match build(LevelScheme::city(), 2, 2, &shape, 1, &Progress::default()) {
            Ok(net) => net,
            Err(e) => panic!("the small city: {e}"),
        }
    }

    /// The contracts of one subdistrict's plan, by (kind, holder, target, start): a contract
    /// entered twice is refused by every checked path (an extract, an edit), so a generated
    /// network must never hold one.
    fn duplicate_contracts(plan: &Plan) -> usize {
        let mut seen = std::collections::HashSet::new();
        plan.contracts
            .iter()
            .filter(|(kind, holder, target, span)| {
                !seen.insert((*kind, *holder, *target, span.start))
            })
            .count()
    }

    #[test]
    fn no_subdistrict_plan_holds_a_contract_twice() {
        // Seed 1's subdistrict S057 of the megacity held a neighbours contract twice: the audit
        // finding "a member whose post ended keeps a contract" drew the very contract the
        // member already held.
        let levels = Levels::of(&LevelScheme::city()).unwrap();
        let plan = subdistrict::subdistrict(&megacity_shape(), &levels, 1, 56);
        assert_eq!(duplicate_contracts(&plan), 0);
        let levels = Levels::of(&LevelScheme::governance()).unwrap();
        for seed in 0..40 {
            let plan = subdistrict::subdistrict(&community_shape(), &levels, seed, 0);
            assert_eq!(duplicate_contracts(&plan), 0, "community seed {seed}");
        }
    }

    #[test]
    fn every_unit_of_a_city_is_counted_and_found() {
        let net = small_city();
        let listed = net.units().count();
        let by_level: usize = net
            .scheme()
            .levels()
            .map(|l| {
                net.units_by_level(net.scheme().name(l))
                    .map_or(0, |u| u.len())
            })
            .sum();
        assert_eq!(net.unit_count(), listed);
        assert_eq!(net.unit_count(), by_level);
        assert!(net.unit("C").is_ok());
        let back = Network::from_json(&net.to_json().unwrap()).unwrap();
        assert_eq!(back.unit_count(), net.unit_count());
    }

    #[test]
    fn the_small_city_is_unchanged_byte_for_byte() {
        // FNV-1a of the binary snapshot: the city scheme's path through the generator (a city
        // unit, districts) must not move a byte when the generator is only reorganised. (Resident
        // ID numbers, drawn from a stream of their own, lengthened each person given one; binary
        // version 4 added a byte to each person, the flag of their moving-out day.)
        let bytes = small_city().to_binary();
        let digest = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        assert_eq!((bytes.len(), digest), (5_630, 6_657_344_766_471_456_532));
    }
}
