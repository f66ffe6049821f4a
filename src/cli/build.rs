//! `lpdir build`.

use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK};
use lpdir::content::Month;
use lpdir::content::Problems;
use lpdir::publish::{BuildOptions, PublishError};
use lpdir::site::SiteError;
use lpdir::text::count;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site's root folder, holding lpdir.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: the configured output, `public/` in the root].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Build the directory as of this month (YYYY-MM) [default: the latest month with entries].
    #[arg(long)]
    pub month: Option<Month>,
    /// Override the configured base_url, e.g. for a copy served elsewhere.
    #[arg(long)]
    pub base_url: Option<url::Url>,
    /// Also list entries not published yet, marked as pending (for previews).
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: &BuildArgs) -> u8 {
    let started = Instant::now();
    let options = BuildOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        month: args.month,
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    match lpdir::publish::build(&options) {
        Ok(r) => {
            for w in &r.warnings {
                anstream::eprintln!("warning: {w}");
            }
            println!(
                "Built the directory as of {}: {} in {}, {} in {} ({:.2} s)",
                r.month,
                count(r.partners, "partner", "partners"),
                count(r.countries, "country", "countries"),
                count(r.files, "file", "files"),
                r.output.display(),
                started.elapsed().as_secs_f64()
            );
            EXIT_OK
        }
        Err(e) => print_publish_error(&e, &args.root),
    }
}

/// Prints the problems of a site's sources; they are the input's fault.
pub fn print_problems(problems: &Problems, root: &Path) -> u8 {
    let shown_root = (root != Path::new(".")).then_some(root);
    anstream::eprint!(
        "{}",
        lpdir::diagnostics::render_problems(problems, shown_root)
    );
    EXIT_INPUT
}

/// Prints a failed run or build and gives the exit status it deserves.
pub fn print_publish_error(e: &PublishError, root: &Path) -> u8 {
    match e {
        PublishError::Site(e) => print_site_error(e, root),
        PublishError::Ledger(e) => {
            anstream::eprintln!("error: {e}");
            anstream::eprintln!(
                "   = help: restore the ledger from version control, or run `lpdir publish` for that month again"
            );
            EXIT_INPUT
        }
        other => {
            anstream::eprintln!("error: {other}");
            EXIT_FAILURE
        }
    }
}

/// Prints a build error and gives the exit status it deserves.
pub fn print_site_error(e: &SiteError, root: &Path) -> u8 {
    match e {
        SiteError::Content(problems) => print_problems(problems, root),
        other => {
            anstream::eprintln!("error: {other}");
            if let Some(help) = other.help() {
                anstream::eprintln!("   = help: {help}");
            }
            if matches!(
                other,
                SiteError::Template(_) | SiteError::UnsafeOutput { .. }
            ) {
                EXIT_INPUT
            } else {
                EXIT_FAILURE
            }
        }
    }
}
