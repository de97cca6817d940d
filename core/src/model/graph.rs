//! The typed nodes and relations of the network's graph. Crate-private: graph indices never
//! leave the crate, users name everything by their own ids.

use petgraph::stable_graph::{NodeIndex, StableDiGraph};

use crate::model::{ContractKind, KeyTask, Organisation, Person, Role, Span, Unit};

/// A node of the network graph.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Unit(Unit),
    // Boxed so that the millions of unit nodes do not pay for the larger variants.
    Organisation(Box<Organisation>),
    Person(Box<Person>),
    Task(Box<KeyTask>),
}

/// A typed relation (edge) of the network graph; the direction is given with each variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Relation {
    /// Parent unit → child unit.
    Contains,
    /// Parent organisation → child organisation.
    Oversees,
    /// Organisation → the unit it is anchored on.
    AnchoredOn,
    /// Person → the household (or unit) they live in.
    LivesIn,
    /// Person → the unit they work in.
    WorksAt,
    /// Person → organisation.
    MemberOf(Span),
    /// Person → unit or organisation.
    HoldsPost(Role, Span),
    /// Key task → the unit it is at.
    TaskAt,
    /// Pioneer → volunteer (一十百).
    Leads,
    /// Volunteer → household.
    Serves,
    /// Holder (person or organisation) → target (unit or key task).
    Contract(ContractKind, Span),
}

pub(super) type Graph = StableDiGraph<Node, Relation, u32>;
pub(super) type Ix = NodeIndex<u32>;

impl Node {
    pub(super) fn as_unit(&self) -> Option<&Unit> {
        match self {
            Node::Unit(u) => Some(u),
            _ => None,
        }
    }

    pub(super) fn as_organisation(&self) -> Option<&Organisation> {
        match self {
            Node::Organisation(o) => Some(o),
            _ => None,
        }
    }

    pub(super) fn as_person(&self) -> Option<&Person> {
        match self {
            Node::Person(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn as_task(&self) -> Option<&KeyTask> {
        match self {
            Node::Task(t) => Some(t),
            _ => None,
        }
    }

    pub(super) fn id(&self) -> &str {
        match self {
            Node::Unit(u) => &u.id,
            Node::Organisation(o) => &o.id,
            Node::Person(p) => &p.id,
            Node::Task(t) => &t.id,
        }
    }
}
