//! Generates one subdistrict: units, organisations, persons, memberships, posts, grid layers.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{
    AllianceCategory, GridKind, GridLayer, Level, LevelScheme, OrganisationKind, Role, Span,
};
use crate::synth::names;
use crate::synth::plan::{Place, Plan};

/// The proportions of one subdistrict. Ranges are inclusive.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub(crate) residential_areas: (u32, u32),
    pub(crate) community_grids: (u32, u32),
    pub(crate) business_grids: (u32, u32),
    pub(crate) compounds_per_grid: (u32, u32),
    pub(crate) buildings_per_compound: (u32, u32),
    pub(crate) loose_buildings_per_grid: (u32, u32),
    pub(crate) floors: (u32, u32),
    pub(crate) rooms_per_floor: (u32, u32),
    pub(crate) office_buildings_per_grid: (u32, u32),
    /// Whether every resident is a person, or only Party members and post holders.
    pub(crate) residents_as_persons: bool,
}

/// The default levels, resolved once.
pub(crate) struct Levels {
    pub(crate) subdistrict: Level,
    pub(crate) area: Level,
    pub(crate) grid: Level,
    pub(crate) compound: Level,
    pub(crate) building: Level,
    pub(crate) zone: Level,
    pub(crate) household: Level,
}

impl Levels {
    pub(crate) fn of(scheme: &LevelScheme) -> crate::Result<Self> {
        use crate::model::levels::*;
        Ok(Levels {
            subdistrict: scheme.require(SUBDISTRICT)?,
            area: scheme.require(AREA)?,
            grid: scheme.require(GRID)?,
            compound: scheme.require(COMPOUND)?,
            building: scheme.require(BUILDING)?,
            zone: scheme.require(RESPONSIBILITY_ZONE)?,
            household: scheme.require(HOUSEHOLD)?,
        })
    }
}

/// Share of residents who are Party members (about 8% in the seed community).
const MEMBER_RATE: f64 = 0.08;

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn range(rng: &mut ChaCha8Rng, (lo, hi): (u32, u32)) -> u32 {
    if hi <= lo {
        lo
    } else {
        rng.random_range(lo..=hi)
    }
}

fn date_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let days = (to - from).num_days().max(0);
    from + Duration::days(rng.random_range(0..=days))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Residents of one household: 1 to 5, about 2.6 on average.
fn household_size(rng: &mut ChaCha8Rng) -> u32 {
    match rng.random_range(0..100u32) {
        0..15 => 1,
        15..45 => 2,
        45..75 => 3,
        75..92 => 4,
        _ => 5,
    }
}

struct Member {
    person: u32,
    building: u32,
    grid: usize,
    area: usize,
}

struct GridInfo {
    unit: u32,
    branch: Option<u32>,
    residential: Vec<u32>,
}

/// The residents made persons, and which of them are Party members.
struct People {
    members: Vec<Member>,
    residents_of_building: HashMap<u32, Vec<u32>>,
}

/// A subdistrict being generated: the plan so far and what later steps look up in it.
///
/// The steps draw from one random stream, so their order is part of the output: the same
/// seed gives the same subdistrict only as long as every step makes the same draws in the
/// same order.
struct Generator<'a> {
    shape: &'a Shape,
    lv: &'a Levels,
    index: usize,
    rng: ChaCha8Rng,
    plan: Plan,
    sid: String,
    /// The subdistrict unit and its working committee.
    root: u32,
    wc: u32,
    grids: Vec<GridInfo>,
    /// (building, grid), residential and office.
    buildings: Vec<(u32, usize)>,
    /// (household, building, grid, area).
    households: Vec<(u32, u32, usize, usize)>,
    area_units: Vec<u32>,
    compounds_in_area: Vec<u32>,
    offices: Vec<u32>,
}

/// Everything of subdistrict number `index` (0-based) of a city generated from `seed`.
pub(crate) fn subdistrict(shape: &Shape, lv: &Levels, seed: u64, index: usize) -> Plan {
    let mut g = Generator::new(shape, lv, seed, index);
    let n_areas = range(&mut g.rng, shape.residential_areas).max(1);
    let n_grids = range(&mut g.rng, shape.community_grids).max(n_areas);
    g.residential_areas(n_areas, n_grids);
    g.business_area(n_areas);
    g.alliance_units();
    let people = g.residents();
    g.member_roles(&people.members);
    g.volunteers();
    if !people.members.is_empty() {
        g.grid_posts(&people);
        g.second_secretaries(&people.members);
        g.deliberate_gaps(&people.members);
        g.layers();
    }
    crate::synth::activity::add(&mut g.plan, lv, &mut g.rng);
    id_numbers(&mut g.plan, seed, index);
    g.plan
}

/// The share of persons with a resident ID number.
const ID_NUMBER_RATE: f64 = 0.7;

/// Resident ID numbers for most persons of a complete subdistrict, drawn from a stream of
/// their own so that everything else stays as it was. A person with a membership, post,
/// contract, lead, service or workplace is 18 on the first day of each and on the reference
/// date; the others are born on any day from 1935 to the reference date, so that some are
/// children (under 14: [`MINOR_AGE`](crate::MINOR_AGE)).
fn id_numbers(plan: &mut Plan, seed: u64, index: usize) {
    const STREAM: u64 = 0x1d_2b_11_64_3f;
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix(seed ^ splitmix(index as u64) ^ STREAM));
    let reference = crate::synth::REFERENCE_DATE;
    let mut latest: Vec<NaiveDate> = vec![reference; plan.persons.len()];
    let mut adult_on = |p: u32, day: NaiveDate| {
        let born_by = day
            .checked_sub_months(chrono::Months::new(18 * 12))
            .unwrap_or(day);
        if let Some(l) = latest.get_mut(p as usize) {
            *l = (*l).min(born_by);
        }
    };
    for &(p, _, span) in &plan.memberships {
        adult_on(p, span.start);
    }
    for &(p, _, _, span) in &plan.posts {
        adult_on(p, span.start);
    }
    for &(_, holder, _, span) in &plan.contracts {
        if let Place::Person(p) = holder {
            adult_on(p, span.start);
        }
    }
    for &(a, b) in &plan.leads {
        adult_on(a, reference);
        adult_on(b, reference);
    }
    for &(v, _) in plan.serves.iter().chain(&plan.works_at) {
        adult_on(v, reference);
    }
    let first = ymd(1935, 1, 1);
    for (person, &last) in plan.persons.iter_mut().zip(&latest) {
        if rng.random_bool(ID_NUMBER_RATE) {
            let born = date_between(&mut rng, first, last.max(first));
            person.id_number = names::id_number(&mut rng, born);
        }
    }
}

/// A post starting on a random day between 2019 and mid-2024, still running.
fn post_day(rng: &mut ChaCha8Rng) -> Span {
    Span {
        start: date_between(rng, ymd(2019, 1, 1), ymd(2024, 6, 30)),
        end: None,
    }
}

fn any_member(rng: &mut ChaCha8Rng, members: &[Member]) -> u32 {
    members[rng.random_range(0..members.len())].person
}

impl<'a> Generator<'a> {
    /// The subdistrict unit and its working committee.
    fn new(shape: &'a Shape, lv: &'a Levels, seed: u64, index: usize) -> Self {
        let rng = ChaCha8Rng::seed_from_u64(splitmix(seed ^ splitmix(index as u64)));
        let mut plan = Plan::default();
        let sid = format!("S{:03}", index + 1);
        let sname = format!("{}街道", names::place(index));
        let root = plan.unit(sid.clone(), sname.clone(), lv.subdistrict, None, None, 0);
        let wc = plan.organisation(
            format!("{sid}-WC"),
            format!("{sname}党工委"),
            OrganisationKind::WorkingCommittee,
            None,
            None,
            root,
        );
        Generator {
            shape,
            lv,
            index,
            rng,
            plan,
            sid,
            root,
            wc,
            grids: Vec::new(),
            buildings: Vec::new(),
            households: Vec::new(),
            area_units: Vec::new(),
            compounds_in_area: Vec::new(),
            offices: Vec::new(),
        }
    }

    /// `n_areas` residential areas sharing `n_grids` community grids, each area with its
    /// general branch.
    fn residential_areas(&mut self, n_areas: u32, n_grids: u32) {
        for a in 0..n_areas as usize {
            let aid = format!("{}-A{:02}", self.sid, a + 1);
            let area = self.plan.unit(
                aid.clone(),
                format!("{}居民区", names::place(self.index * 7 + a + 3)),
                self.lv.area,
                Some(self.root),
                None,
                0,
            );
            let gb = self.plan.organisation(
                format!("{aid}-GB"),
                format!("{aid}党总支"),
                OrganisationKind::GeneralBranch,
                None,
                Some(self.wc),
                area,
            );
            self.area_units.push(area);
            let mut compounds = 0u32;
            let per_area = n_grids / n_areas + u32::from((a as u32) < n_grids % n_areas);
            for _ in 0..per_area {
                compounds += self.community_grid(&aid, a, area, gb);
            }
            self.compounds_in_area.push(compounds);
        }
    }

    /// One community grid of area `a` with its branch, compounds and residential buildings;
    /// returns how many compounds it has.
    fn community_grid(&mut self, aid: &str, a: usize, area: u32, gb: u32) -> u32 {
        let g = self.grids.len();
        let gid = format!("{aid}-G{:02}", g + 1);
        let grid = self.plan.unit(
            gid.clone(),
            format!("第{}网格", g + 1),
            self.lv.grid,
            Some(area),
            Some(GridKind::Community),
            0,
        );
        // Deliberate gap: the second grid of every subdistrict has no branch.
        let branch = (g != 1).then(|| {
            self.plan.organisation(
                format!("{gid}-BR"),
                format!("第{}网格党支部", g + 1),
                OrganisationKind::GridBranch,
                None,
                Some(gb),
                grid,
            )
        });
        let mut info = GridInfo {
            unit: grid,
            branch,
            residential: Vec::new(),
        };
        let n_compounds = range(&mut self.rng, self.shape.compounds_per_grid);
        let mut homes: Vec<(u32, String)> = Vec::new(); // (parent, id prefix)
        for c in 0..n_compounds {
            let cid = format!("{gid}-C{}", c + 1);
            let cname = names::compound(&mut self.rng);
            let compound = self.plan.unit(
                cid.clone(),
                cname.to_owned(),
                self.lv.compound,
                Some(grid),
                None,
                0,
            );
            for b in 0..range(&mut self.rng, self.shape.buildings_per_compound) {
                homes.push((compound, format!("{cid}-B{:02}", b + 1)));
            }
        }
        for b in 0..range(&mut self.rng, self.shape.loose_buildings_per_grid) {
            homes.push((grid, format!("{gid}-B{:02}", 50 + b + 1)));
        }
        for (parent, bid) in homes {
            let building = self.residential_building(parent, &bid, (g, a), branch.unwrap_or(gb));
            info.residential.push(building);
            self.buildings.push((building, g));
        }
        self.grids.push(info);
        n_compounds
    }

    /// A residential building `bid` under `parent`, in grid and area `(g, a)`: its
    /// responsibility zone, its households floor by floor, and (usually) its cell under
    /// `cell_parent`.
    fn residential_building(
        &mut self,
        parent: u32,
        bid: &str,
        (g, a): (usize, usize),
        cell_parent: u32,
    ) -> u32 {
        let building = self.plan.unit(
            bid.to_owned(),
            format!("{}号楼", &bid[bid.len() - 2..]),
            self.lv.building,
            Some(parent),
            None,
            0,
        );
        self.plan.unit(
            format!("{bid}-Z1"),
            "党员责任区".to_owned(),
            self.lv.zone,
            Some(building),
            None,
            0,
        );
        let (floors, rooms) = (
            range(&mut self.rng, self.shape.floors),
            range(&mut self.rng, self.shape.rooms_per_floor),
        );
        for f in 1..=floors {
            for r in 1..=rooms {
                let size = household_size(&mut self.rng);
                let hh = self.plan.unit(
                    format!("{bid}-{f:02}{r:02}"),
                    format!("{f}{r:02}室"),
                    self.lv.household,
                    Some(building),
                    None,
                    size,
                );
                self.households.push((hh, building, g, a));
            }
        }
        // Deliberate gaps: about 8% of residential buildings have no cell.
        if self.rng.random_bool(0.92) {
            self.plan.organisation(
                format!("{bid}-CELL"),
                format!("{bid}楼组党小组"),
                OrganisationKind::BuildingCell,
                None,
                Some(cell_parent),
                building,
            );
        }
        building
    }

    /// The business area: business-district grids of office buildings with enterprises in
    /// them, after the `n_areas` residential areas.
    fn business_area(&mut self, n_areas: u32) {
        let n_business = range(&mut self.rng, self.shape.business_grids);
        if n_business == 0 {
            return;
        }
        let aid = format!("{}-A{:02}", self.sid, n_areas + 1);
        let area = self.plan.unit(
            aid.clone(),
            "商圈片区".to_owned(),
            self.lv.area,
            Some(self.root),
            None,
            0,
        );
        let gb = self.plan.organisation(
            format!("{aid}-GB"),
            format!("{aid}联合党总支"),
            OrganisationKind::GeneralBranch,
            None,
            Some(self.wc),
            area,
        );
        self.area_units.push(area);
        self.compounds_in_area.push(0);
        for _ in 0..n_business {
            self.business_grid(&aid, area, gb);
        }
    }

    /// One business-district grid with its branch and office buildings.
    fn business_grid(&mut self, aid: &str, area: u32, gb: u32) {
        let g = self.grids.len();
        let gid = format!("{aid}-G{:02}", g + 1);
        let grid = self.plan.unit(
            gid.clone(),
            format!("商圈第{}网格", g + 1),
            self.lv.grid,
            Some(area),
            Some(GridKind::BusinessDistrict),
            0,
        );
        let branch = self.plan.organisation(
            format!("{gid}-BR"),
            format!("商圈第{}网格党支部", g + 1),
            OrganisationKind::GridBranch,
            None,
            Some(gb),
            grid,
        );
        for b in 0..range(&mut self.rng, self.shape.office_buildings_per_grid) {
            let building = self.office_building(&gid, (g, b as usize), grid, branch);
            self.offices.push(building);
            self.buildings.push((building, g));
        }
        self.grids.push(GridInfo {
            unit: grid,
            branch: Some(branch),
            residential: Vec::new(),
        });
    }

    /// Office building `b` of grid `g` (unit `grid`, branch `branch`), with one or two
    /// enterprises of the alliance and, half the time, a Party working group.
    fn office_building(
        &mut self,
        gid: &str,
        (g, b): (usize, usize),
        grid: u32,
        branch: u32,
    ) -> u32 {
        let bid = format!("{gid}-B{:02}", b + 1);
        let building = self.plan.unit(
            bid.clone(),
            format!("{}大厦", names::place(self.index + g + b)),
            self.lv.building,
            Some(grid),
            None,
            0,
        );
        for e in 0..self.rng.random_range(1..=2u32) {
            let name = names::enterprise(&mut self.rng);
            self.plan.organisation(
                format!("{bid}-E{}", e + 1),
                name.to_owned(),
                OrganisationKind::AllianceMember,
                Some(AllianceCategory::TwoNew),
                Some(self.wc),
                building,
            );
        }
        if self.rng.random_bool(0.5) {
            self.plan.organisation(
                format!("{bid}-CELL"),
                format!("{bid}党的工作小组"),
                OrganisationKind::BuildingCell,
                None,
                Some(branch),
                building,
            );
        }
        building
    }

    /// Regional units of the alliance: schools, a hospital, a government department.
    fn alliance_units(&mut self) {
        for (k, (name, cat)) in [
            ("第一小学", AllianceCategory::RegionalUnit),
            ("实验中学", AllianceCategory::RegionalUnit),
            ("社区卫生服务中心", AllianceCategory::RegionalUnit),
            ("城管中队", AllianceCategory::RegionalUnit),
        ]
        .into_iter()
        .enumerate()
        {
            let anchor = self
                .grids
                .get(k * 3 % self.grids.len().max(1))
                .map_or(self.root, |g| g.unit);
            self.plan.organisation(
                format!("{}-AL{:02}", self.sid, k + 1),
                format!("{}{name}", names::place(self.index)),
                OrganisationKind::AllianceMember,
                Some(cat),
                Some(self.wc),
                anchor,
            );
        }
    }

    /// Residents (all, or only the Party members at megacity scale) as persons, and the
    /// members' memberships in their building's cell, else their grid's branch, else the
    /// working committee.
    fn residents(&mut self) -> People {
        let cells = cell_of_buildings(&self.plan);
        let mut people = People {
            members: Vec::new(),
            residents_of_building: HashMap::new(),
        };
        for &(hh, building, g, a) in &self.households {
            let size = self.plan.units[hh as usize].residents;
            for _ in 0..size {
                let member = self.rng.random_bool(MEMBER_RATE);
                if !(member || self.shape.residents_as_persons) {
                    continue;
                }
                let pid = format!("{}-P{:06}", self.sid, self.plan.persons.len() + 1);
                let name = names::person(&mut self.rng);
                let phone = self
                    .rng
                    .random_bool(0.8)
                    .then(|| names::phone(&mut self.rng));
                let p = self.plan.person(pid, name, phone, Some(hh));
                people
                    .residents_of_building
                    .entry(building)
                    .or_default()
                    .push(p);
                if member {
                    let org = cells
                        .get(&building)
                        .copied()
                        .or(self.grids[g].branch)
                        .unwrap_or(self.wc);
                    let start = date_between(&mut self.rng, ymd(1975, 1, 1), ymd(2023, 12, 31));
                    self.plan
                        .memberships
                        .push((p, org, Span { start, end: None }));
                    people.members.push(Member {
                        person: p,
                        building,
                        grid: g,
                        area: a,
                    });
                }
            }
        }
        people
    }

    /// Member roles: in-service members work elsewhere; a few are pioneers.
    fn member_roles(&mut self, members: &[Member]) {
        let rng = &mut self.rng;
        for m in members {
            let at = Place::Unit(self.area_units[m.area]);
            if !self.offices.is_empty() && rng.random_bool(0.2) {
                let span = post_day(rng);
                self.plan
                    .posts
                    .push((m.person, at, Role::InServiceMember, span));
                self.plan.works_at.push((
                    m.person,
                    self.offices[rng.random_range(0..self.offices.len())],
                ));
            } else {
                let span = post_day(rng);
                self.plan
                    .posts
                    .push((m.person, at, Role::CommunityMember, span));
            }
            if rng.random_bool(0.03) {
                let span = post_day(rng);
                self.plan.posts.push((m.person, at, Role::Pioneer, span));
            }
        }
    }

    /// Volunteers among all persons, posted at their home's area.
    fn volunteers(&mut self) {
        let volunteer_rate = if self.shape.residents_as_persons {
            0.03
        } else {
            0.1
        };
        for p in 0..self.plan.persons.len() as u32 {
            if self.rng.random_bool(volunteer_rate) {
                let area = area_of_person(&self.plan, p, &self.households, &self.area_units);
                let span = post_day(&mut self.rng);
                self.plan
                    .posts
                    .push((p, Place::Unit(area), Role::Volunteer, span));
            }
        }
    }

    /// The posts of every grid: leaders, a worker, and the leaders of its buildings.
    fn grid_posts(&mut self, people: &People) {
        let members = &people.members;
        let mut members_of_grid: Vec<Vec<u32>> = vec![Vec::new(); self.grids.len()];
        let mut members_of_building: HashMap<u32, Vec<u32>> = HashMap::new();
        for m in members {
            members_of_grid[m.grid].push(m.person);
            members_of_building
                .entry(m.building)
                .or_default()
                .push(m.person);
        }
        let grids = std::mem::take(&mut self.grids);
        for (g, info) in grids.iter().enumerate() {
            let local = &members_of_grid[g];
            self.grid_leaders(g, info.unit, local, members);
            for &b in &info.residential {
                let here = members_of_building.get(&b).map_or(&[][..], Vec::as_slice);
                self.building_leaders(b, here, local, people);
            }
        }
        self.grids = grids;
    }

    /// Grid leaders (双网格长): two per grid, one living in the grid where possible; every
    /// fifth grid also has a predecessor whose post has ended. Deliberate gap: grid 5 has one
    /// leader. Then the grid's worker.
    fn grid_leaders(&mut self, g: usize, grid: u32, local: &[u32], members: &[Member]) {
        let rng = &mut self.rng;
        let n_leaders = if g == 4 { 1 } else { 2 };
        for k in 0..n_leaders {
            let p = if k == 0 && !local.is_empty() {
                local[rng.random_range(0..local.len())]
            } else {
                any_member(rng, members)
            };
            let span = post_day(rng);
            self.plan
                .posts
                .push((p, Place::Unit(grid), Role::GridLeader, span));
        }
        if g.is_multiple_of(5) {
            let p = any_member(rng, members);
            self.plan.posts.push((
                p,
                Place::Unit(grid),
                Role::GridLeader,
                Span {
                    start: ymd(2019, 1, 1),
                    end: Some(ymd(2023, 6, 30)),
                },
            ));
        }
        let p = any_member(rng, members);
        let span = post_day(rng);
        self.plan
            .posts
            .push((p, Place::Unit(grid), Role::GridWorker, span));
    }

    /// The second building leader of residential building `b` (a member living there where
    /// possible, else in the grid) and its building leader (a resident), each most of the
    /// time.
    fn building_leaders(&mut self, b: u32, here: &[u32], local: &[u32], people: &People) {
        let rng = &mut self.rng;
        if rng.random_bool(0.65) {
            let p = if here.is_empty() {
                if local.is_empty() {
                    any_member(rng, &people.members)
                } else {
                    local[rng.random_range(0..local.len())]
                }
            } else {
                here[rng.random_range(0..here.len())]
            };
            let span = post_day(rng);
            self.plan
                .posts
                .push((p, Place::Unit(b), Role::SecondBuildingLeader, span));
        }
        if let Some(rs) = people
            .residents_of_building
            .get(&b)
            .filter(|_| rng.random_bool(0.85))
        {
            let p = rs[rng.random_range(0..rs.len())];
            let span = post_day(rng);
            self.plan
                .posts
                .push((p, Place::Unit(b), Role::BuildingLeader, span));
        }
    }

    /// Second secretaries: cadres sent to each residential area, one per two compounds.
    fn second_secretaries(&mut self, members: &[Member]) {
        for (a, &n) in self.compounds_in_area.iter().enumerate() {
            for _ in 0..n.div_ceil(2) {
                let p = any_member(&mut self.rng, members);
                let span = post_day(&mut self.rng);
                self.plan.posts.push((
                    p,
                    Place::Unit(self.area_units[a]),
                    Role::SecondSecretary,
                    span,
                ));
            }
        }
    }

    /// Deliberate gaps: a cadre from outside with no home, a grid worker posted at a
    /// building, and a volunteer post held at the working committee.
    fn deliberate_gaps(&mut self, members: &[Member]) {
        let outsider = self.plan.person(
            format!("{}-P{:06}", self.sid, self.plan.persons.len() + 1),
            names::person(&mut self.rng),
            None,
            None,
        );
        self.plan.posts.push((
            outsider,
            Place::Unit(self.area_units[0]),
            Role::SecondSecretary,
            Span {
                start: ymd(2024, 3, 1),
                end: None,
            },
        ));
        if let Some(&(b, _)) = self.buildings.first() {
            let p = any_member(&mut self.rng, members);
            self.plan.posts.push((
                p,
                Place::Unit(b),
                Role::GridWorker,
                Span {
                    start: ymd(2024, 1, 1),
                    end: None,
                },
            ));
        }
        self.plan.posts.push((
            any_member(&mut self.rng, members),
            Place::Organisation(self.wc),
            Role::Volunteer,
            post_day(&mut self.rng),
        ));
    }

    /// Grid layers: the policing and city-operations nets cut the buildings in their own
    /// chunks; the comprehensive-governance net follows the grids but for a few buildings.
    fn layers(&mut self) {
        let sid = &self.sid;
        for (k, &(b, g)) in self.buildings.iter().enumerate() {
            let gid = self.plan.units[self.grids[g].unit as usize].id.clone();
            self.plan
                .layers
                .push((b, GridLayer::PartyBuilding, format!("DJ-{gid}")));
            self.plan
                .layers
                .push((b, GridLayer::Policing, format!("{sid}-JW{:02}", k / 30 + 1)));
            let zz = if self.rng.random_bool(0.03) {
                (g + 1) % self.grids.len()
            } else {
                g
            };
            self.plan.layers.push((
                b,
                GridLayer::ComprehensiveGovernance,
                format!("{sid}-ZZ{:02}", zz + 1),
            ));
            self.plan.layers.push((
                b,
                GridLayer::CityOperations,
                format!("{sid}-CY{:02}", k / 45 + 1),
            ));
        }
    }
}

/// The building cell anchored on each building.
fn cell_of_buildings(plan: &Plan) -> HashMap<u32, u32> {
    plan.organisations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind == OrganisationKind::BuildingCell)
        .map(|(i, o)| (o.anchor, i as u32))
        .collect()
}

fn area_of_person(
    plan: &Plan,
    p: u32,
    households: &[(u32, u32, usize, usize)],
    areas: &[u32],
) -> u32 {
    let home = plan.persons[p as usize].home;
    home.and_then(|h| households.binary_search_by_key(&h, |x| x.0).ok())
        .map_or(areas[0], |i| areas[households[i].3])
}
