//! `PartnerView`: one partner as the templates see it, in one language: a row of the lists
//! and the facts of its own page.

use crate::content::{Area, Delivery, LanguageCode, Level, Partner};
use crate::i18n::Language;
use serde::Serialize;

/// One partner, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub country: crate::content::CountryCode,
    pub country_slug: String,
    pub country_name: &'static str,
    /// `action-pack`, `silver`, `gold`, or empty.
    pub level: &'static str,
    pub level_name: String,
    /// Name, aliases, city, description and exam codes, which the search box matches
    /// (`AZ-104` finds the partners whose page names it).
    pub search: String,
    /// Not published yet: shown only in draft previews.
    pub pending: bool,
    /// What the partner teaches: product areas, as chips.
    pub areas: Vec<Choice>,
    /// The filters' values, separated by spaces.
    pub area_slugs: String,
    pub language_codes: String,
    pub delivery_values: String,
    pub exams: Vec<String>,
    pub city: Option<String>,
    pub languages: Vec<Choice>,
    pub delivery: Vec<Choice>,
    pub description: Option<String>,
    /// The description's language when it is known to differ from the page's: the entry's
    /// `description_language`, else the training language of a partner that trains in one.
    pub description_lang: Option<String>,
    /// When the listed landing page was checked, from the ledger: "Checked on 18 November 2026".
    pub checked_label: Option<String>,
    /// `YYYY-MM`, for sorting by most recently listed.
    pub since: String,
    pub since_label: String,
    /// The accepted listings and updates, newest first, in words.
    pub history: Vec<String>,
}

/// A value with its name in the page's language: an area chip, a language, a delivery, or
/// a choice of a filter.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub name: String,
}

pub fn area(language: &Language, area: Area) -> Choice {
    Choice {
        value: area.as_str().to_owned(),
        name: language.strings.areas.name(area).to_owned(),
    }
}

/// A training language, named in the page's language.
pub fn training_language(language: &Language, code: LanguageCode) -> Choice {
    Choice {
        value: code.to_string(),
        name: code.name_in(&language.code).to_owned(),
    }
}

pub fn delivery(language: &Language, delivery: Delivery) -> Choice {
    Choice {
        value: delivery.as_str().to_owned(),
        name: language.strings.browse.delivery_name(delivery).to_owned(),
    }
}

pub fn row(language: &Language, p: &Partner) -> PartnerView {
    let l = &p.listing;
    let about = &l.about;
    let b = &language.strings.browse;
    let mut search = l.name.clone();
    let extra = l.aliases.iter().chain(&p.teaches.exams).map(String::as_str);
    let extra = extra
        .chain(about.city.as_deref())
        .chain(about.description.as_deref());
    for text in extra {
        search.push_str(" | ");
        search.push_str(text);
    }
    let languages: Vec<Choice> = about
        .languages
        .iter()
        .map(|c| training_language(language, *c))
        .collect();
    let delivery: Vec<Choice> = about
        .delivery
        .iter()
        .map(|d| self::delivery(language, *d))
        .collect();
    let values = |choices: &[Choice]| {
        let v: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
        v.join(" ")
    };
    let areas: Vec<Choice> = p.teaches.areas.iter().map(|a| area(language, *a)).collect();
    // In a preview, the shown listing's month is not published yet: it says so, and a
    // partner never published yet is not "listed since" anything.
    let latest = p.months.last().copied();
    let history = p
        .months
        .iter()
        .rev()
        .map(|m| {
            let pattern = if p.pending && Some(*m) == latest {
                &b.history_pending
            } else if *m == p.listed_since {
                &b.history_listed
            } else {
                &b.history_updated
            };
            pattern.replace("{month}", &language.format_month(*m))
        })
        .collect();
    let since_label = match p.pending && p.months.len() <= 1 {
        true => b.pending_note.clone(),
        false => b
            .listed_since
            .replace("{month}", &language.format_month(p.listed_since)),
    };
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
        area_slugs: values(&areas),
        areas,
        language_codes: values(&languages),
        delivery_values: values(&delivery),
        exams: p.teaches.exams.clone(),
        city: about.city.clone(),
        languages,
        delivery,
        description: about.description.clone(),
        description_lang: about
            .description_language
            .or(match about.languages.as_slice() {
                [only] => Some(*only),
                _ => None,
            })
            .map(|l| l.to_string())
            .filter(|l| *l != language.code),
        checked_label: p
            .checked
            .map(|day| b.checked_on.replace("{date}", &language.format_day(day))),
        since: p.listed_since.to_string(),
        since_label,
        history,
    }
}
