//! [`Network`]: one jurisdiction's governance network, shared between the app's threads as
//! the core's copy-on-write [`SharedNetwork`](quanyu::SharedNetwork).

use std::sync::Arc;

use crate::bytes::Bytes;
use crate::contracts::rules;
use crate::declared::{
    AccessRecord, Change, CommitSummary, ContractAudit, ContractRecord, ContractRule, Cx, GridKind,
    GridLayer, GridLayerRecord, HeldPost, KeyTask, LeadRecord, LevelDef, MembershipRecord,
    Organisation, OrganisationRecord, Person, PersonRecord, Plan, PostRecord, Proximity, Reach,
    Responsibility, Role, Scope, ServiceRecord, StructuralAudit, TaskRecord, Unit, UnitRecord,
    Wire, all, read, try_read,
};
use crate::error::{Problem, QuanyuError, Result};
use crate::privacy::Reveal;
use crate::types::{IsoDate, count, limit};

/// One jurisdiction's governance network: units on a level scheme, the Party-organisation tree
/// beside them, persons with their homes, memberships and posts, contracts and key tasks.
///
/// Thread-safe: every read works on a snapshot of the network as it was when the read began,
/// so a long one (a contract plan of the whole network) neither waits for edits nor makes them
/// wait; an edit is all or nothing and never changes what a running read sees. Open one from
/// snapshot bytes (what a server sends to an app), from a file, or as a scoped extract.
#[derive(Debug, uniffi::Object)]
pub struct Network {
    inner: quanyu::SharedNetwork,
}

impl Network {
    pub(crate) fn wrap(net: quanyu::Network) -> Arc<Self> {
        Arc::new(Network {
            inner: quanyu::SharedNetwork::new(net),
        })
    }

    /// The network as it is now, for reading: a snapshot that later edits do not change. The
    /// lock behind it is held only while the snapshot is taken.
    pub(crate) fn read(&self) -> Arc<quanyu::Network> {
        self.inner.snapshot()
    }

    /// Applies `changes` (already read from the app's records), all or nothing.
    fn apply_changes(&self, changes: Vec<quanyu::Change>) -> Result<CommitSummary> {
        let set: quanyu::Changeset = changes.into_iter().collect();
        Ok(self
            .inner
            .edit(|net| net.apply(set))?
            .to_ffi(&Cx::default()))
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
        let scheme = quanyu::LevelScheme::new(read("levels", levels)?)?;
        Ok(Network::wrap(quanyu::Network::with_scheme(scheme)))
    }

    /// A network from a JSON snapshot (`"format": "quanyu/3"`; `quanyu/1` and `quanyu/2` are read too),
    /// validated like an edit.
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

    /// A network from a binary snapshot (what [`Network::to_binary`] gives), checked like a
    /// JSON one.
    #[uniffi::constructor]
    pub fn from_binary(bytes: Bytes) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::from_binary(&bytes)?))
    }

    /// A network loaded from the JSON snapshot file at `path` (what [`Network::save`] writes).
    #[uniffi::constructor]
    pub fn load(path: String) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::load(path)?))
    }

    /// A network loaded from the binary snapshot file at `path` (what
    /// [`Network::save_binary`] writes).
    #[uniffi::constructor]
    pub fn load_binary(path: String) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::load_binary(path)?))
    }

    /// A network loaded from a snapshot file of either format, told apart by its first bytes.
    #[uniffi::constructor]
    pub fn load_snapshot(path: String) -> Result<Arc<Self>> {
        Ok(Network::wrap(quanyu::Network::load_snapshot(path)?))
    }

    /// The subtree of `unit` as a network of its own, with the same ids: its units, the
    /// organisations and key tasks anchored in it, and every person linked to it. What a
    /// server sends to a grid worker's phone.
    pub fn extract(&self, unit: String) -> Result<Arc<Network>> {
        Ok(Network::wrap(self.read().extract(&unit)?))
    }

    /// The network as a JSON snapshot. Storage, every personal value in full: not for sharing
    /// (send an extract or an export).
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
    /// than JSON. Storage, every personal value in full: not for sharing. Fails only for a network too large for one byte array (2 GiB): save
    /// those to a file.
    pub fn to_binary(&self) -> Result<Bytes> {
        Bytes::try_from(self.read().to_binary())
    }

    /// Saves a binary snapshot to `path` atomically.
    pub fn save_binary(&self, path: String) -> Result<()> {
        Ok(self.read().save_binary(path)?)
    }

    /// Imports the CSV tables found in the directory `dir` (`units.csv`, `organisations.csv`,
    /// `persons.csv`, `memberships.csv`, `posts.csv`, ...; at least one) as one edit, all or nothing.
    pub fn import_csv(&self, dir: String) -> Result<CommitSummary> {
        Ok(self
            .inner
            .edit(|net| net.import_csv(dir))?
            .to_ffi(&Cx::default()))
    }

    /// Exports every table as CSV files into the directory `dir` (created if missing),
    /// personal fields masked unless `reveal` names them (checked first, and recorded in the
    /// access log).
    #[uniffi::method(default(reveal = None))]
    pub fn export_csv(&self, dir: String, reveal: Option<Reveal>) -> Result<()> {
        let mut options = quanyu::io::ExportOptions::new();
        if let Some(r) = reveal {
            options = options.reveal(r.into());
        }
        Ok(self.read().export_csv_with(dir, &options)?)
    }

    /// The levels of the network's scheme, parents first.
    pub fn levels(&self) -> Vec<LevelDef> {
        all(self.read().scheme().defs(), &Cx::default())
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
        Ok(net.unit(&id)?.to_ffi(&Cx::with_scheme(net.scheme())))
    }

    /// The organisation `id`.
    pub fn organisation(&self, id: String) -> Result<Organisation> {
        Ok(self.read().organisation(&id)?.to_ffi(&Cx::default()))
    }

    /// The person `id`.
    pub fn person(&self, id: String) -> Result<Person> {
        Ok(self.read().person(&id)?.to_ffi(&Cx::default()))
    }

    /// The key task `id`.
    pub fn task(&self, id: String) -> Result<KeyTask> {
        Ok(self.read().task(&id)?.to_ffi(&Cx::default()))
    }

    /// Units whose name starts with `prefix`, at most `limit`, by name (then id): a
    /// binary search in the name index.
    pub fn units_named(&self, prefix: String, limit: i32) -> Result<Vec<Unit>> {
        let n = self::limit("limit", limit)?;
        let net = self.read();
        Ok(units(&net, net.units_named(&prefix, n)))
    }

    /// Persons whose name starts with `prefix`, at most `limit`, by name (then id).
    pub fn persons_named(&self, prefix: String, limit: i32) -> Result<Vec<Person>> {
        let n = self::limit("limit", limit)?;
        let net = self.read();
        Ok(all(net.persons_named(&prefix, n), &Cx::default()))
    }

    /// Every unit, in pre-order.
    pub fn units(&self) -> Vec<Unit> {
        let net = self.read();
        units(&net, net.units())
    }

    /// Every organisation, in pre-order of the organisation tree.
    pub fn organisations(&self) -> Vec<Organisation> {
        all(self.read().organisations(), &Cx::default())
    }

    /// Every person, in a stable order, phone and ID numbers masked by their declared rules
    /// (`138****5678`) unless `reveal` names them: then they are in full, the request checked
    /// first (a `QuanyuException.InvalidArgument` naming the bad part) and recorded in
    /// [`access_log`](Self::access_log).
    #[uniffi::method(default(reveal = None))]
    pub fn persons(&self, reveal: Option<Reveal>) -> Result<Vec<Person>> {
        use quanyu::schema::Record;
        let net = self.read();
        let reveal: Option<quanyu::privacy::Reveal> = reveal.map(Into::into);
        if let Some(r) = &reveal {
            net.access_log().check(r, quanyu::PersonRecord::SCHEMA)?;
        }
        let persons: Vec<quanyu::Person> = net
            .persons()
            .map(|p| quanyu::privacy::masked(p.clone(), reveal.as_ref()))
            .collect();
        if let Some(r) = &reveal {
            let ids = persons.iter().map(|p| p.id.to_string()).collect();
            net.access_log().record(
                &r.who,
                &r.purpose,
                quanyu::privacy::AccessAction::Reveal,
                "persons",
                r.fields.clone(),
                ids,
            );
        }
        Ok(all(persons.iter(), &Cx::default()))
    }

    /// The access log: every reveal, backup and purge of personal fields, oldest first. It
    /// lives in memory, shared by the copies of this network in the process.
    pub fn access_log(&self) -> Vec<AccessRecord> {
        all(self.read().access_log().records().iter(), &Cx::default())
    }

    /// The access log as CSV text (`at,who,purpose,action,table,fields,records`).
    pub fn access_log_csv(&self) -> Result<String> {
        let mut out = Vec::new();
        self.read().access_log().write_csv(&mut out)?;
        String::from_utf8(out).map_err(|e| QuanyuError::invalid("access_log", e.to_string()))
    }

    /// Writes a full-fidelity binary snapshot to `path` as a backup made by `who`, recorded
    /// in the access log. Storage, every personal value in full: never send it.
    pub fn backup(&self, path: String, who: String) -> Result<()> {
        Ok(self.read().backup(path, &who)?)
    }

    /// Every key task, in a stable order.
    pub fn tasks(&self) -> Vec<KeyTask> {
        all(self.read().tasks(), &Cx::default())
    }

    // ---- the unit tree ----------------------------------------------------------------------

    /// The root units, in order.
    pub fn roots(&self) -> Vec<Unit> {
        let net = self.read();
        units(&net, net.roots())
    }

    /// The units of `level` (such as `Grid`), in pre-order.
    pub fn units_by_level(&self, level: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(units(&net, net.units_by_level(&level)?))
    }

    /// The units of `level` inside the subtree of `within` (itself included), in pre-order.
    pub fn units_in(&self, within: String, level: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(units(&net, net.units_in(&within, &level)?))
    }

    /// The grids of `kind`, in pre-order.
    pub fn units_by_kind(&self, kind: GridKind) -> Vec<Unit> {
        let net = self.read();
        units(&net, net.units_by_kind(kind.into()))
    }

    /// The unit directly containing `id`; none for a root.
    pub fn parent(&self, id: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(unit(&net, net.parent(&id)?))
    }

    /// The units directly inside `id`, in the order they were attached.
    pub fn children(&self, id: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(units(&net, net.children(&id)?))
    }

    /// The units above `id`, nearest first, up to its root.
    pub fn ancestors(&self, id: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(units(&net, net.ancestors(&id)?))
    }

    /// Every unit below `id` (not `id` itself), in pre-order.
    pub fn descendants(&self, id: String) -> Result<Vec<Unit>> {
        let net = self.read();
        Ok(units(&net, net.descendants(&id)?))
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
        Ok(unit(&net, net.lowest_common_ancestor(&a, &b)?))
    }

    /// The units on the tree path from `a` to `b`, both ends included; none when they are in
    /// different trees.
    pub fn path(&self, a: String, b: String) -> Result<Option<Vec<Unit>>> {
        let net = self.read();
        Ok(net.path(&a, &b)?.map(|p| units(&net, p)))
    }

    /// The number of tree edges between `a` and `b`; none when they are in different trees.
    pub fn tree_distance(&self, a: String, b: String) -> Result<Option<i64>> {
        Ok(self.read().tree_distance(&a, &b)?.map(count))
    }

    /// How near two units are: the proximity tier of their lowest common ancestor's level.
    pub fn proximity(&self, a: String, b: String) -> Result<Proximity> {
        Ok(self.read().proximity(&a, &b)?.into())
    }

    /// The grid code of `building` in `layer`, if assigned.
    pub fn layer_grid(&self, building: String, layer: GridLayer) -> Result<Option<String>> {
        Ok(self
            .read()
            .layer_grid(&building, layer.into())?
            .map(str::to_owned))
    }

    // ---- organisations and people -----------------------------------------------------------

    /// The organisations anchored on the unit `unit`.
    pub fn organisations_at(&self, unit: String) -> Result<Vec<Organisation>> {
        Ok(all(self.read().organisations_at(&unit)?, &Cx::default()))
    }

    /// The unit the organisation `organisation` is anchored on.
    pub fn anchor(&self, organisation: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(unit(&net, net.anchor(&organisation)?))
    }

    /// The organisation directly above `organisation`, if any.
    pub fn parent_organisation(&self, organisation: String) -> Result<Option<Organisation>> {
        Ok(self
            .read()
            .parent_organisation(&organisation)?
            .map(|o| o.to_ffi(&Cx::default())))
    }

    /// The organisations directly below `organisation`, in order.
    pub fn child_organisations(&self, organisation: String) -> Result<Vec<Organisation>> {
        Ok(all(
            self.read().child_organisations(&organisation)?,
            &Cx::default(),
        ))
    }

    /// The members of `organisation` on `as_of` — of it alone, or of its whole subtree.
    pub fn members(
        &self,
        organisation: String,
        as_of: IsoDate,
        scope: Scope,
    ) -> Result<Vec<Person>> {
        let day = as_of.parse("as_of")?;
        Ok(all(
            self.read().members(&organisation, day, scope.into())?,
            &Cx::default(),
        ))
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
        Ok(all(
            &net.posts_at_unit(&unit, day, role.map(Into::into))?,
            &Cx::default(),
        ))
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
        Ok(all(
            &net.posts_at_organisation(&organisation, day, role.map(Into::into))?,
            &Cx::default(),
        ))
    }

    /// The household (or unit) where `person` lives, if known.
    pub fn home(&self, person: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(unit(&net, net.home(&person)?))
    }

    /// The unit where `person` works, if recorded.
    pub fn workplace(&self, person: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(unit(&net, net.workplace(&person)?))
    }

    /// The persons whose home is inside the subtree of `unit`.
    pub fn residents(&self, unit: String) -> Result<Vec<Person>> {
        Ok(all(self.read().residents(&unit)?, &Cx::default()))
    }

    /// The unit the key task `task` is at.
    pub fn task_unit(&self, task: String) -> Result<Option<Unit>> {
        let net = self.read();
        Ok(unit(&net, net.task_unit(&task)?))
    }

    /// The memberships of `person`, running or not.
    pub fn memberships_of(&self, person: String) -> Result<Vec<MembershipRecord>> {
        Ok(all(&self.read().memberships_of(&person)?, &Cx::default()))
    }

    /// The posts of `person`, running or not.
    pub fn posts_of(&self, person: String) -> Result<Vec<PostRecord>> {
        Ok(all(&self.read().posts_of(&person)?, &Cx::default()))
    }

    // ---- responsibility and contracts ---------------------------------------------------------

    /// Who is responsible for `unit` (a building, a household) on `as_of`: the holders of
    /// contracts on it, its grid's leaders, its grid branch and its building cell.
    pub fn responsible_for(&self, unit: String, as_of: IsoDate) -> Result<Responsibility> {
        let day = as_of.parse("as_of")?;
        Ok(self
            .read()
            .responsible_for(&unit, day)?
            .to_ffi(&Cx::default()))
    }

    /// The contracts `holder` (a person, or an organisation) holds on `as_of`: "the households
    /// I contract".
    pub fn contracts_held(&self, holder: String, as_of: IsoDate) -> Result<Vec<ContractRecord>> {
        let day = as_of.parse("as_of")?;
        Ok(all(
            &self.read().contracts_held(&holder, day)?,
            &Cx::default(),
        ))
    }

    /// The contracts on `target` (a unit, or a key task) on `as_of`.
    pub fn contracts_on(&self, target: String, as_of: IsoDate) -> Result<Vec<ContractRecord>> {
        let day = as_of.parse("as_of")?;
        Ok(all(
            &self.read().contracts_on(&target, day)?,
            &Cx::default(),
        ))
    }

    // ---- audits and plans ---------------------------------------------------------------------

    /// The structural audit on `as_of`: grids short of leaders, grids without a branch,
    /// buildings without a cell, persons without a home, posts that do not fit their level.
    pub fn audit(&self, as_of: IsoDate) -> Result<StructuralAudit> {
        let day = as_of.parse("as_of")?;
        Ok(self.read().audit(day).to_ffi(&Cx::default()))
    }

    /// Removes the personal fields whose retention has run out on `as_of` (persons linked to
    /// nothing for longer than each field is kept), all or nothing, and records in the access
    /// log that `who` did. Persons with no day to count from are kept and listed as `undated`.
    pub fn purge(&self, as_of: IsoDate, who: String) -> Result<crate::declared::PurgeReport> {
        let day = as_of.parse("as_of")?;
        let report = self.inner.edit(|net| net.purge(day, &who))?;
        Ok(report.to_ffi(&Cx::default()))
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
        Ok(quanyu::contracts::audit(&self.read(), day, &rules).to_ffi(&Cx::default()))
    }

    /// An optimal plan of the contracts on `as_of` under `rules` (the defaults if none): what to
    /// keep, add and end, and the changes that carry it out.
    #[uniffi::method(default(rules = None))]
    pub fn plan_contracts(&self, as_of: IsoDate, rules: Option<Vec<ContractRule>>) -> Result<Plan> {
        let day = as_of.parse("as_of")?;
        let rules = self::rules(rules)?;
        Ok(quanyu::contracts::plan(&self.read(), day, &rules)?.to_ffi(&Cx::default()))
    }

    /// The "一十百" reach on `as_of`: what each pioneer's volunteers reach.
    pub fn reach(&self, as_of: IsoDate) -> Result<Reach> {
        let day = as_of.parse("as_of")?;
        Ok(quanyu::contracts::reach(&self.read(), day).to_ffi(&Cx::default()))
    }

    // ---- edits ------------------------------------------------------------------------------

    /// Validates `changes` and applies all of them, or none: a rejected edit throws
    /// `QuanyuException.Validation` with every problem found and changes nothing. Plans and
    /// other reads running meanwhile keep the network as it was when they began.
    pub fn apply(&self, changes: Vec<Change>) -> Result<CommitSummary> {
        // A change with a value the core cannot hold is refused before the core is asked.
        self.apply_changes(read("changes", changes)?)
    }

    /// Deprecated: the old name of `apply`, kept so that existing apps build;
    /// use `apply`, the core's and Python's name. It does exactly what `apply` does.
    pub fn commit(&self, changes: Vec<Change>) -> Result<CommitSummary> {
        self.apply(changes)
    }

    /// Every problem `changes` would meet, without applying them (empty: `apply` would pass).
    pub fn check(&self, changes: Vec<Change>) -> Vec<Problem> {
        match try_read::<Vec<quanyu::Change>>("changes", changes) {
            (Some(changes), problems) if problems.is_empty() => {
                let set: quanyu::Changeset = changes.into_iter().collect();
                self.read()
                    .check(&set)
                    .into_iter()
                    .map(Problem::from)
                    .collect()
            }
            (_, problems) => problems.into_problems(),
        }
    }

    // ---- record exports ---------------------------------------------------------------------

    /// Every unit as a record, parents first.
    pub fn unit_records(&self) -> Vec<UnitRecord> {
        records(self.read().unit_records())
    }

    /// Every organisation as a record, parents first.
    pub fn organisation_records(&self) -> Vec<OrganisationRecord> {
        records(self.read().organisation_records())
    }

    /// Every person as a record, phone and ID numbers masked by their declared rules unless
    /// `reveal` names them (checked first, and recorded in [`access_log`](Self::access_log)).
    #[uniffi::method(default(reveal = None))]
    pub fn person_records(&self, reveal: Option<Reveal>) -> Result<Vec<PersonRecord>> {
        let net = self.read();
        Ok(match reveal {
            Some(r) => records(net.person_records_revealed(&r.into())?.into_iter()),
            None => records(net.person_records_masked()),
        })
    }

    /// Every membership as a record.
    pub fn membership_records(&self) -> Vec<MembershipRecord> {
        records(self.read().membership_records())
    }

    /// Every post as a record.
    pub fn post_records(&self) -> Vec<PostRecord> {
        records(self.read().post_records())
    }

    /// Every building's grid in every other layer.
    pub fn grid_layer_records(&self) -> Vec<GridLayerRecord> {
        records(self.read().grid_layer_records())
    }

    /// Every key task as a record.
    pub fn task_records(&self) -> Vec<TaskRecord> {
        records(self.read().task_records())
    }

    /// Every pioneer-volunteer lead.
    pub fn lead_records(&self) -> Vec<LeadRecord> {
        records(self.read().lead_records())
    }

    /// Every volunteer-household service.
    pub fn service_records(&self) -> Vec<ServiceRecord> {
        records(self.read().service_records())
    }

    /// Every contract as a record, running or not.
    pub fn contract_records(&self) -> Vec<ContractRecord> {
        records(self.read().contract_records())
    }
}

/// The units as the app sees them, their levels named by the network's scheme.
fn units<'a>(
    net: &quanyu::Network,
    items: impl IntoIterator<Item = &'a quanyu::Unit>,
) -> Vec<Unit> {
    all(items, &Cx::with_scheme(net.scheme()))
}

/// The unit, if any, as the app sees it.
fn unit(net: &quanyu::Network, u: Option<&quanyu::Unit>) -> Option<Unit> {
    u.map(|u| u.to_ffi(&Cx::with_scheme(net.scheme())))
}

/// Records as the app sees them.
fn records<T: Wire>(items: impl Iterator<Item = T>) -> Vec<T::Ffi> {
    let cx = Cx::default();
    items.map(|r| r.to_ffi(&cx)).collect()
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
    quanyu::synth::REFERENCE_DATE.to_ffi(&Cx::default())
}
