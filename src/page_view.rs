//! One page's result as a person reads it: the verdict in a sentence, the failing rules first
//! with what to change and their evidence (marked words and all, capped once), then the
//! other rules.
//!
//! The view is computed here, once, and formatted by the terminal (the binary's `cli/page_report.rs`), the
//! self-check service (`service::pages`) and the publishing report (`publish::report`); none
//! of them filters rules or picks evidence again, so the three never drift apart.

use crate::i18n::SelfCheckStrings;
use crate::printable::line;
use crate::validate::{PageReport, Rule, Status, Unjudged, Verdict};
use std::borrow::Cow;

/// Evidence shown per failing rule, unless a reader asks for all of it.
pub const EVIDENCE_SHOWN: usize = 5;

/// How much evidence to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Failing rules with their first evidence ([`EVIDENCE_SHOWN`]).
    Normal,
    /// Every rule with all its evidence.
    All,
}

/// One rule's result, whatever it was read from: a fresh check or a ledger.
#[derive(Debug, Clone)]
pub struct RuleLine<'a> {
    /// The rule, or the name a newer lpdir recorded for a rule this one does not know.
    pub rule: Result<Rule, &'a str>,
    /// `None`: a status this lpdir does not know.
    pub status: Option<Status>,
    pub message: Cow<'a, str>,
    pub evidence: Vec<QuoteLine<'a>>,
    /// Why the rule was not judged, when it was not.
    pub unjudged: Option<Unjudged>,
}

/// One piece of evidence, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct QuoteLine<'a> {
    pub place: &'a str,
    pub text: &'a str,
    pub marks: &'a [(usize, usize)],
}

/// The result to show. Serialized as it is for templates (the self-check's result page).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageView {
    pub verdict: Verdict,
    /// The verdict in one sentence, in the reader's language.
    pub sentence: String,
    /// The content rules that fail, in the rules' order.
    pub failing: Vec<RuleView>,
    /// The other rules: those that pass or were not judged, and whether the page opened.
    pub others: Vec<RuleView>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleView {
    /// The rule's name in reports and JSON (`no-competitors`).
    pub id: String,
    /// The rule in the reader's words.
    pub title: String,
    pub status: Option<Status>,
    pub message: String,
    /// What to change: for a failing content rule this lpdir knows.
    pub fix: Option<String>,
    pub evidence: Vec<Quote>,
    /// Evidence left out by the cap.
    pub more: usize,
}

/// A quote, printable, cut in pieces that are marked (what the rule found) or not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quote {
    pub place: String,
    pub pieces: Vec<Piece>,
}

/// Part of a quote: what the rule found (`marked`), or the words around it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

impl PageView {
    /// The view of a fresh check.
    pub fn of_report(report: &PageReport, words: &SelfCheckStrings, detail: Detail) -> PageView {
        let lines = report
            .rules
            .iter()
            .map(|r| RuleLine {
                rule: Ok(r.rule),
                status: Some(r.status),
                message: match r.said.is_empty() {
                    true => Cow::Borrowed(&r.message),
                    false => Cow::Owned(words.said(&r.said)),
                },
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| QuoteLine {
                        place: e.location.as_str(),
                        text: &e.text,
                        marks: &e.marks,
                    })
                    .collect(),
                unjudged: r.unjudged,
            })
            .collect();
        PageView::new(report.verdict, lines, words, detail)
    }

    pub fn new(
        verdict: Verdict,
        lines: Vec<RuleLine<'_>>,
        words: &SelfCheckStrings,
        detail: Detail,
    ) -> PageView {
        let reason = lines
            .iter()
            .find(|l| l.rule == Ok(Rule::Reachable))
            .map_or(String::new(), |l| line(&l.message).into_owned());
        let sentence = match verdict {
            Verdict::Accepted => words.verdict_accepted.clone(),
            Verdict::Rejected => words.verdict_rejected.clone(),
            Verdict::Unreachable => words.verdict_unreachable.replace("{reason}", &reason),
        };
        let (mut failing, mut others) = (Vec::new(), Vec::new());
        for l in lines {
            let fails = l.status == Some(Status::Fail) && l.rule != Ok(Rule::Reachable);
            let shown = match (fails, detail) {
                (_, Detail::All) => usize::MAX,
                (true, Detail::Normal) => EVIDENCE_SHOWN,
                (false, Detail::Normal) => 0,
            };
            let view = RuleView::new(l, words, fails, shown);
            match fails {
                true => failing.push(view),
                false => others.push(view),
            }
        }
        PageView {
            verdict,
            sentence,
            failing,
            others,
        }
    }
}

impl RuleView {
    fn new(l: RuleLine<'_>, words: &SelfCheckStrings, fails: bool, shown: usize) -> RuleView {
        let (id, title, fix) = match l.rule {
            Ok(rule) => {
                let w = words.rule(rule);
                // A page not judged gets advice about why, not the rule's general advice.
                let fix = match l.unjudged {
                    None => Some(w.fix.clone()),
                    Some(Unjudged::TooComplex) => Some(words.too_complex_fix.clone()),
                    Some(Unjudged::Failed) => Some(words.failed_fix.clone()),
                };
                (rule.as_str().to_owned(), w.title.clone(), fix)
            }
            Err(other) => (line(other).into_owned(), line(other).into_owned(), None),
        };
        let more = l.evidence.len().saturating_sub(shown);
        RuleView {
            id,
            title,
            status: l.status,
            message: line(&l.message).into_owned(),
            fix: fix.filter(|_| fails),
            evidence: l
                .evidence
                .iter()
                .take(shown)
                .map(|q| Quote::new(q, words))
                .collect(),
            more,
        }
    }
}

impl Quote {
    fn new(q: &QuoteLine<'_>, words: &SelfCheckStrings) -> Quote {
        Quote {
            place: line(words.place(q.place)).into_owned(),
            pieces: crate::validate::evidence_pieces(q.text, q.marks)
                .into_iter()
                .map(|(text, marked)| Piece {
                    text: line(text).into_owned(),
                    marked,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_rules_come_first_with_their_fix_and_capped_evidence() {
        let words = crate::i18n::self_check::english();
        let quotes: Vec<QuoteLine> = (0..8)
            .map(|_| QuoteLine {
                place: "body",
                text: "We teach AWS",
                marks: &[(9, 12)],
            })
            .collect();
        let lines = vec![
            RuleLine {
                rule: Ok(Rule::Reachable),
                status: Some(Status::Pass),
                message: "fetched".into(),
                evidence: Vec::new(),
                unjudged: None,
            },
            RuleLine {
                rule: Ok(Rule::NoCompetitors),
                status: Some(Status::Fail),
                message: "mentions AWS".into(),
                evidence: quotes,
                unjudged: None,
            },
            RuleLine {
                rule: Err("future-rule"),
                status: None,
                message: "\u{1b}[2Jhm".into(),
                evidence: Vec::new(),
                unjudged: None,
            },
        ];
        let view = PageView::new(Verdict::Rejected, lines, &words, Detail::Normal);
        assert_eq!(view.sentence, words.verdict_rejected);
        assert_eq!(view.failing.len(), 1);
        let failing = &view.failing[0];
        assert_eq!(failing.id, "no-competitors");
        assert_eq!(
            failing.fix.as_deref(),
            Some(words.no_competitors.fix.as_str())
        );
        assert_eq!(failing.evidence.len(), EVIDENCE_SHOWN);
        assert_eq!(failing.more, 3);
        assert_eq!(
            failing.evidence[0].pieces,
            [("We teach ", false), ("AWS", true)].map(|(text, marked)| Piece {
                text: text.to_owned(),
                marked
            })
        );
        let ids: Vec<&str> = view.others.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["reachable", "future-rule"]);
        assert_eq!(view.others[1].message, "[2Jhm");
        assert!(view.others.iter().all(|r| r.fix.is_none()));
    }

    #[test]
    fn a_page_too_complex_to_judge_gets_advice_about_that() {
        let words = crate::i18n::self_check::english();
        let line = |rule, unjudged| RuleLine {
            rule: Ok(rule),
            status: Some(Status::Fail),
            message: "not judged: the page is too complex to judge".into(),
            evidence: Vec::new(),
            unjudged,
        };
        let lines = vec![
            line(Rule::PartnerOwned, Some(Unjudged::TooComplex)),
            line(Rule::NoCompetitors, Some(Unjudged::Failed)),
        ];
        let view = PageView::new(Verdict::Rejected, lines, &words, Detail::Normal);
        assert_eq!(view.failing[0].fix.as_ref(), Some(&words.too_complex_fix));
        assert_eq!(view.failing[1].fix.as_ref(), Some(&words.failed_fix));
        assert_ne!(words.too_complex_fix, words.partner_owned.fix);
    }
}
