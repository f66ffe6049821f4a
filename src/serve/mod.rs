//! Serving a built site over HTTP on the local machine.
//!
//! The site is mounted under its base path, folders answer with their `index.html`, and
//! unknown paths get the site's own `404.html` with status 404.

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

/// Serves `dir` on `listener` until the process is interrupted (Ctrl-C).
pub async fn serve_until_interrupted(
    listener: TcpListener,
    dir: &Path,
    base_path: &str,
) -> std::io::Result<()> {
    axum::serve(listener, router(dir, base_path))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Binds `addr`, with a message that says what to do when the port is taken.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(addr).await.map_err(|e| {
        format!("cannot listen on {addr}: {e}; choose another port with --port, or stop the program using it")
    })
}
