//! Random min-cost-flow problems built through the builder, with amounts drawn from the
//! extremes as well as small values: every solution must pass its dual certificate, every
//! unbounded verdict must name a negative cycle of unbounded arcs, and the two pivot rules
//! must agree on the verdict and the optimal cost.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use quanyu::flow::{Capacity, FlowError, MinCostFlow, PivotRule, SupplyMode};

/// An amount: mostly small, sometimes at or near the edges of `i64`.
fn amount(u: &mut Unstructured<'_>) -> arbitrary::Result<i64> {
    Ok(match u.int_in_range(0..=9)? {
        0 => i64::MAX,
        1 => i64::MIN,
        2 => i64::MAX - i64::from(u.int_in_range(0..=3u8)?),
        3 => -(i64::MAX - i64::from(u.int_in_range(0..=3u8)?)),
        4 => i64::arbitrary(u)?,
        _ => i64::from(i8::arbitrary(u)?),
    })
}

#[derive(Debug)]
struct Problem {
    problem: MinCostFlow,
}

impl<'a> Arbitrary<'a> for Problem {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        // Sometimes far more nodes than are used, to exercise the sparse path.
        let nodes = match u.int_in_range(0..=7)? {
            0 => u.int_in_range(0..=4_000_000_000usize)?,
            _ => u.int_in_range(0..=12usize)?,
        };
        let mut p = MinCostFlow::new(nodes);
        p.set_mode(match u.int_in_range(0..=3)? {
            0 => SupplyMode::SupplyAtMost,
            1 => SupplyMode::DemandAtMost,
            _ => SupplyMode::Exact,
        });
        let node = |u: &mut Unstructured<'a>| -> arbitrary::Result<usize> {
            Ok(if nodes == 0 {
                0
            } else if nodes <= 12 {
                u.int_in_range(0..=nodes - 1)?
            } else {
                // A handful of far-apart nodes.
                (nodes - 1) / 7 * u.int_in_range(0..=7usize)?
            })
        };
        for _ in 0..u.int_in_range(0..=6)? {
            let v = node(u)?;
            let _ = p.set_supply(v, amount(u)?);
        }
        // Balance the supplies in exact mode most of the time, else nearly every problem is
        // merely unbalanced.
        if p.mode() == SupplyMode::Exact && nodes > 0 && u.ratio(3, 4)? {
            let total: i128 = p.supplies().map(|(_, s)| i128::from(s)).sum();
            let v = node(u)?;
            let want = i128::from(p.supply(v)) - total;
            if let Ok(s) = i64::try_from(want) {
                let _ = p.set_supply(v, s);
            }
        }
        for _ in 0..u.int_in_range(0..=24)? {
            let (t, h) = (node(u)?, node(u)?);
            let capacity = if u.ratio(1, 4)? {
                Capacity::Unbounded
            } else {
                Capacity::Finite(amount(u)?.checked_abs().unwrap_or(i64::MAX))
            };
            let lower = if u.ratio(1, 6)? { amount(u)?.max(0) } else { 0 };
            let cost = amount(u)?;
            let _ = p.add_arc_with_lower_bound(t, h, lower, capacity, cost);
        }
        Ok(Problem { problem: p })
    }
}

/// The verdict, and the cost when optimal; overflow of a result is its own verdict.
fn verdict(r: &Result<quanyu::flow::FlowSolution, FlowError>) -> String {
    match r {
        Ok(s) => format!("optimal {}", s.cost),
        Err(FlowError::Infeasible { .. }) => "infeasible".into(),
        Err(FlowError::Unbounded { .. }) => "unbounded".into(),
        Err(FlowError::Unbalanced { total, .. }) => format!("unbalanced {total}"),
        Err(e) => format!("{e:?}"),
    }
}

fuzz_target!(|input: Problem| {
    let p = input.problem;
    let fast = p.solve();
    match &fast {
        Ok(s) => quanyu_fuzz::certify(&p, s),
        Err(e) => quanyu_fuzz::check_error(&p, e),
    }
    if p.mode() == SupplyMode::Exact {
        let mut q = p.clone();
        q.set_pivot_rule(PivotRule::Networkx);
        let nx = q.solve();
        match &nx {
            Ok(s) => quanyu_fuzz::certify(&q, s),
            Err(e) => quanyu_fuzz::check_error(&q, e),
        }
        // networkx's rule calls a solution unbounded when an arc carries half its artificial
        // capacity, and a result may overflow under one rule's optimum and not the other's:
        // compare only clean verdicts.
        let clean = |r: &Result<_, FlowError>| {
            !matches!(r, Err(FlowError::Unbounded { .. } | FlowError::Overflow { .. }))
        };
        if clean(&fast) && clean(&nx) {
            assert_eq!(verdict(&fast), verdict(&nx), "the two rules disagree");
        }
    }
});
