//! The level scheme: which levels units sit on, and which level may contain which.
//!
//! The default scheme is the five-level system (五级体系, see the [glossary](crate::glossary)) with the compound and
//! the household beside it. Cities use other schemes, so a scheme is data: any list of levels,
//! each naming the levels allowed directly above it.
//!
//! ```
//! use quanyu::LevelScheme;
//!
//! let scheme = LevelScheme::default();
//! let grid = scheme.level("Grid").unwrap();
//! let building = scheme.level("building").unwrap(); // names match leniently
//! assert!(scheme.may_contain(grid, building)); // buildings may sit directly in a grid...
//! let compound = scheme.level("Compound").unwrap();
//! assert!(scheme.may_contain(compound, building)); // ...or in a compound inside it
//!
//! let divisions = LevelScheme::linear(["Province", "City", "County", "Township"]).unwrap();
//! assert_eq!(divisions.len(), 4);
//! ```

use serde::{Deserialize, Serialize};

use crate::model::Proximity;
use crate::schema::{Record, fold};
use crate::{EntityKind, Error, Problem, Result};

/// A level of a [`LevelScheme`]: a small handle, meaningful only with the scheme it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Level(pub(super) u8);

impl Level {
    /// The position of the level in its scheme (0 is the first level declared).
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// assert_eq!(s.level("Subdistrict").unwrap().index(), 0);
    /// ```
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The level at `index`, not yet checked against a scheme: for readers of stored networks,
    /// which check it with the rest of the entity (see `FlatBuilder::unit`).
    pub(crate) fn unchecked(index: u8) -> Level {
        Level(index)
    }
}

/// The names of the default levels (see the [glossary](crate::glossary)), for use with [`LevelScheme::level`].
pub mod levels {
    /// 省级 — a province, autonomous region or municipality (only in
    /// [`LevelScheme::national`](crate::LevelScheme::national)).
    pub const PROVINCE: &str = "Province";
    /// 县级 — a county, county-level city or district (only in
    /// [`LevelScheme::national`](crate::LevelScheme::national)).
    pub const COUNTY: &str = "County";
    /// 乡级 — a township, town or subdistrict (only in
    /// [`LevelScheme::national`](crate::LevelScheme::national)).
    pub const TOWNSHIP: &str = "Township";
    /// 村级 — a village or residents' committee (only in
    /// [`LevelScheme::national`](crate::LevelScheme::national)).
    pub const VILLAGE: &str = "Village";
    /// 市 — a city (in [`LevelScheme::city`](crate::LevelScheme::city) and
    /// [`LevelScheme::national`](crate::LevelScheme::national)).
    pub const CITY: &str = "City";
    /// 区 — a district (only in [`LevelScheme::city`](crate::LevelScheme::city)).
    pub const DISTRICT: &str = "District";
    /// 街道 — the root of one jurisdiction.
    pub const SUBDISTRICT: &str = "Subdistrict";
    /// 片区 — a cluster of grids.
    pub const AREA: &str = "Area";
    /// 网格 — a grid.
    pub const GRID: &str = "Grid";
    /// 小区 — a residential compound: buildings inside one grid.
    pub const COMPOUND: &str = "Compound";
    /// 楼栋/楼宇 (微网格) — a building.
    pub const BUILDING: &str = "Building";
    /// 党员责任区 — a Party member's responsibility zone inside a building.
    pub const RESPONSIBILITY_ZONE: &str = "ResponsibilityZone";
    /// 户 — a household, a leaf under a building.
    pub const HOUSEHOLD: &str = "Household";
}

/// One level: its name, the levels allowed directly above it and, for the proximity tiers,
/// what sharing a unit of this level means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Record)]
#[record(label = "name")]
pub struct LevelDef {
    /// The level's name, such as `Grid`.
    pub name: String,
    /// Names of the levels whose units may directly contain units of this level.
    #[serde(default)]
    pub parents: Vec<String>,
    /// The proximity of two places whose nearest common unit is on this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proximity: Option<Proximity>,
}

impl LevelDef {
    /// A level named `name` that may sit under `parents`.
    ///
    /// ```
    /// let d = quanyu::LevelDef::new("Township", ["County"]);
    /// assert_eq!(d.parents, vec!["County".to_string()]);
    /// ```
    pub fn new<I, S>(name: impl Into<String>, parents: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        LevelDef {
            name: name.into(),
            parents: parents.into_iter().map(Into::into).collect(),
            proximity: None,
        }
    }

    /// The same level, with a proximity tier.
    ///
    /// ```
    /// use quanyu::{LevelDef, Proximity};
    /// let d = LevelDef::new("Block", ["Grid"]).with_proximity(Proximity::SameBuilding);
    /// assert_eq!(d.proximity, Some(Proximity::SameBuilding));
    /// ```
    pub fn with_proximity(mut self, proximity: Proximity) -> Self {
        self.proximity = Some(proximity);
        self
    }
}

/// The levels of a network and which may contain which.
///
/// Parents must be declared before their children, which keeps "may contain" acyclic: a tree
/// whose every unit sits under an allowed parent level can never contain a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelScheme {
    defs: Vec<LevelDef>,
    #[serde(skip)]
    parents: Vec<Vec<Level>>,
}

impl LevelScheme {
    /// A scheme from level definitions, checked: unique names (compared leniently), at most 255
    /// levels, each parent declared before its child.
    ///
    /// ```
    /// use quanyu::{LevelDef, LevelScheme};
    /// let ok = LevelScheme::new(vec![LevelDef::new("A", Vec::<String>::new()), LevelDef::new("B", ["A"])]);
    /// assert!(ok.is_ok());
    /// let bad = LevelScheme::new(vec![LevelDef::new("B", ["A"]), LevelDef::new("A", Vec::<String>::new())]);
    /// assert!(bad.is_err());
    /// ```
    pub fn new(defs: Vec<LevelDef>) -> Result<Self> {
        let mut problems = Vec::new();
        if defs.is_empty() {
            problems.push(Problem::new(
                "",
                "levels",
                "a level scheme needs at least one level",
            ));
        }
        if defs.len() > 255 {
            problems.push(Problem::new(
                "",
                "levels",
                "a level scheme has at most 255 levels",
            ));
        }
        let mut parents = Vec::with_capacity(defs.len());
        for (i, def) in defs.iter().enumerate() {
            let key = fold(&def.name);
            if key.is_empty() {
                problems.push(Problem::new(&def.name, "name", "a level needs a name"));
            }
            if defs[..i].iter().any(|d| fold(&d.name) == key) {
                problems.push(Problem::new(&def.name, "name", "duplicate level name"));
            }
            let mut ps = Vec::new();
            for p in &def.parents {
                match defs[..i].iter().position(|d| fold(&d.name) == fold(p)) {
                    Some(j) => ps.push(Level(j as u8)),
                    None => problems.push(Problem::new(
                        &def.name,
                        "parents",
                        format!("parent level `{p}` must be declared before `{}`", def.name),
                    )),
                }
            }
            parents.push(ps);
        }
        if problems.is_empty() {
            Ok(LevelScheme { defs, parents })
        } else {
            Err(Error::Validation(problems))
        }
    }

    /// A chain of levels, each inside the one before: `linear(["Province", "City"])`.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::linear(["Province", "City", "County", "Township"]).unwrap();
    /// let (city, county) = (s.level("City").unwrap(), s.level("County").unwrap());
    /// assert!(s.may_contain(city, county));
    /// assert!(!s.may_contain(county, city));
    /// ```
    pub fn linear<I, S>(names: I) -> Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut defs: Vec<LevelDef> = Vec::new();
        for name in names {
            let parents: Vec<String> = defs.last().map(|d| d.name.clone()).into_iter().collect();
            defs.push(LevelDef::new(name, parents));
        }
        LevelScheme::new(defs)
    }

    /// The default scheme (五级体系): Subdistrict > Area > Grid > Building >
    /// ResponsibilityZone, with Compound allowed between Grid and Building and Household under
    /// Building.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::governance();
    /// let names: Vec<&str> = s.levels().map(|l| s.name(l)).collect();
    /// assert_eq!(names, ["Subdistrict", "Area", "Grid", "Compound", "Building", "ResponsibilityZone", "Household"]);
    /// ```
    pub fn governance() -> Self {
        Self::with_above(&[])
    }

    /// The default scheme under a City > District tree: a city's whole network in one graph.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::city();
    /// assert_eq!(s.name(s.levels().next().unwrap()), "City");
    /// ```
    pub fn city() -> Self {
        Self::with_above(&[levels::CITY, levels::DISTRICT])
    }

    /// The district scheme: District above the default levels.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::district();
    /// assert_eq!(s.len(), 8);
    /// ```
    pub fn district() -> Self {
        Self::with_above(&[levels::DISTRICT])
    }

    /// The national scheme of administrative divisions (行政区划): Province > City > County >
    /// Township > Village, the five levels of the statistical division codes (统计用区划代码:
    /// 2, 2, 2, 3 and 3 digits), each inside the one before. The scheme of
    /// [`Divisions::to_network`](crate::divisions::Divisions::to_network); a subdistrict's own
    /// governance tree is on [`governance`](Self::governance).
    ///
    /// ```
    /// let s = quanyu::LevelScheme::national();
    /// let names: Vec<&str> = s.levels().map(|l| s.name(l)).collect();
    /// assert_eq!(names, ["Province", "City", "County", "Township", "Village"]);
    /// assert!(s.may_contain(s.level("County").unwrap(), s.level("Township").unwrap()));
    /// ```
    pub fn national() -> Self {
        use levels::*;
        match LevelScheme::linear([PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE]) {
            Ok(s) => s,
            Err(e) => unreachable!("built-in level scheme is invalid: {e}"),
        }
    }

    fn with_above(above: &[&str]) -> Self {
        use Proximity::*;
        use levels::*;
        let mut defs = Vec::new();
        let mut prev: Option<&str> = None;
        for &name in above {
            defs.push(LevelDef::new(name, prev));
            prev = Some(name);
        }
        let tiered = |name: &str, parents: &[&str], p: Proximity| {
            LevelDef::new(name, parents.iter().copied()).with_proximity(p)
        };
        defs.push(tiered(
            SUBDISTRICT,
            &prev.into_iter().collect::<Vec<_>>(),
            SameSubdistrict,
        ));
        defs.push(tiered(AREA, &[SUBDISTRICT], SameArea));
        defs.push(tiered(GRID, &[AREA], SameGrid));
        defs.push(tiered(COMPOUND, &[GRID], SameCompound));
        defs.push(tiered(BUILDING, &[GRID, COMPOUND], SameBuilding));
        defs.push(tiered(RESPONSIBILITY_ZONE, &[BUILDING], SameBuilding));
        defs.push(tiered(HOUSEHOLD, &[BUILDING], SameBuilding));
        // The definitions above are well formed by construction; `new` only re-checks them.
        match LevelScheme::new(defs) {
            Ok(s) => s,
            Err(e) => unreachable!("built-in level scheme is invalid: {e}"),
        }
    }

    /// Looks a level up by name, leniently (`grid`, `GRID` and `Grid` are the same).
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// assert!(s.level("responsibility_zone").is_some());
    /// assert!(s.level("Province").is_none());
    /// ```
    pub fn level(&self, name: &str) -> Option<Level> {
        let key = fold(name);
        self.defs
            .iter()
            .position(|d| fold(&d.name) == key)
            .map(|i| Level(i as u8))
    }

    /// Like [`level`](Self::level), but a missing level is a [`Error::NotFound`].
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// assert!(s.require("Province").is_err());
    /// ```
    pub fn require(&self, name: &str) -> Result<Level> {
        self.level(name)
            .ok_or_else(|| Error::not_found(EntityKind::Level, name))
    }

    /// The canonical name of `level`.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// assert_eq!(s.name(s.level("grid").unwrap()), "Grid");
    /// ```
    pub fn name(&self, level: Level) -> &str {
        self.defs
            .get(level.index())
            .map_or("?", |d| d.name.as_str())
    }

    /// The definition of `level`.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// assert_eq!(s.def(s.level("Area").unwrap()).parents, ["Subdistrict"]);
    /// ```
    pub fn def(&self, level: Level) -> &LevelDef {
        &self.defs[level.index().min(self.defs.len() - 1)]
    }

    /// Every level, in declaration order.
    ///
    /// ```
    /// assert_eq!(quanyu::LevelScheme::default().levels().count(), 7);
    /// ```
    pub fn levels(&self) -> impl ExactSizeIterator<Item = Level> + '_ {
        (0..self.defs.len()).map(|i| Level(i as u8))
    }

    /// The number of levels.
    ///
    /// ```
    /// assert_eq!(quanyu::LevelScheme::default().len(), 7);
    /// ```
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Always false: a scheme has at least one level.
    ///
    /// ```
    /// assert!(!quanyu::LevelScheme::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Whether a unit on `parent` may directly contain a unit on `child`.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// let (area, building) = (s.level("Area").unwrap(), s.level("Building").unwrap());
    /// assert!(!s.may_contain(area, building));
    /// ```
    pub fn may_contain(&self, parent: Level, child: Level) -> bool {
        self.parents
            .get(child.index())
            .is_some_and(|ps| ps.contains(&parent))
    }

    /// The levels allowed directly above `level`.
    ///
    /// ```
    /// let s = quanyu::LevelScheme::default();
    /// assert_eq!(s.parents(s.level("Building").unwrap()).len(), 2);
    /// ```
    pub fn parents(&self, level: Level) -> &[Level] {
        self.parents.get(level.index()).map_or(&[], Vec::as_slice)
    }

    /// The proximity tier of two places whose nearest common unit is on `level`.
    ///
    /// ```
    /// use quanyu::{LevelScheme, Proximity};
    /// let s = LevelScheme::default();
    /// assert_eq!(s.proximity(s.level("Compound").unwrap()), Proximity::SameCompound);
    /// ```
    pub fn proximity(&self, level: Level) -> Proximity {
        self.defs
            .get(level.index())
            .and_then(|d| d.proximity)
            .unwrap_or(Proximity::Beyond)
    }

    /// The definitions, in order.
    ///
    /// ```
    /// assert_eq!(quanyu::LevelScheme::default().defs()[0].name, "Subdistrict");
    /// ```
    pub fn defs(&self) -> &[LevelDef] {
        &self.defs
    }
}

impl Default for LevelScheme {
    /// The [`governance`](LevelScheme::governance) scheme.
    fn default() -> Self {
        LevelScheme::governance()
    }
}

impl<'de> Deserialize<'de> for LevelScheme {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            defs: Vec<LevelDef>,
        }
        let raw = Raw::deserialize(d)?;
        LevelScheme::new(raw.defs).map_err(serde::de::Error::custom)
    }
}
