//! The structural audit: the gaps in a network that the governance rules name.
//!
//! ```
//! # fn main() -> quanyu::Result<()> {
//! let net = quanyu::synth::community(7)?;
//! let audit = net.audit(quanyu::synth::REFERENCE_DATE);
//! // The synthetic community has deliberate gaps, so the audit finds something.
//! assert!(!audit.is_clean());
//! for gap in &audit.grids_short_of_leaders {
//!     assert!(gap.leaders < 2);
//! }
//! # Ok(()) }
//! ```

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::schema::{Enum, FrameSink, Frames, Record};

use crate::model::graph::{Node, Relation};
use crate::model::levels::{AREA, BUILDING, COMPOUND, GRID};
use crate::model::{Network, OrganisationKind, PostRecord, Role};

/// A grid with fewer than two grid leaders on the audit date (双网格长制).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "grid")]
pub struct LeaderGap {
    /// The grid's id.
    pub grid: String,
    /// How many grid leaders it has.
    pub leaders: usize,
}

/// A post held at a place whose level does not fit its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
pub struct MisplacedPost {
    /// The post.
    pub post: PostRecord,
    /// The level (or `Organisation`) it is held at.
    pub held_at: String,
    /// The levels the role belongs on.
    pub expected: Vec<String>,
}

/// The result of [`Network::audit`]: every structural gap, each list in pre-order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Record)]
#[non_exhaustive]
pub struct StructuralAudit {
    /// The date the audit describes.
    pub as_of: Option<NaiveDate>,
    /// Grids with fewer than two grid leaders.
    pub grids_short_of_leaders: Vec<LeaderGap>,
    /// Grids with no grid branch anchored on them.
    pub grids_without_branch: Vec<String>,
    /// Buildings with no building cell on them or on their compound.
    pub buildings_without_cell: Vec<String>,
    /// Persons with no home.
    pub persons_without_home: Vec<String>,
    /// Running posts whose role does not fit the level they are held at.
    pub misplaced_posts: Vec<MisplacedPost>,
    /// Root units on a level that needs a parent (a building with no grid, say): a part of a
    /// network cut out, or a parent lost on the way in.
    pub units_without_parent: Vec<String>,
}

impl StructuralAudit {
    /// Whether nothing was found.
    ///
    /// ```
    /// assert!(quanyu::Network::new().audit("2024-01-01".parse().unwrap()).is_clean());
    /// ```
    pub fn is_clean(&self) -> bool {
        self.gap_count() == 0
    }

    /// The number of gaps found, all lists together.
    ///
    /// ```
    /// assert_eq!(quanyu::StructuralAudit::default().gap_count(), 0);
    /// ```
    pub fn gap_count(&self) -> usize {
        self.grids_short_of_leaders.len()
            + self.grids_without_branch.len()
            + self.buildings_without_cell.len()
            + self.persons_without_home.len()
            + self.misplaced_posts.len()
            + self.units_without_parent.len()
    }
}

/// The kinds of structural gap, one per list of a [`StructuralAudit`].
///
/// ```
/// assert_eq!(quanyu::StructuralGap::GridShortOfLeaders.chinese(), "网格长不足两名");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "structural gap")]
pub enum StructuralGap {
    /// A grid with fewer than two grid leaders (双网格长制).
    #[named(zh = "网格长不足两名")]
    GridShortOfLeaders,
    /// A grid with no grid branch (支部建在网格上).
    #[named(zh = "网格未建支部")]
    GridWithoutBranch,
    /// A building with no building cell.
    #[named(zh = "楼栋未建党小组")]
    BuildingWithoutCell,
    /// A person with no home.
    #[named(zh = "人员无住址")]
    PersonWithoutHome,
    /// A post held at a level that does not fit its role.
    #[named(zh = "岗位层级不符")]
    MisplacedPost,
    /// A unit whose level needs a parent, without one.
    #[named(zh = "单位缺少上级")]
    UnitWithoutParent,
}

/// One gap of a [`StructuralAudit`], in the audit's one-row-per-gap table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
pub struct GapRow {
    /// Which kind of gap.
    pub gap: StructuralGap,
    /// The grid, building or person at fault.
    pub id: String,
    /// What is missing, in words.
    pub detail: String,
}

/// A misplaced post flattened into one row of the audit's `misplaced_posts` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Record)]
#[record(label = "person")]
pub struct MisplacedPostRow {
    /// The holder's id.
    pub person: String,
    /// The role.
    pub role: Role,
    /// The unit the post is held at.
    pub unit: Option<String>,
    /// The organisation the post is held at.
    pub organisation: Option<String>,
    /// The post's first day.
    pub start: NaiveDate,
    /// Its last day, if it has ended.
    pub end: Option<NaiveDate>,
    /// The level (or `Organisation`) it is held at.
    pub held_at: String,
    /// The levels the role belongs on.
    pub expected: Vec<String>,
}

impl StructuralAudit {
    /// Every gap as one row: its kind, the id at fault and what is missing.
    ///
    /// ```
    /// let net = quanyu::synth::community(7)?;
    /// let audit = net.audit(quanyu::synth::REFERENCE_DATE);
    /// assert_eq!(audit.gaps().len(), audit.gap_count());
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn gaps(&self) -> Vec<GapRow> {
        let mut out = Vec::with_capacity(self.gap_count());
        out.extend(self.grids_short_of_leaders.iter().map(|g| GapRow {
            gap: StructuralGap::GridShortOfLeaders,
            id: g.grid.clone(),
            detail: format!("{} grid leader(s) of the two a grid needs", g.leaders),
        }));
        for (gap, ids, detail) in [
            (
                StructuralGap::GridWithoutBranch,
                &self.grids_without_branch,
                "no grid branch anchored on the grid",
            ),
            (
                StructuralGap::BuildingWithoutCell,
                &self.buildings_without_cell,
                "no building cell on the building or its compound",
            ),
            (
                StructuralGap::PersonWithoutHome,
                &self.persons_without_home,
                "no home recorded",
            ),
            (
                StructuralGap::UnitWithoutParent,
                &self.units_without_parent,
                "no parent, though its level sits inside another",
            ),
        ] {
            out.extend(ids.iter().map(|id| GapRow {
                gap,
                id: id.clone(),
                detail: detail.to_owned(),
            }));
        }
        out.extend(self.misplaced_posts.iter().map(|m| GapRow {
            gap: StructuralGap::MisplacedPost,
            id: m.post.person.clone(),
            detail: format!(
                "{} held at {} (expected {})",
                m.post.role,
                m.held_at,
                m.expected.join(" or ")
            ),
        }));
        out
    }
}

impl Frames for StructuralAudit {
    fn frames<S: FrameSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        sink.frame("gaps", &self.gaps())?;
        sink.frame("grids_short_of_leaders", &self.grids_short_of_leaders)?;
        let misplaced: Vec<MisplacedPostRow> = self
            .misplaced_posts
            .iter()
            .map(|m| MisplacedPostRow {
                person: m.post.person.clone(),
                role: m.post.role,
                unit: m.post.unit.clone(),
                organisation: m.post.organisation.clone(),
                start: m.post.start,
                end: m.post.end,
                held_at: m.held_at.clone(),
                expected: m.expected.clone(),
            })
            .collect();
        sink.frame("misplaced_posts", &misplaced)
    }
}

impl Role {
    /// The unit levels a post of this role belongs on (posts at organisations fit the
    /// member roles only); `None` when any place fits.
    ///
    /// ```
    /// use quanyu::Role;
    /// assert_eq!(Role::GridLeader.fitting_levels(), Some(&["Grid"][..]));
    /// assert_eq!(Role::Volunteer.fitting_levels(), None);
    /// ```
    pub fn fitting_levels(self) -> Option<&'static [&'static str]> {
        match self {
            Role::GridLeader | Role::GridWorker => Some(&[GRID]),
            Role::SecondSecretary => Some(&[AREA, GRID, COMPOUND]),
            Role::SecondBuildingLeader | Role::BuildingLeader => Some(&[BUILDING]),
            Role::CommunityMember
            | Role::InServiceMember
            | Role::Volunteer
            | Role::Pioneer
            | Role::Secretary
            | Role::Officer => None,
        }
    }
}

impl Network {
    /// Audits the structure on `as_of`: grids short of leaders, grids without a branch,
    /// buildings without a cell, persons without a home, posts that do not fit their level.
    /// Checks whose levels the scheme lacks are skipped.
    ///
    /// ```
    /// # let net = quanyu::synth::community(7)?;
    /// let audit = net.audit(quanyu::synth::REFERENCE_DATE);
    /// assert!(audit.grids_short_of_leaders.iter().all(|g| net.unit(&g.grid).is_ok()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn audit(&self, as_of: NaiveDate) -> StructuralAudit {
        let mut a = StructuralAudit {
            as_of: Some(as_of),
            ..Default::default()
        };
        let scheme = &self.scheme;
        for root in self.unit_tree.children_of_forest() {
            let unit = self.unit_at(self.unit_tree.order[root as usize]);
            if super::rules::root_problem(scheme, unit.level).is_some() {
                a.units_without_parent.push(unit.id.to_string());
            }
        }
        let anchored_kind = |ix, kind| {
            self.sources(ix, |r| matches!(r, Relation::AnchoredOn))
                .any(|o| self.organisation_at(o).kind == kind)
        };
        if let Some(grid) = scheme.level(GRID) {
            for &p in self
                .unit_tree
                .groups
                .get(grid.index())
                .into_iter()
                .flatten()
            {
                let ix = self.unit_tree.order[p as usize];
                let id = self.unit_at(ix).id.as_str();
                let leaders = self
                    .graph
                    .edges_directed(ix, Direction::Incoming)
                    .filter(|e| matches!(e.weight(), Relation::HoldsPost(Role::GridLeader, s) if s.contains(as_of)))
                    .count();
                if leaders < 2 {
                    a.grids_short_of_leaders.push(LeaderGap {
                        grid: id.to_owned(),
                        leaders,
                    });
                }
                if !anchored_kind(ix, OrganisationKind::GridBranch) {
                    a.grids_without_branch.push(id.to_owned());
                }
            }
        }
        if let Some(building) = scheme.level(BUILDING) {
            let compound = scheme.level(COMPOUND);
            for &p in self
                .unit_tree
                .groups
                .get(building.index())
                .into_iter()
                .flatten()
            {
                let ix = self.unit_tree.order[p as usize];
                let up = self.unit_tree.parent[p as usize];
                let in_compound = (up != super::index::NONE)
                    .then(|| self.unit_tree.order[up as usize])
                    .filter(|&c| Some(self.unit_at(c).level) == compound);
                let covered = anchored_kind(ix, OrganisationKind::BuildingCell)
                    || in_compound
                        .is_some_and(|c| anchored_kind(c, OrganisationKind::BuildingCell));
                if !covered {
                    a.buildings_without_cell
                        .push(self.unit_at(ix).id.to_string());
                }
            }
        }
        for ix in self.graph.node_indices() {
            let Node::Person(person) = &self.graph[ix] else {
                continue;
            };
            if self.home_ix(ix).is_none() {
                a.persons_without_home.push(person.id.to_string());
            }
            for e in self.graph.edges_directed(ix, Direction::Outgoing) {
                let Relation::HoldsPost(role, span) = *e.weight() else {
                    continue;
                };
                let Some(expected) = role.fitting_levels() else {
                    continue;
                };
                if !span.contains(as_of) || !expected.iter().any(|l| scheme.level(l).is_some()) {
                    continue;
                }
                let held_at = match &self.graph[e.target()] {
                    Node::Unit(u) => scheme.name(u.level).to_owned(),
                    _ => "Organisation".to_owned(),
                };
                if !expected.iter().any(|l| l.eq_ignore_ascii_case(&held_at)) {
                    let post = self.post_records_of(ix).into_iter().find(|r| {
                        r.role == role
                            && r.start == span.start
                            && self.post_place(r.unit.as_deref(), r.organisation.as_deref())
                                == Some(e.target())
                    });
                    if let Some(post) = post {
                        a.misplaced_posts.push(MisplacedPost {
                            post,
                            held_at,
                            expected: expected.iter().map(|s| s.to_string()).collect(),
                        });
                    }
                }
            }
        }
        a
    }
}
