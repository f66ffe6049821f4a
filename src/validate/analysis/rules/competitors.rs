//! Rule `no-competitors`: no mention of a Microsoft competitor anywhere a visitor can see it,
//! in the page's metadata, or in the targets of its links and images.

use super::super::document::{Document, Place};
use super::super::message::{Key, Message};
use super::super::verdict::{Evidence, Rule, RuleResult};
use super::{Judge, Scan};
use crate::text::Folded;
use std::collections::BTreeMap;

pub(super) fn judge(j: &Judge, doc: &Document, scan: &Scan) -> RuleResult {
    let vocab = j.vocabulary();
    let mut mentions: BTreeMap<usize, usize> = BTreeMap::new();
    let mut evidence = Vec::new();
    let mut count = |competitor: usize| *mentions.entry(competitor).or_default() += 1;

    // Visible text (navigation and footer included): long names ignoring case, acronyms as written.
    let mut spans = Vec::new();
    for &(id, start, end) in &scan.competitors {
        count(id);
        spans.push(start..end);
    }
    evidence.extend(Evidence::in_document(doc, &spans));

    // Short texts: title, description, keywords, alt texts and title attributes.
    let mut texts: Vec<(Place, &str)> = vec![
        (Place::Title, &doc.title),
        (Place::MetaDescription, &doc.meta_description),
        (Place::MetaKeywords, &doc.meta_keywords),
    ];
    texts.extend(doc.attributes.iter().map(|(p, t)| (*p, t.as_str())));
    for (place, text) in texts {
        let folded = Folded::new(text);
        let mut spans = Vec::new();
        for hit in j.competitor_words.find(&folded.text) {
            let (id, case) = *hit.tag;
            let range = folded.original_range(text, hit.start, hit.end);
            if case.allows(&text[range.clone()]) {
                count(id);
                spans.push(range);
            }
        }
        evidence.extend(Evidence::quotes(place, text, &spans));
    }

    // Link targets and image sources: a competitor's domain, or its name in the file name.
    // The most specific listed domain decides: cloud.google.com is a competitor's product
    // even though google.com (maps, fonts) is neutral.
    for t in &doc.targets {
        let neutral = j.neutral.matched(&t.host).map(|(d, _)| d.len());
        match j.competitor_domains.matched(&t.host) {
            Some((d, &i)) if neutral.is_none_or(|n| d.len() > n) => {
                count(i);
                evidence.push(Evidence::new(t.place, t.url.as_str()));
                continue;
            }
            _ if neutral.is_some() => continue,
            _ => {}
        }
        let file = t
            .url
            .path_segments()
            .and_then(|mut s| s.next_back())
            .unwrap_or("");
        let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
        if let Some(hit) = j.competitor_any_case.find(&Folded::new(&file).text).first() {
            count(*hit.tag);
            evidence.push(Evidence::new(t.place, t.url.as_str()));
        }
    }

    let evidence = super::first_distinct(evidence, 20);
    if mentions.is_empty() {
        let message = Message::new(Key::CompetitorsNone);
        return RuleResult::said(Rule::NoCompetitors, true, vec![message], evidence);
    }
    let list: Vec<String> = mentions
        .iter()
        .map(|(i, n)| format!("{} ({n}×)", vocab.competitors[*i].name))
        .collect();
    let message = Message::new(Key::CompetitorsFound).list("names", &list);
    RuleResult::said(Rule::NoCompetitors, false, vec![message], evidence)
}

#[cfg(test)]
mod tests {
    use super::super::super::document::Place;
    use super::super::super::verdict::{Rule, RuleResult, Status};
    use super::super::testing::{has_evidence, judge_contoso, landing, rule};

    fn competitors(r: &[RuleResult]) -> &RuleResult {
        rule(r, Rule::NoCompetitors)
    }

    #[test]
    fn competitors_are_found_wherever_a_visitor_sees_them() {
        let cases = [
            (
                "<nav><a href=\"/aws\">AWS courses</a></nav>",
                Place::Nav,
                "AWS courses",
            ),
            (
                "<footer>Google Cloud partner</footer>",
                Place::Footer,
                "Google Cloud partner",
            ),
            (
                "<img src=\"/x.png\" alt=\"Salesforce Trailhead badge\">",
                Place::ImgAlt,
                "Salesforce",
            ),
            (
                "<a href=\"https://www.oracle.com/cloud/\">cloud</a>",
                Place::Link,
                "oracle.com",
            ),
            (
                "<img src=\"/img/aws-logo.svg\" alt=\"\">",
                Place::ImgSrc,
                "/img/aws-logo.svg",
            ),
        ];
        for (extra, place, needle) in cases {
            let r = judge_contoso(&landing("Contoso Learning", extra));
            let c = competitors(&r);
            assert_eq!(c.status, Status::Fail, "{extra}: {c:#?}");
            assert!(has_evidence(c, place, needle), "{extra}: {c:#?}");
        }
    }

    #[test]
    fn hidden_text_lookalikes_and_bare_brand_words_are_not_mentions() {
        let extra = "<script>var vendor = 'AWS';</script><!-- AWS --><style>.aws{}</style>\
                     <template>AWS</template><noscript>AWS</noscript><p>We follow the laws. Aws \
                     and gcp in lower case are words here.</p><p>Our office is near the Amazon \
                     rainforest exhibit; find us on Google Maps.</p>\
                     <a href=\"https://www.youtube.com/watch?v=1\">video</a>";
        let r = judge_contoso(&landing("Contoso Learning", extra));
        for result in &r {
            assert_eq!(result.status, Status::Pass, "{result:#?}");
        }
    }

    #[test]
    fn a_competitor_product_under_a_neutral_parent_domain_is_a_competitor_link() {
        let maps = "<a href=\"https://maps.google.com/?q=contoso\">Find us</a>";
        let r = judge_contoso(&landing("Contoso Learning", maps));
        assert_eq!(competitors(&r).status, Status::Pass, "{r:#?}");
        let cloud = "<a href=\"https://cloud.google.com/learn\">More</a>";
        let r = judge_contoso(&landing("Contoso Learning", cloud));
        let c = competitors(&r);
        assert_eq!(c.status, Status::Fail, "{c:#?}");
        assert!(has_evidence(c, Place::Link, "cloud.google.com"), "{c:#?}");
    }

    #[test]
    fn percent_encoded_competitor_file_names_are_decoded() {
        let file = "<img src=\"/img/Google%20Cloud.png\" alt=\"\">";
        let r = judge_contoso(&landing("Contoso Learning", file));
        let c = competitors(&r);
        assert_eq!(c.status, Status::Fail, "{c:#?}");
        assert!(c.message.contains("Google Cloud"), "{}", c.message);
    }
}
