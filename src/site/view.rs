//! What the templates see: the directory, prepared once per language.

use crate::content::{CountryCode, Directory, Level, Partner};
use crate::i18n::Language;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of the directory.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub country: CountryCode,
    pub country_slug: String,
    pub country_name: &'static str,
    /// `action-pack`, `silver`, `gold`, or empty.
    pub level: &'static str,
    pub level_name: String,
    /// Name and aliases, which the search box matches.
    pub search: String,
    /// Not published yet: shown only in draft previews.
    pub pending: bool,
}

/// A country with partners, for the country list and the filter.
#[derive(Debug, Clone, Serialize)]
pub struct CountryView {
    pub code: CountryCode,
    pub slug: String,
    pub name: &'static str,
    pub count: usize,
    pub count_label: String,
}

/// A level choice of the filter.
#[derive(Debug, Clone, Serialize)]
pub struct LevelOption {
    pub value: &'static str,
    pub name: String,
}

/// The directory in one language: rows sorted by name, indexed by country once.
pub struct LanguageView<'a> {
    pub language: &'a Language,
    /// The path of this language's home below the site's base: `` or `nl/`.
    pub prefix: String,
    pub partners: Vec<PartnerView>,
    /// Row numbers of each country's partners, in name order.
    pub by_country: BTreeMap<CountryCode, Vec<usize>>,
    /// Sorted by the country's name in this language.
    pub countries: Vec<CountryView>,
    pub levels: Vec<LevelOption>,
}

impl<'a> LanguageView<'a> {
    /// `order` lists the directory's partners in display order (see `name_order`).
    pub fn new(
        language: &'a Language,
        is_default: bool,
        directory: &Directory,
        order: &[usize],
    ) -> LanguageView<'a> {
        let partners: Vec<PartnerView> = order
            .iter()
            .map(|&i| row(language, &directory.partners[i]))
            .collect();
        let mut by_country: BTreeMap<CountryCode, Vec<usize>> = BTreeMap::new();
        for (i, p) in partners.iter().enumerate() {
            by_country.entry(p.country).or_default().push(i);
        }
        let mut countries: Vec<CountryView> = by_country
            .iter()
            .map(|(code, rows)| CountryView {
                code: *code,
                slug: code.slug(),
                name: language.country_name(*code),
                count: rows.len(),
                count_label: language.format_count(rows.len()),
            })
            .collect();
        countries.sort_by_key(|c| (c.name.to_lowercase(), c.code));
        let levels = Level::ALL
            .iter()
            .map(|l| LevelOption {
                value: l.as_str(),
                name: language.level_name(*l).to_owned(),
            })
            .collect();
        let prefix = if is_default {
            String::new()
        } else {
            format!("{}/", language.code)
        };
        LanguageView {
            language,
            prefix,
            partners,
            by_country,
            countries,
            levels,
        }
    }

    /// The rows of one country.
    pub fn country_rows(&self, code: CountryCode) -> Vec<&PartnerView> {
        self.by_country
            .get(&code)
            .map(|rows| rows.iter().map(|&i| &self.partners[i]).collect())
            .unwrap_or_default()
    }
}

fn row(language: &Language, p: &Partner) -> PartnerView {
    let l = &p.listing;
    let mut search = l.name.clone();
    for alias in &l.aliases {
        search.push_str(" | ");
        search.push_str(alias);
    }
    PartnerView {
        id: p.id.to_string(),
        name: l.name.clone(),
        url: l.landing_url.to_string(),
        country: l.country,
        country_slug: l.country.slug(),
        country_name: language.country_name(l.country),
        level: l.level.map_or("", Level::as_str),
        level_name: l.level.map_or_else(
            || language.strings.no_level.clone(),
            |lv| language.level_name(lv).to_owned(),
        ),
        search,
        pending: p.pending,
    }
}

/// The partners' display order, the same in every language: by name ignoring case, the id
/// breaking ties so the order never depends on the order of the input.
pub fn name_order(directory: &Directory) -> Vec<usize> {
    let keys: Vec<String> = directory
        .partners
        .iter()
        .map(|p| p.listing.name.to_lowercase())
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| {
        (&keys[a], &directory.partners[a].id).cmp(&(&keys[b], &directory.partners[b].id))
    });
    order
}
