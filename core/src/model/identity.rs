//! The shapes of a person's resident ID number and phone number, checked on every way in.
//!
//! A resident ID number (公民身份号码, GB 11643-1999) has 18 characters: a 6-digit region code
//! (whose first two digits name a province-level division of GB/T 2260), the birth date as
//! `YYYYMMDD`, a 3-digit sequence number, and a check character (`0`–`9` or `X`) computed from
//! the first 17 digits by ISO 7064 MOD 11-2. [`check_id_number`] accepts exactly those, with a
//! real calendar date from 1900 on, and returns the birth date.
//!
//! A phone number is a mobile number of the Chinese numbering plan (11 digits starting with
//! `13`–`19`), optionally after `+86` or `0086`, or a landline with its area code (`010`,
//! `02x`, or a 4-digit code `0xxx`) followed by a 7- or 8-digit number; single spaces or
//! hyphens may separate the digits as people type them. [`check_phone`] says which of the two
//! it is; [`normalise_phone`] gives the canonical form. A network stores a phone number as it
//! was given: the library never rewrites personal data on its own.
//!
//! No function here panics, whatever the input (non-ASCII text included), and no error repeats
//! the value it refuses.
//!
//! ```
//! use chrono::NaiveDate;
//! use quanyu::{IdNumberError, PhoneKind, check_id_number, check_phone, normalise_phone};
//!
//! assert_eq!(check_id_number("11010519491231002X"), Ok(NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()));
//! assert_eq!(check_id_number("110105194912310021"), Err(IdNumberError::CheckCharacter));
//! assert_eq!(check_phone("+86 138-0013-8000"), Ok(PhoneKind::Mobile));
//! assert_eq!(check_phone("0571-8888888"), Ok(PhoneKind::Landline));
//! assert_eq!(normalise_phone("0086 138 0013 8000").unwrap(), "13800138000");
//! ```

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The age under which a person is a minor for PIPL art. 31: all the personal information of
/// a child under 14 is sensitive.
///
/// ```
/// assert_eq!(quanyu::MINOR_AGE, 14);
/// ```
pub const MINOR_AGE: u32 = 14;

/// The earliest birth year [`check_id_number`] accepts.
///
/// ```
/// assert!(quanyu::check_id_number("110105189912310027").is_err());
/// ```
pub const FIRST_BIRTH_YEAR: i32 = 1900;

/// The weights of the first 17 digits in the MOD 11-2 sum.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each remainder of the weighted sum modulo 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why a text is not a resident ID number. The messages name positions and rules, never the
/// characters of the number itself.
///
/// ```
/// use quanyu::{IdNumberError, check_id_number};
/// assert_eq!(check_id_number("1101051949"), Err(IdNumberError::Length { chars: 10 }));
/// assert_eq!(
///     IdNumberError::Length { chars: 10 }.to_string(),
///     "has 10 characters; a resident ID number has 18"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdNumberError {
    /// Not 18 characters long (counted as characters, not bytes).
    Length {
        /// How many characters it has.
        chars: usize,
    },
    /// A character among the first 17 is not an ASCII digit, or the 18th is neither a digit
    /// nor `X`.
    NotDigit {
        /// The 1-based position of the first such character.
        position: usize,
    },
    /// The check character is a lowercase `x`; the standard writes it `X`.
    LowercaseX,
    /// The first two digits are not a province-level code of GB/T 2260.
    Region,
    /// Characters 7–14 are not a calendar date `YYYYMMDD`.
    BirthDate,
    /// The birth date falls before [`FIRST_BIRTH_YEAR`].
    BornTooEarly,
    /// The check character does not match the first 17 digits (ISO 7064 MOD 11-2): a digit was
    /// mistyped or two were swapped.
    CheckCharacter,
}

impl fmt::Display for IdNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdNumberError::Length { chars } => write!(
                f,
                "has {chars} character{}; a resident ID number has 18",
                if *chars == 1 { "" } else { "s" }
            ),
            IdNumberError::NotDigit { position: 18 } => {
                f.write_str("character 18 is neither a digit nor X")
            }
            IdNumberError::NotDigit { position } => {
                write!(f, "character {position} is not a digit (0-9)")
            }
            IdNumberError::LowercaseX => f.write_str("the check character is written X, not x"),
            IdNumberError::Region => f.write_str(
                "characters 1-2 are not a province-level code of GB/T 2260 (such as 11 or 44)",
            ),
            IdNumberError::BirthDate => {
                f.write_str("characters 7-14 are not a calendar date (YYYYMMDD)")
            }
            IdNumberError::BornTooEarly => {
                write!(f, "the birth date falls before {FIRST_BIRTH_YEAR}")
            }
            IdNumberError::CheckCharacter => f.write_str(
                "the check character does not match the other 17 digits (a digit mistyped?)",
            ),
        }
    }
}

impl std::error::Error for IdNumberError {}

/// Whether the first two digits of a region code name a province-level division: the codes
/// of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 Taiwan, 81 Hong Kong, 82 Macao),
/// and 83, which the residence permits of Taiwan residents carry in the same 18-character form.
fn is_province(code: u32) -> bool {
    matches!(
        code,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
    )
}

/// The check character of the 17 digits `first17` (ISO 7064 MOD 11-2); `None` unless `first17`
/// is 17 ASCII digits.
///
/// ```
/// assert_eq!(quanyu::id_number_check_character("11010519491231002"), Some('X'));
/// assert_eq!(quanyu::id_number_check_character("1101051949123100"), None);
/// ```
pub fn id_number_check_character(first17: &str) -> Option<char> {
    let digits = first17.as_bytes();
    if digits.len() != 17 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK.get((sum % 11) as usize).copied()
}

/// The birth date in a resident ID number, if `number` is a valid one (GB 11643-1999): 18
/// characters, 17 digits and a check character `0`–`9` or `X` that matches them, a region code
/// starting with a province-level code, and a real calendar date from 1900 on at characters
/// 7–14. The date is not compared with today: the same number is valid on every day.
///
/// ```
/// use quanyu::{IdNumberError, check_id_number};
/// let born = check_id_number("440305201203150019").unwrap();
/// assert_eq!(born.to_string(), "2012-03-15");
/// assert_eq!(check_id_number("440305201202300015"), Err(IdNumberError::BirthDate));
/// assert_eq!(check_id_number("990305201203150015"), Err(IdNumberError::Region));
/// assert_eq!(check_id_number("44030520120315001५"), Err(IdNumberError::NotDigit { position: 18 }));
/// ```
pub fn check_id_number(number: &str) -> Result<NaiveDate, IdNumberError> {
    let chars = number.chars().count();
    if chars != 18 {
        return Err(IdNumberError::Length { chars });
    }
    let mut digits = [0u32; 17];
    let mut last = '\0';
    for (i, c) in number.chars().enumerate() {
        match (i, c) {
            (0..17, '0'..='9') => digits[i] = u32::from(c) - u32::from('0'),
            (0..17, _) => return Err(IdNumberError::NotDigit { position: i + 1 }),
            (_, '0'..='9' | 'X') => last = c,
            (_, 'x') => return Err(IdNumberError::LowercaseX),
            _ => return Err(IdNumberError::NotDigit { position: 18 }),
        }
    }
    if !is_province(digits[0] * 10 + digits[1]) {
        return Err(IdNumberError::Region);
    }
    let value = |range: std::ops::Range<usize>| digits[range].iter().fold(0, |n, d| n * 10 + d);
    let year = value(6..10);
    let born = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, value(10..12), value(12..14)))
        .ok_or(IdNumberError::BirthDate)?;
    if born.year() < FIRST_BIRTH_YEAR {
        return Err(IdNumberError::BornTooEarly);
    }
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    if CHECK.get((sum % 11) as usize) != Some(&last) {
        return Err(IdNumberError::CheckCharacter);
    }
    Ok(born)
}

/// A person's age in whole years on `day`, from their birth date; `None` before they are born.
/// A person born on 29 February has their birthday on 1 March in other years.
///
/// ```
/// use chrono::NaiveDate;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// assert_eq!(quanyu::age_on(d(2010, 6, 1), d(2024, 5, 31)), Some(13));
/// assert_eq!(quanyu::age_on(d(2010, 6, 1), d(2024, 6, 1)), Some(14));
/// assert_eq!(quanyu::age_on(d(2010, 6, 1), d(2010, 5, 31)), None);
/// ```
pub fn age_on(born: NaiveDate, day: NaiveDate) -> Option<u32> {
    if day < born {
        return None;
    }
    let years = day.year() - born.year();
    let before_birthday = (day.month(), day.day()) < (born.month(), born.day());
    u32::try_from(years - i32::from(before_birthday)).ok()
}

/// Whether a phone number is a mobile number or a landline.
///
/// ```
/// assert_eq!(quanyu::check_phone("010-12345678"), Ok(quanyu::PhoneKind::Landline));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhoneKind {
    /// 11 digits starting with `13`–`19`.
    Mobile,
    /// An area code and a local number.
    Landline,
}

/// Why a text is not a phone number. The messages name positions and rules, never the digits
/// of the number itself.
///
/// ```
/// use quanyu::{PhoneError, check_phone};
/// assert_eq!(check_phone("1380013800"), Err(PhoneError::Mobile { digits: 10 }));
/// assert!(PhoneError::Mobile { digits: 10 }.to_string().contains("has 10 digits"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhoneError {
    /// No digits at all.
    Empty,
    /// A character other than a digit, a space, a hyphen or a leading `+`.
    Character {
        /// The 1-based position of the first such character.
        position: usize,
    },
    /// A space or hyphen at the start or end, after `+`, or beside another one.
    Separator {
        /// The 1-based position of the misplaced separator.
        position: usize,
    },
    /// An international prefix (`+` or `00`) other than `+86` / `0086` followed by a mobile
    /// number.
    International,
    /// Starts with `1` but is not 11 digits starting with `13`–`19`.
    Mobile {
        /// How many digits it has.
        digits: usize,
    },
    /// Starts with `0` but is not an area code (`010`, `02x`, `0xxx`) followed by a local
    /// number of 8 digits (7 or 8 after a 4-digit code) that does not start with 0.
    Landline,
    /// Starts with a digit other than 0 or 1.
    Unrecognised,
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Empty => f.write_str("has no digits"),
            PhoneError::Character { position } => write!(
                f,
                "character {position} is not a digit, a space or a hyphen"
            ),
            PhoneError::Separator { position } => write!(
                f,
                "the separator at character {position} must stand alone between two digits"
            ),
            PhoneError::International => {
                f.write_str("an international number must be +86 or 0086 and a mobile number")
            }
            PhoneError::Mobile { digits } => write!(
                f,
                "has {digits} digit{}; a mobile number has 11, starting with 13 to 19",
                if *digits == 1 { "" } else { "s" }
            ),
            PhoneError::Landline => f.write_str(
                "a landline is an area code (010, 02x or 0xxx) and a local number of 7 or 8 \
                 digits not starting with 0 (8 after 010 and 02x)",
            ),
            PhoneError::Unrecognised => {
                f.write_str("a phone number starts with 1 (mobile), 0 (area code), +86 or 0086")
            }
        }
    }
}

impl std::error::Error for PhoneError {}

/// The most digits a phone number may have (0086 and a mobile number): longer input is refused
/// without collecting the rest.
const MAX_PHONE_DIGITS: usize = 15;

/// A phone number taken apart: its kind, its national digits (without +86 / 0086) and, for a
/// landline, the length of its area code.
fn parse_phone(text: &str) -> Result<(PhoneKind, Vec<u8>, usize), PhoneError> {
    let mut digits: Vec<u8> = Vec::with_capacity(MAX_PHONE_DIGITS + 1);
    // Every digit counted, those past the longest number only counted.
    let mut count = 0;
    let mut plus = false;
    // Whether the previous character was a digit (a separator may only follow one).
    let mut after_digit = false;
    let mut last = 0;
    for (i, c) in text.chars().enumerate() {
        let position = i + 1;
        last = position;
        match c {
            '+' if i == 0 => plus = true,
            '0'..='9' => {
                if digits.len() <= MAX_PHONE_DIGITS {
                    digits.push(c as u8 - b'0');
                }
                count += 1;
                after_digit = true;
            }
            ' ' | '-' if after_digit => after_digit = false,
            ' ' | '-' => return Err(PhoneError::Separator { position }),
            _ => return Err(PhoneError::Character { position }),
        }
    }
    if last > 0 && !after_digit && !digits.is_empty() {
        return Err(PhoneError::Separator { position: last });
    }
    if digits.is_empty() {
        return Err(if plus {
            PhoneError::International
        } else {
            PhoneError::Empty
        });
    }
    let national = if plus {
        digits
            .strip_prefix(&[8, 6])
            .ok_or(PhoneError::International)?
    } else if digits.starts_with(&[0, 0]) {
        digits
            .strip_prefix(&[0, 0, 8, 6])
            .ok_or(PhoneError::International)?
    } else {
        &digits[..]
    };
    let international = national.len() != digits.len();
    match national.first() {
        Some(1) => {
            if national.len() == 11 && national[1] >= 3 {
                Ok((PhoneKind::Mobile, national.to_vec(), 0))
            } else if international {
                Err(PhoneError::International)
            } else {
                Err(PhoneError::Mobile {
                    digits: national.len() + (count - digits.len()),
                })
            }
        }
        _ if international => Err(PhoneError::International),
        Some(0) => {
            let area = match national.get(1..3) {
                Some([1, 0]) | Some([2, _]) => 3,
                Some([3..=9, _]) => 4,
                _ => return Err(PhoneError::Landline),
            };
            let local = national.get(area..).unwrap_or_default();
            let lengths = if area == 3 { 8..=8 } else { 7..=8 };
            if lengths.contains(&local.len()) && local.first().is_some_and(|&d| d != 0) {
                Ok((PhoneKind::Landline, national.to_vec(), area))
            } else {
                Err(PhoneError::Landline)
            }
        }
        _ => Err(PhoneError::Unrecognised),
    }
}

/// Whether `phone` is a phone number, and which kind: a mobile number (11 digits starting with
/// `13`–`19`, optionally after `+86` or `0086`) or a landline (an area code `010`, `02x` or
/// `0xxx` and a local number of 7 or 8 digits not starting with 0; 8 after a 3-digit
/// code). Single spaces or hyphens may stand between digits; nothing else may (no brackets, no
/// extension). A landline cannot follow `+86` here: write it with its area code's `0`.
///
/// ```
/// use quanyu::{PhoneError, PhoneKind, check_phone};
/// assert_eq!(check_phone("13800138000"), Ok(PhoneKind::Mobile));
/// assert_eq!(check_phone("138 0013 8000"), Ok(PhoneKind::Mobile));
/// assert_eq!(check_phone("+8613800138000"), Ok(PhoneKind::Mobile));
/// assert_eq!(check_phone("010 1234 5678"), Ok(PhoneKind::Landline));
/// assert_eq!(check_phone("12800138000"), Err(PhoneError::Mobile { digits: 11 }));
/// assert_eq!(check_phone("138--0013-8000"), Err(PhoneError::Separator { position: 5 }));
/// assert_eq!(check_phone("(010)12345678"), Err(PhoneError::Character { position: 1 }));
/// assert_eq!(check_phone("+1 415 555 0100"), Err(PhoneError::International));
/// ```
pub fn check_phone(phone: &str) -> Result<PhoneKind, PhoneError> {
    parse_phone(phone).map(|(kind, _, _)| kind)
}

/// The canonical form of a phone number that [`check_phone`] accepts: a mobile number as its
/// 11 digits, a landline as area code, hyphen, local number.
///
/// ```
/// use quanyu::normalise_phone;
/// assert_eq!(normalise_phone("+86 138-0013-8000").unwrap(), "13800138000");
/// assert_eq!(normalise_phone("0571 8888 8888").unwrap(), "0571-88888888");
/// assert_eq!(normalise_phone("01012345678").unwrap(), "010-12345678");
/// ```
pub fn normalise_phone(phone: &str) -> Result<String, PhoneError> {
    let (_, digits, area) = parse_phone(phone)?;
    let mut out = String::with_capacity(digits.len() + 1);
    for (i, d) in digits.iter().enumerate() {
        if area > 0 && i == area {
            out.push('-');
        }
        out.push(char::from(b'0' + d));
    }
    Ok(out)
}

/// A value shown in a message without giving it away: its first two and last characters
/// around one `*` per hidden character when it has at least 8, only stars otherwise; then its
/// length.
pub(crate) fn masked(value: &str) -> String {
    let n = value.chars().count();
    let mut out = String::new();
    if n >= 8 {
        out.extend(value.chars().take(2));
        out.extend(std::iter::repeat_n('*', n - 3));
        out.extend(value.chars().last());
    } else {
        out.extend(std::iter::repeat_n('*', n));
    }
    format!("{out} ({n} character{})", if n == 1 { "" } else { "s" })
}

/// Why `number` cannot be a person's `id_number`, in words for a [`Problem`](crate::Problem).
pub(crate) fn id_number_problem(number: &str) -> Option<String> {
    check_id_number(number)
        .err()
        .map(|e| format!("resident ID number {}: {e}", masked(number)))
}

/// Why `phone` cannot be a person's `phone`, in words for a [`Problem`](crate::Problem).
pub(crate) fn phone_problem(phone: &str) -> Option<String> {
    check_phone(phone)
        .err()
        .map(|e| format!("phone number {}: {e}", masked(phone)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_character_follows_mod_11_2() {
        // Each remainder maps to its character: 10 becomes X.
        for (first17, check) in [
            ("11010519491231002", 'X'),
            ("44030520120315001", '9'),
            ("11010119900307123", '3'),
        ] {
            assert_eq!(id_number_check_character(first17), Some(check));
            let full = format!("{first17}{check}");
            assert!(check_id_number(&full).is_ok(), "{full}");
        }
    }

    #[test]
    fn every_province_code_is_accepted_and_others_refused() {
        let ok: Vec<u32> = (0..100).filter(|&c| is_province(c)).collect();
        assert_eq!(ok.len(), 5 + 3 + 7 + 6 + 5 + 5 + 1 + 3);
        for code in [
            10, 16, 20, 24, 30, 38, 40, 47, 49, 55, 60, 66, 70, 72, 80, 84, 91, 99,
        ] {
            assert!(!is_province(code), "{code}");
        }
    }

    #[test]
    fn masks_keep_at_most_three_characters() {
        assert_eq!(masked("13800138000"), "13********0 (11 characters)");
        assert_eq!(masked("1234"), "**** (4 characters)");
        assert_eq!(masked(""), " (0 characters)");
        assert_eq!(masked("一二三四五六七八"), "一二*****八 (8 characters)");
    }

    #[test]
    fn landlines_take_their_area_code_lengths() {
        for ok in [
            "010-12345678",
            "0571-8888888",
            "0571-88888888",
            "020 8888 8888",
        ] {
            assert_eq!(check_phone(ok), Ok(PhoneKind::Landline), "{ok}");
        }
        for bad in [
            "010-1234567",
            "011-12345678",
            "0571-888888",
            "0571-188888888",
            "010-02345678",
            "00-12345678",
            "0",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn long_input_is_refused_without_growing() {
        let long = "1".repeat(100_000);
        assert_eq!(
            check_phone(&long),
            Err(PhoneError::Mobile { digits: 100_000 })
        );
        assert_eq!(
            check_id_number(&long),
            Err(IdNumberError::Length { chars: 100_000 })
        );
    }
}
