"""The enumerations of the domain, as ``str`` enums named by their English names.

The classes are made from the core's declarations (``_quanyu._DECLARATIONS``), so they have
exactly the core's members, docs and Chinese names. Every quanyu call that takes one of these
also takes a plain string in any of its spellings — ``"grid_leader"``, ``"GRID-LEADER"``,
``"网格长"`` and ``Role.GridLeader`` are the same — and every value quanyu returns is a
member, which compares equal to its English name and prints as it.

>>> Role.GridLeader == "GridLeader"
True
>>> Role("网格长") is Role.GridLeader, Role.GridLeader.chinese
(True, '网格长')
>>> str(GridKind.BusinessDistrict), [GridKind.Park]
('BusinessDistrict', ['Park'])
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from . import _quanyu


class _Named(str, Enum):
    """The base of every declared enum: a ``str`` that is its English name."""

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        # Values read as their names inside records and lists, as they did when they were plain
        # strings.
        return repr(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            name = _quanyu._parse_name(cls.__name__, value)
            if name is not None:
                return cls(name)
        return None

    @property
    def chinese(self) -> str:
        """The Chinese name of the domain's term (empty where the domain has none)."""
        return _CHINESE[type(self).__name__][str(self.value)]


class _ProximityBase(_Named):
    def cost(self) -> int | None:
        """The cost tier: 0 for the same building up to 4 for the same subdistrict, ``None``
        beyond (the members are declared nearest first)."""
        order = list(type(self))
        i = order.index(self)
        return None if i == len(order) - 1 else i


# Behaviour a declared enum has in Python beyond its names.
_BASES: dict[str, type[_Named]] = {"Proximity": _ProximityBase}

_CHINESE: dict[str, dict[str, str]] = {}


def _declare(d: dict[str, Any]) -> type[_Named]:
    name = d["name"]
    base = _BASES.get(name, _Named)
    members = [(v["name"], v["name"]) for v in d["variants"]]
    cls: type[_Named] = base(name, members, module=__name__, qualname=name)  # type: ignore[call-overload]
    lines = [d["doc"], ""]
    lines += [f"- ``{v['name']}``" + (f" ({v['zh']})" if v["zh"] else "") + f": {v['doc']}" for v in d["variants"]]
    first = d["variants"][0]
    spelled = first["zh"] or first["name"].lower()
    lines += ["", "Any spelling of a name reads as the member:", "", f">>> {name}({spelled!r})", repr(first["name"])]
    cls.__doc__ = "\n".join(lines)
    _CHINESE[name] = {v["name"]: v["zh"] for v in d["variants"]}
    return cls


__all__: list[str] = []
for _d in _quanyu._DECLARATIONS:
    if _d["kind"] == "enum":
        globals()[_d["name"]] = _declare(_d)
        __all__.append(_d["name"])
del _d
