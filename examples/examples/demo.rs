//! The main job on the built-in example subdistrict: generate it, audit its structure and its
//! four contracts (四包), plan the contracts optimally, apply the plan, and show the coverage
//! before and after.
//!
//! Run with `make demo` or `cargo run --release -p quanyu-examples --example demo`.

use std::time::Instant;

use quanyu::contracts::{self, Rules, UncoveredReason};
use quanyu::synth::{self, REFERENCE_DATE};

fn main() -> Result<(), quanyu::Error> {
    let mut net = synth::community(2024)?;
    let root = net
        .units()
        .next()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    println!("{root}: the built-in example subdistrict, on {REFERENCE_DATE}\n");
    for level in net.scheme().levels() {
        let name = net.scheme().name(level);
        println!("  {name:<20}{:>8}", net.units_by_level(name)?.len());
    }
    println!("  {:<20}{:>8}", "Organisations", net.organisation_count());
    println!("  {:<20}{:>8}", "Persons", net.person_count());
    println!("  {:<20}{:>8}", "Key tasks", net.task_count());

    let audit = net.audit(REFERENCE_DATE);
    println!("\nStructural audit: {} gaps", audit.gap_count());
    println!(
        "  grids with fewer than two grid leaders  {:>5}",
        audit.grids_short_of_leaders.len()
    );
    println!(
        "  grids without a grid branch             {:>5}",
        audit.grids_without_branch.len()
    );
    println!(
        "  buildings without a building cell       {:>5}",
        audit.buildings_without_cell.len()
    );
    println!(
        "  persons without a home                  {:>5}",
        audit.persons_without_home.len()
    );
    println!(
        "  posts that do not fit their level       {:>5}",
        audit.misplaced_posts.len()
    );

    let rules = Rules::default();
    let before = contracts::audit(&net, REFERENCE_DATE, &rules);
    println!("\nThe four contracts (四包) as recorded:");
    println!(
        "  {:<12}{:>8}{:>9}{:>8}{:>11}{:>12}{:>11}",
        "contract", "targets", "covered", "ratio", "ineligible", "duplicates", "over cap."
    );
    for r in &before.rules {
        println!(
            "  {:<12}{:>8}{:>9}{:>7.1}%{:>11}{:>12}{:>11}",
            r.kind.as_str(),
            r.targets,
            r.covered,
            100.0 * r.ratio(),
            r.ineligible.len(),
            r.duplicates.len(),
            r.over_capacity.len()
        );
    }

    let t = Instant::now();
    let plan = contracts::plan(&net, REFERENCE_DATE, &rules)?;
    let took = t.elapsed();
    println!(
        "\nOptimal plan ({:.0} ms): keep, add and end contracts",
        took.as_secs_f64() * 1e3
    );
    println!(
        "  {:<12}{:>8}{:>8}{:>8}{:>10}{:>8}",
        "contract", "keep", "add", "end", "uncovered", "cost"
    );
    for r in &plan.rules {
        println!(
            "  {:<12}{:>8}{:>8}{:>8}{:>10}{:>8}",
            r.kind.as_str(),
            r.kept,
            r.add.len(),
            r.end.len(),
            r.uncovered.len(),
            r.cost
        );
        for u in r.uncovered.iter().take(3) {
            let why = match u.reason {
                UncoveredReason::NoEligibleHolder => "no eligible holder in the subdistrict",
                UncoveredReason::HoldersAtCapacity => "every eligible holder at capacity",
            };
            println!("      {} uncovered: {why}", u.target);
        }
    }
    net.apply(plan.changes())?;

    let after = contracts::audit(&net, REFERENCE_DATE, &rules);
    println!("\nCoverage before → after the plan:");
    for (b, a) in before.rules.iter().zip(&after.rules) {
        println!(
            "  {:<12}{:>6.1}% → {:>5.1}%",
            a.kind.as_str(),
            100.0 * b.ratio(),
            100.0 * a.ratio()
        );
    }
    let reach = contracts::reach(&net, REFERENCE_DATE);
    println!(
        "\n一十百: {} pioneers; {} lead fewer than 10 volunteers, {} reach fewer than 100 residents",
        reach.pioneers.len(),
        reach.below_ten_volunteers.len(),
        reach.below_hundred_residents.len()
    );
    Ok(())
}
