//! Rule `partner-owned`: the page is on the partner's own domain, not on a shared platform,
//! names the partner where a site names its owner, and carries its verification token.

use super::super::document::{Document, Place};
use super::super::message::{Key, Message, Value};
use super::super::verdict::{Evidence, Rule, RuleResult};
use super::{Fetch, Judge, Scan, Subject, registrable};
use crate::text::{Folded, WordMatcher};

pub(super) fn judge(j: &Judge, s: &Subject, doc: &Document, scan: &Scan, f: &Fetch) -> RuleResult {
    let owned: Vec<&str> = s.domains.iter().map(|d| d.as_str()).collect();
    let mut problems = Vec::new();
    let mut evidence = Vec::new();

    // (the URL, and what to say when it is on another domain, or on no domain at all)
    let mut urls = vec![(f.submitted, Key::OwnedOtherDomain, Key::OwnedNoDomain)];
    if f.final_url != f.submitted {
        urls.push((
            f.final_url,
            Key::OwnedFinalOtherDomain,
            Key::OwnedFinalNoDomain,
        ));
    }
    for (url, other_domain, no_domain) in urls {
        let host = url.host_str().unwrap_or_default();
        match registrable(url) {
            Some(d) if owned.contains(&d.as_str()) => {}
            Some(d) => {
                problems.push(
                    Message::new(other_domain)
                        .text("domain", d)
                        .text("owned", owned.join(", ")),
                );
                evidence.push(Evidence::new(Place::Url, url.as_str()));
            }
            None => {
                problems.push(Message::new(no_domain).text("host", host));
                evidence.push(Evidence::new(Place::Url, url.as_str()));
            }
        }
        if j.platform.contains(host) {
            problems.push(Message::new(Key::OwnedPlatform).text("host", host));
            evidence.push(Evidence::new(Place::Url, url.as_str()));
        }
    }

    let names = WordMatcher::new(s.name_keys().into_iter().map(|k| (k, ())).collect());
    let mut places: Vec<(Place, &str)> = vec![
        (Place::Title, &doc.title),
        (Place::OgSiteName, &doc.og_site_name),
    ];
    places.extend(
        doc.organizations
            .iter()
            .map(|o| (Place::JsonLd, o.as_str())),
    );
    places.extend(
        doc.attributes
            .iter()
            .filter(|(p, _)| *p == Place::ImgAlt)
            .map(|(p, t)| (*p, t.as_str())),
    );
    places.extend(
        scan.copyright
            .iter()
            .map(|&i| (Place::Copyright, doc.around(i, 50))),
    );
    let named = places.iter().find_map(|(place, text)| {
        let folded = Folded::new(text);
        let spans: Vec<_> = names
            .find(&folded.text)
            .iter()
            .map(|hit| folded.original_range(text, hit.start, hit.end))
            .collect();
        (!spans.is_empty()).then(|| (*place, Evidence::quote(*place, text, &spans)))
    });
    match &named {
        Some((_, quote)) => evidence.push(quote.clone()),
        None => problems.push(Message::new(Key::OwnedNotNamed).text("name", &s.name)),
    }

    if let Some(token) = &s.verification_token {
        let in_meta = doc.verification_tokens.iter().any(|t| t == token);
        let in_file = f
            .token_file
            .is_some_and(|body| body.split_whitespace().any(|t| t == token));
        if in_meta {
            evidence.push(Evidence::new(Place::VerificationMeta, token.as_str()));
        } else if in_file {
            evidence.push(Evidence::new(Place::VerificationFile, token.as_str()));
        } else {
            problems.push(Message::new(Key::OwnedNoToken));
        }
    }

    if problems.is_empty() {
        let domain = registrable(f.final_url).unwrap_or_default();
        let mut message = Message::new(Key::OwnedPass).text("domain", domain);
        if let Some((place, _)) = named {
            message = message.with("place", Value::Place(place));
        }
        RuleResult::said(Rule::PartnerOwned, true, vec![message], evidence)
    } else {
        RuleResult::said(Rule::PartnerOwned, false, problems, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::document::Place;
    use super::super::super::verdict::{Rule, Status};
    use super::super::testing::{
        contoso, has_evidence, judge, judge_contoso, landing, rule, subject,
    };

    #[test]
    fn the_page_must_name_its_owner() {
        let r = judge_contoso(&landing("Some Other Name", ""));
        let owned = rule(&r, Rule::PartnerOwned);
        assert_eq!(owned.status, Status::Fail);
        assert!(
            owned.message.contains("does not name \"Contoso Learning\""),
            "{owned:#?}"
        );
    }

    #[test]
    fn names_match_across_legal_forms_diacritics_and_logos() {
        // Named only by a logo's alt text, with a legal form the entry does not have.
        let html = landing(
            "Microsoft courses",
            "<img src=\"/logo.png\" alt=\"Contoso Learning B.V. logo\">",
        )
        .replace("© 2026 Microsoft courses", "");
        let s = subject("Contoso Learning Ltd", &["contoso.com"]);
        let r = judge(&s, "https://www.contoso.com/", &html, vec![]);
        let owned = rule(&r, Rule::PartnerOwned);
        assert_eq!(owned.status, Status::Pass, "{owned:#?}");
        assert!(has_evidence(
            owned,
            Place::ImgAlt,
            "Contoso Learning B.V. logo"
        ));
        // A name with diacritics, written without them on the page, and a legal form.
        let s = subject("Übersetzung Akademie GmbH", &["ubersetzung.de"]);
        let html = landing("Ubersetzung Akademie", "");
        let r = judge(&s, "https://www.ubersetzung.de/", &html, vec![]);
        assert_eq!(rule(&r, Rule::PartnerOwned).status, Status::Pass, "{r:#?}");
    }

    #[test]
    fn a_shared_platform_is_not_the_partners_site() {
        let s = subject("Contoso Learning", &["contoso.github.io"]);
        let html = landing("Contoso Learning", "");
        let r = judge(&s, "https://contoso.github.io/", &html, vec![]);
        let owned = rule(&r, Rule::PartnerOwned);
        assert_eq!(owned.status, Status::Fail);
        assert!(
            owned
                .message
                .contains("contoso.github.io is a shared platform"),
            "{}",
            owned.message
        );
        // The same page on the partner's own domain is its own.
        let r = judge(&contoso(), "https://www.contoso.com/", &html, vec![]);
        assert_eq!(rule(&r, Rule::PartnerOwned).status, Status::Pass);
    }
}
