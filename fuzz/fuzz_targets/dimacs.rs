//! The DIMACS reader on arbitrary bytes: it must return a problem or an error, never panic
//! or claim memory beyond what the text holds; a problem it returns must survive a round trip
//! through the writer, and its solution (when it has one) must pass its certificate.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quanyu::flow::dimacs;

fuzz_target!(|data: &[u8]| {
    let _ = dimacs::read_solution(data);
    let problem = match dimacs::read_problem(data) {
        Ok(p) => p,
        Err(e) => {
            // Every error names its line.
            let _ = e.to_string();
            return;
        }
    };
    let mut text = Vec::new();
    dimacs::write_problem(&mut text, &problem).expect("writing to memory");
    let back = dimacs::read_problem(&text[..]).expect("the writer's output reads back");
    assert_eq!(back, problem, "round trip");
    match problem.solve() {
        Ok(solution) => {
            quanyu_fuzz::certify(&problem, &solution);
            let mut out = Vec::new();
            dimacs::write_solution(&mut out, &problem, &solution).expect("writing to memory");
            let read = dimacs::read_solution(&out[..]).expect("the solution reads back");
            assert_eq!(read.cost, solution.cost);
        }
        Err(e) => quanyu_fuzz::check_error(&problem, &e),
    }
});
