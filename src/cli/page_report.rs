//! Renders page reports for people: the verdict first in one sentence, then each failing rule
//! with what to change and the evidence (the words the rule found highlighted), then the
//! passing rules, one line each. The words are the self-check service's, so a partner reads
//! the same thing on the command line, on the web and in the publishing report.

use crate::i18n::SelfCheckStrings;
use crate::printable::{line, marks};
use crate::validate::{PageReport, Rule, Status, Verdict, Vocabulary};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const SKIP: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();
const MARK: Style = AnsiColor::Yellow.on_default().bold().underline();

/// How much to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Failing rules with their evidence; passing rules in one line each.
    Normal,
    /// Every rule with all its evidence.
    All,
}

/// `words`: the self-check's words, read once by the caller (`i18n::self_check::english`),
/// not once per page.
pub fn render(
    report: &PageReport,
    vocabulary: &Vocabulary,
    words: &SelfCheckStrings,
    detail: Detail,
) -> String {
    let mut out = String::new();
    // Every string here may come from a page or a partner: printed without control
    // characters, so it cannot move the cursor, clear the screen or fake a verdict.
    let id = report
        .id
        .as_deref()
        .map(|i| format!(" ({})", line(i)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{BOLD}{}{id}{BOLD:#} — {}",
        line(&report.partner),
        line(&report.url)
    );
    let (style, word, sentence) = match report.verdict {
        Verdict::Accepted => (PASS, "ACCEPTED", words.verdict_accepted.clone()),
        Verdict::Rejected => (FAIL, "REJECTED", words.verdict_rejected.clone()),
        Verdict::Unreachable => {
            let reason = report
                .rule(Rule::Reachable)
                .map_or(String::new(), |r| line(&r.message).into_owned());
            let sentence = words.verdict_unreachable.replace("{reason}", &reason);
            (FAIL, "UNREACHABLE", sentence)
        }
    };
    let _ = writeln!(out, "verdict: {style}{word}{style:#} — {sentence}");
    if report.verdict == Verdict::Unreachable
        && report
            .rule(Rule::Reachable)
            .is_some_and(|r| r.message.starts_with("plain http"))
    {
        let _ = writeln!(
            out,
            "  {DIM}(maintainers testing an intranet page: --allow-http accepts plain http){DIM:#}"
        );
    }
    if let Some(rendered) = report.seen_rendered() {
        let seen = match rendered {
            true => &words.seen_rendered,
            false => &words.seen_server,
        };
        let _ = writeln!(out, "  {DIM}{seen}{DIM:#}");
    }
    if let Some(note) = &report.render_note {
        let _ = writeln!(out, "  {DIM}note: {}{DIM:#}", line(note));
    }
    if let Some(path) = &report.screenshot {
        let _ = writeln!(out, "  screenshot: {}", line(path));
    }
    let failing = report
        .rules
        .iter()
        .filter(|r| r.status == Status::Fail && r.rule != Rule::Reachable);
    for r in failing {
        let title = &r.rule.words(words).title;
        let _ = writeln!(
            out,
            "\n  {FAIL}✘{FAIL:#} {BOLD}{title}{BOLD:#} ({})",
            r.rule.as_str()
        );
        let _ = writeln!(out, "    {}", line(&r.message));
        let _ = writeln!(out, "    What to change: {}", r.rule.words(words).fix);
        let needles = r.rule.found_words(vocabulary, &report.partner);
        let shown = if detail == Detail::All { usize::MAX } else { 5 };
        for e in r.evidence.iter().take(shown) {
            let text = line(&e.text);
            let _ = writeln!(
                out,
                "      {DIM}{}:{DIM:#} {}",
                e.location.as_str(),
                highlight(&text, &needles)
            );
        }
        if r.evidence.len() > shown {
            let _ = writeln!(
                out,
                "      {DIM}… {} more (-v shows all){DIM:#}",
                r.evidence.len() - shown
            );
        }
    }
    let rest: Vec<_> = report
        .rules
        .iter()
        .filter(|r| r.status != Status::Fail || r.rule == Rule::Reachable)
        .collect();
    if !rest.is_empty() {
        out.push('\n');
    }
    for r in rest {
        let (style, mark) = match r.status {
            Status::Pass => (PASS, "✔"),
            Status::Fail => (FAIL, "✘"),
            Status::Skip => (SKIP, "–"),
        };
        let _ = writeln!(
            out,
            "  {style}{mark}{style:#} {:<17} {}",
            r.rule.as_str(),
            line(&r.message)
        );
        if detail == Detail::All {
            for e in &r.evidence {
                let _ = writeln!(
                    out,
                    "      {DIM}{}:{DIM:#} {}",
                    e.location.as_str(),
                    line(&e.text)
                );
            }
        }
    }
    out
}

/// The quote with what the rule found in a highlight style (dropped when colour is off).
fn highlight(text: &str, needles: &[String]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for m in marks(text, needles) {
        out.push_str(&text[at..m.start]);
        let _ = write!(out, "{MARK}{}{MARK:#}", &text[m.clone()]);
        at = m.end;
    }
    out.push_str(&text[at..]);
    out
}
