//! Extracts for a grid worker's phone, sealed to the worker's key: the server (or a JVM back
//! end) seals with [`Network::sealed_extract`], the phone opens with
//! [`Network::open_extract`] and the secret half of its [`WorkerKey`], which never leaves it.

use std::sync::Arc;

use crate::bytes::Bytes;
use crate::error::Result;
use crate::network::Network;
use crate::privacy::Reveal;

/// A grid worker's key pair: the secret `identity` (`AGE-SECRET-KEY-1…`), kept in the phone's
/// key store, and the public `recipient` (`age1…`), given to the server. Not a record, so that
/// the secret never shows in a `toString()`.
///
/// ```
/// use quanyu_mobile::WorkerKey;
/// let key = WorkerKey::generate();
/// assert!(key.recipient().starts_with("age1"));
/// assert_eq!(WorkerKey::from_identity(key.identity())?.recipient(), key.recipient());
/// assert!(!format!("{key:?}").contains(&key.identity()));
/// # Ok::<(), quanyu_mobile::QuanyuError>(())
/// ```
#[derive(Debug, uniffi::Object)]
pub struct WorkerKey {
    inner: quanyu::privacy::WorkerKey,
}

#[uniffi::export]
impl WorkerKey {
    /// A new X25519 key pair from the operating system's random source.
    #[uniffi::constructor]
    pub fn generate() -> Arc<Self> {
        Arc::new(WorkerKey {
            inner: quanyu::privacy::WorkerKey::generate(),
        })
    }

    /// The key pair of a stored secret key (read back from the key store after a restart).
    /// A text that is not a secret key is an `InvalidArgument` naming `identity`; the text is
    /// never repeated in the message.
    #[uniffi::constructor]
    pub fn from_identity(identity: String) -> Result<Arc<Self>> {
        Ok(Arc::new(WorkerKey {
            inner: quanyu::privacy::WorkerKey::from_identity(&identity)?,
        }))
    }

    /// The secret key (`AGE-SECRET-KEY-1…`): keep it on the phone.
    pub fn identity(&self) -> String {
        self.inner.identity().to_owned()
    }

    /// The public key (`age1…`): give it to the server.
    pub fn recipient(&self) -> String {
        self.inner.recipient().to_owned()
    }
}

fn options(reveal: Option<Reveal>) -> quanyu::ExtractOptions {
    let opts = quanyu::ExtractOptions::new();
    match reveal {
        Some(r) => opts.reveal(r.into()),
        None => opts,
    }
}

#[uniffi::export]
impl Network {
    /// The extract of `unit` (see `extract`) with the fields `reveal` names kept in full for
    /// the persons living or working in the subtree. Persons who only hold a duty there carry
    /// their id and masked name, nothing else.
    pub fn extract_with(&self, unit: String, reveal: Option<Reveal>) -> Result<Arc<Network>> {
        Ok(Network::wrap(
            self.read().extract_with(&unit, &options(reveal))?,
        ))
    }

    /// The extract of `unit` as binary snapshot bytes sealed to `recipients` (the workers'
    /// public keys, `age1…`): only their secret keys open it, with `openExtract`.
    pub fn sealed_extract(
        &self,
        unit: String,
        recipients: Vec<String>,
        reveal: Option<Reveal>,
    ) -> Result<Bytes> {
        let sealed = self
            .read()
            .sealed_extract(&unit, &options(reveal), &recipients)?;
        Bytes::try_from(sealed)
    }

    /// The network of a sealed extract, opened with the worker's secret key
    /// (`AGE-SECRET-KEY-1…`). Another worker's key is an `InvalidArgument` naming `identity`;
    /// cut or altered bytes are a `Parse` error.
    #[uniffi::constructor]
    pub fn open_extract(sealed: Bytes, identity: String) -> Result<Arc<Network>> {
        Ok(Network::wrap(quanyu::Network::open_extract(
            &sealed, &identity,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuanyuError;

    #[test]
    fn a_sealed_extract_opens_with_its_key_only() {
        let net = Network::wrap(quanyu::synth::community(1).unwrap());
        let grid = net
            .read()
            .units_by_level("Grid")
            .unwrap()
            .next()
            .unwrap()
            .id
            .to_string();
        let key = WorkerKey::generate();
        let reveal = Reveal {
            who: "w1".into(),
            purpose: "grid_service".into(),
            fields: vec!["phone".into()],
        };
        let sealed = net
            .sealed_extract(grid.clone(), vec![key.recipient()], Some(reveal.clone()))
            .unwrap();
        let opened = Network::open_extract(sealed.clone(), key.identity()).unwrap();
        let plain = net.extract_with(grid, Some(reveal)).unwrap();
        assert_eq!(*opened.read(), *plain.read());
        let other = WorkerKey::generate();
        let err = Network::open_extract(sealed, other.identity()).unwrap_err();
        assert!(
            matches!(err, QuanyuError::InvalidArgument { .. }),
            "{err:?}"
        );
    }
}
