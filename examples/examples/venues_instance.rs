//! Writes a venue-matching instance, with the matcher's answer, as JSON on stdout: the input
//! of `benches/venues_cpsat.py` (which solves the same instance with OR-Tools CP-SAT) and of
//! `benches/venues_peers.py` (which solves the one-slot flow with OR-Tools min-cost flow).
//!
//! ```text
//! cargo run --release -p quanyu-examples --example venues_instance -- \
//!     [--scale community|district] [--seed S] [--requests N] [--days D] [--minutes M] \
//!     [--heuristic] [--no-fair] [--dimacs FILE]
//! ```
//!
//! The synthetic menu and requests of the community city (or a district), with every window
//! moved into the first `D` days of the week (default 7) to make venues scarcer, and with every
//! duration set to `M` minutes if given (30: one slot, the exact case). `--heuristic` forces the
//! greedy matcher; `--no-fair` turns fair share off. `--dimacs FILE` also writes the flow
//! problem of all one-slot groups as one DIMACS file (groups are independent) and prints its
//! optimal cost as quanyu finds it on stderr, with the solve time.

use std::process::ExitCode;
use std::time::Instant;

use quanyu::synth::Scale;
use quanyu::venues::{self, MatchOptions, MenuRecords, synth::RequestMix};

struct Args {
    scale: Scale,
    seed: u64,
    requests: usize,
    days: u32,
    minutes: Option<u32>,
    heuristic: bool,
    fair: bool,
    dimacs: Option<String>,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        scale: Scale::Community,
        seed: 1,
        requests: 200,
        days: 7,
        minutes: None,
        heuristic: false,
        fair: true,
        dimacs: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--scale" => a.scale = value()?.parse().map_err(|e: quanyu::Error| e.to_string())?,
            "--seed" => a.seed = value()?.parse().map_err(|_| "bad --seed")?,
            "--requests" => a.requests = value()?.parse().map_err(|_| "bad --requests")?,
            "--days" => a.days = value()?.parse().map_err(|_| "bad --days")?,
            "--minutes" => a.minutes = Some(value()?.parse().map_err(|_| "bad --minutes")?),
            "--heuristic" => a.heuristic = true,
            "--no-fair" => a.fair = false,
            "--dimacs" => a.dimacs = Some(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !(1..=7).contains(&a.days) {
        return Err("--days must be 1 to 7".into());
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("venues_instance: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("venues_instance: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(a: &Args) -> quanyu::Result<()> {
    let net = quanyu::synth::generate(a.scale, a.seed, &Default::default())?;
    let mut menu = venues::synth::menu(&net, a.seed)?;
    let week = venues::synth::WEEK;
    let mix = RequestMix {
        days: a.days,
        duration_minutes: a.minutes,
        series: false,
    };
    let requests = venues::synth::requests_with(&net, &menu, week, a.requests, a.seed, &mix)?;
    menu.add(
        &net,
        MenuRecords {
            requests,
            ..Default::default()
        },
    )?;
    let opts = MatchOptions {
        fair_share: a.fair,
        heuristic_only: a.heuristic,
        export_instance: true,
        ..Default::default()
    };
    let t = Instant::now();
    let report = menu.plan_matching(&net, &opts)?;
    eprintln!("c match_seconds {:.6}", t.elapsed().as_secs_f64());
    if let (Some(path), Some(instance)) = (&a.dimacs, &report.instance) {
        write_dimacs(path, instance, a.fair)?;
    }
    println!("{}", report.to_json()?);
    Ok(())
}

/// All one-slot groups as one flow problem (disjoint), written as DIMACS; solves it and
/// reports the cost and time on stderr.
fn write_dimacs(path: &str, instance: &venues::MatchingInstance, fair: bool) -> quanyu::Result<()> {
    use quanyu::flow::{MinCostFlow, dimacs::write_problem};
    let mut all = MinCostFlow::new(0);
    for g in &instance.groups {
        let Some((p, _)) = g.flow_problem(fair) else {
            continue;
        };
        let base = all.node_count();
        for v in 0..p.node_count() {
            all.add_node(p.supply(v));
        }
        for a in p.arcs() {
            all.add_arc_with_lower_bound(
                a.tail + base,
                a.head + base,
                a.lower,
                a.capacity,
                a.cost,
            )?;
        }
    }
    let file = std::fs::File::create(path).map_err(|e| quanyu::Error::io(path, &e))?;
    write_problem(std::io::BufWriter::new(file), &all)?;
    let t = Instant::now();
    let solution = all.solve()?;
    eprintln!(
        "c quanyu_cost {} nodes {} arcs {} solve_seconds {:.6}",
        solution.cost,
        all.node_count(),
        all.arc_count(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
