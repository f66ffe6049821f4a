//! `RawConfig`: `lpdir.toml` exactly as written, with the position of every value.

use serde::Deserialize;
use toml::Spanned;

/// Every setting is optional: a site root without `lpdir.toml` works.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub base_url: Option<Spanned<String>>,
    pub languages: Option<Spanned<Vec<Spanned<String>>>>,
    pub output: Option<Spanned<String>>,
    pub max_entry_bytes: Option<Spanned<i64>>,
    pub feed_months: Option<Spanned<i64>>,
}

/// The keys `RawConfig` accepts, for did-you-mean suggestions.
pub const KEYS: &[&str] = &[
    "base_url",
    "languages",
    "output",
    "max_entry_bytes",
    "feed_months",
];
