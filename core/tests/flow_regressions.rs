//! Inputs that once crashed the flow module or gave a wrong verdict, each kept as a test:
//! extreme supplies and capacities, DIMACS headers that promise more than the text holds, and
//! error messages that name the input at fault. Crashes found by fuzzing (`make fuzz`) are
//! added here too.

use quanyu::flow::dimacs;
use quanyu::flow::{Capacity, FlowError, MinCostFlow, SupplyMode};

const MAX: i64 = i64::MAX;

/// Checks a solution against the problem: bounds, conservation, cost, and reduced-cost
/// optimality with the returned potentials (an independent certificate, not the solver's word).
fn certify(p: &MinCostFlow, s: &quanyu::flow::FlowSolution) {
    // By node, only for the nodes that something touches (some problems declare billions).
    let mut net = std::collections::BTreeMap::<usize, i128>::new();
    for (v, supply) in p.supplies() {
        net.insert(v, supply.into());
    }
    let mut cost = 0i128;
    for (a, arc) in p.arcs().enumerate() {
        let f = s.flow[a];
        assert!(f >= arc.lower, "arc {a} below its lower bound");
        if let Capacity::Finite(c) = arc.capacity {
            assert!(f <= c, "arc {a} above its capacity");
        }
        *net.entry(arc.tail).or_default() -= i128::from(f);
        *net.entry(arc.head).or_default() += i128::from(f);
        cost += i128::from(f) * i128::from(arc.cost);
        let reduced = i128::from(arc.cost) + s.potential(arc.tail) - s.potential(arc.head);
        if reduced > 0 {
            assert_eq!(
                f, arc.lower,
                "arc {a} has reduced cost {reduced} but flow {f}"
            );
        }
        if reduced < 0 {
            assert_eq!(
                arc.capacity,
                Capacity::Finite(f),
                "arc {a}: reduced {reduced}"
            );
        }
    }
    for (v, x) in net {
        assert_eq!(x, 0, "node {v} does not balance");
    }
    assert_eq!(cost, s.cost);
}

#[test]
fn largest_supply_through_an_unbounded_arc() {
    // Once an index out of bounds in the solver: the artificial arc's flow, 2^63 − 1, was
    // taken for "unbounded" and the cycle for an unbounded one.
    for cost in [1, 0, -1, MAX, -MAX] {
        let mut p = MinCostFlow::new(2);
        p.set_supply(0, MAX).unwrap();
        p.set_supply(1, -MAX).unwrap();
        p.add_arc(0, 1, Capacity::Unbounded, cost).unwrap();
        let s = p.solve().unwrap();
        assert_eq!(s.flow, vec![MAX]);
        assert_eq!(s.cost, i128::from(MAX) * i128::from(cost));
        certify(&p, &s);
        // The other way round: a demand of 2^63 − 1 at node 0.
        let mut p = MinCostFlow::new(2);
        p.set_supply(0, -MAX).unwrap();
        p.set_supply(1, MAX).unwrap();
        p.add_arc(1, 0, Capacity::Unbounded, cost).unwrap();
        assert_eq!(p.solve().unwrap().flow, vec![MAX]);
    }
}

#[test]
fn the_four_line_dimacs_file_is_solved() {
    // `solve_dimacs` crashed on it.
    let text = "p min 2 1\nn 1 9223372036854775807\nn 2 -9223372036854775807\n\
                a 1 2 0 9223372036854775807 1\n";
    let p = dimacs::parse_problem(text).unwrap();
    let s = p.solve().unwrap();
    let mut out = Vec::new();
    dimacs::write_solution(&mut out, &p, &s).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "s 9223372036854775807\nf 1 2 9223372036854775807\n"
    );
}

#[test]
fn a_finite_capacity_of_two_to_the_63_minus_1_is_enough() {
    // Written as a number rather than "unbounded", the same feasible problem was reported
    // infeasible, "1 unit short".
    let mut p = MinCostFlow::new(3);
    p.set_supply(0, MAX).unwrap();
    p.set_supply(2, -MAX).unwrap();
    p.add_arc(0, 1, MAX, 2).unwrap();
    p.add_arc(1, 2, MAX, 3).unwrap();
    p.add_arc(0, 2, MAX, 9).unwrap();
    let s = p.solve().unwrap();
    assert_eq!(s.flow, vec![MAX, MAX, 0]);
    assert_eq!(s.cost, 5 * i128::from(MAX));
    certify(&p, &s);
    // A lower bound at the limit, shipped back through an unbounded arc.
    let mut p = MinCostFlow::new(2);
    p.add_arc_with_lower_bound(1, 0, MAX, MAX, 1).unwrap();
    p.add_arc(0, 1, Capacity::Unbounded, 1).unwrap();
    let s = p.solve().unwrap();
    assert_eq!(
        (s.flow.clone(), s.cost),
        (vec![MAX, MAX], 2 * i128::from(MAX))
    );
    certify(&p, &s);
    // With supplies at the limit too, the effective supplies pass the i64 range and the
    // unbounded arc would have to carry 2·(2^63 − 1): refused, naming it.
    p.set_supply(0, MAX).unwrap();
    p.set_supply(1, -MAX).unwrap();
    assert!(
        matches!(p.solve(), Err(FlowError::Overflow { message }) if message.starts_with("arc 1 "))
    );
}

#[test]
fn sums_beyond_64_bits_keep_the_right_verdict() {
    // Many capacities of 2^63 − 1 into one node: their sum needs 128 bits.
    let mut p = MinCostFlow::new(4);
    p.set_supply(0, MAX).unwrap();
    p.set_supply(1, MAX).unwrap();
    p.set_supply(3, -MAX).unwrap();
    p.set_mode(SupplyMode::SupplyAtMost);
    p.add_arc(0, 2, MAX, -5).unwrap();
    p.add_arc(1, 2, MAX, -5).unwrap();
    p.add_arc(2, 3, MAX, 1).unwrap();
    let s = p.solve().unwrap();
    assert_eq!(s.flow[2], MAX);
    assert_eq!(s.flow[0] + s.flow[1], MAX);
    // Infeasible by one unit, with capacities at the limit: reported as such.
    let mut p = MinCostFlow::new(2);
    p.set_supply(0, MAX).unwrap();
    p.set_supply(1, -MAX).unwrap();
    p.add_arc(0, 1, MAX - 1, -MAX).unwrap();
    match p.solve() {
        Err(FlowError::Infeasible { unmet }) => {
            assert!(unmet.iter().all(|u| u.shortfall == 1), "{unmet:?}")
        }
        other => panic!("expected infeasible, got {other:?}"),
    }
}

#[test]
fn a_header_that_promises_more_than_the_text_holds() {
    // 18 bytes that allocated 3.2 GB and aborted: memory now follows what the text holds.
    let p = dimacs::parse_problem("p min 200000000 0\n").unwrap();
    assert_eq!(p.node_count(), 200_000_000);
    let s = p.solve().unwrap();
    assert_eq!((s.cost, s.flow.len(), s.potential(199_999_999)), (0, 0, 0));
    // The same with a few lines that touch far-apart nodes, and an arc count that lies.
    let p = dimacs::parse_problem(
        "p min 4000000000 2\nn 3999999999 5\nn 7 -5\na 3999999999 7 0 9 2\na 7 1 0 9 1\n",
    )
    .unwrap();
    let s = p.solve().unwrap();
    assert_eq!((s.cost, s.flow.clone()), (10, vec![5, 0]));
    assert_eq!(2 + s.potential(3_999_998) - s.potential(6), 0);
    certify(&p, &s);
    assert!(dimacs::parse_problem("p min 1 4000000000\n").is_err());
}

#[test]
fn the_builder_stores_what_it_is_given() {
    // A node count in the billions costs nothing until supplies and arcs come.
    let mut p = MinCostFlow::new(4_000_000_000);
    p.set_supply(3_999_999_999, -2).unwrap();
    p.set_supply(0, 2).unwrap();
    p.add_arc(0, 3_999_999_999, 2, 4).unwrap();
    let s = p.solve().unwrap();
    assert_eq!(s.cost, 8);
    assert_eq!(
        p.supplies().collect::<Vec<_>>(),
        vec![(0, 2), (3_999_999_999, -2)]
    );
}

#[test]
fn an_unbounded_cycle_names_the_problem_s_own_nodes() {
    // Found by fuzzing: a problem solved on the nodes it uses (far fewer than it declares)
    // reported the cycle's nodes in the solver's numbering.
    let (a, b) = (114_212_189, 571_060_945);
    let mut p = MinCostFlow::new(799_485_326);
    p.add_arc(b, a, Capacity::Unbounded, 1).unwrap();
    p.add_arc(a, b, Capacity::Unbounded, -2).unwrap();
    for rule in [
        quanyu::flow::PivotRule::BlockSearch,
        quanyu::flow::PivotRule::Networkx,
    ] {
        p.set_pivot_rule(rule);
        match p.solve() {
            Err(FlowError::Unbounded { arcs, nodes }) => {
                assert_eq!(arcs.len(), 2);
                for (i, &arc) in arcs.iter().enumerate() {
                    let arc = p.arc(arc).unwrap();
                    assert_eq!(
                        (arc.tail, arc.head),
                        (nodes[i], nodes[(i + 1) % 2]),
                        "{rule:?}"
                    );
                }
            }
            other => panic!("expected unbounded, got {other:?}"),
        }
    }
}

#[test]
fn errors_name_the_input_at_fault() {
    let mut p = MinCostFlow::new(3);
    let cases = [
        (
            p.add_arc(0, 3, 1, 1).unwrap_err(),
            "invalid input `head`: node 3 is out of range: expected 0..3",
        ),
        (
            p.add_arc(0, 1, -4, 1).unwrap_err(),
            "invalid input `capacity`: arc 0 has capacity -4: expected 0 or more",
        ),
        (
            p.add_arc_with_lower_bound(0, 1, -1, 4, 1).unwrap_err(),
            "invalid input `lower`: arc 0 has lower bound -1: expected 0 to its capacity 4",
        ),
        (
            p.set_supply(5, 1).unwrap_err(),
            "invalid input `node`: node 5 is out of range: expected 0..3",
        ),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text);
    }
    let mut q = MinCostFlow::new(1);
    q.set_pivot_rule(quanyu::flow::PivotRule::Networkx);
    q.set_mode(SupplyMode::SupplyAtMost);
    assert_eq!(
        q.solve().unwrap_err().to_string(),
        "invalid input `pivot_rule`: the networkx rule solves SupplyMode::Exact only, not \
         SupplyAtMost"
    );
    // Through the crate-wide error, the names stay.
    let e: quanyu::Error = p.add_arc(7, 0, 1, 1).unwrap_err().into();
    assert_eq!(
        e.to_string(),
        "invalid argument `tail`: node 7 is out of range: expected 0..3"
    );
    let e: quanyu::Error = dimacs::parse_problem("p min 2 1\na 1 2 0 x 1\n")
        .unwrap_err()
        .into();
    assert_eq!(
        e.to_string(),
        "DIMACS:2: field 5 (capacity) is `x`: expected an integer from 0 to 9223372036854775807"
    );
}

#[test]
fn flow_errors_become_crate_errors() {
    let mut p = MinCostFlow::new(3);
    p.set_supply(0, 4).unwrap();
    p.set_supply(2, -4).unwrap();
    p.add_arc(0, 1, 3, 1).unwrap();
    p.add_arc(1, 2, 9, 1).unwrap();
    let e: quanyu::Error = p.solve().unwrap_err().into();
    assert_eq!(
        e.to_string(),
        "infeasible: 1 unit(s) of supply/demand cannot be met: node 0 (supply 4): 1 short, \
         node 2 (demand 4): 1 short"
    );
    let mut u = MinCostFlow::new(2);
    u.add_arc(0, 1, Capacity::Unbounded, -1).unwrap();
    u.add_arc(1, 0, Capacity::Unbounded, 0).unwrap();
    let e: quanyu::Error = u.solve().unwrap_err().into();
    assert!(matches!(e, quanyu::Error::Unbounded { .. }), "{e}");
    let e: quanyu::Error = FlowError::overflow("arc 1 carries too much").into();
    assert_eq!(
        e.to_string(),
        "invalid argument `flow problem`: arithmetic overflow: arc 1 carries too much"
    );
}
