//! The loopback validation benchmark's server: writes a site root whose entries point at
//! N landing pages, each on its own host name, and serves them all from one local port.
//!
//! `cargo run --release --example landing_server -- --pages 1000 --out /tmp/lp-bench`
//! prints one line per page, `HOST:PORT:127.0.0.1`, into `/tmp/lp-bench/pins.txt` (for
//! `lpdir validate --resolve`), then serves until interrupted.
//!
//! `--hostile` serves hostile pages instead, as large as the 5 MiB cap allows, cycling
//! through every kind in `hostile.rs` (page i is of kind i modulo their number).

mod hostile;
mod page;
mod scripted;

use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use clap::Parser;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// Bytes per page (about).
    #[arg(long, default_value_t = 60_000)]
    size: usize,
    /// A new folder for the site root and the pins file.
    #[arg(long)]
    out: PathBuf,
    /// Serve hostile pages (see hostile.rs) instead of landing pages.
    #[arg(long)]
    hostile: bool,
    /// Serve script-built pages: a shell whose bundle fetches the content as JSON (the
    /// rendering benchmark).
    #[arg(long, conflicts_with = "hostile")]
    scripted: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let month = args.out.join("content/partners/2026-11");
    std::fs::create_dir_all(&month)?;
    let mut pins = String::new();
    for i in 0..args.pages {
        let host = page::host(i);
        let yaml = format!(
            "name: {}\ncountry: NL\nlanding_url: http://{host}:{port}/microsoft\n",
            page::name(i)
        );
        std::fs::write(month.join(format!("partner-{i}.yaml")), yaml)?;
        let _ = writeln!(pins, "{host}:{port}:127.0.0.1");
    }
    std::fs::write(args.out.join("pins.txt"), pins)?;
    // Pages are rendered once, up front, so the server costs little during the benchmark.
    let pages: Arc<Vec<String>> = Arc::new(
        (0..args.pages)
            .map(|i| match (args.hostile, args.scripted) {
                (true, _) => {
                    hostile::page(hostile::KINDS[i % hostile::KINDS.len()], 5 * 1024 * 1024)
                }
                (_, true) => scripted::data(i, args.size),
                _ => page::landing_page(i, args.size),
            })
            .collect(),
    );
    let scripted = args.scripted;
    let app = axum::Router::new().fallback(move |headers: HeaderMap, uri: axum::http::Uri| {
        let pages = Arc::clone(&pages);
        async move {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            let index = host
                .strip_prefix("www.partner-")
                .and_then(|h| h.split('.').next())
                .and_then(|n| n.parse::<usize>().ok());
            let (content_type, body) = match (index.and_then(|i| pages.get(i)), uri.path()) {
                (None, _) => return axum::http::StatusCode::NOT_FOUND.into_response(),
                (Some(_), "/app.js") if scripted => {
                    ("text/javascript", scripted::BUNDLE.to_owned())
                }
                (Some(data), "/api/page.json") if scripted => ("application/json", data.clone()),
                (Some(_), _) if scripted => ("text/html; charset=utf-8", scripted::shell()),
                (Some(page), _) => ("text/html; charset=utf-8", page.clone()),
            };
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
    });
    eprintln!(
        "serving {} pages on 127.0.0.1:{port}; site root {}",
        args.pages,
        args.out.display()
    );
    axum::serve(listener, app).await
}
