"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

`make test` installs Chromium (the `chromium` package) before pytest runs; the test never lets
Playwright download a browser of its own. It opens the report of the community with a plan
and a week of venue requests, and checks that the page renders without errors, fetches
nothing, and shows the figures of the run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

import quanyu
from quanyu import contracts, venues

CHROMIUM = os.environ.get("QUANYU_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright = pytest.importorskip("playwright.sync_api")

if not shutil.which(CHROMIUM):
    pytest.skip(f"no Chromium at {CHROMIUM} (`make test` installs Debian's chromium)", allow_module_level=True)


def test_the_report_renders_with_the_figures_of_the_run(community: quanyu.Network) -> None:
    net = community
    day = quanyu.synth.REFERENCE_DATE
    menu = venues.synth_menu(net, 2024)
    menu.add(net, requests=venues.synth_requests(net, menu, venues.week_of(day), 120, 7))
    audit = contracts.audit(net, day)
    plan = contracts.plan(net, day)
    structural = net.audit(day)

    with tempfile.TemporaryDirectory() as tmp:
        path = quanyu.report.write(Path(tmp, "report.html"), net, day, menu=menu, title="Report under test")
        errors: list[str] = []
        requests: list[str] = []
        with playwright.sync_playwright() as p:
            # A fresh profile directory of its own, passed as Playwright wants it.
            browser = p.chromium.launch_persistent_context(
                str(Path(tmp, "profile")),
                executable_path=CHROMIUM,
                args=FLAGS,
                viewport={"width": 1100, "height": 900},
            )
            try:
                page = browser.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("request", lambda r: requests.append(r.url))
                page.goto(path.as_uri(), wait_until="load")

                assert page.title() == "Report under test"
                assert page.locator("h1").inner_text() == "Report under test"
                # One coverage chart per contract with targets, each a drawn SVG with a bar per grid.
                charts = page.locator("figure[data-contract] svg")
                assert charts.count() == sum(1 for r in audit.rules if r.targets > 0)
                box = charts.first.bounding_box()
                assert box is not None and box["width"] > 300 and box["height"] > 100
                grids = len(net.units_by_level("Grid"))
                assert page.locator("figure[data-contract='Neighbours'] svg g").count() <= grids
                assert page.locator("figure[data-contract='Neighbours'] svg g").count() > 0

                text = page.locator("body").inner_text()
                for r in audit.rules:
                    assert f"{r.ratio * 100:.1f}%" in text, r.kind
                for r in plan.rules:
                    assert re.search(rf"\b{r.added}\b", text), r.kind
                assert f"{structural.gap_count()} structural gaps" in text
                assert "Use of the shared venues" in text
                assert page.locator("figure[data-venues] svg").count() == 1

                page.screenshot(path=str(Path(tmp, "report.png")), full_page=True)
            finally:
                browser.close()
        assert errors == []
        assert requests == [path.as_uri()], "the report must fetch nothing"
