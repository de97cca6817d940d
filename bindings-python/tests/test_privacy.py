"""The masks of personal values (``quanyu.privacy``): the core's rules, by enum member or by
any spelling of a name, and the mask each personal field declares."""

from __future__ import annotations

import pytest

import quanyu
from quanyu import _quanyu
from quanyu.privacy import Mask, mask


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        (Mask.Mobile, "18049531999", "180****1999"),
        (Mask.Landline, "09157518479", "0915*****79"),
        (Mask.Phone, "13812345678", "138****5678"),
        (Mask.Phone, "010-12345678", "010-******78"),
        (Mask.IdNumber, "51343620000320711X", "5***************1X"),
        (Mask.ChineseName, "段正淳", "段**"),
        (Mask.Address, "北京市海淀区马连洼街道289号", "北京市海淀区马********"),
        (Mask.Email, "duandazhi-jack@gmail.com.cn", "d*************@gmail.com.cn"),
        (Mask.BankCard, "11011111222233333256", "1101 **** **** **** 3256"),
        (Mask.Full, "居民反映楼道堆物", "***"),
    ],
)
def test_each_rule(kind: Mask, value: str, masked: str) -> None:
    assert mask(kind, value) == masked


@pytest.mark.parametrize("spelling", ["IdNumber", "id_number", "ID-NUMBER", "身份证号", "id card"])
def test_a_kind_is_a_member_or_any_spelling_of_its_name(spelling: str) -> None:
    assert Mask(spelling) is Mask.IdNumber
    assert mask(spelling, "1234") == "1*34"


def test_empty_blank_and_short_values() -> None:
    for kind in Mask:
        if kind is not Mask.BankCard:
            for blank in ["", " ", "\t\n", "\u3000", "\ufeff\u200c"]:
                assert mask(kind, blank) == "", (kind, blank)
    assert mask(Mask.BankCard, " ") == " "
    assert mask(Mask.Mobile, "123") == "123"
    assert mask(Mask.IdNumber, "12") == ""
    assert mask(Mask.Address, "上海") == "**"
    assert mask(Mask.Email, "a@b.cn") == "a@b.cn"
    assert mask(Mask.BankCard, "1234 5678") == "12345678"


def test_characters_are_counted_as_python_counts_them() -> None:
    assert mask(Mask.Email, "张三@例子.中国") == "张*@例子.中国"
    assert mask(Mask.Mobile, "😀" * 8) == "😀😀😀*😀😀😀😀"
    assert mask(Mask.ChineseName, "𠀀小明") == "𠀀**"


def test_a_bad_kind_or_value_is_refused_with_its_argument_named() -> None:
    with pytest.raises(quanyu.InvalidArgumentError, match="kind") as info:
        mask("passport", "E12345678")
    assert "unknown mask `passport`" in str(info.value)
    with pytest.raises(quanyu.ArgumentTypeError, match="value"):
        mask(Mask.Mobile, 13812345678)  # type: ignore[arg-type]


def test_every_personal_field_declares_its_mask() -> None:
    fields = {
        (d["name"], f["name"]): (f["class"], f["mask"])
        for d in _quanyu._DECLARATIONS
        if d["kind"] == "record"
        for f in d["fields"]
    }
    assert fields["PersonRecord", "phone"] == ("Personal", "Phone")
    assert fields["PersonRecord", "id_number"] == ("Sensitive", "IdNumber")
    assert fields["EventRecord", "description"] == ("Personal", None)
    assert fields["PersonRecord", "id"] == ("Public", None)
    assert all(m is None for c, m in fields.values() if c == "Public")
