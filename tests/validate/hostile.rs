//! Hostile pages as large as the size cap allows, served on 127.0.0.1: each is judged (or
//! refused as too complex) instead of holding the crawl for minutes, and none is accepted by
//! accident. Timings are the benchmark's business (scripts/bench-hostile.sh), not this test's.

use crate::common;

#[path = "../../examples/landing_server/hostile.rs"]
mod pages;

use common::web::Site;
use lpdir::content::Domain;
use lpdir::page_view::{Detail, PageView};
use lpdir::validate::{
    Candidate, Judge, NetworkSettings, Pin, Subject, Validator, Verdict, Vocabulary,
};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_pages_are_judged_or_refused_never_hung_or_accepted_by_accident() {
    let site = Site::default();
    let addr = site.start().await;
    let mut candidates = Vec::new();
    for kind in pages::KINDS {
        let host = format!("{kind}.com");
        site.page(&host, "/", &pages::page(kind, 5 * 1024 * 1024));
        candidates.push(Candidate {
            subject: Subject {
                id: Some((*kind).into()),
                name: "Hostile Training".into(),
                aliases: vec![],
                domains: vec![Domain::parse(&host).unwrap()],
                verification_token: None,
            },
            url: format!("http://{host}:{}/", addr.port()).parse().unwrap(),
        });
    }
    let network = NetworkSettings {
        allow_http: true,
        // Generous: a debug build parses slowly, and this test is about outcomes.
        timeout: Duration::from_secs(120),
        pins: pages::KINDS
            .iter()
            .map(|k| Pin::new(&format!("{k}.com"), addr.port(), addr.ip()))
            .collect(),
        ..Default::default()
    };
    let validator = Validator::new(network, Judge::new(Vocabulary::default(), vec![])).unwrap();
    let reports = validator.check_all(candidates, |_| {}).await;
    assert_eq!(reports.len(), pages::KINDS.len());
    for r in &reports {
        let kind = r.id.as_deref().unwrap();
        let refused = r
            .rules
            .iter()
            .any(|x| x.message.contains("the page is too complex to judge"));
        let too_complex = matches!(
            kind,
            "deep-divs" | "heading-marquee" | "formatting" | "nested-tables" | "many-nodes"
        );
        assert_eq!(refused, too_complex, "{kind}: {r:#?}");
        assert_ne!(r.verdict, Verdict::Unreachable, "{kind}: {r:#?}");
        if too_complex {
            assert_eq!(r.verdict, Verdict::Rejected, "{kind}");
            // The partner is told to simplify the page, not each rule's general advice.
            let words = lpdir::i18n::self_check::english();
            let view = PageView::of_report(r, &words, Detail::Normal);
            assert_eq!(view.failing.len(), 4, "{kind}");
            for rule in &view.failing {
                assert_eq!(rule.fix.as_ref(), Some(&words.too_complex_fix), "{kind}");
            }
        }
    }
    let terms = reports
        .iter()
        .find(|r| r.id.as_deref() == Some("terms"))
        .unwrap();
    assert_eq!(
        terms.verdict,
        Verdict::Rejected,
        "competitors named: {terms:#?}"
    );
}
