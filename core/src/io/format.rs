//! The `"format"` tag that every JSON file of quanyu starts with, checked first, so that a file
//! of another kind or version is named as such rather than reported as unexpected fields.

use serde::Deserialize;

use crate::{Error, Result};

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
}

/// A JSON error as the crate's error, naming `source`.
pub(crate) fn json_error(source: &str, e: &serde_json::Error) -> Error {
    Error::Parse {
        source_name: source.to_owned(),
        line: (e.line() > 0).then_some(e.line() as u64),
        message: e.to_string(),
    }
}

/// Checks that `bytes` is a JSON object whose `format` is `expected`; `what` names the kind of
/// file in messages ("snapshot", "menu").
pub(crate) fn check(bytes: &[u8], source: &str, accepted: &[&str], what: &str) -> Result<()> {
    let header: Header = serde_json::from_slice(bytes).map_err(|e| json_error(source, &e))?;
    let expected = accepted
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let message = match header.format.as_deref() {
        Some(f) if accepted.contains(&f) => return Ok(()),
        Some(other) => {
            format!("unsupported {what} format `{other}`; this version reads {expected}")
        }
        None => format!("not a quanyu {what}: no \"format\" field (expected {expected})"),
    };
    Err(Error::Parse {
        source_name: source.to_owned(),
        line: None,
        message,
    })
}
