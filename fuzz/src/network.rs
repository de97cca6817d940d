//! What the network fuzz targets share: a small network to edit and check menus against, the
//! round-trip property every accepted network must have, and changes built from fuzz input.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use chrono::NaiveDate;
use quanyu::io::{ImportOptions, Table, read_table_with, write_table_with};
use quanyu::privacy::Reveal;
use quanyu::{
    AllianceCategory, Change, ContractKey, ContractKind, ContractRecord, GridKind, GridLayer,
    GridLayerRecord, LeadRecord, MembershipKey, MembershipRecord, Network, OrganisationKind,
    OrganisationRecord, PersonRecord, PostKey, PostRecord, Role, ServiceRecord, TaskCategory,
    TaskRecord, TaskStatus, UnitRecord,
};

/// A small subdistrict with every kind of entity and relation, built once.
pub fn base() -> &'static Network {
    static BASE: OnceLock<Network> = OnceLock::new();
    BASE.get_or_init(|| {
        let json = include_str!("../corpus/snapshot_json/seed-small.json");
        Network::from_json(json).expect("the seed snapshot loads")
    })
}

/// Asserts that `net` comes back equal from JSON, binary and CSV (in memory).
pub fn assert_round_trips(net: &Network) {
    let json = net.to_json().expect("an accepted network serialises");
    let back = Network::from_json(&json).expect("its JSON loads");
    assert!(back == *net, "JSON round trip differs");
    let bytes = net.to_binary();
    let back = Network::from_binary(&bytes).expect("its binary snapshot loads");
    assert!(back == *net, "binary round trip differs");
    assert!(back.to_binary() == bytes, "binary snapshot not stable");
    let back = csv_round_trip(net);
    assert!(back == *net, "CSV round trip differs");
}

/// `net` written as CSV tables and read back into a network on its scheme.
pub fn csv_round_trip(net: &Network) -> Network {
    let mut changes = quanyu::Changeset::new();
    let lenient = ImportOptions::new().allow_orphans(true);
    // Every personal field in full: a backup, which reads back as the same network.
    let all = Reveal::new("fuzz", "backup").fields(["phone", "id_number"]);
    for table in Table::ALL {
        let mut text = Vec::new();
        write_table_with(net, table, &mut text, Some(&all)).expect("a table writes");
        changes.extend(
            read_table_with(table, text.as_slice(), table.file_name(), &lenient)
                .expect("an exported table reads"),
        );
    }
    let mut back = Network::with_scheme(net.scheme().clone());
    back.apply(changes).expect("an exported network imports");
    back
}

/// Reads tables from `data`: chunks separated by 0x1e, in the order of [`Table::ALL`].
pub fn tables(data: &[u8]) -> Vec<(Table, &[u8])> {
    Table::ALL
        .iter()
        .copied()
        .zip(data.split(|&b| b == 0x1e))
        .collect()
}

/// An id from fuzz input: mostly one of `pool` (ids that exist), sometimes any string.
fn id(u: &mut Unstructured<'_>, pool: &[String]) -> arbitrary::Result<String> {
    if !pool.is_empty() && u.ratio(7, 8)? {
        Ok(u.choose(pool)?.clone())
    } else {
        Ok(String::arbitrary(u)?)
    }
}

fn date(u: &mut Unstructured<'_>) -> arbitrary::Result<NaiveDate> {
    // Mostly plausible days, sometimes any day chrono can hold.
    let days = if u.ratio(7, 8)? {
        u.int_in_range(730_000..=740_000)?
    } else {
        u.int_in_range(NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())?
    };
    Ok(NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MIN))
}

use chrono::Datelike;

fn pick<T: Copy>(u: &mut Unstructured<'_>, all: &[T]) -> arbitrary::Result<T> {
    u.choose(all).copied()
}

/// The ids of each kind in `net`, to aim changes at things that exist.
pub struct Pools {
    units: Vec<String>,
    orgs: Vec<String>,
    persons: Vec<String>,
    tasks: Vec<String>,
    levels: Vec<String>,
}

impl Pools {
    /// The ids in `net`.
    pub fn of(net: &Network) -> Self {
        Pools {
            units: net.units().map(|u| u.id.to_string()).collect(),
            orgs: net.organisations().map(|o| o.id.to_string()).collect(),
            persons: net.persons().map(|p| p.id.to_string()).collect(),
            tasks: net.tasks().map(|t| t.id.to_string()).collect(),
            levels: net.scheme().defs().iter().map(|d| d.name.clone()).collect(),
        }
    }
}

/// One change from fuzz input, aimed mostly at entities of `p`.
pub fn change(u: &mut Unstructured<'_>, p: &Pools) -> arbitrary::Result<Change> {
    let unit = |u: &mut Unstructured<'_>| id(u, &p.units);
    let org = |u: &mut Unstructured<'_>| id(u, &p.orgs);
    let person = |u: &mut Unstructured<'_>| id(u, &p.persons);
    let task = |u: &mut Unstructured<'_>| id(u, &p.tasks);
    let opt = |u: &mut Unstructured<'_>, pool: &[String]| -> arbitrary::Result<Option<String>> {
        if u.arbitrary()? { Ok(Some(id(u, pool)?)) } else { Ok(None) }
    };
    let unit_record = |u: &mut Unstructured<'_>, id_: String| -> arbitrary::Result<UnitRecord> {
        let mut r = UnitRecord::new(id_, id(u, &p.levels)?);
        r.name = String::arbitrary(u)?;
        r.parent = opt(u, &p.units)?;
        if u.ratio(1, 4)? {
            r.grid_kind = Some(pick(u, GridKind::ALL)?);
        }
        r.residents = u.arbitrary()?;
        // Mostly well-formed codes, sometimes anything: both paths of the check are driven.
        r.code = match u.int_in_range(0..=3u8)? {
            0 => Some(format!("{:012}", u.int_in_range(0..=999_999_999_999u64)?)),
            1 => Some(String::arbitrary(u)?),
            _ => None,
        };
        Ok(r)
    };
    let org_record = |u: &mut Unstructured<'_>, id_: String| -> arbitrary::Result<OrganisationRecord> {
        let mut r = OrganisationRecord::new(id_, pick(u, OrganisationKind::ALL)?);
        r.name = String::arbitrary(u)?;
        r.parent = opt(u, &p.orgs)?;
        r.anchor = opt(u, &p.units)?;
        if u.arbitrary()? {
            r.category = Some(pick(u, AllianceCategory::ALL)?);
        }
        Ok(r)
    };
    let person_record = |u: &mut Unstructured<'_>, id_: String| -> arbitrary::Result<PersonRecord> {
        let mut r = PersonRecord::new(id_).name(String::arbitrary(u)?);
        r.home = opt(u, &p.units)?;
        r.works_at = opt(u, &p.units)?;
        if u.arbitrary()? {
            // Mostly a mobile number of the accepted shape, sometimes any text (refused).
            let phone = if u.ratio(3, 4)? {
                format!("1{}{:09}", u.int_in_range(3..=9u8)?, u.int_in_range(0..=999_999_999u32)?)
            } else {
                String::arbitrary(u)?
            };
            r = r.phone(phone);
        }
        Ok(r)
    };
    let end = |u: &mut Unstructured<'_>| -> arbitrary::Result<Option<NaiveDate>> {
        if u.arbitrary()? { Ok(Some(date(u)?)) } else { Ok(None) }
    };
    Ok(match u.int_in_range(0u8..=24)? {
        0 => {
            let i = String::arbitrary(u)?;
            Change::AddUnit(unit_record(u, i)?)
        }
        1 => {
            let i = unit(u)?;
            Change::UpdateUnit(unit_record(u, i)?)
        }
        2 => Change::MoveUnit {
            id: unit(u)?,
            parent: opt(u, &p.units)?,
        },
        3 => Change::RemoveUnit { id: unit(u)? },
        4 => {
            let i = String::arbitrary(u)?;
            Change::AddOrganisation(org_record(u, i)?)
        }
        5 => {
            let i = org(u)?;
            Change::UpdateOrganisation(org_record(u, i)?)
        }
        6 => Change::RemoveOrganisation { id: org(u)? },
        7 => {
            let i = String::arbitrary(u)?;
            Change::AddPerson(person_record(u, i)?)
        }
        8 => {
            let i = person(u)?;
            Change::UpdatePerson(person_record(u, i)?)
        }
        9 => Change::RemovePerson { id: person(u)? },
        10 => Change::AddMembership(MembershipRecord {
            person: person(u)?,
            organisation: org(u)?,
            start: date(u)?,
            end: end(u)?,
        }),
        11 => Change::EndMembership {
            key: MembershipKey::new(person(u)?, org(u)?, date(u)?),
            end: date(u)?,
        },
        12 => {
            let role = pick(u, Role::ALL)?;
            let mut r = if u.arbitrary()? {
                PostRecord::at_unit(person(u)?, role, unit(u)?, date(u)?)
            } else {
                PostRecord::at_organisation(person(u)?, role, org(u)?, date(u)?)
            };
            r.end = end(u)?;
            Change::AddPost(r)
        }
        13 => Change::EndPost {
            key: PostKey::at_unit(person(u)?, pick(u, Role::ALL)?, unit(u)?, date(u)?),
            end: date(u)?,
        },
        14 => Change::SetGridLayer(GridLayerRecord::new(
            unit(u)?,
            pick(u, GridLayer::ALL)?,
            String::arbitrary(u)?,
        )),
        15 => Change::ClearGridLayer {
            building: unit(u)?,
            layer: pick(u, GridLayer::ALL)?,
        },
        16 => {
            let mut r = TaskRecord::new(
                String::arbitrary(u)?,
                unit(u)?,
                pick(u, TaskCategory::ALL)?,
                date(u)?,
            );
            r.status = pick(u, TaskStatus::ALL)?;
            Change::AddTask(r)
        }
        17 => Change::UpdateTask(TaskRecord::new(
            task(u)?,
            unit(u)?,
            pick(u, TaskCategory::ALL)?,
            date(u)?,
        )),
        18 => Change::RemoveTask { id: task(u)? },
        19 => Change::AddLead(LeadRecord::new(person(u)?, person(u)?)),
        20 => Change::RemoveLead(LeadRecord::new(person(u)?, person(u)?)),
        21 => Change::AddService(ServiceRecord::new(person(u)?, unit(u)?)),
        22 => {
            let kind = pick(u, ContractKind::ALL)?;
            let holder = if kind.held_by_organisations() { org(u)? } else { person(u)? };
            let target = if kind.targets_tasks() { task(u)? } else { unit(u)? };
            let mut r = ContractRecord::new(kind, holder, target, date(u)?);
            r.end = end(u)?;
            Change::AddContract(r)
        }
        23 => Change::EndContract {
            key: ContractKey::new(pick(u, ContractKind::ALL)?, person(u)?, unit(u)?, date(u)?),
            end: date(u)?,
        },
        _ => Change::RemoveMembership(MembershipKey::new(person(u)?, org(u)?, date(u)?)),
    })
}
