//! One subdistrict's synthetic content as plain data with local indices, so subdistricts can be
//! generated in parallel and then inserted into the graph in order.

use crate::model::{
    AllianceCategory, ContractKind, GridKind, GridLayer, Level, OrganisationKind, Role, Span,
    TaskCategory, TaskStatus,
};

pub(crate) struct PlanUnit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) level: Level,
    /// Local index of the parent; `None` for the subdistrict itself.
    pub(crate) parent: Option<u32>,
    pub(crate) grid_kind: Option<GridKind>,
    pub(crate) residents: u32,
}

pub(crate) struct PlanOrganisation {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: OrganisationKind,
    pub(crate) category: Option<AllianceCategory>,
    pub(crate) parent: Option<u32>,
    pub(crate) anchor: u32,
}

pub(crate) struct PlanPerson {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) phone: Option<String>,
    /// Given once the subdistrict is complete (see `subdistrict::id_numbers`).
    pub(crate) id_number: Option<String>,
    pub(crate) home: Option<u32>,
}

pub(crate) struct PlanTask {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) unit: u32,
    pub(crate) category: TaskCategory,
    pub(crate) deadline: chrono::NaiveDate,
    pub(crate) status: TaskStatus,
}

/// A place a post is held at, or an end of a contract: a local unit, organisation, person or
/// task index.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Place {
    Unit(u32),
    Organisation(u32),
    Person(u32),
    Task(u32),
}

#[derive(Default)]
pub(crate) struct Plan {
    pub(crate) units: Vec<PlanUnit>,
    pub(crate) organisations: Vec<PlanOrganisation>,
    pub(crate) persons: Vec<PlanPerson>,
    pub(crate) works_at: Vec<(u32, u32)>,
    pub(crate) memberships: Vec<(u32, u32, Span)>,
    pub(crate) posts: Vec<(u32, Place, Role, Span)>,
    pub(crate) layers: Vec<(u32, GridLayer, String)>,
    pub(crate) tasks: Vec<PlanTask>,
    pub(crate) leads: Vec<(u32, u32)>,
    pub(crate) serves: Vec<(u32, u32)>,
    pub(crate) contracts: Vec<(ContractKind, Place, Place, Span)>,
}

impl Plan {
    pub(crate) fn unit(
        &mut self,
        id: String,
        name: String,
        level: Level,
        parent: Option<u32>,
        grid_kind: Option<GridKind>,
        residents: u32,
    ) -> u32 {
        self.units.push(PlanUnit {
            id,
            name,
            level,
            parent,
            grid_kind,
            residents,
        });
        (self.units.len() - 1) as u32
    }

    pub(crate) fn organisation(
        &mut self,
        id: String,
        name: String,
        kind: OrganisationKind,
        category: Option<AllianceCategory>,
        parent: Option<u32>,
        anchor: u32,
    ) -> u32 {
        self.organisations.push(PlanOrganisation {
            id,
            name,
            kind,
            category,
            parent,
            anchor,
        });
        (self.organisations.len() - 1) as u32
    }

    pub(crate) fn person(
        &mut self,
        id: String,
        name: String,
        phone: Option<String>,
        home: Option<u32>,
    ) -> u32 {
        self.persons.push(PlanPerson {
            id,
            name,
            phone,
            id_number: None,
            home,
        });
        (self.persons.len() - 1) as u32
    }
}
