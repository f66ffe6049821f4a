//! The pages of the site and the context each one is rendered with.

use super::templates::Templates;
use super::view::LanguageView;
use super::{SiteError, markdown};
use crate::config::Config;
use crate::content::{CountryCode, Directory, Month, Page};
use serde::Serialize;
use tera::Context;

/// One HTML page to render.
#[derive(Debug, Clone)]
pub enum Job {
    Index { lang: usize },
    Countries { lang: usize },
    Country { lang: usize, code: CountryCode },
    Page { lang: usize, slug: String },
    NotFound { lang: usize },
}

#[derive(Serialize)]
struct Alternate<'a> {
    lang: &'a str,
    name: &'a str,
    href: String,
    path: String,
}

#[derive(Serialize)]
struct NavLink<'a> {
    title: &'a str,
    href: String,
    current: bool,
}

/// Everything the pages are made of, shared by all render jobs.
pub struct Site<'a> {
    pub config: &'a Config,
    pub directory: &'a Directory,
    pub views: Vec<LanguageView<'a>>,
    pub pages: &'a [Page],
    /// Page slugs in navigation order.
    pub slugs: Vec<String>,
    pub templates: &'a Templates,
    /// Pages load the preview's reload script (`lpdir serve` only).
    pub live_reload: bool,
}

impl<'a> Site<'a> {
    pub fn new(
        config: &'a Config,
        directory: &'a Directory,
        views: Vec<LanguageView<'a>>,
        pages: &'a [Page],
        templates: &'a Templates,
    ) -> Site<'a> {
        let mut ordered: Vec<&Page> = pages.iter().filter(|p| p.slug.is_some()).collect();
        ordered.sort_by(|a, b| {
            (a.weight, &a.slug, &a.language).cmp(&(b.weight, &b.slug, &b.language))
        });
        let mut slugs: Vec<String> = Vec::new();
        for p in ordered {
            let slug = p.slug.clone().unwrap_or_default();
            if !slugs.contains(&slug) {
                slugs.push(slug);
            }
        }
        Site {
            config,
            directory,
            views,
            pages,
            slugs,
            templates,
            live_reload: false,
        }
    }

    /// Every HTML page of every language, in a fixed order.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for lang in 0..self.views.len() {
            jobs.push(Job::Index { lang });
            jobs.push(Job::Countries { lang });
            jobs.extend(
                self.views[lang]
                    .countries
                    .iter()
                    .map(|c| Job::Country { lang, code: c.code }),
            );
            jobs.extend(self.slugs.iter().map(|s| Job::Page {
                lang,
                slug: s.clone(),
            }));
            jobs.push(Job::NotFound { lang });
        }
        jobs
    }

    /// The path of a job's page below a language's home, `` for the home page itself.
    pub fn page_path(job: &Job) -> String {
        match job {
            Job::Index { .. } => String::new(),
            Job::Countries { .. } => "countries/".into(),
            Job::Country { code, .. } => format!("countries/{}/", code.slug()),
            Job::Page { slug, .. } => format!("{slug}/"),
            Job::NotFound { .. } => "404.html".into(),
        }
    }

    /// Renders one job: its file's path inside the site and its HTML.
    /// The path of a job's file inside the site.
    pub fn file_of(&self, job: &Job) -> String {
        let lang = match job {
            Job::Index { lang }
            | Job::Countries { lang }
            | Job::Country { lang, .. }
            | Job::Page { lang, .. }
            | Job::NotFound { lang } => *lang,
        };
        let prefix = &self.views[lang].prefix;
        match job {
            Job::NotFound { .. } => format!("{prefix}404.html"),
            _ => format!("{prefix}{}index.html", Self::page_path(job)),
        }
    }

    pub fn render(&self, job: &Job) -> Result<(String, String), SiteError> {
        let page_path = Self::page_path(job);
        let (lang, template, section) = match job {
            Job::Index { lang } => (*lang, "index.html", "home"),
            Job::Countries { lang } => (*lang, "countries.html", "countries"),
            Job::Country { lang, .. } => (*lang, "country.html", "countries"),
            Job::Page { lang, .. } => (*lang, "page.html", "page"),
            Job::NotFound { lang } => (*lang, "404.html", "404"),
        };
        let view = &self.views[lang];
        let t = &view.language.strings;
        let mut ctx = self.common(lang, &page_path, section);
        match job {
            Job::Index { .. } => {
                let intro = self
                    .find_page(None, lang)
                    .map(|p| markdown::render(&p.markdown, &t.heading_anchor));
                ctx.insert("intro_html", &intro.unwrap_or_default());
                ctx.insert_value("partners", tera::Value::from(view.rows.clone()));
                ctx.insert("countries", &view.countries);
                ctx.insert("levels", &view.levels);
                ctx.insert("areas", &view.areas);
                ctx.insert("table_caption", &t.table_caption);
            }
            Job::Countries { .. } => ctx.insert("countries", &view.countries),
            Job::Country { code, .. } => {
                let count = view.by_country.get(code).map_or(0, Vec::len);
                let heading = t
                    .country_title
                    .replace("{country}", view.language.country_name(*code));
                ctx.insert("count_label", &view.language.format_count(count));
                ctx.insert_value("partners", view.country_rows(*code));
                ctx.insert("table_caption", &heading);
                ctx.insert("heading", &heading);
                ctx.insert("country", &code);
            }
            Job::Page { slug, .. } => {
                let page = self.find_page(Some(slug), lang);
                ctx.insert(
                    "page_title",
                    &page.map(|p| p.title.as_str()).unwrap_or_default(),
                );
                ctx.insert(
                    "page_description",
                    &page
                        .and_then(|p| p.description.clone())
                        .unwrap_or_else(|| t.site_description.clone()),
                );
                ctx.insert(
                    "content_html",
                    &page
                        .map(|p| markdown::render(&p.markdown, &t.heading_anchor))
                        .unwrap_or_default(),
                );
            }
            Job::NotFound { .. } => {}
        }
        Ok((self.file_of(job), self.templates.render(template, &ctx)?))
    }

    /// The page `slug` (`None`: the home introduction) in language `lang`, else in the default.
    fn find_page(&self, slug: Option<&str>, lang: usize) -> Option<&Page> {
        let code = &self.views[lang].language.code;
        let default = self.config.default_language();
        let in_lang = |p: &&Page, l: &str| {
            p.slug.as_deref() == slug && p.language.as_deref().unwrap_or(default) == l
        };
        self.pages
            .iter()
            .find(|p| in_lang(p, code))
            .or_else(|| self.pages.iter().find(|p| in_lang(p, default)))
    }

    fn common(&self, lang: usize, page_path: &str, section: &str) -> Context {
        let view = &self.views[lang];
        let language = view.language;
        let base = self.config.base_path();
        let site_url = self.config.base_url.as_str();
        let home = format!("{base}{}", view.prefix);
        let mut ctx = Context::new();
        ctx.insert("lang", &language.code);
        ctx.insert("t", &language.strings);
        ctx.insert("base", base);
        ctx.insert("home", &home);
        ctx.insert("site_url", site_url);
        ctx.insert("section", section);
        ctx.insert("page_path", page_path);
        ctx.insert("live_reload", &self.live_reload);
        // The self-check service serves Dutch under /nl/, like the site.
        let self_check = self.config.self_check_url.as_ref().map(|u| {
            u.join(&view.prefix)
                .map_or_else(|_| u.to_string(), String::from)
        });
        ctx.insert("self_check_href", &self_check);
        ctx.insert(
            "canonical",
            &format!("{site_url}{}{page_path}", view.prefix),
        );
        let alternates: Vec<Alternate> = if section == "404" {
            Vec::new()
        } else {
            self.views
                .iter()
                .map(|v| Alternate {
                    lang: &v.language.code,
                    name: &v.language.strings.language_name,
                    href: format!("{site_url}{}{page_path}", v.prefix),
                    path: format!("{base}{}{page_path}", v.prefix),
                })
                .collect()
        };
        ctx.insert("alternates", &alternates);
        let nav: Vec<NavLink> = self
            .slugs
            .iter()
            .filter_map(|slug| {
                let page = self.find_page(Some(slug), lang)?;
                Some(NavLink {
                    title: &page.title,
                    href: format!("{home}{slug}/"),
                    current: page_path == format!("{slug}/"),
                })
            })
            .collect();
        ctx.insert("nav", &nav);
        let month = self.directory.month;
        let t = &language.strings;
        ctx.insert("month", &month);
        ctx.insert(
            "count_label",
            &language.format_count(self.directory.partners.len()),
        );
        ctx.insert(
            "last_updated_label",
            &t.last_updated
                .replace("{month}", &language.format_month(month)),
        );
        ctx.insert(
            "next_update_label",
            &t.next_update
                .replace("{date}", &language.format_day(month.next_update())),
        );
        let link = |file: &str| format!("<a href=\"{base}{file}\">{file}</a>");
        let downloads = super::escape_html(&t.downloads)
            .replace("{json}", &link("directory.json"))
            .replace("{csv}", &link("directory.csv"))
            .replace("{feed}", &link("feed.xml"));
        ctx.insert("downloads_html", &downloads);
        ctx
    }

    /// The XML files rendered from templates: the Atom feed and the sitemap.
    pub fn feed_and_sitemap(&self) -> Result<Vec<(String, String)>, SiteError> {
        let view = &self.views[0];
        let mut ctx = self.common(0, "", "feed");
        let mut months: Vec<&(Month, crate::content::MonthChanges)> =
            self.directory.history.iter().rev().collect();
        months.truncate(self.config.feed_months);
        let entries: Vec<_> = months
            .iter()
            .map(|(m, c)| feed_entry(view, *m, c))
            .collect();
        ctx.insert("entries", &entries);
        let latest = months.first().map_or(self.directory.month, |(m, _)| *m);
        ctx.insert("updated", &latest.start_rfc3339());
        let feed = self.templates.render("feed.xml", &ctx)?;

        let site_url = self.config.base_url.as_str();
        let paths: Vec<String> = self
            .jobs()
            .iter()
            .filter(|j| {
                matches!(
                    j,
                    Job::Index { lang: 0 }
                        | Job::Countries { lang: 0 }
                        | Job::Country { lang: 0, .. }
                        | Job::Page { lang: 0, .. }
                )
            })
            .map(Self::page_path)
            .collect();
        let urls: Vec<serde_json::Value> = paths
            .iter()
            .flat_map(|path| {
                let alternates: Vec<serde_json::Value> = self
                    .views
                    .iter()
                    .map(|v| serde_json::json!({ "lang": v.language.code, "href": format!("{site_url}{}{path}", v.prefix) }))
                    .collect();
                self.views.iter().map(move |v| {
                    serde_json::json!({ "loc": format!("{site_url}{}{path}", v.prefix), "alternates": alternates.clone() })
                })
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("urls", &urls);
        let sitemap = self.templates.render("sitemap.xml", &ctx)?;
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n");
        Ok(vec![
            ("feed.xml".into(), feed),
            ("sitemap.xml".into(), sitemap),
            ("robots.txt".into(), robots),
        ])
    }
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
    changes: &crate::content::MonthChanges,
) -> FeedEntry {
    let t = &view.language.strings;
    let title = t
        .feed_entry_title
        .replace("{month}", &view.language.format_month(month))
        .replace("{added}", &changes.added.len().to_string())
        .replace("{updated}", &changes.updated.len().to_string())
        .replace("{removed}", &changes.removed.len().to_string());
    let mut html = String::new();
    let mut section = |heading: &str, names: Vec<&str>| {
        if names.is_empty() {
            return;
        }
        html.push_str(&format!("<h2>{}</h2><ul>", super::escape_html(heading)));
        for n in names {
            html.push_str(&format!("<li>{}</li>", super::escape_html(n)));
        }
        html.push_str("</ul>");
    };
    section(
        &t.feed_added,
        changes.added.iter().map(|(_, n)| n.as_str()).collect(),
    );
    section(
        &t.feed_updated,
        changes.updated.iter().map(|(_, n)| n.as_str()).collect(),
    );
    section(
        &t.feed_removed,
        changes.removed.iter().map(|(_, n, _)| n.as_str()).collect(),
    );
    FeedEntry {
        month: month.to_string(),
        title,
        updated: month.start_rfc3339(),
        content_html: html,
    }
}
