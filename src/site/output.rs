//! Where a build writes its files.
//!
//! `Stage`: a temporary folder beside the output, which replaces the output only once
//! everything is written, so a failed build leaves the old site untouched.
//! `InPlace`: the preview's private folder, where only the files whose bytes changed since
//! the last build are written, so a one-file edit does not rewrite the whole site.

use super::SiteError;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tempfile::TempDir;

/// A destination for the files of one build.
pub trait Output: Sync {
    /// Writes one file, `rel` being a `/`-separated path inside the site.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), SiteError>;

    /// Keeps the file a previous build wrote, unchanged (only an in-place output has one).
    fn keep(&self, _rel: &str) {}
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| SiteError::io(&path, e))
}

impl Output for Stage {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
        write_file(self.dir.path(), rel, bytes)
    }
}

/// A folder updated in place, writing only what changed: the preview's.
pub struct InPlace {
    dir: PathBuf,
    /// The bytes of every file written by earlier builds: comparing is far cheaper than
    /// hashing, and a preview's memory is that of one site.
    written: Mutex<HashMap<String, Vec<u8>>>,
    /// The files of the build under way.
    seen: Mutex<HashSet<String>>,
}

impl InPlace {
    pub fn new(dir: PathBuf) -> InPlace {
        InPlace {
            dir,
            written: Mutex::new(HashMap::new()),
            seen: Mutex::new(HashSet::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Ends a build: removes the files the last build made and this one did not.
    pub fn finish(&self) -> Result<(), SiteError> {
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|p| p.into_inner()));
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        let stale: Vec<String> = written
            .keys()
            .filter(|k| !seen.contains(*k))
            .cloned()
            .collect();
        for rel in stale {
            written.remove(&rel);
            let path = self.dir.join(&rel);
            std::fs::remove_file(&path)
                .or_else(|e| {
                    if e.kind() == std::io::ErrorKind::NotFound {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| SiteError::io(&path, e))?;
        }
        Ok(())
    }

    /// Forgets what was written, so the next build writes every file.
    pub fn reset(&self) {
        self.written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

impl Output for InPlace {
    fn keep(&self, rel: &str) {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_owned());
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_owned());
        let unchanged = self
            .written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(rel)
            .is_some_and(|b| b.as_slice() == bytes);
        if unchanged {
            return Ok(());
        }
        let result = write_file(&self.dir, rel, bytes);
        if result.is_ok() {
            self.written
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(rel.to_owned(), bytes.to_vec());
        }
        result
    }
}

/// A temporary folder holding the site being built. Dropped without `commit`, it is removed.
pub struct Stage {
    dir: TempDir,
}

impl Stage {
    /// Creates the stage next to `output`, so the final swap is a rename on one file system.
    pub fn beside(output: &Path) -> Result<Stage, SiteError> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".lpdir-build-")
            .tempdir_in(parent)
            .map_err(|e| SiteError::io(parent, e))?;
        Ok(Stage { dir })
    }

    /// Moves the finished site to `output`, replacing what was there.
    pub fn commit(self, output: &Path) -> Result<(), SiteError> {
        let staged: PathBuf = self.dir.keep();
        let result = swap(&staged, output);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        result
    }
}

fn swap(staged: &Path, output: &Path) -> Result<(), SiteError> {
    if !output.exists() {
        return std::fs::rename(staged, output).map_err(|e| SiteError::io(output, e));
    }
    let mut old = staged.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    std::fs::rename(output, &old).map_err(|e| SiteError::io(output, e))?;
    if let Err(e) = std::fs::rename(staged, output) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, output);
        return Err(SiteError::io(output, e));
    }
    remove_tree(&old).map_err(|e| SiteError::io(&old, e))
}

/// `remove_dir_all`, a folder's entries in parallel: a site of 10,000 partners is 19,000
/// folders, and removing the previous one took a third of a build one file at a time.
/// Only lpdir's own previous output reaches here (see `destination`); symlinks are removed,
/// never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    // A link is removed as a link: what it points to is never emptied.
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return std::fs::remove_file(dir);
    }
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}
