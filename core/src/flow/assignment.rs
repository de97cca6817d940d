//! Linear sum assignment: the rectangular assignment problem, solved exactly.
//!
//! Given an `n × m` cost matrix, choose `min(n, m)` entries, no two in the same row or column,
//! of least (or, with `maximize`, greatest) total. Two front ends:
//!
//! * [`linear_assignment`]: the fast one, on `f64` or `i64` costs, by the Jonker–Volgenant
//!   method with its initialisation (see `lapjv.rs`). Integer costs are solved in exact
//!   integer arithmetic (64 bits when a bound on every intermediate value allows it, 128
//!   otherwise). When several assignments are optimal it returns one of them.
//! * [`linear_sum_assignment`]: the drop-in for `scipy.optimize.linear_sum_assignment`, with
//!   scipy's result, ties included. It solves by Jonker–Volgenant first and checks from the
//!   duals whether the optimum is unique (no alternating cycle of tight entries); a unique
//!   optimum is the one scipy returns. Otherwise (ties, or float rounding too close to call)
//!   it runs the shortest augmenting path method of Crouse (2016) with scipy's own scan
//!   order and floating-point operations, which gives scipy's very pairs: `O(n² m)` time in
//!   the worst case.
//!
//! `+inf` entries are forbidden pairs; `NaN` and `-inf` (or `+inf` when maximizing) make the
//! matrix invalid.

use super::error::{FlowError, UnmetNode};
use super::lapjv;

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

/// Checks that `len` entries make a `rows` x `cols` matrix whose positions fit the solvers'
/// `u32` indices; `Ok(false)` for an empty matrix, whose assignment is empty.
fn matrix_shape(len: usize, rows: usize, cols: usize) -> Result<bool, FlowError> {
    if rows.checked_mul(cols) != Some(len) {
        return Err(FlowError::invalid(
            "cost",
            format!("{len} entries for a {rows} x {cols} matrix"),
        ));
    }
    if rows == 0 || cols == 0 {
        return Ok(false);
    }
    if rows.max(cols) >= NONE as usize {
        return Err(FlowError::invalid("cost", "matrix dimension exceeds u32"));
    }
    Ok(true)
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
    if !matrix_shape(cost.len(), rows, cols)? {
        return Ok(Assignment::default());
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
    let Some(shape) = FloatShape::of(matrix) else {
        return Err(FlowError::invalid(
            "cost",
            "matrix contains invalid numeric entries",
        ));
    };

    // A unique optimum is scipy's answer; only ties need scipy's own path to it.
    let fast = lapjv::solve(matrix, nr, nc, shape.finite)
        .ok()
        .filter(|s| lapjv::is_unique(matrix, nr, nc, s, shape.tolerance(nr)));
    let solved = match fast {
        Some(s) => Ok(s.col4row),
        None => solve(matrix, nr, nc),
    };
    let col4row = match solved {
        Ok(c) => c,
        Err(row) => return Err(infeasible(row)),
    };
    Ok(pack(col4row, transpose))
}

/// What one pass over a float matrix tells: whether every entry is finite, the largest finite
/// magnitude, and whether every finite entry is a whole number.
struct FloatShape {
    finite: bool,
    integral: bool,
    max_abs: f64,
}

impl FloatShape {
    /// `None` if some entry is `NaN` or `-inf` (invalid once the matrix is in minimizing form).
    fn of(matrix: &[f64]) -> Option<Self> {
        let mut shape = FloatShape {
            finite: true,
            integral: true,
            max_abs: 0.0,
        };
        for &c in matrix {
            if c.is_nan() || c == f64::NEG_INFINITY {
                return None;
            }
            if c == f64::INFINITY {
                shape.finite = false;
            } else {
                shape.integral &= c.fract() == 0.0;
                shape.max_abs = shape.max_abs.max(c.abs());
            }
        }
        Some(shape)
    }

    /// How far from 0 a reduced cost may be and still be called 0 when judging uniqueness.
    /// Whole numbers whose sums along any augmentation stay below 2^53 are added and
    /// subtracted exactly, so the test is exact; otherwise reduced costs within
    /// `2^-30 · max |c|` of 0 count as 0, far above the rounding of either method, so that a
    /// near tie is treated as a tie and left to the scipy-order method.
    fn tolerance(&self, nr: usize) -> f64 {
        // Every value the method computes is below 64·(rows + 2)·(rows + 1)·2·max|c| (see
        // `int_bound`).
        let mut bound = 128.0 * (nr as f64 + 2.0) * (nr as f64 + 1.0) * (self.max_abs + 1.0);
        if !self.finite {
            // Without the initialisation an augmenting path may cross every row.
            bound *= nr as f64 + 1.0;
        }
        if self.integral && bound < 9_007_199_254_740_992.0 {
            0.0
        } else {
            self.max_abs * (1.0 / 1_073_741_824.0)
        }
    }
}

/// The costs [`linear_assignment`] takes: `f64` and `i64`.
///
/// A forbidden pair is `f64::INFINITY` or `i64::MAX` when minimizing, `f64::NEG_INFINITY` or
/// `i64::MIN` when maximizing; `NaN` and the infinity of the other sign are invalid.
///
/// ```
/// use quanyu::flow::linear_assignment;
/// let ints = linear_assignment(&[5i64, 1, i64::MAX, 2], 2, 2, false).unwrap();
/// let floats = linear_assignment(&[5.0, 1.0, f64::INFINITY, 2.0], 2, 2, false).unwrap();
/// assert_eq!(ints, floats);
/// ```
pub trait AssignmentCost: Copy + sealed::Solve {}

impl AssignmentCost for f64 {}
impl AssignmentCost for i64 {}

mod sealed {
    use super::FlowError;

    /// The solve behind [`super::linear_assignment`], per cost type: returns each worked
    /// row's column for a matrix with no more rows than columns (transposed if need be).
    pub trait Solve: Sized {
        fn solve_worked(
            cost: &[Self],
            rows: usize,
            cols: usize,
            maximize: bool,
        ) -> Result<Vec<u32>, FlowError>;
    }
}

/// The worked matrix: transposed when there are more rows than columns, with each entry
/// mapped by `f`.
fn worked<C: Copy, T: Copy + Default>(
    cost: &[C],
    rows: usize,
    cols: usize,
    f: impl Fn(C) -> T,
) -> Vec<T> {
    if cols < rows {
        let mut t = vec![T::default(); cost.len()];
        for (i, row) in cost.chunks_exact(cols).enumerate() {
            for (j, &c) in row.iter().enumerate() {
                t[j * rows + i] = f(c);
            }
        }
        t
    } else {
        cost.iter().map(|&c| f(c)).collect()
    }
}

fn infeasible(row: usize) -> FlowError {
    FlowError::Infeasible {
        unmet: vec![UnmetNode {
            node: row,
            supply: 1,
            shortfall: 1,
        }],
    }
}

fn invalid_entries() -> FlowError {
    FlowError::invalid("cost", "matrix contains invalid numeric entries")
}

impl sealed::Solve for f64 {
    fn solve_worked(
        cost: &[f64],
        rows: usize,
        cols: usize,
        maximize: bool,
    ) -> Result<Vec<u32>, FlowError> {
        let (nr, nc) = (rows.min(cols), rows.max(cols));
        let owned;
        let matrix: &[f64] = if maximize || cols < rows {
            let sign = if maximize { -1.0 } else { 1.0 };
            owned = worked(cost, rows, cols, |c: f64| sign * c);
            &owned
        } else {
            cost
        };
        let shape = FloatShape::of(matrix).ok_or_else(invalid_entries)?;
        lapjv::solve(matrix, nr, nc, shape.finite)
            .map(|s| s.col4row)
            .map_err(infeasible)
    }
}

/// A bound on every value the Jonker–Volgenant method computes on a `nr`-row matrix whose
/// entries lie in `[0, top]`: prices start in `[0, top]` and each augmentation or augmenting
/// row reduction step lowers a price by at most `2·top` (the path to a free column costs at
/// most `top` more than the row's best entry); there are at most `nr` augmentations and
/// `9·nr + 32` reduction steps, and a distance is a difference of a few such values.
fn int_bound(nr: usize, top: i128) -> Option<i128> {
    (top + 1)
        .checked_mul(nr as i128 + 2)
        .and_then(|x| x.checked_mul(64))
        .and_then(|x| x.checked_mul(nr as i128 + 1))
}

/// The largest entry of a worked matrix (entries in `[0, top]`) solved in 32-bit arithmetic.
///
/// Every value the method computes then stays within `±5·top`, whatever the size of the
/// matrix. The prices start in `[0, top]` (column minima, or 0) and only ever decrease. Every
/// step keeps the reduced costs of the assigned rows non-negative, so the price of an
/// assigned column `j` of row `i` is at least `v[k] + c[i][j] - c[i][k] >= v[k] - top` for
/// every column `k`; and a free column keeps its initial price `>= 0` until it is taken,
/// while some column is free until the last augmentation. So every price stays in
/// `[-top, top]`, a row's reduced entries `c - v` in `[-top, 2·top]`, and the distances, the
/// row duals of the augmentation and the price changes are sums of at most three such terms,
/// within `±5·top` (intermediate results included). `5·(2^28 - 1) < 2^31`.
const SMALL_TOP: i64 = (1 << 28) - 1;

/// `cost` in 32 bits if every entry is in `[0, SMALL_TOP]`; `None` as soon as a block holds
/// one that is not, so that a matrix out of that range costs little more than its first block.
fn small_copy(cost: &[i64]) -> Option<Vec<i32>> {
    let mut out = Vec::with_capacity(cost.len());
    for block in cost.chunks(4096) {
        // Whole-block test without early exit, so that it compiles to packed compares.
        let fits = block
            .iter()
            .fold(true, |fits, &c| fits & (0..=SMALL_TOP).contains(&c));
        if !fits {
            return None;
        }
        out.extend(block.iter().map(|&c| c as i32));
    }
    Some(out)
}

impl sealed::Solve for i64 {
    fn solve_worked(
        cost: &[i64],
        rows: usize,
        cols: usize,
        maximize: bool,
    ) -> Result<Vec<u32>, FlowError> {
        let (nr, nc) = (rows.min(cols), rows.max(cols));
        if !maximize && cols >= rows {
            // The common case, small non-negative costs already in worked form: one pass
            // both checks the range and makes the 32-bit copy.
            if let Some(matrix) = small_copy(cost) {
                return lapjv::solve(&matrix, nr, nc, true)
                    .map(|s| s.col4row)
                    .map_err(infeasible);
            }
        }
        let forbidden = if maximize { i64::MIN } else { i64::MAX };
        // The least and greatest allowed entry, in one branch-free pass (which the compiler
        // vectorizes); only a matrix with forbidden pairs needs a second pass without them.
        let (mut least, mut most) = (i64::MAX, i64::MIN);
        for &c in cost {
            least = least.min(c);
            most = most.max(c);
        }
        let any_forbidden = if maximize {
            least == forbidden
        } else {
            most == forbidden
        };
        if any_forbidden {
            (least, most) = (i64::MAX, i64::MIN);
            for &c in cost.iter().filter(|&&c| c != forbidden) {
                least = least.min(c);
                most = most.max(c);
            }
        }
        if least > most {
            // Every pair is forbidden.
            return Err(infeasible(0));
        }
        if !maximize && !any_forbidden && cols >= rows && least >= 0 && most > SMALL_TOP {
            // Already in the worked form with entries in `[0, most]`, too spread for 32 bits:
            // solve in place when 64 bits hold the arithmetic.
            if int_bound(nr, most.into()).is_some_and(|b| b < i128::from(i64::MAX)) {
                return lapjv::solve(cost, nr, nc, true)
                    .map(|s| s.col4row)
                    .map_err(infeasible);
            }
        }
        // Minimizing form `w`, shifted by its least allowed value to `[0, range]`.
        let w = |c: i64| if maximize { -i128::from(c) } else { c.into() };
        let (low, high) = if maximize {
            (w(most), w(least))
        } else {
            (w(least), w(most))
        };
        let range = high - low;
        // A forbidden pair costs more than any assignment of allowed pairs can differ by, so
        // an optimum uses one only when nothing else is possible.
        let big = range * nr as i128 + 1;
        let top = if any_forbidden { big } else { range };
        let bound = int_bound(nr, top).ok_or_else(|| {
            FlowError::overflow("the cost range times the matrix size exceeds the 128-bit range")
        })?;
        let entry = |c: i64| if c == forbidden { big } else { w(c) - low };
        let col4row = if top <= i128::from(SMALL_TOP) {
            // Half the memory traffic of 64 bits, which the relaxations are bound by.
            let matrix = worked(cost, rows, cols, |c| entry(c) as i32);
            lapjv::solve(&matrix, nr, nc, true)
                .map_err(infeasible)?
                .col4row
        } else if bound < i128::from(i64::MAX) {
            let matrix = worked(cost, rows, cols, |c| entry(c) as i64);
            lapjv::solve(&matrix, nr, nc, true)
                .map_err(infeasible)?
                .col4row
        } else {
            let matrix = worked(cost, rows, cols, entry);
            lapjv::solve(&matrix, nr, nc, true)
                .map_err(infeasible)?
                .col4row
        };
        if any_forbidden {
            for (i, &j) in col4row.iter().enumerate() {
                let (r, c) = if cols < rows {
                    (j as usize, i)
                } else {
                    (i, j as usize)
                };
                if cost[r * cols + c] == forbidden {
                    return Err(infeasible(i));
                }
            }
        }
        Ok(col4row)
    }
}

/// Solves the linear sum assignment problem on a row-major `rows × cols` matrix of `f64` or
/// `i64` costs, fast: the Jonker–Volgenant method with its initialisation. Assigns
/// `min(rows, cols)` pairs; returns them sorted by row. When several assignments are optimal,
/// any one of them may be returned (use [`linear_sum_assignment`] for scipy's choice).
///
/// Integer costs are solved exactly whatever their size. Forbidden pairs: see
/// [`AssignmentCost`].
///
/// # Errors
///
/// * [`FlowError::InvalidInput`] if `cost.len() != rows * cols`, or a float entry is `NaN`
///   or an infinity of the wrong sign;
/// * [`FlowError::Infeasible`] if the forbidden pairs leave no complete assignment;
/// * [`FlowError::Overflow`] only for integer matrices so large, with costs so spread, that
///   128 bits would not hold the arithmetic (beyond any matrix that fits in memory).
///
/// ```
/// use quanyu::flow::linear_assignment;
///
/// let cost: [i64; 6] = [
///     4, 1, 3,
///     1, 0, 5,
/// ];
/// // The optimum is unique here; with ties, any optimal assignment may come back.
/// let a = linear_assignment(&cost, 2, 3, false).unwrap();
/// assert_eq!((a.row_ind, a.col_ind), (vec![0, 1], vec![1, 0]));
/// let best = linear_assignment(&cost, 2, 3, true).unwrap();
/// assert_eq!(best.col_ind, vec![0, 2]);
/// ```
pub fn linear_assignment<C: AssignmentCost>(
    cost: &[C],
    rows: usize,
    cols: usize,
    maximize: bool,
) -> Result<Assignment, FlowError> {
    if !matrix_shape(cost.len(), rows, cols)? {
        return Ok(Assignment::default());
    }
    let col4row = C::solve_worked(cost, rows, cols, maximize)?;
    Ok(pack(col4row, cols < rows))
}

/// Each worked row's column as pairs sorted by the original row.
fn pack(col4row: Vec<u32>, transposed: bool) -> Assignment {
    if transposed {
        // Worked rows are original columns.
        let mut pairs: Vec<(usize, usize)> = col4row
            .iter()
            .enumerate()
            .map(|(c, &r)| (r as usize, c))
            .collect();
        pairs.sort_unstable();
        Assignment {
            row_ind: pairs.iter().map(|p| p.0).collect(),
            col_ind: pairs.iter().map(|p| p.1).collect(),
        }
    } else {
        Assignment {
            row_ind: (0..col4row.len()).collect(),
            col_ind: col4row.iter().map(|&c| c as usize).collect(),
        }
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
