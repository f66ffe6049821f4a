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
