//! Min-cost flow on NETGEN-style instances (10k and 100k arcs, and 10k under networkx's pivot
//! rule, the one the Python drop-in follows), the network simplex against cost scaling on tight
//! transportation and NETGEN-style instances, linear sum assignment on a dense uniform
//! random 1000 x 1000 matrix, and the fast assignment on uniform integer costs in `[0, 1000)`
//! at n = 500, 2000 and 4000.
//!
//! ```text
//! cargo bench -p quanyu-benches --bench flow
//! cargo bench -p quanyu-benches --bench flow -- linear_assignment_int
//! cargo bench -p quanyu-benches --bench flow -- min_cost_flow_engines
//! ```
//!
//! For the comparison with OR-Tools, networkx and scipy see `benches/flow_peers.py`; with
//! `lap.lapjv` and scipy on integer costs, `benches/assignment_peers.py`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use quanyu::flow::generate::{NetgenParams, TransportParams};
use quanyu::flow::{Engine, MinCostFlow, PivotRule, linear_assignment, linear_sum_assignment};

fn min_cost_flow(c: &mut Criterion) {
    let mut group = c.benchmark_group("min_cost_flow");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for (nodes, arcs) in [(1_250, 10_000), (12_500, 100_000)] {
        let problem = NetgenParams::new(nodes, arcs, 1)
            .generate()
            .expect("valid parameters");
        group.bench_function(format!("netgen_{arcs}_arcs"), |b| {
            b.iter(|| black_box(problem.solve().expect("NETGEN instances are feasible")))
        });
    }
    let mut problem = NetgenParams::new(1_250, 10_000, 1)
        .generate()
        .expect("valid parameters");
    problem.set_pivot_rule(PivotRule::Networkx);
    group.bench_function("netgen_10000_arcs_networkx_rule", |b| {
        b.iter(|| black_box(problem.solve().expect("NETGEN instances are feasible")))
    });
    group.finish();
}

/// The two engines on the same instances: tight transportation (members of capacity 10 serve
/// buildings, total capacity = total demand) and NETGEN-style.
fn engines(c: &mut Criterion) {
    let mut group = c.benchmark_group("min_cost_flow_engines");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    let mut cases: Vec<(String, MinCostFlow)> = Vec::new();
    for members in [2_000, 20_000] {
        let p = TransportParams::new(members, 1)
            .generate()
            .expect("valid parameters");
        cases.push((format!("transport_{members}_members"), p));
    }
    for (nodes, arcs) in [(1_250, 10_000), (12_500, 100_000)] {
        let p = NetgenParams::new(nodes, arcs, 1)
            .generate()
            .expect("valid parameters");
        cases.push((format!("netgen_{arcs}_arcs"), p));
    }
    for (name, mut problem) in cases {
        for (label, engine) in [
            ("simplex", Engine::NetworkSimplex),
            ("cost_scaling", Engine::CostScaling),
        ] {
            problem.set_engine(engine);
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| black_box(problem.solve().expect("the instances are feasible")))
            });
        }
    }
    group.finish();
}

fn assignment(c: &mut Criterion) {
    let n = 1000;
    // xorshift64: a fixed, dependency-free stream of uniform [0, 1) costs.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let cost: Vec<f64> = (0..n * n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect();
    let mut group = c.benchmark_group("linear_sum_assignment");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("uniform_1000x1000", |b| {
        b.iter(|| black_box(linear_sum_assignment(&cost, n, n, false).expect("finite costs")))
    });
    group.finish();
}

fn assignment_int(c: &mut Criterion) {
    let mut group = c.benchmark_group("linear_assignment_int");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in [500, 2000, 4000] {
        // xorshift64: uniform integer costs in [0, 1000).
        let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ n as u64;
        let cost: Vec<i64> = (0..n * n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 1000) as i64
            })
            .collect();
        group.bench_function(format!("uniform_{n}x{n}"), |b| {
            b.iter(|| black_box(linear_assignment(&cost, n, n, false).expect("finite costs")))
        });
    }
    group.finish();
}

criterion_group!(benches, min_cost_flow, engines, assignment, assignment_int);
criterion_main!(benches);
