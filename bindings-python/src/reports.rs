//! Reports (the structural audit, contract audits, plans, reach, venue matches) as Python
//! objects: their data as plain Python values, their lists as Arrow tables.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

use quanyu::StructuralAudit;
use quanyu::contracts::{ContractAudit, Plan, Reach};

use crate::tables::{Kind::*, Spec, Table, report};

/// Plain Python values (dicts, lists, strings, numbers) from any serializable value.
pub(crate) fn values<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("report conversion: {e}")))
}

/// An instance of the report class `class` of `quanyu._reports` from its data and tables.
pub(crate) fn build<'py>(
    py: Python<'py>,
    class: &str,
    data: Bound<'py, PyAny>,
    tables: Vec<Table>,
    main: &str,
    core: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    for t in tables {
        let t = Bound::new(py, t)?;
        let name: String = t.getattr("name")?.extract()?;
        d.set_item(name, t)?;
    }
    py.import("quanyu._reports")?
        .getattr(class)?
        .call1((data, d, main, core))
}

#[derive(Serialize)]
struct GapRow<'a> {
    gap: &'static str,
    id: &'a str,
    detail: String,
}

#[derive(Serialize)]
struct ContractRow<'a> {
    kind: &'static str,
    holder: &'a str,
    target: &'a str,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

const CONTRACTS: Spec = &[
    ("kind", Name, false),
    ("holder", Str, false),
    ("target", Str, false),
    ("start", Date, false),
    ("end", Date, true),
];

fn contract_row(c: &quanyu::ContractRecord) -> ContractRow<'_> {
    ContractRow {
        kind: c.kind.as_str(),
        holder: &c.holder,
        target: &c.target,
        start: c.start,
        end: c.end,
    }
}

/// The `StructuralAudit` report.
pub(crate) fn structural_audit<'py>(
    py: Python<'py>,
    a: &StructuralAudit,
) -> PyResult<Bound<'py, PyAny>> {
    let mut gaps = Vec::new();
    for g in &a.grids_short_of_leaders {
        gaps.push(GapRow {
            gap: "grid_short_of_leaders",
            id: &g.grid,
            detail: format!("{} grid leader(s)", g.leaders),
        });
    }
    // The gaps that are just ids.
    for (gap, ids) in [
        ("grid_without_branch", &a.grids_without_branch),
        ("building_without_cell", &a.buildings_without_cell),
        ("person_without_home", &a.persons_without_home),
    ] {
        gaps.extend(ids.iter().map(|id| GapRow {
            gap,
            id,
            detail: String::new(),
        }));
    }
    for m in &a.misplaced_posts {
        gaps.push(GapRow {
            gap: "misplaced_post",
            id: &m.post.person,
            detail: format!(
                "{} held at {} (expected {})",
                m.post.role,
                m.held_at,
                m.expected.join(" or ")
            ),
        });
    }
    #[derive(Serialize)]
    struct Short<'a> {
        grid: &'a str,
        leaders: u64,
    }
    #[derive(Serialize)]
    struct Misplaced<'a> {
        person: &'a str,
        role: &'static str,
        unit: Option<&'a str>,
        organisation: Option<&'a str>,
        start: NaiveDate,
        end: Option<NaiveDate>,
        held_at: &'a str,
        expected: &'a [String],
    }
    let tables = vec![
        report(
            "gaps",
            &[
                ("gap", Name, false),
                ("id", Str, false),
                ("detail", Str, false),
            ],
            gaps.into_iter(),
        )?,
        report(
            "grids_short_of_leaders",
            &[("grid", Str, false), ("leaders", U64, false)],
            a.grids_short_of_leaders.iter().map(|g| Short {
                grid: &g.grid,
                leaders: g.leaders as u64,
            }),
        )?,
        report(
            "misplaced_posts",
            &[
                ("person", Str, false),
                ("role", Name, false),
                ("unit", Str, true),
                ("organisation", Str, true),
                ("start", Date, false),
                ("end", Date, true),
                ("held_at", Str, false),
                ("expected", StrList, false),
            ],
            a.misplaced_posts.iter().map(|m| Misplaced {
                person: &m.post.person,
                role: m.post.role.as_str(),
                unit: m.post.unit.as_deref(),
                organisation: m.post.organisation.as_deref(),
                start: m.post.start,
                end: m.post.end,
                held_at: &m.held_at,
                expected: &m.expected,
            }),
        )?,
    ];
    build(py, "StructuralAudit", values(py, a)?, tables, "gaps", None)
}

/// The `ContractAudit` report.
pub(crate) fn contract_audit<'py>(
    py: Python<'py>,
    a: &ContractAudit,
) -> PyResult<Bound<'py, PyAny>> {
    #[derive(Serialize)]
    struct Cov<'a> {
        unit: &'a str,
        level: &'a str,
        kind: &'static str,
        targets: u64,
        covered: u64,
        ratio: f64,
    }
    #[derive(Serialize)]
    struct RuleRow {
        kind: &'static str,
        targets: u64,
        covered: u64,
        ratio: f64,
        uncovered: u64,
        over_capacity: u64,
        ineligible: u64,
        duplicates: u64,
    }
    #[derive(Serialize)]
    struct Target<'a> {
        kind: &'static str,
        target: &'a str,
    }
    #[derive(Serialize)]
    struct Over<'a> {
        kind: &'static str,
        holder: &'a str,
        contracts: u64,
        capacity: u32,
    }
    #[derive(Serialize)]
    struct Inel<'a> {
        kind: &'static str,
        holder: &'a str,
        target: &'a str,
        start: NaiveDate,
        end: Option<NaiveDate>,
        reason: String,
    }
    let tables = vec![
        report(
            "coverage",
            &[
                ("unit", Str, false),
                ("level", Name, false),
                ("kind", Name, false),
                ("targets", U64, false),
                ("covered", U64, false),
                ("ratio", F64, false),
            ],
            a.coverage.iter().map(|c| Cov {
                unit: &c.unit,
                level: &c.level,
                kind: c.kind.as_str(),
                targets: c.targets as u64,
                covered: c.covered as u64,
                ratio: c.ratio(),
            }),
        )?,
        report(
            "rules",
            &[
                ("kind", Name, false),
                ("targets", U64, false),
                ("covered", U64, false),
                ("ratio", F64, false),
                ("uncovered", U64, false),
                ("over_capacity", U64, false),
                ("ineligible", U64, false),
                ("duplicates", U64, false),
            ],
            a.rules.iter().map(|r| RuleRow {
                kind: r.kind.as_str(),
                targets: r.targets as u64,
                covered: r.covered as u64,
                ratio: r.ratio(),
                uncovered: r.uncovered.len() as u64,
                over_capacity: r.over_capacity.len() as u64,
                ineligible: r.ineligible.len() as u64,
                duplicates: r.duplicates.len() as u64,
            }),
        )?,
        report(
            "uncovered",
            &[("kind", Name, false), ("target", Str, false)],
            a.rules.iter().flat_map(|r| {
                r.uncovered.iter().map(move |t| Target {
                    kind: r.kind.as_str(),
                    target: t,
                })
            }),
        )?,
        report(
            "over_capacity",
            &[
                ("kind", Name, false),
                ("holder", Str, false),
                ("contracts", U64, false),
                ("capacity", U32, false),
            ],
            a.rules.iter().flat_map(|r| {
                r.over_capacity.iter().map(move |o| Over {
                    kind: r.kind.as_str(),
                    holder: &o.holder,
                    contracts: o.contracts as u64,
                    capacity: o.capacity,
                })
            }),
        )?,
        report(
            "ineligible",
            &[
                ("kind", Name, false),
                ("holder", Str, false),
                ("target", Str, false),
                ("start", Date, false),
                ("end", Date, true),
                ("reason", Name, false),
            ],
            a.rules.iter().flat_map(|r| {
                r.ineligible.iter().map(|i| Inel {
                    kind: i.contract.kind.as_str(),
                    holder: &i.contract.holder,
                    target: &i.contract.target,
                    start: i.contract.start,
                    end: i.contract.end,
                    reason: format!("{:?}", i.reason),
                })
            }),
        )?,
        report(
            "duplicates",
            CONTRACTS,
            a.rules
                .iter()
                .flat_map(|r| r.duplicates.iter().map(contract_row)),
        )?,
    ];
    let data = values(py, a)?;
    build(py, "ContractAudit", data, tables, "coverage", None)
}

/// The `Plan` report; `core` is the native plan (for `changes()`).
pub(crate) fn plan<'py>(
    py: Python<'py>,
    plans: &[Plan],
    core: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    #[derive(Serialize)]
    struct Add<'a> {
        kind: &'static str,
        holder: &'a str,
        target: &'a str,
        start: NaiveDate,
        end: Option<NaiveDate>,
        proximity: String,
        cost: i64,
    }
    #[derive(Serialize)]
    struct Short<'a> {
        kind: &'static str,
        target: &'a str,
        holders: u32,
        reason: String,
    }
    #[derive(Serialize)]
    struct RuleRow {
        kind: &'static str,
        targets: u64,
        covered: u64,
        added: u64,
        kept: u64,
        ended: u64,
        uncovered: u64,
        cost: i64,
    }
    let rules: Vec<&quanyu::contracts::RulePlan> =
        plans.iter().flat_map(|p| p.rules.iter()).collect();
    let as_of = plans.first().map(|p| p.as_of);
    let tables = vec![
        report(
            "add",
            &[
                ("kind", Name, false),
                ("holder", Str, false),
                ("target", Str, false),
                ("start", Date, false),
                ("end", Date, true),
                ("proximity", Name, false),
                ("cost", I64, false),
            ],
            rules.iter().copied().flat_map(|r| {
                r.add.iter().map(|n| Add {
                    kind: n.contract.kind.as_str(),
                    holder: &n.contract.holder,
                    target: &n.contract.target,
                    start: n.contract.start,
                    end: n.contract.end,
                    proximity: n.proximity.to_string(),
                    cost: n.cost,
                })
            }),
        )?,
        report(
            "end",
            CONTRACTS,
            rules
                .iter()
                .copied()
                .flat_map(|r| r.end.iter().map(contract_row)),
        )?,
        report(
            "uncovered",
            &[
                ("kind", Name, false),
                ("target", Str, false),
                ("holders", U32, false),
                ("reason", Name, false),
            ],
            rules.iter().copied().flat_map(|r| {
                r.uncovered.iter().map(move |u| Short {
                    kind: r.kind.as_str(),
                    target: &u.target,
                    holders: u.holders,
                    reason: format!("{:?}", u.reason),
                })
            }),
        )?,
        report(
            "rules",
            &[
                ("kind", Name, false),
                ("targets", U64, false),
                ("covered", U64, false),
                ("added", U64, false),
                ("kept", U64, false),
                ("ended", U64, false),
                ("uncovered", U64, false),
                ("cost", I64, false),
            ],
            rules.iter().copied().map(|r| RuleRow {
                kind: r.kind.as_str(),
                targets: r.targets as u64,
                covered: r.covered as u64,
                added: r.add.len() as u64,
                kept: r.kept as u64,
                ended: r.end.len() as u64,
                uncovered: r.uncovered.len() as u64,
                cost: r.cost,
            }),
        )?,
    ];
    // The per-rule lists live in the tables; the data keeps the summary.
    #[derive(Serialize)]
    struct Summary<'a> {
        as_of: Option<NaiveDate>,
        cost: i64,
        rules: Vec<RuleSummary<'a>>,
    }
    #[derive(Serialize)]
    struct RuleSummary<'a> {
        kind: &'a str,
        targets: usize,
        covered: usize,
        added: usize,
        kept: usize,
        ended: usize,
        uncovered: usize,
        cost: i64,
    }
    let summary = Summary {
        as_of,
        cost: rules.iter().map(|r| r.cost).sum(),
        rules: rules
            .iter()
            .copied()
            .map(|r| RuleSummary {
                kind: r.kind.as_str(),
                targets: r.targets,
                covered: r.covered,
                added: r.add.len(),
                kept: r.kept,
                ended: r.end.len(),
                uncovered: r.uncovered.len(),
                cost: r.cost,
            })
            .collect(),
    };
    build(py, "Plan", values(py, &summary)?, tables, "add", Some(core))
}

/// The `Reach` report.
pub(crate) fn reach<'py>(py: Python<'py>, r: &Reach) -> PyResult<Bound<'py, PyAny>> {
    #[derive(Serialize)]
    struct Row<'a> {
        pioneer: &'a str,
        volunteers: u64,
        households: u64,
        residents: u64,
    }
    let tables = vec![report(
        "pioneers",
        &[
            ("pioneer", Str, false),
            ("volunteers", U64, false),
            ("households", U64, false),
            ("residents", U64, false),
        ],
        r.pioneers.iter().map(|p| Row {
            pioneer: &p.pioneer,
            volunteers: p.volunteers as u64,
            households: p.households as u64,
            residents: p.residents,
        }),
    )?];
    build(py, "Reach", values(py, r)?, tables, "pioneers", None)
}
