//! lpdir fails closed: a page it fails on is rejected, saying so, and never goes missing from
//! a report, a ledger or a month's JSON; its own queue and a server's Retry-After never make a
//! verdict wrong. All against real servers on 127.0.0.1.

use crate::common;

use common::web::{Reply, Site, landing, pinned};
use common::{Fixture, output_of};
use lpdir::content::{Domain, Month};
use lpdir::validate::month::{MonthReport, Summary};
use lpdir::validate::{
    Candidate, Inspector, Judge, Rule, Status, Subject, Validator, Verdict, Vocabulary,
};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

fn subject(id: &str, name: &str, domain: &str) -> Subject {
    Subject {
        id: Some(id.into()),
        name: name.into(),
        aliases: vec![],
        domains: vec![Domain::parse(domain).unwrap()],
        verification_token: None,
    }
}

/// Panics on the page of the partner called "Crash Corp", as a bug in a rule would.
fn crashing() -> Inspector {
    Arc::new(|subject: &Subject, _doc: &lpdir::validate::Document| {
        if subject.name == "Crash Corp" {
            panic!("a rule failed");
        }
    })
}

fn assert_internal_error(report: &lpdir::validate::PageReport) {
    assert_eq!(report.verdict, Verdict::Rejected, "{report:#?}");
    assert_eq!(report.rules.len(), 5);
    for rule in &Rule::ALL[1..] {
        let r = report.rule(*rule).unwrap();
        assert_eq!(r.status, Status::Fail);
        assert!(
            r.message.contains("lpdir failed while judging this page"),
            "{}",
            r.message
        );
        assert!(r.message.contains("not a problem with the page"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_rule_rejects_its_page_and_no_entry_goes_missing() {
    let site = Site::default();
    site.page("crash.com", "/ms", &landing("Crash Corp", ""))
        .page("fine.com", "/ms", &landing("Fine Training", ""));
    let addr = site.start().await;
    let judge = Judge::new(Vocabulary::default(), vec![]).with_inspector(crashing());
    let validator = Validator::new(pinned(addr, &["crash.com", "fine.com"]), judge).unwrap();
    let candidates = vec![
        Candidate {
            subject: subject("crash", "Crash Corp", "crash.com"),
            url: format!("http://crash.com:{}/ms", addr.port())
                .parse()
                .unwrap(),
        },
        Candidate {
            subject: subject("fine", "Fine Training", "fine.com"),
            url: format!("http://fine.com:{}/ms", addr.port())
                .parse()
                .unwrap(),
        },
    ];
    let single = validator.check(&candidates[0]).await;
    assert_internal_error(&single);

    let seen = std::sync::Mutex::new(Vec::new());
    let reports = validator
        .check_all(candidates, |r| seen.lock().unwrap().push(r.partner.clone()))
        .await;
    assert_eq!(reports.len(), 2);
    assert_eq!(seen.lock().unwrap().len(), 2);
    assert_internal_error(&reports[0]);
    assert_eq!(reports[1].verdict, Verdict::Accepted, "{:#?}", reports[1]);

    // The month's JSON, as `lpdir validate --format json` prints it.
    let month: Month = "2026-11".parse().unwrap();
    let json = serde_json::to_value(MonthReport {
        month,
        summary: Summary::of(&reports),
        entries: reports,
    })
    .unwrap();
    assert_eq!(json["summary"]["rejected"], 1);
    assert_eq!(json["summary"]["accepted"], 1);
    assert_eq!(json["entries"][0]["id"], "crash");
    assert_eq!(json["entries"][0]["verdict"], "rejected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_rule_is_a_rejection_in_the_ledger_and_the_report() {
    let site = Site::default();
    site.page("crash.com", "/ms", &landing("Crash Corp", ""))
        .page("fine.com", "/ms", &landing("Fine Training", ""));
    let addr = site.start().await;
    let f = Fixture::new();
    let port = addr.port();
    f.entry(
        "2026-11",
        "crash",
        "Crash Corp",
        "NL",
        &format!("http://crash.com:{port}/ms"),
        None,
    )
    .entry(
        "2026-11",
        "fine",
        "Fine Training",
        "NL",
        &format!("http://fine.com:{port}/ms"),
        None,
    );
    let loaded = lpdir::site_root::SiteRoot::load(f.root()).unwrap();
    let options = lpdir::publish::PublishOptions {
        month: "2026-11".parse().unwrap(),
        recheck: false,
        network: pinned(addr, &["crash.com", "fine.com"]),
        output: None,
        inspector: Some(crashing()),
        rendering: Default::default(),
    };
    let outcome = lpdir::publish::run(&loaded, &options, |_| {})
        .await
        .unwrap();
    assert_eq!(outcome.summary.rejected, 1);
    assert_eq!(outcome.summary.added, 1);

    let ledger: serde_json::Value =
        serde_json::from_str(&f.read("content/published/2026-11.json")).unwrap();
    let decisions = ledger["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2, "{ledger:#}");
    let crash = decisions.iter().find(|d| d["id"] == "crash").unwrap();
    assert_eq!(crash["outcome"], "rejected");
    assert!(
        crash["rules"][1]["message"]
            .as_str()
            .unwrap()
            .contains("lpdir failed while judging this page")
    );
    let report = f.read("reports/2026-11.md");
    assert!(report.contains("Crash Corp"), "{report}");
    assert!(
        report.contains("lpdir failed while judging this page"),
        "{report}"
    );
    assert!(!report.contains("every page was accepted"), "{report}");
    let built = f.read("public/index.html");
    assert!(built.contains("Fine Training") && !built.contains("Crash Corp"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_retry_after_is_a_clear_unreachable_not_a_crash() {
    let site = Site::default();
    site.route(
        "busy.com",
        "/ms",
        Reply::Unavailable("18446744073709551615"),
    );
    let addr = site.start().await;
    let url = format!("http://busy.com:{}/ms", addr.port());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lpdir"));
    cmd.args([
        "check",
        &url,
        "--partner",
        "Busy",
        "--allow-http",
        "--format",
        "json",
        "--render",
        "never",
    ])
    .args(["--resolve", &format!("busy.com:{}:127.0.0.1", addr.port())]);
    let out = output_of(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "unreachable");
    assert!(
        report["rules"][0]["message"]
            .as_str()
            .unwrap()
            .contains("answered 503")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_for_a_host_slot_does_not_eat_a_pages_time() {
    // 12 pages on one host, 2 at a time, each answered in 0.8 s, with 2 s each: the last
    // ones wait ~4 s in lpdir's own queue, which must not count against them.
    let site = Site::default();
    let mut candidates = Vec::new();
    let addr = site.start().await;
    for i in 0..12 {
        let path = format!("/p{i}");
        site.route(
            "busy.com",
            &path,
            Reply::After(Duration::from_millis(800), landing("Busy Training", "")),
        );
        candidates.push(Candidate {
            subject: subject(&format!("p{i}"), "Busy Training", "busy.com"),
            url: format!("http://busy.com:{}{path}", addr.port())
                .parse()
                .unwrap(),
        });
    }
    let mut network = pinned(addr, &["busy.com"]);
    network.timeout = Duration::from_secs(2);
    let validator = Validator::new(network, Judge::new(Vocabulary::default(), vec![])).unwrap();
    let reports = validator.check_all(candidates, |_| {}).await;
    let verdicts: Vec<Verdict> = reports.iter().map(|r| r.verdict).collect();
    assert_eq!(verdicts, vec![Verdict::Accepted; 12], "{reports:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verification_file_shares_the_pages_time() {
    // The page takes 1.2 s and the file 1.2 s more: within 2 s for the page, too late for the
    // file. A second full timeout for the file would wrongly find the token.
    let site = Site::default();
    site.route(
        "slow.com",
        "/ms",
        Reply::After(Duration::from_millis(1200), landing("Slow Training", "")),
    )
    .route(
        "slow.com",
        "/.well-known/learning-partner-verification.txt",
        Reply::After(Duration::from_millis(1200), "lp-token-1234".into()),
    );
    let addr = site.start().await;
    let mut network = pinned(addr, &["slow.com"]);
    network.timeout = Duration::from_secs(2);
    let validator = Validator::new(network, Judge::new(Vocabulary::default(), vec![])).unwrap();
    let mut s = subject("slow", "Slow Training", "slow.com");
    s.verification_token = Some("lp-token-1234".into());
    let url: Url = format!("http://slow.com:{}/ms", addr.port())
        .parse()
        .unwrap();
    let report = validator.check(&Candidate { subject: s, url }).await;
    let owned = report.rule(Rule::PartnerOwned).unwrap();
    assert_eq!(owned.status, Status::Fail, "{report:#?}");
    assert!(owned.message.contains("token"), "{}", owned.message);
}

#[test]
fn numeric_flags_out_of_range_are_clear_usage_errors() {
    let f = Fixture::new();
    for (flag, value) in [
        ("--timeout", "0"),
        ("--timeout", "100000"),
        ("--max-bytes", "10"),
        ("--max-bytes", "99999999999999"),
    ] {
        let out = f.lpdir(&[
            "check",
            "https://contoso.com/",
            "--partner",
            "C",
            flag,
            value,
        ]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(flag) && err.contains("not in"),
            "{flag} {value}: {err}"
        );
    }
    let out = f.lpdir(&["validate", "--jobs", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--jobs"));
}
