//! Renders page reports for people: the verdict, then each rule with ✔/✘, its message and
//! the evidence, ready to paste into a reply to a partner.

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
        .map(|i| format!(" ({i})"))
        .unwrap_or_default();
    let _ = writeln!(out, "{BOLD}{}{id}{BOLD:#} — {}", report.partner, report.url);
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
            rule.message
        );
        for e in &rule.evidence {
            let _ = writeln!(out, "      {DIM}{}:{DIM:#} {}", e.location.as_str(), e.text);
        }
    }
    out
}
