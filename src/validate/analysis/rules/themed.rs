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

#[cfg(test)]
mod tests {
    use super::super::super::verdict::{Rule, RuleResult, Status};
    use super::super::testing::{judge, judge_contoso, rule, subject};

    /// Contoso's page, titled for Microsoft, with `body`.
    fn page(body: &str) -> Vec<RuleResult> {
        let html = format!(
            "<html><head><title>Contoso – Microsoft training</title></head><body>{body}\
             <footer>© 2026 Contoso</footer></body></html>"
        );
        let s = subject("Contoso", &["contoso.com"]);
        judge(&s, "https://www.contoso.com/microsoft", &html, vec![])
    }

    fn themed_message(r: &[RuleResult]) -> (Status, &str) {
        let themed = rule(r, Rule::MicrosoftThemed);
        (themed.status, &themed.message)
    }

    #[test]
    fn a_page_without_microsoft_is_not_themed() {
        let r = judge_contoso(
            "<html><head><title>Contoso Learning</title></head><body><h1>Courses</h1>\
             <p>Azure and Intune.</p><footer>© Contoso Learning</footer></body></html>",
        );
        let (status, m) = themed_message(&r);
        assert_eq!(status, Status::Fail);
        assert!(
            m.contains("\"Microsoft\" is not in the title")
                && m.contains("only 2 distinct Microsoft terms (Azure, Microsoft Intune)"),
            "{m}"
        );
    }

    #[test]
    fn a_programme_page_without_a_product_is_not_microsoft_themed() {
        // The thin page that passed: "Microsoft Certified" inside "Microsoft Certified
        // Trainers" counted as a third term.
        let r = page(
            "<h1>Microsoft Learning Partner</h1><p>Our Microsoft Certified Trainers (MCT) teach \
             project management.</p>",
        );
        let (status, m) = themed_message(&r);
        assert_eq!(status, Status::Fail);
        assert!(m.contains("only 2 distinct"), "{m}");
        // Three programme terms, still nothing taught.
        let r = page(
            "<h1>Microsoft Learning Partner</h1><p>Our Microsoft Certified Trainers (MCT) teach \
             project management with Microsoft Learn.</p>",
        );
        let (status, m) = themed_message(&r);
        assert_eq!(status, Status::Fail);
        assert!(m.contains("no Microsoft product or exam"), "{m}");
        let r = page(
            "<h1>Microsoft Learning Partner</h1><p>Our Microsoft Certified Trainers teach Azure \
             (AZ-104).</p>",
        );
        assert_eq!(themed_message(&r).0, Status::Pass, "{r:#?}");
    }

    #[test]
    fn overlapping_spellings_count_one_term() {
        // Intune inside Microsoft Intune, Copilot inside GitHub Copilot: two terms, not four.
        let r = page("<h1>Microsoft courses</h1><p>Microsoft Intune and GitHub Copilot.</p>");
        let (status, m) = themed_message(&r);
        assert_eq!(status, Status::Fail);
        assert!(m.contains("only 2 distinct"), "{m}");
    }

    #[test]
    fn a_product_counts_once_however_it_is_spelled() {
        // Two products in four spellings: Intune twice, Entra twice. Not three products.
        let r = page(
            "<h1>Microsoft endpoint training</h1><p>Intune basics, then Microsoft Intune in \
             depth; Azure AD, now called Microsoft Entra ID.</p>",
        );
        let (status, m) = themed_message(&r);
        assert_eq!(status, Status::Fail);
        assert!(m.contains("only 2 distinct"), "{m}");
        assert!(m.contains("Microsoft Intune, Microsoft Entra"), "{m}");
        // Power BI spelled two ways, with Azure: still two products.
        let r = page(
            "<h1>Microsoft data training</h1><p>Power BI and Microsoft Power BI on Azure.</p>",
        );
        assert!(themed_message(&r).1.contains("only 2 distinct"), "{r:#?}");
    }
}
