//! `Scan`: one pass over a page's visible text for all the rules at once.
//!
//! Every word the rules look for in the visible text (Microsoft terms, competitors, other
//! partners, exam-code prefixes, "copyright") is one pattern of one automaton over the folded
//! text. Short upper-case acronyms (AWS, MCT) are patterns of it too, kept only where the
//! original text writes them in upper case.

use super::Judge;
use crate::validate::document::Document;
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
    /// (term, start), in text order.
    pub terms: Vec<(usize, usize)>,
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
        for hit in j.visible_words.find(text) {
            let (tag, case) = *hit.tag;
            let Range { start, end } = folded.original_range(&doc.visible, hit.start, hit.end);
            if !case.allows(&doc.visible[start..end]) {
                continue;
            }
            match tag {
                Tag::Term(id) => scan.terms.push((id, start)),
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
        scan.terms.sort_unstable_by_key(|(_, at)| *at);
        scan.copyright.sort_unstable();
        scan.copyright.truncate(20);
        scan
    }
}
