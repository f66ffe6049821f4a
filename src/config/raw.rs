//! `RawConfig`: `lpdir.toml` exactly as written, with the position of every value.

use crate::validate::Competitor;
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
    pub validate: Option<RawValidate>,
    pub self_check_url: Option<Spanned<String>>,
    pub apply: Option<Spanned<String>>,
    pub self_check: Option<RawSelfCheck>,
}

/// `[self_check]`: the self-check service's limits.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelfCheck {
    pub per_minute: Option<Spanned<i64>>,
    pub per_hour: Option<Spanned<i64>>,
    pub per_host_per_minute: Option<Spanned<i64>>,
    pub max_in_flight: Option<Spanned<i64>>,
    pub max_queue: Option<Spanned<i64>>,
    pub cache_secs: Option<Spanned<i64>>,
    pub reload_secs: Option<Spanned<i64>>,
    pub trusted_proxies: Option<Vec<Spanned<String>>>,
    pub render: Option<Spanned<String>>,
    pub render_jobs: Option<Spanned<i64>>,
    pub allow_http: Option<bool>,
    pub max_connections: Option<Spanned<i64>>,
    pub connections_per_client: Option<Spanned<i64>>,
    pub max_clients: Option<Spanned<i64>>,
    pub max_hosts: Option<Spanned<i64>>,
    pub cache_entries: Option<Spanned<i64>>,
    pub screenshot_mib: Option<Spanned<i64>>,
    pub header_timeout_secs: Option<Spanned<i64>>,
    pub body_timeout_secs: Option<Spanned<i64>>,
    pub idle_timeout_secs: Option<Spanned<i64>>,
    pub max_body_bytes: Option<Spanned<i64>>,
}

/// `[validate]`: the crawler's defaults and the rules' word lists. Lists replace the defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValidate {
    pub timeout_secs: Option<Spanned<i64>>,
    pub max_bytes: Option<Spanned<i64>>,
    pub user_agent: Option<String>,
    pub allow_http: Option<bool>,
    pub jobs: Option<Spanned<i64>>,
    pub per_host: Option<Spanned<i64>>,
    pub retries: Option<Spanned<i64>>,
    pub platform_domains: Option<Vec<String>>,
    pub microsoft_domains: Option<Vec<String>>,
    pub neutral_domains: Option<Vec<String>>,
    pub microsoft_terms: Option<Vec<String>>,
    pub programme_terms: Option<Vec<String>>,
    pub exam_prefixes: Option<Vec<String>>,
    pub competitors: Option<Vec<Competitor>>,
}

/// The keys `RawConfig` and `RawValidate` accept, for did-you-mean suggestions.
pub const KEYS: &[&str] = &[
    "base_url",
    "languages",
    "output",
    "max_entry_bytes",
    "feed_months",
    "validate",
    "self_check_url",
    "apply",
    "self_check",
    "per_minute",
    "per_hour",
    "per_host_per_minute",
    "max_in_flight",
    "max_queue",
    "cache_secs",
    "reload_secs",
    "trusted_proxies",
    "render",
    "render_jobs",
    "max_connections",
    "connections_per_client",
    "max_clients",
    "max_hosts",
    "cache_entries",
    "screenshot_mib",
    "header_timeout_secs",
    "body_timeout_secs",
    "idle_timeout_secs",
    "max_body_bytes",
    "timeout_secs",
    "max_bytes",
    "user_agent",
    "allow_http",
    "jobs",
    "per_host",
    "retries",
    "platform_domains",
    "microsoft_domains",
    "neutral_domains",
    "microsoft_terms",
    "programme_terms",
    "exam_prefixes",
    "competitors",
    "name",
    "names",
    "domains",
];
