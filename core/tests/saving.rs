//! Saving snapshots: I/O errors name the file, the saved file keeps the mode of the one it
//! replaces, and a symbolic link is saved through.

use quanyu::{Error, Network};

use crate::common::small;

#[test]
fn a_full_disk_is_an_io_error() {
    let net = small();
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // Not a Linux machine.
    };
    let err = net.write_json(full).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Io {
                kind: std::io::ErrorKind::StorageFull,
                ..
            }
        ),
        "{err:?}"
    );
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let net = small();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.json");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    net.save(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    net.save_binary(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // A new file gets a new file's mode: not the temporary file's 0600.
    let fresh = dir.path().join("fresh.json");
    net.save(&fresh).unwrap();
    std::fs::write(dir.path().join("plain"), "x").unwrap();
    let plain = std::fs::metadata(dir.path().join("plain"))
        .unwrap()
        .permissions()
        .mode();
    let saved = std::fs::metadata(&fresh).unwrap().permissions().mode();
    assert_eq!(saved & 0o777, plain & 0o777);
}

#[cfg(unix)]
#[test]
fn saving_through_a_symlink_replaces_its_target() {
    let net = small();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("data").join("net.json");
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("current.json");
    std::os::unix::fs::symlink("data/net.json", &link).unwrap();
    net.save(&link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Network::load(&target).unwrap(), net);
    assert_eq!(Network::load(&link).unwrap(), net);
}

#[test]
fn a_save_into_a_missing_directory_names_the_file() {
    let err = small().save("/no/such/dir/net.json").unwrap_err();
    assert!(err.to_string().contains("/no/such/dir/net.json"), "{err}");
}
