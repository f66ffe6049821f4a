//! 130 real web pages that no one here wrote (`../shared/corpus`, see its README), judged
//! through the real fetcher from a local server: no panic, no hang, and few false positives.
//! Run with `LPDIR_CORPUS=../shared/corpus/pages cargo test --test validate corpus -- --ignored`.

use crate::common;

use common::web::{Reply, Site};
use lpdir::validate::{
    Candidate, Judge, NetworkSettings, Pin, Rule, Status, Subject, Validator, Verdict, Vocabulary,
};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs LPDIR_CORPUS pointing at ../shared/corpus/pages; .ci/run sets it"]
async fn every_real_page_is_judged_without_a_panic() {
    let dir = std::env::var("LPDIR_CORPUS").expect("set LPDIR_CORPUS to the corpus's pages folder");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 100, "{} pages in {dir}", files.len());
    let site = Site::default();
    for (i, f) in files.iter().enumerate() {
        // Served as sites serve them: raw bytes, the charset left for lpdir to find.
        site.route(
            "www.contoso.com",
            &format!("/{i}"),
            Reply::Bytes {
                content_type: "text/html",
                encoding: None,
                body: std::fs::read(f).unwrap(),
            },
        );
    }
    let addr = site.start().await;
    let network = NetworkSettings {
        allow_http: true,
        timeout: Duration::from_secs(30),
        pins: vec![Pin::new("www.contoso.com", addr.port(), addr.ip())],
        ..Default::default()
    };
    let validator = Validator::new(network, Judge::new(Vocabulary::default(), vec![])).unwrap();
    let subject = Subject {
        id: None,
        name: "Contoso Learning".into(),
        aliases: vec![],
        domains: vec![lpdir::content::Domain::parse("contoso.com").unwrap()],
        verification_token: None,
    };
    let candidates: Vec<Candidate> = (0..files.len())
        .map(|i| Candidate {
            subject: subject.clone(),
            url: format!("http://www.contoso.com:{}/{i}", addr.port())
                .parse()
                .unwrap(),
        })
        .collect();
    let reports = validator.check_all(candidates, |_| {}).await;
    assert_eq!(reports.len(), files.len());
    let fetched = reports
        .iter()
        .filter(|r| r.verdict != Verdict::Unreachable)
        .count();
    assert!(
        fetched >= files.len() - 2,
        "only {fetched} of {} pages were fetched",
        files.len()
    );
    // Every real page is within the analysis bounds: none is refused as too complex.
    let refused: Vec<&str> = reports
        .iter()
        .filter(|r| r.rules.iter().any(|x| x.message.starts_with("not judged")))
        .map(|r| r.url.as_str())
        .collect();
    assert!(refused.is_empty(), "refused as too complex: {refused:?}");
    // None of these is a Microsoft Learning Partner page, and none names Contoso.
    let accepted: Vec<&str> = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Accepted)
        .map(|r| r.url.as_str())
        .collect();
    assert!(accepted.is_empty(), "{accepted:?}");
    let themed = reports
        .iter()
        .filter(|r| r.rule(Rule::MicrosoftThemed).unwrap().status == Status::Pass)
        .count();
    assert!(
        themed <= files.len() / 20,
        "{themed} news and blog pages were judged Microsoft-themed"
    );
    let owned = reports
        .iter()
        .filter(|r| r.rule(Rule::PartnerOwned).unwrap().status == Status::Pass)
        .count();
    assert_eq!(owned, 0);
}
