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
    let cpu = cpu_seconds();
    let report = menu.match_requests(&net, &MatchOptions::default())?;
    let took = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    println!(
        "MATCH: {} of {} occurrences placed in {took:.1} s wall{} on {threads} threads ({} groups, {} exact, {} cut at max_placements)",
        report.placed.len(),
        report.placed.len() + report.unplaced.len(),
        cpu.map_or(String::new(), |c| format!(" ({c:.1} s CPU)")),
        report.groups,
        report.exact_groups,
        report.truncated
    );
    for (reason, n) in report.unplaced_by_reason() {
        println!("  unplaced {n:7}  {reason}");
    }

    // Interactive searches on the booked menu: what an app waits for.
    menu.refresh(&net)?;
    // Each search is timed three times and the best kept: on a shared machine a single
    // timing mostly measures the scheduler.
    let mut times = Vec::with_capacity(sample.len());
    let mut offered = 0;
    let mut slowest = (0.0, 0);
    for (i, r) in sample.iter().enumerate() {
        let mut best = f64::MAX;
        let mut any = false;
        for _ in 0..3 {
            let t = Instant::now();
            let found = menu.find_slots(&net, r, 5)?;
            best = best.min(t.elapsed().as_secs_f64() * 1e6);
            any = !found.offers.is_empty();
        }
        offered += usize::from(any);
        times.push(best);
        if best > slowest.0 {
            slowest = (best, i);
        }
    }
    let r = &sample[slowest.1];
    println!(
        "slowest search: {} ({:.0} µs): kinds {:?}, {} window(s), {} week(s), max travel {}",
        r.id,
        slowest.0,
        r.kinds,
        r.windows.len(),
        r.repeat_weeks,
        r.max_travel
    );
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "FIND_SLOTS k=5 over {} requests (best of 3 each): median {:.0} µs, p99 {:.0} µs, max {:.0} µs ({offered} with offers)",
        times.len(),
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    Ok(())
}

/// User and system CPU time of this process so far, from `/proc/self/stat` (Linux; `None`
/// elsewhere): the wall time a matching would take on an idle machine is about this divided by
/// the number of cores.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
