//! The four contracts: audit, full plan, and incremental re-plan after a member moves house.
//!
//! Run with `cargo bench -p quanyu-benches --bench contracts`. The megacity figures come from
//! `cargo run --release -p quanyu-examples --example contracts_megacity`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use quanyu::contracts::{self, Planner, Rules};
use quanyu::synth::{self, REFERENCE_DATE};
use quanyu::{Network, Role};
use std::hint::black_box;

/// `net` after one community member moves to another household of the same subdistrict.
fn after_a_move(net: &Network) -> Network {
    let mut net = net.clone();
    let member = net
        .post_records()
        .find(|p| p.role == Role::CommunityMember && p.end.is_none())
        .map(|p| p.person)
        .expect("a member");
    let mut r = net
        .person_records()
        .find(|r| r.id == member)
        .expect("the member");
    r.home = net
        .units_by_level("Household")
        .unwrap()
        .nth(200)
        .map(|h| h.id.to_string());
    let mut e = net.edit();
    e.update_person(r);
    e.commit().expect("a valid move");
    net
}

fn bench(c: &mut Criterion) {
    let rules = Rules::default();
    let community = synth::community(2024).expect("community");
    let mut g = c.benchmark_group("contracts_community");
    g.sample_size(10);
    g.bench_function("audit", |b| {
        b.iter(|| contracts::audit(black_box(&community), REFERENCE_DATE, &rules))
    });
    g.bench_function("plan", |b| {
        b.iter(|| contracts::plan(black_box(&community), REFERENCE_DATE, &rules).unwrap())
    });
    g.finish();

    // The district: planned, the plan applied, then a member moves.
    let mut district = synth::district(2024).expect("district");
    let plan = contracts::plan(&district, REFERENCE_DATE, &rules).unwrap();
    district.apply(plan.changes()).unwrap();
    let mut warm = Planner::new();
    warm.plan(&district, REFERENCE_DATE, &rules).unwrap();
    let moved = after_a_move(&district);
    let mut g = c.benchmark_group("contracts_district_after_a_move");
    g.sample_size(10);
    g.bench_function("full_plan", |b| {
        b.iter(|| contracts::plan(black_box(&moved), REFERENCE_DATE, &rules).unwrap())
    });
    g.bench_function("incremental_replan", |b| {
        b.iter_batched(
            || warm.clone(),
            |mut planner| {
                planner
                    .plan(black_box(&moved), REFERENCE_DATE, &rules)
                    .unwrap()
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
