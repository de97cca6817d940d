//! The network as Popolo JSON (popoloproject.com), and back.
//!
//! | Popolo | quanyu | notes |
//! |---|---|---|
//! | `areas` | units | `classification` is the level; `parent_id`; the division code as an identifier (scheme `统计用区划代码`); `grid_kind` and `residents` as extra properties |
//! | `organizations` | organisations | `classification` is the kind; `parent_id` is the Party-organisation tree; `area_id` the anchor unit; `category` an extra property |
//! | `persons` | persons | phone as a `contact_details` entry (`cell`), ID number as an identifier (scheme `居民身份证`), both masked unless revealed; `home_id`, `works_at_id`, `moved_out` extra properties |
//! | `posts` | the places of posts | one post per role and place (`organization_id` or `area_id`), id `role@place` |
//! | `memberships` | memberships and posts | with a `post_id` it is a post held, without one a membership |
//! | `motions`, `vote_events` | the collaboration book's | written when a book is given ([`Collaboration::to_popolo`]); not read back |
//!
//! Popolo's schemas allow properties of one's own, so the extra properties keep the round trip
//! exact: [`changeset`] of an export with the personal fields revealed, applied to an empty
//! network, exports the same document. A masked export does not read back as data: a masked
//! number is no phone or ID number, and the network's rules refuse it, naming each person.
//!
//! ```
//! use quanyu::privacy::Reveal;
//! let net = quanyu::synth::community(2)?;
//! let masked = net.to_popolo(None, None)?;
//! let phone = masked["persons"].as_array().unwrap().iter()
//!     .find_map(|p| p["contact_details"][0]["value"].as_str()).unwrap();
//! assert!(phone.contains('*'));
//! let full = net.to_popolo(None, Some(&Reveal::new("ops-1", "backup").fields(["phone", "id_number"])))?;
//! let back = quanyu::Network::from_popolo(&full)?;
//! assert_eq!(back.person_records().collect::<Vec<_>>(), net.person_records().collect::<Vec<_>>());
//! # Ok::<(), quanyu::Error>(())
//! ```

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::collab::Collaboration;
use crate::privacy::{Reveal, check_reveal, log_reveal, masked};
use crate::{
    AllianceCategory, Change, Changeset, Error, GridKind, MembershipRecord, Network,
    OrganisationKind, OrganisationRecord, Origin, PersonRecord, PostRecord, Problem, Result, Role,
    Sensitive, UnitRecord,
};

/// The identifier scheme of the 12-digit statistical division code.
pub const DIVISION_CODE_SCHEME: &str = "统计用区划代码";
/// The identifier scheme of the resident ID-card number.
pub const ID_CARD_SCHEME: &str = "居民身份证";

fn post_place(p: &PostRecord) -> &str {
    p.organisation
        .as_deref()
        .or(p.unit.as_deref())
        .unwrap_or_default()
}

fn post_id(p: &PostRecord) -> String {
    format!("{}@{}", p.role.as_str(), post_place(p))
}

fn put(obj: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(v) = value {
        obj.insert(key.to_owned(), v.into());
    }
}

fn area(u: &UnitRecord) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), u.id.clone().into());
    o.insert("name".into(), u.name.clone().into());
    o.insert("classification".into(), u.level.clone().into());
    put(&mut o, "parent_id", u.parent.clone());
    if let Some(code) = &u.code {
        o.insert(
            "identifiers".into(),
            json!([{"scheme": DIVISION_CODE_SCHEME, "identifier": code}]),
        );
    }
    put(&mut o, "grid_kind", u.grid_kind.map(|k| k.as_str()));
    o.insert("residents".into(), u.residents.into());
    Value::Object(o)
}

fn organization(r: &OrganisationRecord) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), r.id.clone().into());
    o.insert("name".into(), r.name.clone().into());
    o.insert("classification".into(), r.kind.as_str().into());
    put(&mut o, "parent_id", r.parent.clone());
    put(&mut o, "area_id", r.anchor.clone());
    put(&mut o, "category", r.category.map(|c| c.as_str()));
    Value::Object(o)
}

fn person(r: &PersonRecord) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), r.id.clone().into());
    o.insert("name".into(), r.name.clone().into());
    if let Some(phone) = &r.phone {
        o.insert(
            "contact_details".into(),
            json!([{"type": "cell", "value": phone.expose()}]),
        );
    }
    if let Some(number) = &r.id_number {
        o.insert(
            "identifiers".into(),
            json!([{"scheme": ID_CARD_SCHEME, "identifier": number.expose()}]),
        );
    }
    put(&mut o, "home_id", r.home.clone());
    put(&mut o, "works_at_id", r.works_at.clone());
    put(&mut o, "moved_out", r.moved_out.map(|d| d.to_string()));
    Value::Object(o)
}

impl Network {
    /// The network as one Popolo JSON document: `areas` (units), `organizations`, `persons`,
    /// `posts` and `memberships`, and — when `book` is given — its `motions` and
    /// `vote_events`. Phone and ID numbers are masked unless `reveal` names them for an
    /// allowed purpose; a reveal is checked first (a refused one writes nothing) and logged.
    /// The mapping is in the [module](crate::interop::popolo).
    ///
    /// ```
    /// let net = quanyu::synth::community(2)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 2)?;
    /// let doc = net.to_popolo(Some(&book), None)?;
    /// assert_eq!(doc["organizations"].as_array().unwrap().len(), net.organisation_count());
    /// assert_eq!(doc["motions"].as_array().unwrap().len(), book.motions().len());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_popolo(
        &self,
        book: Option<&Collaboration>,
        reveal: Option<&Reveal>,
    ) -> Result<Value> {
        check_reveal::<PersonRecord>(self.access_log(), reveal)?;
        let collab = book.map(|b| b.to_popolo(self)).transpose()?;
        let areas: Vec<Value> = self.unit_records().map(|u| area(&u)).collect();
        let organizations: Vec<Value> = self
            .organisation_records()
            .map(|o| organization(&o))
            .collect();
        let mut ids = Vec::new();
        let persons: Vec<Value> = self
            .person_records()
            .map(|p| {
                if reveal.is_some() && (p.phone.is_some() || p.id_number.is_some()) {
                    ids.push(p.id.clone());
                }
                person(&masked(p, reveal))
            })
            .collect();
        let mut posts = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut memberships = Vec::new();
        for m in self.membership_records() {
            let mut o = Map::new();
            o.insert(
                "id".into(),
                format!("{}/{}/{}", m.person, m.organisation, m.start).into(),
            );
            o.insert("person_id".into(), m.person.into());
            o.insert("organization_id".into(), m.organisation.into());
            o.insert("start_date".into(), m.start.to_string().into());
            put(&mut o, "end_date", m.end.map(|d| d.to_string()));
            memberships.push(Value::Object(o));
        }
        for p in self.post_records() {
            let id = post_id(&p);
            if seen.insert(id.clone()) {
                let mut o = Map::new();
                o.insert("id".into(), id.clone().into());
                o.insert(
                    "label".into(),
                    format!("{} {}", p.role.as_str(), post_place(&p)).into(),
                );
                o.insert("role".into(), p.role.as_str().into());
                put(&mut o, "organization_id", p.organisation.clone());
                put(&mut o, "area_id", p.unit.clone());
                posts.push(Value::Object(o));
            }
            let mut o = Map::new();
            o.insert(
                "id".into(),
                format!("{}/{}/{}", p.person, id, p.start).into(),
            );
            o.insert("person_id".into(), p.person.into());
            o.insert("post_id".into(), id.into());
            o.insert("role".into(), p.role.as_str().into());
            put(&mut o, "organization_id", p.organisation);
            put(&mut o, "area_id", p.unit);
            o.insert("start_date".into(), p.start.to_string().into());
            put(&mut o, "end_date", p.end.map(|d| d.to_string()));
            memberships.push(Value::Object(o));
        }
        let mut doc = Map::new();
        doc.insert("areas".into(), areas.into());
        doc.insert("organizations".into(), organizations.into());
        doc.insert("persons".into(), persons.into());
        doc.insert("posts".into(), posts.into());
        doc.insert("memberships".into(), memberships.into());
        if let Some(Value::Object(c)) = collab {
            doc.extend(c);
        }
        log_reveal::<PersonRecord>(self.access_log(), reveal, ids);
        Ok(Value::Object(doc))
    }

    /// A new network holding what the Popolo document `doc` describes (see [`changeset`]):
    /// every problem is reported at once, with the JSON path and the id, and nothing is built.
    ///
    /// ```
    /// let doc = serde_json::json!({
    ///     "areas": [{"id": "S", "name": "Lakeside", "classification": "Subdistrict"}],
    ///     "organizations": [{"id": "WC", "name": "Working committee", "classification": "WorkingCommittee", "area_id": "S"}],
    /// });
    /// let net = quanyu::Network::from_popolo(&doc)?;
    /// assert_eq!(net.organisation_count(), 1);
    /// let bad = serde_json::json!({"organizations": [{"id": "X", "classification": "Club"}]});
    /// let err = quanyu::Network::from_popolo(&bad).unwrap_err();
    /// assert_eq!(err.problems()[0].field, "organizations[0].classification");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn from_popolo(doc: &Value) -> Result<Network> {
        let mut net = Network::new();
        net.apply(changeset(doc)?)?;
        Ok(net)
    }
}

/// Reads values out of the document, collecting every problem rather than stopping at the
/// first, so that one import reports them all.
struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn fail(&mut self, id: &str, path: String, message: impl Into<String>) {
        self.problems.push(Problem::new(id, path, message));
    }

    fn text(
        &mut self,
        o: &Map<String, Value>,
        id: &str,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<String> {
        match o.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) if !required => None,
            None | Some(Value::Null) => {
                self.fail(id, format!("{path}.{key}"), "required, missing");
                None
            }
            Some(other) => {
                self.fail(
                    id,
                    format!("{path}.{key}"),
                    format!("expected a string, found {other}"),
                );
                None
            }
        }
    }

    fn date(
        &mut self,
        o: &Map<String, Value>,
        id: &str,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<NaiveDate> {
        let s = self.text(o, id, path, key, required)?;
        match s.parse() {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(
                    id,
                    format!("{path}.{key}"),
                    format!("`{s}` is not a date (YYYY-MM-DD)"),
                );
                None
            }
        }
    }

    fn named<T: std::str::FromStr>(
        &mut self,
        o: &Map<String, Value>,
        id: &str,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        let s = self.text(o, id, path, key, required)?;
        match s.parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(id, format!("{path}.{key}"), e.to_string());
                None
            }
        }
    }

    /// The single entry of `key` (a list of objects) whose `field` is `value`, read as `take`.
    fn listed(
        &mut self,
        o: &Map<String, Value>,
        id: &str,
        path: &str,
        key: &str,
        (field, value): (&str, &str),
        take: &str,
    ) -> Option<String> {
        let list = match o.get(key) {
            None | Some(Value::Null) => return None,
            Some(Value::Array(a)) => a,
            Some(other) => {
                self.fail(
                    id,
                    format!("{path}.{key}"),
                    format!("expected a list, found {other}"),
                );
                return None;
            }
        };
        let mut found = None;
        for (i, item) in list.iter().enumerate() {
            let at = format!("{path}.{key}[{i}]");
            let Some(item) = item.as_object() else {
                self.fail(id, at, "expected an object");
                continue;
            };
            if item.get(field).and_then(Value::as_str) != Some(value) {
                continue;
            }
            if found.is_some() {
                self.fail(id, at, format!("a second entry with {field} `{value}`"));
                continue;
            }
            found = self.text(item, id, &at, take, true);
        }
        found
    }
}

fn objects<'a>(
    r: &mut Reader,
    doc: &'a Map<String, Value>,
    key: &str,
) -> Vec<(usize, &'a Map<String, Value>)> {
    match doc.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v.as_object() {
                Some(o) => Some((i, o)),
                None => {
                    r.fail(
                        "",
                        format!("{key}[{i}]"),
                        format!("expected an object, found {v}"),
                    );
                    None
                }
            })
            .collect(),
        Some(other) => {
            r.fail(
                "",
                key.to_owned(),
                format!("expected a list, found {other}"),
            );
            Vec::new()
        }
    }
}

fn origin(key: &str, i: usize) -> Origin {
    Origin {
        source: format!("popolo {key}"),
        row: i as u64 + 1,
    }
}

/// The changes that build what the Popolo document `doc` describes: units from `areas`,
/// organisations, persons, then memberships and posts (a membership with a `post_id` is a post
/// held, placed at its post's organisation or area). `motions` and `vote_events` are not
/// read. Every malformed value is reported, each [`Problem`] naming the entity's id and the
/// JSON path of the field (`persons[3].contact_details[0].value`); the references between
/// entities are checked when the changes are applied ([`Network::apply`]), each naming its
/// `popolo <table>` row.
///
/// ```
/// use quanyu::privacy::Reveal;
/// let net = quanyu::synth::community(2)?;
/// // In full: masked numbers are not numbers, and the network's rules refuse them.
/// let all = Reveal::new("ops-1", "backup").fields(["phone", "id_number"]);
/// let changes = quanyu::interop::popolo::changeset(&net.to_popolo(None, Some(&all))?)?;
/// let mut copy = quanyu::Network::new();
/// copy.apply(changes)?;
/// assert_eq!(copy.organisation_count(), net.organisation_count());
/// let err = quanyu::interop::popolo::changeset(&serde_json::json!({"persons": [{"id": 7}]})).unwrap_err();
/// assert_eq!(err.problems()[0].field, "persons[0].id");
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn changeset(doc: &Value) -> Result<Changeset> {
    let Some(doc) = doc.as_object() else {
        return Err(Error::Validation(vec![Problem::new(
            "",
            "$",
            "expected a Popolo document: an object with lists of areas, organizations, persons, posts, memberships",
        )]));
    };
    let mut r = Reader {
        problems: Vec::new(),
    };
    let mut out = Changeset::new();
    for (i, o) in objects(&mut r, doc, "areas") {
        let path = format!("areas[{i}]");
        let Some(id) = r.text(o, "", &path, "id", true) else {
            continue;
        };
        let level = r.text(o, &id, &path, "classification", true);
        let name = r.text(o, &id, &path, "name", false);
        let parent = r.text(o, &id, &path, "parent_id", false);
        let code = r.listed(
            o,
            &id,
            &path,
            "identifiers",
            ("scheme", DIVISION_CODE_SCHEME),
            "identifier",
        );
        let grid_kind: Option<GridKind> = r.named(o, &id, &path, "grid_kind", false);
        let residents = match o.get("residents") {
            None | Some(Value::Null) => Some(0),
            Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Some(n),
                None => {
                    r.fail(
                        &id,
                        format!("{path}.residents"),
                        format!("expected a count (0 to {}), found {v}", u32::MAX),
                    );
                    None
                }
            },
        };
        if let (Some(level), Some(residents)) = (level, residents) {
            let mut u = UnitRecord::new(id, level).residents(residents);
            u.name = name.unwrap_or_default();
            u.parent = parent;
            u.code = code;
            u.grid_kind = grid_kind;
            out.push_from(Change::AddUnit(u), origin("areas", i));
        }
    }
    for (i, o) in objects(&mut r, doc, "organizations") {
        let path = format!("organizations[{i}]");
        let Some(id) = r.text(o, "", &path, "id", true) else {
            continue;
        };
        let kind: Option<OrganisationKind> = r.named(o, &id, &path, "classification", true);
        let name = r.text(o, &id, &path, "name", false);
        let parent = r.text(o, &id, &path, "parent_id", false);
        let anchor = r.text(o, &id, &path, "area_id", false);
        let category: Option<AllianceCategory> = r.named(o, &id, &path, "category", false);
        if let Some(kind) = kind {
            let mut x = OrganisationRecord::new(id, kind);
            x.name = name.unwrap_or_default();
            x.parent = parent;
            x.anchor = anchor;
            x.category = category;
            out.push_from(Change::AddOrganisation(x), origin("organizations", i));
        }
    }
    for (i, o) in objects(&mut r, doc, "persons") {
        let path = format!("persons[{i}]");
        let Some(id) = r.text(o, "", &path, "id", true) else {
            continue;
        };
        let mut p = PersonRecord::new(id.clone());
        p.name = r.text(o, &id, &path, "name", false).unwrap_or_default();
        p.home = r.text(o, &id, &path, "home_id", false);
        p.works_at = r.text(o, &id, &path, "works_at_id", false);
        p.moved_out = r.date(o, &id, &path, "moved_out", false);
        p.phone = r
            .listed(o, &id, &path, "contact_details", ("type", "cell"), "value")
            .map(Sensitive::new);
        p.id_number = r
            .listed(
                o,
                &id,
                &path,
                "identifiers",
                ("scheme", ID_CARD_SCHEME),
                "identifier",
            )
            .map(Sensitive::new);
        out.push_from(Change::AddPerson(p), origin("persons", i));
    }
    // Posts are read first so that a membership can name one that comes later in the list.
    let mut posts = std::collections::HashMap::new();
    for (i, o) in objects(&mut r, doc, "posts") {
        let path = format!("posts[{i}]");
        let Some(id) = r.text(o, "", &path, "id", true) else {
            continue;
        };
        let role: Option<Role> = r.named(o, &id, &path, "role", true);
        let org = r.text(o, &id, &path, "organization_id", false);
        let unit = r.text(o, &id, &path, "area_id", false);
        if org.is_some() == unit.is_some() {
            r.fail(&id, format!("{path}.organization_id"), "a post is held at exactly one of an organization (organization_id) and an area (area_id)");
            continue;
        }
        if let Some(role) = role
            && posts.insert(id.clone(), (role, org, unit)).is_some()
        {
            r.fail(&id, format!("{path}.id"), "a second post with this id");
        }
    }
    for (i, o) in objects(&mut r, doc, "memberships") {
        let path = format!("memberships[{i}]");
        let id = r.text(o, "", &path, "id", false).unwrap_or_default();
        let person = r.text(o, &id, &path, "person_id", true);
        let start = r.date(o, &id, &path, "start_date", true);
        let end = r.date(o, &id, &path, "end_date", false);
        let post = r.text(o, &id, &path, "post_id", false);
        let (Some(person), Some(start)) = (person, start) else {
            continue;
        };
        match post {
            Some(post) => {
                let Some((role, org, unit)) = posts.get(&post).cloned() else {
                    r.fail(
                        &id,
                        format!("{path}.post_id"),
                        format!("no post `{post}` in posts"),
                    );
                    continue;
                };
                let p = PostRecord {
                    person,
                    role,
                    unit,
                    organisation: org,
                    start,
                    end,
                };
                out.push_from(Change::AddPost(p), origin("memberships", i));
            }
            None => {
                let Some(org) = r.text(o, &id, &path, "organization_id", true) else {
                    continue;
                };
                let mut m = MembershipRecord::new(person, org, start);
                m.end = end;
                out.push_from(Change::AddMembership(m), origin("memberships", i));
            }
        }
    }
    if r.problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(r.problems))
    }
}
