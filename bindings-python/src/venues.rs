//! `quanyu.venues`: the red shared-venue menu (红色共享阵地菜单). Records travel as plain
//! Python data (dicts, or the dataclasses of `quanyu.venues`), DataFrames through the menu's
//! own CSV readers, tables through its CSV writers.

use std::io::Cursor;
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use chrono::{NaiveDate, NaiveDateTime};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

use quanyu::venues::{self, MatchOptions, Menu, MenuRecords, RequestRecord, VenueKind};

use crate::convert::{date, parse};
use crate::errors::{IntoPyResult, invalid, type_error};
use crate::network::PyNetwork;
use crate::progress::Progress;
use crate::reports::{build, values};
use crate::tables::{Kind::*, Table, report};

/// Plain data from a Python value: dataclasses become dicts, dates and times ISO strings.
fn plain<'py>(v: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    v.py()
        .import("quanyu.venues")?
        .getattr("_plain")?
        .call1((v,))
}

fn records(v: &Bound<'_, PyAny>) -> PyResult<MenuRecords> {
    pythonize::depythonize::<MenuRecords>(&plain(v)?).map_err(|e| invalid("records", e.to_string()))
}

fn request(v: &Bound<'_, PyAny>) -> PyResult<RequestRecord> {
    pythonize::depythonize::<RequestRecord>(&plain(v)?)
        .map_err(|e| invalid("request", e.to_string()))
}

fn datetime(v: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDateTime> {
    if let Ok(s) = v.extract::<String>() {
        for f in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(s.trim(), f) {
                return Ok(t);
            }
        }
        return Err(invalid(
            name,
            format!("cannot read `{s}` as a date and time (YYYY-MM-DDTHH:MM)"),
        ));
    }
    v.extract::<NaiveDateTime>().map_err(|_| {
        type_error(format!(
            "`{name}` must be a datetime.datetime or an ISO string"
        ))
    })
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

    fn snapshot(&self) -> Menu {
        self.with(|m| m.clone())
    }
}

fn summary<'py>(py: Python<'py>, s: venues::AddSummary) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("venues", s.venues)?;
    d.set_item("hours", s.hours)?;
    d.set_item("requests", s.requests)?;
    d.set_item("bookings", s.bookings)?;
    Ok(d.into_any())
}

#[derive(Serialize)]
struct BookingRow<'a> {
    id: &'a str,
    venue: &'a str,
    request: &'a str,
    occurrence: u32,
    start: String,
    end: String,
    status: Option<&'static str>,
}

#[pymethods]
impl PyMenu {
    /// An empty menu with calendars cut into slots of ``slot_minutes``.
    #[new]
    #[pyo3(signature = (slot_minutes=30))]
    fn new(slot_minutes: i128) -> PyResult<Self> {
        let m = u32::try_from(slot_minutes).map_err(|_| {
            invalid(
                "slot_minutes",
                format!("must be a positive number of minutes, got {slot_minutes}"),
            )
        })?;
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
        let recs = self::records(d.as_any())?;
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

    /// The venue ``id`` as a dict.
    fn venue<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.venue(id).cloned()).py_err()?;
        values(py, &v)
    }

    /// The request ``id`` as a dict.
    fn request<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.request(id).cloned()).py_err()?;
        values(py, &v)
    }

    /// The booking ``id`` as a dict.
    fn booking<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.booking(id).cloned()).py_err()?;
        values(py, &v)
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
        report(
            "bookings",
            &[
                ("id", Str, false),
                ("venue", Str, false),
                ("request", Str, false),
                ("occurrence", U32, false),
                ("start", Str, false),
                ("end", Str, false),
                ("status", Name, true),
            ],
            m.bookings().map(|b| BookingRow {
                id: &b.id,
                venue: &b.venue,
                request: &b.request,
                occurrence: b.occurrence,
                start: b.start.format("%Y-%m-%dT%H:%M").to_string(),
                end: b.end.format("%Y-%m-%dT%H:%M").to_string(),
                status: b.status.map(|s| s.as_str()),
            }),
        )
    }

    /// The weekly opening intervals of ``venue``.
    fn opening_hours<'py>(&self, py: Python<'py>, venue: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.opening_hours(venue)).py_err()?;
        values(py, &v)
    }

    /// The dated exceptions of ``venue``.
    fn exceptions<'py>(&self, py: Python<'py>, venue: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.with(|m| m.exceptions(venue)).py_err()?;
        values(py, &v)
    }

    /// Every record of the menu, as plain data (``venues``, ``opening_hours``, ...).
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let r = self.with(|m| m.records());
        values(py, &r)
    }

    /// The occurrences of request ``id``: windows and booking of each.
    fn occurrences<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyList>> {
        let occ = self.with(|m| m.occurrences(id)).py_err()?;
        let out = PyList::empty(py);
        for o in occ {
            let d = PyDict::new(py);
            d.set_item("request", &o.request)?;
            d.set_item("occurrence", o.occurrence)?;
            d.set_item("windows", values(py, &o.windows)?)?;
            d.set_item("booking", &o.booking)?;
            out.append(d)?;
        }
        Ok(out)
    }

    /// The calendar of ``venue`` from ``start`` to ``end``: its open windows and bookings.
    fn calendar<'py>(
        &self,
        py: Python<'py>,
        venue: &str,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (from, to) = (datetime(start, "start")?, datetime(end, "end")?);
        let c = self.with(|m| m.calendar(venue, from, to)).py_err()?;
        let d = PyDict::new(py);
        d.set_item("venue", &c.venue)?;
        d.set_item("open", values(py, &c.open)?)?;
        d.set_item("bookings", values(py, &c.bookings)?)?;
        Ok(d.into_any())
    }

    /// Cancels booking ``id``; returns it.
    fn cancel<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let b = self.with(|m| m.cancel(id)).py_err()?;
        values(py, &b)
    }

    /// Approves booking ``id`` (awaiting approval → confirmed).
    fn approve(&self, id: &str) -> PyResult<()> {
        self.with(|m| m.approve(id)).py_err()
    }

    /// Withdraws request ``id`` with its bookings; returns the cancelled bookings.
    fn withdraw_request<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let b = self.with(|m| m.withdraw_request(id)).py_err()?;
        values(py, &b)
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
    /// first, then fair shares between communities, then the least travel. The GIL is
    /// released; ``progress(done, total)`` is called at the start and the end.
    #[pyo3(signature = (network, *, fair_share=true, heuristic_only=false, requests=None, max_placements=5000, progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn match_requests<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        fair_share: bool,
        heuristic_only: bool,
        requests: Option<Vec<String>>,
        max_placements: i128,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = options(fair_share, heuristic_only, requests, max_placements)?;
        let p = Progress::new(progress)?;
        let net = network.snap();
        p.report(0, 1);
        let r = py.detach(|| self.with(|m| m.match_requests(&net, &opts)));
        p.report(1, 1);
        p.finish()?;
        match_report(py, &r.py_err()?)
    }

    /// What ``match_requests`` would do, without booking anything.
    #[pyo3(signature = (network, *, fair_share=true, heuristic_only=false, requests=None, max_placements=5000))]
    fn plan_matching<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        fair_share: bool,
        heuristic_only: bool,
        requests: Option<Vec<String>>,
        max_placements: i128,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = options(fair_share, heuristic_only, requests, max_placements)?;
        let net = network.snap();
        let m = self.snapshot();
        let r = py.detach(move || m.plan_matching(&net, &opts)).py_err()?;
        match_report(py, &r)
    }

    /// The ``k`` best free slots for ``request`` (a dict or ``RequestRecord``), nearest and
    /// earliest first: a ``Report`` with an ``offers`` table, and ``reason`` when there is none.
    #[pyo3(signature = (network, request, k=5))]
    fn find_slots<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        request: &Bound<'py, PyAny>,
        k: i128,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self::request(request)?;
        let k = crate::convert::nonneg(k, "k")?;
        let net = network.snap();
        let s = self.with(|m| m.find_slots(&net, &r, k)).py_err()?;
        #[derive(Serialize)]
        struct Offer<'a> {
            venue: &'a str,
            start: String,
            end: String,
            proximity: String,
            needs_approval: bool,
        }
        let t = report(
            "offers",
            &[
                ("venue", Str, false),
                ("start", Str, false),
                ("end", Str, false),
                ("proximity", Name, false),
                ("needs_approval", Bool, false),
            ],
            s.offers.iter().map(|o| Offer {
                venue: &o.venue,
                start: o.start.format("%Y-%m-%dT%H:%M").to_string(),
                end: o.end.format("%Y-%m-%dT%H:%M").to_string(),
                proximity: o.proximity.to_string(),
                needs_approval: o.needs_approval,
            }),
        )?;
        build(py, "Report", values(py, &s)?, vec![t], "offers", None)
    }

    /// Areas with no venue of ``kind`` within ``max_distance`` tree edges (an Arrow table).
    #[pyo3(signature = (network, kind, max_distance=2))]
    fn coverage_gaps(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        kind: &Bound<'_, PyAny>,
        max_distance: i128,
    ) -> PyResult<Table> {
        let kind: VenueKind = parse(kind, "kind")?;
        let d = crate::convert::nonneg(max_distance, "max_distance")?;
        let net = network.snap();
        let m = self.snapshot();
        let gaps = py.detach(move || m.coverage_gaps(&net, kind, d)).py_err()?;
        #[derive(Serialize)]
        struct Row<'a> {
            area: &'a str,
            name: &'a str,
            kind: &'static str,
            nearest: Option<u64>,
        }
        report(
            "coverage_gaps",
            &[
                ("area", Str, false),
                ("name", Str, false),
                ("kind", Name, false),
                ("nearest", U64, true),
            ],
            gaps.iter().map(|g| Row {
                area: &g.area,
                name: &g.name,
                kind: g.kind.as_str(),
                nearest: g.nearest.map(|n| n as u64),
            }),
        )
    }

    /// Supply, bookings and demand in slots per area, venue kind and week, for ``weeks``
    /// weeks from the week of ``start`` (an Arrow table).
    #[pyo3(signature = (network, start, weeks=1))]
    fn supply_demand(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        start: &Bound<'_, PyAny>,
        weeks: i128,
    ) -> PyResult<Table> {
        let from = date(start, "start")?;
        let weeks = u32::try_from(weeks)
            .map_err(|_| invalid("weeks", format!("must be 1 to 520, got {weeks}")))?;
        let net = network.snap();
        let m = self.snapshot();
        let rows = py
            .detach(move || m.supply_demand(&net, from, weeks))
            .py_err()?;
        #[derive(Serialize)]
        struct Row<'a> {
            area: &'a str,
            kind: &'static str,
            week: NaiveDate,
            supply_slots: u64,
            booked_slots: u64,
            demand_slots: u64,
            occurrences: u64,
        }
        report(
            "supply_demand",
            &[
                ("area", Str, false),
                ("kind", Name, false),
                ("week", Date, false),
                ("supply_slots", U64, false),
                ("booked_slots", U64, false),
                ("demand_slots", U64, false),
                ("occurrences", U64, false),
            ],
            rows.iter().map(|r| Row {
                area: &r.area,
                kind: r.kind.as_str(),
                week: r.week,
                supply_slots: r.supply_slots,
                booked_slots: r.booked_slots,
                demand_slots: r.demand_slots,
                occurrences: r.occurrences,
            }),
        )
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

fn options(
    fair_share: bool,
    heuristic_only: bool,
    requests: Option<Vec<String>>,
    max_placements: i128,
) -> PyResult<MatchOptions> {
    Ok(MatchOptions {
        fair_share,
        heuristic_only,
        requests,
        max_placements: crate::convert::nonneg(max_placements, "max_placements")?,
        ..MatchOptions::default()
    })
}

/// The `MatchReport` report.
fn match_report<'py>(py: Python<'py>, r: &venues::MatchReport) -> PyResult<Bound<'py, PyAny>> {
    #[derive(Serialize)]
    struct Placed<'a> {
        request: &'a str,
        occurrence: u32,
        venue: &'a str,
        start: String,
        end: String,
        proximity: String,
        booking: &'a str,
        status: &'static str,
    }
    #[derive(Serialize)]
    struct Missed<'a> {
        request: &'a str,
        occurrence: u32,
        reason: &'static str,
        description: &'static str,
    }
    let tables = vec![
        report(
            "placed",
            &[
                ("request", Str, false),
                ("occurrence", U32, false),
                ("venue", Str, false),
                ("start", Str, false),
                ("end", Str, false),
                ("proximity", Name, false),
                ("booking", Str, false),
                ("status", Name, false),
            ],
            r.placed.iter().map(|p| Placed {
                request: &p.request,
                occurrence: p.occurrence,
                venue: &p.venue,
                start: p.start.format("%Y-%m-%dT%H:%M").to_string(),
                end: p.end.format("%Y-%m-%dT%H:%M").to_string(),
                proximity: p.proximity.to_string(),
                booking: &p.booking,
                status: p.status.as_str(),
            }),
        )?,
        report(
            "unplaced",
            &[
                ("request", Str, false),
                ("occurrence", U32, false),
                ("reason", Name, false),
                ("description", Str, false),
            ],
            r.unplaced.iter().map(|u| Missed {
                request: &u.request,
                occurrence: u.occurrence,
                reason: u.reason.as_str(),
                description: u.reason.describe(),
            }),
        )?,
    ];
    #[derive(Serialize)]
    struct Summary<'a> {
        placed: usize,
        unplaced: usize,
        score: &'a venues::MatchScore,
        groups: usize,
        exact_groups: usize,
        truncated: usize,
        unplaced_by_reason: std::collections::BTreeMap<&'static str, usize>,
    }
    let s = Summary {
        placed: r.placed.len(),
        unplaced: r.unplaced.len(),
        score: &r.score,
        groups: r.groups,
        exact_groups: r.exact_groups,
        truncated: r.truncated,
        unplaced_by_reason: r
            .unplaced_by_reason()
            .into_iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect(),
    };
    build(py, "MatchReport", values(py, &s)?, tables, "placed", None)
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
    count: i128,
    seed: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let week = date(week, "week")?;
    let count = crate::convert::nonneg(count, "count")?;
    let net = network.snap();
    let m = menu.snapshot();
    let r = py
        .detach(move || venues::synth::requests(&net, &m, week, count, seed))
        .py_err()?;
    values(py, &r)
}

/// The Monday of the week of ``date``.
///
/// >>> import datetime
/// >>> from quanyu.venues import week_of
/// >>> week_of(datetime.date(2024, 10, 13)), week_of("2024-10-14")
/// (datetime.date(2024, 10, 7), datetime.date(2024, 10, 14))
#[pyfunction]
pub(crate) fn week_of(date: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    Ok(venues::synth::week_of(crate::convert::date(date, "date")?))
}
