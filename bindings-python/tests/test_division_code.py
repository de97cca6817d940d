"""A unit's statistical division code: one field declared once in the core, here with no
binding code of its own. It is checked on entry and kept exactly through every format."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import quanyu

CODE = "330108001000"


def network() -> quanyu.Network:
    net = quanyu.Network()
    changes = quanyu.Changeset()
    changes.add_unit(quanyu.UnitRecord("S", "Subdistrict", name="浦沿街道", code=CODE))
    changes.add_unit(quanyu.UnitRecord("A", "Area", parent="S"))
    net.apply(changes)
    return net


def test_the_code_is_kept_and_shown() -> None:
    net = network()
    assert net.unit("S").code == CODE
    assert net.unit("A").code is None
    assert quanyu.UnitRecord("S", "Subdistrict", code=CODE).code == CODE
    assert "code" in quanyu.UnitRecord.__match_args__


@pytest.mark.parametrize("bad", ["3301", "33010800100X", "３３０１０８００１０００", " 330108001000"])
def test_a_malformed_code_is_refused_by_field_and_nothing_changes(bad: str) -> None:
    net = network()
    before = net.to_json()
    changes = quanyu.Changeset()
    changes.add_unit(quanyu.UnitRecord("T", "Subdistrict", code=bad))
    with pytest.raises(quanyu.ValidationError) as caught:
        net.apply(changes)
    (problem,) = caught.value.problems
    assert (problem.id, problem.field) == ("T", "code")
    assert net.to_json() == before


def test_the_code_round_trips_through_every_format(tmp_path: Path) -> None:
    net = network()
    assert quanyu.Network.from_json(net.to_json()).unit("S").code == CODE
    assert quanyu.Network.from_binary(net.to_binary()).unit("S").code == CODE
    assert pickle.loads(pickle.dumps(net)).unit("S").code == CODE
    net.export_csv(tmp_path, reveal=quanyu.privacy.Reveal("test", "backup", ["phone", "id_number"]))
    assert "code" in (tmp_path / "units.csv").read_text(encoding="utf-8").splitlines()[0]
    back = quanyu.Network()
    back.import_csv(tmp_path)
    assert back.unit("S").code == CODE and back.unit("A").code is None
    table = net.unit_records()
    assert table.column("code") == [CODE, None]


def test_frames_carry_the_code() -> None:
    pd = pytest.importorskip("pandas")
    units = pd.DataFrame(
        {"id": ["S", "A"], "level": ["Subdistrict", "Area"], "parent": [None, "S"], "code": [CODE, None]}
    )
    net = quanyu.Network.from_frames(units=units)
    assert net.unit("S").code == CODE
    bad = units.assign(code=["12", None])
    with pytest.raises(quanyu.ValidationError, match="code"):
        quanyu.Network.from_frames(units=bad)
