//! Where a build may write: never over the site's sources, and never over a folder that lpdir
//! did not make.
//!
//! A build replaces its output folder as a whole, so a mistaken `--output content` or
//! `output = "/home/me"` would delete what is there. Every output holds a marker file; an
//! existing folder is replaced only if it has the marker or is empty.

use super::SiteError;
use std::path::{Path, PathBuf};

/// The marker file lpdir writes in every output folder.
pub const MARKER: &str = ".lpdir-output";
/// What the marker says, for whoever finds it.
pub const MARKER_TEXT: &str = "This folder was made by lpdir. `lpdir build` replaces it as \
    a whole: do not keep files here.\n";

/// The folders and files of a site root that a build reads and must never replace.
const SOURCES: &[&str] = &["content", "templates", "static", "i18n", "lpdir.toml"];

/// Why an output folder is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("it is the site's folder, or holds it")]
    HoldsRoot,
    #[error("it is, or lies inside, the site's sources (`{0}`)")]
    InSources(&'static str),
    #[error("it exists and is not a folder")]
    NotAFolder,
    #[error("it holds files that lpdir did not make (it has no `{MARKER}` file)")]
    NotMadeByLpdir,
    #[error("its location cannot be resolved: {0}")]
    Unresolvable(String),
}

impl Refusal {
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::HoldsRoot | Refusal::InSources(_) => {
                "choose an output folder outside the site's sources, e.g. --output public"
            }
            Refusal::NotAFolder | Refusal::NotMadeByLpdir => {
                "choose a new or empty folder; lpdir replaces only folders it made itself"
            }
            Refusal::Unresolvable(_) => "check that the output's parent folder exists",
        }
    }
}

/// Checks that a build may replace `output`, nothing touched either way, and answers the
/// real folder it stands for (links resolved): the build replaces that folder, never a link
/// to it, so `--output` through a symbolic link writes where the link points.
pub fn check(root: &Path, output: &Path) -> Result<PathBuf, SiteError> {
    let refuse = |reason| SiteError::UnsafeOutput {
        path: output.to_owned(),
        reason,
    };
    let unresolvable = |e: std::io::Error| refuse(Refusal::Unresolvable(e.to_string()));
    let root = root.canonicalize().map_err(unresolvable)?;
    let resolved = resolve(output).map_err(unresolvable)?;
    if root.starts_with(&resolved) {
        return Err(refuse(Refusal::HoldsRoot));
    }
    for source in SOURCES {
        let path = root.join(source);
        let path = path.canonicalize().unwrap_or(path);
        if resolved.starts_with(&path) {
            return Err(refuse(Refusal::InSources(source)));
        }
    }
    let meta = match std::fs::symlink_metadata(&resolved) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(resolved),
        Err(e) => return Err(unresolvable(e)),
    };
    if !meta.is_dir() {
        return Err(refuse(Refusal::NotAFolder));
    }
    let made_by_lpdir = resolved.join(MARKER).is_file();
    let empty = std::fs::read_dir(&resolved)
        .map_err(unresolvable)?
        .next()
        .is_none();
    if made_by_lpdir || empty {
        Ok(resolved)
    } else {
        Err(refuse(Refusal::NotMadeByLpdir))
    }
}

/// The absolute path `output` stands for, links resolved, whether or not it exists yet: the
/// part that exists is resolved by the file system (links and `..` as the OS follows them),
/// the rest as written.
fn resolve(output: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    let absolute = std::path::absolute(output)?;
    let mut resolved = PathBuf::from("/");
    let mut exists = true;
    for part in absolute.components() {
        match part {
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
            Component::ParentDir if !exists => {
                resolved.pop();
            }
            _ => {
                let next = resolved.join(part);
                if exists && std::fs::symlink_metadata(&next).is_ok() {
                    resolved = next.canonicalize()?;
                } else {
                    exists = false;
                    resolved = next;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_foreign_folders_and_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for d in ["content/partners", "templates", "static", "i18n"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("lpdir.toml"), "").unwrap();
        let refusal = |out: &Path| match check(&root, out).map(|_| ()) {
            Err(SiteError::UnsafeOutput { reason, .. }) => Some(reason),
            _ => None,
        };
        assert_eq!(refusal(&root), Some(Refusal::HoldsRoot));
        assert_eq!(refusal(dir.path()), Some(Refusal::HoldsRoot));
        assert_eq!(
            refusal(&root.join("content")),
            Some(Refusal::InSources("content"))
        );
        assert_eq!(
            refusal(&root.join("templates")),
            Some(Refusal::InSources("templates"))
        );
        assert_eq!(
            refusal(&root.join("static/out")),
            Some(Refusal::InSources("static"))
        );
        assert_eq!(
            refusal(&root.join("i18n")),
            Some(Refusal::InSources("i18n"))
        );
        assert_eq!(
            refusal(&root.join("lpdir.toml")),
            Some(Refusal::InSources("lpdir.toml"))
        );
        assert_eq!(
            refusal(&root.join("public/../content/x")),
            Some(Refusal::InSources("content"))
        );
        assert_eq!(refusal(&root.join("public")), None);

        let foreign = dir.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        assert_eq!(refusal(&foreign), None, "an empty folder may be used");
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert_eq!(refusal(&foreign), Some(Refusal::NotMadeByLpdir));
        std::fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(refusal(&foreign), None);
        assert_eq!(
            refusal(&foreign.join("notes.txt")),
            Some(Refusal::NotAFolder)
        );
    }
}
