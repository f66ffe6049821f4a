//! Rendering the directory as a static site.
//!
//! `build` loads the site (configuration, languages, content), folds the directory as of a
//! month, renders every page in parallel into a staging folder and swaps it in.

mod assets;
mod build;
mod data;
mod destination;
mod feed;
mod markdown;
mod output;
mod pages;
mod partner_page;
mod row;
mod stats;
mod templates;
mod view;

pub use build::{BuildReport, Reuse, render_into, render_site};
pub use data::SCHEMA as DATA_SCHEMA;
pub use destination::Refusal as OutputRefusal;
pub use output::{InPlace, Output};
pub use templates::Templates;
pub use view::CachedRows;

use crate::content::Problems;
use std::path::{Path, PathBuf};

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// Problems in the content or configuration, each located in its file.
    #[error("{0}")]
    Content(Problems),
    /// A template failed to parse or render; the text is tera's report.
    #[error("template error: {0}")]
    Template(String),
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the data files: {0}")]
    Data(String),
    #[error("refusing to build into `{}`: {reason}", path.display())]
    UnsafeOutput {
        path: PathBuf,
        reason: destination::Refusal,
    },
}

impl SiteError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> SiteError {
        SiteError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// What the user can do about it.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            SiteError::Template(_) => {
                Some("fix the template named above; the previous output was left untouched")
            }
            SiteError::Io { .. } => {
                Some("check that the output folder's parent exists and is writable")
            }
            SiteError::UnsafeOutput { reason, .. } => Some(reason.help()),
            SiteError::Content(_) | SiteError::Data(_) => None,
        }
    }
}

/// Escapes text the way tera escapes every template's output (`& < > " '`), for the few
/// fragments the site makes outside a template: the feed's HTML summaries, the statistics'
/// labels, a heading's anchor.
fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
