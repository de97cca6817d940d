# Fuzzing: the DIMACS reader and random flow problems checked against their dual certificates;
# JSON and binary snapshots, CSV tables, venue menus, change sets and random edit sequences,
# every accepted network checked to round-trip; the grid-event engine (holiday tables, live
# transitions, merges and replays); Open311 service requests read, and written back; the text
# form of venue recurrences; sealed extracts opened with a fixed key; collaboration books from
# JSON, written back and reported on. Not part of `make test`
# (it needs a nightly toolchain and minutes).
# Included by the root Makefile.
#
#   make fuzz                      # each target for FUZZ_SECONDS (default 60)
#   make fuzz FUZZ_SECONDS=3600    # longer
#
# New inputs go to fuzz/corpus/TARGET (git-ignored but for its seed-* files), crashes to
# fuzz/artifacts/TARGET; the seeds in fuzz/seeds/TARGET are read, never written. Every crash
# found becomes a regression test in core/tests (flow_regressions.rs, invariants.rs).

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := dimacs min_cost_flow snapshot_json snapshot_binary csv_tables venue_menu changeset edits events open311 recurrence open_extract collaboration popolo
# libFuzzer's own limit on memory: an input that needs more is reported as a crash.
FUZZ_RSS_MB ?= 2048

.PHONY: fuzz fuzz-tools

fuzz-tools:
	rustup toolchain list | grep -q '^nightly' || $(RETRY) rustup toolchain install nightly --profile minimal
	command -v cargo-fuzz >/dev/null || $(RETRY) $(CARGO) install cargo-fuzz --locked

## Runs each fuzz target for FUZZ_SECONDS seconds.
fuzz: fuzz-tools
	set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t; \
		(cd fuzz && $(CARGO) +nightly fuzz run $$t corpus/$$t $$([ -d seeds/$$t ] && echo seeds/$$t) -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=$(FUZZ_RSS_MB) -print_final_stats=1); \
	done
