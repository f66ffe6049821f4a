//! `Strings`: every interface string of one language, as the translation files hold them.

use serde::{Deserialize, Serialize};

/// The interface strings of one language. Every key is required, so a translation file that
/// misses one is an error at build time, not a blank on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub language_name: String,
    pub site_title: String,
    pub site_description: String,
    pub skip_to_content: String,
    pub nav_label: String,
    pub nav_home: String,
    pub nav_countries: String,
    pub languages_label: String,
    pub filter_heading: String,
    pub search_label: String,
    pub search_hint: String,
    pub country_label: String,
    pub all_countries: String,
    pub level_label: String,
    pub all_levels: String,
    pub clear_filters: String,
    pub table_caption: String,
    pub col_partner: String,
    pub col_country: String,
    pub col_level: String,
    pub level_action_pack: String,
    pub level_silver: String,
    pub level_gold: String,
    pub no_level: String,
    /// The badge of a partner not yet published, in draft previews.
    pub pending: String,
    pub partner_count_one: String,
    pub partner_count_other: String,
    /// `{shown}` of `{total}` partners; `showing_one` when the page lists one partner.
    pub showing: String,
    pub showing_one: String,
    pub no_results: String,
    pub last_updated: String,
    pub next_update: String,
    pub countries_title: String,
    pub countries_intro: String,
    /// A country page's heading; `{country}` is the name as running text takes it
    /// (`[browse.country_in_text]`: "the Netherlands").
    pub country_title: String,
    pub all_partners: String,
    pub downloads: String,
    pub feed_title: String,
    pub feed_entry_title: String,
    pub feed_added: String,
    pub feed_updated: String,
    pub feed_removed: String,
    pub not_found_title: String,
    pub not_found_text: String,
    pub back_home: String,
    pub footer_note: String,
    /// Before the link to where partners apply (`apply` in lpdir.toml).
    pub apply_cta: String,
    pub heading_anchor: String,
    pub month_format: String,
    pub date_format: String,
    pub months: [String; 12],
    /// The partner self-check's words (English where a site's translation has none).
    #[serde(default)]
    pub self_check: super::SelfCheckStrings,
    /// The product areas' names (English where a site's translation has none).
    #[serde(default)]
    pub areas: super::AreaNames,
    /// Partner pages, sorting, filters, statistics and embeds (English where a site's
    /// translation has none).
    #[serde(default = "super::BrowseStrings::english")]
    pub browse: super::BrowseStrings,
}

/// The keys of `Strings`, for did-you-mean suggestions.
pub const KEYS: &[&str] = &[
    "language_name",
    "site_title",
    "site_description",
    "skip_to_content",
    "nav_label",
    "nav_home",
    "nav_countries",
    "languages_label",
    "filter_heading",
    "search_label",
    "search_hint",
    "country_label",
    "all_countries",
    "level_label",
    "all_levels",
    "clear_filters",
    "table_caption",
    "col_partner",
    "col_country",
    "col_level",
    "level_action_pack",
    "level_silver",
    "level_gold",
    "no_level",
    "pending",
    "partner_count_one",
    "partner_count_other",
    "showing",
    "showing_one",
    "no_results",
    "last_updated",
    "next_update",
    "countries_title",
    "countries_intro",
    "country_title",
    "all_partners",
    "downloads",
    "feed_title",
    "feed_entry_title",
    "feed_added",
    "feed_updated",
    "feed_removed",
    "not_found_title",
    "not_found_text",
    "back_home",
    "footer_note",
    "apply_cta",
    "heading_anchor",
    "month_format",
    "date_format",
    "months",
    "self_check",
    "areas",
    "browse",
];
