//! Rule `microsoft-themed`: "Microsoft" in the title, a main heading or the description, and
//! at least three distinct terms of the Microsoft vocabulary in the visible text, one of them
//! a product or an exam: being a Learning Partner or having MCTs says nothing about what is
//! taught. A term is counted once whatever its spellings, and a term inside a longer one
//! ("Microsoft Certified" in "Microsoft Certified Trainer") is not another term.

use super::super::document::{Document, Place};
use super::super::message::{Key, Message, Value};
use super::super::verdict::{Evidence, Rule, RuleResult};
use super::{Judge, Scan};
use crate::text::Folded;
use std::ops::Range;

/// Distinct terms a Microsoft-themed page names at least.
pub const MIN_TERMS: usize = 3;

pub(super) fn judge(j: &Judge, doc: &Document, scan: &Scan) -> RuleResult {
    let mut evidence = Vec::new();
    let mut sources: Vec<(Place, &str)> = vec![(Place::Title, &doc.title)];
    sources.extend(doc.headings.iter().map(|(p, t)| (*p, t.as_str())));
    sources.push((Place::MetaDescription, &doc.meta_description));
    let microsoft = sources.iter().find_map(|(place, text)| {
        let folded = Folded::new(text);
        let spans: Vec<_> = j
            .microsoft_word
            .find(&folded.text)
            .iter()
            .map(|hit| folded.original_range(text, hit.start, hit.end))
            .collect();
        (!spans.is_empty()).then(|| (*place, Evidence::quote(*place, text, &spans)))
    });
    if let Some((_, quote)) = &microsoft {
        evidence.push(quote.clone());
    }

    // Distinct terms in order of first appearance: (name, where in the visible text).
    let mut found: Vec<(String, Range<usize>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let products = j.vocabulary().microsoft_terms.len();
    let mut teaches = !scan.exam_codes.is_empty();
    for &(id, start, end) in &scan.terms {
        if seen.insert(id) {
            teaches |= id < products;
            found.push((j.term_name(id).to_owned(), start..end));
        }
    }
    for (code, start) in &scan.exam_codes {
        if !found.iter().any(|(n, _)| n == code) {
            found.push((code.clone(), *start..start + code.len()));
        }
    }
    for (name, range) in found.iter().take(12) {
        if let Some(quote) = Evidence::in_document(doc, std::slice::from_ref(range))
            .into_iter()
            .next()
        {
            evidence.push(quote.labelled(name));
        }
    }
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    let enough = found.len() >= MIN_TERMS;
    let pass = microsoft.is_some() && enough && teaches;
    let key = match (microsoft.as_ref(), enough) {
        (Some(_), true) if !teaches => Key::ThemedProgrammeOnly,
        (Some(_), true) => Key::ThemedPass,
        (None, true) => Key::ThemedNoMicrosoft,
        (Some(_), false) => Key::ThemedTooFew,
        (None, false) => Key::ThemedNeither,
    };
    let mut message = Message::new(key)
        .list("terms", &names)
        .number("count", found.len())
        .number("min", MIN_TERMS);
    if let Some((place, _)) = microsoft {
        message = message.with("place", Value::Place(place));
    }
    RuleResult::said(Rule::MicrosoftThemed, pass, vec![message], evidence)
}
