//! The network as W3C ORG (<https://www.w3.org/TR/vocab-org/>) in Turtle, written by the
//! Oxigraph project's serialiser (`oxttl`).
//!
//! Under the caller's base IRI `B` (ids percent-encoded):
//!
//! | resource | IRI | triples |
//! |---|---|---|
//! | organisation | `B organisation/<id>` | `a org:Organization`, `skos:prefLabel` the name, `org:subOrganizationOf` its parent, `org:linkedTo` the partners of its links |
//! | person | `B person/<id>` | `a foaf:Person`, `foaf:name` |
//! | post | `B post/<role>@<place>` | `a org:Post`, `org:role`, `org:postIn` (posts at organisations), `org:heldBy` each holder |
//! | role | `B role/<role>` (`role/Member` for a membership) | `a org:Role` |
//! | membership | `B membership/<n>` | `a org:Membership`, `org:member`, `org:organization`, `org:role`, `org:memberDuring` |
//! | its interval | `B membership/<n>/during` | `a time:Interval`, `time:hasBeginning`/`time:hasEnd` instants with `time:inXSDDate` |
//!
//! A membership stands for each membership record and for each post held at an organisation
//! (with the post's role); a post at a unit is an `org:Post` held by its holders. Personal
//! fields (phone, ID number) are never written. Links come from the collaboration book, when
//! one is given.
//!
//! ```
//! let net = quanyu::synth::community(2)?;
//! let ttl = net.to_org_turtle("https://example.org/", None)?;
//! assert!(ttl.contains("org:Organization"));
//! # Ok::<(), quanyu::Error>(())
//! ```

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{Literal, NamedNode, Triple};
use oxttl::TurtleSerializer;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::collab::Collaboration;
use crate::{Error, Network, Result};

const ORG: &str = "http://www.w3.org/ns/org#";
const TIME: &str = "http://www.w3.org/2006/time#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";

/// Characters kept as they are in an id inside an IRI: RFC 3986's unreserved ones, and `@`
/// (the post ids' separator, allowed in a path segment).
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

struct Writer {
    base: String,
    triples: Vec<Triple>,
}

impl Writer {
    fn iri(&self, kind: &str, id: &str) -> NamedNode {
        // Every part is either the checked base, a fixed word or percent-encoded.
        NamedNode::new_unchecked(format!(
            "{}{kind}/{}",
            self.base,
            utf8_percent_encode(id, KEEP)
        ))
    }

    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<oxrdf::Term>) {
        self.triples.push(Triple::new(s.clone(), p, o));
    }
}

fn term(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

impl Network {
    /// The organisations, persons, posts and memberships as W3C ORG in Turtle, every IRI
    /// under `base` (which must be an absolute IRI ending in `/` or `#`), with the
    /// `org:linkedTo` links of `book` when given. The mapping is in the
    /// [module](crate::interop::org). Same network, same text, byte for byte.
    ///
    /// ```
    /// let net = quanyu::synth::community(2)?;
    /// let book = quanyu::collab::synth::collaboration(&net, 2)?;
    /// let ttl = net.to_org_turtle("https://example.org/net/", Some(&book))?;
    /// assert!(ttl.contains("org:linkedTo"));
    /// assert!(net.to_org_turtle("not an iri", None).is_err());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_org_turtle(&self, base: &str, book: Option<&Collaboration>) -> Result<String> {
        if NamedNode::new(base).is_err() || !(base.ends_with('/') || base.ends_with('#')) {
            return Err(Error::invalid_argument(
                "base",
                format!("`{base}` is not an absolute IRI ending in `/` or `#`"),
            ));
        }
        let mut w = Writer {
            base: base.to_owned(),
            triples: Vec::new(),
        };
        let a = rdf::TYPE.into_owned();
        for o in self.organisation_records() {
            let s = w.iri("organisation", &o.id);
            w.add(&s, a.clone(), term(ORG, "Organization"));
            if !o.name.is_empty() {
                w.add(
                    &s,
                    term(SKOS, "prefLabel"),
                    Literal::new_simple_literal(o.name),
                );
            }
            if let Some(parent) = &o.parent {
                let p = w.iri("organisation", parent);
                w.add(&s, term(ORG, "subOrganizationOf"), p);
            }
        }
        for p in self.person_records() {
            let s = w.iri("person", &p.id);
            w.add(&s, a.clone(), term(FOAF, "Person"));
            if !p.name.is_empty() {
                w.add(&s, term(FOAF, "name"), Literal::new_simple_literal(p.name));
            }
        }
        let mut roles = std::collections::BTreeSet::new();
        let mut n = 0usize;
        let mut membership = |w: &mut Writer,
                              person: &str,
                              org: &str,
                              role: &NamedNode,
                              start: chrono::NaiveDate,
                              end: Option<chrono::NaiveDate>| {
            n += 1;
            let s = w.iri("membership", &n.to_string());
            w.add(&s, a.clone(), term(ORG, "Membership"));
            let person = w.iri("person", person);
            w.add(&s, term(ORG, "member"), person);
            let org = w.iri("organisation", org);
            w.add(&s, term(ORG, "organization"), org);
            w.add(&s, term(ORG, "role"), role.clone());
            let during = w.iri("membership", &format!("{n}/during"));
            w.add(&s, term(ORG, "memberDuring"), during.clone());
            w.add(&during, a.clone(), term(TIME, "Interval"));
            let days = [("hasBeginning", Some(start)), ("hasEnd", end)];
            for (edge, day) in days.into_iter().filter_map(|(e, d)| d.map(|d| (e, d))) {
                let instant = w.iri("membership", &format!("{n}/{edge}"));
                w.add(&during, term(TIME, edge), instant.clone());
                w.add(&instant, a.clone(), term(TIME, "Instant"));
                let lit = Literal::new_typed_literal(day.to_string(), xsd::DATE);
                w.add(&instant, term(TIME, "inXSDDate"), lit);
            }
        };
        let member = w.iri("role", "Member");
        for m in self.membership_records() {
            roles.insert("Member".to_owned());
            membership(&mut w, &m.person, &m.organisation, &member, m.start, m.end);
        }
        let mut posts = std::collections::HashSet::new();
        for p in self.post_records() {
            let place = p
                .organisation
                .as_deref()
                .or(p.unit.as_deref())
                .unwrap_or_default();
            let role = w.iri("role", p.role.as_str());
            roles.insert(p.role.as_str().to_owned());
            let post = w.iri("post", &format!("{}@{place}", p.role.as_str()));
            if posts.insert(post.clone()) {
                w.add(&post, a.clone(), term(ORG, "Post"));
                w.add(&post, term(ORG, "role"), role.clone());
                if let Some(org) = &p.organisation {
                    let o = w.iri("organisation", org);
                    w.add(&post, term(ORG, "postIn"), o);
                }
            }
            let holder = w.iri("person", &p.person);
            w.add(&post, term(ORG, "heldBy"), holder);
            if let Some(org) = &p.organisation {
                membership(&mut w, &p.person, org, &role, p.start, p.end);
            }
        }
        for r in roles {
            let s = w.iri("role", &r);
            w.add(&s, a.clone(), term(ORG, "Role"));
            w.add(&s, term(SKOS, "prefLabel"), Literal::new_simple_literal(r));
        }
        for l in book.map(Collaboration::links).unwrap_or_default() {
            let s = w.iri("organisation", &l.organisation);
            let o = w.iri("organisation", &l.partner);
            w.add(&s, term(ORG, "linkedTo"), o);
        }
        let io = |e: std::io::Error| Error::io("turtle", &e);
        let mut out = TurtleSerializer::new();
        for (prefix, ns) in [
            ("org", ORG),
            ("time", TIME),
            ("skos", SKOS),
            ("foaf", FOAF),
            ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ] {
            out = out
                .with_prefix(prefix, ns)
                .map_err(|e| Error::invalid_argument("prefix", e.to_string()))?;
        }
        let mut out = out.for_writer(Vec::new());
        for t in &w.triples {
            out.serialize_triple(t).map_err(io)?;
        }
        let bytes = out.finish().map_err(io)?;
        String::from_utf8(bytes).map_err(|e| Error::invalid_argument("turtle", e.to_string()))
    }
}
