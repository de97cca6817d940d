//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use quanyu::{
    GridKind, Network, OrganisationKind, OrganisationRecord, PersonRecord, PostRecord, Role,
    UnitRecord,
};

pub fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A small hand-built subdistrict:
///
/// S > A1 > G1 (community) > C1 > B1 > H1, H2
///               G1 > B2 > H3
///     A1 > G2 (business) > B3
/// Orgs: WC@S > GB@A1 > BR1@G1 > CELL1@B1
/// Persons: P1@H1, P2@H2, P3@H3, P4 (no home)
pub fn small() -> Network {
    let mut net = Network::new();
    let d = day("2024-01-01");
    let mut e = net.edit();
    e.add_unit(UnitRecord::new("S", "Subdistrict").name("滨江街道"))
        .add_unit(UnitRecord::new("A1", "Area").parent("S"))
        .add_unit(
            UnitRecord::new("G1", "Grid")
                .parent("A1")
                .grid_kind(GridKind::Community),
        )
        .add_unit(UnitRecord::new("C1", "Compound").parent("G1"))
        .add_unit(UnitRecord::new("B1", "Building").parent("C1"))
        .add_unit(UnitRecord::new("H1", "Household").parent("B1").residents(3))
        .add_unit(UnitRecord::new("H2", "Household").parent("B1").residents(2))
        .add_unit(UnitRecord::new("B2", "Building").parent("G1"))
        .add_unit(UnitRecord::new("H3", "Household").parent("B2").residents(1))
        .add_unit(
            UnitRecord::new("G2", "Grid")
                .parent("A1")
                .grid_kind(GridKind::BusinessDistrict),
        )
        .add_unit(UnitRecord::new("B3", "Building").parent("G2"))
        .add_organisation(
            OrganisationRecord::new("WC", OrganisationKind::WorkingCommittee).anchor("S"),
        )
        .add_organisation(
            OrganisationRecord::new("GB", OrganisationKind::GeneralBranch)
                .anchor("A1")
                .parent("WC"),
        )
        .add_organisation(
            OrganisationRecord::new("BR1", OrganisationKind::GridBranch)
                .anchor("G1")
                .parent("GB"),
        )
        .add_organisation(
            OrganisationRecord::new("CELL1", OrganisationKind::BuildingCell)
                .anchor("B1")
                .parent("BR1"),
        )
        .add_person(
            PersonRecord::new("P1")
                .name("王芳")
                .home("H1")
                .phone("13800000001"),
        )
        .add_person(PersonRecord::new("P2").home("H2"))
        .add_person(PersonRecord::new("P3").home("H3"))
        .add_person(PersonRecord::new("P4"))
        .add_membership(quanyu::MembershipRecord::new(
            "P1",
            "CELL1",
            day("2010-07-01"),
        ))
        .add_membership(
            quanyu::MembershipRecord::new("P3", "BR1", day("2015-07-01")).until(day("2023-12-31")),
        )
        .add_post(PostRecord::at_unit("P1", Role::GridLeader, "G1", d))
        .add_post(PostRecord::at_unit("P2", Role::GridLeader, "G1", d).until(day("2024-06-30")))
        .add_post(PostRecord::at_unit("P3", Role::GridLeader, "G2", d))
        .add_post(PostRecord::at_unit("P4", Role::GridLeader, "G2", d));
    e.commit().expect("the small network is valid");
    net
}
