//! The population register read by subtree: the residents of every unit under a unit, walked in
//! parallel. Deliberation reads its electorate through it (eligibility as of a decision day),
//! at the scale of a city-wide consultation.

use petgraph::visit::NodeIndexable;
use rayon::prelude::*;

use crate::Result;
use crate::model::graph::{Ix, Node, Relation};
use crate::model::{Network, Person, Unit};

/// Units handed to one task of the walk: large enough that the scheduling is lost in the work.
const CHUNK: usize = 4096;

impl Network {
    /// Folds every unit of `unit`'s subtree (the unit included) with the persons living in it,
    /// in parallel: `fold` sees one unit and its residents (each with its slot, see
    /// [`person_slot`](Self::person_slot)) at a time into an accumulator made by `init`; the
    /// accumulators are joined by `join`.
    pub(crate) fn fold_residents<T, I, F, J>(
        &self,
        unit: &str,
        init: I,
        fold: F,
        join: J,
    ) -> Result<T>
    where
        T: Send,
        I: Fn() -> T + Sync + Send,
        F: Fn(&mut T, &Unit, &mut dyn Iterator<Item = (u32, &Person)>) + Sync + Send,
        J: Fn(T, T) -> T + Sync + Send,
    {
        let p = self.unit_pos(unit)? as usize;
        let slice = &self.unit_tree.order[p..self.unit_tree.end[p] as usize];
        Ok(slice
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut acc = init();
                for &u in chunk {
                    let mut residents = self
                        .sources(u, |r| matches!(r, Relation::LivesIn))
                        .map(|x| (x.index() as u32, self.person_at(x)));
                    fold(&mut acc, self.unit_at(u), &mut residents);
                }
                acc
            })
            .reduce(&init, &join))
    }

    /// Where the person `id` sits in the network's storage: a number below
    /// [`person_slots`](Self::person_slots), for bitsets over persons. A slot stays the
    /// person's while they are in the network; after edits, check it with
    /// [`person_in_slot`](Self::person_in_slot).
    pub(crate) fn person_slot(&self, id: &str) -> Option<u32> {
        self.person_ix(id).ok().map(|ix| ix.index() as u32)
    }

    /// The person in `slot`, if a person is there.
    pub(crate) fn person_in_slot(&self, slot: u32) -> Option<&Person> {
        self.graph
            .node_weight(Ix::new(slot as usize))
            .and_then(Node::as_person)
    }

    /// One past the highest slot.
    pub(crate) fn person_slots(&self) -> usize {
        self.graph.node_bound()
    }
}
