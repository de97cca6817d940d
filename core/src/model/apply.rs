//! Applying a validated batch to the network. Nothing here can fail: every reference was
//! checked by [`validate`](crate::model::validate) against the final state.

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::edit::CommitSummary;
use crate::model::graph::{Ix, Node, Relation};
use crate::model::validate::{RelationOp, Staged};
use crate::model::{Network, Organisation, Person, Span, Unit};

pub(crate) fn apply(net: &mut Network, staged: Staged) -> CommitSummary {
    let mut sum = CommitSummary::default();
    // Only additions, removals and moves change the shape of a tree; renames do not.
    let mut units_reshaped = staged
        .units
        .entries
        .iter()
        .any(|e| e.base.is_none() != e.state.is_none());
    let orgs_changed = !staged.organisations.entries.is_empty();

    // 1. Removals (their relations go with them).
    for e in &staged.persons.entries {
        if let (None, Some(ix)) = (&e.state, e.base) {
            net.graph.remove_node(ix);
            net.persons.remove(&e.id);
            sum.removed += 1;
        }
    }
    for e in &staged.organisations.entries {
        if let (None, Some(ix)) = (&e.state, e.base) {
            net.graph.remove_node(ix);
            net.organisations.remove(&e.id);
            sum.removed += 1;
        }
    }
    for e in &staged.units.entries {
        if let (None, Some(ix)) = (&e.state, e.base) {
            net.graph.remove_node(ix);
            net.units.remove(&e.id);
            net.layers.remove(&ix);
            sum.removed += 1;
        }
    }

    // 2. Nodes: add the new, overwrite the updated. Remember each entry's node.
    let unit_ix: Vec<Option<Ix>> = staged
        .units
        .entries
        .iter()
        .zip(&staged.unit_levels)
        .map(|(e, level)| {
            let r = e.state.as_ref()?;
            let unit = Unit {
                id: r.id.clone(),
                name: r.name.clone(),
                level: (*level)?,
                grid_kind: r.grid_kind,
                residents: r.residents,
            };
            Some(place(net, e.base, Node::Unit(unit), &mut sum, |n, ix| {
                n.units.insert(r.id.clone(), ix);
            }))
        })
        .collect();
    let org_ix: Vec<Option<Ix>> = staged
        .organisations
        .entries
        .iter()
        .map(|e| {
            let r = e.state.as_ref()?;
            let org = Organisation {
                id: r.id.clone(),
                name: r.name.clone(),
                kind: r.kind,
                category: r.category,
            };
            Some(place(
                net,
                e.base,
                Node::Organisation(Box::new(org)),
                &mut sum,
                |n, ix| {
                    n.organisations.insert(r.id.clone(), ix);
                },
            ))
        })
        .collect();
    let person_ix: Vec<Option<Ix>> = staged
        .persons
        .entries
        .iter()
        .map(|e| {
            let r = e.state.as_ref()?;
            let person = Person {
                id: r.id.clone(),
                name: r.name.clone(),
                phone: r.phone.clone(),
                id_number: r.id_number.clone(),
            };
            Some(place(
                net,
                e.base,
                Node::Person(Box::new(person)),
                &mut sum,
                |n, ix| {
                    n.persons.insert(r.id.clone(), ix);
                },
            ))
        })
        .collect();

    // 3. Structural relations of the touched entities, in staging order (which is the order
    //    children will be listed in under a new parent).
    for (e, ix) in staged.units.entries.iter().zip(&unit_ix) {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let parent = r.parent.as_ref().and_then(|p| net.units.get(p).copied());
            units_reshaped |= set_source(
                net,
                ix,
                parent,
                |r| matches!(r, Relation::Contains),
                Relation::Contains,
            );
        }
    }
    for (e, ix) in staged.organisations.entries.iter().zip(&org_ix) {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let parent = r
                .parent
                .as_ref()
                .and_then(|p| net.organisations.get(p).copied());
            set_source(
                net,
                ix,
                parent,
                |r| matches!(r, Relation::Leads),
                Relation::Leads,
            );
            let anchor = r.anchor.as_ref().and_then(|a| net.units.get(a).copied());
            set_target(
                net,
                ix,
                anchor,
                |r| matches!(r, Relation::AnchoredOn),
                Relation::AnchoredOn,
            );
        }
    }
    for (e, ix) in staged.persons.entries.iter().zip(&person_ix) {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let home = r.home.as_ref().and_then(|h| net.units.get(h).copied());
            set_target(
                net,
                ix,
                home,
                |r| matches!(r, Relation::LivesIn),
                Relation::LivesIn,
            );
            let work = r.works_at.as_ref().and_then(|w| net.units.get(w).copied());
            set_target(
                net,
                ix,
                work,
                |r| matches!(r, Relation::WorksAt),
                Relation::WorksAt,
            );
        }
    }

    // 4. Dated relations, in order.
    for op in staged.memberships {
        match op {
            RelationOp::Add(r) => {
                if let (Some(&p), Some(&o)) = (
                    net.persons.get(&r.person),
                    net.organisations.get(&r.organisation),
                ) {
                    net.graph.add_edge(p, o, Relation::MemberOf(r.span()));
                    sum.added += 1;
                }
            }
            RelationOp::End(key, end) => {
                if let Some(e) = net.membership_edge(&key) {
                    if let Some(Relation::MemberOf(span)) = net.graph.edge_weight_mut(e) {
                        span.end = Some(end);
                    }
                    sum.updated += 1;
                }
            }
            RelationOp::Remove(key) => {
                if let Some(e) = net.membership_edge(&key) {
                    net.graph.remove_edge(e);
                    sum.removed += 1;
                }
            }
        }
    }
    for op in staged.posts {
        match op {
            RelationOp::Add(r) => {
                let at = net.post_place(r.unit.as_deref(), r.organisation.as_deref());
                if let (Some(&p), Some(at)) = (net.persons.get(&r.person), at) {
                    net.graph.add_edge(
                        p,
                        at,
                        Relation::HoldsPost(
                            r.role,
                            Span {
                                start: r.start,
                                end: r.end,
                            },
                        ),
                    );
                    sum.added += 1;
                }
            }
            RelationOp::End(key, end) => {
                if let Some(e) = net.post_edge(&key) {
                    if let Some(Relation::HoldsPost(_, span)) = net.graph.edge_weight_mut(e) {
                        span.end = Some(end);
                    }
                    sum.updated += 1;
                }
            }
            RelationOp::Remove(key) => {
                if let Some(e) = net.post_edge(&key) {
                    net.graph.remove_edge(e);
                    sum.removed += 1;
                }
            }
        }
    }
    for (building, layer, grid) in staged.layers {
        let Some(&b) = net.units.get(&building) else {
            continue;
        };
        match grid {
            Some(g) => {
                net.layers.entry(b).or_default().insert(layer, g);
                sum.updated += 1;
            }
            None => {
                if let Some(m) = net.layers.get_mut(&b) {
                    m.remove(&layer);
                    if m.is_empty() {
                        net.layers.remove(&b);
                    }
                }
                sum.removed += 1;
            }
        }
    }

    if units_reshaped {
        net.reindex_units();
    }
    if orgs_changed {
        net.reindex_organisations();
    }
    sum
}

/// Adds `node` (no `base`) or overwrites the node at `base`; returns its index.
fn place(
    net: &mut Network,
    base: Option<Ix>,
    node: Node,
    sum: &mut CommitSummary,
    register: impl FnOnce(&mut Network, Ix),
) -> Ix {
    match base {
        Some(ix) => {
            if let Some(w) = net.graph.node_weight_mut(ix) {
                *w = node;
            }
            sum.updated += 1;
            ix
        }
        None => {
            let ix = net.graph.add_node(node);
            register(net, ix);
            sum.added += 1;
            ix
        }
    }
}

/// Makes `source` the only source of an incoming `is`-relation of `ix`; true if it changed.
/// An unchanged relation is left in place, so that sibling order is kept.
fn set_source(
    net: &mut Network,
    ix: Ix,
    source: Option<Ix>,
    is: fn(&Relation) -> bool,
    rel: Relation,
) -> bool {
    let current: Vec<_> = net
        .graph
        .edges_directed(ix, Direction::Incoming)
        .filter(|e| is(e.weight()))
        .map(|e| (e.id(), e.source()))
        .collect();
    if current.len() == 1 && Some(current[0].1) == source || current.is_empty() && source.is_none()
    {
        return false;
    }
    for (e, _) in current {
        net.graph.remove_edge(e);
    }
    if let Some(s) = source {
        net.graph.add_edge(s, ix, rel);
    }
    true
}

/// Makes `target` the only target of an outgoing `is`-relation of `ix`.
fn set_target(
    net: &mut Network,
    ix: Ix,
    target: Option<Ix>,
    is: fn(&Relation) -> bool,
    rel: Relation,
) {
    let current: Vec<_> = net
        .graph
        .edges_directed(ix, Direction::Outgoing)
        .filter(|e| is(e.weight()))
        .map(|e| (e.id(), e.target()))
        .collect();
    if current.len() == 1 && Some(current[0].1) == target || current.is_empty() && target.is_none()
    {
        return;
    }
    for (e, _) in current {
        net.graph.remove_edge(e);
    }
    if let Some(t) = target {
        net.graph.add_edge(ix, t, rel);
    }
}
