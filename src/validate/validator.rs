//! `Validator`: fetches each page with the guarded `Fetcher`, parses it within bounds off the
//! async reactor, and has the `Judge` evaluate every rule on it.
//!
//! It fails closed: a page whose analysis panics, is cancelled or crosses a bound gets a
//! rejection saying so, and `check_all` returns exactly one report per candidate.

use super::analysis::message::{Key, Message};
use super::document::{Document, Place};
use super::fetch::{self, FetchError, Fetcher};
use super::network::NetworkSettings;
use super::parse::{Bounds, TooComplex};
use super::render::{Rendered, Rendering};
use super::rules::{self, Judge, Subject};
use super::verdict::{Evidence, PageReport, Rule, RuleResult, Unjudged, Verdict};
use crate::content::Teaches;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

/// The least time an analysis gets once it has a core (the worst page at the bounds takes
/// well under half a second).
const MIN_ANALYSIS: std::time::Duration = std::time::Duration::from_secs(2);
/// The time a screenshot may take once the page is judged.
const SCREENSHOT_TIME: std::time::Duration = std::time::Duration::from_secs(15);

/// How long the parts of one check took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// The page's fetch, redirects and retries included (not the verification file).
    pub fetch: std::time::Duration,
    /// Parsing and judging, waiting for a core included.
    pub analysis: std::time::Duration,
}

/// One page to judge: for whom, and where.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub subject: Subject,
    pub url: Url,
}

/// Fetches and judges pages; cheap to clone and share between tasks.
#[derive(Clone)]
pub struct Validator {
    fetcher: Arc<Fetcher>,
    judge: Arc<Judge>,
    /// Analyses at once: they are CPU work, and each holds a page's tree in memory, so their
    /// number follows the cores, not `jobs`.
    analyses: Arc<Semaphore>,
    rendering: Rendering,
    /// Whether rendered pages are photographed, their evidence outlined.
    screenshots: bool,
}

/// The HTML a page is judged on.
enum Source {
    Server(fetch::Fetched),
    Rendered(String),
}

impl Validator {
    pub fn new(network: NetworkSettings, judge: Judge) -> Result<Validator, FetchError> {
        Validator::shared(network, Arc::new(judge))
    }

    /// A validator over a judge that is already shared (a long-running service keeps one).
    pub fn shared(network: NetworkSettings, judge: Arc<Judge>) -> Result<Validator, FetchError> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Validator {
            fetcher: Arc::new(Fetcher::new(network)?),
            judge,
            analyses: Arc::new(Semaphore::new(cores)),
            rendering: Rendering::Never,
            screenshots: false,
        })
    }

    /// Judges pages as `rendering` says: rendered by a browser, or on the server's HTML.
    pub fn with_rendering(mut self, rendering: Rendering) -> Validator {
        self.rendering = rendering;
        self
    }

    /// Photographs every rendered page, its failing rules' evidence outlined
    /// (`PageReport::picture`).
    pub fn with_screenshots(mut self, screenshots: bool) -> Validator {
        self.screenshots = screenshots;
        self
    }

    pub fn rendering(&self) -> &Rendering {
        &self.rendering
    }

    pub fn settings(&self) -> &NetworkSettings {
        self.fetcher.settings()
    }

    pub fn judge(&self) -> &Judge {
        &self.judge
    }

    /// Judges one page. Its time starts when its host has a free slot and covers the page,
    /// its analysis and the verification file.
    pub async fn check(&self, candidate: &Candidate) -> PageReport {
        self.check_timed(candidate, None).await.0
    }

    /// Judges one page and says how long its fetch and its analysis took. With `by`, the
    /// page's time ends then at the latest, the wait for its host's slot included: a service
    /// that promised an answer by then keeps its word even when the host is busy.
    pub async fn check_timed(
        &self,
        candidate: &Candidate,
        by: Option<Instant>,
    ) -> (PageReport, Timings) {
        let mut timings = Timings::default();
        let report = self.judge_page(candidate, by, &mut timings).await;
        (report, timings)
    }

    async fn judge_page(
        &self,
        candidate: &Candidate,
        by: Option<Instant>,
        timings: &mut Timings,
    ) -> PageReport {
        let subject = &candidate.subject;
        let report = |final_url: Option<&Url>, rules: Vec<RuleResult>, teaches| PageReport {
            id: subject.id.clone(),
            partner: subject.name.clone(),
            url: candidate.url.to_string(),
            final_url: final_url.map(Url::to_string),
            verdict: Verdict::of(&rules),
            rules,
            teaches,
            rendered: false,
            render_note: None,
            render_said: Vec::new(),
            screenshot: None,
            picture: None,
        };
        let unreachable = |e: FetchError| {
            let mut rules = vec![RuleResult::said(
                Rule::Reachable,
                false,
                vec![e.message()],
                vec![Evidence::new(Place::Url, candidate.url.as_str())],
            )];
            rules.extend(Rule::ALL[1..].iter().map(|r| RuleResult::skip(*r)));
            report(None, rules, Teaches::default())
        };
        let timeout = self.settings().timeout;
        let slot = match by {
            None => self.fetcher.slot(&candidate.url).await,
            Some(by) => {
                let waited = tokio::time::timeout_at(by, self.fetcher.slot(&candidate.url));
                match waited.await {
                    Ok(slot) => slot,
                    Err(_) => return unreachable(FetchError::Timeout(timeout.as_secs())),
                }
            }
        };
        let started = Instant::now();
        let deadline = by.map_or(started + timeout, |by| by.min(started + timeout));
        let fetched = self
            .fetcher
            .fetch_until(&candidate.url, fetch::Accept::Html, deadline, &slot)
            .await;
        timings.fetch = started.elapsed();
        let fetched = match fetched {
            Ok(f) => f,
            Err(e) => return unreachable(e),
        };
        let mut rules = vec![reachable(&fetched)];
        let final_url = fetched.final_url.clone();
        let (source, rendered, note) = match self.rendering.renderer() {
            Some(renderer) => {
                let fetcher = Arc::clone(&self.fetcher);
                let timeout = self.settings().timeout;
                match renderer.render(fetcher, &fetched, deadline, timeout).await {
                    Ok(mut r) => {
                        // The DOM can be megabytes: moved to the analysis, not copied.
                        let html = std::mem::take(&mut r.snapshot.html);
                        (Source::Rendered(html), Some(r), None)
                    }
                    Err(e) => {
                        // The browser's failure, never the page's: not judged, and so not accepted.
                        let why = super::verdict::internal_error(&e.to_string());
                        rules.extend(RuleResult::unjudged_content(Unjudged::Failed, &why));
                        let mut page = report(Some(&final_url), rules, Teaches::default());
                        let failed = Message::new(Key::BrowserFailed).text("detail", e.to_string());
                        page.note(vec![failed]);
                        return page;
                    }
                }
            }
            None => {
                let note = matches!(self.rendering, Rendering::NoBrowser)
                    .then(|| vec![Message::new(Key::NoBrowser)]);
                (Source::Server(fetched), None, note)
            }
        };
        let note = note.or_else(|| rendered.as_ref().map(|r| render_note(&r.snapshot)));
        let too_big = rendered.as_ref().is_some_and(|r| r.snapshot.cut);

        let analysing = Instant::now();
        let analysed = match too_big {
            true => Err((
                Unjudged::TooComplex,
                Message::new(Key::TooComplex)
                    .number("nodes", Bounds::default().max_nodes)
                    .number("depth", Bounds::default().max_depth)
                    .number("mib", super::render::MAX_DOM_CHARS >> 20),
            )),
            false => self.analyse(source, &final_url, deadline).await,
        };
        timings.analysis = analysing.elapsed();
        let judged = match analysed {
            Ok(doc) => {
                let token_file = self.token_file(subject, &doc, &final_url, deadline, &slot);
                let token_file = token_file.await;
                drop(slot);
                let judging = Instant::now();
                let judged = self.judge_doc(candidate, doc, &final_url, token_file).await;
                timings.analysis += judging.elapsed();
                judged
            }
            Err(why) => Err(why),
        };
        // A page that could not be judged, whatever the reason, fails every content rule.
        let (content_rules, teaches) = judged.unwrap_or_else(|(kind, why)| {
            (RuleResult::unjudged_content(kind, &why), Teaches::default())
        });
        rules.extend(content_rules);
        let mut page = report(Some(&final_url), rules, teaches);
        page.rendered = rendered.is_some();
        page.note(note.unwrap_or_default());
        if let Some(rendered) = rendered {
            if self.screenshots {
                page.picture = self.photograph(&rendered, &page).await.map(Arc::new);
            }
            rendered.close().await;
        }
        page
    }

    /// The rendered page as a PNG, each failing rule's evidence outlined; none when the
    /// browser cannot take it in time (the verdict stands without it).
    async fn photograph(&self, rendered: &Rendered, page: &PageReport) -> Option<Vec<u8>> {
        let (needles, urls) = self.judge.outline_targets(page);
        let by = Instant::now() + SCREENSHOT_TIME;
        rendered.tab.screenshot(&needles, &urls, by).await.ok()
    }

    /// The verification file, when the subject has a token the page itself does not carry.
    async fn token_file(
        &self,
        subject: &Subject,
        doc: &Document,
        final_url: &Url,
        deadline: Instant,
        slot: &fetch::Slot,
    ) -> Option<String> {
        let token = subject.verification_token.as_ref()?;
        if doc.verification_tokens.contains(token) {
            return None;
        }
        let url = final_url
            .join("/.well-known/learning-partner-verification.txt")
            .ok()?;
        let fetched = self
            .fetcher
            .fetch_until(&url, fetch::Accept::Text, deadline, slot);
        fetched.await.ok().map(|f| f.text())
    }

    /// The four content rules and what the page teaches, judged off the reactor; the error
    /// says why they could not be judged (lpdir's own failure).
    async fn judge_doc(
        &self,
        candidate: &Candidate,
        doc: Document,
        final_url: &Url,
        token_file: Option<String>,
    ) -> Result<(Vec<RuleResult>, Teaches), (Unjudged, Message)> {
        let judge = Arc::clone(&self.judge);
        let (subject, submitted, final_url) = (
            candidate.subject.clone(),
            candidate.url.clone(),
            final_url.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let fetch = rules::Fetch {
                submitted: &submitted,
                final_url: &final_url,
                token_file: token_file.as_deref(),
            };
            judge.judge_all(&subject, &doc, &fetch)
        })
        .await
        .map_err(|e| {
            let why = super::verdict::internal_error(&join_failure(&e));
            (Unjudged::Failed, why)
        })
    }

    /// Decodes and parses a page off the reactor, a few at a time, within the bounds and
    /// the page's deadline. The error says why the page was not judged.
    async fn analyse(
        &self,
        source: Source,
        base: &Url,
        deadline: Instant,
    ) -> Result<Document, (Unjudged, Message)> {
        let _permit = self.analyses.acquire().await;
        // Waiting for a free core is lpdir's queue, not the page's doing: the analysis always
        // gets at least MIN_ANALYSIS, even if the page's own time ran out meanwhile.
        let deadline = deadline.max(Instant::now() + MIN_ANALYSIS);
        let (base, bounds) = (base.clone(), Bounds::default());
        let deadline = deadline.into_std();
        let parsed = tokio::task::spawn_blocking(move || {
            let html = match source {
                Source::Server(fetched) => fetched.text(),
                Source::Rendered(html) => html,
            };
            Document::parse_within(&html, &base, bounds, Some(deadline))
        })
        .await;
        match parsed {
            Ok(Ok(doc)) => Ok(doc),
            Ok(Err(TooComplex::Time)) => Err((
                Unjudged::TooComplex,
                Message::new(Key::TooSlow).number("seconds", self.settings().timeout.as_secs()),
            )),
            Ok(Err(e)) => Err((
                Unjudged::TooComplex,
                Message::new(Key::TooComplexParsed).text("detail", e.to_string()),
            )),
            Err(e) => Err((
                Unjudged::Failed,
                super::verdict::internal_error(&join_failure(&e)),
            )),
        }
    }

    /// Judges every candidate, at most `jobs` at a time, calling `done` as each finishes.
    /// Exactly one report per candidate comes back, in the candidates' order: a task that
    /// panics or is cancelled gives its page an internal-error rejection. A page's picture
    /// is `done`'s to keep (write it, record where): it is not held for the whole run.
    pub async fn check_all(
        &self,
        candidates: Vec<Candidate>,
        done: impl Fn(&mut PageReport),
    ) -> Vec<PageReport> {
        let validator = self.clone();
        let check = move |candidate: Candidate| {
            let validator = validator.clone();
            async move { validator.check(&candidate).await }
        };
        run_all(candidates, self.settings().jobs, check, done).await
    }
}

/// `check_all`'s loop, over any per-page check: at most `jobs` at once, one report each,
/// a failed task's page failing closed.
async fn run_all<F, Fut>(
    candidates: Vec<Candidate>,
    jobs: usize,
    check: F,
    done: impl Fn(&mut PageReport),
) -> Vec<PageReport>
where
    F: Fn(Candidate) -> Fut,
    Fut: std::future::Future<Output = PageReport> + Send + 'static,
{
    let limit = Arc::new(Semaphore::new(jobs.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let mut index = HashMap::new();
    for (i, candidate) in candidates.iter().enumerate() {
        let limit = Arc::clone(&limit);
        let checking = check(candidate.clone());
        let handle = tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            (i, checking.await)
        });
        index.insert(handle.id(), i);
    }
    let mut reports: Vec<Option<PageReport>> = vec![None; candidates.len()];
    while let Some(joined) = tasks.join_next_with_id().await {
        let (i, report) = match joined {
            Ok((_, (i, report))) => (i, report),
            Err(e) => {
                let Some(&i) = index.get(&e.id()) else {
                    continue;
                };
                let c = &candidates[i];
                (
                    i,
                    PageReport::failed(
                        c.subject.id.clone(),
                        c.subject.name.clone(),
                        &c.url,
                        &join_failure(&e),
                    ),
                )
            }
        };
        let mut report = report;
        done(&mut report);
        report.picture = None;
        reports[i] = Some(report);
    }
    // Unreachable by construction; kept so that no candidate can go missing silently.
    reports
        .into_iter()
        .zip(&candidates)
        .map(|(r, c)| {
            r.unwrap_or_else(|| {
                PageReport::failed(
                    c.subject.id.clone(),
                    c.subject.name.clone(),
                    &c.url,
                    "its task ended without a result",
                )
            })
        })
        .collect()
}

fn reachable(fetched: &fetch::Fetched) -> RuleResult {
    let mut evidence: Vec<Evidence> = fetched
        .hops
        .iter()
        .map(|u| Evidence::new(Place::Url, u.as_str()))
        .collect();
    evidence.truncate(11);
    let redirects = fetched.hops.len() - 1;
    let key = match redirects {
        0 => Key::Fetched,
        _ => Key::FetchedRedirected,
    };
    let message = Message::new(key)
        .text("url", fetched.final_url.as_str())
        .number("kb", fetched.raw.len().div_ceil(1024))
        .number("count", redirects);
    RuleResult::said(Rule::Reachable, true, vec![message], evidence)
}

/// What a rendered page's report says about its rendering, when there is more to say than
/// "rendered": it had not settled, or the guard refused some of its requests.
fn render_note(snapshot: &super::render::Snapshot) -> Vec<Message> {
    let mut parts = Vec::new();
    if !snapshot.settled {
        parts.push(Message::new(Key::StillLoading));
    }
    if snapshot.refused > 0 {
        parts.push(
            Message::new(Key::Refused)
                .number("refused", snapshot.refused)
                .number("requests", snapshot.requests)
                .text("detail", snapshot.refusals.join("; ")),
        );
    }
    parts
}

/// What became of a task that gave no result.
fn join_failure(e: &tokio::task::JoinError) -> String {
    if e.is_panic() {
        "its analysis panicked".into()
    } else {
        "its task was cancelled".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn candidate(id: &str) -> Candidate {
        let url = Url::parse(&format!("https://{id}.example/microsoft")).unwrap();
        Candidate {
            subject: Subject {
                id: Some(id.to_owned()),
                name: id.to_owned(),
                aliases: Vec::new(),
                domains: Vec::new(),
                verification_token: None,
            },
            url,
        }
    }

    /// A page whose task panics outside any blocking section still gets a report, rejected
    /// with an internal error, and `done` runs for it (so the ledger records it).
    #[tokio::test]
    async fn a_task_that_panics_fails_its_page_closed() {
        let candidates: Vec<Candidate> = ["a", "b", "c"].into_iter().map(candidate).collect();
        let seen = Mutex::new(Vec::new());
        let check = |c: Candidate| async move {
            if c.subject.name == "b" {
                panic!("a bug in one page's check");
            }
            let pass = |r| RuleResult::new(r, true, "ok", Vec::new());
            let rules: Vec<RuleResult> = Rule::ALL.iter().map(|r| pass(*r)).collect();
            PageReport {
                id: c.subject.id.clone(),
                partner: c.subject.name.clone(),
                url: c.url.to_string(),
                final_url: None,
                verdict: Verdict::of(&rules),
                rules,
                teaches: Teaches::default(),
                rendered: false,
                render_note: None,
                render_said: Vec::new(),
                screenshot: None,
                picture: None,
            }
        };
        let reports = run_all(candidates, 2, check, |r| {
            seen.lock().unwrap().push(r.id.clone().unwrap());
        })
        .await;
        let verdicts: Vec<Verdict> = reports.iter().map(|r| r.verdict).collect();
        assert_eq!(
            verdicts,
            [Verdict::Accepted, Verdict::Rejected, Verdict::Accepted]
        );
        assert!(
            reports[1]
                .rules
                .iter()
                .any(|r| r.message.contains("lpdir failed while judging")),
            "{:?}",
            reports[1].rules
        );
        let mut seen = seen.into_inner().unwrap();
        seen.sort();
        assert_eq!(seen, ["a", "b", "c"]);
    }
}
