//! A partner's own page: its title and description in the page's language, and the
//! `Organization` JSON-LD that search engines read.

use super::view::LanguageView;
use crate::content::Partner;
use serde_json::json;

pub struct PartnerPage {
    pub title: String,
    pub description: String,
    /// Ready to place inside `<script type="application/ld+json">`.
    pub json_ld: String,
    /// The landing link's words, with the website's name: "Visit www.contoso.nl".
    pub visit_label: String,
}

pub fn context(view: &LanguageView, partner: &Partner, site: &url::Url) -> PartnerPage {
    let language = view.language;
    let b = &language.strings.browse;
    let l = &partner.listing;
    let in_text = language.country_in_text(l.country);
    let fill = |pattern: &str| {
        pattern
            .replace("{partner}", &l.name)
            .replace("{country}", in_text)
    };
    let description = l
        .about
        .description
        .clone()
        .unwrap_or_else(|| fill(&b.partner_description));
    let mut address = json!({ "@type": "PostalAddress", "addressCountry": l.country.as_str() });
    if let Some(city) = &l.about.city {
        address["addressLocality"] = json!(city);
    }
    let areas: Vec<&str> = partner
        .teaches
        .areas
        .iter()
        .map(|a| language.strings.areas.name(*a))
        .collect();
    let mut org = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": format!("{site}partners/{}/#organization", partner.id),
        "name": l.name,
        "url": l.landing_url.as_str(),
        "address": address,
        "description": description,
    });
    if !l.aliases.is_empty() {
        org["alternateName"] = json!(l.aliases);
    }
    if !areas.is_empty() || !partner.teaches.exams.is_empty() {
        let topics: Vec<&str> = areas
            .into_iter()
            .chain(partner.teaches.exams.iter().map(String::as_str))
            .collect();
        org["knowsAbout"] = json!(topics);
    }
    if !l.about.languages.is_empty() {
        let codes: Vec<&str> = l.about.languages.iter().map(|c| c.as_str()).collect();
        org["knowsLanguage"] = json!(codes);
    }
    PartnerPage {
        title: fill(&b.partner_title),
        description,
        json_ld: script_safe(&org.to_string()),
        visit_label: b.visit_landing.replace(
            "{domain}",
            l.landing_url.as_url().host_str().unwrap_or_default(),
        ),
    }
}

/// JSON that cannot end its `<script>` element or open a comment there, whatever a partner
/// wrote: `<`, `>` and `&` become JSON escapes, which mean the same characters.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_ld_cannot_close_its_script() {
        let out = super::script_safe(r#"{"name":"</script><script>alert(1)</script> & <!--"}"#);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }
}
