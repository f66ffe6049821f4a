//! `Fetcher`: GETs one landing page within every bound, following redirects itself so that
//! each hop is checked (scheme, port, address), limited per host and counted.

use super::decode::decode_html;
use super::guard;
use super::network::NetworkSettings;
use super::resolver::{GuardedResolver, ResolveError};
use crate::validate::analysis::message::{Key, Message};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::{Host, Url};

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects.
    pub final_url: Url,
    /// Every URL requested, the submitted one first.
    pub hops: Vec<Url>,
    /// The body as received, after decompression: decoding it is CPU work for the caller to
    /// do off the reactor.
    pub raw: Vec<u8>,
    pub content_type: String,
}

impl Fetched {
    /// The body as text, by its declared or sniffed charset.
    pub fn text(&self) -> String {
        decode_html(&self.raw, &self.content_type)
    }
}

/// Why a page could not be fetched. Each says exactly what happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("the server answered {status} for {url}")]
    Status { status: u16, url: Url },
    #[error("no complete answer within {0} s")]
    Timeout(u64),
    #[error("{0}")]
    Dns(String),
    #[error("TLS failed for {host}: {message}")]
    Tls { host: String, message: String },
    #[error("cannot connect to {host}: {message}")]
    Connect { host: String, message: String },
    #[error("redirect loop: {0} was reached twice")]
    RedirectLoop(Url),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("the redirect from {from} has no valid Location")]
    BadRedirect { from: Url },
    #[error("the page is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("the page is not HTML (Content-Type: {content_type})")]
    NotHtml { content_type: String },
    #[error("blocked destination: {0}")]
    Blocked(String),
    #[error("plain http is not accepted ({0}); publish the page over https")]
    PlainHttp(Url),
    #[error("the URL scheme of {0} is not http(s)")]
    Scheme(Url),
    #[error("the URL {0} carries a user name or password")]
    UserInfo(Url),
    #[error("the request failed: {0}")]
    Other(String),
}

impl FetchError {
    /// What happened, in words any language can carry.
    pub fn message(&self) -> Message {
        use FetchError::*;
        let url = |key, url: &Url| Message::new(key).text("url", url.as_str());
        match self {
            Status { status, url: u } => url(Key::Status, u).number("status", *status),
            Timeout(s) => Message::new(Key::Timeout).number("seconds", *s),
            Dns(detail) => Message::new(Key::NoName).text("detail", detail),
            Tls { host, message } => Message::new(Key::Tls)
                .text("host", host)
                .text("detail", message),
            Connect { host, message } => Message::new(Key::Connect)
                .text("host", host)
                .text("detail", message),
            RedirectLoop(u) => url(Key::RedirectLoop, u),
            TooManyRedirects(n) => Message::new(Key::TooManyRedirects).number("count", *n),
            BadRedirect { from } => url(Key::BadRedirect, from),
            TooLarge { max } => Message::new(Key::TooLarge).number("bytes", *max),
            NotHtml { content_type } => Message::new(Key::NotHtml).text("type", content_type),
            Blocked(detail) => Message::new(Key::Blocked).text("detail", detail),
            PlainHttp(u) => url(Key::PlainHttp, u),
            Scheme(u) => url(Key::Scheme, u),
            UserInfo(u) => url(Key::UserInfo, u),
            Other(detail) => Message::new(Key::RequestFailed).text("detail", detail),
        }
    }
}

/// What a fetch accepts as the answer's content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    Html,
    Text,
}

/// Fetches pages with a global limit and a per-host limit.
pub struct Fetcher {
    /// One client per port that has pins, each resolving only that port's pins: the resolver
    /// sees names, not ports, and a pin must apply to its own host *and* port.
    pinned: HashMap<u16, reqwest::Client>,
    /// The client for every other port: no pins.
    client: reqwest::Client,
    settings: NetworkSettings,
    per_host: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Fetcher {
    pub fn new(settings: NetworkSettings) -> Result<Fetcher, FetchError> {
        let mut pinned = HashMap::new();
        let ports: std::collections::BTreeSet<u16> = settings.pins.iter().map(|p| p.port).collect();
        for port in ports {
            let pins = settings.pins.iter().filter(|p| p.port == port).cloned();
            pinned.insert(port, client(&settings, pins.collect())?);
        }
        Ok(Fetcher {
            pinned,
            client: client(&settings, Vec::new())?,
            settings,
            per_host: Mutex::new(HashMap::new()),
        })
    }

    fn client_for(&self, url: &Url) -> &reqwest::Client {
        url.port_or_known_default()
            .and_then(|port| self.pinned.get(&port))
            .unwrap_or(&self.client)
    }

    pub fn settings(&self) -> &NetworkSettings {
        &self.settings
    }

    /// Waits for a free request slot on `url`'s host and holds it: the start of a page's time.
    pub async fn slot(&self, url: &Url) -> Slot {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let permit = self.host_permit(&host).await;
        Slot {
            host,
            _permit: permit,
        }
    }

    /// Fetches `url` before `deadline`, retries included, inside a held host slot.
    pub async fn fetch_until(
        &self,
        url: &Url,
        accept: Accept,
        deadline: Instant,
        slot: &Slot,
    ) -> Result<Fetched, FetchError> {
        let retries = self.fetch_with_retries(url, accept, deadline, slot);
        match tokio::time::timeout_at(deadline, retries).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout(self.settings.timeout.as_secs())),
        }
    }

    async fn fetch_with_retries(
        &self,
        url: &Url,
        accept: Accept,
        deadline: Instant,
        slot: &Slot,
    ) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            match self.follow(url, accept, slot).await {
                Err(Attempt::Retry { error, after }) if attempt < self.settings.retries => {
                    attempt += 1;
                    let wait = after.unwrap_or(Duration::from_millis(250 << attempt));
                    // A server's Retry-After can be any number: it is only worth waiting for
                    // if the answer can still come in time (and never overflows a clock).
                    let left = deadline.saturating_duration_since(Instant::now());
                    if wait >= left {
                        return Err(error);
                    }
                    tokio::time::sleep(wait).await;
                }
                Err(Attempt::Retry { error, .. } | Attempt::Final(error)) => return Err(error),
                Ok(fetched) => return Ok(fetched),
            }
        }
    }

    /// One attempt: the redirect chain from `url` to a final answer.
    async fn follow(&self, url: &Url, accept: Accept, slot: &Slot) -> Result<Fetched, Attempt> {
        let mut hops: Vec<Url> = Vec::new();
        let mut current = url.clone();
        loop {
            self.check_destination(&current).map_err(Attempt::Final)?;
            if hops.contains(&current) {
                return Err(Attempt::Final(FetchError::RedirectLoop(current)));
            }
            if hops.len() > self.settings.max_redirects {
                return Err(Attempt::Final(FetchError::TooManyRedirects(
                    self.settings.max_redirects,
                )));
            }
            hops.push(current.clone());
            // The page's own host is already held by its slot; a redirect elsewhere waits
            // for that host's limit too.
            let host = current.host_str().unwrap_or_default().to_ascii_lowercase();
            let permit = match host == slot.host {
                true => None,
                false => self.host_permit(&host).await,
            };
            let response = self
                .client_for(&current)
                .get(current.clone())
                .send()
                .await
                .map_err(|e| classify(&e, &current))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|l| l.to_str().ok());
                let next = location.and_then(|l| current.join(l).ok());
                drop(permit);
                current = next.ok_or_else(|| {
                    Attempt::Final(FetchError::BadRedirect {
                        from: current.clone(),
                    })
                })?;
                continue;
            }
            if !status.is_success() {
                let error = FetchError::Status {
                    status: status.as_u16(),
                    url: current.clone(),
                };
                return Err(if matches!(status.as_u16(), 429 | 502 | 503 | 504) {
                    Attempt::Retry {
                        error,
                        after: retry_after(&response),
                    }
                } else {
                    Attempt::Final(error)
                });
            }
            let (raw, content_type) = self
                .read_body(response, accept)
                .await
                .map_err(Attempt::Final)?;
            drop(permit);
            return Ok(Fetched {
                final_url: current,
                hops,
                raw,
                content_type,
            });
        }
    }

    /// Scheme, user-info, plain http, port and literal-address checks for one hop. Names are
    /// checked by the resolver on the addresses they resolve to.
    fn check_destination(&self, url: &Url) -> Result<(), FetchError> {
        match url.scheme() {
            "https" => {}
            "http" if self.settings.allow_http => {}
            "http" => return Err(FetchError::PlainHttp(url.clone())),
            _ => return Err(FetchError::Scheme(url.clone())),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FetchError::UserInfo(url.clone()));
        }
        let host = url.host_str().unwrap_or_default();
        let port = url.port_or_known_default().unwrap_or(0);
        if self.settings.pin(host, port).is_some() || self.settings.allow_private {
            return Ok(());
        }
        // The resolver only sees names: a host pinned on another port would reach the pinned
        // address too, so only the pinned port of a pinned host is fetched.
        if let Some(pin) = self
            .settings
            .pins
            .iter()
            .find(|p| p.host.eq_ignore_ascii_case(host))
        {
            return Err(FetchError::Blocked(format!(
                "{host} is pinned with --resolve for port {} only, not {port}",
                pin.port
            )));
        }
        // A literal address never reaches the resolver hook: classify it here, on the parsed
        // host, so spellings like 2130706433 or 0x7f.1 are seen as what they are.
        let literal = match url.host() {
            Some(Host::Ipv4(v4)) => Some(std::net::IpAddr::V4(v4)),
            Some(Host::Ipv6(v6)) => Some(std::net::IpAddr::V6(v6)),
            _ => None,
        };
        if let Some(ip) = literal
            && let Some(reason) = guard::classify(ip)
        {
            return Err(FetchError::Blocked(format!(
                "{host} is {}",
                reason.describe()
            )));
        }
        if !self.settings.ports.contains(&port) {
            return Err(FetchError::Blocked(format!(
                "port {port} of {host} (only 80 and 443 are fetched)"
            )));
        }
        Ok(())
    }

    async fn host_permit(&self, host: &str) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let semaphore = {
            // A panic elsewhere while the map was held leaves it whole (each change is one
            // call): the politeness limit still holds, never skipped.
            let mut map = self.per_host.lock().unwrap_or_else(|p| p.into_inner());
            // A long-running service sees many hosts: forget those nobody holds or waits for.
            if map.len() >= 1024 {
                map.retain(|_, s| Arc::strong_count(s) > 1);
            }
            map.entry(host.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(self.settings.per_host.max(1))))
                .clone()
        };
        semaphore.acquire_owned().await.ok()
    }

    /// Reads the body as a stream, cut at the cap counted after decompression.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        accept: Accept,
    ) -> Result<(Vec<u8>, String), FetchError> {
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let acceptable = match accept {
            Accept::Html => matches!(mime.as_str(), "text/html" | "application/xhtml+xml"),
            Accept::Text => mime.starts_with("text/"),
        };
        if !acceptable {
            return Err(FetchError::NotHtml {
                content_type: if content_type.is_empty() {
                    "none".into()
                } else {
                    content_type
                },
            });
        }
        let bytes = read_capped(&mut response, self.settings.max_bytes).await?;
        Ok((bytes, content_type))
    }

    /// One request of a rendering browser: a single hop (the browser follows redirects
    /// itself, each hop coming back here), any content type, the body cut at `max` bytes.
    /// The same destination checks and guarded resolver as a page's fetch apply.
    pub async fn fetch_resource(&self, url: &Url, max: u64) -> Result<Resource, FetchError> {
        self.check_destination(url)?;
        let mut response = self
            .client_for(url)
            .get(url.clone())
            .send()
            .await
            .map_err(|e| match classify(&e, url) {
                Attempt::Retry { error, .. } | Attempt::Final(error) => error,
            })?;
        // Only what a page needs to use the answer: its type, its language and where a
        // redirect goes. Cookies are never handed on.
        let headers = [
            reqwest::header::CONTENT_TYPE,
            reqwest::header::LOCATION,
            reqwest::header::CONTENT_LANGUAGE,
        ]
        .iter()
        .filter_map(|name| {
            let value = response.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
        let status = response.status().as_u16();
        let body = read_capped(&mut response, max).await?;
        Ok(Resource {
            status,
            headers,
            body,
        })
    }
}

/// One answer to a rendering browser's request.
#[derive(Debug, Clone)]
pub struct Resource {
    pub status: u16,
    /// Content-Type, Location and Content-Language, when the server sent them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Reads a body as a stream, cut at `max` bytes counted after decompression.
async fn read_capped(response: &mut reqwest::Response, max: u64) -> Result<Vec<u8>, FetchError> {
    let mut bytes: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify_body(&e))? {
        if bytes.len() as u64 + chunk.len() as u64 > max {
            return Err(FetchError::TooLarge { max });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// An HTTP client that connects only where the guard allows, with `pins` used as given.
fn client(
    settings: &NetworkSettings,
    pins: Vec<super::network::Pin>,
) -> Result<reqwest::Client, FetchError> {
    let resolver = GuardedResolver {
        pins,
        allow_private: settings.allow_private,
    };
    let roots = if settings.extra_roots.is_empty() {
        Vec::new()
    } else {
        reqwest::Certificate::from_pem_bundle(&settings.extra_roots)
            .map_err(|e| FetchError::Other(format!("the extra root certificates: {e}")))?
    };
    use_ring_provider();
    reqwest::Client::builder()
        .tls_certs_merge(roots)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(resolver))
        .user_agent(settings.user_agent.clone())
        .connect_timeout(settings.timeout)
        // Each partner host is fetched about once: idle keep-alive connections would only
        // pile up, one per host, and memory would grow with the number of pages.
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|e| FetchError::Other(e.to_string()))
}

/// Makes rustls's ring provider the process's TLS provider, which every reqwest client then
/// uses (reqwest is built without one: Cargo.toml says why ring). A provider already chosen
/// by the program that embeds lpdir is kept.
pub fn use_ring_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A held request slot on one host: pages on a host are fetched a few at a time.
pub struct Slot {
    host: String,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// The end of one attempt: worth retrying, or final.
enum Attempt {
    Retry {
        error: FetchError,
        after: Option<Duration>,
    },
    Final(FetchError),
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Turns a reqwest error into what happened, finding the guard's reason in the chain.
fn classify(e: &reqwest::Error, url: &Url) -> Attempt {
    let host = url.host_str().unwrap_or_default().to_owned();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut text = Vec::new();
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<ResolveError>() {
            return Attempt::Final(match r {
                ResolveError::Blocked { .. } => FetchError::Blocked(r.to_string()),
                ResolveError::Lookup { .. } => FetchError::Dns(r.to_string()),
            });
        }
        text.push(s.to_string());
        source = s.source();
    }
    let message = text.last().cloned().unwrap_or_default();
    let lower = text.join(" ").to_ascii_lowercase();
    if e.is_timeout() {
        return Attempt::Final(FetchError::Timeout(0));
    }
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return Attempt::Final(FetchError::Tls { host, message });
    }
    let error = FetchError::Connect { host, message };
    if e.is_connect() || e.is_request() {
        Attempt::Retry { error, after: None }
    } else {
        Attempt::Final(error)
    }
}

fn classify_body(e: &reqwest::Error) -> FetchError {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message = s.to_string();
        source = s.source();
    }
    FetchError::Other(format!("the body could not be read: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic while the per-host table was held must not switch the politeness limit off.
    #[tokio::test]
    async fn a_poisoned_host_table_still_limits_each_host() {
        let settings = NetworkSettings {
            per_host: 1,
            ..NetworkSettings::default()
        };
        let fetcher = Arc::new(Fetcher::new(settings).unwrap());
        let poisoner = Arc::clone(&fetcher);
        let _ = std::thread::spawn(move || {
            let _held = poisoner.per_host.lock().unwrap();
            panic!("poison the table");
        })
        .join();
        assert!(fetcher.per_host.is_poisoned());
        let url = Url::parse("https://www.contoso.com/").unwrap();
        let first = fetcher.slot(&url).await;
        assert!(first._permit.is_some(), "the first slot holds a permit");
        let mut second = std::pin::pin!(fetcher.slot(&url));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(
            second.as_mut().poll(&mut cx).is_pending(),
            "a second request to the host waited for the first"
        );
        drop(first);
        assert!(second.await._permit.is_some());
    }
}
