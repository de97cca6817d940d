//! The masks (脱敏) of personal values for the apps, as the core applies them: a phone number,
//! an ID number or a name shown on a screen that has no purpose for the whole value.

use crate::declared::Mask;

/// `value` masked as `kind` says: a mobile number keeps its first 3 and last 4 characters, an
/// ID number its first and last 2, a name its first character (the conventions of Hutool's
/// `DesensitizedUtil`). Lengths are counted in characters; empty and blank values mask to the
/// empty string (a bank card keeps them as they are).
///
/// ```
/// use quanyu_mobile::{Mask, mask};
/// assert_eq!(mask(Mask::Mobile, "13812345678".into()), "138****5678");
/// assert_eq!(mask(Mask::ChineseName, "张三丰".into()), "张**");
/// ```
#[uniffi::export]
pub fn mask(kind: Mask, value: String) -> String {
    quanyu::privacy::mask(kind.into(), &value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_as_the_core_does() {
        assert_eq!(mask(Mask::Phone, "010-12345678".into()), "010-******78");
        assert_eq!(mask(Mask::IdNumber, "12".into()), "");
        assert_eq!(mask(Mask::Full, "楼道堆物".into()), "***");
    }
}
