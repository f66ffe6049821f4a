//! What a check says: a status per rule with its evidence, and the verdict on the page.

use super::document::Place;
use serde::Serialize;

/// The directory's rules, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Reachable,
    PartnerOwned,
    MicrosoftThemed,
    PartnerOnly,
    NoCompetitors,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::Reachable,
        Rule::PartnerOwned,
        Rule::MicrosoftThemed,
        Rule::PartnerOnly,
        Rule::NoCompetitors,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Reachable => "reachable",
            Rule::PartnerOwned => "partner-owned",
            Rule::MicrosoftThemed => "microsoft-themed",
            Rule::PartnerOnly => "partner-only",
            Rule::NoCompetitors => "no-competitors",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// Not judged: the page could not be fetched.
    Skip,
}

/// A short text from the page and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub location: Place,
    pub text: String,
}

impl Evidence {
    pub fn new(location: Place, text: impl Into<String>) -> Evidence {
        let mut text: String = text.into();
        if text.chars().count() > 160 {
            text = text.chars().take(159).collect::<String>() + "…";
        }
        Evidence { location, text }
    }
}

/// One rule's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule: Rule,
    pub status: Status,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

impl RuleResult {
    pub fn new(
        rule: Rule,
        pass: bool,
        message: impl Into<String>,
        evidence: Vec<Evidence>,
    ) -> RuleResult {
        RuleResult {
            rule,
            status: if pass { Status::Pass } else { Status::Fail },
            message: message.into(),
            evidence,
        }
    }

    pub fn skip(rule: Rule) -> RuleResult {
        RuleResult {
            rule,
            status: Status::Skip,
            message: "not judged: the page could not be fetched".into(),
            evidence: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// All four content rules pass.
    Accepted,
    /// The page was fetched and a rule fails.
    Rejected,
    /// The page could not be fetched.
    Unreachable,
}

impl Verdict {
    pub fn of(rules: &[RuleResult]) -> Verdict {
        if rules
            .iter()
            .any(|r| r.rule == Rule::Reachable && r.status != Status::Pass)
        {
            Verdict::Unreachable
        } else if rules.iter().all(|r| r.status == Status::Pass) {
            Verdict::Accepted
        } else {
            Verdict::Rejected
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Unreachable => "unreachable",
        }
    }
}

/// The whole judgement of one landing page: the stable JSON format of `lpdir check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageReport {
    pub id: Option<String>,
    pub partner: String,
    pub url: String,
    pub final_url: Option<String>,
    pub verdict: Verdict,
    pub rules: Vec<RuleResult>,
}

impl PageReport {
    pub fn rule(&self, rule: Rule) -> Option<&RuleResult> {
        self.rules.iter().find(|r| r.rule == rule)
    }
}
