//! The run's report: `reports/YYYY-MM.md`, what each rejected partner is told, in plain
//! language with the evidence, and the same as `reports/YYYY-MM.json`.

use super::ledger::{Decision, Outcome, Request};
use crate::config::Apply;
use crate::content::Month;
use crate::page_view::{Detail, PageView, Quote};
use crate::printable::markdown as md;
use crate::validate::Verdict;
use serde::Serialize;
use std::fmt::Write;

/// Counts of one run, for the terminal and the JSON report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub rejected: usize,
    pub unreachable: usize,
    /// Rejected or unreachable updates whose partner stays listed with its last accepted entry.
    pub kept: usize,
    /// Entries judged in this run (the rest were resumed from the ledger).
    pub crawled: usize,
    /// Removals of partners that were never published: nothing was removed.
    pub withdrawn: usize,
}

impl Summary {
    pub fn of(decisions: &[Decision], crawled: usize) -> Summary {
        let mut s = Summary {
            crawled,
            ..Summary::default()
        };
        for d in decisions {
            match (d.request, d.outcome) {
                (_, Outcome::Removed) => s.removed += 1,
                (_, Outcome::Withdrawn) => s.withdrawn += 1,
                (Request::New, Outcome::Accepted) => s.added += 1,
                (_, Outcome::Accepted) => s.updated += 1,
                (request, outcome) => {
                    if outcome == Outcome::Unreachable {
                        s.unreachable += 1;
                    } else {
                        s.rejected += 1;
                    }
                    if request == Request::Update {
                        s.kept += 1;
                    }
                }
            }
        }
        s
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    month: Month,
    summary: &'a Summary,
    decisions: &'a [Decision],
}

pub fn json(month: Month, summary: &Summary, decisions: &[Decision]) -> String {
    let mut text = serde_json::to_string_pretty(&JsonReport {
        month,
        summary,
        decisions,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

/// The Markdown report: a summary, then one section per partner not accepted.
/// `apply`: where partners send their request again, named in each reply.
pub fn markdown(
    month: Month,
    summary: &Summary,
    decisions: &[Decision],
    apply: Option<&Apply>,
) -> String {
    let again = match apply {
        Some(a) => format!("send your request again to {}", md(&a.label())),
        None => "send your request again".to_owned(),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Learning Partner directory: publishing run for {month}\n"
    );
    let _ = writeln!(
        out,
        "{} added, {} updated, {} removed, {} rejected, {} unreachable ({} of them updates: those partners stay listed as before).\n",
        summary.added,
        summary.updated,
        summary.removed,
        summary.rejected,
        summary.unreachable,
        summary.kept
    );
    if summary.withdrawn > 0 {
        let _ = writeln!(
            out,
            "{} removal request{} named a partner that was never listed: nothing was removed.\n",
            summary.withdrawn,
            if summary.withdrawn == 1 { "" } else { "s" }
        );
    }
    let refused: Vec<&Decision> = decisions
        .iter()
        .filter(|d| matches!(d.outcome, Outcome::Rejected | Outcome::Unreachable))
        .collect();
    if refused.is_empty() {
        let _ = writeln!(out, "Every landing page submitted this month was accepted.");
        return out;
    }
    let _ = writeln!(out, "## Partners whose request was not accepted\n");
    // The report is in English, with the words partners read on the self-check service.
    let words = crate::i18n::self_check::english();
    for d in refused {
        // Names, URLs, messages and evidence come from partners and their pages: escaped, so
        // that a Markdown viewer shows them as text and loads nothing.
        let _ = writeln!(out, "### {} (`{}`)\n", md(&d.partner), d.id);
        let url = md(d.url.as_deref().unwrap_or(""));
        let what = match d.request {
            Request::New => "so it is not listed yet",
            _ => "so the directory keeps showing the partner's current listing",
        };
        match d.outcome {
            Outcome::Unreachable => {
                let reason = md(d.rules.first().map_or("", |r| r.message.as_str()));
                let _ = writeln!(
                    out,
                    "We could not open your landing page {url}, {what}: {reason}.\n"
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "We checked your landing page {url} and it does not meet every rule, {what}.\n"
                );
            }
        }
        let verdict = match d.outcome {
            Outcome::Unreachable => Verdict::Unreachable,
            _ => Verdict::Rejected,
        };
        let lines = d.rules.iter().map(|r| r.line()).collect();
        for r in PageView::new(verdict, lines, &words, Detail::Normal).failing {
            let _ = writeln!(out, "- **{}**: {}", r.title, md(&r.message));
            if let Some(fix) = &r.fix {
                let _ = writeln!(out, "  - What to change: {fix}");
            }
            for q in &r.evidence {
                let _ = writeln!(out, "  - {}: “{}”", md(&q.place), quoted(q));
            }
        }
        if d.outcome == Outcome::Rejected {
            let seen = match d.rendered {
                true => &words.seen_rendered,
                false => &words.seen_server,
            };
            let _ = writeln!(out, "\n{seen}");
        }
        if let Some(note) = &d.render_note {
            let _ = writeln!(out, "\nNote: {}", md(note));
        }
        if let Some(path) = &d.screenshot {
            // The path is lpdir's own (`<month>/<id>.png`); the id is a checked slug.
            let _ = writeln!(out, "\n![{}]({path})", words.screenshot_label);
        }
        let _ = writeln!(
            out,
            "\nPlease fix the page and {again}; it will be checked in next month's run.\n"
        );
    }
    out
}

/// A quote as Markdown: escaped, with what the rule found in bold.
fn quoted(q: &Quote) -> String {
    q.pieces
        .iter()
        .map(|p| match p.marked {
            true => format!("**{}**", md(&p.text)),
            false => md(&p.text),
        })
        .collect()
}
