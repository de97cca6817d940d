# The Python package: a virtualenv under the project (.venv, git-ignored), the native module
# built into it, then the stub check, pytest (with the docstrings' examples), the notebook, the
# wheel as users get it, and the documentation. Included by the root Makefile; `make test` runs
# `test-python`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VPY := $(VENV)/bin/python
PY_REQUIREMENTS := bindings-python/requirements-dev.txt
PY_WHEEL_REQUIREMENTS := bindings-python/requirements-wheel.txt
PY_STAMP := $(VENV)/.requirements-installed
PY_WHEEL_STAMP := $(VENV)/.wheel-requirements-installed
# The wheels are downloaded into a directory of their own before anything is installed: pip
# retries each request and resumes a broken download (pip >= 25.1), tools/retry runs the whole
# download again after a pause, and a new attempt fetches only the wheels still missing there.
PY_WHEELS := $(VENV)/wheels
PIP_NET := --retries 10 --resume-retries 10
# Where `make wheel` puts the wheel (maturin's default place under the cargo target dir).
WHEEL_DIR := $(TARGET_DIR)/wheels
NOTEBOOK := examples/community_tour.ipynb
# Debian's Chromium, for the test that opens the HTML report in a browser (Playwright drives
# it; it never downloads a browser of its own). Installed when absent, as root or through sudo.
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: python-venv python-develop stubs test-python test-notebook notebook wheel check-wheel \
	bench-python docs docs-python docs-rust

# $(1): a requirements file. Downloads (retried), then installs from what was downloaded.
define pip_install
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(RETRY) $(VPY) -m pip install --quiet --retries 10 --upgrade "pip>=25.1"
	$(RETRY) $(VPY) -m pip download --quiet $(PIP_NET) --dest $(PY_WHEELS) -r $(1)
	$(VPY) -m pip install --quiet --no-index --find-links $(PY_WHEELS) -r $(1)
endef

## The virtualenv with the pinned requirements; reused while the requirements are unchanged.
$(PY_STAMP): $(PY_REQUIREMENTS) $(PY_WHEEL_REQUIREMENTS)
	$(call pip_install,$(PY_REQUIREMENTS))
	touch $@ $(PY_WHEEL_STAMP)

## What building the wheel needs and nothing else: maturin and zig.
$(PY_WHEEL_STAMP): $(PY_WHEEL_REQUIREMENTS)
	$(call pip_install,$(PY_WHEEL_REQUIREMENTS))
	touch $@

python-venv: $(PY_STAMP)

$(CHROMIUM):
	$(RETRY) $(SUDO) apt-get update -q
	$(RETRY) $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

## Builds the native module (debug, fast to compile) into the virtualenv, editable.
python-develop: $(PY_STAMP) fetch-rust
	cd bindings-python && VIRTUAL_ENV=$(abspath $(VENV)) $(abspath $(VENV))/bin/maturin develop \
		--quiet --profile dev

## Stubs against the module, pytest with doctests, the notebook tour, the wheel, the docs.
test-python: python-develop $(CHROMIUM)
	$(VPY) -m mypy.stubtest quanyu --mypy-config-file bindings-python/pyproject.toml --allowlist bindings-python/stubtest-allowlist.txt
	$(VPY) -m mypy --config-file bindings-python/pyproject.toml bindings-python/python/quanyu
	cd bindings-python && $(abspath $(VPY)) -m pytest -q
	$(MAKE) --no-print-directory test-notebook check-wheel docs

## Writes the stubs of the classes generated from the core's declarations (the test suite checks
## that they are current).
stubs: python-develop
	$(VPY) bindings-python/stubgen.py

## The notebook, executed top to bottom in a temporary copy: the committed file is untouched.
test-notebook: python-develop
	$(VPY) bindings-python/run_notebook.py $(NOTEBOOK)

## Runs the notebook and writes its outputs into the committed file (to commit after a change).
notebook: python-develop
	$(VPY) bindings-python/run_notebook.py --write $(NOTEBOOK)

## The wheel (size-tuned release profile, stripped, abi3: one wheel for CPython >= 3.10,
## manylinux2014 through zig) into $(WHEEL_DIR). Needs only maturin and zig.
wheel: $(PY_WHEEL_STAMP) fetch-rust
	rm -f $(WHEEL_DIR)/quanyu-*.whl
	cd bindings-python && PATH=$(abspath $(VENV))/bin:$$PATH VIRTUAL_ENV=$(abspath $(VENV)) \
		maturin build --quiet --profile release-python --zig --compatibility manylinux2014 \
		--out $(WHEEL_DIR)
	@ls -l $(WHEEL_DIR)/quanyu-*.whl

## The wheel as a user gets it: its tags and size, auditwheel's verdict, the licence files, and
## the README tour in a bare virtualenv that has nothing but the wheel.
check-wheel: wheel $(PY_STAMP)
	$(VPY) bindings-python/check_wheel.py $(WHEEL_DIR)

## The Python benchmarks against rustworkx, networkx and scipy (the wheel's profile; minutes).
bench-python: $(PY_STAMP) fetch-rust
	cd bindings-python && VIRTUAL_ENV=$(abspath $(VENV)) $(abspath $(VENV))/bin/maturin develop \
		--profile release-python --quiet
	$(VPY) benches/python_peers.py

## Both documentation sets, warnings as errors: the Python API and guide (Sphinx, into
## $(TARGET_DIR)/docs/python) and the Rust API (rustdoc, into $(TARGET_DIR)/doc).
docs: docs-rust docs-python

docs-rust: fetch-rust
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

docs-python: python-develop
	$(VPY) -m sphinx -W --keep-going -q -b html docs $(TARGET_DIR)/docs/python
	@echo "Python documentation: $(TARGET_DIR)/docs/python/index.html"
