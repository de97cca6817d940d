//! The cost-scaling engine against the same independent oracles as the simplex (successive
//! shortest paths with Bellman-Ford, enumeration), and against the simplex's verdicts and
//! errors. Every solution is checked on its own by `check_solution`: bounds, conservation by
//! supply mode, cost, and complementary slackness with the returned potentials.

use proptest::prelude::*;
use quanyu::flow::generate::{NetgenParams, TransportParams};
use quanyu::flow::{Capacity, Engine, FlowError, MAX_NODES, MinCostFlow, SupplyMode};

use super::flow_min_cost::{
    Arc, Instance, Outcome, build, check_solution, enumerate, instance_strategy, oracle, run_engine,
};

const CS: Engine = Engine::CostScaling;

/// Solves with both engines: the same verdict, and for errors the same error.
fn both(p: &MinCostFlow) -> Result<i128, FlowError> {
    let mut a = p.clone();
    a.set_engine(Engine::NetworkSimplex);
    let mut b = p.clone();
    b.set_engine(CS);
    let (x, y) = (a.solve(), b.solve());
    match (&x, &y) {
        (Ok(s), Ok(t)) => assert_eq!(s.cost, t.cost),
        _ => assert_eq!(x, y),
    }
    y.map(|s| s.cost)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn exact_mode_matches_ssp(inst in instance_strategy(8, 16, 20, true)) {
        prop_assert_eq!(run_engine(&inst, SupplyMode::Exact, CS), oracle(&inst, SupplyMode::Exact));
    }

    #[test]
    fn exact_mode_matches_ssp_finite(inst in instance_strategy(10, 25, 0, true)) {
        prop_assert_eq!(run_engine(&inst, SupplyMode::Exact, CS), oracle(&inst, SupplyMode::Exact));
    }

    #[test]
    fn relaxed_modes_match_ssp(inst in instance_strategy(7, 14, 15, false)) {
        for mode in [SupplyMode::Exact, SupplyMode::SupplyAtMost, SupplyMode::DemandAtMost] {
            let mut expected = oracle(&inst, mode);
            if mode != SupplyMode::Exact && matches!(expected, Outcome::Infeasible(_)) {
                expected = Outcome::Infeasible(-1);
            }
            prop_assert_eq!(run_engine(&inst, mode, CS), expected, "mode {:?}", mode);
        }
    }

    #[test]
    fn tiny_instances_match_enumeration(inst in instance_strategy(4, 5, 0, true)) {
        let mut inst = inst;
        for a in &mut inst.arcs {
            a.cap = a.cap.map(|c| c.min(3));
            a.lower = a.lower.min(a.cap.unwrap());
        }
        let expected = match enumerate(&inst) {
            Some(c) => Outcome::Optimal(c),
            None => Outcome::Infeasible(0),
        };
        let got = match run_engine(&inst, SupplyMode::Exact, CS) {
            Outcome::Infeasible(_) => Outcome::Infeasible(0),
            other => other,
        };
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn errors_are_the_simplexs(inst in instance_strategy(8, 16, 20, false)) {
        for mode in [SupplyMode::Exact, SupplyMode::SupplyAtMost, SupplyMode::DemandAtMost] {
            let _ = both(&build(&inst, mode));
        }
    }

    #[test]
    fn costs_near_the_overflow_bounds(
        inst in instance_strategy(6, 12, 10, true),
        scale in prop_oneof![Just(1i64 << 40), Just(1i64 << 55), Just(i64::MAX / 16)],
    ) {
        // Costs and capacities blown up so that the scaled totals no longer fit 64 bits: the
        // answer must still be exact (the engine hands over) and match the simplex's.
        let mut big = inst.clone();
        for a in &mut big.arcs {
            a.cost = a.cost.signum() * (scale / 8 + a.cost.abs());
        }
        let p = build(&big, SupplyMode::Exact);
        let _ = both(&p);
        let mut p = p;
        p.set_engine(CS);
        if let Ok(s) = p.solve() {
            check_solution(&big, SupplyMode::Exact, &s);
        }
    }
}

#[test]
fn netgen_instances_match_the_simplex() {
    for seed in 0..12 {
        let mut params =
            NetgenParams::new(200 + 37 * seed as usize, 1_600 + 300 * seed as usize, seed);
        if seed % 3 == 1 {
            params.capacitated_percent = 60;
        }
        if seed % 3 == 2 {
            params.min_cost = -50; // negative costs on some random arcs
        }
        let p = params.generate().unwrap();
        let cost = both(&p).unwrap();
        let mut q = p.clone();
        q.set_engine(CS);
        let s = q.solve().unwrap();
        assert_eq!(s.cost, cost);
        // The potentials certify the flow (reduced-cost optimality), checked here directly.
        let pi = s.potentials();
        for (a, arc) in p.arcs().enumerate() {
            let reduced = i128::from(arc.cost) + pi[arc.tail] - pi[arc.head];
            let f = s.flow[a];
            assert!(reduced <= 0 || f == arc.lower, "seed {seed} arc {a}");
            assert!(
                reduced >= 0 || Capacity::Finite(f) == arc.capacity,
                "seed {seed} arc {a}"
            );
        }
    }
}

#[test]
fn tight_transportation_matches_the_simplex() {
    for seed in 0..6 {
        let p = TransportParams::new(50 + 40 * seed as usize, seed)
            .generate()
            .unwrap();
        assert!(both(&p).is_ok());
    }
}

#[test]
fn infeasible_and_unbounded_give_the_simplexs_errors() {
    // Too little capacity: the same witness as the simplex.
    let mut p = MinCostFlow::new(4);
    p.set_supply(0, 5).unwrap();
    p.set_supply(3, -5).unwrap();
    p.add_arc(0, 1, 3, 1).unwrap();
    p.add_arc(1, 3, 10, 1).unwrap();
    assert!(matches!(both(&p), Err(FlowError::Infeasible { .. })));
    // A demand nobody can reach.
    let mut p = MinCostFlow::new(3);
    p.set_supply(0, 1).unwrap();
    p.set_supply(2, -1).unwrap();
    p.add_arc(0, 1, 1, 1).unwrap();
    assert!(matches!(both(&p), Err(FlowError::Infeasible { .. })));
    // A negative cycle of unbounded arcs.
    let mut p = MinCostFlow::new(3);
    p.add_arc(0, 1, Capacity::Unbounded, 1).unwrap();
    p.add_arc(1, 2, Capacity::Unbounded, 1).unwrap();
    p.add_arc(2, 0, 5, -10).unwrap();
    assert_eq!(both(&p), Ok(-40));
    p.add_arc(2, 0, Capacity::Unbounded, -3).unwrap();
    assert!(matches!(both(&p), Err(FlowError::Unbounded { .. })));
    // A negative unbounded self-loop.
    let mut p = MinCostFlow::new(1);
    p.add_arc(0, 0, Capacity::Unbounded, -1).unwrap();
    assert_eq!(
        both(&p),
        Err(FlowError::Unbounded {
            arcs: vec![0],
            nodes: vec![0]
        })
    );
}

#[test]
fn every_error_path() {
    // Unbalanced, in each mode.
    let mut p = MinCostFlow::new(2);
    p.set_supply(0, 3).unwrap();
    p.set_supply(1, -5).unwrap();
    p.add_arc(0, 1, 9, 1).unwrap();
    for mode in [SupplyMode::Exact, SupplyMode::SupplyAtMost] {
        p.set_mode(mode);
        assert!(matches!(both(&p), Err(FlowError::Unbalanced { .. })));
    }
    p.set_mode(SupplyMode::DemandAtMost);
    assert_eq!(both(&p), Ok(3));
    p.set_supply(0, 6).unwrap();
    assert!(matches!(both(&p), Err(FlowError::Unbalanced { .. })));
    // Too many nodes.
    let p = MinCostFlow::new(MAX_NODES + 1);
    assert!(matches!(
        both(&p),
        Err(FlowError::InvalidInput {
            name: "node_count",
            ..
        })
    ));
    // A result beyond i64: 2·(2^63 − 1) units must come back through the unbounded arc 2.
    let mut p = MinCostFlow::new(2);
    p.add_arc(0, 1, i64::MAX, -1).unwrap();
    p.add_arc(0, 1, i64::MAX, -1).unwrap();
    p.add_arc(1, 0, Capacity::Unbounded, 0).unwrap();
    assert!(matches!(both(&p), Err(FlowError::Overflow { .. })));
}

#[test]
fn empty_trivial_and_extreme_problems() {
    assert_eq!(both(&MinCostFlow::new(0)), Ok(0));
    assert_eq!(both(&MinCostFlow::new(5)), Ok(0));
    // A bounded negative self-loop is saturated; a positive one stays empty.
    let mut p = MinCostFlow::new(3);
    p.add_arc(0, 0, 4, -2).unwrap();
    p.add_arc(1, 1, 4, 2).unwrap();
    p.set_engine(CS);
    let s = p.solve().unwrap();
    assert_eq!((s.flow.clone(), s.cost), (vec![4, 0], -8));
    // Zero costs everywhere: any feasible flow.
    let inst = Instance {
        supply: vec![4, 0, -4],
        arcs: vec![
            Arc {
                tail: 0,
                head: 1,
                lower: 0,
                cap: Some(3),
                cost: 0,
            },
            Arc {
                tail: 1,
                head: 2,
                lower: 1,
                cap: None,
                cost: 0,
            },
            Arc {
                tail: 0,
                head: 2,
                lower: 0,
                cap: Some(2),
                cost: 0,
            },
        ],
    };
    assert_eq!(
        run_engine(&inst, SupplyMode::Exact, CS),
        Outcome::Optimal(0)
    );
    // Costs near i64::MAX.
    let mut p = MinCostFlow::new(2);
    p.set_supply(0, 3).unwrap();
    p.set_supply(1, -3).unwrap();
    p.add_arc(0, 1, 5, i64::MAX / 2).unwrap();
    p.add_arc(0, 1, 1, i64::MIN).unwrap();
    assert_eq!(
        both(&p),
        Ok(2 * i128::from(i64::MAX / 2) + i128::from(i64::MIN))
    );
    // Supplies of ±2^62 and an unbounded route.
    let mut p = MinCostFlow::new(3);
    p.set_supply(0, 1 << 62).unwrap();
    p.set_supply(2, -(1 << 62)).unwrap();
    p.add_arc(0, 1, Capacity::Unbounded, 2).unwrap();
    p.add_arc(1, 2, Capacity::Unbounded, 3).unwrap();
    assert_eq!(both(&p), Ok(5 * (1i128 << 62)));
    // A demand of 2^63 that may stay unmet.
    let mut p = MinCostFlow::new(2);
    p.set_supply(0, i64::MIN).unwrap();
    p.set_mode(SupplyMode::DemandAtMost);
    assert_eq!(both(&p), Ok(0));
    // A problem declared on a billion nodes that holds a few.
    let mut p = MinCostFlow::new(1_000_000_000);
    p.set_supply(7, 2).unwrap();
    p.set_supply(999_999_999, -2).unwrap();
    p.add_arc(7, 999_999_999, 5, 4).unwrap();
    p.set_engine(CS);
    let s = p.solve().unwrap();
    assert_eq!(s.cost, 8);
    assert_eq!(4 + s.potential(7) - s.potential(999_999_999), 0);
}

#[test]
fn auto_gives_the_same_cost() {
    let p = NetgenParams::new(300, 2_400, 5).generate().unwrap();
    let mut q = p.clone();
    q.set_engine(Engine::Auto);
    assert_eq!(q.solve().unwrap().cost, both(&p).unwrap());
}
