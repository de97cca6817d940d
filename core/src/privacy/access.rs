//! Purpose-bound unmasking: who may see which personal fields in full, for what, and the log
//! of every time they did.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::schema::{Record, RecordSchema};
use crate::{Error, Result};

/// The purposes for which personal fields may be shown in full (PIPL art. 6: a clear and
/// reasonable purpose, the minimum necessary). A [`Reveal`] names one of them; a purpose not on
/// the list is refused. The list is configurable per [`AccessLog`]; the default holds the
/// everyday purposes of grid work.
///
/// ```
/// use quanyu::privacy::Purposes;
/// let purposes = Purposes::default();
/// assert!(purposes.contains("grid_service") && purposes.contains("backup"));
/// let own = Purposes::new(["health_visit", "backup"]);
/// assert_eq!(own.names(), ["health_visit", "backup"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purposes {
    names: Vec<String>,
}

impl Purposes {
    /// 网格服务 — a grid worker reaching the residents of the grid.
    pub const GRID_SERVICE: &'static str = "grid_service";
    /// 包联履职 — a contract holder reaching the households and compounds in their care.
    pub const CONTRACT_DUTY: &'static str = "contract_duty";
    /// 应急处置 — an emergency: reaching the people in danger or in charge.
    pub const EMERGENCY: &'static str = "emergency";
    /// 依法报送 — a report the law requires, to the authority that asks for it.
    pub const STATUTORY_REPORT: &'static str = "statutory_report";
    /// 备份 — a full-fidelity copy kept as storage, never shared.
    pub const BACKUP: &'static str = "backup";

    /// A list of purposes; blank names are dropped and each name is kept once.
    pub fn new<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        let mut out: Vec<String> = Vec::new();
        for name in names {
            let name = name.into().trim().to_owned();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
        Purposes { names: out }
    }

    /// Whether `purpose` is on the list.
    pub fn contains(&self, purpose: &str) -> bool {
        self.names.iter().any(|n| n == purpose)
    }

    /// The names, in the order given.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

impl Default for Purposes {
    /// [`GRID_SERVICE`](Purposes::GRID_SERVICE), [`CONTRACT_DUTY`](Purposes::CONTRACT_DUTY),
    /// [`EMERGENCY`](Purposes::EMERGENCY), [`STATUTORY_REPORT`](Purposes::STATUTORY_REPORT)
    /// and [`BACKUP`](Purposes::BACKUP).
    fn default() -> Self {
        Purposes::new([
            Self::GRID_SERVICE,
            Self::CONTRACT_DUTY,
            Self::EMERGENCY,
            Self::STATUTORY_REPORT,
            Self::BACKUP,
        ])
    }
}

/// A request to show some personal fields in full: who asks, for which purpose, and which
/// fields. Everything else stays masked, and the access is written to the [`AccessLog`].
///
/// ```
/// use quanyu::privacy::Reveal;
/// use quanyu::io::ExportOptions;
///
/// let reveal = Reveal::new("worker-07", "grid_service").fields(["phone"]);
/// assert!(reveal.shows("phone") && !reveal.shows("id_number"));
/// let dir = tempfile::tempdir().unwrap();
/// let net = quanyu::synth::community(1)?;
/// net.export_csv_with(dir.path(), &ExportOptions::new().reveal(reveal))?;
/// assert_eq!(net.access_log().records().last().unwrap().who, "worker-07");
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reveal {
    /// Who asks: a user id, as the caller's own system knows them.
    pub who: String,
    /// Why: one of the log's [`Purposes`].
    pub purpose: String,
    /// The fields shown in full, by name (`phone`, `id_number`).
    pub fields: Vec<String>,
}

impl Reveal {
    /// `who` asks for `purpose`; name the fields with [`fields`](Reveal::fields).
    pub fn new(who: impl Into<String>, purpose: impl Into<String>) -> Self {
        Reveal {
            who: who.into(),
            purpose: purpose.into(),
            fields: Vec::new(),
        }
    }

    /// Shows these fields in full.
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.fields.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Whether the field named `field` is shown in full.
    pub fn shows(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }
}

/// What an access did.
///
/// ```
/// use quanyu::privacy::AccessAction;
/// assert_eq!("披露".parse::<AccessAction>(), Ok(AccessAction::Reveal));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, crate::schema::Enum)]
#[named(what = "access action")]
pub enum AccessAction {
    /// 披露 — personal fields shown in full for a purpose.
    #[named(zh = "披露")]
    Reveal,
    /// 备份 — a full-fidelity backup written.
    #[named(zh = "备份")]
    Backup,
    /// 清除 — personal fields removed past their retention.
    #[named(zh = "清除")]
    Purge,
}

/// One line of the [`AccessLog`]: who saw or removed which personal fields of which records,
/// when and why.
///
/// ```
/// use quanyu::schema::Record;
/// assert_eq!(quanyu::privacy::AccessRecord::SCHEMA.table, Some("access_log"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, crate::schema::Record)]
#[record(table = "access_log")]
pub struct AccessRecord {
    /// When, in UTC.
    pub at: NaiveDateTime,
    /// Who: the [`Reveal`]'s `who`.
    pub who: String,
    /// Why: a purpose of the log's list.
    pub purpose: String,
    /// What was done.
    pub action: AccessAction,
    /// The table the records belong to (`persons`).
    pub table: String,
    /// The fields shown or removed.
    pub fields: Vec<String>,
    /// The ids of the records concerned.
    pub records: Vec<String>,
}

#[derive(Debug, Default)]
struct Inner {
    purposes: Purposes,
    records: Vec<AccessRecord>,
}

/// The log of every access to personal fields in full: each [`Reveal`], backup and purge.
/// Every [`Network`](crate::Network) holds one ([`Network::access_log`]); cloning the log (or
/// the network) shares it, so one log can serve every copy of the data that a process holds.
/// The log holds the list of allowed [`Purposes`].
///
/// The log lives in memory: export it with [`write_csv`](AccessLog::write_csv) or
/// [`to_json`](AccessLog::to_json) to keep it.
///
/// [`Network::access_log`]: crate::Network::access_log
///
/// ```
/// use quanyu::privacy::{AccessLog, Purposes, Reveal};
/// let log = AccessLog::new(Purposes::new(["health_visit"]));
/// let mut net = quanyu::synth::community(1)?;
/// net.set_access_log(log.clone());
/// let err = net.person_records_revealed(&Reveal::new("w1", "grid_service").fields(["phone"])).unwrap_err();
/// assert!(err.to_string().contains("health_visit"));
/// let rows = net.person_records_revealed(&Reveal::new("w1", "health_visit").fields(["phone"]))?;
/// assert_eq!(log.len(), 1);
/// assert_eq!(log.records()[0].records.len(), rows.len());
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct AccessLog {
    inner: Arc<Mutex<Inner>>,
}

impl std::fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessLog({} records)", self.len())
    }
}

impl AccessLog {
    /// An empty log allowing `purposes`.
    pub fn new(purposes: Purposes) -> Self {
        AccessLog {
            inner: Arc::new(Mutex::new(Inner {
                purposes,
                records: Vec::new(),
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere while the lock was held cannot leave a half-written record: every
        // write is one push.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The allowed purposes.
    pub fn purposes(&self) -> Purposes {
        self.lock().purposes.clone()
    }

    /// Whether two handles share one log.
    pub fn same_as(&self, other: &AccessLog) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// How many accesses were recorded.
    pub fn len(&self) -> usize {
        self.lock().records.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every record, oldest first.
    pub fn records(&self) -> Vec<AccessRecord> {
        self.lock().records.clone()
    }

    /// Checks `reveal` for records of `schema`: a known purpose, someone asking, and fields
    /// that are personal fields of the record. Nothing is recorded.
    ///
    /// ```
    /// use quanyu::privacy::{AccessLog, Reveal};
    /// use quanyu::schema::Record;
    /// let log = AccessLog::default();
    /// let persons = quanyu::PersonRecord::SCHEMA;
    /// assert!(log.check(&Reveal::new("w", "backup").fields(["phone"]), persons).is_ok());
    /// let err = log.check(&Reveal::new("w", "backup").fields(["name"]), persons).unwrap_err();
    /// assert!(err.to_string().contains("not a personal field of persons"), "{err}");
    /// ```
    pub fn check(&self, reveal: &Reveal, schema: &RecordSchema) -> Result<()> {
        if reveal.who.trim().is_empty() {
            return Err(Error::invalid_argument(
                "who",
                "name who asks to see personal data (a user id)",
            ));
        }
        let purposes = self.purposes();
        if !purposes.contains(&reveal.purpose) {
            return Err(Error::invalid_argument(
                "purpose",
                format!(
                    "`{}` is not an allowed purpose; the log allows: {}",
                    reveal.purpose,
                    purposes.names().join(", ")
                ),
            ));
        }
        if reveal.fields.is_empty() {
            return Err(Error::invalid_argument(
                "fields",
                "name the fields to show in full (the others stay masked)",
            ));
        }
        let table = schema.table.unwrap_or(schema.name);
        for field in &reveal.fields {
            if !schema.field(field).is_some_and(|f| f.class.is_personal()) {
                let personal: Vec<&str> = schema
                    .fields
                    .iter()
                    .filter(|f| f.class.is_personal())
                    .map(|f| f.name)
                    .collect();
                return Err(Error::invalid_argument(
                    "fields",
                    format!(
                        "`{field}` is not a personal field of {table} (its personal fields: {})",
                        personal.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Records an access now (UTC).
    pub fn record(
        &self,
        who: &str,
        purpose: &str,
        action: AccessAction,
        table: &str,
        fields: Vec<String>,
        records: Vec<String>,
    ) {
        // The system clock, read through `std` (chrono's own clock needs a time-zone database
        // the library has no other use for); a clock before 1970 is recorded as 1970.
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let at = chrono::DateTime::from_timestamp(
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            since.subsec_nanos(),
        )
        .unwrap_or_default()
        .naive_utc();
        self.lock().records.push(AccessRecord {
            at,
            who: who.to_owned(),
            purpose: purpose.to_owned(),
            action,
            table: table.to_owned(),
            fields,
            records,
        });
    }

    /// The log as CSV: a header, then a row per access; lists (fields, record ids) are joined
    /// with `;`.
    ///
    /// ```
    /// use quanyu::privacy::Reveal;
    /// let net = quanyu::synth::community(1)?;
    /// net.person_records_revealed(&Reveal::new("w1", "emergency").fields(["phone"]))?;
    /// let mut out = Vec::new();
    /// net.access_log().write_csv(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("at,who,purpose,action,table,fields,records\n"));
    /// assert!(text.contains(",w1,emergency,Reveal,persons,phone,"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = csv::Writer::from_writer(writer);
        let fail = |e: csv::Error| Error::io("access log", &std::io::Error::other(e.to_string()));
        w.write_record(AccessRecord::SCHEMA.columns())
            .map_err(fail)?;
        for r in self.records() {
            w.write_record([
                r.at.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
                r.who,
                r.purpose,
                r.action.as_str().to_owned(),
                r.table,
                r.fields.join(";"),
                r.records.join(";"),
            ])
            .map_err(fail)?;
        }
        w.flush().map_err(|e| Error::io("access log", &e))
    }

    /// The log as a JSON array of [`AccessRecord`]s.
    ///
    /// ```
    /// let log = quanyu::privacy::AccessLog::default();
    /// assert_eq!(log.to_json()?, "[]");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&self.records())
            .map_err(|e| Error::io("access log", &std::io::Error::other(e.to_string())))
    }
}

/// `record` masked for a path out: its personal fields masked by their declared rules, except
/// those `reveal` shows.
///
/// ```
/// use quanyu::privacy::{Reveal, masked};
/// let p = quanyu::PersonRecord::new("P1").phone("13812345678");
/// assert_eq!(masked(p.clone(), None).phone.unwrap().expose(), "138****5678");
/// let shown = Reveal::new("w", "backup").fields(["phone"]);
/// assert_eq!(masked(p, Some(&shown)).phone.unwrap().expose(), "13812345678");
/// ```
pub fn masked<R: Record>(mut record: R, reveal: Option<&Reveal>) -> R {
    match reveal {
        Some(r) => record.mask_personal(&|f| r.shows(f)),
        None => record.mask_personal(&|_| false),
    }
    record
}

/// Checks `reveal` (if any) against `R` and the network's log: used before anything is
/// written, so that a refused request writes nothing.
pub(crate) fn check_reveal<R: Record>(log: &AccessLog, reveal: Option<&Reveal>) -> Result<()> {
    match reveal {
        Some(r) => log.check(r, R::SCHEMA),
        None => Ok(()),
    }
}

/// Records that `reveal` (if any) showed fields of `ids` in `R`'s table.
pub(crate) fn log_reveal<R: Record>(log: &AccessLog, reveal: Option<&Reveal>, ids: Vec<String>) {
    if let Some(r) = reveal {
        log.record(
            &r.who,
            &r.purpose,
            AccessAction::Reveal,
            R::SCHEMA.table.unwrap_or(R::SCHEMA.name),
            r.fields.clone(),
            ids,
        );
    }
}
