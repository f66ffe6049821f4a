//! `lpdir validate`: judge every entry of a month (or the whole directory), concurrently.

use super::network::{Format, NetworkArgs};
use super::{EXIT_FAILURE, EXIT_OK, build::print_problems, page_report};
use lpdir::content::Month;
use lpdir::site_root::SiteRoot;
use lpdir::text::count;
use lpdir::validate::month::{MonthReport, Summary};
use lpdir::validate::{Judge, Validator, plan};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The month whose entries are judged (YYYY-MM) [default: the latest month with entries].
    #[arg(long)]
    pub month: Option<Month>,
    /// Judge every partner listed in the directory as of that month, not only its new entries.
    #[arg(long)]
    pub all: bool,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Pages fetched at once (1 to 1024) [default: 32].
    #[arg(long, value_parser = super::network::jobs_parser())]
    pub jobs: Option<usize>,
    /// Write a screenshot of each rendered page, its failing evidence outlined, to
    /// DIR/<id>.png.
    #[arg(long, value_name = "DIR")]
    pub screenshots: Option<PathBuf>,
    #[command(flatten)]
    pub network: NetworkArgs,
}

pub fn run(args: &ValidateArgs) -> u8 {
    let screenshots = args.screenshots.as_deref();
    let rendering = match args.network.render.rendering_with_screenshots(screenshots) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let site = match SiteRoot::load(&args.root) {
        Ok(s) => s,
        Err(e) => return print_problems(&e, &args.root),
    };
    let directory = match site.directory(args.month) {
        Ok(d) => d,
        Err(e) => return print_problems(&e, &args.root),
    };
    let month = directory.month;
    let candidates = if args.all {
        plan::directory_candidates(&directory)
    } else {
        plan::month_candidates(&site.content, month)
    };
    let mut network = args.network.apply(site.config.network.clone());
    if let Some(j) = args.jobs {
        network.jobs = j;
    }
    let judge = Judge::new(
        site.config.vocabulary.clone(),
        plan::rivals(&directory.partners),
    );
    let validator = match Validator::new(network, judge) {
        Ok(v) => v
            .with_rendering(rendering)
            .with_screenshots(args.screenshots.is_some()),
        Err(e) => {
            anstream::eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: cannot start the network runtime: {e}");
            return EXIT_FAILURE;
        }
    };
    let show_progress = args.format == Format::Text && std::io::stderr().is_terminal();
    let bar = if show_progress {
        indicatif::ProgressBar::new(candidates.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{bar:30}] {pos}/{len} pages ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let reports = runtime.block_on(validator.check_all(candidates, |report| {
        if let (Some(dir), Some(id)) = (&args.screenshots, report.id.clone()) {
            super::network::save_picture(dir, &super::network::file_name(&id), report);
        }
        bar.inc(1);
    }));
    bar.finish_and_clear();
    let summary = Summary::of(&reports);
    let ok = summary.rejected == 0 && summary.unreachable == 0;
    match args.format {
        Format::Json => {
            let report = MonthReport {
                month,
                summary,
                entries: reports,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        Format::Text => {
            let words = lpdir::i18n::self_check::english();
            for r in &reports {
                let text = page_report::render(r, &words, page_report::Detail::Normal);
                anstream::println!("{text}");
            }
            println!(
                "{month}: {} judged: {} accepted, {} rejected, {} unreachable",
                count(reports.len(), "page", "pages"),
                summary.accepted,
                summary.rejected,
                summary.unreachable
            );
        }
    }
    if ok { EXIT_OK } else { EXIT_FAILURE }
}
