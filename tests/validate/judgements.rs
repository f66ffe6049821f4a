//! Judgements that were wrong, tried as a partner would write a page: each page is parsed and
//! judged through the library, with the default vocabulary.

use crate::common;

use common::Fixture;
use lpdir::content::Domain;
use lpdir::validate::rules::Fetch;
use lpdir::validate::{Document, Judge, Rule, RuleResult, Status, Subject, Vocabulary};
use url::Url;

fn judge(body: &str) -> Vec<RuleResult> {
    let url: Url = "https://www.contoso.com/microsoft".parse().unwrap();
    let html = format!(
        "<html><head><title>Contoso – Microsoft training</title></head><body>{body}<footer>© 2026 Contoso</footer></body></html>"
    );
    let doc = Document::parse(&html, &url).unwrap();
    let subject = Subject {
        id: None,
        name: "Contoso".into(),
        aliases: vec![],
        domains: vec![Domain::parse("contoso.com").unwrap()],
        verification_token: None,
    };
    let fetch = Fetch {
        submitted: &url,
        final_url: &url,
        token_file: None,
    };
    Judge::new(Vocabulary::default(), vec![]).judge(&subject, &doc, &fetch)
}

/// A page that passes every other rule, with `extra` in its body.
fn themed(extra: &str) -> Vec<RuleResult> {
    judge(&format!(
        "<h1>Microsoft Azure training</h1><p>Azure, Power BI and Microsoft 365.</p>{extra}"
    ))
}

fn rule(results: &[RuleResult], rule: Rule) -> &RuleResult {
    results.iter().find(|r| r.rule == rule).unwrap()
}

#[test]
fn a_programme_page_without_a_product_is_not_microsoft_themed() {
    // The thin page that passed: "Microsoft Certified" inside "Microsoft Certified Trainers"
    // counted as a third term.
    let r = judge(
        "<h1>Microsoft Learning Partner</h1><p>Our Microsoft Certified Trainers (MCT) teach project management.</p>",
    );
    let themed = rule(&r, Rule::MicrosoftThemed);
    assert_eq!(themed.status, Status::Fail, "{themed:#?}");
    assert!(
        themed.message.contains("only 2 distinct"),
        "{}",
        themed.message
    );
    // Three programme terms, still nothing taught.
    let r = judge(
        "<h1>Microsoft Learning Partner</h1><p>Our Microsoft Certified Trainers (MCT) teach project management with Microsoft Learn.</p>",
    );
    let themed = rule(&r, Rule::MicrosoftThemed);
    assert_eq!(themed.status, Status::Fail, "{themed:#?}");
    assert!(
        themed.message.contains("no Microsoft product or exam"),
        "{}",
        themed.message
    );

    let r = judge(
        "<h1>Microsoft Learning Partner</h1><p>Our Microsoft Certified Trainers teach Azure (AZ-104).</p>",
    );
    assert_eq!(
        rule(&r, Rule::MicrosoftThemed).status,
        Status::Pass,
        "{r:#?}"
    );
}

#[test]
fn overlapping_spellings_count_one_term() {
    // Intune inside Microsoft Intune, Copilot inside GitHub Copilot: two terms, not four.
    let r = judge("<h1>Microsoft courses</h1><p>Microsoft Intune and GitHub Copilot.</p>");
    let themed = rule(&r, Rule::MicrosoftThemed);
    assert_eq!(themed.status, Status::Fail, "{themed:#?}");
    assert!(
        themed.message.contains("only 2 distinct"),
        "{}",
        themed.message
    );
}

#[test]
fn a_competitor_product_under_a_neutral_parent_domain_is_a_competitor_link() {
    let r = themed("<a href=\"https://maps.google.com/?q=contoso\">Find us</a>");
    assert_eq!(rule(&r, Rule::NoCompetitors).status, Status::Pass, "{r:#?}");
    let r = themed("<a href=\"https://cloud.google.com/learn\">More</a>");
    let c = rule(&r, Rule::NoCompetitors);
    assert_eq!(c.status, Status::Fail, "{c:#?}");
    assert!(
        c.evidence
            .iter()
            .any(|e| e.text.contains("cloud.google.com"))
    );
}

#[test]
fn percent_encoded_competitor_file_names_are_decoded() {
    let r = themed("<img src=\"/img/Google%20Cloud.png\" alt=\"\">");
    let c = rule(&r, Rule::NoCompetitors);
    assert_eq!(c.status, Status::Fail, "{c:#?}");
    assert!(c.message.contains("Google Cloud"), "{}", c.message);
}

#[test]
fn names_differing_only_by_a_legal_form_are_one_name_in_the_directory() {
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "contoso",
        "Contoso",
        "NL",
        "https://contoso.nl/ms",
        None,
    )
    .entry(
        "2026-11",
        "contoso-bv",
        "Contoso B.V.",
        "NL",
        "https://contoso-bv.nl/ms",
        None,
    );
    let out = f.lpdir(&["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("contoso-bv.yaml") && err.contains("Contoso B.V."),
        "{err}"
    );
}

#[test]
fn a_product_counts_once_however_it_is_spelled() {
    // Two products in four spellings: Intune twice, Entra twice. Not three products.
    let r = judge(
        "<h1>Microsoft endpoint training</h1><p>Intune basics, then Microsoft Intune in depth; \
         Azure AD, now called Microsoft Entra ID.</p>",
    );
    let themed = rule(&r, Rule::MicrosoftThemed);
    assert_eq!(themed.status, Status::Fail, "{themed:#?}");
    assert!(
        themed.message.contains("only 2 distinct"),
        "{}",
        themed.message
    );
    assert!(
        themed.message.contains("Microsoft Intune, Microsoft Entra"),
        "{}",
        themed.message
    );
    // Power BI spelled two ways, with Azure: still two products.
    let r =
        judge("<h1>Microsoft data training</h1><p>Power BI and Microsoft Power BI on Azure.</p>");
    let themed = rule(&r, Rule::MicrosoftThemed);
    assert!(
        themed.message.contains("only 2 distinct"),
        "{}",
        themed.message
    );
}
