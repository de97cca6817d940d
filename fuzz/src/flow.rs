//! What the flow fuzz targets check: a solution against its own dual certificate.
//!
//! Independent of how the solver got there: the flow must respect every bound, balance every
//! node as the supply mode requires, cost what the solver says, and the returned potentials
//! must prove it optimal (complementary slackness on every arc, and on the amounts the relaxed
//! modes leave unmet).

use std::collections::BTreeMap;

use quanyu::flow::{Capacity, FlowError, FlowSolution, MinCostFlow, SupplyMode};

/// Panics, with the reason, unless `s` is an optimal solution of `p`.
///
/// ```
/// let mut p = quanyu::flow::MinCostFlow::new(2);
/// p.set_supply(0, 1).unwrap();
/// p.set_supply(1, -1).unwrap();
/// p.add_arc(0, 1, 1, 3).unwrap();
/// quanyu_fuzz::flow::certify(&p, &p.solve().unwrap());
/// ```
pub fn certify(p: &MinCostFlow, s: &FlowSolution) {
    assert_eq!(s.flow.len(), p.arc_count(), "one flow per arc");
    // Net outflow by node, only for the nodes something touches.
    let mut out = BTreeMap::<usize, i128>::new();
    let mut cost = 0i128;
    for (a, arc) in p.arcs().enumerate() {
        let f = s.flow[a];
        assert!(f >= arc.lower, "arc {a}: flow {f} below its lower bound {}", arc.lower);
        let at_upper = match arc.capacity {
            Capacity::Finite(c) => {
                assert!(f <= c, "arc {a}: flow {f} above its capacity {c}");
                f == c
            }
            Capacity::Unbounded => false,
        };
        *out.entry(arc.tail).or_default() += i128::from(f);
        *out.entry(arc.head).or_default() -= i128::from(f);
        cost += i128::from(f) * i128::from(arc.cost);
        let reduced = i128::from(arc.cost) + s.potential(arc.tail) - s.potential(arc.head);
        assert!(
            reduced <= 0 || f == arc.lower,
            "arc {a}: reduced cost {reduced} > 0 but flow {f} above its lower bound"
        );
        assert!(
            reduced >= 0 || at_upper,
            "arc {a}: reduced cost {reduced} < 0 but flow {f} below its capacity"
        );
    }
    assert_eq!(cost, s.cost, "the reported cost");
    for (v, _) in p.supplies() {
        out.entry(v).or_default();
    }
    for (v, shipped) in out {
        let supply = i128::from(p.supply(v));
        // What the node keeps (supply side) or does not receive (demand side).
        let left = supply - shipped;
        let potential = s.potential(v);
        match p.mode() {
            SupplyMode::Exact => assert_eq!(left, 0, "node {v}: supply {supply}, ships {shipped}"),
            SupplyMode::SupplyAtMost if supply > 0 => {
                assert!((0..=supply).contains(&left), "node {v}: supply {supply}, ships {shipped}");
                // A free arc v -> root carries `left`, root potential 0.
                if left > 0 {
                    assert!(potential <= 0, "node {v} keeps {left}, potential {potential}");
                }
                if left < supply {
                    assert!(potential >= 0, "node {v} ships, potential {potential}");
                }
            }
            SupplyMode::DemandAtMost if supply < 0 => {
                assert!((supply..=0).contains(&left), "node {v}: demand {supply}, ships {shipped}");
                // A free arc root -> v carries `-left`, the unmet demand.
                if left < 0 {
                    assert!(potential >= 0, "node {v} left short, potential {potential}");
                }
                if left > supply {
                    assert!(potential <= 0, "node {v} receives, potential {potential}");
                }
            }
            _ => assert_eq!(left, 0, "node {v}: supply {supply}, ships {shipped}"),
        }
    }
}

/// Panics unless an [`FlowError::Unbounded`] names a real cycle of unbounded arcs whose cost
/// is negative; other errors pass.
///
/// ```
/// use quanyu::flow::{Capacity, MinCostFlow};
/// let mut p = MinCostFlow::new(2);
/// p.add_arc(0, 1, Capacity::Unbounded, -2).unwrap();
/// p.add_arc(1, 0, Capacity::Unbounded, 1).unwrap();
/// quanyu_fuzz::check_error(&p, &p.solve().unwrap_err());
/// ```
pub fn check_error(p: &MinCostFlow, e: &FlowError) {
    if let FlowError::Unbounded { arcs, nodes } = e {
        if p.pivot_rule() == quanyu::flow::PivotRule::Networkx && arcs.len() == 1 {
            return; // networkx's own test: a heavily loaded arc, not a cycle.
        }
        assert_eq!(arcs.len(), nodes.len(), "{e}");
        let mut total = 0i128;
        for (i, &a) in arcs.iter().enumerate() {
            let arc = p.arc(a).expect("an arc of the problem");
            assert_eq!(arc.capacity, Capacity::Unbounded, "{e}: arc {a} is bounded");
            let from = nodes[i];
            let to = nodes[(i + 1) % nodes.len()];
            let forward = arc.tail == from && arc.head == to;
            assert!(forward, "{e}: arc {a} does not join {from} to {to}");
            total += i128::from(arc.cost);
        }
        assert!(total < 0, "{e}: the cycle costs {total}");
    }
}
