//! `lpdir add` and `lpdir remove`: a partner's request, or a month's backlog, into entry files.

use super::check::CheckArgs;
use super::network::{Format, NetworkArgs};
use super::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK, build::print_problems};
use lpdir::content::{ContentError, Directory, Month, Partner, PartnerId, Problems};
use lpdir::intake::{self, Backlog, FieldProblem, IntakeError, Kind, Plan, Planner, Request};
use lpdir::publish::schedule;
use lpdir::site_root::SiteRoot;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The partner's display name.
    #[arg(long, required_unless_present = "from")]
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. NL.
    #[arg(long, required_unless_present = "from")]
    pub country: Option<String>,
    /// The partner's Microsoft landing page.
    #[arg(long, required_unless_present = "from")]
    pub url: Option<String>,
    /// `action-pack`, `silver` or `gold`.
    #[arg(long)]
    pub level: Option<String>,
    /// A registrable domain the partner owns (repeatable).
    #[arg(long = "domain")]
    pub domains: Vec<String>,
    /// Another name of the partner (repeatable).
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    #[arg(long)]
    pub city: Option<String>,
    /// An ISO 639-1 code of a language it trains in (repeatable).
    #[arg(long = "language")]
    pub languages: Vec<String>,
    /// `classroom`, `virtual` or `on-site` (repeatable).
    #[arg(long)]
    pub delivery: Vec<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// The language the description is written in (ISO 639-1), when not the one it
    /// trains in.
    #[arg(long)]
    pub description_language: Option<String>,
    /// The partner's id, instead of the one lpdir finds or makes from the name.
    #[arg(long)]
    pub id: Option<String>,
    /// The month the request belongs to [default: this month].
    #[arg(long)]
    pub month: Option<Month>,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// A month's backlog: a CSV file with the columns name, country, url and the optional
    /// ones; all or nothing.
    #[arg(long, conflicts_with_all = ["name", "country", "url", "id", "check"])]
    pub from: Option<PathBuf>,
    /// Take this request instead of the partner's earlier request of the same month (not
    /// yet published), rewriting that entry. An earlier month's entry is never touched.
    #[arg(long)]
    pub replace: bool,
    /// Also judge the landing page now and print the partner-facing report.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub network: NetworkArgs,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The listed partner's id.
    pub id: String,
    /// Why it leaves the directory.
    #[arg(long)]
    pub reason: String,
    /// The month the removal belongs to [default: this month].
    #[arg(long)]
    pub month: Option<Month>,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// The site and the directory folded up to the month: every entry, published or not.
fn load(root: &std::path::Path, month: Month) -> Result<(SiteRoot, Directory), u8> {
    super::require_root(root)?;
    let site = SiteRoot::load(root).map_err(|p| print_problems(&p, root))?;
    let directory = Directory::as_of(&site.content, month).map_err(|p| print_problems(&p, root))?;
    Ok((site, directory))
}

pub fn run_add(args: &AddArgs) -> u8 {
    let month = args.month.unwrap_or_else(|| schedule::today().month);
    if let Err(code) = recover(&args.root) {
        return code;
    }
    let (site, directory) = match load(&args.root, month) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // Every request is planned before anything is written: all or nothing, and every bad row
    // of a backlog is reported, not the first.
    let mut failed = false;
    let backlog = match &args.from {
        Some(file) => {
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    anstream::eprintln!("error: cannot read `{}`: {e}", file.display());
                    return EXIT_INPUT;
                }
            };
            let backlog = intake::read_csv(&text);
            for problem in &backlog.problems {
                anstream::eprintln!("error: {}: {problem}", file.display());
                failed = true;
            }
            Some((file.as_path(), backlog))
        }
        None => None,
    };
    let single;
    let requests: Vec<(Option<u64>, &Request)> = match &backlog {
        Some((_, b)) => b.requests.iter().map(|(l, r)| (Some(*l), r)).collect(),
        None => {
            single = request(args);
            vec![(None, &single)]
        }
    };
    let max = site.config.max_entry_bytes;
    let mut planner = Planner::new(month, &site.content.entries, &directory, max);
    if args.replace {
        // Only a replacement needs the month's ledger: what it judged is never replaced.
        let judged = match lpdir::publish::Ledger::load(&args.root, month) {
            Ok(ledger) => ledger.map_or_else(Default::default, |l| {
                l.decisions.into_iter().map(|d| d.id).collect()
            }),
            Err(e) => {
                anstream::eprintln!("error: {e}");
                return EXIT_INPUT;
            }
        };
        planner = planner.replacing(&args.root, judged);
    }
    let mut plans: Vec<Plan> = Vec::new();
    for (line, request) in &requests {
        let from = match (&backlog, line) {
            (Some((file, b)), Some(l)) => From::Row(file, b, *l),
            _ => From::Flags,
        };
        match planner.plan(request) {
            Ok(plan) => plans.push(plan),
            Err(e) => {
                print_error(&from, &e);
                failed = true;
            }
        }
    }
    if !failed && let Err(problems) = planner.check_together(&plans) {
        let problems = problems.into_iter().map(FieldProblem::whole).collect();
        print_error(&From::Flags, &IntakeError::Invalid { problems });
        failed = true;
    }
    if failed {
        anstream::eprintln!(
            "nothing was written: fix the requests above and run the command again"
        );
        return EXIT_INPUT;
    }
    if let Err(e) = intake::write_all(&args.root, &plans) {
        print_error(&From::Flags, &e);
        anstream::eprintln!("nothing was written");
        return EXIT_FAILURE;
    }
    let listed: std::collections::HashMap<&PartnerId, &Partner> =
        directory.partners.iter().map(|p| (&p.id, p)).collect();
    for plan in &plans {
        describe(plan, listed.get(&plan.id).copied());
    }
    if args.check {
        return check(args, &plans[0]);
    }
    EXIT_OK
}

pub fn run_remove(args: &RemoveArgs) -> u8 {
    let month = args.month.unwrap_or_else(|| schedule::today().month);
    if let Err(code) = recover(&args.root) {
        return code;
    }
    let (site, directory) = match load(&args.root, month) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let max = site.config.max_entry_bytes;
    let mut planner = Planner::new(month, &site.content.entries, &directory, max);
    let plan = match planner.plan_removal(&args.id, &args.reason) {
        Ok(p) => p,
        Err(e) => {
            print_error(&From::Flags, &e);
            return EXIT_INPUT;
        }
    };
    if let Err(e) = intake::write_all(&args.root, std::slice::from_ref(&plan)) {
        print_error(&From::Flags, &e);
        return EXIT_FAILURE;
    }
    let listed = directory.partners.iter().find(|p| p.id == plan.id);
    describe(&plan, listed);
    EXIT_OK
}

/// Undoes what an interrupted `add` or `remove` left, and says so.
fn recover(root: &std::path::Path) -> Result<(), u8> {
    match intake::recover(root) {
        Ok(None) => Ok(()),
        Ok(Some(n)) => {
            anstream::eprintln!(
                "note: an earlier run was interrupted before it finished; the changes it had \
                 made to {} were undone, and this run starts afresh",
                lpdir::text::count(n, "file", "files")
            );
            Ok(())
        }
        Err(e) => {
            anstream::eprintln!(
                "error: cannot undo the interrupted run in `{}`: {e}",
                root.join(intake::STAGING).display()
            );
            Err(EXIT_FAILURE)
        }
    }
}

fn request(args: &AddArgs) -> Request {
    Request {
        name: args.name.clone().unwrap_or_default(),
        country: args.country.clone().unwrap_or_default(),
        url: args.url.clone().unwrap_or_default(),
        level: args.level.clone(),
        domains: args.domains.clone(),
        aliases: args.aliases.clone(),
        city: args.city.clone(),
        languages: args.languages.clone(),
        delivery: args.delivery.clone(),
        description: args.description.clone(),
        description_language: args.description_language.clone(),
        id: args.id.clone(),
    }
}

/// Where a request came from: the command's flags, or a row of a requests file.
enum From<'a> {
    Flags,
    Row(&'a std::path::Path, &'a Backlog, u64),
}

/// Prints why a request cannot be written, pointing at what the maintainer typed: the flag,
/// or the requests file's line and column (the entry file was never written).
fn print_error(from: &From, e: &IntakeError) {
    let row = match from {
        From::Row(file, _, line) => format!("{}: line {line}: ", file.display()),
        From::Flags => String::new(),
    };
    let IntakeError::Invalid { problems } = e else {
        anstream::eprintln!("error: {row}{e}");
        if let Some(help) = e.help() {
            anstream::eprintln!("   = help: {help}");
        }
        return;
    };
    let mut whole = Vec::new();
    for p in problems {
        let Some(field) = p.field else {
            whole.push(p.problem.clone());
            continue;
        };
        let at = match from {
            From::Flags => field.flag().to_owned(),
            From::Row(file, backlog, line) => match backlog.column(field.column()) {
                Some(column) => format!("{}:{line}:{column} ({})", file.display(), field.column()),
                None => format!("{}: line {line} ({})", file.display(), field.column()),
            },
        };
        // The entry's key (`landing_url`) is not what was typed: the flag or column says.
        let message = match &p.problem.error {
            ContentError::BadUrl(problem) => problem.to_string(),
            other => other.to_string(),
        };
        anstream::eprintln!("error: {at}: {message}");
        if let Some(help) = p.problem.error.help() {
            anstream::eprintln!("   = help: {help}");
        }
    }
    if !whole.is_empty() {
        if !row.is_empty() {
            anstream::eprintln!("error: {row}this request is not a valid entry:");
        }
        anstream::eprint!(
            "{}",
            lpdir::diagnostics::render_problems(&Problems(whole), None)
        );
    }
}

/// Says which file was written and what the directory will look like after publishing;
/// `current` is the partner as listed now, if it is.
fn describe(plan: &Plan, current: Option<&Partner>) {
    match plan.replaces {
        Some(_) => println!(
            "Replaced {}: this request takes the place of the partner's earlier request this month",
            plan.file.display()
        ),
        None => println!("Wrote {}", plan.file.display()),
    }
    // A partner first requested this month is still new when its request is replaced.
    let first_requested_now = current.is_some_and(|p| p.listed_since == plan.entry.month);
    let kind = match (&plan.replaces, first_requested_now) {
        (Some(_), true) => &Kind::New,
        _ => &plan.kind,
    };
    match (kind, current) {
        (Kind::New, _) => println!(
            "  a new partner, `{}`: listed from the next publishing run if its landing page meets the rules",
            plan.id
        ),
        (Kind::Update { because }, Some(p)) => println!(
            "  an update of `{}` ({}, recognised by {because}): after publishing, this entry replaces its listing; until then, and if the page is rejected, the current one stays",
            plan.id, p.listing.name
        ),
        (Kind::Update { because }, None) => {
            println!("  an update of `{}` (recognised by {because})", plan.id)
        }
        (Kind::Removal, _) => println!(
            "  a removal: after publishing, `{}` is no longer listed",
            plan.id
        ),
    }
    if let Some(note) = &plan.note {
        println!("  note: {note}");
    }
}

/// `--check`: the partner-facing report of the page just requested.
fn check(args: &AddArgs, plan: &Plan) -> u8 {
    let check = CheckArgs {
        url: args.url.clone().unwrap_or_default(),
        partner: args.name.clone().unwrap_or_default(),
        aliases: args.aliases.clone(),
        domains: args.domains.clone(),
        id: Some(plan.id.to_string()),
        token: None,
        root: Some(args.root.clone()),
        format: Format::Text,
        verbose: false,
        screenshots: None,
        network: args.network.clone(),
    };
    println!();
    super::check::run(&check)
}
