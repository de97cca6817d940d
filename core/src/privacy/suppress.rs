//! Small-cell suppression (小单元格抑制) of published counts.

/// The threshold used unless another is chosen: counts from 1 to 4 are withheld. Five is the
/// usual rule of statistical offices for tables of persons: a cell of one or two persons in a
/// small community points at them by name.
///
/// ```
/// use quanyu::privacy::{DEFAULT_THRESHOLD, suppress_small_cells};
///
/// let table = suppress_small_cells(&[("a", 4), ("b", 5), ("c", 0)], DEFAULT_THRESHOLD);
/// assert_eq!(table.suppressed_keys().collect::<Vec<_>>(), [&"a", &"b"]);
/// ```
pub const DEFAULT_THRESHOLD: u64 = 5;

/// Why a cell was withheld.
///
/// ```
/// use quanyu::privacy::{Suppression, suppress_small_cells};
///
/// let table = suppress_small_cells(&[("a", 3), ("b", 40), ("c", 12)], 5);
/// assert_eq!(table.suppressed, vec![("a", Suppression::Small), ("c", Suppression::Complementary)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Suppression {
    /// Its count is above zero and under the threshold.
    Small,
    /// Its count is large enough, but it is withheld so that the one small cell of its table
    /// cannot be computed from the total.
    Complementary,
}

/// A table of counts after [`suppress_small_cells`]: the cells that may be published and the
/// keys of those withheld, each with the reason, both in the order of the input.
///
/// ```
/// use quanyu::privacy::suppress_small_cells;
///
/// let table = suppress_small_cells(&[("a", 30), ("b", 0), ("c", 12)], 5);
/// assert_eq!(table.published, vec![("a", 30), ("b", 0), ("c", 12)]);
/// assert!(table.suppressed.is_empty());
/// assert!(table.suppressed_keys().next().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed<K> {
    /// The cells that may be published, with their counts.
    pub published: Vec<(K, u64)>,
    /// The keys of the cells withheld, and why.
    pub suppressed: Vec<(K, Suppression)>,
}

impl<K> Suppressed<K> {
    /// The keys of the withheld cells, whatever the reason.
    ///
    /// ```
    /// use quanyu::privacy::suppress_small_cells;
    ///
    /// let table = suppress_small_cells(&[("a", 1), ("b", 2), ("c", 9)], 5);
    /// assert_eq!(table.suppressed_keys().collect::<Vec<_>>(), [&"a", &"b"]);
    /// ```
    pub fn suppressed_keys(&self) -> impl Iterator<Item = &K> {
        self.suppressed.iter().map(|(k, _)| k)
    }
}

/// The cells of one table of counts that may be published, and those that must be withheld.
///
/// Two rules, in this order:
///
/// 1. **Small cells.** A cell whose count is above zero and below `threshold` is withheld
///    ([`Suppression::Small`]). Zero is published: an empty cell names nobody. A threshold of 0
///    or 1 withholds nothing.
/// 2. **Complementary suppression.** When exactly one cell of the table is withheld by rule 1,
///    the smallest of the other non-zero cells is withheld too
///    ([`Suppression::Complementary`]); among equal counts, the first in the input. Otherwise
///    the withheld count would be the total less the published cells. The total is taken to be
///    known, since it nearly always is: the table's own total row, the population of the
///    community, another table of the same persons. With two or more small cells no
///    complement is added: the total then gives only their sum.
///
/// When the one small cell has no non-zero neighbour (a table of one cell, or all others zero),
/// no complement exists and the total itself gives the count away: publish such a table
/// without its total. Tables that share cells (a row of one and a column of another) need more
/// than these rules; this function looks at one table at a time.
///
/// Never panics; `counts` may be empty.
///
/// ```
/// use quanyu::privacy::{DEFAULT_THRESHOLD, Suppression, suppress_small_cells};
///
/// // Residents over 80 living alone, by grid.
/// let by_grid = [("G1", 14), ("G2", 2), ("G3", 9), ("G4", 0), ("G5", 31)];
/// let table = suppress_small_cells(&by_grid, DEFAULT_THRESHOLD);
/// // G2 is small; G3, the next smallest, is withheld with it, so that 56 − 14 − 31 gives only
/// // their sum.
/// assert_eq!(table.published, vec![("G1", 14), ("G4", 0), ("G5", 31)]);
/// assert_eq!(
///     table.suppressed,
///     vec![("G2", Suppression::Small), ("G3", Suppression::Complementary)]
/// );
/// ```
pub fn suppress_small_cells<K: Clone>(counts: &[(K, u64)], threshold: u64) -> Suppressed<K> {
    let small = |count: u64| count > 0 && count < threshold;
    let n_small = counts.iter().filter(|(_, c)| small(*c)).count();
    // The complement: the first of the smallest non-zero counts among the cells not withheld.
    let complement = if n_small == 1 {
        counts
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| *c > 0 && !small(*c))
            .min_by_key(|(i, (_, c))| (*c, *i))
            .map(|(i, _)| i)
    } else {
        None
    };
    let mut table = Suppressed {
        published: Vec::with_capacity(counts.len()),
        suppressed: Vec::new(),
    };
    for (i, (key, count)) in counts.iter().enumerate() {
        if small(*count) {
            table.suppressed.push((key.clone(), Suppression::Small));
        } else if complement == Some(i) {
            table
                .suppressed
                .push((key.clone(), Suppression::Complementary));
        } else {
            table.published.push((key.clone(), *count));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::Suppression::{Complementary, Small};
    use super::*;

    fn keys<K: Clone>(t: &Suppressed<K>) -> Vec<K> {
        t.suppressed_keys().cloned().collect()
    }

    #[test]
    fn threshold_zero_and_one_withhold_nothing() {
        let counts = [("a", 0), ("b", 1), ("c", 2), ("d", 100)];
        for threshold in [0, 1] {
            let t = suppress_small_cells(&counts, threshold);
            assert_eq!(t.published, counts.to_vec());
            assert!(t.suppressed.is_empty());
        }
        // At 2, only the count of 1 is small, and its complement is the next smallest.
        let t = suppress_small_cells(&counts, 2);
        assert_eq!(t.suppressed, vec![("b", Small), ("c", Complementary)]);
    }

    #[test]
    fn the_threshold_itself_is_published() {
        let t = suppress_small_cells(&[("a", 4), ("b", 5), ("c", 6)], DEFAULT_THRESHOLD);
        assert_eq!(t.suppressed, vec![("a", Small), ("b", Complementary)]);
        assert_eq!(t.published, vec![("c", 6)]);
    }

    #[test]
    fn all_cells_small() {
        let counts = [(1, 1), (2, 4), (3, 2)];
        let t = suppress_small_cells(&counts, 5);
        assert!(t.published.is_empty());
        assert_eq!(keys(&t), vec![1, 2, 3]);
        assert!(t.suppressed.iter().all(|(_, why)| *why == Small));
    }

    #[test]
    fn ties_take_the_first_in_input_order() {
        let t = suppress_small_cells(&[("a", 9), ("b", 7), ("c", 3), ("d", 7)], 5);
        assert_eq!(t.suppressed, vec![("b", Complementary), ("c", Small)]);
        assert_eq!(t.published, vec![("a", 9), ("d", 7)]);
    }

    #[test]
    fn two_small_cells_need_no_complement() {
        let t = suppress_small_cells(&[("a", 1), ("b", 50), ("c", 3), ("d", 8)], 5);
        assert_eq!(t.suppressed, vec![("a", Small), ("c", Small)]);
        assert_eq!(t.published, vec![("b", 50), ("d", 8)]);
    }

    #[test]
    fn zeros_are_published_and_never_complements() {
        let t = suppress_small_cells(&[("a", 0), ("b", 2), ("c", 0), ("d", 6)], 5);
        assert_eq!(t.suppressed, vec![("b", Small), ("d", Complementary)]);
        assert_eq!(t.published, vec![("a", 0), ("c", 0)]);
        // No non-zero neighbour: nothing to withhold with it.
        let t = suppress_small_cells(&[("a", 0), ("b", 2)], 5);
        assert_eq!(t.suppressed, vec![("b", Small)]);
        let t = suppress_small_cells(&[("only", 3)], 5);
        assert_eq!(t.suppressed, vec![("only", Small)]);
    }

    #[test]
    fn empty_and_extreme_tables() {
        let t = suppress_small_cells::<&str>(&[], DEFAULT_THRESHOLD);
        assert!(t.published.is_empty() && t.suppressed.is_empty());
        // The largest count is never small, so it is the complement of the one small cell.
        let t = suppress_small_cells(&[("a", u64::MAX), ("b", 1)], u64::MAX);
        assert_eq!(t.suppressed, vec![("a", Complementary), ("b", Small)]);
        assert!(t.published.is_empty());
    }

    /// Every cell is either published with its count or withheld; nothing else changes.
    #[test]
    fn every_cell_is_accounted_for_once() {
        let counts: Vec<(usize, u64)> = (0..200).map(|i| (i, (i as u64 * 7919) % 23)).collect();
        for threshold in [0, 1, 3, 5, 10, 30] {
            let t = suppress_small_cells(&counts, threshold);
            let mut seen: Vec<usize> = t.published.iter().map(|(k, _)| *k).collect();
            seen.extend(keys(&t));
            seen.sort_unstable();
            assert_eq!(seen, (0..200).collect::<Vec<_>>());
            for (k, c) in &t.published {
                assert_eq!(counts[*k].1, *c);
                assert!(*c == 0 || *c >= threshold);
            }
            let n_small = t.suppressed.iter().filter(|(_, w)| *w == Small).count();
            let n_comp = t.suppressed.len() - n_small;
            assert!(n_comp <= usize::from(n_small == 1));
        }
    }
}
