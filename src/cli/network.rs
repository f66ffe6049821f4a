//! The network flags the fetching commands share, applied over the configured defaults.

use crate::validate::{NetworkSettings, Pin};
use std::time::Duration;

/// The largest `--max-bytes`: pages beyond it are not landing pages, and each page in flight
/// is held in memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// `--jobs`: pages fetched at once (1 to 1024).
pub fn jobs_parser() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=1024)
}

/// The fetch flags every command that fetches pages takes (`self-check` too).
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Seconds for one page: its fetch, redirects, retries, analysis and verification file
    /// (1 to 600) [default: 20].
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: Option<u64>,
    /// The largest page accepted, in bytes after decompression (1024 to 67108864, 64 MiB)
    /// [default: 5 MiB].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1024..=MAX_BYTES))]
    pub max_bytes: Option<u64>,
    /// For tests and intranets: pin HOST on PORT to the address ADDR, like curl's option
    /// (repeatable). Pinned destinations are used as given, whatever their address.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<Pin>,
    /// For tests and intranets: also trust the root certificates in this PEM file (an
    /// intranet's own authority; `scripts/sample-ledgers.sh` uses a throwaway one).
    #[arg(long, value_name = "FILE", value_parser = read_roots)]
    pub ca_cert: Vec<Roots>,
    /// For tests and intranets: accept plain-http landing pages (by default only https passes).
    #[arg(long)]
    pub allow_http: bool,
    /// The User-Agent header [default: lpdir/<version> with the project's URL].
    #[arg(long)]
    pub user_agent: Option<String>,
}

/// The PEM text of a `--ca-cert` file, checked to hold certificates.
#[derive(Debug, Clone)]
pub struct Roots(Vec<u8>);

fn read_roots(path: &str) -> Result<Roots, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    match reqwest::Certificate::from_pem_bundle(&pem) {
        Ok(certs) if !certs.is_empty() => Ok(Roots(pem)),
        Ok(_) => Err(format!(
            "`{path}` holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        )),
        Err(e) => Err(format!("`{path}` is not a PEM certificate file: {e}")),
    }
}

impl FetchArgs {
    /// The configured settings with these flags on top.
    pub fn apply(&self, mut settings: NetworkSettings) -> NetworkSettings {
        if let Some(t) = self.timeout {
            settings.timeout = Duration::from_secs(t);
        }
        if let Some(m) = self.max_bytes {
            settings.max_bytes = m;
        }
        settings.pins.extend(self.resolve.iter().cloned());
        settings.allow_http |= self.allow_http;
        for roots in &self.ca_cert {
            settings.extra_roots.extend_from_slice(&roots.0);
        }
        if let Some(ua) = &self.user_agent {
            settings.user_agent = ua.clone();
        }
        settings
    }
}

/// The network flags of `check`, `validate` and `publish`: the fetch flags and, for a
/// maintainer's intranet, `--allow-private`.
#[derive(Debug, Clone, clap::Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Allow private, loopback and other internal addresses and any port (an intranet).
    #[arg(long)]
    pub allow_private: bool,
}

impl NetworkArgs {
    /// The configured settings with these flags on top.
    pub fn apply(&self, settings: NetworkSettings) -> NetworkSettings {
        let mut settings = self.fetch.apply(settings);
        settings.allow_private |= self.allow_private;
        settings
    }
}

/// The output format of `check` and `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: one block per page, each rule with its evidence.
    Text,
    /// The stable machine format documented in the README.
    Json,
}
