//! The main job on the built-in example subdistrict: generate it, audit its structure.
//!
//! Run with `make demo` or `cargo run -p quanyu-examples --example demo`.

use quanyu::synth::{self, REFERENCE_DATE};

fn main() -> Result<(), quanyu::Error> {
    let net = synth::community(2024)?;
    let root = net
        .units()
        .next()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    println!("{root}: the built-in example subdistrict");
    for level in net.scheme().levels() {
        let name = net.scheme().name(level);
        println!("  {name:<20}{:>8}", net.units_by_level(name)?.len());
    }
    println!("  {:<20}{:>8}", "Organisations", net.organisation_count());
    println!("  {:<20}{:>8}", "Persons", net.person_count());

    let audit = net.audit(REFERENCE_DATE);
    println!(
        "\nStructural audit on {REFERENCE_DATE}: {} gaps",
        audit.gap_count()
    );
    println!(
        "  grids with fewer than two grid leaders: {}",
        audit.grids_short_of_leaders.len()
    );
    println!(
        "  grids without a grid branch:            {}",
        audit.grids_without_branch.len()
    );
    println!(
        "  buildings without a building cell:      {}",
        audit.buildings_without_cell.len()
    );
    println!(
        "  persons without a home:                 {}",
        audit.persons_without_home.len()
    );
    println!(
        "  posts that do not fit their level:      {}",
        audit.misplaced_posts.len()
    );
    Ok(())
}
