"""The options of `Network.import_csv` and `Network.export_csv`: strict by default, each
relaxation named, encodings other than UTF-8, and the byte-order mark Excel needs."""

from __future__ import annotations

from pathlib import Path

import pytest

import quanyu

UNITS = "id,level,parent,name\nS,Subdistrict,,滨江街道\nA,Area,S,第一片区\n"


def write_units(folder: Path, text: str = UNITS, encoding: str = "utf-8") -> None:
    folder.mkdir(exist_ok=True)
    (folder / "units.csv").write_bytes(text.encode(encoding))


def test_an_extra_file_is_refused_unless_allowed(tmp_path: Path) -> None:
    write_units(tmp_path)
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    net = quanyu.Network()
    with pytest.raises(quanyu.ValidationError, match="notes.csv"):
        net.import_csv(tmp_path)
    assert net.unit_count == 0
    net.import_csv(tmp_path, allow_extra_files=True)
    assert net.unit_count == 2


def test_an_extra_column_is_refused_unless_allowed(tmp_path: Path) -> None:
    write_units(tmp_path, "id,level,parent,colour\nS,Subdistrict,,red\n")
    net = quanyu.Network()
    with pytest.raises(quanyu.ValidationError, match="colour"):
        net.import_csv(tmp_path)
    assert net.unit_count == 0
    net.import_csv(tmp_path, allow_extra_columns=True)
    assert net.unit("S").level == "Subdistrict"


def test_an_orphan_is_refused_unless_allowed(tmp_path: Path) -> None:
    write_units(tmp_path, "id,level,parent\nG,Grid,\n")
    net = quanyu.Network()
    with pytest.raises(quanyu.ValidationError, match="G"):
        net.import_csv(tmp_path)
    net.import_csv(tmp_path, allow_orphans=True)
    assert [u.id for u in net.roots()] == ["G"]


def test_gb18030_is_read_when_named(tmp_path: Path) -> None:
    write_units(tmp_path, encoding="gb18030")
    net = quanyu.Network()
    with pytest.raises(quanyu.QuanyuError):
        net.import_csv(tmp_path)
    assert net.unit_count == 0
    net.import_csv(tmp_path, encoding="gb18030")
    assert net.unit("S").name == "滨江街道"


def test_an_unknown_encoding_is_named(tmp_path: Path) -> None:
    write_units(tmp_path)
    with pytest.raises(quanyu.QuanyuError, match="klingon"):
        quanyu.Network().import_csv(tmp_path, encoding="klingon")


def test_export_with_a_byte_order_mark_reads_back(tmp_path: Path) -> None:
    net = quanyu.synth.community(1)
    net.export_csv(tmp_path, bom=True, reveal=quanyu.privacy.Reveal("test", "backup", ["phone", "id_number"]))
    assert (tmp_path / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    back = quanyu.Network()
    back.import_csv(tmp_path)
    assert back.unit_records().to_pylist() == net.unit_records().to_pylist()
    plain = tmp_path / "plain"
    net.export_csv(plain)
    assert not (plain / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")
