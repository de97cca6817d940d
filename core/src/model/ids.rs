//! [`IdMap`]: the users' ids of one kind of entity, mapped to their graph nodes.
//!
//! The table holds node indices only (4 bytes a slot) and reads each id from its node when it
//! needs to compare or re-hash. A map keyed by a copy of every id took 32 bytes a slot: for a
//! community's 64,000 persons a 4 MB table whose inserts each missed the cache — most of the
//! time it took to open a snapshot — and for a megacity several hundred MB.

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::model::graph::{Graph, Ix, Node};

/// Ids of one kind of entity → their nodes in `graph`. Every method takes the graph the
/// indices point into; a node must still be in it when its id is removed from the map.
#[derive(Clone, Default)]
pub(super) struct IdMap {
    table: HashTable<Ix>,
    // Seeded per process: resistant to crafted collisions in user-supplied ids.
    hasher: foldhash::fast::RandomState,
}

impl fmt::Debug for IdMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdMap({} ids)", self.table.len())
    }
}

/// The id of the node at `ix` (empty for a vacant index, which the map never holds).
fn id_at(graph: &Graph, ix: Ix) -> &str {
    graph.node_weight(ix).map_or("", Node::id)
}

impl IdMap {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The number of ids.
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// Room for `additional` more ids without re-hashing.
    pub(super) fn reserve(&mut self, graph: &Graph, additional: usize) {
        let hasher = &self.hasher;
        self.table
            .reserve(additional, |&ix| hasher.hash_one(id_at(graph, ix)));
    }

    /// The node of `id`.
    pub(super) fn get(&self, graph: &Graph, id: &str) -> Option<Ix> {
        self.table
            .find(self.hash(id), |&ix| id_at(graph, ix) == id)
            .copied()
    }

    /// Whether `id` is present.
    pub(super) fn contains(&self, graph: &Graph, id: &str) -> bool {
        self.get(graph, id).is_some()
    }

    /// Adds the node `ix` under the id it holds; `false` (and nothing added) if another node
    /// already has that id.
    pub(super) fn insert(&mut self, graph: &Graph, ix: Ix) -> bool {
        let id = id_at(graph, ix);
        let hasher = &self.hasher;
        // One probe finds either the taken id or the free slot.
        match self.table.entry(
            hasher.hash_one(id),
            |&o| id_at(graph, o) == id,
            |&o| hasher.hash_one(id_at(graph, o)),
        ) {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(ix);
                true
            }
        }
    }

    /// Removes the node `ix` (found by the id it holds, so call this before removing the node
    /// from the graph); whether it was there.
    pub(super) fn remove(&mut self, graph: &Graph, ix: Ix) -> bool {
        let hash = self.hash(id_at(graph, ix));
        match self.table.find_entry(hash, |&o| o == ix) {
            Ok(entry) => {
                entry.remove();
                true
            }
            Err(_) => false,
        }
    }

    /// A read-only view bound to `graph`, for code that only looks ids up.
    pub(super) fn view<'a>(&'a self, graph: &'a Graph) -> IdView<'a> {
        IdView { map: self, graph }
    }
}

/// An [`IdMap`] with the graph it points into.
#[derive(Clone, Copy)]
pub(super) struct IdView<'a> {
    map: &'a IdMap,
    graph: &'a Graph,
}

impl IdView<'_> {
    /// The node of `id`.
    pub(super) fn get(&self, id: &str) -> Option<Ix> {
        self.map.get(self.graph, id)
    }

    /// Whether `id` is present.
    pub(super) fn contains(&self, id: &str) -> bool {
        self.map.contains(self.graph, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Unit};

    fn unit(graph: &mut Graph, id: &str) -> Ix {
        graph.add_node(Node::Unit(Unit::new(id.into(), "".into(), Level(0))))
    }

    #[test]
    fn ids_are_found_through_their_nodes() {
        let mut graph = Graph::default();
        let mut map = IdMap::default();
        let ixs: Vec<Ix> = (0..1000)
            .map(|i| unit(&mut graph, &format!("U{i}")))
            .collect();
        for &ix in &ixs {
            assert!(map.insert(&graph, ix));
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get(&graph, "U417"), Some(ixs[417]));
        assert_eq!(map.get(&graph, "U1000"), None);
        // A second node with a taken id is refused.
        let twin = unit(&mut graph, "U5");
        assert!(!map.insert(&graph, twin));
        assert_eq!(map.get(&graph, "U5"), Some(ixs[5]));
        // Removal goes by node, before the node leaves the graph.
        assert!(map.remove(&graph, ixs[5]));
        assert!(!map.remove(&graph, ixs[5]));
        graph.remove_node(ixs[5]);
        assert!(!map.view(&graph).contains("U5"));
        assert!(map.insert(&graph, twin));
        assert_eq!(map.view(&graph).get("U5"), Some(twin));
        assert_eq!(map.len(), 1000);
        let copy = map.clone();
        assert_eq!(copy.get(&graph, "U999"), Some(ixs[999]));
    }
}
