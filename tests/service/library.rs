//! The library's self-check API: one checker for a whole directory, many checks at once; the
//! partner checking is never its own rival, every other partner is; bad requests are typed.

use crate::common;

use common::Fixture;
use common::web::{Site, landing, pinned};
use lpdir::validate::{NetworkSettings, Request, Rule, SelfCheck, Status, Verdict};

fn request(url: String, partner: &str) -> Request {
    Request {
        url,
        partner: partner.into(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_checker_judges_many_partners_against_the_directory() {
    let site = Site::default();
    site.page("www.contoso.nl", "/ms", &landing("Contoso Learning", ""))
        .page(
            "www.contoso.nl",
            "/partners",
            &landing(
                "Contoso Learning",
                "<p>With our friends at Fabrikam Academy.</p>",
            ),
        )
        .page("www.newcomer.nl", "/ms", &landing("Newcomer Training", ""));
    let addr = site.start().await;
    let f = Fixture::new();
    f.entry(
        "2026-11",
        "contoso",
        "Contoso Learning",
        "NL",
        "https://www.contoso.nl/microsoft",
        None,
    )
    .entry(
        "2026-11",
        "fabrikam",
        "Fabrikam Academy",
        "DE",
        "https://fabrikam.de/ms",
        None,
    );
    let root = lpdir::site_root::SiteRoot::load(f.root()).unwrap();
    let directory = root.directory(None).unwrap();
    let network = pinned(addr, &["www.contoso.nl", "www.newcomer.nl"]);
    let checker =
        SelfCheck::new(network, root.config.vocabulary.clone(), Some(&directory)).unwrap();
    let url = |host: &str, path: &str| format!("http://{host}:{}{path}", addr.port());

    // Contoso by id, by name alone, and a newcomer: all at once, on one checker.
    let by_id = Request {
        id: Some("contoso".into()),
        ..request(url("www.contoso.nl", "/ms"), "Contoso Learning")
    };
    let by_name = request(url("www.contoso.nl", "/ms"), "Contoso Learning");
    let newcomer = request(url("www.newcomer.nl", "/ms"), "Newcomer Training");
    let naming_a_rival = request(url("www.contoso.nl", "/partners"), "Contoso Learning");
    let (a, b, c, d) = tokio::join!(
        checker.check(&by_id),
        checker.check(&by_name),
        checker.check(&newcomer),
        checker.check(&naming_a_rival)
    );
    for r in [a.unwrap(), b.unwrap(), c.unwrap()] {
        assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
    }
    let d = d.unwrap();
    let only = d.rule(Rule::PartnerOnly).unwrap();
    assert_eq!(only.status, Status::Fail, "{d:#?}");
    assert!(
        only.message.contains("Fabrikam Academy"),
        "{}",
        only.message
    );
}

#[tokio::test]
async fn bad_requests_are_typed_with_stable_codes() {
    let checker = SelfCheck::new(NetworkSettings::default(), Default::default(), None).unwrap();
    let cases = [
        (
            request("https://contoso.com/".into(), "  "),
            "missing_partner",
        ),
        (request("contoso.com/ms".into(), "Contoso"), "invalid_url"),
        (
            request("javascript:alert(1)".into(), "Contoso"),
            "invalid_url",
        ),
        (
            Request {
                domains: vec!["https://contoso.com/x".into()],
                ..request("https://contoso.com/".into(), "Contoso")
            },
            "invalid_domain",
        ),
        (
            Request {
                id: Some("nobody".into()),
                ..request("https://contoso.com/".into(), "Contoso")
            },
            "unknown_partner",
        ),
    ];
    for (req, code) in cases {
        let err = checker.check(&req).await.unwrap_err();
        assert_eq!(err.code(), code, "{req:?}: {err}");
        assert!(!err.help().is_empty());
    }
    // Every problem at once, in the order partner, URL, domains, id (the form shows each).
    let everything = Request {
        domains: vec!["not a domain".into()],
        id: Some("nobody".into()),
        ..request("contoso.com/ms".into(), " ")
    };
    let codes: Vec<_> = checker
        .problems(&everything)
        .iter()
        .map(|e| e.code())
        .collect();
    assert_eq!(
        codes,
        [
            "missing_partner",
            "invalid_url",
            "invalid_domain",
            "unknown_partner"
        ]
    );
}
