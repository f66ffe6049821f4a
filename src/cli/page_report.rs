//! Renders page reports for people: the verdict first in one sentence, then each failing rule
//! with what to change and the evidence (the words the rule found highlighted), then the
//! passing rules, one line each. The words are the self-check service's, so a partner reads
//! the same thing on the command line, on the web and in the publishing report.

use anstyle::{AnsiColor, Style};
use lpdir::i18n::SelfCheckStrings;
pub use lpdir::page_view::Detail;
use lpdir::page_view::{PageView, Piece, RuleView};
use lpdir::printable::line;
use lpdir::validate::{PageReport, Rule, Status, Verdict};
use std::fmt::Write;

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const SKIP: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();
const MARK: Style = AnsiColor::Yellow.on_default().bold().underline();

/// `words`: the self-check's words, read once by the caller (`i18n::self_check::english`),
/// not once per page.
pub fn render(report: &PageReport, words: &SelfCheckStrings, detail: Detail) -> String {
    let view = PageView::of_report(report, words, detail);
    let mut out = String::new();
    // Every string here may come from a page or a partner: printed without control
    // characters, so it cannot move the cursor, clear the screen or fake a verdict.
    heading(&mut out, report, &view);
    how_seen(&mut out, report, words);
    for r in &view.failing {
        failing(&mut out, r);
    }
    if !view.others.is_empty() {
        out.push('\n');
    }
    for r in &view.others {
        let (style, mark) = match r.status {
            Some(Status::Pass) => (PASS, "✔"),
            Some(Status::Fail) => (FAIL, "✘"),
            Some(Status::Skip) | None => (SKIP, "–"),
        };
        let _ = writeln!(out, "  {style}{mark}{style:#} {:<17} {}", r.id, r.message);
        evidence(&mut out, r);
    }
    out
}

/// The partner, the page and the verdict in one sentence.
fn heading(out: &mut String, report: &PageReport, view: &PageView) {
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
    let (style, word) = match view.verdict {
        Verdict::Accepted => (PASS, "ACCEPTED"),
        Verdict::Rejected => (FAIL, "REJECTED"),
        Verdict::Unreachable => (FAIL, "UNREACHABLE"),
    };
    let _ = writeln!(out, "verdict: {style}{word}{style:#} — {}", view.sentence);
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
}

/// How the page was seen (rendered or as the server sent it), the browser's note, and where
/// its screenshot is.
fn how_seen(out: &mut String, report: &PageReport, words: &SelfCheckStrings) {
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
}

/// A failing rule: what it found, what to change, and the evidence.
fn failing(out: &mut String, r: &RuleView) {
    let _ = writeln!(
        out,
        "\n  {FAIL}✘{FAIL:#} {BOLD}{}{BOLD:#} ({})",
        r.title, r.id
    );
    let _ = writeln!(out, "    {}", r.message);
    if let Some(fix) = &r.fix {
        let _ = writeln!(out, "    What to change: {fix}");
    }
    evidence(out, r);
    if r.more > 0 {
        let _ = writeln!(out, "      {DIM}… {} more (-v shows all){DIM:#}", r.more);
    }
}

/// A rule's evidence, one quote a line, what the rule found in a highlight style (dropped
/// when colour is off).
fn evidence(out: &mut String, r: &RuleView) {
    for q in &r.evidence {
        let _ = write!(out, "      {DIM}{}:{DIM:#} ", q.place);
        for Piece { text, marked } in &q.pieces {
            match marked {
                true => {
                    let _ = write!(out, "{MARK}{text}{MARK:#}");
                }
                false => out.push_str(text),
            }
        }
        out.push('\n');
    }
}
