//! `uniffi-bindgen`: generates the Kotlin and Swift sources of `quanyu-mobile` from the built
//! library (`generate --library target/debug/libquanyu_mobile.so --language kotlin ...`).
//!
//! It lives in the workspace so that the generator is always the same uniffi version as the
//! scaffolding compiled into the library: a mismatch fails at load time with a checksum error.

fn main() {
    uniffi::uniffi_bindgen_main()
}
