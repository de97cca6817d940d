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

    println!("deliberation coverage (a courtyard or pavilion within tree distance 3):");
    for kind in [VenueKind::CommunityPavilion, VenueKind::BuildingCourtyard] {
        let gaps = menu.coverage_gaps(&net, kind, 3)?;
        println!("  {kind}: {} residential area(s) without one", gaps.len());
        for g in gaps.iter().take(5) {
            match g.nearest {
                Some(d) => println!("    {} ({}): nearest at distance {d}", g.area, g.name),
                None => println!("    {} ({}): none at all", g.area, g.name),
            }
        }
    }
    println!("supply and demand per area, kind and week (slot-hours):");
    println!(
        "  {:<12} {:<18} {:>10} {:>8} {:>8} {:>8}",
        "area", "kind", "week", "open", "booked", "asked"
    );
    for row in menu.supply_demand(&net, week, 1)? {
        if row.demand_slots == 0 && row.booked_slots == 0 {
            continue;
        }
        let h = |slots: u64| slots as f64 * f64::from(menu.slot_minutes()) / 60.0;
        println!(
            "  {:<12} {:<18} {:>10} {:>8.1} {:>8.1} {:>8.1}",
            row.area,
            row.kind.to_string(),
            row.week.to_string(),
            h(row.supply_slots),
            h(row.booked_slots),
            h(row.demand_slots)
        );
    }
    Ok(())
}
