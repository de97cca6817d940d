//! The matching problem of one group of requests, stripped of the domain: occurrences with a
//! priority, a community and a length in slots; candidate placements (venue, first slot,
//! travel); and its score. Both solvers work on this.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

/// One occurrence to place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occ {
    pub(crate) priority: u8,
    /// Community number within the instance.
    pub(crate) community: u32,
    /// Length in slots (≥ 1).
    pub(crate) len: u32,
}

/// One candidate placement of an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    /// Venue number within the instance.
    pub(crate) venue: u32,
    /// First slot.
    pub(crate) start: i64,
    pub(crate) travel: u8,
}

/// Occurrences and their candidates, grouped: the candidates of occurrence `o` are
/// `cands[first[o]..first[o + 1]]`, nearest first, then earliest.
#[derive(Debug, Clone, Default)]
pub(crate) struct Instance {
    pub(crate) occs: Vec<Occ>,
    pub(crate) cands: Vec<Cand>,
    pub(crate) first: Vec<usize>,
}

/// Marks an empty cell or an unplaced occurrence.
pub(crate) const EMPTY: u32 = u32::MAX;

impl Instance {
    pub(crate) fn new() -> Self {
        Instance {
            first: vec![0],
            ..Default::default()
        }
    }

    /// Appends an occurrence with its candidates.
    pub(crate) fn push(&mut self, occ: Occ, cands: impl IntoIterator<Item = Cand>) {
        self.occs.push(occ);
        self.cands.extend(cands);
        self.first.push(self.cands.len());
    }

    pub(crate) fn cands_of(&self, o: usize) -> Range<usize> {
        self.first[o]..self.first[o + 1]
    }

    /// Splits the instance into independent parts: occurrences are in one part when they can
    /// use a common venue (directly or through others). Each part comes with the original
    /// numbers of its occurrences; parts are ordered by their first occurrence.
    pub(crate) fn split(&self) -> Vec<(Instance, Vec<usize>)> {
        let venues = self.cands.iter().map(|c| c.venue + 1).max().unwrap_or(0) as usize;
        let mut parent: Vec<usize> = (0..venues).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for o in 0..self.occs.len() {
            let r = self.cands_of(o);
            if r.is_empty() {
                continue;
            }
            let first = self.cands[r.start].venue as usize;
            for c in r {
                let (a, b) = (
                    find(&mut parent, first),
                    find(&mut parent, self.cands[c].venue as usize),
                );
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut parts: Vec<(Instance, Vec<usize>)> = Vec::new();
        let mut part_of: std::collections::HashMap<usize, usize> = Default::default();
        for o in 0..self.occs.len() {
            let r = self.cands_of(o);
            let key = if r.is_empty() {
                usize::MAX - o
            } else {
                find(&mut parent, self.cands[r.start].venue as usize)
            };
            let k = *part_of.entry(key).or_insert_with(|| {
                parts.push((Instance::new(), Vec::new()));
                parts.len() - 1
            });
            parts[k].0.push(self.occs[o], self.cands[r].iter().copied());
            parts[k].1.push(o);
        }
        parts
    }

    /// The occurrence of candidate `c`.
    #[cfg(test)]
    pub(crate) fn occ_of(&self, c: usize) -> usize {
        self.first.partition_point(|&f| f <= c) - 1
    }

    /// Numbers the slots that some candidate covers, venue by venue, so that candidate `c`
    /// covers cells `pos[c] .. pos[c] + len`; returns `pos` and the number of cells.
    pub(crate) fn cells(&self) -> (Vec<u32>, usize) {
        let mut by_venue: BTreeMap<u32, Vec<(i64, i64)>> = BTreeMap::new();
        for o in 0..self.occs.len() {
            let len = i64::from(self.occs[o].len);
            for c in &self.cands[self.cands_of(o)] {
                by_venue
                    .entry(c.venue)
                    .or_default()
                    .push((c.start, c.start + len));
            }
        }
        // Merged runs per venue: (start, end, first cell).
        let mut runs: BTreeMap<u32, Vec<(i64, i64, u64)>> = BTreeMap::new();
        let mut next = 0u64;
        for (v, mut ivs) in by_venue {
            ivs.sort_unstable();
            let mut merged: Vec<(i64, i64, u64)> = Vec::new();
            for (a, b) in ivs {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b, 0)),
                }
            }
            for m in &mut merged {
                m.2 = next;
                next += (m.1 - m.0) as u64;
            }
            runs.insert(v, merged);
        }
        let mut pos = Vec::with_capacity(self.cands.len());
        for c in &self.cands {
            let rs = &runs[&c.venue];
            let i = rs.partition_point(|r| r.0 <= c.start) - 1;
            pos.push((rs[i].2 + (c.start - rs[i].0) as u64) as u32);
        }
        (pos, next as usize)
    }
}

/// How good a solution is, compared priority by priority (more placed is better), then by
/// fair share (smaller Σ x² is better), then by travel (less is better).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Score {
    /// Placed occurrences by priority, highest priority first.
    pub(crate) placed: Vec<(u8, u64)>,
    /// Σ over (priority, community) of the squared placed count.
    pub(crate) squares: u64,
    pub(crate) travel: u64,
}

impl Score {
    /// `Greater` when `self` is the better solution.
    pub(crate) fn compare(&self, other: &Score) -> Ordering {
        let count = |s: &Score, p: u8| s.placed.iter().find(|x| x.0 == p).map_or(0, |x| x.1);
        let mut prios: Vec<u8> = self
            .placed
            .iter()
            .chain(&other.placed)
            .map(|x| x.0)
            .collect();
        prios.sort_unstable_by(|a, b| b.cmp(a));
        prios.dedup();
        for p in prios {
            match count(self, p).cmp(&count(other, p)) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        other
            .squares
            .cmp(&self.squares)
            .then(other.travel.cmp(&self.travel))
    }

    pub(crate) fn add(&mut self, other: &Score) {
        for &(p, n) in &other.placed {
            match self.placed.iter_mut().find(|x| x.0 == p) {
                Some(x) => x.1 += n,
                None => self.placed.push((p, n)),
            }
        }
        self.placed.sort_unstable_by_key(|x| std::cmp::Reverse(x.0));
        self.squares += other.squares;
        self.travel += other.travel;
    }
}

/// The score of a solution (`choice[o]`: candidate index or [`EMPTY`]).
pub(crate) fn score(inst: &Instance, choice: &[u32]) -> Score {
    let mut placed: BTreeMap<u8, u64> = BTreeMap::new();
    let mut groups: BTreeMap<(u8, u32), u64> = BTreeMap::new();
    let mut travel = 0;
    for (o, &c) in choice.iter().enumerate() {
        if c == EMPTY {
            continue;
        }
        let occ = inst.occs[o];
        *placed.entry(occ.priority).or_default() += 1;
        *groups.entry((occ.priority, occ.community)).or_default() += 1;
        travel += u64::from(inst.cands[c as usize].travel);
    }
    Score {
        placed: placed.into_iter().rev().collect(),
        squares: groups.values().map(|x| x * x).sum(),
        travel,
    }
}

/// Whether a solution places each occurrence at most once, at one of its own candidates, and
/// never puts two occurrences in one slot of one venue.
#[cfg(test)]
pub(crate) fn is_feasible(inst: &Instance, choice: &[u32]) -> bool {
    let mut used = std::collections::HashSet::new();
    choice.iter().enumerate().all(|(o, &c)| {
        c == EMPTY
            || (inst.cands_of(o).contains(&(c as usize)) && {
                let cand = inst.cands[c as usize];
                (0..i64::from(inst.occs[o].len)).all(|k| used.insert((cand.venue, cand.start + k)))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_contiguous_per_candidate() {
        let mut inst = Instance::new();
        let occ = |len| Occ {
            priority: 0,
            community: 0,
            len,
        };
        let c = |venue, start| Cand {
            venue,
            start,
            travel: 0,
        };
        inst.push(occ(2), [c(0, 10), c(0, 11), c(1, 10)]);
        inst.push(occ(1), [c(0, 20), c(0, 12)]);
        let (pos, n) = inst.cells();
        // venue 0: slots 10..13 and 20; venue 1: slots 10..12.
        assert_eq!(n, 4 + 2);
        assert_eq!(pos, vec![0, 1, 4, 3, 2]);
        assert_eq!(inst.occ_of(3), 1);
        assert!(is_feasible(&inst, &[0, 4]));
        assert!(!is_feasible(&inst, &[1, 4]));
    }

    #[test]
    fn scores_compare_priority_first() {
        let a = Score {
            placed: vec![(2, 1), (0, 0)],
            squares: 9,
            travel: 9,
        };
        let b = Score {
            placed: vec![(0, 5)],
            squares: 1,
            travel: 0,
        };
        assert_eq!(a.compare(&b), Ordering::Greater);
        let c = Score {
            placed: vec![(2, 1)],
            squares: 1,
            travel: 9,
        };
        assert_eq!(c.compare(&a), Ordering::Greater);
    }
}
