"""`import quanyu` and its core work with none of the optional packages installed."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
for name in ["numpy", "pyarrow", "pandas", "polars", "networkx", "scipy", "plotly", "tqdm"]:
    sys.modules[name] = None  # any import of it now fails
import quanyu
net = quanyu.synth.community(1)
day = quanyu.synth.REFERENCE_DATE
assert net.audit(day).gap_count() > 0
plan = quanyu.contracts.plan(net, day)
net.apply(plan.changes())
rows = net.unit_records(level="Grid").to_pylist()
assert len(rows) == 21 and rows[0]["level"] == "Grid"
menu = quanyu.venues.synth_menu(net, 1)
assert menu.venue_count > 0
print("ok")
"""


def test_import_without_optional_packages() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
