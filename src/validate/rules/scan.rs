//! `Scan`: one pass over a page's visible text for all the rules at once.
//!
//! Every word the rules look for in the visible text (Microsoft terms, competitors, other
//! partners, exam-code prefixes, "copyright") is one pattern of one automaton over the folded
//! text; short upper-case acronyms (AWS, MCT) are a second automaton over the text as written.

use super::Judge;
use crate::validate::document::Document;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Term(usize),
    Competitor(usize),
    Rival(usize),
    ExamPrefix,
    Copyright,
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
        let original = |at: usize| folded.origin(at);
        let original_end = |end: usize| folded.origin(end.saturating_sub(1)) + 1;
        for hit in j.visible_words.find(text) {
            let (start, end) = (original(hit.start), original_end(hit.end));
            match *hit.tag {
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
        for hit in j.visible_acronyms.find(&doc.visible) {
            match *hit.tag {
                Tag::Term(id) => scan.terms.push((id, hit.start)),
                Tag::Competitor(id) => scan.competitors.push((id, hit.start, hit.end)),
                _ => {}
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
