"""Pseudonyms and small cells (``quanyu.privacy``): the pseudonyms checked against Python's own
``hmac`` module, the suppression against the rules computed here with pandas."""

from __future__ import annotations

import hashlib
import hmac
import random

import pandas as pd
import pytest

import quanyu
from quanyu.privacy import DEFAULT_THRESHOLD, Pseudonymiser, suppress_small_cells


def oracle(key: bytes, id: str) -> str:
    return "p_" + hmac.new(key, id.encode(), hashlib.sha256).hexdigest()[:32]


def random_ids(rng: random.Random, n: int) -> list[str]:
    """Ids of every shape met in practice: codes, ID numbers, Chinese names and addresses,
    empty text, characters beyond the Basic Multilingual Plane."""
    alphabets = [
        "0123456789",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123456789",
        "张王李赵刘陈杨黄周吴徐孙马胡朱郭何罗高林欧阳娜三丰四伟芳",
        "北京市海淀区马连洼街道号楼单元室 ",
        "😀𠀀𪚥é\u3000\t",
    ]
    ids = ["", " ", "P-1", "p-1", "11010519491231002X"]
    while len(ids) < n:
        alphabet = rng.choice(alphabets)
        ids.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))))
    return ids


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pseudonyms_match_python_hmac(seed: int) -> None:
    rng = random.Random(seed)
    key = rng.randbytes(rng.choice([16, 32, 64, 100]))
    ids = random_ids(rng, 300)
    p = Pseudonymiser(key)
    expected = [oracle(key, i) for i in ids]
    assert [p.pseudonym(i) for i in ids] == expected
    assert p.apply(ids) == expected
    assert p.apply(iter(ids[:5])) == expected[:5]


def test_short_keys_and_wrong_types_are_refused() -> None:
    for key in [b"", b"x" * 15]:
        with pytest.raises(quanyu.InvalidArgumentError, match="`key`.*16 bytes") as info:
            Pseudonymiser(key)
        assert info.value.name == "key"
    with pytest.raises(TypeError):
        Pseudonymiser("a text key of many characters")  # type: ignore[arg-type]
    p = Pseudonymiser(b"k" * 16)
    with pytest.raises(TypeError):
        p.pseudonym(42)  # type: ignore[arg-type]


def test_the_key_is_never_shown() -> None:
    key = b"the-secret-key-0123456789"
    p = Pseudonymiser(key)
    for shown in [repr(p), str(p), repr(p._inner)]:
        assert "secret" not in shown and key.hex() not in shown, shown
    assert not hasattr(p, "__dict__")


def test_pseudonymise_replaces_columns_and_keeps_joins() -> None:
    key = bytes(range(32))
    p = Pseudonymiser(key)
    persons = pd.DataFrame({"id": ["P-1", "P-2", "张三"], "age": [30, 41, 67]})
    visits = pd.DataFrame(
        {"person": ["张三", "P-1", None, "P-1"], "worker": ["W-9", "W-9", "W-8", None], "n": [1, 2, 3, 4]}
    )
    before = visits.copy()
    out_persons = p.pseudonymise(persons, "id")
    out_visits = p.pseudonymise(visits, ["person", "worker"])
    pd.testing.assert_frame_equal(visits, before)  # the input is unchanged
    assert out_persons["id"].tolist() == [oracle(key, i) for i in ["P-1", "P-2", "张三"]]
    assert out_visits["n"].tolist() == [1, 2, 3, 4]
    assert out_visits["person"].isna().tolist() == [False, False, True, False]
    assert out_visits["worker"].iloc[0] == oracle(key, "W-9") and pd.isna(out_visits["worker"].iloc[3])
    joined = out_visits.merge(out_persons, left_on="person", right_on="id")
    plain = visits.merge(persons, left_on="person", right_on="id")
    assert sorted(joined["age"]) == sorted(plain["age"]) == [30, 30, 67]


def test_pseudonymise_integer_ids_and_refusals() -> None:
    p = Pseudonymiser(b"k" * 16)
    out = p.pseudonymise(pd.DataFrame({"id": [7, 42]}), "id")
    assert out["id"].tolist() == [p.pseudonym("7"), p.pseudonym("42")]
    with pytest.raises(KeyError, match="nope"):
        p.pseudonymise(pd.DataFrame({"id": ["a"]}), ["id", "nope"])
    with pytest.raises(TypeError, match="'id'"):
        p.pseudonymise(pd.DataFrame({"id": [1.5, 2.0]}), "id")


def independent_suppression(counts: list[int], threshold: int) -> list[bool]:
    """The two rules, computed here with pandas, apart from the core."""
    s = pd.Series(counts)
    small = (s > 0) & (s < threshold)
    withheld = small.copy()
    if small.sum() == 1:
        others = s[~small & (s > 0)]
        if len(others):
            # idxmin gives the first of equal minima.
            withheld[others.idxmin()] = True
    return withheld.tolist()


@pytest.mark.parametrize("seed", range(8))
def test_suppression_matches_an_independent_computation(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 12, 40]) for _ in range(rng.randint(0, 12))]
        threshold = rng.choice([0, 1, 2, 5, 5, 8])
        df = pd.DataFrame({"grid": [f"G{i}" for i in range(len(counts))], "n": counts})
        out = suppress_small_cells(df, "n", threshold)
        expected = independent_suppression(counts, threshold)
        assert out["suppressed"].tolist() == expected, (counts, threshold)
        assert out["grid"].tolist() == df["grid"].tolist()
        shown = [None if pd.isna(v) else int(v) for v in out["n"]]
        assert shown == [None if w else c for c, w in zip(counts, expected, strict=True)]
        assert str(out["n"].dtype) == "Int64"


def test_suppression_cases() -> None:
    df = pd.DataFrame({"grid": ["G1", "G2", "G3", "G4", "G5"], "n": [14, 2, 9, 0, 31]})
    out = suppress_small_cells(df, "n")
    assert out["suppressed"].tolist() == [False, True, True, False, False]
    assert df["n"].tolist() == [14, 2, 9, 0, 31]  # the input is unchanged
    assert DEFAULT_THRESHOLD == 5
    # Threshold 0 and 1: nothing withheld.
    for threshold in [0, 1]:
        assert not suppress_small_cells(df, "n", threshold)["suppressed"].any()
    # All small: all withheld, no complement needed.
    assert suppress_small_cells(pd.DataFrame({"n": [1, 3, 4]}), "n")["suppressed"].all()
    # Ties: the first of the equal counts is the complement.
    out = suppress_small_cells(pd.DataFrame({"n": [9, 7, 3, 7]}), "n")
    assert out["suppressed"].tolist() == [False, True, True, False]
    # Whole floats are counts.
    out = suppress_small_cells(pd.DataFrame({"n": [1.0, 8.0, 9.0]}), "n")
    assert out["suppressed"].tolist() == [True, True, False]
    # An empty table.
    assert suppress_small_cells(pd.DataFrame({"n": pd.Series([], dtype="int64")}), "n").empty


@pytest.mark.parametrize(
    ("df", "threshold", "error"),
    [
        (pd.DataFrame({"n": [1, -2]}), 5, ValueError),
        (pd.DataFrame({"n": [1.5, 2.0]}), 5, ValueError),
        (pd.DataFrame({"n": [1, None]}), 5, ValueError),
        (pd.DataFrame({"n": [1], "suppressed": [False]}), 5, ValueError),
        (pd.DataFrame({"n": [1]}), -1, ValueError),
        (pd.DataFrame({"m": [1]}), 5, KeyError),
    ],
)
def test_suppression_refusals(df: pd.DataFrame, threshold: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        suppress_small_cells(df, "n", threshold)
