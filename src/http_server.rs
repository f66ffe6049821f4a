//! The HTTP server loop shared by lpdir's servers. Every way a client can hold the server is
//! bounded: connections in all and per client address, the time to send a request's head,
//! the time to send its body, and the time a connection may sit idle. A `Host` check guards
//! against DNS rebinding.

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How much one server accepts.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections open at once; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// Connections open at once from one client address (an IPv6 client's /64): more are
    /// answered 429 and closed, so that one address never holds more than a small share.
    pub per_client: usize,
    /// Time for a client to send a request's head.
    pub header_timeout: Duration,
    /// Time for a client to send a request's whole body, once its head is in.
    pub body_timeout: Duration,
    /// Time a connection may stay open with no request running and nothing sent either way.
    pub idle_timeout: Duration,
    /// The largest request body read at all; a route may allow less.
    pub max_body: usize,
    /// Peers not held to `per_client`: reverse proxies, which carry many clients.
    pub exempt: Vec<IpAddr>,
}

impl Limits {
    /// For a server only this machine uses (the preview): every client is 127.0.0.1, so
    /// there is no per-client cap.
    pub fn local() -> Limits {
        Limits {
            per_client: usize::MAX,
            ..Limits::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 256,
            per_client: 16,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_body: 64 * 1024,
            exempt: Vec::new(),
        }
    }
}

/// The address a client's limits are kept under: an IPv4 address (IPv4-mapped IPv6 counts
/// as IPv4), or an IPv6 client's /64, since one host is usually given a whole /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    }
}

/// Serves `app` on `listener` within `limits`, until the task is dropped.
pub async fn run(listener: TcpListener, app: Router, limits: Limits) -> std::io::Result<()> {
    run_until(
        listener,
        app,
        limits,
        std::future::pending(),
        Duration::ZERO,
    )
    .await
}

/// Serves `app` until `shutdown` completes, then stops accepting, lets open requests finish
/// for at most `grace`, and returns. Each request carries its peer's address as
/// `ConnectInfo<SocketAddr>`.
pub async fn run_until(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
    grace: Duration,
) -> std::io::Result<()> {
    let max = limits.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(max));
    let clients = Arc::new(Clients::default());
    let app = app.layer(axum::middleware::from_fn_with_state(
        (limits.body_timeout, limits.max_body),
        body_within,
    ));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            // Out of file descriptors and the like: wait instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let exempt = limits
            .exempt
            .iter()
            .any(|e| e.to_canonical() == peer.ip().to_canonical());
        let Some(client) = clients.enter(peer.ip(), limits.per_client, exempt) else {
            refuse_busy_client(stream);
            continue;
        };
        let busy = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&busy);
        let app = app
            .clone()
            .map_request(move |mut r: hyper::Request<hyper::body::Incoming>| {
                r.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                r.extensions_mut().insert(Running(Arc::clone(&counted)));
                r
            });
        let service = TowerToHyperService::new(app);
        let mut stopped = stopped.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let io = Watched::new(stream);
            let last = Arc::clone(&io.last);
            let born = io.born;
            let mut connection = Box::pin(
                hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_timeout)
                    .serve_connection(TokioIo::new(io), service)
                    .with_upgrades(),
            );
            let idle = idle_for(limits.idle_timeout, born, last, busy);
            tokio::pin!(idle);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = &mut idle => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.as_mut().await;
                }
            }
            // The places first: by the time the client sees the connection close, its
            // address may open another.
            drop((client, slot));
            drop(connection);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection gives its slot back when it ends: wait for all of them, within grace.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(grace, slots.acquire_many(all)).await;
    Ok(())
}

/// A client over its share: told so in one write that never waits, then closed.
fn refuse_busy_client(stream: tokio::net::TcpStream) {
    const BODY: &str = "Too many connections from your address.\n";
    let answer = format!(
        "HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 5\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// Connections open per client address.
#[derive(Default)]
struct Clients {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open connection of a client; gives its place back when dropped.
struct ClientPlace {
    clients: Arc<Clients>,
    key: Option<IpAddr>,
}

impl Clients {
    fn enter(self: &Arc<Self>, ip: IpAddr, per_client: usize, exempt: bool) -> Option<ClientPlace> {
        if exempt {
            return Some(ClientPlace {
                clients: Arc::clone(self),
                key: None,
            });
        }
        let key = client_key(ip);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(key).or_insert(0);
        if *n >= per_client.max(1) {
            return None;
        }
        *n += 1;
        Some(ClientPlace {
            clients: Arc::clone(self),
            key: Some(key),
        })
    }
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        let Some(key) = self.key else { return };
        let mut open = self.clients.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                open.remove(&key);
            }
        }
    }
}

/// Requests of one connection being answered; a connection is idle only when none is.
#[derive(Clone)]
struct Running(Arc<AtomicUsize>);

/// Counts a request as running until its answer is made.
struct RunningGuard(Arc<AtomicUsize>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Completes once the connection has been idle for `timeout`: no request running and no
/// byte read or written.
async fn idle_for(timeout: Duration, born: Instant, last: Arc<AtomicU64>, busy: Arc<AtomicUsize>) {
    let mut deadline = tokio::time::Instant::now() + timeout;
    loop {
        tokio::time::sleep_until(deadline).await;
        let since = Duration::from_millis(last.load(Ordering::SeqCst));
        let quiet_until = born + since + timeout;
        let next = match busy.load(Ordering::SeqCst) {
            0 if Instant::now() >= quiet_until => return,
            0 => quiet_until,
            _ => Instant::now() + timeout,
        };
        deadline = tokio::time::Instant::from_std(next);
    }
}

/// The stream of a connection, noting when a byte last went either way.
struct Watched {
    stream: tokio::net::TcpStream,
    born: Instant,
    /// Milliseconds after `born`.
    last: Arc<AtomicU64>,
}

impl Watched {
    fn new(stream: tokio::net::TcpStream) -> Watched {
        Watched {
            stream,
            born: Instant::now(),
            last: Arc::new(AtomicU64::new(0)),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.born.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::SeqCst);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// An answer's body, counting its request as running until the body is sent or dropped: a
/// long answer (a live-reload stream) is never taken for an idle connection.
struct Counted {
    inner: axum::body::Body,
    _running: Option<RunningGuard>,
}

impl http_body::Body for Counted {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Reads a request's whole body within the deadline before anything handles it: a client
/// that declares a body and sends it a byte at a time is answered 408 and let go. The
/// request counts as running from here until its answer's body is sent.
async fn body_within(
    axum::extract::State((deadline, max)): axum::extract::State<(Duration, usize)>,
    request: Request,
    next: Next,
) -> Response {
    let running = request.extensions().get::<Running>().map(|r| {
        r.0.fetch_add(1, Ordering::SeqCst);
        RunningGuard(Arc::clone(&r.0))
    });
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(deadline, axum::body::to_bytes(body, max)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                [(header::CONNECTION, "close")],
                "The request's body is too large.\n",
            )
                .into_response();
        }
        Err(_) => {
            return (
                StatusCode::REQUEST_TIMEOUT,
                [(header::CONNECTION, "close")],
                "The request's body did not arrive in time.\n",
            )
                .into_response();
        }
    };
    let response = next
        .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await;
    response.map(|inner| {
        axum::body::Body::new(Counted {
            inner,
            _running: running,
        })
    })
}
/// Refuses a request whose `Host` is a name other than `localhost`: a DNS-rebinding page
/// reaches the server under its own name, never under an address. Addresses (however the
/// server is reached on a network) and `localhost` pass.
pub async fn local_hosts_only(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if is_local_host(host) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "This server answers only at an address (such as 127.0.0.1) or localhost.\n",
        )
            .into_response()
    }
}

/// Whether a `Host` header names an IP address or localhost, with or without a port.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => {
            return v6
                .split_once(']')
                .is_some_and(|(a, _)| a.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Binds `addr`, with a message that says what to do when the port is taken.
pub async fn bind(addr: std::net::SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(addr).await.map_err(|e| {
        format!(
            "cannot listen on {addr}: {e}; choose another port with \
            --port, or stop the program using it"
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_addresses_and_localhost_are_local() {
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "192.0.2.4:80",
        ] {
            assert!(super::is_local_host(ok), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:1111",
            "",
            "localhost.attacker.example",
            "[evil]:1",
        ] {
            assert!(!super::is_local_host(bad), "{bad}");
        }
    }
}
