//! Validation of a batch of changes, without touching the network.
//!
//! The batch is first replayed onto a staging area (an overlay of the touched entities over the
//! network), recording problems local to each change; then every reference of every touched
//! entity, and every entity that referred to a removed one, is checked against the final
//! state. Only a batch without problems reaches [`apply`](crate::model::apply).

use std::collections::{HashMap, HashSet};

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::edit::{Change, Changeset, MembershipKey, PostKey};
use crate::model::graph::{Ix, Relation};
use crate::model::identity;
use crate::model::ids::IdView;
use crate::model::index::NONE;
use crate::model::levels;
use crate::model::relations::{RelationKey, RelationOp};
use crate::model::rules;
use crate::model::{
    GridLayer, Level, Network, OrganisationKind, OrganisationRecord, PersonRecord, Sensitive,
    TaskRecord, UnitRecord,
};
use crate::{EntityKind, Origin, Problem};

/// One touched entity: where it was (if it existed), what it will be (`None`: removed).
#[derive(Debug)]
pub(super) struct Entry<R> {
    pub(super) id: String,
    pub(super) base: Option<Ix>,
    pub(super) state: Option<R>,
    pub(super) origin: Option<Origin>,
}

/// The touched entities of one kind, in the order first touched.
#[derive(Debug)]
pub(super) struct Table<R> {
    pub(super) entries: Vec<Entry<R>>,
    by_id: HashMap<String, usize, foldhash::fast::RandomState>,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Table {
            entries: Vec::new(),
            by_id: HashMap::default(),
        }
    }
}

impl<R> Table<R> {
    fn get(&self, id: &str) -> Option<&Entry<R>> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    fn insert(&mut self, entry: Entry<R>) -> usize {
        let i = self.entries.len();
        self.by_id.insert(entry.id.clone(), i);
        self.entries.push(entry);
        i
    }

    /// Whether `id` will exist after the edit, if the table decides it (`None`: untouched).
    fn alive(&self, id: &str) -> Option<bool> {
        self.get(id).map(|e| e.state.is_some())
    }
}

/// A validated batch, ready to apply.
#[derive(Debug, Default)]
pub(super) struct Staged {
    pub(super) units: Table<UnitRecord>,
    /// Resolved levels of the staged units, by entry.
    pub(super) unit_levels: Vec<Option<Level>>,
    pub(super) organisations: Table<OrganisationRecord>,
    pub(super) persons: Table<PersonRecord>,
    pub(super) tasks: Table<TaskRecord>,
    pub(super) relations: Vec<RelationOp>,
    pub(super) layers: Vec<(String, GridLayer, Option<String>)>,
}

/// Replays `changes` onto a staging area over `net` and checks the result.
pub(super) fn stage(net: &Network, changes: &Changeset) -> Result<Staged, Vec<Problem>> {
    let mut s = Stager {
        net,
        staged: Staged::default(),
        problems: Vec::new(),
        relation_origins: Vec::new(),
        layer_origins: Vec::new(),
    };
    for (change, origin) in &changes.changes {
        s.replay(change, origin.as_ref());
    }
    s.check_units();
    s.check_organisations();
    s.check_persons();
    s.check_tasks();
    s.check_relations();
    s.check_layers();
    if s.problems.is_empty() {
        Ok(s.staged)
    } else {
        Err(s.problems)
    }
}

struct Stager<'n> {
    net: &'n Network,
    staged: Staged,
    problems: Vec<Problem>,
    relation_origins: Vec<Option<Origin>>,
    layer_origins: Vec<Option<Origin>>,
}

/// The final state of an entity as seen through the staging area.
enum Seen<'a, R> {
    Absent,
    Removed,
    Staged(&'a R),
    Base(Ix),
}

/// A problem found during the final checks: origin, id, field, message.
type Finding = (Option<Origin>, String, &'static str, String);

/// Stages `record` under `id` as a new entity unless the id is empty, staged or taken.
fn add_entry<R>(
    table: &mut Table<R>,
    base: IdView<'_>,
    what: &str,
    id: &str,
    record: R,
    origin: Option<&Origin>,
    problems: &mut Vec<Problem>,
) -> bool {
    let message = if let Some(m) = rules::id_problem(what, id) {
        m
    } else if table.get(id).is_some() {
        format!("{what} `{id}` is staged twice in this edit")
    } else if base.contains(id) {
        format!("a {what} with id `{id}` already exists")
    } else {
        table.insert(Entry {
            id: id.to_owned(),
            base: None,
            state: Some(record),
            origin: origin.cloned(),
        });
        return true;
    };
    let mut p = Problem::new(id, "id", message);
    p.origin = origin.cloned();
    problems.push(p);
    false
}

/// The staging entry of an existing entity, created from the network on first touch; `None`
/// (with a problem) if it does not exist or was removed earlier in the edit.
fn touch<R>(
    table: &mut Table<R>,
    base: IdView<'_>,
    what: &str,
    id: &str,
    origin: Option<&Origin>,
    problems: &mut Vec<Problem>,
    record: impl FnOnce(Ix) -> R,
) -> Option<usize> {
    let message = match table.by_id.get(id) {
        Some(&i) if table.entries[i].state.is_some() => return Some(i),
        Some(_) => format!("{what} `{id}` was removed earlier in this edit"),
        None => match base.get(id) {
            Some(ix) => {
                let r = record(ix);
                return Some(table.insert(Entry {
                    id: id.to_owned(),
                    base: Some(ix),
                    state: Some(r),
                    origin: None,
                }));
            }
            None => format!("unknown {what} `{id}`"),
        },
    };
    let mut p = Problem::new(id, "id", message);
    p.origin = origin.cloned();
    problems.push(p);
    None
}

/// Sets the state of entry `i` (`None` removes) and remembers the change's origin.
fn set<R>(table: &mut Table<R>, i: Option<usize>, state: Option<R>, origin: Option<&Origin>) {
    if let Some(i) = i {
        let e = &mut table.entries[i];
        e.state = state;
        e.origin = origin.cloned();
    }
}

/// What a change does to an entity of its table.
enum Step<'r, R> {
    /// Adds it; its id must be new.
    Add(&'r R),
    /// Replaces its record; it must exist.
    Update(&'r R),
    /// Removes it; it must exist.
    Remove,
}

/// Stages one step of an organisation, person or key task: the same rules for each table.
#[allow(clippy::too_many_arguments)]
fn entity<R: Clone>(
    table: &mut Table<R>,
    base: IdView<'_>,
    what: &str,
    id: &str,
    step: Step<'_, R>,
    origin: Option<&Origin>,
    problems: &mut Vec<Problem>,
    current: impl FnOnce(Ix) -> R,
) {
    match step {
        Step::Add(r) => {
            add_entry(table, base, what, id, r.clone(), origin, problems);
        }
        Step::Update(r) => {
            let i = touch(table, base, what, id, origin, problems, current);
            set(table, i, Some(r.clone()), origin);
        }
        Step::Remove => {
            let i = touch(table, base, what, id, origin, problems, current);
            set(table, i, None, origin);
        }
    }
}

/// The relation a change adds, ends or removes, if it is one of the keyed relations
/// (memberships, posts, leads, services, contracts).
fn relation_op(change: &Change) -> Option<RelationOp> {
    Some(match change {
        Change::AddMembership(r) => {
            RelationOp::Add(RelationKey::Membership(MembershipKey::from(r)), r.end)
        }
        Change::EndMembership { key, end } => {
            RelationOp::End(RelationKey::Membership(key.clone()), *end)
        }
        Change::RemoveMembership(key) => RelationOp::Remove(RelationKey::Membership(key.clone())),
        Change::AddPost(r) => RelationOp::Add(RelationKey::Post(PostKey::from(r)), r.end),
        Change::EndPost { key, end } => RelationOp::End(RelationKey::Post(key.clone()), *end),
        Change::RemovePost(key) => RelationOp::Remove(RelationKey::Post(key.clone())),
        Change::AddLead(r) | Change::RemoveLead(r) => {
            let key = RelationKey::Lead {
                pioneer: r.pioneer.clone(),
                volunteer: r.volunteer.clone(),
            };
            if matches!(change, Change::AddLead(_)) {
                RelationOp::Add(key, None)
            } else {
                RelationOp::Remove(key)
            }
        }
        Change::AddService(r) | Change::RemoveService(r) => {
            let key = RelationKey::Service {
                volunteer: r.volunteer.clone(),
                household: r.household.clone(),
            };
            if matches!(change, Change::AddService(_)) {
                RelationOp::Add(key, None)
            } else {
                RelationOp::Remove(key)
            }
        }
        Change::AddContract(r) => RelationOp::Add(RelationKey::Contract(r.into()), r.end),
        Change::EndContract { key, end } => {
            RelationOp::End(RelationKey::Contract(key.clone()), *end)
        }
        Change::RemoveContract(key) => RelationOp::Remove(RelationKey::Contract(key.clone())),
        _ => return None,
    })
}

impl<'n> Stager<'n> {
    fn problem(
        &mut self,
        origin: Option<&Origin>,
        id: &str,
        field: &str,
        message: impl Into<String>,
    ) {
        let mut p = Problem::new(id, field, message);
        p.origin = origin.cloned();
        self.problems.push(p);
    }

    fn report(&mut self, found: Vec<Finding>) {
        for (origin, id, field, msg) in found {
            self.problem(origin.as_ref(), &id, field, msg);
        }
    }

    // ---- replay ------------------------------------------------------------------------------

    /// Stages one change: entities into their tables, relations and layer assignments into
    /// their lists, each with the row it came from.
    fn replay(&mut self, change: &Change, origin: Option<&Origin>) {
        if let Some(op) = relation_op(change) {
            return self.relation(op, origin);
        }
        let net = self.net;
        let (st, ps) = (&mut self.staged, &mut self.problems);
        match change {
            Change::AddOrganisation(r) => entity(
                &mut st.organisations,
                net.organisations.view(&net.graph),
                "organisation",
                &r.id,
                Step::Add(r),
                origin,
                ps,
                |ix| net.organisation_record(ix),
            ),
            Change::UpdateOrganisation(r) => entity(
                &mut st.organisations,
                net.organisations.view(&net.graph),
                "organisation",
                &r.id,
                Step::Update(r),
                origin,
                ps,
                |ix| net.organisation_record(ix),
            ),
            Change::RemoveOrganisation { id } => entity(
                &mut st.organisations,
                net.organisations.view(&net.graph),
                "organisation",
                id,
                Step::Remove,
                origin,
                ps,
                |ix| net.organisation_record(ix),
            ),
            Change::AddPerson(r) => entity(
                &mut st.persons,
                net.persons.view(&net.graph),
                "person",
                &r.id,
                Step::Add(r),
                origin,
                ps,
                |ix| net.person_record(ix),
            ),
            Change::UpdatePerson(r) => entity(
                &mut st.persons,
                net.persons.view(&net.graph),
                "person",
                &r.id,
                Step::Update(r),
                origin,
                ps,
                |ix| net.person_record(ix),
            ),
            Change::RemovePerson { id } => entity(
                &mut st.persons,
                net.persons.view(&net.graph),
                "person",
                id,
                Step::Remove,
                origin,
                ps,
                |ix| net.person_record(ix),
            ),
            Change::AddTask(r) => entity(
                &mut st.tasks,
                net.tasks.view(&net.graph),
                "task",
                &r.id,
                Step::Add(r),
                origin,
                ps,
                |ix| net.task_record(ix),
            ),
            Change::UpdateTask(r) => entity(
                &mut st.tasks,
                net.tasks.view(&net.graph),
                "task",
                &r.id,
                Step::Update(r),
                origin,
                ps,
                |ix| net.task_record(ix),
            ),
            Change::RemoveTask { id } => entity(
                &mut st.tasks,
                net.tasks.view(&net.graph),
                "task",
                id,
                Step::Remove,
                origin,
                ps,
                |ix| net.task_record(ix),
            ),
            Change::SetGridLayer(r) => {
                st.layers
                    .push((r.building.clone(), r.layer, Some(r.grid.clone())));
                self.layer_origins.push(origin.cloned());
            }
            Change::ClearGridLayer { building, layer } => {
                st.layers.push((building.clone(), *layer, None));
                self.layer_origins.push(origin.cloned());
            }
            _ => self.replay_unit(change, origin),
        }
    }

    /// Stages a change of a unit. Units keep their resolved levels beside their entries, and
    /// a unit's level never changes.
    fn replay_unit(&mut self, change: &Change, origin: Option<&Origin>) {
        let net = self.net;
        match change {
            Change::AddUnit(r) => {
                let added = add_entry(
                    &mut self.staged.units,
                    net.units.view(&net.graph),
                    "unit",
                    &r.id,
                    r.clone(),
                    origin,
                    &mut self.problems,
                );
                if added {
                    let level = self.resolve_level(origin, r);
                    self.staged.unit_levels.push(level);
                }
            }
            Change::UpdateUnit(r) => {
                if let Some(i) = self.touch_unit(origin, &r.id) {
                    let level = self.resolve_level(origin, r);
                    if let (Some(new), Some(old)) = (level, self.staged.unit_levels[i])
                        && new != old
                    {
                        let msg = format!(
                            "a unit's level cannot change (it is {}, not {}); remove it and add it anew",
                            with_article(net.scheme.name(old)),
                            with_article(net.scheme.name(new))
                        );
                        self.problem(origin, &r.id, "level", msg);
                    }
                    set(&mut self.staged.units, Some(i), Some(r.clone()), origin);
                }
            }
            Change::MoveUnit { id, parent } => {
                if let Some(i) = self.touch_unit(origin, id) {
                    let e = &mut self.staged.units.entries[i];
                    if let Some(u) = e.state.as_mut() {
                        u.parent = parent.clone();
                    }
                    e.origin = origin.cloned();
                }
            }
            Change::RemoveUnit { id } => {
                let i = self.touch_unit(origin, id);
                set(&mut self.staged.units, i, None, origin);
            }
            // `replay` stages every other change itself.
            _ => {}
        }
    }

    fn relation(&mut self, op: RelationOp, origin: Option<&Origin>) {
        self.staged.relations.push(op);
        self.relation_origins.push(origin.cloned());
    }

    fn resolve_level(&mut self, origin: Option<&Origin>, r: &UnitRecord) -> Option<Level> {
        let scheme = &self.net.scheme;
        let Some(level) = scheme.level(&r.level) else {
            let names: Vec<&str> = scheme.levels().map(|l| scheme.name(l)).collect();
            let msg = format!(
                "unknown level `{}`; this network's levels are {}",
                r.level,
                names.join(", ")
            );
            self.problem(origin, &r.id, "level", msg);
            return None;
        };
        if r.grid_kind.is_some()
            && let Some(msg) = rules::grid_kind_problem(scheme, level)
        {
            self.problem(origin, &r.id, "grid_kind", msg);
        }
        if let Some(msg) = r.code.as_deref().and_then(rules::division_code_problem) {
            self.problem(origin, &r.id, "code", msg);
        }
        Some(level)
    }

    /// Like [`touch`], keeping the resolved levels in step with the unit entries.
    fn touch_unit(&mut self, origin: Option<&Origin>, id: &str) -> Option<usize> {
        let net = self.net;
        let before = self.staged.units.entries.len();
        let i = touch(
            &mut self.staged.units,
            net.units.view(&net.graph),
            "unit",
            id,
            origin,
            &mut self.problems,
            |ix| net.unit_record(ix),
        );
        if self.staged.units.entries.len() > before
            && let Some(ix) = net.units.get(&net.graph, id)
        {
            self.staged.unit_levels.push(Some(net.unit_at(ix).level));
        }
        i
    }

    // ---- the final state ---------------------------------------------------------------------

    fn unit_seen(&self, id: &str) -> Seen<'_, UnitRecord> {
        seen(&self.staged.units, self.net.units.view(&self.net.graph), id)
    }

    fn organisation_seen(&self, id: &str) -> Seen<'_, OrganisationRecord> {
        seen(
            &self.staged.organisations,
            self.net.organisations.view(&self.net.graph),
            id,
        )
    }

    /// The final level of unit `id`: `None` if it will not exist, `Some(None)` if its level is
    /// unknown (already reported).
    fn final_level(&self, id: &str) -> Option<Option<Level>> {
        match self.staged.units.by_id.get(id) {
            Some(&i) => self.staged.units.entries[i]
                .state
                .as_ref()
                .map(|_| self.staged.unit_levels[i]),
            None => self
                .net
                .units
                .get(&self.net.graph, id)
                .map(|ix| Some(self.net.unit_at(ix).level)),
        }
    }

    fn final_unit_parent(&self, id: &str) -> Option<String> {
        match self.unit_seen(id) {
            Seen::Staged(r) => r.parent.clone(),
            Seen::Base(ix) => {
                let p = self.net.unit_tree.pos(ix)?;
                let up = self.net.unit_tree.parent[p as usize];
                (up != NONE).then(|| {
                    self.net
                        .unit_at(self.net.unit_tree.order[up as usize])
                        .id
                        .to_string()
                })
            }
            _ => None,
        }
    }

    fn final_organisation_kind(&self, id: &str) -> Option<OrganisationKind> {
        match self.organisation_seen(id) {
            Seen::Staged(r) => Some(r.kind),
            Seen::Base(ix) => Some(self.net.organisation_at(ix).kind),
            _ => None,
        }
    }

    fn final_organisation_parent(&self, id: &str) -> Option<String> {
        match self.organisation_seen(id) {
            Seen::Staged(r) => r.parent.clone(),
            Seen::Base(ix) => self
                .net
                .out_parent_org(ix)
                .map(|p| self.net.organisation_at(p).id.to_string()),
            _ => None,
        }
    }

    /// Whether entity `id` of `kind` will exist after the edit.
    fn exists(&self, kind: EntityKind, id: &str) -> bool {
        let net = self.net;
        let (staged, base) = match kind {
            EntityKind::Unit => (self.staged.units.alive(id), &net.units),
            EntityKind::Organisation => (self.staged.organisations.alive(id), &net.organisations),
            EntityKind::Person => (self.staged.persons.alive(id), &net.persons),
            EntityKind::Task => (self.staged.tasks.alive(id), &net.tasks),
            _ => return false,
        };
        staged.unwrap_or_else(|| base.contains(&net.graph, id))
    }

    /// Why unit `id` cannot serve where a unit on `level` is wanted: it does not exist, or it
    /// is on another level (checked only if the scheme has `level`).
    fn unit_problem(&self, id: &str, level: Option<&str>) -> Option<String> {
        let want = level.and_then(|l| self.net.scheme.level(l));
        match self.final_level(id) {
            None => Some(format!("unknown unit `{id}`")),
            Some(Some(l)) if want.is_some_and(|w| w != l) => Some(format!(
                "`{id}` is {}, not {}",
                with_article(self.net.scheme.name(l)),
                with_article(level.unwrap_or_default())
            )),
            _ => None,
        }
    }

    // ---- final checks ------------------------------------------------------------------------

    fn check_units(&mut self) {
        let scheme = &self.net.scheme;
        let mut found = Vec::new();
        for (i, e) in self.staged.units.entries.iter().enumerate() {
            let Some(r) = &e.state else {
                if let Some(ix) = e.base {
                    self.check_removed_unit(e, ix, &mut found);
                }
                continue;
            };
            let Some(parent) = &r.parent else { continue };
            let fail = |msg: String| (e.origin.clone(), e.id.clone(), "parent", msg);
            if parent == &e.id {
                found.push(fail("a unit cannot contain itself".into()));
                continue;
            }
            match (self.final_level(parent), self.staged.unit_levels[i]) {
                (None, _) => found.push(fail(format!("unknown unit `{parent}`"))),
                (Some(Some(pl)), Some(l)) => {
                    if let Some(mut msg) = rules::nesting_problem(scheme, parent, pl, l) {
                        if self.closes_cycle(&e.id, parent, |s, id| s.final_unit_parent(id)) {
                            msg = format!(
                                "placing `{}` under `{parent}` would make a cycle; {msg}",
                                e.id
                            );
                        }
                        found.push(fail(msg));
                    }
                }
                _ => {}
            }
        }
        self.report(found);
    }

    /// Whether walking up from `start` through the final parents reaches `id`.
    fn closes_cycle(
        &self,
        id: &str,
        start: &str,
        parent_of: impl Fn(&Self, &str) -> Option<String>,
    ) -> bool {
        let mut at = start.to_owned();
        // Any walk longer than the staged entries plus the deepest base chain has looped.
        let limit =
            self.staged.units.entries.len() + self.staged.organisations.entries.len() + 1024;
        for _ in 0..limit {
            if at == id {
                return true;
            }
            match parent_of(self, &at) {
                Some(p) => at = p,
                None => return false,
            }
        }
        true
    }

    /// Base entities that would be orphaned by removing `e`: listed in one finding.
    fn orphans(
        e: &Entry<impl Sized>,
        what: &str,
        fix: &str,
        stays: &[&str],
        found: &mut Vec<Finding>,
    ) {
        if !stays.is_empty() {
            found.push((
                e.origin.clone(),
                e.id.clone(),
                "id",
                format!(
                    "cannot remove `{}`: {} {what} ({}); {fix} in the same edit",
                    e.id,
                    stays.len(),
                    preview(stays)
                ),
            ));
        }
    }

    fn check_removed_unit(&self, e: &Entry<UnitRecord>, ix: Ix, found: &mut Vec<Finding>) {
        let net = self.net;
        if let Some(p) = net.unit_tree.pos(ix) {
            let stays: Vec<&str> = net
                .unit_tree
                .children(p)
                .map(|c| net.unit_at(net.unit_tree.order[c as usize]).id.as_str())
                .filter(|c| matches!(self.unit_seen(c), Seen::Base(_)))
                .collect();
            Self::orphans(
                e,
                "unit(s) would be orphaned",
                "remove or move them",
                &stays,
                found,
            );
        }
        let anchored: Vec<&str> = net
            .sources(ix, |r| matches!(r, Relation::AnchoredOn))
            .map(|o| net.organisation_at(o).id.as_str())
            .filter(|o| matches!(self.organisation_seen(o), Seen::Base(_)))
            .collect();
        Self::orphans(
            e,
            "organisation(s) are anchored on it",
            "remove or re-anchor them",
            &anchored,
            found,
        );
        let tasks: Vec<&str> = net
            .sources(ix, |r| matches!(r, Relation::TaskAt))
            .map(|t| net.task_at(t).id.as_str())
            .filter(|t| self.staged.tasks.get(t).is_none())
            .collect();
        Self::orphans(
            e,
            "key task(s) are at it",
            "remove or move them",
            &tasks,
            found,
        );
    }

    fn check_organisations(&mut self) {
        let mut found: Vec<Finding> = Vec::new();
        for e in &self.staged.organisations.entries {
            let Some(r) = &e.state else {
                if let Some(ix) = e.base {
                    let net = self.net;
                    let stays: Vec<&str> = net
                        .graph
                        .edges_directed(ix, Direction::Outgoing)
                        .filter(|x| matches!(x.weight(), Relation::Oversees))
                        .map(|x| net.organisation_at(x.target()).id.as_str())
                        .filter(|c| matches!(self.organisation_seen(c), Seen::Base(_)))
                        .collect();
                    Self::orphans(
                        e,
                        "organisation(s) would be orphaned",
                        "remove or move them",
                        &stays,
                        &mut found,
                    );
                }
                continue;
            };
            let fail =
                |field: &'static str, msg: String| (e.origin.clone(), e.id.clone(), field, msg);
            match &r.anchor {
                None => found.push(fail(
                    "anchor",
                    "an organisation must be anchored on a unit".into(),
                )),
                Some(a) => found.extend(self.unit_problem(a, None).map(|m| fail("anchor", m))),
            }
            if let Some(parent) = &r.parent {
                if parent == &e.id {
                    found.push(fail("parent", "an organisation cannot lead itself".into()));
                    continue;
                }
                match self.final_organisation_kind(parent) {
                    None => found.push(fail("parent", format!("unknown organisation `{parent}`"))),
                    Some(pk) => {
                        if let Some(mut msg) =
                            rules::organisation_nesting_problem(parent, pk, r.kind)
                        {
                            if self.closes_cycle(&e.id, parent, |s, id| {
                                s.final_organisation_parent(id)
                            }) {
                                msg = format!(
                                    "placing `{}` under `{parent}` would make a cycle; {msg}",
                                    e.id
                                );
                            }
                            found.push(fail("parent", msg));
                        }
                    }
                }
            }
            if let Some(ix) = e.base {
                self.check_untouched_children(e, r, ix, &mut found);
            }
        }
        self.report(found);
    }

    /// An organisation whose kind changes must still lead its children: those the edit does
    /// not touch are checked here (touched ones are checked against their final parent).
    fn check_untouched_children(
        &self,
        e: &Entry<OrganisationRecord>,
        r: &OrganisationRecord,
        ix: Ix,
        found: &mut Vec<Finding>,
    ) {
        let net = self.net;
        for child in net
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .filter(|x| matches!(x.weight(), Relation::Oversees))
            .map(|x| net.organisation_at(x.target()))
        {
            if !matches!(self.organisation_seen(&child.id), Seen::Base(_)) {
                continue;
            }
            if let Some(msg) = rules::organisation_nesting_problem(&e.id, r.kind, child.kind) {
                let msg = format!("{msg}, as `{}` would become; move `{}` too", e.id, child.id);
                found.push((e.origin.clone(), child.id.to_string(), "parent", msg));
            }
        }
    }

    fn check_persons(&mut self) {
        let mut found: Vec<Finding> = Vec::new();
        for e in &self.staged.persons.entries {
            let Some(r) = &e.state else { continue };
            let fail =
                |field: &'static str, msg: String| (e.origin.clone(), e.id.clone(), field, msg);
            if let Some(home) = &r.home {
                let problem = match self.unit_problem(home, Some(levels::HOUSEHOLD)) {
                    Some(m) if m.starts_with('`') => {
                        Some(format!("a home must be a Household; {m}"))
                    }
                    other => other,
                };
                found.extend(problem.map(|m| fail("home", m)));
            }
            if let Some(w) = &r.works_at {
                found.extend(self.unit_problem(w, None).map(|m| fail("works_at", m)));
            }
            // Empty personal fields are no value (stored as none); any other must be valid.
            if let Some(m) = given(&r.phone).and_then(identity::phone_problem) {
                found.push(fail("phone", m));
            }
            if let Some(m) = given(&r.id_number).and_then(identity::id_number_problem) {
                found.push(fail("id_number", m));
            }
            if let Some(m) = r
                .moved_out
                .and_then(|d| rules::date_problem("moved_out", d))
            {
                found.push(fail("moved_out", m));
            }
        }
        self.report(found);
    }

    fn check_tasks(&mut self) {
        let mut found: Vec<Finding> = Vec::new();
        for e in &self.staged.tasks.entries {
            if let Some(r) = &e.state {
                found.extend(
                    self.unit_problem(&r.unit, None)
                        .map(|m| (e.origin.clone(), e.id.clone(), "unit", m)),
                );
                found.extend(
                    rules::date_problem("deadline", r.deadline)
                        .map(|m| (e.origin.clone(), e.id.clone(), "deadline", m)),
                );
            }
        }
        self.report(found);
    }

    fn check_relations(&mut self) {
        let mut found: Vec<Finding> = Vec::new();
        // Keys added and removed so far in this edit, to replay the batch in order.
        let mut added: HashSet<&RelationKey> = HashSet::new();
        let mut gone: HashSet<&RelationKey> = HashSet::new();
        for (op, origin) in self.staged.relations.iter().zip(&self.relation_origins) {
            let key = op.key();
            let owner = key.owner();
            let mut fail = |field: &'static str, msg: String| {
                found.push((origin.clone(), owner.to_owned(), field, msg))
            };
            match key.endpoints() {
                Err((field, msg)) => {
                    fail(field, msg);
                    continue;
                }
                Ok(ends) => {
                    for end in ends {
                        let problem = match end.kind {
                            EntityKind::Unit => self.unit_problem(end.id, end.level),
                            kind if !self.exists(kind, end.id) => {
                                Some(format!("unknown {kind} `{}`", end.id))
                            }
                            _ => None,
                        };
                        if let Some(m) = problem {
                            fail(end.field, m);
                        }
                    }
                }
            }
            let dated_end = match op {
                RelationOp::Add(_, end) => *end,
                RelationOp::End(_, end) => Some(*end),
                RelationOp::Remove(_) => None,
            };
            if let Some((field, msg)) = rules::span_problem(key.start(), dated_end) {
                fail(field, msg);
            }
            let exists = (self.net.relation_edge(key).is_some() && !gone.contains(key))
                || added.contains(key);
            match op {
                RelationOp::Add(..) if exists => fail(
                    key.key_field(),
                    format!("the {} already exists", key.describe()),
                ),
                RelationOp::Add(..) => {
                    gone.remove(key);
                    added.insert(key);
                }
                _ if !exists => fail(key.key_field(), format!("there is no {}", key.describe())),
                RelationOp::End(..) => {}
                RelationOp::Remove(_) => {
                    added.remove(key);
                    gone.insert(key);
                }
            }
        }
        self.report(found);
    }

    fn check_layers(&mut self) {
        let mut found: Vec<Finding> = Vec::new();
        for ((b, _, grid), origin) in self.staged.layers.iter().zip(&self.layer_origins) {
            let problem = match self.unit_problem(b, Some(levels::BUILDING)) {
                Some(m) if m.starts_with('`') => {
                    Some(format!("only buildings belong to layer grids; {m}"))
                }
                other => other,
            };
            found.extend(problem.map(|m| (origin.clone(), b.clone(), "building", m)));
            if let Some(msg) = grid.as_deref().and_then(rules::grid_code_problem) {
                found.push((origin.clone(), b.clone(), "grid", msg));
            }
        }
        self.report(found);
    }
}

/// The text of a personal field, unless it is absent or empty (no value).
fn given(field: &Option<Sensitive>) -> Option<&str> {
    field
        .as_ref()
        .map(Sensitive::expose)
        .filter(|v| !v.is_empty())
}

fn seen<'a, R>(table: &'a Table<R>, base: IdView<'_>, id: &str) -> Seen<'a, R> {
    match table.get(id) {
        Some(Entry { state: Some(r), .. }) => Seen::Staged(r),
        Some(_) => Seen::Removed,
        None => base.get(id).map_or(Seen::Absent, Seen::Base),
    }
}

/// The first few ids of a list, for messages.
fn preview(ids: &[&str]) -> String {
    let mut s: Vec<String> = ids.iter().take(3).map(|i| format!("`{i}`")).collect();
    if ids.len() > 3 {
        s.push("…".into());
    }
    s.join(", ")
}

/// "a Grid", "an Area": the indefinite article for a level or kind name.
pub(super) fn with_article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {name}", if vowel { "an" } else { "a" })
}
