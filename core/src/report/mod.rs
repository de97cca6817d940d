//! A self-contained HTML report of a network, for the people who run it: how well each of the
//! four contracts (四包) covers each grid, as a chart and a table; what an optimal plan would
//! change; the gaps the audits found; and how the shared venues (红色共享阵地) are used.
//!
//! The page is one string: inline CSS and inline SVG charts, no script and nothing fetched, so
//! it opens from a file, an e-mail attachment or a phone without a network.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! use quanyu::contracts::{self, Rules};
//! use quanyu::report::Report;
//!
//! let net = quanyu::synth::community(2024)?;
//! let day = quanyu::synth::REFERENCE_DATE;
//! let plan = contracts::plan(&net, day, &Rules::default())?;
//! let html = Report::new(&net, day).plan(&plan).html();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("<svg") && !html.contains("<script"));
//! # Ok(()) }
//! ```

mod svg;

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::contracts::{self, ContractAudit, Plan, Rules};
use crate::model::{ContractKind, Network, StructuralAudit};
use crate::venues::{MatchReport, Menu};

/// How many rows a long list shows before it says how many more there are.
const LIST_LIMIT: usize = 40;

/// What a report shows, gathered before it is written: the network and its date, and the
/// optional parts (a plan, a venue match).
///
/// ```
/// # fn main() -> quanyu::Result<()> {
/// use quanyu::report::Report;
/// let net = quanyu::synth::community(1)?;
/// let html = Report::new(&net, quanyu::synth::REFERENCE_DATE)
///     .title("Weekly report")
///     .html();
/// assert!(html.contains("<title>Weekly report</title>"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Report<'a> {
    net: &'a Network,
    as_of: NaiveDate,
    title: String,
    rules: Option<&'a Rules>,
    plan: Option<&'a Plan>,
    venues: Option<(&'a Menu, &'a MatchReport)>,
}

/// The report of `net` on `as_of` with the default contract rules and no optional parts; see
/// [`Report`] to add a plan and the venues.
///
/// ```
/// # fn main() -> quanyu::Result<()> {
/// let net = quanyu::synth::community(1)?;
/// let html = quanyu::report::html(&net, quanyu::synth::REFERENCE_DATE);
/// assert!(html.contains("Coverage of the four contracts"));
/// # Ok(()) }
/// ```
pub fn html(net: &Network, as_of: NaiveDate) -> String {
    Report::new(net, as_of).html()
}

impl<'a> Report<'a> {
    /// A report of `net` on `as_of`: its shape, the structural audit and the contract audit.
    ///
    /// ```
    /// let net = quanyu::Network::new();
    /// let html = quanyu::report::Report::new(&net, quanyu::synth::REFERENCE_DATE).html();
    /// assert!(html.contains("2024-10-13"));
    /// ```
    pub fn new(net: &'a Network, as_of: NaiveDate) -> Self {
        Report {
            net,
            as_of,
            title: String::new(),
            rules: None,
            plan: None,
            venues: None,
        }
    }

    /// The page's title (by default the name of the network's first root unit).
    ///
    /// ```
    /// let net = quanyu::Network::new();
    /// let html = quanyu::report::Report::new(&net, quanyu::synth::REFERENCE_DATE).title("A & B").html();
    /// assert!(html.contains("<h1>A &amp; B</h1>"));
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The contract rules to audit against (by default [`Rules::default`]).
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// let net = quanyu::synth::community(1)?;
    /// let rules = quanyu::contracts::Rules::default();
    /// let html = quanyu::report::Report::new(&net, quanyu::synth::REFERENCE_DATE).rules(&rules).html();
    /// assert!(html.contains("Neighbours"));
    /// # Ok(()) }
    /// ```
    pub fn rules(mut self, rules: &'a Rules) -> Self {
        self.rules = Some(rules);
        self
    }

    /// A plan of the contracts for the network as it is (not yet applied): the report lists
    /// its changes and shows each grid's coverage once it is applied.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// use quanyu::contracts::{plan, Rules};
    /// let net = quanyu::synth::community(1)?;
    /// let day = quanyu::synth::REFERENCE_DATE;
    /// let p = plan(&net, day, &Rules::default())?;
    /// let html = quanyu::report::Report::new(&net, day).plan(&p).html();
    /// assert!(html.contains("What the optimal plan changes"));
    /// # Ok(()) }
    /// ```
    pub fn plan(mut self, plan: &'a Plan) -> Self {
        self.plan = Some(plan);
        self
    }

    /// The shared-venue menu and a match of its requests: the report shows what was placed,
    /// what was not and why, and each area's open, booked and requested hours.
    ///
    /// ```
    /// # fn main() -> quanyu::Result<()> {
    /// use quanyu::venues::{self, MatchOptions, MenuRecords};
    /// let net = quanyu::synth::community(1)?;
    /// let day = quanyu::synth::REFERENCE_DATE;
    /// let mut menu = venues::synth::menu(&net, 1)?;
    /// let requests = venues::synth::requests(&net, &menu, venues::synth::week_of(day), 50, 1)?;
    /// menu.add(&net, MenuRecords { requests, ..Default::default() })?;
    /// let matching = menu.match_requests(&net, &MatchOptions::default())?;
    /// let html = quanyu::report::Report::new(&net, day).venues(&menu, &matching).html();
    /// assert!(html.contains("Use of the shared venues"));
    /// # Ok(()) }
    /// ```
    pub fn venues(mut self, menu: &'a Menu, matching: &'a MatchReport) -> Self {
        self.venues = Some((menu, matching));
        self
    }

    /// The page: one self-contained HTML document.
    ///
    /// ```
    /// let net = quanyu::Network::new();
    /// let page = quanyu::report::Report::new(&net, quanyu::synth::REFERENCE_DATE).html();
    /// assert!(page.trim_end().ends_with("</html>"));
    /// ```
    pub fn html(&self) -> String {
        let default_rules = Rules::default();
        let rules = self.rules.unwrap_or(&default_rules);
        let net = self.net;
        let title = if self.title.is_empty() {
            net.units()
                .next()
                .map(|u| format!("{}: governance report", u.name))
                .unwrap_or_else(|| "Governance report".to_owned())
        } else {
            self.title.clone()
        };
        let structural = net.audit(self.as_of);
        let audit = contracts::audit(net, self.as_of, rules);
        let after = self.plan.and_then(|plan| {
            let mut planned = net.clone();
            planned.apply(plan.changes()).ok()?;
            Some(contracts::audit(&planned, self.as_of, rules))
        });

        let mut page = Page::default();
        page.head(&title);
        let _ = write!(
            page.0,
            "<h1>{}</h1>\n<p class=\"lede\">The state of the network on <strong>{}</strong>, \
             written by quanyu {}.</p>\n",
            esc(&title),
            self.as_of,
            env!("CARGO_PKG_VERSION")
        );
        self.shape(&mut page, &structural);
        self.coverage(&mut page, &audit, after.as_ref());
        if let Some(plan) = self.plan {
            self.plan_section(&mut page, plan);
        }
        self.gaps(&mut page, &structural, &audit);
        if let Some((menu, matching)) = self.venues {
            self.venue_section(&mut page, menu, matching);
        }
        page.0.push_str("</main>\n</body>\n</html>\n");
        page.0
    }

    /// A display name for an id: the unit, person, organisation or task it names.
    fn label(&self, id: &str) -> String {
        let net = self.net;
        let name = net
            .unit(id)
            .map(|u| u.name.to_string())
            .or_else(|_| net.person(id).map(|p| p.name.to_string()))
            .or_else(|_| net.organisation(id).map(|o| o.name.to_string()))
            .or_else(|_| net.task(id).map(|t| t.name.to_string()))
            .unwrap_or_default();
        if name.is_empty() || name == id {
            format!("<code>{}</code>", esc(id))
        } else {
            format!("{} <code>{}</code>", esc(&name), esc(id))
        }
    }

    fn shape(&self, page: &mut Page, structural: &StructuralAudit) {
        let net = self.net;
        page.0
            .push_str("<section id=\"shape\">\n<h2>The network</h2>\n<div class=\"cards\">\n");
        for level in net.scheme().levels() {
            let name = net.scheme().name(level);
            let n = net.units_by_level(name).map(|u| u.len()).unwrap_or(0);
            let (one, many, zh) = level_words(name);
            card(page, &counted(n, &one, &many), zh);
        }
        card(page, &counted(net.person_count(), "person", "persons"), "");
        card(
            page,
            &counted(
                net.organisation_count(),
                "Party organisation",
                "Party organisations",
            ),
            "党组织",
        );
        card(
            page,
            &counted(net.task_count(), "key task", "key tasks"),
            "重点攻坚任务",
        );
        card(
            page,
            &counted(structural.gap_count(), "structural gap", "structural gaps"),
            "结构性缺口",
        );
        page.0.push_str("</div>\n</section>\n");
    }

    fn coverage(&self, page: &mut Page, audit: &ContractAudit, after: Option<&ContractAudit>) {
        let net = self.net;
        page.0.push_str(
            "<section id=\"coverage\">\n<h2>Coverage of the four contracts (四包) by grid</h2>\n",
        );
        let planned = if after.is_some() {
            " The darker bar is the coverage once the plan below is applied."
        } else {
            ""
        };
        let _ = writeln!(
            page.0,
            "<p>The share of each grid's targets that have all the contract holders they need \
             on {}.{planned}</p>",
            self.as_of
        );
        page.0.push_str(
            "<table class=\"summary\"><thead><tr><th>Contract</th><th>Targets</th>\
             <th>Covered</th><th>Coverage</th>",
        );
        if after.is_some() {
            page.0.push_str("<th>After the plan</th>");
        }
        page.0.push_str("</tr></thead><tbody>\n");
        for r in &audit.rules {
            let _ = write!(
                page.0,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                kind_label(r.kind),
                thousands(r.targets),
                thousands(r.covered),
                percent(r.ratio())
            );
            if let Some(a) = after.and_then(|a| a.rule(r.kind)) {
                let _ = write!(page.0, "<td>{}</td>", percent(a.ratio()));
            }
            page.0.push_str("</tr>\n");
        }
        page.0.push_str("</tbody></table>\n");

        let later: HashMap<(&str, ContractKind), f64> = after
            .map(|a| {
                a.coverage
                    .iter()
                    .filter(|c| c.level == "Grid")
                    .map(|c| ((c.unit.as_str(), c.kind), c.ratio()))
                    .collect()
            })
            .unwrap_or_default();
        for r in &audit.rules {
            let rows: Vec<_> = audit
                .coverage
                .iter()
                .filter(|c| c.kind == r.kind && c.level == "Grid" && c.targets > 0)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(
                page.0,
                "<figure class=\"chart\" data-contract=\"{}\">\n<figcaption>{}</figcaption>",
                r.kind.as_str(),
                kind_label(r.kind)
            );
            let bars: Vec<svg::Bar> = rows
                .iter()
                .map(|c| svg::Bar {
                    label: net
                        .unit(&c.unit)
                        .map(|u| u.name.to_string())
                        .unwrap_or_else(|_| c.unit.clone()),
                    value: c.ratio(),
                    second: later.get(&(c.unit.as_str(), c.kind)).copied(),
                    note: format!("{} of {} covered", c.covered, c.targets),
                })
                .collect();
            page.0.push_str(&svg::coverage_chart(
                &format!("Coverage of the {} contract by grid", r.kind.as_str()),
                &bars,
            ));
            page.0.push_str(
                "<details><summary>The figures as a table</summary>\n<table><thead><tr>\
                 <th>Grid</th><th>Targets</th><th>Covered</th><th>Coverage</th>",
            );
            if after.is_some() {
                page.0.push_str("<th>After the plan</th>");
            }
            page.0.push_str("</tr></thead><tbody>\n");
            for c in &rows {
                let _ = write!(
                    page.0,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                    self.label(&c.unit),
                    c.targets,
                    c.covered,
                    percent(c.ratio())
                );
                if let Some(v) = later.get(&(c.unit.as_str(), c.kind)) {
                    let _ = write!(page.0, "<td>{}</td>", percent(*v));
                }
                page.0.push_str("</tr>\n");
            }
            page.0.push_str("</tbody></table></details>\n</figure>\n");
        }
        page.0.push_str("</section>\n");
    }

    fn plan_section(&self, page: &mut Page, plan: &Plan) {
        page.0.push_str(
            "<section id=\"plan\">\n<h2>What the optimal plan changes</h2>\n<p>The plan covers \
             the most targets it can, then prefers holders who live or work nearest. It keeps \
             every contract that still counts, starts new ones on the plan's date and ends the \
             rest the day before.</p>\n<table class=\"summary\"><thead><tr><th>Contract</th>\
             <th>Kept</th><th>New</th><th>Ended</th><th>Left uncovered</th></tr></thead><tbody>\n",
        );
        for r in &plan.rules {
            let _ = writeln!(
                page.0,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                kind_label(r.kind),
                r.kept,
                r.add.len(),
                r.end.len(),
                r.uncovered.len()
            );
        }
        page.0.push_str("</tbody></table>\n");
        for r in &plan.rules {
            if r.add.is_empty() && r.end.is_empty() && r.uncovered.is_empty() {
                continue;
            }
            let _ = writeln!(
                page.0,
                "<details class=\"changes\"><summary>{}: {} new, {} ended, {} left uncovered\
                 </summary>\n<table><thead><tr><th>Change</th><th>Holder</th><th>Target</th>\
                 </tr></thead><tbody>",
                kind_label(r.kind),
                r.add.len(),
                r.end.len(),
                r.uncovered.len()
            );
            let rows = r
                .add
                .iter()
                .map(|n| ("New", &n.contract.holder, &n.contract.target))
                .chain(r.end.iter().map(|c| ("Ended", &c.holder, &c.target)));
            let total = r.add.len() + r.end.len();
            for (what, holder, target) in rows.take(LIST_LIMIT) {
                let _ = writeln!(
                    page.0,
                    "<tr><td>{what}</td><td>{}</td><td>{}</td></tr>",
                    self.label(holder),
                    self.label(target)
                );
            }
            more(page, total, 3);
            for u in r.uncovered.iter().take(LIST_LIMIT) {
                let why = match u.reason {
                    contracts::UncoveredReason::NoEligibleHolder => {
                        "no one eligible in the subdistrict"
                    }
                    contracts::UncoveredReason::HoldersAtCapacity => {
                        "everyone eligible is at capacity"
                    }
                };
                let _ = writeln!(
                    page.0,
                    "<tr><td>Left uncovered</td><td>{why}</td><td>{}</td></tr>",
                    self.label(&u.target)
                );
            }
            more(page, r.uncovered.len(), 3);
            page.0.push_str("</tbody></table></details>\n");
        }
        page.0.push_str("</section>\n");
    }

    fn gaps(&self, page: &mut Page, s: &StructuralAudit, audit: &ContractAudit) {
        page.0.push_str(
            "<section id=\"gaps\">\n<h2>Gaps found by the audits</h2>\n<table class=\"summary\">\
             <thead><tr><th>What is missing or wrong</th><th>How many</th></tr></thead><tbody>\n",
        );
        let mut row = |what: &str, n: usize| {
            let _ = writeln!(page.0, "<tr><td>{what}</td><td>{n}</td></tr>");
        };
        row(
            "Grids with fewer than two grid leaders (双网格长)",
            s.grids_short_of_leaders.len(),
        );
        row(
            "Grids without a grid Party branch (网格党支部)",
            s.grids_without_branch.len(),
        );
        row(
            "Buildings without a building Party cell (楼栋党小组)",
            s.buildings_without_cell.len(),
        );
        row(
            "Residents without a recorded home",
            s.persons_without_home.len(),
        );
        row(
            "Posts held at a level where they do not belong",
            s.misplaced_posts.len(),
        );
        for r in &audit.rules {
            let k = r.kind.as_str();
            row(
                &format!("{k} contracts whose holder does not count"),
                r.ineligible.len(),
            );
            row(&format!("{k} contracts recorded twice"), r.duplicates.len());
            row(
                &format!("{k} contract holders over their capacity"),
                r.over_capacity.len(),
            );
        }
        page.0.push_str("</tbody></table>\n");
        if !s.grids_short_of_leaders.is_empty() {
            page.0.push_str(
                "<details><summary>Grids short of grid leaders</summary><table><thead><tr>\
                 <th>Grid</th><th>Grid leaders</th></tr></thead><tbody>\n",
            );
            for g in s.grids_short_of_leaders.iter().take(LIST_LIMIT) {
                let _ = writeln!(
                    page.0,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    self.label(&g.grid),
                    g.leaders
                );
            }
            more(page, s.grids_short_of_leaders.len(), 2);
            page.0.push_str("</tbody></table></details>\n");
        }
        for (what, ids) in [
            ("Grids without a grid Party branch", &s.grids_without_branch),
            (
                "Buildings without a building Party cell",
                &s.buildings_without_cell,
            ),
        ] {
            if ids.is_empty() {
                continue;
            }
            let _ = writeln!(page.0, "<details><summary>{what}</summary><table><tbody>");
            for id in ids.iter().take(LIST_LIMIT) {
                let _ = writeln!(page.0, "<tr><td>{}</td></tr>", self.label(id));
            }
            more(page, ids.len(), 1);
            page.0.push_str("</tbody></table></details>\n");
        }
        page.0.push_str("</section>\n");
    }

    fn venue_section(&self, page: &mut Page, menu: &Menu, matching: &MatchReport) {
        let placed = matching.placed.len();
        let asked = placed + matching.unplaced.len();
        let _ = writeln!(
            page.0,
            "<section id=\"venues\">\n<h2>Use of the shared venues (红色共享阵地)</h2>\n\
             <div class=\"cards\">"
        );
        card(
            page,
            &counted(menu.venue_count(), "venue", "venues"),
            "阵地",
        );
        card(
            page,
            &counted(menu.request_count(), "request", "requests"),
            "",
        );
        card(
            page,
            &format!("{placed} of {asked} sessions placed"),
            &percent(if asked == 0 {
                1.0
            } else {
                placed as f64 / asked as f64
            }),
        );
        page.0.push_str("</div>\n");
        let reasons = matching.unplaced_by_reason();
        if !reasons.is_empty() {
            page.0.push_str(
                "<table class=\"summary\"><thead><tr><th>Why sessions were not placed</th>\
                 <th>Sessions</th></tr></thead><tbody>\n",
            );
            for (reason, n) in reasons {
                let _ = writeln!(
                    page.0,
                    "<tr><td>{}</td><td>{n}</td></tr>",
                    esc(reason.describe())
                );
            }
            page.0.push_str("</tbody></table>\n");
        }
        let week = matching
            .placed
            .iter()
            .map(|p| p.start.date())
            .min()
            .unwrap_or(self.as_of);
        let Ok(rows) = menu.supply_demand(self.net, week, 1) else {
            page.0.push_str("</section>\n");
            return;
        };
        let hours = |slots: u64| slots as f64 * f64::from(menu.slot_minutes()) / 60.0;
        let mut areas: Vec<(String, f64, f64, f64)> = Vec::new();
        for row in rows {
            let i = match areas.iter().position(|a| a.0 == row.area) {
                Some(i) => i,
                None => {
                    areas.push((row.area.clone(), 0.0, 0.0, 0.0));
                    areas.len() - 1
                }
            };
            areas[i].1 += hours(row.supply_slots);
            areas[i].2 += hours(row.booked_slots);
            areas[i].3 += hours(row.demand_slots);
        }
        let _ = writeln!(
            page.0,
            "<figure class=\"chart\" data-venues=\"hours\"><figcaption>Hours open and booked per \
             area in the week of {week}</figcaption>"
        );
        let bars: Vec<svg::Pair> = areas
            .iter()
            .map(|(area, open, booked, _)| svg::Pair {
                label: self
                    .net
                    .unit(area)
                    .map(|u| u.name.to_string())
                    .unwrap_or_else(|_| area.clone()),
                total: *open,
                part: *booked,
            })
            .collect();
        page.0
            .push_str(&svg::hours_chart("Hours open and booked per area", &bars));
        page.0.push_str(
            "<details><summary>The figures as a table</summary><table><thead><tr><th>Area</th>\
             <th>Hours open</th><th>Hours booked</th><th>Hours requested</th></tr></thead><tbody>\n",
        );
        for (area, open, booked, asked) in &areas {
            let _ = writeln!(
                page.0,
                "<tr><td>{}</td><td>{open:.1}</td><td>{booked:.1}</td><td>{asked:.1}</td></tr>",
                self.label(area)
            );
        }
        page.0
            .push_str("</tbody></table></details>\n</figure>\n</section>\n");
    }
}

/// The page being written.
#[derive(Default)]
struct Page(String);

impl Page {
    fn head(&mut self, title: &str) {
        let _ = write!(
            self.0,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
            esc(title)
        );
    }
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;margin:0;background:#f6f6f4;color:#222;line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #b71c1c;padding-bottom:.2rem}
.lede{color:#555}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.card b{display:block;font-size:1.05rem}.card span{color:#777;font-size:.85rem}
table{border-collapse:collapse;background:#fff;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
td:not(:first-child){font-variant-numeric:tabular-nums}
th{background:#f0e9e9}
figure{margin:1rem 0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem}
figcaption{font-weight:600;margin-bottom:.4rem}
details{margin:.4rem 0}summary{cursor:pointer;color:#8a1414}
code{font-size:.8rem;color:#666}
svg text{font-size:12px;fill:#333}
";

fn card(page: &mut Page, main: &str, sub: &str) {
    let _ = writeln!(
        page.0,
        "<div class=\"card\"><b>{}</b><span>{}</span></div>",
        esc(main),
        esc(sub)
    );
}

/// A trailing row saying how many more there are, when a list was cut.
fn more(page: &mut Page, total: usize, columns: usize) {
    if total > LIST_LIMIT {
        let _ = writeln!(
            page.0,
            "<tr><td colspan=\"{columns}\">… and {} more</td></tr>",
            total - LIST_LIMIT
        );
    }
}

/// "1 grid", "23,427 households".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// 23427 → "23,427".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A level's name in words (singular, plural) and in Chinese, for the levels of the default
/// schemes; other schemes' names are shown as they are.
fn level_words(name: &str) -> (String, String, &'static str) {
    let (one, many, zh) = match name {
        "City" => ("city", "cities", "市"),
        "District" => ("district", "districts", "区"),
        "Subdistrict" => ("subdistrict", "subdistricts", "街道"),
        "Area" => ("area", "areas", "片区"),
        "Grid" => ("grid", "grids", "网格"),
        "Compound" => ("residential compound", "residential compounds", "小区"),
        "Building" => ("building", "buildings", "楼栋"),
        "ResponsibilityZone" => (
            "Party member's responsibility zone",
            "Party members' responsibility zones",
            "党员责任区",
        ),
        "Household" => ("household", "households", "户"),
        other => return (other.to_owned(), other.to_owned(), ""),
    };
    (one.to_owned(), many.to_owned(), zh)
}

fn percent(ratio: f64) -> String {
    format!("{:.1}%", 100.0 * ratio)
}

/// A contract kind in words, with its Chinese name.
fn kind_label(kind: ContractKind) -> &'static str {
    match kind {
        ContractKind::Compound => "Second secretaries for compounds (第二书记包小区)",
        ContractKind::Building => "Second building leaders for buildings (党员第二楼组长包楼栋)",
        ContractKind::Neighbours => "Members for their neighbours (社区党员包邻里)",
        ContractKind::KeyTask => "Organisations for key tasks (党组织包重点攻坚任务)",
    }
}

/// Text made safe for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn counts_read_as_english() {
        assert_eq!(counted(1, "grid", "grids"), "1 grid");
        assert_eq!(
            counted(23427, "household", "households"),
            "23,427 households"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(level_words("ResponsibilityZone").2, "党员责任区");
        assert_eq!(level_words("Township").0, "Township");
    }
}
