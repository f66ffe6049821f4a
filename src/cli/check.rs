//! `lpdir check`: judge one landing page, as a partner would before submitting it.

use super::network::{Format, NetworkArgs};
use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK, build::print_site_error, page_report};
use crate::config::Config;
use crate::content::{Domain, LandingUrl};
use crate::site::LoadedSite;
use crate::validate::text::name_key;
use crate::validate::{Candidate, Judge, Subject, Validator, Verdict, plan};
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
    /// The verification token the page must carry, if the entry has one.
    #[arg(long)]
    pub token: Option<String>,
    /// A directory site whose partners the page must not be about [default: the current
    /// folder, when it holds a site].
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub network: NetworkArgs,
}

pub fn run(args: &CheckArgs) -> u8 {
    let url = match LandingUrl::parse(&args.url) {
        Ok(u) => u,
        Err(e) => {
            anstream::eprintln!("error: {e}\n   = help: {}", e.help());
            return EXIT_INPUT;
        }
    };
    let mut domains = Vec::new();
    for d in &args.domains {
        match Domain::parse(d) {
            Some(d) => domains.push(d),
            None => {
                anstream::eprintln!(
                    "error: `{d}` is not a registrable domain\n   = help: give domains such as contoso.com, without scheme or path"
                );
                return EXIT_INPUT;
            }
        }
    }
    if domains.is_empty() {
        domains.push(url.domain().clone());
    }
    let subject = Subject {
        id: None,
        name: args.partner.clone(),
        aliases: args.aliases.clone(),
        domains,
        verification_token: args.token.clone(),
    };

    let root = args.root.clone().or_else(|| {
        Path::new("content/partners")
            .is_dir()
            .then(|| PathBuf::from("."))
    });
    let (config, rivals) = match &root {
        Some(root) => {
            match LoadedSite::load(root).and_then(|site| Ok((site.directory(None)?, site))) {
                Ok((directory, site)) => {
                    let own = subject.name_keys();
                    let others = directory.partners.iter().filter(|p| {
                        let same_name = name_key(&p.listing.name).is_some_and(|k| own.contains(&k));
                        let same_site = subject.domains.contains(p.listing.landing_url.domain());
                        !same_name && !same_site
                    });
                    (site.config.clone(), plan::rivals(others))
                }
                Err(e) => return print_site_error(&e, root),
            }
        }
        None => (Config::default(), Vec::new()),
    };
    let validator = match Validator::new(
        args.network.apply(config.network.clone()),
        Judge::new(config.vocabulary.clone(), rivals),
    ) {
        Ok(v) => v,
        Err(e) => {
            anstream::eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let candidate = Candidate {
        subject,
        url: url.as_url().clone(),
    };
    let report = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(validator.check(&candidate)),
        Err(e) => {
            anstream::eprintln!("error: cannot start the network runtime: {e}");
            return EXIT_FAILURE;
        }
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Text => anstream::print!("{}", page_report::render(&report)),
    }
    if report.verdict == Verdict::Accepted {
        EXIT_OK
    } else {
        EXIT_FAILURE
    }
}
