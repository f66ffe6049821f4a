//! `SiteRoot`: a site's sources (configuration, translations, content), loaded and checked
//! as one, for every command that works on a site: build, serve, check, validate, publish.

use crate::config::Config;
use crate::content::{
    self, Content, ContentError, Directory, LoadOptions, Month, Problem, Problems,
};
use crate::i18n::Language;
use std::path::{Path, PathBuf};

/// A site's sources, loaded and validated.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    pub root: PathBuf,
    pub config: Config,
    pub languages: Vec<Language>,
    pub content: Content,
}

impl SiteRoot {
    /// Loads configuration, translations and content, reporting the problems of all three.
    pub fn load(root: &Path) -> Result<SiteRoot, Problems> {
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
        // A month folder without entries is a directory that has just started: it builds.
        if problems.is_empty() && content.entries.is_empty() && content.months.is_empty() {
            problems.push(Problem::new(
                "content/partners",
                None,
                ContentError::NoEntries,
            ));
        }
        if !problems.is_empty() {
            return Err(Problems::sorted(problems));
        }
        Ok(SiteRoot {
            root: root.to_owned(),
            config,
            languages,
            content,
        })
    }

    /// The directory as of `month`, or of the latest month with entries.
    pub fn directory(&self, month: Option<Month>) -> Result<Directory, Problems> {
        let month = month
            .or_else(|| self.content.latest_month())
            .ok_or_else(|| {
                Problems(vec![Problem::new(
                    "content/partners",
                    None,
                    ContentError::NoEntries,
                )])
            })?;
        Directory::as_of(&self.content, month)
    }
}
