//! A week of venue matching for the community city: the synthetic menu, a week of requests,
//! one batch match; prints what was placed, what was not and why, and the coverage per area.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example venues_week -- [REQUESTS] [SEED]
//! ```

use std::time::Instant;

use quanyu::venues::{self, MatchOptions, MenuRecords, VenueKind};

fn main() -> quanyu::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(400);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2024);

    let net = quanyu::synth::community(seed)?;
    let mut menu = venues::synth::menu(&net, seed)?;
    let week = venues::synth::WEEK;
    let requests = venues::synth::requests(&net, &menu, week, count, seed)?;
    let occurrences: u32 = requests.iter().map(|r| r.repeat_weeks).sum();
    menu.add(
        &net,
        MenuRecords {
            requests,
            ..Default::default()
        },
    )?;
    println!(
        "community city (seed {seed}): {} venues, {} requests ({occurrences} occurrences), week of {week}",
        menu.venue_count(),
        menu.request_count()
    );

    let t = Instant::now();
    let report = menu.match_requests(&net, &MatchOptions::default())?;
    let took = t.elapsed();
    println!(
        "placed {} of {} occurrences in {:.1} ms ({} groups, {} solved exactly)",
        report.placed.len(),
        report.placed.len() + report.unplaced.len(),
        took.as_secs_f64() * 1e3,
        report.groups,
        report.exact_groups
    );
    for (priority, n) in &report.score.placed_by_priority {
        println!("  priority {priority}: {n} placed");
    }
    println!("  total travel {} (proximity tiers)", report.score.travel);
    let awaiting = report
        .placed
        .iter()
        .filter(|p| p.status == venues::BookingStatus::AwaitingApproval)
        .count();
    println!("  {awaiting} bookings await the owner's approval");
    println!("unplaced by reason:");
    for (reason, n) in report.unplaced_by_reason() {
        println!("  {n:5}  {reason}: {}", reason.describe());
    }

    // Coverage per area: deliberation venues within reach, and supply against demand.
    let near = 3;
    let mut gaps: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for kind in [VenueKind::CommunityPavilion, VenueKind::BuildingCourtyard] {
        for g in menu.coverage_gaps(&net, kind, near)? {
            let d = g
                .nearest
                .map_or("none".to_owned(), |d| format!("nearest at {d}"));
            gaps.entry(g.area)
                .or_default()
                .push(format!("no {kind} within {near} ({d})"));
        }
    }
    let hours = |slots: u64| slots as f64 * f64::from(menu.slot_minutes()) / 60.0;
    let mut areas: std::collections::BTreeMap<String, (u64, u64, u64, Vec<String>)> =
        Default::default();
    for row in menu.supply_demand(&net, week, 1)? {
        let a = areas.entry(row.area.clone()).or_default();
        a.0 += row.supply_slots;
        a.1 += row.booked_slots;
        a.2 += row.demand_slots;
        if row.supply_slots > 0 && 2 * row.booked_slots >= row.supply_slots {
            a.3.push(format!(
                "{} {:.0}% booked",
                row.kind,
                100.0 * row.booked_slots as f64 / row.supply_slots as f64
            ));
        }
    }
    println!(
        "per area (hours this week; an occurrence counts toward every kind it accepts; kinds at least half booked):"
    );
    println!(
        "  {:<10} {:>7} {:>7} {:>7}  notes",
        "area", "open", "booked", "asked"
    );
    for (area, (open, booked, asked, short)) in &areas {
        let name = net.unit(area).map(|u| u.name.clone()).unwrap_or_default();
        let mut notes = gaps.remove(area).unwrap_or_default();
        if !short.is_empty() {
            notes.push(short.join(", "));
        }
        println!(
            "  {:<10} {:>7.1} {:>7.1} {:>7.1}  {name}{}{}",
            area,
            hours(*open),
            hours(*booked),
            hours(*asked),
            if notes.is_empty() { "" } else { "; " },
            notes.join("; ")
        );
    }
    Ok(())
}
