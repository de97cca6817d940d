//! A year of grid events at city scale: a seeded stream for every grid, the whole year
//! replayed, "overdue now in this grid", and durable SQLite appends in batches.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example events_megacity -- [SCALE] [EVENTS_PER_GRID]
//! ```
//!
//! SCALE is `community`, `district` or `megacity` (the default); EVENTS_PER_GRID defaults to
//! 400. Prints the time of each step, the memory the log takes per transition (from the
//! process's resident set), and the rates.

use std::time::Instant;

use quanyu::events::{EventBook, EventStore, SqliteStore, StreamOptions, Workflow, synth_stream};

/// The resident set of this process, in bytes (Linux), to measure what the log takes.
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn main() -> quanyu::Result<()> {
    let mut args = std::env::args().skip(1);
    let scale: quanyu::synth::Scale = args
        .next()
        .unwrap_or_else(|| "megacity".into())
        .parse()
        .map_err(|e| quanyu::Error::invalid_argument("scale", format!("{e}")))?;
    let per_grid: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(400);

    let t = Instant::now();
    let net = quanyu::synth::generate(scale, 2024, &quanyu::progress::Progress::new())?;
    println!(
        "city: {} units in {:.1} s",
        net.unit_count(),
        t.elapsed().as_secs_f64()
    );

    let before = resident().unwrap_or(0);
    let t = Instant::now();
    let log = synth_stream(
        &net,
        &StreamOptions {
            events_per_grid: per_grid,
            ..Default::default()
        },
    )?;
    let n = log.transition_count();
    let after = resident().unwrap_or(0);
    println!(
        "stream: {} events, {n} transitions in {:.1} s; the log holds {:.0} bytes per transition",
        log.events().len(),
        t.elapsed().as_secs_f64(),
        after.saturating_sub(before) as f64 / n.max(1) as f64
    );

    let book = EventBook::new(Workflow::five_step()).with_log(log);
    let log = book.log();
    let end = chrono::NaiveDate::from_ymd_opt(2024, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 0, 0))
        .expect("a moment");
    let t = Instant::now();
    let year = book.replay(&net, end)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "replay: {} statuses, {} cards, {} escalations, {} refused in {secs:.1} s ({:.2} µs per transition, {} threads)",
        year.statuses.len(),
        year.cards.len(),
        year.escalations.len(),
        year.refusals.len(),
        secs * 1e6 / n.max(1) as f64,
        rayon::current_num_threads()
    );

    let grid = year.statuses[0].at_unit.clone();
    let t = Instant::now();
    let overdue = year.overdue_in(&net, &grid).count();
    println!(
        "overdue now in grid {grid}: {overdue} in {:.3} ms (a pass over every event)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let places = year.places(&net);
    let built = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let indexed = places.overdue_in(&grid)?.len();
    println!(
        "overdue now in grid {grid}: {indexed} in {:.3} ms through the index by place (built once per replay in {built:.2} s)",
        t.elapsed().as_secs_f64() * 1e3
    );

    let dir = tempfile::tempdir().map_err(|e| quanyu::Error::io("temporary directory", &e))?;
    let mut store = SqliteStore::open(dir.path().join("events.sqlite"))?;
    let events: Vec<_> = log.events().collect();
    store.append_events(&events)?;
    let sample: Vec<_> = log.transitions().take(200_000).collect();
    let t = Instant::now();
    for batch in sample.chunks(1000) {
        store.append_transitions(batch)?;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sqlite: {} transitions appended durably in batches of 1,000: {:.0} per second",
        sample.len(),
        sample.len() as f64 / secs
    );
    Ok(())
}
