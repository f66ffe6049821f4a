//! `SelfCheck`: a partner checks its own landing page against the whole directory before it
//! applies. The judge's matchers are built once for the directory and shared, so a check
//! costs a fetch and one analysis, and many can run at once (the command line's `check`, and
//! a long-running service).

use super::plan;
use super::rules::{Judge, Subject};
use super::validator::{Candidate, Validator};
use super::verdict::PageReport;
use super::{FetchError, NetworkSettings, Vocabulary};
use crate::content::{Directory, Domain, LandingUrl, UrlProblem};
use std::collections::HashMap;
use std::sync::Arc;

/// What a partner asks: its page, its name, and optionally its directory id and details.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Request {
    pub url: String,
    pub partner: String,
    /// The partner's id when it is listed: its entry's domains, aliases and verification
    /// token are used.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Registrable domains the partner owns (default: the URL's).
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub token: Option<String>,
}

/// Why a request cannot be checked. Each has a stable code for machine clients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("give the partner's name, as its page shows it")]
    MissingPartner,
    #[error("{0}")]
    BadUrl(UrlProblem),
    #[error(
        "`{0}` is not a registrable domain; give domains such as contoso.com, without scheme or path"
    )]
    BadDomain(String),
    #[error("no partner with the id `{0}` is listed in the directory")]
    UnknownPartner(String),
}

impl RequestError {
    /// A stable identifier of the error, for JSON clients.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::MissingPartner => "missing_partner",
            RequestError::BadUrl(_) => "invalid_url",
            RequestError::BadDomain(_) => "invalid_domain",
            RequestError::UnknownPartner(_) => "unknown_partner",
        }
    }

    /// What the partner can do about it.
    pub fn help(&self) -> String {
        match self {
            RequestError::BadUrl(p) => p.help(),
            RequestError::UnknownPartner(_) => {
                "leave the id out if the partner is not listed yet".into()
            }
            other => other.to_string(),
        }
    }
}

/// Checks partners' pages against one directory; cheap to clone and share.
#[derive(Clone)]
pub struct SelfCheck {
    validator: Validator,
    listed: Arc<HashMap<String, Subject>>,
}

impl SelfCheck {
    /// A checker whose partner-only rule knows every partner of `directory` (the partner
    /// checking is never its own rival: see the rule).
    pub fn new(
        network: NetworkSettings,
        vocabulary: Vocabulary,
        directory: Option<&Directory>,
    ) -> Result<SelfCheck, FetchError> {
        let partners = directory.map(|d| d.partners.as_slice()).unwrap_or_default();
        let judge = Judge::new(vocabulary, plan::rivals(partners));
        let listed = partners
            .iter()
            .map(|p| {
                let candidate = plan::candidate(p.id.as_str(), &p.listing);
                (p.id.to_string(), candidate.subject)
            })
            .collect();
        Ok(SelfCheck {
            validator: Validator::shared(network, Arc::new(judge))?,
            listed: Arc::new(listed),
        })
    }

    /// Renders pages as `rendering` says, photographing them when `screenshots`.
    pub fn with_rendering(mut self, rendering: super::Rendering, screenshots: bool) -> SelfCheck {
        self.validator = self
            .validator
            .with_rendering(rendering)
            .with_screenshots(screenshots);
        self
    }

    /// The word lists the rules use (for highlighting evidence).
    pub fn vocabulary(&self) -> &Vocabulary {
        self.validator.judge().vocabulary()
    }

    /// Whether `id` is a partner of the directory.
    pub fn is_listed(&self, id: &str) -> bool {
        self.listed.contains_key(id)
    }

    /// The page and the partner a request stands for, checked.
    pub fn candidate(&self, request: &Request) -> Result<Candidate, RequestError> {
        if let Some(first) = self.problems(request).into_iter().next() {
            return Err(first);
        }
        let name = request.partner.trim();
        let url = LandingUrl::parse(&request.url).map_err(RequestError::BadUrl)?;
        let mut domains = Vec::new();
        for d in &request.domains {
            domains.push(Domain::parse(d).ok_or_else(|| RequestError::BadDomain(d.clone()))?);
        }
        let mut subject = match request
            .id
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            Some(id) => self
                .listed
                .get(id)
                .cloned()
                .ok_or_else(|| RequestError::UnknownPartner(id.to_owned()))?,
            None => Subject {
                id: None,
                name: String::new(),
                aliases: Vec::new(),
                domains: Vec::new(),
                verification_token: None,
            },
        };
        // The name asked for is the one the page must show; a listed name stays an alias.
        if !subject.name.is_empty() && subject.name != name {
            subject.aliases.push(std::mem::take(&mut subject.name));
        }
        subject.name = name.to_owned();
        subject.aliases.extend(request.aliases.iter().cloned());
        subject.domains.extend(domains);
        if subject.domains.is_empty() {
            subject.domains.push(url.domain().clone());
        }
        if request.token.is_some() {
            subject.verification_token = request.token.clone();
        }
        Ok(Candidate {
            subject,
            url: url.as_url().clone(),
        })
    }

    /// Every problem of `request` at once, in the order partner, URL, domains, id: empty when
    /// it can be checked. The API answers the first; the form shows each beside its field.
    pub fn problems(&self, request: &Request) -> Vec<RequestError> {
        let mut out = Vec::new();
        if request.partner.trim().is_empty() {
            out.push(RequestError::MissingPartner);
        }
        if let Err(p) = LandingUrl::parse(&request.url) {
            out.push(RequestError::BadUrl(p));
        }
        for d in &request.domains {
            if Domain::parse(d).is_none() {
                out.push(RequestError::BadDomain(d.clone()));
            }
        }
        let id = request.id.as_deref().map(str::trim).unwrap_or_default();
        if !id.is_empty() && !self.is_listed(id) {
            out.push(RequestError::UnknownPartner(id.to_owned()));
        }
        out
    }

    /// Checks one page: a request error, or the page's report (which fails closed).
    pub async fn check(&self, request: &Request) -> Result<PageReport, RequestError> {
        let candidate = self.candidate(request)?;
        Ok(self.validator.check(&candidate).await)
    }

    /// Checks one candidate by `by` at the latest (the wait for its host included), with the
    /// time its fetch and analysis took.
    pub async fn check_by(
        &self,
        candidate: &Candidate,
        by: tokio::time::Instant,
    ) -> (PageReport, super::Timings) {
        self.validator.check_timed(candidate, Some(by)).await
    }
}
