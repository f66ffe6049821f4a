//! `lpdir check` and `lpdir validate` as processes: exit status, text and JSON output, the
//! monthly selection, and proxy variables being ignored.

use crate::common;

use common::Fixture;
use common::web::{Site, landing};
use std::net::SocketAddr;
use std::process::{Command, Output};

async fn lpdir(
    root: &std::path::Path,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lpdir"));
    command.args(&args).envs(env).current_dir(root);
    common::output_of(command).await
}

/// The network flags of these runs: plain http, every host pinned to the test's server, and
/// pages judged as the server sends them (rendering has its own tests, in render.rs; "auto"
/// would render only where Chromium is installed).
fn pins(addr: SocketAddr, hosts: &[&str]) -> Vec<String> {
    let mut args = ["--allow-http", "--timeout", "5", "--render", "never"]
        .map(String::from)
        .to_vec();
    for h in hosts {
        args.push("--resolve".into());
        args.push(format!("{h}:{}:127.0.0.1", addr.port()));
    }
    args
}

const HOSTS: &[&str] = &[
    "www.contoso.com",
    "www.fabrikam.de",
    "www.tailspin.com",
    "www.northwind.com",
];

async fn directory() -> (Fixture, Site, SocketAddr) {
    let site = Site::default();
    site.page(
        "www.contoso.com",
        "/microsoft",
        &landing("Contoso Learning", ""),
    )
    .page(
        "www.fabrikam.de",
        "/microsoft",
        &landing("Fabrikam Academy", "<footer>AWS Partner</footer>"),
    )
    .page(
        "www.northwind.com",
        "/microsoft",
        &landing("Northwind Training", ""),
    );
    let addr = site.start().await;
    let f = Fixture::new();
    let u = |host: &str| format!("http://{host}:{}/microsoft", addr.port());
    f.entry(
        "2026-10",
        "northwind",
        "Northwind Training",
        "GB",
        &u("www.northwind.com"),
        None,
    )
    .entry(
        "2026-11",
        "contoso",
        "Contoso Learning",
        "NL",
        &u("www.contoso.com"),
        Some("gold"),
    )
    .entry(
        "2026-11",
        "fabrikam",
        "Fabrikam Academy",
        "DE",
        &u("www.fabrikam.de"),
        None,
    )
    .entry(
        "2026-11",
        "tailspin",
        "Tailspin Skills",
        "US",
        &u("www.tailspin.com"),
        None,
    )
    .write("content/partners/2026-11/gone.yaml", "removed: true\n")
    .entry(
        "2026-10",
        "gone",
        "Gone Training",
        "GB",
        "https://gone.example.com/",
        None,
    );
    (f, site, addr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_judges_the_months_entries_in_json() {
    let (f, site, addr) = directory().await;
    let mut args: Vec<String> = ["validate", "--format", "json"].map(String::from).to_vec();
    args.extend(pins(addr, HOSTS));
    let out = lpdir(f.root(), args, vec![]).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["month"], "2026-11");
    assert_eq!(
        json["summary"],
        serde_json::json!({"accepted": 1, "rejected": 1, "unreachable": 1})
    );
    let entries = json["entries"].as_array().unwrap();
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["contoso", "fabrikam", "tailspin"],
        "month entries only, in order; removals are not crawled"
    );
    let contoso = &entries[0];
    assert_eq!(contoso["verdict"], "accepted");
    assert_eq!(contoso["partner"], "Contoso Learning");
    assert!(
        contoso["final_url"]
            .as_str()
            .unwrap()
            .ends_with("/microsoft")
    );
    let rules: Vec<&str> = contoso["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "reachable",
            "partner-owned",
            "microsoft-themed",
            "partner-only",
            "no-competitors"
        ]
    );
    let fabrikam = &entries[1]["rules"][4];
    assert_eq!(fabrikam["status"], "fail");
    assert_eq!(fabrikam["evidence"][0]["location"], "footer");
    let quote = fabrikam["evidence"][0]["text"].as_str().unwrap();
    assert!(
        quote.starts_with("AWS Partner") && !quote.contains("Teams"),
        "the quote stays in the footer: {quote}"
    );
    assert_eq!(entries[2]["verdict"], "unreachable");
    assert_eq!(entries[2]["rules"][1]["status"], "skip");
    assert!(!site.requests().iter().any(|r| r.contains("gone")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_all_covers_the_whole_directory_in_text() {
    let (f, _site, addr) = directory().await;
    let mut args: Vec<String> = ["validate", "--all"].map(String::from).to_vec();
    args.extend(pins(addr, HOSTS));
    let out = lpdir(f.root(), args, vec![]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("Northwind Training (northwind) — http://www.northwind.com:"),
        "{text}"
    );
    // For people: the verdict first, then what to change with the evidence, then the
    // passing rules in one line each.
    let rejected = text
        .find("verdict: REJECTED")
        .unwrap_or_else(|| panic!("{text}"));
    let northwind = &text[rejected..];
    let verdict = 0;
    let failing = northwind
        .find("✘ No competitors (no-competitors)\n    mentions Microsoft competitors: Amazon Web Services (1×)\n    What to change: Remove every mention")
        .unwrap_or_else(|| panic!("{northwind}"));
    let passing = northwind.find("✔ reachable").unwrap();
    assert!(verdict < failing && failing < passing, "{northwind}");
    assert!(
        northwind[failing..passing].contains("AWS"),
        "the evidence: {northwind}"
    );
    assert!(
        text.contains("2026-11: 4 pages judged: 2 accepted, 1 rejected, 1 unreachable"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colours when not on a terminal"
    );
}

/// `check` of www.contoso.com's home page, pinned to `addr`, for Contoso Learning.
fn check_contoso(addr: std::net::SocketAddr) -> Vec<String> {
    let mut args = vec![
        "check".to_owned(),
        format!("http://www.contoso.com:{}/", addr.port()),
        "--partner".into(),
        "Contoso Learning".into(),
    ];
    args.extend(pins(addr, &["www.contoso.com"]));
    args
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_ignores_proxy_variables_and_exits_zero_when_accepted() {
    let site = Site::default();
    site.page("www.contoso.com", "/", &landing("Contoso Learning", ""));
    let addr = site.start().await;
    let f = Fixture::new();
    let args = check_contoso(addr);
    // A proxy would hide the real destination from the guard: lpdir must not use one.
    let dead = "http://127.0.0.1:9".to_owned();
    let env = vec![
        ("HTTP_PROXY", dead.clone()),
        ("http_proxy", dead.clone()),
        ("HTTPS_PROXY", dead.clone()),
        ("ALL_PROXY", dead),
    ];
    let out = lpdir(f.root(), args, env).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("verdict: ACCEPTED"));
    assert!(
        text.contains(
            "✔ partner-owned     on contoso.com, the partner's own domain, and named in the title"
        ),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_with_a_directory_knows_the_other_partners() {
    let (f, site, addr) = directory().await;
    site.page(
        "www.tailspin.com",
        "/microsoft",
        &landing("Tailspin Skills", "<p>Trained with Contoso Learning.</p>"),
    );
    let mut args = vec![
        "check".to_owned(),
        format!("http://www.tailspin.com:{}/microsoft", addr.port()),
        "--partner".into(),
        "Tailspin Skills".into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(pins(addr, HOSTS));
    let out = lpdir(f.root(), args, vec![]).await;
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "rejected");
    assert_eq!(json["id"], serde_json::Value::Null);
    assert_eq!(
        json["rules"][3]["message"],
        "names other directory partners: Contoso Learning"
    );
}

#[tokio::test]
async fn check_refuses_bad_urls_with_exit_2() {
    let f = Fixture::new();
    // Each is refused for its own reason, by lpdir's URL check (not by clap's usage check).
    for (url, reason) in [
        (
            "javascript:alert(1)",
            "the URL scheme `javascript` is not allowed",
        ),
        ("http://127.0.0.1/", "an IP address"),
        ("ftp://contoso.com/", "the URL scheme `ftp` is not allowed"),
        ("contoso.com/ms", "it does not start with https://"),
    ] {
        let out = lpdir(
            f.root(),
            vec!["check".into(), url.into(), "--partner".into(), "X".into()],
            vec![],
        )
        .await;
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(reason), "{url}: {err}");
        assert!(!err.contains("Usage:"), "{url}: {err}");
    }
}

/// What `check` highlights in colour: exactly the competitors' names the rule found, even
/// right after multi-byte characters and an ellipsis, in quotes cut between words, each quote
/// once (issue 17: "…loud certification bootcamps" was marked, and quotes were repeated).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_marks_exactly_the_competitors_names() {
    let extra = "<p>Our cloud certification bootcamps: Ünïcødé…AWS, then „Google Cloud“ and \
                 Amazon Web Services (AWS) courses.</p>";
    let site = Site::default();
    site.page("www.contoso.com", "/", &landing("Contoso Learning", extra));
    let addr = site.start().await;
    let f = Fixture::new();
    let args = check_contoso(addr);
    let out = lpdir(f.root(), args, vec![("CLICOLOR_FORCE", "1".into())]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let mark = anstyle::AnsiColor::Yellow
        .on_default()
        .bold()
        .underline()
        .render()
        .to_string();
    let marked: Vec<&str> = text
        .split(mark.as_str())
        .skip(1)
        .map(|rest| rest.split("\x1b[").next().unwrap())
        .collect();
    assert_eq!(
        marked,
        ["AWS", "Google Cloud", "Amazon Web Services", "AWS"],
        "{text}"
    );
    let quotes: Vec<&str> = text.lines().filter(|l| l.contains("body:")).collect();
    assert_eq!(
        quotes.len(),
        1,
        "one quote for matches a few words apart: {text}"
    );
    assert!(
        quotes[0].contains("Our cloud certification bootcamps"),
        "{text}"
    );
}
