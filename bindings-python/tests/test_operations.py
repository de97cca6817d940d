"""docs/operations.md maps every operation across Rust, Python and Kotlin. This test reads it
and checks that each Python name resolves in the package and that each Rust name is declared
in the core crate (the Kotlin suite checks its own column)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import quanyu

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "operations.md"
CORE = ROOT / "core" / "src"
COLUMNS = ("Rust", "Python", "Kotlin")


def rows() -> list[dict[str, list[str]]]:
    """Every row of every table, each column's backticked names."""
    out: list[dict[str, list[str]]] = []
    header: list[str] | None = None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set(cells[0]) <= {"-", " "}:
            continue
        out.append({h: re.findall(r"`([^`]+)`", c) for h, c in zip(header, cells) if h in COLUMNS})
    return out


def names(column: str) -> list[str]:
    return sorted({n for row in rows() for n in row.get(column, [])})


def test_the_table_has_every_column_and_rows() -> None:
    assert len(rows()) >= 40
    assert all(set(row) == set(COLUMNS) for row in rows())


@pytest.mark.parametrize("name", names("Python"))
def test_python_name_exists(name: str) -> None:
    target: object = quanyu
    for part in name.split("."):
        assert hasattr(target, part), f"{name}: {part} is not in {target!r}"
        target = getattr(target, part)
    assert callable(target), f"{name} is not callable"


def rust_sources(module: list[str]) -> str:
    """The source text of a Rust module (a file or a directory of files)."""
    path = CORE.joinpath(*module)
    files = [path.with_suffix(".rs")] if path.with_suffix(".rs").exists() else sorted(path.rglob("*.rs"))
    assert files, f"no module {'::'.join(module)} in the core"
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.mark.parametrize("name", names("Rust"))
def test_rust_name_exists(name: str) -> None:
    # `module::…::Type::function`: modules and the function are lower case, types are not.
    parts = name.split("::")
    types = [p for p in parts if p[0].isupper()]
    function = parts[-1] if parts[-1][0].islower() else None
    module = parts[: parts.index(types[0])] if types else parts[:-1]
    scope = rust_sources(module)
    for t in types:
        assert re.search(rf"pub (struct|enum|trait) {t}\b", scope), f"{name}: no type {t}"
    if function is None:
        return
    crate = rust_sources([])
    if types:
        found = re.search(rf"pub fn {function}\b", crate) or (
            function == "default" and re.search(rf"impl Default for {types[-1]}\b", crate)
        )
    else:
        found = re.search(rf"pub fn {function}\b", scope)
    assert found, f"{name}: no function {function}"
