//! `lpdir check`: judge one landing page, as a partner would before submitting it.

use super::network::{Format, NetworkArgs};
use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK, build::print_problems, page_report};
use lpdir::config::Config;
use lpdir::site_root::SiteRoot;
use lpdir::validate::{Request, SelfCheck, Verdict};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The landing page's address.
    pub url: String,
    /// The partner's name, as it should appear on its page.
    #[arg(long)]
    pub partner: String,
    /// Another name of the partner, e.g. its legal name (repeatable).
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    /// A registrable domain the partner owns (repeatable) [default: the URL's].
    #[arg(long = "domain")]
    pub domains: Vec<String>,
    /// The partner's id in the directory, if it is listed: its entry's domains, aliases and
    /// verification token are used.
    #[arg(long)]
    pub id: Option<String>,
    /// The verification token the page must carry, if the entry has one.
    #[arg(long)]
    pub token: Option<String>,
    /// A directory site whose partners the page must not be about [default: the current
    /// folder, when it holds a site].
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show every rule's evidence, passing rules included.
    #[arg(short, long)]
    pub verbose: bool,
    /// Write a screenshot of the rendered page, its failing evidence outlined, to
    /// DIR/<host>.png.
    #[arg(long, value_name = "DIR")]
    pub screenshots: Option<PathBuf>,
    #[command(flatten)]
    pub network: NetworkArgs,
}

pub fn run(args: &CheckArgs) -> u8 {
    let request = Request {
        url: args.url.clone(),
        partner: args.partner.clone(),
        id: args.id.clone(),
        aliases: args.aliases.clone(),
        domains: args.domains.clone(),
        token: args.token.clone(),
    };
    let root = args.root.clone().or_else(|| {
        Path::new("content/partners")
            .is_dir()
            .then(|| PathBuf::from("."))
    });
    let (config, directory) = match &root {
        Some(root) => match SiteRoot::load(root).and_then(|site| Ok((site.directory(None)?, site)))
        {
            Ok((directory, site)) => (site.config, Some(directory)),
            Err(e) => return print_problems(&e, root),
        },
        None => (Config::default(), None),
    };
    let network = args.network.apply(config.network.clone());
    let screenshots = args.screenshots.as_deref();
    let rendering = match args.network.render.rendering_with_screenshots(screenshots) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let checker = match SelfCheck::new(network, config.vocabulary.clone(), directory.as_ref()) {
        Ok(c) => c.with_rendering(rendering, args.screenshots.is_some()),
        Err(e) => {
            anstream::eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    // The request is checked before the runtime starts: a bad URL is a usage error.
    if let Err(e) = checker.candidate(&request) {
        anstream::eprintln!("error: {e}\n   = help: {}", e.help());
        return EXIT_INPUT;
    }
    let report = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(checker.check(&request)),
        Err(e) => {
            anstream::eprintln!("error: cannot start the network runtime: {e}");
            return EXIT_FAILURE;
        }
    };
    let mut report = match report {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("error: {e}\n   = help: {}", e.help());
            return EXIT_INPUT;
        }
    };
    if let Some(dir) = &args.screenshots {
        let host = url::Url::parse(&report.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "page".into());
        super::network::save_picture(dir, &super::network::file_name(&host), &mut report);
    }
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Text => {
            let detail = match args.verbose {
                true => page_report::Detail::All,
                false => page_report::Detail::Normal,
            };
            anstream::print!(
                "{}",
                page_report::render(&report, &lpdir::i18n::self_check::english(), detail)
            )
        }
    }
    if report.verdict == Verdict::Accepted {
        EXIT_OK
    } else {
        EXIT_FAILURE
    }
}
