//! Seeded synthetic event streams for the synthetic cities: a realistic mix of categories
//! with their seasons, most events handled in time, some late, carded or escalated.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Channel, EventLog, EventRecord, Severity, TransitionRecord, WorkCalendar};
use crate::{Network, Result, Role};

/// What to generate.
///
/// ```
/// let o = quanyu::events::StreamOptions::default();
/// assert_eq!((o.year, o.events_per_grid), (2024, 400));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StreamOptions {
    /// The year of the stream (it must be covered by the calendar).
    pub year: i32,
    /// Events raised in each grid over the year.
    pub events_per_grid: u32,
    /// The seed: the same seed gives the same stream.
    pub seed: u64,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            year: 2024,
            events_per_grid: 400,
            seed: 2024,
        }
    }
}

/// The category mix: code and weight (per cent), and the months when it runs high.
const MIX: [(&str, u32, &[u32]); 11] = [
    ("environment", 25, &[6, 7, 8]),
    ("safety_hazard", 15, &[12, 1, 2]),
    ("dispute", 12, &[2]),
    ("livelihood", 15, &[]),
    ("property", 10, &[]),
    ("policy", 8, &[9]),
    ("grid", 5, &[]),
    ("street_block", 3, &[]),
    ("park", 2, &[]),
    ("office_building", 2, &[]),
    ("online", 3, &[]),
];

/// A grid with the people who handle its events, and the units where events happen.
struct GridCrew<'a> {
    id: String,
    worker: String,
    leader: String,
    /// The units of the grid, borrowed: a city's millions of ids are not copied.
    places: Vec<&'a str>,
}

fn crews(net: &Network, day: NaiveDate) -> Result<Vec<GridCrew<'_>>> {
    let mut out = Vec::new();
    for grid in net.units_by_level("Grid")? {
        let first = |role| -> Result<Option<String>> {
            Ok(net
                .posts_at_unit(&grid.id, day, Some(role))?
                .into_iter()
                .map(|h| h.person.id.to_string())
                .next())
        };
        let (Some(worker), Some(leader)) = (first(Role::GridWorker)?, first(Role::GridLeader)?)
        else {
            continue;
        };
        let mut places: Vec<&str> = net.descendants(&grid.id)?.map(|u| u.id.as_str()).collect();
        places.push(grid.id.as_str());
        out.push(GridCrew {
            id: grid.id.to_string(),
            worker,
            leader,
            places,
        });
    }
    Ok(out)
}

/// A year of events for every grid of `net` that has a grid worker and a grid leader on the
/// first day of the year, in the five-step workflow, every transition taken by a post holder
/// of that day: replay accepts them all. Grids generate in parallel; the stream depends only
/// on the network and the options.
///
/// ```
/// use quanyu::events::{EventBook, StreamOptions, Workflow, synth_stream};
///
/// let net = quanyu::synth::community(7)?;
/// let log = synth_stream(&net, &StreamOptions { events_per_grid: 20, ..Default::default() })?;
/// assert!(log.events().len() > 100);
/// let book = EventBook::new(Workflow::five_step()).with_log(log);
/// let end = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap().and_hms_opt(23, 0, 0).unwrap();
/// let year = book.replay(&net, end)?;
/// assert!(year.refusals.is_empty());
/// assert!(!year.cards.is_empty());
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn synth_stream(net: &Network, options: &StreamOptions) -> Result<EventLog> {
    let calendar = WorkCalendar::china();
    let jan1 = NaiveDate::from_ymd_opt(options.year, 1, 1).ok_or_else(|| {
        crate::Error::invalid_argument("year", format!("{} is not a year", options.year))
    })?;
    // The year must be covered: an error now rather than a silent empty stream.
    calendar.is_working_day(jan1)?;
    let crews = crews(net, jan1)?;
    let mut log = EventLog::new();
    // One grid at a time: each grid's records are packed and dropped before the next grid's
    // are made, so the records of one grid at most exist beside the packed log (making them
    // on other threads saved little, as packing them is most of the work).
    for (index, crew) in crews.iter().enumerate() {
        let (events, transitions) = grid_stream(crew, index as u64, options, &calendar);
        for e in events {
            log.add_event(e)?;
        }
        log.merge(transitions)?;
    }
    // The stream is made once and then read: the room its lists grew ahead is given back.
    log.shrink_to_fit();
    Ok(log)
}

/// The category of an event raised in `month`.
fn category(rng: &mut ChaCha8Rng, month: u32) -> &'static str {
    let weight =
        |(_, w, high): &(&str, u32, &[u32])| if high.contains(&month) { w * 3 / 2 } else { *w };
    let total: u32 = MIX.iter().map(weight).sum();
    let mut pick = rng.random_range(0..total);
    for m in &MIX {
        let w = weight(m);
        if pick < w {
            return m.0;
        }
        pick -= w;
    }
    MIX[0].0
}

fn severity(rng: &mut ChaCha8Rng) -> Severity {
    match rng.random_range(0..100) {
        0..70 => Severity::Low,
        70..90 => Severity::Medium,
        90..98 => Severity::High,
        _ => Severity::Urgent,
    }
}

fn grid_stream(
    crew: &GridCrew<'_>,
    index: u64,
    options: &StreamOptions,
    calendar: &WorkCalendar,
) -> (Vec<EventRecord>, Vec<TransitionRecord>) {
    let mut rng =
        ChaCha8Rng::seed_from_u64(options.seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let jan1 = NaiveDate::from_ymd_opt(options.year, 1, 1).expect("checked by the caller");
    let days = if jan1.leap_year() { 366 } else { 365 };
    let end = NaiveDate::from_ymd_opt(options.year, 12, 31)
        .expect("a year has a last day")
        .and_hms_opt(23, 59, 0)
        .expect("a valid time");
    let device = format!("grid-{}", crew.id);
    let mut seq = 0u64;
    let mut events = Vec::with_capacity(options.events_per_grid as usize);
    let mut transitions = Vec::with_capacity(options.events_per_grid as usize * 6);
    for n in 0..options.events_per_grid {
        let day = jan1 + TimeDelta::days(rng.random_range(0..days));
        let time = NaiveTime::from_hms_opt(rng.random_range(8..19), rng.random_range(0..60), 0)
            .expect("a valid time");
        let reported = day.and_time(time);
        let id = format!("{}-E{n:05}", crew.id);
        let place = crew.places[rng.random_range(0..crew.places.len())];
        let channel = [
            Channel::Patrol,
            Channel::Patrol,
            Channel::ResidentReport,
            Channel::Hotline,
            Channel::AppPhoto,
            Channel::Sensor,
        ][rng.random_range(0..6)];
        events.push(
            EventRecord::new(&id, category(&mut rng, day.month()), place, reported)
                .channel(channel)
                .severity(severity(&mut rng)),
        );
        // The steps, each some working minutes after the one before: most events are
        // handled in time; some wait days to be discovered, some take weeks to handle.
        let discover = match rng.random_range(0..100) {
            0..85 => rng.random_range(10..240),
            85..95 => rng.random_range(420..1050),
            _ => rng.random_range(1260..2100),
        };
        let handle = match rng.random_range(0..100) {
            0..80 => rng.random_range(120..1680),
            80..93 => rng.random_range(2100..4200),
            _ => rng.random_range(4200..8400),
        };
        let pause = rng.random_range(0..100) < 5;
        let mut steps: Vec<(&str, &str, i64, Option<&str>)> = vec![
            ("discover", &crew.worker, discover, None),
            (
                "dispatch",
                &crew.leader,
                rng.random_range(10..120),
                Some(&crew.worker),
            ),
            ("take", &crew.worker, rng.random_range(10..60), None),
        ];
        if pause {
            steps.push(("wait", &crew.worker, rng.random_range(30..300), None));
            steps.push(("resume", &crew.worker, rng.random_range(420..1260), None));
        }
        steps.push(("complete", &crew.worker, handle, None));
        steps.push(("feed_back", &crew.worker, rng.random_range(10..240), None));
        let mut at = reported;
        for (action, actor, minutes, target) in steps {
            at = match calendar.add_working_minutes(at, minutes) {
                Ok(next) if next <= end => next,
                // Past the end of the year: the event stays open.
                _ => break,
            };
            seq += 1;
            let mut t = TransitionRecord::new(&id, action, actor, at).on(&device, seq);
            if let Some(target) = target {
                t = t.target(target);
            }
            transitions.push(t);
        }
    }
    (events, transitions)
}
