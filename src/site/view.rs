//! What the templates see: the directory, prepared once per language.

use super::row::{self, Choice};
use crate::content::{Area, CountryCode, Directory, Level, Listing, Partner, PartnerId, Teaches};
use crate::i18n::Language;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
    /// The interface strings as the templates see them, converted once: every page gets
    /// them, and converting ~200 strings per page would cost as much as rendering it.
    pub strings: tera::Value,
    /// The path of this language's home below the site's base: `` or `nl/`.
    pub prefix: String,
    /// Each row as the templates see it, in name order, converted once: the index and the
    /// country pages share them (tera arrays and maps are reference-counted, so sharing is
    /// not copying).
    pub rows: Vec<tera::Value>,
    /// Row numbers of each country's partners, in name order.
    pub by_country: BTreeMap<CountryCode, Vec<usize>>,
    /// Sorted by the country's name in this language.
    pub countries: Vec<CountryView>,
    pub levels: Vec<LevelOption>,
    /// The areas some partner teaches, for the filter (empty: no filter).
    pub areas: Vec<Choice>,
    /// The training languages and deliveries some partner gives, for the filters (empty:
    /// no filter), languages by name in this language.
    pub training_languages: Vec<Choice>,
    pub deliveries: Vec<Choice>,
}

impl<'a> LanguageView<'a> {
    /// `order` lists the directory's partners in display order (see `name_order`). Rows found
    /// unchanged in `cache` are reused from it; the cache is then left holding this view's rows.
    pub fn new(
        language: &'a Language,
        is_default: bool,
        directory: &Directory,
        order: &[usize],
        cache: Option<&mut CachedRows>,
    ) -> LanguageView<'a> {
        let mut by_country: BTreeMap<CountryCode, Vec<usize>> = BTreeMap::new();
        for (i, &p) in order.iter().enumerate() {
            let country = directory.partners[p].listing.country;
            by_country.entry(country).or_default().push(i);
        }
        let convert = |p: &Partner| tera::Value::from_serializable(&row::row(language, p));
        let partners = order.iter().map(|&i| &directory.partners[i]);
        let rows: Vec<tera::Value> = match cache {
            None => partners.map(convert).collect(),
            Some(cache) => cache.refresh(partners, convert),
        };
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
        let taught: std::collections::BTreeSet<Area> = directory
            .partners
            .iter()
            .flat_map(|p| p.teaches.areas.iter().copied())
            .collect();
        let areas = taught.into_iter().map(|a| row::area(language, a)).collect();
        let (training_languages, deliveries) = facets(language, directory);
        LanguageView {
            language,
            strings: tera::Value::from_serializable(&language.strings),
            prefix,
            rows,
            by_country,
            countries,
            levels,
            areas,
            training_languages,
            deliveries,
        }
    }

    /// A country page's heading: "Partners in the Netherlands", with the article the
    /// translation's `[browse.country_in_text]` gives the country's name in running text.
    pub fn country_title(&self, code: CountryCode) -> String {
        self.language
            .strings
            .country_title
            .replace("{country}", self.language.country_in_text(code))
    }

    /// The rows of one country.
    pub fn country_rows(&self, code: CountryCode) -> tera::Value {
        let rows: Vec<tera::Value> = self
            .by_country
            .get(&code)
            .map(|rows| rows.iter().map(|&i| self.rows[i].clone()).collect())
            .unwrap_or_default();
        tera::Value::from(rows)
    }
}

/// The training languages and deliveries the directory's partners name, as filter choices.
fn facets(language: &Language, directory: &Directory) -> (Vec<Choice>, Vec<Choice>) {
    let mut codes = std::collections::BTreeSet::new();
    let mut deliveries = std::collections::BTreeSet::new();
    for p in &directory.partners {
        codes.extend(p.listing.about.languages.iter().copied());
        deliveries.extend(p.listing.about.delivery.iter().copied());
    }
    let mut languages: Vec<Choice> = codes
        .into_iter()
        .map(|c| row::training_language(language, c))
        .collect();
    languages.sort_by(|a, b| a.name.cmp(&b.name));
    let deliveries = deliveries
        .into_iter()
        .map(|d| row::delivery(language, d))
        .collect();
    (languages, deliveries)
}

/// One language's rows of the previous build, by partner, for the live preview: a row depends
/// only on its language and on its partner's listing and pending mark, so after a one-entry
/// edit every other row is reused instead of converted again (what it teaches is compared
/// too: it comes from the ledgers, not the listing, and so is the partner's history). Whoever keeps it must drop it
/// when the languages may have changed.
#[derive(Default)]
pub struct CachedRows(HashMap<PartnerId, CachedRow>);

impl CachedRows {
    /// The rows of `partners`, reusing the cached ones whose partner did not change; the
    /// cache then holds exactly these rows.
    fn refresh<'p>(
        &mut self,
        partners: impl Iterator<Item = &'p Partner>,
        convert: impl Fn(&Partner) -> tera::Value,
    ) -> Vec<tera::Value> {
        let mut fresh = HashMap::with_capacity(self.0.len());
        let rows = partners
            .map(|p| {
                let value = match self.0.remove(&p.id) {
                    Some(c)
                        if Arc::ptr_eq(&c.listing, &p.listing)
                            && c.pending == p.pending
                            && c.teaches == p.teaches
                            && c.months == p.months =>
                    {
                        c.value
                    }
                    _ => convert(p),
                };
                let cached = CachedRow {
                    listing: Arc::clone(&p.listing),
                    pending: p.pending,
                    teaches: p.teaches.clone(),
                    months: p.months.clone(),
                    value: value.clone(),
                };
                fresh.insert(p.id.clone(), cached);
                value
            })
            .collect();
        self.0 = fresh;
        rows
    }
}

struct CachedRow {
    /// Held, not only compared: a listing kept alive here cannot be freed and its address
    /// reused by a different listing.
    listing: Arc<Listing>,
    pending: bool,
    teaches: Teaches,
    months: Vec<crate::content::Month>,
    value: tera::Value,
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
