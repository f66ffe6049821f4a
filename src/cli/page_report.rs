//! Renders page reports for people: the verdict, then each rule with ✔/✘, its message and
//! the evidence, ready to paste into a reply to a partner.

use crate::printable::line;
use crate::validate::{PageReport, Status, Verdict};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const SKIP: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

pub fn render(report: &PageReport) -> String {
    let mut out = String::new();
    let id = report
        .id
        .as_deref()
        .map(|i| format!(" ({})", line(i)))
        .unwrap_or_default();
    // Every string here may come from a page or a partner: printed without control
    // characters, so it cannot move the cursor, clear the screen or fake a verdict.
    let _ = writeln!(
        out,
        "{BOLD}{}{id}{BOLD:#} — {}",
        line(&report.partner),
        line(&report.url)
    );
    let (style, word) = match report.verdict {
        Verdict::Accepted => (PASS, "ACCEPTED"),
        Verdict::Rejected => (FAIL, "REJECTED"),
        Verdict::Unreachable => (FAIL, "UNREACHABLE"),
    };
    let _ = writeln!(out, "verdict: {style}{word}{style:#}");
    for rule in &report.rules {
        let (style, mark) = match rule.status {
            Status::Pass => (PASS, "✔"),
            Status::Fail => (FAIL, "✘"),
            Status::Skip => (SKIP, "–"),
        };
        let _ = writeln!(
            out,
            "  {style}{mark}{style:#} {:<17} {}",
            rule.rule.as_str(),
            line(&rule.message)
        );
        for e in &rule.evidence {
            let _ = writeln!(
                out,
                "      {DIM}{}:{DIM:#} {}",
                e.location.as_str(),
                line(&e.text)
            );
        }
    }
    out
}
