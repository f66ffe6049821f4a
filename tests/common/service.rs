//! The self-check service for tests: fixture landing pages, a directory published from them
//! by a real run, and the service on 127.0.0.1:0.

use super::web::{Reply, Site, landing};
use super::{Fixture, publish};
use lpdir::config::{SelfCheckSettings, ServiceLimits};
use lpdir::http_server;
use lpdir::service::{self, Service, ServiceOptions};
use lpdir::validate::NetworkSettings;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub const HOSTS: &[&str] = &[
    "www.contoso.com",
    "www.fabrikam.de",
    "www.slow.com",
    "www.xn--bcher-kva.de",
];

pub struct Running {
    pub addr: SocketAddr,
    pub service: Arc<Service>,
    pub stop: tokio::sync::oneshot::Sender<()>,
    pub done: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// A directory with Contoso and Fabrikam published (their ledger written by a real run).
pub async fn published_site(pages: SocketAddr) -> Fixture {
    let f = Fixture::new();
    let url = |host: &str| format!("http://{host}:{}/microsoft", pages.port());
    f.entry(
        "2026-11",
        "contoso",
        "Contoso Learning",
        "NL",
        &url("www.contoso.com"),
        None,
    )
    .entry(
        "2026-11",
        "fabrikam",
        "Fabrikam Academy",
        "DE",
        &url("www.fabrikam.de"),
        None,
    );
    let summary = publish(&f, pages, HOSTS, "2026-11").await;
    assert_eq!(summary.added, 2, "{summary:?}");
    f
}

pub fn pages() -> Site {
    let site = Site::default();
    site.page(
        "www.contoso.com",
        "/microsoft",
        &landing("Contoso Learning", ""),
    )
    .page(
        "www.contoso.com",
        "/aws",
        &landing("Contoso Learning", "<p>We also teach AWS.</p>"),
    )
    .page(
        "www.contoso.com",
        "/friends",
        &landing("Contoso Learning", "<p>Together with Fabrikam Academy.</p>"),
    )
    .page(
        "www.fabrikam.de",
        "/microsoft",
        &landing("Fabrikam Academy", ""),
    )
    .page(
        "www.xn--bcher-kva.de",
        "/ms",
        &landing("Bücher Training", ""),
    )
    .route(
        "www.slow.com",
        "/ms",
        Reply::After(Duration::from_millis(800), landing("Slow Training", "")),
    );
    site
}

pub async fn start(
    root: &std::path::Path,
    network: NetworkSettings,
    settings: SelfCheckSettings,
) -> Running {
    start_rendering(root, network, settings, Default::default()).await
}

/// The service, rendering pages as `rendering` says.
pub async fn start_rendering(
    root: &std::path::Path,
    network: NetworkSettings,
    settings: SelfCheckSettings,
    rendering: lpdir::validate::Rendering,
) -> Running {
    let limits = service::server_limits(&settings);
    let grace = service::shutdown_grace(network.timeout);
    let options = ServiceOptions {
        root: root.to_owned(),
        network,
        settings,
        rendering,
        allow_private_pins: true,
        metrics_here: true,
    };
    let service = Service::start(options).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let closing = service.clone();
    let shutdown = async move {
        let _ = stopped.await;
        closing.close();
    };
    let app = service::router(service.clone());
    let done = tokio::spawn(http_server::run_until(
        listener, app, limits, shutdown, grace,
    ));
    Running {
        addr,
        service,
        stop,
        done,
    }
}

pub fn generous() -> SelfCheckSettings {
    SelfCheckSettings {
        limits: ServiceLimits {
            per_minute: 1000,
            per_hour: 10_000,
            per_host_per_minute: 1000,
            ..ServiceLimits::default()
        },
        ..Default::default()
    }
}
