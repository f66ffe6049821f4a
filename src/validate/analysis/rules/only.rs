//! Rule `partner-only`: the page is about this partner alone: no other directory partner by
//! name, link or structured data, and not a listing of many other companies.

use super::super::document::{Document, Place};
use super::super::message::{Key, Message};
use super::super::verdict::{Evidence, Rule, RuleResult};
use super::{Judge, Rival, Scan, Subject};
use crate::text::{Folded, fold, name_key};
use std::collections::BTreeSet;
use std::ops::Range;

/// A page linking to this many other companies' domains is a listing, not a partner's page.
pub const MAX_EXTERNAL_DOMAINS: usize = 5;
/// Names this short match too much by accident.
const MIN_NAME_LEN: usize = 4;

/// What the rule found, gathered before it is put into words.
#[derive(Default)]
struct Findings<'a> {
    named: BTreeSet<&'a str>,
    linked: BTreeSet<&'a str>,
    organizations: BTreeSet<&'a str>,
    external: BTreeSet<&'a str>,
    evidence: Vec<Evidence>,
}

pub(super) fn judge(j: &Judge, s: &Subject, doc: &Document, scan: &Scan) -> RuleResult {
    let own_keys: Vec<String> = s.name_keys().iter().map(|k| format!(" {k} ")).collect();
    // A rival whose name is part of this partner's own name is not another partner on the page.
    let is_own = |key: &str| {
        let padded = format!(" {key} ");
        own_keys.iter().any(|k| k.contains(&padded))
    };
    let mut f = Findings::default();

    // Other partners' names in the visible text, the title and image alt texts.
    let mut rival_hits: Vec<RivalHit> = Vec::new();
    for (rival, start, end, key) in &scan.rivals {
        rival_hits.push(RivalHit {
            rival: *rival,
            key: key.clone(),
            place: None,
            text: &doc.visible,
            range: *start..*end,
        });
    }
    let mut short: Vec<(Place, &str)> = vec![(Place::Title, &doc.title)];
    short.extend(
        doc.attributes
            .iter()
            .filter(|(p, _)| *p == Place::ImgAlt)
            .map(|(p, t)| (*p, t.as_str())),
    );
    for (place, original) in short {
        let folded = Folded::new(original);
        for hit in j.rival_names.find(&folded.text) {
            let key = folded.text[hit.start..hit.end].to_owned();
            let range = folded.original_range(original, hit.start, hit.end);
            rival_hits.push(RivalHit {
                rival: *hit.tag,
                key,
                place: Some(place),
                text: original,
                range,
            });
        }
    }
    for RivalHit {
        rival,
        key,
        place,
        text,
        range,
    } in rival_hits
    {
        let rival = &j.rivals[rival];
        if is_subject(rival, s)
            || key.len() < MIN_NAME_LEN
            || is_own(&key)
            || !f.named.insert(&rival.name)
        {
            continue;
        }
        let quote = match place {
            Some(place) => Some(Evidence::quote(place, text, &[range])),
            None => Evidence::in_document(doc, &[range]).into_iter().next(),
        };
        f.evidence.extend(quote.map(|q| q.labelled(&rival.name)));
    }

    // Links and images into another partner's domain; many other companies' domains.
    let own: Vec<&str> = s.domains.iter().map(|d| d.as_str()).collect();
    for t in &doc.targets {
        let Some(domain) = t.domain.as_deref() else {
            continue;
        };
        // A link into the partner's own domain is never a link to someone else.
        let rival = j
            .rival_domains
            .get(domain)
            .filter(|_| !own.contains(&domain));
        if let Some(&i) = rival {
            let rival = &j.rivals[i];
            if !is_subject(rival, s) && f.linked.insert(&rival.name) {
                f.evidence
                    .push(Evidence::new(t.place, format!("{}: {}", rival.name, t.url)));
            }
        }
        let elsewhere = !own.contains(&domain)
            && !j.microsoft.contains(&t.host)
            && !j.neutral.contains(&t.host);
        if t.place == Place::Link && elsewhere {
            f.external.insert(domain);
        }
    }

    // Structured data naming another organisation (Microsoft excepted).
    for org in &doc.organizations {
        let Some(key) = name_key(org) else { continue };
        let microsoft = fold(&key).split(' ').any(|w| w == "microsoft");
        if !microsoft && !is_own(&key) && f.organizations.insert(org) {
            f.evidence
                .push(Evidence::new(Place::JsonLd, format!("Organization: {org}")));
        }
    }
    verdict(f)
}

/// Whether a directory partner is the partner being judged: the same id, the same name, or
/// a domain in common. A partner checking its page before it is listed, or under another id,
/// is never its own rival, and the judge's matchers need no rebuilding per partner.
fn is_subject(rival: &Rival, s: &Subject) -> bool {
    if s.id.as_ref().is_some_and(|id| *id == rival.id) {
        return true;
    }
    if rival.domains.iter().any(|d| s.domains.contains(d)) {
        return true;
    }
    let own = s.name_keys();
    std::iter::once(&rival.name)
        .filter_map(|n| name_key(n))
        .any(|k| own.contains(&k))
}

fn verdict(mut f: Findings) -> RuleResult {
    let listing = f.external.len() >= MAX_EXTERNAL_DOMAINS;
    if listing {
        let list: Vec<&str> = f.external.iter().copied().take(12).collect();
        f.evidence.push(Evidence::new(
            Place::Link,
            format!("{} external domains: {}", f.external.len(), list.join(", ")),
        ));
    }
    let names = |key, set: &BTreeSet<&str>| {
        let list: Vec<&str> = set.iter().copied().collect();
        (!list.is_empty()).then(|| Message::new(key).list("names", &list))
    };
    let mut problems: Vec<Message> = [
        names(Key::OnlyNamed, &f.named),
        names(Key::OnlyLinked, &f.linked),
        names(Key::OnlyOrganisations, &f.organizations),
    ]
    .into_iter()
    .flatten()
    .collect();
    if listing {
        problems.push(
            Message::new(Key::OnlyListing)
                .number("count", f.external.len())
                .number("max", MAX_EXTERNAL_DOMAINS - 1),
        );
    }
    f.evidence.truncate(20);
    if problems.is_empty() {
        let message = Message::new(Key::OnlyPass).number("count", f.external.len());
        RuleResult::said(Rule::PartnerOnly, true, vec![message], f.evidence)
    } else {
        RuleResult::said(Rule::PartnerOnly, false, problems, f.evidence)
    }
}

/// Another partner's name found on the page.
struct RivalHit<'a> {
    /// Index into the judge's rivals.
    rival: usize,
    /// The folded name as matched.
    key: String,
    /// Where it was found; `None` for the visible text, quoted by the document.
    place: Option<Place>,
    /// The text the range points into.
    text: &'a str,
    range: Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::super::super::document::Place;
    use super::super::super::verdict::{Rule, RuleResult, Status};
    use super::super::Rival;
    use super::super::testing::{contoso, has_evidence, judge, judge_contoso, landing, rule};
    use crate::content::Domain;

    fn only(r: &[RuleResult]) -> &RuleResult {
        rule(r, Rule::PartnerOnly)
    }

    #[test]
    fn another_partner_by_name_link_or_structured_data_fails_partner_only() {
        let r = judge_contoso(&landing(
            "Contoso Learning",
            "<p>Also see Fabrikam Academy.</p>",
        ));
        assert_eq!(only(&r).status, Status::Fail);
        assert!(
            has_evidence(only(&r), Place::Body, "Fabrikam Academy: "),
            "{r:#?}"
        );

        let link = "<a href=\"https://www.fabrikam.de/\">friends</a>";
        let r = judge_contoso(&landing("Contoso Learning", link));
        let m = &only(&r).message;
        assert!(
            m.contains("links to other directory partners: Fabrikam Academy"),
            "{m}"
        );
        assert!(has_evidence(
            only(&r),
            Place::Link,
            "https://www.fabrikam.de/"
        ));

        let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"Course","name":"AZ-104","provider":{"@type":"Organization","name":"Northwind Traders"}}</script>"#;
        let r = judge_contoso(&landing("Contoso Learning", ld));
        let m = &only(&r).message;
        assert!(
            m.contains("structured data names other organisations: Northwind Traders"),
            "{m}"
        );

        let listing: String = (1..=5)
            .map(|i| format!("<a href=\"https://company{i}.com/\">Company {i}</a>"))
            .collect();
        let r = judge_contoso(&landing("Contoso Learning", &listing));
        let m = &only(&r).message;
        assert!(m.contains("links to 5 other companies' domains"), "{m}");

        // Four other domains, plus neutral and Microsoft ones, are fine.
        let fine: String = (1..=4)
            .map(|i| format!("<a href=\"https://company{i}.com/\">c</a>"))
            .collect::<String>()
            + "<a href=\"https://www.youtube.com/x\">y</a><a href=\"https://learn.microsoft.com/\">m</a>";
        let r = judge_contoso(&landing("Contoso Learning", &fine));
        assert_eq!(only(&r).status, Status::Pass, "{r:#?}");
    }

    #[test]
    fn a_partner_on_a_shared_platform_does_not_make_the_platform_a_rival() {
        let html = landing(
            "Contoso Learning",
            "<a href=\"https://www.linkedin.com/company/contoso\">in</a>",
        );
        let rivals = vec![Rival {
            id: "tailspin".into(),
            name: "Tailspin Skills".into(),
            aliases: vec![],
            domains: vec![Domain::parse("linkedin.com").unwrap()],
        }];
        let r = judge(&contoso(), "https://www.contoso.com/", &html, rivals);
        assert_eq!(only(&r).status, Status::Pass, "{r:#?}");
    }
}
