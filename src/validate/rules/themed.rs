//! Rule `microsoft-themed`: "Microsoft" in the title, a main heading or the description, and
//! at least three distinct terms of the Microsoft vocabulary in the visible text, one of them
//! a product or an exam: being a Learning Partner or having MCTs says nothing about what is
//! taught. A term is counted once whatever its spellings, and a term inside a longer one
//! ("Microsoft Certified" in "Microsoft Certified Trainer") is not another term.

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
    let products = j.vocabulary().microsoft_terms.len();
    let mut teaches = !scan.exam_codes.is_empty();
    for &(id, offset) in &scan.terms {
        if seen.insert(id) {
            teaches |= id < products;
            found.push((j.term_name(id).to_owned(), offset));
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
    let enough = found.len() >= MIN_TERMS;
    let pass = microsoft.is_some() && enough && teaches;
    if microsoft.is_some() && enough && !teaches {
        let message = format!(
            "the page names only Microsoft's training programme ({list}), \
                no Microsoft product or exam: name what the courses teach, \
                e.g. Azure, Power BI or AZ-104"
        );
        return RuleResult::new(Rule::MicrosoftThemed, false, message, evidence);
    }
    let only = match found.len() {
        1 => "only 1 distinct Microsoft term".to_owned(),
        n => format!("only {n} distinct Microsoft terms"),
    };
    let message = match (microsoft, enough) {
        (Some((place, _)), true) => format!(
            "\"Microsoft\" in the {}; {} Microsoft terms: {list}",
            place.as_str(),
            found.len()
        ),
        (None, true) => format!(
            "\"Microsoft\" is not in the title, an h1/h2 heading or the \
                meta description ({} Microsoft terms: {list})",
            found.len()
        ),
        (Some(_), false) => {
            format!("{only} ({list}); at least {MIN_TERMS} are needed")
        }
        (None, false) => format!(
            "\"Microsoft\" is not in the title, an h1/h2 heading or the \
                meta description, and {only} ({list}); at least {MIN_TERMS} are needed"
        ),
    };
    RuleResult::new(Rule::MicrosoftThemed, pass, message, evidence)
}
