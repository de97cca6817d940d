//! The governance network: building, querying, auditing and snapshotting the community city.
//!
//! Run with `cargo bench -p quanyu-benches --bench network`.

use criterion::{Criterion, criterion_group, criterion_main};
use quanyu::synth::{self, REFERENCE_DATE};
use std::hint::black_box;

/// The ids of the network's units at `level`.
fn ids_at_level(net: &quanyu::Network, level: &str) -> Vec<String> {
    net.units_by_level(level)
        .unwrap()
        .map(|u| u.id.to_string())
        .collect()
}

fn network(c: &mut Criterion) {
    let net = synth::community(2024).expect("community");
    let households = ids_at_level(&net, "Household");
    let grids = ids_at_level(&net, "Grid");
    let root = net.units().next().unwrap().id.clone();

    let mut g = c.benchmark_group("community");
    g.sample_size(10);
    g.bench_function("synthesise", |b| {
        b.iter(|| synth::community(black_box(7)).unwrap())
    });
    let json = net.to_json().unwrap();
    g.bench_function("snapshot_save", |b| b.iter(|| net.to_json().unwrap()));
    g.bench_function("snapshot_load", |b| {
        b.iter(|| quanyu::Network::from_json(black_box(&json)).unwrap())
    });
    // What an app does at start-up (issue target: 20 ms for the whole community), the
    // network dropped inside the loop as an app closing it would.
    let binary = net.to_binary();
    g.bench_function("binary_snapshot_open", |b| {
        b.iter(|| quanyu::Network::from_binary(black_box(&binary)).unwrap())
    });
    g.bench_function("binary_snapshot_save", |b| b.iter(|| net.to_binary()));
    g.bench_function("clone", |b| b.iter(|| net.clone()));
    g.bench_function("structural_audit", |b| {
        b.iter(|| net.audit(black_box(REFERENCE_DATE)))
    });
    g.finish();

    let mut g = c.benchmark_group("queries");
    let mut i = 0;
    let mut next = || {
        i = (i + 7919) % households.len();
        &households[i]
    };
    g.bench_function("ancestors", |b| {
        b.iter(|| net.ancestors(next()).unwrap().len())
    });
    g.bench_function("is_ancestor", |b| {
        b.iter(|| net.is_ancestor(&grids[3], next()).unwrap())
    });
    let pairs: Vec<(String, String)> = (0..1000)
        .map(|k| {
            (
                households[k * 13 % households.len()].clone(),
                households[k * 31 % households.len()].clone(),
            )
        })
        .collect();
    let mut k = 0;
    g.bench_function("lowest_common_ancestor", |b| {
        b.iter(|| {
            k = (k + 1) % pairs.len();
            net.lowest_common_ancestor(&pairs[k].0, &pairs[k].1)
                .unwrap()
                .map(|u| u.level)
        })
    });
    g.bench_function("subtree_size", |b| {
        b.iter(|| net.subtree_size(black_box(&root)).unwrap())
    });
    g.bench_function("descendants_of_grid", |b| {
        b.iter(|| net.descendants(black_box(&grids[5])).unwrap().count())
    });
    g.bench_function("grid_leaders_on_a_date", |b| {
        b.iter(|| {
            net.posts_at_unit(&grids[2], REFERENCE_DATE, Some(quanyu::Role::GridLeader))
                .unwrap()
                .len()
        })
    });
    // What an app asks of one building or one holder (issue target across the FFI: 50 µs).
    let buildings = ids_at_level(&net, "Building");
    let holders: Vec<String> = net
        .contract_records()
        .map(|c| c.holder)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut k = 0;
    g.bench_function("responsible_for", |b| {
        b.iter(|| {
            k = (k + 7) % buildings.len();
            net.responsible_for(&buildings[k], REFERENCE_DATE).unwrap()
        })
    });
    g.bench_function("contracts_held", |b| {
        b.iter(|| {
            k = (k + 7) % holders.len();
            net.contracts_held(&holders[k], REFERENCE_DATE).unwrap()
        })
    });
    // A search box: the first ten units or persons whose name starts with what was typed
    // (the name index is built by the first call, outside the timing).
    g.bench_function("units_named", |b| {
        b.iter(|| net.units_named(black_box("第1"), 10).len())
    });
    g.bench_function("persons_named", |b| {
        b.iter(|| net.persons_named(black_box("王"), 10).len())
    });
    g.bench_function("persons_named_nobody", |b| {
        b.iter(|| net.persons_named(black_box("无此人"), 10).len())
    });
    g.finish();
}

criterion_group!(benches, network);
criterion_main!(benches);
