//! Data sealed to a grid worker's phone: encrypted so that only the holder of one secret key
//! can read it, in the [age](https://age-encryption.org/v1) format.
//!
//! The phone makes a [`WorkerKey`] once and keeps its secret half (the *identity*,
//! `AGE-SECRET-KEY-1…`) to itself; the server is given only the public half (the *recipient*,
//! `age1…`), and [seals](seal) what it sends to it. A copy caught on the way, left on a relay
//! or in a message queue, is of no use to anyone else. The format is age's, with X25519
//! recipients and a ChaCha20-Poly1305 payload: the `age` crate does the cryptography, and the
//! `age`/`rage` command-line tools read the same files. Hybrid post-quantum keys
//! (`AGE-SECRET-KEY-PQ-1…`, `age1pq1…`) are accepted too.

use std::io::Write;

use age::secrecy::{ExposeSecret, SecretString};

use crate::{Error, Result};

/// A grid worker's key pair: the secret *identity* that opens what is sealed to it, and the
/// public *recipient* the server seals to. Made on the phone; only the recipient leaves it.
///
/// The identity is wiped from memory when the key is dropped, and never shown by `Debug`.
///
/// ```
/// use quanyu::privacy::{WorkerKey, open, seal};
/// let key = WorkerKey::generate();
/// assert!(key.identity().starts_with("AGE-SECRET-KEY-1"));
/// assert!(key.recipient().starts_with("age1"));
/// assert!(!format!("{key:?}").contains(key.identity()));
/// let sealed = seal(b"grid G-07", &[key.recipient()])?;
/// assert_eq!(open(&sealed, key.identity())?, b"grid G-07");
/// # Ok::<(), quanyu::Error>(())
/// ```
pub struct WorkerKey {
    identity: SecretString,
    recipient: String,
}

impl std::fmt::Debug for WorkerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerKey")
            .field("recipient", &self.recipient)
            .field("identity", &"<secret>")
            .finish()
    }
}

impl WorkerKey {
    /// A new X25519 key pair from the operating system's random source.
    ///
    /// ```
    /// let a = quanyu::privacy::WorkerKey::generate();
    /// let b = quanyu::privacy::WorkerKey::generate();
    /// assert_ne!(a.recipient(), b.recipient());
    /// ```
    pub fn generate() -> Self {
        // age 0.13 marks the X25519 keys as not safe against a future quantum computer; they
        // are what every age tool and version reads, and their recipients fit a QR code.
        // `generate_post_quantum` gives the hybrid keys.
        #[allow(deprecated)]
        let identity = age::x25519::Identity::generate();
        WorkerKey {
            recipient: identity.to_public().to_string(),
            identity: identity.to_string(),
        }
    }

    /// A new hybrid post-quantum key pair (ML-KEM-768 with X25519): safe against someone who
    /// records sealed data today to open it with a quantum computer later, at the cost of a
    /// long recipient (about 2,000 characters) that only age 1.3 and later read.
    ///
    /// ```
    /// let key = quanyu::privacy::WorkerKey::generate_post_quantum();
    /// assert!(key.identity().starts_with("AGE-SECRET-KEY-PQ-1"));
    /// assert!(key.recipient().starts_with("age1pq1"));
    /// let sealed = quanyu::privacy::seal(b"x", &[key.recipient()])?;
    /// assert_eq!(quanyu::privacy::open(&sealed, key.identity())?, b"x");
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn generate_post_quantum() -> Self {
        let identity = age::pq::Identity::generate();
        WorkerKey {
            recipient: identity.to_public().to_string(),
            identity: identity.to_string(),
        }
    }

    /// The key pair of a stored identity (the phone's secret, read back after a restart).
    ///
    /// ```
    /// use quanyu::privacy::WorkerKey;
    /// let key = WorkerKey::generate();
    /// let again = WorkerKey::from_identity(key.identity())?;
    /// assert_eq!(again.recipient(), key.recipient());
    /// let err = WorkerKey::from_identity("AGE-SECRET-KEY-1NOTAKEY").unwrap_err();
    /// assert!(err.to_string().contains("`identity`") && !err.to_string().contains("NOTAKEY"));
    /// # Ok::<(), quanyu::Error>(())
    /// ```
    pub fn from_identity(identity: &str) -> Result<Self> {
        Ok(match parse_identity(identity)? {
            AnyIdentity::X25519(i) => WorkerKey {
                recipient: i.to_public().to_string(),
                identity: i.to_string(),
            },
            AnyIdentity::Pq(i) => WorkerKey {
                recipient: i.to_public().to_string(),
                identity: i.to_string(),
            },
        })
    }

    /// The secret identity (`AGE-SECRET-KEY-1…`): keep it on the phone, in its key store.
    pub fn identity(&self) -> &str {
        self.identity.expose_secret()
    }

    /// The public recipient (`age1…`): give it to the server.
    pub fn recipient(&self) -> &str {
        &self.recipient
    }
}

enum AnyIdentity {
    X25519(age::x25519::Identity),
    Pq(age::pq::Identity),
}

impl AnyIdentity {
    fn as_dyn(&self) -> &dyn age::Identity {
        match self {
            AnyIdentity::X25519(i) => i,
            AnyIdentity::Pq(i) => i,
        }
    }
}

const SECRET_PREFIX: &str = "AGE-SECRET-KEY-";
const PQ_SECRET_PREFIX: &str = "AGE-SECRET-KEY-PQ-";

/// Parses a secret key. The messages never repeat the text given: it may be a secret key
/// with a typo.
fn parse_identity(text: &str) -> Result<AnyIdentity> {
    let text = text.trim();
    let bad = |why: &str| {
        Error::invalid_argument(
            "identity",
            format!("not a valid age secret key (`AGE-SECRET-KEY-1…`): {why}"),
        )
    };
    let upper = text
        .get(..PQ_SECRET_PREFIX.len())
        .map(str::to_ascii_uppercase);
    if upper.as_deref() == Some(PQ_SECRET_PREFIX) {
        text.parse::<age::pq::Identity>()
            .map(AnyIdentity::Pq)
            .map_err(bad)
    } else if text
        .get(..SECRET_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(SECRET_PREFIX))
    {
        text.parse::<age::x25519::Identity>()
            .map(AnyIdentity::X25519)
            .map_err(bad)
    } else if text.starts_with("age1") {
        Err(Error::invalid_argument(
            "identity",
            "this is a recipient (a public key, `age1…`); opening needs the secret key \
             (`AGE-SECRET-KEY-1…`) that the phone keeps",
        ))
    } else {
        Err(bad("it does not start with `AGE-SECRET-KEY-`"))
    }
}

/// Parses the recipient at `index`. A recipient is public, so it may be quoted (shortened).
// age 0.13 deprecates the X25519 recipient in favour of its hybrid one (see
// `WorkerKey::generate`); both are accepted.
#[allow(deprecated)]
fn parse_recipient(text: &str, index: usize) -> Result<Box<dyn age::Recipient + Send>> {
    let text = text.trim();
    let name = format!("recipients[{index}]");
    if text
        .get(..SECRET_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(SECRET_PREFIX))
    {
        // Never quoted: it is a secret, given where the public half belongs.
        return Err(Error::invalid_argument(
            name,
            "this is a secret key; seal to its recipient (`age1…`), and keep the secret key \
             on the phone",
        ));
    }
    let shown: String = text.chars().take(24).collect();
    let ellipsis = if text.chars().count() > 24 { "…" } else { "" };
    let bad = |why: &str| {
        Error::invalid_argument(
            name.clone(),
            format!("`{shown}{ellipsis}` is not an age recipient (`age1…`): {why}"),
        )
    };
    if text.starts_with("age1pq1") {
        text.parse::<age::pq::Recipient>()
            .map(|r| Box::new(r) as _)
            .map_err(bad)
    } else if text.starts_with("age1") {
        text.parse::<age::x25519::Recipient>()
            .map(|r| Box::new(r) as _)
            .map_err(bad)
    } else {
        Err(bad("it does not start with `age1`"))
    }
}

/// `bytes` encrypted to every one of `recipients` (public keys, `age1…`): any of their
/// identities opens it with [`open`], and no one else can. Each call draws a new file key, so
/// sealing the same bytes twice gives different output.
///
/// Errors: no recipients, or one that is not an age recipient (named by its position).
///
/// ```
/// use quanyu::privacy::{WorkerKey, open, seal};
/// let (a, b) = (WorkerKey::generate(), WorkerKey::generate());
/// let sealed = seal("王芳 13812345678".as_bytes(), &[a.recipient(), b.recipient()])?;
/// assert_eq!(open(&sealed, b.identity())?, "王芳 13812345678".as_bytes());
/// let err = seal(b"x", &["age1oops"]).unwrap_err();
/// assert!(err.to_string().contains("recipients[0]"), "{err}");
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn seal<S: AsRef<str>>(bytes: &[u8], recipients: &[S]) -> Result<Vec<u8>> {
    if recipients.is_empty() {
        return Err(Error::invalid_argument(
            "recipients",
            "name at least one recipient (a worker's public key, `age1…`)",
        ));
    }
    let parsed = recipients
        .iter()
        .enumerate()
        .map(|(i, r)| parse_recipient(r.as_ref(), i))
        .collect::<Result<Vec<_>>>()?;
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r.as_ref() as &dyn age::Recipient))
            .map_err(|e| Error::invalid_argument("recipients", e.to_string()))?;
    let fail = |e: std::io::Error| Error::io("sealed data", &e);
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(fail)?;
    writer.write_all(bytes).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

/// The bytes `sealed` holds, opened with the secret key `identity` (`AGE-SECRET-KEY-1…`).
///
/// Errors: an identity that is not an age secret key (never quoted back); data sealed to
/// other keys ([`InvalidArgument`](Error::InvalidArgument) `identity`); data that is not
/// sealed data, is cut short or was altered ([`Parse`](Error::Parse), `sealed data`): the
/// format authenticates every byte, so a changed byte is an error, never a wrong result.
///
/// ```
/// use quanyu::privacy::{WorkerKey, open, seal};
/// let key = WorkerKey::generate();
/// let mut sealed = seal(b"grid G-07", &[key.recipient()])?;
/// let other = WorkerKey::generate();
/// assert!(open(&sealed, other.identity()).unwrap_err().to_string().contains("identity"));
/// let last = sealed.len() - 1;
/// sealed[last] ^= 1;
/// assert!(matches!(open(&sealed, key.identity()), Err(quanyu::Error::Parse { .. })));
/// # Ok::<(), quanyu::Error>(())
/// ```
pub fn open(sealed: &[u8], identity: &str) -> Result<Vec<u8>> {
    let identity = parse_identity(identity)?;
    let corrupt = |why: String| Error::Parse {
        source_name: "sealed data".into(),
        line: None,
        message: format!("not sealed data, cut short or altered: {why}"),
    };
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|e| corrupt(e.to_string()))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity.as_dyn()))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => Error::invalid_argument(
                "identity",
                "this key cannot open the data: it was sealed to other recipients",
            ),
            e => corrupt(e.to_string()),
        })?;
    let mut out = Vec::with_capacity(sealed.len());
    std::io::Read::read_to_end(&mut reader, &mut out).map_err(|e| corrupt(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_errors_never_echo_secrets() {
        let key = WorkerKey::generate();
        let sealed = seal(b"hello", &[key.recipient()]).unwrap();
        assert_eq!(
            open(&sealed, &format!(" {}\n", key.identity())).unwrap(),
            b"hello"
        );
        // A secret key given as a recipient, or a damaged secret key, is never quoted.
        let secret = key.identity();
        let err = seal(b"x", &[secret]).unwrap_err().to_string();
        assert!(
            err.contains("recipients[0]") && !err.contains(&secret[15..]),
            "{err}"
        );
        let damaged = format!("{}x", &secret[..secret.len() - 1]);
        let err = open(&sealed, &damaged).unwrap_err().to_string();
        assert!(
            err.contains("`identity`") && !err.contains(&secret[15..40]),
            "{err}"
        );
        let err = open(&sealed, key.recipient()).unwrap_err().to_string();
        assert!(err.contains("recipient"), "{err}");
        assert!(seal::<&str>(b"x", &[]).is_err());
    }

    #[test]
    fn damaged_input_is_an_error() {
        let key = WorkerKey::generate();
        let sealed = seal(&[7u8; 70_000], &[key.recipient()]).unwrap();
        for cut in [0, 10, 100, sealed.len() / 2, sealed.len() - 1] {
            assert!(
                open(&sealed[..cut], key.identity()).is_err(),
                "cut at {cut}"
            );
        }
        for at in [20, 60, 150, sealed.len() / 2, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[at] ^= 0x10;
            assert!(open(&bad, key.identity()).is_err(), "flip at {at}");
        }
        assert_eq!(open(&sealed, key.identity()).unwrap(), vec![7u8; 70_000]);
    }
}
