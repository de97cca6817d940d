//! Saving a file safely: written to a temporary file beside its target, synced, then renamed
//! over it, so that a crash never leaves half a file. The saved file keeps the permissions of
//! the file it replaces (a new one gets the process's umask, as any new file does), and a
//! target that is a symbolic link is saved through: the file it points to is replaced, the link
//! stays.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// How many links a path may go through before it counts as a loop (as the kernel's limit).
const MAX_LINKS: usize = 40;

/// The file that saving to `path` replaces: `path` itself, or what its chain of symbolic
/// links ends at (a link pointing nowhere is saved to where it points).
fn resolve(path: &Path) -> Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&at).map_err(|e| Error::io(&at, &e))?;
                at = match at.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(at),
        }
    }
    let e = std::io::Error::other("too many levels of symbolic links");
    Err(Error::io(path, &e))
}

/// Writes a file through `write` and puts it at `path` atomically. Errors are I/O errors that
/// name `path`, whatever the writer called its output.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&std::fs::File) -> Result<()>,
) -> Result<()> {
    let target = resolve(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let named = |e: Error| match e {
        Error::Io { kind, message, .. } => Error::Io {
            path: path.display().to_string(),
            kind,
            message,
        },
        other => other,
    };
    let tmp = temporary_in(&dir, &target).map_err(|e| Error::io(path, &e))?;
    write(tmp.as_file()).map_err(named)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, &e))?;
    tmp.persist(&target)
        .map_err(|e| Error::io(path, &e.error))?;
    Ok(())
}

/// A temporary file in `dir` with the permissions the saved file should have: those of
/// `target` if it exists, else the defaults of a new file (read-write for all, less the umask).
#[cfg(unix)]
fn temporary_in(dir: &Path, target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let existing = std::fs::metadata(target).ok().map(|m| m.permissions());
    let tmp = tempfile::Builder::new()
        .prefix(".quanyu-")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    if let Some(p) = existing {
        tmp.as_file().set_permissions(p)?;
    }
    Ok(tmp)
}

#[cfg(not(unix))]
fn temporary_in(dir: &Path, target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let existing = std::fs::metadata(target).ok().map(|m| m.permissions());
    let tmp = tempfile::Builder::new()
        .prefix(".quanyu-")
        .tempfile_in(dir)?;
    if let Some(p) = existing {
        tmp.as_file().set_permissions(p)?;
    }
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_write_is_an_io_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("net.json");
        let err = write_atomically(&path, |_| {
            let full = std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left");
            Err(Error::io("snapshot", &full))
        })
        .unwrap_err();
        match err {
            Error::Io { path: p, kind, .. } => {
                assert_eq!(p, path.display().to_string());
                assert_eq!(kind, std::io::ErrorKind::StorageFull);
            }
            other => panic!("expected an I/O error, got {other:?}"),
        }
        // Nothing is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
