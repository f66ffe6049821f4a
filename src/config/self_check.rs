//! `[self_check]` of lpdir.toml: the partner self-check service's settings, and every limit it
//! keeps (`ServiceLimits`), each with its default. docs/security.md lists them for operators.

use super::Validator;
use super::raw::RawSelfCheck;
use std::net::IpAddr;
use std::ops::RangeInclusive;
use std::time::Duration;
use toml::Spanned;

/// The self-check service's settings, per instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfCheckSettings {
    /// Everything one instance accepts.
    pub limits: ServiceLimits,
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
}

impl Default for SelfCheckSettings {
    fn default() -> SelfCheckSettings {
        SelfCheckSettings {
            limits: ServiceLimits::default(),
            trusted_proxies: Vec::new(),
            reload: Duration::from_secs(60),
            render: crate::validate::RenderMode::Auto,
            render_jobs: None,
            allow_http: false,
        }
    }
}

/// Every limit of the self-check service: how much one client, one target host and all of
/// them together may take of it. The service and its HTTP server read them from here only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLimits {
    /// Checks one client may start per minute and per hour.
    pub per_minute: u32,
    pub per_hour: u32,
    /// Checks of one target host per minute, across all clients: the service must not be a
    /// way to hammer a third party's site.
    pub per_host_per_minute: u32,
    /// Clients and target hosts remembered for those limits; when a table is full, idle
    /// entries and then the least recently used tenth are dropped, never a newcomer refused.
    pub max_clients: usize,
    pub max_hosts: usize,
    /// Checks running at once, and how many more may wait for a place.
    pub max_in_flight: usize,
    pub max_queue: usize,
    /// How long a result is served again instead of checked again, and how many are kept.
    pub cache: Duration,
    pub cache_entries: usize,
    /// Screenshots kept for result pages, all together.
    pub screenshot_bytes: usize,
    /// Connections open at once, in all and from one client address (an IPv6 /64).
    pub max_connections: usize,
    pub connections_per_client: usize,
    /// Time for a client to send a request's head, then its body; time a connection may sit
    /// idle.
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub idle_timeout: Duration,
    /// The largest form or API request body.
    pub max_body: usize,
}

impl Default for ServiceLimits {
    fn default() -> ServiceLimits {
        ServiceLimits {
            per_minute: 6,
            per_hour: 30,
            per_host_per_minute: 4,
            max_clients: 100_000,
            max_hosts: 100_000,
            max_in_flight: 16,
            max_queue: 32,
            cache: Duration::from_secs(300),
            cache_entries: 10_000,
            screenshot_bytes: 256 * MIB,
            max_connections: 256,
            connections_per_client: 16,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_body: 8 * 1024,
        }
    }
}

const MIB: usize = 1024 * 1024;

/// One numeric key of `[self_check]`: its raw value, name, accepted range and where it goes.
type Setting<'a, T> = (
    &'a Option<Spanned<i64>>,
    &'a str,
    RangeInclusive<i64>,
    &'a mut T,
);

/// The largest body the HTTP server reads at all; `max_body` may not exceed it.
pub const MAX_BODY_CEILING: usize = 64 * 1024;

impl Validator<'_> {
    pub(super) fn self_check_section(&mut self, v: RawSelfCheck, s: &mut SelfCheckSettings) {
        self.limits(&v, &mut s.limits);
        if let Some(x) = self.setting(&v.reload_secs, "reload_secs", 1..=86_400) {
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
        if let Some(x) = self.setting(&v.render_jobs, "render_jobs", 1..=64) {
            s.render_jobs = Some(x as usize);
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

    fn limits(&mut self, v: &RawSelfCheck, l: &mut ServiceLimits) {
        let count = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        let size = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
        let secs = Duration::from_secs;
        let u32s: [Setting<u32>; 3] = [
            (&v.per_minute, "per_minute", 1..=10_000, &mut l.per_minute),
            (&v.per_hour, "per_hour", 1..=100_000, &mut l.per_hour),
            (
                &v.per_host_per_minute,
                "per_host_per_minute",
                1..=1_000,
                &mut l.per_host_per_minute,
            ),
        ];
        for (value, key, range, field) in u32s {
            if let Some(x) = self.setting(value, key, range) {
                *field = count(x);
            }
        }
        let body_ceiling = MAX_BODY_CEILING as i64;
        let sizes: [Setting<usize>; 9] = [
            (
                &v.max_clients,
                "max_clients",
                100..=10_000_000,
                &mut l.max_clients,
            ),
            (
                &v.max_hosts,
                "max_hosts",
                100..=10_000_000,
                &mut l.max_hosts,
            ),
            (
                &v.max_in_flight,
                "max_in_flight",
                1..=1_024,
                &mut l.max_in_flight,
            ),
            (&v.max_queue, "max_queue", 0..=10_000, &mut l.max_queue),
            (
                &v.cache_entries,
                "cache_entries",
                1..=1_000_000,
                &mut l.cache_entries,
            ),
            (
                &v.max_connections,
                "max_connections",
                1..=65_536,
                &mut l.max_connections,
            ),
            (
                &v.connections_per_client,
                "connections_per_client",
                1..=65_536,
                &mut l.connections_per_client,
            ),
            (
                &v.max_body_bytes,
                "max_body_bytes",
                1_024..=body_ceiling,
                &mut l.max_body,
            ),
            (
                &v.screenshot_mib,
                "screenshot_mib",
                0..=65_536,
                &mut l.screenshot_bytes,
            ),
        ];
        for (value, key, range, field) in sizes {
            if let Some(x) = self.setting(value, key, range) {
                *field = match key {
                    "screenshot_mib" => size(x).saturating_mul(MIB),
                    _ => size(x),
                };
            }
        }
        let times: [Setting<Duration>; 4] = [
            (&v.cache_secs, "cache_secs", 0..=86_400, &mut l.cache),
            (
                &v.header_timeout_secs,
                "header_timeout_secs",
                1..=300,
                &mut l.header_timeout,
            ),
            (
                &v.body_timeout_secs,
                "body_timeout_secs",
                1..=300,
                &mut l.body_timeout,
            ),
            (
                &v.idle_timeout_secs,
                "idle_timeout_secs",
                1..=3_600,
                &mut l.idle_timeout,
            ),
        ];
        for (value, key, range, field) in times {
            if let Some(x) = self.setting(value, key, range) {
                *field = secs(x);
            }
        }
    }

    fn setting(
        &mut self,
        value: &Option<Spanned<i64>>,
        key: &str,
        range: RangeInclusive<i64>,
    ) -> Option<u64> {
        value.as_ref().and_then(|x| self.number(x, key, range))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::*;

    #[test]
    fn every_limit_is_read_from_self_check() {
        let c = Config::parse(
            "[self_check]\nper_minute = 2\nper_hour = 20\nper_host_per_minute = 3\n\
             max_clients = 500\nmax_hosts = 600\nmax_in_flight = 4\nmax_queue = 5\n\
             cache_secs = 7\ncache_entries = 8\nscreenshot_mib = 9\nmax_connections = 10\n\
             connections_per_client = 11\nheader_timeout_secs = 12\nbody_timeout_secs = 13\n\
             idle_timeout_secs = 14\nmax_body_bytes = 2048\n",
        )
        .unwrap();
        let want = ServiceLimits {
            per_minute: 2,
            per_hour: 20,
            per_host_per_minute: 3,
            max_clients: 500,
            max_hosts: 600,
            max_in_flight: 4,
            max_queue: 5,
            cache: Duration::from_secs(7),
            cache_entries: 8,
            screenshot_bytes: 9 * MIB,
            max_connections: 10,
            connections_per_client: 11,
            header_timeout: Duration::from_secs(12),
            body_timeout: Duration::from_secs(13),
            idle_timeout: Duration::from_secs(14),
            max_body: 2048,
        };
        assert_eq!(c.self_check.limits, want);
    }

    #[test]
    fn limits_out_of_range_are_each_located() {
        let err = Config::parse(
            "[self_check]\nmax_clients = 1\nmax_body_bytes = 1000000\nidle_timeout_secs = 0\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = err
            .0
            .iter()
            .map(|p| p.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, vec![2, 3, 4]);
        let text = format!("{err:?}");
        assert!(text.contains("use a number from 1024 to 65536"), "{text}");
    }
}
