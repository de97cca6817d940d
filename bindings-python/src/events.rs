//! `quanyu.events`: the working-day calendar and the book of grid events.

use std::sync::Mutex;

use chrono::{NaiveDate, NaiveDateTime};
use pyo3::prelude::*;
use quanyu::events::{
    CategoryRecord, Channel, EventBook, EventRecord, Open311Options, SlaPolicy, SlaRule,
    TransitionRecord, WorkCalendar, Workflow, WorkingHours,
};

use crate::convert::{arg, opt_arg, value};
use crate::errors::{IntoPyResult, invalid};
use crate::network::PyNetwork;
use crate::privacy::reveal_arg;
use crate::progress::{Callback, run};
use crate::tables::{Privacy, Table, borrowed_rows};

/// Checks `reveal` against the declaration of events and `network`'s access log, before
/// anything is written: a reveal of events is recorded in the log of the network they happened
/// in, so it needs one.
fn check_event_reveal(
    reveal: Option<&quanyu::privacy::Reveal>,
    network: Option<&PyNetwork>,
) -> PyResult<Option<std::sync::Arc<quanyu::Network>>> {
    use quanyu::schema::Record;
    let Some(r) = reveal else {
        return Ok(network.map(PyNetwork::snap));
    };
    let Some(network) = network else {
        return Err(invalid(
            "network",
            "a reveal is recorded in the access log of the events' network: pass network=",
        ));
    };
    let net = network.snap();
    net.access_log().check(r, EventRecord::SCHEMA).py_err()?;
    Ok(Some(net))
}

/// Records that `reveal` showed its fields of the events `ids` in `net`'s access log.
fn log_event_reveal(net: &quanyu::Network, reveal: &quanyu::privacy::Reveal, ids: Vec<String>) {
    use quanyu::schema::Record;
    net.access_log().record(
        &reveal.who,
        &reveal.purpose,
        quanyu::privacy::AccessAction::Reveal,
        EventRecord::SCHEMA
            .table
            .unwrap_or(EventRecord::SCHEMA.name),
        reveal.fields.clone(),
        ids,
    );
}

/// Which days are working days in China — the official public holidays with their make-up
/// working days (调休), from the ``holiday-cn`` data set — and the working hours of a day
/// (9:00–12:00 and 13:30–17:30 by default). A year the data does not cover raises
/// :class:`quanyu.CalendarError`; add it with :meth:`add_year_table`.
///
/// >>> import datetime as dt
/// >>> from quanyu.events import WorkCalendar
/// >>> cal = WorkCalendar.china()
/// >>> cal.is_working_day(dt.date(2025, 10, 1)), cal.is_working_day(dt.date(2025, 9, 28))
/// (False, True)
/// >>> cal.add_working_days(dt.date(2025, 9, 30), 1)
/// datetime.date(2025, 10, 9)
#[pyclass(module = "quanyu._quanyu", name = "WorkCalendar", frozen)]
pub(crate) struct PyWorkCalendar {
    inner: Mutex<WorkCalendar>,
}

impl PyWorkCalendar {
    fn wrap(c: WorkCalendar) -> Self {
        PyWorkCalendar {
            inner: Mutex::new(c),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut WorkCalendar) -> T) -> T {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    pub(crate) fn get(&self) -> WorkCalendar {
        self.with(|c| c.clone())
    }
}

/// A count argument that must be at least 1.
fn positive(n: &Bound<'_, PyAny>, name: &str) -> PyResult<u32> {
    let v: i64 = arg(n, name)?;
    if v < 1 {
        return Err(invalid(name, format!("must be at least 1, not {v}")));
    }
    u32::try_from(v).map_err(|_| invalid(name, format!("{v} is too large")))
}

#[pymethods]
impl PyWorkCalendar {
    /// The national calendar of China, every year of the official schedule in the data set.
    #[staticmethod]
    fn china() -> Self {
        PyWorkCalendar::wrap(WorkCalendar::china())
    }

    /// A calendar that covers no year yet (add years with :meth:`add_year_table`).
    #[staticmethod]
    fn empty() -> Self {
        PyWorkCalendar::wrap(WorkCalendar::empty())
    }

    /// The first year covered.
    #[getter]
    fn first_year(&self) -> PyResult<i32> {
        self.with(|c| c.first_year())
            .ok_or_else(|| invalid("calendar", "the calendar covers no year"))
    }

    /// The last year covered.
    #[getter]
    fn last_year(&self) -> PyResult<i32> {
        self.with(|c| c.last_year())
            .ok_or_else(|| invalid("calendar", "the calendar covers no year"))
    }

    /// The covered years as ranges: ``'2007–2025'``.
    #[getter]
    fn coverage(&self) -> String {
        self.with(|c| c.coverage())
    }

    /// Whether ``year`` is covered.
    fn covers(&self, year: i32) -> bool {
        self.with(|c| c.covers(year))
    }

    /// Whether ``d`` (a ``datetime.date``) is a working day.
    fn is_working_day(&self, d: &Bound<'_, PyAny>) -> PyResult<bool> {
        let d: NaiveDate = arg(d, "d")?;
        self.with(|c| c.is_working_day(d)).py_err()
    }

    /// The ``n``-th working day strictly after ``d`` (``n >= 1``).
    fn add_working_days(&self, d: &Bound<'_, PyAny>, n: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
        let d: NaiveDate = arg(d, "d")?;
        let n = positive(n, "n")?;
        self.with(|c| c.add_working_days(d, n)).py_err()
    }

    /// The number of working days ``w`` with ``a < w <= b`` (0 when ``b <= a``).
    fn working_days_between(&self, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<u32> {
        let a: NaiveDate = arg(a, "a")?;
        let b: NaiveDate = arg(b, "b")?;
        self.with(|c| c.working_days_between(a, b)).py_err()
    }

    /// The moment ``minutes`` working minutes after ``start`` (a ``datetime.datetime``).
    fn add_working_minutes(
        &self,
        start: &Bound<'_, PyAny>,
        minutes: &Bound<'_, PyAny>,
    ) -> PyResult<NaiveDateTime> {
        let start: NaiveDateTime = arg(start, "start")?;
        let minutes = positive(minutes, "minutes")?;
        self.with(|c| c.add_working_minutes(start, i64::from(minutes)))
            .py_err()
    }

    /// Working minutes between two moments (0 when ``b <= a``).
    fn working_minutes_between(&self, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<i64> {
        let a: NaiveDateTime = arg(a, "a")?;
        let b: NaiveDateTime = arg(b, "b")?;
        self.with(|c| c.working_minutes_between(a, b)).py_err()
    }

    /// Adds a year from a table of its notice: a CSV file (or its text, when ``text=True``)
    /// with the header ``date,kind,name`` and a row per holiday (``holiday``/``休``) or
    /// make-up working day (``workday``/``班``). Returns the year. Every bad row is named;
    /// nothing is added then.
    #[pyo3(signature = (source, *, text=false))]
    fn add_year_table(&self, source: &Bound<'_, PyAny>, text: bool) -> PyResult<i32> {
        if text {
            let t: String = arg(source, "source")?;
            return self
                .with(|c| c.add_year_table(t.as_bytes(), "table"))
                .py_err();
        }
        let path: std::path::PathBuf = source.extract()?;
        let name = path.display().to_string();
        let file = std::fs::File::open(&path).map_err(|e| quanyu::Error::io(&path, &e));
        let file = file.py_err()?;
        self.with(|c| c.add_year_table(file, &name)).py_err()
    }

    /// A local layer: makes ``d`` a working day (a duty day) or a day off.
    fn set_day(&self, d: &Bound<'_, PyAny>, working: bool) -> PyResult<()> {
        let d: NaiveDate = arg(d, "d")?;
        self.with(|c| c.set_day(d, working));
        Ok(())
    }

    /// The working hours: a list of ``(start, end)`` times.
    #[getter]
    fn working_hours(&self) -> Vec<(chrono::NaiveTime, chrono::NaiveTime)> {
        self.with(|c| c.hours().periods().to_vec())
    }

    /// The same calendar with other working hours: ``(start, end)`` pairs of times, in order.
    fn with_hours(&self, periods: &Bound<'_, PyAny>) -> PyResult<Self> {
        let periods: Vec<(chrono::NaiveTime, chrono::NaiveTime)> = arg(periods, "periods")?;
        let hours = WorkingHours::new(periods).py_err()?;
        Ok(PyWorkCalendar::wrap(self.get().with_hours(hours)))
    }

    fn __copy__(&self) -> Self {
        PyWorkCalendar::wrap(self.get())
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.__copy__()
    }

    fn __repr__(&self) -> String {
        format!("<WorkCalendar {}>", self.coverage())
    }
}

/// The events of a network with their log: a workflow (``"five_step"``, the grid's own
/// loop, or ``"tianque"``), the service levels and the working-day calendar. Every state,
/// deadline, card and escalation is replayed from the log, so any past moment can be asked.
///
/// >>> import datetime as dt, quanyu
/// >>> from quanyu.events import EventBook, EventRecord
/// >>> net = quanyu.synth.community(7)
/// >>> grid = next(iter(net.units_by_level("Grid"))).id
/// >>> book = EventBook("five_step")
/// >>> book.report(net, EventRecord("E1", "dispute", "Patrol", grid, severity="Low", reported_at=dt.datetime(2024, 3, 4, 9)))
/// >>> book.status(net, "E1", dt.datetime(2024, 3, 4, 10)).state_name
/// 'collected'
#[pyclass(module = "quanyu._quanyu", name = "EventBook", frozen)]
pub(crate) struct PyEventBook {
    inner: Mutex<EventBook>,
}

impl PyEventBook {
    fn with<T>(&self, f: impl FnOnce(&mut EventBook) -> T) -> T {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    pub(crate) fn snapshot(&self) -> EventBook {
        self.with(|b| b.clone())
    }
}

#[pymethods]
impl PyEventBook {
    /// A book following ``workflow`` (a preset's name), measured on ``calendar`` (the
    /// national one by default), with service levels ``sla`` (a list of ``SlaRule``) and
    /// ``categories`` (a list of ``CategoryRecord``; the default set otherwise). With
    /// ``store`` (a path), the log lives in that SQLite file: it is loaded from it, and every
    /// report and transition is on disk before the call returns.
    #[new]
    #[pyo3(signature = (workflow="five_step", *, calendar=None, sla=None, categories=None, store=None))]
    fn new(
        workflow: &str,
        calendar: Option<&PyWorkCalendar>,
        sla: Option<&Bound<'_, PyAny>>,
        categories: Option<&Bound<'_, PyAny>>,
        store: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let flow = Workflow::preset(workflow).py_err()?;
        let mut book = match store {
            Some(path) => {
                let sqlite = quanyu::events::SqliteStore::open(&path).py_err()?;
                EventBook::open(flow, sqlite).py_err()?
            }
            None => EventBook::new(flow),
        };
        if let Some(c) = calendar {
            book = book.with_calendar(c.get());
        }
        if let Some(rules) = opt_arg::<Vec<SlaRule>>(sla, "sla")? {
            book = book.with_sla(SlaPolicy { rules });
        }
        if let Some(cats) = opt_arg::<Vec<CategoryRecord>>(categories, "categories")? {
            book = book.with_categories(cats);
        }
        Ok(PyEventBook {
            inner: Mutex::new(book),
        })
    }

    /// A five-step book holding a synthetic year of events for every grid of ``network``
    /// with a worker and a leader on 1 January: a realistic mix of categories and seasons,
    /// some late, some carded, some escalated. The same seed gives the same stream.
    ///
    /// >>> import quanyu
    /// >>> book = quanyu.events.EventBook.synthetic(quanyu.synth.community(7), events_per_grid=5)
    /// >>> len(book.events) > 20
    /// True
    #[staticmethod]
    #[pyo3(signature = (network, *, year=2024, events_per_grid=60, seed=1))]
    fn synthetic(
        py: Python<'_>,
        network: &PyNetwork,
        year: i32,
        events_per_grid: u32,
        seed: u64,
    ) -> PyResult<Self> {
        let net = network.snap();
        let options = quanyu::events::StreamOptions {
            year,
            events_per_grid,
            seed,
        };
        let log = py
            .detach(|| quanyu::events::synth_stream(&net, &options))
            .py_err()?;
        Ok(PyEventBook {
            inner: Mutex::new(EventBook::new(Workflow::five_step()).with_log(log)),
        })
    }

    /// The workflow's name.
    #[getter]
    fn workflow(&self) -> String {
        self.with(|b| b.workflow().name.clone())
    }

    /// The workflow's states (``StateDef`` records).
    #[getter]
    fn states<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.with(|b| b.workflow().states.clone()))
    }

    /// The workflow's actions (``ActionDef`` records).
    #[getter]
    fn actions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.with(|b| b.workflow().actions.clone()))
    }

    /// The categories (``CategoryRecord`` records).
    #[getter]
    fn categories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        value(py, &self.with(|b| b.categories().to_vec()))
    }

    /// The calendar (a copy).
    #[getter]
    fn calendar(&self) -> PyWorkCalendar {
        PyWorkCalendar::wrap(self.with(|b| b.calendar().clone()))
    }

    /// Every event reported (``EventRecord`` records), by id.
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let all: Vec<EventRecord> = self.with(|b| b.log().events().collect());
        value(py, &all)
    }

    /// Every transition recorded (``TransitionRecord`` records), event by event.
    #[getter]
    fn transitions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let all: Vec<TransitionRecord> = self.with(|b| b.log().transitions().collect());
        value(py, &all)
    }

    /// Every event as an Arrow table (see ``quanyu.events.to_parquet``). The reporter and the
    /// description are personal data: there, masked by their declared rules (the reporter as
    /// a name, ``张**``; the description hidden, ``***``), unless ``reveal`` (a
    /// ``quanyu.privacy.Reveal``) names them. A reveal is recorded in the access log of the
    /// events' ``network``, which it then needs; it is checked first (a bad purpose or field
    /// raises ``InvalidArgumentError`` naming it).
    ///
    /// >>> import datetime as dt, quanyu
    /// >>> from quanyu.events import EventBook, EventRecord
    /// >>> from quanyu.privacy import Reveal
    /// >>> net = quanyu.synth.community(7)
    /// >>> grid = next(iter(net.units_by_level("Grid"))).id
    /// >>> book = EventBook("five_step")
    /// >>> book.report(net, EventRecord("E1", "dispute", "Hotline", grid, severity="Low", reported_at=dt.datetime(2024, 3, 4, 9), reporter="张三", description="噪声"))
    /// >>> book.event_records().to_pylist()[0]["description"], book.event_records().column("reporter")
    /// ('***', ['张*'])
    /// >>> book.event_records(Reveal("w1", "grid_service", ["description"]), network=net).column("description")
    /// ['噪声']
    #[pyo3(signature = (reveal=None, *, network=None))]
    fn event_records(
        &self,
        py: Python<'_>,
        reveal: Option<&Bound<'_, PyAny>>,
        network: Option<&PyNetwork>,
    ) -> PyResult<Table> {
        let reveal = reveal_arg(reveal)?;
        let net = check_event_reveal(reveal.as_ref(), network)?;
        let book = self.snapshot();
        py.detach(move || {
            let privacy = reveal.as_ref().map_or(Privacy::Masked, Privacy::Revealed);
            let table = borrowed_rows::<EventRecord, _>("events", book.log().events(), privacy)?;
            if let (Some(r), Some(net)) = (&reveal, &net) {
                log_event_reveal(net, r, book.log().events().map(|e| e.id).collect());
            }
            Ok(table)
        })
    }

    /// Every transition as an Arrow table, event by event in replay order; the note is
    /// personal data, masked (``***``).
    fn transition_records(&self, py: Python<'_>) -> PyResult<Table> {
        let book = self.snapshot();
        py.detach(move || {
            borrowed_rows::<TransitionRecord, _>(
                "transitions",
                book.log().transitions(),
                Privacy::Masked,
            )
        })
    }

    /// Reports an event (an ``EventRecord`` or a dict): its unit must be in ``network``, its
    /// category known and its day covered by the calendar. Every problem is listed.
    fn report(&self, network: &PyNetwork, event: &Bound<'_, PyAny>) -> PyResult<()> {
        let event: EventRecord = arg(event, "event")?;
        let net = network.snap();
        self.with(|b| b.report(&net, event)).py_err()
    }

    /// Records one transition (a ``TransitionRecord`` or a dict) after checking it against
    /// the event's state and the actor's posts on its day. Returns the event's status. A
    /// refused transition raises :class:`quanyu.TransitionRefusedError` and changes nothing.
    fn transition<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        transition: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t: TransitionRecord = arg(transition, "transition")?;
        let net = network.snap();
        let status = self.with(|b| b.transition(&net, t)).py_err()?;
        value(py, &status)
    }

    /// Merges transitions recorded offline (a list), in any order. Returns a
    /// ``MergeReport``: ``added``, ``repeated`` and ``clashes`` (a ``Clash`` per transition
    /// recorded under a device and number already used by another).
    fn merge<'py>(
        &self,
        py: Python<'py>,
        transitions: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batch: Vec<TransitionRecord> = arg(transitions, "transitions")?;
        let report = self.with(|b| b.merge(batch)).py_err()?;
        value(py, &report)
    }

    /// The status of ``event`` at ``at`` (a ``datetime.datetime``).
    fn status<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        event: &str,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let s = self.with(|b| b.status(&net, event, at)).py_err()?;
        value(py, &s)
    }

    /// The open events of the subtree of ``unit`` at ``at``; with ``overdue=True`` only
    /// those past their next deadline.
    #[pyo3(signature = (network, unit, at, *, overdue=false))]
    fn open_in<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        unit: &str,
        at: &Bound<'py, PyAny>,
        overdue: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let book = self.snapshot();
        let open = py
            .detach(|| book.open_in(&net, unit, at, overdue))
            .py_err()?;
        value(py, &open)
    }

    /// The whole log replayed to ``at``: a report with the tables ``statuses``, ``cards``,
    /// ``escalations`` and ``refusals``. It runs without the GIL; ``progress(done, total)``
    /// hears of the events replayed, and Ctrl-C stops it (``KeyboardInterrupt``).
    #[pyo3(signature = (network, at, progress=None))]
    fn replay<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        at: &Bound<'py, PyAny>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let book = self.snapshot();
        let callback = Callback::new(progress)?;
        let replay = run(py, &callback, move |p| book.replay_with(&net, at, p))?;
        crate::reports::report(py, &replay)
    }

    /// The likely duplicates of ``event`` (``Duplicate`` records, most alike first): events of
    /// the same category at the same or a neighbouring unit within ``window_days`` days whose
    /// descriptions are at least ``min_similarity`` alike (character pairs, Jaccard).
    #[pyo3(signature = (network, event, window_days=3, min_similarity=0.5))]
    fn likely_duplicates<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        event: &str,
        window_days: u32,
        min_similarity: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let net = network.snap();
        let found = self
            .with(|b| b.likely_duplicates(&net, event, window_days, min_similarity))
            .py_err()?;
        value(py, &found)
    }

    /// The thresholds reached at ``at`` (``Alert`` records) for ``rules`` (``AlertRule``
    /// records or dicts): "5 safety hazards in one grid within 7 days".
    fn alerts<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        rules: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rules: Vec<quanyu::events::AlertRule> = arg(rules, "rules")?;
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let found = self.with(|b| b.alerts(&net, &rules, at)).py_err()?;
        value(py, &found)
    }

    /// The handlers proposed for ``event`` at ``at`` (``HandlerProposal`` records, best
    /// first): holders of contracts on the place or above it, the grid's workers, the
    /// building cell, the grid leaders, the branch, and organisations holding a key task of
    /// the same governance action; within each, the nearest tie and then the least loaded
    /// first. Each says why in ``why``.
    fn propose_handlers<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        event: &str,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let book = self.snapshot();
        let proposed = py
            .detach(|| book.propose_handlers(&net, event, at))
            .py_err()?;
        value(py, &proposed)
    }

    /// Merges the event ``duplicate`` into ``keep``: the duplicate closes as merged and
    /// ``keep`` lists both reports in ``sources``. Both transitions are checked like
    /// ``transition``; both or neither are recorded. Returns the status of ``keep``.
    fn merge_duplicate<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        duplicate: &str,
        keep: &str,
        actor: &str,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let status = self
            .with(|b| b.merge_duplicate(&net, duplicate, keep, actor, at))
            .py_err()?;
        value(py, &status)
    }

    /// The analytics at ``at``: a report with the tables ``events`` (one row per event:
    /// working hours to accept and to close, deadlines kept), ``by_grid``, ``by_category``,
    /// ``by_handler`` and ``by_month`` (on-time rate, mean working hours, backlog).
    /// Duplicates merged away are left out. The GIL is released while it runs.
    fn analytics<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at: NaiveDateTime = arg(at, "at")?;
        let net = network.snap();
        let book = self.snapshot();
        let analytics = py.detach(|| book.analytics(&net, at)).py_err()?;
        crate::reports::report(py, &analytics)
    }

    /// The categories as Open311 GeoReport v2 services: the JSON array of
    /// ``GET services.json`` (``service_code``, ``service_name``, ``description``,
    /// ``metadata``, ``type``, ``keywords``, ``group``).
    ///
    /// >>> import json
    /// >>> from quanyu.events import EventBook
    /// >>> services = json.loads(EventBook("five_step").services_open311())
    /// >>> services[0]["service_code"], services[0]["type"]
    /// ('grid', 'realtime')
    fn services_open311(&self) -> PyResult<String> {
        self.with(|b| b.services_open311()).py_err()
    }

    /// Every event reported by ``at`` as an Open311 GeoReport v2 service request, as it
    /// stands then: the JSON array of ``GET requests.json``, by id. ``status`` is ``"open"``
    /// or ``"closed"``; datetimes are ISO 8601 at ``offset`` (a ``datetime.timezone``, the
    /// offset of the book's local times; ``+08:00`` by default). The description is personal
    /// data, masked (``***``) unless ``reveal`` (a ``quanyu.privacy.Reveal`` naming
    /// ``description``) asks for it: checked first, and recorded in ``network``'s access log.
    /// The GIL is released while it runs.
    ///
    /// >>> import datetime as dt, json, quanyu
    /// >>> from quanyu.events import EventBook, EventRecord
    /// >>> net = quanyu.synth.community(7)
    /// >>> grid = next(iter(net.units_by_level("Grid"))).id
    /// >>> book = EventBook("five_step")
    /// >>> book.report(net, EventRecord("E1", "dispute", "Hotline", grid, severity="Low", reported_at=dt.datetime(2024, 3, 4, 9), description="噪声"))
    /// >>> (r,) = json.loads(book.to_open311(net, dt.datetime(2024, 3, 4, 10)))
    /// >>> r["status"], r["requested_datetime"], r["description"]
    /// ('open', '2024-03-04T09:00:00+08:00', '***')
    #[pyo3(signature = (network, at, *, reveal=None, offset=None))]
    fn to_open311(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        at: &Bound<'_, PyAny>,
        reveal: Option<&Bound<'_, PyAny>>,
        offset: Option<chrono::FixedOffset>,
    ) -> PyResult<String> {
        let at: NaiveDateTime = arg(at, "at")?;
        let mut options = Open311Options::default();
        if let Some(r) = reveal_arg(reveal)? {
            options = options.reveal(r);
        }
        if let Some(offset) = offset {
            options = options.offset(offset);
        }
        let net = network.snap();
        let book = self.snapshot();
        py.detach(move || book.to_open311(&net, at, &options))
            .py_err()
    }

    /// Reports every request of a JSON array of Open311 service requests as an event:
    /// ``service_request_id`` is its id, ``service_code`` its category, ``address_id`` its
    /// unit (in ``network``), ``requested_datetime`` its time (taken to ``offset``, ``+08:00``
    /// by default), and ``description`` and ``media_url`` are kept; events come from
    /// ``channel`` (``"Hotline"`` by default, or ``"Referral"``). All or nothing: a bad
    /// request raises :class:`quanyu.ValidationError` whose problems name the row (from 1),
    /// the request's id and the field, and nothing is added; text that is not a JSON array
    /// raises :class:`quanyu.ParseError`. Requests already in the book as the same event are
    /// skipped. Returns the ids added.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.events import EventBook
    /// >>> net = quanyu.synth.community(7)
    /// >>> grid = next(iter(net.units_by_level("Grid"))).id
    /// >>> text = '[{"service_request_id": "R1", "service_code": "dispute", "address_id": "%s", "requested_datetime": "2024-03-04T09:00:00+08:00"}]' % grid
    /// >>> EventBook("five_step").import_open311(net, text)
    /// ['R1']
    #[pyo3(signature = (network, text, *, channel=None, offset=None))]
    fn import_open311(
        &self,
        network: &PyNetwork,
        text: &str,
        channel: Option<&Bound<'_, PyAny>>,
        offset: Option<chrono::FixedOffset>,
    ) -> PyResult<Vec<String>> {
        let mut options = Open311Options::default();
        if let Some(channel) = opt_arg::<Channel>(channel, "channel")? {
            options = options.channel(channel);
        }
        if let Some(offset) = offset {
            options = options.offset(offset);
        }
        let net = network.snap();
        self.with(|b| b.import_open311(&net, text, &options))
            .py_err()
    }

    fn __repr__(&self) -> String {
        self.with(|b| {
            format!(
                "<EventBook {}: {} events, {} transitions>",
                b.workflow().name,
                b.log().events().len(),
                b.log().transition_count()
            )
        })
    }
}
