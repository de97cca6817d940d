//! Generates one subdistrict: units, organisations, persons, memberships, posts, grid layers.

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

/// Everything of subdistrict number `index` (0-based) of a city generated from `seed`.
pub(crate) fn subdistrict(shape: &Shape, lv: &Levels, seed: u64, index: usize) -> Plan {
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix(seed ^ splitmix(index as u64)));
    let mut plan = Plan::default();
    let sid = format!("S{:03}", index + 1);
    let sname = format!("{}街道", names::place(index));
    let s = plan.unit(sid.clone(), sname.clone(), lv.subdistrict, None, None, 0);
    let wc = plan.organisation(
        format!("{sid}-WC"),
        format!("{sname}党工委"),
        OrganisationKind::WorkingCommittee,
        None,
        None,
        s,
    );

    let n_areas = range(&mut rng, shape.residential_areas).max(1);
    let n_grids = range(&mut rng, shape.community_grids).max(n_areas);
    let mut grids: Vec<GridInfo> = Vec::new();
    let mut buildings: Vec<(u32, usize)> = Vec::new(); // (building, grid), residential and office
    let mut households: Vec<(u32, u32, usize, usize)> = Vec::new(); // (household, building, grid, area)
    let mut area_units = Vec::new();
    let mut compounds_in_area = Vec::new();
    for a in 0..n_areas as usize {
        let aid = format!("{sid}-A{:02}", a + 1);
        let area = plan.unit(
            aid.clone(),
            format!("{}居民区", names::place(index * 7 + a + 3)),
            lv.area,
            Some(s),
            None,
            0,
        );
        let gb = plan.organisation(
            format!("{aid}-GB"),
            format!("{aid}党总支"),
            OrganisationKind::GeneralBranch,
            None,
            Some(wc),
            area,
        );
        area_units.push(area);
        let mut compounds = 0u32;
        let per_area = n_grids / n_areas + u32::from((a as u32) < n_grids % n_areas);
        for _ in 0..per_area {
            let g = grids.len();
            let gid = format!("{aid}-G{:02}", g + 1);
            let grid = plan.unit(
                gid.clone(),
                format!("第{}网格", g + 1),
                lv.grid,
                Some(area),
                Some(GridKind::Community),
                0,
            );
            // Deliberate gap: the second grid of every subdistrict has no branch.
            let branch = (g != 1).then(|| {
                plan.organisation(
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
            let n_compounds = range(&mut rng, shape.compounds_per_grid);
            let mut homes: Vec<(u32, String)> = Vec::new(); // (parent, id prefix)
            for c in 0..n_compounds {
                let cid = format!("{gid}-C{}", c + 1);
                let cname = names::compound(&mut rng);
                let compound = plan.unit(
                    cid.clone(),
                    cname.to_owned(),
                    lv.compound,
                    Some(grid),
                    None,
                    0,
                );
                compounds += 1;
                for b in 0..range(&mut rng, shape.buildings_per_compound) {
                    homes.push((compound, format!("{cid}-B{:02}", b + 1)));
                }
            }
            for b in 0..range(&mut rng, shape.loose_buildings_per_grid) {
                homes.push((grid, format!("{gid}-B{:02}", 50 + b + 1)));
            }
            for (parent, bid) in homes {
                let building = plan.unit(
                    bid.clone(),
                    format!("{}号楼", &bid[bid.len() - 2..]),
                    lv.building,
                    Some(parent),
                    None,
                    0,
                );
                plan.unit(
                    format!("{bid}-Z1"),
                    "党员责任区".to_owned(),
                    lv.zone,
                    Some(building),
                    None,
                    0,
                );
                let (floors, rooms) = (
                    range(&mut rng, shape.floors),
                    range(&mut rng, shape.rooms_per_floor),
                );
                for f in 1..=floors {
                    for r in 1..=rooms {
                        let size = household_size(&mut rng);
                        let hh = plan.unit(
                            format!("{bid}-{f:02}{r:02}"),
                            format!("{f}{r:02}室"),
                            lv.household,
                            Some(building),
                            None,
                            size,
                        );
                        households.push((hh, building, g, a));
                    }
                }
                // Deliberate gaps: about 8% of residential buildings have no cell.
                if rng.random_bool(0.92) {
                    let parent = branch.unwrap_or(gb);
                    plan.organisation(
                        format!("{bid}-CELL"),
                        format!("{bid}楼组党小组"),
                        OrganisationKind::BuildingCell,
                        None,
                        Some(parent),
                        building,
                    );
                }
                info.residential.push(building);
                buildings.push((building, g));
            }
            grids.push(info);
        }
        compounds_in_area.push(compounds);
    }

    // The business area: business-district grids of office buildings with enterprises in them.
    let n_business = range(&mut rng, shape.business_grids);
    let mut offices = Vec::new();
    if n_business > 0 {
        let aid = format!("{sid}-A{:02}", n_areas + 1);
        let area = plan.unit(
            aid.clone(),
            "商圈片区".to_owned(),
            lv.area,
            Some(s),
            None,
            0,
        );
        let gb = plan.organisation(
            format!("{aid}-GB"),
            format!("{aid}联合党总支"),
            OrganisationKind::GeneralBranch,
            None,
            Some(wc),
            area,
        );
        area_units.push(area);
        compounds_in_area.push(0);
        for _ in 0..n_business {
            let g = grids.len();
            let gid = format!("{aid}-G{:02}", g + 1);
            let grid = plan.unit(
                gid.clone(),
                format!("商圈第{}网格", g + 1),
                lv.grid,
                Some(area),
                Some(GridKind::BusinessDistrict),
                0,
            );
            let branch = plan.organisation(
                format!("{gid}-BR"),
                format!("商圈第{}网格党支部", g + 1),
                OrganisationKind::GridBranch,
                None,
                Some(gb),
                grid,
            );
            for b in 0..range(&mut rng, shape.office_buildings_per_grid) {
                let bid = format!("{gid}-B{:02}", b + 1);
                let building = plan.unit(
                    bid.clone(),
                    format!("{}大厦", names::place(index + g + b as usize)),
                    lv.building,
                    Some(grid),
                    None,
                    0,
                );
                for e in 0..rng.random_range(1..=2u32) {
                    let name = names::enterprise(&mut rng);
                    plan.organisation(
                        format!("{bid}-E{}", e + 1),
                        name.to_owned(),
                        OrganisationKind::AllianceMember,
                        Some(AllianceCategory::TwoNew),
                        Some(wc),
                        building,
                    );
                }
                if rng.random_bool(0.5) {
                    plan.organisation(
                        format!("{bid}-CELL"),
                        format!("{bid}党的工作小组"),
                        OrganisationKind::BuildingCell,
                        None,
                        Some(branch),
                        building,
                    );
                }
                offices.push(building);
                buildings.push((building, g));
            }
            grids.push(GridInfo {
                unit: grid,
                branch: Some(branch),
                residential: Vec::new(),
            });
        }
    }
    // Regional units of the alliance: schools, a hospital, a government department.
    for (k, (name, cat)) in [
        ("第一小学", AllianceCategory::RegionalUnit),
        ("实验中学", AllianceCategory::RegionalUnit),
        ("社区卫生服务中心", AllianceCategory::RegionalUnit),
        ("城管中队", AllianceCategory::RegionalUnit),
    ]
    .into_iter()
    .enumerate()
    {
        let anchor = grids.get(k * 3 % grids.len().max(1)).map_or(s, |g| g.unit);
        plan.organisation(
            format!("{sid}-AL{:02}", k + 1),
            format!("{}{name}", names::place(index)),
            OrganisationKind::AllianceMember,
            Some(cat),
            Some(wc),
            anchor,
        );
    }

    // Residents and Party members.
    let cells = cell_of_buildings(&plan);
    let mut members: Vec<Member> = Vec::new();
    let mut residents_of_building: std::collections::HashMap<u32, Vec<u32>> =
        std::collections::HashMap::new();
    for &(hh, building, g, a) in &households {
        let size = plan.units[hh as usize].residents;
        for _ in 0..size {
            let member = rng.random_bool(MEMBER_RATE);
            if !(member || shape.residents_as_persons) {
                continue;
            }
            let pid = format!("{sid}-P{:06}", plan.persons.len() + 1);
            let name = names::person(&mut rng);
            let phone = rng.random_bool(0.8).then(|| names::phone(&mut rng));
            let p = plan.person(pid, name, phone, Some(hh));
            residents_of_building.entry(building).or_default().push(p);
            if member {
                let org = cells
                    .get(&building)
                    .copied()
                    .or(grids[g].branch)
                    .unwrap_or(wc);
                let start = date_between(&mut rng, ymd(1975, 1, 1), ymd(2023, 12, 31));
                plan.memberships.push((p, org, Span { start, end: None }));
                members.push(Member {
                    person: p,
                    building,
                    grid: g,
                    area: a,
                });
            }
        }
    }

    let post_day = |rng: &mut ChaCha8Rng| Span {
        start: date_between(rng, ymd(2019, 1, 1), ymd(2024, 6, 30)),
        end: None,
    };
    // Member roles: in-service members work elsewhere; a few pioneers and volunteers.
    for m in &members {
        let at = Place::Unit(area_units[m.area]);
        if !offices.is_empty() && rng.random_bool(0.2) {
            let span = post_day(&mut rng);
            plan.posts.push((m.person, at, Role::InServiceMember, span));
            plan.works_at
                .push((m.person, offices[rng.random_range(0..offices.len())]));
        } else {
            let span = post_day(&mut rng);
            plan.posts.push((m.person, at, Role::CommunityMember, span));
        }
        if rng.random_bool(0.03) {
            let span = post_day(&mut rng);
            plan.posts.push((m.person, at, Role::Pioneer, span));
        }
    }
    let volunteer_rate = if shape.residents_as_persons {
        0.03
    } else {
        0.1
    };
    for p in 0..plan.persons.len() as u32 {
        if rng.random_bool(volunteer_rate) {
            let area = area_of_person(&plan, p, &households, &area_units);
            let span = post_day(&mut rng);
            plan.posts
                .push((p, Place::Unit(area), Role::Volunteer, span));
        }
    }
    if members.is_empty() {
        crate::synth::activity::add(&mut plan, lv, &mut rng);
        return plan;
    }
    let any_member = |rng: &mut ChaCha8Rng| members[rng.random_range(0..members.len())].person;
    let mut members_of_grid: Vec<Vec<u32>> = vec![Vec::new(); grids.len()];
    let mut members_of_building: std::collections::HashMap<u32, Vec<u32>> =
        std::collections::HashMap::new();
    for m in &members {
        members_of_grid[m.grid].push(m.person);
        members_of_building
            .entry(m.building)
            .or_default()
            .push(m.person);
    }

    // Grid leaders (双网格长): two per grid, one living in the grid where possible; every fifth
    // grid also has a predecessor whose post has ended. Deliberate gap: grid 5 has one leader.
    for (g, info) in grids.iter().enumerate() {
        let local = &members_of_grid[g];
        let n_leaders = if g == 4 { 1 } else { 2 };
        for k in 0..n_leaders {
            let p = if k == 0 && !local.is_empty() {
                local[rng.random_range(0..local.len())]
            } else {
                any_member(&mut rng)
            };
            let span = post_day(&mut rng);
            plan.posts
                .push((p, Place::Unit(info.unit), Role::GridLeader, span));
        }
        if g % 5 == 0 {
            let p = any_member(&mut rng);
            plan.posts.push((
                p,
                Place::Unit(info.unit),
                Role::GridLeader,
                Span {
                    start: ymd(2019, 1, 1),
                    end: Some(ymd(2023, 6, 30)),
                },
            ));
        }
        let p = any_member(&mut rng);
        let span = post_day(&mut rng);
        plan.posts
            .push((p, Place::Unit(info.unit), Role::GridWorker, span));
        // Second building leaders (members of the building where possible) and building leaders.
        for &b in &info.residential {
            if rng.random_bool(0.65) {
                let here = members_of_building.get(&b).map_or(&[][..], Vec::as_slice);
                let p = if here.is_empty() {
                    if local.is_empty() {
                        any_member(&mut rng)
                    } else {
                        local[rng.random_range(0..local.len())]
                    }
                } else {
                    here[rng.random_range(0..here.len())]
                };
                let span = post_day(&mut rng);
                plan.posts
                    .push((p, Place::Unit(b), Role::SecondBuildingLeader, span));
            }
            if let Some(rs) = residents_of_building
                .get(&b)
                .filter(|_| rng.random_bool(0.85))
            {
                let p = rs[rng.random_range(0..rs.len())];
                let span = post_day(&mut rng);
                plan.posts
                    .push((p, Place::Unit(b), Role::BuildingLeader, span));
            }
        }
    }
    // Second secretaries: cadres sent to each residential area, one per two compounds.
    for (a, &n) in compounds_in_area.iter().enumerate() {
        for _ in 0..n.div_ceil(2) {
            let p = any_member(&mut rng);
            let span = post_day(&mut rng);
            plan.posts
                .push((p, Place::Unit(area_units[a]), Role::SecondSecretary, span));
        }
    }
    // Deliberate gaps: a cadre from outside with no home, and a grid worker posted at a building.
    let outsider = plan.person(
        format!("{sid}-P{:06}", plan.persons.len() + 1),
        names::person(&mut rng),
        None,
        None,
    );
    plan.posts.push((
        outsider,
        Place::Unit(area_units[0]),
        Role::SecondSecretary,
        Span {
            start: ymd(2024, 3, 1),
            end: None,
        },
    ));
    if let Some(&(b, _)) = buildings.first() {
        let p = any_member(&mut rng);
        plan.posts.push((
            p,
            Place::Unit(b),
            Role::GridWorker,
            Span {
                start: ymd(2024, 1, 1),
                end: None,
            },
        ));
    }
    plan.posts.push((
        any_member(&mut rng),
        Place::Organisation(wc),
        Role::Volunteer,
        post_day(&mut rng),
    ));

    // Grid layers: the policing and city-operations nets cut the buildings in their own chunks;
    // the comprehensive-governance net follows the grids but for a few buildings.
    for (k, &(b, g)) in buildings.iter().enumerate() {
        let gid = plan.units[grids[g].unit as usize].id.clone();
        plan.layers
            .push((b, GridLayer::PartyBuilding, format!("DJ-{gid}")));
        plan.layers
            .push((b, GridLayer::Policing, format!("{sid}-JW{:02}", k / 30 + 1)));
        let zz = if rng.random_bool(0.03) {
            (g + 1) % grids.len()
        } else {
            g
        };
        plan.layers.push((
            b,
            GridLayer::ComprehensiveGovernance,
            format!("{sid}-ZZ{:02}", zz + 1),
        ));
        plan.layers.push((
            b,
            GridLayer::CityOperations,
            format!("{sid}-CY{:02}", k / 45 + 1),
        ));
    }
    crate::synth::activity::add(&mut plan, lv, &mut rng);
    plan
}

/// The building cell anchored on each building.
fn cell_of_buildings(plan: &Plan) -> std::collections::HashMap<u32, u32> {
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
