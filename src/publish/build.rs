//! `lpdir build`: the directory as the publishing ledgers say (or with drafts), rendered.
//!
//! It lives with publishing, not with the renderer, because what is listed depends on the
//! ledgers: the renderer only renders the directory it is given.

use super::run::PublishError;
use super::{Ledger, Scope, published};
use crate::content::Month;
use crate::site::{BuildReport, SiteError, render_site};
use crate::site_root::SiteRoot;
use std::path::PathBuf;
use url::Url;

/// What `lpdir build` was asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Default: the configured output, relative to the root.
    pub output: Option<PathBuf>,
    /// Default: the latest month with entries.
    pub month: Option<Month>,
    /// Overrides the configured `base_url` (e.g. for a local preview).
    pub base_url: Option<Url>,
    /// Also list entries not published yet, marked as pending (previews).
    pub drafts: bool,
}

/// Builds the site as `options` say.
pub fn build(options: &BuildOptions) -> Result<BuildReport, PublishError> {
    let mut site = SiteRoot::load(&options.root).map_err(SiteError::Content)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = url.clone();
    }
    // The whole content must be consistent (no two ids with one name, no removal of an id never
    // listed), whatever part of it this build lists.
    let all = site.directory(options.month).map_err(SiteError::Content)?;
    let ledgers = Ledger::load_all(&site.root)?;
    let scope = if options.drafts {
        Scope::Drafts
    } else {
        Scope::Published
    };
    let directory = published::directory_from(all, &site.content, &ledgers, scope)
        .map_err(SiteError::Content)?;
    let output = match &options.output {
        Some(o) => o.clone(),
        None => options.root.join(&site.config.output),
    };
    Ok(render_site(&site, &directory, &output, false)?)
}
