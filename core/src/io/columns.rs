//! The header of a CSV table, checked against the table's known columns in one place for
//! every table (the network's and the venue menu's): required columns present, no column
//! twice, and — unless allowed — no column the table does not know, each named with the
//! nearest known one. Also the names of files in an import directory, by the same rule.

use std::path::Path;

use crate::{Error, Origin, Problem, Result};

/// The header row's columns, trimmed (spaces around a column name are never meant).
pub(crate) fn header_names(headers: &csv::StringRecord) -> Vec<String> {
    headers.iter().map(|h| h.trim().to_owned()).collect()
}

/// Where each of `known` is in `headers` (`None`: absent), after checking the header: every
/// `required` column present, none twice, and none unknown unless `allow_extra`. Problems
/// name the file (`source`), row 0 and the column.
pub(crate) fn locate(
    headers: &[String],
    known: &[&str],
    required: &[&str],
    source: &str,
    allow_extra: bool,
) -> Result<Vec<Option<usize>>> {
    let at = |column: &str, message: String| {
        Problem::new("", column, message).at(Origin {
            source: source.to_owned(),
            row: 0,
        })
    };
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].contains(h) {
            problems.push(at(h, format!("column `{h}` appears twice in the header")));
        } else if !allow_extra && !known.contains(&h.as_str()) {
            let name = if h.is_empty() {
                format!("column {} has no name", i + 1)
            } else {
                format!("unknown column `{h}`")
            };
            let hint = match nearest(h, known) {
                Some(n) => format!("did you mean `{n}`? "),
                None => String::new(),
            };
            problems.push(at(
                h,
                format!(
                    "{name}; {hint}this table's columns are {} (allow extra columns to pass over others)",
                    known.join(", ")
                ),
            ));
        }
    }
    for c in required {
        if !headers.iter().any(|h| h == c) {
            problems.push(at(c, format!("missing required column `{c}`")));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    Ok(known
        .iter()
        .map(|c| headers.iter().position(|h| h == c))
        .collect())
}

/// Checks that every file in `dir` is one of `known` (file names), unless `allow_extra`:
/// hidden files and subdirectories are passed over.
pub(crate) fn check_directory(dir: &Path, known: &[&str], allow_extra: bool) -> Result<()> {
    if allow_extra {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    let mut problems = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().map(|t| !t.is_dir()).unwrap_or(true);
        if !is_file || name.starts_with('.') || known.contains(&name.as_str()) {
            continue;
        }
        let hint = match nearest(&name, known) {
            Some(n) => format!("did you mean `{n}`? "),
            None => String::new(),
        };
        problems.push(
            Problem::new(
                "",
                "file",
                format!(
                    "`{name}` is none of the tables; {hint}the tables are {} (allow extra files to pass over others)",
                    known.join(", ")
                ),
            )
            .at(Origin {
                source: dir.join(&name).display().to_string(),
                row: 0,
            }),
        );
    }
    problems.sort_by(|a, b| {
        a.origin
            .as_ref()
            .map(|o| &o.source)
            .cmp(&b.origin.as_ref().map(|o| &o.source))
    });
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(problems))
    }
}

/// The known name nearest to `word` by edit distance, if near enough to be a likely typo.
pub(crate) fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .iter()
        .map(|k| (distance(&word, k), *k))
        .filter(|&(d, k)| d <= 2.max(k.chars().count() / 3))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// The Levenshtein distance between two strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The message of a CSV error without its position (the problem's origin carries that).
pub(crate) fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.kind() {
            csv::DeserializeErrorKind::Message(m) => m.clone(),
            other => other.to_string(),
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} cells, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_owned(),
        _ => e.to_string(),
    }
}

/// A CSV error as the crate's error, naming `source`.
pub(crate) fn csv_error(source: &str, e: &csv::Error) -> Error {
    match e.kind() {
        csv::ErrorKind::Io(io) => Error::io(source, io),
        _ => Error::Parse {
            source_name: source.to_owned(),
            line: e.position().map(|p| p.line()),
            message: csv_message(e),
        },
    }
}

/// The column a row error is about: for a row with too few cells, the first without one; with
/// too many, the first cell past the header.
pub(crate) fn row_error_column(e: &csv::Error, headers: &[String]) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } if len < expected_len => headers
            .get(*len as usize)
            .cloned()
            .unwrap_or_else(|| format!("column {}", len + 1)),
        csv::ErrorKind::UnequalLengths { expected_len, .. } => {
            format!("column {} (past the header)", expected_len + 1)
        }
        _ => "row".to_owned(),
    }
}

/// A CSV reader over decoded text, cells kept exactly as written.
pub(crate) fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().from_reader(text.as_bytes())
}

/// Reads all of `reader`, naming `source` in an error.
pub(crate) fn read_all<R: std::io::Read>(mut reader: R, source: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(source, &e))?;
    Ok(bytes)
}

/// A table's header, read and checked: its column names and where each known column is.
pub(crate) struct Header {
    /// The header row's names, trimmed.
    pub(crate) names: Vec<String>,
    /// For each known column, its position in the row (`None`: absent).
    pub(crate) positions: Vec<Option<usize>>,
}

/// Reads a CSV table: decodes `reader` (in `options`' encoding), checks its header against
/// `known` and `required`, then hands each row to `each` with its origin, in order. Every
/// problem is kept, in row order — the rows the CSV reader cannot split and those `each`
/// returns — so that one pass reports everything wrong with the file. The network's tables and
/// the venue menu's read through this one loop.
pub(crate) fn read_rows<R: std::io::Read>(
    reader: R,
    source: &str,
    known: &[&str],
    required: &[&str],
    options: &crate::io::ImportOptions,
    mut each: impl FnMut(&csv::StringRecord, &Header, Origin) -> Vec<Problem>,
) -> Result<Vec<Problem>> {
    let bytes = read_all(reader, source)?;
    let text = crate::io::encoding::decode(&bytes, source, options.encoding.as_deref())?;
    drop(bytes);
    let mut rdr = self::reader(&text);
    let names = header_names(rdr.headers().map_err(|e| csv_error(source, &e))?);
    let positions = locate(&names, known, required, source, options.allow_extra_columns)?;
    let header = Header { names, positions };
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    for row in 1u64.. {
        let origin = Origin {
            source: source.to_owned(),
            row,
        };
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => problems.extend(each(&record, &header, origin)),
            Err(e) => {
                let column = row_error_column(&e, &header.names);
                problems.push(Problem::new("", column, csv_message(&e)).at(origin));
                // A broken stream has no further rows; a malformed row does.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_named_with_the_nearest_column() {
        let known = ["id", "name", "level", "parent"];
        assert_eq!(nearest("parnet", &known), Some("parent"));
        assert_eq!(nearest("Parent", &known), Some("parent"));
        assert_eq!(nearest("colour", &known), None);
        let headers = vec!["id".to_owned(), "level".to_owned(), "parnet".to_owned()];
        let err = locate(&headers, &known, &["id"], "units.csv", false).unwrap_err();
        let p = &err.problems()[0];
        assert_eq!(p.field, "parnet");
        assert!(p.message.contains("did you mean `parent`?"), "{p}");
        assert!(locate(&headers, &known, &["id"], "units.csv", true).is_ok());
    }
}
