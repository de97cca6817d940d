# The mobile and JVM bindings (bindings-mobile), included by the root Makefile.
#
#   make bindings        Kotlin and Swift sources from the built library, into $(MOBILE_OUT)
#   make test-kotlin     the JUnit tests on the JVM (Maven: Kotlin, JNA, JUnit 5)
#   make install-kotlin  the release jar into the local Maven repository (~/.m2)
#   make bench-kotlin    the FFI benchmark loop on the JVM, against the release library
#   make size-mobile     the size of the release library (stripped, LTO)
#   make test-jvm-app    the application project of docs/jvm.md (its pom.xml and Java class)
#                        built against the jar test-kotlin made, and run
#
# Generated code and libraries live under the cargo target dir (CARGO_TARGET_DIR if set, else
# target/), never in the source tree.

MVN ?= mvn
MOBILE_TARGET := $(abspath $(or $(CARGO_TARGET_DIR),target))
MOBILE_OUT := $(MOBILE_TARGET)/bindings
MOBILE_POM := bindings-mobile/kotlin/pom.xml
MOBILE_LIB := libquanyu_mobile.so
# The profile of the shipped library: see [profile.release-mobile] in the root Cargo.toml.
MOBILE_RELEASE := release-mobile

.PHONY: bindings bindings-tested mobile-release mobile-fetch test-kotlin install-kotlin bench-kotlin \
	size-mobile jvm-samples test-jvm-app

# The sources are read from the debug library: the release one is stripped of the interface
# metadata, and the interface (and so the generated code) is the same for both. The library
# and the generator are built together, so that they share the Rust tests' dependency
# features and compile once.
bindings: fetch-rust
	$(CARGO) build -p quanyu-mobile -p uniffi-bindgen
	$(call mobile_generate,$(MOBILE_TARGET)/debug)

# $(1): the directory holding the library to read the interface from.
define mobile_generate
	rm -rf $(MOBILE_OUT)/kotlin $(MOBILE_OUT)/swift
	$(MOBILE_TARGET)/debug/uniffi-bindgen generate --no-format \
		--library $(1)/$(MOBILE_LIB) --language kotlin --out-dir $(MOBILE_OUT)/kotlin
	$(MOBILE_TARGET)/debug/uniffi-bindgen generate --no-format \
		--library $(1)/$(MOBILE_LIB) --language swift --out-dir $(MOBILE_OUT)/swift
	@echo "Kotlin: $(MOBILE_OUT)/kotlin  Swift: $(MOBILE_OUT)/swift"
endef

# What `make test` uses: the library and the generator as `cargo test --workspace` builds them
# (the generator's own test builds the library, all crate types, into debug/deps). After the
# Rust tests this compiles nothing; `bindings` would resolve other dependency features and
# compile the core again.
MOBILE_TESTED := $(MOBILE_TARGET)/debug/deps
bindings-tested: fetch-rust
	$(CARGO) test --workspace --no-run
	$(call mobile_generate,$(MOBILE_TESTED))

# The library apps ship (host platform): stripped, LTO.
mobile-release: fetch-rust
	$(CARGO) build -p quanyu-mobile --profile $(MOBILE_RELEASE)

# $(1): goals and flags; $(2): the directory holding the library to package.
define mobile_mvn
	$(MVN) -B -f $(MOBILE_POM) -Dquanyu.generated.dir=$(MOBILE_OUT)/kotlin \
		-Dquanyu.samples.dir=$(MOBILE_SAMPLES) -Dquanyu.native.dir=$(2) $(1)
endef

# The Kotlin and Java samples of README.md, bindings-mobile/README.md and docs/ as JUnit tests,
# so that each runs as written.
MOBILE_SAMPLES := $(MOBILE_OUT)/document-samples
jvm-samples:
	rm -rf $(MOBILE_SAMPLES)
	python3 tools/jvm_samples.py tests $(MOBILE_SAMPLES)

# Every plugin and dependency of the build (the bench profile's too) into the local repository,
# retried: the Kotlin compiler alone is tens of megabytes. Then plexus-utils 1.1, which Maven 3
# adds to older plugins as it loads them and go-offline does not see. After this, the build on
# this machine's Maven downloads nothing (checked with `mvn -o` against an empty repository).
mobile-fetch:
	$(RETRY) $(MVN) -B -q -f $(MOBILE_POM) -Pbench dependency:go-offline
	$(RETRY) $(MVN) -B -q -f $(MOBILE_POM) dependency:get \
		-Dartifact=org.codehaus.plexus:plexus-utils:1.1 -Dtransitive=false

test-kotlin: bindings-tested mobile-fetch jvm-samples
	$(call mobile_mvn,verify,$(MOBILE_TESTED))
	$(MAKE) --no-print-directory test-jvm-app

# The application of docs/jvm.md, laid out as a reader would, built with Maven's defaults
# against the jar that test-kotlin just built and tested, then run. It uses a local repository
# of its own under the target dir, so that ~/.m2 keeps what `make install-kotlin` put there;
# Maven's default plugins are downloaded into it on the first run (retried, as every download).
JVM_APP := $(MOBILE_TARGET)/jvm-app
JVM_APP_REPO := $(MOBILE_TARGET)/jvm-app-m2
JVM_APP_MVN = $(MVN) -B -q -f $(JVM_APP)/pom.xml -Dmaven.repo.local=$(JVM_APP_REPO)
test-jvm-app:
	rm -rf $(JVM_APP) $(JVM_APP_REPO)/dev/quanyu
	python3 tools/jvm_samples.py consumer $(JVM_APP) > $(JVM_APP).main
	mkdir -p $(JVM_APP_REPO)/dev/quanyu/quanyu/0.1.0
	cp bindings-mobile/kotlin/target/quanyu-0.1.0.jar $(JVM_APP_REPO)/dev/quanyu/quanyu/0.1.0/
	cp $(MOBILE_POM) $(JVM_APP_REPO)/dev/quanyu/quanyu/0.1.0/quanyu-0.1.0.pom
	$(RETRY) $(JVM_APP_MVN) package dependency:build-classpath \
		-Dmdep.outputFile=$(JVM_APP)/classpath.txt
	java -Djna.nosys=true -cp $(JVM_APP)/target/classes:$$(cat $(JVM_APP)/classpath.txt) \
		$$(cat $(JVM_APP).main)

install-kotlin: bindings mobile-release mobile-fetch
	$(call mobile_mvn,install,$(MOBILE_TARGET)/$(MOBILE_RELEASE))

bench-kotlin: bindings mobile-release mobile-fetch
	$(call mobile_mvn,-Pbench -DskipTests test,$(MOBILE_TARGET)/$(MOBILE_RELEASE))

size-mobile: mobile-release
	@ls -l $(MOBILE_TARGET)/$(MOBILE_RELEASE)/$(MOBILE_LIB) \
		| awk '{ printf "%s: %d bytes (%.2f MiB)\n", $$9, $$5, $$5 / 1048576 }'
