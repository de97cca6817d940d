//! Writes the flow problem that plans the Neighbours contracts (社区党员包邻里) of the largest
//! megacity subdistrict, as DIMACS: a real instance for comparing flow solvers
//! (`benches/flow_peers.py --megacity`).
//!
//! Run with `cargo run --release -p quanyu-examples --example neighbours_dimacs -- OUT.min`.

use quanyu::ContractKind;
use quanyu::contracts::{self, ContractRule, Rules};
use quanyu::flow::dimacs::write_problem;
use quanyu::synth::{self, REFERENCE_DATE};

fn main() -> Result<(), quanyu::Error> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: neighbours_dimacs OUT.min");
        std::process::exit(2);
    };
    let net = synth::megacity(2024)?;
    let rules = Rules::new([ContractRule::default_for(ContractKind::Neighbours)]);
    let instances = contracts::flow_instances(&net, REFERENCE_DATE, &rules)?;
    let Some(biggest) = instances.iter().max_by_key(|i| i.problem.arc_count()) else {
        eprintln!("no Neighbours instance");
        std::process::exit(1);
    };
    let file = std::fs::File::create(&path).map_err(|e| quanyu::Error::io(&path, &e))?;
    write_problem(std::io::BufWriter::new(file), &biggest.problem)?;
    println!(
        "{path}: Neighbours of {} ({} nodes, {} arcs)",
        biggest.jurisdiction,
        biggest.problem.node_count(),
        biggest.problem.arc_count()
    );
    Ok(())
}
