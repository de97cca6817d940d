//! Where the event log lives: a small trait a vendor implements for its own database, the
//! in-memory log, and SQLite (WAL mode, every acknowledged append durable).
//!
//! A store is storage, not a path out: it keeps every field in full, the personal ones (an
//! event's reporter and description, a transition's note) too, because the book is restored
//! from it. Keep its file where only the book's keepers can read it, and share an export
//! (Open311, a frame) instead, which masks personal fields unless a
//! [`Reveal`](crate::privacy::Reveal) names them.

use super::{EventLog, EventRecord, MergeReport, TransitionRecord};
use crate::Result;

/// A durable home for the event log. An append that returns `Ok` must survive the process
/// being killed; a failed append must store nothing of its batch. Transitions are keyed by
/// `(device, seq)`: appending one twice stores it once, and a clash keeps the smaller of the
/// two by [`EventLog::merge`]'s order, so every store ends the same whatever the order of
/// appends.
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::events::{EventLog, EventRecord, EventStore, TransitionRecord};
///
/// let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let mut log = EventLog::new();
/// log.append_events(&[EventRecord::new("E1", "dispute", "G1", at)])?;
/// let t = TransitionRecord::new("E1", "discover", "P1", at).on("phone", 1);
/// log.append_transitions(&[t.clone(), t])?;
/// assert_eq!(log.load()?.transition_count(), 1);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub trait EventStore {
    /// Stores events (an event already stored with the same content is skipped; another
    /// event under a stored id is an error, and nothing of the batch is stored).
    fn append_events(&mut self, events: &[EventRecord]) -> Result<()>;

    /// Stores transitions; returns what the merge did.
    fn append_transitions(&mut self, transitions: &[TransitionRecord]) -> Result<MergeReport>;

    /// The whole log.
    fn load(&self) -> Result<EventLog>;
}

impl EventStore for EventLog {
    fn append_events(&mut self, events: &[EventRecord]) -> Result<()> {
        let mut next = self.clone();
        for e in events {
            next.add_event(e.clone())?;
        }
        *self = next;
        Ok(())
    }

    fn append_transitions(&mut self, transitions: &[TransitionRecord]) -> Result<MergeReport> {
        self.merge(transitions.to_vec())
    }

    fn load(&self) -> Result<EventLog> {
        Ok(self.clone())
    }
}

#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

#[cfg(feature = "sqlite")]
mod sqlite {
    use std::path::Path;

    use rusqlite::{Connection, OptionalExtension, params};

    use super::{EventLog, EventRecord, EventStore, MergeReport, TransitionRecord};
    use crate::{Error, Problem, Result};

    /// The event log in SQLite (bundled with the crate: no system library needed). WAL mode
    /// with full synchronisation: an append that returned is on disk. Records are kept as
    /// their JSON with the keys beside them as columns, so other tools can query the file.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use quanyu::events::{EventRecord, EventStore, SqliteStore, TransitionRecord};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("events.sqlite");
    /// let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// {
    ///     let mut store = SqliteStore::open(&path)?;
    ///     store.append_events(&[EventRecord::new("E1", "dispute", "G1", at)])?;
    ///     store.append_transitions(&[TransitionRecord::new("E1", "discover", "P1", at).on("phone", 1)])?;
    /// }
    /// let log = SqliteStore::open(&path)?.load()?;
    /// assert_eq!((log.events().len(), log.transition_count()), (1, 1));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    #[derive(Debug)]
    pub struct SqliteStore {
        conn: Connection,
        name: String,
    }

    fn sql(name: &str, e: rusqlite::Error) -> Error {
        Error::Io {
            path: name.to_owned(),
            kind: std::io::ErrorKind::Other,
            message: format!("SQLite: {e}"),
        }
    }

    fn json<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v).expect("records serialise")
    }

    impl SqliteStore {
        /// Opens (or creates) the store at `path`.
        pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
            let name = path.as_ref().display().to_string();
            let conn = Connection::open(path.as_ref()).map_err(|e| sql(&name, e))?;
            SqliteStore::init(conn, name)
        }

        /// A store in memory (for tests and trials).
        pub fn in_memory() -> Result<SqliteStore> {
            let conn = Connection::open_in_memory().map_err(|e| sql(":memory:", e))?;
            SqliteStore::init(conn, ":memory:".to_owned())
        }

        fn init(conn: Connection, name: String) -> Result<SqliteStore> {
            // WAL: readers never block the writer. FULL: a committed append has reached the
            // disk, so it survives the process (and the machine) going down.
            conn.execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 CREATE TABLE IF NOT EXISTS events (
                     id TEXT PRIMARY KEY,
                     category TEXT NOT NULL,
                     unit TEXT NOT NULL,
                     reported_at TEXT NOT NULL,
                     record TEXT NOT NULL
                 );
                 CREATE TABLE IF NOT EXISTS transitions (
                     device TEXT NOT NULL,
                     seq INTEGER NOT NULL,
                     event TEXT NOT NULL,
                     at TEXT NOT NULL,
                     record TEXT NOT NULL,
                     PRIMARY KEY (device, seq)
                 );",
            )
            .map_err(|e| sql(&name, e))?;
            Ok(SqliteStore { conn, name })
        }
    }

    impl EventStore for SqliteStore {
        fn append_events(&mut self, events: &[EventRecord]) -> Result<()> {
            let name = self.name.clone();
            let tx = self.conn.transaction().map_err(|e| sql(&name, e))?;
            let mut problems = Vec::new();
            {
                let mut find = tx
                    .prepare_cached("SELECT record FROM events WHERE id = ?1")
                    .map_err(|e| sql(&name, e))?;
                let mut put = tx
                    .prepare_cached("INSERT INTO events (id, category, unit, reported_at, record) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .map_err(|e| sql(&name, e))?;
                for e in events {
                    let record = json(e);
                    let old: Option<String> = find
                        .query_row(params![e.id], |r| r.get(0))
                        .optional()
                        .map_err(|x| sql(&name, x))?;
                    match old {
                        Some(old) if old == record => {}
                        Some(_) => problems.push(Problem::new(
                            e.id.clone(),
                            "id",
                            "another event already has this id",
                        )),
                        None => {
                            put.execute(params![
                                e.id,
                                e.category,
                                e.unit,
                                e.reported_at.to_string(),
                                record
                            ])
                            .map_err(|x| sql(&name, x))?;
                        }
                    }
                }
            }
            if !problems.is_empty() {
                // Dropping the transaction rolls it back: nothing of the batch is stored.
                return Err(Error::Validation(problems));
            }
            tx.commit().map_err(|e| sql(&name, e))
        }

        fn append_transitions(&mut self, transitions: &[TransitionRecord]) -> Result<MergeReport> {
            let name = self.name.clone();
            let tx = self.conn.transaction().map_err(|e| sql(&name, e))?;
            let mut report = MergeReport::default();
            let mut unknown = Vec::new();
            {
                // Each event of the batch is looked up once, not once per transition.
                let mut has_event = tx
                    .prepare_cached("SELECT 1 FROM events WHERE id = ?1")
                    .map_err(|e| sql(&name, e))?;
                let mut known = std::collections::HashMap::new();
                for t in transitions {
                    if !known.contains_key(t.event.as_str()) {
                        let found = has_event
                            .exists(params![t.event])
                            .map_err(|e| sql(&name, e))?;
                        known.insert(t.event.as_str(), found);
                    }
                }
                // A new (device, seq) is inserted in one statement; only a number already
                // used is read back, to tell a repeat from a clash.
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO transitions (device, seq, event, at, record) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (device, seq) DO NOTHING",
                    )
                    .map_err(|e| sql(&name, e))?;
                let mut find = tx
                    .prepare_cached("SELECT record FROM transitions WHERE device = ?1 AND seq = ?2")
                    .map_err(|e| sql(&name, e))?;
                let mut replace = tx
                    .prepare_cached("UPDATE transitions SET event = ?3, at = ?4, record = ?5 WHERE device = ?1 AND seq = ?2")
                    .map_err(|e| sql(&name, e))?;
                for t in transitions {
                    if !known[t.event.as_str()] {
                        unknown.push(Problem::new(
                            t.event.clone(),
                            "event",
                            format!(
                                "no event `{}` in the log (transition {}#{})",
                                t.event, t.device, t.seq
                            ),
                        ));
                        continue;
                    }
                    let seq = i64::try_from(t.seq).map_err(|_| {
                        Error::invalid_argument(
                            "seq",
                            format!("{} does not fit SQLite's integers", t.seq),
                        )
                    })?;
                    let record = json(t);
                    let at = t.at.to_string();
                    let inserted = insert
                        .execute(params![t.device, seq, t.event, at, record])
                        .map_err(|e| sql(&name, e))?;
                    if inserted == 1 {
                        report.added += 1;
                        continue;
                    }
                    let old: String = find
                        .query_row(params![t.device, seq], |r| r.get(0))
                        .map_err(|e| sql(&name, e))?;
                    let old: TransitionRecord =
                        serde_json::from_str(&old).map_err(|e| Error::Parse {
                            source_name: name.clone(),
                            line: None,
                            message: format!("transition {}#{}: {e}", t.device, t.seq),
                        })?;
                    if old == *t {
                        report.repeated += 1;
                    } else if super::super::log::comes_first(t, &old) {
                        replace
                            .execute(params![t.device, seq, t.event, at, record])
                            .map_err(|e| sql(&name, e))?;
                        report.clashes.push(super::super::Clash {
                            kept: t.clone(),
                            dropped: old,
                        });
                    } else {
                        report.clashes.push(super::super::Clash {
                            kept: old,
                            dropped: t.clone(),
                        });
                    }
                }
            }
            if !unknown.is_empty() {
                return Err(Error::Validation(unknown));
            }
            tx.commit().map_err(|e| sql(&name, e))?;
            Ok(report)
        }

        fn load(&self) -> Result<EventLog> {
            let name = &self.name;
            let bad = |what: &str, e: serde_json::Error| Error::Parse {
                source_name: name.clone(),
                line: None,
                message: format!("{what}: {e}"),
            };
            let mut log = EventLog::new();
            let mut q = self
                .conn
                .prepare("SELECT record FROM events ORDER BY id")
                .map_err(|e| sql(name, e))?;
            let rows = q
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(|e| sql(name, e))?;
            for row in rows {
                let text = row.map_err(|e| sql(name, e))?;
                let e: EventRecord = serde_json::from_str(&text).map_err(|e| bad("an event", e))?;
                log.add_event(e)?;
            }
            let mut q = self
                .conn
                .prepare("SELECT record FROM transitions ORDER BY event, at, device, seq")
                .map_err(|e| sql(name, e))?;
            let rows = q
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(|e| sql(name, e))?;
            let mut batch = Vec::new();
            for row in rows {
                let text = row.map_err(|e| sql(name, e))?;
                batch.push(serde_json::from_str(&text).map_err(|e| bad("a transition", e))?);
            }
            log.merge(batch)?;
            Ok(log)
        }
    }
}
