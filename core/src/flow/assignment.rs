//! Linear sum assignment: the rectangular assignment problem, solved exactly.
//!
//! Given an `n × m` cost matrix, choose `min(n, m)` entries, no two in the same row or column,
//! of least (or, with `maximize`, greatest) total. The method is the shortest augmenting path
//! method of Jonker and Volgenant in the rectangular form described by Crouse (2016): one row
//! is added at a time, and a Dijkstra-like search over the columns with dual prices finds the
//! cheapest way to fit it in. `O(n² m)` time in the worst case, `O(n + m)` memory beyond the
//! matrix (plus a transposed copy when there are more rows than columns).
//!
//! The result, the ties and the errors are those of `scipy.optimize.linear_sum_assignment`:
//! the same scan order (columns scanned from the last, unassigned columns preferred among equal
//! distances), the same floating-point operations in the same order, so that the same matrix
//! gives the same assignment even when several are optimal. `+inf` entries are forbidden
//! pairs; `NaN` and `-inf` (or `+inf` when maximizing) make the matrix invalid.

use super::error::{FlowError, UnmetNode};

/// The result of [`linear_sum_assignment`]: row `row_ind[k]` is assigned to column
/// `col_ind[k]`, sorted by row.
///
/// ```
/// let a = quanyu::flow::linear_sum_assignment(&[4.0, 1.0, 2.0, 3.0], 2, 2, false).unwrap();
/// assert_eq!((a.row_ind, a.col_ind), (vec![0, 1], vec![1, 0]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Assignment {
    /// The assigned rows, increasing.
    pub row_ind: Vec<usize>,
    /// The column assigned to each row of `row_ind`.
    pub col_ind: Vec<usize>,
}

/// No row / no column.
const NONE: u32 = u32::MAX;

/// Solves the linear sum assignment problem on a row-major `rows × cols` matrix.
///
/// Assigns `min(rows, cols)` pairs; returns them sorted by row, as
/// `scipy.optimize.linear_sum_assignment(cost, maximize)` does (and with the same pairs when
/// there are ties).
///
/// # Errors
///
/// * [`FlowError::InvalidInput`] if `cost.len() != rows * cols`, or an entry is `NaN`, or
///   `-inf` when minimizing / `+inf` when maximizing ("invalid numeric entries").
/// * [`FlowError::Infeasible`] if the forbidden (infinite) entries leave no complete
///   assignment; `unmet` names the row (or, for a wide matrix with more rows than columns,
///   the column) that could not be assigned.
///
/// ```
/// use quanyu::flow::linear_sum_assignment;
///
/// // 3 workers, 2 jobs: the cheapest two pairs.
/// let cost = [
///     4.0, 1.0,
///     2.0, 0.5,
///     3.0, 2.0,
/// ];
/// let a = linear_sum_assignment(&cost, 3, 2, false).unwrap();
/// assert_eq!((a.row_ind, a.col_ind), (vec![0, 1], vec![1, 0]));
/// let best = linear_sum_assignment(&cost, 3, 2, true).unwrap();
/// assert_eq!((best.row_ind, best.col_ind), (vec![0, 2], vec![0, 1]));
/// ```
pub fn linear_sum_assignment(
    cost: &[f64],
    rows: usize,
    cols: usize,
    maximize: bool,
) -> Result<Assignment, FlowError> {
    if rows.checked_mul(cols) != Some(cost.len()) {
        return Err(FlowError::invalid(
            "cost",
            format!("{} entries for a {rows} x {cols} matrix", cost.len()),
        ));
    }
    if rows == 0 || cols == 0 {
        return Ok(Assignment::default());
    }
    if rows.max(cols) >= NONE as usize {
        return Err(FlowError::invalid("cost", "matrix dimension exceeds u32"));
    }
    // Work on a matrix with no more rows than columns, negated when maximizing.
    let transpose = cols < rows;
    let sign = if maximize { -1.0 } else { 1.0 };
    let owned: Option<Vec<f64>> = if transpose {
        let mut t = vec![0.0; cost.len()];
        for (i, row) in cost.chunks_exact(cols).enumerate() {
            for (j, &c) in row.iter().enumerate() {
                t[j * rows + i] = sign * c;
            }
        }
        Some(t)
    } else if maximize {
        Some(cost.iter().map(|&c| -c).collect())
    } else {
        None
    };
    let matrix = owned.as_deref().unwrap_or(cost);
    let (nr, nc) = if transpose {
        (cols, rows)
    } else {
        (rows, cols)
    };
    if matrix.iter().any(|&c| c.is_nan() || c == f64::NEG_INFINITY) {
        return Err(FlowError::invalid(
            "cost",
            "matrix contains invalid numeric entries",
        ));
    }

    let col4row = match solve(matrix, nr, nc) {
        Ok(c) => c,
        Err(row) => {
            return Err(FlowError::Infeasible {
                unmet: vec![UnmetNode {
                    node: row,
                    supply: 1,
                    shortfall: 1,
                }],
            });
        }
    };
    if transpose {
        // Worked rows are original columns; report sorted by original row.
        let mut pairs: Vec<(usize, usize)> = col4row
            .iter()
            .enumerate()
            .map(|(c, &r)| (r as usize, c))
            .collect();
        pairs.sort_unstable();
        Ok(Assignment {
            row_ind: pairs.iter().map(|p| p.0).collect(),
            col_ind: pairs.iter().map(|p| p.1).collect(),
        })
    } else {
        Ok(Assignment {
            row_ind: (0..nr).collect(),
            col_ind: col4row.iter().map(|&c| c as usize).collect(),
        })
    }
}

/// The least distance among unscanned columns (scanned ones hold `-inf` and count as
/// `+inf`), or `+inf`.
fn least_unscanned(dist: &[f64]) -> f64 {
    // Four running minima in select form: the compiler turns this into packed minimum
    // instructions, and the four chains do not wait on each other.
    let key = |d: f64| {
        if d > f64::NEG_INFINITY {
            d
        } else {
            f64::INFINITY
        }
    };
    let mut low = [f64::INFINITY; 4];
    let mut chunks = dist.chunks_exact(4);
    for c in &mut chunks {
        for k in 0..4 {
            let x = key(c[k]);
            low[k] = if x < low[k] { x } else { low[k] };
        }
    }
    for &d in chunks.remainder() {
        let x = key(d);
        low[0] = if x < low[0] { x } else { low[0] };
    }
    low.iter()
        .fold(f64::INFINITY, |a, &b| if b < a { b } else { a })
}

/// The first index at or after `from` where `dist` equals `value`.
fn find_from(dist: &[f64], value: f64, from: usize) -> Option<usize> {
    const BLOCK: usize = 16;
    let mut start = from;
    while start < dist.len() {
        let end = (start + BLOCK).min(dist.len());
        let block = &dist[start..end];
        // Whole-block test without early exit, so that it compiles to packed compares.
        if block.iter().fold(false, |hit, &d| hit | (d == value)) {
            return block.iter().position(|&d| d == value).map(|k| start + k);
        }
        start = end;
    }
    None
}

/// The core on an `nr × nc` matrix with `nr <= nc`; returns each row's column, or the row that
/// could not be assigned.
///
/// The reference implementation scans the unscanned columns in the order of a list that starts
/// reversed and loses entries by swap-remove. Here the columns are scanned in index order, in
/// two simple passes that the compiler can keep branch-free (update the distances and find
/// the least; then find which column holds it), and ties are resolved with each column's
/// place in that list, exactly as the reference scan resolves them.
fn solve(cost: &[f64], nr: usize, nc: usize) -> Result<Vec<u32>, usize> {
    let mut u = vec![0.0f64; nr];
    let mut v = vec![0.0f64; nc];
    // Distance of the shortest alternating path to each column; `-inf` once the column is
    // scanned, so that no later row can improve it (its final distance is in `final_dist`).
    let mut dist = vec![f64::INFINITY; nc];
    let mut final_dist = vec![0.0f64; nc];
    let mut path = vec![NONE; nc];
    let mut row4col = vec![NONE; nc];
    let mut col4row = vec![NONE; nr];
    let mut scanned: Vec<u32> = Vec::with_capacity(nc);
    let mut seen_rows: Vec<u32> = Vec::with_capacity(nr);
    // The reference scan order: `remaining[..num_remaining]`, and each column's place in it.
    let mut remaining = vec![0u32; nc];
    let mut position = vec![0u32; nc];

    for cur_row in 0..nr {
        for (it, slot) in remaining.iter_mut().enumerate() {
            let j = (nc - it - 1) as u32;
            *slot = j;
            position[j as usize] = it as u32;
        }
        let mut num_remaining = nc;
        dist.fill(f64::INFINITY);
        scanned.clear();
        seen_rows.clear();

        let mut min_val = 0.0f64;
        let mut i = cur_row;
        let sink = loop {
            seen_rows.push(i as u32);
            let row = &cost[i * nc..(i + 1) * nc];
            let ui = u[i];
            let row_id = i as u32;
            // Pass 1: relax every unscanned column from row i, and find the least distance.
            // Same operations in the same order as the reference, so rounding is identical.
            // Written as plain element-wise selects so that the compiler vectorizes them.
            for (((d, p), &c), &vj) in dist.iter_mut().zip(path.iter_mut()).zip(row).zip(&v) {
                let r = min_val + c - ui - vj;
                let old = *d;
                // `min` rather than a select: a select would be compiled into a conditional
                // (branching) store. The two differ at most in the sign of a zero, which no
                // comparison or later sum can tell apart. A scanned column (-inf) never
                // changes.
                *d = r.min(old);
                *p = if r < old { row_id } else { *p };
            }
            let lowest = least_unscanned(&dist);
            min_val = lowest;
            if min_val == f64::INFINITY {
                return Err(cur_row);
            }
            // Which column. The reference keeps the first column of least distance in its scan
            // order, except that a later unassigned one replaces it; so the last unassigned one
            // in scan order wins, or else the first one. Only ties need that rule.
            let Some(mut best) = find_from(&dist, lowest, 0) else {
                return Err(cur_row); // unreachable: `lowest` is some column's distance
            };
            let mut best_free = row4col[best] == NONE;
            let mut next = best + 1;
            while let Some(j) = find_from(&dist, lowest, next) {
                let free = row4col[j] == NONE;
                let later = position[j] > position[best];
                let better = match (free, best_free) {
                    (true, true) => later,
                    (true, false) => true,
                    (false, true) => false,
                    (false, false) => !later,
                };
                if better {
                    best = j;
                    best_free = free;
                }
                next = j + 1;
            }
            let j = best;
            final_dist[j] = lowest;
            dist[j] = f64::NEG_INFINITY;
            scanned.push(j as u32);
            num_remaining -= 1;
            let index = position[j] as usize;
            let moved = remaining[num_remaining];
            remaining[index] = moved;
            position[moved as usize] = index as u32;
            if row4col[j] == NONE {
                break j;
            }
            i = row4col[j] as usize;
        };

        // Update the duals.
        u[cur_row] += min_val;
        for &r in &seen_rows {
            let r = r as usize;
            if r != cur_row {
                u[r] += min_val - final_dist[col4row[r] as usize];
            }
        }
        for &j in &scanned {
            let j = j as usize;
            v[j] -= min_val - final_dist[j];
        }
        // Augment along the path back to `cur_row`.
        let mut j = sink as u32;
        loop {
            let i = path[j as usize] as usize;
            row4col[j as usize] = i as u32;
            std::mem::swap(&mut col4row[i], &mut j);
            if i == cur_row {
                break;
            }
        }
    }
    Ok(col4row)
}
