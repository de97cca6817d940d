//! The generator reads the interface of the library built beside it and writes Kotlin and Swift
//! sources that declare what apps call. (`make test-kotlin` then compiles the Kotlin against the
//! same library and runs the JUnit tests.)

use std::path::{Path, PathBuf};
use std::process::Command;

/// The debug `libquanyu_mobile` built for this test run (the dev-dependency on `quanyu-mobile`
/// builds the library with all its crate types into the directory of this test binary).
fn library() -> PathBuf {
    let deps = std::env::current_exe()
        .expect("the test binary's path")
        .parent()
        .expect("the directory of the test binary")
        .to_path_buf();
    let name = format!(
        "{}quanyu_mobile{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let lib = deps.join(&name);
    assert!(lib.exists(), "{} was not built", lib.display());
    lib
}

fn generate(language: &str, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_uniffi-bindgen"))
        .args(["generate", "--no-format", "--library"])
        .arg(library())
        .args(["--language", language, "--out-dir"])
        .arg(out)
        .status()
        .expect("uniffi-bindgen runs");
    assert!(status.success(), "uniffi-bindgen failed for {language}");
}

/// Every source file under `dir`, concatenated.
fn sources(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("the output directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            text.push_str(&sources(&path));
        } else {
            text.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    text
}

#[test]
fn kotlin_and_swift_declare_the_network_and_its_errors() {
    let out = tempfile::tempdir().expect("a temporary directory");
    generate("kotlin", &out.path().join("kotlin"));
    generate("swift", &out.path().join("swift"));
    let kotlin = sources(&out.path().join("kotlin"));
    let swift = sources(&out.path().join("swift"));
    for needle in [
        "package dev.quanyu",
        "class Network",
        "QuanyuException",
        "fun `responsibleFor`(",
        // Generated from the core's declarations.
        "data class MatchScore (",
        "enum class Role",
        "fun `parseRole`(",
        "fun `chinese`(",
        "data class HolderTarget (",
        // The planner with progress and cancellation; `apply` and its deprecated alias.
        "interface PlanProgress",
        "fun `onStep`(`stage`: kotlin.String, `done`: kotlin.Long, `total`: kotlin.Long)",
        "open class Planner",
        "class Cancelled(",
        "override fun `apply`(`changes`: List<Change>)",
        "override fun `commit`(`changes`: List<Change>)",
    ] {
        assert!(kotlin.contains(needle), "the Kotlin lacks `{needle}`");
    }
    for needle in [
        "class Network",
        "QuanyuError",
        "func responsibleFor(",
        "public struct MatchScore",
        "public enum Role",
        "public func parseRole(",
        "public protocol PlanProgress",
        "open class Planner",
        "func apply(changes: [Change])",
    ] {
        assert!(swift.contains(needle), "the Swift lacks `{needle}`");
    }
}
