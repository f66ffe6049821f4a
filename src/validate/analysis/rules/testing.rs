//! What the rules' unit tests share: a landing page as partners write one, the partner it is
//! judged for, and the judging itself, with no network (the fetcher's own tests are in
//! tests/validate/).

use super::super::document::{Document, Place};
use super::super::verdict::{Rule, RuleResult};
use super::super::vocabulary::Vocabulary;
use super::{Fetch, Judge, Rival, Subject};
use crate::content::Domain;
use url::Url;

pub use super::landing_page::landing;

pub fn subject(name: &str, domains: &[&str]) -> Subject {
    Subject {
        id: Some("subject".into()),
        name: name.into(),
        aliases: vec![],
        domains: domains.iter().map(|d| Domain::parse(d).unwrap()).collect(),
        verification_token: None,
    }
}

pub fn contoso() -> Subject {
    subject("Contoso Learning", &["contoso.com"])
}

/// One other partner of the directory.
pub fn fabrikam() -> Vec<Rival> {
    vec![Rival {
        id: "fabrikam".into(),
        name: "Fabrikam Academy".into(),
        aliases: vec!["Fabrikam Akademie GmbH".into()],
        domains: vec![Domain::parse("fabrikam.de").unwrap()],
    }]
}

/// The four rules' results for `html` served at `url`, with the default vocabulary.
pub fn judge(subject: &Subject, url: &str, html: &str, rivals: Vec<Rival>) -> Vec<RuleResult> {
    let url: Url = url.parse().unwrap();
    let doc = Document::parse(html, &url).unwrap();
    let fetch = Fetch {
        submitted: &url,
        final_url: &url,
        token_file: None,
    };
    Judge::new(Vocabulary::default(), rivals).judge(subject, &doc, &fetch)
}

/// Contoso's page at https://www.contoso.com/, judged against Fabrikam.
pub fn judge_contoso(html: &str) -> Vec<RuleResult> {
    judge(&contoso(), "https://www.contoso.com/", html, fabrikam())
}

pub fn rule(results: &[RuleResult], rule: Rule) -> &RuleResult {
    results.iter().find(|r| r.rule == rule).unwrap()
}

/// Whether the result has evidence at `place` whose text contains `needle`.
pub fn has_evidence(result: &RuleResult, place: Place, needle: &str) -> bool {
    result
        .evidence
        .iter()
        .any(|e| e.location == place && e.text.contains(needle))
}
