//! Rule `microsoft-themed`: "Microsoft" in the title, a main heading or the description, and
//! at least three distinct terms of the Microsoft vocabulary in the visible text.

use super::{Judge, Scan};
use crate::validate::document::{Document, Place};
use crate::validate::text::fold;
use crate::validate::verdict::{Evidence, Rule, RuleResult};

/// Distinct terms a Microsoft-themed page names at least.
pub const MIN_TERMS: usize = 3;

pub(super) fn judge(j: &Judge, doc: &Document, scan: &Scan) -> RuleResult {
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
    let mut found: Vec<(String, usize)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &(id, offset) in &scan.terms {
        if seen.insert(id) {
            found.push((term_name(j, id), offset));
        }
    }
    for (code, offset) in &scan.exam_codes {
        if !found.iter().any(|(n, _)| n == code) {
            found.push((code.clone(), *offset));
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
