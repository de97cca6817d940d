//! Open311 GeoReport v2: the book's categories as *services* and its events as *service
//! requests*, in the JSON of the standard, out and in — so that a city's 12345 hotline
//! platform or any Open311 client can read the grid's events, and requests taken elsewhere
//! can be reported into the book.
//!
//! [`Open311Request`] tells what each field carries.
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::events::{EventBook, EventRecord, Open311Options, Workflow};
//! use quanyu::privacy::Reveal;
//! use quanyu::{Change, Changeset, Network, UnitRecord};
//!
//! let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 0, 0).unwrap();
//! let mut net = Network::new();
//! net.apply(Changeset::from_iter([
//!     Change::AddUnit(UnitRecord::new("S", "Subdistrict").name("滨江街道")),
//!     Change::AddUnit(UnitRecord::new("A", "Area").parent("S").name("一片")),
//!     Change::AddUnit(UnitRecord::new("G", "Grid").parent("A").name("一网格")),
//! ]))?;
//! let mut book = EventBook::new(Workflow::five_step());
//! book.report(&net, EventRecord::new("E1", "environment", "G", at).description("垃圾满溢"))?;
//!
//! let json = book.to_open311(&net, at, &Open311Options::default())?;
//! assert!(json.contains(r#""requested_datetime":"2025-03-03T09:00:00+08:00""#));
//! assert!(json.contains(r#""address":"滨江街道 一片 一网格","address_id":"G""#));
//! assert!(!json.contains("垃圾满溢")); // personal: masked unless asked for
//! assert!(json.contains(r#""description":"***""#));
//!
//! // Shown in full for a purpose, and recorded in the network's access log.
//! let reveal = Reveal::new("hotline-3", "statutory_report").fields(["description"]);
//! let json = book.to_open311(&net, at, &Open311Options::default().reveal(reveal))?;
//! assert!(json.contains("垃圾满溢"));
//! assert_eq!(net.access_log().records()[0].records, ["E1"]);
//!
//! let mut other = EventBook::new(Workflow::five_step());
//! let added = other.import_open311(&net, &json, &Open311Options::default())?;
//! assert_eq!(added, ["E1"]);
//! assert_eq!(other.log().event("E1").unwrap().unit, "G");
//! # Ok::<(), quanyu::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Channel, EventBook, EventRecord, EventStatus};
use crate::privacy::{Reveal, check_reveal, log_reveal};
use crate::schema::Record;
use crate::{Error, Network, Origin, Problem, Result};

/// The name of the input in the problems of an import: `service requests row 3: ...`.
const SOURCE: &str = "service requests";

/// How requests are written and read: the UTC offset of their datetimes, which personal
/// fields go out in full and for what, and the channel of imported events.
///
/// ```
/// use chrono::FixedOffset;
/// use quanyu::events::{Channel, Open311Options};
/// use quanyu::privacy::Reveal;
///
/// let options = Open311Options::default();
/// assert_eq!(options.offset, FixedOffset::east_opt(8 * 3600).unwrap());
/// assert!(options.reveal.is_none());
/// assert_eq!(options.channel, Channel::Hotline);
///
/// let reveal = Reveal::new("hotline-3", "statutory_report").fields(["description"]);
/// let utc = Open311Options::default().offset(FixedOffset::east_opt(0).unwrap()).reveal(reveal);
/// assert!(utc.reveal.unwrap().shows("description"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open311Options {
    /// The offset from UTC of the book's local times: every datetime is written with it, and
    /// read into it (`+08:00`, China, by default).
    pub offset: FixedOffset,
    /// The personal fields of events written in full, who asks and why: checked against
    /// [`EventRecord`]'s declaration and the network's [access
    /// log](crate::Network::access_log) before anything is written, and recorded there after.
    /// Without one (the default), personal fields are masked by their declared rules.
    pub reveal: Option<Reveal>,
    /// The channel of imported events ([`Channel::Hotline`] by default; [`Channel::Referral`]
    /// for requests referred by another body).
    pub channel: Channel,
}

impl Default for Open311Options {
    fn default() -> Self {
        Open311Options {
            offset: china_offset(),
            reveal: None,
            channel: Channel::Hotline,
        }
    }
}

/// `+08:00`.
fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("eight hours is an offset")
}

impl Open311Options {
    /// The same options with datetimes at `offset`.
    pub fn offset(mut self, offset: FixedOffset) -> Self {
        self.offset = offset;
        self
    }

    /// The same options, writing in full the personal fields that `reveal` names (only the
    /// description: Open311 requests carry no reporter).
    pub fn reveal(mut self, reveal: Reveal) -> Self {
        self.reveal = Some(reveal);
        self
    }

    /// The same options, importing events from `channel`.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.channel = channel;
        self
    }
}

/// A service of Open311 GeoReport v2: one category of the book.
///
/// ```
/// use quanyu::events::{EventBook, Workflow};
/// let book = EventBook::new(Workflow::five_step());
/// let services = book.open311_services();
/// let hazard = services.iter().find(|s| s.service_code == "safety_hazard").unwrap();
/// assert_eq!((hazard.service_name.as_str(), hazard.r#type.as_str()), ("安全隐患", "realtime"));
/// assert!(!hazard.metadata);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Open311Service {
    /// The category's code.
    pub service_code: String,
    /// The category's name.
    pub service_name: String,
    /// What the service is for, in words.
    pub description: String,
    /// Whether the service has extra attributes to fill in: never here.
    pub metadata: bool,
    /// How requests are handled: `"realtime"`, each request its own event.
    #[serde(rename = "type")]
    pub r#type: String,
    /// Words to search the service by: the code and the name.
    pub keywords: String,
    /// The group of services it belongs to: the governance actions, or the grid's own.
    pub group: String,
}

/// A service request of Open311 GeoReport v2: one event as it stands at a moment.
///
/// | Open311 field | from the book |
/// | --- | --- |
/// | `service_request_id` | the event's id |
/// | `status` | `"open"` or `"closed"`, from a replay at the moment asked for |
/// | `status_notes` | the name of the event's state (`"dispatched"`) |
/// | `service_code`, `service_name` | the category's code and name |
/// | `description` | the description — personal data, masked (`***`) unless revealed |
/// | `agency_responsible` | the unit that owns the event now (its grid, or above after escalation) |
/// | `service_notice` | how the next deadline was reached, in words |
/// | `requested_datetime` | when it was reported |
/// | `updated_datetime` | its last transition by then (the report when it has none) |
/// | `expected_datetime` | the handling deadline, when the calendar can tell it |
/// | `address`, `address_id` | the names of the unit and the units above it; the unit's id |
/// | `zipcode`, `lat`, `long` | `null`: units carry neither postcodes nor coordinates |
/// | `media_url` | the first attachment |
///
/// The book's times are local times; they are written in ISO 8601 with the fixed offset of
/// that local time, `+08:00` (China) unless [`Open311Options::offset`] says otherwise, and a
/// request read is taken to that local time whatever offset it was written with. The reporter
/// is never exported.
///
/// ```
/// # use chrono::NaiveDate;
/// # use quanyu::events::{EventBook, EventRecord, Open311Options, Workflow};
/// # use quanyu::{Change, Changeset, Network, UnitRecord};
/// # let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// # let mut net = Network::new();
/// # net.apply(Changeset::from_iter([Change::AddUnit(UnitRecord::new("G", "Grid"))]))?;
/// let mut book = EventBook::new(Workflow::five_step());
/// book.report(&net, EventRecord::new("E1", "dispute", "G", at))?;
/// let requests = book.open311_requests(&net, at, &Open311Options::default())?;
/// assert_eq!(requests[0].status, "open");
/// assert_eq!(requests[0].address_id.as_deref(), Some("G"));
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Open311Request {
    /// The event's id.
    pub service_request_id: String,
    /// `"open"` or `"closed"`.
    pub status: String,
    /// The name of the event's state.
    pub status_notes: Option<String>,
    /// The category's name.
    pub service_name: Option<String>,
    /// The category's code.
    pub service_code: String,
    /// What was reported: personal data, masked by its declared rule (`***`) unless an
    /// [`Open311Options::reveal`] names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The unit that owns the event now, by name.
    pub agency_responsible: Option<String>,
    /// How the next deadline was reached, in words.
    pub service_notice: Option<String>,
    /// When it was reported (ISO 8601 with offset).
    pub requested_datetime: String,
    /// When it last changed.
    pub updated_datetime: Option<String>,
    /// The handling deadline, when known.
    pub expected_datetime: Option<String>,
    /// The names of the unit and the units above it, from the top.
    pub address: Option<String>,
    /// The unit's id.
    pub address_id: Option<String>,
    /// Always `None`: units carry no postcode.
    pub zipcode: Option<String>,
    /// Always `None`: units carry no coordinates.
    pub lat: Option<f64>,
    /// Always `None`: units carry no coordinates.
    pub long: Option<f64>,
    /// The first attachment.
    pub media_url: Option<String>,
}

/// The six governance actions of the subdistrict, which the default categories begin with.
const GOVERNANCE_ACTIONS: [&str; 6] = [
    "grid",
    "property",
    "street_block",
    "park",
    "office_building",
    "online",
];

/// `at` in ISO 8601 at `offset` (seconds, and a fraction only when there is one).
fn iso(at: NaiveDateTime, offset: FixedOffset) -> Result<String> {
    at.and_local_timezone(offset)
        .single()
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        .ok_or_else(|| {
            Error::invalid_argument(
                "offset",
                format!("{at} cannot be written at the offset {offset}"),
            )
        })
}

/// JSON text of `value`. Serialising these plain structs cannot fail; were it to, it is an
/// error, not a panic.
fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Parse {
        source_name: SOURCE.to_owned(),
        line: None,
        message: e.to_string(),
    })
}

impl EventBook {
    /// The book's categories as Open311 services, in the book's order.
    ///
    /// ```
    /// use quanyu::events::{CategoryRecord, EventBook, Workflow};
    /// let book = EventBook::new(Workflow::five_step())
    ///     .with_categories(vec![CategoryRecord::new("noise", "噪声扰民")]);
    /// let services = book.open311_services();
    /// assert_eq!(services[0].service_code, "noise");
    /// assert_eq!(services[0].group, "网格事件");
    /// ```
    pub fn open311_services(&self) -> Vec<Open311Service> {
        self.categories
            .iter()
            .map(|c| {
                let governance = GOVERNANCE_ACTIONS.contains(&c.code.as_str());
                Open311Service {
                    service_code: c.code.clone(),
                    service_name: c.name.clone(),
                    description: if governance {
                        format!(
                            "{}: one of the six governance actions of the subdistrict",
                            c.name
                        )
                    } else {
                        format!("{}: grid events of this category", c.name)
                    },
                    metadata: false,
                    r#type: "realtime".to_owned(),
                    keywords: format!("{}, {}", c.code, c.name),
                    group: if governance {
                        "治理行动"
                    } else {
                        "网格事件"
                    }
                    .to_owned(),
                }
            })
            .collect()
    }

    /// [`open311_services`](Self::open311_services) as the JSON array of
    /// `GET services.json`.
    ///
    /// ```
    /// use quanyu::events::{EventBook, Workflow};
    /// let json = EventBook::new(Workflow::five_step()).services_open311()?;
    /// assert!(json.starts_with(r#"[{"service_code":"grid","service_name":"网格治理""#));
    /// assert!(json.contains(r#""type":"realtime""#));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn services_open311(&self) -> Result<String> {
        json(&self.open311_services())
    }

    /// Every event reported by `at` as an Open311 service request as it stands then, by id
    /// (see [`Open311Request`] for what each field carries). The description goes out masked
    /// (`***`) unless [`Open311Options::reveal`] names it; a reveal is checked against
    /// [`EventRecord`]'s declaration and `network`'s [access log](Network::access_log) first
    /// (a refused one writes nothing) and recorded there, with the ids of the events, after.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use quanyu::events::{EventBook, EventRecord, Open311Options, TransitionRecord, Workflow};
    /// # use quanyu::{Change, Changeset, Network, PersonRecord, PostRecord, Role, UnitRecord};
    /// # let day = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    /// # let at = |h| day.and_hms_opt(h, 0, 0).unwrap();
    /// # let mut net = Network::new();
    /// # net.apply(Changeset::from_iter([
    /// #     Change::AddUnit(UnitRecord::new("G", "Grid").name("一网格")),
    /// #     Change::AddPerson(PersonRecord::new("worker")),
    /// #     Change::AddPost(PostRecord::at_unit("worker", Role::GridWorker, "G", day)),
    /// # ]))?;
    /// let mut book = EventBook::new(Workflow::five_step());
    /// book.report(&net, EventRecord::new("E1", "dispute", "G", at(9)).description("邻里噪声"))?;
    /// book.transition(&net, TransitionRecord::new("E1", "discover", "worker", at(10)))?;
    ///
    /// let masked = &book.open311_requests(&net, at(11), &Open311Options::default())?[0];
    /// assert_eq!(masked.description.as_deref(), Some("***"));
    ///
    /// let reveal = quanyu::privacy::Reveal::new("worker", "grid_service").fields(["description"]);
    /// let shown = Open311Options::default().reveal(reveal);
    /// let e1 = &book.open311_requests(&net, at(11), &shown)?[0];
    /// assert_eq!(e1.status_notes.as_deref(), Some("discovered"));
    /// assert_eq!(e1.updated_datetime.as_deref(), Some("2025-03-03T10:00:00+08:00"));
    /// assert_eq!(e1.agency_responsible.as_deref(), Some("一网格"));
    /// assert_eq!(e1.description.as_deref(), Some("邻里噪声"));
    /// assert_eq!(net.access_log().len(), 1);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn open311_requests(
        &self,
        network: &Network,
        at: NaiveDateTime,
        options: &Open311Options,
    ) -> Result<Vec<Open311Request>> {
        let reveal = options.reveal.as_ref();
        // A refused request writes nothing: checked before the replay.
        check_reveal::<EventRecord>(network.access_log(), reveal)?;
        if let Some(field) = reveal.and_then(|r| r.fields.iter().find(|f| *f != "description")) {
            return Err(Error::invalid_argument(
                "fields",
                format!(
                    "`{field}` is not written to Open311 (its requests carry only the \
                     description of the personal fields of events)"
                ),
            ));
        }
        let replay = self.replay(network, at)?;
        let requests: Vec<Open311Request> = replay
            .statuses
            .iter()
            .filter_map(|s| self.log.event(&s.id).map(|e| (e, s)))
            .map(|(e, s)| self.open311_request(network, &e, s, at, options))
            .collect::<Result<_>>()?;
        let ids = requests
            .iter()
            .map(|r| r.service_request_id.clone())
            .collect();
        log_reveal::<EventRecord>(network.access_log(), reveal, ids);
        Ok(requests)
    }

    fn open311_request(
        &self,
        network: &Network,
        event: &EventRecord,
        status: &EventStatus,
        at: NaiveDateTime,
        options: &Open311Options,
    ) -> Result<Open311Request> {
        let offset = options.offset;
        let unit_name = |id: &str| {
            network
                .unit(id)
                .map(|u| {
                    if u.name.is_empty() {
                        u.id.to_string()
                    } else {
                        u.name.to_string()
                    }
                })
                .ok()
        };
        let address = network.unit(&event.unit).ok().map(|_| {
            let mut names: Vec<String> = network
                .ancestors(&event.unit)
                .unwrap_or_default()
                .iter()
                .rev()
                .map(|u| {
                    if u.name.is_empty() {
                        u.id.to_string()
                    } else {
                        u.name.to_string()
                    }
                })
                .collect();
            names.extend(unit_name(&event.unit));
            names.join(" ")
        });
        let updated = self
            .log
            .transitions_of(&event.id)
            .iter()
            .map(|t| t.at)
            .filter(|&t| t <= at)
            .max()
            .map_or(event.reported_at, |t| t.max(event.reported_at));
        Ok(Open311Request {
            service_request_id: event.id.clone(),
            status: if status.is_open() { "open" } else { "closed" }.to_owned(),
            status_notes: Some(status.state_name.clone()).filter(|s| !s.is_empty()),
            service_name: self
                .categories
                .iter()
                .find(|c| c.code == event.category)
                .map(|c| c.name.clone()),
            service_code: event.category.clone(),
            description: Some(description(event, options.reveal.as_ref())),
            agency_responsible: unit_name(&status.at_unit),
            service_notice: Some(status.why.clone()).filter(|s| !s.is_empty()),
            requested_datetime: iso(event.reported_at, offset)?,
            updated_datetime: Some(iso(updated, offset)?),
            expected_datetime: status.handle_due.map(|d| iso(d, offset)).transpose()?,
            address,
            address_id: Some(event.unit.clone()),
            zipcode: None,
            lat: None,
            long: None,
            media_url: event.attachments.first().cloned(),
        })
    }

    /// [`open311_requests`](Self::open311_requests) as the JSON array of
    /// `GET requests.json`.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use quanyu::events::{EventBook, EventRecord, Open311Options, Workflow};
    /// # use quanyu::{Change, Changeset, Network, UnitRecord};
    /// # let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// # let mut net = Network::new();
    /// # net.apply(Changeset::from_iter([Change::AddUnit(UnitRecord::new("G", "Grid"))]))?;
    /// let mut book = EventBook::new(Workflow::five_step());
    /// book.report(&net, EventRecord::new("E1", "dispute", "G", at).description("噪声"))?;
    /// // A book whose times are kept in UTC says so.
    /// let utc = Open311Options::default().offset(chrono::FixedOffset::east_opt(0).unwrap());
    /// let json = book.to_open311(&net, at, &utc)?;
    /// assert!(json.contains(r#""requested_datetime":"2025-03-03T09:00:00+00:00""#));
    /// assert!(json.contains(r#""description":"***""#));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_open311(
        &self,
        network: &Network,
        at: NaiveDateTime,
        options: &Open311Options,
    ) -> Result<String> {
        json(&self.open311_requests(network, at, options)?)
    }

    /// Reads a JSON array of Open311 service requests as events, checked as
    /// [`report`](Self::report) checks them, without changing the book.
    ///
    /// Each request needs a `service_request_id` (the event's id), a `service_code` (a
    /// category of the book), an `address_id` (a unit of `network`) and a
    /// `requested_datetime` (ISO 8601 with an offset, taken to the local time of
    /// [`Open311Options::offset`]); `description` and `media_url` are read when present, and
    /// every other field is ignored (the status too: an imported event starts where the
    /// workflow starts). Events come from [`Open311Options::channel`], of low severity.
    ///
    /// Every problem is listed: [`Error::Validation`] with one [`Problem`] per bad field,
    /// naming the request's id, the Open311 field and the row (`service requests row 3` is
    /// the third request of the array, counted from 1 as every importer's rows are). Text
    /// that is not a JSON array is an [`Error::Parse`].
    ///
    /// ```
    /// # use quanyu::events::{EventBook, Open311Options, Workflow};
    /// # use quanyu::{Change, Changeset, Network, UnitRecord};
    /// # let mut net = Network::new();
    /// # net.apply(Changeset::from_iter([Change::AddUnit(UnitRecord::new("G", "Grid"))]))?;
    /// let book = EventBook::new(Workflow::five_step());
    /// let text = r#"[{"service_request_id": "R1", "service_code": "noise",
    ///                 "address_id": "G", "requested_datetime": "2025-03-03T09:00:00+08:00"}]"#;
    /// let err = book.read_open311(&net, text, &Open311Options::default()).unwrap_err();
    /// let p = &err.problems()[0];
    /// assert_eq!((p.id.as_str(), p.field.as_str()), ("R1", "service_code"));
    /// assert_eq!(p.origin.as_ref().unwrap().row, 1);
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn read_open311(
        &self,
        network: &Network,
        text: &str,
        options: &Open311Options,
    ) -> Result<Vec<EventRecord>> {
        let value: Value = serde_json::from_str(text).map_err(|e| Error::Parse {
            source_name: SOURCE.to_owned(),
            line: Some(e.line() as u64),
            message: e.to_string(),
        })?;
        let Value::Array(rows) = value else {
            return Err(Error::Parse {
                source_name: SOURCE.to_owned(),
                line: None,
                message: format!(
                    "expected a JSON array of service requests, found {}",
                    kind_of(&value)
                ),
            });
        };
        let mut problems = Vec::new();
        let mut events = Vec::with_capacity(rows.len());
        // The row where each id was first read, to name a second, different request under it.
        let mut seen: BTreeMap<String, (u64, usize)> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            let origin = Origin {
                source: SOURCE.to_owned(),
                row: i as u64 + 1,
            };
            let Some(event) = self.read_request(network, row, options, &origin, &mut problems)
            else {
                continue;
            };
            let id = event.id.clone();
            let problem = |message: String| {
                Problem::new(id.clone(), "service_request_id", message).at(origin.clone())
            };
            if let Some(&(first, at)) = seen.get(&event.id) {
                if events.get(at) != Some(&event) {
                    problems.push(problem(format!(
                        "row {first} is another request with this id"
                    )));
                }
                continue;
            }
            if self.log.event(&event.id).is_some_and(|e| e != event) {
                problems.push(problem(
                    "another event of the book already has this id".to_owned(),
                ));
                continue;
            }
            seen.insert(event.id.clone(), (origin.row, events.len()));
            events.push(event);
        }
        if !problems.is_empty() {
            return Err(Error::Validation(problems));
        }
        Ok(events)
    }

    /// One request as an event, or `None` with its problems added to `problems`.
    fn read_request(
        &self,
        network: &Network,
        row: &Value,
        options: &Open311Options,
        origin: &Origin,
        problems: &mut Vec<Problem>,
    ) -> Option<EventRecord> {
        let Value::Object(fields) = row else {
            problems.push(
                Problem::new(
                    "",
                    "service_request",
                    format!("expected a JSON object, found {}", kind_of(row)),
                )
                .at(origin.clone()),
            );
            return None;
        };
        let before = problems.len();
        let mut reader = Fields {
            fields,
            id: String::new(),
            origin,
            problems,
        };
        let id = reader.required_text("service_request_id");
        reader.id = id.clone().unwrap_or_default();
        let code = reader.required_text("service_code");
        let unit = reader.required_text("address_id");
        let requested = reader.required_text("requested_datetime");
        let description = reader.optional_text("description");
        let media = reader.optional_text("media_url");
        let reported_at = requested.and_then(|t| match DateTime::parse_from_rfc3339(&t) {
            Ok(t) => Some(t.with_timezone(&options.offset).naive_local()),
            Err(e) => {
                reader.problem(
                    "requested_datetime",
                    format!("`{t}` is not an ISO 8601 datetime with an offset ({e})"),
                );
                None
            }
        });
        // The checks of a report, on what could be read: each field checked only when given.
        let mut event = EventRecord::new(
            id.clone().unwrap_or_default(),
            code.clone().unwrap_or_default(),
            unit.clone().unwrap_or_default(),
            reported_at.unwrap_or_default(),
        )
        .channel(options.channel);
        event.description = description.unwrap_or_default();
        event.attachments = media.into_iter().filter(|m| !m.is_empty()).collect();
        for p in self.check_report(network, &event) {
            let (given, field) = match p.field.as_str() {
                "id" => (id.is_some(), "service_request_id"),
                "unit" => (unit.is_some(), "address_id"),
                "category" => (code.is_some(), "service_code"),
                "reported_at" => (reported_at.is_some(), "requested_datetime"),
                _ => (true, "service_request"),
            };
            if given {
                reader.problem(field, p.message);
            }
        }
        (reader.problems.len() == before).then_some(event)
    }

    /// Reports every request of a JSON array of Open311 service requests as an event (see
    /// [`read_open311`](Self::read_open311) for the fields read and the problems found):
    /// all or nothing — one bad request and nothing is added. A request already in the book
    /// as the same event is skipped. Returns the ids of the events added, in the array's
    /// order.
    ///
    /// ```
    /// # use quanyu::events::{Channel, EventBook, Open311Options, Workflow};
    /// # use quanyu::{Change, Changeset, Network, UnitRecord};
    /// # let mut net = Network::new();
    /// # net.apply(Changeset::from_iter([Change::AddUnit(UnitRecord::new("G", "Grid"))]))?;
    /// let mut book = EventBook::new(Workflow::five_step());
    /// let text = r#"[{"service_request_id": "R1", "service_code": "environment",
    ///                 "description": "垃圾满溢", "address_id": "G",
    ///                 "requested_datetime": "2025-03-03T01:30:00Z",
    ///                 "media_url": "https://example.org/r1.jpg"}]"#;
    /// let referred = Open311Options::default().channel(Channel::Referral);
    /// assert_eq!(book.import_open311(&net, text, &referred)?, ["R1"]);
    /// let r1 = book.log().event("R1").unwrap();
    /// assert_eq!(r1.reported_at.to_string(), "2025-03-03 09:30:00");
    /// assert_eq!((r1.channel, r1.attachments.len()), (Channel::Referral, 1));
    /// // The same requests again add nothing.
    /// assert!(book.import_open311(&net, text, &referred)?.is_empty());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn import_open311(
        &mut self,
        network: &Network,
        text: &str,
        options: &Open311Options,
    ) -> Result<Vec<String>> {
        let events: Vec<EventRecord> = self
            .read_open311(network, text, options)?
            .into_iter()
            .filter(|e| self.log.event(&e.id).is_none())
            .collect();
        if events.is_empty() {
            return Ok(Vec::new());
        }
        // Stored first, in one batch: the log in memory never holds what the store did not take.
        if let Some(store) = &self.store {
            store.with(|s| s.append_events(&events))?;
        }
        let mut log = self.log.clone();
        for e in &events {
            log.add_event(e.clone())?;
        }
        self.log = log;
        Ok(events.into_iter().map(|e| e.id).collect())
    }
}

/// The event's description for a request: in full when `reveal` shows it, else masked by the
/// field's declared rule.
fn description(event: &EventRecord, reveal: Option<&Reveal>) -> String {
    if reveal.is_some_and(|r| r.shows("description")) {
        return event.description.clone();
    }
    match EventRecord::SCHEMA.field("description") {
        Some(field) => field.masked(&event.description),
        // The field is declared; were it ever renamed, nothing of it goes out.
        None => String::new(),
    }
}

/// What a JSON value is, in messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The fields of one request, read with every problem remembered at its row.
struct Fields<'a> {
    fields: &'a Map<String, Value>,
    /// The request's id, as far as it could be read.
    id: String,
    origin: &'a Origin,
    problems: &'a mut Vec<Problem>,
}

impl Fields<'_> {
    fn problem(&mut self, field: &str, message: String) {
        self.problems
            .push(Problem::new(self.id.clone(), field, message).at(self.origin.clone()));
    }

    /// A text field: a string, or a whole number written as one (ids often are); `None` for
    /// an absent or null field.
    fn optional_text(&mut self, field: &str) -> Option<String> {
        match self.fields.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Some(n.to_string()),
            Some(other) => {
                let message = format!("expected a string, found {}", kind_of(other));
                self.problem(field, message);
                None
            }
        }
    }

    /// A text field that must be given.
    fn required_text(&mut self, field: &str) -> Option<String> {
        let present = matches!(self.fields.get(field), Some(v) if !v.is_null());
        if !present {
            self.problem(field, "a service request needs this field".to_owned());
            return None;
        }
        self.optional_text(field)
    }
}
