//! The build: load everything, fold the month, render in parallel, swap the output in.

use super::output::{Output, Stage};
use super::pages::{Job, Site};
use super::templates::Templates;
use super::view::{self, CachedRows, LanguageView};
use super::{SiteError, assets, data};
use crate::config::Config;
use crate::content::{
    self, Content, ContentError, CountryCode, Directory, LoadOptions, Month, Problem, Problems,
};
use crate::i18n::Language;
use crate::publish::Scope;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
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

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub month: Month,
    pub partners: usize,
    pub countries: usize,
    pub files: usize,
    pub output: PathBuf,
}

/// A site's sources, loaded and validated.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: Config,
    pub languages: Vec<Language>,
    pub content: Content,
}

impl LoadedSite {
    /// Loads configuration, translations and content, reporting the problems of all three.
    pub fn load(root: &Path) -> Result<LoadedSite, SiteError> {
        let mut problems = Vec::new();
        let config = Config::load(root).unwrap_or_else(|mut p| {
            problems.append(&mut p.0);
            Config::default()
        });
        let languages = Language::load_all(root, &config.languages).unwrap_or_else(|mut p| {
            problems.append(&mut p.0);
            Vec::new()
        });
        let options = LoadOptions {
            max_file_bytes: config.max_entry_bytes,
            languages: config.languages.clone(),
        };
        let content = content::load(root, &options).unwrap_or_else(|mut p| {
            problems.append(&mut p.0);
            Content::default()
        });
        if problems.is_empty() && content.entries.is_empty() {
            problems.push(Problem::new(
                "content/partners",
                None,
                ContentError::NoEntries,
            ));
        }
        if !problems.is_empty() {
            return Err(SiteError::Content(Problems::sorted(problems)));
        }
        Ok(LoadedSite {
            root: root.to_owned(),
            config,
            languages,
            content,
        })
    }

    /// The directory as of `month`, or of the latest month with entries.
    pub fn directory(&self, month: Option<Month>) -> Result<Directory, SiteError> {
        let month = month
            .or_else(|| self.content.latest_month())
            .ok_or_else(|| {
                SiteError::Content(Problems(vec![Problem::new(
                    "content/partners",
                    None,
                    ContentError::NoEntries,
                )]))
            })?;
        Directory::as_of(&self.content, month).map_err(SiteError::Content)
    }
}

/// Builds the site as `options` say.
pub fn build(options: &BuildOptions) -> Result<BuildReport, SiteError> {
    let mut site = LoadedSite::load(&options.root)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = url.clone();
    }
    // The whole content must be consistent (no two ids with one name, no removal of an id never
    // listed), whatever part of it this build lists.
    let all = site.directory(options.month)?;
    let ledgers = crate::publish::Ledger::load_all(&site.root)?;
    let scope = if options.drafts {
        Scope::Drafts
    } else {
        Scope::Published
    };
    let directory = crate::publish::published::directory_from(all, &site.content, &ledgers, scope)
        .map_err(SiteError::Content)?;
    let output = match &options.output {
        Some(o) => o.clone(),
        None => options.root.join(&site.config.output),
    };
    render_site(&site, &directory, &output, false)
}

/// Renders `directory` with the site's templates into `output`, atomically.
/// `live_reload` adds the preview's reload script to every page (only `lpdir serve` sets it).
pub fn render_site(
    site: &LoadedSite,
    directory: &Directory,
    output: &Path,
    live_reload: bool,
) -> Result<BuildReport, SiteError> {
    super::destination::check(&site.root, output)?;
    let stage = Stage::beside(output)?;
    let mut report = render_into(site, directory, &stage, live_reload, None)?;
    stage.write(
        super::destination::MARKER,
        super::destination::MARKER_TEXT.as_bytes(),
    )?;
    stage.commit(output)?;
    report.output = output.to_owned();
    Ok(report)
}

/// What the live preview can reuse from its previous build into the same folder.
pub struct Reuse<'a> {
    /// Only these countries' pages can have changed: the other countries' pages and the
    /// markdown pages are kept as they are.
    pub only_countries: Option<&'a BTreeSet<CountryCode>>,
    /// The previous build's rows, one set per language (filled by this build).
    pub rows: &'a mut Vec<CachedRows>,
}

/// Renders the files of the site into `out`, pages in parallel, reusing what `reuse` allows.
pub fn render_into(
    site: &LoadedSite,
    directory: &Directory,
    out: &dyn Output,
    live_reload: bool,
    reuse: Option<Reuse>,
) -> Result<BuildReport, SiteError> {
    let templates = Templates::load(&site.root)?;
    let order = view::name_order(directory);
    let languages = site.languages.len();
    let (only_countries, caches): (_, Vec<Option<&mut CachedRows>>) = match reuse {
        Some(r) => {
            r.rows.resize_with(languages, CachedRows::default);
            (r.only_countries, r.rows.iter_mut().map(Some).collect())
        }
        None => (None, (0..languages).map(|_| None).collect()),
    };
    let views: Vec<LanguageView> = site
        .languages
        .par_iter()
        .zip(caches)
        .enumerate()
        .map(|(i, (l, cache))| LanguageView::new(l, i == 0, directory, &order, cache))
        .collect();
    let countries = views.first().map_or(0, |v| v.countries.len());
    let mut pages = Site::new(
        &site.config,
        directory,
        views,
        &site.content.pages,
        &templates,
    );
    pages.live_reload = live_reload;

    let jobs = pages.jobs();
    let unaffected = |job: &Job| match (only_countries, job) {
        (Some(set), Job::Country { code, .. }) => !set.contains(code),
        (Some(_), Job::Page { .. }) => true,
        _ => false,
    };
    // The data files and the feed are made beside the pages, not after them: the two index
    // pages are the longest jobs, and the other core would otherwise sit idle behind them.
    let (written, files) = rayon::join(
        || {
            jobs.par_iter()
                .map(|job| {
                    if unaffected(job) {
                        out.keep(&pages.file_of(job));
                        return Ok(());
                    }
                    let (file, html) = pages.render(job)?;
                    out.write(&file, html.as_bytes())
                })
                .collect::<Vec<Result<(), SiteError>>>()
        },
        || -> Result<Vec<(String, Vec<u8>)>, SiteError> {
            let mut files: Vec<(String, Vec<u8>)> = pages
                .feed_and_sitemap()?
                .into_iter()
                .map(|(file, text)| (file, text.into_bytes()))
                .collect();
            let (json, csv) = data::json_and_csv(directory)?;
            files.push(("directory.json".into(), json));
            files.push(("directory.csv".into(), csv));
            Ok(files)
        },
    );
    written.into_iter().collect::<Result<Vec<()>, _>>()?;
    let files = files?;
    for (file, bytes) in &files {
        out.write(file, bytes)?;
    }
    let static_files = assets::copy(&site.root, out)?;
    Ok(BuildReport {
        month: directory.month,
        partners: directory.partners.len(),
        countries,
        files: jobs.len() + files.len() + static_files,
        output: PathBuf::new(),
    })
}
