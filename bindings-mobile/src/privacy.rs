//! The masks (脱敏) of personal values for the apps, as the core applies them: a phone number,
//! an ID number or a name shown on a screen that has no purpose for the whole value.

use crate::declared::Mask;

/// A request to show some personal fields in full: who asks (a user id), for which purpose
/// (`grid_service`, `contract_duty`, `emergency`, `statutory_report` or `backup`, the access
/// log's default list) and which fields (`phone`, `idNumber` written `id_number`, as the core
/// names them). A path out that takes one checks it before anything is shown (a refused one is
/// a `QuanyuException.InvalidArgument` naming `who`, `purpose` or `fields`) and records it in
/// the network's access log ([`Network::access_log`](crate::Network::access_log)).
///
/// ```
/// use quanyu_mobile::Reveal;
/// let r = Reveal { who: "worker-07".into(), purpose: "grid_service".into(), fields: vec!["phone".into()] };
/// assert!(quanyu::privacy::Reveal::from(r).shows("phone"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reveal {
    /// Who asks.
    pub who: String,
    /// Why: one of the access log's purposes.
    pub purpose: String,
    /// The fields shown in full, by their names in the core (`phone`, `id_number`,
    /// `description`).
    pub fields: Vec<String>,
}

impl From<Reveal> for quanyu::privacy::Reveal {
    fn from(r: Reveal) -> Self {
        quanyu::privacy::Reveal::new(r.who, r.purpose).fields(r.fields)
    }
}

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
    fn a_reveal_is_the_cores() {
        let r = Reveal {
            who: "w".into(),
            purpose: "emergency".into(),
            fields: vec!["phone".into()],
        };
        let core = quanyu::privacy::Reveal::from(r);
        assert_eq!(
            (core.who.as_str(), core.purpose.as_str()),
            ("w", "emergency")
        );
        assert!(core.shows("phone") && !core.shows("id_number"));
    }

    #[test]
    fn masks_as_the_core_does() {
        assert_eq!(mask(Mask::Phone, "010-12345678".into()), "010-******78");
        assert_eq!(mask(Mask::IdNumber, "12".into()), "");
        assert_eq!(mask(Mask::Full, "楼道堆物".into()), "***");
    }
}
