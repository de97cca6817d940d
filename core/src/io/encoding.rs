//! Text in, as UTF-8: bytes decoded from the encoding an import names (UTF-8 by default), a
//! byte-order mark removed, and text that is not in that encoding refused with the byte where
//! it stops being so and, for UTF-8, the encoding it most likely is.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

use crate::{Error, Result};

/// The UTF-8 byte-order mark, as text.
pub(crate) const BOM: &str = "\u{feff}";

/// `bytes` as text, decoded from `label`'s encoding (`None`: UTF-8); a byte-order mark picks
/// the encoding itself and is dropped. Errors name `source`, the byte offset and the line.
pub(crate) fn decode(bytes: &[u8], source: &str, label: Option<&str>) -> Result<String> {
    let named = match label {
        None => UTF_8,
        Some(l) => Encoding::for_label(l.trim().as_bytes()).ok_or_else(|| {
            Error::invalid_argument(
                "encoding",
                format!(
                    "unknown encoding `{l}`; expected a WHATWG label such as utf-8, gb18030, gbk or big5"
                ),
            )
        })?,
    };
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((e, n)) => (e, &bytes[n..]),
        None => (named, bytes),
    };
    let skipped = bytes.len() - body.len();
    if encoding == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => Err(not_in(bytes, skipped + e.valid_up_to(), source, encoding)),
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .ok_or_else(|| Error::invalid_argument("encoding", format!("{source} is too large")))?;
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => {
            let at = skipped + read - usize::from(bad) - usize::from(after);
            Err(not_in(bytes, at, source, encoding))
        }
        // The buffer was sized for the whole input.
        DecoderResult::OutputFull => Err(not_in(bytes, skipped + read, source, encoding)),
    }
}

/// The error for text that stops being in `encoding` at byte `at` of `bytes`.
fn not_in(bytes: &[u8], at: usize, source: &str, encoding: &'static Encoding) -> Error {
    let line = bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1;
    let hint = if encoding == UTF_8 {
        match likely_encoding(bytes) {
            Some(name) => format!(
                "; it looks like {name} text: import it with the encoding option set to \"gb18030\""
            ),
            None => "; import it with the encoding option naming its encoding".to_owned(),
        }
    } else {
        String::new()
    };
    Error::Parse {
        source_name: source.to_owned(),
        line: Some(line),
        message: format!("the text is not {} at byte {at}{hint}", encoding.name()),
    }
}

/// The encoding that text which is not UTF-8 most likely is: GB18030 (of which GBK is a part)
/// when it decodes as such without error — what Excel and older systems in China write.
fn likely_encoding(bytes: &[u8]) -> Option<&'static str> {
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|_| "GB18030 (GBK)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_is_named_and_decodes_with_its_label() {
        let (gbk, _, _) = GB18030.encode("id,name\nP1,王芳\n");
        let err = decode(&gbk, "persons.csv", None).unwrap_err().to_string();
        assert!(err.contains("persons.csv:2"), "{err}");
        assert!(err.contains("byte 11") && err.contains("GB18030"), "{err}");
        assert_eq!(
            decode(&gbk, "persons.csv", Some("gbk")).unwrap(),
            "id,name\nP1,王芳\n"
        );
        assert!(decode(b"x", "a.csv", Some("klingon")).is_err());
    }

    #[test]
    fn a_bom_is_dropped_and_wins() {
        assert_eq!(
            decode("\u{feff}id\n".as_bytes(), "a", None).unwrap(),
            "id\n"
        );
        assert_eq!(
            decode("\u{feff}id\n".as_bytes(), "a", Some("gbk")).unwrap(),
            "id\n"
        );
    }

    #[test]
    fn malformed_text_in_a_named_encoding_is_placed() {
        // 0x81 0x20 is no GB18030 sequence.
        let err = decode(b"ab\x81\x20", "x.csv", Some("gb18030"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("byte 2"), "{err}");
    }
}
