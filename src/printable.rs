//! Text from outside (a landing page, a partner's entry) made safe for whoever reads it.
//!
//! - `line`: for a terminal or a one-line field. Control characters could clear the screen
//!   and print a fake verdict (`\x1b[2J … ✔ ACCEPTED`), and bidirectional overrides could
//!   show text in another order than it is stored; both are dropped, line breaks and tabs
//!   become spaces.
//! - `markdown`: for the Markdown report. HTML and Markdown syntax (`<img onerror=…>`,
//!   `![](http://tracker/…)`, links, emphasis) is escaped so it shows as the text it is.
//! - `csv_cell`: for `directory.csv`. A cell starting with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return is a formula to a spreadsheet (OWASP's CSV injection); it gets a
//!   leading `'`, which spreadsheets show as text.

use std::borrow::Cow;

/// Why `c` has no place in a name or any text a partner supplies: what it would do, or
/// `None` for a character that may stay.
pub fn invisible(c: char) -> Option<&'static str> {
    match c {
        '\n' => None,
        c if c.is_control() => {
            Some("is a control character (terminals act on it, feeds break on it)")
        }
        c if is_bidi_control(c) => Some("reorders the text around it"),
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            Some("makes two names that look the same different")
        }
        _ => None,
    }
}

/// Whether `c` reorders or hides text: the Unicode bidirectional controls.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` without control characters or bidi overrides, on one line.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if c.is_control() || is_bidi_control(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// `text` as literal Markdown: printable, one line, HTML and the characters of links,
/// images, emphasis and code escaped.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in line(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // Links and images need brackets, emphasis and code their markers: escaping
            // these is enough, and the text stays readable when pasted as it is.
            '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as a CSV cell no spreadsheet will run as a formula.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_bidi_overrides_are_dropped() {
        let fake = "AWS \x1b[2J\x1b[H\x1b[32m✔ verdict: ACCEPTED\u{202E}olleh\u{9b}";
        assert_eq!(line(fake), "AWS [2J[H[32m✔ verdict: ACCEPTEDolleh");
        assert_eq!(line("a\nb\tc"), "a b c");
        assert!(matches!(line("plain"), Cow::Borrowed(_)));
    }

    /// Every bidirectional control goes, the isolates (U+2066–U+2069) and marks included:
    /// each can make a name read differently from what it is.
    #[test]
    fn every_bidi_control_is_dropped_and_refused() {
        let controls = [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ];
        for c in controls {
            let text = format!("Contoso{c} Learning");
            assert_eq!(line(&text), "Contoso Learning", "U+{:04X}", c as u32);
            assert!(invisible(c).is_some(), "U+{:04X} is not refused", c as u32);
        }
    }

    #[test]
    fn markdown_syntax_shows_as_text() {
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(markdown("![](http://t/x)"), "!\\[\\](http://t/x)");
        assert_eq!(markdown("Contoso B.V. (NL)"), "Contoso B.V. (NL)");
        assert_eq!(markdown("*bold* `code` a_b"), "\\*bold\\* \\`code\\` a\\_b");
    }

    #[test]
    fn formulas_become_text() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(csv_cell("Contoso"), "Contoso");
    }
}
