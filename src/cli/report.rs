//! Renders located problems the way compilers do: the file, line and column, the line
//! itself with the offending part underlined, what is wrong and how to fix it.

use crate::content::{Problem, Problems};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;
use std::path::Path;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const ARROW: Style = AnsiColor::Blue.on_default().bold();
const BOLD: Style = Style::new().bold();

/// Renders every problem, then a one-line summary. Paths are shown below `root` when given.
/// The text carries ANSI styles; `anstream` strips them when the output is not a terminal.
pub fn render_problems(problems: &Problems, root: Option<&Path>) -> String {
    let mut out = String::new();
    for p in &problems.0 {
        render_one(&mut out, p, root);
        out.push('\n');
    }
    let n = problems.0.len();
    let mut paths: Vec<&Path> = problems.0.iter().map(|p| p.file.as_path()).collect();
    paths.sort();
    paths.dedup();
    // Every file lpdir reads has an extension (.yaml, .md, .toml); folders do not.
    let folders = paths.iter().filter(|p| p.extension().is_none()).count();
    let places = match (paths.len() - folders, folders) {
        (files, 0) => count(files, "file"),
        (0, folders) => count(folders, "folder"),
        (files, folders) => format!("{} and {}", count(files, "file"), count(folders, "folder")),
    };
    let _ = writeln!(
        out,
        "{ERROR}error{ERROR:#}{BOLD}: {} in {places}; nothing was written{BOLD:#}",
        count(n, "problem"),
    );
    out
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn render_one(out: &mut String, p: &Problem, root: Option<&Path>) {
    let file = match root {
        Some(r) => r.join(&p.file),
        None => p.file.clone(),
    };
    let _ = writeln!(out, "{ERROR}error{ERROR:#}{BOLD}: {}{BOLD:#}", p.error);
    match &p.location {
        Some(at) => {
            let gutter = at.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                out,
                "{pad}{ARROW}-->{ARROW:#} {}:{}:{}",
                file.display(),
                at.line,
                at.column
            );
            let _ = writeln!(out, "{pad} {ARROW}|{ARROW:#}");
            // Tabs are shown as one space so the underline stays under the right characters.
            let line: String = at
                .snippet
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "{ARROW}{}{ARROW:#} {ARROW}|{ARROW:#} {line}", at.line);
            let width = line
                .chars()
                .count()
                .saturating_sub(at.column - 1)
                .clamp(1, at.len);
            let _ = writeln!(
                out,
                "{pad} {ARROW}|{ARROW:#} {}{ERROR}{}{ERROR:#}",
                " ".repeat(at.column - 1),
                "^".repeat(width)
            );
        }
        None => {
            let _ = writeln!(out, "  {ARROW}-->{ARROW:#} {}", file.display());
        }
    }
    if let Some(help) = p.error.help() {
        let mut lines = help.lines();
        let _ = writeln!(
            out,
            "   {BOLD}= help{BOLD:#}: {}",
            lines.next().unwrap_or("")
        );
        for l in lines {
            let _ = writeln!(out, "           {l}");
        }
    }
}

/// The same text without styles, for tests and logs.
pub fn plain(text: &str) -> String {
    let mut out = Vec::new();
    let mut stream = anstream::StripStream::new(&mut out);
    let _ = std::io::Write::write_all(&mut stream, text.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}
