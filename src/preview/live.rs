//! The maintainers' live preview: serve the draft build, rebuild on every change, reload
//! open browsers over server-sent events, and show a failed build's errors in place of the
//! pages until it is fixed.

use super::builder::PreviewBuilder;
use super::watch;
use crate::publish::PublishError;
use crate::site::{BuildReport, SiteError};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::{Semaphore, broadcast};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

const RELOAD_JS: &str = "// lpdir preview: reload when the site is rebuilt.\n\
(function () {\n  var events = new EventSource(\"/__lpdir/events\");\n  events.onopen = function () { window.__lpdirLive = true; };\n  events.addEventListener(\"reload\", function () { window.location.reload(); });\n})();\n";

/// What the preview serves now.
pub struct Preview {
    output: PathBuf,
    /// The last build's error, shown instead of the pages while it stands.
    error: RwLock<Option<String>>,
    reloads: broadcast::Sender<u64>,
    builder: Mutex<PreviewBuilder>,
    generation: Mutex<u64>,
    /// Live-reload streams open at once: each holds a connection for as long as its tab.
    listeners: Arc<Semaphore>,
}

/// Live-reload streams the preview keeps open at once (browser tabs).
pub const MAX_LISTENERS: usize = 64;

impl Preview {
    /// Builds the site once; the preview starts even if that build fails.
    pub fn start(builder: PreviewBuilder) -> (Arc<Preview>, Result<BuildReport, String>) {
        let (reloads, _) = broadcast::channel(16);
        let preview = Arc::new(Preview {
            output: builder.output().to_owned(),
            error: RwLock::new(None),
            reloads,
            builder: Mutex::new(builder),
            generation: Mutex::new(0),
            listeners: Arc::new(Semaphore::new(MAX_LISTENERS)),
        });
        let first = preview.rebuild(&[]);
        (preview, first)
    }

    /// Rebuilds after `changed` and tells the browsers. Returns the build or its error text.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Result<BuildReport, String> {
        let result = match self.builder.lock() {
            Ok(mut b) => b.build(changed).map_err(|e| describe(&e)),
            Err(_) => Err("the previous build crashed; restart lpdir serve".to_owned()),
        };
        if let Ok(mut error) = self.error.write() {
            *error = result.as_ref().err().cloned();
        }
        let generation = self.generation.lock().map(|mut g| {
            *g += 1;
            *g
        });
        let _ = self.reloads.send(generation.unwrap_or(0));
        result
    }

    /// Watches the root and rebuilds on changes; keep the watcher alive while serving.
    pub fn watch(self: &Arc<Self>, root: &std::path::Path) -> notify::Result<watch::WatchGuard> {
        let preview = Arc::clone(self);
        watch::watch(root, move |changed| {
            let started = std::time::Instant::now();
            match preview.rebuild(&changed) {
                Ok(r) => eprintln!(
                    "rebuilt after {} in {} ms ({})",
                    crate::text::count(changed.len(), "change", "changes"),
                    started.elapsed().as_millis(),
                    crate::text::count(r.partners, "partner", "partners")
                ),
                Err(e) => eprintln!("the build failed; the browser shows why:\n{e}"),
            }
        })
    }

    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/__lpdir/reload.js", axum::routing::get(reload_js))
            .route("/__lpdir/events", axum::routing::get(events))
            .fallback(page)
            .layer(axum::middleware::from_fn(
                crate::http_server::local_hosts_only,
            ))
            .with_state(Arc::clone(self))
    }
}

/// A build error as plain text: the same report as on the command line.
fn describe(e: &PublishError) -> String {
    match e {
        PublishError::Site(SiteError::Content(problems)) => {
            crate::diagnostics::plain(&crate::diagnostics::render_problems(problems, None))
        }
        other => format!("error: {other}"),
    }
}

async fn reload_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_JS,
    )
}

async fn events(State(preview): State<Arc<Preview>>) -> Response {
    let Ok(permit) = Arc::clone(&preview.listeners).try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many preview tabs are open; close some and reload.\n",
        )
            .into_response();
    };
    let rx = preview.reloads.subscribe();
    // The permit lives as long as the stream: closing the tab frees it.
    let stream = futures_util::stream::unfold((rx, permit), |(mut rx, permit)| async move {
        loop {
            match rx.recv().await {
                Ok(g) => {
                    let event = Event::default().event("reload").data(g.to_string());
                    return Some((Ok::<_, Infallible>(event), (rx, permit)));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn page(State(preview): State<Arc<Preview>>, request: Request) -> Response {
    let error = preview.error.read().ok().and_then(|e| e.clone());
    if let Some(text) = error {
        let no_store = [(header::CACHE_CONTROL, "no-store")];
        return match error_page(&text) {
            Ok(page) => (StatusCode::INTERNAL_SERVER_ERROR, no_store, Html(page)).into_response(),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                no_store,
                format!("{text}\n\n{e}\n"),
            )
                .into_response(),
        };
    }
    let not_found = super::not_found_page(&preview.output, request.uri().path());
    let files = ServeDir::new(&preview.output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(not_found));
    match files.oneshot(request).await {
        Ok(r) => {
            let mut r = r.into_response();
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            r
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The build's error in lpdir's own page (never the site's templates: they may be what failed).
fn error_page(text: &str) -> Result<String, crate::site::SiteError> {
    let mut ctx = tera::Context::new();
    ctx.insert("error", text);
    crate::site::Templates::builtin()?.render("preview/error.html", &ctx)
}
