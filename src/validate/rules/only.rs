//! Rule `partner-only`: the page is about this partner alone: no other directory partner by
//! name, link or structured data, and not a listing of many other companies.

use super::{Fetch, Judge, Subject, on_list, registrable};
use crate::validate::document::{Document, Place};
use crate::validate::text::{Folded, fold, name_key};
use crate::validate::verdict::{Evidence, Rule, RuleResult};
use std::collections::BTreeSet;

/// A page linking to this many other companies' domains is a listing, not a partner's page.
pub const MAX_EXTERNAL_DOMAINS: usize = 5;
/// Names this short match too much by accident.
const MIN_NAME_LEN: usize = 4;

pub(super) fn judge(j: &Judge, s: &Subject, doc: &Document, _f: &Fetch) -> RuleResult {
    let own_keys = s.name_keys();
    let is_own = |key: &str| {
        let padded = format!(" {key} ");
        own_keys.iter().any(|k| format!(" {k} ").contains(&padded))
    };
    let mut evidence = Vec::new();
    let mut rivals_named: BTreeSet<&str> = BTreeSet::new();

    // Other partners' names in the visible text, the title and image alt texts.
    let folded_visible = Folded::new(&doc.visible);
    let mut texts: Vec<(Place, Folded, &str)> =
        vec![(Place::Title, Folded::new(&doc.title), &doc.title)];
    texts.extend(
        doc.attributes
            .iter()
            .filter(|(p, _)| *p == Place::ImgAlt)
            .map(|(p, t)| (*p, Folded::new(t), t.as_str())),
    );
    for hit in j.rival_names.find(&folded_visible.text) {
        let rival = &j.rivals[*hit.tag];
        let key = &folded_visible.text[hit.start..hit.end];
        if Some(&rival.id) == s.id.as_ref() || key.len() < MIN_NAME_LEN || is_own(key) {
            continue;
        }
        let at = folded_visible.origin(hit.start);
        if rivals_named.insert(&rival.name) {
            let (place, text) = doc.excerpt(at, at + key.len());
            evidence.push(Evidence::new(place, format!("{}: {text}", rival.name)));
        }
    }
    for (place, folded, original) in &texts {
        for hit in j.rival_names.find(&folded.text) {
            let rival = &j.rivals[*hit.tag];
            let key = &folded.text[hit.start..hit.end];
            if Some(&rival.id) == s.id.as_ref() || key.len() < MIN_NAME_LEN || is_own(key) {
                continue;
            }
            if rivals_named.insert(&rival.name) {
                evidence.push(Evidence::new(*place, format!("{}: {original}", rival.name)));
            }
        }
    }

    // Links and images into another partner's domain.
    let mut rivals_linked: BTreeSet<&str> = BTreeSet::new();
    for t in &doc.targets {
        let Some(domain) = registrable(&t.url) else {
            continue;
        };
        if let Some(&i) = j.rival_domains.get(&domain) {
            let rival = &j.rivals[i];
            if Some(&rival.id) != s.id.as_ref() && rivals_linked.insert(&rival.name) {
                evidence.push(Evidence::new(t.place, format!("{}: {}", rival.name, t.url)));
            }
        }
    }

    // Structured data naming another organisation.
    let mut other_orgs: BTreeSet<&str> = BTreeSet::new();
    for org in &doc.organizations {
        let Some(key) = name_key(org) else { continue };
        let microsoft = fold(&key).split(' ').any(|w| w == "microsoft");
        if !microsoft
            && !is_own(&key)
            && !own_keys.iter().any(|k| key.contains(k.as_str()))
            && other_orgs.insert(org)
        {
            evidence.push(Evidence::new(Place::JsonLd, format!("Organization: {org}")));
        }
    }

    // Many other companies' domains: a listing.
    let vocab = j.vocabulary();
    let own: Vec<String> = s.domains.iter().map(|d| d.to_string()).collect();
    let mut external: BTreeSet<String> = BTreeSet::new();
    for t in doc.targets.iter().filter(|t| t.place == Place::Link) {
        let host = t.url.host_str().unwrap_or_default();
        let Some(domain) = registrable(&t.url) else {
            continue;
        };
        if own.contains(&domain)
            || on_list(host, &vocab.microsoft_domains)
            || on_list(host, &vocab.neutral_domains)
        {
            continue;
        }
        external.insert(domain);
    }
    let listing = external.len() >= MAX_EXTERNAL_DOMAINS;
    if listing {
        let list: Vec<&str> = external.iter().map(String::as_str).take(12).collect();
        evidence.push(Evidence::new(
            Place::Link,
            format!("{} external domains: {}", external.len(), list.join(", ")),
        ));
    }

    let mut problems = Vec::new();
    if !rivals_named.is_empty() {
        problems.push(format!(
            "names other directory partners: {}",
            rivals_named.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    if !rivals_linked.is_empty() {
        problems.push(format!(
            "links to other directory partners: {}",
            rivals_linked.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    if !other_orgs.is_empty() {
        problems.push(format!(
            "its structured data names other organisations: {}",
            other_orgs.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    if listing {
        problems.push(format!(
            "links to {} other companies' domains (at most {} are allowed): it reads as a listing, not a page about one partner",
            external.len(),
            MAX_EXTERNAL_DOMAINS - 1
        ));
    }
    evidence.truncate(20);
    if problems.is_empty() {
        let message = format!(
            "about the partner alone: no other partner named or linked ({} other domain{} linked)",
            external.len(),
            if external.len() == 1 { "" } else { "s" }
        );
        RuleResult::new(Rule::PartnerOnly, true, message, evidence)
    } else {
        RuleResult::new(Rule::PartnerOnly, false, problems.join("; "), evidence)
    }
}
