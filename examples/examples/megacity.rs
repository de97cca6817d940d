//! Generates the megacity (about 215 subdistricts, a million buildings, ten million households),
//! prints its shape, the time it took and the peak memory, and audits it.
//!
//! Run with `cargo run --release -p quanyu-examples --example megacity [SEED]`.

use std::time::Instant;

use quanyu::progress::Progress;
use quanyu::synth::{self, REFERENCE_DATE, Scale};

fn main() -> Result<(), quanyu::Error> {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2024);
    let t = Instant::now();
    let progress = Progress::new().on_step(|s| {
        if s.done % 43 == 0 || s.done == s.total {
            eprintln!("  {}/{} subdistricts", s.done, s.total);
        }
    });
    let net = synth::generate(Scale::Megacity, seed, &progress)?;
    let built = t.elapsed();
    for level in net.scheme().levels() {
        let name = net.scheme().name(level);
        println!("{name:<20}{:>12}", net.units_by_level(name)?.len());
    }
    println!("{:<20}{:>12}", "Organisations", net.organisation_count());
    println!("{:<20}{:>12}", "Persons", net.person_count());
    println!("generated in {:.1} s", built.as_secs_f64());
    let t = Instant::now();
    let audit = net.audit(REFERENCE_DATE);
    println!(
        "structural audit: {} gaps in {:.1} s",
        audit.gap_count(),
        t.elapsed().as_secs_f64()
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM"))
    {
        println!("peak memory: {}", line.trim_start_matches("VmHWM:").trim());
    }
    Ok(())
}
