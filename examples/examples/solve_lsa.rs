//! Solves a linear sum assignment problem stored as a binary matrix file.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example solve_lsa -- [--time] [--maximize] FILE
//! ```
//!
//! FILE holds two little-endian `u64` (rows, columns), then the row-major entries as
//! little-endian `f64`. Prints the assigned column of each assigned row, one per line, in row
//! order (scipy's `col_ind`). With `--time`, the solve time (reading excluded) goes to stderr
//! as `c solve_seconds <float>`. Errors go to stderr with exit status 1 (2 for bad usage).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let (mut time, mut maximize, mut path) = (false, false, None);
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--time" => time = true,
            "--maximize" => maximize = true,
            _ if path.is_none() && !arg.starts_with('-') => path = Some(arg),
            _ => path = None,
        }
    }
    let Some(path) = path else {
        eprintln!("usage: solve_lsa [--time] [--maximize] FILE");
        return ExitCode::from(2);
    };
    match run(&path, time, maximize) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, time: bool, maximize: bool) -> Result<(), quanyu::Error> {
    let bytes = std::fs::read(path).map_err(|e| quanyu::Error::io(path, &e))?;
    let bad = |message: &str| quanyu::Error::Parse {
        source_name: path.to_string(),
        line: None,
        message: message.to_string(),
    };
    let word = |k: usize| -> Option<[u8; 8]> { bytes.get(8 * k..8 * k + 8)?.try_into().ok() };
    let (Some(r), Some(c)) = (word(0), word(1)) else {
        return Err(bad("shorter than its 16-byte header"));
    };
    let rows = usize::try_from(u64::from_le_bytes(r)).map_err(|_| bad("too many rows"))?;
    let cols = usize::try_from(u64::from_le_bytes(c)).map_err(|_| bad("too many columns"))?;
    let expected = rows
        .checked_mul(cols)
        .and_then(|n| n.checked_mul(8))
        .and_then(|n| n.checked_add(16));
    if expected != Some(bytes.len()) {
        return Err(bad("size does not match the header"));
    }
    let matrix: Vec<f64> = bytes[16..]
        .chunks_exact(8)
        .map(|b| {
            let mut word = [0u8; 8];
            word.copy_from_slice(b);
            f64::from_le_bytes(word)
        })
        .collect();
    let start = Instant::now();
    let assignment = quanyu::flow::linear_sum_assignment(&matrix, rows, cols, maximize)?;
    let seconds = start.elapsed().as_secs_f64();
    if time {
        eprintln!("c solve_seconds {seconds:.6}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for c in &assignment.col_ind {
        writeln!(out, "{c}").map_err(|e| quanyu::Error::io("stdout", &e))?;
    }
    out.flush().map_err(|e| quanyu::Error::io("stdout", &e))?;
    Ok(())
}
