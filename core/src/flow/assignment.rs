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

/// Per-column state, kept together so that one column costs one cache line at most.
#[derive(Clone, Copy)]
struct Column {
    /// Dual price.
    v: f64,
    /// Length of the shortest alternating path found so far to this column.
    dist: f64,
    /// The row from which that path enters the column.
    path: u32,
    /// The row assigned to this column, or `NONE`.
    row: u32,
}

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
    let (nr, nc) = if transpose { (cols, rows) } else { (rows, cols) };
    if matrix.iter().any(|&c| c.is_nan() || c == f64::NEG_INFINITY) {
        return Err(FlowError::invalid("cost", "matrix contains invalid numeric entries"));
    }

    let col4row = match solve(matrix, nr, nc) {
        Ok(c) => c,
        Err(row) => {
            return Err(FlowError::Infeasible {
                unmet: vec![UnmetNode { node: row, supply: 1, shortfall: 1 }],
            });
        }
    };
    if transpose {
        // Worked rows are original columns; report sorted by original row.
        let mut pairs: Vec<(usize, usize)> =
            col4row.iter().enumerate().map(|(c, &r)| (r as usize, c)).collect();
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

/// The core on an `nr × nc` matrix with `nr <= nc`; returns each row's column, or the row that
/// could not be assigned.
fn solve(cost: &[f64], nr: usize, nc: usize) -> Result<Vec<u32>, usize> {
    let mut u = vec![0.0f64; nr];
    let mut columns = vec![Column { v: 0.0, dist: f64::INFINITY, path: NONE, row: NONE }; nc];
    let mut col4row = vec![NONE; nr];
    let mut row_seen = vec![false; nr];
    let mut col_seen = vec![false; nc];
    let mut remaining = vec![0u32; nc];
    // Rows reached by the current search, so the dual update touches only them.
    let mut seen_rows: Vec<u32> = Vec::with_capacity(nr);

    for cur_row in 0..nr {
        // Dijkstra over the columns from `cur_row` until an unassigned column is reached.
        for (it, slot) in remaining.iter_mut().enumerate() {
            *slot = (nc - it - 1) as u32;
        }
        let mut num_remaining = nc;
        for c in columns.iter_mut() {
            c.dist = f64::INFINITY;
        }
        for &r in &seen_rows {
            row_seen[r as usize] = false;
        }
        seen_rows.clear();
        col_seen.fill(false);

        let mut min_val = 0.0f64;
        let mut i = cur_row;
        let sink = loop {
            row_seen[i] = true;
            seen_rows.push(i as u32);
            let row = &cost[i * nc..(i + 1) * nc];
            let ui = u[i];
            let mut lowest = f64::INFINITY;
            let mut index = usize::MAX;
            for (it, &j) in remaining[..num_remaining].iter().enumerate() {
                let col = &mut columns[j as usize];
                // Same operations in the same order as the reference implementation, so that
                // rounding, and hence tie-breaking, is identical.
                let r = min_val + row[j as usize] - ui - col.v;
                if r < col.dist {
                    col.path = i as u32;
                    col.dist = r;
                }
                let d = col.dist;
                if d < lowest || (d == lowest && col.row == NONE) {
                    lowest = d;
                    index = it;
                }
            }
            min_val = lowest;
            if min_val == f64::INFINITY {
                return Err(cur_row);
            }
            let j = remaining[index] as usize;
            col_seen[j] = true;
            num_remaining -= 1;
            remaining[index] = remaining[num_remaining];
            if columns[j].row == NONE {
                break j;
            }
            i = columns[j].row as usize;
        };

        // Update the duals.
        u[cur_row] += min_val;
        for &r in &seen_rows {
            let r = r as usize;
            if r != cur_row {
                u[r] += min_val - columns[col4row[r] as usize].dist;
            }
        }
        for (c, &seen) in columns.iter_mut().zip(&col_seen) {
            if seen {
                c.v -= min_val - c.dist;
            }
        }
        // Augment along the path back to `cur_row`.
        let mut j = sink as u32;
        loop {
            let i = columns[j as usize].path as usize;
            columns[j as usize].row = i as u32;
            std::mem::swap(&mut col4row[i], &mut j);
            if i == cur_row {
                break;
            }
        }
    }
    Ok(col4row)
}
