//! `quanyu.venues`: the red shared-venue menu (红色共享阵地菜单). Records travel as plain
//! Python data (dicts, or the dataclasses of `quanyu.venues`), DataFrames through the menu's
//! own CSV readers, tables through its CSV writers.

use std::io::Cursor;
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use chrono::{NaiveDate, NaiveDateTime};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use quanyu::schema::Record;
use quanyu::venues::{self, MatchOptions, Menu, MenuRecords, Recurrence, RequestRecord, VenueKind};

use crate::convert::{arg, value};
use crate::errors::{IntoPyResult, invalid};
use crate::events::PyWorkCalendar;
use crate::network::PyNetwork;
use crate::progress::{Callback, run};
use crate::tables::{Table, records};

/// The menu records of ``menu.add(network, venues=..., requests=...)``: every list read, every
/// problem named; a keyword that names no table is refused.
fn menu_records(d: &Bound<'_, PyDict>) -> PyResult<MenuRecords> {
    for key in d.keys() {
        let key: String = key.extract()?;
        if MenuRecords::SCHEMA.field(&key).is_none() {
            let known: Vec<&str> = MenuRecords::SCHEMA.columns().collect();
            return Err(invalid(
                &key,
                format!("names no table of the menu; expected {}", known.join(", ")),
            ));
        }
    }
    arg(d.as_any(), "records")
}

/// A CSV text as an Arrow table, every column inferred by arrow-csv.
fn csv_table(name: &str, bytes: Vec<u8>) -> PyResult<Table> {
    let err = |e: arrow_schema::ArrowError| {
        pyo3::exceptions::PyRuntimeError::new_err(format!("{name} table: {e}"))
    };
    let format = arrow_csv::reader::Format::default().with_header(true);
    let (schema, _) = format
        .infer_schema(Cursor::new(&bytes), None)
        .map_err(err)?;
    let schema = Arc::new(schema);
    let reader = arrow_csv::ReaderBuilder::new(schema.clone())
        .with_header(true)
        .build(Cursor::new(bytes))
        .map_err(err)?;
    let mut batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().map_err(err)?;
    if batches.is_empty() {
        batches.push(RecordBatch::new_empty(schema.clone()));
    }
    Ok(Table::new(name, schema, batches))
}

/// The red shared-venue menu: venues with opening hours, requests and bookings, beside a
/// network whose organisations and units they name.
///
/// >>> import quanyu
/// >>> from quanyu import venues
/// >>> net = quanyu.synth.community(2024)
/// >>> menu = venues.synth_menu(net, 2024)
/// >>> week = venues.week_of(quanyu.synth.REFERENCE_DATE)
/// >>> _ = menu.add(net, requests=venues.synth_requests(net, menu, week, 60, 7))
/// >>> report = menu.match_requests(net)
/// >>> len(report.table("placed")) + len(report.table("unplaced")) >= 60
/// True
#[pyclass(module = "quanyu._quanyu", name = "Menu", frozen)]
pub(crate) struct PyMenu {
    inner: Mutex<Menu>,
}

impl PyMenu {
    pub(crate) fn wrap(m: Menu) -> Self {
        PyMenu {
            inner: Mutex::new(m),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Menu) -> T) -> T {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    pub(crate) fn snapshot(&self) -> Menu {
        self.with(|m| m.clone())
    }
}

fn summary(py: Python<'_>, s: venues::AddSummary) -> PyResult<Bound<'_, PyAny>> {
    value(py, &s)
}

#[pymethods]
impl PyMenu {
    /// The menu as an Open Referral HSDS v3 document (a dict): ``organizations`` (the
    /// venues' owners, named from ``network``), ``services`` and ``locations`` (one each per
    /// venue) and ``schedules`` (one per weekly opening interval: ``freq`` ``WEEKLY``,
    /// ``byday``, ``opens_at``/``closes_at`` as ``HH:MM+08:00``, ``timezone`` 8 for
    /// Asia/Shanghai). Dated exceptions and bookings are not written.
    ///
    /// >>> import quanyu
    /// >>> net = quanyu.synth.community(3)
    /// >>> menu = quanyu.venues.synth_menu(net, 3)
    /// >>> doc = menu.to_hsds(net)
    /// >>> sorted(doc)
    /// ['locations', 'organizations', 'schedules', 'services']
    /// >>> doc["schedules"][0]["freq"], doc["schedules"][0]["timezone"]
    /// ('WEEKLY', 8)
    fn to_hsds<'py>(
        &self,
        py: Python<'py>,
        network: &crate::network::PyNetwork,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::interop::to_hsds(py, self, network)
    }

    /// An empty menu with calendars cut into slots of ``slot_minutes``.
    #[new]
    #[pyo3(signature = (slot_minutes=None))]
    fn new(slot_minutes: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let m: u32 = crate::convert::opt_arg(slot_minutes, "slot_minutes")?.unwrap_or(30);
        Ok(PyMenu::wrap(Menu::with_slot_minutes(m).py_err()?))
    }

    /// The slot length in minutes.
    #[getter]
    fn slot_minutes(&self) -> u32 {
        self.with(|m| m.slot_minutes())
    }

    /// The number of venues.
    #[getter]
    fn venue_count(&self) -> usize {
        self.with(|m| m.venue_count())
    }

    /// The number of requests.
    #[getter]
    fn request_count(&self) -> usize {
        self.with(|m| m.request_count())
    }

    /// The number of bookings.
    #[getter]
    fn booking_count(&self) -> usize {
        self.with(|m| m.booking_count())
    }

    fn __repr__(&self) -> String {
        self.with(|m| {
            format!(
                "<Menu: {} venues, {} requests, {} bookings>",
                m.venue_count(),
                m.request_count(),
                m.booking_count()
            )
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyMenu>() {
            Ok(o) => std::ptr::eq(self, o.get()) || self.snapshot() == o.get().snapshot(),
            Err(_) => false,
        }
    }

    fn __copy__(&self) -> Self {
        PyMenu::wrap(self.snapshot())
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.__copy__()
    }

    /// Adds records, all or nothing: ``venues=``, ``opening_hours=``, ``exceptions=``,
    /// ``requests=``, ``bookings=`` (lists of dicts or ``quanyu.venues`` records), checked
    /// against ``network``. Returns the counts added.
    #[pyo3(signature = (network, **records))]
    fn add<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        records: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let d = records.cloned().unwrap_or_else(|| PyDict::new(py));
        let recs = menu_records(&d)?;
        let net = network.snap();
        let s = py.detach(|| self.with(|m| m.add(&net, recs))).py_err()?;
        summary(py, s)
    }

    /// Adds venues and requests from DataFrames (any Arrow PyCapsule object, or pandas) with
    /// the columns of ``venues.csv`` and ``requests.csv``, validated exactly like those files.
    #[pyo3(signature = (network, venues=None, requests=None))]
    fn add_frames<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        venues: Option<&Bound<'py, PyAny>>,
        requests: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let payload = |v: &Bound<'py, PyAny>, name: &str| -> PyResult<Vec<u8>> {
            let p = py
                .import("quanyu._frames")?
                .getattr("_payload")?
                .call1((name, v))?;
            crate::frames::frame_csv(&p, name)
        };
        let vb = venues
            .filter(|v| !v.is_none())
            .map(|v| payload(v, "venues"))
            .transpose()?;
        let rb = requests
            .filter(|v| !v.is_none())
            .map(|v| payload(v, "requests"))
            .transpose()?;
        let net = network.snap();
        let s = py
            .detach(|| {
                let mut all = MenuRecords::default();
                let mut problems = Vec::new();
                for (bytes, is_venues) in [(vb, true), (rb, false)] {
                    let Some(bytes) = bytes else { continue };
                    let r = if is_venues {
                        venues::csv::read_venues(bytes.as_slice(), "venues")
                    } else {
                        venues::csv::read_requests(bytes.as_slice(), "requests")
                    };
                    match r {
                        Ok(r) => all.extend(r),
                        Err(quanyu::Error::Validation(p)) => problems.extend(p),
                        Err(e) => return Err(e),
                    }
                }
                if !problems.is_empty() {
                    return Err(quanyu::Error::Validation(problems));
                }
                self.with(|m| m.add(&net, all))
            })
            .py_err()?;
        summary(py, s)
    }

    /// The venue ``id`` (a ``VenueRecord``).
    fn venue<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.venue(id).cloned()).py_err()?;
        value(py, &v)
    }

    /// The request ``id`` (a ``RequestRecord``).
    fn request<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.request(id).cloned()).py_err()?;
        value(py, &v)
    }

    /// The booking ``id`` (a ``BookingRecord``).
    fn booking<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.booking(id).cloned()).py_err()?;
        value(py, &v)
    }

    /// The venues as an Arrow table with the columns of ``venues.csv`` (hours and exceptions
    /// in their compact forms), so that it reads back through ``add_frames``.
    fn venues(&self, py: Python<'_>) -> PyResult<Table> {
        let m = self.snapshot();
        let mut out = Vec::new();
        py.detach(|| venues::csv::write_venues(&m, &mut out))
            .py_err()?;
        csv_table("venues", out)
    }

    /// The requests as an Arrow table with the columns of ``requests.csv``.
    fn requests(&self, py: Python<'_>) -> PyResult<Table> {
        let m = self.snapshot();
        let mut out = Vec::new();
        py.detach(|| venues::csv::write_requests(&m, &mut out))
            .py_err()?;
        csv_table("requests", out)
    }

    /// The bookings as an Arrow table.
    fn bookings(&self) -> PyResult<Table> {
        let m = self.snapshot();
        records("bookings", m.bookings().cloned())
    }

    /// The weekly opening intervals of ``venue`` (``OpeningHoursRecord`` s).
    fn opening_hours<'py>(&self, py: Python<'py>, venue: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.opening_hours(venue)).py_err()?;
        value(py, &v)
    }

    /// The dated exceptions of ``venue`` (``ExceptionRecord`` s).
    fn exceptions<'py>(&self, py: Python<'py>, venue: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.exceptions(venue)).py_err()?;
        value(py, &v)
    }

    /// Every record of the menu (a ``MenuRecords``).
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let r = self.with(|m| m.records());
        value(py, &r)
    }

    /// The occurrences of request ``id``: windows and booking of each (``Occurrence`` s).
    fn occurrences<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let occ = self.with(|m| m.occurrences(id)).py_err()?;
        value(py, &occ)
    }

    /// The calendar of ``venue`` from ``start`` to ``end``: its open windows and bookings (a
    /// ``Calendar``).
    fn calendar<'py>(
        &self,
        py: Python<'py>,
        venue: &str,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let from: NaiveDateTime = arg(start, "start")?;
        let to: NaiveDateTime = arg(end, "end")?;
        let c = self.with(|m| m.calendar(venue, from, to)).py_err()?;
        value(py, &c)
    }

    /// The open hours of ``venue`` on every date from ``start`` to ``end`` (``datetime.date``
    /// s) that the recurrence ``rule`` picks on ``calendar``: a list of ``TimeWindow`` s.
    fn recurring_hours<'py>(
        &self,
        py: Python<'py>,
        venue: &str,
        rule: &Bound<'_, PyAny>,
        calendar: &PyWorkCalendar,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rule: Recurrence = arg(rule, "rule")?;
        let from: NaiveDate = arg(start, "start")?;
        let to: NaiveDate = arg(end, "end")?;
        let cal = calendar.get();
        let hours = self
            .with(|m| m.recurring_hours(venue, &rule, &cal, from, to))
            .py_err()?;
        value(py, &hours)
    }

    /// Cancels booking ``id``; returns it.
    fn cancel<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let b = self.with(|m| m.cancel(id)).py_err()?;
        value(py, &b)
    }

    /// Approves booking ``id`` (awaiting approval → confirmed).
    fn approve(&self, id: &str) -> PyResult<()> {
        self.with(|m| m.approve(id)).py_err()
    }

    /// Withdraws request ``id`` with its bookings; returns the cancelled bookings.
    fn withdraw_request<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let b = self.with(|m| m.withdraw_request(id)).py_err()?;
        value(py, &b)
    }

    /// Removes venue ``id`` (it must have no bookings).
    fn remove_venue(&self, id: &str) -> PyResult<()> {
        self.with(|m| m.remove_venue(id)).py_err()
    }

    /// Clears the weekly hours and exceptions of ``venue``.
    fn clear_hours(&self, venue: &str) -> PyResult<()> {
        self.with(|m| m.clear_hours(venue)).py_err()
    }

    /// Re-checks the menu against ``network`` after the network changed.
    fn refresh(&self, py: Python<'_>, network: &PyNetwork) -> PyResult<()> {
        let net = network.snap();
        py.detach(|| self.with(|m| m.refresh(&net))).py_err()
    }

    /// Places every unplaced occurrence it can and books it (a ``MatchReport``): priority
    /// first, then fair shares between communities, then the least travel. ``options`` is a
    /// ``MatchOptions`` (or a dict of its fields); keyword arguments set single options.
    /// ``progress(done, total)`` is called as groups of requests are solved; Ctrl-C stops the
    /// match before anything is booked.
    #[pyo3(signature = (network, options=None, *, progress=None, **kwargs))]
    fn match_requests<'py>(
        slf: &Bound<'py, Self>,
        network: &PyNetwork,
        options: Option<&Bound<'py, PyAny>>,
        progress: Option<&Bound<'py, PyAny>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let opts = self::options(py, options, kwargs)?;
        // A match reports its start and its end: its groups are many and small.
        let callback = Callback::new(progress)?;
        callback.report(py, 0, 1)?;
        let net = network.snap();
        let menu = slf.clone().unbind();
        let r = run(py, &Callback::default(), move |p| {
            let menu = menu.get();
            menu.with(|m| m.match_requests_with(&net, &opts, p))
        })?;
        callback.report(py, 1, 1)?;
        crate::reports::matching(py, r)
    }

    /// What ``match_requests`` would do, without booking anything.
    #[pyo3(signature = (network, options=None, *, progress=None, **kwargs))]
    fn plan_matching<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        options: Option<&Bound<'py, PyAny>>,
        progress: Option<&Bound<'py, PyAny>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = self::options(py, options, kwargs)?;
        let callback = Callback::new(progress)?;
        callback.report(py, 0, 1)?;
        let net = network.snap();
        let m = self.snapshot();
        let r = run(py, &Callback::default(), move |p| {
            m.plan_matching_with(&net, &opts, p)
        })?;
        callback.report(py, 1, 1)?;
        crate::reports::matching(py, r)
    }

    /// The ``k`` best free slots for ``request`` (a ``RequestRecord`` or a dict of its fields),
    /// nearest and earliest first: a ``SlotSearch`` with its ``offers`` (also as a table), and
    /// ``reason`` when there is none.
    #[pyo3(signature = (network, request, k=None))]
    fn find_slots<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        request: &Bound<'py, PyAny>,
        k: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r: RequestRecord = arg(request, "request")?;
        let k: usize = crate::convert::opt_arg(k, "k")?.unwrap_or(5);
        let net = network.snap();
        let s = self.with(|m| m.find_slots(&net, &r, k)).py_err()?;
        crate::reports::report(py, &s)
    }

    /// Areas with no venue of ``kind`` within ``max_distance`` tree edges (an Arrow table).
    #[pyo3(signature = (network, kind, max_distance=None))]
    fn coverage_gaps(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        kind: &Bound<'_, PyAny>,
        max_distance: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Table> {
        let kind: VenueKind = arg(kind, "kind")?;
        let d: usize = crate::convert::opt_arg(max_distance, "max_distance")?.unwrap_or(2);
        let net = network.snap();
        let m = self.snapshot();
        let gaps = py.detach(move || m.coverage_gaps(&net, kind, d)).py_err()?;
        records("coverage_gaps", gaps.into_iter())
    }

    /// Supply, bookings and demand in slots per area, venue kind and week, for ``weeks``
    /// weeks from the week of ``start`` (an Arrow table).
    #[pyo3(signature = (network, start, weeks=None))]
    fn supply_demand(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        start: &Bound<'_, PyAny>,
        weeks: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Table> {
        let from: NaiveDate = arg(start, "start")?;
        let weeks: u32 = crate::convert::opt_arg(weeks, "weeks")?.unwrap_or(1);
        let net = network.snap();
        let m = self.snapshot();
        let rows = py
            .detach(move || m.supply_demand(&net, from, weeks))
            .py_err()?;
        records("supply_demand", rows.into_iter())
    }

    /// The menu in its JSON form (``"format": "quanyu-menu/1"``).
    fn to_json(&self) -> PyResult<String> {
        self.with(|m| m.to_json()).py_err()
    }

    /// A menu from its JSON form, checked against ``network``.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str, network: &PyNetwork) -> PyResult<PyMenu> {
        let net = network.snap();
        let json = json.to_owned();
        Ok(PyMenu::wrap(
            py.detach(move || Menu::from_json(&json, &net)).py_err()?,
        ))
    }

    /// Imports ``venues.csv`` and ``requests.csv`` from the directory ``dir``, all or nothing.
    fn import_csv<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        dir: std::path::PathBuf,
    ) -> PyResult<Bound<'py, PyAny>> {
        let net = network.snap();
        let s = py
            .detach(|| self.with(|m| m.import_csv(&net, &dir)))
            .py_err()?;
        summary(py, s)
    }

    /// Writes ``venues.csv`` and ``requests.csv`` into the directory ``dir``.
    fn export_csv(&self, py: Python<'_>, dir: std::path::PathBuf) -> PyResult<()> {
        let m = self.snapshot();
        py.detach(move || m.export_csv(&dir)).py_err()
    }
}

/// The options of a match: a ``MatchOptions`` (or a dict of its fields), with single options
/// from keyword arguments laid over it; an unknown option is refused.
fn options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<MatchOptions> {
    let merged = PyDict::new(py);
    if let Some(o) = options.filter(|o| !o.is_none()) {
        let base: MatchOptions = arg(o, "options")?;
        let base = value(py, &base)?.call_method0("to_dict")?;
        merged.update(base.cast::<pyo3::types::PyMapping>()?)?;
    }
    if let Some(k) = kwargs {
        merged.update(k.as_mapping())?;
    }
    for key in merged.keys() {
        let key: String = key.extract()?;
        if MatchOptions::SCHEMA.field(&key).is_none() {
            let known: Vec<&str> = MatchOptions::SCHEMA.columns().collect();
            return Err(invalid(
                &key,
                format!("is not an option of a match; expected {}", known.join(", ")),
            ));
        }
    }
    arg(merged.as_any(), "options")
}

/// A synthetic menu for ``network``: venues offered by its organisations, with hours. The
/// same seed gives the same menu.
///
/// >>> import quanyu
/// >>> net = quanyu.synth.community(2024)
/// >>> menu = quanyu.venues.synth_menu(net, 2024)
/// >>> menu, menu == quanyu.venues.synth_menu(net, 2024)
/// (<Menu: 52 venues, 0 requests, 0 bookings>, True)
#[pyfunction]
pub(crate) fn synth_menu(py: Python<'_>, network: &PyNetwork, seed: u64) -> PyResult<PyMenu> {
    let net = network.snap();
    Ok(PyMenu::wrap(
        py.detach(move || venues::synth::menu(&net, seed))
            .py_err()?,
    ))
}

/// ``count`` synthetic requests for the week of ``week``, as plain data for ``Menu.add``.
///
/// >>> import quanyu
/// >>> net = quanyu.synth.community(2024)
/// >>> menu = quanyu.venues.synth_menu(net, 2024)
/// >>> requests = quanyu.venues.synth_requests(net, menu, "2024-10-07", 3, 7)
/// >>> [r["id"] for r in requests], menu.add(net, requests=requests)["requests"]
/// (['R20241007-000001', 'R20241007-000002', 'R20241007-000003'], 3)
#[pyfunction]
pub(crate) fn synth_requests<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    menu: &PyMenu,
    week: &Bound<'_, PyAny>,
    count: &Bound<'_, PyAny>,
    seed: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let week: NaiveDate = arg(week, "week")?;
    let count: usize = arg(count, "count")?;
    let net = network.snap();
    let m = menu.snapshot();
    let r = py
        .detach(move || venues::synth::requests(&net, &m, week, count, seed))
        .py_err()?;
    value(py, &r)
}

/// The Monday of the week of ``date``.
///
/// >>> import datetime
/// >>> from quanyu.venues import week_of
/// >>> week_of(datetime.date(2024, 10, 13)), week_of("2024-10-14")
/// (datetime.date(2024, 10, 7), datetime.date(2024, 10, 14))
#[pyfunction]
pub(crate) fn week_of(date: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    Ok(venues::synth::week_of(arg(date, "date")?))
}

/// A recurrence read from its text form (``"every working tue"``, ``"每月第一个工作日"``).
#[pyfunction]
pub(crate) fn _recurrence_parse<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let rule = text.parse::<Recurrence>().py_err()?;
    value(py, &rule)
}

/// The English and Chinese text forms of a recurrence (checked first).
#[pyfunction]
pub(crate) fn _recurrence_text(rule: &Bound<'_, PyAny>) -> PyResult<(String, String)> {
    let rule: Recurrence = arg(rule, "rule")?;
    rule.check().py_err()?;
    Ok((rule.to_string(), rule.chinese()))
}

/// The dates from ``start`` to ``end`` (both included) that a recurrence picks on ``calendar``.
#[pyfunction]
pub(crate) fn _recurrence_dates(
    py: Python<'_>,
    rule: &Bound<'_, PyAny>,
    calendar: &PyWorkCalendar,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
) -> PyResult<Vec<NaiveDate>> {
    let rule: Recurrence = arg(rule, "rule")?;
    let from: NaiveDate = arg(start, "start")?;
    let to: NaiveDate = arg(end, "end")?;
    let cal = calendar.get();
    py.detach(|| rule.expand(&cal, from, to)).py_err()
}
