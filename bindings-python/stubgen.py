"""Writes the stubs of the classes generated from the core's declarations.

The native module describes every declared record and enum in ``_quanyu._DECLARATIONS``
(fields with their types, docs and defaults; variants with their Chinese names). From that
one description this script writes ``quanyu/_enums.pyi`` whole and the part of
``quanyu/_quanyu.pyi`` between its two markers; the rest of ``_quanyu.pyi`` is kept by hand.

    python bindings-python/stubgen.py          # rewrite the stubs
    python bindings-python/stubgen.py --check  # exit 1 if they are not current

``make stubs`` runs the first; the test suite runs the second, so that a declaration changed
in the core cannot leave its stub behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent / "python" / "quanyu"
BEGIN = "# --- the declared classes: written by `make stubs` from the core's declarations ---"
END = "# --- end of the declared classes ---"


def _out(t: tuple[Any, ...]) -> str:
    """The type of an attribute holding a value of type ``t``."""
    tag = t[0]
    simple = {
        "text": "str",
        "secret": "str",
        "level": "str",
        "weekday": "str",
        "int": "int",
        "float": "float",
        "bool": "bool",
        "date": "datetime.date",
        "datetime": "datetime.datetime",
        "time": "datetime.time",
    }
    if tag in simple:
        return simple[tag]
    if tag in ("enum", "record", "union"):
        return str(t[1])
    if tag == "optional":
        return f"{_out(t[1])} | None"
    if tag == "list":
        return f"list[{_out(t[1])}]"
    if tag == "pair":
        return f"tuple[{_out(t[1])}, {_out(t[2])}]"
    if tag == "map":
        return f"dict[{_out(t[1])}, {_out(t[2])}]"
    raise ValueError(f"no Python type for {t!r}")


def _in(t: tuple[Any, ...]) -> str:
    """The type a constructor accepts for a value of type ``t`` (names for enums, ISO text
    for dates and times, any iterable for lists)."""
    tag = t[0]
    if tag == "enum":
        return f"{t[1]} | str"
    if tag in ("date", "datetime", "time"):
        return f"{_out(t)} | str"
    if tag == "weekday":
        return "str | int"
    if tag == "optional":
        return f"{_in(t[1])} | None"
    if tag == "list":
        return f"Iterable[{_in(t[1])}]"
    if tag == "pair":
        return f"tuple[{_in(t[1])}, {_in(t[2])}]"
    if tag == "map":
        return f"Mapping[{_in(t[1])}, {_in(t[2])}]"
    return _out(t)


def _docstring(text: str, indent: str) -> str:
    text = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'{indent}"""{text}"""\n' if text else ""


def _order(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in fields if f["required"]] + [f for f in fields if not f["required"]]


def _record(d: dict[str, Any], mutable: bool) -> str:
    name = d["name"]
    fields = _order(d["fields"])
    def param(f: dict[str, Any]) -> str:
        # `None` stands for the declared default (the runtime's default is `None`).
        if f["required"]:
            return f"{f['name']}: {_in(f['type'])}"
        t = _in(f["type"])
        return f"{f['name']}: {t if t.endswith('| None') else t + ' | None'} = None"

    params = ", ".join(param(f) for f in fields)
    out = ["@disjoint_base\n", f"class {name}:\n", _docstring(d["doc"], "    ")]
    names = ", ".join(f'"{f["name"]}"' for f in fields)
    out.append(f"    __match_args__ = ({names}{',' if len(fields) == 1 else ''})\n")
    out.append(f"    def __new__(cls, {params}) -> Self: ...\n" if params else "    def __new__(cls) -> Self: ...\n")
    for f in fields:
        out.append("    @property\n")
        out.append(f"    def {f['name']}(self) -> {_out(f['type'])}:\n")
        out.append(_docstring(f["doc"], "        ") or "        ...\n")
        if mutable:
            out.append(f"    @{f['name']}.setter\n")
            out.append(f"    def {f['name']}(self, value: {_in(f['type'])}) -> None: ...\n")
    out.append("    def __getitem__(self, key: str, /) -> object: ...\n")
    out.append("    def __eq__(self, value: object, /) -> bool: ...\n")
    out.append("    def __hash__(self) -> int: ...\n")
    out.append("    def __reduce__(self) -> tuple[type[Self], tuple[object, ...]]: ...\n")
    out.append("    def to_dict(self) -> dict[str, object]: ...\n")
    out.append("    def replace(self, **changes: object) -> Self: ...\n")
    out.append("    def __replace__(self, **changes: object) -> Self: ...\n")
    return "".join(out)


def declared_classes(declarations: list[dict[str, Any]], mutable: set[str]) -> str:
    """The stub text of every declared record, for ``_quanyu.pyi``."""
    enums = sorted(d["name"] for d in declarations if d["kind"] == "enum")
    head = f"from ._enums import {', '.join(enums)}\n\n" if enums else ""
    body = "\n".join(_record(d, d["name"] in mutable) for d in declarations if d["kind"] == "record")
    return head + body


def enums_stub(declarations: list[dict[str, Any]]) -> str:
    """The stub of ``quanyu._enums``."""
    out = [
        "# The enums of `quanyu._enums`: written by `make stubs` from the core's declarations.\n",
        "from enum import Enum\n",
    ]
    extra = {"Proximity": "    def cost(self) -> int | None: ...\n"}
    names = []
    for d in declarations:
        if d["kind"] != "enum":
            continue
        names.append(d["name"])
        out.append(f"\nclass {d['name']}(str, Enum):\n")
        out.append(_docstring(d["doc"], "    "))
        for v in d["variants"]:
            out.append(f'    {v["name"]} = "{v["name"]}"\n')
        out.append("    @property\n    def chinese(self) -> str: ...\n")
        out.append(extra.get(d["name"], ""))
    out.append(f"\n__all__ = {names!r}\n")
    return "".join(out)


def render(quanyu_stub: str, declarations: list[dict[str, Any]], mutable: set[str]) -> str:
    """``_quanyu.pyi`` with its declared part rewritten."""
    try:
        before, rest = quanyu_stub.split(BEGIN + "\n", 1)
        _, after = rest.split(END + "\n", 1)
    except ValueError:
        raise SystemExit(f"_quanyu.pyi lacks the markers {BEGIN!r} and {END!r}") from None
    return f"{before}{BEGIN}\n{declared_classes(declarations, mutable)}{END}\n{after}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the stubs are not current")
    args = parser.parse_args()
    from quanyu import _quanyu

    declarations: list[dict[str, Any]] = list(_quanyu._DECLARATIONS)
    mutable = {d["name"] for d in declarations if d.get("mutable")}
    targets = {
        PACKAGE / "_quanyu.pyi": render((PACKAGE / "_quanyu.pyi").read_text(), declarations, mutable),
        PACKAGE / "_enums.pyi": enums_stub(declarations),
    }
    stale = [path for path, text in targets.items() if not path.exists() or path.read_text() != text]
    if args.check:
        for path in stale:
            print(f"{path} is not current: run `make stubs`", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(targets[path])
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
