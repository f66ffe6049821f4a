//! `PreviewBuilder`: rebuilds the preview after a change, re-reading only the entry files that
//! changed when nothing else did, so a one-file edit of a large directory stays fast.

use crate::content::{CountryCode, Directory, LoadOptions, Month, Problems, load_entry};
use crate::publish::PublishError;
use crate::publish::{Ledger, Scope, published};
use crate::site::{BuildReport, CachedRows, InPlace, Reuse, SiteError, render_into};
use crate::site_root::SiteRoot;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use url::Url;

pub struct PreviewBuilder {
    root: PathBuf,
    /// The preview's own folder, updated in place: only changed files are written.
    output: InPlace,
    base_url: Url,
    month: Option<Month>,
    /// The sources as of the last successful load, patched in place for entry edits.
    site: Option<SiteRoot>,
    /// The directory the output shows now, to see which pages an edit can change.
    shown: Option<Directory>,
    /// The rows of the output now, per language; dropped whenever the whole site is reloaded.
    rows: Vec<CachedRows>,
    /// The publishing ledgers as last read: an entry edit cannot change them (only `publish`
    /// does, and a changed ledger file reloads everything), so it does not read them again.
    ledgers: Option<BTreeMap<Month, Ledger>>,
}

impl PreviewBuilder {
    pub fn new(
        root: PathBuf,
        output: PathBuf,
        base_url: Url,
        month: Option<Month>,
    ) -> PreviewBuilder {
        PreviewBuilder {
            root,
            output: InPlace::new(output),
            base_url,
            month,
            site: None,
            shown: None,
            rows: Vec::new(),
            ledgers: None,
        }
    }

    pub fn output(&self) -> &Path {
        self.output.dir()
    }

    /// Rebuilds after `changed` (absolute paths; empty: everything).
    pub fn build(&mut self, changed: &[PathBuf]) -> Result<BuildReport, PublishError> {
        let entries: Option<Vec<PathBuf>> = changed.iter().map(|p| self.entry_path(p)).collect();
        let patched = matches!((&entries, &self.site), (Some(e), Some(_)) if !e.is_empty());
        let shown = self.shown.take();
        let result = match (entries, self.site.take()) {
            (Some(entries), Some(site)) if !entries.is_empty() => self.patch(site, &entries),
            _ => SiteRoot::load(&self.root)
                .map_err(SiteError::Content)
                .map(|mut site| {
                    site.config.base_url = self.base_url.clone();
                    site
                }),
        };
        // After a failure, the next change loads (and renders) everything again.
        let site = result?;
        let directory = self.directory(&site, patched);
        self.site = Some(site);
        let directory = directory?;
        let touched: Vec<String> = changed
            .iter()
            .filter_map(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        let only = match shown {
            Some(before) if patched && before.month == directory.month => {
                Some(countries_of(&touched, &before, &directory))
            }
            _ => None,
        };
        let site = self
            .site
            .as_ref()
            .ok_or_else(|| SiteError::Data("no site loaded".into()))?;
        if !patched {
            // Languages, templates or config may have changed: no row can be trusted.
            self.rows.clear();
        }
        let reuse = Reuse {
            only_countries: only.as_ref(),
            rows: &mut self.rows,
        };
        let mut report = render_into(site, &directory, &self.output, true, Some(reuse))?;
        self.output.finish()?;
        self.shown = Some(directory);
        report.output = self.output.dir().to_owned();
        Ok(report)
    }

    /// The drafts directory, after checking the whole content is consistent.
    fn directory(&mut self, site: &SiteRoot, patched: bool) -> Result<Directory, PublishError> {
        let all = site.directory(self.month).map_err(SiteError::Content)?;
        let ledgers = match self.ledgers.take() {
            Some(ledgers) if patched => ledgers,
            _ => Ledger::load_all(&site.root)?,
        };
        let directory = published::directory_from(all, &site.content, &ledgers, Scope::Drafts)
            .map_err(SiteError::Content);
        self.ledgers = Some(ledgers);
        Ok(directory?)
    }

    /// Re-reads the changed entry files into an already loaded site.
    fn patch(&self, mut site: SiteRoot, entries: &[PathBuf]) -> Result<SiteRoot, SiteError> {
        let options = LoadOptions {
            max_file_bytes: site.config.max_entry_bytes,
            languages: site.config.languages.clone(),
        };
        let mut problems = Vec::new();
        for rel in entries {
            site.content.entries.retain(|e| &e.file != rel);
            if self.root.join(rel).exists() {
                match load_entry(&self.root, rel, &options) {
                    Ok(e) => site.content.entries.push(e),
                    Err(mut p) => problems.append(&mut p),
                }
            }
        }
        if !problems.is_empty() {
            return Err(SiteError::Content(Problems::sorted(problems)));
        }
        site.content
            .entries
            .sort_by(|a, b| (a.month, &a.id).cmp(&(b.month, &b.id)));
        Ok(site)
    }

    /// `content/partners/YYYY-MM/x.yaml` relative to the root, if `path` is an entry file.
    fn entry_path(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let is_entry = parts.len() == 4
            && parts[0] == "content"
            && parts[1] == "partners"
            && parts[3].ends_with(".yaml");
        is_entry.then(|| rel.to_owned())
    }
}

/// The countries whose pages an edit of the partners `ids` can change: where they were listed
/// before, and where they are listed now.
fn countries_of(ids: &[String], before: &Directory, after: &Directory) -> BTreeSet<CountryCode> {
    let find = |d: &Directory, id: &str| {
        d.partners
            .iter()
            .find(|p| p.id.as_str() == id)
            .map(|p| p.listing.country)
    };
    ids.iter()
        .flat_map(|id| [find(before, id), find(after, id)])
        .flatten()
        .collect()
}
