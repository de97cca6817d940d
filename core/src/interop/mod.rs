//! Standard formats in and out: the network as [Popolo](https://www.popoloproject.com/) JSON
//! (both ways) and as W3C ORG Turtle, the venue menu as Open Referral HSDS v3 JSON.
//!
//! | format | out | in |
//! |---|---|---|
//! | Popolo JSON: areas, organizations, persons, posts, memberships (+ motions, vote events) | [`Network::to_popolo`](crate::Network::to_popolo) | [`popolo::changeset`], [`Network::from_popolo`](crate::Network::from_popolo) |
//! | W3C ORG (Turtle) | [`Network::to_org_turtle`](crate::Network::to_org_turtle) | — |
//! | Open Referral HSDS v3 (JSON) | [`Menu::to_hsds`](crate::venues::Menu::to_hsds) | — |
//!
//! Personal fields leave masked unless a [`Reveal`](crate::privacy::Reveal) names them for an
//! allowed purpose, as on every other path out; the reveal is written to the access log.
//!
//! ```
//! use quanyu::privacy::Reveal;
//! let net = quanyu::synth::community(3)?;
//! let all = Reveal::new("ops-1", "backup").fields(["phone", "id_number"]);
//! let doc = net.to_popolo(None, Some(&all))?;
//! let back = quanyu::Network::from_popolo(&doc)?;
//! assert_eq!(back.to_popolo(None, Some(&all))?, doc);
//! let ttl = net.to_org_turtle("https://example.org/net/", None)?;
//! assert!(ttl.contains("org:subOrganizationOf"));
//! # Ok::<(), quanyu::Error>(())
//! ```

pub mod hsds;
pub mod org;
pub mod popolo;
