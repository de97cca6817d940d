//! The `"format"` tag that every JSON file of quanyu starts with, checked first, so that a file
//! of another kind or version is named as such rather than reported as unexpected fields.

use serde::Deserialize;

use crate::{Error, Result};

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
}

/// A JSON error as the crate's error, naming `source`. serde's message may quote the value it
/// could not take (`invalid type: integer `13812345678``): runs of digits long enough to be a
/// phone or ID number are masked (see [`mask_numbers`]), so that the error can be shown or
/// logged.
pub(crate) fn json_error(source: &str, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    // serde_json ends its messages with the position, whose column may be long: kept as is.
    let message = match text.rfind(" at line ") {
        Some(at) => format!("{}{}", mask_numbers(&text[..at]), &text[at..]),
        None => mask_numbers(&text),
    };
    Error::Parse {
        source_name: source.to_owned(),
        line: (e.line() > 0).then_some(e.line() as u64),
        message,
    }
}

/// `text` with every run of 7 or more digits (an ID number's final `X` with it) masked: as an
/// ID number when 15 or 18 characters long, else as a phone number (`138****5678`).
pub(crate) fn mask_numbers(text: &str) -> String {
    use crate::privacy::{Mask, mask};
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i < chars.len() && i - start == 17 && matches!(chars[i], 'X' | 'x') {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        match run.chars().count() {
            0..=6 => out.push_str(&run),
            15 | 18 => out.push_str(&mask(Mask::IdNumber, &run)),
            _ => out.push_str(&mask(Mask::Phone, &run)),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_in_messages_are_masked() {
        assert_eq!(
            mask_numbers("invalid type: integer `13812345678`, expected a string"),
            "invalid type: integer `138****5678`, expected a string"
        );
        assert_eq!(
            mask_numbers("id 51343620000320711X."),
            "id 5***************1X."
        );
        assert_eq!(mask_numbers("row 123456 of 12"), "row 123456 of 12");
        let text =
            r#"{"format": "quanyu-snapshot/1", "persons": [{"id": "P1", "phone": 13812345678}]}"#;
        let err = serde_json::from_str::<serde_json::Value>(text)
            .and_then(|v| serde_json::from_value::<Vec<String>>(v["persons"][0]["phone"].clone()))
            .unwrap_err();
        let shown = json_error("s", &err).to_string();
        assert!(!shown.contains("13812345678"), "{shown}");
    }
}
