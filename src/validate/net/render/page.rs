//! One page in the browser: a tab in its own browser context whose every request is paused
//! (CDP `Fetch`) and answered by lpdir — the document from the bytes already fetched, the
//! rest through the guarded `Fetcher` — within the page's request and byte budget.
//!
//! The page settles once it has loaded and made no request for 500 ms, or when its time
//! runs out; then its DOM
//! is read, and later, once judged, it is outlined and photographed.

use super::super::fetch::{Fetched, Fetcher};
use super::browser::Browser;
use super::cdp::{CdpError, Event};
use base64::Engine;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::time::Instant;
use url::Url;

/// Requests one page may make; the rest are refused.
pub const MAX_REQUESTS: usize = 200;
/// Bytes one page may receive, all its requests together.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Quiet time after which a page counts as settled.
pub const SETTLE: Duration = Duration::from_millis(500);
/// Requests of one page fetched at once (what a browser opens per host).
const PAGE_CONNECTIONS: usize = 6;
/// The screenshot's width and its largest height.
pub const SHOT_WIDTH: u32 = 1280;
pub const SHOT_MAX_HEIGHT: u32 = 8000;
/// The rendered DOM read at most, in characters of HTML (the parser's bounds then apply).
pub const MAX_DOM_CHARS: usize = 8 * 1024 * 1024;
/// Refusals quoted in a page's note.
const NOTED_REFUSALS: usize = 5;

const DOM_JS: &str = include_str!("dom.js");
const OUTLINE_JS: &str = include_str!("outline.js");
/// Dialogs would stop the page's scripts; printing and popups lead nowhere.
const QUIET_JS: &str = "window.alert = () => {}; window.confirm = () => false; \
    window.prompt = () => null; window.print = () => {}; window.open = () => null;";

/// Why a page could not be rendered: the browser's failure, never the page's verdict.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("the browser failed: {0}")]
    Browser(String),
    #[error("the browser failed: it did not answer in time ({0})")]
    Hung(&'static str),
    #[error("the browser failed: the page made it send more events than lpdir reads")]
    Flood,
}

impl From<CdpError> for RenderError {
    fn from(e: CdpError) -> RenderError {
        RenderError::Browser(e.to_string())
    }
}

/// What the page's network did, shared between its request handlers and the settle wait.
#[derive(Default)]
struct Traffic {
    requests: usize,
    bytes: u64,
    in_flight: usize,
    last: Option<Instant>,
    /// Every distinct refusal (at most one per request, and a page makes at most
    /// `MAX_REQUESTS` that are answered), sorted: the note quotes the first few, the same
    /// ones whatever order the browser asked in.
    refused: std::collections::BTreeSet<String>,
    refused_count: usize,
    document_served: bool,
    /// The page's load event fired: its document and everything it loads are in.
    loaded: bool,
    /// The page's events ended: the browser closed or crashed, and nothing will change.
    ended: bool,
}

struct Network {
    traffic: Mutex<Traffic>,
    changed: Notify,
}

impl Network {
    /// Changes the traffic and wakes whoever waits for a change.
    fn with<T>(&self, f: impl FnOnce(&mut Traffic) -> T) -> T {
        let out = f(&mut self.lock());
        self.changed.notify_waiters();
        out
    }

    /// Reads the traffic. Never wakes anyone: a waiter that reads would wake itself.
    fn read<T>(&self, f: impl FnOnce(&Traffic) -> T) -> T {
        f(&self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Traffic> {
        // Each change is one statement: the traffic is whole whatever panicked.
        self.traffic.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The page as read from the browser.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub html: String,
    /// Whether the page went quiet before its time ran out.
    pub settled: bool,
    /// Whether the DOM was larger than the analysis bounds (it was cut there).
    pub cut: bool,
    pub requests: usize,
    pub refused: usize,
    /// The first few refused requests (in sorted order), each with why.
    pub refusals: Vec<String>,
}

/// An open tab. `close` it; dropping it closes it in the background.
pub struct Tab {
    browser: Arc<Browser>,
    context: String,
    target: String,
    session: String,
    network: Arc<Network>,
    serving: tokio::task::JoinHandle<()>,
    closed: bool,
}

/// A DevTools call bounded by `by`.
async fn within(
    by: Instant,
    what: &'static str,
    call: impl Future<Output = Result<Value, CdpError>>,
) -> Result<Value, RenderError> {
    match tokio::time::timeout_at(by, call).await {
        Ok(answer) => answer.map_err(RenderError::from),
        Err(_) => Err(RenderError::Hung(what)),
    }
}

/// The document lpdir already fetched, handed to the browser instead of a second fetch.
struct Document {
    url: Url,
    body: Vec<u8>,
    content_type: String,
}

impl Tab {
    /// Opens `fetched` in a new tab and waits until it settles or `settle_by` passes.
    pub async fn open(
        browser: Arc<Browser>,
        fetcher: Arc<Fetcher>,
        fetched: &Fetched,
        settle_by: Instant,
        read_by: Instant,
    ) -> Result<(Tab, Snapshot), RenderError> {
        let cdp = &browser.cdp;
        let within = |what, call| within(read_by, what, call);
        let context = within(
            "opening a context",
            cdp.call(
                None,
                "Target.createBrowserContext",
                json!({ "disposeOnDetach": true }),
            ),
        )
        .await?;
        let context = text(&context, "browserContextId");
        let deny = json!({ "behavior": "deny", "browserContextId": context });
        within(
            "denying downloads",
            cdp.call(None, "Browser.setDownloadBehavior", deny),
        )
        .await?;
        let target = within(
            "opening a tab",
            cdp.call(
                None,
                "Target.createTarget",
                json!({ "url": "about:blank", "browserContextId": context, "newWindow": true }),
            ),
        )
        .await?;
        let target = text(&target, "targetId");
        let attach = json!({ "targetId": target, "flatten": true });
        let session = within("attaching", cdp.call(None, "Target.attachToTarget", attach)).await?;
        let session = text(&session, "sessionId");
        let events = cdp.subscribe(&session);
        let network = Arc::new(Network {
            traffic: Mutex::new(Traffic::default()),
            changed: Notify::new(),
        });
        // The bytes lpdir fetched, as the text lpdir decoded them: the browser then reads the
        // same characters as the server's-HTML analysis, whatever charset the server forgot.
        let document = Document {
            url: fetched.final_url.clone(),
            body: fetched.text().into_bytes(),
            content_type: "text/html; charset=utf-8".into(),
        };
        let serving = tokio::spawn(serve(
            Arc::clone(&browser),
            session.clone(),
            events,
            fetcher,
            document,
            Arc::clone(&network),
        ));
        let tab = Tab {
            browser: Arc::clone(&browser),
            context,
            target,
            session: session.clone(),
            network,
            serving,
            closed: false,
        };
        let s = Some(session.as_str());
        let setup = [
            (
                "Fetch.enable",
                json!({ "patterns": [{ "urlPattern": "*", "requestStage": "Request" }] }),
            ),
            ("Page.enable", json!({})),
            (
                "Emulation.setFocusEmulationEnabled",
                json!({ "enabled": true }),
            ),
            (
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": QUIET_JS, "runImmediately": true }),
            ),
            (
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": SHOT_WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
            ),
        ];
        for (method, params) in setup {
            within("preparing the tab", cdp.call(s, method, params)).await?;
        }
        let navigate = json!({ "url": fetched.final_url.as_str() });
        let navigated = within("loading the page", cdp.call(s, "Page.navigate", navigate)).await?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(RenderError::Browser(format!(
                "the page did not load ({error})"
            )));
        }
        let settled = tab.settle(settle_by).await;
        if cdp.flooded(&session) {
            return Err(RenderError::Flood);
        }
        let snapshot = tab.read(settled, read_by).await?;
        Ok((tab, snapshot))
    }

    /// Waits until the page has loaded, made no request for `SETTLE` and has none open, or
    /// until `by`. True when it settled.
    async fn settle(&self, by: Instant) -> bool {
        loop {
            let changed = self.network.changed.notified();
            let (in_flight, last, loaded, ended) = self
                .network
                .read(|t| (t.in_flight, t.last, t.loaded, t.ended));
            let quiet_at = last.map_or(Instant::now() + SETTLE, |l| l + SETTLE);
            let now = Instant::now();
            if loaded && in_flight == 0 && now >= quiet_at {
                return true;
            }
            // A browser that died ends the wait at once, not at `by`: its page fails closed.
            if now >= by || ended || self.serving.is_finished() {
                return false;
            }
            // Until it has loaded and nothing is open, only a change can settle it.
            let wake = match loaded && in_flight == 0 {
                true => quiet_at.min(by),
                false => by,
            };
            tokio::select! {
                () = changed => {}
                () = tokio::time::sleep_until(wake) => {}
            }
        }
    }

    /// The DOM after scripts, within the analysis bounds.
    async fn read(&self, settled: bool, by: Instant) -> Result<Snapshot, RenderError> {
        let bounds = crate::validate::analysis::parse::Bounds::default();
        let expression = format!(
            "({DOM_JS})({MAX_DOM_CHARS}, {}, {})",
            bounds.max_nodes, bounds.max_depth
        );
        let value = self.evaluate(&expression, by, "reading the page").await?;
        let (requests, refused, refusals) = self.network.read(|t| {
            let first = t.refused.iter().take(NOTED_REFUSALS).cloned().collect();
            (t.requests, t.refused_count, first)
        });
        Ok(Snapshot {
            html: value
                .get("html")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            settled,
            cut: value.get("cut").and_then(Value::as_bool).unwrap_or(true),
            requests,
            refused,
            refusals,
        })
    }

    async fn evaluate(
        &self,
        expression: &str,
        by: Instant,
        what: &'static str,
    ) -> Result<Value, RenderError> {
        let left = by
            .saturating_duration_since(Instant::now())
            .as_millis()
            .max(1);
        let params = json!({
            "expression": expression,
            "returnByValue": true,
            "timeout": left,
        });
        let call = self
            .browser
            .cdp
            .call(Some(&self.session), "Runtime.evaluate", params);
        let answer = within(by, what, call).await?;
        if answer.get("exceptionDetails").is_some() {
            return Err(RenderError::Browser(format!("{what} failed in the page")));
        }
        Ok(answer
            .get("result")
            .and_then(|r| r.get("value"))
            .cloned()
            .unwrap_or(Value::Null))
    }

    /// Outlines the evidence (`needles` in text, `urls` of links and images) and takes a
    /// full-page PNG, 1280 px wide and at most 8,000 px high.
    pub async fn screenshot(
        &self,
        needles: &[String],
        urls: &[String],
        by: Instant,
    ) -> Result<Vec<u8>, RenderError> {
        let expression = format!(
            "({OUTLINE_JS})({}, {}, 50)",
            serde_json::to_string(needles).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(urls).unwrap_or_else(|_| "[]".into()),
        );
        let value = self
            .evaluate(&expression, by, "outlining the evidence")
            .await?;
        let height = value
            .get("height")
            .and_then(Value::as_f64)
            .unwrap_or(900.0)
            .clamp(1.0, f64::from(SHOT_MAX_HEIGHT))
            .ceil();
        let params = json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": { "x": 0, "y": 0, "width": SHOT_WIDTH, "height": height, "scale": 1 },
        });
        let call = self
            .browser
            .cdp
            .call(Some(&self.session), "Page.captureScreenshot", params);
        let shot = within(by, "taking the screenshot", call).await?;
        let data = shot.get("data").and_then(Value::as_str).unwrap_or_default();
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| RenderError::Browser(format!("the screenshot is not base64: {e}")))
    }

    /// Closes the tab and its context, within a few seconds.
    pub async fn close(mut self) {
        self.closed = true;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.dispose()).await;
    }

    fn dispose(&self) -> impl Future<Output = ()> + 'static {
        let (browser, target, context) = (
            Arc::clone(&self.browser),
            self.target.clone(),
            self.context.clone(),
        );
        self.browser.cdp.unsubscribe(&self.session);
        self.serving.abort();
        async move {
            let cdp = &browser.cdp;
            let target = json!({ "targetId": target });
            let _ = cdp.call(None, "Target.closeTarget", target).await;
            let context = json!({ "browserContextId": context });
            let _ = cdp
                .call(None, "Target.disposeBrowserContext", context)
                .await;
        }
    }
}

impl Drop for Tab {
    /// A tab left on an error path is closed in the background, never left open.
    fn drop(&mut self) {
        if self.closed {
            return;
        }
        let dispose = self.dispose();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(5), dispose).await;
            });
        }
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Answers the page's paused requests until its session ends.
async fn serve(
    browser: Arc<Browser>,
    session: String,
    mut events: mpsc::Receiver<Event>,
    fetcher: Arc<Fetcher>,
    document: Document,
    network: Arc<Network>,
) {
    let document = Arc::new(document);
    let connections = Arc::new(Semaphore::new(PAGE_CONNECTIONS));
    let mut answering = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            event = events.recv() => {
                let Some(event) = event else { break };
                match event.method.as_str() {
                    "Fetch.requestPaused" => {
                        network.with(|t| {
                            t.in_flight += 1;
                            t.last = Some(Instant::now());
                        });
                        answering.spawn(answer(
                            Arc::clone(&browser),
                            session.clone(),
                            event.params,
                            Arc::clone(&fetcher),
                            Arc::clone(&document),
                            Arc::clone(&network),
                            Arc::clone(&connections),
                        ));
                    }
                    // A slow machine may take longer than SETTLE between two requests of a
                    // loading page: quiet counts only after the load event.
                    "Page.loadEventFired" => network.with(|t| {
                        t.loaded = true;
                        t.last = Some(Instant::now());
                    }),
                    "Page.javascriptDialogOpening" => {
                        let params = json!({ "accept": false });
                        let cdp = &browser.cdp;
                        let _ = cdp.call(Some(&session), "Page.handleJavaScriptDialog", params).await;
                    }
                    _ => {}
                }
            }
            Some(_) = answering.join_next(), if !answering.is_empty() => {
                network.with(|t| {
                    t.in_flight = t.in_flight.saturating_sub(1);
                    t.last = Some(Instant::now());
                });
            }
        }
    }
    answering.abort_all();
    network.with(|t| t.ended = true);
}

/// What becomes of one paused request.
enum Answer {
    Fulfil {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Refuse(String),
}

async fn answer(
    browser: Arc<Browser>,
    session: String,
    params: Value,
    fetcher: Arc<Fetcher>,
    document: Arc<Document>,
    network: Arc<Network>,
    connections: Arc<Semaphore>,
) {
    let id = text(&params, "requestId");
    let request = params.get("request").cloned().unwrap_or(Value::Null);
    let address = text(&request, "url");
    let method = text(&request, "method");
    // The browser asks for the site's icon on its own; a visitor's tab shows it, but it says
    // nothing about the page, and the partner's server is spared the request.
    let own_icon = text(&params, "resourceType") == "Other" && address.ends_with("/favicon.ico");
    let decided = match own_icon {
        true => Answer::Fulfil {
            status: 404,
            headers: Vec::new(),
            body: Vec::new(),
        },
        false => {
            decide(
                &address,
                &method,
                &fetcher,
                &document,
                &network,
                &connections,
            )
            .await
        }
    };
    let cdp = &browser.cdp;
    let s = Some(session.as_str());
    match decided {
        Answer::Fulfil {
            status,
            headers,
            body,
        } => {
            let headers: Vec<Value> = headers
                .into_iter()
                .map(|(name, value)| json!({ "name": name, "value": value }))
                .collect();
            let params = json!({
                "requestId": id,
                "responseCode": status,
                "responseHeaders": headers,
                "body": base64::engine::general_purpose::STANDARD.encode(body),
            });
            let _ = cdp.call(s, "Fetch.fulfillRequest", params).await;
        }
        Answer::Refuse(why) => {
            network.with(|t| {
                t.refused_count += 1;
                // Bounded like the requests: a page that keeps asking adds nothing more.
                if t.refused.len() < MAX_REQUESTS {
                    let shown: String = address.chars().take(120).collect();
                    t.refused
                        .insert(crate::printable::line(&format!("{shown}: {why}")).into_owned());
                }
            });
            let params = json!({ "requestId": id, "errorReason": "BlockedByClient" });
            let _ = cdp.call(s, "Fetch.failRequest", params).await;
        }
    }
}

async fn decide(
    address: &str,
    method: &str,
    fetcher: &Fetcher,
    document: &Document,
    network: &Network,
    connections: &Semaphore,
) -> Answer {
    let number = network.with(|t| {
        t.requests += 1;
        t.requests
    });
    if number > MAX_REQUESTS {
        return Answer::Refuse(format!("more than {MAX_REQUESTS} requests from one page"));
    }
    if method != "GET" && method != "HEAD" {
        return Answer::Refuse(format!(
            "{method} requests are not made (lpdir only reads pages)"
        ));
    }
    let Ok(mut url) = Url::parse(address) else {
        return Answer::Refuse("not a valid address".into());
    };
    url.set_fragment(None);
    let mut document_url = document.url.clone();
    document_url.set_fragment(None);
    if url == document_url && !network.with(|t| std::mem::replace(&mut t.document_served, true)) {
        return Answer::Fulfil {
            status: 200,
            headers: vec![("Content-Type".into(), document.content_type.clone())],
            body: document.body.clone(),
        };
    }
    let Ok(_permit) = connections.acquire().await else {
        return Answer::Refuse("the page was closed".into());
    };
    let left = MAX_PAGE_BYTES.saturating_sub(network.read(|t| t.bytes));
    if left == 0 {
        return Answer::Refuse(format!(
            "more than {} MiB for one page",
            MAX_PAGE_BYTES >> 20
        ));
    }
    let max = left.min(fetcher.settings().max_bytes);
    match fetcher.fetch_resource(&url, max).await {
        Ok(resource) => {
            network.with(|t| t.bytes += resource.body.len() as u64);
            let status = match resource.status {
                200..=599 => resource.status,
                _ => 502,
            };
            Answer::Fulfil {
                status,
                headers: resource.headers,
                body: resource.body,
            }
        }
        Err(e) => Answer::Refuse(e.to_string()),
    }
}
