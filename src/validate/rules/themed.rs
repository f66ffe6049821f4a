//! Rule `microsoft-themed`: "Microsoft" in the title, a main heading or the description, and
//! at least three distinct terms of the Microsoft vocabulary in the visible text.

use super::Judge;
use crate::validate::document::{Document, Place};
use crate::validate::text::{Folded, fold};
use crate::validate::verdict::{Evidence, Rule, RuleResult};

/// Distinct terms a Microsoft-themed page names at least.
pub const MIN_TERMS: usize = 3;

pub(super) fn judge(j: &Judge, doc: &Document) -> RuleResult {
    let mut evidence = Vec::new();
    let mut sources: Vec<(Place, &str)> = vec![(Place::Title, &doc.title)];
    sources.extend(doc.headings.iter().map(|(p, t)| (*p, t.as_str())));
    sources.push((Place::MetaDescription, &doc.meta_description));
    let microsoft = sources
        .iter()
        .find(|(_, t)| !j.microsoft_word.find(&fold(t)).is_empty());
    if let Some((place, text)) = microsoft {
        evidence.push(Evidence::new(*place, *text));
    }

    // Distinct terms in order of first appearance: (name, offset in the visible text).
    let folded = Folded::new(&doc.visible);
    let mut found: Vec<(String, usize)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut hits: Vec<(usize, usize, String)> = j
        .terms
        .find(&folded.text)
        .into_iter()
        .map(|h| (folded.origin(h.start), *h.tag, term_name(j, *h.tag)))
        .chain(
            j.term_acronyms
                .find(&doc.visible)
                .into_iter()
                .map(|h| (h.start, *h.tag, term_name(j, *h.tag))),
        )
        .collect();
    hits.sort();
    for (offset, id, name) in hits {
        if seen.insert(id) {
            found.push((name, offset));
        }
    }
    for (code, offset) in exam_codes(j, &folded) {
        if !found.iter().any(|(n, _)| *n == code) {
            found.push((code, offset));
        }
    }
    for (name, offset) in found.iter().take(12) {
        let (place, text) = doc.excerpt(*offset, offset + name.len());
        evidence.push(Evidence::new(place, format!("{name}: {text}")));
    }
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    let list = if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    };
    let pass = microsoft.is_some() && found.len() >= MIN_TERMS;
    let message = match (microsoft, found.len() >= MIN_TERMS) {
        (Some((place, _)), true) => format!(
            "\"Microsoft\" in the {}; {} Microsoft terms: {list}",
            place.as_str(),
            found.len()
        ),
        (None, true) => format!(
            "\"Microsoft\" is not in the title, an h1/h2 heading or the meta description ({} Microsoft terms: {list})",
            found.len()
        ),
        (Some(_), false) => format!(
            "only {} distinct Microsoft terms ({list}); at least {MIN_TERMS} are needed",
            found.len()
        ),
        (None, false) => format!(
            "\"Microsoft\" is not in the title, an h1/h2 heading or the meta description, and only {} distinct Microsoft terms ({list}); at least {MIN_TERMS} are needed",
            found.len()
        ),
    };
    RuleResult::new(Rule::MicrosoftThemed, pass, message, evidence)
}

fn term_name(j: &Judge, id: usize) -> String {
    j.vocabulary().microsoft_terms[id]
        .split('|')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// Exam codes such as AZ-104: a known prefix followed by three digits, each distinct code a term.
fn exam_codes(j: &Judge, folded: &Folded) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let text = &folded.text;
    let mut words = text.split(' ').scan(0usize, |pos, w| {
        let start = *pos;
        *pos += w.len() + 1;
        Some((start, w))
    });
    let mut previous: Option<(usize, &str)> = None;
    for (start, word) in words.by_ref() {
        if let Some((p_start, prefix)) = previous
            && word.len() == 3
            && word.bytes().all(|b| b.is_ascii_digit())
            && j.vocabulary()
                .exam_prefixes
                .iter()
                .any(|x| x.eq_ignore_ascii_case(prefix))
        {
            let code = format!("{}-{word}", prefix.to_ascii_uppercase());
            if !out.iter().any(|(c, _)| *c == code) {
                out.push((code, folded.origin(p_start)));
            }
        }
        previous = Some((start, word));
        if out.len() > 50 {
            break;
        }
    }
    out
}
