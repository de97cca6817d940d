//! Tests of both solvers against exhaustive search on tiny random instances.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::instance::{Cand, EMPTY, Instance, Occ, Score, is_feasible, score};
use super::{exact, greedy};

fn random_instance(rng: &mut ChaCha8Rng, max_len: u32) -> Instance {
    let occs = rng.random_range(1..=7usize);
    let venues = rng.random_range(1..=3u32);
    let horizon = rng.random_range(2..=6i64);
    let mut inst = Instance::new();
    for _ in 0..occs {
        let len = rng.random_range(1..=max_len);
        let occ = Occ {
            priority: rng.random_range(0..=2),
            community: rng.random_range(0..3),
            len,
        };
        let mut cands: Vec<Cand> = (0..rng.random_range(0..=4))
            .map(|_| Cand {
                venue: rng.random_range(0..venues),
                start: rng.random_range(0..horizon),
                travel: rng.random_range(0..=5),
            })
            .collect();
        cands.sort_by_key(|c| (c.travel, c.start, c.venue));
        cands.dedup_by_key(|c| (c.venue, c.start));
        inst.push(occ, cands);
    }
    inst
}

/// The best score over every feasible solution.
fn brute(inst: &Instance) -> Score {
    fn go(inst: &Instance, o: usize, choice: &mut Vec<u32>, best: &mut Option<Score>) {
        if o == inst.occs.len() {
            if is_feasible(inst, choice) {
                let s = score(inst, choice);
                if best.as_ref().is_none_or(|b| s.compare(b).is_gt()) {
                    *best = Some(s);
                }
            }
            return;
        }
        choice.push(EMPTY);
        go(inst, o + 1, choice, best);
        choice.pop();
        for c in inst.cands_of(o) {
            choice.push(c as u32);
            if is_feasible(inst, choice) {
                go(inst, o + 1, choice, best);
            }
            choice.pop();
        }
    }
    let mut best = None;
    go(inst, 0, &mut Vec::new(), &mut best);
    best.unwrap_or_default()
}

/// Whether some waiting occurrence could take the place of exactly one placement of a
/// community holding two or more placements more of its priority.
fn fair_share_violated(inst: &Instance, choice: &[u32]) -> bool {
    let placed = |o: usize| choice[o] != EMPTY;
    let count = |p: u8, c: u32| {
        (0..inst.occs.len())
            .filter(|&o| placed(o) && inst.occs[o].priority == p && inst.occs[o].community == c)
            .count()
    };
    let overlaps = |a: Cand, la: u32, b: Cand, lb: u32| {
        a.venue == b.venue && a.start < b.start + i64::from(lb) && b.start < a.start + i64::from(la)
    };
    (0..inst.occs.len()).filter(|&o| !placed(o)).any(|o| {
        let occ = inst.occs[o];
        inst.cands_of(o).any(|c| {
            let blockers: Vec<usize> = (0..inst.occs.len())
                .filter(|&b| {
                    placed(b)
                        && overlaps(inst.cands[c], occ.len, inst.cands[choice[b] as usize], inst.occs[b].len)
                })
                .collect();
            matches!(blockers[..], [b] if inst.occs[b].priority == occ.priority
                && count(occ.priority, inst.occs[b].community) >= count(occ.priority, occ.community) + 2)
        })
    })
}

#[test]
fn exact_equals_exhaustive_search_on_one_slot_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for case in 0..400 {
        let inst = random_instance(&mut rng, 1);
        for fair in [true, false] {
            let choice = exact::solve(&inst, fair).unwrap().unwrap();
            assert!(is_feasible(&inst, &choice), "case {case}");
            if fair {
                assert_eq!(score(&inst, &choice), brute(&inst), "case {case}");
                assert!(!fair_share_violated(&inst, &choice), "case {case}");
            } else {
                let (got, best) = (score(&inst, &choice), brute_unfair(&inst));
                assert_eq!((got.placed, got.travel), best, "case {case}");
            }
        }
    }
}

/// The best (placed by priority, travel) ignoring fair share.
fn brute_unfair(inst: &Instance) -> (Vec<(u8, u64)>, u64) {
    let mut flat = inst.clone();
    for o in &mut flat.occs {
        o.community = 0;
    }
    // With one community, Σ x² is fixed by the per-priority counts, so the order of the
    // remaining criteria is priority, then travel.
    let s = brute(&flat);
    (s.placed, s.travel)
}

#[test]
fn greedy_is_feasible_fair_and_close_to_exhaustive_search() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let (mut cases, mut optimal, mut placed, mut best_placed) = (0, 0, 0u64, 0u64);
    for case in 0..400 {
        let inst = random_instance(&mut rng, 3);
        let choice = greedy::solve(&inst, true);
        assert!(is_feasible(&inst, &choice), "case {case}");
        assert!(!fair_share_violated(&inst, &choice), "case {case}");
        let (got, best) = (score(&inst, &choice), brute(&inst));
        assert!(best.compare(&got).is_ge(), "case {case}");
        cases += 1;
        optimal += usize::from(got == best);
        placed += got.placed.iter().map(|x| x.1).sum::<u64>();
        best_placed += best.placed.iter().map(|x| x.1).sum::<u64>();
    }
    eprintln!("greedy: {optimal}/{cases} optimal, placed {placed}/{best_placed}");
    // The greedy matcher places nearly everything the optimum does on these instances.
    assert!(
        placed * 100 >= best_placed * 95,
        "{placed} of {best_placed}"
    );
    assert!(optimal * 100 >= cases * 70, "{optimal} of {cases} optimal");
}

#[test]
fn greedy_equals_exact_on_most_one_slot_instances() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let mut same = 0;
    for _ in 0..300 {
        let inst = random_instance(&mut rng, 1);
        let g = score(&inst, &greedy::solve(&inst, true));
        let e = score(&inst, &exact::solve(&inst, true).unwrap().unwrap());
        assert!(e.compare(&g).is_ge());
        same += usize::from(g == e);
    }
    eprintln!("one-slot: greedy equals exact in {same}/300");
    assert!(same >= 200, "{same} of 300");
}
