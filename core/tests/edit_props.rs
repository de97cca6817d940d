//! Random edit sequences: whatever is accepted round-trips through JSON, binary and CSV with
//! equal contents, and whatever is refused leaves the network exactly as it was.

use chrono::NaiveDate;
use proptest::prelude::*;
use quanyu::{
    Change, ContractKind, ContractRecord, MembershipRecord, Network, OrganisationKind,
    OrganisationRecord, PersonRecord, PostRecord, Role, UnitRecord,
};

use crate::common::small;
use crate::invariants::assert_round_trips;

/// One edit, its targets chosen by index among the ids the network has when it is applied.
#[derive(Debug, Clone)]
enum Op {
    AddUnit {
        id: String,
        level: u8,
        parent: Option<u8>,
    },
    MoveUnit {
        unit: u8,
        parent: Option<u8>,
    },
    RemoveUnit {
        unit: u8,
    },
    AddOrganisation {
        id: String,
        kind: u8,
        parent: Option<u8>,
        anchor: u8,
    },
    UpdateOrganisation {
        org: u8,
        kind: u8,
        parent: Option<u8>,
    },
    RemoveOrganisation {
        org: u8,
    },
    AddPerson {
        id: String,
        name: String,
        phone: Option<String>,
        home: Option<u8>,
    },
    RemovePerson {
        person: u8,
    },
    AddMembership {
        person: u8,
        org: u8,
        year: i32,
    },
    AddPost {
        person: u8,
        unit: u8,
        role: u8,
        year: i32,
    },
    AddContract {
        person: u8,
        unit: u8,
        kind: u8,
        year: i32,
    },
}

fn text() -> impl Strategy<Value = String> {
    // Short strings that collide often, with spaces and the odd control character.
    prop::string::string_regex("[AB 中\t]{0,3}").unwrap()
}

/// Mostly phone numbers of the accepted shapes, sometimes any text (which is refused).
fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "1[3-9][0-9]{9}",
        1 => "0[3-9][0-9]{2}-[2-9][0-9]{6,7}",
        1 => text(),
    ]
}

fn year() -> impl Strategy<Value = i32> {
    prop_oneof![8 => 1990..2030i32, 1 => -50..5i32, 1 => 9995..10005i32]
}

fn op() -> impl Strategy<Value = Op> {
    let i = || any::<u8>();
    let oi = || prop::option::of(any::<u8>());
    prop_oneof![
        (text(), 0..7u8, oi()).prop_map(|(id, level, parent)| Op::AddUnit { id, level, parent }),
        (i(), oi()).prop_map(|(unit, parent)| Op::MoveUnit { unit, parent }),
        i().prop_map(|unit| Op::RemoveUnit { unit }),
        (text(), 0..5u8, oi(), i()).prop_map(|(id, kind, parent, anchor)| Op::AddOrganisation {
            id,
            kind,
            parent,
            anchor
        }),
        (i(), 0..5u8, oi()).prop_map(|(org, kind, parent)| Op::UpdateOrganisation {
            org,
            kind,
            parent
        }),
        i().prop_map(|org| Op::RemoveOrganisation { org }),
        (text(), text(), prop::option::of(phone()), oi()).prop_map(|(id, name, phone, home)| {
            Op::AddPerson {
                id,
                name,
                phone,
                home,
            }
        }),
        i().prop_map(|person| Op::RemovePerson { person }),
        (i(), i(), year()).prop_map(|(person, org, year)| Op::AddMembership { person, org, year }),
        (i(), i(), 0..9u8, year()).prop_map(|(person, unit, role, year)| Op::AddPost {
            person,
            unit,
            role,
            year
        }),
        (i(), i(), 0..3u8, year()).prop_map(|(person, unit, kind, year)| Op::AddContract {
            person,
            unit,
            kind,
            year
        }),
    ]
}

fn nth(ids: &[String], i: u8) -> String {
    if ids.is_empty() {
        "nobody".into()
    } else {
        ids[usize::from(i) % ids.len()].clone()
    }
}

fn jan(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn change(net: &Network, op: &Op) -> Change {
    let units: Vec<String> = net.units().map(|u| u.id.to_string()).collect();
    let orgs: Vec<String> = net.organisations().map(|o| o.id.to_string()).collect();
    let persons: Vec<String> = net.persons().map(|p| p.id.to_string()).collect();
    let level = |l: u8| {
        net.scheme().defs()[usize::from(l) % net.scheme().len()]
            .name
            .clone()
    };
    let kind = |k: u8| OrganisationKind::ALL[usize::from(k) % OrganisationKind::ALL.len()];
    match op.clone() {
        Op::AddUnit {
            id,
            level: l,
            parent,
        } => {
            let mut r = UnitRecord::new(id, level(l));
            r.parent = parent.map(|p| nth(&units, p));
            Change::AddUnit(r)
        }
        Op::MoveUnit { unit, parent } => Change::MoveUnit {
            id: nth(&units, unit),
            parent: parent.map(|p| nth(&units, p)),
        },
        Op::RemoveUnit { unit } => Change::RemoveUnit {
            id: nth(&units, unit),
        },
        Op::AddOrganisation {
            id,
            kind: k,
            parent,
            anchor,
        } => {
            let mut r = OrganisationRecord::new(id, kind(k)).anchor(nth(&units, anchor));
            r.parent = parent.map(|p| nth(&orgs, p));
            Change::AddOrganisation(r)
        }
        Op::UpdateOrganisation {
            org,
            kind: k,
            parent,
        } => {
            let id = nth(&orgs, org);
            let mut r = net
                .organisation_records()
                .find(|o| o.id == id)
                .unwrap_or_else(|| OrganisationRecord::new(id, kind(k)));
            r.kind = kind(k);
            if let Some(p) = parent {
                r.parent = Some(nth(&orgs, p));
            }
            Change::UpdateOrganisation(r)
        }
        Op::RemoveOrganisation { org } => Change::RemoveOrganisation {
            id: nth(&orgs, org),
        },
        Op::AddPerson {
            id,
            name,
            phone,
            home,
        } => {
            let mut r = PersonRecord::new(id).name(name);
            if let Some(p) = phone {
                r = r.phone(p);
            }
            r.home = home.map(|h| nth(&units, h));
            Change::AddPerson(r)
        }
        Op::RemovePerson { person } => Change::RemovePerson {
            id: nth(&persons, person),
        },
        Op::AddMembership { person, org, year } => Change::AddMembership(MembershipRecord::new(
            nth(&persons, person),
            nth(&orgs, org),
            jan(year),
        )),
        Op::AddPost {
            person,
            unit,
            role,
            year,
        } => Change::AddPost(PostRecord::at_unit(
            nth(&persons, person),
            Role::ALL[usize::from(role) % Role::ALL.len()],
            nth(&units, unit),
            jan(year),
        )),
        Op::AddContract {
            person,
            unit,
            kind,
            year,
        } => Change::AddContract(ContractRecord::new(
            ContractKind::ALL[usize::from(kind) % 3],
            nth(&persons, person),
            nth(&units, unit),
            jan(year),
        )),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_accepted_state_round_trips(ops in prop::collection::vec(prop::collection::vec(op(), 1..4), 1..10)) {
        let mut net = small();
        for batch in &ops {
            let changes = batch.iter().map(|op| change(&net, op)).collect();
            let before = net.clone();
            if net.apply(changes).is_ok() {
                assert_round_trips(&net);
            } else {
                prop_assert!(net == before, "a refused edit changed the network");
            }
        }
    }
}
