//! Problems in the sources, rendered the way rustc and cargo render theirs (with
//! annotate-snippets, their renderer): the file, line and column, the line itself with the
//! offending part underlined, what is wrong and how to fix it, then a one-line summary.
//!
//! It serves the command line and the live preview alike, so it lives in the library.

use crate::content::{Problem, Problems};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;
use std::path::Path;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const BOLD: Style = Style::new().bold();

/// Renders every problem, then a one-line summary. Paths are shown below `root` when given.
/// The text carries ANSI styles; `anstream` strips them when the output is not a terminal,
/// and [`plain`] removes them for tests and logs.
pub fn render_problems(problems: &Problems, root: Option<&Path>) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for p in &problems.0 {
        let file = match root {
            Some(r) => r.join(&p.file),
            None => p.file.clone(),
        };
        let file = file.display().to_string();
        let title = p.error.to_string();
        let help = p.error.help();
        let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
        group = match &p.location {
            Some(at) => {
                // Tabs are shown as one space, so the underline stays under the characters.
                let line: String = at.snippet.replace('\t', " ");
                let start = byte_offset(&line, at.column - 1);
                let end = byte_offset(&line, at.column - 1 + at.len.max(1)).max(start + 1);
                let end = end.min(line.len()).max(start);
                let snippet = Snippet::source(line.clone())
                    .line_start(at.line)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end));
                group.element(snippet)
            }
            None => group.element(Origin::path(file.as_str())),
        };
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&[group]));
    }
    let _ = writeln!(
        out,
        "{ERROR}error{ERROR:#}{BOLD}: {} in {}; nothing was written{BOLD:#}",
        count(problems.0.len(), "problem"),
        places(problems)
    );
    out
}

/// The byte offset of the `chars`-th character of `line`, or its end.
fn byte_offset(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

/// "1 file", "2 folders", "1 file and 2 folders": where the problems are.
fn places(problems: &Problems) -> String {
    let mut paths: Vec<&Path> = problems
        .0
        .iter()
        .map(|p: &Problem| p.file.as_path())
        .collect();
    paths.sort();
    paths.dedup();
    // Every file lpdir reads has an extension (.yaml, .md, .toml); folders do not.
    let folders = paths.iter().filter(|p| p.extension().is_none()).count();
    match (paths.len() - folders, folders) {
        (files, 0) => count(files, "file"),
        (0, folders) => count(folders, "folder"),
        (files, folders) => format!("{} and {}", count(files, "file"), count(folders, "folder")),
    }
}

fn count(n: usize, noun: &str) -> String {
    crate::text::count(n, noun, &format!("{noun}s"))
}

/// The same text without styles, for tests and logs.
pub fn plain(text: &str) -> String {
    let mut out = Vec::new();
    let mut stream = anstream::StripStream::new(&mut out);
    let _ = std::io::Write::write_all(&mut stream, text.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}
