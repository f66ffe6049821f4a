//! `[self_check]` of lpdir.toml: the limits of the partner self-check service.

use super::Validator;
use super::raw::RawSelfCheck;
use std::net::IpAddr;
use std::time::Duration;

/// The self-check service's limits, per instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfCheckSettings {
    /// Checks one client may start per minute and per hour.
    pub per_minute: u32,
    pub per_hour: u32,
    /// Checks of one target host per minute, across all clients: the service must not be a
    /// way to hammer a third party's site.
    pub per_host_per_minute: u32,
    /// Checks running at once, and how many more may wait for a place.
    pub max_in_flight: usize,
    pub max_queue: usize,
    /// How long a result is served from the cache.
    pub cache: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// How often the site's sources are read again for new partners.
    pub reload: Duration,
    /// Whether pages are rendered by a browser (`auto`: when one is installed).
    pub render: crate::validate::RenderMode,
    /// Pages rendered at once; more checks wait for a place (default: the number of cores).
    pub render_jobs: Option<usize>,
    /// Plain-http landing pages accepted: the service's own setting, never `[validate]`'s.
    pub allow_http: bool,
    /// Connections open at once, in all and from one client address (an IPv6 /64).
    pub max_connections: usize,
    pub connections_per_client: usize,
}

impl Default for SelfCheckSettings {
    fn default() -> SelfCheckSettings {
        SelfCheckSettings {
            per_minute: 6,
            per_hour: 30,
            per_host_per_minute: 4,
            max_in_flight: 16,
            max_queue: 32,
            cache: Duration::from_secs(300),
            trusted_proxies: Vec::new(),
            reload: Duration::from_secs(60),
            render: crate::validate::RenderMode::Auto,
            render_jobs: None,
            allow_http: false,
            max_connections: 256,
            connections_per_client: 16,
        }
    }
}

impl Validator<'_> {
    pub(super) fn self_check_section(&mut self, v: RawSelfCheck, s: &mut SelfCheckSettings) {
        let small = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        if let Some(x) = v
            .per_minute
            .as_ref()
            .and_then(|x| self.number(x, "per_minute", 1..=10_000))
        {
            s.per_minute = small(x);
        }
        if let Some(x) = v
            .per_hour
            .as_ref()
            .and_then(|x| self.number(x, "per_hour", 1..=100_000))
        {
            s.per_hour = small(x);
        }
        if let Some(x) = v
            .per_host_per_minute
            .as_ref()
            .and_then(|x| self.number(x, "per_host_per_minute", 1..=1_000))
        {
            s.per_host_per_minute = small(x);
        }
        if let Some(x) = v
            .max_in_flight
            .as_ref()
            .and_then(|x| self.number(x, "max_in_flight", 1..=1_024))
        {
            s.max_in_flight = x as usize;
        }
        if let Some(x) = v
            .max_queue
            .as_ref()
            .and_then(|x| self.number(x, "max_queue", 0..=10_000))
        {
            s.max_queue = x as usize;
        }
        if let Some(x) = v
            .cache_secs
            .as_ref()
            .and_then(|x| self.number(x, "cache_secs", 0..=86_400))
        {
            s.cache = Duration::from_secs(x);
        }
        if let Some(x) = v
            .reload_secs
            .as_ref()
            .and_then(|x| self.number(x, "reload_secs", 1..=86_400))
        {
            s.reload = Duration::from_secs(x);
        }
        if let Some(mode) = &v.render {
            match mode.get_ref().parse() {
                Ok(m) => s.render = m,
                Err(e) => self.bad(
                    mode,
                    "render",
                    e,
                    "use \"auto\" (render when a browser is installed), \"always\" or \"never\"",
                ),
            }
        }
        if let Some(x) = v
            .render_jobs
            .as_ref()
            .and_then(|x| self.number(x, "render_jobs", 1..=64))
        {
            s.render_jobs = Some(x as usize);
        }
        if let Some(x) = v
            .max_connections
            .as_ref()
            .and_then(|x| self.number(x, "max_connections", 1..=65_536))
        {
            s.max_connections = x as usize;
        }
        if let Some(x) = v
            .connections_per_client
            .as_ref()
            .and_then(|x| self.number(x, "connections_per_client", 1..=65_536))
        {
            s.connections_per_client = x as usize;
        }
        if let Some(on) = v.allow_http {
            s.allow_http = on;
        }
        for proxy in v.trusted_proxies.unwrap_or_default() {
            match proxy.get_ref().parse::<IpAddr>() {
                Ok(ip) => s.trusted_proxies.push(ip),
                Err(_) => self.bad(
                    &proxy,
                    "trusted_proxies",
                    format!("`{}` is not an IP address", proxy.get_ref()),
                    "list the addresses of your reverse proxies, e.g. [\"127.0.0.1\"]",
                ),
            }
        }
    }
}
