//! The third-week run: judge the month's entries, record the decisions, build the published
//! directory and write the report.

use super::ledger::{Decision, Ledger, LedgerError, Outcome, Request};
use super::published::{self, Scope};
use super::report::{self, Summary};
use super::schedule;
use crate::config::Apply;
use crate::content::{Change, Directory, Entry, Month};
use crate::site::{BuildReport, SiteError, render_site};
use crate::site_root::SiteRoot;
use crate::validate::{
    self, Candidate, Inspector, Judge, NetworkSettings, PageReport, Rendering, Validator,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What `lpdir publish` was asked for.
#[derive(Clone)]
pub struct PublishOptions {
    pub month: Month,
    /// Judge again entries the ledger already has a verdict for.
    pub recheck: bool,
    pub network: NetworkSettings,
    /// Default: the configured output below the root.
    pub output: Option<PathBuf>,
    /// Run on every judged page before the rules (instrumentation; tests of failures).
    pub inspector: Option<Inspector>,
    /// Whether pages are rendered; rendered pages are photographed beside the report.
    pub rendering: Rendering,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct PublishOutcome {
    pub summary: Summary,
    pub ledger: PathBuf,
    pub report: PathBuf,
    pub build: BuildReport,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("cannot start the crawler: {0}")]
    Crawler(String),
    #[error("cannot write `{}`: {source}", path.display())]
    Report {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How often, at most, the ledger is rewritten while pages are judged: often enough that an
/// interrupted run loses little, rarely enough that a large run is not spent writing.
const SAVE_EVERY: Duration = Duration::from_millis(200);

/// Runs the month's publication. `progress` is called as each page is judged.
pub async fn run(
    site: &SiteRoot,
    options: &PublishOptions,
    progress: impl Fn(&PageReport),
) -> Result<PublishOutcome, PublishError> {
    let root = &site.root;
    let month = options.month;
    let mut ledgers = Ledger::load_all(root)?;
    let mut ledger = ledgers.remove(&month).unwrap_or_else(|| Ledger::new(month));
    let work = plan(site, &ledgers, options, &mut ledger)?;
    let mut ledger = save(root, ledger).await?;

    let crawled = work.candidates.len();
    if !work.candidates.is_empty() {
        ledger = judge(site, options, ledger, work, progress).await?;
    }

    let summary = Summary::of(&ledger.decisions, crawled);
    let apply = site.config.apply.as_ref();
    let report_path = write_reports(root, month, &summary, &ledger.decisions, apply)?;
    ledgers.insert(month, ledger);
    let directory = published::directory(&site.content, &ledgers, month, Scope::Published)
        .map_err(SiteError::Content)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(&site.config.output));
    // Rendering is CPU and disk work: off the reactor.
    let site_owned = site.clone();
    let build =
        tokio::task::spawn_blocking(move || render_site(&site_owned, &directory, &output, false))
            .await
            .map_err(|e| PublishError::Crawler(format!("the site build stopped: {e}")))??;
    Ok(PublishOutcome {
        summary,
        ledger: Ledger::path(root, month),
        report: report_path,
        build,
    })
}

/// The pages a run judges, and for each its request and the entry's hash.
struct Work {
    candidates: Vec<Candidate>,
    pending: HashMap<String, (Request, String)>,
}

/// Decides what the month's entries need: removals are recorded in `ledger` at once, and an
/// entry is judged unless the ledger already holds a decision for its present text (or
/// `--recheck`). Decisions for entries no longer in the month are dropped.
fn plan(
    site: &SiteRoot,
    ledgers: &BTreeMap<Month, Ledger>,
    options: &PublishOptions,
    ledger: &mut Ledger,
) -> Result<Work, PublishError> {
    let month = options.month;
    // Who is listed before this month decides whether an entry is new or an update.
    let before = published::directory(&site.content, ledgers, month.previous(), Scope::Published)
        .map_err(SiteError::Content)?;
    let listed_before: BTreeSet<&str> = before.partners.iter().map(|p| p.id.as_str()).collect();
    let entries: Vec<_> = site
        .content
        .entries
        .iter()
        .filter(|e| e.month == month)
        .collect();
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    ledger.decisions.retain(|d| ids.contains(d.id.as_str()));

    let mut work = Work {
        candidates: Vec::new(),
        pending: HashMap::new(),
    };
    for e in &entries {
        let listed = listed_before.contains(e.id.as_str());
        match &e.change {
            Change::Remove { .. } => {
                let name = before
                    .partners
                    .iter()
                    .find(|p| p.id == e.id)
                    .map_or_else(|| e.id.to_string(), |p| p.listing.name.clone());
                record_removal(ledger, removal(e, name, listed));
            }
            Change::List(listing) => {
                let judged = ledger
                    .decision(e.id.as_str())
                    .is_some_and(|d| d.hash == e.hash);
                if options.recheck || !judged {
                    let request = if listed {
                        Request::Update
                    } else {
                        Request::New
                    };
                    work.candidates
                        .push(validate::plan::candidate(e.id.as_str(), listing));
                    work.pending
                        .insert(e.id.to_string(), (request, e.hash.clone()));
                }
            }
        }
    }
    Ok(work)
}

/// The decision on a removal: `Removed` for a listed partner, `Withdrawn` for one that never was.
fn removal(entry: &Entry, partner: String, listed: bool) -> Decision {
    Decision {
        id: entry.id.to_string(),
        partner,
        request: Request::Removal,
        outcome: match listed {
            true => Outcome::Removed,
            false => Outcome::Withdrawn,
        },
        hash: entry.hash.clone(),
        checked_at: schedule::now_rfc3339(),
        url: None,
        final_url: None,
        rules: Vec::new(),
        teaches: Default::default(),
        rendered: false,
        render_note: None,
        screenshot: None,
        other: Default::default(),
    }
}

/// Judges the planned pages against the month's drafts, recording each decision as its page
/// finishes; the ledger is written by a task of its own, off the reactor, at most every
/// `SAVE_EVERY`, so an interrupted run loses little.
async fn judge(
    site: &SiteRoot,
    options: &PublishOptions,
    ledger: Ledger,
    work: Work,
    progress: impl Fn(&PageReport),
) -> Result<Ledger, PublishError> {
    let (root, month) = (&site.root, options.month);
    let drafts = Directory::as_of(&site.content, month).map_err(SiteError::Content)?;
    let mut judge = Judge::new(
        site.config.vocabulary.clone(),
        validate::plan::rivals(&drafts.partners),
    );
    if let Some(inspector) = &options.inspector {
        judge = judge.with_inspector(inspector.clone());
    }
    let validator = Validator::new(options.network.clone(), judge)
        .map_err(|e| PublishError::Crawler(e.to_string()))?
        .with_rendering(options.rendering.clone())
        .with_screenshots(options.rendering.renderer().is_some());
    let pictures = root.join("reports").join(month.to_string());
    let (snapshots, saver) = saver(root.to_owned());
    let state = Mutex::new((ledger, Instant::now()));
    let pending = &work.pending;
    validator
        .check_all(work.candidates, |report| {
            save_picture(&pictures, month, report);
            if let (Ok(mut s), Some(id)) = (state.lock(), report.id.as_deref())
                && let Some((request, hash)) = pending.get(id)
            {
                s.0.record(Decision::judged(
                    report,
                    *request,
                    hash,
                    &schedule::now_rfc3339(),
                ));
                if s.1.elapsed() >= SAVE_EVERY {
                    s.1 = Instant::now();
                    snapshots.send_replace(Some(s.0.clone()));
                }
            }
            progress(report);
        })
        .await;
    drop(snapshots);
    if let Ok(Err(e)) = saver.await {
        return Err(e.into());
    }
    let (saved, _) = state.into_inner().unwrap_or_else(|p| p.into_inner());
    save(root, saved).await
}

/// Writes a rejected page's screenshot as `reports/<month>/<id>.png` (a temporary file, then a
/// rename) and records it relative to `reports/`; a picture that cannot be written is left
/// out, with a warning (the decision stands without it).
fn save_picture(dir: &Path, month: Month, report: &mut PageReport) {
    let (Some(picture), Some(id)) = (report.picture.take(), report.id.clone()) else {
        return;
    };
    // Only the pages the report lists, whose partners are told what to change: accepted
    // pictures would only grow the directory's repository month after month.
    if report.verdict == crate::validate::Verdict::Accepted {
        return;
    }
    let written = crate::sources::write_replacing(dir, &format!("{id}.png"), &picture);
    match written {
        Ok(()) => report.screenshot = Some(format!("{month}/{id}.png")),
        Err(e) => tracing::warn!("cannot write the screenshot of {id}: {e}"),
    }
}

/// Saves the ledger off the reactor (it is synced to disk) and hands it back.
async fn save(root: &Path, ledger: Ledger) -> Result<Ledger, PublishError> {
    Ok(save_blocking(root.to_owned(), ledger).await?)
}

/// `Ledger::save` on a blocking thread; a save that panicked is a write error.
async fn save_blocking(root: PathBuf, ledger: Ledger) -> Result<Ledger, LedgerError> {
    let path = Ledger::path(&root, ledger.month);
    tokio::task::spawn_blocking(move || ledger.save(&root).map(|()| ledger))
        .await
        .unwrap_or_else(|e| {
            let source = std::io::Error::other(e.to_string());
            Err(LedgerError::Write { path, source })
        })
}

/// A task that writes each ledger snapshot it is sent, one at a time, until the sender is
/// dropped; it returns the first error.
fn saver(
    root: PathBuf,
) -> (
    tokio::sync::watch::Sender<Option<Ledger>>,
    tokio::task::JoinHandle<Result<(), LedgerError>>,
) {
    let (tx, mut rx) = tokio::sync::watch::channel::<Option<Ledger>>(None);
    let task = tokio::spawn(async move {
        while rx.changed().await.is_ok() {
            let snapshot = rx.borrow_and_update().clone();
            if let Some(ledger) = snapshot {
                save_blocking(root.clone(), ledger).await?;
            }
        }
        Ok(())
    });
    (tx, task)
}

/// Writes `reports/YYYY-MM.md` and `.json` beside the content, each atomically.
fn write_reports(
    root: &Path,
    month: Month,
    summary: &Summary,
    decisions: &[Decision],
    apply: Option<&Apply>,
) -> Result<PathBuf, PublishError> {
    let dir = root.join("reports");
    let md = dir.join(format!("{month}.md"));
    let files = [
        (
            md.clone(),
            report::markdown(month, summary, decisions, apply),
        ),
        (
            dir.join(format!("{month}.json")),
            report::json(month, summary, decisions),
        ),
    ];
    for (path, text) in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        crate::sources::write_replacing(&dir, &name, text.as_bytes()).map_err(|source| {
            PublishError::Report {
                path: path.clone(),
                source,
            }
        })?;
    }
    Ok(md)
}

/// Records a removal, unless the ledger already says the same about the same entry file: a
/// rerun that changes nothing then leaves the ledger byte for byte as it was (a removal needs
/// no crawl, so only its time would change, and a bot's commit would show that noise).
fn record_removal(ledger: &mut Ledger, decision: Decision) {
    let same = ledger.decision(&decision.id).is_some_and(|d| {
        d.hash == decision.hash && d.request == decision.request && d.outcome == decision.outcome
    });
    if !same {
        ledger.record(decision);
    }
}
