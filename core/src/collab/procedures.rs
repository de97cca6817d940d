//! Procedures as data: the statutory presets, and the arithmetic of shares (过半数, 三分之二以上).

use super::{Electorate, ProcedureRecord};

/// The least count out of `base` that meets `num / den` of it: more than the share when
/// `strict` (过半数: more than half), at least the share otherwise (以上 counts the number
/// itself, Civil Code art. 1259). Exact in integers: no rounding of fractions.
///
/// ```ignore
/// assert_eq!(needed(100, 1, 2, true), 51);
/// assert_eq!(needed(101, 1, 2, true), 51);
/// assert_eq!(needed(9, 2, 3, false), 6);
/// assert_eq!(needed(10, 2, 3, false), 7);
/// ```
pub(super) fn needed(base: u64, num: u32, den: u32, strict: bool) -> u64 {
    let product = u128::from(base) * u128::from(num);
    let den = u128::from(den.max(1));
    let count = if strict {
        product / den + 1
    } else {
        product.div_ceil(den)
    };
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// A share in words: "more than 1/2" or "at least 2/3".
pub(super) fn share_words(num: u32, den: u32, strict: bool) -> String {
    let bar = if strict { "more than" } else { "at least" };
    format!("{bar} {num}/{den}")
}

/// A procedure's requirement in words, for exports: quorum and threshold.
pub(super) fn requirement(p: &ProcedureRecord) -> String {
    let mut words = format!(
        "quorum: {} of the {} electorate",
        share_words(p.quorum_num, p.quorum_den, p.quorum_strict),
        p.electorate
    );
    if p.household_quorum_num > 0 {
        words.push_str(&format!(
            " or {} of the households",
            share_words(p.household_quorum_num, p.household_quorum_den, false)
        ));
    }
    words.push_str(&format!(
        "; decision: {} of those taking part",
        share_words(p.threshold_num, p.threshold_den, p.threshold_strict)
    ));
    words
}

impl ProcedureRecord {
    /// 村民会议 — the villagers' assembly: more than half of the villagers aged 18 or over, or
    /// the representatives of two thirds or more of the households, take part; decisions by
    /// more than half of those taking part (Organic Law of the Villagers' Committees, art. 22);
    /// ten days' notice (art. 21).
    ///
    /// ```
    /// let p = quanyu::collab::ProcedureRecord::villagers_assembly();
    /// assert_eq!((p.household_quorum_num, p.household_quorum_den), (2, 3));
    /// ```
    pub fn villagers_assembly() -> ProcedureRecord {
        ProcedureRecord {
            code: "villagers_assembly".into(),
            name: "村民会议".into(),
            household_quorum_num: 2,
            household_quorum_den: 3,
            notice_days: 10,
            basis: "《中华人民共和国村民委员会组织法》第二十一条、第二十二条".into(),
            ..ProcedureRecord::residents_meeting()
        }
    }

    /// 村民代表会议 — the villagers' representatives' assembly: two thirds or more of its
    /// members take part; decisions by more than half of those taking part (Organic Law of the
    /// Villagers' Committees, art. 26).
    ///
    /// ```
    /// let p = quanyu::collab::ProcedureRecord::representatives_assembly();
    /// assert!(!p.quorum_strict);
    /// ```
    pub fn representatives_assembly() -> ProcedureRecord {
        ProcedureRecord {
            code: "representatives_assembly".into(),
            name: "村民代表会议".into(),
            electorate: Electorate::Representatives,
            quorum_num: 2,
            quorum_den: 3,
            quorum_strict: false,
            basis: "《中华人民共和国村民委员会组织法》第二十六条".into(),
            ..ProcedureRecord::residents_meeting()
        }
    }

    /// 居民会议 — the residents' meeting: more than half of the residents aged 18 or over take
    /// part; decisions by more than half of those taking part (Organic Law of the Urban
    /// Residents' Committees, art. 9).
    ///
    /// ```
    /// let p = quanyu::collab::ProcedureRecord::residents_meeting();
    /// assert_eq!(p.electorate, quanyu::collab::Electorate::Residents);
    /// ```
    pub fn residents_meeting() -> ProcedureRecord {
        ProcedureRecord {
            code: "residents_meeting".into(),
            name: "居民会议".into(),
            electorate: Electorate::Residents,
            min_age: 18,
            quorum_num: 1,
            quorum_den: 2,
            quorum_strict: true,
            household_quorum_num: 0,
            household_quorum_den: 0,
            threshold_num: 1,
            threshold_den: 2,
            threshold_strict: true,
            notice_days: 0,
            basis: "《中华人民共和国城市居民委员会组织法》第九条".into(),
        }
    }

    /// 户代表居民会议 — the residents' meeting of household representatives: one ballot per
    /// household, more than half of the households take part; decisions by more than half of
    /// those taking part (Organic Law of the Urban Residents' Committees, art. 9).
    ///
    /// ```
    /// let p = quanyu::collab::ProcedureRecord::household_meeting();
    /// assert_eq!(p.electorate, quanyu::collab::Electorate::Households);
    /// ```
    pub fn household_meeting() -> ProcedureRecord {
        ProcedureRecord {
            code: "household_meeting".into(),
            name: "户代表居民会议".into(),
            electorate: Electorate::Households,
            ..ProcedureRecord::residents_meeting()
        }
    }

    /// The presets every book holds: the villagers' assembly, the villagers' representatives'
    /// assembly, the residents' meeting and its household form.
    ///
    /// ```
    /// assert_eq!(quanyu::collab::ProcedureRecord::presets().len(), 4);
    /// ```
    pub fn presets() -> Vec<ProcedureRecord> {
        vec![
            ProcedureRecord::villagers_assembly(),
            ProcedureRecord::representatives_assembly(),
            ProcedureRecord::residents_meeting(),
            ProcedureRecord::household_meeting(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_at_and_around_each_bar() {
        // 过半数 of 100 is 51, of 101 is 51, of 1 is 1, of 0 is 1 (nobody is never a majority).
        assert_eq!(needed(100, 1, 2, true), 51);
        assert_eq!(needed(101, 1, 2, true), 51);
        assert_eq!(needed(1, 1, 2, true), 1);
        assert_eq!(needed(0, 1, 2, true), 1);
        // 三分之二以上 counts the number itself: 6 of 9, 7 of 10, 0 of 0.
        assert_eq!(needed(9, 2, 3, false), 6);
        assert_eq!(needed(10, 2, 3, false), 7);
        assert_eq!(needed(0, 2, 3, false), 0);
        assert_eq!(needed(u64::MAX, 1, 1, true), u64::MAX);
    }
}
