//! Keyed pseudonyms (假名化) of person ids, for analytic exports.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{Error, Result};

/// The shortest key accepted, in bytes. HMAC accepts any key, but a short one can be found by
/// trying every key on a known id; 16 random bytes (128 bits) put that out of reach.
///
/// ```
/// use quanyu::privacy::{MIN_KEY_LEN, Pseudonymiser};
///
/// assert!(Pseudonymiser::new(&[0x5a; MIN_KEY_LEN]).is_ok());
/// assert!(Pseudonymiser::new(&[0x5a; MIN_KEY_LEN - 1]).is_err());
/// ```
pub const MIN_KEY_LEN: usize = 16;

/// How many bytes of the HMAC a pseudonym keeps: 16 bytes, written as 32 hexadecimal digits.
///
/// Why 16: two persons given the same pseudonym would be merged by every analysis. Among `n`
/// ids, the odds that any two of `b`-bit pseudonyms collide are about `n² / 2^(b+1)`. For a city
/// of 20 million persons that is about 1 in 90,000 with 8 bytes (64 bits), too likely once many
/// cities and many keys are counted, and about 6 in 10²⁵ with 16 bytes: never, in practice.
/// Keeping all 32 bytes would only make the exports longer.
///
/// ```
/// use quanyu::privacy::{PREFIX, PSEUDONYM_BYTES, Pseudonymiser};
///
/// let p = Pseudonymiser::new(b"0123456789abcdef")?;
/// assert_eq!(p.pseudonym("P-1").len(), PREFIX.len() + 2 * PSEUDONYM_BYTES);
/// # Ok::<(), quanyu::Error>(())
/// ```
pub const PSEUDONYM_BYTES: usize = 16;

/// What every pseudonym starts with, so that it cannot be taken for a real id (and a column
/// already pseudonymised is seen at a glance).
///
/// ```
/// use quanyu::privacy::{PREFIX, Pseudonymiser};
///
/// let p = Pseudonymiser::new(b"0123456789abcdef")?;
/// assert!(p.pseudonym("P-1").starts_with(PREFIX));
/// # Ok::<(), quanyu::Error>(())
/// ```
pub const PREFIX: &str = "p_";

/// Gives each person id a pseudonym under a secret key: `p_` and the first 16 bytes of
/// HMAC-SHA-256 of the id (its UTF-8 bytes) under the key, in lower-case hexadecimal.
///
/// The same id always gets the same pseudonym under the same key, so tables pseudonymised
/// separately still join on their person columns; without the key, a pseudonym cannot be
/// traced back to its id, nor computed from a guessed one (an unkeyed hash of an ID number
/// could: there are few enough ID numbers to try them all). Whoever holds the key can
/// re-identify, so under PIPL the output is still personal information (art. 73: pseudonymised
/// is not anonymised); keep the key apart from the exports, and change it to make old exports
/// unlinkable to new ones.
///
/// The key is never shown: `Debug` prints `Pseudonymiser { .. }`. Only the HMAC's keyed state
/// is kept, not the key bytes themselves.
///
/// ```
/// use quanyu::privacy::Pseudonymiser;
///
/// let p = Pseudonymiser::new(b"a key of 16 bytes or more")?;
/// let alias = p.pseudonym("P-000042");
/// assert!(alias.starts_with("p_") && alias.len() == 34);
/// assert_eq!(alias, p.pseudonym("P-000042")); // stable: exports still join
/// assert_ne!(alias, p.pseudonym("P-000043"));
/// assert_eq!(format!("{p:?}"), "Pseudonymiser { .. }");
///
/// // A short key is refused rather than weakly used.
/// assert!(Pseudonymiser::new(b"short").is_err());
/// # Ok::<(), quanyu::Error>(())
/// ```
#[derive(Clone)]
pub struct Pseudonymiser {
    /// The HMAC with the key already absorbed: each pseudonym clones it instead of hashing the
    /// key again.
    mac: Hmac<Sha256>,
}

impl Pseudonymiser {
    /// A pseudonymiser under `key`, which should be random bytes kept secret (at least
    /// [`MIN_KEY_LEN`], 16; 32 is usual).
    ///
    /// Returns [`Error::InvalidArgument`] named `key` for a key shorter than 16 bytes.
    ///
    /// ```
    /// use quanyu::privacy::Pseudonymiser;
    ///
    /// assert!(Pseudonymiser::new(&[7u8; 32]).is_ok());
    /// let err = Pseudonymiser::new(b"0123456789").unwrap_err();
    /// assert!(err.to_string().starts_with("invalid argument `key`: "));
    /// ```
    pub fn new(key: &[u8]) -> Result<Self> {
        if key.len() < MIN_KEY_LEN {
            return Err(Error::invalid_argument(
                "key",
                format!(
                    "must be at least {MIN_KEY_LEN} bytes (random and secret), not {}",
                    key.len()
                ),
            ));
        }
        // HMAC takes keys of any length, so this cannot fail; mapped rather than unwrapped all
        // the same, so that no panic is reachable from here.
        let mac = Hmac::<Sha256>::new_from_slice(key)
            .map_err(|e| Error::invalid_argument("key", e.to_string()))?;
        Ok(Pseudonymiser { mac })
    }

    /// The pseudonym of `id`: [`PREFIX`] and [`PSEUDONYM_BYTES`] bytes of HMAC-SHA-256 in
    /// lower-case hexadecimal, 34 characters in all. Ids are compared as they are (no trimming
    /// or case folding): `"P-1"` and `"p-1"` get different pseudonyms.
    ///
    /// ```
    /// use quanyu::privacy::Pseudonymiser;
    ///
    /// let p = Pseudonymiser::new(b"0123456789abcdef")?;
    /// let alias = p.pseudonym("张三");
    /// assert!(alias[2..].chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn pseudonym(&self, id: &str) -> String {
        let digest = self.digest(id);
        let mut out = String::with_capacity(PREFIX.len() + 2 * PSEUDONYM_BYTES);
        out.push_str(PREFIX);
        out.push_str(&hex::encode(&digest[..PSEUDONYM_BYTES]));
        out
    }

    /// The pseudonyms of `ids`, in their order: a column of an export, pseudonymised.
    ///
    /// ```
    /// use quanyu::privacy::Pseudonymiser;
    ///
    /// let p = Pseudonymiser::new(b"0123456789abcdef")?;
    /// let column = p.apply(&["P-1", "P-2", "P-1"]);
    /// assert_eq!(column.len(), 3);
    /// assert_eq!(column[0], column[2]);
    /// assert_eq!(column[1], p.pseudonym("P-2"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn apply<S: AsRef<str>>(&self, ids: &[S]) -> Vec<String> {
        ids.iter().map(|id| self.pseudonym(id.as_ref())).collect()
    }

    /// The whole HMAC-SHA-256 of `id` under the key: what the pseudonym truncates, kept
    /// crate-private so that the tests can check it against published test vectors.
    pub(crate) fn digest(&self, id: &str) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// Never the key, nor anything derived from it.
impl fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pseudonymiser").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test key of the minimum length.
    const KEY: &[u8] = b"0123456789abcdef";

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// RFC 4231, test case 2 (a key shorter than the block): the whole digest. The key "Jefe" is
    /// shorter than the public API allows, so the keyed state is built directly.
    #[test]
    fn rfc_4231_test_case_2() {
        let p = Pseudonymiser {
            mac: Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap(),
        };
        assert_eq!(
            hex(&p.digest("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            p.pseudonym("what do ya want for nothing?"),
            "p_5bdcc146bf60754e6a042426089575c7"
        );
    }

    /// RFC 4231, test case 6 (a key longer than the block, 131 bytes of 0xaa), through `new`.
    #[test]
    fn rfc_4231_test_case_6() {
        let p = Pseudonymiser::new(&[0xaa; 131]).unwrap();
        assert_eq!(
            hex(&p.digest("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn short_keys_are_refused_and_named() {
        for len in [0, 1, 15] {
            let err = Pseudonymiser::new(&vec![1; len]).unwrap_err();
            match err {
                Error::InvalidArgument { name, message } => {
                    assert_eq!(name, "key");
                    assert!(message.contains("16 bytes"), "{message}");
                    assert!(message.ends_with(&format!("not {len}")), "{message}");
                }
                other => panic!("expected InvalidArgument, got {other:?}"),
            }
        }
        assert!(Pseudonymiser::new(&[1; 16]).is_ok());
    }

    #[test]
    fn the_key_changes_every_pseudonym() {
        let a = Pseudonymiser::new(KEY).unwrap();
        let b = Pseudonymiser::new(b"0123456789abcdeF").unwrap();
        for id in ["P-1", "", "张三", "11010519491231002X"] {
            assert_ne!(a.pseudonym(id), b.pseudonym(id), "{id}");
            assert_eq!(a.pseudonym(id), a.clone().pseudonym(id), "{id}");
        }
    }

    #[test]
    fn shape_and_distinctness() {
        let p = Pseudonymiser::new(KEY).unwrap();
        let ids: Vec<String> = (0..2000).map(|i| format!("P-{i:06}")).collect();
        let out = p.apply(&ids);
        let distinct: std::collections::HashSet<&String> = out.iter().collect();
        assert_eq!(distinct.len(), ids.len());
        for alias in &out {
            assert_eq!(alias.len(), PREFIX.len() + 2 * PSEUDONYM_BYTES);
            assert!(alias.starts_with(PREFIX));
            assert!(
                alias[2..]
                    .bytes()
                    .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
            );
        }
        // The same bytes as the first half of the full digest.
        assert_eq!(&out[7][2..], &hex(&p.digest(&ids[7]))[..32]);
    }

    #[test]
    fn debug_shows_no_key() {
        let key = b"a-very-secret-key-0123";
        let p = Pseudonymiser::new(key).unwrap();
        let shown = format!("{p:?} {p:#?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(!shown.contains(&hex(key)), "{shown}");
        assert_eq!(format!("{p:?}"), "Pseudonymiser { .. }");
    }
}
