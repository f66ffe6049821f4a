//! The partner self-check service: a small web service that runs the validator for anonymous
//! partners, beside the static directory. A form and a result page in English and Dutch, a
//! JSON API, health and metrics; hardened because it fetches addresses for strangers: the
//! address guard always on, per-client and per-host rate limits, a cap on checks in flight,
//! bounded bodies, headers and connections, no cookies, nothing on disk.

mod answer;
mod api;
mod cache;
mod client;
mod form;
mod http;
mod limits;
mod metrics;
mod pages;
mod state;

pub use http::{metrics_router, router};
pub use state::{LoadError, Refusal, Service, ServiceOptions};

use crate::config::SelfCheckSettings;
use crate::http_server::Limits;
use std::sync::Arc;
use std::time::Duration;

/// The server's limits for the service, from `[self_check]`: its connection caps and
/// timeouts, and its reverse proxies exempt from the per-client cap (they carry many clients).
pub fn server_limits(settings: &SelfCheckSettings) -> Limits {
    let l = &settings.limits;
    Limits {
        max_connections: l.max_connections,
        per_client: l.connections_per_client,
        header_timeout: l.header_timeout,
        body_timeout: l.body_timeout,
        idle_timeout: l.idle_timeout,
        max_body: crate::config::MAX_BODY_CEILING,
        exempt: settings.trusted_proxies.clone(),
    }
}

/// How long a stopping service waits for its open requests: every check ends by its deadline
/// (the page's timeout from the request's arrival, its time queued included), and its answer
/// needs a moment more.
pub fn shutdown_grace(timeout: Duration) -> Duration {
    timeout + Duration::from_secs(5)
}

/// Reads the site's sources again every `every`, so that a new month or an edited entry is
/// known without a restart; a broken change keeps the last good directory and is logged.
pub async fn reload_every(service: Arc<Service>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let s = Arc::clone(&service);
        match tokio::task::spawn_blocking(move || s.reload()).await {
            Ok(Ok(partners)) => tracing::debug!(partners, "directory reloaded"),
            Ok(Err(e)) => tracing::warn!(
                problem = %crate::diagnostics::plain(&describe(&e)),
                "the site's sources have a problem; the last good directory stays in use"
            ),
            Err(e) => tracing::warn!(error = %e, "reloading the directory stopped"),
        }
    }
}

/// A load error as text, problems rendered as on the command line.
pub fn describe(e: &LoadError) -> String {
    match e {
        LoadError::Content(p) => crate::diagnostics::render_problems(p, None),
        other => other.to_string(),
    }
}
