"""Privacy by default (PIPL, 《个人信息保护法》): the masks (脱敏) of personal values.

Every field of a record is public, personal or sensitive, and a personal or sensitive field
names the :class:`Mask` it is shown with (``_quanyu._DECLARATIONS`` lists them: the ``class``
and ``mask`` of each field); one that names none is hidden entirely. The rules are the
conventions of Hutool's ``DesensitizedUtil``, so that a value masked here reads as the same
value masked by a Java back end.

>>> from quanyu.privacy import Mask, mask
>>> mask(Mask.Mobile, "13812345678")
'138****5678'
>>> mask("身份证号", "51343620000320711X")
'5***************1X'
>>> mask("phone", "010-12345678")
'010-******78'
"""

from __future__ import annotations

from . import _quanyu
from ._enums import Mask


def mask(kind: Mask | str, value: str) -> str:
    """``value`` masked as ``kind`` says: a :class:`Mask` or any spelling of its name, in
    English or Chinese.

    Lengths are counted in characters. Empty and blank values mask to ``""`` (a bank card keeps
    them as they are); values too short for their rule are left as the rule leaves them, as
    Hutool does. A ``kind`` that names no mask raises :class:`quanyu.InvalidArgumentError`.

    >>> mask("chinese_name", "欧阳娜娜")
    '欧***'
    >>> mask(Mask.BankCard, "6222 0212 3456 7890 123")
    '6222 **** **** **** 123'
    >>> mask(Mask.Full, "楼道堆物，请尽快处理")
    '***'
    >>> mask(Mask.Email, "")
    ''
    """
    return _quanyu._mask(kind, value)


__all__ = ["Mask", "mask"]
