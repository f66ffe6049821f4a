//! Serving the site on this machine: a built folder as it is (`router`), or the maintainers'
//! live preview (`Preview`), which rebuilds on changes and reloads open browsers.
//!
//! Folders answer with their `index.html`, and unknown paths get the site's own `404.html`
//! with status 404.

mod builder;
mod preview;
mod watch;

pub use builder::PreviewBuilder;
pub use preview::Preview;
pub use watch::{DEBOUNCE, WatchGuard};

use axum::Router;
use axum::response::Redirect;
use std::net::SocketAddr;
use std::path::Path;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

/// The router serving the built site in `dir` under `base_path` (`/` or `/sub/path/`).
pub fn router(dir: &Path, base_path: &str) -> Router {
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
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

/// Binds `addr`, with a message that says what to do when the port is taken.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(addr).await.map_err(|e| {
        format!("cannot listen on {addr}: {e}; choose another port with --port, or stop the program using it")
    })
}
