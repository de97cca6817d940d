//! The matcher for occurrences of any length: a greedy pass, then repairs.
//!
//! 1. **Greedy**: occurrences by priority (highest first), then fewest candidates first (the
//!    most constrained), each at its nearest free candidate, earliest first; and again with
//!    three other starts (other picking rules, and shortest first), keeping the best.
//! 2. **Repair**, for each unplaced occurrence, highest priority first: take a free candidate
//!    if one has appeared; else take a candidate blocked by one or two placed occurrences that
//!    can all move to free candidates of their own (one more placed); else eject a single
//!    blocker of lower priority (it is re-queued); else, at equal priority, take the place of a
//!    single blocker whose community holds at least two more placements of that priority
//!    (fair share).
//! 3. **Travel**: move placed occurrences to free nearer candidates.
//! 4. **Fair share**, until nothing changes: the exchange of step 2 for every waiting
//!    occurrence, and free candidates taken — so the fair-share consequence documented in
//!    [`venues`](super) holds on every result.
//!
//! Every step keeps the calendar free of overlaps: a cell holds at most one occurrence.

use std::collections::HashMap;

use super::instance::{EMPTY, Instance};

struct State<'a> {
    inst: &'a Instance,
    pos: Vec<u32>,
    /// By cell: the occurrence holding it.
    held: Vec<u32>,
    /// By occurrence: its candidate.
    choice: Vec<u32>,
    /// By occurrence: its (priority, community) group.
    group: Vec<u32>,
    /// By group: placed occurrences.
    count: Vec<u32>,
    /// By cell: whether some candidate runs on into it from the cell before.
    linked: Vec<bool>,
    /// The score, kept up to date: placed by priority, Σ x² over groups, travel.
    by_priority: Vec<u32>,
    squares: u64,
    travel: u64,
    /// While recording: (occurrence, its candidate before the change), oldest first.
    journal: Option<Vec<(u32, u32)>>,
}

/// The score of a [`State`], cheap to copy and compare.
#[derive(Clone, PartialEq, Eq)]
struct Snap {
    by_priority: Vec<u32>,
    squares: u64,
    travel: u64,
}

impl Snap {
    /// Whether `self` is at least as good as `other`: more placed, priority by priority from
    /// the highest; then a smaller Σ x²; then less travel.
    fn at_least(&self, other: &Snap) -> bool {
        match self.placed_cmp(other) {
            std::cmp::Ordering::Equal => {
                (self.squares, self.travel) <= (other.squares, other.travel)
            }
            o => o.is_gt(),
        }
    }

    /// Compares the placed counts alone, priority by priority from the highest.
    fn placed_cmp(&self, other: &Snap) -> std::cmp::Ordering {
        for p in (0..self.by_priority.len()).rev() {
            match self.by_priority[p].cmp(&other.by_priority[p]) {
                std::cmp::Ordering::Equal => {}
                o => return o,
            }
        }
        std::cmp::Ordering::Equal
    }
}

impl<'a> State<'a> {
    fn new(inst: &'a Instance) -> Self {
        let (pos, cells) = inst.cells();
        let mut ids: HashMap<(u8, u32), u32> = HashMap::new();
        let group = inst
            .occs
            .iter()
            .map(|o| {
                let n = ids.len() as u32;
                *ids.entry((o.priority, o.community)).or_insert(n)
            })
            .collect();
        let mut linked = vec![false; cells];
        for o in 0..inst.occs.len() {
            for c in inst.cands_of(o) {
                let p = pos[c] as usize;
                for l in &mut linked[p + 1..p + inst.occs[o].len as usize] {
                    *l = true;
                }
            }
        }
        State {
            inst,
            pos,
            held: vec![EMPTY; cells],
            choice: vec![EMPTY; inst.occs.len()],
            group,
            count: vec![0; ids.len()],
            linked,
            by_priority: vec![0; 256],
            squares: 0,
            travel: 0,
            journal: None,
        }
    }

    fn snap(&self) -> Snap {
        Snap {
            by_priority: self.by_priority.clone(),
            squares: self.squares,
            travel: self.travel,
        }
    }

    /// Undoes every change recorded since the journal was opened, and closes it.
    fn roll_back(&mut self) {
        let Some(journal) = self.journal.take() else {
            return;
        };
        for &(o, before) in journal.iter().rev() {
            self.unplace(o as usize);
            if before != EMPTY {
                self.place(o as usize, before as usize);
            }
        }
    }

    /// How many ends of candidate `c` of `o` would leave a gap: 0 when it fits snugly between
    /// bookings or the edges of what anyone could use.
    fn gaps(&self, o: usize, c: usize) -> u8 {
        let r = self.cells_of(o, c);
        let left = r.start == 0 || !self.linked[r.start] || self.held[r.start - 1] != EMPTY;
        let right = r.end >= self.held.len() || !self.linked[r.end] || self.held[r.end] != EMPTY;
        2 - u8::from(left) - u8::from(right)
    }

    fn cells_of(&self, o: usize, c: usize) -> std::ops::Range<usize> {
        let p = self.pos[c] as usize;
        p..p + self.inst.occs[o].len as usize
    }

    /// Whether candidate `c` of `o` is free, cells held by `o` itself counting as free.
    fn free(&self, o: usize, c: usize) -> bool {
        self.held[self.cells_of(o, c)]
            .iter()
            .all(|&h| h == EMPTY || h as usize == o)
    }

    /// The distinct occurrences (other than `o`) holding cells of candidate `c` of `o`, up to
    /// `limit` + 1 of them.
    fn blockers(&self, o: usize, c: usize, limit: usize, out: &mut Vec<u32>) {
        out.clear();
        for &h in &self.held[self.cells_of(o, c)] {
            if h != EMPTY && h as usize != o && !out.contains(&h) {
                out.push(h);
                if out.len() > limit {
                    return;
                }
            }
        }
    }

    fn place(&mut self, o: usize, c: usize) {
        debug_assert!(self.free(o, c));
        self.unplace(o);
        if let Some(j) = self.journal.as_mut() {
            j.push((o as u32, EMPTY));
        }
        for cell in self.cells_of(o, c) {
            self.held[cell] = o as u32;
        }
        self.choice[o] = c as u32;
        let g = self.group[o] as usize;
        self.squares += 2 * u64::from(self.count[g]) + 1;
        self.count[g] += 1;
        self.by_priority[usize::from(self.inst.occs[o].priority)] += 1;
        self.travel += u64::from(self.inst.cands[c].travel);
    }

    fn unplace(&mut self, o: usize) {
        let c = self.choice[o];
        if c == EMPTY {
            return;
        }
        if let Some(j) = self.journal.as_mut() {
            j.push((o as u32, c));
        }
        for cell in self.cells_of(o, c as usize) {
            self.held[cell] = EMPTY;
        }
        self.choice[o] = EMPTY;
        let g = self.group[o] as usize;
        self.count[g] -= 1;
        self.squares -= 2 * u64::from(self.count[g]) + 1;
        self.by_priority[usize::from(self.inst.occs[o].priority)] -= 1;
        self.travel -= u64::from(self.inst.cands[c as usize].travel);
    }

    /// The nearest free candidate of `o`, avoiding the cells in `avoid`.
    fn first_free(&self, o: usize, avoid: &[std::ops::Range<usize>]) -> Option<usize> {
        self.inst.cands_of(o).find(|&c| {
            self.free(o, c) && {
                let r = self.cells_of(o, c);
                avoid.iter().all(|a| a.end <= r.start || r.end <= a.start)
            }
        })
    }

    fn priority(&self, o: usize) -> u8 {
        self.inst.occs[o].priority
    }

    /// Whether `winner` may take the place of `loser` for fair share: same priority, and the
    /// loser's community holds at least two more placements of it.
    fn fair_exchange(&self, winner: usize, loser: usize) -> bool {
        self.priority(winner) == self.priority(loser)
            && self.count[self.group[loser] as usize] >= self.count[self.group[winner] as usize] + 2
    }

    /// Tries to place the unplaced `o`: at a free candidate; by moving up to two blockers to
    /// free candidates of their own; along an ejection chain; by ejecting up to three blockers
    /// of lower priority; or, at equal priority, by a fair-share exchange. Returns the
    /// occurrences it left unplaced, if it ejected any.
    fn repair(&mut self, o: usize, fair: bool, scratch: &mut Vec<u32>) -> Repair {
        if let Some(c) = self.first_free(o, &[]) {
            self.place(o, c);
            return Repair::Placed;
        }
        // The best candidate held only by lower priorities: (highest blocker priority, number
        // of blockers, candidate).
        let mut eject: Option<(u8, usize, usize)> = None;
        let mut exchange: Option<(usize, usize)> = None;
        let po = self.priority(o);
        for c in self.inst.cands_of(o) {
            self.blockers(o, c, EJECT_AT_MOST, scratch);
            if scratch.is_empty() || scratch.len() > EJECT_AT_MOST {
                continue;
            }
            let blockers: Vec<usize> = scratch.iter().map(|&b| b as usize).collect();
            if blockers.len() <= 2 && self.relocate(o, c, &blockers) {
                return Repair::Placed;
            }
            let top = blockers
                .iter()
                .map(|&b| self.priority(b))
                .max()
                .unwrap_or(0);
            if top < po && eject.is_none_or(|(p, n, _)| (top, blockers.len()) < (p, n)) {
                eject = Some((top, blockers.len(), c));
            }
            if let [b] = blockers[..]
                && fair
                && exchange.is_none()
                && self.fair_exchange(o, b)
            {
                exchange = Some((b, c));
            }
        }
        let mut visited = vec![o];
        let mut budget = AUGMENT_BUDGET;
        if self.augment(o, AUGMENT_DEPTH, &mut visited, &mut budget, scratch) {
            return Repair::Placed;
        }
        if let Some((_, _, c)) = eject {
            self.blockers(o, c, EJECT_AT_MOST, scratch);
            let victims: Vec<usize> = scratch.iter().map(|&b| b as usize).collect();
            for &b in &victims {
                self.unplace(b);
            }
            self.place(o, c);
            return Repair::Ejected(victims);
        }
        if let Some((b, c)) = exchange {
            self.unplace(b);
            self.place(o, c);
            return Repair::Ejected(vec![b]);
        }
        Repair::Failed
    }

    /// Places the unplaced `o` along an ejection chain: `o` takes a candidate held by a single
    /// occurrence, which moves on the same way, up to `depth` moves, until one lands on a free
    /// candidate; on failure changes nothing. `visited` occurrences are not moved again; the
    /// `budget` bounds the candidates tried.
    fn augment(
        &mut self,
        o: usize,
        depth: usize,
        visited: &mut Vec<usize>,
        budget: &mut usize,
        scratch: &mut Vec<u32>,
    ) -> bool {
        if let Some(c) = self.first_free(o, &[]) {
            self.place(o, c);
            return true;
        }
        if depth == 0 {
            return false;
        }
        for c in self.inst.cands_of(o) {
            if *budget == 0 {
                return false;
            }
            *budget -= 1;
            self.blockers(o, c, 1, scratch);
            let [b] = scratch[..] else { continue };
            let b = b as usize;
            if visited.contains(&b) {
                continue;
            }
            visited.push(b);
            let old = self.choice[b] as usize;
            self.unplace(b);
            self.place(o, c);
            if self.augment(b, depth - 1, visited, budget, scratch) {
                return true;
            }
            self.unplace(o);
            self.place(b, old);
        }
        false
    }

    /// Moves every blocker of candidate `c` of `o` to a free candidate of its own (not in
    /// `c`), then places `o` at `c`; on failure changes nothing.
    fn relocate(&mut self, o: usize, c: usize, blockers: &[usize]) -> bool {
        let saved: Vec<(usize, u32)> = blockers.iter().map(|&b| (b, self.choice[b])).collect();
        for &b in blockers {
            self.unplace(b);
        }
        let avoid = [self.cells_of(o, c)];
        let mut moved = Vec::new();
        for &b in blockers {
            match self.first_free(b, &avoid) {
                Some(nc) => {
                    self.place(b, nc);
                    moved.push(b);
                }
                None => {
                    for &m in &moved {
                        self.unplace(m);
                    }
                    for &(b, old) in &saved {
                        self.place(b, old as usize);
                    }
                    return false;
                }
            }
        }
        self.place(o, c);
        true
    }

    /// Moves `o` to a candidate with less travel: a free one, or one held by a single
    /// occurrence that can move to a free candidate of its own, if the two travel less in all.
    fn nearer(&mut self, o: usize, scratch: &mut Vec<u32>) -> bool {
        let c = self.choice[o];
        if c == EMPTY {
            return false;
        }
        let travel = |st: &Self, c: u32| u32::from(st.inst.cands[c as usize].travel);
        let now = travel(self, c);
        let better = self
            .inst
            .cands_of(o)
            .take_while(|&k| u32::from(self.inst.cands[k].travel) < now)
            .find(|&k| self.free(o, k));
        if let Some(k) = better {
            self.place(o, k);
            return true;
        }
        for k in self.inst.cands_of(o) {
            let t = u32::from(self.inst.cands[k].travel);
            if t >= now {
                break;
            }
            self.blockers(o, k, 1, scratch);
            let [b] = scratch[..] else { continue };
            let b = b as usize;
            let old_b = self.choice[b];
            let before = now + travel(self, old_b);
            self.unplace(b);
            self.unplace(o);
            self.place(o, k);
            match self.first_free(b, &[]) {
                Some(nb) if t + travel(self, nb as u32) < before => {
                    self.place(b, nb);
                    return true;
                }
                _ => {
                    self.unplace(o);
                    self.place(o, c as usize);
                    self.place(b, old_b as usize);
                }
            }
        }
        false
    }

    /// One round of exchanges and free placements over the unplaced occurrences; whether
    /// anything changed. A waiting occurrence takes the place of a single blocker of its
    /// priority when that evens out the communities (fair share), or when it travels less and
    /// leaves the balance as it was.
    fn settle(&mut self, fair: bool, scratch: &mut Vec<u32>) -> bool {
        let mut changed = false;
        for o in 0..self.inst.occs.len() {
            if self.choice[o] != EMPTY {
                continue;
            }
            if let Some(c) = self.first_free(o, &[]) {
                self.place(o, c);
                changed = true;
                continue;
            }
            for c in self.inst.cands_of(o) {
                self.blockers(o, c, 1, scratch);
                let [b] = scratch[..] else { continue };
                let b = b as usize;
                if self.priority(b) != self.priority(o) {
                    continue;
                }
                let (gb, go) = (self.group[b] as usize, self.group[o] as usize);
                let balance_kept = !fair || gb == go || self.count[gb] == self.count[go] + 1;
                let nearer =
                    self.inst.cands[c].travel < self.inst.cands[self.choice[b] as usize].travel;
                if (fair && self.fair_exchange(o, b)) || (balance_kept && nearer) {
                    self.unplace(b);
                    self.place(o, c);
                    changed = true;
                    break;
                }
            }
        }
        changed
    }
}

enum Repair {
    Placed,
    Ejected(Vec<usize>),
    Failed,
}

/// How many repair passes over the unplaced occurrences at most.
const REPAIR_PASSES: usize = 4;
/// Longest ejection chain, and candidates tried per chain search.
const AUGMENT_DEPTH: usize = 4;
const AUGMENT_BUDGET: usize = 400;
/// Most lower-priority occurrences ejected at once to place a higher one.
const EJECT_AT_MOST: usize = 3;
/// Neighbourhood-search rounds: per occurrence, at most in all...
const LNS_ROUNDS_PER_OCCURRENCE: usize = 20;
const LNS_MAX_ROUNDS: usize = 5000;
/// ... and per occurrence waiting when it starts.
const LNS_ROUNDS_PER_WAITING: usize = 150;
/// At most this many occurrences are put back in one neighbourhood-search round.
const LNS_MAX_REINSERTED: usize = 24;

/// How the greedy pass picks among an occurrence's free candidates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// The nearest, then the earliest.
    Nearest,
    /// The one the occurrences still to come want least (then the nearest).
    Coolest,
    /// The one that leaves the fewest gaps (then the nearest, the earliest).
    Snug,
}

/// Places the occurrences of `inst`; the chosen candidate of each ([`EMPTY`] if unplaced).
/// Runs the whole method with each picking rule and keeps the best result (the first among
/// equals).
pub(crate) fn solve(inst: &Instance, fair: bool) -> Vec<u32> {
    let mut best: Option<(super::instance::Score, Vec<u32>)> = None;
    let constrained = order_of(inst);
    // Most constrained first places a long occurrence with one candidate before two short ones
    // that could share its time; shortest first is the other classic rule (it is optimal on a
    // single venue when every window is the same), so each start is tried and the best kept.
    let shortest = shortest_first(inst);
    for (order, pick) in [
        (&constrained, Pick::Nearest),
        (&constrained, Pick::Coolest),
        (&constrained, Pick::Snug),
        (&shortest, Pick::Snug),
    ] {
        let choice = solve_with(inst, fair, pick, order);
        let s = super::instance::score(inst, &choice);
        if best.as_ref().is_none_or(|(b, _)| s.compare(b).is_gt()) {
            best = Some((s, choice));
        }
    }
    let Some((_, choice)) = best else {
        return Vec::new();
    };
    // Then the neighbourhood search from the best start, and a final polish.
    let mut st = State::new(inst);
    for (o, &c) in choice.iter().enumerate() {
        if c != EMPTY {
            st.place(o, c as usize);
        }
    }
    let mut scratch = Vec::new();
    improve(&mut st, fair, &mut scratch);
    polish(&mut st, &constrained, fair, &mut scratch);
    st.choice
}

/// Occurrences by priority (highest first), then shortest, then fewest candidates.
fn shortest_first(inst: &Instance) -> Vec<usize> {
    let mut order: Vec<usize> = (0..inst.occs.len()).collect();
    order.sort_by_key(|&o| {
        (
            std::cmp::Reverse(inst.occs[o].priority),
            inst.occs[o].len,
            inst.cands_of(o).len(),
            o,
        )
    });
    order
}

/// Occurrences by priority (highest first), then fewest candidates, then longest.
fn order_of(inst: &Instance) -> Vec<usize> {
    let mut order: Vec<usize> = (0..inst.occs.len()).collect();
    order.sort_by_key(|&o| {
        (
            std::cmp::Reverse(inst.occs[o].priority),
            inst.cands_of(o).len(),
            std::cmp::Reverse(inst.occs[o].len),
            o,
        )
    });
    order
}

/// Travel moves, then fair-share and travel exchanges until nothing changes.
fn polish(st: &mut State<'_>, order: &[usize], fair: bool, scratch: &mut Vec<u32>) {
    let n = st.inst.occs.len();
    for _ in 0..3 {
        let mut moved = false;
        for &o in order {
            moved |= st.nearer(o, scratch);
        }
        if !moved {
            break;
        }
    }
    // Each round strictly improves the score (more placed; or as many with a smaller Σ x²;
    // or the same Σ x² with less travel), so this ends; the bound is never reached in practice.
    let bound = (n + 1) * (n + 1) * 6;
    for _ in 0..bound {
        if !st.settle(fair, scratch) {
            break;
        }
    }
}

/// Repairs the unplaced occurrences of `queue` (in order) until a pass changes nothing.
fn repair_all(st: &mut State<'_>, mut queue: Vec<usize>, fair: bool, scratch: &mut Vec<u32>) {
    let n = st.inst.occs.len();
    for _ in 0..REPAIR_PASSES {
        let mut changed = false;
        queue.retain(|&o| st.choice[o] == EMPTY);
        let mut pass = queue.clone();
        let mut i = 0;
        // Ejections re-queue their victims; every step improves the score, so this ends, and
        // the bound keeps a pathological instance from taking long.
        let budget = 4 * n + 16;
        while i < pass.len() && i < budget {
            let o = pass[i];
            i += 1;
            if st.choice[o] != EMPTY {
                continue;
            }
            match st.repair(o, fair, scratch) {
                Repair::Placed => changed = true,
                Repair::Ejected(victims) => {
                    changed = true;
                    pass.extend(victims.iter().copied());
                    queue.extend(victims);
                }
                Repair::Failed => {}
            }
        }
        if !changed {
            break;
        }
    }
}

/// A small deterministic generator (xorshift64*) for the neighbourhood search.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// Large-neighbourhood search (ruin and recreate): again and again, clear a stretch of one
/// venue around a candidate of a waiting occurrence (its occupants of that priority or lower),
/// put back the cleared occurrences, the waiting one and the other waiting occurrences that
/// want that stretch — most constrained or shortest first, by a randomly chosen picking rule —
/// and repair;
/// keep the result if it places no fewer (priority by priority), else undo. Moves that keep
/// the counts but cost balance or travel are kept too, so the search can cross plateaus; the
/// best solution seen is restored at the end. Deterministic.
fn improve(st: &mut State<'_>, fair: bool, scratch: &mut Vec<u32>) {
    let inst = st.inst;
    let n = inst.occs.len();
    let waiting_now = (0..n)
        .filter(|&o| st.choice[o] == EMPTY && !inst.cands_of(o).is_empty())
        .count();
    if waiting_now == 0 {
        return;
    }
    let rounds = (LNS_ROUNDS_PER_OCCURRENCE * n)
        .min(LNS_ROUNDS_PER_WAITING * (waiting_now + 1))
        .min(LNS_MAX_ROUNDS);
    // By cell: the candidates covering it.
    let mut cover: Vec<Vec<u32>> = vec![Vec::new(); st.held.len()];
    for o in 0..n {
        for c in inst.cands_of(o) {
            for cell in st.cells_of(o, c) {
                cover[cell].push(c as u32);
            }
        }
    }
    let occ_of: Vec<u32> = (0..n)
        .flat_map(|o| inst.cands_of(o).map(move |_| o as u32))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut best = st.snap();
    let mut best_choice = st.choice.clone();
    let mut current = best.clone();
    let mut waiting: Vec<usize> = Vec::new();
    for round in 0..rounds {
        if round % 32 == 0 {
            waiting = (0..n)
                .filter(|&o| st.choice[o] == EMPTY && !inst.cands_of(o).is_empty())
                .collect();
        }
        waiting.retain(|&o| st.choice[o] == EMPTY);
        if waiting.is_empty() {
            break;
        }
        let u = waiting[rng.below(waiting.len())];
        let cs = inst.cands_of(u);
        let c = cs.start + rng.below(cs.len());
        let r = st.cells_of(u, c);
        let pad = r.len() * (1 + rng.below(4));
        let (mut lo, mut hi) = (r.start, r.end);
        while lo > 0 && st.linked[lo] && r.start - lo < pad {
            lo -= 1;
        }
        while hi < st.held.len() && st.linked[hi] && hi - r.end < pad {
            hi += 1;
        }
        let pu = inst.occs[u].priority;
        let mut again: Vec<usize> = vec![u];
        for cell in lo..hi {
            let h = st.held[cell];
            if h != EMPTY && inst.occs[h as usize].priority <= pu && !again.contains(&(h as usize))
            {
                again.push(h as usize);
            }
        }
        for covering in &cover[lo..hi] {
            for &k in covering {
                let o = occ_of[k as usize] as usize;
                if again.len() < LNS_MAX_REINSERTED && st.choice[o] == EMPTY && !again.contains(&o)
                {
                    again.push(o);
                }
            }
        }
        st.journal = Some(Vec::new());
        for &o in &again {
            st.unplace(o);
        }
        // Put back most constrained first, or (every other round, at random) shortest first,
        // so that a long occurrence can give way to two short ones.
        let by_length = rng.below(2) == 0;
        let mut keyed: Vec<(std::cmp::Reverse<u8>, usize, usize, usize)> = again
            .iter()
            .map(|&o| {
                let rank = if by_length {
                    inst.occs[o].len as usize
                } else {
                    inst.cands_of(o).filter(|&k| st.free(o, k)).count()
                };
                (
                    std::cmp::Reverse(inst.occs[o].priority),
                    rank,
                    rng.below(1 << 16),
                    o,
                )
            })
            .collect();
        keyed.sort_unstable();
        let rule = rng.below(3);
        for &(_, _, _, o) in &keyed {
            let pick = match rule {
                0 => st.first_free(o, &[]),
                1 => inst
                    .cands_of(o)
                    .filter(|&k| st.free(o, k))
                    .min_by_key(|&k| (st.gaps(o, k), k)),
                _ => {
                    let free: Vec<usize> = inst.cands_of(o).filter(|&k| st.free(o, k)).collect();
                    (!free.is_empty()).then(|| free[rng.below(free.len())])
                }
            };
            if let Some(k) = pick {
                st.place(o, k);
            }
        }
        let mut queue: Vec<usize> = keyed
            .iter()
            .map(|x| x.3)
            .filter(|&o| st.choice[o] == EMPTY)
            .collect();
        let mut i = 0;
        while i < queue.len() && i < 4 * LNS_MAX_REINSERTED {
            let o = queue[i];
            i += 1;
            if st.choice[o] == EMPTY
                && let Repair::Ejected(victims) = st.repair(o, fair, scratch)
            {
                queue.extend(victims);
            }
        }
        let now = st.snap();
        if now.placed_cmp(&current).is_ge() {
            st.journal = None;
            if now.at_least(&best) && now != best {
                best = now.clone();
                best_choice.clone_from(&st.choice);
            }
            current = now;
        } else {
            st.roll_back();
        }
    }
    if st.snap() != best {
        for o in 0..n {
            st.unplace(o);
        }
        for (o, &c) in best_choice.iter().enumerate() {
            if c != EMPTY {
                st.place(o, c as usize);
            }
        }
    }
}

fn solve_with(inst: &Instance, fair: bool, pick: Pick, order: &[usize]) -> Vec<u32> {
    let mut st = State::new(inst);
    let n = inst.occs.len();
    // Demand on each cell: every occurrence spreads one unit over its candidates' cells.
    let mut demand = vec![
        0f32;
        if pick == Pick::Coolest {
            st.held.len()
        } else {
            0
        }
    ];
    let spread = |st: &State<'_>, demand: &mut [f32], o: usize, sign: f32| {
        let share = sign / st.inst.cands_of(o).len().max(1) as f32;
        for c in st.inst.cands_of(o) {
            for cell in st.cells_of(o, c) {
                demand[cell] += share;
            }
        }
    };
    if pick == Pick::Coolest {
        for o in 0..n {
            spread(&st, &mut demand, o, 1.0);
        }
    }
    let mut scratch = Vec::new();
    // Priority class by class: each class is placed and repaired before any lower one takes
    // room, so the lower classes can never crowd out a higher one.
    let mut start = 0;
    while start < order.len() {
        let p = inst.occs[order[start]].priority;
        let end = start + order[start..].partition_point(|&o| inst.occs[o].priority == p);
        for &o in &order[start..end] {
            let best = match pick {
                Pick::Nearest => st.first_free(o, &[]),
                Pick::Snug => st
                    .inst
                    .cands_of(o)
                    .filter(|&c| st.free(o, c))
                    .min_by_key(|&c| (st.gaps(o, c), c)),
                Pick::Coolest => {
                    spread(&st, &mut demand, o, -1.0);
                    st.inst
                        .cands_of(o)
                        .filter(|&c| st.free(o, c))
                        .map(|c| {
                            let heat: f32 = demand[st.cells_of(o, c)].iter().sum();
                            (heat + 0.05 * f32::from(st.inst.cands[c].travel), c)
                        })
                        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                        .map(|(_, c)| c)
                }
            };
            if let Some(c) = best {
                st.place(o, c);
            }
        }
        repair_all(&mut st, order[start..end].to_vec(), fair, &mut scratch);
        start = end;
    }
    repair_all(&mut st, order.to_vec(), fair, &mut scratch);
    polish(&mut st, order, fair, &mut scratch);
    st.choice
}

#[cfg(test)]
mod tests {
    use super::super::instance::{Cand, Occ, is_feasible, score};
    use super::*;

    fn occ(priority: u8, community: u32, len: u32) -> Occ {
        Occ {
            priority,
            community,
            len,
        }
    }

    fn cand(venue: u32, start: i64, travel: u8) -> Cand {
        Cand {
            venue,
            start,
            travel,
        }
    }

    #[test]
    fn relocates_a_flexible_blocker() {
        let mut inst = Instance::new();
        // The flexible one comes first by index but has more candidates, so the rigid one
        // goes first anyway; make the flexible one greedy-first by giving equal counts.
        inst.push(occ(0, 0, 2), [cand(0, 0, 0), cand(1, 0, 1)]);
        inst.push(occ(0, 1, 2), [cand(0, 1, 0), cand(0, 0, 0)]);
        let choice = solve(&inst, true);
        assert!(is_feasible(&inst, &choice));
        assert_eq!(score(&inst, &choice).placed, vec![(0, 2)]);
    }

    #[test]
    fn higher_priority_ejects_lower() {
        let mut inst = Instance::new();
        inst.push(occ(0, 0, 1), [cand(0, 0, 0)]);
        inst.push(occ(5, 1, 1), [cand(0, 0, 3)]);
        let choice = solve(&inst, true);
        assert_eq!(choice, vec![EMPTY, 1]);
    }

    #[test]
    fn fair_share_exchanges() {
        // Community 0 has three one-slot occurrences that fit anywhere in venue 0 (3 slots);
        // community 1 has two that fit only in slots 0 and 1.
        let mut inst = Instance::new();
        for _ in 0..3 {
            inst.push(occ(0, 0, 1), [cand(0, 0, 0), cand(0, 1, 0), cand(0, 2, 0)]);
        }
        for _ in 0..2 {
            inst.push(occ(0, 1, 1), [cand(0, 0, 3), cand(0, 1, 3)]);
        }
        let choice = solve(&inst, true);
        assert!(is_feasible(&inst, &choice));
        let s = score(&inst, &choice);
        assert_eq!(s.placed, vec![(0, 3)]);
        assert_eq!(s.squares, 2 * 2 + 1);
    }
}
