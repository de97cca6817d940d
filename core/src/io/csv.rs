//! CSV tables: import a directory of tables as one edit, export a network as tables.
//!
//! | file | columns (required in **bold**) |
//! |---|---|
//! | `units.csv` | **id**, name, **level**, parent, grid_kind, residents, code |
//! | `organisations.csv` | **id**, name, **kind**, parent, **anchor**, category |
//! | `persons.csv` | **id**, name, home, works_at, phone, id_number, moved_out |
//! | `memberships.csv` | **person**, **organisation**, **start**, end |
//! | `posts.csv` | **person**, **role**, unit, organisation, **start**, end |
//! | `grid_layers.csv` | **building**, **layer**, **grid** |
//! | `tasks.csv` | **id**, name, **unit**, **category**, **deadline**, status |
//! | `leads.csv` | **pioneer**, **volunteer** |
//! | `serves.csv` | **volunteer**, **household** |
//! | `contracts.csv` | **kind**, **holder**, **target**, **start**, end |
//!
//! Ids refer to other rows by their `id`; an empty cell is "none". Dates are `YYYY-MM-DD`, an
//! empty `end` meaning still running. Enumerations take the English names of the [glossary](crate::glossary) (`GridLeader`,
//! `BusinessDistrict`) in any case, with or without underscores. Columns may come in any order;
//! a column that is not the table's is an error naming the nearest known one (unless
//! [`ImportOptions::allow_extra_columns`](crate::io::ImportOptions::allow_extra_columns)), and
//! so is a file in an import directory that is none of the tables. Rows may come in any order
//! too: a child before its parent is fine.
//!
//! Text cells (ids, names, phone numbers) are read and written exactly as they are, spaces
//! included; ids may not start or end with whitespace (nor be empty, nor hold control
//! characters), so an id cell with spaces around it is refused, never silently trimmed. Typed
//! cells (numbers, dates, kinds) may have spaces around them. Text is UTF-8 unless
//! [`ImportOptions::encoding`](crate::io::ImportOptions::encoding) names another encoding
//! (GB18030 for files from Excel in China, say); text that is not in the encoding is refused
//! with the byte where it stops being so.
//!
//! An import is one edit: a bad cell or a dangling reference anywhere rejects the whole import,
//! every problem named with its file, row (1-based, the header being row 0) and column, and the
//! network is left exactly as it was.
//!
//! An export is for sharing: phone and ID numbers are masked (`138****5678`) unless
//! [`ExportOptions::reveal`](crate::io::ExportOptions::reveal) names them for a purpose; with
//! every personal field revealed, the files read back as the same network.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::io::ExportOptions;
//! use quanyu::privacy::Reveal;
//! let dir = tempfile::tempdir().unwrap();
//! let net = quanyu::synth::community(9)?;
//! let all = Reveal::new("ops-01", "backup").fields(["phone", "id_number"]);
//! net.export_csv_with(dir.path(), &ExportOptions::new().reveal(all))?;
//! let mut back = quanyu::Network::new();
//! back.import_csv(dir.path())?;
//! assert_eq!(back, net);
//!
//! let bad = tempfile::tempdir().unwrap();
//! std::fs::write(bad.path().join("units.csv"), "id,level,parent\nS,Subdistrict,\nG,Grid,S\n").unwrap();
//! let mut fresh = quanyu::Network::new();
//! let err = fresh.import_csv(bad.path()).unwrap_err();
//! assert_eq!(err.problems()[0].to_string(), "units.csv row 2: `G`.parent: a Grid cannot sit directly in a Subdistrict (`S`); allowed parents: Area");
//! assert_eq!(fresh.unit_count(), 0);
//! # Ok(()) }
//! ```

use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::io::{ExportOptions, ImportOptions, columns, encoding};
use crate::model::{Change, Changeset, CommitSummary, Network, UnitRecord};
use crate::schema::{CellSource, FromCells, Record, RecordSchema};
use crate::{Error, Origin, Problem, Result};

/// The tables of a CSV directory.
///
/// ```
/// use quanyu::io::Table;
/// assert_eq!(Table::Units.file_name(), "units.csv");
/// assert_eq!(Table::Posts.required_columns(), ["person", "role", "start"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// `units.csv`: [`UnitRecord`]s.
    Units,
    /// `organisations.csv`: [`OrganisationRecord`](crate::OrganisationRecord)s.
    Organisations,
    /// `persons.csv`: [`PersonRecord`](crate::PersonRecord)s.
    Persons,
    /// `memberships.csv`: [`MembershipRecord`](crate::MembershipRecord)s.
    Memberships,
    /// `posts.csv`: [`PostRecord`](crate::PostRecord)s.
    Posts,
    /// `grid_layers.csv`: [`GridLayerRecord`](crate::GridLayerRecord)s.
    GridLayers,
    /// `tasks.csv`: [`TaskRecord`](crate::TaskRecord)s.
    Tasks,
    /// `leads.csv`: [`LeadRecord`](crate::LeadRecord)s.
    Leads,
    /// `serves.csv`: [`ServiceRecord`](crate::ServiceRecord)s.
    Serves,
    /// `contracts.csv`: [`ContractRecord`](crate::ContractRecord)s.
    Contracts,
}

impl Table {
    /// Every table, in import order.
    pub const ALL: [Table; 10] = [
        Table::Units,
        Table::Organisations,
        Table::Persons,
        Table::Memberships,
        Table::Posts,
        Table::GridLayers,
        Table::Tasks,
        Table::Leads,
        Table::Serves,
        Table::Contracts,
    ];

    /// The file name in a CSV directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Units => "units.csv",
            Table::Organisations => "organisations.csv",
            Table::Persons => "persons.csv",
            Table::Memberships => "memberships.csv",
            Table::Posts => "posts.csv",
            Table::GridLayers => "grid_layers.csv",
            Table::Tasks => "tasks.csv",
            Table::Leads => "leads.csv",
            Table::Serves => "serves.csv",
            Table::Contracts => "contracts.csv",
        }
    }

    /// The columns every file of this table must have.
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            Table::Units => &["id", "level"],
            Table::Organisations => &["id", "kind", "anchor"],
            Table::Persons => &["id"],
            Table::Memberships => &["person", "organisation", "start"],
            Table::Posts => &["person", "role", "start"],
            Table::GridLayers => &["building", "layer", "grid"],
            Table::Tasks => &["id", "unit", "category", "deadline"],
            Table::Leads => &["pioneer", "volunteer"],
            Table::Serves => &["volunteer", "household"],
            Table::Contracts => &["kind", "holder", "target", "start"],
        }
    }

    /// Every column, in the order exports write them: the fields of the table's record, as
    /// declared.
    ///
    /// ```
    /// use quanyu::io::Table;
    /// assert_eq!(Table::Leads.columns(), ["pioneer", "volunteer"]);
    /// assert!(Table::ALL.iter().all(|t| t.required_columns().iter().all(|c| t.columns().contains(c))));
    /// ```
    pub fn columns(self) -> &'static [&'static str] {
        static COLUMNS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
        let all = COLUMNS.get_or_init(|| {
            Table::ALL
                .iter()
                .map(|t| t.schema().columns().collect())
                .collect()
        });
        let at = Table::ALL.iter().position(|&t| t == self).unwrap_or(0);
        &all[at]
    }

    /// The declaration of the table's record, a row of this table.
    pub fn schema(self) -> &'static RecordSchema {
        use crate::model::*;
        match self {
            Table::Units => UnitRecord::SCHEMA,
            Table::Organisations => OrganisationRecord::SCHEMA,
            Table::Persons => PersonRecord::SCHEMA,
            Table::Memberships => MembershipRecord::SCHEMA,
            Table::Posts => PostRecord::SCHEMA,
            Table::GridLayers => GridLayerRecord::SCHEMA,
            Table::Tasks => TaskRecord::SCHEMA,
            Table::Leads => LeadRecord::SCHEMA,
            Table::Serves => ServiceRecord::SCHEMA,
            Table::Contracts => ContractRecord::SCHEMA,
        }
    }
}

/// Reads one table from `reader` into staged additions, each remembering its row. Every cell
/// that cannot be read is reported (not just the first), as [`Error::Validation`]. Reads with
/// the default [`ImportOptions`]: UTF-8, only the table's columns.
///
/// ```
/// use quanyu::io::{read_table, Table};
/// let csv = "id,level,parent\nS,Subdistrict,\nA,Area,S\n";
/// let changes = read_table(Table::Units, csv.as_bytes(), "units.csv")?;
/// assert_eq!(changes.len(), 2);
///
/// let err = read_table(Table::Units, "id,level,residents\nH,Household,many\n".as_bytes(), "units.csv").unwrap_err();
/// let p = &err.problems()[0];
/// assert_eq!((p.field.as_str(), p.origin.as_ref().unwrap().row), ("residents", 1));
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn read_table<R: Read>(table: Table, reader: R, source: &str) -> Result<Changeset> {
    read_table_with(table, reader, source, &ImportOptions::default())
}

/// Reads one table like [`read_table`], with `options` (the text encoding, whether columns
/// that are not the table's are allowed).
///
/// ```
/// use quanyu::io::{read_table_with, ImportOptions, Table};
/// let csv = "id,level,parnet\nS,Subdistrict,\n";
/// let err = read_table_with(Table::Units, csv.as_bytes(), "units.csv", &ImportOptions::new()).unwrap_err();
/// assert!(err.problems()[0].message.contains("did you mean `parent`?"));
/// let lenient = ImportOptions::new().allow_extra_columns(true);
/// assert_eq!(read_table_with(Table::Units, csv.as_bytes(), "units.csv", &lenient)?.len(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn read_table_with<R: Read>(
    table: Table,
    reader: R,
    source: &str,
    options: &ImportOptions,
) -> Result<Changeset> {
    let mut changes = Changeset::new();
    let problems = columns::read_rows(
        reader,
        source,
        table.columns(),
        table.required_columns(),
        options,
        |record, header, origin| {
            let mut cells = Cells {
                table,
                columns: &header.positions,
                record,
                problems: Vec::new(),
            };
            if let Some(change) = cells.change()
                && cells.problems.is_empty()
            {
                changes.push_from(change, origin);
                return Vec::new();
            }
            let id = record
                .get(header.positions[0].unwrap_or(0))
                .unwrap_or_default()
                .to_owned();
            cells
                .problems
                .into_iter()
                .map(|(field, msg)| Problem::new(&id, field, msg).at(origin.clone()))
                .collect()
        },
    )?;
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Validation(problems))
    }
}

/// One row's cells, read by column name; every unreadable cell is remembered.
struct Cells<'a> {
    table: Table,
    columns: &'a [Option<usize>],
    record: &'a csv::StringRecord,
    problems: Vec<(&'static str, String)>,
}

impl CellSource for Cells<'_> {
    fn text(&self, column: &str) -> &str {
        let i = self.table.columns().iter().position(|c| *c == column);
        i.and_then(|i| self.columns[i])
            .and_then(|j| self.record.get(j))
            .unwrap_or_default()
    }

    fn problem(&mut self, column: &'static str, message: String) {
        self.problems.push((column, message));
    }
}

impl Cells<'_> {
    /// The row as a change, each record read by its declaration; `None` when a required cell
    /// is missing or unreadable.
    fn change(&mut self) -> Option<Change> {
        use crate::model::*;
        Some(match self.table {
            Table::Units => Change::AddUnit(UnitRecord::from_cells(self)?),
            Table::Organisations => Change::AddOrganisation(OrganisationRecord::from_cells(self)?),
            Table::Persons => Change::AddPerson(PersonRecord::from_cells(self)?),
            Table::Memberships => Change::AddMembership(MembershipRecord::from_cells(self)?),
            Table::Posts => Change::AddPost(PostRecord::from_cells(self)?),
            Table::GridLayers => Change::SetGridLayer(GridLayerRecord::from_cells(self)?),
            Table::Tasks => Change::AddTask(TaskRecord::from_cells(self)?),
            Table::Leads => Change::AddLead(LeadRecord::from_cells(self)?),
            Table::Serves => Change::AddService(ServiceRecord::from_cells(self)?),
            Table::Contracts => Change::AddContract(ContractRecord::from_cells(self)?),
        })
    }
}

/// Writes one table of `net` to `writer`, with a header row and personal fields masked (see
/// [`write_table_with`]).
///
/// ```
/// use quanyu::io::{write_table, Table};
/// # let net = quanyu::synth::community(9)?;
/// let mut out = Vec::new();
/// write_table(&net, Table::Units, &mut out)?;
/// assert!(String::from_utf8(out).unwrap().starts_with("id,name,level,parent,grid_kind,residents,code\n"));
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn write_table<W: Write>(net: &Network, table: Table, writer: W) -> Result<()> {
    write_table_with(net, table, writer, None)
}

/// Writes one table of `net` to `writer`, with a header row. Personal fields are masked by
/// their declared rules unless `reveal` names them; a `reveal` is checked before anything is
/// written and recorded in the network's access log after.
///
/// ```
/// use quanyu::io::{write_table_with, Table};
/// use quanyu::privacy::Reveal;
/// # let net = quanyu::synth::community(1)?;
/// let mut masked = Vec::new();
/// write_table_with(&net, Table::Persons, &mut masked, None)?;
/// assert!(String::from_utf8(masked).unwrap().contains("****"));
/// let mut full = Vec::new();
/// let reveal = Reveal::new("ops", "statutory_report").fields(["phone"]);
/// write_table_with(&net, Table::Persons, &mut full, Some(&reveal))?;
/// assert_eq!(net.access_log().len(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn write_table_with<W: Write>(
    net: &Network,
    table: Table,
    writer: W,
    reveal: Option<&crate::privacy::Reveal>,
) -> Result<()> {
    use crate::privacy::{check_reveal, log_reveal, masked};
    let name = table.file_name();
    if table == Table::Persons {
        check_reveal::<crate::PersonRecord>(net.access_log(), reveal)?;
    }
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(writer);
    w.write_record(table.columns())
        .map_err(|e| columns::csv_error(name, &e))?;
    match table {
        Table::Units => write_rows(&mut w, name, net.unit_records()),
        Table::Organisations => write_rows(&mut w, name, net.organisation_records()),
        Table::Persons => write_rows(
            &mut w,
            name,
            net.person_records().map(|r| masked(r, reveal)),
        ),
        Table::Memberships => write_rows(&mut w, name, net.membership_records()),
        Table::Posts => write_rows(&mut w, name, net.post_records()),
        Table::GridLayers => write_rows(&mut w, name, net.grid_layer_records()),
        Table::Tasks => write_rows(&mut w, name, net.task_records()),
        Table::Leads => write_rows(&mut w, name, net.lead_records()),
        Table::Serves => write_rows(&mut w, name, net.service_records()),
        Table::Contracts => write_rows(&mut w, name, net.contract_records()),
    }?;
    w.flush().map_err(|e| Error::io(name, &e))?;
    // Only a reveal is logged: a masked export need not list the persons.
    if table == Table::Persons && reveal.is_some() {
        let ids = net.persons().map(|p| p.id.to_string()).collect();
        log_reveal::<crate::PersonRecord>(net.access_log(), reveal, ids);
    }
    Ok(())
}

fn write_rows<W: Write, T: Serialize>(
    w: &mut csv::Writer<W>,
    name: &str,
    rows: impl Iterator<Item = T>,
) -> Result<()> {
    for r in rows {
        w.serialize(r).map_err(|e| columns::csv_error(name, &e))?;
    }
    Ok(())
}

impl Network {
    /// Imports the CSV tables found in `dir` (any of the [`Table`] files; at least one) as one
    /// edit, with the default [`ImportOptions`]: see [`Network::import_csv_with`].
    ///
    /// ```
    /// let mut net = quanyu::Network::new();
    /// let err = net.import_csv("/no/such/dir").unwrap_err();
    /// assert!(matches!(err, quanyu::Error::Io { .. }));
    /// ```
    pub fn import_csv(&mut self, dir: impl AsRef<Path>) -> Result<CommitSummary> {
        self.import_csv_with(dir, &ImportOptions::default())
    }

    /// Imports the CSV tables found in `dir` as one edit, read with `options`. Any file that is
    /// none of the tables is an error (unless allowed), as is any column a table does not have;
    /// and a unit whose level needs a parent must have one (see [`Network::apply_import`]).
    ///
    /// ```
    /// use quanyu::io::ImportOptions;
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("units.csv"), "id,level\nS,Subdistrict\n").unwrap();
    /// std::fs::write(dir.path().join("post.csv"), "person\n").unwrap();
    /// let mut net = quanyu::Network::new();
    /// let err = net.import_csv_with(dir.path(), &ImportOptions::new()).unwrap_err();
    /// assert!(err.problems()[0].message.contains("did you mean `posts.csv`?"));
    /// net.import_csv_with(dir.path(), &ImportOptions::new().allow_extra_files(true))?;
    /// assert_eq!(net.unit_count(), 1);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn import_csv_with(
        &mut self,
        dir: impl AsRef<Path>,
        options: &ImportOptions,
    ) -> Result<CommitSummary> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            let e = std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory");
            return Err(Error::io(dir, &e));
        }
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.file_name()).collect();
        columns::check_directory(dir, &names, options.allow_extra_files)?;
        let mut changes = Changeset::new();
        let mut problems = Vec::new();
        let mut found = 0;
        for table in Table::ALL {
            let path = dir.join(table.file_name());
            let file = match std::fs::File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(&path, &e)),
            };
            found += 1;
            match read_table_with(table, file, table.file_name(), options) {
                Ok(c) => changes.extend(c),
                Err(Error::Validation(p)) => problems.extend(p),
                Err(e) => return Err(e),
            }
        }
        if found == 0 {
            let e = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no quanyu CSV tables (units.csv, ...) here",
            );
            return Err(Error::io(dir, &e));
        }
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        if options.allow_orphans {
            self.apply(changes)
        } else {
            self.apply_import(changes)
        }
    }

    /// Exports every table as CSV files into `dir` (created if missing); see
    /// [`Network::export_csv_with`].
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// quanyu::synth::community(9)?.export_csv(dir.path())?;
    /// assert!(dir.path().join("posts.csv").exists());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn export_csv(&self, dir: impl AsRef<Path>) -> Result<()> {
        self.export_csv_with(dir, &ExportOptions::default())
    }

    /// Exports every table as CSV files into `dir` (created if missing), with `options` (a
    /// byte-order mark for Excel; personal fields to [reveal](ExportOptions::reveal)).
    ///
    /// An export is for sharing: personal fields are masked by their declared rules unless the
    /// options reveal them for a purpose, which the network's access log records. Revealing
    /// every personal field writes each cell exactly as held, so importing the files gives the
    /// same network.
    ///
    /// ```
    /// use quanyu::io::ExportOptions;
    /// use quanyu::privacy::Reveal;
    /// let dir = tempfile::tempdir().unwrap();
    /// let net = quanyu::synth::community(9)?;
    /// let all = Reveal::new("ops-01", "backup").fields(["phone", "id_number"]);
    /// net.export_csv_with(dir.path(), &ExportOptions::new().bom(true).reveal(all))?;
    /// assert!(std::fs::read(dir.path().join("units.csv")).unwrap().starts_with("\u{feff}id,".as_bytes()));
    /// let mut back = quanyu::Network::new();
    /// back.import_csv(dir.path())?;
    /// assert_eq!(back, net);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn export_csv_with(&self, dir: impl AsRef<Path>, options: &ExportOptions) -> Result<()> {
        let dir = dir.as_ref();
        // A refused request writes nothing.
        crate::privacy::check_reveal::<crate::PersonRecord>(
            self.access_log(),
            options.reveal.as_ref(),
        )?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        for table in Table::ALL {
            let path = dir.join(table.file_name());
            let named = |e: Error| match e {
                Error::Io { kind, message, .. } => Error::Io {
                    path: path.display().to_string(),
                    kind,
                    message,
                },
                other => other,
            };
            let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, &e))?;
            let mut out = std::io::BufWriter::new(file);
            if options.bom {
                out.write_all(encoding::BOM.as_bytes())
                    .map_err(|e| Error::io(&path, &e))?;
            }
            write_table_with(self, table, &mut out, options.reveal.as_ref()).map_err(named)?;
            out.flush().map_err(|e| Error::io(&path, &e))?;
        }
        Ok(())
    }

    /// Applies changes read from tables (CSV files, DataFrames): like [`Network::apply`], and
    /// a unit added as a root must be on a level that may be one — a missing parent in a table
    /// is a mistake, where an edit may mean to add a root.
    ///
    /// ```
    /// use quanyu::{Change, Changeset, Network, UnitRecord};
    /// let mut net = Network::new();
    /// let orphan: Changeset = [Change::AddUnit(UnitRecord::new("B", "Building"))].into_iter().collect();
    /// let err = net.apply_import(orphan).unwrap_err();
    /// assert_eq!(err.problems()[0].field, "parent");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn apply_import(&mut self, changes: Changeset) -> Result<CommitSummary> {
        let mut problems = Vec::new();
        for (change, origin) in changes.with_origins() {
            let Change::AddUnit(r) = change else { continue };
            if r.parent.is_some() {
                continue;
            }
            let Some(level) = self.scheme().level(&r.level) else {
                continue;
            };
            if let Some(m) = crate::model::rules::root_problem(self.scheme(), level) {
                let mut p = Problem::new(&r.id, "parent", m);
                p.origin = origin.cloned();
                problems.push(p);
            }
        }
        if !problems.is_empty() {
            // Report these with whatever else is wrong, all at once.
            if let Err(Error::Validation(more)) = self.check_all(&changes) {
                problems.extend(more);
            }
            return Err(Error::Validation(problems));
        }
        self.apply(changes)
    }

    fn check_all(&self, changes: &Changeset) -> Result<()> {
        let found = self.check(changes);
        if found.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(found))
        }
    }
}

/// How to read units from a CSV file with its own column names, such as an administrative
/// division list: which columns hold the id, name and parent, and the level (a column, or one
/// level for the whole file).
///
/// ```
/// use quanyu::io::{read_units_with, LevelSource, UnitColumns};
/// let cities = "code,name,provinceCode\n1101,市辖区,11\n";
/// let cols = UnitColumns { id: "code", name: Some("name"), parent: Some("provinceCode"), level: LevelSource::Fixed("City") };
/// let changes = read_units_with(cities.as_bytes(), "cities.csv", &cols)?;
/// assert_eq!(changes.len(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitColumns<'a> {
    /// The id column.
    pub id: &'a str,
    /// The name column, if any.
    pub name: Option<&'a str>,
    /// The parent-id column, if any (none: every row is a root).
    pub parent: Option<&'a str>,
    /// Where the level comes from.
    pub level: LevelSource<'a>,
}

/// Where [`UnitColumns`] find a row's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSource<'a> {
    /// This column holds the level name.
    Column(&'a str),
    /// Every row is on this level.
    Fixed(&'a str),
}

/// Reads units from a CSV file with its own column names (see [`UnitColumns`]).
pub fn read_units_with<R: Read>(
    reader: R,
    source: &str,
    columns: &UnitColumns<'_>,
) -> Result<Changeset> {
    let bytes = columns::read_all(reader, source)?;
    let text = encoding::decode(&bytes, source, None)?;
    let mut rdr = columns::reader(&text);
    let headers = columns::header_names(rdr.headers().map_err(|e| columns::csv_error(source, &e))?);
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut wanted = vec![columns.id];
    wanted.extend(columns.name);
    wanted.extend(columns.parent);
    if let LevelSource::Column(c) = columns.level {
        wanted.push(c);
    }
    let missing: Vec<Problem> = wanted
        .iter()
        .filter(|c| col(c).is_none())
        .map(|c| {
            Problem::new("", *c, format!("missing column `{c}`")).at(Origin {
                source: source.to_owned(),
                row: 0,
            })
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Validation(missing));
    }
    let get = |r: &csv::StringRecord, c: Option<&str>| {
        c.and_then(col)
            .and_then(|i| r.get(i))
            .unwrap_or_default()
            .to_owned()
    };
    let mut changes = Changeset::new();
    let mut problems = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let origin = Origin {
            source: source.to_owned(),
            row: i as u64 + 1,
        };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let column = columns::row_error_column(&e, &headers);
                problems.push(Problem::new("", column, columns::csv_message(&e)).at(origin));
                continue;
            }
        };
        let level = match columns.level {
            LevelSource::Fixed(l) => l.to_owned(),
            LevelSource::Column(c) => get(&rec, Some(c)),
        };
        let parent = get(&rec, columns.parent);
        let unit = UnitRecord {
            name: get(&rec, columns.name),
            parent: (!parent.is_empty()).then_some(parent),
            ..UnitRecord::new(get(&rec, Some(columns.id)), level)
        };
        changes.push_from(Change::AddUnit(unit), origin);
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Validation(problems))
    }
}
