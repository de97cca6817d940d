//! Working together: the eligibility-and-tally pass of a district-wide consultation (every
//! resident a person, the register read on the decision day), checking a batch of ballots, and
//! the six-links report of the district's alliance.
//!
//! Run with `cargo bench -p quanyu-benches --bench collab`. The megacity (a city-wide
//! consultation of about 20 million adults, and the six links of its alliance) needs minutes
//! and gigabytes, so it lives in an example:
//! `cargo run --release -p quanyu-examples --example collab_megacity`.

use chrono::Days;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use quanyu::collab::{
    BallotRecord, Choice, CollabRecords, Collaboration, ForumRecord, MotionRecord,
};
use quanyu::synth as city;
use quanyu::venues::VenueKind;

fn collab(c: &mut Criterion) {
    let net = city::district(2024).expect("district");
    let decided = city::REFERENCE_DATE;
    let root = net.roots().next().expect("a root").id.to_string();
    let mut book = Collaboration::new();
    book.apply(
        &net,
        CollabRecords {
            forums: vec![ForumRecord::new("D", &root, VenueKind::OnlineHall)],
            motions: vec![
                MotionRecord::new("M", "议案", "residents_meeting", decided)
                    .forum("D")
                    .notice(decided - Days::new(10)),
            ],
            ..Default::default()
        },
    )
    .expect("forum and motion");
    let at = decided.and_hms_opt(10, 0, 0).expect("a moment");
    let ballots: Vec<BallotRecord> = net
        .persons()
        .enumerate()
        .filter(|(i, p)| i % 5 < 3 && p.age_on(decided).is_some_and(|a| a >= 18))
        // Cadres without a home (the synthetic city's deliberate gaps) are on no register.
        .filter(|(_, p)| net.home(&p.id).ok().flatten().is_some())
        .map(|(i, p)| {
            let choice = if i % 3 == 0 {
                Choice::Against
            } else {
                Choice::For
            };
            BallotRecord::new("M", p.id.as_str(), choice, at)
        })
        .collect();
    let batch = CollabRecords {
        ballots: ballots.clone(),
        ..Default::default()
    };
    let mut g = c.benchmark_group("collab");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ballots.len() as u64));
    g.bench_function("check_district_ballots", |b| {
        b.iter_batched(
            || (book.clone(), batch.clone()),
            |(mut book, batch)| book.apply(&net, batch).expect("ballots"),
            BatchSize::LargeInput,
        )
    });
    book.apply(&net, batch).expect("ballots");
    g.throughput(Throughput::Elements(net.person_count() as u64));
    g.bench_function("tally_district_register", |b| {
        b.iter(|| book.tally(&net, "M").expect("tally"))
    });
    g.finish();

    let collab = quanyu::collab::synth::collaboration(&net, 2024).expect("collaboration");
    c.bench_function("six_links_district", |b| {
        b.iter(|| collab.six_links(&net, decided, None).expect("report"))
    });
}

criterion_group!(benches, collab);
criterion_main!(benches);
