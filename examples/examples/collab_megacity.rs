//! A city-wide consultation and the megacity alliance's six links, at full scale.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example collab_megacity -- [TURNOUT_PERCENT] [links]
//! ```
//!
//! With `links` as the second argument only the six-links part runs.
//!
//! Builds the megacity with every resident a person (the population register, about 25
//! million persons), puts one motion to a forum at the city's root (a residents' meeting:
//! every adult of the city votes, eligibility read from the register on the decision day),
//! casts ballots for TURNOUT_PERCENT (default 60) of the adults in one batch, and times the
//! eligibility-and-tally pass over the register (the median of five). Then the synthetic
//! collaboration of the megacity (without residents as persons, as `synth::megacity` makes
//! it) and the six-links report of its alliance (the median of twenty).

use std::time::Instant;

use chrono::Days;
use mimalloc::MiMalloc;
use quanyu::collab::{
    BallotRecord, Choice, CollabRecords, Collaboration, ForumRecord, MotionRecord,
};
use quanyu::progress::Progress;
use quanyu::venues::VenueKind;

#[global_allocator]
static HEAP: MiMalloc = MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> quanyu::Result<()> {
    let turnout: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(60)
        .min(100);
    if std::env::args().nth(2).as_deref() != Some("links") {
        consultation(turnout)?;
    }
    six_links()
}

/// The city-wide consultation on the register of every resident.
fn consultation(turnout: u64) -> quanyu::Result<()> {
    let t = Instant::now();
    let net = quanyu::synth::megacity_residents(1, &Progress::default())?;
    println!(
        "register: {} persons, {} units, built in {:.1} s",
        net.person_count(),
        net.unit_count(),
        t.elapsed().as_secs_f64()
    );
    let root = net
        .roots()
        .next()
        .map(|u| u.id.to_string())
        .unwrap_or_default();
    let decided = quanyu::synth::REFERENCE_DATE;
    let mut book = Collaboration::new();
    let batch = CollabRecords {
        forums: vec![ForumRecord::new("CITY", &root, VenueKind::OnlineHall).name("网上议事厅")],
        motions: vec![
            MotionRecord::new("M", "城市更新规划征求意见", "residents_meeting", decided)
                .forum("CITY")
                .notice(decided - Days::new(15)),
        ],
        ..Default::default()
    };
    book.apply(&net, batch)?;
    // Every adult on the register, and a deterministic share of them voting.
    let t = Instant::now();
    let at = decided.and_hms_opt(10, 0, 0).unwrap_or_default();
    let mut ballots = Vec::new();
    let mut adults = 0u64;
    for (i, p) in net.persons().enumerate() {
        if p.moved_out.is_some() || p.age_on(decided).is_none_or(|a| a < 18) {
            continue;
        }
        if net.home(&p.id)?.is_none() {
            continue;
        }
        adults += 1;
        if (i as u64 * 2_654_435_761) % 100 < turnout {
            let choice = if i % 3 == 0 {
                Choice::Against
            } else {
                Choice::For
            };
            ballots.push(BallotRecord::new("M", p.id.as_str(), choice, at));
        }
    }
    let cast = ballots.len();
    book.apply(
        &net,
        CollabRecords {
            ballots,
            ..Default::default()
        },
    )?;
    println!(
        "ballots: {cast} of {adults} adults cast and checked in one batch in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    let mut tally = None;
    for _ in 0..5 {
        let t = Instant::now();
        tally = Some(book.tally(&net, "M")?);
        times.push(t.elapsed().as_secs_f64());
    }
    if let Some(tally) = tally {
        println!("tally: {}", tally.arithmetic);
        println!(
            "eligibility and tally over {} eligible: median {:.3} s of 5 ({} threads)",
            tally.eligible,
            median(times),
            rayon::current_num_threads()
        );
    }
    Ok(())
}

/// The megacity's collaboration and the six-links report of its alliance.
fn six_links() -> quanyu::Result<()> {
    let t = Instant::now();
    let city = quanyu::synth::megacity(1)?;
    let collab = quanyu::collab::synth::collaboration(&city, 1)?;
    println!(
        "megacity collaboration: {} links, {} projects, {} meetings, {} motions in {:.1} s",
        collab.links().len(),
        collab.projects().len(),
        collab.meetings().len(),
        collab.motions().len(),
        t.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    let mut members = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let report = collab.six_links(&city, quanyu::synth::REFERENCE_DATE, None)?;
        times.push(t.elapsed().as_secs_f64());
        members = report.members.len();
    }
    println!(
        "six-links report: {members} alliance members, median {:.1} ms of 20",
        median(times) * 1000.0
    );
    Ok(())
}
