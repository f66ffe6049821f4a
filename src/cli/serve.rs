//! `lpdir serve`: the maintainers' live preview of the directory, drafts included.

use super::{EXIT_FAILURE, EXIT_OK};
use lpdir::http_server::Limits;
use lpdir::preview::{Preview, PreviewBuilder};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// The preview's default port.
pub const DEFAULT_PORT: u16 = 1111;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site's root folder, holding lpdir.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on. Only change it to show the preview to other machines.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub interface: IpAddr,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Preview the directory as of this month (YYYY-MM) [default: the latest month].
    #[arg(long)]
    pub month: Option<lpdir::content::Month>,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: &ServeArgs) -> u8 {
    if let Err(code) = super::require_root(&args.root) {
        return code;
    }
    // The watcher reports changes under the folder's real path: the builder must know the
    // root by that path too, however it was typed (`.`, `site`, a symbolic link).
    let root = match args.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: cannot read {}: {e}", args.root.display());
            return super::EXIT_INPUT;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: cannot start the server: {e}");
            return EXIT_FAILURE;
        }
    };
    runtime.block_on(async {
        let listener =
            match lpdir::http_server::bind(SocketAddr::new(args.interface, args.port)).await {
                Ok(l) => l,
                Err(e) => {
                    anstream::eprintln!("error: {e}");
                    return EXIT_FAILURE;
                }
            };
        let addr = listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::new(args.interface, args.port));
        let dir = match tempfile::Builder::new().prefix("lpdir-serve-").tempdir() {
            Ok(d) => d,
            Err(e) => {
                anstream::eprintln!("error: cannot create a folder for the preview: {e}");
                return EXIT_FAILURE;
            }
        };
        // The preview is served from the root of this server, whatever the configured base_url.
        let Ok(base_url) = url::Url::parse(&format!("http://{addr}/")) else {
            return EXIT_FAILURE;
        };
        let builder =
            PreviewBuilder::new(root.clone(), dir.path().join("site"), base_url, args.month);
        let (preview, first) =
            match tokio::task::spawn_blocking(move || Preview::start(builder)).await {
                Ok(started) => started,
                Err(e) => {
                    anstream::eprintln!("error: the first build stopped unexpectedly: {e}");
                    return EXIT_FAILURE;
                }
            };
        match first {
            Ok(r) => println!(
                "Previewing the directory as of {} ({}, drafts included)",
                r.month,
                lpdir::text::count(r.partners, "partner", "partners")
            ),
            Err(e) => anstream::eprintln!("{e}\nThe preview shows this error until it is fixed."),
        }
        let _watcher = match preview.watch(&root) {
            Ok(w) => Some(w),
            Err(e) => {
                anstream::eprintln!(
                    "warning: cannot watch {} for changes ({e}); reload by \
                    restarting",
                    args.root.display()
                );
                None
            }
        };
        println!(
            "Serving at http://{addr}/ — edits to content/, templates/, \
            static/ and lpdir.toml reload the page; Ctrl-C stops"
        );
        if args.open {
            let _ = std::process::Command::new("xdg-open")
                .arg(format!("http://{addr}/"))
                .spawn();
        }
        // Not a graceful shutdown: open browsers hold their event streams forever.
        let server = lpdir::http_server::run(listener, preview.router(), Limits::local());
        tokio::select! {
            served = server => match served {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    anstream::eprintln!("error: the server stopped: {e}");
                    EXIT_FAILURE
                }
            },
            _ = tokio::signal::ctrl_c() => EXIT_OK,
        }
    })
}
