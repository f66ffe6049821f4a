//! Reading the site root's own files safely: only regular files that lie inside the root;
//! and writing a new one without ever replacing a file (`write_new`).
//!
//! A symbolic link that stays inside the root is followed; one that leads out of it (say
//! `static/leak.txt -> /etc/passwd`) is refused, so a build cannot publish or print a file
//! the site does not own. Named pipes, sockets and devices are refused before they are
//! opened, so they cannot hang a build. A folder that exists but cannot be read is an error:
//! only a folder that does not exist counts as empty.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Writes a new file, making its folders; fails with `AlreadyExists` rather than replace a
/// file, or a symbolic link, in its place: `init` and `add` never overwrite what someone made.
/// The file is written whole or not at all: a temporary `.lpdir-*.partial` beside it (which
/// the loader does not read), then linked into place, which fails if the name is taken.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let mut file = tempfile::Builder::new()
        .prefix(".lpdir-")
        .suffix(".partial")
        .tempfile_in(parent)?;
    io::Write::write_all(&mut file, bytes)?;
    file.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    file.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether `path` may be written below `root`: a folder on the way that is a symbolic link
/// out of the root is refused before anything is made, by the rule the loader reads with
/// (`open`): the loader would skip what was written there, and the entry would silently vanish.
pub fn check_inside(root: &Path, path: &Path) -> io::Result<()> {
    let root = root.canonicalize()?;
    // The deepest folder on the way that exists, with its links resolved.
    let mut existing = path.parent();
    while let Some(dir) = existing {
        if std::fs::symlink_metadata(dir).is_ok() {
            break;
        }
        existing = dir.parent();
    }
    let resolved = existing.unwrap_or(Path::new(".")).canonicalize()?;
    if !resolved.starts_with(&root) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "a folder on the way is a symbolic link to {}, outside the site's folder, \
                 which lpdir does not read; replace the link with a folder",
                resolved.display()
            ),
        ));
    }
    Ok(())
}

/// Writes `dir/name` whole or not at all: a temporary file in `dir`, readable by all like
/// any output, renamed over the old one. For files lpdir makes again on every run (reports,
/// screenshots).
pub fn write_replacing(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    io::Write::write_all(&mut file, bytes)?;
    file.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    file.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// Opens `path` for reading if it is a regular file inside `root`.
pub fn open(root: &Path, path: &Path) -> io::Result<File> {
    let meta = std::fs::symlink_metadata(path)?;
    let regular = if meta.file_type().is_symlink() {
        let target = path.canonicalize()?;
        let root = root.canonicalize()?;
        if !target.starts_with(&root) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "it is a symbolic link to a file outside the site's folder; \
                    replace it with a copy of the file",
            ));
        }
        // The link's target, inside the root.
        std::fs::metadata(path)?.is_file()
    } else {
        meta.is_file()
    };
    if !regular {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file (a folder, named pipe, socket or \
                device); only regular files are read",
        ));
    }
    File::open(path)
}

/// Reads a regular file inside `root`, at most `max` bytes (one more tells it is larger).
pub fn read(root: &Path, path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(root, path)?.take(max + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What a folder entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Dir,
    /// A file, a link or anything else: `open` decides whether it may be read.
    Other,
}

/// The entries of `dir`, sorted by name, hidden ones (editors' temporaries) left out. A
/// folder that does not exist has none; any other failure is the caller's to report.
pub fn list(dir: &Path) -> io::Result<Vec<(String, Kind)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for e in entries {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let kind = match e.file_type()?.is_dir() {
            true => Kind::Dir,
            false => Kind::Other,
        };
        out.push((name, kind));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_root_pipes_and_unreadable_folders_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        std::fs::write(r.join("ok.txt"), "ok").unwrap();
        std::os::unix::fs::symlink(r.join("ok.txt"), r.join("inside.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), r.join("leak.txt")).unwrap();
        assert_eq!(read(r, &r.join("ok.txt"), 10).unwrap(), b"ok");
        assert_eq!(read(r, &r.join("inside.txt"), 10).unwrap(), b"ok");
        let err = read(r, &r.join("leak.txt"), 10).unwrap_err();
        assert!(
            err.to_string().contains("outside the site's folder"),
            "{err}"
        );

        let fifo = r.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = read(r, &fifo, 10).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");

        assert!(list(&r.join("missing")).unwrap().is_empty());
        let names: Vec<String> = list(r).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["inside.txt", "leak.txt", "ok.txt", "pipe.yaml"]);
    }
}
