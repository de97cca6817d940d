//! A year of grid events at city scale: a seeded stream for every grid, the whole year
//! replayed, "overdue now in this grid", and durable SQLite appends in batches.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example events_megacity -- [SCALE] [EVENTS_PER_GRID]
//! ```
//!
//! SCALE is `community`, `district` or `megacity` (the default); EVENTS_PER_GRID defaults to
//! 400 (270 gives the megacity about 8 million events and 40 million transitions). Prints the time of each step, the memory the log takes per transition (the live heap
//! counted by the allocator, and the growth of the process's resident set, which adds the
//! heap's fragments), and the rates.

use std::time::Instant;

use cap::Cap;
use mimalloc::MiMalloc;

use quanyu::events::{
    EventBook, EventStatus, EventStore, Replay, SqliteStore, StreamOptions, Workflow, synth_stream,
};
use quanyu::progress::Progress;

/// The allocator, counting the bytes live on the heap: what the log takes, fragments of the
/// heap aside. mimalloc, not the system's: after a city is generated, glibc's allocator
/// spends most of the replay searching its fragmented free lists (70% of the time in
/// `_int_malloc` and `malloc_consolidate`, by `perf`).
#[global_allocator]
static HEAP: Cap<MiMalloc> = Cap::new(MiMalloc, usize::MAX);

/// The processor time this process has used so far, in seconds (Linux; user and system
/// time of every thread): what a step costs whatever else the machine runs.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    // The kernel counts in ticks of 1/100 s on Linux.
    ticks as f64 / 100.0
}

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
    let live_before = HEAP.allocated();
    let t = Instant::now();
    let log = synth_stream(
        &net,
        &StreamOptions {
            events_per_grid: per_grid,
            ..Default::default()
        },
    )?;
    let n = log.transition_count();
    let secs = t.elapsed().as_secs_f64();
    let after = resident().unwrap_or(0);
    let live = HEAP.allocated().saturating_sub(live_before);
    println!(
        "stream: {} events, {n} transitions in {secs:.1} s; the log holds {:.1} bytes per transition on the heap ({:.1} of the resident set)",
        log.events().len(),
        live as f64 / n.max(1) as f64,
        after.saturating_sub(before) as f64 / n.max(1) as f64
    );

    let book = EventBook::new(Workflow::five_step()).with_log(log);
    let log = book.log();
    let end = chrono::NaiveDate::from_ymd_opt(2024, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 0, 0))
        .expect("a moment");
    // The year replays in pieces: a city's statuses would not fit beside its network and
    // log, so each piece is counted and keeps only its open events, which the question
    // "overdue now in this grid" needs (an overdue event is open).
    let t = Instant::now();
    let cpu = cpu_seconds();
    let pieces = book.replay_pieces(&net, end, &Progress::new(), |mut piece| {
        let counts = [
            piece.statuses.len(),
            piece.cards.len(),
            piece.escalations.len(),
            piece.refusals.len(),
        ];
        piece.statuses.retain(EventStatus::is_open);
        (counts, piece.statuses)
    })?;
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let mut counts = [0; 4];
    let mut open = Vec::new();
    for (c, statuses) in pieces {
        counts.iter_mut().zip(c).for_each(|(sum, n)| *sum += n);
        open.extend(statuses);
    }
    let [statuses, cards, escalations, refusals] = counts;
    println!(
        "replay: {statuses} statuses ({} open), {cards} cards, {escalations} escalations, {refusals} refused in {secs:.1} s, {cpu:.1} s of processor time ({:.2} µs per transition, {} threads)",
        open.len(),
        secs * 1e6 / n.max(1) as f64,
        rayon::current_num_threads()
    );

    let year = Replay {
        at: end,
        statuses: open,
        ..Replay::default()
    };
    // A grid that holds an open event now (most have one by the end of the year).
    let is_grid = |id: &str| {
        net.unit(id)
            .is_ok_and(|u| net.scheme().name(u.level) == "Grid")
    };
    let grid = year
        .statuses
        .iter()
        .find(|s| is_grid(&s.at_unit))
        .map(|s| s.at_unit.clone())
        .unwrap_or_default();
    let t = Instant::now();
    let overdue = year.overdue_in(&net, &grid).count();
    println!(
        "overdue now in grid {grid}: {overdue} in {:.3} ms (a pass over every open event)",
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
    // The transitions of the first events by id, and those events: a city's millions of
    // events are not needed to measure the appends.
    let sample: Vec<_> = log.transitions().take(200_000).collect();
    let events: Vec<_> = log
        .events()
        .take_while(|e| sample.last().is_some_and(|t| e.id <= t.event))
        .collect();
    store.append_events(&events)?;
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
