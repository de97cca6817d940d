//! The venue menu as Open Referral HSDS v3 (Human Services Data Specification,
//! <https://openreferral.org/>) JSON.
//!
//! | HSDS table | quanyu | notes |
//! |---|---|---|
//! | `organizations` | the organisations offering venues | name from the network; a description naming the venues offered |
//! | `services` | one per venue (the 红色共享阵地 offer) | `status` `active`; kind, capacity and booking policy in the description |
//! | `locations` | one per venue | `physical`, or `virtual` for an online hall; named by its unit |
//! | `schedules` | one per weekly opening interval | `freq` `WEEKLY`, `interval` 1, `byday` (`MO`…`SU`), `opens_at`/`closes_at` as `HH:MM+08:00`, `timezone` 8 (Asia/Shanghai, which keeps no summer time) |
//!
//! Ids are the menu's own, prefixed by the table (`service/V1`, `location/V1`,
//! `schedule/V1/1`); organisations keep theirs. Dated exceptions (holiday closures) and
//! bookings are not written: HSDS schedules describe the regular week.
//!
//! ```
//! let net = quanyu::synth::community(2)?;
//! let menu = quanyu::venues::synth::menu(&net, 2)?;
//! let doc = menu.to_hsds(&net)?;
//! assert_eq!(doc["services"].as_array().unwrap().len(), menu.venues().count());
//! assert_eq!(doc["schedules"][0]["freq"], "WEEKLY");
//! # Ok::<(), quanyu::Error>(())
//! ```

use chrono::{NaiveTime, Timelike, Weekday};
use serde_json::{Value, json};

use crate::venues::{Menu, VenueKind};
use crate::{Network, Result};

/// The UTC offset of Asia/Shanghai, in hours: the same all year.
const OFFSET_HOURS: i32 = 8;

fn byday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// `HH:MM+08:00`; a closing time of midnight is the end of the day, `24:00`.
fn clock(t: NaiveTime, closing: bool) -> String {
    let h = if closing && t == NaiveTime::MIN {
        24
    } else {
        t.hour()
    };
    format!("{h:02}:{:02}+{OFFSET_HOURS:02}:00", t.minute())
}

impl Menu {
    /// The menu as an HSDS v3 document: `{"organizations", "services", "locations",
    /// "schedules"}`, each a list of HSDS objects. Organisation and unit names are read from
    /// `network` (an id the network lacks is named by itself). The mapping is in the
    /// [module](crate::interop::hsds). Same menu, same document.
    ///
    /// ```
    /// let net = quanyu::synth::community(1)?;
    /// let menu = quanyu::venues::synth::menu(&net, 1)?;
    /// let doc = menu.to_hsds(&net)?;
    /// let s = &doc["schedules"][0];
    /// assert!(s["opens_at"].as_str().unwrap().ends_with("+08:00"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn to_hsds(&self, network: &Network) -> Result<Value> {
        let mut organizations: Vec<Value> = Vec::new();
        let mut offered: Vec<(String, Vec<String>)> = Vec::new();
        let mut services = Vec::new();
        let mut locations = Vec::new();
        let mut schedules = Vec::new();
        for v in self.venues() {
            match offered.iter_mut().find(|(o, _)| *o == v.owner) {
                Some((_, names)) => names.push(v.id.clone()),
                None => offered.push((v.owner.clone(), vec![v.id.clone()])),
            }
            let name = if v.name.is_empty() {
                v.id.clone()
            } else {
                v.name.clone()
            };
            let capacity = v
                .capacity
                .map_or_else(|| "no seat limit".to_owned(), |c| format!("{c} seats"));
            services.push(json!({
                "id": format!("service/{}", v.id),
                "organization_id": v.owner,
                "name": name,
                "description": format!(
                    "{} {} ({}); {capacity}; bookable by: {}{}",
                    v.kind.chinese(), v.kind.as_str(), v.id, v.may_book.as_str(),
                    if v.needs_approval { ", with the owner's approval" } else { "" },
                ),
                "status": "active",
            }));
            let place = network.unit(&v.location).map_or_else(
                |_| v.location.clone(),
                |u| {
                    if u.name.is_empty() {
                        v.location.clone()
                    } else {
                        u.name.to_string()
                    }
                },
            );
            let virtual_hall = v.kind == VenueKind::OnlineHall;
            locations.push(json!({
                "id": format!("location/{}", v.id),
                "location_type": if virtual_hall { "virtual" } else { "physical" },
                "organization_id": v.owner,
                "name": place,
                "description": format!("{} at unit {}", name, v.location),
            }));
            for (n, h) in self.opening_hours(&v.id)?.iter().enumerate() {
                schedules.push(json!({
                    "id": format!("schedule/{}/{}", v.id, n + 1),
                    "service_id": format!("service/{}", v.id),
                    "location_id": format!("location/{}", v.id),
                    "freq": "WEEKLY",
                    "interval": 1,
                    "byday": byday(h.weekday),
                    "opens_at": clock(h.open, false),
                    "closes_at": clock(h.close, true),
                    "timezone": OFFSET_HOURS,
                    "notes": "Asia/Shanghai",
                }));
            }
        }
        for (owner, venues) in offered {
            let name = network.organisation(&owner).map_or_else(
                |_| owner.clone(),
                |o| {
                    if o.name.is_empty() {
                        owner.clone()
                    } else {
                        o.name.to_string()
                    }
                },
            );
            organizations.push(json!({
                "id": owner,
                "name": name,
                "description": format!("Offers on the red shared-venue menu (红色共享阵地): {}", venues.join(", ")),
            }));
        }
        Ok(json!({
            "organizations": organizations,
            "services": services,
            "locations": locations,
            "schedules": schedules,
        }))
    }
}
