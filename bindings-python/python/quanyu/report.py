"""A self-contained HTML report of a network, for the people who run it.

The page shows how well each of the four contracts (四包) covers each grid, as a chart and a
table; what an optimal plan would change; the gaps the audits found; and, given a venue menu,
how its requests fit the shared venues (红色共享阵地). It is one HTML string with inline CSS
and inline SVG charts: no script, nothing fetched, so it opens from a file or an attachment.

>>> import quanyu
>>> net = quanyu.synth.community(2024)
>>> page = quanyu.report.html(net, quanyu.synth.REFERENCE_DATE)
>>> page.startswith("<!DOCTYPE html>"), "<script" in page
(True, False)
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from . import _quanyu
from ._quanyu import Menu, Network
from .contracts import Rules, _rules

__all__ = ["html", "write"]


def html(
    network: Network,
    as_of: _dt.date | str,
    *,
    rules: Rules | None = None,
    plan: bool = True,
    menu: Menu | None = None,
    title: str | None = None,
) -> str:
    """The report of ``network`` on ``as_of``, as one HTML document.

    ``rules`` are the contract rules to audit against (default: ``Rules()``); with ``plan``
    the report includes an optimal plan of the contracts (not applied) and each grid's
    coverage once it would be; with ``menu`` it matches the menu's requests (on a copy) and
    shows the venues' use per area. ``title`` defaults to the name of the first unit.

    >>> import quanyu
    >>> from quanyu import venues
    >>> net = quanyu.synth.community(2024)
    >>> day = quanyu.synth.REFERENCE_DATE
    >>> menu = venues.synth_menu(net, 2024)
    >>> _ = menu.add(net, requests=venues.synth_requests(net, menu, venues.week_of(day), 50, 7))
    >>> page = quanyu.report.html(net, day, menu=menu, title="Weekly report")
    >>> "<title>Weekly report</title>" in page and "Use of the shared venues" in page
    True
    """
    return _quanyu._report_html(network, as_of, _rules(rules), plan, menu, title)


def write(
    path: str | os.PathLike[str],
    network: Network,
    as_of: _dt.date | str,
    *,
    rules: Rules | None = None,
    plan: bool = True,
    menu: Menu | None = None,
    title: str | None = None,
) -> Path:
    """Writes :func:`html` to ``path`` (UTF-8) and returns the path, absolute.

    >>> import quanyu, tempfile, os
    >>> net = quanyu.synth.community(2024)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = quanyu.report.write(os.path.join(d, "report.html"), net, quanyu.synth.REFERENCE_DATE, plan=False)
    ...     p.name, p.stat().st_size > 10_000
    ('report.html', True)
    """
    page = html(network, as_of, rules=rules, plan=plan, menu=menu, title=title)
    out = Path(path).absolute()
    out.write_text(page, encoding="utf-8")
    return out
