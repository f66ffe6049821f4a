//! Rule `partner-owned`: the page is on the partner's own domain, not on a shared platform,
//! names the partner where a site names its owner, and carries its verification token.

use super::super::document::{Document, Place};
use super::super::message::{Key, Message, Value};
use super::super::verdict::{Evidence, Rule, RuleResult};
use super::{Fetch, Judge, Scan, Subject, registrable};
use crate::text::{Folded, WordMatcher};

pub(super) fn judge(j: &Judge, s: &Subject, doc: &Document, scan: &Scan, f: &Fetch) -> RuleResult {
    let mut found = Findings::default();
    found.domains(j, s, f);
    let named = where_named(s, doc, scan);
    match &named {
        Some((_, quote)) => found.evidence.push(quote.clone()),
        None => found
            .problems
            .push(Message::new(Key::OwnedNotNamed).text("name", &s.name)),
    }
    found.token(s, doc, f);

    let Findings { problems, evidence } = found;
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

/// What the rule found wrong, and what shows it.
#[derive(Default)]
struct Findings {
    problems: Vec<Message>,
    evidence: Vec<Evidence>,
}

impl Findings {
    fn problem(&mut self, message: Message, url: &url::Url) {
        self.problems.push(message);
        self.evidence.push(Evidence::new(Place::Url, url.as_str()));
    }

    /// The submitted URL, and the final one after redirects, on one of the partner's domains
    /// and not on a shared platform.
    fn domains(&mut self, j: &Judge, s: &Subject, f: &Fetch) {
        let owned: Vec<&str> = s.domains.iter().map(|d| d.as_str()).collect();
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
                    let message = Message::new(other_domain)
                        .text("domain", d)
                        .text("owned", owned.join(", "));
                    self.problem(message, url);
                }
                None => self.problem(Message::new(no_domain).text("host", host), url),
            }
            if j.platform.contains(host) {
                self.problem(Message::new(Key::OwnedPlatform).text("host", host), url);
            }
        }
    }

    /// The partner's verification token, when its entry has one: in a meta tag, or in the
    /// well-known file.
    fn token(&mut self, s: &Subject, doc: &Document, f: &Fetch) {
        let Some(token) = &s.verification_token else {
            return;
        };
        let in_meta = doc.verification_tokens.iter().any(|t| t == token);
        let in_file = f
            .token_file
            .is_some_and(|body| body.split_whitespace().any(|t| t == token));
        if in_meta {
            let e = Evidence::new(Place::VerificationMeta, token.as_str());
            self.evidence.push(e);
        } else if in_file {
            let e = Evidence::new(Place::VerificationFile, token.as_str());
            self.evidence.push(e);
        } else {
            self.problems.push(Message::new(Key::OwnedNoToken));
        }
    }
}

/// The first place that names the partner where a site names its owner (the title, the site
/// name, structured data, a logo's text, the copyright line), with the quote.
fn where_named(s: &Subject, doc: &Document, scan: &Scan) -> Option<(Place, Evidence)> {
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
    places.iter().find_map(|(place, text)| {
        let folded = Folded::new(text);
        let spans: Vec<_> = names
            .find(&folded.text)
            .iter()
            .map(|hit| folded.original_range(text, hit.start, hit.end))
            .collect();
        (!spans.is_empty()).then(|| (*place, Evidence::quote(*place, text, &spans)))
    })
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
