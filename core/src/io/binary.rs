//! Binary snapshots: the same content as a JSON snapshot, in a compact form that opens an order
//! of magnitude faster — what an app loads at start-up.
//!
//! The file is a header (magic `QUANYU\0B`, format version, body length, checksum of the
//! body) and a body of little-endian integers and length-prefixed UTF-8 strings: the level
//! scheme, then units (in pre-order, each naming its parent by position), organisations,
//! persons, key tasks, every relation from its source in the order it was made, and grid
//! layers. Positions replace ids inside the file, so loading needs no string look-ups. This
//! module reads and writes the bytes only: each row goes to the model's builder, which checks it
//! with the same rules as an edit (ids well formed and unique, positions in range, levels and
//! organisation kinds nested as the scheme allows, homes on households, dates in years 1 to
//! 9999 and in order, no relation twice), so a damaged or hand-made file is refused with a
//! clear error, never trusted.
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

use std::path::Path;

use chrono::NaiveDate;
use compact_str::CompactString;

use crate::model::bulk::Table;
use crate::model::flat::{FlatBuilder, FlatRelation, FlatTables, Refusal};
use crate::model::{
    AllianceCategory, ContractKind, GridKind, GridLayer, KeyTask, Level, LevelScheme, Network,
    OrganisationKind, Role, Span, TaskCategory, TaskStatus, Unit,
};
use crate::{Error, Result};

/// "No position": a root's parent, a person without a home.
const NONE: u32 = u32::MAX;

/// The first eight bytes of a binary snapshot.
pub const MAGIC: &[u8; 8] = b"QUANYU\0B";
/// The format version this library writes and reads.
pub const VERSION: u32 = 4;

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
    fn opt_date(&mut self, d: Option<NaiveDate>) {
        match d {
            Some(d) => {
                self.u8(1);
                self.date(d);
            }
            None => self.u8(0),
        }
    }
    #[inline]
    fn span(&mut self, s: Span) {
        self.date(s.start);
        self.opt_date(s.end);
    }
}

/// Index of an enum value in its `ALL` list, as a byte.
fn code<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter()
        .position(|x| x == v)
        .unwrap_or(usize::from(u8::MAX)) as u8
}

/// A position, or `NONE` for none.
fn pos(p: Option<u32>) -> u32 {
    p.unwrap_or(NONE)
}

fn write_units(o: &mut Out, flat: &FlatTables<'_>) {
    let units = flat.units();
    o.u32(units.len() as u32);
    for (unit, parent) in units {
        o.str(&unit.id);
        o.str(&unit.name);
        o.u8(unit.level.index() as u8);
        o.u32(pos(parent));
        o.u8(unit.grid_kind.map_or(u8::MAX, |k| code(GridKind::ALL, &k)));
        o.u32(unit.residents);
        o.opt_str(unit.code.as_deref());
    }
}

fn write_organisations(o: &mut Out, flat: &FlatTables<'_>) {
    let orgs = flat.organisations();
    o.u32(orgs.len() as u32);
    for (org, parent, anchor) in orgs {
        o.str(&org.id);
        o.str(&org.name);
        o.u8(code(OrganisationKind::ALL, &org.kind));
        o.u8(org
            .category
            .map_or(u8::MAX, |c| code(AllianceCategory::ALL, &c)));
        o.u32(pos(parent));
        o.u32(pos(anchor));
    }
}

fn write_persons(o: &mut Out, flat: &FlatTables<'_>) {
    let persons = flat.persons();
    o.u32(persons.len() as u32);
    for (person, home, works) in persons {
        o.str(&person.id);
        o.str(&person.name);
        o.opt_str(person.phone.as_ref().map(|s| s.expose()));
        o.opt_str(person.id_number.as_ref().map(|s| s.expose()));
        o.opt_date(person.moved_out);
        o.u32(pos(home));
        o.u32(pos(works));
    }
}

fn write_tasks(o: &mut Out, flat: &FlatTables<'_>) {
    let tasks = flat.tasks();
    o.u32(tasks.len() as u32);
    for (task, unit) in tasks {
        o.str(&task.id);
        o.str(&task.name);
        o.u8(code(TaskCategory::ALL, &task.category));
        o.date(task.deadline);
        o.u8(code(TaskStatus::ALL, &task.status));
        o.u32(pos(unit));
    }
}

fn write_relations(o: &mut Out, flat: &FlatTables<'_>) {
    let rels = flat.relations();
    o.u32(rels.len() as u32);
    for r in rels {
        match r {
            FlatRelation::Membership {
                person,
                organisation,
                span,
            } => {
                o.u8(1);
                o.u32(person);
                o.u32(organisation);
                o.span(span);
            }
            FlatRelation::Post {
                person,
                at_organisation,
                place,
                role,
                span,
            } => {
                o.u8(2);
                o.u32(person);
                o.u8(u8::from(at_organisation));
                o.u32(place);
                o.u8(code(Role::ALL, &role));
                o.span(span);
            }
            FlatRelation::Lead { pioneer, volunteer } => {
                o.u8(3);
                o.u32(pioneer);
                o.u32(volunteer);
            }
            FlatRelation::Service {
                volunteer,
                household,
            } => {
                o.u8(4);
                o.u32(volunteer);
                o.u32(household);
            }
            FlatRelation::Contract {
                kind,
                holder,
                target,
                span,
            } => {
                o.u8(5);
                o.u8(code(ContractKind::ALL, &kind));
                o.u32(holder);
                o.u32(target);
                o.span(span);
            }
        }
    }
}

fn write_layers(o: &mut Out, flat: &FlatTables<'_>) {
    let layers = flat.layers();
    o.u32(layers.len() as u32);
    for (u, layer, grid) in layers {
        o.u32(u);
        o.u8(code(GridLayer::ALL, &layer));
        o.str(grid);
    }
}

/// A whole file: the header (magic, version, body length, checksum), then `body`.
fn seal(body: &[u8]) -> Vec<u8> {
    let mut file = Vec::with_capacity(HEADER + body.len());
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&VERSION.to_le_bytes());
    file.extend_from_slice(&(body.len() as u64).to_le_bytes());
    file.extend_from_slice(&checksum(body).to_le_bytes());
    file.extend_from_slice(body);
    file
}

/// The same file with its header made to match its body again: for tools and tests that
/// change a snapshot's body on purpose (to see that a loader refuses what it must). Bytes too
/// short to hold a header are returned as they are.
///
/// ```
/// let mut file = quanyu::Network::new().to_binary();
/// let last = file.len() - 1;
/// file[last] ^= 1;
/// assert!(quanyu::Network::from_binary(&file).is_err());
/// let sealed = quanyu::io::binary::reseal(&file);
/// assert!(!quanyu::Network::from_binary(&sealed).unwrap_err().to_string().contains("checksum"));
/// ```
pub fn reseal(file: &[u8]) -> Vec<u8> {
    match file.get(HEADER..) {
        Some(body) => seal(body),
        None => file.to_vec(),
    }
}

impl Network {
    /// The network as a binary snapshot (see [`io::binary`](crate::io::binary)): storage,
    /// every personal field in full. An app gets an [extract](Network::extract) of its grid
    /// instead (see [`io::snapshot`](crate::io::snapshot) on what to share).
    ///
    /// ```
    /// let bytes = quanyu::Network::new().to_binary();
    /// assert!(bytes.starts_with(quanyu::io::binary::MAGIC));
    /// ```
    pub fn to_binary(&self) -> Vec<u8> {
        let flat = self.flat();
        let (nodes, edges) = flat.size();
        let mut o = Out(Vec::with_capacity(64 * nodes + 32 * edges));
        o.str(&serde_json::to_string(self.scheme().defs()).unwrap_or_default());
        write_units(&mut o, &flat);
        write_organisations(&mut o, &flat);
        write_persons(&mut o, &flat);
        write_tasks(&mut o, &flat);
        write_relations(&mut o, &flat);
        write_layers(&mut o, &flat);
        seal(&o.0)
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
        // Version 1 differs from 2 only in its (slower) checksum; version 3 adds the units'
        // division codes, version 4 the persons' moving-out dates.
        let sum: fn(&[u8]) -> u64 = match version {
            1 => |body| fnv1a(body, 0),
            2 | 3 | VERSION => checksum,
            _ => {
                return Err(fail(format!(
                    "unsupported binary snapshot version {version}; this version reads 1 to {VERSION}"
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
        Load::new(body, version)
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
        crate::io::save::write_atomically(path.as_ref(), |mut f| {
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
                message:
                    "not a binary snapshot (it does not start with the binary format's mark); \
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
    /// The file's format version: what its rows hold.
    version: u32,
}

impl<'b> Load<'b> {
    fn new(body: &'b [u8], version: u32) -> Self {
        Load {
            body,
            at: 0,
            version,
        }
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
    fn opt_date(&mut self, what: &str) -> std::result::Result<Option<NaiveDate>, Fail> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.date().map(Some),
            _ => Err(self.err(&format!("bad {what} flag"))),
        }
    }
    #[inline]
    fn span(&mut self) -> std::result::Result<Span, Fail> {
        let start = self.date()?;
        let end = self.opt_date("end-date")?;
        // Whether the span may be stored is the builder's question, as an edit's.
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
    /// A position below `n` is checked by the builder; here only its encoding: `NONE` is
    /// none, where none is allowed.
    #[inline]
    fn position(&mut self, optional: bool, what: &str) -> std::result::Result<Option<u32>, Fail> {
        let v = self.u32()?;
        match (v == NONE, optional) {
            (true, true) => Ok(None),
            (true, false) => Err(self.err(&format!("the {what} is required, and none is given"))),
            (false, _) => Ok(Some(v)),
        }
    }

    fn required_position(&mut self, what: &str) -> std::result::Result<u32, Fail> {
        Ok(self.position(false, what)?.unwrap_or(NONE))
    }

    /// Reads the whole body: the scheme, then each table in turn, each row handed to the
    /// model's builder, which checks it as an edit would.
    fn run(mut self) -> std::result::Result<Network, Fail> {
        let mut net = Network::with_scheme(self.scheme()?);
        let mut b = FlatBuilder::new(&mut net);
        self.units(&mut b)?;
        self.organisations(&mut b)?;
        self.persons(&mut b)?;
        self.tasks(&mut b)?;
        self.relations(&mut b)?;
        self.layers(&mut b)?;
        if self.at != self.body.len() {
            return Err(self.err("bytes left over after the last table"));
        }
        b.finish().map_err(|m| fail_at(self.at, m))?;
        Ok(net)
    }

    fn scheme(&mut self) -> std::result::Result<LevelScheme, Fail> {
        let defs = self.str()?;
        let defs =
            serde_json::from_str(&defs).map_err(|e| fail_at(0, format!("level scheme: {e}")))?;
        LevelScheme::new(defs).map_err(|e| fail_at(0, format!("level scheme: {e}")))
    }

    /// Reads a table of `min`-byte rows with `row`, each row's refusal placed at its first
    /// byte, then closes it with `end` (whose refusal names a row by its position).
    fn table<'n>(
        &mut self,
        b: &mut FlatBuilder<'n>,
        min: usize,
        mut row: impl FnMut(&mut Self, &mut FlatBuilder<'n>) -> std::result::Result<(), Fail>,
        end: impl FnOnce(&mut FlatBuilder<'n>) -> std::result::Result<(), Refusal>,
        reserve: impl FnOnce(&mut FlatBuilder<'n>, usize),
    ) -> std::result::Result<(), Fail> {
        let n = self.count(min)?;
        reserve(b, n);
        let mut starts: Vec<usize> = Vec::with_capacity(n);
        for _ in 0..n {
            starts.push(self.at);
            row(self, b)?;
        }
        end(b).map_err(|(i, m)| fail_at(starts.get(i).copied().unwrap_or(self.at), m))
    }

    /// Runs a builder step for the row that starts at `at`.
    fn check(at: usize, r: std::result::Result<(), String>) -> std::result::Result<(), Fail> {
        r.map_err(|m| fail_at(at, m))
    }

    fn units<'n>(&mut self, b: &mut FlatBuilder<'n>) -> std::result::Result<(), Fail> {
        self.table(
            b,
            15,
            |s, b| {
                let at = s.at;
                let (id, name) = (s.compact()?, s.compact()?);
                let level = Level::unchecked(s.u8()?);
                let parent = s.position(true, "parent")?;
                let unit = Unit {
                    grid_kind: s.opt_enum(GridKind::ALL, "grid kind")?,
                    residents: s.u32()?,
                    code: if s.version >= 3 {
                        s.opt_compact()?
                    } else {
                        None
                    },
                    ..Unit::new(id, name, level)
                };
                Self::check(at, b.unit(unit, parent))
            },
            FlatBuilder::end_units,
            |b, n| b.reserve(Table::Units, n),
        )
    }

    fn organisations<'n>(&mut self, b: &mut FlatBuilder<'n>) -> std::result::Result<(), Fail> {
        self.table(
            b,
            15,
            |s, b| {
                let at = s.at;
                let (id, name) = (s.compact()?, s.compact()?);
                let kind = s.enum_of(OrganisationKind::ALL, "organisation kind")?;
                let category = s.opt_enum(AllianceCategory::ALL, "category")?;
                let parent = s.position(true, "parent")?;
                let anchor = s.required_position("anchor")?;
                Self::check(at, b.organisation(id, name, kind, category, parent, anchor))
            },
            FlatBuilder::end_organisations,
            |b, n| b.reserve(Table::Organisations, n),
        )
    }

    fn persons<'n>(&mut self, b: &mut FlatBuilder<'n>) -> std::result::Result<(), Fail> {
        self.table(
            b,
            14,
            |s, b| {
                let at = s.at;
                let (id, name) = (s.compact()?, s.compact()?);
                let (phone, id_number) = (s.opt_compact()?, s.opt_compact()?);
                // Files before version 4 hold no moving-out dates.
                let moved_out = if s.version >= 4 {
                    s.opt_date("moved-out-date")?
                } else {
                    None
                };
                let home = s.position(true, "home")?;
                let works = s.position(true, "workplace")?;
                Self::check(
                    at,
                    b.person(id, name, phone, id_number, moved_out, (home, works)),
                )
            },
            FlatBuilder::end_persons,
            |b, n| b.reserve(Table::Persons, n),
        )
    }

    fn tasks<'n>(&mut self, b: &mut FlatBuilder<'n>) -> std::result::Result<(), Fail> {
        self.table(
            b,
            18,
            |s, b| {
                let at = s.at;
                let (id, name) = (s.compact()?, s.compact()?);
                let category = s.enum_of(TaskCategory::ALL, "task category")?;
                let deadline = s.date()?;
                let status = s.enum_of(TaskStatus::ALL, "task status")?;
                let unit = s.required_position("unit")?;
                let task = KeyTask {
                    id,
                    name,
                    category,
                    deadline,
                    status,
                };
                Self::check(at, b.task(task, unit))
            },
            FlatBuilder::end_tasks,
            |b, n| b.reserve(Table::Tasks, n),
        )
    }

    fn relations<'n>(&mut self, b: &mut FlatBuilder<'n>) -> std::result::Result<(), Fail> {
        self.table(
            b,
            9,
            |s, b| {
                let at = s.at;
                let r = s.relation()?;
                Self::check(at, b.relation(r))
            },
            FlatBuilder::end_relations,
            FlatBuilder::reserve_relations,
        )
    }

    /// One relation: a tag, then the fields of its kind.
    fn relation(&mut self) -> std::result::Result<FlatRelation, Fail> {
        Ok(match self.u8()? {
            1 => FlatRelation::Membership {
                person: self.required_position("person")?,
                organisation: self.required_position("organisation")?,
                span: self.span()?,
            },
            2 => {
                let person = self.required_position("person")?;
                let at_organisation = match self.u8()? {
                    0 => false,
                    1 => true,
                    other => return Err(self.err(&format!("bad post-place flag {other}"))),
                };
                FlatRelation::Post {
                    person,
                    at_organisation,
                    place: self.required_position("place")?,
                    role: self.enum_of(Role::ALL, "role")?,
                    span: self.span()?,
                }
            }
            3 => FlatRelation::Lead {
                pioneer: self.required_position("pioneer")?,
                volunteer: self.required_position("volunteer")?,
            },
            4 => FlatRelation::Service {
                volunteer: self.required_position("volunteer")?,
                household: self.required_position("household")?,
            },
            5 => FlatRelation::Contract {
                kind: self.enum_of(ContractKind::ALL, "contract kind")?,
                holder: self.required_position("holder")?,
                target: self.required_position("target")?,
                span: self.span()?,
            },
            other => return Err(self.err(&format!("unknown relation tag {other}"))),
        })
    }

    fn layers<'n>(&mut self, b: &mut FlatBuilder<'n>) -> std::result::Result<(), Fail> {
        self.table(
            b,
            10,
            |s, b| {
                let at = s.at;
                let unit = s.required_position("building")?;
                let layer = s.enum_of(GridLayer::ALL, "grid layer")?;
                let grid = s.str()?;
                Self::check(at, b.layer(unit, layer, grid))
            },
            |_| Ok(()),
            |_, _| {},
        )
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
            o.u8(0);
        }
        o.u32(0);
        o.u32(persons.len() as u32);
        for id in persons {
            o.str(id);
            o.str("");
            o.u8(0);
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

    #[test]
    fn tree_layouts_read_from_the_file_match_the_built_ones() {
        let net = crate::synth::community(5).unwrap();
        let back = Network::from_binary(&net.to_binary()).unwrap();
        assert!(back.layouts_are_rebuilt());
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
        assert!(net.layouts_are_rebuilt());
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
        let row = |id: &str| 4 + id.len() + 4 + 1 + 4 + 1 + 4 + 1;
        let third = HEADER + 4 + scheme.len() + 4 + row("S") + row("A");
        assert!(err.contains(&format!("byte {third}:")), "{err}");
        let err = Network::from_binary(&units_file(&[("", 0, None)]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a unit id cannot be empty"), "{err}");
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
