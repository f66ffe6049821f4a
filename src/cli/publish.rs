//! `lpdir publish`: the monthly third-week run.

use super::network::NetworkArgs;
use super::{
    EXIT_FAILURE, EXIT_INPUT, EXIT_OK,
    build::{print_problems, print_publish_error},
};
use crate::content::Month;
use crate::publish::{self, PublishOptions, schedule};
use crate::site_root::SiteRoot;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The month whose requests are published (YYYY-MM).
    #[arg(long)]
    pub month: Month,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Judge again the entries the ledger already has a verdict for.
    #[arg(long)]
    pub recheck: bool,
    /// Run outside the month's third week (days 15–21).
    #[arg(long)]
    pub force: bool,
    /// Where to build the site [default: the configured output].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Pages fetched at once (1 to 1024) [default: 32].
    #[arg(long, value_parser = super::network::jobs_parser())]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub network: NetworkArgs,
}

pub fn run(args: &PublishArgs) -> u8 {
    let today = schedule::today();
    if !args.force && !schedule::in_run_window(args.month, today) {
        anstream::eprintln!(
            "error: the publishing run for {month} belongs to its third week, {month}-15 to {month}-21; today is {today}\n   = help: run it then, or pass --force to run it now",
            month = args.month
        );
        return EXIT_INPUT;
    }
    let site = match SiteRoot::load(&args.root) {
        Ok(s) => s,
        Err(e) => return print_problems(&e, &args.root),
    };
    let mut network = args.network.apply(site.config.network.clone());
    if let Some(j) = args.jobs {
        network.jobs = j;
    }
    let options = PublishOptions {
        month: args.month,
        recheck: args.recheck,
        network,
        output: args.output.clone(),
        inspector: None,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: cannot start the network runtime: {e}");
            return EXIT_FAILURE;
        }
    };
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} pages judged ({per_sec}) {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let outcome = runtime.block_on(publish::run(&site, &options, |r| {
        bar.inc(1);
        bar.set_message(crate::printable::line(&r.partner).into_owned());
    }));
    bar.finish_and_clear();
    match outcome {
        Ok(o) => {
            let s = &o.summary;
            println!(
                "Published {}: {} added, {} updated, {} removed, {} rejected, {} unreachable ({} updates kept their current listing; {} pages judged, the rest resumed from the ledger)",
                args.month,
                s.added,
                s.updated,
                s.removed,
                s.rejected,
                s.unreachable,
                s.kept,
                s.crawled
            );
            println!("  ledger: {}", o.ledger.display());
            println!(
                "  report: {} (and .json) — what to tell each rejected partner",
                o.report.display()
            );
            println!(
                "  site:   {} ({} partners listed)",
                o.build.output.display(),
                o.build.partners
            );
            EXIT_OK
        }
        Err(e) => print_publish_error(&e, &args.root),
    }
}
