//! `Service`: what the self-check service holds between requests (the directory's checker,
//! the limits, the cache, the counters) and the pipeline of one check.

use super::cache::{Cache, Checked, Pictures};
use super::limits::{Full, Gate, Rate, RateLimiter, client_key};
use super::metrics::{Metrics, Refused};
use crate::config::SelfCheckSettings;
use crate::content::{Directory, Problems};
use crate::i18n::Language;
use crate::publish::{Ledger, LedgerError, Scope, published};
use crate::site_root::SiteRoot;
use crate::validate::{Candidate, NetworkSettings, Request, RequestError, SelfCheck};
use std::hash::{BuildHasher, Hash};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the service was started.
#[derive(Debug, Clone)]
pub struct ServiceOptions {
    pub root: PathBuf,
    /// The crawler's settings; the address guard is always on (`allow_private` is ignored).
    pub network: NetworkSettings,
    pub settings: SelfCheckSettings,
    /// Whether pages are rendered; rendered pages are photographed for the result page.
    pub rendering: crate::validate::Rendering,
    /// Whether pins (`--resolve`) may point at private or loopback addresses: a pin is used
    /// as given, so one to an internal address lets any visitor fetch from it.
    pub allow_private_pins: bool,
    /// Whether `/metrics` is served on the service's own address.
    pub metrics_here: bool,
}

/// Why the directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Content(Problems),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("cannot start the crawler: {0}")]
    Crawler(String),
    #[error(transparent)]
    Templates(crate::site::SiteError),
    #[error(
        "--resolve {host}:{port}:{addr} pins a host to {why}: every visitor of the service \
         could fetch from it. Pin to a public address, or pass --allow-private-pins if that \
         is meant (a test, or a service on an intranet)"
    )]
    PrivatePin {
        host: String,
        port: u16,
        addr: IpAddr,
        why: &'static str,
    },
}

/// Why a check was not run, and how long to wait where that helps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Invalid(RequestError),
    /// This client checked too often.
    RateLimited(Duration),
    /// The page's host was checked too often, by anyone.
    HostLimited(Duration),
    /// Too many checks are running or waiting.
    Busy(Duration),
}

/// The directory as loaded: the checker for it and the service's languages.
pub struct Loaded {
    pub checker: SelfCheck,
    pub languages: Vec<Language>,
    pub partners: usize,
    /// The site's links, for the service's pages.
    pub links: SiteLinks,
    /// The pages' templates: lpdir's, or the site's own `templates/self-check/`.
    pub templates: crate::site::Templates,
}

/// Where the service's pages send a partner: the directory, its rules, where to apply.
#[derive(Debug, Clone)]
pub struct SiteLinks {
    /// The site's address, and its languages (the first served at the root).
    pub site: url::Url,
    pub languages: Vec<String>,
    /// The site's "how to get listed" page, when it has one.
    pub rules_page: Option<String>,
    pub apply: Option<crate::config::Apply>,
}

impl SiteLinks {
    /// The directory's home page in `lang`, or in the site's default language.
    pub fn directory(&self, lang: &str) -> String {
        let prefix = match self.languages.iter().position(|l| l == lang) {
            Some(i) if i > 0 => format!("{lang}/"),
            _ => String::new(),
        };
        format!("{}{prefix}", self.site)
    }

    /// The rules' page in `lang`.
    pub fn rules(&self, lang: &str) -> Option<String> {
        let page = self.rules_page.as_ref()?;
        Some(format!("{}{page}/", self.directory(lang)))
    }
}

/// The cache key: everything a result depends on.
type Key = (
    String,
    String,
    Option<String>,
    Vec<String>,
    Vec<String>,
    Option<String>,
);

pub struct Service {
    options: ServiceOptions,
    /// The directory in use; a reload replaces it, and whoever watches learns of it.
    loaded: tokio::sync::watch::Sender<Arc<Loaded>>,
    clients: RateLimiter<IpAddr>,
    hosts: RateLimiter<String>,
    gate: Gate,
    cache: Cache<Key>,
    pictures: Pictures<Key>,
    pub metrics: Metrics,
    /// Clients are logged by a salted hash, never by address; the salt dies with the process.
    salt: std::collections::hash_map::RandomState,
}

impl Service {
    /// Loads the site's directory and starts with empty limits and cache.
    pub fn start(mut options: ServiceOptions) -> Result<Arc<Service>, LoadError> {
        options.network.allow_private = false;
        if !options.allow_private_pins {
            refuse_private_pins(&options.network.pins)?;
        }
        let loaded = load(&options)?;
        let s = &options.settings.limits;
        let minute = Duration::from_secs(60);
        let clients = RateLimiter::new(
            vec![
                Rate {
                    count: s.per_minute,
                    period: minute,
                },
                Rate {
                    count: s.per_hour,
                    period: Duration::from_secs(3600),
                },
            ],
            s.max_clients,
        );
        let hosts = RateLimiter::new(
            vec![Rate {
                count: s.per_host_per_minute,
                period: minute,
            }],
            s.max_hosts,
        );
        // A queued check waits at most as long as a check takes.
        let gate = Gate::new(s.max_in_flight, s.max_queue, options.network.timeout);
        Ok(Arc::new(Service {
            cache: Cache::new(s.cache, s.cache_entries),
            pictures: Pictures::new(s.cache, s.screenshot_bytes),
            loaded: tokio::sync::watch::Sender::new(Arc::new(loaded)),
            clients,
            hosts,
            gate,
            metrics: Metrics::default(),
            salt: Default::default(),
            options,
        }))
    }

    pub fn loaded(&self) -> Arc<Loaded> {
        Arc::clone(&self.loaded.borrow())
    }

    /// Each directory the service loads from now on, as it comes into use.
    pub fn reloads(&self) -> tokio::sync::watch::Receiver<Arc<Loaded>> {
        self.loaded.subscribe()
    }

    pub fn timeout(&self) -> Duration {
        self.options.network.timeout
    }

    pub fn options(&self) -> &ServiceOptions {
        &self.options
    }

    pub fn settings(&self) -> &SelfCheckSettings {
        &self.options.settings
    }

    /// Reads the site again; on a problem the last good directory stays in use.
    pub fn reload(&self) -> Result<usize, LoadError> {
        let loaded = load(&self.options)?;
        let partners = loaded.partners;
        self.loaded.send_replace(Arc::new(loaded));
        Ok(partners)
    }

    pub fn in_flight(&self) -> usize {
        self.gate
            .in_flight(self.options.settings.limits.max_in_flight)
    }

    /// Checks waiting for a place among those in flight.
    pub fn queued(&self) -> usize {
        self.gate.queued()
    }

    /// Stops taking new checks; running ones finish.
    pub fn close(&self) {
        self.gate.close();
    }

    /// Checks a page for `client`: from the cache unless `fresh`, within every limit.
    pub async fn check(
        &self,
        client: IpAddr,
        request: &Request,
        fresh: bool,
    ) -> Result<Arc<Checked>, Refusal> {
        let loaded = self.loaded();
        let candidate = loaded.checker.candidate(request).map_err(|e| {
            self.metrics.refused(Refused::Invalid);
            Refusal::Invalid(e)
        })?;
        let key = key_of(&candidate);
        let now = Instant::now();
        // The page's time starts when its request arrives: a check queued here or waiting for
        // its host still answers within the timeout, and so within a shutdown's grace.
        let by = tokio::time::Instant::now() + self.timeout();
        if !fresh && let Some(hit) = self.cache.get(&key, now) {
            self.metrics.cache_hit();
            return Ok(hit);
        }
        let host = candidate
            .url
            .host_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // A request refused by one limit costs nothing of the other: a flood refused per client
        // takes no host's token, and a client refused for the host's sake gets its token back.
        // (Checking both first and then taking both left a gap another request could use.)
        let client = client_key(client);
        if let Err(wait) = self.clients.take(&client, now) {
            self.metrics.refused(Refused::RateLimited);
            return Err(Refusal::RateLimited(wait));
        }
        if let Err(wait) = self.hosts.take(&host, now) {
            self.clients.give_back(&client);
            self.metrics.refused(Refused::HostLimited);
            return Err(Refusal::HostLimited(wait));
        }
        let entered = tokio::time::timeout_at(by, self.gate.enter()).await;
        let _place = entered.unwrap_or(Err(Full)).map_err(|Full| {
            self.metrics.refused(Refused::QueueFull);
            Refusal::Busy(Duration::from_secs(5))
        })?;
        let started = Instant::now();
        let (mut report, timings) = loaded.checker.check_by(&candidate, by).await;
        if let Some(picture) = report.picture.take() {
            self.pictures.put(key.clone(), picture, Instant::now());
        }
        self.metrics
            .checked(report.verdict, timings.fetch, timings.analysis);
        tracing::info!(
            client = %self.client_hash(client),
            host = %host,
            verdict = report.verdict.as_str(),
            millis = started.elapsed().as_millis() as u64,
            "check"
        );
        let checked = Arc::new(Checked {
            report,
            at: crate::publish::schedule::now_rfc3339(),
            cached: false,
        });
        let mut stored = (*checked).clone();
        stored.cached = true;
        self.cache.put(key, Arc::new(stored), Instant::now());
        Ok(checked)
    }

    /// The screenshot of a recent result, if one is kept: never a check of its own.
    pub fn picture(&self, request: &Request) -> Option<Arc<Vec<u8>>> {
        let candidate = self.loaded().checker.candidate(request).ok()?;
        self.pictures.get(&key_of(&candidate), Instant::now())
    }

    /// The renderer's counts, when pages are rendered.
    pub fn render_stats(&self) -> Option<&crate::validate::render::RenderStats> {
        self.options.rendering.renderer().map(|r| r.stats())
    }

    fn client_hash(&self, client: IpAddr) -> String {
        let mut h = self.salt.build_hasher();
        client.hash(&mut h);
        format!("{:016x}", std::hash::Hasher::finish(&h))
    }
}

/// The first pin to an address the guard would refuse, as an error.
fn refuse_private_pins(pins: &[crate::validate::Pin]) -> Result<(), LoadError> {
    for pin in pins {
        if let Some(reason) = crate::validate::guard::classify(pin.addr) {
            return Err(LoadError::PrivatePin {
                host: pin.host.clone(),
                port: pin.port,
                addr: pin.addr,
                why: reason.describe(),
            });
        }
    }
    Ok(())
}

fn key_of(c: &Candidate) -> Key {
    let s = &c.subject;
    let mut domains: Vec<String> = s.domains.iter().map(|d| d.as_str().to_owned()).collect();
    domains.sort();
    (
        c.url.to_string(),
        s.name.clone(),
        s.id.clone(),
        s.aliases.clone(),
        domains,
        s.verification_token.clone(),
    )
}

/// The site's directory as of its latest published month, the checker built for it, and the
/// service's languages (English and Dutch, the site's own words where it has them).
fn load(options: &ServiceOptions) -> Result<Loaded, LoadError> {
    let site = SiteRoot::load(&options.root).map_err(LoadError::Content)?;
    let directory = published_directory(&site)?;
    let checker = SelfCheck::new(
        options.network.clone(),
        site.config.vocabulary.clone(),
        directory.as_ref(),
    )
    .map_err(|e| LoadError::Crawler(e.to_string()))?
    // One renderer for the service's life: a reload keeps its browser.
    .with_rendering(options.rendering.clone(), true);
    let languages =
        Language::load_all(&site.root, &["en".into(), "nl".into()]).map_err(LoadError::Content)?;
    const RULES_PAGE: &str = "how-to-get-listed";
    let links = SiteLinks {
        site: site.config.base_url.clone(),
        languages: site.config.languages.clone(),
        rules_page: site
            .content
            .pages
            .iter()
            .any(|p| p.slug.as_deref() == Some(RULES_PAGE))
            .then(|| RULES_PAGE.to_owned()),
        apply: site.config.apply.clone(),
    };
    let templates = crate::site::Templates::load_under(&site.root, "self-check/")
        .map_err(LoadError::Templates)?;
    Ok(Loaded {
        checker,
        languages,
        partners: directory.map_or(0, |d| d.partners.len()),
        links,
        templates,
    })
}

/// The directory as the latest published month lists it (all entries judged and accepted):
/// the partners a page must not be about.
fn published_directory(site: &SiteRoot) -> Result<Option<Directory>, LoadError> {
    let ledgers = Ledger::load_all(&site.root)?;
    let month = ledgers
        .keys()
        .next_back()
        .copied()
        .or_else(|| site.content.latest_month());
    let Some(month) = month else {
        return Ok(None);
    };
    published::directory(&site.content, &ledgers, month, Scope::Published)
        .map(Some)
        .map_err(LoadError::Content)
}
