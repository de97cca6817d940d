//! Applying a validated batch to the network. Nothing here can fail: every reference was
//! checked by [`validate`](crate::model::validate) against the final state.

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::edit::CommitSummary;
use crate::model::graph::{Graph, Ix, Node, Relation};
use crate::model::network::IdMap;
use crate::model::relations::RelationOp;
use crate::model::validate::{Staged, Table};
use crate::model::{GridLayer, KeyTask, Network, Organisation, Person, Unit};

pub(super) fn apply(net: &mut Network, staged: Staged) -> CommitSummary {
    // Names may change: the name index is rebuilt when next asked.
    net.names.clear();
    // So may codes: the code index too.
    net.codes.clear();
    let mut sum = CommitSummary::default();
    // Only additions, removals and moves change the shape of a tree; renames do not.
    let mut units_reshaped = staged
        .units
        .entries
        .iter()
        .any(|e| e.base.is_none() != e.state.is_none());
    let orgs_changed = !staged.organisations.entries.is_empty();

    remove_entities(net, &staged, &mut sum);
    let placed = place_entities(net, &staged, &mut sum);
    units_reshaped |= link_entities(net, &staged, &placed);
    apply_relations(net, staged.relations, &mut sum);
    apply_layers(net, staged.layers, &mut sum);

    if units_reshaped {
        net.reindex_units();
    }
    if orgs_changed {
        net.reindex_organisations();
    }
    sum
}

/// Step 1: removals (their relations go with them).
fn remove_entities(net: &mut Network, staged: &Staged, sum: &mut CommitSummary) {
    remove(net, &staged.persons, |n| (&mut n.persons, &n.graph), sum);
    remove(net, &staged.tasks, |n| (&mut n.tasks, &n.graph), sum);
    remove(
        net,
        &staged.organisations,
        |n| (&mut n.organisations, &n.graph),
        sum,
    );
    for e in &staged.units.entries {
        if let (None, Some(ix)) = (&e.state, e.base) {
            net.layers.remove(&ix);
        }
    }
    remove(net, &staged.units, |n| (&mut n.units, &n.graph), sum);
}

/// The node of each staged entry of each table (`None`: removed, or not placed).
struct Placed {
    units: Vec<Option<Ix>>,
    organisations: Vec<Option<Ix>>,
    persons: Vec<Option<Ix>>,
    tasks: Vec<Option<Ix>>,
}

/// Step 2: nodes — the new are added, the updated overwritten; each entry's node is kept.
fn place_entities(net: &mut Network, staged: &Staged, sum: &mut CommitSummary) -> Placed {
    let levels = &staged.unit_levels;
    let unit_ix = place_all(
        net,
        &staged.units,
        |n| (&mut n.units, &n.graph),
        sum,
        |i, r| {
            // The id and name come with the other fields the record shares with the unit.
            let mut unit = Unit::new(Default::default(), Default::default(), levels[i]?);
            r.carry_to(&mut unit);
            Some(Node::Unit(unit))
        },
    );
    let org_ix = place_all(
        net,
        &staged.organisations,
        |n| (&mut n.organisations, &n.graph),
        sum,
        |_, r| {
            let org = Organisation {
                id: r.id.as_str().into(),
                name: r.name.as_str().into(),
                kind: r.kind,
                category: r.category,
            };
            Some(Node::Organisation(Box::new(org)))
        },
    );
    let person_ix = place_all(
        net,
        &staged.persons,
        |n| (&mut n.persons, &n.graph),
        sum,
        |_, r| {
            let person = Person {
                id: r.id.as_str().into(),
                name: r.name.as_str().into(),
                // An empty personal field is no value: stored as none, so that every way out
                // (CSV leaves the cell empty) gives the same record back.
                phone: r.phone.clone().filter(|s| !s.expose().is_empty()),
                id_number: r.id_number.clone().filter(|s| !s.expose().is_empty()),
                moved_out: r.moved_out,
            };
            Some(Node::Person(Box::new(person)))
        },
    );
    let task_ix = place_all(
        net,
        &staged.tasks,
        |n| (&mut n.tasks, &n.graph),
        sum,
        |_, r| {
            let task = KeyTask {
                id: r.id.as_str().into(),
                name: r.name.as_str().into(),
                category: r.category,
                deadline: r.deadline,
                status: r.status,
            };
            Some(Node::Task(Box::new(task)))
        },
    );
    Placed {
        units: unit_ix,
        organisations: org_ix,
        persons: person_ix,
        tasks: task_ix,
    }
}

/// Step 3: the structural relations of the touched entities, in staging order (which is the
/// order children will be listed in under a new parent). Whether a unit changed parent.
fn link_entities(net: &mut Network, staged: &Staged, placed: &Placed) -> bool {
    let mut units_reshaped = false;
    for (e, ix) in staged.units.entries.iter().zip(&placed.units) {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let parent = r.parent.as_ref().and_then(|p| net.units.get(&net.graph, p));
            units_reshaped |= set_source(
                net,
                ix,
                parent,
                |r| matches!(r, Relation::Contains),
                Relation::Contains,
            );
        }
    }
    for (e, ix) in staged
        .organisations
        .entries
        .iter()
        .zip(&placed.organisations)
    {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let parent = r
                .parent
                .as_ref()
                .and_then(|p| net.organisations.get(&net.graph, p));
            set_source(
                net,
                ix,
                parent,
                |r| matches!(r, Relation::Oversees),
                Relation::Oversees,
            );
            let anchor = r.anchor.as_ref().and_then(|a| net.units.get(&net.graph, a));
            set_target(
                net,
                ix,
                anchor,
                |r| matches!(r, Relation::AnchoredOn),
                Relation::AnchoredOn,
            );
        }
    }
    for (e, ix) in staged.persons.entries.iter().zip(&placed.persons) {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let home = r.home.as_ref().and_then(|h| net.units.get(&net.graph, h));
            set_target(
                net,
                ix,
                home,
                |r| matches!(r, Relation::LivesIn),
                Relation::LivesIn,
            );
            let work = r
                .works_at
                .as_ref()
                .and_then(|w| net.units.get(&net.graph, w));
            set_target(
                net,
                ix,
                work,
                |r| matches!(r, Relation::WorksAt),
                Relation::WorksAt,
            );
        }
    }
    for (e, ix) in staged.tasks.entries.iter().zip(&placed.tasks) {
        if let (Some(r), Some(ix)) = (&e.state, *ix) {
            let unit = net.units.get(&net.graph, &r.unit);
            set_target(
                net,
                ix,
                unit,
                |r| matches!(r, Relation::TaskAt),
                Relation::TaskAt,
            );
        }
    }
    units_reshaped
}

/// Step 4: the keyed relations (memberships, posts, contracts, …), in order.
fn apply_relations(net: &mut Network, relations: Vec<RelationOp>, sum: &mut CommitSummary) {
    // 4. Keyed relations, in order.
    for op in relations {
        match op {
            RelationOp::Add(key, end) => {
                let ends = key
                    .endpoints()
                    .ok()
                    .and_then(|[a, b]| Some((net.ix_of(a.kind, a.id)?, net.ix_of(b.kind, b.id)?)));
                if let Some((a, b)) = ends {
                    net.graph.add_edge(a, b, key.relation(end));
                    sum.added += 1;
                }
            }
            RelationOp::End(key, end) => {
                if let Some(span) = net
                    .relation_edge(&key)
                    .and_then(|e| net.graph.edge_weight_mut(e))
                    .and_then(span_of)
                {
                    span.end = Some(end);
                    sum.updated += 1;
                }
            }
            RelationOp::Remove(key) => {
                if let Some(e) = net.relation_edge(&key) {
                    net.graph.remove_edge(e);
                    sum.removed += 1;
                }
            }
        }
    }
}

/// Step 5: the buildings' grids in the grid layers.
fn apply_layers(
    net: &mut Network,
    layers: Vec<(String, GridLayer, Option<String>)>,
    sum: &mut CommitSummary,
) {
    for (building, layer, grid) in layers {
        let Some(b) = net.units.get(&net.graph, &building) else {
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
}

fn span_of(rel: &mut Relation) -> Option<&mut crate::model::Span> {
    match rel {
        Relation::MemberOf(s) | Relation::HoldsPost(_, s) | Relation::Contract(_, s) => Some(s),
        _ => None,
    }
}

/// Removes the nodes of the entries removed by the edit.
fn remove<R>(
    net: &mut Network,
    table: &Table<R>,
    ids: fn(&mut Network) -> (&mut IdMap, &Graph),
    sum: &mut CommitSummary,
) {
    for e in &table.entries {
        if let (None, Some(ix)) = (&e.state, e.base) {
            // The map finds the entry through the node: remove it first.
            let (map, graph) = ids(net);
            map.remove(graph, ix);
            net.graph.remove_node(ix);
            sum.removed += 1;
        }
    }
}

/// Adds the new entries' nodes and overwrites the updated ones; the node of each live entry.
fn place_all<R>(
    net: &mut Network,
    table: &Table<R>,
    ids: fn(&mut Network) -> (&mut IdMap, &Graph),
    sum: &mut CommitSummary,
    node: impl Fn(usize, &R) -> Option<Node>,
) -> Vec<Option<Ix>> {
    table
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let n = node(i, e.state.as_ref()?)?;
            Some(match e.base {
                Some(ix) => {
                    if let Some(w) = net.graph.node_weight_mut(ix) {
                        *w = n;
                    }
                    sum.updated += 1;
                    ix
                }
                None => {
                    let ix = net.graph.add_node(n);
                    let (map, graph) = ids(net);
                    map.insert(graph, ix);
                    sum.added += 1;
                    ix
                }
            })
        })
        .collect()
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
