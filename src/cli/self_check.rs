//! `lpdir self-check`: the partner self-check web service, for the programme to run beside the
//! static directory.

use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK};
use lpdir::config::Config;
use lpdir::http_server::{self, Limits};
use lpdir::service::{self, Service, ServiceOptions};
use lpdir::text::count;
use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// Let `--resolve` pin hosts to private or loopback addresses: any visitor can then fetch
    /// from them, so only for tests and intranet services (a warning is logged at start).
    #[arg(long)]
    pub allow_private_pins: bool,
    /// Where `/metrics` is served: `here` (the service's address), `off`, or an address and
    /// port of its own, such as 127.0.0.1:9090.
    #[arg(long, value_name = "WHERE", default_value = "here", value_parser = parse_metrics)]
    pub metrics: MetricsAt,
}

/// Where `/metrics` is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsAt {
    Here,
    Off,
    Apart(SocketAddr),
}

fn parse_metrics(text: &str) -> Result<MetricsAt, String> {
    match text {
        "here" => Ok(MetricsAt::Here),
        "off" => Ok(MetricsAt::Off),
        other => other.parse().map(MetricsAt::Apart).map_err(|_| {
            format!("`{other}` is not `here`, `off` or an address and port (127.0.0.1:9090)")
        }),
    }
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
    // No --allow-private here: the address guard is always on for anonymous visitors. Plain
    // http and pins are the service's own settings, never the maintainers' `[validate]`.
    let s = &config.self_check;
    let mut base = config.network.clone();
    base.allow_http = s.allow_http;
    base.pins.clear();
    let network = args.fetch.apply(base);
    let rendering = match args.render.rendering_over(s.render, s.render_jobs) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let options = ServiceOptions {
        root: args.root.clone(),
        network,
        settings: config.self_check.clone(),
        rendering,
        allow_private_pins: args.allow_private_pins,
        metrics_here: args.metrics == MetricsAt::Here,
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
    if args.allow_private_pins && !options.network.pins.is_empty() {
        tracing::warn!(
            "--allow-private-pins: pinned hosts may point at internal addresses, and every \
             visitor of the service can fetch from them"
        );
    }
    runtime.block_on(serve(args.listen, args.metrics, options))
}

async fn serve(listen: SocketAddr, metrics: MetricsAt, options: ServiceOptions) -> u8 {
    let reload = options.settings.reload;
    let grace = service::shutdown_grace(options.network.timeout);
    let limits = service::server_limits(&options.settings);
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
    let listener = match lpdir::http_server::bind(listen).await {
        Ok(l) => l,
        Err(e) => {
            anstream::eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(listen);
    let stop = terminated();
    println!(
        "Serving the partner self-check at http://{addr}/ ({} known); Ctrl-C or SIGTERM stops",
        count(service.loaded().partners, "partner", "partners")
    );
    if let MetricsAt::Apart(at) = metrics {
        let listener = match lpdir::http_server::bind(at).await {
            Ok(l) => l,
            Err(e) => {
                anstream::eprintln!("error: --metrics {at}: {e}");
                return EXIT_FAILURE;
            }
        };
        let app = service::metrics_router(service.clone());
        println!("Serving /metrics at http://{at}/metrics");
        tokio::spawn(http_server::run(listener, app, Limits::default()));
    }
    tokio::spawn(service::reload_every(service.clone(), reload));
    let app = service::router(service.clone());
    let closing = service.clone();
    let shutdown = async move {
        stop.await;
        // New checks are refused from now on; running ones finish within the grace period.
        closing.close();
    };
    match http_server::run_until(listener, app, limits, shutdown, grace).await {
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
