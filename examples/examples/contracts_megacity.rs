//! The four contracts at megacity scale: a full optimal plan, then an incremental re-plan after
//! a member moves house, with their times.
//!
//! Run with `cargo run --release -p quanyu-examples --example contracts_megacity`.

use std::time::Instant;

use quanyu::Role;
use quanyu::contracts::{self, Planner, Rules};
use quanyu::synth::{self, REFERENCE_DATE};

fn main() -> Result<(), quanyu::Error> {
    let t = Instant::now();
    let mut net = synth::megacity(2024)?;
    println!(
        "megacity generated in {:.1} s: {} units, {} persons",
        t.elapsed().as_secs_f64(),
        net.unit_count(),
        net.person_count()
    );
    let rules = Rules::default();

    let t = Instant::now();
    let audit = contracts::audit(&net, REFERENCE_DATE, &rules);
    println!("contract audit in {:.1} s", t.elapsed().as_secs_f64());

    let mut planner = Planner::new();
    let t = Instant::now();
    let plan = planner.plan(&net, REFERENCE_DATE, &rules)?;
    let full = t.elapsed().as_secs_f64();
    println!(
        "full plan in {full:.1} s ({} problems solved)",
        planner.stats().solved
    );
    for (r, a) in plan.rules.iter().zip(&audit.rules) {
        println!(
            "  {:<12} targets {:>9}  covered {:>9} → {:>9}  add {:>8}  end {:>7}  cost {:>9}",
            r.kind.as_str(),
            r.targets,
            a.covered,
            r.covered,
            r.add.len(),
            r.end.len(),
            r.cost
        );
    }
    net.apply(plan.changes())?;
    planner.plan(&net, REFERENCE_DATE, &rules)?;

    // A community member moves house to another household of the same subdistrict.
    let member = net
        .post_records()
        .find(|p| p.role == Role::CommunityMember && p.end.is_none())
        .map(|p| p.person)
        .unwrap_or_default();
    let mut record = net
        .person_records()
        .find(|r| r.id == member)
        .expect("a member");
    let home = record.home.clone().unwrap_or_default();
    let subdistrict = home.split('-').next().unwrap_or_default().to_owned();
    let new_home = net
        .units_by_level("Household")?
        .filter(|h| h.id.starts_with(&subdistrict))
        .nth(500)
        .map(|h| h.id.to_string());
    record.home = new_home;
    let mut edit = net.edit();
    edit.update_person(record);
    edit.commit()?;
    let t = Instant::now();
    let again = planner.plan(&net, REFERENCE_DATE, &rules)?;
    let inc = t.elapsed().as_secs_f64();
    println!(
        "incremental re-plan after a move in {inc:.2} s ({} solved, {} reused): {:.0}× faster than the full plan",
        planner.stats().solved,
        planner.stats().reused,
        full / inc
    );
    println!("  total cost {}", again.cost());

    Ok(())
}
