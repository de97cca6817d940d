//! One net on a district (15 subdistricts): the crosswalk of two layers, and the unified layer
//! with a size range in compounds (exact) and in households (rounded where the flow splits).
//!
//! Run with `cargo bench -p quanyu-benches --bench reconcile`.

use criterion::{Criterion, criterion_group, criterion_main};
use quanyu::{GridLayer, SizeMeasure, UnifyOptions};
use std::hint::black_box;

/// A range of ±`slack` around the mean grid size in `size_by`.
fn range(net: &quanyu::Network, size_by: SizeMeasure, slack: f64) -> UnifyOptions {
    let free = net
        .unify_layers(&UnifyOptions {
            size_by,
            ..Default::default()
        })
        .expect("no range");
    let total: u64 = free.sizes.iter().map(|(_, n)| n).sum();
    let mean = total as f64 / free.sizes.len() as f64;
    UnifyOptions {
        size_by,
        min: (mean * (1.0 - slack)).floor() as u64,
        max: Some((mean * (1.0 + slack)).ceil() as u64),
        ..Default::default()
    }
}

fn reconcile(c: &mut Criterion) {
    let net = quanyu::synth::district(2024).expect("district");
    let mut g = c.benchmark_group("district");
    g.sample_size(10);
    g.bench_function("crosswalk_tree_policing", |b| {
        b.iter(|| net.crosswalk(None, black_box(GridLayer::Policing)))
    });
    let groups = range(&net, SizeMeasure::Groups, 0.3);
    g.bench_function("unify_groups", |b| {
        b.iter(|| net.unify_layers(black_box(&groups)).unwrap())
    });
    let households = range(&net, SizeMeasure::Households, 0.3);
    g.bench_function("unify_households", |b| {
        b.iter(|| net.unify_layers(black_box(&households)))
    });
    g.finish();
}

criterion_group!(benches, reconcile);
criterion_main!(benches);
