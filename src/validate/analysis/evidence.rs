//! Evidence: a short quote from the page, where it was found, and exactly which of its words
//! the rule found.
//!
//! The marks are computed here, once, from the match itself, so every output highlights the
//! same words: the terminal, the self-check service and the publishing report never guess
//! them again from the quote (guessing is how "…loud certification bootcamps" came to be
//! marked as a competitor). Quotes start and end on word boundaries, and their text is made
//! printable here, so no output carries a page's control characters or bidi overrides.

use super::document::{Document, Place};
use serde::Serialize;
use std::ops::Range;

/// Characters of context kept on each side of what a quote marks.
const CONTEXT: usize = 60;
/// Characters a quote without marks keeps at most.
const MAX_CHARS: usize = 160;

/// A short text from the page and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub location: Place,
    pub text: String,
    /// Byte ranges of `text` holding what the rule found (a competitor's name, another
    /// partner's name, a Microsoft term): the words to highlight. Sorted, never overlapping,
    /// always on character boundaries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<(usize, usize)>,
}

impl Evidence {
    /// Quotes of the visible text around `marks` (byte ranges of it), each kept inside its
    /// region, with the marked words exactly as matched.
    pub fn in_document(doc: &Document, marks: &[Range<usize>]) -> Vec<Evidence> {
        let mut by_region: Vec<(Range<usize>, Place, Vec<Range<usize>>)> = Vec::new();
        for m in marks {
            let (place, range) = doc.region_text(m.start);
            let local = m.start - range.start..m.end.min(range.end) - range.start;
            // Marks come in text order, and regions do not overlap: a new region is a new group.
            match by_region.last_mut().filter(|(r, _, _)| *r == range) {
                Some((_, _, list)) => list.push(local),
                None => by_region.push((range, place, vec![local])),
            }
        }
        by_region
            .into_iter()
            .flat_map(|(range, place, list)| Evidence::quotes(place, &doc.visible[range], &list))
            .collect()
    }

    /// A quote with nothing to mark (an address, a token), cut at a word boundary when long.
    pub fn new(location: Place, text: impl AsRef<str>) -> Evidence {
        let text = text.as_ref();
        let to = match text.char_indices().nth(MAX_CHARS) {
            None => text.len(),
            // No space to cut at (a long address): cut between characters.
            Some((hard, _)) => Some(cut_at_word(text, 0, MAX_CHARS))
                .filter(|&to| to > 0)
                .unwrap_or(hard),
        };
        let (quoted, _) = printable(text, 0..to, &[]);
        Evidence {
            location,
            text: quoted,
            marks: Vec::new(),
        }
        .ellipsis(false, to < text.len())
    }

    /// A quote of `text` around `marks` (byte ranges of `text`, sorted): the marked words with
    /// some context, cut at word boundaries, the marks kept on exactly the matched words.
    pub fn quote(location: Place, text: &str, marks: &[Range<usize>]) -> Evidence {
        let marks = merged(text, marks);
        let (Some(first), Some(last)) = (marks.first(), marks.last()) else {
            return Evidence::new(location, text);
        };
        let from = start_at_word(text, first.start, CONTEXT);
        let to = cut_at_word(text, last.end, CONTEXT);
        let (quoted, spans) = printable(text, from..to, &marks);
        Evidence {
            location,
            text: quoted,
            marks: spans,
        }
        .ellipsis(from > 0, to < text.len())
    }

    /// Quotes of `text`, one per group of marks close enough to share a quote: two matches a
    /// few words apart (or one match found under two names) give one quote, not two nearly
    /// identical ones.
    pub fn quotes(location: Place, text: &str, marks: &[Range<usize>]) -> Vec<Evidence> {
        let marks = merged(text, marks);
        let mut groups: Vec<Vec<Range<usize>>> = Vec::new();
        for m in marks {
            match groups.last_mut() {
                Some(group) if chars_between(text, group[0].start, m.end) <= MAX_CHARS => {
                    group.push(m)
                }
                _ => groups.push(vec![m]),
            }
        }
        groups
            .iter()
            .map(|g| Evidence::quote(location, text, g))
            .collect()
    }

    /// The quote preceded by `label: ` (what was found, when the quote alone does not say it).
    pub fn labelled(mut self, label: &str) -> Evidence {
        let label = crate::printable::line(label);
        self.text = format!("{label}: {}", self.text);
        self.shift_marks(label.len() + 2);
        self
    }

    /// Moves the marks along after `by` bytes were put before the text.
    fn shift_marks(&mut self, by: usize) {
        for m in &mut self.marks {
            *m = (m.0 + by, m.1 + by);
        }
    }

    fn ellipsis(mut self, before: bool, after: bool) -> Evidence {
        if before {
            self.text.insert(0, '…');
            self.shift_marks('…'.len_utf8());
        }
        if after {
            self.text.push('…');
        }
        self
    }
}

/// `text` cut in pieces, each marked or not. Marks that do not fit the text (a ledger edited
/// by hand) are left out, never trusted to slice it.
pub fn pieces<'a>(text: &'a str, marks: &[(usize, usize)]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(start, end) in marks {
        if at > start
            || start >= end
            || text.get(at..end).is_none()
            || !text.is_char_boundary(start)
        {
            continue;
        }
        if at < start {
            out.push((&text[at..start], false));
        }
        out.push((&text[start..end], true));
        at = end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

/// The marks inside `text`, on character boundaries, sorted, overlapping ones joined: a match
/// found twice ("Google Cloud" and "Google") is marked once.
fn merged(text: &str, marks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut marks: Vec<Range<usize>> = marks
        .iter()
        .filter(|m| m.start < m.end && text.get(m.start..m.end).is_some())
        .cloned()
        .collect();
    marks.sort_by_key(|m| (m.start, m.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for m in marks {
        match out.last_mut() {
            Some(last) if m.start <= last.end => last.end = last.end.max(m.end),
            _ => out.push(m),
        }
    }
    out
}

fn chars_between(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(usize::MAX, |s| s.chars().count())
}

/// Where a quote starts: about `context` characters before `at`, moved forward to the start of
/// a word so that no word is cut, and never past `at`.
fn start_at_word(text: &str, at: usize, context: usize) -> usize {
    let before = &text[..at];
    let Some((from, _)) = before.char_indices().rev().nth(context) else {
        return 0;
    };
    if before[..from].ends_with(char::is_whitespace) {
        return from;
    }
    before[from..]
        .find(char::is_whitespace)
        .map_or(at, |i| from + i)
}

/// Where a quote ends: about `context` characters after `at`, moved back to the end of a word,
/// and never before `at`.
fn cut_at_word(text: &str, at: usize, context: usize) -> usize {
    let after = &text[at..];
    let Some((to, _)) = after.char_indices().nth(context) else {
        return text.len();
    };
    if after[to..].starts_with(char::is_whitespace) {
        return at + to;
    }
    after[..to]
        .rfind(char::is_whitespace)
        .map_or(at, |i| at + i)
}

/// `text[range]` on one line (whitespace runs become one space, control characters and bidi
/// overrides are dropped), and where `marks` land in it.
fn printable(
    text: &str,
    range: Range<usize>,
    marks: &[Range<usize>],
) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(range.len());
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut marks = marks.iter().peekable();
    let mut space = false;
    for (i, c) in text[range.clone()].char_indices() {
        let i = range.start + i;
        if let Some(start) = open
            && marks.peek().is_some_and(|m| m.end <= i)
        {
            spans.push((start, out.len()));
            open = None;
            marks.next();
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if crate::printable::line(c.encode_utf8(&mut [0; 4])).is_empty() {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if open.is_none() && marks.peek().is_some_and(|m| m.start <= i) {
            open = Some(out.len());
        }
        out.push(c);
    }
    if let Some(start) = open {
        spans.push((start, out.len()));
    }
    spans.retain(|(s, e)| s < e);
    (out, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(e: &Evidence) -> Vec<&str> {
        pieces(&e.text, &e.marks)
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(t, _)| t)
            .collect()
    }

    /// The three bytes of a match (`AWS`) at `at`.
    fn three_at(at: usize) -> [Range<usize>; 1] {
        [Range {
            start: at,
            end: at + 3,
        }]
    }

    #[test]
    fn the_marks_are_exactly_the_matched_words() {
        let text = "Our cloud certification bootcamps: AWS Solutions Architect and more";
        let at = text.find("AWS").unwrap();
        let e = Evidence::quote(Place::Body, text, &three_at(at));
        assert_eq!(marked(&e), ["AWS"]);
        assert_eq!(e.text, text);
    }

    #[test]
    fn quotes_are_cut_between_words() {
        let text = format!(
            "{} Entra identities and AWS training for everyone {}",
            "word ".repeat(40),
            "tail ".repeat(40)
        );
        let at = text.find("AWS").unwrap();
        let e = Evidence::quote(Place::Body, &text, &three_at(at));
        assert!(
            e.text.starts_with("… word") || e.text.starts_with("…word"),
            "{}",
            e.text
        );
        assert!(e.text.contains("Entra identities"), "{}", e.text);
        assert!(e.text.ends_with("tail…"), "{}", e.text);
        assert_eq!(marked(&e), ["AWS"]);
    }

    #[test]
    fn a_match_after_multibyte_characters_and_an_ellipsis_is_marked_exactly() {
        let text = format!("{}Ünïcødé… AWS — „Google Cloud“ ✓", "€".repeat(100));
        let aws = text.find("AWS").unwrap();
        let gc = text.find("Google Cloud").unwrap();
        let google = gc..gc + "Google".len();
        let e = Evidence::quote(Place::Body, &text, &[aws..aws + 3, gc..gc + 12, google]);
        assert_eq!(marked(&e), ["AWS", "Google Cloud"]);
    }

    #[test]
    fn nearby_matches_share_one_quote() {
        let text = String::from("We teach AWS, Google Cloud and AWS again. ");
        let hits: Vec<Range<usize>> = text.match_indices("AWS").map(|(i, _)| i..i + 3).collect();
        let quotes = Evidence::quotes(Place::Body, &text, &hits);
        assert_eq!(quotes.len(), 1);
        assert_eq!(marked(&quotes[0]), ["AWS", "AWS"]);
        let far = format!("AWS {} AWS", "filler ".repeat(60));
        let hits: Vec<Range<usize>> = far.match_indices("AWS").map(|(i, _)| i..i + 3).collect();
        assert_eq!(Evidence::quotes(Place::Body, &far, &hits).len(), 2);
    }

    #[test]
    fn control_characters_go_and_the_marks_follow() {
        let text = "a\u{1b}[2J\u{202e} b\n\n\tAWS c";
        let at = text.find("AWS").unwrap();
        let e = Evidence::quote(Place::Body, text, &three_at(at)).labelled("Amazon");
        assert_eq!(e.text, "Amazon: a[2J b AWS c");
        assert_eq!(marked(&e), ["AWS"]);
    }

    #[test]
    fn long_plain_quotes_end_on_a_word() {
        let e = Evidence::new(Place::Title, "lorem ".repeat(60));
        assert!(e.text.ends_with("lorem…"), "{}", e.text);
        assert!(e.marks.is_empty());
    }
}
