//! The Jonker–Volgenant method for dense linear assignment (Jonker and Volgenant, 1987), in
//! the form that works on rectangular matrices with no more rows than columns.
//!
//! * **Initialisation** (only when every entry is finite): on a square matrix, *column
//!   reduction* (each column's price is its least entry, and goes to that entry's row if the
//!   row has no column yet) and *reduction transfer* (a row holding one column lowers that
//!   column's price by the gap to the row's next best, so that the row's own dual is as
//!   large as it can be); on a wide matrix, a *row reduction* (each row takes its cheapest
//!   column if free, prices stay 0, which the rectangular duals need). Then two rounds of
//!   *augmenting row reduction*: a free row takes its cheapest column, lowering that column's
//!   price to the row's second best, and the row it displaces continues at once. Most rows
//!   are placed here, at the cost of a few passes over their rows.
//! * **Augmentation**: each row still free is placed by a shortest augmenting path search
//!   over the columns with reduced costs (Dijkstra with prices), in which all the columns at
//!   the current least distance are taken together, and the search stops at the first free
//!   column at that distance. Only the columns not yet reached are relaxed, through a column
//!   list that keeps them in one contiguous run.
//!
//! Rows are contiguous slices of the row-major matrix, so each relaxation reads one row from
//! memory once. The arithmetic type is chosen by the caller: `f64`, or `i32`/`i64`/`i128` after
//! a bound check (see `assignment.rs`), so that integer costs are solved exactly.

use std::ops::{Add, Sub};

/// No row / no column.
pub(super) const NONE: u32 = u32::MAX;

/// The arithmetic of one solve. `INF` is larger than every value that occurs, and is only
/// compared, never added to, except for `f64`, where `inf` marks a forbidden entry and IEEE
/// arithmetic keeps it infinite.
pub(super) trait Num: Copy + PartialOrd + Add<Output = Self> + Sub<Output = Self> {
    const ZERO: Self;
    const INF: Self;
}

impl Num for f64 {
    const ZERO: Self = 0.0;
    const INF: Self = f64::INFINITY;
}

impl Num for i32 {
    const ZERO: Self = 0;
    const INF: Self = i32::MAX;
}

impl Num for i64 {
    const ZERO: Self = 0;
    const INF: Self = i64::MAX;
}

impl Num for i128 {
    const ZERO: Self = 0;
    const INF: Self = i128::MAX;
}

/// An optimal assignment with its column prices: every row is assigned; `v[j] <= 0` for the
/// columns of a wide matrix that stay free (those keep `v[j] == 0`), and the reduced costs
/// `cost[i][j] - u[i] - v[j]`, with `u[i] = cost[i][col4row[i]] - v[col4row[i]]`, are
/// non-negative (up to rounding for `f64`).
pub(super) struct Solved<T> {
    pub col4row: Vec<u32>,
    pub row4col: Vec<u32>,
    pub v: Vec<T>,
}

/// The least of `row[j] - v[j]` over `j` in `range`, in four independent running minima so
/// that the loop vectorizes.
fn least_reduced<T: Num>(row: &[T], v: &[T]) -> T {
    let mut low = [T::INF; 4];
    let mut rows = row.chunks_exact(4);
    let mut vs = v.chunks_exact(4);
    for (r, w) in (&mut rows).zip(&mut vs) {
        for k in 0..4 {
            let h = r[k] - w[k];
            low[k] = if h < low[k] { h } else { low[k] };
        }
    }
    for (&r, &w) in rows.remainder().iter().zip(vs.remainder()) {
        let h = r - w;
        low[0] = if h < low[0] { h } else { low[0] };
    }
    low.into_iter()
        .fold(T::INF, |a, b| if b < a { b } else { a })
}

/// Solves the `nr × nc` problem (`nr <= nc`, row-major `cost`). `init`: every entry is finite,
/// so the initialisation may run. Returns the assignment, or `Err(row)` naming a row that no
/// complete assignment can place (only possible with `INF` entries).
pub(super) fn solve<T: Num>(
    cost: &[T],
    nr: usize,
    nc: usize,
    init: bool,
) -> Result<Solved<T>, usize> {
    debug_assert!(nr <= nc && cost.len() == nr * nc);
    let mut s = Solved {
        col4row: vec![NONE; nr],
        row4col: vec![NONE; nc],
        v: vec![T::ZERO; nc],
    };
    if nr == 0 {
        return Ok(s);
    }
    let mut free: Vec<u32> = if init && nc >= 2 {
        let free = if nr == nc {
            column_reduction(cost, nc, &mut s)
        } else {
            row_reduction(cost, nr, nc, &mut s)
        };
        // Two rounds, as in the original: the second one places most of the rows the first
        // displaced; more rounds rarely pay for their passes over the rows.
        let free = augmenting_row_reduction(cost, nc, &mut s, free);
        augmenting_row_reduction(cost, nc, &mut s, free)
    } else {
        (0..nr as u32).collect()
    };
    free.sort_unstable();
    let mut work = Work::new(nc);
    for &f in &free {
        augment(cost, nc, &mut s, &mut work, f as usize)?;
    }
    Ok(s)
}

/// Square matrices: each column's price is its least entry; the column goes to that entry's
/// row unless the row already has a column of lower price. Then each row holding exactly one
/// column transfers its reduction. Returns the rows left free.
fn column_reduction<T: Num>(cost: &[T], n: usize, s: &mut Solved<T>) -> Vec<u32> {
    let v = &mut s.v;
    v.copy_from_slice(&cost[..n]);
    let mut arg = vec![0u32; n];
    // Row by row, so that the matrix is read in memory order; the selects vectorize.
    for (i, row) in cost.chunks_exact(n).enumerate().skip(1) {
        for ((vj, aj), &c) in v.iter_mut().zip(arg.iter_mut()).zip(row) {
            let less = c < *vj;
            *vj = if less { c } else { *vj };
            *aj = if less { i as u32 } else { *aj };
        }
    }
    let mut matches = vec![0u32; n];
    for j in (0..n).rev() {
        let i = arg[j] as usize;
        matches[i] += 1;
        if matches[i] == 1 {
            s.col4row[i] = j as u32;
            s.row4col[j] = i as u32;
        } else {
            let j1 = s.col4row[i] as usize;
            if v[j] < v[j1] {
                s.col4row[i] = j as u32;
                s.row4col[j] = i as u32;
                s.row4col[j1] = NONE;
            }
        }
    }
    let mut free = Vec::new();
    for (i, row) in cost.chunks_exact(n).enumerate() {
        match matches[i] {
            0 => free.push(i as u32),
            1 => {
                // Reduction transfer: the row's best alternative, `row[j] - v[j]` over the
                // other columns, becomes its dual; its column's price drops by as much.
                let j1 = s.col4row[i] as usize;
                let low = least_reduced(&row[..j1], &v[..j1]);
                let high = least_reduced(&row[j1 + 1..], &v[j1 + 1..]);
                let min = if high < low { high } else { low };
                if min < T::INF {
                    v[j1] = v[j1] - min;
                }
            }
            _ => {}
        }
    }
    free
}

/// Wide matrices: each row takes its cheapest column if nobody has it yet; prices stay 0.
fn row_reduction<T: Num>(cost: &[T], nr: usize, nc: usize, s: &mut Solved<T>) -> Vec<u32> {
    let mut free = Vec::new();
    for (i, row) in cost.chunks_exact(nc).enumerate().take(nr) {
        let (mut best, mut at) = (row[0], 0);
        for (j, &c) in row.iter().enumerate().skip(1) {
            if c < best {
                best = c;
                at = j;
            }
        }
        if s.row4col[at] == NONE {
            s.row4col[at] = i as u32;
            s.col4row[i] = at as u32;
        } else {
            free.push(i as u32);
        }
    }
    free
}

/// One round of augmenting row reduction over the rows in `free`; returns the rows still free.
/// Each step lowers one column's price by a positive amount, so the chains end; a budget
/// bounds the work all the same (tiny float decrements could make a chain long), and rows
/// left over go to the augmentation.
fn augmenting_row_reduction<T: Num>(
    cost: &[T],
    nc: usize,
    s: &mut Solved<T>,
    mut free: Vec<u32>,
) -> Vec<u32> {
    let mut still = Vec::new();
    let mut budget = 4 * free.len() + 16;
    let mut k = 0;
    while k < free.len() {
        let i = free[k] as usize;
        k += 1;
        let row = &cost[i * nc..(i + 1) * nc];
        let v = &s.v;
        // Least and second least reduced cost in the row, and where.
        let (mut umin, mut j1) = (row[0] - v[0], 0usize);
        let (mut usub, mut j2) = (T::INF, NONE as usize);
        for j in 1..nc {
            let h = row[j] - v[j];
            if h < usub {
                if h >= umin {
                    usub = h;
                    j2 = j;
                } else {
                    usub = umin;
                    umin = h;
                    j2 = j1;
                    j1 = j;
                }
            }
        }
        let mut i0 = s.row4col[j1];
        let lower = umin < usub;
        if lower {
            // Lower the best column's price so that the row is indifferent between its two
            // best columns: the row's dual rises to its second best.
            s.v[j1] = s.v[j1] - (usub - umin);
        } else if i0 != NONE && j2 != NONE as usize {
            // A tie: take the second column instead, which may be free.
            j1 = j2;
            i0 = s.row4col[j2];
        }
        s.col4row[i] = j1 as u32;
        s.row4col[j1] = i as u32;
        if i0 != NONE {
            s.col4row[i0 as usize] = NONE;
            if lower && budget > 0 {
                // The displaced row goes on at once.
                budget -= 1;
                k -= 1;
                free[k] = i0;
            } else {
                still.push(i0);
            }
        }
    }
    still
}

/// Scratch arrays of the augmentation, reused from row to row. The distances and prices are
/// kept in the order of `collist`, so that a relaxation reads them as contiguous runs and
/// gathers only the row's entries: the relaxations are bound by memory traffic.
struct Work<T> {
    /// `d[k]`: distance of column `collist[k]` from the free row, in reduced costs.
    d: Vec<T>,
    /// `vk[k]`: the price of column `collist[k]` (constant during one search).
    vk: Vec<T>,
    /// The row from which each column was reached, by column.
    pred: Vec<u32>,
    /// The columns: `[0, low)` scanned, `[low, up)` at the current least distance and not
    /// scanned yet, `[up, nc)` not reached at that distance.
    collist: Vec<u32>,
}

impl<T: Num> Work<T> {
    fn new(nc: usize) -> Self {
        Work {
            d: vec![T::ZERO; nc],
            vk: vec![T::ZERO; nc],
            pred: vec![0; nc],
            collist: vec![0; nc],
        }
    }
}

/// Places free row `f` by a shortest augmenting path, and updates the prices of the columns
/// scanned on the way. `Err(f)` if no free column can be reached (forbidden entries only).
fn augment<T: Num>(
    cost: &[T],
    nc: usize,
    s: &mut Solved<T>,
    w: &mut Work<T>,
    f: usize,
) -> Result<(), usize> {
    let (d, vk, pred, collist) = (
        &mut w.d[..nc],
        &mut w.vk[..nc],
        &mut w.pred[..nc],
        &mut w.collist[..nc],
    );
    let row4col = &s.row4col[..nc];
    let row = &cost[f * nc..(f + 1) * nc];
    for (j, (((dj, vj), &c), &price)) in d
        .iter_mut()
        .zip(vk.iter_mut())
        .zip(row)
        .zip(&s.v)
        .enumerate()
    {
        *dj = c - price;
        *vj = price;
        collist[j] = j as u32;
    }
    pred.fill(f as u32);
    // Moves the entry at `k` to `at`, keeping the three arrays in step.
    let swap = |d: &mut [T], vk: &mut [T], collist: &mut [u32], k: usize, at: usize| {
        d.swap(k, at);
        vk.swap(k, at);
        collist.swap(k, at);
    };
    let (mut low, mut up) = (0usize, 0usize);
    let mut last = 0usize;
    let mut min = T::ZERO;
    let end: usize = 'search: loop {
        if up == low {
            // The columns at the next least distance move to the front of the unreached run.
            last = low;
            if up == nc {
                return Err(f);
            }
            min = d[up];
            up += 1;
            let from = up;
            for k in from..nc {
                let h = d[k];
                if h <= min {
                    if h < min {
                        up = low;
                        min = h;
                    }
                    swap(d, vk, collist, k, up);
                    up += 1;
                }
            }
            if min >= T::INF {
                return Err(f);
            }
            for &j in &collist[low..up] {
                if row4col[j as usize] == NONE {
                    break 'search j as usize;
                }
            }
        }
        // Scan one column at the least distance: relax the unreached columns from its row.
        let j1 = collist[low] as usize;
        let i = row4col[j1] as usize;
        let ri = &cost[i * nc..(i + 1) * nc];
        let u1 = ri[j1] - vk[low] - min;
        low += 1;
        let from = up;
        for k in from..nc {
            let j = collist[k] as usize;
            let h = ri[j] - vk[k] - u1;
            if h < d[k] {
                d[k] = h;
                pred[j] = i as u32;
                if h == min {
                    if row4col[j] == NONE {
                        break 'search j;
                    }
                    swap(d, vk, collist, k, up);
                    up += 1;
                }
            }
        }
    };
    // Prices of the scanned columns: each drops by how much closer than the path it was.
    for ((&j, &price), &dist) in collist[..last].iter().zip(&vk[..last]).zip(&d[..last]) {
        s.v[j as usize] = price + dist - min;
    }
    // Flip the path.
    let mut j = end as u32;
    loop {
        let i = pred[j as usize];
        s.row4col[j as usize] = i;
        std::mem::swap(&mut s.col4row[i as usize], &mut j);
        if i as usize == f {
            break;
        }
    }
    Ok(())
}

/// Whether the assignment in `s` is the only optimal one, judged from its duals: `tol` is how
/// far from 0 a reduced cost may be and still count as 0 (0 for exact arithmetic). Returns
/// false when in doubt: when some reduced cost is below `-tol` (the duals do not prove
/// optimality), when the tight entries hold an alternating cycle (another assignment of the
/// same cost), or, on a wide matrix, an alternating path from a column of price 0 to a free
/// column (a column may be swapped for a free one at no cost).
pub(super) fn is_unique<T: Num>(cost: &[T], nr: usize, nc: usize, s: &Solved<T>, tol: T) -> bool {
    let neg_tol = T::ZERO - tol;
    // Tight entries off the assignment, by row (a compact adjacency list over rows).
    let mut start = Vec::with_capacity(nr + 1);
    let mut next: Vec<u32> = Vec::new();
    // Rows with a tight entry in a free column.
    let mut to_free = vec![false; nr];
    start.push(0u32);
    for (i, row) in cost.chunks_exact(nc).enumerate().take(nr) {
        let own = s.col4row[i] as usize;
        let u = row[own] - s.v[own];
        for (j, (&c, &vj)) in row.iter().zip(&s.v).enumerate() {
            let r = c - u - vj;
            if r <= tol {
                if r < neg_tol {
                    return false;
                }
                if j == own {
                    continue;
                }
                match s.row4col[j] {
                    NONE => to_free[i] = true,
                    k => next.push(k),
                }
            }
        }
        start.push(next.len() as u32);
    }
    // Depth-first search over the rows: a back edge is a cycle; on a wide matrix, a row that
    // reaches a free column from a start of price 0 is an alternative too.
    let wide = nr < nc;
    let zero_price = |i: usize| {
        let p = s.v[s.col4row[i] as usize];
        p >= neg_tol && p <= tol
    };
    // 0: unvisited, 1: on the stack, 2: done. `reach`: reachable from a zero-price row.
    let mut color = vec![0u8; nr];
    let mut reach = vec![false; nr];
    let mut stack: Vec<(u32, u32)> = Vec::new();
    for root in 0..nr {
        if color[root] != 0 {
            continue;
        }
        color[root] = 1;
        reach[root] = wide && zero_price(root);
        stack.push((root as u32, start[root]));
        while let Some(&mut (i, ref mut at)) = stack.last_mut() {
            let i = i as usize;
            if reach[i] && to_free[i] {
                return false;
            }
            if *at < start[i + 1] {
                let k = next[*at as usize] as usize;
                *at += 1;
                match color[k] {
                    1 => return false,
                    0 => {
                        color[k] = 1;
                        reach[k] = reach[i] || (wide && zero_price(k));
                        stack.push((k as u32, start[k]));
                    }
                    _ => {
                        // Already done: its whole reach was explored, but perhaps not from a
                        // zero-price start; look again only if this path brings that.
                        if reach[i] && !reach[k] {
                            reach[k] = true;
                            color[k] = 1;
                            stack.push((k as u32, start[k]));
                        }
                    }
                }
            } else {
                color[i] = 2;
                stack.pop();
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(cost: &[i64], nr: usize, nc: usize) -> (i64, usize) {
        // Best total and how many assignments reach it.
        fn go(
            cost: &[i64],
            nr: usize,
            nc: usize,
            r: usize,
            used: &mut Vec<bool>,
            sum: i64,
            best: &mut (i64, usize),
        ) {
            if r == nr {
                if sum < best.0 {
                    *best = (sum, 1);
                } else if sum == best.0 {
                    best.1 += 1;
                }
                return;
            }
            for c in 0..nc {
                if !used[c] {
                    used[c] = true;
                    go(cost, nr, nc, r + 1, used, sum + cost[r * nc + c], best);
                    used[c] = false;
                }
            }
        }
        let mut best = (i64::MAX, 0);
        go(cost, nr, nc, 0, &mut vec![false; nc], 0, &mut best);
        best
    }

    #[test]
    fn optimal_and_uniqueness_against_brute_force() {
        let mut state = 0x1234_5678_9abc_def1u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..3000 {
            let nr = 1 + (next() % 5) as usize;
            let nc = nr + (next() % 3) as usize;
            let range = [3, 10, 1000][case % 3];
            let cost: Vec<i64> = (0..nr * nc).map(|_| (next() % range) as i64 - 2).collect();
            let s = solve(&cost, nr, nc, case % 2 == 0).unwrap();
            let total: i64 = (0..nr).map(|i| cost[i * nc + s.col4row[i] as usize]).sum();
            let (best, count) = brute(&cost, nr, nc);
            assert_eq!(total, best, "case {case}: {cost:?} {nr}x{nc}");
            for (i, &j) in s.col4row.iter().enumerate() {
                assert_eq!(s.row4col[j as usize], i as u32);
            }
            assert_eq!(
                is_unique(&cost, nr, nc, &s, 0),
                count == 1,
                "case {case}: {cost:?} {nr}x{nc}"
            );
        }
    }
}
