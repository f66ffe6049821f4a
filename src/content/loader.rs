//! Walks `content/`, reads every file with a size cap and parses them in parallel.

use super::entry::{self, Entry};
use super::error::{ContentError, Location, Problem, Problems};
use super::month::Month;
use super::page::{self, Page};
use super::partner_id::{PartnerId, slugify};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Limits and names the loader needs from the configuration.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this are refused unread.
    pub max_file_bytes: u64,
    /// Language codes a page file may carry (`page.nl.md`), the default one included.
    pub languages: Vec<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: 64 * 1024,
            languages: vec!["en".into()],
        }
    }
}

/// Everything under `content/`, parsed and validated file by file.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Sorted by month, then id.
    pub entries: Vec<Entry>,
    /// Sorted by file name.
    pub pages: Vec<Page>,
    /// Every month folder, empty or not, sorted: a new directory has one before its first
    /// request, and builds (empty) for that month.
    pub months: Vec<Month>,
}

impl Content {
    /// The latest month that has entries or a folder.
    pub fn latest_month(&self) -> Option<Month> {
        let latest = self.entries.iter().map(|e| e.month).max();
        latest.max(self.months.last().copied())
    }
}

enum Job {
    Entry {
        path: PathBuf,
        id: PartnerId,
        month: Month,
    },
    Page {
        path: PathBuf,
        stem: String,
    },
}

/// Loads the content of the site at `root`, reporting every problem of every file.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Content, Problems> {
    let mut problems = Vec::new();
    let mut jobs = Vec::new();
    collect_pages(root, &mut jobs, &mut problems);
    let mut months = Vec::new();
    collect_entries(root, &mut jobs, &mut months, &mut problems);

    let results: Vec<Result<Parsed, Vec<Problem>>> =
        jobs.par_iter().map(|job| run(root, job, opts)).collect();
    months.sort_unstable();
    let mut content = Content {
        months,
        ..Content::default()
    };
    for result in results {
        match result {
            Ok(Parsed::Entry(e)) => content.entries.push(e),
            Ok(Parsed::Page(p)) => content.pages.push(p),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        content
            .entries
            .sort_by(|a, b| (a.month, &a.id).cmp(&(b.month, &b.id)));
        content.pages.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(content)
    } else {
        Err(Problems::sorted(problems))
    }
}

enum Parsed {
    Entry(Entry),
    Page(Page),
}

fn run(root: &Path, job: &Job, opts: &LoadOptions) -> Result<Parsed, Vec<Problem>> {
    match job {
        Job::Entry { path, id, month } => {
            let src = read_text(root, path, opts.max_file_bytes)?;
            entry::parse(&src, path, id.clone(), *month).map(Parsed::Entry)
        }
        Job::Page { path, stem } => {
            let src = read_text(root, path, opts.max_file_bytes)?;
            let page = page::parse(&src, path, stem)?;
            if let Some(lang) = &page.language
                && !opts.languages.contains(lang)
            {
                let error = ContentError::UnknownLanguage {
                    language: lang.clone(),
                    configured: opts.languages.join(", "),
                };
                return Err(vec![Problem::new(path, None, error)]);
            }
            Ok(Parsed::Page(page))
        }
    }
}

/// Reads a whole text file, refusing huge, non-UTF-8 and empty ones.
pub fn read_text(root: &Path, rel: &Path, max: u64) -> Result<String, Vec<Problem>> {
    let fail = |location, error| vec![Problem::new(rel, location, error)];
    // One byte past the cap is read, so a file that grows while it is read is still refused.
    let bytes = crate::sources::read(root, &root.join(rel), max)
        .map_err(|e| fail(None, ContentError::Unreadable(e.to_string())))?;
    if bytes.len() as u64 > max {
        let size = std::fs::metadata(root.join(rel)).map_or(bytes.len() as u64, |m| m.len());
        return Err(fail(None, ContentError::TooLarge { size, max }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let lossy = String::from_utf8_lossy(bytes);
            let at = Location::at_offset(&lossy, good.len(), 1);
            return Err(fail(Some(at), ContentError::NotUtf8));
        }
    };
    if text.trim().is_empty() {
        return Err(fail(None, ContentError::Empty));
    }
    Ok(text.to_owned())
}

/// Sorted names of the entries of a folder (`rel` below `root`), skipping hidden files. A
/// folder that cannot be read is a problem, never silently empty: that would drop partners.
fn list_dir(root: &Path, rel: &Path, problems: &mut Vec<Problem>) -> Vec<(String, bool)> {
    match crate::sources::list(&root.join(rel)) {
        Ok(names) => names
            .into_iter()
            .map(|(n, k)| (n, k == crate::sources::Kind::Dir))
            .collect(),
        Err(e) => {
            problems.push(Problem::new(
                rel,
                None,
                ContentError::Unreadable(e.to_string()),
            ));
            Vec::new()
        }
    }
}

fn collect_pages(root: &Path, jobs: &mut Vec<Job>, problems: &mut Vec<Problem>) {
    for (name, is_dir) in list_dir(root, Path::new("content"), problems) {
        if let (false, Some(stem)) = (is_dir, name.strip_suffix(".md")) {
            jobs.push(Job::Page {
                path: Path::new("content").join(&name),
                stem: stem.to_owned(),
            });
        }
    }
}

fn collect_entries(
    root: &Path,
    jobs: &mut Vec<Job>,
    months: &mut Vec<Month>,
    problems: &mut Vec<Problem>,
) {
    let partners = Path::new("content").join("partners");
    for (folder, is_dir) in list_dir(root, &partners, problems) {
        if !is_dir {
            continue;
        }
        let dir = partners.join(&folder);
        let Ok(month) = folder.parse::<Month>() else {
            problems.push(Problem::new(
                &dir,
                None,
                ContentError::BadMonthFolder { name: folder },
            ));
            continue;
        };
        months.push(month);
        for (name, is_dir) in list_dir(root, &dir, problems) {
            let path = dir.join(&name);
            if is_dir {
                continue;
            }
            if let Some(stem) = name.strip_suffix(".yaml") {
                match PartnerId::parse(stem) {
                    Some(id) => jobs.push(Job::Entry { path, id, month }),
                    None => problems.push(Problem::new(
                        path,
                        None,
                        ContentError::BadId {
                            name: name.clone(),
                            suggestion: slugify(stem),
                        },
                    )),
                }
            } else if let Some(ext @ ("yml" | "json")) = name.rsplit_once('.').map(|(_, e)| e) {
                problems.push(Problem::new(
                    path,
                    None,
                    ContentError::WrongExtension {
                        ext: ext.to_owned(),
                    },
                ));
            }
        }
    }
}

/// Loads one entry file, `content/partners/YYYY-MM/<id>.yaml` relative to `root`, with the
/// same checks as a full load: for a preview that re-reads only the files that changed.
pub fn load_entry(root: &Path, rel: &Path, opts: &LoadOptions) -> Result<Entry, Vec<Problem>> {
    let folder = rel
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let month = folder.parse::<Month>().map_err(|_| {
        vec![Problem::new(
            rel.parent().unwrap_or(rel),
            None,
            ContentError::BadMonthFolder {
                name: folder.clone(),
            },
        )]
    })?;
    let stem = name.strip_suffix(".yaml").unwrap_or(&name);
    let id = PartnerId::parse(stem).ok_or_else(|| {
        vec![Problem::new(
            rel,
            None,
            ContentError::BadId {
                name: name.clone(),
                suggestion: slugify(stem),
            },
        )]
    })?;
    let src = read_text(root, rel, opts.max_file_bytes)?;
    entry::parse(&src, rel, id, month)
}
