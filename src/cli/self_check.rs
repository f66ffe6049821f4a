//! `lpdir self-check`: the partner self-check web service, for the programme to run beside the
//! static directory.

use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK};
use crate::config::Config;
use crate::serve::server::{self, Limits};
use crate::service::{self, Service, ServiceOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct SelfCheckArgs {
    /// The directory's site root: its partners are known to the partner-only rule.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address and port to listen on (behind a reverse proxy in production).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub fetch: super::network::FetchArgs,
    /// How pages are seen [default: `[self_check] render` in lpdir.toml, or auto].
    #[command(flatten)]
    pub render: super::network::RenderArgs,
}

pub fn run(args: &SelfCheckArgs) -> u8 {
    if let Err(code) = super::require_root(&args.root) {
        return code;
    }
    // Only the settings here: the service loads (and checks) the whole site itself.
    let config = match Config::load(&args.root) {
        Ok(config) => config,
        Err(p) => return super::build::print_problems(&p, &args.root),
    };
    // No --allow-private here: the address guard is always on for anonymous visitors.
    let network = args.fetch.apply(config.network.clone());
    let s = &config.self_check;
    let rendering = match args.render.rendering_over(s.render, s.render_jobs) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let options = ServiceOptions {
        root: args.root.clone(),
        network,
        settings: config.self_check.clone(),
        rendering,
    };
    // One line per check on standard error: time, hashed client, host, verdict, duration.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: cannot start the server: {e}");
            return EXIT_FAILURE;
        }
    };
    runtime.block_on(serve(args.listen, options))
}

async fn serve(listen: SocketAddr, options: ServiceOptions) -> u8 {
    let reload = options.settings.reload;
    let grace = options.network.timeout + Duration::from_secs(5);
    let root = options.root.clone();
    let service = match tokio::task::spawn_blocking(move || Service::start(options)).await {
        Ok(Ok(s)) => s,
        Ok(Err(service::LoadError::Content(p))) => return super::build::print_problems(&p, &root),
        Ok(Err(e)) => {
            anstream::eprint!("{}", service::describe(&e));
            return EXIT_INPUT;
        }
        Err(e) => {
            anstream::eprintln!("error: loading the directory stopped: {e}");
            return EXIT_FAILURE;
        }
    };
    let listener = match crate::serve::bind(listen).await {
        Ok(l) => l,
        Err(e) => {
            anstream::eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(listen);
    let stop = terminated();
    println!(
        "Serving the partner self-check at http://{addr}/ ({} partners known); Ctrl-C or SIGTERM stops",
        service.loaded().partners
    );
    tokio::spawn(service::reload_every(service.clone(), reload));
    let app = service::router(service.clone());
    let closing = service.clone();
    let shutdown = async move {
        stop.await;
        // New checks are refused from now on; running ones finish within the grace period.
        closing.close();
    };
    match server::run_until(listener, app, Limits::default(), shutdown, grace).await {
        Ok(()) => EXIT_OK,
        Err(e) => {
            anstream::eprintln!("error: the server stopped: {e}");
            EXIT_FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM (what container runtimes send). The handlers are installed here, at
/// once, not when the future is first polled: a signal that comes right after the "Serving"
/// line must stop the server gracefully, not kill it.
fn terminated() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let mut interrupt = signal(SignalKind::interrupt()).ok();
    async move {
        let wait = |s: Option<tokio::signal::unix::Signal>| async move {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = wait(term.take()) => {}
            () = wait(interrupt.take()) => {}
        }
    }
}
