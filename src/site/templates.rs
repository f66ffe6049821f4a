//! `Templates`: the built-in tera templates, overridden file by file by the site's own: the
//! directory's pages, the self-check service's (`self-check/`) and the preview's error page
//! (`preview/`, always the built-in one: it reports errors in the site's own templates).

use super::SiteError;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Context, Tera};

/// The templates lpdir ships; a site's `templates/<name>` replaces the one of that name.
const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "countries.html",
        include_str!("../../templates/countries.html"),
    ),
    ("country.html", include_str!("../../templates/country.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("partner.html", include_str!("../../templates/partner.html")),
    ("stats.html", include_str!("../../templates/stats.html")),
    ("embed.html", include_str!("../../templates/embed.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    (
        "partials/partner_table.html",
        include_str!("../../templates/partials/partner_table.html"),
    ),
    (
        "partials/filters.html",
        include_str!("../../templates/partials/filters.html"),
    ),
    (
        "partials/self_check.html",
        include_str!("../../templates/partials/self_check.html"),
    ),
    (
        "partials/apply.html",
        include_str!("../../templates/partials/apply.html"),
    ),
    (
        "self-check/base.html",
        include_str!("../../templates/self-check/base.html"),
    ),
    (
        "self-check/apply.html",
        include_str!("../../templates/self-check/apply.html"),
    ),
    (
        "self-check/form.html",
        include_str!("../../templates/self-check/form.html"),
    ),
    (
        "self-check/result.html",
        include_str!("../../templates/self-check/result.html"),
    ),
    (
        "self-check/evidence.html",
        include_str!("../../templates/self-check/evidence.html"),
    ),
    (
        "self-check/wait.html",
        include_str!("../../templates/self-check/wait.html"),
    ),
    (
        "preview/error.html",
        include_str!("../../templates/preview/error.html"),
    ),
];

/// The parsed templates of one build.
pub struct Templates(Tera);

impl Templates {
    /// lpdir's own templates only, whatever a site holds.
    pub fn builtin() -> Result<Templates, SiteError> {
        Templates::parse(&builtin_sources())
    }

    /// lpdir's templates, each replaced by the site's `templates/<name>` where it has one.
    pub fn load(root: &Path) -> Result<Templates, SiteError> {
        Templates::load_under(root, "")
    }

    /// lpdir's templates, replaced by the site's only under `templates/<folder>`: the
    /// self-check service reads `self-check/`, so a broken page template of the directory
    /// cannot stop it.
    pub fn load_under(root: &Path, folder: &str) -> Result<Templates, SiteError> {
        let mut sources = builtin_sources();
        let dir = root.join("templates");
        let mut files = Vec::new();
        super::assets::walk(&dir, &mut files).map_err(|e| SiteError::io(&dir, e))?;
        for rel in files.into_iter().filter(|rel| rel.starts_with(folder)) {
            let path = dir.join(&rel);
            let bytes = crate::sources::read(root, &path, 1024 * 1024)
                .map_err(|e| SiteError::io(&path, e))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| SiteError::io(&path, std::io::Error::other("it is not UTF-8")))?;
            sources.insert(rel, text);
        }
        Templates::parse(&sources)
    }

    fn parse(sources: &BTreeMap<String, String>) -> Result<Templates, SiteError> {
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter())
            .map_err(|e| SiteError::Template(report(&e)))?;
        Ok(Templates(tera))
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, SiteError> {
        self.0
            .render(name, context)
            .map_err(|e| SiteError::Template(report(&e)))
    }
}

fn builtin_sources() -> BTreeMap<String, String> {
    BUILTIN
        .iter()
        .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
        .collect()
}

/// Tera's own report names the template, the line and the column, with the source line.
fn report(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    text
}
