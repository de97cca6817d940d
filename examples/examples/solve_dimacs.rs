//! Solves a DIMACS min-cost-flow file and prints the solution in DIMACS form.
//!
//! ```text
//! cargo run -p quanyu-examples --example solve_dimacs -- [--time] FILE
//! ```
//!
//! Prints `s <optimal cost>` and one `f TAIL HEAD FLOW` line per arc with positive flow, and
//! exits 0. On an infeasible, unbounded or malformed problem it prints the error on stderr and
//! exits 1 (2 for bad usage). With `--time`, the solve time (parsing and printing excluded) goes
//! to stderr as `c solve_seconds <float>`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use quanyu::flow::{FlowError, MinCostFlow, dimacs};

fn main() -> ExitCode {
    let mut time = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--time" => time = true,
            "-h" | "--help" => {
                println!("usage: solve_dimacs [--time] FILE");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() => path = Some(arg),
            _ => {
                eprintln!("usage: solve_dimacs [--time] FILE");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: solve_dimacs [--time] FILE");
        return ExitCode::from(2);
    };
    match run(&path, time) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, time: bool) -> Result<(), quanyu::Error> {
    let file = std::fs::File::open(path).map_err(|e| quanyu::Error::io(path, &e))?;
    let problem =
        dimacs::read_problem(std::io::BufReader::new(file)).map_err(
            |e| match quanyu::Error::from(e) {
                quanyu::Error::Parse { line, message, .. } => quanyu::Error::Parse {
                    source_name: path.to_string(),
                    line,
                    message,
                },
                other => other,
            },
        )?;
    let start = Instant::now();
    let solution = problem.solve().map_err(|e| one_based(e, &problem))?;
    let seconds = start.elapsed().as_secs_f64();
    if time {
        eprintln!("c solve_seconds {seconds:.6}");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    dimacs::write_solution(&mut out, &problem, &solution)?;
    out.flush().map_err(|e| quanyu::Error::io("stdout", &e))?;
    Ok(())
}

/// Solver errors name nodes and arcs from 0; in a DIMACS file they count from 1 (arcs in the
/// order of their `a` lines).
fn one_based(e: FlowError, problem: &MinCostFlow) -> quanyu::Error {
    match e {
        FlowError::Infeasible { unmet } => {
            let nodes: Vec<String> = unmet
                .iter()
                .map(|u| {
                    let role = if u.supply > 0 {
                        "supply"
                    } else if u.supply < 0 {
                        "demand"
                    } else {
                        "transit"
                    };
                    format!(
                        "node {} ({role} {}): {} short",
                        u.node + 1,
                        u.supply.unsigned_abs(),
                        u.shortfall
                    )
                })
                .collect();
            quanyu::Error::Infeasible {
                message: format!("cannot meet every supply and demand: {}", nodes.join(", ")),
            }
        }
        FlowError::Unbounded { arcs, .. } => {
            let arcs: Vec<String> = arcs
                .iter()
                .filter_map(|&a| {
                    let arc = problem.arc(a)?;
                    Some(format!(
                        "a-line {} ({} -> {})",
                        a + 1,
                        arc.tail + 1,
                        arc.head + 1
                    ))
                })
                .collect();
            quanyu::Error::Unbounded {
                message: format!(
                    "negative-cost cycle of unbounded capacity: {}",
                    arcs.join(", ")
                ),
            }
        }
        other => other.into(),
    }
}
