//! Derived indices of a tree inside the graph: pre-order positions and subtree intervals.
//!
//! Rebuilt after a commit that changes the tree's structure. With them, "is `a` an ancestor of
//! `b`" is two comparisons, a subtree is a contiguous slice of the pre-order, and the units of
//! one level inside a subtree are a binary-searched range of that level's list.

use petgraph::Direction;
use petgraph::visit::{EdgeRef, NodeIndexable};

use crate::model::graph::{Graph, Ix, Node, Relation};

pub(super) const NONE: u32 = u32::MAX;

/// Pre-order layout of one forest (the unit tree or the organisation tree).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct TreeIndex {
    /// Position in `order`, by node index; `NONE` for nodes outside this forest.
    pos: Vec<u32>,
    /// Nodes in pre-order: roots by node index, children in the order they were attached.
    pub(super) order: Vec<Ix>,
    /// By position: one past the last position of the subtree.
    pub(super) end: Vec<u32>,
    /// By position: the parent's position, or `NONE` for a root.
    pub(super) parent: Vec<u32>,
    /// By position: the number of edges up to the root.
    pub(super) depth: Vec<u16>,
    /// Positions of each group (unit level or organisation kind), ascending.
    pub(super) groups: Vec<Vec<u32>>,
}

impl TreeIndex {
    /// Lays out the forest of nodes accepted by `member`, linked by relations accepted by
    /// `link` (parent → child), grouping positions by `group` (one of `n_groups`).
    pub(super) fn build(
        graph: &Graph,
        member: impl Fn(&Node) -> bool,
        link: impl Fn(&Relation) -> bool,
        group: impl Fn(&Node) -> usize,
        n_groups: usize,
    ) -> Self {
        let bound = graph.node_bound();
        let mut pos = vec![NONE; bound];
        let mut order = Vec::new();
        let mut parent = Vec::new();
        let mut depth: Vec<u16> = Vec::new();
        let mut groups = vec![Vec::new(); n_groups];
        // Explicit stack, never recursion: user trees may be arbitrarily deep.
        let mut stack: Vec<(Ix, u32)> = Vec::new();
        for root in graph.node_indices() {
            if !member(&graph[root])
                || graph
                    .edges_directed(root, Direction::Incoming)
                    .any(|e| link(e.weight()))
            {
                continue;
            }
            stack.push((root, NONE));
            while let Some((node, parent_pos)) = stack.pop() {
                let p = order.len() as u32;
                pos[node.index()] = p;
                order.push(node);
                parent.push(parent_pos);
                depth.push(if parent_pos == NONE {
                    0
                } else {
                    depth[parent_pos as usize].saturating_add(1)
                });
                if let Some(g) = groups.get_mut(group(&graph[node])) {
                    g.push(p);
                }
                // Adjacency lists run newest first, and the stack reverses them again, so
                // children come out in the order they were attached.
                for e in graph.edges_directed(node, Direction::Outgoing) {
                    if link(e.weight()) && pos[e.target().index()] == NONE {
                        stack.push((e.target(), p));
                    }
                }
            }
        }
        Self::finish(pos, order, parent, depth, groups)
    }

    /// The layout of a forest whose nodes are listed already in pre-order, as a binary
    /// snapshot stores them: `parent[i]` is the position of node `i`'s parent (`NONE` for a
    /// root), `group[i]` its group. The same layout as [`TreeIndex::build`] when the list is
    /// what `build` would produce — roots by node index, children in the order they were
    /// attached, each subtree contiguous — and `None` when it is not, without walking the
    /// graph. `bound` is the graph's node bound.
    pub(super) fn from_preorder(
        bound: usize,
        order: Vec<Ix>,
        parent: Vec<u32>,
        group: impl Fn(usize) -> usize,
        n_groups: usize,
    ) -> Option<Self> {
        let n = order.len();
        if parent.len() != n {
            return None;
        }
        let mut pos = vec![NONE; bound];
        let mut depth: Vec<u16> = Vec::with_capacity(n);
        let mut groups = vec![Vec::new(); n_groups];
        // The path from a root to the previous node: a node's parent must be on it.
        let mut path: Vec<u32> = Vec::new();
        let mut last_root = None;
        for (i, (&node, &up)) in order.iter().zip(&parent).enumerate() {
            while path.last().is_some_and(|&top| top != up) {
                path.pop();
            }
            if up == NONE {
                // Roots come by node index.
                if last_root.is_some_and(|r: Ix| r.index() >= node.index()) {
                    return None;
                }
                last_root = Some(node);
                depth.push(0);
            } else if path.is_empty() {
                return None;
            } else {
                depth.push(depth[up as usize].saturating_add(1));
            }
            *pos.get_mut(node.index())? = i as u32;
            if let Some(g) = groups.get_mut(group(i)) {
                g.push(i as u32);
            }
            path.push(i as u32);
        }
        Some(Self::finish(pos, order, parent, depth, groups))
    }

    /// Completes a layout with each subtree's end.
    fn finish(
        pos: Vec<u32>,
        order: Vec<Ix>,
        parent: Vec<u32>,
        depth: Vec<u16>,
        groups: Vec<Vec<u32>>,
    ) -> Self {
        let n = order.len();
        let mut end: Vec<u32> = (1..=n as u32).collect();
        for p in (0..n).rev() {
            let up = parent[p];
            if up != NONE {
                end[up as usize] = end[up as usize].max(end[p]);
            }
        }
        TreeIndex {
            pos,
            order,
            end,
            parent,
            depth,
            groups,
        }
    }

    /// The position of `node`, if it is in this forest.
    pub(super) fn pos(&self, node: Ix) -> Option<u32> {
        self.pos.get(node.index()).copied().filter(|&p| p != NONE)
    }

    /// Whether position `a` is a proper ancestor of position `b`.
    pub(super) fn is_ancestor(&self, a: u32, b: u32) -> bool {
        a < b && b < self.end[a as usize]
    }

    /// The lowest common ancestor of two positions (either may be the other's ancestor).
    pub(super) fn lca(&self, mut a: u32, mut b: u32) -> Option<u32> {
        // Climb the deeper one first, then both: O(depth), and depth is small in governance trees.
        while self.depth[a as usize] > self.depth[b as usize] {
            a = self.parent[a as usize];
        }
        while self.depth[b as usize] > self.depth[a as usize] {
            b = self.parent[b as usize];
        }
        while a != b {
            a = self.parent[a as usize];
            b = self.parent[b as usize];
            if a == NONE || b == NONE {
                return None;
            }
        }
        Some(a)
    }

    /// The positions of the direct children of `p`, in order.
    pub(super) fn children(&self, p: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.end[p as usize];
        let mut next = p + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let c = next;
                next = self.end[c as usize];
                c
            })
        })
    }

    /// The positions of the roots, in order.
    pub(super) fn children_of_forest(&self) -> impl Iterator<Item = u32> + '_ {
        let n = self.order.len() as u32;
        let mut next = 0;
        std::iter::from_fn(move || {
            (next < n).then(|| {
                let r = next;
                next = self.end[r as usize];
                r
            })
        })
    }

    /// The positions of group `g` inside the subtree of `p` (including `p`).
    pub(super) fn group_in(&self, g: usize, p: u32) -> &[u32] {
        let Some(list) = self.groups.get(g) else {
            return &[];
        };
        let lo = list.partition_point(|&x| x < p);
        let hi = list.partition_point(|&x| x < self.end[p as usize]);
        &list[lo..hi]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Unit};

    /// A forest of units: `parents[i]` is the parent of node `i`, attached in list order.
    fn forest(parents: &[Option<usize>]) -> (Graph, Vec<Ix>) {
        let mut graph = Graph::default();
        let nodes: Vec<Ix> = (0..parents.len())
            .map(|i| {
                graph.add_node(Node::Unit(Unit::new(
                    format!("U{i}").into(),
                    "".into(),
                    Level((i % 3) as u8),
                )))
            })
            .collect();
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = *p {
                graph.add_edge(nodes[p], nodes[i], Relation::Contains);
            }
        }
        (graph, nodes)
    }

    fn built(graph: &Graph) -> TreeIndex {
        TreeIndex::build(
            graph,
            |n| matches!(n, Node::Unit(_)),
            |r| matches!(r, Relation::Contains),
            |n| n.as_unit().map_or(usize::MAX, |u| u.level.index()),
            3,
        )
    }

    /// The layout from a listing of `nodes` in the given order.
    fn listed(graph: &Graph, nodes: &[Ix], order: &[usize]) -> Option<TreeIndex> {
        let position = |ix: Ix| order.iter().position(|&o| nodes[o] == ix);
        let parent = order
            .iter()
            .map(|&o| {
                graph
                    .edges_directed(nodes[o], Direction::Incoming)
                    .next()
                    .and_then(|e| position(e.source()))
                    .map_or(NONE, |p| p as u32)
            })
            .collect();
        let level = |i: usize| {
            graph[nodes[order[i]]]
                .as_unit()
                .map_or(0, |u| u.level.index())
        };
        TreeIndex::from_preorder(
            graph.node_bound(),
            order.iter().map(|&o| nodes[o]).collect(),
            parent,
            level,
            3,
        )
    }

    #[test]
    fn a_preorder_listing_gives_the_built_layout() {
        // Two roots (0 and 6); 1 and 4 under 0, 2 and 3 under 1, 5 under 4, 7 under 6.
        let parents = [
            None,
            Some(0),
            Some(1),
            Some(1),
            Some(0),
            Some(4),
            None,
            Some(6),
        ];
        let (graph, nodes) = forest(&parents);
        let expected = built(&graph);
        assert_eq!(expected.order, nodes);
        assert_eq!(
            listed(&graph, &nodes, &[0, 1, 2, 3, 4, 5, 6, 7]),
            Some(expected)
        );
        // Not a pre-order: 4 comes back under 0 after 6 began a new tree, 5's parent is
        // not on the path, roots out of order.
        assert_eq!(listed(&graph, &nodes, &[0, 1, 2, 3, 6, 4, 5, 7]), None);
        assert_eq!(listed(&graph, &nodes, &[0, 1, 4, 2, 3, 5, 6, 7]), None);
        assert_eq!(listed(&graph, &nodes, &[6, 7, 0, 1, 2, 3, 4, 5]), None);
        // Mismatched lengths and parents after their children are refused, never a panic.
        assert_eq!(
            TreeIndex::from_preorder(8, nodes.clone(), vec![NONE], |_| 0, 3),
            None
        );
        assert_eq!(
            TreeIndex::from_preorder(8, nodes[..2].to_vec(), vec![1, NONE], |_| 0, 3),
            None
        );
        assert_eq!(
            TreeIndex::from_preorder(1, nodes[..2].to_vec(), vec![NONE, 0], |_| 0, 3),
            None
        );
    }
}
