//! Linear sum assignment against brute force over all assignments, and against a plain
//! transcription of the reference (scipy) scan order, which must give the very same pairs
//! even when there are ties.

use proptest::prelude::*;
use quanyu::flow::{FlowError, linear_assignment, linear_sum_assignment};

/// The best total over every way to assign min(rows, cols) pairs, ignoring infinite entries;
/// `None` if no complete assignment avoids them.
fn brute_force(cost: &[f64], rows: usize, cols: usize, maximize: bool) -> Option<f64> {
    struct Search<'a> {
        cost: &'a [f64],
        rows: usize,
        cols: usize,
        maximize: bool,
        used: Vec<bool>,
        best: Option<f64>,
    }
    impl Search<'_> {
        fn go(&mut self, r: usize, left: usize, sum: f64) {
            if left == 0 {
                let better = match self.best {
                    None => true,
                    Some(b) => {
                        if self.maximize {
                            sum > b
                        } else {
                            sum < b
                        }
                    }
                };
                if better {
                    self.best = Some(sum);
                }
                return;
            }
            if r == self.rows || self.rows - r < left {
                return;
            }
            // Leave row r unassigned (only possible when rows > cols)...
            if self.rows - r > left {
                self.go(r + 1, left, sum);
            }
            // ...or give it a free column.
            for c in 0..self.cols {
                let x = self.cost[r * self.cols + c];
                if !self.used[c] && x.is_finite() {
                    self.used[c] = true;
                    self.go(r + 1, left - 1, sum + x);
                    self.used[c] = false;
                }
            }
        }
    }
    let mut s = Search {
        cost,
        rows,
        cols,
        maximize,
        used: vec![false; cols],
        best: None,
    };
    s.go(0, rows.min(cols), 0.0);
    s.best
}

/// A plain transcription of the shortest augmenting path method with the reference scan
/// order: columns kept in a list that starts reversed and loses entries by swap-remove.
fn reference(
    cost: &[f64],
    rows: usize,
    cols: usize,
    maximize: bool,
) -> Option<(Vec<usize>, Vec<usize>)> {
    if rows == 0 || cols == 0 {
        return Some((vec![], vec![]));
    }
    let transpose = cols < rows;
    let (nr, nc) = if transpose {
        (cols, rows)
    } else {
        (rows, cols)
    };
    let mut c = vec![0.0; rows * cols];
    for i in 0..rows {
        for j in 0..cols {
            let x = if maximize {
                -cost[i * cols + j]
            } else {
                cost[i * cols + j]
            };
            if transpose {
                c[j * rows + i] = x
            } else {
                c[i * cols + j] = x
            }
        }
    }
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; nr], vec![0.0; nc]);
    let mut spc = vec![inf; nc];
    let mut path = vec![usize::MAX; nc];
    let mut col4row = vec![usize::MAX; nr];
    let mut row4col = vec![usize::MAX; nc];
    for cur in 0..nr {
        let mut sr = vec![false; nr];
        let mut sc = vec![false; nc];
        let mut remaining: Vec<usize> = (0..nc).rev().collect();
        spc.fill(inf);
        let mut min_val = 0.0;
        let mut i = cur;
        let sink;
        loop {
            sr[i] = true;
            let mut index = usize::MAX;
            let mut lowest = inf;
            for (it, &j) in remaining.iter().enumerate() {
                let r = min_val + c[i * nc + j] - u[i] - v[j];
                if r < spc[j] {
                    path[j] = i;
                    spc[j] = r;
                }
                if spc[j] < lowest || (spc[j] == lowest && row4col[j] == usize::MAX) {
                    lowest = spc[j];
                    index = it;
                }
            }
            min_val = lowest;
            if min_val == inf {
                return None;
            }
            let j = remaining[index];
            sc[j] = true;
            remaining.swap_remove(index);
            if row4col[j] == usize::MAX {
                sink = j;
                break;
            }
            i = row4col[j];
        }
        u[cur] += min_val;
        for r in 0..nr {
            if sr[r] && r != cur {
                u[r] += min_val - spc[col4row[r]];
            }
        }
        for j in 0..nc {
            if sc[j] {
                v[j] -= min_val - spc[j];
            }
        }
        let mut j = sink;
        loop {
            let i = path[j];
            row4col[j] = i;
            std::mem::swap(&mut col4row[i], &mut j);
            if i == cur {
                break;
            }
        }
    }
    if transpose {
        let mut pairs: Vec<(usize, usize)> =
            col4row.iter().enumerate().map(|(c, &r)| (r, c)).collect();
        pairs.sort();
        Some(pairs.into_iter().unzip())
    } else {
        Some(((0..nr).collect(), col4row))
    }
}

fn total(cost: &[f64], cols: usize, rows_ind: &[usize], cols_ind: &[usize]) -> f64 {
    rows_ind
        .iter()
        .zip(cols_ind)
        .map(|(&r, &c)| cost[r * cols + c])
        .sum()
}

fn matrix(
    max_dim: usize,
    values: std::ops::Range<i32>,
    inf_share: u32,
) -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    (1..=max_dim, 1..=max_dim).prop_flat_map(move |(r, c)| {
        let cell = (values.clone(), 0..100u32).prop_map(move |(x, roll)| {
            if roll < inf_share {
                f64::INFINITY
            } else {
                x as f64
            }
        });
        (Just(r), Just(c), proptest::collection::vec(cell, r * c))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn optimal_against_brute_force((rows, cols, cost) in matrix(5, -20..40, 0), maximize: bool) {
        let a = linear_sum_assignment(&cost, rows, cols, maximize).unwrap();
        prop_assert_eq!(a.row_ind.len(), rows.min(cols));
        prop_assert!(a.row_ind.windows(2).all(|w| w[0] < w[1]), "rows sorted");
        let mut cols_used = a.col_ind.clone();
        cols_used.sort();
        cols_used.dedup();
        prop_assert_eq!(cols_used.len(), a.col_ind.len(), "columns distinct");
        let best = brute_force(&cost, rows, cols, maximize).unwrap();
        prop_assert_eq!(total(&cost, cols, &a.row_ind, &a.col_ind), best);
    }

    #[test]
    fn forbidden_entries_against_brute_force((rows, cols, cost) in matrix(5, 0..10, 30)) {
        match (linear_sum_assignment(&cost, rows, cols, false), brute_force(&cost, rows, cols, false)) {
            (Ok(a), Some(best)) => prop_assert_eq!(total(&cost, cols, &a.row_ind, &a.col_ind), best),
            (Err(FlowError::Infeasible { .. }), None) => {}
            (got, want) => prop_assert!(false, "got {:?}, brute force {:?}", got, want),
        }
    }

    #[test]
    fn same_pairs_as_the_reference_scan_even_with_ties(
        (rows, cols, cost) in matrix(9, 0..3, 5),
        maximize: bool,
    ) {
        let cost: Vec<f64> = if maximize {
            cost.iter().map(|&x| if x.is_infinite() { f64::NEG_INFINITY } else { x }).collect()
        } else {
            cost
        };
        let got = linear_sum_assignment(&cost, rows, cols, maximize).ok().map(|a| (a.row_ind, a.col_ind));
        prop_assert_eq!(got, reference(&cost, rows, cols, maximize));
    }

    #[test]
    fn same_pairs_as_the_reference_scan_on_floats((rows, cols, cost) in matrix(12, 0..1000, 0)) {
        let cost: Vec<f64> = cost.iter().map(|x| (x / 7.0).sin()).collect();
        let got = linear_sum_assignment(&cost, rows, cols, false).ok().map(|a| (a.row_ind, a.col_ind));
        prop_assert_eq!(got, reference(&cost, rows, cols, false));
    }
}

#[test]
fn larger_square_matrices_match_the_reference() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for n in [40, 75, 120] {
        let uniform: Vec<f64> = (0..n * n)
            .map(|_| (next() >> 11) as f64 / (1u64 << 53) as f64)
            .collect();
        let small_ints: Vec<f64> = (0..n * n).map(|_| (next() % 5) as f64).collect();
        for cost in [uniform, small_ints] {
            let got = linear_sum_assignment(&cost, n, n, false).unwrap();
            assert_eq!(
                Some((got.row_ind, got.col_ind)),
                reference(&cost, n, n, false)
            );
        }
    }
}

#[test]
fn invalid_entries_and_shapes_are_refused() {
    let invalid = |cost: &[f64], maximize| {
        matches!(
            linear_sum_assignment(cost, 1, cost.len(), maximize),
            Err(FlowError::InvalidInput { name: "cost", .. })
        )
    };
    assert!(invalid(&[1.0, f64::NAN], false));
    assert!(invalid(&[1.0, f64::NEG_INFINITY], false));
    assert!(invalid(&[1.0, f64::INFINITY], true));
    assert!(!invalid(&[1.0, f64::NEG_INFINITY], true)); // -inf is "forbidden" when maximizing
    assert!(matches!(
        linear_sum_assignment(&[1.0, 2.0, 3.0], 2, 2, false),
        Err(FlowError::InvalidInput { .. })
    ));
    let e: quanyu::Error = linear_sum_assignment(&[f64::NAN], 1, 1, false)
        .unwrap_err()
        .into();
    assert!(matches!(e, quanyu::Error::InvalidArgument { .. }));
}

#[test]
fn infeasible_and_empty() {
    let inf = f64::INFINITY;
    // Row 1 can only use column 0, like row 0.
    let cost = [1.0, inf, 2.0, inf];
    assert!(matches!(
        linear_sum_assignment(&cost, 2, 2, false),
        Err(FlowError::Infeasible { .. })
    ));
    let e: quanyu::Error = linear_sum_assignment(&cost, 2, 2, false)
        .unwrap_err()
        .into();
    assert!(matches!(e, quanyu::Error::Infeasible { .. }));
    // A wide matrix where one forbidden row does not matter.
    let cost = [inf, inf, 1.0, 2.0, 3.0, 4.0];
    let a = linear_sum_assignment(&cost, 3, 2, false).unwrap();
    assert_eq!((a.row_ind, a.col_ind), (vec![1, 2], vec![0, 1]));
    let a = linear_sum_assignment(&[], 0, 5, false).unwrap();
    assert!(a.row_ind.is_empty() && a.col_ind.is_empty());
    let a = linear_sum_assignment(&[], 3, 0, true).unwrap();
    assert!(a.row_ind.is_empty());
}

#[test]
fn deterministic() {
    let cost: Vec<f64> = (0..400).map(|k| ((k * 37 % 11) as f64).sqrt()).collect();
    let first = linear_sum_assignment(&cost, 16, 25, false).unwrap();
    for _ in 0..3 {
        assert_eq!(linear_sum_assignment(&cost, 16, 25, false).unwrap(), first);
    }
}

/// The best total over every assignment of an integer matrix, ignoring forbidden entries, in
/// exact 128-bit sums; `None` if no complete assignment avoids them.
fn brute_force_int(cost: &[i64], rows: usize, cols: usize, maximize: bool) -> Option<i128> {
    struct Search<'a> {
        cost: &'a [i64],
        rows: usize,
        cols: usize,
        forbidden: i64,
        maximize: bool,
        used: Vec<bool>,
        best: Option<i128>,
    }
    impl Search<'_> {
        /// Rows from `r` on, `left` pairs still to choose.
        fn go(&mut self, r: usize, left: usize, sum: i128) {
            if left == 0 {
                let better = |b: i128| if self.maximize { sum > b } else { sum < b };
                if self.best.is_none_or(better) {
                    self.best = Some(sum);
                }
                return;
            }
            if r == self.rows || self.rows - r < left {
                return;
            }
            if self.rows - r > left {
                self.go(r + 1, left, sum);
            }
            for c in 0..self.cols {
                let x = self.cost[r * self.cols + c];
                if !self.used[c] && x != self.forbidden {
                    self.used[c] = true;
                    self.go(r + 1, left - 1, sum + i128::from(x));
                    self.used[c] = false;
                }
            }
        }
    }
    let mut search = Search {
        cost,
        rows,
        cols,
        forbidden: if maximize { i64::MIN } else { i64::MAX },
        maximize,
        used: vec![false; cols],
        best: None,
    };
    search.go(0, rows.min(cols), 0);
    search.best
}

fn int_matrix(max_dim: usize) -> impl Strategy<Value = (usize, usize, Vec<i64>)> {
    (1..=max_dim, 1..=max_dim).prop_flat_map(move |(r, c)| {
        let cell = prop_oneof![
            6 => -5i64..6,
            2 => any::<i64>(),
            1 => (1i64 << 26)..(1 << 29),
            1 => Just(i64::MAX),
            1 => Just(i64::MIN),
            1 => Just(i64::MAX - 1),
            1 => Just(i64::MIN + 1),
        ];
        (Just(r), Just(c), proptest::collection::vec(cell, r * c))
    })
}

fn check_shape(a: &quanyu::flow::Assignment, rows: usize, cols: usize) {
    assert_eq!(a.row_ind.len(), rows.min(cols));
    assert!(a.row_ind.windows(2).all(|w| w[0] < w[1]), "rows sorted");
    let mut used = a.col_ind.clone();
    used.sort();
    used.dedup();
    assert_eq!(used.len(), a.col_ind.len(), "columns distinct");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// The fast front end on exact integers, extremes and forbidden pairs included.
    #[test]
    fn fast_integer_assignment_against_brute_force(
        (rows, cols, cost) in int_matrix(7),
        maximize: bool,
    ) {
        let got = linear_assignment(&cost, rows, cols, maximize);
        match (got, brute_force_int(&cost, rows, cols, maximize)) {
            (Ok(a), Some(best)) => {
                check_shape(&a, rows, cols);
                let total: i128 = a
                    .row_ind
                    .iter()
                    .zip(&a.col_ind)
                    .map(|(&r, &c)| i128::from(cost[r * cols + c]))
                    .sum();
                prop_assert_eq!(total, best);
            }
            (Err(FlowError::Infeasible { .. }), None) => {}
            (got, want) => prop_assert!(false, "got {:?}, brute force {:?}", got, want),
        }
    }

    /// The fast front end on floats with forbidden pairs.
    #[test]
    fn fast_float_assignment_against_brute_force(
        (rows, cols, cost) in matrix(6, -20..40, 20),
        maximize: bool,
    ) {
        let cost: Vec<f64> = cost
            .iter()
            .map(|&x| match (x.is_infinite(), maximize) {
                (true, true) => f64::NEG_INFINITY,
                (true, false) => f64::INFINITY,
                _ => x / 4.0,
            })
            .collect();
        let brute = if maximize {
            let flipped: Vec<f64> = cost.iter().map(|&x| if x.is_infinite() { f64::INFINITY } else { -x }).collect();
            brute_force(&flipped, rows, cols, false).map(|b| -b)
        } else {
            brute_force(&cost, rows, cols, false)
        };
        match (linear_assignment(&cost, rows, cols, maximize), brute) {
            (Ok(a), Some(best)) => {
                check_shape(&a, rows, cols);
                prop_assert_eq!(total(&cost, cols, &a.row_ind, &a.col_ind), best);
            }
            (Err(FlowError::Infeasible { .. }), None) => {}
            (got, want) => prop_assert!(false, "got {:?}, brute force {:?}", got, want),
        }
    }
}

#[test]
fn fast_assignment_agrees_with_the_drop_in_on_larger_matrices() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (rows, cols) in [(60, 60), (40, 90), (90, 40), (150, 150)] {
        // Ranges on either side of where the solver moves from 32-bit to 64-bit arithmetic.
        for range in [3u64, 1000, (1 << 28) - 1, (1 << 28) + 1, 1 << 40] {
            let ints: Vec<i64> = (0..rows * cols).map(|_| (next() % range) as i64).collect();
            let floats: Vec<f64> = ints.iter().map(|&x| x as f64).collect();
            for maximize in [false, true] {
                let fast = linear_assignment(&ints, rows, cols, maximize).unwrap();
                let reference = linear_sum_assignment(&floats, rows, cols, maximize).unwrap();
                check_shape(&fast, rows, cols);
                let sum = |a: &quanyu::flow::Assignment| -> i128 {
                    a.row_ind
                        .iter()
                        .zip(&a.col_ind)
                        .map(|(&r, &c)| i128::from(ints[r * cols + c]))
                        .sum()
                };
                assert_eq!(sum(&fast), sum(&reference), "{rows}x{cols} range {range}");
                let fast_float = linear_assignment(&floats, rows, cols, maximize).unwrap();
                assert_eq!(sum(&fast_float), sum(&reference));
            }
        }
    }
}

#[test]
fn fast_assignment_refuses_invalid_input() {
    assert!(matches!(
        linear_assignment(&[1.0, f64::NAN], 1, 2, false),
        Err(FlowError::InvalidInput { name: "cost", .. })
    ));
    assert!(matches!(
        linear_assignment(&[1.0, f64::INFINITY], 1, 2, true),
        Err(FlowError::InvalidInput { name: "cost", .. })
    ));
    assert!(matches!(
        linear_assignment(&[1i64, 2, 3], 2, 2, false),
        Err(FlowError::InvalidInput { .. })
    ));
    assert!(matches!(
        linear_assignment(&[i64::MAX, i64::MAX], 2, 1, false),
        Err(FlowError::Infeasible { .. })
    ));
    assert!(
        linear_assignment::<i64>(&[], 0, 3, false)
            .unwrap()
            .row_ind
            .is_empty()
    );
}
