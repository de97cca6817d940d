//! The masking rules, one per kind of personal value.

use crate::schema::Enum;

/// How a personal value is masked (脱敏) before it is shown: which characters stay and which
/// become `*`.
///
/// The rules are those of Hutool's `DesensitizedUtil` (5.8), so that a value masked by quanyu
/// reads as the same value masked by a Java back end: [`Mobile`](Mask::Mobile) is
/// `mobilePhone`, [`Landline`](Mask::Landline) `fixedPhone`, [`IdNumber`](Mask::IdNumber)
/// `idCardNum(s, 1, 2)`, [`ChineseName`](Mask::ChineseName) `chineseName`,
/// [`Address`](Mask::Address) `address(s, 8)`, [`Email`](Mask::Email) `email` and
/// [`BankCard`](Mask::BankCard) `bankCard`. [`Phone`](Mask::Phone) and [`Full`](Mask::Full)
/// are quanyu's own. Names parse leniently, in English or Chinese.
///
/// ```
/// use quanyu::privacy::{Mask, mask};
///
/// assert_eq!("mobile".parse::<Mask>()?, Mask::Mobile);
/// assert_eq!("身份证号".parse::<Mask>()?, Mask::IdNumber);
/// assert_eq!(Mask::BankCard.chinese(), "银行卡号");
/// assert_eq!(mask(Mask::BankCard, "6222021234567890123"), "6222 **** **** **** 123");
/// # Ok::<(), quanyu::schema::UnknownName>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "mask")]
pub enum Mask {
    /// 手机号 — a mobile number: the first 3 and the last 4 characters stay
    /// (`138****5678`).
    #[named(zh = "手机号", alias = "mobile phone")]
    Mobile,
    /// 座机号 — a landline (fixed) number: the first 4 and the last 2 characters stay
    /// (`0915*****79`).
    #[named(zh = "座机号", alias = "固定电话", alias = "fixed phone")]
    Landline,
    /// 电话号码 — a phone number of either kind: masked as [`Mobile`](Mask::Mobile) when it has
    /// the shape of a mainland mobile number (11 digits starting with 1, spaces and hyphens
    /// ignored, after an optional `+86` or `0086`), else as [`Landline`](Mask::Landline).
    #[named(zh = "电话号码")]
    Phone,
    /// 身份证号 — a resident ID-card number: the first character and the last 2 stay
    /// (`5***************1X`); a value shorter than 3 characters becomes empty.
    #[named(zh = "身份证号", alias = "id card")]
    IdNumber,
    /// 中文姓名 — a person's name: only the first character stays (`张**`).
    #[named(zh = "中文姓名", alias = "name")]
    ChineseName,
    /// 地址 — an address: its last 8 characters are hidden (`北京市海淀区马********`), all of
    /// a shorter one.
    #[named(zh = "地址")]
    Address,
    /// 电子邮箱 — an e-mail address: the first character of the local part and everything
    /// from the `@` stay (`d*************@gmail.com.cn`); a value whose local part has fewer
    /// than 2 characters, or with no `@`, is shown as it is.
    #[named(zh = "电子邮箱", alias = "e-mail")]
    Email,
    /// 银行卡号 — a bank-card number: blanks removed, the first 4 and the last 1 to 4 digits
    /// stay, the rest shown as groups of `****` (`6222 **** **** **** 123`); a number of fewer
    /// than 9 characters is shown without its blanks.
    #[named(zh = "银行卡号")]
    BankCard,
    /// 全部隐藏 — hidden entirely: `***` whatever the length (the length of free text says
    /// something too). What a personal field with no declared mask gets.
    #[named(zh = "全部隐藏", alias = "all")]
    Full,
}

/// `value` masked as `kind` says (see [`Mask`] for each rule).
///
/// Empty and blank values (only spaces, tabs, line breaks, the ideographic space `\u{3000}`,
/// zero-width and similar characters, as Hutool's `StrUtil.isBlank` counts them) mask to the
/// empty string, except for [`Mask::BankCard`], which returns them unchanged, as Hutool does.
/// Values too short for their rule are left as the rule leaves them, again as Hutool does: a
/// mobile number of 7 characters or fewer is shown whole, an address of 8 or fewer is all
/// stars. Never panics.
///
/// Positions and lengths are counted in characters (Unicode scalar values). For text made of
/// characters of the Basic Multilingual Plane — digits, Latin letters and practically every
/// Chinese character in use — this is exactly Hutool's result. For characters beyond it (emoji,
/// the rarest Chinese characters of CJK Extension B and later) Hutool 5.8 measures the length
/// in UTF-16 code units but replaces by code points, so each such character shifts its window:
/// an address of eight emoji comes back unmasked. quanyu counts each character once instead,
/// so that the rule shows what it says; [`Mask::ChineseName`] and [`Mask::Full`] give Hutool's
/// result in every case.
///
/// ```
/// use quanyu::privacy::{Mask, mask};
///
/// assert_eq!(mask(Mask::Mobile, "13812345678"), "138****5678");
/// assert_eq!(mask(Mask::Phone, "010-12345678"), "010-******78");
/// assert_eq!(mask(Mask::Address, "北京市海淀区马连洼街道289号"), "北京市海淀区马********");
/// assert_eq!(mask(Mask::Email, "duandazhi@gmail.com"), "d********@gmail.com");
/// assert_eq!(mask(Mask::Full, "楼道堆物，请尽快处理"), "***");
/// assert_eq!(mask(Mask::Mobile, " \u{3000}"), "");
/// ```
pub fn mask(kind: Mask, value: &str) -> String {
    if kind == Mask::BankCard {
        return bank_card(value);
    }
    if is_blank(value) {
        return String::new();
    }
    let chars: Vec<char> = value.chars().collect();
    let len = count(&chars);
    match kind {
        Mask::Mobile => hide(&chars, 3, len - 4),
        Mask::Landline => hide(&chars, 4, len - 2),
        Mask::Phone if looks_mobile(value) => hide(&chars, 3, len - 4),
        Mask::Phone => hide(&chars, 4, len - 2),
        Mask::IdNumber if len < 3 => String::new(),
        Mask::IdNumber => hide(&chars, 1, len - 2),
        Mask::ChineseName => hide(&chars, 1, len),
        Mask::Address => hide(&chars, len - 8, len),
        Mask::Email => match chars.iter().position(|&c| c == '@') {
            Some(at) if at > 1 => hide(&chars, 1, count(&chars[..at])),
            _ => value.to_owned(),
        },
        Mask::Full => "***".to_owned(),
        // Handled above; kept here so that the match stays exhaustive.
        Mask::BankCard => bank_card(value),
    }
}

/// The number of characters, as a signed position (the rules subtract from it).
fn count(chars: &[char]) -> i64 {
    i64::try_from(chars.len()).unwrap_or(i64::MAX)
}

/// The characters from `start` (included) to `end` (excluded) replaced by `*`. A window that
/// begins after the end of the text, or ends before it begins, replaces nothing; one that
/// reaches past the end stops there; a negative start counts as the first character.
fn hide(chars: &[char], start: i64, end: i64) -> String {
    let len = count(chars);
    let end = end.min(len);
    if start > len || start > end {
        return chars.iter().collect();
    }
    chars
        .iter()
        .zip(0_i64..)
        .map(|(&c, i)| if i >= start && i < end { '*' } else { c })
        .collect()
}

/// Whether `c` counts as blank: Java's whitespace and space characters (Unicode categories
/// Zs, Zl and Zp, the controls U+0009 to U+000D and U+001C to U+001F), and the invisible
/// characters Hutool adds to them (byte-order mark, left-to-right embedding, NUL, Hangul
/// filler, blank Braille pattern, zero-width non-joiner, Mongolian vowel separator).
fn is_blank_char(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | '\u{1c}'..='\u{20}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
            | '\u{202a}'
            | '\u{0}'
            | '\u{3164}'
            | '\u{2800}'
            | '\u{200c}'
            | '\u{180e}'
    )
}

/// Whether `value` is empty or all blank.
fn is_blank(value: &str) -> bool {
    value.chars().all(is_blank_char)
}

/// Whether `value` has the shape of a mainland mobile number: 11 digits starting with 1,
/// spaces and hyphens ignored, after an optional `+86` or `0086`.
fn looks_mobile(value: &str) -> bool {
    let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .unwrap_or(&compact);
    digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// [`Mask::BankCard`]: blanks removed; the first 4 characters, the middle as `*` in groups of
/// 4 each after a space, then a space and the last 1 to 4 (the remainder of the length by 4,
/// or 4).
fn bank_card(value: &str) -> String {
    if is_blank(value) {
        return value.to_owned();
    }
    let digits: Vec<char> = value.chars().filter(|&c| !is_blank_char(c)).collect();
    if digits.len() < 9 {
        return digits.into_iter().collect();
    }
    let tail = match digits.len() % 4 {
        0 => 4,
        r => r,
    };
    let middle = digits.len() - 4 - tail;
    let mut out: String = digits[..4].iter().collect();
    for i in 0..middle {
        if i % 4 == 0 {
            out.push(' ');
        }
        out.push('*');
    }
    out.push(' ');
    out.extend(&digits[digits.len() - tail..]);
    out
}

impl Mask {
    /// Masks `value` by this rule: the same as [`mask(self, value)`](mask).
    ///
    /// ```
    /// use quanyu::privacy::Mask;
    /// assert_eq!(Mask::Landline.apply("09157518479"), "0915*****79");
    /// ```
    pub fn apply(self, value: &str) -> String {
        mask(self, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(kind: Mask, value: &str) -> String {
        mask(kind, value)
    }

    #[test]
    fn hutool_documented_examples() {
        assert_eq!(m(Mask::ChineseName, "段正淳"), "段**");
        assert_eq!(
            m(Mask::IdNumber, "51343620000320711X"),
            "5***************1X"
        );
        assert_eq!(m(Mask::Landline, "09157518479"), "0915*****79");
        assert_eq!(m(Mask::Mobile, "18049531999"), "180****1999");
        assert_eq!(
            m(Mask::Address, "北京市海淀区马连洼街道289号"),
            "北京市海淀区马********"
        );
        assert_eq!(
            m(Mask::Email, "duandazhi-jack@gmail.com.cn"),
            "d*************@gmail.com.cn"
        );
        assert_eq!(
            m(Mask::BankCard, "11011111222233333256"),
            "1101 **** **** **** 3256"
        );
        assert_eq!(
            m(Mask::BankCard, "1234 2222 3333 4444 6789 9"),
            "1234 **** **** **** **** 9"
        );
        assert_eq!(
            m(Mask::BankCard, "1234 2222 3333 4444 678"),
            "1234 **** **** **** 678"
        );
    }

    #[test]
    fn empty_and_blank_values_mask_to_empty() {
        for kind in Mask::ALL.iter().copied().filter(|&k| k != Mask::BankCard) {
            for blank in [
                "",
                " ",
                "\t\n",
                "\u{3000}",
                "\u{feff}\u{200c}",
                "\u{a0}\u{2800}",
            ] {
                assert_eq!(m(kind, blank), "", "{kind} of {blank:?}");
            }
        }
        // A bank card keeps a blank value as it is.
        assert_eq!(m(Mask::BankCard, ""), "");
        assert_eq!(m(Mask::BankCard, " \u{3000}"), " \u{3000}");
        // NEL is no blank in Java, nor here.
        assert_eq!(m(Mask::Full, "\u{85}"), "***");
    }

    #[test]
    fn short_values_follow_the_windows() {
        // Mobile: a window of 3..len-4 hides nothing below 8 characters.
        assert_eq!(m(Mask::Mobile, "1"), "1");
        assert_eq!(m(Mask::Mobile, "123"), "123");
        assert_eq!(m(Mask::Mobile, "1234567"), "1234567");
        assert_eq!(m(Mask::Mobile, "12345678"), "123*5678");
        // Landline: 4..len-2.
        assert_eq!(m(Mask::Landline, "010"), "010");
        assert_eq!(m(Mask::Landline, "010123"), "010123");
        assert_eq!(m(Mask::Landline, "0101234"), "0101*34");
        // ID number: under 3 characters, nothing at all.
        assert_eq!(m(Mask::IdNumber, "1"), "");
        assert_eq!(m(Mask::IdNumber, "12"), "");
        assert_eq!(m(Mask::IdNumber, "123"), "123");
        assert_eq!(m(Mask::IdNumber, "1234"), "1*34");
        // Name.
        assert_eq!(m(Mask::ChineseName, "李"), "李");
        assert_eq!(m(Mask::ChineseName, "欧阳娜娜"), "欧***");
        // Address: a short one is all stars.
        assert_eq!(m(Mask::Address, "上海"), "**");
        assert_eq!(m(Mask::Address, "12345678"), "********");
        assert_eq!(m(Mask::Address, "123456789"), "1********");
        // E-mail: a local part of one character, or no `@`, is shown.
        assert_eq!(m(Mask::Email, "a@b.cn"), "a@b.cn");
        assert_eq!(m(Mask::Email, "@b.cn"), "@b.cn");
        assert_eq!(m(Mask::Email, "no-at-sign"), "no-at-sign");
        assert_eq!(m(Mask::Email, "ab@c"), "a*@c");
        assert_eq!(m(Mask::Email, "ab@c@d"), "a*@c@d");
        // Bank card: under 9 characters, shown without its blanks.
        assert_eq!(m(Mask::BankCard, "1234 5678"), "12345678");
        assert_eq!(m(Mask::BankCard, "123456789"), "1234 **** 9");
        assert_eq!(m(Mask::Full, "x"), "***");
    }

    #[test]
    fn chinese_text_counts_characters() {
        assert_eq!(m(Mask::Email, "张三@例子.中国"), "张*@例子.中国");
        assert_eq!(
            m(Mask::Mobile, "一二三四五六七八九十壹"),
            "一二三****八九十壹"
        );
        assert_eq!(m(Mask::IdNumber, "甲乙丙丁"), "甲*丙丁");
        assert_eq!(
            m(Mask::BankCard, "一二三四 五六七八 九"),
            "一二三四 **** 九"
        );
    }

    #[test]
    fn characters_beyond_the_bmp_count_once() {
        let emoji = "😀".repeat(8);
        assert_eq!(m(Mask::Mobile, &emoji), "😀😀😀*😀😀😀😀");
        assert_eq!(m(Mask::Address, &emoji), "********");
        assert_eq!(m(Mask::ChineseName, "𠀀小明"), "𠀀**");
        assert_eq!(m(Mask::Email, "𠀀😀@x.cn"), "𠀀*@x.cn");
        assert_eq!(m(Mask::BankCard, "😀😀😀😀😀😀😀😀😀"), "😀😀😀😀 **** 😀");
    }

    #[test]
    fn phone_picks_mobile_or_landline_by_shape() {
        assert_eq!(m(Mask::Phone, "13812345678"), "138****5678");
        assert_eq!(m(Mask::Phone, "138 1234 5678"), "138******5678");
        assert_eq!(m(Mask::Phone, "+86 138-1234-5678"), "+86**********5678");
        assert_eq!(m(Mask::Phone, "010-12345678"), "010-******78");
        assert_eq!(m(Mask::Phone, "09157518479"), "0915*****79");
        assert_eq!(m(Mask::Phone, "1381234567"), "1381****67");
        assert_eq!(
            m(Mask::Phone, "１３８１２３４５６７８"),
            "１３８１*****７８"
        );
    }

    #[test]
    fn every_kind_but_full_and_bank_card_keeps_the_length() {
        let cases = [
            (Mask::Mobile, "13812345678"),
            (Mask::Landline, "010-12345678"),
            (Mask::Phone, "13812345678"),
            (Mask::IdNumber, "510105199001011234"),
            (Mask::ChineseName, "王小明"),
            (Mask::Address, "北京市朝阳区建国路88号"),
            (Mask::Email, "li.wei@example.cn"),
        ];
        for (kind, v) in cases {
            let out = m(kind, v);
            assert_eq!(out.chars().count(), v.chars().count(), "{kind} of {v}");
            assert_ne!(out, v, "{kind} of {v} hides something");
        }
    }

    #[test]
    fn names_parse_in_every_spelling() {
        assert_eq!("id_number".parse::<Mask>(), Ok(Mask::IdNumber));
        assert_eq!("ChineseName".parse::<Mask>(), Ok(Mask::ChineseName));
        assert_eq!("座机号".parse::<Mask>(), Ok(Mask::Landline));
        assert_eq!("固定电话".parse::<Mask>(), Ok(Mask::Landline));
        assert!("mobil".parse::<Mask>().is_err());
    }
}
