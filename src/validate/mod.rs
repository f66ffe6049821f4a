//! Judging landing pages against the directory's four rules.
//!
//! `Validator` fetches each page with the guarded `Fetcher`, parses it once into a `Document`
//! off the async reactor, and has the `Judge` evaluate every rule on it, with evidence.

pub mod decode;
pub mod document;
pub mod fetch;
pub mod guard;
pub mod network;
pub mod plan;
mod resolver;
pub mod rules;
pub mod text;
pub mod verdict;
pub mod vocabulary;

pub use document::{Document, Place};
pub use fetch::{FetchError, Fetcher};
pub use network::{NetworkSettings, Pin};
pub use rules::{Judge, Rival, Subject};
pub use verdict::{Evidence, PageReport, Rule, RuleResult, Status, Verdict};
pub use vocabulary::{Competitor, Vocabulary};

use std::sync::Arc;
use tokio::sync::Semaphore;
use url::Url;

/// One page to judge: for whom, and where.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub subject: Subject,
    pub url: Url,
}

/// Fetches and judges pages; cheap to share between tasks.
#[derive(Clone)]
pub struct Validator {
    fetcher: Arc<Fetcher>,
    judge: Arc<Judge>,
}

impl Validator {
    pub fn new(network: NetworkSettings, judge: Judge) -> Result<Validator, FetchError> {
        Ok(Validator {
            fetcher: Arc::new(Fetcher::new(network)?),
            judge: Arc::new(judge),
        })
    }

    /// Judges one page.
    pub async fn check(&self, candidate: &Candidate) -> PageReport {
        let subject = &candidate.subject;
        let report = |final_url: Option<&Url>, rules: Vec<RuleResult>| PageReport {
            id: subject.id.clone(),
            partner: subject.name.clone(),
            url: candidate.url.to_string(),
            final_url: final_url.map(Url::to_string),
            verdict: Verdict::of(&rules),
            rules,
        };
        let fetched = match self
            .fetcher
            .fetch(&candidate.url, fetch::Accept::Html)
            .await
        {
            Ok(f) => f,
            Err(e) => {
                let mut rules = vec![RuleResult::new(
                    Rule::Reachable,
                    false,
                    e.to_string(),
                    vec![Evidence::new(Place::Url, candidate.url.as_str())],
                )];
                rules.extend(Rule::ALL[1..].iter().map(|r| RuleResult::skip(*r)));
                return report(None, rules);
            }
        };
        let mut evidence: Vec<Evidence> = fetched
            .hops
            .iter()
            .map(|u| Evidence::new(Place::Url, u.as_str()))
            .collect();
        evidence.truncate(11);
        let redirects = fetched.hops.len() - 1;
        let message = format!(
            "fetched {} ({} KB){}",
            fetched.final_url,
            fetched.bytes.div_ceil(1024),
            match redirects {
                0 => String::new(),
                1 => " after 1 redirect".into(),
                n => format!(" after {n} redirects"),
            }
        );
        let reachable = RuleResult::new(Rule::Reachable, true, message, evidence);

        // Parsing is CPU work: keep it off the reactor so fetches keep flowing.
        let final_url = fetched.final_url.clone();
        let body = fetched.body;
        let base = final_url.clone();
        let doc = tokio::task::spawn_blocking(move || Document::parse(&body, &base))
            .await
            .unwrap_or_default();
        let token_file = match &subject.verification_token {
            Some(token) if !doc.verification_tokens.contains(token) => {
                let well_known = final_url
                    .join("/.well-known/learning-partner-verification.txt")
                    .ok();
                match well_known {
                    Some(u) => self
                        .fetcher
                        .fetch(&u, fetch::Accept::Text)
                        .await
                        .ok()
                        .map(|f| f.body),
                    None => None,
                }
            }
            _ => None,
        };
        let judge = Arc::clone(&self.judge);
        let (subject_owned, submitted, final_for_judge) =
            (subject.clone(), candidate.url.clone(), final_url.clone());
        let content_rules = tokio::task::spawn_blocking(move || {
            let fetch = rules::Fetch {
                submitted: &submitted,
                final_url: &final_for_judge,
                token_file: token_file.as_deref(),
            };
            judge.judge(&subject_owned, &doc, &fetch)
        })
        .await
        .unwrap_or_default();
        let mut rules = vec![reachable];
        rules.extend(content_rules);
        report(Some(&final_url), rules)
    }

    /// Judges every candidate, at most `jobs` at a time, calling `done` as each finishes.
    /// Reports come back in the candidates' order.
    pub async fn check_all(
        &self,
        candidates: Vec<Candidate>,
        done: impl Fn(&PageReport),
    ) -> Vec<PageReport> {
        let limit = Arc::new(Semaphore::new(self.fetcher.settings().jobs.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        let total = candidates.len();
        for (i, candidate) in candidates.into_iter().enumerate() {
            let (validator, limit) = (self.clone(), Arc::clone(&limit));
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                (i, validator.check(&candidate).await)
            });
        }
        let mut reports: Vec<Option<PageReport>> = vec![None; total];
        while let Some(joined) = tasks.join_next().await {
            if let Ok((i, report)) = joined {
                done(&report);
                reports[i] = Some(report);
            }
        }
        reports.into_iter().flatten().collect()
    }
}
