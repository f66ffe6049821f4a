//! `Stage`: the build writes into a temporary folder beside the output, which replaces the
//! output only once everything is written, so a failed build leaves the old site untouched.

use super::SiteError;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

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

    /// Writes one file, `rel` being a `/`-separated path inside the site.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| SiteError::io(&path, e))
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
    std::fs::remove_dir_all(&old).map_err(|e| SiteError::io(&old, e))
}
