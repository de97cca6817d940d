//! The shared-venue menu at megacity scale: about 50,000 venues, a week of 200,000 requests
//! matched in one batch, then interactive slot searches against the booked calendars.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example venues_megacity -- [REQUESTS] [SEED]
//! ```
//!
//! Needs about 6 GiB and a few minutes, most of it generating the city; prints the time of
//! each step. The matching time is the figure the performance target is about.

use std::time::Instant;

use quanyu::venues::{self, MatchOptions, MenuRecords};

fn main() -> quanyu::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2024);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let t = Instant::now();
    let net = quanyu::synth::megacity(seed)?;
    println!(
        "megacity: {} units in {:.1} s",
        net.unit_count(),
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut menu = venues::synth::menu(&net, seed)?;
    println!(
        "menu: {} venues in {:.1} s",
        menu.venue_count(),
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let requests = venues::synth::requests(&net, &menu, venues::synth::WEEK, count, seed)?;
    let occurrences: u32 = requests.iter().map(|r| r.repeat_weeks).sum();
    let sample: Vec<_> = requests
        .iter()
        .step_by(requests.len().max(1000) / 1000)
        .cloned()
        .collect();
    println!(
        "requests: {} ({occurrences} occurrences) in {:.1} s",
        requests.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    menu.add(
        &net,
        MenuRecords {
            requests,
            ..Default::default()
        },
    )?;
    println!(
        "requests validated and added in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let report = menu.match_requests(&net, &MatchOptions::default())?;
    let took = t.elapsed().as_secs_f64();
    println!(
        "MATCH: {} of {} occurrences placed in {took:.1} s on {threads} threads ({} groups, {} exact, {} cut at max_placements)",
        report.placed.len(),
        report.placed.len() + report.unplaced.len(),
        report.groups,
        report.exact_groups,
        report.truncated
    );
    for (reason, n) in report.unplaced_by_reason() {
        println!("  unplaced {n:7}  {reason}");
    }

    // Interactive searches on the booked menu: what an app waits for.
    menu.refresh(&net)?;
    let mut times = Vec::with_capacity(sample.len());
    let mut offered = 0;
    for r in &sample {
        let t = Instant::now();
        let found = menu.find_slots(&net, r, 5)?;
        times.push(t.elapsed().as_secs_f64() * 1e6);
        offered += usize::from(!found.offers.is_empty());
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "FIND_SLOTS k=5 over {} requests: median {:.0} µs, p99 {:.0} µs, max {:.0} µs ({offered} with offers)",
        times.len(),
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}
