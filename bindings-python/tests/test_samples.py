"""Every Python sample of the documents runs as written: the user guide's pages (docs/), the
main README's samples, each page's samples in order in one namespace, as a reader would paste
them. (bindings-python/README.md is a doctest file that pytest runs by itself.)"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *ROOT.glob("docs/**/*.md")])


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)


def test_every_guide_page_has_samples() -> None:
    guide = sorted((ROOT / "docs/guide").glob("*.md"))
    assert len(guide) >= 5
    assert all(python_blocks(p) for p in guide if p.name != "index.md")


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_samples_run(page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "__sample__"}
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for i, block in enumerate(python_blocks(page), 1):
            exec(compile(block, f"{page.name} sample {i}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().out.strip(), "the samples print what they show"
