//! The validator against a real local HTTP server serving fixture sites under many host
//! names, pinned to 127.0.0.1 the way `--resolve` does. The address guard stays on for
//! every destination that is not pinned.

use crate::common;

use common::web::{Reply, Site, landing, pinned};
use lpdir::content::Domain;
use lpdir::validate::{
    Candidate, Judge, NetworkSettings, PageReport, Place, Rival, Rule, Status, Subject, Validator,
    Verdict, Vocabulary,
};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use url::Url;

const HOSTS: &[&str] = &[
    "www.contoso.com",
    "contoso.com",
    "elsewhere.com",
    "contoso.github.io",
    "www.fabrikam.de",
    "www.cafe.fr",
    "www.ubersetzung.de",
    "www.tailspin.com",
];

fn settings(addr: SocketAddr) -> NetworkSettings {
    pinned(addr, HOSTS)
}

fn url(addr: SocketAddr, host: &str, path: &str) -> Url {
    Url::parse(&format!("http://{host}:{}{path}", addr.port())).unwrap()
}

fn subject(name: &str, domains: &[&str]) -> Subject {
    Subject {
        id: Some("subject".into()),
        name: name.into(),
        aliases: vec![],
        domains: domains.iter().map(|d| Domain::parse(d).unwrap()).collect(),
        verification_token: None,
    }
}

fn rivals() -> Vec<Rival> {
    vec![Rival {
        id: "fabrikam".into(),
        name: "Fabrikam Academy".into(),
        aliases: vec!["Fabrikam Akademie GmbH".into()],
        domains: vec![Domain::parse("fabrikam.de").unwrap()],
    }]
}

async fn check_with(settings: NetworkSettings, subject: Subject, url: Url) -> PageReport {
    let validator = Validator::new(settings, Judge::new(Vocabulary::default(), rivals())).unwrap();
    validator.check(&Candidate { subject, url }).await
}

async fn check(site: &Site, subject: Subject, host: &str, path: &str) -> (PageReport, SocketAddr) {
    let addr = site.start().await;
    (
        check_with(settings(addr), subject, url(addr, host, path)).await,
        addr,
    )
}

fn status(r: &PageReport, rule: Rule) -> Status {
    r.rule(rule).unwrap().status
}

fn message(r: &PageReport, rule: Rule) -> &str {
    &r.rule(rule).unwrap().message
}

/// Whether `rule` has evidence at `place` whose text contains `needle`.
fn evidence(r: &PageReport, rule: Rule, place: Place, needle: &str) -> bool {
    r.rule(rule)
        .unwrap()
        .evidence
        .iter()
        .any(|e| e.location == place && e.text.contains(needle))
}

fn contoso() -> Subject {
    subject("Contoso Learning", &["contoso.com"])
}

#[tokio::test]
async fn a_good_page_is_accepted_with_evidence() {
    let site = Site::default();
    site.page(
        "www.contoso.com",
        "/microsoft",
        &landing(
            "Contoso Learning",
            "<a href=\"https://www.linkedin.com/company/contoso\">LinkedIn</a>",
        ),
    );
    let (r, _) = check(&site, contoso(), "www.contoso.com", "/microsoft").await;
    assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
    assert!(evidence(
        &r,
        Rule::PartnerOwned,
        Place::Title,
        "Contoso Learning – Microsoft training"
    ));
    assert!(evidence(
        &r,
        Rule::MicrosoftThemed,
        Place::Title,
        "Microsoft"
    ));
    assert!(
        message(&r, Rule::MicrosoftThemed).contains("Azure"),
        "{}",
        message(&r, Rule::MicrosoftThemed)
    );
    assert!(message(&r, Rule::MicrosoftThemed).contains("AZ-104"));
    assert_eq!(
        r.rules.iter().map(|x| x.rule).collect::<Vec<_>>(),
        Rule::ALL
    );
}

#[tokio::test]
async fn redirects_within_the_partners_domain_pass_and_across_domains_fail() {
    let site = Site::default();
    let addr = site.start().await;
    site.route("contoso.com", "/old", Reply::Redirect("/microsoft".into()))
        .page(
            "contoso.com",
            "/microsoft",
            &landing("Contoso Learning", ""),
        )
        .route(
            "contoso.com",
            "/away",
            Reply::Redirect(url(addr, "elsewhere.com", "/page").to_string()),
        )
        .page("elsewhere.com", "/page", &landing("Contoso Learning", ""));
    let r = check_with(settings(addr), contoso(), url(addr, "contoso.com", "/old")).await;
    assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
    assert!(r.final_url.as_deref().unwrap().ends_with("/microsoft"));
    assert!(message(&r, Rule::Reachable).contains("after 1 redirect"));

    let r = check_with(settings(addr), contoso(), url(addr, "contoso.com", "/away")).await;
    assert_eq!(status(&r, Rule::PartnerOwned), Status::Fail);
    assert!(
        message(&r, Rule::PartnerOwned).contains("final URL is on elsewhere.com"),
        "{}",
        message(&r, Rule::PartnerOwned)
    );
    assert!(evidence(
        &r,
        Rule::PartnerOwned,
        Place::Url,
        "elsewhere.com"
    ));
}

#[tokio::test]
async fn windows_1252_and_gzip_pages_are_decoded() {
    let site = Site::default();
    let mut latin = Vec::new();
    latin.extend_from_slice(
        b"<html><head><title>Caf\xe9 Acad\xe9mie \x96 Microsoft</title></head><body>",
    );
    latin.extend_from_slice(
        b"<p>Azure, Power BI, Intune.</p><footer>\xa9 Caf\xe9 Acad\xe9mie</footer></body></html>",
    );
    site.route(
        "www.cafe.fr",
        "/",
        Reply::Bytes {
            content_type: "text/html; charset=windows-1252",
            encoding: None,
            body: latin,
        },
    );
    let gz = gzip(landing("Contoso Learning", "").as_bytes());
    site.route(
        "www.contoso.com",
        "/gz",
        Reply::Bytes {
            content_type: "text/html",
            encoding: Some("gzip"),
            body: gz,
        },
    );
    let addr = site.start().await;
    let r = check_with(
        settings(addr),
        subject("Café Académie", &["cafe.fr"]),
        url(addr, "www.cafe.fr", "/"),
    )
    .await;
    assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
    assert!(evidence(
        &r,
        Rule::PartnerOwned,
        Place::Title,
        "Café Académie – Microsoft"
    ));
    let r = check_with(
        settings(addr),
        contoso(),
        url(addr, "www.contoso.com", "/gz"),
    )
    .await;
    assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
}

#[tokio::test]
async fn the_size_cap_counts_decompressed_bytes() {
    let site = Site::default();
    // About 60 KB of gzip that inflates to 64 MB.
    let bomb = gzip(&vec![b' '; 64 * 1024 * 1024]);
    assert!(bomb.len() < 100_000);
    site.route(
        "www.contoso.com",
        "/bomb",
        Reply::Bytes {
            content_type: "text/html",
            encoding: Some("gzip"),
            body: bomb,
        },
    );
    site.page("www.contoso.com", "/big", &"x".repeat(2 * 1024 * 1024));
    let addr = site.start().await;
    let mut s = settings(addr);
    s.max_bytes = 1024 * 1024;
    let started = Instant::now();
    let r = check_with(s.clone(), contoso(), url(addr, "www.contoso.com", "/bomb")).await;
    assert_eq!(r.verdict, Verdict::Unreachable);
    assert_eq!(
        message(&r, Rule::Reachable),
        "the page is larger than 1048576 bytes"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let r = check_with(s, contoso(), url(addr, "www.contoso.com", "/big")).await;
    assert_eq!(
        message(&r, Rule::Reachable),
        "the page is larger than 1048576 bytes"
    );
    assert!(r.rules[1..].iter().all(|x| x.status == Status::Skip));
}

#[tokio::test]
async fn network_failures_are_unreachable_with_a_clear_reason() {
    let site = Site::default();
    site.route("www.contoso.com", "/500", Reply::Status(500))
        .route(
            "www.contoso.com",
            "/flaky",
            Reply::FlakyThen(1, landing("Contoso Learning", "")),
        )
        .route("www.contoso.com", "/loop", Reply::Redirect("/loop2".into()))
        .route("www.contoso.com", "/loop2", Reply::Redirect("/loop".into()))
        .route(
            "www.contoso.com",
            "/pdf",
            Reply::Bytes {
                content_type: "application/pdf",
                encoding: None,
                body: b"%PDF".to_vec(),
            },
        );
    for i in 0..12 {
        site.route(
            "www.contoso.com",
            &format!("/r{i}"),
            Reply::Redirect(format!("/r{}", i + 1)),
        );
    }
    let addr = site.start().await;
    let run = |path: &'static str| {
        check_with(
            settings(addr),
            contoso(),
            url(addr, "www.contoso.com", path),
        )
    };
    let expect = [
        ("/missing", "the server answered 404"),
        ("/500", "the server answered 500"),
        ("/loop", "redirect loop"),
        ("/r0", "more than 10 redirects"),
        ("/pdf", "not HTML (Content-Type: application/pdf)"),
    ];
    for (path, needle) in expect {
        let r = run(path).await;
        assert_eq!(r.verdict, Verdict::Unreachable, "{path}");
        assert!(
            message(&r, Rule::Reachable).contains(needle),
            "{path}: {}",
            message(&r, Rule::Reachable)
        );
    }
    // A 503 is retried, and the page behind it judged.
    let r = run("/flaky").await;
    assert_eq!(r.verdict, Verdict::Accepted, "{r:#?}");
    assert_eq!(
        site.requests()
            .iter()
            .filter(|p| p.ends_with("/flaky"))
            .count(),
        2
    );
}

#[tokio::test]
async fn a_server_that_drips_times_out_within_the_timeout() {
    let site = Site::default();
    site.route("www.contoso.com", "/drip", Reply::Drip);
    let addr = site.start().await;
    let mut s = settings(addr);
    s.timeout = Duration::from_secs(2);
    let started = Instant::now();
    let r = check_with(s, contoso(), url(addr, "www.contoso.com", "/drip")).await;
    assert_eq!(
        message(&r, Rule::Reachable),
        "no complete answer within 2 s"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn plain_http_needs_allow_http() {
    let site = Site::default();
    site.page("www.contoso.com", "/", &landing("Contoso Learning", ""));
    let addr = site.start().await;
    let mut s = settings(addr);
    s.allow_http = false;
    let r = check_with(s, contoso(), url(addr, "www.contoso.com", "/")).await;
    assert!(message(&r, Rule::Reachable).contains("plain http is not accepted"));
    assert!(site.requests().is_empty());
}

#[tokio::test]
async fn verification_tokens_by_meta_or_well_known_file() {
    let site = Site::default();
    let token = "tok-123456789";
    site.page(
        "www.contoso.com",
        "/meta",
        &landing("Contoso Learning", "").replace(
            "<head>",
            &format!("<head><meta name=\"learning-partner-verification\" content=\"{token}\">"),
        ),
    );
    site.page("www.tailspin.com", "/", &landing("Contoso Learning", ""));
    site.route(
        "www.tailspin.com",
        "/.well-known/learning-partner-verification.txt",
        Reply::Bytes {
            content_type: "text/plain",
            encoding: None,
            body: format!("{token}\n").into_bytes(),
        },
    );
    site.page("contoso.com", "/none", &landing("Contoso Learning", ""));
    let addr = site.start().await;
    let mut s = contoso();
    s.verification_token = Some(token.into());
    let r = check_with(
        settings(addr),
        s.clone(),
        url(addr, "www.contoso.com", "/meta"),
    )
    .await;
    assert!(
        evidence(&r, Rule::PartnerOwned, Place::VerificationMeta, token),
        "{r:#?}"
    );
    let mut t = s.clone();
    t.domains = vec![Domain::parse("tailspin.com").unwrap()];
    let r = check_with(settings(addr), t, url(addr, "www.tailspin.com", "/")).await;
    assert!(
        evidence(&r, Rule::PartnerOwned, Place::VerificationFile, token),
        "{r:#?}"
    );
    let r = check_with(settings(addr), s, url(addr, "contoso.com", "/none")).await;
    assert!(message(&r, Rule::PartnerOwned).contains("verification token is neither"));
}

/// Redirects to internal destinations are refused before connecting, and nothing reaches the
/// test's own server behind them. Only pinned names reach 127.0.0.1.
#[tokio::test]
async fn ssrf_redirects_to_internal_addresses_are_refused() {
    let site = Site::default();
    let addr = site.start().await;
    let port = addr.port();
    let targets = [
        (
            format!("http://127.0.0.1:{port}/secret"),
            "127.0.0.1 is a loopback address",
        ),
        (
            "http://localhost/secret".to_owned(),
            "`localhost` resolves to",
        ),
        (format!("http://localhost:{port}/secret"), "port"),
        ("http://[::ffff:127.0.0.1]/secret".to_owned(), "loopback"),
        (
            format!("http://[::ffff:127.0.0.1]:{port}/secret"),
            "loopback",
        ),
        (
            "http://2130706433/secret".to_owned(),
            "127.0.0.1 is a loopback address",
        ),
        (
            format!("http://0x7f.1:{port}/secret"),
            "127.0.0.1 is a loopback address",
        ),
        (
            format!("http://www.contoso.com:{}/secret", port.wrapping_add(1)),
            "pinned with --resolve for port",
        ),
    ];
    for (i, (target, _)) in targets.iter().enumerate() {
        site.route(
            "www.contoso.com",
            &format!("/r{i}"),
            Reply::Redirect(target.clone()),
        );
    }
    site.page("www.contoso.com", "/secret", "the test server's secret");
    for (i, (target, reason)) in targets.iter().enumerate() {
        let path = format!("/r{i}");
        let r = check_with(
            settings(addr),
            contoso(),
            url(addr, "www.contoso.com", &path),
        )
        .await;
        assert_eq!(r.verdict, Verdict::Unreachable, "{target}");
        let m = message(&r, Rule::Reachable);
        assert!(
            m.starts_with("blocked destination:") && m.contains(reason),
            "{target}: {m}"
        );
    }
    let secret_requests: Vec<String> = site
        .requests()
        .into_iter()
        .filter(|p| p.contains("secret"))
        .collect();
    assert!(secret_requests.is_empty(), "{secret_requests:?}");
}

#[tokio::test]
async fn a_submitted_internal_url_is_refused_too() {
    let site = Site::default();
    let addr = site.start().await;
    let mut s = settings(addr);
    s.pins.clear();
    let r = check_with(
        s,
        contoso(),
        Url::parse(&format!("http://127.0.0.1:{}/", addr.port())).unwrap(),
    )
    .await;
    assert!(message(&r, Rule::Reachable).contains("loopback"));
    assert!(site.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_two_requests_at_a_time_reach_one_host() {
    let site = Site::default();
    for i in 0..8 {
        site.route(
            "www.contoso.com",
            &format!("/p{i}"),
            Reply::Slow(landing("Contoso Learning", "")),
        );
        site.route(
            "www.tailspin.com",
            &format!("/p{i}"),
            Reply::Slow(landing("Tailspin Skills", "")),
        );
    }
    let addr = site.start().await;
    let validator =
        Validator::new(settings(addr), Judge::new(Vocabulary::default(), vec![])).unwrap();
    let mut candidates = Vec::new();
    for i in 0..8 {
        candidates.push(Candidate {
            subject: contoso(),
            url: url(addr, "www.contoso.com", &format!("/p{i}")),
        });
        let tailspin = subject("Tailspin Skills", &["tailspin.com"]);
        candidates.push(Candidate {
            subject: tailspin,
            url: url(addr, "www.tailspin.com", &format!("/p{i}")),
        });
    }
    let reports = validator.check_all(candidates, |_| {}).await;
    assert!(
        reports.iter().all(|r| r.verdict == Verdict::Accepted),
        "{reports:#?}"
    );
    // 32 pages may be fetched at once, but never more than 2 from one host.
    assert_eq!(site.max_in_flight("www.contoso.com"), 2);
    assert_eq!(site.max_in_flight("www.tailspin.com"), 2);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}
