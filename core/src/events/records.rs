//! The records of the grid-event log: events, the transitions that move them, and the
//! categories they fall in. Each is declared once; serde, the CSV columns and the bindings'
//! classes come from the declaration.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::schema::{Enum, Record};

/// Where an event came from.
///
/// ```
/// use quanyu::events::Channel;
/// assert_eq!("随手拍".parse::<Channel>(), Ok(Channel::AppPhoto));
/// assert_eq!("12345".parse::<Channel>(), Ok(Channel::Hotline));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "event channel")]
pub enum Channel {
    /// 巡查 — found by a grid worker on patrol.
    #[named(zh = "巡查", alias = "网格巡查")]
    Patrol,
    /// 居民上报 — reported by a resident in person.
    #[named(zh = "居民上报", alias = "群众反映")]
    ResidentReport,
    /// 热线 — a citizen hotline such as 12345.
    #[named(zh = "热线", alias = "12345")]
    Hotline,
    /// 随手拍 — a photo sent from an app.
    #[named(zh = "随手拍")]
    AppPhoto,
    /// 感知设备 — raised by a sensor.
    #[named(zh = "感知设备", alias = "物联感知")]
    Sensor,
    /// 转办 — referred by another body.
    #[named(zh = "转办", alias = "交办")]
    Referral,
}

/// How serious an event is; the SLA may differ per severity.
///
/// ```
/// use quanyu::events::Severity;
/// assert!(Severity::Urgent > Severity::Low);
/// assert_eq!("紧急".parse::<Severity>(), Ok(Severity::Urgent));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "severity")]
pub enum Severity {
    /// 一般 — routine.
    #[named(zh = "一般")]
    Low,
    /// 较重 — needs attention soon.
    #[named(zh = "较重")]
    Medium,
    /// 严重 — serious.
    #[named(zh = "严重")]
    High,
    /// 紧急 — urgent: a danger to people or property.
    #[named(zh = "紧急")]
    Urgent,
}

/// A category of events, as data: the default set holds the six governance actions of the
/// subdistrict and the usual grid categories, and a user may add more.
///
/// ```
/// use quanyu::events::CategoryRecord;
/// let all = CategoryRecord::defaults();
/// assert!(all.iter().any(|c| c.code == "safety_hazard" && c.name == "安全隐患"));
/// assert_eq!(all.len(), 11);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "event_categories", label = "code")]
pub struct CategoryRecord {
    /// The category's code (`"safety_hazard"`).
    pub code: String,
    /// Its name as users see it (`"安全隐患"`).
    pub name: String,
}

impl CategoryRecord {
    /// A category `code` called `name`.
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Self {
        CategoryRecord {
            code: code.into(),
            name: name.into(),
        }
    }

    /// The default categories: the six governance actions (grid, property, street block,
    /// park, office building, online) and the usual grid categories.
    pub fn defaults() -> Vec<CategoryRecord> {
        [
            ("grid", "网格治理"),
            ("property", "物业治理"),
            ("street_block", "街区治理"),
            ("park", "园区治理"),
            ("office_building", "楼宇治理"),
            ("online", "网络治理"),
            ("dispute", "矛盾纠纷"),
            ("safety_hazard", "安全隐患"),
            ("environment", "环境卫生"),
            ("livelihood", "民生服务"),
            ("policy", "政策咨询"),
        ]
        .into_iter()
        .map(|(c, n)| CategoryRecord::new(c, n))
        .collect()
    }
}

/// An event: something reported at a unit that the grid must handle (民有所呼).
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::events::{Channel, EventRecord, Severity};
///
/// let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(9, 30, 0).unwrap();
/// let e = EventRecord::new("E1", "safety_hazard", "B-01", at)
///     .channel(Channel::Patrol)
///     .severity(Severity::High)
///     .description("楼道堆物");
/// assert_eq!(e.unit, "B-01");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "events")]
pub struct EventRecord {
    /// The event's id (unique in the log).
    pub id: String,
    /// The code of its category.
    pub category: String,
    /// Where it came from.
    pub channel: Channel,
    /// The unit where it happened, at any level (a household too).
    pub unit: String,
    /// Who reported it: a person's id, or a name as given (masked as a name: its first
    /// character shown).
    #[serde(default)]
    #[field(
        personal,
        mask = "chinese_name",
        purpose = "answering the reporter about the event",
        retention_years = 3
    )]
    pub reporter: Option<String>,
    /// What was reported.
    #[serde(default)]
    #[field(
        personal,
        purpose = "handling the event (residents' words may name people)",
        retention_years = 3
    )]
    pub description: String,
    /// How serious it is.
    pub severity: Severity,
    /// When it was reported.
    pub reported_at: NaiveDateTime,
    /// References to attached photos or files.
    #[serde(default)]
    pub attachments: Vec<String>,
}

impl EventRecord {
    /// An event `id` of `category` at `unit`, reported at `reported_at`, by patrol, of low
    /// severity.
    pub fn new(
        id: impl Into<String>,
        category: impl Into<String>,
        unit: impl Into<String>,
        reported_at: NaiveDateTime,
    ) -> Self {
        EventRecord {
            id: id.into(),
            category: category.into(),
            channel: Channel::Patrol,
            unit: unit.into(),
            reporter: None,
            description: String::new(),
            severity: Severity::Low,
            reported_at,
            attachments: Vec::new(),
        }
    }

    /// From `channel`.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.channel = channel;
        self
    }

    /// Of `severity`.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Described as `text`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Reported by `reporter` (a person's id or a name).
    pub fn reporter(mut self, reporter: impl Into<String>) -> Self {
        self.reporter = Some(reporter.into());
        self
    }
}

/// One step of an event's workflow, as recorded on a device: the log of transitions is the
/// truth from which every state, deadline and card is replayed.
///
/// `(device, seq)` names a transition: recording it twice is recording it once.
///
/// ```
/// use chrono::NaiveDate;
/// use quanyu::events::TransitionRecord;
///
/// let at = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// let t = TransitionRecord::new("E1", "accept", "P-7", at).on("phone-7", 12);
/// assert_eq!((t.device.as_str(), t.seq), ("phone-7", 12));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Record)]
#[record(table = "transitions", label = "event")]
pub struct TransitionRecord {
    /// The event moved.
    pub event: String,
    /// The action taken: its name in the workflow (`"accept"`) or its code (`"61"`).
    pub action: String,
    /// The person who acted.
    pub actor: String,
    /// When.
    pub at: NaiveDateTime,
    /// Whom the action names: the handler assigned, the organisations summoned by a whistle
    /// (several, separated by `;`), the organisation reporting in.
    #[serde(default)]
    pub target: Option<String>,
    /// A note.
    #[serde(default)]
    #[field(
        personal,
        purpose = "handling the event (a handler's note may name people)",
        retention_years = 3
    )]
    pub note: String,
    /// The device it was recorded on.
    #[serde(default)]
    pub device: String,
    /// Its sequence number on that device.
    #[serde(default)]
    pub seq: u64,
}

impl TransitionRecord {
    /// `actor` takes `action` on `event` at `at` (on the device `""`, number 0: give a real
    /// device and number with [`on`](Self::on) when recording offline).
    pub fn new(
        event: impl Into<String>,
        action: impl Into<String>,
        actor: impl Into<String>,
        at: NaiveDateTime,
    ) -> Self {
        TransitionRecord {
            event: event.into(),
            action: action.into(),
            actor: actor.into(),
            at,
            target: None,
            note: String::new(),
            device: String::new(),
            seq: 0,
        }
    }

    /// Naming `target`.
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// With a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// Recorded on `device` as its `seq`-th transition.
    pub fn on(mut self, device: impl Into<String>, seq: u64) -> Self {
        self.device = device.into();
        self.seq = seq;
        self
    }
}
