//! The network flags the fetching commands share, applied over the configured defaults.

use lpdir::validate::{NetworkSettings, Pin, RenderMode, Rendering};
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

/// The network flags of `check`, `validate`, `publish` and `add --check`: the fetch flags,
/// rendering and, for a maintainer's intranet, `--allow-private`.
#[derive(Debug, Clone, clap::Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    pub fetch: FetchArgs,
    #[command(flatten)]
    pub render: RenderArgs,
    /// Allow private, loopback and other internal addresses and any port (an intranet).
    #[arg(long)]
    pub allow_private: bool,
}

/// `--render`, as clap reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderChoice {
    /// Render when a browser is found; otherwise judge the server's HTML and say so.
    Auto,
    /// Render; without a browser, stop with a usage error.
    Always,
    /// Judge the HTML the server sends (scripts do not run).
    Never,
}

/// How pages are seen: rendered by a browser whose every request passes lpdir's guard.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Judge pages as a browser shows them, scripts run (auto: when a browser is found)
    /// [default: auto].
    #[arg(long, value_enum)]
    pub render: Option<RenderChoice>,
    /// The Chromium-family browser [default: LPDIR_BROWSER, then chromium, chromium-browser,
    /// google-chrome or google-chrome-stable on PATH].
    #[arg(long, value_name = "PATH")]
    pub browser: Option<std::path::PathBuf>,
    /// Pages rendered at once (1 to 64) [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=64))]
    pub render_jobs: Option<u64>,
}

impl RenderArgs {
    /// `--render`, or `configured` when it is not given.
    pub fn mode(&self, configured: RenderMode) -> RenderMode {
        match self.render {
            None => configured,
            Some(RenderChoice::Auto) => RenderMode::Auto,
            Some(RenderChoice::Always) => RenderMode::Always,
            Some(RenderChoice::Never) => RenderMode::Never,
        }
    }

    /// The run's rendering; a usage error (printed, with its help) when it cannot be set up.
    pub fn rendering(&self) -> Result<Rendering, u8> {
        self.rendering_over(RenderMode::Auto, None)
    }

    /// The rendering of `check` and `validate`, which may also photograph pages:
    /// `--screenshots` with `--render never` is a usage error (only a rendered page is
    /// photographed). Errors are printed; the exit status comes back.
    pub fn rendering_with_screenshots(
        &self,
        screenshots: Option<&std::path::Path>,
    ) -> Result<Rendering, u8> {
        if screenshots.is_some() && self.render == Some(RenderChoice::Never) {
            anstream::eprintln!(
                "error: --screenshots needs rendered pages, and --render never turns rendering off\n   \
                 = help: leave out --render never (or --screenshots)"
            );
            return Err(super::EXIT_INPUT);
        }
        self.rendering()
    }

    /// The rendering with `configured` settings (the service's) under these flags.
    pub fn rendering_over(
        &self,
        configured: RenderMode,
        configured_jobs: Option<usize>,
    ) -> Result<Rendering, u8> {
        let jobs = self
            .render_jobs
            .map(|j| j as usize)
            .or(configured_jobs)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
        Rendering::decide(self.mode(configured), self.browser.as_deref(), jobs).map_err(|e| {
            anstream::eprintln!("error: {e}\n   = help: {}", e.help());
            super::EXIT_INPUT
        })
    }
}

/// Writes one screenshot into `dir` as `<name>.png` (a temporary file, then a rename) and
/// records its path on the report.
pub fn save_picture(dir: &std::path::Path, name: &str, report: &mut lpdir::validate::PageReport) {
    let Some(picture) = report.picture.take() else {
        return;
    };
    let path = dir.join(format!("{name}.png"));
    match lpdir::sources::write_replacing(dir, &format!("{name}.png"), &picture) {
        Ok(()) => report.screenshot = Some(path.display().to_string()),
        Err(e) => anstream::eprintln!("warning: cannot write {}: {e}", path.display()),
    }
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
    /// The stable machine format documented in docs/rules.md.
    Json,
}

/// A name safe as a file name: letters, digits, dots and dashes; anything else becomes `_`.
pub fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' => c,
            _ => '_',
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_owned()
}
