//! [`NameIndex`]: units and persons sorted by name, so that a look-up by the start of a name
//! (what a search box asks as the user types) is a binary search, not a scan of every name.
//!
//! Derived, like the tree layouts, but built on first use rather than after each commit: a
//! network that is never searched by name never pays for sorting 64,000 names. A commit drops
//! it; the next look-up rebuilds it. Building is thread-safe (readers share the network).

use std::fmt;
use std::sync::OnceLock;

use crate::model::graph::{Graph, Ix, Node};

/// The nodes of units and of persons, each list sorted by name, then id.
#[derive(Clone, Default)]
pub(super) struct NameIndex {
    sorted: OnceLock<Sorted>,
}

#[derive(Clone)]
struct Sorted {
    units: Vec<Ix>,
    persons: Vec<Ix>,
}

impl fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sorted.get() {
            Some(s) => write!(
                f,
                "NameIndex({} units, {} persons)",
                s.units.len(),
                s.persons.len()
            ),
            None => f.write_str("NameIndex(not built)"),
        }
    }
}

/// The name and id of a unit or person node (empty for any other node).
fn name_and_id(graph: &Graph, ix: Ix) -> (&str, &str) {
    match graph.node_weight(ix) {
        Some(Node::Unit(u)) => (&u.name, &u.id),
        Some(Node::Person(p)) => (&p.name, &p.id),
        _ => ("", ""),
    }
}

impl NameIndex {
    /// Forgets the index: the names may have changed.
    pub(super) fn clear(&mut self) {
        self.sorted = OnceLock::new();
    }

    fn sorted(&self, graph: &Graph) -> &Sorted {
        self.sorted.get_or_init(|| {
            let by_name = |kind: fn(&Node) -> bool| {
                let mut nodes: Vec<Ix> = graph
                    .node_indices()
                    .filter(|&ix| kind(&graph[ix]))
                    .collect();
                nodes.sort_unstable_by(|&a, &b| name_and_id(graph, a).cmp(&name_and_id(graph, b)));
                nodes
            };
            Sorted {
                units: by_name(|n| matches!(n, Node::Unit(_))),
                persons: by_name(|n| matches!(n, Node::Person(_))),
            }
        })
    }

    /// Up to `limit` unit nodes whose name starts with `prefix`, by name, then id.
    pub(super) fn units(&self, graph: &Graph, prefix: &str, limit: usize) -> Vec<Ix> {
        starting_with(graph, &self.sorted(graph).units, prefix, limit)
    }

    /// Up to `limit` person nodes whose name starts with `prefix`, by name, then id.
    pub(super) fn persons(&self, graph: &Graph, prefix: &str, limit: usize) -> Vec<Ix> {
        starting_with(graph, &self.sorted(graph).persons, prefix, limit)
    }
}

/// The run of `sorted` whose names start with `prefix`: names with a prefix sort together,
/// from the first that is not less than the prefix itself.
fn starting_with(graph: &Graph, sorted: &[Ix], prefix: &str, limit: usize) -> Vec<Ix> {
    let from = sorted.partition_point(|&ix| name_and_id(graph, ix).0 < prefix);
    sorted[from..]
        .iter()
        .take_while(|&&ix| name_and_id(graph, ix).0.starts_with(prefix))
        .take(limit)
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Unit};

    #[test]
    fn prefixes_find_their_run_in_name_order() {
        let mut graph = Graph::default();
        let names = [
            "第2网格",
            "第1网格",
            "第10网格",
            "第1网格",
            "东区",
            "",
            "第",
        ];
        let nodes: Vec<Ix> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                graph.add_node(Node::Unit(Unit::new(
                    format!("U{i}").into(),
                    (*name).into(),
                    Level(0),
                )))
            })
            .collect();
        let index = NameIndex::default();
        let found = |prefix: &str, limit: usize| -> Vec<&str> {
            index
                .units(&graph, prefix, limit)
                .into_iter()
                .map(|ix| name_and_id(&graph, ix).1)
                .collect()
        };
        // Byte order ("0" before "网"), equal names by id; "第1" takes in "第10" too.
        assert_eq!(found("第1", 10), ["U2", "U1", "U3"]);
        assert_eq!(found("第1", 2), ["U2", "U1"]);
        assert_eq!(found("第", 10), ["U6", "U2", "U1", "U3", "U0"]);
        assert_eq!(found("东", 10), ["U4"]);
        assert_eq!(found("西", 10), Vec::<&str>::new());
        assert_eq!(found("", 3), ["U5", "U4", "U6"]);
        assert_eq!(found("第1", 0), Vec::<&str>::new());
        assert!(index.persons(&graph, "", 10).is_empty());
        // Cleared, it is built again from the graph as it is now.
        let mut index = index;
        graph.remove_node(nodes[4]);
        index.clear();
        assert_eq!(index.units(&graph, "东", 10), Vec::<Ix>::new(), "{index:?}");
    }
}
