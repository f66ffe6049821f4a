//! Property tests: hostile input never panics the analyser, and the address guard's
//! classification is consistent however an address is written.

use lpdir::content::{Domain, LandingUrl};
use lpdir::validate::Fetch;
use lpdir::validate::classify_address as classify;
use lpdir::validate::decode_html;
use lpdir::validate::{Document, Judge, Rival, Subject, Vocabulary};
use proptest::prelude::*;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::LazyLock;
use url::Url;

static JUDGE: LazyLock<Judge> = LazyLock::new(|| {
    let rival = Rival {
        id: "fabrikam".into(),
        name: "Fabrikam Academy".into(),
        aliases: vec![],
        domains: vec![Domain::parse("fabrikam.de").unwrap()],
    };
    Judge::new(Vocabulary::default(), vec![rival])
});

const PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Contoso Learning – Microsoft training</title><meta name="description" content="Microsoft Azure courses">
<script type="application/ld+json">{"@type":"EducationalOrganization","name":"Contoso Learning","provider":{"@type":"Organization","name":"X"}}</script>
</head><body><header><nav><a href="/">Home</a><a href="https://www.fabrikam.de/">F</a></nav></header>
<main><h1>Microsoft <em>training</em></h1><p>Azure, AZ-104, Power BI &amp; Intune — Übersetzung.</p>
<img src="/img/aws-logo.svg" alt="Contoso Learning logo"><template>AWS</template><!-- GCP --></main>
<footer>© 2026 Contoso Learning B.V. · Google Cloud</footer></body></html>"#;

fn judge_bytes(bytes: &[u8]) {
    let base = Url::parse("https://www.contoso.com/microsoft").unwrap();
    let html = decode_html(bytes, "text/html");
    let doc = Document::parse(&html, &base).unwrap();
    let subject = Subject {
        id: None,
        name: "Contoso Learning".into(),
        aliases: vec!["Contoso B.V.".into()],
        domains: vec![Domain::parse("contoso.com").unwrap()],
        verification_token: Some("token-123".into()),
    };
    let fetch = Fetch {
        submitted: &base,
        final_url: &base,
        token_file: Some("x"),
    };
    let rules = JUDGE.judge(&subject, &doc, &fetch);
    assert_eq!(rules.len(), 4);
    for r in &rules {
        assert!(!r.message.is_empty());
    }
}

/// Edits a page: deletes, duplicates or replaces a byte range with arbitrary bytes.
fn mutate(page: &[u8], edits: &[(usize, usize, Vec<u8>)]) -> Vec<u8> {
    let mut out = page.to_vec();
    for (at, len, insert) in edits {
        let at = at % (out.len() + 1);
        let end = (at + len % 64).min(out.len());
        out.splice(at..end, insert.iter().copied());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        judge_bytes(&bytes);
    }

    #[test]
    fn mutated_pages_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<usize>(), proptest::collection::vec(any::<u8>(), 0..24)), 1..12)) {
        judge_bytes(&mutate(PAGE.as_bytes(), &edits));
    }

    #[test]
    fn arbitrary_text_with_markup_never_panics(s in "[<>/a-z\"'=&;#©ÜéAWS \\-0-9]{0,800}") {
        judge_bytes(format!("<html><body>{s}</body></html>").as_bytes());
        judge_bytes(s.as_bytes());
    }

    #[test]
    fn any_ipv6_classifies_without_panic(raw in any::<u128>()) {
        let _ = classify(IpAddr::V6(Ipv6Addr::from(raw)));
    }

    #[test]
    fn loopback_in_any_spelling_is_never_a_landing_url(low in 0u32..(1 << 24), form in 0usize..4) {
        let ip = (127u32 << 24) | low;
        let o = ip.to_be_bytes();
        let host = match form {
            0 => ip.to_string(),
            1 => format!("0x{ip:x}"),
            2 => format!("0{:o}.{}.{}.{}", o[0], o[1], o[2], o[3]),
            _ => format!("[::ffff:{}.{}.{}.{}]", o[0], o[1], o[2], o[3]),
        };
        let url = format!("https://{host}/page");
        prop_assert!(LandingUrl::parse(&url).is_err(), "{}", url);
        if let Ok(u) = Url::parse(&url) {
            let ip: Option<IpAddr> = match u.host() {
                Some(url::Host::Ipv4(v4)) => Some(v4.into()),
                Some(url::Host::Ipv6(v6)) => Some(v6.into()),
                _ => None,
            };
            prop_assert!(ip.is_some_and(|ip| classify(ip).is_some()), "{}", url);
        }
    }

    #[test]
    fn arbitrary_url_text_never_panics_the_url_checks(s in "\\PC{0,120}") {
        let _ = LandingUrl::parse(&s);
        let _ = LandingUrl::parse(&format!("https://{s}"));
    }
}

#[test]
fn the_reference_page_is_judged_as_expected() {
    // The unmutated page: the property tests start from a page that exercises every rule.
    let base = Url::parse("https://www.contoso.com/microsoft").unwrap();
    let doc = Document::parse(PAGE, &base).unwrap();
    assert_eq!(doc.organizations, vec!["Contoso Learning", "X"]);
    assert!(!doc.visible.contains("GCP") && !doc.visible.contains("AWS"));
    let subject = Subject {
        id: None,
        name: "Contoso Learning".into(),
        aliases: vec![],
        domains: vec![Domain::parse("contoso.com").unwrap()],
        verification_token: None,
    };
    let rules = JUDGE.judge(
        &subject,
        &doc,
        &Fetch {
            submitted: &base,
            final_url: &base,
            token_file: None,
        },
    );
    let statuses: Vec<String> = rules.iter().map(|r| format!("{:?}", r.status)).collect();
    assert_eq!(statuses, ["Pass", "Pass", "Fail", "Fail"]);
}

/// What `add` and `remove` accept loads back exactly as asked: hostile names and reasons
/// (YAML's special characters, quotes, anchors, Unicode, controls) are either written so that
/// the loader reads the same text, or refused with nothing written (issue 16, F4).
mod intake_round_trip {
    use lpdir::content::{Change, Directory, LoadOptions, Month};
    use lpdir::intake::{Planner, Request};
    use proptest::prelude::*;

    /// YAML's indicators, quotes and escapes, spaces, letters in and out of ASCII; and, in one
    /// case in two, a control or invisible character (which must be refused).
    const HOSTILE: &str =
        "[-&*!|>%@`?:#,\\[\\]{}'\"\\\\ aZ09éß€]{1,40}|[a\t\n\u{1b}\u{202e}\u{200b}]{1,4}";

    fn month() -> Month {
        "2026-12".parse().unwrap()
    }

    fn loaded_back(root: &std::path::Path) -> Vec<Change> {
        let content = lpdir::content::load(root, &LoadOptions::default()).expect("loads");
        content.entries.into_iter().map(|e| e.change).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn accepted_names_load_back_identically(name in HOSTILE, city in HOSTILE) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("content/partners/2026-12")).unwrap();
            let directory = Directory::fold(month(), []).unwrap();
            let mut planner = Planner::new(month(), &[], &directory, 64 * 1024);
            let request = Request {
                name: name.clone(),
                country: "NL".into(),
                url: "https://contoso.nl/microsoft".into(),
                city: Some(city.clone()),
                ..Request::default()
            };
            if let Ok(plan) = planner.plan(&request) {
                lpdir::intake::write_all(dir.path(), std::slice::from_ref(&plan)).unwrap();
                let changes = loaded_back(dir.path());
                let Change::List(listing) = &changes[0] else { panic!("not a listing") };
                prop_assert_eq!(&listing.name, name.trim());
                let city = Some(city.trim().to_owned()).filter(|c| !c.is_empty());
                prop_assert_eq!(&listing.about.city, &city);
            }
        }

        #[test]
        fn accepted_reasons_load_back_identically(reason in HOSTILE) {
            let dir = tempfile::tempdir().unwrap();
            let listed = "name: Contoso Learning\ncountry: NL\nlanding_url: https://contoso.nl/microsoft\n";
            let nov = dir.path().join("content/partners/2026-11");
            std::fs::create_dir_all(&nov).unwrap();
            std::fs::write(nov.join("contoso.yaml"), listed).unwrap();
            let content = lpdir::content::load(dir.path(), &LoadOptions::default()).unwrap();
            let directory = Directory::as_of(&content, month()).unwrap();
            let mut planner = Planner::new(month(), &content.entries, &directory, 64 * 1024);
            if let Ok(plan) = planner.plan_removal("contoso", &reason) {
                lpdir::intake::write_all(dir.path(), std::slice::from_ref(&plan)).unwrap();
                let changes = loaded_back(dir.path());
                let expected = Some(reason.trim().to_owned()).filter(|r| !r.is_empty());
                prop_assert_eq!(&changes[1], &Change::Remove { reason: expected });
            }
        }
    }
}
