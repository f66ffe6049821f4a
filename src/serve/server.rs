//! The HTTP server loop shared by lpdir's servers: a cap on connections, a timeout on slow
//! request heads (a client that opens connections and never finishes its headers cannot hold
//! them), and a `Host` check against DNS rebinding.

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How much one server accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// Time for a client to send a request's head.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 256,
            header_timeout: Duration::from_secs(10),
        }
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
        let app = app
            .clone()
            .map_request(move |mut r: hyper::Request<hyper::body::Incoming>| {
                r.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                r
            });
        let service = TowerToHyperService::new(app);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection gives its slot back when it ends: wait for all of them, within grace.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(grace, slots.acquire_many(all)).await;
    Ok(())
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
