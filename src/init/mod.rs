//! `lpdir init`: a new directory's site root, ready to build, serve and run on a CI service.
//!
//! The files come from `examples/directory-repo/` (kept readable there, embedded here): a
//! commented `lpdir.toml`, the home page and "how to get listed" in English and Dutch, the
//! entry schema, an empty folder for the current month, a `.gitignore`, and the GitHub
//! Actions workflows that run the monthly cycle.

use crate::content::Month;
use std::path::{Path, PathBuf};

/// The files of a new directory, relative to its root.
const FILES: &[(&str, &str)] = &[
    (
        "lpdir.toml",
        include_str!("../../examples/directory-repo/lpdir.toml"),
    ),
    (
        ".gitignore",
        include_str!("../../examples/directory-repo/.gitignore"),
    ),
    (
        "content/_index.md",
        include_str!("../../examples/directory-repo/content/_index.md"),
    ),
    (
        "content/_index.nl.md",
        include_str!("../../examples/directory-repo/content/_index.nl.md"),
    ),
    (
        "content/how-to-get-listed.md",
        include_str!("../../examples/directory-repo/content/how-to-get-listed.md"),
    ),
    (
        "content/how-to-get-listed.nl.md",
        include_str!("../../examples/directory-repo/content/how-to-get-listed.nl.md"),
    ),
    (
        ".github/workflows/check-requests.yml",
        include_str!("../../examples/directory-repo/.github/workflows/check-requests.yml"),
    ),
    (
        ".github/workflows/publish-month.yml",
        include_str!("../../examples/directory-repo/.github/workflows/publish-month.yml"),
    ),
    (
        ".github/workflows/deploy.yml",
        include_str!("../../examples/directory-repo/.github/workflows/deploy.yml"),
    ),
];

/// Why a directory could not be started.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("`{}` is not empty", path.display())]
    NotEmpty { path: PathBuf },
    #[error("`{}` is a file, not a folder", path.display())]
    NotAFolder { path: PathBuf },
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl InitError {
    /// What the user can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            InitError::NotEmpty { .. } => {
                "choose a new or empty folder, or pass --force to add the missing files \
                 (existing files are never overwritten)"
            }
            InitError::NotAFolder { .. } => "choose a folder",
            InitError::Io { .. } => "check that the folder is writable",
        }
    }
}

/// What `init` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct InitReport {
    /// Files written, relative to the root, in order.
    pub written: Vec<String>,
    /// Files left as they were (with `force`: they existed already).
    pub kept: Vec<String>,
}

/// Starts a directory in `root` for `month`. A folder that exists must be empty unless
/// `force`; then only missing files are written: lpdir never overwrites a file it did not
/// make in this run.
pub fn init(root: &Path, month: Month, force: bool) -> Result<InitReport, InitError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| InitError::Io { path, source }
    };
    if root.exists() {
        if !root.is_dir() {
            return Err(InitError::NotAFolder {
                path: root.to_owned(),
            });
        }
        let empty = std::fs::read_dir(root).map_err(io(root))?.next().is_none();
        if !empty && !force {
            return Err(InitError::NotEmpty {
                path: root.to_owned(),
            });
        }
    }
    let schema = serde_json::to_string_pretty(&crate::content::schema::entry_schema())
        .unwrap_or_default()
        + "\n";
    let month_keep = format!("content/partners/{month}/.gitkeep");
    let month_text =
        format!("Requests of {month}: one <id>.yaml per partner (`lpdir add` writes them).\n");
    let mut files: Vec<(&str, &str)> = FILES.to_vec();
    files.push(("content/partners/entry.schema.json", &schema));
    files.push((&month_keep, &month_text));
    let mut report = InitReport::default();
    for (rel, text) in files {
        let path = root.join(rel);
        match crate::sources::write_new(&path, text.as_bytes()) {
            Ok(()) => report.written.push(rel.to_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                report.kept.push(rel.to_owned())
            }
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Ok(report)
}
