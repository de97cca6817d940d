//! Binary snapshots: the same content as a JSON snapshot, in a compact form that opens an order
//! of magnitude faster — what an app loads at start-up.
//!
//! The file is a header (magic `QUANYU\0B`, format version, body length, checksum of the
//! body) and a body of little-endian integers and length-prefixed UTF-8 strings: the level
//! scheme, then units (in pre-order, each naming its parent by position), organisations,
//! persons, key tasks, every relation from its source in the order it was made, and grid
//! layers. Positions replace ids inside the file, so loading needs no string look-ups; it still
//! checks everything an edit would (ids unique, positions in range, levels and organisation
//! kinds nested as the scheme allows, homes on households, dates in order, no relation twice),
//! so a damaged or hand-made file is refused with a clear error, never trusted.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! let net = quanyu::synth::community(5)?;
//! let bytes = net.to_binary();
//! let back = quanyu::Network::from_binary(&bytes)?;
//! assert_eq!(back, net);
//! assert_eq!(back.to_binary(), bytes);
//! // Either form opens through one call.
//! assert_eq!(quanyu::Network::from_snapshot_bytes(&bytes)?, net);
//! assert_eq!(quanyu::Network::from_snapshot_bytes(net.to_json()?.as_bytes())?, net);
//! // A damaged file is refused.
//! let mut bad = bytes.clone();
//! let last = bad.len() - 1;
//! bad[last] ^= 1;
//! assert!(quanyu::Network::from_binary(&bad).is_err());
//! # Ok(()) }
//! ```

use std::collections::HashMap;

use rustc_hash::FxHashSet;
use std::path::Path;

use chrono::NaiveDate;
use compact_str::CompactString;
use petgraph::Direction;
use petgraph::visit::{EdgeRef, NodeIndexable};

use crate::model::bulk::{Bulk, Table};
use crate::model::graph::{Ix, Node, Relation};
use crate::model::index::{NONE, TreeIndex};
use crate::model::levels::{BUILDING, COMPOUND, GRID, HOUSEHOLD};
use crate::model::{
    AllianceCategory, ContractKind, GridKind, GridLayer, KeyTask, Level, LevelScheme, Network,
    OrganisationKind, Role, Span, TaskCategory, TaskStatus,
};
use crate::{Error, Result};

/// The first eight bytes of a binary snapshot.
pub const MAGIC: &[u8; 8] = b"QUANYU\0B";
/// The format version this library writes and reads.
pub const VERSION: u32 = 2;

const HEADER: usize = 8 + 4 + 8 + 8;

/// Detects accidental damage (not an authenticity check). Four independent lanes over 8-byte
/// words, each step `(lane ^ word) * odd` and a rotation — a bijection of the lane for a given
/// word, so any change to one word changes the result; a few GB/s, where the byte-at-a-time
/// FNV-1a of version 1 took longer than loading the rest of a community's file.
fn checksum(bytes: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
    ];
    let mut lanes = K;
    let blocks = bytes.chunks_exact(32);
    let tail = blocks.remainder();
    for block in blocks {
        for (lane, (word, k)) in lanes.iter_mut().zip(block.chunks_exact(8).zip(K)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ w).wrapping_mul(k | 1).rotate_left(29);
        }
    }
    let mut h = fnv1a(tail, bytes.len() as u64);
    for (lane, k) in lanes.into_iter().zip(K) {
        h = (h ^ lane).wrapping_mul(k | 1).rotate_left(31);
    }
    h
}

/// FNV-1a, 64 bits, from `seed`: the checksum of version-1 files, and of the last bytes.
fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325 ^ seed, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// ---- writing ------------------------------------------------------------------------------------

struct Out(Vec<u8>);

impl Out {
    #[inline]
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    #[inline]
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    #[inline]
    fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    #[inline]
    fn date(&mut self, d: NaiveDate) {
        self.i32(chrono::Datelike::num_days_from_ce(&d));
    }
    #[inline]
    fn span(&mut self, s: Span) {
        self.date(s.start);
        match s.end {
            Some(e) => {
                self.u8(1);
                self.date(e);
            }
            None => self.u8(0),
        }
    }
}

/// Index of an enum value in its `ALL` list, as a byte.
fn code<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter()
        .position(|x| x == v)
        .unwrap_or(usize::from(u8::MAX)) as u8
}

impl Network {
    /// The network as a binary snapshot (see [`io::binary`](crate::io::binary)).
    ///
    /// ```
    /// let bytes = quanyu::Network::new().to_binary();
    /// assert!(bytes.starts_with(quanyu::io::binary::MAGIC));
    /// ```
    pub fn to_binary(&self) -> Vec<u8> {
        let mut o = Out(Vec::with_capacity(
            64 * self.graph.node_count() + 32 * self.graph.edge_count(),
        ));
        o.str(&serde_json::to_string(self.scheme.defs()).unwrap_or_default());
        // Positions of every node inside its table.
        let mut pos = vec![NONE; self.graph.node_bound()];
        let units = &self.unit_tree.order;
        let orgs = &self.org_tree.order;
        let persons: Vec<Ix> = self.person_nodes().collect();
        let tasks: Vec<Ix> = self
            .graph
            .node_indices()
            .filter(|&t| matches!(self.graph[t], Node::Task(_)))
            .collect();
        for list in [units, orgs, &persons, &tasks] {
            for (i, &ix) in list.iter().enumerate() {
                pos[ix.index()] = i as u32;
            }
        }
        let at = |ix: Option<Ix>| ix.map_or(NONE, |x| pos[x.index()]);

        o.u32(units.len() as u32);
        for (i, &u) in units.iter().enumerate() {
            let unit = self.unit_at(u);
            o.str(&unit.id);
            o.str(&unit.name);
            o.u8(unit.level.0);
            let up = self.unit_tree.parent[i];
            o.u32(if up == NONE { NONE } else { up });
            o.u8(unit.grid_kind.map_or(u8::MAX, |k| code(GridKind::ALL, &k)));
            o.u32(unit.residents);
        }
        o.u32(orgs.len() as u32);
        for (i, &g) in orgs.iter().enumerate() {
            let org = self.organisation_at(g);
            o.str(&org.id);
            o.str(&org.name);
            o.u8(code(OrganisationKind::ALL, &org.kind));
            o.u8(org
                .category
                .map_or(u8::MAX, |c| code(AllianceCategory::ALL, &c)));
            let up = self.org_tree.parent[i];
            o.u32(if up == NONE { NONE } else { up });
            o.u32(at(self.out_one(g, |r| matches!(r, Relation::AnchoredOn))));
        }
        o.u32(persons.len() as u32);
        for &p in &persons {
            let person = self.person_at(p);
            o.str(&person.id);
            o.str(&person.name);
            o.opt_str(person.phone.as_ref().map(|s| s.expose()));
            o.opt_str(person.id_number.as_ref().map(|s| s.expose()));
            o.u32(at(self.home_ix(p)));
            o.u32(at(self.out_one(p, |r| matches!(r, Relation::WorksAt))));
        }
        o.u32(tasks.len() as u32);
        for &t in &tasks {
            let task = self.task_at(t);
            o.str(&task.id);
            o.str(&task.name);
            o.u8(code(TaskCategory::ALL, &task.category));
            o.date(task.deadline);
            o.u8(code(TaskStatus::ALL, &task.status));
            o.u32(at(self.out_one(t, |r| matches!(r, Relation::TaskAt))));
        }
        // Relations from each person, then each organisation, oldest first.
        let mut rels = Out(Vec::new());
        let mut count = 0u32;
        for &s in persons.iter().chain(orgs.iter()) {
            let mut edges: Vec<_> = self.graph.edges_directed(s, Direction::Outgoing).collect();
            edges.reverse();
            for e in edges {
                let (from, to) = (pos[s.index()], pos[e.target().index()]);
                match *e.weight() {
                    Relation::MemberOf(span) => {
                        rels.u8(1);
                        rels.u32(from);
                        rels.u32(to);
                        rels.span(span);
                    }
                    Relation::HoldsPost(role, span) => {
                        rels.u8(2);
                        rels.u32(from);
                        rels.u8(u8::from(!matches!(self.graph[e.target()], Node::Unit(_))));
                        rels.u32(to);
                        rels.u8(code(Role::ALL, &role));
                        rels.span(span);
                    }
                    Relation::Leads => {
                        rels.u8(3);
                        rels.u32(from);
                        rels.u32(to);
                    }
                    Relation::Serves => {
                        rels.u8(4);
                        rels.u32(from);
                        rels.u32(to);
                    }
                    Relation::Contract(kind, span) => {
                        rels.u8(5);
                        rels.u8(code(ContractKind::ALL, &kind));
                        rels.u32(from);
                        rels.u32(to);
                        rels.span(span);
                    }
                    _ => continue,
                }
                count += 1;
            }
        }
        o.u32(count);
        o.0.extend_from_slice(&rels.0);
        let layers: Vec<(u32, GridLayer, &str)> = units
            .iter()
            .filter_map(|u| self.layers.get(u).map(|m| (u, m)))
            .flat_map(|(u, m)| {
                let p = pos[u.index()];
                m.iter().map(move |(&l, g)| (p, l, g.as_str()))
            })
            .collect();
        o.u32(layers.len() as u32);
        for (u, layer, grid) in layers {
            o.u32(u);
            o.u8(code(GridLayer::ALL, &layer));
            o.str(grid);
        }
        let body = o.0;
        let mut file = Vec::with_capacity(HEADER + body.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&VERSION.to_le_bytes());
        file.extend_from_slice(&(body.len() as u64).to_le_bytes());
        file.extend_from_slice(&checksum(&body).to_le_bytes());
        file.extend_from_slice(&body);
        file
    }

    /// A network from a binary snapshot, checked as thoroughly as an edit.
    ///
    /// ```
    /// let err = quanyu::Network::from_binary(b"not a snapshot").unwrap_err();
    /// assert!(err.to_string().contains("not a binary quanyu snapshot"));
    /// ```
    pub fn from_binary(bytes: &[u8]) -> Result<Network> {
        let fail = |message: String| Error::Parse {
            source_name: "snapshot".into(),
            line: None,
            message,
        };
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err(fail(
                "not a binary quanyu snapshot (no QUANYU\\0B header)".into(),
            ));
        }
        let word = |at: usize, n: usize| {
            bytes[at..at + n]
                .iter()
                .rev()
                .fold(0u64, |v, &b| (v << 8) | u64::from(b))
        };
        let version = word(8, 4) as u32;
        // Version 1 differs only in its (slower) checksum.
        let sum: fn(&[u8]) -> u64 = match version {
            1 => |body| fnv1a(body, 0),
            VERSION => checksum,
            _ => {
                return Err(fail(format!(
                    "unsupported binary snapshot version {version}; this version reads 1 and {VERSION}"
                )));
            }
        };
        let body = &bytes[HEADER..];
        if word(12, 8) != body.len() as u64 {
            return Err(fail(format!(
                "truncated: the header announces {} bytes, {} follow",
                word(12, 8),
                body.len()
            )));
        }
        if word(20, 8) != sum(body) {
            return Err(fail("damaged: the checksum does not match".into()));
        }
        Load::new(body)
            .run()
            .map_err(|f| fail(format!("byte {}: {}", f.0 + HEADER, f.1)))
    }

    /// A network from snapshot bytes in either form, told apart by their first bytes: binary
    /// ([`Network::to_binary`]) or JSON ([`Network::to_json`]).
    ///
    /// ```
    /// let net = quanyu::Network::new();
    /// assert_eq!(quanyu::Network::from_snapshot_bytes(&net.to_binary())?, net);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn from_snapshot_bytes(bytes: &[u8]) -> Result<Network> {
        if bytes.starts_with(MAGIC) {
            Network::from_binary(bytes)
        } else {
            Network::from_json_bytes(bytes)
        }
    }

    /// Saves a binary snapshot to `path` atomically (temporary file, then rename).
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("net.qyb");
    /// let net = quanyu::synth::community(1)?;
    /// net.save_binary(&path)?;
    /// assert_eq!(quanyu::Network::load_snapshot(&path)?, net);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn save_binary(&self, path: impl AsRef<Path>) -> Result<()> {
        let bytes = self.to_binary();
        crate::io::snapshot::write_atomically(path.as_ref(), |mut f| {
            std::io::Write::write_all(&mut f, &bytes).map_err(|e| Error::io("snapshot", &e))
        })
    }

    /// Loads a binary snapshot written by [`save_binary`](Network::save_binary) (the pair of
    /// [`save`](Network::save) and [`load`](Network::load) for JSON); a file in another form
    /// is a parse error naming it.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("net.qyb");
    /// let net = quanyu::synth::community(1)?;
    /// net.save_binary(&path)?;
    /// assert_eq!(quanyu::Network::load_binary(&path)?, net);
    /// net.save(&path)?; // JSON
    /// assert!(quanyu::Network::load_binary(&path).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn load_binary(path: impl AsRef<Path>) -> Result<Network> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        if !bytes.starts_with(MAGIC) {
            return Err(Error::Parse {
                source_name: path.display().to_string(),
                line: None,
                message: "not a binary snapshot (it does not start with the binary format's mark); \
                          `load` reads JSON snapshots, `load_snapshot` either form"
                    .to_owned(),
            });
        }
        Network::from_binary(&bytes).map_err(|e| match e {
            Error::Parse { line, message, .. } => Error::Parse {
                source_name: path.display().to_string(),
                line,
                message,
            },
            other => other,
        })
    }

    /// Loads a snapshot file in either form (binary or JSON).
    ///
    /// ```
    /// assert!(quanyu::Network::load_snapshot("/no/such/file").is_err());
    /// ```
    pub fn load_snapshot(path: impl AsRef<Path>) -> Result<Network> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        Network::from_snapshot_bytes(&bytes).map_err(|e| match e {
            Error::Parse { line, message, .. } => Error::Parse {
                source_name: path.display().to_string(),
                line,
                message,
            },
            other => other,
        })
    }
}

// ---- reading ------------------------------------------------------------------------------------

/// Where reading stopped (an offset into the body) and why. Boxed, so that each reader's
/// result stays two words and comes back in registers: the readers run millions of times.
type Fail = Box<(usize, String)>;

#[cold]
fn fail_at(at: usize, message: impl Into<String>) -> Fail {
    Box::new((at, message.into()))
}

struct Load<'b> {
    body: &'b [u8],
    at: usize,
}

impl<'b> Load<'b> {
    fn new(body: &'b [u8]) -> Self {
        Load { body, at: 0 }
    }

    #[inline]
    fn take(&mut self, n: usize) -> std::result::Result<&'b [u8], Fail> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.body.len())
            // Lazily: an eager error value would allocate on every read.
            .ok_or_else(|| fail_at(self.at, "unexpected end"))?;
        let s = &self.body[self.at..end];
        self.at = end;
        Ok(s)
    }
    #[inline]
    fn u8(&mut self) -> std::result::Result<u8, Fail> {
        Ok(self.take(1)?[0])
    }
    #[inline]
    fn u32(&mut self) -> std::result::Result<u32, Fail> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    #[inline]
    fn i32(&mut self) -> std::result::Result<i32, Fail> {
        Ok(self.u32()? as i32)
    }
    #[inline]
    fn text(&mut self) -> std::result::Result<&'b str, Fail> {
        let at = self.at;
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|_| fail_at(at, "a string is not valid UTF-8"))
    }
    fn str(&mut self) -> std::result::Result<String, Fail> {
        self.text().map(str::to_owned)
    }
    /// An id or a name: inline when short, so most need no allocation.
    #[inline]
    fn compact(&mut self) -> std::result::Result<CompactString, Fail> {
        self.text().map(CompactString::from)
    }
    #[inline]
    fn opt_compact(&mut self) -> std::result::Result<Option<CompactString>, Fail> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.compact().map(Some),
            _ => Err(self.err("bad optional-string flag")),
        }
    }
    #[inline]
    fn date(&mut self) -> std::result::Result<NaiveDate, Fail> {
        let at = self.at;
        let d = self.i32()?;
        NaiveDate::from_num_days_from_ce_opt(d)
            .ok_or_else(|| fail_at(at, format!("day {d} is out of range")))
    }
    #[inline]
    fn span(&mut self) -> std::result::Result<Span, Fail> {
        let start = self.date()?;
        let end = match self.u8()? {
            0 => None,
            1 => Some(self.date()?),
            _ => return Err(self.err("bad end-date flag")),
        };
        if end.is_some_and(|e| e < start) {
            return Err(self.err("a span ends before it starts"));
        }
        Ok(Span { start, end })
    }
    fn err(&self, m: &str) -> Fail {
        fail_at(self.at, m)
    }
    /// A count of items, each at least `min` bytes: no larger than what remains.
    #[inline]
    fn count(&mut self, min: usize) -> std::result::Result<usize, Fail> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.body.len() - self.at {
            return Err(self.err("a count larger than the file"));
        }
        Ok(n)
    }
    #[inline]
    fn enum_of<T: Copy>(&mut self, all: &[T], what: &str) -> std::result::Result<T, Fail> {
        let v = self.u8()?;
        all.get(usize::from(v))
            .copied()
            .ok_or_else(|| self.err(&format!("unknown {what} code {v}")))
    }
    #[inline]
    fn opt_enum<T: Copy>(&mut self, all: &[T], what: &str) -> std::result::Result<Option<T>, Fail> {
        let v = self.u8()?;
        if v == u8::MAX {
            return Ok(None);
        }
        all.get(usize::from(v))
            .copied()
            .map(Some)
            .ok_or_else(|| self.err(&format!("unknown {what} code {v}")))
    }
    /// A position below `n` (or `NONE` when `optional`).
    #[inline]
    fn index(
        &mut self,
        n: usize,
        optional: bool,
        what: &str,
    ) -> std::result::Result<Option<usize>, Fail> {
        let v = self.u32()?;
        if v == NONE && optional {
            return Ok(None);
        }
        let v = v as usize;
        if v >= n {
            return Err(self.err(&format!("{what} position {v} is out of range")));
        }
        Ok(Some(v))
    }

    fn run(mut self) -> std::result::Result<Network, Fail> {
        let defs = self.str()?;
        let defs =
            serde_json::from_str(&defs).map_err(|e| fail_at(0, format!("level scheme: {e}")))?;
        let scheme =
            LevelScheme::new(defs).map_err(|e| fail_at(0, format!("level scheme: {e}")))?;
        let level = |name: &str| scheme.level(name);
        let (grid, household, building, compound) = (
            level(GRID),
            level(HOUSEHOLD),
            level(BUILDING),
            level(COMPOUND),
        );
        let mut net = Network::with_scheme(scheme.clone());
        let mut bulk = Bulk::new(&mut net);
        // Ids must be non-empty (checked with each row) and unique per kind (checked when a
        // table is in, by entering its ids in their map: see `Bulk::index`). `starts` holds
        // each row's offset, for the message.
        let index = |bulk: &mut Bulk<'_>, table, nodes: &[Ix], starts: &[usize], what: &str| {
            bulk.index(table, nodes).map_err(|i| {
                let id = bulk.id_of(nodes[i]);
                fail_at(starts[i], format!("{what} id `{id}` is repeated"))
            })
        };
        let nonempty = |id: &str, at: usize, what: &str| {
            if id.is_empty() {
                return Err(fail_at(at, format!("a {what} id is empty")));
            }
            Ok(())
        };

        let n_units = self.count(15)?;
        bulk.reserve_kind(Table::Units, n_units, n_units);
        let mut units: Vec<Ix> = Vec::with_capacity(n_units);
        let mut unit_levels: Vec<Level> = Vec::with_capacity(n_units);
        let mut starts: Vec<usize> = Vec::with_capacity(n_units);
        // Parents by position: with the file's order, the unit tree's layout.
        let mut unit_parents: Vec<u32> = Vec::with_capacity(n_units);
        for i in 0..n_units {
            let at = self.at;
            let (id, name) = (self.compact()?, self.compact()?);
            nonempty(&id, at, "unit")?;
            let lv = self.u8()?;
            if usize::from(lv) >= scheme.len() {
                return Err(self.err(&format!("unit `{id}`: level code {lv} is out of range")));
            }
            let lv = Level(lv);
            let parent = self.index(i, true, "parent")?;
            if let Some(p) = parent
                && !scheme.may_contain(unit_levels[p], lv)
            {
                return Err(self.err(&format!(
                    "unit `{id}`: its level may not sit in its parent's"
                )));
            }
            let kind = self.opt_enum(GridKind::ALL, "grid kind")?;
            if kind.is_some() && Some(lv) != grid {
                return Err(self.err(&format!("unit `{id}`: only grids have a grid kind")));
            }
            let residents = self.u32()?;
            let u = bulk.unit(id, name, lv, parent.map(|p| units[p]), kind, residents);
            units.push(u);
            unit_levels.push(lv);
            starts.push(at);
            unit_parents.push(parent.map_or(NONE, |p| p as u32));
        }
        index(&mut bulk, Table::Units, &units, &starts, "unit")?;
        let unit_level = |u: usize| unit_levels[u];

        let n_orgs = self.count(15)?;
        bulk.reserve_kind(Table::Organisations, n_orgs, 2 * n_orgs);
        let mut orgs: Vec<Ix> = Vec::with_capacity(n_orgs);
        let mut org_kinds: Vec<OrganisationKind> = Vec::with_capacity(n_orgs);
        starts.clear();
        let mut org_parents: Vec<u32> = Vec::with_capacity(n_orgs);
        for i in 0..n_orgs {
            let at = self.at;
            let (id, name) = (self.compact()?, self.compact()?);
            nonempty(&id, at, "organisation")?;
            let kind = self.enum_of(OrganisationKind::ALL, "organisation kind")?;
            let category = self.opt_enum(AllianceCategory::ALL, "category")?;
            let parent = self.index(i, true, "parent")?;
            if let Some(p) = parent
                && !kind.may_sit_under(org_kinds[p])
            {
                return Err(self.err(&format!("organisation `{id}` may not sit under its parent")));
            }
            let anchor = self.index(n_units, false, "anchor")?.unwrap_or(0);
            let o = bulk.organisation(
                id,
                name,
                kind,
                category,
                parent.map(|p| orgs[p]),
                units[anchor],
            );
            orgs.push(o);
            org_kinds.push(kind);
            starts.push(at);
            org_parents.push(parent.map_or(NONE, |p| p as u32));
        }

        index(
            &mut bulk,
            Table::Organisations,
            &orgs,
            &starts,
            "organisation",
        )?;

        let n_persons = self.count(14)?;
        bulk.reserve_kind(Table::Persons, n_persons, n_persons);
        let mut persons: Vec<Ix> = Vec::with_capacity(n_persons);
        let mut links: Vec<(Option<Ix>, Option<Ix>)> = Vec::with_capacity(n_persons);
        starts.clear();
        for _ in 0..n_persons {
            let at = self.at;
            let (id, name) = (self.compact()?, self.compact()?);
            nonempty(&id, at, "person")?;
            let (phone, id_number) = (self.opt_compact()?, self.opt_compact()?);
            let home = self.index(n_units, true, "home")?;
            if let Some(h) = home
                && household.is_some_and(|l| l != unit_level(h))
            {
                return Err(self.err(&format!("person `{id}`: a home must be a household")));
            }
            let works = self.index(n_units, true, "workplace")?;
            let p = bulk.person(id, name, phone, id_number, None);
            links.push((home.map(|h| units[h]), works.map(|w| units[w])));
            persons.push(p);
            starts.push(at);
        }
        for (&p, &(home, works)) in persons.iter().zip(&links) {
            if let Some(h) = home {
                bulk.lives_in(p, h);
            }
            if let Some(w) = works {
                bulk.works_at(p, w);
            }
        }
        drop(links);

        index(&mut bulk, Table::Persons, &persons, &starts, "person")?;

        let n_tasks = self.count(18)?;
        bulk.reserve_kind(Table::Tasks, n_tasks, n_tasks);
        let mut tasks: Vec<Ix> = Vec::with_capacity(n_tasks);
        starts.clear();
        for _ in 0..n_tasks {
            let at = self.at;
            let (id, name) = (self.compact()?, self.compact()?);
            nonempty(&id, at, "task")?;
            let category = self.enum_of(TaskCategory::ALL, "task category")?;
            let deadline = self.date()?;
            let status = self.enum_of(TaskStatus::ALL, "task status")?;
            let unit = self.index(n_units, false, "unit")?.unwrap_or(0);
            let t = bulk.task(
                KeyTask {
                    id,
                    name,
                    category,
                    deadline,
                    status,
                },
                units[unit],
            );
            tasks.push(t);
            starts.push(at);
        }

        index(&mut bulk, Table::Tasks, &tasks, &starts, "task")?;

        let n_rel = self.count(9)?;
        // Each relation's identity packed in 16 bytes (positions fit in 32 bits: counts do),
        // checked for repeats once the table is in (as ids are: see `Bulk::index`).
        let mut keys: Vec<u128> = Vec::with_capacity(n_rel);
        starts.clear();
        bulk.reserve(0, n_rel);
        let check_level = |want: Option<Level>, u: usize| want.is_none_or(|w| w == unit_level(u));
        for _ in 0..n_rel {
            starts.push(self.at);
            let tag = self.u8()?;
            let (from, to, relation, key) = match tag {
                1 => {
                    let p = self.index(n_persons, false, "person")?.unwrap_or(0);
                    let o = self.index(n_orgs, false, "organisation")?.unwrap_or(0);
                    let span = self.span()?;
                    (
                        persons[p],
                        orgs[o],
                        Relation::MemberOf(span),
                        (p, o, 0, span),
                    )
                }
                2 => {
                    let p = self.index(n_persons, false, "person")?.unwrap_or(0);
                    let at_org = self.u8()? == 1;
                    let place = if at_org {
                        orgs[self.index(n_orgs, false, "organisation")?.unwrap_or(0)]
                    } else {
                        units[self.index(n_units, false, "unit")?.unwrap_or(0)]
                    };
                    let role = self.enum_of(Role::ALL, "role")?;
                    let span = self.span()?;
                    let role_code = code(Role::ALL, &role);
                    (
                        persons[p],
                        place,
                        Relation::HoldsPost(role, span),
                        (p, place.index(), role_code, span),
                    )
                }
                3 | 4 => {
                    let p = self.index(n_persons, false, "person")?.unwrap_or(0);
                    let (to, rel) = if tag == 3 {
                        let v = self.index(n_persons, false, "volunteer")?.unwrap_or(0);
                        if v == p {
                            return Err(self.err("a pioneer cannot lead themselves"));
                        }
                        (persons[v], Relation::Leads)
                    } else {
                        let h = self.index(n_units, false, "household")?.unwrap_or(0);
                        if !check_level(household, h) {
                            return Err(self.err("only households are served"));
                        }
                        (units[h], Relation::Serves)
                    };
                    let zero = Span {
                        start: NaiveDate::MIN,
                        end: None,
                    };
                    (persons[p], to, rel, (p, to.index(), 0, zero))
                }
                5 => {
                    let kind = self.enum_of(ContractKind::ALL, "contract kind")?;
                    let holder = if kind.held_by_organisations() {
                        orgs[self.index(n_orgs, false, "holder")?.unwrap_or(0)]
                    } else {
                        persons[self.index(n_persons, false, "holder")?.unwrap_or(0)]
                    };
                    let target = if kind.targets_tasks() {
                        tasks[self.index(n_tasks, false, "target")?.unwrap_or(0)]
                    } else {
                        let u = self.index(n_units, false, "target")?.unwrap_or(0);
                        let want = match kind {
                            ContractKind::Compound => compound,
                            ContractKind::Building => building,
                            _ => household,
                        };
                        if !check_level(want, u) {
                            return Err(self
                                .err(&format!("a {kind} contract's target is on another level")));
                        }
                        units[u]
                    };
                    let span = self.span()?;
                    (
                        holder,
                        target,
                        Relation::Contract(kind, span),
                        (
                            holder.index(),
                            target.index(),
                            code(ContractKind::ALL, &kind),
                            span,
                        ),
                    )
                }
                other => return Err(self.err(&format!("unknown relation tag {other}"))),
            };
            let (a, b, c, span) = key;
            let day = chrono::Datelike::num_days_from_ce(&span.start) as u32;
            keys.push(
                a as u128
                    | (b as u128) << 32
                    | u128::from(tag) << 64
                    | u128::from(c) << 72
                    | u128::from(day) << 80,
            );
            bulk.relate(from, to, relation);
        }
        let mut seen: FxHashSet<u128> = FxHashSet::default();
        seen.reserve(keys.len());
        if let Some(i) = keys.iter().position(|&k| !seen.insert(k)) {
            return Err(fail_at(starts[i], "a relation is recorded twice"));
        }

        let n_layers = self.count(10)?;
        let mut layered: HashMap<(usize, u8), ()> = HashMap::with_capacity(n_layers);
        for _ in 0..n_layers {
            let u = self.index(n_units, false, "building")?.unwrap_or(0);
            if !check_level(building, u) {
                return Err(self.err("only buildings belong to layer grids"));
            }
            let layer = self.enum_of(GridLayer::ALL, "grid layer")?;
            let grid = self.str()?;
            if grid.trim().is_empty()
                || layered
                    .insert((u, code(GridLayer::ALL, &layer)), ())
                    .is_some()
            {
                return Err(self.err("a layer grid is empty or given twice"));
            }
            bulk.layer(units[u], layer, grid);
        }
        if self.at != self.body.len() {
            return Err(self.err("bytes left over after the last table"));
        }
        // Files this library writes list both trees in pre-order, so their layouts need no
        // walk of the graph; any other order is laid out from the graph.
        let bound = bulk.node_bound();
        let unit_tree = TreeIndex::from_preorder(
            bound,
            units,
            unit_parents,
            |i| unit_levels[i].index(),
            scheme.len(),
        );
        let org_tree = TreeIndex::from_preorder(
            bound,
            orgs,
            org_parents,
            |i| org_kinds[i] as usize,
            OrganisationKind::ALL.len(),
        );
        bulk.finish_with(unit_tree, org_tree);
        Ok(net)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the given units (id, level, parent position) and nothing else.
    fn units_file(units: &[(&str, u8, Option<u32>)]) -> Vec<u8> {
        file_of(units, &[], 0)
    }

    /// A file of units, persons (ids, no home) and `leads` times "person 0 leads person 1".
    fn file_of(units: &[(&str, u8, Option<u32>)], persons: &[&str], leads: u32) -> Vec<u8> {
        let mut o = Out(Vec::new());
        o.str(&serde_json::to_string(LevelScheme::default().defs()).unwrap());
        o.u32(units.len() as u32);
        for &(id, level, parent) in units {
            o.str(id);
            o.str("");
            o.u8(level);
            o.u32(parent.unwrap_or(NONE));
            o.u8(u8::MAX);
            o.u32(0);
        }
        o.u32(0);
        o.u32(persons.len() as u32);
        for id in persons {
            o.str(id);
            o.str("");
            o.u8(0);
            o.u8(0);
            o.u32(NONE);
            o.u32(NONE);
        }
        o.u32(0);
        o.u32(leads);
        for _ in 0..leads {
            o.u8(3);
            o.u32(0);
            o.u32(1);
        }
        o.u32(0);
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&VERSION.to_le_bytes());
        file.extend_from_slice(&(o.0.len() as u64).to_le_bytes());
        file.extend_from_slice(&checksum(&o.0).to_le_bytes());
        file.extend_from_slice(&o.0);
        file
    }

    /// The trees' layouts as an edit would build them.
    fn rebuilt(net: &Network) -> Network {
        let mut again = net.clone();
        again.reindex_units();
        again.reindex_organisations();
        again
    }

    #[test]
    fn tree_layouts_read_from_the_file_match_the_built_ones() {
        let net = crate::synth::community(5).unwrap();
        let back = Network::from_binary(&net.to_binary()).unwrap();
        let again = rebuilt(&back);
        assert_eq!(back.unit_tree, again.unit_tree);
        assert_eq!(back.org_tree, again.org_tree);
    }

    #[test]
    fn units_out_of_preorder_are_laid_out_from_the_graph() {
        // S, its areas A and B, then a grid under A after B began: not a pre-order.
        let file = units_file(&[
            ("S", 0, None),
            ("A", 1, Some(0)),
            ("B", 1, Some(0)),
            ("G", 2, Some(1)),
        ]);
        let net = Network::from_binary(&file).unwrap();
        assert_eq!(net.unit_tree, rebuilt(&net).unit_tree);
        let ids: Vec<&str> = net.units().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["S", "A", "G", "B"]);
        assert!(net.is_ancestor("A", "G").unwrap());
        assert!(!net.is_ancestor("B", "G").unwrap());
    }

    #[test]
    fn repeated_and_empty_ids_are_named_with_their_row() {
        let file = units_file(&[("S", 0, None), ("A", 1, Some(0)), ("A", 1, Some(0))]);
        let err = Network::from_binary(&file).unwrap_err().to_string();
        assert!(err.contains("unit id `A` is repeated"), "{err}");
        // The offset is the third row's: after the header, the scheme and two rows.
        let scheme = serde_json::to_string(LevelScheme::default().defs()).unwrap();
        let row = |id: &str| 4 + id.len() + 4 + 1 + 4 + 1 + 4;
        let third = HEADER + 4 + scheme.len() + 4 + row("S") + row("A");
        assert!(err.contains(&format!("byte {third}:")), "{err}");
        let err = Network::from_binary(&units_file(&[("", 0, None)]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a unit id is empty"), "{err}");
    }

    #[test]
    fn a_relation_recorded_twice_is_named_with_its_offset() {
        let units = [("S", 0, None)];
        let once = file_of(&units, &["P1", "P2"], 1);
        let net = Network::from_binary(&once).unwrap();
        assert_eq!(net.person_count(), 2);
        let twice = file_of(&units, &["P1", "P2"], 2);
        let err = Network::from_binary(&twice).unwrap_err().to_string();
        // The second relation starts 9 bytes before the layer count, the last 4 bytes.
        let second = twice.len() - 4 - 9;
        assert!(
            err.contains(&format!("byte {second}: a relation is recorded twice")),
            "{err}"
        );
        let err = Network::from_binary(&file_of(&units, &["P1", "P1"], 0))
            .unwrap_err()
            .to_string();
        assert!(err.contains("person id `P1` is repeated"), "{err}");
    }
}
