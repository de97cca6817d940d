//! [`Network`]: one jurisdiction's governance network behind a lock, safe to call from any
//! thread of the app.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::bytes::Bytes;
use crate::contracts::{ContractAudit, ContractRule, Plan, Reach, StructuralAudit, rules};
use crate::error::{Problem, QuanyuError, Result};
use crate::records::{
    Change, CommitSummary, ContractRecord, GridLayerRecord, LeadRecord, MembershipRecord,
    OrganisationRecord, PersonRecord, PostRecord, ServiceRecord, TaskRecord, UnitRecord, changeset,
};
use crate::types::{
    HeldPost, IsoDate, KeyTask, LevelDef, Organisation, Person, Unit, count, limit,
};
use quanyu::{GridKind, GridLayer, Proximity, Role, Scope};

/// One jurisdiction's governance network: units on a level scheme, the Party-organisation tree
/// beside them, persons with their homes, memberships and posts, contracts and key tasks.
///
/// Thread-safe: reads run side by side, a commit waits for them and is all or nothing. Open one
/// from snapshot bytes (what a server sends to an app), from a file, or as a scoped extract.
#[derive(Debug, uniffi::Object)]
pub struct Network {
    inner: RwLock<quanyu::Network>,
}

impl Network {
    pub(crate) fn wrap(net: quanyu::Network) -> Arc<Self> {
        Arc::new(Network {
            inner: RwLock::new(net),
        })
    }

    /// The network for reading. A poisoned lock would mean a panic inside the core while
    /// writing; the core's writes validate before they change anything, so the data behind it
    /// is still whole and is served rather than turned into a crash.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, quanyu::Network> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, quanyu::Network> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

#[uniffi::export]
impl Network {
    /// An empty network on the default level scheme (Subdistrict > Area > Grid > (Compound) >
    /// Building > ResponsibilityZone, Household under Building).
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Network::wrap(quanyu::Network::new())
    }

    /// An empty network on the given levels, each naming the levels allowed directly above it;
    /// parents come before their children.
    #[uniffi::constructor]
    pub fn with_scheme(levels: Vec<LevelDef>) -> Result<Arc<Self>> {
        let scheme = quanyu::LevelScheme::new(levels.into_iter().map(Into::into).collect())?;
        Ok(Network::wrap(quanyu::Network::with_scheme(scheme)))
    }

    /// A network from a JSON snapshot (`"format": "quanyu/2"`; `quanyu/1` is read too), validated like a commit.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::from_json(&json)?))
    }

    /// A network from JSON snapshot bytes: what a server sends to an app.
    #[uniffi::constructor]
    pub fn from_json_bytes(bytes: Bytes) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::from_json_bytes(&bytes)?))
    }

    /// A network from snapshot bytes in either form — binary (fast to open: what an app
    /// should ship) or JSON — told apart by their first bytes.
    #[uniffi::constructor]
    pub fn from_snapshot_bytes(bytes: Bytes) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::from_snapshot_bytes(&bytes)?))
    }

    /// A network loaded from the snapshot file at `path`, binary or JSON.
    #[uniffi::constructor]
    pub fn load(path: String) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::load_snapshot(path)?))
    }

    /// The subtree of `unit` as a network of its own, with the same ids: its units, the
    /// organisations and key tasks anchored in it, and every person linked to it. What a
    /// server sends to a grid worker's phone.
    pub fn extract(&self, unit: String) -> Result<Arc<Network>> {
        Ok(Network::wrap(self.read().extract(&unit)?))
    }

    /// The network as a JSON snapshot.
    pub fn to_json(&self) -> Result<String> {
        Ok(self.read().to_json()?)
    }

    /// The network as JSON snapshot bytes (UTF-8).
    pub fn to_json_bytes(&self) -> Result<Bytes> {
        let mut out = Vec::new();
        self.read().write_json(&mut out)?;
        Bytes::try_from(out)
    }

    /// Saves a JSON snapshot to `path` atomically: a crash never leaves half a file.
    pub fn save(&self, path: String) -> Result<()> {
        Ok(self.read().save(path)?)
    }

    /// The network as a binary snapshot: compact, checksummed, several times faster to open
    /// than JSON. Fails only for a network too large for one byte array (2 GiB): save
    /// those to a file.
    pub fn to_binary(&self) -> Result<Bytes> {
        Bytes::try_from(self.read().to_binary())
    }

    /// Saves a binary snapshot to `path` atomically.
    pub fn save_binary(&self, path: String) -> Result<()> {
        Ok(self.read().save_binary(path)?)
    }

    /// Imports the CSV tables found in the directory `dir` (`units.csv`, `organisations.csv`,
    /// `persons.csv`, `memberships.csv`, `posts.csv`, ...; at least one) as one commit.
    pub fn import_csv(&self, dir: String) -> Result<CommitSummary> {
        Ok(self.write().import_csv(dir)?.into())
    }

    /// Exports every table as CSV files into the directory `dir` (created if missing).
    pub fn export_csv(&self, dir: String) -> Result<()> {
        Ok(self.read().export_csv(dir)?)
    }

    /// The levels of the network's scheme, parents first.
    pub fn levels(&self) -> Vec<LevelDef> {
        self.read()
            .scheme()
            .defs()
            .iter()
            .map(LevelDef::from)
            .collect()
    }

    // ---- counts and look-ups by id -------------------------------------------------------

    /// The number of units.
    pub fn unit_count(&self) -> i64 {
        count(self.read().unit_count())
    }

    /// The number of organisations.
    pub fn organisation_count(&self) -> i64 {
        count(self.read().organisation_count())
    }

    /// The number of persons.
    pub fn person_count(&self) -> i64 {
        count(self.read().person_count())
    }

    /// The number of key tasks.
    pub fn task_count(&self) -> i64 {
        count(self.read().task_count())
    }

    /// Whether a unit `id` exists.
    pub fn contains_unit(&self, id: String) -> bool {
        self.read().contains_unit(&id)
    }

    /// The unit `id`.
    pub fn unit(&self, id: String) -> Result<Unit> {
        let net = self.read();
        Ok(Unit::of(&net, net.unit(&id)?))
    }

    /// The organisation `id`.
    pub fn organisation(&self, id: String) -> Result<Organisation> {
        Ok(self.read().organisation(&id)?.into())
    }

    /// The person `id`.
    pub fn person(&self, id: String) -> Result<Person> {
        Ok(self.read().person(&id)?.into())
    }

    /// The key task `id`.
    pub fn task(&self, id: String) -> Result<KeyTask> {
        Ok(self.read().task(&id)?.into())
    }

    /// Units whose name starts with `prefix`, at most `limit`, by name (then id): a
    /// binary search in the name index.
    pub fn units_named(&self, prefix: String, limit: i32) -> Result<Vec<Unit>> {
        let n = self::limit("limit", limit)?;
        let net = self.read();
        Ok(Unit::all(&net, net.units_named(&prefix, n)))
    }

    /// Persons whose name starts with `prefix`, at most `limit`, by name (then id).
    pub fn persons_named(&self, prefix: String, limit: i32) -> Result<Vec<Person>> {
        let n = self::limit("limit", limit)?;
        let net = self.read();
        Ok(net
            .persons_named(&prefix, n)
            .into_iter()
            .map(Person::from)
            .collect())
    }

    /// Every unit, in pre-order.
    pub fn units(&self) -> Vec<Unit> {
        let net = self.read();
        Unit::all(&net, net.units())
    }

    /// Every organisation, in pre-order of the organisation tree.
    pub fn organisations(&self) -> Vec<Organisation> {
        self.read()
            .organisations()
            .map(Organisation::from)
            .collect()
    }

    /// Every person, in a stable order.
    pub fn persons(&self) -> Vec<Person> {
        self.read().persons().map(Person::from).collect()
    }

    /// Every key task, in a stable order.
    pub fn tasks(&self) -> Vec<KeyTask> {
        self.read().tasks().map(KeyTask::from).collect()
    }

    // ---- the unit tree ----------------------------------------------------------------------

    /// The root units, in order.
    pub fn roots(&self) -> Vec<Unit> {
        let net = self.read();
        Unit::all(&net, net.roots())
    }

    /// The units of `level` (such as `Grid`), in pre-order.
    pub fn units_by_level(&self, level: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(Unit::all(&net, net.units_by_level(&level)?))
    }

    /// The units of `level` inside the subtree of `within` (itself included), in pre-order.
    pub fn units_in(&self, within: String, level: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(Unit::all(&net, net.units_in(&within, &level)?))
    }

    /// The grids of `kind`, in pre-order.
    pub fn units_by_kind(&self, kind: GridKind) -> Vec<Unit> {
        let net = self.read();
        Unit::all(&net, net.units_by_kind(kind))
    }

    /// The unit directly containing `id`; none for a root.
    pub fn parent(&self, id: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(net.parent(&id)?.map(|u| Unit::of(&net, u)))
    }

    /// The units directly inside `id`, in the order they were attached.
    pub fn children(&self, id: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(Unit::all(&net, net.children(&id)?))
    }

    /// The units above `id`, nearest first, up to its root.
    pub fn ancestors(&self, id: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(Unit::all(&net, net.ancestors(&id)?))
    }

    /// Every unit below `id` (not `id` itself), in pre-order.
    pub fn descendants(&self, id: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(Unit::all(&net, net.descendants(&id)?))
    }

    /// The number of units in the subtree of `id`, `id` included.
    pub fn subtree_size(&self, id: String) -> Result<i64> {
        Ok(count(self.read().subtree_size(&id)?))
    }

    /// The depth of `id`: 0 for a root.
    pub fn depth(&self, id: String) -> Result<i64> {
        Ok(count(self.read().depth(&id)?))
    }

    /// Whether `ancestor` is a proper ancestor of `descendant`.
    pub fn is_ancestor(&self, ancestor: String, descendant: String) -> Result<bool> {
        Ok(self.read().is_ancestor(&ancestor, &descendant)?)
    }

    /// The lowest unit containing both `a` and `b` (a unit contains itself); none when they are
    /// in different trees.
    pub fn lowest_common_ancestor(&self, a: String, b: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(net
            .lowest_common_ancestor(&a, &b)?
            .map(|u| Unit::of(&net, u)))
    }

    /// The units on the tree path from `a` to `b`, both ends included; none when they are in
    /// different trees.
    pub fn path(&self, a: String, b: String) -> Result<Option<Vec<Unit>>> {
        let net = self.read();
        Ok(net.path(&a, &b)?.map(|p| Unit::all(&net, p)))
    }

    /// The number of tree edges between `a` and `b`; none when they are in different trees.
    pub fn tree_distance(&self, a: String, b: String) -> Result<Option<i64>> {
        Ok(self.read().tree_distance(&a, &b)?.map(count))
    }

    /// How near two units are: the proximity tier of their lowest common ancestor's level.
    pub fn proximity(&self, a: String, b: String) -> Result<Proximity> {
        Ok(self.read().proximity(&a, &b)?)
    }

    /// The grid code of `building` in `layer`, if assigned.
    pub fn layer_grid(&self, building: String, layer: GridLayer) -> Result<Option<String>> {
        Ok(self.read().layer_grid(&building, layer)?.map(str::to_owned))
    }

    // ---- organisations and people -----------------------------------------------------------

    /// The organisations anchored on the unit `unit`.
    pub fn organisations_at(&self, unit: String) -> Result<Vec<Organisation>> {
        Ok(self
            .read()
            .organisations_at(&unit)?
            .into_iter()
            .map(Organisation::from)
            .collect())
    }

    /// The unit the organisation `organisation` is anchored on.
    pub fn anchor(&self, organisation: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(net.anchor(&organisation)?.map(|u| Unit::of(&net, u)))
    }

    /// The organisation directly above `organisation`, if any.
    pub fn parent_organisation(&self, organisation: String) -> Result<Option<Organisation>> {
        Ok(self
            .read()
            .parent_organisation(&organisation)?
            .map(Organisation::from))
    }

    /// The organisations directly below `organisation`, in order.
    pub fn child_organisations(&self, organisation: String) -> Result<Vec<Organisation>> {
        Ok(self
            .read()
            .child_organisations(&organisation)?
            .map(Organisation::from)
            .collect())
    }

    /// The members of `organisation` on `as_of` — of it alone, or of its whole subtree.
    pub fn members(
        &self,
        organisation: String,
        as_of: IsoDate,
        scope: Scope,
    ) -> Result<Vec<Person>> {
        let day = as_of.parse("as_of")?;
        Ok(self
            .read()
            .members(&organisation, day, scope)?
            .into_iter()
            .map(Person::from)
            .collect())
    }

    /// The posts held at the unit `unit` on `as_of`, optionally of one role: "the grid leaders
    /// of this grid today".
    #[uniffi::method(default(role = None))]
    pub fn posts_at_unit(
        &self,
        unit: String,
        as_of: IsoDate,
        role: Option<Role>,
    ) -> Result<Vec<HeldPost>> {
        let day = as_of.parse("as_of")?;
        let net = self.read();
        Ok(net
            .posts_at_unit(&unit, day, role)?
            .iter()
            .map(HeldPost::from)
            .collect())
    }

    /// The posts held at the organisation `organisation` on `as_of`, optionally of one role.
    #[uniffi::method(default(role = None))]
    pub fn posts_at_organisation(
        &self,
        organisation: String,
        as_of: IsoDate,
        role: Option<Role>,
    ) -> Result<Vec<HeldPost>> {
        let day = as_of.parse("as_of")?;
        let net = self.read();
        Ok(net
            .posts_at_organisation(&organisation, day, role)?
            .iter()
            .map(HeldPost::from)
            .collect())
    }

    /// The household (or unit) where `person` lives, if known.
    pub fn home(&self, person: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(net.home(&person)?.map(|u| Unit::of(&net, u)))
    }

    /// The unit where `person` works, if recorded.
    pub fn workplace(&self, person: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(net.workplace(&person)?.map(|u| Unit::of(&net, u)))
    }

    /// The persons whose home is inside the subtree of `unit`.
    pub fn residents(&self, unit: String) -> Result<Vec<Person>> {
        Ok(self
            .read()
            .residents(&unit)?
            .into_iter()
            .map(Person::from)
            .collect())
    }

    /// The unit the key task `task` is at.
    pub fn task_unit(&self, task: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(net.task_unit(&task)?.map(|u| Unit::of(&net, u)))
    }

    /// The memberships of `person`, running or not.
    pub fn memberships_of(&self, person: String) -> Result<Vec<MembershipRecord>> {
        Ok(self
            .read()
            .memberships_of(&person)?
            .into_iter()
            .map(MembershipRecord::from)
            .collect())
    }

    /// The posts of `person`, running or not.
    pub fn posts_of(&self, person: String) -> Result<Vec<PostRecord>> {
        Ok(self
            .read()
            .posts_of(&person)?
            .into_iter()
            .map(PostRecord::from)
            .collect())
    }

    // ---- responsibility and contracts ---------------------------------------------------------

    /// Who is responsible for `unit` (a building, a household) on `as_of`: the holders of
    /// contracts on it, its grid's leaders, its grid branch and its building cell.
    pub fn responsible_for(&self, unit: String, as_of: IsoDate) -> Result<Responsibility> {
        let day = as_of.parse("as_of")?;
        Ok(self.read().responsible_for(&unit, day)?.into())
    }

    /// The contracts `holder` (a person, or an organisation) holds on `as_of`: "the households
    /// I contract".
    pub fn contracts_held(&self, holder: String, as_of: IsoDate) -> Result<Vec<ContractRecord>> {
        let day = as_of.parse("as_of")?;
        Ok(self
            .read()
            .contracts_held(&holder, day)?
            .into_iter()
            .map(ContractRecord::from)
            .collect())
    }

    /// The contracts on `target` (a unit, or a key task) on `as_of`.
    pub fn contracts_on(&self, target: String, as_of: IsoDate) -> Result<Vec<ContractRecord>> {
        let day = as_of.parse("as_of")?;
        Ok(self
            .read()
            .contracts_on(&target, day)?
            .into_iter()
            .map(ContractRecord::from)
            .collect())
    }

    // ---- audits and plans ---------------------------------------------------------------------

    /// The structural audit on `as_of`: grids short of leaders, grids without a branch,
    /// buildings without a cell, persons without a home, posts that do not fit their level.
    pub fn audit(&self, as_of: IsoDate) -> Result<StructuralAudit> {
        let day = as_of.parse("as_of")?;
        Ok(self.read().audit(day).into())
    }

    /// The audit of the contracts running on `as_of`, against `rules` (the defaults if none).
    #[uniffi::method(default(rules = None))]
    pub fn audit_contracts(
        &self,
        as_of: IsoDate,
        rules: Option<Vec<ContractRule>>,
    ) -> Result<ContractAudit> {
        let day = as_of.parse("as_of")?;
        let rules = self::rules(rules)?;
        Ok((&quanyu::contracts::audit(&self.read(), day, &rules)).into())
    }

    /// An optimal plan of the contracts on `as_of` under `rules` (the defaults if none): what to
    /// keep, add and end, and the changes that carry it out.
    #[uniffi::method(default(rules = None))]
    pub fn plan_contracts(&self, as_of: IsoDate, rules: Option<Vec<ContractRule>>) -> Result<Plan> {
        let day = as_of.parse("as_of")?;
        let rules = self::rules(rules)?;
        Ok((&quanyu::contracts::plan(&self.read(), day, &rules)?).into())
    }

    /// The "一十百" reach on `as_of`: what each pioneer's volunteers reach.
    pub fn reach(&self, as_of: IsoDate) -> Result<Reach> {
        let day = as_of.parse("as_of")?;
        Ok(quanyu::contracts::reach(&self.read(), day).into())
    }

    // ---- edits ------------------------------------------------------------------------------

    /// Validates `changes` and applies all of them, or none: a rejected commit throws
    /// `QuanyuException.Validation` with every problem found and changes nothing.
    pub fn commit(&self, changes: Vec<Change>) -> Result<CommitSummary> {
        let (set, problems) = changeset(changes);
        if !problems.is_empty() {
            // The core is not asked: it would judge the placeholders of the bad values.
            return Err(QuanyuError::Validation { problems });
        }
        Ok(self.write().apply(set)?.into())
    }

    /// Every problem `changes` would meet, without applying them (empty: the commit would pass).
    pub fn check(&self, changes: Vec<Change>) -> Vec<Problem> {
        let (set, problems) = changeset(changes);
        if !problems.is_empty() {
            return problems;
        }
        self.read()
            .check(&set)
            .into_iter()
            .map(Problem::from)
            .collect()
    }

    // ---- record exports ---------------------------------------------------------------------

    /// Every unit as a record, parents first.
    pub fn unit_records(&self) -> Vec<UnitRecord> {
        self.read().unit_records().map(UnitRecord::from).collect()
    }

    /// Every organisation as a record, parents first.
    pub fn organisation_records(&self) -> Vec<OrganisationRecord> {
        self.read()
            .organisation_records()
            .map(OrganisationRecord::from)
            .collect()
    }

    /// Every person as a record.
    pub fn person_records(&self) -> Vec<PersonRecord> {
        self.read()
            .person_records()
            .map(PersonRecord::from)
            .collect()
    }

    /// Every membership as a record.
    pub fn membership_records(&self) -> Vec<MembershipRecord> {
        self.read()
            .membership_records()
            .map(MembershipRecord::from)
            .collect()
    }

    /// Every post as a record.
    pub fn post_records(&self) -> Vec<PostRecord> {
        self.read().post_records().map(PostRecord::from).collect()
    }

    /// Every building's grid in every other layer.
    pub fn grid_layer_records(&self) -> Vec<GridLayerRecord> {
        self.read()
            .grid_layer_records()
            .map(GridLayerRecord::from)
            .collect()
    }

    /// Every key task as a record.
    pub fn task_records(&self) -> Vec<TaskRecord> {
        self.read().task_records().map(TaskRecord::from).collect()
    }

    /// Every pioneer-volunteer lead.
    pub fn lead_records(&self) -> Vec<LeadRecord> {
        self.read().lead_records().map(LeadRecord::from).collect()
    }

    /// Every volunteer-household service.
    pub fn service_records(&self) -> Vec<ServiceRecord> {
        self.read()
            .service_records()
            .map(ServiceRecord::from)
            .collect()
    }

    /// Every contract as a record, running or not.
    pub fn contract_records(&self) -> Vec<ContractRecord> {
        self.read()
            .contract_records()
            .map(ContractRecord::from)
            .collect()
    }
}

/// Everyone responsible for a unit on a date.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Responsibility {
    /// The unit asked about.
    pub unit: String,
    /// Running contracts whose target is the unit (its second building leader, say).
    pub contracts: Vec<ContractRecord>,
    /// The grid containing the unit (or the unit itself), if any.
    pub grid: Option<String>,
    /// The ids of that grid's leaders on the date.
    pub grid_leaders: Vec<String>,
    /// The grid branch anchored on that grid.
    pub grid_branch: Option<String>,
    /// The building cell of the unit's building (or of its compound).
    pub building_cell: Option<String>,
}

impl From<quanyu::Responsibility> for Responsibility {
    fn from(r: quanyu::Responsibility) -> Self {
        Responsibility {
            unit: r.unit,
            contracts: r.contracts.into_iter().map(ContractRecord::from).collect(),
            grid: r.grid,
            grid_leaders: r.grid_leaders,
            grid_branch: r.grid_branch,
            building_cell: r.building_cell,
        }
    }
}

/// The seeded synthetic community (`quanyu::synth::community`): one subdistrict of 15 community
/// and 6 business-district grids, about 400 buildings, 23,000 households and 64,000 residents,
/// with deliberate gaps. The same seed gives the same network on every platform.
#[uniffi::export]
pub fn synth_community(seed: i64) -> Result<Arc<Network>> {
    // Any i64 is a seed: its bits are the core's u64 seed.
    Ok(Network::wrap(quanyu::synth::community(seed as u64)?))
}

/// The day the synthetic networks describe (2024-10-13): every running post runs on it.
#[uniffi::export]
pub fn synth_reference_date() -> IsoDate {
    quanyu::synth::REFERENCE_DATE.into()
}
