//! Serving the site on this machine: a built folder as it is (`router`), or the maintainers'
//! live preview (`Preview`), which rebuilds on changes and reloads open browsers.
//!
//! Folders answer with their `index.html`, and unknown paths get the site's own `404.html`
//! with status 404.

mod builder;
mod live;
mod watch;

pub use builder::PreviewBuilder;
pub use live::{MAX_LISTENERS, Preview};
pub use watch::{DEBOUNCE, WatchGuard};

use axum::Router;
use axum::response::Redirect;
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The 404 page for `path`: a language's own (`/nl/…` gets `nl/404.html`) when the site has
/// one, else the site's.
pub fn not_found_page(dir: &Path, path: &str) -> PathBuf {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let own = dir.join(first).join("404.html");
    let is_language = !first.is_empty()
        && first.len() <= 8
        && first.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
    if is_language && own.is_file() {
        own
    } else {
        dir.join("404.html")
    }
}

/// The router serving the built site in `dir` under `base_path` (`/` or `/sub/path/`).
pub fn router(dir: &Path, base_path: &str) -> Router {
    let dir_for_404 = dir.to_owned();
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(tower::service_fn(move |request: axum::extract::Request| {
            let page = not_found_page(&dir_for_404, request.uri().path());
            async move {
                let mut response = ServeFile::new(page).oneshot(request).await?;
                *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
                Ok::<_, std::convert::Infallible>(response)
            }
        }));
    let base = base_path.trim_end_matches('/');
    if base.is_empty() {
        Router::new().fallback_service(files)
    } else {
        let target = format!("{base}/");
        Router::new()
            .route(
                "/",
                axum::routing::get(move || async move { Redirect::temporary(&target) }),
            )
            .nest_service(base, files)
    }
}
