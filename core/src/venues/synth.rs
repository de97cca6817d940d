//! Seeded synthetic menus and request streams for the synthetic cities (or any network on the
//! default levels): the same network and seed always give the same menu and the same requests.
//!
//! Per subdistrict: an online hall and a service centre of the working committee; per area a
//! community pavilion (a park hall in the business area) and a Party–mass service station; an
//! activity room in about half the community grids; courtyards in about one compound in
//! seven; meeting rooms offered by enterprises in about half the office buildings; classrooms
//! and sports grounds of the schools and a meeting room of each other regional unit. The
//! community city gets about 50 venues, a megacity about 50,000.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::venues::synth;
//! let net = quanyu::synth::community(1)?;
//! let menu = synth::menu(&net, 1)?;
//! assert_eq!(menu, synth::menu(&net, 1)?);
//! let week = synth::week_of(quanyu::synth::REFERENCE_DATE);
//! let requests = synth::requests(&net, &menu, week, 100, 1)?;
//! assert_eq!(requests.len(), 100);
//! # Ok(()) }
//! ```

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use compact_str::CompactString;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::kinds::{BookingReach, Feature, FeatureSet, VenueKind};
use super::menu::Menu;
use super::records::{
    ExceptionRecord, MenuRecords, OpeningHoursRecord, RequestRecord, TimeWindow, VenueRecord,
};
use crate::model::levels::{AREA, BUILDING, COMPOUND, GRID, SUBDISTRICT};
use crate::{
    AllianceCategory, GridKind, Network, Organisation, OrganisationKind, Proximity, Result, Unit,
};

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn rng_for(seed: u64, salt: u64, index: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(splitmix(seed ^ splitmix(salt ^ splitmix(index as u64))))
}

/// The Monday of the week of `date`.
///
/// ```
/// use chrono::NaiveDate;
/// let sunday = NaiveDate::from_ymd_opt(2024, 10, 13).unwrap();
/// assert_eq!(quanyu::venues::synth::week_of(sunday), NaiveDate::from_ymd_opt(2024, 10, 7).unwrap());
/// ```
pub fn week_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    // Only the first days of chrono's calendar have no Monday before them.
    date.checked_sub_days(chrono::Days::new(back))
        .unwrap_or(date)
}

/// The subdistricts of a network: its units on the `Subdistrict` level, else its roots.
fn subdistricts(net: &Network) -> Vec<&Unit> {
    match net.units_by_level(SUBDISTRICT) {
        Ok(it) if it.len() > 0 => it.collect(),
        _ => net.roots().collect(),
    }
}

fn units_in<'n>(net: &'n Network, within: &str, level: &str) -> Vec<&'n Unit> {
    net.units_in(within, level)
        .map(Iterator::collect)
        .unwrap_or_default()
}

fn org_of<'n>(net: &'n Network, unit: &str, kind: OrganisationKind) -> Option<&'n Organisation> {
    net.organisations_at(unit)
        .ok()?
        .into_iter()
        .find(|o| o.kind == kind)
}

fn seats(rng: &mut ChaCha8Rng, kind: VenueKind) -> Option<u32> {
    let (lo, hi) = match kind {
        VenueKind::BuildingCourtyard => (12, 30),
        VenueKind::CommunityPavilion => (20, 50),
        VenueKind::ParkHall => (60, 200),
        VenueKind::OnlineHall => return None,
        VenueKind::ServiceStation => (30, 80),
        VenueKind::MeetingRoom => (10, 40),
        VenueKind::ActivityRoom => (20, 60),
        VenueKind::Classroom => (30, 50),
        VenueKind::SportsGround => (50, 300),
    };
    Some(rng.random_range(lo..=hi))
}

fn features(rng: &mut ChaCha8Rng, kind: VenueKind) -> FeatureSet {
    use Feature::*;
    let (always, maybe): (&[Feature], &[Feature]) = match kind {
        VenueKind::BuildingCourtyard => (&[Outdoor], &[StepFree]),
        VenueKind::CommunityPavilion => (&[Outdoor], &[StepFree, SoundSystem]),
        VenueKind::ParkHall => (
            &[Projector, SoundSystem, WiFi],
            &[VideoConference, Livestream, StepFree],
        ),
        VenueKind::OnlineHall => (&[VideoConference, Livestream], &[]),
        VenueKind::ServiceStation => (
            &[WiFi],
            &[
                Projector,
                StepFree,
                AccessibleToilet,
                AirConditioning,
                Kitchen,
            ],
        ),
        VenueKind::MeetingRoom => (
            &[WiFi, Whiteboard],
            &[Projector, Screen, VideoConference, AirConditioning],
        ),
        VenueKind::ActivityRoom => (&[], &[SoundSystem, StepFree, AirConditioning, Kitchen]),
        VenueKind::Classroom => (&[Whiteboard], &[Projector, Screen, AirConditioning]),
        VenueKind::SportsGround => (&[Outdoor], &[Parking, AccessibleToilet]),
    };
    let mut set: FeatureSet = always.iter().copied().collect();
    for &f in maybe {
        if rng.random_bool(0.5) {
            set = set.with(f);
        }
    }
    set
}

fn weekly(kind: VenueKind) -> &'static str {
    match kind {
        VenueKind::BuildingCourtyard => "Daily 07:00-21:00",
        VenueKind::CommunityPavilion => "Daily 08:00-21:00",
        VenueKind::ParkHall => "Mon-Fri 09:00-18:00",
        VenueKind::OnlineHall => "Daily 00:00-24:00",
        VenueKind::ServiceStation => "Mon-Sat 09:00-12:00 13:30-17:30",
        VenueKind::MeetingRoom => "Mon-Fri 09:00-12:00 14:00-18:00",
        VenueKind::ActivityRoom => "Tue-Sun 09:00-21:00",
        VenueKind::Classroom => "Mon-Fri 18:30-21:00; Sat,Sun 08:00-17:00",
        VenueKind::SportsGround => "Mon-Fri 17:00-21:00; Sat,Sun 07:00-20:00",
    }
}

fn policy(kind: VenueKind) -> (BookingReach, bool) {
    match kind {
        VenueKind::BuildingCourtyard => (BookingReach::SameGrid, false),
        VenueKind::CommunityPavilion => (BookingReach::SameArea, false),
        VenueKind::ParkHall => (BookingReach::Alliance, true),
        VenueKind::OnlineHall => (BookingReach::Subdistrict, false),
        VenueKind::ServiceStation => (BookingReach::Subdistrict, true),
        VenueKind::MeetingRoom => (BookingReach::Alliance, true),
        VenueKind::ActivityRoom => (BookingReach::SameArea, false),
        VenueKind::Classroom => (BookingReach::Alliance, true),
        VenueKind::SportsGround => (BookingReach::Subdistrict, true),
    }
}

fn kind_code(kind: VenueKind) -> &'static str {
    match kind {
        VenueKind::BuildingCourtyard => "YT",
        VenueKind::CommunityPavilion => "YST",
        VenueKind::ParkHall => "YSH",
        VenueKind::OnlineHall => "WS",
        VenueKind::ServiceStation => "DQ",
        VenueKind::MeetingRoom => "HY",
        VenueKind::ActivityRoom => "HD",
        VenueKind::Classroom => "JS",
        VenueKind::SportsGround => "YD",
    }
}

fn kind_name(kind: VenueKind) -> &'static str {
    match kind {
        VenueKind::BuildingCourtyard => "楼组议事庭院",
        VenueKind::CommunityPavilion => "社区议事亭",
        VenueKind::ParkHall => "园区议事厅",
        VenueKind::OnlineHall => "网上议事厅",
        VenueKind::ServiceStation => "党群服务站",
        VenueKind::MeetingRoom => "会议室",
        VenueKind::ActivityRoom => "活动室",
        VenueKind::Classroom => "教室",
        VenueKind::SportsGround => "运动场",
    }
}

/// The Monday after [`REFERENCE_DATE`](crate::synth::REFERENCE_DATE), 2024-10-14: the first
/// of the four weeks the synthetic exceptions fall in, and a good week to request.
///
/// ```
/// use quanyu::venues::synth::{WEEK, week_of};
/// assert_eq!(week_of(WEEK), WEEK);
/// assert!(WEEK > quanyu::synth::REFERENCE_DATE);
/// ```
pub const WEEK: NaiveDate = match NaiveDate::from_ymd_opt(2024, 10, 14) {
    Some(d) => d,
    None => panic!("invalid week"),
};

fn first_week() -> NaiveDate {
    WEEK
}

struct Builder<'a> {
    rng: ChaCha8Rng,
    out: MenuRecords,
    prefix: &'a str,
    n: usize,
}

impl Builder<'_> {
    fn venue(&mut self, kind: VenueKind, owner: &Organisation, location: &Unit) {
        self.n += 1;
        let id = format!("{}-{}{:03}", self.prefix, kind_code(kind), self.n);
        let (reach, approval) = policy(kind);
        let mut v = VenueRecord::new(&id, kind, owner.id.as_str(), location.id.as_str())
            .name(format!("{}{}", location.name, kind_name(kind)))
            .features(features(&mut self.rng, kind))
            .may_book(reach)
            .needs_approval(approval);
        v.capacity = seats(&mut self.rng, kind);
        self.out.venues.push(v);
        self.out
            .opening_hours
            .extend(OpeningHoursRecord::parse(&id, weekly(kind)).unwrap_or_default());
        // A few exceptions in the four weeks ahead: maintenance closures and shorter days.
        let day = first_week() + Duration::days(self.rng.random_range(0..28));
        if self.rng.random_bool(0.05) {
            self.out.exceptions.push(ExceptionRecord::closed(&id, day));
        } else if self.rng.random_bool(0.04) {
            let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
            self.out
                .exceptions
                .push(ExceptionRecord::hours(&id, day, t(9), t(12)));
        }
    }
}

/// A synthetic menu for `net`: the venues, weekly hours and a few exceptions of every
/// subdistrict (see the module docs).
///
/// ```
/// let net = quanyu::synth::community(5)?;
/// let menu = quanyu::venues::synth::menu(&net, 5)?;
/// assert!((30..80).contains(&menu.venue_count()));
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn menu(net: &Network, seed: u64) -> Result<Menu> {
    let subs = subdistricts(net);
    let parts: Vec<MenuRecords> = subs
        .par_iter()
        .enumerate()
        .map(|(i, s)| subdistrict_menu(net, s, seed, i))
        .collect();
    let mut all = MenuRecords::default();
    for p in parts {
        all.extend(p);
    }
    let mut menu = Menu::new();
    menu.add(net, all)?;
    Ok(menu)
}

fn subdistrict_menu(net: &Network, s: &Unit, seed: u64, index: usize) -> MenuRecords {
    let mut b = Builder {
        rng: rng_for(seed, 0x5EED_0001, index),
        out: MenuRecords::default(),
        prefix: &s.id,
        n: 0,
    };
    let Some(wc) = org_of(net, &s.id, OrganisationKind::WorkingCommittee) else {
        return b.out;
    };
    b.venue(VenueKind::OnlineHall, wc, s);
    for area in units_in(net, &s.id, AREA) {
        let grids = units_in(net, &area.id, GRID);
        let Some(gb) = org_of(net, &area.id, OrganisationKind::GeneralBranch) else {
            continue;
        };
        let residential = grids
            .iter()
            .any(|g| g.grid_kind == Some(GridKind::Community));
        if !grids.is_empty() {
            let g = grids[b.rng.random_range(0..grids.len())];
            let kind = if residential {
                VenueKind::CommunityPavilion
            } else {
                VenueKind::ParkHall
            };
            b.venue(kind, gb, g);
            let g = grids[b.rng.random_range(0..grids.len())];
            b.venue(VenueKind::ServiceStation, gb, g);
        }
        for g in grids {
            let branch = org_of(net, &g.id, OrganisationKind::GridBranch).unwrap_or(gb);
            if g.grid_kind == Some(GridKind::Community) {
                if b.rng.random_bool(0.5) {
                    b.venue(VenueKind::ActivityRoom, branch, g);
                }
                for c in units_in(net, &g.id, COMPOUND) {
                    if b.rng.random_bool(0.15) {
                        b.venue(VenueKind::BuildingCourtyard, branch, c);
                    }
                }
            } else {
                for bld in units_in(net, &g.id, BUILDING) {
                    let owner = org_of(net, &bld.id, OrganisationKind::AllianceMember);
                    if let Some(owner) = owner
                        && b.rng.random_bool(0.5)
                    {
                        b.venue(VenueKind::MeetingRoom, owner, bld);
                    }
                }
            }
        }
    }
    // Regional units of the alliance: schools offer classrooms and grounds, others a room.
    let regional: Vec<&Organisation> = net
        .child_organisations(&wc.id)
        .map(|it| {
            it.filter(|o| {
                o.kind == OrganisationKind::AllianceMember
                    && o.category == Some(AllianceCategory::RegionalUnit)
            })
            .collect()
        })
        .unwrap_or_default();
    for o in regional {
        let Ok(Some(at)) = net.anchor(&o.id) else {
            continue;
        };
        if o.name.contains('学') {
            b.venue(VenueKind::Classroom, o, at);
            b.venue(VenueKind::SportsGround, o, at);
        } else {
            b.venue(VenueKind::MeetingRoom, o, at);
        }
    }
    b.venue(VenueKind::ServiceStation, wc, s);
    b.out
}

/// An activity template: name, acceptable kinds, attendees, duration range (minutes),
/// features that may be needed, whether it happens in the evening.
struct Activity {
    name: &'static str,
    kinds: &'static [VenueKind],
    attendees: (u32, u32),
    minutes: (u32, u32),
    needs: &'static [Feature],
    evening: bool,
}

const ACTIVITIES: &[Activity] = &[
    Activity {
        name: "议事协商",
        kinds: &[VenueKind::BuildingCourtyard, VenueKind::CommunityPavilion],
        attendees: (6, 25),
        minutes: (60, 90),
        needs: &[],
        evening: true,
    },
    Activity {
        name: "党课",
        kinds: &[
            VenueKind::ServiceStation,
            VenueKind::MeetingRoom,
            VenueKind::Classroom,
            VenueKind::ActivityRoom,
        ],
        attendees: (15, 40),
        minutes: (90, 120),
        needs: &[Feature::Projector],
        evening: false,
    },
    Activity {
        name: "志愿服务",
        kinds: &[
            VenueKind::ActivityRoom,
            VenueKind::ServiceStation,
            VenueKind::CommunityPavilion,
        ],
        attendees: (10, 30),
        minutes: (120, 120),
        needs: &[],
        evening: false,
    },
    Activity {
        name: "文体活动",
        kinds: &[VenueKind::SportsGround, VenueKind::ActivityRoom],
        attendees: (20, 60),
        minutes: (120, 180),
        needs: &[],
        evening: true,
    },
    Activity {
        name: "联席会议",
        kinds: &[
            VenueKind::MeetingRoom,
            VenueKind::ParkHall,
            VenueKind::ServiceStation,
        ],
        attendees: (8, 20),
        minutes: (60, 90),
        needs: &[Feature::WiFi],
        evening: false,
    },
    Activity {
        name: "培训",
        kinds: &[
            VenueKind::Classroom,
            VenueKind::MeetingRoom,
            VenueKind::ParkHall,
        ],
        attendees: (20, 50),
        minutes: (120, 120),
        needs: &[Feature::Projector],
        evening: false,
    },
    Activity {
        name: "网上议事",
        kinds: &[VenueKind::OnlineHall],
        attendees: (10, 100),
        minutes: (60, 60),
        needs: &[],
        evening: true,
    },
];

/// How a synthetic request stream is shaped (see [`requests_with`]).
///
/// ```
/// let mix = quanyu::venues::synth::RequestMix::default();
/// assert_eq!((mix.days, mix.duration_minutes, mix.series), (7, None, true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMix {
    /// Windows fall on the first `days` days of the week (1 to 7): fewer days, scarcer venues.
    pub days: u32,
    /// Every request lasts this long, if set (30 with 30-minute slots: the one-slot case).
    pub duration_minutes: Option<u32>,
    /// About one request in ten repeats weekly for four weeks; `false`: all are one-offs.
    pub series: bool,
}

impl Default for RequestMix {
    fn default() -> Self {
        RequestMix {
            days: 7,
            duration_minutes: None,
            series: true,
        }
    }
}

/// The largest `count` [`requests_with`] accepts.
pub const MAX_SYNTHETIC_REQUESTS: usize = 10_000_000;

/// `count` synthetic requests for the week starting on `week` (dates are moved to that week's
/// Monday): deliberations, Party classes, volunteer services, culture and sports, joint
/// meetings, trainings and online deliberations, asked for by building cells, grid branches,
/// general branches, alliance members and working committees of every subdistrict, spread
/// evenly over the subdistricts. About one in ten repeats weekly for four weeks; most have
/// priority 0, a few up to 3. Ids are `R<yyyymmdd>-<n>`.
///
/// ```
/// # fn main() -> quanyu::Result<()> {
/// use quanyu::venues::synth;
/// let net = quanyu::synth::community(5)?;
/// let menu = synth::menu(&net, 5)?;
/// let week = synth::week_of(quanyu::synth::REFERENCE_DATE);
/// let a = synth::requests(&net, &menu, week, 50, 9)?;
/// assert_eq!(a, synth::requests(&net, &menu, week, 50, 9)?);
/// assert!(a.iter().all(|r| !r.windows.is_empty()));
/// # Ok(()) }
/// ```
pub fn requests(
    net: &Network,
    menu: &Menu,
    week: NaiveDate,
    count: usize,
    seed: u64,
) -> Result<Vec<RequestRecord>> {
    requests_with(net, menu, week, count, seed, &RequestMix::default())
}

/// Like [`requests`], shaped by `mix`.
///
/// ```
/// # fn main() -> quanyu::Result<()> {
/// use quanyu::venues::synth::{self, RequestMix};
/// let net = quanyu::synth::community(5)?;
/// let menu = synth::menu(&net, 5)?;
/// let mix = RequestMix { days: 1, duration_minutes: Some(30), series: false };
/// let rs = synth::requests_with(&net, &menu, synth::WEEK, 40, 5, &mix)?;
/// assert!(rs.iter().all(|r| r.duration_minutes == 30 && r.repeat_weeks == 1));
/// assert!(rs.iter().all(|r| r.windows.iter().all(|w| w.start.date() == synth::WEEK)));
/// assert!(synth::requests_with(&net, &menu, synth::WEEK, 1, 5, &RequestMix { days: 0, ..mix }).is_err());
/// # Ok(()) }
/// ```
pub fn requests_with(
    net: &Network,
    menu: &Menu,
    week: NaiveDate,
    count: usize,
    seed: u64,
    mix: &RequestMix,
) -> Result<Vec<RequestRecord>> {
    if !(1..=7).contains(&mix.days) {
        return Err(crate::Error::invalid_argument(
            "days",
            format!("expected 1 to 7, not {}", mix.days),
        ));
    }
    if mix.duration_minutes.is_some_and(|m| m == 0 || m > 600) {
        return Err(crate::Error::invalid_argument(
            "duration_minutes",
            "expected 1 to 600 minutes",
        ));
    }
    if count > MAX_SYNTHETIC_REQUESTS {
        return Err(crate::Error::invalid_argument(
            "count",
            format!("at most {MAX_SYNTHETIC_REQUESTS} requests at a time, not {count}"),
        ));
    }
    let week = week_of(week);
    // The requests and their series span five weeks from `week`.
    if week.checked_add_days(chrono::Days::new(36)).is_none() {
        return Err(crate::Error::invalid_argument(
            "week",
            format!("{week} is too near the end of the calendar"),
        ));
    }
    let subs = subdistricts(net);
    if subs.is_empty() || count == 0 {
        return Ok(Vec::new());
    }
    // Features somebody offers, by kind: requests never need what nobody has.
    let mut offered = [FeatureSet::EMPTY; 16];
    for v in menu.venues() {
        let k = v.kind as usize;
        offered[k] = FeatureSet::from_iter(offered[k].iter().chain(v.features.iter()));
    }
    let n = subs.len();
    let parts: Vec<Vec<RequestRecord>> = subs
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let mine = count / n + usize::from(i < count % n);
            let first = i * (count / n) + i.min(count % n);
            subdistrict_requests(net, s, week, mine, first, seed, i, &offered, mix)
        })
        .collect();
    Ok(parts.into_iter().flatten().collect())
}

#[allow(clippy::too_many_arguments)]
fn subdistrict_requests(
    net: &Network,
    s: &Unit,
    week: NaiveDate,
    count: usize,
    first: usize,
    seed: u64,
    index: usize,
    offered: &[FeatureSet; 16],
    mix: &RequestMix,
) -> Vec<RequestRecord> {
    let mut rng = rng_for(seed, 0x5EED_0002 ^ week.num_days_from_ce() as u64, index);
    // Requesters by kind.
    let mut cells = Vec::new();
    let mut branches = Vec::new();
    let mut generals = Vec::new();
    let mut alliance = Vec::new();
    let mut committees = Vec::new();
    let mut anchored = |unit: &str| {
        for o in net.organisations_at(unit).unwrap_or_default() {
            match o.kind {
                OrganisationKind::BuildingCell => cells.push(o.id.clone()),
                OrganisationKind::GridBranch => branches.push(o.id.clone()),
                OrganisationKind::GeneralBranch => generals.push(o.id.clone()),
                OrganisationKind::AllianceMember => alliance.push(o.id.clone()),
                OrganisationKind::WorkingCommittee => committees.push(o.id.clone()),
            }
        }
    };
    anchored(&s.id);
    for level in [AREA, GRID, BUILDING] {
        for u in units_in(net, &s.id, level) {
            anchored(&u.id);
        }
    }
    let pools: [(&Vec<CompactString>, u32); 5] = [
        (&cells, 40),
        (&branches, 25),
        (&generals, 15),
        (&alliance, 15),
        (&committees, 5),
    ];
    let total: u32 = pools
        .iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(_, w)| w)
        .sum();
    if total == 0 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(count);
    let t = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN);
    for k in 0..count {
        let mut pick = rng.random_range(0..total);
        let mut pool = &cells;
        let mut is_alliance = false;
        for (i, (p, w)) in pools.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            if pick < *w {
                pool = p;
                is_alliance = i == 3;
                break;
            }
            pick -= w;
        }
        let org = pool[rng.random_range(0..pool.len())].clone();
        let activity = if is_alliance && rng.random_bool(0.6) {
            &ACTIVITIES[if rng.random_bool(0.5) { 4 } else { 5 }]
        } else {
            let weights = [35u32, 15, 15, 12, 5, 8, 10];
            let mut x = rng.random_range(0..weights.iter().sum::<u32>());
            let mut a = 0;
            while x >= weights[a] {
                x -= weights[a];
                a += 1;
            }
            &ACTIVITIES[a]
        };
        let mut needs = FeatureSet::EMPTY;
        for &f in activity.needs {
            if rng.random_bool(0.5)
                && activity
                    .kinds
                    .iter()
                    .any(|k| offered[*k as usize].contains(f))
            {
                needs = needs.with(f);
            }
        }
        let step =
            |rng: &mut ChaCha8Rng, lo: u32, hi: u32| lo + 30 * rng.random_range(0..=(hi - lo) / 30);
        let drawn = step(&mut rng, activity.minutes.0, activity.minutes.1);
        let duration = mix.duration_minutes.unwrap_or(drawn);
        let mut r = RequestRecord::new(
            format!("R{}-{:06}", week.format("%Y%m%d"), first + k + 1),
            org,
            activity.name,
            rng.random_range(activity.attendees.0..=activity.attendees.1),
            duration,
        )
        .kinds(activity.kinds.iter().copied())
        .features(needs);
        if activity.name == "议事协商" && rng.random_bool(0.1) {
            r.kinds.push(VenueKind::OnlineHall);
        }
        let windows = rng.random_range(1..=3u32);
        let mut days: Vec<i64> = Vec::new();
        for _ in 0..windows {
            let day = rng.random_range(0..7i64) % i64::from(mix.days);
            if days.contains(&day) {
                continue;
            }
            days.push(day);
            let (lo, hi) = if activity.evening && rng.random_bool(0.6) {
                (17 * 60, 20 * 60)
            } else {
                (8 * 60, 16 * 60)
            };
            let start = step(&mut rng, lo, hi);
            let length = duration + step(&mut rng, 0, 180);
            let date = week + Duration::days(day);
            let from = date.and_time(t(start));
            let to = from + Duration::minutes(i64::from(length));
            r.windows.push(TimeWindow::new(from, to));
        }
        r.priority = match rng.random_range(0..100u32) {
            0..70 => 0,
            70..90 => 1,
            90..98 => 2,
            _ => 3,
        };
        if rng.random_bool(0.1) && mix.series {
            r.repeat_weeks = 4;
        }
        if rng.random_bool(0.3) {
            r.max_travel = Proximity::SameArea;
        }
        out.push(r);
    }
    out
}
