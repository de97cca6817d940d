"""Resident ID numbers and phone numbers are checked on entry, in Python as in the core: a bad
value raises a ``quanyu.ValidationError`` (a ``quanyu.QuanyuError``) naming the person and the
field, never the value. The check character is computed here independently, as an oracle."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

import quanyu
from quanyu.privacy import Reveal
from quanyu import Changeset, PersonRecord

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
PROVINCES = [
    *range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
    *range(50, 55), *range(61, 66), 71, 81, 82, 83,
]

CHILD = "440305201203150019"  # born 2012-03-15
ADULT = "11010519491231002X"  # born 1949-12-31


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 as GB 11643 writes it: the weighted sum modulo 11, read backwards
    from 1 through 0 and X to 2."""
    remainder = sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11
    value = (12 - remainder) % 11
    return "X" if value == 10 else str(value)


def random_number(rng: random.Random) -> str:
    born = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(45_000))
    first17 = f"{rng.choice(PROVINCES):02d}{rng.randrange(10_000):04d}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + rng.choice("0123456789X")


def add(net: quanyu.Network, record: PersonRecord) -> None:
    changes = Changeset()
    changes.add_person(record)
    net.apply(changes)


def test_the_oracle_agrees_with_the_standard_examples() -> None:
    assert check_character(CHILD[:17]) == CHILD[17]
    assert check_character(ADULT[:17]) == ADULT[17]


def test_thousands_of_random_numbers_are_accepted_exactly_when_their_check_character_is_right() -> None:
    rng = random.Random(11643)
    numbers = [random_number(rng) for _ in range(4000)]
    changes = Changeset()
    for i, n in enumerate(numbers):
        changes.add_person(PersonRecord(f"P{i}", id_number=n))
    net = quanyu.Network()
    wrong = {f"P{i}" for i, n in enumerate(numbers) if check_character(n[:17]) != n[17]}
    assert 3000 < len(wrong) < 4000  # about one in eleven is right by chance
    with pytest.raises(quanyu.ValidationError) as caught:
        net.apply(changes)
    refused = {p.id for p in caught.value.problems}
    assert refused == wrong
    assert all(p.field == "id_number" for p in caught.value.problems)
    assert net.person_count == 0
    # The right ones alone are all accepted.
    right = Changeset()
    for i, n in enumerate(numbers):
        if f"P{i}" not in wrong:
            right.add_person(PersonRecord(f"P{i}", id_number=n))
    net.apply(right)
    assert net.person_count == len(numbers) - len(wrong)


BAD_ID_NUMBERS = [
    "44030520120315001",  # 17 characters
    "440305201203150018",  # wrong check character
    "440305201202300015",  # 30 February
    "990305201203150019",  # no province 99
    "4403052O1203150019",  # a letter O among the digits
    "11010519491231002x",  # lowercase x
]

BAD_PHONES = [
    "1380013800",  # 10 digits
    "12800138000",  # no mobile prefix 12
    "+1 415 555 0100",  # another country
    "010-1234567",  # 7 digits after a 3-digit area code
    "(010)12345678",  # brackets
    "138--00138000",  # two separators
]


@pytest.mark.parametrize(
    ("field", "value"),
    [("id_number", v) for v in BAD_ID_NUMBERS] + [("phone", v) for v in BAD_PHONES],
)
def test_a_bad_value_in_an_edit_names_person_and_field_not_the_value(small: quanyu.Network, field: str, value: str) -> None:
    before = small.to_json()
    with pytest.raises(quanyu.QuanyuError) as caught:
        add(small, PersonRecord("P9", home="H1", **{field: value}))
    assert isinstance(caught.value, quanyu.ValidationError)
    (problem,) = caught.value.problems
    assert (problem.id, problem.field) == ("P9", field)
    text = str(caught.value)
    assert f"`P9`.{field}" in text
    assert value not in text and value[2:-1] not in text
    assert small.to_json() == before


@pytest.mark.parametrize("value", ["13800138000", "+86 138 0013 8000", "0086-138-0013-8000", "0571-8888888", "010 1234 5678"])
def test_accepted_phones_are_kept_as_typed(small: quanyu.Network, value: str) -> None:
    add(small, PersonRecord("P9", home="H1", phone=value))
    assert small.person("P9").phone == value


def test_a_json_snapshot_and_csv_tables_with_a_bad_number_are_refused(small: quanyu.Network, tmp_path: Path) -> None:
    add(small, PersonRecord("P9", home="H1", id_number=CHILD))
    snapshot = json.loads(small.to_json())
    (row,) = [p for p in snapshot["persons"] if p["id"] == "P9"]
    row["id_number"] = "440305201203150018"
    with pytest.raises(quanyu.ValidationError) as caught:
        quanyu.Network.from_json(json.dumps(snapshot))
    assert [(p.id, p.field) for p in caught.value.problems] == [("P9", "id_number")]
    assert "440305201203150018" not in str(caught.value)

    (tmp_path / "persons.csv").write_text("id,home,id_number\nP8,H2,990305201203150019\n", encoding="utf-8")
    before = small.to_json()
    with pytest.raises(quanyu.ValidationError) as caught:
        small.import_csv(tmp_path)
    assert [(p.id, p.field) for p in caught.value.problems] == [("P8", "id_number")]
    assert "990305201203150019" not in str(caught.value)
    assert small.to_json() == before


def test_frames_are_checked_too() -> None:
    pd = pytest.importorskip("pandas")
    units = pd.DataFrame({"id": ["S"], "level": ["Subdistrict"]})
    persons = pd.DataFrame({"id": ["P1", "P2"], "phone": ["13800138000", "1380013800"]})
    with pytest.raises(quanyu.ValidationError) as caught:
        quanyu.Network.from_frames(units=units, persons=persons)
    assert [(p.id, p.field) for p in caught.value.problems] == [("P2", "phone")]
    assert "1380013800" not in str(caught.value)


def test_synthetic_numbers_pass_the_oracle(community: quanyu.Network) -> None:
    numbers = [n for n in community.person_records(reveal=Reveal("t", "backup", ["id_number"])).column("id_number") if n]
    assert len(numbers) > community.person_count // 2
    assert all(check_character(n[:17]) == n[17] for n in numbers)
