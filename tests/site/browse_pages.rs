//! The directory beyond its list, built from a fixture: partner pages with the optional
//! facts, country pages without a Country column and with grammatical titles, the
//! statistics, the embeds and the headers that let only them be framed, and the files
//! machines read (sitemap, feed, CSV).

use crate::common;

use common::{Fixture, three_month_fixture};

fn built() -> Fixture {
    let f = three_month_fixture();
    f.write(
        "content/partners/2026-11/tailspin.yaml",
        "name: Tailspin Skills\ncountry: US\nlanding_url: https://tailspin.nl/microsoft\n\
         level: silver\ncity: Austin\nlanguages:\n  - en\n  - nl\ndelivery:\n  - virtual\n  - on-site\n\
         description: \"Security & identity training for teams < 20 people.\"\n",
    );
    // No ledgers: a draft build lists every entry.
    let out = f.lpdir(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f
}

#[test]
fn a_partner_page_shows_its_facts_in_the_page_language() {
    let f = built();
    let en = f.read("public/partners/tailspin/index.html");
    for expected in [
        "<h1>Tailspin Skills",
        "Security &amp; identity training for teams &lt; 20 people.",
        "<dd>Austin</dd>",
        "<span lang=\"en\">English</span>, <span lang=\"nl\">Dutch</span>",
        "Virtual, On-site",
        "Visit tailspin.nl",
        "href=\"https://tailspin.nl/microsoft\" rel=\"external noopener\"",
        // A draft build: the entry is not published yet, and its page says so.
        "Pending: listed after the next publishing run",
        "<li>November 2026: pending, listed after the next publishing run",
        "<link rel=\"canonical\" href=\"https://partners.example.org/partners/tailspin/\">",
        "hreflang=\"nl\" href=\"https://partners.example.org/nl/partners/tailspin/\"",
        "<meta property=\"og:type\" content=\"profile\">",
        "<meta property=\"og:title\" content=\"Tailspin Skills, Microsoft Learning Partner in the United States\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
    ] {
        assert!(en.contains(expected), "missing {expected:?} in\n{en}");
    }
    let nl = f.read("public/nl/partners/tailspin/index.html");
    assert!(nl.contains("<span lang=\"nl\">Nederlands</span>"), "{nl}");
    assert!(nl.contains("Online, Op locatie"), "{nl}");
    assert!(
        nl.contains("In behandeling: vermeld na de volgende publicatieronde"),
        "{nl}"
    );

    // The structured data is JSON that cannot break out of its script element.
    let start = en.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let json = &en[start..start + en[start..].find("</script>").unwrap()];
    assert!(!json.contains('<'), "{json}");
    let org: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(org["@type"], "Organization");
    assert_eq!(org["name"], "Tailspin Skills");
    assert_eq!(org["url"], "https://tailspin.nl/microsoft");
    assert_eq!(org["address"]["addressCountry"], "US");
    assert_eq!(org["address"]["addressLocality"], "Austin");
    assert_eq!(org["knowsLanguage"], serde_json::json!(["en", "nl"]));
    assert_eq!(
        org["description"],
        "Security & identity training for teams < 20 people."
    );

    // An updated partner's history lists each version, newest first; in a draft build the
    // newest is the one not published yet.
    let fabrikam = f.read("public/partners/fabrikam/index.html");
    let updated = fabrikam.find("October 2026: pending").unwrap();
    let listed = fabrikam.find("September 2026: listed").unwrap();
    assert!(updated < listed, "{fabrikam}");
    // Rows link the name to the partner's page; a removed partner has none.
    let index = f.read("public/index.html");
    assert!(index.contains("<a href=\"/partners/tailspin/\">Tailspin Skills</a>"));
    assert!(index.contains("<span class=\"city\">Austin</span>"));
    assert!(index.contains("data-langs=\"en nl\" data-delivery=\"virtual on-site\""));
    assert!(!f.path("public/partners/northwind").exists());
}

#[test]
fn country_pages_have_no_country_column_and_grammatical_titles() {
    let f = built();
    let nl = f.read("public/countries/nl/index.html");
    assert!(nl.contains("<h1>Partners in the Netherlands</h1>"), "{nl}");
    assert!(!nl.contains("<th scope=\"col\">Country</th>"), "{nl}");
    assert!(nl.contains("<th scope=\"col\">Level</th>"));
    let us = f.read("public/nl/countries/us/index.html");
    assert!(
        us.contains("<h1>Partners in de Verenigde Staten</h1>"),
        "{us}"
    );
    let de = f.read("public/nl/countries/de/index.html");
    assert!(de.contains("<h1>Partners in Duitsland</h1>"), "{de}");
    let index = f.read("public/index.html");
    assert!(index.contains("<th scope=\"col\">Country</th>"));
}

#[test]
fn the_statistics_page_draws_its_numbers_and_tables_them() {
    let f = built();
    let stats = f.read("public/stats/index.html");
    assert!(stats.contains("<svg class=\"chart\""), "{stats}");
    assert!(stats.contains("aria-hidden=\"true\""));
    assert!(
        !stats.contains("<script"),
        "no script on the statistics page"
    );
    // Three partners listed (Contoso, Fabrikam, Lamna, Tailspin minus none): per country.
    for row in [
        "<th scope=\"row\">Germany</th><td>1</td>",
        "<th scope=\"row\">United States</th><td>1</td>",
        "<th scope=\"row\">September 2026</th><td>3</td><td>0</td>",
        "<th scope=\"row\">November 2026</th><td>1</td><td>1</td>",
    ] {
        assert!(stats.contains(row), "missing {row:?} in\n{stats}");
    }
    let nl = f.read("public/nl/stats/index.html");
    assert!(
        nl.contains("<th scope=\"row\">Duitsland</th><td>1</td>"),
        "{nl}"
    );
}

/// The `_headers` rules that apply to `path` (Netlify's matching: exact, or a prefix
/// ending in `*`).
fn rules_for<'a>(headers: &'a str, path: &str) -> Vec<Vec<&'a str>> {
    let mut rules: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in headers.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.strip_prefix("  ") {
            Some(header) => rules.last_mut().unwrap().1.push(header),
            None => rules.push((line, Vec::new())),
        }
    }
    rules
        .into_iter()
        .filter(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == *pattern,
        })
        .map(|(_, headers)| headers)
        .collect()
}

#[test]
fn only_the_embeds_may_be_framed() {
    let f = built();
    let embed = f.read("public/embed/countries/nl/index.html");
    assert!(!embed.contains("site-header"), "no site chrome:\n{embed}");
    assert!(embed.contains("<base target=\"_blank\">"));
    assert!(embed.contains("Contoso Learning") && !embed.contains("Tailspin Skills"));
    assert!(f.read("public/embed/nl/index.html").contains("lang=\"nl\""));

    let headers = f.read("public/_headers");
    let mut checked = 0;
    for (file, _) in common::tree(&f.path("public")) {
        let file = file.to_string_lossy().into_owned();
        if !file.ends_with(".html") {
            continue;
        }
        let mut paths = vec![format!("/{file}")];
        if let Some(dir) = file.strip_suffix("index.html") {
            paths.push(format!("/{dir}"));
        }
        for path in paths {
            let rules = rules_for(&headers, &path);
            assert_eq!(rules.len(), 1, "{path}: one rule, not {rules:?}");
            let framable = rules[0].contains(&"Content-Security-Policy: frame-ancestors *");
            let denied = rules[0].contains(&"X-Frame-Options: DENY")
                && rules[0].contains(&"Content-Security-Policy: frame-ancestors 'none'");
            assert_eq!(framable, path.starts_with("/embed/"), "{path}: {rules:?}");
            assert_eq!(denied, !framable, "{path}: {rules:?}");
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn machines_get_lastmod_partner_links_and_a_spreadsheet_ready_csv() {
    let f = built();
    let sitemap = f.read("public/sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://partners.example.org/partners/fabrikam/</loc><lastmod>2026-10-01</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("/embed/"), "{sitemap}");
    let feed = f.read("public/feed.xml");
    assert!(
        feed.contains("&lt;a href=&quot;https://partners.example.org/partners/tailspin/&quot;&gt;Tailspin Skills&lt;/a&gt;"),
        "{feed}"
    );
    let csv = std::fs::read(f.path("public/directory.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBFid,name,"),
        "a UTF-8 byte-order mark first"
    );
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",city,languages,delivery,description")
    );
    assert!(
        text.contains(
            ",Austin,en nl,virtual on-site,Security & identity training for teams < 20 people.\n"
        ),
        "{text}"
    );
    let html = f.read("public/index.html");
    assert!(html.contains("<link rel=\"icon\" href=\"/static/favicon.svg\""));
    assert!(f.path("public/static/favicon.svg").is_file());
}
