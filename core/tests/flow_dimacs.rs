//! DIMACS: round trips, the example's output on the small data file, and every kind of
//! malformed input refused with its 1-based line, its field and what was expected.

use quanyu::flow::dimacs;
use quanyu::flow::{Capacity, FlowArc, FlowError, MinCostFlow, generate::NetgenParams};

fn parse_error(text: &str) -> (u64, String) {
    match dimacs::parse_problem(text) {
        Err(FlowError::Parse { line, message }) => (line, message),
        other => panic!("expected a parse error for {text:?}, got {other:?}"),
    }
}

#[test]
fn small_file_gives_the_expected_solution() {
    // The same path as `solve_dimacs`: read, solve, write the solution.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let file = std::fs::File::open(dir.join("flow_small.min")).unwrap();
    let problem = dimacs::read_problem(std::io::BufReader::new(file)).unwrap();
    assert_eq!(
        problem.supplies().collect::<Vec<_>>(),
        vec![(0, 4), (1, 3), (3, -5), (4, -2)]
    );
    assert_eq!(
        problem.arc(2),
        Some(FlowArc {
            tail: 1,
            head: 4,
            lower: 1,
            capacity: Capacity::Finite(5),
            cost: 3
        })
    );
    let solution = problem.solve().unwrap();
    let mut out = Vec::new();
    dimacs::write_solution(&mut out, &problem, &solution).unwrap();
    let expected = std::fs::read_to_string(dir.join("flow_small.sol")).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    // And the solution file reads back.
    let read = dimacs::parse_solution(&expected).unwrap();
    assert_eq!(read.cost, 20);
    assert_eq!(read.flows.len(), 4);
}

#[test]
fn problems_round_trip() {
    let mut problem = MinCostFlow::new(4);
    for (v, supply) in [(0, 5), (2, -2), (3, -3)] {
        problem.set_supply(v, supply).unwrap();
    }
    problem.add_arc(0, 1, 10, -4).unwrap();
    problem.add_arc_with_lower_bound(1, 2, 1, 3, 2).unwrap();
    problem.add_arc(1, 3, Capacity::Unbounded, 0).unwrap();
    problem.add_arc(3, 3, 0, 7).unwrap();
    let mut text = Vec::new();
    dimacs::write_problem(&mut text, &problem).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(dimacs::parse_problem(&text).unwrap(), problem);

    // A generated instance too: through text and back, same problem, same solution.
    let generated = NetgenParams::new(60, 400, 3).generate().unwrap();
    let mut text = Vec::new();
    dimacs::write_problem(&mut text, &generated).unwrap();
    let back = dimacs::read_problem(&text[..]).unwrap();
    assert_eq!(back, generated);
    assert_eq!(back.solve().unwrap(), generated.solve().unwrap());
}

#[test]
fn solutions_round_trip() {
    let problem =
        dimacs::parse_problem("p min 3 3\nn 1 2\nn 3 -2\na 1 2 0 5 1\na 2 3 0 5 1\na 1 3 0 1 5\n")
            .unwrap();
    let solution = problem.solve().unwrap();
    let mut out = Vec::new();
    dimacs::write_solution(&mut out, &problem, &solution).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text, "s 4\nf 1 2 2\nf 2 3 2\n");
    let read = dimacs::parse_solution(&format!("c solved\n{text}c end\n")).unwrap();
    assert_eq!(read.cost, 4);
    assert_eq!(read.flows, vec![(0, 1, 2), (1, 2, 2)]);
}

#[test]
fn comments_blank_lines_and_repeated_equal_supplies_are_fine() {
    let p = dimacs::parse_problem("c x\n\np min 2 1\nc y\nn 1 1\nn 1 1\nn 2 -1\n  a 1 2 0 1 1  \n")
        .unwrap();
    assert_eq!(p.supplies().collect::<Vec<_>>(), vec![(0, 1), (1, -1)]);
    assert_eq!(p.arc_count(), 1);
}

#[test]
fn malformed_problems_are_refused_with_their_line() {
    let form = "`a SRC DST LOW CAP COST`";
    let i64s = "an integer from -9223372036854775808 to 9223372036854775807";
    let cases: &[(&str, u64, String)] = &[
        ("", 1, "no `p min NODES ARCS` line: expected one before the first `n` or `a` line".into()),
        ("c only a comment\n", 1, "no `p min NODES ARCS` line: expected one before the first `n` or `a` line".into()),
        ("n 1 5\np min 1 0\n", 1, "an `n` line before the `p` line: expected `p min NODES ARCS` first".into()),
        ("c\na 1 2 0 1 1\np min 2 1\n", 2, "an `a` line before the `p` line: expected `p min NODES ARCS` first".into()),
        ("p min 2 0\np min 2 0\n", 2, "a second `p` line: expected one only (the first is on line 1)".into()),
        ("p max 2 0\n", 1, "field 2 (problem type) is `max`: expected `min`".into()),
        ("p min two 0\n", 1, "field 3 (node count) is `two`: expected an integer from 0 to 4294967293".into()),
        ("p min 2\n", 1, "field 4 (arc count) is missing: expected an integer from 0 to 4294967293 in `p min NODES ARCS`".into()),
        ("p min 2 0 9\n", 1, "field 5 is `9`: expected the line to end there, as in `p min NODES ARCS`".into()),
        ("p min 2 1\n", 1, "field 4 (arc count) is `1`: expected the number of `a` lines, 0".into()),
        ("p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n", 3, "`a` line number 2: expected only the 1 arcs that the `p` line declares".into()),
        ("p min 2 1\nc\na 1 3 0 1 1\n", 3, "field 3 (arc head) is `3`: expected a node id from 1 to 2".into()),
        ("p min 2 1\na 0 2 0 1 1\n", 2, "field 2 (arc tail) is `0`: expected a node id from 1 to 2".into()),
        ("p min 0 1\na 1 1 0 1 1\n", 2, "field 2 (arc tail) is `1`: expected no node id: the `p` line declares 0 nodes".into()),
        ("p min 2 1\na 1 2 0 1 x\n", 2, format!("field 6 (cost) is `x`: expected {i64s}")),
        ("p min 2 1\na 1 2 0 1\n", 2, format!("field 6 (cost) is missing: expected {i64s} in {form}")),
        ("p min 2 1\na 1 2 3 1 1\n", 2, "field 5 (capacity) is `1`: expected an integer from 3 to 9223372036854775807".into()),
        ("p min 2 1\na 1 2 -1 1 1\n", 2, "field 4 (lower bound) is `-1`: expected an integer from 0 to 9223372036854775807".into()),
        ("p min 2 1\na 1 2 0 99999999999999999999 1\n", 2, "field 5 (capacity) is `99999999999999999999`: expected an integer from 0 to 9223372036854775807".into()),
        ("p min 2 0\nn 3 1\n", 2, "field 2 (node id) is `3`: expected a node id from 1 to 2".into()),
        ("p min 2 0\nn 1 1.5\n", 2, format!("field 3 (node supply) is `1.5`: expected {i64s}")),
        ("p min 2 0\nn 1 4\nc\nn 1 5\n", 4, "field 3 (node supply) is `5`: expected 4 as on line 2, or no second `n` line for node 1".into()),
        ("p min 2 0\nx 1\n", 2, "field 1 (line type) is `x`: expected `c`, `p`, `n` or `a`".into()),
        ("p min 1 0\n\u{ff}\n", 2, "field 1 (line type) is `\u{ff}`: expected `c`, `p`, `n` or `a`".into()),
    ];
    for (text, line, message) in cases {
        assert_eq!(
            parse_error(text),
            (*line, message.clone()),
            "input {text:?}"
        );
    }
    // Invalid UTF-8 is refused with its line too.
    match dimacs::read_problem(&b"p min 1 0\nc \xff\xfe\n"[..]) {
        Err(FlowError::Parse { line: 2, message }) => {
            assert_eq!(message, "byte 3 is not valid UTF-8")
        }
        other => panic!("{other:?}"),
    }
    // And the crate-wide error keeps the line.
    let e: quanyu::Error = dimacs::parse_problem("p min 1 0\nq\n").unwrap_err().into();
    assert_eq!(
        e.to_string(),
        "DIMACS:2: field 1 (line type) is `q`: expected `c`, `p`, `n` or `a`"
    );
}

#[test]
fn malformed_solutions_are_refused_with_their_line() {
    let cases: &[(&str, u64, &str)] = &[
        ("", 1, "no `s COST` line: expected one before the `f` lines"),
        (
            "c x\nf 1 2 3\n",
            2,
            "an `f` line before the `s` line: expected `s COST` first",
        ),
        (
            "s 1\ns 2\n",
            2,
            "a second `s` line: expected one only (the first is on line 1)",
        ),
        (
            "s x\n",
            1,
            "field 2 (cost) is `x`: expected an integer from \
             -170141183460469231731687303715884105728 to 170141183460469231731687303715884105727",
        ),
        (
            "s 1\nf 1 2 -3\n",
            2,
            "field 4 (flow) is `-3`: expected an integer from 0 to 9223372036854775807",
        ),
        (
            "s 1\nf 0 2 3\n",
            2,
            "field 2 (arc tail) is `0`: expected a node id of 1 or more",
        ),
        (
            "s 1\nf 1 2\n",
            2,
            "field 4 (flow) is missing: expected an integer from 0 to 9223372036854775807 in \
             `f SRC DST FLOW`",
        ),
        (
            "s 1\nv 1\n",
            2,
            "field 1 (line type) is `v`: expected `c`, `s` or `f`",
        ),
    ];
    for &(text, line, message) in cases {
        match dimacs::parse_solution(text) {
            Err(FlowError::Parse {
                line: l,
                message: m,
            }) => {
                assert_eq!((l, m.as_str()), (line, message), "input {text:?}")
            }
            other => panic!("expected a parse error for {text:?}, got {other:?}"),
        }
    }
}

#[test]
fn solving_reports_infeasible_and_unbalanced_files() {
    let p = dimacs::parse_problem("p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 2 1\n").unwrap();
    assert!(matches!(p.solve(), Err(FlowError::Infeasible { .. })));
    let p = dimacs::parse_problem("p min 2 1\nn 1 3\na 1 2 0 2 1\n").unwrap();
    assert!(matches!(
        p.solve(),
        Err(FlowError::Unbalanced { total: 3, .. })
    ));
}
