//! `BrowseStrings`: the words of browsing the directory beyond the list itself: partner
//! pages, sorting and active filters, the optional partner facts, statistics and embeds.
//!
//! They live in a `[browse]` table of the translation files. A site's own translation
//! without the table gets the built-in English words, so adding it broke no site.

use crate::content::{CountryCode, Delivery};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrowseStrings {
    /// A partner page's `<title>` and description; `{partner}`, `{country}`.
    pub partner_title: String,
    pub partner_description: String,
    pub details_label: String,
    pub city_label: String,
    pub languages_label: String,
    pub all_languages: String,
    pub delivery_label: String,
    pub any_delivery: String,
    pub classroom: String,
    #[serde(rename = "virtual")]
    pub online: String,
    pub on_site: String,
    pub exams_label: String,
    pub landing_label: String,
    /// `{date}`: when the listed landing page was checked.
    #[serde(default = "english_checked_on")]
    pub checked_on: String,
    /// The landing link's words; `{domain}`: the website it leads to.
    pub visit_landing: String,
    /// Said to screen readers and shown beside links that leave the directory.
    pub external: String,
    /// `{month}`.
    pub listed_since: String,
    pub history_heading: String,
    /// `{month}`.
    pub history_listed: String,
    pub history_updated: String,
    /// A preview's month not published yet; `{month}`. (Defaults to the built-in English
    /// words, so that a site's own translation from before it still loads.)
    #[serde(default = "english_history_pending")]
    pub history_pending: String,
    /// A preview's partner never published yet, instead of "Listed since".
    #[serde(default = "english_pending_note")]
    pub pending_note: String,
    pub sort_label: String,
    pub sort_name: String,
    pub sort_country: String,
    pub sort_level: String,
    pub sort_recent: String,
    pub active_filters: String,
    /// A chip's button; `{filter}`: what it removes.
    pub remove_filter: String,
    pub filters_button: String,
    /// The button under a long list; `{count}`: how many more rows it shows.
    pub show_more: String,
    /// `{count}`: the number of active filters.
    pub filters_active: String,
    pub nav_stats: String,
    pub stats_title: String,
    pub stats_intro: String,
    pub stats_by_country: String,
    pub stats_by_area: String,
    pub stats_by_month: String,
    pub col_partners: String,
    pub col_area: String,
    pub col_month: String,
    pub col_added: String,
    pub col_removed: String,
    /// The embed's footer link back to the directory.
    pub embed_source: String,
    /// Country names as running text takes them, where that differs from the name alone:
    /// English "the Netherlands", Dutch "de Verenigde Staten". Keyed by ISO code.
    #[serde(default)]
    pub country_in_text: BTreeMap<String, String>,
}

fn english_history_pending() -> String {
    BrowseStrings::english().history_pending
}

fn english_pending_note() -> String {
    BrowseStrings::english().pending_note
}

impl BrowseStrings {
    /// The built-in English words: the fallback for a translation without `[browse]`.
    pub fn english() -> BrowseStrings {
        // A unit test shows the built-in file parses; were it broken, the words would be
        // empty rather than the build failing on a file the user cannot fix.
        super::english_section("browse").unwrap_or_default()
    }

    pub fn delivery_name(&self, delivery: Delivery) -> &str {
        match delivery {
            Delivery::Classroom => &self.classroom,
            Delivery::Virtual => &self.online,
            Delivery::OnSite => &self.on_site,
        }
    }

    /// The country's name in running text: "the Netherlands" where the table says so,
    /// else `name`.
    pub fn country_in_text<'a>(&'a self, code: CountryCode, name: &'a str) -> &'a str {
        self.country_in_text
            .get(code.as_str())
            .map_or(name, String::as_str)
    }
}

/// For a site's own translation written before the words existed.
fn english_checked_on() -> String {
    super::english_word("browse", "checked_on")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_words_parse_and_fill_every_field() {
        let en = BrowseStrings::english();
        assert_eq!(en.sort_name, "Name");
        let json = serde_json::to_value(&en).unwrap();
        for (key, value) in json.as_object().unwrap() {
            if let Some(s) = value.as_str() {
                assert!(!s.is_empty(), "{key} is empty");
            }
        }
        let nl = CountryCode::parse("NL").unwrap();
        assert_eq!(en.country_in_text(nl, "Netherlands"), "the Netherlands");
    }
}
