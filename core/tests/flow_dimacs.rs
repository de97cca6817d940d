//! DIMACS: round trips, the example's output on the small data file, and every kind of
//! malformed input refused with its 1-based line number.

use quanyu::flow::dimacs::{self, DimacsArc, DimacsProblem};
use quanyu::flow::{FlowError, generate::NetgenParams};

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
    assert_eq!(problem.supply, vec![4, 3, 0, -5, -2]);
    assert_eq!(
        problem.arcs[2],
        DimacsArc {
            tail: 1,
            head: 4,
            lower: 1,
            capacity: 5,
            cost: 3
        }
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
    let problem = DimacsProblem {
        supply: vec![5, 0, -2, -3],
        arcs: vec![
            DimacsArc {
                tail: 0,
                head: 1,
                lower: 0,
                capacity: 10,
                cost: -4,
            },
            DimacsArc {
                tail: 1,
                head: 2,
                lower: 1,
                capacity: 3,
                cost: 2,
            },
            DimacsArc {
                tail: 1,
                head: 3,
                lower: 0,
                capacity: i64::MAX,
                cost: 0,
            },
            DimacsArc {
                tail: 3,
                head: 3,
                lower: 0,
                capacity: 0,
                cost: 7,
            },
        ],
    };
    let mut text = Vec::new();
    dimacs::write_problem(&mut text, &problem).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(dimacs::parse_problem(&text).unwrap(), problem);

    // A generated instance too: through text and back, same problem, same solution.
    let generated = NetgenParams::new(60, 400, 3).generate().unwrap();
    let as_dimacs = DimacsProblem::from(&generated);
    let mut text = Vec::new();
    dimacs::write_problem(&mut text, &as_dimacs).unwrap();
    let back = dimacs::read_problem(&text[..]).unwrap();
    assert_eq!(back, as_dimacs);
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
    assert_eq!(p.supply, vec![1, -1]);
    assert_eq!(p.arcs.len(), 1);
}

#[test]
fn malformed_problems_are_refused_with_their_line() {
    let cases: &[(&str, u64, &str)] = &[
        ("", 1, "no `p min NODES ARCS` line"),
        ("c only a comment\n", 1, "no `p min NODES ARCS` line"),
        ("n 1 5\np min 1 0\n", 1, "`n` line before the `p` line"),
        (
            "c\na 1 2 0 1 1\np min 2 1\n",
            2,
            "`a` line before the `p` line",
        ),
        (
            "p min 2 0\np min 2 0\n",
            2,
            "second `p` line (first on line 1)",
        ),
        (
            "p max 2 0\n",
            1,
            "problem type `max` is not supported (expected `min`)",
        ),
        ("p min two 0\n", 1, "bad node count `two`"),
        ("p min 2\n", 1, "missing arc count"),
        ("p min 2 0 9\n", 1, "unexpected `9` at the end of the line"),
        (
            "p min 2 1\n",
            1,
            "the `p` line declares 1 arcs but 0 `a` lines follow",
        ),
        (
            "p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n",
            3,
            "more `a` lines than the 1 arcs declared",
        ),
        (
            "p min 2 1\nc\na 1 3 0 1 1\n",
            3,
            "node 3 out of range 1..=2",
        ),
        ("p min 2 1\na 0 2 0 1 1\n", 2, "node 0 out of range 1..=2"),
        ("p min 2 1\na 1 2 0 1 x\n", 2, "bad cost `x`"),
        ("p min 2 1\na 1 2 0 1\n", 2, "missing cost"),
        (
            "p min 2 1\na 1 2 3 1 1\n",
            2,
            "bounds must satisfy 0 <= low <= cap, got low 3, cap 1",
        ),
        (
            "p min 2 1\na 1 2 -1 1 1\n",
            2,
            "bounds must satisfy 0 <= low <= cap, got low -1, cap 1",
        ),
        (
            "p min 2 1\na 1 2 0 99999999999999999999 1\n",
            2,
            "bad capacity `99999999999999999999`",
        ),
        ("p min 2 0\nn 3 1\n", 2, "node 3 out of range 1..=2"),
        ("p min 2 0\nn 1 1.5\n", 2, "bad node supply `1.5`"),
        (
            "p min 2 0\nn 1 4\nc\nn 1 5\n",
            4,
            "node 1 has supply 4 on line 2 but 5 here",
        ),
        ("p min 2 0\nx 1\n", 2, "unknown line type `x`"),
        ("p min 1 0\n\u{ff}\n", 2, "unknown line type `\u{ff}`"),
    ];
    for &(text, line, message) in cases {
        assert_eq!(
            parse_error(text),
            (line, message.to_string()),
            "input {text:?}"
        );
    }
    // Invalid UTF-8 is refused with its line too.
    match dimacs::read_problem(&b"p min 1 0\nc \xff\xfe\n"[..]) {
        Err(FlowError::Parse { line: 2, message }) => assert_eq!(message, "not valid UTF-8"),
        other => panic!("{other:?}"),
    }
    // And the crate-wide error keeps the line.
    let e: quanyu::Error = dimacs::parse_problem("p min 1 0\nq\n").unwrap_err().into();
    assert_eq!(e.to_string(), "DIMACS:2: unknown line type `q`");
}

#[test]
fn malformed_solutions_are_refused_with_their_line() {
    let cases: &[(&str, u64, &str)] = &[
        ("", 1, "no `s COST` line"),
        ("c x\nf 1 2 3\n", 2, "`f` line before the `s` line"),
        ("s 1\ns 2\n", 2, "second `s` line (first on line 1)"),
        ("s x\n", 1, "bad cost `x`"),
        ("s 1\nf 1 2 -3\n", 2, "negative flow -3"),
        (
            "s 1\nf 0 2 3\n",
            2,
            "node 0 out of range 1..=18446744073709551615",
        ),
        ("s 1\nf 1 2\n", 2, "missing flow"),
        ("s 1\nv 1\n", 2, "unknown line type `v`"),
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
