//! Validation of a batch of changes, without touching the network.
//!
//! The batch is first replayed onto a staging area (an overlay of the touched entities over the
//! network), recording problems local to each change; then every reference of every touched
//! entity, and every entity that referred to a removed one, is checked against the final
//! state. Only a batch without problems reaches [`apply`](crate::model::apply).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::EdgeRef;

use crate::model::edit::{Change, Changeset, MembershipKey, PostKey};
use crate::model::graph::{Ix, Relation};
use crate::model::index::NONE;
use crate::model::levels;
use crate::model::network::IdMap;
use crate::model::{
    GridLayer, Level, MembershipRecord, Network, OrganisationKind, OrganisationRecord,
    PersonRecord, PostRecord, UnitRecord,
};
use crate::{Origin, Problem};

/// One touched entity: where it was (if it existed), what it will be (`None`: removed).
#[derive(Debug)]
pub(crate) struct Entry<R> {
    pub(crate) id: String,
    pub(crate) base: Option<Ix>,
    pub(crate) state: Option<R>,
    pub(crate) origin: Option<Origin>,
}

/// The touched entities of one kind, in the order first touched.
#[derive(Debug)]
pub(crate) struct Table<R> {
    pub(crate) entries: Vec<Entry<R>>,
    by_id: HashMap<String, usize>,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Table {
            entries: Vec::new(),
            by_id: HashMap::new(),
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
}

/// A relation added, ended or removed.
#[derive(Debug)]
pub(crate) enum RelationOp<R, K> {
    Add(R),
    End(K, NaiveDate),
    Remove(K),
}

/// A validated batch, ready to apply.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    pub(crate) units: Table<UnitRecord>,
    /// Resolved levels of the staged units, by entry.
    pub(crate) unit_levels: Vec<Option<Level>>,
    pub(crate) organisations: Table<OrganisationRecord>,
    pub(crate) persons: Table<PersonRecord>,
    pub(crate) memberships: Vec<RelationOp<MembershipRecord, MembershipKey>>,
    pub(crate) posts: Vec<RelationOp<PostRecord, PostKey>>,
    pub(crate) layers: Vec<(String, GridLayer, Option<String>)>,
}

/// Replays `changes` onto a staging area over `net` and checks the result.
pub(crate) fn stage(net: &Network, changes: &Changeset) -> Result<Staged, Vec<Problem>> {
    let mut s = Stager {
        net,
        staged: Staged::default(),
        problems: Vec::new(),
        origins: Vec::new(),
    };
    for (change, origin) in &changes.changes {
        s.replay(change, origin.as_ref());
    }
    s.check_units();
    s.check_organisations();
    s.check_persons();
    s.check_relations();
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
    /// Origins of the relation and layer changes, in order (for the final checks).
    origins: Vec<Option<Origin>>,
}

/// The final state of an entity as seen through the staging area.
enum Seen<'a, R> {
    Absent,
    Removed,
    Staged(&'a R),
    Base(Ix),
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

    // ---- replay ------------------------------------------------------------------------------

    fn replay(&mut self, change: &Change, origin: Option<&Origin>) {
        match change {
            Change::AddUnit(r) => {
                if self.check_new_id(
                    origin,
                    &r.id,
                    "unit",
                    self.staged.units.get(&r.id).is_some(),
                    &self.net.units,
                ) {
                    let level = self.resolve_level(origin, r);
                    self.staged.units.insert(Entry {
                        id: r.id.clone(),
                        base: None,
                        state: Some(r.clone()),
                        origin: origin.cloned(),
                    });
                    self.staged.unit_levels.push(level);
                }
            }
            Change::UpdateUnit(r) => {
                if let Some(i) = self.touch_unit(origin, &r.id) {
                    let level = self.resolve_level(origin, r);
                    let current = self.staged.unit_levels[i];
                    if let (Some(new), Some(old)) = (level, current)
                        && new != old
                    {
                        let (new, old) = (
                            self.net.scheme.name(new).to_owned(),
                            self.net.scheme.name(old).to_owned(),
                        );
                        self.problem(
                            origin,
                            &r.id,
                            "level",
                            format!(
                                "a unit's level cannot change (it is {}, not {}); remove it and add it anew",
                                with_article(&old),
                                with_article(&new)
                            ),
                        );
                    }
                    self.set_unit(i, origin, |u| *u = r.clone());
                }
            }
            Change::MoveUnit { id, parent } => {
                if let Some(i) = self.touch_unit(origin, id) {
                    self.set_unit(i, origin, |u| u.parent = parent.clone());
                }
            }
            Change::RemoveUnit { id } => {
                if let Some(i) = self.touch_unit(origin, id) {
                    let e = &mut self.staged.units.entries[i];
                    e.state = None;
                    e.origin = origin.cloned();
                }
            }
            Change::AddOrganisation(r) => {
                let dup = self.staged.organisations.get(&r.id).is_some();
                if self.check_new_id(origin, &r.id, "organisation", dup, &self.net.organisations) {
                    self.staged.organisations.insert(Entry {
                        id: r.id.clone(),
                        base: None,
                        state: Some(r.clone()),
                        origin: origin.cloned(),
                    });
                }
            }
            Change::UpdateOrganisation(r) => {
                if let Some(i) = self.touch_organisation(origin, &r.id) {
                    let e = &mut self.staged.organisations.entries[i];
                    e.state = Some(r.clone());
                    e.origin = origin.cloned();
                }
            }
            Change::RemoveOrganisation { id } => {
                if let Some(i) = self.touch_organisation(origin, id) {
                    let e = &mut self.staged.organisations.entries[i];
                    e.state = None;
                    e.origin = origin.cloned();
                }
            }
            Change::AddPerson(r) => {
                let dup = self.staged.persons.get(&r.id).is_some();
                if self.check_new_id(origin, &r.id, "person", dup, &self.net.persons) {
                    self.staged.persons.insert(Entry {
                        id: r.id.clone(),
                        base: None,
                        state: Some(r.clone()),
                        origin: origin.cloned(),
                    });
                }
            }
            Change::UpdatePerson(r) => {
                if let Some(i) = self.touch_person(origin, &r.id) {
                    let e = &mut self.staged.persons.entries[i];
                    e.state = Some(r.clone());
                    e.origin = origin.cloned();
                }
            }
            Change::RemovePerson { id } => {
                if let Some(i) = self.touch_person(origin, id) {
                    let e = &mut self.staged.persons.entries[i];
                    e.state = None;
                    e.origin = origin.cloned();
                }
            }
            Change::AddMembership(r) => {
                self.staged.memberships.push(RelationOp::Add(r.clone()));
                self.origins.push(origin.cloned());
            }
            Change::EndMembership { key, end } => {
                self.staged
                    .memberships
                    .push(RelationOp::End(key.clone(), *end));
                self.origins.push(origin.cloned());
            }
            Change::RemoveMembership(key) => {
                self.staged
                    .memberships
                    .push(RelationOp::Remove(key.clone()));
                self.origins.push(origin.cloned());
            }
            Change::AddPost(r) => {
                self.staged.posts.push(RelationOp::Add(r.clone()));
                self.origins.push(origin.cloned());
            }
            Change::EndPost { key, end } => {
                self.staged.posts.push(RelationOp::End(key.clone(), *end));
                self.origins.push(origin.cloned());
            }
            Change::RemovePost(key) => {
                self.staged.posts.push(RelationOp::Remove(key.clone()));
                self.origins.push(origin.cloned());
            }
            Change::SetGridLayer(r) => {
                self.staged
                    .layers
                    .push((r.building.clone(), r.layer, Some(r.grid.clone())));
                self.origins.push(origin.cloned());
            }
            Change::ClearGridLayer { building, layer } => {
                self.staged.layers.push((building.clone(), *layer, None));
                self.origins.push(origin.cloned());
            }
        }
    }

    /// Whether `id` may be added: not empty, not staged, not in the network.
    fn check_new_id(
        &mut self,
        origin: Option<&Origin>,
        id: &str,
        what: &str,
        staged: bool,
        base: &IdMap,
    ) -> bool {
        let message = if id.trim().is_empty() {
            format!("a {what} needs a non-empty id")
        } else if staged {
            format!("{what} `{id}` is staged twice in this edit")
        } else if base.contains_key(id) {
            format!("a {what} with id `{id}` already exists")
        } else {
            return true;
        };
        self.problem(origin, id, "id", message);
        false
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
        if r.grid_kind.is_some() && !scheme.name(level).eq_ignore_ascii_case(levels::GRID) {
            let msg = format!(
                "only a Grid has a grid kind, not {}",
                with_article(scheme.name(level))
            );
            self.problem(origin, &r.id, "grid_kind", msg);
        }
        Some(level)
    }

    /// The staging entry of an existing unit, created from the network on first touch.
    fn touch_unit(&mut self, origin: Option<&Origin>, id: &str) -> Option<usize> {
        if let Some(&i) = self.staged.units.by_id.get(id) {
            return self.live(
                origin,
                i,
                id,
                "unit",
                self.staged.units.entries[i].state.is_some(),
            );
        }
        let Some(&ix) = self.net.units.get(id) else {
            self.problem(origin, id, "id", format!("unknown unit `{id}`"));
            return None;
        };
        let record = self.net.unit_record(ix);
        let level = self.net.unit_at(ix).level;
        self.staged.unit_levels.push(Some(level));
        Some(self.staged.units.insert(Entry {
            id: id.to_owned(),
            base: Some(ix),
            state: Some(record),
            origin: None,
        }))
    }

    fn touch_organisation(&mut self, origin: Option<&Origin>, id: &str) -> Option<usize> {
        if let Some(&i) = self.staged.organisations.by_id.get(id) {
            let alive = self.staged.organisations.entries[i].state.is_some();
            return self.live(origin, i, id, "organisation", alive);
        }
        let Some(&ix) = self.net.organisations.get(id) else {
            self.problem(origin, id, "id", format!("unknown organisation `{id}`"));
            return None;
        };
        let record = self.net.organisation_record(ix);
        Some(self.staged.organisations.insert(Entry {
            id: id.to_owned(),
            base: Some(ix),
            state: Some(record),
            origin: None,
        }))
    }

    fn touch_person(&mut self, origin: Option<&Origin>, id: &str) -> Option<usize> {
        if let Some(&i) = self.staged.persons.by_id.get(id) {
            return self.live(
                origin,
                i,
                id,
                "person",
                self.staged.persons.entries[i].state.is_some(),
            );
        }
        let Some(&ix) = self.net.persons.get(id) else {
            self.problem(origin, id, "id", format!("unknown person `{id}`"));
            return None;
        };
        let record = self.net.person_record(ix);
        Some(self.staged.persons.insert(Entry {
            id: id.to_owned(),
            base: Some(ix),
            state: Some(record),
            origin: None,
        }))
    }

    /// A staged entry may be changed again unless it was removed earlier in the edit.
    fn live(
        &mut self,
        origin: Option<&Origin>,
        i: usize,
        id: &str,
        what: &str,
        alive: bool,
    ) -> Option<usize> {
        if alive {
            Some(i)
        } else {
            self.problem(
                origin,
                id,
                "id",
                format!("{what} `{id}` was removed earlier in this edit"),
            );
            None
        }
    }

    fn set_unit(&mut self, i: usize, origin: Option<&Origin>, f: impl FnOnce(&mut UnitRecord)) {
        let e = &mut self.staged.units.entries[i];
        if let Some(u) = e.state.as_mut() {
            f(u);
        }
        e.origin = origin.cloned();
    }

    // ---- the final state ---------------------------------------------------------------------

    fn unit_seen(&self, id: &str) -> Seen<'_, UnitRecord> {
        match self.staged.units.get(id) {
            Some(Entry { state: Some(r), .. }) => Seen::Staged(r),
            Some(_) => Seen::Removed,
            None => self
                .net
                .units
                .get(id)
                .map_or(Seen::Absent, |&ix| Seen::Base(ix)),
        }
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
                .get(id)
                .map(|&ix| Some(self.net.unit_at(ix).level)),
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
                        .clone()
                })
            }
            _ => None,
        }
    }

    fn organisation_seen(&self, id: &str) -> Seen<'_, OrganisationRecord> {
        match self.staged.organisations.get(id) {
            Some(Entry { state: Some(r), .. }) => Seen::Staged(r),
            Some(_) => Seen::Removed,
            None => self
                .net
                .organisations
                .get(id)
                .map_or(Seen::Absent, |&ix| Seen::Base(ix)),
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
                .map(|p| self.net.organisation_at(p).id.clone()),
            _ => None,
        }
    }

    fn person_exists(&self, id: &str) -> bool {
        match self.staged.persons.get(id) {
            Some(e) => e.state.is_some(),
            None => self.net.persons.contains_key(id),
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
                (Some(Some(pl)), Some(l)) if !scheme.may_contain(pl, l) => {
                    let allowed: Vec<&str> =
                        scheme.parents(l).iter().map(|&p| scheme.name(p)).collect();
                    let allowed = if allowed.is_empty() {
                        "none".to_owned()
                    } else {
                        allowed.join(" or ")
                    };
                    let mut msg = format!(
                        "{} cannot sit directly in {} (`{parent}`); allowed parents: {allowed}",
                        with_article(scheme.name(l)),
                        with_article(scheme.name(pl))
                    );
                    if self.closes_cycle(&e.id, parent, |s, id| s.final_unit_parent(id)) {
                        msg = format!(
                            "placing `{}` under `{parent}` would make a cycle; {msg}",
                            e.id
                        );
                    }
                    found.push(fail(msg));
                }
                _ => {}
            }
        }
        for (origin, id, field, msg) in found {
            self.problem(origin.as_ref(), &id, field, msg);
        }
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

    fn check_removed_unit(&self, e: &Entry<UnitRecord>, ix: Ix, found: &mut Vec<Finding>) {
        let net = self.net;
        if let Some(p) = net.unit_tree.pos(ix) {
            let stays: Vec<&str> = net
                .unit_tree
                .children(p)
                .map(|c| net.unit_at(net.unit_tree.order[c as usize]).id.as_str())
                .filter(|c| matches!(self.unit_seen(c), Seen::Base(_)))
                .collect();
            if !stays.is_empty() {
                found.push((
                    e.origin.clone(),
                    e.id.clone(),
                    "id",
                    format!(
                        "cannot remove `{}`: {} unit(s) would be orphaned ({}); remove or move them in the same edit",
                        e.id,
                        stays.len(),
                        preview(&stays)
                    ),
                ));
            }
        }
        let anchored: Vec<&str> = net
            .sources(ix, |r| matches!(r, Relation::AnchoredOn))
            .map(|o| net.organisation_at(o).id.as_str())
            .filter(|o| matches!(self.organisation_seen(o), Seen::Base(_)))
            .collect();
        if !anchored.is_empty() {
            found.push((
                e.origin.clone(),
                e.id.clone(),
                "id",
                format!(
                    "cannot remove `{}`: {} organisation(s) are anchored on it ({}); remove or re-anchor them in the same edit",
                    e.id,
                    anchored.len(),
                    preview(&anchored)
                ),
            ));
        }
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
                        .filter(|x| matches!(x.weight(), Relation::Leads))
                        .map(|x| net.organisation_at(x.target()).id.as_str())
                        .filter(|c| matches!(self.organisation_seen(c), Seen::Base(_)))
                        .collect();
                    if !stays.is_empty() {
                        found.push((
                            e.origin.clone(),
                            e.id.clone(),
                            "id",
                            format!(
                                "cannot remove `{}`: {} organisation(s) would be orphaned ({}); remove or move them in the same edit",
                                e.id,
                                stays.len(),
                                preview(&stays)
                            ),
                        ));
                    }
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
                Some(a) if self.final_level(a).is_none() => {
                    found.push(fail("anchor", format!("unknown unit `{a}`")))
                }
                _ => {}
            }
            if let Some(parent) = &r.parent {
                if parent == &e.id {
                    found.push(fail("parent", "an organisation cannot lead itself".into()));
                    continue;
                }
                match self.final_organisation_kind(parent) {
                    None => found.push(fail("parent", format!("unknown organisation `{parent}`"))),
                    Some(pk) if !r.kind.may_sit_under(pk) => {
                        let (kind, pk) = (with_article(r.kind.as_str()), with_article(pk.as_str()));
                        let mut msg = format!("{kind} cannot sit under {pk} (`{parent}`)");
                        if self.closes_cycle(&e.id, parent, |s, id| s.final_organisation_parent(id))
                        {
                            msg = format!(
                                "placing `{}` under `{parent}` would make a cycle; {msg}",
                                e.id
                            );
                        }
                        found.push(fail("parent", msg));
                    }
                    _ => {}
                }
            }
        }
        for (origin, id, field, msg) in found {
            self.problem(origin.as_ref(), &id, field, msg);
        }
    }

    fn check_persons(&mut self) {
        let household = self.net.scheme.level(levels::HOUSEHOLD);
        let mut found: Vec<Finding> = Vec::new();
        for e in &self.staged.persons.entries {
            let Some(r) = &e.state else { continue };
            let fail =
                |field: &'static str, msg: String| (e.origin.clone(), e.id.clone(), field, msg);
            if let Some(home) = &r.home {
                match self.final_level(home) {
                    None => found.push(fail("home", format!("unknown unit `{home}`"))),
                    Some(Some(l)) if household.is_some_and(|h| h != l) => found.push(fail(
                        "home",
                        format!(
                            "a home must be a Household; `{home}` is {}",
                            with_article(self.net.scheme.name(l))
                        ),
                    )),
                    _ => {}
                }
            }
            if let Some(w) = &r.works_at
                && self.final_level(w).is_none()
            {
                found.push(fail("works_at", format!("unknown unit `{w}`")));
            }
        }
        for (origin, id, field, msg) in found {
            self.problem(origin.as_ref(), &id, field, msg);
        }
    }

    fn check_relations(&mut self) {
        let mut found: Vec<Finding> = Vec::new();
        let mut k = 0;
        // Membership keys added / removed so far in this edit, to replay their order.
        let mut added: HashSet<MembershipKey> = HashSet::new();
        let mut gone: HashSet<MembershipKey> = HashSet::new();
        for op in &self.staged.memberships {
            let origin = self.origins[k].clone();
            k += 1;
            let fail = |id: &str, field: &'static str, msg: String| {
                (origin.clone(), id.to_owned(), field, msg)
            };
            match op {
                RelationOp::Add(r) => {
                    if !self.person_exists(&r.person) {
                        found.push(fail(
                            &r.person,
                            "person",
                            format!("unknown person `{}`", r.person),
                        ));
                    }
                    if self.final_organisation_kind(&r.organisation).is_none() {
                        found.push(fail(
                            &r.person,
                            "organisation",
                            format!("unknown organisation `{}`", r.organisation),
                        ));
                    }
                    if let Some(end) = r.end
                        && end < r.start
                    {
                        found.push(fail(
                            &r.person,
                            "end",
                            format!("ends on {end}, before it starts on {}", r.start),
                        ));
                    }
                    let key = MembershipKey::from(r);
                    let exists = (self.base_membership(&key).is_some() && !gone.contains(&key))
                        || added.contains(&key);
                    if exists {
                        found.push(fail(
                            &r.person,
                            "start",
                            format!(
                                "a membership of `{}` in `{}` from {} already exists",
                                r.person, r.organisation, r.start
                            ),
                        ));
                    } else {
                        gone.remove(&key);
                        added.insert(key);
                    }
                }
                RelationOp::End(key, _) | RelationOp::Remove(key) => {
                    let exists = (self.base_membership(key).is_some() && !gone.contains(key))
                        || added.contains(key);
                    if !exists {
                        found.push(fail(
                            &key.person,
                            "start",
                            format!(
                                "no membership of `{}` in `{}` from {}",
                                key.person, key.organisation, key.start
                            ),
                        ));
                    } else if let RelationOp::End(_, end) = op {
                        if *end < key.start {
                            found.push(fail(
                                &key.person,
                                "end",
                                format!("ends on {end}, before it starts on {}", key.start),
                            ));
                        }
                    } else {
                        added.remove(key);
                        gone.insert(key.clone());
                    }
                }
            }
        }
        let mut added: HashSet<PostKey> = HashSet::new();
        let mut gone: HashSet<PostKey> = HashSet::new();
        for op in &self.staged.posts {
            let origin = self.origins[k].clone();
            k += 1;
            let fail = |id: &str, field: &'static str, msg: String| {
                (origin.clone(), id.to_owned(), field, msg)
            };
            let key = match op {
                RelationOp::Add(r) => {
                    if !self.person_exists(&r.person) {
                        found.push(fail(
                            &r.person,
                            "person",
                            format!("unknown person `{}`", r.person),
                        ));
                    }
                    if let Some(end) = r.end
                        && end < r.start
                    {
                        found.push(fail(
                            &r.person,
                            "end",
                            format!("ends on {end}, before it starts on {}", r.start),
                        ));
                    }
                    PostKey::from(r)
                }
                RelationOp::End(key, _) | RelationOp::Remove(key) => key.clone(),
            };
            match (&key.unit, &key.organisation) {
                (Some(u), None) => {
                    if self.final_level(u).is_none() {
                        found.push(fail(&key.person, "unit", format!("unknown unit `{u}`")));
                    }
                }
                (None, Some(o)) => {
                    if self.final_organisation_kind(o).is_none() {
                        found.push(fail(
                            &key.person,
                            "organisation",
                            format!("unknown organisation `{o}`"),
                        ));
                    }
                }
                _ => {
                    found.push(fail(
                        &key.person,
                        "unit",
                        "a post is held at exactly one of a unit and an organisation".into(),
                    ));
                    continue;
                }
            }
            let exists =
                (self.base_post(&key).is_some() && !gone.contains(&key)) || added.contains(&key);
            match op {
                RelationOp::Add(_) if exists => found.push(fail(
                    &key.person,
                    "start",
                    format!(
                        "a {} post of `{}` there from {} already exists",
                        key.role, key.person, key.start
                    ),
                )),
                RelationOp::Add(_) => {
                    gone.remove(&key);
                    added.insert(key);
                }
                _ if !exists => found.push(fail(
                    &key.person,
                    "start",
                    format!(
                        "no {} post of `{}` there from {}",
                        key.role, key.person, key.start
                    ),
                )),
                RelationOp::End(_, end) if *end < key.start => found.push(fail(
                    &key.person,
                    "end",
                    format!("ends on {end}, before it starts on {}", key.start),
                )),
                RelationOp::End(..) => {}
                RelationOp::Remove(_) => {
                    added.remove(&key);
                    gone.insert(key);
                }
            }
        }
        let building = self.net.scheme.level(levels::BUILDING);
        for (b, _, grid) in &self.staged.layers {
            let origin = self.origins[k].clone();
            k += 1;
            match self.final_level(b) {
                None => found.push((
                    origin.clone(),
                    b.clone(),
                    "building",
                    format!("unknown unit `{b}`"),
                )),
                Some(Some(l)) if building.is_some_and(|x| x != l) => found.push((
                    origin.clone(),
                    b.clone(),
                    "building",
                    format!(
                        "only buildings belong to layer grids; `{b}` is {}",
                        with_article(self.net.scheme.name(l))
                    ),
                )),
                _ => {}
            }
            if grid.as_deref().is_some_and(|g| g.trim().is_empty()) {
                found.push((
                    origin,
                    b.clone(),
                    "grid",
                    "a layer grid code cannot be empty".into(),
                ));
            }
        }
        for (origin, id, field, msg) in found {
            self.problem(origin.as_ref(), &id, field, msg);
        }
    }

    fn base_membership(
        &self,
        key: &MembershipKey,
    ) -> Option<petgraph::stable_graph::EdgeIndex<u32>> {
        let (p, o) = (
            self.net.persons.get(&key.person)?,
            self.net.organisations.get(&key.organisation)?,
        );
        self.net.find_membership(*p, *o, key.start)
    }

    fn base_post(&self, key: &PostKey) -> Option<petgraph::stable_graph::EdgeIndex<u32>> {
        let p = *self.net.persons.get(&key.person)?;
        let at = match (&key.unit, &key.organisation) {
            (Some(u), None) => *self.net.units.get(u)?,
            (None, Some(o)) => *self.net.organisations.get(o)?,
            _ => return None,
        };
        self.net.find_post(p, key.role, at, key.start)
    }
}

/// A problem found during the final checks: origin, id, field, message.
type Finding = (Option<Origin>, String, &'static str, String);

/// The first few ids of a list, for messages.
fn preview(ids: &[&str]) -> String {
    let mut s: Vec<String> = ids.iter().take(3).map(|i| format!("`{i}`")).collect();
    if ids.len() > 3 {
        s.push("…".into());
    }
    s.join(", ")
}

/// "a Grid", "an Area": the indefinite article for a level or kind name.
fn with_article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {name}", if vowel { "an" } else { "a" })
}
