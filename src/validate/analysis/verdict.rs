//! What a check says: a status per rule with its evidence, and the verdict on the page.

pub use super::evidence::Evidence;
use super::message::{Key, Message};
use serde::Serialize;

/// The directory's rules, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// Not judged: the page could not be fetched.
    Skip,
}

/// Why a content rule was not judged: what a partner can do differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unjudged {
    /// The page is too large, too deep or too slow to analyse: the partner simplifies it.
    TooComplex,
    /// lpdir or its browser failed: nothing for the partner to change.
    Failed,
}

/// One rule's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule: Rule,
    pub status: Status,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// Set when the rule fails because it was not judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unjudged: Option<Unjudged>,
    /// What `message` says, in words any language can carry (empty for a message lpdir
    /// has no translation for).
    #[serde(skip)]
    pub said: Vec<Message>,
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
            unjudged: None,
            said: Vec::new(),
        }
    }

    /// A result whose message is `said`, in English in `message`.
    pub fn said(rule: Rule, pass: bool, said: Vec<Message>, evidence: Vec<Evidence>) -> RuleResult {
        let english = super::message::english(&said);
        RuleResult {
            said,
            ..RuleResult::new(rule, pass, english, evidence)
        }
    }

    /// A content rule lpdir could not judge for a reason of its own or of the page's shape:
    /// it fails, so that the page is never accepted by accident.
    pub fn unjudged(rule: Rule, kind: Unjudged, why: &Message) -> RuleResult {
        RuleResult {
            unjudged: Some(kind),
            ..RuleResult::said(rule, false, vec![why.clone()], Vec::new())
        }
    }

    /// The four content rules, none of them judged, each failing for `why`.
    pub fn unjudged_content(kind: Unjudged, why: &Message) -> Vec<RuleResult> {
        Rule::ALL[1..]
            .iter()
            .map(|r| RuleResult::unjudged(*r, kind, why))
            .collect()
    }

    pub fn skip(rule: Rule) -> RuleResult {
        RuleResult {
            status: Status::Skip,
            ..RuleResult::said(rule, false, vec![Message::new(Key::NotFetched)], Vec::new())
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
    /// Accepted only when every one of the five rules is present and passes: a missing rule
    /// (lpdir failed to judge it) can never count as a pass.
    pub fn of(rules: &[RuleResult]) -> Verdict {
        let status = |rule| rules.iter().find(|r| r.rule == rule).map(|r| r.status);
        if status(Rule::Reachable) == Some(Status::Fail) {
            Verdict::Unreachable
        } else if Rule::ALL.iter().all(|r| status(*r) == Some(Status::Pass)) {
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
    /// What the page teaches: the product areas and exam codes it names (left out when none).
    #[serde(skip_serializing_if = "crate::content::Teaches::is_empty")]
    pub teaches: crate::content::Teaches,
    /// Whether the content rules judged the page as a browser rendered it (scripts run),
    /// rather than the HTML the server sent.
    pub rendered: bool,
    /// What a reader should know about how the page was seen: no browser, a page still
    /// loading when its time ran out, requests the guard refused, a browser that failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub render_note: Option<String>,
    /// What `render_note` says, in words any language can carry.
    #[serde(skip)]
    pub render_said: Vec<Message>,
    /// Where the screenshot was written, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    /// The rendered page as a PNG, its failing evidence outlined (`--screenshots`).
    #[serde(skip)]
    pub picture: Option<std::sync::Arc<Vec<u8>>>,
}

/// How the note of a page the browser failed on starts.
pub const BROWSER_FAILED: &str = "not judged: the browser failed";

/// The message of a rule lpdir failed to judge: the fault is lpdir's, not the page's.
pub fn internal_error(detail: &str) -> Message {
    Message::new(Key::Failed).text("detail", detail)
}

impl PageReport {
    /// The report of a page lpdir failed on (a panic, a cancelled task): rejected, each rule
    /// saying so, never missing and never accepted.
    pub fn failed(id: Option<String>, partner: String, url: &url::Url, detail: &str) -> PageReport {
        let not_known = Message::new(Key::NotKnown).text("detail", detail);
        let mut rules = vec![RuleResult {
            status: Status::Skip,
            ..RuleResult::said(Rule::Reachable, false, vec![not_known], Vec::new())
        }];
        let why = internal_error(detail);
        rules.extend(RuleResult::unjudged_content(Unjudged::Failed, &why));
        PageReport {
            id,
            partner,
            url: url.to_string(),
            final_url: None,
            verdict: Verdict::of(&rules),
            rules,
            teaches: Default::default(),
            rendered: false,
            render_note: None,
            render_said: Vec::new(),
            screenshot: None,
            picture: None,
        }
    }

    /// Says how the page was seen (`render_note`, in English, and `render_said`).
    pub fn note(&mut self, said: Vec<Message>) {
        self.render_note = (!said.is_empty()).then(|| super::message::english(&said));
        self.render_said = said;
    }

    /// Whether the content rules judged the rendered page (`Some(true)`) or the server's
    /// HTML (`Some(false)`); `None` when they judged nothing (no page, a failed browser).
    pub fn seen_rendered(&self) -> Option<bool> {
        let browser_failed = self
            .render_note
            .as_deref()
            .is_some_and(|n| n.starts_with(BROWSER_FAILED));
        (self.final_url.is_some() && !browser_failed).then_some(self.rendered)
    }

    pub fn rule(&self, rule: Rule) -> Option<&RuleResult> {
        self.rules.iter().find(|r| r.rule == rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(rule: Rule, passed: bool) -> RuleResult {
        RuleResult::new(rule, passed, "", Vec::new())
    }

    /// Accepted only when every rule was judged and passed: a rule missing from the results
    /// (a bug that skipped it) is never a pass.
    #[test]
    fn a_missing_rule_is_never_a_pass() {
        let all: Vec<RuleResult> = Rule::ALL.iter().map(|r| result(*r, true)).collect();
        assert_eq!(Verdict::of(&all), Verdict::Accepted);
        for missing in 0..all.len() {
            let mut rules = all.clone();
            rules.remove(missing);
            let verdict = Verdict::of(&rules);
            assert_ne!(
                verdict,
                Verdict::Accepted,
                "{:?} missing",
                Rule::ALL[missing]
            );
        }
        let mut skipped = all.clone();
        skipped[2].status = Status::Skip;
        assert_eq!(Verdict::of(&skipped), Verdict::Rejected);
    }
}
