//! `lpdir serve`: build the site into a temporary folder and serve it locally.

use super::build::print_site_error;
use super::{EXIT_FAILURE, EXIT_OK};
use crate::site::{self, BuildOptions};
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
    /// Build the directory as of this month (YYYY-MM) [default: the latest month].
    #[arg(long)]
    pub month: Option<crate::content::Month>,
}

pub fn run(args: &ServeArgs) -> u8 {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: cannot start the server: {e}");
            return EXIT_FAILURE;
        }
    };
    runtime.block_on(async {
        let listener = match crate::serve::bind(SocketAddr::new(args.interface, args.port)).await {
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
        let output = dir.path().join("site");
        // The preview is served from the root of this server, whatever the configured base_url.
        let base_url = url::Url::parse(&format!("http://{addr}/")).ok();
        let options = BuildOptions {
            root: args.root.clone(),
            output: Some(output.clone()),
            month: args.month,
            base_url,
            drafts: true,
        };
        let report = match site::build(&options) {
            Ok(r) => r,
            Err(e) => return print_site_error(&e, &args.root),
        };
        println!(
            "Serving the directory as of {} ({} partners) at http://{addr}/ — press Ctrl-C to stop",
            report.month, report.partners
        );
        match crate::serve::serve_until_interrupted(listener, &output, "/").await {
            Ok(()) => EXIT_OK,
            Err(e) => {
                anstream::eprintln!("error: the server stopped: {e}");
                EXIT_FAILURE
            }
        }
    })
}
