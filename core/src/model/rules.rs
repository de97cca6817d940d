//! The invariants of a network, one function each: what makes an id, a date, a nesting of units
//! or organisations acceptable. The edit validator ([`validate`](super::validate)) and the
//! binary snapshot reader (which builds without an edit, for speed) both ask these functions,
//! so that every way in accepts exactly the same networks.
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::{MAX_YEAR, MIN_YEAR};
//! assert_eq!((MIN_YEAR, MAX_YEAR), (1, 9999));
//! ```

use chrono::{Datelike, NaiveDate};

use crate::model::validate::with_article;
use crate::model::{Level, LevelScheme, OrganisationKind, levels};

/// The first year a date may fall in. Dates travel to Python, whose `datetime.date` covers
/// years 1 to 9999: a date outside them could be stored but never read back there.
///
/// ```
/// assert_eq!(quanyu::MIN_YEAR, 1);
/// ```
pub const MIN_YEAR: i32 = 1;

/// The last year a date may fall in (see [`MIN_YEAR`]).
///
/// ```
/// assert_eq!(quanyu::MAX_YEAR, 9999);
/// ```
pub const MAX_YEAR: i32 = 9999;

/// Why `id` cannot be the id of a `what` (unit, person, ...): empty, whitespace at either end,
/// or a control character. Ids are compared exactly, so invisible differences would make two
/// entities that look alike, and CSV editors silently trim or mangle such cells.
pub(crate) fn id_problem(what: &str, id: &str) -> Option<String> {
    if id.is_empty() {
        return Some(format!("a {what} id cannot be empty"));
    }
    if id.starts_with(char::is_whitespace) || id.ends_with(char::is_whitespace) {
        return Some(format!(
            "the {what} id {id:?} starts or ends with whitespace; ids must not"
        ));
    }
    if let Some((at, c)) = id.char_indices().find(|(_, c)| c.is_control()) {
        return Some(format!(
            "the {what} id {id:?} holds the control character U+{:04X} at byte {at}; ids must not",
            u32::from(c)
        ));
    }
    None
}

/// Why `date` (the value of `field`) is out of range: outside years [`MIN_YEAR`] to
/// [`MAX_YEAR`].
pub(super) fn date_problem(field: &str, date: NaiveDate) -> Option<String> {
    let year = date.year();
    (!(MIN_YEAR..=MAX_YEAR).contains(&year)).then(|| {
        format!(
            "{field} {date} is in year {year}; dates must fall in years {MIN_YEAR} to {MAX_YEAR}"
        )
    })
}

/// Why a span from `start` to `end` cannot be stored: a date out of range (named by its
/// field), or an end before the start.
pub(super) fn span_problem(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<(&'static str, String)> {
    if let Some(m) = start.and_then(|s| date_problem("start", s)) {
        return Some(("start", m));
    }
    if let Some(m) = end.and_then(|e| date_problem("end", e)) {
        return Some(("end", m));
    }
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            Some(("end", format!("ends on {e}, before it starts on {s}")))
        }
        _ => None,
    }
}

/// Whether units on `level` are grids, the only units with a grid kind: the level whose name is
/// `Grid` in any letter case (not merely one that folds to it, such as `G_rid`).
pub(super) fn is_grid(scheme: &LevelScheme, level: Level) -> bool {
    scheme.name(level).eq_ignore_ascii_case(levels::GRID)
}

/// Why a unit on `level` cannot have a grid kind.
pub(super) fn grid_kind_problem(scheme: &LevelScheme, level: Level) -> Option<String> {
    (!is_grid(scheme, level)).then(|| {
        format!(
            "only a Grid has a grid kind, not {}",
            with_article(scheme.name(level))
        )
    })
}

/// Why a unit on `level` cannot sit directly in the unit `parent` on `parent_level`.
pub(super) fn nesting_problem(
    scheme: &LevelScheme,
    parent: &str,
    parent_level: Level,
    level: Level,
) -> Option<String> {
    if scheme.may_contain(parent_level, level) {
        return None;
    }
    let allowed: Vec<&str> = scheme
        .parents(level)
        .iter()
        .map(|&p| scheme.name(p))
        .collect();
    let allowed = if allowed.is_empty() {
        "none".to_owned()
    } else {
        allowed.join(" or ")
    };
    Some(format!(
        "{} cannot sit directly in {} (`{parent}`); allowed parents: {allowed}",
        with_article(scheme.name(level)),
        with_article(scheme.name(parent_level))
    ))
}

/// Why a unit on `level` cannot be a root: its level names parents, and the scheme's roots
/// are the levels that name none.
pub(crate) fn root_problem(scheme: &LevelScheme, level: Level) -> Option<String> {
    let parents = scheme.parents(level);
    (!parents.is_empty()).then(|| {
        let names: Vec<&str> = parents.iter().map(|&p| scheme.name(p)).collect();
        format!(
            "{} needs a parent ({})",
            with_article(scheme.name(level)),
            names.join(" or ")
        )
    })
}

/// Why an organisation of `kind` cannot sit under `parent` of `parent_kind`.
pub(super) fn organisation_nesting_problem(
    parent: &str,
    parent_kind: OrganisationKind,
    kind: OrganisationKind,
) -> Option<String> {
    (!kind.may_sit_under(parent_kind)).then(|| {
        format!(
            "{} cannot sit under {} (`{parent}`)",
            with_article(kind.as_str()),
            with_article(parent_kind.as_str())
        )
    })
}

/// Why `code` cannot be a building's grid code in a layer: the same rule as ids, since a code
/// names a grid of that layer.
pub(super) fn grid_code_problem(code: &str) -> Option<String> {
    id_problem("layer grid", code)
}

/// Why `code` cannot be a unit's statistical division code: it is 12 ASCII digits
/// (province, city, county, township and village parts of 2, 2, 2, 3 and 3 digits).
pub(super) fn division_code_problem(code: &str) -> Option<String> {
    (code.len() != 12 || !code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("division code `{code}` is not 12 digits (such as 330106001001)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_refused_for_outer_whitespace_and_control_characters_only() {
        assert!(id_problem("unit", "A-1 东").is_none());
        assert!(id_problem("unit", "A B").is_none());
        for bad in ["", " ", "A ", " A", "\u{3000}A", "A\nB", "A\u{0}"] {
            assert!(id_problem("unit", bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn dates_must_fall_in_years_1_to_9999() {
        let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
        assert!(date_problem("start", d(1)).is_none());
        assert!(date_problem("start", d(9999)).is_none());
        let m = date_problem("start", d(-44)).unwrap();
        assert!(m.contains("-44") && m.contains("start"), "{m}");
        assert!(date_problem("end", d(10000)).is_some());
        assert_eq!(span_problem(Some(d(2)), Some(d(1))).unwrap().0, "end");
    }
}
