//! The files beside the pages that machines read: the Atom feed, the sitemap, robots.txt,
//! and `_headers`, the response headers a static host should send.

use super::pages::{Job, Site};
use super::view::LanguageView;
use super::{SiteError, escape_html};
use crate::content::{Month, MonthChanges};
use serde::Serialize;
use std::fmt::Write as _;

impl Site<'_> {
    /// The Atom feed, the sitemap, robots.txt and `_headers`.
    pub fn machine_files(&self) -> Result<Vec<(String, String)>, SiteError> {
        let site_url = self.config.base_url.as_str();
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n");
        Ok(vec![
            ("feed.xml".into(), self.feed()?),
            ("sitemap.xml".into(), self.sitemap()),
            ("robots.txt".into(), robots),
            ("_headers".into(), self.headers()),
        ])
    }

    fn feed(&self) -> Result<String, SiteError> {
        let view = &self.views[0];
        let mut ctx = self.common(0, "", "feed");
        let mut months: Vec<&(Month, MonthChanges)> = self.directory.history.iter().rev().collect();
        months.truncate(self.config.feed_months);
        let partner_url = |id: &str| {
            // Only partners still listed have a page to link to.
            self.directory
                .partners
                .binary_search_by(|p| p.id.as_str().cmp(id))
                .ok()
                .map(|_| format!("{}partners/{id}/", self.config.base_url))
        };
        let entries: Vec<_> = months
            .iter()
            .map(|(m, c)| feed_entry(view, *m, c, &partner_url))
            .collect();
        ctx.insert("entries", &entries);
        let latest = months.first().map_or(self.directory.month, |(m, _)| *m);
        ctx.insert("updated", &latest.start_rfc3339());
        self.templates.render("feed.xml", &ctx)
    }

    /// Every page of the default language, with its translations and the first day of the
    /// month its content last changed. Embeds are left out: they copy the lists. Written
    /// here rather than from a template: at 10,000 partners it has 40,000 links, and a
    /// template spent a quarter of the build on them.
    fn sitemap(&self) -> String {
        let site_url = escape_html(self.config.base_url.as_str());
        let latest = self
            .directory
            .history
            .last()
            .map_or(self.directory.month, |(m, _)| *m);
        let mut latest_in: std::collections::HashMap<_, Month> = std::collections::HashMap::new();
        for p in &self.directory.partners {
            let m = latest_in.entry(p.listing.country).or_insert(p.updated);
            *m = (*m).max(p.updated);
        }
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for job in self.jobs() {
            if job.lang() != 0 || matches!(job, Job::NotFound { .. } | Job::Embed { .. }) {
                continue;
            }
            let path = escape_html(&self.page_path(&job));
            let lastmod = match &job {
                Job::Partner { row, .. } => self.partner(*row).updated,
                Job::Country { code, .. } => latest_in.get(code).copied().unwrap_or(latest),
                _ => latest,
            };
            let mut alternates = String::new();
            for v in &self.views {
                let _ = write!(
                    alternates,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{site_url}{}{path}\"/>",
                    v.language.code, v.prefix
                );
            }
            for v in &self.views {
                // A date is enough: a month's changes go live together.
                let _ = writeln!(
                    out,
                    "<url><loc>{site_url}{}{path}</loc><lastmod>{lastmod}-01</lastmod>{alternates}</url>",
                    v.prefix
                );
            }
        }
        out.push_str("</urlset>\n");
        out
    }

    /// Response headers for static hosts that read a `_headers` file (Netlify, Cloudflare
    /// Pages): other sites may frame the pages under `embed/` and nothing else. The rules
    /// never overlap (a host that merges overlapping rules would otherwise send both
    /// policies, and a browser enforces both): one rule for `embed/`, and one for each
    /// other top-level path the build writes.
    fn headers(&self) -> String {
        let base = self.config.base_path();
        // The top-level paths the build writes, besides embed/: its own folders, the
        // pages' folders, the other languages' homes, and the files at the root.
        let folders = crate::content::RESERVED_FOLDERS
            .iter()
            .filter(|f| **f != "embed")
            .map(|f| (*f).to_owned());
        let languages = self.views.iter().filter_map(|v| v.prefix.strip_suffix('/'));
        let mut tops: Vec<String> = folders
            .chain(self.slugs.iter().cloned())
            .chain(languages.map(String::from))
            .map(|dir| format!("{base}{dir}/*"))
            .chain(
                [
                    "index.html",
                    "404.html",
                    "directory.json",
                    "directory.csv",
                    "feed.xml",
                    "sitemap.xml",
                    "robots.txt",
                ]
                .map(|file| format!("{base}{file}")),
            )
            .collect();
        tops.push(base.to_owned());
        tops.sort();
        tops.dedup();
        let common = "  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n";
        let mut out = String::from(
            "# Written by lpdir build: the response headers a static host should send.\n\
             # Only the lists under embed/ may be framed by other sites; see the README.\n",
        );
        out.push_str(&format!(
            "{base}embed/*\n  Content-Security-Policy: frame-ancestors *\n{common}"
        ));
        for top in tops {
            out.push_str(&format!(
                "{top}\n  X-Frame-Options: DENY\n  Content-Security-Policy: frame-ancestors 'none'\n{common}"
            ));
        }
        out
    }
}

/// Names with the address of their partner's page, where there is one.
fn linked<'a>(
    list: &'a [(crate::content::PartnerId, String)],
    partner_url: &dyn Fn(&str) -> Option<String>,
) -> Vec<(&'a str, Option<String>)> {
    list.iter()
        .map(|(id, n)| (n.as_str(), partner_url(id.as_str())))
        .collect()
}

#[derive(Serialize)]
struct FeedEntry {
    month: String,
    title: String,
    updated: String,
    content_html: String,
}

fn feed_entry(
    view: &LanguageView,
    month: Month,
    changes: &MonthChanges,
    partner_url: &dyn Fn(&str) -> Option<String>,
) -> FeedEntry {
    let t = &view.language.strings;
    let title = t
        .feed_entry_title
        .replace("{month}", &view.language.format_month(month))
        .replace("{added}", &changes.added.len().to_string())
        .replace("{updated}", &changes.updated.len().to_string())
        .replace("{removed}", &changes.removed.len().to_string());
    let mut html = String::new();
    let mut section = |heading: &str, items: Vec<(&str, Option<String>)>| {
        if items.is_empty() {
            return;
        }
        html.push_str(&format!("<h2>{}</h2><ul>", escape_html(heading)));
        for (name, url) in items {
            let name = escape_html(name);
            match url {
                Some(url) => html.push_str(&format!(
                    "<li><a href=\"{}\">{name}</a></li>",
                    escape_html(&url)
                )),
                None => html.push_str(&format!("<li>{name}</li>")),
            }
        }
        html.push_str("</ul>");
    };
    section(&t.feed_added, linked(&changes.added, partner_url));
    section(&t.feed_updated, linked(&changes.updated, partner_url));
    section(
        &t.feed_removed,
        changes
            .removed
            .iter()
            .map(|(_, n, _)| (n.as_str(), None))
            .collect(),
    );
    FeedEntry {
        month: month.to_string(),
        title,
        updated: month.start_rfc3339(),
        content_html: html,
    }
}
