//! Serves the sample partners' websites (examples/sample-landing-pages) over HTTPS on
//! loopback, for `lpdir publish` on the sample directory without the internet.
//!
//! `cargo run --example sample_sites -- --out /tmp/sample-sites` writes `ca.pem` (the
//! throwaway authority, for `--ca-cert`) and `resolve.txt` (one `--resolve` value per host)
//! into that folder, then serves until interrupted. `scripts/sample-ledgers.sh` runs it.

mod server;

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// The sites: one folder per host name, one PATH.html per page.
    #[arg(long, default_value = "examples/sample-landing-pages")]
    pages: PathBuf,
    /// Where to write ca.pem and resolve.txt.
    #[arg(long)]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let sites = server::start(&args.pages).await?;
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(args.out.join("ca.pem"), &sites.ca_pem)?;
    // Written last and whole: a script waiting for it then finds the server ready.
    let resolve = args.out.join("resolve.txt");
    let partial = args.out.join("resolve.txt.partial");
    std::fs::write(&partial, sites.pins().join("\n") + "\n")?;
    std::fs::rename(partial, resolve)?;
    eprintln!(
        "serving {} sample sites on https://{} (ctrl-c stops)",
        sites.hosts.len(),
        sites.addr
    );
    tokio::signal::ctrl_c().await?;
    Ok(())
}
