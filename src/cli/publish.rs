//! `lpdir publish`: the monthly third-week run.

use super::network::{Format, NetworkArgs};
use super::{
    EXIT_FAILURE, EXIT_NOT_THIRD_WEEK, EXIT_OK,
    build::{print_problems, print_publish_error},
};
use lpdir::content::Month;
use lpdir::publish::{self, PublishOptions, schedule};
use lpdir::site_root::SiteRoot;
use lpdir::text::count;
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
    /// `json`: the run's summary, decisions and files as one JSON document on stdout (the
    /// report's JSON, plus where the ledger, the report and the site were written), for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
        return EXIT_NOT_THIRD_WEEK;
    }
    let site = match SiteRoot::load(&args.root) {
        Ok(s) => s,
        Err(e) => return print_problems(&e, &args.root),
    };
    let rendering = match args.network.render.rendering() {
        Ok(r) => r,
        Err(code) => return code,
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
        rendering,
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
        indicatif::ProgressStyle::with_template("{spinner} {prefix} ({per_sec}) {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let outcome = runtime.block_on(publish::run(&site, &options, |r| {
        bar.inc(1);
        bar.set_prefix(count(
            bar.position() as usize,
            "page judged",
            "pages judged",
        ));
        bar.set_message(lpdir::printable::line(&r.partner).into_owned());
    }));
    bar.finish_and_clear();
    match outcome {
        Ok(o) => {
            let s = &o.summary;
            for w in &o.build.warnings {
                anstream::eprintln!("warning: {w}");
            }
            if args.format == Format::Json {
                match json(&o) {
                    Ok(text) => println!("{text}"),
                    Err(e) => {
                        anstream::eprintln!("error: cannot read the run's report: {e}");
                        return EXIT_FAILURE;
                    }
                }
            } else {
                print_text(args.month, &o);
            }
            // A rejection or an unreachable page is a published run that needs a reply to a
            // partner: CI can tell it from a clean run.
            if s.rejected + s.unreachable > 0 {
                EXIT_FAILURE
            } else {
                EXIT_OK
            }
        }
        Err(e) => print_publish_error(&e, &args.root),
    }
}

fn print_text(month: Month, o: &publish::PublishOutcome) {
    let s = &o.summary;
    println!(
        "Published {month}: {} added, {} updated, {} removed, {} rejected, {} unreachable ({} kept {} current listing; {} judged, the rest resumed from the ledger)",
        s.added,
        s.updated,
        s.removed,
        s.rejected,
        s.unreachable,
        count(s.kept, "update", "updates"),
        if s.kept == 1 { "its" } else { "their" },
        count(s.crawled, "page", "pages"),
    );
    println!("  ledger: {}", o.ledger.display());
    println!(
        "  report: {} (and .json) — what to tell each rejected partner",
        o.report.display()
    );
    println!(
        "  site:   {} ({} listed)",
        o.build.output.display(),
        count(o.build.partners, "partner", "partners")
    );
}

/// The report's JSON (`reports/YYYY-MM.json`: month, summary, decisions) with the files the
/// run wrote and how many partners the site lists.
fn json(o: &publish::PublishOutcome) -> Result<String, String> {
    let path = o.report.with_extension("json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    doc["files"] = serde_json::json!({
        "ledger": o.ledger,
        "report": o.report,
        "report_json": path,
        "site": o.build.output,
    });
    doc["listed"] = serde_json::json!(o.build.partners);
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}
