//! A real HTTP server on 127.0.0.1:0 that answers for many host names, as partners' sites
//! would, and logs every request it receives (host and path).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A client for the tests' plain-HTTP servers on loopback. It trusts no certificate
/// authority, so building it does not read the machine's certificate store: a default
/// client does, which costs a debug build tens of milliseconds per client. Its TLS provider
/// is lpdir's (ring), which reqwest needs installed before any client is built.
pub fn http_client() -> reqwest::ClientBuilder {
    lpdir::validate::use_ring_provider();
    reqwest::Client::builder().tls_certs_only([])
}

/// [`http_client`] with its defaults.
pub fn http() -> reqwest::Client {
    http_client().build().unwrap()
}

/// What the server answers for one host and path.
#[derive(Clone)]
pub enum Reply {
    Html(String),
    /// Raw bytes with a content type and optional content encoding.
    Bytes {
        content_type: &'static str,
        encoding: Option<&'static str>,
        body: Vec<u8>,
    },
    Status(u16),
    Redirect(String),
    /// 503 (with Retry-After: 0) the first `n` times, then the page.
    FlakyThen(usize, String),
    /// Sends headers, then one byte per second for a minute.
    Drip,
    /// The page, after a pause: long enough for concurrent requests to overlap.
    Slow(String),
    /// The page, after the given pause.
    After(Duration, String),
    /// 503 with this Retry-After value, every time.
    Unavailable(&'static str),
    /// The page once the test opens the gate; each request is announced as it arrives, so
    /// that a test waits for the event instead of sleeping.
    Gated(Arc<Gate>, String),
}

/// Holds requests until the test opens it, counting those that arrived.
pub struct Gate {
    arrived: tokio::sync::Semaphore,
    open: tokio::sync::watch::Sender<bool>,
}

impl Gate {
    pub fn new() -> Arc<Gate> {
        Arc::new(Gate {
            arrived: tokio::sync::Semaphore::new(0),
            open: tokio::sync::watch::channel(false).0,
        })
    }

    /// Waits until `n` more requests have arrived.
    pub async fn arrivals(&self, n: u32) {
        self.arrived.acquire_many(n).await.unwrap().forget();
    }

    /// Lets every held request, and every later one, through.
    pub fn open(&self) {
        self.open.send_replace(true);
    }
}

#[derive(Clone, Default)]
pub struct Site {
    routes: Arc<Mutex<HashMap<(String, String), Reply>>>,
    counters: Arc<Mutex<HashMap<(String, String), usize>>>,
    pub log: Arc<Mutex<Vec<String>>>,
    /// Requests being answered now, per host, and the most ever seen at once.
    in_flight: Arc<Mutex<HashMap<String, (usize, usize)>>>,
}

impl Site {
    pub fn route(&self, host: &str, path: &str, reply: Reply) -> &Site {
        self.routes
            .lock()
            .unwrap()
            .insert((host.to_owned(), path.to_owned()), reply);
        self
    }

    pub fn page(&self, host: &str, path: &str, html: &str) -> &Site {
        self.route(host, path, Reply::Html(html.to_owned()))
    }

    /// The most requests one host was answering at the same time.
    pub fn max_in_flight(&self, host: &str) -> usize {
        self.in_flight
            .lock()
            .unwrap()
            .get(host)
            .map_or(0, |(_, max)| *max)
    }

    /// The requests received, as `host/path`.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Starts serving; the server runs until the test's runtime ends.
    pub async fn start(&self) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let site = self.clone();
        let app = axum::Router::new().fallback(move |req: Request| {
            let site = site.clone();
            async move { site.answer(req).await }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    }

    async fn answer(&self, req: Request) -> Response {
        let host = host_of(&req);
        let path = req.uri().path().to_owned();
        self.log.lock().unwrap().push(format!("{host}{path}"));
        let key = (host, path);
        let reply = self.routes.lock().unwrap().get(&key).cloned();
        match reply {
            None => status(404),
            Some(Reply::Html(html)) => html_response(html),
            Some(Reply::Bytes {
                content_type,
                encoding,
                body,
            }) => {
                let mut r = Response::new(Body::from(body));
                r.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                if let Some(e) = encoding {
                    r.headers_mut()
                        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
                }
                r
            }
            Some(Reply::Status(code)) => status(code),
            Some(Reply::Redirect(to)) => {
                let mut r = status(302);
                r.headers_mut()
                    .insert(header::LOCATION, HeaderValue::from_str(&to).unwrap());
                r
            }
            Some(Reply::FlakyThen(n, html)) => {
                let count = {
                    let mut c = self.counters.lock().unwrap();
                    let e = c.entry(key).or_default();
                    *e += 1;
                    *e
                };
                if count <= n {
                    let mut r = status(503);
                    r.headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from_static("0"));
                    r
                } else {
                    html_response(html)
                }
            }
            Some(Reply::Slow(html)) => {
                let host = key.0.clone();
                {
                    let mut map = self.in_flight.lock().unwrap();
                    let e = map.entry(host.clone()).or_default();
                    e.0 += 1;
                    e.1 = e.1.max(e.0);
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
                self.in_flight.lock().unwrap().entry(host).or_default().0 -= 1;
                html_response(html)
            }
            Some(Reply::After(pause, html)) => {
                tokio::time::sleep(pause).await;
                html_response(html)
            }
            Some(Reply::Gated(gate, html)) => {
                let mut open = gate.open.subscribe();
                gate.arrived.add_permits(1);
                let _ = open.wait_for(|o| *o).await;
                html_response(html)
            }
            Some(Reply::Unavailable(after)) => {
                let mut r = status(503);
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static(after));
                r
            }
            Some(Reply::Drip) => {
                let stream = async_stream(60);
                let mut r = Response::new(Body::from_stream(stream));
                r.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
                r
            }
        }
    }
}

/// The request's host name, without its port.
pub fn host_of(req: &Request) -> String {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_owned()
}

fn async_stream(n: usize) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tokio::spawn(async move {
        for _ in 0..n {
            if tx.send(Ok(b"<".to_vec())).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    tokio_stream_from(rx)
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn status(code: u16) -> Response {
    let mut r = Response::new(Body::from(format!("status {code}")));
    *r.status_mut() = StatusCode::from_u16(code).unwrap();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    r
}

fn html_response(html: String) -> Response {
    let mut r = Response::new(Body::from(html));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

#[path = "../../src/validate/analysis/rules/landing_page.rs"]
mod landing_page;
pub use landing_page::landing;

/// Network settings for a test: plain http allowed, 5 s per page, and each of `hosts` pinned
/// to the test's server, as `--resolve` does.
pub fn pinned(addr: SocketAddr, hosts: &[&str]) -> lpdir::validate::NetworkSettings {
    lpdir::validate::NetworkSettings {
        allow_http: true,
        timeout: Duration::from_secs(5),
        pins: hosts
            .iter()
            .map(|h| lpdir::validate::Pin::new(h, addr.port(), addr.ip()))
            .collect(),
        ..Default::default()
    }
}
