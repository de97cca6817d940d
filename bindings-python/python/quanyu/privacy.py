"""Privacy by default (PIPL, 《个人信息保护法》): the masks (脱敏) of personal values, and for
analysis, keyed pseudonyms (假名化) of person ids and small-cell suppression of counts.

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

Every path out (tables, CSV, Parquet and Open311 exports, reprs, error messages) shows personal
fields masked. A :class:`Reveal` (who asks, for which purpose, which fields) shows the fields it
names in full, after a check, and is recorded in the network's access log
(``Network.access_log()``).

For analytic exports, :class:`Pseudonymiser` replaces person ids by keyed pseudonyms that still
join across tables, and :func:`suppress_small_cells` withholds the counts of one to four persons
(and one more count when a single one is withheld, so that the total does not give it away).

What goes to a grid worker's phone is sealed to the worker's :class:`WorkerKey`
(``Network.sealed_extract``, ``Network.open_extract``).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

from . import _quanyu
from ._enums import Mask
from ._quanyu import PurgedField, PurgeReport, Reveal


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


DEFAULT_THRESHOLD = 5
"""The threshold of :func:`suppress_small_cells`: counts from 1 to 4 are withheld."""


class Pseudonymiser:
    """Keyed pseudonyms of person ids: ``p_`` and the first 16 bytes of HMAC-SHA-256 of the id
    (UTF-8) under ``key``, in lower-case hexadecimal (34 characters).

    The same id gives the same pseudonym under the same key, so tables pseudonymised one by one
    still join on their person columns; without the key a pseudonym can neither be traced back
    nor computed from a guessed id. Whoever holds the key can re-identify, so the output is still
    personal information under PIPL: keep the key apart from the exports. 16 bytes make a
    collision among a city's 20 million persons about as likely as 6 in 10²⁵.

    ``key`` must be ``bytes``, at least 16 of them and random (``secrets.token_bytes(32)``); a
    shorter one raises :class:`quanyu.InvalidArgumentError`. The key is never shown.

    >>> p = Pseudonymiser(b"a key of 16 bytes or more")
    >>> alias = p.pseudonym("P-000042")
    >>> alias.startswith("p_"), len(alias), alias == p.pseudonym("P-000042")
    (True, 34, True)
    >>> p
    Pseudonymiser(<key hidden>)
    """

    __slots__ = ("_inner",)

    def __init__(self, key: bytes) -> None:
        self._inner = _quanyu._Pseudonymiser(key)

    def __repr__(self) -> str:
        return "Pseudonymiser(<key hidden>)"

    def pseudonym(self, id: str) -> str:
        """The pseudonym of ``id``, compared as it is (no trimming or case folding).

        >>> p = Pseudonymiser(bytes(range(16)))
        >>> p.pseudonym("张三") == p.pseudonym("张三") != p.pseudonym("张三 ")
        True
        """
        return self._inner.pseudonym(id)

    def apply(self, ids: Iterable[str]) -> list[str]:
        """The pseudonyms of ``ids``, in order.

        >>> p = Pseudonymiser(bytes(range(16)))
        >>> a, b, c = p.apply(["P-1", "P-2", "P-1"])
        >>> a == c != b
        True
        """
        return self._inner.apply(list(ids))

    # pandas is an optional extra of the package (`dataframes`): its DataFrames are typed Any.
    def pseudonymise(self, df: Any, columns: str | Iterable[str]) -> Any:
        """A copy of the pandas DataFrame ``df`` with each column named in ``columns`` (one name
        or several) replaced by its pseudonyms; ``df`` itself is unchanged.

        Give every table of one export the same key: a person's id then has the same pseudonym
        in each, so joins and counts of distinct persons work as before. Missing values (``None``,
        ``NaN``) stay missing; integer ids are taken as their decimal text. A column that is
        not in ``df`` raises ``KeyError``; any other value, ``TypeError``.

        >>> import pandas as pd
        >>> p = Pseudonymiser(bytes(range(16)))
        >>> visits = pd.DataFrame({"person": ["P-1", "P-2", None], "visits": [3, 1, 2]})
        >>> out = p.pseudonymise(visits, "person")
        >>> out["person"].iloc[0] == p.pseudonym("P-1"), out["person"].isna().tolist()
        (True, [False, False, True])
        >>> visits["person"].iloc[0]
        'P-1'
        """
        names = [columns] if isinstance(columns, str) else list(columns)
        absent = [name for name in names if name not in df.columns]
        if absent:
            raise KeyError(f"no column {absent!r} in the DataFrame")
        out = df.copy()
        for name in names:
            missing = out[name].isna().tolist()
            values = out[name].tolist()
            ids = [_id_text(v, name) for v, na in zip(values, missing, strict=True) if not na]
            aliases = iter(self._inner.apply(ids))
            out[name] = [None if na else next(aliases) for na in missing]
        return out


def _id_text(value: object, column: str) -> str:
    """An id as text: a str as it is, an integer in decimal; anything else is refused rather
    than guessed (``1.0`` would not give the pseudonym of ``"1"``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    raise TypeError(f"column {column!r}: an id must be text or an integer, not {value!r}")


def suppress_small_cells(
    df: Any, count_column: str, threshold: int = DEFAULT_THRESHOLD
) -> Any:
    """A copy of the table of counts ``df`` ready to publish: the count of each withheld cell
    set to missing (``<NA>``; the column becomes pandas' nullable ``Int64``) and a boolean
    column ``suppressed`` added, true for the rows withheld. The rows and their order are kept.

    The rules are the core's (``quanyu::privacy::suppress_small_cells``), on the whole
    DataFrame as one table:

    1. a count above 0 and below ``threshold`` (5 by default) is withheld; 0 is published, and
       a threshold of 0 or 1 withholds nothing;
    2. when exactly one count is withheld by rule 1, the smallest other non-zero count is
       withheld too (the first row among equals), since the total, nearly always known, would
       otherwise give the small one away.

    For several tables in one DataFrame, apply it to each group. Counts must be whole numbers
    of at least 0, none missing (``ValueError`` otherwise); ``df`` must not already have a
    ``suppressed`` column.

    >>> import pandas as pd
    >>> by_grid = pd.DataFrame({"grid": ["G1", "G2", "G3", "G4"], "n": [14, 2, 9, 31]})
    >>> out = suppress_small_cells(by_grid, "n")
    >>> out["n"].tolist(), out["suppressed"].tolist()
    ([14, <NA>, <NA>, 31], [False, True, True, False])
    """
    import pandas as pd

    if count_column not in df.columns:
        raise KeyError(f"no column {count_column!r} in the DataFrame")
    if "suppressed" in df.columns:
        raise ValueError("the DataFrame already has a column 'suppressed'")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ValueError(f"threshold must be a whole number of at least 0, not {threshold!r}")
    column = df[count_column]
    if column.isna().any():
        raise ValueError(f"column {count_column!r} has missing counts")
    counts = []
    for value in column.tolist():
        whole = isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not whole or value < 0:
            raise ValueError(f"column {count_column!r}: {value!r} is not a count")
        counts.append(int(value))
    withheld = {i for i, _ in _quanyu._suppress_small_cells(counts, threshold)}
    out = df.copy()
    flags = [i in withheld for i in range(len(counts))]
    out[count_column] = pd.array(
        [None if flag else count for flag, count in zip(flags, counts, strict=True)], dtype="Int64"
    )
    out["suppressed"] = flags
    return out

WorkerKey = _quanyu.WorkerKey

__all__ = [
    "DEFAULT_THRESHOLD",
    "Mask",
    "Pseudonymiser",
    "PurgeReport",
    "PurgedField",
    "Reveal",
    "WorkerKey",
    "mask",
    "suppress_small_cells",
]
