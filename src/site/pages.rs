//! The pages of the site and the context each one is rendered with.

use super::templates::Templates;
use super::view::LanguageView;
use super::{SiteError, markdown, partner_page, stats};
use crate::config::Config;
use crate::content::{CountryCode, Directory, Page};
use serde::Serialize;
use tera::Context;

/// One HTML page to render.
#[derive(Debug, Clone)]
pub enum Job {
    Index {
        lang: usize,
    },
    Countries {
        lang: usize,
    },
    Country {
        lang: usize,
        code: CountryCode,
    },
    /// A partner's own page; `row` is its place in name order (`Site::order`).
    Partner {
        lang: usize,
        row: usize,
    },
    Stats {
        lang: usize,
    },
    /// The framable list for other sites: every partner, or one country's.
    Embed {
        lang: usize,
        country: Option<CountryCode>,
    },
    Page {
        lang: usize,
        slug: String,
    },
    NotFound {
        lang: usize,
    },
}

impl Job {
    pub fn lang(&self) -> usize {
        match self {
            Job::Index { lang }
            | Job::Countries { lang }
            | Job::Country { lang, .. }
            | Job::Partner { lang, .. }
            | Job::Stats { lang }
            | Job::Embed { lang, .. }
            | Job::Page { lang, .. }
            | Job::NotFound { lang } => *lang,
        }
    }
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
    /// The directory's partners in display order: row `i` is `directory.partners[order[i]]`.
    pub order: &'a [usize],
    pub pages: &'a [Page],
    /// Page slugs in navigation order.
    pub slugs: Vec<String>,
    pub templates: &'a Templates,
    /// Pages load the preview's reload script (`lpdir serve` only).
    pub live_reload: bool,
    /// What every page of a language shows the same way, made once per language: a page
    /// starts from a copy (tera's maps and lists are shared, not copied).
    contexts: Vec<Context>,
    /// Each language's table of every partner, rendered once for the home page and the
    /// embed, which show the same one (see `render_table`); empty until then.
    pub tables: Vec<String>,
}

impl<'a> Site<'a> {
    pub fn new(
        config: &'a Config,
        directory: &'a Directory,
        views: Vec<LanguageView<'a>>,
        order: &'a [usize],
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
        let mut site = Site {
            config,
            directory,
            views,
            order,
            pages,
            slugs,
            templates,
            live_reload: false,
            contexts: Vec::new(),
            tables: Vec::new(),
        };
        site.contexts = (0..site.views.len())
            .map(|lang| site.language_context(lang))
            .collect();
        site
    }

    /// Every HTML page of every language, in a fixed order.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for lang in 0..self.views.len() {
            let countries = &self.views[lang].countries;
            jobs.push(Job::Index { lang });
            jobs.push(Job::Countries { lang });
            jobs.extend(
                countries
                    .iter()
                    .map(|c| Job::Country { lang, code: c.code }),
            );
            jobs.extend((0..self.order.len()).map(|row| Job::Partner { lang, row }));
            jobs.push(Job::Stats { lang });
            jobs.push(Job::Embed {
                lang,
                country: None,
            });
            jobs.extend(countries.iter().map(|c| Job::Embed {
                lang,
                country: Some(c.code),
            }));
            jobs.extend(self.slugs.iter().map(|s| Job::Page {
                lang,
                slug: s.clone(),
            }));
            jobs.push(Job::NotFound { lang });
        }
        jobs
    }

    /// The partner of a row.
    pub fn partner(&self, row: usize) -> &crate::content::Partner {
        &self.directory.partners[self.order[row]]
    }

    /// The path of a job's page below a language's home, `` for the home page itself.
    pub fn page_path(&self, job: &Job) -> String {
        match job {
            Job::Index { .. } => String::new(),
            Job::Countries { .. } => "countries/".into(),
            Job::Country { code, .. } => format!("countries/{}/", code.slug()),
            Job::Partner { row, .. } => format!("partners/{}/", self.partner(*row).id),
            Job::Stats { .. } => "stats/".into(),
            Job::Embed { country, .. } => match country {
                None => String::new(),
                Some(c) => format!("countries/{}/", c.slug()),
            },
            Job::Page { slug, .. } => format!("{slug}/"),
            Job::NotFound { .. } => "404.html".into(),
        }
    }

    /// The path of a job's page inside the site. Embeds of every language live below
    /// `embed/` (`embed/nl/…` in Dutch), so that one rule of a static host's headers
    /// allows framing them and nothing else.
    pub fn file_of(&self, job: &Job) -> String {
        let prefix = &self.views[job.lang()].prefix;
        match job {
            Job::NotFound { .. } => format!("{prefix}404.html"),
            Job::Embed { .. } => format!("embed/{prefix}{}index.html", self.page_path(job)),
            _ => format!("{prefix}{}index.html", self.page_path(job)),
        }
    }

    /// Renders one job: its file's path inside the site and its HTML.
    pub fn render(&self, job: &Job) -> Result<(String, String), SiteError> {
        let page_path = self.page_path(job);
        let lang = job.lang();
        let (template, section) = match job {
            Job::Index { .. } => ("index.html", "home"),
            Job::Countries { .. } => ("countries.html", "countries"),
            Job::Country { .. } => ("country.html", "countries"),
            Job::Partner { .. } => ("partner.html", "partner"),
            Job::Stats { .. } => ("stats.html", "stats"),
            Job::Embed { .. } => ("embed.html", "embed"),
            Job::Page { .. } => ("page.html", "page"),
            Job::NotFound { .. } => ("404.html", "404"),
        };
        let view = &self.views[lang];
        let language = view.language;
        let t = &language.strings;
        let mut ctx = self.common(lang, &page_path, section);
        let titled = |ctx: &mut Context, title: &str, description: Option<&str>| {
            let full = if title == t.site_title {
                title.to_owned()
            } else {
                format!("{title} · {}", t.site_title)
            };
            ctx.insert("title", &full);
            ctx.insert("og_title", title);
            ctx.insert("description", description.unwrap_or(&t.site_description));
        };
        match job {
            Job::Index { .. } => {
                let intro = self
                    .find_page(None, lang)
                    .map(|p| markdown::render(&p.markdown, &t.heading_anchor));
                ctx.insert("intro_html", &intro.unwrap_or_default());
                self.insert_list(&mut ctx, lang, None);
                ctx.insert("table_caption", &t.table_caption);
                titled(&mut ctx, &t.site_title, None);
            }
            Job::Countries { .. } => {
                ctx.insert("countries", &view.countries);
                titled(&mut ctx, &t.countries_title, Some(&t.countries_intro));
            }
            Job::Country { code, .. } => {
                let count = view.by_country.get(code).map_or(0, Vec::len);
                let heading = view.country_title(*code);
                ctx.insert("count_label", &language.format_count(count));
                ctx.insert_value("partners", view.country_rows(*code));
                ctx.insert("table_caption", &heading);
                ctx.insert("heading", &heading);
                ctx.insert("country", &code);
                ctx.insert("hide_country", &true);
                titled(&mut ctx, &heading, None);
            }
            Job::Partner { row, .. } => {
                let partner = self.partner(*row);
                let page = partner_page::context(view, partner, &self.config.base_url);
                ctx.insert_value("partner", view.rows[*row].clone());
                ctx.insert("json_ld", &page.json_ld);
                ctx.insert("og_type", "profile");
                ctx.insert("visit_label", &page.visit_label);
                titled(&mut ctx, &page.title, Some(&page.description));
            }
            Job::Stats { .. } => {
                let b = &t.browse;
                ctx.insert("stats", &stats::Stats::of(self.directory, view));
                titled(&mut ctx, &b.stats_title, Some(&b.stats_intro));
            }
            Job::Embed { country, .. } => {
                self.insert_list(&mut ctx, lang, *country);
                let heading =
                    country.map_or_else(|| t.table_caption.clone(), |c| view.country_title(c));
                ctx.insert("hide_country", &country.is_some());
                ctx.insert("table_caption", &heading);
                titled(&mut ctx, &heading, None);
            }
            Job::Page { slug, .. } => {
                let page = self.find_page(Some(slug), lang);
                let title = page.map(|p| p.title.as_str()).unwrap_or_default();
                ctx.insert("page_title", title);
                ctx.insert(
                    "content_html",
                    &page
                        .map(|p| markdown::render(&p.markdown, &t.heading_anchor))
                        .unwrap_or_default(),
                );
                titled(&mut ctx, title, page.and_then(|p| p.description.as_deref()));
            }
            Job::NotFound { .. } => titled(&mut ctx, &t.not_found_title, None),
        }
        Ok((self.file_of(job), self.templates.render(template, &ctx)?))
    }

    /// The table of every partner in language `lang` (`partials/partner_table.html`): the
    /// largest piece of the site, shared by the home page and the embed.
    pub fn render_table(&self, lang: usize) -> Result<String, SiteError> {
        let view = &self.views[lang];
        let mut ctx = self.common(lang, "", "home");
        ctx.insert_value("partners", tera::Value::from(view.rows.clone()));
        ctx.insert("table_caption", &view.language.strings.table_caption);
        ctx.insert("hide_country", &false);
        self.templates.render("partials/partner_table.html", &ctx)
    }

    /// The rows of a list and its filters' choices: every partner, or one country's.
    fn insert_list(&self, ctx: &mut Context, lang: usize, country: Option<CountryCode>) {
        let view = &self.views[lang];
        match (country, self.tables.get(lang)) {
            (None, Some(table)) => ctx.insert("table_html", table),
            (None, None) => ctx.insert_value("partners", tera::Value::from(view.rows.clone())),
            (Some(code), _) => ctx.insert_value("partners", view.country_rows(code)),
        }
        ctx.insert("countries", &view.countries);
        ctx.insert("levels", &view.levels);
        ctx.insert("areas", &view.areas);
        ctx.insert("training_languages", &view.training_languages);
        ctx.insert("deliveries", &view.deliveries);
    }

    /// The page `slug` (`None`: the home introduction) in language `lang`, else in the default.
    pub fn find_page(&self, slug: Option<&str>, lang: usize) -> Option<&Page> {
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

    pub fn common(&self, lang: usize, page_path: &str, section: &str) -> Context {
        let view = &self.views[lang];
        let base = self.config.base_path();
        let site_url = self.config.base_url.as_str();
        let home = format!("{base}{}", view.prefix);
        let mut ctx = self.contexts[lang].clone();
        ctx.insert("section", section);
        ctx.insert("page_path", page_path);
        ctx.insert("live_reload", &self.live_reload);
        let at = |root: &str, prefix: &str| match section {
            "embed" => format!("{root}embed/{prefix}{page_path}"),
            _ => format!("{root}{prefix}{page_path}"),
        };
        ctx.insert("canonical", &at(site_url, &view.prefix));
        let alternates: Vec<Alternate> = if section == "404" {
            Vec::new()
        } else {
            self.views
                .iter()
                .map(|v| Alternate {
                    lang: &v.language.code,
                    name: &v.language.strings.language_name,
                    href: at(site_url, &v.prefix),
                    path: at(base, &v.prefix),
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
        ctx
    }

    /// The part of every page's context that depends only on its language.
    fn language_context(&self, lang: usize) -> Context {
        let view = &self.views[lang];
        let language = view.language;
        let base = self.config.base_path();
        let site_url = self.config.base_url.as_str();
        let mut ctx = Context::new();
        ctx.insert("lang", &language.code);
        ctx.insert_value("t", view.strings.clone());
        ctx.insert("base", base);
        ctx.insert("home", &format!("{base}{}", view.prefix));
        ctx.insert("home_url", &format!("{site_url}{}", view.prefix));
        ctx.insert("site_url", site_url);
        ctx.insert("og_type", "website");
        // OpenGraph names a locale by language and territory; the language alone is
        // accepted by the consumers that matter, and lpdir knows no territory.
        ctx.insert("og_locale", &language.code);
        // The self-check service serves Dutch under /nl/, like the site.
        let self_check = self.config.self_check_url.as_ref().map(|u| {
            u.join(&view.prefix)
                .map_or_else(|_| u.to_string(), String::from)
        });
        ctx.insert("self_check_href", &self_check);
        let apply = self.config.apply.as_ref();
        ctx.insert("apply_href", &apply.map(|a| a.href()));
        ctx.insert("apply_label", &apply.map(|a| a.label()));
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
}
