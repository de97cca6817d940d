# The Python package: a virtualenv under the project (.venv, git-ignored), the native module
# built into it, then the stub check, pytest (with the docstrings' examples) and the notebook.
# Included by the root Makefile; `make test` runs `test-python`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VPY := $(VENV)/bin/python
PY_REQUIREMENTS := bindings-python/requirements-dev.txt
PY_STAMP := $(VENV)/.requirements-installed
# The wheels are downloaded into a directory of their own before anything is installed: pip
# retries each request and resumes a broken download (pip >= 25.1), tools/retry runs the whole
# download again after a pause, and a new attempt fetches only the wheels still missing there.
PY_WHEELS := $(VENV)/wheels
PIP_NET := --retries 10 --resume-retries 10

.PHONY: python-venv python-develop test-python wheel bench-python

## The virtualenv with the pinned requirements; reused while the requirements are unchanged.
$(PY_STAMP): $(PY_REQUIREMENTS)
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(RETRY) $(VPY) -m pip install --quiet --retries 10 --upgrade "pip>=25.1"
	$(RETRY) $(VPY) -m pip download --quiet $(PIP_NET) --dest $(PY_WHEELS) -r $(PY_REQUIREMENTS)
	$(VPY) -m pip install --quiet --no-index --find-links $(PY_WHEELS) -r $(PY_REQUIREMENTS)
	touch $@

python-venv: $(PY_STAMP)

## Builds the native module (debug, fast to compile) into the virtualenv, editable.
python-develop: $(PY_STAMP) fetch-rust
	cd bindings-python && VIRTUAL_ENV=$(abspath $(VENV)) $(abspath $(VENV))/bin/maturin develop --quiet

## Stubs against the module, pytest with doctests, the notebook tour.
test-python: python-develop
	$(VPY) -m mypy.stubtest quanyu --mypy-config-file bindings-python/pyproject.toml --allowlist bindings-python/stubtest-allowlist.txt
	$(VPY) -m mypy --config-file bindings-python/pyproject.toml bindings-python/python/quanyu
	cd bindings-python && $(abspath $(VPY)) -m pytest -q
	$(VPY) bindings-python/run_notebook.py examples/community_tour.ipynb

## The wheel (release build, abi3: one wheel for CPython >= 3.10) into target/wheels.
wheel: $(PY_STAMP) fetch-rust
	cd bindings-python && $(abspath $(VENV))/bin/maturin build --release

## The Python benchmarks against rustworkx, networkx and scipy (release build; minutes).
bench-python: $(PY_STAMP) fetch-rust
	cd bindings-python && VIRTUAL_ENV=$(abspath $(VENV)) $(abspath $(VENV))/bin/maturin develop --release --quiet
	$(VPY) benches/python_peers.py
