//! The build: load everything, fold the month, render in parallel, swap the output in.

use super::output::{Output, Stage};
use super::pages::{Job, Site};
use super::templates::Templates;
use super::view::{self, CachedRows, LanguageView};
use super::{SiteError, assets, data};
use crate::content::{CountryCode, Directory, Month};
use crate::site_root::SiteRoot;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub month: Month,
    pub partners: usize,
    pub countries: usize,
    pub files: usize,
    pub output: PathBuf,
    /// What the maintainer should know though the site was built.
    pub warnings: Vec<String>,
}

/// Renders `directory` with the site's templates into `output`, atomically.
/// `live_reload` adds the preview's reload script to every page (only `lpdir serve` sets it).
pub fn render_site(
    site: &SiteRoot,
    directory: &Directory,
    output: &Path,
    live_reload: bool,
) -> Result<BuildReport, SiteError> {
    let real = super::destination::check(&site.root, output)?;
    let stage = Stage::beside(&real)?;
    let mut report = render_into(site, directory, &stage, live_reload, None)?;
    stage.write(
        super::destination::MARKER,
        super::destination::MARKER_TEXT.as_bytes(),
    )?;
    stage.commit(&real)?;
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
    site: &SiteRoot,
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
        &order,
        &site.content.pages,
        &templates,
    );
    pages.live_reload = live_reload;
    pages.tables = (0..languages)
        .into_par_iter()
        .map(|lang| pages.render_table(lang))
        .collect::<Result<Vec<String>, SiteError>>()?;

    let jobs = pages.jobs();
    let unaffected = |job: &Job| match (only_countries, job) {
        (Some(set), Job::Country { code, .. }) => !set.contains(code),
        (
            Some(set),
            Job::Embed {
                country: Some(code),
                ..
            },
        ) => !set.contains(code),
        (Some(set), Job::Partner { row, .. }) => {
            !set.contains(&pages.partner(*row).listing.country)
        }
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
                .machine_files()?
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
        warnings: warnings(site),
    })
}

fn warnings(site: &SiteRoot) -> Vec<String> {
    let mut out = Vec::new();
    if site.config.apply.is_none() {
        out.push(
            "`apply` is not set in lpdir.toml, so the site, the self-check and the report do not \
             say where partners apply; add e.g. apply = \"mailto:partners@example.org\""
                .to_owned(),
        );
    }
    out
}
