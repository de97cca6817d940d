//! The main job on the built-in example subdistrict, told in plain sentences: what the
//! network holds, what the structural check finds, how well the four contracts (四包) are
//! kept, what an optimal plan would change, how a week of requests fits the shared venues
//! (红色共享阵地), how the subdistrict works together (六联: links, council, carriages,
//! projects, residents' votes), and a report for the office as one HTML file.
//!
//! ```text
//! cargo run --release -p quanyu-examples --example demo -- [REPORT.html]
//! ```
//!
//! `make demo` runs it and writes the report under the build directory.

use std::time::Instant;

use quanyu::contracts::{self, Rules, UncoveredReason};
use quanyu::report::Report;
use quanyu::synth::{self, REFERENCE_DATE};
use quanyu::venues::{self, MatchOptions, MenuRecords, VenueKind};
use quanyu::{ContractKind, GridKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "report.html".to_owned());
    let started = Instant::now();
    let day = REFERENCE_DATE;

    // 1. The network.
    let mut net = synth::community(2024)?;
    let name = net
        .units()
        .next()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let count = |level: &str| net.units_by_level(level).map(|u| u.len()).unwrap_or(0);
    let grids: Vec<_> = net.units_by_level("Grid")?.collect();
    let community = grids
        .iter()
        .filter(|g| g.grid_kind == Some(GridKind::Community))
        .count();
    println!("{name}, a made-up subdistrict (街道) built in for trying quanyu out, on {day}.");
    println!();
    println!(
        "It has {} areas, {} grids (网格) — {community} residential community grids (社区网格) and \
         {} business-district grids (商圈网格) —",
        count("Area"),
        grids.len(),
        grids.len() - community
    );
    println!(
        "{} residential compounds (小区), {} buildings (楼栋), {} households and {} residents,",
        count("Compound"),
        count("Building"),
        thousands(count("Household")),
        thousands(net.person_count())
    );
    println!(
        "with {} Party organisations (党组织) and {} key tasks (重点攻坚任务) on record.",
        thousands(net.organisation_count()),
        net.task_count()
    );

    // 2. The structural check.
    let check = net.audit(day);
    println!();
    println!(
        "The structural check (结构检查) finds {} gaps:",
        check.gap_count()
    );
    let lines = [
        (
            check.grids_short_of_leaders.len(),
            ("grid has", "grids have"),
            "fewer than the two grid leaders it needs (双网格长)",
        ),
        (
            check.grids_without_branch.len(),
            ("grid has", "grids have"),
            "no grid Party branch (网格党支部)",
        ),
        (
            check.buildings_without_cell.len(),
            ("building has", "buildings have"),
            "no building Party cell (楼栋党小组)",
        ),
        (
            check.persons_without_home.len(),
            ("resident has", "residents have"),
            "no recorded home",
        ),
        (
            check.misplaced_posts.len(),
            ("post is", "posts are"),
            "held at a level where it does not belong",
        ),
    ];
    for (n, (one, many), what) in lines {
        if n > 0 {
            println!("  - {n} {} {what}.", if n == 1 { one } else { many });
        }
    }

    // 3. The four contracts as recorded.
    let rules = Rules::default();
    let before = contracts::audit(&net, day, &rules);
    println!();
    println!("The four contracts (四包), as recorded:");
    for r in &before.rules {
        println!(
            "  - {}: {} of {} {} covered ({:.0}%).",
            kind_words(r.kind),
            thousands(r.covered),
            thousands(r.targets),
            target_words(r.kind),
            100.0 * r.ratio()
        );
    }
    let ineligible: usize = before.rules.iter().map(|r| r.ineligible.len()).sum();
    let duplicates: usize = before.rules.iter().map(|r| r.duplicates.len()).sum();
    let over: usize = before.rules.iter().map(|r| r.over_capacity.len()).sum();
    println!(
        "  The records also hold {} whose holder does not count (moved away, not a Party member,",
        counted(ineligible, "contract", "contracts")
    );
    println!(
        "  or out of reach), {} twice, and {} with more than they can carry.",
        counted(duplicates, "contract entered", "contracts entered"),
        counted(over, "holder", "holders")
    );

    // 4. The optimal plan.
    let t = Instant::now();
    let plan = contracts::plan(&net, day, &rules)?;
    let took = t.elapsed();
    let kept: usize = plan.rules.iter().map(|r| r.kept).sum();
    let added: usize = plan.rules.iter().map(|r| r.add.len()).sum();
    let ended: usize = plan.rules.iter().map(|r| r.end.len()).sum();
    println!();
    println!(
        "An optimal plan, worked out in {:.2} seconds, keeps {} contracts, starts {} and ends {}:",
        took.as_secs_f64(),
        thousands(kept),
        thousands(added),
        thousands(ended)
    );
    println!("it covers as many targets as possible, then picks the holders who live nearest.");
    for r in &plan.rules {
        let was = before.rule(r.kind).map_or(0.0, |a| a.ratio());
        let now = if r.targets == 0 {
            1.0
        } else {
            r.covered as f64 / r.targets as f64
        };
        println!(
            "  - {}: coverage goes from {:.0}% to {:.0}%.",
            kind_words(r.kind),
            100.0 * was,
            100.0 * now
        );
        if let Some(u) = r.uncovered.first() {
            let why = match u.reason {
                UncoveredReason::NoEligibleHolder => "no one eligible lives or works near enough",
                UncoveredReason::HoldersAtCapacity => "everyone eligible already has a full load",
            };
            println!(
                "    {} uncovered because {why} (for example {}).",
                counted(r.uncovered.len(), "target stays", "targets stay"),
                u.target
            );
        }
    }
    let report = Report::new(&net, day).rules(&rules).plan(&plan);

    // 5. A week on the shared venues.
    let mut menu = venues::synth::menu(&net, 2024)?;
    let week = venues::synth::WEEK;
    let requests = venues::synth::requests(&net, &menu, week, 400, 2024)?;
    let sessions: u32 = requests.iter().map(|r| r.repeat_weeks).sum();
    menu.add(
        &net,
        MenuRecords {
            requests,
            ..Default::default()
        },
    )?;
    let matching = menu.match_requests(&net, &MatchOptions::default())?;
    let placed = matching.placed.len();
    println!();
    println!(
        "The shared venues (红色共享阵地): {} venues offered by communities, enterprises and \
         schools,",
        menu.venue_count()
    );
    println!(
        "and {} requests for {sessions} sessions from the week of {week}. {placed} sessions are \
         placed ({:.0}%),",
        menu.request_count(),
        100.0 * placed as f64 / (placed + matching.unplaced.len()).max(1) as f64
    );
    println!("higher priorities first and the scarce venues shared fairly between communities.");
    let reasons = matching.unplaced_by_reason();
    if !reasons.is_empty() {
        println!("Not placed:");
        for (reason, n) in reasons {
            println!(
                "  - {}: {}.",
                counted(n, "session", "sessions"),
                reason.describe()
            );
        }
    }
    let far = menu.coverage_gaps(&net, VenueKind::CommunityPavilion, 3)?;
    if !far.is_empty() {
        println!(
            "{} no community pavilion (社区议事亭) within reach.",
            counted(far.len(), "residential area has", "residential areas have")
        );
    }

    // 6. Working together (六联六治).
    working_together(&net, day)?;

    // 7. The pioneers' reach and the report.
    let reach = contracts::reach(&net, day);
    println!();
    println!(
        "一十百 (each pioneer leads ten volunteers who reach a hundred residents): of {} pioneers,",
        reach.pioneers.len()
    );
    println!(
        "{} lead fewer than ten volunteers and {} reach fewer than a hundred residents.",
        reach.below_ten_volunteers.len(),
        reach.below_hundred_residents.len()
    );

    let html = report.venues(&menu, &matching).html();
    std::fs::write(&out, html)?;
    net.apply(plan.changes())?;
    let path = std::fs::canonicalize(&out)?;
    println!();
    println!(
        "The report for the office — coverage by grid, the plan's changes, the gaps and the venues —"
    );
    println!("is in {} (open it in any browser).", path.display());
    println!(
        "Everything above took {:.1} seconds.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The six links, the council, the three carriages, the projects and the residents' votes.
fn working_together(
    net: &quanyu::Network,
    day: chrono::NaiveDate,
) -> Result<(), Box<dyn std::error::Error>> {
    let book = quanyu::collab::synth::collaboration(net, 2024)?;
    let links = book.six_links(net, day, None)?;
    println!();
    println!(
        "Working together (六联): {} links between {} alliance members and the Party organisations.",
        book.links().len(),
        links.members.len()
    );
    println!(
        "{} no link at all; {} without any evidence; {} evidence has run out.",
        counted(links.unlinked.len(), "member holds", "members hold"),
        counted(
            links.unevidenced.len(),
            "running link is",
            "running links are"
        ),
        counted(links.evidence_ended.len(), "link's", "links'")
    );
    if let Some(s) = net.units_by_level("Subdistrict")?.next() {
        let council = book.council(net, &s.id, day, 3)?;
        let name = |id: Option<&String>| {
            id.and_then(|id| net.organisation(id).ok())
                .map_or_else(|| "nobody".to_owned(), |o| o.name.to_string())
        };
        println!(
            "The council (全域党建理事会) is chaired by {}, after {} in rotation, with {} and {}.",
            name(council.chair.as_ref()),
            name(council.rotation.first()),
            counted(council.vice_chairs.len(), "vice-chair", "vice-chairs"),
            counted(council.members.len(), "member", "members")
        );
    }
    let carriages = book.carriages_on(net, day)?;
    let incomplete = carriages.iter().filter(|c| !c.is_complete()).count();
    let red = carriages.iter().filter(|c| c.red_property).count();
    println!(
        "三驾马车: {incomplete} of {} compounds lack a residents' committee, owners' committee or \
         property company; {red} have red property management (红色物业).",
        carriages.len()
    );
    let projects = book.projects_rollup(day);
    let money: u64 = projects.iter().map(|p| p.money).sum();
    let overdue: u32 = projects.iter().map(|p| p.milestones_overdue).sum();
    println!(
        "{} governance projects (项目联认) with {} adopting units pledging {} yuan; {}.",
        projects.len(),
        book.adopters_rollup().len(),
        thousands(money as usize),
        counted(
            overdue as usize,
            "milestone is overdue",
            "milestones are overdue"
        )
    );
    println!("Residents decided (问政于民):");
    for t in book.tallies(net)? {
        let motion = book.motion(&t.motion)?;
        println!(
            "  - {}: {} of {} eligible took part, {} for — {}.",
            motion.text,
            t.taking_part,
            t.eligible,
            t.for_votes,
            if t.adopted {
                "adopted"
            } else if !t.quorum_met {
                "no quorum"
            } else if !t.notice_met {
                "notice too short"
            } else {
                "not adopted"
            }
        );
    }
    Ok(())
}

/// A contract kind in words, with its Chinese name.
fn kind_words(kind: ContractKind) -> &'static str {
    match kind {
        ContractKind::Compound => "second secretaries for compounds (第二书记包小区)",
        ContractKind::Building => "second building leaders for buildings (党员第二楼组长包楼栋)",
        ContractKind::Neighbours => "members for their neighbours (社区党员包邻里)",
        ContractKind::KeyTask => "organisations for key tasks (党组织包重点攻坚任务)",
    }
}

fn target_words(kind: ContractKind) -> &'static str {
    match kind {
        ContractKind::Compound => "compounds",
        ContractKind::Building => "buildings",
        ContractKind::Neighbours => "households",
        ContractKind::KeyTask => "tasks",
    }
}

/// 23456 → "23,456".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 grid", "3 grids".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}
