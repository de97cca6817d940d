//! The "一十百" reach: one pioneer member leads ten or more volunteers, who reach a hundred or
//! more residents.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::schema::Record;

use crate::model::{Network, Role};

/// What one pioneer reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "pioneer")]
pub struct PioneerReach {
    /// The pioneer's id.
    pub pioneer: String,
    /// Volunteers the pioneer leads.
    pub volunteers: usize,
    /// Distinct households served by those volunteers.
    pub households: usize,
    /// Residents of those households.
    pub residents: u64,
}

/// The reach of every pioneer (persons holding a running [`Role::Pioneer`] post), with those
/// short of ten volunteers or a hundred residents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[non_exhaustive]
pub struct Reach {
    /// Every pioneer, in a stable order.
    pub pioneers: Vec<PioneerReach>,
    /// Pioneers leading fewer than 10 volunteers.
    pub below_ten_volunteers: Vec<String>,
    /// Pioneers reaching fewer than 100 residents.
    pub below_hundred_residents: Vec<String>,
}

/// The 一十百 reach on `as_of`.
///
/// ```
/// let net = quanyu::synth::community(1)?;
/// let r = quanyu::contracts::reach(&net, quanyu::synth::REFERENCE_DATE);
/// assert!(!r.pioneers.is_empty());
/// assert!(r.below_ten_volunteers.len() <= r.pioneers.len());
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn reach(net: &Network, as_of: NaiveDate) -> Reach {
    let mut out = Reach {
        pioneers: Vec::new(),
        below_ten_volunteers: Vec::new(),
        below_hundred_residents: Vec::new(),
    };
    for p in net.person_refs() {
        let pioneer = net
            .posts_held_by(p)
            .any(|(role, span, _)| role == Role::Pioneer && span.contains(as_of));
        if !pioneer {
            continue;
        }
        let volunteers: HashSet<_> = net.led_by(p).collect();
        let households: HashSet<_> = volunteers.iter().flat_map(|&v| net.served_by(v)).collect();
        let residents = households
            .iter()
            .map(|&h| u64::from(net.unit_data(h).residents))
            .sum();
        let id = net.person_data(p).id.to_string();
        if volunteers.len() < 10 {
            out.below_ten_volunteers.push(id.clone());
        }
        if residents < 100 {
            out.below_hundred_residents.push(id.clone());
        }
        out.pioneers.push(PioneerReach {
            pioneer: id,
            volunteers: volunteers.len(),
            households: households.len(),
            residents,
        });
    }
    out
}
