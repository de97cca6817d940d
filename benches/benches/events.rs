//! Grid events: replaying a year of the community city, "overdue now in this grid", and
//! appending transitions in memory and durably in SQLite.
//!
//! Run with `cargo bench -p quanyu-benches --bench events`. The megacity year (millions of
//! events) needs minutes and gigabytes, so it lives in an example:
//! `cargo run --release -p quanyu-examples --example events_megacity`.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use quanyu::events::{
    EventBook, EventLog, EventStore, SqliteStore, StreamOptions, TransitionRecord, Workflow,
    synth_stream,
};
use quanyu::synth as city;
use std::hint::black_box;

fn events(c: &mut Criterion) {
    let net = city::community(2024).expect("community");
    let log = synth_stream(&net, &StreamOptions::default()).expect("stream");
    let transitions: Vec<TransitionRecord> = log.transitions().collect();
    let end = chrono::NaiveDate::from_ymd_opt(2024, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 0, 0))
        .expect("a moment");
    let book = EventBook::new(Workflow::five_step()).with_log(log.clone());

    let mut g = c.benchmark_group("events");
    g.sample_size(10);
    g.throughput(Throughput::Elements(transitions.len() as u64));
    g.bench_function("replay_community_year", |b| {
        b.iter(|| book.replay(&net, end).expect("replay"))
    });
    g.finish();

    // "Overdue now in this grid", from a replay already made.
    let replay = book.replay(&net, end).expect("replay");
    let grid = replay.statuses[0].at_unit.clone();
    c.bench_function("events_overdue_in_grid", |b| {
        b.iter(|| replay.overdue_in(&net, black_box(&grid)).count())
    });
    // The same through the index by place, built once per replay.
    let places = replay.places(&net);
    c.bench_function("events_overdue_in_grid_indexed", |b| {
        b.iter(|| places.overdue_in(black_box(&grid)).expect("a grid").len())
    });
    c.bench_function("events_index_places", |b| b.iter(|| replay.places(&net)));

    // Appending: the events are in the log already; the transitions arrive in batches of
    // 1,000 as a sync would bring them.
    let events_only = {
        let mut l = EventLog::new();
        for e in log.events() {
            l.add_event(e.clone()).expect("event");
        }
        l
    };
    let batch: Vec<TransitionRecord> = transitions.iter().take(1000).cloned().collect();
    let mut g = c.benchmark_group("events_append");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.bench_function("memory_batch_1000", |b| {
        b.iter_batched(
            || (events_only.clone(), batch.clone()),
            |(mut l, t)| l.merge(t).expect("merge"),
            BatchSize::LargeInput,
        )
    });
    let dir = tempfile::tempdir().expect("temporary directory");
    let events: Vec<_> = log.events().collect();
    let mut round = 0;
    g.sample_size(10);
    g.bench_function("sqlite_batch_1000", |b| {
        b.iter_batched(
            || {
                round += 1;
                let mut s = SqliteStore::open(dir.path().join(format!("log-{round}.sqlite")))
                    .expect("store");
                s.append_events(&events).expect("events");
                s
            },
            |mut s| s.append_transitions(&batch).expect("append"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);
