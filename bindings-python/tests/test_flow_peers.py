"""networkx's and scipy's own test suites for the functions that quanyu.flow replaces, run with
quanyu's drop-ins swapped in: networkx's test_networksimplex.py and test_mincost.py, and scipy's
test_linear_assignment.py, every test passing (72 of 72 with the pinned versions)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

# A pytest plugin that swaps quanyu in before the peers' test modules are imported (scipy's
# imports linear_sum_assignment by name at import time).
PLUGIN = '''
import networkx as nx
import scipy.optimize
from quanyu import flow


def pytest_configure(config):
    nx.network_simplex = flow.network_simplex
    nx.min_cost_flow = flow.min_cost_flow
    nx.min_cost_flow_cost = flow.min_cost_flow_cost
    scipy.optimize.linear_sum_assignment = flow.linear_sum_assignment
'''


def suite(package: str, path: str) -> str:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None
    return str(Path(spec.origin).parent / path)


def test_the_peers_suites_pass_with_quanyu_swapped_in(tmp_path: Path) -> None:
    (tmp_path / "quanyu_swap.py").write_text(PLUGIN)
    files = [
        suite("networkx", "algorithms/flow/tests/test_networksimplex.py"),
        suite("networkx", "algorithms/flow/tests/test_mincost.py"),
        suite("scipy", "optimize/tests/test_linear_assignment.py"),
    ]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "quanyu_swap", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), *files],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=900,
    )
    summary = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) >= 72 and "failed" not in summary, summary
