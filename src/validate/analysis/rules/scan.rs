//! `Scan`: one pass over a page's visible text for all the rules at once.
//!
//! Every word the rules look for in the visible text (Microsoft terms, competitors, other
//! partners, exam-code prefixes, "copyright") is one pattern of one automaton over the folded
//! text. Short upper-case acronyms (AWS, MCT) are patterns of it too, kept only where the
//! original text writes them in upper case.

use super::super::document::Document;
use super::Judge;
use std::ops::Range;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Term(usize),
    Competitor(usize),
    Rival(usize),
    ExamPrefix,
    Copyright,
}

/// Whether a pattern counts in any case, or only as written in upper case: a short acronym
/// such as `AWS` is a competitor, "laws" and "Aws" are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Any,
    Upper,
}

impl Case {
    pub fn of(spelling: &str) -> Case {
        if super::is_acronym(spelling) {
            Case::Upper
        } else {
            Case::Any
        }
    }

    /// Whether a match counts, given the text it was found in as written.
    pub fn allows(self, as_written: &str) -> bool {
        self == Case::Any || !as_written.chars().any(char::is_lowercase)
    }
}

/// The matches of one page. Offsets are byte offsets in `Document::visible`.
#[derive(Debug, Default)]
pub struct Scan {
    /// (term, start, end), in text order; a term inside a longer one ("Microsoft Certified" in
    /// "Microsoft Certified Trainer", "Intune" in "Microsoft Intune") is not another term.
    pub terms: Vec<(usize, usize, usize)>,
    /// (competitor, start, end).
    pub competitors: Vec<(usize, usize, usize)>,
    /// (rival, start, end, the folded name as matched).
    pub rivals: Vec<(usize, usize, usize, String)>,
    /// Exam codes such as `AZ-104`, with their start.
    pub exam_codes: Vec<(String, usize)>,
    /// Starts of `©` and "copyright".
    pub copyright: Vec<usize>,
}

impl Scan {
    pub fn new(j: &Judge, doc: &Document) -> Scan {
        let folded = &doc.folded;
        let text = folded.text.as_str();
        let mut scan = Scan::default();
        let mut term_spans = Vec::new();
        for hit in j.visible_words.find(text) {
            let (tag, case) = *hit.tag;
            let Range { start, end } = folded.original_range(&doc.visible, hit.start, hit.end);
            if !case.allows(&doc.visible[start..end]) {
                continue;
            }
            match tag {
                Tag::Term(id) => term_spans.push((id, start, end)),
                Tag::Competitor(id) => scan.competitors.push((id, start, end)),
                Tag::Rival(id) => {
                    scan.rivals
                        .push((id, start, end, text[hit.start..hit.end].to_owned()))
                }
                Tag::Copyright => scan.copyright.push(start),
                Tag::ExamPrefix => {
                    // `az 104`: the prefix, one separator, three digits, then a word boundary.
                    let digits = text
                        .get(hit.end + 1..hit.end + 4)
                        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
                    let bounded = text.as_bytes().get(hit.end + 4).is_none_or(|b| *b == b' ');
                    if let (Some(d), true, Some(b' ')) =
                        (digits, bounded, text.as_bytes().get(hit.end))
                    {
                        let code = format!("{}-{d}", text[hit.start..hit.end].to_ascii_uppercase());
                        if !scan.exam_codes.iter().any(|(c, _)| *c == code) {
                            scan.exam_codes.push((code, start));
                        }
                    }
                }
            }
        }
        scan.copyright
            .extend(doc.visible.match_indices('©').map(|(i, _)| i));
        scan.terms = outermost(term_spans);
        scan.copyright.sort_unstable();
        scan.copyright.truncate(20);
        scan
    }
}

/// The term matches not inside a longer term match, as (term, start, end) in text order.
fn outermost(mut spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    // By start, the longest first: a span is inside another exactly when an earlier span
    // reaches at least as far.
    spans.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
    let mut reach = 0;
    let mut out = Vec::with_capacity(spans.len());
    for (id, start, end) in spans {
        if end <= reach {
            continue;
        }
        reach = reach.max(end);
        out.push((id, start, end));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn terms_inside_longer_terms_are_dropped() {
        // "Microsoft Certified Trainer" at 0..27 holds "Microsoft Certified" at 0..19;
        // "Intune" at 40..46 stands alone.
        let spans = vec![(1, 0, 19), (0, 0, 27), (2, 40, 46), (3, 10, 19)];
        assert_eq!(super::outermost(spans), vec![(0, 0, 27), (2, 40, 46)]);
    }
}
