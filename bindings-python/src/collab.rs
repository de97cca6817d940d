//! `quanyu.collab`: the working-together book (六联六治) — links, council, carriages,
//! projects, meetings and deliberation beside a network. Records travel as the declared
//! classes of `quanyu.collab` (or dicts with their keys), grouped by table; answers come back
//! as declared objects, tables as `quanyu.Table`s.

use std::sync::Mutex;

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use quanyu::collab::{
    AttendanceRecord, BallotRecord, CarriageRecord, CollabRecords, Collaboration, EvidenceRecord,
    ForumRecord, LinkRecord, MeetingRecord, MotionRecord, PledgeRecord, ProcedureRecord,
    ProjectRecord, SeatRecord,
};

use crate::convert::{arg, value};
use crate::errors::{IntoPyResult, invalid, problem_object};
use crate::events::{PyEventBook, PyWorkCalendar};
use crate::network::PyNetwork;
use crate::tables::{Table, records};
use crate::venues::PyMenu;

/// Calls `$m!(name, field, Type)` for every table of a book, in the order of
/// `CollabRecords`.
macro_rules! for_each_table {
    ($m:ident) => {
        $m!("procedures", procedures, quanyu::collab::ProcedureRecord);
        $m!("links", links, quanyu::collab::LinkRecord);
        $m!("evidence", evidence, quanyu::collab::EvidenceRecord);
        $m!("seats", seats, quanyu::collab::SeatRecord);
        $m!("carriages", carriages, quanyu::collab::CarriageRecord);
        $m!("projects", projects, quanyu::collab::ProjectRecord);
        $m!("pledges", pledges, quanyu::collab::PledgeRecord);
        $m!("milestones", milestones, quanyu::collab::MilestoneRecord);
        $m!("attachments", attachments, quanyu::collab::AttachmentRecord);
        $m!("forums", forums, quanyu::collab::ForumRecord);
        $m!("topics", topics, quanyu::collab::TopicRecord);
        $m!("meetings", meetings, quanyu::collab::MeetingRecord);
        $m!("attendance", attendance, quanyu::collab::AttendanceRecord);
        $m!("agenda", agenda, quanyu::collab::AgendaItemRecord);
        $m!("actions", actions, quanyu::collab::ActionRecord);
        $m!("owners", owners, quanyu::collab::OwnerRecord);
        $m!(
            "representatives",
            representatives,
            quanyu::collab::RepresentativeRecord
        );
        $m!("motions", motions, quanyu::collab::MotionRecord);
        $m!("ballots", ballots, quanyu::collab::BallotRecord);
        $m!("secret_counts", secret_counts, quanyu::collab::SecretCount);
    };
}

/// The names of the tables, in order.
const TABLES: [&str; 20] = [
    "procedures",
    "links",
    "evidence",
    "seats",
    "carriages",
    "projects",
    "pledges",
    "milestones",
    "attachments",
    "forums",
    "topics",
    "meetings",
    "attendance",
    "agenda",
    "actions",
    "owners",
    "representatives",
    "motions",
    "ballots",
    "secret_counts",
];

/// An `InvalidArgumentError` for a name that is no table of the book.
fn no_table(name: &str) -> PyErr {
    invalid(
        name,
        format!(
            "names no table of the collaboration book; expected {}",
            TABLES.join(", ")
        ),
    )
}

/// One table's list read into `batch`; the table named by `name`.
fn read_table(batch: &mut CollabRecords, name: &str, rows: &Bound<'_, PyAny>) -> PyResult<()> {
    macro_rules! read {
        ($n:literal, $field:ident, $t:ty) => {
            if name == $n {
                let mut v: Vec<$t> = arg(rows, $n)?;
                batch.$field.append(&mut v);
                return Ok(());
            }
        };
    }
    for_each_table!(read);
    Err(no_table(name))
}

/// The records of `records` (a mapping of table name to list) and of `tables` (the same as
/// keywords), as one batch; a name that is no table is refused.
fn batch_of(
    records: Option<&Bound<'_, PyAny>>,
    tables: Option<&Bound<'_, PyDict>>,
) -> PyResult<CollabRecords> {
    let mut batch = CollabRecords::default();
    if let Some(r) = records.filter(|r| !r.is_none()) {
        let mapping = r.cast::<pyo3::types::PyMapping>().map_err(|_| {
            crate::errors::type_error(format!(
                "`records` must be a mapping of table name to a list of records, not {}",
                crate::convert::type_name(r)
            ))
        })?;
        for item in mapping.items()?.iter() {
            let (key, rows): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key: String = key.extract().map_err(|_| {
                crate::errors::type_error("the keys of `records` must be table names (str)")
            })?;
            read_table(&mut batch, &key, &rows)?;
        }
    }
    if let Some(t) = tables {
        for (key, rows) in t.iter() {
            let key: String = key.extract()?;
            read_table(&mut batch, &key, &rows)?;
        }
    }
    Ok(batch)
}

/// The tables of `batch` as a dict of name to list of records.
fn records_dict<'py>(py: Python<'py>, batch: &CollabRecords) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    macro_rules! put {
        ($n:literal, $field:ident, $t:ty) => {
            d.set_item($n, value(py, &batch.$field)?)?;
        };
    }
    for_each_table!(put);
    Ok(d)
}

/// JSON as Python data (through the standard `json` module).
pub(crate) fn json_value<'py>(
    py: Python<'py>,
    v: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(v)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("json: {e}")))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// The working-together book of a network (六联六治): links between organisations and their
/// evidence, the all-area council (全域党建理事会) and its rotation, the three carriages
/// (三驾马车) of each compound, governance projects with adopters' pledges (项目联认), joint
/// meetings with their follow-up work, and deliberation (问需、问计、问政于民): forums,
/// topics, motions and ballots decided under statutory procedures, with the electorate read
/// from the population register. References are checked against the network whenever
/// records come in; a batch is taken whole or not at all.
///
/// A book needs its network to be rebuilt (its records are checked against it), so it is not
/// pickled: store it with :meth:`to_json` and read it back with :meth:`from_json`.
///
/// >>> import datetime as dt, quanyu
/// >>> from quanyu.collab import Collaboration, ForumRecord, MotionRecord, BallotRecord
/// >>> net = quanyu.synth.community(7)
/// >>> book = Collaboration()
/// >>> [p.code for p in book.records()["procedures"]]
/// ['villagers_assembly', 'representatives_assembly', 'residents_meeting', 'household_meeting']
/// >>> book.add_forum(net, ForumRecord("F", "S001", "CommunityPavilion"))
/// >>> book.add_motion(net, MotionRecord("M", "加装电梯", "residents_meeting", dt.date(2024, 6, 1), forum="F"))
/// >>> t = book.tally(net, "M")
/// >>> t.taking_part, t.eligible > 1000, t.adopted
/// (0, True, False)
#[pyclass(module = "quanyu._quanyu", name = "Collaboration", frozen)]
pub(crate) struct PyCollaboration {
    inner: Mutex<Collaboration>,
}

impl PyCollaboration {
    fn wrap(b: Collaboration) -> Self {
        PyCollaboration {
            inner: Mutex::new(b),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Collaboration) -> T) -> T {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    pub(crate) fn snapshot(&self) -> Collaboration {
        self.with(|b| b.clone())
    }

    /// Runs a one-record add: the record read from `record` as a `T`.
    fn add<T: crate::declared::PyValue>(
        &self,
        network: &PyNetwork,
        record: &Bound<'_, PyAny>,
        name: &str,
        add: impl FnOnce(&mut Collaboration, &quanyu::Network, T) -> quanyu::Result<()>,
    ) -> PyResult<()> {
        let r: T = arg(record, name)?;
        let net = network.snap();
        self.with(|b| add(b, &net, r)).py_err()
    }
}

#[pymethods]
impl PyCollaboration {
    /// An empty book holding the four statutory procedures (``villagers_assembly``,
    /// ``representatives_assembly``, ``residents_meeting``, ``household_meeting``).
    #[new]
    fn new() -> Self {
        PyCollaboration::wrap(Collaboration::new())
    }

    /// A book holding ``records`` (a mapping of table name to a list of records, as
    /// :meth:`records` gives) and the tables given as keywords, checked against ``network``.
    /// Every problem is listed in a :class:`quanyu.ValidationError`.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import Collaboration, synth_collaboration
    /// >>> net = quanyu.synth.community(3)
    /// >>> book = synth_collaboration(net, 3)
    /// >>> Collaboration.load(net, book.records()) == book
    /// True
    #[staticmethod]
    #[pyo3(signature = (network, records=None, /, **tables))]
    fn load(
        py: Python<'_>,
        network: &PyNetwork,
        records: Option<&Bound<'_, PyAny>>,
        tables: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let batch = batch_of(records, tables)?;
        let net = network.snap();
        let book = py
            .detach(move || Collaboration::load(&net, batch))
            .py_err()?;
        Ok(PyCollaboration::wrap(book))
    }

    /// Takes a batch of records — ``records`` (a mapping of table name to a list) and the
    /// tables given as keywords (``links=[...]``, ``ballots=[...]``) — checked against
    /// ``network``, the book and the batch itself. All or nothing: a
    /// :class:`quanyu.ValidationError` lists every problem (the id, the field, what was
    /// expected) and the book is unchanged. A name that is no table raises
    /// :class:`quanyu.InvalidArgumentError`.
    ///
    /// >>> import datetime as dt, quanyu
    /// >>> from quanyu.collab import Collaboration, LinkRecord
    /// >>> net = quanyu.synth.community(3)
    /// >>> book = Collaboration()
    /// >>> try:
    /// ...     book.apply(net, links=[LinkRecord("L1", "JointBuilding", "nobody", "none", dt.date(2024, 1, 1))])
    /// ... except quanyu.ValidationError as e:
    /// ...     print(sorted({p.field for p in e.problems}))
    /// ['organisation', 'partner']
    /// >>> len(book.records()["links"])
    /// 0
    #[pyo3(signature = (network, records=None, /, **tables))]
    fn apply(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        records: Option<&Bound<'_, PyAny>>,
        tables: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let batch = batch_of(records, tables)?;
        let net = network.snap();
        py.detach(|| self.with(|b| b.apply(&net, batch))).py_err()
    }

    /// Every table as a dict of table name to a list of records, ballots and the counts of
    /// secret motions included: what :meth:`load` takes back to the same book.
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = self.with(|b| b.records());
        records_dict(py, &r)
    }

    /// The names of the tables, in order.
    #[staticmethod]
    fn table_names() -> Vec<&'static str> {
        TABLES.to_vec()
    }

    /// One stored table (see :meth:`table_names`) as an Arrow ``quanyu.Table`` with the
    /// columns of its declared record.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import Collaboration
    /// >>> Collaboration().table("procedures").num_rows
    /// 4
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<Table> {
        let r = self.with(|b| b.records());
        py.detach(|| {
            macro_rules! lay {
                ($n:literal, $field:ident, $t:ty) => {
                    if name == $n {
                        return records($n, r.$field.into_iter());
                    }
                };
            }
            for_each_table!(lay);
            Err(no_table(name))
        })
    }

    /// The book as JSON: every table, for storage. Secret motions hold counts, never choices.
    fn to_json(&self) -> PyResult<String> {
        self.with(|b| b.to_json()).py_err()
    }

    /// A book from :meth:`to_json`'s output, checked against ``network``.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import Collaboration, synth_collaboration
    /// >>> net = quanyu.synth.community(2)
    /// >>> book = synth_collaboration(net, 2)
    /// >>> Collaboration.from_json(net, book.to_json()) == book
    /// True
    #[staticmethod]
    fn from_json(py: Python<'_>, network: &PyNetwork, text: &str) -> PyResult<Self> {
        let net = network.snap();
        let text = text.to_owned();
        let book = py
            .detach(move || Collaboration::from_json(&net, &text))
            .py_err()?;
        Ok(PyCollaboration::wrap(book))
    }

    /// Adds a link (a ``LinkRecord``).
    fn add_link(&self, network: &PyNetwork, link: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<LinkRecord>(network, link, "link", |b, n, r| b.add_link(n, r))
    }

    /// Adds evidence for a link (an ``EvidenceRecord``).
    fn add_evidence(&self, network: &PyNetwork, evidence: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<EvidenceRecord>(network, evidence, "evidence", |b, n, r| {
            b.add_evidence(n, r)
        })
    }

    /// Adds a council seat (a ``SeatRecord``).
    fn add_seat(&self, network: &PyNetwork, seat: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<SeatRecord>(network, seat, "seat", |b, n, r| b.add_seat(n, r))
    }

    /// Adds a body serving a compound (a ``CarriageRecord``).
    fn add_carriage(&self, network: &PyNetwork, carriage: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<CarriageRecord>(network, carriage, "carriage", |b, n, r| {
            b.add_carriage(n, r)
        })
    }

    /// Adds a governance project (a ``ProjectRecord``).
    fn add_project(&self, network: &PyNetwork, project: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<ProjectRecord>(network, project, "project", |b, n, r| b.add_project(n, r))
    }

    /// Adds a pledge of an adopting organisation (a ``PledgeRecord``).
    fn add_pledge(&self, network: &PyNetwork, pledge: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<PledgeRecord>(network, pledge, "pledge", |b, n, r| b.add_pledge(n, r))
    }

    /// Adds a deliberation forum (a ``ForumRecord``).
    fn add_forum(&self, network: &PyNetwork, forum: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<ForumRecord>(network, forum, "forum", |b, n, r| b.add_forum(n, r))
    }

    /// Adds a meeting (a ``MeetingRecord``).
    fn add_meeting(&self, network: &PyNetwork, meeting: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<MeetingRecord>(network, meeting, "meeting", |b, n, r| b.add_meeting(n, r))
    }

    /// Records that a person attended a meeting (an ``AttendanceRecord``); the same
    /// attendance twice is one.
    fn attend(&self, network: &PyNetwork, attendance: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<AttendanceRecord>(network, attendance, "attendance", |b, n, r| b.attend(n, r))
    }

    /// Adds a procedure (a ``ProcedureRecord``) beside the presets.
    fn add_procedure(&self, network: &PyNetwork, procedure: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<ProcedureRecord>(network, procedure, "procedure", |b, n, r| {
            b.add_procedure(n, r)
        })
    }

    /// Adds a motion (a ``MotionRecord``).
    fn add_motion(&self, network: &PyNetwork, motion: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<MotionRecord>(network, motion, "motion", |b, n, r| b.add_motion(n, r))
    }

    /// Casts a ballot (a ``BallotRecord``): the voter must be in the motion's electorate on
    /// its decision day (an adult living under the forum's unit, a household, an owner or a
    /// representative, by its procedure) and must not have voted on it (nor anyone of their
    /// household when households vote). The same ballot twice is one; a different second
    /// ballot raises :class:`quanyu.ValidationError` naming the voter.
    fn cast(&self, network: &PyNetwork, ballot: &Bound<'_, PyAny>) -> PyResult<()> {
        self.add::<BallotRecord>(network, ballot, "ballot", |b, n, r| b.cast(n, r))
    }

    /// Merges ballots and attendance recorded offline (lists of ``BallotRecord`` and
    /// ``AttendanceRecord``), in any order. Returns a ``BallotMerge``: ``added``,
    /// ``repeated`` (already held), ``refused`` (second ballots, the first received kept) and
    /// ``rejected`` (records that cannot be taken, with their problem).
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import synth_collaboration
    /// >>> net = quanyu.synth.community(3)
    /// >>> book = synth_collaboration(net, 3)
    /// >>> motion = book.records()["motions"][0].id
    /// >>> held = book.ballots(motion)
    /// >>> book.merge(net, held, []).repeated == len(held)
    /// True
    #[pyo3(signature = (network, ballots, attendance=None))]
    fn merge<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        ballots: &Bound<'py, PyAny>,
        attendance: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ballots: Vec<BallotRecord> = arg(ballots, "ballots")?;
        let attendance: Vec<AttendanceRecord> =
            crate::convert::opt_arg(attendance, "attendance")?.unwrap_or_default();
        let net = network.snap();
        let report = py
            .detach(|| self.with(|b| b.merge(&net, ballots, attendance)))
            .py_err()?;
        value(py, &report)
    }

    /// The ballots cast on ``motion`` (``BallotRecord`` s), by time then voter; a secret
    /// motion's have ``choice`` ``None``.
    fn ballots<'py>(&self, py: Python<'py>, motion: &str) -> PyResult<Bound<'py, PyAny>> {
        let b = self.with(|b| b.ballots(motion)).py_err()?;
        value(py, &b)
    }

    /// The result of ``motion`` on the register as it stands (a ``Tally``): the electorate on
    /// the decision day, those taking part, quorum, threshold and notice, and the arithmetic
    /// in words.
    fn tally<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        motion: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let net = network.snap();
        let book = self.snapshot();
        let t = py.detach(|| book.tally(&net, motion)).py_err()?;
        value(py, &t)
    }

    /// The tallies of every motion (``Tally`` s), in the order the motions were added.
    fn tallies<'py>(&self, py: Python<'py>, network: &PyNetwork) -> PyResult<Bound<'py, PyAny>> {
        let net = network.snap();
        let book = self.snapshot();
        let t = py.detach(|| book.tallies(&net)).py_err()?;
        value(py, &t)
    }

    /// The six links on ``as_of`` (a ``SixLinksReport``): every alliance member with the kinds
    /// it holds and lacks, every link with its evidence, and the gaps (``unlinked`` members,
    /// ``unevidenced`` links, links whose evidence has ``evidence_ended``). Venues and
    /// bookings are checked against ``menu`` (a ``quanyu.venues.Menu``); without one they
    /// count as current.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import synth_collaboration
    /// >>> net = quanyu.synth.community(5)
    /// >>> r = synth_collaboration(net, 5).six_links(net, quanyu.synth.REFERENCE_DATE)
    /// >>> all(len(m.held) + len(m.missing) == 6 for m in r.members)
    /// True
    #[pyo3(signature = (network, as_of, menu=None))]
    fn six_links<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        as_of: &Bound<'py, PyAny>,
        menu: Option<&PyMenu>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let net = network.snap();
        let book = self.snapshot();
        let menu = menu.map(PyMenu::snapshot);
        let r = py
            .detach(|| book.six_links(&net, as_of, menu.as_ref()))
            .py_err()?;
        value(py, &r)
    }

    /// What the book names on ``menu`` (a ``quanyu.venues.Menu``) that the menu lacks: venues
    /// and bookings given as evidence, pledged venues (which the pledging organisation must
    /// offer), meetings' and forums' venues — as ``quanyu.Problem`` s; empty when every
    /// reference holds.
    ///
    /// >>> import quanyu
    /// >>> from quanyu import collab, venues
    /// >>> net = quanyu.synth.community(12)
    /// >>> collab.synth_collaboration(net, 12).check_menu(venues.synth_menu(net, 12))
    /// []
    fn check_menu<'py>(&self, py: Python<'py>, menu: &PyMenu) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let problems = self.snapshot().check_menu(&menu.snapshot());
        problems.iter().map(|p| problem_object(py, p)).collect()
    }

    /// The events attached to projects that ``book`` (a ``quanyu.events.EventBook``) does not
    /// hold, as ``quanyu.Problem`` s; empty when every one is there.
    ///
    /// >>> import quanyu
    /// >>> from quanyu import collab, events
    /// >>> net = quanyu.synth.community(12)
    /// >>> collab.synth_collaboration(net, 12).check_events(events.EventBook())
    /// []
    fn check_events<'py>(
        &self,
        py: Python<'py>,
        book: &PyEventBook,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let problems = self.snapshot().check_events(book.snapshot().log());
        problems.iter().map(|p| problem_object(py, p)).collect()
    }

    /// The links by kind on ``as_of`` (``LinkKindRollup`` s, one per kind): how many, running,
    /// and running with current evidence.
    #[pyo3(signature = (as_of, menu=None))]
    fn links_by_kind<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'py, PyAny>,
        menu: Option<&PyMenu>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let book = self.snapshot();
        let menu = menu.map(PyMenu::snapshot);
        let r = py.detach(|| book.links_by_kind(as_of, menu.as_ref()));
        value(py, &r)
    }

    /// The council of ``unit`` on ``as_of`` (a ``CouncilReport``): chair, vice-chairs,
    /// members, the rotation of chairs, and the problems (no chair or several, a term longer
    /// than ``max_term_years``, a chair following itself, a seat outside the alliance).
    #[pyo3(signature = (network, unit, as_of, max_term_years=3))]
    fn council<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        unit: &str,
        as_of: &Bound<'py, PyAny>,
        max_term_years: i64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let years = u32::try_from(max_term_years).map_err(|_| {
            invalid(
                "max_term_years",
                format!(
                    "must be a whole number from 0 to {}, got {max_term_years}",
                    u32::MAX
                ),
            )
        })?;
        let net = network.snap();
        let r = self
            .with(|b| b.council(&net, unit, as_of, years))
            .py_err()?;
        value(py, &r)
    }

    /// The three carriages of every compound on ``as_of`` (``CompoundCarriages`` s): the
    /// residents' committee, owners' committee and property management serving it, the
    /// coordinator and the secretary, and what is missing.
    fn carriages_on<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let net = network.snap();
        let book = self.snapshot();
        let r = py.detach(|| book.carriages_on(&net, as_of)).py_err()?;
        value(py, &r)
    }

    /// Every project on ``as_of`` (``ProjectRollup`` s): adopters, what they pledged,
    /// milestones reached and overdue, key tasks and events attached.
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import synth_collaboration
    /// >>> net = quanyu.synth.community(8)
    /// >>> len(synth_collaboration(net, 8).projects_rollup(quanyu.synth.REFERENCE_DATE))
    /// 10
    fn projects_rollup<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let r = self.with(|b| b.projects_rollup(as_of));
        value(py, &r)
    }

    /// Every adopting organisation (``AdopterRollup`` s): projects, pledges, venues, people
    /// and money pledged.
    fn adopters_rollup<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let r = self.with(|b| b.adopters_rollup());
        value(py, &r)
    }

    /// The follow-up actions of meetings as work (a ``FollowUps``): key tasks to add to the
    /// network, events to report to an event book, and each action's deadline — its working
    /// days after the meeting's day on ``calendar`` (the national one by default). A deadline
    /// outside the calendar's years raises an error naming the action.
    #[pyo3(signature = (network, calendar=None))]
    fn follow_ups<'py>(
        &self,
        py: Python<'py>,
        network: &PyNetwork,
        calendar: Option<&PyWorkCalendar>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = calendar
            .map(PyWorkCalendar::get)
            .unwrap_or_else(quanyu::events::WorkCalendar::china);
        let net = network.snap();
        let book = self.snapshot();
        let r = py.detach(|| book.follow_ups(&net, &cal)).py_err()?;
        value(py, &r)
    }

    /// Every motion and its vote event as Popolo data: a dict with ``motions`` and
    /// ``vote_events`` (with their counts, and each person's vote unless the motion is
    /// secret).
    ///
    /// >>> import quanyu
    /// >>> from quanyu.collab import synth_collaboration
    /// >>> net = quanyu.synth.community(10)
    /// >>> doc = synth_collaboration(net, 10).to_popolo(net)
    /// >>> sorted(doc)
    /// ['motions', 'vote_events']
    fn to_popolo<'py>(&self, py: Python<'py>, network: &PyNetwork) -> PyResult<Bound<'py, PyAny>> {
        let net = network.snap();
        let book = self.snapshot();
        let v = py.detach(|| book.to_popolo(&net)).py_err()?;
        json_value(py, &v)
    }

    /// The six-links check of every link on ``as_of`` as a ``quanyu.Table`` (``LinkCheck``
    /// rows).
    #[pyo3(signature = (network, as_of, menu=None))]
    fn links_table(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        as_of: &Bound<'_, PyAny>,
        menu: Option<&PyMenu>,
    ) -> PyResult<Table> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let net = network.snap();
        let book = self.snapshot();
        let menu = menu.map(PyMenu::snapshot);
        py.detach(|| {
            let r = book.six_links(&net, as_of, menu.as_ref()).py_err()?;
            records("links", r.links.into_iter())
        })
    }

    /// The alliance members' six links on ``as_of`` as a ``quanyu.Table`` (``MemberLinks``
    /// rows).
    #[pyo3(signature = (network, as_of, menu=None))]
    fn members_table(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        as_of: &Bound<'_, PyAny>,
        menu: Option<&PyMenu>,
    ) -> PyResult<Table> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let net = network.snap();
        let book = self.snapshot();
        let menu = menu.map(PyMenu::snapshot);
        py.detach(|| {
            let r = book.six_links(&net, as_of, menu.as_ref()).py_err()?;
            records("members", r.members.into_iter())
        })
    }

    /// :meth:`projects_rollup` as a ``quanyu.Table``.
    fn projects_table(&self, py: Python<'_>, as_of: &Bound<'_, PyAny>) -> PyResult<Table> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let book = self.snapshot();
        py.detach(|| records("projects", book.projects_rollup(as_of).into_iter()))
    }

    /// :meth:`adopters_rollup` as a ``quanyu.Table``.
    fn adopters_table(&self, py: Python<'_>) -> PyResult<Table> {
        let book = self.snapshot();
        py.detach(|| records("adopters", book.adopters_rollup().into_iter()))
    }

    /// :meth:`tallies` as a ``quanyu.Table``.
    fn tallies_table(&self, py: Python<'_>, network: &PyNetwork) -> PyResult<Table> {
        let net = network.snap();
        let book = self.snapshot();
        py.detach(|| {
            let t = book.tallies(&net).py_err()?;
            records("tallies", t.into_iter())
        })
    }

    /// :meth:`carriages_on` as a ``quanyu.Table``.
    fn carriages_table(
        &self,
        py: Python<'_>,
        network: &PyNetwork,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Table> {
        let as_of: NaiveDate = arg(as_of, "as_of")?;
        let net = network.snap();
        let book = self.snapshot();
        py.detach(|| {
            let c = book.carriages_on(&net, as_of).py_err()?;
            records("carriages", c.into_iter())
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyCollaboration>() {
            Ok(o) => std::ptr::eq(self, o.get()) || self.snapshot() == o.get().snapshot(),
            Err(_) => false,
        }
    }

    fn __copy__(&self) -> Self {
        PyCollaboration::wrap(self.snapshot())
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        self.__copy__()
    }

    fn __repr__(&self) -> String {
        self.with(|b| {
            format!(
                "<Collaboration: {} links, {} projects, {} meetings, {} motions>",
                b.links().len(),
                b.projects().len(),
                b.meetings().len(),
                b.motions().len()
            )
        })
    }
}

/// A synthetic book for ``network`` (a synthetic city): per subdistrict the council and its
/// rotation, the six links with evidence, ten governance projects with pledges and
/// milestones, joint meetings with attendance and follow-up work, forums, topics and motions
/// with ballots — and a few deliberate gaps. The same network and seed give the same book.
///
/// >>> import quanyu
/// >>> from quanyu.collab import synth_collaboration
/// >>> net = quanyu.synth.community(1)
/// >>> book = synth_collaboration(net, 1)
/// >>> book == synth_collaboration(net, 1), len(book.records()["projects"])
/// (True, 10)
#[pyfunction]
pub(crate) fn synth_collaboration(
    py: Python<'_>,
    network: &PyNetwork,
    seed: &Bound<'_, PyAny>,
) -> PyResult<PyCollaboration> {
    let seed: u64 = arg(seed, "seed")?;
    let net = network.snap();
    let book = py
        .detach(move || quanyu::collab::synth::collaboration(&net, seed))
        .py_err()?;
    Ok(PyCollaboration::wrap(book))
}
