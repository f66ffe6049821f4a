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
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let _ = connection.await;
        });
    }
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
