//! The shared-venue menu: interactive slot search on a busy menu, and a week of batch
//! matching on the community city and on a district.
//!
//! Run with `cargo bench -p quanyu-benches --bench venues`. The megacity run (50,000 venues,
//! 200,000 requests) needs minutes and gigabytes, so it lives in an example:
//! `cargo run --release -p quanyu-examples --example venues_megacity`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use quanyu::venues::{MatchOptions, Menu, MenuRecords, RequestRecord, synth};
use quanyu::{Network, synth as city};
use std::hint::black_box;

/// A city, its menu with a week of requests added (not yet matched), and those requests.
fn setup(net: &Network, count: usize) -> (Menu, Vec<RequestRecord>) {
    let mut menu = synth::menu(net, 2024).expect("menu");
    let requests = synth::requests(net, &menu, synth::WEEK, count, 2024).expect("requests");
    menu.add(
        net,
        MenuRecords {
            requests: requests.clone(),
            ..Default::default()
        },
    )
    .expect("requests");
    (menu, requests)
}

fn venues(c: &mut Criterion) {
    let community = city::community(2024).expect("community");
    let district = city::district(2024).expect("district");

    let mut g = c.benchmark_group("venues_match_week");
    g.sample_size(10);
    let (menu, _) = setup(&community, 400);
    g.bench_function("community_400_requests", |b| {
        b.iter_batched(
            || menu.clone(),
            |mut m| {
                m.match_requests(&community, &MatchOptions::default())
                    .expect("match")
            },
            BatchSize::LargeInput,
        )
    });
    let (menu, _) = setup(&district, 6000);
    g.bench_function("district_6000_requests", |b| {
        b.iter_batched(
            || menu.clone(),
            |mut m| {
                m.match_requests(&district, &MatchOptions::default())
                    .expect("match")
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();

    // Slot search on the district's booked menu: what an app calls while a user waits.
    let (mut menu, requests) = setup(&district, 6000);
    menu.match_requests(&district, &MatchOptions::default())
        .expect("match");
    let mut g = c.benchmark_group("venues_find_slots");
    let mut i = 0;
    g.bench_function("district_booked_k5", |b| {
        b.iter(|| {
            i = (i + 7919) % requests.len();
            menu.find_slots(&district, black_box(&requests[i]), 5)
                .expect("search")
                .offers
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, venues);
criterion_main!(benches);
