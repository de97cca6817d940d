//! Relations between entities that an edit adds, ends or removes by key: memberships, posts,
//! leads, services and contracts. One description of each kind — its endpoints, its key, its
//! graph relation — serves validation, application and lookup alike.

use chrono::NaiveDate;
use petgraph::stable_graph::EdgeIndex;
use petgraph::visit::EdgeRef;

use crate::EntityKind;
use crate::model::edit::{ContractKey, MembershipKey, PostKey};
use crate::model::graph::{Ix, Relation};
use crate::model::levels::HOUSEHOLD;
use crate::model::rules;
use crate::model::{Network, Span};

/// A relation identified by its endpoints (and, for dated relations, its start).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum RelationKey {
    Membership(MembershipKey),
    Post(PostKey),
    Lead {
        pioneer: String,
        volunteer: String,
    },
    Service {
        volunteer: String,
        household: String,
    },
    Contract(ContractKey),
}

/// One end of a relation: what kind of entity, its id, the field naming it, and the level a
/// unit endpoint must be on (when the scheme has that level).
pub(crate) struct Endpoint<'a> {
    pub(crate) kind: EntityKind,
    pub(crate) id: &'a str,
    pub(crate) field: &'static str,
    pub(crate) level: Option<&'static str>,
}

/// A staged change to a relation.
#[derive(Debug, Clone)]
pub(crate) enum RelationOp {
    Add(RelationKey, Option<NaiveDate>),
    End(RelationKey, NaiveDate),
    Remove(RelationKey),
}

impl RelationOp {
    pub(crate) fn key(&self) -> &RelationKey {
        match self {
            RelationOp::Add(k, _) | RelationOp::End(k, _) | RelationOp::Remove(k) => k,
        }
    }
}

const fn end<'a>(kind: EntityKind, id: &'a str, field: &'static str) -> Endpoint<'a> {
    Endpoint {
        kind,
        id,
        field,
        level: None,
    }
}

impl RelationKey {
    /// The id problems are reported against: the person or holder.
    pub(crate) fn owner(&self) -> &str {
        match self {
            RelationKey::Membership(k) => &k.person,
            RelationKey::Post(k) => &k.person,
            RelationKey::Lead { pioneer, .. } => pioneer,
            RelationKey::Service { volunteer, .. } => volunteer,
            RelationKey::Contract(k) => &k.holder,
        }
    }

    /// The two ends, source first; an error (field, message) when the key is malformed.
    pub(crate) fn endpoints(&self) -> Result<[Endpoint<'_>; 2], (&'static str, String)> {
        use EntityKind::*;
        Ok(match self {
            RelationKey::Membership(k) => [
                end(Person, &k.person, "person"),
                end(Organisation, &k.organisation, "organisation"),
            ],
            RelationKey::Post(k) => {
                let place = match (&k.unit, &k.organisation) {
                    (Some(u), None) => end(Unit, u, "unit"),
                    (None, Some(o)) => end(Organisation, o, "organisation"),
                    _ => {
                        return Err((
                            "unit",
                            "a post is held at exactly one of a unit and an organisation".into(),
                        ));
                    }
                };
                [end(Person, &k.person, "person"), place]
            }
            RelationKey::Lead { pioneer, volunteer } => {
                if pioneer == volunteer {
                    return Err(("volunteer", "a pioneer cannot lead themselves".into()));
                }
                [
                    end(Person, pioneer, "pioneer"),
                    end(Person, volunteer, "volunteer"),
                ]
            }
            RelationKey::Service {
                volunteer,
                household,
            } => [
                end(Person, volunteer, "volunteer"),
                Endpoint {
                    kind: Unit,
                    id: household,
                    field: "household",
                    level: Some(HOUSEHOLD),
                },
            ],
            RelationKey::Contract(k) => {
                let holder = if k.kind.held_by_organisations() {
                    Organisation
                } else {
                    Person
                };
                let target = match rules::contract_target_level(k.kind) {
                    Some(level) => Endpoint {
                        kind: Unit,
                        id: &k.target,
                        field: "target",
                        level: Some(level),
                    },
                    None => end(Task, &k.target, "target"),
                };
                [end(holder, &k.holder, "holder"), target]
            }
        })
    }

    /// The first day, for dated relations.
    pub(crate) fn start(&self) -> Option<NaiveDate> {
        match self {
            RelationKey::Membership(k) => Some(k.start),
            RelationKey::Post(k) => Some(k.start),
            RelationKey::Contract(k) => Some(k.start),
            RelationKey::Lead { .. } | RelationKey::Service { .. } => None,
        }
    }

    /// The field a duplicate or a missing relation is reported on.
    pub(crate) fn key_field(&self) -> &'static str {
        match self {
            RelationKey::Lead { .. } => "volunteer",
            RelationKey::Service { .. } => "household",
            _ => "start",
        }
    }

    /// The graph relation for this key, ending on `end`.
    pub(crate) fn relation(&self, end: Option<NaiveDate>) -> Relation {
        match self {
            RelationKey::Membership(k) => Relation::MemberOf(Span {
                start: k.start,
                end,
            }),
            RelationKey::Post(k) => Relation::HoldsPost(
                k.role,
                Span {
                    start: k.start,
                    end,
                },
            ),
            RelationKey::Lead { .. } => Relation::Leads,
            RelationKey::Service { .. } => Relation::Serves,
            RelationKey::Contract(k) => Relation::Contract(
                k.kind,
                Span {
                    start: k.start,
                    end,
                },
            ),
        }
    }

    /// Whether `rel` (between the right endpoints) is the relation this key names.
    fn matches(&self, rel: &Relation) -> bool {
        match (self, rel) {
            (RelationKey::Membership(k), Relation::MemberOf(s)) => s.start == k.start,
            (RelationKey::Post(k), Relation::HoldsPost(r, s)) => *r == k.role && s.start == k.start,
            (RelationKey::Lead { .. }, Relation::Leads) => true,
            (RelationKey::Service { .. }, Relation::Serves) => true,
            (RelationKey::Contract(k), Relation::Contract(kind, s)) => {
                *kind == k.kind && s.start == k.start
            }
            _ => false,
        }
    }

    /// A short description for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            RelationKey::Membership(k) => format!(
                "membership of `{}` in `{}` from {}",
                k.person, k.organisation, k.start
            ),
            RelationKey::Post(k) => format!("{} post of `{}` from {}", k.role, k.person, k.start),
            RelationKey::Lead { pioneer, volunteer } => {
                format!("lead of `{volunteer}` by `{pioneer}`")
            }
            RelationKey::Service {
                volunteer,
                household,
            } => format!("service of `{household}` by `{volunteer}`"),
            RelationKey::Contract(k) => format!(
                "{} contract of `{}` for `{}` from {}",
                k.kind, k.holder, k.target, k.start
            ),
        }
    }
}

impl Network {
    /// The node of entity `id` of `kind`, if it exists.
    pub(crate) fn ix_of(&self, kind: EntityKind, id: &str) -> Option<Ix> {
        let map = match kind {
            EntityKind::Unit => &self.units,
            EntityKind::Organisation => &self.organisations,
            EntityKind::Person => &self.persons,
            EntityKind::Task => &self.tasks,
            _ => return None,
        };
        map.get(&self.graph, id)
    }

    /// The edge of the relation `key`, if it exists.
    pub(crate) fn relation_edge(&self, key: &RelationKey) -> Option<EdgeIndex<u32>> {
        let [a, b] = key.endpoints().ok()?;
        let (a, b) = (self.ix_of(a.kind, a.id)?, self.ix_of(b.kind, b.id)?);
        self.graph
            .edges_connecting(a, b)
            .find(|e| key.matches(e.weight()))
            .map(|e| e.id())
    }
}
