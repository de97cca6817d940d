//! Versioned JSON snapshots: the whole network in one file, `"format": "quanyu/3"`.
//!
//! A snapshot lists the level scheme and every table as records, parents before children, so
//! loading it replays one edit and reproduces the network exactly: `load(save(n)) == n`, and
//! saving the loaded network gives the same bytes. Loading validates like any edit, so a
//! hand-edited snapshot with a dangling reference is refused with the problems named.
//!
//! A snapshot, JSON or [binary](crate::io::binary), is the library's own **storage**: it keeps
//! every field in full, phone and ID numbers included, so that a network saved and loaded is the
//! same network. It is not for sharing. What goes to a grid worker's app is an
//! [extract](crate::Network::extract); what goes to another party is a CSV export or a frame;
//! both mask personal fields unless the caller reveals some for a purpose
//! ([`privacy::Reveal`](crate::privacy::Reveal)). [`Network::backup`](crate::Network::backup)
//! writes a snapshot and records in the access log who made it.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! let net = quanyu::synth::community(5)?;
//! let json = net.to_json()?;
//! let back = quanyu::Network::from_json(&json)?;
//! assert_eq!(back, net);
//! assert_eq!(back.to_json()?, json);
//!
//! let err = quanyu::Network::from_json(r#"{"format": "quanyu/9"}"#).unwrap_err();
//! assert!(err.to_string().contains("quanyu/9"));
//! # Ok(()) }
//! ```

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::de::IgnoredAny;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::io::save::write_atomically;
use crate::model::{
    Change, Changeset, ContractRecord, GridLayerRecord, LeadRecord, LevelScheme, MembershipRecord,
    Network, OrganisationRecord, PersonRecord, PostRecord, ServiceRecord, TaskRecord, UnitRecord,
};
use crate::{Error, Origin, Result};

/// The format tag this version writes.
pub const FORMAT: &str = "quanyu/3";

/// Every format tag this version reads: `quanyu/1` is `quanyu/2` without the units' division
/// codes, and `quanyu/2` is `quanyu/3` without the persons' moving-out dates (a reader of the
/// older tag would pass over the new field, so each got a new tag).
pub const READS: &[&str] = &["quanyu/1", "quanyu/2", FORMAT];

/// Serialises the network lazily, table by table, without collecting the records first.
struct Out<'a>(&'a Network);

/// Serialises an iterator as a JSON array, pulling one record at a time.
struct Seq<I>(std::cell::RefCell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0.borrow_mut().take() {
            Some(it) => s.collect_seq(it),
            None => s.collect_seq(std::iter::empty::<T>()),
        }
    }
}

fn seq<I: Iterator>(it: I) -> Seq<I> {
    Seq(std::cell::RefCell::new(Some(it)))
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let n = self.0;
        let mut st = s.serialize_struct("Snapshot", 12)?;
        st.serialize_field("format", FORMAT)?;
        st.serialize_field("scheme", &SchemeOut(n.scheme()))?;
        st.serialize_field("units", &seq(n.unit_records()))?;
        st.serialize_field("organisations", &seq(n.organisation_records()))?;
        st.serialize_field("persons", &seq(n.person_records()))?;
        st.serialize_field("memberships", &seq(n.membership_records()))?;
        st.serialize_field("posts", &seq(n.post_records()))?;
        st.serialize_field("grid_layers", &seq(n.grid_layer_records()))?;
        st.serialize_field("tasks", &seq(n.task_records()))?;
        st.serialize_field("leads", &seq(n.lead_records()))?;
        st.serialize_field("serves", &seq(n.service_records()))?;
        st.serialize_field("contracts", &seq(n.contract_records()))?;
        st.end()
    }
}

struct SchemeOut<'a>(&'a LevelScheme);

impl Serialize for SchemeOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("LevelScheme", 1)?;
        st.serialize_field("defs", self.0.defs())?;
        st.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct In {
    #[allow(dead_code)]
    format: IgnoredAny,
    scheme: LevelScheme,
    #[serde(default)]
    units: Vec<UnitRecord>,
    #[serde(default)]
    organisations: Vec<OrganisationRecord>,
    #[serde(default)]
    persons: Vec<PersonRecord>,
    #[serde(default)]
    memberships: Vec<MembershipRecord>,
    #[serde(default)]
    posts: Vec<PostRecord>,
    #[serde(default)]
    grid_layers: Vec<GridLayerRecord>,
    #[serde(default)]
    tasks: Vec<TaskRecord>,
    #[serde(default)]
    leads: Vec<LeadRecord>,
    #[serde(default)]
    serves: Vec<ServiceRecord>,
    #[serde(default)]
    contracts: Vec<ContractRecord>,
}

/// A JSON error naming `source`: an I/O error (a full disk, a closed pipe) as such, anything
/// else as a parse error.
fn parse_error(source: &str, e: &serde_json::Error) -> Error {
    match e.io_error_kind() {
        Some(kind) => Error::Io {
            path: source.to_owned(),
            kind,
            message: e.to_string(),
        },
        None => crate::io::format::json_error(source, e),
    }
}

impl Network {
    /// The network as a JSON snapshot: storage, every personal field in full (see the
    /// [module](crate::io::snapshot) on what to share instead).
    ///
    /// ```
    /// let json = quanyu::Network::new().to_json()?;
    /// assert!(json.starts_with(r#"{"format":"quanyu/3""#));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&Out(self)).map_err(|e| parse_error("snapshot", &e))
    }

    /// Writes the network as a JSON snapshot to `writer`.
    ///
    /// ```
    /// let mut buf = Vec::new();
    /// quanyu::Network::new().write_json(&mut buf)?;
    /// assert!(!buf.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = BufWriter::new(writer);
        serde_json::to_writer(&mut w, &Out(self)).map_err(|e| parse_error("snapshot", &e))?;
        w.flush().map_err(|e| Error::io("snapshot", &e))
    }

    /// A network from a JSON snapshot, validated like an edit.
    ///
    /// ```
    /// let err = quanyu::Network::from_json("{ not json").unwrap_err();
    /// assert!(matches!(err, quanyu::Error::Parse { line: Some(1), .. }));
    /// ```
    pub fn from_json(json: &str) -> Result<Network> {
        Self::from_json_bytes(json.as_bytes())
    }

    /// A network from JSON snapshot bytes.
    ///
    /// ```
    /// let bytes = quanyu::Network::new().to_json()?.into_bytes();
    /// assert_eq!(quanyu::Network::from_json_bytes(&bytes)?, quanyu::Network::new());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Network> {
        read(bytes, "snapshot")
    }

    /// A network from a JSON snapshot read from `reader`.
    ///
    /// ```
    /// let json = quanyu::Network::new().to_json()?;
    /// let net = quanyu::Network::read_json(json.as_bytes())?;
    /// assert_eq!(net.unit_count(), 0);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn read_json<R: Read>(reader: R) -> Result<Network> {
        let mut bytes = Vec::new();
        BufReader::new(reader)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("snapshot", &e))?;
        read(&bytes, "snapshot")
    }

    /// Saves a JSON snapshot to `path` atomically: written to a temporary file beside it, then
    /// renamed over it, so a crash never leaves a half-written snapshot. A snapshot is storage,
    /// every personal field in full; [`backup`](Network::backup) also records who made it.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("net.json");
    /// let net = quanyu::synth::community(1)?;
    /// net.save(&path)?;
    /// assert_eq!(quanyu::Network::load(&path)?, net);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        write_atomically(path.as_ref(), |f| self.write_json(f))
    }

    /// Loads a JSON snapshot from `path`.
    ///
    /// ```
    /// let err = quanyu::Network::load("/no/such/file.json").unwrap_err();
    /// assert!(matches!(err, quanyu::Error::Io { kind: std::io::ErrorKind::NotFound, .. }));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Network> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        read(&bytes, &path.display().to_string())
    }
}

fn read(bytes: &[u8], source: &str) -> Result<Network> {
    crate::io::format::check(bytes, source, READS, "snapshot")?;
    let snap: In = serde_json::from_slice(bytes).map_err(|e| parse_error(source, &e))?;
    let mut net = Network::with_scheme(snap.scheme);
    let mut changes = Changeset::new();
    let at = |table: &str, i: usize| Origin {
        source: format!("{source}: {table}"),
        row: i as u64 + 1,
    };
    for (i, r) in snap.units.into_iter().enumerate() {
        changes.push_from(Change::AddUnit(r), at("units", i));
    }
    for (i, r) in snap.organisations.into_iter().enumerate() {
        changes.push_from(Change::AddOrganisation(r), at("organisations", i));
    }
    for (i, r) in snap.persons.into_iter().enumerate() {
        changes.push_from(Change::AddPerson(r), at("persons", i));
    }
    for (i, r) in snap.memberships.into_iter().enumerate() {
        changes.push_from(Change::AddMembership(r), at("memberships", i));
    }
    for (i, r) in snap.posts.into_iter().enumerate() {
        changes.push_from(Change::AddPost(r), at("posts", i));
    }
    for (i, r) in snap.grid_layers.into_iter().enumerate() {
        changes.push_from(Change::SetGridLayer(r), at("grid_layers", i));
    }
    for (i, r) in snap.tasks.into_iter().enumerate() {
        changes.push_from(Change::AddTask(r), at("tasks", i));
    }
    for (i, r) in snap.leads.into_iter().enumerate() {
        changes.push_from(Change::AddLead(r), at("leads", i));
    }
    for (i, r) in snap.serves.into_iter().enumerate() {
        changes.push_from(Change::AddService(r), at("serves", i));
    }
    for (i, r) in snap.contracts.into_iter().enumerate() {
        changes.push_from(Change::AddContract(r), at("contracts", i));
    }
    net.apply(changes)?;
    Ok(net)
}
