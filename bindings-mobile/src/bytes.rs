//! [`Bytes`]: a byte array crossing the FFI in one copy (Kotlin `ByteArray`, Swift `Data`).
//!
//! uniffi passes a `Vec<u8>` as a sequence: a length, then every byte read and pushed on its
//! own. For a community's 4.9 MB snapshot that loop took longer than opening the snapshot did.
//! [`Bytes`] keeps the same wire format — the foreign side is the generated code for `bytes`,
//! unchanged — and moves it whole: a buffer from the app becomes a [`Bytes`] without a copy
//! (the buffer was allocated by this library, so it owns it), and a [`Bytes`] leaves with one
//! `memcpy`.
//!
//! The conversion traits are `unsafe` to implement: uniffi trusts an implementation to read
//! and write exactly what the foreign code writes and reads. These read and write the format
//! of uniffi's own `Vec<u8>` converter (a big-endian `i32` length, then the bytes), and the
//! Kotlin tests round-trip empty, small and multi-megabyte arrays through them.

use std::ops::Deref;

use uniffi::deps::anyhow::{Result, bail};
use uniffi::{FfiConverter, MetadataBuffer, RustBuffer, metadata::codes};

use crate::error::QuanyuError;

/// The byte count prefix of the wire format.
const PREFIX: usize = 4;

/// The most bytes one foreign array holds (the JVM indexes arrays with `i32`).
pub const MAX_LEN: usize = i32::MAX as usize;

/// Bytes passed to or from the app: `ByteArray` in Kotlin, `Data` in Swift. Dereferences to
/// `&[u8]`.
///
/// ```
/// use quanyu_mobile::Bytes;
///
/// let bytes = Bytes::try_from(vec![1u8, 2, 3])?;
/// assert_eq!(&*bytes, &[1, 2, 3]);
/// assert_eq!(bytes.into_vec(), vec![1, 2, 3]);
/// # Ok::<(), quanyu_mobile::QuanyuError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Bytes {
    /// The wire form: the length prefix (or nothing), then the bytes from `start`.
    buf: Vec<u8>,
    start: usize,
}

impl Bytes {
    /// The bytes as a vector (a copy unless they start at the front of their buffer).
    ///
    /// ```
    /// let bytes = quanyu_mobile::Bytes::try_from(b"QY".to_vec())?;
    /// assert_eq!(bytes.into_vec(), b"QY");
    /// # Ok::<(), quanyu_mobile::QuanyuError>(())
    /// ```
    pub fn into_vec(self) -> Vec<u8> {
        if self.start == 0 {
            self.buf
        } else {
            self.buf[self.start..].to_vec()
        }
    }

    /// The wire form: the length as a big-endian `i32`, then the bytes.
    fn wire(bytes: &[u8], out: &mut Vec<u8>) {
        // `Bytes` never holds more than `MAX_LEN` bytes, so the length fits.
        let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
        out.reserve(PREFIX + bytes.len());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(bytes);
    }

    /// Reads the wire form's length prefix from the front of `buf`.
    fn length(buf: &[u8]) -> Result<usize> {
        let Some((prefix, _)) = buf.split_first_chunk::<PREFIX>() else {
            bail!("a byte array's length is cut off");
        };
        match usize::try_from(i32::from_be_bytes(*prefix)) {
            Ok(n) => Ok(n),
            Err(_) => bail!("a byte array has a negative length"),
        }
    }
}

impl TryFrom<Vec<u8>> for Bytes {
    type Error = QuanyuError;

    /// Fails only beyond [`MAX_LEN`] bytes, which no foreign array can hold.
    fn try_from(buf: Vec<u8>) -> std::result::Result<Self, QuanyuError> {
        if buf.len() > MAX_LEN {
            return Err(QuanyuError::Io {
                path: String::new(),
                kind: "FileTooLarge".into(),
                detail: format!(
                    "{} bytes do not fit in one byte array (at most {MAX_LEN}); save to a file instead",
                    buf.len()
                ),
            });
        }
        Ok(Bytes { buf, start: 0 })
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

// SAFETY: the format is uniffi's own for `Vec<u8>` (and `TYPE_ID_META` says so, so the
// foreign side is generated for `bytes`); every read checks the length it is given.
#[allow(unsafe_code)]
unsafe impl FfiConverter<crate::UniFfiTag> for Bytes {
    type FfiType = RustBuffer;

    fn lower(obj: Self) -> RustBuffer {
        let mut out = Vec::new();
        Self::wire(&obj, &mut out);
        RustBuffer::from_vec(out)
    }

    /// Takes the buffer over: it was allocated by this library for the app to fill.
    fn try_lift(v: RustBuffer) -> Result<Self> {
        let buf = v.destroy_into_vec();
        let len = Self::length(&buf)?;
        if buf.len() - PREFIX != len {
            bail!(
                "a byte array announces {len} bytes and holds {}",
                buf.len() - PREFIX
            );
        }
        Ok(Bytes { buf, start: PREFIX })
    }

    fn write(obj: Self, buf: &mut Vec<u8>) {
        Self::wire(&obj, buf);
    }

    fn try_read(buf: &mut &[u8]) -> Result<Self> {
        let len = Self::length(buf)?;
        let Some(bytes) = buf.get(PREFIX..PREFIX + len) else {
            bail!("a byte array announces {len} bytes and fewer follow");
        };
        let bytes = bytes.to_vec();
        *buf = &buf[PREFIX + len..];
        Ok(Bytes {
            buf: bytes,
            start: 0,
        })
    }

    // What `Vec<u8>` declares: the generators emit `ByteArray` (Kotlin) and `Data` (Swift).
    const TYPE_ID_META: MetadataBuffer =
        MetadataBuffer::from_code(codes::TYPE_VEC).concat_value(codes::TYPE_U8);
}

uniffi::derive_ffi_traits!(local Bytes);

#[cfg(test)]
mod tests {
    use super::*;
    use uniffi::{Lift, Lower};

    type Tag = crate::UniFfiTag;

    fn round_trip(data: &[u8]) -> Bytes {
        let bytes = Bytes::try_from(data.to_vec()).unwrap();
        let lowered = <Bytes as Lower<Tag>>::lower(bytes);
        <Bytes as Lift<Tag>>::try_lift(lowered).unwrap()
    }

    #[test]
    fn the_wire_form_is_uniffis_own() {
        let data: Vec<u8> = (0..=255).cycle().take(70_000).collect();
        // What uniffi's `Vec<u8>` converter writes, element by element.
        let theirs = <Vec<u8> as Lower<Tag>>::lower_into_rust_buffer(data.clone());
        let ours = <Bytes as Lower<Tag>>::lower(Bytes::try_from(data.clone()).unwrap());
        assert_eq!(theirs.destroy_into_vec(), ours.destroy_into_vec());
        assert_eq!(
            <Bytes as FfiConverter<Tag>>::TYPE_ID_META.as_ref(),
            <Vec<u8> as uniffi::TypeId<Tag>>::TYPE_ID_META.as_ref()
        );
        for data in [&data[..], b"", b"x"] {
            assert_eq!(&*round_trip(data), data);
            assert_eq!(round_trip(data).into_vec(), data);
        }
    }

    #[test]
    fn reads_check_the_length() {
        let mut wire = Vec::new();
        Bytes::wire(b"abc", &mut wire);
        // Nested in another value: read, and the rest left for the next field.
        wire.push(9);
        let mut rest = &wire[..];
        assert_eq!(&*<Bytes as Lift<Tag>>::try_read(&mut rest).unwrap(), b"abc");
        assert_eq!(rest, &[9]);
        // A whole buffer must hold exactly what it announces.
        assert!(<Bytes as Lift<Tag>>::try_lift(RustBuffer::from_vec(wire.clone())).is_err());
        for bad in [&wire[..2], &wire[..5], &[0xff, 0xff, 0xff, 0xff][..]] {
            assert!(<Bytes as Lift<Tag>>::try_read(&mut &bad[..]).is_err());
            assert!(<Bytes as Lift<Tag>>::try_lift(RustBuffer::from_vec(bad.to_vec())).is_err());
        }
    }
}
